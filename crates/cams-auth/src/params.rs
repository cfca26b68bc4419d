//! What a signature covers besides the request itself.

use std::time::SystemTime;

use crate::Credentials;
use crate::canonical::sha256_hex;
use crate::encode::HexString;

/// Lower-case hex SHA-256 of the empty body.
pub const EMPTY_BODY_SHA256: &str =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// Who signs, when, with which nonce, over which body: built once per request attempt and
/// given to [`SignerV3`](crate::SignerV3) or [`SignerV1`](crate::SignerV1).
///
/// ```
/// use std::time::SystemTime;
/// let creds = cams_auth::Credentials::new("id", "secret");
/// let params = cams_auth::SigningParams::new(&creds, SystemTime::now(), "3d5a4ad1c7e64f2b")
///     .with_form_body(b"PhoneNumber=8613800001234&VerifyCode=123456");
/// assert_eq!(params.payload_sha256().len(), 64);
/// ```
#[derive(Debug, Clone, Copy)]
pub struct SigningParams<'a> {
    pub(crate) credentials: &'a Credentials,
    pub(crate) time: SystemTime,
    pub(crate) nonce: &'a str,
    pub(crate) form_body: Option<&'a [u8]>,
    payload_sha256: Option<HexString<64>>,
}

impl<'a> SigningParams<'a> {
    /// Parameters for a request with an empty body.
    ///
    /// `time` is the current time unless testing (the signer never reads the clock);
    /// `nonce` must be unique within the gateway's replay window (see
    /// [`RandomNonceSource`](crate::RandomNonceSource)).
    pub fn new(credentials: &'a Credentials, time: SystemTime, nonce: &'a str) -> Self {
        SigningParams {
            credentials,
            time,
            nonce,
            form_body: None,
            payload_sha256: None,
        }
    }

    /// The body is `application/x-www-form-urlencoded` (as `GetPreValidatePhoneId` sends):
    /// V3 hashes it into `x-acs-content-sha256`, V1 signs its parameters with the query's.
    /// Either signer sets `content-type` when the request has none.
    pub fn with_form_body(self, body: &'a [u8]) -> Self {
        SigningParams {
            form_body: Some(body),
            payload_sha256: Some(sha256_hex(body)),
            ..self
        }
    }

    /// Any other body: V3 hashes it into `x-acs-content-sha256`; V1 does not sign it.
    pub fn with_body(self, body: &'a [u8]) -> Self {
        SigningParams {
            form_body: None,
            payload_sha256: (!body.is_empty()).then(|| sha256_hex(body)),
            ..self
        }
    }

    /// The credentials that sign.
    pub fn credentials(&self) -> &'a Credentials {
        self.credentials
    }

    /// Lower-case hex SHA-256 of the body (the value of `x-acs-content-sha256`).
    pub fn payload_sha256(&self) -> &str {
        match &self.payload_sha256 {
            Some(h) => h.as_str(),
            None => EMPTY_BODY_SHA256,
        }
    }
}
