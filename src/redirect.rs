//! The parameters WeChat appends to a card's custom URL.
//!
//! A card whose custom_url is `http://www.qq.com` opens
//! `http://www.qq.com?encrypt_code=ENCRYPT_CODE&card_id=CARDID&openid=xxxx&outer_str=xxxxx`
//! (card API overview, 6.4). encrypt_code is base64: a `+` in it is data, not a space, and
//! turning it into one earns error 40075. The code is still encrypted: decrypt it on the server
//! with `card/code/decrypt` before using it.
//!
//! A member card's activation page is opened the same way, and with one-click activation
//! (`wx_activate`) also with `activate_ticket`, which reads what the user filled in
//! (`card/membercard/activatetempinfo/get`). It is kept as it came, `+` included, like
//! encrypt_code.

use alloc::string::String;
use alloc::vec::Vec;

/// The card parameters found in a URL.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct CardRedirect {
    /// The encrypted code, percent-decoded, `+` kept. Decrypt it server-side (`card/code/decrypt`).
    pub encrypt_code: String,
    /// The card's id.
    pub card_id: String,
    /// The user's openid under the official account, when present.
    pub openid: Option<String>,
    /// The scene value of member cards, when present.
    pub outer_str: Option<String>,
    /// A member card's activation page (one-click activation): the ticket for the user's form
    /// answers, percent-decoded, `+` kept. Read the answers server-side
    /// (`card/membercard/activatetempinfo/get`).
    pub activate_ticket: Option<String>,
    /// The URL with these parameters removed: `history.replaceState` to it before signing
    /// wx.config, so the signed URL is the one the page keeps.
    pub stripped_url: String,
}

/// The parameter names WeChat appends.
pub const CARD_PARAMS: [&str; 5] = ["encrypt_code", "card_id", "openid", "outer_str", "activate_ticket"];

/// Reads the card parameters from a full URL, a bare query (with or without `?`), or a
/// hash-router fragment such as `https://x/#/card?encrypt_code=...`.
///
/// `None` unless both encrypt_code and card_id are present. On duplicates the first wins.
pub fn parse_card_redirect(input: &str) -> Option<CardRedirect> {
    let parts = UrlParts::split(input);
    let mut found: [Option<String>; 5] = [None, None, None, None, None];
    for query in [parts.query, parts.fragment_query()].into_iter().flatten() {
        for pair in query.split('&') {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let Some(i) = CARD_PARAMS.iter().position(|p| *p == decode(key, true)) else { continue };
            if let Some(slot @ None) = found.get_mut(i) {
                // encrypt_code and activate_ticket are base64: `+` is data.
                let opaque = i == 0 || i == 4;
                let mut v = decode(value, !opaque);
                if opaque {
                    v = v.chars().map(|c| if c == ' ' { '+' } else { c }).collect();
                }
                *slot = Some(v);
            }
        }
    }
    let [encrypt_code, card_id, openid, outer_str, activate_ticket] = found;
    let (encrypt_code, card_id) = (encrypt_code.filter(|s| !s.is_empty())?, card_id.filter(|s| !s.is_empty())?);
    Some(CardRedirect {
        encrypt_code,
        card_id,
        openid: openid.filter(|s| !s.is_empty()),
        outer_str: outer_str.filter(|s| !s.is_empty()),
        activate_ticket: activate_ticket.filter(|s| !s.is_empty()),
        stripped_url: strip_card_params(input),
    })
}

/// The URL (or query) with the card parameters removed; everything else left as it was.
pub fn strip_card_params(input: &str) -> String {
    let parts = UrlParts::split(input);
    let mut out = String::with_capacity(input.len());
    out.push_str(parts.base);
    if let Some(q) = parts.query {
        let kept = push_query(&mut out, if parts.bare_query { "" } else { "?" }, q);
        // `a=b?card_id=..` without its `?` would read as a bare query: keep the mark.
        if !kept && !parts.bare_query && looks_like_bare_query(parts.base) {
            out.push('?');
        }
    }
    if let Some(fragment) = parts.fragment {
        out.push('#');
        match fragment.split_once('?') {
            Some((route, q)) => {
                out.push_str(route);
                push_query(&mut out, "?", q);
            }
            None => out.push_str(fragment),
        }
    }
    out
}

