//! `wxcard card landing-page`: landing pages (货架).

use clap::Subcommand;
#[cfg(feature = "server")]
use serde_json::{json, Value};
#[cfg(feature = "server")]
use wxcard::server::LandingPage;

#[cfg(feature = "server")]
use crate::card::online::{body, client, Problem};
use crate::card::Account;

#[derive(Subcommand)]
pub enum LandingPageCommand {
    /// card/landingpage/create from a JSON file (checked first): prints {"url","pageId"}.
    LandingPage {
        #[command(flatten)]
        account: Account,
        file: String,
    },
}

#[cfg(feature = "server")]
pub async fn answer(command: LandingPageCommand) -> Result<Value, Problem> {
    Ok(match command {
        LandingPageCommand::LandingPage { account, file } => {
            let page: LandingPage = body(&file, "card/landingpage/create")?;
            json!(client(&account)?.create_landing_page(&page).await?)
        }
    })
}
