//! A local fake of the WeChat API for the server tests: token, stable_token, getticket (both
//! kinds) and the card-code calls, with counters and fault injection.
#![allow(dead_code)]

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};

pub const APP_ID: &str = "wxfake0123456789";
pub const SECRET: &str = "fake-app-secret-0123456789abcdef";

/// What the fake does wrong, counted down per getticket call.
#[derive(Default)]
pub struct Faults {
    /// expires_in of issued tickets and tokens (0: 7200).
    pub expires_in: u64,
    /// getticket answers 40001 for the next N calls.
    pub invalid_token: u32,
    /// getticket answers -1 (busy) for the next N calls.
    pub busy: u32,
    /// getticket answers HTTP 500 for the next N calls.
    pub status_500: u32,
    /// getticket answers garbage for the next N calls.
    pub malformed: u32,
    /// getticket waits this long for the next `slow` calls.
    pub delay: Duration,
    pub slow: u32,
    /// getticket always fails with 500.
    pub down: bool,
}

#[derive(Default)]
pub struct FakeState {
    pub token_calls: AtomicU32,
    pub stable_token_calls: AtomicU32,
    pub card_ticket_calls: AtomicU32,
    pub jsapi_ticket_calls: AtomicU32,
    pub card_calls: AtomicU32,
    pub faults: Mutex<Faults>,
    /// The one valid access_token.
    pub token: Mutex<String>,
    /// The last ticket issued per kind.
    pub tickets: Mutex<HashMap<String, String>>,
    /// encrypt_code -> code.
    pub encrypted: Mutex<HashMap<String, String>>,
    pub consumed: Mutex<HashSet<String>>,
    /// Every query string and body received, to check for leaks.
    pub seen: Mutex<Vec<String>>,
}

impl FakeState {
    pub fn ticket(&self, kind: &str) -> String {
        self.tickets.lock().unwrap().get(kind).cloned().unwrap_or_default()
    }

    pub fn ticket_calls(&self, kind: &str) -> u32 {
        if kind == "wx_card" { &self.card_ticket_calls } else { &self.jsapi_ticket_calls }.load(Ordering::SeqCst)
    }

    fn expires_in(&self) -> u64 {
        match self.faults.lock().unwrap().expires_in {
            0 => 7200,
            n => n,
        }
    }

    fn issue_token(&self) -> Value {
        let n = self.token_calls.load(Ordering::SeqCst) + self.stable_token_calls.load(Ordering::SeqCst);
        let token = format!("FAKE-TOKEN-{n}-{}", "t".repeat(40));
        *self.token.lock().unwrap() = token.clone();
        json!({ "access_token": token, "expires_in": self.expires_in() })
    }

    fn token_ok(&self, token: &str) -> bool {
        *self.token.lock().unwrap() == token
    }
}

pub struct Fake {
    pub url: String,
    pub state: Arc<FakeState>,
}

fn err(errcode: i64, errmsg: &str) -> Response {
    Json(json!({ "errcode": errcode, "errmsg": errmsg })).into_response()
}

async fn token(State(s): State<Arc<FakeState>>, Query(q): Query<HashMap<String, String>>) -> Response {
    s.token_calls.fetch_add(1, Ordering::SeqCst);
    if q.get("appid").map(String::as_str) != Some(APP_ID) || q.get("secret").map(String::as_str) != Some(SECRET) {
        return err(40125, "invalid appsecret");
    }
    Json(s.issue_token()).into_response()
}

async fn stable_token(State(s): State<Arc<FakeState>>, Json(body): Json<Value>) -> Response {
    s.stable_token_calls.fetch_add(1, Ordering::SeqCst);
    if body["appid"] != APP_ID || body["secret"] != SECRET || body["grant_type"] != "client_credential" {
        return err(40125, "invalid appsecret");
    }
    Json(s.issue_token()).into_response()
}

