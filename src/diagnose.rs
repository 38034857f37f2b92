//! Why WeChat says "签名错误": every problem in what a page actually passed, most likely first.
//!
//! Without the ticket the checks are structural (a card_ext that is not a string, a timestamp in
//! milliseconds, an upper-case signature, ...). With the ticket the signature is recomputed and,
//! when it does not match, the common mistakes are replayed one by one to find the one that
//! produces the page's signature: unsorted values, key=value pairs, a case-insensitive sort, a
//! value left out or added, another timestamp, a trailing space on the ticket.
//!
//! One mistake cannot be seen from here: signing with the jsapi_ticket (or a stale api_ticket)
//! instead of the current card api_ticket. The final finding says so.

use crate::json::{self, JsonError, Object, Value};
use crate::nonce::now_seconds;
use crate::sign::{sha1_concat, sort_bytewise, sorted_sha1, Signature};
use crate::text::{char_count, concat, interleave, Digits};
use crate::validate::{self, MAX_CODE_CHARS, MAX_OUTER_STR_BYTES};
use alloc::string::String;
use alloc::vec::Vec;

/// How bad a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// WeChat will reject this.
    Error,
    /// Probably wrong, or wrong on some clients.
    Warning,
    /// Worth knowing; nothing to fix.
    Info,
}

impl Severity {
    /// `error`, `warning` or `info`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// One problem found, in Chinese and English.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Finding {
    /// Stable machine code, e.g. `MISTAKE_UNSORTED`.
    pub code: &'static str,
    /// How bad it is.
    pub severity: Severity,
    /// The field it is about (`card_ext`, `signature`, `timestamp`, ...).
    pub field: &'static str,
    /// What is wrong and what to do.
    pub message_en: &'static str,
    /// 问题与解决办法.
    pub message_zh: &'static str,
}

/// All findings, most likely cause first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diagnosis {
    /// The findings, most likely cause first. Empty only when nothing could be checked.
    pub findings: Vec<Finding>,
    /// With a ticket: the signature the inputs should carry.
    pub expected_signature: Option<Signature>,
}

impl Diagnosis {
    /// True when nothing at error level was found.
    pub fn is_ok(&self) -> bool {
        !self.findings.iter().any(|f| f.severity == Severity::Error)
    }

    fn add(&mut self, f: &'static FindingDef) {
        self.findings.push(Finding { code: f.0, severity: f.1, field: f.2, message_en: f.3, message_zh: f.4 });
    }

    /// Puts identified mistakes first, then errors, warnings and infos, keeping the order found.
    fn sort(&mut self) {
        let rank = |f: &Finding| (!f.code.starts_with("MISTAKE_"), f.severity);
        let v = &mut self.findings;
        for i in 1..v.len() {
            let mut j = i;
            while j > 0 && v.get(j - 1).map(rank) > v.get(j).map(rank) {
                v.swap(j - 1, j);
                j -= 1;
            }
        }
    }
}

/// code, severity, field, English, Chinese.
type FindingDef = (&'static str, Severity, &'static str, &'static str, &'static str);
use Severity::{Error as E, Info as I, Warning as W};

const CARD_EXT_EMPTY: FindingDef = (
    "CARD_EXT_EMPTY",
    E,
    "card_ext",
    "cardExt is empty: it must be a JSON string with at least timestamp and signature.",
    "cardExt 为空:应为至少含 timestamp 和 signature 的 JSON 字符串。",
);
const CARD_EXT_OBJECT: FindingDef = (
    "CARD_EXT_NOT_STRING",
    E,
    "card_ext",
    "cardExt is \"[object Object]\": an object was passed where WeChat needs a string. Pass JSON.stringify(cardExt).",
    "cardExt 为 \"[object Object]\":传入了对象,微信要求字符串,请传 JSON.stringify(cardExt)。",
);
const CARD_EXT_DOUBLE: FindingDef = (
    "CARD_EXT_DOUBLE_ENCODED",
    E,
    "card_ext",
    "cardExt was JSON-encoded twice (a string holding a JSON string). Stringify it once.",
    "cardExt 被 JSON 编码了两次,只需 JSON.stringify 一次。",
);
const CARD_EXT_NOT_JSON: FindingDef = (
    "CARD_EXT_NOT_JSON",
    E,
    "card_ext",
    "cardExt is not valid JSON. Build it with JSON.stringify or a JSON library, not by string concatenation.",
    "cardExt 不是合法 JSON,请用 JSON.stringify 或 JSON 库生成,不要手工拼接。",
);
const CARD_EXT_NOT_OBJECT: FindingDef = (
    "CARD_EXT_NOT_OBJECT",
    E,
    "card_ext",
    "cardExt must be a JSON object such as {\"timestamp\":\"...\",\"signature\":\"...\"}.",
    "cardExt 应为 JSON 对象,如 {\"timestamp\":\"...\",\"signature\":\"...\"}。",
);
const CARD_ID_MISSING: FindingDef = (
    "CARD_ID_MISSING",
    E,
    "card_id",
    "cardId is empty: pass the card's id next to cardExt (it is signed, but not a key of cardExt).",
    "cardId 为空:cardId 与 cardExt 并列传入(参与签名,但不放进 cardExt)。",
);
const CARD_ID_IN_EXT: FindingDef = (
    "CARD_ID_IN_CARD_EXT",
    W,
    "card_ext",
    "cardExt holds a card_id key: the card id goes in cardId beside cardExt, not inside it.",
    "cardExt 中含 card_id:卡券 ID 应放在 cardId 中,不放进 cardExt。",
);
const CAMEL_CASE_KEY: FindingDef = ("CARD_EXT_CAMEL_CASE_KEY", E, "card_ext",
    "cardExt uses a camelCase key (nonceStr, timeStamp, outerStr, ...): its keys are snake_case (nonce_str, timestamp, outer_str).",
    "cardExt 使用了驼峰字段名(nonceStr、timeStamp 等):应为下划线形式(nonce_str、timestamp、outer_str)。");
