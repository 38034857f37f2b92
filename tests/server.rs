//! The server feature against a local fake of the WeChat API over real HTTP: the router in
//! WeChat mode, single-flight refresh, token-invalid and transient-failure handling, the
//! card-code calls, and no secret in any log line or error.

mod support;

use std::io::Write;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use serde_json::{json, Value};
use support::{card_signature, Fake, APP_ID, SECRET};
use wxcard::server::{
    router, CallError, CardClient, ClientOptions, Credentials, ManagerOptions, MemoryStore, TicketManager, WeChatClient,
};

/// Every log line of every test, to check that no secret is ever written.
fn captured_logs() -> Arc<Mutex<Vec<u8>>> {
    static LOGS: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    LOGS.get_or_init(|| {
        let logs = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&logs);
        tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_writer(move || Sink(Arc::clone(&sink)))
            .with_ansi(false)
            .init();
        logs
    })
    .clone()
}

struct Sink(Arc<Mutex<Vec<u8>>>);

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn assert_no_secrets(text: &str) {
    for secret in [SECRET, "FAKE-TOKEN", "TICKET-"] {
        assert!(!text.contains(secret), "a secret ({secret}) leaked into: {text}");
    }
}

fn client(fake: &Fake, options: ClientOptions) -> WeChatClient {
    WeChatClient::new(Credentials::new(APP_ID, SECRET), ClientOptions { base_url: fake.url.clone(), ..options })
        .unwrap()
}

fn quick() -> ManagerOptions {
    ManagerOptions { backoff: Duration::from_millis(10), ..ManagerOptions::default() }
}

fn manager(fake: &Fake, options: ManagerOptions) -> TicketManager<MemoryStore> {
    captured_logs();
    TicketManager::new(client(fake, ClientOptions::default()), MemoryStore::new(), options)
}

/// The router in WeChat mode, served on loopback.
async fn serve(manager: TicketManager<MemoryStore>) -> String {
    let app = axum::Router::new().nest("/api", router(CardClient::new(manager)));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/api", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    url
}

async fn post(http: &reqwest::Client, url: &str, body: Value) -> (u16, Value) {
    let r = http.post(url).json(&body).send().await.unwrap();
    (r.status().as_u16(), r.json().await.unwrap())
}

