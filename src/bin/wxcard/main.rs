//! `wxcard`: sign, verify and debug WeChat card signatures from a terminal, and manage cards
//! (`wxcard card ...`: `wxcard/card.rs`, with one file per API area as in `src/server/`).
//!
//! Output is JSON on stdout. Bad input exits 2 with one line on stderr (field, rule, code) and
//! nothing on stdout; a WeChat error exits 1 the same way. Tickets and the appsecret can come from
//! the environment (`WXCARD_API_TICKET`, `WXCARD_JSAPI_TICKET`, `WXCARD_SECRET`) so they stay out
//! of shell history and `ps`.

mod busifavor;
mod card;
mod cards;
mod codes;
mod datacube;
mod event;
mod landing_pages;
mod media;
mod member_cards;
mod openapi;
mod qrcodes;
#[cfg(feature = "serve")]
mod serve;
mod ticket_cards;

use std::io::Write;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use wxcard::{
    ApiTicket, CardExtParams, ChooseCardCall, ChooseCardParams, Error, JsapiConfigCall, JsapiConfigParams, JsapiTicket,
    Verified,
};

#[derive(Parser)]
#[command(name = "wxcard", version, about = "WeChat Card (微信卡券) JS-SDK signatures: sign, verify, diagnose")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Sign one card for wx.addCard: prints {"cardId","cardExt"}.
    CardExt(CardExtArgs),
    /// Sign wx.chooseCard: prints its parameters with cardSign.
    ChooseCard(ChooseCardArgs),
    /// Sign wx.config: prints {"appId","timestamp","nonceStr","signature"}.
    JsapiConfig(JsapiConfigArgs),
    /// Check a card_ext against the ticket: prints {"valid": true|false}.
    VerifyCardExt(VerifyCardExtArgs),
    /// Read a user agent: WeChat version and card support.
    Ua {
        /// The User-Agent header or navigator.userAgent.
        user_agent: String,
    },
    /// Read the card parameters WeChat appends to a custom URL.
    Redirect {
        /// The full URL, or its query string.
        url: String,
    },
    /// WeChat Pay 商家券: sign the H5 link, the plugin's set or wx.addCard's list (APIv2 key in
    /// WXCARD_PAY_KEY, never an argument), diagnose a refused one, explain a result code.
    #[command(subcommand)]
    Busifavor(busifavor::BusifavorCommand),
    /// Explain what is wrong with a card_ext, a chooseCard call or a wx.config call.
    #[command(subcommand)]
    Diagnose(DiagnoseCommand),
    /// Manage cards: validate JSON offline; create, deliver, consume with credentials.
    #[command(subcommand)]
    Card(card::CardCommand),
    /// WeChat's pushes to the server URL: parse one, or diagnose the URL check.
    #[command(subcommand)]
    Event(event::EventCommand),
    /// Explain a WeChat errcode, or what the phone shows (`explain symptom 签名错误`), in Chinese and
    /// English.
    Explain(ExplainArgs),
    /// Serve the card endpoints, the push receiver, health and metrics from one config file.
    #[cfg(feature = "serve")]
    Serve(serve::ServeArgs),
}

/// `explain ERRCODE` or `explain symptom [QUERY]`.
#[derive(Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
struct ExplainArgs {
    /// The errcode, e.g. 40053.
    #[arg(allow_hyphen_values = true, required = true, value_parser = errcode)]
    errcode: Option<wxcard::ErrcodeNumber>,
    #[command(subcommand)]
    topic: Option<ExplainTopic>,
}

#[derive(Subcommand)]
enum ExplainTopic {
    /// What the phone shows ("签名错误", "access_denied", a code such as SIGNATURE_ERROR): prints the
    /// matching symptoms with their causes, fix and check, or all of them without a query.
    Symptom {
        /// A code, or text the phone showed.
        query: Option<String>,
    },
}

/// An errcode; anything else is refused with a pointer to `explain symptom`.
fn errcode(text: &str) -> Result<wxcard::ErrcodeNumber, String> {
    text.trim().parse().map_err(|_| format!("not a number (for what the phone shows: wxcard explain symptom {text:?})"))
}

