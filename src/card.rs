//! A card's JSON checked before WeChat sees it: `card/create` and `card/update` bodies.
//!
//! WeChat answers a wrong card with a bare 40053 "check document" or 47001 "data format error".
//! [`validate_card_json`] names every problem with its JSON path and the rule broken, from the
//! rules WeChat's card documents give: text sizes, enumerations, which date_info fields each type
//! takes, numbers and booleans that must not be quoted, friends' coupons (`share_friends`)
//! excluding `can_share`/`can_give_friend`, images that must come from `media/uploadimg`, and the
//! fields `card/update` cannot change.
//!
//! Text sizes follow the documents' `string(N)`: N bytes of UTF-8, where a 汉字 takes 3. That is
//! how WeChat's own example fits "6个汉字tips" (14 bytes) in the 6-汉字 `custom_url_sub_title`.
//! Where the documents disagree (notice 12 or 16 汉字, center_title 9 汉字 or string(18)), the
//! larger size is used: the check must never refuse what WeChat accepts.

use alloc::string::String;
use alloc::vec::Vec;

use crate::diagnose::Severity;
use crate::error::{Error, ErrorKind};
use crate::json::{self, JsonError, Object, Value};
use crate::text::{char_count, Digits};

/// What a card JSON document is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CardDocument {
    /// A `card/create` body: `{"card": {"card_type": ..., "<type>": {...}}}`.
    Create,
    /// A `card/update` body: `{"card_id": ..., "<type>": {...}}`.
    Update,
}

/// One problem in a card's JSON.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CardProblem {
    /// The rule broken; its [`ErrorKind::code`] is stable.
    pub kind: ErrorKind,
    /// Errors make WeChat refuse the card; warnings are probably mistakes.
    pub severity: Severity,
    /// Where: `card.groupon.base_info.title`, `advanced_info.text_image_list[0].image_url`.
    pub path: String,
    /// The specifics: the limit and what was found, the accepted values, the other field.
    pub detail: String,
    /// The WeChat errcode this problem gets, where the documents say which.
    pub errcode: Option<u32>,
}

impl CardProblem {
    /// The stable machine code, e.g. `TOO_LONG`.
    pub fn code(&self) -> &'static str {
        self.kind.code()
    }

    /// The rule in one English sentence, without the field's name.
    pub fn message(&self) -> &'static str {
        self.kind.message()
    }
}

impl core::fmt::Display for CardProblem {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let path = if self.path.is_empty() { "(document)" } else { &self.path };
        write!(f, "{} {}: {} {}", self.severity.as_str(), path, self.message(), self.detail)?;
        write!(f, " [{}]", self.code())
    }
}

/// Everything [`validate_card_json`] found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CardReport {
    /// Create or update, when the document says which.
    pub document: Option<CardDocument>,
    /// The card type, upper case (`GROUPON`), when known.
    pub card_type: Option<String>,
    /// Every problem, in document order; the fields missing from an object after its members.
    pub problems: Vec<CardProblem>,
}

impl CardReport {
    /// True when nothing at error level was found: WeChat should accept the document's form.
    pub fn is_ok(&self) -> bool {
        !self.problems.iter().any(|p| p.severity == Severity::Error)
    }

    /// The problems at error level.
    pub fn errors(&self) -> impl Iterator<Item = &CardProblem> {
        self.problems.iter().filter(|p| p.severity == Severity::Error)
    }
}

/// Checks a `card/create` or `card/update` body and reports every problem with its JSON path.
///
/// ```
/// let report = wxcard::validate_card_json(r#"{"card": {"card_type": "GROUPON", "groupon": {}}}"#);
/// assert!(!report.is_ok());
/// assert_eq!(report.problems[0].path, "card.groupon.base_info");
/// assert_eq!(report.problems[0].code(), "MISSING");
/// ```
pub fn validate_card_json(json_text: &str) -> CardReport {
    let mut c = Checker { mode: CardDocument::Create, report: CardReport::default() };
    let top = match json::parse_value(json_text) {
        Ok(Value::Object(top)) => top,
        Ok(other) => {
            c.problem(ErrorKind::WrongJsonType, "", found("an object", &other), Some(47001));
            return c.report;
        }
        Err(e) => {
            let at = match e {
                JsonError::Syntax(at) => at,
                JsonError::StringNotObject | JsonError::NotObject => 0,
            };
            let mut detail = line_column(json_text, at);
            detail.push_str(syntax_hint(json_text, at));
            c.problem(ErrorKind::InvalidJson, "", detail, Some(47001));
            return c.report;
        }
    };
    if top.get("card").is_some() {
        c.create(&top);
    } else if top.get("card_id").is_some() {
        c.mode = CardDocument::Update;
        c.report.document = Some(CardDocument::Update);
        c.update(&top);
    } else if top.get("card_type").is_some() {
        // The inner object alone: check it, and say what is missing around it.
        c.report.document = Some(CardDocument::Create);
        c.problem(ErrorKind::Missing, "card", text(&["wrap the card: {\"card\": {\"card_type\": ...}}"]), Some(40053));
        c.card(&top, "card");
    } else {
        c.problem(
            ErrorKind::Missing,
            "card",
            text(&["a card/create body has \"card\"; a card/update body has \"card_id\""]),
            Some(40053),
        );
    }
    c.report
}

