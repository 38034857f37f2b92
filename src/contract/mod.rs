//! The JSON contract: what every result looks like, written once for every surface.
//!
//! Each public result type writes its camelCase fields here, in one place. The CLI prints
//! [`ToJson::to_json`], the HTTP endpoints answer it, and the npm package's wasm exports send
//! the same fields across the boundary (as a flat record, `record.rs`, which JavaScript decodes
//! into the very object `JSON.parse` would give). What the npm package passes in is read by the
//! named-input readers of `input.rs`.

pub(crate) mod exports;
pub(crate) mod input;
pub(crate) mod record;

use alloc::string::String;
use alloc::vec::Vec;

use crate::json::{push_key, push_string, push_u64};
use crate::{
    CardDocument, CardProblem, CardRedirect, CardReport, Diagnosis, Errcode, Error, ErrorKind, Finding, FindingCode,
    Signature, SignedCardExt, SignedChooseCard, SignedJsapiConfig, Symptom, SymptomCause, UserAgent,
};

/// A result that every surface (CLI, HTTP, npm package) answers with the same camelCase JSON.
///
/// ```
/// use wxcard::{parse_user_agent, ToJson};
/// let ua = parse_user_agent("Mozilla/5.0 (iPhone) MicroMessenger/6.0.2 NetType/WIFI");
/// assert_eq!(ua.to_json(), r#"{"isWeChat":true,"isWeCom":false,"isMiniProgram":false,"platform":"ios","version":"6.0.2","supportsCards":true}"#);
/// ```
pub trait ToJson {
    /// Writes the fields, in order, to an encoder: JSON text here, or the wasm boundary's record.
    #[doc(hidden)]
    fn write_fields(&self, fields: &mut dyn Fields);

    /// The JSON object.
    fn to_json(&self) -> String {
        let mut out = String::from("{");
        self.write_fields(&mut JsonFields(&mut out));
        out.push('}');
        out
    }
}

/// Where a result writes its fields: the JSON writer or the wasm boundary's record writer.
#[doc(hidden)]
pub trait Fields {
    /// A text field.
    fn text(&mut self, name: &str, value: &str);
    /// Any other JSON value (number, boolean, null, list), written as JSON text by `value`.
    fn json(&mut self, name: &str, value: &dyn Fn(&mut String));
}

impl dyn Fields + '_ {
    fn optional_text(&mut self, name: &str, value: Option<&str>) {
        match value {
            Some(v) => self.text(name, v),
            None => self.json(name, &|out| out.push_str("null")),
        }
    }

    fn number(&mut self, name: &str, value: u64) {
        self.json(name, &|out| push_u64(out, value));
    }

    fn signed(&mut self, name: &str, value: i64) {
        self.json(name, &|out| push_i64(out, value));
    }

    fn boolean(&mut self, name: &str, value: bool) {
        self.json(name, &|out| out.push_str(if value { "true" } else { "false" }));
    }

    fn list<T: ToJson>(&mut self, name: &str, items: &[T]) {
        self.json(name, &|out| write_list(out, items));
    }
}

/// The JSON writer.
struct JsonFields<'a>(&'a mut String);

impl Fields for JsonFields<'_> {
    fn text(&mut self, name: &str, value: &str) {
        push_key(self.0, name);
        push_string(self.0, value);
    }

    fn json(&mut self, name: &str, value: &dyn Fn(&mut String)) {
        push_key(self.0, name);
        value(self.0);
    }
}

/// A JSON array of results: `[{...},{...}]`.
pub fn list_to_json<T: ToJson>(items: &[T]) -> String {
    let mut out = String::new();
    write_list(&mut out, items);
    out
}

fn write_list<T: ToJson>(out: &mut String, items: &[T]) {
    out.push('[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('{');
        item.write_fields(&mut JsonFields(out));
        out.push('}');
    }
    out.push(']');
}

fn push_i64(out: &mut String, n: i64) {
    if n < 0 {
        out.push('-');
    }
    push_u64(out, n.unsigned_abs());
}

/// `{cardId, cardExt}`: one entry of `wx.addCard`'s `cardList`.
impl ToJson for SignedCardExt {
    fn write_fields(&self, f: &mut dyn Fields) {
        CardItem { card_id: &self.card_id, card_ext: &self.card_ext }.write_fields(f);
    }
}

/// [`SignedCardExt`]'s fields over borrowed text (the npm package signs without allocating).
pub(crate) struct CardItem<'a> {
    pub(crate) card_id: &'a str,
    pub(crate) card_ext: &'a str,
}

