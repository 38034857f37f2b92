//! The one error type of the HTTP layer: a status and the JSON body `{code, field, message}`.
//!
//! Its codes are the core's [`ErrorKind`](crate::ErrorKind) codes (400, bad input), the codes
//! of [`ServerCode`] below (the HTTP layer's own, each with its status), and `WECHAT_<errcode>`
//! (502) for an error WeChat answered.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

/// Defines [`ServerCode`] from one table of name, stable code, HTTP status and meaning.
macro_rules! server_codes {
    ($($(#[$doc:meta])* $name:ident = $code:literal, $status:ident;)+) => {
        /// The codes only the HTTP layer answers, each with its status.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum ServerCode {
            $($(#[$doc])* $name,)+
        }

        impl ServerCode {
            /// Every code, in the table's order.
            pub const ALL: &'static [ServerCode] = &[$(ServerCode::$name,)+];

            /// The stable machine code, e.g. `BAD_JSON`.
            pub const fn code(self) -> &'static str {
                match self { $(ServerCode::$name => $code,)+ }
            }

            /// The HTTP status it is answered with.
            pub const fn status(self) -> StatusCode {
                match self { $(ServerCode::$name => StatusCode::$status,)+ }
            }
        }
    };
}

server_codes! {
    /// The body is not the JSON the endpoint takes (syntax, a missing or unknown field).
    BadJson = "BAD_JSON", BAD_REQUEST;
    /// A card JSON with errors: it was not sent to WeChat.
    InvalidCard = "INVALID_CARD", BAD_REQUEST;
    /// `card/code/get` says the code cannot be consumed now.
    NotConsumable = "NOT_CONSUMABLE", CONFLICT;
    /// WeChat did not answer in time.
    UpstreamTimeout = "UPSTREAM_TIMEOUT", GATEWAY_TIMEOUT;
    /// The ticket store (Redis) failed.
    TicketStore = "TICKET_STORE", SERVICE_UNAVAILABLE;
    /// WeChat answered something else than its API's JSON (a status, a broken connection).
    Upstream = "UPSTREAM", BAD_GATEWAY;
    /// Too many requests from this client to a rate-limited endpoint (`POST /diagnose/jsapi-config`);
    /// the `Retry-After` header says when to try again.
    RateLimited = "RATE_LIMITED", TOO_MANY_REQUESTS;
    /// The server's own work failed (a defect, never the caller's input): it says which, no more.
    Internal = "INTERNAL", INTERNAL_SERVER_ERROR;
}

/// What an endpoint answers when it cannot: never contains a ticket, token or secret.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ServerError {
    #[serde(skip)]
    status: StatusCode,
    /// Stable machine code: the core's (`CODE_TOO_LONG`, ...), one of [`ServerCode`]
    /// (`BAD_JSON`, `INVALID_CARD`, `RATE_LIMITED`, ...), or `WECHAT_<errcode>`
    /// for an error WeChat returned.
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

    /// An error of the HTTP layer's own, with its status.
    pub fn of(code: ServerCode, field: Option<&str>, message: impl Into<String>) -> Self {
        ServerError::new(code.status(), code.code(), field, message)
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// An error WeChat answered with, explained where the crate knows the code.
    pub fn wechat(errcode: crate::ErrcodeNumber, errmsg: &str) -> Self {
        let mut message = format!("WeChat answered errcode {errcode} ({errmsg})");
        if let Some(e) = crate::explain_errcode(errcode) {
            message = format!("{message}: {} / {}. {}", e.meaning_en, e.meaning_zh, e.fix_en);
        }
        ServerError::new(StatusCode::BAD_GATEWAY, format!("WECHAT_{errcode}"), None, message)
    }
}

impl From<crate::Error> for ServerError {
    fn from(e: crate::Error) -> Self {
        // The one core code with its own status: a body over the limit.
        let status = if e.kind() == crate::ErrorKind::BodyTooLarge {
            StatusCode::PAYLOAD_TOO_LARGE
        } else {
            StatusCode::BAD_REQUEST
        };
        ServerError::new(status, e.code(), Some(e.field()), e.to_string())
    }
}

impl From<super::CallError> for ServerError {
    fn from(e: super::CallError) -> Self {
        use super::CallError as W;
        match &e {
            W::Api { errcode, errmsg } => ServerError::wechat(*errcode, errmsg),
            W::Timeout { .. } => ServerError::of(ServerCode::UpstreamTimeout, None, e.to_string()),
            W::Store(_) => ServerError::of(ServerCode::TicketStore, None, e.to_string()),
            W::Rejected(input) => ServerError::from(*input),
            W::InvalidCard(problems) => {
                let field = problems.iter().find(|p| p.severity == crate::Severity::Error).map(|p| p.path.as_str());
                ServerError::of(ServerCode::InvalidCard, field, e.to_string())
            }
            W::NotConsumable { .. } => ServerError::of(ServerCode::NotConsumable, Some("code"), e.to_string()),
            _ => ServerError::of(ServerCode::Upstream, None, e.to_string()),
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
