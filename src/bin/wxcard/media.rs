//! `wxcard card upload-logo`: images (`media/uploadimg`).

use clap::Subcommand;
#[cfg(feature = "server")]
use serde_json::{json, Value};

#[cfg(feature = "server")]
use crate::card::online::{client, Problem};
#[cfg(feature = "server")]
use crate::card::read;
use crate::card::Account;

#[derive(Subcommand)]
pub enum MediaCommand {
    /// Upload a JPG (at most 1 MB) with media/uploadimg: prints {"url"} for logo_url.
    UploadLogo {
        #[command(flatten)]
        account: Account,
        /// The JPG file.
        file: String,
    },
}

#[cfg(feature = "server")]
pub async fn answer(command: MediaCommand) -> Result<Value, Problem> {
    Ok(match command {
        MediaCommand::UploadLogo { account, file } => {
            let jpg = read(&file).map_err(Problem::Input)?;
            let name = std::path::Path::new(&file).file_name().and_then(|n| n.to_str()).unwrap_or("logo.jpg");
            json!({ "url": client(&account)?.upload_image(name, jpg).await? })
        }
    })
}
