//! Cards (卡券): create, update, read, list, delete, stock, the test whitelist, and their types.
//!
//! Every card body is checked with [`crate::validate_card_json`] (the same check `wxcard card
//! validate` runs) before it is sent: a refused body never reaches WeChat, and the error names
//! each problem with its JSON path.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::api::CardClient;
use super::checks::{rejected, required};
use super::error::CallError;
use super::member_cards::MemberCardFields;
use super::tokens::TicketStore;
use crate::{Error, ErrorKind};

/// The card types this client creates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[non_exhaustive]
pub enum CardType {
    /// 团购券.
    Groupon,
    /// 代金券.
    Cash,
    /// 折扣券.
    Discount,
    /// 兑换券 (礼品券).
    Gift,
    /// 优惠券.
    GeneralCoupon,
    /// 会员卡: what merchants still create (WeChat creates no new coupons since 2021-04-01).
    MemberCard,
}

impl CardType {
    /// `GROUPON`, `CASH`, ...: the card_type value.
    pub fn as_str(self) -> &'static str {
        match self {
            CardType::Groupon => "GROUPON",
            CardType::Cash => "CASH",
            CardType::Discount => "DISCOUNT",
            CardType::Gift => "GIFT",
            CardType::GeneralCoupon => "GENERAL_COUPON",
            CardType::MemberCard => "MEMBER_CARD",
        }
    }

    /// `groupon`, `cash`, ...: the key of the card's body.
    pub fn body_key(self) -> &'static str {
        match self {
            CardType::Groupon => "groupon",
            CardType::Cash => "cash",
            CardType::Discount => "discount",
            CardType::Gift => "gift",
            CardType::GeneralCoupon => "general_coupon",
            CardType::MemberCard => "member_card",
        }
    }
}

/// How the code shows on the card.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum CodeType {
    /// 文本.
    #[serde(rename = "CODE_TYPE_TEXT")]
    Text,
    /// 一维码.
    #[serde(rename = "CODE_TYPE_BARCODE")]
    Barcode,
    /// 二维码.
    #[serde(rename = "CODE_TYPE_QRCODE")]
    Qrcode,
    /// 二维码, no code shown.
    #[serde(rename = "CODE_TYPE_ONLY_QRCODE")]
    OnlyQrcode,
    /// 一维码, no code shown.
    #[serde(rename = "CODE_TYPE_ONLY_BARCODE")]
    OnlyBarcode,
    /// No code.
    #[serde(rename = "CODE_TYPE_NONE")]
    None,
}

/// When the card can be used. Each type takes only its own fields (else 47001).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type")]
#[non_exhaustive]
pub enum DateInfo {
    /// From one moment to another, Unix seconds.
    #[serde(rename = "DATE_TYPE_FIX_TIME_RANGE")]
    FixTimeRange {
        /// Start, Unix seconds.
        begin_timestamp: u64,
        /// End, Unix seconds.
        end_timestamp: u64,
    },
    /// A number of days from when the user gets the card.
    #[serde(rename = "DATE_TYPE_FIX_TERM")]
    FixTerm {
        /// Days of validity.
        fixed_term: u32,
        /// Days from getting the card until it starts (0: at once).
        fixed_begin_term: u32,
        /// A last day for every card whatever its term, Unix seconds.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        end_timestamp: Option<u64>,
    },
    /// No end (member cards only).
    #[serde(rename = "DATE_TYPE_PERMANENT")]
    Permanent,
}

/// Stock.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sku {
    /// Cards available.
    pub quantity: u64,
}

/// `base_info`: what every card shows. For card/update set only what changes: empty strings,
/// `None` and empty lists are left out of the JSON.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)] // The fields are WeChat's, named as WeChat names them.
pub struct BaseInfo {
    /// From [`CardClient::upload_image`], 300×300 recommended.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub logo_url: String,
    /// 商户名, at most 12 汉字.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub brand_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code_type: Option<CodeType>,
    /// 卡券名, at most 9 汉字.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub sub_title: String,
    /// `Color010` ... `Color102`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub color: String,
    /// 使用提醒, at most 16 汉字.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notice: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub service_phone: String,
    /// 使用说明, at most 1000 汉字.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_info: Option<DateInfo>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sku: Option<Sku>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub use_limit: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub get_limit: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub use_custom_code: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bind_openid: Option<bool>,
    /// Must be `Some(false)` for friends' coupons.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub can_share: Option<bool>,
    /// Must be `Some(false)` for friends' coupons.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub can_give_friend: Option<bool>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub location_id_list: Vec<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub use_all_locations: Option<bool>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub center_title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub center_sub_title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub center_url: String,
    /// At most 5 汉字.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub custom_url_name: String,
    /// WeChat appends encrypt_code, card_id and openid to it: see [`crate::parse_card_redirect`].
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub custom_url: String,
    /// At most 6 汉字.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub custom_url_sub_title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub promotion_url_name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub promotion_url: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub promotion_url_sub_title: String,
}

