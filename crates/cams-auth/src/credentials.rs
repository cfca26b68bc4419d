//! Access key credentials.

use std::fmt;
use std::sync::Arc;
use std::time::SystemTime;

use hmac::{Hmac, Mac};
use secrecy::{ExposeSecret, SecretString};
use sha1::Sha1;
use sha2::Sha256;

/// An AccessKey pair, optionally with an STS security token.
///
/// Cloning is cheap (one `Arc`). The secret and the token are held in [`SecretString`]s (zeroized on
/// drop) and `Debug` redacts them. The HMAC keys derived from the secret are prepared once, when the
/// credentials are created, so that signing does not redo the key setup on every request (the
/// prepared HMAC states are secret-equivalent and live in the same `Arc`).
#[derive(Clone)]
pub struct Credentials(Arc<Inner>);

struct Inner {
    access_key_id: String,
    /// Whether the id can go into a header value (`authorization`): checked once here, so a
    /// signer can refuse bad credentials before it changes the request.
    id_fits_header: bool,
    access_key_secret: SecretString,
    security_token: Option<SecretString>,
    v3_key: Option<Hmac<Sha256>>,
    v1_key: Option<Hmac<Sha1>>,
    /// When temporary credentials stop working (`None`: they do not expire).
    expiration: Option<SystemTime>,
    /// The name of the provider that produced them, spelled as the official libraries spell it
    /// (`static_ak`, `env`, `ecs_ram_role`, `default/cli_profile/static_ak`...).
    provider_name: Option<Arc<str>>,
}

impl Credentials {
    /// Long-term AccessKey credentials.
    pub fn new(access_key_id: impl Into<String>, access_key_secret: impl Into<String>) -> Self {
        let secret = SecretString::from(access_key_secret.into());
        Credentials(Arc::new(Inner::new(access_key_id.into(), secret, None)))
    }

    /// The same credentials with an STS security token.
    pub fn with_security_token(self, token: impl Into<String>) -> Self {
        let token = Some(SecretString::from(token.into()));
        self.modify(|inner| inner.security_token = token)
    }

    /// The same credentials, marked as expiring at `expiration` (temporary STS credentials).
    pub fn with_expiration(self, expiration: SystemTime) -> Self {
        self.modify(|inner| inner.expiration = Some(expiration))
    }

    /// The same credentials, naming the provider that produced them (the value of the
    /// `x-acs-credentials-provider` header the official SDKs send).
    pub fn with_provider_name(self, name: impl Into<String>) -> Self {
        let name: Arc<str> = Arc::from(name.into());
        self.modify(|inner| inner.provider_name = Some(name))
    }

    /// When these credentials expire, if they are temporary.
    pub fn expiration(&self) -> Option<SystemTime> {
        self.0.expiration
    }

    /// The name of the provider that produced them, if one was recorded.
    pub fn provider_name(&self) -> Option<&str> {
        self.0.provider_name.as_deref()
    }

    /// Changes one field, in place when this is the only handle, else on a copy (the prepared
    /// HMAC keys are cloned, not derived again).
    fn modify(self, change: impl FnOnce(&mut Inner)) -> Self {
        let mut inner = match Arc::try_unwrap(self.0) {
            Ok(inner) => inner,
            Err(shared) => Inner {
                access_key_id: shared.access_key_id.clone(),
                id_fits_header: shared.id_fits_header,
                access_key_secret: shared.access_key_secret.clone(),
                security_token: shared.security_token.clone(),
                v3_key: shared.v3_key.clone(),
                v1_key: shared.v1_key.clone(),
                expiration: shared.expiration,
                provider_name: shared.provider_name.clone(),
            },
        };
        change(&mut inner);
        Credentials(Arc::new(inner))
    }

    /// The AccessKey id (not secret).
    pub fn access_key_id(&self) -> &str {
        &self.0.access_key_id
    }

    /// Whether the id is valid in a header value.
    pub(crate) fn access_key_id_fits_header(&self) -> bool {
        self.0.id_fits_header
    }

