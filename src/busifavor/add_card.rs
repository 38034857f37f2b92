//! `wx.addCard` with 商家券 batches. **Community-sourced**: no official page documents it;
//! merchants report that it works as the plugin's set: cardId is the stock_id, the first card's
//! cardExt carries sign, send_coupon_merchant and out_request_no, the others only their
//! out_request_no (and coupon_code), and sign covers the plugin's indexed keys.

use alloc::string::String;
use alloc::vec::Vec;

use super::key::ApiV2Key;
use super::plugin::{check_busifavor_plugin, plugin_sign, BusifavorPluginParams, SendCouponParam};
use crate::error::Error;
use crate::json;

/// One entry of wx.addCard's `cardList`: `{cardId, cardExt}`, cardExt a JSON **string**.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct BusifavorCard {
    /// The stock_id.
    pub card_id: String,
    /// `{"out_request_no":..,"coupon_code":..,"send_coupon_merchant":..,"sign":..}` (the last
    /// two on the first card only).
    pub card_ext: String,
}

/// `{cardList: [...]}` for `wx.addCard`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct BusifavorCardList {
    /// The cards, in the order of the coupons.
    pub card_list: Vec<BusifavorCard>,
}

fn push_pair(ext: &mut String, k: &str, v: &str) {
    if v.is_empty() {
        return;
    }
    ext.push(if ext.is_empty() { '{' } else { ',' });
    json::push_string(ext, k);
    ext.push(':');
    json::push_string(ext, v);
}

/// Signs wx.addCard's card list for 商家券 batches (community-sourced, see the module). The
/// rules are the plugin's: 1-10 coupons, one merchant, one kind.
pub fn sign_busifavor_add_card(key: &ApiV2Key, p: &BusifavorPluginParams) -> Result<BusifavorCardList, Error> {
    check_busifavor_plugin(p)?;
    let params: Vec<SendCouponParam> = p.coupons.iter().map(SendCouponParam::from).collect();
    let sign = plugin_sign(key, &p.send_coupon_merchant, &params);
    let card_list = params
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let mut ext = String::new();
            push_pair(&mut ext, "out_request_no", &c.out_request_no);
            push_pair(&mut ext, "coupon_code", &c.coupon_code);
            push_pair(&mut ext, "create_coupon_merchant", &c.create_coupon_merchant);
            if i == 0 {
                push_pair(&mut ext, "send_coupon_merchant", &p.send_coupon_merchant);
                push_pair(&mut ext, "sign", sign.as_str());
            }
            if ext.is_empty() {
                ext.push('{');
            }
            ext.push('}');
            BusifavorCard { card_id: c.stock_id.clone(), card_ext: ext }
        })
        .collect();
    Ok(BusifavorCardList { card_list })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::busifavor::BusifavorCoupon;

    #[test]
    fn the_first_card_carries_the_signature() {
        let key = ApiV2Key::new("exposed_your_key_here_have_risks").unwrap();
        let coupon =
            |s: &str, n: &str| BusifavorCoupon { stock_id: s.into(), out_request_no: n.into(), ..Default::default() };
        let p = BusifavorPluginParams {
            send_coupon_merchant: "10016226".into(),
            coupons: alloc::vec![coupon("abc123", "1234567"), coupon("321cba", "7654321")],
        };
        let list = sign_busifavor_add_card(&key, &p).unwrap().card_list;
        assert_eq!(list[0].card_id, "abc123");
        assert_eq!(
            list[0].card_ext,
            r#"{"out_request_no":"1234567","send_coupon_merchant":"10016226","sign":"20FB971D442A119C85CA1A49DBDEA61A14944D98AFC1D2B040030C5C8792A83A"}"#
        );
        assert_eq!(list[1].card_ext, r#"{"out_request_no":"7654321"}"#);
    }
}
