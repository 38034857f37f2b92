//! The HTTP client: every request to WeChat goes through [`WeChatClient::call`], so the errcode,
//! the status, the timeout and the body are read in one place.
//!
//! Tokens and tickets (`tokens.rs`) and the API areas (`cards.rs`, `codes.rs`, ...) build on it.
//! URLs carry the access_token and the secret in their query, so no error here ever includes a URL.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::error::CallError;

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

/// What [`TokenSource::access_token`] returns.
pub type TokenFuture<'a> = Pin<Box<dyn Future<Output = Result<Fetched, CallError>> + Send + 'a>>;

/// Where an account's access_token comes from: its appsecret ([`Credentials`](super::Credentials),
/// `stable_token`), the merchant's central token service ([`TokenService`](super::TokenService),
/// 中控: no secret on this server), or a source of your own. The [`TicketManager`](super::TicketManager)
/// caches what it answers and asks again when it runs out.
pub trait TokenSource: Send + Sync + 'static {
    /// The account's appid.
    fn app_id(&self) -> &str;
    /// A new access_token; `client` is the account's, for its HTTP client and API host.
    fn access_token<'a>(&'a self, client: &'a WeChatClient) -> TokenFuture<'a>;
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

/// What a request sends besides its query.
#[derive(Clone, Copy)]
pub(super) enum Payload<'a> {
    /// Nothing: a GET, everything in the query.
    Nothing,
    /// A JSON body, POSTed.
    Json(&'a Value),
    /// A JPG as the multipart part `buffer` (`media/uploadimg`), POSTed.
    Jpg {
        /// The file name WeChat is told.
        file_name: &'a str,
        /// The image.
        bytes: &'a [u8],
    },
}

impl<'a> From<&'a Value> for Payload<'a> {
    fn from(body: &'a Value) -> Self {
        Payload::Json(body)
    }
}

/// One HTTP client for one official account.
#[derive(Clone)]
pub struct WeChatClient {
    http: reqwest::Client,
    options: ClientOptions,
    source: Arc<dyn TokenSource>,
    /// After WeChat's 45009 or 45011: no call until then (shared by the clones).
    paused: Arc<Mutex<Option<Pause>>>,
}

/// A quota WeChat said is spent, and the Unix second it comes back.
#[derive(Clone, Copy, Debug)]
struct Pause {
    errcode: crate::ErrcodeNumber,
    until: u64,
}

/// When a spent quota comes back: 45009 (the day's calls of an API) at midnight Beijing time,
/// when WeChat resets the daily quotas; 45011 (calls a minute) at the next minute.
fn quota_back(errcode: crate::ErrcodeNumber, now: u64) -> Option<u64> {
    const DAY: u64 = 86_400;
    const BEIJING: u64 = 8 * 3600;
    match errcode {
        45009 => Some(((now + BEIJING) / DAY + 1) * DAY - BEIJING),
        45011 => Some((now / 60 + 1) * 60),
        _ => None,
    }
}

impl fmt::Debug for WeChatClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WeChatClient").field("app_id", &self.app_id()).field("options", &self.options).finish()
    }
}

impl WeChatClient {
    /// A client for the account whose tokens `source` gives ([`Credentials`](super::Credentials)
    /// for an appsecret).
    pub fn new(source: impl TokenSource, options: ClientOptions) -> Result<Self, CallError> {
        let http = reqwest::Client::builder()
            .timeout(options.timeout)
            .build()
            .map_err(|e| CallError::Transport { endpoint: "client", message: e.without_url().to_string() })?;
        Ok(WeChatClient { http, options, source: Arc::new(source), paused: Arc::default() })
    }

    /// The account's appid.
    pub fn app_id(&self) -> &str {
        self.source.app_id()
    }

    /// A new access_token from the account's [`TokenSource`] (uncached: the
    /// [`TicketManager`](super::TicketManager) caches).
    pub async fn fetch_access_token(&self) -> Result<Fetched, CallError> {
        self.source.access_token(self).await
    }

    pub(super) fn options(&self) -> &ClientOptions {
        &self.options
    }

    /// The HTTP client, for a token source that asks another host.
    pub(super) fn http(&self) -> &reqwest::Client {
        &self.http
    }

