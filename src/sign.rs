//! Signing and verifying the three card signatures of the JS-SDK.
//!
//! - card_ext for `wx.addCard`: SHA-1 of the byte-sorted values of api_ticket, timestamp,
//!   card_id, code, openid and nonce_str.
//! - cardSign for `wx.chooseCard`: the same over api_ticket, app_id, location_id (shopId),
//!   timestamp, nonce_str, card_id and card_type.
//! - `wx.config`: SHA-1 of `jsapi_ticket=..&noncestr=..&timestamp=..&url=..`.
//!
//! Every input is checked first (see [`crate::validate`]): a value WeChat would reject is an
//! [`Error`], never a signature.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use sha1::{Digest, Sha1};
use subtle::ConstantTimeEq;

use crate::error::{Error, ErrorKind};
use crate::json;
use crate::nonce::{generate_nonce, now_seconds};
use crate::text::{self, Digits};
use crate::ticket::{ApiTicket, JsapiTicket};
use crate::validate;

/// A SHA-1 signature as 40 lower-case hex digits, kept on the stack.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Signature([u8; 40]);

impl Signature {
    fn from_digest(digest: &[u8]) -> Self {
        let hex = |n: u8| if n < 10 { b'0' + n } else { b'a' - 10 + n };
        let mut out = [b'0'; 40];
        for (pair, byte) in out.chunks_exact_mut(2).zip(digest) {
            if let [hi, lo] = pair {
                *hi = hex(byte >> 4);
                *lo = hex(byte & 0xf);
            }
        }
        Signature(out)
    }

    /// The 40 hex digits.
    pub fn as_str(&self) -> &str {
        core::str::from_utf8(&self.0).unwrap_or("")
    }

    /// Compares with a signature given as text, in constant time.
    pub fn matches(&self, other: &str) -> bool {
        other.len() == 40 && bool::from(self.0.as_slice().ct_eq(other.as_bytes()))
    }
}

impl fmt::Debug for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl AsRef<str> for Signature {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

/// SHA-1 of `values` sorted byte-wise and concatenated with no separator: the card signature
/// primitive. Empty values add nothing, so leaving one out and passing `""` sign the same.
///
/// Up to 16 values are sorted on the stack: no heap allocation.
pub fn sorted_sha1(values: &[&str]) -> Signature {
    let mut stack = [""; 16];
    match stack.get_mut(..values.len()) {
        Some(slot) => {
            for (dst, src) in slot.iter_mut().zip(values) {
                *dst = src;
            }
            sorted_sha1_in_place(slot)
        }
        None => sorted_sha1_in_place(&mut values.to_vec()),
    }
}

/// [`sorted_sha1`] that sorts the caller's slice instead of a copy.
pub fn sorted_sha1_in_place(values: &mut [&str]) -> Signature {
    sort_bytewise(values);
    sha1_concat(values)
}

/// SHA-1 of `parts` concatenated in the order given: no sorting, no separator.
pub fn sha1_concat(parts: &[&str]) -> Signature {
    // A card signature hashes a few hundred bytes in six or seven pieces: gathered on the stack,
    // they go through SHA-1 in one call instead of through its block buffer piece by piece.
    let mut buf = [0u8; 384];
    let mut len = 0;
    for p in parts {
        match buf.get_mut(len..len + p.len()) {
            Some(dst) => dst.copy_from_slice(p.as_bytes()),
            None => {
                let mut h = Sha1::new();
                parts.iter().for_each(|p| h.update(p.as_bytes()));
                return Signature::from_digest(&h.finalize());
            }
        }
        len += p.len();
    }
    Signature::from_digest(&Sha1::digest(buf.get(..len).unwrap_or_default()))
}

/// Sorts values the way card signatures need: by their UTF-8 bytes, which is not JavaScript's
/// default UTF-16 order and not a locale's order. Insertion sort: the lists are 6 or 7 long,
/// and it has no failure path.
pub fn sort_bytewise(values: &mut [&str]) {
    // Compare the first 8 bytes as one big-endian number, and the rest only on a tie: values
    // nearly always differ early, and this halves the sort's share of a signature.
    fn prefix(s: &str) -> u64 {
        let mut b = [0u8; 8];
        for (d, x) in b.iter_mut().zip(s.as_bytes()) {
            *d = *x;
        }
        u64::from_be_bytes(b)
    }
    let mut keys = [0u64; 16];
    let Some(keys) = keys.get_mut(..values.len()) else {
        let mut sorted = values.to_vec();
        crate::text::merge_sort(&mut sorted, |a, b| a <= b);
        for (slot, v) in values.iter_mut().zip(sorted) {
            *slot = v;
        }
        return;
    };
    for (k, v) in keys.iter_mut().zip(values.iter()) {
        *k = prefix(v);
    }
    for i in 1..values.len() {
        let mut j = i;
        while let (Some([ka, kb]), Some([a, b])) =
            (j.checked_sub(1).and_then(|k| keys.get_mut(k..=j)), j.checked_sub(1).and_then(|k| values.get_mut(k..=j)))
        {
            let greater = if ka != kb { *ka > *kb } else { *a > *b };
            if !greater {
                break;
            }
            core::mem::swap(ka, kb);
            core::mem::swap(a, b);
            j -= 1;
        }
    }
}

/// What one card of `wx.addCard` needs signed. Empty strings mean "not used".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CardExtParams<'a> {
    /// The card's id. Signed, but not a key inside card_ext.
    pub card_id: &'a str,
    /// Custom code (cards created with `use_custom_code`), at most 20 characters.
    pub code: &'a str,
    /// The only user who may receive the card (cards created with `bind_openid`).
    pub openid: &'a str,
    /// Unix seconds; `None` means now.
    pub timestamp: Option<u64>,
    /// `None` draws a random one; `Some("")` signs and sends none.
    pub nonce_str: Option<&'a str>,
    /// Start of validity for DATE_TYPE_FIX_TERM cards, Unix seconds. Not signed.
    pub fixed_begintimestamp: Option<u64>,
    /// Scene value reported back in the "user got card" event. Not signed.
    pub outer_str: &'a str,
}

