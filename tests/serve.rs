//! `wxcard serve` as a merchant runs it: the binary started from docs/serve.toml (its listeners,
//! API host, forward URL and allowed card adjusted for loopback), against the local fake of the
//! WeChat API and a real redis-server. It signs for the allowed card and refuses another,
//! answers /healthz and /readyz (503 while Redis is stopped), counts every metric series, drains
//! push handlers on SIGTERM, and logs JSON lines without a secret, code or openid.

mod support;

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing;
use axum::Router;
use serde_json::{json, Value};
use support::pusher::{card_event, Mode, Pusher};
use support::redis_server::Redis;
use support::{card_signature, Fake, APP_ID, FAKE_CARD, SECRET};

const PUSH_TOKEN: &str = "servePushToken42";
const AES_KEY: &str = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
const PAY_KEY: &str = "0123456789abcdefPAYKEY0123456789";
const CODE: &str = "812345678901";
const PAGE: &str = "https://shop.example.com/card.html";

/// The merchant's service behind `forward_url`: records each push, after a delay it can change,
/// and fails the first `failures` of them.
#[derive(Clone, Default)]
struct Target {
    delay_ms: Arc<AtomicU64>,
    failures: Arc<AtomicU32>,
    started: Arc<AtomicU32>,
    /// Each push handled: its JSON and when it finished.
    done: Arc<Mutex<Vec<(Value, Instant)>>>,
    /// The `X-Wxcard-Account` of each push handled.
    accounts: Arc<Mutex<Vec<String>>>,
}

async fn receive(State(t): State<Target>, headers: axum::http::HeaderMap, body: String) -> StatusCode {
    t.started.fetch_add(1, Ordering::SeqCst);
    tokio::time::sleep(Duration::from_millis(t.delay_ms.load(Ordering::SeqCst))).await;
    if t.failures.load(Ordering::SeqCst) > 0 {
        t.failures.fetch_sub(1, Ordering::SeqCst);
        return StatusCode::INTERNAL_SERVER_ERROR;
    }
    t.done.lock().unwrap().push((serde_json::from_str(&body).unwrap(), Instant::now()));
    let account = headers.get("x-wxcard-account").and_then(|v| v.to_str().ok()).unwrap_or_default();
    t.accounts.lock().unwrap().push(account.to_owned());
    StatusCode::OK
}

