//! The field checks every API area runs before a body is sent: one wording of each rule, so a
//! refusal reads the same whichever call made it.

use super::error::CallError;
use crate::{Error, ErrorKind};

pub(super) fn rejected(kind: ErrorKind, field: &'static str) -> CallError {
    CallError::Rejected(Error::new(kind, field))
}

pub(super) fn required(field: &'static str, v: &str) -> Result<(), CallError> {
    crate::validate::value(field, v, true).map_err(CallError::Rejected)
}

pub(super) fn optional(field: &'static str, v: &str) -> Result<(), CallError> {
    crate::validate::value(field, v, false).map_err(CallError::Rejected)
}

/// A code that must be there: at most 20 characters.
pub(super) fn required_code(field: &'static str, v: &str) -> Result<(), CallError> {
    required(field, v)?;
    crate::validate::code(field, v).map_err(CallError::Rejected)
}

pub(super) fn at_most_bytes(field: &'static str, v: &str, max: usize) -> Result<(), CallError> {
    if v.len() > max {
        return Err(rejected(ErrorKind::TooLong, field));
    }
    optional(field, v)
}

/// Empty, or an image from `media/uploadimg` of at most 128 bytes.
pub(super) fn uploaded_image(field: &'static str, v: &str) -> Result<(), CallError> {
    if v.is_empty() {
        return Ok(());
    }
    let host = v
        .strip_prefix("http://")
        .or_else(|| v.strip_prefix("https://"))
        .map(|rest| rest.split('/').next().unwrap_or(rest));
    if !matches!(host, Some("mmbiz.qpic.cn" | "mmbiz.qlogo.cn")) {
        return Err(rejected(ErrorKind::NotUploadedImage, field));
    }
    at_most_bytes(field, v, 128)
}

pub(super) fn http_url(field: &'static str, v: &str) -> Result<(), CallError> {
    required(field, v)?;
    if !(v.starts_with("http://") || v.starts_with("https://")) {
        return Err(rejected(ErrorKind::UrlNotHttp, field));
    }
    Ok(())
}

/// At most `max` characters (not bytes), and the usual value checks (no control characters,
/// no white space around it).
pub(super) fn at_most_chars(field: &'static str, v: &str, max: usize) -> Result<(), CallError> {
    if v.chars().count() > max {
        return Err(rejected(ErrorKind::TooLong, field));
    }
    optional(field, v)
}

/// Two optional Unix times in seconds, the second after the first.
pub(super) fn seconds_in_order(
    (begin_field, begin): (&'static str, Option<u64>),
    (end_field, end): (&'static str, Option<u64>),
) -> Result<(), CallError> {
    let begin = begin.map(|t| crate::validate::seconds(begin_field, t)).transpose().map_err(CallError::Rejected)?;
    let end = end.map(|t| crate::validate::seconds(end_field, t)).transpose().map_err(CallError::Rejected)?;
    match (begin, end) {
        (Some(begin), Some(end)) if end <= begin => Err(rejected(ErrorKind::OutOfRange, end_field)),
        _ => Ok(()),
    }
}

/// An API path as WeChat's openapi calls take it: `/cgi-bin/...`, not a whole URL, no query.
pub(super) fn api_path(field: &'static str, v: &str) -> Result<(), CallError> {
    required(field, v)?;
    if !v.starts_with('/') || v.contains(['?', '#', ' ']) {
        return Err(rejected(ErrorKind::ApiPathFormat, field));
    }
    Ok(())
}
