//! Receiving WeChat's pushes (事件推送) at the server URL: the card events.
//!
//! WeChat POSTs every event to the URL of 服务器配置 with `signature`, `timestamp` and `nonce`
//! on the query (and `encrypt_type=aes` and `msg_signature` in safe mode). `open` does what a
//! receiver must do, in this order:
//!
//! 1. checks the signature, before reading anything from the body it does not need:
//!    `signature` in plaintext mode, `msg_signature` over the `Encrypt` text in safe and
//!    compatible mode (a safe-mode request without it is refused, naming `msg_signature`);
//! 2. in safe mode, decrypts `Encrypt` with the current EncodingAESKey, or the previous one
//!    while a key change settles, and checks that the text names the configured appid;
//! 3. parses the XML (no DTD, at most `MAX_PUSH_BYTES`) into `PushFields`, and types the
//!    card event (`CardEvent`).
//!
//! `Push::dedupe_key` then names the event for de-duplication: WeChat waits 5 seconds for an
//! answer and retries three times. The signatures alone ([`url_signature`], [`msg_signature`],
//! [`check_url`], [`check_timestamp`]) need no feature; the rest is the `events` feature.

mod signature;

pub use signature::{check_timestamp, check_url, msg_signature, url_signature, PushQuery};

#[cfg(feature = "events")]
mod crypto;
#[cfg(feature = "events")]
mod event;
#[cfg(feature = "events")]
mod receive;
#[cfg(feature = "events")]
mod xml;

#[cfg(feature = "events")]
pub use crypto::{decrypt, encrypt, EncodingAesKey};
#[cfg(feature = "events")]
pub use event::{
    CardCheck, CardCode, CardEvent, CardPayOrder, CardSkuRemind, PushHeader, UpdateMemberCard, UserConsumeCard,
    UserGetCard, UserGiftingCard, UserPayFromPayCell, UserViewCard, CARD_EVENTS,
};
#[cfg(feature = "events")]
pub use xml::{PushFields, MAX_PUSH_BYTES};

#[cfg(feature = "events")]
pub use receive::{encrypted_reply, open, Push, PushConfig, PushMode};
