#![no_main]
//! Any bytes as the record input of any export of the npm package's module (the first byte picks
//! the export): no panic, and the answer is always well formed: nothing, a record of fields, a
//! JSON list, or an error record whose code is in the core's table.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Some((&pick, rest)) = data.split_first() {
        wxcard_fuzz_check::check(pick, &String::from_utf8_lossy(rest));
    }
});

mod wxcard_fuzz_check {
    include!("../../tests/support/exports_check.rs");
}
