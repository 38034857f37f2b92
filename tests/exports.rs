//! The npm package's exports, run natively on their record input: the same answers as the Rust
//! API, for any text (separators and JSON in values included).
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use wxcard::{call_export, ApiTicket, CardExtParams, ToJson};

const US: char = '\u{1f}';
const RS: char = '\u{1e}';
const GS: char = '\u{1d}';

/// A record as pkg/core.js writes it: text as it is unless it holds a separator, then JSON.
fn record(fields: &[(&str, &str)]) -> String {
    let mut out = String::new();
    for (name, value) in fields {
        out.push_str(name);
        out.push(US);
        if value.contains([US, RS, GS]) {
            out.push(GS);
            out.push_str(&serde_json::to_string(value).unwrap());
        } else {
            out.push_str(value);
        }
        out.push(RS);
    }
    out
}

/// A record answer read back as JSON text (strings as they are, GS values as JSON).
fn record_to_json(text: &str) -> serde_json::Value {
    let mut map = serde_json::Map::new();
    for field in text.split_terminator(RS) {
        let (name, value) = field.split_once(US).unwrap();
        let value = match value.strip_prefix(GS) {
            Some(json) => serde_json::from_str(json).unwrap(),
            None => serde_json::Value::String(value.into()),
        };
        map.insert(name.into(), value);
    }
    serde_json::Value::Object(map)
}

fn same_as(answer: Result<String, String>, json: &str) {
    let got = record_to_json(&answer.expect("an answer, not an error"));
    let want: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(got, want);
}

proptest! {
    #[test]
    fn sign_card_ext_is_the_api(ticket in "[A-Za-z0-9_-]{1,90}", card_id in "[A-Za-z0-9_-]{1,32}",
                                code in "[0-9a-z]{0,20}", nonce in "[A-Za-z0-9]{0,32}", ts in 1_000_000_000u64..2_000_000_000) {
        let ts_text = ts.to_string();
        let answer = call_export("signCardExt", &record(&[("apiTicket", &ticket), ("cardId", &card_id), ("code", &code),
                                                           ("timestamp", &ts_text), ("nonceStr", &nonce)])).unwrap();
        let direct = wxcard::sign_card_ext(&ApiTicket::new(ticket.as_str()).unwrap(), &CardExtParams {
            card_id: &card_id, code: &code, timestamp: Some(ts), nonce_str: Some(&nonce), ..Default::default()
        }).unwrap();
        same_as(answer, &direct.to_json());
    }

    #[test]
    fn any_text_crosses_as_it_is(card_id in "\\PC{0,20}", card_ext in "(\\PC|[\u{1d}-\u{1f}\n\"\\\\]){0,60}") {
        let answer = call_export("diagnoseCardExt", &record(&[("cardId", &card_id), ("cardExt", &card_ext), ("now", "1414587457")])).unwrap();
        same_as(answer, &wxcard::diagnose_card_ext(&card_id, &card_ext, None, Some(1414587457)).to_json());
        let ua = call_export("parseUserAgent", &record(&[("userAgent", &card_ext)])).unwrap();
        same_as(ua, &wxcard::parse_user_agent(&card_ext).to_json());
    }
}

#[test]
fn errors_name_the_field_as_wechat_does() {
    let e = call_export("signCardExt", &record(&[("apiTicket", "t "), ("cardId", "c")])).unwrap().unwrap_err();
    assert_eq!(record_to_json(&e)["code"], "SURROUNDING_WHITESPACE");
    assert_eq!(record_to_json(&e)["field"], "api_ticket");
    let e = call_export("signCardExt", &format!("apiTicket{US}t{RS}cardId{US}{GS}{{}}{RS}")).unwrap().unwrap_err();
    assert_eq!(
        (record_to_json(&e)["code"].as_str(), record_to_json(&e)["field"].as_str()),
        (Some("WRONG_TYPE"), Some("card_id"))
    );
    let e = call_export(
        "signCardExtBatch",
        &format!(
            "apiTicket{US}t{RS}timestamp{US}1414587457{RS}cards{US}{GS}[{{\"cardId\":\"a\"}},{{\"cardId\":\"\"}}]{RS}"
        ),
    )
    .unwrap()
    .unwrap_err();
    assert_eq!(record_to_json(&e)["item"], 1);
    assert!(call_export("noSuchExport", "").is_none());
}
