//! Pieces shared by the chat-group operations: [`ChannelType`], [`Page`], and the macros
//! that declare a request (with the common fields every chat-group request has) and a
//! response (with the common fields every CAMS response has).

use serde::{Deserialize, Deserializer};
use std::fmt::{self, Write as _};

/// The messaging channel of a chat group. Only WhatsApp exists today; any other
/// value is kept and sent as given, since the service may add channels.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ChannelType {
    /// WhatsApp, sent as `WHATSAPP`.
    WhatsApp,
    /// A value this SDK does not know, sent verbatim.
    Other(String),
}

impl ChannelType {
    /// The wire value.
    pub fn as_str(&self) -> &str {
        match self {
            ChannelType::WhatsApp => "WHATSAPP",
            ChannelType::Other(s) => s,
        }
    }
}

impl From<&str> for ChannelType {
    fn from(s: &str) -> Self {
        match s {
            "WHATSAPP" => ChannelType::WhatsApp,
            other => ChannelType::Other(other.to_owned()),
        }
    }
}

impl From<String> for ChannelType {
    fn from(s: String) -> Self {
        if s == "WHATSAPP" {
            ChannelType::WhatsApp
        } else {
            ChannelType::Other(s)
        }
    }
}

impl fmt::Display for ChannelType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which page to return: `Index` is 1-based, `Size` is the number of items per page.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Page {
    /// `Page.Index`, 1-based.
    pub index: Option<i64>,
    /// `Page.Size`.
    pub size: Option<i64>,
}

impl Page {
    /// A page with both fields set.
    pub fn new(index: i64, size: i64) -> Self {
        Page {
            index: Some(index),
            size: Some(size),
        }
    }

    /// The compact JSON the official SDK sends: keys in `Index`, `Size` order, only the set ones.
    ///
    /// ```
    /// use cams_model::Page;
    /// assert_eq!(Page::new(1, 20).to_json(), r#"{"Index":1,"Size":20}"#);
    /// assert_eq!(Page::default().to_json(), "{}");
    /// ```
    pub fn to_json(&self) -> String {
        let mut out = String::with_capacity(24);
        out.push('{');
        if let Some(i) = self.index {
            let _ = write!(out, "\"Index\":{i}");
        }
        if let Some(s) = self.size {
            if self.index.is_some() {
                out.push(',');
            }
            let _ = write!(out, "\"Size\":{s}");
        }
        out.push('}');
        out
    }
}

/// Deserializes a list that may be missing (with `#[serde(default)]`) or `null` as empty.
pub(crate) fn null_as_empty<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    d.deserialize_option(ListVisitor(std::marker::PhantomData))
}

/// Reads a JSON list (or `null`) into a `Vec` sized for a whole default page at once: serde's
/// own `Vec` starts empty when the length is unknown (always, for JSON) and reallocates four
/// times on the way to 20 members.
struct ListVisitor<T>(std::marker::PhantomData<T>);

/// The service's default page size: the usual length of a list.
const USUAL_LIST_LEN: usize = 20;

impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for ListVisitor<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a list or null")
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_seq(self)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(USUAL_LIST_LEN).min(1024));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(items)
    }
}

