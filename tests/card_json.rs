//! Card JSON checked before WeChat sees it: the seed documents' own examples pass, and each
//! broken variant is named by its JSON path and rule. Runs natively and in the browser.

#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use wxcard::*;

/// Seed 000, HelloWorld step 3, as printed (its logo URL holds a stray space from a line break).
const GROUPON_CREATE: &str = include_str!("cards/seed-000-groupon-create.json");
/// Seed 001, the friends' coupons update example (its web page indents with U+00A0, replaced).
const CASH_UPDATE: &str = include_str!("cards/seed-001-cash-update.json");

fn summary(report: &CardReport) -> Vec<(Severity, String, &'static str)> {
    report.problems.iter().map(|p| (p.severity, p.path.clone(), p.code())).collect()
}

/// The report of the document with `from` replaced by `to` (which must occur once).
fn broken(doc: &str, from: &str, to: &str) -> CardReport {
    assert_eq!(doc.matches(from).count(), 1, "{from} occurs once");
    validate_card_json(&doc.replacen(from, to, 1))
}

/// The report has an error with this path and code.
#[track_caller]
fn assert_error(report: &CardReport, path: &str, code: &str) {
    assert!(!report.is_ok(), "{:?}", summary(report));
    assert!(report.errors().any(|p| p.path == path && p.code() == code), "no {code} at {path}: {:?}", summary(report));
}

#[test]
fn the_seed_groupon_create_example_is_clean() {
    let report = validate_card_json(GROUPON_CREATE);
    assert!(report.is_ok(), "{:?}", summary(&report));
    assert_eq!(report.document, Some(CardDocument::Create));
    assert_eq!(report.card_type.as_deref(), Some("GROUPON"));
    // No error; two warnings: WeChat creates no new coupons since 2021-04-01, and the space a
    // line break left in the printed logo URL.
    assert_eq!(
        summary(&report),
        [
            (Severity::Warning, "card.card_type".to_string(), "COUPON_CREATION_CLOSED"),
            (Severity::Warning, "card.groupon.base_info.logo_url".to_string(), "CONTROL_CHARACTER"),
        ]
    );
    let fixed = GROUPON_CREATE.replace("Njakmx ibML", "NjakmxibML");
    assert_eq!(
        summary(&validate_card_json(&fixed)),
        [(Severity::Warning, "card.card_type".to_string(), "COUPON_CREATION_CLOSED")]
    );
}

#[test]
fn the_seed_cash_update_example_is_clean() {
    let report = validate_card_json(CASH_UPDATE);
    assert_eq!(report.problems, []);
    assert_eq!(report.document, Some(CardDocument::Update));
    assert_eq!(report.card_type.as_deref(), Some("CASH"));
}

#[test]
fn json_copied_from_a_web_page_is_explained() {
    // The update example exactly as its web page serves it: indented with non-breaking spaces.
    let copied = CASH_UPDATE.replace("    ", "\u{a0}\u{a0}\u{a0}\u{a0}");
    let report = validate_card_json(&copied);
    assert_eq!(summary(&report), [(Severity::Error, String::new(), "INVALID_JSON")]);
    let detail = &report.problems[0].detail;
    assert!(detail.starts_with("at line 2, column 1") && detail.contains("U+00A0"), "{detail}");
    assert_eq!(report.problems[0].errcode, Some(47001));

    // Seed 000's QR code example ends its card object with a comma.
    let qr = "{\"action_name\":\n\"QR_CARD\",\n\"action_info\": {\n\"card\": {\n\"card_id\": \"po_2DjgJ2zrboM6SzK3qNuje5iWQ\",\n}\n}\n}";
    let detail = validate_card_json(qr).problems[0].detail.clone();
    assert!(detail.contains("line 6") && detail.contains("comma before the closing bracket"), "{detail}");

    let chinese = validate_card_json("{\"card\"：{}}").problems[0].detail.clone();
    assert!(chinese.contains("full-width colon"), "{chinese}");
    assert_eq!(summary(&validate_card_json("[1]")), [(Severity::Error, String::new(), "WRONG_JSON_TYPE")]);
}

