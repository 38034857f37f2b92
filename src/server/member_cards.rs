//! Member cards (会员卡, `MEMBER_CARD`): what merchants still create since WeChat stopped new
//! coupons on 2021-04-01. Their own fields for `card/create` ([`MemberCardFields`], checked by
//! `validate_card_json` before anything is sent), and the member-card calls: activation (also
//! the activation page's whole flow, [`CardClient::activate_with_ticket`]), the activation
//! form, member data and updates. Their statistics are in `datacube.rs`.
//!
//! From WeChat's "创建会员卡接口" and "管理会员卡" (developers.weixin.qq.com/doc/offiaccount/
//! Cards_and_Offer/Membership_Cards/Create_a_membership_card.html, Manage_Member_Card.html).

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use super::api::CardClient;
use super::checks::{
    at_most_bytes, at_most_chars, http_url, optional, rejected, required, required_code, uploaded_image,
};
use super::error::CallError;
use super::lenient::{lenient_whole, null_as_default};
use super::tokens::TicketStore;
use crate::{Error, ErrorKind};

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
    /// How points are earned and spent, with `supply_bonus` (optional in WeChat's table;
    /// `validate_card_json` warns when a card with points has neither it nor `bonus_url`).
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

/// The most custom options (`custom_field_list`) and rich options (`rich_field_list`) each form
/// of `card/membercard/activateuserform/set` takes.
pub const MAX_FORM_CUSTOM_FIELDS: usize = 5;

/// The `USER_FORM_INFO_FLAG_*` fields WeChat fills from the user's profile. The document lists
/// the first eleven (`EDUCATION_BACKGRO` spelt so); WeChat's answers and its older table also
/// use `EDUCATION_BACKGROUND`, `DETAIL_LOCATION` and `CAREER`.
pub const USER_FORM_FLAGS: [&str; 14] = [
    "USER_FORM_INFO_FLAG_MOBILE",
    "USER_FORM_INFO_FLAG_SEX",
    "USER_FORM_INFO_FLAG_NAME",
    "USER_FORM_INFO_FLAG_BIRTHDAY",
    "USER_FORM_INFO_FLAG_IDCARD",
    "USER_FORM_INFO_FLAG_EMAIL",
    "USER_FORM_INFO_FLAG_LOCATION",
    "USER_FORM_INFO_FLAG_EDUCATION_BACKGRO",
    "USER_FORM_INFO_FLAG_INDUSTRY",
    "USER_FORM_INFO_FLAG_INCOME",
    "USER_FORM_INFO_FLAG_HABIT",
    "USER_FORM_INFO_FLAG_EDUCATION_BACKGROUND",
    "USER_FORM_INFO_FLAG_DETAIL_LOCATION",
    "USER_FORM_INFO_FLAG_CAREER",
];

/// The `type` of a rich form option.
pub const RICH_FIELD_TYPES: [&str; 3] = ["FORM_FIELD_RADIO", "FORM_FIELD_SELECT", "FORM_FIELD_CHECK_BOX"];

/// `card/membercard/activate`: activates (binds) a member card the user received. Only
/// `membership_number` and `code` are required; empty strings and `None` are left out.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberActivation {
    /// 会员卡编号, shown as the card's serial number; at most 20 bytes. May equal the code.
    pub membership_number: String,
    /// The code the user received (decrypt an encrypt_code first).
    pub code: String,
    /// Required for custom-code cards.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub card_id: String,
    /// This member's own card background, from `media/uploadimg`; at most 128 bytes.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub background_pic_url: String,
    /// Validity after activation, Unix seconds (default: the card's date_info).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activate_begin_time: Option<u64>,
    /// End of validity after activation, Unix seconds; after `activate_begin_time`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activate_end_time: Option<u64>,
    /// Initial points (0 when left out).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub init_bonus: Option<u64>,
    /// What the initial points are for, at most 32 bytes.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub init_bonus_record: String,
    /// Initial balance in fen (分), 0 when left out; needs the stored-value permission (43010).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub init_balance: Option<u64>,
    /// The initial value of `custom_field1`, at most 12 bytes (4 汉字).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub init_custom_field_value1: String,
    /// The initial value of `custom_field2`, at most 12 bytes.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub init_custom_field_value2: String,
    /// The initial value of `custom_field3`, at most 12 bytes.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub init_custom_field_value3: String,
}