impl ToJson for CardItem<'_> {
    fn write_fields(&self, f: &mut dyn Fields) {
        f.text("cardId", self.card_id);
        f.text("cardExt", self.card_ext);
    }
}

/// `{cardList: [{cardId, cardExt}, ...]}`: what the server's card endpoint answers for one
/// `wx.addCard`.
#[derive(Clone, Copy, Debug)]
pub struct CardList<'a>(pub &'a [SignedCardExt]);

impl ToJson for CardList<'_> {
    fn write_fields(&self, f: &mut dyn Fields) {
        f.list("cardList", self.0);
    }
}

/// The parameters of `wx.chooseCard`.
impl ToJson for SignedChooseCard {
    fn write_fields(&self, f: &mut dyn Fields) {
        f.text("shopId", &self.shop_id);
        f.text("cardType", &self.card_type);
        f.text("cardId", &self.card_id);
        f.number("timestamp", self.timestamp);
        f.text("nonceStr", &self.nonce_str);
        f.text("signType", SignedChooseCard::SIGN_TYPE);
        f.text("cardSign", self.card_sign.as_str());
    }
}

/// The signature part of `wx.config`.
impl ToJson for SignedJsapiConfig {
    fn write_fields(&self, f: &mut dyn Fields) {
        f.text("appId", &self.app_id);
        f.number("timestamp", self.timestamp);
        f.text("nonceStr", &self.nonce_str);
        f.text("signature", self.signature.as_str());
    }
}

impl ToJson for UserAgent<'_> {
    fn write_fields(&self, f: &mut dyn Fields) {
        f.boolean("isWeChat", self.is_wechat);
        f.boolean("isWeCom", self.is_wecom);
        f.boolean("isMiniProgram", self.is_mini_program);
        f.text("platform", self.platform.as_str());
        f.optional_text("version", self.version.as_ref().map(|v| v.as_str()));
        f.boolean("supportsCards", self.supports_cards());
    }
}

impl ToJson for CardRedirect {
    fn write_fields(&self, f: &mut dyn Fields) {
        f.text("encryptCode", &self.encrypt_code);
        f.text("cardId", &self.card_id);
        f.optional_text("openid", self.openid.as_deref());
        f.optional_text("outerStr", self.outer_str.as_deref());
        f.optional_text("activateTicket", self.activate_ticket.as_deref());
        f.text("strippedUrl", &self.stripped_url);
    }
}

impl ToJson for Diagnosis {
    fn write_fields(&self, f: &mut dyn Fields) {
        f.boolean("ok", self.is_ok());
        f.optional_text("expectedSignature", self.expected_signature.as_ref().map(Signature::as_str));
        f.list("findings", &self.findings);
    }
}

impl ToJson for Finding {
    fn write_fields(&self, f: &mut dyn Fields) {
        f.text("code", self.code.as_str());
        f.text("severity", self.severity.as_str());
        f.text("field", self.field);
        f.text("messageEn", self.message_en);
        f.text("messageZh", self.message_zh);
    }
}

impl ToJson for CardReport {
    fn write_fields(&self, f: &mut dyn Fields) {
        f.boolean("ok", self.is_ok());
        f.optional_text("document", self.document.map(CardDocument::as_str));
        f.optional_text("cardType", self.card_type.as_deref());
        f.list("problems", &self.problems);
    }
}

impl ToJson for CardProblem {
    fn write_fields(&self, f: &mut dyn Fields) {
        f.text("severity", self.severity.as_str());
        f.text("path", &self.path);
        f.text("code", self.code());
        f.text("message", self.message());
        f.text("detail", &self.detail);
        match self.errcode {
            Some(n) => f.signed("errcode", i64::from(n)),
            None => f.optional_text("errcode", None),
        }
    }
}

