//! The one error type of this crate: a fixture that cannot be loaded, or a server that cannot run.

use std::io;

/// Everything that can go wrong when loading a fixture or running the server.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SandboxError {
    /// The fixture is not valid JSON or does not have the fixture's shape.
    #[error("fixture is not valid: {message} at line {line} column {column}")]
    FixtureSyntax {
        /// serde_json's description of the fault.
        message: String,
        /// 1-based line of the fault.
        line: usize,
        /// 1-based column of the fault.
        column: usize,
    },
    /// The fixture parses but breaks a rule (duplicate id, empty secret, …).
    #[error("{place}: {problem}")]
    FixtureRule {
        /// Where the fault is, e.g. `groups[2].group_id`.
        place: String,
        /// What is wrong there, e.g. `duplicate "EA9391234" in space "cams-k1"`.
        problem: String,
    },
    /// A file could not be read, or a socket could not be used.
    #[error("{context}: {source}")]
    Io {
        /// What was being done (`reading fixture x.json`, `accepting a connection`).
        context: String,
        /// The I/O error.
        #[source]
        source: io::Error,
    },
}

/// The error of [`Fixture::from_json`](crate::Fixture::from_json): the crate's one error type.
pub type FixtureError = SandboxError;

impl SandboxError {
    pub(crate) fn rule(place: impl Into<String>, problem: impl Into<String>) -> Self {
        SandboxError::FixtureRule {
            place: place.into(),
            problem: problem.into(),
        }
    }

    pub(crate) fn io(context: impl Into<String>, source: io::Error) -> Self {
        SandboxError::Io {
            context: context.into(),
            source,
        }
    }
}

impl From<serde_json::Error> for SandboxError {
    fn from(err: serde_json::Error) -> Self {
        let full = err.to_string();
        let message = match full.rfind(" at line ") {
            Some(i) => full[..i].to_owned(),
            None => full,
        };
        SandboxError::FixtureSyntax {
            message,
            line: err.line(),
            column: err.column(),
        }
    }
}
