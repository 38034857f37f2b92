//! The mini-program plugin `send-coupon` (provider wxf3f436ba9bd4be7b, 2.0.2+): its
//! `send_coupon_params`, `sign` and `send_coupon_merchant`, signed over indexed keys
//! (`stock_id0`, `out_request_no0`, `coupon_code0`, `stock_id1`, ...) and send_coupon_merchant.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::key::ApiV2Key;
use super::rules;
use super::v2::{self, PaySignature};
use crate::error::{Error, ErrorKind};

/// At most this many coupons in one call of the plugin (and of wx.addCard).
pub const MAX_PLUGIN_COUPONS: usize = 10;

/// One coupon of a plugin or wx.addCard call. As JSON: `{stockId, outRequestNo, couponCode?,
/// createCouponMerchant?}`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase", default))]
pub struct BusifavorCoupon {
    /// The batch (1-20 letters or digits).
    #[cfg_attr(feature = "serde", serde(deserialize_with = "crate::de::text"))]
    pub stock_id: String,
    /// The merchant's id of this send (1-128 letters or digits), the same on a retry.
    #[cfg_attr(feature = "serde", serde(deserialize_with = "crate::de::text"))]
    pub out_request_no: String,
    /// For batches whose codes the merchant assigns; empty otherwise.
    #[cfg_attr(feature = "serde", serde(deserialize_with = "crate::de::text"))]
    pub coupon_code: String,
    /// 代金券 only: the merchant that created the batch (community sources; not in the plugin's
    /// official page). Empty for 商家券.
    #[cfg_attr(feature = "serde", serde(deserialize_with = "crate::de::text"))]
    pub create_coupon_merchant: String,
}

/// The coupons of one plugin (or wx.addCard) call. As JSON: `{sendCouponMerchant, coupons}`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase", default))]
pub struct BusifavorPluginParams {
    /// The one merchant that sends every coupon of the call (8-15 digits).
    #[cfg_attr(feature = "serde", serde(deserialize_with = "crate::de::text"))]
    pub send_coupon_merchant: String,
    /// 1 to 10 coupons, of one kind (all 商家券, or all 代金券 of one creator).
    pub coupons: Vec<BusifavorCoupon>,
}

/// One item of the plugin's `send_coupon_params`, with WeChat's names as the plugin takes them:
/// `{stock_id, out_request_no, coupon_code?, create_coupon_merchant?}`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default))]
pub struct SendCouponParam {
    /// `stock_id`.
    #[cfg_attr(feature = "serde", serde(deserialize_with = "crate::de::as_passed"))]
    pub stock_id: String,
    /// `out_request_no`.
    #[cfg_attr(feature = "serde", serde(deserialize_with = "crate::de::as_passed"))]
    pub out_request_no: String,
    /// `coupon_code`, when the merchant assigns codes.
    #[cfg_attr(
        feature = "serde",
        serde(skip_serializing_if = "String::is_empty", deserialize_with = "crate::de::as_passed")
    )]
    pub coupon_code: String,
    /// `create_coupon_merchant`, for 代金券 (community sources).
    #[cfg_attr(
        feature = "serde",
        serde(skip_serializing_if = "String::is_empty", deserialize_with = "crate::de::as_passed")
    )]
    pub create_coupon_merchant: String,
}

impl From<&BusifavorCoupon> for SendCouponParam {
    fn from(c: &BusifavorCoupon) -> Self {
        SendCouponParam {
            stock_id: c.stock_id.clone(),
            out_request_no: c.out_request_no.clone(),
            coupon_code: c.coupon_code.clone(),
            create_coupon_merchant: c.create_coupon_merchant.clone(),
        }
    }
}

/// What the plugin's element takes: `{sendCouponParams, sign, sendCouponMerchant}`
/// (`<send-coupon send_coupon_params="{{sendCouponParams}}" sign="{{sign}}"
/// send_coupon_merchant="{{sendCouponMerchant}}">`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct SignedBusifavorPlugin {
    /// `send_coupon_params`.
    pub send_coupon_params: Vec<SendCouponParam>,
    /// `sign`.
    pub sign: PaySignature,
    /// `send_coupon_merchant`.
    pub send_coupon_merchant: String,
}

/// The indexed pairs of a call: `stock_id{n}`, `out_request_no{n}`, `coupon_code{n}`,
/// `create_coupon_merchant{n}`, and `send_coupon_merchant`.
pub(crate) fn indexed_pairs<'a>(merchant: &'a str, coupons: &'a [SendCouponParam]) -> Vec<(String, &'a str)> {
    let mut pairs = Vec::with_capacity(coupons.len() * 4 + 1);
    for (n, c) in coupons.iter().enumerate() {
        pairs.push((format!("stock_id{n}"), c.stock_id.as_str()));
        pairs.push((format!("out_request_no{n}"), c.out_request_no.as_str()));
        pairs.push((format!("coupon_code{n}"), c.coupon_code.as_str()));
        pairs.push((format!("create_coupon_merchant{n}"), c.create_coupon_merchant.as_str()));
    }
    pairs.push((String::from("send_coupon_merchant"), merchant));
    pairs
}

