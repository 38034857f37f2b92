//! A local fake of the WeChat API for the server tests, one file per API area as in
//! `src/server/`: tokens and tickets, cards, codes, QR codes, media, datacube, landing pages,
//! member cards and ticket cards, with counters and fault injection. Its checks are its own,
//! written from the documents' error codes, not the crate's validator.
//!
//! This file holds the state, the answers every handler shares, and the prelude every card call
//! runs ([`CardCall`], [`Managed`]): a handler takes one of them and starts with its own checks.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{FromRequest, Query, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};

pub const APP_ID: &str = "wxfake0123456789";
pub const SECRET: &str = "fake-app-secret-0123456789abcdef";
/// The card every code belongs to unless [`Fake::add_code`] says otherwise.
pub const FAKE_CARD: &str = "pFakeCard";
/// A member card the fake knows without card/create.
pub const MEMBER_CARD: &str = "pFakeMemberCard";
/// A meeting ticket (MEETING_TICKET) the fake knows without card/create.
pub const MEETING_TICKET_CARD: &str = "pFakeMeetingTicket";
/// A movie ticket (MOVIE_TICKET) the fake knows without card/create.
pub const MOVIE_TICKET_CARD: &str = "pFakeMovieTicket";
/// An air ticket (BOARDING_PASS) the fake knows without card/create.
pub const BOARDING_PASS_CARD: &str = "pFakeBoardingPass";
/// Everyone's openid in the fake.
pub const OPENID: &str = "oFakeUser";

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
    /// Card management answers 48001 (api unauthorized).
    pub unauthorized: bool,
    /// getticket answers the ticket it gave last time (with a full `expires_in`), as WeChat may
    /// when asked again before it expires.
    pub same_ticket: bool,
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
    /// Codes past their end date.
    pub expired: Mutex<HashSet<String>>,
    /// card_id -> card/create body's card object.
    pub cards: Mutex<HashMap<String, Value>>,
    /// The last test whitelist: (openids, usernames).
    pub whitelist: Mutex<(Vec<String>, Vec<String>)>,
    /// Uploaded images: URL -> size.
    pub images: Mutex<HashMap<String, usize>>,
    /// Every query string and body received, to check for leaks.
    pub seen: Mutex<Vec<String>>,
    /// code -> card_id, for codes not of [`FAKE_CARD`].
    pub code_cards: Mutex<HashMap<String, String>>,
    /// Codes made unavailable (card/code/unavailable).
    pub unavailable: Mutex<HashSet<String>>,
    /// Deleted card_ids.
    pub deleted: Mutex<HashSet<String>>,
    /// card_id -> imported codes.
    pub deposited: Mutex<HashMap<String, Vec<String>>>,
    /// code -> the member's data once activated.
    pub members: Mutex<HashMap<String, Value>>,
    /// activate_ticket -> (code, the form's answers).
    pub activate_tickets: Mutex<HashMap<String, (String, Value)>>,
    /// card_id -> the last activateuserform/set body.
    pub user_forms: Mutex<HashMap<String, Value>>,
    /// The last landing page body.
    pub landing_pages: Mutex<Vec<Value>>,
    /// code -> what the tickets' update calls put on the ticket (the last body, merged).
    pub ticket_updates: Mutex<HashMap<String, Value>>,
    /// More official accounts than [`APP_ID`]: appid -> their own state ([`Fake::add_account`]).
    pub accounts: Mutex<HashMap<String, Account>>,
    /// The third-party platform's component, when a test sets one.
    pub component: Mutex<ComponentState>,
}

/// An official account of the fake besides [`APP_ID`]: its secret, token, tickets, counts and
/// faults, apart from every other account's.
#[derive(Clone, Default)]
pub struct Account {
    pub secret: String,
    pub token: String,
    /// kind (`wx_card`, `jsapi`) -> the last ticket issued.
    pub tickets: HashMap<String, String>,
    /// What was asked: `token`, `wx_card`, `jsapi` (fetches), `card` (card API calls) -> how
    /// many times.
    pub fetches: HashMap<String, u32>,
    /// getticket answers 40001 for the next N calls.
    pub invalid_token: u32,
    /// Every call answers this errcode (45009: the day's quota spent) while it is set.
    pub refuse_with: Option<i64>,
    /// For a third-party platform's authorizer: the refresh token that works now.
    pub refresh_token: String,
}

