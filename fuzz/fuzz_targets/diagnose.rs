#![no_main]
//! Any text as the cardExt a page passed (and as card_id and ticket): diagnosis never panics,
//! always says something, and a JSON reader that accepts it agrees with the verifier.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &str| {
    let (card_id, rest) = data.split_once('\n').unwrap_or(("pCard", data));
    let d = wxcard::diagnose_card_ext(card_id, rest, Some("ticket"), Some(1_414_587_457));
    assert!(!d.findings.is_empty());
    let _ = wxcard::diagnose_card_ext(card_id, rest, None, None);
    let ticket = wxcard::ApiTicket::new("ticket").unwrap();
    if let Ok(true) = wxcard::verify_card_ext(&ticket, card_id, rest) {
        assert!(d.is_ok(), "verified but diagnosed as broken: {:?}", d.findings);
    }
    let _ = wxcard::hooks::parse_object(rest);
});
