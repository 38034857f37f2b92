//! `wxcard card ...`: check a card's JSON offline, and with credentials run the seed's HelloWorld
//! from a terminal (upload the logo, create, QR code, whitelist, get, consume, decrypt, stats).
//!
//! Credentials come from `WXCARD_APPID` and `WXCARD_SECRET` (or `--app-id`/`--secret`), the same
//! variables the demo server reads. Calls need the `server` feature.

use clap::{Args, Subcommand, ValueEnum};
#[cfg(feature = "server")]
use serde_json::json;
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
    /// Upload a JPG (at most 1 MB) with media/uploadimg: prints {"url"} for logo_url.
    UploadLogo {
        #[command(flatten)]
        account: Account,
        /// The JPG file.
        file: String,
    },
    /// card/create from a JSON file (checked first): prints {"cardId"}.
    Create {
        #[command(flatten)]
        account: Account,
        file: String,
    },
    /// card/update from a JSON file (checked first): prints {"sendCheck"}.
    Update {
        #[command(flatten)]
        account: Account,
        file: String,
    },
    /// card/qrcode/create for one card, or up to five: prints {"ticket","url","showQrcodeUrl"}.
    Qrcode {
        #[command(flatten)]
        account: Account,
        /// One to five card_ids.
        #[arg(required = true, num_args = 1..)]
        card_ids: Vec<String>,
        /// Custom code (one card only).
        #[arg(long, default_value = "")]
        code: String,
        /// The only user who may get it (one card only).
        #[arg(long, default_value = "")]
        openid: String,
        /// Scene value reported when the card is received.
        #[arg(long, default_value = "")]
        outer_str: String,
        /// 60 to 1800; default: the code does not expire.
        #[arg(long)]
        expire_seconds: Option<u32>,
    },
    /// card/testwhitelist/set: who may get cards not yet approved.
    Whitelist {
        #[command(flatten)]
        account: Account,
        /// An openid (repeatable).
        #[arg(long)]
        openid: Vec<String>,
        /// A WeChat ID, 微信号 (repeatable).
        #[arg(long)]
        username: Vec<String>,
    },
    /// card/code/get: the state of a code.
    Get {
        #[command(flatten)]
        account: Account,
        code: String,
        #[arg(long)]
        card_id: Option<String>,
    },
    /// card/code/get, then card/code/consume if the code can be consumed.
    Consume {
        #[command(flatten)]
        account: Account,
        code: String,
        #[arg(long)]
        card_id: Option<String>,
        /// Consume without asking card/code/get first.
        #[arg(long)]
        force: bool,
    },
    /// card/code/decrypt: the code behind an encrypt_code from a custom URL.
    Decrypt {
        #[command(flatten)]
        account: Account,
        encrypt_code: String,
    },
    /// datacube statistics by day (at most 62 days): the account's, or one card's.
    Stats {
        #[command(flatten)]
        account: Account,
        /// First day, YYYY-MM-DD.
        #[arg(long)]
        begin: String,
        /// Last day, YYYY-MM-DD.
        #[arg(long)]
        end: String,
        /// Per card (datacube/getcardcardinfo); with an id, that card only.
        #[arg(long, num_args = 0..=1, default_missing_value = "")]
        card_id: Option<String>,
        /// Cards created through the API or on the platform.
        #[arg(long, value_enum, default_value = "api")]
        source: Source,
    },
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

#[derive(Clone, Copy, ValueEnum)]
pub enum Source {
    /// Created through the API.
    Api,
    /// Created on the official account platform.
    Platform,
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

fn read(file: &str) -> Result<Vec<u8>, String> {
    if file == "-" {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes).map_err(|e| format!("stdin: {e}"))?;
        return Ok(bytes);
    }
    std::fs::read(file).map_err(|e| format!("{file}: {e}"))
}

fn validate(text: &str) -> Outcome {
    use wxcard::ToJson;
    let report = wxcard::validate_card_json(text);
    Outcome::Text(report.to_json(), report.is_ok())
}