/// Checks the dates of a `datacube/getcardbizuininfo` or `getcardcardinfo` query before WeChat
/// answers 61500 (format) or 61501 (range): `YYYY-MM-DD`, begin not after end, at most 62 days
/// from the first to the last day, both included.
pub fn check_datacube_dates(begin_date: &str, end_date: &str) -> Result<(), Error> {
    let begin = parse_date(begin_date).ok_or(Error::new(ErrorKind::DateFormat, "begin_date"))?;
    let end = parse_date(end_date).ok_or(Error::new(ErrorKind::DateFormat, "end_date"))?;
    if end < begin || end - begin >= MAX_DATACUBE_DAYS {
        return Err(Error::new(ErrorKind::DateRange, "end_date"));
    }
    Ok(())
}

/// The most days a datacube query may cover.
pub const MAX_DATACUBE_DAYS: i64 = 62;

/// The largest image `media/uploadimg` takes.
pub const MAX_LOGO_BYTES: usize = 1024 * 1024;

/// Checks an image file before `media/uploadimg`: a JPG of at most 1 MB.
pub fn check_logo_image(bytes: &[u8]) -> Result<(), Error> {
    if bytes.len() > MAX_LOGO_BYTES {
        return Err(Error::new(ErrorKind::ImageTooLarge, "buffer"));
    }
    if !bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Err(Error::new(ErrorKind::ImageNotJpeg, "buffer"));
    }
    Ok(())
}

