//! The one error type of the HTTP layer: a status and the JSON body `{code, field, message}`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

/// What an endpoint answers when it cannot: never contains a ticket, token or secret.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ServerError {
    #[serde(skip)]
    status: StatusCode,
    /// Stable machine code: the core's (`CODE_TOO_LONG`, ...), `BAD_JSON`, `BODY_TOO_LARGE`,
    /// `INVALID_CARD` (card JSON with errors), `NOT_CONSUMABLE`, or `WECHAT_<errcode>` for an
    /// error WeChat returned.
    pub code: String,
    /// The request field concerned, when there is one.
    pub field: Option<String>,
    /// What went wrong and what to do.
    pub message: String,
}

impl ServerError {
    /// An error with this status, code, field and message.
    pub fn new(status: StatusCode, code: impl Into<String>, field: Option<&str>, message: impl Into<String>) -> Self {
        ServerError { status, code: code.into(), field: field.map(Into::into), message: message.into() }
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// An error WeChat answered with, explained where the crate knows the code.
    pub fn wechat(errcode: i64, errmsg: &str) -> Self {
        let mut message = format!("WeChat answered errcode {errcode} ({errmsg})");
        if let Some(e) = crate::explain_errcode(errcode) {
            message = format!("{message}: {} / {}. {}", e.meaning_en, e.meaning_zh, e.fix_en);
        }
        ServerError::new(StatusCode::BAD_GATEWAY, format!("WECHAT_{errcode}"), None, message)
    }
}

impl From<crate::Error> for ServerError {
    fn from(e: crate::Error) -> Self {
        ServerError::new(StatusCode::BAD_REQUEST, e.code(), Some(e.field()), e.to_string())
    }
}

impl From<super::WeChatError> for ServerError {
    fn from(e: super::WeChatError) -> Self {
        use super::WeChatError as W;
        match &e {
            W::Api { errcode, errmsg } => ServerError::wechat(*errcode, errmsg),
            W::Timeout { .. } => ServerError::new(StatusCode::GATEWAY_TIMEOUT, "UPSTREAM_TIMEOUT", None, e.to_string()),
            W::Store { .. } => ServerError::new(StatusCode::SERVICE_UNAVAILABLE, "TICKET_STORE", None, e.to_string()),
            W::Rejected(input) => ServerError::from(*input),
            W::InvalidCard(problems) => {
                let field = problems.iter().find(|p| p.severity == crate::Severity::Error).map(|p| p.path.as_str());
                ServerError::new(StatusCode::BAD_REQUEST, "INVALID_CARD", field, e.to_string())
            }
            W::NotConsumable { .. } => {
                ServerError::new(StatusCode::CONFLICT, "NOT_CONSUMABLE", Some("code"), e.to_string())
            }
            _ => ServerError::new(StatusCode::BAD_GATEWAY, "UPSTREAM", None, e.to_string()),
        }
    }
}

impl IntoResponse for ServerError {
    fn into_response(self) -> Response {
        (self.status, Json(self)).into_response()
    }
}

impl std::fmt::Display for ServerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.message, self.code)
    }
}

impl std::error::Error for ServerError {}
