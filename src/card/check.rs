//! The walk over a card's JSON: each object's members against a table of [`Field`]s, each value
//! against its field's [`Rule`].

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use super::rules::{
    CardType, Field, Limit, Rule, DATE_INFO, DATE_TYPES, FIX_TERM, FIX_TIME_RANGE, LIST_IMAGE_BYTES, PERMANENT,
    UNLIMITED,
};
use super::{CardDocument, CardProblem, CardReport};
use crate::error::ErrorKind;
use crate::json::{Object, Value};
use crate::severity::Severity;

/// How far [`Checker::walk`] goes into an object.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Walk {
    /// Duplicate, unknown and missing keys only: the caller checks the values.
    KeysOnly,
    /// The values too, each against its field's rule.
    Values,
    /// The values of an object card/update changes field by field (a card body, base_info,
    /// advanced_info): there, in an update, a field it cannot change is refused instead.
    Section,
}

/// What [`Checker::walk`] says of keys that are not among an object's fields.
#[derive(Clone, Copy)]
pub(super) enum UnknownKeys<'a> {
    /// Warn of each, with the field it most likely meant.
    Warn,
    /// These keys are checked elsewhere; warn of the others.
    WarnExcept(&'a [&'a str]),
    /// Nothing: the object has fields that are not listed here.
    Allow,
}

impl UnknownKeys<'_> {
    fn allows(self, key: &str) -> bool {
        match self {
            UnknownKeys::Warn => false,
            UnknownKeys::WarnExcept(keys) => keys.contains(&key),
            UnknownKeys::Allow => true,
        }
    }
}

pub(super) struct Checker {
    pub(super) mode: CardDocument,
    /// The card type, once the document names one.
    pub(super) card_type: Option<&'static CardType>,
    pub(super) report: CardReport,
}

impl Checker {
    pub(super) fn new() -> Checker {
        Checker { mode: CardDocument::Create, card_type: None, report: CardReport::default() }
    }

    pub(super) fn problem(&mut self, kind: ErrorKind, path: &str, detail: String, errcode: Option<i32>) {
        self.add(Severity::Error, kind, path, detail, errcode);
    }

    pub(super) fn warning(&mut self, kind: ErrorKind, path: &str, detail: String) {
        self.add(Severity::Warning, kind, path, detail, None);
    }

    pub(super) fn info(&mut self, kind: ErrorKind, path: &str, detail: String) {
        self.add(Severity::Info, kind, path, detail, None);
    }

    fn add(&mut self, severity: Severity, kind: ErrorKind, path: &str, detail: String, errcode: Option<i32>) {
        self.report.problems.push(CardProblem { kind, severity, path: path.into(), detail, errcode });
    }

    /// The members of an object against its fields, in document order, then the required fields
    /// it lacks (card/create only: an update sends only what changes).
    pub(super) fn walk(&mut self, obj: &Object, path: &str, fields: &[Field], walk: Walk, unknown: UnknownKeys<'_>) {
        let repeated = repeated_keys(obj);
        for (i, (key, value)) in obj.members.iter().enumerate() {
            let p = join(path, key);
            if repeated.get(i).copied().unwrap_or(false) {
                self.problem(ErrorKind::DuplicateKey, &p, String::new(), None);
                continue;
            }
            match fields.iter().find(|f| f.name == key) {
                Some(field) => match walk {
                    Walk::KeysOnly => {}
                    Walk::Section if self.mode == CardDocument::Update && !field.updatable => {
                        self.problem(ErrorKind::NotUpdatable, &p, String::new(), None);
                    }
                    Walk::Values | Walk::Section => self.value(value, &p, field),
                },
                None if unknown.allows(key) => {}
                None => {
                    let detail = match suggest(key, fields) {
                        Some(name) => ["did you mean \"", name, "\"?"].concat(),
                        None => String::new(),
                    };
                    self.warning(ErrorKind::UnknownField, &p, detail);
                }
            }
        }
        if self.mode == CardDocument::Create {
            for field in fields.iter().filter(|f| f.required) {
                if obj.get(field.name).is_none() {
                    self.problem(ErrorKind::Missing, &join(path, field.name), String::new(), Some(40053));
                }
            }
        }
    }

