//! The card endpoints a merchant page calls. Mount them where you like:
//! `Router::new().nest("/api", wxcard::server::router(backend, policy))`. The [`Policy`] is asked
//! before anything is signed, decrypted or activated.
//!
//! `POST /diagnose/jsapi-config` explains a failed `wx.config` with the server's own tickets. It
//! never answers the signature the page should have sent (it would be an oracle handing out
//! valid signatures), and it is rate limited per client IP ([`RouterOptions`]).

use std::collections::HashMap;
use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use axum::extract::rejection::JsonRejection;
use axum::extract::{ConnectInfo, DefaultBodyLimit, FromRequest, MatchedPath, OriginalUri, Request, State};
use axum::http::{header, StatusCode};
use axum::http::{Extensions, HeaderMap};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, MethodRouter};
use axum::Extension;
use axum::{Json, Router};
use serde::Serialize;
use serde_json::{json, Value};
use tokio::sync::Semaphore;

use super::backend::{CardBackend, MemberActivated};
use super::bodies::{CardExtRequest, DecryptCodeRequest, MemberActivateRequest};
use super::error::{ServerCode, ServerError};
use super::policy::{Asker, Policy};
use crate::{CardList, ChooseCardParams, JsapiConfigCall, JsapiConfigParams};

/// Request bodies larger than this are refused with 413.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// At most `requests` per `per` from one client: a burst of `requests`, then one more every
/// `per / requests` (a token bucket of `requests` tokens refilled over `per`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateLimit {
    /// The burst, and the requests per `per` over time. 0 is taken as 1.
    pub requests: u32,
    /// The period (zero: no limit).
    pub per: Duration,
}

impl RateLimit {
    /// `requests` a minute.
    pub const fn per_minute(requests: u32) -> Self {
        RateLimit { requests, per: Duration::from_secs(60) }
    }
}

/// How [`router_with`] builds the endpoints; [`router`] takes the defaults.
///
/// Every endpoint is rate limited per client, each with its own allowance; over it, 429
/// `RATE_LIMITED` with `Retry-After`. The client is the peer address axum puts in the request
/// as [`ConnectInfo<SocketAddr>`](axum::extract::ConnectInfo): serve with
/// `into_make_service_with_connect_info::<SocketAddr>()`, or every client shares one allowance.
/// Behind a reverse proxy, list it in `trusted_proxies`: on its connections the client is the
/// first address of `X-Forwarded-For`, read from the right, that is not a trusted proxy (a
/// client can write anything on the left). An IPv6 client is keyed by its /64 network.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RouterOptions {
    /// `POST /diagnose/jsapi-config` (each call replays a few thousand SHA-1s). Default: 30 a
    /// minute. `None`: no limit here.
    pub diagnose_limit: Option<RateLimit>,
    /// `POST /jsapi-config`. Default: 120 a minute.
    pub jsapi_config_limit: Option<RateLimit>,
    /// `POST /card-ext`. Default: 120 a minute.
    pub card_ext_limit: Option<RateLimit>,
    /// `POST /choose-card`. Default: 120 a minute.
    pub choose_card_limit: Option<RateLimit>,
    /// `POST /decrypt-code` (a call to WeChat each). Default: 60 a minute.
    pub decrypt_code_limit: Option<RateLimit>,
    /// `POST /member/activate` (calls to WeChat). Default: 30 a minute.
    pub activate_limit: Option<RateLimit>,
    /// `GET /status`. Default: 120 a minute.
    pub status_limit: Option<RateLimit>,
    /// How many clients each limiter follows at once (default 10,000), so that its memory stays
    /// bounded: clients are forgotten once their allowance is full again, and while the table is
    /// full new clients share one allowance.
    pub max_clients: usize,
    /// The reverse proxies whose `X-Forwarded-For` names the client (default: none).
    pub trusted_proxies: Vec<IpAddr>,
    /// How many requests that may call WeChat (every endpoint but the status) run at once
    /// (default 64); the others wait their turn, within the timeout.
    pub max_wechat_calls: usize,
    /// How long a request may take (default 15 s); then 503 `TIMEOUT`. `None`: no limit.
    pub timeout: Option<Duration>,
}

