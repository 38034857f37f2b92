//! WeChat Pay's APIv2 signature: the non-empty parameters sorted by name, `k=v` joined with `&`,
//! `&key=KEY` appended, HMAC-SHA256 keyed with KEY, upper-case hex. `sign` itself is never
//! signed.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::key::{ApiV2Key, PAY_KEY_LEN};

/// An APIv2 HMAC-SHA256 signature: 64 upper-case hex digits, kept on the stack.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct PaySignature([u8; 64]);

impl PaySignature {
    pub(crate) fn from_digest(digest: &[u8]) -> Self {
        let mut hex = [b'0'; 64];
        crate::encoding::write_hex(&mut hex, digest, true);
        PaySignature(hex)
    }

    /// The 64 hex digits.
    pub fn as_str(&self) -> &str {
        core::str::from_utf8(&self.0).unwrap_or("")
    }

    /// Compares with a signature given as text, exactly (case included), in constant time.
    pub fn matches(&self, other: &str) -> bool {
        other.len() == 64 && bool::from(self.0.as_slice().ct_eq(other.as_bytes()))
    }
}

impl fmt::Debug for PaySignature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for PaySignature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for PaySignature {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// HMAC-SHA256 of `message` keyed with `key`, as raw bytes.
pub(crate) fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    // HMAC takes a key of any length: this never fails.
    let Ok(mut mac) = <Hmac<Sha256> as KeyInit>::new_from_slice(key) else { return [0; 32] };
    mac.update(message);
    mac.finalize().into_bytes().into()
}

/// SHA-256 of `message`.
pub(crate) fn sha256(message: &[u8]) -> [u8; 32] {
    Sha256::digest(message).into()
}

/// MD5 of `message` (the old `sign_type=MD5`; the diagnosis only).
#[cfg(feature = "pay-md5")]
pub(crate) fn md5(message: &[u8]) -> [u8; 16] {
    use md5::Digest as _;
    md5::Md5::digest(message).into()
}

/// `k=v&k=v` of the non-empty pairs but `sign`, sorted by name (bytes), without the key.
pub(crate) fn pairs_string(pairs: &[(&str, &str)]) -> String {
    let mut kept: Vec<&(&str, &str)> = pairs.iter().filter(|(k, v)| !v.is_empty() && *k != "sign").collect();
    kept.sort_by(|a, b| a.0.cmp(b.0));
    joined(kept.into_iter().copied())
}

/// `k=v&k=v` in the order given.
pub(crate) fn joined<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut out = String::new();
    for (k, v) in pairs {
        if !out.is_empty() {
            out.push('&');
        }
        out.push_str(k);
        out.push('=');
        out.push_str(v);
    }
    out
}

/// The string that is hashed: the pairs, then `&key=KEY`.
pub(crate) fn with_key(pairs: &str, key: &str) -> String {
    [pairs, "&key=", key].concat()
}

/// The V2 signature of a pair list already joined, with the key.
pub(crate) fn sign_joined(pairs: &str, key: &str) -> PaySignature {
    PaySignature::from_digest(&hmac_sha256(key.as_bytes(), with_key(pairs, key).as_bytes()))
}

/// The APIv2 HMAC-SHA256 signature of `pairs` (name, value): the primitive under every form of
/// this module. Empty values and `sign` are left out, as WeChat Pay does.
pub fn sign_pay_v2(key: &ApiV2Key, pairs: &[(&str, &str)]) -> PaySignature {
    sign_joined(&pairs_string(pairs), key.expose_secret())
}

/// The exact string [`sign_pay_v2`] hashes, with the key written as 32 `*`: what to compare
/// with one's own server's string, and safe to show or log.
pub fn pay_v2_string_masked(pairs: &[(&str, &str)]) -> String {
    with_key(&pairs_string(pairs), &"*".repeat(PAY_KEY_LEN))
}

/// Percent-encodes every byte but the unreserved `A-Z a-z 0-9 - . _ ~` (RFC 3986), as a URL's
/// query value needs.
pub(crate) fn url_encode(value: &str) -> String {
    crate::encoding::percent_encode(value, |b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// WeChat Pay's official APIv2 example and the plugin's document example.
    #[test]
    fn official_vectors() {
        let key = ApiV2Key::new("192006250b4c09247ec02edce69f6a2d").unwrap();
        let pairs = [
            ("mch_id", "10000100"),
            ("appid", "wxd930ea5d5a258f4f"),
            ("device_info", "1000"),
            ("body", "test"),
            ("nonce_str", "ibuaiVcKdpRxkhJA"),
            ("sign", "ignored"),
            ("empty", ""),
        ];
        assert_eq!(
            pairs_string(&pairs),
            "appid=wxd930ea5d5a258f4f&body=test&device_info=1000&mch_id=10000100&nonce_str=ibuaiVcKdpRxkhJA"
        );
        assert_eq!(
            sign_pay_v2(&key, &pairs).as_str(),
            "6A9AE1657590FD6257D693A078E1C3E4BB6BA4DC30B23E0EE2496E54170DACD6"
        );
        #[cfg(feature = "pay-md5")]
        assert_eq!(
            crate::encoding::hex(&md5(with_key(&pairs_string(&pairs), key.expose_secret()).as_bytes()), true),
            "9A0A8659F005D6984697E2CA0A9CF3B7"
        );
        assert!(
            pay_v2_string_masked(&pairs).ends_with("&nonce_str=ibuaiVcKdpRxkhJA&key=********************************")
        );
        let key = ApiV2Key::new("exposed_your_key_here_have_risks").unwrap();
        let pairs = [
            ("stock_id0", "abc123"),
            ("out_request_no0", "1234567"),
            ("stock_id1", "321cba"),
            ("out_request_no1", "7654321"),
            ("send_coupon_merchant", "10016226"),
        ];
        assert_eq!(
            sign_pay_v2(&key, &pairs).as_str(),
            "20FB971D442A119C85CA1A49DBDEA61A14944D98AFC1D2B040030C5C8792A83A"
        );
    }

    #[test]
    fn encoding() {
        assert_eq!(url_encode("aZ09-._~"), "aZ09-._~");
        assert_eq!(url_encode("a b+c/=&é"), "a%20b%2Bc%2F%3D%26%C3%A9");
        let url_decode = |v| crate::redirect::decode(v, false);
        assert_eq!(url_decode("a%20b%2Bc%2F%3D%26%C3%A9+%zz%"), "a b+c/=&é+%zz%");
        assert_eq!(url_decode("%FF"), "%FF");
    }
}
