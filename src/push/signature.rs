//! The two signatures WeChat puts on the query of every request to the server URL.
//!
//! - `signature = sha1(sorted(token, timestamp, nonce))`: the URL check (GET with `echostr`) and
//!   every push, in every mode. It proves the sender knows the token, but covers no byte of the
//!   body.
//! - `msg_signature = sha1(sorted(token, timestamp, nonce, Encrypt))`: safe and compatible mode
//!   only. It covers the encrypted body, so a push is authenticated before it is decrypted.
//!
//! Both are the byte-sorted SHA-1 of [`sorted_sha1`], and both are compared in constant time.

use alloc::string::String;

use crate::error::{Error, ErrorKind};
use crate::sign::{sorted_sha1, Signature};

/// `signature` of the URL check and of every push: SHA-1 of token, timestamp and nonce, sorted
/// byte-wise and concatenated.
///
/// ```
/// // sha1("123" + "456" + "789"): the values are sorted, whatever their roles.
/// let s = wxcard::push::url_signature("789", "456", "123");
/// assert!(s.matches("f7c3bc1d808e04732adf679965ccc34ca7ae3441"));
/// ```
pub fn url_signature(token: &str, timestamp: &str, nonce: &str) -> Signature {
    sorted_sha1(&[token, timestamp, nonce])
}

/// `msg_signature` of a safe-mode push (and of an encrypted reply's `MsgSignature`): SHA-1 of
/// token, timestamp, nonce and the base64 `Encrypt` text, sorted byte-wise and concatenated.
pub fn msg_signature(token: &str, timestamp: &str, nonce: &str, encrypt: &str) -> Signature {
    sorted_sha1(&[token, timestamp, nonce, encrypt])
}

/// The query WeChat puts on a request to the server URL, decoded.
///
/// Build it with [`PushQuery::parse`] from the raw query string, or fill the fields from the
/// query a web framework has already decoded. Absent parameters are empty strings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PushQuery {
    /// `signature`: [`url_signature`], on every request.
    pub signature: String,
    /// `timestamp`, Unix seconds as WeChat wrote them.
    pub timestamp: String,
    /// `nonce`.
    pub nonce: String,
    /// `echostr`: the URL check only, answered as it is.
    pub echostr: String,
    /// `openid` of the user (pushes only).
    pub openid: String,
    /// `encrypt_type`: `aes` in safe and compatible mode, absent (or `raw`) in plaintext mode.
    pub encrypt_type: String,
    /// `msg_signature`: [`msg_signature`], safe and compatible mode only.
    pub msg_signature: String,
}

impl PushQuery {
    /// Reads a raw query string (`signature=...&timestamp=...`, with or without a leading `?`),
    /// percent-decoding the values. Unknown parameters are ignored; the first of a repeated
    /// parameter wins.
    pub fn parse(query: &str) -> Self {
        let mut q = PushQuery::default();
        let query = query.strip_prefix('?').unwrap_or(query);
        for pair in query.split('&') {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let slot = match name {
                "signature" => &mut q.signature,
                "timestamp" => &mut q.timestamp,
                "nonce" => &mut q.nonce,
                "echostr" => &mut q.echostr,
                "openid" => &mut q.openid,
                "encrypt_type" => &mut q.encrypt_type,
                "msg_signature" => &mut q.msg_signature,
                _ => continue,
            };
            if slot.is_empty() {
                *slot = crate::redirect::decode(value, true);
            }
        }
        q
    }
}

/// Checks `signature` against the token, in constant time. `field` names the query parameter
/// in the error.
pub(crate) fn check(expected: &Signature, given: &str, field: &'static str) -> Result<(), Error> {
    if given.is_empty() {
        return Err(Error::new(ErrorKind::Missing, field));
    }
    if expected.matches(given) {
        Ok(())
    } else {
        Err(Error::new(ErrorKind::PushSignatureMismatch, field))
    }
}