#[test]
fn quoted_numbers_and_booleans_are_40053() {
    let g = GROUPON_CREATE;
    let report = broken(g, "\"can_share\": true", "\"can_share\": \"true\"");
    assert_error(&report, "card.groupon.base_info.can_share", "QUOTED_BOOLEAN");
    assert_eq!(report.errors().next().unwrap().errcode, Some(40053));
    assert_error(
        &broken(g, "\"quantity\": 500000", "\"quantity\": \"500000\""),
        "card.groupon.base_info.sku.quantity",
        "QUOTED_NUMBER",
    );
    assert_error(
        &broken(g, "\"get_limit\": 3", "\"get_limit\": \"3\""),
        "card.groupon.base_info.get_limit",
        "QUOTED_NUMBER",
    );
    assert_error(
        &broken(g, "[123, 12321", "[\"123\", 12321"),
        "card.groupon.base_info.location_id_list[0]",
        "QUOTED_NUMBER",
    );
    assert_error(
        &broken(g, "\"fixed_term\": 15", "\"fixed_term\": 1.5"),
        "card.groupon.base_info.date_info.fixed_term",
        "WRONG_JSON_TYPE",
    );
    // Text must be quoted too.
    assert_error(&broken(g, "\"020-88888888\"", "88888888"), "card.groupon.base_info.service_phone", "WRONG_JSON_TYPE");
}

#[test]
fn text_limits_are_the_documents_string_sizes() {
    let g = GROUPON_CREATE;
    let cases = [
        ("\"132元双人火锅套餐\"", "\"132元双人火锅套餐豪华版\"", "title"),
        ("\"微信餐厅\"", "\"微信餐厅微信餐厅微信餐厅微\"", "brand_name"),
        ("\"立即使用\"", "\"立即使用吧朋友\"", "custom_url_name"),
        ("\"6个汉字tips\"", "\"七个汉字的提示\"", "custom_url_sub_title"),
        ("\"周末狂欢必备\"", "\"周末狂欢必备周末狂欢必备周末狂欢必备周\"", "sub_title"),
        ("\"使用时向服务员出示此券\"", "\"使用时向服务员出示此券使用时向服务\"", "notice"),
    ];
    for (from, to, field) in cases {
        let report = broken(g, from, to);
        let path = format!("card.groupon.base_info.{field}");
        assert_error(&report, &path, "TOO_LONG");
        assert_eq!(report.errors().count(), 1, "{field}: {:?}", summary(&report));
    }
    // Exactly at the limit passes: 9 汉字 in a title, 5 in custom_url_name.
    assert!(broken(g, "\"132元双人火锅套餐\"", "\"双人火锅套餐九个字\"").is_ok());
    assert!(broken(g, "\"立即使用\"", "\"立即去使用\"").is_ok());
    let report = broken(g, "\"立即使用\"", "\"立即使用吧朋友\"");
    let detail = report.problems.iter().find(|p| p.code() == "TOO_LONG").unwrap().detail.clone();
    assert_eq!(detail, "at most 16 bytes (5 汉字, 3 bytes each), found 21");
}

#[test]
fn enumerations() {
    let g = GROUPON_CREATE;
    assert_error(&broken(g, "\"Color010\"", "\"Color011\""), "card.groupon.base_info.color", "NOT_ONE_OF");
    let report = broken(g, "\"Color010\"", "\"color010\"");
    assert_eq!(report.errors().next().unwrap().detail, "write it exactly \"Color010\"");
    assert_error(
        &broken(g, "\"CODE_TYPE_TEXT\"", "\"CODE_TYPE_TXT\""),
        "card.groupon.base_info.code_type",
        "NOT_ONE_OF",
    );
    let report = broken(g, "\"card_type\": \"GROUPON\"", "\"card_type\": \"groupon\"");
    assert_error(&report, "card.card_type", "CARD_TYPE_INVALID");
    assert!(report.errors().next().unwrap().detail.starts_with("card_type is upper case"));
    // WeChat's error-code page: 40071, 不合法的卡券类型.
    assert_eq!(report.errors().next().unwrap().errcode, Some(40071));

    let u = CASH_UPDATE;
    assert_error(&broken(u, "\"MONDAY\"", "\"MON\""), "cash.advanced_info.time_limit[0].type", "NOT_ONE_OF");
    let report = broken(u, "\"BIZ_SERVICE_WITH_PET\"", "\"BIZ_SERVICE_PET\"");
    assert_error(&report, "cash.advanced_info.business_service[1]", "NOT_ONE_OF");
}