impl Default for RouterOptions {
    fn default() -> Self {
        RouterOptions {
            diagnose_limit: Some(RateLimit::per_minute(30)),
            jsapi_config_limit: Some(RateLimit::per_minute(120)),
            card_ext_limit: Some(RateLimit::per_minute(120)),
            choose_card_limit: Some(RateLimit::per_minute(120)),
            decrypt_code_limit: Some(RateLimit::per_minute(60)),
            activate_limit: Some(RateLimit::per_minute(30)),
            status_limit: Some(RateLimit::per_minute(120)),
            max_clients: 10_000,
            trusted_proxies: Vec::new(),
            max_wechat_calls: 64,
            timeout: Some(Duration::from_secs(15)),
        }
    }
}

impl RouterOptions {
    /// No rate limit on any endpoint (tests, benchmarks, or limits kept in the proxy); the
    /// other defaults stay.
    pub fn unlimited() -> Self {
        RouterOptions {
            diagnose_limit: None,
            jsapi_config_limit: None,
            card_ext_limit: None,
            choose_card_limit: None,
            decrypt_code_limit: None,
            activate_limit: None,
            status_limit: None,
            ..RouterOptions::default()
        }
    }
}

/// Who a request is from, for the rate limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum ClientKey {
    /// The peer's IPv4 address, or its IPv6 /64 network.
    Ip(IpAddr),
    /// No peer address (served without connect info): every such request.
    Unknown,
    /// New clients while the table is full.
    Overflow,
}

impl ClientKey {
    fn of(req: &Request, trusted: &[IpAddr]) -> ClientKey {
        let Some(ConnectInfo(addr)) = req.extensions().get::<ConnectInfo<SocketAddr>>() else {
            return ClientKey::Unknown;
        };
        let is_trusted = |ip: &IpAddr| trusted.iter().any(|t| t.to_canonical() == ip.to_canonical());
        let mut ip = addr.ip();
        if is_trusted(&ip) {
            // From the right: each trusted proxy appended the address it saw.
            let forwarded = req.headers().get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok());
            let hops: Vec<&str> = forwarded.flat_map(|v| v.split(',')).map(str::trim).collect();
            for hop in hops.iter().rev() {
                let Some(hop) = parse_hop(hop) else { break };
                ip = hop;
                if !is_trusted(&hop) {
                    break;
                }
            }
        }
        match ip.to_canonical() {
            IpAddr::V6(v6) => ClientKey::Ip(IpAddr::V6(Ipv6Addr::from(u128::from(v6) & (u128::MAX << 64)))),
            v4 => ClientKey::Ip(v4),
        }
    }
}

/// One address of `X-Forwarded-For`: `203.0.113.7`, `2001:db8::1`, `[2001:db8::1]:443` or
/// `203.0.113.7:443`.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    hop.parse::<IpAddr>().ok().or_else(|| hop.parse::<SocketAddr>().ok().map(|a| a.ip()))
}

/// A token bucket per client, kept as the instant its bucket is full again (the generic cell
/// rate algorithm): one instant per client, and a client whose instant has passed is forgotten.
struct Limiter {
    /// The time one request's token takes to come back.
    interval: Duration,
    /// How far ahead of now a client's full instant may be for one more request.
    tolerance: Duration,
    max_clients: usize,
    clients: Mutex<Clients>,
}

struct Clients {
    full_at: HashMap<ClientKey, Instant>,
    pruned: Instant,
}

impl Limiter {
    fn new(limit: RateLimit, max_clients: usize) -> Self {
        let interval = limit.per / limit.requests.max(1);
        Limiter {
            interval,
            tolerance: limit.per.saturating_sub(interval),
            max_clients: max_clients.max(1),
            clients: Mutex::new(Clients { full_at: HashMap::new(), pruned: Instant::now() }),
        }
    }

