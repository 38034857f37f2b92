//! The own fields of a member card (会员卡, `MEMBER_CARD`) for `card/create`: what merchants
//! still create since WeChat stopped new coupons on 2021-04-01. The body is checked by
//! `validate_card_json` before it is sent, like every typed card.
//!
//! Fields from WeChat's "创建会员卡接口" (developers.weixin.qq.com/doc/offiaccount/Cards_and_Offer/
//! Membership_Cards/Create_a_membership_card.html).

use serde::Serialize;
use serde_json::{json, Map, Value};

/// How a member activates the card: one way only (WeChat ignores the others).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Activation {
    /// `auto_activate`: active as soon as it is received.
    #[default]
    Auto,
    /// `wx_activate`: WeChat's one-click form (set it with `set_activate_user_form`); the
    /// activation page then gets an `activate_ticket`.
    OneClick,
    /// `activate_url`: the merchant's own page.
    Url(String),
}

/// A row of the card's header: level, points, coupons, ... (`custom_field1`..`3`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct CustomField {
    /// WeChat's name for it: `FIELD_NAME_TYPE_LEVEL`, `_COUPON`, `_STAMP`, `_DISCOUNT`,
    /// `_ACHIEVEMEN`, `_MILEAGE`, `_SET_POINTS`, `_TIMS`; or leave it empty and give `name`.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub name_type: String,
    /// The merchant's own name, when there is no `name_type`.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// Where a tap on it leads.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub url: String,
}

/// An entry below the card (`custom_cell1`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct CustomCell {
    /// The entry's name, at most 5 汉字.
    pub name: String,
    /// The hint beside it, at most 6 汉字.
    pub tips: String,
    /// Where it leads.
    pub url: String,
}

/// How points are earned and spent (`bonus_rule`): whole numbers, amounts in fen (分).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct BonusRule {
    /// Spend this much ...
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cost_money_unit: Option<u64>,
    /// ... to earn this many points.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub increase_bonus: Option<u64>,
    /// The most points one purchase earns.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_increase_bonus: Option<u64>,
    /// Points given on activation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub init_increase_bonus: Option<u64>,
    /// Spend this many points ...
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cost_bonus_unit: Option<u64>,
    /// ... for this much off.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reduce_money: Option<u64>,
    /// Points can be used from this amount on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub least_money_to_use_bonus: Option<u64>,
    /// The most points one purchase uses.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_reduce_bonus: Option<u64>,
}

/// The member card's own fields.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MemberCardFields {
    /// The card's background, from `media/uploadimg` (optional).
    pub background_pic_url: String,
    /// 特权说明: what members get (required).
    pub prerogative: String,
    /// Points (积分): with them, `bonus_rule` says how they are earned and spent.
    pub supply_bonus: bool,
    /// A stored balance (储值): needs WeChat's stored-value permission.
    pub supply_balance: bool,
    /// How the card is activated.
    pub activation: Activation,
    /// How points are earned and spent (required with `supply_bonus` and no `bonus_url`).
    pub bonus_rule: Option<BonusRule>,
    /// The merchant's page for points, instead of WeChat's (optional).
    pub bonus_url: String,
    /// The merchant's page for the balance (optional).
    pub balance_url: String,
    /// The rows of the card's header: `custom_field1`, `custom_field2`, `custom_field3`.
    pub custom_fields: [Option<CustomField>; 3],
    /// An entry below the card.
    pub custom_cell1: Option<CustomCell>,
    /// Members' discount in percent off (10: 九折), when there is one.
    pub discount: Option<u32>,
}

impl MemberCardFields {
    /// Writes the fields into the card's body, as WeChat names them.
    pub(super) fn add_to(&self, body: &mut Map<String, Value>) {
        let mut put = |k: &str, v: Value| {
            body.insert(k.into(), v);
        };
        if !self.background_pic_url.is_empty() {
            put("background_pic_url", json!(self.background_pic_url));
        }
        put("prerogative", json!(self.prerogative));
        put("supply_bonus", json!(self.supply_bonus));
        put("supply_balance", json!(self.supply_balance));
        match &self.activation {
            Activation::Auto => put("auto_activate", json!(true)),
            Activation::OneClick => put("wx_activate", json!(true)),
            Activation::Url(url) => put("activate_url", json!(url)),
        }
        if let Some(rule) = &self.bonus_rule {
            put("bonus_rule", json!(rule));
        }
        for (key, url) in [("bonus_url", &self.bonus_url), ("balance_url", &self.balance_url)] {
            if !url.is_empty() {
                put(key, json!(url));
            }
        }
        for (key, field) in ["custom_field1", "custom_field2", "custom_field3"].iter().zip(&self.custom_fields) {
            if let Some(field) = field {
                put(key, json!(field));
            }
        }
        if let Some(cell) = &self.custom_cell1 {
            put("custom_cell1", json!(cell));
        }
        if let Some(discount) = self.discount {
            put("discount", json!(discount));
        }
    }
}
