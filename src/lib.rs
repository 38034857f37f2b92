#![doc = include_str!("../README.md")]
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
// In the browser the crate does without std: a smaller module (see the `wasm-no-std` feature).
#![cfg_attr(all(target_arch = "wasm32", target_os = "unknown"), no_std)]

extern crate alloc;
#[cfg(all(test, target_arch = "wasm32", target_os = "unknown"))]
#[macro_use]
extern crate std;

mod card;
mod diagnose;
mod errcode;
mod error;
pub mod json;
mod nonce;
mod redirect;
#[cfg(all(feature = "server", not(target_arch = "wasm32")))]
pub mod server;
mod sign;
mod text;
mod ticket;
mod ua;
mod validate;
#[cfg(all(feature = "wasm", target_arch = "wasm32", target_os = "unknown"))]
mod wasm;

/// The std-free wasm build's allocator.
#[cfg(all(feature = "wasm-no-std", target_arch = "wasm32", target_os = "unknown"))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// The std-free wasm build's panic handler. Every public function returns errors instead of
/// panicking; should one ever be reached, it traps without formatting a message (which would
/// cost more than the rest of the module).
#[cfg(all(feature = "wasm-no-std", target_arch = "wasm32", target_os = "unknown"))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}

pub use card::{
    check_datacube_dates, check_logo_image, validate_card_json, CardDocument, CardProblem, CardReport,
    MAX_DATACUBE_DAYS, MAX_LOGO_BYTES,
};
pub use diagnose::{diagnose_card_ext, diagnose_choose_card, ChooseCardCall, Diagnosis, Finding, Severity};
pub use errcode::{explain_errcode, Errcode, ERRCODES};
pub use error::{Error, ErrorKind};
pub use nonce::{generate_nonce, now_seconds, NONCE_LEN};
pub use redirect::{parse_card_redirect, strip_card_params, CardRedirect, CARD_PARAMS};
pub use sign::{
    check_card_ext, check_choose_card, check_jsapi_config, sha1_concat, sign_card_ext, sign_card_ext_batch,
    sign_choose_card, sign_jsapi_config, sort_bytewise, sorted_sha1, sorted_sha1_in_place, url_for_signing,
    verify_card_ext, verify_choose_card, verify_jsapi_config, CardExtParams, ChooseCardParams, JsapiConfigParams,
    Signature, SignedCardExt, SignedChooseCard, SignedJsapiConfig,
};
pub use ticket::{ApiTicket, JsapiTicket};
pub use ua::{parse_user_agent, supports_cards, ClientVersion, Platform, UserAgent, MIN_CARD_VERSION};
pub use validate::{parse_timestamp, MAX_CODE_CHARS, MAX_NONCE_CHARS, MAX_OUTER_STR_BYTES, MAX_VALUE_BYTES};
