//! The code tables: every code unique and SCREAMING_SNAKE_CASE, with its sentences, and no code
//! meaning two things across the tables.
#![cfg(not(target_arch = "wasm32"))]
use std::collections::HashSet;

use wxcard::{ErrorKind, FindingCode};

fn well_formed(code: &str) -> bool {
    !code.is_empty() && code.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
}

#[test]
fn error_kinds_are_one_table() {
    let codes: HashSet<&str> = ErrorKind::ALL.iter().map(|k| k.code()).collect();
    assert_eq!(codes.len(), ErrorKind::ALL.len(), "a code appears twice");
    for k in ErrorKind::ALL {
        assert!(well_formed(k.code()), "{}", k.code());
        assert!(k.message().len() > 10 && !k.message().ends_with('.'), "{}", k.code());
        let e = wxcard::Error::new(*k, "card_id");
        assert_eq!(e.to_string(), format!("card_id {} ({})", k.message(), k.code()));
    }
}

#[test]
fn findings_are_one_table() {
    let codes: HashSet<&str> = FindingCode::ALL.iter().map(|f| f.as_str()).collect();
    assert_eq!(codes.len(), FindingCode::ALL.len(), "a finding code appears twice");
    for f in FindingCode::ALL {
        assert!(well_formed(f.as_str()), "{f}");
        assert!(!f.field().is_empty() && !f.message_en().is_empty() && !f.message_zh().is_empty(), "{f}");
        assert_eq!(*f, f.as_str());
    }
    assert!(FindingCode::MistakeUnsorted.is_mistake() && !FindingCode::SignatureOk.is_mistake());
}

#[cfg(feature = "server")]
#[test]
fn server_codes_are_their_own() {
    use wxcard::server::ServerCode;
    let core: HashSet<&str> = ErrorKind::ALL.iter().map(|k| k.code()).collect();
    let mut seen = HashSet::new();
    for c in ServerCode::ALL {
        assert!(well_formed(c.code()) && seen.insert(c.code()), "{}", c.code());
        assert!(!core.contains(c.code()) && !c.code().starts_with("WECHAT_"), "{} is also a core code", c.code());
        assert!(c.status().is_client_error() || c.status().is_server_error());
    }
}