/// Writes the query's other parameters; true if it wrote any.
fn push_query(out: &mut String, lead: &str, query: &str) -> bool {
    let mut first = true;
    for pair in query.split('&') {
        let key = pair.split('=').next().unwrap_or(pair);
        if pair.is_empty() || CARD_PARAMS.contains(&decode(key, true).as_str()) {
            continue;
        }
        out.push_str(if first { lead } else { "&" });
        out.push_str(pair);
        first = false;
    }
    !first
}

/// Text with no `?` that is taken for a query: an `=` and no `/`.
fn looks_like_bare_query(s: &str) -> bool {
    let has = |b: u8| s.bytes().any(|c| c == b);
    !has(b'/') && has(b'=')
}

/// A URL cut where the card parameters can be: `base?query#fragment`.
struct UrlParts<'a> {
    base: &'a str,
    query: Option<&'a str>,
    fragment: Option<&'a str>,
    /// The whole input was a query without `?`.
    bare_query: bool,
}

impl<'a> UrlParts<'a> {
    fn split(input: &'a str) -> Self {
        let (before_hash, fragment) = match input.split_once('#') {
            Some((b, f)) => (b, Some(f)),
            None => (input, None),
        };
        match before_hash.split_once('?') {
            Some((base, query)) => UrlParts { base, query: Some(query), fragment, bare_query: false },
            None if looks_like_bare_query(before_hash) => {
                UrlParts { base: "", query: Some(before_hash), fragment, bare_query: true }
            }
            None => UrlParts { base: before_hash, query: None, fragment, bare_query: false },
        }
    }

    fn fragment_query(&self) -> Option<&'a str> {
        self.fragment.and_then(|f| f.split_once('?')).map(|(_, q)| q)
    }
}

/// Percent-decodes as UTF-8; `+` becomes a space when asked (a query string's form encoding).
pub(crate) fn decode(s: &str, plus_is_space: bool) -> String {
    if !s.bytes().any(|b| b == b'%' || b == b'+') {
        return s.into();
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        let hex = |at: usize| b.get(at).and_then(|h| (*h as char).to_digit(16));
        match c {
            b'%' => match (hex(i + 1), hex(i + 2)) {
                (Some(hi), Some(lo)) => {
                    out.push((hi * 16 + lo) as u8);
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b'+' if plus_is_space => out.push(b' '),
            c => out.push(c),
        }
        i += 1;
    }
    // Bytes that are not UTF-8 once decoded: keep the text as it came.
    String::from_utf8(out).unwrap_or_else(|_| s.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_example() {
        let r = parse_card_redirect(
            "http://www.qq.com?encrypt_code=ENCRYPT_CODE&card_id=CARDID&openid=xxxx&outer_str=xxxxx",
        )
        .unwrap();
        assert_eq!(r.encrypt_code, "ENCRYPT_CODE");
        assert_eq!(r.card_id, "CARDID");
        assert_eq!(r.openid.as_deref(), Some("xxxx"));
        assert_eq!(r.outer_str.as_deref(), Some("xxxxx"));
        assert_eq!(r.activate_ticket, None);
        assert_eq!(r.stripped_url, "http://www.qq.com");
    }

    #[test]
    fn member_card_activation_page() {
        let url = "https://m.example.com/activate.html?v=2&card_id=pMember&encrypt_code=Ab+c/D==&outer_str=0&openid=oU\
                   &activate_ticket=fDZv9eMQ+AF%2Br/Nr3X==#top";
        let r = parse_card_redirect(url).unwrap();
        assert_eq!(r.encrypt_code, "Ab+c/D==");
        assert_eq!(r.activate_ticket.as_deref(), Some("fDZv9eMQ+AF+r/Nr3X=="));
        assert_eq!(
            (r.card_id.as_str(), r.openid.as_deref(), r.outer_str.as_deref()),
            ("pMember", Some("oU"), Some("0"))
        );
        assert_eq!(r.stripped_url, "https://m.example.com/activate.html?v=2#top");
        assert_eq!(strip_card_params("?activate_ticket=t&x=1"), "?x=1");
        // Only the ticket and no code: not a card redirect, but the ticket is still stripped.
        assert!(parse_card_redirect("https://x/a?activate_ticket=t").is_none());
        assert_eq!(strip_card_params("https://x/a?activate_ticket=t"), "https://x/a");
    }

    #[test]
    fn decoding() {
        assert_eq!(decode("a%2Bb+c%E4%B8%AD", true), "a+b c中");
        assert_eq!(decode("a+b%2", false), "a+b%2");
        assert_eq!(decode("%FF", false), "%FF");
    }
}
