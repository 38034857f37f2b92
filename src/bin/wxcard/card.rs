//! `wxcard card ...`: check a card's JSON offline, and with credentials run the seed's HelloWorld
//! from a terminal (upload the logo, create, QR code, whitelist, get, consume, decrypt, stats),
//! manage cards and codes (info, list, delete, stock, deposit, code-update, unavailable,
//! user-cards, landing-page), member cards (`wxcard card member ...`), tickets' holders
//! (`wxcard card ticket meeting|movie|boarding`), and the API's quotas and failed calls (quota, rid).
//!
//! Each API area's commands are in a file of its own, as in `src/server/` (`cards.rs`,
//! `codes.rs`, `member_cards.rs`, `ticket_cards.rs`, ...); this file holds what they share.
//!
//! Credentials come from `WXCARD_APPID` and `WXCARD_SECRET` (or `--app-id`/`--secret`), the same
//! variables the demo server reads. Calls need the `server` feature.

use clap::{Args, Subcommand};
use serde_json::Value;

/// What a card command ends with: a JSON answer (and whether it is a success), or an error line.
pub enum Outcome {
    /// Printed on stdout; `false` exits 1.
    #[cfg_attr(not(feature = "server"), allow(dead_code))]
    Answer(Value, bool),
    /// JSON text printed on stdout as it is; `false` exits 1.
    Text(String, bool),
    /// Bad input: one line on stderr, exit 2.
    Refused(String),
    /// WeChat (or the network) said no: one line on stderr, exit 1.
    #[cfg_attr(not(feature = "server"), allow(dead_code))]
    Failed(String),
}

#[derive(Subcommand)]
pub enum CardCommand {
    /// Check a card/create or card/update body offline; exit 1 when it has errors.
    Validate {
        /// The JSON file, or - for stdin.
        file: String,
    },
    #[command(flatten)]
    Media(crate::media::MediaCommand),
    #[command(flatten)]
    Cards(crate::cards::CardsCommand),
    #[command(flatten)]
    Qrcodes(crate::qrcodes::QrcodeCommand),
    #[command(flatten)]
    Codes(crate::codes::CodeCommand),
    #[command(flatten)]
    LandingPages(crate::landing_pages::LandingPageCommand),
    /// A ticket holder's seat, showing or flight, from a JSON file (checked first).
    #[command(subcommand)]
    Ticket(crate::ticket_cards::TicketCardCommand),
    /// Member cards: activate, the activation form, member data.
    #[command(subcommand)]
    Member(crate::member_cards::MemberCardCommand),
    #[command(flatten)]
    Datacube(crate::datacube::DatacubeCommand),
    #[command(flatten)]
    Openapi(crate::openapi::OpenapiCommand),
}

/// The official account to call WeChat for.
#[derive(Args)]
pub struct Account {
    /// The appid.
    #[arg(long, env = "WXCARD_APPID")]
    app_id: String,
    /// The appsecret. Prefer the environment variable.
    #[arg(long, env = "WXCARD_SECRET", hide_env_values = true)]
    secret: String,
    /// Another API host (a test double, a proxy).
    #[arg(long, env = "WXCARD_API_BASE", default_value = "https://api.weixin.qq.com")]
    api_base: String,
}

pub fn run(command: CardCommand) -> Outcome {
    match command {
        CardCommand::Validate { file } => match read(&file) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => validate(&text),
                Err(_) => Outcome::Refused(format!("{file}: not UTF-8 (WeChat takes UTF-8 only)")),
            },
            Err(e) => Outcome::Refused(e),
        },
        #[cfg(feature = "server")]
        online => online::run(online),
        #[cfg(not(feature = "server"))]
        _ => Outcome::Refused(
            "this wxcard was built without the server feature: cargo install wxcard --features cli,server".into(),
        ),
    }
}

pub fn read(file: &str) -> Result<Vec<u8>, String> {
    if file == "-" {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes).map_err(|e| format!("stdin: {e}"))?;
        return Ok(bytes);
    }
    std::fs::read(file).map_err(|e| format!("{file}: {e}"))
}

fn validate(text: &str) -> Outcome {
    let report = wxcard::validate_card_json(text);
    Outcome::Text(crate::to_json(&report), report.is_ok())
}

#[cfg(feature = "server")]
pub mod online {
    use super::*;
    use wxcard::server::{
        CallError, CardClient, ClientOptions, Credentials, ManagerOptions, MemoryStore, TicketManager, WeChatClient,
    };

    /// A JSON file read as one of WeChat's bodies; `what` names it in the error.
    pub fn body<T: serde::de::DeserializeOwned>(file: &str, what: &str) -> Result<T, Problem> {
        serde_json::from_str(&text_file(file)?).map_err(|e| Problem::Input(format!("{file}: not a {what} body ({e})")))
    }

    pub fn run(command: CardCommand) -> Outcome {
        let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
            Ok(r) => r,
            Err(e) => return Outcome::Failed(format!("cannot start: {e}")),
        };
        runtime.block_on(call(command))
    }

    pub fn client(account: &Account) -> Result<CardClient, CallError> {
        let credentials = Credentials::new(account.app_id.clone(), account.secret.clone());
        let options = ClientOptions { base_url: account.api_base.clone(), ..ClientOptions::default() };
        let client = WeChatClient::new(credentials, options)?;
        Ok(CardClient::new(TicketManager::new(client, MemoryStore::new(), ManagerOptions::default())))
    }

    async fn call(command: CardCommand) -> Outcome {
        match answer(command).await {
            Ok(value) => Outcome::Answer(value, true),
            Err(Problem::Input(line)) => Outcome::Refused(line),
            Err(Problem::Call(CallError::Rejected(e))) => Outcome::Refused(e.to_string()),
            Err(Problem::Call(e)) => Outcome::Failed(e.to_string()),
        }
    }

    pub enum Problem {
        Input(String),
        Call(CallError),
    }

    impl From<CallError> for Problem {
        fn from(e: CallError) -> Self {
            Problem::Call(e)
        }
    }

    pub fn text_file(file: &str) -> Result<String, Problem> {
        let bytes = read(file).map_err(Problem::Input)?;
        String::from_utf8(bytes).map_err(|_| Problem::Input(format!("{file}: not UTF-8 (WeChat takes UTF-8 only)")))
    }

    async fn answer(command: CardCommand) -> Result<Value, Problem> {
        match command {
            CardCommand::Validate { .. } => Err(Problem::Input("validate runs offline".into())),
            CardCommand::Media(command) => crate::media::answer(command).await,
            CardCommand::Cards(command) => crate::cards::answer(command).await,
            CardCommand::Qrcodes(command) => crate::qrcodes::answer(command).await,
            CardCommand::Codes(command) => crate::codes::answer(command).await,
            CardCommand::LandingPages(command) => crate::landing_pages::answer(command).await,
            CardCommand::Ticket(command) => crate::ticket_cards::answer(command).await,
            CardCommand::Member(command) => crate::member_cards::answer(command).await,
            CardCommand::Datacube(command) => crate::datacube::answer(command).await,
            CardCommand::Openapi(command) => crate::openapi::answer(command).await,
        }
    }
}
