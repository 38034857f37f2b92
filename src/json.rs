//! The little JSON the core needs: writing card_ext, reading back the card_ext a page sent, and
//! reading a card's JSON to check it before WeChat does.
//!
//! Hand-written so the core and its WebAssembly build stay free of serde. Numbers are kept as
//! written (so `"15"` and `15` stay apart, the difference WeChat's 40053 is about) and objects keep
//! their members in order, duplicates included. The parser never panics and refuses nesting deeper
//! than `MAX_DEPTH` (64).

use alloc::string::{String, ToString};
use alloc::vec::Vec;
/// How deep arrays and objects may nest before the parser gives up (a stack guard).
const MAX_DEPTH: u32 = 64;

/// Appends `s` as a JSON string literal, quotes included.
///
/// Escapes what JSON requires plus U+2028/U+2029, which old JavaScript engines treat as line breaks.
pub(crate) fn push_string(out: &mut String, s: &str) {
    out.push('"');
    // The usual value needs no escape at all: copy it in one go (0xE2 starts U+2028 and U+2029).
    if !s.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\' || b == 0xE2) {
        out.push_str(s);
        out.push('"');
        return;
    }
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c if (c as u32) < 0x20 => {
                let n = c as u32;
                out.push_str("\\u00");
                out.push(char::from_digit(n >> 4, 16).unwrap_or('0'));
                out.push(char::from_digit(n & 0xf, 16).unwrap_or('0'));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Appends a whole number.
pub(crate) fn push_u64(out: &mut String, n: u64) {
    out.push_str(&n.to_string());
}

/// A parsed JSON value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// A string, unescaped.
    String(String),
    /// A number, as written.
    Number(String),
    /// `true` or `false`.
    Bool(bool),
    /// `null`.
    Null,
    /// An array.
    Array(Vec<Value>),
    /// An object.
    Object(Object),
}

impl Value {
    /// The JSON type name, for messages.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Value::String(_) => "string",
            Value::Number(_) => "number",
            Value::Bool(_) => "boolean",
            Value::Null => "null",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        }
    }
}

/// What went wrong reading JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsonError {
    /// Not JSON at all; the byte offset where reading stopped.
    Syntax(usize),
    /// Valid JSON, but a string: typically an object stringified twice.
    StringNotObject,
    /// Valid JSON, but neither an object nor a string.
    NotObject,
}

/// A JSON object, members in their written order (duplicates kept).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Object {
    /// The members in order.
    pub members: Vec<(String, Value)>,
}

impl Object {
    /// The first member with this key.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.members.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// The member as text: a string as is, a number as written.
    pub fn get_text(&self, key: &str) -> Option<&str> {
        match self.get(key) {
            Some(Value::String(s)) | Some(Value::Number(s)) => Some(s),
            _ => None,
        }
    }
}

/// Parses a JSON text whose top level must be an object.
pub fn parse_object(text: &str) -> Result<Object, JsonError> {
    let mut p = Parser { s: text, b: text.as_bytes(), pos: 0 };
    p.skip_ws();
    if p.peek() == Some(b'{') {
        let obj = p.object(0)?;
        p.skip_ws();
        return if p.pos == p.b.len() { Ok(obj) } else { Err(JsonError::Syntax(p.pos)) };
    }
    let value = p.value(0)?;
    p.skip_ws();
    if p.pos != p.b.len() {
        return Err(JsonError::Syntax(p.pos));
    }
    match value {
        Value::String(_) => Err(JsonError::StringNotObject),
        _ => Err(JsonError::NotObject),
    }
}

/// Parses any JSON text.
pub fn parse_value(text: &str) -> Result<Value, JsonError> {
    let mut p = Parser { s: text, b: text.as_bytes(), pos: 0 };
    p.skip_ws();
    let v = p.value(0)?;
    p.skip_ws();
    if p.pos == p.b.len() {
        Ok(v)
    } else {
        p.err()
    }
}

/// Parses any JSON text and returns its top-level string, if it is one.
pub fn parse_string(text: &str) -> Option<String> {
    let mut p = Parser { s: text, b: text.as_bytes(), pos: 0 };
    p.skip_ws();
    let v = p.value(0).ok()?;
    p.skip_ws();
    match v {
        Value::String(s) if p.pos == p.b.len() => Some(s),
        _ => None,
    }
}

