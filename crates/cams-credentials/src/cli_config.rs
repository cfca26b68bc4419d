//! The `aliyun` CLI's profile file, `~/.aliyun/config.json`: read, change, write back.
//!
//! Keys this model does not know are kept (in `extra`) and written back unchanged, so a file
//! written by the official CLI survives a round trip. Files are written with mode `0600`.
//!
//! ```
//! use cams_credentials::cli_config::{ConfigFile, Profile};
//!
//! let mut file = ConfigFile::from_json(r#"{"current":"default","profiles":[
//!     {"name":"default","mode":"AK","access_key_id":"id","access_key_secret":"s","region_id":"cn-hangzhou","output_format":"json"}
//! ],"meta_path":""}"#).unwrap();
//! assert_eq!(file.current_profile().unwrap().region_id.as_deref(), Some("cn-hangzhou"));
//! file.upsert_profile(Profile::new("dev", "AK"));
//! assert_eq!(file.profiles.len(), 2);
//! ```

use crate::env::Env;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::fmt;
use std::path::{Path, PathBuf};

/// `ALIBABA_CLOUD_CONFIG_FILE`: another path for the file.
pub const ENV_CONFIG_FILE: &str = "ALIBABA_CLOUD_CONFIG_FILE";

/// The whole file: `{"current": NAME, "profiles": [...], "meta_path": ...}`.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ConfigFile {
    /// The profile used when none is named.
    #[serde(default)]
    pub current: String,
    /// Every profile, in file order.
    #[serde(default)]
    pub profiles: Vec<Profile>,
    /// The CLI's metadata path (kept as is).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta_path: Option<String>,
    /// Keys this model does not know, kept for the next write.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One profile. Empty strings and zeros, which the CLI writes for unused keys, read as unset
/// through the accessor methods; the fields keep exactly what the file had.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    /// The profile name.
    pub name: String,
    /// `AK`, `StsToken`, `RamRoleArn`, `EcsRamRole`, `OIDC`, `ChainableRamRoleArn`,
    /// `CredentialsURI`, `External`, or a mode this crate refuses by name.
    #[serde(default)]
    pub mode: String,
    /// AccessKey id (`AK`, `StsToken`, `RamRoleArn`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_key_id: Option<String>,
    /// AccessKey secret (never printed by `Debug`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_key_secret: Option<String>,
    /// STS token (`StsToken`; never printed by `Debug`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sts_token: Option<String>,
    /// Default region of the profile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region_id: Option<String>,
    /// Region of the STS endpoint (`sts.<region>.aliyuncs.com`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sts_region: Option<String>,
    /// An explicit STS endpoint (host or URL).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sts_endpoint: Option<String>,
    /// Use the VPC STS endpoint (`sts-vpc.<region>.aliyuncs.com`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_vpc: Option<bool>,
    /// Role to assume (`RamRoleArn`, `ChainableRamRoleArn`, `OIDC`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ram_role_arn: Option<String>,
    /// Session name for the assumed role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ram_session_name: Option<String>,
    /// Session duration in seconds (`0` or absent: 3600).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expired_seconds: Option<u64>,
    /// External id of the role assumption.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// Policy narrowing the assumed role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<String>,
    /// Profile whose credentials assume the role (`ChainableRamRoleArn`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_profile: Option<String>,
    /// ECS instance role (`EcsRamRole`; empty: discovered).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ram_role_name: Option<String>,
    /// OIDC provider (`OIDC`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oidc_provider_arn: Option<String>,
    /// OIDC token file (`OIDC`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oidc_token_file: Option<String>,
    /// Credentials URL (`CredentialsURI`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credentials_uri: Option<String>,
    /// Command printing credentials as JSON (`External`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub process_command: Option<String>,
    /// CLI output format (`json`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_format: Option<String>,
    /// CLI language (`en`, `zh`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Keys this model does not know, kept for the next write.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `Some(s)` when `s` is not empty.
fn set(value: &Option<String>) -> Option<&str> {
    value.as_deref().filter(|v| !v.is_empty())
}

