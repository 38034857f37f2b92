//! The 商家券 endpoints over real HTTP: the open_id from the session, the stock_id from the
//! policy's list, the out_request_no made by the server and stable across retries; each value a
//! page may not choose refused with its code; the link URL-encoded with its fragment; the key in
//! no answer and no log line.

mod support;

use axum::extract::Request;
use axum::middleware::{self, Next};
use serde_json::{json, Value};
use support::logs::{captured_logs, logs_text};
use wxcard::server::{busifavor_router, Asker, PayMerchant, Policy, RouterOptions, Rules, ServerError};
use wxcard::{ApiV2Key, BusifavorH5Params};

const KEY: &str = "192006250b4c09247ec02edce69f6a2d";
const OPENID: &str = "oVvBvwEurk+UJpBz/90-6MfCHbec";

fn merchant() -> PayMerchant {
    PayMerchant { mch_id: "10016226".into(), key: ApiV2Key::new(KEY).unwrap() }
}

/// The session a merchant's auth layer found: here, from a cookie.
#[derive(Clone)]
struct Session(String);

async fn session(mut req: Request, next: Next) -> axum::response::Response {
    let cookie = req.headers().get("cookie").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    if let Some(openid) = cookie.strip_prefix("session=") {
        req.extensions_mut().insert(Session(openid.to_owned()));
    }
    next.run(req).await
}

fn from_session(a: Asker<'_>) -> Option<String> {
    a.extensions.get::<Session>().map(|s| s.0.clone())
}

async fn serve(policy: Policy) -> String {
    captured_logs();
    let app = axum::Router::new()
        .nest("/api", busifavor_router(merchant(), policy, RouterOptions::unlimited()))
        .layer(middleware::from_fn(session));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/api", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    url
}

async fn post(url: &str, cookie: Option<&str>, body: Value) -> (u16, Value) {
    let mut req = reqwest::Client::new().post(url).json(&body);
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    let r = req.send().await.unwrap();
    (r.status().as_u16(), r.json().await.unwrap())
}

fn refusal(answer: &(u16, Value)) -> (u16, &str) {
    (answer.0, answer.1["code"].as_str().unwrap_or(""))
}

/// The query value of `name` in a link.
fn param<'a>(url: &'a str, name: &str) -> &'a str {
    let query = url.split_once('?').unwrap().1.split('#').next().unwrap();
    query.split('&').find_map(|p| p.strip_prefix(&format!("{name}="))).unwrap_or("")
}

#[tokio::test]
async fn the_link_is_signed_for_the_session_with_a_stable_out_request_no() {
    let policy = Policy::builder().stock_ids(["1212", "3434"]).openid_from(from_session).build();
    let api = serve(policy).await;
    let h5 = format!("{api}/busifavor/h5");
    let cookie = format!("session={OPENID}");
    let body = json!({"requestId": "send-1", "coupons": [{"stockId": "1212"}]});
    let (status, first) = post(&h5, Some(&cookie), body.clone()).await;
    assert_eq!(status, 200, "{first}");
    let url = first["url"].as_str().unwrap();
    assert!(url.ends_with("#wechat_pay&wechat_redirect"), "{url}");
    assert_eq!(param(url, "open_id"), "oVvBvwEurk%2BUJpBz%2F90-6MfCHbec");
    let out_request_no = param(url, "out_request_no");
    assert_eq!(out_request_no.len(), 32);
    // Signed over the raw values, as the core signs them.
    let params = BusifavorH5Params {
        stock_id: "1212".into(),
        out_request_no: out_request_no.into(),
        send_coupon_merchant: "10016226".into(),
        open_id: OPENID.into(),
        coupon_code: String::new(),
    };
    assert!(
        wxcard::verify_busifavor_h5(&ApiV2Key::new(KEY).unwrap(), &params, first["sign"].as_str().unwrap()).unwrap()
    );
    // A retry: the same link. Another send, user or batch: another out_request_no.
    assert_eq!(post(&h5, Some(&cookie), body).await.1, first);
    let other = |body: Value, cookie: &str| {
        let h5 = h5.clone();
        let cookie = cookie.to_owned();
        async move { param(post(&h5, Some(&cookie), body).await.1["url"].as_str().unwrap(), "out_request_no").to_owned() }
    };
    assert_ne!(other(json!({"requestId": "send-2", "coupons": [{"stockId": "1212"}]}), &cookie).await, out_request_no);
    assert_ne!(other(json!({"requestId": "send-1", "coupons": [{"stockId": "3434"}]}), &cookie).await, out_request_no);
    assert_ne!(
        other(json!({"requestId": "send-1", "coupons": [{"stockId": "1212"}]}), "session=oOther").await,
        out_request_no
    );

    // The plugin: two batches, one signature.
    let (status, plugin) = post(
        &format!("{api}/busifavor/plugin"),
        Some(&cookie),
        json!({"requestId": "send-3", "coupons": [{"stockId": "1212"}, {"stockId": "3434"}]}),
    )
    .await;
    assert_eq!(status, 200, "{plugin}");
    assert_eq!(plugin["sendCouponParams"].as_array().unwrap().len(), 2);
    assert_eq!(plugin["sendCouponMerchant"], "10016226");

    // The diagnosis with the server's key: the mistake named, no expected sign, no key.
    let wrong = url.replace(first["sign"].as_str().unwrap(), &first["sign"].as_str().unwrap().to_lowercase());
    let (status, d) = post(&format!("{api}/busifavor/diagnose"), None, json!({"url": wrong})).await;
    assert_eq!(status, 200, "{d}");
    assert_eq!(d["findings"][0]["code"], "MISTAKE_PAY_LOWERCASE_HEX");
    assert_eq!(d["expectedSign"], Value::Null);
    assert!(d["stringToSign"].as_str().unwrap().ends_with("&key=********************************"));
    assert!(!logs_text().contains(KEY) && !d.to_string().contains(KEY));
}

