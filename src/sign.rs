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

/// SHA-1's initial state.
const SHA1_H0: [u32; 5] = [0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0];

/// A SHA-1 signature as 40 lower-case hex digits, kept on the stack.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Signature([u8; 40]);

impl Signature {
    fn from_digest(digest: &[u8]) -> Self {
        let mut hex = [b'0'; 40];
        for (chars, word) in hex.chunks_exact_mut(8).zip(digest.chunks_exact(4)) {
            if let Some(word) = word.first_chunk::<4>() {
                chars.copy_from_slice(&hex_word(u32::from_be_bytes(*word)));
            }
        }
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

/// SHA-1 of `values` sorted byte-wise and concatenated with no separator: the card signature
/// primitive. Empty values add nothing, so leaving one out and passing `""` sign the same.
///
/// Up to 16 values are sorted on the stack: no heap allocation.
pub fn sorted_sha1(values: &[&str]) -> Signature {
    match byte_order(values) {
        Some((order, n)) => {
            sha1_gather(order.iter().take(n).map(|&i| values.get(usize::from(i)).copied().unwrap_or_default()))
        }
        None => sorted_sha1_in_place(&mut values.to_vec()),
    }
}

/// [`sorted_sha1`] that also leaves the caller's slice sorted.
pub fn sorted_sha1_in_place(values: &mut [&str]) -> Signature {
    sort_bytewise(values);
    sha1_concat(values)
}

/// SHA-1 of `parts` concatenated in the order given: no sorting, no separator.
pub fn sha1_concat(parts: &[&str]) -> Signature {
    sha1_gather(parts.iter().copied())
}

fn sha1_gather<'a>(parts: impl Iterator<Item = &'a str> + Clone) -> Signature {
    // A card signature hashes a few hundred bytes in six or seven pieces. They are gathered
    // straight into SHA-1 blocks on the stack, padded here, and compressed in one call: no trip
    // through the hasher's block buffer, which would copy them a second time.
    let mut blocks = [[0u8; 64]; GATHER_BLOCKS];
    let flat = blocks.as_flattened_mut();
    let mut len = 0;
    for p in parts.clone() {
        match flat.get_mut(len..len + p.len()) {
            Some(dst) => dst.copy_from_slice(p.as_bytes()),
            None => return sha1_streamed(parts),
        }
        len += p.len();
    }
    // The message, 0x80, zeros, and its length in bits as the last 8 bytes of the last block.
    let used = (len + 9).div_ceil(64);
    let bits = (len as u64).wrapping_mul(8).to_be_bytes();
    match flat.get_mut(len) {
        Some(first_pad) => *first_pad = 0x80,
        None => return sha1_streamed(parts),
    }
    match flat.get_mut(used * 64 - 8..used * 64) {
        Some(length) => length.copy_from_slice(&bits),
        None => return sha1_streamed(parts),
    }
    let mut state = SHA1_H0;
    sha1::block_api::compress(&mut state, blocks.get(..used).unwrap_or_default());
    let mut hex = [0u8; 40];
    for (chars, word) in hex.chunks_exact_mut(8).zip(state) {
        chars.copy_from_slice(&hex_word(word));
    }
    Signature(hex)
}

/// The 8 lower-case hex digits of a big-endian word, computed 8 at a time in one `u64`.
fn hex_word(word: u32) -> [u8; 8] {
    // Spread the 8 nibbles into the 8 bytes, the first nibble in the first byte.
    let mut x = u64::from(word);
    x = ((x & 0xFFFF_0000) << 16) | (x & 0xFFFF);
    x = ((x & 0x0000_FF00_0000_FF00) << 8) | (x & 0x0000_00FF_0000_00FF);
    x = ((x & 0x00F0_00F0_00F0_00F0) << 4) | (x & 0x000F_000F_000F_000F);
    // '0' + n, and 'a' - '0' - 10 = 39 more where n > 9 (n + 6 carries into bit 4).
    let letters = ((x + 0x0606_0606_0606_0606) >> 4) & 0x0101_0101_0101_0101;
    (x + 0x3030_3030_3030_3030 + letters * 39).to_be_bytes()
}

/// Blocks gathered on the stack: messages up to 4 * 64 - 9 = 247 bytes. A card_ext with an
/// 86-byte ticket, a 20-character code, an openid and a 32-character nonce_str is about 205.
const GATHER_BLOCKS: usize = 4;

/// The same through the hasher, for longer messages.
fn sha1_streamed<'a>(parts: impl Iterator<Item = &'a str>) -> Signature {
    let mut h = Sha1::new();
    parts.for_each(|p| h.update(p.as_bytes()));
    Signature::from_digest(&h.finalize())
}

/// Sorts values the way card signatures need: by their UTF-8 bytes, which is not JavaScript's
/// default UTF-16 order and not a locale's order.
pub fn sort_bytewise(values: &mut [&str]) {
    match byte_order(values) {
        Some((order, n)) => {
            let mut sorted = [""; MAX_STACK_VALUES];
            for (dst, &i) in sorted.iter_mut().zip(order.iter().take(n)) {
                *dst = values.get(usize::from(i)).copied().unwrap_or_default();
            }
            for (dst, src) in values.iter_mut().zip(sorted) {
                *dst = src;
            }
        }
        None => values.sort_unstable(),
    }
}

/// The most values sorted on the stack.
const MAX_STACK_VALUES: usize = 16;

