//! The member-card calls against the local fake WeChat API over real HTTP: the activation page's
//! flow (decrypt, the form's answers by activate_ticket, activate), the activation form, member
//! data and updates, statistics; the documented errors explained, and the local checks that
//! refuse a body before anything is sent.

mod support;

use serde_json::{json, Value};
use support::cards::{calls, cards, errcode, last_body, refusal};
use support::{Fake, MEMBER_CARD, OPENID};
use wxcard::server::*;

/// The answers of the activation form as WeChat's document prints them.
fn form_answers() -> Value {
    json!({
        "common_field_list": [
            { "name": "USER_FORM_INFO_FLAG_MOBILE", "value": "15521328888" },
            { "name": "USER_FORM_INFO_FLAG_NAME", "value": "Weixin" }
        ],
        "custom_field_list": [
            { "name": "兴趣", "value": "", "value_list": ["钢琴", "舞蹈"] }
        ]
    })
}

fn form() -> ActivateUserForm {
    ActivateUserForm {
        card_id: MEMBER_CARD.into(),
        service_statement: Some(FormLink { name: "会员守则".into(), url: "https://www.qq.com".into() }),
        bind_old_card: Some(FormLink { name: "老会员绑定".into(), url: "https://www.qq.com".into() }),
        required_form: Some(FormFields {
            can_modify: Some(false),
            common_field_id_list: vec![
                "USER_FORM_INFO_FLAG_MOBILE".into(),
                "USER_FORM_INFO_FLAG_LOCATION".into(),
                "USER_FORM_INFO_FLAG_BIRTHDAY".into(),
            ],
            custom_field_list: vec!["喜欢的食物".into()],
            rich_field_list: vec![RichField {
                kind: "FORM_FIELD_CHECK_BOX".into(),
                name: "兴趣".into(),
                values: vec!["钢琴".into(), "舞蹈".into(), "足球".into()],
            }],
        }),
        optional_form: Some(FormFields {
            common_field_id_list: vec!["USER_FORM_INFO_FLAG_EMAIL".into()],
            ..FormFields::default()
        }),
    }
}

#[tokio::test]
async fn the_activation_page_flow_end_to_end() {
    let fake = Fake::start().await;
    let cards = cards(&fake);
    // WeChat opens the activation page with these; + / = are data.
    fake.add_code("Ab+c/Def==", "710000000001", MEMBER_CARD);
    fake.add_activate_ticket("fDZv9eMQAF+rNr3X/Boq==", "710000000001", form_answers());

    cards.set_activate_user_form(&form()).await.unwrap();
    let sent = fake.state.user_forms.lock().unwrap()[MEMBER_CARD].clone();
    assert_eq!(sent["required_form"]["rich_field_list"][0]["type"], "FORM_FIELD_CHECK_BOX");
    assert_eq!(sent["service_statement"], json!({ "name": "会员守则", "url": "https://www.qq.com" }));

    let url = cards.activate_url(MEMBER_CARD, "poster-1").await.unwrap();
    assert!(
        url.starts_with("https://mp.weixin.qq.com/bizmall/activatemembercard?") && url.contains("outer_str=poster-1")
    );

    let done = cards
        .activate_with_ticket("Ab+c/Def==", "fDZv9eMQAF+rNr3X/Boq==", MEMBER_CARD, |code, form| MemberActivation {
            membership_number: form.common("USER_FORM_INFO_FLAG_MOBILE").unwrap_or(code).to_owned(),
            init_bonus: Some(100),
            init_bonus_record: "开卡赠送".into(),
            init_custom_field_value1: "银卡".into(),
            ..MemberActivation::default()
        })
        .await
        .unwrap();
    assert_eq!(done.code, "710000000001");
    assert_eq!(done.form.custom("兴趣").unwrap().value_list, ["钢琴", "舞蹈"]);
    assert_eq!((done.activation.code.as_str(), done.activation.card_id.as_str()), ("710000000001", MEMBER_CARD));
    assert_eq!(
        last_body(&fake),
        json!({
            "membership_number": "15521328888", "code": "710000000001", "card_id": MEMBER_CARD,
            "init_bonus": 100, "init_bonus_record": "开卡赠送", "init_custom_field_value1": "银卡",
        }),
        "only what was set is sent"
    );

    let member = cards.member_info(MEMBER_CARD, "710000000001").await.unwrap();
    assert!(member.has_active);
    assert_eq!((member.openid.as_str(), member.membership_number.as_str(), member.bonus), (OPENID, "15521328888", 100));
    assert_eq!(
        (member.nickname.as_str(), member.sex.as_str(), member.user_card_status.as_str()),
        ("Fourier", "MALE", "NORMAL")
    );
    assert_eq!(member.user_info.common("USER_FORM_INFO_FLAG_NAME"), Some("Weixin"));

    // card/code/get now carries the member's fields too.
    let info = cards.get_code("710000000001", Some(MEMBER_CARD)).await.unwrap();
    assert_eq!(info.card_id, MEMBER_CARD);
    assert_eq!(info.membership_number.as_deref(), Some("15521328888"));
    assert_eq!((info.bonus, info.balance), (Some(100), Some(0)));
    assert_eq!(info.outer_str.as_deref(), Some("fake-scene"));
    assert_eq!((info.begin_time, info.end_time, info.unionid.as_deref()), (Some(1404205036), Some(1404205036), None));
}

