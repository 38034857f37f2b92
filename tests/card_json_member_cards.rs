//! Member cards and tickets in the card JSON check, and the 2021 rule: WeChat's own member-card
//! and meeting-ticket examples pass, each broken variant is named by its JSON path and code, and
//! a card/create of a coupon type is warned about. Runs natively and in the browser.

#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use wxcard::*;

/// The example of 创建会员卡接口 (Membership_Cards/Create_a_membership_card.html), as printed:
/// its second text_image_list image URL holds a space a line break left.
const MEMBER_CREATE: &str = include_str!("cards/member-card-create.json");
/// The example of 创建会议门票 (Special_ticket.html), as printed: a comma before the closing
/// bracket of its base_info.
const MEETING_CREATE: &str = include_str!("cards/meeting-ticket-create.json");
/// Seed 000's GROUPON create body, for the coupon rule.
const GROUPON_CREATE: &str = include_str!("cards/seed-000-groupon-create.json");
/// Seed 001's CASH update body.
const CASH_UPDATE: &str = include_str!("cards/seed-001-cash-update.json");

const COUPON_TYPES: [(&str, &str); 5] = [
    ("GROUPON", "groupon"),
    ("CASH", "cash"),
    ("DISCOUNT", "discount"),
    ("GIFT", "gift"),
    ("GENERAL_COUPON", "general_coupon"),
];
const OTHER_TYPES: [(&str, &str); 6] = [
    ("MEMBER_CARD", "member_card"),
    ("MEETING_TICKET", "meeting_ticket"),
    ("SCENIC_TICKET", "scenic_ticket"),
    ("MOVIE_TICKET", "movie_ticket"),
    ("BOARDING_PASS", "boarding_pass"),
    ("BUS_TICKET", "bus_ticket"),
];

fn summary(report: &CardReport) -> Vec<(Severity, String, &'static str)> {
    report.problems.iter().map(|p| (p.severity, p.path.clone(), p.code())).collect()
}

/// The document with `from` replaced by `to` (which must occur once).
fn replaced(doc: &str, from: &str, to: &str) -> String {
    assert_eq!(doc.matches(from).count(), 1, "{from} occurs once");
    doc.replacen(from, to, 1)
}

fn broken(doc: &str, from: &str, to: &str) -> CardReport {
    validate_card_json(&replaced(doc, from, to))
}

/// The report has a problem of this severity, path and code.
#[track_caller]
fn assert_problem(report: &CardReport, severity: Severity, path: &str, code: &str) {
    assert!(
        report.problems.iter().any(|p| p.severity == severity && p.path == path && p.code() == code),
        "no {severity:?} {code} at {path}: {:?}",
        summary(report)
    );
}

#[track_caller]
fn assert_error(report: &CardReport, path: &str, code: &str) {
    assert!(!report.is_ok(), "{:?}", summary(report));
    assert_problem(report, Severity::Error, path, code);
}

/// The example without what its warnings are about: the stray space, the categories WeChat reads
/// for CASH only, and the activate_url that auto_activate makes WeChat ignore.
fn member_fixed() -> String {
    let fixed = replaced(MEMBER_CREATE, "G0sj piby4", "G0sjpiby4");
    let fixed = replaced(&fixed, "\"accept_category\": \"鞋类\",", "");
    let fixed = replaced(&fixed, "\"reject_category\": \"阿迪达斯\",", "");
    replaced(&fixed, "\"activate_url\": \"http://www.qq.com\",", "")
}

#[test]
fn wechats_member_card_example_is_clean() {
    let report = validate_card_json(MEMBER_CREATE);
    assert!(report.is_ok(), "{:?}", summary(&report));
    assert_eq!(report.document, Some(CardDocument::Create));
    assert_eq!(report.card_type.as_deref(), Some("MEMBER_CARD"));
    let w = |path: &str, code| (Severity::Warning, format!("card.member_card.{path}"), code);
    assert_eq!(
        summary(&report),
        [
            w("advanced_info.text_image_list[1].image_url", "CONTROL_CHARACTER"),
            w("advanced_info.use_condition.accept_category", "CONFLICT"),
            w("advanced_info.use_condition.reject_category", "CONFLICT"),
            w("activate_url", "CONFLICT"),
        ]
    );
    let activation = report.problems.last().unwrap();
    assert!(activation.detail.starts_with("auto_activate is set too"), "{}", activation.detail);
    assert_eq!(validate_card_json(&member_fixed()).problems, []);
}