#[test]
fn date_info_fields_follow_its_type() {
    let g = GROUPON_CREATE;
    let report = broken(g, "\"fixed_begin_term\": 0", "\"fixed_begin_term\": 0, \"begin_timestamp\": 1397577600");
    assert_error(&report, "card.groupon.base_info.date_info.begin_timestamp", "DATE_INFO_MISMATCH");
    assert_eq!(report.errors().next().unwrap().errcode, Some(47001));

    let report = broken(g, "\"DATE_TYPE_FIX_TERM\"", "\"DATE_TYPE_FIX_TIME_RANGE\"");
    assert_error(&report, "card.groupon.base_info.date_info.fixed_term", "DATE_INFO_MISMATCH");
    assert_error(&report, "card.groupon.base_info.date_info.begin_timestamp", "MISSING");
    assert_error(&report, "card.groupon.base_info.date_info.end_timestamp", "MISSING");

    let range =
        "\"type\": \"DATE_TYPE_FIX_TIME_RANGE\", \"begin_timestamp\": 1397577600, \"end_timestamp\": \"1472724261\"";
    let fixed = "\"type\": \"DATE_TYPE_FIX_TERM\",\n\"fixed_term\": 15 ,\n\"fixed_begin_term\": 0";
    assert!(broken(g, fixed, range).is_ok(), "timestamps as numbers or digit strings");
    let reversed = range.replace("1472724261", "1397577600");
    assert_error(&broken(g, fixed, &reversed), "card.groupon.base_info.date_info.end_timestamp", "OUT_OF_RANGE");
    let millis = range.replace("1472724261", "1472724261000");
    assert_error(
        &broken(g, fixed, &millis),
        "card.groupon.base_info.date_info.end_timestamp",
        "TIMESTAMP_IN_MILLISECONDS",
    );
    assert_error(
        &broken(g, "\"DATE_TYPE_FIX_TERM\"", "\"DATE_TYPE_PERMANENT\""),
        "card.groupon.base_info.date_info.type",
        "NOT_ONE_OF",
    );
}

#[test]
fn required_fields_and_the_card_type_body() {
    let g = GROUPON_CREATE;
    let report = broken(g, "\"brand_name\":\"微信餐厅\",", "");
    assert_eq!(summary(&report).iter().filter(|p| p.0 == Severity::Error).count(), 1);
    assert_error(&report, "card.groupon.base_info.brand_name", "MISSING");
    assert_error(
        &broken(g, "\"title\": \"132元双人火锅套餐\"", "\"title\": \"\""),
        "card.groupon.base_info.title",
        "MISSING",
    );
    let no_detail = g.replace("\"deal_detail\"", "\"deal_detale\"");
    let report = validate_card_json(&no_detail);
    assert_error(&report, "card.groupon.deal_detail", "MISSING");
    let typo = report.problems.iter().find(|p| p.path == "card.groupon.deal_detale").unwrap();
    assert_eq!(
        (typo.severity, typo.code(), typo.detail.as_str()),
        (Severity::Warning, "UNKNOWN_FIELD", "did you mean \"deal_detail\"?")
    );

    let report = broken(g, "\"card_type\": \"GROUPON\"", "\"card_type\": \"CASH\"");
    assert_error(&report, "card.cash", "MISSING");
    assert_error(&report, "card.groupon", "CONFLICT");

    let report = broken(g, "\"can_share\": true", "\"canshare\": true");
    assert!(report.is_ok(), "an unknown field is a warning");
    let typo = report.problems.iter().find(|p| p.path == "card.groupon.base_info.canshare").unwrap();
    assert_eq!(typo.detail, "did you mean \"can_share\"?");

    assert_error(
        &broken(g, "\"get_limit\": 3", "\"get_limit\": 3, \"get_limit\": 4"),
        "card.groupon.base_info.get_limit",
        "DUPLICATE_KEY",
    );
    assert_error(
        &broken(g, "\"get_limit\": 3", "\"get_limit\": 0"),
        "card.groupon.base_info.get_limit",
        "OUT_OF_RANGE",
    );

    // The inner object alone is checked, and the missing wrapper named.
    let inner = &g[g.find("\"card_type\"").unwrap() - 1..g.rfind('}').unwrap()];
    let inner = format!("{{{}", inner.trim_start_matches('{'));
    let report = validate_card_json(&inner);
    assert_eq!(report.errors().map(|p| p.path.as_str()).collect::<Vec<_>>(), ["card"]);
    assert_error(&validate_card_json("{}"), "card", "MISSING");
}

