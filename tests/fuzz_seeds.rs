//! The fuzzers' seed inputs (tests/fuzz-seeds/), run through the same checks on stable Rust in
//! every `cargo test`. A crash the fuzzers find is added there as a file and stays a regression
//! test.
#![cfg(not(target_arch = "wasm32"))]

use std::fs;
use std::path::Path;

fn seeds(target: &str) -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-seeds").join(target);
    let mut files: Vec<_> =
        fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())).map(|e| e.unwrap().path()).collect();
    files.sort();
    assert!(!files.is_empty(), "no seeds in {}", dir.display());
    files.iter().map(|f| String::from_utf8_lossy(&fs::read(f).unwrap()).into_owned()).collect()
}

#[test]
fn user_agent_seeds() {
    for ua in seeds("user_agent") {
        let parsed = wxcard::parse_user_agent(&ua);
        assert!(!(parsed.is_wechat && parsed.is_wecom));
        assert_eq!(parsed.supports_cards(), wxcard::supports_cards(&ua));
    }
}

#[test]
fn redirect_seeds() {
    for url in seeds("redirect") {
        let stripped = wxcard::strip_card_params(&url);
        assert!(wxcard::parse_card_redirect(&stripped).is_none(), "{url:?} stripped to {stripped:?}");
        if let Some(r) = wxcard::parse_card_redirect(&url) {
            assert!(!r.encrypt_code.contains(' '));
            assert_eq!(r.stripped_url, stripped);
        }
    }
}

#[test]
fn diagnose_seeds() {
    let ticket = wxcard::ApiTicket::new("ticket").unwrap();
    for data in seeds("diagnose") {
        let (card_id, rest) = data.split_once('\n').unwrap_or(("pCard", &data));
        let d = wxcard::diagnose_card_ext(card_id, rest, Some("ticket"), Some(1_414_587_457));
        assert!(!d.findings.is_empty());
        if let Ok(true) = wxcard::verify_card_ext(&ticket, card_id, rest) {
            assert!(d.is_ok());
        }
    }
}

#[test]
fn sign_verify_seeds() {
    for line in seeds("sign_verify") {
        let parts: Vec<&str> = line.split(' ').collect();
        let [ticket, card_id, code, openid, nonce, ts] = parts[..] else { panic!("6 fields: {line}") };
        let t = wxcard::ApiTicket::new(ticket).unwrap();
        let params = wxcard::CardExtParams {
            card_id: card_id.into(),
            code: code.into(),
            openid: openid.into(),
            timestamp: ts.parse().ok(),
            nonce_str: Some(nonce.into()),
            ..Default::default()
        };
        let signed = wxcard::sign_card_ext(&t, &params).unwrap();
        assert_eq!(wxcard::verify_card_ext(&t, card_id, &signed.card_ext), Ok(true));
    }
}

#[test]
fn card_json_seeds() {
    for data in seeds("card_json") {
        let report = wxcard::validate_card_json(&data);
        assert_eq!(report, wxcard::validate_card_json(&data));
        assert!(report.problems.iter().all(|p| !p.code().is_empty()));
        if report.document.is_none() {
            assert!(!report.is_ok());
        }
        let (begin, end) = data.split_once('\n').unwrap_or((&data, &data));
        let _ = wxcard::check_datacube_dates(begin, end);
    }
}

#[cfg(feature = "test-hooks")]
mod exports_check {
    include!("support/exports_check.rs");
}

#[cfg(feature = "test-hooks")]
#[test]
fn exports_seeds() {
    let names: Vec<&str> = wxcard::hooks::names().collect();
    assert_eq!(names.first(), Some(&"parseUserAgent"), "the seeds pick exports by their order");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-seeds/exports");
    let mut files: Vec<_> = fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    assert!(!files.is_empty());
    for file in files {
        let bytes = fs::read(&file).unwrap();
        let (&pick, rest) = bytes.split_first().unwrap();
        exports_check::check(pick, &String::from_utf8_lossy(rest));
    }
}

/// A push's JSON, where the crate has it (feature `serde`).
#[cfg(feature = "events")]
fn push_json(_push: &wxcard::push::Push) -> String {
    #[cfg(feature = "serde")]
    return serde_json::to_string(_push).unwrap();
    #[cfg(not(feature = "serde"))]
    String::new()
}

/// The push fuzzer's seeds: the first byte picks the reading (plaintext body, signed safe-mode
/// body, bare `Encrypt`, key), as in fuzz/fuzz_targets/push.rs.
#[cfg(feature = "events")]
#[test]
fn push_seeds() {
    use wxcard::push::{decrypt, msg_signature, open, EncodingAesKey, Push, PushConfig, PushFields, PushQuery};

    const APPID: &str = "wxb11529c136998cb6";
    let keys = vec![
        EncodingAesKey::parse("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG").unwrap(),
        EncodingAesKey::parse(&"A".repeat(43)).unwrap(),
    ];
    let config = PushConfig { token: "token".into(), app_id: APPID.into(), aes_keys: keys.clone() };
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-seeds/push");
    let mut files: Vec<_> = fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    assert!(!files.is_empty());
    let mut opened = 0;
    for file in files {
        let bytes = fs::read(&file).unwrap();
        let (&pick, rest) = bytes.split_first().unwrap();
        let text = String::from_utf8_lossy(rest);
        let ok = match pick % 4 {
            0 => Push::from_xml(&text).map(|p| (p.dedupe_key(), push_json(&p))).is_ok(),
            1 => {
                let body = format!("<xml><ToUserName>gh</ToUserName><Encrypt>{text}</Encrypt></xml>");
                let encrypt = PushFields::parse(&body).ok().and_then(|f| f.get("Encrypt").map(String::from));
                let query = PushQuery {
                    timestamp: "1409304348".into(),
                    nonce: "1320562132".into(),
                    encrypt_type: "aes".into(),
                    msg_signature: msg_signature("token", "1409304348", "1320562132", encrypt.as_deref().unwrap_or(""))
                        .as_str()
                        .into(),
                    ..Default::default()
                };
                open(&config, &query, &body).is_ok()
            }
            2 => decrypt(&keys, APPID, &text).is_ok(),
            _ => EncodingAesKey::parse(&text).is_ok(),
        };
        opened += usize::from(ok);
    }
    assert!(opened > 0, "no push seed opens: the seeds no longer reach the parser");
}
