//! The sandbox state on disk: credentials and chat groups, as JSON, checked when loaded.

use crate::SandboxError;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::path::Path;

/// Access key id of the built-in demo fixture.
pub const DEMO_ACCESS_KEY_ID: &str = "sandbox-demo-ak";
/// Access key secret of the built-in demo fixture.
pub const DEMO_ACCESS_KEY_SECRET: &str = "sandbox-demo-secret";
/// STS access key id of the built-in demo fixture (use it with [`DEMO_STS_TOKEN`]).
pub const DEMO_STS_ACCESS_KEY_ID: &str = "sandbox-demo-sts-ak";
/// STS access key secret of the built-in demo fixture.
pub const DEMO_STS_ACCESS_KEY_SECRET: &str = "sandbox-demo-sts-secret";
/// STS security token the demo fixture expects with [`DEMO_STS_ACCESS_KEY_ID`].
pub const DEMO_STS_TOKEN: &str = "sandbox-demo-sts-token";
/// `CustSpaceId` of the demo fixture's main space.
pub const DEMO_CUST_SPACE_ID: &str = "cams-sandbox-1";
/// `BusinessNumber` of the demo fixture's main space.
pub const DEMO_BUSINESS_NUMBER: &str = "8613800001234";
/// `CustSpaceId` of the demo fixture's second space.
pub const DEMO_OTHER_CUST_SPACE_ID: &str = "cams-sandbox-2";
/// `BusinessNumber` of the demo fixture's second space.
pub const DEMO_OTHER_BUSINESS_NUMBER: &str = "8613900005678";

/// One access key the sandbox accepts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FixtureCredential {
    /// The access key id (not empty, unique).
    pub access_key_id: String,
    /// The access key secret (not empty).
    pub access_key_secret: String,
    /// When set, requests with this key must carry exactly this STS token.
    #[serde(default)]
    pub security_token: Option<String>,
}

/// One chat group and its members.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FixtureGroup {
    /// `CustSpaceId` the group belongs to.
    pub cust_space_id: String,
    /// `BusinessNumber` that owns the group.
    pub business_number: String,
    /// `GroupId` (unique within its space).
    pub group_id: String,
    /// Group title.
    #[serde(default)]
    pub subject: String,
    /// Group description.
    #[serde(default)]
    pub description: String,
    /// `GroupStatus`: `ACTIVE`, `INACTIVE`, `SUSPENDED`, `CREATING`, `DELETING` or `UPDATING`.
    #[serde(default = "default_status")]
    pub status: String,
    /// Invite link, if one was created.
    #[serde(default)]
    pub invite_link: Option<String>,
    /// Member phone numbers, in the order the API lists them.
    #[serde(default)]
    pub participants: Vec<String>,
}

fn default_status() -> String {
    "ACTIVE".to_owned()
}

/// The whole sandbox state: who may call, and which groups exist.
///
/// ```
/// let f = cams_sandbox::Fixture::from_json(r#"{
///   "credentials": [{"access_key_id": "ak", "access_key_secret": "sk"}],
///   "groups": [{"cust_space_id": "cams-k1", "business_number": "86138", "group_id": "G1",
///               "participants": ["8613811110001"]}]
/// }"#)?;
/// assert_eq!(f.groups[0].participants.len(), 1);
/// # Ok::<(), cams_sandbox::FixtureError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fixture {
    /// Accepted access keys.
    pub credentials: Vec<FixtureCredential>,
    /// Chat groups, in the order `ListChatGroup` returns them.
    #[serde(default)]
    pub groups: Vec<FixtureGroup>,
    /// Roles, OIDC tokens and lifetimes of the STS and metadata faces (see `src/sts.rs`).
    #[serde(default)]
    pub identity: crate::sts::IdentityFixture,
}

impl Fixture {
    /// Parses and checks a fixture. Syntax errors carry line and column; rule violations name
    /// the place (`groups[2].group_id: duplicate "EA9391234" in space "cams-k1"`).
    pub fn from_json(json: &str) -> Result<Fixture, SandboxError> {
        let fixture: Fixture = serde_json::from_str(json)?;
        fixture.check()?;
        Ok(fixture)
    }

