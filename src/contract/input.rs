//! Named inputs: what the npm package passes in, read field by field.
//!
//! The fields are the JavaScript API's names (`apiTicket`, `cardId`, `nonceStr`, ...); each reader
//! below names the field an error reports the way WeChat's documents do (`api_ticket`, `card_id`,
//! `nonce_str`). The names and their order live here and nowhere else: the JavaScript side passes
//! whatever object it was given.

// The phone module has only the user agent and redirect exports.
#![cfg_attr(all(target_arch = "wasm32", not(feature = "wasm-full")), allow(dead_code))]

use alloc::borrow::Cow;

use super::record::{Record, RecordValue};
use crate::error::{Error, ErrorKind};
use crate::json::{Object, Value};
use crate::{CardExtParams, ChooseCardCall, ChooseCardParams, JsapiConfigCall, JsapiConfigParams, PushUrlCall};

/// One input value, classified.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Input<'r> {
    /// Absent, `undefined` or `null`.
    Missing,
    /// A string.
    Text(&'r str),
    /// A JSON number, as written.
    Number(&'r str),
    /// An object (`{...}` in JavaScript), as JSON text when it came from a record.
    Object(Option<&'r str>),
    /// A list, as JSON text when it came from a record (`None` from a parsed object).
    List(Option<&'r str>),
    /// Anything else: a boolean, or a value that is not JSON.
    Other,
}

/// Where named inputs come from: a record from the npm package, or a parsed JSON object.
pub(crate) trait Source {
    /// The first field called `name`.
    fn input(&self, name: &str) -> Input<'_>;
}

impl Source for Record<'_> {
    fn input(&self, name: &str) -> Input<'_> {
        // Most names differ in length or first letter: no byte comparison for those.
        let same = |n: &&str| n.len() == name.len() && n.as_bytes().first() == name.as_bytes().first() && *n == name;
        match self.fields().find(|(n, _)| same(n)).map(|(_, v)| v) {
            None => Input::Missing,
            Some(RecordValue::Text(t)) => Input::Text(t),
            Some(RecordValue::Unescaped(t)) => Input::Text(t),
            Some(RecordValue::Json(json)) => classify_json(json),
        }
    }
}

impl Source for Object {
    fn input(&self, name: &str) -> Input<'_> {
        match self.get(name) {
            None | Some(Value::Null) => Input::Missing,
            Some(Value::String(s)) => Input::Text(s),
            Some(Value::Number(n)) => Input::Number(n),
            Some(Value::Object(_)) => Input::Object(None),
            Some(Value::Array(_)) => Input::List(None),
            Some(Value::Bool(_)) => Input::Other,
        }
    }
}

/// Classifies JSON text by its first byte; numbers are checked whole, lists and objects later.
fn classify_json(json: &str) -> Input<'_> {
    match json.as_bytes().first() {
        Some(b'{') => Input::Object(Some(json)),
        Some(b'[') => Input::List(Some(json)),
        Some(b'-' | b'0'..=b'9') if crate::json::is_number(json) => Input::Number(json),
        _ if json == "null" => Input::Missing,
        _ => Input::Other,
    }
}

/// Reads named inputs from a source.
#[derive(Clone, Copy)]
pub(crate) struct Reader<'r> {
    source: &'r dyn Source,
}

impl<'r> Reader<'r> {
    pub(crate) fn new(source: &'r dyn Source) -> Self {
        Reader { source }
    }

    pub(crate) fn input(&self, name: &str) -> Input<'r> {
        self.source.input(name)
    }

    /// Text; a whole number as its digits; absent as "".
    pub(crate) fn text(&self, name: &str, field: &'static str) -> Result<&'r str, Error> {
        Ok(self.optional_text(name, field)?.unwrap_or(""))
    }

    /// Like [`Reader::text`], but absent stays `None` (a nonce_str left out is drawn at random,
    /// an empty one is signed as none).
    pub(crate) fn optional_text(&self, name: &str, field: &'static str) -> Result<Option<&'r str>, Error> {
        match self.input(name) {
            Input::Missing => Ok(None),
            Input::Text(t) => Ok(Some(t)),
            Input::Number(n) if n.bytes().all(|b| b.is_ascii_digit()) => Ok(Some(n)),
            _ => Err(Error::new(ErrorKind::WrongType, field)),
        }
    }

    /// Unix seconds; absent or "" is `None` (now).
    pub(crate) fn seconds(&self, name: &str, field: &'static str) -> Result<Option<u64>, Error> {
        match self.text(name, field)? {
            "" => Ok(None),
            t => crate::parse_timestamp(field, t).map(Some),
        }
    }

    /// The value as the WeChat client would receive it from a page: text as it is, a number as
    /// written, an object as `[object Object]` (what passing an object where a string is needed
    /// turns into).
    pub(crate) fn as_passed(&self, name: &str) -> Cow<'r, str> {
        match self.input(name) {
            Input::Missing => Cow::Borrowed(""),
            Input::Text(t) | Input::Number(t) => Cow::Borrowed(t),
            Input::Object(_) => Cow::Borrowed("[object Object]"),
            Input::List(Some(json)) => Cow::Borrowed(json),
            Input::List(None) | Input::Other => Cow::Borrowed("[object]"),
        }
    }
}

/// `signCardExt`: `{apiTicket, cardId, code?, openid?, timestamp?, nonceStr?, fixedBeginTimestamp?,
/// outerStr?}`. The ticket is read apart: a batch shares one.
pub(crate) fn card_ext<'r>(r: &Reader<'r>) -> Result<CardExtParams<'r>, Error> {
    Ok(CardExtParams {
        card_id: r.text("cardId", "card_id")?,
        code: r.text("code", "code")?,
        openid: r.text("openid", "openid")?,
        timestamp: r.seconds("timestamp", "timestamp")?,
        nonce_str: r.optional_text("nonceStr", "nonce_str")?,
        fixed_begintimestamp: r.seconds("fixedBeginTimestamp", "fixed_begintimestamp")?,
        outer_str: r.text("outerStr", "outer_str")?,
    })
}