/// The fake's third-party platform component ([`Fake::component`]).
#[derive(Clone, Default)]
pub struct ComponentState {
    pub app_id: String,
    pub secret: String,
    /// Every component_verify_ticket pushed so far; the last one is current.
    pub verify_tickets: Vec<String>,
    pub token: String,
    pub token_calls: u32,
    /// authorization_code -> the authorizer it authorizes.
    pub codes: HashMap<String, String>,
    /// api_authorizer_token hands out a new refresh token each time.
    pub rotate_refresh_tokens: bool,
    /// api_authorizer_token calls, and those refused for an old refresh token.
    pub authorizer_token_calls: u32,
    pub stale_refresh_tokens: u32,
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
        *self.token.lock().unwrap() == token || self.account_of(token).is_some()
    }

    /// The added account whose current token this is.
    pub fn account_of(&self, token: &str) -> Option<String> {
        let accounts = self.accounts.lock().unwrap();
        accounts.iter().find(|(_, a)| !token.is_empty() && a.token == token).map(|(app_id, _)| app_id.clone())
    }

    /// A new access_token for an added account (and a refresh token, the first time or when
    /// asked): its token fetches counted, the old token no longer valid.
    pub fn issue_account_token(&self, app_id: &str, new_refresh: bool) -> (String, String) {
        let mut accounts = self.accounts.lock().unwrap();
        let account = accounts.entry(app_id.into()).or_default();
        let n = account.fetches.entry("token".into()).or_default();
        *n += 1;
        account.token = format!("FAKE-TOKEN-{app_id}-{n}-{}", "t".repeat(40));
        if new_refresh || account.refresh_token.is_empty() {
            account.refresh_token = format!("refreshtoken@@@{app_id}-{n}");
        }
        (account.token.clone(), account.refresh_token.clone())
    }

    /// An added account's state.
    pub fn account(&self, app_id: &str) -> Account {
        self.accounts.lock().unwrap().get(app_id).cloned().unwrap_or_default()
    }

    /// The card a known code belongs to; `None` for a code no user received (40056).
    pub fn card_of(&self, code: &str) -> Option<String> {
        if code.is_empty() || !self.encrypted.lock().unwrap().values().any(|c| c == code) {
            return None;
        }
        Some(self.code_cards.lock().unwrap().get(code).cloned().unwrap_or_else(|| FAKE_CARD.to_owned()))
    }

    /// A card_id card management knows: created, or one of the fake's own.
    pub fn card_known(&self, card_id: &str) -> bool {
        !self.deleted.lock().unwrap().contains(card_id)
            && (card_id == FAKE_CARD || card_id == MEMBER_CARD || self.cards.lock().unwrap().contains_key(card_id))
    }
}

pub struct Fake {
    pub url: String,
    pub state: Arc<FakeState>,
}

fn err(errcode: i64, errmsg: &str) -> Response {
    Json(json!({ "errcode": errcode, "errmsg": errmsg })).into_response()
}

/// The body's `card_id` when the fake knows the card; otherwise the handler answers WeChat's 40073.
macro_rules! known_card {
    ($s:expr, $body:expr) => {{
        let card_id = text(&$body, "card_id");
        if !$s.card_known(card_id) {
            return err(40073, "invalid card id");
        }
        card_id
    }};
}

// After the macro, which the area files use.
mod cards;
mod codes;
mod component;
mod datacube;
mod landing_pages;
mod media;
mod member_cards;
mod openapi;
mod qrcodes;
mod ticket_cards;
mod tokens;

/// The token check every card call makes, and the record of what it received.
fn card_call(s: &FakeState, q: &HashMap<String, String>, body: &Value) -> Option<Response> {
    s.card_calls.fetch_add(1, Ordering::SeqCst);
    s.seen.lock().unwrap().push(body.to_string());
    let token = q.get("access_token").map(String::as_str).unwrap_or("");
    if let Some(account) = s.accounts.lock().unwrap().values_mut().find(|a| !token.is_empty() && a.token == token) {
        *account.fetches.entry("card".into()).or_default() += 1;
        if let Some(errcode) = account.refuse_with {
            return Some(err(errcode, "refused by the test"));
        }
    }
    if !s.token_ok(q.get("access_token").map(String::as_str).unwrap_or("")) {
        return Some(err(40001, "invalid credential"));
    }
    None
}

/// A card call's prelude: its JSON body, received with a valid access_token (else 40001).
pub struct CardCall {
    pub s: Arc<FakeState>,
    pub body: Value,
}

/// A card management call's prelude: a [`CardCall`], and the 48001 fault.
pub struct Managed {
    pub s: Arc<FakeState>,
    pub body: Value,
}

impl FromRequest<Arc<FakeState>> for CardCall {
    type Rejection = Response;

    async fn from_request(req: Request, state: &Arc<FakeState>) -> Result<Self, Response> {
        let Query(q) =
            Query::<HashMap<String, String>>::try_from_uri(req.uri()).map_err(IntoResponse::into_response)?;
        let Json(body) = Json::<Value>::from_request(req, state).await.map_err(IntoResponse::into_response)?;
        match card_call(state, &q, &body) {
            Some(refused) => Err(refused),
            None => Ok(CardCall { s: Arc::clone(state), body }),
        }
    }
}

