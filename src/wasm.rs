//! The WebAssembly exports: every wasm-bindgen item of the crate lives in this file.
//!
//! Inputs and outputs are plain JS objects with the CLI's camelCase field names, read and built
//! with `Reflect` (serde-wasm-bindgen would cost about 20 KB gzip per struct). Errors are thrown
//! as `Error` objects carrying `.code` and `.field`; `pkg/index.js` turns them into `WxCardError`.
//! Nothing here formats with `core::fmt`, and nothing panics.

use alloc::string::String;
use alloc::vec::Vec;
use js_sys::{Array, Date, Object, Reflect};
use wasm_bindgen::prelude::*;

use crate::{
    diagnose_card_ext, diagnose_choose_card, explain_errcode, generate_nonce, parse_card_redirect, parse_user_agent,
    sign_card_ext_batch, sign_choose_card, sign_jsapi_config, sorted_sha1, strip_card_params, verify_card_ext,
    verify_choose_card, verify_jsapi_config, ApiTicket, CardExtParams, ChooseCardCall, ChooseCardParams, Diagnosis,
    Error, ErrorKind, JsapiConfigParams, JsapiTicket, SignedCardExt, SignedChooseCard,
};

type JsResult<T> = Result<T, JsValue>;

/// Turns a core error into the thrown value: `Error` with `name`, `code`, `field` (and `item`).
fn to_js(e: Error) -> JsValue {
    let mut message = String::from(e.field());
    message.push(' ');
    message.push_str(e.message());
    message.push_str(" (");
    message.push_str(e.code());
    message.push(')');
    let err = js_sys::Error::new(&message);
    err.set_name("WxCardError");
    let obj: &JsValue = err.as_ref();
    set(obj, "code", e.code());
    set(obj, "field", e.field());
    if let Some(i) = e.item() {
        set(obj, "item", i as f64);
    }
    err.into()
}

fn set(obj: &JsValue, key: &str, value: impl Into<JsValue>) {
    // Reflect.set on a fresh plain object cannot fail; there is nothing to report if it did.
    let _ = Reflect::set(obj, &JsValue::from_str(key), &value.into());
}

fn set_opt(obj: &JsValue, key: &str, value: &str) {
    set(obj, key, if value.is_empty() { JsValue::NULL } else { JsValue::from_str(value) });
}

