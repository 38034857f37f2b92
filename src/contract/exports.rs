//! What each export of the npm package does: read its named input, answer its result.
//!
//! The wasm bindings (`src/wasm.rs`) call these through a record; native tests call the same
//! functions through [`call`], so what the module answers is tested without a browser too.

// The phone module has only the user agent and redirect exports.
#![cfg_attr(all(target_arch = "wasm32", not(feature = "wasm-full")), allow(dead_code))]

use alloc::string::String;
use alloc::vec::Vec;

use super::input::{self, ChooseCardPassed, Input, JsapiConfigPassed, PushUrlPassed, Reader};
use super::record::{self, Record};
use super::{list_to_json, CardItem, CodeTable, One, SortedSha1, ToJson, Verified};
use crate::error::{Error, ErrorKind};
use crate::json::{self, Value};
use crate::{ApiTicket, CardExtParams, JsapiTicket};

/// An export: reads from the input, writes its answer (a record, or a JSON list) to `out`.
#[cfg(not(target_arch = "wasm32"))]
type Export = fn(&Reader<'_>, &mut String) -> Result<(), Error>;

/// Runs an export on a record: `Ok(answer)` (empty for none), or `Err(error record)`. Generic,
/// so that an export that cannot fail carries no error-writing code into the module.
pub(crate) fn run(
    export: impl FnOnce(&Reader<'_>, &mut String) -> Result<(), Error>,
    input: &str,
    out: &mut String,
) -> Result<(), ()> {
    out.clear();
    let fields = Record::parse(input);
    export(&Reader::new(&fields), out).map_err(|e| {
        out.clear();
        record::write(out, &e);
    })
}

/// Runs the export called `name` (its JavaScript name) on a record; `None` for an unknown name.
#[cfg(not(target_arch = "wasm32"))]
pub fn call(name: &str, input: &str) -> Option<Result<String, String>> {
    let export = EXPORTS.iter().find(|(n, _)| *n == name)?.1;
    let mut out = String::new();
    Some(match run(export, input, &mut out) {
        Ok(()) => Ok(out),
        Err(()) => Err(out),
    })
}

/// The JavaScript names of every export, in a fixed order (for the fuzzer).
#[cfg(not(target_arch = "wasm32"))]
pub fn names() -> impl Iterator<Item = &'static str> {
    EXPORTS.iter().map(|(name, _)| *name)
}

/// Every export by its JavaScript name.
#[cfg(not(target_arch = "wasm32"))]
const EXPORTS: &[(&str, Export)] = &[
    ("parseUserAgent", parse_user_agent),
    ("parseCardRedirect", parse_card_redirect),
    ("stripCardParams", strip_card_params),
    ("signCardExt", sign_card_ext),
    ("signCardExtBatch", sign_card_ext_batch),
    ("verifyCardExt", verify_card_ext),
    ("signChooseCard", sign_choose_card),
    ("verifyChooseCard", verify_choose_card),
    ("signJsapiConfig", sign_jsapi_config),
    ("verifyJsapiConfig", verify_jsapi_config),
    ("sortedSha1", sorted_sha1),
    ("generateNonce", generate_nonce),
    ("diagnoseCardExt", diagnose_card_ext),
    ("diagnoseChooseCard", diagnose_choose_card),
    ("explainErrcode", explain_errcode),
    ("validateCardJson", validate_card_json),
    ("checkDatacubeDates", check_datacube_dates),
    ("codes", codes),
    ("diagnoseJsapiConfig", diagnose_jsapi_config),
    ("symptoms", symptoms),
    ("diagnosePushUrl", diagnose_push_url),
];

fn answer<T: ToJson + ?Sized>(out: &mut String, value: &T) -> Result<(), Error> {
    record::write(out, value);
    Ok(())
}

// The phone exports read their one argument as JavaScript's `String(x)` would, and cannot fail:
// the phone module then carries no error messages.

/// `{userAgent}` -> UserAgent.
pub(crate) fn parse_user_agent(r: &Reader<'_>, out: &mut String) -> Result<(), Error> {
    answer(out, &crate::parse_user_agent(&r.as_passed("userAgent")))
}

/// `{url}` -> CardRedirect, or nothing.
pub(crate) fn parse_card_redirect(r: &Reader<'_>, out: &mut String) -> Result<(), Error> {
    match crate::parse_card_redirect(&r.as_passed("url")) {
        Some(found) => answer(out, &found),
        None => Ok(()),
    }
}

/// `{url}` -> `{url}` without the card parameters.
pub(crate) fn strip_card_params(r: &Reader<'_>, out: &mut String) -> Result<(), Error> {
    answer(out, &One("url", &crate::strip_card_params(&r.as_passed("url"))))
}

fn api_ticket(r: &Reader<'_>) -> Result<ApiTicket, Error> {
    ApiTicket::new(input::api_ticket(r)?)
}

fn jsapi_ticket(r: &Reader<'_>) -> Result<JsapiTicket, Error> {
    JsapiTicket::new(input::jsapi_ticket(r)?)
}

/// A list of JSON values: absent is MISSING, anything else but a list WRONG_TYPE.
fn list(r: &Reader<'_>, name: &str, field: &'static str) -> Result<Vec<Value>, Error> {
    match r.input(name) {
        Input::List(Some(json)) => match json::parse_value(json) {
            Ok(Value::Array(items)) => Ok(items),
            _ => Err(Error::new(ErrorKind::WrongType, field)),
        },
        Input::Missing => Err(Error::new(ErrorKind::Missing, field)),
        _ => Err(Error::new(ErrorKind::WrongType, field)),
    }
}

/// CardExtParams + `apiTicket` -> SignedCardExt (what `crate::sign_card_ext` answers, signed
/// the same way without its three allocations: this is the export pages and servers call most).
pub(crate) fn sign_card_ext(r: &Reader<'_>, out: &mut String) -> Result<(), Error> {
    let params = input::card_ext(r)?;
    let ticket = input::api_ticket(r)?;
    let mut card_ext = String::new();
    crate::sign::sign_card_ext_into(ticket, &params, &mut card_ext)?;
    answer(out, &CardItem { card_id: params.card_id, card_ext: &card_ext })
}

/// `{apiTicket, timestamp?, cards: [CardExtParams]}` -> a JSON list of SignedCardExt, one
/// timestamp for the cards that have none.
pub(crate) fn sign_card_ext_batch(r: &Reader<'_>, out: &mut String) -> Result<(), Error> {
    let ticket = api_ticket(r)?;
    let shared = r.seconds("timestamp", "timestamp")?;
    let items = list(r, "cards", "cards")?;
    if items.is_empty() {
        return Err(Error::new(ErrorKind::Missing, "cards"));
    }
    let mut params: Vec<CardExtParams<'_>> = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let Value::Object(card) = item else {
            return Err(Error::new(ErrorKind::WrongType, "cards").at_item(i));
        };
        let mut p = input::card_ext(&Reader::new(card)).map_err(|e| e.at_item(i))?;
        p.timestamp = p.timestamp.or(shared);
        params.push(p);
    }
    out.push_str(&list_to_json(&crate::sign_card_ext_batch(&ticket, &params)?));
    Ok(())
}

