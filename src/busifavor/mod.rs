//! WeChat Pay 商家券 (busifavor) from pages: the APIv2 signature (HMAC-SHA256) of the H5 link,
//! of the mini-program plugin `send-coupon` and of `wx.addCard` with a 商家券 batch, and why
//! WeChat answered 签名错误, 272758293 or 268435461.
//!
//! The signature is WeChat Pay's V2 rule: the non-empty parameters sorted by name, `k=v` joined
//! with `&`, then `&key=KEY`, HMAC-SHA256 keyed with KEY (the merchant's APIv2 key), upper-case
//! hex. The key is a server secret ([`ApiV2Key`]): a page gets a signed link, never the key.
//!
//! - [`sign_busifavor_h5`]: the `https://action.weixin.qq.com/busifavor/getcouponinfo?...`
//!   link, every value URL-encoded, ending in `#wechat_pay&wechat_redirect`. No 代金券.
//! - [`sign_busifavor_plugin`]: `send_coupon_params`, `sign`, `send_coupon_merchant` of the
//!   mini-program plugin (up to 10 coupons, keys indexed from 0).
//! - [`sign_busifavor_add_card`]: `wx.addCard` with 商家券 batches. Community-sourced: no
//!   official page documents it; signed as the plugin's set.
//! - [`diagnose_busifavor`]: the common mistakes replayed with the key, or the structure and
//!   the string to sign (key masked) without it.

mod add_card;
mod diagnose;
mod h5;
mod key;
mod plugin;
mod result_codes;
pub(crate) mod rules;
mod v2;

pub use add_card::{sign_busifavor_add_card, BusifavorCard, BusifavorCardList};
pub use diagnose::{diagnose_busifavor, BusifavorCall, BusifavorDiagnosis};
pub use h5::{
    check_busifavor_h5, sign_busifavor_h5, verify_busifavor_h5, BusifavorH5Params, SignedBusifavorH5,
    BUSIFAVOR_H5_FRAGMENT, BUSIFAVOR_H5_URL,
};
pub use key::{ApiV2Key, ApiV3Key};
pub use plugin::{
    check_busifavor_plugin, sign_busifavor_plugin, verify_busifavor_plugin, BusifavorCoupon, BusifavorPluginParams,
    SendCouponParam, SignedBusifavorPlugin, MAX_PLUGIN_COUPONS,
};
pub use result_codes::{explain_pay_result, PayResultCode, PAY_RESULT_CODES};
pub use v2::{pay_v2_string_masked, sign_pay_v2, PaySignature};