/// The byte order of up to 16 values, as their indexes. Each value is keyed by its first 7
/// bytes as a big-endian number with its index in the low byte: the sort moves one `u64` per
/// step instead of a string, and values nearly always differ early. Values that share their
/// first 7 bytes are then ordered by their whole bytes.
fn byte_order(values: &[&str]) -> Option<([u8; MAX_STACK_VALUES], usize)> {
    fn key(s: &str, index: usize) -> u64 {
        // Read 8 bytes in one load and drop the 8th: building the key byte by byte would stall
        // the load on the stores (the short values only).
        let first = match s.as_bytes().first_chunk::<8>() {
            Some(first) => u64::from_be_bytes(*first),
            None => {
                let mut b = [0u8; 8];
                for (d, x) in b.iter_mut().zip(s.as_bytes()) {
                    *d = *x;
                }
                u64::from_be_bytes(b)
            }
        };
        (first & !0xff) | index as u64
    }
    let n = values.len();
    let mut keys = [u64::MAX; MAX_STACK_VALUES];
    for (k, (i, v)) in keys.iter_mut().zip(values.iter().enumerate()) {
        *k = key(v, i);
    }
    keys.get_mut(..n)?.sort_unstable();
    let keys = keys.get(..n)?;
    let mut order = [0u8; MAX_STACK_VALUES];
    for (o, k) in order.iter_mut().zip(keys.iter()) {
        *o = (*k & 0xff) as u8;
    }
    if keys.windows(2).any(|w| matches!(w, [a, b] if a >> 8 == b >> 8)) {
        let value = |i: &u8| values.get(usize::from(*i)).copied().unwrap_or_default();
        order.get_mut(..n)?.sort_by_key(value);
    }
    Some((order, n))
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
    let mut card_ext = String::new();
    let signature = write_card_ext(ticket.expose_secret(), p, timestamp, &nonce_str, &mut card_ext);
    Ok(SignedCardExt { card_id: p.card_id.into(), card_ext, signature, timestamp, nonce_str })
}

/// Writes the card_ext JSON of a checked card into `ext` (after what it holds) and returns its
/// signature: the one place a card_ext is written.
pub(crate) fn write_card_ext(
    ticket: &str,
    p: &CardExtParams<'_>,
    timestamp: u64,
    nonce_str: &str,
    ext: &mut String,
) -> Signature {
    let ts = Digits::new(timestamp);
    let ts = ts.as_str();
    let signature = sorted_sha1(&[ticket, ts, p.card_id, p.code, p.openid, nonce_str]);

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
    for (key, v) in [("code", p.code), ("openid", p.openid), ("timestamp", ts), ("nonce_str", nonce_str)] {
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
        json::push_string(ext, p.outer_str);
    }
    member(ext, "signature");
    ext.push('"');
    ext.push_str(signature.as_str());
    ext.push_str("\"}");
    signature
}

/// What the npm package's `signCardExt` does, without an allocation: checks the ticket and the
/// card, and writes the card_ext JSON into `ext`.
pub(crate) fn sign_card_ext_into(ticket: &str, p: &CardExtParams<'_>, ext: &mut String) -> Result<(), Error> {
    validate::value("api_ticket", ticket, true)?;
    let timestamp = timestamp_or_now(p.timestamp)?;
    check_card_ext(p)?;
    let mut random = [0u8; crate::NONCE_LEN];
    let nonce_str = match p.nonce_str {
        Some(n) => n,
        None => crate::nonce::fill_nonce(&mut random)?,
    };
    write_card_ext(ticket, p, timestamp, nonce_str, ext);
    Ok(())
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
    let expected = sorted_sha1(&[
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
    sorted_sha1(&[
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

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    /// Every message length around the padding boundaries of the stack path (55/56, 119/120,
    /// ..., 247/248 where it hands over to the streamed hasher), in one piece and in three.
    #[test]
    fn sha1_concat_matches_a_reference_at_every_length() {
        let text: String = (0..400u32).map(|i| char::from(b'!' + (i % 90) as u8)).collect();
        for len in 0..=text.len() {
            let message = &text[..len];
            let reference = sha1_smol::Sha1::from(message).hexdigest();
            assert_eq!(sha1_concat(&[message]).to_string(), reference, "length {len}");
            let (a, rest) = message.split_at(len / 3);
            let (b, c) = rest.split_at(rest.len() / 2);
            assert_eq!(sha1_concat(&[a, "", b, c]).to_string(), reference, "length {len} in pieces");
        }
    }

    #[test]
    fn hex_words() {
        for w in [0u32, 1, 9, 10, 15, 0x0123_4567, 0x89ab_cdef, 0xffff_ffff, 0xa0b1_c2d3] {
            assert_eq!(core::str::from_utf8(&hex_word(w)).unwrap(), alloc::format!("{w:08x}"));
        }
    }

    #[test]
    fn sorting_matches_the_standard_sort() {
        let values = ["b", "a", "ab", "abcdefgh", "abcdefgh1", "abcdefgg", "", "中", "Z", "abcdefgh"];
        for n in 0..=values.len() {
            let mut ours = values[..n].to_vec();
            let mut std = ours.clone();
            sort_bytewise(&mut ours);
            std.sort();
            assert_eq!(ours, std);
        }
        let many: Vec<String> = (0..40).map(|i| ((i * 7919) % 97).to_string()).collect();
        let mut ours: Vec<&str> = many.iter().map(String::as_str).collect();
        let mut std = ours.clone();
        sort_bytewise(&mut ours);
        std.sort();
        assert_eq!(ours, std);
    }
}
