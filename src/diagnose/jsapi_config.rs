//! `wx.config`: why WeChat answers "config:invalid signature".
//!
//! The signature is SHA-1 of `jsapi_ticket=..&noncestr=..&timestamp=..&url=..`, the URL without
//! its `#fragment`. Which URL WeChat checks depends on the phone: iOS WeChat checks the URL the
//! page was first entered with (a single-page app that moved with `pushState` keeps being checked
//! against it), Android WeChat the current one, and HarmonyOS NEXT WeChat is taken to check it as
//! Android does (no source says otherwise). Where WeChat said which URL it checked
//! (`realAuthUrl` of its error in debug mode), that one is used.
//!
//! Besides the URL WeChat checks, a call may carry the URL the server says it signed
//! (`signedUrl`, which `POST /api/jsapi-config` answers): a proxy or CDN that handed the server
//! another scheme, host or port than the page's cannot be guessed, but it can be named.

use alloc::string::{String, ToString};
use alloc::vec;
use alloc::vec::Vec;

use super::{check_signature_text, check_timestamp_text, check_value, Diagnosis, FindingCode};
use crate::clock::now_seconds;
use crate::sign::{sha1_of, url_for_signing, Signature};
use crate::ua::{parse_user_agent, Platform};
use crate::validate;

/// What a page passed to `wx.config`, as text, and where it was.
///
/// As JSON: `{url, landingUrl?, appId, timestamp, nonceStr, signature, userAgent?, signedUrl?,
/// realAuthUrl?}`, the body
/// of the server's diagnosis endpoint (`timestamp` a number or text). `diagnoseJsapiConfig` of
/// the npm package reads any value as the page passed it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct JsapiConfigCall {
    /// The page's current URL (`location.href`).
    pub url: String,
    /// The URL the page was first entered with, when known ("" otherwise).
    #[cfg_attr(feature = "serde", serde(default, deserialize_with = "crate::de::text"))]
    pub landing_url: String,
    /// `appId`.
    pub app_id: String,
    /// `timestamp`.
    #[cfg_attr(feature = "serde", serde(deserialize_with = "crate::de::number_or_text"))]
    pub timestamp: String,
    /// `nonceStr`.
    pub nonce_str: String,
    /// `signature`.
    pub signature: String,
    /// The page's user agent, when known: it says which URL WeChat checks ("" otherwise).
    #[cfg_attr(feature = "serde", serde(default, deserialize_with = "crate::de::text"))]
    pub user_agent: String,
    /// The URL the server says it signed (the `signedUrl` of its answer), when known ("" otherwise).
    #[cfg_attr(feature = "serde", serde(default, deserialize_with = "crate::de::text"))]
    pub signed_url: String,
    /// The URL WeChat says it checked (`realAuthUrl` of its error in debug mode), when known ("" otherwise).
    #[cfg_attr(feature = "serde", serde(default, deserialize_with = "crate::de::text"))]
    pub real_auth_url: String,
}

/// The four pairs in the order WeChat signs them.
const KEYS: [&str; 4] = ["jsapi_ticket", "noncestr", "timestamp", "url"];
/// The camelCase keys of a common mistake, in the same order.
const CAMEL_KEYS: [&str; 4] = ["jsapiTicket", "nonceStr", "timestamp", "url"];
/// One or two keys written as wx.config (or WeChat Pay's `timeStamp`) writes them, the others
/// right: four more hashes, with the ticket, timestamp and URL as they are.
const ONE_KEY_CASE: [([&str; 4], &[FindingCode]); 4] = [
    (["jsapi_ticket", "nonceStr", "timestamp", "url"], &[FindingCode::MistakeNoncestrKeyCase]),
    (["jsapi_ticket", "noncestr", "timeStamp", "url"], &[FindingCode::MistakeTimestampKeyCase]),
    (
        ["jsapi_ticket", "nonceStr", "timeStamp", "url"],
        &[FindingCode::MistakeNoncestrKeyCase, FindingCode::MistakeTimestampKeyCase],
    ),
    (
        ["jsapiTicket", "nonceStr", "timeStamp", "url"],
        &[FindingCode::MistakeKeyCase, FindingCode::MistakeTimestampKeyCase],
    ),
];
/// The values of `from=` that WeChat appends to a shared page (with `isappinstalled=`).
const SHARE_FROM: [&str; 3] = ["singlemessage", "groupmessage", "timeline"];

/// How far apart the signed and the sent timestamp are searched, in seconds.
const TIMESTAMP_SEARCH: u64 = 900;

