//! `open`: a push authenticated, decrypted and parsed; `encrypted_reply` for safe-mode replies.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

#[cfg(feature = "serde")]
use super::event::NUMBER_FIELDS;
use super::{crypto, signature, CardEvent, EncodingAesKey, PushFields, PushHeader, PushQuery, MAX_PUSH_BYTES};
use crate::error::{Error, ErrorKind};

/// What a receiver holds: the console's token, the appid, and the EncodingAESKeys.
///
/// `Debug` prints the appid only: the token and the keys are secrets.
#[derive(Clone, Default)]
pub struct PushConfig {
    /// The token of 服务器配置 (3 to 32 letters and digits).
    pub token: String,
    /// The official account's appid: a safe-mode text must name it.
    pub app_id: String,
    /// The EncodingAESKeys, current first, then the previous one while WeChat may still
    /// use it. Empty: plaintext mode only. Not empty: every push must come encrypted.
    pub aes_keys: Vec<EncodingAesKey>,
}

impl PushConfig {
    /// A configuration from the console's values: `encoding_aes_keys` as the console shows
    /// them (43 characters each), current first.
    pub fn new(token: &str, app_id: &str, encoding_aes_keys: &[&str]) -> Result<Self, Error> {
        let aes_keys = encoding_aes_keys.iter().map(|k| EncodingAesKey::parse(k)).collect::<Result<_, _>>()?;
        Ok(PushConfig { token: token.into(), app_id: app_id.into(), aes_keys })
    }
}

impl fmt::Debug for PushConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PushConfig")
            .field("token", &"<redacted>")
            .field("app_id", &self.app_id)
            .field("aes_keys", &self.aes_keys.len())
            .finish()
    }
}

/// How a push came.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PushMode {
    /// 明文模式: the XML as it is, `signature` only. The signature covers no byte of the
    /// body.
    Plaintext,
    /// 兼容模式: the plain fields and their `Encrypt`ed copy. Only the decrypted copy is read.
    Compatible,
    /// 安全模式: `ToUserName` and `Encrypt` only.
    Safe,
}

/// A push, authenticated and parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Push {
    /// How it came.
    pub mode: PushMode,
    /// `ToUserName`, `FromUserName`, `CreateTime`, `MsgType`, `Event`.
    pub header: PushHeader,
    /// The typed event ([`CardEvent::Other`] for anything that is not a card event).
    pub event: CardEvent,
    /// Every field, in the order received (the decrypted ones in safe and compatible
    /// mode), typed or not.
    pub fields: PushFields,
    key_index: Option<usize>,
}

impl Push {
    /// Parses a plaintext push body (or an XML text already decrypted) without checking
    /// anything but its shape: for a body authenticated elsewhere, or for tests.
    pub fn from_xml(xml: &str) -> Result<Self, Error> {
        Ok(Self::from_fields(PushFields::parse(xml)?, PushMode::Plaintext, None))
    }

    fn from_fields(fields: PushFields, mode: PushMode, key_index: Option<usize>) -> Self {
        Push {
            mode,
            header: PushHeader::from_fields(&fields),
            event: CardEvent::from_fields(&fields),
            fields,
            key_index,
        }
    }

    /// Which of [`PushConfig::aes_keys`] opened it (0: the current key); `None` in
    /// plaintext mode. A 1 says WeChat still uses the previous key.
    pub fn key_index(&self) -> Option<usize> {
        self.key_index
    }

