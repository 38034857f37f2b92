//! Rules across the fields of one card body: each field alone is well formed, yet WeChat refuses
//! (or ignores) the combination.

use alloc::string::String;

use super::check::{join, non_empty_array, object_at, Checker};
use super::rules::{CardType, FIX_TIME_RANGE, USE_CONDITION_CARD_TYPES};
use super::CardDocument;
use crate::error::ErrorKind;
use crate::json::{Object, Value};

/// One card body (`groupon`, `cash`, ...) and its two sections, as the rules read them.
pub(super) struct CardBody<'a> {
    card_type: &'static CardType,
    body: &'a Object,
    path: &'a str,
    base: Option<&'a Object>,
    base_path: String,
    advanced: Option<&'a Object>,
    advanced_path: String,
}

impl<'a> CardBody<'a> {
    pub(super) fn new(card_type: &'static CardType, body: &'a Object, path: &'a str) -> CardBody<'a> {
        CardBody {
            card_type,
            body,
            path,
            base: object_at(body, "base_info"),
            base_path: join(path, "base_info"),
            advanced: object_at(body, "advanced_info"),
            advanced_path: join(path, "advanced_info"),
        }
    }

    /// A friends' coupon (朋友的券): `advanced_info.share_friends` is true.
    fn friends_coupon(&self) -> bool {
        self.advanced.and_then(|a| a.get("share_friends")) == Some(&Value::Bool(true))
    }
}

/// A rule across fields: it reports what it finds through the checker.
type CrossRule = fn(&mut Checker, &CardBody<'_>);

/// Every rule across fields, in the order their problems are reported.
const RULES: &[CrossRule] = &[
    gift_content,
    friends_coupon_not_shared_on,
    friends_coupon_fixed_dates,
    friends_coupon_stores_and_images,
    consume_share_one_way,
    use_condition_for_card_type,
    member_card_one_way_to_activate,
    member_card_bonus_and_balance,
    member_card_custom_fields,
];

/// Applies every rule across fields to a card body.
pub(super) fn check(c: &mut Checker, body: &CardBody<'_>) {
    for rule in RULES {
        rule(c, body);
    }
}

/// WeChat refuses to create a GIFT card that does not say what the gift is: `gift`, or for
/// friends' coupons gift_name, gift_num and gift_unit.
fn gift_content(c: &mut Checker, b: &CardBody<'_>) {
    if b.card_type.name == "GIFT"
        && c.mode == CardDocument::Create
        && b.body.get("gift").is_none()
        && b.body.get("gift_name").is_none()
    {
        c.problem(
            ErrorKind::Missing,
            &join(b.path, "gift"),
            ["or gift_name, gift_num and gift_unit"].concat(),
            Some(40053),
        );
    }
}

/// WeChat hands friends' coupons on itself, so it refuses one its holder could share or give
/// (can_share and can_give_friend must be false, and given when created).
fn friends_coupon_not_shared_on(c: &mut Checker, b: &CardBody<'_>) {
    if !b.friends_coupon() {
        return;
    }
    for flag in ["can_share", "can_give_friend"] {
        let p = join(&b.base_path, flag);
        match b.base.and_then(|base| base.get(flag)) {
            Some(Value::Bool(false)) => {}
            None if c.mode == CardDocument::Update => {}
            None => c.problem(
                ErrorKind::Missing,
                &p,
                ["advanced_info.share_friends is true: set ", flag, " to false, it must not be left out"].concat(),
                Some(40053),
            ),
            Some(_) => c.problem(
                ErrorKind::Conflict,
                &p,
                ["advanced_info.share_friends is true: ", flag, " must be false"].concat(),
                None,
            ),
        }
    }
}

/// WeChat answers 47001 to a friends' coupon whose dates are not a fixed time range.
fn friends_coupon_fixed_dates(c: &mut Checker, b: &CardBody<'_>) {
    if !b.friends_coupon() {
        return;
    }
    let date_type = b.base.and_then(|base| object_at(base, "date_info")).and_then(|d| d.get("type"));
    if let Some(Value::String(t)) = date_type {
        if t != FIX_TIME_RANGE {
            let p = join(&join(&b.base_path, "date_info"), "type");
            c.problem(ErrorKind::Conflict, &p, ["friends' coupons take only ", FIX_TIME_RANGE].concat(), Some(47001));
        }
    }
}

/// WeChat shows a friends' coupon with its stores and an illustrated text, and refuses to create
/// one without at least one of each.
fn friends_coupon_stores_and_images(c: &mut Checker, b: &CardBody<'_>) {
    if !b.friends_coupon() || c.mode != CardDocument::Create {
        return;
    }
    let lists = [
        (b.base, &b.base_path, "location_id_list", "friends' coupons need at least one store (poi_id)"),
        (b.advanced, &b.advanced_path, "text_image_list", "friends' coupons need at least one image with text"),
    ];
    for (section, section_path, list, why) in lists {
        if !non_empty_array(section.and_then(|o| o.get(list))) {
            c.problem(ErrorKind::Missing, &join(section_path, list), [why].concat(), None);
        }
    }
}

/// After a card is used WeChat gives either the same card again (consume_share_self_num) or the
/// cards of consume_share_card_list, never both.
fn consume_share_one_way(c: &mut Checker, b: &CardBody<'_>) {
    let Some(a) = b.advanced else { return };
    let self_num = matches!(a.get("consume_share_self_num"), Some(Value::Number(n)) if n != "0");
    if self_num && non_empty_array(a.get("consume_share_card_list")) {
        c.problem(
            ErrorKind::Conflict,
            &join(&b.advanced_path, "consume_share_self_num"),
            ["give either this card again or consume_share_card_list, not both"].concat(),
            None,
        );
    }
}

/// WeChat reads each use_condition field for some card types only and ignores it on the others.
fn use_condition_for_card_type(c: &mut Checker, b: &CardBody<'_>) {
    let Some(cond) = b.advanced.and_then(|a| object_at(a, "use_condition")) else { return };
    let cond_path = join(&b.advanced_path, "use_condition");
    for (field, types) in USE_CONDITION_CARD_TYPES {
        if cond.get(field).is_some() && !types.contains(&b.card_type.name) {
            let mut detail = ["WeChat uses it for "].concat();
            for (i, t) in types.iter().enumerate() {
                detail.push_str(if i > 0 { " and " } else { "" });
                detail.push_str(t);
            }
            detail.push_str(" cards only");
            c.warning(ErrorKind::Conflict, &join(&cond_path, field), detail);
        }
    }
}

/// A member card is activated one way: by WeChat itself on receipt (auto_activate), by WeChat's
/// own form (wx_activate, 一键激活) or by the merchant's page (activate_url). The member-card
/// document: with auto_activate true, activate_url and wx_activate no longer work; wx_activate
/// must not come with activate_url, or wx_activate no longer works. WeChat accepts the card
/// (its own example sets auto_activate and activate_url), so this is a warning.
fn member_card_one_way_to_activate(c: &mut Checker, b: &CardBody<'_>) {
    if b.card_type.name != "MEMBER_CARD" {
        return;
    }
    let on = |key: &str| match b.body.get(key) {
        Some(Value::Bool(v)) => *v,
        Some(Value::String(s)) => !s.trim().is_empty() && s != "false",
        _ => false,
    };
    let ignored: &[(&str, &str)] = if on("auto_activate") {
        &[("wx_activate", "auto_activate"), ("activate_url", "auto_activate")]
    } else {
        &[("wx_activate", "activate_url")]
    };
    for (field, winner) in ignored {
        if on(field) && on(winner) {
            let detail = [
                winner,
                " is set too: WeChat then ignores ",
                field,
                "; choose one way to activate (auto_activate, wx_activate or activate_url)",
            ];
            c.warning(ErrorKind::Conflict, &join(b.path, field), detail.concat());
        }
    }
}

/// "如填写true，积分相关字段均为必填": a member card showing points wants its points fields; one
/// with a stored balance its balance fields. Both are warnings: the create table itself marks
/// `bonus_rule` optional ("bonus_rule | 否 | JSON结构 | 积分规则结构体，用于微信买单功能"), and
/// where the documents disagree the more permissive reading holds. bonus_url (the merchant's
/// own points page) or bonus_rules (the rules in words) stands for the points fields.
fn member_card_bonus_and_balance(c: &mut Checker, b: &CardBody<'_>) {
    if b.card_type.name != "MEMBER_CARD" || c.mode != CardDocument::Create {
        return;
    }
    let bonus_fields = ["bonus_rule", "bonus_url", "bonus_rules"];
    if b.body.get("supply_bonus") == Some(&Value::Bool(true)) && !bonus_fields.iter().any(|k| b.body.get(k).is_some()) {
        c.warning(
            ErrorKind::Missing,
            &join(b.path, "bonus_rule"),
            ["supply_bonus is true: the points fields are expected (bonus_rule, bonus_url or bonus_rules)"].concat(),
        );
    }
    let balance_fields = ["balance_rules", "balance_url"];
    if b.body.get("supply_balance") == Some(&Value::Bool(true))
        && !balance_fields.iter().any(|k| b.body.get(k).is_some())
    {
        c.warning(
            ErrorKind::Missing,
            &join(b.path, "balance_rules"),
            ["supply_balance is true: the balance fields are required (balance_rules, or balance_url)"].concat(),
        );
    }
}

/// Each custom_field names its category with WeChat's `name_type` or the merchant's `name`.
fn member_card_custom_fields(c: &mut Checker, b: &CardBody<'_>) {
    if b.card_type.name != "MEMBER_CARD" {
        return;
    }
    for key in ["custom_field1", "custom_field2", "custom_field3"] {
        let Some(field) = object_at(b.body, key) else { continue };
        if field.get("name_type").is_none() && field.get("name").is_none() {
            c.problem(
                ErrorKind::Missing,
                &join(&join(b.path, key), "name_type"),
                ["or name: the category's name"].concat(),
                Some(40053),
            );
        }
    }
}
