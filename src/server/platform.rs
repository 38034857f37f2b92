//! Third-party platform mode (开放平台 component): one platform calls the card API for many
//! merchants (authorizers), each with the token the component obtains for it.
//!
//! - WeChat pushes a `component_verify_ticket` every 10 minutes; it is kept in the store (Redis
//!   for several instances), so a restart does not lose it.
//! - The `component_access_token` comes from `api_component_token` with that ticket, cached and
//!   refreshed once across instances like any token ([`TicketManager`]).
//! - An authorizer is an account whose [`TokenSource`] is the component: its access_token comes
//!   from `api_authorizer_token` with its refresh token, which is stored and replaced whenever
//!   WeChat hands out a new one. Its tickets, card calls and signing endpoints are an account's
//!   like any other ([`Platform::authorizer`]).
//! - `authorized` and `updateauthorized` add an authorizer (`api_query_auth`); `unauthorized`
//!   removes its refresh token, and it is no longer served.
//!
//! docs/platform.md walks through the set-up.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use serde::Deserialize;
use serde_json::json;

use super::api::CardClient;
use super::error::CallError;
use super::http::{ClientOptions, Fetched, Payload, TokenFuture, TokenSource, WeChatClient};
use super::tokens::{ManagerOptions, Stored, TicketManager, TicketStore};
use crate::push::{Push, PushConfig};

/// How long a `component_verify_ticket` is kept: WeChat says 12 hours, and pushes a new one
/// every 10 minutes.
const VERIFY_TICKET_SECONDS: u64 = 12 * 3600;
/// Refresh tokens do not expire; they are replaced or removed.
const KEPT_FOR_YEARS: u64 = 10 * 365 * 86_400;

/// The component's settings from the 开放平台 console. `Debug` shows the appid only.
#[derive(Clone)]
pub struct Component {
    /// The component's appid.
    pub app_id: String,
    /// The component's appsecret.
    pub secret: String,
    /// The token of its authorization and message URLs.
    pub token: String,
    /// Its EncodingAESKey (43 characters); a second one while a change settles.
    pub aes_keys: Vec<String>,
}

impl fmt::Debug for Component {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Component").field("app_id", &self.app_id).finish_non_exhaustive()
    }
}

fn verify_ticket_key(component: &str) -> String {
    format!("wxcard:{{{component}}}:component_verify_ticket")
}

fn refresh_token_key(authorizer: &str) -> String {
    format!("wxcard:{{{authorizer}}}:authorizer_refresh_token")
}

/// The component's own token, from the last `component_verify_ticket`.
struct ComponentSource<S> {
    app_id: String,
    secret: String,
    store: S,
}

impl<S: TicketStore> TokenSource for ComponentSource<S> {
    fn app_id(&self) -> &str {
        &self.app_id
    }

    fn access_token<'a>(&'a self, client: &'a WeChatClient) -> TokenFuture<'a> {
        Box::pin(async move {
            #[derive(Deserialize)]
            struct Token {
                component_access_token: String,
                expires_in: u64,
            }
            let missing =
                || CallError::Rejected(crate::Error::new(crate::ErrorKind::Missing, "component_verify_ticket"));
            let ticket = self.store.get(&verify_ticket_key(&self.app_id)).await?.ok_or_else(missing)?;
            let body = json!({
                "component_appid": self.app_id,
                "component_appsecret": self.secret,
                "component_verify_ticket": ticket.value,
            });
            let t: Token = client.call("/cgi-bin/component/api_component_token", &[], Payload::Json(&body)).await?;
            Ok(Fetched { value: t.component_access_token, expires_in: t.expires_in })
        })
    }
}

/// An authorizer's token, from its refresh token through the component.
struct AuthorizerSource<S: TicketStore> {
    app_id: String,
    component: TicketManager<S>,
    store: S,
}

impl<S: TicketStore> TokenSource for AuthorizerSource<S> {
    fn app_id(&self) -> &str {
        &self.app_id
    }

