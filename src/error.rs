//! One error type for every rule the inputs can break.
//!
//! Messages are fixed strings, not formatted ones: the WebAssembly build stays small when
//! `core::fmt` is never reached, and a fixed message is easy to look up by its code.

use core::fmt;

/// Defines [`ErrorKind`] from one table of name, stable code and message: the codes and their
/// sentences live in this one place.
macro_rules! simple_enum_error {
    ($(#[$meta:meta])* pub enum $kind:ident { $($(#[$doc:meta])* $name:ident = $code:literal: $message:expr,)+ }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $kind {
            $($(#[$doc])* $name,)+
        }

        impl $kind {
            /// Every kind, in the table's order.
            pub const ALL: &'static [$kind] = &[$($kind::$name,)+];

            /// The stable machine code, e.g. `CODE_TOO_LONG`.
            pub const fn code(self) -> &'static str {
                match self {
                    $($kind::$name => $code,)+
                }
            }

            /// The rule in one English sentence, without the field's name.
            pub const fn message(self) -> &'static str {
                match self {
                    $($kind::$name => $message,)+
                }
            }
        }
    };
}

simple_enum_error! {
    /// Which rule an input broke. [`ErrorKind::code`] is stable: match on it, log it, show it.
    /// [`ErrorKind::ALL`] lists every kind; the TypeScript types carry the same codes.
    pub enum ErrorKind {
        /// A required value is missing or empty.
        Missing = "MISSING": "is required and must not be empty",
        /// The value starts or ends with white space (the official Java sample's trailing-space bug).
        SurroundingWhitespace = "SURROUNDING_WHITESPACE": "must not start or end with white space (it would be signed and break the signature)",
        /// The value holds a control character (a newline from a copied ticket, a NUL, ...).
        ControlCharacter = "CONTROL_CHARACTER": "must not contain control characters such as newlines",
        /// A custom code longer than the 20 characters WeChat accepts.
        CodeTooLong = "CODE_TOO_LONG": "must be at most 20 characters (WeChat limit for custom codes)",
        /// A nonce_str longer than 32 characters.
        NonceTooLong = "NONCE_TOO_LONG": "must be at most 32 characters",
        /// An outer_str longer than 128 bytes.
        OuterStrTooLong = "OUTER_STR_TOO_LONG": "must be at most 128 bytes",
        /// Any other value longer than [`MAX_VALUE_BYTES`](crate::MAX_VALUE_BYTES).
        ValueTooLong = "VALUE_TOO_LONG": "is too long (at most 1024 bytes)",
        /// A timestamp that is not all ASCII digits.
        TimestampNotDigits = "TIMESTAMP_NOT_DIGITS": "must be Unix time in seconds, digits only",
        /// A timestamp with 13 digits: JavaScript's `Date.now()` milliseconds instead of seconds.
        TimestampInMilliseconds = "TIMESTAMP_IN_MILLISECONDS": "looks like milliseconds (13 digits): WeChat wants seconds, e.g. Math.floor(Date.now() / 1000)",
        /// A wx.config URL that is not an absolute `http://` or `https://` URL.
        UrlNotHttp = "URL_NOT_HTTP": "must be the page's absolute http:// or https:// URL",
        /// A card_type that is not upper-case letters and underscores (e.g. `groupon`).
        CardTypeInvalid = "CARD_TYPE_INVALID": "must be an upper-case card type such as GROUPON, CASH, DISCOUNT, GIFT or GENERAL_COUPON",
        /// A signature that is not 40 lower-case hex digits.
        SignatureMalformed = "SIGNATURE_MALFORMED": "must be 40 lower-case hex digits (a SHA-1)",
        /// The card_ext given for verification is not a JSON object.
        CardExtNotJson = "CARD_EXT_NOT_JSON": "must be a JSON object in a string",
        /// The operating system's random generator failed.
        RandomUnavailable = "RANDOM_UNAVAILABLE": "could not be generated: the system random source failed",
        /// A JavaScript or JSON input of the wrong type (an object where text is needed, ...).
        WrongType = "WRONG_TYPE": "has the wrong type: text is needed (a whole number for timestamps)",
        /// Card JSON: text longer than the field's `string(N)` in WeChat's documents.
        TooLong = "TOO_LONG": "is longer than WeChat accepts",
        /// Card JSON: a value outside the field's enumeration (code_type, color, ...).
        NotOneOf = "NOT_ONE_OF": "is not one of the values WeChat accepts",
        /// Card JSON: a JSON value of the wrong type (a number where text is needed, ...).
        WrongJsonType = "WRONG_JSON_TYPE": "has the wrong JSON type (WeChat answers 40053 check document)",
        /// Card JSON: a whole number written in quotes (WeChat: 40053).
        QuotedNumber = "QUOTED_NUMBER": "must be a number without quotes (WeChat answers 40053 check document)",
        /// Card JSON: `"true"` or `"false"` in quotes (WeChat: 40053).
        QuotedBoolean = "QUOTED_BOOLEAN": "must be true or false without quotes (WeChat answers 40053 check document)",
        /// Card JSON: a number outside the field's range.
        OutOfRange = "OUT_OF_RANGE": "is outside the range WeChat accepts",
        /// Card JSON: a list with more items than WeChat takes.
        TooManyItems = "TOO_MANY_ITEMS": "has more items than WeChat accepts",
        /// Card JSON: two fields that exclude each other (share_friends and can_share, ...).
        Conflict = "CONFLICT": "cannot be used together with another field set here",
        /// Card JSON: an image not served by WeChat's media/uploadimg.
        NotUploadedImage = "NOT_UPLOADED_IMAGE": "must be an image URL returned by WeChat's media/uploadimg (http://mmbiz.qpic.cn/...)",
        /// Card JSON: a date_info field that its type does not use (WeChat: 47001).
        DateInfoMismatch = "DATE_INFO_MISMATCH": "is not used by this date_info type (WeChat answers 47001 data format error)",
        /// Card JSON: a field WeChat does not know at this place (usually a typo).
        UnknownField = "UNKNOWN_FIELD": "is not a field WeChat knows here (a misspelt field gets 40053)",
        /// Card JSON: a field card/update cannot change.
        NotUpdatable = "NOT_UPDATABLE": "cannot be changed by card/update: leave it out, or the whole update fails",
        /// Card JSON: the same key twice in one object.
        DuplicateKey = "DUPLICATE_KEY": "appears twice in the same object",
        /// Not JSON at all.
        InvalidJson = "INVALID_JSON": "is not valid JSON",
        /// A datacube date not written `YYYY-MM-DD` (WeChat: 61500).
        DateFormat = "DATE_FORMAT": "must be a date written YYYY-MM-DD, e.g. 2015-06-15 (else 61500 date format error)",
        /// A datacube date range that is reversed or longer than 62 days (WeChat: 61501).
        DateRange = "DATE_RANGE": "must not end before it begins nor span more than 62 days (else 61501 date range error)",
        /// An image file over the 1 MB media/uploadimg takes.
        ImageTooLarge = "IMAGE_TOO_LARGE": "must be at most 1 MB (the limit of media/uploadimg)",
        /// An image file that is not a JPG.
        ImageNotJpeg = "IMAGE_NOT_JPEG": "must be a JPG image (media/uploadimg takes JPG only)",
        /// Card JSON: a part this crate does not check (the own fields of member cards, tickets).
        NotChecked = "NOT_CHECKED": "is not checked here beyond its base_info and advanced_info",
        /// Card JSON: a card/create of a coupon type (GROUPON, CASH, DISCOUNT, GIFT, GENERAL_COUPON),
        /// which WeChat no longer creates since 2021-04-01; a warning, existing coupons still work.
        CouponCreationClosed = "COUPON_CREATION_CLOSED": "names a coupon type, which WeChat no longer creates since 2021-04-01: create a member card or a ticket, or a WeChat Pay coupon (商家券/代金券) instead; coupons created before still update, issue and consume",
        /// A push: `signature` or `msg_signature` that the token does not produce.
        PushSignatureMismatch = "PUSH_SIGNATURE_MISMATCH": "does not match the token: the request is not from WeChat, or the token differs from the console's",
        /// A push in plaintext mode while an EncodingAESKey is configured (a downgrade).
        PushNotEncrypted = "PUSH_NOT_ENCRYPTED": "must be aes: an EncodingAESKey is configured, so plaintext pushes are refused",
        /// An EncodingAESKey that is not 43 base64 characters.
        AesKeyInvalid = "AES_KEY_INVALID": "must be the console's 43-character EncodingAESKey (letters and digits, without '=')",
        /// A safe-mode `Encrypt` that no configured key opens: not base64, not whole blocks, a
        /// bad padding byte, or a length field past the end.
        DecryptFailed = "DECRYPT_FAILED": "could not be decrypted with the EncodingAESKey (wrong key, or a damaged or truncated ciphertext)",
        /// Another official account's appid: a safe-mode text encrypted for another appid, or a page
        /// that passed another appId than the server's.
        AppidMismatch = "APPID_MISMATCH": "is another official account's appid than the one expected here",
        /// A push body that is not well-formed XML.
        XmlInvalid = "XML_INVALID": "is not well-formed XML",
        /// A push body with a DOCTYPE: entities are never declared nor expanded.
        XmlDtdRefused = "XML_DTD_REFUSED": "must not contain a DOCTYPE (entity declarations are refused)",
        /// A push body over 64 KB (`push::MAX_PUSH_BYTES`), an HTTP body over the router's limit.
        BodyTooLarge = "BODY_TOO_LARGE": "is over the 64 KB a request to this crate may be",
        /// A push whose signed `timestamp` is further from the receiver's clock than it allows:
        /// a captured push sent again later, or a server clock that is wrong.
        PushStale = "PUSH_STALE": "is too far from this server's clock: a push sent again later (a replay), or a server clock that is wrong",
        /// A page URL over `MAX_URL_BYTES` (4096 bytes).
        UrlTooLong = "URL_TOO_LONG": "is too long (at most 4096 bytes)",
        /// An API path (`openapi/quota/get`'s `cgi_path`) that does not start with `/`, or a
        /// whole URL instead of its path (WeChat: 76003 or 76021).
        ApiPathFormat = "API_PATH_FORMAT": "must be an API path such as /cgi-bin/ticket/getticket, not a whole URL (else 76021 cgi_path not found)",
        /// A WeChat Pay key (APIv2 or APIv3) that is not 32 visible ASCII characters.
        PayKeyInvalid = "PAY_KEY_INVALID": "must be the merchant platform's 32-character key (账户中心 > API安全), without white space",
        /// A 商家券 stock_id that is not 1-20 letters or digits.
        StockIdInvalid = "STOCK_ID_INVALID": "must be a 商家券 batch id: 1 to 20 ASCII letters or digits",
        /// An out_request_no that is not 1-128 letters or digits.
        OutRequestNoInvalid = "OUT_REQUEST_NO_INVALID": "must be 1 to 128 ASCII letters or digits",
        /// A WeChat Pay merchant id (send_coupon_merchant, create_coupon_merchant) not of 8-15 digits.
        MerchantIdInvalid = "MERCHANT_ID_INVALID": "must be a WeChat Pay merchant id: 8 to 15 digits",
        /// An open_id that is not 1-128 visible ASCII characters.
        OpenIdInvalid = "OPEN_ID_INVALID": "must be the user's openid: 1 to 128 visible ASCII characters",
        /// A merchant-assigned coupon_code that is not 1-32 letters, digits, '-' or '_'.
        CouponCodeInvalid = "COUPON_CODE_INVALID": "must be 1 to 32 ASCII letters, digits, '-' or '_'",
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

impl Error {
    /// `field rule (CODE)`: the whole sentence, without the batch position. Written without
    /// `core::fmt`, which the wasm module does without.
    pub(crate) fn sentence(&self) -> alloc::string::String {
        [self.field, " ", self.message(), " (", self.code(), ")"].concat()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(i) = self.item {
            write!(f, "item {i}: ")?;
        }
        f.write_str(&self.sentence())
    }
}

impl core::error::Error for Error {}

/// `{code, field, message, item?}`: `message` is the whole sentence, field and code included.
#[cfg(feature = "serde")]
impl serde::Serialize for Error {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut out = s.serialize_struct("Error", 4)?;
        out.serialize_field("code", self.code())?;
        out.serialize_field("field", self.field())?;
        out.serialize_field("message", &self.sentence())?;
        match self.item {
            Some(item) => out.serialize_field("item", &item)?,
            None => out.skip_field("item")?,
        }
        out.end()
    }
}
