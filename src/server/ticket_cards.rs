//! Ticket cards (票证: meeting and show tickets, movie tickets, boarding passes): the update calls of WeChat's 特殊票券 document
//! (<https://developers.weixin.qq.com/doc/offiaccount/Cards_and_Offer/Special_ticket.html>). Field
//! names, types and which fields are required follow the document's examples and two agreeing
//! peers: chanxuehong/wechat `mp/card/meetingticket`, `movieticket`, `boardingpass`, and
//! SKIT.FlurlHttpClient.Wechat `CardMeetingTicketUpdateUserRequest`,
//! `CardMovieTicketUpdateUserRequest`, `CardBoardingPassCheckinRequest`; wechatpy
//! `update_movie_ticket`, `checkin_boardingpass` agree on the names.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::api::CardClient;
use super::checks::{at_most_bytes, optional, rejected, required, required_code, seconds_in_order};
use super::error::CallError;
use super::tokens::TicketStore;
use crate::ErrorKind;

/// The longest `passenger_name` of `card/boardingpass/checkin`: 15 汉字, in bytes.
pub const MAX_PASSENGER_NAME_BYTES: usize = 45;
/// The longest cabin `class` of `card/boardingpass/checkin`: 5 汉字, in bytes.
pub const MAX_CABIN_CLASS_BYTES: usize = 15;
/// The longest `etkt_bnr` (electronic ticket number) of `card/boardingpass/checkin`: 14 digits.
pub const MAX_ETKT_BNR_CHARS: usize = 14;

/// `card/meetingticket/updateuser`: the zone, entrance, seat and times of a meeting or show
/// ticket (会议/演出门票, `MEETING_TICKET`) a user received. `zone`, `entrance` and
/// `seat_number` are required; empty strings and `None` are left out.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingTicketUpdate {
    /// The ticket's code (用户的门票唯一序列号).
    pub code: String,
    /// Required for custom-code cards (`use_custom_code`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub card_id: String,
    /// 区域, e.g. `C区`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub zone: String,
    /// 入口, e.g. `东北门`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub entrance: String,
    /// 座位号, e.g. `2排15号`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub seat_number: String,
    /// 开场时间, Unix seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub begin_time: Option<u64>,
    /// 结束时间, Unix seconds; after `begin_time`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_time: Option<u64>,
}

impl MeetingTicketUpdate {
    /// The document's rules, checked before anything is sent.
    pub fn check(&self) -> Result<(), CallError> {
        required_code("code", &self.code)?;
        optional("card_id", &self.card_id)?;
        required("zone", &self.zone)?;
        required("entrance", &self.entrance)?;
        required("seat_number", &self.seat_number)?;
        seconds_in_order(("begin_time", self.begin_time), ("end_time", self.end_time))
    }
}

/// `card/movieticket/updateuser`: the showing and seats of a movie ticket (电影票,
/// `MOVIE_TICKET`) a user received. `ticket_class`, `show_time` and `duration` are required;
/// empty strings and lists are left out.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MovieTicketUpdate {
    /// The ticket's code.
    pub code: String,
    /// Required for custom-code cards (`use_custom_code`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub card_id: String,
    /// 电影票的类别: `2D`, `3D`, `4D`, ...
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub ticket_class: String,
    /// 放映时间, Unix seconds.
    #[serde(default)]
    pub show_time: u64,
    /// 放映时长, a whole number of minutes.
    #[serde(default)]
    pub duration: u32,
    /// 影厅, e.g. `5号影厅`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub screening_room: String,
    /// 座位号, one per seat: a list, as the document's example sends it
    /// (`["5排14号", "5排15号"]`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub seat_number: Vec<String>,
}