    /// Counts a request from `key` at `now`; when it is over the limit, how long until it is not.
    fn check(&self, key: ClientKey, now: Instant) -> Result<(), Duration> {
        let mut clients = self.clients.lock().unwrap_or_else(PoisonError::into_inner);
        let c = &mut *clients;
        let is_new = |c: &Clients| c.full_at.len() >= self.max_clients && !c.full_at.contains_key(&key);
        // Forget the clients whose bucket is full again: once a period, or once a second while
        // the table is full.
        let since = now.saturating_duration_since(c.pruned);
        if since >= self.tolerance + self.interval || (is_new(c) && since >= Duration::from_secs(1)) {
            c.full_at.retain(|_, full_at| *full_at > now);
            c.pruned = now;
        }
        let key = if is_new(c) { ClientKey::Overflow } else { key };
        let full_at = c.full_at.get(&key).copied().filter(|t| *t > now).unwrap_or(now);
        let ahead = full_at.saturating_duration_since(now);
        if ahead > self.tolerance {
            return Err(ahead - self.tolerance);
        }
        c.full_at.insert(key, full_at.checked_add(self.interval).unwrap_or(full_at));
        Ok(())
    }
}

/// One endpoint's limiter and the proxies it believes.
struct Gate {
    limiter: Limiter,
    trusted: Arc<[IpAddr]>,
}

/// Refuses a client over the limit: 429 `RATE_LIMITED`, with `Retry-After` in whole seconds.
async fn rate_limit(State(gate): State<Arc<Gate>>, req: Request, next: Next) -> Response {
    match gate.limiter.check(ClientKey::of(&req, &gate.trusted), Instant::now()) {
        Ok(()) => next.run(req).await,
        Err(wait) => {
            let route = req.extensions().get::<MatchedPath>().map_or("", MatchedPath::as_str);
            super::metrics::rate_limited(route);
            let seconds = (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1);
            let message = format!("too many requests from this client: retry in {seconds} s");
            ([(header::RETRY_AFTER, seconds.to_string())], ServerError::of(ServerCode::RateLimited, None, message))
                .into_response()
        }
    }
}

/// JSON bodies read into the crate's own input types, whose rejections answer in the API's own
/// error shape. A field the type does not know is refused, not ignored: a typo (`card_id` for
/// `cardId`) would otherwise sign a card without it.
pub(super) struct Body<T>(pub(super) T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned> FromRequest<S> for Body<T> {
    type Rejection = ServerError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ServerError> {
        let Json(value) = Json::<Value>::from_request(req, state).await.map_err(|r| json_error(&r))?;
        let mut unknown = Vec::new();
        let body = serde_ignored::deserialize(value, |path| unknown.push(path.to_string()))
            .map_err(|e| ServerError::of(ServerCode::BadJson, None, format!("the body does not fit: {e}")))?;
        match unknown.first() {
            None => Ok(Body(body)),
            Some(field) => Err(ServerError::of(ServerCode::BadJson, None, format!("unknown field `{field}`"))),
        }
    }
}

/// Refuses a value the page may not choose: the server picks the appId, the timestamp and the
/// nonceStr it signs.
fn server_picks(set: bool, field: &str) -> Result<(), ServerError> {
    match set {
        true => Err(ServerError::of(
            ServerCode::BadJson,
            Some(field),
            format!("{field} is chosen by this server, not by the page"),
        )),
        false => Ok(()),
    }
}

fn json_error(rejection: &JsonRejection) -> ServerError {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        return crate::Error::new(crate::ErrorKind::BodyTooLarge, "body").into();
    }
    ServerError::of(ServerCode::BadJson, None, rejection.body_text())
}

/// The endpoints, with their 64 KB body limit and a log line per request, and the default
/// [`RouterOptions`] (`POST /diagnose/jsapi-config`: 30 a minute per client IP). Every signing,
/// decrypting and activating endpoint asks `policy` first.
pub fn router<B: CardBackend>(backend: B, policy: Policy) -> Router {
    router_with(backend, policy, RouterOptions::default())
}

