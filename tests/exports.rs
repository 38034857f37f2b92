//! The npm package's exports, run natively on their JSON input: the same answers as the Rust
//! API, for any text (quotes, control characters and JSON in values included).
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use serde_json::json;
use wxcard::hooks::call;
use wxcard::{ApiTicket, CardExtParams};

fn same_as<T: serde::Serialize>(answer: Result<String, String>, direct: &T) {
    assert_eq!(answer.expect("an answer, not an error"), serde_json::to_string(direct).unwrap());
}

fn error(answer: Result<String, String>) -> serde_json::Value {
    serde_json::from_str(&answer.expect_err("an error")).unwrap()
}

proptest! {
    #[test]
    fn sign_card_ext_is_the_api(ticket in "[A-Za-z0-9_-]{1,90}", card_id in "[A-Za-z0-9_-]{1,32}",
                                code in "[0-9a-z]{0,20}", nonce in "[A-Za-z0-9]{0,32}", ts in 1_000_000_000u64..2_000_000_000) {
        let input = json!({"apiTicket": ticket, "cardId": card_id, "code": code, "timestamp": ts.to_string(), "nonceStr": nonce});
        let answer = call("signCardExt", &input.to_string());
        let direct = wxcard::sign_card_ext(&ApiTicket::new(ticket.as_str()).unwrap(), &CardExtParams {
            card_id, code, timestamp: Some(ts), nonce_str: Some(nonce), ..Default::default()
        }).unwrap();
        same_as(answer, &direct);
    }

    #[test]
    fn any_text_crosses_as_it_is(card_id in "\\PC{0,20}", card_ext in "(\\PC|[\u{1d}-\u{1f}\n\"\\\\]){0,60}") {
        let input = json!({"cardId": card_id, "cardExt": card_ext, "now": 1414587457});
        let answer = call("diagnoseCardExt", &input.to_string());
        same_as(answer, &wxcard::diagnose_card_ext(&card_id, &card_ext, None, Some(1414587457)));
        let ua = wxcard::hooks::parse_user_agent(&card_ext);
        assert_eq!(ua, serde_json::to_string(&wxcard::parse_user_agent(&card_ext)).unwrap());
    }
}

#[test]
fn errors_name_the_field_as_wechat_does() {
    let e = error(call("signCardExt", r#"{"apiTicket": "t ", "cardId": "c"}"#));
    assert_eq!((e["code"].as_str(), e["field"].as_str()), (Some("SURROUNDING_WHITESPACE"), Some("api_ticket")));
    let e = error(call("signCardExt", r#"{"apiTicket": "t", "cardId": {}}"#));
    assert_eq!((e["code"].as_str(), e["field"].as_str()), (Some("WRONG_TYPE"), Some("card_id")));
    let e = error(call("signCardExt", r#"{"apiTicket": "t", "cardId": "c", "timestamp": "1404896688000"}"#));
    assert_eq!((e["code"].as_str(), e["field"].as_str()), (Some("TIMESTAMP_IN_MILLISECONDS"), Some("timestamp")));
    let e = error(call("signCardExt", r#"{"apiTicket": "t", "cardId": "c", "fixedBeginTimestamp": "14e8"}"#));
    assert_eq!((e["code"].as_str(), e["field"].as_str()), (Some("TIMESTAMP_NOT_DIGITS"), Some("fixed_begintimestamp")));
    let batch = r#"{"apiTicket": "t", "timestamp": 1414587457, "cards": [{"cardId": "a"}, {"cardId": ""}]}"#;
    let e = error(call("signCardExtBatch", batch));
    assert_eq!(
        (e["code"].as_str(), e["field"].as_str(), e["item"].as_u64()),
        (Some("MISSING"), Some("card_id"), Some(1))
    );
    let batch = r#"{"apiTicket": "t", "cards": [{"cardId": "a"}, {"cardId": "b", "code": 1.5}]}"#;
    let e = error(call("signCardExtBatch", batch));
    assert_eq!(
        (e["code"].as_str(), e["field"].as_str(), e["item"].as_u64()),
        (Some("WRONG_TYPE"), Some("code"), Some(1))
    );
    let e = error(call("signCardExt", "null"));
    assert_eq!((e["code"].as_str(), e["field"].as_str()), (Some("WRONG_TYPE"), Some("input")));
    let e = error(call("signCardExt", "{"));
    assert_eq!((e["code"].as_str(), e["field"].as_str()), (Some("INVALID_JSON"), Some("input")));
    let e = error(call("noSuchExport", "{}"));
    assert_eq!((e["code"].as_str(), e["field"].as_str()), (Some("WRONG_TYPE"), Some("input")));
}

#[test]
fn a_page_s_values_are_read_as_it_passed_them() {
    // An object for cardExt is what the WeChat client receives as "[object Object]".
    let d: serde_json::Value =
        serde_json::from_str(&call("diagnoseCardExt", r#"{"cardId": "p1", "cardExt": {"a": 1}}"#).unwrap()).unwrap();
    let direct = wxcard::diagnose_card_ext("p1", "[object Object]", None, None);
    assert_eq!(d["findings"][0]["code"].as_str(), Some(direct.findings[0].code.as_str()));
    // A wx.config object with its other keys, a number for the timestamp.
    let input = json!({"url": "https://m.example.com/", "appId": "wx1", "timestamp": 1414587457, "nonceStr": "n",
                       "signature": "s", "debug": false, "jsApiList": ["addCard"], "now": 1414587457});
    let answer = call("diagnoseJsapiConfig", &input.to_string());
    let call = wxcard::JsapiConfigCall {
        url: "https://m.example.com/".into(),
        app_id: "wx1".into(),
        timestamp: "1414587457".into(),
        nonce_str: "n".into(),
        signature: "s".into(),
        ..Default::default()
    };
    same_as(answer, &wxcard::diagnose_jsapi_config(&call, None, None, Some(1414587457)));
}
