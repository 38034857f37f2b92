//! The WebAssembly exports: every wasm-bindgen item of the crate lives in this file.
//!
//! This is the module's private interface; `pkg/index.js` is the public one. To stay small on a
//! phone, values cross the boundary as flat strings (JavaScript turns numbers into digits and
//! fills in "now"), and compound results come back as JSON text that the glue parses: no `Reflect`
//! calls per field, no serde. Errors are thrown as `"CODE\tfield\tmessage"` strings, which the
//! glue turns into `WxCardError`. Nothing here formats with `core::fmt`.

use alloc::string::String;

use wasm_bindgen::prelude::*;

use crate::json::{push_bool, push_key, push_optional_string, push_string};

/// Reads a user agent; returns `{isWeChat, isWeCom, isMiniProgram, platform, version,
/// supportsCards}` as JSON text.
#[wasm_bindgen(js_name = parseUserAgent)]
pub fn parse_user_agent(ua: &str) -> String {
    let ua = crate::parse_user_agent(ua);
    let mut out = String::from("{");
    for (key, value) in [("isWeChat", ua.is_wechat), ("isWeCom", ua.is_wecom), ("isMiniProgram", ua.is_mini_program)] {
        push_key(&mut out, key);
        push_bool(&mut out, value);
    }
    push_key(&mut out, "platform");
    push_string(&mut out, ua.platform.as_str());
    push_key(&mut out, "version");
    push_optional_string(&mut out, ua.version.as_ref().map(|v| v.as_str()));
    push_key(&mut out, "supportsCards");
    push_bool(&mut out, ua.supports_cards());
    out.push('}');
    out
}

/// True inside WeChat 6.0.2 or later.
#[wasm_bindgen(js_name = supportsCards)]
pub fn supports_cards(ua: &str) -> bool {
    crate::supports_cards(ua)
}

/// Reads the card parameters of a redirect URL; `{encryptCode, cardId, openid, outerStr,
/// strippedUrl}` as JSON text, or `undefined`.
#[wasm_bindgen(js_name = parseCardRedirect)]
pub fn parse_card_redirect(url: &str) -> Option<String> {
    let r = crate::parse_card_redirect(url)?;
    let mut out = String::from("{");
    for (key, value) in [
        ("encryptCode", Some(&r.encrypt_code)),
        ("cardId", Some(&r.card_id)),
        ("openid", r.openid.as_ref()),
        ("outerStr", r.outer_str.as_ref()),
        ("strippedUrl", Some(&r.stripped_url)),
    ] {
        push_key(&mut out, key);
        push_optional_string(&mut out, value.map(String::as_str));
    }
    out.push('}');
    Some(out)
}

/// The URL without the card parameters.
#[wasm_bindgen(js_name = stripCardParams)]
pub fn strip_card_params(url: &str) -> String {
    crate::strip_card_params(url)
}

/// Signing, verification and diagnosis: the larger module for the debugger page, Node and edge
/// workers. A phone page gets signatures from its server and does not load these.
#[cfg(feature = "wasm-full")]
mod full {
    use super::*;
    use crate::json::{push_array, push_string_members, push_u64};
    use crate::{
        ApiTicket, CardExtParams, ChooseCardCall, ChooseCardParams, Diagnosis, Error, JsapiConfigParams, JsapiTicket,
        SignedChooseCard,
    };
    use alloc::vec::Vec;

    type JsResult<T> = Result<T, JsValue>;

    /// The thrown value: `CODE\tfield\tmessage`.
    fn to_js(e: Error) -> JsValue {
        let mut s = String::from(e.code());
        for part in ["\t", e.field(), "\t", e.message()] {
            s.push_str(part);
        }
        JsValue::from_str(&s)
    }

    fn seconds(field: &'static str, text: &str) -> JsResult<u64> {
        crate::parse_timestamp(field, text).map_err(to_js)
    }

    fn optional_seconds(field: &'static str, text: &str) -> JsResult<Option<u64>> {
        if text.is_empty() {
            Ok(None)
        } else {
            seconds(field, text).map(Some)
        }
    }

    fn api_ticket(t: &str) -> JsResult<ApiTicket> {
        ApiTicket::new(t).map_err(to_js)
    }

    /// Signs one card for `wx.addCard` and returns its cardExt (JSON text).
    #[wasm_bindgen(js_name = signCardExt)]
    #[allow(clippy::too_many_arguments)]
    pub fn sign_card_ext(
        api_ticket_: &str,
        card_id: &str,
        code: &str,
        openid: &str,
        timestamp: &str,
        nonce_str: Option<String>,
        fixed_begintimestamp: &str,
        outer_str: &str,
    ) -> JsResult<String> {
        let params = CardExtParams {
            card_id,
            code,
            openid,
            timestamp: Some(seconds("timestamp", timestamp)?),
            nonce_str: nonce_str.as_deref(),
            fixed_begintimestamp: optional_seconds("fixed_begintimestamp", fixed_begintimestamp)?,
            outer_str,
        };
        crate::sign_card_ext(&api_ticket(api_ticket_)?, &params).map(|s| s.card_ext).map_err(to_js)
    }

