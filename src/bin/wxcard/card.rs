//! `wxcard card ...`: check a card's JSON offline, and with credentials run the seed's HelloWorld
//! from a terminal (upload the logo, create, QR code, whitelist, get, consume, decrypt, stats),
//! manage cards and codes (info, list, delete, stock, deposit, code-update, unavailable,
//! user-cards, landing-page), member cards (`wxcard card member ...`) and tickets' holders
//! (`wxcard card ticket meeting|movie|boarding`).
//!
//! Credentials come from `WXCARD_APPID` and `WXCARD_SECRET` (or `--app-id`/`--secret`), the same
//! variables the demo server reads. Calls need the `server` feature.

use clap::{Args, Subcommand, ValueEnum};
#[cfg(feature = "server")]
use serde_json::json;
use serde_json::Value;

/// What a card command ends with: a JSON answer (and whether it is a success), or an error line.
pub enum Outcome {
    /// Printed on stdout; `false` exits 1.
    #[cfg_attr(not(feature = "server"), allow(dead_code))]
    Answer(Value, bool),
    /// JSON text printed on stdout as it is; `false` exits 1.
    Text(String, bool),
    /// Bad input: one line on stderr, exit 2.
    Refused(String),
    /// WeChat (or the network) said no: one line on stderr, exit 1.
    #[cfg_attr(not(feature = "server"), allow(dead_code))]
    Failed(String),
}

