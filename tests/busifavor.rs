//! 商家券: the two published vectors, the link's encoding and fragment, and a diagnosis that
//! names each common mistake, made here with a second HMAC written from the RFC 2104 recipe.

use sha2::{Digest, Sha256};
use wxcard::{
    diagnose_busifavor, sign_busifavor_h5, sign_busifavor_plugin, ApiV2Key, BusifavorCall, BusifavorCoupon,
    BusifavorH5Params, BusifavorPluginParams, SendCouponParam,
};

const KEY: &str = "192006250b4c09247ec02edce69f6a2d";
const V3: &str = "v3v3v3v3v3v3v3v3v3v3v3v3v3v3v3v3";

/// HMAC-SHA256 as RFC 2104 writes it, over SHA-256 alone: a second implementation.
fn hmac(key: &str, msg: &str) -> String {
    let mut k = [0u8; 64];
    k[..key.len()].copy_from_slice(key.as_bytes());
    let pad = |b: u8| k.iter().map(|x| x ^ b).collect::<Vec<u8>>();
    let inner = Sha256::new().chain_update(pad(0x36)).chain_update(msg).finalize();
    let outer = Sha256::new().chain_update(pad(0x5c)).chain_update(inner).finalize();
    hex(&outer)
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02X}")).collect()
}

fn signed(s: &str, key: &str) -> String {
    hmac(key, &format!("{s}&key={key}"))
}

fn h5() -> BusifavorH5Params {
    BusifavorH5Params {
        stock_id: "1212".into(),
        out_request_no: "abc123".into(),
        send_coupon_merchant: "10016226".into(),
        open_id: "oVvBvwEurkeUJpBzX90-6MfCHbec".into(),
        coupon_code: String::new(),
    }
}

/// The link with this sign and these extra raw query parts.
fn link(p: &BusifavorH5Params, sign: &str, fragment: &str) -> String {
    let mut url = format!(
        "https://action.weixin.qq.com/busifavor/getcouponinfo?stock_id={}&out_request_no={}&sign={sign}&send_coupon_merchant={}&open_id={}",
        p.stock_id,
        p.out_request_no,
        p.send_coupon_merchant,
        p.open_id.replace('+', "%2B").replace('/', "%2F").replace('=', "%3D")
    );
    if !p.coupon_code.is_empty() {
        url += &format!("&coupon_code={}", p.coupon_code);
    }
    url + fragment
}

fn codes(d: &wxcard::BusifavorDiagnosis) -> Vec<&'static str> {
    d.findings.iter().map(|f| f.code.as_str()).collect()
}

fn first_with_key(url: String) -> &'static str {
    let d = diagnose_busifavor(&BusifavorCall { url, ..Default::default() }, Some(KEY), Some(V3));
    d.findings[0].code.as_str()
}

#[test]
fn the_link_matches_a_second_hmac() {
    let key = ApiV2Key::new(KEY).unwrap();
    let p = h5();
    let s = sign_busifavor_h5(&key, &p).unwrap();
    let string =
        "open_id=oVvBvwEurkeUJpBzX90-6MfCHbec&out_request_no=abc123&send_coupon_merchant=10016226&stock_id=1212";
    assert_eq!(s.sign.as_str(), signed(string, KEY));
    assert!(s.url.ends_with("#wechat_pay&wechat_redirect"));
    let d = diagnose_busifavor(&BusifavorCall { url: s.url.clone(), ..Default::default() }, Some(KEY), None);
    assert_eq!(codes(&d), ["PAY_SIGN_OK"]);
    assert!(d.ok);
}

#[test]
fn the_plugin_vector() {
    let key = ApiV2Key::new("exposed_your_key_here_have_risks").unwrap();
    let c = |s: &str, n: &str| BusifavorCoupon { stock_id: s.into(), out_request_no: n.into(), ..Default::default() };
    let p = BusifavorPluginParams {
        send_coupon_merchant: "10016226".into(),
        coupons: vec![c("abc123", "1234567"), c("321cba", "7654321")],
    };
    let s = sign_busifavor_plugin(&key, &p).unwrap();
    assert_eq!(s.sign.as_str(), "20FB971D442A119C85CA1A49DBDEA61A14944D98AFC1D2B040030C5C8792A83A");
}