/// The pairs as `(&str, &str)`.
pub(crate) fn as_refs<'a>(pairs: &'a [(String, &'a str)]) -> Vec<(&'a str, &'a str)> {
    pairs.iter().map(|(k, v)| (k.as_str(), *v)).collect()
}

/// Checks the call: 1-10 coupons, every field's rule (the item named), one creator for 代金券
/// and one kind per call.
pub fn check_busifavor_plugin(p: &BusifavorPluginParams) -> Result<(), Error> {
    rules::merchant("send_coupon_merchant", &p.send_coupon_merchant)?;
    if p.coupons.is_empty() {
        return Err(Error::new(ErrorKind::Missing, "send_coupon_params"));
    }
    if p.coupons.len() > MAX_PLUGIN_COUPONS {
        return Err(Error::new(ErrorKind::TooManyItems, "send_coupon_params"));
    }
    let first_creator = p.coupons.first().map_or("", |c| c.create_coupon_merchant.as_str());
    for (i, c) in p.coupons.iter().enumerate() {
        let at = |e: Error| e.at_item(i);
        rules::stock_id("stock_id", &c.stock_id).map_err(at)?;
        rules::out_request_no("out_request_no", &c.out_request_no).map_err(at)?;
        rules::coupon_code("coupon_code", &c.coupon_code).map_err(at)?;
        if !c.create_coupon_merchant.is_empty() {
            rules::merchant("create_coupon_merchant", &c.create_coupon_merchant).map_err(at)?;
        }
        // One merchant, one kind of coupon a call: 代金券 of one creator, or 商家券 only.
        if c.create_coupon_merchant != first_creator {
            return Err(at(Error::new(ErrorKind::Conflict, "create_coupon_merchant")));
        }
    }
    Ok(())
}

/// The signature of a checked call.
pub(crate) fn plugin_sign(key: &ApiV2Key, merchant: &str, params: &[SendCouponParam]) -> PaySignature {
    v2::sign_pay_v2(key, &as_refs(&indexed_pairs(merchant, params)))
}

/// Signs the plugin's set.
///
/// ```
/// use wxcard::{sign_busifavor_plugin, ApiV2Key, BusifavorCoupon, BusifavorPluginParams};
/// let key = ApiV2Key::new("exposed_your_key_here_have_risks")?;
/// let coupon = |stock: &str, no: &str| BusifavorCoupon { stock_id: stock.into(), out_request_no: no.into(), ..Default::default() };
/// let signed = sign_busifavor_plugin(&key, &BusifavorPluginParams {
///     send_coupon_merchant: "10016226".into(),
///     coupons: vec![coupon("abc123", "1234567"), coupon("321cba", "7654321")],
/// })?;
/// assert_eq!(signed.sign.as_str(), "20FB971D442A119C85CA1A49DBDEA61A14944D98AFC1D2B040030C5C8792A83A");
/// # Ok::<(), wxcard::Error>(())
/// ```
pub fn sign_busifavor_plugin(key: &ApiV2Key, p: &BusifavorPluginParams) -> Result<SignedBusifavorPlugin, Error> {
    check_busifavor_plugin(p)?;
    let send_coupon_params: Vec<SendCouponParam> = p.coupons.iter().map(SendCouponParam::from).collect();
    let sign = plugin_sign(key, &p.send_coupon_merchant, &send_coupon_params);
    Ok(SignedBusifavorPlugin { send_coupon_params, sign, send_coupon_merchant: p.send_coupon_merchant.clone() })
}

/// Whether `sign` is the signature of this call (exactly: upper-case), in constant time.
pub fn verify_busifavor_plugin(key: &ApiV2Key, p: &BusifavorPluginParams, sign: &str) -> Result<bool, Error> {
    check_busifavor_plugin(p)?;
    let params: Vec<SendCouponParam> = p.coupons.iter().map(SendCouponParam::from).collect();
    Ok(plugin_sign(key, &p.send_coupon_merchant, &params).matches(sign))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn coupon(stock: &str, no: &str) -> BusifavorCoupon {
        BusifavorCoupon { stock_id: stock.into(), out_request_no: no.into(), ..Default::default() }
    }

    #[test]
    fn the_plugin_vector_and_the_rules() {
        let key = ApiV2Key::new("exposed_your_key_here_have_risks").unwrap();
        let mut p = BusifavorPluginParams {
            send_coupon_merchant: "10016226".into(),
            coupons: alloc::vec![coupon("abc123", "1234567"), coupon("321cba", "7654321")],
        };
        let s = sign_busifavor_plugin(&key, &p).unwrap();
        assert_eq!(s.sign.as_str(), "20FB971D442A119C85CA1A49DBDEA61A14944D98AFC1D2B040030C5C8792A83A");
        assert!(verify_busifavor_plugin(&key, &p, s.sign.as_str()).unwrap());
        p.coupons[1].create_coupon_merchant = "10016227".into();
        let e = check_busifavor_plugin(&p).unwrap_err();
        assert_eq!((e.code(), e.field(), e.item()), ("CONFLICT", "create_coupon_merchant", Some(1)));
        p.coupons = (0..11).map(|i| coupon("abc", &format!("{i}"))).collect();
        assert_eq!(check_busifavor_plugin(&p).unwrap_err().code(), "TOO_MANY_ITEMS");
        p.coupons.clear();
        assert_eq!(check_busifavor_plugin(&p).unwrap_err().field(), "send_coupon_params");
    }
}
