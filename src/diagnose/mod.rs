//! Why WeChat says "签名错误": every problem in what a page actually passed, most likely first.
//!
//! Without the ticket the checks are structural (a card_ext that is not a string, a timestamp in
//! milliseconds, an upper-case signature, ...). With the ticket the signature is recomputed and,
//! when it does not match, the common mistakes are replayed one by one to find the one that
//! produces the page's signature (`replay.rs`). Each signature has its file; every finding is
//! one row of the table in `findings.rs`.
//!
//! One mistake cannot be seen from here: signing with the jsapi_ticket (or a stale api_ticket)
//! instead of the current card api_ticket. The final finding says so.

mod card_ext;
mod choose_card;
mod findings;
mod jsapi_config;
mod push_url;
mod replay;

pub use card_ext::diagnose_card_ext;
pub use choose_card::{diagnose_choose_card, ChooseCardCall};
pub use findings::FindingCode;
pub use jsapi_config::{diagnose_jsapi_config, JsapiConfigCall};
pub use push_url::{diagnose_push_url, PushUrlCall};

use crate::severity::Severity;
use crate::sign::Signature;
use crate::validate;
use alloc::vec::Vec;

/// One problem found, in Chinese and English.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct Finding {
    /// Stable machine code, e.g. `MISTAKE_UNSORTED`.
    pub code: FindingCode,
    /// How bad it is.
    pub severity: Severity,
    /// The field it is about (`card_ext`, `signature`, `timestamp`, ...).
    pub field: &'static str,
    /// What is wrong and what to do.
    pub message_en: &'static str,
    /// 问题与解决办法.
    pub message_zh: &'static str,
}

impl From<FindingCode> for Finding {
    fn from(code: FindingCode) -> Self {
        Finding {
            code,
            severity: code.severity(),
            field: code.field(),
            message_en: code.message_en(),
            message_zh: code.message_zh(),
        }
    }
}

/// `{ok, expectedSignature, findings}`.
#[cfg(feature = "serde")]
impl serde::Serialize for Diagnosis {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut out = s.serialize_struct("Diagnosis", 3)?;
        out.serialize_field("ok", &self.is_ok())?;
        out.serialize_field("expectedSignature", &self.expected_signature)?;
        out.serialize_field("findings", &self.findings)?;
        out.end()
    }
}

/// All findings, most likely cause first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diagnosis {
    /// The findings, most likely cause first. Empty only when nothing could be checked.
    pub findings: Vec<Finding>,
    /// With a ticket: the signature the inputs should carry.
    pub expected_signature: Option<Signature>,
}

impl Diagnosis {
    /// True when nothing at error level was found.
    pub fn is_ok(&self) -> bool {
        !self.findings.iter().any(|f| f.severity == Severity::Error)
    }

    /// The same diagnosis without [`expected_signature`](Self::expected_signature): what a
    /// server that holds the ticket may answer anyone, so that it is not an oracle handing out
    /// valid signatures (its JSON then has `"expectedSignature": null`).
    ///
    /// Nothing else in a diagnosis comes from the ticket: a finding is one row of a fixed table,
    /// its messages are `&'static str` that quote no value, computed or given.
    #[must_use]
    pub fn redacted(mut self) -> Self {
        self.expected_signature = None;
        self
    }

    fn add(&mut self, code: FindingCode) {
        self.findings.push(code.into());
    }

    fn add_once(&mut self, code: FindingCode) {
        if !self.findings.iter().any(|x| x.code == code) {
            self.add(code);
        }
    }

    /// Puts identified mistakes first, then errors, warnings and infos, keeping the order found.
    fn sort(&mut self) {
        self.findings.sort_by_key(|f| (!f.code.is_mistake(), f.severity));
    }
}

/// A value as the page passed it: white space around it or control characters break signatures.
pub(crate) fn check_value(d: &mut Diagnosis, v: &str) {
    match validate::value("", v, false) {
        Ok(()) => {}
        Err(e) if e.code() == "SURROUNDING_WHITESPACE" => d.add_once(FindingCode::ValueSurroundingWhitespace),
        Err(e) if e.code() == "CONTROL_CHARACTER" => d.add_once(FindingCode::ValueControlCharacter),
        Err(_) => {}
    }
}

/// A timestamp as text: missing, not seconds, milliseconds or far from now. The text back when
/// it can still be signed.
pub(crate) fn check_timestamp_text<'a>(d: &mut Diagnosis, text: &'a str, now: Option<u64>) -> Option<&'a str> {
    if text.is_empty() {
        d.add(FindingCode::TimestampMissing);
        return None;
    }
    match validate::parse_timestamp("timestamp", text) {
        Ok(ts) => {
            if now.is_some_and(|now| now.abs_diff(ts) > 7200) {
                d.add(FindingCode::TimestampFarFromNow);
            }
            Some(text)
        }
        Err(e) if e.code() == "TIMESTAMP_IN_MILLISECONDS" => {
            d.add(FindingCode::TimestampInMilliseconds);
            // Still signable as given: replaying it can confirm the rest.
            Some(text)
        }
        Err(_) => {
            d.add(FindingCode::TimestampNotSeconds);
            None
        }
    }
}

/// The signature as given, when it has the shape of a SHA-1 in either case.
pub(crate) fn check_signature_text<'a>(d: &mut Diagnosis, s: &'a str) -> Option<&'a str> {
    if s.is_empty() {
        d.add(FindingCode::SignatureMissing);
        None
    } else if validate::is_lower_hex_sha1(s) {
        Some(s)
    } else if s.len() == 40 && s.bytes().all(|b| b.is_ascii_hexdigit()) {
        d.add(FindingCode::SignatureUppercase);
        Some(s)
    } else {
        d.add(FindingCode::SignatureMalformed);
        None
    }
}

/// The ticket without white space around it, said when there was some.
pub(crate) fn trimmed_ticket<'a>(d: &mut Diagnosis, ticket: &'a str) -> &'a str {
    let t = ticket.trim();
    if t.len() != ticket.len() {
        d.add(FindingCode::TicketSurroundingWhitespace);
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    /// No message quotes a signature: a run of 40 hex digits would be one.
    #[test]
    fn messages_quote_no_signature() {
        let hex_run = |m: &str| m.as_bytes().split(|b| !b.is_ascii_hexdigit()).map(<[u8]>::len).max().unwrap_or(0);
        for f in FindingCode::ALL {
            assert!(hex_run(f.message_en()) < 16 && hex_run(f.message_zh()) < 16, "{f}");
        }
        let d = Diagnosis {
            findings: alloc::vec![FindingCode::ConfigSignatureOk.into()],
            expected_signature: Some(crate::sign::sha1_of(&["x"])),
        };
        let r = d.clone().redacted();
        assert_eq!((r.expected_signature, r.findings), (None, d.findings));
    }
}
