//! `wxcard serve --config FILE`: the server a merchant deploys (feature `serve`). The card
//! endpoints under `/api` with their policy and limits, the push receiver at `/wechat/events`,
//! tokens, tickets and push claims in Redis, `/healthz` and `/readyz`, Prometheus metrics on a
//! listener of their own, JSON log lines, and a graceful shutdown on SIGTERM or SIGINT.
//! docs/server.md shows how to run it; docs/serve.toml is the commented config.

mod config;

use std::future::IntoFuture;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::http::{HeaderName, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use clap::Args;
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use serde_json::{json, Value};
use tokio::sync::watch;
use wxcard::push::{Push, PushConfig};
use wxcard::server::{
    busifavor_router, events_receiver, metrics, platform_router, router_with, CardClient, ClientOptions, Component,
    Credentials, EventClaims, EventsOptions, Fallback, HandlerError, LateHandlers, ManagerOptions, MemoryClaims,
    MemoryStore, Platform, PlatformRoutes, Policy, PolicyBuilder, RateLimit, RedisStore, Reply, RouterOptions,
    TicketManager, TicketStore, TokenService, WeChatClient,
};

use config::{Account, Config, LogFormat};

#[derive(Args)]
pub struct ServeArgs {
    /// The config file (TOML): docs/serve.toml is a commented sample.
    #[arg(long)]
    config: PathBuf,
    /// Overrides the file's `server.log_format`.
    #[arg(long, value_enum)]
    log_format: Option<LogFormat>,
}

/// Reads the config, then serves until SIGTERM or SIGINT. A bad config exits 2 before anything
/// listens; a failure to start exits 1.
pub fn run(args: ServeArgs) -> ExitCode {
    let config = match Config::load(&args.config) {
        Ok(config) => config,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    init_logs(args.log_format.unwrap_or(config.server.log_format));
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(serve(config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e}");
            ExitCode::FAILURE
        }
    }
}

/// One line per event on stdout: JSON objects, or text. `RUST_LOG` filters (default `info`).
fn init_logs(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into());
    let logs = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stdout);
    match format {
        LogFormat::Json => logs.json().flatten_event(true).with_current_span(false).init(),
        LogFormat::Text => logs.with_ansi(false).init(),
    }
}

type Failure = Box<dyn std::error::Error + Send + Sync>;

async fn serve(config: Config) -> Result<(), Failure> {
    let prometheus = PrometheusBuilder::new().install_recorder()?;
    match &config.redis {
        Some(redis) => {
            let redis = RedisStore::connect(&redis.url.read("redis.url")?).await?;
            tracing::info!("tokens, tickets and push claims shared in Redis");
            // Redis down: each instance goes on from its memory, one log line per outage.
            let store = Fallback::new(redis.clone(), MemoryStore::new());
            let claims = store.sharing(MemoryClaims::new());
            start(config, store, claims, Some(redis), prometheus).await
        }
        None => {
            tracing::warn!("no [redis]: tokens and push claims are this instance's own; run one instance only");
            start(config, MemoryStore::new(), MemoryClaims::new(), None, prometheus).await
        }
    }
}