/// Diagnoses a `wx.config` call. `jsapi_ticket` turns on the signature checks; `api_ticket` (the
/// card ticket, `type=wx_card`) lets the diagnosis recognise a config signed with it.
pub fn diagnose_jsapi_config(
    call: &JsapiConfigCall,
    jsapi_ticket: Option<&str>,
    api_ticket: Option<&str>,
    now: Option<u64>,
) -> Diagnosis {
    let mut d = Diagnosis::default();
    let now = now.or_else(now_seconds);
    for v in [call.app_id.as_str(), call.nonce_str.as_str()] {
        check_value(&mut d, v);
    }
    if !call.app_id.is_empty() && !looks_like_app_id(call.app_id.as_str()) {
        d.add(FindingCode::AppIdMalformed);
    }
    if call.nonce_str.is_empty() {
        d.add(FindingCode::NonceStrMissing);
    }
    match validate::page_url("url", call.url.as_str()) {
        Ok(()) if call.url.contains('#') => d.add(FindingCode::UrlHasFragment),
        Ok(()) => {}
        Err(e) if e.kind() == crate::ErrorKind::SurroundingWhitespace => {
            d.add_once(FindingCode::ValueSurroundingWhitespace)
        }
        // Over MAX_URL_BYTES: nothing is hashed, so a request cannot buy much work.
        Err(e) if e.kind() == crate::ErrorKind::UrlTooLong => {
            d.add(FindingCode::UrlTooLong);
            d.sort();
            return d;
        }
        Err(_) => d.add(FindingCode::UrlNotAbsolute),
    }
    let others = [&call.landing_url, &call.signed_url, &call.real_auth_url];
    if others.iter().any(|u| u.len() > validate::MAX_URL_BYTES) {
        d.add(FindingCode::UrlTooLong);
        d.sort();
        return d;
    }
    let ts = check_timestamp_text(&mut d, call.timestamp.as_str(), now);
    let sig = check_signature_text(&mut d, call.signature.as_str());
    let (Some(ticket), Some(ts), Some(sig)) = (jsapi_ticket.map(str::trim), ts, sig) else {
        if jsapi_ticket.is_none() {
            d.add(FindingCode::JsapiTicketNotGiven);
        }
        d.sort();
        return d;
    };
    let needed = needed_url(call);
    let expected = signature(&KEYS, ticket, call.nonce_str.as_str(), ts, url_for_signing(needed));
    d.expected_signature = Some(expected);
    let found = if expected.matches(sig) {
        vec![FindingCode::ConfigSignatureOk]
    } else if expected.as_str().eq_ignore_ascii_case(sig) {
        vec![FindingCode::MistakeUppercaseHex]
    } else {
        replay(call, needed, ticket, api_ticket.map(str::trim), ts, &sig.to_ascii_lowercase())
    };
    if found.is_empty() {
        // The server said it signed another URL, which does not reproduce the signature either:
        // still the parts it got wrong.
        for part in signed_url_parts(call, needed) {
            d.add_once(part);
        }
        d.add(FindingCode::ConfigSignatureMismatch);
    }
    let checked = url_for_signing(call.real_auth_url.trim());
    if !found.contains(&FindingCode::ConfigSignatureOk) && !checked.is_empty() && checked != url_for_signing(&call.url)
    {
        d.add(FindingCode::RealAuthUrlDiffers);
    }
    for finding in found {
        d.add_once(finding);
    }
    d.sort();
    d
}

