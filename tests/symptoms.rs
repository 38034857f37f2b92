//! The symptom table: every row complete in both languages, codes stable and unique, every check
//! it names real (finding codes, error kinds, errcodes, exports), lookups by what the phone shows,
//! and the checks really telling the causes apart.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::HashSet;

use wxcard::{explain_errcode, explain_symptom, ErrorKind, FindingCode, JsapiConfigCall, Symptom, SYMPTOMS};

fn screaming_snake(code: &str) -> bool {
    !code.is_empty()
        && code.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
        && !code.starts_with('_')
        && !code.ends_with('_')
}

fn has_cjk(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

fn codes(query: &str) -> Vec<&'static str> {
    explain_symptom(query).map(Symptom::code).collect()
}

/// The words of a check: codes, numbers, export names, command words.
fn tokens(check: &str) -> impl Iterator<Item = &str> {
    check.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-')).filter(|t| !t.is_empty())
}

#[test]
fn every_row_is_complete_in_both_languages() {
    assert!(SYMPTOMS.len() >= 11);
    for s in SYMPTOMS {
        let c = s.code();
        assert!(has_cjk(s.symptom_zh()), "{c}: symptom_zh");
        // English, with at most the Chinese the phone shows in parentheses.
        let en = s.symptom_en();
        assert!(en.len() > 10 && !has_cjk(en.split(" (").next().unwrap()), "{c}: symptom_en");
        assert!(!s.causes().is_empty(), "{c}: no cause");
        for cause in s.causes() {
            assert!(has_cjk(cause.zh), "{c}: cause {cause:?}");
            assert!(cause.en.len() > 10 && cause.en.ends_with('.'), "{c}: cause {cause:?}");
        }
        assert!(has_cjk(s.fix_zh()), "{c}: fix_zh");
        assert!(s.fix_en().len() > 20 && s.fix_en().ends_with('.'), "{c}: fix_en");
        assert!(
            s.check().starts_with("none offline") || s.check().contains("wxcard "),
            "{c}: the check names a wxcard command, or says there is none offline"
        );
        assert_eq!(s.to_string(), c);
    }
}

#[test]
fn codes_are_unique_stable_and_their_own() {
    let mut seen = HashSet::new();
    for s in SYMPTOMS {
        assert!(screaming_snake(s.code()), "{}", s.code());
        assert!(seen.insert(s.code()), "{} appears twice", s.code());
        assert!(!FindingCode::ALL.iter().any(|f| f.as_str() == s.code()), "{} is also a finding code", s.code());
        assert!(!ErrorKind::ALL.iter().any(|k| k.code() == s.code()), "{} is also an error code", s.code());
    }
}

#[test]
fn every_check_names_what_exists() {
    // The exports' names come from the crate's own table (feature `test-hooks`).
    #[cfg(feature = "test-hooks")]
    let exports: HashSet<&str> = wxcard::hooks::names().collect();
    for s in SYMPTOMS {
        let c = s.code();
        let mut findings = HashSet::new();
        let mut errcodes = HashSet::new();
        for t in tokens(s.check()) {
            if t.contains('_') && screaming_snake(t) {
                let finding = FindingCode::ALL.iter().find(|f| f.as_str() == t);
                let kind = ErrorKind::ALL.iter().find(|k| k.code() == t);
                assert!(finding.is_some() || kind.is_some(), "{c}: {t} is neither a finding nor an error code");
                if let Some(f) = finding {
                    findings.insert(*f);
                }
            } else if t.bytes().all(|b| b.is_ascii_digit()) && t.len() >= 5 {
                let n: i32 = t.parse().unwrap();
                assert!(explain_errcode(n).is_some(), "{c}: errcode {n} is not in the table");
                errcodes.insert(n);
            } else if t.starts_with(|ch: char| ch.is_ascii_lowercase()) && t.bytes().any(|b| b.is_ascii_uppercase()) {
                #[cfg(feature = "test-hooks")]
                assert!(exports.contains(t), "{c}: {t} is not an export of wxcard/full");
            }
        }
        assert_eq!(findings, s.findings().iter().copied().collect::<HashSet<_>>(), "{c}: findings() and check");
        assert_eq!(errcodes, s.errcodes().iter().copied().collect::<HashSet<_>>(), "{c}: errcodes() and check");
        for n in s.errcodes() {
            assert!(explain_errcode(*n).is_some(), "{c}: errcode {n}");
        }
    }
}

#[test]
fn seed_wording_finds_its_row() {
    // What the Q&A's table (and the overview's delivery limit) says the phone shows.
    for (seen, code) in [
        ("领取页面提示未生效", "NOT_YET_EFFECTIVE"),
        ("该券未通过审核", "NOT_APPROVED"),
        ("领取时提示参数错误", "PARAMETER_ERROR"),
        ("已领完", "ALL_RECEIVED"),
        ("{system: access_denied}", "ACCESS_DENIED"),
        ("{system:access_denied}", "ACCESS_DENIED"),
        ("领取页面提示签名错误", "SIGNATURE_ERROR"),
        ("无法调起 JS API", "NATIVE_PAGE_NOT_OPENED"),
        ("拉取卡券列表为空", "CARD_LIST_EMPTY"),
        ("Android 能调用 JS API", "IOS_FAILS"),
        ("未经制券商家授权,不可投放", "NOT_AUTHORISED_TO_DELIVER"),
        ("“未经制券商家授权,不可投放”", "NOT_AUTHORISED_TO_DELIVER"),
        ("config:invalid signature", "CONFIG_INVALID_SIGNATURE"),
        ("调用生成二维码接口失败", "QRCODE_FAILED"),
    ] {
        assert_eq!(codes(seen), [code], "{seen}");
    }
}