impl Target {
    async fn start(&self) -> String {
        let app = Router::new().route("/wechat-events", routing::post(receive)).with_state(self.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/wechat-events", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        url
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// docs/serve.toml with loopback listeners, the fake API, the target and the fake's card.
fn config_from_sample(fake: &Fake, forward_url: &str, listen: u16, metrics: u16) -> PathBuf {
    let sample = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/serve.toml")).unwrap();
    let mut config: toml::Table = toml::from_str(&sample).unwrap();
    let server = config["server"].as_table_mut().unwrap();
    server.insert("listen".into(), format!("127.0.0.1:{listen}").into());
    server.insert("metrics_listen".into(), format!("127.0.0.1:{metrics}").into());
    server.insert("wechat_api".into(), fake.url.clone().into());
    server.insert("shutdown_seconds".into(), 20.into());
    config["limits"].as_table_mut().unwrap().insert("status".into(), 3.into());
    let account = config["accounts"].as_array_mut().unwrap()[0].as_table_mut().unwrap();
    account.insert("app_id".into(), APP_ID.into());
    account.insert("card_ids".into(), toml::Value::Array(vec![FAKE_CARD.into()]));
    account.insert("openid_header".into(), "x-shop-openid".into());
    account["push"].as_table_mut().unwrap().insert("forward_url".into(), forward_url.into());
    let path = std::env::temp_dir().join(format!("wxcard-serve-{}-{listen}.toml", std::process::id()));
    std::fs::write(&path, toml::to_string(&config).unwrap()).unwrap();
    path
}

/// The running server and every line it wrote.
struct Served {
    child: Child,
    base: String,
    metrics: String,
    lines: Arc<Mutex<Vec<String>>>,
}

impl Served {
    fn start(config: &PathBuf, redis_url: &str, listen: u16, metrics: u16) -> Served {
        let mut child = Command::new(env!("CARGO_BIN_EXE_wxcard"))
            .args(["serve", "--config"])
            .arg(config)
            .env("WXCARD_REDIS_URL", redis_url)
            .env("WXCARD_SHOP_SECRET", SECRET)
            .env("WXCARD_SHOP_PUSH_TOKEN", PUSH_TOKEN)
            .env("WXCARD_SHOP_AES_KEY", AES_KEY)
            .env("WXCARD_SHOP_PAY_KEY", PAY_KEY)
            .env_remove("RUST_LOG")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let lines = Arc::new(Mutex::new(Vec::new()));
        for out in [
            Box::new(child.stdout.take().unwrap()) as Box<dyn std::io::Read + Send>,
            Box::new(child.stderr.take().unwrap()),
        ] {
            let lines = Arc::clone(&lines);
            std::thread::spawn(move || {
                for line in BufReader::new(out).lines().map_while(Result::ok) {
                    lines.lock().unwrap().push(line);
                }
            });
        }
        Served {
            child,
            base: format!("http://127.0.0.1:{listen}"),
            metrics: format!("http://127.0.0.1:{metrics}/metrics"),
            lines,
        }
    }

    fn logs(&self) -> Vec<String> {
        self.lines.lock().unwrap().clone()
    }

    async fn wait_healthy(&mut self, http: &reqwest::Client) {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok(r) = http.get(format!("{}/healthz", self.base)).send().await {
                assert_eq!(r.status().as_u16(), 200);
                assert_eq!(r.text().await.unwrap(), "ok");
                return;
            }
            assert!(self.child.try_wait().unwrap().is_none(), "wxcard serve exited: {:?}", self.logs());
            assert!(Instant::now() < deadline, "wxcard serve did not start: {:?}", self.logs());
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn post(http: &reqwest::Client, url: &str, body: Value) -> (u16, Value) {
    let r = http.post(url).header("origin", "https://shop.example.com").json(&body).send().await.unwrap();
    (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
}

async fn get(http: &reqwest::Client, url: &str) -> (u16, String) {
    let r = http.get(url).send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

/// The sum of a series' samples whose labels contain each of `labels`.
fn sample(metrics: &str, name: &str, labels: &[&str]) -> f64 {
    metrics
        .lines()
        .filter(|l| l.starts_with(name) && labels.iter().all(|want| l.contains(want)))
        .filter_map(|l| l.rsplit(' ').next()?.parse::<f64>().ok())
        .sum()
}

fn event(code: &str, n: u64) -> String {
    card_event("oServeUser", support::pusher::now() + n, "user_get_card", FAKE_CARD, code, "")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn serve_runs_from_the_sample_config() {
    let mut redis = Redis::start();
    let fake = Fake::start().await;
    let target = Target::default();
    let forward_url = target.start().await;
    let (listen, metrics_port) = (free_port(), free_port());
    let config = config_from_sample(&fake, &forward_url, listen, metrics_port);
    let mut served = Served::start(&config, &redis.url, listen, metrics_port);
    let http = reqwest::Client::builder().timeout(Duration::from_secs(20)).build().unwrap();
    served.wait_healthy(&http).await;
    let api = format!("{}/api", served.base);

    // Signs for the allowed card, with the fake's ticket; the first getticket answers 40001,
    // and the server refreshes its token and signs.
    fake.faults().invalid_token = 1;
    let (status, answer) = post(&http, &format!("{api}/card-ext"), json!({"cards": [{"cardId": FAKE_CARD}]})).await;
    assert_eq!(status, 200, "{answer}");
    let item = &answer["cardList"][0];
    let ext: Value = serde_json::from_str(item["cardExt"].as_str().unwrap()).unwrap();
    let text = |k: &str| ext[k].as_str().unwrap_or("").to_owned();
    let ticket = fake.state.ticket("wx_card");
    let expected = card_signature(&[&ticket, &text("timestamp"), FAKE_CARD, "", "", &text("nonce_str")]);
    assert_eq!(ext["signature"], expected);
    // Refuses another card.
    let (status, answer) = post(&http, &format!("{api}/card-ext"), json!({"cards": [{"cardId": "pOtherCard"}]})).await;
    assert_eq!((status, answer["code"].as_str()), (403, Some("CARD_NOT_ALLOWED")), "{answer}");

    // A jsapi_ticket refresh that fails (WeChat down), then one that works.
    fake.faults().down = true;
    let (status, answer) = post(&http, &format!("{api}/jsapi-config"), json!({"url": PAGE})).await;
    assert_eq!(status, 502, "{answer}");
    fake.faults().down = false;
    let (status, answer) = post(&http, &format!("{api}/jsapi-config"), json!({"url": PAGE})).await;
    assert_eq!(status, 200, "{answer}");
    let (status, answer) = post(&http, &format!("{api}/jsapi-config"), json!({"url": "https://evil.example/"})).await;
    assert_eq!((status, answer["code"].as_str()), (400, Some("URL_NOT_ALLOWED")), "{answer}");

    // A 商家券 link for the gateway's user, for the configured batch, signed with the pay key.
    let answer = http
        .post(format!("{api}/busifavor/h5"))
        .header("x-shop-openid", "oShopUser")
        .json(&json!({"requestId": "send-1", "coupons": [{}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status().as_u16(), 200);
    let link: Value = answer.json().await.unwrap();
    let url = link["url"].as_str().unwrap();
    assert!(url.ends_with("#wechat_pay&wechat_redirect") && url.contains("stock_id=1212"), "{url}");
    assert!(url.contains("open_id=oShopUser") && url.contains("send_coupon_merchant=1900000109"), "{url}");
    let query: std::collections::BTreeMap<String, String> = url
        .split(['?', '#'])
        .nth(1)
        .unwrap()
        .split('&')
        .filter_map(|p| p.split_once('=').map(|(k, v)| (k.to_owned(), v.to_owned())))
        .collect();
    let plain: Vec<String> = query.iter().filter(|(k, _)| *k != "sign").map(|(k, v)| format!("{k}={v}")).collect();
    let plain = format!("{}&key={PAY_KEY}", plain.join("&"));
    let mut mac = <hmac::Hmac<sha2::Sha256> as hmac::KeyInit>::new_from_slice(PAY_KEY.as_bytes()).unwrap();
    hmac::Mac::update(&mut mac, plain.as_bytes());
    let expected: String = hmac::Mac::finalize(mac).into_bytes().iter().map(|b| format!("{b:02X}")).collect();
    assert_eq!(query["sign"], expected);

    // Health and readiness.
    assert_eq!(get(&http, &format!("{}/healthz", served.base)).await, (200, "ok".into()));
    let (status, body) = get(&http, &format!("{}/readyz", served.base)).await;
    assert_eq!(status, 200, "{body}");
    let ready: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(ready, json!({"ready": true, "accounts": {"shop": "ok"}, "redis": "ok"}));

    // The status endpoint's limit of 3 a minute.
    let mut statuses = Vec::new();
    for _ in 0..4 {
        statuses.push(get(&http, &format!("{api}/status")).await.0);
    }
    assert_eq!(statuses, [200, 200, 200, 429]);

    // Pushes in safe mode: handled and forwarded, a retry taken before, one refused, one whose
    // forward fails once (WeChat retries it).
    let pusher = Pusher::new(&format!("{}/wechat/events", served.base), PUSH_TOKEN, APP_ID, AES_KEY, Mode::Safe);
    let (query, body) = pusher.request(&event(CODE, 0), &support::pusher::now().to_string(), "1001");
    assert_eq!(pusher.send(&query, &body).await, (200, "success".into()));
    assert_eq!(pusher.send(&query, &body).await, (200, "success".into()));
    let forged = Pusher::new(&pusher.url, "notTheToken", APP_ID, AES_KEY, Mode::Safe);
    assert_eq!(forged.push(&event(CODE, 1)).await.attempts[0].0, 403);
    target.failures.store(1, Ordering::SeqCst);
    let delivery = pusher.push(&event(CODE, 2)).await;
    assert_eq!(delivery.attempts.iter().map(|a| a.0).collect::<Vec<_>>(), [500, 200]);
    let forwarded: Vec<Value> = target.done.lock().unwrap().iter().map(|d| d.0.clone()).collect();
    assert_eq!(forwarded.len(), 2, "{forwarded:?}");
    assert_eq!(forwarded[0]["UserCardCode"], CODE);
    assert_eq!(forwarded[0]["CardId"], FAKE_CARD);
    assert!(target.accounts.lock().unwrap().iter().all(|a| a == "shop"));

    // Redis stopped: not ready; pushes are still handled, without de-duplication.
    let _ = redis.child.kill();
    let _ = redis.child.wait();
    let (status, body) = get(&http, &format!("{}/readyz", served.base)).await;
    assert_eq!(status, 503, "{body}");
    let ready: Value = serde_json::from_str(&body).unwrap();
    assert_eq!((ready["ready"].as_bool(), ready["accounts"]["shop"].as_str()), (Some(false), Some("ok")));
    assert_ne!(ready["redis"], "ok");
    assert_eq!(pusher.push(&event(CODE, 3)).await.attempts, [(200, "success".to_owned())]);
    let (status, answer) = post(&http, &format!("{api}/card-ext"), json!({"cards": [{"cardId": FAKE_CARD}]})).await;
    assert_eq!(status, 200, "signing goes on from memory while Redis is down: {answer}");

    // Every series, with a value that moved.
    let (status, metrics) = get(&http, &served.metrics).await;
    assert_eq!(status, 200);
    for (name, labels) in [
        ("wxcard_http_requests_total", vec!["route=\"/api/card-ext\"", "status=\"200\""]),
        ("wxcard_http_requests_total", vec!["route=\"/api/card-ext\"", "status=\"403\""]),
        ("wxcard_http_requests_total", vec!["route=\"/wechat/events\"", "status=\"200\""]),
        ("wxcard_wechat_calls_total", vec!["api=\"/cgi-bin/ticket/getticket\"", "errcode=\"0\""]),
        ("wxcard_wechat_calls_total", vec!["api=\"/cgi-bin/ticket/getticket\"", "errcode=\"40001\""]),
        ("wxcard_wechat_calls_total", vec!["api=\"/cgi-bin/ticket/getticket\"", "errcode=\"http\""]),
        ("wxcard_token_refreshes_total", vec!["kind=\"access_token\"", "outcome=\"ok\""]),
        ("wxcard_token_refreshes_total", vec!["kind=\"ticket:jsapi\"", "outcome=\"failed\""]),
        ("wxcard_token_refreshes_total", vec!["kind=\"ticket:jsapi\"", "outcome=\"ok\""]),
        ("wxcard_pushes_total", vec!["outcome=\"handled\""]),
        ("wxcard_pushes_total", vec!["outcome=\"duplicate\""]),
        ("wxcard_pushes_total", vec!["outcome=\"refused\""]),
        ("wxcard_pushes_total", vec!["outcome=\"failed\""]),
        ("wxcard_claim_store_errors_total", vec![]),
        ("wxcard_rate_limited_total", vec!["route=\"/api/status\""]),
    ] {
        assert!(sample(&metrics, name, &labels) > 0.0, "{name} {labels:?} did not move:\n{metrics}");
    }
    assert_eq!(sample(&metrics, "wxcard_pushes_total", &["outcome=\"handled\""]), 3.0, "{metrics}");

    // SIGTERM: a handler that outlived WeChat's 5 s (already answered) and one still in flight
    // both finish, and the in-flight push is answered, before the process exits.
    target.delay_ms.store(5_500, Ordering::SeqCst);
    let late = pusher.push(&event(CODE, 4)).await;
    assert_eq!(late.attempts, [(200, "success".to_owned())]);
    target.delay_ms.store(1_500, Ordering::SeqCst);
    let started = target.started.load(Ordering::SeqCst);
    let in_flight = tokio::spawn({
        let pusher = pusher.clone();
        async move { pusher.push(&event(CODE, 5)).await }
    });
    while target.started.load(Ordering::SeqCst) == started {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let killed = Command::new("kill").args(["-TERM", &served.child.id().to_string()]).status().unwrap();
    assert!(killed.success());
    assert_eq!(in_flight.await.unwrap().attempts, [(200, "success".to_owned())]);
    let deadline = Instant::now() + Duration::from_secs(20);
    let exit = loop {
        if let Some(status) = served.child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "wxcard serve did not stop");
        tokio::time::sleep(Duration::from_millis(10)).await;
    };
    let exited_at = Instant::now();
    assert!(exit.success(), "{exit:?}");
    let done = target.done.lock().unwrap().clone();
    assert_eq!(done.len(), 5, "every push forwarded, the late one and the one in flight too");
    assert!(done.iter().all(|(_, at)| *at <= exited_at));

    // The logs: JSON lines, one per request and per push, without a secret, code or openid.
    std::thread::sleep(Duration::from_millis(100));
    let logs = served.logs();
    for line in &logs {
        let parsed: Value = serde_json::from_str(line).unwrap_or_else(|_| panic!("not a JSON line: {line}"));
        assert!(parsed["message"].is_string(), "{line}");
    }
    let all = logs.join("\n");
    assert!(all.contains("POST /api/card-ext 200"), "{all}");
    assert!(all.contains("user_get_card: handled"), "{all}");
    assert!(all.contains("user_get_card: handled, late"), "{all}");
    assert!(all.contains("SIGTERM"), "{all}");
    let token = fake.state.token.lock().unwrap().clone();
    for secret in [
        SECRET,
        token.as_str(),
        "FAKE-TOKEN",
        &ticket,
        &fake.state.ticket("jsapi"),
        PUSH_TOKEN,
        AES_KEY,
        PAY_KEY,
        CODE,
        "oServeUser",
        "oFakeUser",
        "oShopUser",
    ] {
        assert!(!secret.is_empty() && !all.contains(secret), "the logs hold {secret}:\n{all}");
    }
    let _ = std::fs::remove_file(config);
}

#[test]
fn a_config_mistake_is_named_before_anything_listens() {
    let dir = std::env::temp_dir().join(format!("wxcard-serve-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let run = |name: &str, text: &str| {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_wxcard")).args(["serve", "--config"]).arg(&path).output().unwrap();
        (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
    };
    let server = "[server]\nlisten = \"127.0.0.1:0\"\nmetrics_listen = \"127.0.0.1:0\"\n";
    let account =
        "[[accounts]]\nname = \"shop\"\napp_id = \"wx0123456789abcdef\"\nsecret = \"s\"\ncard_ids = [\"pA\"]\n";
    let (code, err) = run("typo.toml", &format!("{server}listne = 1\n{account}"));
    assert_eq!(code, Some(2));
    assert!(err.contains("unknown field `listne`"), "{err}");
    let (code, err) = run("none.toml", server);
    assert_eq!(code, Some(2));
    assert!(err.contains("accounts"), "{err}");
    let (code, err) =
        run("pay.toml", &format!("{server}{account}[accounts.pay]\nmch_id = \"1900000109\"\napi_v2_key = \"short\"\n"));
    assert_eq!(code, Some(2));
    assert!(err.contains("api_v2_key") && !err.contains("short"), "{err}");
    let (code, err) =
        run("env.toml", &format!("{server}{}", account.replace("\"s\"", "{ env = \"WXCARD_UNSET_SECRET_VAR\" }")));
    assert_eq!(code, Some(2));
    assert!(err.contains("WXCARD_UNSET_SECRET_VAR"), "{err}");
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn serve_runs_a_third_party_platform() {
    const COMPONENT: &str = "wxcomponent0000001";
    const MERCHANT: &str = "wxmerchant00000042";
    let redis = Redis::start();
    let fake = Fake::start().await;
    fake.component(COMPONENT, "component-secret");
    let target = Target::default();
    let forward_url = target.start().await;
    let (listen, metrics) = (free_port(), free_port());
    let text = format!(
        "[server]\nlisten = \"127.0.0.1:{listen}\"\nmetrics_listen = \"127.0.0.1:{metrics}\"\nwechat_api = \"{}\"\n\
         [redis]\nurl = {{ env = \"WXCARD_REDIS_URL\" }}\n\
         [platform]\napp_id = \"{COMPONENT}\"\nsecret = \"component-secret\"\ntoken = {{ env = \"WXCARD_SHOP_PUSH_TOKEN\" }}\n\
         aes_keys = [{{ env = \"WXCARD_SHOP_AES_KEY\" }}]\ncard_ids = [\"{FAKE_CARD}\"]\npage_domains = [\"shop.example.com\"]\n\
         forward_url = \"{forward_url}\"\n",
        fake.url
    );
    let config = std::env::temp_dir().join(format!("wxcard-serve-platform-{}.toml", std::process::id()));
    std::fs::write(&config, text).unwrap();
    let mut served = Served::start(&config, &redis.url, listen, metrics);
    let http = reqwest::Client::builder().timeout(Duration::from_secs(20)).build().unwrap();
    served.wait_healthy(&http).await;

    // Not ready before the first verify ticket; ready after it.
    let (status, body) = get(&http, &format!("{}/readyz", served.base)).await;
    assert_eq!(status, 503, "{body}");
    let notices = Pusher::new(&format!("{}/component/auth", served.base), PUSH_TOKEN, COMPONENT, AES_KEY, Mode::Safe);
    let notice = |fields: String| {
        format!(
            "<xml><AppId><![CDATA[{COMPONENT}]]></AppId><CreateTime>{}</CreateTime>{fields}</xml>",
            support::pusher::now()
        )
    };
    let ticket = fake.verify_ticket();
    let fields =
        format!("<InfoType>component_verify_ticket</InfoType><ComponentVerifyTicket>{ticket}</ComponentVerifyTicket>");
    assert!(notices.push(&notice(fields)).await.delivered());
    let (status, body) = get(&http, &format!("{}/readyz", served.base)).await;
    assert_eq!(status, 200, "{body}");

    // A merchant authorizes; its page signs with its own ticket; its card events are forwarded
    // naming it.
    let code = fake.authorization_code(MERCHANT);
    let fields = format!("<InfoType>authorized</InfoType><AuthorizerAppid>{MERCHANT}</AuthorizerAppid><AuthorizationCode>{code}</AuthorizationCode>");
    assert!(notices.push(&notice(fields)).await.delivered());
    let (status, answer) =
        post(&http, &format!("{}/{MERCHANT}/api/card-ext", served.base), json!({"cards": [{"cardId": FAKE_CARD}]}))
            .await;
    assert_eq!(status, 200, "{answer}");
    let ext: Value = serde_json::from_str(answer["cardList"][0]["cardExt"].as_str().unwrap()).unwrap();
    let text = |k: &str| ext[k].as_str().unwrap_or("").to_owned();
    let ticket = fake.state.account(MERCHANT).tickets["wx_card"].clone();
    assert_eq!(ext["signature"], card_signature(&[&ticket, &text("timestamp"), FAKE_CARD, "", "", &text("nonce_str")]));
    let pusher =
        Pusher::new(&format!("{}/{MERCHANT}/callback", served.base), PUSH_TOKEN, COMPONENT, AES_KEY, Mode::Safe);
    assert!(pusher.push(&event(CODE, 0)).await.delivered());
    let done = target.done.lock().unwrap().clone();
    assert_eq!(done.len(), 1);
    assert_eq!(done[0].0["UserCardCode"], CODE);
    assert_eq!(*target.accounts.lock().unwrap(), [MERCHANT]);
    let _ = std::fs::remove_file(config);
}
