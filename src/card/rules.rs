//! The rules of WeChat's card documents, as data: every card type, the fields each object takes
//! and what each field's value must be.

/// A text limit: `string(N)` bytes (with the 汉字 count the documents also give, if they do), or
/// characters.
#[derive(Clone, Copy)]
pub(super) enum Limit {
    Bytes(usize, Option<usize>),
    Chars(usize),
}

#[derive(Clone, Copy)]
pub(super) enum Rule {
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
    /// At most N images.
    ImageList(usize),
    EnumList(&'static [&'static str]),
    Object(&'static [Field]),
    /// base_info or advanced_info: an object card/update changes field by field, so each field
    /// says whether it may be changed.
    Section(&'static [Field]),
    /// A list of objects, at most N items.
    ObjectList(&'static [Field], usize),
    /// Known, not checked (pay_info, ...).
    Any,
}

#[derive(Clone, Copy)]
pub(super) struct Field {
    pub(super) name: &'static str,
    pub(super) rule: Rule,
    pub(super) required: bool,
    pub(super) updatable: bool,
}

impl Field {
    pub(super) const fn new(name: &'static str, rule: Rule) -> Field {
        Field { name, rule, required: false, updatable: false }
    }
    pub(super) const fn required(mut self) -> Field {
        self.required = true;
        self
    }
    pub(super) const fn updatable(mut self) -> Field {
        self.updatable = true;
        self
    }
}

/// `fields` with the fields named in `names` made updatable: a card type whose card/update
/// changes more of a shared section than the others'. Evaluated at compile time: a name that is
/// not among the fields, or an `N` that is not the fields' number, stops the build.
const fn also_updatable<const N: usize>(fields: &[Field], names: &[&str]) -> [Field; N] {
    let mut out = [Field::new("", Rule::Any); N];
    let (mut from, mut to): (&[Field], &mut [Field]) = (fields, &mut out);
    let mut named = 0;
    loop {
        match (from, to) {
            ([field, more @ ..], [slot, free @ ..]) => {
                *slot = *field;
                if among(field.name, names) {
                    slot.updatable = true;
                    named += 1;
                }
                (from, to) = (more, free);
            }
            (left, unfilled) => {
                assert!(left.is_empty() && unfilled.is_empty(), "N is not the number of fields");
                break;
            }
        }
    }
    assert!(named == names.len(), "a name is not among the fields");
    out
}

/// Whether `name` is one of `names` (in a const fn, where `==` on text is not available).
const fn among(name: &str, names: &[&str]) -> bool {
    let mut rest = names;
    while let [candidate, more @ ..] = rest {
        let (mut a, mut b) = (name.as_bytes(), candidate.as_bytes());
        while let ([x, a_more @ ..], [y, b_more @ ..]) = (a, b) {
            if *x != *y {
                break;
            }
            (a, b) = (a_more, b_more);
        }
        if a.is_empty() && b.is_empty() {
            return true;
        }
        rest = more;
    }
    false
}

/// Text of at most `bytes` bytes, which the documents also give as `hanzi` 汉字.
const fn sized(bytes: usize, hanzi: usize) -> Rule {
    Rule::Text(Limit::Bytes(bytes, Some(hanzi)))
}

/// Text of at most `max` bytes, for which the documents give no 汉字 count.
const fn bytes(max: usize) -> Rule {
    Rule::Text(Limit::Bytes(max, None))
}

/// No upper bound on a number.
pub(super) const UNLIMITED: u64 = u64::MAX;

/// No upper bound on a list's length.
pub(super) const ANY_NUMBER: usize = usize::MAX;

/// The largest image in a list of images (icon_url_list).
pub(super) const LIST_IMAGE_BYTES: usize = 1024;

/// A card type WeChat has.
pub(super) struct CardType {
    /// The `card_type` value, upper case.
    pub(super) name: &'static str,
    /// The key of the body: `"groupon"` in `{"card_type": "GROUPON", "groupon": {...}}`.
    pub(super) key: &'static str,
    pub(super) fields: Fields,
    /// Whether `DATE_TYPE_PERMANENT` is taken besides [`DATE_TYPES`]: member cards may last for
    /// ever.
    pub(super) permanent_dates: bool,
    /// A 优惠券 (coupon): WeChat creates no new ones since 2021-04-01 (see
    /// [`COUPON_CREATION_CLOSED`]); those created before still update, issue and consume.
    pub(super) coupon: bool,
}

/// How much of a card type's body is known here.
#[derive(Clone, Copy)]
pub(super) enum Fields {
    /// Every field of the body, base_info and advanced_info among them.
    All(&'static [Field]),
    /// base_info, advanced_info and the type's own fields known for certain; the body may hold
    /// others, let through unchecked, and the sizes of its own fields are not known.
    Partly(&'static [Field]),
    /// base_info and advanced_info only: the type's own fields are let through unchecked.
    SectionsOnly,
}

impl CardType {
    const fn new(name: &'static str, key: &'static str, fields: Fields) -> CardType {
        CardType { name, key, fields, permanent_dates: false, coupon: false }
    }
    const fn permanent_dates(mut self) -> CardType {
        self.permanent_dates = true;
        self
    }
    const fn coupon(mut self) -> CardType {
        self.coupon = true;
        self
    }

    /// The fields checked in the body.
    pub(super) fn body_fields(&self) -> &'static [Field] {
        match self.fields {
            Fields::All(fields) | Fields::Partly(fields) => fields,
            Fields::SectionsOnly => SECTIONS,
        }
    }
}

/// Every card type WeChat has. A new type's own fields are checked once it has a field table
/// here in place of [`Fields::SectionsOnly`].
pub(super) const CARD_TYPES: &[CardType] = &[
    CardType::new("GROUPON", "groupon", Fields::All(GROUPON)).coupon(),
    CardType::new("CASH", "cash", Fields::All(CASH)).coupon(),
    CardType::new("DISCOUNT", "discount", Fields::All(DISCOUNT)).coupon(),
    CardType::new("GIFT", "gift", Fields::All(GIFT)).coupon(),
    CardType::new("GENERAL_COUPON", "general_coupon", Fields::All(GENERAL_COUPON)).coupon(),
    CardType::new("MEMBER_CARD", "member_card", Fields::All(MEMBER_CARD)).permanent_dates(),
    CardType::new("SCENIC_TICKET", "scenic_ticket", Fields::Partly(SCENIC_TICKET)),
    CardType::new("MOVIE_TICKET", "movie_ticket", Fields::Partly(MOVIE_TICKET)),
    CardType::new("BOARDING_PASS", "boarding_pass", Fields::Partly(BOARDING_PASS)),
    CardType::new("MEETING_TICKET", "meeting_ticket", Fields::All(MEETING_TICKET)),
    CardType::new("BUS_TICKET", "bus_ticket", Fields::SectionsOnly),
];

/// The date from which WeChat creates no new coupons (GROUPON, CASH, DISCOUNT, GIFT,
/// GENERAL_COUPON), announced in March 2021: they became WeChat Pay coupons (商家券/代金券).
/// Member cards, gift cards and tickets are not affected; coupons created before keep working.
pub(super) const COUPON_CREATION_CLOSED: &str = "2021-04-01";

pub(super) const CODE_TYPES: &[&str] = &[
    "CODE_TYPE_TEXT",
    "CODE_TYPE_BARCODE",
    "CODE_TYPE_QRCODE",
    "CODE_TYPE_ONLY_QRCODE",
    "CODE_TYPE_ONLY_BARCODE",
    "CODE_TYPE_NONE",
];

pub(super) const COLORS: &[&str] = &[
    "Color010", "Color020", "Color030", "Color040", "Color050", "Color060", "Color070", "Color080", "Color081",
    "Color082", "Color090", "Color100", "Color101", "Color102",
];

pub(super) const BUSINESS_SERVICES: &[&str] =
    &["BIZ_SERVICE_DELIVER", "BIZ_SERVICE_FREE_PARK", "BIZ_SERVICE_WITH_PET", "BIZ_SERVICE_FREE_WIFI"];

pub(super) const DAYS: &[&str] =
    &["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY", "HOLIDAY"];

pub(super) const DATE_TYPES: &[&str] = &["DATE_TYPE_FIX_TIME_RANGE", "DATE_TYPE_FIX_TERM"];
pub(super) const FIX_TIME_RANGE: &str = "DATE_TYPE_FIX_TIME_RANGE";
pub(super) const FIX_TERM: &str = "DATE_TYPE_FIX_TERM";
pub(super) const PERMANENT: &str = "DATE_TYPE_PERMANENT";

pub(super) const BASE_INFO: &[Field] = &[
    Field::new("logo_url", Rule::Image(128)).required().updatable(),
    Field::new("brand_name", sized(36, 12)).required(),
    Field::new("code_type", Rule::OneOf(CODE_TYPES)).required().updatable(),
    Field::new("title", sized(27, 9)).required(),
    Field::new("sub_title", sized(54, 18)),
    Field::new("color", Rule::OneOf(COLORS)).required().updatable(),
    Field::new("notice", sized(48, 16)).required().updatable(),
    Field::new("service_phone", bytes(24)).updatable(),
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
    Field::new("center_app_brand_user_name", bytes(128)).updatable(),
    Field::new("center_app_brand_pass", bytes(128)).updatable(),
    Field::new("custom_url_name", sized(16, 5)).updatable(),
    Field::new("custom_url", Rule::Url(128)).updatable(),
    Field::new("custom_url_sub_title", sized(18, 6)).updatable(),
    Field::new("custom_app_brand_user_name", bytes(128)).updatable(),
    Field::new("custom_app_brand_pass", bytes(128)).updatable(),
    Field::new("promotion_url_name", sized(16, 5)).updatable(),
    Field::new("promotion_url", Rule::Url(128)).updatable(),
    Field::new("promotion_url_sub_title", sized(18, 6)).updatable(),
    Field::new("promotion_app_brand_user_name", bytes(128)).updatable(),
    Field::new("promotion_app_brand_pass", bytes(128)).updatable(),
    Field::new("source", sized(36, 12)),
    Field::new("need_push_on_view", Rule::Bool).updatable(),
    Field::new("pay_info", Rule::Any).updatable(),
];

const SKU: &[Field] = &[Field::new("quantity", Rule::Int(0, 100_000_000)).required()];

pub(super) const DATE_INFO: &[Field] = &[
    Field::new("type", Rule::Any).required(),
    Field::new("begin_timestamp", Rule::Any),
    Field::new("end_timestamp", Rule::Any),
    Field::new("fixed_term", Rule::Int(1, UNLIMITED)),
    Field::new("fixed_begin_term", Rule::Int(0, UNLIMITED)),
];

const ADVANCED_INFO: &[Field] = &[
    Field::new("use_condition", Rule::Object(USE_CONDITION)),
    Field::new("abstract", Rule::Object(ABSTRACT)).updatable(),
    Field::new("text_image_list", Rule::ObjectList(TEXT_IMAGE, ANY_NUMBER)).updatable(),
    Field::new("business_service", Rule::EnumList(BUSINESS_SERVICES)).updatable(),
    Field::new("time_limit", Rule::ObjectList(TIME_LIMIT, ANY_NUMBER)).updatable(),
    Field::new("consume_share_self_num", Rule::Int(0, 1)).updatable(),
    Field::new("consume_share_card_list", Rule::ObjectList(SHARE_CARD, 1)).updatable(),
    Field::new("share_friends", Rule::Bool),
];

const USE_CONDITION: &[Field] = &[
    Field::new("accept_category", bytes(512)),
    Field::new("reject_category", bytes(512)),
    Field::new("least_cost", Rule::Int(0, UNLIMITED)),
    Field::new("object_use_for", bytes(512)),
    Field::new("can_use_with_other_discount", Rule::Bool),
];

/// The card types WeChat reads each use_condition field for.
pub(super) const USE_CONDITION_CARD_TYPES: &[(&str, &[&str])] = &[
    ("accept_category", &["CASH"]),
    ("reject_category", &["CASH"]),
    ("object_use_for", &["GIFT"]),
    ("least_cost", &["CASH", "GIFT"]),
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
    &[Field::new("card_id", bytes(32)).required(), Field::new("num", Rule::Int(1, 1)).required()];

const BASE: Field = Field::new("base_info", Rule::Section(BASE_INFO)).required().updatable();
/// A member card's base_info: its card/update ("更改会员卡信息") changes the title too ("会员卡标题，
/// 字数上限为9个汉字", the card going back to review), which the coupons' update does not list.
const MEMBER_BASE_INFO: [Field; BASE_INFO.len()] = also_updatable(BASE_INFO, &["title"]);
const MEMBER_BASE: Field = Field::new("base_info", Rule::Section(&MEMBER_BASE_INFO)).required().updatable();
const ADVANCED: Field = Field::new("advanced_info", Rule::Section(ADVANCED_INFO)).updatable();
const DETAIL: Rule = sized(3072, 1000);

/// The body of a card type whose own fields are not checked.
const SECTIONS: &[Field] = &[BASE, ADVANCED];

const GROUPON: &[Field] = &[BASE, ADVANCED, Field::new("deal_detail", DETAIL).required()];
const CASH: &[Field] = &[
    BASE,
    ADVANCED,
    Field::new("least_cost", Rule::Int(0, UNLIMITED)),
    Field::new("reduce_cost", Rule::Int(1, UNLIMITED)).required(),
];
const DISCOUNT: &[Field] = &[BASE, ADVANCED, Field::new("discount", Rule::Int(1, 99)).required()];
// `gift` or, for friends' coupons, gift_name + gift_num + gift_unit: see `cross::gift_content`.
const GIFT: &[Field] = &[
    BASE,
    ADVANCED,
    Field::new("gift", DETAIL),
    Field::new("gift_name", sized(48, 16)),
    Field::new("gift_num", Rule::Int(1, UNLIMITED)),
    Field::new("gift_unit", sized(12, 4)),
];
const GENERAL_COUPON: &[Field] = &[BASE, ADVANCED, Field::new("default_detail", DETAIL).required()];

// Member cards: 创建会员卡接口, the field table of
// https://developers.weixin.qq.com/doc/offiaccount/Cards_and_Offer/Membership_Cards/Create_a_membership_card.html
// (English: https://developers.weixin.qq.com/doc/service/en/Cards_and_Offer/Membership_Cards/Create_a_membership_card.html).
// card/update changes a member card's own fields too ("更改会员卡信息接口", which also lists
// base_info.title: `MEMBER_BASE`); supply_bonus and supply_balance may be turned on, never off
// again. The rules across these fields (one way to activate, the points fields with
// supply_bonus, name_type or name) are in `cross`.
const MEMBER_CARD: &[Field] = &[
    MEMBER_BASE,
    ADVANCED,
    Field::new("background_pic_url", Rule::Image(128)).updatable(),
    Field::new("prerogative", sized(3072, 1024)).required().updatable(),
    Field::new("auto_activate", Rule::Bool).updatable(),
    Field::new("wx_activate", Rule::Bool).updatable(),
    // 跳转型一键激活 (section 6.2 of the same document).
    Field::new("wx_activate_after_submit", Rule::Bool).updatable(),
    Field::new("wx_activate_after_submit_url", Rule::Url(ANY_NUMBER)).updatable(),
    Field::new("supply_bonus", Rule::Bool).required().updatable(),
    Field::new("bonus_url", Rule::Url(128)).updatable(),
    Field::new("supply_balance", Rule::Bool).required().updatable(),
    Field::new("balance_url", Rule::Url(128)).updatable(),
    Field::new("custom_field1", Rule::Object(CUSTOM_FIELD)).updatable(),
    Field::new("custom_field2", Rule::Object(CUSTOM_FIELD)).updatable(),
    Field::new("custom_field3", Rule::Object(CUSTOM_FIELD)).updatable(),
    // string(128) in the create table, string(3072) in the update table: the larger size.
    Field::new("bonus_cleared", bytes(3072)).updatable(),
    Field::new("bonus_rules", bytes(3072)).updatable(),
    Field::new("balance_rules", bytes(3072)).updatable(),
    Field::new("activate_url", Rule::Url(128)).updatable(),
    Field::new("activate_app_brand_user_name", bytes(128)).updatable(),
    Field::new("activate_app_brand_pass", bytes(128)).updatable(),
    Field::new("custom_cell1", Rule::Object(CUSTOM_CELL)).updatable(),
    Field::new("bonus_rule", Rule::Object(BONUS_RULE)).updatable(),
    // "填10就是九折": the percentage off, so 0 to 100.
    Field::new("discount", Rule::Int(0, 100)).updatable(),
];

/// The member information categories a member card shows once activated (等级, 优惠券, ...).
pub(super) const FIELD_NAME_TYPES: &[&str] = &[
    "FIELD_NAME_TYPE_LEVEL",
    "FIELD_NAME_TYPE_COUPON",
    "FIELD_NAME_TYPE_STAMP",
    "FIELD_NAME_TYPE_DISCOUNT",
    // Spelt so by WeChat (成就).
    "FIELD_NAME_TYPE_ACHIEVEMEN",
    "FIELD_NAME_TYPE_MILEAGE",
    "FIELD_NAME_TYPE_SET_POINTS",
    // Spelt so by WeChat (次数).
    "FIELD_NAME_TYPE_TIMS",
];

/// custom_field1..3: `name_type` (WeChat's name, with template messages on change) or `name`
/// (the merchant's own), see `cross::member_card_custom_fields`.
const CUSTOM_FIELD: &[Field] = &[
    Field::new("name_type", Rule::OneOf(FIELD_NAME_TYPES)),
    Field::new("name", bytes(24)),
    Field::new("url", Rule::Url(128)),
];

const CUSTOM_CELL: &[Field] = &[
    Field::new("name", sized(15, 5)).required(),
    Field::new("tips", sized(18, 6)).required(),
    Field::new("url", Rule::Url(128)).required(),
];

/// Amounts in fen, points in points: whole numbers, never quoted.
const BONUS_RULE: &[Field] = &[
    Field::new("cost_money_unit", Rule::Int(0, UNLIMITED)),
    Field::new("increase_bonus", Rule::Int(0, UNLIMITED)),
    Field::new("max_increase_bonus", Rule::Int(0, UNLIMITED)),
    Field::new("init_increase_bonus", Rule::Int(0, UNLIMITED)),
    Field::new("cost_bonus_unit", Rule::Int(0, UNLIMITED)),
    Field::new("reduce_money", Rule::Int(0, UNLIMITED)),
    Field::new("least_money_to_use_bonus", Rule::Int(0, UNLIMITED)),
    Field::new("max_reduce_bonus", Rule::Int(0, UNLIMITED)),
];

// Tickets: 特殊票券, https://developers.weixin.qq.com/doc/offiaccount/Cards_and_Offer/Special_ticket.html
// (English: https://developers.weixin.qq.com/doc/service/en/Cards_and_Offer/Special_ticket.html).
// The meeting ticket's table is known whole. Of the other three, the 2014 card/create table
// (kept by Senparc.Weixin's `Card_ScenicTicketData`, `Card_MovieTicketData`,
// `Card_BoardingPassData`) gives every field, which are required (the boarding pass's from, to
// and flight), and a few sizes (from and to 18 汉字, air_model 8 汉字); the other sizes, and
// whether the times and the gate go as numbers or text, are not given. Those bodies are
// `Fields::Partly`: what is known is checked, the rest for its JSON type only.
const MEETING_TICKET: &[Field] = &[
    BASE,
    ADVANCED,
    Field::new("meeting_detail", bytes(3072)).required().updatable(),
    Field::new("map_url", Rule::Url(128)).updatable(),
];

/// Text whose size the documents at hand do not give.
const TEXT: Rule = Rule::Text(Limit::Bytes(ANY_NUMBER, None));

const SCENIC_TICKET: &[Field] = &[
    BASE,
    ADVANCED,
    Field::new("ticket_class", TEXT).updatable(),
    Field::new("guide_url", Rule::Url(ANY_NUMBER)).updatable(),
];

const MOVIE_TICKET: &[Field] = &[BASE, ADVANCED, Field::new("detail", TEXT).updatable()];

// The times ("按时间戳格式填写", yet "上限为17个汉字") and the gate: numbers or text.
const BOARDING_PASS: &[Field] = &[
    BASE,
    ADVANCED,
    Field::new("from", sized(54, 18)).required().updatable(),
    Field::new("to", sized(54, 18)).required().updatable(),
    Field::new("flight", TEXT).required().updatable(),
    Field::new("departure_time", Rule::Any).updatable(),
    Field::new("landing_time", Rule::Any).updatable(),
    Field::new("check_in_url", Rule::Url(ANY_NUMBER)).updatable(),
    Field::new("gate", Rule::Any).updatable(),
    Field::new("boarding_time", Rule::Any).updatable(),
    Field::new("air_model", sized(24, 8)).updatable(),
];

/// A `card/create` body's top level.
pub(super) const CREATE_TOP: &[Field] = &[Field::new("card", Rule::Any).required()];
pub(super) const CARD_TYPE: Field = Field::new("card_type", Rule::Any).required();
/// The card a `card/update` body changes.
pub(super) const CARD_ID: Field = Field::new("card_id", bytes(32)).required().updatable();
