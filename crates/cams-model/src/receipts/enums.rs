//! The open enums of the receipts: every documented value has an arm, anything else is kept
//! in `Other` exactly as received. Known values are recognised without regard to ASCII case
//! and are written back in their documented spelling.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        $name:ident { $( $(#[$vmeta:meta])* $variant:ident => $wire:literal $(| $alias:literal)* ),+ $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value the documentation does not list, kept as received.
            Other(String),
        }

        impl $name {
            /// Reads a wire value; unknown values become `Other`.
            pub fn from_wire(value: &str) -> Self {
                $(
                    if value.eq_ignore_ascii_case($wire) $(|| value.eq_ignore_ascii_case($alias))* {
                        return $name::$variant;
                    }
                )+
                $name::Other(value.to_owned())
            }

            /// The documented wire spelling (or the received one for `Other`).
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $wire, )+
                    $name::Other(s) => s,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                $name::from_wire(value)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = std::borrow::Cow::<'de, str>::deserialize(d)?;
                Ok($name::from_wire(&s))
            }
        }
    };
}

open_enum! {
    /// `Status` of a `ChatAppStatus` receipt: `Sent → Delivered → Read`, or `Failed` (terminal).
    Status {
        /// The message left CAMS for the channel.
        Sent => "Sent",
        /// The message reached the user's device.
        Delivered => "Delivered",
        /// The user read the message.
        Read => "Read",
        /// Delivery failed; `ErrorCode`/`ErrorDescription` say why.
        Failed => "Failed",
        /// Listed by the docs; WhatsApp never sends it.
        Deleted => "Deleted",
        /// The user unblocked the business (Viber only; lower-case on the wire).
        Subscribe => "subscribe",
        /// The user blocked the business (Viber only; lower-case on the wire).
        Unsubscribe => "unsubscribe",
    }
}

impl Status {
    /// Rank along `Sent → Delivered → Read` for monotonic application (`Failed` and the
    /// others are `None`): never downgrade a `Read` to `Delivered`.
    pub fn progress(&self) -> Option<u8> {
        match self {
            Status::Sent => Some(1),
            Status::Delivered => Some(2),
            Status::Read => Some(3),
            _ => None,
        }
    }
}

open_enum! {
    /// `AuditStatus` of a template review (`ChatAppAudit`). The one-off doc spelling `Audit`
    /// is read as `auditing`.
    AuditStatus {
        /// Approved.
        Pass => "pass",
        /// Rejected; `Reason` says why.
        Fail => "fail",
        /// Under review.
        Auditing => "auditing" | "Audit",
        /// Not yet reviewed.
        Unaudit => "unaudit",
        /// Disabled.
        Disabled => "disabled",
        /// Paused.
        Paused => "paused",
    }
}

open_enum! {
    /// `Type` of a V2 `ChatAppAudit` event (ISV).
    AuditEventType {
        /// A template's status changed (the V1 fields describe it).
        Template => "template",
        /// Review of a phone number's display name.
        PhoneNameUpdate => "phoneNameUpdate",
        /// A phone number's quality changed (`GREEN`, `YELLOW`, `RED`, `UNKNOWN`).
        PhoneQualityUpdate => "phoneQualityUpdate",
        /// Review of a WABA.
        WabaReviewUpdate => "wabaReviewUpdate",
        /// An event on a WABA account.
        WabaAccountUpdate => "wabaAccountUpdate",
        /// A template's category changed.
        TemplateCategoryUpdate => "templateCategoryUpdate",
        /// A template's quality changed.
        TemplateQualityUpdate => "templateQualityUpdate",
    }
}

open_enum! {
    /// `MsgFrameType` of a status receipt.
    MsgFrameType {
        /// A free-form message (within 24 h of the user's last message).
        Message => "message",
        /// An approved template.
        Template => "template",
    }
}

open_enum! {
    /// `ConversationType` of a status receipt.
    ConversationType {
        /// User-initiated.
        Service => "service",
        /// Utility template.
        Utility => "utility",
        /// Marketing template.
        Marketing => "marketing",
        /// Authentication template.
        Authentication => "authentication",
    }
}