/// `wx` and 16 letters or digits, as every official account's appid.
fn looks_like_app_id(app_id: &str) -> bool {
    app_id.len() == 18 && app_id.starts_with("wx") && app_id.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// The URL WeChat checks: the one it said (`realAuthUrl`), else the landing URL on iOS (when
/// known), the current one elsewhere (HarmonyOS as Android).
fn needed_url(call: &JsapiConfigCall) -> &str {
    if !call.real_auth_url.trim().is_empty() {
        return call.real_auth_url.trim();
    }
    let ios = parse_user_agent(call.user_agent.as_str()).platform == Platform::Ios;
    if ios && !call.landing_url.is_empty() {
        call.landing_url.as_str()
    } else {
        call.url.as_str()
    }
}

/// SHA-1 of `k0=ticket&k1=nonce&k2=timestamp&k3=url` with these keys.
fn signature(keys: &[&str; 4], ticket: &str, nonce: &str, ts: &str, url: &str) -> Signature {
    let [k0, k1, k2, k3] = keys;
    sha1_of(&[k0, "=", ticket, "&", k1, "=", nonce, "&", k2, "=", ts, "&", k3, "=", url])
}

/// Replays the common mistakes; the findings of the simplest that reproduces `given` (lower
/// case), or none. Mistakes come in pairs too (the card ticket and a URL with its fragment), so
/// every ticket is tried with every form of the URL and the timestamp sent.
fn replay(
    call: &JsapiConfigCall,
    needed: &str,
    ticket: &str,
    api_ticket: Option<&str>,
    ts: &str,
    given: &str,
) -> Vec<FindingCode> {
    use FindingCode as F;
    let nonce = call.nonce_str.as_str();
    // Thousands of hashes each: a value no server signs is not replayed.
    if nonce.len() > validate::MAX_VALUE_BYTES || ticket.len() > validate::MAX_VALUE_BYTES {
        return Vec::new();
    }
    let url = url_for_signing(needed);
    let signs =
        |keys: &[&str; 4], ticket: &str, ts: &str, url: &str| signature(keys, ticket, nonce, ts, url).matches(given);

    let mut tickets: Vec<(String, &[FindingCode])> = vec![(ticket.into(), &[])];
    if let Some(card) = api_ticket.filter(|card| !card.is_empty() && *card != ticket) {
        tickets.push((card.into(), &[F::MistakeCardTicket]));
    }
    for ws in [" ", "\n", "\r\n"] {
        tickets.push(([ticket, ws].concat(), &[F::MistakeTicketWhitespace]));
    }
    // A 13-digit timestamp sent where the server signed seconds.
    let mut stamps: Vec<(String, &[FindingCode])> = vec![(ts.into(), &[])];
    if let Some(seconds) = ts.get(..10).filter(|_| ts.len() == 13) {
        stamps.push((seconds.into(), &[F::MistakeOtherTimestamp]));
    }
    let forms = url_forms(call, needed);
    let mut best: Option<Vec<FindingCode>> = None;
    for (stamp, stamp_mistakes) in &stamps {
        for (t, ticket_mistakes) in &tickets {
            for (u, url_mistakes) in &forms {
                let mistakes: Vec<FindingCode> = [*stamp_mistakes, *ticket_mistakes, url_mistakes.as_slice()].concat();
                let simpler = best.as_ref().is_none_or(|b| mistakes.len() < b.len());
                if !mistakes.is_empty() && simpler && signs(&KEYS, t, stamp, u) {
                    best = Some(mistakes);
                }
            }
        }
    }
    if let Some(best) = best {
        return signed_for_landing(call, best);
    }
    if signs(&CAMEL_KEYS, ticket, ts, url) {
        return vec![F::MistakeKeyCase];
    }
    if let Some((_, found)) = ONE_KEY_CASE.iter().find(|(keys, _)| signs(keys, ticket, ts, url)) {
        return found.to_vec();
    }
    if unsorted(ticket, nonce, ts, url).iter().any(|s| s.matches(given)) {
        return vec![F::MistakeUnsortedKeys];
    }
    let Ok(base) = validate::parse_timestamp("timestamp", ts) else {
        return Vec::new();
    };
    let near = (1..=TIMESTAMP_SEARCH).flat_map(|delta| [base.checked_sub(delta), base.checked_add(delta)]);
    let millis = (0..1000u64).map(|ms| base.checked_mul(1000).and_then(|t| t.checked_add(ms)));
    let other = near.chain(millis).flatten().any(|t| signs(&KEYS, ticket, &t.to_string(), url));
    if other {
        vec![F::MistakeOtherTimestamp]
    } else {
        Vec::new()
    }
}

/// The forms a page's URL takes when signed by mistake, each with the mistakes that make it:
/// the URL WeChat checks (none), with its fragment, percent-encoded, HTML-escaped, the page's
/// other URL, the other scheme, without the parameters WeChat's sharing or OAuth appended, cut
/// at its first `&`, percent-decoded once too often, and the URL the server says it signed.
fn url_forms(call: &JsapiConfigCall, needed: &str) -> Vec<(String, Vec<FindingCode>)> {
    use FindingCode as F;
    let url = url_for_signing(needed);
    // Another URL of the page: the one WeChat does not check on this phone.
    let other = if needed == call.url.as_str() { call.landing_url.as_str() } else { call.url.as_str() };
    let share = |k: &str, v: &str| (k == "from" && SHARE_FROM.contains(&v)) || k == "isappinstalled";
    let oauth = |k: &str, _: &str| k == "code" || k == "state";
    let mut appended: Vec<(String, &'static [FindingCode])> = Vec::new();
    if let Some(u) = without_params(url, &share) {
        appended.push((u, &[F::MistakeShareParamsNotSigned]));
    }
    if let Some(u) = without_params(url, &oauth) {
        appended.push((u, &[F::MistakeOauthParamsNotSigned]));
    }
    if let Some(u) = without_params(url, &|k, v| share(k, v) || oauth(k, v)).filter(|_| appended.len() == 2) {
        appended.push((u, &[F::MistakeShareParamsNotSigned, F::MistakeOauthParamsNotSigned]));
    }
    let mut forms: Vec<(String, &'static [FindingCode])> = vec![
        (url.into(), &[]),
        (needed.into(), &[F::MistakeUrlFragment]),
        (encode_uri_component(url), &[F::MistakeUrlEncoded]),
        (encode_uri_component(needed), &[F::MistakeUrlEncoded, F::MistakeUrlFragment]),
        (url.replace('&', "&amp;"), &[F::MistakeHtmlEscapedUrl]),
        (url_for_signing(other).into(), &[F::MistakeWrongUrl]),
        (other.into(), &[F::MistakeWrongUrl, F::MistakeUrlFragment]),
        (swap_scheme(url), &[F::MistakeUrlScheme]),
    ];
    // Before the cut at '&': `?id=1&from=singlemessage` cut is the page without WeChat's part.
    forms.extend(appended);
    forms.push((url.split('&').next().unwrap_or_default().into(), &[F::MistakeUrlTruncated]));
    forms.push((crate::redirect::decode(url, false), &[F::MistakeUrlDecoded]));
    let mut forms: Vec<(String, Vec<FindingCode>)> = forms.into_iter().map(|(u, m)| (u, m.to_vec())).collect();
    // What the server says it signed, last: another form's name says more.
    let signed = call.signed_url.as_str();
    if !signed.is_empty() && signed != url {
        let mut mistakes = signed_url_parts(call, needed);
        if signed.contains('#') {
            mistakes.push(F::MistakeUrlFragment);
        }
        forms.push((signed.into(), mistakes));
    }
    // A form that is another's text (no fragment, no '&') says nothing of its own.
    let mut seen: Vec<String> = Vec::new();
    forms.retain(|(text, _)| {
        let fresh = !text.is_empty() && !seen.contains(text);
        if fresh {
            seen.push(text.clone());
        }
        fresh
    });
    forms
}

/// `url` without the query parameters `drop` picks, wherever they stand; `None` when it picks none.
fn without_params(url: &str, drop: &dyn Fn(&str, &str) -> bool) -> Option<String> {
    let (base, query) = url.split_once('?')?;
    let mut kept: Vec<&str> = Vec::new();
    let mut dropped = false;
    for pair in query.split('&') {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        if drop(key, value) {
            dropped = true;
        } else {
            kept.push(pair);
        }
    }
    let kept = kept.join("&");
    dropped.then(|| if kept.is_empty() { base.into() } else { [base, "?", kept.as_str()].concat() })
}

/// The parts in which the URL the server says it signed differs from the URL WeChat checks
/// (scheme, host, port, path, query; a fragment is left to the replay). None when it was not
/// given or is that URL.
fn signed_url_parts(call: &JsapiConfigCall, needed: &str) -> Vec<FindingCode> {
    use FindingCode as F;
    let signed = call.signed_url.as_str();
    let url = url_for_signing(needed);
    if signed.is_empty() || signed == url {
        return Vec::new();
    }
    let (a, b) = (UrlParts::of(url), UrlParts::of(url_for_signing(signed)));
    let mut parts = Vec::new();
    for (differs, code) in [
        (a.scheme != b.scheme, F::SignedUrlSchemeDiffers),
        (a.host != b.host, F::SignedUrlHostDiffers),
        (a.port != b.port, F::SignedUrlPortDiffers),
        (a.path != b.path, F::SignedUrlPathDiffers),
        (a.query != b.query, F::SignedUrlQueryDiffers),
    ] {
        if differs {
            parts.push(code);
        }
    }
    parts
}

/// The parts of a URL as written (nothing decoded or lower-cased: the signature hashes the text).
#[derive(PartialEq, Eq)]
struct UrlParts<'a> {
    scheme: &'a str,
    host: &'a str,
    port: &'a str,
    path: &'a str,
    query: Option<&'a str>,
}

impl<'a> UrlParts<'a> {
    fn of(url: &'a str) -> Self {
        let url = url.split('#').next().unwrap_or_default();
        let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
        let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
        let (authority, rest) = rest.split_at(authority_end);
        // user@host:port, [v6]:port
        let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
        let port_at = match host_port.rfind(']') {
            Some(end) => host_port.get(end..).and_then(|t| t.find(':')).map(|p| p + end),
            None => host_port.find(':'),
        };
        let (host, port) = match port_at {
            Some(p) => (host_port.get(..p).unwrap_or_default(), host_port.get(p + 1..).unwrap_or_default()),
            None => (host_port, ""),
        };
        let (path, query) = match rest.split_once('?') {
            Some((path, query)) => (path, Some(query)),
            None => (rest, None),
        };
        UrlParts { scheme, host, port, path, query }
    }
}

/// Without the user agent (or WeChat's word) the phone is not known: a signature of the landing
/// URL is right on iOS, so it is not called a mistake.
fn signed_for_landing(call: &JsapiConfigCall, found: Vec<FindingCode>) -> Vec<FindingCode> {
    if call.user_agent.trim().is_empty()
        && call.real_auth_url.trim().is_empty()
        && found == [FindingCode::MistakeWrongUrl]
        && call.landing_url.as_str() != call.url.as_str()
    {
        vec![FindingCode::SignedLandingUrl]
    } else {
        found
    }
}

/// The signatures of the 23 other orders of the four pairs.
fn unsorted(ticket: &str, nonce: &str, ts: &str, url: &str) -> Vec<Signature> {
    let pairs = [["jsapi_ticket=", ticket], ["noncestr=", nonce], ["timestamp=", ts], ["url=", url]];
    let mut out = Vec::with_capacity(23);
    for a in 0..4usize {
        for b in 0..4 {
            for c in 0..4 {
                for d in 0..4 {
                    let order = [a, b, c, d];
                    // Each pair once, and not the right order.
                    if (1 << a | 1 << b | 1 << c | 1 << d) != 0b1111 || order == [0, 1, 2, 3] {
                        continue;
                    }
                    let mut parts: Vec<&str> = Vec::with_capacity(11);
                    for (i, p) in order.iter().enumerate() {
                        if i > 0 {
                            parts.push("&");
                        }
                        if let Some([key, value]) = pairs.get(*p) {
                            parts.push(key);
                            parts.push(value);
                        }
                    }
                    out.push(sha1_of(&parts));
                }
            }
        }
    }
    out
}

/// `encodeURIComponent`: every byte but `A-Z a-z 0-9 - _ . ! ~ * ' ( )` as `%XX`.
fn encode_uri_component(s: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(*HEX.get(usize::from(b >> 4)).unwrap_or(&b'0')));
            out.push(char::from(*HEX.get(usize::from(b & 15)).unwrap_or(&b'0')));
        }
    }
    out
}