#[derive(Args)]
struct ApiTicketArg {
    /// The card api_ticket (getticket?type=wx_card). Prefer the environment variable.
    #[arg(long, env = "WXCARD_API_TICKET", hide_env_values = true)]
    api_ticket: String,
}

#[derive(Args)]
struct CardExtArgs {
    #[command(flatten)]
    ticket: ApiTicketArg,
    #[arg(long)]
    card_id: String,
    /// Custom code (use_custom_code cards), at most 20 characters.
    #[arg(long, default_value = "")]
    code: String,
    /// The only user allowed to receive the card (bind_openid cards).
    #[arg(long, default_value = "")]
    openid: String,
    /// Unix seconds; default now.
    #[arg(long)]
    timestamp: Option<String>,
    /// Default: 16 random letters and digits.
    #[arg(long)]
    nonce_str: Option<String>,
    /// Start of validity for DATE_TYPE_FIX_TERM cards, Unix seconds (not signed).
    #[arg(long)]
    fixed_begintimestamp: Option<String>,
    /// Scene value reported in the "user got card" event (not signed).
    #[arg(long, default_value = "")]
    outer_str: String,
}

#[derive(Args)]
struct ChooseCardArgs {
    #[command(flatten)]
    ticket: ApiTicketArg,
    /// The official account's appid (required, or WeChat returns an empty list).
    #[arg(long)]
    app_id: String,
    #[command(flatten)]
    filters: ChooseCardFilters,
    #[arg(long)]
    timestamp: Option<String>,
    #[arg(long)]
    nonce_str: Option<String>,
}

/// The filters of wx.chooseCard, signed and diagnosed alike.
#[derive(Args)]
struct ChooseCardFilters {
    /// location_id of the store to filter on.
    #[arg(long, default_value = "")]
    shop_id: String,
    /// e.g. GROUPON, CASH, DISCOUNT, GIFT, GENERAL_COUPON.
    #[arg(long, default_value = "")]
    card_type: String,
    #[arg(long, default_value = "")]
    card_id: String,
}

#[derive(Args)]
struct JsapiConfigArgs {
    /// The jsapi_ticket (getticket?type=jsapi). Prefer the environment variable.
    #[arg(long, env = "WXCARD_JSAPI_TICKET", hide_env_values = true)]
    jsapi_ticket: String,
    /// The page URL exactly as the browser shows it (the #fragment is dropped).
    #[arg(long)]
    url: String,
    #[arg(long)]
    app_id: String,
    #[arg(long)]
    timestamp: Option<String>,
    #[arg(long)]
    nonce_str: Option<String>,
}

#[derive(Args)]
struct VerifyCardExtArgs {
    #[command(flatten)]
    ticket: ApiTicketArg,
    #[arg(long)]
    card_id: String,
    /// The cardExt JSON string the page passed.
    #[arg(long)]
    card_ext: String,
}

