//! `wxcard card qrcode`: QR codes that give cards.

use clap::Subcommand;
#[cfg(feature = "server")]
use serde_json::{json, Value};
#[cfg(feature = "server")]
use wxcard::server::QrCard;

#[cfg(feature = "server")]
use crate::card::online::{client, Problem};
use crate::card::Account;

#[derive(Subcommand)]
pub enum QrcodeCommand {
    /// card/qrcode/create for one card, or up to five: prints {"ticket","url","showQrcodeUrl"}.
    Qrcode {
        #[command(flatten)]
        account: Account,
        /// One to five card_ids; `card_id:code` gives that card a custom code (QR_MULTIPLE_CARD).
        #[arg(required = true, num_args = 1..)]
        card_ids: Vec<String>,
        /// Custom code (one card only).
        #[arg(long, default_value = "")]
        code: String,
        /// One scan gives one card, then the QR code is used up (is_unique_code; one card only).
        #[arg(long)]
        unique_code: bool,
        /// The only user who may get it (one card only).
        #[arg(long, default_value = "")]
        openid: String,
        /// Scene value reported when the card is received.
        #[arg(long, default_value = "")]
        outer_str: String,
        /// 60 to 1800; left out, the QR code works for 365 days.
        #[arg(long)]
        expire_seconds: Option<u32>,
    },
}

#[cfg(feature = "server")]
pub async fn answer(command: QrcodeCommand) -> Result<Value, Problem> {
    Ok(match command {
        QrcodeCommand::Qrcode { account, card_ids, code, unique_code, openid, outer_str, expire_seconds } => {
            if card_ids.len() > 1 && !(code.is_empty() && openid.is_empty() && !unique_code) {
                return Err(Problem::Input(
                    "--code, --openid and --unique-code go with one card_id only (several cards: card_id:code)".into(),
                ));
            }
            let cards: Vec<QrCard> = card_ids
                .into_iter()
                .map(|given| {
                    let (card_id, own_code) = given.split_once(':').unwrap_or((&given, ""));
                    QrCard {
                        card_id: card_id.into(),
                        code: if own_code.is_empty() { code.clone() } else { own_code.into() },
                        openid: openid.clone(),
                        outer_str: outer_str.clone(),
                        is_unique_code: unique_code.then_some(true),
                    }
                })
                .collect();
            json!(client(&account)?.create_qrcode(&cards, expire_seconds).await?)
        }
    })
}