/// Days since 1970-01-01 of a strict `YYYY-MM-DD` date.
fn parse_date(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let num = |from: usize, to: usize| -> Option<i64> {
        s.get(from..to)?.bytes().try_fold(0i64, |n, d| d.is_ascii_digit().then(|| n * 10 + i64::from(d - b'0')))
    };
    let (y, m, d) = (num(0, 4)?, num(5, 7)?, num(8, 10)?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days_in_month = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    if d < 1 || d > days_in_month {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

// ---------------------------------------------------------------------------------------------
// The rules, as data.

/// A text limit: `string(N)` bytes (with the 汉字 count the documents also give), or characters.
#[derive(Clone, Copy)]
enum Limit {
    Bytes(usize, usize),
    Chars(usize),
}

#[derive(Clone, Copy)]
enum Rule {
    Text(Limit),
    /// A link opened from the card: http(s), at most N bytes.
    Url(usize),
    /// An image from media/uploadimg, at most N bytes.
    Image(usize),
    Int(u64, u64),
    Bool,
    OneOf(&'static [&'static str]),
    DateInfo,
    /// Whole numbers (location_id_list).
    IdList,
    ImageList(usize),
    EnumList(&'static [&'static str]),
    Object(&'static [Field]),
    /// A list of objects, at most N items (0: no limit).
    ObjectList(&'static [Field], usize),
    /// Known, not checked (pay_info, ...).
    Any,
}

#[derive(Clone, Copy)]
struct Field {
    name: &'static str,
    rule: Rule,
    required: bool,
    updatable: bool,
}

impl Field {
    const fn new(name: &'static str, rule: Rule) -> Field {
        Field { name, rule, required: false, updatable: false }
    }
    const fn required(mut self) -> Field {
        self.required = true;
        self
    }
    const fn updatable(mut self) -> Field {
        self.updatable = true;
        self
    }
}

const fn sized(bytes: usize, hanzi: usize) -> Rule {
    Rule::Text(Limit::Bytes(bytes, hanzi))
}

const UNLIMITED: u64 = u64::MAX;

const CODE_TYPES: &[&str] = &[
    "CODE_TYPE_TEXT",
    "CODE_TYPE_BARCODE",
    "CODE_TYPE_QRCODE",
    "CODE_TYPE_ONLY_QRCODE",
    "CODE_TYPE_ONLY_BARCODE",
    "CODE_TYPE_NONE",
];

const COLORS: &[&str] = &[
    "Color010", "Color020", "Color030", "Color040", "Color050", "Color060", "Color070", "Color080", "Color081",
    "Color082", "Color090", "Color100", "Color101", "Color102",
];

const BUSINESS_SERVICES: &[&str] =
    &["BIZ_SERVICE_DELIVER", "BIZ_SERVICE_FREE_PARK", "BIZ_SERVICE_WITH_PET", "BIZ_SERVICE_FREE_WIFI"];

const DAYS: &[&str] = &["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY", "HOLIDAY"];

const DATE_TYPES: &[&str] = &["DATE_TYPE_FIX_TIME_RANGE", "DATE_TYPE_FIX_TERM"];
const FIX_TIME_RANGE: &str = "DATE_TYPE_FIX_TIME_RANGE";
const FIX_TERM: &str = "DATE_TYPE_FIX_TERM";

/// The card types whose whole body is checked, and the JSON key of each body.
const CARD_TYPES: &[(&str, &str, &[Field])] = &[
    ("GROUPON", "groupon", GROUPON),
    ("CASH", "cash", CASH),
    ("DISCOUNT", "discount", DISCOUNT),
    ("GIFT", "gift", GIFT),
    ("GENERAL_COUPON", "general_coupon", GENERAL_COUPON),
];

/// Card types WeChat has whose base_info alone is checked here.
const OTHER_CARD_TYPES: &[(&str, &str)] = &[
    ("MEMBER_CARD", "member_card"),
    ("SCENIC_TICKET", "scenic_ticket"),
    ("MOVIE_TICKET", "movie_ticket"),
    ("BOARDING_PASS", "boarding_pass"),
    ("MEETING_TICKET", "meeting_ticket"),
    ("BUS_TICKET", "bus_ticket"),
];

const BASE_INFO: &[Field] = &[
    Field::new("logo_url", Rule::Image(128)).required().updatable(),
    Field::new("brand_name", sized(36, 12)).required(),
    Field::new("code_type", Rule::OneOf(CODE_TYPES)).required().updatable(),
    Field::new("title", sized(27, 9)).required(),
    Field::new("sub_title", sized(54, 18)),
    Field::new("color", Rule::OneOf(COLORS)).required().updatable(),
    Field::new("notice", sized(48, 16)).required().updatable(),
    Field::new("service_phone", sized(24, 0)).updatable(),
    Field::new("description", sized(3072, 1000)).required().updatable(),
    Field::new("date_info", Rule::DateInfo).required().updatable(),
    Field::new("sku", Rule::Object(SKU)).required(),
    Field::new("use_limit", Rule::Int(1, UNLIMITED)),
    Field::new("get_limit", Rule::Int(1, UNLIMITED)).updatable(),
    Field::new("use_custom_code", Rule::Bool),
    Field::new("get_custom_code_mode", Rule::OneOf(&["GET_CUSTOM_CODE_MODE_DEPOSIT"])),
    Field::new("bind_openid", Rule::Bool),
    Field::new("can_share", Rule::Bool).updatable(),
    Field::new("can_give_friend", Rule::Bool).updatable(),
    Field::new("location_id_list", Rule::IdList).updatable(),
    Field::new("use_all_locations", Rule::Bool).updatable(),
    Field::new("center_title", sized(27, 9)).updatable(),
    Field::new("center_sub_title", sized(36, 12)).updatable(),
    Field::new("center_url", Rule::Url(128)).updatable(),
    Field::new("center_app_brand_user_name", sized(128, 0)).updatable(),
    Field::new("center_app_brand_pass", sized(128, 0)).updatable(),
    Field::new("custom_url_name", sized(16, 5)).updatable(),
    Field::new("custom_url", Rule::Url(128)).updatable(),
    Field::new("custom_url_sub_title", sized(18, 6)).updatable(),
    Field::new("custom_app_brand_user_name", sized(128, 0)).updatable(),
    Field::new("custom_app_brand_pass", sized(128, 0)).updatable(),
    Field::new("promotion_url_name", sized(16, 5)).updatable(),
    Field::new("promotion_url", Rule::Url(128)).updatable(),
    Field::new("promotion_url_sub_title", sized(18, 6)).updatable(),
    Field::new("promotion_app_brand_user_name", sized(128, 0)).updatable(),
    Field::new("promotion_app_brand_pass", sized(128, 0)).updatable(),
    Field::new("source", sized(36, 12)),
    Field::new("need_push_on_view", Rule::Bool).updatable(),
    Field::new("pay_info", Rule::Any).updatable(),
];

const SKU: &[Field] = &[Field::new("quantity", Rule::Int(0, 100_000_000)).required()];

const DATE_INFO: &[Field] = &[
    Field::new("type", Rule::Any).required(),
    Field::new("begin_timestamp", Rule::Any),
    Field::new("end_timestamp", Rule::Any),
    Field::new("fixed_term", Rule::Int(1, UNLIMITED)),
    Field::new("fixed_begin_term", Rule::Int(0, UNLIMITED)),
];

const ADVANCED_INFO: &[Field] = &[
    Field::new("use_condition", Rule::Object(USE_CONDITION)),
    Field::new("abstract", Rule::Object(ABSTRACT)).updatable(),
    Field::new("text_image_list", Rule::ObjectList(TEXT_IMAGE, 0)).updatable(),
    Field::new("business_service", Rule::EnumList(BUSINESS_SERVICES)).updatable(),
    Field::new("time_limit", Rule::ObjectList(TIME_LIMIT, 0)).updatable(),
    Field::new("consume_share_self_num", Rule::Int(0, 1)).updatable(),
    Field::new("consume_share_card_list", Rule::ObjectList(SHARE_CARD, 1)).updatable(),
    Field::new("share_friends", Rule::Bool),
];

const USE_CONDITION: &[Field] = &[
    Field::new("accept_category", sized(512, 0)),
    Field::new("reject_category", sized(512, 0)),
    Field::new("least_cost", Rule::Int(0, UNLIMITED)),
    Field::new("object_use_for", sized(512, 0)),
    Field::new("can_use_with_other_discount", Rule::Bool),
];

const ABSTRACT: &[Field] =
    &[Field::new("abstract", sized(60, 20)).required(), Field::new("icon_url_list", Rule::ImageList(1))];

const TEXT_IMAGE: &[Field] = &[
    Field::new("image_url", Rule::Image(1024)).required(),
    Field::new("text", Rule::Text(Limit::Chars(5000))).required(),
];

const TIME_LIMIT: &[Field] = &[
    Field::new("type", Rule::OneOf(DAYS)).required(),
    Field::new("begin_hour", Rule::Int(0, 23)),
    Field::new("begin_minute", Rule::Int(0, 59)),
    Field::new("end_hour", Rule::Int(0, 23)),
    Field::new("end_minute", Rule::Int(0, 59)),
];

const SHARE_CARD: &[Field] =
    &[Field::new("card_id", sized(32, 0)).required(), Field::new("num", Rule::Int(1, 1)).required()];

const BASE: Field = Field::new("base_info", Rule::Object(BASE_INFO)).required().updatable();
const ADVANCED: Field = Field::new("advanced_info", Rule::Object(ADVANCED_INFO)).updatable();
const DETAIL: Rule = sized(3072, 1000);

const GROUPON: &[Field] = &[BASE, ADVANCED, Field::new("deal_detail", DETAIL).required()];
const CASH: &[Field] = &[
    BASE,
    ADVANCED,
    Field::new("least_cost", Rule::Int(0, UNLIMITED)),
    Field::new("reduce_cost", Rule::Int(1, UNLIMITED)).required(),
];
const DISCOUNT: &[Field] = &[BASE, ADVANCED, Field::new("discount", Rule::Int(1, 99)).required()];
// `gift` or, for friends' coupons, gift_name + gift_num + gift_unit: checked in `card_body`.
const GIFT: &[Field] = &[
    BASE,
    ADVANCED,
    Field::new("gift", DETAIL),
    Field::new("gift_name", sized(48, 16)),
    Field::new("gift_num", Rule::Int(1, UNLIMITED)),
    Field::new("gift_unit", sized(12, 4)),
];
const GENERAL_COUPON: &[Field] = &[BASE, ADVANCED, Field::new("default_detail", DETAIL).required()];
const OTHER: &[Field] = &[BASE, ADVANCED];

const CREATE_TOP: &[Field] = &[Field::new("card", Rule::Any).required()];
const CARD_TYPE: Field = Field::new("card_type", Rule::Any).required();

// ---------------------------------------------------------------------------------------------
// The walk.

struct Checker {
    mode: CardDocument,
    report: CardReport,
}

impl Checker {
    fn problem(&mut self, kind: ErrorKind, path: &str, detail: String, errcode: Option<u32>) {
        self.add(Severity::Error, kind, path, detail, errcode);
    }

    fn warning(&mut self, kind: ErrorKind, path: &str, detail: String) {
        self.add(Severity::Warning, kind, path, detail, None);
    }

    fn add(&mut self, severity: Severity, kind: ErrorKind, path: &str, detail: String, errcode: Option<u32>) {
        self.report.problems.push(CardProblem { kind, severity, path: path.into(), detail, errcode });
    }

    fn create(&mut self, top: &Object) {
        self.report.document = Some(CardDocument::Create);
        self.members(top, "", CREATE_TOP, &[]);
        match top.get("card") {
            Some(Value::Object(card)) => self.card(card, "card"),
            Some(other) => self.problem(ErrorKind::WrongJsonType, "card", found("an object", other), Some(40053)),
            None => {}
        }
    }

    /// The object inside `card`: card_type and the body named after it.
    fn card(&mut self, card: &Object, path: &str) {
        let type_name = match card.get("card_type") {
            Some(Value::String(t)) => t.as_str(),
            Some(other) => {
                let p = join(path, "card_type");
                self.problem(ErrorKind::WrongJsonType, &p, found("text such as \"GROUPON\"", other), Some(40053));
                return;
            }
            None => {
                self.problem(ErrorKind::Missing, &join(path, "card_type"), String::new(), Some(40053));
                return;
            }
        };
        let Some((upper, key, fields)) = all_card_types().find(|(t, _, _)| *t == type_name) else {
            let p = join(path, "card_type");
            let upper_case = CARD_TYPES.iter().any(|(t, _, _)| t.eq_ignore_ascii_case(type_name));
            let mut detail = text(&[if upper_case { "card_type is upper case; " } else { "" }]);
            detail.push_str(&one_of(CARD_TYPES.iter().map(|(t, _, _)| *t)));
            self.problem(ErrorKind::CardTypeInvalid, &p, detail, Some(40053));
            return;
        };
        self.report.card_type = Some(upper.into());
        let body_keys: Vec<&str> = all_card_types().map(|(_, k, _)| k).collect();
        for (k, _) in &card.members {
            if k != key && body_keys.contains(&k.as_str()) {
                let detail = text(&["card_type is ", upper, ": its fields go in \"", key, "\""]);
                self.problem(ErrorKind::Conflict, &join(path, k), detail, Some(40053));
            }
        }
        let unchecked: Vec<&str> = body_keys.iter().copied().filter(|k| *k != key).collect();
        self.members(card, path, &[CARD_TYPE, Field::new(key, Rule::Any).required()], &unchecked);
        let body_path = join(path, key);
        match card.get(key) {
            Some(Value::Object(body)) => self.card_body(body, &body_path, upper, fields),
            Some(other) => self.problem(ErrorKind::WrongJsonType, &body_path, found("an object", other), Some(40053)),
            None => {}
        }
    }

    fn update(&mut self, top: &Object) {
        let bodies: Vec<(&str, &str, &[Field])> = all_card_types().filter(|(_, k, _)| top.get(k).is_some()).collect();
        let mut fields = alloc::vec![Field::new("card_id", sized(32, 0)).required().updatable()];
        for (_, key, _) in &bodies {
            fields.push(Field::new(key, Rule::Any).updatable());
        }
        // card_id's value is checked here; the bodies below.
        self.walk(top, "", &fields, &[], Some(false));
        match bodies.as_slice() {
            [] => self.problem(
                ErrorKind::Missing,
                "",
                text(&["the fields to change go in an object named after the card type, e.g. \"cash\": {\"base_info\": ...}"]),
                Some(40053),
            ),
            [(upper, key, fields)] => {
                self.report.card_type = Some((*upper).into());
                match top.get(key) {
                    Some(Value::Object(body)) => self.card_body(body, key, upper, fields),
                    Some(other) => self.problem(ErrorKind::WrongJsonType, key, found("an object", other), Some(40053)),
                    None => {}
                }
            }
            [_, (_, second, _), ..] => {
                self.problem(ErrorKind::Conflict, second, text(&["an update changes one card: one card type key"]), None)
            }
        }
    }

    /// A card's body (`groupon`, `cash`, ...) and the rules across its fields.
    fn card_body(&mut self, body: &Object, path: &str, card_type: &str, fields: &'static [Field]) {
        let other_type = OTHER_CARD_TYPES.iter().any(|(t, _)| *t == card_type);
        if other_type {
            self.add(Severity::Info, ErrorKind::NotChecked, path, text(&[card_type, " has fields of its own"]), None);
        }
        // Every card type's own fields, so a GROUPON body with `reduce_cost` is named as such.
        let ignore: &[&str] = if other_type { &["*"] } else { &[] };
        self.object(body, path, fields, true, ignore);

        let base = object_at(body, "base_info");
        let advanced = object_at(body, "advanced_info");
        let base_path = join(path, "base_info");
        let adv_path = join(path, "advanced_info");

        if card_type == "GIFT"
            && self.mode == CardDocument::Create
            && body.get("gift").is_none()
            && body.get("gift_name").is_none()
        {
            self.problem(
                ErrorKind::Missing,
                &join(path, "gift"),
                text(&["or gift_name, gift_num and gift_unit"]),
                Some(40053),
            );
        }

        // Friends' coupons: shared, so not shareable or giftable themselves.
        let share_friends = advanced.and_then(|a| a.get("share_friends")) == Some(&Value::Bool(true));
        if share_friends {
            for flag in ["can_share", "can_give_friend"] {
                let p = join(&base_path, flag);
                match base.and_then(|b| b.get(flag)) {
                    Some(Value::Bool(false)) => {}
                    None if self.mode == CardDocument::Update => {}
                    None => self.problem(
                        ErrorKind::Missing,
                        &p,
                        text(&[
                            "advanced_info.share_friends is true: set ",
                            flag,
                            " to false, it must not be left out",
                        ]),
                        Some(40053),
                    ),
                    Some(_) => self.problem(
                        ErrorKind::Conflict,
                        &p,
                        text(&["advanced_info.share_friends is true: ", flag, " must be false"]),
                        None,
                    ),
                }
            }
            let date_type = base.and_then(|b| object_at(b, "date_info")).and_then(|d| d.get("type"));
            if let Some(Value::String(t)) = date_type {
                if t != FIX_TIME_RANGE {
                    let p = join(&join(&base_path, "date_info"), "type");
                    self.problem(
                        ErrorKind::Conflict,
                        &p,
                        text(&["friends' coupons take only ", FIX_TIME_RANGE]),
                        Some(47001),
                    );
                }
            }
            if self.mode == CardDocument::Create {
                let lists = [
                    (base, &base_path, "location_id_list", "friends' coupons need at least one store (poi_id)"),
                    (advanced, &adv_path, "text_image_list", "friends' coupons need at least one image with text"),
                ];
                for (section, section_path, list, why) in lists {
                    if !non_empty_array(section.and_then(|o| o.get(list))) {
                        self.problem(ErrorKind::Missing, &join(section_path, list), text(&[why]), None);
                    }
                }
            }
        }

        if let Some(a) = advanced {
            let self_num = matches!(a.get("consume_share_self_num"), Some(Value::Number(n)) if n != "0");
            if self_num && non_empty_array(a.get("consume_share_card_list")) {
                let p = join(&adv_path, "consume_share_self_num");
                self.problem(
                    ErrorKind::Conflict,
                    &p,
                    text(&["give either this card again or consume_share_card_list, not both"]),
                    None,
                );
            }
            if let Some(cond) = object_at(a, "use_condition") {
                let cond_path = join(&adv_path, "use_condition");
                for (field, types) in [
                    ("accept_category", &["CASH"][..]),
                    ("reject_category", &["CASH"][..]),
                    ("object_use_for", &["GIFT"][..]),
                    ("least_cost", &["CASH", "GIFT"][..]),
                ] {
                    if cond.get(field).is_some() && !types.contains(&card_type) {
                        let mut detail = text(&["WeChat uses it for "]);
                        for (i, t) in types.iter().enumerate() {
                            detail.push_str(if i > 0 { " and " } else { "" });
                            detail.push_str(t);
                        }
                        detail.push_str(" cards only");
                        self.warning(ErrorKind::Conflict, &join(&cond_path, field), detail);
                    }
                }
            }
        }
    }

    /// The members of an object against its fields, in document order, recursing into the
    /// values. `sections` marks the objects whose members card/update may or may not change
    /// (body, base_info, advanced_info); `ignore` names keys checked elsewhere ("*": all unknown
    /// keys).
    fn object(&mut self, obj: &Object, path: &str, fields: &[Field], sections: bool, ignore: &[&str]) {
        self.walk(obj, path, fields, ignore, Some(sections));
    }

    /// Duplicates, unknown keys and required fields of an object, without its values.
    fn members(&mut self, obj: &Object, path: &str, fields: &[Field], ignore: &[&str]) {
        self.walk(obj, path, fields, ignore, None);
    }

    fn walk(&mut self, obj: &Object, path: &str, fields: &[Field], ignore: &[&str], values: Option<bool>) {
        let repeated = repeated_keys(obj);
        for (i, (key, value)) in obj.members.iter().enumerate() {
            let p = join(path, key);
            if repeated.get(i).copied().unwrap_or(false) {
                self.problem(ErrorKind::DuplicateKey, &p, String::new(), None);
                continue;
            }
            match fields.iter().find(|f| f.name == key) {
                Some(field) => match values {
                    Some(true) if self.mode == CardDocument::Update && !field.updatable => {
                        self.problem(ErrorKind::NotUpdatable, &p, String::new(), None);
                    }
                    Some(_) => self.value(value, &p, field),
                    None => {}
                },
                None if ignore.contains(&key.as_str()) || ignore.contains(&"*") => {}
                None => {
                    let detail = match suggest(key, fields) {
                        Some(name) => text(&["did you mean \"", name, "\"?"]),
                        None => String::new(),
                    };
                    self.warning(ErrorKind::UnknownField, &p, detail);
                }
            }
        }
        if self.mode == CardDocument::Create {
            for field in fields.iter().filter(|f| f.required) {
                if obj.get(field.name).is_none() {
                    self.problem(ErrorKind::Missing, &join(path, field.name), String::new(), Some(40053));
                }
            }
        }
    }

    fn value(&mut self, value: &Value, path: &str, field: &Field) {
        match field.rule {
            Rule::Text(limit) => {
                if let Some(s) = self.string(value, path) {
                    if s.is_empty() && field.required {
                        self.problem(ErrorKind::Missing, path, text(&["it is empty"]), Some(40053));
                    }
                    self.limit(s, path, limit);
                }
            }
            Rule::Url(max) => {
                if let Some(s) = self.string(value, path) {
                    let t = s.trim();
                    if !(t.is_empty() || t.starts_with("http://") || t.starts_with("https://")) {
                        self.warning(
                            ErrorKind::UrlNotHttp,
                            path,
                            text(&["without http:// or https:// the link may not open"]),
                        );
                    }
                    self.url_spaces(t, path);
                    self.limit(s, path, Limit::Bytes(max, 0));
                }
            }
            Rule::Image(max) => {
                if let Some(s) = self.string(value, path) {
                    self.image(s, path, max);
                }
            }
            Rule::Int(min, max) => self.int(value, path, min, max),
            Rule::Bool => match value {
                Value::Bool(_) => {}
                Value::String(s) if s == "true" || s == "false" => {
                    self.problem(ErrorKind::QuotedBoolean, path, text(&["write ", s, " without quotes"]), Some(40053));
                }
                other => self.problem(ErrorKind::WrongJsonType, path, found("true or false", other), Some(40053)),
            },
            Rule::OneOf(values) => {
                if let Some(s) = self.string(value, path) {
                    self.one_of(s, path, values);
                }
            }
            Rule::DateInfo => match value {
                Value::Object(d) => self.date_info(d, path),
                other => self.problem(ErrorKind::WrongJsonType, path, found("an object", other), Some(47001)),
            },
            Rule::IdList => {
                if let Some(items) = self.array(value, path) {
                    for (i, item) in items.iter().enumerate() {
                        self.int(item, &index(path, i), 0, UNLIMITED);
                    }
                }
            }
            Rule::ImageList(max) => {
                if let Some(items) = self.array(value, path) {
                    self.count(items, path, max);
                    for (i, item) in items.iter().enumerate() {
                        let p = index(path, i);
                        if let Some(s) = self.string(item, &p) {
                            self.image(s, &p, 1024);
                        }
                    }
                }
            }
            Rule::EnumList(values) => {
                if let Some(items) = self.array(value, path) {
                    for (i, item) in items.iter().enumerate() {
                        let p = index(path, i);
                        if let Some(s) = self.string(item, &p) {
                            self.one_of(s, &p, values);
                        }
                    }
                }
            }
            Rule::Object(fields) => match value {
                Value::Object(o) => {
                    let sections = matches!(field.name, "base_info" | "advanced_info");
                    self.object(o, path, fields, sections, &[]);
                }
                other => self.problem(ErrorKind::WrongJsonType, path, found("an object", other), Some(40053)),
            },
            Rule::ObjectList(fields, max) => {
                if let Some(items) = self.array(value, path) {
                    self.count(items, path, max);
                    for (i, item) in items.iter().enumerate() {
                        let p = index(path, i);
                        match item {
                            Value::Object(o) => self.object(o, &p, fields, false, &[]),
                            other => self.problem(ErrorKind::WrongJsonType, &p, found("an object", other), Some(40053)),
                        }
                    }
                }
            }
            Rule::Any => {}
        }
    }

    fn string<'v>(&mut self, value: &'v Value, path: &str) -> Option<&'v str> {
        match value {
            Value::String(s) => Some(s),
            other => {
                self.problem(ErrorKind::WrongJsonType, path, found("text in quotes", other), Some(40053));
                None
            }
        }
    }

    fn array<'v>(&mut self, value: &'v Value, path: &str) -> Option<&'v [Value]> {
        match value {
            Value::Array(items) => Some(items),
            other => {
                self.problem(ErrorKind::WrongJsonType, path, found("a list [...]", other), Some(40053));
                None
            }
        }
    }

    fn count(&mut self, items: &[Value], path: &str, max: usize) {
        if max > 0 && items.len() > max {
            let detail = text(&[
                "at most ",
                Digits::new(max as u64).as_str(),
                ", found ",
                Digits::new(items.len() as u64).as_str(),
            ]);
            self.problem(ErrorKind::TooManyItems, path, detail, None);
        }
    }

    fn limit(&mut self, s: &str, path: &str, limit: Limit) {
        let (actual, max, unit, hanzi) = match limit {
            Limit::Bytes(max, hanzi) => (s.len(), max, " bytes", hanzi),
            Limit::Chars(max) => (char_count(s), max, " characters", 0),
        };
        if actual <= max {
            return;
        }
        let mut detail = text(&["at most ", Digits::new(max as u64).as_str(), unit]);
        if hanzi > 0 {
            detail.push_str(" (");
            detail.push_str(Digits::new(hanzi as u64).as_str());
            detail.push_str(" 汉字, 3 bytes each)");
        }
        detail.push_str(", found ");
        detail.push_str(Digits::new(actual as u64).as_str());
        self.problem(ErrorKind::TooLong, path, detail, None);
    }

    fn one_of(&mut self, s: &str, path: &str, values: &[&str]) {
        if values.contains(&s) {
            return;
        }
        let mut detail = one_of(values.iter().copied());
        if let Some(v) = values.iter().find(|v| v.eq_ignore_ascii_case(s.trim())) {
            detail = text(&["write it exactly \"", v, "\""]);
        }
        self.problem(ErrorKind::NotOneOf, path, detail, Some(40053));
    }

    fn int(&mut self, value: &Value, path: &str, min: u64, max: u64) {
        match value {
            Value::Number(n) => match n.parse::<u64>() {
                Ok(v) if v < min || v > max => {
                    let mut detail = text(&["from ", Digits::new(min).as_str()]);
                    if max != UNLIMITED {
                        detail.push_str(" to ");
                        detail.push_str(Digits::new(max).as_str());
                    }
                    detail.push_str(", found ");
                    detail.push_str(n);
                    self.problem(ErrorKind::OutOfRange, path, detail, None);
                }
                Ok(_) => {}
                Err(_) => {
                    self.problem(ErrorKind::WrongJsonType, path, text(&["a whole number, found ", n]), Some(40053))
                }
            },
            Value::String(s) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => {
                self.problem(ErrorKind::QuotedNumber, path, text(&["write ", s, " without quotes"]), Some(40053));
            }
            other => self.problem(ErrorKind::WrongJsonType, path, found("a whole number", other), Some(40053)),
        }
    }

    fn image(&mut self, s: &str, path: &str, max: usize) {
        let t = s.trim();
        let host = t
            .strip_prefix("http://")
            .or_else(|| t.strip_prefix("https://"))
            .map(|rest| crate::text::before(rest, b'/'));
        if !matches!(host, Some("mmbiz.qpic.cn" | "mmbiz.qlogo.cn")) {
            self.problem(
                ErrorKind::NotUploadedImage,
                path,
                text(&["upload the image first (wxcard card upload-logo)"]),
                None,
            );
        }
        self.url_spaces(t, path);
        self.limit(s, path, Limit::Bytes(max, 0));
    }

    fn url_spaces(&mut self, trimmed: &str, path: &str) {
        if trimmed.bytes().any(|b| b.is_ascii_whitespace()) {
            self.warning(
                ErrorKind::ControlCharacter,
                path,
                text(&["the URL holds white space: a line break of a copied URL?"]),
            );
        }
    }

    /// date_info: which fields each type takes (47001 otherwise), timestamps in seconds.
    fn date_info(&mut self, d: &Object, path: &str) {
        self.object(d, path, DATE_INFO, false, &[]);
        let type_path = join(path, "type");
        let date_type = match d.get("type") {
            Some(Value::String(t)) => t.as_str(),
            // The documents' old numbers for the two types.
            Some(Value::Number(n)) if n == "1" => FIX_TIME_RANGE,
            Some(Value::Number(n)) if n == "2" => FIX_TERM,
            Some(other) => {
                self.problem(
                    ErrorKind::WrongJsonType,
                    &type_path,
                    found("text such as \"DATE_TYPE_FIX_TIME_RANGE\"", other),
                    Some(47001),
                );
                return;
            }
            None => return,
        };
        if date_type == "DATE_TYPE_PERMANENT" && self.report.card_type.as_deref() == Some("MEMBER_CARD") {
            return; // Member cards may last for ever.
        }
        if !DATE_TYPES.contains(&date_type) {
            self.one_of(date_type, &type_path, DATE_TYPES);
            return;
        }
        if self.mode == CardDocument::Update && date_type != FIX_TIME_RANGE {
            self.problem(
                ErrorKind::NotUpdatable,
                &type_path,
                text(&["card/update changes only ", FIX_TIME_RANGE, " dates"]),
                None,
            );
        }
        let (needs, refuses): (&[&str], &[&str]) = if date_type == FIX_TIME_RANGE {
            (&["begin_timestamp", "end_timestamp"], &["fixed_term", "fixed_begin_term"])
        } else {
            (&["fixed_term"], &["begin_timestamp"])
        };
        for name in needs {
            if d.get(name).is_none() {
                self.problem(ErrorKind::Missing, &join(path, name), text(&[date_type, " needs it"]), Some(47001));
            }
        }
        for name in refuses {
            if d.get(name).is_some() {
                self.problem(
                    ErrorKind::DateInfoMismatch,
                    &join(path, name),
                    text(&[date_type, " does not take it"]),
                    Some(47001),
                );
            }
        }
        let begin = self.timestamp(d.get("begin_timestamp"), &join(path, "begin_timestamp"));
        let end = self.timestamp(d.get("end_timestamp"), &join(path, "end_timestamp"));
        if let (Some(b), Some(e)) = (begin, end) {
            if e <= b {
                self.problem(
                    ErrorKind::OutOfRange,
                    &join(path, "end_timestamp"),
                    text(&["must be after begin_timestamp"]),
                    None,
                );
            }
        }
    }

    /// A Unix time in seconds, as a number or (the documents allow it) digits in a string.
    fn timestamp(&mut self, value: Option<&Value>, path: &str) -> Option<u64> {
        let digits = match value? {
            Value::Number(n) | Value::String(n) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => n,
            other => {
                self.problem(ErrorKind::WrongJsonType, path, found("Unix time in seconds", other), Some(47001));
                return None;
            }
        };
        match crate::parse_timestamp("timestamp", digits) {
            Ok(t) => Some(t),
            Err(e) => {
                self.problem(e.kind(), path, String::new(), Some(47001));
                None
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Small helpers.

/// Every card type WeChat has: its card_type, the key of its body, and the fields checked there.
fn all_card_types() -> impl Iterator<Item = (&'static str, &'static str, &'static [Field])> {
    let checked = CARD_TYPES.iter().map(|(t, key, fields)| (*t, *key, *fields));
    checked.chain(OTHER_CARD_TYPES.iter().map(|(t, key)| (*t, *key, OTHER)))
}

use crate::text::{concat as text, merge_sort};

/// For each member, whether an earlier member has the same key: one sort, not a scan per key.
fn repeated_keys(obj: &Object) -> Vec<bool> {
    let key = |i: &usize| obj.members.get(*i).map(|(k, _)| k.as_str());
    let mut order: Vec<usize> = (0..obj.members.len()).collect();
    merge_sort(&mut order, |a, b| key(a) <= key(b));
    let mut repeated = alloc::vec![false; obj.members.len()];
    for pair in order.windows(2) {
        if let [first, second] = pair {
            if key(first) == key(second) {
                if let Some(flag) = repeated.get_mut(*second) {
                    *flag = true;
                }
            }
        }
    }
    repeated
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.into()
    } else {
        text(&[path, ".", key])
    }
}

fn index(path: &str, i: usize) -> String {
    text(&[path, "[", Digits::new(i as u64).as_str(), "]"])
}

fn object_at<'o>(obj: &'o Object, key: &str) -> Option<&'o Object> {
    match obj.get(key) {
        Some(Value::Object(o)) => Some(o),
        _ => None,
    }
}