/// Reads `input[key]` as text: `undefined`/`null` give "", numbers must be whole and are written
/// as digits (timestamps arrive as numbers from JS).
fn text(input: &JsValue, key: &str, field: &'static str) -> JsResult<String> {
    let v = Reflect::get(input, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
    if v.is_undefined() || v.is_null() {
        return Ok(String::new());
    }
    if let Some(s) = v.as_string() {
        return Ok(s);
    }
    match v.as_f64() {
        Some(n) if (0.0..=9_007_199_254_740_991.0).contains(&n) && (n as u64) as f64 == n => {
            Ok(itoa::Buffer::new().format(n as u64).into())
        }
        _ => Err(to_js(Error::new(ErrorKind::WrongType, field))),
    }
}

/// The input object itself; anything else is an error rather than a trap.
fn object(input: &JsValue) -> JsResult<&JsValue> {
    if input.is_object() {
        Ok(input)
    } else {
        Err(to_js(Error::new(ErrorKind::WrongType, "input")))
    }
}

/// A timestamp field: absent means now (read from `Date.now()`, as wasm has no clock).
fn timestamp(input: &JsValue, key: &str) -> JsResult<u64> {
    let t = text(input, key, "timestamp")?;
    if t.is_empty() {
        return Ok(now());
    }
    crate::parse_timestamp("timestamp", &t).map_err(to_js)
}

fn now() -> u64 {
    (Date::now() / 1000.0) as u64
}

/// `undefined` means "draw one"; a string is used as given.
fn optional_nonce(text: &str) -> Option<&str> {
    (!text.is_empty()).then_some(text)
}

fn optional_number(input: &JsValue, key: &str, field: &'static str) -> JsResult<Option<u64>> {
    let t = text(input, key, field)?;
    if t.is_empty() {
        Ok(None)
    } else {
        crate::parse_timestamp(field, &t).map(Some).map_err(to_js)
    }
}

fn api_ticket(input: &JsValue) -> JsResult<ApiTicket> {
    ApiTicket::new(text(input, "apiTicket", "api_ticket")?).map_err(to_js)
}

fn jsapi_ticket(input: &JsValue) -> JsResult<JsapiTicket> {
    JsapiTicket::new(text(input, "jsapiTicket", "jsapi_ticket")?).map_err(to_js)
}

/// The text fields of one card of a card_ext request.
struct CardInput {
    card_id: String,
    code: String,
    openid: String,
    timestamp: Option<u64>,
    nonce_str: String,
    fixed_begintimestamp: Option<u64>,
    outer_str: String,
}

impl CardInput {
    fn read(card: &JsValue, default_timestamp: Option<u64>) -> JsResult<Self> {
        let card = object(card)?;
        let ts = text(card, "timestamp", "timestamp")?;
        Ok(CardInput {
            card_id: text(card, "cardId", "card_id")?,
            code: text(card, "code", "code")?,
            openid: text(card, "openid", "openid")?,
            timestamp: if ts.is_empty() {
                default_timestamp
            } else {
                Some(crate::parse_timestamp("timestamp", &ts).map_err(to_js)?)
            },
            nonce_str: text(card, "nonceStr", "nonce_str")?,
            fixed_begintimestamp: optional_number(card, "fixedBeginTimestamp", "fixed_begintimestamp")?,
            outer_str: text(card, "outerStr", "outer_str")?,
        })
    }

    fn params(&self) -> CardExtParams<'_> {
        CardExtParams {
            card_id: &self.card_id,
            code: &self.code,
            openid: &self.openid,
            timestamp: self.timestamp,
            nonce_str: optional_nonce(&self.nonce_str),
            fixed_begintimestamp: self.fixed_begintimestamp,
            outer_str: &self.outer_str,
        }
    }
}

fn card_ext_object(signed: &SignedCardExt) -> JsValue {
    let out: JsValue = Object::new().into();
    set(&out, "cardId", signed.card_id.as_str());
    set(&out, "cardExt", signed.card_ext.as_str());
    out
}

/// Signs one card for `wx.addCard`: `{apiTicket, cardId, code?, openid?, timestamp?, nonceStr?,
/// fixedBeginTimestamp?, outerStr?}` -> `{cardId, cardExt}`.
#[wasm_bindgen(js_name = signCardExt)]
pub fn sign_card_ext_js(input: JsValue) -> JsResult<JsValue> {
    let input = object(&input)?;
    let ticket = api_ticket(input)?;
    let card = CardInput::read(input, Some(now()))?;
    let signed = crate::sign_card_ext(&ticket, &card.params()).map_err(to_js)?;
    Ok(card_ext_object(&signed))
}

/// Signs several cards: `{apiTicket, cards: [{cardId, code?, ...}]}` -> `[{cardId, cardExt}]`.
#[wasm_bindgen(js_name = signCardExtBatch)]
pub fn sign_card_ext_batch_js(input: JsValue) -> JsResult<Array> {
    let input = object(&input)?;
    let ticket = api_ticket(input)?;
    let cards = Reflect::get(input, &JsValue::from_str("cards")).unwrap_or(JsValue::UNDEFINED);
    if !Array::is_array(&cards) {
        return Err(to_js(Error::new(ErrorKind::Missing, "cards")));
    }
    let now = now();
    let mut inputs = Vec::new();
    for (i, card) in Array::from(&cards).iter().enumerate() {
        inputs.push(CardInput::read(&card, Some(now)).map_err(|e| {
            set(&e, "item", i as f64);
            e
        })?);
    }
    let params: Vec<CardExtParams<'_>> = inputs.iter().map(CardInput::params).collect();
    let signed = sign_card_ext_batch(&ticket, &params).map_err(to_js)?;
    Ok(signed.iter().map(card_ext_object).collect())
}