/// Each broken variant of the member-card example: (replace, with, path under card.member_card,
/// code, errcode).
const BROKEN_MEMBER_CARDS: &[(&str, &str, &str, &str, Option<i32>)] = &[
    (
        "\"cost_money_unit\": 100",
        "\"cost_money_unit\": \"100\"",
        "bonus_rule.cost_money_unit",
        "QUOTED_NUMBER",
        Some(40053),
    ),
    ("\"increase_bonus\": 1,", "\"increase_bonus\": \"1\",", "bonus_rule.increase_bonus", "QUOTED_NUMBER", Some(40053)),
    (
        "\"max_increase_bonus\": 200",
        "\"max_increase_bonus\": \"200\"",
        "bonus_rule.max_increase_bonus",
        "QUOTED_NUMBER",
        Some(40053),
    ),
    (
        "\"init_increase_bonus\": 10",
        "\"init_increase_bonus\": \"10\"",
        "bonus_rule.init_increase_bonus",
        "QUOTED_NUMBER",
        Some(40053),
    ),
    (
        "\"cost_bonus_unit\": 5",
        "\"cost_bonus_unit\": \"5\"",
        "bonus_rule.cost_bonus_unit",
        "QUOTED_NUMBER",
        Some(40053),
    ),
    ("\"reduce_money\": 100", "\"reduce_money\": \"100\"", "bonus_rule.reduce_money", "QUOTED_NUMBER", Some(40053)),
    (
        "\"least_money_to_use_bonus\": 1000",
        "\"least_money_to_use_bonus\": \"1000\"",
        "bonus_rule.least_money_to_use_bonus",
        "QUOTED_NUMBER",
        Some(40053),
    ),
    (
        "\"max_reduce_bonus\": 50",
        "\"max_reduce_bonus\": \"50\"",
        "bonus_rule.max_reduce_bonus",
        "QUOTED_NUMBER",
        Some(40053),
    ),
    (
        "\"max_reduce_bonus\": 50",
        "\"max_reduce_bonus\": -50",
        "bonus_rule.max_reduce_bonus",
        "WRONG_JSON_TYPE",
        Some(40053),
    ),
    ("\"supply_bonus\": true", "\"supply_bonus\": \"true\"", "supply_bonus", "QUOTED_BOOLEAN", Some(40053)),
    ("\"supply_balance\": false", "\"supply_balance\": \"false\"", "supply_balance", "QUOTED_BOOLEAN", Some(40053)),
    ("\"auto_activate\": true", "\"auto_activate\": \"true\"", "auto_activate", "QUOTED_BOOLEAN", Some(40053)),
    ("\"supply_balance\": false,", "", "supply_balance", "MISSING", Some(40053)),
    ("\"supply_bonus\": true,", "", "supply_bonus", "MISSING", Some(40053)),
    ("\"prerogative\": \"test_prerogative\",", "", "prerogative", "MISSING", Some(40053)),
    ("\"prerogative\": \"test_prerogative\"", "\"prerogative\": \"\"", "prerogative", "MISSING", Some(40053)),
    ("\"prerogative\": \"test_prerogative\"", "\"prerogative\": 1024", "prerogative", "WRONG_JSON_TYPE", Some(40053)),
    ("FIELD_NAME_TYPE_LEVEL", "FIELD_NAME_TYPE_GRADE", "custom_field1.name_type", "NOT_ONE_OF", Some(40053)),
    ("FIELD_NAME_TYPE_LEVEL", "field_name_type_level", "custom_field1.name_type", "NOT_ONE_OF", Some(40053)),
    ("\"name_type\": \"FIELD_NAME_TYPE_LEVEL\",", "", "custom_field1.name_type", "MISSING", Some(40053)),
    (
        "https://mmbiz.qlogo.cn/mmbiz/",
        "https://img.example.com/card-bg.jpg",
        "background_pic_url",
        "NOT_UPLOADED_IMAGE",
        None,
    ),
    ("\"discount\": 10", "\"discount\": 101", "discount", "OUT_OF_RANGE", None),
    ("\"discount\": 10", "\"discount\": \"10\"", "discount", "QUOTED_NUMBER", Some(40053)),
    ("\"discount\": 10", "\"discount\": 9.5", "discount", "WRONG_JSON_TYPE", Some(40053)),
    ("\"tips\": \"激活后显示\"", "\"tips\": \"激活后才会显示\"", "custom_cell1.tips", "TOO_LONG", None),
    ("\"name\": \"使用入口2\",", "", "custom_cell1.name", "MISSING", Some(40053)),
    ("\"url\": \"http://www.xxx.com\"", "\"url\": 1", "custom_cell1.url", "WRONG_JSON_TYPE", Some(40053)),
    (
        "\"type\": \"DATE_TYPE_PERMANENT\"",
        "\"type\": \"DATE_TYPE_FIX_TERM\"",
        "base_info.date_info.fixed_term",
        "MISSING",
        Some(47001),
    ),
    ("\"quantity\": 50000000", "\"quantity\": \"50000000\"", "base_info.sku.quantity", "QUOTED_NUMBER", Some(40053)),
    (
        "\"name_type\": \"FIELD_NAME_TYPE_LEVEL\"",
        "\"name_type\": 1",
        "custom_field1.name_type",
        "WRONG_JSON_TYPE",
        Some(40053),
    ),
];

