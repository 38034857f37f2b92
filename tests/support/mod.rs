//! A local fake of the WeChat API for the server tests: token, stable_token, getticket (both
//! kinds), the card-code calls, card management (create, update, get, batchget, delete, stock,
//! QR code, whitelist, image upload, landing page, datacube), code import, and the member-card
//! calls (activate, activation form, form answers, member data, updates), the tickets' updates
//! (meeting ticket, movie ticket, boarding pass check-in), with counters and fault injection.
//! Its checks are its own, written from the documents' error codes, not the crate's validator.
#![allow(dead_code)]

pub mod cards;
pub mod logs;
pub mod pusher;
pub mod redis_server;

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

/// The form fields the fake accepts: the document's list, and the spellings WeChat's answers use.
const FORM_FLAGS: [&str; 14] = [
    "USER_FORM_INFO_FLAG_MOBILE",
    "USER_FORM_INFO_FLAG_SEX",
    "USER_FORM_INFO_FLAG_NAME",
    "USER_FORM_INFO_FLAG_BIRTHDAY",
    "USER_FORM_INFO_FLAG_IDCARD",
    "USER_FORM_INFO_FLAG_EMAIL",
    "USER_FORM_INFO_FLAG_LOCATION",
    "USER_FORM_INFO_FLAG_EDUCATION_BACKGRO",
    "USER_FORM_INFO_FLAG_INDUSTRY",
    "USER_FORM_INFO_FLAG_INCOME",
    "USER_FORM_INFO_FLAG_HABIT",
    "USER_FORM_INFO_FLAG_EDUCATION_BACKGROUND",
    "USER_FORM_INFO_FLAG_DETAIL_LOCATION",
    "USER_FORM_INFO_FLAG_CAREER",
];

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
    let Some(card_id) = s.card_of(code) else {
        return err(40056, "invalid serial code");
    };
    let consumed = s.consumed.lock().unwrap().contains(code);
    let expired = s.expired.lock().unwrap().contains(code);
    let unavailable = s.unavailable.lock().unwrap().contains(code);
    let status = if consumed {
        "CONSUMED"
    } else if unavailable {
        "UNAVAILABLE"
    } else if expired {
        "EXPIRE"
    } else {
        "NORMAL"
    };
    let mut answer = json!({
        // As WeChat answers: with check_consume false, can_consume stays true for a used code.
        "errcode": 0, "errmsg": "ok", "openid": OPENID,
        "can_consume": status == "NORMAL" || body["check_consume"] == json!(false),
        "user_card_status": status, "outer_str": "fake-scene",
        "card": { "card_id": card_id, "begin_time": 1404205036, "end_time": 1404205036 }
    });
    if let Some(member) = s.members.lock().unwrap().get(code) {
        for key in ["membership_number", "bonus", "balance"] {
            answer[key] = member[key].clone();
        }
    }
    Json(answer).into_response()
}

