//! Properties over arbitrary input: order independence, empty values, sign/verify round trips,
//! and parsers that never panic.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use wxcard::*;

/// A signable value: no surrounding white space, no control characters, not too long.
fn value() -> impl Strategy<Value = String> {
    "[A-Za-z0-9_\\-中文é😀]{1,24}"
}

fn naive(values: &[&str]) -> String {
    let mut v: Vec<&[u8]> = values.iter().filter(|s| !s.is_empty()).map(|s| s.as_bytes()).collect();
    v.sort();
    sha1_smol::Sha1::from(v.concat()).hexdigest()
}

proptest! {
    #[test]
    fn sorted_sha1_ignores_order_and_empty_values(mut values in prop::collection::vec(any::<String>(), 0..30), seed in any::<u64>()) {
        let refs: Vec<&str> = values.iter().map(String::as_str).collect();
        let reference = naive(&refs);
        prop_assert_eq!(sorted_sha1(&refs).to_string(), reference.clone());
        // Shuffle (deterministically from the seed) and add empty values: same signature.
        let n = values.len().max(1);
        values.rotate_left((seed as usize) % n);
        values.push(String::new());
        values.insert(0, String::new());
        let refs: Vec<&str> = values.iter().map(String::as_str).collect();
        prop_assert_eq!(sorted_sha1(&refs).to_string(), reference.clone());
    }

    #[test]
    fn card_ext_round_trips(ticket in value(), card_id in value(), code in "[A-Za-z0-9]{0,20}", openid in "[A-Za-z0-9_\\-]{0,28}",
                            nonce in "[A-Za-z0-9]{0,32}", ts in 0u64..99_999_999_999, outer in "[ -~]{0,64}", begin in prop::option::of(0u64..99_999_999_999)) {
        let outer = outer.trim();
        let t = ApiTicket::new(ticket.clone()).unwrap();
        let p = CardExtParams { card_id: card_id.clone(), code: code.clone(), openid: openid.clone(), timestamp: Some(ts), nonce_str: Some(nonce.clone()), fixed_begintimestamp: begin, outer_str: outer.into() };
        let s = sign_card_ext(&t, &p).unwrap();
        prop_assert!(verify_card_ext(&t, &card_id, &s.card_ext).unwrap());
        let ts_text = ts.to_string();
        prop_assert_eq!(s.signature.as_str(), naive(&[&ticket, &ts_text, &card_id, &code, &openid, &nonce]));
        let json: serde_json::Value = serde_json::from_str(&s.card_ext).unwrap();
        prop_assert_eq!(json["timestamp"].as_str(), Some(ts_text.as_str()));
        prop_assert_eq!(json.get("outer_str").and_then(|v| v.as_str()).unwrap_or(""), outer);
        prop_assert_eq!(json.get("fixed_begintimestamp").and_then(|v| v.as_u64()), begin);
        prop_assert!(json.get("card_id").is_none());
        // Another ticket or card id does not verify.
        let other = ApiTicket::new(format!("{ticket}x")).unwrap();
        prop_assert!(!verify_card_ext(&other, &card_id, &s.card_ext).unwrap());
    }

    #[test]
    fn choose_card_round_trips(ticket in value(), app_id in value(), shop in "[0-9]{0,10}", card_type in "[A-Z_]{0,14}",
                               card_id in "[A-Za-z0-9_\\-]{0,28}", nonce in "[A-Za-z0-9]{1,32}", ts in 0u64..99_999_999_999) {
        let t = ApiTicket::new(ticket.clone()).unwrap();
        let p = ChooseCardParams { app_id: app_id.clone(), shop_id: shop.to_string(), card_type: card_type.clone(), card_id: card_id.clone(), timestamp: Some(ts), nonce_str: Some(nonce.clone()) };
        let s = sign_choose_card(&t, &p).unwrap();
        prop_assert!(verify_choose_card(&t, &p, s.card_sign.as_str()).unwrap());
        let ts_text = ts.to_string();
        prop_assert_eq!(s.card_sign.as_str(), naive(&[&ticket, &app_id, &shop, &ts_text, &nonce, &card_id, &card_type]));
    }

    #[test]
    fn jsapi_config_round_trips(ticket in value(), path in "[a-z0-9/?=&%.]{0,30}", fragment in "[a-z0-9/]{0,10}", nonce in "[A-Za-z0-9]{1,32}", ts in 0u64..99_999_999_999) {
        let t = JsapiTicket::new(ticket.clone()).unwrap();
        let url = format!("https://m.example.com/{path}");
        let with_fragment = format!("{url}#{fragment}");
        let p = JsapiConfigParams { app_id: "wx1".into(), url: with_fragment.to_string(), timestamp: Some(ts), nonce_str: Some(nonce.clone()) };
        let s = sign_jsapi_config(&t, &p).unwrap();
        let reference = sha1_smol::Sha1::from(format!("jsapi_ticket={ticket}&noncestr={nonce}&timestamp={ts}&url={}", url_for_signing(&url))).hexdigest();
        prop_assert_eq!(s.signature.as_str(), reference);
        prop_assert!(verify_jsapi_config(&t, &p, s.signature.as_str()).unwrap());
    }

    #[test]
    fn parsers_never_panic(s in any::<String>()) {
        let ua = parse_user_agent(&s);
        prop_assert!(!(ua.is_wecom && ua.is_wechat));
        let _ = supports_cards(&s);
        if let Some(r) = parse_card_redirect(&s) {
            prop_assert!(!r.encrypt_code.is_empty() && !r.card_id.is_empty());
            prop_assert!(parse_card_redirect(&r.stripped_url).is_none());
        }
        let _ = strip_card_params(&s);
        let _ = diagnose_card_ext(&s, &s, Some(&s), Some(0));
        let _ = verify_card_ext(&ApiTicket::new("t").unwrap(), "c", &s);
        let _ = validate_card_json(&s);
        let _ = parse_timestamp("timestamp", &s);
    }

    #[test]
    fn user_agents_with_a_version_anywhere(prefix in "[ -~]{0,80}", suffix in "[ -~]{0,80}", a in 0u32..20, b in 0u32..20, c in 0u32..200) {
        prop_assume!(!prefix.to_ascii_lowercase().contains("micromessenger/") && !prefix.to_ascii_lowercase().contains("wxwork/") && !suffix.to_ascii_lowercase().contains("wxwork/"));
        // A digit, or a dot and a digit, right after the version would continue it.
        prop_assume!(!suffix.starts_with(|c: char| c.is_ascii_digit()) && !suffix.starts_with('.'));
        let ua = format!("{prefix}MicroMessenger/{a}.{b}.{c}{suffix}");
        let parsed = parse_user_agent(&ua);
        let v = parsed.version.unwrap();
        prop_assert_eq!(&v.parts()[..3], &[a, b, c][..]);
        prop_assert_eq!(parsed.supports_cards(), (a, b, c) >= (6, 0, 2));
    }

    #[test]
    fn redirect_values_survive_encoding(code in "[A-Za-z0-9+/=]{1,40}", card_id in "[A-Za-z0-9_\\-]{1,28}", keep in "[a-z]{1,8}") {
        let encoded: String = code.chars().map(|c| match c { '+' => "%2B".to_string(), '/' => "%2F".to_string(), '=' => "%3D".to_string(), c => c.to_string() }).collect();
        for raw in [code.clone(), encoded] {
            let url = format!("https://x.com/p?k={keep}&encrypt_code={raw}&card_id={card_id}");
            let r = parse_card_redirect(&url).unwrap();
            prop_assert_eq!(&r.encrypt_code, &code);
            prop_assert_eq!(&r.card_id, &card_id);
            prop_assert_eq!(r.stripped_url, format!("https://x.com/p?k={keep}"));
        }
    }
}

