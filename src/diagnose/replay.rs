//! The replay: recompute the signature the way each common mistake would, and say which one
//! produces the signature the page sent.

use super::FindingCode;
use crate::sign::{sha1_of, sorted_sha1, Signature};
use crate::validate;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

/// How far apart the signed and the sent timestamp are searched, in seconds.
const TIMESTAMP_SEARCH: u64 = 900;

/// Receives a mistake and the signature it produces; true stops the replay.
pub(crate) type TrySignature<'t> = &'t mut dyn FnMut(FindingCode, Signature) -> bool;

/// Tries the correct signature, its upper-case form, then every mistake `more` yields.
pub(crate) fn replay<'v>(
    values: &[&'v str],
    given: &str,
    more: impl FnOnce(&[&'v str], TrySignature<'_>) -> bool,
) -> Option<FindingCode> {
    let expected = sorted_sha1(values);
    if expected.matches(given) {
        return Some(FindingCode::SignatureOk);
    }
    if expected.as_str().eq_ignore_ascii_case(given) {
        return Some(FindingCode::MistakeUppercaseHex);
    }
    let given_lower = given.to_ascii_lowercase();
    let mut hit = None;
    more(values, &mut |f, sig| {
        if sig.matches(&given_lower) {
            hit = Some(f);
            true
        } else {
            false
        }
    });
    hit
}

/// Mistakes common to both card signatures. Returns true as soon as `try_sig` does.
pub(crate) fn common_mistakes(values: &[&str], ticket: &str, try_sig: TrySignature<'_>) -> bool {
    let nonempty: Vec<&str> = values.iter().copied().filter(|s| !s.is_empty()).collect();
    let with = |replace: &dyn Fn(&str) -> String| -> Vec<String> { nonempty.iter().map(|s| replace(s)).collect() };
    // Concatenated in the order the documents list them, unsorted.
    if try_sig(FindingCode::MistakeUnsorted, sha1_of(&nonempty)) {
        return true;
    }
    let mut reversed = nonempty.clone();
    reversed.sort_unstable();
    reversed.reverse();
    if try_sig(FindingCode::MistakeUnsorted, sha1_of(&reversed)) {
        return true;
    }
    let mut folded = nonempty.clone();
    folded.sort_by(|a, b| a.bytes().map(|c| c.to_ascii_lowercase()).cmp(b.bytes().map(|c| c.to_ascii_lowercase())));
    if try_sig(FindingCode::MistakeCaseInsensitiveSort, sha1_of(&folded)) {
        return true;
    }
    let mut sorted = nonempty.clone();
    sorted.sort_unstable();
    for sep in ["&", ",", " ", "\n", "|"] {
        if try_sig(FindingCode::MistakeSeparator, sha1_of(&[&sorted.join(sep)])) {
            return true;
        }
    }
    for pad in [" ", "\n", "\r\n"] {
        let padded = with(&|s| if s == ticket { [s, pad].concat() } else { s.into() });
        let refs: Vec<&str> = padded.iter().map(String::as_str).collect();
        if try_sig(FindingCode::MistakeTicketWhitespace, sorted_sha1(&refs)) {
            return true;
        }
    }
    let without_ticket: Vec<&str> = nonempty.iter().copied().filter(|s| *s != ticket).collect();
    try_sig(FindingCode::MistakeTicketNotSigned, sorted_sha1(&without_ticket))
}

/// Searches timestamps near the one given (and the same in milliseconds). `ts_index` is where
/// the timestamp sits in `values`.
pub(crate) fn timestamp_mistakes(ts: &str, values: &[&str], ts_index: usize, try_sig: TrySignature<'_>) -> bool {
    let Ok(base) = validate::parse_timestamp("timestamp", ts) else { return false };
    let mut signs_with = |t: u64, finding: FindingCode| {
        let digits = t.to_string();
        let mut list: Vec<&str> = values.to_vec();
        if let Some(slot) = list.get_mut(ts_index) {
            *slot = digits.as_str();
        }
        try_sig(finding, sorted_sha1(&list))
    };
    let near = (1..=TIMESTAMP_SEARCH).flat_map(|delta| [base.checked_sub(delta), base.checked_add(delta)]);
    if near.flatten().any(|t| signs_with(t, FindingCode::MistakeTimestampDiffers)) {
        return true;
    }
    (0..1000u64).any(|ms| {
        signs_with(base.saturating_mul(1000).saturating_add(ms), FindingCode::MistakeTimestampMillisecondsSigned)
    })
}
