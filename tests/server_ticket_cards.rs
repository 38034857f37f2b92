//! The tickets' (票证) update calls against the local fake WeChat API over real HTTP: the meeting
//! ticket's seat, the movie ticket's showing and seats, the air ticket's check-in and its
//! cancellation; each with the exact body WeChat received, the documented errors explained, and
//! the local checks that refuse a body before anything is sent.

mod support;

use serde_json::{json, Value};
use support::cards::{calls, cards, errcode, last_body, refusal};
use support::{Fake, BOARDING_PASS_CARD, MEETING_TICKET_CARD, MOVIE_TICKET_CARD};
use wxcard::server::*;

/// What the fake keeps of a ticket's updates.
fn kept(fake: &Fake, code: &str) -> Value {
    fake.state.ticket_updates.lock().unwrap().get(code).cloned().unwrap_or(Value::Null)
}

/// The document's example of `card/meetingticket/updateuser`.
fn meeting() -> MeetingTicketUpdate {
    MeetingTicketUpdate {
        code: "717523732898".into(),
        card_id: MEETING_TICKET_CARD.into(),
        zone: "C区".into(),
        entrance: "东北门".into(),
        seat_number: "2排15号".into(),
        ..MeetingTicketUpdate::default()
    }
}

/// The document's example of `card/movieticket/updateuser`.
fn movie() -> MovieTicketUpdate {
    MovieTicketUpdate {
        code: "277217129962".into(),
        card_id: MOVIE_TICKET_CARD.into(),
        ticket_class: "4D".into(),
        show_time: 1_408_493_192,
        duration: 120,
        screening_room: "5号影厅".into(),
        seat_number: vec!["5排14号".into(), "5排15号".into()],
    }
}

/// The document's example of `card/boardingpass/checkin`.
fn checkin() -> BoardingPassCheckin {
    BoardingPassCheckin {
        code: "198374613512".into(),
        card_id: BOARDING_PASS_CARD.into(),
        passenger_name: "乘客姓名".into(),
        class: "头等舱".into(),
        etkt_bnr: "78123456789012".into(),
        seat: "12A".into(),
        qrcode_data: "M1ZHANG/SAN          EABC123 PEKSHACA 1234 326Y012A0001 100".into(),
        ..BoardingPassCheckin::default()
    }
}

#[tokio::test]
async fn a_meeting_ticket_gets_its_seat_and_times() {
    let fake = Fake::start().await;
    let cards = cards(&fake);
    fake.add_code("m1", "717523732898", MEETING_TICKET_CARD);

    cards.update_meeting_ticket(&meeting()).await.unwrap();
    assert_eq!(
        last_body(&fake),
        json!({
            "code": "717523732898", "card_id": MEETING_TICKET_CARD,
            "zone": "C区", "entrance": "东北门", "seat_number": "2排15号",
        }),
        "no times set, none sent"
    );

    let timed = MeetingTicketUpdate {
        card_id: String::new(),
        begin_time: Some(1_700_000_000),
        end_time: Some(1_700_007_200),
        ..meeting()
    };
    cards.update_meeting_ticket(&timed).await.unwrap();
    assert_eq!(
        last_body(&fake),
        json!({
            "code": "717523732898", "zone": "C区", "entrance": "东北门", "seat_number": "2排15号",
            "begin_time": 1_700_000_000u64, "end_time": 1_700_007_200u64,
        })
    );
    assert_eq!(kept(&fake, "717523732898")["end_time"], 1_700_007_200u64);
}

#[tokio::test]
async fn a_movie_ticket_gets_its_showing_and_seats() {
    let fake = Fake::start().await;
    let cards = cards(&fake);
    fake.add_code("v1", "277217129962", MOVIE_TICKET_CARD);

    cards.update_movie_ticket(&movie()).await.unwrap();
    assert_eq!(
        last_body(&fake),
        json!({
            "code": "277217129962", "card_id": MOVIE_TICKET_CARD, "ticket_class": "4D",
            "show_time": 1_408_493_192u64, "duration": 120, "screening_room": "5号影厅",
            "seat_number": ["5排14号", "5排15号"],
        })
    );

    // Only the required fields: no room, no seats.
    let bare = MovieTicketUpdate { screening_room: String::new(), seat_number: vec![], ..movie() };
    cards.update_movie_ticket(&bare).await.unwrap();
    assert_eq!(
        last_body(&fake),
        json!({
            "code": "277217129962", "card_id": MOVIE_TICKET_CARD, "ticket_class": "4D",
            "show_time": 1_408_493_192u64, "duration": 120,
        })
    );
    assert_eq!(kept(&fake, "277217129962")["seat_number"], json!(["5排14号", "5排15号"]));
}

