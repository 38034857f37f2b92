//! Landing pages (货架): a page listing cards to get.

use serde::{Deserialize, Serialize};
use serde_json::json;

use super::api::CardClient;
use super::checks::{rejected, required, uploaded_image};
use super::error::CallError;
use super::tokens::TicketStore;
use crate::{Error, ErrorKind};

/// Where a landing page (`card/landingpage/create`) is put.
pub const LANDING_PAGE_SCENES: [&str; 7] =
    ["SCENE_NEAR_BY", "SCENE_MENU", "SCENE_QRCODE", "SCENE_ARTICLE", "SCENE_H5", "SCENE_IVR", "SCENE_CARD_CUSTOM_CELL"];

/// One card on a landing page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LandingCard {
    /// The card.
    pub card_id: String,
    /// Its picture, from `media/uploadimg`.
    pub thumb_url: String,
}

/// `card/landingpage/create`: a page (货架) listing cards to get.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LandingPage {
    /// The banner, from `media/uploadimg`.
    pub banner: String,
    /// The page's title.
    pub page_title: String,
    /// Whether the page may be shared.
    pub can_share: bool,
    /// One of [`LANDING_PAGE_SCENES`].
    pub scene: String,
    /// The cards.
    pub card_list: Vec<LandingCard>,
}

impl LandingPage {
    /// The document's rules, checked before anything is sent.
    pub fn check(&self) -> Result<(), CallError> {
        required("banner", &self.banner)?;
        uploaded_image("banner", &self.banner)?;
        required("page_title", &self.page_title)?;
        if !LANDING_PAGE_SCENES.contains(&self.scene.as_str()) {
            return Err(rejected(ErrorKind::NotOneOf, "scene"));
        }
        if self.card_list.is_empty() {
            return Err(rejected(ErrorKind::Missing, "card_list"));
        }
        for (i, card) in self.card_list.iter().enumerate() {
            let item = |e: Error| CallError::Rejected(e.at_item(i));
            crate::validate::value("card_list.card_id", &card.card_id, true).map_err(item)?;
            crate::validate::value("card_list.thumb_url", &card.thumb_url, true).map_err(item)?;
            uploaded_image("card_list.thumb_url", &card.thumb_url).map_err(|e| match e {
                CallError::Rejected(e) => item(e),
                other => other,
            })?;
        }
        Ok(())
    }
}

/// What `card/landingpage/create` answers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all(serialize = "camelCase"))]
pub struct LandingPageCreated {
    /// The page.
    pub url: String,
    /// Its id.
    #[serde(default)]
    pub page_id: u64,
}

impl<S: TicketStore> CardClient<S> {
    /// `card/landingpage/create`: a page listing cards (checked first: [`LandingPage::check`]).
    pub async fn create_landing_page(&self, page: &LandingPage) -> Result<LandingPageCreated, CallError> {
        page.check()?;
        self.call("/card/landingpage/create", &json!(page)).await
    }
}
