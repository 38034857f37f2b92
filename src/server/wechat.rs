//! The WeChat API over HTTP: tokens, tickets and the card-code calls, one request each.
//!
//! Caching, single-flight and retries live in [`super::TicketManager`]; this file only talks to
//! WeChat and turns every answer into a typed result. URLs carry the access_token and the
//! secret in their query, so no error here ever includes a URL.

use std::fmt;
use std::time::Duration;

use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Value};

use super::tickets::StoreError;
use crate::Errcode;

/// The official account's appid and appsecret. `Debug` hides the secret.
#[derive(Clone)]
pub struct Credentials {
    app_id: String,
    secret: String,
}

impl Credentials {
    /// The appid and appsecret from the official account platform.
    pub fn new(app_id: impl Into<String>, secret: impl Into<String>) -> Self {
        Credentials { app_id: app_id.into(), secret: secret.into() }
    }

    /// The appid.
    pub fn app_id(&self) -> &str {
        &self.app_id
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials").field("app_id", &self.app_id).field("secret", &"<redacted>").finish()
    }
}

/// How to reach WeChat.
#[derive(Clone, Debug)]
pub struct ClientOptions {
    /// `https://api.weixin.qq.com` unless tests point it at a local fake.
    pub base_url: String,
    /// Per request.
    pub timeout: Duration,
    /// Use `cgi-bin/stable_token` (default), which does not invalidate the token other services
    /// hold; `false` uses the classic `cgi-bin/token`.
    pub stable_token: bool,
}

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions {
            base_url: "https://api.weixin.qq.com".into(),
            timeout: Duration::from_secs(5),
            stable_token: true,
        }
    }
}

/// The two kinds of JS-SDK ticket.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TicketKind {
    /// `type=wx_card`: signs card_ext and cardSign.
    Card,
    /// `type=jsapi`: signs wx.config.
    Jsapi,
}

impl TicketKind {
    /// The `type` parameter of getticket.
    pub fn as_str(self) -> &'static str {
        match self {
            TicketKind::Card => "wx_card",
            TicketKind::Jsapi => "jsapi",
        }
    }
}

/// Why a call made through [`WeChatClient`], [`super::TicketManager`] or [`super::CardClient`]
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
            | CallError::Rejected(_)
            | CallError::InvalidCard(_)
            | CallError::NotConsumable { .. } => false,
        }
    }

    /// The explanation of WeChat's errcode, when it is one the crate knows.
    pub fn explanation(&self) -> Option<&'static Errcode> {
        match self {
            CallError::Api { errcode, .. } => crate::explain_errcode(*errcode),
            _ => None,
        }
    }
}

impl fmt::Display for CallError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CallError::Api { errcode, errmsg } => {
                write!(f, "WeChat errcode {errcode} ({errmsg})")?;
                if let Some(e) = self.explanation() {
                    write!(f, ": {} / {}. {}", e.meaning_en, e.meaning_zh, e.fix_en)?;
                }
                Ok(())
            }
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

/// A token or ticket and how long WeChat says it lasts.
#[derive(Clone, PartialEq, Eq)]
pub struct Fetched {
    /// The token or ticket. Never log it.
    pub value: String,
    /// Seconds of validity from now.
    pub expires_in: u64,
}

impl fmt::Debug for Fetched {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Fetched").field("value", &"<redacted>").field("expires_in", &self.expires_in).finish()
    }
}

/// What `card/code/get` says about a code: every field WeChat sends, the optional ones as
/// `None` when the answer leaves them out.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
pub struct CodeInfo {
    /// The card the code belongs to.
    pub card_id: String,
    /// The holder.
    #[serde(default)]
    pub openid: String,
    /// Whether it can be consumed now.
    #[serde(default)]
    pub can_consume: bool,
    /// NORMAL, CONSUMED, EXPIRE, GIFTING, GIFT_TIMEOUT, DELETE, UNAVAILABLE, ...
    #[serde(default)]
    pub user_card_status: String,
    /// The card's validity for this code, Unix seconds (`card.begin_time`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub begin_time: Option<u64>,
    /// The end of its validity, Unix seconds (`card.end_time`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_time: Option<u64>,
    /// The scene value the user got the card through (QR code, card_ext, link).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outer_str: Option<String>,
    /// The holder's unionid, when the account is bound to an open platform account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unionid: Option<String>,
    /// Member cards: the membership number set at activation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub membership_number: Option<String>,
    /// Member cards: the points.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bonus: Option<i64>,
    /// Member cards: the stored balance, in fen (分).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub balance: Option<i64>,
}

