//! The current time, for every layer: signing, tickets, claims and pushes read this one clock.
//!
//! wasm32-unknown-unknown has no clock of its own: with the `wasm` feature it reads the page's
//! (or Node's) `Date.now()`, the only JavaScript the core calls; without it there is none.

/// The current Unix time in seconds, where the platform has a clock.
pub fn now_seconds() -> Option<u64> {
    #[cfg(not(all(target_arch = "wasm32", any(target_os = "unknown", target_os = "none"))))]
    {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).ok().map(|d| d.as_secs())
    }
    #[cfg(all(feature = "wasm", target_arch = "wasm32", any(target_os = "unknown", target_os = "none")))]
    {
        let ms = date_now();
        // `as` saturates: no panic, whatever the clock says.
        (ms.is_finite() && ms >= 0.0).then_some((ms / 1000.0) as u64)
    }
    #[cfg(all(not(feature = "wasm"), target_arch = "wasm32", any(target_os = "unknown", target_os = "none")))]
    {
        None
    }
}

#[cfg(all(feature = "wasm", target_arch = "wasm32", any(target_os = "unknown", target_os = "none")))]
#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Date, js_name = now)]
    fn date_now() -> f64;
}