/// `advanced_info`: thresholds, cover, pictures, services, time slots, gifts after use.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct AdvancedInfo {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub use_condition: Option<UseCondition>,
    #[serde(rename = "abstract", default, skip_serializing_if = "Option::is_none")]
    pub abstract_info: Option<Abstract>,
    /// At least one for friends' coupons.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub text_image_list: Vec<TextImage>,
    /// `BIZ_SERVICE_DELIVER`, `BIZ_SERVICE_FREE_PARK`, `BIZ_SERVICE_WITH_PET`, `BIZ_SERVICE_FREE_WIFI`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub business_service: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub time_limit: Vec<TimeLimit>,
    /// 0 or 1; excludes `consume_share_card_list`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consume_share_self_num: Option<u32>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub consume_share_card_list: Vec<ShareCard>,
    /// A friends' coupon (朋友的券).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share_friends: Option<bool>,
}

/// Thresholds (使用门槛).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct UseCondition {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub accept_category: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reject_category: String,
    /// In fen (分).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub least_cost: Option<u64>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub object_use_for: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub can_use_with_other_discount: Option<bool>,
}

/// The cover: a summary and one picture.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct Abstract {
    #[serde(rename = "abstract")]
    pub text: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub icon_url_list: Vec<String>,
}

/// A picture with its text, shown inside the card.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct TextImage {
    pub image_url: String,
    pub text: String,
}

/// A time slot shown on the card (display only).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct TimeLimit {
    /// `MONDAY` ... `SUNDAY`, `HOLIDAY`.
    #[serde(rename = "type")]
    pub day: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub begin_hour: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub begin_minute: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_hour: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_minute: Option<u32>,
}

/// A card given after this one is used.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct ShareCard {
    pub card_id: String,
    pub num: u32,
}

/// What each card type adds to base_info.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CardDetails {
    /// 团购券: what the deal holds.
    Groupon {
        /// 团购详情.
        deal_detail: String,
    },
    /// 代金券: amounts in fen (分).
    Cash {
        /// Spend at least this much (0: no threshold).
        least_cost: Option<u64>,
        /// The amount off.
        reduce_cost: u64,
    },
    /// 折扣券.
    Discount {
        /// Percent off: 30 means 七折.
        discount: u32,
    },
    /// 兑换券.
    Gift {
        /// What the card is exchanged for.
        gift: String,
    },
    /// 优惠券.
    GeneralCoupon {
        /// 优惠详情.
        default_detail: String,
    },
    /// 会员卡: points, balance, activation, the card's header rows.
    MemberCard(Box<MemberCardFields>),
}

impl CardDetails {
    /// The card type these details belong to.
    pub fn card_type(&self) -> CardType {
        match self {
            CardDetails::Groupon { .. } => CardType::Groupon,
            CardDetails::Cash { .. } => CardType::Cash,
            CardDetails::Discount { .. } => CardType::Discount,
            CardDetails::Gift { .. } => CardType::Gift,
            CardDetails::GeneralCoupon { .. } => CardType::GeneralCoupon,
            CardDetails::MemberCard(_) => CardType::MemberCard,
        }
    }

    fn add_to(&self, body: &mut serde_json::Map<String, Value>) {
        match self {
            CardDetails::Groupon { deal_detail } => {
                body.insert("deal_detail".into(), json!(deal_detail));
            }
            CardDetails::Cash { least_cost, reduce_cost } => {
                if let Some(least) = least_cost {
                    body.insert("least_cost".into(), json!(least));
                }
                body.insert("reduce_cost".into(), json!(reduce_cost));
            }
            CardDetails::Discount { discount } => {
                body.insert("discount".into(), json!(discount));
            }
            CardDetails::Gift { gift } => {
                body.insert("gift".into(), json!(gift));
            }
            CardDetails::GeneralCoupon { default_detail } => {
                body.insert("default_detail".into(), json!(default_detail));
            }
            CardDetails::MemberCard(fields) => fields.add_to(body),
        }
    }
}