    fn access_token<'a>(&'a self, _: &'a WeChatClient) -> TokenFuture<'a> {
        Box::pin(async move {
            #[derive(Deserialize)]
            struct Token {
                authorizer_access_token: String,
                expires_in: u64,
                #[serde(default)]
                authorizer_refresh_token: String,
            }
            let key = refresh_token_key(&self.app_id);
            let not_authorized = || CallError::NotAuthorized { app_id: self.app_id.clone() };
            let refresh = self.store.get(&key).await?.ok_or_else(not_authorized)?;
            let body = json!({
                "component_appid": self.component.client().app_id(),
                "authorizer_appid": self.app_id,
                "authorizer_refresh_token": refresh.value,
            });
            let t: Token = component_call(&self.component, "/cgi-bin/component/api_authorizer_token", &body).await?;
            // WeChat may rotate the refresh token: the old one then stops working.
            if !t.authorizer_refresh_token.is_empty() && t.authorizer_refresh_token != refresh.value {
                keep_refresh_token(&self.store, &self.app_id, &t.authorizer_refresh_token).await?;
            }
            Ok(Fetched { value: t.authorizer_access_token, expires_in: t.expires_in })
        })
    }
}

/// A call with the `component_access_token`, refreshed once if WeChat refuses it.
async fn component_call<S: TicketStore, T: serde::de::DeserializeOwned>(
    component: &TicketManager<S>,
    endpoint: &'static str,
    body: &serde_json::Value,
) -> Result<T, CallError> {
    component
        .with_token(|token| async move {
            component.client().call(endpoint, &[("component_access_token", token.as_str())], Payload::Json(body)).await
        })
        .await
}

async fn keep_refresh_token<S: TicketStore>(store: &S, app_id: &str, token: &str) -> Result<(), CallError> {
    let expires_at = crate::now_seconds().unwrap_or(0) + KEPT_FOR_YEARS;
    store.put(&refresh_token_key(app_id), &Stored { value: token.into(), expires_at }).await?;
    Ok(())
}

/// A third-party platform: its component token, its authorizers, and what WeChat pushes to its
/// authorization URL. Cheap to clone.
pub struct Platform<S: TicketStore> {
    inner: Arc<Inner<S>>,
}

impl<S: TicketStore> Clone for Platform<S> {
    fn clone(&self) -> Self {
        Platform { inner: Arc::clone(&self.inner) }
    }
}

struct Inner<S: TicketStore> {
    push: PushConfig,
    store: S,
    component: TicketManager<S>,
    client_options: ClientOptions,
    manager_options: ManagerOptions,
    authorizers: Mutex<HashMap<String, CardClient<S>>>,
}

impl<S: TicketStore + Clone> Platform<S> {
    /// The platform of `component`, keeping its tickets and tokens in `store`.
    pub fn new(
        component: Component,
        store: S,
        client_options: ClientOptions,
        manager_options: ManagerOptions,
    ) -> Result<Self, CallError> {
        let keys: Vec<&str> = component.aes_keys.iter().map(String::as_str).collect();
        let push = PushConfig::new(&component.token, &component.app_id, &keys).map_err(CallError::Rejected)?;
        let source = ComponentSource { app_id: component.app_id, secret: component.secret, store: store.clone() };
        let client = WeChatClient::new(source, client_options.clone())?;
        let component = TicketManager::new(client, store.clone(), manager_options.clone());
        let authorizers = Mutex::default();
        Ok(Platform { inner: Arc::new(Inner { push, store, component, client_options, manager_options, authorizers }) })
    }

    /// The component's appid.
    pub fn app_id(&self) -> &str {
        &self.inner.push.app_id
    }

    /// What the component's pushes are checked and decrypted with.
    pub fn push_config(&self) -> &PushConfig {
        &self.inner.push
    }

    /// The component's token manager: its `access_token` is the `component_access_token`.
    pub fn component(&self) -> &TicketManager<S> {
        &self.inner.component
    }

    /// The card API, tickets and signing of an authorizer, its tokens from the component.
    /// Calls for a merchant that has not authorized the platform fail with
    /// [`CallError::NotAuthorized`].
    pub fn authorizer(&self, app_id: &str) -> Result<CardClient<S>, CallError> {
        let mut authorizers = self.inner.authorizers.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(client) = authorizers.get(app_id) {
            return Ok(client.clone());
        }
        let source = AuthorizerSource {
            app_id: app_id.into(),
            component: self.inner.component.clone(),
            store: self.inner.store.clone(),
        };
        let client = WeChatClient::new(source, self.inner.client_options.clone())?;
        let manager = TicketManager::new(client, self.inner.store.clone(), self.inner.manager_options.clone());
        let client = CardClient::new(manager);
        authorizers.insert(app_id.into(), client.clone());
        Ok(client)
    }

    /// Whether `app_id` has authorized the platform (its refresh token is kept), as the store
    /// says now: an `unauthorized` received by another instance counts at once.
    pub async fn is_authorized(&self, app_id: &str) -> Result<bool, CallError> {
        Ok(self.inner.store.get(&refresh_token_key(app_id)).await?.is_some())
    }

