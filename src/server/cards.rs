//! Card management from the server: create, update, deliver by QR code, whitelist testers,
//! consume, upload the logo, read the statistics.
//!
//! Every body is checked before it is sent: cards with [`crate::validate_card_json`] (the same
//! check `wxcard card validate` runs), datacube dates with [`crate::check_datacube_dates`], the
//! logo with [`crate::check_logo_image`]. A refused body never reaches WeChat; the error names
//! each problem with its JSON path.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::backend::CardClient;
use super::member_card::MemberCardFields;
use super::tickets::TicketStore;
use super::wechat::{CallError, CodeInfo, Consumed};
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

/// One card in a QR code.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QrCard {
    /// The card.
    pub card_id: String,
    /// A custom code (use_custom_code cards), at most 20 characters.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub code: String,
    /// The only user who may get it (bind_openid cards).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub openid: String,
    /// One scan gives one card, then the code expires.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_unique_code: Option<bool>,
    /// Scene value, reported in the "user got card" event.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub outer_str: String,
}

/// The most cards one `QR_MULTIPLE_CARD` code holds.
pub const MAX_QR_CARDS: usize = 5;

/// What `card/qrcode/create` answers.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct QrCode {
    /// Exchange it for the image at showqrcode.
    pub ticket: String,
    /// Seconds the code lasts, when it expires.
    #[serde(default)]
    pub expire_seconds: Option<u64>,
    /// What the QR code encodes: make your own image from it.
    pub url: String,
    /// A page that shows the QR code.
    pub show_qrcode_url: String,
}

/// Which cards the statistics cover (`cond_source`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CardSource {
    /// Created on the official account platform (0).
    Platform,
    /// Created through the API (1).
    Api,
}

/// One day's counts.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[allow(missing_docs)]
pub struct DayCounts {
    #[serde(default)]
    pub view_cnt: u64,
    #[serde(default)]
    pub view_user: u64,
    #[serde(default)]
    pub receive_cnt: u64,
    #[serde(default)]
    pub receive_user: u64,
    #[serde(default)]
    pub verify_cnt: u64,
    #[serde(default)]
    pub verify_user: u64,
    #[serde(default)]
    pub given_cnt: u64,
    #[serde(default)]
    pub given_user: u64,
    #[serde(default)]
    pub expire_cnt: u64,
    #[serde(default)]
    pub expire_user: u64,
}

/// A day of `datacube/getcardbizuininfo`: all cards of the account.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub struct AccountDay {
    /// `YYYY-MM-DD`.
    pub ref_date: String,
    /// The counts.
    #[serde(flatten)]
    pub counts: DayCounts,
}

/// A day of `datacube/getcardcardinfo`: one card.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub struct CardDay {
    /// `YYYY-MM-DD`.
    pub ref_date: String,
    /// The card.
    pub card_id: String,
    /// 0 折扣券, 1 代金券, 2 礼品券, 3 优惠券, 4 团购券.
    #[serde(default)]
    pub card_type: u32,
    /// The counts.
    #[serde(flatten)]
    pub counts: DayCounts,
}

/// The `list` of a datacube answer.
#[derive(Deserialize)]
pub(super) struct List<T> {
    #[serde(default = "Vec::new")]
    pub(super) list: Vec<T>,
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

