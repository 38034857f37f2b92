//! Many accounts on one server, many instances on one Redis: three `wxcard serve` processes
//! share one real redis-server and serve 20 accounts of the fake WeChat API, and one more whose
//! tokens come from a central token service (中控) with no appsecret configured. Each account's
//! token and tickets are fetched once across the three; each signature verifies with its own
//! account's ticket; a 40001 on one account is one refresh; a 45009 pauses that account alone.

mod support;

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};
use support::redis_server::Redis;
use support::{card_signature, Fake, FAKE_CARD};
use tokio::sync::Semaphore;

const ACCOUNTS: usize = 20;
const PAGE: &str = "https://shop.example.com/card.html";
const CENTRAL_APP: &str = "wxcentral0000000001";
const CENTRAL_KEY: &str = "central-service-key-0123";
const PUSH_TOKEN: &str = "accountsPushToken0";

fn app_id(i: usize) -> String {
    format!("wxaccount{i:010}")
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// The merchant's central token service: it alone holds the secret, fetches from WeChat (the
/// fake) and hands the token to whoever shows its key.
async fn central_service(fake_url: String, secret: &'static str) -> String {
    async fn token(
        State((fake, secret)): State<(String, &'static str)>,
        headers: HeaderMap,
        Query(q): Query<HashMap<String, String>>,
    ) -> axum::response::Response {
        let authorized = headers.get("authorization").and_then(|v| v.to_str().ok());
        if authorized != Some(&format!("Bearer {CENTRAL_KEY}"))
            || q.get("appid").map(String::as_str) != Some(CENTRAL_APP)
        {
            return StatusCode::UNAUTHORIZED.into_response();
        }
        let body = json!({"grant_type": "client_credential", "appid": CENTRAL_APP, "secret": secret});
        let answer: Value = reqwest::Client::new()
            .post(format!("{fake}/cgi-bin/stable_token"))
            .json(&body)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        Json(answer).into_response()
    }
    let app = Router::new().route("/token", get(token)).with_state((fake_url, secret));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/token", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    url
}

fn config(fake: &Fake, central_url: &str, listen: u16, metrics: u16) -> PathBuf {
    let mut text = format!(
        "[server]\nlisten = \"127.0.0.1:{listen}\"\nmetrics_listen = \"127.0.0.1:{metrics}\"\nwechat_api = \"{}\"\n\
         default_account = \"a00\"\n\n[redis]\nurl = {{ env = \"WXCARD_REDIS_URL\" }}\n\n\
         [limits]\njsapi_config = 0\ncard_ext = 0\nchoose_card = 0\ndecrypt_code = 0\nmember_activate = 0\nstatus = 0\ndiagnose = 0\n",
        fake.url
    );
    let lists =
        "card_ids = [\"pFakeCard\"]\norigins = [\"https://shop.example.com\"]\npage_domains = [\"shop.example.com\"]\n";
    for i in 0..ACCOUNTS {
        text += &format!(
            "\n[[accounts]]\nname = \"a{i:02}\"\napp_id = \"{}\"\nsecret = {{ env = \"SECRET_{i}\" }}\n{lists}",
            app_id(i)
        );
        if i == 0 {
            text += &format!("[accounts.push]\ntoken = \"{PUSH_TOKEN}\"\n");
        }
    }
    text += &format!(
        "\n[[accounts]]\nname = \"central\"\napp_id = \"{CENTRAL_APP}\"\n{lists}\
         [accounts.token_service]\nurl = \"{central_url}\"\nkey = {{ env = \"CENTRAL_KEY\" }}\n"
    );
    let path = std::env::temp_dir().join(format!("wxcard-accounts-{}-{listen}.toml", std::process::id()));
    std::fs::write(&path, text).unwrap();
    path
}

struct Instance {
    child: Child,
    base: String,
    /// Its log lines (warnings and errors).
    lines: Arc<std::sync::Mutex<Vec<String>>>,
}

impl Instance {
    fn count(&self, text: &str) -> usize {
        self.lines.lock().unwrap().iter().filter(|l| l.contains(text)).count()
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn start(fake: &Fake, central_url: &str, redis_url: &str, http: &reqwest::Client) -> Instance {
    let (listen, metrics) = (free_port(), free_port());
    let path = config(fake, central_url, listen, metrics);
    let mut command = Command::new(env!("CARGO_BIN_EXE_wxcard"));
    command.args(["serve", "--config"]).arg(&path).env("WXCARD_REDIS_URL", redis_url).env("CENTRAL_KEY", CENTRAL_KEY);
    for i in 0..ACCOUNTS {
        command.env(format!("SECRET_{i}"), format!("secret-of-account-{i}"));
    }
    let mut child = command.env("RUST_LOG", "warn").stdout(Stdio::piped()).spawn().unwrap();
    let lines = Arc::new(std::sync::Mutex::new(Vec::new()));
    let (stdout, sink) = (child.stdout.take().unwrap(), Arc::clone(&lines));
    std::thread::spawn(move || {
        use std::io::BufRead;
        for line in std::io::BufReader::new(stdout).lines().map_while(Result::ok) {
            sink.lock().unwrap().push(line);
        }
    });
    let instance = Instance { child, base: format!("http://127.0.0.1:{listen}"), lines };
    let deadline = Instant::now() + Duration::from_secs(30);
    while http.get(format!("{}/healthz", instance.base)).send().await.is_err() {
        assert!(Instant::now() < deadline, "wxcard serve did not start");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    instance
}

async fn post(http: &reqwest::Client, url: String, body: Value) -> (u16, Value) {
    let r = http.post(url).header("origin", "https://shop.example.com").json(&body).send().await.unwrap();
    (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
}

/// Checks a card-ext or wx.config answer against the account's ticket in the fake.
fn verify(fake: &Fake, app: &str, kind: &str, answer: &Value) {
    let ticket = fake.state.account(app).tickets.get(kind).cloned().expect("a ticket issued");
    if kind == "wx_card" {
        let ext: Value = serde_json::from_str(answer["cardList"][0]["cardExt"].as_str().unwrap()).unwrap();
        let text = |k: &str| ext[k].as_str().unwrap_or("").to_owned();
        let expected = card_signature(&[&ticket, &text("timestamp"), FAKE_CARD, "", "", &text("nonce_str")]);
        assert_eq!(ext["signature"], expected, "{app}");
    } else {
        let plain = format!(
            "jsapi_ticket={ticket}&noncestr={}&timestamp={}&url={PAGE}",
            answer["nonceStr"].as_str().unwrap(),
            answer["timestamp"].as_u64().unwrap()
        );
        assert_eq!(answer["signature"], sha1_smol::Sha1::from(plain).hexdigest(), "{app}");
        assert_eq!(answer["appId"], app);
    }
}

/// Redis, the fake with 20 accounts and the central service's, the central service, a client.
async fn setup() -> (Redis, Fake, String, reqwest::Client) {
    let redis = Redis::start();
    let fake = Fake::start().await;
    for i in 0..ACCOUNTS {
        fake.add_account(&app_id(i), &format!("secret-of-account-{i}"));
    }
    fake.add_account(CENTRAL_APP, "central-secret");
    let central_url = central_service(fake.url.clone(), "central-secret").await;
    let http = reqwest::Client::builder().timeout(Duration::from_secs(30)).build().unwrap();
    (redis, fake, central_url, http)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn three_instances_serve_twenty_accounts_on_one_redis() {
    let (redis, fake, central_url, http) = setup().await;
    let instances = [
        start(&fake, &central_url, &redis.url, &http).await,
        start(&fake, &central_url, &redis.url, &http).await,
        start(&fake, &central_url, &redis.url, &http).await,
    ];
    let bases: Arc<Vec<String>> = Arc::new(instances.iter().map(|i| i.base.clone()).collect());

    // 600 signing requests over 3 instances and 20 accounts, 50 at a time; the accounts named
    // by name, by appid, and the default one at the root.
    let gate = Arc::new(Semaphore::new(50));
    let mut burst = tokio::task::JoinSet::new();
    for n in 0..600usize {
        let (http, bases, gate) = (http.clone(), Arc::clone(&bases), Arc::clone(&gate));
        burst.spawn(async move {
            let _turn = gate.acquire().await.unwrap();
            let account = n % ACCOUNTS;
            let prefix = match n % 3 {
                0 => format!("/a{account:02}"),
                1 => format!("/{}", app_id(account)),
                _ if account == 0 => String::new(),
                _ => format!("/a{account:02}"),
            };
            let base = &bases[(n / 3) % 3];
            let (kind, answer) = if (n / ACCOUNTS) % 2 == 0 {
                (
                    "wx_card",
                    post(&http, format!("{base}{prefix}/api/card-ext"), json!({"cards": [{"cardId": FAKE_CARD}]}))
                        .await,
                )
            } else {
                ("jsapi", post(&http, format!("{base}{prefix}/api/jsapi-config"), json!({"url": PAGE})).await)
            };
            (account, kind, answer)
        });
    }
    let mut answers = Vec::new();
    while let Some(done) = burst.join_next().await {
        answers.push(done.unwrap());
    }
    assert_eq!(answers.len(), 600);
    for (account, kind, (status, answer)) in &answers {
        assert_eq!(*status, 200, "{answer}");
        verify(&fake, &app_id(*account), kind, answer);
    }
    for i in 0..ACCOUNTS {
        let fetches = fake.state.account(&app_id(i)).fetches;
        for kind in ["token", "wx_card", "jsapi"] {
            assert_eq!(fetches.get(kind), Some(&1), "account {i}: {kind} fetched {fetches:?}");
        }
    }
    // No two accounts share a ticket.
    let mut tickets: Vec<String> =
        (0..ACCOUNTS).flat_map(|i| fake.state.account(&app_id(i)).tickets.into_values()).collect();
    tickets.sort();
    tickets.dedup();
    assert_eq!(tickets.len(), 2 * ACCOUNTS);

    // A 40001 mid-burst on one account (its token refreshed elsewhere): one refresh across the
    // three instances; the other accounts see nothing.
    let victim = app_id(5);
    for n in 0..(ACCOUNTS * 6) {
        let code = format!("code-{n}");
        fake.add_code(&format!("enc-{n}"), &code, FAKE_CARD);
    }
    let mut calls = tokio::task::JoinSet::new();
    for n in 0..(ACCOUNTS * 6) {
        let (http, bases, gate) = (http.clone(), Arc::clone(&bases), Arc::clone(&gate));
        calls.spawn(async move {
            let _turn = gate.acquire().await.unwrap();
            let base = &bases[n % 3];
            let answer = post(
                &http,
                format!("{base}/a{:02}/api/decrypt-code", n % ACCOUNTS),
                json!({"encryptCode": format!("enc-{n}")}),
            )
            .await;
            (n, answer)
        });
        if n == ACCOUNTS * 3 {
            fake.with_account(&victim, |a| a.token = "revoked elsewhere".into());
        }
    }
    while let Some(done) = calls.join_next().await {
        let (n, (status, answer)) = done.unwrap();
        assert_eq!((status, answer["code"].as_str()), (200, Some(format!("code-{n}").as_str())), "{answer}");
    }
    for i in 0..ACCOUNTS {
        let tokens = fake.state.account(&app_id(i)).fetches.get("token").copied();
        assert_eq!(tokens, Some(if i == 5 { 2 } else { 1 }), "account {i}");
    }

    // 45009 on one account: it stops calling WeChat and says so; the others keep working.
    let spent = app_id(7);
    fake.with_account(&spent, |a| a.refuse_with = Some(45009));
    let (status, answer) =
        post(&http, format!("{}/a07/api/decrypt-code", bases[0]), json!({"encryptCode": "enc-7"})).await;
    assert_eq!((status, answer["code"].as_str()), (502, Some("WECHAT_45009")), "{answer}");
    let calls_before = fake.state.account(&spent).fetches.get("card").copied();
    let (status, answer) =
        post(&http, format!("{}/a07/api/decrypt-code", bases[0]), json!({"encryptCode": "enc-7"})).await;
    assert_eq!((status, answer["code"].as_str()), (503, Some("WECHAT_45009")), "{answer}");
    assert!(answer["message"].as_str().unwrap().contains("no call to WeChat"), "{answer}");
    assert_eq!(fake.state.account(&spent).fetches.get("card").copied(), calls_before, "no call while paused");
    let (status, answer) =
        post(&http, format!("{}/a08/api/decrypt-code", bases[0]), json!({"encryptCode": "enc-8"})).await;
    assert_eq!(status, 200, "{answer}");
    // Signing goes on for the paused account from its cached tickets.
    let (status, answer) =
        post(&http, format!("{}/a07/api/card-ext", bases[0]), json!({"cards": [{"cardId": FAKE_CARD}]})).await;
    assert_eq!(status, 200, "{answer}");
    verify(&fake, &spent, "wx_card", &answer);

    // The account whose tokens come from the central service: no appsecret here, right tickets.
    for base in bases.iter() {
        let (status, answer) =
            post(&http, format!("{base}/central/api/card-ext"), json!({"cards": [{"cardId": FAKE_CARD}]})).await;
        assert_eq!(status, 200, "{answer}");
        verify(&fake, CENTRAL_APP, "wx_card", &answer);
    }
    assert_eq!(fake.state.account(CENTRAL_APP).fetches.get("token"), Some(&1));

    // Ready: every account's token, and Redis.
    let ready: Value = http.get(format!("{}/readyz", bases[1])).send().await.unwrap().json().await.unwrap();
    assert_eq!(ready["ready"], true, "{ready}");
    assert_eq!(ready["accounts"].as_object().unwrap().len(), ACCOUNTS + 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_redis_outage_under_load_fails_no_request() {
    let (mut redis, fake, central_url, http) = setup().await;
    let instances =
        [start(&fake, &central_url, &redis.url, &http).await, start(&fake, &central_url, &redis.url, &http).await];
    // Card tickets of four accounts fetched before the outage (by one instance or the other);
    // their jsapi tickets only during it.
    for (n, instance) in (0..4).zip(instances.iter().cycle()) {
        let (status, _) =
            post(&http, format!("{}/a{n:02}/api/card-ext", instance.base), json!({"cards": [{"cardId": FAKE_CARD}]}))
                .await;
        assert_eq!(status, 200);
    }
    let pushers: Vec<_> = instances
        .iter()
        .map(|i| {
            let url = format!("{}/a00/wechat/events", i.base);
            support::pusher::Pusher::new(&url, PUSH_TOKEN, &app_id(0), "", support::pusher::Mode::Plaintext)
        })
        .collect();

    let started = Instant::now();
    let (mut answered, mut failed, mut pushes) = (0, Vec::new(), 0);
    let mut stopped_at = None;
    let mut n = 0usize;
    while started.elapsed() < Duration::from_secs(9) {
        let elapsed = started.elapsed();
        if stopped_at.is_none() && elapsed > Duration::from_millis(1500) {
            redis.stop();
            stopped_at = Some(Instant::now());
        }
        if stopped_at.is_some_and(|at| at.elapsed() > Duration::from_secs(5))
            && redis.child.try_wait().unwrap().is_some()
        {
            redis = Redis::start_on(redis.port);
        }
        let base = &instances[n % 2].base;
        let account = n % 4;
        let (status, answer) = if stopped_at.is_some() && n % 3 == 0 {
            post(&http, format!("{base}/a{account:02}/api/jsapi-config"), json!({"url": PAGE})).await
        } else {
            post(&http, format!("{base}/a{account:02}/api/card-ext"), json!({"cards": [{"cardId": FAKE_CARD}]})).await
        };
        match status {
            200 => answered += 1,
            _ => failed.push(answer),
        }
        if n % 10 == 0 {
            let pusher = &pushers[n % 2];
            let xml = support::pusher::card_event(
                "oOutage",
                support::pusher::now(),
                "user_get_card",
                FAKE_CARD,
                &format!("c{n}"),
                "",
            );
            assert!(pusher.push(&xml).await.delivered(), "a push during the outage");
            pushes += 1;
        }
        n += 1;
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    assert!(
        failed.is_empty(),
        "{} of {} failed: {:?}",
        failed.len(),
        answered + failed.len(),
        &failed[..failed.len().min(3)]
    );
    assert!(answered > 200 && pushes > 20, "{answered} signed, {pushes} pushes");
    println!("Redis stopped for 5 s of 9: {answered} of {answered} signing requests answered, {pushes} pushes handled");
    std::thread::sleep(Duration::from_millis(200));
    for instance in &instances {
        assert_eq!(instance.count("until it is back"), 1, "{:?}", instance.lines.lock().unwrap());
        assert_eq!(instance.count("is back after"), 1, "{:?}", instance.lines.lock().unwrap());
    }
}
