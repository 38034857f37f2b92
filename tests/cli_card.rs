//! `wxcard card ...` against the local fake WeChat API: the seed's HelloWorld from a terminal, card
//! and code management, the member-card commands, and the API's quotas and rid records.

mod support;

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::{json, Value};
use support::{Fake, APP_ID, FAKE_CARD, MEMBER_CARD, SECRET};

const SEED_LOGO: &str = "http://mmbiz.qpic.cn/mmbiz/iaL1LJM1mF9aRKPZJkmG8xXhiaHqkKSVMMWeN3hLut7X7hicFNjakmx ibMLGWpXrEXB33367o7zHN0CwngnQY7zb7g/0";

struct Terminal {
    api_base: String,
    dir: PathBuf,
}

impl Terminal {
    fn new(fake: &Fake) -> Terminal {
        // One directory per terminal: the tests run in parallel and each removes its own.
        static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let dir = std::env::temp_dir().join(format!("wxcard-cli-card-{}-{n}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        Terminal { api_base: fake.url.clone(), dir }
    }

    fn file(&self, name: &str, bytes: &[u8]) -> String {
        let path = self.dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        path.to_str().unwrap().to_owned()
    }

    async fn run(&self, args: &[&str]) -> Output {
        let mut command = Command::new(env!("CARGO_BIN_EXE_wxcard"));
        command
            .arg("card")
            .args(args)
            .env("WXCARD_APPID", APP_ID)
            .env("WXCARD_SECRET", SECRET)
            .env("WXCARD_API_BASE", &self.api_base);
        let out = tokio::task::spawn_blocking(move || command.output().unwrap()).await.unwrap();
        let all = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert!(!all.contains(SECRET) && !all.contains("FAKE-TOKEN"), "a secret leaked: {all}");
        out
    }

    async fn ok(&self, args: &[&str]) -> Value {
        let out = self.run(args).await;
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap()
    }

    /// Exit `code`, nothing on stdout, one line on stderr.
    async fn fails(&self, code: i32, args: &[&str]) -> String {
        let out = self.run(args).await;
        assert_eq!(out.status.code(), Some(code), "{args:?}");
        assert!(out.stdout.is_empty());
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
        err
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_seed_helloworld_from_a_terminal() {
    let fake = Fake::start().await;
    let t = Terminal::new(&fake);

    let mut jpg = vec![0xFF, 0xD8, 0xFF, 0xE0];
    jpg.resize(4096, 0);
    let logo = t.ok(&["upload-logo", &t.file("logo.jpg", &jpg)]).await["url"].as_str().unwrap().to_owned();
    assert!(logo.starts_with("http://mmbiz.qpic.cn/"));

    let seed = include_str!("cards/seed-000-groupon-create.json").replace(SEED_LOGO, &logo);
    let card_id = t.ok(&["create", &t.file("card.json", seed.as_bytes())]).await["cardId"].as_str().unwrap().to_owned();

    let qr = t.ok(&["qrcode", &card_id, "--outer-str=poster", "--expire-seconds=1800"]).await;
    assert_eq!(qr["expireSeconds"], 1800);
    assert!(qr["showQrcodeUrl"].as_str().unwrap().contains(qr["ticket"].as_str().unwrap()));
    // Several cards, each with its own custom code; one card used up by its first scan.
    let last_sent = || -> Value { serde_json::from_str(fake.state.seen.lock().unwrap().last().unwrap()).unwrap() };
    t.ok(&["qrcode", &format!("{card_id}:1001"), &format!("{card_id}:1002")]).await;
    let sent = last_sent();
    let list = &sent["action_info"]["multiple_card"]["card_list"];
    assert_eq!((list[0]["code"].as_str(), list[1]["code"].as_str()), (Some("1001"), Some("1002")), "{sent}");
    t.ok(&["qrcode", &card_id, "--unique-code"]).await;
    assert_eq!(last_sent()["action_info"]["card"]["is_unique_code"], true);

    let w = t.ok(&["whitelist", "--username=usr1", "--username=usr2"]).await;
    assert_eq!(w, json!({ "ok": true, "openid": [], "username": ["usr1", "usr2"] }));

    fake.state.encrypted.lock().unwrap().insert("ENC+/=".into(), "759733467744".into());
    assert_eq!(t.ok(&["decrypt", "ENC+/="]).await, json!({ "code": "759733467744" }));
    assert_eq!(t.ok(&["get", "759733467744"]).await["canConsume"], true);
    assert_eq!(t.ok(&["consume", "759733467744"]).await, json!({ "cardId": "pFakeCard", "openid": "oFakeUser" }));
    let again = t.fails(1, &["consume", "759733467744"]).await;
    assert!(again.contains("CONSUMED"), "{again}");
    let forced = t.fails(1, &["consume", "759733467744", "--force"]).await;
    assert!(forced.contains("40099"), "{forced}");

    let days = t.ok(&["stats", "--begin=2015-06-15", "--end=2015-06-30"]).await;
    assert_eq!(days.as_array().unwrap().len(), 16);
    let per_card = t.ok(&["stats", "--begin=2015-06-15", "--end=2015-06-16", &format!("--card-id={card_id}")]).await;
    assert_eq!(per_card[0]["card_id"], card_id.as_str());
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_input_is_refused_before_any_call() {
    let fake = Fake::start().await;
    let t = Terminal::new(&fake);
    let broken =
        include_str!("cards/seed-000-groupon-create.json").replace("\"can_share\": true", "\"can_share\": \"true\"");
    let err = t.fails(1, &["create", &t.file("broken.json", broken.as_bytes())]).await;
    assert!(err.contains("card.groupon.base_info.can_share"), "{err}");
    let err = t.fails(2, &["stats", "--begin=2015-06-01", "--end=2015-08-02"]).await;
    assert!(err.contains("DATE_RANGE"), "{err}");
    let err = t.fails(2, &["upload-logo", &t.file("logo.png", b"\x89PNG\r\n\x1a\n")]).await;
    assert!(err.contains("IMAGE_NOT_JPEG"), "{err}");
    t.fails(2, &["qrcode", "p1", "p2", "--code=1"]).await;
    t.fails(2, &["qrcode", "p1", "p2", "--unique-code"]).await;
    assert_eq!(fake.state.card_calls.load(std::sync::atomic::Ordering::SeqCst), 0);
    // A wrong secret: WeChat's error, explained, without the secret.
    let out = Command::new(env!("CARGO_BIN_EXE_wxcard"))
        .args(["card", "get", "1"])
        .env("WXCARD_APPID", APP_ID)
        .env("WXCARD_SECRET", "wrong-secret")
        .env("WXCARD_API_BASE", &fake.url)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("40125") && !err.contains("wrong-secret"), "{err}");
}

#[tokio::test(flavor = "multi_thread")]
async fn cards_and_codes_from_a_terminal() {
    let fake = Fake::start().await;
    let t = Terminal::new(&fake);
    let mut jpg = vec![0xFF, 0xD8, 0xFF, 0xE0];
    jpg.resize(64, 0);
    let logo = t.ok(&["upload-logo", &t.file("logo.jpg", &jpg)]).await["url"].as_str().unwrap().to_owned();
    let seed = include_str!("cards/seed-000-groupon-create.json").replace(SEED_LOGO, &logo);
    let card_id = t.ok(&["create", &t.file("card.json", seed.as_bytes())]).await["cardId"].as_str().unwrap().to_owned();

    assert_eq!(t.ok(&["info", &card_id]).await["card_type"], "GROUPON");
    assert_eq!(t.ok(&["list"]).await, json!({ "cardIdList": [card_id], "totalNum": 1 }));
    assert_eq!(t.ok(&["list", "--status=CARD_STATUS_DELETE"]).await["totalNum"], 0);
    assert_eq!(t.ok(&["stock", &card_id, "--increase=5"]).await["ok"], true);
    let e = t.fails(1, &["stock", &card_id, "--reduce=99999999"]).await;
    assert!(e.contains("40122"), "{e}");

    let d = t.ok(&["deposit", &card_id, "c1", "c2"]).await;
    assert_eq!(d, json!({ "succCode": ["c1", "c2"], "duplicateCode": [], "failCode": [] }));
    assert_eq!(t.ok(&["deposit", &card_id, "--count"]).await, json!({ "count": 2 }));
    assert_eq!(
        t.ok(&["deposit", &card_id, "--check", "c2", "c3"]).await,
        json!({ "existCode": ["c2"], "notExistCode": ["c3"] })
    );

    fake.add_code("e1", "5550001", FAKE_CARD);
    t.ok(&["code-update", "5550001", &format!("--card-id={FAKE_CARD}"), "--new-code=5550002"]).await;
    let got = t.ok(&["get", "5550002"]).await;
    assert_eq!((got["userCardStatus"].as_str(), got["outerStr"].as_str()), (Some("NORMAL"), Some("fake-scene")));
    assert_eq!(t.ok(&["unavailable", "5550002", "--reason=refund"]).await, json!({ "ok": true, "code": "5550002" }));
    let e = t.fails(1, &["unavailable", "5550002"]).await;
    assert!(e.contains("40127"), "{e}");
    let e = t.fails(1, &["code-update", "404", "--card-id=pFakeCard", "--new-code=1"]).await;
    assert!(e.contains("40056"), "{e}");

    assert_eq!(t.ok(&["delete", &card_id]).await["ok"], true);
    let e = t.fails(1, &["info", &card_id]).await;
    assert!(e.contains("40073") && e.contains("Invalid card_id"), "{e}");
}

#[tokio::test(flavor = "multi_thread")]
async fn member_cards_from_a_terminal() {
    let fake = Fake::start().await;
    let t = Terminal::new(&fake);
    fake.add_code("e1", "7770001", MEMBER_CARD);
    let answers = json!({ "common_field_list": [{ "name": "USER_FORM_INFO_FLAG_MOBILE", "value": "13800000000" }], "custom_field_list": [] });
    fake.add_activate_ticket("TICKET+/=", "7770001", answers.clone());

    let form = json!({
        "card_id": MEMBER_CARD,
        "required_form": { "common_field_id_list": ["USER_FORM_INFO_FLAG_MOBILE"], "custom_field_list": ["喜欢的食物"] }
    });
    let ok = t.ok(&["member", "form", &t.file("form.json", form.to_string().as_bytes())]).await;
    assert_eq!(ok, json!({ "ok": true, "cardId": MEMBER_CARD }));
    let url = t.ok(&["member", "url", MEMBER_CARD, "--outer-str=shop1"]).await;
    assert!(url["url"].as_str().unwrap().contains("outer_str=shop1"));
    assert_eq!(t.ok(&["member", "temp-info", "TICKET+/="]).await, answers);

    let a = t.ok(&["member", "activate", "7770001", "--membership-number=13800000000", "--init-bonus=10"]).await;
    assert_eq!(a, json!({ "ok": true, "code": "7770001", "membershipNumber": "13800000000" }));
    let m = t.ok(&["member", "get", "7770001", &format!("--card-id={MEMBER_CARD}")]).await;
    assert_eq!((m["has_active"].as_bool(), m["bonus"].as_i64()), (Some(true), Some(10)));
    assert_eq!(m["user_info"]["common_field_list"][0]["value"], "13800000000");
    let u = t
        .ok(&[
            "member",
            "update",
            "7770001",
            &format!("--card-id={MEMBER_CARD}"),
            "--add-bonus=-4",
            "--record-bonus=兑换",
            "--quiet-balance",
            "--add-balance=100",
        ])
        .await;
    assert_eq!(u, json!({ "resultBonus": 6, "resultBalance": 100, "openid": "oFakeUser" }));
    let sent: Value = serde_json::from_str(fake.state.seen.lock().unwrap().last().unwrap()).unwrap();
    assert_eq!(sent["notify_optional"], json!({ "is_notify_balance": false }));

    // WeChat's errors: exit 1, explained.
    let e = t.fails(1, &["member", "temp-info", "used-ticket"]).await;
    assert!(e.contains("40097"), "{e}");
    let e = t.fails(1, &["member", "activate", "404"]).await;
    assert!(e.contains("40056"), "{e}");
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_card_and_member_input_is_refused_before_any_call() {
    let fake = Fake::start().await;
    let t = Terminal::new(&fake);
    let e = t.fails(2, &["list", "--count=51"]).await;
    assert!(e.contains("count") && e.contains("OUT_OF_RANGE"), "{e}");
    let e = t.fails(2, &["list", "--status=VERIFY_OK"]).await;
    assert!(e.contains("not a card status"), "{e}");
    let e = t.fails(2, &["stock", "p1"]).await;
    assert!(e.contains("MISSING"), "{e}");
    let many: Vec<String> = (0..101).map(|i| format!("c{i}")).collect();
    let mut args = vec!["deposit", "p1"];
    args.extend(many.iter().map(String::as_str));
    assert!(t.fails(2, &args).await.contains("TOO_MANY_ITEMS"));
    t.fails(2, &["deposit", "p1", "c1", "--count"]).await;
    let e = t.fails(2, &["code-update", "1", "--card-id=p1", "--new-code=1"]).await;
    assert!(e.contains("CONFLICT"), "{e}");
    let e = t.fails(2, &["member", "activate", "1", "--init-custom-field-value1=五个汉字啊"]).await;
    assert!(e.contains("init_custom_field_value1") && e.contains("TOO_LONG"), "{e}");
    let e = t.fails(2, &["member", "update", "1"]).await;
    assert!(e.contains("--card-id"), "{e}");
    let e = t.fails(2, &["member", "update", "1", "--card-id=p1"]).await;
    assert!(e.contains("add_bonus") && e.contains("MISSING"), "{e}");
    let bad = json!({ "card_id": "p1", "required_form": { "common_field_id_list": ["USER_FORM_INFO_FLAG_PHONE"] } });
    let e = t.fails(2, &["member", "form", &t.file("bad-form.json", bad.to_string().as_bytes())]).await;
    assert!(e.contains("required_form.common_field_id_list") && e.contains("NOT_ONE_OF"), "{e}");
    let e = t.fails(2, &["member", "form", &t.file("not-json.json", b"{")]).await;
    assert!(e.contains("not an activateuserform/set body"), "{e}");
    assert_eq!(fake.state.card_calls.load(std::sync::atomic::Ordering::SeqCst), 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_users_cards_a_landing_page_and_the_tickets_from_a_terminal() {
    use support::{BOARDING_PASS_CARD, MEETING_TICKET_CARD, MOVIE_TICKET_CARD};
    let fake = Fake::start().await;
    let t = Terminal::new(&fake);
    fake.add_code("u1", "1000001", FAKE_CARD);
    let listed = t.ok(&["user-cards", support::OPENID]).await;
    assert_eq!(listed["card_list"][0], json!({ "code": "1000001", "card_id": FAKE_CARD }), "{listed}");
    let one = t.ok(&["user-cards", support::OPENID, &format!("--card-id={FAKE_CARD}")]).await;
    assert_eq!(one["card_list"].as_array().map(Vec::len), Some(1));

    let banner = "http://mmbiz.qpic.cn/mmbiz/banner/0";
    let page = json!({
        "banner": banner, "page_title": "惠城优惠大派送", "can_share": true, "scene": "SCENE_H5",
        "card_list": [{ "card_id": FAKE_CARD, "thumb_url": banner }]
    });
    let made = t.ok(&["landing-page", &t.file("page.json", page.to_string().as_bytes())]).await;
    assert!(made["url"].as_str().is_some_and(|u| u.starts_with("https://mp.weixin.qq.com/")), "{made}");
    assert_eq!(made["pageId"], 1);
    let mut bad = page.clone();
    bad["scene"] = json!("SCENE_WEB");
    let e = t.fails(2, &["landing-page", &t.file("bad-page.json", bad.to_string().as_bytes())]).await;
    assert!(e.contains("scene") && e.contains("NOT_ONE_OF"), "{e}");

    fake.add_code("m1", "717523732898", MEETING_TICKET_CARD);
    let meeting = json!({ "code": "717523732898", "card_id": MEETING_TICKET_CARD, "zone": "C区", "entrance": "东北门", "seat_number": "2排15号" });
    assert_eq!(
        t.ok(&["ticket", "meeting", &t.file("meeting.json", meeting.to_string().as_bytes())]).await,
        json!({ "ok": true })
    );
    fake.add_code("v1", "277217129962", MOVIE_TICKET_CARD);
    let movie = json!({
        "code": "277217129962", "card_id": MOVIE_TICKET_CARD, "ticket_class": "4D", "show_time": 1408493192,
        "duration": 120, "screening_room": "5号影厅", "seat_number": ["5排14号", "5排15号"]
    });
    assert_eq!(
        t.ok(&["ticket", "movie", &t.file("movie.json", movie.to_string().as_bytes())]).await,
        json!({ "ok": true })
    );
    fake.add_code("b1", "198374613512", BOARDING_PASS_CARD);
    let checkin = json!({
        "code": "198374613512", "card_id": BOARDING_PASS_CARD, "passenger_name": "乘客姓名", "class": "头等舱",
        "etkt_bnr": "78123456789012", "seat": "12A"
    });
    let path = t.file("checkin.json", checkin.to_string().as_bytes());
    assert_eq!(t.ok(&["ticket", "boarding", &path]).await, json!({ "ok": true }));
    let sent: Value = serde_json::from_str(fake.state.seen.lock().unwrap().last().unwrap()).unwrap();
    assert_eq!(sent["etkt_bnr"], "78123456789012");
    // Checked before any call: a movie ticket without its showing time.
    let no_time =
        json!({ "code": "277217129962", "card_id": MOVIE_TICKET_CARD, "ticket_class": "4D", "duration": 120 });
    let e = t.fails(2, &["ticket", "movie", &t.file("no-time.json", no_time.to_string().as_bytes())]).await;
    assert!(e.contains("show_time"), "{e}");
    let e = t.fails(2, &["ticket", "meeting", &t.file("not-json.json", b"{")]).await;
    assert!(e.contains("not a card/meetingticket/updateuser body"), "{e}");
}

#[tokio::test(flavor = "multi_thread")]
async fn quotas_and_failed_calls_from_a_terminal() {
    let fake = Fake::start().await;
    let t = Terminal::new(&fake);
    let q = t.ok(&["quota", "--cgi-path", "/cgi-bin/stable_token"]).await;
    // The CLI's own token request is today's one use.
    assert_eq!(
        q,
        json!({ "dailyLimit": 10_000, "used": 1, "remain": 9_999, "rateLimit": { "callCount": 5_000, "refreshSecond": 60 } })
    );
    let e = t.fails(1, &["quota", "--cgi-path", "/cgi-bin/no/such/api"]).await;
    assert!(e.contains("76021"), "{e}");

    // The record holds the access_token WeChat received: the terminal shows it redacted (and
    // `run` checks that no FAKE-TOKEN reaches stdout or stderr).
    let r = t.ok(&["rid", "--rid", "6582bf2e-0b5c5d7e-3bd3b3a2"]).await;
    assert_eq!(r["requestUrl"], "access_token=<redacted>&type=wx_card");
    assert_eq!((r["invokeTime"].as_u64(), r["clientIp"].as_str()), (Some(1_702_018_862), Some("203.0.113.7")));
    // The whole errmsg pasted gives its rid.
    let again = t.ok(&["rid", "--rid", "invalid credential rid: 6582bf2e-0b5c5d7e-3bd3b3a2"]).await;
    assert_eq!(again, r);
    let e = t.fails(1, &["rid", "--rid", "61725984-6126f6f9-040f19c4"]).await;
    assert!(e.contains("76001"), "{e}");

    // Bad input never leaves the terminal.
    let calls = fake.state.card_calls.load(std::sync::atomic::Ordering::SeqCst);
    let e = t.fails(2, &["quota", "--cgi-path", "https://api.weixin.qq.com/cgi-bin/token"]).await;
    assert!(e.contains("cgi_path") && e.contains("API_PATH_FORMAT"), "{e}");
    let e = t.fails(2, &["rid", "--rid", ""]).await;
    assert!(e.contains("rid") && e.contains("MISSING"), "{e}");
    assert_eq!(fake.state.card_calls.load(std::sync::atomic::Ordering::SeqCst), calls);
}
