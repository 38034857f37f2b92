//! The server feature against a local fake of the WeChat API over real HTTP: the router in
//! WeChat mode, single-flight refresh, token-invalid and transient-failure handling, the
//! card-code calls, and no secret in any log line or error.

mod support;

use std::sync::atomic::Ordering;
use std::time::Duration;

use serde_json::{json, Value};
use support::logs::captured_logs;
use support::{card_signature, Fake, APP_ID, SECRET};
use wxcard::server::{
    router_with, CallError, CardClient, ClientOptions, Credentials, ManagerOptions, MemoryStore, Policy, RateLimit,
    RouterOptions, TicketManager, TicketStore, WeChatClient,
};

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

/// The router in WeChat mode, served on loopback, allowing any request without a rate limit:
/// these tests sign the codes and cards their bodies name (the policy's own tests are in
/// server_policy.rs) and send a thousand requests at once.
async fn serve(manager: TicketManager<MemoryStore>) -> String {
    let options = RouterOptions::unlimited();
    let app = axum::Router::new().nest("/api", router_with(CardClient::new(manager), Policy::allow_any(), options));
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
    // SignedJsapiConfig as it is, then the URL it signed: the page sends it back with a diagnosis.
    let keys: Vec<&str> = c.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["appId", "timestamp", "nonceStr", "signature", "signedUrl"]);
    assert_eq!(c["signedUrl"], "https://m.example.com/card.html?a=1");

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
    // Long enough that the burst below ends before the refreshed tickets expire again, even in
    // a debug build on a busy machine.
    fake.faults().expires_in = 5;
    let api = serve(manager(&fake, ManagerOptions { refresh_margin: Duration::ZERO, ..quick() })).await;
    let http = reqwest::Client::new();
    // Warm up, then let everything expire.
    assert_eq!(post(&http, &format!("{api}/card-ext"), json!({"cards": [{"cardId": "p"}]})).await.0, 200);
    assert_eq!(post(&http, &format!("{api}/jsapi-config"), json!({"url": "https://x.com/"})).await.0, 200);
    tokio::time::sleep(Duration::from_millis(5100)).await;

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
async fn a_ticket_fetched_again_keeps_its_first_expiry() {
    let fake = Fake::start().await;
    fake.faults().expires_in = 200;
    let store = MemoryStore::new();
    let m = TicketManager::new(client(&fake, ClientOptions::default()), store.clone(), quick());
    let first = m.api_ticket().await.unwrap();
    let key = format!("wxcard:{{{APP_ID}}}:ticket:wx_card");
    let expires_at = store.get(&key).await.unwrap().unwrap().expires_at;
    // Within the refresh margin (300 s) at once: the next call fetches again, and WeChat
    // answers the same ticket with a full 7200 s. It still ends when it did.
    {
        let mut faults = fake.faults();
        faults.expires_in = 7200;
        faults.same_ticket = true;
    }
    assert_eq!(m.api_ticket().await.unwrap(), first);
    assert_eq!(fake.state.ticket_calls("wx_card"), 2);
    assert_eq!(store.get(&key).await.unwrap().unwrap().expires_at, expires_at);
    // A new ticket counts from now.
    fake.faults().same_ticket = false;
    let second = m.api_ticket().await.unwrap();
    assert_ne!(second, first);
    assert!(store.get(&key).await.unwrap().unwrap().expires_at >= expires_at + 7000);
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
    // With check_consume false WeChat keeps can_consume true for a used code: the status tells.
    let used = cards.get_code("8833992211", None).await.unwrap();
    assert_eq!((used.can_consume, used.user_card_status.as_str()), (true, "CONSUMED"));
    assert_eq!(cards.get_code("0000", None).await.unwrap_err().explanation().map(|x| x.code), Some(40056));
    // A forced consume of a code never received is WeChat's 40056; an empty one never leaves.
    assert_eq!(cards.consume_code("0000", None, true).await.unwrap_err().explanation().map(|x| x.code), Some(40056));
    let calls = fake.state.card_calls.load(Ordering::SeqCst);
    assert!(matches!(cards.consume_code("", None, true).await, Err(CallError::Rejected(e)) if e.code() == "MISSING"));
    assert_eq!(fake.state.card_calls.load(Ordering::SeqCst), calls);
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

/// The router with these options on loopback; with `connect_info`, it sees each client's address.
async fn serve_with(manager: TicketManager<MemoryStore>, options: RouterOptions, connect_info: bool) -> String {
    let app = axum::Router::new().nest("/api", router_with(CardClient::new(manager), Policy::allow_any(), options));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/api", listener.local_addr().unwrap());
    tokio::spawn(async move {
        if connect_info {
            axum::serve(listener, app.into_make_service_with_connect_info::<std::net::SocketAddr>()).await.unwrap()
        } else {
            axum::serve(listener, app).await.unwrap()
        }
    });
    url
}

fn sha1_hex(text: &str) -> String {
    sha1_smol::Sha1::from(text).hexdigest()
}

/// The wx.config signature of these values, computed here.
fn config_signature(ticket: &str, nonce: &str, timestamp: &str, url: &str) -> String {
    sha1_hex(&format!("jsapi_ticket={ticket}&noncestr={nonce}&timestamp={timestamp}&url={url}"))
}

fn unix_now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs()
}

