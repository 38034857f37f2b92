//! `wx.chooseCard`: its parameters as the page passed them, plus the appId of its wx.config.

use super::replay::{common_mistakes, replay, timestamp_mistakes};
use super::{check_signature_text, check_timestamp_text, check_value, trimmed_ticket, Diagnosis, FindingCode};
use crate::clock::now_seconds;
use crate::sign::sorted_sha1;
use crate::validate;
use alloc::string::String;
use alloc::vec::Vec;

/// What a page passed to `wx.chooseCard`, as text (numbers written as digits), plus the appId
/// of its wx.config.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase", default))]
pub struct ChooseCardCall {
    /// The appId of wx.config ("" when unknown).
    #[cfg_attr(feature = "serde", serde(deserialize_with = "crate::de::as_passed"))]
    pub app_id: String,
    /// `shopId`.
    #[cfg_attr(feature = "serde", serde(deserialize_with = "crate::de::as_passed"))]
    pub shop_id: String,
    /// `cardType`.
    #[cfg_attr(feature = "serde", serde(deserialize_with = "crate::de::as_passed"))]
    pub card_type: String,
    /// `cardId`.
    #[cfg_attr(feature = "serde", serde(deserialize_with = "crate::de::as_passed"))]
    pub card_id: String,
    /// `timestamp`.
    #[cfg_attr(feature = "serde", serde(deserialize_with = "crate::de::as_passed"))]
    pub timestamp: String,
    /// `nonceStr`.
    #[cfg_attr(feature = "serde", serde(deserialize_with = "crate::de::as_passed"))]
    pub nonce_str: String,
    /// `signType`.
    #[cfg_attr(feature = "serde", serde(deserialize_with = "crate::de::as_passed", default = "sha1"))]
    pub sign_type: String,
    /// `cardSign`.
    #[cfg_attr(feature = "serde", serde(deserialize_with = "crate::de::as_passed"))]
    pub card_sign: String,
}

/// `signType` left out is the only one there is.
#[cfg(feature = "serde")]
fn sha1() -> alloc::string::String {
    "SHA1".into()
}

/// Diagnoses a `wx.chooseCard` call. `api_ticket` (optional) turns on the signature checks.
pub fn diagnose_choose_card(call: &ChooseCardCall, api_ticket: Option<&str>, now: Option<u64>) -> Diagnosis {
    let mut d = Diagnosis::default();
    let now = now.or_else(now_seconds);
    for v in [
        call.app_id.as_str(),
        call.shop_id.as_str(),
        call.card_type.as_str(),
        call.card_id.as_str(),
        call.nonce_str.as_str(),
    ] {
        check_value(&mut d, v);
    }
    if !call.sign_type.eq_ignore_ascii_case("SHA1") {
        d.add(FindingCode::SignTypeNotSha1);
    }
    if validate::card_type("card_type", call.card_type.as_str()).is_err() {
        d.add(FindingCode::CardTypeInvalid);
    }
    if call.nonce_str.is_empty() {
        d.add(FindingCode::NonceStrMissing);
    }
    let ts = check_timestamp_text(&mut d, call.timestamp.as_str(), now);
    let sig = check_signature_text(&mut d, call.card_sign.as_str());
    if call.app_id.is_empty() {
        d.add(FindingCode::AppIdNotGiven);
    }
    match (api_ticket, ts, sig) {
        (None, ..) => d.add(FindingCode::TicketNotGiven),
        (Some(ticket), Some(ts), Some(sig)) => {
            let ticket = trimmed_ticket(&mut d, ticket);
            let values = [
                ticket,
                call.app_id.as_str(),
                call.shop_id.as_str(),
                ts,
                call.nonce_str.as_str(),
                call.card_id.as_str(),
                call.card_type.as_str(),
            ];
            d.expected_signature = Some(sorted_sha1(&values));
            let found = replay(&values, sig, |values, try_sig| {
                let mut without_app: Vec<&str> = values.to_vec();
                if let Some(slot) = without_app.get_mut(1) {
                    *slot = "";
                }
                try_sig(FindingCode::MistakeAppIdNotSigned, sorted_sha1(&without_app))
                    || common_mistakes(values, ticket, try_sig)
                    || timestamp_mistakes(ts, values, 3, try_sig)
            });
            match found {
                Some(f) => d.add(f),
                None if call.app_id.is_empty() => {}
                None => d.add(FindingCode::SignatureMismatch),
            }
        }
        _ => {}
    }
    d.sort();
    d
}