fn non_empty_array(value: Option<&Value>) -> bool {
    matches!(value, Some(Value::Array(items)) if !items.is_empty())
}

fn found(expected: &str, value: &Value) -> String {
    text(&["expected ", expected, ", found ", value.kind_name()])
}

fn one_of<'a>(values: impl Iterator<Item = &'a str>) -> String {
    let mut out = String::from("one of ");
    for (i, v) in values.enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(v);
    }
    out
}

fn line_column(s: &str, at: usize) -> String {
    let before = s.get(..at).unwrap_or(s);
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.bytes().rposition(|b| b == b'\n').map_or(0, |i| i + 1);
    let column = char_count(before.get(line_start..).unwrap_or("")) + 1;
    text(&["at line ", Digits::new(line as u64).as_str(), ", column ", Digits::new(column as u64).as_str()])
}

/// What usually stops JSON copied from a web page or a Chinese editor.
fn syntax_hint(s: &str, at: usize) -> &'static str {
    let rest = s.get(at..).unwrap_or("");
    match rest.chars().next() {
        Some('\u{a0}') => ": a non-breaking space (U+00A0), as copied from a web page; replace it with a normal space",
        Some('\u{3000}') => ": a full-width space (U+3000); replace it with a normal space",
        Some('“' | '”' | '‘' | '’') => ": a curly quote; JSON needs straight quotes \"",
        Some('，') => ": a full-width comma ，; JSON needs ,",
        Some('：') => ": a full-width colon ：; JSON needs :",
        Some('}' | ']') if s.get(..at).unwrap_or("").trim_end().ends_with(',') => {
            ": a comma before the closing bracket, which JSON does not allow"
        }
        _ => "",
    }
}