#[tokio::test]
async fn points_and_balance_are_updated() {
    let fake = Fake::start().await;
    let cards = cards(&fake);
    fake.add_code("e1", "710000000002", MEMBER_CARD);
    let activation = MemberActivation {
        membership_number: "710000000002".into(),
        code: "710000000002".into(),
        card_id: MEMBER_CARD.into(),
        init_bonus: Some(100),
        init_balance: Some(500),
        activate_begin_time: Some(1_700_000_000),
        activate_end_time: Some(1_800_000_000),
        ..MemberActivation::default()
    };
    cards.activate_member_card(&activation).await.unwrap();

    let update = MemberUpdate {
        code: "710000000002".into(),
        card_id: MEMBER_CARD.into(),
        add_bonus: Some(20),
        bonus: Some(120),
        record_bonus: "消费30元,获得20积分".into(),
        add_balance: Some(-200),
        record_balance: "购买咖啡".into(),
        custom_field_value1: "金卡".into(),
        notify_optional: Some(NotifyOptional {
            is_notify_bonus: Some(true),
            is_notify_balance: Some(false),
            ..NotifyOptional::default()
        }),
        ..MemberUpdate::default()
    };
    let done = cards.update_member(&update).await.unwrap();
    assert_eq!(done, MemberUpdated { result_bonus: 120, result_balance: 300, openid: OPENID.into() });
    let body = last_body(&fake);
    assert_eq!(body["notify_optional"], json!({ "is_notify_bonus": true, "is_notify_balance": false }));
    assert_eq!((body["add_balance"].as_i64(), body.get("balance")), (Some(-200), None));

    let member = cards.member_info(MEMBER_CARD, "710000000002").await.unwrap();
    assert_eq!((member.bonus, member.balance), (120, 300));
}

