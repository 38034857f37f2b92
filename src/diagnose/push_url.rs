//! Why the console says "Token验证失败" (or a push is refused): the server URL check and the
//! safe-mode signature, replayed.
//!
//! WeChat signs the URL check and every push with `signature = sha1(sorted(token, timestamp,
//! nonce))`; in safe mode a push also carries `msg_signature = sha1(sorted(token, timestamp,
//! nonce, Encrypt))`. Given what WeChat sent and the server's token, this says whether WeChat's
//! signature matches the token; given also what the server computed, which common mistake in
//! the server's code produces that value.

use alloc::string::String;

use super::{Diagnosis, FindingCode};
use crate::push::{msg_signature, url_signature};
use crate::sign::{sha1_of, sorted_sha1, Signature};

/// What WeChat sent to the server URL, and what the server holds and computed.
///
/// `Debug` leaves out the token and the EncodingAESKey: they are secrets.
#[derive(Clone, Default)]
/// No `Serialize`: it holds the token and the key.
#[cfg_attr(feature = "serde", derive(serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase", default))]
pub struct PushUrlCall {
    /// The token of the console (开发者中心 / 基本配置), as the server has it.
    #[cfg_attr(feature = "serde", serde(deserialize_with = "crate::de::as_passed"))]
    pub token: String,
    /// `timestamp` of the query.
    #[cfg_attr(feature = "serde", serde(deserialize_with = "crate::de::as_passed"))]
    pub timestamp: String,
    /// `nonce` of the query.
    #[cfg_attr(feature = "serde", serde(deserialize_with = "crate::de::as_passed"))]
    pub nonce: String,
    /// `signature` of the query.
    #[cfg_attr(feature = "serde", serde(deserialize_with = "crate::de::as_passed"))]
    pub signature: String,
    /// `echostr` of the URL check ("" for a push).
    #[cfg_attr(feature = "serde", serde(deserialize_with = "crate::de::as_passed"))]
    pub echostr: String,
    /// What the server computed and compared with `signature` (or `msg_signature`), when known:
    /// the mistakes are replayed against it.
    #[cfg_attr(feature = "serde", serde(deserialize_with = "crate::de::as_passed"))]
    pub computed: String,
    /// `msg_signature` of a safe-mode push ("" otherwise).
    #[cfg_attr(feature = "serde", serde(deserialize_with = "crate::de::as_passed"))]
    pub msg_signature: String,
    /// The `Encrypt` element of a safe-mode push ("" otherwise).
    #[cfg_attr(feature = "serde", serde(deserialize_with = "crate::de::as_passed"))]
    pub encrypt: String,
    /// The EncodingAESKey as the server has it ("" when not in safe mode): checked for shape,
    /// and (feature `events`) tried on `encrypt`.
    #[cfg_attr(feature = "serde", serde(deserialize_with = "crate::de::as_passed"))]
    pub encoding_aes_key: String,
    /// The appid the server expects a safe-mode text to name ("" when not known).
    #[cfg_attr(feature = "serde", serde(deserialize_with = "crate::de::as_passed"))]
    pub app_id: String,
}

impl core::fmt::Debug for PushUrlCall {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("PushUrlCall")
            .field("token", &"<redacted>")
            .field("timestamp", &self.timestamp)
            .field("nonce", &self.nonce)
            .field("signature", &self.signature)
            .field("echostr", &self.echostr)
            .field("computed", &self.computed)
            .field("msg_signature", &self.msg_signature)
            .field("encrypt", &self.encrypt.len())
            .field("encoding_aes_key", &"<redacted>")
            .field("app_id", &self.app_id)
            .finish()
    }
}

/// Diagnoses a server URL check or a push signature. The token is never quoted in a finding.
pub fn diagnose_push_url(call: &PushUrlCall) -> Diagnosis {
    let mut d = Diagnosis::default();
    if call.token.is_empty() {
        d.add(FindingCode::PushTokenMissing);
    } else if !call.token.bytes().all(|b| b.is_ascii_alphanumeric()) {
        // The console takes 3 to 32 letters or digits.
        d.add(FindingCode::PushTokenMalformed);
    }
    if call.signature.is_empty() && call.msg_signature.is_empty() {
        d.add(FindingCode::SignatureMissing);
    }
    check_aes_key(&mut d, call.encoding_aes_key.as_str());
    if call.token.is_empty() {
        d.sort();
        return d;
    }
    let token = call.token.as_str();
    let url = url_signature(token, call.timestamp.as_str(), call.nonce.as_str());
    if !call.signature.is_empty() {
        if url.matches(call.signature.as_str()) {
            d.add(FindingCode::PushSignatureOk);
        } else if url_signature(token.trim(), call.timestamp.as_str(), call.nonce.as_str())
            .matches(call.signature.as_str())
        {
            d.add(FindingCode::MistakeTokenWhitespace);
        } else {
            d.add(FindingCode::PushTokenDiffers);
        }
    }
    let msg = (!call.encrypt.is_empty())
        .then(|| msg_signature(token, call.timestamp.as_str(), call.nonce.as_str(), call.encrypt.as_str()));
    if !call.msg_signature.is_empty() && msg.is_none() {
        d.add(FindingCode::PushEncryptMissing);
    }
    if let (false, Some(msg)) = (call.msg_signature.is_empty(), msg) {
        if msg.matches(call.msg_signature.as_str()) {
            d.add(FindingCode::MsgSignatureOk);
        } else if call.encrypt.contains(' ')
            && msg_signature(
                token,
                call.timestamp.as_str(),
                call.nonce.as_str(),
                &call.encrypt.as_str().replace(' ', "+"),
            )
            .matches(call.msg_signature.as_str())
        {
            d.add(FindingCode::MistakeEncryptPlusAsSpace);
        } else {
            d.add(FindingCode::MsgSignatureMismatch);
        }
    }
    if !call.computed.is_empty() {
        // A right value compared with the right parameter needs no explaining.
        let right = url.matches(call.computed.as_str()) || msg.is_some_and(|m| m.matches(call.computed.as_str()));
        match replay(call, &url, msg.as_ref()) {
            Some(found) => d.add(found),
            None if !right => d.add(FindingCode::PushComputedUnexplained),
            None => {}
        }
    }
    #[cfg(feature = "events")]
    check_decryption(&mut d, call);
    d.sort();
    d
}

