//! Images (`media/uploadimg`): the only image URLs a card may show.

use serde::Deserialize;

use super::api::CardClient;
use super::error::CallError;
use super::http::Payload;
use super::tokens::TicketStore;

impl<S: TicketStore> CardClient<S> {
    /// `media/uploadimg`: the logo or a picture; a JPG of at most 1 MB (checked here first).
    pub async fn upload_image(&self, file_name: &str, jpg: Vec<u8>) -> Result<String, CallError> {
        #[derive(Deserialize)]
        struct Uploaded {
            url: String,
        }
        crate::check_logo_image(&jpg).map_err(CallError::Rejected)?;
        let u: Uploaded = self.call("/cgi-bin/media/uploadimg", Payload::Jpg { file_name, bytes: &jpg }).await?;
        Ok(u.url)
    }
}
