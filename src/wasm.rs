//! The WebAssembly exports: every wasm-bindgen item of the crate lives in this file.
//!
//! This is the module's private interface; `pkg/core.js` is the public one. Each export takes one
//! named input and answers one result, both as records (`contract/record.rs`): JavaScript writes
//! the input straight into this module's memory with `TextEncoder.encodeInto` (wasm-bindgen's own
//! string passing copies character by character, about 1.5 ns each), calls the export with its
//! length, and decodes the answer from memory. An export returns the answer's length, or minus the
//! length of an error record `{code, field, message, item}` that the glue throws as `WxCardError`;
//! an empty answer is `null`. What each export reads and answers is in `contract/exports.rs`.

use alloc::string::String;
use alloc::vec::Vec;

use wasm_bindgen::prelude::*;

use crate::contract::exports;
use crate::contract::input::Reader;
use crate::error::Error;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Date, js_name = now)]
    fn date_now() -> f64;
}

/// The clock of the page or of Node, in Unix seconds.
pub(crate) fn now_seconds() -> Option<u64> {
    let ms = date_now();
    // `as` saturates: no panic, whatever the clock says.
    (ms.is_finite() && ms >= 0.0).then_some((ms / 1000.0) as u64)
}

/// The input and output buffers of the exports. The glue makes one per module.
#[wasm_bindgen]
pub struct Boundary {
    input: Vec<u8>,
    output: String,
}

impl Boundary {
    /// Runs `export` on the `len` bytes of input: the answer's length, or minus the error's.
    fn run(&mut self, len: usize, export: impl FnOnce(&Reader<'_>, &mut String) -> Result<(), Error>) -> i32 {
        let text = self.input.get(..len).and_then(|b| core::str::from_utf8(b).ok()).unwrap_or("");
        let ok = exports::run(export, text, &mut self.output).is_ok();
        let n = i32::try_from(self.output.len()).unwrap_or(i32::MAX);
        if ok {
            n
        } else {
            -n
        }
    }
}

/// One method per export, each a call to `contract/exports.rs`.
macro_rules! exports {
    ($($(#[$cfg:meta])? $js:ident => $name:ident,)+) => {
        #[wasm_bindgen]
        impl Boundary {
            /// Empty buffers.
            #[wasm_bindgen(constructor)]
            #[allow(clippy::new_without_default)]
            pub fn new() -> Boundary {
                Boundary { input: Vec::new(), output: String::new() }
            }

            /// Makes room for `len` bytes of input and returns where to write them.
            pub fn input(&mut self, len: usize) -> usize {
                if self.input.len() < len {
                    self.input.resize(len, 0);
                }
                self.input.as_mut_ptr() as usize
            }

            /// Where the last answer starts.
            pub fn output(&self) -> usize {
                self.output.as_ptr() as usize
            }

            $(
                $(#[$cfg])?
                #[doc = concat!("`", stringify!($js), "`: see `contract/exports.rs`.")]
                #[wasm_bindgen(js_name = $js)]
                pub fn $name(&mut self, len: usize) -> i32 {
                    self.run(len, exports::$name)
                }
            )+
        }
    };
}

exports! {
    parseUserAgent => parse_user_agent,
    parseCardRedirect => parse_card_redirect,
    stripCardParams => strip_card_params,
    #[cfg(feature = "wasm-full")] signCardExt => sign_card_ext,
    #[cfg(feature = "wasm-full")] signCardExtBatch => sign_card_ext_batch,
    #[cfg(feature = "wasm-full")] verifyCardExt => verify_card_ext,
    #[cfg(feature = "wasm-full")] signChooseCard => sign_choose_card,
    #[cfg(feature = "wasm-full")] verifyChooseCard => verify_choose_card,
    #[cfg(feature = "wasm-full")] signJsapiConfig => sign_jsapi_config,
    #[cfg(feature = "wasm-full")] verifyJsapiConfig => verify_jsapi_config,
    #[cfg(feature = "wasm-full")] sortedSha1 => sorted_sha1,
    #[cfg(feature = "wasm-full")] generateNonce => generate_nonce,
    #[cfg(feature = "wasm-full")] diagnoseCardExt => diagnose_card_ext,
    #[cfg(feature = "wasm-full")] diagnoseChooseCard => diagnose_choose_card,
    #[cfg(feature = "wasm-full")] diagnoseJsapiConfig => diagnose_jsapi_config,
    #[cfg(feature = "wasm-full")] explainErrcode => explain_errcode,
    #[cfg(feature = "wasm-full")] validateCardJson => validate_card_json,
    #[cfg(feature = "wasm-full")] checkDatacubeDates => check_datacube_dates,
    #[cfg(feature = "wasm-full")] codes => codes,
    #[cfg(feature = "wasm-full")] symptoms => symptoms,
    #[cfg(feature = "wasm-full")] diagnosePushUrl => diagnose_push_url,
}