impl Profile {
    /// An empty profile with a name and a mode.
    pub fn new(name: impl Into<String>, mode: impl Into<String>) -> Profile {
        Profile {
            name: name.into(),
            mode: mode.into(),
            ..Profile::default()
        }
    }

    /// A field by its file key, when set and not empty (`"access_key_id"`).
    pub fn get(&self, key: &str) -> Option<&str> {
        let v = match key {
            "access_key_id" => &self.access_key_id,
            "access_key_secret" => &self.access_key_secret,
            "sts_token" => &self.sts_token,
            "region_id" => &self.region_id,
            "sts_region" => &self.sts_region,
            "sts_endpoint" => &self.sts_endpoint,
            "ram_role_arn" => &self.ram_role_arn,
            "ram_session_name" => &self.ram_session_name,
            "external_id" => &self.external_id,
            "policy" => &self.policy,
            "source_profile" => &self.source_profile,
            "ram_role_name" => &self.ram_role_name,
            "oidc_provider_arn" => &self.oidc_provider_arn,
            "oidc_token_file" => &self.oidc_token_file,
            "credentials_uri" => &self.credentials_uri,
            "process_command" => &self.process_command,
            "output_format" => &self.output_format,
            "language" => &self.language,
            other => return self.extra.get(other).and_then(Value::as_str),
        };
        set(v)
    }

    /// A required field: its value, or an error naming the profile and the key.
    pub fn require(&self, key: &str) -> Result<&str> {
        self.get(key).ok_or_else(|| {
            Error::invalid(
                format!("profile {:?}: {key}", self.name),
                format!("is required by mode {}", self.mode),
            )
        })
    }

    /// The session duration in seconds, when set to more than zero.
    pub fn duration_seconds(&self) -> Option<u64> {
        self.expired_seconds.filter(|s| *s > 0)
    }
}

impl fmt::Debug for Profile {
    /// Secrets are shown only as set or not.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let redacted = |v: &Option<String>| v.as_ref().map(|_| "** redacted **");
        f.debug_struct("Profile")
            .field("name", &self.name)
            .field("mode", &self.mode)
            .field("access_key_id", &self.access_key_id)
            .field("access_key_secret", &redacted(&self.access_key_secret))
            .field("sts_token", &redacted(&self.sts_token))
            .field("region_id", &self.region_id)
            .field("ram_role_arn", &self.ram_role_arn)
            .field("source_profile", &self.source_profile)
            .field("extra_keys", &self.extra.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for ConfigFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConfigFile")
            .field("current", &self.current)
            .field("profiles", &self.profiles)
            .field("meta_path", &self.meta_path)
            .field("extra_keys", &self.extra.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl ConfigFile {
    /// The file's path: `ALIBABA_CLOUD_CONFIG_FILE`, else `~/.aliyun/config.json`.
    pub fn default_path(env: &Env) -> Option<PathBuf> {
        env.get(ENV_CONFIG_FILE).map(PathBuf::from).or_else(|| {
            env.home_dir()
                .map(|h| h.join(".aliyun").join("config.json"))
        })
    }

    /// Parses the file's text.
    pub fn from_json(text: &str) -> std::result::Result<ConfigFile, serde_json::Error> {
        serde_json::from_str(text)
    }

    /// Reads and parses `path`. A missing file is [`Error::NotConfigured`].
    pub fn load(path: impl AsRef<Path>) -> Result<ConfigFile> {
        let path = path.as_ref();
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(Error::NotConfigured(format!(
                    "{} not found",
                    path.display()
                )));
            }
            Err(e) => return Err(Error::io(path, &e)),
        };
        ConfigFile::from_json(&text).map_err(|e| Error::Parse {
            path: path.to_owned(),
            // serde_json's message names the line and column, never the value.
            message: e.to_string(),
        })
    }

    /// Like [`load`](Self::load), but a missing file is an empty configuration.
    pub fn load_or_default(path: impl AsRef<Path>) -> Result<ConfigFile> {
        match ConfigFile::load(path) {
            Err(Error::NotConfigured(_)) => Ok(ConfigFile::default()),
            other => other,
        }
    }

    /// Writes the file (creating its directory), readable by the owner only (mode `0600`):
    /// to a temporary file next to it, then renamed over it, so a reader never sees half a file.
    pub fn save(&self, path: impl AsRef<Path>) -> Result<()> {
        let path = path.as_ref();
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, &e))?;
        }
        let text = serde_json::to_string_pretty(self).map_err(|e| Error::Parse {
            path: path.to_owned(),
            message: e.to_string(),
        })?;
        let tmp = path.with_extension(format!("json.tmp{}", std::process::id()));
        write_private(&tmp, text.as_bytes()).map_err(|e| Error::io(&tmp, &e))?;
        std::fs::rename(&tmp, path).map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            Error::io(path, &e)
        })
    }

    /// The profile called `name`.
    pub fn profile(&self, name: &str) -> Option<&Profile> {
        self.profiles.iter().find(|p| p.name == name)
    }

    /// The profile called `name`, to change it.
    pub fn profile_mut(&mut self, name: &str) -> Option<&mut Profile> {
        self.profiles.iter_mut().find(|p| p.name == name)
    }

    /// The `current` profile.
    pub fn current_profile(&self) -> Option<&Profile> {
        self.profile(&self.current)
    }

    /// Replaces the profile of the same name, or appends it.
    pub fn upsert_profile(&mut self, profile: Profile) {
        match self.profile_mut(&profile.name) {
            Some(p) => *p = profile,
            None => self.profiles.push(profile),
        }
    }
}