#[test]
fn broken_member_cards_are_named_by_path_and_code() {
    assert!(BROKEN_MEMBER_CARDS.len() >= 20);
    let fixed = member_fixed();
    for &(from, to, path, code, errcode) in BROKEN_MEMBER_CARDS {
        let report = broken(&fixed, from, to);
        let path = format!("card.member_card.{path}");
        assert_error(&report, &path, code);
        let problem = report.errors().find(|p| p.path == path && p.code() == code).unwrap();
        assert_eq!(problem.errcode, errcode, "{path} {code}");
        // The one mistake, and nothing else.
        assert_eq!(report.errors().count(), 1, "{from} -> {to}: {:?}", summary(&report));
    }
}

#[test]
fn member_card_text_limits() {
    let fixed = member_fixed();
    // prerogative: string(3072), 1024 汉字.
    let at_limit = format!("\"prerogative\": \"{}\"", "特".repeat(1024));
    assert!(broken(&fixed, "\"prerogative\": \"test_prerogative\"", &at_limit).is_ok());
    let over = format!("\"prerogative\": \"{}\"", "特".repeat(1025));
    let report = broken(&fixed, "\"prerogative\": \"test_prerogative\"", &over);
    assert_error(&report, "card.member_card.prerogative", "TOO_LONG");
    assert_eq!(report.errors().next().unwrap().detail, "at most 3072 bytes (1024 汉字, 3 bytes each), found 3075");
    // custom_cell1.tips: 6 汉字.
    assert!(broken(&fixed, "\"tips\": \"激活后显示\"", "\"tips\": \"激活后才显示\"").is_ok());
    // bonus_cleared, bonus_rules, balance_rules: string(128) in the create table, string(3072) in
    // the update table; the larger size holds for both.
    for field in ["bonus_cleared", "bonus_rules", "balance_rules"] {
        let text = |n: usize| format!("\"{field}\": \"{}\", \"discount\": 10", "x".repeat(n));
        let report = broken(&fixed, "\"discount\": 10", &text(3072));
        assert!(report.is_ok(), "{field}: {:?}", summary(&report));
        let report = broken(&fixed, "\"discount\": 10", &text(3073));
        assert_error(&report, &format!("card.member_card.{field}"), "TOO_LONG");
        assert_eq!(report.errors().next().unwrap().detail, "at most 3072 bytes, found 3073");
        let update = format!("{{\"card_id\": \"ph_gmt7cUVrlRk8swPwx7aDyF-pg\", \"member_card\": {{{}}}}}", text(3072));
        assert_eq!(validate_card_json(&update).problems, [], "{field}");
    }
    // Discount from 0 to 100 per cent off.
    assert!(broken(&fixed, "\"discount\": 10", "\"discount\": 0").is_ok());
    assert!(broken(&fixed, "\"discount\": 10", "\"discount\": 100").is_ok());
}

