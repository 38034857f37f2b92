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

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

use sha1::{Digest, Sha1};
use subtle::ConstantTimeEq;

use crate::clock::now_seconds;
use crate::error::{Error, ErrorKind};
use crate::json;
use crate::nonce::generate_nonce;
use crate::ticket::{ApiTicket, JsapiTicket};
use crate::validate;

/// A SHA-1 signature as 40 lower-case hex digits, kept on the stack.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Signature([u8; 40]);

impl Signature {
    fn from_digest(digest: &[u8]) -> Self {
        let mut hex = [b'0'; 40];
        crate::encoding::write_hex(&mut hex, digest, false);
        Signature(hex)
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

#[cfg(feature = "serde")]
impl serde::Serialize for Signature {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// SHA-1 of `values` sorted by their bytes and concatenated with no separator: the card
/// signature primitive. Empty values add nothing, so leaving one out and passing `""` sign the
/// same. Byte order is `str`'s own order, not JavaScript's UTF-16 order nor a locale's.
pub fn sorted_sha1(values: &[&str]) -> Signature {
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    sha1_of(&sorted)
}

/// SHA-1 of `parts` concatenated in the order given.
pub(crate) fn sha1_of(parts: &[&str]) -> Signature {
    let mut h = Sha1::new();
    for p in parts {
        h.update(p.as_bytes());
    }
    Signature::from_digest(&h.finalize())
}

/// What one card of `wx.addCard` needs signed. Empty strings mean "not used".
///
/// As JSON (feature `serde`): `{cardId, code?, openid?, timestamp?, nonceStr?,
/// fixedBeginTimestamp?, outerStr?}`, the body of `signCardExt` and of the server's card endpoint.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase", default))]
pub struct CardExtParams {
    /// The card's id. Signed, but not a key inside card_ext.
    #[cfg_attr(feature = "serde", serde(deserialize_with = "crate::de::text"))]
    pub card_id: String,
    /// Custom code (cards created with `use_custom_code`), at most 20 characters.
    #[cfg_attr(feature = "serde", serde(deserialize_with = "crate::de::text"))]
    pub code: String,
    /// The only user who may receive the card (cards created with `bind_openid`).
    #[cfg_attr(feature = "serde", serde(deserialize_with = "crate::de::text"))]
    pub openid: String,
    /// Unix seconds; `None` means now.
    #[cfg_attr(feature = "serde", serde(deserialize_with = "crate::de::seconds"))]
    pub timestamp: Option<u64>,
    /// `None` draws a random one; `Some("")` signs and sends none.
    #[cfg_attr(feature = "serde", serde(deserialize_with = "crate::de::optional_text"))]
    pub nonce_str: Option<String>,
    /// Start of validity for DATE_TYPE_FIX_TERM cards, Unix seconds. Not signed.
    #[cfg_attr(feature = "serde", serde(rename = "fixedBeginTimestamp", deserialize_with = "crate::de::seconds"))]
    pub fixed_begintimestamp: Option<u64>,
    /// Scene value reported back in the "user got card" event. Not signed.
    #[cfg_attr(feature = "serde", serde(deserialize_with = "crate::de::text"))]
    pub outer_str: String,
}

/// One signed entry of `wx.addCard`'s `cardList`: `{ cardId, cardExt }` (the other fields are
/// inside card_ext, and stay out of the JSON).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct SignedCardExt {
    /// The `cardId` to pass.
    pub card_id: String,
    /// The `cardExt` to pass: a JSON **string**, not an object.
    pub card_ext: String,
    /// The signature inside card_ext.
    #[cfg_attr(feature = "serde", serde(skip))]
    pub signature: Signature,
    /// The timestamp signed.
    #[cfg_attr(feature = "serde", serde(skip))]
    pub timestamp: u64,
    /// The nonce_str signed ("" when none).
    #[cfg_attr(feature = "serde", serde(skip))]
    pub nonce_str: String,
}

/// `{cardList: [{cardId, cardExt}, ...]}`: the cards of one `wx.addCard`, as the server's card
/// endpoint answers them.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct CardList {
    /// The signed cards, in the order asked.
    pub card_list: Vec<SignedCardExt>,
}

/// Checks a card's inputs without signing: a server can refuse a bad request before it fetches
/// a ticket.
pub fn check_card_ext(p: &CardExtParams) -> Result<(), Error> {
    validate::value("card_id", &p.card_id, true)?;
    validate::code("code", &p.code)?;
    validate::value("openid", &p.openid, false)?;
    validate::outer_str("outer_str", &p.outer_str)?;
    if let Some(n) = &p.nonce_str {
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

fn nonce_or_random(n: &Option<String>) -> Result<String, Error> {
    match n {
        Some(n) => Ok(n.clone()),
        None => generate_nonce(),
    }
}

/// Signs one card for `wx.addCard`.
///
/// ```
/// use wxcard::{sign_card_ext, ApiTicket, CardExtParams};
/// let ticket = ApiTicket::new("ojZ8YtyVyr30HheH3CM73y7h4jJE")?;
/// let card = sign_card_ext(&ticket, &CardExtParams {
///     card_id: "pjZ8Yt1XGILfi-FUsewpnnolGgZk".into(),
///     code: "1434008071".into(),
///     timestamp: Some(1404896688),
///     nonce_str: Some("123".into()),
///     ..Default::default()
/// })?;
/// assert_eq!(card.signature.as_str(), "f137ab68b7f8112d20ee528ab6074564e2796250");
/// assert_eq!(card.card_ext, r#"{"code":"1434008071","timestamp":"1404896688","nonce_str":"123","signature":"f137ab68b7f8112d20ee528ab6074564e2796250"}"#);
/// # Ok::<(), wxcard::Error>(())
/// ```
pub fn sign_card_ext(ticket: &ApiTicket, params: &CardExtParams) -> Result<SignedCardExt, Error> {
    let timestamp = timestamp_or_now(params.timestamp)?;
    sign_card_ext_at(ticket, params, timestamp)
}

fn sign_card_ext_at(ticket: &ApiTicket, p: &CardExtParams, timestamp: u64) -> Result<SignedCardExt, Error> {
    check_card_ext(p)?;
    let timestamp = validate::seconds("timestamp", p.timestamp.unwrap_or(timestamp))?;
    let nonce_str = nonce_or_random(&p.nonce_str)?;
    let mut card_ext = String::new();
    let signature = write_card_ext(ticket.expose_secret(), p, timestamp, &nonce_str, &mut card_ext);
    Ok(SignedCardExt { card_id: p.card_id.clone(), card_ext, signature, timestamp, nonce_str })
}

/// Writes the card_ext JSON of a checked card into `ext` (after what it holds) and returns its
/// signature: the one place a card_ext is written.
pub(crate) fn write_card_ext(
    ticket: &str,
    p: &CardExtParams,
    timestamp: u64,
    nonce_str: &str,
    ext: &mut String,
) -> Signature {
    let ts = timestamp.to_string();
    let ts = ts.as_str();
    let signature = sorted_sha1(&[ticket, ts, &p.card_id, &p.code, &p.openid, nonce_str]);

    // Keys, quotes, signature, timestamps: under 176 bytes; then the values (escaping aside).
    ext.reserve(176 + p.code.len() + p.openid.len() + p.outer_str.len() + nonce_str.len());
    // Each key with the punctuation around it in one piece: `{"code":` or `,"openid":`.
    let mut sep = "{\"";
    let mut member = |ext: &mut String, key: &str| {
        ext.push_str(sep);
        ext.push_str(key);
        ext.push_str("\":");
        sep = ",\"";
    };
    for (key, v) in [("code", p.code.as_str()), ("openid", &p.openid), ("timestamp", ts), ("nonce_str", nonce_str)] {
        if !v.is_empty() {
            member(ext, key);
            json::push_string(ext, v);
        }
    }
    if let Some(begin) = p.fixed_begintimestamp {
        member(ext, "fixed_begintimestamp");
        json::push_u64(ext, begin);
    }
    if !p.outer_str.is_empty() {
        member(ext, "outer_str");
        json::push_string(ext, &p.outer_str);
    }
    member(ext, "signature");
    ext.push('"');
    ext.push_str(signature.as_str());
    ext.push_str("\"}");
    signature
}

/// Signs several cards for one `wx.addCard` call, with one shared timestamp when none is given.
/// An error names the item it comes from ([`Error::item`]).
pub fn sign_card_ext_batch(ticket: &ApiTicket, cards: &[CardExtParams]) -> Result<Vec<SignedCardExt>, Error> {
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
    let expected = sorted_sha1(&[
        ticket.expose_secret(),
        &ts.to_string(),
        card_id,
        text("code"),
        text("openid"),
        text("nonce_str"),
    ]);
    Ok(expected.matches(signature))
}

/// `{valid}`: what checking a signature answers on every JSON surface.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Verified {
    /// True when the signature matches.
    pub valid: bool,
}

/// What `wx.chooseCard` needs signed. Empty strings mean "not used".
///
/// As JSON: `{appId, shopId?, cardType?, cardId?, timestamp?, nonceStr?}`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase", default))]
pub struct ChooseCardParams {
    /// The official account's appid: required, or WeChat silently returns an empty list.
    #[cfg_attr(feature = "serde", serde(deserialize_with = "crate::de::text"))]
    pub app_id: String,
    /// The store (`location_id`) to filter on; `shopId` in JavaScript.
    #[cfg_attr(feature = "serde", serde(deserialize_with = "crate::de::text"))]
    pub shop_id: String,
    /// Card type to filter on, e.g. `GROUPON`.
    #[cfg_attr(feature = "serde", serde(deserialize_with = "crate::de::text"))]
    pub card_type: String,
    /// One card id to filter on.
    #[cfg_attr(feature = "serde", serde(deserialize_with = "crate::de::text"))]
    pub card_id: String,
    /// Unix seconds; `None` means now.
    #[cfg_attr(feature = "serde", serde(deserialize_with = "crate::de::seconds"))]
    pub timestamp: Option<u64>,
    /// `None` draws a random one.
    #[cfg_attr(feature = "serde", serde(deserialize_with = "crate::de::optional_text"))]
    pub nonce_str: Option<String>,
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

/// The fields in wx.chooseCard's order, `signType` included.
#[cfg(feature = "serde")]
impl serde::Serialize for SignedChooseCard {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut out = s.serialize_struct("SignedChooseCard", 7)?;
        out.serialize_field("shopId", &self.shop_id)?;
        out.serialize_field("cardType", &self.card_type)?;
        out.serialize_field("cardId", &self.card_id)?;
        out.serialize_field("timestamp", &self.timestamp)?;
        out.serialize_field("nonceStr", &self.nonce_str)?;
        out.serialize_field("signType", Self::SIGN_TYPE)?;
        out.serialize_field("cardSign", &self.card_sign)?;
        out.end()
    }
}

/// Checks wx.chooseCard inputs without signing.
pub fn check_choose_card(p: &ChooseCardParams) -> Result<(), Error> {
    validate::value("app_id", &p.app_id, true)?;
    validate::value("shop_id", &p.shop_id, false)?;
    validate::card_type("card_type", &p.card_type)?;
    validate::value("card_id", &p.card_id, false)?;
    if let Some(n) = &p.nonce_str {
        validate::nonce("nonce_str", n, true)?;
    }
    Ok(())
}

fn choose_card_sign(ticket: &ApiTicket, p: &ChooseCardParams, timestamp: u64, nonce: &str) -> Signature {
    sorted_sha1(&[
        ticket.expose_secret(),
        &p.app_id,
        &p.shop_id,
        &timestamp.to_string(),
        nonce,
        &p.card_id,
        &p.card_type,
    ])
}

/// Signs the parameters of `wx.chooseCard`.
///
/// ```
/// use wxcard::{sign_choose_card, ApiTicket, ChooseCardParams};
/// let ticket = ApiTicket::new("sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg")?;
/// let signed = sign_choose_card(&ticket, &ChooseCardParams {
///     app_id: "123456".into(),
///     card_type: "GROUPON".into(),
///     timestamp: Some(1414587457),
///     nonce_str: Some("Wm3WZYTPz0wzccnW".into()),
///     ..Default::default()
/// })?;
/// assert_eq!(signed.card_sign.as_str(), "c47b1fb500eb35d8f2f9b9375b4491089df953e2");
/// # Ok::<(), wxcard::Error>(())
/// ```
pub fn sign_choose_card(ticket: &ApiTicket, params: &ChooseCardParams) -> Result<SignedChooseCard, Error> {
    check_choose_card(params)?;
    let timestamp = timestamp_or_now(params.timestamp)?;
    let nonce_str = nonce_or_random(&params.nonce_str)?;
    let card_sign = choose_card_sign(ticket, params, timestamp, &nonce_str);
    Ok(SignedChooseCard {
        shop_id: params.shop_id.clone(),
        card_type: params.card_type.clone(),
        card_id: params.card_id.clone(),
        timestamp,
        nonce_str,
        card_sign,
    })
}

/// Checks a cardSign against the parameters it was made for (timestamp and nonce_str required).
pub fn verify_choose_card(ticket: &ApiTicket, params: &ChooseCardParams, card_sign: &str) -> Result<bool, Error> {
    check_choose_card(params)?;
    validate::signature("card_sign", card_sign)?;
    let timestamp = params.timestamp.ok_or(Error::new(ErrorKind::Missing, "timestamp"))?;
    let timestamp = validate::seconds("timestamp", timestamp)?;
    let nonce = params.nonce_str.as_deref().ok_or(Error::new(ErrorKind::Missing, "nonce_str"))?;
    Ok(choose_card_sign(ticket, params, timestamp, nonce).matches(card_sign))
}

/// What `wx.config` needs signed.
///
/// As JSON: `{appId, url, timestamp?, nonceStr?}`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase", default))]
pub struct JsapiConfigParams {
    /// The official account's appid, passed through to `appId`.
    #[cfg_attr(feature = "serde", serde(deserialize_with = "crate::de::text"))]
    pub app_id: String,
    /// The page's URL exactly as the browser has it; a `#fragment` is dropped, nothing else changed.
    #[cfg_attr(feature = "serde", serde(deserialize_with = "crate::de::text"))]
    pub url: String,
    /// Unix seconds; `None` means now.
    #[cfg_attr(feature = "serde", serde(deserialize_with = "crate::de::seconds"))]
    pub timestamp: Option<u64>,
    /// `None` draws a random one.
    #[cfg_attr(feature = "serde", serde(deserialize_with = "crate::de::optional_text"))]
    pub nonce_str: Option<String>,
}

/// The signature part of `wx.config`: `{ appId, timestamp, nonceStr, signature }`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
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
    url.split('#').next().unwrap_or(url)
}

/// Checks wx.config inputs without signing.
pub fn check_jsapi_config(p: &JsapiConfigParams) -> Result<(), Error> {
    validate::value("app_id", &p.app_id, true)?;
    validate::page_url("url", &p.url)?;
    if let Some(n) = &p.nonce_str {
        validate::nonce("nonce_str", n, true)?;
    }
    Ok(())
}

fn jsapi_signature(ticket: &JsapiTicket, url: &str, timestamp: u64, nonce: &str) -> Signature {
    sha1_of(&[
        "jsapi_ticket=",
        ticket.expose_secret(),
        "&noncestr=",
        nonce,
        "&timestamp=",
        &timestamp.to_string(),
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
///     app_id: "wx0123456789abcdef".into(),
///     url: "http://mp.weixin.qq.com?params=value#xxxx".into(),
///     timestamp: Some(1414587457),
///     nonce_str: Some("Wm3WZYTPz0wzccnW".into()),
/// })?;
/// assert_eq!(config.signature.as_str(), "0f9de62fce790f9a083d5c99e95740ceb90c27ed");
/// # Ok::<(), wxcard::Error>(())
/// ```
pub fn sign_jsapi_config(ticket: &JsapiTicket, params: &JsapiConfigParams) -> Result<SignedJsapiConfig, Error> {
    check_jsapi_config(params)?;
    let timestamp = timestamp_or_now(params.timestamp)?;
    let nonce_str = nonce_or_random(&params.nonce_str)?;
    let signature = jsapi_signature(ticket, &params.url, timestamp, &nonce_str);
    Ok(SignedJsapiConfig { app_id: params.app_id.clone(), timestamp, nonce_str, signature })
}

/// Checks a wx.config signature against its parameters (timestamp and nonce_str required).
/// `app_id` is not signed, so it may be empty here.
pub fn verify_jsapi_config(ticket: &JsapiTicket, params: &JsapiConfigParams, signature: &str) -> Result<bool, Error> {
    validate::page_url("url", &params.url)?;
    validate::signature("signature", signature)?;
    let timestamp = params.timestamp.ok_or(Error::new(ErrorKind::Missing, "timestamp"))?;
    let timestamp = validate::seconds("timestamp", timestamp)?;
    let nonce = params.nonce_str.as_deref().ok_or(Error::new(ErrorKind::Missing, "nonce_str"))?;
    Ok(jsapi_signature(ticket, &params.url, timestamp, nonce).matches(signature))
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn sha1_of_matches_a_reference() {
        let text: String = (0..300u32).map(|i| char::from(b'!' + (i % 90) as u8)).collect();
        for len in [0, 1, 55, 56, 63, 64, 65, 119, 120, 247, 248, 300] {
            let message = &text[..len];
            let reference = sha1_smol::Sha1::from(message).hexdigest();
            let (a, b) = message.split_at(len / 2);
            assert_eq!(sha1_of(&[a, "", b]).to_string(), reference, "length {len}");
        }
    }
}