/// `{apiTicket, cardId, cardExt}` -> `{valid}`.
pub(crate) fn verify_card_ext(r: &Reader<'_>, out: &mut String) -> Result<(), Error> {
    let Input::Text(card_ext) = r.input("cardExt") else {
        return Err(Error::new(ErrorKind::CardExtNotJson, "card_ext"));
    };
    let valid = crate::verify_card_ext(&api_ticket(r)?, r.text("cardId", "card_id")?, card_ext)?;
    answer(out, &Verified(valid))
}

/// ChooseCardParams + `apiTicket` -> SignedChooseCard.
pub(crate) fn sign_choose_card(r: &Reader<'_>, out: &mut String) -> Result<(), Error> {
    let params = input::choose_card(r)?;
    answer(out, &crate::sign_choose_card(&api_ticket(r)?, &params)?)
}

/// ChooseCardParams + `apiTicket`, `cardSign` -> `{valid}`.
pub(crate) fn verify_choose_card(r: &Reader<'_>, out: &mut String) -> Result<(), Error> {
    let params = input::choose_card(r)?;
    let ticket = api_ticket(r)?;
    answer(out, &Verified(crate::verify_choose_card(&ticket, &params, r.text("cardSign", "card_sign")?)?))
}

/// JsapiConfigParams + `jsapiTicket` -> SignedJsapiConfig.
pub(crate) fn sign_jsapi_config(r: &Reader<'_>, out: &mut String) -> Result<(), Error> {
    let params = input::jsapi_config(r)?;
    answer(out, &crate::sign_jsapi_config(&jsapi_ticket(r)?, &params)?)
}

/// JsapiConfigParams + `jsapiTicket`, `signature` -> `{valid}`.
pub(crate) fn verify_jsapi_config(r: &Reader<'_>, out: &mut String) -> Result<(), Error> {
    let params = input::jsapi_config(r)?;
    let ticket = jsapi_ticket(r)?;
    let signature = r.text("signature", "signature")?;
    answer(out, &Verified(crate::verify_jsapi_config(&ticket, &params, signature)?))
}

