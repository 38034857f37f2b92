//! `wx.addCard`: one `{ cardId, cardExt }` as the page passed it.

use super::replay::{common_mistakes, replay, timestamp_mistakes, TrySignature};
use super::{check_signature_text, check_timestamp_text, check_value, trimmed_ticket, Diagnosis, FindingCode};
use crate::clock::now_seconds;
use crate::json::{self, JsonError, Object, Value};
use crate::sign::{sha1_of, sorted_sha1, Signature};
use crate::validate::{MAX_CODE_CHARS, MAX_OUTER_STR_BYTES};
use alloc::string::String;
use alloc::vec::Vec;

/// Keys WeChat defines for card_ext.
const CARD_EXT_KEYS: [&str; 7] =
    ["code", "openid", "timestamp", "nonce_str", "fixed_begintimestamp", "outer_str", "signature"];

/// Diagnoses one `{ cardId, cardExt }` of `wx.addCard`, as the page passed it.
///
/// `api_ticket` (optional) turns on the signature checks; `now` (Unix seconds) defaults to the
/// clock where there is one.
pub fn diagnose_card_ext(card_id: &str, card_ext: &str, api_ticket: Option<&str>, now: Option<u64>) -> Diagnosis {
    let mut d = Diagnosis::default();
    let now = now.or_else(now_seconds);
    if card_id.is_empty() {
        d.add(FindingCode::CardIdMissing);
    } else {
        check_value(&mut d, card_id);
    }
    let Some(obj) = read_card_ext(&mut d, card_ext) else {
        d.sort();
        return d;
    };

    let mut seen: Vec<&str> = Vec::new();
    for (key, value) in &obj.members {
        if seen.contains(&key.as_str()) {
            d.add_once(FindingCode::CardExtDuplicateKey);
        }
        seen.push(key);
        match key.as_str() {
            "card_id" | "cardId" => d.add_once(FindingCode::CardIdInCardExt),
            "nonceStr" | "timeStamp" | "outerStr" | "fixedBeginTimestamp" | "fixedBegintimestamp" | "cardSign" => {
                d.add_once(FindingCode::CardExtCamelCaseKey)
            }
            k if !CARD_EXT_KEYS.contains(&k) => d.add_once(FindingCode::CardExtUnknownKey),
            _ => {}
        }
        match (key.as_str(), value) {
            ("code" | "openid" | "nonce_str" | "signature" | "outer_str", Value::String(s)) => check_value(&mut d, s),
            ("code" | "openid" | "nonce_str" | "signature" | "outer_str", _) => {
                d.add_once(FindingCode::CardExtValueNotString)
            }
            ("fixed_begintimestamp", Value::String(_)) => d.add(FindingCode::FixedBegintimestampNotNumber),
            _ => {}
        }
    }
    let text = |k| obj.get_text(k).unwrap_or("");
    let (code, openid, nonce, outer) = (text("code"), text("openid"), text("nonce_str"), text("outer_str"));
    if code.chars().count() > MAX_CODE_CHARS {
        d.add(FindingCode::CodeTooLong);
    }
    if outer.len() > MAX_OUTER_STR_BYTES {
        d.add(FindingCode::OuterStrTooLong);
    }
    if nonce.is_empty() {
        d.add(FindingCode::NonceStrAbsent);
    }
    let timestamp = check_timestamp(&mut d, obj.get("timestamp"), now);
    let signature = check_signature(&mut d, obj.get("signature"));

    match (api_ticket, timestamp, signature) {
        (None, ..) => d.add(FindingCode::TicketNotGiven),
        (Some(ticket), Some(ts), Some(sig)) => {
            let ticket = trimmed_ticket(&mut d, ticket);
            let v =
                CardExtValues { ticket, ts, card_id, code, openid, nonce, outer, begin: text("fixed_begintimestamp") };
            replay_card_ext(&mut d, &v, sig);
        }
        _ => {}
    }
    d.sort();
    d
}

fn read_card_ext(d: &mut Diagnosis, card_ext: &str) -> Option<Object> {
    let trimmed = card_ext.trim();
    if trimmed.is_empty() {
        d.add(FindingCode::CardExtEmpty);
        return None;
    }
    if trimmed.starts_with("[object") {
        d.add(FindingCode::CardExtNotString);
        return None;
    }
    match json::parse_object(card_ext) {
        Ok(obj) => Some(obj),
        Err(JsonError::StringNotObject) => {
            d.add(FindingCode::CardExtDoubleEncoded);
            // Read what was inside, to go on with the other checks.
            json::parse_string(card_ext).and_then(|inner| json::parse_object(&inner).ok())
        }
        Err(JsonError::NotObject) => {
            d.add(FindingCode::CardExtNotObject);
            None
        }
        Err(JsonError::Syntax(_)) => {
            d.add(FindingCode::CardExtNotJson);
            None
        }
    }
}