#[tokio::test]
async fn an_air_ticket_is_checked_in_and_cancelled() {
    let fake = Fake::start().await;
    let cards = cards(&fake);
    fake.add_code("b1", "198374613512", BOARDING_PASS_CARD);

    cards.checkin_boarding_pass(&checkin()).await.unwrap();
    assert_eq!(
        last_body(&fake),
        json!({
            "code": "198374613512", "card_id": BOARDING_PASS_CARD, "passenger_name": "乘客姓名",
            "class": "头等舱", "etkt_bnr": "78123456789012", "seat": "12A",
            "qrcode_data": "M1ZHANG/SAN          EABC123 PEKSHACA 1234 326Y012A0001 100",
        }),
        "the cabin class goes out as `class`, the bar code text as given"
    );
    assert_eq!(kept(&fake, "198374613512")["checked_in"], true);

    // Cancelling needs none of the passenger's fields.
    let cancel = BoardingPassCheckin {
        code: "198374613512".into(),
        card_id: BOARDING_PASS_CARD.into(),
        is_cancel: Some(true),
        ..BoardingPassCheckin::default()
    };
    cards.checkin_boarding_pass(&cancel).await.unwrap();
    assert_eq!(last_body(&fake), json!({ "code": "198374613512", "card_id": BOARDING_PASS_CARD, "is_cancel": true }));
    assert_eq!(kept(&fake, "198374613512")["checked_in"], false);

    // An explicit is_cancel: false is sent as such.
    cards.checkin_boarding_pass(&BoardingPassCheckin { is_cancel: Some(false), ..checkin() }).await.unwrap();
    assert_eq!(last_body(&fake)["is_cancel"], false);
    assert_eq!(kept(&fake, "198374613512")["checked_in"], true);
}

#[tokio::test]
async fn wechat_errors_come_back_explained() {
    let fake = Fake::start().await;
    let cards = cards(&fake);
    fake.add_code("m2", "717500000002", MEETING_TICKET_CARD);
    fake.add_code("v2", "277200000002", MOVIE_TICKET_CARD);
    fake.add_code("b2", "198300000002", BOARDING_PASS_CARD);

    // A code no user holds: 40056, explained.
    for e in [
        cards.update_meeting_ticket(&MeetingTicketUpdate { code: "404".into(), ..meeting() }).await.unwrap_err(),
        cards.update_movie_ticket(&MovieTicketUpdate { code: "404".into(), ..movie() }).await.unwrap_err(),
        cards.checkin_boarding_pass(&BoardingPassCheckin { code: "404".into(), ..checkin() }).await.unwrap_err(),
    ] {
        assert_eq!((errcode(&e), e.explanation().map(|x| x.code)), (Some(40056), Some(40056)), "{e}");
    }

    // The right card_id passes; another card's is 40073, explained.
    cards.update_meeting_ticket(&MeetingTicketUpdate { code: "717500000002".into(), ..meeting() }).await.unwrap();
    let wrong = MovieTicketUpdate { code: "277200000002".into(), card_id: MEETING_TICKET_CARD.into(), ..movie() };
    let e = cards.update_movie_ticket(&wrong).await.unwrap_err();
    assert_eq!((errcode(&e), e.explanation().map(|x| x.code)), (Some(40073), Some(40073)), "{e}");
    let wrong = BoardingPassCheckin { code: "198300000002".into(), card_id: MOVIE_TICKET_CARD.into(), ..checkin() };
    assert_eq!(errcode(&cards.checkin_boarding_pass(&wrong).await.unwrap_err()), Some(40073));
    let wrong = MeetingTicketUpdate { code: "717500000002".into(), card_id: BOARDING_PASS_CARD.into(), ..meeting() };
    assert_eq!(errcode(&cards.update_meeting_ticket(&wrong).await.unwrap_err()), Some(40073));

    // A code made unavailable (a refund): 40127.
    cards.make_code_unavailable("198300000002", Some(BOARDING_PASS_CARD), "退票").await.unwrap();
    let gone = BoardingPassCheckin { code: "198300000002".into(), ..checkin() };
    let e = cards.checkin_boarding_pass(&gone).await.unwrap_err();
    assert_eq!((errcode(&e), e.explanation().map(|x| x.code)), (Some(40127), Some(40127)), "{e}");
    assert_eq!(kept(&fake, "198300000002"), Value::Null, "nothing was put on the ticket");

    // An account without the card feature: 48001.
    fake.faults().unauthorized = true;
    let ok = MovieTicketUpdate { code: "277200000002".into(), ..movie() };
    let e = cards.update_movie_ticket(&ok).await.unwrap_err();
    assert_eq!((errcode(&e), e.explanation().map(|x| x.code)), (Some(48001), Some(48001)), "{e}");
}