const UNKNOWN_KEY: FindingDef = ("CARD_EXT_UNKNOWN_KEY", W, "card_ext",
    "cardExt holds a key WeChat does not define (known: code, openid, timestamp, nonce_str, fixed_begintimestamp, outer_str, signature).",
    "cardExt 含有未定义的字段(可用:code、openid、timestamp、nonce_str、fixed_begintimestamp、outer_str、signature)。");
const DUPLICATE_KEY: FindingDef = (
    "CARD_EXT_DUPLICATE_KEY",
    W,
    "card_ext",
    "cardExt holds the same key twice; which one WeChat reads is not defined.",
    "cardExt 中有重复字段,微信读取哪一个不确定。",
);
const VALUE_NOT_STRING: FindingDef = (
    "CARD_EXT_VALUE_NOT_STRING",
    W,
    "card_ext",
    "code, openid, nonce_str and signature must be JSON strings.",
    "code、openid、nonce_str、signature 应为字符串。",
);
const VALUE_WHITESPACE: FindingDef = (
    "VALUE_SURROUNDING_WHITESPACE",
    E,
    "card_ext",
    "A value starts or ends with white space; it is signed as is and breaks the signature. Trim it on the server.",
    "有字段值首尾带空白,会原样参与签名导致签名错误,请在服务端去除。",
);
const VALUE_CONTROL: FindingDef = (
    "VALUE_CONTROL_CHARACTER",
    E,
    "card_ext",
    "A value holds a control character (newline, tab, ...).",
    "有字段值含控制字符(换行、制表符等)。",
);
const TIMESTAMP_MISSING: FindingDef = (
    "TIMESTAMP_MISSING",
    E,
    "timestamp",
    "timestamp is missing: cardExt needs the timestamp the server signed.",
    "缺少 timestamp:cardExt 必须带上签名时使用的 timestamp。",
);
const TIMESTAMP_NOT_SECONDS: FindingDef = (
    "TIMESTAMP_NOT_SECONDS",
    E,
    "timestamp",
    "timestamp must be Unix time in seconds, digits only.",
    "timestamp 应为秒级 Unix 时间戳,只含数字。",
);
const TIMESTAMP_MILLIS: FindingDef = (
    "TIMESTAMP_IN_MILLISECONDS",
    E,
    "timestamp",
    "timestamp has 13 digits: milliseconds. WeChat wants seconds: Math.floor(Date.now() / 1000).",
    "timestamp 为 13 位毫秒值,微信要求秒:Math.floor(Date.now() / 1000)。",
);
const TIMESTAMP_NOT_STRING: FindingDef = (
    "TIMESTAMP_NOT_STRING",
    I,
    "timestamp",
    "timestamp is a JSON number; the documents write it as a string of seconds.",
    "timestamp 是数字类型,文档中为秒数字符串。",
);
const TIMESTAMP_FAR: FindingDef = ("TIMESTAMP_FAR_FROM_NOW", W, "timestamp",
    "timestamp is more than 2 hours from now: the server clock is wrong, or the card_ext is stale and its api_ticket may have expired.",
    "timestamp 与当前时间相差超过 2 小时:服务器时间不准,或 card_ext 已过时、签名用的 api_ticket 可能已过期。");
const SIGNATURE_MISSING: FindingDef =
    ("SIGNATURE_MISSING", E, "signature", "signature is missing from cardExt.", "cardExt 中缺少 signature。");
