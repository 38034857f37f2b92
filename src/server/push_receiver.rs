//! The server URL (服务器配置): WeChat's URL check and its pushes, as an axum router to nest
//! where the console points, e.g. `Router::new().nest("/wechat/events", events_router(...))`.
//!
//! - `GET` is the URL check: the `echostr` comes back as plain text when `signature` matches the
//!   token, and a wrong signature gets 403 with an empty body.
//! - `POST` is a push. [`open`](crate::push::open) checks the signature (in safe mode
//!   `msg_signature`, before decrypting), decrypts, checks the appid and parses it; then the
//!   push is claimed by its [`dedupe_key`](crate::push::Push::dedupe_key) and the handler runs
//!   once. A retry of a push already taken is answered `success` without running the handler
//!   again; a handler that fails gives its claim back and the answer is 500, so WeChat's next
//!   retry runs it again.
//! - A push whose signed timestamp is more than [`MAX_CLOCK_SKEW`] from this server's clock is
//!   refused with 403 (`PUSH_STALE`): a captured push sent again later never runs twice. Keep
//!   the clock right (NTP), or widen the window with [`events_router_with`].
//!
//! WeChat waits 5 seconds, then retries (three times in all). A handler still running after
//! [`HANDLER_DEADLINE`] is left to finish on its own and WeChat gets `success` at once: hand
//! long work (calls to other services, sending messages) to a queue or a spawned task and
//! return. [`events_receiver`] also hands out the [`LateHandlers`], for a graceful shutdown to
//! wait for. Logs name the event and the outcome only: never the token, the key, a signature
//! or a body.

use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, RawQuery, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tokio::sync::Notify;

use super::dedupe::{EventClaims, LONGEST_CLAIM};
use super::error::HandlerError;
use crate::push::{
    check_timestamp, check_url, encrypted_reply, open, Push, PushConfig, PushMode, PushQuery, MAX_PUSH_BYTES,
};
use crate::ErrorKind;

/// How long a taken push stays claimed at least: WeChat's retries of one push come within
/// about 15 s. It is longer when [`EventsOptions::max_clock_skew`] asks: see there.
pub const CLAIM_TTL: Duration = Duration::from_secs(600);

/// How far a push's signed `timestamp` may be from this server's clock by default.
pub const MAX_CLOCK_SKEW: Duration = Duration::from_secs(300);

/// How the receiver of [`events_router_with`] treats pushes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct EventsOptions {
    /// A push whose signed `timestamp` is further from this server's clock than this, either
    /// way, is refused with 403 (`PUSH_STALE`), before its handler runs. With claims kept for
    /// at least twice as long (the receiver sees to it), a push captured and sent again later
    /// is never run twice: within the window its claim still holds, after it the timestamp is
    /// refused. `None` accepts any timestamp (a replay after [`CLAIM_TTL`] then runs again):
    /// only for a server whose clock cannot be kept right. Default: [`MAX_CLOCK_SKEW`].
    pub max_clock_skew: Option<Duration>,
}

impl Default for EventsOptions {
    fn default() -> Self {
        EventsOptions { max_clock_skew: Some(MAX_CLOCK_SKEW) }
    }
}

impl EventsOptions {
    /// These options with another clock window (`None`: none).
    pub fn max_clock_skew(mut self, window: Option<Duration>) -> Self {
        self.max_clock_skew = window;
        self
    }

    /// How long a taken push stays claimed: [`CLAIM_TTL`], or twice the clock window and a
    /// minute, if that is longer; at most [`LONGEST_CLAIM`], so a window over 15 days no longer
    /// keeps a replay from running twice.
    pub fn claim_ttl(&self) -> Duration {
        let window =
            self.max_clock_skew.map_or(Duration::ZERO, |w| w.saturating_mul(2).saturating_add(Duration::from_secs(60)));
        CLAIM_TTL.max(window).min(LONGEST_CLAIM)
    }
}

/// How long the receiver waits for the handler before it answers WeChat anyway (WeChat waits
/// 5 seconds).
pub const HANDLER_DEADLINE: Duration = Duration::from_millis(4500);

/// What a handler answers for a push it took.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Reply {
    /// `success`: taken, nothing to say to the user (what card events want).
    #[default]
    Success,
    /// A passive reply message (被动回复), as WeChat's plain XML; the receiver encrypts it in
    /// safe and compatible mode.
    Xml(String),
}

