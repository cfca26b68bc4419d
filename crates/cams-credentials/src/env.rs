//! Where providers read environment variables and the home directory from.

use std::collections::HashMap;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

/// The environment a provider reads: the process environment, or a fixed map (tests, or a
/// program that wants to decide itself what the chain sees).
///
/// Empty values count as unset, as in the official libraries.
#[derive(Clone, Default)]
pub struct Env {
    vars: Option<Arc<HashMap<String, String>>>,
}

impl Env {
    /// The process environment, read at each lookup.
    pub fn process() -> Env {
        Env { vars: None }
    }

    /// A fixed set of variables; nothing else is visible (not even the process's `HOME`).
    pub fn from_vars<K, V>(vars: impl IntoIterator<Item = (K, V)>) -> Env
    where
        K: Into<String>,
        V: Into<String>,
    {
        Env {
            vars: Some(Arc::new(
                vars.into_iter()
                    .map(|(k, v)| (k.into(), v.into()))
                    .collect(),
            )),
        }
    }

    /// The value of `name`, when set and not empty.
    pub fn get(&self, name: &str) -> Option<String> {
        let value = match &self.vars {
            Some(map) => map.get(name).cloned(),
            None => std::env::var(name).ok(),
        };
        value.filter(|v| !v.is_empty())
    }

    /// Whether `name` is set to `true` (any case).
    pub fn is_true(&self, name: &str) -> bool {
        self.get(name)
            .is_some_and(|v| v.eq_ignore_ascii_case("true"))
    }

    /// The home directory: `HOME`, else `USERPROFILE` (Windows).
    pub fn home_dir(&self) -> Option<PathBuf> {
        self.get("HOME")
            .or_else(|| self.get("USERPROFILE"))
            .map(PathBuf::from)
    }
}

impl fmt::Debug for Env {
    /// Names only: values may be secrets.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.vars {
            None => f.write_str("Env::process"),
            Some(map) => {
                let mut names: Vec<&str> = map.keys().map(String::as_str).collect();
                names.sort_unstable();
                f.debug_tuple("Env::from_vars").field(&names).finish()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_is_unset_and_debug_shows_names_only() {
        let env = Env::from_vars([("A", "x"), ("B", ""), ("HOME", "/h"), ("T", "TRUE")]);
        assert_eq!(env.get("A").as_deref(), Some("x"));
        assert_eq!(env.get("B"), None);
        assert_eq!(env.get("C"), None);
        assert!(env.is_true("T") && !env.is_true("A"));
        assert_eq!(env.home_dir(), Some(PathBuf::from("/h")));
        let d = format!("{env:?}");
        assert!(d.contains("\"A\"") && !d.contains("/h"), "{d}");
    }
}