#[tokio::test]
async fn the_router_signs_with_the_real_tickets() {
    let fake = Fake::start().await;
    fake.state.encrypted.lock().unwrap().insert("Ab+c/D==".into(), "1434008071".into());
    let api = serve(manager(&fake, quick())).await;
    let http = reqwest::Client::new();

    let (status, c) =
        post(&http, &format!("{api}/jsapi-config"), json!({"url": "https://m.example.com/card.html?a=1#top"})).await;
    assert_eq!(status, 200, "{c}");
    let expected = sha1_smol::Sha1::from(format!(
        "jsapi_ticket={}&noncestr={}&timestamp={}&url=https://m.example.com/card.html?a=1",
        fake.state.ticket("jsapi"),
        c["nonceStr"].as_str().unwrap(),
        c["timestamp"]
    ))
    .hexdigest();
    assert_eq!(c["signature"], expected);
    assert_eq!(c["appId"], APP_ID);

    let (status, r) = post(
        &http,
        &format!("{api}/card-ext"),
        json!({"cards": [{"cardId": "pA", "code": "c1"}, {"cardId": "pB", "outerStr": "s"}]}),
    )
    .await;
    assert_eq!(status, 200, "{r}");
    let card_ticket = fake.state.ticket("wx_card");
    for item in r["cardList"].as_array().unwrap() {
        let ext: Value = serde_json::from_str(item["cardExt"].as_str().unwrap()).unwrap();
        let text = |k: &str| ext[k].as_str().unwrap_or("").to_owned();
        assert_eq!(
            ext["signature"],
            card_signature(&[
                &card_ticket,
                &text("timestamp"),
                item["cardId"].as_str().unwrap(),
                &text("code"),
                &text("openid"),
                &text("nonce_str")
            ])
        );
    }

    let (status, s) = post(&http, &format!("{api}/choose-card"), json!({"cardType": "GROUPON"})).await;
    assert_eq!(status, 200, "{s}");
    let ts = s["timestamp"].to_string();
    assert_eq!(
        s["cardSign"],
        card_signature(&[&card_ticket, APP_ID, "", &ts, s["nonceStr"].as_str().unwrap(), "", "GROUPON"])
    );

    let (status, d) = post(&http, &format!("{api}/decrypt-code"), json!({"encryptCode": "Ab+c/D=="})).await;
    assert_eq!((status, d["code"].as_str()), (200, Some("1434008071")));
    let (status, e) = post(&http, &format!("{api}/decrypt-code"), json!({"encryptCode": "Ab c/D=="})).await;
    assert_eq!((status, e["code"].as_str()), (502, Some("WECHAT_40075")));
    assert!(e["message"].as_str().unwrap().contains("URL-decode"), "{e}");

    // Bad requests never reach WeChat.
    let before = fake.state.card_ticket_calls.load(Ordering::SeqCst);
    let (status, e) = post(
        &http,
        &format!("{api}/card-ext"),
        json!({"cards": [{"cardId": "pA"}, {"cardId": "pB", "code": "123456789012345678901"}]}),
    )
    .await;
    assert_eq!((status, e["code"].as_str(), e["field"].as_str()), (400, Some("CODE_TOO_LONG"), Some("code")));
    let (status, e) = post(&http, &format!("{api}/card-ext"), json!({"cards": [{"card_id": "pA"}]})).await;
    assert_eq!((status, e["code"].as_str()), (400, Some("BAD_JSON")));
    let big = "x".repeat(70_000);
    let (status, e) = post(&http, &format!("{api}/jsapi-config"), json!({ "url": big })).await;
    assert_eq!((status, e["code"].as_str()), (413, Some("BODY_TOO_LARGE")));
    assert_eq!(fake.state.card_ticket_calls.load(Ordering::SeqCst), before);
    assert_eq!(fake.state.stable_token_calls.load(Ordering::SeqCst), 1);
    assert_eq!(fake.state.token_calls.load(Ordering::SeqCst), 0, "the classic token endpoint is not used by default");
}

#[tokio::test]
async fn a_thousand_concurrent_requests_after_expiry_cause_one_refresh_per_kind() {
    let fake = Fake::start().await;
    fake.faults().expires_in = 2;
    let api = serve(manager(&fake, ManagerOptions { refresh_margin: Duration::ZERO, ..quick() })).await;
    let http = reqwest::Client::new();
    // Warm up, then let everything expire.
    assert_eq!(post(&http, &format!("{api}/card-ext"), json!({"cards": [{"cardId": "p"}]})).await.0, 200);
    assert_eq!(post(&http, &format!("{api}/jsapi-config"), json!({"url": "https://x.com/"})).await.0, 200);
    tokio::time::sleep(Duration::from_millis(2100)).await;

    let requests = (0..1000).map(|i| {
        let (http, api) = (http.clone(), api.clone());
        tokio::spawn(async move {
            if i % 2 == 0 {
                post(&http, &format!("{api}/card-ext"), json!({"cards": [{"cardId": format!("p{i}")}]})).await.0
            } else {
                post(&http, &format!("{api}/jsapi-config"), json!({"url": format!("https://x.com/{i}")})).await.0
            }
        })
    });
    for r in futures_join(requests).await {
        assert_eq!(r, 200);
    }
    assert_eq!(fake.state.card_ticket_calls.load(Ordering::SeqCst), 2, "one getticket?type=wx_card per expiry");
    assert_eq!(fake.state.jsapi_ticket_calls.load(Ordering::SeqCst), 2, "one getticket?type=jsapi per expiry");
    assert_eq!(fake.state.stable_token_calls.load(Ordering::SeqCst), 2, "one token per expiry");
}

