//! The errors of this crate.

/// What a handler returns when it could not take a batch: any error type.
pub type HandlerError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// A dedupe store failed (the receipt is then neither acknowledged nor handed over).
#[derive(Debug, thiserror::Error)]
#[error("dedupe store: {message}")]
pub struct StoreError {
    /// What failed, without keys or values.
    pub message: String,
    /// The underlying error.
    #[source]
    pub source: Option<HandlerError>,
}

impl StoreError {
    /// A store error with its cause.
    pub fn new(message: impl Into<String>, source: impl Into<HandlerError>) -> Self {
        StoreError {
            message: message.into(),
            source: Some(source.into()),
        }
    }
}

/// A configuration value that breaks a rule (named, with the rule).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{setting}: {rule}")]
pub struct ConfigError {
    /// The setting, e.g. `ttl`.
    pub setting: &'static str,
    /// The rule it broke.
    pub rule: &'static str,
}
