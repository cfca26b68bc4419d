//! `Debug` helpers that keep personal data out of logs: message text, media URLs, names and
//! whole phone numbers are never printed.

use std::fmt;

use serde_json::{Map, Value};

/// A phone number with all but its last four characters masked (`*********1234`).
pub(crate) struct Phone<'a>(pub(crate) &'a str);

impl fmt::Debug for Phone<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.chars().count();
        let keep = if n > 6 { 4 } else { 0 };
        let tail: String = self.0.chars().skip(n - keep).collect();
        write!(f, "\"{}{}\"", "*".repeat(n - keep), tail)
    }
}

/// An optional phone number, masked.
pub(crate) struct OptPhone<'a>(pub(crate) &'a Option<String>);

impl fmt::Debug for OptPhone<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(p) => write!(f, "Some({:?})", Phone(p)),
            None => f.write_str("None"),
        }
    }
}

/// Text that is only described by its length.
pub(crate) struct Redacted(pub(crate) usize);

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<redacted, {} chars>", self.0)
    }
}

/// Optional text, redacted.
pub(crate) struct OptRedacted<'a>(pub(crate) &'a Option<String>);

impl fmt::Debug for OptRedacted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(s) => write!(f, "Some({:?})", Redacted(s.chars().count())),
            None => f.write_str("None"),
        }
    }
}

/// A map whose keys are shown and whose values are not.
pub(crate) struct Keys<'a>(pub(crate) &'a Map<String, Value>);

impl fmt::Debug for Keys<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.0.keys()).finish()
    }
}

/// A JSON value described by its kind only.
pub(crate) struct Shape<'a>(pub(crate) &'a Value);

impl fmt::Debug for Shape<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Value::Object(m) => write!(f, "<object {:?}>", Keys(m)),
            Value::Array(a) => write!(f, "<array of {}>", a.len()),
            Value::String(s) => write!(f, "{:?}", Redacted(s.chars().count())),
            other => write!(f, "{other}"),
        }
    }
}