#[derive(Subcommand)]
pub enum CardCommand {
    /// Check a card/create or card/update body offline; exit 1 when it has errors.
    Validate {
        /// The JSON file, or - for stdin.
        file: String,
    },
    /// Upload a JPG (at most 1 MB) with media/uploadimg: prints {"url"} for logo_url.
    UploadLogo {
        #[command(flatten)]
        account: Account,
        /// The JPG file.
        file: String,
    },
    /// card/create from a JSON file (checked first): prints {"cardId"}.
    Create {
        #[command(flatten)]
        account: Account,
        file: String,
    },
    /// card/update from a JSON file (checked first): prints {"sendCheck"}.
    Update {
        #[command(flatten)]
        account: Account,
        file: String,
    },
    /// card/qrcode/create for one card, or up to five: prints {"ticket","url","showQrcodeUrl"}.
    Qrcode {
        #[command(flatten)]
        account: Account,
        /// One to five card_ids; `card_id:code` gives that card a custom code (QR_MULTIPLE_CARD).
        #[arg(required = true, num_args = 1..)]
        card_ids: Vec<String>,
        /// Custom code (one card only).
        #[arg(long, default_value = "")]
        code: String,
        /// One scan gives one card, then the QR code is used up (is_unique_code; one card only).
        #[arg(long)]
        unique_code: bool,
        /// The only user who may get it (one card only).
        #[arg(long, default_value = "")]
        openid: String,
        /// Scene value reported when the card is received.
        #[arg(long, default_value = "")]
        outer_str: String,
        /// 60 to 1800; left out, the QR code works for 365 days.
        #[arg(long)]
        expire_seconds: Option<u32>,
    },
    /// card/testwhitelist/set: who may get cards not yet approved.
    Whitelist {
        #[command(flatten)]
        account: Account,
        /// An openid (repeatable).
        #[arg(long)]
        openid: Vec<String>,
        /// A WeChat ID, 微信号 (repeatable).
        #[arg(long)]
        username: Vec<String>,
    },
    /// card/code/get: the state of a code.
    Get {
        #[command(flatten)]
        account: Account,
        code: String,
        #[arg(long)]
        card_id: Option<String>,
    },
    /// card/code/get, then card/code/consume if the code can be consumed.
    Consume {
        #[command(flatten)]
        account: Account,
        code: String,
        #[arg(long)]
        card_id: Option<String>,
        /// Consume without asking card/code/get first.
        #[arg(long)]
        force: bool,
    },
    /// card/code/decrypt: the code behind an encrypt_code from a custom URL.
    Decrypt {
        #[command(flatten)]
        account: Account,
        encrypt_code: String,
    },
    /// card/get: the whole card, as WeChat sends it.
    Info {
        #[command(flatten)]
        account: Account,
        card_id: String,
    },
    /// card/batchget: prints {"cardIdList","totalNum"}.
    List {
        #[command(flatten)]
        account: Account,
        #[arg(long, default_value_t = 0)]
        offset: u32,
        /// 1 to 50.
        #[arg(long, default_value_t = 50)]
        count: u32,
        /// CARD_STATUS_NOT_VERIFY, _VERIFY_FAIL, _VERIFY_OK, _DELETE or _DISPATCH (repeatable).
        #[arg(long)]
        status: Vec<String>,
    },
    /// card/delete.
    Delete {
        #[command(flatten)]
        account: Account,
        card_id: String,
    },
    /// card/modifystock: add to or take from the stock.
    Stock {
        #[command(flatten)]
        account: Account,
        card_id: String,
        #[arg(long, default_value_t = 0)]
        increase: u64,
        #[arg(long, default_value_t = 0)]
        reduce: u64,
    },
    /// card/code/deposit (1 to 100 codes); --count: card/code/getdepositcount; --check: card/code/checkcode.
    Deposit {
        #[command(flatten)]
        account: Account,
        card_id: String,
        codes: Vec<String>,
        /// Print how many codes were imported instead.
        #[arg(long, conflicts_with = "check")]
        count: bool,
        /// Check which of the codes were imported, without importing them.
        #[arg(long)]
        check: bool,
    },
    /// card/code/update: a custom code's new value.
    CodeUpdate {
        #[command(flatten)]
        account: Account,
        code: String,
        #[arg(long)]
        card_id: String,
        #[arg(long)]
        new_code: String,
    },
    /// card/code/unavailable: makes a code unusable for good.
    Unavailable {
        #[command(flatten)]
        account: Account,
        code: String,
        #[arg(long)]
        card_id: Option<String>,
        #[arg(long, default_value = "")]
        reason: String,
    },
    /// card/user/getcardlist: a user's cards of this account (of one card with --card-id).
    UserCards {
        #[command(flatten)]
        account: Account,
        openid: String,
        #[arg(long)]
        card_id: Option<String>,
    },
    /// card/landingpage/create from a JSON file (checked first): prints {"url","pageId"}.
    LandingPage {
        #[command(flatten)]
        account: Account,
        file: String,
    },
    /// A ticket holder's seat, showing or flight, from a JSON file (checked first).
    #[command(subcommand)]
    Ticket(TicketCommand),
    /// Member cards: activate, the activation form, member data.
    #[command(subcommand)]
    Member(MemberCommand),
    /// datacube statistics by day (at most 62 days): the account's, or one card's.
    Stats {
        #[command(flatten)]
        account: Account,
        /// First day, YYYY-MM-DD.
        #[arg(long)]
        begin: String,
        /// Last day, YYYY-MM-DD.
        #[arg(long)]
        end: String,
        /// Per card (datacube/getcardcardinfo); with an id, that card only.
        #[arg(long, num_args = 0..=1, default_missing_value = "")]
        card_id: Option<String>,
        /// Cards created through the API or on the platform.
        #[arg(long, value_enum, default_value = "api")]
        source: Source,
    },
}

