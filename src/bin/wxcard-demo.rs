//! The demo server: the pages of `www/`, the npm package of `pkg/`, and the card endpoints under
//! `/api`, on 127.0.0.1.
//!
//! Without WeChat credentials it runs in sandbox mode (made-up tickets, a local stand-in for
//! code decryption) and says so. `WXCARD_APPID` and `WXCARD_SECRET` select real WeChat;
//! `WXCARD_API_BASE` points at another API host, `WXCARD_REDIS_URL` shares tickets in Redis.
//!
//! With `WXCARD_TOKEN` it also receives WeChat's pushes at `/wechat/events` (the URL to give
//! 服务器配置), in safe and compatible mode too when `WXCARD_AES_KEY` holds the EncodingAESKey
//! (the previous one after a comma while a key change settles), for the appid of `WXCARD_APPID`
//! (no secret needed). `GET /api/events` lists the last 100 card events received, newest first,
//! with WeChat's own field names: in sandbox mode without `WXCARD_APPID`, or with
//! `WXCARD_SHOW_EVENTS=1` (real events name users and their codes: whoever reaches the demo
//! reads them).

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use axum::extract::State;
use axum::http::{header, HeaderValue, Method};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use clap::Parser;
use tower_http::cors::CorsLayer;
use tower_http::services::{ServeDir, ServeFile};
use wxcard::push::{Push, PushConfig};
use wxcard::server::{busifavor_router, BusifavorRequest, PayMerchant};
use wxcard::server::{
    events_router, router_with, CardBackend, CardClient, ClientOptions, Credentials, HandlerError, ManagerOptions,
    MemoryClaims, MemoryStore, Policy, RateLimit, Reply, RouterOptions, Sandbox, TicketManager, WeChatClient,
};
use wxcard::server::{Asker, CardExtRequest, DecryptCodeRequest, MemberActivateRequest, Rules, ServerError};
use wxcard::{ApiTicket, JsapiTicket};

#[derive(Parser)]
#[command(name = "wxcard-demo", about = "wxcard demo: card pages and signing endpoints on 127.0.0.1")]
struct Args {
    /// Port on 127.0.0.1.
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// The pages.
    #[arg(long, default_value = "www")]
    www: PathBuf,
    /// The npm package (built by `make pkg`).
    #[arg(long, default_value = "pkg")]
    pkg: PathBuf,
    /// The official JS-SDK, served at /vendor/jweixin.js (the npm package weixin-js-sdk).
    #[arg(long, default_value = "node_modules/weixin-js-sdk/index.js")]
    jssdk: PathBuf,
    /// Origins allowed to call /api from other sites (CORS is off without one). Repeatable.
    #[arg(long = "cors-origin")]
    cors_origins: Vec<String>,
    /// Card_ids the pages may have signed, besides the demo's own. Repeatable.
    #[arg(long = "card-id")]
    card_ids: Vec<String>,
    /// Hosts whose pages wx.config is signed for, besides 127.0.0.1 and localhost (the
    /// official account's JS-interface safe domains). Repeatable.
    #[arg(long = "page-domain")]
    page_domains: Vec<String>,
    /// Requests a minute per client on each signing, decrypting and status endpoint (0: no
    /// limit, for load tests); the diagnosis keeps its own 30 a minute.
    #[arg(long, default_value_t = 600)]
    rate_limit: u32,
}

/// The router's options: the demo's own rate on every endpoint but the diagnosis.
fn options(args: &Args) -> RouterOptions {
    let limit = (args.rate_limit > 0).then(|| RateLimit::per_minute(args.rate_limit));
    RouterOptions {
        jsapi_config_limit: limit,
        card_ext_limit: limit,
        choose_card_limit: limit,
        decrypt_code_limit: limit,
        activate_limit: limit,
        status_limit: limit,
        ..RouterOptions::default()
    }
}

/// The card_ids of the demo's pages and tests.
const DEMO_CARDS: [&str; 3] = ["pjZ8Yt1XGILfi-FUsewpnnolGgZk", "pCardA", "pCardB"];

/// The sandbox's WeChat Pay merchant (WeChat Pay's sample merchant id) and its 商家券 batches.
const SANDBOX_MCH_ID: &str = "1900000109";
const SANDBOX_STOCKS: [&str; 2] = ["1212", "3434"];
/// The openid of the sandbox's made-up session: the demo has no login.
const SANDBOX_OPENID: &str = "oSandboxUser-wxcard-demo0000";

/// The sandbox's APIv2 key: made up (WXCARD_SANDBOX_PAY_KEY when tests fix it).
fn sandbox_merchant() -> Result<PayMerchant, wxcard::Error> {
    let key = std::env::var("WXCARD_SANDBOX_PAY_KEY").unwrap_or_else(|_| "wxcardsandboxpaykeynotarealkey00".into());
    Ok(PayMerchant { mch_id: SANDBOX_MCH_ID.into(), key: wxcard::ApiV2Key::new(key)? })
}