/// One signed entry of `wx.addCard`'s `cardList`: `{ cardId, cardExt }`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedCardExt {
    /// The `cardId` to pass.
    pub card_id: String,
    /// The `cardExt` to pass: a JSON **string**, not an object.
    pub card_ext: String,
    /// The signature inside card_ext.
    pub signature: Signature,
    /// The timestamp signed.
    pub timestamp: u64,
    /// The nonce_str signed ("" when none).
    pub nonce_str: String,
}

/// Checks a card's inputs without signing: a server can refuse a bad request before it fetches
/// a ticket.
pub fn check_card_ext(p: &CardExtParams<'_>) -> Result<(), Error> {
    validate::value("card_id", p.card_id, true)?;
    validate::code("code", p.code)?;
    validate::value("openid", p.openid, false)?;
    validate::outer_str("outer_str", p.outer_str)?;
    if let Some(n) = p.nonce_str {
        validate::nonce("nonce_str", n, false)?;
    }
    if let Some(t) = p.fixed_begintimestamp {
        validate::seconds("fixed_begintimestamp", t)?;
    }
    Ok(())
}

fn timestamp_or_now(t: Option<u64>) -> Result<u64, Error> {
    match t.or_else(now_seconds) {
        Some(t) => validate::seconds("timestamp", t),
        None => Err(Error::new(ErrorKind::Missing, "timestamp")),
    }
}

fn nonce_or_random(n: Option<&str>) -> Result<String, Error> {
    match n {
        Some(n) => Ok(n.into()),
        None => generate_nonce(),
    }
}