/// What `card/code/consume` answers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Consumed {
    /// The card the code belonged to.
    pub card_id: String,
    /// The holder.
    pub openid: String,
}

/// One HTTP client for one official account.
#[derive(Clone)]
pub struct WeChatClient {
    http: reqwest::Client,
    options: ClientOptions,
    credentials: Credentials,
}

impl fmt::Debug for WeChatClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WeChatClient").field("credentials", &self.credentials).field("options", &self.options).finish()
    }
}

impl WeChatClient {
    /// A client for these credentials.
    pub fn new(credentials: Credentials, options: ClientOptions) -> Result<Self, CallError> {
        let http = reqwest::Client::builder()
            .timeout(options.timeout)
            .build()
            .map_err(|e| CallError::Transport { endpoint: "client", message: e.without_url().to_string() })?;
        Ok(WeChatClient { http, options, credentials })
    }

    /// The credentials' appid.
    pub fn app_id(&self) -> &str {
        self.credentials.app_id()
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.options.base_url.trim_end_matches('/'))
    }

    async fn send<T: DeserializeOwned>(
        &self,
        endpoint: &'static str,
        request: reqwest::RequestBuilder,
    ) -> Result<T, CallError> {
        let response = request.send().await.map_err(|e| transport(endpoint, e))?;
        let status = response.status();
        if !status.is_success() {
            return Err(CallError::Status { endpoint, status: status.as_u16() });
        }
        let body = response.bytes().await.map_err(|e| transport(endpoint, e))?;
        let value: Value = serde_json::from_slice(&body).map_err(|_| CallError::BadResponse { endpoint })?;
        let errcode = match value.get("errcode").and_then(Value::as_i64) {
            None => 0,
            Some(n) => crate::ErrcodeNumber::try_from(n).map_err(|_| CallError::BadResponse { endpoint })?,
        };
        if errcode != 0 {
            let errmsg = value.get("errmsg").and_then(Value::as_str).unwrap_or("").to_owned();
            return Err(CallError::Api { errcode, errmsg });
        }
        serde_json::from_value(value).map_err(|_| CallError::BadResponse { endpoint })
    }

    /// A new access_token: `stable_token` (or the classic `token`, by configuration).
    pub async fn fetch_access_token(&self) -> Result<Fetched, CallError> {
        #[derive(Deserialize)]
        struct Token {
            access_token: String,
            expires_in: u64,
        }
        let token: Token = if self.options.stable_token {
            let body = json!({
                "grant_type": "client_credential",
                "appid": self.credentials.app_id,
                "secret": self.credentials.secret,
                "force_refresh": false,
            });
            self.send("/cgi-bin/stable_token", self.http.post(self.url("/cgi-bin/stable_token")).json(&body)).await?
        } else {
            let query = [
                ("grant_type", "client_credential"),
                ("appid", &self.credentials.app_id),
                ("secret", &self.credentials.secret),
            ];
            self.send("/cgi-bin/token", self.http.get(self.url("/cgi-bin/token")).query(&query)).await?
        };
        Ok(Fetched { value: token.access_token, expires_in: token.expires_in })
    }

    /// A new ticket of this kind (`cgi-bin/ticket/getticket`).
    pub async fn fetch_ticket(&self, access_token: &str, kind: TicketKind) -> Result<Fetched, CallError> {
        #[derive(Deserialize)]
        struct Ticket {
            ticket: String,
            expires_in: u64,
        }
        let request = self
            .http
            .get(self.url("/cgi-bin/ticket/getticket"))
            .query(&[("access_token", access_token), ("type", kind.as_str())]);
        let t: Ticket = self.send("/cgi-bin/ticket/getticket", request).await?;
        Ok(Fetched { value: t.ticket, expires_in: t.expires_in })
    }

    fn card_call(&self, path: &str, access_token: &str, body: &Value) -> reqwest::RequestBuilder {
        self.http.post(self.url(path)).query(&[("access_token", access_token)]).json(body)
    }

    /// POSTs a JSON body to an API that takes the access_token in its query.
    pub async fn post<T: DeserializeOwned>(
        &self,
        endpoint: &'static str,
        access_token: &str,
        body: &Value,
    ) -> Result<T, CallError> {
        self.send(endpoint, self.card_call(endpoint, access_token, body)).await
    }

    /// `media/uploadimg`: uploads a JPG (checked locally: at most 1 MB) and returns its URL,
    /// the only kind of image URL a card may show.
    pub async fn upload_image(&self, access_token: &str, file_name: &str, jpg: Vec<u8>) -> Result<String, CallError> {
        #[derive(Deserialize)]
        struct Uploaded {
            url: String,
        }
        crate::check_logo_image(&jpg).map_err(CallError::Rejected)?;
        let part = reqwest::multipart::Part::bytes(jpg)
            .file_name(file_name.to_owned())
            .mime_str("image/jpeg")
            .map_err(|e| transport("/cgi-bin/media/uploadimg", e))?;
        let form = reqwest::multipart::Form::new().part("buffer", part);
        let request = self
            .http
            .post(self.url("/cgi-bin/media/uploadimg"))
            .query(&[("access_token", access_token)])
            .multipart(form);
        let u: Uploaded = self.send("/cgi-bin/media/uploadimg", request).await?;
        Ok(u.url)
    }

    /// `card/code/decrypt`: the real code behind an encrypt_code.
    pub async fn decrypt_code(&self, access_token: &str, encrypt_code: &str) -> Result<String, CallError> {
        #[derive(Deserialize)]
        struct Decrypted {
            code: String,
        }
        let body = json!({ "encrypt_code": encrypt_code });
        let d: Decrypted =
            self.send("/card/code/decrypt", self.card_call("/card/code/decrypt", access_token, &body)).await?;
        Ok(d.code)
    }

    /// `card/code/get`: the state of a code, to check before consuming it.
    pub async fn get_code(&self, access_token: &str, code: &str, card_id: Option<&str>) -> Result<CodeInfo, CallError> {
        #[derive(Deserialize)]
        struct Got {
            card: GotCard,
            #[serde(default)]
            openid: String,
            #[serde(default)]
            can_consume: bool,
            #[serde(default)]
            user_card_status: String,
            #[serde(default)]
            outer_str: Option<String>,
            #[serde(default)]
            unionid: Option<String>,
            #[serde(default)]
            membership_number: Option<String>,
            #[serde(default, deserialize_with = "super::member_card::lenient_optional")]
            bonus: Option<i64>,
            #[serde(default, deserialize_with = "super::member_card::lenient_optional")]
            balance: Option<i64>,
        }
        #[derive(Deserialize)]
        struct GotCard {
            card_id: String,
            #[serde(default)]
            begin_time: Option<u64>,
            #[serde(default)]
            end_time: Option<u64>,
        }
        let body = match card_id {
            Some(id) => json!({ "code": code, "card_id": id, "check_consume": false }),
            None => json!({ "code": code, "check_consume": false }),
        };
        let g: Got = self.send("/card/code/get", self.card_call("/card/code/get", access_token, &body)).await?;
        Ok(CodeInfo {
            card_id: g.card.card_id,
            openid: g.openid,
            can_consume: g.can_consume,
            user_card_status: g.user_card_status,
            begin_time: g.card.begin_time,
            end_time: g.card.end_time,
            outer_str: g.outer_str.filter(|s| !s.is_empty()),
            unionid: g.unionid.filter(|s| !s.is_empty()),
            membership_number: g.membership_number.filter(|s| !s.is_empty()),
            bonus: g.bonus,
            balance: g.balance,
        })
    }

    /// `card/code/consume`: uses the code up.
    pub async fn consume_code(
        &self,
        access_token: &str,
        code: &str,
        card_id: Option<&str>,
    ) -> Result<Consumed, CallError> {
        #[derive(Deserialize)]
        struct Done {
            card: CardRef,
            #[serde(default)]
            openid: String,
        }
        let body = match card_id {
            Some(id) => json!({ "code": code, "card_id": id }),
            None => json!({ "code": code }),
        };
        let d: Done =
            self.send("/card/code/consume", self.card_call("/card/code/consume", access_token, &body)).await?;
        Ok(Consumed { card_id: d.card.card_id, openid: d.openid })
    }

    /// `card/code/mark`: marks (or unmarks) a friends' coupon code as being used by `openid`;
    /// friends' coupons must be marked before they can be consumed (else 40003).
    pub async fn mark_code(
        &self,
        access_token: &str,
        code: &str,
        card_id: &str,
        openid: &str,
        is_mark: bool,
    ) -> Result<(), CallError> {
        let body = json!({ "code": code, "card_id": card_id, "openid": openid, "is_mark": is_mark });
        let _: Value = self.send("/card/code/mark", self.card_call("/card/code/mark", access_token, &body)).await?;
        Ok(())
    }
}

#[derive(Deserialize)]
struct CardRef {
    card_id: String,
}

fn transport(endpoint: &'static str, e: reqwest::Error) -> CallError {
    if e.is_timeout() {
        CallError::Timeout { endpoint }
    } else {
        // without_url: the query holds the access_token or the secret.
        CallError::Transport { endpoint, message: e.without_url().to_string() }
    }
}
