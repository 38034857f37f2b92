//! wx.config diagnosis: every common mistake reproduced with an independent SHA-1 and found
//! first; the structural checks without a ticket.
use wxcard::{diagnose_jsapi_config, JsapiConfigCall, Severity};

const TICKET: &str = "sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg";
const CARD_TICKET: &str = "kgt8ON7yVITDhtdwci0qeUK9Mgd3jh2hqJhH3b0WtzHgrO6mZp0aTm4bNqzLpXoh";
const NONCE: &str = "Wm3WZYTPz0wzccnW";
const TS: &str = "1414587457";
const URL: &str = "https://m.example.com/card.html?from=a&b=1";
const LANDING: &str = "https://m.example.com/card.html?encrypt_code=x%2B&card_id=p1";
const IOS: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 16_0 like Mac OS X) MicroMessenger/8.0.40(0x1800282a)";
const ANDROID: &str = "Mozilla/5.0 (Linux; Android 12) MicroMessenger/8.0.40.2420(0x28002837)";

fn sha1(s: &str) -> String {
    sha1_smol::Sha1::from(s).hexdigest()
}

fn signed(ticket: &str, nonce_key: &str, ts: &str, url: &str) -> String {
    sha1(&format!("jsapi_ticket={ticket}&{nonce_key}={NONCE}&timestamp={ts}&url={url}"))
}

fn first(signature: &str, url: &str, landing: &str, ua: &str) -> (&'static str, Severity) {
    let d =
        diagnose_jsapi_config(&call(signature, url, landing, ua), Some(TICKET), Some(CARD_TICKET), Some(1414587457));
    let f = d.findings[0];
    // The expected signature is the right one, whatever was found.
    let needed = if ua == IOS && !landing.is_empty() { landing } else { url };
    assert_eq!(
        d.expected_signature.unwrap().as_str(),
        signed(TICKET, "noncestr", TS, needed.split('#').next().unwrap())
    );
    (f.code.as_str(), f.severity)
}

#[test]
fn the_published_vector() {
    let sig = "0f9de62fce790f9a083d5c99e95740ceb90c27ed";
    let url = "http://mp.weixin.qq.com?params=value";
    let call = JsapiConfigCall {
        url: url.into(),
        app_id: "wx1234567890abcdef".into(),
        timestamp: TS.into(),
        nonce_str: NONCE.into(),
        signature: sig.into(),
        ..Default::default()
    };
    let d = diagnose_jsapi_config(&call, Some(TICKET), None, Some(1414587457));
    assert!(d.is_ok());
    assert_eq!(d.findings[0].code, "CONFIG_SIGNATURE_OK");
}

#[test]
fn every_mistake_is_found_first() {
    let right = signed(TICKET, "noncestr", TS, URL);
    let with_fragment = format!("{URL}#/list");
    assert_eq!(first(&right, URL, "", ANDROID), ("CONFIG_SIGNATURE_OK", Severity::Info));
    let cases: Vec<(String, &str, &str, &str, &str)> = vec![
        (right.to_uppercase(), URL, "", ANDROID, "MISTAKE_UPPERCASE_HEX"),
        (signed(TICKET, "noncestr", TS, &with_fragment), &with_fragment, "", ANDROID, "MISTAKE_URL_FRAGMENT"),
        (
            signed(TICKET, "noncestr", TS, "https%3A%2F%2Fm.example.com%2Fcard.html%3Ffrom%3Da%26b%3D1"),
            URL,
            "",
            ANDROID,
            "MISTAKE_URL_ENCODED",
        ),
        (
            signed(TICKET, "noncestr", TS, "https://m.example.com/card.html?from=a&amp;b=1"),
            URL,
            "",
            ANDROID,
            "MISTAKE_HTML_ESCAPED_URL",
        ),
        // Android checks the current URL: the landing one was signed.
        (signed(TICKET, "noncestr", TS, LANDING), URL, LANDING, ANDROID, "MISTAKE_WRONG_URL"),
        // iOS checks the landing URL: the current one was signed.
        (signed(TICKET, "noncestr", TS, URL), URL, LANDING, IOS, "MISTAKE_WRONG_URL"),
        (
            signed(TICKET, "noncestr", TS, "http://m.example.com/card.html?from=a&b=1"),
            URL,
            "",
            ANDROID,
            "MISTAKE_URL_SCHEME",
        ),
        (signed(CARD_TICKET, "noncestr", TS, URL), URL, "", ANDROID, "MISTAKE_CARD_TICKET"),
        (
            sha1(&format!("jsapiTicket={TICKET}&nonceStr={NONCE}&timestamp={TS}&url={URL}")),
            URL,
            "",
            ANDROID,
            "MISTAKE_KEY_CASE",
        ),
        (
            sha1(&format!("noncestr={NONCE}&jsapi_ticket={TICKET}&timestamp={TS}&url={URL}")),
            URL,
            "",
            ANDROID,
            "MISTAKE_UNSORTED_KEYS",
        ),
        (
            sha1(&format!("url={URL}&timestamp={TS}&noncestr={NONCE}&jsapi_ticket={TICKET}")),
            URL,
            "",
            ANDROID,
            "MISTAKE_UNSORTED_KEYS",
        ),
        (signed(TICKET, "noncestr", "1414587457123", URL), URL, "", ANDROID, "MISTAKE_OTHER_TIMESTAMP"),
        (signed(TICKET, "noncestr", "1414587037", URL), URL, "", ANDROID, "MISTAKE_OTHER_TIMESTAMP"),
    ];
    for (sig, url, landing, ua, expected) in cases {
        assert_eq!(first(&sig, url, landing, ua), (expected, Severity::Error), "{expected}");
    }
    let unknown = signed("someOtherTicket", "noncestr", TS, URL);
    assert_eq!(first(&unknown, URL, "", ANDROID).0, "CONFIG_SIGNATURE_MISMATCH");
}

