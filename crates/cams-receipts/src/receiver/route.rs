//! Which paths the receiver answers, and the type a path gives.

use cams_model::receipts::ReceiptType;

/// The outcome of routing a path.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Route {
    /// Not ours: 404.
    NotFound,
    /// Accepted, with the type the path names, if any.
    Accept(Option<ReceiptType>),
}

/// Without a token every path is accepted, and a last segment naming a type (`status`,
/// `inbound`, `audit`, or `ChatAppStatus`, …) sets the type. With a token, the path must
/// hold the token as a segment followed by nothing or by one type segment (whatever prefix
/// the service is mounted under comes before it): `/receipts/<token>`,
/// `/receipts/<token>/status`.
pub(crate) fn route(path: &str, token: Option<&str>) -> Route {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let Some(token) = token else {
        return Route::Accept(segments.last().and_then(|s| ReceiptType::parse(s)));
    };
    let Some(at) = segments
        .iter()
        .rposition(|s| ct_eq(s.as_bytes(), token.as_bytes()))
    else {
        return Route::NotFound;
    };
    match &segments[at + 1..] {
        [] => Route::Accept(None),
        [kind] => ReceiptType::parse(kind).map_or(Route::NotFound, |t| Route::Accept(Some(t))),
        _ => Route::NotFound,
    }
}

/// Compares without an early exit on the first differing byte.
fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_and_type_segments() {
        let t = Some("s3cr3t");
        assert_eq!(route("/receipts/s3cr3t", t), Route::Accept(None));
        assert_eq!(route("/receipts/s3cr3t/", t), Route::Accept(None));
        assert_eq!(
            route("/receipts/s3cr3t/status", t),
            Route::Accept(Some(ReceiptType::Status))
        );
        assert_eq!(
            route("/receipts/s3cr3t/ChatAppInbound", t),
            Route::Accept(Some(ReceiptType::Inbound))
        );
        assert_eq!(
            route("/s3cr3t/audit", t),
            Route::Accept(Some(ReceiptType::Audit))
        );
        assert_eq!(route("/receipts/s3cr3t/other", t), Route::NotFound);
        assert_eq!(route("/receipts/s3cr3t/status/x", t), Route::NotFound);
        assert_eq!(route("/receipts/wrong/status", t), Route::NotFound);
        assert_eq!(route("/receipts/s3cr3", t), Route::NotFound);
        assert_eq!(route("/", t), Route::NotFound);
        assert_eq!(route("/anything/at/all", None), Route::Accept(None));
        assert_eq!(
            route("/hook/inbound", None),
            Route::Accept(Some(ReceiptType::Inbound))
        );
    }
}
