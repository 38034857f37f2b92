//! The rules every signed value must follow, checked before anything is hashed.
//!
//! WeChat answers a bad value with a bare "签名错误"; these checks name the field and the rule
//! instead, and make sure a value that WeChat would reject is never signed.

use crate::error::{Error, ErrorKind};

/// The longest value accepted for any signed field, in bytes. Real tickets are under 200 bytes.
pub const MAX_VALUE_BYTES: usize = 1024;
/// The longest custom code WeChat accepts, in characters (Q&A A8).
pub const MAX_CODE_CHARS: usize = 20;
/// The longest nonce_str accepted, in characters.
pub const MAX_NONCE_CHARS: usize = 32;
/// The longest outer_str accepted, in bytes.
pub const MAX_OUTER_STR_BYTES: usize = 128;
/// Timestamps at or above this (year 5138) are not seconds.
const MAX_SECONDS: u64 = 99_999_999_999;

/// The longest page URL signed or diagnosed, in bytes: a single-page app's address with its
/// query can pass [`MAX_VALUE_BYTES`]; past this, a URL is refused before any hashing.
pub const MAX_URL_BYTES: usize = 4096;

/// Checks a value that will be signed. Empty passes unless `required`.
pub(crate) fn value(field: &'static str, v: &str, required: bool) -> Result<(), Error> {
    if v.len() > MAX_VALUE_BYTES {
        return Err(Error::new(ErrorKind::ValueTooLong, field));
    }
    text(field, v, required)
}

/// [`value`] without its length limit.
fn text(field: &'static str, v: &str, required: bool) -> Result<(), Error> {
    if v.is_empty() {
        return if required { Err(Error::new(ErrorKind::Missing, field)) } else { Ok(()) };
    }
    let starts = v.chars().next().is_some_and(char::is_whitespace);
    let ends = v.chars().next_back().is_some_and(char::is_whitespace);
    if starts || ends {
        return Err(Error::new(ErrorKind::SurroundingWhitespace, field));
    }
    // ASCII without controls is the usual case; only other text needs the char-wise check.
    let plain = v.bytes().all(|b| (0x20..0x7f).contains(&b));
    if !plain && v.chars().any(char::is_control) {
        return Err(Error::new(ErrorKind::ControlCharacter, field));
    }
    Ok(())
}

/// A custom code: at most 20 characters.
pub(crate) fn code(field: &'static str, v: &str) -> Result<(), Error> {
    value(field, v, false)?;
    if v.chars().count() > MAX_CODE_CHARS {
        return Err(Error::new(ErrorKind::CodeTooLong, field));
    }
    Ok(())
}

/// A nonce_str: at most 32 characters.
pub(crate) fn nonce(field: &'static str, v: &str, required: bool) -> Result<(), Error> {
    value(field, v, required)?;
    if v.chars().count() > MAX_NONCE_CHARS {
        return Err(Error::new(ErrorKind::NonceTooLong, field));
    }
    Ok(())
}

/// An outer_str: at most 128 bytes.
pub(crate) fn outer_str(field: &'static str, v: &str) -> Result<(), Error> {
    if v.len() > MAX_OUTER_STR_BYTES {
        return Err(Error::new(ErrorKind::OuterStrTooLong, field));
    }
    value(field, v, false)
}

/// A card type such as `GROUPON`: upper-case ASCII letters and underscores.
pub(crate) fn card_type(field: &'static str, v: &str) -> Result<(), Error> {
    value(field, v, false)?;
    if !v.bytes().all(|b| b.is_ascii_uppercase() || b == b'_') {
        return Err(Error::new(ErrorKind::CardTypeInvalid, field));
    }
    Ok(())
}

/// A timestamp already given as a number: seconds, not milliseconds.
pub(crate) fn seconds(field: &'static str, t: u64) -> Result<u64, Error> {
    if (1_000_000_000_000..10_000_000_000_000).contains(&t) {
        Err(Error::new(ErrorKind::TimestampInMilliseconds, field))
    } else if t > MAX_SECONDS {
        Err(Error::new(ErrorKind::TimestampNotDigits, field))
    } else {
        Ok(t)
    }
}

