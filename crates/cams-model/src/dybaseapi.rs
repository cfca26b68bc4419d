//! `Dybaseapi` 2017-05-25: the Alibaba Cloud Communications base API, of which CAMS needs one
//! call, `QueryTokenForMnsQueue`: the temporary key, secret and STS token that read a receipt
//! queue (`Alicom-Queue-<uid>-ChatAppStatus|ChatAppInbound|ChatAppAudit`).
//!
//! Written by hand after the official SDK's model (`alibabacloud_dybaseapi20170525`): the
//! product is not in the CAMS metadata the generator reads.

use std::fmt;

/// The API version of `Dybaseapi`.
pub const DYBASEAPI_VERSION: &str = "2017-05-25";

/// Request of `QueryTokenForMnsQueue`. Build it with [`QueryTokenForMnsQueueRequest::builder`].
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct QueryTokenForMnsQueueRequest {
    /// `MessageType`: `ChatAppStatus`, `ChatAppInbound` or `ChatAppAudit`. Required.
    pub message_type: Option<String>,
    /// `QueueName`: `Alicom-Queue-<uid>-<MessageType>`. Required.
    pub queue_name: Option<String>,
    /// `OwnerId`.
    pub owner_id: Option<i64>,
    /// `ResourceOwnerAccount`.
    pub resource_owner_account: Option<String>,
    /// `ResourceOwnerId`.
    pub resource_owner_id: Option<i64>,
    owner_id_text: Option<String>,
    resource_owner_id_text: Option<String>,
}

impl QueryTokenForMnsQueueRequest {
    /// A builder with nothing set.
    pub fn builder() -> QueryTokenForMnsQueueRequestBuilder {
        QueryTokenForMnsQueueRequestBuilder::default()
    }
}

/// Builder of [`QueryTokenForMnsQueueRequest`].
#[derive(Debug, Clone, Default)]
pub struct QueryTokenForMnsQueueRequestBuilder {
    inner: QueryTokenForMnsQueueRequest,
}

impl QueryTokenForMnsQueueRequestBuilder {
    /// Sets `MessageType` (`ChatAppStatus`, `ChatAppInbound`, `ChatAppAudit`).
    pub fn message_type(mut self, value: impl Into<String>) -> Self {
        self.inner.message_type = Some(value.into());
        self
    }
    /// Sets `QueueName`.
    pub fn queue_name(mut self, value: impl Into<String>) -> Self {
        self.inner.queue_name = Some(value.into());
        self
    }
    /// Sets `OwnerId`.
    pub fn owner_id(mut self, value: i64) -> Self {
        self.inner.owner_id = Some(value);
        self
    }
    /// Sets `ResourceOwnerAccount`.
    pub fn resource_owner_account(mut self, value: impl Into<String>) -> Self {
        self.inner.resource_owner_account = Some(value.into());
        self
    }
    /// Sets `ResourceOwnerId`.
    pub fn resource_owner_id(mut self, value: i64) -> Self {
        self.inner.resource_owner_id = Some(value);
        self
    }
    /// The request, as set. Validation runs when it is sent.
    pub fn build(mut self) -> QueryTokenForMnsQueueRequest {
        self.inner.owner_id_text = self.inner.owner_id.map(|v| v.to_string());
        self.inner.resource_owner_id_text = self.inner.resource_owner_id.map(|v| v.to_string());
        self.inner
    }
}

impl crate::Operation for QueryTokenForMnsQueueRequest {
    const ACTION: &'static str = "QueryTokenForMnsQueue";
    const VERSION: &'static str = DYBASEAPI_VERSION;
    const RAM_ACTION: &'static str = "dybaseapi:QueryTokenForMnsQueue";
    const IDEMPOTENT: bool = true;
    type Output = QueryTokenForMnsQueueResponse;

    fn validate(&self) -> Result<(), crate::ValidationError> {
        let mut v = crate::error::Violations::default();
        v.required_str("MessageType", self.message_type.as_deref());
        v.required_str("QueueName", self.queue_name.as_deref());
        v.finish()
    }

    fn to_params(&self) -> crate::Params<'_> {
        let mut p = crate::Params::with_capacity(5);
        let q = crate::Location::Query;
        p.push_opt_to(q, "MessageType", self.message_type.as_deref());
        p.push_opt_to(q, "OwnerId", self.owner_id_text.as_deref());
        p.push_opt_to(q, "QueueName", self.queue_name.as_deref());
        p.push_opt_to(
            q,
            "ResourceOwnerAccount",
            self.resource_owner_account.as_deref(),
        );
        p.push_opt_to(q, "ResourceOwnerId", self.resource_owner_id_text.as_deref());
        p
    }
}