/// [`router`] with these options.
pub fn router_with<B: CardBackend>(backend: B, policy: Policy, options: RouterOptions) -> Router {
    let trusted: Arc<[IpAddr]> = options.trusted_proxies.clone().into();
    let limited = |route: MethodRouter<B>, limit: Option<RateLimit>| match limit {
        Some(limit) => {
            let gate = Arc::new(Gate { limiter: Limiter::new(limit, options.max_clients), trusted: trusted.clone() });
            route.layer(middleware::from_fn_with_state(gate, rate_limit))
        }
        None => route,
    };
    let calls = Arc::new(Semaphore::new(options.max_wechat_calls.max(1)));
    let wechat = |route: MethodRouter<B>| route.layer(middleware::from_fn_with_state(calls.clone(), one_at_a_time));
    if policy.is_open() {
        tracing::warn!(target: "wxcard::http", "the card endpoints allow any request (Policy::allow_any): anyone may choose the cards, codes and openids signed; for tests and benchmarks only");
    }
    // The limit outermost: a client over it does not wait for a turn.
    let router = Router::new()
        .route("/status", limited(get(status::<B>), options.status_limit))
        .route("/jsapi-config", limited(wechat(post(jsapi_config::<B>)), options.jsapi_config_limit))
        .route("/card-ext", limited(wechat(post(card_ext::<B>)), options.card_ext_limit))
        .route("/choose-card", limited(wechat(post(choose_card::<B>)), options.choose_card_limit))
        .route("/decrypt-code", limited(wechat(post(decrypt_code::<B>)), options.decrypt_code_limit))
        .route("/member/activate", limited(wechat(post(member_activate::<B>)), options.activate_limit))
        .route("/diagnose/jsapi-config", limited(wechat(post(diagnose_jsapi_config::<B>)), options.diagnose_limit))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(Extension(policy));
    let router = match options.timeout {
        Some(limit) => router.layer(middleware::from_fn_with_state(limit, time_limit)),
        None => router,
    };
    router.layer(middleware::from_fn(log_request)).with_state(backend)
}

/// The routes of another page router of this module (`busifavor.rs`), each with its rate
/// limit, under the card endpoints' body limit, timeout and log line.
pub(super) fn page_router<S: Clone + Send + Sync + 'static>(
    routes: Vec<(&'static str, MethodRouter<S>, Option<RateLimit>)>,
    options: &RouterOptions,
    state: S,
) -> Router {
    let trusted: Arc<[IpAddr]> = options.trusted_proxies.clone().into();
    let mut router = Router::new();
    for (path, route, limit) in routes {
        let route = match limit {
            Some(limit) => {
                let gate =
                    Arc::new(Gate { limiter: Limiter::new(limit, options.max_clients), trusted: trusted.clone() });
                route.layer(middleware::from_fn_with_state(gate, rate_limit))
            }
            None => route,
        };
        router = router.route(path, route);
    }
    let router = router.layer(DefaultBodyLimit::max(MAX_BODY_BYTES));
    let router = match options.timeout {
        Some(limit) => router.layer(middleware::from_fn_with_state(limit, time_limit)),
        None => router,
    };
    router.layer(middleware::from_fn(log_request)).with_state(state)
}

/// Lets `max_wechat_calls` requests that may call WeChat run at once; the others wait.
async fn one_at_a_time(State(calls): State<Arc<Semaphore>>, req: Request, next: Next) -> Response {
    // The semaphore is never closed.
    let _permit = calls.acquire().await;
    next.run(req).await
}

/// Answers 503 `TIMEOUT` to a request still running after `limit`.
async fn time_limit(State(limit): State<Duration>, req: Request, next: Next) -> Response {
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(response) => response,
        Err(_) => {
            let message = format!("the request took longer than {} ms: try again", limit.as_millis());
            ServerError::of(ServerCode::Timeout, None, message).into_response()
        }
    }
}

/// One line per request: method, path (never the query or body), status, time.
async fn log_request(req: Request, next: Next) -> Response {
    // The path as the client sent it, also when this router is nested under a prefix.
    let path = req.extensions().get::<OriginalUri>().map_or_else(|| req.uri().path(), |u| u.0.path()).to_owned();
    let (method, started) = (req.method().clone(), Instant::now());
    let response = next.run(req).await;
    tracing::info!(target: "wxcard::http", "{method} {path} {} {}ms", response.status().as_u16(), started.elapsed().as_millis());
    response
}

async fn status<B: CardBackend>(State(backend): State<B>) -> Json<Value> {
    Json(json!({ "mode": backend.mode(), "appId": backend.app_id() }))
}

/// `POST /jsapi-config`'s answer: `{appId, timestamp, nonceStr, signature, signedUrl}`, the
/// [`SignedJsapiConfig`](crate::SignedJsapiConfig) as it is and the URL it signed (the page's
/// without its `#fragment`), which the page sends back with a diagnosis (`signedUrl`) so that a
/// proxy's host or port is named.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct SignedJsapiConfigAnswer {
    #[serde(flatten)]
    signed: crate::SignedJsapiConfig,
    signed_url: String,
}

