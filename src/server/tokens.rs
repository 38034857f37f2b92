//! The access_token, the card api_ticket and the jsapi_ticket (the JS-SDK tickets): fetched,
//! cached and refreshed safely, apart from the API calls that use them.
//!
//! - Each is refreshed a margin (default 5 min) before it expires, by ONE request: concurrent
//!   callers wait for the refresh in progress (a mutex per kind here, a lock in the store across
//!   instances) instead of each asking WeChat.
//! - 40001/40014/42001 (token invalid): the token is refreshed once and the call retried once.
//! - -1 (busy), timeouts, 5xx: a few retries with backoff and jitter; if they all fail while the
//!   cached value is still valid, the cached value is served.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::Deserialize;

use super::error::{CallError, StoreError};
use super::http::{Fetched, Payload, WeChatClient};
use crate::{ApiTicket, JsapiTicket};

/// The two kinds of JS-SDK ticket.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TicketKind {
    /// `type=wx_card`: signs card_ext and cardSign.
    Card,
    /// `type=jsapi`: signs wx.config.
    Jsapi,
}

impl TicketKind {
    /// The `type` parameter of getticket.
    pub fn as_str(self) -> &'static str {
        match self {
            TicketKind::Card => "wx_card",
            TicketKind::Jsapi => "jsapi",
        }
    }
}

impl WeChatClient {
    /// A new ticket of this kind (`cgi-bin/ticket/getticket`).
    pub async fn fetch_ticket(&self, access_token: &str, kind: TicketKind) -> Result<Fetched, CallError> {
        #[derive(Deserialize)]
        struct Ticket {
            ticket: String,
            expires_in: u64,
        }
        let query = [("access_token", access_token), ("type", kind.as_str())];
        let t: Ticket = self.call("/cgi-bin/ticket/getticket", &query, Payload::Nothing).await?;
        Ok(Fetched { value: t.ticket, expires_in: t.expires_in })
    }
}

/// A cached value and when it expires (Unix seconds).
#[derive(Clone, PartialEq, Eq)]
pub struct Stored {
    /// The token or ticket.
    pub value: String,
    /// Unix seconds.
    pub expires_at: u64,
}

impl std::fmt::Debug for Stored {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Stored").field("value", &"<redacted>").field("expires_at", &self.expires_at).finish()
    }
}

/// Where tokens and tickets are kept: in this process ([`MemoryStore`]) or shared by several
/// instances (`RedisStore`, feature `redis`).
pub trait TicketStore: Send + Sync + 'static {
    /// The value under `key`, if any (expired or not).
    fn get(&self, key: &str) -> impl Future<Output = Result<Option<Stored>, StoreError>> + Send;
    /// Stores `value` under `key` until it expires.
    fn put(&self, key: &str, value: &Stored) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// Removes `key` if it still holds `value` (a token found invalid, not a newer one).
    fn remove_if(&self, key: &str, value: &str) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// Takes the refresh lock `key` for `ttl`; `None` while another holder has it.
    fn try_lock(&self, key: &str, ttl: Duration) -> impl Future<Output = Result<Option<String>, StoreError>> + Send;
    /// Releases the lock if `token` still holds it.
    fn unlock(&self, key: &str, token: &str) -> impl Future<Output = Result<(), StoreError>> + Send;
}

/// The in-process store: enough for one server instance.
#[derive(Clone, Default)]
pub struct MemoryStore {
    values: Arc<Mutex<HashMap<String, Stored>>>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    fn with<T>(&self, f: impl FnOnce(&mut HashMap<String, Stored>) -> T) -> Result<T, StoreError> {
        let mut map = self.values.lock().map_err(|_| StoreError::new("memory store poisoned"))?;
        Ok(f(&mut map))
    }
}

impl TicketStore for MemoryStore {
    async fn get(&self, key: &str) -> Result<Option<Stored>, StoreError> {
        self.with(|m| m.get(key).cloned())
    }

