//! The push receiver (`events_router`) over real HTTP, driven by a stand-in for WeChat's side
//! (tests/support/pusher.rs): the URL check, every card event in plaintext, compatible and safe
//! mode, retries de-duplicated, failures retried, a burst of distinct events each delivered
//! once, refusals, key rotation, encrypted replies, and no secret in any log line.

mod support;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use support::logs::{captured_logs, logs_text};
use support::pusher::{card_event, cdata, now, sorted_sha1, Mode, Pusher};
use wxcard::push::{decrypt, CardEvent, EncodingAesKey, Push, PushConfig, PushFields, CARD_EVENTS};
use wxcard::server::{
    events_receiver, events_router_with, EventClaims, EventsOptions, HandlerError, MemoryClaims, Reply, CLAIM_TTL,
    LONGEST_CLAIM, MAX_CLOCK_SKEW,
};

const TOKEN: &str = "wxcardPushToken7";
const APP_ID: &str = "wx0123456789abcdef";
const KEY: &str = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
const OLD_KEY: &str = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

/// What the handler saw: each push's event name and fields, in arrival order.
#[derive(Clone, Default)]
struct Seen(Arc<Mutex<Vec<Push>>>);

impl Seen {
    fn pushes(&self) -> Vec<Push> {
        self.0.lock().unwrap().clone()
    }
    fn count(&self) -> usize {
        self.0.lock().unwrap().len()
    }
}

/// How the test handler behaves.
#[derive(Clone, Default)]
struct Behaviour {
    /// Fail this many calls first.
    failures: Arc<Mutex<u32>>,
    /// Answer with this XML.
    reply: Option<String>,
    /// Take this long.
    delay: Duration,
}

/// A receiver on loopback: its URL and what its handler saw.
async fn serve<C: EventClaims>(config: PushConfig, claims: C, behaviour: Behaviour) -> (String, Seen) {
    serve_with(config, claims, behaviour, EventsOptions::default()).await
}