/// A card to create.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewCard {
    /// What every card shows.
    pub base_info: BaseInfo,
    /// Thresholds, cover, pictures, ...
    pub advanced_info: Option<AdvancedInfo>,
    /// The card type and its own fields.
    pub details: CardDetails,
}

impl NewCard {
    /// The `card/create` body.
    pub fn to_json(&self) -> Value {
        let card_type = self.details.card_type();
        let mut body = serde_json::Map::new();
        body.insert("base_info".into(), json!(self.base_info));
        if let Some(advanced) = &self.advanced_info {
            body.insert("advanced_info".into(), json!(advanced));
        }
        self.details.add_to(&mut body);
        json!({ "card": { "card_type": card_type.as_str(), card_type.body_key(): body } })
    }
}

/// Changes to a card: set only what changes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CardUpdate {
    /// The card.
    pub card_id: String,
    /// Its type (the body's key).
    pub card_type: CardType,
    /// The base_info fields to change.
    pub base_info: Option<BaseInfo>,
    /// The advanced_info fields to change.
    pub advanced_info: Option<AdvancedInfo>,
}

impl CardUpdate {
    /// The `card/update` body.
    pub fn to_json(&self) -> Value {
        let mut body = serde_json::Map::new();
        if let Some(base) = &self.base_info {
            body.insert("base_info".into(), json!(base));
        }
        if let Some(advanced) = &self.advanced_info {
            body.insert("advanced_info".into(), json!(advanced));
        }
        json!({ "card_id": self.card_id, self.card_type.body_key(): body })
    }
}

/// The most card_ids one `card/batchget` call returns.
pub const MAX_BATCHGET_COUNT: u32 = 50;
/// The largest stock change `card/modifystock` takes in one call (40122 beyond).
pub const MAX_STOCK_CHANGE: u64 = 100_000_000;

/// A card's review state, for `card/batchget`'s `status_list`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum CardStatus {
    /// Under review.
    #[serde(rename = "CARD_STATUS_NOT_VERIFY")]
    NotVerify,
    /// Refused.
    #[serde(rename = "CARD_STATUS_VERIFY_FAIL")]
    VerifyFail,
    /// Approved.
    #[serde(rename = "CARD_STATUS_VERIFY_OK")]
    VerifyOk,
    /// Deleted by the merchant.
    #[serde(rename = "CARD_STATUS_DELETE")]
    Delete,
    /// Delivered (on a shelf, in a QR code, ...).
    #[serde(rename = "CARD_STATUS_DISPATCH")]
    Dispatch,
}

impl CardStatus {
    /// Every status.
    pub const ALL: [CardStatus; 5] =
        [CardStatus::NotVerify, CardStatus::VerifyFail, CardStatus::VerifyOk, CardStatus::Delete, CardStatus::Dispatch];

    /// `CARD_STATUS_NOT_VERIFY`, ...
    pub fn as_str(self) -> &'static str {
        match self {
            CardStatus::NotVerify => "CARD_STATUS_NOT_VERIFY",
            CardStatus::VerifyFail => "CARD_STATUS_VERIFY_FAIL",
            CardStatus::VerifyOk => "CARD_STATUS_VERIFY_OK",
            CardStatus::Delete => "CARD_STATUS_DELETE",
            CardStatus::Dispatch => "CARD_STATUS_DISPATCH",
        }
    }

    /// The status named so, if any.
    pub fn parse(name: &str) -> Option<CardStatus> {
        CardStatus::ALL.into_iter().find(|s| s.as_str() == name)
    }
}

/// What `card/batchget` answers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all(serialize = "camelCase"))]
pub struct CardIdList {
    /// This page's card_ids.
    #[serde(default)]
    pub card_id_list: Vec<String>,
    /// How many cards match, over all pages.
    #[serde(default)]
    pub total_num: u64,
}

/// Checks a card body and parses it, or says why it is not sent.
pub(super) fn checked_card(json_text: &str) -> Result<Value, CallError> {
    let report = crate::validate_card_json(json_text);
    if !report.is_ok() {
        return Err(CallError::InvalidCard(report.problems));
    }
    serde_json::from_str(json_text).map_err(|_| CallError::Rejected(Error::new(ErrorKind::InvalidJson, "card")))
}

impl<S: TicketStore> CardClient<S> {
    /// `card/create`: checks the card, creates it, returns its card_id.
    pub async fn create_card(&self, card: &NewCard) -> Result<String, CallError> {
        self.create_card_json(&card.to_json().to_string()).await
    }