#[derive(Subcommand)]
enum DiagnoseCommand {
    /// A {cardId, cardExt} of wx.addCard.
    CardExt {
        #[arg(long, default_value = "")]
        card_id: String,
        /// The cardExt the page passed, as text.
        #[arg(long)]
        card_ext: String,
        /// The api_ticket, to recompute the signature (optional).
        #[arg(long, env = "WXCARD_API_TICKET", hide_env_values = true)]
        api_ticket: Option<String>,
        /// "Now" in Unix seconds, for replays (default: the clock).
        #[arg(long)]
        now: Option<u64>,
    },
    /// The parameters of wx.config, and the page's URL (and landing URL, user agent).
    JsapiConfig {
        /// The page's current URL (location.href).
        #[arg(long)]
        url: String,
        /// The URL the page was first entered with (iOS WeChat checks that one).
        #[arg(long, default_value = "")]
        landing_url: String,
        #[arg(long, default_value = "")]
        app_id: String,
        #[arg(long, default_value = "")]
        timestamp: String,
        #[arg(long, default_value = "")]
        nonce_str: String,
        #[arg(long, default_value = "")]
        signature: String,
        /// The page's user agent: it says which URL WeChat checks.
        #[arg(long, default_value = "")]
        user_agent: String,
        /// The URL the server says it signed (the signedUrl of POST /api/jsapi-config).
        #[arg(long, default_value = "")]
        signed_url: String,
        /// The URL WeChat says it checked (realAuthUrl of its error in debug mode).
        #[arg(long, default_value = "")]
        real_auth_url: String,
        /// The jsapi_ticket, to recompute the signature (optional).
        #[arg(long, env = "WXCARD_JSAPI_TICKET", hide_env_values = true)]
        jsapi_ticket: Option<String>,
        /// The card api_ticket, to recognise a config signed with it (optional).
        #[arg(long, env = "WXCARD_API_TICKET", hide_env_values = true)]
        api_ticket: Option<String>,
        #[arg(long)]
        now: Option<u64>,
    },
    /// The parameters of wx.chooseCard, plus the appId of wx.config.
    ChooseCard {
        #[arg(long, default_value = "")]
        app_id: String,
        #[command(flatten)]
        filters: ChooseCardFilters,
        #[arg(long, default_value = "")]
        timestamp: String,
        #[arg(long, default_value = "")]
        nonce_str: String,
        #[arg(long, default_value = "SHA1")]
        sign_type: String,
        #[arg(long, default_value = "")]
        card_sign: String,
        #[arg(long, env = "WXCARD_API_TICKET", hide_env_values = true)]
        api_ticket: Option<String>,
        #[arg(long)]
        now: Option<u64>,
    },
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if e.use_stderr() => {
            // One line: clap's message without its usage block.
            let text = e.to_string();
            let line: Vec<&str> = text
                .lines()
                .map(str::trim)
                .take_while(|l| !l.starts_with("Usage:") && !l.starts_with("For more information"))
                .filter(|l| !l.is_empty())
                .collect();
            eprintln!("{}", line.join(" ").trim_start_matches("error: "));
            return ExitCode::from(2);
        }
        Err(e) => {
            // --help and --version
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
    };
    let outcome = match cli.command {
        #[cfg(feature = "serve")]
        Command::Serve(args) => return serve::run(args),
        Command::Card(command) => card::run(command),
        command => match run(command) {
            Ok(text) => card::Outcome::Text(text, true),
            Err(e) => card::Outcome::Refused(e.to_string()),
        },
    };
    match outcome {
        card::Outcome::Text(text, ok) => answer(&text, ok),
        card::Outcome::Answer(value, ok) => answer(&value.to_string(), ok),
        card::Outcome::Refused(line) => {
            eprintln!("{line}");
            ExitCode::from(2)
        }
        card::Outcome::Failed(line) => {
            eprintln!("{line}");
            ExitCode::from(1)
        }
    }
}

