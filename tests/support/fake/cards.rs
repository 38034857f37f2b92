//! Cards: create, update, the test whitelist, get, batchget, delete, stock.

use super::*;

pub fn routes() -> Router<Arc<FakeState>> {
    Router::new()
        .route("/card/create", post(card_create))
        .route("/card/update", post(card_update))
        .route("/card/testwhitelist/set", post(testwhitelist))
        .route("/card/get", post(card_get))
        .route("/card/batchget", post(card_batchget))
        .route("/card/delete", post(card_delete))
        .route("/card/modifystock", post(modifystock))
        .route("/card/paycell/set", post(paycell_set))
}

const CARD_TYPES: [&str; 6] = ["GROUPON", "CASH", "DISCOUNT", "GIFT", "GENERAL_COUPON", "MEMBER_CARD"];

async fn card_create(Managed { s, body }: Managed) -> Response {
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

async fn card_update(Managed { s, body }: Managed) -> Response {
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

async fn testwhitelist(Managed { s, body }: Managed) -> Response {
    let list = |k: &str| -> Vec<String> {
        body[k].as_array().into_iter().flatten().filter_map(|v| v.as_str().map(String::from)).collect()
    };
    *s.whitelist.lock().unwrap() = (list("openid"), list("username"));
    err(0, "ok")
}

async fn card_get(Managed { s, body }: Managed) -> Response {
    let card_id = known_card!(s, body);
    let card = s.cards.lock().unwrap().get(card_id).cloned();
    let card = card.unwrap_or_else(
        || json!({ "card_type": "MEMBER_CARD", "member_card": { "base_info": { "id": card_id, "title": "会员卡" } } }),
    );
    ok(json!({ "card": card }))
}

async fn card_batchget(Managed { s, body }: Managed) -> Response {
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

async fn card_delete(Managed { s, body }: Managed) -> Response {
    let card_id = text(&body, "card_id");
    if s.cards.lock().unwrap().remove(card_id).is_none() {
        return err(40073, "invalid card id");
    }
    s.deleted.lock().unwrap().insert(card_id.to_owned());
    ok(json!({}))
}

async fn modifystock(Managed { s, body }: Managed) -> Response {
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

async fn paycell_set(Managed { s, body }: Managed) -> Response {
    known_card!(s, body);
    if !body["is_open"].is_boolean() {
        return err(40053, "check document");
    }
    ok(json!({}))
}
