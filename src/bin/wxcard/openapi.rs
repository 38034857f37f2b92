//! `wxcard card quota` and `wxcard card rid`: the API's bookkeeping (`cgi-bin/openapi/...`).

use clap::Subcommand;
#[cfg(feature = "server")]
use serde_json::{json, Value};

#[cfg(feature = "server")]
use crate::card::online::{client, Problem};
use crate::card::Account;

#[derive(Subcommand)]
pub enum OpenapiCommand {
    /// Today's quota of one API (openapi/quota/get): prints {"dailyLimit","used","remain",...}.
    Quota {
        #[command(flatten)]
        account: Account,
        /// The API's path, e.g. /cgi-bin/ticket/getticket (no https://api.weixin.qq.com).
        #[arg(long)]
        cgi_path: String,
    },
    /// What WeChat recorded of a failed call (openapi/rid/get), from the rid at the end of its
    /// errmsg: prints {"invokeTime","requestUrl",...}, tokens and secrets redacted.
    Rid {
        #[command(flatten)]
        account: Account,
        /// The rid, e.g. 6582bf2e-0b5c5d7e-3bd3b3a2, or the whole errmsg that ends with it.
        #[arg(long)]
        rid: String,
    },
}

#[cfg(feature = "server")]
pub async fn answer(command: OpenapiCommand) -> Result<Value, Problem> {
    Ok(match command {
        OpenapiCommand::Quota { account, cgi_path } => json!(client(&account)?.quota(&cgi_path).await?),
        OpenapiCommand::Rid { account, rid } => {
            // An errmsg pasted whole ("invalid credential rid: ...") gives its rid.
            let rid = wxcard::server::rid_in(&rid).unwrap_or(&rid);
            json!(client(&account)?.rid(rid).await?)
        }
    })
}