    async fn put(&self, key: &str, value: &Stored) -> Result<(), StoreError> {
        self.with(|m| {
            m.insert(key.into(), value.clone());
        })
    }

    async fn remove_if(&self, key: &str, value: &str) -> Result<(), StoreError> {
        self.with(|m| {
            if m.get(key).is_some_and(|s| s.value == value) {
                m.remove(key);
            }
        })
    }

    async fn try_lock(&self, _key: &str, _ttl: Duration) -> Result<Option<String>, StoreError> {
        // One process: the manager's own mutex already makes the refresh single.
        Ok(Some(String::new()))
    }

    async fn unlock(&self, _key: &str, _token: &str) -> Result<(), StoreError> {
        Ok(())
    }
}

/// How the manager refreshes.
#[derive(Clone, Debug)]
pub struct ManagerOptions {
    /// Refresh this long before expiry.
    pub refresh_margin: Duration,
    /// Attempts for transient failures (-1, timeouts, 5xx), the first included.
    pub attempts: u32,
    /// First backoff; doubled each retry, plus up to 50% jitter.
    pub backoff: Duration,
    /// How long a refresh lock in a shared store lives if its holder dies.
    pub lock_ttl: Duration,
    /// How often a waiting instance looks for the refreshed value.
    pub poll: Duration,
}

impl Default for ManagerOptions {
    fn default() -> Self {
        ManagerOptions {
            refresh_margin: Duration::from_secs(300),
            attempts: 3,
            backoff: Duration::from_millis(200),
            lock_ttl: Duration::from_secs(10),
            poll: Duration::from_millis(50),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    AccessToken,
    Ticket(TicketKind),
}

#[derive(Default)]
struct Flights {
    access_token: tokio::sync::Mutex<()>,
    card: tokio::sync::Mutex<()>,
    jsapi: tokio::sync::Mutex<()>,
}

impl Flights {
    fn of(&self, kind: Kind) -> &tokio::sync::Mutex<()> {
        match kind {
            Kind::AccessToken => &self.access_token,
            Kind::Ticket(TicketKind::Card) => &self.card,
            Kind::Ticket(TicketKind::Jsapi) => &self.jsapi,
        }
    }
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::AccessToken => "access_token",
            Kind::Ticket(TicketKind::Card) => "ticket:wx_card",
            Kind::Ticket(TicketKind::Jsapi) => "ticket:jsapi",
        }
    }
}

/// Hands out a valid access_token, card api_ticket and jsapi_ticket. Cheap to clone: clones
/// share one cache.
pub struct TicketManager<S: TicketStore = MemoryStore> {
    inner: Arc<Inner<S>>,
}

impl<S: TicketStore> Clone for TicketManager<S> {
    fn clone(&self) -> Self {
        TicketManager { inner: Arc::clone(&self.inner) }
    }
}

struct Inner<S> {
    client: WeChatClient,
    store: S,
    options: ManagerOptions,
    /// One refresh at a time per kind, in this process.
    flights: Flights,
}

impl<S: TicketStore> TicketManager<S> {
    /// A manager over `client`, keeping its values in `store`.
    pub fn new(client: WeChatClient, store: S, options: ManagerOptions) -> Self {
        let flights = Flights::default();
        TicketManager { inner: Arc::new(Inner { client, store, options, flights }) }
    }

    /// The WeChat client, for calls that need an access_token.
    pub fn client(&self) -> &WeChatClient {
        &self.inner.client
    }

    /// `wxcard:{appid}:kind`: the braces are a Redis Cluster hash tag, so that an account's
    /// values and locks live in one slot.
    fn key(&self, kind: Kind) -> String {
        format!("wxcard:{{{}}}:{}", self.inner.client.app_id(), kind.name())
    }

    /// Keeps an access_token obtained elsewhere (a third-party platform's authorization hands
    /// one out with the authorizer's refresh token), so that it is not fetched again at once.
    pub(super) async fn seed_access_token(&self, fetched: Fetched) -> Result<(), CallError> {
        let expires_at = crate::now_seconds().unwrap_or(0) + fetched.expires_in;
        self.inner.store.put(&self.key(Kind::AccessToken), &Stored { value: fetched.value, expires_at }).await?;
        Ok(())
    }