impl FromRequest<Arc<FakeState>> for Managed {
    type Rejection = Response;

    async fn from_request(req: Request, state: &Arc<FakeState>) -> Result<Self, Response> {
        let CardCall { s, body } = CardCall::from_request(req, state).await?;
        if s.faults.lock().unwrap().unauthorized {
            return Err(err(48001, "api unauthorized"));
        }
        Ok(Managed { s, body })
    }
}

impl Fake {
    pub async fn start() -> Fake {
        let state = Arc::new(FakeState::default());
        let app = Router::new()
            .merge(tokens::routes())
            .merge(cards::routes())
            .merge(codes::routes())
            .merge(component::routes())
            .merge(qrcodes::routes())
            .merge(media::routes())
            .merge(datacube::routes())
            .merge(landing_pages::routes())
            .merge(member_cards::routes())
            .merge(ticket_cards::routes())
            .merge(openapi::routes())
            .with_state(Arc::clone(&state));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Fake { url, state }
    }

    pub fn faults(&self) -> std::sync::MutexGuard<'_, Faults> {
        self.state.faults.lock().unwrap()
    }

    /// Another official account, with its own secret, tokens and tickets.
    pub fn add_account(&self, app_id: &str, secret: &str) {
        let account = Account { secret: secret.into(), ..Account::default() };
        self.state.accounts.lock().unwrap().insert(app_id.into(), account);
    }

    /// The third-party platform component the fake knows.
    pub fn component(&self, app_id: &str, secret: &str) {
        let mut c = self.state.component.lock().unwrap();
        (c.app_id, c.secret) = (app_id.into(), secret.into());
    }

    /// A new component_verify_ticket, as WeChat makes every 10 minutes (the test pushes it).
    pub fn verify_ticket(&self) -> String {
        let mut c = self.state.component.lock().unwrap();
        let ticket = format!("ticket@@@fake-verify-{}", c.verify_tickets.len() + 1);
        c.verify_tickets.push(ticket.clone());
        ticket
    }

    /// An authorization code for `authorizer`, as WeChat hands one out when a merchant's admin
    /// authorizes the platform.
    pub fn authorization_code(&self, authorizer: &str) -> String {
        let mut c = self.state.component.lock().unwrap();
        let code = format!("queryauthcode@@@{authorizer}-{}", c.codes.len());
        c.codes.insert(code.clone(), authorizer.into());
        code
    }

    /// Changes an added account's state (its faults).
    pub fn with_account(&self, app_id: &str, change: impl FnOnce(&mut Account)) {
        change(self.state.accounts.lock().unwrap().get_mut(app_id).expect("an added account"));
    }

    /// A code a user received, of `card_id`, with its encrypt_code.
    pub fn add_code(&self, encrypt_code: &str, code: &str, card_id: &str) {
        self.state.encrypted.lock().unwrap().insert(encrypt_code.into(), code.into());
        if card_id != FAKE_CARD {
            self.state.code_cards.lock().unwrap().insert(code.into(), card_id.into());
        }
    }

    /// What the user filled in on the activation form, under `activate_ticket`.
    pub fn add_activate_ticket(&self, activate_ticket: &str, code: &str, info: Value) {
        self.state.activate_tickets.lock().unwrap().insert(activate_ticket.into(), (code.into(), info));
    }
}

/// The card signature, recomputed independently (sha1_smol over byte-sorted values).
pub fn card_signature(values: &[&str]) -> String {
    let mut v: Vec<&[u8]> = values.iter().filter(|s| !s.is_empty()).map(|s| s.as_bytes()).collect();
    v.sort();
    sha1_smol::Sha1::from(v.concat()).hexdigest()
}

fn ok(mut answer: Value) -> Response {
    answer["errcode"] = json!(0);
    answer["errmsg"] = json!("ok");
    Json(answer).into_response()
}

fn text<'a>(body: &'a Value, key: &str) -> &'a str {
    body[key].as_str().unwrap_or("")
}

/// A field the documents type as a whole number: absent, or a number (else 40053).
fn number_or_absent(body: &Value, key: &str) -> bool {
    body[key].is_null() || body[key].is_i64() || body[key].is_u64()
}

/// The code's card, its card_id check, and its state, as the code calls answer them.
fn code_state(s: &FakeState, body: &Value) -> Result<(String, String), (i64, &'static str)> {
    let code = text(body, "code").to_owned();
    let Some(card_id) = s.card_of(&code) else {
        return Err((40056, "invalid serial code"));
    };
    if let Some(given) = body["card_id"].as_str() {
        if given != card_id {
            return Err((40073, "invalid card id"));
        }
    }
    if s.unavailable.lock().unwrap().contains(&code) {
        return Err((40127, "code deleted or unavailable"));
    }
    Ok((code, card_id))
}
