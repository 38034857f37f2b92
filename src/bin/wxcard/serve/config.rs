//! The config file of `wxcard serve` (TOML), read with serde; docs/serve.toml is the commented
//! sample and docs/server.md lists every key. Unknown keys are refused, so a typo is an error at
//! start, not a setting silently ignored.
//!
//! It lists accounts: each has its own token source (appsecret or central token service),
//! policy lists, push settings and WeChat Pay merchant, served under `/{name}/` and
//! `/{app_id}/`, one of them also at the root.

use std::fmt;
use std::net::{IpAddr, SocketAddr};
use std::path::Path;

use serde::Deserialize;

/// The whole file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub server: Server,
    /// Tokens, tickets and push claims shared by every instance. Without it each instance keeps
    /// its own (and a push delivered to two instances runs twice).
    pub redis: Option<Redis>,
    #[serde(default)]
    pub limits: Limits,
    #[serde(default)]
    pub accounts: Vec<Account>,
    /// A third-party platform (开放平台 component) serving its authorizers (docs/platform.md).
    pub platform: Option<Platform>,
}

/// `[server]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Server {
    /// Where pages and WeChat's pushes reach the server.
    pub listen: SocketAddr,
    /// Where Prometheus scrapes `/metrics`: its own listener, so it is never public by accident.
    pub metrics_listen: SocketAddr,
    /// The reverse proxies whose `X-Forwarded-For` names the client.
    #[serde(default)]
    pub trusted_proxies: Vec<IpAddr>,
    /// After SIGTERM or SIGINT, how long requests and push handlers in flight may take to finish.
    #[serde(default = "defaults::shutdown_seconds")]
    pub shutdown_seconds: u64,
    /// How long a page's request may take before 503 `TIMEOUT`.
    #[serde(default = "defaults::request_timeout_seconds")]
    pub request_timeout_seconds: u64,
    /// How many requests that may call WeChat run at once.
    #[serde(default = "defaults::max_wechat_calls")]
    pub max_wechat_calls: usize,
    /// WeChat's API host (tests point it at a local fake).
    #[serde(default = "defaults::wechat_api")]
    pub wechat_api: String,
    /// `json` (one JSON object a line) or `text`; `--log-format` overrides it.
    #[serde(default)]
    pub log_format: LogFormat,
    /// The account also served at `/api` and `/wechat/events` (its name); with one account,
    /// that one.
    pub default_account: Option<String>,
}

/// `[redis]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Redis {
    /// `redis://host:port/db`; a password in it makes it a secret.
    pub url: Secret,
}

/// `[limits]`: requests a minute per client on each endpoint; 0 lifts the limit (when the proxy
/// keeps its own).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    pub jsapi_config: u32,
    pub card_ext: u32,
    pub choose_card: u32,
    pub decrypt_code: u32,
    pub member_activate: u32,
    pub status: u32,
    pub diagnose: u32,
}

impl Default for Limits {
    /// The router's own defaults (`RouterOptions::default`).
    fn default() -> Self {
        Limits {
            jsapi_config: 120,
            card_ext: 120,
            choose_card: 120,
            decrypt_code: 60,
            member_activate: 30,
            status: 120,
            diagnose: 30,
        }
    }
}

/// `[[accounts]]`: one official account.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Account {
    /// A short name for logs and paths: the account's routes are under `/{name}/` and
    /// `/{app_id}/`.
    pub name: String,
    pub app_id: String,
    /// The appsecret (`stable_token`); or else `token_service`.
    pub secret: Option<Secret>,
    /// The merchant's central token service (中控) instead of the appsecret.
    pub token_service: Option<TokenService>,
    /// The card_ids pages may have signed (wx.addCard, wx.chooseCard).
    #[serde(default)]
    pub card_ids: Vec<String>,
    /// The origins of the pages that may decrypt codes and activate member cards
    /// (`https://shop.example.com`).
    #[serde(default)]
    pub origins: Vec<String>,
    /// The hosts whose pages wx.config is signed for (the account's JS-interface safe domains).
    #[serde(default)]
    pub page_domains: Vec<String>,
    /// A header the merchant's own gateway sets to the logged-in user's openid (and strips from
    /// what clients send): bound cards are signed for it. Without it, no openid is signed.
    pub openid_header: Option<String>,
    /// WeChat's pushes (服务器配置); without it no push URL is served.
    pub push: Option<Push>,
    /// The account's WeChat Pay merchant, for 商家券.
    pub pay: Option<Pay>,
}

