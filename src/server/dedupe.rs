//! At most once per event. WeChat retries a push three times when it has no answer within five
//! seconds, so a slow handler, a lost answer or a second server instance all see the same event
//! again. The receiver claims each event's key before running the handler: the first claim runs
//! it, a retry finds the claim and is answered "success" at once, and a handler that fails gives
//! the claim back so that WeChat's next retry runs it again.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::error::StoreError;

/// Where the receiver records the events it has taken: [`MemoryClaims`] for one instance,
/// `RedisStore` (feature `redis`, `SET NX EX`) when several instances share the pushes.
pub trait EventClaims: Send + Sync + 'static {
    /// Claims `key` for `ttl`: `true` for the first claim, `false` while an earlier one holds.
    fn claim(&self, key: &str, ttl: Duration) -> impl Future<Output = Result<bool, StoreError>> + Send;
    /// Gives a claim back, so that the next delivery of the event runs the handler again.
    fn release(&self, key: &str) -> impl Future<Output = Result<(), StoreError>> + Send;
}

/// The longest a claim is held, whatever `ttl` asks: a claim past the end of time would
/// otherwise come out already expired (memory) or be refused (Redis `EX`).
pub const LONGEST_CLAIM: Duration = Duration::from_secs(30 * 24 * 3600);

/// How many claims [`MemoryClaims`] holds before it sweeps the expired ones.
const SWEEP_AT: usize = 4096;

/// The claims of one server instance, in its memory. Expired claims are swept as new ones come,
/// so memory stays proportional to the events of the last `ttl`.
#[derive(Clone, Default)]
pub struct MemoryClaims {
    claims: Arc<Mutex<Claims>>,
}

#[derive(Default)]
struct Claims {
    until: HashMap<String, Instant>,
    /// The size after the last sweep: the next sweep comes when it has doubled.
    swept: usize,
}

impl MemoryClaims {
    /// No claims yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// How many claims are held, expired ones not yet swept included.
    pub fn len(&self) -> usize {
        self.claims.lock().map_or(0, |c| c.until.len())
    }

    /// Whether no claim is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl EventClaims for MemoryClaims {
    async fn claim(&self, key: &str, ttl: Duration) -> Result<bool, StoreError> {
        let now = Instant::now();
        let mut claims = self.claims.lock().map_err(|_| StoreError::new("memory claims poisoned"))?;
        if claims.until.len() >= SWEEP_AT.max(claims.swept * 2) {
            claims.until.retain(|_, until| *until > now);
            claims.swept = claims.until.len();
        }
        let until = now.checked_add(ttl.min(LONGEST_CLAIM)).unwrap_or(now);
        match claims.until.get_mut(key) {
            Some(held) if *held > now => Ok(false),
            Some(held) => {
                *held = until;
                Ok(true)
            }
            None => {
                claims.until.insert(key.to_owned(), until);
                Ok(true)
            }
        }
    }

    async fn release(&self, key: &str) -> Result<(), StoreError> {
        let mut claims = self.claims.lock().map_err(|_| StoreError::new("memory claims poisoned"))?;
        claims.until.remove(key);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block_on<F: Future>(f: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread().build().expect("runtime").block_on(f)
    }

    #[test]
    fn a_claim_holds_until_it_expires_or_is_released() {
        block_on(async {
            let claims = MemoryClaims::new();
            let long = Duration::from_secs(60);
            assert!(claims.claim("a", long).await.unwrap());
            assert!(!claims.claim("a", long).await.unwrap());
            assert!(claims.claim("b", long).await.unwrap());
            claims.release("a").await.unwrap();
            assert!(claims.claim("a", long).await.unwrap());
            assert!(claims.claim("c", Duration::ZERO).await.unwrap());
            assert!(claims.claim("c", long).await.unwrap(), "an expired claim is taken again");
            assert!(claims.claim("d", Duration::MAX).await.unwrap());
            assert!(!claims.claim("d", Duration::MAX).await.unwrap(), "an endless claim holds");
        });
    }

    #[test]
    fn expired_claims_are_swept() {
        block_on(async {
            let claims = MemoryClaims::new();
            for i in 0..SWEEP_AT * 3 {
                assert!(claims.claim(&i.to_string(), Duration::ZERO).await.unwrap());
            }
            assert!(claims.len() <= SWEEP_AT, "{} claims held", claims.len());
        });
    }
}
