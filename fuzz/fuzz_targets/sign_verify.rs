#![no_main]
//! Arbitrary inputs signed and verified: either a clear error, or a card_ext that verifies and
//! whose signature is the byte-sorted SHA-1 of exactly the signed values.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (&str, &str, &str, &str, &str, u64)| {
    let (ticket, card_id, code, openid, nonce, ts) = input;
    let Ok(t) = wxcard::ApiTicket::new(ticket) else { return };
    let params = wxcard::CardExtParams { card_id, code, openid, timestamp: Some(ts), nonce_str: Some(nonce), ..Default::default() };
    let Ok(signed) = wxcard::sign_card_ext(&t, &params) else { return };
    assert_eq!(wxcard::verify_card_ext(&t, card_id, &signed.card_ext), Ok(true));
    let ts = ts.to_string();
    assert_eq!(signed.signature, wxcard::sorted_sha1(&[ticket, &ts, card_id, code, openid, nonce]));
});