#[tokio::test]
async fn wechat_errors_come_back_explained() {
    let fake = Fake::start().await;
    let cards = cards(&fake);
    fake.add_code("e3", "710000000003", MEMBER_CARD);

    // A code no user received: 40056.
    let e = cards
        .activate_member_card(&MemberActivation {
            membership_number: "1".into(),
            code: "999".into(),
            ..MemberActivation::default()
        })
        .await
        .unwrap_err();
    assert_eq!((errcode(&e), e.explanation().map(|x| x.code)), (Some(40056), Some(40056)));
    // Another card's card_id: 40073.
    let wrong = MemberActivation {
        membership_number: "1".into(),
        code: "710000000003".into(),
        card_id: "pOtherCard".into(),
        ..MemberActivation::default()
    };
    assert_eq!(errcode(&cards.activate_member_card(&wrong).await.unwrap_err()), Some(40073));
    assert_eq!(errcode(&cards.member_info("pOtherCard", "710000000003").await.unwrap_err()), Some(40073));
    assert_eq!(errcode(&cards.member_info(MEMBER_CARD, "404").await.unwrap_err()), Some(40056));
    // Not activated yet: no member to update, and has_active is false.
    assert!(!cards.member_info(MEMBER_CARD, "710000000003").await.unwrap().has_active);
    let add = MemberUpdate {
        code: "710000000003".into(),
        card_id: MEMBER_CARD.into(),
        add_bonus: Some(1),
        ..MemberUpdate::default()
    };
    assert_eq!(errcode(&cards.update_member(&add).await.unwrap_err()), Some(40056));
    // An unknown or used activate_ticket: 40097, explained.
    let e = cards.activate_temp_info("no-such-ticket").await.unwrap_err();
    assert_eq!(errcode(&e), Some(40097));
    assert!(e.to_string().contains("activate_ticket"), "{e}");
    // The form of a card that is not this account's: 40073.
    let other = ActivateUserForm { card_id: "pOtherCard".into(), ..form() };
    assert_eq!(errcode(&cards.set_activate_user_form(&other).await.unwrap_err()), Some(40073));
    assert_eq!(errcode(&cards.activate_url("pOtherCard", "").await.unwrap_err()), Some(40073));
    // An invalidated code: 40127.
    cards.make_code_unavailable("710000000003", Some(MEMBER_CARD), "退款").await.unwrap();
    let activation =
        MemberActivation { membership_number: "1".into(), code: "710000000003".into(), ..MemberActivation::default() };
    assert_eq!(errcode(&cards.activate_member_card(&activation).await.unwrap_err()), Some(40127));

    // The flow stops at the first failure: a mangled encrypt_code activates nothing.
    fake.add_activate_ticket("T1", "710000000003", form_answers());
    let before = fake.state.members.lock().unwrap().len();
    let e = cards
        .activate_with_ticket("Ab c/Def==", "T1", MEMBER_CARD, |code, _| MemberActivation {
            membership_number: code.into(),
            ..MemberActivation::default()
        })
        .await
        .unwrap_err();
    assert_eq!(errcode(&e), Some(40075));
    assert_eq!(fake.state.members.lock().unwrap().len(), before);

    // 48001 for every member-card call of an account without the card feature.
    fake.faults().unauthorized = true;
    assert_eq!(errcode(&cards.activate_temp_info("T1").await.unwrap_err()), Some(48001));
}

