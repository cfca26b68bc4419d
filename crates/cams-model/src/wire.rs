//! JSON reading and writing for the model's structs, written once: each struct lists its fields
//! in one generated `match` ([`Fields`]) and one list of entries, and these functions do the
//! rest. serde's derives made most of this crate's build time (`docs/benchmarks.md`, build
//! weight); these read and write the same JSON with a fraction of the code per struct.

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::marker::PhantomData;

/// A struct read from a JSON object by its wire-named keys.
pub(crate) trait Fields: Default {
    /// The type's name, for errors.
    const NAME: &'static str;
    /// Every key it knows, for the error on an unknown one.
    const KEYS: &'static [&'static str];
    /// Whether an unknown key is an error (requests) rather than skipped (responses).
    const STRICT: bool;

    /// Reads the value of `key` into its field; `Ok(false)` when `key` is not one of its fields
    /// (the value is then still unread).
    fn read<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<bool, A::Error>;
}

/// Reads a [`Fields`] struct from a JSON object: missing keys keep their default, `null` reads
/// as `None`, unknown keys are skipped or refused as the type says.
pub(crate) fn object<'de, D: Deserializer<'de>, T: Fields>(d: D) -> Result<T, D::Error> {
    d.deserialize_map(ObjectVisitor(PhantomData))
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Fields> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a JSON object ({})", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut out = T::default();
        while let Some(key) = map.next_key_seed(KeySeed::<T>(PhantomData))? {
            let key = key.as_str();
            if !out.read(key, &mut map)? {
                if T::STRICT {
                    return Err(de::Error::unknown_field(key, T::KEYS));
                }
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(out)
    }
}

/// An object key, borrowed from the input when it has no escapes.
enum Key<'de> {
    Borrowed(&'de str),
    Owned(String),
}

impl Key<'_> {
    fn as_str(&self) -> &str {
        match self {
            Key::Borrowed(s) => s,
            Key::Owned(s) => s,
        }
    }
}

/// Reads a key; a strict type refuses an unknown one here, while the key is being read, so
/// that `serde_path_to_error` names it in the path.
struct KeySeed<T>(PhantomData<T>);

impl<'de, T: Fields> DeserializeSeed<'de> for KeySeed<T> {
    type Value = Key<'de>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Key<'de>, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de, T: Fields> Visitor<'de> for KeySeed<T> {
    type Value = Key<'de>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
        known::<T, E>(v)?;
        Ok(Key::Borrowed(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
        known::<T, E>(v)?;
        Ok(Key::Owned(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
        known::<T, E>(&v)?;
        Ok(Key::Owned(v))
    }
}

fn known<T: Fields, E: de::Error>(key: &str) -> Result<(), E> {
    if T::STRICT && !T::KEYS.contains(&key) {
        return Err(E::unknown_field(key, T::KEYS));
    }
    Ok(())
}

/// Reads a list that may be `null` as empty (the fields the SDK always writes).
pub(crate) fn list<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
) -> Result<Vec<T>, A::Error> {
    map.next_value_seed(ListSeed(PhantomData))
}

struct ListSeed<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for ListSeed<T> {
    type Value = Vec<T>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Vec<T>, D::Error> {
        crate::common::null_as_empty(d)
    }
}

/// Writes `key` when `value` is set.
pub(crate) fn opt<M: SerializeMap, T: Serialize>(
    map: &mut M,
    key: &'static str,
    value: &Option<T>,
) -> Result<(), M::Error> {
    match value {
        Some(v) => map.serialize_entry(key, v),
        None => Ok(()),
    }
}

/// `Serialize` (set fields only), `Deserialize` and [`Fields`] for a hand-written struct whose
/// fields are all `Option`s: the same code the generator writes for each generated struct.
macro_rules! wire_struct {
    ($ty:ident, strict: $strict:expr, { $($key:literal => $field:ident),+ $(,)? }) => {
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap as _;
                let mut m = s.serialize_map(None)?;
                $( $crate::wire::opt(&mut m, $key, &self.$field)?; )+
                m.end()
            }
        }

        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                $crate::wire::object(d)
            }
        }

        impl $crate::wire::Fields for $ty {
            const NAME: &'static str = stringify!($ty);
            const KEYS: &'static [&'static str] = &[$($key),+];
            const STRICT: bool = $strict;
            fn read<'de, A: serde::de::MapAccess<'de>>(
                &mut self,
                key: &str,
                map: &mut A,
            ) -> Result<bool, A::Error> {
                match key {
                    $( $key => self.$field = map.next_value()?, )+
                    _ => return Ok(false),
                }
                Ok(true)
            }
        }
    };
}
pub(crate) use wire_struct;

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Default, PartialEq)]
    struct Probe {
        a: Option<String>,
        list: Vec<i64>,
    }

    impl Fields for Probe {
        const NAME: &'static str = "Probe";
        const KEYS: &'static [&'static str] = &["A", "List"];
        const STRICT: bool = true;
        fn read<'de, M: MapAccess<'de>>(
            &mut self,
            key: &str,
            map: &mut M,
        ) -> Result<bool, M::Error> {
            match key {
                "A" => self.a = map.next_value()?,
                "List" => self.list = list(map)?,
                _ => return Ok(false),
            }
            Ok(true)
        }
    }

    fn read(json: &str) -> Result<Probe, String> {
        let mut d = serde_json::Deserializer::from_str(json);
        object::<_, Probe>(&mut d).map_err(|e| e.to_string())
    }

    #[test]
    fn keys_with_escapes_and_nulls_read_like_plain_ones() {
        let p = read(r#"{"\u0041":"x","List":null}"#);
        assert_eq!(
            p,
            Ok(Probe {
                a: Some("x".into()),
                list: vec![]
            })
        );
        assert_eq!(
            read(r#"{"A":null,"List":[1,2]}"#),
            Ok(Probe {
                a: None,
                list: vec![1, 2]
            })
        );
    }

    #[test]
    fn strict_types_name_the_unknown_key_and_wrong_shapes_fail() {
        let e = read(r#"{"B":1}"#).err().unwrap_or_default();
        assert!(e.contains("unknown field `B`") && e.contains("`A`"), "{e}");
        let e = read("[1]").err().unwrap_or_default();
        assert!(e.contains("a JSON object (Probe)"), "{e}");
        assert!(read(r#"{"A":5}"#).is_err());
    }
}
