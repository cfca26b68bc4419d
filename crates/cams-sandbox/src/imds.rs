//! The ECS metadata face: `PUT /latest/api/token`, the role listing and the role's
//! credentials under `/latest/meta-data/ram/security-credentials/`.

use crate::gateway_error::json_response;
use crate::sts::{IdentityFixture, ImdsMode, IssuedKeys};
use bytes::Bytes;
use cams_auth::format_timestamp;
use http::{Method, Request, Response, StatusCode};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

const TOKEN_PATH: &str = "/latest/api/token";
const CREDENTIALS_PATH: &str = "/latest/meta-data/ram/security-credentials/";
const TTL_HEADER: &str = "x-aliyun-ecs-metadata-token-ttl-seconds";
const TOKEN_HEADER: &str = "x-aliyun-ecs-metadata-token";

/// Whether `request` is for the metadata service (its path starts with `/latest/`).
pub(crate) fn is_imds(request: &Request<Bytes>) -> bool {
    request.uri().path().starts_with("/latest/")
}

/// IMDSv2 tokens handed out, with their expiry.
#[derive(Debug, Default)]
pub(crate) struct ImdsTokens(Mutex<HashMap<String, SystemTime>>);

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Answer<'a> {
    code: &'a str,
    access_key_id: &'a str,
    access_key_secret: &'a str,
    security_token: &'a str,
    expiration: &'a str,
    last_updated: &'a str,
}

fn plain(status: StatusCode, text: impl Into<Bytes>) -> Response<Bytes> {
    let mut r = Response::new(text.into());
    *r.status_mut() = status;
    r.headers_mut().insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("text/plain"),
    );
    r
}

/// Answers a metadata request.
pub(crate) fn handle(
    fixture: &IdentityFixture,
    tokens: &ImdsTokens,
    issued: &IssuedKeys,
    request: &Request<Bytes>,
    now: SystemTime,
    request_id: &str,
) -> Response<Bytes> {
    let path = request.uri().path();
    let header = |name: &str| request.headers().get(name).and_then(|v| v.to_str().ok());
    if path == TOKEN_PATH {
        if request.method() != Method::PUT {
            return plain(StatusCode::METHOD_NOT_ALLOWED, "use PUT");
        }
        if fixture.imds_mode == ImdsMode::V1Only {
            return plain(StatusCode::FORBIDDEN, "IMDSv2 is not enabled");
        }
        let ttl = match header(TTL_HEADER).and_then(|v| v.parse::<u64>().ok()) {
            Some(t) if (1..=21_600).contains(&t) => t,
            _ => return plain(StatusCode::BAD_REQUEST, "missing or invalid ttl header"),
        };
        let token: String = (0..40)
            .map(|_| format!("{:x}", rand::random::<u8>() & 0xf))
            .collect();
        if let Ok(mut t) = tokens.0.lock() {
            t.retain(|_, exp| *exp > now);
            t.insert(token.clone(), now + Duration::from_secs(ttl));
        }
        return plain(StatusCode::OK, token);
    }
    if request.method() != Method::GET {
        return plain(StatusCode::METHOD_NOT_ALLOWED, "use GET");
    }
    match header(TOKEN_HEADER) {
        Some(t) => {
            if fixture.imds_mode == ImdsMode::TokenRefusedOnGet {
                return plain(StatusCode::FORBIDDEN, "token not accepted");
            }
            let valid = tokens
                .0
                .lock()
                .map(|m| m.get(t).is_some_and(|exp| *exp > now))
                .unwrap_or(false);
            if !valid {
                return plain(
                    StatusCode::UNAUTHORIZED,
                    "invalid or expired metadata token",
                );
            }
        }
        None if fixture.imds_mode == ImdsMode::V2Only => {
            return plain(StatusCode::UNAUTHORIZED, "a metadata token is required");
        }
        None => {}
    }
    let Some(rest) = path.strip_prefix(CREDENTIALS_PATH) else {
        return plain(StatusCode::NOT_FOUND, "not found");
    };
    let Some(role) = fixture.instance_role.as_deref() else {
        return plain(StatusCode::NOT_FOUND, "no RAM role attached");
    };
    if rest.is_empty() {
        return plain(StatusCode::OK, role.to_owned());
    }
    if rest != role {
        return plain(StatusCode::NOT_FOUND, "not found");
    }
    let i = issued.instance(role, fixture.instance_credentials_seconds, now);
    let exp = format_timestamp(i.expiration);
    let updated = format_timestamp(now);
    json_response(
        StatusCode::OK,
        request_id,
        &Answer {
            code: "Success",
            access_key_id: &i.id,
            access_key_secret: &i.secret,
            security_token: &i.token,
            expiration: exp.as_str(),
            last_updated: updated.as_str(),
        },
    )
}