async fn start<S: TicketStore + Clone, C: EventClaims + Clone>(
    config: Config,
    store: S,
    claims: C,
    redis: Option<RedisStore>,
    prometheus: PrometheusHandle,
) -> Result<(), Failure> {
    let default = match (&config.server.default_account, config.accounts.as_slice()) {
        (Some(name), _) => Some(name.clone()),
        (None, [only]) => Some(only.name.clone()),
        (None, _) => None,
    };
    let mut app = Router::new().route("/healthz", get(|| async { "ok" }));
    let mut accounts = Vec::new();
    let mut late = Vec::new();
    for account in &config.accounts {
        let backend =
            CardClient::new(TicketManager::new(client(&config, account)?, store.clone(), ManagerOptions::default()));
        let policy = policy(account)?;
        let mut api = router_with(backend.clone(), policy.clone(), router_options(&config));
        if let Some(pay) = &account.pay {
            let merchant = pay.merchant(&format!("accounts.{}.pay", account.name))?;
            api = api.merge(busifavor_router(merchant, policy, router_options(&config)));
        }
        let mut routes = Router::new().nest("/api", api);
        if let Some(push) = &account.push {
            let (events, handlers) = receiver(account, push, claims.clone())?;
            routes = routes.nest("/wechat/events", events);
            late.push(handlers);
        }
        // The same routes (and rate limits) under the name, the appid, and the root for the default.
        app = app.nest(&format!("/{}", account.name), routes.clone());
        app = app.nest(&format!("/{}", account.app_id), routes.clone());
        if default.as_ref() == Some(&account.name) {
            app = app.merge(routes);
        }
        accounts.push((account.name.clone(), backend));
    }
    let mut component = None;
    if let Some(settings) = &config.platform {
        let (routes, handlers, platform) = platform(&config, settings, store.clone(), claims.clone())?;
        app = app.merge(routes);
        late.push(handlers);
        component = Some(platform);
    }
    let ready = Arc::new(Ready { accounts, component, redis });
    let app = app
        .route("/readyz", get(readiness::<S>).with_state(ready))
        .layer(axum::middleware::from_fn(metrics::count_requests));
    let metrics_app = Router::new().route("/metrics", get(move || async move { prometheus.render() }));

    let listener = tokio::net::TcpListener::bind(config.server.listen).await?;
    let metrics_listener = tokio::net::TcpListener::bind(config.server.metrics_listen).await?;
    let names: Vec<&str> = config.accounts.iter().map(|a| a.name.as_str()).collect();
    tracing::info!(
        accounts = names.join(",").as_str(),
        default = default.as_deref().unwrap_or(""),
        "serving on http://{}/ (metrics on http://{}/metrics)",
        listener.local_addr()?,
        metrics_listener.local_addr()?
    );

    let (stop, stopping) = watch::channel(false);
    let main = tokio::spawn(
        axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
            .with_graceful_shutdown(stopped(stopping.clone()))
            .into_future(),
    );
    let scrape = tokio::spawn(
        axum::serve(metrics_listener, metrics_app).with_graceful_shutdown(stopped(stopping)).into_future(),
    );
    let signal = shutdown_signal().await;

    let deadline = Duration::from_secs(config.server.shutdown_seconds);
    tracing::info!(
        "{signal}: no new connections; finishing requests and push handlers in flight, for at most {}s",
        deadline.as_secs()
    );
    let _ = stop.send(true);
    let drained = tokio::time::timeout(deadline, async {
        let _ = main.await;
        for handlers in &late {
            handlers.wait().await;
        }
    })
    .await;
    scrape.abort();
    match drained {
        Ok(()) => tracing::info!("stopped"),
        Err(_) => {
            let running: usize = late.iter().map(LateHandlers::running).sum();
            tracing::warn!("stopped at the deadline: {running} push handlers cut off")
        }
    }
    Ok(())
}

/// The account's WeChat client, its tokens from its appsecret or from the central service.
fn client(config: &Config, account: &Account) -> Result<WeChatClient, Failure> {
    let options = ClientOptions { base_url: config.server.wechat_api.clone(), ..ClientOptions::default() };
    let what = |key: &str| format!("accounts.{}.{key}", account.name);
    Ok(match (&account.secret, &account.token_service) {
        (Some(secret), _) => {
            WeChatClient::new(Credentials::new(&account.app_id, secret.read(&what("secret"))?), options)?
        }
        (None, Some(service)) => {
            let key = service.key.as_ref().map(|k| k.read(&what("token_service.key"))).transpose()?;
            WeChatClient::new(TokenService::new(&account.app_id, &service.url, key), options)?
        }
        (None, None) => return Err(what("secret").into()),
    })
}