    /// Forgets the access_token and both tickets (an account no longer served).
    pub(super) async fn forget(&self) -> Result<(), CallError> {
        for kind in [Kind::AccessToken, Kind::Ticket(TicketKind::Card), Kind::Ticket(TicketKind::Jsapi)] {
            let key = self.key(kind);
            if let Some(stored) = self.inner.store.get(&key).await? {
                self.inner.store.remove_if(&key, &stored.value).await?;
            }
        }
        Ok(())
    }

    /// A valid access_token.
    pub async fn access_token(&self) -> Result<String, CallError> {
        self.cached(Kind::AccessToken, || self.with_retries("access_token", || self.inner.client.fetch_access_token()))
            .await
    }

    /// A valid card api_ticket (`type=wx_card`).
    pub async fn api_ticket(&self) -> Result<ApiTicket, CallError> {
        let t = self.ticket(TicketKind::Card).await?;
        ApiTicket::new(t).map_err(|_| CallError::BadResponse { endpoint: "/cgi-bin/ticket/getticket" })
    }

    /// A valid jsapi_ticket (`type=jsapi`).
    pub async fn jsapi_ticket(&self) -> Result<JsapiTicket, CallError> {
        let t = self.ticket(TicketKind::Jsapi).await?;
        JsapiTicket::new(t).map_err(|_| CallError::BadResponse { endpoint: "/cgi-bin/ticket/getticket" })
    }

    async fn ticket(&self, kind: TicketKind) -> Result<String, CallError> {
        self.cached(Kind::Ticket(kind), || {
            self.with_token(move |token| async move {
                self.with_retries("ticket", || self.inner.client.fetch_ticket(&token, kind)).await
            })
        })
        .await
    }

    /// Runs `call` with the access_token; if WeChat says the token is invalid, refreshes it
    /// once (unless another caller already did) and runs `call` once more.
    pub async fn with_token<T, F, Fut>(&self, call: F) -> Result<T, CallError>
    where
        F: Fn(String) -> Fut,
        Fut: Future<Output = Result<T, CallError>>,
    {
        let token = self.access_token().await?;
        match call(token.clone()).await {
            Err(e) if e.is_token_invalid() => {
                tracing::warn!(target: "wxcard::tickets", "access_token refused ({e}); refreshing it once");
                self.inner.store.remove_if(&self.key(Kind::AccessToken), &token).await?;
                call(self.access_token().await?).await
            }
            other => other,
        }
    }

