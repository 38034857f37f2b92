//! `wxcard card create|update|whitelist|info|list|delete|stock`: cards.

use clap::Subcommand;
#[cfg(feature = "server")]
use serde_json::{json, Value};
#[cfg(feature = "server")]
use wxcard::server::CardStatus;

#[cfg(feature = "server")]
use crate::card::online::{client, text_file, Problem};
use crate::card::Account;

#[derive(Subcommand)]
pub enum CardsCommand {
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
    /// card/get: the whole card, as WeChat sends it.
    Info {
        #[command(flatten)]
        account: Account,
        card_id: String,
    },
    /// card/batchget: prints {"cardIdList","totalNum"}.
    List {
        #[command(flatten)]
        account: Account,
        #[arg(long, default_value_t = 0)]
        offset: u32,
        /// 1 to 50.
        #[arg(long, default_value_t = 50)]
        count: u32,
        /// CARD_STATUS_NOT_VERIFY, _VERIFY_FAIL, _VERIFY_OK, _DELETE or _DISPATCH (repeatable).
        #[arg(long)]
        status: Vec<String>,
    },
    /// card/delete.
    Delete {
        #[command(flatten)]
        account: Account,
        card_id: String,
    },
    /// card/modifystock: add to or take from the stock.
    Stock {
        #[command(flatten)]
        account: Account,
        card_id: String,
        #[arg(long, default_value_t = 0)]
        increase: u64,
        #[arg(long, default_value_t = 0)]
        reduce: u64,
    },
    /// card/paycell/set: paying through the card (买单) on, or off with --off.
    Paycell {
        #[command(flatten)]
        account: Account,
        card_id: String,
        #[arg(long)]
        off: bool,
    },
}

#[cfg(feature = "server")]
pub async fn answer(command: CardsCommand) -> Result<Value, Problem> {
    Ok(match command {
        CardsCommand::Create { account, file } => {
            json!({ "cardId": client(&account)?.create_card_json(&text_file(&file)?).await? })
        }
        CardsCommand::Update { account, file } => {
            json!({ "sendCheck": client(&account)?.update_card_json(&text_file(&file)?).await? })
        }
        CardsCommand::Whitelist { account, openid, username } => {
            client(&account)?.set_test_whitelist(&openid, &username).await?;
            json!({ "ok": true, "openid": openid, "username": username })
        }
        CardsCommand::Info { account, card_id } => client(&account)?.get_card(&card_id).await?,
        CardsCommand::List { account, offset, count, status } => {
            let statuses = status
                .iter()
                .map(|s| CardStatus::parse(s).ok_or_else(|| Problem::Input(format!("--status {s}: not a card status (CARD_STATUS_NOT_VERIFY, _VERIFY_FAIL, _VERIFY_OK, _DELETE, _DISPATCH)"))))
                .collect::<Result<Vec<_>, _>>()?;
            json!(client(&account)?.batch_get_cards(offset, count, &statuses).await?)
        }
        CardsCommand::Delete { account, card_id } => {
            client(&account)?.delete_card(&card_id).await?;
            json!({ "ok": true, "cardId": card_id })
        }
        CardsCommand::Stock { account, card_id, increase, reduce } => {
            client(&account)?.modify_stock(&card_id, increase, reduce).await?;
            json!({ "ok": true, "cardId": card_id, "increase": increase, "reduce": reduce })
        }
        CardsCommand::Paycell { account, card_id, off } => {
            client(&account)?.set_paycell(&card_id, !off).await?;
            json!({ "ok": true, "cardId": card_id, "isOpen": !off })
        }
    })
}