#[cfg(unix)]
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

#[cfg(not(unix))]
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::write(path, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CLI_FILE: &str = r#"{
        "current": "default",
        "profiles": [
            {"name": "default", "mode": "AK", "access_key_id": "id", "access_key_secret": "s3cr3t",
             "sts_token": "", "region_id": "cn-hangzhou", "output_format": "json", "language": "en",
             "expired_seconds": 0, "retry_count": 0, "read_timeout": 0, "cloud_sso_sign_in_url": ""}
        ],
        "meta_path": "",
        "some_future_key": {"a": 1}
    }"#;

    #[test]
    fn unknown_keys_survive_a_round_trip_and_the_file_is_private() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("config.json");
        let mut file = ConfigFile::from_json(CLI_FILE).unwrap();
        let p = file.current_profile().unwrap();
        assert_eq!(p.get("sts_token"), None);
        assert_eq!(p.get("region_id"), Some("cn-hangzhou"));
        assert_eq!(p.duration_seconds(), None);
        file.upsert_profile(Profile {
            region_id: Some("ap-southeast-1".into()),
            ..Profile::new("dev", "StsToken")
        });
        file.save(&path).unwrap();
        let back = ConfigFile::load(&path).unwrap();
        assert_eq!(back, file);
        assert_eq!(back.extra["some_future_key"]["a"], 1);
        assert_eq!(back.profiles[0].extra["retry_count"], 0);
        assert_eq!(back.profiles[0].extra["cloud_sso_sign_in_url"], "");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let d = format!("{back:?}");
        assert!(!d.contains("s3cr3t"), "{d}");
    }

    #[test]
    fn missing_file_is_not_configured_and_bad_json_names_the_place() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nope.json");
        assert!(ConfigFile::load(&missing).unwrap_err().is_not_configured());
        assert_eq!(
            ConfigFile::load_or_default(&missing).unwrap(),
            ConfigFile::default()
        );
        let bad = dir.path().join("bad.json");
        std::fs::write(&bad, "{\"current\": ").unwrap();
        let err = ConfigFile::load(&bad).unwrap_err().to_string();
        assert!(err.contains("bad.json") && err.contains("line 1"), "{err}");
    }

    #[test]
    fn default_path_follows_the_variable_then_home() {
        let env = Env::from_vars([(ENV_CONFIG_FILE, "/x/c.json"), ("HOME", "/h")]);
        assert_eq!(
            ConfigFile::default_path(&env),
            Some(PathBuf::from("/x/c.json"))
        );
        let env = Env::from_vars([("HOME", "/h")]);
        assert_eq!(
            ConfigFile::default_path(&env),
            Some(PathBuf::from("/h/.aliyun/config.json"))
        );
    }
}