impl MemberActivation {
    /// The document's rules, checked before anything is sent.
    pub fn check(&self) -> Result<(), CallError> {
        required("membership_number", &self.membership_number)?;
        at_most_bytes("membership_number", &self.membership_number, 20)?;
        required_code("code", &self.code)?;
        optional("card_id", &self.card_id)?;
        uploaded_image("background_pic_url", &self.background_pic_url)?;
        let begin = self.activate_begin_time.map(|t| crate::validate::seconds("activate_begin_time", t)).transpose();
        let end = self.activate_end_time.map(|t| crate::validate::seconds("activate_end_time", t)).transpose();
        if let (Some(begin), Some(end)) = (begin.map_err(CallError::Rejected)?, end.map_err(CallError::Rejected)?) {
            if end <= begin {
                return Err(rejected(ErrorKind::OutOfRange, "activate_end_time"));
            }
        }
        at_most_bytes("init_bonus_record", &self.init_bonus_record, 32)?;
        at_most_bytes("init_custom_field_value1", &self.init_custom_field_value1, 12)?;
        at_most_bytes("init_custom_field_value2", &self.init_custom_field_value2, 12)?;
        at_most_bytes("init_custom_field_value3", &self.init_custom_field_value3, 12)
    }
}

/// Which changes `card/membercard/updateuser` tells the user about (all, when left out).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)] // WeChat's names: false silences that change's message.
pub struct NotifyOptional {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_notify_bonus: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_notify_balance: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_notify_custom_field1: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_notify_custom_field2: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_notify_custom_field3: Option<bool>,
}

/// `card/membercard/updateuser`: changes a member's points, balance or custom fields. Send
/// `add_bonus` together with `bonus` (the total) to make a retried call harmless: the total is
/// what the card shows, the change what the message says. Balances in fen (分).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberUpdate {
    /// The member's code.
    pub code: String,
    /// The member card ("card_id | 是 | string(32)" in the updateuser table): required.
    #[serde(default)]
    pub card_id: String,
    /// A new background for this member, from `media/uploadimg`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub background_pic_url: String,
    /// The points total to show.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bonus: Option<u64>,
    /// The change in points (negative: spent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub add_bonus: Option<i64>,
    /// What the points change is for, at most 42 characters (汉字 or not; the
    /// document's "string(42)" read as characters, which its own example needs).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub record_bonus: String,
    /// The balance total to show, in fen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub balance: Option<u64>,
    /// The change in balance, in fen (negative: spent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub add_balance: Option<i64>,
    /// What the balance change is for, at most 42 characters (汉字 or not; the
    /// document's "string(42)" read as characters, which its own example needs).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub record_balance: String,
    /// The new value of `custom_field1`, at most 12 bytes (4 汉字).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub custom_field_value1: String,
    /// The new value of `custom_field2`, at most 12 bytes.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub custom_field_value2: String,
    /// The new value of `custom_field3`, at most 12 bytes.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub custom_field_value3: String,
    /// Which changes send the user a message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notify_optional: Option<NotifyOptional>,
}

/// The most characters `record_bonus` and `record_balance` of `card/membercard/updateuser` take.
/// The table says "string(42)" and "不超过14个汉字", yet prints beside them WeChat's own example
/// "购买焦糖玛琪朵一杯，扣除金额30元。": 18 characters, 50 bytes. The documents disagree, so the
/// more permissive reading holds: 42 characters (汉字 or not), never bytes.
const RECORD_MAX_CHARS: usize = 42;