#[test]
fn each_mistake_of_the_link_is_named() {
    let p = h5();
    let sorted =
        "open_id=oVvBvwEurkeUJpBzX90-6MfCHbec&out_request_no=abc123&send_coupon_merchant=10016226&stock_id=1212";
    let frag = "#wechat_pay&wechat_redirect";
    let right = signed(sorted, KEY);
    assert_eq!(first_with_key(link(&p, &right.to_lowercase(), frag)), "MISTAKE_PAY_LOWERCASE_HEX");
    #[cfg(feature = "pay-md5")]
    {
        use md5::Digest as _;
        let md5 = hex(&md5::Md5::digest(format!("{sorted}&key={KEY}")));
        assert_eq!(first_with_key(link(&p, &md5, frag)), "MISTAKE_PAY_MD5");
    }
    assert_eq!(first_with_key(link(&p, &hmac(KEY, sorted), frag)), "MISTAKE_PAY_KEY_NOT_APPENDED");
    let plain = hex(&Sha256::digest(format!("{sorted}&key={KEY}")));
    assert_eq!(first_with_key(link(&p, &plain, frag)), "MISTAKE_PAY_KEY_NOT_HMAC_KEY");
    let unsorted =
        "stock_id=1212&out_request_no=abc123&send_coupon_merchant=10016226&open_id=oVvBvwEurkeUJpBzX90-6MfCHbec";
    assert_eq!(first_with_key(link(&p, &signed(unsorted, KEY), frag)), "MISTAKE_PAY_UNSORTED");
    let openid =
        "openid=oVvBvwEurkeUJpBzX90-6MfCHbec&out_request_no=abc123&send_coupon_merchant=10016226&stock_id=1212";
    assert_eq!(first_with_key(link(&p, &signed(openid, KEY), frag)), "MISTAKE_PAY_OPENID_NAME");
    let extra = format!("coupon_code=&{sorted}");
    assert_eq!(first_with_key(link(&p, &signed(&extra, KEY), frag)), "MISTAKE_PAY_COUPON_CODE_EXTRA");
    let typed = format!("{}&sign_type=HMAC-SHA256&stock_id=1212", sorted.trim_end_matches("&stock_id=1212"));
    assert_eq!(first_with_key(link(&p, &signed(&typed, KEY), frag)), "MISTAKE_PAY_SIGN_TYPE_SIGNED");
    assert_eq!(first_with_key(link(&p, &signed(sorted, V3), frag)), "MISTAKE_PAY_APIV3_KEY");
    assert_eq!(
        first_with_key(link(&p, &signed(sorted, "another_key_another_key_another_k"), frag)),
        "PAY_SIGN_MISMATCH"
    );
    // A merchant-assigned code sent but not signed.
    let coded = BusifavorH5Params { coupon_code: "CODE_1".into(), ..h5() };
    assert_eq!(first_with_key(link(&coded, &right, frag)), "MISTAKE_PAY_COUPON_CODE_NOT_SIGNED");
    // A value URL-encoded before signing.
    let odd = BusifavorH5Params { open_id: "o+x/y=".into(), ..h5() };
    let encoded = "open_id=o%2Bx%2Fy%3D&out_request_no=abc123&send_coupon_merchant=10016226&stock_id=1212";
    assert_eq!(first_with_key(link(&odd, &signed(encoded, KEY), frag)), "MISTAKE_PAY_VALUE_ENCODED");
}

#[test]
fn each_mistake_of_the_plugin_is_named() {
    let coupons = vec![
        SendCouponParam { stock_id: "abc123".into(), out_request_no: "1234567".into(), ..Default::default() },
        SendCouponParam { stock_id: "321cba".into(), out_request_no: "7654321".into(), ..Default::default() },
    ];
    let call = |sign: String| BusifavorCall {
        send_coupon_merchant: "10016226".into(),
        send_coupon_params: coupons.clone(),
        sign,
        ..Default::default()
    };
    let first = |sign: String| diagnose_busifavor(&call(sign), Some(KEY), None).findings[0].code.as_str();
    let unindexed =
        "out_request_no=1234567&out_request_no=7654321&send_coupon_merchant=10016226&stock_id=abc123&stock_id=321cba";
    assert_eq!(first(signed(unindexed, KEY)), "MISTAKE_PAY_UNINDEXED");
    let from_one = "out_request_no1=1234567&out_request_no2=7654321&send_coupon_merchant=10016226&stock_id1=abc123&stock_id2=321cba";
    assert_eq!(first(signed(from_one, KEY)), "MISTAKE_PAY_UNINDEXED");
    let unsorted = "stock_id0=abc123&out_request_no0=1234567&stock_id1=321cba&out_request_no1=7654321&send_coupon_merchant=10016226";
    assert_eq!(first(signed(unsorted, KEY)), "MISTAKE_PAY_UNSORTED");
    let right = "out_request_no0=1234567&out_request_no1=7654321&send_coupon_merchant=10016226&stock_id0=abc123&stock_id1=321cba";
    assert_eq!(first(signed(right, KEY)), "PAY_SIGN_OK");
}

