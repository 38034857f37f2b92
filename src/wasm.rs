//! The WebAssembly exports: every wasm-bindgen item of the crate but the clock lives here, and
//! nothing in the crate imports this file.
//!
//! The phone exports take a string and answer JSON text (`stripCardParams` plain text); the
//! rest of `wxcard/full` goes through one `call(name, input)`: JSON text in, JSON text out, an
//! error thrown as the JSON of `{code, field, message, item?}` (`src/exports.rs` says what each
//! export reads and answers).

use alloc::string::String;

use wasm_bindgen::prelude::*;

use crate::exports;

/// `parseUserAgent`: a UserAgent as JSON.
#[wasm_bindgen(js_name = parseUserAgent)]
pub fn parse_user_agent(user_agent: &str) -> String {
    exports::parse_user_agent(user_agent)
}

/// `parseCardRedirect`: a CardRedirect as JSON, or `null`.
#[wasm_bindgen(js_name = parseCardRedirect)]
pub fn parse_card_redirect(url: &str) -> String {
    exports::parse_card_redirect(url)
}

/// `stripCardParams`: the URL without the card parameters.
#[wasm_bindgen(js_name = stripCardParams)]
pub fn strip_card_params(url: &str) -> String {
    exports::strip_card_params(url)
}

/// Every other export of `wxcard/full`, by its JavaScript name.
#[cfg(feature = "wasm-full")]
#[wasm_bindgen]
pub fn call(name: &str, input: &str) -> Result<String, String> {
    exports::call(name, input)
}
