//! The card endpoints a merchant page calls. Mount them where you like:
//! `Router::new().nest("/api", wxcard::server::router(backend))`.

use std::time::Instant;

use axum::extract::rejection::JsonRejection;
use axum::extract::{DefaultBodyLimit, FromRequest, OriginalUri, Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use super::{CardBackend, ServerCode, ServerError};
use crate::{CardExtParams, ChooseCardParams, JsapiConfigParams, ToJson};

/// Request bodies larger than this are refused with 413.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// `POST /jsapi-config`: the page's URL (`location.href`; a `#fragment` is dropped).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsapiConfigRequest {
    /// The page URL exactly as the browser has it.
    pub url: String,
}

/// `POST /card-ext`: the cards to sign for one `wx.addCard`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CardExtRequest {
    /// One entry per card.
    pub cards: Vec<CardRequest>,
}

/// One card of a [`CardExtRequest`].
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CardRequest {
    /// The card's id.
    pub card_id: String,
    /// Custom code (use_custom_code cards).
    #[serde(default)]
    pub code: String,
    /// The only user who may receive it (bind_openid cards).
    #[serde(default)]
    pub openid: String,
    /// Scene value for the "user got card" event.
    #[serde(default)]
    pub outer_str: String,
    /// DATE_TYPE_FIX_TERM start, Unix seconds.
    pub fixed_begin_timestamp: Option<u64>,
}

/// `POST /choose-card`: the filters of `wx.chooseCard`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ChooseCardRequest {
    /// Store (location_id) to filter on.
    #[serde(default)]
    pub shop_id: String,
    /// Card type to filter on, e.g. GROUPON.
    #[serde(default)]
    pub card_type: String,
    /// One card id to filter on.
    #[serde(default)]
    pub card_id: String,
}

/// `POST /decrypt-code`: an encrypt_code from a redirect or from chooseCard.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DecryptCodeRequest {
    /// As the page read it (`+`, `/` and `=` intact).
    pub encrypt_code: String,
}

/// A JSON answer written by the crate's contract ([`ToJson`]): the same JSON the CLI prints and
/// the npm package answers.
struct ContractJson(String);

impl IntoResponse for ContractJson {
    fn into_response(self) -> Response {
        ([(header::CONTENT_TYPE, "application/json")], self.0).into_response()
    }
}

/// JSON bodies whose rejections answer in the API's own error shape.
struct Body<T>(T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned> FromRequest<S> for Body<T> {
    type Rejection = ServerError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ServerError> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(v)) => Ok(Body(v)),
            Err(rejection) => Err(json_error(&rejection)),
        }
    }
}

fn json_error(rejection: &JsonRejection) -> ServerError {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        let message = format!("request body over {MAX_BODY_BYTES} bytes");
        return ServerError::of(ServerCode::BodyTooLarge, None, message);
    }
    ServerError::of(ServerCode::BadJson, None, rejection.body_text())
}

/// The endpoints, with their 64 KB body limit and a log line per request.
pub fn router<B: CardBackend>(backend: B) -> Router {
    Router::new()
        .route("/status", get(status::<B>))
        .route("/jsapi-config", post(jsapi_config::<B>))
        .route("/card-ext", post(card_ext::<B>))
        .route("/choose-card", post(choose_card::<B>))
        .route("/decrypt-code", post(decrypt_code::<B>))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
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

async fn jsapi_config<B: CardBackend>(
    State(backend): State<B>,
    Body(req): Body<JsapiConfigRequest>,
) -> Result<ContractJson, ServerError> {
    let params = JsapiConfigParams { app_id: backend.app_id(), url: &req.url, timestamp: None, nonce_str: None };
    // Refuse a bad request before asking WeChat for a ticket.
    crate::check_jsapi_config(&params)?;
    Ok(ContractJson(crate::sign_jsapi_config(&backend.jsapi_ticket().await?, &params)?.to_json()))
}

async fn card_ext<B: CardBackend>(
    State(backend): State<B>,
    Body(req): Body<CardExtRequest>,
) -> Result<ContractJson, ServerError> {
    let params: Vec<CardExtParams<'_>> = req
        .cards
        .iter()
        .map(|c| CardExtParams {
            card_id: &c.card_id,
            code: &c.code,
            openid: &c.openid,
            timestamp: None,
            nonce_str: None,
            fixed_begintimestamp: c.fixed_begin_timestamp,
            outer_str: &c.outer_str,
        })
        .collect();
    for (i, p) in params.iter().enumerate() {
        crate::check_card_ext(p).map_err(|e| ServerError::from(e.at_item(i)))?;
    }
    let signed = crate::sign_card_ext_batch(&backend.api_ticket().await?, &params)?;
    Ok(ContractJson(crate::CardList(&signed).to_json()))
}

async fn choose_card<B: CardBackend>(
    State(backend): State<B>,
    Body(req): Body<ChooseCardRequest>,
) -> Result<ContractJson, ServerError> {
    let params = ChooseCardParams {
        app_id: backend.app_id(),
        shop_id: &req.shop_id,
        card_type: &req.card_type,
        card_id: &req.card_id,
        timestamp: None,
        nonce_str: None,
    };
    crate::check_choose_card(&params)?;
    Ok(ContractJson(crate::sign_choose_card(&backend.api_ticket().await?, &params)?.to_json()))
}

async fn decrypt_code<B: CardBackend>(
    State(backend): State<B>,
    Body(req): Body<DecryptCodeRequest>,
) -> Result<Json<Value>, ServerError> {
    if req.encrypt_code.is_empty() {
        return Err(crate::Error::new(crate::ErrorKind::Missing, "encrypt_code").into());
    }
    let code = backend.decrypt_code(&req.encrypt_code).await?;
    Ok(Json(json!({ "code": code })))
}