/// What a page's glue posts after a failed wx.config.
fn config_call(url: &str, timestamp: Value, signature: &str) -> Value {
    json!({
        "url": url,
        "landingUrl": "",
        "appId": APP_ID,
        "timestamp": timestamp,
        "nonceStr": "Wm3WZYTPz0wzccnW",
        "signature": signature,
        "userAgent": ANDROID_UA,
    })
}

const ANDROID_UA: &str = "Mozilla/5.0 (Linux; Android 12) MicroMessenger/8.0.40.2420(0x28002837)";
const IOS_UA: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 16_0 like Mac OS X) MicroMessenger/8.0.40(0x1800282a)";

async fn post_text(http: &reqwest::Client, url: &str, body: &Value) -> (u16, String) {
    let r = http.post(url).json(body).send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

fn codes(diagnosis: &Value) -> Vec<&str> {
    diagnosis["findings"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap()).collect()
}

#[tokio::test]
async fn the_config_diagnosis_replays_with_the_servers_tickets_and_hands_out_no_signature() {
    let fake = Fake::start().await;
    let options = RouterOptions { diagnose_limit: Some(RateLimit::per_minute(1000)), ..RouterOptions::unlimited() };
    let api = serve_with(manager(&fake, quick()), options, true).await;
    let endpoint = format!("{api}/diagnose/jsapi-config");
    let http = reqwest::Client::new();

    // The server fetches its tickets on the first diagnosis; the page never sees them.
    let (status, first) =
        post(&http, &endpoint, config_call("https://m.example.com/", json!(1), &"0".repeat(40))).await;
    assert_eq!(status, 200, "{first}");
    let (jsapi, card) = (fake.state.ticket("jsapi"), fake.state.ticket("wx_card"));
    assert!(!jsapi.is_empty() && !card.is_empty());

    let nonce = "Wm3WZYTPz0wzccnW";
    let ts = unix_now().to_string();
    let url = "https://m.example.com/card.html?from=a&b=1";
    let landing = "https://m.example.com/card.html?encrypt_code=x%2B&card_id=p1";
    let right = config_signature(&jsapi, nonce, &ts, url);

    // Right: ok, whether the timestamp is a number or a string.
    for timestamp in [json!(ts.parse::<u64>().unwrap()), json!(ts)] {
        let (status, d) = post(&http, &endpoint, config_call(url, timestamp, &right)).await;
        assert_eq!(status, 200, "{d}");
        assert_eq!(d["ok"], true, "{d}");
        assert!(codes(&d).contains(&"CONFIG_SIGNATURE_OK"), "{d}");
        assert!(d["expectedSignature"].is_null(), "{d}");
    }

    // Signed with the card api_ticket: named first.
    let with_card = config_signature(&card, nonce, &ts, url);
    let (status, d) = post(&http, &endpoint, config_call(url, json!(ts), &with_card)).await;
    assert_eq!((status, d["ok"].as_bool()), (200, Some(false)), "{d}");
    assert_eq!(codes(&d)[0], "MISTAKE_CARD_TICKET", "{d}");
    assert_eq!(d["findings"][0]["severity"], "error");

    // Signed with the #fragment.
    let with_fragment = format!("{url}#/list");
    let signed_fragment = config_signature(&jsapi, nonce, &ts, &with_fragment);
    let (status, d) = post(&http, &endpoint, config_call(&with_fragment, json!(ts), &signed_fragment)).await;
    assert_eq!(status, 200, "{d}");
    assert_eq!(codes(&d)[0], "MISTAKE_URL_FRAGMENT", "{d}");

    // iOS checks the landing URL: the current one was signed.
    let mut ios = config_call(url, json!(ts), &right);
    ios["landingUrl"] = json!(landing);
    ios["userAgent"] = json!(IOS_UA);
    let (status, d) = post(&http, &endpoint, ios.clone()).await;
    assert_eq!((status, codes(&d)[0]), (200, "MISTAKE_WRONG_URL"), "{d}");
    // Without userAgent in the body, the phone's own User-Agent header says it is iOS.
    let mut from_header = ios.clone();
    from_header.as_object_mut().unwrap().remove("userAgent");
    from_header["signature"] = json!(config_signature(&jsapi, nonce, &ts, landing));
    let res = http.post(&endpoint).header("user-agent", IOS_UA).json(&from_header).send().await.unwrap();
    let d: Value = res.json().await.unwrap();
    assert!(codes(&d).contains(&"CONFIG_SIGNATURE_OK") && d["ok"] == true, "{d}");
    // A tool's User-Agent (curl) says nothing of the phone: a warning, not a mistake.
    let res = http.post(&endpoint).header("user-agent", "curl/8.5.0").json(&from_header).send().await.unwrap();
    let d: Value = res.json().await.unwrap();
    assert_eq!(codes(&d).last(), Some(&"SIGNED_LANDING_URL"), "{d}");
    assert!(!codes(&d).contains(&"MISTAKE_WRONG_URL"), "{d}");

    // The URL the server signed, from its own answer, names the host and port a proxy gave it;
    // WeChat's realAuthUrl is the URL checked.
    let behind = "http://10.0.3.7:8080/card.html?from=a&b=1";
    let mut proxied = config_call(url, json!(ts), &config_signature(&jsapi, nonce, &ts, behind));
    proxied["signedUrl"] = json!(behind);
    let (status, d) = post(&http, &endpoint, proxied).await;
    assert_eq!(
        (status, &codes(&d)[..3]),
        (200, &["SIGNED_URL_SCHEME_DIFFERS", "SIGNED_URL_HOST_DIFFERS", "SIGNED_URL_PORT_DIFFERS"][..]),
        "{d}"
    );
    let mut checked = config_call(url, json!(ts), &config_signature(&jsapi, nonce, &ts, landing));
    checked["realAuthUrl"] = json!(landing);
    checked["userAgent"] = json!(null);
    let (status, d) = post(&http, &endpoint, checked).await;
    assert!(status == 200 && d["ok"] == true && codes(&d).contains(&"CONFIG_SIGNATURE_OK"), "{d}");

    // Many kinds of call: no answer holds a ticket or the signature the page should have sent.
    let mut calls = vec![
        (config_call(url, json!(ts), &right), right.clone()),
        (config_call(url, json!(ts), &with_card), right.clone()),
        (config_call(&with_fragment, json!(ts), &signed_fragment), right.clone()),
        (ios, config_signature(&jsapi, nonce, &ts, landing)),
    ];
    let url_signed = |signature: String| (config_call(url, json!(ts), &signature), right.clone());
    calls.extend([
        url_signed(right.to_uppercase()),
        url_signed(sha1_hex(&format!("jsapiTicket={jsapi}&nonceStr={nonce}&timestamp={ts}&url={url}"))),
        url_signed(sha1_hex(&format!("url={url}&timestamp={ts}&noncestr={nonce}&jsapi_ticket={jsapi}"))),
        url_signed(config_signature(&jsapi, nonce, &format!("{ts}123"), url)),
        url_signed(config_signature(&jsapi, nonce, &(unix_now() - 300).to_string(), url)),
        url_signed(config_signature(&jsapi, nonce, &ts, "http://m.example.com/card.html?from=a&b=1")),
        url_signed(config_signature(&jsapi, nonce, &ts, "https://m.example.com/card.html?from=a&amp;b=1")),
        url_signed(config_signature("another-ticket", nonce, &ts, url)),
        url_signed("not a sha1".into()),
        url_signed(String::new()),
    ]);
    for mut other in [json!(""), json!("1414587457000"), json!(" "), json!(1.5)] {
        let mut call = config_call(url, json!(ts), &right);
        std::mem::swap(&mut call["timestamp"], &mut other);
        calls.push((call, right.clone()));
    }
    let mut no_nonce = config_call(url, json!(ts), &right);
    no_nonce["nonceStr"] = json!("");
    calls.push((no_nonce, config_signature(&jsapi, "", &ts, url)));
    let mut spaced_app_id = config_call(url, json!(ts), &right);
    spaced_app_id["appId"] = json!(format!("{APP_ID} "));
    calls.push((spaced_app_id, right.clone()));
    let relative = config_call("/card.html", json!(ts), &config_signature(&jsapi, nonce, &ts, "/card.html"));
    calls.push((relative, config_signature(&jsapi, nonce, &ts, "/card.html")));

    let mut seen = std::collections::HashSet::new();
    for (call, expected) in &calls {
        let (status, text) = post_text(&http, &endpoint, call).await;
        assert_eq!(status, 200, "{call} -> {text}");
        for secret in [expected.as_str(), &jsapi, &card, "TICKET-"] {
            assert!(!text.contains(secret), "{call} -> {text} holds {secret}");
        }
        let d: Value = serde_json::from_str(&text).unwrap();
        assert!(d["expectedSignature"].is_null() && d.get("expectedSignature").is_some(), "{text}");
        seen.insert(codes(&d)[0].to_owned());
    }
    // The calls were varied indeed.
    for code in [
        "MISTAKE_UPPERCASE_HEX",
        "MISTAKE_KEY_CASE",
        "MISTAKE_UNSORTED_KEYS",
        "MISTAKE_OTHER_TIMESTAMP",
        "MISTAKE_URL_SCHEME",
    ] {
        assert!(seen.contains(code), "{code} not among {seen:?}");
    }
    assert!(seen.len() >= 12, "{seen:?}");
    assert_no_secrets(&String::from_utf8(captured_logs().lock().unwrap().clone()).unwrap());
}

#[tokio::test]
async fn the_config_diagnosis_refuses_bad_bodies_and_other_accounts() {
    let fake = Fake::start().await;
    let api = serve(manager(&fake, quick())).await;
    let endpoint = format!("{api}/diagnose/jsapi-config");
    let http = reqwest::Client::new();
    let ts = unix_now().to_string();
    let good = config_call("https://m.example.com/", json!(ts), &"a".repeat(40));

    let r = http.post(&endpoint).header("content-type", "application/json").body("{\"url\": ").send().await.unwrap();
    let (status, e): (u16, Value) = (r.status().as_u16(), r.json().await.unwrap());
    assert_eq!((status, e["code"].as_str()), (400, Some("BAD_JSON")), "{e}");
    assert!(e["message"].is_string() && e.get("field").is_some(), "{e}");

    let mut bodies = Vec::new();
    for field in ["url", "appId", "timestamp", "nonceStr", "signature"] {
        let mut body = good.clone();
        body.as_object_mut().unwrap().remove(field);
        bodies.push(body);
    }
    for (field, value) in
        [("timestamp", json!(true)), ("timestamp", Value::Null), ("url", json!(1)), ("extra", json!(1))]
    {
        let mut body = good.clone();
        body[field] = value;
        bodies.push(body);
    }
    for body in bodies {
        let (status, e) = post(&http, &endpoint, body.clone()).await;
        assert_eq!((status, e["code"].as_str()), (400, Some("BAD_JSON")), "{body} -> {e}");
    }

    // landingUrl and userAgent may be absent or null.
    let mut bare = good.clone();
    bare.as_object_mut().unwrap().remove("landingUrl");
    bare["userAgent"] = Value::Null;
    let (status, d) = post(&http, &endpoint, bare).await;
    assert_eq!(status, 200, "{d}");
    assert!(codes(&d).contains(&"SIGNATURE_MISMATCH") || codes(&d).contains(&"CONFIG_SIGNATURE_MISMATCH"), "{d}");

    // Another account's appId: not this server's to diagnose.
    let mut other = good.clone();
    other["appId"] = json!("wx1234567890abcdef");
    let (status, e) = post(&http, &endpoint, other).await;
    assert_eq!((status, e["code"].as_str(), e["field"].as_str()), (400, Some("APPID_MISMATCH"), Some("appId")), "{e}");
    assert!(e["message"].as_str().unwrap().contains(APP_ID), "{e}");
    let mut none = good.clone();
    none["appId"] = json!("");
    let (status, e) = post(&http, &endpoint, none).await;
    assert_eq!((status, e["code"].as_str()), (400, Some("MISSING")), "{e}");

    let mut big = good.clone();
    big["url"] = json!(format!("https://m.example.com/?{}", "x".repeat(70_000)));
    let (status, e) = post(&http, &endpoint, big).await;
    assert_eq!((status, e["code"].as_str()), (413, Some("BODY_TOO_LARGE")), "{e}");

    // No ticket was fetched for a refused request.
    assert_eq!(fake.state.jsapi_ticket_calls.load(Ordering::SeqCst), 1, "only the one diagnosis");
}

#[tokio::test]
async fn the_config_diagnosis_goes_on_without_the_card_ticket() {
    let fake = Fake::start().await;
    let m = manager(&fake, quick());
    let jsapi = m.jsapi_ticket().await.unwrap();
    // From now on getticket fails: the cached jsapi_ticket is served, the card ticket cannot be had.
    fake.faults().down = true;
    let api = serve(m).await;
    let endpoint = format!("{api}/diagnose/jsapi-config");
    let http = reqwest::Client::new();
    let ts = unix_now().to_string();
    let url = "https://m.example.com/card.html";
    let right = config_signature(jsapi.expose_secret(), "Wm3WZYTPz0wzccnW", &ts, url);
    let (status, d) = post(&http, &endpoint, config_call(url, json!(ts), &right)).await;
    assert_eq!((status, d["ok"].as_bool()), (200, Some(true)), "{d}");
    assert!(codes(&d).contains(&"CONFIG_SIGNATURE_OK"), "{d}");
    let (status, d) = post(&http, &endpoint, config_call(url, json!(ts), &"b".repeat(40))).await;
    assert_eq!((status, codes(&d)[0]), (200, "CONFIG_SIGNATURE_MISMATCH"), "{d}");
    assert_eq!(fake.state.jsapi_ticket_calls.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn the_config_diagnosis_is_rate_limited_per_client_ip() {
    let fake = Fake::start().await;
    let options = RouterOptions { diagnose_limit: Some(RateLimit::per_minute(3)), ..RouterOptions::unlimited() };
    let api = serve_with(manager(&fake, quick()), options.clone(), true).await;
    let endpoint = format!("{api}/diagnose/jsapi-config");
    let body = config_call("https://m.example.com/", json!(unix_now()), &"c".repeat(40));
    let from = |ip: [u8; 4]| reqwest::Client::builder().local_address(std::net::IpAddr::from(ip)).build().unwrap();
    let (one, two) = (from([127, 0, 0, 1]), from([127, 0, 0, 2]));

    // A refused body counts like any other request.
    let r = one.post(&endpoint).header("content-type", "application/json").body("{").send().await.unwrap();
    assert_eq!(r.status().as_u16(), 400);
    for _ in 0..2 {
        assert_eq!(post(&one, &endpoint, body.clone()).await.0, 200);
    }
    let r = one.post(&endpoint).json(&body).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 429);
    let retry_after: u64 = r.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=20).contains(&retry_after), "{retry_after}: one request comes back every 20 s");
    let e: Value = r.json().await.unwrap();
    assert_eq!(e["code"], "RATE_LIMITED", "{e}");
    assert!(e["message"].is_string() && e.get("field").is_some(), "{e}");

    // Another address has its own allowance, and the other endpoints are not limited.
    for _ in 0..3 {
        assert_eq!(post(&two, &endpoint, body.clone()).await.0, 200);
    }
    assert_eq!(post(&two, &endpoint, body.clone()).await.0, 429);
    let (status, _) = post(&one, &format!("{api}/jsapi-config"), json!({"url": "https://m.example.com/"})).await;
    assert_eq!(status, 200);
    assert_eq!(post(&one, &endpoint, body.clone()).await.0, 429);

    // Served without the peer's address, every client shares one allowance.
    let shared = serve_with(manager(&fake, quick()), options, false).await;
    let endpoint = format!("{shared}/diagnose/jsapi-config");
    for client in [&one, &two, &one] {
        assert_eq!(post(client, &endpoint, body.clone()).await.0, 200);
    }
    assert_eq!(post(&two, &endpoint, body.clone()).await.0, 429);

    // No limit when asked.
    let open = RouterOptions { diagnose_limit: None, ..RouterOptions::unlimited() };
    let unlimited = serve_with(manager(&fake, quick()), open, true).await;
    for _ in 0..40 {
        assert_eq!(post(&one, &format!("{unlimited}/diagnose/jsapi-config"), body.clone()).await.0, 200);
    }
}