async fn serve_with<C: EventClaims>(
    config: PushConfig,
    claims: C,
    behaviour: Behaviour,
    options: EventsOptions,
) -> (String, Seen) {
    let seen = Seen::default();
    let sink = seen.clone();
    let app = axum::Router::new().nest(
        "/wechat/events",
        events_router_with(
            config,
            claims,
            move |push: Push| {
                let (sink, behaviour) = (sink.clone(), behaviour.clone());
                async move {
                    tokio::time::sleep(behaviour.delay).await;
                    {
                        let mut failures = behaviour.failures.lock().unwrap();
                        if *failures > 0 {
                            *failures -= 1;
                            return Err(HandlerError("the database is down".into()));
                        }
                    }
                    sink.0.lock().unwrap().push(push);
                    Ok(behaviour.reply.map_or(Reply::Success, Reply::Xml))
                }
            },
            options,
        ),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/wechat/events", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, seen)
}

fn plain_config() -> PushConfig {
    PushConfig::new(TOKEN, APP_ID, &[]).unwrap()
}

fn safe_config() -> PushConfig {
    PushConfig::new(TOKEN, APP_ID, &[KEY]).unwrap()
}

fn pusher(url: &str, mode: Mode) -> Pusher {
    Pusher::new(url, TOKEN, APP_ID, KEY, mode)
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/push/{name}.xml", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

#[tokio::test]
async fn the_url_check() {
    captured_logs();
    let (url, seen) = serve(safe_config(), MemoryClaims::new(), Behaviour::default()).await;
    let p = pusher(&url, Mode::Safe);
    assert_eq!(p.check_url(TOKEN, "5837397520665436492").await, (200, "5837397520665436492".into()));
    // Signed with another token: 403 and nothing else.
    assert_eq!(p.check_url("anotherToken", "5837397520665436492").await, (403, String::new()));
    assert_eq!(seen.count(), 0);
}

#[tokio::test]
async fn every_card_event_in_every_mode() {
    for (mode, config) in
        [(Mode::Plaintext, plain_config()), (Mode::Compatible, safe_config()), (Mode::Safe, safe_config())]
    {
        let (url, seen) = serve(config, MemoryClaims::new(), Behaviour::default()).await;
        let p = pusher(&url, mode);
        // WeChat's documented example of each card event (tests/push/).
        for name in CARD_EVENTS {
            let delivery = p.push(&fixture(name)).await;
            assert_eq!(delivery.attempts, [(200, "success".to_owned())], "{mode:?} {name}");
        }
        let pushes = seen.pushes();
        let names: Vec<&str> = pushes.iter().map(|p| p.event.name()).collect();
        assert_eq!(names, CARD_EVENTS, "{mode:?}");
        for push in &pushes {
            assert!(!matches!(push.event, CardEvent::Other { .. }), "{mode:?}: {} typed", push.event.name());
            // Every field of WeChat's example reached the handler.
            let expected = PushFields::parse(&fixture(push.event.name())).unwrap();
            assert_eq!(push.fields, expected, "{mode:?} {}", push.event.name());
        }
    }
}

#[tokio::test]
async fn the_outer_str_of_card_ext_comes_back_with_user_get_card() {
    let (url, seen) = serve(safe_config(), MemoryClaims::new(), Behaviour::default()).await;
    let xml = card_event(
        "oUser1",
        1_700_000_000,
        "user_get_card",
        "pCardA",
        "1434008071",
        &format!("<OuterStr>{}</OuterStr><IsGiveByFriend>0</IsGiveByFriend>", cdata("vip-page")),
    );
    assert!(pusher(&url, Mode::Safe).push(&xml).await.delivered());
    let [push] = seen.pushes().try_into().unwrap();
    let CardEvent::UserGetCard(got) = &push.event else { panic!("{:?}", push.event) };
    assert_eq!(
        (got.outer_str.as_deref(), got.card_id.as_str(), got.is_give_by_friend),
        (Some("vip-page"), "pCardA", false)
    );
}

#[tokio::test]
async fn retries_of_one_push_run_the_handler_once() {
    let (url, seen) = serve(safe_config(), MemoryClaims::new(), Behaviour::default()).await;
    let p = pusher(&url, Mode::Safe);
    let (query, body) = p.request(&fixture("user_consume_card"), &now().to_string(), "4242");
    // WeChat got no answer in time and sent the same request three more times.
    for _ in 0..4 {
        assert_eq!(p.send(&query, &body).await, (200, "success".into()));
    }
    assert_eq!(seen.count(), 1);
}

#[tokio::test]
async fn two_events_of_one_user_in_the_same_second_are_both_delivered() {
    let (url, seen) = serve(plain_config(), MemoryClaims::new(), Behaviour::default()).await;
    let p = pusher(&url, Mode::Plaintext);
    for card in ["pCardA", "pCardB"] {
        assert!(p.push(&card_event("oUser1", 1_700_000_000, "user_get_card", card, "111", "")).await.delivered());
    }
    // The same code consumed right after it was received: another event, also delivered.
    assert!(p.push(&card_event("oUser1", 1_700_000_000, "user_consume_card", "pCardA", "111", "")).await.delivered());
    assert_eq!(seen.count(), 3);
}

#[tokio::test]
async fn a_failing_handler_is_run_again_on_wechats_retry() {
    let behaviour = Behaviour { failures: Arc::new(Mutex::new(2)), ..Behaviour::default() };
    let (url, seen) = serve(safe_config(), MemoryClaims::new(), behaviour).await;
    let delivery = pusher(&url, Mode::Safe).push(&fixture("user_del_card")).await;
    assert_eq!(delivery.attempts, [(500, String::new()), (500, String::new()), (200, "success".into())]);
    assert_eq!(seen.count(), 1);
}

#[tokio::test]
async fn a_burst_of_1000_distinct_events_is_delivered_exactly_once_each() {
    let (url, seen) = serve(safe_config(), MemoryClaims::new(), Behaviour::default()).await;
    let p = pusher(&url, Mode::Safe);
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..1000u64 {
        let p = p.clone();
        tasks.spawn(async move {
            // 1000 users getting a card in the same two seconds; every push also comes twice.
            let xml =
                card_event(&format!("oUser{i}"), 1_700_000_000 + i % 2, "user_get_card", "pCardA", &i.to_string(), "");
            let (query, body) = p.request(&xml, &now().to_string(), &i.to_string());
            let first = p.send(&query, &body).await;
            let retry = p.send(&query, &body).await;
            (first, retry)
        });
    }
    while let Some(done) = tasks.join_next().await {
        let (first, retry) = done.unwrap();
        assert_eq!((first.0, retry.0), (200, 200));
    }
    let pushes = seen.pushes();
    let mut per_user: HashMap<String, u32> = HashMap::new();
    for push in &pushes {
        *per_user.entry(push.header.from_user_name.clone()).or_default() += 1;
    }
    assert_eq!(pushes.len(), 1000, "each event once");
    assert_eq!(per_user.len(), 1000);
    println!("1000 distinct pushes, each sent twice, over loopback: {:?}", started.elapsed());
}

#[tokio::test]
async fn refused_pushes_never_reach_the_handler() {
    captured_logs();
    let (url, seen) = serve(safe_config(), MemoryClaims::new(), Behaviour::default()).await;
    let p = pusher(&url, Mode::Safe);
    let xml = fixture("user_get_card");
    let now = now().to_string();
    let (query, body) = p.request(&xml, &now, "77");

    // A ciphertext changed on the way: its msg_signature no longer matches.
    let tampered = body.replacen("<![CDATA[", "<![CDATA[A", 2);
    assert_eq!(p.send(&query, &tampered).await.0, 403);
    // A wrong msg_signature; a safe-mode push without one.
    assert_eq!(p.send(&query.replace("msg_signature=", "msg_signature=0"), &body).await.0, 403);
    let without: String = query.split('&').filter(|kv| !kv.starts_with("msg_signature=")).collect::<Vec<_>>().join("&");
    assert_eq!(p.send(&without, &body).await.0, 403);
    // A plaintext push while a key is configured.
    let plain = pusher(&url, Mode::Plaintext);
    let (q, b) = plain.request(&xml, &now, "78");
    assert_eq!(plain.send(&q, &b).await.0, 400);
    // Encrypted for another appid (signed right).
    let foreign = Pusher::new(&url, TOKEN, "wxffffffffffffffff", KEY, Mode::Safe);
    let (q, b) = foreign.request(&xml, &now, "79");
    assert_eq!(foreign.send(&q, &b).await.0, 400);
    // Signed right, but not a ciphertext of this key: bad padding.
    let other_key = Pusher::new(&url, TOKEN, APP_ID, "B".repeat(43).as_str(), Mode::Safe);
    let (q, b) = other_key.request(&xml, &now, "80");
    assert_eq!(other_key.send(&q, &b).await.0, 400);
    // A DTD with an entity, in plaintext mode: refused, nothing expanded.
    let (url2, seen2) = serve(plain_config(), MemoryClaims::new(), Behaviour::default()).await;
    let plain = pusher(&url2, Mode::Plaintext);
    let dtd = format!("<!DOCTYPE xml [<!ENTITY x \"{}\">]>{}", "y".repeat(100), xml.replace("gh_", "&x;"));
    let (q, b) = plain.request(&dtd, &now, "81");
    assert_eq!(plain.send(&q, &b).await.0, 400);
    // Over 64 KB.
    let big = xml.replace("</xml>", &format!("<Pad>{}</Pad></xml>", "z".repeat(70 * 1024)));
    let (q, b) = plain.request(&big, &now, "82");
    assert_eq!(plain.send(&q, &b).await.0, 413);
    assert_eq!((seen.count(), seen2.count()), (0, 0));

    let logs = logs_text();
    assert!(logs.contains("push refused"), "{logs}");
    for secret in [TOKEN, KEY, "oFakeUser", "<xml>"] {
        assert!(!logs.contains(secret), "{secret} in the logs");
    }
}

#[tokio::test]
async fn a_key_change_keeps_pushes_flowing() {
    // The console's key was just changed: WeChat may still push under the previous one.
    let config = PushConfig::new(TOKEN, APP_ID, &[KEY, OLD_KEY]).unwrap();
    let (url, seen) = serve(config, MemoryClaims::new(), Behaviour::default()).await;
    for key in [OLD_KEY, KEY] {
        let p = Pusher::new(&url, TOKEN, APP_ID, key, Mode::Safe);
        assert!(p.push(&card_event("oUser1", 1_700_000_000, "user_view_card", "pCardA", key, "")).await.delivered());
    }
    assert_eq!(seen.count(), 2);
}

#[tokio::test]
async fn a_reply_is_encrypted_in_safe_mode() {
    let reply = "<xml><ToUserName><![CDATA[oUser1]]></ToUserName><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[欢迎]]></Content></xml>";
    let behaviour = Behaviour { reply: Some(reply.into()), ..Behaviour::default() };
    let (url, _) = serve(safe_config(), MemoryClaims::new(), behaviour.clone()).await;
    let p = pusher(&url, Mode::Safe);
    let now = now().to_string();
    let (query, body) = p.request(&fixture("user_enter_session_from_card"), &now, "90");
    let (status, answer) = p.send(&query, &body).await;
    assert_eq!(status, 200);
    let envelope = PushFields::parse(&answer).unwrap();
    let encrypted = envelope.get("Encrypt").unwrap();
    assert_eq!(envelope.get("TimeStamp"), Some(now.as_str()));
    assert_eq!(envelope.get("Nonce"), Some("90"));
    assert_eq!(envelope.get("MsgSignature").unwrap(), sorted_sha1(&[TOKEN, &now, "90", encrypted]));
    assert_eq!(decrypt(&[EncodingAesKey::parse(KEY).unwrap()], APP_ID, encrypted).unwrap(), reply);
    assert!(!answer.contains("欢迎"));

    // In plaintext mode the reply goes as it is.
    let (url, _) = serve(plain_config(), MemoryClaims::new(), behaviour).await;
    let p = pusher(&url, Mode::Plaintext);
    let (query, body) = p.request(&fixture("user_enter_session_from_card"), &now, "91");
    assert_eq!(p.send(&query, &body).await, (200, reply.into()));
}

#[tokio::test]
async fn a_slow_handler_still_gets_wechat_an_answer_in_time() {
    let behaviour = Behaviour { delay: Duration::from_secs(6), ..Behaviour::default() };
    let (url, seen) = serve(plain_config(), MemoryClaims::new(), behaviour).await;
    let p = pusher(&url, Mode::Plaintext);
    let started = Instant::now();
    let delivery = p.push(&fixture("card_sku_remind")).await;
    let took = started.elapsed();
    assert_eq!(delivery.attempts, [(200, "success".to_owned())]);
    assert!(took < Duration::from_secs(5), "answered after {took:?}");
    // The handler finishes on its own.
    tokio::time::sleep(Duration::from_millis(2000)).await;
    assert_eq!(seen.count(), 1);
}

#[tokio::test]
async fn a_push_sent_again_after_its_claim_expired_is_refused_by_its_timestamp() {
    captured_logs();
    let (url, seen) = serve(safe_config(), MemoryClaims::new(), Behaviour::default()).await;
    let p = pusher(&url, Mode::Safe);
    let skew = MAX_CLOCK_SKEW.as_secs();
    let at = |offset: i64| (now() as i64 + offset).to_string();
    // Signed right, but dated outside the window, in the past (a push captured and sent again
    // once its claim is gone) or in the future: refused before the handler, whatever the body.
    for (offset, nonce) in [(-(skew as i64) - 5, "301"), (skew as i64 + 5, "302")] {
        let (query, body) = p.request(&fixture("user_consume_card"), &at(offset), nonce);
        assert_eq!(p.send(&query, &body).await.0, 403, "{offset}");
    }
    assert_eq!(seen.count(), 0);
    // Inside the window, either way: a server clock a little off still takes its pushes.
    for (offset, nonce) in [(-(skew as i64) + 5, "303"), (skew as i64 - 5, "304")] {
        let xml = card_event("oUser9", now(), "user_view_card", "pCardA", nonce, "");
        let (query, body) = p.request(&xml, &at(offset), nonce);
        assert_eq!(p.send(&query, &body).await, (200, "success".into()), "{offset}");
    }
    assert_eq!(seen.count(), 2);
    let logs = logs_text();
    assert!(logs.contains("PUSH_STALE"), "{logs}");

    // The guarantee holds because a claim outlives twice the window.
    assert!(EventsOptions::default().claim_ttl() >= MAX_CLOCK_SKEW * 2);
    let wide = EventsOptions::default().max_clock_skew(Some(Duration::from_secs(3600)));
    assert_eq!(wide.claim_ttl(), Duration::from_secs(2 * 3600 + 60));
    assert_eq!(EventsOptions::default().max_clock_skew(None).claim_ttl(), CLAIM_TTL);

    // Without the window (a server whose clock cannot be kept right), any date is taken.
    let options = EventsOptions::default().max_clock_skew(None);
    let (url, seen) = serve_with(safe_config(), MemoryClaims::new(), Behaviour::default(), options).await;
    let p = pusher(&url, Mode::Safe);
    let (query, body) = p.request(&fixture("user_consume_card"), "1700000000", "305");
    assert_eq!(p.send(&query, &body).await, (200, "success".into()));
    assert_eq!(seen.count(), 1);
}

#[tokio::test]
async fn a_captured_plaintext_query_carries_no_other_body() {
    let (url, seen) = serve(plain_config(), MemoryClaims::new(), Behaviour::default()).await;
    let p = pusher(&url, Mode::Plaintext);
    let real = card_event("oUser5", now(), "user_get_card", "pCardA", "555", "");
    let (query, body) = p.request(&real, &now().to_string(), "501");
    assert_eq!(p.send(&query, &body).await, (200, "success".into()));
    // The signature covers no byte of a plaintext body: the same signed query with a made-up
    // body (another code) is taken as a retry and never reaches the handler.
    let forged = real.replace("555", "556");
    assert_eq!(p.send(&query, &forged).await, (200, "success".into()));
    assert_eq!(seen.count(), 1);
    // WeChat's retry of the real push: still once.
    assert_eq!(p.send(&query, &body).await, (200, "success".into()));
    assert_eq!(seen.count(), 1);
}

#[tokio::test]
async fn a_handler_that_fails_after_wechat_was_answered_is_logged() {
    captured_logs();
    let behaviour =
        Behaviour { failures: Arc::new(Mutex::new(1)), delay: Duration::from_millis(4800), ..Behaviour::default() };
    let (url, seen) = serve(safe_config(), MemoryClaims::new(), behaviour).await;
    let xml = card_event("oLate", now(), "user_del_card", "pCardA", "4242", "");
    let delivery = pusher(&url, Mode::Safe).push(&xml).await;
    assert_eq!(delivery.attempts, [(200, "success".into())]);
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(seen.count(), 0);
    let logs = logs_text();
    assert!(logs.contains("user_del_card: the handler failed after WeChat was answered"), "{logs}");
}

#[tokio::test]
async fn a_shutdown_can_wait_for_the_handlers_still_running_after_the_answer() {
    let handler = |_push: Push| async {
        tokio::time::sleep(Duration::from_secs(6)).await;
        Ok::<_, HandlerError>(Reply::Success)
    };
    let (router, late) = events_receiver(plain_config(), MemoryClaims::new(), handler, EventsOptions::default());
    assert_eq!(late.running(), 0);
    late.wait().await;
    let app = axum::Router::new().nest("/wechat/events", router);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/wechat/events", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let delivery = pusher(&url, Mode::Plaintext).push(&fixture("card_sku_remind")).await;
    assert_eq!(delivery.attempts, [(200, "success".to_owned())]);
    assert_eq!(late.running(), 1);
    let started = Instant::now();
    late.wait().await;
    assert_eq!(late.running(), 0);
    assert!(started.elapsed() > Duration::from_millis(500), "waited {:?}", started.elapsed());
}

#[test]
fn a_clock_window_past_the_end_of_time_still_holds_claims() {
    let endless = EventsOptions::default().max_clock_skew(Some(Duration::MAX));
    assert_eq!(endless.claim_ttl(), LONGEST_CLAIM);
}
