//! QR codes that give cards.

use super::*;

pub fn routes() -> Router<Arc<FakeState>> {
    Router::new().route("/card/qrcode/create", post(qrcode_create))
}

async fn qrcode_create(Managed { s, body }: Managed) -> Response {
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
