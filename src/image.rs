//! Image files checked before `media/uploadimg`, which gives the URLs a card's logo and pictures
//! must use.

use crate::error::{Error, ErrorKind};

/// The largest image `media/uploadimg` takes.
pub const MAX_LOGO_BYTES: usize = 1024 * 1024;

/// Checks an image file before `media/uploadimg`: a JPG of at most 1 MB.
pub fn check_logo_image(bytes: &[u8]) -> Result<(), Error> {
    if bytes.len() > MAX_LOGO_BYTES {
        return Err(Error::new(ErrorKind::ImageTooLarge, "buffer"));
    }
    if !bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Err(Error::new(ErrorKind::ImageNotJpeg, "buffer"));
    }
    Ok(())
}