/// Prints the answer; `false` exits 1.
fn answer(text: &str, ok: bool) -> ExitCode {
    let _ = writeln!(std::io::stdout().lock(), "{text}");
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn timestamp(t: &Option<String>) -> Result<Option<u64>, Error> {
    t.as_deref().map(|t| wxcard::parse_timestamp("timestamp", t)).transpose()
}

/// The answer of a signing, checking or explaining command: the JSON every surface answers
/// (the serde form of the crate's result types), or `null`.
fn run(command: Command) -> Result<String, Error> {
    Ok(match command {
        Command::CardExt(a) => {
            let ticket = ApiTicket::new(a.ticket.api_ticket)?;
            let fixed = a.fixed_begintimestamp.as_deref();
            let signed = wxcard::sign_card_ext(
                &ticket,
                &CardExtParams {
                    card_id: a.card_id,
                    code: a.code,
                    openid: a.openid,
                    timestamp: timestamp(&a.timestamp)?,
                    nonce_str: a.nonce_str,
                    fixed_begintimestamp: fixed
                        .map(|t| wxcard::parse_timestamp("fixed_begintimestamp", t))
                        .transpose()?,
                    outer_str: a.outer_str,
                },
            )?;
            to_json(&signed)
        }
        Command::ChooseCard(a) => {
            let ticket = ApiTicket::new(a.ticket.api_ticket)?;
            let signed = wxcard::sign_choose_card(
                &ticket,
                &ChooseCardParams {
                    app_id: a.app_id,
                    shop_id: a.filters.shop_id,
                    card_type: a.filters.card_type,
                    card_id: a.filters.card_id,
                    timestamp: timestamp(&a.timestamp)?,
                    nonce_str: a.nonce_str,
                },
            )?;
            to_json(&signed)
        }
        Command::JsapiConfig(a) => {
            let ticket = JsapiTicket::new(a.jsapi_ticket)?;
            let signed = wxcard::sign_jsapi_config(
                &ticket,
                &JsapiConfigParams {
                    app_id: a.app_id,
                    url: a.url,
                    timestamp: timestamp(&a.timestamp)?,
                    nonce_str: a.nonce_str,
                },
            )?;
            to_json(&signed)
        }
        Command::VerifyCardExt(a) => {
            let ticket = ApiTicket::new(a.ticket.api_ticket)?;
            to_json(&Verified { valid: wxcard::verify_card_ext(&ticket, &a.card_id, &a.card_ext)? })
        }
        Command::Ua { user_agent } => to_json(&wxcard::parse_user_agent(&user_agent)),
        Command::Busifavor(command) => busifavor::run(command)?,
        Command::Redirect { url } => to_json(&wxcard::parse_card_redirect(&url)),
        Command::Diagnose(DiagnoseCommand::CardExt { card_id, card_ext, api_ticket, now }) => {
            to_json(&wxcard::diagnose_card_ext(&card_id, &card_ext, api_ticket.as_deref(), now))
        }
        Command::Diagnose(DiagnoseCommand::ChooseCard {
            app_id,
            filters: ChooseCardFilters { shop_id, card_type, card_id },
            timestamp,
            nonce_str,
            sign_type,
            card_sign,
            api_ticket,
            now,
        }) => {
            let call =
                ChooseCardCall { app_id, shop_id, card_type, card_id, timestamp, nonce_str, sign_type, card_sign };
            to_json(&wxcard::diagnose_choose_card(&call, api_ticket.as_deref(), now))
        }
        Command::Diagnose(DiagnoseCommand::JsapiConfig {
            url,
            landing_url,
            app_id,
            timestamp,
            nonce_str,
            signature,
            user_agent,
            signed_url,
            real_auth_url,
            jsapi_ticket,
            api_ticket,
            now,
        }) => {
            let call = JsapiConfigCall {
                url,
                landing_url,
                app_id,
                timestamp,
                nonce_str,
                signature,
                user_agent,
                signed_url,
                real_auth_url,
            };
            let ticket = |t: &Option<String>| t.as_deref().filter(|t| !t.is_empty()).map(str::to_owned);
            let (jsapi, card) = (ticket(&jsapi_ticket), ticket(&api_ticket));
            to_json(&wxcard::diagnose_jsapi_config(&call, jsapi.as_deref(), card.as_deref(), now))
        }
        Command::Card(_) => null(),
        #[cfg(feature = "serve")]
        Command::Serve(_) => null(),
        Command::Event(command) => event::run(command)?,
        Command::Explain(ExplainArgs { topic: Some(ExplainTopic::Symptom { query }), .. }) => {
            let found: Vec<wxcard::Symptom> = wxcard::explain_symptom(query.as_deref().unwrap_or("")).collect();
            to_json(&found)
        }
        Command::Explain(ExplainArgs { errcode, topic: None }) => to_json(&errcode.and_then(wxcard::explain_errcode)),
    })
}

/// A result as the JSON every surface answers.
pub(crate) fn to_json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| null())
}

fn null() -> String {
    "null".into()
}