    /// The name this push is de-duplicated by.
    ///
    /// WeChat waits 5 seconds for an answer, then retries, three times in all: the same
    /// push can arrive up to 3 times within about 15 seconds, and must be handled once.
    /// A message has a `MsgId`, which is the key. An event has none: WeChat advises
    /// `FromUserName` + `CreateTime`, but one user can cause two different card events in
    /// the same second (receiving two cards at once, consuming a code right after
    /// receiving it), and both must pass. So the key is `FromUserName|CreateTime|Event|
    /// CardId|UserCardCode`, followed by the fields that tell apart two events of the same
    /// kind on the same code in the same second: `OrderId` (card_pay_order), `TransId`
    /// (user_pay_from_pay_cell), `ModifyBonus` and `ModifyBalance` (update_member_card).
    /// A retry repeats every field, so it gets the same key.
    ///
    /// Any other event (a menu `CLICK`, `TEMPLATESENDJOBFINISH`, ...) is told apart by all its
    /// fields: its key is `FromUserName|CreateTime|Event|` and the SHA-1 of every field, so two
    /// menu clicks of one user in one second (another `EventKey`) or two template messages
    /// (another `MsgID`) both pass.
    ///
    /// A store shared by several official accounts should put `ToUserName` in front.
    pub fn dedupe_key(&self) -> String {
        let f = &self.fields;
        if let Some(id) = f.get("MsgId").filter(|id| !id.is_empty()) {
            return id.into();
        }
        if let CardEvent::Other { .. } = self.event {
            let pairs: Vec<String> = f.iter().map(|(name, value)| [name, "\u{1f}", value].concat()).collect();
            let pairs: Vec<&str> = pairs.iter().map(String::as_str).collect();
            let digest = crate::sign::sorted_sha1(&pairs);
            let head = ["FromUserName", "CreateTime", "Event"].map(|name| f.get(name).unwrap_or_default());
            return [head[0], "|", head[1], "|", head[2], "|", digest.as_str()].concat();
        }
        let parts = [
            "FromUserName",
            "CreateTime",
            "Event",
            "CardId",
            "UserCardCode",
            "OrderId",
            "TransId",
            "ModifyBonus",
            "ModifyBalance",
        ];
        let mut key = String::new();
        for (i, name) in parts.iter().enumerate() {
            if i > 0 {
                key.push('|');
            }
            key.push_str(f.get(name).unwrap_or_default());
        }
        // The optional tail stays off when empty: `a|1|user_get_card|pCard|123`.
        while key.ends_with('|') {
            key.pop();
        }
        key
    }
}

/// WeChat's own field names and values in the order received; the numeric fields
/// (`CreateTime`, `Fee`, `IsGiveByFriend`, ...) as JSON numbers when they hold a whole
/// number, every other field as a string. A repeated field is written each time.
#[cfg(feature = "serde")]
impl serde::Serialize for Push {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut out = s.serialize_map(None)?;
        for (name, value) in self.fields.iter() {
            match value.parse::<i64>() {
                Ok(n) if NUMBER_FIELDS.contains(&name) && is_json_safe_integer(value) => {
                    out.serialize_entry(name, &n)?
                }
                _ => out.serialize_entry(name, value)?,
            }
        }
        out.end()
    }
}

/// A whole number JSON and JavaScript read exactly: no leading zero, at most 2^53 - 1.
#[cfg(feature = "serde")]
fn is_json_safe_integer(v: &str) -> bool {
    let digits = v.strip_prefix('-').unwrap_or(v);
    !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'))
        && digits.parse::<u64>().is_ok_and(|n| n < (1 << 53))
}

