//! What the fuzz targets share: turning raw bytes into an HTTP request, and the one dispatch
//! over every response parser.

use bytes::Bytes;

/// The response parsers of every operation in the catalog: the first input byte picks one
/// (modulo the count), the rest is the body. Returns the action parsed for.
pub fn parse_response(selector: u8, body: &[u8]) -> &'static str {
    let ops = cams_catalog::operations();
    let action = ops[usize::from(selector) % ops.len()].action;
    let _ = cams_catalog::dynamic::parse_response(action, body);
    action
}

/// An HTTP request from raw bytes laid out as text: `METHOD URI\n` then `name: value` lines,
/// an empty line, and the body (the seeds are written this way). `None` when the method, the
/// URI or a header is not valid `http` syntax: the `http` crate refuses those before any
/// server code runs.
pub fn request_from_bytes(data: &[u8]) -> Option<http::Request<Bytes>> {
    let split = data
        .windows(2)
        .position(|w| w == b"\n\n")
        .unwrap_or(data.len());
    let head = std::str::from_utf8(&data[..split]).ok()?;
    let body = data.get(split + 2..).unwrap_or_default();
    let mut lines = head.split('\n');
    let (method, uri) = lines.next()?.split_once(' ')?;
    let mut builder = http::Request::builder().method(method).uri(uri);
    for line in lines {
        let (name, value) = line.split_once(':')?;
        builder = builder.header(name.trim(), value.trim_start());
    }
    builder.body(Bytes::copy_from_slice(body)).ok()
}

/// Signs `request` afresh with `credentials` at `time` with `nonce`, in the scheme it came in
/// (V1 when its query has a `Signature`, else V3): the signature headers and parameters it
/// carried are dropped first, and `x-acs-action` / `x-acs-version` are taken from the query's
/// `Action` / `Version` when absent. Whatever else a mutation changed (method, path, query,
/// other headers, body) stays, so that the input reaches the action handlers instead of
/// stopping at `SignatureDoesNotMatch`. `None` when the request cannot be signed (no action
/// anywhere, a header value that is not text); the caller then sends it unsigned.
pub fn resign(
    request: &http::Request<Bytes>,
    credentials: &cams_auth::Credentials,
    time: std::time::SystemTime,
    nonce: &str,
) -> Option<http::Request<Bytes>> {
    use http::header::{AUTHORIZATION, CONTENT_TYPE, HOST, HeaderValue};
    let (mut parts, body) = request.clone().into_parts();
    let query = parts.uri.query().unwrap_or("");
    let params = cams_auth::decode_query(query);
    let v1 = params.iter().any(|(k, _)| k == "Signature");
    for name in [
        AUTHORIZATION.as_str(),
        "x-acs-date",
        "x-acs-signature-nonce",
        "x-acs-content-sha256",
        "x-acs-security-token",
        "x-acs-accesskey-id",
    ] {
        parts.headers.remove(name);
    }
    for (header, param) in [("x-acs-action", "Action"), ("x-acs-version", "Version")] {
        if !parts.headers.contains_key(header) {
            let (_, value) = params.iter().find(|(k, _)| k == param)?;
            parts
                .headers
                .insert(header, HeaderValue::from_str(value).ok()?);
        }
    }
    if !parts.headers.contains_key(HOST) {
        let host = parts
            .uri
            .authority()
            .map_or("cams.sandbox.local", |a| a.as_str());
        parts
            .headers
            .insert(HOST, HeaderValue::from_str(host).ok()?);
    }
    let form = parts
        .headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    let mut signing = cams_auth::SigningParams::new(credentials, time, nonce);
    if form {
        signing = signing.with_form_body(&body);
    } else if !body.is_empty() {
        signing = signing.with_body(&body);
    }
    let signed = if v1 {
        cams_auth::SignerV1::new().sign(&mut parts, &signing)
    } else {
        cams_auth::SignerV3::new().sign(&mut parts, &signing)
    };
    signed.ok()?;
    Some(http::Request::from_parts(parts, body))
}

/// The seeds' clock (the official-SDK captures they come from).
pub fn seeds_now() -> std::time::SystemTime {
    std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_795_783_518)
}