const GROUPON_CREATE: &str = include_str!("cards/seed-000-groupon-create.json");

proptest! {
    /// The card check's JSON reader agrees with serde_json on what is JSON, over the seed card
    /// cut short or with one character changed.
    #[test]
    fn card_json_reader_agrees_with_serde_json(at in 0usize..1500, c in any::<char>(), cut in any::<bool>()) {
        let at = GROUPON_CREATE.char_indices().map(|(i, _)| i).nth(at % GROUPON_CREATE.chars().count()).unwrap();
        let text = if cut {
            GROUPON_CREATE[..at].to_string()
        } else {
            let mut t = GROUPON_CREATE.to_string();
            let old = t[at..].chars().next().unwrap();
            t.replace_range(at..at + old.len_utf8(), c.encode_utf8(&mut [0; 4]));
            t
        };
        let report = validate_card_json(&text);
        let invalid = report.problems.iter().any(|p| p.code() == "INVALID_JSON");
        prop_assert_eq!(invalid, serde_json::from_str::<serde_json::Value>(&text).is_err(), "{}", text);
    }

    /// Titles are measured in UTF-8 bytes against string(27).
    #[test]
    fn title_limit_is_27_bytes(title in "[a-z0-9中文😀]{0,20}") {
        let text = GROUPON_CREATE.replace("132元双人火锅套餐", &title);
        let report = validate_card_json(&text);
        let too_long = report.problems.iter().any(|p| p.path == "card.groupon.base_info.title" && p.code() == "TOO_LONG");
        prop_assert_eq!(too_long, title.len() > 27);
        let empty = report.problems.iter().any(|p| p.path == "card.groupon.base_info.title" && p.code() == "MISSING");
        prop_assert_eq!(empty, title.is_empty());
    }
}

#[test]
fn huge_inputs_are_linear() {
    let ua = format!("{}MicroMessenger/8.0.1", "Mozilla ".repeat(1_300_000));
    assert!(ua.len() > 10_000_000);
    assert!(supports_cards(&ua));
    let query = format!("https://x.com/?{}&encrypt_code=E&card_id=c", "a=b&".repeat(250_000));
    assert!(query.len() > 1_000_000);
    assert_eq!(parse_card_redirect(&query).unwrap().encrypt_code, "E");
    let deep = "[".repeat(1_000_000);
    assert!(!validate_card_json(&deep).is_ok());
    // A card body with 200,000 keys, all misspelt, and a 1 MB description.
    let keys: String = (0..200_000).map(|i| format!("\"k{i}\":1,")).collect();
    let card = format!(
        "{{\"card\":{{\"card_type\":\"GROUPON\",\"groupon\":{{{keys}\"deal_detail\":\"{}\"}}}}}}",
        "详".repeat(350_000)
    );
    assert!(card.len() > 2_000_000);
    let report = validate_card_json(&card);
    assert_eq!(report.problems.iter().filter(|p| p.code() == "UNKNOWN_FIELD").count(), 200_000);
    assert!(report.problems.iter().any(|p| p.path == "card.groupon.deal_detail" && p.code() == "TOO_LONG"));
}
