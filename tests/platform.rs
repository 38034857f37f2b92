//! Third-party platform mode over real HTTP: two instances of the platform's routes share one
//! real redis-server and the fake WeChat API's component (tests/support/fake/component.rs).
//! Verify tickets survive a restart; authorizers join by `authorized` notices and sign with
//! their own tickets; 1,000 card pushes through the component, each delivered to both
//! instances, are handled once with the authorizer's appid; a rotated refresh token is the one
//! used next; `unauthorized` stops service at the next request.

mod support;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{json, Value};
use support::pusher::{card_event, cdata, now, Mode, Pusher};
use support::redis_server::Redis;
use support::{card_signature, Fake, FAKE_CARD};
use wxcard::push::Push;
use wxcard::server::{
    platform_router, ClientOptions, Component, HandlerError, ManagerOptions, Platform, PlatformRoutes, Policy,
    RedisStore, Reply, RouterOptions,
};

const COMPONENT: &str = "wxcomponent0000001";
const SECRET: &str = "component-secret-0123456789";
const TOKEN: &str = "componentToken7";
const KEY: &str = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
const AUTHORIZERS: usize = 10;

fn authorizer(i: usize) -> String {
    format!("wxmerchant{i:08}")
}

/// What the instances' handlers saw: (authorizer, code) per push handled.
type Seen = Arc<Mutex<Vec<(String, String)>>>;

/// One instance: the platform's routes on loopback, over the shared Redis.
async fn instance(fake: &Fake, redis_url: &str, seen: &Seen) -> (String, Platform<RedisStore>) {
    let store = RedisStore::connect(redis_url).await.unwrap();
    let component =
        Component { app_id: COMPONENT.into(), secret: SECRET.into(), token: TOKEN.into(), aes_keys: vec![KEY.into()] };
    let client = ClientOptions { base_url: fake.url.clone(), ..ClientOptions::default() };
    let managers = ManagerOptions { backoff: Duration::from_millis(10), ..ManagerOptions::default() };
    let platform = Platform::new(component, store.clone(), client, managers).unwrap();
    let seen = Arc::clone(seen);
    let handler = move |app_id: String, push: Push| {
        let seen = Arc::clone(&seen);
        async move {
            let code = push.fields.get("UserCardCode").unwrap_or_default().to_owned();
            seen.lock().unwrap().push((app_id, code));
            Ok::<_, HandlerError>(Reply::Success)
        }
    };
    let routes = PlatformRoutes {
        policy: Box::new(|_| {
            Policy::builder()
                .card_ids([FAKE_CARD])
                .origins(["https://shop.example.com"])
                .page_domains(["shop.example.com"])
                .build()
        }),
        options: RouterOptions::unlimited(),
        handler,
    };
    let (router, _late) = platform_router(platform.clone(), store, routes);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    (base, platform)
}

fn notice(fields: &str) -> String {
    format!("<xml><AppId>{}</AppId><CreateTime>{}</CreateTime>{fields}</xml>", cdata(COMPONENT), now())
}

/// Pushes a component notice to an instance's authorization URL; its status.
async fn push_notice(base: &str, fields: &str) -> u16 {
    let pusher = Pusher::new(&format!("{base}/component/auth"), TOKEN, COMPONENT, KEY, Mode::Safe);
    pusher.push(&notice(fields)).await.attempts.last().unwrap().0
}

async fn verify_ticket(fake: &Fake, base: &str) {
    let ticket = fake.verify_ticket();
    let fields = format!(
        "<InfoType>component_verify_ticket</InfoType><ComponentVerifyTicket>{}</ComponentVerifyTicket>",
        cdata(&ticket)
    );
    assert_eq!(push_notice(base, &fields).await, 200);
}

