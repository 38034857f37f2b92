//! Tokens and tickets in Redis, shared by every server instance (feature `redis`).
//!
//! Values live under `wxcard:{appid}:...` (the braces written out: a Redis Cluster hash tag, so
//! that one account's keys share a slot) as `expires_at:value` with a matching TTL. The refresh
//! lock is `SET key token NX PX ttl`, released by a script that deletes it only if it still holds
//! the holder's token, so an instance whose lock expired cannot release another's.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use redis::aio::ConnectionManager;
use redis::{AsyncCommands, Script};

use super::dedupe::EventClaims;
use super::error::StoreError;
use super::tokens::{MemoryStore, Stored, TicketStore};

/// The shared store.
#[derive(Clone)]
pub struct RedisStore {
    conn: ConnectionManager,
}

fn store_error(e: redis::RedisError) -> StoreError {
    StoreError::new(format!("redis: {}", e.kind_label()))
}

trait KindLabel {
    fn kind_label(&self) -> String;
}

impl KindLabel for redis::RedisError {
    /// The error without any detail that could carry a URL or password.
    fn kind_label(&self) -> String {
        if self.is_timeout() {
            "timed out".into()
        } else if self.is_connection_refusal() || self.is_connection_dropped() || self.is_io_error() {
            "connection failed".into()
        } else {
            format!("{:?}", self.kind())
        }
    }
}

const REMOVE_IF: &str = r"
local v = redis.call('GET', KEYS[1])
if v then
  local at = string.find(v, ':', 1, true)
  if at and string.sub(v, at + 1) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
end
return 0";

const UNLOCK: &str = r"
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0";

impl RedisStore {
    /// Connects to `url` (`redis://host:port/db`). Fails at once, with a clear error, when Redis
    /// cannot be reached.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        let client = redis::Client::open(url).map_err(|_| StoreError::new("redis: invalid URL"))?;
        let config = redis::aio::ConnectionManagerConfig::new()
            .set_connection_timeout(Some(Duration::from_secs(2)))
            .set_response_timeout(Some(Duration::from_secs(2)))
            .set_number_of_retries(1);
        let conn = ConnectionManager::new_with_config(client, config).await.map_err(store_error)?;
        Ok(RedisStore { conn })
    }
}

impl RedisStore {
    /// Whether Redis answers `PING` (for a readiness check).
    pub async fn ping(&self) -> Result<(), StoreError> {
        let _: String = redis::cmd("PING").query_async(&mut self.conn.clone()).await.map_err(store_error)?;
        Ok(())
    }
}

impl TicketStore for RedisStore {
    async fn get(&self, key: &str) -> Result<Option<Stored>, StoreError> {
        let raw: Option<String> = self.conn.clone().get(key).await.map_err(store_error)?;
        Ok(raw.and_then(|raw| {
            let (at, value) = raw.split_once(':')?;
            Some(Stored { value: value.into(), expires_at: at.parse().ok()? })
        }))
    }

    async fn put(&self, key: &str, value: &Stored) -> Result<(), StoreError> {
        let ttl_ms = value.expires_at.saturating_sub(crate::now_seconds().unwrap_or(0)).max(1) * 1000;
        let raw = format!("{}:{}", value.expires_at, value.value);
        let _: () = self.conn.clone().pset_ex(key, raw, ttl_ms).await.map_err(store_error)?;
        Ok(())
    }

    async fn remove_if(&self, key: &str, value: &str) -> Result<(), StoreError> {
        let _: i64 = Script::new(REMOVE_IF)
            .key(key)
            .arg(value)
            .invoke_async(&mut self.conn.clone())
            .await
            .map_err(store_error)?;
        Ok(())
    }

    async fn try_lock(&self, key: &str, ttl: Duration) -> Result<Option<String>, StoreError> {
        let token = crate::generate_nonce().map_err(|e| StoreError::new(e.to_string()))?;
        let ttl_ms = u64::try_from(ttl.as_millis()).unwrap_or(u64::MAX).max(1);
        let set: Option<String> = redis::cmd("SET")
            .arg(key)
            .arg(&token)
            .arg("NX")
            .arg("PX")
            .arg(ttl_ms)
            .query_async(&mut self.conn.clone())
            .await
            .map_err(store_error)?;
        Ok(set.map(|_| token))
    }

    async fn unlock(&self, key: &str, token: &str) -> Result<(), StoreError> {
        let _: i64 =
            Script::new(UNLOCK).key(key).arg(token).invoke_async(&mut self.conn.clone()).await.map_err(store_error)?;
        Ok(())
    }
}

/// Event claims as `SET key 1 NX EX ttl`: one claim across every instance sharing the Redis.
impl EventClaims for RedisStore {
    async fn claim(&self, key: &str, ttl: Duration) -> Result<bool, StoreError> {
        let set: Option<String> = redis::cmd("SET")
            .arg(key)
            .arg(1)
            .arg("NX")
            .arg("EX")
            .arg(ttl.min(super::dedupe::LONGEST_CLAIM).as_secs().max(1))
            .query_async(&mut self.conn.clone())
            .await
            .map_err(store_error)?;
        Ok(set.is_some())
    }