impl MovieTicketUpdate {
    /// The document's rules, checked before anything is sent.
    pub fn check(&self) -> Result<(), CallError> {
        required_code("code", &self.code)?;
        optional("card_id", &self.card_id)?;
        required("ticket_class", &self.ticket_class)?;
        if self.show_time == 0 {
            return Err(rejected(ErrorKind::Missing, "show_time"));
        }
        crate::validate::seconds("show_time", self.show_time).map_err(CallError::Rejected)?;
        if self.duration == 0 {
            return Err(rejected(ErrorKind::Missing, "duration"));
        }
        optional("screening_room", &self.screening_room)?;
        for (i, seat) in self.seat_number.iter().enumerate() {
            crate::validate::value("seat_number", seat, true).map_err(|e| CallError::Rejected(e.at_item(i)))?;
        }
        Ok(())
    }
}

/// `card/boardingpass/checkin`: the check-in (值机) of an air ticket (飞机票, `BOARDING_PASS`)
/// a user received, or its cancellation. `passenger_name`, `class` and `etkt_bnr` are required
/// unless `is_cancel` is `Some(true)`, when WeChat judges none of them and the ticket goes back
/// to not checked in. Empty strings and `None` are left out.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardingPassCheckin {
    /// The ticket's code.
    pub code: String,
    /// Required for custom-code cards (`use_custom_code`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub card_id: String,
    /// 乘客姓名, at most 15 汉字 ([`MAX_PASSENGER_NAME_BYTES`]).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub passenger_name: String,
    /// 舱等 (头等舱, ...), at most 5 汉字 ([`MAX_CABIN_CLASS_BYTES`]).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub class: String,
    /// 电子客票号, at most 14 digits ([`MAX_ETKT_BNR_CHARS`]). The key is `etkt_bnr`, spelt so.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub etkt_bnr: String,
    /// 座位号.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub seat: String,
    /// The passenger's check-in QR code data; WeChat draws the code from it. Sent as given: a
    /// boarding pass's bar code text has inner and trailing spaces.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub qrcode_data: String,
    /// `Some(true)` cancels the check-in (false when left out).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_cancel: Option<bool>,
}

impl BoardingPassCheckin {
    /// The document's rules, checked before anything is sent.
    pub fn check(&self) -> Result<(), CallError> {
        required_code("code", &self.code)?;
        optional("card_id", &self.card_id)?;
        let cancel = self.is_cancel == Some(true);
        let needed = |field, v: &str| if cancel { optional(field, v) } else { required(field, v) };
        needed("passenger_name", &self.passenger_name)?;
        at_most_bytes("passenger_name", &self.passenger_name, MAX_PASSENGER_NAME_BYTES)?;
        needed("class", &self.class)?;
        at_most_bytes("class", &self.class, MAX_CABIN_CLASS_BYTES)?;
        needed("etkt_bnr", &self.etkt_bnr)?;
        if self.etkt_bnr.chars().count() > MAX_ETKT_BNR_CHARS {
            return Err(rejected(ErrorKind::TooLong, "etkt_bnr"));
        }
        optional("seat", &self.seat)
    }
}

impl<S: TicketStore> CardClient<S> {
    /// `card/meetingticket/updateuser`: puts the zone, entrance, seat and times on a meeting or
    /// show ticket (checked first: [`MeetingTicketUpdate::check`]).
    pub async fn update_meeting_ticket(&self, update: &MeetingTicketUpdate) -> Result<(), CallError> {
        update.check()?;
        let _: Value = self.call("/card/meetingticket/updateuser", &json!(update)).await?;
        Ok(())
    }

    /// `card/movieticket/updateuser`: puts the showing and the seats on a movie ticket (checked
    /// first: [`MovieTicketUpdate::check`]).
    pub async fn update_movie_ticket(&self, update: &MovieTicketUpdate) -> Result<(), CallError> {
        update.check()?;
        let _: Value = self.call("/card/movieticket/updateuser", &json!(update)).await?;
        Ok(())
    }

    /// `card/boardingpass/checkin`: puts the check-in on an air ticket, or cancels it (checked
    /// first: [`BoardingPassCheckin::check`]).
    pub async fn checkin_boarding_pass(&self, checkin: &BoardingPassCheckin) -> Result<(), CallError> {
        checkin.check()?;
        let _: Value = self.call("/card/boardingpass/checkin", &json!(checkin)).await?;
        Ok(())
    }
}
