//! Landing pages (货架).

use super::*;

pub fn routes() -> Router<Arc<FakeState>> {
    Router::new().route("/card/landingpage/create", post(landingpage_create))
}

async fn landingpage_create(Managed { s, body }: Managed) -> Response {
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