/// The demo's policy: its own cards, pages and origins. In sandbox mode the signatures are made
/// up, so pages may also name codes and openids and sign any page URL (to try things out); with
/// real tickets none of that.
fn policy(args: &Args, port: u16, sandbox: bool) -> Policy {
    let own = [format!("http://127.0.0.1:{port}"), format!("http://localhost:{port}")];
    let mut domains = vec!["127.0.0.1".to_owned(), "localhost".to_owned()];
    domains.extend(args.page_domains.iter().cloned());
    let builder = Policy::builder()
        .card_ids(DEMO_CARDS)
        .card_ids(args.card_ids.iter().cloned())
        .origins(own)
        .origins(args.cors_origins.iter().cloned())
        .page_domains(domains);
    if !sandbox {
        return builder.build();
    }
    // 商家券: the sandbox's batches, for the made-up session's user.
    let sandbox_user = |_: Asker<'_>| Some(SANDBOX_OPENID.to_owned());
    let busifavor = Policy::builder().stock_ids(SANDBOX_STOCKS).openid_from(sandbox_user);
    Policy::custom(SandboxRules(builder.allow_body_codes().allow_body_openids(), busifavor))
}

/// The sandbox's rules: the demo's, except that any page URL is signed (with made-up tickets);
/// and 商家券 for the made-up session.
struct SandboxRules(wxcard::server::PolicyBuilder, wxcard::server::PolicyBuilder);

