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