    /// `card/qrcode/create`: one card (`QR_CARD`, with `expire_seconds` from 60 to 1800; left
    /// out, the code works for 365 days) or up to five (`QR_MULTIPLE_CARD`).
    pub async fn create_qrcode(&self, cards: &[QrCard], expire_seconds: Option<u32>) -> Result<QrCode, CallError> {
        let reject = |kind, field| Err(CallError::Rejected(Error::new(kind, field)));
        if cards.is_empty() {
            return reject(ErrorKind::Missing, "card_id");
        }
        if cards.len() > MAX_QR_CARDS {
            return reject(ErrorKind::TooManyItems, "card_list");
        }
        if expire_seconds.is_some_and(|s| !(60..=1800).contains(&s)) {
            return reject(ErrorKind::OutOfRange, "expire_seconds");
        }
        for card in cards {
            crate::validate::value("card_id", &card.card_id, true).map_err(CallError::Rejected)?;
            crate::validate::code("code", &card.code).map_err(CallError::Rejected)?;
            crate::validate::value("openid", &card.openid, false).map_err(CallError::Rejected)?;
            crate::validate::outer_str("outer_str", &card.outer_str).map_err(CallError::Rejected)?;
        }
        let mut body = match cards {
            [one] => json!({ "action_name": "QR_CARD", "action_info": { "card": one } }),
            many => {
                json!({ "action_name": "QR_MULTIPLE_CARD", "action_info": { "multiple_card": { "card_list": many } } })
            }
        };
        if let (Some(seconds), Some(obj)) = (expire_seconds, body.as_object_mut()) {
            obj.insert("expire_seconds".into(), json!(seconds));
        }
        self.call("/card/qrcode/create", &body).await
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

    /// `card/code/get`, then `card/code/consume` if the code can be consumed now; a code that
    /// cannot (used, expired, being given, deleted) is refused with [`CallError::NotConsumable`]
    /// unless `force`, which calls consume directly and lets WeChat decide.
    ///
    /// The code is read with `check_consume: false`, where WeChat's answer keeps `can_consume`
    /// true for a used code ("user_card_status": "CONSUMED"): only a `NORMAL` code is consumed.
    pub async fn consume_code(&self, code: &str, card_id: Option<&str>, force: bool) -> Result<Consumed, CallError> {
        required_code("code", code)?;
        let card_id = card_id.filter(|id| !id.is_empty());
        if !force {
            let info: CodeInfo = self.get_code(code, card_id).await?;
            if !(info.can_consume && info.user_card_status == "NORMAL") {
                return Err(CallError::NotConsumable { user_card_status: info.user_card_status });
            }
        }
        self.manager()
            .with_token(|t| async move { self.manager().client().consume_code(&t, code, card_id).await })
            .await
    }

    /// `media/uploadimg`: the logo or a picture; a JPG of at most 1 MB (checked here first).
    pub async fn upload_image(&self, file_name: &str, jpg: Vec<u8>) -> Result<String, CallError> {
        crate::check_logo_image(&jpg).map_err(CallError::Rejected)?;
        self.manager()
            .with_token(|t| {
                let jpg = jpg.clone();
                async move { self.manager().client().upload_image(&t, file_name, jpg).await }
            })
            .await
    }

    /// `datacube/getcardbizuininfo`: the account's daily counts (dates checked first: 61500/61501).
    pub async fn account_stats(
        &self,
        begin_date: &str,
        end_date: &str,
        source: CardSource,
    ) -> Result<Vec<AccountDay>, CallError> {
        crate::check_datacube_dates(begin_date, end_date).map_err(CallError::Rejected)?;
        let body = json!({ "begin_date": begin_date, "end_date": end_date, "cond_source": source.code() });
        let l: List<AccountDay> = self.call("/datacube/getcardbizuininfo", &body).await?;
        Ok(l.list)
    }

    /// `datacube/getcardcardinfo`: daily counts per card, or of one card.
    pub async fn card_stats(
        &self,
        begin_date: &str,
        end_date: &str,
        source: CardSource,
        card_id: Option<&str>,
    ) -> Result<Vec<CardDay>, CallError> {
        crate::check_datacube_dates(begin_date, end_date).map_err(CallError::Rejected)?;
        let mut body = json!({ "begin_date": begin_date, "end_date": end_date, "cond_source": source.code() });
        if let (Some(id), Some(obj)) = (card_id, body.as_object_mut()) {
            obj.insert("card_id".into(), json!(id));
        }
        let l: List<CardDay> = self.call("/datacube/getcardcardinfo", &body).await?;
        Ok(l.list)
    }

    pub(super) async fn call<T: serde::de::DeserializeOwned>(
        &self,
        endpoint: &'static str,
        body: &Value,
    ) -> Result<T, CallError> {
        self.manager().with_token(|t| async move { self.manager().client().post(endpoint, &t, body).await }).await
    }
}

impl CardSource {
    pub(super) fn code(self) -> u8 {
        match self {
            CardSource::Platform => 0,
            CardSource::Api => 1,
        }
    }
}

// The rest of the card API: read, list, delete, stock, codes.

/// The most codes one `card/code/deposit` or `card/code/checkcode` call takes.
pub const MAX_DEPOSIT_CODES: usize = 100;
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
pub struct CardIdList {
    /// This page's card_ids.
    #[serde(default)]
    pub card_id_list: Vec<String>,
    /// How many cards match, over all pages.
    #[serde(default)]
    pub total_num: u64,
}

/// One card in a user's card bag (`card/user/getcardlist`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct UserCard {
    /// The code.
    pub code: String,
    /// The card.
    pub card_id: String,
}

/// What `card/user/getcardlist` answers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct UserCards {
    /// The user's cards of this account.
    #[serde(default)]
    pub card_list: Vec<UserCard>,
    /// Whether one of them is a friends' coupon.
    #[serde(default)]
    pub has_share_card: bool,
}

