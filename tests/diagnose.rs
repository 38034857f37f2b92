//! Each common mistake, made on purpose, is named by the diagnosis as the first finding.
//! Runs natively and in the browser.

#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use wxcard::*;

const TICKET: &str = "ojZ8YtyVyr30HheH3CM73y7h4jJE";
const CARD_ID: &str = "pjZ8Yt1XGILfi-FUsewpnnolGgZk";
const TS: u64 = 1404896688;

fn sha1(s: &str) -> String {
    sha1_smol::Sha1::from(s).hexdigest()
}

fn ext(code: &str, nonce: &str, ts: &str, signature: &str) -> String {
    let mut parts = vec![];
    if !code.is_empty() {
        parts.push(format!("\"code\":\"{code}\""));
    }
    parts.push(format!("\"timestamp\":\"{ts}\""));
    if !nonce.is_empty() {
        parts.push(format!("\"nonce_str\":\"{nonce}\""));
    }
    parts.push(format!("\"signature\":\"{signature}\""));
    format!("{{{}}}", parts.join(","))
}

fn first(card_ext: &str) -> &'static str {
    let d = diagnose_card_ext(CARD_ID, card_ext, Some(TICKET), Some(TS));
    d.findings.first().map(|f| f.code.as_str()).unwrap_or("none")
}

fn codes(card_ext: &str, ticket: Option<&str>) -> Vec<&'static str> {
    diagnose_card_ext(CARD_ID, card_ext, ticket, Some(TS)).findings.iter().map(|f| f.code.as_str()).collect()
}

#[test]
fn a_correct_card_ext_is_ok() {
    let signed = sign_card_ext(
        &ApiTicket::new(TICKET).unwrap(),
        &CardExtParams {
            card_id: CARD_ID.into(),
            code: "1434008071".into(),
            timestamp: Some(TS),
            nonce_str: Some("123".into()),
            ..Default::default()
        },
    )
    .unwrap();
    let d = diagnose_card_ext(CARD_ID, &signed.card_ext, Some(TICKET), Some(TS));
    assert!(d.is_ok(), "{:?}", d.findings);
    assert_eq!(d.findings[0].code, "SIGNATURE_OK");
    assert_eq!(d.expected_signature, Some(signed.signature));
    // With white space around the pasted ticket: trimmed, and said so.
    let d = diagnose_card_ext(CARD_ID, &signed.card_ext, Some(" ojZ8YtyVyr30HheH3CM73y7h4jJE\n"), Some(TS));
    assert!(d.is_ok());
    assert!(d.findings.iter().any(|f| f.code == "TICKET_SURROUNDING_WHITESPACE"));
}

#[test]
fn replayed_mistakes() {
    // An upper-case code, so that a case-insensitive sort differs from the byte order.
    let (code, nonce, ts) = ("X1434008071", "123", "1404896688");
    let values = [TICKET, ts, CARD_ID, code, nonce];
    let mut sorted = values;
    sorted.sort();
    let cases: Vec<(&str, String)> = vec![
        ("MISTAKE_UNSORTED", sha1(&values.concat())),
        ("MISTAKE_CASE_INSENSITIVE_SORT", {
            let mut v = values;
            v.sort_by_key(|s| s.to_lowercase());
            sha1(&v.concat())
        }),
        ("MISTAKE_SEPARATOR", sha1(&sorted.join("&"))),
        (
            "MISTAKE_KEY_VALUE_PAIRS",
            sha1(&format!("api_ticket={TICKET}&card_id={CARD_ID}&code={code}&nonce_str={nonce}&timestamp={ts}")),
        ),
        ("MISTAKE_TICKET_WHITESPACE", {
            let t = format!("{TICKET} ");
            let mut v = [t.as_str(), ts, CARD_ID, code, nonce];
            v.sort();
            sha1(&v.concat())
        }),
        ("MISTAKE_CARD_ID_NOT_SIGNED", sorted_sha1(&[TICKET, ts, code, nonce]).to_string()),
        ("MISTAKE_CODE_NOT_SIGNED", sorted_sha1(&[TICKET, ts, CARD_ID, nonce]).to_string()),
        ("MISTAKE_NONCE_NOT_SIGNED", sorted_sha1(&[TICKET, ts, CARD_ID, code]).to_string()),
        ("MISTAKE_TICKET_NOT_SIGNED", sorted_sha1(&[ts, CARD_ID, code, nonce]).to_string()),
        ("MISTAKE_UNDEFINED_SIGNED", sorted_sha1(&[TICKET, ts, CARD_ID, code, "undefined", nonce]).to_string()),
        ("MISTAKE_TIMESTAMP_DIFFERS", sorted_sha1(&[TICKET, "1404896691", CARD_ID, code, nonce]).to_string()),
        (
            "MISTAKE_TIMESTAMP_MILLISECONDS_SIGNED",
            sorted_sha1(&[TICKET, "1404896688123", CARD_ID, code, nonce]).to_string(),
        ),
        ("MISTAKE_UPPERCASE_HEX", sorted_sha1(&values).to_string().to_uppercase()),
    ];
    for (mistake, signature) in cases {
        assert_eq!(first(&ext(code, nonce, ts, &signature)), mistake, "{mistake}");
    }
}