#[test]
fn supply_bonus_without_its_bonus_rule_is_a_warning_at_most() {
    // WeChat's create table: "bonus_rule | 否 | JSON结构 | 积分规则结构体，用于微信买单功能", optional;
    // "如填写true，积分相关字段均为必填" (supply_bonus) is the looser sentence: at most a warning.
    let fixed = member_fixed();
    let start = fixed.find("\"bonus_rule\": {").unwrap();
    let end = start + fixed[start..].find('}').unwrap() + 1;
    let with = |field: &str| format!("{}{field}{}", &fixed[..start], &fixed[end..]);
    // No points field at all: a warning, the card is not refused.
    let without = with("\"bonus_cleared\": \"每年12月31日清零\"");
    let report = validate_card_json(&without);
    assert!(report.is_ok(), "{:?}", summary(&report));
    assert_eq!(summary(&report), [(Severity::Warning, "card.member_card.bonus_rule".into(), "MISSING")]);
    assert_eq!(report.problems[0].errcode, None);
    // bonus_url or bonus_rules stands for the points fields: nothing to say.
    for field in ["\"bonus_url\": \"http://www.qq.com/bonus\"", "\"bonus_rules\": \"每消费1元获得1积分\""] {
        assert_eq!(validate_card_json(&with(field)).problems, [], "{field}");
    }
    // Without points, no bonus_rule is needed.
    let no_points = replaced(&without, "\"supply_bonus\": true", "\"supply_bonus\": false");
    assert_eq!(validate_card_json(&no_points).problems, []);
    // A stored balance wants its balance fields: a warning, the document's words being loose.
    let balance = replaced(&fixed, "\"supply_balance\": false", "\"supply_balance\": true");
    let report = validate_card_json(&balance);
    assert!(report.is_ok());
    assert_eq!(summary(&report), [(Severity::Warning, "card.member_card.balance_rules".into(), "MISSING")]);
    let with_rules =
        replaced(&balance, "\"supply_balance\": true", "\"supply_balance\": true, \"balance_rules\": \"充值说明\"");
    assert_eq!(validate_card_json(&with_rules).problems, []);
}

#[test]
fn one_way_to_activate() {
    let fixed = member_fixed();
    let warnings = |doc: &str| -> Vec<(String, &'static str)> {
        let report = validate_card_json(doc);
        assert!(report.is_ok(), "{:?}", summary(&report));
        report.problems.iter().map(|p| (p.path.clone(), p.code())).collect()
    };
    let conflict = |field: &str| (format!("card.member_card.{field}"), "CONFLICT");
    // auto_activate with wx_activate: WeChat ignores wx_activate.
    let auto_wx = replaced(&fixed, "\"auto_activate\": true", "\"auto_activate\": true, \"wx_activate\": true");
    assert_eq!(warnings(&auto_wx), [conflict("wx_activate")]);
    // All three.
    let all = replaced(&auto_wx, "\"custom_cell1\"", "\"activate_url\": \"http://www.qq.com\", \"custom_cell1\"");
    assert_eq!(warnings(&all), [conflict("wx_activate"), conflict("activate_url")]);
    // wx_activate with activate_url: wx_activate no longer works.
    let wx_url = replaced(&all, "\"auto_activate\": true, ", "");
    assert_eq!(warnings(&wx_url), [conflict("wx_activate")]);
    let detail = validate_card_json(&wx_url).problems[0].detail.clone();
    assert!(detail.starts_with("activate_url is set too: WeChat then ignores wx_activate"), "{detail}");
    // One way alone, or a way turned off, is fine.
    let url_only = replaced(&wx_url, "\"wx_activate\": true,", "");
    assert_eq!(warnings(&url_only), []);
    let off = replaced(&all, "\"wx_activate\": true", "\"wx_activate\": false");
    assert_eq!(warnings(&off), [conflict("activate_url")]);
}

