//! A buffer of generated Rust source (formatted by rustfmt afterwards).

use crate::names::doc_lines;
use std::fmt::Write as _;

/// Generated source text.
#[derive(Debug, Default)]
pub(crate) struct Code(pub(crate) String);

impl Code {
    /// Appends one line.
    pub(crate) fn line(&mut self, text: impl AsRef<str>) {
        self.0.push_str(text.as_ref());
        self.0.push('\n');
    }

    /// Appends `///` lines: a heading line, then the description (if any) as a paragraph.
    pub(crate) fn doc(&mut self, heading: &str, description: Option<&str>) {
        self.doc_with(heading, description, "///");
    }

    /// Appends `//!` lines, like [`Code::doc`].
    pub(crate) fn inner_doc(&mut self, heading: &str, description: Option<&str>) {
        self.doc_with(heading, description, "//!");
    }

    fn doc_with(&mut self, heading: &str, description: Option<&str>, marker: &str) {
        let _ = writeln!(self.0, "{marker} {heading}");
        let body = description.map(doc_lines).unwrap_or_default();
        if !body.is_empty() {
            let _ = writeln!(self.0, "{marker}");
            for l in body {
                if l.is_empty() {
                    let _ = writeln!(self.0, "{marker}");
                } else {
                    let _ = writeln!(self.0, "{marker} {l}");
                }
            }
        }
    }
}

/// A Rust string literal holding `s`.
pub(crate) fn lit(s: &str) -> String {
    format!("{s:?}")
}
