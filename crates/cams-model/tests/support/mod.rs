//! Shared by the integration tests: build any chat-group request from API field names
//! (a capture row's `inputs`, or parsed `Params`), and dispatch over the operations.
#![allow(dead_code)]

use cams_model::*;
use serde_json::{Map, Value};

/// API field name → JSON value, as in a capture row's `inputs`.
pub(crate) type Inputs = Map<String, Value>;

fn str_of(name: &str, v: &Value) -> Result<String, String> {
    v.as_str()
        .map(str::to_owned)
        .ok_or_else(|| format!("{name}: expected a string, got {v}"))
}

fn int_of(name: &str, v: &Value) -> Result<i64, String> {
    v.as_i64()
        .ok_or_else(|| format!("{name}: expected an integer, got {v}"))
}

fn page_of(v: &Value) -> Result<Page, String> {
    let obj = v
        .as_object()
        .ok_or_else(|| format!("Page: not an object: {v}"))?;
    let mut page = Page::default();
    for (k, v) in obj {
        match k.as_str() {
            "Index" => page.index = Some(int_of("Page.Index", v)?),
            "Size" => page.size = Some(int_of("Page.Size", v)?),
            other => return Err(format!("unknown field Page.{other}")),
        }
    }
    Ok(page)
}

fn participants_of(v: &Value) -> Result<Vec<ChatGroupParticipant>, String> {
    let items = v
        .as_array()
        .ok_or_else(|| format!("List: not an array: {v}"))?;
    items
        .iter()
        .map(|item| {
            let obj = item
                .as_object()
                .ok_or_else(|| format!("List item: not an object: {item}"))?;
            let mut p = ChatGroupParticipant::default();
            for (k, v) in obj {
                match k.as_str() {
                    "ParticipantNumber" => {
                        p.participant_number = Some(str_of("ParticipantNumber", v)?)
                    }
                    other => return Err(format!("unknown field List.{other}")),
                }
            }
            Ok(p)
        })
        .collect()
}

/// Builds `$req` from `$inputs`: the common chat-group fields are mapped here, the
/// operation's own ones by the given arms; any other field is an error.
macro_rules! from_inputs {
    ($req:ty, $inputs:expr, { $($name:literal => |$b:ident, $v:ident| $e:expr,)* }) => {{
        let mut b = <$req>::builder();
        for (k, v) in $inputs {
            b = match k.as_str() {
                "BusinessNumber" => b.business_number(str_of(k, v)?),
                "CustSpaceId" => b.cust_space_id(str_of(k, v)?),
                "ChannelType" => b.channel_type(str_of(k, v)?),
                "OwnerId" => b.owner_id(int_of(k, v)?),
                "ResourceOwnerAccount" => b.resource_owner_account(str_of(k, v)?),
                "ResourceOwnerId" => b.resource_owner_id(int_of(k, v)?),
                $($name => { let ($b, $v) = (b, v); $e })*
                other => return Err(format!("unknown input field {other}")),
            };
        }
        Ok(b.build())
    }};
}

/// Any of the eight chat-group requests.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum AnyRequest {
    AddChatGroup(AddChatGroupRequest),
    AddChatGroupInviteLink(AddChatGroupInviteLinkRequest),
    ListChatGroup(ListChatGroupRequest),
    ListChatGroupParticipants(ListChatGroupParticipantsRequest),
    UpdateChatGroup(UpdateChatGroupRequest),
    DeleteChatGroup(DeleteChatGroupRequest),
    DeleteChatGroupInviteLink(DeleteChatGroupInviteLinkRequest),
    DeleteChatGroupParticipants(DeleteChatGroupParticipantsRequest),
}

/// Every action the crate implements.
pub(crate) const ACTIONS: [&str; 8] = [
    "AddChatGroup",
    "AddChatGroupInviteLink",
    "ListChatGroup",
    "ListChatGroupParticipants",
    "UpdateChatGroup",
    "DeleteChatGroup",
    "DeleteChatGroupInviteLink",
    "DeleteChatGroupParticipants",
];