impl MemberUpdate {
    /// The document's rules, checked before anything is sent; an update that changes nothing is
    /// refused too (`MISSING` at `add_bonus`).
    pub fn check(&self) -> Result<(), CallError> {
        required_code("code", &self.code)?;
        required("card_id", &self.card_id)?;
        uploaded_image("background_pic_url", &self.background_pic_url)?;
        at_most_chars("record_bonus", &self.record_bonus, RECORD_MAX_CHARS)?;
        at_most_chars("record_balance", &self.record_balance, RECORD_MAX_CHARS)?;
        at_most_bytes("custom_field_value1", &self.custom_field_value1, 12)?;
        at_most_bytes("custom_field_value2", &self.custom_field_value2, 12)?;
        at_most_bytes("custom_field_value3", &self.custom_field_value3, 12)?;
        let changes = self.bonus.is_some()
            || self.add_bonus.is_some()
            || self.balance.is_some()
            || self.add_balance.is_some()
            || !self.background_pic_url.is_empty()
            || !(self.custom_field_value1.is_empty()
                && self.custom_field_value2.is_empty()
                && self.custom_field_value3.is_empty());
        if !changes {
            return Err(rejected(ErrorKind::Missing, "add_bonus"));
        }
        Ok(())
    }
}

/// What `card/membercard/updateuser` answers. The numbers are read leniently ([`MemberInfo`]).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all(serialize = "camelCase"))]
pub struct MemberUpdated {
    /// The points now.
    #[serde(default, deserialize_with = "lenient_whole")]
    pub result_bonus: i64,
    /// The balance now, in fen.
    #[serde(default, deserialize_with = "lenient_whole")]
    pub result_balance: i64,
    /// The member.
    #[serde(default, deserialize_with = "null_as_default")]
    pub openid: String,
}

/// A link on the activation form (`service_statement`, `bind_old_card`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormLink {
    /// The text shown.
    pub name: String,
    /// An http:// or https:// link.
    pub url: String,
}

/// A rich option of the activation form: a choice among `values`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RichField {
    /// `FORM_FIELD_RADIO`, `FORM_FIELD_SELECT` or `FORM_FIELD_CHECK_BOX`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The option's name.
    pub name: String,
    /// The choices.
    pub values: Vec<String>,
}

/// `required_form` or `optional_form` of the activation form.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormFields {
    /// Whether the user may change these after activation (WeChat then pushes the changes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub can_modify: Option<bool>,
    /// WeChat's own fields: [`USER_FORM_FLAGS`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub common_field_id_list: Vec<String>,
    /// The merchant's text options, at most [`MAX_FORM_CUSTOM_FIELDS`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub custom_field_list: Vec<String>,
    /// The merchant's choice options, at most [`MAX_FORM_CUSTOM_FIELDS`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rich_field_list: Vec<RichField>,
}

/// `card/membercard/activateuserform/set`: what the one-click activation form (`wx_activate`)
/// asks the user for.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivateUserForm {
    /// The member card.
    pub card_id: String,
    /// The membership terms (会员守则).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_statement: Option<FormLink>,
    /// Where existing members bind their card (老会员绑定).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bind_old_card: Option<FormLink>,
    /// What the user must fill in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required_form: Option<FormFields>,
    /// What the user may fill in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub optional_form: Option<FormFields>,
}