struct Receiver<C, H> {
    config: PushConfig,
    /// The account whose claims these pushes take: the config's appid, or for a third-party
    /// platform the authorizer's (the config's being the component's).
    account: String,
    options: EventsOptions,
    claims: C,
    handler: H,
    late: LateHandlers,
}

/// The handlers still running after WeChat got its answer, so that a graceful shutdown can wait
/// for them instead of cutting them off: [`events_receiver`] hands one out.
#[derive(Clone, Default)]
pub struct LateHandlers {
    inner: Arc<Late>,
}

#[derive(Default)]
struct Late {
    running: AtomicUsize,
    finished: Notify,
}

/// Counts one late handler down when its task ends, panicked or not.
struct Running(Arc<Late>);

impl Drop for Running {
    fn drop(&mut self) {
        if self.0.running.fetch_sub(1, Ordering::AcqRel) == 1 {
            self.0.finished.notify_waiters();
        }
    }
}

impl LateHandlers {
    /// How many are still running.
    pub fn running(&self) -> usize {
        self.inner.running.load(Ordering::Acquire)
    }

    /// Waits until none is running (at once when none is).
    pub async fn wait(&self) {
        loop {
            let finished = self.inner.finished.notified();
            tokio::pin!(finished);
            finished.as_mut().enable();
            if self.running() == 0 {
                return;
            }
            finished.await;
        }
    }

    fn spawn(&self, task: impl Future<Output = ()> + Send + 'static) {
        self.inner.running.fetch_add(1, Ordering::AcqRel);
        let running = Running(Arc::clone(&self.inner));
        tokio::spawn(async move {
            let _running = running;
            task.await;
        });
    }
}

/// The URL check and the pushes, handled by `handler` at most once per push.
///
/// `claims` is where taken pushes are recorded: [`MemoryClaims`](super::MemoryClaims) for one
/// instance, `RedisStore` (feature `redis`) when several instances share the pushes.
/// Pushes are checked against this server's clock ([`EventsOptions::default`]).
pub fn events_router<C, H, F>(config: PushConfig, claims: C, handler: H) -> Router
where
    C: EventClaims,
    H: Fn(Push) -> F + Send + Sync + 'static,
    F: Future<Output = Result<Reply, HandlerError>> + Send + 'static,
{
    events_router_with(config, claims, handler, EventsOptions::default())
}

/// [`events_router`] with its options.
pub fn events_router_with<C, H, F>(config: PushConfig, claims: C, handler: H, options: EventsOptions) -> Router
where
    C: EventClaims,
    H: Fn(Push) -> F + Send + Sync + 'static,
    F: Future<Output = Result<Reply, HandlerError>> + Send + 'static,
{
    events_receiver(config, claims, handler, options).0
}

/// [`events_router_with`], and the handlers it leaves running after WeChat's answer, to wait
/// for at shutdown (after the server stopped taking requests).
pub fn events_receiver<C, H, F>(
    config: PushConfig,
    claims: C,
    handler: H,
    options: EventsOptions,
) -> (Router, LateHandlers)
where
    C: EventClaims,
    H: Fn(Push) -> F + Send + Sync + 'static,
    F: Future<Output = Result<Reply, HandlerError>> + Send + 'static,
{
    let late = LateHandlers::default();
    let account = config.app_id.clone();
    (receiver_for(config, account, claims, handler, options, late.clone()), late)
}

/// The receiver's router, its claims taken as `account`'s and its late handlers counted in
/// `late`: a third-party platform's pushes come encrypted for the component, on behalf of an
/// authorizer.
pub(super) fn receiver_for<C, H, F>(
    config: PushConfig,
    account: String,
    claims: C,
    handler: H,
    options: EventsOptions,
    late: LateHandlers,
) -> Router
where
    C: EventClaims,
    H: Fn(Push) -> F + Send + Sync + 'static,
    F: Future<Output = Result<Reply, HandlerError>> + Send + 'static,
{
    let receiver = Arc::new(Receiver { config, account, options, claims, handler, late });
    Router::new()
        .route("/", get(url_check::<C, H>).post(push::<C, H, F>))
        .layer(DefaultBodyLimit::max(MAX_PUSH_BYTES))
        .with_state(receiver)
}

fn plain(status: StatusCode, body: String) -> Response {
    (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], body).into_response()
}

fn success() -> Response {
    plain(StatusCode::OK, "success".into())
}

async fn url_check<C, H>(State(r): State<Arc<Receiver<C, H>>>, RawQuery(query): RawQuery) -> Response {
    let query = PushQuery::parse(query.as_deref().unwrap_or(""));
    match check_url(&r.config.token, &query) {
        Ok(echostr) => plain(StatusCode::OK, echostr.to_owned()),
        Err(e) => {
            tracing::warn!(target: "wxcard::events", "URL check refused: {}", e.code());
            StatusCode::FORBIDDEN.into_response()
        }
    }
}