/// Builds the request of `action` from API field names; `None` when the crate does not
/// implement `action`, `Some(Err)` on an unknown or mistyped field.
pub(crate) fn build(action: &str, inputs: &Inputs) -> Option<Result<AnyRequest, String>> {
    let r: Result<AnyRequest, String> = match action {
        "AddChatGroup" => (|| {
            from_inputs!(AddChatGroupRequest, inputs, {
                "Subject" => |b, v| b.subject(str_of("Subject", v)?),
                "Description" => |b, v| b.description(str_of("Description", v)?),
                "GroupLink" => |b, v| b.group_link(str_of("GroupLink", v)?),
            })
        })()
        .map(AnyRequest::AddChatGroup),
        "AddChatGroupInviteLink" => (|| {
            from_inputs!(AddChatGroupInviteLinkRequest, inputs, {
                "GroupId" => |b, v| b.group_id(str_of("GroupId", v)?),
            })
        })()
        .map(AnyRequest::AddChatGroupInviteLink),
        "ListChatGroup" => (|| {
            from_inputs!(ListChatGroupRequest, inputs, {
                "Page" => |b, v| b.set_page(Some(page_of(v)?)),
                "Subject" => |b, v| b.subject(str_of("Subject", v)?),
                "GroupLink" => |b, v| b.group_link(str_of("GroupLink", v)?),
                "GroupStatus" => |b, v| b.group_status(str_of("GroupStatus", v)?),
                "GroupType" => |b, v| b.group_type(str_of("GroupType", v)?),
            })
        })()
        .map(AnyRequest::ListChatGroup),
        "ListChatGroupParticipants" => (|| {
            from_inputs!(ListChatGroupParticipantsRequest, inputs, {
                "GroupId" => |b, v| b.group_id(str_of("GroupId", v)?),
                "Page" => |b, v| b.set_page(Some(page_of(v)?)),
            })
        })()
        .map(AnyRequest::ListChatGroupParticipants),
        "UpdateChatGroup" => (|| {
            from_inputs!(UpdateChatGroupRequest, inputs, {
                "GroupId" => |b, v| b.group_id(str_of("GroupId", v)?),
                "Subject" => |b, v| b.subject(str_of("Subject", v)?),
                "Description" => |b, v| b.description(str_of("Description", v)?),
                "ProfilePictureFile" => |b, v| b.profile_picture_file(str_of("ProfilePictureFile", v)?),
            })
        })()
        .map(AnyRequest::UpdateChatGroup),
        "DeleteChatGroup" => (|| {
            from_inputs!(DeleteChatGroupRequest, inputs, {
                "GroupId" => |b, v| b.group_id(str_of("GroupId", v)?),
            })
        })()
        .map(AnyRequest::DeleteChatGroup),
        "DeleteChatGroupInviteLink" => (|| {
            from_inputs!(DeleteChatGroupInviteLinkRequest, inputs, {
                "GroupId" => |b, v| b.group_id(str_of("GroupId", v)?),
            })
        })()
        .map(AnyRequest::DeleteChatGroupInviteLink),
        "DeleteChatGroupParticipants" => (|| {
            from_inputs!(DeleteChatGroupParticipantsRequest, inputs, {
                "GroupId" => |b, v| b.group_id(str_of("GroupId", v)?),
                "List" => |b, v| b.set_list(Some(participants_of(v)?)),
            })
        })()
        .map(AnyRequest::DeleteChatGroupParticipants),
        _ => return None,
    };
    Some(r)
}

/// Turns parameters back into API field names and JSON values: the inverse of `to_params`
/// (integers for `OwnerId`/`ResourceOwnerId`, parsed JSON for `Page`/`List`).
pub(crate) fn params_to_inputs(params: &Params<'_>) -> Result<Inputs, String> {
    let mut out = Inputs::new();
    for (name, value) in params.iter() {
        let v = match name {
            "OwnerId" | "ResourceOwnerId" => Value::from(
                value
                    .parse::<i64>()
                    .map_err(|e| format!("{name}={value}: {e}"))?,
            ),
            "Page" | "List" => {
                serde_json::from_str(value).map_err(|e| format!("{name}={value}: {e}"))?
            }
            _ => Value::from(value),
        };
        if out.insert(name.to_owned(), v).is_some() {
            return Err(format!("{name} sent twice"));
        }
    }
    Ok(out)
}