/// The server URL check (the console's "提交" on 服务器配置): checks `signature` against the
/// token and gives back the `echostr` to answer, as it is.
///
/// ```
/// use wxcard::push::{check_url, url_signature, PushQuery};
///
/// let signature = url_signature("token1", "1409304348", "372834");
/// let query = format!("signature={signature}&timestamp=1409304348&nonce=372834&echostr=5837397749");
/// assert_eq!(check_url("token1", &PushQuery::parse(&query))?, "5837397749");
///
/// let e = check_url("token2", &PushQuery::parse(&query)).unwrap_err();
/// assert_eq!((e.code(), e.field()), ("PUSH_SIGNATURE_MISMATCH", "signature"));
/// # Ok::<(), wxcard::Error>(())
/// ```
pub fn check_url<'q>(token: &str, query: &'q PushQuery) -> Result<&'q str, Error> {
    if token.is_empty() {
        return Err(Error::new(ErrorKind::Missing, "token"));
    }
    check(&url_signature(token, &query.timestamp, &query.nonce), &query.signature, "signature")?;
    if query.echostr.is_empty() {
        return Err(Error::new(ErrorKind::Missing, "echostr"));
    }
    Ok(&query.echostr)
}

/// Checks that a request's signed `timestamp` is within `max_skew_secs` of `now_unix_secs`,
/// either way.
///
/// The signatures cover the timestamp, so a captured push cannot be re-dated: a receiver that
/// refuses old timestamps, and remembers the pushes it took for longer than twice the window,
/// runs every push at most once, replays included. The core has no clock: `now_unix_secs`
/// comes from the caller.
///
/// ```
/// use wxcard::push::{check_timestamp, PushQuery};
///
/// let query = PushQuery::parse("timestamp=1700000000");
/// assert!(check_timestamp(&query, 1_700_000_200, 300).is_ok());
/// let e = check_timestamp(&query, 1_700_000_301, 300).unwrap_err();
/// assert_eq!((e.code(), e.field()), ("PUSH_STALE", "timestamp"));
/// ```
pub fn check_timestamp(query: &PushQuery, now_unix_secs: u64, max_skew_secs: u64) -> Result<(), Error> {
    let t = &query.timestamp;
    if t.is_empty() {
        return Err(Error::new(ErrorKind::Missing, "timestamp"));
    }
    if !t.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::new(ErrorKind::TimestampNotDigits, "timestamp"));
    }
    if t.len() == 13 {
        return Err(Error::new(ErrorKind::TimestampInMilliseconds, "timestamp"));
    }
    // Over 20 digits does not fit a u64: as stale as a timestamp can be.
    let sent = t.parse::<u64>().unwrap_or(u64::MAX);
    if sent.abs_diff(now_unix_secs) > max_skew_secs {
        return Err(Error::new(ErrorKind::PushStale, "timestamp"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_like_the_card_signatures() {
        let s = url_signature("123", "456", "789");
        assert_eq!(s.as_str(), "f7c3bc1d808e04732adf679965ccc34ca7ae3441");
        assert_eq!(msg_signature("456", "", "789", "123"), s);
    }

    #[test]
    fn query_decoding() {
        let q = PushQuery::parse("?signature=ab&timestamp=1&nonce=2&openid=o%2Bx&encrypt_type=aes&x=&nonce=3");
        assert_eq!((q.signature.as_str(), q.nonce.as_str(), q.openid.as_str()), ("ab", "2", "o+x"));
        assert_eq!(q.encrypt_type, "aes");
        assert_eq!(crate::redirect::decode("a+b%zz%", true), "a b%zz%");
    }

    #[test]
    fn timestamps_within_the_window() {
        let at = |t: &str, now: u64| {
            check_timestamp(&PushQuery::parse(&alloc::format!("timestamp={t}")), now, 300).map_err(|e| e.code())
        };
        assert_eq!(at("1000", 1300), Ok(()));
        assert_eq!(at("1000", 700), Ok(()));
        assert_eq!(at("1000", 1301), Err("PUSH_STALE"));
        assert_eq!(at("1000", 699), Err("PUSH_STALE"));
        assert_eq!(at("", 1000), Err("MISSING"));
        assert_eq!(at("-5", 1000), Err("TIMESTAMP_NOT_DIGITS"));
        assert_eq!(at("1700000000000", 1_700_000_000), Err("TIMESTAMP_IN_MILLISECONDS"));
        assert_eq!(at("99999999999999999999999", 1000), Err("PUSH_STALE"));
        assert_eq!(at("0", u64::MAX), Err("PUSH_STALE"));
    }
}
