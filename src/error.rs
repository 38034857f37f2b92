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
    /// Card JSON: text longer than the field's `string(N)` in WeChat's documents.
    TooLong,
    /// Card JSON: a value outside the field's enumeration (code_type, color, ...).
    NotOneOf,
    /// Card JSON: a JSON value of the wrong type (a number where text is needed, ...).
    WrongJsonType,
    /// Card JSON: a whole number written in quotes (WeChat: 40053).
    QuotedNumber,
    /// Card JSON: `"true"` or `"false"` in quotes (WeChat: 40053).
    QuotedBoolean,
    /// Card JSON: a number outside the field's range.
    OutOfRange,
    /// Card JSON: a list with more items than WeChat takes.
    TooManyItems,
    /// Card JSON: two fields that exclude each other (share_friends and can_share, ...).
    Conflict,
    /// Card JSON: an image not served by WeChat's media/uploadimg.
    NotUploadedImage,
    /// Card JSON: a date_info field that its type does not use (WeChat: 47001).
    DateInfoMismatch,
    /// Card JSON: a field WeChat does not know at this place (usually a typo).
    UnknownField,
    /// Card JSON: a field card/update cannot change.
    NotUpdatable,
    /// Card JSON: the same key twice in one object.
    DuplicateKey,
    /// Not JSON at all.
    InvalidJson,
    /// A datacube date not written `YYYY-MM-DD` (WeChat: 61500).
    DateFormat,
    /// A datacube date range that is reversed or longer than 62 days (WeChat: 61501).
    DateRange,
    /// An image file over the 1 MB media/uploadimg takes.
    ImageTooLarge,
    /// An image file that is not a JPG.
    ImageNotJpeg,
    /// Card JSON: a part this crate does not check (the own fields of member cards, tickets).
    NotChecked,
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
            ErrorKind::TooLong => "TOO_LONG",
            ErrorKind::NotOneOf => "NOT_ONE_OF",
            ErrorKind::WrongJsonType => "WRONG_JSON_TYPE",
            ErrorKind::QuotedNumber => "QUOTED_NUMBER",
            ErrorKind::QuotedBoolean => "QUOTED_BOOLEAN",
            ErrorKind::OutOfRange => "OUT_OF_RANGE",
            ErrorKind::TooManyItems => "TOO_MANY_ITEMS",
            ErrorKind::Conflict => "CONFLICT",
            ErrorKind::NotUploadedImage => "NOT_UPLOADED_IMAGE",
            ErrorKind::DateInfoMismatch => "DATE_INFO_MISMATCH",
            ErrorKind::UnknownField => "UNKNOWN_FIELD",
            ErrorKind::NotUpdatable => "NOT_UPDATABLE",
            ErrorKind::DuplicateKey => "DUPLICATE_KEY",
            ErrorKind::InvalidJson => "INVALID_JSON",
            ErrorKind::DateFormat => "DATE_FORMAT",
            ErrorKind::DateRange => "DATE_RANGE",
            ErrorKind::ImageTooLarge => "IMAGE_TOO_LARGE",
            ErrorKind::ImageNotJpeg => "IMAGE_NOT_JPEG",
            ErrorKind::NotChecked => "NOT_CHECKED",
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
            ErrorKind::TooLong => "is longer than WeChat accepts",
            ErrorKind::NotOneOf => "is not one of the values WeChat accepts",
            ErrorKind::WrongJsonType => "has the wrong JSON type (WeChat answers 40053 check document)",
            ErrorKind::QuotedNumber => "must be a number without quotes (WeChat answers 40053 check document)",
            ErrorKind::QuotedBoolean => "must be true or false without quotes (WeChat answers 40053 check document)",
            ErrorKind::OutOfRange => "is outside the range WeChat accepts",
            ErrorKind::TooManyItems => "has more items than WeChat accepts",
            ErrorKind::Conflict => "cannot be used together with another field set here",
            ErrorKind::NotUploadedImage => {
                "must be an image URL returned by WeChat's media/uploadimg (http://mmbiz.qpic.cn/...)"
            }
            ErrorKind::DateInfoMismatch => {
                "is not used by this date_info type (WeChat answers 47001 data format error)"
            }
            ErrorKind::UnknownField => "is not a field WeChat knows here (a misspelt field gets 40053)",
            ErrorKind::NotUpdatable => "cannot be changed by card/update: leave it out, or the whole update fails",
            ErrorKind::DuplicateKey => "appears twice in the same object",
            ErrorKind::InvalidJson => "is not valid JSON",
            ErrorKind::DateFormat => {
                "must be a date written YYYY-MM-DD, e.g. 2015-06-15 (else 61500 date format error)"
            }
            ErrorKind::DateRange => {
                "must not end before it begins nor span more than 62 days (else 61501 date range error)"
            }
            ErrorKind::ImageTooLarge => "must be at most 1 MB (the limit of media/uploadimg)",
            ErrorKind::ImageNotJpeg => "must be a JPG image (media/uploadimg takes JPG only)",
            ErrorKind::NotChecked => "is not checked here beyond its base_info and advanced_info",
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