    fn value(&mut self, value: &Value, path: &str, field: &Field) {
        match field.rule {
            Rule::Text(limit) => {
                if let Some(s) = self.string(value, path) {
                    if s.is_empty() && field.required {
                        self.problem(ErrorKind::Missing, path, ["it is empty"].concat(), Some(40053));
                    }
                    self.limit(s, path, limit);
                }
            }
            Rule::Url(max) => {
                if let Some(s) = self.string(value, path) {
                    let t = s.trim();
                    if !(t.is_empty() || t.starts_with("http://") || t.starts_with("https://")) {
                        self.warning(
                            ErrorKind::UrlNotHttp,
                            path,
                            ["without http:// or https:// the link may not open"].concat(),
                        );
                    }
                    self.url_spaces(t, path);
                    self.limit(s, path, Limit::Bytes(max, None));
                }
            }
            Rule::Image(max) => {
                if let Some(s) = self.string(value, path) {
                    self.image(s, path, max);
                }
            }
            Rule::Int(min, max) => self.int(value, path, min, max),
            Rule::Bool => match value {
                Value::Bool(_) => {}
                Value::String(s) if s == "true" || s == "false" => {
                    self.problem(
                        ErrorKind::QuotedBoolean,
                        path,
                        ["write ", s, " without quotes"].concat(),
                        Some(40053),
                    );
                }
                other => self.problem(ErrorKind::WrongJsonType, path, found("true or false", other), Some(40053)),
            },
            Rule::OneOf(values) => {
                if let Some(s) = self.string(value, path) {
                    self.one_of(s, path, values);
                }
            }
            Rule::DateInfo => match value {
                Value::Object(d) => self.date_info(d, path),
                other => self.problem(ErrorKind::WrongJsonType, path, found("an object", other), Some(47001)),
            },
            Rule::IdList => {
                if let Some(items) = self.array(value, path) {
                    for (i, item) in items.iter().enumerate() {
                        self.int(item, &index(path, i), 0, UNLIMITED);
                    }
                }
            }
            Rule::ImageList(max) => {
                if let Some(items) = self.array(value, path) {
                    self.count(items, path, max);
                    for (i, item) in items.iter().enumerate() {
                        let p = index(path, i);
                        if let Some(s) = self.string(item, &p) {
                            self.image(s, &p, LIST_IMAGE_BYTES);
                        }
                    }
                }
            }
            Rule::EnumList(values) => {
                if let Some(items) = self.array(value, path) {
                    for (i, item) in items.iter().enumerate() {
                        let p = index(path, i);
                        if let Some(s) = self.string(item, &p) {
                            self.one_of(s, &p, values);
                        }
                    }
                }
            }
            Rule::Object(fields) => self.object(value, path, fields, Walk::Values),
            Rule::Section(fields) => self.object(value, path, fields, Walk::Section),
            Rule::ObjectList(fields, max) => {
                if let Some(items) = self.array(value, path) {
                    self.count(items, path, max);
                    for (i, item) in items.iter().enumerate() {
                        self.object(item, &index(path, i), fields, Walk::Values);
                    }
                }
            }
            Rule::Any => {}
        }
    }

    fn object(&mut self, value: &Value, path: &str, fields: &[Field], walk: Walk) {
        match value {
            Value::Object(o) => self.walk(o, path, fields, walk, UnknownKeys::Warn),
            other => self.problem(ErrorKind::WrongJsonType, path, found("an object", other), Some(40053)),
        }
    }