const SIGNATURE_UPPERCASE: FindingDef = (
    "SIGNATURE_UPPERCASE",
    E,
    "signature",
    "signature is upper-case hex; WeChat compares it with lower-case hex. Use the lower-case hex digest.",
    "signature 为大写十六进制,微信按小写比较,请使用小写。",
);
const SIGNATURE_MALFORMED: FindingDef = (
    "SIGNATURE_MALFORMED",
    E,
    "signature",
    "signature is not 40 hex digits, so it is not a SHA-1 (an MD5, a base64 digest, or a truncated value?).",
    "signature 不是 40 位十六进制,不是 SHA-1(是否误用了 MD5、base64 或被截断)。",
);
const CODE_TOO_LONG: FindingDef = (
    "CODE_TOO_LONG",
    E,
    "code",
    "code is longer than 20 characters; WeChat answers \"parameter error\" (参数错误).",
    "code 超过 20 个字符,领取时会提示参数错误。",
);
const OUTER_STR_TOO_LONG: FindingDef =
    ("OUTER_STR_TOO_LONG", W, "outer_str", "outer_str is longer than 128 bytes.", "outer_str 超过 128 字节。");
const FIXED_BEGIN_NOT_NUMBER: FindingDef = (
    "FIXED_BEGINTIMESTAMP_NOT_NUMBER",
    W,
    "fixed_begintimestamp",
    "fixed_begintimestamp must be a number of seconds, not a string.",
    "fixed_begintimestamp 应为秒级数字,不是字符串。",
);
const NONCE_ABSENT: FindingDef = (
    "NONCE_STR_ABSENT",
    I,
    "nonce_str",
    "cardExt has no nonce_str. That is allowed, but if the server signed one, it must be in cardExt too.",
    "cardExt 中没有 nonce_str。可以不传,但若服务端签名时用了 nonce_str,就必须放进 cardExt。",
);
const NONCE_MAY_BE_SIGNED: FindingDef = ("MISTAKE_NONCE_NOT_IN_CARD_EXT", E, "nonce_str",
    "The signature does not match and cardExt has no nonce_str: most likely the server signed a nonce_str but left it out of cardExt. Add it.",
    "签名不符且 cardExt 中没有 nonce_str:多半是服务端签名用了 nonce_str 却没放进 cardExt,请加上。");
const TICKET_TRIMMED: FindingDef = (
    "TICKET_SURROUNDING_WHITESPACE",
    W,
    "api_ticket",
    "The ticket given here has white space around it; it was trimmed before checking.",
    "此处填写的 ticket 首尾有空白,已去除后再校验。",
);
const SIGNATURE_OK: FindingDef = ("SIGNATURE_OK", I, "signature",
    "The signature matches the ticket and values. If WeChat still refuses: check the JS API domain, the test whitelist, and that this is the current api_ticket.",
    "签名与 ticket 和参数一致。若微信仍报错:检查 JS API 域名、测试白名单,以及 ticket 是否为当前有效的 api_ticket。");
const MISTAKE_UPPERCASE: FindingDef = (
    "MISTAKE_UPPERCASE_HEX",
    E,
    "signature",
    "The signature is right but upper-case. Send the lower-case hex digest.",
    "签名内容正确但为大写,请改用小写十六进制。",
);
const MISTAKE_UNSORTED: FindingDef = (
    "MISTAKE_UNSORTED",
    E,
    "signature",
    "The values were concatenated without sorting. Sort them by byte value (strcmp order) before concatenating.",
    "参与签名的值没有排序。拼接前须按字节(字典序)排序。",
);
const MISTAKE_CASE_SORT: FindingDef = (
    "MISTAKE_CASE_INSENSITIVE_SORT",
    E,
    "signature",
    "The values were sorted ignoring case (or by locale). Sort by byte value: upper-case letters before lower-case.",
    "排序时忽略了大小写(或按区域设置排序)。须按字节排序:大写字母排在小写之前。",
);
const MISTAKE_KEY_VALUE: FindingDef = ("MISTAKE_KEY_VALUE_PAIRS", E, "signature",
    "The signature was made over key=value pairs (the wx.config way). Card signatures sort and concatenate the VALUES only.",
    "签名按 key=value 拼接(那是 wx.config 的方式)。卡券签名只对“值”排序后直接拼接。");