/// What the client never sends, posted as is: the fake answers as the document says (40053 for
/// a missing field, 47001 for a time that is not a number), and the client explains both codes.
#[tokio::test]
async fn the_fake_refuses_bodies_the_document_refuses() {
    let fake = Fake::start().await;
    let cards = cards(&fake);
    fake.add_code("m3", "717500000003", MEETING_TICKET_CARD);
    fake.add_code("v3", "277200000003", MOVIE_TICKET_CARD);
    fake.add_code("b3", "198300000003", BOARDING_PASS_CARD);
    // One successful call, for a valid access_token.
    cards.update_meeting_ticket(&MeetingTicketUpdate { code: "717500000003".into(), ..meeting() }).await.unwrap();
    let token = fake.state.token.lock().unwrap().clone();
    let http = reqwest::Client::new();
    let post = |path: &str, body: Value| {
        let url = format!("{}{path}?access_token={token}", fake.url);
        let http = http.clone();
        async move { http.post(url).json(&body).send().await.unwrap().json::<Value>().await.unwrap()["errcode"].clone() }
    };

    let no_zone = json!({ "code": "717500000003", "entrance": "东北门", "seat_number": "2排15号" });
    assert_eq!(post("/card/meetingticket/updateuser", no_zone).await, 40053);
    let quoted_time = json!({ "code": "717500000003", "zone": "C区", "entrance": "东北门", "seat_number": "2排15号", "begin_time": "1700000000" });
    assert_eq!(post("/card/meetingticket/updateuser", quoted_time).await, 47001);
    let no_duration = json!({ "code": "277200000003", "ticket_class": "2D", "show_time": 1_408_493_192u64 });
    assert_eq!(post("/card/movieticket/updateuser", no_duration).await, 40053);
    let quoted_show =
        json!({ "code": "277200000003", "ticket_class": "2D", "show_time": "1408493192", "duration": 90 });
    assert_eq!(post("/card/movieticket/updateuser", quoted_show).await, 47001);
    let seat_text = json!({
        "code": "277200000003", "ticket_class": "2D", "show_time": 1_408_493_192u64, "duration": 90,
        "seat_number": "5排14号",
    });
    assert_eq!(post("/card/movieticket/updateuser", seat_text).await, 40053);
    let no_class = json!({ "code": "198300000003", "passenger_name": "张三", "etkt_bnr": "7812345678901" });
    assert_eq!(post("/card/boardingpass/checkin", no_class).await, 40053);
    let quoted_cancel = json!({ "code": "198300000003", "is_cancel": "true" });
    assert_eq!(post("/card/boardingpass/checkin", quoted_cancel).await, 40053);

    for code in [40053, 47001] {
        assert!(wxcard::explain_errcode(code).is_some(), "{code} is explained");
    }
}

