//! How the inputs read from JSON (feature `serde`): the few ways a page or a server passes a
//! value that is not exactly the Rust type.
//!
//! A rule an input breaks here is reported as a serde error whose message is the stable code
//! ([`ErrorKind::code`](crate::ErrorKind::code)); the npm exports turn it back into an
//! [`Error`](crate::Error) with the field.

use alloc::collections::BTreeMap;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use serde::de::{Deserializer, Error as _, IgnoredAny};
use serde::Deserialize;

/// What a JSON value can be, as a page passes it where text is meant.
#[derive(Deserialize)]
#[serde(untagged)]
enum Passed {
    Text(String),
    Bool(bool),
    Unsigned(u64),
    Signed(i64),
    Float(f64),
    List(Vec<Option<Passed>>),
    /// Its members are never read: every object is `[object Object]`.
    Object(#[allow(dead_code)] BTreeMap<String, IgnoredAny>),
}

impl Passed {
    /// JavaScript's `String(x)`.
    fn into_text(self) -> String {
        match self {
            Passed::Text(t) => t,
            Passed::Bool(b) => b.to_string(),
            Passed::Unsigned(n) => n.to_string(),
            Passed::Signed(n) => n.to_string(),
            Passed::Float(n) => n.to_string(),
            Passed::List(items) => {
                let items: Vec<String> =
                    items.into_iter().map(|i| i.map(Passed::into_text).unwrap_or_default()).collect();
                items.join(",")
            }
            Passed::Object(_) => "[object Object]".into(),
        }
    }
}

/// Text, or a whole non-negative number as its digits (`code: 1434008071`).
pub(crate) fn text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(optional_text(d)?.unwrap_or_default())
}

/// [`text`] where absent or `null` stays `None`.
pub(crate) fn optional_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    match Option::<Passed>::deserialize(d)? {
        None => Ok(None),
        Some(Passed::Text(t)) => Ok(Some(t)),
        Some(Passed::Unsigned(n)) => Ok(Some(n.to_string())),
        Some(_) => Err(D::Error::custom("WRONG_TYPE")),
    }
}

/// Unix seconds, as a number or as digits; absent, `null` or `""` is `None` (now). Digits are
/// read by [`parse_timestamp`](crate::parse_timestamp), so `"1404896688000"` is
/// `TIMESTAMP_IN_MILLISECONDS`; a number is checked where it is signed.
pub(crate) fn seconds<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    match Option::<Passed>::deserialize(d)? {
        None => Ok(None),
        Some(Passed::Unsigned(n)) => Ok(Some(n)),
        Some(Passed::Text(t)) if t.is_empty() => Ok(None),
        // The field's name is put back by whoever reads the error.
        Some(Passed::Text(t)) => {
            crate::parse_timestamp("timestamp", &t).map(Some).map_err(|e| D::Error::custom(e.code()))
        }
        Some(_) => Err(D::Error::custom("WRONG_TYPE")),
    }
}

/// A number or text, as text (`1414587457` and `"1414587457"` alike); nothing else.
pub(crate) fn number_or_text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    match Passed::deserialize(d)? {
        p @ (Passed::Text(_) | Passed::Unsigned(_) | Passed::Signed(_) | Passed::Float(_)) => Ok(p.into_text()),
        _ => Err(D::Error::custom("WRONG_TYPE")),
    }
}

/// Any value, as the WeChat client receives it from a page: JavaScript's `String(x)`. An
/// object is `[object Object]` (a card_ext built as an object and passed without
/// `JSON.stringify`), a list its items joined with commas, `null` and absent "".
pub(crate) fn as_passed<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(Option::<Passed>::deserialize(d)?.map(Passed::into_text).unwrap_or_default())
}
