//! Card management against the local fake WeChat API over real HTTP: the seed's HelloWorld
//! (upload the logo, create, QR code, whitelist, consume), typed cards of every type, update,
//! statistics, reading, listing and deleting cards, stock, code changes, code import, landing
//! pages, and the documented errors. A body the local checks refuse never reaches WeChat.

mod support;

use std::sync::atomic::Ordering;

use serde_json::{json, Value};
use support::cards::{calls, cards, errcode, last_body, refusal};
use support::{Fake, FAKE_CARD, OPENID};
use wxcard::server::*;

const GROUPON_CREATE: &str = include_str!("cards/seed-000-groupon-create.json");
const CASH_UPDATE: &str = include_str!("cards/seed-001-cash-update.json");
const SEED_LOGO: &str = "http://mmbiz.qpic.cn/mmbiz/iaL1LJM1mF9aRKPZJkmG8xXhiaHqkKSVMMWeN3hLut7X7hicFNjakmx ibMLGWpXrEXB33367o7zHN0CwngnQY7zb7g/0";

/// A JPG as far as its first bytes go, of `len` bytes.
fn jpg(len: usize) -> Vec<u8> {
    let mut bytes = vec![0u8; len];
    bytes[..4].copy_from_slice(&[0xFF, 0xD8, 0xFF, 0xE0]);
    bytes
}

fn base_info(logo_url: &str) -> BaseInfo {
    BaseInfo {
        logo_url: logo_url.into(),
        brand_name: "微信餐厅".into(),
        code_type: Some(CodeType::Text),
        title: "双人火锅套餐".into(),
        color: "Color010".into(),
        notice: "使用时向服务员出示此券".into(),
        description: "不可与其他优惠同享".into(),
        date_info: Some(DateInfo::FixTimeRange { begin_timestamp: 1_397_577_600, end_timestamp: 1_472_724_261 }),
        sku: Some(Sku { quantity: 500_000 }),
        get_limit: Some(3),
        can_share: Some(true),
        can_give_friend: Some(true),
        location_id_list: vec![123, 12321],
        custom_url_name: "立即使用".into(),
        custom_url: "http://www.qq.com".into(),
        custom_url_sub_title: "6个汉字tips".into(),
        ..BaseInfo::default()
    }
}

#[tokio::test]
async fn the_seed_helloworld_runs_end_to_end() {
    let fake = Fake::start().await;
    let cards = cards(&fake);

    // Step 2: upload the logo.
    let logo = cards.upload_image("logo.jpg", jpg(2048)).await.unwrap();
    assert!(logo.starts_with("http://mmbiz.qpic.cn/"), "{logo}");
    assert_eq!(fake.state.images.lock().unwrap().get(&logo), Some(&2048));

    // Step 3: create the seed's card with that logo.
    let card_json = GROUPON_CREATE.replace(SEED_LOGO, &logo);
    let card_id = cards.create_card_json(&card_json).await.unwrap();
    let stored = fake.state.cards.lock().unwrap()[&card_id].clone();
    assert_eq!(stored["groupon"]["base_info"]["title"], "132元双人火锅套餐");

    // Step 4: a QR code to deliver it.
    let qr = cards.create_qrcode(&[QrCard { card_id: card_id.clone(), ..QrCard::default() }], None).await.unwrap();
    assert!(qr.show_qrcode_url.contains(&qr.ticket) && qr.url.starts_with("http://weixin.qq.com/q/"));
    assert_eq!(qr.expire_seconds, None);

    // Step 6: the test whitelist.
    cards.set_test_whitelist(&[], &["usr1".into(), "usr2".into()]).await.unwrap();
    assert_eq!(fake.state.whitelist.lock().unwrap().1, ["usr1", "usr2"]);

    // Step 7: consume a code.
    fake.state.encrypted.lock().unwrap().insert("enc".into(), "759733467744".into());
    let done = cards.consume_code("759733467744", None, false).await.unwrap();
    assert_eq!(done.openid, "oFakeUser");
}