/// A push: opened and checked, claimed, handled (within [`HANDLER_DEADLINE`]), answered.
async fn push<C, H, F>(State(r): State<Arc<Receiver<C, H>>>, RawQuery(query): RawQuery, body: Bytes) -> Response
where
    C: EventClaims,
    H: Fn(Push) -> F + Send + Sync + 'static,
    F: Future<Output = Result<Reply, HandlerError>> + Send + 'static,
{
    let query = PushQuery::parse(query.as_deref().unwrap_or(""));
    let pushed = match opened(&r, &query, &body) {
        Ok(pushed) => pushed,
        Err(refused) => {
            super::metrics::push("refused");
            return refused.into_response();
        }
    };
    let (name, mode) = (pushed.event.name().to_owned(), pushed.mode);
    let keys = claim_keys(&r.account, &query, &pushed);
    // Claims, handler and the release of a failure run in a task of their own: if WeChat hangs
    // up (a slow claim store), the work still ends, and no claim is left without its handler.
    let mut work = tokio::spawn(take(Arc::clone(&r), keys, pushed, name.clone()));
    match tokio::time::timeout(HANDLER_DEADLINE, &mut work).await {
        Ok(Ok(taken)) => answer(&r.config, mode, &query, taken, &name),
        Ok(Err(_)) => {
            super::metrics::push("failed");
            answer(&r.config, mode, &query, Taken::Now(Err(panicked())), &name)
        }
        Err(_) => {
            tracing::warn!(target: "wxcard::events", "{name}: the handler is still running after {HANDLER_DEADLINE:?}: answering now, hand long work off");
            r.late.spawn(log_late(work, name));
            success()
        }
    }
}

/// The push opened and checked ([`open`], then the clock), or the status refusing it. The
/// error's kind chooses the status: 403 for a push that is not WeChat's, else 400 or 413.
fn opened<C, H>(r: &Receiver<C, H>, query: &PushQuery, body: &[u8]) -> Result<Push, StatusCode> {
    let Ok(body) = std::str::from_utf8(body) else {
        tracing::warn!(target: "wxcard::events", "push refused: the body is not UTF-8");
        return Err(StatusCode::BAD_REQUEST);
    };
    let pushed = open(&r.config, query, body).map_err(|e| {
        tracing::warn!(target: "wxcard::events", "push refused: {} ({})", e.code(), e.field());
        match e.kind() {
            ErrorKind::PushSignatureMismatch => StatusCode::FORBIDDEN,
            ErrorKind::Missing if unsigned(query) => StatusCode::FORBIDDEN,
            ErrorKind::BodyTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            _ => StatusCode::BAD_REQUEST,
        }
    })?;
    if let Some(window) = r.options.max_clock_skew {
        let now = crate::now_seconds().unwrap_or(0);
        if let Err(e) = check_timestamp(query, now, window.as_secs()) {
            let name = pushed.event.name();
            tracing::warn!(target: "wxcard::events", "{name}: push refused: {} ({}): its timestamp is over {}s from this server's clock; a push sent again, or a wrong clock", e.code(), e.field(), window.as_secs());
            return Err(StatusCode::FORBIDDEN);
        }
    }
    Ok(pushed)
}

/// Whether the query lacks the signature its mode is checked by (`msg_signature` in safe mode,
/// `signature` otherwise): such a push is not WeChat's.
fn unsigned(query: &PushQuery) -> bool {
    match query.encrypt_type.as_str() {
        "aes" => query.msg_signature.is_empty(),
        _ => query.signature.is_empty(),
    }
}

/// The keys a push is claimed by: the event's, and in plaintext mode the signed query's too.
fn claim_keys(app_id: &str, query: &PushQuery, pushed: &Push) -> Vec<String> {
    // `{appid}`: a Redis Cluster hash tag, as for the account's tokens.
    let mut keys = vec![format!("wxcard:{{{app_id}}}:push:{}", pushed.dedupe_key())];
    if pushed.mode == PushMode::Plaintext {
        // The signature covers no byte of a plaintext body: one signed query carries one body,
        // so that a captured query cannot bring others within the clock window.
        keys.push(format!("wxcard:{{{app_id}}}:query:{}|{}|{}", query.timestamp, query.nonce, query.signature));
    }
    keys
}

