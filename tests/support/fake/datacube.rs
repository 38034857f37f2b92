//! Statistics (datacube): a row per day of a checked date range.

use super::*;

pub fn routes() -> Router<Arc<FakeState>> {
    Router::new()
        .route("/datacube/getcardbizuininfo", post(bizuininfo))
        .route("/datacube/getcardcardinfo", post(cardinfo))
        .route("/datacube/getcardmembercardinfo", post(membercardinfo))
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

/// A row per day of the body's date range: per card, or with the member cards' counts.
fn datacube_rows(body: &Value, per_card: bool, members: bool) -> Response {
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

async fn bizuininfo(Managed { body, .. }: Managed) -> Response {
    datacube_rows(&body, false, false)
}

async fn cardinfo(Managed { body, .. }: Managed) -> Response {
    datacube_rows(&body, true, false)
}

async fn membercardinfo(Managed { body, .. }: Managed) -> Response {
    datacube_rows(&body, false, true)
}
