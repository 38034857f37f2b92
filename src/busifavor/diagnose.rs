//! Why WeChat answered 签名错误, 272758293 (a bad sign) or 268435461 (the link's fragment) to a
//! 商家券 link or plugin call: every problem in what the page passed, most likely first.
//!
//! Without the key: the structure (sign's length and case, the fragment, each field's rule, at
//! most 10 coupons, one merchant) and the exact string to sign, the key masked. With the APIv2
//! key: the signature recomputed and, when it differs, the common mistakes replayed until one
//! produces the page's sign.

use alloc::borrow::ToOwned;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::h5::{BUSIFAVOR_H5_FRAGMENT, BUSIFAVOR_H5_URL};
use super::key::is_pay_key;
use super::plugin::{indexed_pairs, SendCouponParam, MAX_PLUGIN_COUPONS};
use super::rules;
use super::v2::{self, PaySignature};
use crate::diagnose::{Finding, FindingCode};
use crate::severity::Severity;

/// A 商家券 call as the page made it: the H5 link (`url`), or the plugin's attributes
/// (`sendCouponMerchant`, `sendCouponParams` with WeChat's names, `sign`). wx.addCard's
/// 商家券 form is signed as the plugin's: pass its values as the plugin's.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase", default))]
pub struct BusifavorCall {
    /// The whole H5 link the page opened (empty for the plugin).
    #[cfg_attr(feature = "serde", serde(deserialize_with = "crate::de::as_passed"))]
    pub url: String,
    /// The plugin's `send_coupon_merchant`.
    #[cfg_attr(feature = "serde", serde(deserialize_with = "crate::de::as_passed"))]
    pub send_coupon_merchant: String,
    /// The plugin's `send_coupon_params`.
    pub send_coupon_params: Vec<SendCouponParam>,
    /// The plugin's `sign` (the H5 link carries its own).
    #[cfg_attr(feature = "serde", serde(deserialize_with = "crate::de::as_passed"))]
    pub sign: String,
}

/// `{ok, expectedSign, stringToSign, findings}`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct BusifavorDiagnosis {
    /// True when nothing at error level was found.
    pub ok: bool,
    /// With the key: the sign the values should carry.
    pub expected_sign: Option<PaySignature>,
    /// The exact string to sign, `&key=` followed by 32 `*`: never the key.
    pub string_to_sign: String,
    /// The findings, most likely cause first.
    pub findings: Vec<Finding>,
}

impl BusifavorDiagnosis {
    /// The same without [`expected_sign`](Self::expected_sign): what a server that holds the
    /// key may answer anyone, so that it hands out no valid signature.
    #[must_use]
    pub fn redacted(mut self) -> Self {
        self.expected_sign = None;
        self
    }

    fn add(&mut self, code: FindingCode) {
        if !self.findings.iter().any(|f| f.code == code) {
            self.findings.push(code.into());
        }
    }
}

/// The signed pairs of a call as the page passed them (names owned: the plugin's are indexed).
struct Form {
    /// In the order given (the link's, or the plugin's item by item).
    pairs: Vec<(String, String)>,
    /// The given sign.
    sign: String,
    /// The plugin's coupons (empty for the link).
    coupons: Vec<SendCouponParam>,
    merchant: String,
}

impl Form {
    fn refs(&self) -> Vec<(&str, &str)> {
        self.pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
    }
}

/// The names the H5 link signs.
const H5_SIGNED: [&str; 5] = ["stock_id", "out_request_no", "send_coupon_merchant", "open_id", "coupon_code"];

