//! The escape hatch: any action by name, with parameters set by hand, through the same
//! signing, errors, retries and tracing as the typed operations.

use crate::Error;
use crate::client::{Call, Client};
use crate::response::map_response_with;
use bytes::Bytes;
use cams_model::dynamic::DynOperation;
use cams_model::{AccessDeniedDetail, Location, Params, ParseError, ServiceResponse};
use cams_transport::HttpResponse;
use http::HeaderValue;
use serde::Serialize;
use serde_json::Value;

/// A call by action name, for actions newer than this SDK or parameters it does not model.
///
/// ```
/// use cams_api::RawRequest;
///
/// let request = RawRequest::new("SomeNewAction")
///     .param("Key", "value")
///     .json_param("Obj", &serde_json::json!({"A": 1}))
///     .idempotent(true);
/// assert_eq!(request.action(), "SomeNewAction");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawRequest {
    action: String,
    params: Vec<(String, String, Location)>,
    idempotent: bool,
}

impl RawRequest {
    /// A call of `action` with no parameters, not retried once it may have been sent
    /// (see [`idempotent`](Self::idempotent)).
    pub fn new(action: impl Into<String>) -> Self {
        RawRequest {
            action: action.into(),
            params: Vec::new(),
            idempotent: false,
        }
    }

    /// The request a typed operation would send, by name (for instance one built with
    /// `cams_catalog::dynamic::request_from_json`).
    pub fn from_operation(operation: &dyn DynOperation) -> Self {
        RawRequest {
            action: operation.action().to_owned(),
            params: operation
                .to_params()
                .iter_located()
                .map(|(k, v, l)| (k.to_owned(), v.to_owned(), l))
                .collect(),
            idempotent: operation.idempotent(),
        }
    }

    /// Adds a query parameter, sent as given.
    pub fn param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.params
            .push((name.into(), value.into(), Location::Query));
        self
    }

    /// Adds a query parameter sent as one compact JSON string, as the official SDKs send
    /// objects, lists and maps.
    pub fn json_param<T: Serialize + ?Sized>(self, name: impl Into<String>, value: &T) -> Self {
        self.param(name, cams_model::params::to_json(value))
    }

    /// Adds a parameter to the `application/x-www-form-urlencoded` body.
    pub fn body_param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.params
            .push((name.into(), value.into(), Location::Body));
        self
    }

    /// Whether the call may be retried after it may have reached the service (reads may).
    pub fn idempotent(mut self, idempotent: bool) -> Self {
        self.idempotent = idempotent;
        self
    }

    /// The action name.
    pub fn action(&self) -> &str {
        &self.action
    }

    fn to_params(&self) -> Params<'_> {
        let mut p = Params::with_capacity(self.params.len());
        for (k, v, l) in &self.params {
            p.push_to(*l, k.as_str(), v.as_str());
        }
        p
    }
}

/// The answer of a [`RawRequest`]: the JSON body, the bytes it came from, and its `RequestId`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct RawResponse {
    /// The body as JSON.
    pub value: Value,
    /// The body as received.
    pub body: Bytes,
    /// `RequestId` of the body, if any.
    pub request_id: Option<String>,
    access_denied_detail: Option<AccessDeniedDetail>,
}

impl RawResponse {
    fn parse(body: Bytes) -> Result<Self, ParseError> {
        let value: Value =
            serde_json::from_slice(&body).map_err(|e| ParseError::from_json("JSON", &e))?;
        let request_id = value
            .get("RequestId")
            .and_then(Value::as_str)
            .map(str::to_owned);
        let access_denied_detail = match value.get("AccessDeniedDetail") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(AccessDeniedDetail::Text(s.as_str().into())),
            Some(Value::Object(o)) => Some(AccessDeniedDetail::Object(o.clone())),
            Some(other) => Some(AccessDeniedDetail::Other(other.clone())),
        };
        Ok(RawResponse {
            value,
            body,
            request_id,
            access_denied_detail,
        })
    }
}

impl ServiceResponse for RawResponse {
    fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
    fn code(&self) -> Option<&str> {
        self.value.get("Code").and_then(Value::as_str)
    }
    fn message(&self) -> Option<&str> {
        self.value.get("Message").and_then(Value::as_str)
    }
    fn success(&self) -> Option<bool> {
        self.value.get("Success").and_then(Value::as_bool)
    }
    fn access_denied_detail(&self) -> Option<&AccessDeniedDetail> {
        self.access_denied_detail.as_ref()
    }
}

impl Call for RawRequest {
    type Output = RawResponse;
    fn params(&self) -> Result<Params<'_>, cams_model::ValidationError> {
        Ok(self.to_params())
    }
    fn action(&self) -> &str {
        &self.action
    }
    fn action_header(&self) -> Result<HeaderValue, Error> {
        HeaderValue::from_str(&self.action).map_err(|_| {
            Error::from(cams_auth::SigningError::InvalidUri(format!(
                "action {:?} is not a header value",
                self.action
            )))
        })
    }
    fn version(&self) -> Option<&'static str> {
        None
    }
    fn idempotent(&self) -> bool {
        self.idempotent
    }
    fn map(response: HttpResponse) -> Result<RawResponse, Error> {
        let body = response.body().clone();
        map_response_with(response, |_| RawResponse::parse(body))
    }
}

impl Client {
    /// Sends a [`RawRequest`]: signed, retried (when idempotent), traced and mapped to errors
    /// exactly like a typed operation. Nothing is validated: the service checks the parameters.
    pub fn call(
        &self,
        request: RawRequest,
    ) -> impl std::future::Future<Output = Result<RawResponse, Error>> + Send + '_ {
        self.invoke(request, None)
    }
}