async fn jsapi_config<B: CardBackend>(
    State(backend): State<B>,
    Extension(policy): Extension<Policy>,
    headers: HeaderMap,
    extensions: Extensions,
    Body(params): Body<JsapiConfigParams>,
) -> Result<Json<SignedJsapiConfigAnswer>, ServerError> {
    server_picks(!params.app_id.is_empty(), "appId")?;
    server_picks(params.timestamp.is_some(), "timestamp")?;
    server_picks(params.nonce_str.is_some(), "nonceStr")?;
    let mut params = policy.rules.jsapi_config(Asker { headers: &headers, extensions: &extensions }, params)?;
    params.app_id = backend.app_id().into();
    // Refuse a bad request before asking WeChat for a ticket.
    crate::check_jsapi_config(&params)?;
    let signed = crate::sign_jsapi_config(&backend.jsapi_ticket().await?, &params)?;
    let signed_url = crate::sign::url_for_signing(&params.url).to_owned();
    Ok(Json(SignedJsapiConfigAnswer { signed, signed_url }))
}

async fn card_ext<B: CardBackend>(
    State(backend): State<B>,
    Extension(policy): Extension<Policy>,
    headers: HeaderMap,
    extensions: Extensions,
    Body(req): Body<CardExtRequest>,
) -> Result<Json<CardList>, ServerError> {
    for p in &req.cards {
        server_picks(p.timestamp.is_some(), "timestamp")?;
        server_picks(p.nonce_str.is_some(), "nonceStr")?;
    }
    if req.cards.is_empty() {
        return Err(crate::Error::new(crate::ErrorKind::Missing, "card_list").into());
    }
    let req = policy.rules.card_ext(Asker { headers: &headers, extensions: &extensions }, req)?;
    for (i, p) in req.cards.iter().enumerate() {
        crate::check_card_ext(p).map_err(|e| ServerError::from(e.at_item(i)))?;
    }
    let card_list = crate::sign_card_ext_batch(&backend.api_ticket().await?, &req.cards)?;
    Ok(Json(CardList { card_list }))
}

async fn choose_card<B: CardBackend>(
    State(backend): State<B>,
    Extension(policy): Extension<Policy>,
    headers: HeaderMap,
    extensions: Extensions,
    Body(params): Body<ChooseCardParams>,
) -> Result<Json<crate::SignedChooseCard>, ServerError> {
    server_picks(!params.app_id.is_empty(), "appId")?;
    server_picks(params.timestamp.is_some(), "timestamp")?;
    server_picks(params.nonce_str.is_some(), "nonceStr")?;
    let mut params = policy.rules.choose_card(Asker { headers: &headers, extensions: &extensions }, params)?;
    params.app_id = backend.app_id().into();
    crate::check_choose_card(&params)?;
    Ok(Json(crate::sign_choose_card(&backend.api_ticket().await?, &params)?))
}

async fn decrypt_code<B: CardBackend>(
    State(backend): State<B>,
    Extension(policy): Extension<Policy>,
    headers: HeaderMap,
    extensions: Extensions,
    Body(req): Body<DecryptCodeRequest>,
) -> Result<Json<Value>, ServerError> {
    let req = policy.rules.decrypt_code(Asker { headers: &headers, extensions: &extensions }, req)?;
    if req.encrypt_code.is_empty() {
        return Err(crate::Error::new(crate::ErrorKind::Missing, "encrypt_code").into());
    }
    let code = backend.decrypt_code(&req.encrypt_code).await?;
    Ok(Json(json!({ "code": code })))
}