    /// Retries transient failures with exponential backoff and jitter.
    async fn with_retries<F, Fut>(&self, what: &'static str, fetch: F) -> Result<Fetched, CallError>
    where
        F: Fn() -> Fut,
        Fut: Future<Output = Result<Fetched, CallError>>,
    {
        let mut attempt = 0;
        loop {
            attempt += 1;
            match fetch().await {
                Err(e) if e.is_transient() && attempt < self.inner.options.attempts => {
                    let base = self.inner.options.backoff * 2u32.saturating_pow(attempt - 1);
                    let delay = base + base.mul_f64(jitter() * 0.5);
                    tracing::warn!(target: "wxcard::tickets", "{what}: {e}; retry {attempt} in {}ms", delay.as_millis());
                    tokio::time::sleep(delay).await;
                }
                other => return other,
            }
        }
    }

    /// The cached value of `kind`, refreshed by one caller when it is within the margin.
    async fn cached<F, Fut>(&self, kind: Kind, fetch: F) -> Result<String, CallError>
    where
        F: Fn() -> Fut,
        Fut: Future<Output = Result<Fetched, CallError>>,
    {
        let key = self.key(kind);
        let margin = self.inner.options.refresh_margin.as_secs();
        let fresh = |s: &Stored| s.expires_at > crate::now_seconds().unwrap_or(0) + margin;
        let first = self.inner.store.get(&key).await?;
        if let Some(s) = first.as_ref().filter(|s| fresh(s)) {
            return Ok(s.value.clone());
        }
        let _flight = self.inner.flights.of(kind).lock().await;
        let current = self.inner.store.get(&key).await?;
        if let Some(s) = current.as_ref().filter(|s| fresh(s)) {
            return Ok(s.value.clone());
        }
        match self.refresh(&key, kind, &fresh, &fetch).await {
            Ok(v) => Ok(v),
            Err(e) => match current.filter(|s| s.expires_at > crate::now_seconds().unwrap_or(0)) {
                // WeChat is failing, but the cached value still works: serve it.
                Some(s) if !matches!(e, CallError::Store(_)) => {
                    tracing::warn!(target: "wxcard::tickets", "{}: refresh failed ({e}); serving the cached one, valid {}s more", kind.name(), s.expires_at.saturating_sub(crate::now_seconds().unwrap_or(0)));
                    Ok(s.value)
                }
                _ => Err(e),
            },
        }
    }

    /// Refreshes under the store's lock, or waits for whoever holds it.
    async fn refresh<F, Fut>(
        &self,
        key: &str,
        kind: Kind,
        fresh: &impl Fn(&Stored) -> bool,
        fetch: &F,
    ) -> Result<String, CallError>
    where
        F: Fn() -> Fut,
        Fut: Future<Output = Result<Fetched, CallError>>,
    {
        let lock_key = format!("{key}:lock");
        let options = &self.inner.options;
        loop {
            if let Some(token) = self.inner.store.try_lock(&lock_key, options.lock_ttl).await? {
                // Another instance may have refreshed just before the lock was ours.
                let result = match self.inner.store.get(key).await {
                    Ok(Some(s)) if fresh(&s) => Ok(s.value),
                    Ok(old) => self.fetch_and_store(key, kind, old, fetch).await,
                    Err(e) => Err(e.into()),
                };
                let released = self.inner.store.unlock(&lock_key, &token).await;
                return match (result, released) {
                    (Ok(v), Err(e)) => {
                        tracing::warn!(target: "wxcard::tickets", "releasing the refresh lock: {e}");
                        Ok(v)
                    }
                    (result, _) => result,
                };
            }
            // Another instance is refreshing: wait for its value, or for its lock to expire.
            let deadline = tokio::time::Instant::now() + options.lock_ttl;
            while tokio::time::Instant::now() < deadline {
                tokio::time::sleep(options.poll).await;
                if let Some(s) = self.inner.store.get(key).await?.filter(|s| fresh(s)) {
                    return Ok(s.value);
                }
            }
        }
    }

    /// Fetches a new value and stores it. WeChat may answer the value it already gave (a ticket
    /// asked for again before it expires): that value keeps the expiry it had, since counting
    /// its validity again from now would serve it past its real end.
    async fn fetch_and_store<F, Fut>(
        &self,
        key: &str,
        kind: Kind,
        old: Option<Stored>,
        fetch: &F,
    ) -> Result<String, CallError>
    where
        F: Fn() -> Fut,
        Fut: Future<Output = Result<Fetched, CallError>>,
    {
        let fetched = fetch().await;
        super::metrics::token_refresh(self.inner.client.app_id(), kind.name(), fetched.is_ok());
        let fetched = fetched?;
        let expires_at = crate::now_seconds().unwrap_or(0) + fetched.expires_in;
        let expires_at = match old {
            Some(old) if old.value == fetched.value => old.expires_at.min(expires_at),
            _ => expires_at,
        };
        let stored = Stored { value: fetched.value, expires_at };
        self.inner.store.put(key, &stored).await?;
        Ok(stored.value)
    }
}

/// A number in [0, 1) from the OS random source (0.5 if it fails: jitter is not security).
fn jitter() -> f64 {
    let mut b = [0u8; 2];
    match getrandom::fill(&mut b) {
        Ok(()) => f64::from(u16::from_le_bytes(b)) / 65536.0,
        Err(_) => 0.5,
    }
}