const MISTAKE_SEPARATOR: FindingDef = (
    "MISTAKE_SEPARATOR",
    E,
    "signature",
    "The sorted values were joined with a separator. Concatenate them with nothing in between.",
    "排序后的值之间加了分隔符,应直接拼接。",
);
const MISTAKE_TICKET_SPACE: FindingDef = (
    "MISTAKE_TICKET_WHITESPACE",
    E,
    "api_ticket",
    "The server signed the ticket with white space around it (the official Java sample's bug). Trim the ticket.",
    "服务端签名时 ticket 首尾带了空白(官方 Java 示例的错误),请去除。",
);
const MISTAKE_TICKET_UNSIGNED: FindingDef = (
    "MISTAKE_TICKET_NOT_SIGNED",
    E,
    "api_ticket",
    "The api_ticket was left out of the signature. It must be one of the sorted values.",
    "签名时漏掉了 api_ticket,它必须参与排序拼接。",
);
const MISTAKE_CARD_ID_UNSIGNED: FindingDef = (
    "MISTAKE_CARD_ID_NOT_SIGNED",
    E,
    "card_id",
    "card_id was left out of the signature. It is signed even though it is not a key of cardExt.",
    "签名时漏掉了 card_id。它虽不在 cardExt 中,但必须参与签名。",
);
const MISTAKE_CODE_UNSIGNED: FindingDef = (
    "MISTAKE_CODE_NOT_SIGNED",
    E,
    "code",
    "code is in cardExt but was not signed. Sign every non-empty value that cardExt carries.",
    "cardExt 中有 code 但未参与签名。cardExt 中的非空值都要参与签名。",
);
const MISTAKE_OPENID_UNSIGNED: FindingDef = (
    "MISTAKE_OPENID_NOT_SIGNED",
    E,
    "openid",
    "openid is in cardExt but was not signed.",
    "cardExt 中有 openid 但未参与签名。",
);
const MISTAKE_NONCE_UNSIGNED: FindingDef = (
    "MISTAKE_NONCE_NOT_SIGNED",
    E,
    "nonce_str",
    "nonce_str is in cardExt but was not signed.",
    "cardExt 中有 nonce_str 但未参与签名。",
);
const MISTAKE_OUTER_SIGNED: FindingDef = (
    "MISTAKE_OUTER_STR_SIGNED",
    E,
    "outer_str",
    "outer_str was signed. It is not part of the signature; leave it out.",
    "outer_str 参与了签名,它不应参与签名。",
);
const MISTAKE_BEGIN_SIGNED: FindingDef = (
    "MISTAKE_FIXED_BEGINTIMESTAMP_SIGNED",
    E,
    "fixed_begintimestamp",
    "fixed_begintimestamp was signed. It is not part of the signature; leave it out.",
    "fixed_begintimestamp 参与了签名,它不应参与签名。",
);
const MISTAKE_UNDEFINED: FindingDef = (
    "MISTAKE_UNDEFINED_SIGNED",
    E,
    "signature",
    "An empty value was signed as the text \"undefined\" or \"null\". Leave empty values out.",
    "空值被当作字符串 \"undefined\" 或 \"null\" 参与了签名,空值应直接省略。",
);
const MISTAKE_TIMESTAMP: FindingDef = ("MISTAKE_TIMESTAMP_DIFFERS", E, "timestamp",
    "The signature was made with another timestamp than the one in cardExt (seconds apart). Use one timestamp for both.",
    "签名用的时间戳与 cardExt 中的不一致(相差数秒),签名和 cardExt 须用同一个 timestamp。");
const MISTAKE_TIMESTAMP_MS: FindingDef = (
    "MISTAKE_TIMESTAMP_MILLISECONDS_SIGNED",
    E,
    "timestamp",
    "The signature was made with the timestamp in milliseconds while cardExt has seconds. Sign the seconds.",
    "签名用的是毫秒时间戳,而 cardExt 中是秒,请用秒签名。",
);
const MISTAKE_APP_ID: FindingDef = (
    "MISTAKE_APP_ID_NOT_SIGNED",
    E,
    "app_id",
    "app_id was left out of cardSign: WeChat then returns an empty card list. Sign app_id too.",
    "cardSign 没有包含 app_id,微信会返回空列表,app_id 必须参与签名。",
);
const SIGNATURE_MISMATCH: FindingDef = ("SIGNATURE_MISMATCH", E, "signature",
    "The signature does not match, and no common mistake reproduces it. What cannot be checked here: the jsapi_ticket used instead of the card api_ticket (type=wx_card), a ticket refreshed since, another card_id, code, openid or nonce_str than the ones shown.",
    "签名不一致,且不是常见错误造成的。此处无法检查的原因:误用了 jsapi_ticket 而非卡券 api_ticket(type=wx_card)、ticket 已被刷新、签名时的 card_id/code/openid/nonce_str 与此处不同。");
const NO_TICKET: FindingDef = ("TICKET_NOT_GIVEN", I, "api_ticket",
    "No ticket given: only the structure was checked. Give the api_ticket to recompute the signature (it stays on this machine).",
    "未提供 ticket,仅检查了格式。提供 api_ticket 可重新计算签名(ticket 不会离开本机)。");
const APP_ID_NOT_GIVEN: FindingDef = (
    "APP_ID_NOT_GIVEN",
    W,
    "app_id",
    "No appId given: cardSign must include the appId of wx.config, so the signature could not be recomputed.",
    "未提供 appId:cardSign 必须包含 wx.config 的 appId,因此无法重新计算签名。",
);
const SIGN_TYPE: FindingDef =
    ("SIGN_TYPE_NOT_SHA1", E, "sign_type", "signType must be \"SHA1\".", "signType 必须为 \"SHA1\"。");