/// Why `wx.config` failed, with the server's tickets: the page sends what it passed, never a
/// ticket, and gets the findings without the expected signature.
async fn diagnose_jsapi_config<B: CardBackend>(
    State(backend): State<B>,
    headers: axum::http::HeaderMap,
    Body(mut call): Body<JsapiConfigCall>,
) -> Result<Json<crate::Diagnosis>, ServerError> {
    // White space around it is a finding of the diagnosis; another appid is not this server's
    // to diagnose (its tickets would say nothing).
    match call.app_id.trim() {
        "" => return Err(crate::Error::new(crate::ErrorKind::Missing, "appId").into()),
        app_id if app_id != backend.app_id() => {
            let message = format!(
                "appId is not this server's official account ({}): wx.config must carry the appid of the account whose jsapi_ticket signed it",
                backend.app_id()
            );
            let code = crate::ErrorKind::AppidMismatch.code();
            return Err(ServerError::new(StatusCode::BAD_REQUEST, code, Some("appId"), message));
        }
        _ => {}
    }
    let (jsapi_ticket, api_ticket) = tokio::join!(backend.jsapi_ticket(), backend.api_ticket());
    let jsapi_ticket = jsapi_ticket?;
    // Without the card ticket the diagnosis only cannot name that mix-up.
    let api_ticket = api_ticket
        .inspect_err(|e| tracing::warn!(target: "wxcard::http", "diagnosing without the card api_ticket: {e}"))
        .ok();
    // The page posts from the phone that failed: its own User-Agent says which URL WeChat checks.
    // Only WeChat's: a tool's (curl, a proxy) would say "not iOS" about a phone it is not.
    if call.user_agent.is_empty() {
        let header = headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok());
        call.user_agent = header.filter(|ua| crate::parse_user_agent(ua).is_wechat).unwrap_or_default().into();
    }
    // Thousands of hashes over the URL: off the async workers.
    let answer = tokio::task::spawn_blocking(move || {
        let diagnosis = crate::diagnose_jsapi_config(
            &call,
            Some(jsapi_ticket.expose_secret()),
            api_ticket.as_ref().map(|t| t.expose_secret()),
            None,
        );
        diagnosis.redacted()
    })
    .await;
    let diagnosis = answer.map_err(|_| ServerError::of(ServerCode::Internal, None, "the diagnosis failed"))?;
    Ok(Json(diagnosis))
}

