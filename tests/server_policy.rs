//! The router's policy over real HTTP, against the fake WeChat API: each refusal with its code,
//! the origin checks, an openid and a code supplied by the merchant's server and bound by the
//! signature, and no code or openid in any log line.

mod support;

use std::sync::atomic::Ordering;

use axum::extract::Request;
use axum::middleware::{self, Next};
use serde_json::{json, Value};
use support::logs::{captured_logs, logs_text};
use support::{card_signature, Fake, APP_ID, SECRET};
use wxcard::server::{
    router, CardClient, ClientOptions, Credentials, ManagerOptions, MemoryStore, Policy, TicketManager, WeChatClient,
};

const ORIGIN: &str = "https://m.example.com";

fn cards(fake: &Fake) -> CardClient<MemoryStore> {
    captured_logs();
    let options = ClientOptions { base_url: fake.url.clone(), ..ClientOptions::default() };
    let client = WeChatClient::new(Credentials::new(APP_ID, SECRET), options).unwrap();
    CardClient::new(TicketManager::new(client, MemoryStore::new(), ManagerOptions::default()))
}

/// The built-in policy of a merchant with two cards, one page domain and one origin.
fn merchant() -> wxcard::server::PolicyBuilder {
    Policy::builder().card_ids(["pCardA", "pCardB"]).page_domains(["m.example.com"]).origins([ORIGIN])
}

/// The session a merchant's auth layer found: here, from a cookie.
#[derive(Clone)]
struct Session {
    openid: String,
}

async fn session(mut req: Request, next: Next) -> axum::response::Response {
    let cookie = req.headers().get("cookie").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    if let Some(openid) = cookie.strip_prefix("session=") {
        req.extensions_mut().insert(Session { openid: openid.to_owned() });
    }
    next.run(req).await
}

async fn serve(fake: &Fake, policy: Policy) -> String {
    let app = axum::Router::new().nest("/api", router(cards(fake), policy)).layer(middleware::from_fn(session));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/api", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    url
}

async fn post(req: reqwest::RequestBuilder, body: Value) -> (u16, Value) {
    let r = req.json(&body).send().await.unwrap();
    (r.status().as_u16(), r.json().await.unwrap())
}

fn refusal(answer: &(u16, Value)) -> (u16, &str, Option<&str>) {
    (answer.0, answer.1["code"].as_str().unwrap_or(""), answer.1["field"].as_str())
}

#[tokio::test]
async fn the_built_in_policy_refuses_what_it_does_not_list() {
    let fake = Fake::start().await;
    let api = serve(&fake, merchant().build()).await;
    let http = reqwest::Client::new();
    let at = |path: &str| http.post(format!("{api}{path}"));

    let r = post(at("/card-ext"), json!({"cards": [{"cardId": "pAnyCard"}]})).await;
    assert_eq!(refusal(&r), (403, "CARD_NOT_ALLOWED", Some("cardId")), "{}", r.1);
    let r = post(at("/card-ext"), json!({"cards": [{"cardId": "pCardA", "code": "ATTACKER01"}]})).await;
    assert_eq!(refusal(&r), (403, "CODE_NOT_ALLOWED", Some("code")), "{}", r.1);
    let r = post(at("/card-ext"), json!({"cards": [{"cardId": "pCardA", "openid": "oVictim"}]})).await;
    assert_eq!(refusal(&r), (403, "OPENID_NOT_ALLOWED", Some("openid")), "{}", r.1);
    let r = post(at("/choose-card"), json!({"cardId": "pAnyCard"})).await;
    assert_eq!(refusal(&r), (403, "CARD_NOT_ALLOWED", Some("cardId")), "{}", r.1);
    let r = post(at("/jsapi-config"), json!({"url": "https://evil.example/p.html"})).await;
    assert_eq!(refusal(&r), (400, "URL_NOT_ALLOWED", Some("url")), "{}", r.1);
    let r = post(at("/jsapi-config"), json!({"url": "https://evil.example/?https://m.example.com/"})).await;
    assert_eq!(refusal(&r), (400, "URL_NOT_ALLOWED", Some("url")), "{}", r.1);
    let r =
        post(at("/decrypt-code").header("origin", "https://evil.example"), json!({"encryptCode": "Ab+c/D=="})).await;
    assert_eq!(refusal(&r), (403, "ORIGIN_NOT_ALLOWED", None), "{}", r.1);
    let r = post(
        at("/member/activate").header("referer", "https://evil.example/a.html"),
        json!({"encryptCode": "Ab+c/D==", "activateTicket": "t"}),
    )
    .await;
    assert_eq!(refusal(&r), (403, "ORIGIN_NOT_ALLOWED", None), "{}", r.1);
    // Nothing refused reached WeChat.
    assert_eq!(fake.state.card_ticket_calls.load(Ordering::SeqCst), 0);
    assert_eq!(fake.state.jsapi_ticket_calls.load(Ordering::SeqCst), 0);
    assert_eq!(fake.state.stable_token_calls.load(Ordering::SeqCst), 0);

    // What it lists is signed.
    let (status, r) = post(at("/card-ext"), json!({"cards": [{"cardId": "pCardA"}, {"cardId": "pCardB"}]})).await;
    assert_eq!(status, 200, "{r}");
    let (status, r) = post(at("/choose-card"), json!({"cardId": "pCardB"})).await;
    assert_eq!(status, 200, "{r}");
    let (status, r) = post(at("/choose-card"), json!({"cardType": "GROUPON"})).await;
    assert_eq!(status, 200, "{r}");
    let (status, r) = post(at("/jsapi-config"), json!({"url": "https://M.example.com:8443/card.html#x"})).await;
    assert_eq!(status, 200, "{r}");
    // A refusal writes one line, without the code or openid it refused.
    let logs = logs_text();
    assert!(logs.contains("POST /api/card-ext 403"), "{logs}");
    for private in ["ATTACKER01", "oVictim", SECRET] {
        assert!(!logs.contains(private), "{private} in the logs: {logs}");
    }
}

