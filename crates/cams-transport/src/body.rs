//! Reading a response body without ever holding more than the cap.

use crate::TransportError;
use bytes::{Bytes, BytesMut};
use http::HeaderMap;

/// The most a transport preallocates from a `Content-Length` it has not yet seen arrive.
const MAX_PREALLOCATION: usize = 64 * 1024;

/// Collects body chunks up to `limit` bytes; one byte more is [`TransportError::body_too_large`].
#[derive(Debug)]
pub(crate) struct CappedBody {
    /// The first chunk, kept as is: most responses arrive in one, and need no copy.
    first: Option<Bytes>,
    buf: BytesMut,
    capacity: usize,
    limit: usize,
}

impl CappedBody {
    /// Checks the announced `Content-Length` against `limit` before any byte is read.
    pub(crate) fn new(headers: &HeaderMap, limit: usize) -> Result<Self, TransportError> {
        let announced = headers
            .get(http::header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok());
        if let Some(len) = announced {
            if len > limit as u64 {
                return Err(TransportError::body_too_large(limit));
            }
        }
        let capacity = announced
            .map_or(0, |len| len as usize)
            .min(MAX_PREALLOCATION);
        Ok(CappedBody {
            first: None,
            buf: BytesMut::new(),
            capacity,
            limit,
        })
    }

    /// Appends one chunk, or fails if the body would exceed the cap.
    #[cfg(test)]
    pub(crate) fn push(&mut self, chunk: &[u8]) -> Result<(), TransportError> {
        self.push_bytes(Bytes::copy_from_slice(chunk))
    }

    /// Appends one chunk (without copying it when it is the first), or fails if the body
    /// would exceed the cap.
    pub(crate) fn push_bytes(&mut self, chunk: Bytes) -> Result<(), TransportError> {
        let held = self.first.as_ref().map_or(0, Bytes::len) + self.buf.len();
        if chunk.len() > self.limit - held {
            return Err(TransportError::body_too_large(self.limit));
        }
        if self.first.is_none() && self.buf.is_empty() {
            self.first = Some(chunk);
            return Ok(());
        }
        if let Some(first) = self.first.take() {
            self.buf
                .reserve(self.capacity.max(first.len() + chunk.len()));
            self.buf.extend_from_slice(&first);
        }
        self.buf.extend_from_slice(&chunk);
        Ok(())
    }

    /// The whole body.
    pub(crate) fn finish(self) -> Bytes {
        match self.first {
            Some(first) => first,
            None => self.buf.freeze(),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::TransportErrorKind;

    #[test]
    fn content_length_over_cap_fails_early() {
        let mut headers = HeaderMap::new();
        headers.insert(
            http::header::CONTENT_LENGTH,
            http::HeaderValue::from_static("2048"),
        );
        let err = CappedBody::new(&headers, 1024).err().map(|e| e.kind());
        assert_eq!(err, Some(TransportErrorKind::BodyTooLarge));
    }

    #[test]
    fn chunks_over_cap_fail() {
        let mut body = CappedBody::new(&HeaderMap::new(), 4).unwrap();
        body.push(b"abc").unwrap();
        body.push(b"d").unwrap();
        assert_eq!(
            body.push(b"e").err().map(|e| e.kind()),
            Some(TransportErrorKind::BodyTooLarge)
        );
    }

    #[test]
    fn exact_cap_is_accepted() {
        let mut body = CappedBody::new(&HeaderMap::new(), 3).unwrap();
        body.push(b"abc").unwrap();
        assert_eq!(body.finish(), Bytes::from_static(b"abc"));
    }
}