/// `[accounts.token_service]`: `GET {url}?appid=APPID` answers `{"access_token", "expires_in"}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TokenService {
    pub url: String,
    /// Sent as `Authorization: Bearer KEY`.
    pub key: Option<Secret>,
}

/// `[platform]`: the component, and what every authorizer's pages may ask.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Platform {
    /// The component's appid.
    pub app_id: String,
    pub secret: Secret,
    /// The token of the authorization and message URLs.
    pub token: Secret,
    /// The component's EncodingAESKey (a second one while a change settles).
    pub aes_keys: Vec<Secret>,
    /// The cards, page origins and page domains of every authorizer.
    #[serde(default)]
    pub card_ids: Vec<String>,
    #[serde(default)]
    pub origins: Vec<String>,
    #[serde(default)]
    pub page_domains: Vec<String>,
    /// Where authorizers' pushes go, as JSON, with the authorizer's appid in `X-Wxcard-Account`.
    pub forward_url: Option<String>,
    #[serde(default = "defaults::forward_timeout_seconds")]
    pub forward_timeout_seconds: u64,
}

/// `[accounts.push]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Push {
    /// The Token of 服务器配置.
    pub token: Secret,
    /// The EncodingAESKey (safe and compatible mode); a second one while a key change settles.
    #[serde(default)]
    pub aes_keys: Vec<Secret>,
    /// Where each push goes, as JSON (`POST`): the merchant's own service. A push is handled when
    /// it answers 2xx; otherwise WeChat is told to retry. Without it pushes are only logged.
    pub forward_url: Option<String>,
    /// How long the forward may take; past WeChat's 5 s the push is answered and the forward
    /// keeps running (a graceful shutdown waits for it).
    #[serde(default = "defaults::forward_timeout_seconds")]
    pub forward_timeout_seconds: u64,
}

/// `[accounts.pay]`: a WeChat Pay merchant.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pay {
    /// 商户号.
    pub mch_id: String,
    /// The APIv2 key (32 characters), which signs 商家券 for pages.
    pub api_v2_key: Secret,
    /// The 商家券 batches (stock_id) pages may ask for; with one listed, a page need not name it.
    #[serde(default)]
    pub stock_ids: Vec<String>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    #[default]
    Json,
    Text,
}

/// A secret: written in the file, or read from the environment at start with
/// `{ env = "NAME" }`, which keeps it out of the file. `Debug` never shows it.
#[derive(Clone, Deserialize)]
#[serde(untagged)]
pub enum Secret {
    Value(String),
    Env { env: String },
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Secret::Value(_) => f.write_str("<redacted>"),
            Secret::Env { env } => write!(f, "{{ env = {env:?} }}"),
        }
    }
}

impl Secret {
    /// The value; `what` names it in the error when its variable is unset or empty.
    pub fn read(&self, what: &str) -> Result<String, String> {
        let value = match self {
            Secret::Value(v) => v.clone(),
            Secret::Env { env } => {
                std::env::var(env).map_err(|_| format!("{what}: the environment variable {env} is not set"))?
            }
        };
        match value.trim().is_empty() {
            true => Err(format!("{what} is empty")),
            false => Ok(value),
        }
    }
}

/// A URL this server calls, when given: `http://` or `https://`.
fn http_url(what: &str, url: Option<&str>) -> Result<(), String> {
    match url {
        Some(url) if !url.starts_with("http://") && !url.starts_with("https://") => {
            Err(format!("{what}: an http:// or https:// URL"))
        }
        _ => Ok(()),
    }
}

impl Pay {
    /// The merchant, its id and key checked by the crate's own rules (the key is never shown).
    pub fn merchant(&self, what: &str) -> Result<wxcard::server::PayMerchant, String> {
        let key = self.api_v2_key.read(&format!("{what}.api_v2_key"))?;
        let key = wxcard::ApiV2Key::new(key).map_err(|e| format!("{what}.api_v2_key: {e}"))?;
        wxcard::server::PayMerchant::new(self.mch_id.clone(), key).map_err(|e| format!("{what}.mch_id: {e}"))
    }
}