#[derive(Subcommand)]
pub enum TicketCommand {
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

#[derive(Subcommand)]
pub enum MemberCommand {
    /// card/membercard/activate: prints {"ok": true}.
    Activate {
        #[command(flatten)]
        account: Account,
        code: String,
        /// 会员卡编号 (default: the code).
        #[arg(long)]
        membership_number: Option<String>,
        #[arg(long, default_value = "")]
        card_id: String,
        #[arg(long)]
        init_bonus: Option<u64>,
        #[arg(long, default_value = "")]
        init_bonus_record: String,
        /// In fen (分).
        #[arg(long)]
        init_balance: Option<u64>,
        #[arg(long, default_value = "")]
        init_custom_field_value1: String,
        #[arg(long, default_value = "")]
        init_custom_field_value2: String,
        #[arg(long, default_value = "")]
        init_custom_field_value3: String,
        /// Unix seconds.
        #[arg(long)]
        activate_begin_time: Option<u64>,
        /// Unix seconds.
        #[arg(long)]
        activate_end_time: Option<u64>,
        #[arg(long, default_value = "")]
        background_pic_url: String,
    },
    /// card/membercard/activateuserform/set from a JSON file (checked first).
    Form {
        #[command(flatten)]
        account: Account,
        file: String,
    },
    /// card/membercard/activate/geturl: prints {"url"}.
    Url {
        #[command(flatten)]
        account: Account,
        card_id: String,
        #[arg(long, default_value = "")]
        outer_str: String,
    },
    /// card/membercard/activatetempinfo/get: what the user filled in, by activate_ticket.
    TempInfo {
        #[command(flatten)]
        account: Account,
        activate_ticket: String,
    },
    /// card/membercard/userinfo/get: the member's data, as WeChat names it.
    Get {
        #[command(flatten)]
        account: Account,
        code: String,
        #[arg(long)]
        card_id: String,
    },
    /// card/membercard/updateuser: prints {"resultBonus","resultBalance","openid"}.
    Update {
        #[command(flatten)]
        account: Account,
        code: String,
        #[arg(long)]
        card_id: String,
        /// The change in points (negative: spent).
        #[arg(long, allow_hyphen_values = true)]
        add_bonus: Option<i64>,
        /// The points total to show.
        #[arg(long)]
        bonus: Option<u64>,
        #[arg(long, default_value = "")]
        record_bonus: String,
        /// The change in balance, in fen (negative: spent).
        #[arg(long, allow_hyphen_values = true)]
        add_balance: Option<i64>,
        /// The balance total to show, in fen.
        #[arg(long)]
        balance: Option<u64>,
        #[arg(long, default_value = "")]
        record_balance: String,
        #[arg(long, default_value = "")]
        custom_field_value1: String,
        #[arg(long, default_value = "")]
        custom_field_value2: String,
        #[arg(long, default_value = "")]
        custom_field_value3: String,
        /// Send the user no message about the points change.
        #[arg(long)]
        quiet_bonus: bool,
        /// Send the user no message about the balance change.
        #[arg(long)]
        quiet_balance: bool,
    },
}

/// The official account to call WeChat for.
#[derive(Args)]
pub struct Account {
    /// The appid.
    #[arg(long, env = "WXCARD_APPID")]
    app_id: String,
    /// The appsecret. Prefer the environment variable.
    #[arg(long, env = "WXCARD_SECRET", hide_env_values = true)]
    secret: String,
    /// Another API host (a test double, a proxy).
    #[arg(long, env = "WXCARD_API_BASE", default_value = "https://api.weixin.qq.com")]
    api_base: String,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Source {
    /// Created through the API.
    Api,
    /// Created on the official account platform.
    Platform,
}

pub fn run(command: CardCommand) -> Outcome {
    match command {
        CardCommand::Validate { file } => match read(&file) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => validate(&text),
                Err(_) => Outcome::Refused(format!("{file}: not UTF-8 (WeChat takes UTF-8 only)")),
            },
            Err(e) => Outcome::Refused(e),
        },
        #[cfg(feature = "server")]
        online => online::run(online),
        #[cfg(not(feature = "server"))]
        _ => Outcome::Refused(
            "this wxcard was built without the server feature: cargo install wxcard --features cli,server".into(),
        ),
    }
}

fn read(file: &str) -> Result<Vec<u8>, String> {
    if file == "-" {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes).map_err(|e| format!("stdin: {e}"))?;
        return Ok(bytes);
    }
    std::fs::read(file).map_err(|e| format!("{file}: {e}"))
}

fn validate(text: &str) -> Outcome {
    use wxcard::ToJson;
    let report = wxcard::validate_card_json(text);
    Outcome::Text(report.to_json(), report.is_ok())
}

