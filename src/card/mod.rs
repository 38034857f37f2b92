//! A card's JSON checked before WeChat sees it: `card/create` and `card/update` bodies.
//!
//! WeChat answers a wrong card with a bare 40053 "check document" or 47001 "data format error".
//! [`validate_card_json`] names every problem with its JSON path and the rule broken, from the
//! rules WeChat's card documents give: text sizes, enumerations, which date_info fields each type
//! takes, numbers and booleans that must not be quoted, friends' coupons (`share_friends`)
//! excluding `can_share`/`can_give_friend`, images that must come from `media/uploadimg`, and the
//! fields `card/update` cannot change.
//!
//! Member cards (`MEMBER_CARD`) and meeting tickets are checked as deeply as the coupons: the
//! bonus rule's whole numbers, `supply_bonus`/`supply_balance`, one way to activate, the
//! `custom_field` name types. Of the scenic, movie and boarding-pass tickets, what the documents
//! give: every field's JSON type, the boarding pass's required fields and some sizes. Since 2021-04-01 WeChat creates no new coupons (GROUPON, CASH, DISCOUNT,
//! GIFT, GENERAL_COUPON): a `card/create` of one gets the warning `COUPON_CREATION_CLOSED`;
//! updating the coupons created before is unaffected.
//!
//! Text sizes follow the documents' `string(N)`: N bytes of UTF-8, where a 汉字 takes 3. That is
//! how WeChat's own example fits "6个汉字tips" (14 bytes) in the 6-汉字 `custom_url_sub_title`.
//! Where the documents disagree (notice 12 or 16 汉字, center_title 9 汉字 or string(18)), the
//! larger size is used: the check must never refuse what WeChat accepts.
//!
//! The rules are data ([`rules`]): each card type with its body's field table. The walk
//! ([`check`]) applies a table to an object; the rules no single field can carry are in
//! [`cross`].

mod check;
mod cross;
mod report;
mod rules;

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use self::check::{found, join, one_of, Checker, UnknownKeys, Walk};
use self::cross::CardBody;
pub use self::report::{CardDocument, CardProblem, CardReport};
use self::rules::{CardType, Field, Fields, Rule, CARD_ID, CARD_TYPE, CARD_TYPES, COUPON_CREATION_CLOSED, CREATE_TOP};
use crate::error::ErrorKind;
use crate::json::{self, JsonError, Object, Value};

/// Checks a `card/create` or `card/update` body and reports every problem with its JSON path.
///
/// ```
/// let report = wxcard::validate_card_json(r#"{"card": {"card_type": "GROUPON", "groupon": {}}}"#);
/// assert!(!report.is_ok());
/// let error = report.errors().next().unwrap();
/// assert_eq!((error.path.as_str(), error.code()), ("card.groupon.base_info", "MISSING"));
/// // A warning besides: WeChat creates no new coupons since 2021-04-01.
/// assert_eq!(report.problems[0].code(), "COUPON_CREATION_CLOSED");
/// ```
pub fn validate_card_json(json_text: &str) -> CardReport {
    let mut c = Checker::new();
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
        c.problem(
            ErrorKind::Missing,
            "card",
            ["wrap the card: {\"card\": {\"card_type\": ...}}"].concat(),
            Some(40053),
        );
        c.card(&top, "card");
    } else {
        c.problem(
            ErrorKind::Missing,
            "card",
            ["a card/create body has \"card\"; a card/update body has \"card_id\""].concat(),
            Some(40053),
        );
    }
    c.report
}