/// Signs one card for `wx.addCard`.
///
/// ```
/// use wxcard::{sign_card_ext, ApiTicket, CardExtParams};
/// let ticket = ApiTicket::new("ojZ8YtyVyr30HheH3CM73y7h4jJE")?;
/// let card = sign_card_ext(&ticket, &CardExtParams {
///     card_id: "pjZ8Yt1XGILfi-FUsewpnnolGgZk",
///     code: "1434008071",
///     timestamp: Some(1404896688),
///     nonce_str: Some("123"),
///     ..Default::default()
/// })?;
/// assert_eq!(card.signature.as_str(), "f137ab68b7f8112d20ee528ab6074564e2796250");
/// assert_eq!(card.card_ext, r#"{"code":"1434008071","timestamp":"1404896688","nonce_str":"123","signature":"f137ab68b7f8112d20ee528ab6074564e2796250"}"#);
/// # Ok::<(), wxcard::Error>(())
/// ```
pub fn sign_card_ext(ticket: &ApiTicket, params: &CardExtParams<'_>) -> Result<SignedCardExt, Error> {
    let timestamp = timestamp_or_now(params.timestamp)?;
    sign_card_ext_at(ticket, params, timestamp)
}

fn sign_card_ext_at(ticket: &ApiTicket, p: &CardExtParams<'_>, timestamp: u64) -> Result<SignedCardExt, Error> {
    check_card_ext(p)?;
    let timestamp = validate::seconds("timestamp", p.timestamp.unwrap_or(timestamp))?;
    let nonce_str = nonce_or_random(p.nonce_str)?;
    let ts = Digits::new(timestamp);
    let ts = ts.as_str();
    let signature = sorted_sha1_in_place(&mut [ticket.expose_secret(), ts, p.card_id, p.code, p.openid, &nonce_str]);

    // Keys, quotes, signature, timestamps: under 176 bytes; then the values (escaping aside).
    let mut ext = String::with_capacity(176 + p.code.len() + p.openid.len() + p.outer_str.len() + nonce_str.len());
    ext.push('{');
    for (key, v) in [("code", p.code), ("openid", p.openid), ("timestamp", ts), ("nonce_str", &nonce_str)] {
        if !v.is_empty() {
            json::push_key(&mut ext, key);
            json::push_string(&mut ext, v);
        }
    }
    if let Some(begin) = p.fixed_begintimestamp {
        json::push_key(&mut ext, "fixed_begintimestamp");
        json::push_u64(&mut ext, begin);
    }
    if !p.outer_str.is_empty() {
        json::push_key(&mut ext, "outer_str");
        json::push_string(&mut ext, p.outer_str);
    }
    json::push_key(&mut ext, "signature");
    json::push_string(&mut ext, signature.as_str());
    ext.push('}');

    Ok(SignedCardExt { card_id: p.card_id.into(), card_ext: ext, signature, timestamp, nonce_str })
}

/// Signs several cards for one `wx.addCard` call, with one shared timestamp when none is given.
/// An error names the item it comes from ([`Error::item`]).
pub fn sign_card_ext_batch(ticket: &ApiTicket, cards: &[CardExtParams<'_>]) -> Result<Vec<SignedCardExt>, Error> {
    if cards.is_empty() {
        return Err(Error::new(ErrorKind::Missing, "card_list"));
    }
    let needs_now = cards.iter().any(|c| c.timestamp.is_none());
    let now = if needs_now { timestamp_or_now(None)? } else { 0 };
    cards.iter().enumerate().map(|(i, c)| sign_card_ext_at(ticket, c, now).map_err(|e| e.at_item(i))).collect()
}

/// Checks a card_ext as a page passes it to `wx.addCard`: recomputes the signature from the
/// values inside it. `Ok(false)` is a signature that does not match; `Err` is malformed input.
/// [`crate::diagnose_card_ext`] says why a signature does not match.
pub fn verify_card_ext(ticket: &ApiTicket, card_id: &str, card_ext: &str) -> Result<bool, Error> {
    validate::value("card_id", card_id, true)?;
    let obj = json::parse_object(card_ext).map_err(|_| Error::new(ErrorKind::CardExtNotJson, "card_ext"))?;
    let text = |key| obj.get_text(key).unwrap_or("");
    let signature = text("signature");
    validate::signature("signature", signature)?;
    let ts = validate::parse_timestamp("timestamp", text("timestamp"))?;
    let expected = sorted_sha1_in_place(&mut [
        ticket.expose_secret(),
        Digits::new(ts).as_str(),
        card_id,
        text("code"),
        text("openid"),
        text("nonce_str"),
    ]);
    Ok(expected.matches(signature))
}

/// What `wx.chooseCard` needs signed. Empty strings mean "not used".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ChooseCardParams<'a> {
    /// The official account's appid: required, or WeChat silently returns an empty list.
    pub app_id: &'a str,
    /// The store (`location_id`) to filter on; `shopId` in JavaScript.
    pub shop_id: &'a str,
    /// Card type to filter on, e.g. `GROUPON`.
    pub card_type: &'a str,
    /// One card id to filter on.
    pub card_id: &'a str,
    /// Unix seconds; `None` means now.
    pub timestamp: Option<u64>,
    /// `None` draws a random one.
    pub nonce_str: Option<&'a str>,
}