#[test]
fn member_card_update() {
    let update = r#"{"card_id": "ph_gmt7cUVrlRk8swPwx7aDyF-pg", "member_card": {
        "background_pic_url": "https://mmbiz.qlogo.cn/mmbiz/",
        "base_info": {"color": "Color010", "notice": "使用时向服务员出示此券"},
        "prerogative": "会员九折", "bonus_cleared": "每年12月31日清零",
        "bonus_rule": {"cost_money_unit": 100, "increase_bonus": 1},
        "discount": 10
    }}"#;
    let report = validate_card_json(update);
    assert_eq!(report.problems, []);
    assert_eq!((report.document, report.card_type.as_deref()), (Some(CardDocument::Update), Some("MEMBER_CARD")));
    let quoted = broken(update, "\"increase_bonus\": 1", "\"increase_bonus\": \"1\"");
    assert_error(&quoted, "member_card.bonus_rule.increase_bonus", "QUOTED_NUMBER");
    // 更改会员卡信息 lists title (9 汉字; the card goes back to review); brand_name it does not.
    let title = broken(update, "\"color\": \"Color010\"", "\"title\": \"海底捞金卡会员\"");
    assert_eq!(title.problems, []);
    let long = broken(update, "\"color\": \"Color010\"", "\"title\": \"海底捞金卡会员专享卡\"");
    assert_error(&long, "member_card.base_info.title", "TOO_LONG");
    let brand = broken(update, "\"color\": \"Color010\"", "\"brand_name\": \"海底捞\"");
    assert_error(&brand, "member_card.base_info.brand_name", "NOT_UPDATABLE");
    // The coupons' update does not list title: still refused there.
    for (name, key) in COUPON_TYPES {
        let update = format!("{{\"card_id\": \"pbLatjgOY1_Cxi3mnWBThtG90HGg\", \"{key}\": {{\"base_info\": {{\"title\": \"新标题\"}}}}}}");
        let report = validate_card_json(&update);
        assert_error(&report, &format!("{key}.base_info.title"), "NOT_UPDATABLE");
        assert_eq!(report.errors().count(), 1, "{name}: {:?}", summary(&report));
    }
    // So are the tickets' (MEETING_TICKET shares the coupons' base_info).
    let meeting = r#"{"card_id": "p1", "meeting_ticket": {"base_info": {"title": "新标题"}}}"#;
    assert_error(&validate_card_json(meeting), "meeting_ticket.base_info.title", "NOT_UPDATABLE");
}

#[test]
fn the_coupon_rule_warns_on_create_only() {
    // Each coupon type, created: a warning, not an error.
    for (name, key) in COUPON_TYPES {
        let doc = replaced(GROUPON_CREATE, "\"card_type\": \"GROUPON\"", &format!("\"card_type\": \"{name}\""));
        let doc = replaced(&doc, "\"groupon\": {", &format!("\"{key}\": {{"));
        let report = validate_card_json(&doc);
        let closed: Vec<_> = report.problems.iter().filter(|p| p.code() == "COUPON_CREATION_CLOSED").collect();
        assert_eq!(closed.len(), 1, "{name}: {:?}", summary(&report));
        assert_eq!((closed[0].severity, closed[0].path.as_str()), (Severity::Warning, "card.card_type"), "{name}");
        assert_eq!(closed[0].errcode, None);
        assert!(closed[0].detail.starts_with(name), "{}", closed[0].detail);
    }
    // The seed's GROUPON is otherwise valid: the warning does not refuse it.
    let fixed = GROUPON_CREATE.replace("Njakmx ibML", "NjakmxibML");
    let report = validate_card_json(&fixed);
    assert!(report.is_ok());
    assert_eq!(summary(&report), [(Severity::Warning, "card.card_type".into(), "COUPON_CREATION_CLOSED")]);
    // The sentence names the date and the ways left, in English and in Chinese.
    let problem = &report.problems[0];
    for words in ["2021-04-01", "member card", "ticket", "WeChat Pay", "still update, issue and consume"] {
        assert!(problem.message().contains(words), "{words}: {}", problem.message());
    }
    for words in ["2021-04-01", "会员卡", "票证", "商家券", "代金券", "仍可更新、投放和核销"] {
        assert!(problem.detail.contains(words), "{words}: {}", problem.detail);
    }
    assert_eq!(ErrorKind::CouponCreationClosed.code(), "COUPON_CREATION_CLOSED");
    assert!(ErrorKind::ALL.contains(&ErrorKind::CouponCreationClosed));

    // The inner object alone is a create body too.
    let inner = r#"{"card_type": "CASH", "cash": {}}"#;
    assert_problem(&validate_card_json(inner), Severity::Warning, "card.card_type", "COUPON_CREATION_CLOSED");

    // Updating an existing coupon is unaffected.
    let report = validate_card_json(CASH_UPDATE);
    assert_eq!(report.problems, []);
    for (name, key) in COUPON_TYPES {
        let update = format!("{{\"card_id\": \"pbLatjgOY1_Cxi3mnWBThtG90HGg\", \"{key}\": {{\"base_info\": {{\"color\": \"Color020\"}}}}}}");
        let report = validate_card_json(&update);
        assert_eq!(report.problems, [], "{name}");
        assert_eq!(report.card_type.as_deref(), Some(name));
    }

    // Member cards and tickets are not coupons.
    for (name, key) in OTHER_TYPES {
        let doc = replaced(GROUPON_CREATE, "\"card_type\": \"GROUPON\"", &format!("\"card_type\": \"{name}\""));
        let doc = replaced(&doc, "\"groupon\": {", &format!("\"{key}\": {{"));
        let report = validate_card_json(&doc);
        assert_eq!(report.card_type.as_deref(), Some(name));
        assert!(
            !report.problems.iter().any(|p| p.code() == "COUPON_CREATION_CLOSED"),
            "{name}: {:?}",
            summary(&report)
        );
    }
    assert!(!validate_card_json(MEMBER_CREATE).problems.iter().any(|p| p.code() == "COUPON_CREATION_CLOSED"));
}