#[tokio::test]
async fn what_a_page_may_not_choose_is_refused() {
    let policy = Policy::builder().stock_ids(["1212"]).openid_from(from_session).build();
    let api = serve(policy).await;
    let h5 = format!("{api}/busifavor/h5");
    let cookie = Some("session=oUser");
    let ask = |body: Value, cookie: Option<&'static str>| {
        let h5 = h5.clone();
        async move { post(&h5, cookie, body).await }
    };
    // One batch listed: the page need not name it.
    assert_eq!(ask(json!({"requestId": "r1"}), cookie).await.0, 200);
    for (body, expected) in [
        (json!({"requestId": "r1", "openId": "oSomeoneElse"}), (403, "OPENID_NOT_ALLOWED")),
        (json!({"requestId": "r1", "coupons": [{"stockId": "9999"}]}), (403, "STOCK_NOT_ALLOWED")),
        (
            json!({"requestId": "r1", "coupons": [{"stockId": "1212", "outRequestNo": "abc"}]}),
            (403, "OUT_REQUEST_NO_NOT_ALLOWED"),
        ),
        (json!({"requestId": "r1", "coupons": [{"stockId": "1212", "couponCode": "C1"}]}), (403, "CODE_NOT_ALLOWED")),
        (json!({"requestId": "r1", "coupons": [{"createCouponMerchant": "10016226"}]}), (400, "BAD_JSON")),
        (json!({"requestId": "r 1"}), (400, "BAD_JSON")),
        (json!({"requestId": "r1", "stock_id": "1212"}), (400, "BAD_JSON")),
        (json!({"requestId": "r1", "coupons": [{}, {}]}), (400, "TOO_MANY_ITEMS")),
    ] {
        let answer = ask(body.clone(), cookie).await;
        assert_eq!(refusal(&answer), expected, "{body}");
    }
    // No session: no open_id to sign for.
    assert_eq!(refusal(&ask(json!({"requestId": "r1"}), None).await), (401, "SESSION_REQUIRED"));

    // A sandbox policy may let the page name them.
    let open = Policy::builder().stock_ids(["1212"]).allow_body_openids().allow_body_out_request_nos().build();
    let api = serve(open).await;
    let body = json!({"requestId": "r1", "openId": "oPage", "coupons": [{"outRequestNo": "fixed1"}]});
    let (status, answer) = post(&format!("{api}/busifavor/h5"), None, body).await;
    assert_eq!(status, 200, "{answer}");
    let url = answer["url"].as_str().unwrap();
    assert_eq!((param(url, "open_id"), param(url, "out_request_no")), ("oPage", "fixed1"));

    // Rules of one's own grant no 商家券 unless they say so.
    struct CardsOnly;
    impl Rules for CardsOnly {
        fn card_ext(
            &self,
            _: Asker<'_>,
            i: wxcard::server::CardExtRequest,
        ) -> Result<wxcard::server::CardExtRequest, ServerError> {
            Ok(i)
        }
        fn choose_card(
            &self,
            _: Asker<'_>,
            i: wxcard::ChooseCardParams,
        ) -> Result<wxcard::ChooseCardParams, ServerError> {
            Ok(i)
        }
        fn jsapi_config(
            &self,
            _: Asker<'_>,
            i: wxcard::JsapiConfigParams,
        ) -> Result<wxcard::JsapiConfigParams, ServerError> {
            Ok(i)
        }
        fn decrypt_code(
            &self,
            _: Asker<'_>,
            i: wxcard::server::DecryptCodeRequest,
        ) -> Result<wxcard::server::DecryptCodeRequest, ServerError> {
            Ok(i)
        }
        fn member_activate(
            &self,
            _: Asker<'_>,
            i: wxcard::server::MemberActivateRequest,
        ) -> Result<wxcard::server::MemberActivateRequest, ServerError> {
            Ok(i)
        }
    }
    let api = serve(Policy::custom(CardsOnly)).await;
    let answer = post(&format!("{api}/busifavor/h5"), None, json!({"requestId": "r1", "openId": "o"})).await;
    assert_eq!(refusal(&answer), (403, "STOCK_NOT_ALLOWED"));
    assert!(!logs_text().contains(KEY));
    assert_eq!(format!("{:?}", merchant()).matches("<redacted>").count(), 1);
}