#[test]
fn without_the_key_the_structure_and_the_masked_string() {
    let p = h5();
    let frag = "#wechat_pay&wechat_redirect";
    let d = |url: String| diagnose_busifavor(&BusifavorCall { url, ..Default::default() }, None, None);
    let good = "A".repeat(64);
    let no_fragment = d(link(&p, &good, ""));
    assert_eq!(codes(&no_fragment), ["PAY_URL_FRAGMENT_MISSING", "PAY_KEY_NOT_GIVEN"]);
    assert_eq!(
        no_fragment.string_to_sign,
        "open_id=oVvBvwEurkeUJpBzX90-6MfCHbec&out_request_no=abc123&send_coupon_merchant=10016226&stock_id=1212&key=********************************"
    );
    assert_eq!(no_fragment.expected_sign, None);
    assert!(codes(&d(link(&p, &good, "#wechat_redirect"))).contains(&"PAY_URL_OLD_FRAGMENT"));
    assert!(codes(&d(link(&p, &"a".repeat(64), frag))).contains(&"PAY_SIGN_LOWERCASE"));
    assert!(codes(&d(link(&p, &"A".repeat(32), frag))).contains(&"PAY_SIGN_MD5_LENGTH"));
    assert!(codes(&d(link(&p, "xyz", frag))).contains(&"PAY_SIGN_MALFORMED"));
    assert!(codes(&d(link(&p, "", frag))).contains(&"PAY_SIGN_MISSING"));
    let bad = BusifavorH5Params {
        stock_id: "1".repeat(21),
        out_request_no: "a-b".into(),
        send_coupon_merchant: "123".into(),
        open_id: String::new(),
        coupon_code: "券".into(),
    };
    let found = codes(&d(link(&bad, &good, frag)));
    for code in [
        "PAY_STOCK_ID_INVALID",
        "PAY_OUT_REQUEST_NO_INVALID",
        "PAY_MERCHANT_INVALID",
        "PAY_OPEN_ID_INVALID",
        "PAY_COUPON_CODE_INVALID",
    ] {
        assert!(found.contains(&code), "{code} in {found:?}");
    }
    let openid = link(&p, &good, frag).replace("&open_id=", "&openid=");
    assert!(codes(&d(openid)).contains(&"PAY_URL_OPENID_NAME"));
    let raw = link(&p, &good, frag).replace("abc123", "abc+123");
    assert!(codes(&d(raw)).contains(&"PAY_URL_VALUE_NOT_ENCODED"));
    let voucher = link(&p, &good, "&create_coupon_merchant=10016226") + frag;
    assert!(codes(&d(voucher)).contains(&"PAY_H5_VOUCHER"));
    assert!(codes(&d(link(&p, &good, frag).replace("action.weixin", "evil"))).contains(&"PAY_URL_NOT_BUSIFAVOR"));

    // The plugin: more than 10 coupons, two merchants, none.
    let item = |m: &str| SendCouponParam {
        stock_id: "1".into(),
        out_request_no: "1".into(),
        create_coupon_merchant: m.into(),
        ..Default::default()
    };
    let plugin = |params: Vec<SendCouponParam>| {
        let call = BusifavorCall {
            send_coupon_merchant: "10016226".into(),
            send_coupon_params: params,
            sign: good.clone(),
            ..Default::default()
        };
        codes(&diagnose_busifavor(&call, None, None))
    };
    assert!(plugin((0..11).map(|_| item("")).collect()).contains(&"PAY_TOO_MANY_COUPONS"));
    assert!(plugin(vec![item("10016226"), item("10016227")]).contains(&"PAY_TWO_MERCHANTS"));
    assert!(plugin(vec![item(""), item("10016227")]).contains(&"PAY_TWO_MERCHANTS"));
    assert!(plugin(vec![]).contains(&"PAY_NO_COUPONS"));
    let invalid_key =
        diagnose_busifavor(&BusifavorCall { url: link(&p, &good, frag), ..Default::default() }, Some("short"), None);
    assert!(codes(&invalid_key).contains(&"PAY_KEY_INVALID"));
}

/// The key never appears in an answer, a Debug print, or an error.
#[test]
fn the_key_never_appears() {
    let key = ApiV2Key::new(KEY).unwrap();
    let p = h5();
    let s = sign_busifavor_h5(&key, &p).unwrap();
    let d = diagnose_busifavor(&BusifavorCall { url: s.url.clone(), ..Default::default() }, Some(KEY), Some(V3));
    let mut out = format!("{key:?} {s:?} {d:?} {}", serde_json::to_string(&d).unwrap());
    out += &serde_json::to_string(&s).unwrap();
    out += &ApiV2Key::new(format!("{KEY} ")).unwrap_err().to_string();
    out += &format!("{:?}", sign_busifavor_h5(&key, &BusifavorH5Params { stock_id: String::new(), ..h5() }));
    for secret in [KEY, V3] {
        assert!(!out.contains(secret), "the key in {out}");
    }
}
