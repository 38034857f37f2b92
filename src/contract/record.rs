//! The wasm boundary's encoding: named fields as flat text.
//!
//! A record is `name US value RS name US value RS ...` (US = U+001F, RS = U+001E). A value is
//! text as it is, or GS (U+001D) followed by JSON text: numbers, booleans, null, lists, objects,
//! and any text that holds one of the three separators (escaped as JSON). JavaScript writes a
//! record with string concatenation and reads one with `indexOf`; measured in Node 20 for one
//! card_ext item, that is about a third of `JSON.stringify` + `JSON.parse` (bench/node.mjs).
//! The fields are the same, in the same order, as the JSON of [`ToJson`]: decoding a record gives
//! the object `JSON.parse(to_json())` gives.

use alloc::string::String;
use alloc::vec::Vec;

use super::{Fields, ToJson};
use crate::json::push_string;

/// Ends a name.
pub(crate) const US: char = '\u{1f}';
/// Ends a value.
pub(crate) const RS: char = '\u{1e}';
/// Starts a value written as JSON.
pub(crate) const GS: char = '\u{1d}';

/// Writes a result as a record, after what `out` already holds.
pub(crate) fn write<T: ToJson + ?Sized>(out: &mut String, value: &T) {
    value.write_fields(&mut RecordFields(out));
}

struct RecordFields<'a>(&'a mut String);

impl Fields for RecordFields<'_> {
    fn text(&mut self, name: &str, value: &str) {
        self.0.push_str(name);
        self.0.push(US);
        if memchr::memchr3(GS as u8, RS as u8, US as u8, value.as_bytes()).is_some() {
            self.0.push(GS);
            push_string(self.0, value);
        } else {
            self.0.push_str(value);
        }
        self.0.push(RS);
    }

    fn json(&mut self, name: &str, value: &dyn Fn(&mut String)) {
        self.0.push_str(name);
        self.0.push(US);
        self.0.push(GS);
        value(self.0);
        self.0.push(RS);
    }
}

/// One value of a record as read back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum RecordValue<'a> {
    /// Text as it came.
    Text(&'a str),
    /// Text that had to be escaped, unescaped.
    Unescaped(String),
    /// Any other JSON value, as its JSON text (parsed by whoever reads it).
    Json(&'a str),
}

/// Fields kept on the stack: every export reads fewer.
const INLINE: usize = 12;

/// The fields of a record, in order; a name may repeat (the first one counts).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Record<'a> {
    inline: [(&'a str, RecordValue<'a>); INLINE],
    len: usize,
    more: Vec<(&'a str, RecordValue<'a>)>,
}

impl<'a> Record<'a> {
    /// The fields in order.
    pub(crate) fn fields(&self) -> impl Iterator<Item = &(&'a str, RecordValue<'a>)> {
        self.inline.get(..self.len).unwrap_or_default().iter().chain(&self.more)
    }

    fn push(&mut self, field: (&'a str, RecordValue<'a>)) {
        match self.inline.get_mut(self.len) {
            Some(slot) => {
                *slot = field;
                self.len += 1;
            }
            None => self.more.push(field),
        }
    }

    /// Reads a record. Text after the last RS, or a field without US, is not part of any field
    /// (a writer never makes either).
    pub(crate) fn parse(text: &'a str) -> Self {
        let mut fields = Record { inline: [const { ("", RecordValue::Text("")) }; INLINE], len: 0, more: Vec::new() };
        let mut rest = text;
        while let Some((field, tail)) = crate::text::split_once(rest, RS as u8) {
            rest = tail;
            let Some((name, value)) = crate::text::split_once(field, US as u8) else { continue };
            let value = match value.strip_prefix(GS) {
                Some(json) if json.starts_with('"') => match crate::json::parse_string_only(json) {
                    Some(s) => RecordValue::Unescaped(s),
                    None => RecordValue::Json(json),
                },
                Some(json) => RecordValue::Json(json),
                None => RecordValue::Text(value),
            };
            fields.push((name, value));
        }
        fields
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ToJson;

    struct Sample;

    impl ToJson for Sample {
        fn write_fields(&self, f: &mut dyn Fields) {
            f.text("plain", "a b");
            f.text("tricky", "x\u{1f}y\u{1e}z\u{1d}\"");
            f.json("n", &|out| out.push_str("12"));
        }
    }

    #[test]
    fn writes_and_reads_back() {
        let mut out = String::new();
        write(&mut out, &Sample);
        assert_eq!(
            out,
            "plain\u{1f}a b\u{1e}tricky\u{1f}\u{1d}\"x\\u001fy\\u001ez\\u001d\\\"\"\u{1e}n\u{1f}\u{1d}12\u{1e}"
        );
        let r = Record::parse(&out);
        assert_eq!(
            r.fields().cloned().collect::<Vec<_>>(),
            [
                ("plain", RecordValue::Text("a b")),
                ("tricky", RecordValue::Unescaped("x\u{1f}y\u{1e}z\u{1d}\"".into())),
                ("n", RecordValue::Json("12")),
            ]
        );
        assert_eq!(Sample.to_json(), "{\"plain\":\"a b\",\"tricky\":\"x\\u001fy\\u001ez\\u001d\\\"\",\"n\":12}");
    }

    #[test]
    fn odd_input_is_never_a_field() {
        let fields = |text| Record::parse(text).fields().cloned().collect::<Vec<_>>();
        assert!(fields("").is_empty());
        assert!(fields("no separators").is_empty());
        assert!(fields("name-without-us\u{1e}").is_empty());
        assert_eq!(fields("a\u{1f}\u{1d}\"bad\u{1e}"), [("a", RecordValue::Json("\"bad"))]);
    }

    #[test]
    fn many_fields_spill_to_the_heap_in_order() {
        let text: String = (0..40).map(|i| alloc::format!("f{i}\u{1f}{i}\u{1e}")).collect();
        let r = Record::parse(&text);
        let names: Vec<&str> = r.fields().map(|(n, _)| *n).collect();
        assert_eq!(names.len(), 40);
        assert_eq!(names.first(), Some(&"f0"));
        assert_eq!(names.last(), Some(&"f39"));
    }
}
