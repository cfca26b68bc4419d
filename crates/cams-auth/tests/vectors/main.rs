//! Golden vectors: captures of the official Python SDK, its fixed vectors and the documented examples.
//!
//! The vectors are `tests/vectors` in the repository; `CAMS_VECTORS_DIR` overrides the folder.
//! Every row of every capture file is checked (V3 or V1); a row that is neither fails.

#![allow(clippy::unwrap_used)]

mod captures;
mod fixed;

use std::collections::HashMap;

use cams_auth::Credentials;
use http::request::Parts;
use serde_json::Value;

pub(crate) fn s(v: &Value) -> &str {
    v.as_str().unwrap_or_else(|| panic!("not a string: {v}"))
}

pub(crate) fn creds(row: &Value, token: &Value) -> Credentials {
    let c = Credentials::new(s(&row["access_key_id"]), s(&row["access_key_secret"]));
    match token.as_str() {
        Some(t) => c.with_security_token(t),
        None => c,
    }
}

pub(crate) fn build(method: &str, target: &str, headers: &[(String, String)]) -> Parts {
    let mut b = http::Request::builder().method(method).uri(target);
    for (k, v) in headers {
        b = b.header(k.as_str(), v.as_str());
    }
    b.body(()).unwrap().into_parts().0
}

pub(crate) fn target(path: &str, query: &str) -> String {
    if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{query}")
    }
}

pub(crate) fn row_headers(row: &Value) -> Vec<(String, String)> {
    row["headers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| (s(&h[0]).to_owned(), s(&h[1]).to_owned()))
        .collect()
}

/// (Credential, SignedHeaders, Signature) of an Authorization value.
pub(crate) fn parse_auth(auth: &str) -> (String, Vec<String>, String) {
    let rest = auth.strip_prefix("ACS3-HMAC-SHA256 ").unwrap();
    let mut f = HashMap::new();
    for kv in rest.split(',') {
        let (k, v) = kv.split_once('=').unwrap();
        f.insert(k, v);
    }
    (
        f["Credential"].to_owned(),
        f["SignedHeaders"].split(';').map(str::to_owned).collect(),
        f["Signature"].to_owned(),
    )
}

pub(crate) fn lookup_for(c: Credentials) -> impl Fn(&str) -> Option<Credentials> + Send + Sync {
    move |id: &str| (id == c.access_key_id()).then(|| c.clone())
}
