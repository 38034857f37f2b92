//! `wxcard card stats`: statistics (datacube).

use clap::{Subcommand, ValueEnum};
#[cfg(feature = "server")]
use serde_json::{json, Value};
#[cfg(feature = "server")]
use wxcard::server::CardSource;

#[cfg(feature = "server")]
use crate::card::online::{client, Problem};
use crate::card::Account;

#[derive(Subcommand)]
pub enum DatacubeCommand {
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

#[derive(Clone, Copy, ValueEnum)]
pub enum Source {
    /// Created through the API.
    Api,
    /// Created on the official account platform.
    Platform,
}

#[cfg(feature = "server")]
pub async fn answer(command: DatacubeCommand) -> Result<Value, Problem> {
    Ok(match command {
        DatacubeCommand::Stats { account, begin, end, card_id, source } => {
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
