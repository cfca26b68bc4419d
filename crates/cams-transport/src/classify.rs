//! Telling what happened from the error chain of hyper, reqwest, rustls and the OS.

use crate::{TlsFailure, TransportFailure};
use std::error::Error as StdError;
use std::io;

/// The first failure recognised in the source chain of `e` (through `io::Error` wrappers,
/// whose `source()` skips the error they wrap), if any.
pub(crate) fn classify(e: &(dyn StdError + 'static)) -> Option<TransportFailure> {
    let mut current = Some(e);
    while let Some(err) = current {
        if let Some(found) = recognise(err) {
            return Some(found);
        }
        current = match err.downcast_ref::<io::Error>().and_then(io::Error::get_ref) {
            Some(inner) => Some(inner as &(dyn StdError + 'static)),
            None => err.source(),
        };
    }
    None
}

fn recognise(err: &(dyn StdError + 'static)) -> Option<TransportFailure> {
    if let Some(tls) = err.downcast_ref::<rustls::Error>() {
        return Some(TransportFailure::Tls(tls_failure(tls)));
    }
    if let Some(h) = err.downcast_ref::<hyper::Error>() {
        if h.is_parse() || h.is_parse_status() {
            return Some(TransportFailure::NotHttp);
        }
        if h.is_incomplete_message() {
            return Some(TransportFailure::ClosedBeforeResponse);
        }
    }
    if let Some(io) = err.downcast_ref::<io::Error>() {
        // A custom io::Error wraps a more precise one, looked at next.
        if io.get_ref().is_some() && io.kind() == io::ErrorKind::Other {
            return None;
        }
        return match io.kind() {
            io::ErrorKind::ConnectionRefused => Some(TransportFailure::ConnectionRefused),
            io::ErrorKind::ConnectionReset | io::ErrorKind::ConnectionAborted => {
                Some(TransportFailure::ConnectionReset)
            }
            io::ErrorKind::UnexpectedEof | io::ErrorKind::BrokenPipe => {
                Some(TransportFailure::ClosedBeforeResponse)
            }
            _ => None,
        };
    }
    let text = err.to_string();
    if text.contains("dns error") || text.contains("failed to lookup address") {
        return Some(TransportFailure::Dns);
    }
    None
}

fn tls_failure(e: &rustls::Error) -> TlsFailure {
    use rustls::CertificateError as C;
    match e {
        rustls::Error::InvalidCertificate(c) => match c {
            C::UnknownIssuer => TlsFailure::UnknownIssuer,
            C::Expired
            | C::ExpiredContext { .. }
            | C::NotValidYet
            | C::NotValidYetContext { .. } => TlsFailure::Expired,
            C::NotValidForName | C::NotValidForNameContext { .. } => TlsFailure::WrongHostName,
            _ => TlsFailure::Other,
        },
        _ => TlsFailure::Other,
    }
}
