//! What each export of the npm package does, JSON text in and JSON text out.
//!
//! The phone exports take their one string and answer JSON. The others take one JSON object
//! (what the page passed, `JSON.stringify`-ed by the glue), read it into the crate's own input
//! types, and answer their result's JSON, or the JSON of an [`Error`] (`{code, field,
//! message, item?}`) that the glue throws as `WxCardError`. The wasm bindings (`src/wasm.rs`)
//! and the native tests call the very same functions.

// The phone module has only the user agent and redirect exports.
#![cfg_attr(not(any(feature = "wasm-full", feature = "test-hooks")), allow(dead_code))]

use alloc::string::String;

use serde::Serialize;

/// A result as JSON text. Serializing the crate's results cannot fail (no map has a key that
/// is not text); `null` stands in should it ever.
fn json<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".into())
}

/// `parseUserAgent(userAgent)`: a UserAgent.
pub fn parse_user_agent(user_agent: &str) -> String {
    json(&crate::parse_user_agent(user_agent))
}

/// `parseCardRedirect(url)`: a CardRedirect, or `null`.
pub fn parse_card_redirect(url: &str) -> String {
    json(&crate::parse_card_redirect(url))
}

/// `stripCardParams(url)`: the URL without the card parameters, as plain text.
pub fn strip_card_params(url: &str) -> String {
    crate::strip_card_params(url)
}

#[cfg(any(feature = "wasm-full", feature = "test-hooks"))]
pub use full::call;
#[cfg(feature = "test-hooks")]
pub use full::names;

#[cfg(any(feature = "wasm-full", feature = "test-hooks"))]
mod full {
    use alloc::string::{String, ToString};
    use alloc::vec::Vec;

    use serde::de::DeserializeOwned;
    use serde::{Deserialize, Serialize};
    use serde_json::{Map, Value};

    use super::json;
    use crate::error::{Error, ErrorKind};
    use crate::{
        ApiTicket, ApiV2Key, BusifavorCall, BusifavorH5Params, BusifavorPluginParams, CardExtParams, ChooseCardCall,
        ChooseCardParams, FindingCode, JsapiConfigCall, JsapiConfigParams, JsapiTicket, PushUrlCall, Verified,
    };

    /// An export: the input object in, its result's JSON out.
    type Export = fn(Map<String, Value>) -> Result<String, Error>;

    /// Every export by its JavaScript name. The phone's three are here too, reading
    /// `{userAgent}` or `{url}`, so that one table drives the tests and the fuzzer.
    const EXPORTS: &[(&str, Export)] = &[
        ("parseUserAgent", |mut f| Ok(super::parse_user_agent(&take_text(&mut f, "userAgent")?))),
        ("parseCardRedirect", |mut f| Ok(super::parse_card_redirect(&take_text(&mut f, "url")?))),
        ("stripCardParams", |mut f| Ok(json(&super::strip_card_params(&take_text(&mut f, "url")?)))),
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
        ("signBusifavorH5", sign_busifavor_h5),
        ("signBusifavorPlugin", sign_busifavor_plugin),
        ("signBusifavorAddCard", sign_busifavor_add_card),
        ("diagnoseBusifavor", diagnose_busifavor),
        ("explainPayResult", explain_pay_result),
    ];

    /// Runs the export called `name` on a JSON object: its result's JSON, or the error's JSON
    /// (`WRONG_TYPE` of `input` for a name that is no export).
    pub fn call(name: &str, input: &str) -> Result<String, String> {
        let answer = match (EXPORTS.iter().find(|(n, _)| *n == name), serde_json::from_str::<Value>(input)) {
            (Some((_, export)), Ok(Value::Object(fields))) => export(fields),
            (Some(_), Err(_)) => Err(Error::new(ErrorKind::InvalidJson, "input")),
            _ => Err(Error::new(ErrorKind::WrongType, "input")),
        };
        answer.map_err(|e| json(&e))
    }