#[tokio::test]
async fn bodies_that_break_the_documents_rules_are_never_sent() {
    let fake = Fake::start().await;
    let cards = cards(&fake);
    let before = calls(&fake);
    let ok = MemberActivation {
        membership_number: "710000000009".into(),
        code: "710000000009".into(),
        ..MemberActivation::default()
    };
    let activations = [
        (MemberActivation { membership_number: String::new(), ..ok.clone() }, ("MISSING", "membership_number", None)),
        (MemberActivation { membership_number: "1".repeat(21), ..ok.clone() }, ("TOO_LONG", "membership_number", None)),
        (MemberActivation { code: String::new(), ..ok.clone() }, ("MISSING", "code", None)),
        (MemberActivation { code: "1".repeat(21), ..ok.clone() }, ("CODE_TOO_LONG", "code", None)),
        (
            MemberActivation { background_pic_url: "https://example.com/bg.jpg".into(), ..ok.clone() },
            ("NOT_UPLOADED_IMAGE", "background_pic_url", None),
        ),
        (
            MemberActivation {
                activate_begin_time: Some(1_800_000_000),
                activate_end_time: Some(1_700_000_000),
                ..ok.clone()
            },
            ("OUT_OF_RANGE", "activate_end_time", None),
        ),
        (
            MemberActivation { activate_begin_time: Some(1_700_000_000_000), ..ok.clone() },
            ("TIMESTAMP_IN_MILLISECONDS", "activate_begin_time", None),
        ),
        (
            MemberActivation { init_bonus_record: "积".repeat(11), ..ok.clone() },
            ("TOO_LONG", "init_bonus_record", None),
        ),
        (
            MemberActivation { init_custom_field_value2: "五个汉字啊".into(), ..ok.clone() },
            ("TOO_LONG", "init_custom_field_value2", None),
        ),
    ];
    for (activation, expected) in activations {
        assert_eq!(refusal(cards.activate_member_card(&activation).await.unwrap_err()), expected);
    }
    // Four 汉字 are the 12 bytes custom fields take.
    MemberActivation { init_custom_field_value1: "四个汉字".into(), ..ok.clone() }.check().unwrap();

    let nothing = MemberUpdate { code: "710000000009".into(), card_id: MEMBER_CARD.into(), ..MemberUpdate::default() };
    assert_eq!(refusal(cards.update_member(&nothing).await.unwrap_err()), ("MISSING", "add_bonus", None));
    // card_id: "是 | string(32)" in the updateuser table.
    let no_card = MemberUpdate { card_id: String::new(), add_bonus: Some(1), ..nothing.clone() };
    assert_eq!(refusal(cards.update_member(&no_card).await.unwrap_err()), ("MISSING", "card_id", None));
    // record_bonus, record_balance: string(42) read as 42 characters (see the example's test).
    for long in [
        MemberUpdate { add_bonus: Some(1), record_bonus: "积".repeat(43), ..nothing.clone() },
        MemberUpdate { add_balance: Some(-1), record_balance: "x".repeat(43), ..nothing.clone() },
    ] {
        let field = if long.record_bonus.is_empty() { "record_balance" } else { "record_bonus" };
        assert_eq!(refusal(cards.update_member(&long).await.unwrap_err()), ("TOO_LONG", field, None));
    }
    let long = MemberUpdate { custom_field_value3: "abcdefghijklm".into(), ..nothing.clone() };
    assert_eq!(refusal(cards.update_member(&long).await.unwrap_err()), ("TOO_LONG", "custom_field_value3", None));

    let mut bad_flag = form();
    bad_flag.required_form.as_mut().unwrap().common_field_id_list[1] = "USER_FORM_INFO_FLAG_PHONE".into();
    assert_eq!(
        refusal(cards.set_activate_user_form(&bad_flag).await.unwrap_err()),
        ("NOT_ONE_OF", "required_form.common_field_id_list", Some(1))
    );
    let mut six = form();
    six.optional_form.as_mut().unwrap().custom_field_list = (1..=6).map(|i| format!("选项{i}")).collect();
    assert_eq!(
        refusal(cards.set_activate_user_form(&six).await.unwrap_err()),
        ("TOO_MANY_ITEMS", "optional_form.custom_field_list", None)
    );
    let mut rich = form();
    rich.required_form.as_mut().unwrap().rich_field_list[0].kind = "FORM_FIELD_CHECKBOX".into();
    assert_eq!(
        refusal(cards.set_activate_user_form(&rich).await.unwrap_err()),
        ("NOT_ONE_OF", "required_form.rich_field_list", Some(0))
    );
    let nameless = ActivateUserForm {
        card_id: MEMBER_CARD.into(),
        bind_old_card: Some(FormLink { name: String::new(), url: "https://www.qq.com".into() }),
        ..ActivateUserForm::default()
    };
    assert_eq!(
        refusal(cards.set_activate_user_form(&nameless).await.unwrap_err()),
        ("MISSING", "bind_old_card.name", None)
    );
    let ftp = ActivateUserForm {
        service_statement: Some(FormLink { name: "会员守则".into(), url: "ftp://x".into() }),
        ..form()
    };
    assert_eq!(
        refusal(cards.set_activate_user_form(&ftp).await.unwrap_err()),
        ("URL_NOT_HTTP", "service_statement.url", None)
    );

    assert_eq!(refusal(cards.activate_temp_info("").await.unwrap_err()), ("MISSING", "activate_ticket", None));
    assert_eq!(refusal(cards.member_info("", "1").await.unwrap_err()), ("MISSING", "card_id", None));
    assert_eq!(
        refusal(cards.activate_url(MEMBER_CARD, &"s".repeat(129)).await.unwrap_err()),
        ("OUTER_STR_TOO_LONG", "outer_str", None)
    );
    let e = cards.activate_with_ticket("e", "", MEMBER_CARD, |_, _| ok.clone()).await.unwrap_err();
    assert_eq!(refusal(e), ("MISSING", "activate_ticket", None));
    let e = cards.member_card_stats("2015-06-01", "2015-08-02", CardSource::Api).await.unwrap_err();
    assert_eq!(refusal(e), ("DATE_RANGE", "end_date", None));

    assert_eq!(calls(&fake), before, "nothing reached WeChat");
    let shown = cards.update_member(&nothing).await.unwrap_err().to_string();
    assert!(shown.contains("not sent to WeChat: add_bonus is required") && shown.contains("(MISSING)"), "{shown}");
}

