//! What the fuzz targets share: turning raw bytes into an HTTP request, and the one dispatch
//! over every response parser.

use bytes::Bytes;
use cams_model::Operation;

/// The response parsers, by index: the first input byte picks one (modulo the count).
///
/// When `cams_model::catalog::operations()` and `cams_model::dynamic::parse_response` exist
/// (all 172 operations), this becomes
/// `let ops = catalog::operations(); dynamic::parse_response(ops[i % ops.len()].action, body)`.
pub fn parse_response(selector: u8, body: &[u8]) -> &'static str {
    fn run<O: Operation>(body: &[u8]) -> &'static str {
        let _ = O::parse_response(body);
        O::ACTION
    }
    match selector % 8 {
        0 => run::<cams_model::AddChatGroupRequest>(body),
        1 => run::<cams_model::AddChatGroupInviteLinkRequest>(body),
        2 => run::<cams_model::DeleteChatGroupRequest>(body),
        3 => run::<cams_model::DeleteChatGroupInviteLinkRequest>(body),
        4 => run::<cams_model::DeleteChatGroupParticipantsRequest>(body),
        5 => run::<cams_model::ListChatGroupRequest>(body),
        6 => run::<cams_model::ListChatGroupParticipantsRequest>(body),
        _ => run::<cams_model::UpdateChatGroupRequest>(body),
    }
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