/// The parameters of `wx.chooseCard`: `{ shopId, cardType, cardId, timestamp, nonceStr, signType, cardSign }`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedChooseCard {
    /// `shopId`.
    pub shop_id: String,
    /// `cardType`.
    pub card_type: String,
    /// `cardId`.
    pub card_id: String,
    /// `timestamp`, a number in JavaScript.
    pub timestamp: u64,
    /// `nonceStr`.
    pub nonce_str: String,
    /// `cardSign`.
    pub card_sign: Signature,
}

impl SignedChooseCard {
    /// `signType`: always `SHA1`.
    pub const SIGN_TYPE: &'static str = "SHA1";
}

/// Checks wx.chooseCard inputs without signing.
pub fn check_choose_card(p: &ChooseCardParams<'_>) -> Result<(), Error> {
    validate::value("app_id", p.app_id, true)?;
    validate::value("shop_id", p.shop_id, false)?;
    validate::card_type("card_type", p.card_type)?;
    validate::value("card_id", p.card_id, false)?;
    if let Some(n) = p.nonce_str {
        validate::nonce("nonce_str", n, true)?;
    }
    Ok(())
}

fn choose_card_sign(ticket: &ApiTicket, p: &ChooseCardParams<'_>, timestamp: u64, nonce: &str) -> Signature {
    sorted_sha1_in_place(&mut [
        ticket.expose_secret(),
        p.app_id,
        p.shop_id,
        Digits::new(timestamp).as_str(),
        nonce,
        p.card_id,
        p.card_type,
    ])
}

/// Signs the parameters of `wx.chooseCard`.
///
/// ```
/// use wxcard::{sign_choose_card, ApiTicket, ChooseCardParams};
/// let ticket = ApiTicket::new("sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg")?;
/// let signed = sign_choose_card(&ticket, &ChooseCardParams {
///     app_id: "123456",
///     card_type: "GROUPON",
///     timestamp: Some(1414587457),
///     nonce_str: Some("Wm3WZYTPz0wzccnW"),
///     ..Default::default()
/// })?;
/// assert_eq!(signed.card_sign.as_str(), "c47b1fb500eb35d8f2f9b9375b4491089df953e2");
/// # Ok::<(), wxcard::Error>(())
/// ```
pub fn sign_choose_card(ticket: &ApiTicket, params: &ChooseCardParams<'_>) -> Result<SignedChooseCard, Error> {
    check_choose_card(params)?;
    let timestamp = timestamp_or_now(params.timestamp)?;
    let nonce_str = nonce_or_random(params.nonce_str)?;
    let card_sign = choose_card_sign(ticket, params, timestamp, &nonce_str);
    Ok(SignedChooseCard {
        shop_id: params.shop_id.into(),
        card_type: params.card_type.into(),
        card_id: params.card_id.into(),
        timestamp,
        nonce_str,
        card_sign,
    })
}

/// Checks a cardSign against the parameters it was made for (timestamp and nonce_str required).
pub fn verify_choose_card(ticket: &ApiTicket, params: &ChooseCardParams<'_>, card_sign: &str) -> Result<bool, Error> {
    check_choose_card(params)?;
    validate::signature("card_sign", card_sign)?;
    let timestamp = params.timestamp.ok_or(Error::new(ErrorKind::Missing, "timestamp"))?;
    let timestamp = validate::seconds("timestamp", timestamp)?;
    let nonce = params.nonce_str.ok_or(Error::new(ErrorKind::Missing, "nonce_str"))?;
    Ok(choose_card_sign(ticket, params, timestamp, nonce).matches(card_sign))
}

