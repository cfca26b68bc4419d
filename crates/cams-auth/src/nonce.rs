//! Signature nonces.

use std::fmt;

use rand::RngCore;

/// Source of per-request nonces. Signers never read the RNG themselves.
pub trait NonceSource: Send + Sync + fmt::Debug {
    /// A fresh nonce.
    fn nonce(&self) -> Nonce;
}

const INLINE: usize = 40;

/// A signature nonce. Strings of up to 40 bytes (a 32-hex random nonce, a UUID) are kept inline,
/// without heap allocation.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Nonce(Repr);

#[derive(Clone, PartialEq, Eq, Hash)]
enum Repr {
    Inline { buf: [u8; INLINE], len: u8 },
    Heap(Box<str>),
}

impl Nonce {
    /// Wraps an arbitrary nonce string.
    pub fn new(s: &str) -> Self {
        if s.len() <= INLINE {
            let mut buf = [0u8; INLINE];
            buf[..s.len()].copy_from_slice(s.as_bytes());
            Nonce(Repr::Inline {
                buf,
                len: s.len() as u8,
            })
        } else {
            Nonce(Repr::Heap(s.into()))
        }
    }

    /// Lower-case hex of 16 bytes (32 characters), inline.
    pub fn from_bytes(bytes: [u8; 16]) -> Self {
        let mut buf = [0u8; INLINE];
        crate::encode::hex_lower(&bytes, &mut buf[..32]);
        Nonce(Repr::Inline { buf, len: 32 })
    }

    /// The nonce text.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            // Inline bytes are always copied from a `&str` or written as ASCII hex.
            Repr::Inline { buf, len } => {
                std::str::from_utf8(&buf[..usize::from(*len)]).unwrap_or("")
            }
            Repr::Heap(s) => s,
        }
    }
}

impl std::str::FromStr for Nonce {
    type Err = std::convert::Infallible;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Nonce::new(s))
    }
}

impl From<&str> for Nonce {
    fn from(s: &str) -> Self {
        Nonce::new(s)
    }
}

impl AsRef<str> for Nonce {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Display for Nonce {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Nonce {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

/// 16 random bytes from rand's thread-local generator (`rand::rng()`), as 32 lower-case hex characters.
#[derive(Debug, Clone, Copy, Default)]
pub struct RandomNonceSource;

impl NonceSource for RandomNonceSource {
    fn nonce(&self) -> Nonce {
        let mut bytes = [0u8; 16];
        rand::rng().fill_bytes(&mut bytes);
        Nonce::from_bytes(bytes)
    }
}

/// Always returns the same nonce (tests, replays).
#[derive(Debug, Clone)]
pub struct FixedNonceSource(Nonce);

impl FixedNonceSource {
    /// A source returning `nonce` every time.
    pub fn new(nonce: impl AsRef<str>) -> Self {
        FixedNonceSource(Nonce::new(nonce.as_ref()))
    }
}

impl NonceSource for FixedNonceSource {
    fn nonce(&self) -> Nonce {
        self.0.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_nonce_is_32_lower_hex_and_differs() {
        let a = RandomNonceSource.nonce();
        let b = RandomNonceSource.nonce();
        for n in [&a, &b] {
            assert_eq!(n.as_str().len(), 32);
            assert!(
                n.as_str()
                    .bytes()
                    .all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(&c))
            );
        }
        assert_ne!(a, b);
    }

    #[test]
    fn arbitrary_nonces() {
        let uuid = "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf";
        assert_eq!(Nonce::new(uuid).as_str(), uuid);
        let long = "x".repeat(100);
        assert_eq!(Nonce::new(&long).as_str(), long);
        assert_eq!(FixedNonceSource::new("abc").nonce().as_str(), "abc");
        assert_eq!(format!("{:?}", Nonce::new("n")), "\"n\"");
    }
}