#[tokio::test]
async fn member_card_statistics_by_day() {
    let fake = Fake::start().await;
    let cards = cards(&fake);
    let days = cards.member_card_stats("2015-06-15", "2015-06-17", CardSource::Api).await.unwrap();
    assert_eq!(
        days.iter().map(|d| d.ref_date.as_str()).collect::<Vec<_>>(),
        ["2015-06-15", "2015-06-16", "2015-06-17"]
    );
    assert_eq!(
        (days[0].view_cnt, days[0].active_user, days[2].total_user, days[0].total_receive_user),
        (10, 2, 102, 120)
    );
    assert_eq!(last_body(&fake), json!({ "begin_date": "2015-06-15", "end_date": "2015-06-17", "cond_source": 1 }));
}

#[test]
fn the_types_carry_wechats_field_names() {
    // userinfo/get as the document prints it.
    let member: MemberInfo = serde_json::from_value(json!({
        "errcode": 0, "errmsg": "ok", "openid": "obLatjjwDolFjRRd3doGIdwNqRXw", "nickname": "Fourier",
        "membership_number": "316510891298", "bonus": 460, "sex": "MALE",
        "user_info": { "common_field_list": [
            { "name": "USER_FORM_INFO_FLAG_MOBILE", "value": "15521328888" },
            { "name": "USER_FORM_INFO_FLAG_NAME", "value": "Weixin" }
        ], "custom_field_list": [] },
        "user_card_status": "NORMAL"
    }))
    .unwrap();
    assert_eq!((member.bonus, member.balance, member.has_active), (460, 0, false));
    assert_eq!(member.user_info.common("USER_FORM_INFO_FLAG_MOBILE"), Some("15521328888"));
    assert_eq!(member.user_info.common("USER_FORM_INFO_FLAG_EMAIL"), None);
    assert_eq!(serde_json::to_value(CardStatus::ALL).unwrap()[4], "CARD_STATUS_DISPATCH");
    assert_eq!(CardStatus::parse("CARD_STATUS_VERIFY_OK"), Some(CardStatus::VerifyOk));
    // code and card_id are both required: always sent.
    assert_eq!(serde_json::to_value(MemberUpdate::default()).unwrap(), json!({ "code": "", "card_id": "" }));
}