impl ActivateUserForm {
    /// The document's rules, checked before anything is sent.
    pub fn check(&self) -> Result<(), CallError> {
        required("card_id", &self.card_id)?;
        for (link, field, url_field) in [
            (&self.service_statement, "service_statement.name", "service_statement.url"),
            (&self.bind_old_card, "bind_old_card.name", "bind_old_card.url"),
        ] {
            if let Some(link) = link {
                required(field, &link.name)?;
                http_url(url_field, &link.url)?;
            }
        }
        let forms = [
            (
                &self.required_form,
                "required_form.common_field_id_list",
                "required_form.custom_field_list",
                "required_form.rich_field_list",
            ),
            (
                &self.optional_form,
                "optional_form.common_field_id_list",
                "optional_form.custom_field_list",
                "optional_form.rich_field_list",
            ),
        ];
        // required_form and optional_form are both "否" in the document: a form of its links
        // (service_statement, bind_old_card) alone is taken.
        for (form, common, custom, rich) in forms {
            let Some(form) = form else { continue };
            for (i, flag) in form.common_field_id_list.iter().enumerate() {
                if !USER_FORM_FLAGS.contains(&flag.as_str()) {
                    return Err(CallError::Rejected(Error::new(ErrorKind::NotOneOf, common).at_item(i)));
                }
            }
            if form.custom_field_list.len() > MAX_FORM_CUSTOM_FIELDS {
                return Err(rejected(ErrorKind::TooManyItems, custom));
            }
            for (i, name) in form.custom_field_list.iter().enumerate() {
                crate::validate::value(custom, name, true).map_err(|e| CallError::Rejected(e.at_item(i)))?;
            }
            if form.rich_field_list.len() > MAX_FORM_CUSTOM_FIELDS {
                return Err(rejected(ErrorKind::TooManyItems, rich));
            }
            for (i, field) in form.rich_field_list.iter().enumerate() {
                let at = |kind| CallError::Rejected(Error::new(kind, rich).at_item(i));
                if !RICH_FIELD_TYPES.contains(&field.kind.as_str()) {
                    return Err(at(ErrorKind::NotOneOf));
                }
                if field.name.trim().is_empty() || field.values.is_empty() {
                    return Err(at(ErrorKind::Missing));
                }
            }
        }
        Ok(())
    }
}

/// One answer of the activation form: a `USER_FORM_INFO_FLAG_*` field or a merchant's option.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormValue {
    /// The field: `USER_FORM_INFO_FLAG_MOBILE`, ..., or the option's name.
    #[serde(default)]
    pub name: String,
    /// The text given.
    #[serde(default)]
    pub value: String,
    /// The choices made (rich options).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub value_list: Vec<String>,
}

/// What the user filled in on the activation form: `info` of
/// `card/membercard/activatetempinfo/get`, `user_info` of `card/membercard/userinfo/get`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserForm {
    /// WeChat's own fields.
    #[serde(default)]
    pub common_field_list: Vec<FormValue>,
    /// The merchant's options.
    #[serde(default)]
    pub custom_field_list: Vec<FormValue>,
}

impl UserForm {
    /// The value of a WeChat field (`USER_FORM_INFO_FLAG_MOBILE`, ...), when filled in.
    pub fn common(&self, flag: &str) -> Option<&str> {
        self.common_field_list.iter().find(|f| f.name == flag).map(|f| f.value.as_str()).filter(|v| !v.is_empty())
    }

    /// A merchant's option by its name.
    pub fn custom(&self, name: &str) -> Option<&FormValue> {
        self.custom_field_list.iter().find(|f| f.name == name)
    }
}

/// What `card/membercard/userinfo/get` says about a member.
///
/// Read leniently, so that one odd value does not fail the whole call: null stands for the
/// field's default (WeChat sends `"nickname": null`), and `bonus` and `balance` take a float
/// (`300.0`) or digits in quotes besides an integer. They stay whole numbers (`i64`; balance in
/// fen): a float is rounded to the nearest.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberInfo {
    /// The member.
    #[serde(default, deserialize_with = "null_as_default")]
    pub openid: String,
    /// The WeChat nickname.
    #[serde(default, deserialize_with = "null_as_default")]
    pub nickname: String,
    /// The number set at activation.
    #[serde(default, deserialize_with = "null_as_default")]
    pub membership_number: String,
    /// Points.
    #[serde(default, deserialize_with = "lenient_whole")]
    pub bonus: i64,
    /// Balance, in fen.
    #[serde(default, deserialize_with = "lenient_whole")]
    pub balance: i64,
    /// `MALE`, `FEMALE`, ...
    #[serde(default, deserialize_with = "null_as_default")]
    pub sex: String,
    /// The activation form's answers.
    #[serde(default, deserialize_with = "null_as_default")]
    pub user_info: UserForm,
    /// NORMAL, EXPIRE, GIFTING, GIFT_SUCC, GIFT_TIMEOUT, DELETE, UNAVAILABLE.
    #[serde(default, deserialize_with = "null_as_default")]
    pub user_card_status: String,
    /// Whether the card has been activated.
    #[serde(default, deserialize_with = "null_as_default")]
    pub has_active: bool,
}