/// Reads the H5 link: its signed pairs and sign, with the structural findings.
fn read_link(d: &mut BusifavorDiagnosis, url: &str) -> Form {
    let url = url.trim();
    let (before, fragment) = match url.split_once('#') {
        Some((b, f)) => (b, Some(f)),
        None => (url, None),
    };
    match fragment.map(|f| ["#", f].concat()) {
        Some(f) if f == BUSIFAVOR_H5_FRAGMENT => {}
        Some(f) if f == "#wechat_redirect" => d.add(FindingCode::PayUrlOldFragment),
        _ => d.add(FindingCode::PayUrlFragmentMissing),
    }
    let (base, query) = before.split_once('?').unwrap_or((before, ""));
    if base != BUSIFAVOR_H5_URL {
        d.add(FindingCode::PayUrlNotBusifavor);
    }
    let mut form = Form { pairs: Vec::new(), sign: String::new(), coupons: Vec::new(), merchant: String::new() };
    for part in query.split('&').filter(|p| !p.is_empty()) {
        let (k, raw) = part.split_once('=').unwrap_or((part, ""));
        if !raw.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'%')) {
            d.add(FindingCode::PayUrlValueNotEncoded);
        }
        // As WeChat Pay reads a link's value: `+` stays `+`.
        let value = crate::redirect::decode(raw, false);
        match k {
            "sign" => form.sign = value,
            "openid" => {
                d.add(FindingCode::PayUrlOpenidName);
                form.pairs.push(("open_id".to_owned(), value));
            }
            "create_coupon_merchant" => d.add(FindingCode::PayH5Voucher),
            k if H5_SIGNED.contains(&k) => {
                if k == "send_coupon_merchant" {
                    form.merchant.clone_from(&value);
                }
                form.pairs.push((k.to_owned(), value));
            }
            _ => {}
        }
    }
    let get = |name: &str| form.pairs.iter().find(|(k, _)| k == name).map_or("", |(_, v)| v.as_str());
    rule(d, rules::stock_id("stock_id", get("stock_id")).is_ok(), FindingCode::PayStockIdInvalid);
    rule(d, rules::out_request_no("", get("out_request_no")).is_ok(), FindingCode::PayOutRequestNoInvalid);
    rule(d, rules::merchant("", get("send_coupon_merchant")).is_ok(), FindingCode::PayMerchantInvalid);
    rule(d, rules::open_id("", get("open_id")).is_ok(), FindingCode::PayOpenIdInvalid);
    rule(d, rules::coupon_code("", get("coupon_code")).is_ok(), FindingCode::PayCouponCodeInvalid);
    form
}

/// Reads the plugin's attributes, with the structural findings.
fn read_plugin(d: &mut BusifavorDiagnosis, call: &BusifavorCall) -> Form {
    let coupons = &call.send_coupon_params;
    if coupons.is_empty() {
        d.add(FindingCode::PayNoCoupons);
    }
    if coupons.len() > MAX_PLUGIN_COUPONS {
        d.add(FindingCode::PayTooManyCoupons);
    }
    rule(d, rules::merchant("", &call.send_coupon_merchant).is_ok(), FindingCode::PayMerchantInvalid);
    let creator = coupons.first().map_or("", |c| c.create_coupon_merchant.as_str());
    for c in coupons {
        rule(d, rules::stock_id("", &c.stock_id).is_ok(), FindingCode::PayStockIdInvalid);
        rule(d, rules::out_request_no("", &c.out_request_no).is_ok(), FindingCode::PayOutRequestNoInvalid);
        rule(d, rules::coupon_code("", &c.coupon_code).is_ok(), FindingCode::PayCouponCodeInvalid);
        if !c.create_coupon_merchant.is_empty() {
            rule(d, rules::merchant("", &c.create_coupon_merchant).is_ok(), FindingCode::PayMerchantInvalid);
        }
        if c.create_coupon_merchant != creator {
            d.add(FindingCode::PayTwoMerchants);
        }
    }
    let pairs = indexed_pairs(&call.send_coupon_merchant, coupons);
    Form {
        pairs: pairs.into_iter().map(|(k, v)| (k, v.to_owned())).collect(),
        sign: call.sign.clone(),
        coupons: coupons.clone(),
        merchant: call.send_coupon_merchant.clone(),
    }
}

fn rule(d: &mut BusifavorDiagnosis, ok: bool, code: FindingCode) {
    if !ok {
        d.add(code);
    }
}