/// The example of 更新会员信息 (card/membercard/updateuser) as WeChat prints it, but for the two
/// full-width commas after custom_field_value1 and 2 that are no JSON. Its record_balance is 18
/// characters, 50 bytes, beside "string(42)" and "不超过14个汉字": the check takes it.
const WECHATS_UPDATEUSER: &str = r#"{
    "code": "179011264953",
    "card_id": "p1Pj9jr90_SQRaVqYI239Ka1erkI",
    "background_pic_url": "https://mmbiz.qlogo.cn/mmbiz/0?wx_fmt=jpeg",
    "record_bonus": "消费30元，获得3积分",
    "bonus": 3000,
    "add_bonus": 30,
    "balance": 3000,
    "add_balance": -30,
    "record_balance": "购买焦糖玛琪朵一杯，扣除金额30元。",
    "custom_field_value1": "xxxxx",
    "custom_field_value2": "xxxxx",
    "notify_optional": {
        "is_notify_bonus": true,
        "is_notify_balance": true,
        "is_notify_custom_field1":true
    }
}"#;

#[test]
fn wechats_updateuser_example_passes_the_check() {
    let update: MemberUpdate = serde_json::from_str(WECHATS_UPDATEUSER).unwrap();
    assert_eq!((update.record_balance.len(), update.record_balance.chars().count()), (50, 18));
    update.check().unwrap();
    // Nothing of it is lost on the way to WeChat.
    let sent = serde_json::to_value(&update).unwrap();
    assert_eq!(sent, serde_json::from_str::<Value>(WECHATS_UPDATEUSER).unwrap());
    // 42 汉字 (126 bytes) pass; the 43rd character is refused.
    MemberUpdate { record_balance: "扣".repeat(42), record_bonus: "积".repeat(42), ..update.clone() }.check().unwrap();
    let over = MemberUpdate { record_balance: "扣".repeat(43), ..update.clone() };
    assert_eq!(refusal(over.check().unwrap_err()), ("TOO_LONG", "record_balance", None));
}

/// Both forms are "否" in activateuserform/set: a form of its links alone is set.
#[tokio::test]
async fn an_activation_form_of_links_only_is_set() {
    let fake = Fake::start().await;
    let cards = cards(&fake);
    let link = || Some(FormLink { name: "会员守则".into(), url: "https://www.qq.com".into() });
    let statement = ActivateUserForm { card_id: MEMBER_CARD.into(), service_statement: link(), ..Default::default() };
    let old_card = ActivateUserForm { card_id: MEMBER_CARD.into(), bind_old_card: link(), ..Default::default() };
    for form in [statement, old_card] {
        cards.set_activate_user_form(&form).await.unwrap();
        assert_eq!(fake.state.user_forms.lock().unwrap()[MEMBER_CARD], json!(form));
    }
    ActivateUserForm { card_id: MEMBER_CARD.into(), ..Default::default() }.check().unwrap();
}

/// WeChat's own create example sets auto_activate and activate_url; a card may set no way to
/// activate at all. Both are created (the check only warns of the first); a member card's title
/// is then changed by card/update, which sends it back to review.
#[tokio::test]
async fn wechats_member_card_example_is_created_and_its_title_updated() {
    let fake = Fake::start().await;
    let cards = cards(&fake);
    let example = include_str!("cards/member-card-create.json");
    let card_id = cards.create_card_json(example).await.unwrap();
    let none =
        example.replacen("\"auto_activate\": true,", "", 1).replacen("\"activate_url\": \"http://www.qq.com\",", "", 1);
    assert!(!none.contains("activate"), "no way to activate left");
    cards.create_card_json(&none).await.unwrap();

    let title = json!({ "card_id": card_id, "member_card": { "base_info": { "title": "海底捞金卡" } } });
    assert!(cards.update_card_json(&title.to_string()).await.unwrap(), "a new title goes back to review");
    let color = json!({ "card_id": card_id, "member_card": { "base_info": { "color": "Color020" } } });
    assert!(!cards.update_card_json(&color.to_string()).await.unwrap());
}

