//! Sign, verify and diagnose the WeChat Card (微信卡券) JS-SDK signatures, right to the byte: the
//! `card_ext` of `wx.addCard` ([`sign_card_ext`], [`verify_card_ext`]), the `cardSign` of
//! `wx.chooseCard` ([`sign_choose_card`]) and the `wx.config` signature ([`sign_jsapi_config`]).
//! Say *why* WeChat answered "签名错误" ([`diagnose_card_ext`], [`diagnose_choose_card`]), gate on
//! the WeChat version ([`parse_user_agent`]: cards need 6.0.2), read the parameters WeChat appends
//! to a card's custom URL ([`parse_card_redirect`]), check a `card/create` or `card/update` body
//! ([`validate_card_json`]), and explain WeChat's error codes ([`explain_errcode`]).
//!
//! The `api_ticket` and the `jsapi_ticket` are server secrets: a phone page gets signatures from
//! its server, never a ticket. [`ApiTicket`] and [`JsapiTicket`] are different types (signing a
//! card with the jsapi_ticket, the classic mix-up, does not compile) and print as `<redacted>`.
//!
//! ```
//! use wxcard::{sign_card_ext, verify_card_ext, ApiTicket, CardExtParams};
//!
//! let ticket = ApiTicket::new("ojZ8YtyVyr30HheH3CM73y7h4jJE")?;
//! let card = sign_card_ext(&ticket, &CardExtParams {
//!     card_id: "pjZ8Yt1XGILfi-FUsewpnnolGgZk".into(),
//!     code: "1434008071".into(),
//!     timestamp: Some(1404896688), // None: now
//!     nonce_str: Some("123".into()),      // None: 16 random letters and digits from the OS CSPRNG
//!     ..Default::default()
//! })?;
//! assert_eq!(card.signature.as_str(), "f137ab68b7f8112d20ee528ab6074564e2796250");
//! // wx.addCard({ cardList: [{ cardId: card.card_id, cardExt: card.card_ext }] }): cardExt is a JSON *string*.
//! assert!(verify_card_ext(&ticket, &card.card_id, &card.card_ext)?);
//! # Ok::<(), wxcard::Error>(())
//! ```
//!
//! Bad input is an [`Error`] with a stable [`code`](Error::code) and the [`field`](Error::field)
//! it concerns, never a signature WeChat would refuse later, and never a panic: a panic inside
//! WebAssembly would kill the module for the whole page.
//!
//! ```
//! use wxcard::{sign_card_ext, ApiTicket, CardExtParams};
//!
//! // The official Java sample's bug: a trailing space on the ticket.
//! let e = ApiTicket::new("ojZ8YtyVyr30HheH3CM73y7h4jJE ").unwrap_err();
//! assert_eq!((e.code(), e.field()), ("SURROUNDING_WHITESPACE", "api_ticket"));
//!
//! let ticket = ApiTicket::new("ojZ8YtyVyr30HheH3CM73y7h4jJE").unwrap();
//! let e = sign_card_ext(&ticket, &CardExtParams {
//!     card_id: "pjZ8Yt1XGILfi-FUsewpnnolGgZk".into(),
//!     timestamp: Some(1404896688000), // Date.now(): milliseconds
//!     ..Default::default()
//! }).unwrap_err();
//! assert_eq!(e.code(), "TIMESTAMP_IN_MILLISECONDS");
//! ```
//!
//! WeChat Pay 商家券 from pages: [`sign_busifavor_h5`], [`sign_busifavor_plugin`],
//! [`sign_busifavor_add_card`] (APIv2 HMAC-SHA256 with an [`ApiV2Key`]) and
//! [`diagnose_busifavor`] (docs/coupons.md).
//!
//! Also: [`sign_card_ext_batch`] (several cards, one timestamp), the constant-time `verify_*`
//! functions, [`sorted_sha1`] (the card signature primitive), [`strip_card_params`],
//! [`supports_cards`], [`generate_nonce`].
//!
//! # Features
//!
//! - default: everything above, with `sha1`, `subtle` and `getrandom` as the only dependencies.
//! - `server`: the `server` module, for merchant back ends: the card endpoints as an axum
//!   router, a ticket manager that keeps the access_token and both tickets valid, and a client
//!   for the card management calls (`card/create`, QR codes, consuming codes, statistics).
//! - `redis`: a Redis ticket store shared by several server instances.
//! - `cli`: the `wxcard` command; `demo`: the `wxcard-demo` server.
//! - `wasm`, `wasm-full`: the wasm-bindgen exports of the npm package (on
//!   `wasm32-unknown-unknown` only).
//!
//! The repository's `docs/` folder walks through each of them (`rust.md`, `server.md`,
//! `cards.md`, `cli.md`, `npm.md`) and recomputes every published test vector (`vectors.md`).
#![warn(missing_docs)]
#![forbid(unsafe_code)]
// No panic is reachable from the public API: a panic inside WebAssembly kills the module for the
// whole page. Errors are returned instead (tests may unwrap).
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::unreachable,
        clippy::todo,
        clippy::unimplemented
    )
)]
// The npm package's own wasm module does without std: a smaller module. scripts/build-pkg.sh
// builds it with `--cfg wxcard_npm_module`; every other build, wasm tests and crates that depend
// on wxcard included, has std and its allocator.
#![cfg_attr(all(wxcard_npm_module, target_arch = "wasm32", any(target_os = "unknown", target_os = "none")), no_std)]