const NONCE_REQUIRED: FindingDef = (
    "NONCE_STR_MISSING",
    E,
    "nonce_str",
    "nonceStr is missing: wx.chooseCard needs the nonce_str that was signed.",
    "缺少 nonceStr:wx.chooseCard 需要传入签名时的 nonce_str。",
);
const CARD_TYPE: FindingDef = (
    "CARD_TYPE_INVALID",
    E,
    "card_type",
    "cardType must be an upper-case card type such as GROUPON, CASH, DISCOUNT, GIFT or GENERAL_COUPON.",
    "cardType 应为大写卡券类型,如 GROUPON、CASH、DISCOUNT、GIFT、GENERAL_COUPON。",
);

/// Keys WeChat defines for card_ext.
const CARD_EXT_KEYS: [&str; 7] =
    ["code", "openid", "timestamp", "nonce_str", "fixed_begintimestamp", "outer_str", "signature"];

/// How far apart the signed and the sent timestamp are searched, in seconds.
const TIMESTAMP_SEARCH: u64 = 900;

/// Diagnoses one `{ cardId, cardExt }` of `wx.addCard`, as the page passed it.
///
/// `api_ticket` (optional) turns on the signature checks; `now` (Unix seconds) defaults to the
/// clock where there is one.
pub fn diagnose_card_ext(card_id: &str, card_ext: &str, api_ticket: Option<&str>, now: Option<u64>) -> Diagnosis {
    let mut d = Diagnosis::default();
    let now = now.or_else(now_seconds);
    if card_id.is_empty() {
        d.add(&CARD_ID_MISSING);
    } else {
        check_value(&mut d, card_id);
    }
    let Some(obj) = read_card_ext(&mut d, card_ext) else {
        d.sort();
        return d;
    };

    let mut seen: Vec<&str> = Vec::new();
    for (key, value) in &obj.members {
        if seen.contains(&key.as_str()) {
            d.add_once(&DUPLICATE_KEY);
        }
        seen.push(key);
        match key.as_str() {
            "card_id" | "cardId" => d.add_once(&CARD_ID_IN_EXT),
            "nonceStr" | "timeStamp" | "outerStr" | "fixedBeginTimestamp" | "fixedBegintimestamp" | "cardSign" => {
                d.add_once(&CAMEL_CASE_KEY)
            }
            k if !CARD_EXT_KEYS.contains(&k) => d.add_once(&UNKNOWN_KEY),
            _ => {}
        }
        match (key.as_str(), value) {
            ("code" | "openid" | "nonce_str" | "signature" | "outer_str", Value::String(s)) => check_value(&mut d, s),
            ("code" | "openid" | "nonce_str" | "signature" | "outer_str", _) => d.add_once(&VALUE_NOT_STRING),
            ("fixed_begintimestamp", Value::String(_)) => d.add(&FIXED_BEGIN_NOT_NUMBER),
            _ => {}
        }
    }
    let text = |k| obj.get_text(k).unwrap_or("");
    let (code, openid, nonce, outer) = (text("code"), text("openid"), text("nonce_str"), text("outer_str"));
    if char_count(code) > MAX_CODE_CHARS {
        d.add(&CODE_TOO_LONG);
    }
    if outer.len() > MAX_OUTER_STR_BYTES {
        d.add(&OUTER_STR_TOO_LONG);
    }
    if nonce.is_empty() {
        d.add(&NONCE_ABSENT);
    }
    let timestamp = check_timestamp(&mut d, obj.get("timestamp"), now);
    let signature = check_signature(&mut d, obj.get("signature"));

    match (api_ticket, timestamp, signature) {
        (None, ..) => d.add(&NO_TICKET),
        (Some(ticket), Some(ts), Some(sig)) => {
            let ticket = trimmed_ticket(&mut d, ticket);
            let v =
                CardExtValues { ticket, ts, card_id, code, openid, nonce, outer, begin: text("fixed_begintimestamp") };
            replay_card_ext(&mut d, &v, sig);
        }
        _ => {}
    }
    d.sort();
    d
}

impl Diagnosis {
    fn add_once(&mut self, f: &'static FindingDef) {
        if !self.findings.iter().any(|x| x.code == f.0) {
            self.add(f);
        }
    }
}

fn read_card_ext(d: &mut Diagnosis, card_ext: &str) -> Option<Object> {
    let trimmed = card_ext.trim();
    if trimmed.is_empty() {
        d.add(&CARD_EXT_EMPTY);
        return None;
    }
    if trimmed.starts_with("[object") {
        d.add(&CARD_EXT_OBJECT);
        return None;
    }
    match json::parse_object(card_ext) {
        Ok(obj) => Some(obj),
        Err(JsonError::StringNotObject) => {
            d.add(&CARD_EXT_DOUBLE);
            // Read what was inside, to go on with the other checks.
            json::parse_string(card_ext).and_then(|inner| json::parse_object(&inner).ok())
        }
        Err(JsonError::NotObject) => {
            d.add(&CARD_EXT_NOT_OBJECT);
            None
        }
        Err(JsonError::Syntax(_)) => {
            d.add(&CARD_EXT_NOT_JSON);
            None
        }
    }
}