/// userinfo/get and updateuser answers with the balance as a JSON float (WxJava reads it as a
/// Double since its PR #443) and a null nickname: read, not a failed call.
#[tokio::test]
async fn float_balances_and_a_null_nickname_are_read() {
    let member: MemberInfo = serde_json::from_value(json!({
        "errcode": 0, "errmsg": "ok", "openid": OPENID, "nickname": null, "membership_number": "1",
        "bonus": 460, "balance": 300.0, "user_card_status": "NORMAL", "has_active": true
    }))
    .unwrap();
    assert_eq!((member.nickname.as_str(), member.bonus, member.balance), ("", 460, 300));
    let member: MemberInfo = serde_json::from_value(json!({ "bonus": 1.0, "balance": 12.6 })).unwrap();
    assert_eq!((member.bonus, member.balance), (1, 13));
    let member: MemberInfo = serde_json::from_value(json!({ "bonus": null, "balance": null })).unwrap();
    assert_eq!((member.bonus, member.balance), (0, 0));
    let member: MemberInfo = serde_json::from_value(json!({ "balance": "300" })).unwrap();
    assert_eq!(member.balance, 300);
    assert!(serde_json::from_value::<MemberInfo>(json!({ "balance": "三百" })).is_err(), "not a number");
    let done: MemberUpdated = serde_json::from_value(
        json!({ "errcode": 0, "errmsg": "ok", "result_bonus": 100, "result_balance": 200.0, "openid": OPENID }),
    )
    .unwrap();
    assert_eq!(done, MemberUpdated { result_bonus: 100, result_balance: 200, openid: OPENID.into() });
    // Through the client too: the fake answers a float balance.
    let fake = Fake::start().await;
    let cards = cards(&fake);
    fake.add_code("e8", "710000000008", MEMBER_CARD);
    let activation = MemberActivation {
        membership_number: "710000000008".into(),
        code: "710000000008".into(),
        ..MemberActivation::default()
    };
    cards.activate_member_card(&activation).await.unwrap();
    fake.state.members.lock().unwrap().get_mut("710000000008").unwrap()["balance"] = json!(250.0);
    assert_eq!(cards.member_info(MEMBER_CARD, "710000000008").await.unwrap().balance, 250);
}

/// `POST /api/member/activate` of the router, over real HTTP: what the activation page sends,
/// activated against the fake; a ticket WeChat does not know is its errcode, explained.
#[tokio::test]
async fn the_router_activates_from_the_pages_parameters() {
    let fake = Fake::start().await;
    fake.add_code("Zz+y/X0==", "710000000009", MEMBER_CARD);
    fake.add_activate_ticket("tK+/t==", "710000000009", form_answers());
    let app = axum::Router::new()
        .nest("/api", router(cards(&fake), Policy::builder().origins(["https://m.example.com"]).build()));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/api/member/activate", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let http = reqwest::Client::new();
    let post = |body: Value| {
        let (http, url) = (http.clone(), url.clone());
        async move {
            let res = http.post(url).json(&body).send().await.unwrap();
            (res.status().as_u16(), res.json::<Value>().await.unwrap())
        }
    };

    let (status, done) =
        post(json!({ "encryptCode": "Zz+y/X0==", "activateTicket": "tK+/t==", "cardId": MEMBER_CARD })).await;
    assert_eq!(status, 200, "{done}");
    assert_eq!(
        (done["activated"].clone(), done["cardId"].clone(), done["membershipNumber"].clone()),
        (json!(true), json!(MEMBER_CARD), json!("710000000009"))
    );
    assert_eq!(done["form"], form_answers());
    assert_eq!(
        last_body(&fake),
        json!({ "membership_number": "710000000009", "code": "710000000009", "card_id": MEMBER_CARD })
    );

    let before = calls(&fake);
    let (status, e) =
        post(json!({ "encryptCode": "Zz+y/X0==", "activateTicket": "stale", "cardId": MEMBER_CARD })).await;
    assert_eq!((status, e["code"].as_str()), (502, Some("WECHAT_40097")), "{e}");
    assert!(calls(&fake) > before, "WeChat was asked");
    let (status, e) = post(json!({ "encryptCode": "", "activateTicket": "tK+/t==" })).await;
    assert_eq!((status, e["code"].as_str(), e["field"].as_str()), (400, Some("MISSING"), Some("encrypt_code")));
    let (status, e) = post(json!({ "encryptCode": "x", "activateTicket": "t", "unknown": 1 })).await;
    assert_eq!((status, e["code"].as_str()), (400, Some("BAD_JSON")));
}

