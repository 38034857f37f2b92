//! The API's bookkeeping against the local fake WeChat API over real HTTP: an endpoint's quota
//! read right, a failed call's rid record with its access_token redacted, the reset of the
//! quotas, the local checks that refuse a bad input before any call, and the one retry after a
//! 40001.

mod support;

use std::sync::atomic::Ordering;

use support::cards::{calls, cards, errcode, last_body, refusal};
use support::Fake;
use wxcard::server::*;

/// The rid the fake keeps a record of.
const RID: &str = "6582bf2e-0b5c5d7e-3bd3b3a2";

#[tokio::test]
async fn an_endpoints_quota_is_read_with_its_rate_limit() {
    let fake = Fake::start().await;
    let cards = cards(&fake);
    // One ticket fetched: the fake counts it as today's use of getticket.
    cards.manager().api_ticket().await.unwrap();

    let q = cards.quota("/cgi-bin/ticket/getticket").await.unwrap();
    assert_eq!(last_body(&fake), serde_json::json!({ "cgi_path": "/cgi-bin/ticket/getticket" }));
    assert_eq!((q.daily_limit, q.used, q.remain), (100_000, 1, 99_999));
    assert_eq!(q.rate_limit, Some(ApiRateLimit { call_count: 5_000, refresh_second: 60 }));
    assert_eq!(q.component_rate_limit, None);
    assert_eq!(
        serde_json::to_value(&q).unwrap(),
        serde_json::json!({
            "dailyLimit": 100_000, "used": 1, "remain": 99_999,
            "rateLimit": { "callCount": 5_000, "refreshSecond": 60 },
        })
    );

    // WeChat's own refusals come back as its errcodes.
    let e = cards.quota("/cgi-bin/no/such/api").await.unwrap_err();
    assert_eq!(errcode(&e), Some(76021), "{e}");
    let e = cards.quota("/sns/oauth2/access_token").await.unwrap_err();
    assert_eq!(errcode(&e), Some(76022), "{e}");
}

#[tokio::test]
async fn bad_input_is_refused_before_any_call() {
    let fake = Fake::start().await;
    let cards = cards(&fake);
    let before = calls(&fake);
    for (path, code) in [
        ("", "MISSING"),
        ("cgi-bin/ticket/getticket", "API_PATH_FORMAT"),
        ("https://api.weixin.qq.com/cgi-bin/ticket/getticket", "API_PATH_FORMAT"),
        ("/cgi-bin/ticket/getticket?type=wx_card", "API_PATH_FORMAT"),
        (" /cgi-bin/token", "SURROUNDING_WHITESPACE"),
    ] {
        let e = cards.quota(path).await.unwrap_err();
        assert_eq!(refusal(e), (code, "cgi_path", None), "{path:?}");
    }
    assert_eq!(refusal(cards.rid("").await.unwrap_err()), ("MISSING", "rid", None));
    assert_eq!(refusal(cards.rid("6582bf2e\n").await.unwrap_err()).0, "SURROUNDING_WHITESPACE");
    assert_eq!(calls(&fake), before, "nothing reached WeChat");
    assert_eq!(fake.state.stable_token_calls.load(Ordering::SeqCst), 0, "not even a token was fetched");

    // The refusal reads as every other area's.
    let e = ServerError::from(cards.quota("cgi-bin/token").await.unwrap_err());
    assert_eq!((e.code.as_str(), e.field.as_deref()), ("API_PATH_FORMAT", Some("cgi_path")));
    assert!(e.message.contains("/cgi-bin/ticket/getticket"), "{}", e.message);
}

#[tokio::test]
async fn a_rid_from_an_errmsg_gives_the_failed_call_with_its_token_redacted() {
    let fake = Fake::start().await;
    let cards = cards(&fake);
    // What a caller holds: WeChat's error, the rid at the end of its errmsg.
    let failed = CallError::Api { errcode: 40001, errmsg: format!("invalid credential rid: {RID}") };
    let CallError::Api { errmsg, .. } = &failed else { unreachable!() };
    let rid = rid_in(errmsg).unwrap();

    let r = cards.rid(rid).await.unwrap();
    assert_eq!(last_body(&fake), serde_json::json!({ "rid": RID }));
    let token = fake.state.token.lock().unwrap().clone();
    assert!(token.starts_with("FAKE-TOKEN"), "the fake issued a token: {token}");
    assert_eq!(r.request_url, "access_token=<redacted>&type=wx_card");
    assert!(!format!("{r:?} {}", serde_json::to_string(&r).unwrap()).contains(&token), "the token never shows");
    assert_eq!((r.invoke_time, r.cost_in_ms, r.client_ip.as_str()), (1_702_018_862, 12, "203.0.113.7"));
    assert_eq!(r.request_body, "");
    assert!(r.response_body.contains("40001") && r.response_body.contains(RID), "{}", r.response_body);
    let json = serde_json::to_value(&r).unwrap();
    for key in ["invokeTime", "costInMs", "requestUrl", "requestBody", "responseBody", "clientIp"] {
        assert!(json.get(key).is_some(), "{key} in {json}");
    }

    // A rid WeChat has no record of (older than 7 days, another account's), or not a rid.
    assert_eq!(errcode(&cards.rid("61725984-6126f6f9-040f19c4").await.unwrap_err()), Some(76001));
    assert_eq!(errcode(&cards.rid("not-a-rid").await.unwrap_err()), Some(76002));
}

#[tokio::test]
async fn the_quotas_are_reset_for_the_clients_own_appid() {
    let fake = Fake::start().await;
    let cards = cards(&fake);
    cards.clear_quota().await.unwrap();
    assert_eq!(last_body(&fake), serde_json::json!({ "appid": support::APP_ID }));
}

#[tokio::test]
async fn an_invalid_token_is_refreshed_once_and_the_call_retried() {
    let fake = Fake::start().await;
    let cards = cards(&fake);
    cards.quota("/card/code/get").await.unwrap();
    let tokens = fake.state.stable_token_calls.load(Ordering::SeqCst);
    let before = calls(&fake);

    // Someone else refreshed the token: each call is refused once, refreshes, and goes through.
    *fake.state.token.lock().unwrap() = "rotated-elsewhere".into();
    cards.quota("/card/code/get").await.unwrap();
    assert_eq!(fake.state.stable_token_calls.load(Ordering::SeqCst), tokens + 1);
    assert_eq!(calls(&fake), before + 2, "the refused call and its one retry");

    *fake.state.token.lock().unwrap() = "rotated-again".into();
    let r = cards.rid(RID).await.unwrap();
    assert_eq!(fake.state.stable_token_calls.load(Ordering::SeqCst), tokens + 2);
    assert!(r.request_url.contains("<redacted>") && !r.request_url.contains("rotated"), "{}", r.request_url);
}