#[test]
fn shape_checks_without_a_ticket() {
    let call = JsapiConfigCall {
        url: "/card.html#top".into(),
        app_id: "123".into(),
        timestamp: "1414587457000".into(),
        nonce_str: "".into(),
        signature: "F137AB".into(),
        ..Default::default()
    };
    let d = diagnose_jsapi_config(&call, None, None, Some(1414587457));
    let codes: Vec<&str> = d.findings.iter().map(|f| f.code.as_str()).collect();
    for expected in [
        "APP_ID_MALFORMED",
        "NONCE_STR_MISSING",
        "URL_NOT_ABSOLUTE",
        "TIMESTAMP_IN_MILLISECONDS",
        "SIGNATURE_MALFORMED",
        "JSAPI_TICKET_NOT_GIVEN",
    ] {
        assert!(codes.contains(&expected), "{expected} missing from {codes:?}");
    }
    assert!(!d.is_ok() && d.expected_signature.is_none());
    let fragment = JsapiConfigCall { url: "https://a.com/p#x".into(), ..call.clone() };
    assert!(diagnose_jsapi_config(&fragment, None, None, None).findings.iter().any(|f| f.code == "URL_HAS_FRAGMENT"));
    // The JSON never carries a ticket.
    #[cfg(feature = "serde")]
    {
        let json = serde_json::to_string(&diagnose_jsapi_config(&call, Some(TICKET), Some(CARD_TICKET), None)).unwrap();
        assert!(!json.contains(TICKET) && !json.contains(CARD_TICKET));
    }
}

/// Every finding code of a call diagnosed with both tickets, in order.
fn codes_of(call: &JsapiConfigCall) -> Vec<&'static str> {
    let d = diagnose_jsapi_config(call, Some(TICKET), Some(CARD_TICKET), Some(1414587457));
    d.findings.iter().map(|f| f.code.as_str()).collect()
}

fn call(signature: &str, url: &str, landing: &str, ua: &str) -> JsapiConfigCall {
    JsapiConfigCall {
        url: url.into(),
        landing_url: landing.into(),
        app_id: "wx1234567890abcdef".into(),
        timestamp: TS.into(),
        nonce_str: NONCE.into(),
        signature: signature.into(),
        user_agent: ua.into(),
        ..Default::default()
    }
}