/// What `card/code/deposit` answers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct Deposited {
    /// Imported.
    #[serde(default)]
    pub succ_code: Vec<String>,
    /// Already imported before.
    #[serde(default)]
    pub duplicate_code: Vec<String>,
    /// Refused.
    #[serde(default)]
    pub fail_code: Vec<String>,
}

/// What `card/code/checkcode` answers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct CheckedCodes {
    /// Imported.
    #[serde(default)]
    pub exist_code: Vec<String>,
    /// Not imported.
    #[serde(default)]
    pub not_exist_code: Vec<String>,
}

/// Where a landing page (`card/landingpage/create`) is put.
pub const LANDING_PAGE_SCENES: [&str; 7] =
    ["SCENE_NEAR_BY", "SCENE_MENU", "SCENE_QRCODE", "SCENE_ARTICLE", "SCENE_H5", "SCENE_IVR", "SCENE_CARD_CUSTOM_CELL"];

/// One card on a landing page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LandingCard {
    /// The card.
    pub card_id: String,
    /// Its picture, from `media/uploadimg`.
    pub thumb_url: String,
}

/// `card/landingpage/create`: a page (货架) listing cards to get.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LandingPage {
    /// The banner, from `media/uploadimg`.
    pub banner: String,
    /// The page's title.
    pub page_title: String,
    /// Whether the page may be shared.
    pub can_share: bool,
    /// One of [`LANDING_PAGE_SCENES`].
    pub scene: String,
    /// The cards.
    pub card_list: Vec<LandingCard>,
}

impl LandingPage {
    /// The document's rules, checked before anything is sent.
    pub fn check(&self) -> Result<(), CallError> {
        required("banner", &self.banner)?;
        uploaded_image("banner", &self.banner)?;
        required("page_title", &self.page_title)?;
        if !LANDING_PAGE_SCENES.contains(&self.scene.as_str()) {
            return Err(rejected(ErrorKind::NotOneOf, "scene"));
        }
        if self.card_list.is_empty() {
            return Err(rejected(ErrorKind::Missing, "card_list"));
        }
        for (i, card) in self.card_list.iter().enumerate() {
            let item = |e: Error| CallError::Rejected(e.at_item(i));
            crate::validate::value("card_list.card_id", &card.card_id, true).map_err(item)?;
            crate::validate::value("card_list.thumb_url", &card.thumb_url, true).map_err(item)?;
            uploaded_image("card_list.thumb_url", &card.thumb_url).map_err(|e| match e {
                CallError::Rejected(e) => item(e),
                other => other,
            })?;
        }
        Ok(())
    }
}

/// What `card/landingpage/create` answers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct LandingPageCreated {
    /// The page.
    pub url: String,
    /// Its id.
    #[serde(default)]
    pub page_id: u64,
}

pub(super) fn rejected(kind: ErrorKind, field: &'static str) -> CallError {
    CallError::Rejected(Error::new(kind, field))
}

pub(super) fn required(field: &'static str, v: &str) -> Result<(), CallError> {
    crate::validate::value(field, v, true).map_err(CallError::Rejected)
}

pub(super) fn optional(field: &'static str, v: &str) -> Result<(), CallError> {
    crate::validate::value(field, v, false).map_err(CallError::Rejected)
}

/// A code that must be there: at most 20 characters.
pub(super) fn required_code(field: &'static str, v: &str) -> Result<(), CallError> {
    required(field, v)?;
    crate::validate::code(field, v).map_err(CallError::Rejected)
}

pub(super) fn at_most_bytes(field: &'static str, v: &str, max: usize) -> Result<(), CallError> {
    if v.len() > max {
        return Err(rejected(ErrorKind::TooLong, field));
    }
    optional(field, v)
}

/// Empty, or an image from `media/uploadimg` of at most 128 bytes.
pub(super) fn uploaded_image(field: &'static str, v: &str) -> Result<(), CallError> {
    if v.is_empty() {
        return Ok(());
    }
    let host = v
        .strip_prefix("http://")
        .or_else(|| v.strip_prefix("https://"))
        .map(|rest| rest.split('/').next().unwrap_or(rest));
    if !matches!(host, Some("mmbiz.qpic.cn" | "mmbiz.qlogo.cn")) {
        return Err(rejected(ErrorKind::NotUploadedImage, field));
    }
    at_most_bytes(field, v, 128)
}

pub(super) fn http_url(field: &'static str, v: &str) -> Result<(), CallError> {
    required(field, v)?;
    if !(v.starts_with("http://") || v.starts_with("https://")) {
        return Err(rejected(ErrorKind::UrlNotHttp, field));
    }
    Ok(())
}