/// `{code, errmsg, meaningZh, meaningEn, fixZh, fixEn}`.
impl ToJson for Errcode {
    fn write_fields(&self, f: &mut dyn Fields) {
        f.signed("code", i64::from(self.code));
        f.text("errmsg", self.errmsg);
        f.text("meaningZh", self.meaning_zh);
        f.text("meaningEn", self.meaning_en);
        f.text("fixZh", self.fix_zh);
        f.text("fixEn", self.fix_en);
    }
}

/// `{code, symptomZh, symptomEn, causes: [{zh, en}], fixZh, fixEn, check}`; a list of them is
/// [`list_to_json`] (`wxcard explain symptom`, `symptoms` of wxcard/full).
impl ToJson for Symptom {
    fn write_fields(&self, f: &mut dyn Fields) {
        f.text("code", self.code());
        f.text("symptomZh", self.symptom_zh());
        f.text("symptomEn", self.symptom_en());
        f.list("causes", self.causes());
        f.text("fixZh", self.fix_zh());
        f.text("fixEn", self.fix_en());
        f.text("check", self.check());
    }
}

/// `{zh, en}`.
impl ToJson for SymptomCause {
    fn write_fields(&self, f: &mut dyn Fields) {
        f.text("zh", self.zh);
        f.text("en", self.en);
    }
}

/// `{code, field, message}` (and `item`, the position in a batch): `message` is the whole
/// sentence, field and code included.
impl ToJson for Error {
    fn write_fields(&self, f: &mut dyn Fields) {
        f.text("code", self.code());
        f.text("field", self.field());
        f.text("message", &self.sentence());
        if let Some(item) = self.item() {
            f.number("item", item as u64);
        }
    }
}

/// `{valid}`: the answer of the `verify_*` functions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Verified(pub bool);

impl ToJson for Verified {
    fn write_fields(&self, f: &mut dyn Fields) {
        f.boolean("valid", self.0);
    }
}

/// `{sorted, signature}`: the card signature primitive, step by step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SortedSha1<'a> {
    /// The non-empty values in byte order, as concatenated.
    pub sorted: Vec<&'a str>,
    /// SHA-1 of their concatenation.
    pub signature: Signature,
}

impl<'a> SortedSha1<'a> {
    /// Sorts the non-empty `values` and signs them.
    pub fn new(values: impl IntoIterator<Item = &'a str>) -> Self {
        let mut sorted: Vec<&str> = values.into_iter().filter(|v| !v.is_empty()).collect();
        let signature = crate::sorted_sha1_in_place(&mut sorted);
        SortedSha1 { sorted, signature }
    }
}

impl ToJson for SortedSha1<'_> {
    fn write_fields(&self, f: &mut dyn Fields) {
        f.json("sorted", &|out| {
            out.push('[');
            for (i, v) in self.sorted.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                push_string(out, v);
            }
            out.push(']');
        });
        f.text("signature", self.signature.as_str());
    }
}

/// A result of one text field, for the exports that answer a single value.
pub(crate) struct One<'a>(pub(crate) &'static str, pub(crate) &'a str);

impl ToJson for One<'_> {
    fn write_fields(&self, f: &mut dyn Fields) {
        f.text(self.0, self.1);
    }
}

/// `{code, message}`.
impl ToJson for ErrorKind {
    fn write_fields(&self, f: &mut dyn Fields) {
        f.text("code", self.code());
        f.text("message", self.message());
    }
}

/// `{code, severity, field}`.
impl ToJson for FindingCode {
    fn write_fields(&self, f: &mut dyn Fields) {
        f.text("code", self.as_str());
        f.text("severity", self.severity().as_str());
        f.text("field", self.field());
    }
}

/// `{errors, findings}`: every error kind and every finding code.
#[cfg_attr(all(target_arch = "wasm32", not(feature = "wasm-full")), allow(dead_code))]
pub(crate) struct CodeTable;

impl ToJson for CodeTable {
    fn write_fields(&self, f: &mut dyn Fields) {
        f.list("errors", ErrorKind::ALL);
        f.list("findings", FindingCode::ALL);
    }
}
