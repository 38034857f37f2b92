//! A third-party platform's URLs: the authorization URL (授权事件接收URL) for the component's
//! notices, the message URL (消息与事件接收URL, `/{APPID}/callback`) for its authorizers'
//! pushes, the return of an admin's authorization, and each authorizer's card endpoints under
//! `/{APPID}/api/...`, exactly as an account's ([`router_with`]).
//!
//! An authorizer's push comes encrypted with the component's key and names the component's
//! appid; it is checked against the component, handed to the handler with the authorizer's
//! appid (from the path), and claimed per authorizer. A merchant that has not authorized the
//! platform, or withdrew its authorization, gets 403 `NOT_AUTHORIZED` on every route, at the
//! next request after `unauthorized` reached any instance.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};

use axum::body::Bytes;
use axum::extract::{Path, Query, RawQuery, Request, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};
use axum::Router;
use tower::ServiceExt;

use super::dedupe::EventClaims;
use super::error::{CallError, HandlerError, ServerError};
use super::platform::Platform;
use super::policy::Policy;
use super::push_receiver::{receiver_for, EventsOptions, LateHandlers, Reply};
use super::router::{router_with, RouterOptions};
use super::tokens::TicketStore;
use crate::push::{open, Push, PushQuery};

/// What [`platform_router`] serves for each authorizer.
pub struct PlatformRoutes<H> {
    /// Each authorizer's policy, by its appid.
    pub policy: Box<dyn Fn(&str) -> Policy + Send + Sync>,
    /// The card endpoints' options (limits per authorizer and client).
    pub options: RouterOptions,
    /// The handler of authorizers' pushes: the authorizer's appid and the push.
    pub handler: H,
}

struct Shared<S: TicketStore, C, H> {
    platform: Platform<S>,
    claims: C,
    routes: PlatformRoutes<H>,
    late: LateHandlers,
    /// Each authorizer's card endpoints and push receiver, built on first use.
    built: Mutex<HashMap<String, (Router, Router)>>,
}

/// The platform's routes, and the push handlers still running after WeChat's answer (for a
/// graceful shutdown):
///
/// - `POST /component/auth`: the authorization URL (verify tickets, authorizations);
/// - `GET /component/authorized?auth_code=...`: where an admin's browser returns after
///   authorizing (the `redirect_uri` of [`Platform::authorization_url`]);
/// - `POST /{APPID}/callback`: the message URL, for the authorizers' pushes;
/// - `/{APPID}/api/...`: each authorizer's card endpoints.
pub fn platform_router<S, C, H, F>(
    platform: Platform<S>,
    claims: C,
    routes: PlatformRoutes<H>,
) -> (Router, LateHandlers)
where
    S: TicketStore + Clone,
    C: EventClaims + Clone,
    H: Fn(String, Push) -> F + Clone + Send + Sync + 'static,
    F: Future<Output = Result<Reply, HandlerError>> + Send + 'static,
{
    let late = LateHandlers::default();
    let shared = Arc::new(Shared { platform, claims, routes, late: late.clone(), built: Mutex::default() });
    let router = Router::new()
        .route("/component/auth", post(notice::<S, C, H>))
        .route("/component/authorized", get(authorized::<S, C, H>))
        .route("/{app_id}/callback", any(to_authorizer::<S, C, H, F>))
        .route("/{app_id}/api/{*rest}", any(to_authorizer::<S, C, H, F>))
        .with_state(shared);
    (router, late)
}

