//! The H5 link that issues a 商家券 from a web page: WeChat Pay's `getcouponinfo` page, signed
//! over stock_id, out_request_no, send_coupon_merchant, open_id (and coupon_code for batches
//! whose codes the merchant assigns). It issues no 代金券.

use alloc::string::String;

use super::key::ApiV2Key;
use super::rules;
use super::v2::{self, PaySignature};
use crate::error::Error;

/// The page every H5 link opens.
pub const BUSIFAVOR_H5_URL: &str = "https://action.weixin.qq.com/busifavor/getcouponinfo";
/// The fragment the link must end with; without it WeChat answers 268435461 (older pages wrote
/// `#wechat_redirect`).
pub const BUSIFAVOR_H5_FRAGMENT: &str = "#wechat_pay&wechat_redirect";

/// One 商家券 to issue through the H5 link. As JSON: `{stockId, outRequestNo,
/// sendCouponMerchant, openId, couponCode?}`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase", default))]
pub struct BusifavorH5Params {
    /// The 商家券 batch (1-20 letters or digits).
    #[cfg_attr(feature = "serde", serde(deserialize_with = "crate::de::text"))]
    pub stock_id: String,
    /// The merchant's id of this send (1-128 letters or digits): the same on a retry, so that
    /// WeChat issues one coupon.
    #[cfg_attr(feature = "serde", serde(deserialize_with = "crate::de::text"))]
    pub out_request_no: String,
    /// The merchant that sends (8-15 digits): the batch's creator or an authorised one.
    #[cfg_attr(feature = "serde", serde(deserialize_with = "crate::de::text"))]
    pub send_coupon_merchant: String,
    /// The user's openid under an appid bound to the merchant.
    #[cfg_attr(feature = "serde", serde(deserialize_with = "crate::de::text"))]
    pub open_id: String,
    /// For batches whose codes the merchant assigns (MERCHANT_API); empty otherwise.
    #[cfg_attr(feature = "serde", serde(deserialize_with = "crate::de::text"))]
    pub coupon_code: String,
}

impl BusifavorH5Params {
    /// The signed pairs, WeChat's names.
    pub(crate) fn pairs(&self) -> [(&'static str, &str); 5] {
        [
            ("stock_id", &self.stock_id),
            ("out_request_no", &self.out_request_no),
            ("send_coupon_merchant", &self.send_coupon_merchant),
            ("open_id", &self.open_id),
            ("coupon_code", &self.coupon_code),
        ]
    }
}

/// The signed link: `{url, sign}`. Open `url` (`location.href = url`) in WeChat.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct SignedBusifavorH5 {
    /// The whole link, every value URL-encoded, ending in [`BUSIFAVOR_H5_FRAGMENT`].
    pub url: String,
    /// The signature in it.
    pub sign: PaySignature,
}

/// Checks every field's rule: the first broken one is the error.
pub fn check_busifavor_h5(p: &BusifavorH5Params) -> Result<(), Error> {
    rules::stock_id("stock_id", &p.stock_id)?;
    rules::out_request_no("out_request_no", &p.out_request_no)?;
    rules::merchant("send_coupon_merchant", &p.send_coupon_merchant)?;
    rules::open_id("open_id", &p.open_id)?;
    rules::coupon_code("coupon_code", &p.coupon_code)
}

/// Signs the H5 link over the raw values, then writes each URL-encoded.
///
/// ```
/// use wxcard::{sign_busifavor_h5, ApiV2Key, BusifavorH5Params};
/// let key = ApiV2Key::new("exposed_your_key_here_have_risks")?;
/// let link = sign_busifavor_h5(&key, &BusifavorH5Params {
///     stock_id: "1212".into(),
///     out_request_no: "100002322019090134234sfdf".into(),
///     send_coupon_merchant: "10016226".into(),
///     open_id: "oVvBvwEurkeUJpBzX90-6MfCHbec".into(),
///     ..Default::default()
/// })?;
/// assert!(link.url.starts_with("https://action.weixin.qq.com/busifavor/getcouponinfo?stock_id=1212&"));
/// assert!(link.url.ends_with("#wechat_pay&wechat_redirect"));
/// # Ok::<(), wxcard::Error>(())
/// ```
pub fn sign_busifavor_h5(key: &ApiV2Key, p: &BusifavorH5Params) -> Result<SignedBusifavorH5, Error> {
    check_busifavor_h5(p)?;
    let sign = v2::sign_pay_v2(key, &p.pairs());
    // WeChat's own order: stock_id, out_request_no, sign, send_coupon_merchant, open_id.
    let mut url = String::from(BUSIFAVOR_H5_URL);
    let mut sep = '?';
    let ordered = [
        ("stock_id", p.stock_id.as_str()),
        ("out_request_no", &p.out_request_no),
        ("sign", sign.as_str()),
        ("send_coupon_merchant", &p.send_coupon_merchant),
        ("open_id", &p.open_id),
        ("coupon_code", &p.coupon_code),
    ];
    for (k, v) in ordered.into_iter().filter(|(_, v)| !v.is_empty()) {
        url.push(sep);
        url.push_str(k);
        url.push('=');
        url.push_str(&v2::url_encode(v));
        sep = '&';
    }
    url.push_str(BUSIFAVOR_H5_FRAGMENT);
    Ok(SignedBusifavorH5 { url, sign })
}

/// Whether `sign` is the signature of these fields (exactly: upper-case), in constant time.
pub fn verify_busifavor_h5(key: &ApiV2Key, p: &BusifavorH5Params, sign: &str) -> Result<bool, Error> {
    check_busifavor_h5(p)?;
    Ok(v2::sign_pay_v2(key, &p.pairs()).matches(sign))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_is_encoded_and_the_fragment_ends_the_link() {
        let key = ApiV2Key::new("192006250b4c09247ec02edce69f6a2d").unwrap();
        let p = BusifavorH5Params {
            stock_id: "1212".into(),
            out_request_no: "abc123".into(),
            send_coupon_merchant: "10016226".into(),
            open_id: "o+a/b=c".into(),
            coupon_code: "X_1".into(),
        };
        let s = sign_busifavor_h5(&key, &p).unwrap();
        assert!(s.url.contains("&open_id=o%2Ba%2Fb%3Dc&coupon_code=X_1#wechat_pay&wechat_redirect"), "{}", s.url);
        assert_eq!(s.url.matches('#').count(), 1);
        assert!(verify_busifavor_h5(&key, &p, s.sign.as_str()).unwrap());
        assert!(!verify_busifavor_h5(&key, &p, &s.sign.as_str().to_ascii_lowercase()).unwrap());
        let e = sign_busifavor_h5(&key, &BusifavorH5Params { open_id: String::new(), ..p }).unwrap_err();
        assert_eq!((e.code(), e.field()), ("MISSING", "open_id"));
    }
}
