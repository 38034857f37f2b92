//! The safe mode's encryption (消息加解密): AES-256-CBC under the EncodingAESKey.
//!
//! - AESKey = base64_decode(EncodingAESKey + "="): 43 characters give 32 bytes.
//! - IV = AESKey[..16].
//! - plaintext = 16 random bytes + the XML's length (4 bytes, big-endian) + XML + appid,
//!   padded PKCS#7-style to a multiple of **32** bytes (1 to 32 bytes of value n), not to the
//!   16-byte AES block.
//! - `Encrypt` = base64 of the ciphertext.
//!
//! Decryption checks every padding byte, the length field and the appid, and answers an
//! [`Error`] for anything else: never a panic, never a partial text.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use aes::cipher::{Array, BlockModeDecrypt, BlockModeEncrypt, KeyIvInit};
use base64::Engine;

use crate::error::{Error, ErrorKind};

type Aes256CbcDec = cbc::Decryptor<aes::Aes256>;
type Aes256CbcEnc = cbc::Encryptor<aes::Aes256>;

/// WeChat pads to this many bytes, not to the AES block.
const PAD_BLOCK: usize = 32;
/// The random prefix of the plaintext.
const RANDOM_LEN: usize = 16;
/// The random prefix and the length field.
const HEADER_LEN: usize = RANDOM_LEN + 4;

/// An EncodingAESKey (消息加解密密钥), decoded: the 32-byte AES key.
///
/// Its `Debug` prints `EncodingAesKey(<redacted>)`: the key never reaches a log.
#[derive(Clone, PartialEq, Eq)]
pub struct EncodingAesKey([u8; 32]);

impl EncodingAesKey {
    /// Reads the 43 characters the console shows (开发者中心 / 基本配置 / 消息加解密密钥).
    ///
    /// A key of another length, or with `=` (the padding is added here, not by the console),
    /// or with characters outside base64, is an `AES_KEY_INVALID` error.
    ///
    /// ```
    /// use wxcard::push::EncodingAesKey;
    ///
    /// let key = EncodingAesKey::parse("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG")?;
    /// assert_eq!(format!("{key:?}"), "EncodingAesKey(<redacted>)");
    /// let e = EncodingAesKey::parse("abcdefghijklmnopqrstuvwxyz0123456789ABCDEF=").unwrap_err();
    /// assert_eq!(e.code(), "AES_KEY_INVALID");
    /// # Ok::<(), wxcard::Error>(())
    /// ```
    pub fn parse(encoding_aes_key: &str) -> Result<Self, Error> {
        let invalid = Error::new(ErrorKind::AesKeyInvalid, "EncodingAESKey");
        if encoding_aes_key.len() != 43 || !encoding_aes_key.bytes().all(is_base64_char) {
            return Err(invalid);
        }
        let mut text = [0u8; 44];
        text.get_mut(..43).ok_or(invalid)?.copy_from_slice(encoding_aes_key.as_bytes());
        if let Some(last) = text.last_mut() {
            *last = b'=';
        }
        // The 43rd character carries the last 4 bits of the key and 2 unused bits. The console
        // draws all 43 characters from a-z, A-Z and 0-9, so those 2 bits are often set (the
        // sample key ends in 'G'): they are ignored, as WeChat's own samples ignore them.
        let mut key = [0u8; 32];
        match KEY_ENGINE.decode_slice(text, &mut key) {
            Ok(32) => Ok(EncodingAesKey(key)),
            _ => Err(invalid),
        }
    }

    /// The AES key and the IV (the key's first 16 bytes).
    fn key_iv(&self) -> (Array<u8, aes::cipher::consts::U32>, Array<u8, aes::cipher::consts::U16>) {
        let mut iv = [0u8; 16];
        for (d, s) in iv.iter_mut().zip(self.0.iter()) {
            *d = *s;
        }
        (Array::from(self.0), Array::from(iv))
    }
}

impl fmt::Debug for EncodingAesKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("EncodingAesKey(<redacted>)")
    }
}

/// Standard base64 that ignores the unused bits of the last character.
const KEY_ENGINE: base64::engine::GeneralPurpose = base64::engine::GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    base64::engine::GeneralPurposeConfig::new().with_decode_allow_trailing_bits(true),
);

fn is_base64_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'+' || b == b'/'
}

/// Why one key could not open a ciphertext.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Failure {
    /// Padding, length field or UTF-8 wrong: the wrong key, or a damaged ciphertext.
    Garbled,
    /// Well-formed, but for another appid.
    OtherAppid,
}

/// Decrypts a push's `Encrypt` text and checks that it was meant for `appid`.
///
/// `keys` are tried in order: the current EncodingAESKey first, then the previous one while a
/// key change settles (WeChat may still push a few messages under the old key). An empty list
/// is a `MISSING` error. What fails after base64 decoding is `DECRYPT_FAILED` (a wrong key, a
/// damaged or truncated ciphertext, a bad padding byte, a length field past the end), or
/// `APPID_MISMATCH` when the text decrypts but names another appid.
pub fn decrypt(keys: &[EncodingAesKey], appid: &str, encrypt: &str) -> Result<String, Error> {
    decrypt_with_key_index(keys, appid, encrypt).map(|(xml, _)| xml)
}

