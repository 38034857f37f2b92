//! What [`crate::validate_card_json`] answers.

use alloc::string::String;
use alloc::vec::Vec;

use crate::error::ErrorKind;
use crate::severity::Severity;

/// What a card JSON document is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CardDocument {
    /// A `card/create` body: `{"card": {"card_type": ..., "<type>": {...}}}`.
    Create,
    /// A `card/update` body: `{"card_id": ..., "<type>": {...}}`.
    Update,
}

impl CardDocument {
    /// `create` or `update`.
    pub const fn as_str(self) -> &'static str {
        match self {
            CardDocument::Create => "create",
            CardDocument::Update => "update",
        }
    }
}

/// One problem in a card's JSON.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CardProblem {
    /// The rule broken; its [`ErrorKind::code`] is stable.
    pub kind: ErrorKind,
    /// Errors make WeChat refuse the card; warnings are probably mistakes.
    pub severity: Severity,
    /// Where: `card.groupon.base_info.title`, `advanced_info.text_image_list[0].image_url`.
    pub path: String,
    /// The specifics: the limit and what was found, the accepted values, the other field.
    pub detail: String,
    /// The WeChat errcode this problem gets, where the documents say which.
    pub errcode: Option<crate::ErrcodeNumber>,
}

impl CardProblem {
    /// The stable machine code, e.g. `TOO_LONG`.
    pub fn code(&self) -> &'static str {
        self.kind.code()
    }

    /// The rule in one English sentence, without the field's name.
    pub fn message(&self) -> &'static str {
        self.kind.message()
    }
}

impl core::fmt::Display for CardProblem {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let path = if self.path.is_empty() { "(document)" } else { &self.path };
        write!(f, "{} {}: {} {}", self.severity.as_str(), path, self.message(), self.detail)?;
        write!(f, " [{}]", self.code())
    }
}

/// `{severity, path, code, message, detail, errcode}`.
#[cfg(feature = "serde")]
impl serde::Serialize for CardProblem {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut out = s.serialize_struct("CardProblem", 6)?;
        out.serialize_field("severity", &self.severity)?;
        out.serialize_field("path", &self.path)?;
        out.serialize_field("code", self.code())?;
        out.serialize_field("message", self.message())?;
        out.serialize_field("detail", &self.detail)?;
        out.serialize_field("errcode", &self.errcode)?;
        out.end()
    }
}

/// `{ok, document, cardType, problems}`.
#[cfg(feature = "serde")]
impl serde::Serialize for CardReport {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut out = s.serialize_struct("CardReport", 4)?;
        out.serialize_field("ok", &self.is_ok())?;
        out.serialize_field("document", &self.document.map(CardDocument::as_str))?;
        out.serialize_field("cardType", &self.card_type)?;
        out.serialize_field("problems", &self.problems)?;
        out.end()
    }
}

/// Everything [`validate_card_json`](crate::validate_card_json) found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CardReport {
    /// Create or update, when the document says which.
    pub document: Option<CardDocument>,
    /// The card type, upper case (`GROUPON`), when known.
    pub card_type: Option<String>,
    /// Every problem, in document order; the fields missing from an object after its members.
    pub problems: Vec<CardProblem>,
}

impl CardReport {
    /// True when nothing at error level was found: WeChat should accept the document's form.
    pub fn is_ok(&self) -> bool {
        !self.problems.iter().any(|p| p.severity == Severity::Error)
    }

    /// The problems at error level.
    pub fn errors(&self) -> impl Iterator<Item = &CardProblem> {
        self.problems.iter().filter(|p| p.severity == Severity::Error)
    }
}