/// `{values: [..]}` -> `{sorted, signature}`.
pub(crate) fn sorted_sha1(r: &Reader<'_>, out: &mut String) -> Result<(), Error> {
    let items = list(r, "values", "values")?;
    let mut values = Vec::with_capacity(items.len());
    for item in &items {
        match item {
            Value::String(s) => values.push(s.as_str()),
            _ => return Err(Error::new(ErrorKind::WrongType, "values")),
        }
    }
    answer(out, &SortedSha1::new(values))
}

/// `{}` -> `{nonceStr}` from the system's random source (crypto.getRandomValues).
pub(crate) fn generate_nonce(_: &Reader<'_>, out: &mut String) -> Result<(), Error> {
    answer(out, &One("nonceStr", &crate::generate_nonce()?))
}

/// `{cardId, cardExt, apiTicket?, now?}`, as the page passed them -> Diagnosis.
pub(crate) fn diagnose_card_ext(r: &Reader<'_>, out: &mut String) -> Result<(), Error> {
    let ticket = input::optional_ticket(r, "apiTicket", "api_ticket")?;
    let now = r.seconds("now", "now")?;
    answer(out, &crate::diagnose_card_ext(&r.as_passed("cardId"), &r.as_passed("cardExt"), ticket, now))
}

/// The parameters of a wx.chooseCard call plus `appId`, `apiTicket?`, `now?` -> Diagnosis.
pub(crate) fn diagnose_choose_card(r: &Reader<'_>, out: &mut String) -> Result<(), Error> {
    let ticket = input::optional_ticket(r, "apiTicket", "api_ticket")?;
    let now = r.seconds("now", "now")?;
    let passed = ChooseCardPassed::read(r);
    answer(out, &crate::diagnose_choose_card(&passed.call(), ticket, now))
}

/// A wx.config call (`{url, landingUrl?, appId, timestamp, nonceStr, signature, userAgent?}`)
/// plus `jsapiTicket?`, `apiTicket?`, `now?` -> Diagnosis.
pub(crate) fn diagnose_jsapi_config(r: &Reader<'_>, out: &mut String) -> Result<(), Error> {
    let jsapi_ticket = input::optional_ticket(r, "jsapiTicket", "jsapi_ticket")?;
    let api_ticket = input::optional_ticket(r, "apiTicket", "api_ticket")?;
    let now = r.seconds("now", "now")?;
    let passed = JsapiConfigPassed::read(r);
    answer(out, &crate::diagnose_jsapi_config(&passed.call(), jsapi_ticket, api_ticket, now))
}

/// What WeChat sent to the server URL and what the server holds (`{token, timestamp, nonce,
/// signature?, echostr?, computed?, msgSignature?, encrypt?, encodingAesKey?, appId?}`) -> Diagnosis.
pub(crate) fn diagnose_push_url(r: &Reader<'_>, out: &mut String) -> Result<(), Error> {
    answer(out, &crate::diagnose_push_url(&PushUrlPassed::read(r).call()))
}

/// `{errcode}` -> Errcode, or nothing for a code not in the table.
pub(crate) fn explain_errcode(r: &Reader<'_>, out: &mut String) -> Result<(), Error> {
    let code = match r.input("errcode") {
        Input::Text(t) | Input::Number(t) => t.parse::<i32>().ok(),
        _ => None,
    };
    match code.and_then(crate::explain_errcode) {
        Some(e) => answer(out, e),
        None => Ok(()),
    }
}

/// `{card}` (JSON text, or an object) -> CardReport.
pub(crate) fn validate_card_json(r: &Reader<'_>, out: &mut String) -> Result<(), Error> {
    let text = match r.input("card") {
        Input::Missing => "",
        Input::Text(t) | Input::Number(t) | Input::Object(Some(t)) | Input::List(Some(t)) => t,
        _ => return Err(Error::new(ErrorKind::WrongType, "card")),
    };
    answer(out, &crate::validate_card_json(text))
}

/// `{beginDate, endDate}` -> nothing, or DATE_FORMAT / DATE_RANGE.
pub(crate) fn check_datacube_dates(r: &Reader<'_>, _: &mut String) -> Result<(), Error> {
    crate::check_datacube_dates(r.text("beginDate", "begin_date")?, r.text("endDate", "end_date")?)
}

/// `{}` -> every error kind and finding code, for the test of the TypeScript types.
pub(crate) fn codes(_: &Reader<'_>, out: &mut String) -> Result<(), Error> {
    answer(out, &CodeTable)
}

/// `{query?}` -> a JSON list of Symptom: the one whose code the query is, or those whose text
/// holds it; all of them for an empty or absent query.
pub(crate) fn symptoms(r: &Reader<'_>, out: &mut String) -> Result<(), Error> {
    let found: Vec<crate::Symptom> = crate::explain_symptom(r.text("query", "query")?).collect();
    out.push_str(&list_to_json(&found));
    Ok(())
}
