//! Ticket cards (票证): the document's update calls. A required field missing or empty, or a value of
//! the wrong JSON type, is 40053 (check document); a time that is not a whole number of seconds is
//! 47001 (data format error, the time fields' code); then the code: 40056 when no user holds it,
//! 40073 when card_id is another card's, 40127 when it was made unavailable.

use super::*;

pub fn routes() -> Router<Arc<FakeState>> {
    Router::new()
        .route("/card/meetingticket/updateuser", post(meetingticket_updateuser))
        .route("/card/movieticket/updateuser", post(movieticket_updateuser))
        .route("/card/boardingpass/checkin", post(boardingpass_checkin))
}

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

async fn meetingticket_updateuser(Managed { s, body }: Managed) -> Response {
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

async fn movieticket_updateuser(Managed { s, body }: Managed) -> Response {
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

async fn boardingpass_checkin(Managed { s, body }: Managed) -> Response {
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