/// Runs `$body` with `$r` bound to the inner request and `$ty` to its type.
macro_rules! dispatch {
    ($self:expr, |$r:ident : $ty:ident| $body:expr) => {
        match $self {
            AnyRequest::AddChatGroup($r) => {
                type $ty = AddChatGroupRequest;
                $body
            }
            AnyRequest::AddChatGroupInviteLink($r) => {
                type $ty = AddChatGroupInviteLinkRequest;
                $body
            }
            AnyRequest::ListChatGroup($r) => {
                type $ty = ListChatGroupRequest;
                $body
            }
            AnyRequest::ListChatGroupParticipants($r) => {
                type $ty = ListChatGroupParticipantsRequest;
                $body
            }
            AnyRequest::UpdateChatGroup($r) => {
                type $ty = UpdateChatGroupRequest;
                $body
            }
            AnyRequest::DeleteChatGroup($r) => {
                type $ty = DeleteChatGroupRequest;
                $body
            }
            AnyRequest::DeleteChatGroupInviteLink($r) => {
                type $ty = DeleteChatGroupInviteLinkRequest;
                $body
            }
            AnyRequest::DeleteChatGroupParticipants($r) => {
                type $ty = DeleteChatGroupParticipantsRequest;
                $body
            }
        }
    };
}

/// What a parsed response says, for comparing with the JSON it came from.
#[derive(Debug)]
pub(crate) struct Parsed {
    /// The parsed output serialized back to JSON.
    pub(crate) json: Value,
    /// `Code`.
    pub(crate) code: Option<String>,
    /// `Data.Total` and the list length, for the list operations.
    pub(crate) page: Option<(Option<i64>, usize)>,
}

impl AnyRequest {
    pub(crate) fn action(&self) -> &'static str {
        dispatch!(self, |_r: T| <T as Operation>::ACTION)
    }

    pub(crate) fn ram_action(&self) -> &'static str {
        dispatch!(self, |_r: T| <T as Operation>::RAM_ACTION)
    }

    pub(crate) fn validate(&self) -> Result<(), ValidationError> {
        dispatch!(self, |r: T| r.validate())
    }

    pub(crate) fn to_params(&self) -> Params<'_> {
        dispatch!(self, |r: T| r.to_params())
    }

    /// Parses `body` with this operation's `parse_response`.
    pub(crate) fn parse(&self, body: &[u8]) -> Result<Parsed, ParseError> {
        fn page_of<P: Paginated>(out: &P::Output) -> Option<(Option<i64>, usize)> {
            Some((P::total(out), P::item_count(out)))
        }
        match self {
            AnyRequest::ListChatGroup(_) => {
                let out = ListChatGroupRequest::parse_response(body)?;
                Ok(Parsed {
                    json: serde_json::to_value(&out).unwrap(),
                    code: out.code().map(str::to_owned),
                    page: page_of::<ListChatGroupRequest>(&out),
                })
            }
            AnyRequest::ListChatGroupParticipants(_) => {
                let out = ListChatGroupParticipantsRequest::parse_response(body)?;
                Ok(Parsed {
                    json: serde_json::to_value(&out).unwrap(),
                    code: out.code().map(str::to_owned),
                    page: page_of::<ListChatGroupParticipantsRequest>(&out),
                })
            }
            _ => dispatch!(self, |_r: T| {
                let out = T::parse_response(body)?;
                Ok(Parsed {
                    json: serde_json::to_value(&out).unwrap(),
                    code: out.code().map(str::to_owned),
                    page: None,
                })
            }),
        }
    }
}