#[test]
fn wechats_meeting_ticket_example() {
    // As printed, the example is not JSON: a comma closes its base_info.
    let report = validate_card_json(MEETING_CREATE);
    assert_eq!(summary(&report), [(Severity::Error, String::new(), "INVALID_JSON")]);
    assert!(report.problems[0].detail.contains("comma before the closing bracket"), "{}", report.problems[0].detail);
    let fixed = replaced(MEETING_CREATE, "\"6个汉字tips\",", "\"6个汉字tips\"");
    let report = validate_card_json(&fixed);
    assert_eq!(report.problems, []);
    assert_eq!(report.card_type.as_deref(), Some("MEETING_TICKET"));

    let p = |field: &str| format!("card.meeting_ticket.{field}");
    let no_detail =
        broken(&fixed, "\"meeting_detail\": \"会议时间:xxx;地点:xxx \"", "\"map_url\": \"http://www.qq.com/map\"");
    assert_error(&no_detail, &p("meeting_detail"), "MISSING");
    assert_eq!(no_detail.errors().count(), 1);
    let number = broken(&fixed, "\"会议时间:xxx;地点:xxx \"", "20150510");
    assert_error(&number, &p("meeting_detail"), "WRONG_JSON_TYPE");
    let long_map = format!("\"meeting_detail\": \"会议\", \"map_url\": \"http://www.qq.com/{}\"", "m".repeat(120));
    let report = broken(&fixed, "\"meeting_detail\": \"会议时间:xxx;地点:xxx \"", &long_map);
    assert_error(&report, &p("map_url"), "TOO_LONG");
    let typo = broken(&fixed, "\"meeting_detail\"", "\"meeting_detail\": \"会议\", \"meeting_detial\"");
    assert!(typo.is_ok());
    assert_problem(&typo, Severity::Warning, &p("meeting_detial"), "UNKNOWN_FIELD");
    let timestamps = broken(&fixed, "\"begin_timestamp\": 1397577600", "\"begin_timestamp\": \"1397577600000\"");
    assert_error(&timestamps, &p("base_info.date_info.begin_timestamp"), "TIMESTAMP_IN_MILLISECONDS");
}