    /// Checks a card_ext against the ticket.
    #[wasm_bindgen(js_name = verifyCardExt)]
    pub fn verify_card_ext(api_ticket_: &str, card_id: &str, card_ext: &str) -> JsResult<bool> {
        crate::verify_card_ext(&api_ticket(api_ticket_)?, card_id, card_ext).map_err(to_js)
    }

    /// Signs `wx.chooseCard`; returns its parameters as JSON text.
    #[wasm_bindgen(js_name = signChooseCard)]
    pub fn sign_choose_card(
        api_ticket_: &str,
        app_id: &str,
        shop_id: &str,
        card_type: &str,
        card_id: &str,
        timestamp: &str,
        nonce_str: Option<String>,
    ) -> JsResult<String> {
        let params = ChooseCardParams {
            app_id,
            shop_id,
            card_type,
            card_id,
            timestamp: Some(seconds("timestamp", timestamp)?),
            nonce_str: nonce_str.as_deref(),
        };
        let s = crate::sign_choose_card(&api_ticket(api_ticket_)?, &params).map_err(to_js)?;
        let mut out = String::from("{");
        push_string_members(&mut out, &[("shopId", &s.shop_id), ("cardType", &s.card_type), ("cardId", &s.card_id)]);
        push_key(&mut out, "timestamp");
        push_u64(&mut out, s.timestamp);
        push_string_members(
            &mut out,
            &[
                ("nonceStr", &s.nonce_str),
                ("signType", SignedChooseCard::SIGN_TYPE),
                ("cardSign", s.card_sign.as_str()),
            ],
        );
        out.push('}');
        Ok(out)
    }

    /// Checks a cardSign.
    #[wasm_bindgen(js_name = verifyChooseCard)]
    #[allow(clippy::too_many_arguments)]
    pub fn verify_choose_card(
        api_ticket_: &str,
        app_id: &str,
        shop_id: &str,
        card_type: &str,
        card_id: &str,
        timestamp: &str,
        nonce_str: &str,
        card_sign: &str,
    ) -> JsResult<bool> {
        let params = ChooseCardParams {
            app_id,
            shop_id,
            card_type,
            card_id,
            timestamp: Some(seconds("timestamp", timestamp)?),
            nonce_str: Some(nonce_str),
        };
        crate::verify_choose_card(&api_ticket(api_ticket_)?, &params, card_sign).map_err(to_js)
    }

    /// Signs `wx.config`; returns `{appId, timestamp, nonceStr, signature}` as JSON text.
    #[wasm_bindgen(js_name = signJsapiConfig)]
    pub fn sign_jsapi_config(
        jsapi_ticket: &str,
        app_id: &str,
        url: &str,
        timestamp: &str,
        nonce_str: Option<String>,
    ) -> JsResult<String> {
        let ticket = JsapiTicket::new(jsapi_ticket).map_err(to_js)?;
        let params = JsapiConfigParams {
            app_id,
            url,
            timestamp: Some(seconds("timestamp", timestamp)?),
            nonce_str: nonce_str.as_deref(),
        };
        let s = crate::sign_jsapi_config(&ticket, &params).map_err(to_js)?;
        let mut out = String::from("{");
        push_key(&mut out, "appId");
        push_string(&mut out, &s.app_id);
        push_key(&mut out, "timestamp");
        push_u64(&mut out, s.timestamp);
        push_key(&mut out, "nonceStr");
        push_string(&mut out, &s.nonce_str);
        push_key(&mut out, "signature");
        push_string(&mut out, s.signature.as_str());
        out.push('}');
        Ok(out)
    }

    /// Checks a wx.config signature.
    #[wasm_bindgen(js_name = verifyJsapiConfig)]
    pub fn verify_jsapi_config(
        jsapi_ticket: &str,
        url: &str,
        timestamp: &str,
        nonce_str: &str,
        signature: &str,
    ) -> JsResult<bool> {
        let ticket = JsapiTicket::new(jsapi_ticket).map_err(to_js)?;
        let params = JsapiConfigParams {
            app_id: "",
            url,
            timestamp: Some(seconds("timestamp", timestamp)?),
            nonce_str: Some(nonce_str),
        };
        crate::verify_jsapi_config(&ticket, &params, signature).map_err(to_js)
    }

    /// The signature primitive over any strings; returns `{sorted, signature}` as JSON text so a page
    /// can show each step. Empty strings are left out.
    #[wasm_bindgen(js_name = sortedSha1)]
    pub fn sorted_sha1(values: Vec<String>) -> String {
        let mut refs: Vec<&str> = values.iter().map(String::as_str).filter(|s| !s.is_empty()).collect();
        crate::sort_bytewise(&mut refs);
        let mut out = String::from("{\"sorted\":");
        push_array(&mut out, &refs, |out, v| push_string(out, v));
        push_key(&mut out, "signature");
        push_string(&mut out, crate::sha1_concat(&refs).as_str());
        out.push('}');
        out
    }

