#![no_main]
//! Any text as a redirect URL: no panic; what is found is non-empty, and the stripped URL
//! holds no card parameter any more.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|url: &str| {
    let stripped = wxcard::strip_card_params(url);
    assert!(wxcard::parse_card_redirect(&stripped).is_none());
    if let Some(r) = wxcard::parse_card_redirect(url) {
        assert!(!r.encrypt_code.is_empty() && !r.card_id.is_empty());
        assert!(!r.encrypt_code.contains(' '));
        assert_eq!(r.stripped_url, stripped);
    }
});