    /// The AccessKey secret; call [`ExposeSecret::expose_secret`] to read it.
    pub fn access_key_secret(&self) -> &SecretString {
        &self.0.access_key_secret
    }

    /// The STS security token, if any.
    pub fn security_token(&self) -> Option<&SecretString> {
        self.0.security_token.as_ref()
    }

    /// A fresh HMAC-SHA256 keyed with the secret (V3).
    pub(crate) fn hmac_sha256(&self) -> Hmac<Sha256> {
        match &self.0.v3_key {
            Some(k) => k.clone(),
            None => new_mac(self.0.access_key_secret.expose_secret().as_bytes()),
        }
    }

    /// A fresh HMAC-SHA1 keyed with `secret + "&"` (V1).
    pub(crate) fn hmac_sha1(&self) -> Hmac<Sha1> {
        match &self.0.v1_key {
            Some(k) => k.clone(),
            None => new_mac(v1_key(&self.0.access_key_secret).as_bytes()),
        }
    }
}

fn v1_key(secret: &SecretString) -> zeroize::Zeroizing<String> {
    let s = secret.expose_secret();
    let mut k = zeroize::Zeroizing::new(String::with_capacity(s.len() + 1));
    k.push_str(s);
    k.push('&');
    k
}

/// HMAC accepts keys of any length, so this never falls back in practice; the fallback keeps the
/// code free of `unwrap`.
fn new_mac<M: Mac + hmac::digest::KeyInit>(key: &[u8]) -> M {
    <M as Mac>::new_from_slice(key)
        .unwrap_or_else(|_| <M as hmac::digest::KeyInit>::new(&Default::default()))
}

impl Inner {
    fn new(
        access_key_id: String,
        access_key_secret: SecretString,
        security_token: Option<SecretString>,
    ) -> Self {
        let v3_key =
            <Hmac<Sha256> as Mac>::new_from_slice(access_key_secret.expose_secret().as_bytes())
                .ok();
        let v1_key =
            <Hmac<Sha1> as Mac>::new_from_slice(v1_key(&access_key_secret).as_bytes()).ok();
        let id_fits_header = http::HeaderValue::from_str(&access_key_id).is_ok();
        Inner {
            access_key_id,
            id_fits_header,
            access_key_secret,
            security_token,
            v3_key,
            v1_key,
            expiration: None,
            provider_name: None,
        }
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.0.access_key_id)
            .field("access_key_secret", &"** redacted **")
            .field(
                "security_token",
                &self.0.security_token.as_ref().map(|_| "** redacted **"),
            )
            .field("expiration", &self.0.expiration)
            .field("provider_name", &self.0.provider_name)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_redacts() {
        let c = Credentials::new("AKID", "sEcReT-value").with_security_token("ToKeN-value");
        let d = format!("{c:?} {:?}", c.clone());
        assert!(d.contains("AKID"));
        assert!(
            !d.contains("sEcReT-value") && !d.contains("ToKeN-value"),
            "{d}"
        );
        assert_eq!(c.access_key_secret().expose_secret(), "sEcReT-value");
        assert_eq!(
            c.security_token()
                .map(|t| t.expose_secret().to_owned())
                .as_deref(),
            Some("ToKeN-value")
        );
        // shared Arc path
        let a = Credentials::new("A", "S");
        let b = a.clone().with_security_token("T");
        assert!(a.security_token().is_none());
        assert_eq!(b.access_key_secret().expose_secret(), "S");
    }

    #[test]
    fn expiration_and_provider_name_survive_changes() {
        let at = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000);
        let a = Credentials::new("A", "S").with_provider_name("ecs_ram_role");
        let b = a.clone().with_expiration(at).with_security_token("T");
        assert_eq!(a.expiration(), None);
        assert_eq!(b.expiration(), Some(at));
        assert_eq!(b.provider_name(), Some("ecs_ram_role"));
        assert_eq!(b.security_token().map(|t| t.expose_secret().len()), Some(1));
        assert!(Credentials::new("A", "S").provider_name().is_none());
    }
}