async fn member_activate<B: CardBackend>(
    State(backend): State<B>,
    Extension(policy): Extension<Policy>,
    headers: HeaderMap,
    extensions: Extensions,
    Body(req): Body<MemberActivateRequest>,
) -> Result<Json<MemberActivated>, ServerError> {
    let req = policy.rules.member_activate(Asker { headers: &headers, extensions: &extensions }, req)?;
    if req.encrypt_code.is_empty() {
        return Err(crate::Error::new(crate::ErrorKind::Missing, "encrypt_code").into());
    }
    Ok(Json(backend.activate_one_click(&req.encrypt_code, &req.activate_ticket, &req.card_id).await?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_then_one_request_per_interval() {
        let limiter = Limiter::new(RateLimit { requests: 3, per: Duration::from_secs(60) }, 100);
        let (ip, t0) = (ClientKey::Ip(IpAddr::from([10, 0, 0, 1])), Instant::now());
        for _ in 0..3 {
            assert_eq!(limiter.check(ip, t0), Ok(()));
        }
        assert_eq!(limiter.check(ip, t0), Err(Duration::from_secs(20)));
        assert_eq!(limiter.check(ip, t0 + Duration::from_secs(15)), Err(Duration::from_secs(5)));
        assert_eq!(limiter.check(ip, t0 + Duration::from_secs(20)), Ok(()));
        assert!(limiter.check(ip, t0 + Duration::from_secs(20)).is_err());
        // Idle for a period: the whole burst again.
        let later = t0 + Duration::from_secs(120);
        for _ in 0..3 {
            assert_eq!(limiter.check(ip, later), Ok(()));
        }
        assert!(limiter.check(ip, later).is_err());
        // 0 is taken as 1.
        let one = Limiter::new(RateLimit { requests: 0, per: Duration::from_secs(10) }, 100);
        assert_eq!((one.check(ip, t0), one.check(ip, t0)), (Ok(()), Err(Duration::from_secs(10))));
    }

    #[test]
    fn the_table_stays_bounded() {
        let limiter = Limiter::new(RateLimit { requests: 2, per: Duration::from_secs(60) }, 3);
        let t0 = Instant::now();
        let ip = |n: u8| ClientKey::Ip(IpAddr::from([10, 0, 0, n]));
        for n in 0..3 {
            assert_eq!(limiter.check(ip(n), t0), Ok(()));
        }
        // Full: new clients share one allowance meanwhile; known ones keep theirs.
        assert_eq!((limiter.check(ip(3), t0), limiter.check(ip(4), t0)), (Ok(()), Ok(())));
        assert!(limiter.check(ip(5), t0).is_err());
        assert_eq!(limiter.check(ip(0), t0), Ok(()));
        let len = || limiter.clients.lock().unwrap().full_at.len();
        assert_eq!(len(), 4);
        // Once their allowance is full again, clients are forgotten.
        assert_eq!(limiter.check(ip(6), t0 + Duration::from_secs(61)), Ok(()));
        assert_eq!(len(), 1);
        for n in 0..200 {
            let _ = limiter.check(ip(n), t0 + Duration::from_secs(62));
        }
        assert!(len() <= 4);
    }

    #[test]
    fn behind_a_trusted_proxy_the_client_is_the_first_untrusted_hop_from_the_right() {
        let proxies: Vec<IpAddr> = vec!["10.0.0.5".parse().unwrap(), "10.0.0.6".parse().unwrap()];
        let key = |peer: &str, forwarded: Option<&str>| {
            let mut req = Request::new(axum::body::Body::empty());
            req.extensions_mut().insert(ConnectInfo(peer.parse::<SocketAddr>().unwrap()));
            if let Some(f) = forwarded {
                req.headers_mut().insert("x-forwarded-for", f.parse().unwrap());
            }
            ClientKey::of(&req, &proxies)
        };
        let ip = |a: &str| ClientKey::Ip(a.parse().unwrap());
        assert_eq!(key("10.0.0.5:1", Some("203.0.113.7")), ip("203.0.113.7"));
        assert_eq!(key("10.0.0.5:1", Some("198.51.100.1, 203.0.113.7, 10.0.0.6")), ip("203.0.113.7"));
        assert_eq!(key("10.0.0.5:1", Some("203.0.113.7:443")), ip("203.0.113.7"));
        // Only trusted hops: the leftmost is the client; no header: the proxy itself.
        assert_eq!(key("10.0.0.5:1", Some("10.0.0.6")), ip("10.0.0.6"));
        assert_eq!(key("10.0.0.5:1", None), ip("10.0.0.5"));
        // Garbage stops the walk at the last good hop.
        assert_eq!(key("10.0.0.5:1", Some("203.0.113.7, nonsense")), ip("10.0.0.5"));
        // An untrusted peer's header is its own word.
        assert_eq!(key("192.0.2.1:1", Some("203.0.113.7")), ip("192.0.2.1"));
    }

    #[tokio::test]
    async fn a_request_over_the_timeout_is_answered_503() {
        let slow = || async {
            tokio::time::sleep(Duration::from_secs(5)).await;
            "late"
        };
        let app = Router::new()
            .route("/slow", get(slow))
            .layer(middleware::from_fn_with_state(Duration::from_millis(50), time_limit));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/slow", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        let answer = reqwest::get(url).await.unwrap();
        assert_eq!(answer.status().as_u16(), 503);
        let body: Value = answer.json().await.unwrap();
        assert_eq!(body["code"], "TIMEOUT");
    }

    #[test]
    fn clients_are_keyed_by_address_and_ipv6_network() {
        let key = |addr: Option<&str>| {
            let mut req = Request::new(axum::body::Body::empty());
            if let Some(a) = addr {
                req.extensions_mut().insert(ConnectInfo(a.parse::<SocketAddr>().unwrap()));
            }
            ClientKey::of(&req, &[])
        };
        assert_eq!(key(None), ClientKey::Unknown);
        assert_eq!(key(Some("10.1.2.3:5000")), key(Some("10.1.2.3:6000")));
        assert_ne!(key(Some("10.1.2.3:5000")), key(Some("10.1.2.4:5000")));
        assert_eq!(key(Some("[::ffff:10.1.2.3]:1")), key(Some("10.1.2.3:2")));
        assert_eq!(key(Some("[2001:db8:1:2::1]:1")), key(Some("[2001:db8:1:2:ffff::9]:1")));
        assert_ne!(key(Some("[2001:db8:1:2::1]:1")), key(Some("[2001:db8:1:3::1]:1")));
    }
}
