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
use axum::extract::{ConnectInfo, DefaultBodyLimit, FromRequest, OriginalUri, Request, State};
use axum::http::{header, StatusCode};
use axum::http::{Extensions, HeaderMap};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Extension;
use axum::{Json, Router};
use serde::Serialize;
use serde_json::{json, Value};

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
/// The rate limit keys clients by the peer address axum puts in the request as
/// [`ConnectInfo<SocketAddr>`](axum::extract::ConnectInfo): serve with
/// `into_make_service_with_connect_info::<SocketAddr>()`, or every client shares one allowance.
/// Behind a reverse proxy the peer is the proxy, so every client shares its allowance too:
/// replace that `ConnectInfo` with the client address the proxy reports (`X-Real-IP`,
/// `X-Forwarded-For`: believed only on connections from the proxy's own address) in a
/// middleware in front of the router, or limit the endpoint in the proxy and set
/// `diagnose_limit: None` (docs/server.md has the middleware). An IPv6 client is keyed by its
/// /64 network.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RouterOptions {
    /// How often one client may call `POST /diagnose/jsapi-config` (each call replays a few
    /// thousand SHA-1s); over it, 429 `RATE_LIMITED` with `Retry-After`. Default: 30 a minute.
    /// `None`: no limit here.
    pub diagnose_limit: Option<RateLimit>,
    /// How many clients the limiter follows at once (default 10,000), so that its memory stays
    /// bounded: clients are forgotten once their allowance is full again, and while the table is
    /// full new clients share one allowance.
    pub max_clients: usize,
}

impl Default for RouterOptions {
    fn default() -> Self {
        RouterOptions { diagnose_limit: Some(RateLimit::per_minute(30)), max_clients: 10_000 }
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
    fn of(req: &Request) -> ClientKey {
        let Some(ConnectInfo(addr)) = req.extensions().get::<ConnectInfo<SocketAddr>>() else {
            return ClientKey::Unknown;
        };
        match addr.ip().to_canonical() {
            IpAddr::V6(v6) => ClientKey::Ip(IpAddr::V6(Ipv6Addr::from(u128::from(v6) & (u128::MAX << 64)))),
            v4 => ClientKey::Ip(v4),
        }
    }
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

/// Refuses a client over the limit: 429 `RATE_LIMITED`, with `Retry-After` in whole seconds.
async fn rate_limit(State(limiter): State<Arc<Limiter>>, req: Request, next: Next) -> Response {
    match limiter.check(ClientKey::of(&req), Instant::now()) {
        Ok(()) => next.run(req).await,
        Err(wait) => {
            let seconds = (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1);
            let message = format!("too many diagnoses from this client: retry in {seconds} s");
            ([(header::RETRY_AFTER, seconds.to_string())], ServerError::of(ServerCode::RateLimited, None, message))
                .into_response()
        }
    }
}

/// JSON bodies read into the crate's own input types, whose rejections answer in the API's own
/// error shape. A field the type does not know is refused, not ignored: a typo (`card_id` for
/// `cardId`) would otherwise sign a card without it.
struct Body<T>(T);

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
    if policy.is_open() {
        tracing::warn!(target: "wxcard::http", "the card endpoints allow any request (Policy::allow_any): anyone may choose the cards, codes and openids signed; for tests and benchmarks only");
    }
    let mut diagnose = post(diagnose_jsapi_config::<B>);
    if let Some(limit) = options.diagnose_limit {
        let limiter = Arc::new(Limiter::new(limit, options.max_clients));
        diagnose = diagnose.layer(middleware::from_fn_with_state(limiter, rate_limit));
    }
    Router::new()
        .route("/status", get(status::<B>))
        .route("/jsapi-config", post(jsapi_config::<B>))
        .route("/card-ext", post(card_ext::<B>))
        .route("/choose-card", post(choose_card::<B>))
        .route("/decrypt-code", post(decrypt_code::<B>))
        .route("/member/activate", post(member_activate::<B>))
        .route("/diagnose/jsapi-config", diagnose)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(Extension(policy))
        .layer(middleware::from_fn(log_request))
        .with_state(backend)
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
    fn clients_are_keyed_by_address_and_ipv6_network() {
        let key = |addr: Option<&str>| {
            let mut req = Request::new(axum::body::Body::empty());
            if let Some(a) = addr {
                req.extensions_mut().insert(ConnectInfo(a.parse::<SocketAddr>().unwrap()));
            }
            ClientKey::of(&req)
        };
        assert_eq!(key(None), ClientKey::Unknown);
        assert_eq!(key(Some("10.1.2.3:5000")), key(Some("10.1.2.3:6000")));
        assert_ne!(key(Some("10.1.2.3:5000")), key(Some("10.1.2.4:5000")));
        assert_eq!(key(Some("[::ffff:10.1.2.3]:1")), key(Some("10.1.2.3:2")));
        assert_eq!(key(Some("[2001:db8:1:2::1]:1")), key(Some("[2001:db8:1:2:ffff::9]:1")));
        assert_ne!(key(Some("[2001:db8:1:2::1]:1")), key(Some("[2001:db8:1:3::1]:1")));
    }
}