/// Verifies a card_ext: `{apiTicket, cardId, cardExt}` -> boolean.
#[wasm_bindgen(js_name = verifyCardExt)]
pub fn verify_card_ext_js(input: JsValue) -> JsResult<bool> {
    let input = object(&input)?;
    let ticket = api_ticket(input)?;
    let card_ext = Reflect::get(input, &JsValue::from_str("cardExt")).unwrap_or(JsValue::UNDEFINED);
    let Some(card_ext) = card_ext.as_string() else {
        // The classic bug: cardExt passed as an object.
        return Err(to_js(Error::new(ErrorKind::CardExtNotJson, "card_ext")));
    };
    verify_card_ext(&ticket, &text(input, "cardId", "card_id")?, &card_ext).map_err(to_js)
}

struct ChooseInput {
    app_id: String,
    shop_id: String,
    card_type: String,
    card_id: String,
    nonce_str: String,
}

impl ChooseInput {
    fn read(input: &JsValue) -> JsResult<Self> {
        Ok(ChooseInput {
            app_id: text(input, "appId", "app_id")?,
            shop_id: text(input, "shopId", "shop_id")?,
            card_type: text(input, "cardType", "card_type")?,
            card_id: text(input, "cardId", "card_id")?,
            nonce_str: text(input, "nonceStr", "nonce_str")?,
        })
    }

    fn params(&self, timestamp: u64) -> ChooseCardParams<'_> {
        ChooseCardParams {
            app_id: &self.app_id,
            shop_id: &self.shop_id,
            card_type: &self.card_type,
            card_id: &self.card_id,
            timestamp: Some(timestamp),
            nonce_str: optional_nonce(&self.nonce_str),
        }
    }
}

/// Signs `wx.chooseCard`: `{apiTicket, appId, shopId?, cardType?, cardId?, timestamp?, nonceStr?}`
/// -> `{shopId, cardType, cardId, timestamp, nonceStr, signType, cardSign}`.
#[wasm_bindgen(js_name = signChooseCard)]
pub fn sign_choose_card_js(input: JsValue) -> JsResult<JsValue> {
    let input = object(&input)?;
    let ticket = api_ticket(input)?;
    let call = ChooseInput::read(input)?;
    let signed: SignedChooseCard = sign_choose_card(&ticket, &call.params(timestamp(input, "timestamp")?)).map_err(to_js)?;
    let out: JsValue = Object::new().into();
    set(&out, "shopId", signed.shop_id.as_str());
    set(&out, "cardType", signed.card_type.as_str());
    set(&out, "cardId", signed.card_id.as_str());
    set(&out, "timestamp", signed.timestamp as f64);
    set(&out, "nonceStr", signed.nonce_str.as_str());
    set(&out, "signType", SignedChooseCard::SIGN_TYPE);
    set(&out, "cardSign", signed.card_sign.as_str());
    Ok(out)
}

/// Verifies a cardSign: the signChooseCard input with `timestamp`, `nonceStr` and `cardSign`.
#[wasm_bindgen(js_name = verifyChooseCard)]
pub fn verify_choose_card_js(input: JsValue) -> JsResult<bool> {
    let input = object(&input)?;
    let ticket = api_ticket(input)?;
    let call = ChooseInput::read(input)?;
    let ts = text(input, "timestamp", "timestamp")?;
    let ts = crate::parse_timestamp("timestamp", &ts).map_err(to_js)?;
    let mut params = call.params(ts);
    params.nonce_str = Some(&call.nonce_str);
    verify_choose_card(&ticket, &params, &text(input, "cardSign", "card_sign")?).map_err(to_js)
}

/// Signs `wx.config`: `{jsapiTicket, appId, url, timestamp?, nonceStr?}` -> `{appId, timestamp,
/// nonceStr, signature}`.
#[wasm_bindgen(js_name = signJsapiConfig)]
pub fn sign_jsapi_config_js(input: JsValue) -> JsResult<JsValue> {
    let input = object(&input)?;
    let ticket = jsapi_ticket(input)?;
    let (app_id, url, nonce) =
        (text(input, "appId", "app_id")?, text(input, "url", "url")?, text(input, "nonceStr", "nonce_str")?);
    let params = JsapiConfigParams {
        app_id: &app_id,
        url: &url,
        timestamp: Some(timestamp(input, "timestamp")?),
        nonce_str: optional_nonce(&nonce),
    };
    let signed = sign_jsapi_config(&ticket, &params).map_err(to_js)?;
    let out: JsValue = Object::new().into();
    set(&out, "appId", signed.app_id.as_str());
    set(&out, "timestamp", signed.timestamp as f64);
    set(&out, "nonceStr", signed.nonce_str.as_str());
    set(&out, "signature", signed.signature.as_str());
    Ok(out)
}

