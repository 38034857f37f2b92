//! The API's bookkeeping: `openapi/quota/get` (the fake's own counters as today's use),
//! `openapi/rid/get` (one failed call on record) and `clear_quota`. Not card management: no 48001.

use super::*;

/// The one rid the fake keeps a record of: a `getticket` refused with 40001. Its record's query
/// holds the fake's current access_token, as WeChat's does, for the client to redact.
const KNOWN_RID: &str = "6582bf2e-0b5c5d7e-3bd3b3a2";

pub fn routes() -> Router<Arc<FakeState>> {
    Router::new()
        .route("/cgi-bin/openapi/quota/get", post(quota_get))
        .route("/cgi-bin/openapi/rid/get", post(rid_get))
        .route("/cgi-bin/clear_quota", post(clear_quota))
}

async fn quota_get(CardCall { s, body }: CardCall) -> Response {
    let path = text(&body, "cgi_path");
    if path.is_empty() || !path.starts_with('/') {
        return err(76003, "invalid cgi_path");
    }
    if path.contains("/sns/") {
        return err(76022, "could not use this cgi_path,no permission");
    }
    let (daily_limit, used) = match path {
        "/cgi-bin/ticket/getticket" => (100_000, s.ticket_calls("wx_card") + s.ticket_calls("jsapi")),
        "/cgi-bin/stable_token" => (10_000, s.stable_token_calls.load(Ordering::SeqCst)),
        "/cgi-bin/token" => (2_000, s.token_calls.load(Ordering::SeqCst)),
        card if card.starts_with("/card/") => (1_000_000, s.card_calls.load(Ordering::SeqCst)),
        _ => return err(76021, "cgi_path not found, please check"),
    };
    ok(json!({
        "quota": { "daily_limit": daily_limit, "used": used, "remain": daily_limit - used },
        "rate_limit": { "call_count": 5_000, "refresh_second": 60 },
    }))
}

async fn rid_get(CardCall { s, body }: CardCall) -> Response {
    let rid = text(&body, "rid");
    let well_formed = rid.split('-').count() == 3
        && rid.split('-').all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_hexdigit()));
    if !well_formed {
        return err(76002, "rid is error");
    }
    if rid != KNOWN_RID {
        return err(76001, "rid not found");
    }
    let token = s.token.lock().unwrap().clone();
    ok(json!({
        "request": {
            "invoke_time": 1_702_018_862,
            "cost_in_ms": 12,
            "request_url": format!("access_token={token}&type=wx_card"),
            "request_body": "",
            "response_body": format!(r#"{{"errcode":40001,"errmsg":"invalid credential rid: {KNOWN_RID}"}}"#),
            "client_ip": "203.0.113.7",
        }
    }))
}

async fn clear_quota(CardCall { body, .. }: CardCall) -> Response {
    if text(&body, "appid") != APP_ID {
        return err(40013, "invalid appid");
    }
    ok(json!({}))
}