/// Builder setters for optional string fields: `name(value)` sets, `set_name(Option)` sets or clears.
macro_rules! string_setters {
    ($($(#[$doc:meta])* $name:ident, $set:ident;)*) => {$(
        $(#[$doc])*
        pub fn $name(mut self, value: impl Into<String>) -> Self {
            self.inner.$name = Some(value.into());
            self
        }
        /// Sets or clears the field.
        pub fn $set(mut self, value: Option<String>) -> Self {
            self.inner.$name = value;
            self
        }
    )*};
}

/// Declares a chat-group request struct and its builder.
///
/// The struct gets the fields every chat-group request has (`BusinessNumber`, `CustSpaceId`,
/// `ChannelType` and the hidden `OwnerId`/`ResourceOwnerAccount`/`ResourceOwnerId`) plus the
/// operation's own fields given here; the builder gets `builder()`, `build()` and setters for
/// the common fields. Setters for the operation's own fields, `validate` and `to_params` are
/// written by hand next to the invocation, so the rules and the wire form stay visible.
macro_rules! chat_group_request {
    (
        $(#[$meta:meta])*
        pub struct $req:ident, builder $builder:ident {
            $( $(#[$fmeta:meta])* pub $field:ident : $fty:ty, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq, Eq)]
        #[non_exhaustive]
        pub struct $req {
            /// `BusinessNumber` (required): the business phone number.
            pub business_number: Option<String>,
            /// `CustSpaceId` (required): the ISV sub-customer space ID or instance ID.
            pub cust_space_id: Option<String>,
            $( $(#[$fmeta])* pub $field: $fty, )*
            /// `ChannelType` (optional): `WHATSAPP`.
            pub channel_type: Option<$crate::ChannelType>,
            /// `OwnerId`: a hidden POP common parameter; rarely used.
            pub owner_id: Option<i64>,
            /// `ResourceOwnerAccount`: a hidden POP common parameter; rarely used.
            pub resource_owner_account: Option<String>,
            /// `ResourceOwnerId`: a hidden POP common parameter; rarely used.
            pub resource_owner_id: Option<i64>,
        }

        impl $req {
            /// A builder with nothing set.
            pub fn builder() -> $builder {
                $builder::default()
            }

            /// Checks the common fields around the operation's own rules, in field order:
            /// `BusinessNumber`, `CustSpaceId`, the operation's fields, `ChannelType`.
            fn check(
                &self,
                own: impl FnOnce(&mut $crate::error::Violations),
            ) -> Result<(), $crate::ValidationError> {
                let mut v = $crate::error::Violations::default();
                v.required_str("BusinessNumber", self.business_number.as_deref());
                v.required_str("CustSpaceId", self.cust_space_id.as_deref());
                own(&mut v);
                v.not_empty(
                    "ChannelType",
                    self.channel_type.as_ref().map($crate::ChannelType::as_str),
                );
                v.finish()
            }

            /// The common parameters and the operation's own, in the official model's
            /// `to_map` order (alphabetical).
            fn params<'a>(&'a self, own: impl FnOnce(&mut $crate::Params<'a>)) -> $crate::Params<'a> {
                let mut p = $crate::Params::with_capacity(12);
                p.push_opt("BusinessNumber", self.business_number.as_deref());
                p.push_opt(
                    "ChannelType",
                    self.channel_type.as_ref().map($crate::ChannelType::as_str),
                );
                p.push_opt("CustSpaceId", self.cust_space_id.as_deref());
                p.push_opt("OwnerId", self.owner_id.map(|v| v.to_string()));
                p.push_opt("ResourceOwnerAccount", self.resource_owner_account.as_deref());
                p.push_opt("ResourceOwnerId", self.resource_owner_id.map(|v| v.to_string()));
                own(&mut p);
                p.sort_by_name();
                p
            }
        }

        #[doc = concat!("Builder of [`", stringify!($req), "`]. `build` never fails: validation is a")]
        /// separate step ([`Operation::validate`](crate::Operation::validate)) that the client
        /// runs before sending.
        #[derive(Debug, Clone, Default)]
        pub struct $builder {
            inner: $req,
        }

        impl $builder {
            string_setters! {
                /// Sets `BusinessNumber`.
                business_number, set_business_number;
                /// Sets `CustSpaceId`.
                cust_space_id, set_cust_space_id;
                /// Sets `ResourceOwnerAccount`.
                resource_owner_account, set_resource_owner_account;
            }

            /// Sets `ChannelType` (`ChannelType::WhatsApp`, or any string).
            pub fn channel_type(mut self, value: impl Into<$crate::ChannelType>) -> Self {
                self.inner.channel_type = Some(value.into());
                self
            }

            /// Sets `OwnerId`.
            pub fn owner_id(mut self, value: i64) -> Self {
                self.inner.owner_id = Some(value);
                self
            }

            /// Sets `ResourceOwnerId`.
            pub fn resource_owner_id(mut self, value: i64) -> Self {
                self.inner.resource_owner_id = Some(value);
                self
            }

            /// The request, as set. Never fails; see [`Operation::validate`](crate::Operation::validate).
            pub fn build(self) -> $req {
                self.inner
            }
        }
    };
}

/// Declares a response struct with the fields every CAMS response has (`RequestId`, `Code`,
/// `Message`, `Success`, `AccessDeniedDetail`) plus the operation's own, and implements
/// [`ServiceResponse`](crate::ServiceResponse) for it. Missing fields are `None`, unknown
/// fields are ignored.
macro_rules! chat_group_response {
    (
        $(#[$meta:meta])*
        pub struct $resp:ident {
            $( $(#[$fmeta:meta])* pub $field:ident : $fty:ty, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(default, rename_all = "PascalCase")]
        #[non_exhaustive]
        pub struct $resp {
            /// `RequestId`: quote it to support.
            #[serde(skip_serializing_if = "Option::is_none")]
            pub request_id: Option<String>,
            /// `Code`: `OK` on success.
            #[serde(skip_serializing_if = "Option::is_none")]
            pub code: Option<String>,
            /// `Message`.
            #[serde(skip_serializing_if = "Option::is_none")]
            pub message: Option<String>,
            /// `Success`.
            #[serde(skip_serializing_if = "Option::is_none")]
            pub success: Option<bool>,
            /// `AccessDeniedDetail`: text or object.
            #[serde(skip_serializing_if = "Option::is_none")]
            pub access_denied_detail: Option<$crate::AccessDeniedDetail>,
            $( $(#[$fmeta])* pub $field: $fty, )*
        }

        $crate::impl_service_response!($resp);
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_json_has_only_the_set_keys_in_order() {
        assert_eq!(Page::new(1, 20).to_json(), r#"{"Index":1,"Size":20}"#);
        let size_only = Page {
            index: None,
            size: Some(50),
        };
        assert_eq!(size_only.to_json(), r#"{"Size":50}"#);
        let index_only = Page {
            index: Some(3),
            size: None,
        };
        assert_eq!(index_only.to_json(), r#"{"Index":3}"#);
        assert_eq!(Page::default().to_json(), "{}");
        assert_eq!(
            Page::new(-1, i64::MAX).to_json(),
            r#"{"Index":-1,"Size":9223372036854775807}"#
        );
    }

    #[test]
    fn channel_type_keeps_unknown_values() {
        assert_eq!(ChannelType::from("WHATSAPP"), ChannelType::WhatsApp);
        assert_eq!(
            ChannelType::from(String::from("WHATSAPP")),
            ChannelType::WhatsApp
        );
        assert_eq!(ChannelType::from("TELEGRAM").as_str(), "TELEGRAM");
        assert_eq!(ChannelType::WhatsApp.to_string(), "WHATSAPP");
    }
}