#[test]
fn other_card_types_get_their_base_info_checked() {
    // A type whose own fields are not known: its base_info is checked all the same.
    let bus = GROUPON_CREATE
        .replace("\"card_type\": \"GROUPON\"", "\"card_type\": \"BUS_TICKET\"")
        .replace("\"groupon\": {", "\"bus_ticket\": {\"departure\": \"广州\",")
        .replace("\"get_limit\": 3", "\"get_limit\": \"3\"");
    let report = validate_card_json(&bus);
    assert_eq!(report.card_type.as_deref(), Some("BUS_TICKET"));
    let info: Vec<_> =
        report.problems.iter().filter(|p| p.severity == Severity::Info).map(|p| (p.path.as_str(), p.code())).collect();
    assert_eq!(info, [("card.bus_ticket", "NOT_CHECKED")]);
    assert_error(&report, "card.bus_ticket.base_info.get_limit", "QUOTED_NUMBER");
    assert!(!report.problems.iter().any(|p| p.path.contains("departure") || p.path.contains("deal_detail")));
    // Member cards may be permanent; coupons may not.
    let member = GROUPON_CREATE
        .replace("\"card_type\": \"GROUPON\"", "\"card_type\": \"MEMBER_CARD\"")
        .replace("\"groupon\": {", "\"member_card\": {\"prerogative\": \"会员折扣\", \"supply_bonus\": true,");
    let fixed = "\"type\": \"DATE_TYPE_FIX_TERM\",\n\"fixed_term\": 15 ,\n\"fixed_begin_term\": 0";
    let permanent = member.replace(fixed, "\"type\": \"DATE_TYPE_PERMANENT\"");
    assert!(!validate_card_json(&permanent).problems.iter().any(|p| p.path.contains("date_info")));
    let coupon = GROUPON_CREATE.replace(fixed, "\"type\": \"DATE_TYPE_PERMANENT\"");
    assert_error(&validate_card_json(&coupon), "card.groupon.base_info.date_info.type", "NOT_ONE_OF");
}

#[test]
fn images_must_come_from_the_upload_api() {
    let g = GROUPON_CREATE;
    let report = broken(g, "\"http://mmbiz.qpic.cn/mmbiz/iaL1", "\"https://example.com/mmbiz.qpic.cn/iaL1");
    assert_error(&report, "card.groupon.base_info.logo_url", "NOT_UPLOADED_IMAGE");
    let u = CASH_UPDATE;
    let second_image = "\"text\": \"此菜品迎合大众口味";
    // The second image of the text_image_list from elsewhere.
    let at = u.find(second_image).unwrap();
    let before = u[..at].rfind("http://mmbiz.qpic.cn").unwrap();
    let moved = format!("{}http://img.example.cn{}", &u[..before], &u[before + "http://mmbiz.qpic.cn".len()..]);
    assert_error(&validate_card_json(&moved), "cash.advanced_info.text_image_list[1].image_url", "NOT_UPLOADED_IMAGE");
    let two_icons = broken(u, "\"icon_url_list\": [", "\"icon_url_list\": [\"http://mmbiz.qpic.cn/a/0\",");
    assert_error(&two_icons, "cash.advanced_info.abstract.icon_url_list", "TOO_MANY_ITEMS");
}

#[test]
fn friends_coupons_exclude_sharing_and_giving() {
    let g = GROUPON_CREATE;
    let friends = g.replace("\"deal_detail\"", "\"advanced_info\": {\"share_friends\": true},\n\"deal_detail\"");
    let report = validate_card_json(&friends);
    assert_error(&report, "card.groupon.base_info.can_share", "CONFLICT");
    assert_error(&report, "card.groupon.base_info.can_give_friend", "CONFLICT");
    assert_error(&report, "card.groupon.base_info.date_info.type", "CONFLICT");
    assert_error(&report, "card.groupon.advanced_info.text_image_list", "MISSING");
    let no_flag = friends.replace("\"can_share\": true,", "");
    assert_error(&validate_card_json(&no_flag), "card.groupon.base_info.can_share", "MISSING");
}