    fn string<'v>(&mut self, value: &'v Value, path: &str) -> Option<&'v str> {
        match value {
            Value::String(s) => Some(s),
            other => {
                self.problem(ErrorKind::WrongJsonType, path, found("text in quotes", other), Some(40053));
                None
            }
        }
    }

    fn array<'v>(&mut self, value: &'v Value, path: &str) -> Option<&'v [Value]> {
        match value {
            Value::Array(items) => Some(items),
            other => {
                self.problem(ErrorKind::WrongJsonType, path, found("a list [...]", other), Some(40053));
                None
            }
        }
    }

    fn count(&mut self, items: &[Value], path: &str, max: usize) {
        if items.len() > max {
            let detail =
                ["at most ", &(max as u64).to_string(), ", found ", &(items.len() as u64).to_string()].concat();
            self.problem(ErrorKind::TooManyItems, path, detail, None);
        }
    }

    fn limit(&mut self, s: &str, path: &str, limit: Limit) {
        let (actual, max, unit, hanzi) = match limit {
            Limit::Bytes(max, hanzi) => (s.len(), max, " bytes", hanzi),
            Limit::Chars(max) => (s.chars().count(), max, " characters", None),
        };
        if actual <= max {
            return;
        }
        let mut detail = ["at most ", &(max as u64).to_string(), unit].concat();
        if let Some(hanzi) = hanzi {
            detail.push_str(" (");
            detail.push_str(&(hanzi as u64).to_string());
            detail.push_str(" 汉字, 3 bytes each)");
        }
        detail.push_str(", found ");
        detail.push_str(&(actual as u64).to_string());
        self.problem(ErrorKind::TooLong, path, detail, None);
    }

    pub(super) fn one_of(&mut self, s: &str, path: &str, values: &[&str]) {
        if values.contains(&s) {
            return;
        }
        let mut detail = one_of(values.iter().copied());
        if let Some(v) = values.iter().find(|v| v.eq_ignore_ascii_case(s.trim())) {
            detail = ["write it exactly \"", v, "\""].concat();
        }
        self.problem(ErrorKind::NotOneOf, path, detail, Some(40053));
    }

    fn int(&mut self, value: &Value, path: &str, min: u64, max: u64) {
        match value {
            Value::Number(n) => match n.parse::<u64>() {
                Ok(v) if v < min || v > max => {
                    let mut detail = ["from ", &min.to_string()].concat();
                    if max != UNLIMITED {
                        detail.push_str(" to ");
                        detail.push_str(&max.to_string());
                    }
                    detail.push_str(", found ");
                    detail.push_str(n);
                    self.problem(ErrorKind::OutOfRange, path, detail, None);
                }
                Ok(_) => {}
                Err(_) => {
                    self.problem(ErrorKind::WrongJsonType, path, ["a whole number, found ", n].concat(), Some(40053))
                }
            },
            Value::String(s) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => {
                self.problem(ErrorKind::QuotedNumber, path, ["write ", s, " without quotes"].concat(), Some(40053));
            }
            other => self.problem(ErrorKind::WrongJsonType, path, found("a whole number", other), Some(40053)),
        }
    }

    fn image(&mut self, s: &str, path: &str, max: usize) {
        let t = s.trim();
        let host = t
            .strip_prefix("http://")
            .or_else(|| t.strip_prefix("https://"))
            .map(|rest| rest.split('/').next().unwrap_or(rest));
        if !matches!(host, Some("mmbiz.qpic.cn" | "mmbiz.qlogo.cn")) {
            self.problem(
                ErrorKind::NotUploadedImage,
                path,
                ["upload the image first (wxcard card upload-logo)"].concat(),
                None,
            );
        }
        self.url_spaces(t, path);
        self.limit(s, path, Limit::Bytes(max, None));
    }

    fn url_spaces(&mut self, trimmed: &str, path: &str) {
        if trimmed.bytes().any(|b| b.is_ascii_whitespace()) {
            self.warning(
                ErrorKind::ControlCharacter,
                path,
                ["the URL holds white space: a line break of a copied URL?"].concat(),
            );
        }
    }

    /// date_info: which fields each type takes (47001 otherwise), timestamps in seconds.
    fn date_info(&mut self, d: &Object, path: &str) {
        self.walk(d, path, DATE_INFO, Walk::Values, UnknownKeys::Warn);
        let type_path = join(path, "type");
        let date_type = match d.get("type") {
            Some(Value::String(t)) => t.as_str(),
            // The documents' old numbers for the two types.
            Some(Value::Number(n)) if n == "1" => FIX_TIME_RANGE,
            Some(Value::Number(n)) if n == "2" => FIX_TERM,
            Some(other) => {
                self.problem(
                    ErrorKind::WrongJsonType,
                    &type_path,
                    found("text such as \"DATE_TYPE_FIX_TIME_RANGE\"", other),
                    Some(47001),
                );
                return;
            }
            None => return,
        };
        if date_type == PERMANENT && self.card_type.is_some_and(|t| t.permanent_dates) {
            return;
        }
        if !DATE_TYPES.contains(&date_type) {
            self.one_of(date_type, &type_path, DATE_TYPES);
            return;
        }
        if self.mode == CardDocument::Update && date_type != FIX_TIME_RANGE {
            self.problem(
                ErrorKind::NotUpdatable,
                &type_path,
                ["card/update changes only ", FIX_TIME_RANGE, " dates"].concat(),
                None,
            );
        }
        let (needs, refuses): (&[&str], &[&str]) = if date_type == FIX_TIME_RANGE {
            (&["begin_timestamp", "end_timestamp"], &["fixed_term", "fixed_begin_term"])
        } else {
            (&["fixed_term"], &["begin_timestamp"])
        };
        for name in needs {
            if d.get(name).is_none() {
                self.problem(ErrorKind::Missing, &join(path, name), [date_type, " needs it"].concat(), Some(47001));
            }
        }
        for name in refuses {
            if d.get(name).is_some() {
                self.problem(
                    ErrorKind::DateInfoMismatch,
                    &join(path, name),
                    [date_type, " does not take it"].concat(),
                    Some(47001),
                );
            }
        }
        let begin = self.timestamp(d.get("begin_timestamp"), &join(path, "begin_timestamp"));
        let end = self.timestamp(d.get("end_timestamp"), &join(path, "end_timestamp"));
        if let (Some(b), Some(e)) = (begin, end) {
            if e <= b {
                self.problem(
                    ErrorKind::OutOfRange,
                    &join(path, "end_timestamp"),
                    ["must be after begin_timestamp"].concat(),
                    None,
                );
            }
        }
    }

    /// A Unix time in seconds, as a number or (the documents allow it) digits in a string.
    fn timestamp(&mut self, value: Option<&Value>, path: &str) -> Option<u64> {
        let digits = match value? {
            Value::Number(n) | Value::String(n) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => n,
            other => {
                self.problem(ErrorKind::WrongJsonType, path, found("Unix time in seconds", other), Some(47001));
                return None;
            }
        };
        match crate::parse_timestamp("timestamp", digits) {
            Ok(t) => Some(t),
            Err(e) => {
                self.problem(e.kind(), path, String::new(), Some(47001));
                None
            }
        }
    }
}