async fn consume(
    State(s): State<Arc<FakeState>>,
    Query(q): Query<HashMap<String, String>>,
    Json(body): Json<Value>,
) -> Response {
    if let Some(r) = card_call(&s, &q, &body).await {
        return r;
    }
    let (code, card_id) = match code_state(&s, &body) {
        Ok(found) => found,
        Err((errcode, errmsg)) => return err(errcode, errmsg),
    };
    if s.expired.lock().unwrap().contains(&code) {
        return err(40079, "card expired");
    }
    if !s.consumed.lock().unwrap().insert(code) {
        return err(40099, "invalid code, this code has consumed.");
    }
    Json(json!({ "errcode": 0, "errmsg": "ok", "card": { "card_id": card_id }, "openid": OPENID })).into_response()
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

/// The token check and the 48001 fault of the card management calls.
async fn manage_call(s: &FakeState, q: &HashMap<String, String>, body: &Value) -> Option<Response> {
    if let Some(r) = card_call(s, q, body).await {
        return Some(r);
    }
    if s.faults.lock().unwrap().unauthorized {
        return Some(err(48001, "api unauthorized"));
    }
    None
}

const CARD_TYPES: [&str; 6] = ["GROUPON", "CASH", "DISCOUNT", "GIFT", "GENERAL_COUPON", "MEMBER_CARD"];

async fn card_create(
    State(s): State<Arc<FakeState>>,
    Query(q): Query<HashMap<String, String>>,
    Json(body): Json<Value>,
) -> Response {
    if let Some(r) = manage_call(&s, &q, &body).await {
        return r;
    }
    let card = &body["card"];
    let card_type = card["card_type"].as_str().unwrap_or("");
    if !CARD_TYPES.contains(&card_type) {
        return err(40071, "invalid card type");
    }
    let base = &card[card_type.to_lowercase()]["base_info"];
    for field in ["logo_url", "brand_name", "title", "color", "notice", "description"] {
        if !base[field].is_string() {
            return err(40053, "check document");
        }
    }
    if !base["sku"]["quantity"].is_u64() || base["can_share"].is_string() || base["get_limit"].is_string() {
        return err(40053, "check document");
    }
    let date = &base["date_info"];
    let mismatch = match date["type"].as_str() {
        Some("DATE_TYPE_FIX_TIME_RANGE") => !date["fixed_term"].is_null() || date["end_timestamp"].is_null(),
        Some("DATE_TYPE_FIX_TERM") => !date["begin_timestamp"].is_null() || date["fixed_term"].is_null(),
        // The member-card document: a card with no end.
        Some("DATE_TYPE_PERMANENT") => card_type != "MEMBER_CARD",
        _ => true,
    };
    if card_type == "MEMBER_CARD" {
        // The member-card document: prerogative, supply_bonus and supply_balance are required;
        // bonus_rule's values are numbers. The ways to activate are not counted: WeChat's own
        // example sets auto_activate and activate_url, and a card may set none.
        let member = &card["member_card"];
        let rule_ok = member["bonus_rule"].as_object().is_none_or(|r| r.values().all(Value::is_u64));
        if !member["prerogative"].is_string()
            || !member["supply_bonus"].is_boolean()
            || !member["supply_balance"].is_boolean()
            || !rule_ok
        {
            return err(40053, "check document");
        }
    }
    if mismatch {
        return err(47001, "data format error");
    }
    if !base["logo_url"].as_str().unwrap_or("").starts_with("http://mmbiz.qpic.cn/") {
        return err(40005, "invalid logo url");
    }
    let mut cards = s.cards.lock().unwrap();
    let card_id = format!("pFake{:023}", cards.len() + 1);
    cards.insert(card_id.clone(), card.clone());
    Json(json!({ "errcode": 0, "errmsg": "ok", "card_id": card_id })).into_response()
}

async fn card_update(
    State(s): State<Arc<FakeState>>,
    Query(q): Query<HashMap<String, String>>,
    Json(body): Json<Value>,
) -> Response {
    if let Some(r) = manage_call(&s, &q, &body).await {
        return r;
    }
    let card_id = body["card_id"].as_str().unwrap_or("");
    let Some(card) = s.cards.lock().unwrap().get(card_id).cloned() else {
        return err(40073, "invalid card id");
    };
    let key = card["card_type"].as_str().unwrap_or("").to_lowercase();
    let Some(base) = body[&key].get("base_info") else {
        return err(40053, "check document");
    };
    // A member card's update ("更改会员卡信息") changes its title too, and sends it back to review;
    // the coupons' update does not take a title.
    let title_changes = key == "member_card";
    if !base["brand_name"].is_null() || (!title_changes && !base["title"].is_null()) || !base["sku"].is_null() {
        return err(40053, "check document");
    }
    let send_check = !base["logo_url"].is_null() || !base["title"].is_null();
    Json(json!({ "errcode": 0, "errmsg": "ok", "send_check": send_check })).into_response()
}

async fn qrcode_create(
    State(s): State<Arc<FakeState>>,
    Query(q): Query<HashMap<String, String>>,
    Json(body): Json<Value>,
) -> Response {
    if let Some(r) = manage_call(&s, &q, &body).await {
        return r;
    }
    let cards: Vec<Value> = match body["action_name"].as_str() {
        Some("QR_CARD") => vec![body["action_info"]["card"].clone()],
        Some("QR_MULTIPLE_CARD") => {
            body["action_info"]["multiple_card"]["card_list"].as_array().cloned().unwrap_or_default()
        }
        _ => return err(40097, "invalid args"),
    };
    let known = s.cards.lock().unwrap();
    if cards.is_empty() || cards.iter().any(|c| !known.contains_key(c["card_id"].as_str().unwrap_or(""))) {
        return err(40073, "invalid card id");
    }
    let ticket = format!("gQFAKE{}", known.len());
    let mut answer = json!({
        "errcode": 0, "errmsg": "ok", "ticket": ticket, "url": format!("http://weixin.qq.com/q/{ticket}"),
        "show_qrcode_url": format!("https://mp.weixin.qq.com/cgi-bin/showqrcode?ticket={ticket}"),
    });
    if let Some(seconds) = body["expire_seconds"].as_u64() {
        answer["expire_seconds"] = json!(seconds);
    }
    Json(answer).into_response()
}

async fn testwhitelist(
    State(s): State<Arc<FakeState>>,
    Query(q): Query<HashMap<String, String>>,
    Json(body): Json<Value>,
) -> Response {
    if let Some(r) = manage_call(&s, &q, &body).await {
        return r;
    }
    let list = |k: &str| -> Vec<String> {
        body[k].as_array().into_iter().flatten().filter_map(|v| v.as_str().map(String::from)).collect()
    };
    *s.whitelist.lock().unwrap() = (list("openid"), list("username"));
    err(0, "ok")
}

async fn uploadimg(
    State(s): State<Arc<FakeState>>,
    Query(q): Query<HashMap<String, String>>,
    headers: axum::http::HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    if let Some(r) = card_call(&s, &q, &Value::Null).await {
        return r;
    }
    let content_type = headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("");
    let Some(boundary) = content_type.strip_prefix("multipart/form-data; boundary=") else {
        return err(41005, "media data missing");
    };
    // The part named "buffer": headers, a blank line, the bytes, then the closing boundary.
    let text = body.as_ref();
    let Some(header_at) = find(text, b"name=\"buffer\"") else {
        return err(41005, "media data missing");
    };
    let start = header_at + find(&text[header_at..], b"\r\n\r\n").unwrap() + 4;
    let end = start + find(&text[start..], format!("\r\n--{boundary}").as_bytes()).unwrap();
    let image = &text[start..end];
    if !image.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return err(40005, "invalid file type");
    }
    if image.len() > 1024 * 1024 {
        return err(40009, "invalid image size");
    }
    let mut images = s.images.lock().unwrap();
    let url = format!("http://mmbiz.qpic.cn/mmbiz/FAKE{}/0", images.len());
    images.insert(url.clone(), image.len());
    Json(json!({ "url": url })).into_response()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Days since 1970-01-01 of a strict YYYY-MM-DD date, by counting (independent of the crate).
fn fake_day(s: &str) -> Option<i64> {
    let parts: Vec<&str> = s.split('-').collect();
    if s.len() != 10 || parts.len() != 3 || parts.iter().any(|p| !p.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let (y, m, d): (i64, usize, i64) = (parts[0].parse().ok()?, parts[1].parse().ok()?, parts[2].parse().ok()?);
    if !(1..=12).contains(&m) || d < 1 || d > fake_months(y)[m - 1] || y < 1970 {
        return None;
    }
    let days: i64 = (1970..y).map(|y| if fake_leap(y) { 366 } else { 365 }).sum::<i64>()
        + fake_months(y)[..m - 1].iter().sum::<i64>();
    Some(days + d - 1)
}

fn fake_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn fake_months(y: i64) -> [i64; 12] {
    [31, if fake_leap(y) { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
}

/// The YYYY-MM-DD of a day number, by counting.
fn fake_date(mut day: i64) -> String {
    let mut y = 1970;
    while day >= if fake_leap(y) { 366 } else { 365 } {
        day -= if fake_leap(y) { 366 } else { 365 };
        y += 1;
    }
    let mut m = 0;
    while day >= fake_months(y)[m] {
        day -= fake_months(y)[m];
        m += 1;
    }
    format!("{y}-{:02}-{:02}", m + 1, day + 1)
}

async fn datacube(s: &FakeState, q: &HashMap<String, String>, body: &Value, per_card: bool) -> Response {
    datacube_rows(s, q, body, per_card, false).await
}

async fn datacube_rows(
    s: &FakeState,
    q: &HashMap<String, String>,
    body: &Value,
    per_card: bool,
    members: bool,
) -> Response {
    if let Some(r) = manage_call(s, q, body).await {
        return r;
    }
    let (Some(begin), Some(end)) =
        (body["begin_date"].as_str().and_then(fake_day), body["end_date"].as_str().and_then(fake_day))
    else {
        return err(61500, "date format error");
    };
    if end < begin || end - begin + 1 > 62 {
        return err(61501, "date range error");
    }
    let list: Vec<Value> = (begin..=end)
        .map(|day| {
            let date = fake_date(day);
            let mut row = json!({ "ref_date": date, "view_cnt": day - begin + 10, "view_user": 5, "receive_cnt": 3 });
            if per_card {
                row["card_id"] = body.get("card_id").cloned().unwrap_or(json!("pFakeCard"));
                row["card_type"] = json!(4);
            }
            if members {
                row["active_user"] = json!(2);
                row["total_user"] = json!(100 + day - begin);
                row["total_receive_user"] = json!(120);
            }
            row
        })
        .collect();
    Json(json!({ "list": list })).into_response()
}

async fn bizuininfo(
    State(s): State<Arc<FakeState>>,
    Query(q): Query<HashMap<String, String>>,
    Json(body): Json<Value>,
) -> Response {
    datacube(&s, &q, &body, false).await
}

async fn cardinfo(
    State(s): State<Arc<FakeState>>,
    Query(q): Query<HashMap<String, String>>,
    Json(body): Json<Value>,
) -> Response {
    datacube(&s, &q, &body, true).await
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
            .route("/card/create", post(card_create))
            .route("/card/update", post(card_update))
            .route("/card/qrcode/create", post(qrcode_create))
            .route("/card/testwhitelist/set", post(testwhitelist))
            .route("/cgi-bin/media/uploadimg", post(uploadimg))
            .route("/datacube/getcardbizuininfo", post(bizuininfo))
            .route("/datacube/getcardcardinfo", post(cardinfo))
            .route("/datacube/getcardmembercardinfo", post(membercardinfo))
            .route("/card/get", post(card_get))
            .route("/card/batchget", post(card_batchget))
            .route("/card/delete", post(card_delete))
            .route("/card/modifystock", post(modifystock))
            .route("/card/code/update", post(code_update))
            .route("/card/code/unavailable", post(code_unavailable))
            .route("/card/user/getcardlist", post(getcardlist))
            .route("/card/code/deposit", post(code_deposit))
            .route("/card/code/getdepositcount", post(getdepositcount))
            .route("/card/code/checkcode", post(checkcode))
            .route("/card/landingpage/create", post(landingpage_create))
            .route("/card/membercard/activate", post(member_activate))
            .route("/card/membercard/activateuserform/set", post(activateuserform_set))
            .route("/card/membercard/activate/geturl", post(activate_geturl))
            .route("/card/membercard/activatetempinfo/get", post(activatetempinfo_get))
            .route("/card/membercard/userinfo/get", post(userinfo_get))
            .route("/card/membercard/updateuser", post(updateuser))
            .route("/card/meetingticket/updateuser", post(meetingticket_updateuser))
            .route("/card/movieticket/updateuser", post(movieticket_updateuser))
            .route("/card/boardingpass/checkin", post(boardingpass_checkin))
            .with_state(Arc::clone(&state));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Fake { url, state }
    }

    pub fn faults(&self) -> std::sync::MutexGuard<'_, Faults> {
        self.state.faults.lock().unwrap()
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

async fn membercardinfo(
    State(s): State<Arc<FakeState>>,
    Query(q): Query<HashMap<String, String>>,
    Json(body): Json<Value>,
) -> Response {
    datacube_rows(&s, &q, &body, false, true).await
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

async fn card_get(
    State(s): State<Arc<FakeState>>,
    Query(q): Query<HashMap<String, String>>,
    Json(body): Json<Value>,
) -> Response {
    if let Some(r) = manage_call(&s, &q, &body).await {
        return r;
    }
    let card_id = known_card!(s, body);
    let card = s.cards.lock().unwrap().get(card_id).cloned();
    let card = card.unwrap_or_else(
        || json!({ "card_type": "MEMBER_CARD", "member_card": { "base_info": { "id": card_id, "title": "会员卡" } } }),
    );
    ok(json!({ "card": card }))
}

async fn card_batchget(
    State(s): State<Arc<FakeState>>,
    Query(q): Query<HashMap<String, String>>,
    Json(body): Json<Value>,
) -> Response {
    if let Some(r) = manage_call(&s, &q, &body).await {
        return r;
    }
    let (Some(offset), Some(count)) = (body["offset"].as_u64(), body["count"].as_u64()) else {
        return err(40053, "check document");
    };
    if !(1..=50).contains(&count) {
        return err(40097, "invalid args");
    }
    const STATUSES: [&str; 5] = [
        "CARD_STATUS_NOT_VERIFY",
        "CARD_STATUS_VERIFY_FAIL",
        "CARD_STATUS_VERIFY_OK",
        "CARD_STATUS_DELETE",
        "CARD_STATUS_DISPATCH",
    ];
    let wanted: Vec<&str> = body["status_list"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
    if wanted.iter().any(|w| !STATUSES.contains(w)) {
        return err(40097, "invalid args");
    }
    let mut all: Vec<(String, &str)> =
        s.cards.lock().unwrap().keys().map(|id| (id.clone(), "CARD_STATUS_VERIFY_OK")).collect();
    all.extend(s.deleted.lock().unwrap().iter().map(|id| (id.clone(), "CARD_STATUS_DELETE")));
    all.sort();
    let matching: Vec<String> =
        all.into_iter().filter(|(_, st)| wanted.is_empty() || wanted.contains(st)).map(|(id, _)| id).collect();
    let page: Vec<&String> = matching.iter().skip(offset as usize).take(count as usize).collect();
    ok(json!({ "card_id_list": page, "total_num": matching.len() }))
}

async fn card_delete(
    State(s): State<Arc<FakeState>>,
    Query(q): Query<HashMap<String, String>>,
    Json(body): Json<Value>,
) -> Response {
    if let Some(r) = manage_call(&s, &q, &body).await {
        return r;
    }
    let card_id = text(&body, "card_id");
    if s.cards.lock().unwrap().remove(card_id).is_none() {
        return err(40073, "invalid card id");
    }
    s.deleted.lock().unwrap().insert(card_id.to_owned());
    ok(json!({}))
}

async fn modifystock(
    State(s): State<Arc<FakeState>>,
    Query(q): Query<HashMap<String, String>>,
    Json(body): Json<Value>,
) -> Response {
    if let Some(r) = manage_call(&s, &q, &body).await {
        return r;
    }
    if !number_or_absent(&body, "increase_stock_value") || !number_or_absent(&body, "reduce_stock_value") {
        return err(40053, "check document");
    }
    let increase = body["increase_stock_value"].as_u64().unwrap_or(0);
    let reduce = body["reduce_stock_value"].as_u64().unwrap_or(0);
    let card_id = text(&body, "card_id");
    let mut cards = s.cards.lock().unwrap();
    let Some(card) = cards.get_mut(card_id) else {
        return err(40073, "invalid card id");
    };
    if increase == 0 && reduce == 0 {
        return err(40097, "invalid args");
    }
    let key = card["card_type"].as_str().unwrap_or("").to_lowercase();
    let quantity = &mut card[key.as_str()]["base_info"]["sku"]["quantity"];
    let now = quantity.as_u64().unwrap_or(0);
    if increase > 100_000_000 || now + increase < reduce {
        return err(40122, "invalid quantity");
    }
    *quantity = json!(now + increase - reduce);
    ok(json!({}))
}

async fn code_update(
    State(s): State<Arc<FakeState>>,
    Query(q): Query<HashMap<String, String>>,
    Json(body): Json<Value>,
) -> Response {
    if let Some(r) = manage_call(&s, &q, &body).await {
        return r;
    }
    if body["card_id"].as_str().is_none() {
        return err(41012, "missing card_id");
    }
    let (code, card_id) = match code_state(&s, &body) {
        Ok(found) => found,
        Err((errcode, errmsg)) => return err(errcode, errmsg),
    };
    if s.consumed.lock().unwrap().contains(&code) {
        return err(40099, "invalid code, this code has consumed.");
    }
    let new_code = text(&body, "new_code").to_owned();
    if new_code.is_empty() || s.card_of(&new_code).is_some() {
        return err(40116, "invalid code");
    }
    for c in s.encrypted.lock().unwrap().values_mut().filter(|c| **c == code) {
        c.clone_from(&new_code);
    }
    s.code_cards.lock().unwrap().insert(new_code.clone(), card_id);
    let mut members = s.members.lock().unwrap();
    if let Some(member) = members.remove(&code) {
        members.insert(new_code, member);
    }
    ok(json!({}))
}

async fn code_unavailable(
    State(s): State<Arc<FakeState>>,
    Query(q): Query<HashMap<String, String>>,
    Json(body): Json<Value>,
) -> Response {
    if let Some(r) = manage_call(&s, &q, &body).await {
        return r;
    }
    let (code, _) = match code_state(&s, &body) {
        Ok(found) => found,
        Err((errcode, errmsg)) => return err(errcode, errmsg),
    };
    if s.consumed.lock().unwrap().contains(&code) {
        return err(40099, "invalid code, this code has consumed.");
    }
    s.unavailable.lock().unwrap().insert(code);
    ok(json!({}))
}

async fn getcardlist(
    State(s): State<Arc<FakeState>>,
    Query(q): Query<HashMap<String, String>>,
    Json(body): Json<Value>,
) -> Response {
    if let Some(r) = manage_call(&s, &q, &body).await {
        return r;
    }
    let openid = text(&body, "openid");
    if openid.is_empty() {
        return err(40003, "invalid openid");
    }
    let mut codes: Vec<String> = s.encrypted.lock().unwrap().values().cloned().collect();
    codes.sort();
    let unavailable = s.unavailable.lock().unwrap().clone();
    let list: Vec<Value> = codes
        .into_iter()
        .filter(|c| openid == OPENID && !unavailable.contains(c))
        .filter_map(|c| s.card_of(&c).map(|card_id| (c, card_id)))
        .filter(|(_, card_id)| body["card_id"].as_str().is_none_or(|want| want == card_id))
        .map(|(code, card_id)| json!({ "code": code, "card_id": card_id }))
        .collect();
    ok(json!({ "card_list": list, "has_share_card": false }))
}

fn code_list(body: &Value) -> Option<Vec<String>> {
    body["code"].as_array()?.iter().map(|c| c.as_str().map(String::from)).collect()
}

/// `card_id` and the list `code` of code/deposit and code/checkcode: a known card, 1 to 100
/// codes; else the errcode and errmsg.
fn card_and_codes<'b>(s: &FakeState, body: &'b Value) -> Result<(&'b str, Vec<String>), (i64, &'static str)> {
    let card_id = text(body, "card_id");
    if !s.card_known(card_id) {
        return Err((40073, "invalid card id"));
    }
    let Some(codes) = code_list(body) else {
        return Err((40053, "check document"));
    };
    if codes.is_empty() || codes.len() > 100 {
        return Err((40097, "invalid args"));
    }
    Ok((card_id, codes))
}

async fn code_deposit(
    State(s): State<Arc<FakeState>>,
    Query(q): Query<HashMap<String, String>>,
    Json(body): Json<Value>,
) -> Response {
    if let Some(r) = manage_call(&s, &q, &body).await {
        return r;
    }
    let (card_id, codes) = match card_and_codes(&s, &body) {
        Ok(found) => found,
        Err((errcode, errmsg)) => return err(errcode, errmsg),
    };
    let mut deposited = s.deposited.lock().unwrap();
    let stored = deposited.entry(card_id.to_owned()).or_default();
    let (mut succ, mut duplicate, mut fail) = (vec![], vec![], vec![]);
    for code in codes {
        if code.is_empty() || code.len() > 128 {
            fail.push(code);
        } else if stored.contains(&code) {
            duplicate.push(code);
        } else {
            stored.push(code.clone());
            succ.push(code);
        }
    }
    ok(json!({ "succ_code": succ, "duplicate_code": duplicate, "fail_code": fail }))
}

async fn getdepositcount(
    State(s): State<Arc<FakeState>>,
    Query(q): Query<HashMap<String, String>>,
    Json(body): Json<Value>,
) -> Response {
    if let Some(r) = manage_call(&s, &q, &body).await {
        return r;
    }
    let card_id = known_card!(s, body);
    let count = s.deposited.lock().unwrap().get(card_id).map_or(0, Vec::len);
    ok(json!({ "count": count }))
}

async fn checkcode(
    State(s): State<Arc<FakeState>>,
    Query(q): Query<HashMap<String, String>>,
    Json(body): Json<Value>,
) -> Response {
    if let Some(r) = manage_call(&s, &q, &body).await {
        return r;
    }
    let (card_id, codes) = match card_and_codes(&s, &body) {
        Ok(found) => found,
        Err((errcode, errmsg)) => return err(errcode, errmsg),
    };
    let stored = s.deposited.lock().unwrap().get(card_id).cloned().unwrap_or_default();
    let (exist, not_exist): (Vec<String>, Vec<String>) = codes.into_iter().partition(|c| stored.contains(c));
    ok(json!({ "exist_code": exist, "not_exist_code": not_exist }))
}

async fn landingpage_create(
    State(s): State<Arc<FakeState>>,
    Query(q): Query<HashMap<String, String>>,
    Json(body): Json<Value>,
) -> Response {
    if let Some(r) = manage_call(&s, &q, &body).await {
        return r;
    }
    if !body["can_share"].is_boolean() || text(&body, "page_title").is_empty() {
        return err(40053, "check document");
    }
    let cards = body["card_list"].as_array().cloned().unwrap_or_default();
    if cards.is_empty() || cards.iter().any(|c| !s.card_known(c["card_id"].as_str().unwrap_or(""))) {
        return err(40073, "invalid card id");
    }
    let mut pages = s.landing_pages.lock().unwrap();
    pages.push(body.clone());
    let page_id = pages.len();
    ok(
        json!({ "url": format!("https://mp.weixin.qq.com/bizmall/cardlandingpage?page_id={page_id}"), "page_id": page_id }),
    )
}

async fn member_activate(
    State(s): State<Arc<FakeState>>,
    Query(q): Query<HashMap<String, String>>,
    Json(body): Json<Value>,
) -> Response {
    if let Some(r) = manage_call(&s, &q, &body).await {
        return r;
    }
    if text(&body, "membership_number").is_empty() || text(&body, "code").is_empty() {
        return err(41011, "missing required fields");
    }
    if !["init_bonus", "init_balance", "activate_begin_time", "activate_end_time"]
        .iter()
        .all(|k| number_or_absent(&body, k))
    {
        return err(40053, "check document");
    }
    let (code, _) = match code_state(&s, &body) {
        Ok(found) => found,
        Err((errcode, errmsg)) => return err(errcode, errmsg),
    };
    let form = s
        .activate_tickets
        .lock()
        .unwrap()
        .values()
        .find(|(c, _)| *c == code)
        .map(|(_, info)| info.clone())
        .unwrap_or_else(|| json!({ "common_field_list": [], "custom_field_list": [] }));
    let member = json!({
        "membership_number": body["membership_number"],
        "bonus": body["init_bonus"].as_i64().unwrap_or(0),
        "balance": body["init_balance"].as_i64().unwrap_or(0),
        "custom_field_value1": body["init_custom_field_value1"],
        "user_info": form,
    });
    s.members.lock().unwrap().insert(code, member);
    ok(json!({}))
}

async fn activateuserform_set(
    State(s): State<Arc<FakeState>>,
    Query(q): Query<HashMap<String, String>>,
    Json(body): Json<Value>,
) -> Response {
    if let Some(r) = manage_call(&s, &q, &body).await {
        return r;
    }
    let card_id = known_card!(s, body);
    for form in ["required_form", "optional_form"] {
        let flags = body[form]["common_field_id_list"].as_array().cloned().unwrap_or_default();
        if flags.iter().any(|f| !FORM_FLAGS.contains(&f.as_str().unwrap_or(""))) {
            return err(40053, "check document");
        }
    }
    s.user_forms.lock().unwrap().insert(card_id.to_owned(), body.clone());
    ok(json!({}))
}

async fn activate_geturl(
    State(s): State<Arc<FakeState>>,
    Query(q): Query<HashMap<String, String>>,
    Json(body): Json<Value>,
) -> Response {
    if let Some(r) = manage_call(&s, &q, &body).await {
        return r;
    }
    let card_id = known_card!(s, body);
    let url = format!(
        "https://mp.weixin.qq.com/bizmall/activatemembercard?action=preshow&&encrypt_card_id=ENC{card_id}&outer_str={}&biz=FAKE#wechat_redirect",
        text(&body, "outer_str")
    );
    ok(json!({ "url": url }))
}

async fn activatetempinfo_get(
    State(s): State<Arc<FakeState>>,
    Query(q): Query<HashMap<String, String>>,
    Json(body): Json<Value>,
) -> Response {
    if let Some(r) = manage_call(&s, &q, &body).await {
        return r;
    }
    match s.activate_tickets.lock().unwrap().get(text(&body, "activate_ticket")) {
        Some((_, info)) => ok(json!({ "info": info })),
        None => err(40097, "invalid args"),
    }
}

async fn userinfo_get(
    State(s): State<Arc<FakeState>>,
    Query(q): Query<HashMap<String, String>>,
    Json(body): Json<Value>,
) -> Response {
    if let Some(r) = manage_call(&s, &q, &body).await {
        return r;
    }
    if body["card_id"].as_str().is_none() {
        return err(41012, "missing card_id");
    }
    let (code, _) = match code_state(&s, &body) {
        Ok(found) => found,
        Err((errcode, errmsg)) => return err(errcode, errmsg),
    };
    let members = s.members.lock().unwrap();
    let member = members.get(&code);
    let get = |k: &str, or: Value| member.map(|m| m[k].clone()).filter(|v| !v.is_null()).unwrap_or(or);
    ok(json!({
        "openid": OPENID, "nickname": "Fourier", "sex": "MALE",
        "membership_number": get("membership_number", json!("")),
        "bonus": get("bonus", json!(0)), "balance": get("balance", json!(0)),
        "user_info": get("user_info", json!({ "common_field_list": [], "custom_field_list": [] })),
        "user_card_status": "NORMAL", "has_active": member.is_some(),
    }))
}

async fn updateuser(
    State(s): State<Arc<FakeState>>,
    Query(q): Query<HashMap<String, String>>,
    Json(body): Json<Value>,
) -> Response {
    if let Some(r) = manage_call(&s, &q, &body).await {
        return r;
    }
    if !["bonus", "add_bonus", "balance", "add_balance"].iter().all(|k| number_or_absent(&body, k)) {
        return err(40053, "check document");
    }
    let (code, _) = match code_state(&s, &body) {
        Ok(found) => found,
        Err((errcode, errmsg)) => return err(errcode, errmsg),
    };
    let mut members = s.members.lock().unwrap();
    let Some(member) = members.get_mut(&code) else {
        // Not activated: there is no member to update.
        return err(40056, "invalid serial code");
    };
    for (total, change) in [("bonus", "add_bonus"), ("balance", "add_balance")] {
        let now = member[total].as_i64().unwrap_or(0);
        member[total] = json!(body[total].as_i64().unwrap_or(now + body[change].as_i64().unwrap_or(0)));
    }
    for k in ["custom_field_value1", "custom_field_value2", "custom_field_value3", "record_bonus", "record_balance"] {
        if !body[k].is_null() {
            member[k] = body[k].clone();
        }
    }
    if !body["notify_optional"].is_null() {
        member["notify_optional"] = body["notify_optional"].clone();
    }
    ok(json!({ "result_bonus": member["bonus"], "result_balance": member["balance"], "openid": OPENID }))
}

// Tickets (特殊票券): the document's update calls. A required field missing or empty, or a
// value of the wrong JSON type, is 40053 (check document); a time that is not a whole number of
// seconds is 47001 (data format error, the time fields' code); then the code: 40056 when no
// user holds it, 40073 when card_id is another card's, 40127 when it was made unavailable.

fn text_present(body: &Value, key: &str) -> bool {
    body[key].as_str().is_some_and(|v| !v.is_empty())
}

fn text_or_absent(body: &Value, key: &str) -> bool {
    body[key].is_null() || body[key].is_string()
}

/// The checks every ticket call shares: the code and its card, as `(errcode, errmsg)`.
fn ticket_code(s: &FakeState, body: &Value) -> Result<String, (i64, &'static str)> {
    if !text_present(body, "code") || !text_or_absent(body, "card_id") {
        return Err((40053, "check document"));
    }
    code_state(s, body).map(|(code, _)| code)
}

/// What the update puts on the ticket, kept per code.
fn keep_ticket(s: &FakeState, code: String, body: &Value) {
    let mut updates = s.ticket_updates.lock().unwrap();
    let kept = updates.entry(code).or_insert_with(|| json!({}));
    for (k, v) in body.as_object().into_iter().flatten() {
        kept[k.as_str()] = v.clone();
    }
}

async fn meetingticket_updateuser(
    State(s): State<Arc<FakeState>>,
    Query(q): Query<HashMap<String, String>>,
    Json(body): Json<Value>,
) -> Response {
    if let Some(r) = manage_call(&s, &q, &body).await {
        return r;
    }
    if !["zone", "entrance", "seat_number"].iter().all(|k| text_present(&body, k)) {
        return err(40053, "check document");
    }
    if !number_or_absent(&body, "begin_time") || !number_or_absent(&body, "end_time") {
        return err(47001, "data format error");
    }
    ticket_answer(&s, &body)
}

/// The end of the three ticket calls: the code must be a ticket of the card; it is kept.
fn ticket_answer(s: &FakeState, body: &Value) -> Response {
    match ticket_code(s, body) {
        Ok(code) => {
            keep_ticket(s, code, body);
            ok(json!({}))
        }
        Err((errcode, errmsg)) => err(errcode, errmsg),
    }
}

async fn movieticket_updateuser(
    State(s): State<Arc<FakeState>>,
    Query(q): Query<HashMap<String, String>>,
    Json(body): Json<Value>,
) -> Response {
    if let Some(r) = manage_call(&s, &q, &body).await {
        return r;
    }
    if !text_present(&body, "ticket_class") || body["show_time"].is_null() || !body["duration"].is_u64() {
        return err(40053, "check document");
    }
    if !body["show_time"].is_u64() {
        return err(47001, "data format error");
    }
    let seats_ok = body["seat_number"].is_null()
        || body["seat_number"].as_array().is_some_and(|l| l.iter().all(|v| v.as_str().is_some_and(|v| !v.is_empty())));
    if !seats_ok || !text_or_absent(&body, "screening_room") {
        return err(40053, "check document");
    }
    ticket_answer(&s, &body)
}

async fn boardingpass_checkin(
    State(s): State<Arc<FakeState>>,
    Query(q): Query<HashMap<String, String>>,
    Json(body): Json<Value>,
) -> Response {
    if let Some(r) = manage_call(&s, &q, &body).await {
        return r;
    }
    if !(body["is_cancel"].is_null() || body["is_cancel"].is_boolean()) {
        return err(40053, "check document");
    }
    let cancel = body["is_cancel"] == json!(true);
    // Cancelling judges none of the passenger's fields.
    if !cancel && !["passenger_name", "class", "etkt_bnr"].iter().all(|k| text_present(&body, k)) {
        return err(40053, "check document");
    }
    let code = match ticket_code(&s, &body) {
        Ok(code) => code,
        Err((errcode, errmsg)) => return err(errcode, errmsg),
    };
    keep_ticket(&s, code.clone(), &body);
    s.ticket_updates.lock().unwrap().get_mut(&code).unwrap()["checked_in"] = json!(!cancel);
    ok(json!({}))
}