    async fn release(&self, key: &str) -> Result<(), StoreError> {
        let _: i64 = self.conn.clone().del(key).await.map_err(store_error)?;
        Ok(())
    }
}

/// A store that falls back to another when the first fails: Redis first, this process's memory
/// when Redis is down. Every value put is kept in the fallback too, so an instance goes on
/// signing with what it holds and fetches for itself what it lacks (single-flight within the
/// instance only, until Redis is back).
///
/// The first failure marks the primary down: from then on the fallback answers at once, and the
/// primary is tried again once a second ([`Fallback::PROBE`]). One log line says it went down,
/// one that it came back: not one per request.
#[derive(Clone)]
pub struct Fallback<P, F = MemoryStore> {
    primary: P,
    fallback: F,
    health: Arc<Mutex<Health>>,
}

/// Whether the primary is down: since when, and when to try it again.
#[derive(Default)]
struct Health {
    down: Option<(Instant, Instant)>,
}

impl<P, F> Fallback<P, F> {
    /// How often a primary that is down is tried again.
    pub const PROBE: Duration = Duration::from_secs(1);

    /// `primary`, and `fallback` when it fails.
    pub fn new(primary: P, fallback: F) -> Self {
        Fallback { primary, fallback, health: Arc::default() }
    }

    /// The same primary over another fallback, sharing this one's knowledge of whether the
    /// primary is down (and so its one log line per outage): the push claims of an instance
    /// whose tickets are in this store.
    pub fn sharing<G>(&self, fallback: G) -> Fallback<P, G>
    where
        P: Clone,
    {
        Fallback { primary: self.primary.clone(), fallback, health: Arc::clone(&self.health) }
    }

    /// Whether to ask the primary now: it is up, or it is time to try it again.
    fn try_primary(&self) -> bool {
        let health = self.health.lock().unwrap_or_else(PoisonError::into_inner);
        health.down.is_none_or(|(_, retry_at)| Instant::now() >= retry_at)
    }

    /// Records what the primary answered, logging only the changes.
    fn record<T>(&self, answer: &Result<T, StoreError>) {
        let mut health = self.health.lock().unwrap_or_else(PoisonError::into_inner);
        let now = Instant::now();
        match (answer, health.down) {
            (Ok(_), Some((since, _))) => {
                tracing::warn!(target: "wxcard::tickets", "the ticket store is back after {}s: sharing tokens and tickets again", since.elapsed().as_secs());
                health.down = None;
            }
            (Err(e), None) => {
                tracing::warn!(target: "wxcard::tickets", "{e}: serving tokens and tickets from this process's memory until it is back");
                health.down = Some((now, now + Self::PROBE));
            }
            (Err(_), Some((since, _))) => health.down = Some((since, now + Self::PROBE)),
            (Ok(_), None) => {}
        }
    }
}

macro_rules! with_fallback {
    ($self:ident . $method:ident ( $($arg:expr),* )) => {{
        if $self.try_primary() {
            let answer = $self.primary.$method($($arg),*).await;
            $self.record(&answer);
            if answer.is_ok() {
                return answer;
            }
        }
        $self.fallback.$method($($arg),*).await
    }};
}

impl<P: TicketStore, F: TicketStore> TicketStore for Fallback<P, F> {
    async fn get(&self, key: &str) -> Result<Option<Stored>, StoreError> {
        with_fallback!(self.get(key))
    }

    async fn put(&self, key: &str, value: &Stored) -> Result<(), StoreError> {
        // Keep the fallback warm, so that it has the value if the primary goes down.
        let _ = self.fallback.put(key, value).await;
        with_fallback!(self.put(key, value))
    }

    async fn remove_if(&self, key: &str, value: &str) -> Result<(), StoreError> {
        let _ = self.fallback.remove_if(key, value).await;
        with_fallback!(self.remove_if(key, value))
    }

    async fn try_lock(&self, key: &str, ttl: Duration) -> Result<Option<String>, StoreError> {
        with_fallback!(self.try_lock(key, ttl))
    }

    async fn unlock(&self, key: &str, token: &str) -> Result<(), StoreError> {
        with_fallback!(self.unlock(key, token))
    }
}

/// Push claims in the primary (Redis, shared by the instances), in the fallback (this process)
/// while it is down: a push delivered to two instances during an outage may run twice, one
/// retried to the same instance does not. Each claim the primary did not take counts as a
/// claim-store error.
impl<P: EventClaims, F: EventClaims> EventClaims for Fallback<P, F> {
    async fn claim(&self, key: &str, ttl: Duration) -> Result<bool, StoreError> {
        if self.try_primary() {
            let answer = self.primary.claim(key, ttl).await;
            self.record(&answer);
            if let Ok(taken) = answer {
                return Ok(taken);
            }
        }
        // Failed now, or known down: this claim is not shared with the other instances.
        super::metrics::claim_store_error();
        self.fallback.claim(key, ttl).await
    }

    async fn release(&self, key: &str) -> Result<(), StoreError> {
        let _ = self.fallback.release(key).await;
        if self.try_primary() {
            let answer = self.primary.release(key).await;
            self.record(&answer);
            if answer.is_err() {
                super::metrics::claim_store_error();
            }
        }
        Ok(())
    }
}