impl Rules for SandboxRules {
    fn card_ext(&self, a: Asker<'_>, input: CardExtRequest) -> Result<CardExtRequest, ServerError> {
        self.0.card_ext(a, input)
    }
    fn choose_card(
        &self,
        a: Asker<'_>,
        input: wxcard::ChooseCardParams,
    ) -> Result<wxcard::ChooseCardParams, ServerError> {
        self.0.choose_card(a, input)
    }
    fn jsapi_config(
        &self,
        _: Asker<'_>,
        input: wxcard::JsapiConfigParams,
    ) -> Result<wxcard::JsapiConfigParams, ServerError> {
        Ok(input)
    }
    fn decrypt_code(&self, a: Asker<'_>, input: DecryptCodeRequest) -> Result<DecryptCodeRequest, ServerError> {
        self.0.decrypt_code(a, input)
    }
    fn member_activate(
        &self,
        a: Asker<'_>,
        input: MemberActivateRequest,
    ) -> Result<MemberActivateRequest, ServerError> {
        self.0.member_activate(a, input)
    }
    fn busifavor(&self, a: Asker<'_>, input: BusifavorRequest) -> Result<BusifavorRequest, ServerError> {
        self.1.busifavor(a, input)
    }
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()))
        .with_target(false)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stdout()))
        .init();
    match run(Args::parse()).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("wxcard-demo: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// Sandbox tickets are random, unless tests fix them to check signatures independently.
fn sandbox() -> Result<Sandbox, Box<dyn std::error::Error>> {
    const APP_ID: &str = "wx0000000000sandbox";
    match (std::env::var("WXCARD_SANDBOX_API_TICKET"), std::env::var("WXCARD_SANDBOX_JSAPI_TICKET")) {
        (Ok(api), Ok(jsapi)) => Ok(Sandbox::with_tickets(APP_ID, ApiTicket::new(api)?, JsapiTicket::new(jsapi)?)),
        _ => Ok(Sandbox::new(APP_ID)?),
    }
}

async fn run(args: Args) -> Result<(), Box<dyn std::error::Error>> {
    if !args.pkg.join("wasm/wxcard_bg.wasm").exists() {
        return Err(format!("{} has no wasm build: run `make pkg` first", args.pkg.display()).into());
    }
    let var = |name| std::env::var(name).ok().filter(|v: &String| !v.is_empty());
    let Some((app_id, secret)) = var("WXCARD_APPID").zip(var("WXCARD_SECRET")) else {
        tracing::warn!("SANDBOX MODE: made-up tickets; WeChat will refuse these signatures. Set WXCARD_APPID and WXCARD_SECRET for real ones.");
        return serve(sandbox()?, args).await;
    };
    let mut options = ClientOptions::default();
    if let Some(base) = var("WXCARD_API_BASE") {
        options.base_url = base;
    }
    let client = WeChatClient::new(Credentials::new(app_id, secret), options)?;
    match var("WXCARD_REDIS_URL") {
        #[cfg(feature = "redis")]
        Some(url) => {
            let store = wxcard::server::RedisStore::connect(&url).await?;
            tracing::info!("WECHAT MODE, tickets shared in Redis");
            serve(CardClient::new(TicketManager::new(client, store, ManagerOptions::default())), args).await
        }
        #[cfg(not(feature = "redis"))]
        Some(_) => Err("WXCARD_REDIS_URL is set but this build has no `redis` feature".into()),
        None => {
            tracing::info!("WECHAT MODE, tickets cached in this process");
            serve(CardClient::new(TicketManager::new(client, MemoryStore::new(), ManagerOptions::default())), args)
                .await
        }
    }
}

/// How many received events `GET /api/events` lists.
const EVENTS_KEPT: usize = 100;

/// The last card events received, newest first, each as its JSON.
#[derive(Clone, Default)]
struct EventLog(Arc<Mutex<VecDeque<String>>>);

impl EventLog {
    fn record(&self, push: &Push) {
        if let Ok(mut events) = self.0.lock() {
            events.push_front(serde_json::to_string(push).unwrap_or_default());
            events.truncate(EVENTS_KEPT);
        }
    }
}

async fn list_events(State(log): State<EventLog>) -> impl IntoResponse {
    let events: Vec<String> = log.0.lock().map(|e| e.iter().cloned().collect()).unwrap_or_default();
    ([(header::CONTENT_TYPE, "application/json")], format!("[{}]", events.join(",")))
}

/// In WeChat mode, unless `WXCARD_SHOW_EVENTS=1`: real users' openids and codes stay private.
async fn events_hidden() -> impl IntoResponse {
    let body =
        r#"{"code":"EVENTS_HIDDEN","message":"the demo lists real users' events only with WXCARD_SHOW_EVENTS=1"}"#;
    (axum::http::StatusCode::FORBIDDEN, [(header::CONTENT_TYPE, "application/json")], body)
}

/// The push receiver, when `WXCARD_TOKEN` is set.
async fn receiver(app_id: &str, log: &EventLog) -> Result<Option<Router>, Box<dyn std::error::Error>> {
    let var = |name| std::env::var(name).ok().filter(|v: &String| !v.is_empty());
    let Some(token) = var("WXCARD_TOKEN") else {
        return Ok(None);
    };
    // Pushes need no secret: the sandbox can receive a real account's pushes too.
    let app_id = var("WXCARD_APPID").unwrap_or_else(|| app_id.to_owned());
    let app_id = app_id.as_str();
    let aes = var("WXCARD_AES_KEY").unwrap_or_default();
    let keys: Vec<&str> = aes.split(',').map(str::trim).filter(|k| !k.is_empty()).collect();
    let config = PushConfig::new(&token, app_id, &keys)?;
    let log = log.clone();
    let handler = move |push: Push| {
        let log = log.clone();
        async move {
            log.record(&push);
            Ok::<_, HandlerError>(Reply::Success)
        }
    };
    let mode = if keys.is_empty() { "plaintext" } else { "safe and compatible" };
    match var("WXCARD_REDIS_URL") {
        #[cfg(feature = "redis")]
        Some(url) => {
            tracing::info!("receiving pushes at /wechat/events ({mode} mode), de-duplicated in Redis");
            Ok(Some(events_router(config, wxcard::server::RedisStore::connect(&url).await?, handler)))
        }
        _ => {
            tracing::info!("receiving pushes at /wechat/events ({mode} mode), de-duplicated in this process");
            Ok(Some(events_router(config, MemoryClaims::new(), handler)))
        }
    }
}

async fn serve<B: CardBackend>(backend: B, args: Args) -> Result<(), Box<dyn std::error::Error>> {
    let log = EventLog::default();
    let events = receiver(backend.app_id(), &log).await?;
    // A sandbox with WXCARD_APPID receives a real account's pushes: those stay private too.
    let real_pushes = backend.mode() != "sandbox" || std::env::var("WXCARD_APPID").is_ok_and(|v| !v.is_empty());
    let show_events = !real_pushes || std::env::var("WXCARD_SHOW_EVENTS").is_ok_and(|v| v == "1");
    let events_route = if show_events { get(list_events) } else { get(events_hidden) };
    let addr = SocketAddr::from(([127, 0, 0, 1], args.port));
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let sandbox = backend.mode() == "sandbox";
    let policy = policy(&args, listener.local_addr()?.port(), sandbox);
    // 商家券 in the sandbox only: its made-up key and session.
    let busifavor = match sandbox {
        true => busifavor_router(sandbox_merchant()?, policy.clone(), options(&args)),
        false => Router::new(),
    };
    let mut api = router_with(backend, policy, options(&args))
        .merge(busifavor)
        .merge(Router::new().route("/events", events_route).with_state(log));
    if !args.cors_origins.is_empty() {
        let origins = args.cors_origins.iter().map(|o| o.parse::<HeaderValue>()).collect::<Result<Vec<_>, _>>()?;
        api = api.layer(
            CorsLayer::new()
                .allow_origin(origins)
                .allow_methods([Method::GET, Method::POST])
                .allow_headers([axum::http::header::CONTENT_TYPE]),
        );
    }
    let mut app = Router::new().nest("/api", api);
    if let Some(events) = events {
        app = app.nest("/wechat/events", events);
    }
    let app = app
        .nest_service("/pkg", ServeDir::new(&args.pkg))
        .route_service("/vendor/jweixin.js", ServeFile::new(&args.jssdk))
        .fallback_service(ServeDir::new(&args.www));

    let url = format!("http://{}/", listener.local_addr()?);
    tracing::info!("wxcard demo at {url}  (debugger: {url}debugger.html)");
    println!("wxcard demo: {url}");
    // The peer address reaches the router: the diagnosis endpoint's rate limit is per client IP.
    axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