/// Parses a Unix timestamp in seconds written as digits, the way WeChat signs it.
///
/// Refuses signs, spaces, decimals, and 13-digit millisecond values.
pub fn parse_timestamp(field: &'static str, text: &str) -> Result<u64, Error> {
    if text.is_empty() {
        return Err(Error::new(ErrorKind::Missing, field));
    }
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::new(ErrorKind::TimestampNotDigits, field));
    }
    if text.len() == 13 {
        return Err(Error::new(ErrorKind::TimestampInMilliseconds, field));
    }
    if text.len() > 11 || (text.len() > 1 && text.as_bytes().first() == Some(&b'0')) {
        return Err(Error::new(ErrorKind::TimestampNotDigits, field));
    }
    let mut n = 0u64;
    for b in text.bytes() {
        n = n * 10 + u64::from(b - b'0');
    }
    Ok(n)
}

/// A wx.config page URL: absolute http(s), with a host.
pub(crate) fn page_url(field: &'static str, url: &str) -> Result<(), Error> {
    if url.len() > MAX_URL_BYTES {
        return Err(Error::new(ErrorKind::UrlTooLong, field));
    }
    text(field, url, true)?;
    let rest = strip_prefix_ignore_case(url, "https://").or_else(|| strip_prefix_ignore_case(url, "http://"));
    match rest {
        Some(rest)
            if !matches!(rest.bytes().next(), None | Some(b'/' | b'?' | b'#')) && !rest.bytes().any(|b| b == b' ') =>
        {
            Ok(())
        }
        _ => Err(Error::new(ErrorKind::UrlNotHttp, field)),
    }
}

/// A signature to compare against: exactly 40 lower-case hex digits.
pub(crate) fn signature(field: &'static str, sig: &str) -> Result<(), Error> {
    if sig.is_empty() {
        return Err(Error::new(ErrorKind::Missing, field));
    }
    if is_lower_hex_sha1(sig) {
        Ok(())
    } else {
        Err(Error::new(ErrorKind::SignatureMalformed, field))
    }
}

/// True for 40 lower-case hex digits.
pub(crate) fn is_lower_hex_sha1(s: &str) -> bool {
    s.len() == 40 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

pub(crate) fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    if head.eq_ignore_ascii_case(prefix) {
        s.get(prefix.len()..)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps() {
        assert_eq!(parse_timestamp("timestamp", "1404896688"), Ok(1404896688));
        assert_eq!(parse_timestamp("timestamp", "0"), Ok(0));
        // 11 digits are still seconds (year 2415).
        assert_eq!(parse_timestamp("timestamp", "14048966880"), Ok(14048966880));
        for (bad, kind) in [
            ("", ErrorKind::Missing),
            ("1404896688000", ErrorKind::TimestampInMilliseconds),
            ("+1404896688", ErrorKind::TimestampNotDigits),
            (" 1404896688", ErrorKind::TimestampNotDigits),
            ("1404896688.5", ErrorKind::TimestampNotDigits),
            ("01404896688", ErrorKind::TimestampNotDigits),
            ("123456789012345678901234567890", ErrorKind::TimestampNotDigits),
        ] {
            assert_eq!(parse_timestamp("timestamp", bad).map_err(|e| e.kind()), Err(kind), "{bad}");
        }
        assert_eq!(seconds("t", 1_700_000_000_000).map_err(|e| e.kind()), Err(ErrorKind::TimestampInMilliseconds));
        assert_eq!(seconds("t", 1_700_000_000), Ok(1_700_000_000));
    }

    #[test]
    fn urls() {
        for ok in ["http://a.com", "https://mp.weixin.qq.com?params=value", "HTTPS://x/y#z"] {
            assert_eq!(page_url("url", ok), Ok(()), "{ok}");
        }
        for bad in ["", "mp.weixin.qq.com", "/path", "ftp://a", "http://", "https:///x", "http://a b"] {
            assert!(page_url("url", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn values() {
        assert_eq!(value("f", "ticket ", true).map_err(|e| e.code()), Err("SURROUNDING_WHITESPACE"));
        assert_eq!(value("f", "\u{3000}ticket", true).map_err(|e| e.code()), Err("SURROUNDING_WHITESPACE"));
        assert_eq!(value("f", "a\nb", true).map_err(|e| e.code()), Err("CONTROL_CHARACTER"));
        assert_eq!(value("f", "", true).map_err(|e| e.code()), Err("MISSING"));
        assert_eq!(value("f", "", false), Ok(()));
        assert_eq!(code("code", "一二三四五六七八九十一二三四五六七八九十"), Ok(()));
        assert_eq!(code("code", "123456789012345678901").map_err(|e| e.code()), Err("CODE_TOO_LONG"));
        assert_eq!(card_type("card_type", "groupon").map_err(|e| e.code()), Err("CARD_TYPE_INVALID"));
    }
}
