//! Signature nonces.

use std::fmt;

use rand::rngs::SmallRng;
use rand::{RngCore, SeedableRng};

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
        buf[..32].copy_from_slice(crate::encode::hex_lower::<32>(&bytes).as_str().as_bytes());
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

/// 16 random bytes as 32 lower-case hex characters, from a small per-thread generator
/// (`rand`'s `SmallRng`) seeded once per thread by the OS (by the clock and the thread, should
/// the OS have no randomness to give).
///
/// A nonce only has to be unique within the gateway's replay window; it guards no secret (the
/// signature does), so a fast non-cryptographic generator with a 256-bit state and a random
/// seed is enough, and costs a few nanoseconds instead of a ChaCha block per request. A process
/// that forks must not sign from the same thread on both sides before the child reseeds (a new
/// thread does).
#[derive(Debug, Clone, Copy, Default)]
pub struct RandomNonceSource;

impl NonceSource for RandomNonceSource {
    fn nonce(&self) -> Nonce {
        thread_local! {
            static RNG: std::cell::RefCell<Option<SmallRng>> = const { std::cell::RefCell::new(None) };
        }
        let mut bytes = [0u8; 16];
        RNG.with_borrow_mut(|rng| {
            rng.get_or_insert_with(seeded).fill_bytes(&mut bytes);
        });
        Nonce::from_bytes(bytes)
    }
}

fn seeded() -> SmallRng {
    SmallRng::try_from_os_rng().unwrap_or_else(|_| {
        use std::hash::{BuildHasher, Hash, Hasher};
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        std::thread::current().id().hash(&mut h);
        std::time::SystemTime::now().hash(&mut h);
        SmallRng::seed_from_u64(h.finish())
    })
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
    fn threads_seed_their_own_generators() {
        // Each thread's generator is seeded from the OS: two threads' first nonces differ, and
        // a thread never repeats one.
        let firsts: Vec<Nonce> = (0..4)
            .map(|_| std::thread::spawn(|| RandomNonceSource.nonce()))
            .map(|h| h.join().unwrap_or_else(|_| Nonce::new("")))
            .collect();
        for (i, a) in firsts.iter().enumerate() {
            assert_eq!(a.as_str().len(), 32);
            assert!(firsts[i + 1..].iter().all(|b| b != a));
        }
        let mut seen = std::collections::HashSet::new();
        assert!((0..10_000).all(|_| seen.insert(RandomNonceSource.nonce())));
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