fn check_value(d: &mut Diagnosis, v: &str) {
    match validate::value("", v, false) {
        Ok(()) => {}
        Err(e) if e.code() == "SURROUNDING_WHITESPACE" => d.add_once(&VALUE_WHITESPACE),
        Err(e) if e.code() == "CONTROL_CHARACTER" => d.add_once(&VALUE_CONTROL),
        Err(_) => {}
    }
}

/// The timestamp as signed text, when it is usable.
fn check_timestamp<'a>(d: &mut Diagnosis, v: Option<&'a Value>, now: Option<u64>) -> Option<&'a str> {
    let text = match v {
        None | Some(Value::Null) => {
            d.add(&TIMESTAMP_MISSING);
            return None;
        }
        Some(Value::String(s)) => s.as_str(),
        Some(Value::Number(n)) => {
            d.add(&TIMESTAMP_NOT_STRING);
            n.as_str()
        }
        Some(_) => {
            d.add(&TIMESTAMP_NOT_SECONDS);
            return None;
        }
    };
    check_timestamp_text(d, text, now)
}

fn check_timestamp_text<'a>(d: &mut Diagnosis, text: &'a str, now: Option<u64>) -> Option<&'a str> {
    if text.is_empty() {
        d.add(&TIMESTAMP_MISSING);
        return None;
    }
    match validate::parse_timestamp("timestamp", text) {
        Ok(ts) => {
            if now.is_some_and(|now| now.abs_diff(ts) > 7200) {
                d.add(&TIMESTAMP_FAR);
            }
            Some(text)
        }
        Err(e) if e.code() == "TIMESTAMP_IN_MILLISECONDS" => {
            d.add(&TIMESTAMP_MILLIS);
            // Still signable as given: replaying it can confirm the rest.
            Some(text)
        }
        Err(_) => {
            d.add(&TIMESTAMP_NOT_SECONDS);
            None
        }
    }
}

/// The signature as given, when it has the shape of a SHA-1 in either case.
fn check_signature<'a>(d: &mut Diagnosis, v: Option<&'a Value>) -> Option<&'a str> {
    match v {
        Some(Value::String(s)) => check_signature_text(d, s),
        Some(Value::Null) | None => {
            d.add(&SIGNATURE_MISSING);
            None
        }
        Some(_) => {
            d.add(&SIGNATURE_MALFORMED);
            None
        }
    }
}

fn check_signature_text<'a>(d: &mut Diagnosis, s: &'a str) -> Option<&'a str> {
    if s.is_empty() {
        d.add(&SIGNATURE_MISSING);
        None
    } else if validate::is_lower_hex_sha1(s) {
        Some(s)
    } else if s.len() == 40 && s.bytes().all(|b| b.is_ascii_hexdigit()) {
        d.add(&SIGNATURE_UPPERCASE);
        Some(s)
    } else {
        d.add(&SIGNATURE_MALFORMED);
        None
    }
}

fn trimmed_ticket<'a>(d: &mut Diagnosis, ticket: &'a str) -> &'a str {
    let t = ticket.trim();
    if t.len() != ticket.len() {
        d.add(&TICKET_TRIMMED);
    }
    t
}

struct CardExtValues<'a> {
    ticket: &'a str,
    ts: &'a str,
    card_id: &'a str,
    code: &'a str,
    openid: &'a str,
    nonce: &'a str,
    outer: &'a str,
    begin: &'a str,
}

impl<'a> CardExtValues<'a> {
    fn list(&self) -> [&'a str; 6] {
        [self.ticket, self.ts, self.card_id, self.code, self.openid, self.nonce]
    }
}

/// Replays the common mistakes; records the first that reproduces `given`.
fn replay_card_ext(d: &mut Diagnosis, v: &CardExtValues<'_>, given: &str) {
    let expected = sorted_sha1(&v.list());
    d.expected_signature = Some(expected);
    if let Some(found) = replay(&v.list(), given, |values, f| card_ext_mistakes(v, values, f)) {
        d.add(found);
    } else if v.nonce.is_empty() {
        d.add(&NONCE_MAY_BE_SIGNED);
    } else {
        d.add(&SIGNATURE_MISMATCH);
    }
}

