//! Every counter the server keeps, in one place, through the [`metrics`] facade: an application
//! that installs a recorder (`wxcard serve` installs Prometheus's) receives them; without one
//! they cost nothing. Labels name an API, a kind, an outcome or an appid: never a token, a code
//! or an openid.

/// Requests by route (the route's pattern, not the path sent) and status: counted by the
/// application around the routers, which alone sees every route.
pub const HTTP_REQUESTS: &str = "wxcard_http_requests_total";
/// Calls to the WeChat API by endpoint and errcode (`0` for success; `http`, `timeout`,
/// `transport` or `bad_response` when no errcode came back).
pub const WECHAT_CALLS: &str = "wxcard_wechat_calls_total";
/// access_token and ticket refreshes by appid, kind and outcome (`ok`, `failed`).
pub const TOKEN_REFRESHES: &str = "wxcard_token_refreshes_total";
/// Pushes by outcome: `handled`, `duplicate` (a retry of one already taken), `refused` (not
/// WeChat's, stale, or malformed), `failed` (the handler failed or panicked).
pub const PUSHES: &str = "wxcard_pushes_total";
/// Claim-store errors: claims the shared store did not take (it failed, or is down and the
/// instance's memory took them: no de-duplication across instances), and claims not given back.
pub const CLAIM_STORE_ERRORS: &str = "wxcard_claim_store_errors_total";
/// Requests refused with 429 by route (its pattern, as in [`HTTP_REQUESTS`]).
pub const RATE_LIMITED: &str = "wxcard_rate_limited_total";

pub(crate) fn wechat_call(endpoint: &'static str, errcode: &str) {
    metrics::counter!(WECHAT_CALLS, "api" => endpoint, "errcode" => errcode.to_owned()).increment(1);
}

pub(crate) fn token_refresh(app_id: &str, kind: &'static str, ok: bool) {
    let outcome = if ok { "ok" } else { "failed" };
    metrics::counter!(TOKEN_REFRESHES, "app_id" => app_id.to_owned(), "kind" => kind, "outcome" => outcome)
        .increment(1);
}

pub(crate) fn push(outcome: &'static str) {
    metrics::counter!(PUSHES, "outcome" => outcome).increment(1);
}

pub(crate) fn claim_store_error() {
    metrics::counter!(CLAIM_STORE_ERRORS).increment(1);
}

pub(crate) fn rate_limited(route: &str) {
    metrics::counter!(RATE_LIMITED, "route" => route.to_owned()).increment(1);
}

/// Counts each request in [`HTTP_REQUESTS`] by its route's pattern (`/api/card-ext`), or
/// `unmatched`: a layer for the application's outermost router,
/// `.layer(axum::middleware::from_fn(count_requests))`.
pub async fn count_requests(req: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    let route = req
        .extensions()
        .get::<axum::extract::MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let response = next.run(req).await;
    let status = response.status().as_u16().to_string();
    metrics::counter!(HTTP_REQUESTS, "route" => route, "status" => status).increment(1);
    response
}