/// The third-party platform's routes (docs/platform.md), its authorizers' pushes forwarded.
fn platform<S: TicketStore + Clone, C: EventClaims + Clone>(
    config: &Config,
    settings: &config::Platform,
    store: S,
    claims: C,
) -> Result<(Router, LateHandlers, Platform<S>), Failure> {
    let aes_keys = settings.aes_keys.iter().map(|k| k.read("platform.aes_keys")).collect::<Result<Vec<_>, _>>()?;
    let component = Component {
        app_id: settings.app_id.clone(),
        secret: settings.secret.read("platform.secret")?,
        token: settings.token.read("platform.token")?,
        aes_keys,
    };
    let options = ClientOptions { base_url: config.server.wechat_api.clone(), ..ClientOptions::default() };
    let platform = Platform::new(component, store, options, ManagerOptions::default())?;
    let forward = Forward::new(settings.forward_url.as_deref(), settings.forward_timeout_seconds)?;
    let (card_ids, origins, domains) =
        (settings.card_ids.clone(), settings.origins.clone(), settings.page_domains.clone());
    let routes = PlatformRoutes {
        policy: Box::new(move |_| listed(&card_ids, &origins, &domains).build()),
        options: router_options(config),
        handler: move |authorizer: String, event: Push| deliver(forward.clone(), authorizer, event),
    };
    tracing::info!(
        "third-party platform {}: /component/auth, /{{APPID}}/callback, /{{APPID}}/api/...",
        settings.app_id
    );
    let (router, late) = platform_router(platform.clone(), claims, routes);
    Ok((router, late, platform))
}

/// The account's policy: its cards, page domains and origins, and the openid from the gateway's
/// header.
fn policy(account: &Account) -> Result<Policy, Failure> {
    let mut builder = listed(&account.card_ids, &account.origins, &account.page_domains);
    if let Some(pay) = &account.pay {
        builder = builder.stock_ids(pay.stock_ids.iter().cloned());
    }
    if let Some(header) = &account.openid_header {
        let header = HeaderName::try_from(header.as_str())
            .map_err(|_| format!("openid_header {header:?}: not a header name"))?;
        builder = builder.openid_from(move |asker| {
            let openid = asker.headers.get(&header)?.to_str().ok()?.trim();
            (!openid.is_empty()).then(|| openid.to_owned())
        });
    }
    Ok(builder.build())
}

/// The built-in policy of the config's lists: the cards, page origins and page domains.
fn listed(card_ids: &[String], origins: &[String], page_domains: &[String]) -> PolicyBuilder {
    let builder = Policy::builder().card_ids(card_ids.iter().cloned()).origins(origins.iter().cloned());
    builder.page_domains(page_domains.iter().cloned())
}

fn router_options(config: &Config) -> RouterOptions {
    let limit = |n: u32| (n > 0).then(|| RateLimit::per_minute(n));
    let l = &config.limits;
    RouterOptions {
        diagnose_limit: limit(l.diagnose),
        jsapi_config_limit: limit(l.jsapi_config),
        card_ext_limit: limit(l.card_ext),
        choose_card_limit: limit(l.choose_card),
        decrypt_code_limit: limit(l.decrypt_code),
        activate_limit: limit(l.member_activate),
        status_limit: limit(l.status),
        trusted_proxies: config.server.trusted_proxies.clone(),
        max_wechat_calls: config.server.max_wechat_calls,
        timeout: Some(Duration::from_secs(config.server.request_timeout_seconds)),
        ..RouterOptions::default()
    }
}

/// The push receiver: each push forwarded to the merchant's service, or only logged.
fn receiver<C: EventClaims>(
    account: &Account,
    push: &config::Push,
    claims: C,
) -> Result<(Router, LateHandlers), Failure> {
    let what = |key: &str| format!("accounts.{}.push.{key}", account.name);
    let token = push.token.read(&what("token"))?;
    let keys = push.aes_keys.iter().map(|k| k.read(&what("aes_keys"))).collect::<Result<Vec<_>, _>>()?;
    let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
    let push_config = PushConfig::new(&token, &account.app_id, &keys)?;
    let forward = Forward::new(push.forward_url.as_deref(), push.forward_timeout_seconds)?;
    let name = account.name.clone();
    let handler = move |event: Push| deliver(forward.clone(), name.clone(), event);
    let mode = if keys.is_empty() { "plaintext" } else { "safe and compatible" };
    tracing::info!("receiving pushes at /wechat/events ({mode} mode)");
    Ok(events_receiver(push_config, claims, handler, EventsOptions::default()))
}