/// The two kinds of document: where each keeps the card type and the card's body.
impl Checker {
    fn create(&mut self, top: &Object) {
        self.report.document = Some(CardDocument::Create);
        self.walk(top, "", CREATE_TOP, Walk::KeysOnly, UnknownKeys::Warn);
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
        let Some(card_type) = CARD_TYPES.iter().find(|t| t.name == type_name) else {
            let p = join(path, "card_type");
            let upper_case = CARD_TYPES.iter().any(|t| t.name.eq_ignore_ascii_case(type_name));
            let mut detail = [if upper_case { "card_type is upper case; " } else { "" }].concat();
            detail.push_str(&one_of(CARD_TYPES.iter().map(|t| t.name)));
            // 40071, "不合法的卡券类型" on WeChat's error-code page.
            self.problem(ErrorKind::CardTypeInvalid, &p, detail, Some(40071));
            return;
        };
        self.report.card_type = Some(card_type.name.into());
        self.card_type = Some(card_type);
        if card_type.coupon && self.mode == CardDocument::Create {
            let p = join(path, "card_type");
            self.warning(ErrorKind::CouponCreationClosed, &p, coupon_creation_closed(card_type.name));
        }
        let (upper, key) = (card_type.name, card_type.key);
        for (k, _) in &card.members {
            if k != key && CARD_TYPES.iter().any(|t| t.key == k) {
                let detail = ["card_type is ", upper, ": its fields go in \"", key, "\""].concat();
                self.problem(ErrorKind::Conflict, &join(path, k), detail, Some(40053));
            }
        }
        // The other bodies were just named as such.
        let other_bodies: Vec<&str> = CARD_TYPES.iter().map(|t| t.key).filter(|k| *k != key).collect();
        let fields = [CARD_TYPE, Field::new(key, Rule::Any).required()];
        self.walk(card, path, &fields, Walk::KeysOnly, UnknownKeys::WarnExcept(&other_bodies));
        let body_path = join(path, key);
        match card.get(key) {
            Some(Value::Object(body)) => self.card_body(body, &body_path, card_type),
            Some(other) => self.problem(ErrorKind::WrongJsonType, &body_path, found("an object", other), Some(40053)),
            None => {}
        }
    }

    fn update(&mut self, top: &Object) {
        let bodies: Vec<&'static CardType> = CARD_TYPES.iter().filter(|t| top.get(t.key).is_some()).collect();
        let mut fields = alloc::vec![CARD_ID];
        for card_type in &bodies {
            fields.push(Field::new(card_type.key, Rule::Any).updatable());
        }
        // card_id's value is checked here; the bodies below.
        self.walk(top, "", &fields, Walk::Values, UnknownKeys::Warn);
        match bodies.as_slice() {
            [] => self.problem(
                ErrorKind::Missing,
                "",
                ["the fields to change go in an object named after the card type, e.g. \"cash\": {\"base_info\": ...}"]
                    .concat(),
                Some(40053),
            ),
            [card_type] => {
                self.report.card_type = Some(card_type.name.into());
                self.card_type = Some(card_type);
                match top.get(card_type.key) {
                    Some(Value::Object(body)) => self.card_body(body, card_type.key, card_type),
                    Some(other) => {
                        self.problem(ErrorKind::WrongJsonType, card_type.key, found("an object", other), Some(40053))
                    }
                    None => {}
                }
            }
            [_, second, ..] => self.problem(
                ErrorKind::Conflict,
                second.key,
                ["an update changes one card: one card type key"].concat(),
                None,
            ),
        }
    }

    /// A card's body (`groupon`, `cash`, ...) and the rules across its fields.
    fn card_body(&mut self, body: &Object, path: &str, card_type: &'static CardType) {
        // Every card type's own fields are listed, so a GROUPON body with `reduce_cost` is named
        // as such.
        let unknown = match card_type.fields {
            Fields::All(_) => UnknownKeys::Warn,
            Fields::Partly(_) => {
                let detail = [
                    card_type.name,
                    ": the documents give the sizes of only some of its own fields; the others are checked for their JSON types only",
                ];
                self.info(ErrorKind::NotChecked, path, detail.concat());
                UnknownKeys::Allow
            }
            Fields::SectionsOnly => {
                self.info(ErrorKind::NotChecked, path, [card_type.name, " has fields of its own"].concat());
                UnknownKeys::Allow
            }
        };
        self.walk(body, path, card_type.body_fields(), Walk::Section, unknown);
        cross::check(self, &CardBody::new(card_type, body, path));
    }
}

/// The specifics of [`ErrorKind::CouponCreationClosed`], in Chinese: the message says it in
/// English.
fn coupon_creation_closed(card_type: &str) -> String {
    [
        card_type,
        ": 自",
        COUPON_CREATION_CLOSED,
        "起微信不再支持创建新的优惠券（团购券、代金券、折扣券、兑换券、优惠券），",
        "请改用会员卡、票证，或微信支付商家券/代金券；此前创建的优惠券仍可更新、投放和核销",
    ]
    .concat()
}

fn line_column(s: &str, at: usize) -> String {
    let before = s.get(..at).unwrap_or(s);
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.bytes().rposition(|b| b == b'\n').map_or(0, |i| i + 1);
    let column = before.get(line_start..).unwrap_or("").chars().count() + 1;
    ["at line ", &(line as u64).to_string(), ", column ", &(column as u64).to_string()].concat()
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
