//! Any operation behind a trait object, for tools that handle operations by action name (the
//! tables from names to types are in the `cams-catalog` crate).

use crate::{Operation, Params, ValidationError};

/// Any operation, behind a trait object.
pub trait DynOperation: Send + Sync + std::fmt::Debug {
    /// The action name.
    fn action(&self) -> &'static str;
    /// Whether it may be retried freely.
    fn idempotent(&self) -> bool;
    /// Checks the request against the API's rules, reporting every violation.
    fn validate(&self) -> Result<(), ValidationError>;
    /// The request parameters exactly as the official SDK sends them.
    fn to_params(&self) -> Params<'_>;
}

impl<O: Operation + std::fmt::Debug> DynOperation for O {
    fn action(&self) -> &'static str {
        O::ACTION
    }
    fn idempotent(&self) -> bool {
        O::IDEMPOTENT
    }
    fn validate(&self) -> Result<(), ValidationError> {
        Operation::validate(self)
    }
    fn to_params(&self) -> Params<'_> {
        Operation::to_params(self)
    }
}