#[test]
fn scenic_movie_and_boarding_pass_own_fields() {
    let fixed = replaced(MEETING_CREATE, "\"6个汉字tips\",", "\"6个汉字tips\"");
    let as_type = |name: &str, key: &str, fields: &str| {
        let doc = replaced(&fixed, "\"card_type\": \"MEETING_TICKET\"", &format!("\"card_type\": \"{name}\""));
        let doc = replaced(&doc, "\"meeting_ticket\": {", &format!("\"{key}\": {{"));
        validate_card_json(&replaced(&doc, "\"meeting_detail\": \"会议时间:xxx;地点:xxx \"", fields))
    };
    let info = |report: &CardReport| -> Vec<(String, &'static str)> {
        report.problems.iter().filter(|p| p.severity == Severity::Info).map(|p| (p.path.clone(), p.code())).collect()
    };

    let scenic =
        as_type("SCENIC_TICKET", "scenic_ticket", r#""ticket_class": "全票", "guide_url": "http://www.qq.com""#);
    assert!(scenic.is_ok(), "{:?}", summary(&scenic));
    assert_eq!(info(&scenic), [("card.scenic_ticket".to_string(), "NOT_CHECKED")]);
    assert_eq!(scenic.problems.len(), 1, "{:?}", summary(&scenic));
    let report = as_type("SCENIC_TICKET", "scenic_ticket", r#""ticket_class": 1, "guide_url": "www.qq.com""#);
    assert_error(&report, "card.scenic_ticket.ticket_class", "WRONG_JSON_TYPE");
    assert_problem(&report, Severity::Warning, "card.scenic_ticket.guide_url", "URL_NOT_HTTP");

    let movie = as_type("MOVIE_TICKET", "movie_ticket", r#""detail": "电影名:xxx,电影简介:xxx""#);
    assert!(movie.is_ok() && movie.problems.len() == 1, "{:?}", summary(&movie));
    assert_error(
        &as_type("MOVIE_TICKET", "movie_ticket", r#""detail": ["xxx"]"#),
        "card.movie_ticket.detail",
        "WRONG_JSON_TYPE",
    );

    let flight = r#""from": "成都", "to": "广州", "flight": "CE123", "air_model": "空客A320",
        "departure_time": 1434507901, "landing_time": "1434607901", "boarding_time": 1434504901,
        "gate": 3, "check_in_url": "http://www.qq.com", "seat_class": "经济舱""#;
    let pass = as_type("BOARDING_PASS", "boarding_pass", flight);
    assert!(pass.is_ok() && pass.problems.len() == 1, "{:?}", summary(&pass));
    let report = as_type("BOARDING_PASS", "boarding_pass", &flight.replace("\"CE123\"", "123"));
    assert_error(&report, "card.boarding_pass.flight", "WRONG_JSON_TYPE");
    // From, to and flight are required; from and to take 18 汉字, the aircraft 8.
    for field in ["from", "to", "flight"] {
        let without = flight.replace(&format!("\"{field}\":"), &format!("\"x_{field}\":"));
        assert_error(
            &as_type("BOARDING_PASS", "boarding_pass", &without),
            &format!("card.boarding_pass.{field}"),
            "MISSING",
        );
    }
    let report = as_type("BOARDING_PASS", "boarding_pass", &flight.replace("\"成都\"", "\"\""));
    assert_error(&report, "card.boarding_pass.from", "MISSING");
    let long_to = flight.replace("\"广州\"", &format!("\"{}\"", "广".repeat(19)));
    assert_error(&as_type("BOARDING_PASS", "boarding_pass", &long_to), "card.boarding_pass.to", "TOO_LONG");
    let full_to = flight.replace("\"广州\"", &format!("\"{}\"", "广".repeat(18)));
    assert!(as_type("BOARDING_PASS", "boarding_pass", &full_to).is_ok());
    let long_model = flight.replace("\"空客A320\"", "\"空中客车A320-200neo宽体\"");
    assert_error(&as_type("BOARDING_PASS", "boarding_pass", &long_model), "card.boarding_pass.air_model", "TOO_LONG");
    // An update may change one field alone: nothing is required there.
    let update = r#"{"card_id": "pBoarding1", "boarding_pass": {"gate": "B12"}}"#;
    assert!(validate_card_json(update).is_ok(), "{:?}", summary(&validate_card_json(update)));
}

#[test]
fn card_type_suggestions_name_every_type() {
    let report = broken(MEMBER_CREATE, "\"MEMBER_CARD\"", "\"member_card\"");
    assert_error(&report, "card.card_type", "CARD_TYPE_INVALID");
    let detail = &report.errors().next().unwrap().detail;
    assert!(detail.starts_with("card_type is upper case") && detail.contains("MEMBER_CARD"), "{detail}");
}