/// Authenticates, decrypts and parses a push: see the [module](super) for the order of
/// the checks. `query` is the request's query ([`PushQuery::parse`]); `body` the POST body.
///
/// ```
/// use wxcard::push::{open, url_signature, CardEvent, PushConfig, PushQuery};
///
/// let config = PushConfig::new("token1", "wx_appid", &[])?; // plaintext mode
/// let sig = url_signature("token1", "1472551036", "98765");
/// let query = PushQuery::parse(&format!("signature={sig}&timestamp=1472551036&nonce=98765&openid=oUser"));
/// let body = "<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[oUser]]></FromUserName>\
///     <CreateTime>1472551036</CreateTime><MsgType><![CDATA[event]]></MsgType>\
///     <Event><![CDATA[user_del_card]]></Event><CardId><![CDATA[pCard]]></CardId>\
///     <UserCardCode><![CDATA[12312312]]></UserCardCode></xml>";
/// let push = open(&config, &query, body)?;
/// assert!(matches!(&push.event, CardEvent::UserDelCard(c) if c.user_card_code == "12312312"));
/// assert_eq!(push.dedupe_key(), "oUser|1472551036|user_del_card|pCard|12312312");
///
/// let e = open(&PushConfig::new("token2", "wx_appid", &[])?, &query, body).unwrap_err();
/// assert_eq!((e.code(), e.field()), ("PUSH_SIGNATURE_MISMATCH", "signature"));
/// # Ok::<(), wxcard::Error>(())
/// ```
pub fn open(config: &PushConfig, query: &PushQuery, body: &str) -> Result<Push, Error> {
    if config.token.is_empty() {
        return Err(Error::new(ErrorKind::Missing, "token"));
    }
    let safe = match query.encrypt_type.as_str() {
        "" | "raw" => false,
        "aes" => true,
        _ => return Err(Error::new(ErrorKind::NotOneOf, "encrypt_type")),
    };
    // 1. The signatures, before the body is decrypted (or, in plaintext mode, read).
    if !safe || !query.signature.is_empty() {
        let expected = signature::url_signature(&config.token, &query.timestamp, &query.nonce);
        signature::check(&expected, &query.signature, "signature")?;
    }
    if !safe {
        if !config.aes_keys.is_empty() {
            // With a key configured, a plaintext push would let anyone holding one signed
            // URL send any body: the signature covers none of it.
            return Err(Error::new(ErrorKind::PushNotEncrypted, "encrypt_type"));
        }
        return Push::from_xml(body);
    }
    if query.msg_signature.is_empty() {
        return Err(Error::new(ErrorKind::Missing, "msg_signature"));
    }
    if body.len() > MAX_PUSH_BYTES {
        return Err(Error::new(ErrorKind::BodyTooLarge, "body"));
    }
    let outer = PushFields::parse(body)?;
    let encrypt = outer.get("Encrypt").filter(|e| !e.is_empty()).ok_or(Error::new(ErrorKind::Missing, "Encrypt"))?;
    let expected = signature::msg_signature(&config.token, &query.timestamp, &query.nonce, encrypt);
    signature::check(&expected, &query.msg_signature, "msg_signature")?;
    // 2. Decrypt, and check the appid.
    if config.app_id.is_empty() {
        return Err(Error::new(ErrorKind::Missing, "appid"));
    }
    let (xml, key_index) = crypto::decrypt_with_key_index(&config.aes_keys, &config.app_id, encrypt)?;
    // 3. Parse what was decrypted; the plain copy of compatible mode is not read.
    let mode = match outer.iter().any(|(name, _)| name != "ToUserName" && name != "Encrypt") {
        true => PushMode::Compatible,
        false => PushMode::Safe,
    };
    Ok(Push::from_fields(PushFields::parse(&xml)?, mode, Some(key_index)))
}

/// An encrypted reply (安全模式的被动回复): `xml` encrypted under the current key, signed
/// with `MsgSignature`, in WeChat's envelope
/// `<xml><Encrypt/><MsgSignature/><TimeStamp/><Nonce/></xml>`.
///
/// `random` is the 16-byte prefix: draw it fresh for every reply. Most card events need
/// no reply at all: answer `success` (or an empty body), which needs no encryption.
pub fn encrypted_reply(
    config: &PushConfig,
    xml: &str,
    timestamp: &str,
    nonce: &str,
    random: [u8; 16],
) -> Result<String, Error> {
    let key = config.aes_keys.first().ok_or(Error::new(ErrorKind::Missing, "EncodingAESKey"))?;
    if config.token.is_empty() {
        return Err(Error::new(ErrorKind::Missing, "token"));
    }
    if timestamp.is_empty() || !timestamp.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::new(ErrorKind::TimestampNotDigits, "timestamp"));
    }
    let encrypt = crypto::encrypt(key, &config.app_id, xml, random);
    let sig = signature::msg_signature(&config.token, timestamp, nonce, &encrypt);
    let mut out = String::with_capacity(encrypt.len() + 200);
    out.push_str("<xml><Encrypt>");
    push_cdata(&mut out, &encrypt);
    out.push_str("</Encrypt><MsgSignature>");
    push_cdata(&mut out, sig.as_str());
    out.push_str("</MsgSignature><TimeStamp>");
    out.push_str(timestamp);
    out.push_str("</TimeStamp><Nonce>");
    push_cdata(&mut out, nonce);
    out.push_str("</Nonce></xml>");
    Ok(out)
}

/// `<![CDATA[text]]>`, with a `]]>` inside split across two sections.
fn push_cdata(out: &mut String, text: &str) {
    out.push_str("<![CDATA[");
    out.push_str(&text.replace("]]>", "]]]]><![CDATA[>"));
    out.push_str("]]>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(feature = "serde")]
    fn json_integers() {
        for ok in ["0", "1", "-3", "9007199254740991"] {
            assert!(is_json_safe_integer(ok), "{ok}");
        }
        for no in ["", "-", "01", "9007199254740992", "1.5", "+1", " 1"] {
            assert!(!is_json_safe_integer(no), "{no}");
        }
    }

    #[test]
    fn cdata_split() {
        let mut s = String::new();
        push_cdata(&mut s, "a]]>b");
        assert_eq!(s, "<![CDATA[a]]]]><![CDATA[>b]]>");
    }
}
