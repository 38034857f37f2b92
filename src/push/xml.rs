//! A push body's XML, read as WeChat writes it: one root (`<xml>`) whose child elements are the
//! fields, their values in text or CDATA.
//!
//! The reader is roxmltree with its defaults: a DTD is refused (`XML_DTD_REFUSED`), so no
//! entity is ever declared, expanded or fetched; only XML's five predefined entities and
//! character references are read. Bodies over [`MAX_PUSH_BYTES`] are refused before parsing.

use alloc::string::String;
use alloc::vec::Vec;

use crate::error::{Error, ErrorKind};

/// The largest push body read: 64 KB. WeChat's card events are well under 2 KB; an encrypted
/// one is a third larger than its XML.
pub const MAX_PUSH_BYTES: usize = 64 * 1024;

/// The fields of a push: the root element's children, in the order received.
///
/// Every field is kept, known or not: WeChat adds fields to its events over time. A value is
/// the element's text and CDATA with the surrounding white space trimmed (WeChat's documents
/// print `<CardId> <![CDATA[...]]> </CardId>`); an element with child elements (e.g. the
/// `SendPicsInfo` of a menu event) keeps its inner XML as written. A name that appears twice
/// is kept twice (WeChat's own `card_pay_order` example repeats `CreateTime`); [`get`](Self::get)
/// answers the first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PushFields {
    fields: Vec<(String, String)>,
}

impl PushFields {
    /// Parses a push body (or a decrypted safe-mode text).
    ///
    /// ```
    /// use wxcard::push::PushFields;
    ///
    /// let f = PushFields::parse("<xml><ToUserName><![CDATA[gh_1]]></ToUserName><CreateTime>1</CreateTime></xml>")?;
    /// assert_eq!(f.get("ToUserName"), Some("gh_1"));
    /// let e = PushFields::parse(r#"<!DOCTYPE xml [<!ENTITY x "boom">]><xml><A>&x;</A></xml>"#).unwrap_err();
    /// assert_eq!(e.code(), "XML_DTD_REFUSED");
    /// # Ok::<(), wxcard::Error>(())
    /// ```
    pub fn parse(xml: &str) -> Result<Self, Error> {
        if xml.len() > MAX_PUSH_BYTES {
            return Err(Error::new(ErrorKind::BodyTooLarge, "body"));
        }
        let options = roxmltree::ParsingOptions { allow_dtd: false, ..roxmltree::ParsingOptions::default() };
        let doc = roxmltree::Document::parse_with_options(xml, options).map_err(|e| match e {
            roxmltree::Error::DtdDetected => Error::new(ErrorKind::XmlDtdRefused, "body"),
            _ => Error::new(ErrorKind::XmlInvalid, "body"),
        })?;
        let mut fields = Vec::new();
        for node in doc.root_element().children().filter(|n| n.is_element()) {
            fields.push((String::from(node.tag_name().name()), value(xml, node)));
        }
        Ok(PushFields { fields })
    }

    /// The first value of the field `name` (WeChat's name, e.g. `CardId`).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.fields.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// Every value of the field `name`, in order.
    pub fn get_all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.fields.iter().filter(move |(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// The fields as (name, value), in the order received.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.fields.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }

    /// How many fields.
    pub fn len(&self) -> usize {
        self.fields.len()
    }

    /// No field at all.
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }
}

/// An element's value: its text (CDATA included), or its inner XML when it has child elements.
fn value(source: &str, node: roxmltree::Node<'_, '_>) -> String {
    if node.children().any(|c| c.is_element()) {
        let (Some(first), Some(last)) = (node.first_child(), node.last_child()) else {
            return String::new();
        };
        return source.get(first.range().start..last.range().end).map(trim).unwrap_or_default().into();
    }
    let mut text = String::new();
    // Text and CDATA only: a comment's text is no part of the value.
    for t in node.children().filter(|c| c.is_text()).filter_map(|c| c.text()) {
        text.push_str(t);
    }
    match trim(&text) {
        t if t.len() == text.len() => text,
        t => t.into(),
    }
}

/// Without XML white space (space, tab, CR, LF) at either end.
fn trim(s: &str) -> &str {
    s.trim_matches(|c| matches!(c, ' ' | '\t' | '\r' | '\n'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_cdata_nested_and_duplicates() {
        let f = PushFields::parse(
            "<xml>\n <A> <![CDATA[ x ]]> </A><B>1 &amp; 2</B><C><item><D>d</D></item></C><A>second</A><E/></xml>",
        )
        .unwrap();
        assert_eq!(f.get("A"), Some("x"));
        assert_eq!(f.get("B"), Some("1 & 2"));
        assert_eq!(f.get("C"), Some("<item><D>d</D></item>"));
        assert_eq!(f.get_all("A").collect::<Vec<_>>(), ["x", "second"]);
        assert_eq!(f.get("E"), Some(""));
        assert_eq!(f.len(), 5);
    }

    #[test]
    fn refusals() {
        assert_eq!(PushFields::parse("<xml>").unwrap_err().code(), "XML_INVALID");
        assert_eq!(PushFields::parse("").unwrap_err().code(), "XML_INVALID");
        let big = ["<xml><A>", &"a".repeat(MAX_PUSH_BYTES), "</A></xml>"].concat();
        assert_eq!(PushFields::parse(&big).unwrap_err().code(), "BODY_TOO_LARGE");
    }
}