#[tokio::test]
async fn every_card_type_is_created_from_typed_fields() {
    let fake = Fake::start().await;
    let cards = cards(&fake);
    let logo = cards.upload_image("logo.jpg", jpg(100)).await.unwrap();
    let kinds = [
        CardDetails::Groupon { deal_detail: "大锅1份 12元".into() },
        CardDetails::Cash { least_cost: Some(10_000), reduce_cost: 1_000 },
        CardDetails::Discount { discount: 30 },
        CardDetails::Gift { gift: "洗手液1瓶".into() },
        CardDetails::GeneralCoupon { default_detail: "满100减10".into() },
    ];
    for details in kinds {
        let card_type = details.card_type();
        let advanced = AdvancedInfo {
            abstract_info: Some(Abstract { text: "本券限领一张".into(), icon_url_list: vec![logo.clone()] }),
            text_image_list: vec![TextImage { image_url: logo.clone(), text: "精选食材".into() }],
            business_service: vec!["BIZ_SERVICE_FREE_WIFI".into()],
            time_limit: vec![TimeLimit { day: "MONDAY".into(), begin_hour: Some(10), ..TimeLimit::default() }],
            ..AdvancedInfo::default()
        };
        let card = NewCard { base_info: base_info(&logo), advanced_info: Some(advanced), details };
        let body = card.to_json();
        let report = wxcard::validate_card_json(&body.to_string());
        // The one problem of a coupon since 2021-04-01: WeChat no longer creates them.
        let codes: Vec<_> = report.problems.iter().map(|p| (p.path.as_str(), p.code())).collect();
        assert_eq!(codes, [("card.card_type", "COUPON_CREATION_CLOSED")], "{card_type:?}");
        let card_id = cards.create_card(&card).await.unwrap();
        let stored = fake.state.cards.lock().unwrap()[&card_id].clone();
        assert_eq!(stored, body["card"], "WeChat received exactly the typed card");
        assert_eq!(stored["card_type"], card_type.as_str());
        assert_eq!(stored[card_type.body_key()]["base_info"]["date_info"]["type"], "DATE_TYPE_FIX_TIME_RANGE");
        assert_eq!(stored[card_type.body_key()]["advanced_info"]["abstract"]["abstract"], "本券限领一张");
    }
}

