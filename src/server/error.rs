//! Every error of the server half, so that each layer below the router names its failures in
//! one place and the router maps them to one JSON shape.
//!
//! [`ServerError`] is what an endpoint answers: a status and the JSON body `{code, field,
//! message}`. Its codes are the core's [`ErrorKind`](crate::ErrorKind) codes (400, bad input), the codes
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
    /// Too many requests from this client to an endpoint (each has its own allowance); the
    /// `Retry-After` header says when to try again.
    RateLimited = "RATE_LIMITED", TOO_MANY_REQUESTS;
    /// The policy does not let pages ask for this card_id (card-ext, choose-card).
    CardNotAllowed = "CARD_NOT_ALLOWED", FORBIDDEN;
    /// A card-ext body named a code: the server's policy picks codes (its code pool).
    CodeNotAllowed = "CODE_NOT_ALLOWED", FORBIDDEN;
    /// A card-ext body named an openid: the server's policy takes it from the session.
    OpenidNotAllowed = "OPENID_NOT_ALLOWED", FORBIDDEN;
    /// decrypt-code or member/activate from a page of another origin, or a cross-site request.
    OriginNotAllowed = "ORIGIN_NOT_ALLOWED", FORBIDDEN;
    /// jsapi-config for a page outside the policy's domains.
    UrlNotAllowed = "URL_NOT_ALLOWED", BAD_REQUEST;
    /// A 商家券 request for a stock_id the policy does not list (or a policy without 商家券 rules).
    StockNotAllowed = "STOCK_NOT_ALLOWED", FORBIDDEN;
    /// A 商家券 body named an out_request_no: the server makes it, stable across retries.
    OutRequestNoNotAllowed = "OUT_REQUEST_NO_NOT_ALLOWED", FORBIDDEN;
    /// A 商家券 request without the page's session: its open_id comes from the session only.
    SessionRequired = "SESSION_REQUIRED", UNAUTHORIZED;
    /// The request took longer than the router's timeout.
    Timeout = "TIMEOUT", SERVICE_UNAVAILABLE;
    /// A third-party platform's merchant that has not authorized the platform, or withdrew
    /// its authorization (`unauthorized`): nothing is signed or called for it.
    NotAuthorized = "NOT_AUTHORIZED", FORBIDDEN;
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
        let message = format!("WeChat answered {}", errcode_text(errcode, errmsg));
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