/// The known field a misspelt key most likely meant: the same letters without underscores and
/// case (`canshare`, `LogoUrl`), or at most two edits away.
fn suggest(key: &str, fields: &[Field]) -> Option<&'static str> {
    if key.len() > 64 {
        return None;
    }
    let squash = |s: &str| -> String { s.chars().filter(|c| *c != '_').flat_map(char::to_lowercase).collect() };
    let k = squash(key);
    fields
        .iter()
        .find(|f| squash(f.name) == k)
        .or_else(|| fields.iter().filter(|f| f.name.len() >= 5).find(|f| edit_distance(key, f.name) <= 2))
        .map(|f| f.name)
}

/// Levenshtein distance over bytes (field names are ASCII).
fn edit_distance(a: &str, b: &str) -> usize {
    let b = b.as_bytes();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.bytes().enumerate() {
        let mut diagonal = i;
        let mut left = i + 1;
        let mut next = Vec::with_capacity(row.len());
        next.push(left);
        for (j, cb) in b.iter().enumerate() {
            let up = row.get(j + 1).copied().unwrap_or(usize::MAX - 1);
            let cost = diagonal + usize::from(ca != *cb);
            left = cost.min(up + 1).min(left + 1);
            diagonal = up;
            next.push(left);
        }
        row = next;
    }
    row.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(parse_date("1970-01-01"), Some(0));
        assert_eq!(parse_date("2015-06-15"), Some(16601));
        assert_eq!(parse_date("2016-02-29").zip(parse_date("2016-03-01")).map(|(a, b)| b - a), Some(1));
        for bad in ["2015-6-15", "2015/06/15", "2015-02-29", "2015-13-01", "2015-00-10", "20150615", "2015-06-1５", ""]
        {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn suggestions() {
        assert_eq!(suggest("canshare", BASE_INFO), Some("can_share"));
        assert_eq!(suggest("LogoUrl", BASE_INFO), Some("logo_url"));
        assert_eq!(suggest("brand_nmae", BASE_INFO), Some("brand_name"));
        assert_eq!(suggest("zzz", BASE_INFO), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