#[cfg(feature = "server")]
mod online {
    use super::*;
    use wxcard::server::{
        CallError, CardClient, CardSource, ClientOptions, Credentials, ManagerOptions, MemoryStore, QrCard,
        TicketManager, WeChatClient,
    };

    pub fn run(command: CardCommand) -> Outcome {
        let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
            Ok(r) => r,
            Err(e) => return Outcome::Failed(format!("cannot start: {e}")),
        };
        runtime.block_on(call(command))
    }

    fn client(account: &Account) -> Result<CardClient, CallError> {
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

    enum Problem {
        Input(String),
        Call(CallError),
    }

    impl From<CallError> for Problem {
        fn from(e: CallError) -> Self {
            Problem::Call(e)
        }
    }

    fn text_file(file: &str) -> Result<String, Problem> {
        let bytes = read(file).map_err(Problem::Input)?;
        String::from_utf8(bytes).map_err(|_| Problem::Input(format!("{file}: not UTF-8 (WeChat takes UTF-8 only)")))
    }

    async fn answer(command: CardCommand) -> Result<Value, Problem> {
        Ok(match command {
            CardCommand::Validate { .. } => return Err(Problem::Input("validate runs offline".into())),
            CardCommand::UploadLogo { account, file } => {
                let jpg = read(&file).map_err(Problem::Input)?;
                let name = std::path::Path::new(&file).file_name().and_then(|n| n.to_str()).unwrap_or("logo.jpg");
                json!({ "url": client(&account)?.upload_image(name, jpg).await? })
            }
            CardCommand::Create { account, file } => {
                json!({ "cardId": client(&account)?.create_card_json(&text_file(&file)?).await? })
            }
            CardCommand::Update { account, file } => {
                json!({ "sendCheck": client(&account)?.update_card_json(&text_file(&file)?).await? })
            }
            CardCommand::Qrcode { account, card_ids, code, openid, outer_str, expire_seconds } => {
                if card_ids.len() > 1 && !(code.is_empty() && openid.is_empty()) {
                    return Err(Problem::Input("--code and --openid go with one card_id only".into()));
                }
                let cards: Vec<QrCard> = card_ids
                    .into_iter()
                    .map(|card_id| QrCard {
                        card_id,
                        code: code.clone(),
                        openid: openid.clone(),
                        outer_str: outer_str.clone(),
                        is_unique_code: None,
                    })
                    .collect();
                let qr = client(&account)?.create_qrcode(&cards, expire_seconds).await?;
                json!({ "ticket": qr.ticket, "url": qr.url, "showQrcodeUrl": qr.show_qrcode_url, "expireSeconds": qr.expire_seconds })
            }
            CardCommand::Whitelist { account, openid, username } => {
                client(&account)?.set_test_whitelist(&openid, &username).await?;
                json!({ "ok": true, "openid": openid, "username": username })
            }
            CardCommand::Get { account, code, card_id } => {
                let info = client(&account)?.get_code(&code, card_id.as_deref()).await?;
                json!({
                    "cardId": info.card_id, "openid": info.openid, "canConsume": info.can_consume,
                    "userCardStatus": info.user_card_status,
                })
            }
            CardCommand::Consume { account, code, card_id, force } => {
                let done = client(&account)?.consume_code(&code, card_id.as_deref(), force).await?;
                json!({ "cardId": done.card_id, "openid": done.openid })
            }
            CardCommand::Decrypt { account, encrypt_code } => {
                json!({ "code": client(&account)?.decrypt_code(&encrypt_code).await? })
            }
            CardCommand::Stats { account, begin, end, card_id, source } => {
                let source = match source {
                    Source::Api => CardSource::Api,
                    Source::Platform => CardSource::Platform,
                };
                let cards = client(&account)?;
                match card_id {
                    None => json!(cards.account_stats(&begin, &end, source).await?),
                    Some(id) => {
                        let id = Some(id.as_str()).filter(|id| !id.is_empty());
                        json!(cards.card_stats(&begin, &end, source, id).await?)
                    }
                }
            }
        })
    }
}