#[test]
fn two_mistakes_at_once_are_both_named() {
    let with_fragment = format!("{URL}#/list");
    let encoded_with_fragment = "https%3A%2F%2Fm.example.com%2Fcard.html%3Ffrom%3Da%26b%3D1%23%2Flist";
    let current_ios = "https://m.example.com/app/orders";
    let cases: Vec<(String, String, &str, &str, [&str; 2])> = vec![
        (
            signed(CARD_TICKET, "noncestr", TS, &with_fragment),
            with_fragment.clone(),
            "",
            ANDROID,
            ["MISTAKE_URL_FRAGMENT", "MISTAKE_CARD_TICKET"],
        ),
        (
            signed(TICKET, "noncestr", TS, encoded_with_fragment),
            with_fragment.clone(),
            "",
            ANDROID,
            ["MISTAKE_URL_ENCODED", "MISTAKE_URL_FRAGMENT"],
        ),
        (
            signed(TICKET, "noncestr", TS, &format!("{current_ios}#top")),
            format!("{current_ios}#top"),
            LANDING,
            IOS,
            ["MISTAKE_URL_FRAGMENT", "MISTAKE_WRONG_URL"],
        ),
        (
            signed(CARD_TICKET, "noncestr", TS, "http://m.example.com/card.html?from=a&b=1"),
            URL.to_owned(),
            "",
            ANDROID,
            ["MISTAKE_URL_SCHEME", "MISTAKE_CARD_TICKET"],
        ),
    ];
    for (sig, url, landing, ua, expected) in &cases {
        let mut found = codes_of(&call(sig, url, landing, ua));
        found.truncate(2);
        found.sort_unstable();
        let mut expected = expected.to_vec();
        expected.sort_unstable();
        assert_eq!(found, expected, "{expected:?}");
    }
    // Milliseconds sent, seconds signed.
    let seconds = signed(TICKET, "noncestr", TS, URL);
    let ms = JsapiConfigCall { timestamp: "1414587457123".into(), ..call(&seconds, URL, "", ANDROID) };
    let found = codes_of(&ms);
    assert_eq!(found[0], "MISTAKE_OTHER_TIMESTAMP", "{found:?}");
    assert!(found.contains(&"TIMESTAMP_IN_MILLISECONDS"));
}

#[test]
fn the_url_cut_at_its_ampersand_or_decoded_once_too_often() {
    let truncated = signed(TICKET, "noncestr", TS, "https://m.example.com/card.html?from=a");
    assert_eq!(first(&truncated, URL, "", ANDROID), ("MISTAKE_URL_TRUNCATED", Severity::Error));
    // iOS checks the landing URL, whose encrypt_code holds %2B: the server signed it as '+'.
    let decoded = signed(TICKET, "noncestr", TS, "https://m.example.com/card.html?encrypt_code=x+&card_id=p1");
    assert_eq!(first(&decoded, URL, LANDING, IOS), ("MISTAKE_URL_DECODED", Severity::Error));
    // A ticket read from a file with its newline.
    let newline = signed(&format!("{TICKET}\n"), "noncestr", TS, URL);
    assert_eq!(first(&newline, URL, "", ANDROID), ("MISTAKE_TICKET_WHITESPACE", Severity::Error));
}

#[test]
fn without_the_user_agent_the_landing_url_is_not_called_wrong() {
    let landing = signed(TICKET, "noncestr", TS, LANDING);
    let found = codes_of(&call(&landing, URL, LANDING, ""));
    assert_eq!(found, ["SIGNED_LANDING_URL"]);
    // With the user agent, Android says it is wrong; iOS that it is right.
    assert_eq!(codes_of(&call(&landing, URL, LANDING, ANDROID))[0], "MISTAKE_WRONG_URL");
    assert_eq!(codes_of(&call(&landing, URL, LANDING, IOS)), ["CONFIG_SIGNATURE_OK"]);
}

#[test]
fn long_urls() {
    // Over the 1024 bytes of a signed value, under the 4096 of a URL: diagnosed and signed.
    let long = format!("https://m.example.com/app?state={}", "a".repeat(2000));
    let right = signed(TICKET, "noncestr", TS, &long);
    assert_eq!(codes_of(&call(&right, &long, "", ANDROID)), ["CONFIG_SIGNATURE_OK"]);
    let params = wxcard::JsapiConfigParams {
        app_id: "wx1234567890abcdef".into(),
        url: long.to_string(),
        timestamp: Some(1414587457),
        nonce_str: Some(NONCE.into()),
    };
    let ticket = wxcard::JsapiTicket::new(TICKET).unwrap();
    assert_eq!(wxcard::sign_jsapi_config(&ticket, &params).unwrap().signature.as_str(), right);
    // Over 4096 bytes: named, and nothing hashed.
    let too_long = format!("https://m.example.com/app?state={}", "a".repeat(5000));
    let d = diagnose_jsapi_config(&call(&right, &too_long, "", ANDROID), Some(TICKET), None, Some(1414587457));
    assert_eq!(d.findings[0].code, "URL_TOO_LONG");
    assert!(d.expected_signature.is_none());
    let params = wxcard::JsapiConfigParams { url: too_long.to_string(), ..params };
    assert_eq!(wxcard::sign_jsapi_config(&ticket, &params).unwrap_err().code(), "URL_TOO_LONG");
    // White space around the URL is named as such.
    let spaced = format!("{URL} ");
    assert!(codes_of(&call(&right, &spaced, "", ANDROID)).contains(&"VALUE_SURROUNDING_WHITESPACE"));
}

