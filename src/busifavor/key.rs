//! The WeChat Pay keys, as secret types like the tickets: `Debug` shows `<redacted>`, there is
//! no `Display` and no serde, so a key can reach no output, log or error.
//!
//! Two types so that the APIv3 key (AES-GCM of APIv3 callbacks) cannot sign a V2 form: the
//! diagnosis takes it only to say that it was used by mistake.

use alloc::boxed::Box;
use alloc::string::String;
use core::fmt;

use crate::error::{Error, ErrorKind};

/// A key is 32 visible ASCII characters (the merchant platform's 账户中心 > API安全).
pub(crate) const PAY_KEY_LEN: usize = 32;

/// Whether `key` has the shape of a WeChat Pay key.
pub(crate) fn is_pay_key(key: &str) -> bool {
    key.len() == PAY_KEY_LEN && key.bytes().all(|b| b.is_ascii_graphic())
}

macro_rules! pay_key {
    ($(#[$doc:meta])* $name:ident, $field:literal) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq)]
        pub struct $name(Box<str>);

        impl $name {
            /// Checks the key: 32 visible ASCII characters (`PAY_KEY_INVALID` otherwise; the
            /// error never quotes it).
            pub fn new(key: impl Into<String>) -> Result<Self, Error> {
                let key: String = key.into();
                if key.is_empty() {
                    return Err(Error::new(ErrorKind::Missing, $field));
                }
                if !is_pay_key(&key) {
                    return Err(Error::new(ErrorKind::PayKeyInvalid, $field));
                }
                Ok($name(key.into_boxed_str()))
            }

            /// The key itself, for signing. Never log it.
            pub fn expose_secret(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!(stringify!($name), "(<redacted>)"))
            }
        }
    };
}

pay_key!(
    /// The APIv2 key (API密钥): signs the 商家券 H5 link, the plugin's and wx.addCard's forms.
    ApiV2Key,
    "key"
);

pay_key!(
    /// The APIv3 key (APIv3密钥): never signs a page form; the diagnosis takes it to recognise
    /// a signature made with it by mistake.
    ApiV3Key,
    "api_v3_key"
);

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn keys_are_checked_and_redacted() {
        let k = ApiV2Key::new("192006250b4c09247ec02edce69f6a2d").unwrap();
        assert_eq!(format!("{k:?}"), "ApiV2Key(<redacted>)");
        let e = ApiV2Key::new("192006250b4c09247ec02edce69f6a2d ").unwrap_err();
        assert_eq!((e.code(), e.field()), ("PAY_KEY_INVALID", "key"));
        assert!(!e.to_string().contains("1920"));
        assert_eq!(ApiV2Key::new("").unwrap_err().code(), "MISSING");
        assert_eq!(ApiV3Key::new("short").unwrap_err().field(), "api_v3_key");
        assert!(ApiV2Key::new("exposed_your_key_here_have_risks").is_ok());
        assert!(ApiV2Key::new("密钥密钥密钥密钥密钥密").is_err());
    }
}