#[cfg(feature = "server")]
mod online {
    use super::*;
    use wxcard::server::{
        ActivateUserForm, BoardingPassCheckin, CallError, CardClient, CardSource, CardStatus, ClientOptions,
        Credentials, LandingPage, ManagerOptions, MeetingTicketUpdate, MemberActivation, MemberUpdate, MemoryStore,
        MovieTicketUpdate, NotifyOptional, QrCard, TicketManager, WeChatClient,
    };

    /// A JSON file read as one of WeChat's bodies; `what` names it in the error.
    fn body<T: serde::de::DeserializeOwned>(file: &str, what: &str) -> Result<T, Problem> {
        serde_json::from_str(&text_file(file)?).map_err(|e| Problem::Input(format!("{file}: not a {what} body ({e})")))
    }

    pub fn run(command: CardCommand) -> Outcome {
        let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
            Ok(r) => r,
            Err(e) => return Outcome::Failed(format!("cannot start: {e}")),
        };
        runtime.block_on(call(command))
    }

    fn client(account: &Account) -> Result<CardClient, CallError> {
        let credentials = Credentials::new(account.app_id.clone(), account.secret.clone());
        let options = ClientOptions { base_url: account.api_base.clone(), ..ClientOptions::default() };
        let client = WeChatClient::new(credentials, options)?;
        Ok(CardClient::new(TicketManager::new(client, MemoryStore::new(), ManagerOptions::default())))
    }

    async fn call(command: CardCommand) -> Outcome {
        match answer(command).await {
            Ok(value) => Outcome::Answer(value, true),
            Err(Problem::Input(line)) => Outcome::Refused(line),
            Err(Problem::Call(CallError::Rejected(e))) => Outcome::Refused(e.to_string()),
            Err(Problem::Call(e)) => Outcome::Failed(e.to_string()),
        }
    }

    enum Problem {
        Input(String),
        Call(CallError),
    }

    impl From<CallError> for Problem {
        fn from(e: CallError) -> Self {
            Problem::Call(e)
        }
    }

    fn text_file(file: &str) -> Result<String, Problem> {
        let bytes = read(file).map_err(Problem::Input)?;
        String::from_utf8(bytes).map_err(|_| Problem::Input(format!("{file}: not UTF-8 (WeChat takes UTF-8 only)")))
    }

    async fn answer(command: CardCommand) -> Result<Value, Problem> {
        Ok(match command {
            CardCommand::Validate { .. } => return Err(Problem::Input("validate runs offline".into())),
            CardCommand::UploadLogo { account, file } => {
                let jpg = read(&file).map_err(Problem::Input)?;
                let name = std::path::Path::new(&file).file_name().and_then(|n| n.to_str()).unwrap_or("logo.jpg");
                json!({ "url": client(&account)?.upload_image(name, jpg).await? })
            }
            CardCommand::Create { account, file } => {
                json!({ "cardId": client(&account)?.create_card_json(&text_file(&file)?).await? })
            }
            CardCommand::Update { account, file } => {
                json!({ "sendCheck": client(&account)?.update_card_json(&text_file(&file)?).await? })
            }
            CardCommand::Qrcode { account, card_ids, code, unique_code, openid, outer_str, expire_seconds } => {
                if card_ids.len() > 1 && !(code.is_empty() && openid.is_empty() && !unique_code) {
                    return Err(Problem::Input(
                        "--code, --openid and --unique-code go with one card_id only (several cards: card_id:code)"
                            .into(),
                    ));
                }
                let cards: Vec<QrCard> = card_ids
                    .into_iter()
                    .map(|given| {
                        let (card_id, own_code) = given.split_once(':').unwrap_or((&given, ""));
                        QrCard {
                            card_id: card_id.into(),
                            code: if own_code.is_empty() { code.clone() } else { own_code.into() },
                            openid: openid.clone(),
                            outer_str: outer_str.clone(),
                            is_unique_code: unique_code.then_some(true),
                        }
                    })
                    .collect();
                let qr = client(&account)?.create_qrcode(&cards, expire_seconds).await?;
                json!({ "ticket": qr.ticket, "url": qr.url, "showQrcodeUrl": qr.show_qrcode_url, "expireSeconds": qr.expire_seconds })
            }
            CardCommand::Whitelist { account, openid, username } => {
                client(&account)?.set_test_whitelist(&openid, &username).await?;
                json!({ "ok": true, "openid": openid, "username": username })
            }
            CardCommand::Get { account, code, card_id } => {
                let info = client(&account)?.get_code(&code, card_id.as_deref()).await?;
                json!({
                    "cardId": info.card_id, "openid": info.openid, "canConsume": info.can_consume,
                    "userCardStatus": info.user_card_status, "beginTime": info.begin_time, "endTime": info.end_time,
                    "outerStr": info.outer_str, "unionid": info.unionid, "membershipNumber": info.membership_number,
                    "bonus": info.bonus, "balance": info.balance,
                })
            }
            CardCommand::Consume { account, code, card_id, force } => {
                let done = client(&account)?.consume_code(&code, card_id.as_deref(), force).await?;
                json!({ "cardId": done.card_id, "openid": done.openid })
            }
            CardCommand::Decrypt { account, encrypt_code } => {
                json!({ "code": client(&account)?.decrypt_code(&encrypt_code).await? })
            }
            CardCommand::Info { account, card_id } => client(&account)?.get_card(&card_id).await?,
            CardCommand::List { account, offset, count, status } => {
                let statuses = status
                    .iter()
                    .map(|s| CardStatus::parse(s).ok_or_else(|| Problem::Input(format!("--status {s}: not a card status (CARD_STATUS_NOT_VERIFY, _VERIFY_FAIL, _VERIFY_OK, _DELETE, _DISPATCH)"))))
                    .collect::<Result<Vec<_>, _>>()?;
                let list = client(&account)?.batch_get_cards(offset, count, &statuses).await?;
                json!({ "cardIdList": list.card_id_list, "totalNum": list.total_num })
            }
            CardCommand::Delete { account, card_id } => {
                client(&account)?.delete_card(&card_id).await?;
                json!({ "ok": true, "cardId": card_id })
            }
            CardCommand::Stock { account, card_id, increase, reduce } => {
                client(&account)?.modify_stock(&card_id, increase, reduce).await?;
                json!({ "ok": true, "cardId": card_id, "increase": increase, "reduce": reduce })
            }
            CardCommand::Deposit { account, card_id, codes, count, check } => {
                let cards = client(&account)?;
                if count {
                    if !codes.is_empty() {
                        return Err(Problem::Input("--count takes no codes".into()));
                    }
                    json!({ "count": cards.deposit_count(&card_id).await? })
                } else if check {
                    let c = cards.check_codes(&card_id, &codes).await?;
                    json!({ "existCode": c.exist_code, "notExistCode": c.not_exist_code })
                } else {
                    let d = cards.deposit_codes(&card_id, &codes).await?;
                    json!({ "succCode": d.succ_code, "duplicateCode": d.duplicate_code, "failCode": d.fail_code })
                }
            }
            CardCommand::CodeUpdate { account, code, card_id, new_code } => {
                client(&account)?.update_code(&code, &card_id, &new_code).await?;
                json!({ "ok": true, "code": new_code })
            }
            CardCommand::Unavailable { account, code, card_id, reason } => {
                client(&account)?.make_code_unavailable(&code, card_id.as_deref(), &reason).await?;
                json!({ "ok": true, "code": code })
            }
            CardCommand::UserCards { account, openid, card_id } => {
                json!(client(&account)?.user_cards(&openid, card_id.as_deref()).await?)
            }
            CardCommand::LandingPage { account, file } => {
                let page: LandingPage = body(&file, "card/landingpage/create")?;
                let made = client(&account)?.create_landing_page(&page).await?;
                json!({ "url": made.url, "pageId": made.page_id })
            }
            CardCommand::Ticket(ticket) => {
                match ticket {
                    TicketCommand::Meeting { account, file } => {
                        let update: MeetingTicketUpdate = body(&file, "card/meetingticket/updateuser")?;
                        client(&account)?.update_meeting_ticket(&update).await?;
                    }
                    TicketCommand::Movie { account, file } => {
                        let update: MovieTicketUpdate = body(&file, "card/movieticket/updateuser")?;
                        client(&account)?.update_movie_ticket(&update).await?;
                    }
                    TicketCommand::Boarding { account, file } => {
                        let checkin: BoardingPassCheckin = body(&file, "card/boardingpass/checkin")?;
                        client(&account)?.checkin_boarding_pass(&checkin).await?;
                    }
                }
                json!({ "ok": true })
            }
            CardCommand::Member(member) => return member_answer(member).await,
            CardCommand::Stats { account, begin, end, card_id, source } => {
                let source = match source {
                    Source::Api => CardSource::Api,
                    Source::Platform => CardSource::Platform,
                };
                let cards = client(&account)?;
                match card_id {
                    None => json!(cards.account_stats(&begin, &end, source).await?),
                    Some(id) => {
                        let id = Some(id.as_str()).filter(|id| !id.is_empty());
                        json!(cards.card_stats(&begin, &end, source, id).await?)
                    }
                }
            }
        })
    }

    async fn member_answer(command: MemberCommand) -> Result<Value, Problem> {
        Ok(match command {
            MemberCommand::Activate {
                account,
                code,
                membership_number,
                card_id,
                init_bonus,
                init_bonus_record,
                init_balance,
                init_custom_field_value1,
                init_custom_field_value2,
                init_custom_field_value3,
                activate_begin_time,
                activate_end_time,
                background_pic_url,
            } => {
                let activation = MemberActivation {
                    membership_number: membership_number.unwrap_or_else(|| code.clone()),
                    code,
                    card_id,
                    background_pic_url,
                    activate_begin_time,
                    activate_end_time,
                    init_bonus,
                    init_bonus_record,
                    init_balance,
                    init_custom_field_value1,
                    init_custom_field_value2,
                    init_custom_field_value3,
                };
                client(&account)?.activate_member_card(&activation).await?;
                json!({ "ok": true, "code": activation.code, "membershipNumber": activation.membership_number })
            }
            MemberCommand::Form { account, file } => {
                let text = text_file(&file)?;
                let form: ActivateUserForm = serde_json::from_str(&text)
                    .map_err(|e| Problem::Input(format!("{file}: not an activateuserform/set body ({e})")))?;
                client(&account)?.set_activate_user_form(&form).await?;
                json!({ "ok": true, "cardId": form.card_id })
            }
            MemberCommand::Url { account, card_id, outer_str } => {
                json!({ "url": client(&account)?.activate_url(&card_id, &outer_str).await? })
            }
            MemberCommand::TempInfo { account, activate_ticket } => {
                json!(client(&account)?.activate_temp_info(&activate_ticket).await?)
            }
            MemberCommand::Get { account, code, card_id } => {
                json!(client(&account)?.member_info(&card_id, &code).await?)
            }
            MemberCommand::Update {
                account,
                code,
                card_id,
                add_bonus,
                bonus,
                record_bonus,
                add_balance,
                balance,
                record_balance,
                custom_field_value1,
                custom_field_value2,
                custom_field_value3,
                quiet_bonus,
                quiet_balance,
            } => {
                let notify_optional = (quiet_bonus || quiet_balance).then(|| NotifyOptional {
                    is_notify_bonus: quiet_bonus.then_some(false),
                    is_notify_balance: quiet_balance.then_some(false),
                    ..NotifyOptional::default()
                });
                let update = MemberUpdate {
                    code,
                    card_id,
                    background_pic_url: String::new(),
                    bonus,
                    add_bonus,
                    record_bonus,
                    balance,
                    add_balance,
                    record_balance,
                    custom_field_value1,
                    custom_field_value2,
                    custom_field_value3,
                    notify_optional,
                };
                let done = client(&account)?.update_member(&update).await?;
                json!({ "resultBonus": done.result_bonus, "resultBalance": done.result_balance, "openid": done.openid })
            }
        })
    }
}