/// For each member, whether an earlier member has the same key: one sort, not a scan per key.
fn repeated_keys(obj: &Object) -> Vec<bool> {
    let key = |i: &usize| obj.members.get(*i).map(|(k, _)| k.as_str());
    let mut order: Vec<usize> = (0..obj.members.len()).collect();
    order.sort_by_key(|i| key(i));
    let mut repeated = alloc::vec![false; obj.members.len()];
    for pair in order.windows(2) {
        if let [first, second] = pair {
            if key(first) == key(second) {
                if let Some(flag) = repeated.get_mut(*second) {
                    *flag = true;
                }
            }
        }
    }
    repeated
}

/// The path of a member: `card.groupon`, or the key alone at the top.
pub(super) fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.into()
    } else {
        [path, ".", key].concat()
    }
}

fn index(path: &str, i: usize) -> String {
    [path, "[", &(i as u64).to_string(), "]"].concat()
}

pub(super) fn object_at<'o>(obj: &'o Object, key: &str) -> Option<&'o Object> {
    match obj.get(key) {
        Some(Value::Object(o)) => Some(o),
        _ => None,
    }
}

pub(super) fn non_empty_array(value: Option<&Value>) -> bool {
    matches!(value, Some(Value::Array(items)) if !items.is_empty())
}

pub(super) fn found(expected: &str, value: &Value) -> String {
    ["expected ", expected, ", found ", value.kind_name()].concat()
}

pub(super) fn one_of<'a>(values: impl Iterator<Item = &'a str>) -> String {
    let mut out = String::from("one of ");
    for (i, v) in values.enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(v);
    }
    out
}

/// The known field a misspelt key most likely meant: the same letters without underscores and
/// case (`canshare`, `LogoUrl`), or at most two edits away.
fn suggest(key: &str, fields: &[Field]) -> Option<&'static str> {
    if key.len() > 64 {
        return None;
    }
    let squash = |s: &str| -> String { s.chars().filter(|c| *c != '_').flat_map(char::to_lowercase).collect() };
    let k = squash(key);
    fields
        .iter()
        .find(|f| squash(f.name) == k)
        .or_else(|| fields.iter().filter(|f| f.name.len() >= 5).find(|f| edit_distance(key, f.name) <= 2))
        .map(|f| f.name)
}

/// Levenshtein distance over bytes (field names are ASCII).
fn edit_distance(a: &str, b: &str) -> usize {
    let b = b.as_bytes();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.bytes().enumerate() {
        let mut diagonal = i;
        let mut left = i + 1;
        let mut next = Vec::with_capacity(row.len());
        next.push(left);
        for (j, cb) in b.iter().enumerate() {
            let up = row.get(j + 1).copied().unwrap_or(usize::MAX - 1);
            let cost = diagonal + usize::from(ca != *cb);
            left = cost.min(up + 1).min(left + 1);
            diagonal = up;
            next.push(left);
        }
        row = next;
    }
    row.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::super::rules::BASE_INFO;
    use super::*;

    #[test]
    fn suggestions() {
        assert_eq!(suggest("canshare", BASE_INFO), Some("can_share"));
        assert_eq!(suggest("LogoUrl", BASE_INFO), Some("logo_url"));
        assert_eq!(suggest("brand_nmae", BASE_INFO), Some("brand_name"));
        assert_eq!(suggest("zzz", BASE_INFO), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
