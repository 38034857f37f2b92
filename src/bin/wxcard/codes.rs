//! `wxcard card get|consume|decrypt|deposit|code-update|unavailable|user-cards`: codes.

use clap::Subcommand;
#[cfg(feature = "server")]
use serde_json::{json, Value};

#[cfg(feature = "server")]
use crate::card::online::{client, Problem};
use crate::card::Account;

#[derive(Subcommand)]
pub enum CodeCommand {
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
    /// card/code/deposit (1 to 100 codes); --count: card/code/getdepositcount; --check: card/code/checkcode.
    Deposit {
        #[command(flatten)]
        account: Account,
        card_id: String,
        codes: Vec<String>,
        /// Print how many codes were imported instead.
        #[arg(long, conflicts_with = "check")]
        count: bool,
        /// Check which of the codes were imported, without importing them.
        #[arg(long)]
        check: bool,
    },
    /// card/code/update: a custom code's new value.
    CodeUpdate {
        #[command(flatten)]
        account: Account,
        code: String,
        #[arg(long)]
        card_id: String,
        #[arg(long)]
        new_code: String,
    },
    /// card/code/unavailable: makes a code unusable for good.
    Unavailable {
        #[command(flatten)]
        account: Account,
        code: String,
        #[arg(long)]
        card_id: Option<String>,
        #[arg(long, default_value = "")]
        reason: String,
    },
    /// card/user/getcardlist: a user's cards of this account (of one card with --card-id).
    UserCards {
        #[command(flatten)]
        account: Account,
        openid: String,
        #[arg(long)]
        card_id: Option<String>,
    },
}

#[cfg(feature = "server")]
pub async fn answer(command: CodeCommand) -> Result<Value, Problem> {
    Ok(match command {
        CodeCommand::Get { account, code, card_id } => {
            json!(client(&account)?.get_code(&code, card_id.as_deref()).await?)
        }
        CodeCommand::Consume { account, code, card_id, force } => {
            json!(client(&account)?.consume_code(&code, card_id.as_deref(), force).await?)
        }
        CodeCommand::Decrypt { account, encrypt_code } => {
            json!({ "code": client(&account)?.decrypt_code(&encrypt_code).await? })
        }
        CodeCommand::Deposit { account, card_id, codes, count, check } => {
            let cards = client(&account)?;
            if count {
                if !codes.is_empty() {
                    return Err(Problem::Input("--count takes no codes".into()));
                }
                json!({ "count": cards.deposit_count(&card_id).await? })
            } else if check {
                json!(cards.check_codes(&card_id, &codes).await?)
            } else {
                json!(cards.deposit_codes(&card_id, &codes).await?)
            }
        }
        CodeCommand::CodeUpdate { account, code, card_id, new_code } => {
            client(&account)?.update_code(&code, &card_id, &new_code).await?;
            json!({ "ok": true, "code": new_code })
        }
        CodeCommand::Unavailable { account, code, card_id, reason } => {
            client(&account)?.make_code_unavailable(&code, card_id.as_deref(), &reason).await?;
            json!({ "ok": true, "code": code })
        }
        CodeCommand::UserCards { account, openid, card_id } => {
            json!(client(&account)?.user_cards(&openid, card_id.as_deref()).await?)
        }
    })
}