/// Verifies a wx.config signature: `{jsapiTicket, url, timestamp, nonceStr, signature}`.
#[wasm_bindgen(js_name = verifyJsapiConfig)]
pub fn verify_jsapi_config_js(input: JsValue) -> JsResult<bool> {
    let input = object(&input)?;
    let ticket = jsapi_ticket(input)?;
    let (url, nonce) = (text(input, "url", "url")?, text(input, "nonceStr", "nonce_str")?);
    let ts = crate::parse_timestamp("timestamp", &text(input, "timestamp", "timestamp")?).map_err(to_js)?;
    let params = JsapiConfigParams { app_id: "", url: &url, timestamp: Some(ts), nonce_str: Some(&nonce) };
    verify_jsapi_config(&ticket, &params, &text(input, "signature", "signature")?).map_err(to_js)
}

/// The card signature primitive over any list of strings: byte-sorted, concatenated, SHA-1.
/// Returns `{sorted, signature}` so a page can show each step.
#[wasm_bindgen(js_name = sortedSha1)]
pub fn sorted_sha1_js(values: Array) -> JsResult<JsValue> {
    let mut owned = Vec::new();
    for v in values.iter() {
        owned.push(v.as_string().ok_or_else(|| to_js(Error::new(ErrorKind::WrongType, "values")))?);
    }
    let mut refs: Vec<&str> = owned.iter().map(String::as_str).filter(|s| !s.is_empty()).collect();
    crate::sort_bytewise(&mut refs);
    let out: JsValue = Object::new().into();
    set(&out, "sorted", refs.iter().map(|s| JsValue::from_str(s)).collect::<Array>());
    set(&out, "signature", sorted_sha1(&refs).as_str());
    Ok(out)
}

/// Reads a user agent: `{isWeChat, isWeCom, isMiniProgram, platform, version, supportsCards}`.
#[wasm_bindgen(js_name = parseUserAgent)]
pub fn parse_user_agent_js(ua: &str) -> JsValue {
    let ua = parse_user_agent(ua);
    let out: JsValue = Object::new().into();
    set(&out, "isWeChat", ua.is_wechat);
    set(&out, "isWeCom", ua.is_wecom);
    set(&out, "isMiniProgram", ua.is_mini_program);
    set(&out, "platform", ua.platform.as_str());
    set_opt(&out, "version", ua.version.map_or("", |v| v.as_str()));
    set(&out, "supportsCards", ua.supports_cards());
    out
}

/// True inside WeChat 6.0.2 or later.
#[wasm_bindgen(js_name = supportsCards)]
pub fn supports_cards_js(ua: &str) -> bool {
    crate::supports_cards(ua)
}

/// Reads the card parameters of a redirect URL: `{encryptCode, cardId, openid, outerStr,
/// strippedUrl}` or `null`.
#[wasm_bindgen(js_name = parseCardRedirect)]
pub fn parse_card_redirect_js(url: &str) -> JsValue {
    let Some(r) = parse_card_redirect(url) else { return JsValue::NULL };
    let out: JsValue = Object::new().into();
    set(&out, "encryptCode", r.encrypt_code.as_str());
    set(&out, "cardId", r.card_id.as_str());
    set_opt(&out, "openid", r.openid.as_deref().unwrap_or(""));
    set_opt(&out, "outerStr", r.outer_str.as_deref().unwrap_or(""));
    set(&out, "strippedUrl", r.stripped_url.as_str());
    out
}

/// The URL without the card parameters.
#[wasm_bindgen(js_name = stripCardParams)]
pub fn strip_card_params_js(url: &str) -> String {
    strip_card_params(url)
}

/// A fresh random nonce_str (crypto.getRandomValues).
#[wasm_bindgen(js_name = generateNonce)]
pub fn generate_nonce_js() -> JsResult<String> {
    generate_nonce().map_err(to_js)
}