/// The key of the seeds.
pub fn seeds_credentials() -> cams_auth::Credentials {
    cams_auth::Credentials::new("testAccessKeyId", "testAccessKeySecret")
}

/// A fresh engine over the demo fixture plus the seeds' key, on the seeds' clock: its groups
/// as the fixture has them and no nonce seen yet.
pub fn seeds_engine() -> cams_sandbox::Engine {
    static FIXTURE: std::sync::OnceLock<cams_sandbox::Fixture> = std::sync::OnceLock::new();
    let fixture = FIXTURE.get_or_init(|| {
        let mut fixture = serde_json::to_value(cams_sandbox::Fixture::demo()).expect("demo");
        fixture["credentials"]
            .as_array_mut()
            .expect("credentials")
            .push(serde_json::json!({
                "access_key_id": "testAccessKeyId",
                "access_key_secret": "testAccessKeySecret"
            }));
        cams_sandbox::Fixture::from_json(&fixture.to_string()).expect("a valid fixture")
    });
    cams_sandbox::Engine::builder(fixture.clone())
        .time_source(cams_auth::FixedTimeSource(seeds_now()))
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether the engine verified the request and dispatched it (the scheme header is on every
    /// answer past the signature and nonce checks, business refusals included), or refused
    /// it for a missing or invalid business parameter, which only a handler does.
    fn reached_a_handler(response: &http::Response<Bytes>) -> bool {
        if response
            .headers()
            .contains_key(cams_sandbox::SIGNATURE_SCHEME)
        {
            return true;
        }
        let body: serde_json::Value = serde_json::from_slice(response.body()).unwrap_or_default();
        let code = body["Code"].as_str().unwrap_or_default();
        code.starts_with("Missing") || code.starts_with("InvalidParameter")
    }

    fn seeds() -> Vec<(String, http::Request<Bytes>)> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/sandbox_engine");
        let mut seeds: Vec<_> = std::fs::read_dir(dir)
            .expect("the seed corpus")
            .map(|e| e.expect("an entry").path())
            .filter_map(|p| {
                let data = std::fs::read(&p).ok()?;
                Some((p.display().to_string(), request_from_bytes(&data)?))
            })
            .collect();
        seeds.sort_by(|a, b| a.0.cmp(&b.0));
        seeds
    }

    #[test]
    fn every_seed_reaches_a_handler_each_time_it_runs() {
        let seeds = seeds();
        assert_eq!(seeds.len(), 24);
        let mut nonce = 0u64;
        for round in 0..2 {
            let engine = seeds_engine();
            for (name, request) in &seeds {
                nonce += 1;
                let signed = resign(
                    request,
                    &seeds_credentials(),
                    seeds_now(),
                    &format!("n{nonce}"),
                )
                .unwrap_or_else(|| panic!("{name}: cannot be signed"));
                let response = engine.handle(signed);
                assert!(
                    reached_a_handler(&response),
                    "{name} (round {round}): {:?}",
                    response.body()
                );
            }
        }
    }

    #[test]
    fn a_mutated_seed_still_reaches_a_handler() {
        for (name, request) in seeds() {
            let (mut parts, body) = request.into_parts();
            // An added parameter and a changed header: the seed's own signature no longer holds.
            let uri = format!("{}&FuzzExtra=1", parts.uri);
            parts.uri = uri.parse().expect("a URI");
            parts
                .headers
                .insert("user-agent", http::HeaderValue::from_static("fuzz"));
            let mutated = http::Request::from_parts(parts, body);
            let signed = resign(&mutated, &seeds_credentials(), seeds_now(), "m1")
                .unwrap_or_else(|| panic!("{name}: cannot be signed"));
            let response = seeds_engine().handle(signed);
            assert!(
                reached_a_handler(&response),
                "{name}: {:?}",
                response.body()
            );
            // Unsigned again, the same input stops at the gateway.
            let response = seeds_engine().handle(mutated);
            assert!(
                !reached_a_handler(&response),
                "{name}: {:?}",
                response.body()
            );
        }
    }
}