impl From<CallError> for ServerError {
    fn from(e: CallError) -> Self {
        use CallError as W;
        match &e {
            W::Api { errcode, errmsg } => ServerError::wechat(*errcode, errmsg),
            W::Paused { errcode, .. } => {
                ServerError::new(StatusCode::SERVICE_UNAVAILABLE, format!("WECHAT_{errcode}"), None, e.to_string())
            }
            W::Timeout { .. } => ServerError::of(ServerCode::UpstreamTimeout, None, e.to_string()),
            W::Store(_) => ServerError::of(ServerCode::TicketStore, None, e.to_string()),
            W::Rejected(input) => ServerError::from(*input),
            W::InvalidCard(problems) => {
                let field = problems.iter().find(|p| p.severity == crate::Severity::Error).map(|p| p.path.as_str());
                ServerError::of(ServerCode::InvalidCard, field, e.to_string())
            }
            W::NotAuthorized { .. } => ServerError::of(ServerCode::NotAuthorized, None, e.to_string()),
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

/// The one wording of a WeChat errcode, with its explanation when the crate knows it: shared
/// by [`CallError`] and [`ServerError`] so the two never drift apart.
fn errcode_text(errcode: crate::ErrcodeNumber, errmsg: &str) -> String {
    match crate::explain_errcode(errcode) {
        Some(e) => format!("errcode {errcode} ({errmsg}): {} / {}. {}", e.meaning_en, e.meaning_zh, e.fix_en),
        None => format!("errcode {errcode} ({errmsg})"),
    }
}

/// Why a call made through [`super::WeChatClient`], [`super::TicketManager`] or [`super::CardClient`]
/// failed: WeChat's own errors ([`CallError::Api`]), the way there (timeout, connection, HTTP
/// status, an unexpected body), the ticket store, or a local check that refused the input before
/// anything was sent. Never contains a URL, token, ticket or secret.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CallError {
    /// WeChat answered with a non-zero errcode.
    Api {
        /// WeChat's errcode.
        errcode: crate::ErrcodeNumber,
        /// WeChat's errmsg.
        errmsg: String,
    },
    /// No answer within the timeout.
    Timeout {
        /// The API path, without its query.
        endpoint: &'static str,
    },
    /// The connection failed.
    Transport {
        /// The API path, without its query.
        endpoint: &'static str,
        /// What failed (never a URL).
        message: String,
    },
    /// An HTTP status other than 2xx.
    Status {
        /// The API path.
        endpoint: &'static str,
        /// The status.
        status: u16,
    },
    /// A body that is not the JSON expected.
    BadResponse {
        /// The API path.
        endpoint: &'static str,
    },
    /// The ticket store (Redis, ...) failed.
    Store(StoreError),
    /// A local check refused the input before any call was made (dates, image, code, ...).
    Rejected(crate::Error),
    /// The card JSON has errors: the call was not made. Every problem, warnings included.
    InvalidCard(Vec<crate::CardProblem>),
    /// WeChat answered 45009 (an API's daily quota) or 45011 (its calls a minute) to this
    /// account earlier: no call is made until the quota comes back.
    Paused {
        /// WeChat's errcode: 45009 or 45011.
        errcode: crate::ErrcodeNumber,
        /// Seconds until the quota comes back.
        seconds: u64,
    },
    /// A third-party platform's merchant that has not authorized it (or no longer does).
    NotAuthorized {
        /// The merchant's appid.
        app_id: String,
    },
    /// `card/code/get` says the code cannot be consumed now; consume was not called.
    NotConsumable {
        /// What card/code/get says: CONSUMED, EXPIRE, GIFTING, DELETE, UNAVAILABLE, ...
        user_card_status: String,
    },
}

impl CallError {
    /// 40001, 40014, 42001: the access_token is invalid or expired; refresh it and retry once.
    pub fn is_token_invalid(&self) -> bool {
        matches!(self, CallError::Api { errcode: 40001 | 40014 | 42001, .. })
    }

    /// Worth retrying after a pause: -1 (busy), timeouts, connection failures, 5xx, garbage.
    pub fn is_transient(&self) -> bool {
        match self {
            CallError::Api { errcode, .. } => *errcode == -1,
            CallError::Status { status, .. } => *status >= 500,
            CallError::Timeout { .. } | CallError::Transport { .. } | CallError::BadResponse { .. } => true,
            CallError::Store(_)
            | CallError::Paused { .. }
            | CallError::NotAuthorized { .. }
            | CallError::Rejected(_)
            | CallError::InvalidCard(_)
            | CallError::NotConsumable { .. } => false,
        }
    }

    /// The explanation of WeChat's errcode, when it is one the crate knows.
    pub fn explanation(&self) -> Option<&'static crate::Errcode> {
        match self {
            CallError::Api { errcode, .. } => crate::explain_errcode(*errcode),
            _ => None,
        }
    }
}

impl std::fmt::Display for CallError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CallError::Api { errcode, errmsg } => write!(f, "WeChat {}", errcode_text(*errcode, errmsg)),
            CallError::Timeout { endpoint } => write!(f, "{endpoint}: no answer from WeChat in time"),
            CallError::Transport { endpoint, message } => write!(f, "{endpoint}: {message}"),
            CallError::Status { endpoint, status } => write!(f, "{endpoint}: HTTP {status} from WeChat"),
            CallError::BadResponse { endpoint } => write!(f, "{endpoint}: WeChat's answer is not the JSON expected"),
            CallError::Store(e) => write!(f, "{e}"),
            CallError::Rejected(e) => write!(f, "not sent to WeChat: {e}"),
            CallError::InvalidCard(problems) => {
                let errors = problems.iter().filter(|p| p.severity == crate::Severity::Error);
                write!(f, "card JSON not sent to WeChat, {} error(s)", errors.clone().count())?;
                for p in errors {
                    write!(f, "; {} {} {}", p.path, p.message(), p.detail)?;
                }
                Ok(())
            }
            CallError::Paused { errcode, seconds } => write!(
                f,
                "WeChat answered {errcode} (quota spent) to this account: no call to WeChat for {seconds}s more, until the quota comes back; `wxcard card quota` shows what is left"
            ),
            CallError::NotAuthorized { app_id } => {
                write!(f, "{app_id} has not authorized this platform (or withdrew its authorization)")
            }
            CallError::NotConsumable { user_card_status } => {
                write!(f, "code not consumed: card/code/get says it cannot be consumed now ({user_card_status})")
            }
        }
    }
}

impl std::error::Error for CallError {}

impl From<StoreError> for CallError {
    fn from(e: StoreError) -> Self {
        CallError::Store(e)
    }
}

/// A ticket store failed (Redis unreachable, timed out, ...). Its message names what failed
/// and never holds a URL, password, token or ticket; a [`CallError::Store`] carries it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoreError {
    message: String,
}

impl StoreError {
    /// An error of a store, for [`TicketStore`](super::TicketStore) implementations: what failed, without any
    /// URL, password or stored value (`"redis: connection failed"`).
    pub fn new(message: impl Into<String>) -> Self {
        StoreError { message: message.into() }
    }

    /// What failed.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ticket store: {}", self.message)
    }
}

impl std::error::Error for StoreError {}

/// A handler's failure: the push is given back and WeChat's next retry runs the handler again.
///
/// Its text is logged: build it from what is safe to log (an error from a WeChat call made
/// with `reqwest` names the URL, `access_token` included, so do not pass one through with `?`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HandlerError(pub String);

impl<E: std::fmt::Display> From<E> for HandlerError {
    fn from(e: E) -> Self {
        HandlerError(e.to_string())
    }
}