#[cfg(feature = "wasm-debug")]
fn diagnosis_object(d: &Diagnosis) -> JsValue {
    let out: JsValue = Object::new().into();
    set(&out, "ok", d.is_ok());
    set_opt(&out, "expectedSignature", d.expected_signature.as_ref().map_or("", |s| s.as_str()));
    let findings: Array = d
        .findings
        .iter()
        .map(|f| {
            let o: JsValue = Object::new().into();
            set(&o, "code", f.code);
            set(&o, "severity", f.severity.as_str());
            set(&o, "field", f.field);
            set(&o, "messageEn", f.message_en);
            set(&o, "messageZh", f.message_zh);
            o
        })
        .collect();
    set(&out, "findings", findings);
    out
}

#[cfg(feature = "wasm-debug")]
fn ticket_and_now(input: &JsValue) -> JsResult<(String, Option<u64>)> {
    let now = optional_number(input, "now", "now")?.unwrap_or_else(now);
    Ok((text(input, "apiTicket", "api_ticket")?, Some(now)))
}

/// Explains what is wrong with a card_ext: `{cardId, cardExt, apiTicket?, now?}` ->
/// `{ok, expectedSignature, findings: [{code, severity, field, messageEn, messageZh}]}`.
#[cfg(feature = "wasm-debug")]
#[wasm_bindgen(js_name = diagnoseCardExt)]
pub fn diagnose_card_ext_js(input: JsValue) -> JsResult<JsValue> {
    let input = object(&input)?;
    let card_ext = Reflect::get(input, &JsValue::from_str("cardExt")).unwrap_or(JsValue::UNDEFINED);
    // An object here is the bug being diagnosed: look at it the way WeChat's bridge would.
    let card_ext = match card_ext.as_string() {
        Some(s) => s,
        None if card_ext.is_object() => String::from("[object Object]"),
        None => String::new(),
    };
    let (ticket, now) = ticket_and_now(input)?;
    let ticket = (!ticket.is_empty()).then_some(ticket.as_str());
    Ok(diagnosis_object(&diagnose_card_ext(&text(input, "cardId", "card_id")?, &card_ext, ticket, now)))
}

/// Explains what is wrong with a wx.chooseCard call: its parameters plus `appId`, `apiTicket?`,
/// `now?`.
#[cfg(feature = "wasm-debug")]
#[wasm_bindgen(js_name = diagnoseChooseCard)]
pub fn diagnose_choose_card_js(input: JsValue) -> JsResult<JsValue> {
    let input = object(&input)?;
    let call = ChooseInput::read(input)?;
    let (ts, sign_type, card_sign) = (
        text(input, "timestamp", "timestamp")?,
        text(input, "signType", "sign_type")?,
        text(input, "cardSign", "card_sign")?,
    );
    let (ticket, now) = ticket_and_now(input)?;
    let ticket = (!ticket.is_empty()).then_some(ticket.as_str());
    let call = ChooseCardCall {
        app_id: &call.app_id,
        shop_id: &call.shop_id,
        card_type: &call.card_type,
        card_id: &call.card_id,
        timestamp: &ts,
        nonce_str: &call.nonce_str,
        sign_type: &sign_type,
        card_sign: &card_sign,
    };
    Ok(diagnosis_object(&diagnose_choose_card(&call, ticket, now)))
}

/// Explains a WeChat errcode: `{code, errmsg, meaningZh, meaningEn, fixZh, fixEn}` or `null`.
#[cfg(feature = "wasm-debug")]
#[wasm_bindgen(js_name = explainErrcode)]
pub fn explain_errcode_js(code: f64) -> JsValue {
    if !(-1e15..=1e15).contains(&code) || (code as i64) as f64 != code {
        return JsValue::NULL;
    }
    let Some(e) = explain_errcode(code as i64) else { return JsValue::NULL };
    let out: JsValue = Object::new().into();
    set(&out, "code", e.code as f64);
    set(&out, "errmsg", e.errmsg);
    set(&out, "meaningZh", e.meaning_zh);
    set(&out, "meaningEn", e.meaning_en);
    set(&out, "fixZh", e.fix_zh);
    set(&out, "fixEn", e.fix_en);
    out
}