#[test]
fn update_changes_only_what_card_update_can_change() {
    let u = CASH_UPDATE;
    let report = broken(
        u,
        "\"code_type\": \"CODE_TYPE_TEXT\",",
        "\"brand_name\": \"微信餐厅\", \"code_type\": \"CODE_TYPE_TEXT\",",
    );
    assert_error(&report, "cash.base_info.brand_name", "NOT_UPDATABLE");
    let report = broken(u, "\"cash\": {", "\"cash\": {\"reduce_cost\": 100,");
    assert_error(&report, "cash.reduce_cost", "NOT_UPDATABLE");
    let report = broken(u, "\"consume_share_self_num\": 0", "\"consume_share_self_num\": 1");
    assert_error(&report, "cash.advanced_info.consume_share_self_num", "CONFLICT");
    let report = broken(u, "\"num\": 1", "\"num\": 2");
    assert_error(&report, "cash.advanced_info.consume_share_card_list[0].num", "OUT_OF_RANGE");
    let report =
        broken(u, "\"微信餐厅推出多种新季菜品,期待您的光临\"", "\"微信餐厅推出多种新季菜品,期待您的光临,欢迎\"");
    assert_error(&report, "cash.advanced_info.abstract.abstract", "TOO_LONG");
    let report = broken(
        u,
        "\"can_give_friend\": false,",
        "\"can_give_friend\": false, \"date_info\": {\"type\": \"DATE_TYPE_FIX_TERM\", \"fixed_term\": 30},",
    );
    assert_error(&report, "cash.base_info.date_info.type", "NOT_UPDATABLE");
    let report = validate_card_json("{\"card_id\": \"p1\"}");
    assert_error(&report, "", "MISSING");
    let report = broken(u, "\"card_id\": \"pbLatjgOY1_Cxi3mnWBThtG90HGg\"", "\"card_id\": 12345");
    assert_error(&report, "card_id", "WRONG_JSON_TYPE");
}

#[test]
fn datacube_dates() {
    assert_eq!(check_datacube_dates("2015-06-15", "2015-06-30"), Ok(()));
    assert_eq!(check_datacube_dates("2015-06-15", "2015-06-15"), Ok(()));
    // 62 days, the first and last included, is the most.
    assert_eq!(check_datacube_dates("2015-06-01", "2015-08-01"), Ok(()));
    let too_long = check_datacube_dates("2015-06-01", "2015-08-02").unwrap_err();
    assert_eq!((too_long.code(), too_long.field()), ("DATE_RANGE", "end_date"));
    assert_eq!(check_datacube_dates("2015-06-30", "2015-06-15").unwrap_err().code(), "DATE_RANGE");
    let format = check_datacube_dates("2015-6-15", "2015-06-30").unwrap_err();
    assert_eq!((format.code(), format.field()), ("DATE_FORMAT", "begin_date"));
    assert_eq!(check_datacube_dates("2015-06-15", "2015/06/30").unwrap_err().field(), "end_date");
    assert_eq!(check_datacube_dates("2015-02-29", "2015-03-01").unwrap_err().code(), "DATE_FORMAT");
    assert_eq!(check_datacube_dates("2016-02-29", "2016-03-01"), Ok(()));
}

#[test]
fn logo_images() {
    let jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, b'J', b'F', b'I', b'F'];
    assert_eq!(check_logo_image(&jpeg), Ok(()));
    let png = b"\x89PNG\r\n\x1a\n";
    assert_eq!(check_logo_image(png).unwrap_err().code(), "IMAGE_NOT_JPEG");
    let mut big = vec![0u8; MAX_LOGO_BYTES + 1];
    big[..3].copy_from_slice(&[0xFF, 0xD8, 0xFF]);
    assert_eq!(check_logo_image(&big).unwrap_err().code(), "IMAGE_TOO_LARGE");
    assert_eq!(check_logo_image(&big[..MAX_LOGO_BYTES]), Ok(()));
}

#[test]
fn every_problem_reads_as_one_line() {
    let report = broken(GROUPON_CREATE, "\"can_share\": true", "\"can_share\": \"true\"");
    let line = report.problems.iter().find(|p| p.severity == Severity::Error).unwrap().to_string();
    assert_eq!(
        line,
        "error card.groupon.base_info.can_share: must be true or false without quotes (WeChat answers 40053 check document) write true without quotes [QUOTED_BOOLEAN]"
    );
}