/// A notice to the authorization URL, opened with the component's token and key.
async fn notice<S: TicketStore + Clone, C, H>(
    State(shared): State<Arc<Shared<S, C, H>>>,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> Response {
    let query = PushQuery::parse(query.as_deref().unwrap_or(""));
    let Ok(body) = std::str::from_utf8(&body) else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    let push = match open(shared.platform.push_config(), &query, body) {
        Ok(push) => push,
        Err(e) => {
            tracing::warn!(target: "wxcard::platform", "component notice refused: {} ({})", e.code(), e.field());
            return StatusCode::FORBIDDEN.into_response();
        }
    };
    let kind = push.fields.get("InfoType").unwrap_or_default().to_owned();
    match shared.platform.notice(&push).await {
        Ok(()) => {
            tracing::info!(target: "wxcard::platform", "component notice {kind}: handled");
            "success".into_response()
        }
        Err(e) => {
            // WeChat pushes the verify ticket again in 10 minutes, and retries the others.
            tracing::warn!(target: "wxcard::platform", "component notice {kind}: {e}");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

#[derive(serde::Deserialize)]
struct AuthCode {
    #[serde(default)]
    auth_code: String,
}

/// The admin's browser after authorizing: completes the authorization.
async fn authorized<S: TicketStore + Clone, C, H>(
    State(shared): State<Arc<Shared<S, C, H>>>,
    Query(q): Query<AuthCode>,
) -> Result<String, ServerError> {
    let app_id = shared.platform.query_auth(&q.auth_code).await?;
    Ok(format!("{app_id} authorized this platform"))
}

/// A request for an authorizer: refused unless it has authorized the platform, else handed to
/// its own receiver or card endpoints with the `/{APPID}` prefix taken off.
async fn to_authorizer<S, C, H, F>(
    State(shared): State<Arc<Shared<S, C, H>>>,
    Path(params): Path<HashMap<String, String>>,
    mut req: Request,
) -> Response
where
    S: TicketStore + Clone,
    C: EventClaims + Clone,
    H: Fn(String, Push) -> F + Clone + Send + Sync + 'static,
    F: Future<Output = Result<Reply, HandlerError>> + Send + 'static,
{
    let app_id = params.get("app_id").cloned().unwrap_or_default();
    match shared.platform.is_authorized(&app_id).await {
        Ok(true) => {}
        Ok(false) => return ServerError::from(CallError::NotAuthorized { app_id }).into_response(),
        Err(e) => return ServerError::from(e).into_response(),
    }
    let (api, callback) = match built(&shared, &app_id) {
        Ok(routers) => routers,
        Err(e) => return ServerError::from(e).into_response(),
    };
    let (router, rest) = match params.get("rest") {
        Some(rest) => (api, format!("/{rest}")),
        None => (callback, "/".to_owned()),
    };
    let rest = match req.uri().query() {
        Some(query) => format!("{rest}?{query}"),
        None => rest,
    };
    match rest.parse::<Uri>() {
        Ok(uri) => *req.uri_mut() = uri,
        Err(_) => return StatusCode::BAD_REQUEST.into_response(),
    }
    match router.oneshot(req).await {
        Ok(response) => response,
        Err(never) => match never {},
    }
}

/// The authorizer's card endpoints and push receiver, built once.
fn built<S, C, H, F>(shared: &Shared<S, C, H>, app_id: &str) -> Result<(Router, Router), CallError>
where
    S: TicketStore + Clone,
    C: EventClaims + Clone,
    H: Fn(String, Push) -> F + Clone + Send + Sync + 'static,
    F: Future<Output = Result<Reply, HandlerError>> + Send + 'static,
{
    let mut built = shared.built.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(routers) = built.get(app_id) {
        return Ok(routers.clone());
    }
    let backend = shared.platform.authorizer(app_id)?;
    let api = router_with(backend, (shared.routes.policy)(app_id), shared.routes.options.clone());
    let (handler, owner) = (shared.routes.handler.clone(), app_id.to_owned());
    let callback = receiver_for(
        shared.platform.push_config().clone(),
        app_id.to_owned(),
        shared.claims.clone(),
        move |push| handler(owner.clone(), push),
        EventsOptions::default(),
        shared.late.clone(),
    );
    built.insert(app_id.to_owned(), (api.clone(), callback.clone()));
    Ok((api, callback))
}