    /// A fresh random nonce_str (crypto.getRandomValues).
    #[wasm_bindgen(js_name = generateNonce)]
    pub fn generate_nonce() -> JsResult<String> {
        crate::generate_nonce().map_err(to_js)
    }

    fn diagnosis_json(d: &Diagnosis) -> String {
        let mut out = String::from("{");
        push_key(&mut out, "ok");
        push_bool(&mut out, d.is_ok());
        push_key(&mut out, "expectedSignature");
        push_optional_string(&mut out, d.expected_signature.as_ref().map(|s| s.as_str()));
        push_key(&mut out, "findings");
        push_array(&mut out, &d.findings, |out, f| {
            out.push('{');
            push_string_members(
                out,
                &[
                    ("code", f.code),
                    ("severity", f.severity.as_str()),
                    ("field", f.field),
                    ("messageEn", f.message_en),
                    ("messageZh", f.message_zh),
                ],
            );
            out.push('}');
        });
        out.push('}');
        out
    }

    fn now(now: &str) -> JsResult<Option<u64>> {
        optional_seconds("now", now)
    }

    /// Explains what is wrong with a `{cardId, cardExt}`; JSON text `{ok, expectedSignature,
    /// findings: [{code, severity, field, messageEn, messageZh}]}`.
    #[wasm_bindgen(js_name = diagnoseCardExt)]
    pub fn diagnose_card_ext(
        card_id: &str,
        card_ext: &str,
        api_ticket: Option<String>,
        now_: &str,
    ) -> JsResult<String> {
        let d = crate::diagnose_card_ext(card_id, card_ext, api_ticket.as_deref(), now(now_)?);
        Ok(diagnosis_json(&d))
    }

    /// Explains what is wrong with a wx.chooseCard call.
    #[wasm_bindgen(js_name = diagnoseChooseCard)]
    #[allow(clippy::too_many_arguments)]
    pub fn diagnose_choose_card(
        app_id: &str,
        shop_id: &str,
        card_type: &str,
        card_id: &str,
        timestamp: &str,
        nonce_str: &str,
        sign_type: &str,
        card_sign: &str,
        api_ticket: Option<String>,
        now_: &str,
    ) -> JsResult<String> {
        let call = ChooseCardCall { app_id, shop_id, card_type, card_id, timestamp, nonce_str, sign_type, card_sign };
        Ok(diagnosis_json(&crate::diagnose_choose_card(&call, api_ticket.as_deref(), now(now_)?)))
    }

    /// Explains a WeChat errcode: JSON text `{code, errmsg, meaningZh, meaningEn, fixZh, fixEn}`,
    /// or `undefined`.
    #[wasm_bindgen(js_name = explainErrcode)]
    pub fn explain_errcode(code: i32) -> Option<String> {
        let e = crate::explain_errcode(i64::from(code))?;
        let mut out = String::from("{\"code\":");
        if e.code < 0 {
            out.push('-');
        }
        push_u64(&mut out, e.code.unsigned_abs());
        push_string_members(
            &mut out,
            &[
                ("errmsg", e.errmsg),
                ("meaningZh", e.meaning_zh),
                ("meaningEn", e.meaning_en),
                ("fixZh", e.fix_zh),
                ("fixEn", e.fix_en),
            ],
        );
        out.push('}');
        Some(out)
    }

    /// Checks a card/create or card/update body: JSON text `{ok, document, cardType, problems:
    /// [{severity, path, code, message, detail, errcode}]}`.
    #[wasm_bindgen(js_name = validateCardJson)]
    pub fn validate_card_json(json_text: &str) -> String {
        let report = crate::validate_card_json(json_text);
        let mut out = String::from("{");
        push_key(&mut out, "ok");
        push_bool(&mut out, report.is_ok());
        push_key(&mut out, "document");
        push_optional_string(
            &mut out,
            report.document.map(|d| match d {
                crate::CardDocument::Create => "create",
                crate::CardDocument::Update => "update",
            }),
        );
        push_key(&mut out, "cardType");
        push_optional_string(&mut out, report.card_type.as_deref());
        push_key(&mut out, "problems");
        push_array(&mut out, &report.problems, |out, p| {
            out.push('{');
            push_string_members(
                out,
                &[
                    ("severity", p.severity.as_str()),
                    ("path", &p.path),
                    ("code", p.code()),
                    ("message", p.message()),
                    ("detail", &p.detail),
                ],
            );
            push_key(out, "errcode");
            match p.errcode {
                Some(n) => push_u64(out, u64::from(n)),
                None => out.push_str("null"),
            }
            out.push('}');
        });
        out.push('}');
        out
    }

    /// Checks the dates of a datacube query; throws DATE_FORMAT or DATE_RANGE.
    #[wasm_bindgen(js_name = checkDatacubeDates)]
    pub fn check_datacube_dates(begin_date: &str, end_date: &str) -> JsResult<()> {
        crate::check_datacube_dates(begin_date, end_date).map_err(to_js)
    }
}