#[test]
fn mistakes_with_extra_fields() {
    let outer = "scene1";
    let signature = sorted_sha1(&[TICKET, "1404896688", CARD_ID, "123", outer]).to_string();
    let card_ext = format!("{{\"timestamp\":\"1404896688\",\"nonce_str\":\"123\",\"outer_str\":\"{outer}\",\"signature\":\"{signature}\"}}");
    assert_eq!(first(&card_ext), "MISTAKE_OUTER_STR_SIGNED");
    let signature = sorted_sha1(&[TICKET, "1404896688", CARD_ID, "123", "1404000000"]).to_string();
    let card_ext = format!("{{\"timestamp\":\"1404896688\",\"nonce_str\":\"123\",\"fixed_begintimestamp\":1404000000,\"signature\":\"{signature}\"}}");
    assert_eq!(first(&card_ext), "MISTAKE_FIXED_BEGINTIMESTAMP_SIGNED");
    // Signed with a nonce that card_ext does not carry.
    let signature = sorted_sha1(&[TICKET, "1404896688", CARD_ID, "lost-nonce"]).to_string();
    assert_eq!(first(&ext("", "", "1404896688", &signature)), "MISTAKE_NONCE_NOT_IN_CARD_EXT");
    // Something nothing explains (e.g. the jsapi_ticket was used): said so.
    let signature = sorted_sha1(&["jsapi-ticket", "1404896688", CARD_ID, "123"]).to_string();
    assert_eq!(first(&ext("", "123", "1404896688", &signature)), "SIGNATURE_MISMATCH");
    let d = diagnose_card_ext(CARD_ID, &ext("", "123", "1404896688", &signature), Some(TICKET), Some(TS));
    assert!(d.findings[0].message_en.contains("jsapi_ticket"));
}

#[test]
fn structural_findings_without_a_ticket() {
    assert_eq!(codes("[object Object]", None)[0], "CARD_EXT_NOT_STRING");
    assert_eq!(codes("", None)[0], "CARD_EXT_EMPTY");
    assert_eq!(codes("{timestamp: 1}", None)[0], "CARD_EXT_NOT_JSON");
    assert_eq!(codes("[1,2]", None)[0], "CARD_EXT_NOT_OBJECT");
    assert_eq!(codes(r#""{\"timestamp\":\"1404896688\"}""#, None)[0], "CARD_EXT_DOUBLE_ENCODED");
    let c = codes(r#"{"timestamp":"1404896688000","signature":"ABCDEF0123456789ABCDEF0123456789ABCDEF01"}"#, None);
    assert!(
        c.contains(&"TIMESTAMP_IN_MILLISECONDS")
            && c.contains(&"SIGNATURE_UPPERCASE")
            && c.contains(&"TICKET_NOT_GIVEN"),
        "{c:?}"
    );
    let c = codes(
        r#"{"code":"123456789012345678901","nonceStr":"x","card_id":"p","timestamp":1404896688,"signature":"abc"}"#,
        None,
    );
    for expected in [
        "CODE_TOO_LONG",
        "CARD_EXT_CAMEL_CASE_KEY",
        "CARD_ID_IN_CARD_EXT",
        "TIMESTAMP_NOT_STRING",
        "SIGNATURE_MALFORMED",
    ] {
        assert!(c.contains(&expected), "{expected} missing from {c:?}");
    }
    let c = codes(r#"{"signature":"0123456789abcdef0123456789abcdef01234567"}"#, None);
    assert!(c.contains(&"TIMESTAMP_MISSING"), "{c:?}");
    let c = codes(r#"{"timestamp":"1","signature":"0123456789abcdef0123456789abcdef01234567"}"#, None);
    assert!(c.contains(&"TIMESTAMP_FAR_FROM_NOW"), "{c:?}");
    assert_eq!(diagnose_card_ext("", "{}", None, Some(TS)).findings[0].code, "CARD_ID_MISSING");
    // Errors come before warnings, warnings before infos.
    let d = diagnose_card_ext(CARD_ID, r#"{"timestamp":1404896688,"signature":"x","extra":1}"#, None, Some(TS));
    let ranks: Vec<Severity> = d.findings.iter().map(|f| f.severity).collect();
    assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{ranks:?}");
}

#[test]
fn choose_card_mistakes() {
    let t = "sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg";
    let call = |card_sign: &'static str| ChooseCardCall {
        app_id: "123456".into(),
        card_type: "GROUPON".into(),
        timestamp: "1414587457".into(),
        nonce_str: "Wm3WZYTPz0wzccnW".into(),
        sign_type: "SHA1".into(),
        card_sign: card_sign.into(),
        ..Default::default()
    };
    let first = |c: ChooseCardCall| diagnose_choose_card(&c, Some(t), Some(1414587457)).findings[0].code;
    assert_eq!(first(call("c47b1fb500eb35d8f2f9b9375b4491089df953e2")), "SIGNATURE_OK");
    assert_eq!(first(call("df7e0bc03c521fe11ef2d61d7b7a6e7bed2d7770")), "MISTAKE_CASE_INSENSITIVE_SORT");
    let without_app = sorted_sha1(&[t, "1414587457", "Wm3WZYTPz0wzccnW", "GROUPON"]).to_string();
    assert_eq!(first(call(Box::leak(without_app.into_boxed_str()))), "MISTAKE_APP_ID_NOT_SIGNED");
    let c = ChooseCardCall { sign_type: "MD5".into(), card_type: "groupon".into(), nonce_str: "".into(), ..call("x") };
    let codes: Vec<_> = diagnose_choose_card(&c, None, None).findings.iter().map(|f| f.code.as_str()).collect();
    for expected in ["SIGN_TYPE_NOT_SHA1", "CARD_TYPE_INVALID", "NONCE_STR_MISSING", "SIGNATURE_MALFORMED"] {
        assert!(codes.contains(&expected), "{expected} missing from {codes:?}");
    }
}