#[tokio::test]
async fn a_router_open_to_any_request_says_so_when_built() {
    captured_logs();
    let _ = router(wxcard::server::Sandbox::new("wx0000000000sandbox").unwrap(), Policy::allow_any());
    assert!(logs_text().contains("Policy::allow_any"), "{}", logs_text());
}

#[tokio::test]
async fn decryption_only_for_the_pages_own_origin() {
    let fake = Fake::start().await;
    fake.state.encrypted.lock().unwrap().insert("Ab+c/D==".into(), "1434008071".into());
    let api = serve(&fake, merchant().build()).await;
    let http = reqwest::Client::new();
    let decrypt = || http.post(format!("{api}/decrypt-code"));
    let body = json!({"encryptCode": "Ab+c/D=="});

    // A cross-site request carrying the user's cookie, even when it names an allowed origin.
    let cross = decrypt().header("cookie", "session=oUser1").header("sec-fetch-site", "cross-site");
    let r = post(cross.header("origin", ORIGIN), body.clone()).await;
    assert_eq!(refusal(&r), (403, "ORIGIN_NOT_ALLOWED", None), "{}", r.1);
    // An allowed origin without Sec-Fetch-Site (older WebViews, X5 do not send it).
    let (status, r) = post(decrypt().header("origin", ORIGIN), body.clone()).await;
    assert_eq!((status, r["code"].as_str()), (200, Some("1434008071")), "{r}");
    // A Referer of the page when there is no Origin; same-origin fetch metadata.
    let page = decrypt().header("referer", format!("{ORIGIN}/landing.html?encrypt_code=x"));
    let (status, r) = post(page.header("sec-fetch-site", "same-origin"), body.clone()).await;
    assert_eq!((status, r["code"].as_str()), (200, Some("1434008071")), "{r}");
    // Neither header: not a browser's page, which an origin check cannot stop (docs/security.md).
    let (status, _) = post(decrypt(), body).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn the_openid_of_the_session_and_the_code_of_the_pool_are_signed() {
    let fake = Fake::start().await;
    let policy = merchant()
        .openid_from(|asker| asker.extensions.get::<Session>().map(|s| s.openid.clone()))
        .code_from(|_, card_id| (card_id == "pCardA").then(|| "POOL-0000017".to_owned()))
        .build();
    let api = serve(&fake, policy).await;
    let http = reqwest::Client::new();
    let cards = json!({"cards": [{"cardId": "pCardA"}, {"cardId": "pCardB", "outerStr": "s"}]});
    let (status, r) = post(http.post(format!("{api}/card-ext")).header("cookie", "session=oSession42"), cards).await;
    assert_eq!(status, 200, "{r}");

    let ticket = fake.state.ticket("wx_card");
    let list = r["cardList"].as_array().unwrap();
    for (item, code) in list.iter().zip(["POOL-0000017", ""]) {
        let card_ext = item["cardExt"].as_str().unwrap();
        let ext: Value = serde_json::from_str(card_ext).unwrap();
        let text = |k: &str| ext[k].as_str().unwrap_or("").to_owned();
        assert_eq!((text("openid").as_str(), text("code").as_str()), ("oSession42", code), "{ext}");
        let card_id = item["cardId"].as_str().unwrap();
        let values = [&ticket, &text("timestamp"), card_id, &text("code"), "oSession42", &text("nonce_str")];
        assert_eq!(ext["signature"], card_signature(&values));
        // The crate's own verification agrees.
        let api_ticket = wxcard::ApiTicket::new(ticket.clone()).unwrap();
        assert_eq!(wxcard::verify_card_ext(&api_ticket, card_id, card_ext), Ok(true));
    }
    // Without a session the card is not bound to anyone.
    let (status, r) = post(http.post(format!("{api}/card-ext")), json!({"cards": [{"cardId": "pCardB"}]})).await;
    assert_eq!(status, 200, "{r}");
    let ext: Value = serde_json::from_str(r["cardList"][0]["cardExt"].as_str().unwrap()).unwrap();
    assert_eq!(ext.get("openid").and_then(Value::as_str).unwrap_or(""), "");

    // Neither the openid nor the code is written to the logs.
    let logs = logs_text();
    for private in ["oSession42", "POOL-0000017", SECRET] {
        assert!(!logs.contains(private), "{private} in the logs: {logs}");
    }
}
