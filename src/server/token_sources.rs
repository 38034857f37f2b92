//! The two [`TokenSource`]s: the account's appsecret ([`Credentials`], WeChat's
//! `stable_token`), and the merchant's own central token service ([`TokenService`], the usual
//! "中控" set-up, where one service holds the secret and every other asks it).

use std::fmt;

use serde::Deserialize;
use serde_json::json;

use super::http::{answer, Fetched, Payload, TokenFuture, TokenSource, WeChatClient};

/// WeChat's token answer, which a central token service answers too.
#[derive(Deserialize)]
struct Token {
    access_token: String,
    expires_in: u64,
}

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

impl TokenSource for Credentials {
    fn app_id(&self) -> &str {
        &self.app_id
    }

    /// `stable_token` (or the classic `token`, by [`ClientOptions`](super::ClientOptions)).
    fn access_token<'a>(&'a self, client: &'a WeChatClient) -> TokenFuture<'a> {
        Box::pin(async move {
            let token: Token = if client.options().stable_token {
                let body = json!({
                    "grant_type": "client_credential",
                    "appid": self.app_id,
                    "secret": self.secret,
                    "force_refresh": false,
                });
                client.call("/cgi-bin/stable_token", &[], Payload::Json(&body)).await?
            } else {
                let query = [("grant_type", "client_credential"), ("appid", &self.app_id), ("secret", &self.secret)];
                client.call("/cgi-bin/token", &query, Payload::Nothing).await?
            };
            Ok(Fetched { value: token.access_token, expires_in: token.expires_in })
        })
    }
}

/// The merchant's central token service (中控): `GET {url}?appid=APPID`, with
/// `Authorization: Bearer KEY` when a key is given, answers the account's current token as WeChat
/// does, `{"access_token": "...", "expires_in": 5400}` (`expires_in`: the seconds it has left).
/// This server then holds no appsecret; the service alone refreshes the token, so it must hand
/// out a new one once WeChat refuses the old (40001).
#[derive(Clone)]
pub struct TokenService {
    app_id: String,
    url: String,
    key: Option<String>,
}

impl TokenService {
    /// The service at `url` for `app_id`, with an optional bearer key.
    pub fn new(app_id: impl Into<String>, url: impl Into<String>, key: Option<String>) -> Self {
        TokenService { app_id: app_id.into(), url: url.into(), key }
    }
}

impl fmt::Debug for TokenService {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let key = self.key.as_ref().map(|_| "<redacted>");
        f.debug_struct("TokenService").field("app_id", &self.app_id).field("url", &self.url).field("key", &key).finish()
    }
}

const SERVICE: &str = "token service";

impl TokenSource for TokenService {
    fn app_id(&self) -> &str {
        &self.app_id
    }

    fn access_token<'a>(&'a self, client: &'a WeChatClient) -> TokenFuture<'a> {
        Box::pin(async move {
            let mut request = client.http().get(&self.url).query(&[("appid", &self.app_id)]);
            if let Some(key) = &self.key {
                request = request.bearer_auth(key);
            }
            let token: Token = answer(SERVICE, request).await?;
            Ok(Fetched { value: token.access_token, expires_in: token.expires_in })
        })
    }
}