/// Every endpoint has its own allowance per client; behind a trusted proxy the client is the
/// first untrusted address of X-Forwarded-For, read from the right.
#[tokio::test]
async fn a_burst_from_one_client_is_refused_while_another_keeps_its_allowance() {
    let fake = Fake::start().await;
    let options = RouterOptions {
        card_ext_limit: Some(RateLimit::per_minute(3)),
        trusted_proxies: vec!["127.0.0.1".parse().unwrap()],
        ..RouterOptions::default()
    };
    let api = serve_with(manager(&fake, quick()), options, true).await;
    let http = reqwest::Client::new();
    let sign = |client: &str| {
        http.post(format!("{api}/card-ext"))
            .header("x-forwarded-for", client)
            .json(&json!({"cards": [{"cardId": "pA"}]}))
            .send()
    };
    for _ in 0..3 {
        assert_eq!(sign("203.0.113.7").await.unwrap().status(), 200);
    }
    let refused = sign("203.0.113.7").await.unwrap();
    assert_eq!(refused.status(), 429);
    let retry: u64 = refused.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=20).contains(&retry), "{retry}");
    let e: Value = refused.json().await.unwrap();
    assert_eq!(e["code"], "RATE_LIMITED", "{e}");
    // What a client writes on the left of the header changes nothing: the proxy appended the
    // address it saw.
    assert_eq!(sign("198.51.100.1, 203.0.113.7").await.unwrap().status(), 429);
    // Another client keeps its allowance, and so does the same client on another endpoint.
    assert_eq!(sign("203.0.113.8").await.unwrap().status(), 200);
    let status = http.get(format!("{api}/status")).header("x-forwarded-for", "203.0.113.7").send().await.unwrap();
    assert_eq!(status.status(), 200);
}

/// Without a trusted proxy, X-Forwarded-For is the client's own word: ignored.
#[tokio::test]
async fn forwarded_for_is_believed_only_from_a_trusted_proxy() {
    let fake = Fake::start().await;
    let options = RouterOptions { card_ext_limit: Some(RateLimit::per_minute(2)), ..RouterOptions::default() };
    let api = serve_with(manager(&fake, quick()), options, true).await;
    let http = reqwest::Client::new();
    let mut statuses = Vec::new();
    for n in 0..3 {
        let r = http
            .post(format!("{api}/card-ext"))
            .header("x-forwarded-for", format!("203.0.113.{n}"))
            .json(&json!({"cards": [{"cardId": "pA"}]}))
            .send()
            .await
            .unwrap();
        statuses.push(r.status().as_u16());
    }
    assert_eq!(statuses, [200, 200, 429]);
}
