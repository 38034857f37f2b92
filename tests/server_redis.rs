//! The Redis ticket store with a real `redis-server` (Debian's package) on a free loopback port:
//! three instances sharing it, a lock holder killed mid-refresh, Redis down; two push receivers
//! sharing their claims.

mod support;

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use support::redis_server::Redis;
use support::{Fake, APP_ID, SECRET};
use wxcard::server::{
    CallError, ClientOptions, Credentials, Fallback, ManagerOptions, MemoryStore, RedisStore, StoreError,
    TicketManager, TicketStore, WeChatClient,
};

fn client(fake: &Fake) -> WeChatClient {
    WeChatClient::new(
        Credentials::new(APP_ID, SECRET),
        ClientOptions { base_url: fake.url.clone(), ..ClientOptions::default() },
    )
    .unwrap()
}

fn options() -> ManagerOptions {
    ManagerOptions {
        backoff: Duration::from_millis(10),
        lock_ttl: Duration::from_secs(1),
        poll: Duration::from_millis(20),
        ..ManagerOptions::default()
    }
}

async fn instance<S: TicketStore>(fake: &Fake, store: S) -> TicketManager<S> {
    TicketManager::new(client(fake), store, options())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_instances_share_one_refresh() {
    let redis = Redis::start();
    let fake = Fake::start().await;
    let mut instances = Vec::new();
    for _ in 0..3 {
        instances.push(instance(&fake, RedisStore::connect(&redis.url).await.unwrap()).await);
    }
    let mut tasks = Vec::new();
    for i in 0..300 {
        let m = instances[i % 3].clone();
        tasks.push(tokio::spawn(async move {
            if i % 2 == 0 {
                m.api_ticket().await.map(|t| t.expose_secret().to_owned())
            } else {
                m.jsapi_ticket().await.map(|t| t.expose_secret().to_owned())
            }
        }));
    }
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    assert_eq!(fake.state.stable_token_calls.load(Ordering::SeqCst), 1);
    assert_eq!(fake.state.card_ticket_calls.load(Ordering::SeqCst), 1);
    assert_eq!(fake.state.jsapi_ticket_calls.load(Ordering::SeqCst), 1);
    // Every instance hands out the same ticket, and a fourth instance starts warm.
    let fourth = instance(&fake, RedisStore::connect(&redis.url).await.unwrap()).await;
    assert_eq!(fourth.api_ticket().await.unwrap().expose_secret(), fake.state.ticket("wx_card"));
    assert_eq!(fake.state.card_ticket_calls.load(Ordering::SeqCst), 1);
    // Keys are per appid, and the value carries its expiry.
    let mut conn = redis::Client::open(redis.url.as_str()).unwrap().get_multiplexed_async_connection().await.unwrap();
    let raw: String =
        redis::AsyncCommands::get(&mut conn, format!("wxcard:{{{APP_ID}}}:ticket:wx_card")).await.unwrap();
    assert!(raw.ends_with(&fake.state.ticket("wx_card")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_instance_takes_over_when_the_lock_holder_dies() {
    let redis = Redis::start();
    let fake = Fake::start().await;
    let a = instance(&fake, RedisStore::connect(&redis.url).await.unwrap()).await;
    let b = instance(&fake, RedisStore::connect(&redis.url).await.unwrap()).await;
    a.access_token().await.unwrap();
    {
        let mut f = fake.faults();
        f.slow = 1;
        f.delay = Duration::from_secs(5);
    }
    // A takes the lock and hangs in getticket; then it dies.
    let holder = tokio::spawn(async move { a.api_ticket().await });
    while fake.state.card_ticket_calls.load(Ordering::SeqCst) == 0 {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    holder.abort();
    let started = Instant::now();
    let ticket = b.api_ticket().await.unwrap();
    let waited = started.elapsed();
    assert_eq!(ticket.expose_secret(), fake.state.ticket("wx_card"));
    assert_eq!(fake.state.card_ticket_calls.load(Ordering::SeqCst), 2, "B refreshed after A's lock expired");
    assert!(
        waited >= Duration::from_millis(500) && waited < Duration::from_secs(4),
        "B waited {waited:?} for the 1 s lock"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redis_down_is_a_clear_error_or_falls_back_to_memory() {
    let fake = Fake::start().await;
    let mut redis = Redis::start();
    let store = RedisStore::connect(&redis.url).await.unwrap();
    let plain = instance(&fake, store.clone()).await;
    let with_fallback = instance(&fake, Fallback::new(store, MemoryStore::new())).await;
    plain.api_ticket().await.unwrap();
    let _ = redis.child.kill();
    let _ = redis.child.wait();

    let e = plain.jsapi_ticket().await.unwrap_err();
    assert!(matches!(&e, CallError::Store(store) if store.message().starts_with("redis:")), "{e}");
    assert!(!e.to_string().contains(SECRET));
    let t = with_fallback.jsapi_ticket().await.unwrap();
    assert_eq!(t.expose_secret(), fake.state.ticket("jsapi"));

    let e = RedisStore::connect(&redis.url).await.err().expect("Redis is down");
    assert!(matches!(&e, StoreError { .. }), "{e}");
    assert!(e.to_string().contains("redis"), "{e}");
}

/// Two receivers of the same account share their claims in Redis: WeChat's retry of a push
/// that reaches the other instance is not handled twice, and distinct pushes all pass.
#[tokio::test]
async fn two_push_receivers_share_their_claims() {
    use std::sync::{Arc, Mutex};
    use support::pusher::{card_event, now, Mode, Pusher};
    use wxcard::push::{Push, PushConfig};
    use wxcard::server::{events_router, Reply};

    let redis = Redis::start();
    let (token, app_id, key) = ("redisPushToken", "wx0123456789abcdef", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG");
    let handled: Arc<Mutex<Vec<String>>> = Arc::default();
    let mut urls = Vec::new();
    for instance in ["a", "b"] {
        let claims = RedisStore::connect(&redis.url).await.unwrap();
        let seen = Arc::clone(&handled);
        let config = PushConfig::new(token, app_id, &[key]).unwrap();
        let app = events_router(config, claims, move |push: Push| {
            let seen = Arc::clone(&seen);
            async move {
                seen.lock().unwrap().push(format!("{instance}:{}", push.dedupe_key()));
                Ok(Reply::Success)
            }
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        urls.push(format!("http://{}/", listener.local_addr().unwrap()));
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    }
    let (a, b) =
        (Pusher::new(&urls[0], token, app_id, key, Mode::Safe), Pusher::new(&urls[1], token, app_id, key, Mode::Safe));
    for i in 0..50u64 {
        // The same request to both instances at once, as a retry behind a load balancer.
        let xml = card_event(&format!("oUser{i}"), 1_700_000_000, "user_get_card", "pCardA", &i.to_string(), "");
        let (query, body) = a.request(&xml, &now().to_string(), &i.to_string());
        let (x, y) = tokio::join!(a.send(&query, &body), b.send(&query, &body));
        assert_eq!((x, y), ((200, "success".into()), (200, "success".into())));
    }
    let handled = handled.lock().unwrap().clone();
    assert_eq!(handled.len(), 50, "each push handled once across both instances: {handled:?}");
    let mut keys: Vec<&str> = handled.iter().map(|h| &h[2..]).collect();
    keys.sort_unstable();
    keys.dedup();
    assert_eq!(keys.len(), 50);
}
