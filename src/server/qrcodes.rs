//! QR codes (投放): a QR code that gives one card, or up to five.

use serde::{Deserialize, Serialize};
use serde_json::json;

use super::api::CardClient;
use super::error::CallError;
use super::tokens::TicketStore;
use crate::{Error, ErrorKind};

/// One card in a QR code.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QrCard {
    /// The card.
    pub card_id: String,
    /// A custom code (use_custom_code cards), at most 20 characters.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub code: String,
    /// The only user who may get it (bind_openid cards).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub openid: String,
    /// One scan gives one card, then the code expires.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_unique_code: Option<bool>,
    /// Scene value, reported in the "user got card" event.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub outer_str: String,
}

/// The most cards one `QR_MULTIPLE_CARD` code holds.
pub const MAX_QR_CARDS: usize = 5;

/// What `card/qrcode/create` answers.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all(serialize = "camelCase"))]
pub struct QrCode {
    /// Exchange it for the image at showqrcode.
    pub ticket: String,
    /// What the QR code encodes: make your own image from it.
    pub url: String,
    /// A page that shows the QR code.
    pub show_qrcode_url: String,
    /// Seconds the code lasts, when it expires.
    #[serde(default)]
    pub expire_seconds: Option<u64>,
}

impl<S: TicketStore> CardClient<S> {
    /// `card/qrcode/create`: one card (`QR_CARD`, with `expire_seconds` from 60 to 1800; left
    /// out, the code works for 365 days) or up to five (`QR_MULTIPLE_CARD`).
    pub async fn create_qrcode(&self, cards: &[QrCard], expire_seconds: Option<u32>) -> Result<QrCode, CallError> {
        let reject = |kind, field| Err(CallError::Rejected(Error::new(kind, field)));
        if cards.is_empty() {
            return reject(ErrorKind::Missing, "card_id");
        }
        if cards.len() > MAX_QR_CARDS {
            return reject(ErrorKind::TooManyItems, "card_list");
        }
        if expire_seconds.is_some_and(|s| !(60..=1800).contains(&s)) {
            return reject(ErrorKind::OutOfRange, "expire_seconds");
        }
        for card in cards {
            crate::validate::value("card_id", &card.card_id, true).map_err(CallError::Rejected)?;
            crate::validate::code("code", &card.code).map_err(CallError::Rejected)?;
            crate::validate::value("openid", &card.openid, false).map_err(CallError::Rejected)?;
            crate::validate::outer_str("outer_str", &card.outer_str).map_err(CallError::Rejected)?;
        }
        let mut body = match cards {
            [one] => json!({ "action_name": "QR_CARD", "action_info": { "card": one } }),
            many => {
                json!({ "action_name": "QR_MULTIPLE_CARD", "action_info": { "multiple_card": { "card_list": many } } })
            }
        };
        if let (Some(seconds), Some(obj)) = (expire_seconds, body.as_object_mut()) {
            obj.insert("expire_seconds".into(), json!(seconds));
        }
        self.call("/card/qrcode/create", &body).await
    }
}
