//! `wxcard card ticket meeting|movie|boarding`: ticket cards (票证), a holder's seat, showing or
//! flight from a JSON file (checked first).

use clap::Subcommand;
#[cfg(feature = "server")]
use serde_json::{json, Value};
#[cfg(feature = "server")]
use wxcard::server::{BoardingPassCheckin, MeetingTicketUpdate, MovieTicketUpdate};

#[cfg(feature = "server")]
use crate::card::online::{body, client, Problem};
use crate::card::Account;

#[derive(Subcommand)]
pub enum TicketCardCommand {
    /// card/meetingticket/updateuser: the body as WeChat names it (code, card_id, zone, entrance, seat_number, ...).
    Meeting {
        #[command(flatten)]
        account: Account,
        file: String,
    },
    /// card/movieticket/updateuser: code, card_id, ticket_class, show_time, duration, screening_room, seat_number.
    Movie {
        #[command(flatten)]
        account: Account,
        file: String,
    },
    /// card/boardingpass/checkin: code, card_id, passenger_name, class, seat, etkt_bnr, qrcode_data, is_cancel.
    Boarding {
        #[command(flatten)]
        account: Account,
        file: String,
    },
}

#[cfg(feature = "server")]
pub async fn answer(command: TicketCardCommand) -> Result<Value, Problem> {
    match command {
        TicketCardCommand::Meeting { account, file } => {
            let update: MeetingTicketUpdate = body(&file, "card/meetingticket/updateuser")?;
            client(&account)?.update_meeting_ticket(&update).await?;
        }
        TicketCardCommand::Movie { account, file } => {
            let update: MovieTicketUpdate = body(&file, "card/movieticket/updateuser")?;
            client(&account)?.update_movie_ticket(&update).await?;
        }
        TicketCardCommand::Boarding { account, file } => {
            let checkin: BoardingPassCheckin = body(&file, "card/boardingpass/checkin")?;
            client(&account)?.checkin_boarding_pass(&checkin).await?;
        }
    }
    Ok(json!({ "ok": true }))
}