/// The sign as given: its length and case.
fn check_sign(d: &mut BusifavorDiagnosis, sign: &str) {
    let hex = sign.bytes().all(|b| b.is_ascii_hexdigit());
    if sign.is_empty() {
        d.add(FindingCode::PaySignMissing);
    } else if hex && sign.len() == 64 {
        if sign.bytes().any(|b| b.is_ascii_lowercase()) {
            d.add(FindingCode::PaySignLowercase);
        }
    } else if hex && sign.len() == 32 {
        d.add(FindingCode::PaySignMd5Length);
    } else {
        d.add(FindingCode::PaySignMalformed);
    }
}

/// Explains a 商家券 call. `key` is the APIv2 key (`None`: the structure only); `api_v3_key`,
/// when given too, lets the replay recognise a signature made with it. Neither key appears in
/// the answer: `stringToSign` masks it, and a finding quotes no value.
///
/// ```
/// use wxcard::{diagnose_busifavor, BusifavorCall};
/// let call = BusifavorCall {
///     url: "https://action.weixin.qq.com/busifavor/getcouponinfo?stock_id=1212&out_request_no=abc&sign=1A2B&send_coupon_merchant=10016226&open_id=oVvBvwEurkeUJpBzX90-6MfCHbec".into(),
///     ..Default::default()
/// };
/// let d = diagnose_busifavor(&call, None, None);
/// let codes: Vec<&str> = d.findings.iter().map(|f| f.code.as_str()).collect();
/// assert_eq!(codes, ["PAY_URL_FRAGMENT_MISSING", "PAY_SIGN_MALFORMED", "PAY_KEY_NOT_GIVEN"]);
/// assert_eq!(d.string_to_sign, "open_id=oVvBvwEurkeUJpBzX90-6MfCHbec&out_request_no=abc&send_coupon_merchant=10016226&stock_id=1212&key=********************************");
/// ```
pub fn diagnose_busifavor(call: &BusifavorCall, key: Option<&str>, api_v3_key: Option<&str>) -> BusifavorDiagnosis {
    let mut d = BusifavorDiagnosis::default();
    let form = if call.url.is_empty() { read_plugin(&mut d, call) } else { read_link(&mut d, &call.url) };
    check_sign(&mut d, &form.sign);
    d.string_to_sign = v2::pay_v2_string_masked(&form.refs());
    match key {
        None | Some("") => d.add(FindingCode::PayKeyNotGiven),
        Some(k) if !is_pay_key(k) => d.add(FindingCode::PayKeyInvalid),
        Some(k) => {
            let expected = v2::sign_joined(&v2::pairs_string(&form.refs()), k);
            d.expected_sign = Some(expected);
            let v3 = api_v3_key.filter(|v3| is_pay_key(v3) && *v3 != k);
            if !form.sign.is_empty() {
                d.add(replay(&form, k, v3, &expected));
            }
        }
    }
    d.findings.sort_by_key(|f| (!f.code.is_mistake(), f.severity));
    d.ok = !d.findings.iter().any(|f| f.severity == Severity::Error);
    d
}

