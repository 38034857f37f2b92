//! The HTTP client: every request to WeChat goes through [`WeChatClient::call`], so the errcode,
//! the status, the timeout and the body are read in one place.
//!
//! Tokens and tickets (`tokens.rs`) and the API areas (`cards.rs`, `codes.rs`, ...) build on it.
//! URLs carry the access_token and the secret in their query, so no error here ever includes a URL.

use std::fmt;
use std::time::Duration;

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::error::CallError;

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

    /// The appsecret, for the token request only.
    pub(super) fn secret(&self) -> &str {
        &self.secret
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

    pub(super) fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    pub(super) fn options(&self) -> &ClientOptions {
        &self.options
    }

    /// One request to `endpoint` and its answer: a non-zero errcode is [`CallError::Api`], any
    /// other surprise names the endpoint only.
    pub(super) async fn call<T: DeserializeOwned>(
        &self,
        endpoint: &'static str,
        query: &[(&str, &str)],
        payload: Payload<'_>,
    ) -> Result<T, CallError> {
        let answer = self.send(endpoint, query, payload).await;
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
        let response = request.query(query).send().await.map_err(|e| transport(endpoint, e))?;
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
}

fn transport(endpoint: &'static str, e: reqwest::Error) -> CallError {
    if e.is_timeout() {
        CallError::Timeout { endpoint }
    } else {
        // without_url: the query holds the access_token or the secret.
        CallError::Transport { endpoint, message: e.without_url().to_string() }
    }
}