struct Parser<'a> {
    s: &'a str,
    b: &'a [u8],
    pos: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    fn err<T>(&self) -> Result<T, JsonError> {
        Err(JsonError::Syntax(self.pos))
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    /// Consumes `byte`, or fails where it is missing.
    fn eat(&mut self, byte: u8) -> Result<(), JsonError> {
        if self.peek() == Some(byte) {
            self.pos += 1;
            Ok(())
        } else {
            self.err()
        }
    }

    fn value(&mut self, depth: u32) -> Result<Value, JsonError> {
        match self.peek() {
            Some(b'{') => self.object(depth).map(Value::Object),
            Some(b'[') => self.array(depth),
            Some(b'"') => self.string().map(Value::String),
            Some(b't') => self.literal("true", Value::Bool(true)),
            Some(b'f') => self.literal("false", Value::Bool(false)),
            Some(b'n') => self.literal("null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => self.err(),
        }
    }

    fn literal(&mut self, word: &str, v: Value) -> Result<Value, JsonError> {
        if self.b.get(self.pos..self.pos + word.len()) == Some(word.as_bytes()) {
            self.pos += word.len();
            Ok(v)
        } else {
            self.err()
        }
    }

    fn object(&mut self, depth: u32) -> Result<Object, JsonError> {
        if depth >= MAX_DEPTH {
            return self.err();
        }
        self.eat(b'{')?;
        let mut obj = Object::default();
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(obj);
        }
        loop {
            self.skip_ws();
            if self.peek() != Some(b'"') {
                return self.err();
            }
            let key = self.string()?;
            self.skip_ws();
            self.eat(b':')?;
            self.skip_ws();
            let v = self.value(depth + 1)?;
            obj.members.push((key, v));
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(obj);
                }
                _ => return self.err(),
            }
        }
    }

    fn array(&mut self, depth: u32) -> Result<Value, JsonError> {
        if depth >= MAX_DEPTH {
            return self.err();
        }
        self.eat(b'[')?;
        let mut items = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Value::Array(items));
        }
        loop {
            self.skip_ws();
            items.push(self.value(depth + 1)?);
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Value::Array(items));
                }
                _ => return self.err(),
            }
        }
    }

    fn number(&mut self) -> Result<Value, JsonError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return self.err(),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return self.err();
            }
            self.digits();
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return self.err();
            }
            self.digits();
        }
        match self.s.get(start..self.pos) {
            Some(raw) => Ok(Value::Number(raw.into())),
            None => self.err(),
        }
    }

    fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
    }

    fn string(&mut self) -> Result<String, JsonError> {
        self.eat(b'"')?;
        let mut out = String::new();
        loop {
            let run_start = self.pos;
            while let Some(b) = self.peek() {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            // Runs end on ASCII bytes, so these are char boundaries.
            match self.s.get(run_start..self.pos) {
                Some(run) => out.push_str(run),
                None => return self.err(),
            }
            match self.peek() {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.pos += 1;
                    self.escape(&mut out)?;
                }
                _ => return self.err(),
            }
        }
    }

    fn escape(&mut self, out: &mut String) -> Result<(), JsonError> {
        let c = match self.peek() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                self.pos += 1;
                let first = self.hex4()?;
                let c = if (0xD800..0xDC00).contains(&first) && self.b.get(self.pos..self.pos + 2) == Some(b"\\u") {
                    let save = self.pos;
                    self.pos += 2;
                    let second = self.hex4()?;
                    if (0xDC00..0xE000).contains(&second) {
                        char::from_u32(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))
                    } else {
                        self.pos = save;
                        None
                    }
                } else {
                    char::from_u32(first)
                };
                out.push(c.unwrap_or(char::REPLACEMENT_CHARACTER));
                return Ok(());
            }
            _ => return self.err(),
        };
        self.pos += 1;
        out.push(c);
        Ok(())
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let mut n = 0u32;
        for _ in 0..4 {
            let d = match self.peek() {
                Some(b) => (b as char).to_digit(16),
                None => None,
            };
            match d {
                Some(d) => n = n * 16 + d,
                None => return self.err(),
            }
            self.pos += 1;
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_card_ext() {
        let o = parse_object(
            r#" {"code":"1","timestamp":1404896688,"x":{"a":[1,2,{"b":null}]},"s":"\u4e2d\ud83d\ude00\n"} "#,
        )
        .unwrap();
        assert_eq!(o.get_text("code"), Some("1"));
        assert_eq!(o.get_text("timestamp"), Some("1404896688"));
        let Some(Value::Object(x)) = o.get("x") else { panic!("x is an object") };
        let Some(Value::Array(a)) = x.get("a") else { panic!("x.a is an array") };
        assert_eq!(a.len(), 3);
        assert_eq!(a[2], Value::Object(Object { members: vec![("b".into(), Value::Null)] }));
        assert_eq!(o.get_text("s"), Some("中😀\n"));
    }

    #[test]
    fn refuses_what_is_not_an_object() {
        assert_eq!(parse_object("[object Object]"), Err(JsonError::Syntax(1)));
        assert_eq!(parse_object(r#""{\"a\":1}""#), Err(JsonError::StringNotObject));
        assert_eq!(parse_object("[1]"), Err(JsonError::NotObject));
        assert!(matches!(parse_object("{\"a\":1,}"), Err(JsonError::Syntax(_))));
        assert!(matches!(parse_object("{\"a\":01}"), Err(JsonError::Syntax(_))));
        assert!(matches!(parse_object("{\"a\":\"\u{1}\"}"), Err(JsonError::Syntax(_))));
        assert!(matches!(parse_object("{\"a\":1} x"), Err(JsonError::Syntax(_))));
        assert!(matches!(parse_object(&"[".repeat(100_000)), Err(JsonError::Syntax(_))));
    }

    #[test]
    fn numbers() {
        for ok in ["0", "-1", "12", "1.5", "-0.25e+10", "1E9"] {
            assert!(matches!(parse_value(ok), Ok(Value::Number(_))), "{ok}");
        }
        for bad in ["", "-", "01", "1.", ".5", "1e", "1e+", "NaN", "+1", "0x10"] {
            assert!(!matches!(parse_value(bad), Ok(Value::Number(_))), "{bad}");
        }
    }

    #[test]
    fn writes_what_it_reads() {
        let nasty = "a\"b\\c\n\u{1}\u{2028}中";
        let mut out = String::from("{\"k\":");
        push_string(&mut out, nasty);
        out.push_str(",\"n\":");
        push_string(&mut out, "");
        out.push('}');
        assert_eq!(out, "{\"k\":\"a\\\"b\\\\c\\n\\u0001\\u2028中\",\"n\":\"\"}");
        let o = parse_object(&out).unwrap();
        assert_eq!(o.get_text("k"), Some(nasty));
    }
}
