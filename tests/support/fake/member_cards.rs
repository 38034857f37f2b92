//! Member cards: activation, the activation form and its answers, member data and updates.

use super::*;

pub fn routes() -> Router<Arc<FakeState>> {
    Router::new()
        .route("/card/membercard/activate", post(member_activate))
        .route("/card/membercard/activateuserform/set", post(activateuserform_set))
        .route("/card/membercard/activate/geturl", post(activate_geturl))
        .route("/card/membercard/activatetempinfo/get", post(activatetempinfo_get))
        .route("/card/membercard/userinfo/get", post(userinfo_get))
        .route("/card/membercard/updateuser", post(updateuser))
}

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

async fn member_activate(Managed { s, body }: Managed) -> Response {
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

async fn activateuserform_set(Managed { s, body }: Managed) -> Response {
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

async fn activate_geturl(Managed { s, body }: Managed) -> Response {
    let card_id = known_card!(s, body);
    let url = format!(
        "https://mp.weixin.qq.com/bizmall/activatemembercard?action=preshow&&encrypt_card_id=ENC{card_id}&outer_str={}&biz=FAKE#wechat_redirect",
        text(&body, "outer_str")
    );
    ok(json!({ "url": url }))
}

async fn activatetempinfo_get(Managed { s, body }: Managed) -> Response {
    match s.activate_tickets.lock().unwrap().get(text(&body, "activate_ticket")) {
        Some((_, info)) => ok(json!({ "info": info })),
        None => err(40097, "invalid args"),
    }
}

async fn userinfo_get(Managed { s, body }: Managed) -> Response {
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

async fn updateuser(Managed { s, body }: Managed) -> Response {
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
