//! `cams.json` beside the `aliyun` CLI's `config.json`: the settings only `cams` knows
//! (`endpoint`, timeouts, retries), keyed by profile name. `aliyun configure set` rewrites
//! `config.json` with the keys it knows and drops the rest, so `cams` keeps its own there.

use crate::error::CliError;
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};

/// The profile keys `cams` keeps in its own file, never in `config.json`.
pub(crate) const CAMS_KEYS: [&str; 4] =
    ["endpoint", "connect_timeout", "read_timeout", "retry_count"];

/// `{"profiles": {"<name>": {"endpoint": "...", ...}}}`.
#[derive(Debug, Clone, Default)]
pub(crate) struct CamsFile {
    profiles: Map<String, Value>,
}

/// The file's path: `cams.json` in the config file's directory.
pub(crate) fn path_beside(config: &Path) -> PathBuf {
    config.with_file_name("cams.json")
}

impl CamsFile {
    /// Reads the file; a missing one is empty, a broken one is an error naming it.
    pub(crate) fn load(path: &Path) -> Result<CamsFile, CliError> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(CamsFile::default()),
            Err(e) => {
                return Err(CliError::failure(format!(
                    "cannot read {}: {e}",
                    path.display()
                )));
            }
        };
        let value: Value = serde_json::from_str(&text).map_err(|e| {
            CliError::usage(format!(
                "--config-path: {} is not valid JSON: {e}",
                path.display()
            ))
        })?;
        let profiles = match value.get("profiles") {
            Some(Value::Object(p)) => p.clone(),
            _ => Map::new(),
        };
        Ok(CamsFile { profiles })
    }

    /// Writes the file (owner-only, like `config.json`).
    pub(crate) fn save(&self, path: &Path) -> Result<(), CliError> {
        let doc = serde_json::json!({ "profiles": self.profiles });
        let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
        text.push('\n');
        let write = || -> std::io::Result<()> {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)?;
            }
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create(true).truncate(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                options.mode(0o600);
            }
            std::io::Write::write_all(&mut options.open(path)?, text.as_bytes())
        };
        write().map_err(|e| CliError::failure(format!("cannot write {}: {e}", path.display())))
    }

    /// Profile `name`'s setting `key`.
    pub(crate) fn get(&self, name: &str, key: &str) -> Option<&Value> {
        self.profiles.get(name)?.get(key)
    }

    /// Sets profile `name`'s setting `key`.
    pub(crate) fn set(&mut self, name: &str, key: &str, value: Value) {
        let entry = self
            .profiles
            .entry(name.to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(map) = entry {
            map.insert(key.to_owned(), value);
        }
    }
}

/// Moves the `cams`-only keys of `profile` out of `config.json`'s profile into `file`
/// (a profile written by an older `cams` keeps its endpoint).
pub(crate) fn take_cams_keys(
    profile: &mut cams_credentials::cli_config::Profile,
    file: &mut CamsFile,
) {
    for key in CAMS_KEYS {
        if let Some(value) = profile.extra.remove(key) {
            if file.get(&profile.name, key).is_none() {
                file.set(&profile.name, key, value);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_are_kept_per_profile_and_moved_out_of_the_profile() {
        let mut file = CamsFile::default();
        let mut profile = cams_credentials::cli_config::Profile::new("p", "AK");
        profile
            .extra
            .insert("endpoint".into(), Value::from("http://127.0.0.1:1"));
        profile.extra.insert("future".into(), Value::from(1));
        take_cams_keys(&mut profile, &mut file);
        assert_eq!(
            file.get("p", "endpoint"),
            Some(&Value::from("http://127.0.0.1:1"))
        );
        assert!(!profile.extra.contains_key("endpoint"));
        assert!(profile.extra.contains_key("future"));
        assert_eq!(file.get("q", "endpoint"), None);
    }
}
