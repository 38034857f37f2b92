//! One error type for every rule the inputs can break.
//!
//! Messages are fixed strings, not formatted ones: the WebAssembly build stays small when
//! `core::fmt` is never reached, and a fixed message is easy to look up by its code.

use core::fmt;

/// Which rule an input broke. [`ErrorKind::code`] is stable: match on it, log it, show it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A required value is missing or empty.
    Missing,
    /// The value starts or ends with white space (the official Java sample's trailing-space bug).
    SurroundingWhitespace,
    /// The value holds a control character (a newline from a copied ticket, a NUL, ...).
    ControlCharacter,
    /// A custom code longer than the 20 characters WeChat accepts.
    CodeTooLong,
    /// A nonce_str longer than 32 characters.
    NonceTooLong,
    /// An outer_str longer than 128 bytes.
    OuterStrTooLong,
    /// Any other value longer than [`MAX_VALUE_BYTES`](crate::MAX_VALUE_BYTES).
    ValueTooLong,
    /// A timestamp that is not all ASCII digits.
    TimestampNotDigits,
    /// A timestamp with 13 digits: JavaScript's `Date.now()` milliseconds instead of seconds.
    TimestampInMilliseconds,
    /// A wx.config URL that is not an absolute `http://` or `https://` URL.
    UrlNotHttp,
    /// A card_type that is not upper-case letters and underscores (e.g. `groupon`).
    CardTypeInvalid,
    /// A signature that is not 40 lower-case hex digits.
    SignatureMalformed,
    /// The card_ext given for verification is not a JSON object.
    CardExtNotJson,
    /// The operating system's random generator failed.
    RandomUnavailable,
    /// A JavaScript or JSON input of the wrong type (an object where text is needed, ...).
    WrongType,
}

impl ErrorKind {
    /// The stable machine code, e.g. `CODE_TOO_LONG`.
    pub const fn code(self) -> &'static str {
        match self {
            ErrorKind::Missing => "MISSING",
            ErrorKind::SurroundingWhitespace => "SURROUNDING_WHITESPACE",
            ErrorKind::ControlCharacter => "CONTROL_CHARACTER",
            ErrorKind::CodeTooLong => "CODE_TOO_LONG",
            ErrorKind::NonceTooLong => "NONCE_TOO_LONG",
            ErrorKind::OuterStrTooLong => "OUTER_STR_TOO_LONG",
            ErrorKind::ValueTooLong => "VALUE_TOO_LONG",
            ErrorKind::TimestampNotDigits => "TIMESTAMP_NOT_DIGITS",
            ErrorKind::TimestampInMilliseconds => "TIMESTAMP_IN_MILLISECONDS",
            ErrorKind::UrlNotHttp => "URL_NOT_HTTP",
            ErrorKind::CardTypeInvalid => "CARD_TYPE_INVALID",
            ErrorKind::SignatureMalformed => "SIGNATURE_MALFORMED",
            ErrorKind::CardExtNotJson => "CARD_EXT_NOT_JSON",
            ErrorKind::RandomUnavailable => "RANDOM_UNAVAILABLE",
            ErrorKind::WrongType => "WRONG_TYPE",
        }
    }

    /// The rule in one English sentence, without the field's name.
    pub const fn message(self) -> &'static str {
        match self {
            ErrorKind::Missing => "is required and must not be empty",
            ErrorKind::SurroundingWhitespace => {
                "must not start or end with white space (it would be signed and break the signature)"
            }
            ErrorKind::ControlCharacter => "must not contain control characters such as newlines",
            ErrorKind::CodeTooLong => "must be at most 20 characters (WeChat limit for custom codes)",
            ErrorKind::NonceTooLong => "must be at most 32 characters",
            ErrorKind::OuterStrTooLong => "must be at most 128 bytes",
            ErrorKind::ValueTooLong => "is too long (at most 1024 bytes)",
            ErrorKind::TimestampNotDigits => "must be Unix time in seconds, digits only",
            ErrorKind::TimestampInMilliseconds => {
                "looks like milliseconds (13 digits): WeChat wants seconds, e.g. Math.floor(Date.now() / 1000)"
            }
            ErrorKind::UrlNotHttp => "must be the page's absolute http:// or https:// URL",
            ErrorKind::CardTypeInvalid => {
                "must be an upper-case card type such as GROUPON, CASH, DISCOUNT, GIFT or GENERAL_COUPON"
            }
            ErrorKind::SignatureMalformed => "must be 40 lower-case hex digits (a SHA-1)",
            ErrorKind::CardExtNotJson => "must be a JSON object in a string",
            ErrorKind::RandomUnavailable => "could not be generated: the system random source failed",
            ErrorKind::WrongType => "has the wrong type: text is needed (a whole number for timestamps)",
        }
    }
}

/// An input that breaks a rule: which field, and which rule.
///
/// Never carries the value itself, so a ticket can never leak through an error message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Error {
    kind: ErrorKind,
    field: &'static str,
    item: Option<u32>,
}

impl Error {
    /// An error for `field`. The core makes its own; this is for layers above it (bindings, CLI,
    /// server) that check their inputs with the same codes.
    pub const fn new(kind: ErrorKind, field: &'static str) -> Self {
        Error { kind, field, item: None }
    }

    /// The same error, placed at `item` of a batch.
    pub fn at_item(mut self, item: usize) -> Self {
        self.item = u32::try_from(item).ok();
        self
    }

    /// In a batch, the position (from 0) of the item with the bad input.
    pub fn item(&self) -> Option<usize> {
        self.item.map(|i| i as usize)
    }

    /// The rule broken.
    pub const fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The stable machine code, e.g. `CODE_TOO_LONG`.
    pub const fn code(&self) -> &'static str {
        self.kind.code()
    }

    /// The input field, named as WeChat names it (`api_ticket`, `code`, `nonce_str`, ...).
    pub const fn field(&self) -> &'static str {
        self.field
    }

    /// The rule in one English sentence, without the field's name.
    pub const fn message(&self) -> &'static str {
        self.kind.message()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(i) = self.item {
            write!(f, "item {i}: ")?;
        }
        write!(f, "{} {} ({})", self.field, self.message(), self.code())
    }
}

impl core::error::Error for Error {}
