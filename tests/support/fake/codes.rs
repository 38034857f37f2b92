//! Codes: decrypt, get, consume, mark, update, unavailable, a user's cards, code import.

use super::*;

pub fn routes() -> Router<Arc<FakeState>> {
    Router::new()
        .route("/card/code/decrypt", post(decrypt))
        .route("/card/code/get", post(code_get))
        .route("/card/code/consume", post(consume))
        .route("/card/code/mark", post(mark))
        .route("/card/code/update", post(code_update))
        .route("/card/code/unavailable", post(code_unavailable))
        .route("/card/user/getcardlist", post(getcardlist))
        .route("/card/code/deposit", post(code_deposit))
        .route("/card/code/getdepositcount", post(getdepositcount))
        .route("/card/code/checkcode", post(checkcode))
}

async fn decrypt(CardCall { s, body }: CardCall) -> Response {
    let encrypt = body["encrypt_code"].as_str().unwrap_or("");
    match s.encrypted.lock().unwrap().get(encrypt) {
        Some(code) => Json(json!({ "errcode": 0, "errmsg": "ok", "code": code })).into_response(),
        None => err(40075, "invalid encrypt code"),
    }
}

async fn code_get(CardCall { s, body }: CardCall) -> Response {
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

async fn consume(CardCall { s, body }: CardCall) -> Response {
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

async fn mark(CardCall { body, .. }: CardCall) -> Response {
    if body["openid"].as_str().unwrap_or("").is_empty() {
        return err(40003, "invalid openid");
    }
    err(0, "ok")
}

async fn code_update(Managed { s, body }: Managed) -> Response {
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

async fn code_unavailable(Managed { s, body }: Managed) -> Response {
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

async fn getcardlist(Managed { s, body }: Managed) -> Response {
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

async fn code_deposit(Managed { s, body }: Managed) -> Response {
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

async fn getdepositcount(Managed { s, body }: Managed) -> Response {
    let card_id = known_card!(s, body);
    let count = s.deposited.lock().unwrap().get(card_id).map_or(0, Vec::len);
    ok(json!({ "count": count }))
}

async fn checkcode(Managed { s, body }: Managed) -> Response {
    let (card_id, codes) = match card_and_codes(&s, &body) {
        Ok(found) => found,
        Err((errcode, errmsg)) => return err(errcode, errmsg),
    };
    let stored = s.deposited.lock().unwrap().get(card_id).cloned().unwrap_or_default();
    let (exist, not_exist): (Vec<String>, Vec<String>) = codes.into_iter().partition(|c| stored.contains(c));
    ok(json!({ "exist_code": exist, "not_exist_code": not_exist }))
}