    /// `card/create` from JSON text (a file, a template): checked like [`Self::create_card`].
    pub async fn create_card_json(&self, json_text: &str) -> Result<String, CallError> {
        #[derive(Deserialize)]
        struct Created {
            card_id: String,
        }
        let body = checked_card(json_text)?;
        let c: Created = self.call("/card/create", &body).await?;
        Ok(c.card_id)
    }

    /// `card/update`: returns `send_check`, true when the change sends the card back to review.
    pub async fn update_card(&self, update: &CardUpdate) -> Result<bool, CallError> {
        self.update_card_json(&update.to_json().to_string()).await
    }

    /// `card/update` from JSON text, checked first (fields card/update cannot change included).
    pub async fn update_card_json(&self, json_text: &str) -> Result<bool, CallError> {
        #[derive(Deserialize)]
        struct Updated {
            #[serde(default)]
            send_check: bool,
        }
        let body = checked_card(json_text)?;
        let u: Updated = self.call("/card/update", &body).await?;
        Ok(u.send_check)
    }

    /// `card/get`: the whole card, as WeChat sends it (the `card` object).
    pub async fn get_card(&self, card_id: &str) -> Result<Value, CallError> {
        #[derive(Deserialize)]
        struct Got {
            card: Value,
        }
        required("card_id", card_id)?;
        let g: Got = self.call("/card/get", &json!({ "card_id": card_id })).await?;
        Ok(g.card)
    }

    /// `card/batchget`: card_ids from `offset`, at most [`MAX_BATCHGET_COUNT`], of the given
    /// statuses (all when empty).
    pub async fn batch_get_cards(
        &self,
        offset: u32,
        count: u32,
        status_list: &[CardStatus],
    ) -> Result<CardIdList, CallError> {
        if !(1..=MAX_BATCHGET_COUNT).contains(&count) {
            return Err(rejected(ErrorKind::OutOfRange, "count"));
        }
        let mut body = json!({ "offset": offset, "count": count });
        if let (false, Some(obj)) = (status_list.is_empty(), body.as_object_mut()) {
            obj.insert("status_list".into(), json!(status_list));
        }
        self.call("/card/batchget", &body).await
    }

    /// `card/delete`: deletes the card; codes users hold stop working.
    pub async fn delete_card(&self, card_id: &str) -> Result<(), CallError> {
        required("card_id", card_id)?;
        let _: Value = self.call("/card/delete", &json!({ "card_id": card_id })).await?;
        Ok(())
    }

    /// `card/modifystock`: adds to or takes from the stock; not both zero, each at most
    /// [`MAX_STOCK_CHANGE`].
    pub async fn modify_stock(&self, card_id: &str, increase: u64, reduce: u64) -> Result<(), CallError> {
        required("card_id", card_id)?;
        if increase == 0 && reduce == 0 {
            return Err(rejected(ErrorKind::Missing, "increase_stock_value"));
        }
        if increase > MAX_STOCK_CHANGE {
            return Err(rejected(ErrorKind::OutOfRange, "increase_stock_value"));
        }
        if reduce > MAX_STOCK_CHANGE {
            return Err(rejected(ErrorKind::OutOfRange, "reduce_stock_value"));
        }
        let mut body = json!({ "card_id": card_id });
        if let Some(obj) = body.as_object_mut() {
            if increase > 0 {
                obj.insert("increase_stock_value".into(), json!(increase));
            }
            if reduce > 0 {
                obj.insert("reduce_stock_value".into(), json!(reduce));
            }
        }
        let _: Value = self.call("/card/modifystock", &body).await?;
        Ok(())
    }

    /// `card/testwhitelist/set`: who may get cards not yet approved, by openid or WeChat ID.
    pub async fn set_test_whitelist(&self, openids: &[String], usernames: &[String]) -> Result<(), CallError> {
        if openids.is_empty() && usernames.is_empty() {
            return Err(CallError::Rejected(Error::new(ErrorKind::Missing, "username")));
        }
        for v in openids {
            crate::validate::value("openid", v, true).map_err(CallError::Rejected)?;
        }
        for v in usernames {
            crate::validate::value("username", v, true).map_err(CallError::Rejected)?;
        }
        let body = json!({ "openid": openids, "username": usernames });
        let _: Value = self.call("/card/testwhitelist/set", &body).await?;
        Ok(())
    }

    /// `card/paycell/set`: turns paying through the card (买单) on or off.
    pub async fn set_paycell(&self, card_id: &str, is_open: bool) -> Result<(), CallError> {
        required("card_id", card_id)?;
        let _: Value = self.call("/card/paycell/set", &json!({ "card_id": card_id, "is_open": is_open })).await?;
        Ok(())
    }
}