/// What `wx.config` needs signed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct JsapiConfigParams<'a> {
    /// The official account's appid, passed through to `appId`.
    pub app_id: &'a str,
    /// The page's URL exactly as the browser has it; a `#fragment` is dropped, nothing else changed.
    pub url: &'a str,
    /// Unix seconds; `None` means now.
    pub timestamp: Option<u64>,
    /// `None` draws a random one.
    pub nonce_str: Option<&'a str>,
}

/// The signature part of `wx.config`: `{ appId, timestamp, nonceStr, signature }`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedJsapiConfig {
    /// `appId`.
    pub app_id: String,
    /// `timestamp`, a number in JavaScript.
    pub timestamp: u64,
    /// `nonceStr`.
    pub nonce_str: String,
    /// `signature`.
    pub signature: Signature,
}

/// The URL as wx.config signs it: everything before the first `#`.
pub fn url_for_signing(url: &str) -> &str {
    text::before(url, b'#')
}

/// Checks wx.config inputs without signing.
pub fn check_jsapi_config(p: &JsapiConfigParams<'_>) -> Result<(), Error> {
    validate::value("app_id", p.app_id, true)?;
    validate::page_url("url", p.url)?;
    if let Some(n) = p.nonce_str {
        validate::nonce("nonce_str", n, true)?;
    }
    Ok(())
}

fn jsapi_signature(ticket: &JsapiTicket, url: &str, timestamp: u64, nonce: &str) -> Signature {
    sha1_concat(&[
        "jsapi_ticket=",
        ticket.expose_secret(),
        "&noncestr=",
        nonce,
        "&timestamp=",
        Digits::new(timestamp).as_str(),
        "&url=",
        url_for_signing(url),
    ])
}

/// Signs `wx.config` for a page.
///
/// ```
/// use wxcard::{sign_jsapi_config, JsapiConfigParams, JsapiTicket};
/// let ticket = JsapiTicket::new("sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg")?;
/// let config = sign_jsapi_config(&ticket, &JsapiConfigParams {
///     app_id: "wx0123456789abcdef",
///     url: "http://mp.weixin.qq.com?params=value#xxxx",
///     timestamp: Some(1414587457),
///     nonce_str: Some("Wm3WZYTPz0wzccnW"),
/// })?;
/// assert_eq!(config.signature.as_str(), "0f9de62fce790f9a083d5c99e95740ceb90c27ed");
/// # Ok::<(), wxcard::Error>(())
/// ```
pub fn sign_jsapi_config(ticket: &JsapiTicket, params: &JsapiConfigParams<'_>) -> Result<SignedJsapiConfig, Error> {
    check_jsapi_config(params)?;
    let timestamp = timestamp_or_now(params.timestamp)?;
    let nonce_str = nonce_or_random(params.nonce_str)?;
    let signature = jsapi_signature(ticket, params.url, timestamp, &nonce_str);
    Ok(SignedJsapiConfig { app_id: params.app_id.into(), timestamp, nonce_str, signature })
}

/// Checks a wx.config signature against its parameters (timestamp and nonce_str required).
/// `app_id` is not signed, so it may be empty here.
pub fn verify_jsapi_config(
    ticket: &JsapiTicket,
    params: &JsapiConfigParams<'_>,
    signature: &str,
) -> Result<bool, Error> {
    validate::page_url("url", params.url)?;
    validate::signature("signature", signature)?;
    let timestamp = params.timestamp.ok_or(Error::new(ErrorKind::Missing, "timestamp"))?;
    let timestamp = validate::seconds("timestamp", timestamp)?;
    let nonce = params.nonce_str.ok_or(Error::new(ErrorKind::Missing, "nonce_str"))?;
    Ok(jsapi_signature(ticket, params.url, timestamp, nonce).matches(signature))
}