/// The timestamp as signed text, when it is usable.
fn check_timestamp<'a>(d: &mut Diagnosis, v: Option<&'a Value>, now: Option<u64>) -> Option<&'a str> {
    let text = match v {
        None | Some(Value::Null) => {
            d.add(FindingCode::TimestampMissing);
            return None;
        }
        Some(Value::String(s)) => s.as_str(),
        Some(Value::Number(n)) => {
            d.add(FindingCode::TimestampNotString);
            n.as_str()
        }
        Some(_) => {
            d.add(FindingCode::TimestampNotSeconds);
            return None;
        }
    };
    check_timestamp_text(d, text, now)
}

/// The signature as given, when it has the shape of a SHA-1 in either case.
fn check_signature<'a>(d: &mut Diagnosis, v: Option<&'a Value>) -> Option<&'a str> {
    match v {
        Some(Value::String(s)) => check_signature_text(d, s),
        Some(Value::Null) | None => {
            d.add(FindingCode::SignatureMissing);
            None
        }
        Some(_) => {
            d.add(FindingCode::SignatureMalformed);
            None
        }
    }
}

struct CardExtValues<'a> {
    ticket: &'a str,
    ts: &'a str,
    card_id: &'a str,
    code: &'a str,
    openid: &'a str,
    nonce: &'a str,
    outer: &'a str,
    begin: &'a str,
}

impl<'a> CardExtValues<'a> {
    fn list(&self) -> [&'a str; 6] {
        [self.ticket, self.ts, self.card_id, self.code, self.openid, self.nonce]
    }
}

/// Replays the common mistakes; records the first that reproduces `given`.
fn replay_card_ext(d: &mut Diagnosis, v: &CardExtValues<'_>, given: &str) {
    let expected = sorted_sha1(&v.list());
    d.expected_signature = Some(expected);
    if let Some(found) = replay(&v.list(), given, |values, f| card_ext_mistakes(v, values, f)) {
        d.add(found);
    } else if v.nonce.is_empty() {
        d.add(FindingCode::MistakeNonceNotInCardExt);
    } else {
        d.add(FindingCode::SignatureMismatch);
    }
}

fn card_ext_mistakes(v: &CardExtValues<'_>, values: &[&str], try_sig: TrySignature<'_>) -> bool {
    if common_mistakes(values, v.ticket, try_sig) {
        return true;
    }
    let mut pairs: Vec<String> = [
        ("api_ticket", v.ticket),
        ("card_id", v.card_id),
        ("code", v.code),
        ("nonce_str", v.nonce),
        ("openid", v.openid),
        ("timestamp", v.ts),
    ]
    .iter()
    .filter(|(_, val)| !val.is_empty())
    .map(|(k, val)| [k, "=", val].concat())
    .collect();
    let joined = |pairs: &[String]| {
        let refs: Vec<&str> = pairs.iter().map(String::as_str).collect();
        sha1_of(&[&refs.join("&")])
    };
    if try_sig(FindingCode::MistakeKeyValuePairs, joined(&pairs)) {
        return true;
    }
    if let Some(first) = pairs.first_mut() {
        *first = ["ticket=", v.ticket].concat();
    }
    pairs.sort();
    if try_sig(FindingCode::MistakeKeyValuePairs, joined(&pairs)) {
        return true;
    }
    let without = |skip: &str| -> Signature {
        let l = v.list();
        let kept: Vec<&str> = l.iter().copied().filter(|s| *s != skip).collect();
        sorted_sha1(&kept)
    };
    for (value, finding) in [
        (v.card_id, FindingCode::MistakeCardIdNotSigned),
        (v.code, FindingCode::MistakeCodeNotSigned),
        (v.openid, FindingCode::MistakeOpenidNotSigned),
        (v.nonce, FindingCode::MistakeNonceNotSigned),
    ] {
        if !value.is_empty() && try_sig(finding, without(value)) {
            return true;
        }
    }
    let l = v.list();
    for (extra, finding) in
        [(v.outer, FindingCode::MistakeOuterStrSigned), (v.begin, FindingCode::MistakeFixedBegintimestampSigned)]
    {
        if !extra.is_empty() && try_sig(finding, sorted_sha1(&[l[0], l[1], l[2], l[3], l[4], l[5], extra])) {
            return true;
        }
    }
    for filler in ["undefined", "null", "None", "nil"] {
        let [t, ts, id, code, openid, nonce] = l;
        let fill = |s: &'static str, x: &str| -> bool { x.is_empty() && !s.is_empty() };
        let c = if fill(filler, code) { filler } else { code };
        let o = if fill(filler, openid) { filler } else { openid };
        let n = if fill(filler, nonce) { filler } else { nonce };
        if (c != code || o != openid || n != nonce)
            && try_sig(FindingCode::MistakeUndefinedSigned, sorted_sha1(&[t, ts, id, c, o, n]))
        {
            return true;
        }
    }
    timestamp_mistakes(v.ts, &l, 1, try_sig)
}