const HARMONY: &str = "Mozilla/5.0 (Phone; OpenHarmony 5.1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/114.0.0.0 Safari/537.36  ArkWeb/4.1.6.1 Mobile MicroMessenger/8.0.9.39(0xf3100927) Weixin NetType/WIFI Language/zh_CN MMWEBID/2777 MMWEBSDK/202507060011 XWEB/1140307";

#[test]
fn share_and_oauth_parameters_appended_after_signing() {
    // WeChat appended its share parameters to a page whose server signs a URL of its own.
    let shared = "https://m.example.com/card.html?id=7&from=singlemessage&isappinstalled=0";
    let unshared = signed(TICKET, "noncestr", TS, "https://m.example.com/card.html?id=7");
    // Cut at the first '&' this is the same text: named as what WeChat did, not as a truncation.
    assert_eq!(first(&unshared, shared, "", ANDROID), ("MISTAKE_SHARE_PARAMS_NOT_SIGNED", Severity::Error));
    // Wherever they stand, from the timeline too.
    let timeline = "https://m.example.com/card.html?from=timeline&id=7&isappinstalled=0";
    assert_eq!(first(&unshared, timeline, "", ANDROID), ("MISTAKE_SHARE_PARAMS_NOT_SIGNED", Severity::Error));
    // A page's own `from` is kept.
    let own = signed(TICKET, "noncestr", TS, "https://m.example.com/card.html?from=a&b=1");
    assert_eq!(
        first(&own, "https://m.example.com/card.html?from=a&b=1&from=groupmessage", "", ANDROID).0,
        "MISTAKE_SHARE_PARAMS_NOT_SIGNED"
    );
    // OAuth's code and state, at the front.
    let oauth = "https://m.example.com/card.html?code=071nck1w3wWMcX&state=s1&id=7";
    assert_eq!(first(&unshared, oauth, "", ANDROID), ("MISTAKE_OAUTH_PARAMS_NOT_SIGNED", Severity::Error));
    // Both at once, and on iOS on the landing URL it checks.
    let both = "https://m.example.com/card.html?code=c&state=s&id=7&from=singlemessage&isappinstalled=0";
    let mut found = codes_of(&call(&unshared, URL, both, IOS));
    found.truncate(2);
    found.sort_unstable();
    assert_eq!(found, ["MISTAKE_OAUTH_PARAMS_NOT_SIGNED", "MISTAKE_SHARE_PARAMS_NOT_SIGNED"]);
    // Signed with them: right.
    assert_eq!(codes_of(&call(&signed(TICKET, "noncestr", TS, shared), shared, "", ANDROID)), ["CONFIG_SIGNATURE_OK"]);
}

#[test]
fn one_key_in_camel_case() {
    let nonce = sha1(&format!("jsapi_ticket={TICKET}&nonceStr={NONCE}&timestamp={TS}&url={URL}"));
    assert_eq!(first(&nonce, URL, "", ANDROID), ("MISTAKE_NONCESTR_KEY_CASE", Severity::Error));
    let stamp = sha1(&format!("jsapi_ticket={TICKET}&noncestr={NONCE}&timeStamp={TS}&url={URL}"));
    assert_eq!(first(&stamp, URL, "", ANDROID), ("MISTAKE_TIMESTAMP_KEY_CASE", Severity::Error));
    let both = sha1(&format!("jsapi_ticket={TICKET}&nonceStr={NONCE}&timeStamp={TS}&url={URL}"));
    assert_eq!(
        codes_of(&call(&both, URL, "", ANDROID))[..2],
        ["MISTAKE_NONCESTR_KEY_CASE", "MISTAKE_TIMESTAMP_KEY_CASE"]
    );
    let all = sha1(&format!("jsapiTicket={TICKET}&nonceStr={NONCE}&timeStamp={TS}&url={URL}"));
    assert_eq!(codes_of(&call(&all, URL, "", ANDROID))[..2], ["MISTAKE_KEY_CASE", "MISTAKE_TIMESTAMP_KEY_CASE"]);
}

