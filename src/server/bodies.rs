//! The bodies of the router's endpoints that are not the core's own input types: the router
//! reads them, the policy sees and amends them.

use serde::Deserialize;

use crate::{BusifavorCoupon, CardExtParams};

/// `POST /card-ext`: the cards to sign for one `wx.addCard`, each a [`CardExtParams`] without
/// `timestamp` and `nonceStr` (the server picks them).
#[derive(Debug, Deserialize)]
pub struct CardExtRequest {
    /// One entry per card.
    pub cards: Vec<CardExtParams>,
}

/// `POST /decrypt-code`: an encrypt_code from a redirect or from chooseCard.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DecryptCodeRequest {
    /// As the page read it (`+`, `/` and `=` intact).
    pub encrypt_code: String,
}

/// `POST /member/activate`: what WeChat put on a member card's activation page (one-click
/// activation): the code is decrypted, the form read by the ticket, the card activated.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MemberActivateRequest {
    /// `encrypt_code` of the page's URL, as the page read it.
    pub encrypt_code: String,
    /// `activate_ticket` of the page's URL.
    pub activate_ticket: String,
    /// `card_id` of the page's URL.
    #[serde(default)]
    pub card_id: String,
}

/// `POST /busifavor/h5` and `/busifavor/plugin`: the coupons a logged-in page asks for. The
/// policy fills what the server decides: the session's open_id, the stock_id when it lists one,
/// a coupon_code from the merchant's pool; the router makes each out_request_no.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct BusifavorRequest {
    /// The page's id of this send (1-64 letters, digits, `-` or `_`), the same on its retries:
    /// the out_request_no is derived from it, so a retry issues no second coupon.
    pub request_id: String,
    /// The coupons (the H5 link takes one); each `{stockId, outRequestNo?, couponCode?}`.
    pub coupons: Vec<BusifavorCoupon>,
    /// The user's openid: refused from a page unless the policy allows it (the session's).
    pub open_id: String,
}
