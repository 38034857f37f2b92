//! A third-party platform's component API (开放平台): its token from the verify ticket, the
//! pre-auth code, an authorization's query, and authorizers' tokens from refresh tokens, which
//! it can rotate. An authorizer is one of the fake's added accounts: its token then works for
//! the tickets and the card API.

use super::*;

pub fn routes() -> Router<Arc<FakeState>> {
    Router::new()
        .route("/cgi-bin/component/api_component_token", post(component_token))
        .route("/cgi-bin/component/api_create_preauthcode", post(preauthcode))
        .route("/cgi-bin/component/api_query_auth", post(query_auth))
        .route("/cgi-bin/component/api_authorizer_token", post(authorizer_token))
}

async fn component_token(State(s): State<Arc<FakeState>>, Json(body): Json<Value>) -> Response {
    let mut c = s.component.lock().unwrap();
    if body["component_appid"] != c.app_id.as_str() || body["component_appsecret"] != c.secret.as_str() {
        return err(61011, "invalid component");
    }
    // Only the last two tickets work: an old one is refused (as WeChat does after 12 hours).
    let ticket = body["component_verify_ticket"].as_str().unwrap_or("");
    if ticket.is_empty() || !c.verify_tickets.iter().rev().take(2).any(|t| t == ticket) {
        return err(61006, "component ticket is invalid");
    }
    c.token_calls += 1;
    c.token = format!("FAKE-COMPONENT-TOKEN-{}-{}", c.token_calls, "c".repeat(30));
    Json(json!({ "component_access_token": c.token, "expires_in": 7200 })).into_response()
}

/// The component_access_token check every component call makes.
fn component_ok(s: &FakeState, q: &HashMap<String, String>) -> bool {
    let c = s.component.lock().unwrap();
    !c.token.is_empty() && q.get("component_access_token") == Some(&c.token)
}

async fn preauthcode(
    State(s): State<Arc<FakeState>>,
    Query(q): Query<HashMap<String, String>>,
    Json(body): Json<Value>,
) -> Response {
    if !component_ok(&s, &q) {
        return err(40001, "invalid credential");
    }
    if body["component_appid"] != s.component.lock().unwrap().app_id.as_str() {
        return err(61011, "invalid component");
    }
    Json(json!({ "pre_auth_code": format!("preauthcode@@@{}", "p".repeat(20)), "expires_in": 600 })).into_response()
}

async fn query_auth(
    State(s): State<Arc<FakeState>>,
    Query(q): Query<HashMap<String, String>>,
    Json(body): Json<Value>,
) -> Response {
    if !component_ok(&s, &q) {
        return err(40001, "invalid credential");
    }
    let code = body["authorization_code"].as_str().unwrap_or("");
    let Some(app_id) = s.component.lock().unwrap().codes.remove(code) else {
        return err(61009, "code is invalid");
    };
    let (token, refresh) = s.issue_account_token(&app_id, true);
    Json(json!({ "authorization_info": {
        "authorizer_appid": app_id,
        "authorizer_access_token": token,
        "expires_in": 7200,
        "authorizer_refresh_token": refresh,
        "func_info": [{ "funcscope_category": { "id": 8 } }],
    }}))
    .into_response()
}

async fn authorizer_token(
    State(s): State<Arc<FakeState>>,
    Query(q): Query<HashMap<String, String>>,
    Json(body): Json<Value>,
) -> Response {
    if !component_ok(&s, &q) {
        return err(40001, "invalid credential");
    }
    let app_id = body["authorizer_appid"].as_str().unwrap_or("").to_owned();
    let rotate = {
        let mut c = s.component.lock().unwrap();
        c.authorizer_token_calls += 1;
        c.rotate_refresh_tokens
    };
    let current = s.accounts.lock().unwrap().get(&app_id).map(|a| a.refresh_token.clone()).unwrap_or_default();
    if current.is_empty() || body["authorizer_refresh_token"] != current.as_str() {
        s.component.lock().unwrap().stale_refresh_tokens += 1;
        return err(61023, "refresh_token is invalid");
    }
    let (token, refresh) = s.issue_account_token(&app_id, rotate);
    Json(json!({ "authorizer_access_token": token, "expires_in": 7200, "authorizer_refresh_token": refresh }))
        .into_response()
}