    /// One request to `endpoint` and its answer: a non-zero errcode is [`CallError::Api`], any
    /// other surprise names the endpoint only. After 45009 or 45011 (a quota spent) the account
    /// makes no call until the quota comes back ([`CallError::Paused`]): calling on only spends
    /// the next window sooner.
    pub(super) async fn call<T: DeserializeOwned>(
        &self,
        endpoint: &'static str,
        query: &[(&str, &str)],
        payload: Payload<'_>,
    ) -> Result<T, CallError> {
        let now = crate::now_seconds().unwrap_or(0);
        if let Some(pause) = self.pause(now) {
            return Err(CallError::Paused { errcode: pause.errcode, seconds: pause.until - now });
        }
        let answer = self.send(endpoint, query, payload).await;
        if let Err(CallError::Api { errcode, .. }) = &answer {
            if let Some(until) = quota_back(*errcode, now) {
                let mut paused = self.paused.lock().unwrap_or_else(PoisonError::into_inner);
                if paused.is_none() {
                    tracing::warn!(target: "wxcard::http", "{}: WeChat answered {errcode} (quota spent): no call to WeChat for this account for {}s", self.app_id(), until - now);
                }
                *paused = Some(Pause { errcode: *errcode, until });
            }
        }
        let errcode = match &answer {
            Ok(_) => "0".to_owned(),
            Err(CallError::Api { errcode, .. }) => errcode.to_string(),
            Err(CallError::Status { .. }) => "http".to_owned(),
            Err(CallError::Timeout { .. }) => "timeout".to_owned(),
            Err(CallError::BadResponse { .. }) => "bad_response".to_owned(),
            Err(_) => "transport".to_owned(),
        };
        super::metrics::wechat_call(endpoint, &errcode);
        answer
    }

    /// The pause in force at `now`, if any (one that ended is forgotten).
    fn pause(&self, now: u64) -> Option<Pause> {
        let mut paused = self.paused.lock().unwrap_or_else(PoisonError::into_inner);
        match *paused {
            Some(pause) if pause.until > now => Some(pause),
            Some(_) => {
                *paused = None;
                None
            }
            None => None,
        }
    }

    /// The request and its answer, uncounted: [`call`](Self::call) counts each one.
    async fn send<T: DeserializeOwned>(
        &self,
        endpoint: &'static str,
        query: &[(&str, &str)],
        payload: Payload<'_>,
    ) -> Result<T, CallError> {
        let url = format!("{}{endpoint}", self.options.base_url.trim_end_matches('/'));
        let request = match payload {
            Payload::Nothing => self.http.get(url),
            Payload::Json(body) => self.http.post(url).json(body),
            Payload::Jpg { file_name, bytes } => {
                let part = reqwest::multipart::Part::bytes(bytes.to_vec())
                    .file_name(file_name.to_owned())
                    .mime_str("image/jpeg")
                    .map_err(|e| transport(endpoint, e))?;
                self.http.post(url).multipart(reqwest::multipart::Form::new().part("buffer", part))
            }
        };
        answer(endpoint, request.query(query)).await
    }
}

/// Sends `request` and reads WeChat's answer: a non-2xx status, a body that is not JSON, or a
/// non-zero `errcode` is an error naming `endpoint` only (the URL carries tokens). A central
/// token service answers the same way.
pub(super) async fn answer<T: DeserializeOwned>(
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

fn transport(endpoint: &'static str, e: reqwest::Error) -> CallError {
    if e.is_timeout() {
        CallError::Timeout { endpoint }
    } else {
        // without_url: the query holds the access_token or the secret.
        CallError::Transport { endpoint, message: e.without_url().to_string() }
    }
}

#[cfg(test)]
mod tests {
    use super::quota_back;

    #[test]
    fn a_spent_quota_comes_back_at_beijing_midnight_or_the_next_minute() {
        // 2026-12-03 15:59:30 UTC is 23:59:30 in Beijing: the day's quota is back in 30 s.
        let now = 1_796_313_570;
        assert_eq!(quota_back(45009, now), Some(now + 30));
        // 16:00:00 UTC is midnight in Beijing: a full day until the next one.
        assert_eq!(quota_back(45009, now + 30), Some(now + 30 + 86_400));
        assert_eq!(quota_back(45011, now), Some(now + 30));
        assert_eq!(quota_back(45011, now + 30), Some(now + 90));
        assert_eq!(quota_back(40001, now), None);
    }
}
