//! The two signing secrets, as two types so that one can never be passed for the other.
//!
//! Mixing up the card api_ticket (`getticket?type=wx_card`) and the jsapi_ticket
//! (`getticket?type=jsapi`) is the classic card-signature bug; here it does not compile.
//! Neither type prints its value: `Debug` shows `<redacted>` and there is no `Display`.

use alloc::boxed::Box;
use alloc::string::String;
use core::fmt;

use crate::error::Error;
use crate::validate;

macro_rules! secret_ticket {
    ($(#[$doc:meta])* $name:ident, $field:literal) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq)]
        pub struct $name(Box<str>);

        impl $name {
            /// Checks the ticket (not empty, no surrounding white space, no control characters).
            pub fn new(ticket: impl Into<String>) -> Result<Self, Error> {
                let ticket: String = ticket.into();
                validate::value($field, &ticket, true)?;
                Ok($name(ticket.into_boxed_str()))
            }

            /// The ticket itself, for signing and for storing. Never log it.
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

secret_ticket!(
    /// The card api_ticket (`type=wx_card`): signs card_ext and cardSign.
    ApiTicket,
    "api_ticket"
);

secret_ticket!(
    /// The jsapi_ticket (`type=jsapi`): signs wx.config.
    JsapiTicket,
    "jsapi_ticket"
);

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn tickets_are_checked_and_redacted() {
        let t = ApiTicket::new("ojZ8YtyVyr30HheH3CM73y7h4jJE").unwrap();
        assert_eq!(format!("{t:?}"), "ApiTicket(<redacted>)");
        let e = ApiTicket::new("ojZ8YtyVyr30HheH3CM73y7h4jJE ").unwrap_err();
        assert_eq!((e.code(), e.field()), ("SURROUNDING_WHITESPACE", "api_ticket"));
        assert!(!e.to_string().contains("ojZ8"));
        assert_eq!(JsapiTicket::new("").unwrap_err().field(), "jsapi_ticket");
    }
}