/// The same URL with `http://` and `https://` swapped.
fn swap_scheme(url: &str) -> String {
    if let Some(rest) = validate::strip_prefix_ignore_case(url, "https://") {
        ["http://", rest].concat()
    } else if let Some(rest) = validate::strip_prefix_ignore_case(url, "http://") {
        ["https://", rest].concat()
    } else {
        String::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uri_components_and_orders() {
        assert_eq!(encode_uri_component("http://a.com/p?x=1&y=中"), "http%3A%2F%2Fa.com%2Fp%3Fx%3D1%26y%3D%E4%B8%AD");
        assert_eq!(swap_scheme("HTTPS://a.com/"), "http://a.com/");
        assert_eq!(swap_scheme("ftp://a"), "");
        let all = unsorted("t", "n", "1", "u");
        assert_eq!(all.len(), 23);
        assert!(!all.contains(&signature(&KEYS, "t", "n", "1", "u")));
    }

    #[test]
    fn params_and_parts() {
        let share = |k: &str, v: &str| k == "from" && v == "timeline" || k == "isappinstalled";
        assert_eq!(
            without_params("https://a.com/p?from=timeline&id=1&isappinstalled=0", &share).unwrap(),
            "https://a.com/p?id=1"
        );
        assert_eq!(without_params("https://a.com/p?from=timeline", &share).unwrap(), "https://a.com/p");
        assert!(without_params("https://a.com/p?from=a", &share).is_none());
        assert!(without_params("https://a.com/p", &share).is_none());
        let p = UrlParts::of("http://u@10.0.3.7:8080/card.html?x=1#top");
        assert_eq!(
            (p.scheme, p.host, p.port, p.path, p.query),
            ("http", "10.0.3.7", "8080", "/card.html", Some("x=1"))
        );
        let v6 = UrlParts::of("https://[::1]:8443?q");
        assert_eq!((v6.host, v6.port, v6.path, v6.query), ("[::1]", "8443", "", Some("q")));
        let bare = UrlParts::of("https://[::1]");
        assert_eq!((bare.host, bare.port), ("[::1]", ""));
    }
}