/// Response of `QueryTokenForMnsQueue`.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct QueryTokenForMnsQueueResponse {
    /// `Code`: `OK` on success.
    pub code: Option<String>,
    /// `Message`.
    pub message: Option<String>,
    /// `RequestId`.
    pub request_id: Option<String>,
    /// `AccessDeniedDetail`, on a RAM denial.
    pub access_denied_detail: Option<crate::AccessDeniedDetail>,
    /// `MessageTokenDTO`: the token.
    pub message_token_dto: Option<MessageTokenDto>,
}

impl crate::ServiceResponse for QueryTokenForMnsQueueResponse {
    fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
    fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }
    fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }
    fn success(&self) -> Option<bool> {
        None
    }
    fn access_denied_detail(&self) -> Option<&crate::AccessDeniedDetail> {
        self.access_denied_detail.as_ref()
    }
}

/// `MessageTokenDTO`: temporary credentials for one receipt queue. `Debug` hides the secret
/// and the token.
#[derive(Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct MessageTokenDto {
    /// `AccessKeyId` (`STS.…`).
    pub access_key_id: Option<String>,
    /// `AccessKeySecret`.
    pub access_key_secret: Option<String>,
    /// `SecurityToken`: sent to MNS in the `security-token` header.
    pub security_token: Option<String>,
    /// `CreateTime`, `yyyy-MM-dd HH:mm:ss`.
    pub create_time: Option<String>,
    /// `ExpireTime`, `yyyy-MM-dd HH:mm:ss` (see `cams_receipts::mns::TokenCache` for its zone).
    pub expire_time: Option<String>,
}

impl fmt::Debug for MessageTokenDto {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hidden = |o: &Option<String>| o.as_ref().map(|_| "** redacted **");
        f.debug_struct("MessageTokenDto")
            .field("access_key_id", &self.access_key_id)
            .field("access_key_secret", &hidden(&self.access_key_secret))
            .field("security_token", &hidden(&self.security_token))
            .field("create_time", &self.create_time)
            .field("expire_time", &self.expire_time)
            .finish()
    }
}

crate::wire::wire_struct!(QueryTokenForMnsQueueRequest, strict: true, {
    "MessageType" => message_type,
    "QueueName" => queue_name,
    "OwnerId" => owner_id,
    "ResourceOwnerAccount" => resource_owner_account,
    "ResourceOwnerId" => resource_owner_id,
});

crate::wire::wire_struct!(QueryTokenForMnsQueueResponse, strict: false, {
    "Code" => code,
    "Message" => message,
    "RequestId" => request_id,
    "AccessDeniedDetail" => access_denied_detail,
    "MessageTokenDTO" => message_token_dto,
});

crate::wire::wire_struct!(MessageTokenDto, strict: false, {
    "AccessKeyId" => access_key_id,
    "AccessKeySecret" => access_key_secret,
    "SecurityToken" => security_token,
    "CreateTime" => create_time,
    "ExpireTime" => expire_time,
});

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::Operation;

    #[test]
    fn params_validation_and_redaction() {
        let r = QueryTokenForMnsQueueRequest::builder()
            .message_type("ChatAppStatus")
            .queue_name("Alicom-Queue-1-ChatAppStatus")
            .owner_id(7)
            .build();
        assert!(r.validate().is_ok());
        let p: Vec<_> = r
            .to_params()
            .query()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        assert!(p.contains(&("OwnerId".into(), "7".into())));
        assert!(p.contains(&("QueueName".into(), "Alicom-Queue-1-ChatAppStatus".into())));
        let e = QueryTokenForMnsQueueRequest::builder()
            .build()
            .validate()
            .unwrap_err();
        assert!(
            e.has("MessageType", &crate::Rule::Required)
                && e.has("QueueName", &crate::Rule::Required)
        );
        let body = br#"{"Code":"OK","RequestId":"R","MessageTokenDTO":{"AccessKeyId":"STS.a","AccessKeySecret":"sekret","SecurityToken":"tokval","CreateTime":"2026-01-01 00:00:00","ExpireTime":"2026-01-01 08:00:00"}}"#;
        let out = QueryTokenForMnsQueueRequest::parse_response(body).unwrap();
        let d = format!("{out:?}");
        assert!(!d.contains("sekret") && !d.contains("tokval"), "{d}");
        assert_eq!(
            out.message_token_dto.unwrap().expire_time.as_deref(),
            Some("2026-01-01 08:00:00")
        );
    }
}