#[test]
fn the_url_the_server_signed_names_the_part_a_proxy_changed() {
    let page = "https://m.example.com/card.html?id=7";
    let behind = "http://10.0.3.7:8080/card.html?id=7";
    let sig = signed(TICKET, "noncestr", TS, behind);
    // Without signedUrl no replay guesses the proxy's address.
    assert_eq!(first(&sig, page, "", ANDROID).0, "CONFIG_SIGNATURE_MISMATCH");
    let with = |signed_url: &str, sig: &str| {
        let c = JsapiConfigCall { signed_url: signed_url.into(), ..call(sig, page, "", ANDROID) };
        codes_of(&c)
    };
    assert_eq!(with(behind, &sig), ["SIGNED_URL_SCHEME_DIFFERS", "SIGNED_URL_HOST_DIFFERS", "SIGNED_URL_PORT_DIFFERS"]);
    // One part at a time.
    for (signed_url, part) in [
        ("https://origin.example.com/card.html?id=7", "SIGNED_URL_HOST_DIFFERS"),
        ("https://m.example.com:443/card.html?id=7", "SIGNED_URL_PORT_DIFFERS"),
        ("https://m.example.com/app/card.html?id=7", "SIGNED_URL_PATH_DIFFERS"),
        ("https://m.example.com/card.html?id=7&v=2", "SIGNED_URL_QUERY_DIFFERS"),
    ] {
        assert_eq!(with(signed_url, &signed(TICKET, "noncestr", TS, signed_url)), [part], "{signed_url}");
        // Said but not what reproduces the signature: still named, beside the mismatch.
        let other = signed("someOtherTicket", "noncestr", TS, signed_url);
        assert_eq!(with(signed_url, &other), [part, "CONFIG_SIGNATURE_MISMATCH"], "{signed_url}");
    }
    // The server says it signed the page's URL, and the signature is right: nothing more.
    assert_eq!(with(page, &signed(TICKET, "noncestr", TS, page)), ["CONFIG_SIGNATURE_OK"]);
    // A fragment in what it signed is the fragment mistake.
    let frag = format!("{page}#/list");
    assert_eq!(with(&frag, &signed(TICKET, "noncestr", TS, &frag)), ["MISTAKE_URL_FRAGMENT"]);
}

#[test]
fn the_url_wechat_says_it_checked() {
    // A single-page app on iOS without its landing URL: WeChat's realAuthUrl says it.
    let current = "https://m.example.com/app/orders";
    let entered = "https://m.example.com/app/?from=singlemessage&isappinstalled=0";
    let checked = |sig: &str, real: &str| {
        let c = JsapiConfigCall { real_auth_url: real.into(), ..call(sig, current, "", IOS) };
        let d = diagnose_jsapi_config(&c, Some(TICKET), None, Some(1414587457));
        assert_eq!(
            d.expected_signature.unwrap().as_str(),
            signed(TICKET, "noncestr", TS, real.split('#').next().unwrap())
        );
        d.findings.iter().map(|f| f.code.as_str()).collect::<Vec<_>>()
    };
    assert_eq!(checked(&signed(TICKET, "noncestr", TS, entered), entered), ["CONFIG_SIGNATURE_OK"]);
    assert_eq!(
        checked(&signed(TICKET, "noncestr", TS, current), entered),
        ["MISTAKE_WRONG_URL", "REAL_AUTH_URL_DIFFERS"]
    );
    // And the replays run against it.
    let unshared = signed(TICKET, "noncestr", TS, "https://m.example.com/app/");
    assert_eq!(checked(&unshared, entered)[0], "MISTAKE_SHARE_PARAMS_NOT_SIGNED");
}

#[test]
fn harmony_checks_the_current_url_as_android() {
    let landing = signed(TICKET, "noncestr", TS, LANDING);
    assert_eq!(codes_of(&call(&signed(TICKET, "noncestr", TS, URL), URL, LANDING, HARMONY)), ["CONFIG_SIGNATURE_OK"]);
    assert_eq!(codes_of(&call(&landing, URL, LANDING, HARMONY))[0], "MISTAKE_WRONG_URL");
}