#[tokio::test]
async fn a_card_with_errors_never_reaches_wechat() {
    let fake = Fake::start().await;
    let cards = cards(&fake);
    let before = calls(&fake);
    let quoted = GROUPON_CREATE.replace("\"can_share\": true", "\"can_share\": \"true\"");
    let e = cards.create_card_json(&quoted).await.unwrap_err();
    let CallError::InvalidCard(problems) = &e else { panic!("{e:?}") };
    let errors: Vec<_> = problems.iter().filter(|p| p.severity == wxcard::Severity::Error).collect();
    assert_eq!(errors.len(), 1);
    assert_eq!((errors[0].path.as_str(), errors[0].code()), ("card.groupon.base_info.can_share", "QUOTED_BOOLEAN"));
    assert!(e.to_string().contains("card.groupon.base_info.can_share must be true or false"), "{e}");

    // The typed card: the same checks (a DATE_TYPE_FIX_TERM with a term of 0 days, a 10-汉字 title).
    let mut base = base_info("http://mmbiz.qpic.cn/mmbiz/x/0");
    base.title = "一二三四五六七八九十".into();
    base.date_info = Some(DateInfo::FixTerm { fixed_term: 0, fixed_begin_term: 0, end_timestamp: None });
    let card = NewCard { base_info: base, advanced_info: None, details: CardDetails::Discount { discount: 100 } };
    let CallError::InvalidCard(problems) = cards.create_card(&card).await.unwrap_err() else { panic!() };
    let mut paths: Vec<_> = problems.iter().map(|p| (p.path.as_str(), p.code())).collect();
    paths.sort();
    assert_eq!(
        paths,
        [
            ("card.card_type", "COUPON_CREATION_CLOSED"),
            ("card.discount.base_info.date_info.fixed_term", "OUT_OF_RANGE"),
            ("card.discount.base_info.title", "TOO_LONG"),
            ("card.discount.discount", "OUT_OF_RANGE"),
        ]
    );

    // card/update with a field it cannot change.
    let update = CardUpdate {
        card_id: "pAny".into(),
        card_type: CardType::Cash,
        base_info: Some(BaseInfo { brand_name: "新名字".into(), ..BaseInfo::default() }),
        advanced_info: None,
    };
    let CallError::InvalidCard(problems) = cards.update_card(&update).await.unwrap_err() else { panic!() };
    assert_eq!((problems[0].path.as_str(), problems[0].code()), ("cash.base_info.brand_name", "NOT_UPDATABLE"));
    assert_eq!(calls(&fake), before, "nothing was sent");
    // Not even a token was needed.
    assert_eq!(fake.state.stable_token_calls.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn update_returns_send_check() {
    let fake = Fake::start().await;
    let cards = cards(&fake);
    let logo = cards.upload_image("logo.jpg", jpg(100)).await.unwrap();
    let card = NewCard {
        base_info: base_info(&logo),
        advanced_info: None,
        details: CardDetails::Cash { least_cost: None, reduce_cost: 500 },
    };
    let card_id = cards.create_card(&card).await.unwrap();
    // The seed's update example, for this card.
    let seed = CASH_UPDATE.replace("pbLatjgOY1_Cxi3mnWBThtG90HGg", &card_id);
    assert!(!cards.update_card_json(&seed).await.unwrap());
    let update = CardUpdate {
        card_id: card_id.clone(),
        card_type: CardType::Cash,
        base_info: Some(BaseInfo {
            logo_url: logo.clone(), notice: "请出示二维码".into(), ..BaseInfo::default()
        }),
        advanced_info: None,
    };
    assert!(cards.update_card(&update).await.unwrap(), "a new logo goes back to review");
    let unknown = CardUpdate { card_id: "pNoSuchCard".into(), ..update };
    assert_eq!(errcode(&cards.update_card(&unknown).await.unwrap_err()), Some(40073));
}

#[tokio::test]
async fn qr_codes_for_one_card_or_several() {
    let fake = Fake::start().await;
    let cards = cards(&fake);
    let logo = cards.upload_image("logo.jpg", jpg(100)).await.unwrap();
    let mut ids = vec![];
    for _ in 0..2 {
        let card = NewCard {
            base_info: base_info(&logo),
            advanced_info: None,
            details: CardDetails::Gift { gift: "咖啡1杯".into() },
        };
        ids.push(cards.create_card(&card).await.unwrap());
    }
    let one = QrCard { card_id: ids[0].clone(), outer_str: "poster".into(), ..QrCard::default() };
    let qr = cards.create_qrcode(std::slice::from_ref(&one), Some(1800)).await.unwrap();
    assert_eq!(qr.expire_seconds, Some(1800));
    let seen = fake.state.seen.lock().unwrap().last().cloned().unwrap();
    let sent: Value = serde_json::from_str(&seen).unwrap();
    assert_eq!(
        sent,
        json!({ "action_name": "QR_CARD", "expire_seconds": 1800, "action_info": { "card": { "card_id": ids[0], "outer_str": "poster" } } })
    );

    let both: Vec<QrCard> = ids.iter().map(|id| QrCard { card_id: id.clone(), ..QrCard::default() }).collect();
    cards.create_qrcode(&both, None).await.unwrap();
    let seen = fake.state.seen.lock().unwrap().last().cloned().unwrap();
    assert!(seen.contains("QR_MULTIPLE_CARD") && seen.contains(&ids[1]), "{seen}");

    let before = calls(&fake);
    let six = vec![one.clone(); 6];
    let code = |e: CallError| match e {
        CallError::Rejected(e) => (e.code(), e.field()),
        other => panic!("{other:?}"),
    };
    assert_eq!(code(cards.create_qrcode(&six, None).await.unwrap_err()), ("TOO_MANY_ITEMS", "card_list"));
    assert_eq!(
        code(cards.create_qrcode(std::slice::from_ref(&one), Some(30)).await.unwrap_err()),
        ("OUT_OF_RANGE", "expire_seconds")
    );
    let long_code = QrCard { code: "1".repeat(21), ..one.clone() };
    assert_eq!(code(cards.create_qrcode(&[long_code], None).await.unwrap_err()), ("CODE_TOO_LONG", "code"));
    assert_eq!(code(cards.create_qrcode(&[], None).await.unwrap_err()), ("MISSING", "card_id"));
    assert_eq!(calls(&fake), before);

    let unknown = QrCard { card_id: "pNoSuchCard".into(), ..QrCard::default() };
    assert_eq!(errcode(&cards.create_qrcode(&[unknown], None).await.unwrap_err()), Some(40073));
}

#[tokio::test]
async fn the_whitelist_takes_openids_and_usernames() {
    let fake = Fake::start().await;
    let cards = cards(&fake);
    cards.set_test_whitelist(&["oUser1".into()], &[]).await.unwrap();
    assert_eq!(*fake.state.whitelist.lock().unwrap(), (vec!["oUser1".to_string()], vec![]));
    let e = cards.set_test_whitelist(&[], &[]).await.unwrap_err();
    assert!(matches!(e, CallError::Rejected(e) if e.code() == "MISSING"));
    let e = cards.set_test_whitelist(&[], &[" usr1".into()]).await.unwrap_err();
    assert!(matches!(e, CallError::Rejected(e) if e.code() == "SURROUNDING_WHITESPACE"));
}

#[tokio::test]
async fn consume_checks_the_code_first() {
    let fake = Fake::start().await;
    let cards = cards(&fake);
    fake.state.encrypted.lock().unwrap().insert("e1".into(), "111".into());
    fake.state.expired.lock().unwrap().insert("111".into());
    let e = cards.consume_code("111", None, false).await.unwrap_err();
    assert_eq!(e, CallError::NotConsumable { user_card_status: "EXPIRE".into() });
    assert!(e.to_string().contains("EXPIRE"));
    assert_eq!(errcode(&cards.consume_code("111", None, true).await.unwrap_err()), Some(40079));
    assert_eq!(errcode(&cards.consume_code("999", None, false).await.unwrap_err()), Some(40056));
    let e = cards.consume_code("1".repeat(21).as_str(), None, false).await.unwrap_err();
    assert!(matches!(e, CallError::Rejected(e) if e.code() == "CODE_TOO_LONG"));
}

#[tokio::test]
async fn images_are_checked_before_upload() {
    let fake = Fake::start().await;
    let cards = cards(&fake);
    let before = calls(&fake);
    let png = b"\x89PNG\r\n\x1a\n0000".to_vec();
    let e = cards.upload_image("logo.png", png.clone()).await.unwrap_err();
    assert!(matches!(e, CallError::Rejected(e) if e.code() == "IMAGE_NOT_JPEG"));
    let e = cards.upload_image("big.jpg", jpg(1024 * 1024 + 1)).await.unwrap_err();
    assert!(matches!(e, CallError::Rejected(e) if e.code() == "IMAGE_TOO_LARGE"));
    assert_eq!(calls(&fake), before);
    // Exactly 1 MB goes through.
    cards.upload_image("max.jpg", jpg(1024 * 1024)).await.unwrap();

    // The fake refuses what WeChat refuses, when sent anyway.
    let token = cards.manager().access_token().await.unwrap();
    let form =
        reqwest::multipart::Form::new().part("buffer", reqwest::multipart::Part::bytes(png).file_name("logo.png"));
    let url = format!("{}/cgi-bin/media/uploadimg?access_token={token}", fake.url);
    let answer: Value = reqwest::Client::new().post(url).multipart(form).send().await.unwrap().json().await.unwrap();
    assert_eq!(answer["errcode"], 40005);
}

#[tokio::test]
async fn statistics_by_day() {
    let fake = Fake::start().await;
    let cards = cards(&fake);
    let days = cards.account_stats("2015-06-15", "2015-06-30", CardSource::Api).await.unwrap();
    assert_eq!(days.len(), 16);
    assert_eq!((days[0].ref_date.as_str(), days[15].ref_date.as_str()), ("2015-06-15", "2015-06-30"));
    assert_eq!(days[1].counts.view_cnt, 11);
    let sent: Value = serde_json::from_str(&fake.state.seen.lock().unwrap().last().cloned().unwrap()).unwrap();
    assert_eq!(sent, json!({ "begin_date": "2015-06-15", "end_date": "2015-06-30", "cond_source": 1 }));

    let days = cards.card_stats("2016-02-28", "2016-03-01", CardSource::Platform, Some("po8pkty")).await.unwrap();
    let dates: Vec<_> = days.iter().map(|d| d.ref_date.as_str()).collect();
    assert_eq!(dates, ["2016-02-28", "2016-02-29", "2016-03-01"]);
    assert_eq!((days[0].card_id.as_str(), days[0].card_type), ("po8pkty", 4));

    // 62 days, both ends included, is the most; more is refused here, not by WeChat.
    assert_eq!(cards.account_stats("2015-06-01", "2015-08-01", CardSource::Api).await.unwrap().len(), 62);
    let before = calls(&fake);
    let rejected = |e: CallError| match e {
        CallError::Rejected(e) => e.code(),
        other => panic!("{other:?}"),
    };
    assert_eq!(
        rejected(cards.account_stats("2015-06-01", "2015-08-02", CardSource::Api).await.unwrap_err()),
        "DATE_RANGE"
    );
    assert_eq!(
        rejected(cards.card_stats("2015-6-1", "2015-06-30", CardSource::Api, None).await.unwrap_err()),
        "DATE_FORMAT"
    );
    assert_eq!(calls(&fake), before);

    // What WeChat (the fake) answers when such dates are sent anyway.
    let token = cards.manager().access_token().await.unwrap();
    let http = reqwest::Client::new();
    for (begin, end, code) in [("2015-6-1", "2015-06-30", 61500), ("2015-06-01", "2015-08-02", 61501)] {
        let url = format!("{}/datacube/getcardbizuininfo?access_token={token}", fake.url);
        let body = json!({ "begin_date": begin, "end_date": end, "cond_source": 0 });
        let answer: Value = http.post(url).json(&body).send().await.unwrap().json().await.unwrap();
        assert_eq!(answer["errcode"], code);
    }
}

#[tokio::test]
async fn wechat_errors_come_back_explained() {
    let fake = Fake::start().await;
    let cards = cards(&fake);
    let logo = cards.upload_image("logo.jpg", jpg(100)).await.unwrap();
    fake.faults().unauthorized = true;
    let e = cards.create_card_json(&GROUPON_CREATE.replace(SEED_LOGO, &logo)).await.unwrap_err();
    assert_eq!(errcode(&e), Some(48001));
    assert!(e.explanation().is_some(), "48001 is explained: {e}");
    fake.faults().unauthorized = false;

    // The fake's own checks, reached by JSON the crate would refuse: 47001 and 40053.
    let token = cards.manager().access_token().await.unwrap();
    let http = reqwest::Client::new();
    let url = format!("{}/card/create?access_token={token}", fake.url);
    let mut card: Value = serde_json::from_str(&GROUPON_CREATE.replace(SEED_LOGO, &logo)).unwrap();
    card["card"]["groupon"]["base_info"]["date_info"]["begin_timestamp"] = json!(1397577600);
    let answer: Value = http.post(&url).json(&card).send().await.unwrap().json().await.unwrap();
    assert_eq!(answer["errcode"], 47001);
    let quoted = GROUPON_CREATE.replace(SEED_LOGO, &logo).replace("\"can_share\": true", "\"can_share\": \"true\"");
    let answer: Value = http
        .post(&url)
        .header("content-type", "application/json")
        .body(quoted)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(answer["errcode"], 40053);
}

#[test]
fn local_refusals_become_http_errors() {
    let invalid = CallError::InvalidCard(
        wxcard::validate_card_json(&GROUPON_CREATE.replace("\"get_limit\": 3", "\"get_limit\": \"3\"")).problems,
    );
    let e = ServerError::from(invalid);
    assert_eq!(
        (e.status().as_u16(), e.code.as_str(), e.field.as_deref()),
        (400, "INVALID_CARD", Some("card.groupon.base_info.get_limit"))
    );
    let e = ServerError::from(CallError::NotConsumable { user_card_status: "EXPIRE".into() });
    assert_eq!((e.status().as_u16(), e.code.as_str()), (409, "NOT_CONSUMABLE"));
    let e = ServerError::from(CallError::Rejected(wxcard::check_datacube_dates("2015-6-1", "2015-06-02").unwrap_err()));
    assert_eq!((e.status().as_u16(), e.code.as_str(), e.field.as_deref()), (400, "DATE_FORMAT", Some("begin_date")));
}

async fn seed_card(fake: &Fake, cards: &CardClient) -> String {
    let logo = cards.upload_image("logo.jpg", jpg(100)).await.unwrap();
    let id = cards.create_card_json(&GROUPON_CREATE.replace(SEED_LOGO, &logo)).await.unwrap();
    assert!(fake.state.cards.lock().unwrap().contains_key(&id));
    id
}

#[tokio::test]
async fn cards_are_read_listed_and_deleted() {
    let fake = Fake::start().await;
    let cards = cards(&fake);
    let first = seed_card(&fake, &cards).await;
    let second = seed_card(&fake, &cards).await;

    let card = cards.get_card(&first).await.unwrap();
    assert_eq!(card["card_type"], "GROUPON");
    assert_eq!(card["groupon"]["base_info"]["title"], "132元双人火锅套餐", "the whole card comes back");

    let all = cards.batch_get_cards(0, MAX_BATCHGET_COUNT, &[]).await.unwrap();
    assert_eq!((all.card_id_list, all.total_num), (vec![first.clone(), second.clone()], 2));
    let page = cards.batch_get_cards(1, 1, &[CardStatus::VerifyOk]).await.unwrap();
    assert_eq!((page.card_id_list, page.total_num), (vec![second.clone()], 2));
    assert_eq!(
        serde_json::from_str::<Value>(fake.state.seen.lock().unwrap().last().unwrap()).unwrap(),
        json!({ "offset": 1, "count": 1, "status_list": ["CARD_STATUS_VERIFY_OK"] })
    );

    cards.delete_card(&first).await.unwrap();
    let deleted = cards.batch_get_cards(0, 10, &[CardStatus::Delete]).await.unwrap();
    assert_eq!(deleted.card_id_list, vec![first.clone()]);
    assert_eq!(errcode(&cards.get_card(&first).await.unwrap_err()), Some(40073));
    let again = cards.delete_card(&first).await.unwrap_err();
    assert_eq!(again.explanation().map(|e| e.code), Some(40073));

    let before = calls(&fake);
    assert_eq!(refusal(cards.batch_get_cards(0, 51, &[]).await.unwrap_err()), ("OUT_OF_RANGE", "count", None));
    assert_eq!(refusal(cards.batch_get_cards(0, 0, &[]).await.unwrap_err()), ("OUT_OF_RANGE", "count", None));
    assert_eq!(refusal(cards.get_card("").await.unwrap_err()), ("MISSING", "card_id", None));
    assert_eq!(refusal(cards.delete_card(" p1").await.unwrap_err()), ("SURROUNDING_WHITESPACE", "card_id", None));
    assert_eq!(calls(&fake), before);
}

#[tokio::test]
async fn stock_goes_up_and_down() {
    let fake = Fake::start().await;
    let cards = cards(&fake);
    let id = seed_card(&fake, &cards).await;
    let quantity =
        |fake: &Fake| fake.state.cards.lock().unwrap()[&id]["groupon"]["base_info"]["sku"]["quantity"].clone();
    let start = quantity(&fake).as_u64().unwrap();

    cards.modify_stock(&id, 100, 0).await.unwrap();
    assert_eq!(quantity(&fake), start + 100);
    cards.modify_stock(&id, 0, 30).await.unwrap();
    assert_eq!(quantity(&fake), start + 70);
    let body: Value = serde_json::from_str(fake.state.seen.lock().unwrap().last().unwrap()).unwrap();
    assert_eq!(body, json!({ "card_id": id, "reduce_stock_value": 30 }), "a zero change is left out");

    let e = cards.modify_stock(&id, 0, start + 71).await.unwrap_err();
    assert_eq!((errcode(&e), e.explanation().map(|x| x.code)), (Some(40122), Some(40122)));
    assert_eq!(errcode(&cards.modify_stock("pNoSuchCard", 1, 0).await.unwrap_err()), Some(40073));

    let before = calls(&fake);
    assert_eq!(refusal(cards.modify_stock(&id, 0, 0).await.unwrap_err()), ("MISSING", "increase_stock_value", None));
    let too_many = cards.modify_stock(&id, MAX_STOCK_CHANGE + 1, 0).await.unwrap_err();
    assert_eq!(refusal(too_many), ("OUT_OF_RANGE", "increase_stock_value", None));
    assert_eq!(calls(&fake), before);
}

#[tokio::test]
async fn codes_are_changed_invalidated_and_listed() {
    let fake = Fake::start().await;
    let cards = cards(&fake);
    fake.add_code("e1", "1000001", FAKE_CARD);
    fake.add_code("e2", "1000002", FAKE_CARD);
    fake.add_code("e3", "1000003", FAKE_CARD);

    let bag = cards.user_cards(OPENID, None).await.unwrap();
    let codes: Vec<&str> = bag.card_list.iter().map(|c| c.code.as_str()).collect();
    assert_eq!((codes, bag.has_share_card), (vec!["1000001", "1000002", "1000003"], false));
    assert_eq!(cards.user_cards(OPENID, Some("pOtherCard")).await.unwrap().card_list, []);

    cards.update_code("1000001", FAKE_CARD, "2000001").await.unwrap();
    assert_eq!(cards.get_code("2000001", None).await.unwrap().user_card_status, "NORMAL");
    assert_eq!(errcode(&cards.get_code("1000001", None).await.unwrap_err()), Some(40056));
    assert_eq!(errcode(&cards.update_code("2000001", "pOtherCard", "3000001").await.unwrap_err()), Some(40073));
    cards.consume_code("1000002", None, false).await.unwrap();
    assert_eq!(errcode(&cards.update_code("1000002", FAKE_CARD, "3000002").await.unwrap_err()), Some(40099));

    cards.make_code_unavailable("1000003", None, "用户退款").await.unwrap();
    let body: Value = serde_json::from_str(fake.state.seen.lock().unwrap().last().unwrap()).unwrap();
    assert_eq!(body, json!({ "code": "1000003", "reason": "用户退款" }));
    let info = cards.get_code("1000003", None).await.unwrap();
    // can_consume means little with check_consume false: the status tells.
    assert_eq!(info.user_card_status, "UNAVAILABLE");
    let e = cards.consume_code("1000003", None, false).await.unwrap_err();
    assert_eq!(e, CallError::NotConsumable { user_card_status: "UNAVAILABLE".into() });
    assert_eq!(errcode(&cards.consume_code("1000003", None, true).await.unwrap_err()), Some(40127));
    assert_eq!(errcode(&cards.make_code_unavailable("1000003", None, "").await.unwrap_err()), Some(40127));
    assert_eq!(errcode(&cards.make_code_unavailable("1000002", None, "").await.unwrap_err()), Some(40099));
    assert_eq!(errcode(&cards.make_code_unavailable("404", None, "").await.unwrap_err()), Some(40056));
    let listed = cards.user_cards(OPENID, Some(FAKE_CARD)).await.unwrap();
    assert_eq!(listed.card_list.iter().map(|c| c.code.as_str()).collect::<Vec<_>>(), ["1000002", "2000001"]);

    let before = calls(&fake);
    assert_eq!(
        refusal(cards.update_code("2000001", FAKE_CARD, "2000001").await.unwrap_err()),
        ("CONFLICT", "new_code", None)
    );
    assert_eq!(
        refusal(cards.update_code("2000001", FAKE_CARD, &"9".repeat(21)).await.unwrap_err()),
        ("CODE_TOO_LONG", "new_code", None)
    );
    assert_eq!(refusal(cards.update_code("2000001", "", "3").await.unwrap_err()), ("MISSING", "card_id", None));
    assert_eq!(refusal(cards.make_code_unavailable("", None, "").await.unwrap_err()), ("MISSING", "code", None));
    assert_eq!(refusal(cards.user_cards("", None).await.unwrap_err()), ("MISSING", "openid", None));
    assert_eq!(calls(&fake), before);
}

#[tokio::test]
async fn custom_codes_are_imported_counted_and_checked() {
    let fake = Fake::start().await;
    let cards = cards(&fake);
    let id = seed_card(&fake, &cards).await;
    let codes = |list: &[&str]| list.iter().map(|c| c.to_string()).collect::<Vec<_>>();

    let done = cards.deposit_codes(&id, &codes(&["11111", "22222", "33333"])).await.unwrap();
    assert_eq!((done.succ_code.len(), done.duplicate_code.len(), done.fail_code.len()), (3, 0, 0));
    let again = cards.deposit_codes(&id, &codes(&["33333", "44444"])).await.unwrap();
    assert_eq!((again.succ_code, again.duplicate_code), (codes(&["44444"]), codes(&["33333"])));
    assert_eq!(cards.deposit_count(&id).await.unwrap(), 4);
    let checked = cards.check_codes(&id, &codes(&["11111", "55555"])).await.unwrap();
    assert_eq!((checked.exist_code, checked.not_exist_code), (codes(&["11111"]), codes(&["55555"])));
    assert_eq!(errcode(&cards.deposit_count("pNoSuchCard").await.unwrap_err()), Some(40073));
    assert_eq!(errcode(&cards.deposit_codes("pNoSuchCard", &codes(&["1"])).await.unwrap_err()), Some(40073));

    let before = calls(&fake);
    let hundred_one: Vec<String> = (0..=MAX_DEPOSIT_CODES).map(|i| format!("c{i}")).collect();
    assert_eq!(refusal(cards.deposit_codes(&id, &hundred_one).await.unwrap_err()), ("TOO_MANY_ITEMS", "code", None));
    cards.check_codes(&id, &hundred_one[..MAX_DEPOSIT_CODES]).await.unwrap();
    // A custom code is at most 20 characters: a longer one could never be consumed.
    let long = vec!["x".repeat(20), "x".repeat(21)];
    assert_eq!(refusal(cards.deposit_codes(&id, &long).await.unwrap_err()), ("CODE_TOO_LONG", "code", Some(1)));
    assert_eq!(refusal(cards.check_codes(&id, &[]).await.unwrap_err()), ("MISSING", "code", None));
    assert_eq!(calls(&fake), before + 1, "only the 100-code check was sent");
}

#[tokio::test]
async fn landing_pages_list_cards() {
    let fake = Fake::start().await;
    let cards = cards(&fake);
    let id = seed_card(&fake, &cards).await;
    let banner = cards.upload_image("banner.jpg", jpg(100)).await.unwrap();
    let page = LandingPage {
        banner: banner.clone(),
        page_title: "惠城优惠大派送".into(),
        can_share: true,
        scene: "SCENE_H5".into(),
        card_list: vec![LandingCard { card_id: id.clone(), thumb_url: banner.clone() }],
    };
    let created = cards.create_landing_page(&page).await.unwrap();
    assert_eq!(created.page_id, 1);
    assert!(created.url.starts_with("https://mp.weixin.qq.com/"), "{}", created.url);
    assert_eq!(fake.state.landing_pages.lock().unwrap()[0]["card_list"][0]["card_id"], id.as_str());
    let unknown = LandingPage {
        card_list: vec![LandingCard { card_id: "pNoSuchCard".into(), thumb_url: banner.clone() }],
        ..page.clone()
    };
    assert_eq!(errcode(&cards.create_landing_page(&unknown).await.unwrap_err()), Some(40073));

    let before = calls(&fake);
    let scene = LandingPage { scene: "SCENE_WEB".into(), ..page.clone() };
    assert_eq!(refusal(cards.create_landing_page(&scene).await.unwrap_err()), ("NOT_ONE_OF", "scene", None));
    let thumb = LandingPage {
        card_list: vec![
            LandingCard { card_id: id.clone(), thumb_url: banner.clone() },
            LandingCard { card_id: id.clone(), thumb_url: "https://example.com/t.jpg".into() },
        ],
        ..page.clone()
    };
    assert_eq!(
        refusal(cards.create_landing_page(&thumb).await.unwrap_err()),
        ("NOT_UPLOADED_IMAGE", "card_list.thumb_url", Some(1))
    );
    let empty = LandingPage { card_list: vec![], ..page };
    assert_eq!(refusal(cards.create_landing_page(&empty).await.unwrap_err()), ("MISSING", "card_list", None));
    assert_eq!(calls(&fake), before);
}

#[tokio::test]
async fn paycell_turns_paying_through_a_card_on_and_off() {
    let fake = Fake::start().await;
    let cards = cards(&fake);
    cards.set_paycell(FAKE_CARD, true).await.unwrap();
    assert_eq!(last_body(&fake), json!({ "card_id": FAKE_CARD, "is_open": true }));
    assert_eq!(errcode(&cards.set_paycell("pNoSuchCard", false).await.unwrap_err()), Some(40073));
    let before = calls(&fake);
    assert_eq!(refusal(cards.set_paycell("", true).await.unwrap_err()), ("MISSING", "card_id", None));
    assert_eq!(calls(&fake), before);
}
