//! The access_token and the JS-SDK tickets, with the faults the manager must survive.

use super::*;

pub fn routes() -> Router<Arc<FakeState>> {
    Router::new()
        .route("/cgi-bin/token", get(token))
        .route("/cgi-bin/stable_token", post(stable_token))
        .route("/cgi-bin/ticket/getticket", get(getticket))
}

async fn token(State(s): State<Arc<FakeState>>, Query(q): Query<HashMap<String, String>>) -> Response {
    s.token_calls.fetch_add(1, Ordering::SeqCst);
    if q.get("appid").map(String::as_str) != Some(APP_ID) || q.get("secret").map(String::as_str) != Some(SECRET) {
        return err(40125, "invalid appsecret");
    }
    Json(s.issue_token()).into_response()
}

async fn stable_token(State(s): State<Arc<FakeState>>, Json(body): Json<Value>) -> Response {
    let app_id = body["appid"].as_str().unwrap_or("");
    let account = s.accounts.lock().unwrap().get(app_id).cloned();
    if let Some(account) = account {
        if let Some(errcode) = account.refuse_with {
            return err(errcode, "refused by the test");
        }
        if body["secret"] != account.secret.as_str() || body["grant_type"] != "client_credential" {
            return err(40125, "invalid appsecret");
        }
        let (token, _) = s.issue_account_token(app_id, false);
        return Json(json!({ "access_token": token, "expires_in": 7200 })).into_response();
    }
    s.stable_token_calls.fetch_add(1, Ordering::SeqCst);
    if body["appid"] != APP_ID || body["secret"] != SECRET || body["grant_type"] != "client_credential" {
        return err(40125, "invalid appsecret");
    }
    Json(s.issue_token()).into_response()
}

async fn getticket(State(s): State<Arc<FakeState>>, Query(q): Query<HashMap<String, String>>) -> Response {
    let kind = q.get("type").cloned().unwrap_or_default();
    let token = q.get("access_token").map(String::as_str).unwrap_or("");
    let app_id = s.accounts.lock().unwrap().iter().find(|(_, a)| a.token == token).map(|(id, _)| id.clone());
    if let Some(app_id) = app_id {
        return account_ticket(&s, &app_id, &kind);
    }
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
    let again = s.faults.lock().unwrap().same_ticket.then(|| s.ticket(&kind)).filter(|t| !t.is_empty());
    let ticket = again.unwrap_or_else(|| format!("FAKE-{}-TICKET-{n}-{}", kind.to_uppercase(), "k".repeat(40)));
    s.tickets.lock().unwrap().insert(kind, ticket.clone());
    Json(json!({ "errcode": 0, "errmsg": "ok", "ticket": ticket, "expires_in": s.expires_in() })).into_response()
}

/// getticket for an added account: its own tickets, counts and faults.
fn account_ticket(s: &FakeState, app_id: &str, kind: &str) -> Response {
    if kind != "wx_card" && kind != "jsapi" {
        return err(40097, "invalid args");
    }
    let mut accounts = s.accounts.lock().unwrap();
    let account = accounts.get_mut(app_id).unwrap();
    if let Some(errcode) = account.refuse_with {
        return err(errcode, "refused by the test");
    }
    if account.invalid_token > 0 {
        account.invalid_token -= 1;
        return err(40001, "invalid credential, access_token is invalid or not latest");
    }
    let n = account.fetches.entry(kind.into()).or_default();
    *n += 1;
    let ticket = format!("FAKE-{}-TICKET-{app_id}-{n}-{}", kind.to_uppercase(), "k".repeat(40));
    account.tickets.insert(kind.into(), ticket.clone());
    Json(json!({ "errcode": 0, "errmsg": "ok", "ticket": ticket, "expires_in": 7200 })).into_response()
}