    /// Reads, parses and checks a fixture file.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Fixture, SandboxError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path)
            .map_err(|e| SandboxError::io(format!("reading fixture {}", path.display()), e))?;
        Fixture::from_json(&text)
    }

    /// Checks the rules a parsed fixture must follow.
    pub fn check(&self) -> Result<(), SandboxError> {
        let mut keys = HashSet::new();
        for (i, c) in self.credentials.iter().enumerate() {
            if c.access_key_id.trim().is_empty() {
                return Err(SandboxError::rule(
                    format!("credentials[{i}].access_key_id"),
                    "must not be empty",
                ));
            }
            if c.access_key_secret.is_empty() {
                return Err(SandboxError::rule(
                    format!("credentials[{i}].access_key_secret"),
                    "must not be empty",
                ));
            }
            if c.security_token.as_deref().is_some_and(str::is_empty) {
                return Err(SandboxError::rule(
                    format!("credentials[{i}].security_token"),
                    "must not be empty (use null for none)",
                ));
            }
            if !keys.insert(c.access_key_id.as_str()) {
                return Err(SandboxError::rule(
                    format!("credentials[{i}].access_key_id"),
                    format!("duplicate {:?}", c.access_key_id),
                ));
            }
        }
        let mut groups = HashSet::new();
        for (i, g) in self.groups.iter().enumerate() {
            for (field, value) in [
                ("cust_space_id", &g.cust_space_id),
                ("business_number", &g.business_number),
                ("group_id", &g.group_id),
            ] {
                if value.trim().is_empty() {
                    return Err(SandboxError::rule(
                        format!("groups[{i}].{field}"),
                        "must not be empty",
                    ));
                }
            }
            if !groups.insert((g.cust_space_id.as_str(), g.group_id.as_str())) {
                return Err(SandboxError::rule(
                    format!("groups[{i}].group_id"),
                    format!("duplicate {:?} in space {:?}", g.group_id, g.cust_space_id),
                ));
            }
        }
        Ok(())
    }

    /// The built-in demo fixture (see the crate docs for every id).
    ///
    /// Credentials: [`DEMO_ACCESS_KEY_ID`] / [`DEMO_ACCESS_KEY_SECRET`], and the STS key
    /// [`DEMO_STS_ACCESS_KEY_ID`] / [`DEMO_STS_ACCESS_KEY_SECRET`] with [`DEMO_STS_TOKEN`].
    /// Groups in space [`DEMO_CUST_SPACE_ID`] (business number [`DEMO_BUSINESS_NUMBER`]):
    /// `SBXGRP000` (0 members), `SBXGRP003` (3), `SBXGRP057` (57), `SBXGRP250` (250); in space
    /// [`DEMO_OTHER_CUST_SPACE_ID`] (business number [`DEMO_OTHER_BUSINESS_NUMBER`]): `SBXOTHER05` (5).
    /// Member `i` (1-based) of a group of `n` in the main space is `861380` + `n` (3 digits) + `i`
    /// (4 digits), e.g. `8613800570001`; of the second space, `861390005` + `i` (4 digits).
    pub fn demo() -> Fixture {
        let main = |n: usize, subject: &str| FixtureGroup {
            cust_space_id: DEMO_CUST_SPACE_ID.to_owned(),
            business_number: DEMO_BUSINESS_NUMBER.to_owned(),
            group_id: format!("SBXGRP{n:03}"),
            subject: subject.to_owned(),
            description: format!("Demo group with {n} members"),
            status: default_status(),
            invite_link: (n > 0).then(|| format!("https://chat.whatsapp.com/SBXGRP{n:03}")),
            participants: (1..=n).map(|i| format!("861380{n:03}{i:04}")).collect(),
        };
        Fixture {
            credentials: vec![
                FixtureCredential {
                    access_key_id: DEMO_ACCESS_KEY_ID.to_owned(),
                    access_key_secret: DEMO_ACCESS_KEY_SECRET.to_owned(),
                    security_token: None,
                },
                FixtureCredential {
                    access_key_id: DEMO_STS_ACCESS_KEY_ID.to_owned(),
                    access_key_secret: DEMO_STS_ACCESS_KEY_SECRET.to_owned(),
                    security_token: Some(DEMO_STS_TOKEN.to_owned()),
                },
            ],
            groups: vec![
                main(0, "Empty group"),
                main(3, "Small group"),
                main(57, "Medium group"),
                main(250, "Large group"),
                FixtureGroup {
                    cust_space_id: DEMO_OTHER_CUST_SPACE_ID.to_owned(),
                    business_number: DEMO_OTHER_BUSINESS_NUMBER.to_owned(),
                    group_id: "SBXOTHER05".to_owned(),
                    subject: "Other space".to_owned(),
                    description: "A group owned by a second space".to_owned(),
                    status: default_status(),
                    invite_link: None,
                    participants: (1..=5).map(|i| format!("861390005{i:04}")).collect(),
                },
            ],
            identity: crate::sts::IdentityFixture::demo(),
        }
    }
}