/// 1 to 100 codes, each a custom code of at most 20 characters ("自定义 code 长度限制为 20 个
/// 字符以内", seed 002): a longer one would import, and then no call could consume it.
pub(super) fn deposit_codes_ok(codes: &[String]) -> Result<(), CallError> {
    if codes.is_empty() {
        return Err(rejected(ErrorKind::Missing, "code"));
    }
    if codes.len() > MAX_DEPOSIT_CODES {
        return Err(rejected(ErrorKind::TooManyItems, "code"));
    }
    for (i, code) in codes.iter().enumerate() {
        let e = crate::validate::value("code", code, true).and_then(|()| crate::validate::code("code", code));
        e.map_err(|e| CallError::Rejected(e.at_item(i)))?;
    }
    Ok(())
}

/// `{"code": .., "card_id": ..}`, card_id left out when `None` or empty.
pub(super) fn code_body(code: &str, card_id: Option<&str>) -> Value {
    match card_id.filter(|id| !id.is_empty()) {
        Some(id) => json!({ "code": code, "card_id": id }),
        None => json!({ "code": code }),
    }
}

impl<S: TicketStore> CardClient<S> {
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

    /// `card/code/update`: gives a custom-code card's code a new value (at most 20 characters).
    pub async fn update_code(&self, code: &str, card_id: &str, new_code: &str) -> Result<(), CallError> {
        required_code("code", code)?;
        required("card_id", card_id)?;
        required_code("new_code", new_code)?;
        if code == new_code {
            return Err(rejected(ErrorKind::Conflict, "new_code"));
        }
        let body = json!({ "code": code, "card_id": card_id, "new_code": new_code });
        let _: Value = self.call("/card/code/update", &body).await?;
        Ok(())
    }

    /// `card/code/unavailable`: makes a code unusable for good (a refund, a fraud), with a reason.
    pub async fn make_code_unavailable(
        &self,
        code: &str,
        card_id: Option<&str>,
        reason: &str,
    ) -> Result<(), CallError> {
        required_code("code", code)?;
        optional("card_id", card_id.unwrap_or(""))?;
        optional("reason", reason)?;
        let mut body = code_body(code, card_id);
        if let (false, Some(obj)) = (reason.is_empty(), body.as_object_mut()) {
            obj.insert("reason".into(), json!(reason));
        }
        let _: Value = self.call("/card/code/unavailable", &body).await?;
        Ok(())
    }

    /// `card/user/getcardlist`: the user's cards of this account (of one card, with `card_id`).
    pub async fn user_cards(&self, openid: &str, card_id: Option<&str>) -> Result<UserCards, CallError> {
        required("openid", openid)?;
        optional("card_id", card_id.unwrap_or(""))?;
        let body = match card_id.filter(|id| !id.is_empty()) {
            Some(id) => json!({ "openid": openid, "card_id": id }),
            None => json!({ "openid": openid }),
        };
        self.call("/card/user/getcardlist", &body).await
    }

    /// `card/code/deposit`: imports custom codes (1 to 100 per call, each at most 20 characters).
    pub async fn deposit_codes(&self, card_id: &str, codes: &[String]) -> Result<Deposited, CallError> {
        required("card_id", card_id)?;
        deposit_codes_ok(codes)?;
        self.call("/card/code/deposit", &json!({ "card_id": card_id, "code": codes })).await
    }

    /// `card/code/getdepositcount`: how many codes were imported for the card.
    pub async fn deposit_count(&self, card_id: &str) -> Result<u64, CallError> {
        #[derive(Deserialize)]
        struct Count {
            #[serde(default)]
            count: u64,
        }
        required("card_id", card_id)?;
        let c: Count = self.call("/card/code/getdepositcount", &json!({ "card_id": card_id })).await?;
        Ok(c.count)
    }

    /// `card/code/checkcode`: which of these codes were imported (1 to 100 per call).
    pub async fn check_codes(&self, card_id: &str, codes: &[String]) -> Result<CheckedCodes, CallError> {
        required("card_id", card_id)?;
        deposit_codes_ok(codes)?;
        self.call("/card/code/checkcode", &json!({ "card_id": card_id, "code": codes })).await
    }

    /// `card/landingpage/create`: a page listing cards (checked first: [`LandingPage::check`]).
    pub async fn create_landing_page(&self, page: &LandingPage) -> Result<LandingPageCreated, CallError> {
        page.check()?;
        self.call("/card/landingpage/create", &json!(page)).await
    }
}
