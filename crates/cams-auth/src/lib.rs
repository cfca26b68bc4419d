#![doc = include_str!("../README.md")]
#![cfg_attr(test, allow(clippy::unwrap_used))]

mod canonical;
mod credentials;
mod encode;
mod error;
pub mod inspect;
pub mod mns;
mod nonce;
mod params;
pub mod provider;
mod time;
mod v1;
mod v3;
mod verify;

pub use canonical::{ALGORITHM_V3, CanonicalRequest};
pub use credentials::Credentials;
pub use encode::{
    canonical_path_and_query, canonical_query, canonical_query_into, canonicalize_query,
    decode_query, percent_encode,
};
pub use error::{CredentialsError, Scheme, SignedHeadersError, SigningError, VerifyError};
pub use mns::{MNS_API_VERSION, MNS_SECURITY_TOKEN, MnsVerifyError, SignerMns, X_MNS_VERSION};
pub use nonce::{FixedNonceSource, Nonce, NonceSource, RandomNonceSource};
pub use params::{EMPTY_BODY_SHA256, SigningParams};
pub use provider::{
    EnvironmentCredentialsProvider, ProvideCredentials, SharedCredentialsProvider,
    StaticCredentialsProvider,
};
pub use secrecy::{ExposeSecret, SecretString};
pub use time::{
    FixedTimeSource, SystemTimeSource, TimeSource, TimestampString, format_timestamp,
    parse_timestamp,
};
pub use v1::{SignerV1, V1_COMMON_PARAMS};
pub use v3::{
    SignerV3, X_ACS_ACCESSKEY_ID, X_ACS_ACTION, X_ACS_CONTENT_SHA256, X_ACS_DATE,
    X_ACS_SECURITY_TOKEN, X_ACS_SIGNATURE_NONCE, X_ACS_VERSION,
};
pub use verify::{SecretLookup, Verified, Verifier};