/// What [`CardClient::activate_with_ticket`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Activated {
    /// The decrypted code.
    pub code: String,
    /// What the user filled in.
    pub form: UserForm,
    /// The activation sent.
    pub activation: MemberActivation,
}

impl<S: TicketStore> CardClient<S> {
    /// `card/membercard/activate`: activates a member card (checked first: [`MemberActivation::check`]).
    pub async fn activate_member_card(&self, activation: &MemberActivation) -> Result<(), CallError> {
        activation.check()?;
        let _: Value = self.call("/card/membercard/activate", &json!(activation)).await?;
        Ok(())
    }

    /// `card/membercard/activateuserform/set`: the one-click activation form.
    pub async fn set_activate_user_form(&self, form: &ActivateUserForm) -> Result<(), CallError> {
        form.check()?;
        let _: Value = self.call("/card/membercard/activateuserform/set", &json!(form)).await?;
        Ok(())
    }

    /// `card/membercard/activate/geturl`: the URL of the activation form of a card, with a scene
    /// value (`outer_str`, at most 128 bytes) reported back.
    pub async fn activate_url(&self, card_id: &str, outer_str: &str) -> Result<String, CallError> {
        #[derive(Deserialize)]
        struct Url {
            url: String,
        }
        required("card_id", card_id)?;
        crate::validate::outer_str("outer_str", outer_str).map_err(CallError::Rejected)?;
        let mut body = json!({ "card_id": card_id });
        if let (false, Some(obj)) = (outer_str.is_empty(), body.as_object_mut()) {
            obj.insert("outer_str".into(), json!(outer_str));
        }
        let u: Url = self.call("/card/membercard/activate/geturl", &body).await?;
        Ok(u.url)
    }

    /// `card/membercard/activatetempinfo/get`: what the user filled in on the activation form,
    /// by the `activate_ticket` WeChat appended to the activation page's URL.
    pub async fn activate_temp_info(&self, activate_ticket: &str) -> Result<UserForm, CallError> {
        #[derive(Deserialize)]
        struct Info {
            #[serde(default)]
            info: UserForm,
        }
        required("activate_ticket", activate_ticket)?;
        let i: Info =
            self.call("/card/membercard/activatetempinfo/get", &json!({ "activate_ticket": activate_ticket })).await?;
        Ok(i.info)
    }

    /// The activation page's flow: decrypts the `encrypt_code`, reads the form by its
    /// `activate_ticket`, and activates with what `activation` makes of the code and the form
    /// (e.g. the mobile number as membership_number). Nothing is activated if a step fails.
    pub async fn activate_with_ticket(
        &self,
        encrypt_code: &str,
        activate_ticket: &str,
        card_id: &str,
        activation: impl FnOnce(&str, &UserForm) -> MemberActivation,
    ) -> Result<Activated, CallError> {
        required("encrypt_code", encrypt_code)?;
        required("activate_ticket", activate_ticket)?;
        optional("card_id", card_id)?;
        let code = self.decrypt_code(encrypt_code).await?;
        let form = self.activate_temp_info(activate_ticket).await?;
        let mut activation = activation(&code, &form);
        if activation.code.is_empty() {
            activation.code.clone_from(&code);
        }
        if activation.card_id.is_empty() {
            activation.card_id = card_id.to_owned();
        }
        self.activate_member_card(&activation).await?;
        Ok(Activated { code, form, activation })
    }

    /// `card/membercard/userinfo/get`: a member's data, points, balance and form answers.
    pub async fn member_info(&self, card_id: &str, code: &str) -> Result<MemberInfo, CallError> {
        required("card_id", card_id)?;
        required_code("code", code)?;
        self.call("/card/membercard/userinfo/get", &json!({ "card_id": card_id, "code": code })).await
    }

    /// `card/membercard/updateuser`: points, balance, custom fields (checked first:
    /// [`MemberUpdate::check`]).
    pub async fn update_member(&self, update: &MemberUpdate) -> Result<MemberUpdated, CallError> {
        update.check()?;
        self.call("/card/membercard/updateuser", &json!(update)).await
    }
}