/// [`decrypt`], also saying which of `keys` opened it (from 0).
pub(crate) fn decrypt_with_key_index(
    keys: &[EncodingAesKey],
    appid: &str,
    encrypt: &str,
) -> Result<(String, usize), Error> {
    if keys.is_empty() {
        return Err(Error::new(ErrorKind::Missing, "EncodingAESKey"));
    }
    let failed = Error::new(ErrorKind::DecryptFailed, "Encrypt");
    let cipher = base64::engine::general_purpose::STANDARD.decode(encrypt.trim()).map_err(|_| failed)?;
    if cipher.is_empty() || cipher.len() % PAD_BLOCK != 0 {
        return Err(failed);
    }
    let mut other_appid = false;
    for (index, key) in keys.iter().enumerate() {
        match open(key, appid, &cipher) {
            Ok(xml) => return Ok((xml, index)),
            Err(Failure::OtherAppid) => other_appid = true,
            Err(Failure::Garbled) => {}
        }
    }
    Err(if other_appid { Error::new(ErrorKind::AppidMismatch, "appid") } else { failed })
}

/// One key's attempt.
fn open(key: &EncodingAesKey, appid: &str, cipher: &[u8]) -> Result<String, Failure> {
    let mut buf = cipher.to_vec();
    let (k, iv) = key.key_iv();
    let (blocks, rest) = Array::slice_as_chunks_mut(&mut buf);
    if !rest.is_empty() {
        return Err(Failure::Garbled);
    }
    Aes256CbcDec::new(&k, &iv).decrypt_blocks(blocks);
    let plain = unpad(&buf).ok_or(Failure::Garbled)?;
    let len = plain.get(RANDOM_LEN..HEADER_LEN).and_then(|b| b.first_chunk::<4>()).ok_or(Failure::Garbled)?;
    let len = usize::try_from(u32::from_be_bytes(*len)).map_err(|_| Failure::Garbled)?;
    let end = HEADER_LEN.checked_add(len).ok_or(Failure::Garbled)?;
    let xml = plain.get(HEADER_LEN..end).ok_or(Failure::Garbled)?;
    let from_appid = plain.get(end..).ok_or(Failure::Garbled)?;
    let xml = core::str::from_utf8(xml).map_err(|_| Failure::Garbled)?;
    if from_appid != appid.as_bytes() {
        return Err(Failure::OtherAppid);
    }
    Ok(xml.into())
}

/// The plaintext without its padding: 1 to 32 bytes, each holding the count.
fn unpad(buf: &[u8]) -> Option<&[u8]> {
    let n = usize::from(*buf.last()?);
    if n == 0 || n > PAD_BLOCK || n > buf.len() {
        return None;
    }
    let (plain, pad) = buf.split_at(buf.len() - n);
    pad.iter().all(|&b| usize::from(b) == n).then_some(plain)
}

/// Encrypts `xml` for `appid` under `key`, with `random` as the 16-byte prefix: the `Encrypt`
/// text of an encrypted reply. Draw `random` fresh for every reply (e.g. with `getrandom`); a
/// fixed one is for known-answer tests only.
///
/// ```
/// use wxcard::push::{decrypt, encrypt, EncodingAesKey};
///
/// // WeChat's sample key, appid and random prefix (its Java sample's testAesEncrypt).
/// let key = EncodingAesKey::parse("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG")?;
/// let text = encrypt(&key, "wxb11529c136998cb6", "我是中文abcd123", *b"aaaabbbbccccdddd");
/// assert_eq!(text, "jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==");
/// assert_eq!(decrypt(&[key], "wxb11529c136998cb6", &text)?, "我是中文abcd123");
/// # Ok::<(), wxcard::Error>(())
/// ```
pub fn encrypt(key: &EncodingAesKey, appid: &str, xml: &str, random: [u8; 16]) -> String {
    let body = HEADER_LEN + xml.len() + appid.len();
    let pad = PAD_BLOCK - body % PAD_BLOCK;
    let mut buf = Vec::with_capacity(body + pad);
    buf.extend_from_slice(&random);
    // A reply longer than 4 GiB cannot be framed; WeChat takes replies of a few KB.
    buf.extend_from_slice(&u32::try_from(xml.len()).unwrap_or(u32::MAX).to_be_bytes());
    buf.extend_from_slice(xml.as_bytes());
    buf.extend_from_slice(appid.as_bytes());
    buf.resize(body + pad, pad as u8);
    let (k, iv) = key.key_iv();
    let (blocks, _) = Array::slice_as_chunks_mut(&mut buf);
    Aes256CbcEnc::new(&k, &iv).encrypt_blocks(blocks);
    base64::engine::general_purpose::STANDARD.encode(&buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn padding_rules() {
        assert_eq!(unpad(&[7, 1]), Some(&[7u8][..]));
        assert_eq!(unpad(&[2, 2]), Some(&[][..]));
        assert_eq!(unpad(&[1, 0]), None);
        assert_eq!(unpad(&[1, 3, 2]), None);
        assert_eq!(unpad(&[33; 33]), None);
        assert_eq!(unpad(&[]), None);
    }

    #[test]
    fn key_shapes() {
        assert!(EncodingAesKey::parse(&"A".repeat(43)).is_ok());
        assert!(EncodingAesKey::parse(&"A".repeat(42)).is_err());
        assert!(EncodingAesKey::parse(&"A".repeat(44)).is_err());
        assert!(EncodingAesKey::parse(&["A".repeat(42), "-".into()].concat()).is_err());
    }
}