    /// Keeps the `component_verify_ticket` WeChat pushed.
    pub async fn keep_verify_ticket(&self, ticket: &str) -> Result<(), CallError> {
        let expires_at = crate::now_seconds().unwrap_or(0) + VERIFY_TICKET_SECONDS;
        self.inner.store.put(&verify_ticket_key(self.app_id()), &Stored { value: ticket.into(), expires_at }).await?;
        Ok(())
    }

    /// A pre-auth code (`api_create_preauthcode`), valid 10 minutes, for one authorization link.
    pub async fn pre_auth_code(&self) -> Result<String, CallError> {
        #[derive(Deserialize)]
        struct Code {
            pre_auth_code: String,
        }
        let body = json!({ "component_appid": self.app_id() });
        let c: Code = component_call(&self.inner.component, "/cgi-bin/component/api_create_preauthcode", &body).await?;
        Ok(c.pre_auth_code)
    }

    /// The link a merchant's admin opens to authorize the platform (componentloginpage); WeChat
    /// then sends the browser to `redirect_uri` with `auth_code`, for [`Platform::query_auth`].
    /// `auth_type` 1: official accounts only, 2: mini programs only, 3: both.
    pub async fn authorization_url(&self, redirect_uri: &str, auth_type: u8) -> Result<String, CallError> {
        let code = self.pre_auth_code().await?;
        let auth_type = auth_type.to_string();
        let params = [
            ("component_appid", self.app_id()),
            ("pre_auth_code", code.as_str()),
            ("redirect_uri", redirect_uri),
            ("auth_type", auth_type.as_str()),
        ];
        let url = reqwest::Url::parse_with_params("https://mp.weixin.qq.com/cgi-bin/componentloginpage", params)
            .map_err(|_| CallError::Rejected(crate::Error::new(crate::ErrorKind::NotOneOf, "redirect_uri")))?;
        Ok(url.into())
    }

    /// Completes an authorization (`api_query_auth`): keeps the authorizer's refresh token and
    /// its first access_token, and answers its appid.
    pub async fn query_auth(&self, authorization_code: &str) -> Result<String, CallError> {
        #[derive(Deserialize)]
        struct Answer {
            authorization_info: Info,
        }
        #[derive(Deserialize)]
        struct Info {
            authorizer_appid: String,
            authorizer_access_token: String,
            expires_in: u64,
            authorizer_refresh_token: String,
        }
        if authorization_code.is_empty() {
            return Err(CallError::Rejected(crate::Error::new(crate::ErrorKind::Missing, "authorization_code")));
        }
        let body = json!({ "component_appid": self.app_id(), "authorization_code": authorization_code });
        let a: Answer = component_call(&self.inner.component, "/cgi-bin/component/api_query_auth", &body).await?;
        let info = a.authorization_info;
        keep_refresh_token(&self.inner.store, &info.authorizer_appid, &info.authorizer_refresh_token).await?;
        let fetched = Fetched { value: info.authorizer_access_token, expires_in: info.expires_in };
        self.authorizer(&info.authorizer_appid)?.manager().seed_access_token(fetched).await?;
        tracing::info!(target: "wxcard::platform", "{} authorized the platform", info.authorizer_appid);
        Ok(info.authorizer_appid)
    }

    /// Stops serving `app_id`: its refresh token, token and tickets are forgotten.
    pub async fn unauthorize(&self, app_id: &str) -> Result<(), CallError> {
        let key = refresh_token_key(app_id);
        if let Some(stored) = self.inner.store.get(&key).await? {
            self.inner.store.remove_if(&key, &stored.value).await?;
        }
        self.authorizer(app_id)?.manager().forget().await?;
        tracing::info!(target: "wxcard::platform", "{app_id} withdrew its authorization: no longer served");
        Ok(())
    }

    /// Acts on a push to the authorization URL (opened with [`Platform::push_config`]): a
    /// `component_verify_ticket`, `authorized`, `updateauthorized` or `unauthorized`. Other
    /// notices are left alone.
    pub async fn notice(&self, push: &Push) -> Result<(), CallError> {
        let field = |name| push.fields.get(name).unwrap_or_default();
        match field("InfoType") {
            "component_verify_ticket" => self.keep_verify_ticket(field("ComponentVerifyTicket")).await,
            "authorized" | "updateauthorized" => self.query_auth(field("AuthorizationCode")).await.map(drop),
            "unauthorized" => self.unauthorize(field("AuthorizerAppid")).await,
            _ => Ok(()),
        }
    }
}