#[test]
fn lookups() {
    // By code, any case: that row only.
    assert_eq!(codes("SIGNATURE_ERROR"), ["SIGNATURE_ERROR"]);
    assert_eq!(codes(" signature_error "), ["SIGNATURE_ERROR"]);
    assert_eq!(explain_symptom("access_denied").collect::<Vec<_>>(), [Symptom::AccessDenied]);
    // By text: the card's "签名错误" first, wx.config's too.
    assert_eq!(codes("签名错误"), ["SIGNATURE_ERROR", "CONFIG_INVALID_SIGNATURE"]);
    assert_eq!(codes("INVALID SIGNATURE"), ["CONFIG_INVALID_SIGNATURE"]);
    assert_eq!(codes("ACCESS_DENIED}"), ["ACCESS_DENIED"]);
    assert_eq!(codes("ios"), ["IOS_FAILS"]);
    // Nothing, or everything.
    assert!(codes("no such symptom").is_empty());
    assert!(codes("签名正确").is_empty());
    assert!(codes("SIGNATURE_ERRORS").is_empty());
    assert_eq!(explain_symptom("").count(), SYMPTOMS.len());
    assert_eq!(explain_symptom(" \t").count(), SYMPTOMS.len());
}

#[cfg(feature = "serde")]
#[test]
fn json_and_the_export_agree() {
    let s = Symptom::SignatureError;
    let json = serde_json::to_string(&s).unwrap();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let keys = ["code", "symptomZh", "symptomEn", "causes", "fixZh", "fixEn", "check"];
    assert_eq!(v.as_object().unwrap().len(), keys.len());
    let at: Vec<usize> = keys.iter().map(|k| json.find(&format!("\"{k}\":")).unwrap()).collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "field order: {at:?}");
    assert_eq!(v["code"], "SIGNATURE_ERROR");
    assert_eq!(v["causes"][0]["zh"], s.causes()[0].zh);
    assert_eq!(v["causes"].as_array().unwrap().len(), s.causes().len());

    #[cfg(feature = "test-hooks")]
    {
        let export = |input: &str| wxcard::hooks::call("symptoms", input);
        let list = |s: &[Symptom]| serde_json::to_string(s).unwrap();
        assert_eq!(export("{}"), Ok(list(SYMPTOMS)));
        assert_eq!(export(r#"{"query": "签名错误"}"#), Ok(list(&[s, Symptom::ConfigInvalidSignature])));
        assert_eq!(export(r#"{"query": "nothing"}"#), Ok("[]".into()));
        let e = export(r#"{"query": true}"#).unwrap_err();
        assert!(e.contains("WRONG_TYPE") && e.contains("query"), "{e:?}");
    }
}

const CARD_TICKET: &str = "ojZ8YtyVyr30HheH3CM73y7h4jJE";
const JSAPI_TICKET: &str = "sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg";

/// The first finding of a diagnosis is one the symptom's check names.
fn first_is_named(symptom: Symptom, first: FindingCode) {
    assert!(
        symptom.findings().contains(&first),
        "{symptom}: the diagnosis answered {first}, which its check does not name"
    );
}

#[test]
fn the_checks_tell_the_causes_apart() {
    let card_id = "pjZ8Yt1XGILfi-FUsewpnnolGgZk";
    let sorted = |values: &[&str]| wxcard::sorted_sha1(values).as_str().to_owned();

    // "签名错误": signed at one second, sent with another.
    let signature = sorted(&[CARD_TICKET, "1404896688", card_id, "123"]);
    let ext = format!(r#"{{"timestamp":"1404896690","nonce_str":"123","signature":"{signature}"}}"#);
    let d = wxcard::diagnose_card_ext(card_id, &ext, Some(CARD_TICKET), Some(1404896690));
    first_is_named(Symptom::SignatureError, d.findings[0].code);
    assert_eq!(d.findings[0].code, FindingCode::MistakeTimestampDiffers);

    // "参数错误": a custom code over 20 characters.
    let d = wxcard::diagnose_card_ext(
        card_id,
        r#"{"code":"123456789012345678901","timestamp":"1404896688","signature":"x"}"#,
        None,
        None,
    );
    assert!(d.findings.iter().any(|f| Symptom::ParameterError.findings().contains(&f.code)), "{d:?}");

    // No native page: cardExt passed as an object.
    let d = wxcard::diagnose_card_ext(card_id, "[object Object]", None, None);
    first_is_named(Symptom::NativePageNotOpened, d.findings[0].code);

    // "config:invalid signature": signed with the card ticket.
    let url = "https://m.example.com/p.html?a=1";
    let string = format!("jsapi_ticket={CARD_TICKET}&noncestr=Wm3WZYTPz0wzccnW&timestamp=1414587457&url={url}");
    let signature = wxcard::sorted_sha1(&[string.as_str()]).as_str().to_owned();
    let call = JsapiConfigCall {
        url: url.into(),
        landing_url: "".into(),
        app_id: "wx1234567890abcdef".into(),
        timestamp: "1414587457".into(),
        nonce_str: "Wm3WZYTPz0wzccnW".into(),
        signature,
        user_agent: "".into(),
        ..Default::default()
    };
    let d = wxcard::diagnose_jsapi_config(&call, Some(JSAPI_TICKET), Some(CARD_TICKET), Some(1414587457));
    first_is_named(Symptom::ConfigInvalidSignature, d.findings[0].code);
    assert_eq!(d.findings[0].code, FindingCode::MistakeCardTicket);
}