/// The finding that names the given sign: right, one common mistake, or none of them.
fn replay(form: &Form, key: &str, v3: Option<&str>, expected: &PaySignature) -> FindingCode {
    let given = form.sign.as_str();
    if expected.matches(given) {
        return FindingCode::PaySignOk;
    }
    if expected.as_str().eq_ignore_ascii_case(given) {
        return FindingCode::MistakePayLowercaseHex;
    }
    let hits = |hex: &str| hex.eq_ignore_ascii_case(given);
    let hmac = |s: &str, k: &str| crate::encoding::hex(&v2::hmac_sha256(k.as_bytes(), s.as_bytes()), true);
    let sign_pairs = |pairs: &[(&str, &str)]| hmac(&v2::with_key(&v2::pairs_string(pairs), key), key);
    let sorted = v2::pairs_string(&form.refs());
    let with_key = v2::with_key(&sorted, key);

    #[cfg(feature = "pay-md5")]
    if hits(&crate::encoding::hex(&v2::md5(with_key.as_bytes()), true)) {
        return FindingCode::MistakePayMd5;
    }
    if hits(&hmac(&sorted, key)) {
        return FindingCode::MistakePayKeyNotAppended;
    }
    if hits(&crate::encoding::hex(&v2::sha256(with_key.as_bytes()), true)) {
        return FindingCode::MistakePayKeyNotHmacKey;
    }
    // The order given: the link's, or the plugin's item by item.
    let given_order: Vec<(&str, &str)> = form.refs().into_iter().filter(|(_, v)| !v.is_empty()).collect();
    if hits(&hmac(&v2::with_key(&v2::joined(given_order.iter().copied()), key), key)) {
        return FindingCode::MistakePayUnsorted;
    }
    if !form.coupons.is_empty() && unindexed(form, &|p| hits(&sign_pairs(p))) {
        return FindingCode::MistakePayUnindexed;
    }
    let renamed = |from: &str, to: &'static str| -> Vec<(&str, &str)> {
        form.refs().into_iter().map(|(k, v)| if k == from { (to, v) } else { (k, v) }).collect()
    };
    if form.coupons.is_empty() && hits(&sign_pairs(&renamed("open_id", "openid"))) {
        return FindingCode::MistakePayOpenidName;
    }
    let is_code = |k: &str| k.starts_with("coupon_code");
    let has_code = form.pairs.iter().any(|(k, v)| is_code(k) && !v.is_empty());
    if has_code {
        let without: Vec<(&str, &str)> = form.refs().into_iter().filter(|(k, _)| !is_code(k)).collect();
        if hits(&sign_pairs(&without)) {
            return FindingCode::MistakePayCouponCodeNotSigned;
        }
    } else {
        // Empty coupon_code pairs signed as `coupon_code=`: joined by hand, empties kept.
        let mut with_empty: Vec<(&str, &str)> = form.refs().into_iter().filter(|(_, v)| !v.is_empty()).collect();
        let names: Vec<String> = match form.coupons.len() {
            0 => alloc::vec!["coupon_code".to_owned()],
            n => (0..n).map(|i| format!("coupon_code{i}")).collect(),
        };
        with_empty.extend(names.iter().map(|n| (n.as_str(), "")));
        with_empty.sort_by(|a, b| a.0.cmp(b.0));
        if hits(&hmac(&v2::with_key(&v2::joined(with_empty), key), key)) {
            return FindingCode::MistakePayCouponCodeExtra;
        }
    }
    let encoded: Vec<(String, String)> = form.pairs.iter().map(|(k, v)| (k.clone(), v2::url_encode(v))).collect();
    if encoded != form.pairs {
        let refs: Vec<(&str, &str)> = encoded.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        if hits(&sign_pairs(&refs)) {
            return FindingCode::MistakePayValueEncoded;
        }
    }
    let mut typed = form.refs();
    for sign_type in ["HMAC-SHA256", "MD5"] {
        typed.retain(|(k, _)| *k != "sign_type");
        typed.push(("sign_type", sign_type));
        if hits(&sign_pairs(&typed)) {
            return FindingCode::MistakePaySignTypeSigned;
        }
    }
    if let Some(v3) = v3 {
        if hits(&hmac(&v2::with_key(&sorted, v3), v3)) {
            return FindingCode::MistakePayApiV3Key;
        }
    }
    FindingCode::PaySignMismatch
}

/// Whether a pair list signs to the given sign.
type Hits<'h> = &'h dyn Fn(&[(&str, &str)]) -> bool;

/// The plugin's keys without their index (each coupon's names repeated, in coupon order), or
/// indexed from 1.
fn unindexed(form: &Form, hits: Hits<'_>) -> bool {
    let mut plain: Vec<(&str, &str)> = Vec::new();
    for c in &form.coupons {
        plain.push(("stock_id", &c.stock_id));
        plain.push(("out_request_no", &c.out_request_no));
        plain.push(("coupon_code", &c.coupon_code));
        plain.push(("create_coupon_merchant", &c.create_coupon_merchant));
    }
    plain.push(("send_coupon_merchant", &form.merchant));
    // pairs_string sorts stably: repeated names keep the coupons' order.
    if hits(&plain) {
        return true;
    }
    let shifted: Vec<SendCouponParam> =
        core::iter::once(SendCouponParam::default()).chain(form.coupons.iter().cloned()).collect();
    let from_one = indexed_pairs(&form.merchant, &shifted);
    let refs: Vec<(&str, &str)> = from_one.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    hits(&refs)
}