/// Tries the correct signature, its upper-case form, then every mistake `more` yields.
fn replay<'v>(
    values: &[&'v str],
    given: &str,
    more: impl FnOnce(&[&'v str], &mut dyn FnMut(&'static FindingDef, Signature) -> bool) -> bool,
) -> Option<&'static FindingDef> {
    let expected = sorted_sha1(values);
    if expected.matches(given) {
        return Some(&SIGNATURE_OK);
    }
    if expected.as_str().eq_ignore_ascii_case(given) {
        return Some(&MISTAKE_UPPERCASE);
    }
    let given_lower = given.to_ascii_lowercase();
    let mut hit = None;
    more(values, &mut |f, sig| {
        if sig.matches(&given_lower) {
            hit = Some(f);
            true
        } else {
            false
        }
    });
    hit
}

/// Mistakes common to both card signatures. Returns true as soon as `try_sig` does.
fn common_mistakes(
    values: &[&str],
    ticket: &str,
    try_sig: &mut dyn FnMut(&'static FindingDef, Signature) -> bool,
) -> bool {
    let nonempty: Vec<&str> = values.iter().copied().filter(|s| !s.is_empty()).collect();
    let with = |replace: &dyn Fn(&str) -> String| -> Vec<String> { nonempty.iter().map(|s| replace(s)).collect() };
    // Concatenated in the order the documents list them, unsorted.
    if try_sig(&MISTAKE_UNSORTED, sha1_concat(&nonempty)) {
        return true;
    }
    let mut reversed = nonempty.clone();
    sort_bytewise(&mut reversed);
    reversed.reverse();
    if try_sig(&MISTAKE_UNSORTED, sha1_concat(&reversed)) {
        return true;
    }
    let mut folded = nonempty.clone();
    sort_by_key_insertion(&mut folded, |s| s.to_ascii_lowercase());
    if try_sig(&MISTAKE_CASE_SORT, sha1_concat(&folded)) {
        return true;
    }
    let mut sorted = nonempty.clone();
    sort_bytewise(&mut sorted);
    for sep in ["&", ",", " ", "\n", "|"] {
        if try_sig(&MISTAKE_SEPARATOR, sha1_concat(&interleave(&sorted, sep))) {
            return true;
        }
    }
    for pad in [" ", "\n", "\r\n"] {
        let padded = with(&|s| if s == ticket { concat(&[s, pad]) } else { s.into() });
        let refs: Vec<&str> = padded.iter().map(String::as_str).collect();
        if try_sig(&MISTAKE_TICKET_SPACE, sorted_sha1(&refs)) {
            return true;
        }
    }
    let without_ticket: Vec<&str> = nonempty.iter().copied().filter(|s| *s != ticket).collect();
    try_sig(&MISTAKE_TICKET_UNSIGNED, sorted_sha1(&without_ticket))
}

fn card_ext_mistakes(
    v: &CardExtValues<'_>,
    values: &[&str],
    try_sig: &mut dyn FnMut(&'static FindingDef, Signature) -> bool,
) -> bool {
    if common_mistakes(values, v.ticket, try_sig) {
        return true;
    }
    let mut pairs: Vec<String> = [
        ("api_ticket", v.ticket),
        ("card_id", v.card_id),
        ("code", v.code),
        ("nonce_str", v.nonce),
        ("openid", v.openid),
        ("timestamp", v.ts),
    ]
    .iter()
    .filter(|(_, val)| !val.is_empty())
    .map(|(k, val)| concat(&[k, "=", val]))
    .collect();
    let joined = |pairs: &[String]| {
        let refs: Vec<&str> = pairs.iter().map(String::as_str).collect();
        sha1_concat(&interleave(&refs, "&"))
    };
    if try_sig(&MISTAKE_KEY_VALUE, joined(&pairs)) {
        return true;
    }
    if let Some(first) = pairs.first_mut() {
        *first = concat(&["ticket=", v.ticket]);
    }
    sort_by_key_insertion(&mut pairs, |s| s.clone());
    if try_sig(&MISTAKE_KEY_VALUE, joined(&pairs)) {
        return true;
    }
    let without = |skip: &str| -> Signature {
        let l = v.list();
        let kept: Vec<&str> = l.iter().copied().filter(|s| *s != skip).collect();
        sorted_sha1(&kept)
    };
    for (value, finding) in [
        (v.card_id, &MISTAKE_CARD_ID_UNSIGNED),
        (v.code, &MISTAKE_CODE_UNSIGNED),
        (v.openid, &MISTAKE_OPENID_UNSIGNED),
        (v.nonce, &MISTAKE_NONCE_UNSIGNED),
    ] {
        if !value.is_empty() && try_sig(finding, without(value)) {
            return true;
        }
    }
    let l = v.list();
    for (extra, finding) in [(v.outer, &MISTAKE_OUTER_SIGNED), (v.begin, &MISTAKE_BEGIN_SIGNED)] {
        if !extra.is_empty() && try_sig(finding, sorted_sha1(&[l[0], l[1], l[2], l[3], l[4], l[5], extra])) {
            return true;
        }
    }
    for filler in ["undefined", "null", "None", "nil"] {
        let [t, ts, id, code, openid, nonce] = l;
        let fill = |s: &'static str, x: &str| -> bool { x.is_empty() && !s.is_empty() };
        let c = if fill(filler, code) { filler } else { code };
        let o = if fill(filler, openid) { filler } else { openid };
        let n = if fill(filler, nonce) { filler } else { nonce };
        if (c != code || o != openid || n != nonce) && try_sig(&MISTAKE_UNDEFINED, sorted_sha1(&[t, ts, id, c, o, n])) {
            return true;
        }
    }
    timestamp_mistakes(v.ts, &l, 1, try_sig)
}

/// Searches timestamps near the one given (and the same in milliseconds). `ts_index` is where
/// the timestamp sits in `values`.
fn timestamp_mistakes(
    ts: &str,
    values: &[&str],
    ts_index: usize,
    try_sig: &mut dyn FnMut(&'static FindingDef, Signature) -> bool,
) -> bool {
    let Ok(base) = validate::parse_timestamp("timestamp", ts) else { return false };
    let mut signs_with = |t: u64, finding: &'static FindingDef| {
        let digits = Digits::new(t);
        let mut list: Vec<&str> = values.to_vec();
        if let Some(slot) = list.get_mut(ts_index) {
            *slot = digits.as_str();
        }
        try_sig(finding, sorted_sha1(&list))
    };
    let near = (1..=TIMESTAMP_SEARCH).flat_map(|delta| [base.checked_sub(delta), base.checked_add(delta)]);
    if near.flatten().any(|t| signs_with(t, &MISTAKE_TIMESTAMP)) {
        return true;
    }
    (0..1000u64).any(|ms| signs_with(base.saturating_mul(1000).saturating_add(ms), &MISTAKE_TIMESTAMP_MS))
}

fn sort_by_key_insertion<T, K: Ord>(v: &mut [T], key: impl Fn(&T) -> K) {
    for i in 1..v.len() {
        let mut j = i;
        while j > 0 && v.get(j - 1).map(&key) > v.get(j).map(&key) {
            v.swap(j - 1, j);
            j -= 1;
        }
    }
}

/// What a page passed to `wx.chooseCard`, as text (numbers written as digits), plus the appId
/// of its wx.config.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ChooseCardCall<'a> {
    /// The appId of wx.config ("" when unknown).
    pub app_id: &'a str,
    /// `shopId`.
    pub shop_id: &'a str,
    /// `cardType`.
    pub card_type: &'a str,
    /// `cardId`.
    pub card_id: &'a str,
    /// `timestamp`.
    pub timestamp: &'a str,
    /// `nonceStr`.
    pub nonce_str: &'a str,
    /// `signType`.
    pub sign_type: &'a str,
    /// `cardSign`.
    pub card_sign: &'a str,
}

/// Diagnoses a `wx.chooseCard` call. `api_ticket` (optional) turns on the signature checks.
pub fn diagnose_choose_card(call: &ChooseCardCall<'_>, api_ticket: Option<&str>, now: Option<u64>) -> Diagnosis {
    let mut d = Diagnosis::default();
    let now = now.or_else(now_seconds);
    for v in [call.app_id, call.shop_id, call.card_type, call.card_id, call.nonce_str] {
        check_value(&mut d, v);
    }
    if !call.sign_type.eq_ignore_ascii_case("SHA1") {
        d.add(&SIGN_TYPE);
    }
    if validate::card_type("card_type", call.card_type).is_err() {
        d.add(&CARD_TYPE);
    }
    if call.nonce_str.is_empty() {
        d.add(&NONCE_REQUIRED);
    }
    let ts = check_timestamp_text(&mut d, call.timestamp, now);
    let sig = check_signature_text(&mut d, call.card_sign);
    if call.app_id.is_empty() {
        d.add(&APP_ID_NOT_GIVEN);
    }
    match (api_ticket, ts, sig) {
        (None, ..) => d.add(&NO_TICKET),
        (Some(ticket), Some(ts), Some(sig)) => {
            let ticket = trimmed_ticket(&mut d, ticket);
            let values = [ticket, call.app_id, call.shop_id, ts, call.nonce_str, call.card_id, call.card_type];
            d.expected_signature = Some(sorted_sha1(&values));
            let found = replay(&values, sig, |values, try_sig| {
                let mut without_app: Vec<&str> = values.to_vec();
                if let Some(slot) = without_app.get_mut(1) {
                    *slot = "";
                }
                try_sig(&MISTAKE_APP_ID, sorted_sha1(&without_app))
                    || common_mistakes(values, ticket, try_sig)
                    || timestamp_mistakes(ts, values, 3, try_sig)
            });
            match found {
                Some(f) => d.add(f),
                None if call.app_id.is_empty() => {}
                None => d.add(&SIGNATURE_MISMATCH),
            }
        }
        _ => {}
    }
    d.sort();
    d
}