mod defaults {
    pub fn shutdown_seconds() -> u64 {
        25
    }
    pub fn request_timeout_seconds() -> u64 {
        15
    }
    pub fn max_wechat_calls() -> usize {
        64
    }
    pub fn wechat_api() -> String {
        "https://api.weixin.qq.com".into()
    }
    pub fn forward_timeout_seconds() -> u64 {
        30
    }
}

impl Config {
    /// Reads and checks `path`. The error names the file and, for TOML, the line and key.
    pub fn load(path: &Path) -> Result<Config, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let config: Config = toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        config.check().map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(config)
    }

    /// Every rule serde cannot say, and every secret readable (its variable set), so that a
    /// mistake stops the start with the key's name, never its value.
    fn check(&self) -> Result<(), String> {
        if let Some(redis) = &self.redis {
            redis.url.read("redis.url")?;
        }
        if self.accounts.is_empty() && self.platform.is_none() {
            return Err("no [[accounts]] and no [platform]: list the official account to serve".into());
        }
        if let Some(p) = &self.platform {
            p.secret.read("platform.secret")?;
            p.token.read("platform.token")?;
            if p.aes_keys.is_empty() {
                return Err(
                    "platform.aes_keys: a component's pushes are always encrypted: give its EncodingAESKey".into()
                );
            }
            for key in &p.aes_keys {
                key.read("platform.aes_keys")?;
            }
            http_url("platform.forward_url", p.forward_url.as_deref())?;
        }
        if let Some(default) = &self.server.default_account {
            if !self.accounts.iter().any(|a| &a.name == default) {
                return Err(format!("server.default_account: no account is named {default:?}"));
            }
        }
        let mut seen = std::collections::HashSet::new();
        for a in &self.accounts {
            if !seen.insert(a.name.as_str()) || !seen.insert(a.app_id.as_str()) {
                return Err(format!(
                    "accounts: {:?} or {:?} is listed twice (names and appids are paths)",
                    a.name, a.app_id
                ));
            }
        }
        for (i, a) in self.accounts.iter().enumerate() {
            if a.name.is_empty() || !a.name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
                return Err(format!("accounts[{i}].name: letters, digits, - and _ only, not empty"));
            }
            if ["api", "wechat", "healthz", "readyz", "component"].contains(&a.name.as_str()) {
                return Err(format!("accounts[{i}].name: {:?} is one of the server's own paths", a.name));
            }
            if !a.app_id.starts_with("wx") || !a.app_id.bytes().all(|b| b.is_ascii_alphanumeric()) {
                return Err(format!("accounts[{i}].app_id: an appid is `wx` and letters and digits"));
            }
            if a.card_ids.is_empty() && a.page_domains.is_empty() {
                return Err(format!(
                    "accounts[{i}]: neither card_ids nor page_domains: the server would refuse every signing request"
                ));
            }
            if let Some(pay) = &a.pay {
                pay.merchant(&format!("accounts[{i}].pay"))?;
            }
            match (&a.secret, &a.token_service) {
                (Some(secret), None) => drop(secret.read(&format!("accounts[{i}].secret"))?),
                (None, Some(service)) => {
                    http_url(&format!("accounts[{i}].token_service.url"), Some(&service.url))?;
                    if let Some(key) = &service.key {
                        key.read(&format!("accounts[{i}].token_service.key"))?;
                    }
                }
                _ => return Err(format!("accounts[{i}]: give `secret` or `token_service`, one of them")),
            }
            if let Some(push) = &a.push {
                push.token.read(&format!("accounts[{i}].push.token"))?;
                for key in &push.aes_keys {
                    key.read(&format!("accounts[{i}].push.aes_keys"))?;
                }
            }
            http_url(
                &format!("accounts[{i}].push.forward_url"),
                a.push.as_ref().and_then(|p| p.forward_url.as_deref()),
            )?;
        }
        Ok(())
    }
}
