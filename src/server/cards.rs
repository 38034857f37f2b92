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

#[derive(Deserialize)]
struct List<T> {
    #[serde(default = "Vec::new")]
    list: Vec<T>,
}

/// Checks a card body and parses it, or says why it is not sent.
fn checked_card(json_text: &str) -> Result<Value, CallError> {
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

    /// `card/qrcode/create`: one card (`QR_CARD`, with `expire_seconds` from 60 to 1800, or
    /// permanent) or up to five (`QR_MULTIPLE_CARD`).
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
    pub async fn consume_code(&self, code: &str, card_id: Option<&str>, force: bool) -> Result<Consumed, CallError> {
        crate::validate::code("code", code).map_err(CallError::Rejected)?;
        if !force {
            let info: CodeInfo = self.get_code(code, card_id).await?;
            if !info.can_consume {
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

    async fn call<T: serde::de::DeserializeOwned>(&self, endpoint: &'static str, body: &Value) -> Result<T, CallError> {
        self.manager().with_token(|t| async move { self.manager().client().post(endpoint, &t, body).await }).await
    }
}

impl CardSource {
    fn code(self) -> u8 {
        match self {
            CardSource::Platform => 0,
            CardSource::Api => 1,
        }
    }
}

// Member cards (会员卡): activation, the activation form, member data.

/// The most custom options (`custom_field_list`) and rich options (`rich_field_list`) each form
/// of `card/membercard/activateuserform/set` takes.
pub const MAX_FORM_CUSTOM_FIELDS: usize = 5;
/// The most codes one `card/code/deposit` or `card/code/checkcode` call takes.
pub const MAX_DEPOSIT_CODES: usize = 100;
/// The longest code `card/code/deposit` takes, in bytes.
pub const MAX_DEPOSIT_CODE_BYTES: usize = 128;
/// The most card_ids one `card/batchget` call returns.
pub const MAX_BATCHGET_COUNT: u32 = 50;
/// The largest stock change `card/modifystock` takes in one call (40122 beyond).
pub const MAX_STOCK_CHANGE: u64 = 100_000_000;

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
    /// Required for custom-code cards.
    #[serde(default, skip_serializing_if = "String::is_empty")]
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
    /// What the points change is for, at most 14 汉字 (42 bytes).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub record_bonus: String,
    /// The balance total to show, in fen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub balance: Option<u64>,
    /// The change in balance, in fen (negative: spent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub add_balance: Option<i64>,
    /// What the balance change is for, at most 14 汉字 (42 bytes).
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

impl MemberUpdate {
    /// The document's rules, checked before anything is sent; an update that changes nothing is
    /// refused too (`MISSING` at `add_bonus`).
    pub fn check(&self) -> Result<(), CallError> {
        required_code("code", &self.code)?;
        optional("card_id", &self.card_id)?;
        uploaded_image("background_pic_url", &self.background_pic_url)?;
        at_most_bytes("record_bonus", &self.record_bonus, 42)?;
        at_most_bytes("record_balance", &self.record_balance, 42)?;
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

/// What `card/membercard/updateuser` answers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberUpdated {
    /// The points now.
    #[serde(default)]
    pub result_bonus: i64,
    /// The balance now, in fen.
    #[serde(default)]
    pub result_balance: i64,
    /// The member.
    #[serde(default)]
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
        if forms.iter().all(|(form, ..)| form.is_none()) {
            return Err(rejected(ErrorKind::Missing, "required_form"));
        }
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
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberInfo {
    /// The member.
    #[serde(default)]
    pub openid: String,
    /// The WeChat nickname.
    #[serde(default)]
    pub nickname: String,
    /// The number set at activation.
    #[serde(default)]
    pub membership_number: String,
    /// Points.
    #[serde(default)]
    pub bonus: i64,
    /// Balance, in fen.
    #[serde(default)]
    pub balance: i64,
    /// `MALE`, `FEMALE`, ...
    #[serde(default)]
    pub sex: String,
    /// The activation form's answers.
    #[serde(default)]
    pub user_info: UserForm,
    /// NORMAL, EXPIRE, GIFTING, GIFT_SUCC, GIFT_TIMEOUT, DELETE, UNAVAILABLE.
    #[serde(default)]
    pub user_card_status: String,
    /// Whether the card has been activated.
    #[serde(default)]
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

/// A day of `datacube/getcardmembercardinfo`: the account's member cards.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[allow(missing_docs)]
pub struct MemberCardDay {
    /// `YYYY-MM-DD`.
    pub ref_date: String,
    #[serde(default)]
    pub view_cnt: u64,
    #[serde(default)]
    pub view_user: u64,
    #[serde(default)]
    pub receive_cnt: u64,
    #[serde(default)]
    pub receive_user: u64,
    #[serde(default)]
    pub active_user: u64,
    #[serde(default)]
    pub verify_cnt: u64,
    #[serde(default)]
    pub verify_user: u64,
    #[serde(default)]
    pub total_user: u64,
    #[serde(default)]
    pub total_receive_user: u64,
}

// The rest of the card API: read, list, delete, stock, codes.

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

fn rejected(kind: ErrorKind, field: &'static str) -> CallError {
    CallError::Rejected(Error::new(kind, field))
}

fn required(field: &'static str, v: &str) -> Result<(), CallError> {
    crate::validate::value(field, v, true).map_err(CallError::Rejected)
}

fn optional(field: &'static str, v: &str) -> Result<(), CallError> {
    crate::validate::value(field, v, false).map_err(CallError::Rejected)
}

/// A code that must be there: at most 20 characters.
fn required_code(field: &'static str, v: &str) -> Result<(), CallError> {
    required(field, v)?;
    crate::validate::code(field, v).map_err(CallError::Rejected)
}

fn at_most_bytes(field: &'static str, v: &str, max: usize) -> Result<(), CallError> {
    if v.len() > max {
        return Err(rejected(ErrorKind::TooLong, field));
    }
    optional(field, v)
}

/// Empty, or an image from `media/uploadimg` of at most 128 bytes.
fn uploaded_image(field: &'static str, v: &str) -> Result<(), CallError> {
    if v.is_empty() {
        return Ok(());
    }
    let host =
        v.strip_prefix("http://").or_else(|| v.strip_prefix("https://")).map(|rest| crate::text::before(rest, b'/'));
    if !matches!(host, Some("mmbiz.qpic.cn" | "mmbiz.qlogo.cn")) {
        return Err(rejected(ErrorKind::NotUploadedImage, field));
    }
    at_most_bytes(field, v, 128)
}

fn http_url(field: &'static str, v: &str) -> Result<(), CallError> {
    required(field, v)?;
    if !(v.starts_with("http://") || v.starts_with("https://")) {
        return Err(rejected(ErrorKind::UrlNotHttp, field));
    }
    Ok(())
}

/// 1 to 100 codes of at most 128 bytes each.
fn deposit_codes_ok(codes: &[String]) -> Result<(), CallError> {
    if codes.is_empty() {
        return Err(rejected(ErrorKind::Missing, "code"));
    }
    if codes.len() > MAX_DEPOSIT_CODES {
        return Err(rejected(ErrorKind::TooManyItems, "code"));
    }
    for (i, code) in codes.iter().enumerate() {
        let e = if code.len() > MAX_DEPOSIT_CODE_BYTES {
            Err(Error::new(ErrorKind::TooLong, "code"))
        } else {
            crate::validate::value("code", code, true)
        };
        e.map_err(|e| CallError::Rejected(e.at_item(i)))?;
    }
    Ok(())
}

/// `{"code": .., "card_id": ..}`, card_id left out when `None`.
fn code_body(code: &str, card_id: Option<&str>) -> Value {
    match card_id {
        Some(id) => json!({ "code": code, "card_id": id }),
        None => json!({ "code": code }),
    }
}

impl<S: TicketStore> CardClient<S> {
    /// `card/membercard/activate`: activates a member card (checked first: [`MemberActivation::check`]).
    pub async fn activate_member(&self, activation: &MemberActivation) -> Result<(), CallError> {
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
        self.activate_member(&activation).await?;
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

    /// `datacube/getcardmembercardinfo`: the member cards' daily counts (dates checked first).
    pub async fn member_card_stats(
        &self,
        begin_date: &str,
        end_date: &str,
        source: CardSource,
    ) -> Result<Vec<MemberCardDay>, CallError> {
        crate::check_datacube_dates(begin_date, end_date).map_err(CallError::Rejected)?;
        let body = json!({ "begin_date": begin_date, "end_date": end_date, "cond_source": source.code() });
        let l: List<MemberCardDay> = self.call("/datacube/getcardmembercardinfo", &body).await?;
        Ok(l.list)
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
        let body = match card_id {
            Some(id) => json!({ "openid": openid, "card_id": id }),
            None => json!({ "openid": openid }),
        };
        self.call("/card/user/getcardlist", &body).await
    }

    /// `card/code/deposit`: imports custom codes (1 to 100 per call, each at most 128 bytes).
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

// Tickets (票证): the update calls of WeChat's 特殊票券 document
// (https://developers.weixin.qq.com/doc/offiaccount/Cards_and_Offer/Special_ticket.html). Field
// names, types and which fields are required follow the document's examples and two agreeing
// peers: chanxuehong/wechat `mp/card/meetingticket`, `movieticket`, `boardingpass`, and
// SKIT.FlurlHttpClient.Wechat `CardMeetingTicketUpdateUserRequest`,
// `CardMovieTicketUpdateUserRequest`, `CardBoardingPassCheckinRequest`; wechatpy
// `update_movie_ticket`, `checkin_boardingpass` agree on the names.

/// The longest `passenger_name` of `card/boardingpass/checkin`: 15 汉字, in bytes.
pub const MAX_PASSENGER_NAME_BYTES: usize = 45;
/// The longest cabin `class` of `card/boardingpass/checkin`: 5 汉字, in bytes.
pub const MAX_CABIN_CLASS_BYTES: usize = 15;
/// The longest `etkt_bnr` (electronic ticket number) of `card/boardingpass/checkin`: 14 digits.
pub const MAX_ETKT_BNR_CHARS: usize = 14;

/// `card/meetingticket/updateuser`: the zone, entrance, seat and times of a meeting or show
/// ticket (会议/演出门票, `MEETING_TICKET`) a user received. `zone`, `entrance` and
/// `seat_number` are required; empty strings and `None` are left out.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingTicketUpdate {
    /// The ticket's code (用户的门票唯一序列号).
    pub code: String,
    /// Required for custom-code cards (`use_custom_code`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub card_id: String,
    /// 区域, e.g. `C区`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub zone: String,
    /// 入口, e.g. `东北门`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub entrance: String,
    /// 座位号, e.g. `2排15号`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub seat_number: String,
    /// 开场时间, Unix seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub begin_time: Option<u64>,
    /// 结束时间, Unix seconds; after `begin_time`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_time: Option<u64>,
}

impl MeetingTicketUpdate {
    /// The document's rules, checked before anything is sent.
    pub fn check(&self) -> Result<(), CallError> {
        required_code("code", &self.code)?;
        optional("card_id", &self.card_id)?;
        required("zone", &self.zone)?;
        required("entrance", &self.entrance)?;
        required("seat_number", &self.seat_number)?;
        seconds_in_order(("begin_time", self.begin_time), ("end_time", self.end_time))
    }
}

/// `card/movieticket/updateuser`: the showing and seats of a movie ticket (电影票,
/// `MOVIE_TICKET`) a user received. `ticket_class`, `show_time` and `duration` are required;
/// empty strings and lists are left out.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MovieTicketUpdate {
    /// The ticket's code.
    pub code: String,
    /// Required for custom-code cards (`use_custom_code`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub card_id: String,
    /// 电影票的类别: `2D`, `3D`, `4D`, ...
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub ticket_class: String,
    /// 放映时间, Unix seconds.
    #[serde(default)]
    pub show_time: u64,
    /// 放映时长, a whole number of minutes.
    #[serde(default)]
    pub duration: u32,
    /// 影厅, e.g. `5号影厅`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub screening_room: String,
    /// 座位号, one per seat: a list, as the document's example sends it
    /// (`["5排14号", "5排15号"]`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub seat_number: Vec<String>,
}

impl MovieTicketUpdate {
    /// The document's rules, checked before anything is sent.
    pub fn check(&self) -> Result<(), CallError> {
        required_code("code", &self.code)?;
        optional("card_id", &self.card_id)?;
        required("ticket_class", &self.ticket_class)?;
        if self.show_time == 0 {
            return Err(rejected(ErrorKind::Missing, "show_time"));
        }
        crate::validate::seconds("show_time", self.show_time).map_err(CallError::Rejected)?;
        if self.duration == 0 {
            return Err(rejected(ErrorKind::Missing, "duration"));
        }
        optional("screening_room", &self.screening_room)?;
        for (i, seat) in self.seat_number.iter().enumerate() {
            crate::validate::value("seat_number", seat, true).map_err(|e| CallError::Rejected(e.at_item(i)))?;
        }
        Ok(())
    }
}

/// `card/boardingpass/checkin`: the check-in (值机) of an air ticket (飞机票, `BOARDING_PASS`)
/// a user received, or its cancellation. `passenger_name`, `class` and `etkt_bnr` are required
/// unless `is_cancel` is `Some(true)`, when WeChat judges none of them and the ticket goes back
/// to not checked in. Empty strings and `None` are left out.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardingPassCheckin {
    /// The ticket's code.
    pub code: String,
    /// Required for custom-code cards (`use_custom_code`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub card_id: String,
    /// 乘客姓名, at most 15 汉字 ([`MAX_PASSENGER_NAME_BYTES`]).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub passenger_name: String,
    /// 舱等 (头等舱, ...), at most 5 汉字 ([`MAX_CABIN_CLASS_BYTES`]).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub class: String,
    /// 电子客票号, at most 14 digits ([`MAX_ETKT_BNR_CHARS`]). The key is `etkt_bnr`, spelt so.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub etkt_bnr: String,
    /// 座位号.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub seat: String,
    /// The passenger's check-in QR code data; WeChat draws the code from it. Sent as given: a
    /// boarding pass's bar code text has inner and trailing spaces.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub qrcode_data: String,
    /// `Some(true)` cancels the check-in (false when left out).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_cancel: Option<bool>,
}

impl BoardingPassCheckin {
    /// The document's rules, checked before anything is sent.
    pub fn check(&self) -> Result<(), CallError> {
        required_code("code", &self.code)?;
        optional("card_id", &self.card_id)?;
        let cancel = self.is_cancel == Some(true);
        let needed = |field, v: &str| if cancel { optional(field, v) } else { required(field, v) };
        needed("passenger_name", &self.passenger_name)?;
        at_most_bytes("passenger_name", &self.passenger_name, MAX_PASSENGER_NAME_BYTES)?;
        needed("class", &self.class)?;
        at_most_bytes("class", &self.class, MAX_CABIN_CLASS_BYTES)?;
        needed("etkt_bnr", &self.etkt_bnr)?;
        if crate::text::char_count(&self.etkt_bnr) > MAX_ETKT_BNR_CHARS {
            return Err(rejected(ErrorKind::TooLong, "etkt_bnr"));
        }
        optional("seat", &self.seat)
    }
}

/// Two optional Unix times in seconds, the second after the first.
fn seconds_in_order(
    (begin_field, begin): (&'static str, Option<u64>),
    (end_field, end): (&'static str, Option<u64>),
) -> Result<(), CallError> {
    let begin = begin.map(|t| crate::validate::seconds(begin_field, t)).transpose().map_err(CallError::Rejected)?;
    let end = end.map(|t| crate::validate::seconds(end_field, t)).transpose().map_err(CallError::Rejected)?;
    match (begin, end) {
        (Some(begin), Some(end)) if end <= begin => Err(rejected(ErrorKind::OutOfRange, end_field)),
        _ => Ok(()),
    }
}

impl<S: TicketStore> CardClient<S> {
    /// `card/meetingticket/updateuser`: puts the zone, entrance, seat and times on a meeting or
    /// show ticket (checked first: [`MeetingTicketUpdate::check`]).
    pub async fn update_meeting_ticket(&self, update: &MeetingTicketUpdate) -> Result<(), CallError> {
        update.check()?;
        let _: Value = self.call("/card/meetingticket/updateuser", &json!(update)).await?;
        Ok(())
    }

    /// `card/movieticket/updateuser`: puts the showing and the seats on a movie ticket (checked
    /// first: [`MovieTicketUpdate::check`]).
    pub async fn update_movie_ticket(&self, update: &MovieTicketUpdate) -> Result<(), CallError> {
        update.check()?;
        let _: Value = self.call("/card/movieticket/updateuser", &json!(update)).await?;
        Ok(())
    }

    /// `card/boardingpass/checkin`: puts the check-in on an air ticket, or cancels it (checked
    /// first: [`BoardingPassCheckin::check`]).
    pub async fn checkin_boarding_pass(&self, checkin: &BoardingPassCheckin) -> Result<(), CallError> {
        checkin.check()?;
        let _: Value = self.call("/card/boardingpass/checkin", &json!(checkin)).await?;
        Ok(())
    }
}