/// Claims every key, runs the handler if all were free, and gives the claims back if it failed.
async fn take<C, H, F>(r: Arc<Receiver<C, H>>, keys: Vec<String>, pushed: Push, name: String) -> Taken
where
    C: EventClaims,
    H: Fn(Push) -> F + Send + Sync + 'static,
    F: Future<Output = Result<Reply, HandlerError>> + Send + 'static,
{
    let mut claimed: Vec<&str> = Vec::new();
    for key in &keys {
        match r.claims.claim(key, r.options.claim_ttl()).await {
            Ok(true) => claimed.push(key.as_str()),
            Ok(false) => {
                release(&r.claims, &claimed, &name).await;
                super::metrics::push("duplicate");
                return Taken::Before;
            }
            // Without the claim store, a push handled twice beats a push lost.
            Err(e) => {
                super::metrics::claim_store_error();
                tracing::warn!(target: "wxcard::events", "{name}: {e}; handling without de-duplication")
            }
        }
    }
    // A task of its own, so that a panicking handler is an error here, not a lost claim.
    let outcome = tokio::spawn((r.handler)(pushed)).await.unwrap_or_else(|_| Err(panicked()));
    super::metrics::push(if outcome.is_ok() { "handled" } else { "failed" });
    if outcome.is_err() {
        release(&r.claims, &claimed, &name).await;
    }
    Taken::Now(outcome)
}

fn panicked() -> HandlerError {
    HandlerError("the handler panicked".into())
}

/// WeChat's answer to a push taken in time.
fn answer(config: &PushConfig, mode: PushMode, query: &PushQuery, taken: Taken, name: &str) -> Response {
    match taken {
        Taken::Before => {
            tracing::info!(target: "wxcard::events", "{name}: a retry of a push already taken");
            success()
        }
        Taken::Now(Ok(Reply::Success)) => {
            tracing::info!(target: "wxcard::events", "{name}: handled");
            success()
        }
        Taken::Now(Ok(Reply::Xml(xml))) => reply(config, mode, query, &xml, name),
        Taken::Now(Err(e)) => {
            tracing::error!(target: "wxcard::events", "{name}: the handler failed ({}): WeChat will retry", e.0);
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// The end of a handler that outlived [`HANDLER_DEADLINE`]: WeChat has its answer and will not
/// retry, so a late failure can only be logged.
async fn log_late(work: tokio::task::JoinHandle<Taken>, name: String) {
    match work.await {
        Ok(Taken::Now(Ok(_))) => tracing::info!(target: "wxcard::events", "{name}: handled, late"),
        Ok(Taken::Before) => tracing::info!(target: "wxcard::events", "{name}: a retry of a push already taken"),
        Ok(Taken::Now(Err(e))) => {
            tracing::error!(target: "wxcard::events", "{name}: the handler failed after WeChat was answered ({}): the event is lost", e.0)
        }
        Err(_) => {
            super::metrics::push("failed");
            tracing::error!(target: "wxcard::events", "{name}: the handler panicked after WeChat was answered: the event is lost")
        }
    }
}

/// Whether a push was taken before (a retry), or now, with its handler's outcome.
enum Taken {
    Before,
    Now(Result<Reply, HandlerError>),
}

/// Gives back the claims this request took (never one it did not: another instance may hold it).
async fn release<C: EventClaims>(claims: &C, keys: &[&str], name: &str) {
    for key in keys {
        if let Err(store) = claims.release(key).await {
            super::metrics::claim_store_error();
            tracing::warn!(target: "wxcard::events", "{name}: {store}");
        }
    }
}

/// A passive reply, encrypted when the push came encrypted.
fn reply(config: &PushConfig, mode: PushMode, query: &PushQuery, xml: &str, name: &str) -> Response {
    if mode == PushMode::Plaintext {
        return (StatusCode::OK, [(header::CONTENT_TYPE, "application/xml")], xml.to_owned()).into_response();
    }
    let mut random = [0u8; 16];
    let sealed = getrandom::fill(&mut random)
        .map_err(|_| crate::Error::new(ErrorKind::RandomUnavailable, "random"))
        .and_then(|()| encrypted_reply(config, xml, &query.timestamp, &query.nonce, random));
    match sealed {
        Ok(body) => (StatusCode::OK, [(header::CONTENT_TYPE, "application/xml")], body).into_response(),
        Err(e) => {
            // The push was handled: say so rather than have WeChat retry it.
            tracing::error!(target: "wxcard::events", "{name}: the reply could not be encrypted ({})", e.code());
            success()
        }
    }
}
