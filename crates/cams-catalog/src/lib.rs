#![doc = include_str!("../README.md")]
//!
//! The types are written here; the tables are generated from the metadata.

pub mod dynamic;
mod dynamic_table;
mod shapes;
mod table;

pub use cams_model::params::Location;

/// One operation of the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OperationInfo {
    /// The action name (`SendChatappMessage`).
    pub action: &'static str,
    /// The group it belongs to, as `codegen/overrides.json` names it (`Chat groups`,
    /// `Templates`, `Phone numbers`, `WhatsApp Flows`, …).
    pub family: &'static str,
    /// A short description.
    pub description: &'static str,
    /// Whether sending it twice has the effect of once, so it may be retried freely.
    pub idempotent: bool,
    /// How it pages, if it does.
    pub paging: Option<PagingInfo>,
    /// Its request parameters, in the order the official SDK sends them.
    pub params: &'static [ParamInfo],
}

/// One request parameter, or a field of one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParamInfo {
    /// The wire name (`TemplateCode`).
    pub name: &'static str,
    /// Its type.
    pub kind: ParamKind,
    /// Whether it is sent as one compact JSON string.
    pub json: bool,
    /// Whether it is required.
    pub required: bool,
    /// Where it is sent (nested fields have their parameter's).
    pub location: Location,
    /// The metadata's description.
    pub description: &'static str,
    /// The fields of an object, or of the items of a list or the values of a map.
    pub fields: &'static [ParamInfo],
}

/// The type of a parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParamKind {
    /// A string.
    String,
    /// A 32-bit integer.
    Integer,
    /// A 64-bit integer.
    Long,
    /// `true` / `false`.
    Boolean,
    /// An object with fields.
    Object,
    /// A list.
    Array,
    /// A map from strings to values.
    Map,
    /// Any JSON value.
    Any,
}

/// A top-level field of a response body, or a member of an object in one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResponseField {
    /// The wire name (`MessageId`).
    pub name: &'static str,
    /// Its type, members and example.
    pub shape: ResponseShape,
}

/// The type of a value in a response body, with what it holds and the metadata's example.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResponseShape {
    /// Its type.
    pub kind: ParamKind,
    /// The metadata's example, always text whatever the type (`"OK"`, `"true"`, `"20"`).
    pub example: Option<&'static str>,
    /// An object's members, in wire order (empty for other kinds).
    pub fields: &'static [ResponseField],
    /// A list's items.
    pub items: Option<&'static ResponseShape>,
    /// A map's values.
    pub values: Option<&'static ResponseShape>,
}

/// How an operation pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PagingInfo {
    /// How the next page is asked for.
    pub style: PagingStyle,
    /// Where the items are in the response (`["Data", "List"]`).
    pub items_path: &'static [&'static str],
    /// Where the total count is, if the response has one.
    pub total_path: Option<&'static [&'static str]>,
    /// Where the next page's token is, if the response has one.
    pub next_token_path: Option<&'static [&'static str]>,
}

/// The paging parameters of an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PagingStyle {
    /// One JSON parameter `param` with members `index` and `size` (`Page {Index, Size}`).
    PageObject {
        /// The parameter (`Page`).
        param: &'static str,
        /// Its 1-based page number member (`Index`).
        index: &'static str,
        /// Its page size member (`Size`).
        size: &'static str,
    },
    /// Two top-level parameters (`PageNo` + `PageSize`).
    Flat {
        /// The 1-based page number (`PageIndex`, `PageNo`, `PageNumber`).
        index: &'static str,
        /// The page size (`PageSize`).
        size: &'static str,
    },
    /// A cursor from the previous page (`NextToken`, `PageKey`, `After`), and optionally a
    /// page size (`MaxResults`, `Limit`).
    Token {
        /// The token parameter.
        token: &'static str,
        /// The page size parameter, if any.
        max: Option<&'static str>,
    },
}

impl OperationInfo {
    /// The top-level fields of its response body, in wire order, with their shapes.
    pub fn response(&self) -> &'static [ResponseField] {
        shapes::RESPONSES
            .binary_search_by(|(action, _)| action.cmp(&self.action))
            .map_or(&[], |i| shapes::RESPONSES[i].1)
    }
}

/// Every operation, sorted by action.
pub fn operations() -> &'static [OperationInfo] {
    table::OPERATIONS
}

/// The operation named `action`, if the API has it.
pub fn find(action: &str) -> Option<&'static OperationInfo> {
    table::OPERATIONS
        .binary_search_by(|op| op.action.cmp(action))
        .ok()
        .map(|i| &table::OPERATIONS[i])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_sorted_and_complete() {
        let ops = operations();
        assert_eq!(ops.len(), 172);
        assert!(ops.windows(2).all(|w| w[0].action < w[1].action));
        let send = find("SendChatappMessage").map(|o| o.family);
        assert_eq!(send, Some("Messages"));
        assert!(find("NoSuchAction").is_none());
        let list = find("ListChatGroup").and_then(|o| o.paging);
        assert_eq!(list.map(|p| p.items_path), Some(&["Data", "List"][..]));
        let body = find("GetPreValidatePhoneId")
            .map(|o| o.params.iter().all(|p| p.location == Location::Body));
        assert_eq!(body, Some(true));
        assert_eq!(
            operations().iter().filter(|o| o.family == "Other").count(),
            0
        );
    }

    #[test]
    fn every_operation_has_its_response_shape() {
        let actions: Vec<_> = shapes::RESPONSES.iter().map(|(a, _)| *a).collect();
        let expected: Vec<_> = operations().iter().map(|o| o.action).collect();
        assert_eq!(actions, expected);
        assert!(operations().iter().all(|o| !o.response().is_empty()));
        let list = find("ListChatGroup").map(OperationInfo::response);
        let data = list.and_then(|r| r.iter().find(|f| f.name == "Data"));
        let data = data.map(|d| d.shape.fields).unwrap_or_default();
        let items = data.iter().find(|f| f.name == "List");
        assert_eq!(items.map(|f| f.shape.kind), Some(ParamKind::Array));
        let item = items.and_then(|f| f.shape.items).map(|i| i.fields);
        assert!(item.unwrap_or_default().iter().any(|f| f.name == "GroupId"));
        let send = find("SendChatappMessage").map(OperationInfo::response);
        let code = send.and_then(|r| r.iter().find(|f| f.name == "Code"));
        assert_eq!(code.and_then(|c| c.shape.example), Some("OK"));
    }

    #[test]
    fn every_operation_has_its_idempotency() {
        use cams_model::Operation;
        // Reads are retried freely; codes sent to a phone are not, though their names read.
        for op in operations() {
            let read = ["List", "Get", "Query", "Check", "Describe", "Read"]
                .iter()
                .any(|p| op.action.starts_with(p))
                || op.action == "IsvGetAppId";
            let sends_a_code = op.action.ends_with("VerifyCode");
            assert_eq!(op.idempotent, read && !sends_a_code, "{}", op.action);
        }
        assert_eq!(
            find(<cams_model::AddChatGroupRequest as Operation>::ACTION).map(|o| o.idempotent),
            Some(<cams_model::AddChatGroupRequest as Operation>::IDEMPOTENT)
        );
    }
}