#[tokio::test]
async fn bodies_that_break_the_documents_rules_are_never_sent() {
    let fake = Fake::start().await;
    let cards = cards(&fake);
    let before = calls(&fake);

    let meetings = [
        (MeetingTicketUpdate { code: String::new(), ..meeting() }, ("MISSING", "code", None)),
        (MeetingTicketUpdate { code: "7".repeat(21), ..meeting() }, ("CODE_TOO_LONG", "code", None)),
        (MeetingTicketUpdate { zone: String::new(), ..meeting() }, ("MISSING", "zone", None)),
        (MeetingTicketUpdate { entrance: String::new(), ..meeting() }, ("MISSING", "entrance", None)),
        (MeetingTicketUpdate { seat_number: String::new(), ..meeting() }, ("MISSING", "seat_number", None)),
        (
            MeetingTicketUpdate { seat_number: "2排\n15号".into(), ..meeting() },
            ("CONTROL_CHARACTER", "seat_number", None),
        ),
        (
            MeetingTicketUpdate { begin_time: Some(1_700_000_000_000), ..meeting() },
            ("TIMESTAMP_IN_MILLISECONDS", "begin_time", None),
        ),
        (
            MeetingTicketUpdate { begin_time: Some(1_700_007_200), end_time: Some(1_700_000_000), ..meeting() },
            ("OUT_OF_RANGE", "end_time", None),
        ),
    ];
    for (update, expected) in meetings {
        assert_eq!(refusal(cards.update_meeting_ticket(&update).await.unwrap_err()), expected);
    }

    let movies = [
        (MovieTicketUpdate { ticket_class: String::new(), ..movie() }, ("MISSING", "ticket_class", None)),
        (MovieTicketUpdate { show_time: 0, ..movie() }, ("MISSING", "show_time", None)),
        (
            MovieTicketUpdate { show_time: 1_408_493_192_000, ..movie() },
            ("TIMESTAMP_IN_MILLISECONDS", "show_time", None),
        ),
        (MovieTicketUpdate { duration: 0, ..movie() }, ("MISSING", "duration", None)),
        (
            MovieTicketUpdate { seat_number: vec!["5排14号".into(), String::new()], ..movie() },
            ("MISSING", "seat_number", Some(1)),
        ),
        (
            MovieTicketUpdate { screening_room: " 5号影厅".into(), ..movie() },
            ("SURROUNDING_WHITESPACE", "screening_room", None),
        ),
    ];
    for (update, expected) in movies {
        assert_eq!(refusal(cards.update_movie_ticket(&update).await.unwrap_err()), expected);
    }

    let checkins = [
        (BoardingPassCheckin { passenger_name: String::new(), ..checkin() }, ("MISSING", "passenger_name", None)),
        (BoardingPassCheckin { passenger_name: "名".repeat(16), ..checkin() }, ("TOO_LONG", "passenger_name", None)),
        (BoardingPassCheckin { class: String::new(), ..checkin() }, ("MISSING", "class", None)),
        (BoardingPassCheckin { class: "超级豪华头等舱".into(), ..checkin() }, ("TOO_LONG", "class", None)),
        (BoardingPassCheckin { etkt_bnr: String::new(), ..checkin() }, ("MISSING", "etkt_bnr", None)),
        (BoardingPassCheckin { etkt_bnr: "781234567890123".into(), ..checkin() }, ("TOO_LONG", "etkt_bnr", None)),
        (BoardingPassCheckin { code: String::new(), is_cancel: Some(true), ..checkin() }, ("MISSING", "code", None)),
        // A cancellation still refuses a malformed value it carries.
        (
            BoardingPassCheckin { code: "1".into(), is_cancel: Some(true), seat: "12A\t".into(), ..Default::default() },
            ("SURROUNDING_WHITESPACE", "seat", None),
        ),
    ];
    for (c, expected) in checkins {
        assert_eq!(refusal(cards.checkin_boarding_pass(&c).await.unwrap_err()), expected);
    }
    // The limits themselves pass: 15 and 5 汉字, 14 digits.
    BoardingPassCheckin { passenger_name: "名".repeat(15), class: "超豪华头等".into(), ..checkin() }.check().unwrap();
    BoardingPassCheckin { code: "1".into(), is_cancel: Some(true), ..BoardingPassCheckin::default() }.check().unwrap();

    assert_eq!(calls(&fake), before, "nothing reached WeChat");
    let shown = cards.update_movie_ticket(&MovieTicketUpdate { duration: 0, ..movie() }).await.unwrap_err().to_string();
    assert!(shown.contains("not sent to WeChat: duration is required") && shown.contains("(MISSING)"), "{shown}");
}

#[test]
fn the_types_carry_wechats_field_names() {
    assert_eq!(serde_json::to_value(MeetingTicketUpdate::default()).unwrap(), json!({ "code": "" }));
    assert_eq!(
        serde_json::to_value(MovieTicketUpdate::default()).unwrap(),
        json!({ "code": "", "show_time": 0, "duration": 0 })
    );
    assert_eq!(serde_json::to_value(BoardingPassCheckin::default()).unwrap(), json!({ "code": "" }));
    let back: BoardingPassCheckin = serde_json::from_value(json!({
        "code": "198374613512", "passenger_name": "乘客姓名", "class": "舱等", "seat": "座位号",
        "etkt_bnr": "电子客票号", "qrcode_data": "二维码数据", "is_cancel": false
    }))
    .unwrap();
    assert_eq!((back.class.as_str(), back.is_cancel), ("舱等", Some(false)));
    assert_eq!((MAX_PASSENGER_NAME_BYTES, MAX_CABIN_CLASS_BYTES, MAX_ETKT_BNR_CHARS), (45, 15, 14));
}