async fn futures_join<T: Send + 'static>(handles: impl Iterator<Item = tokio::task::JoinHandle<T>>) -> Vec<T> {
    let mut out = Vec::new();
    for h in handles.collect::<Vec<_>>() {
        out.push(h.await.unwrap());
    }
    out
}

#[tokio::test]
async fn an_invalid_token_is_refreshed_once_and_the_call_retried() {
    let fake = Fake::start().await;
    fake.faults().invalid_token = 1;
    let m = manager(&fake, quick());
    m.api_ticket().await.unwrap();
    assert_eq!(fake.state.stable_token_calls.load(Ordering::SeqCst), 2);
    assert_eq!(fake.state.card_ticket_calls.load(Ordering::SeqCst), 2);
    // Twice in a row is not retried forever.
    fake.faults().invalid_token = 5;
    let m = manager(&fake, quick());
    let e = m.jsapi_ticket().await.unwrap_err();
    assert!(e.is_token_invalid(), "{e}");
    assert!(e.to_string().contains("access_token"), "{e}");
    assert_no_secrets(&e.to_string());
}

#[tokio::test]
async fn busy_errors_5xx_garbage_and_timeouts_are_retried_with_backoff() {
    let fake = Fake::start().await;
    {
        let mut f = fake.faults();
        f.busy = 1;
        f.status_500 = 1;
    }
    let m = manager(&fake, quick());
    m.api_ticket().await.unwrap();
    assert_eq!(fake.state.card_ticket_calls.load(Ordering::SeqCst), 3);

    fake.faults().malformed = 1;
    manager(&fake, quick()).jsapi_ticket().await.unwrap();

    // Slower than the client's timeout once: the retry gets through.
    {
        let mut f = fake.faults();
        f.slow = 1;
        f.delay = Duration::from_millis(800);
    }
    let fast_client = client(&fake, ClientOptions { timeout: Duration::from_millis(200), ..ClientOptions::default() });
    let m = TicketManager::new(fast_client, MemoryStore::new(), quick());
    m.api_ticket().await.unwrap();

    // Bounded: busy every time ends in a typed error, explained.
    fake.faults().busy = 10;
    let e = manager(&fake, quick()).api_ticket().await.unwrap_err();
    assert_eq!(e, CallError::Api { errcode: -1, errmsg: "system error".into() });
    assert!(e.to_string().contains("Retry later"), "{e}");
}

#[tokio::test]
async fn a_still_valid_ticket_is_served_while_wechat_fails() {
    let fake = Fake::start().await;
    fake.faults().expires_in = 3;
    let m = manager(&fake, ManagerOptions { refresh_margin: Duration::from_secs(2), attempts: 2, ..quick() });
    let first = m.api_ticket().await.unwrap();
    tokio::time::sleep(Duration::from_millis(1200)).await;
    // Inside the refresh margin, WeChat down: the cached ticket is still good, so it is served.
    fake.faults().down = true;
    assert_eq!(m.api_ticket().await.unwrap(), first);
    // Once it has expired, the failure shows.
    tokio::time::sleep(Duration::from_millis(2000)).await;
    let e = m.api_ticket().await.unwrap_err();
    assert!(matches!(e, CallError::Status { status: 500, .. }), "{e}");
}

