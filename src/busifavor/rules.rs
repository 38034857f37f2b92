//! The rules of each 商家券 field, checked before anything is signed: WeChat answers a value
//! out of its rules with a bare PARAM_ERROR or 签名错误.

use crate::error::{Error, ErrorKind};

/// The longest `stock_id` (a 商家券 batch id), in characters.
pub(crate) const MAX_STOCK_ID: usize = 20;
/// The longest `out_request_no`.
pub(crate) const MAX_OUT_REQUEST_NO: usize = 128;
/// The longest `open_id` and `coupon_code` taken here.
pub(crate) const MAX_OPEN_ID: usize = 128;
/// `coupon_code`: a merchant-assigned code.
pub(crate) const MAX_COUPON_CODE: usize = 32;

fn required(field: &'static str, v: &str) -> Result<(), Error> {
    match v.is_empty() {
        true => Err(Error::new(ErrorKind::Missing, field)),
        false => Ok(()),
    }
}

fn rule(ok: bool, kind: ErrorKind, field: &'static str) -> Result<(), Error> {
    match ok {
        true => Ok(()),
        false => Err(Error::new(kind, field)),
    }
}

/// `stock_id`: 1-20 ASCII letters or digits.
pub(crate) fn stock_id(field: &'static str, v: &str) -> Result<(), Error> {
    required(field, v)?;
    rule(v.len() <= MAX_STOCK_ID && v.bytes().all(|b| b.is_ascii_alphanumeric()), ErrorKind::StockIdInvalid, field)
}

/// `out_request_no`: 1-128 ASCII letters or digits.
pub(crate) fn out_request_no(field: &'static str, v: &str) -> Result<(), Error> {
    required(field, v)?;
    let ok = v.len() <= MAX_OUT_REQUEST_NO && v.bytes().all(|b| b.is_ascii_alphanumeric());
    rule(ok, ErrorKind::OutRequestNoInvalid, field)
}

/// `send_coupon_merchant`, `create_coupon_merchant`: a merchant id, 8-15 digits.
pub(crate) fn merchant(field: &'static str, v: &str) -> Result<(), Error> {
    required(field, v)?;
    rule((8..=15).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_digit()), ErrorKind::MerchantIdInvalid, field)
}

/// `open_id`: 1-128 visible ASCII characters (an openid is 28 letters, digits, `-` and `_`).
pub(crate) fn open_id(field: &'static str, v: &str) -> Result<(), Error> {
    required(field, v)?;
    rule(v.len() <= MAX_OPEN_ID && v.bytes().all(|b| b.is_ascii_graphic()), ErrorKind::OpenIdInvalid, field)
}

/// `coupon_code` (empty: none): 1-32 ASCII letters, digits, `-` or `_`.
pub(crate) fn coupon_code(field: &'static str, v: &str) -> Result<(), Error> {
    let ok = v.len() <= MAX_COUPON_CODE && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    rule(ok, ErrorKind::CouponCodeInvalid, field)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rules() {
        assert!(stock_id("stock_id", "1212").is_ok());
        assert_eq!(stock_id("stock_id", "").unwrap_err().code(), "MISSING");
        assert_eq!(stock_id("stock_id", &"1".repeat(21)).unwrap_err().code(), "STOCK_ID_INVALID");
        assert!(out_request_no("out_request_no", &"a".repeat(128)).is_ok());
        assert!(out_request_no("out_request_no", "a-1").is_err());
        assert!(merchant("send_coupon_merchant", "10016226").is_ok());
        assert!(merchant("send_coupon_merchant", "1001622").is_err());
        assert!(merchant("send_coupon_merchant", "1234567890123456").is_err());
        assert!(open_id("open_id", "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o").is_ok());
        assert!(open_id("open_id", "o x").is_err());
        assert!(open_id("open_id", "开放").is_err());
        assert!(coupon_code("coupon_code", "").is_ok());
        assert!(coupon_code("coupon_code", "券码").is_err());
    }
}