async fn getticket(State(s): State<Arc<FakeState>>, Query(q): Query<HashMap<String, String>>) -> Response {
    let kind = q.get("type").cloned().unwrap_or_default();
    let n = match kind.as_str() {
        "wx_card" => s.card_ticket_calls.fetch_add(1, Ordering::SeqCst),
        "jsapi" => s.jsapi_ticket_calls.fetch_add(1, Ordering::SeqCst),
        _ => return err(40097, "invalid args"),
    };
    let delay = {
        let mut f = s.faults.lock().unwrap();
        if f.down {
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
        if f.invalid_token > 0 {
            f.invalid_token -= 1;
            return err(40001, "invalid credential, access_token is invalid or not latest");
        }
        if f.busy > 0 {
            f.busy -= 1;
            return err(-1, "system error");
        }
        if f.status_500 > 0 {
            f.status_500 -= 1;
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
        if f.malformed > 0 {
            f.malformed -= 1;
            return "{\"errcode\":0,\"ticket\":".into_response();
        }
        if f.slow > 0 {
            f.slow -= 1;
            f.delay
        } else {
            Duration::ZERO
        }
    };
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    if !s.token_ok(q.get("access_token").map(String::as_str).unwrap_or("")) {
        return err(40001, "invalid credential, access_token is invalid or not latest");
    }
    let ticket = format!("FAKE-{}-TICKET-{n}-{}", kind.to_uppercase(), "k".repeat(40));
    s.tickets.lock().unwrap().insert(kind, ticket.clone());
    Json(json!({ "errcode": 0, "errmsg": "ok", "ticket": ticket, "expires_in": s.expires_in() })).into_response()
}

async fn card_call(s: &FakeState, q: &HashMap<String, String>, body: &Value) -> Option<Response> {
    s.card_calls.fetch_add(1, Ordering::SeqCst);
    s.seen.lock().unwrap().push(body.to_string());
    if !s.token_ok(q.get("access_token").map(String::as_str).unwrap_or("")) {
        return Some(err(40001, "invalid credential"));
    }
    None
}

async fn decrypt(
    State(s): State<Arc<FakeState>>,
    Query(q): Query<HashMap<String, String>>,
    Json(body): Json<Value>,
) -> Response {
    if let Some(r) = card_call(&s, &q, &body).await {
        return r;
    }
    let encrypt = body["encrypt_code"].as_str().unwrap_or("");
    match s.encrypted.lock().unwrap().get(encrypt) {
        Some(code) => Json(json!({ "errcode": 0, "errmsg": "ok", "code": code })).into_response(),
        None => err(40075, "invalid encrypt code"),
    }
}

async fn code_get(
    State(s): State<Arc<FakeState>>,
    Query(q): Query<HashMap<String, String>>,
    Json(body): Json<Value>,
) -> Response {
    if let Some(r) = card_call(&s, &q, &body).await {
        return r;
    }
    let code = body["code"].as_str().unwrap_or("");
    if !s.encrypted.lock().unwrap().values().any(|c| c == code) {
        return err(40056, "invalid serial code");
    }
    let consumed = s.consumed.lock().unwrap().contains(code);
    Json(json!({
        "errcode": 0, "errmsg": "ok", "openid": "oFakeUser", "can_consume": !consumed,
        "user_card_status": if consumed { "CONSUMED" } else { "NORMAL" },
        "card": { "card_id": "pFakeCard", "begin_time": 1404205036, "end_time": 1404205036 }
    }))
    .into_response()
}

async fn consume(
    State(s): State<Arc<FakeState>>,
    Query(q): Query<HashMap<String, String>>,
    Json(body): Json<Value>,
) -> Response {
    if let Some(r) = card_call(&s, &q, &body).await {
        return r;
    }
    let code = body["code"].as_str().unwrap_or("").to_owned();
    if !s.consumed.lock().unwrap().insert(code) {
        return err(40099, "invalid code, this code has consumed.");
    }
    Json(json!({ "errcode": 0, "errmsg": "ok", "card": { "card_id": "pFakeCard" }, "openid": "oFakeUser" }))
        .into_response()
}

async fn mark(
    State(s): State<Arc<FakeState>>,
    Query(q): Query<HashMap<String, String>>,
    Json(body): Json<Value>,
) -> Response {
    if let Some(r) = card_call(&s, &q, &body).await {
        return r;
    }
    if body["openid"].as_str().unwrap_or("").is_empty() {
        return err(40003, "invalid openid");
    }
    err(0, "ok")
}

impl Fake {
    pub async fn start() -> Fake {
        let state = Arc::new(FakeState::default());
        let app = Router::new()
            .route("/cgi-bin/token", get(token))
            .route("/cgi-bin/stable_token", post(stable_token))
            .route("/cgi-bin/ticket/getticket", get(getticket))
            .route("/card/code/decrypt", post(decrypt))
            .route("/card/code/get", post(code_get))
            .route("/card/code/consume", post(consume))
            .route("/card/code/mark", post(mark))
            .with_state(Arc::clone(&state));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Fake { url, state }
    }

    pub fn faults(&self) -> std::sync::MutexGuard<'_, Faults> {
        self.state.faults.lock().unwrap()
    }
}

/// The card signature, recomputed independently (sha1_smol over byte-sorted values).
pub fn card_signature(values: &[&str]) -> String {
    let mut v: Vec<&[u8]> = values.iter().filter(|s| !s.is_empty()).map(|s| s.as_bytes()).collect();
    v.sort();
    sha1_smol::Sha1::from(v.concat()).hexdigest()
}