/// The card api_ticket of the signing and verifying calls.
pub(crate) fn api_ticket<'r>(r: &Reader<'r>) -> Result<&'r str, Error> {
    r.text("apiTicket", "api_ticket")
}

/// The jsapi_ticket of the wx.config calls.
pub(crate) fn jsapi_ticket<'r>(r: &Reader<'r>) -> Result<&'r str, Error> {
    r.text("jsapiTicket", "jsapi_ticket")
}

/// `signChooseCard` and `verifyChooseCard`: `{apiTicket, appId, shopId?, cardType?, cardId?,
/// timestamp?, nonceStr?}`.
pub(crate) fn choose_card<'r>(r: &Reader<'r>) -> Result<ChooseCardParams<'r>, Error> {
    Ok(ChooseCardParams {
        app_id: r.text("appId", "app_id")?,
        shop_id: r.text("shopId", "shop_id")?,
        card_type: r.text("cardType", "card_type")?,
        card_id: r.text("cardId", "card_id")?,
        timestamp: r.seconds("timestamp", "timestamp")?,
        nonce_str: r.optional_text("nonceStr", "nonce_str")?,
    })
}

/// `signJsapiConfig` and `verifyJsapiConfig`: `{jsapiTicket, appId, url, timestamp?, nonceStr?}`.
pub(crate) fn jsapi_config<'r>(r: &Reader<'r>) -> Result<JsapiConfigParams<'r>, Error> {
    Ok(JsapiConfigParams {
        app_id: r.text("appId", "app_id")?,
        url: r.text("url", "url")?,
        timestamp: r.seconds("timestamp", "timestamp")?,
        nonce_str: r.optional_text("nonceStr", "nonce_str")?,
    })
}

/// The values of a `wx.chooseCard` call as the page passed them, to diagnose: everything
/// [`ChooseCardCall`] holds, each read [as passed](Reader::as_passed).
pub(crate) struct ChooseCardPassed<'r> {
    values: [Cow<'r, str>; 8],
}

impl<'r> ChooseCardPassed<'r> {
    pub(crate) fn read(r: &Reader<'r>) -> Self {
        let names = ["appId", "shopId", "cardType", "cardId", "timestamp", "nonceStr", "signType", "cardSign"];
        let mut values = names.map(|name| r.as_passed(name));
        // signType left out is the only one there is.
        if let (Input::Missing, Some(sign_type)) = (r.input("signType"), values.get_mut(6)) {
            *sign_type = Cow::Borrowed("SHA1");
        }
        ChooseCardPassed { values }
    }

    pub(crate) fn call(&self) -> ChooseCardCall<'_> {
        let [app_id, shop_id, card_type, card_id, timestamp, nonce_str, sign_type, card_sign] = &self.values;
        ChooseCardCall { app_id, shop_id, card_type, card_id, timestamp, nonce_str, sign_type, card_sign }
    }
}

/// A `wx.config` call as the page passed it, and where the page was, to diagnose: `{url,
/// landingUrl?, appId, timestamp, nonceStr, signature, userAgent?}`, each read as passed.
pub(crate) struct JsapiConfigPassed<'r> {
    values: [Cow<'r, str>; 7],
}

impl<'r> JsapiConfigPassed<'r> {
    pub(crate) fn read(r: &Reader<'r>) -> Self {
        let names = ["url", "landingUrl", "appId", "timestamp", "nonceStr", "signature", "userAgent"];
        JsapiConfigPassed { values: names.map(|name| r.as_passed(name)) }
    }

    pub(crate) fn call(&self) -> JsapiConfigCall<'_> {
        let [url, landing_url, app_id, timestamp, nonce_str, signature, user_agent] = &self.values;
        JsapiConfigCall { url, landing_url, app_id, timestamp, nonce_str, signature, user_agent }
    }
}

/// The optional ticket of a diagnosis: absent or "" is none.
pub(crate) fn optional_ticket<'r>(r: &Reader<'r>, name: &str, field: &'static str) -> Result<Option<&'r str>, Error> {
    Ok(r.optional_text(name, field)?.filter(|t| !t.is_empty()))
}

/// What WeChat sent to a server URL and what the server holds, to diagnose: `{token, timestamp,
/// nonce, signature?, echostr?, computed?, msgSignature?, encrypt?, encodingAesKey?, appId?}`,
/// each read as passed.
pub(crate) struct PushUrlPassed<'r> {
    values: [Cow<'r, str>; 10],
}

impl<'r> PushUrlPassed<'r> {
    pub(crate) fn read(r: &Reader<'r>) -> Self {
        let names = [
            "token",
            "timestamp",
            "nonce",
            "signature",
            "echostr",
            "computed",
            "msgSignature",
            "encrypt",
            "encodingAesKey",
            "appId",
        ];
        PushUrlPassed { values: names.map(|name| r.as_passed(name)) }
    }

    pub(crate) fn call(&self) -> PushUrlCall<'_> {
        let [token, timestamp, nonce, signature, echostr, computed, msg_signature, encrypt, encoding_aes_key, app_id] =
            &self.values;
        PushUrlCall {
            token,
            timestamp,
            nonce,
            signature,
            echostr,
            computed,
            msg_signature,
            encrypt,
            encoding_aes_key,
            app_id,
        }
    }
}