/// A member card from the typed fields: the JSON WeChat's document prints, checked clean by
/// `validate_card_json` (no coupon warning), and created.
#[tokio::test]
async fn a_member_card_is_created_from_typed_fields() {
    let fake = Fake::start().await;
    let cards = cards(&fake);
    let card = NewCard {
        base_info: BaseInfo {
            logo_url: "http://mmbiz.qpic.cn/mmbiz/iaL1LJM1mF9aRKPZ/0".into(),
            brand_name: "海底捞".into(),
            code_type: Some(CodeType::Text),
            title: "海底捞会员卡".into(),
            color: "Color010".into(),
            notice: "使用时向服务员出示此券".into(),
            description: "不可与其他优惠同享".into(),
            date_info: Some(DateInfo::Permanent),
            sku: Some(Sku { quantity: 50_000_000 }),
            get_limit: Some(3),
            ..BaseInfo::default()
        },
        advanced_info: None,
        details: CardDetails::MemberCard(Box::new(MemberCardFields {
            background_pic_url: "https://mmbiz.qlogo.cn/mmbiz/0".into(),
            prerogative: "会员专享折扣".into(),
            supply_bonus: true,
            supply_balance: false,
            activation: Activation::OneClick,
            bonus_rule: Some(BonusRule {
                cost_money_unit: Some(100),
                increase_bonus: Some(1),
                max_increase_bonus: Some(200),
                init_increase_bonus: Some(10),
                ..BonusRule::default()
            }),
            custom_fields: [
                Some(CustomField {
                    name_type: "FIELD_NAME_TYPE_LEVEL".into(),
                    url: "http://www.qq.com".into(),
                    ..CustomField::default()
                }),
                None,
                None,
            ],
            custom_cell1: Some(CustomCell {
                name: "使用入口2".into(),
                tips: "激活后显示".into(),
                url: "http://www.xxx.com".into(),
            }),
            discount: Some(10),
            ..MemberCardFields::default()
        })),
    };
    let body = card.to_json();
    assert_eq!(body["card"]["card_type"], "MEMBER_CARD");
    let member = &body["card"]["member_card"];
    assert_eq!(member["wx_activate"], true);
    assert!(member.get("auto_activate").is_none() && member.get("activate_url").is_none());
    assert_eq!(
        member["bonus_rule"],
        json!({ "cost_money_unit": 100, "increase_bonus": 1, "max_increase_bonus": 200, "init_increase_bonus": 10 })
    );
    assert_eq!(member["custom_field1"], json!({ "name_type": "FIELD_NAME_TYPE_LEVEL", "url": "http://www.qq.com" }));
    assert!(member.get("custom_field2").is_none());
    assert_eq!(member["base_info"]["date_info"], json!({ "type": "DATE_TYPE_PERMANENT" }));
    let report = wxcard::validate_card_json(&body.to_string());
    assert!(report.problems.is_empty(), "{:?}", report.problems);

    let card_id = cards.create_card(&card).await.unwrap();
    assert_eq!(fake.state.cards.lock().unwrap()[&card_id], body["card"], "WeChat received exactly the typed card");
}