async fn post(http: &reqwest::Client, url: String, body: Value) -> (u16, Value) {
    let r = http.post(url).header("origin", "https://shop.example.com").json(&body).send().await.unwrap();
    (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_restart_between_verify_tickets_loses_nothing() {
    let redis = Redis::start();
    let fake = Fake::start().await;
    fake.component(COMPONENT, SECRET);
    let seen = Seen::default();
    let (base, before) = instance(&fake, &redis.url, &seen).await;
    // No ticket yet: a clear refusal, and nothing asked of WeChat.
    let e = before.component().access_token().await.unwrap_err();
    assert!(e.to_string().contains("component_verify_ticket"), "{e}");
    verify_ticket(&fake, &base).await;
    drop(before);
    // Restarted (a new instance, nothing in memory): the ticket is in Redis.
    let (base, after) = instance(&fake, &redis.url, &seen).await;
    after.component().access_token().await.unwrap();
    assert_eq!(fake.state.component.lock().unwrap().token_calls, 1);
    verify_ticket(&fake, &base).await;
    assert!(after.pre_auth_code().await.unwrap().starts_with("preauthcode@@@"));
    let link = after.authorization_url("https://platform.example.com/authorized?x=1", 1).await.unwrap();
    assert!(link.starts_with("https://mp.weixin.qq.com/cgi-bin/componentloginpage?component_appid=wxcomponent0000001&pre_auth_code=preauthcode%40%40%40"), "{link}");
    assert!(
        link.ends_with("&redirect_uri=https%3A%2F%2Fplatform.example.com%2Fauthorized%3Fx%3D1&auth_type=1"),
        "{link}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn authorizers_sign_receive_pushes_rotate_and_leave() {
    let redis = Redis::start();
    let fake = Fake::start().await;
    fake.component(COMPONENT, SECRET);
    let seen = Seen::default();
    let (a, platform) = instance(&fake, &redis.url, &seen).await;
    let (b, _) = instance(&fake, &redis.url, &seen).await;
    let http = reqwest::Client::new();
    verify_ticket(&fake, &a).await;

    // Ten merchants authorize: half the notices reach one instance, half the other; one more
    // returns through the admin's browser.
    for i in 0..AUTHORIZERS {
        let code = fake.authorization_code(&authorizer(i));
        let fields = format!(
            "<InfoType>authorized</InfoType><AuthorizerAppid>{}</AuthorizerAppid><AuthorizationCode>{}</AuthorizationCode>",
            cdata(&authorizer(i)),
            cdata(&code)
        );
        assert_eq!(push_notice(if i % 2 == 0 { &a } else { &b }, &fields).await, 200);
    }
    let code = fake.authorization_code("wxmerchantviabrowser");
    let answer = http.get(format!("{b}/component/authorized?auth_code={code}")).send().await.unwrap();
    assert_eq!(answer.text().await.unwrap(), "wxmerchantviabrowser authorized this platform");
    assert!(platform.is_authorized("wxmerchantviabrowser").await.unwrap());

    // Each signs with its own ticket, on either instance; no two share one.
    for i in 0..AUTHORIZERS {
        for base in [&a, &b] {
            let (status, answer) = post(
                &http,
                format!("{base}/{}/api/card-ext", authorizer(i)),
                json!({"cards": [{"cardId": FAKE_CARD}]}),
            )
            .await;
            assert_eq!(status, 200, "{answer}");
            let ext: Value = serde_json::from_str(answer["cardList"][0]["cardExt"].as_str().unwrap()).unwrap();
            let text = |k: &str| ext[k].as_str().unwrap_or("").to_owned();
            let ticket = fake.state.account(&authorizer(i)).tickets["wx_card"].clone();
            assert_eq!(
                ext["signature"],
                card_signature(&[&ticket, &text("timestamp"), FAKE_CARD, "", "", &text("nonce_str")])
            );
        }
        // The token from the authorization, one ticket fetch for both instances.
        let fetches = fake.state.account(&authorizer(i)).fetches;
        assert_eq!((fetches.get("token"), fetches.get("wx_card")), (Some(&1), Some(&1)), "{fetches:?}");
    }
    let mut tickets: Vec<String> =
        (0..AUTHORIZERS).map(|i| fake.state.account(&authorizer(i)).tickets["wx_card"].clone()).collect();
    tickets.sort();
    tickets.dedup();
    assert_eq!(tickets.len(), AUTHORIZERS);

    // 1,000 card pushes through the component, each delivered to both instances at once.
    let mut sends = tokio::task::JoinSet::new();
    let gate = Arc::new(tokio::sync::Semaphore::new(40));
    let mut expected = HashMap::new();
    for n in 0..1000 {
        let app = authorizer(n % AUTHORIZERS);
        let code = format!("{n:012}");
        expected.insert(code.clone(), app.clone());
        let xml = card_event("oMerchantUser", now(), "user_get_card", FAKE_CARD, &code, "");
        let pusher = Pusher::new(&format!("{a}/{app}/callback"), TOKEN, COMPONENT, KEY, Mode::Safe);
        let (query, body) = pusher.request(&xml, &now().to_string(), &n.to_string());
        for base in [a.clone(), b.clone()] {
            let (query, body, gate) = (query.clone(), body.clone(), Arc::clone(&gate));
            let pusher = Pusher::new(&format!("{base}/{app}/callback"), TOKEN, COMPONENT, KEY, Mode::Safe);
            sends.spawn(async move {
                let _turn = gate.acquire().await.unwrap();
                pusher.send(&query, &body).await
            });
        }
    }
    while let Some(answer) = sends.join_next().await {
        assert_eq!(answer.unwrap(), (200, "success".to_owned()));
    }
    let handled = seen.lock().unwrap().clone();
    assert_eq!(handled.len(), 1000, "each push handled once");
    for (app, code) in &handled {
        assert_eq!(&expected[code], app, "handed over with its authorizer's appid");
    }
    // A push encrypted for another component is refused.
    let other = Pusher::new(&format!("{a}/{}/callback", authorizer(0)), TOKEN, "wxothercomponent01", KEY, Mode::Safe);
    let xml = card_event("oMerchantUser", now(), "user_get_card", FAKE_CARD, "999999999999", "");
    assert_ne!(other.push(&xml).await.attempts[0].0, 200);
    assert_eq!(seen.lock().unwrap().len(), 1000);

    // A refresh token rotated by WeChat is the one used next time.
    fake.state.component.lock().unwrap().rotate_refresh_tokens = true;
    let app = authorizer(3);
    for round in 0..3 {
        fake.with_account(&app, |acct| acct.token = "revoked elsewhere".into());
        fake.add_code(&format!("enc-{round}"), &format!("code-{round}"), FAKE_CARD);
        let base = if round % 2 == 0 { &a } else { &b };
        let (status, answer) =
            post(&http, format!("{base}/{app}/api/decrypt-code"), json!({"encryptCode": format!("enc-{round}")})).await;
        assert_eq!(status, 200, "{answer}");
    }
    let component = fake.state.component.lock().unwrap().clone();
    assert_eq!((component.authorizer_token_calls, component.stale_refresh_tokens), (3, 0));

    // `unauthorized` at one instance: the other stops serving that merchant at its next request.
    let app = authorizer(5);
    let fields = format!("<InfoType>unauthorized</InfoType><AuthorizerAppid>{}</AuthorizerAppid>", cdata(&app));
    assert_eq!(push_notice(&b, &fields).await, 200);
    let (status, answer) =
        post(&http, format!("{a}/{app}/api/card-ext"), json!({"cards": [{"cardId": FAKE_CARD}]})).await;
    assert_eq!((status, answer["code"].as_str()), (403, Some("NOT_AUTHORIZED")), "{answer}");
    let pusher = Pusher::new(&format!("{a}/{app}/callback"), TOKEN, COMPONENT, KEY, Mode::Safe);
    assert_eq!(
        pusher.push(&card_event("oMerchantUser", now(), "user_get_card", FAKE_CARD, "1", "")).await.attempts[0].0,
        403
    );
    // The others go on.
    let (status, _) =
        post(&http, format!("{a}/{}/api/card-ext", authorizer(6)), json!({"cards": [{"cardId": FAKE_CARD}]})).await;
    assert_eq!(status, 200);
    // A merchant that never authorized.
    let (status, answer) =
        post(&http, format!("{a}/wxnobody0000000001/api/card-ext"), json!({"cards": [{"cardId": FAKE_CARD}]})).await;
    assert_eq!((status, answer["code"].as_str()), (403, Some("NOT_AUTHORIZED")), "{answer}");
}