    /// The JavaScript names of every export, in a fixed order (for the fuzzer).
    #[cfg(feature = "test-hooks")]
    pub fn names() -> impl Iterator<Item = &'static str> {
        EXPORTS.iter().map(|(name, _)| *name)
    }

    /// The name an error gives a JavaScript field: WeChat's, as the core's own errors do.
    fn wechat_name(js: &str) -> &'static str {
        match js {
            "apiTicket" => "api_ticket",
            "jsapiTicket" => "jsapi_ticket",
            "appId" => "app_id",
            "cardId" => "card_id",
            "cardExt" => "card_ext",
            "cardSign" => "card_sign",
            "cardType" => "card_type",
            "shopId" => "shop_id",
            "code" => "code",
            "openid" => "openid",
            "url" => "url",
            "timestamp" => "timestamp",
            "nonceStr" => "nonce_str",
            "fixedBeginTimestamp" => "fixed_begintimestamp",
            "outerStr" => "outer_str",
            "signature" => "signature",
            "cards" => "cards",
            "values" => "values",
            "now" => "now",
            "query" => "query",
            "card" => "card",
            "errcode" => "errcode",
            "userAgent" => "user_agent",
            "beginDate" => "begin_date",
            "endDate" => "end_date",
            "key" => "key",
            "apiV3Key" => "api_v3_key",
            "sign" => "sign",
            "stockId" | "stock_id" => "stock_id",
            "outRequestNo" | "out_request_no" => "out_request_no",
            "sendCouponMerchant" => "send_coupon_merchant",
            "openId" => "open_id",
            "couponCode" | "coupon_code" => "coupon_code",
            "createCouponMerchant" | "create_coupon_merchant" => "create_coupon_merchant",
            "coupons" | "sendCouponParams" => "send_coupon_params",
            _ => "input",
        }
    }

    /// Reads an input type; a value of the wrong type is `WRONG_TYPE` for its field, and a rule
    /// the reader checks (`crate::de`) is its own code. In a list, the item is named too.
    fn read<T: DeserializeOwned>(fields: Map<String, Value>) -> Result<T, Error> {
        serde_path_to_error::deserialize(Value::Object(fields)).map_err(|e| {
            let mut field = "input";
            let mut item = None;
            for segment in e.path().iter() {
                match segment {
                    serde_path_to_error::Segment::Seq { index } => item = Some(*index),
                    serde_path_to_error::Segment::Map { key } => field = wechat_name(key),
                    _ => {}
                }
            }
            let message = e.inner().to_string();
            let kind = ErrorKind::ALL.iter().copied().find(|k| message.starts_with(k.code()));
            let error = Error::new(kind.unwrap_or(ErrorKind::WrongType), field);
            match item {
                Some(i) => error.at_item(i),
                None => error,
            }
        })
    }

    /// Takes one text field out of the object (a ticket, a signature): text or digits, absent "".
    fn take_text(fields: &mut Map<String, Value>, name: &str) -> Result<String, Error> {
        match fields.remove(name) {
            None => Ok(String::new()),
            Some(value) => crate::de::text(value).map_err(|_| Error::new(ErrorKind::WrongType, wechat_name(name))),
        }
    }

    fn api_ticket(fields: &mut Map<String, Value>) -> Result<ApiTicket, Error> {
        ApiTicket::new(&take_text(fields, "apiTicket")?)
    }

    fn jsapi_ticket(fields: &mut Map<String, Value>) -> Result<JsapiTicket, Error> {
        JsapiTicket::new(&take_text(fields, "jsapiTicket")?)
    }

    /// The optional ticket of a diagnosis: absent or "" is none.
    fn optional_ticket(fields: &mut Map<String, Value>, name: &str) -> Result<Option<String>, Error> {
        Ok(Some(take_text(fields, name)?).filter(|t| !t.is_empty()))
    }

    /// What the diagnoses read beside the call: the clock to judge the timestamp by.
    #[derive(Deserialize)]
    struct Now {
        #[serde(default, deserialize_with = "crate::de::seconds")]
        now: Option<u64>,
    }

    fn now(fields: &mut Map<String, Value>) -> Result<Option<u64>, Error> {
        let mut only = Map::new();
        if let Some(v) = fields.remove("now") {
            only.insert("now".into(), v);
        }
        Ok(read::<Now>(only)?.now)
    }

    /// CardExtParams + `apiTicket` -> SignedCardExt.
    fn sign_card_ext(mut fields: Map<String, Value>) -> Result<String, Error> {
        let ticket = api_ticket(&mut fields)?;
        let params: CardExtParams = read(fields)?;
        Ok(json(&crate::sign_card_ext(&ticket, &params)?))
    }

    /// `{apiTicket, timestamp?, cards: [CardExtParams]}` -> a list of SignedCardExt, one
    /// timestamp for the cards that have none.
    fn sign_card_ext_batch(mut fields: Map<String, Value>) -> Result<String, Error> {
        #[derive(Deserialize)]
        struct Batch {
            #[serde(default, deserialize_with = "crate::de::seconds")]
            timestamp: Option<u64>,
            #[serde(default)]
            cards: Option<Vec<CardExtParams>>,
        }
        let ticket = api_ticket(&mut fields)?;
        let batch: Batch = read(fields)?;
        let mut cards = batch.cards.filter(|c| !c.is_empty()).ok_or(Error::new(ErrorKind::Missing, "cards"))?;
        for card in &mut cards {
            card.timestamp = card.timestamp.or(batch.timestamp);
        }
        Ok(json(&crate::sign_card_ext_batch(&ticket, &cards)?))
    }

    /// `{apiTicket, cardId, cardExt}` -> `{valid}`.
    fn verify_card_ext(mut fields: Map<String, Value>) -> Result<String, Error> {
        let Some(Value::String(card_ext)) = fields.remove("cardExt") else {
            return Err(Error::new(ErrorKind::CardExtNotJson, "card_ext"));
        };
        let ticket = api_ticket(&mut fields)?;
        let card_id = take_text(&mut fields, "cardId")?;
        Ok(json(&Verified { valid: crate::verify_card_ext(&ticket, &card_id, &card_ext)? }))
    }

    /// ChooseCardParams + `apiTicket` -> SignedChooseCard.
    fn sign_choose_card(mut fields: Map<String, Value>) -> Result<String, Error> {
        let ticket = api_ticket(&mut fields)?;
        let params: ChooseCardParams = read(fields)?;
        Ok(json(&crate::sign_choose_card(&ticket, &params)?))
    }

    /// ChooseCardParams + `apiTicket`, `cardSign` -> `{valid}`.
    fn verify_choose_card(mut fields: Map<String, Value>) -> Result<String, Error> {
        let ticket = api_ticket(&mut fields)?;
        let card_sign = take_text(&mut fields, "cardSign")?;
        let params: ChooseCardParams = read(fields)?;
        Ok(json(&Verified { valid: crate::verify_choose_card(&ticket, &params, &card_sign)? }))
    }

    /// JsapiConfigParams + `jsapiTicket` -> SignedJsapiConfig.
    fn sign_jsapi_config(mut fields: Map<String, Value>) -> Result<String, Error> {
        let ticket = jsapi_ticket(&mut fields)?;
        let params: JsapiConfigParams = read(fields)?;
        Ok(json(&crate::sign_jsapi_config(&ticket, &params)?))
    }

    /// JsapiConfigParams + `jsapiTicket`, `signature` -> `{valid}`.
    fn verify_jsapi_config(mut fields: Map<String, Value>) -> Result<String, Error> {
        let ticket = jsapi_ticket(&mut fields)?;
        let signature = take_text(&mut fields, "signature")?;
        let params: JsapiConfigParams = read(fields)?;
        Ok(json(&Verified { valid: crate::verify_jsapi_config(&ticket, &params, &signature)? }))
    }

    /// `{values: [..]}` -> `{sorted, signature}`: the card signature primitive, step by step.
    fn sorted_sha1(fields: Map<String, Value>) -> Result<String, Error> {
        #[derive(Deserialize)]
        struct Values {
            #[serde(default)]
            values: Option<Vec<String>>,
        }
        #[derive(Serialize)]
        struct Sorted<'a> {
            sorted: Vec<&'a str>,
            signature: crate::Signature,
        }
        let values = read::<Values>(fields)?.values.ok_or(Error::new(ErrorKind::Missing, "values"))?;
        let mut sorted: Vec<&str> = values.iter().map(String::as_str).filter(|v| !v.is_empty()).collect();
        sorted.sort_unstable();
        let signature = crate::sorted_sha1(&sorted);
        Ok(json(&Sorted { sorted, signature }))
    }

    /// `{}` -> `{nonceStr}` from the system's random source (crypto.getRandomValues).
    fn generate_nonce(_: Map<String, Value>) -> Result<String, Error> {
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Nonce {
            nonce_str: String,
        }
        Ok(json(&Nonce { nonce_str: crate::generate_nonce()? }))
    }

    /// `{cardId, cardExt, apiTicket?, now?}`, as the page passed them -> Diagnosis.
    fn diagnose_card_ext(mut fields: Map<String, Value>) -> Result<String, Error> {
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Call {
            #[serde(default, deserialize_with = "crate::de::as_passed")]
            card_id: String,
            #[serde(default, deserialize_with = "crate::de::as_passed")]
            card_ext: String,
        }
        let ticket = optional_ticket(&mut fields, "apiTicket")?;
        let now = now(&mut fields)?;
        let call: Call = read(fields)?;
        Ok(json(&crate::diagnose_card_ext(&call.card_id, &call.card_ext, ticket.as_deref(), now)))
    }

    /// A wx.chooseCard call plus `apiTicket?`, `now?` -> Diagnosis.
    fn diagnose_choose_card(mut fields: Map<String, Value>) -> Result<String, Error> {
        let ticket = optional_ticket(&mut fields, "apiTicket")?;
        let now = now(&mut fields)?;
        let call: ChooseCardCall = read(fields)?;
        Ok(json(&crate::diagnose_choose_card(&call, ticket.as_deref(), now)))
    }

    /// A wx.config call plus `jsapiTicket?`, `apiTicket?`, `now?` -> Diagnosis. Every field is
    /// read as the page passed it (an absent one as ""), where the server's endpoint is strict.
    fn diagnose_jsapi_config(mut fields: Map<String, Value>) -> Result<String, Error> {
        let jsapi = optional_ticket(&mut fields, "jsapiTicket")?;
        let card = optional_ticket(&mut fields, "apiTicket")?;
        let now = now(&mut fields)?;
        let Ok(Value::Object(mut passed)) = serde_json::to_value(JsapiConfigCall::default()) else {
            return Err(Error::new(ErrorKind::WrongType, "input"));
        };
        for (name, value) in passed.iter_mut() {
            if let Some(given) = fields.remove(name) {
                let text =
                    crate::de::as_passed(given).map_err(|_| Error::new(ErrorKind::WrongType, wechat_name(name)))?;
                *value = Value::String(text);
            }
        }
        let call: JsapiConfigCall = read(passed)?;
        Ok(json(&crate::diagnose_jsapi_config(&call, jsapi.as_deref(), card.as_deref(), now)))
    }

    /// What WeChat sent to the server URL and what the server holds -> Diagnosis.
    fn diagnose_push_url(fields: Map<String, Value>) -> Result<String, Error> {
        let call: PushUrlCall = read(fields)?;
        Ok(json(&crate::diagnose_push_url(&call)))
    }

    /// The APIv2 key of a 商家券 export (`key`).
    fn pay_key(fields: &mut Map<String, Value>) -> Result<ApiV2Key, Error> {
        ApiV2Key::new(take_text(fields, "key")?)
    }

    /// BusifavorH5Params + `key` -> SignedBusifavorH5.
    fn sign_busifavor_h5(mut fields: Map<String, Value>) -> Result<String, Error> {
        let key = pay_key(&mut fields)?;
        let params: BusifavorH5Params = read(fields)?;
        Ok(json(&crate::sign_busifavor_h5(&key, &params)?))
    }

    /// BusifavorPluginParams + `key` -> SignedBusifavorPlugin.
    fn sign_busifavor_plugin(mut fields: Map<String, Value>) -> Result<String, Error> {
        let key = pay_key(&mut fields)?;
        let params: BusifavorPluginParams = read(fields)?;
        Ok(json(&crate::sign_busifavor_plugin(&key, &params)?))
    }

    /// BusifavorPluginParams + `key` -> BusifavorCardList (wx.addCard; community-sourced).
    fn sign_busifavor_add_card(mut fields: Map<String, Value>) -> Result<String, Error> {
        let key = pay_key(&mut fields)?;
        let params: BusifavorPluginParams = read(fields)?;
        Ok(json(&crate::sign_busifavor_add_card(&key, &params)?))
    }

    /// BusifavorCall + `key?`, `apiV3Key?` -> BusifavorDiagnosis.
    fn diagnose_busifavor(mut fields: Map<String, Value>) -> Result<String, Error> {
        let key = optional_ticket(&mut fields, "key")?;
        let v3 = optional_ticket(&mut fields, "apiV3Key")?;
        let call: BusifavorCall = read(fields)?;
        Ok(json(&crate::diagnose_busifavor(&call, key.as_deref(), v3.as_deref())))
    }

    /// `{code}` -> PayResultCode, or `null` for a code not in the table.
    fn explain_pay_result(mut fields: Map<String, Value>) -> Result<String, Error> {
        let code = take_text(&mut fields, "code")?;
        Ok(json(&crate::explain_pay_result(&code)))
    }

    /// `{errcode}` -> Errcode, or `null` for a code not in the table.
    fn explain_errcode(mut fields: Map<String, Value>) -> Result<String, Error> {
        let code = match fields.remove("errcode") {
            Some(Value::Number(n)) => n.as_i64().and_then(|n| i32::try_from(n).ok()),
            Some(Value::String(s)) => s.parse::<i32>().ok(),
            _ => None,
        };
        Ok(json(&code.and_then(crate::explain_errcode)))
    }

    /// `{card}`, the card's JSON text (the glue stringifies an object) -> CardReport.
    fn validate_card_json(mut fields: Map<String, Value>) -> Result<String, Error> {
        let text = take_text(&mut fields, "card")?;
        Ok(json(&crate::validate_card_json(&text)))
    }

    /// `{beginDate, endDate}` -> `null`, or DATE_FORMAT / DATE_RANGE.
    fn check_datacube_dates(mut fields: Map<String, Value>) -> Result<String, Error> {
        let begin = take_text(&mut fields, "beginDate")?;
        let end = take_text(&mut fields, "endDate")?;
        crate::check_datacube_dates(&begin, &end)?;
        Ok("null".into())
    }

    /// `{}` -> every error kind and finding code, and the fields of the input types, for the
    /// test that holds the TypeScript declarations equal to the Rust tables and types.
    fn codes(_: Map<String, Value>) -> Result<String, Error> {
        #[derive(Serialize)]
        struct Kind {
            code: &'static str,
            message: &'static str,
        }
        #[derive(Serialize)]
        struct Finding {
            code: FindingCode,
            severity: crate::Severity,
            field: &'static str,
        }
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Inputs {
            card_ext_params: CardExtParams,
            choose_card_params: ChooseCardParams,
            jsapi_config_params: JsapiConfigParams,
            jsapi_config_call: JsapiConfigCall,
            choose_card_call: ChooseCardCall,
            busifavor_h5_params: BusifavorH5Params,
            busifavor_plugin_params: BusifavorPluginParams,
            busifavor_call: BusifavorCall,
        }
        #[derive(Serialize)]
        struct Codes {
            errors: Vec<Kind>,
            findings: Vec<Finding>,
            inputs: Inputs,
        }
        let errors = ErrorKind::ALL.iter().map(|k| Kind { code: k.code(), message: k.message() }).collect();
        let findings =
            FindingCode::ALL.iter().map(|&f| Finding { code: f, severity: f.severity(), field: f.field() }).collect();
        let inputs = Inputs {
            card_ext_params: CardExtParams::default(),
            choose_card_params: ChooseCardParams::default(),
            jsapi_config_params: JsapiConfigParams::default(),
            jsapi_config_call: JsapiConfigCall::default(),
            choose_card_call: ChooseCardCall::default(),
            busifavor_h5_params: BusifavorH5Params::default(),
            busifavor_plugin_params: BusifavorPluginParams::default(),
            busifavor_call: BusifavorCall::default(),
        };
        Ok(json(&Codes { errors, findings, inputs }))
    }

    /// `{query?}` -> a list of Symptom: the one whose code the query is, or those whose text
    /// holds it; all of them for an empty or absent query.
    fn symptoms(mut fields: Map<String, Value>) -> Result<String, Error> {
        let query = take_text(&mut fields, "query")?;
        let found: Vec<crate::Symptom> = crate::explain_symptom(&query).collect();
        Ok(json(&found))
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        /// Every field of every input type has a WeChat name for its errors.
        #[test]
        fn every_input_field_has_a_wechat_name() {
            let keys = |v: Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
            let mut all = keys(serde_json::to_value(CardExtParams::default()).unwrap());
            all.extend(keys(serde_json::to_value(ChooseCardParams::default()).unwrap()));
            all.extend(keys(serde_json::to_value(JsapiConfigParams::default()).unwrap()));
            all.extend(keys(serde_json::to_value(BusifavorH5Params::default()).unwrap()));
            all.extend(keys(serde_json::to_value(BusifavorPluginParams::default()).unwrap()));
            all.extend(keys(serde_json::to_value(BusifavorCall::default()).unwrap()));
            all.extend(keys(serde_json::to_value(crate::BusifavorCoupon::default()).unwrap()));
            for key in all {
                assert_ne!(wechat_name(&key), "input", "{key}");
            }
        }
    }
}