extern crate alloc;
#[cfg(all(test, target_arch = "wasm32", target_os = "unknown"))]
#[macro_use]
extern crate std;

// Not in the phone module (the npm package's `wasm` build without `wasm-full`): it never signs,
// and the link's encoding alone, though unreachable there, changed how its parsers compiled
// (74 bytes more).
#[cfg(not(all(wxcard_npm_module, not(feature = "wasm-full"))))]
mod busifavor;
mod card;
mod clock;
mod datacube;
#[cfg(feature = "serde")]
mod de;
mod diagnose;
#[cfg(doctest)]
mod doc_tests;
mod encoding;
mod errcode;
mod error;
#[cfg(any(
    all(feature = "wasm", target_arch = "wasm32", any(target_os = "unknown", target_os = "none")),
    feature = "test-hooks"
))]
mod exports;
mod image;
mod json;
mod nonce;
pub mod push;
mod redirect;
#[cfg(all(feature = "server", not(target_arch = "wasm32")))]
pub mod server;
mod severity;
mod sign;
mod symptoms;
mod ticket;
mod ua;
mod validate;
#[cfg(all(feature = "wasm", target_arch = "wasm32", any(target_os = "unknown", target_os = "none")))]
mod wasm;

/// The npm package's wasm module's allocator (`--cfg wxcard_npm_module`, never set for a crate
/// that depends on wxcard: that crate's own allocator is the one used).
#[cfg(all(wxcard_npm_module, target_arch = "wasm32", any(target_os = "unknown", target_os = "none")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// The npm package's wasm module's panic handler. Every public function returns errors instead
/// of panicking; should one ever be reached, it traps without formatting a message (which would
/// cost more than the rest of the module).
#[cfg(all(wxcard_npm_module, target_arch = "wasm32", any(target_os = "unknown", target_os = "none")))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}

#[cfg(not(all(wxcard_npm_module, not(feature = "wasm-full"))))]
pub use busifavor::{
    check_busifavor_h5, check_busifavor_plugin, diagnose_busifavor, explain_pay_result, pay_v2_string_masked,
    sign_busifavor_add_card, sign_busifavor_h5, sign_busifavor_plugin, sign_pay_v2, verify_busifavor_h5,
    verify_busifavor_plugin, ApiV2Key, ApiV3Key, BusifavorCall, BusifavorCard, BusifavorCardList, BusifavorCoupon,
    BusifavorDiagnosis, BusifavorH5Params, BusifavorPluginParams, PayResultCode, PaySignature, SendCouponParam,
    SignedBusifavorH5, SignedBusifavorPlugin, BUSIFAVOR_H5_FRAGMENT, BUSIFAVOR_H5_URL, MAX_PLUGIN_COUPONS,
    PAY_RESULT_CODES,
};
pub use card::{validate_card_json, CardDocument, CardProblem, CardReport};
pub use clock::now_seconds;
pub use datacube::{check_datacube_dates, MAX_DATACUBE_DAYS};
pub use diagnose::{
    diagnose_card_ext, diagnose_choose_card, diagnose_jsapi_config, diagnose_push_url, ChooseCardCall, Diagnosis,
    Finding, FindingCode, JsapiConfigCall, PushUrlCall,
};
pub use errcode::{explain_errcode, Errcode, ErrcodeNumber, ERRCODES};
pub use error::{Error, ErrorKind};
pub use image::{check_logo_image, MAX_LOGO_BYTES};
pub use nonce::{generate_nonce, NONCE_LEN};
pub use redirect::{parse_card_redirect, strip_card_params, CardRedirect, CARD_PARAMS};
pub use severity::Severity;
pub use sign::{
    check_card_ext, check_choose_card, check_jsapi_config, sign_card_ext, sign_card_ext_batch, sign_choose_card,
    sign_jsapi_config, sorted_sha1, url_for_signing, verify_card_ext, verify_choose_card, verify_jsapi_config,
    CardExtParams, CardList, ChooseCardParams, JsapiConfigParams, Signature, SignedCardExt, SignedChooseCard,
    SignedJsapiConfig, Verified,
};
pub use symptoms::{explain_symptom, Symptom, SymptomCause, SYMPTOMS};
pub use ticket::{ApiTicket, JsapiTicket};
pub use ua::{parse_user_agent, supports_cards, ClientVersion, Platform, UserAgent, MIN_CARD_VERSION};
pub use validate::{
    parse_timestamp, MAX_CODE_CHARS, MAX_NONCE_CHARS, MAX_OUTER_STR_BYTES, MAX_URL_BYTES, MAX_VALUE_BYTES,
};

/// The crate's internals that its own tests and fuzzers drive (feature `test-hooks`): not an API.
#[cfg(feature = "test-hooks")]
#[doc(hidden)]
pub mod hooks {
    pub use crate::exports::{call, names, parse_card_redirect, parse_user_agent, strip_card_params};
    pub use crate::json::parse_object;
}