#[tokio::test]
async fn the_classic_token_endpoint_by_configuration() {
    let fake = Fake::start().await;
    captured_logs();
    let c = client(&fake, ClientOptions { stable_token: false, ..ClientOptions::default() });
    TicketManager::new(c, MemoryStore::new(), quick()).api_ticket().await.unwrap();
    assert_eq!(
        (fake.state.token_calls.load(Ordering::SeqCst), fake.state.stable_token_calls.load(Ordering::SeqCst)),
        (1, 0)
    );
    // A wrong secret is a clear, explained error, without the secret.
    let bad = WeChatClient::new(
        Credentials::new(APP_ID, "wrong-secret"),
        ClientOptions { base_url: fake.url.clone(), ..ClientOptions::default() },
    )
    .unwrap();
    let e = TicketManager::new(bad, MemoryStore::new(), quick()).api_ticket().await.unwrap_err();
    assert_eq!(e, CallError::Api { errcode: 40125, errmsg: "invalid appsecret".into() });
    assert!(!e.to_string().contains("wrong-secret"));
    assert!(!format!("{:?}", Credentials::new(APP_ID, SECRET)).contains(SECRET));
}

#[tokio::test]
async fn card_code_calls() {
    let fake = Fake::start().await;
    fake.state.encrypted.lock().unwrap().insert("XyZ+/==".into(), "8833992211".into());
    let cards = CardClient::new(manager(&fake, quick()));
    assert_eq!(cards.decrypt_code("XyZ+/==").await.unwrap(), "8833992211");
    let info = cards.get_code("8833992211", None).await.unwrap();
    assert!(info.can_consume);
    assert_eq!((info.card_id.as_str(), info.user_card_status.as_str()), ("pFakeCard", "NORMAL"));
    cards.mark_code("8833992211", "pFakeCard", "oFakeUser", true).await.unwrap();
    let done = cards.consume_code("8833992211", Some("pFakeCard"), false).await.unwrap();
    assert_eq!(done.openid, "oFakeUser");
    // Used: card/code/get says so, and consume is not called...
    let calls = fake.state.card_calls.load(Ordering::SeqCst);
    let e = cards.consume_code("8833992211", None, false).await.unwrap_err();
    assert_eq!(e, CallError::NotConsumable { user_card_status: "CONSUMED".into() });
    assert_eq!(fake.state.card_calls.load(Ordering::SeqCst), calls + 1, "only card/code/get");
    // ...unless forced: WeChat's own answer.
    let e = cards.consume_code("8833992211", None, true).await.unwrap_err();
    assert_eq!(e.explanation().map(|x| x.code), Some(40099));
    assert!(e.to_string().contains("card/code/get"), "{e}");
    assert!(!cards.get_code("8833992211", None).await.unwrap().can_consume);
    assert_eq!(cards.get_code("0000", None).await.unwrap_err().explanation().map(|x| x.code), Some(40056));
    assert_eq!(
        cards.mark_code("8833992211", "pFakeCard", "", true).await.unwrap_err().explanation().map(|x| x.code),
        Some(40003)
    );

    // Someone else refreshed the token: the call refreshes once and goes through.
    let before = fake.state.stable_token_calls.load(Ordering::SeqCst);
    *fake.state.token.lock().unwrap() = "rotated-elsewhere".into();
    assert_eq!(cards.decrypt_code("XyZ+/==").await.unwrap(), "8833992211");
    assert_eq!(fake.state.stable_token_calls.load(Ordering::SeqCst), before + 1);
}

#[tokio::test]
async fn logs_and_errors_hold_no_secret() {
    let fake = Fake::start().await;
    {
        let mut f = fake.faults();
        f.invalid_token = 1;
        f.busy = 1;
    }
    let m = manager(&fake, quick());
    m.api_ticket().await.unwrap();
    m.jsapi_ticket().await.unwrap();
    fake.faults().down = true;
    let e = manager(&fake, quick()).api_ticket().await.unwrap_err();
    assert_no_secrets(&format!("{e} {e:?}"));
    assert!(format!("{:?}", m.api_ticket().await.unwrap()).contains("redacted"));
    let logs = String::from_utf8(captured_logs().lock().unwrap().clone()).unwrap();
    assert!(logs.contains("retry"), "the retries are logged: {logs}");
    assert_no_secrets(&logs);
}