/// With the key, the Encrypt text and the appid: whether the key opens it, and for which appid.
/// Nothing of the text is quoted.
#[cfg(feature = "events")]
fn check_decryption(d: &mut Diagnosis, call: &PushUrlCall) {
    use crate::push::{decrypt, EncodingAesKey};
    let (Ok(key), false, false) =
        (EncodingAesKey::parse(call.encoding_aes_key.as_str()), call.encrypt.is_empty(), call.app_id.is_empty())
    else {
        return;
    };
    match decrypt(&[key], call.app_id.as_str(), call.encrypt.as_str()) {
        Ok(_) => d.add(FindingCode::PushDecryptOk),
        Err(e) if e.kind() == crate::ErrorKind::AppidMismatch => d.add(FindingCode::PushAppidMismatch),
        Err(_) => d.add(FindingCode::PushDecryptFailed),
    }
}

/// The mistake of the server's code that produces `call.computed.as_str()`.
fn replay(call: &PushUrlCall, url: &Signature, msg: Option<&Signature>) -> Option<FindingCode> {
    let computed = call.computed.as_str();
    let (token, ts, nonce) = (call.token.as_str(), call.timestamp.as_str(), call.nonce.as_str());
    if url.matches(computed) || msg.is_some_and(|m| m.matches(computed)) {
        // Right for one of the two: wrong only if compared with the other.
        let for_msg = !call.msg_signature.is_empty() && url.matches(computed);
        let for_url = !call.signature.is_empty() && msg.is_some_and(|m| m.matches(computed));
        return (for_msg || for_url).then_some(FindingCode::MistakeSignatureKind);
    }
    if url.as_str().eq_ignore_ascii_case(computed) || msg.is_some_and(|m| m.as_str().eq_ignore_ascii_case(computed)) {
        return Some(FindingCode::MistakeUppercaseHex);
    }
    let with_space = [" ", "\n", "\r\n", "\t"].iter().any(|ws| {
        let padded: String = [token, ws].concat();
        let leading: String = [ws, token].concat();
        url_signature(&padded, ts, nonce).matches(computed) || url_signature(&leading, ts, nonce).matches(computed)
    });
    if with_space {
        return Some(FindingCode::MistakeTokenWhitespace);
    }
    if !call.echostr.is_empty() && sorted_sha1(&[token, ts, nonce, call.echostr.as_str()]).matches(computed) {
        return Some(FindingCode::MistakeEchostrSigned);
    }
    let pairs = [("nonce=", nonce), ("timestamp=", ts), ("token=", token)];
    if orders()
        .iter()
        .any(|o| key_value(&pairs, o, "&").matches(computed) || key_value(&pairs, o, "").matches(computed))
    {
        return Some(FindingCode::MistakePushKeyValuePairs);
    }
    let values = [nonce, ts, token];
    if orders()
        .iter()
        .any(|[a, b, c]| sha1_of(&[pick(&values, *a), pick(&values, *b), pick(&values, *c)]).matches(computed))
    {
        return Some(FindingCode::MistakeUnsorted);
    }
    sha256_sorted(&[token, ts, nonce]).eq_ignore_ascii_case(computed).then_some(FindingCode::MistakeSha256)
}

/// The six orders of three things.
fn orders() -> [[usize; 3]; 6] {
    [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]]
}

fn pick<'a>(values: &[&'a str; 3], i: usize) -> &'a str {
    values.get(i).copied().unwrap_or("")
}

/// `k=v` pairs in this order, joined by `sep`.
fn key_value(pairs: &[(&str, &str); 3], order: &[usize; 3], sep: &str) -> Signature {
    let pair = |i: usize| pairs.get(i).copied().unwrap_or(("", ""));
    let [(k0, v0), (k1, v1), (k2, v2)] = order.map(pair);
    sha1_of(&[k0, v0, sep, k1, v1, sep, k2, v2])
}

/// Lower-case hex SHA-256 of the byte-sorted values, concatenated.
fn sha256_sorted(values: &[&str; 3]) -> String {
    use sha2::{Digest, Sha256};
    let mut sorted = *values;
    sorted.sort_unstable();
    let mut hasher = Sha256::new();
    for v in sorted {
        hasher.update(v.as_bytes());
    }
    let mut out = String::with_capacity(64);
    for b in hasher.finalize() {
        for nibble in [b >> 4, b & 15] {
            out.push(char::from_digit(u32::from(nibble), 16).unwrap_or('0'));
        }
    }
    out
}

/// The EncodingAESKey as the console shows it: 43 base64 characters, without '='.
fn check_aes_key(d: &mut Diagnosis, key: &str) {
    if key.is_empty() {
        return;
    }
    if key.ends_with('=') {
        d.add(FindingCode::AesKeyPadded);
    } else if key.len() != 43 {
        d.add(FindingCode::AesKeyLength);
    } else if !key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/') {
        d.add(FindingCode::AesKeyNotBase64);
    }
}