/// Where pushes go: the merchant's own service.
#[derive(Clone)]
struct Forward {
    http: reqwest::Client,
    url: String,
}

impl Forward {
    /// The forward to `url`, if one is configured.
    fn new(url: Option<&str>, timeout_seconds: u64) -> Result<Option<Forward>, Failure> {
        let Some(url) = url else { return Ok(None) };
        let http = reqwest::Client::builder().timeout(Duration::from_secs(timeout_seconds)).build()?;
        Ok(Some(Forward { http, url: url.to_owned() }))
    }

    /// POSTs the push as JSON, naming the account (its name, or an authorizer's appid) in
    /// `X-Wxcard-Account`; handled when the service answers 2xx.
    async fn send(&self, account: &str, event: &Push) -> Result<Reply, HandlerError> {
        let answer = self
            .http
            .post(&self.url)
            .header("x-wxcard-account", account)
            .json(event)
            .send()
            .await
            .map_err(|e| HandlerError(format!("forwarding the push failed: {}", e.without_url())))?;
        match answer.status() {
            status if status.is_success() => Ok(Reply::Success),
            status => Err(HandlerError(format!("the push's forward_url answered {}", status.as_u16()))),
        }
    }
}

/// A push handled: forwarded when a forward_url is configured, else only logged (by the
/// receiver).
async fn deliver(forward: Option<Forward>, account: String, event: Push) -> Result<Reply, HandlerError> {
    match forward {
        Some(forward) => forward.send(&account, &event).await,
        None => Ok(Reply::Success),
    }
}

/// What `/readyz` asks.
struct Ready<S: TicketStore> {
    accounts: Vec<(String, CardClient<S>)>,
    /// The third-party platform, whose component token must come too.
    component: Option<Platform<S>>,
    redis: Option<RedisStore>,
}

/// Ready when every account's access_token comes (cached or fetched) and Redis, if configured,
/// answers: 200, else 503, with what failed.
async fn readiness<S: TicketStore + Clone>(State(ready): State<Arc<Ready<S>>>) -> Response {
    // Every account at once: one slow account must not make the answer wait for the others.
    let mut checks = tokio::task::JoinSet::new();
    for (name, backend) in &ready.accounts {
        let (name, backend) = (name.clone(), backend.clone());
        checks.spawn(async move { (name, Value::String(check(backend.manager().access_token()).await)) });
    }
    if let Some(platform) = &ready.component {
        let platform = platform.clone();
        checks.spawn(async move {
            let answer = check(platform.component().access_token()).await;
            (format!("platform:{}", platform.app_id()), Value::String(answer))
        });
    }
    let mut accounts = serde_json::Map::new();
    while let Some(Ok((name, answer))) = checks.join_next().await {
        accounts.insert(name, answer);
    }
    let redis = match &ready.redis {
        None => "not configured".to_owned(),
        Some(redis) => check(redis.ping()).await,
    };
    let ok = accounts.len() == ready.accounts.len() + usize::from(ready.component.is_some())
        && accounts.values().all(|a| a == "ok")
        && (redis == "ok" || ready.redis.is_none());
    let status = if ok { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    (status, Json(json!({ "ready": ok, "accounts": accounts, "redis": redis }))).into_response()
}

/// One readiness check, within 5 seconds: `ok`, or what failed.
async fn check<T, E: std::fmt::Display>(answer: impl std::future::Future<Output = Result<T, E>>) -> String {
    match tokio::time::timeout(Duration::from_secs(5), answer).await {
        Ok(Ok(_)) => "ok".to_owned(),
        Ok(Err(e)) => e.to_string(),
        Err(_) => "timed out".to_owned(),
    }
}

/// Resolves once `stop` says so.
async fn stopped(mut stop: watch::Receiver<bool>) {
    let _ = stop.wait_for(|stopping| *stopping).await;
}

/// Waits for SIGTERM (what systemd and container runtimes send) or SIGINT (Ctrl-C).
async fn shutdown_signal() -> &'static str {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => tokio::select! {
                _ = term.recv() => "SIGTERM",
                _ = tokio::signal::ctrl_c() => "SIGINT",
            },
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
                "SIGINT"
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
        "SIGINT"
    }
}
