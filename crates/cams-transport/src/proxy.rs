//! Which proxy a built-in network transport goes through: `HTTPS_PROXY` / `HTTP_PROXY` /
//! `NO_PROXY`, or settings given to the builder.

use std::fmt;

/// The proxies of a built-in network transport, like the official SDKs' `http_proxy` /
/// `https_proxy` / `no_proxy` configuration.
///
/// [`ProxyConfig::from_env`] reads `HTTPS_PROXY`, `HTTP_PROXY` and `NO_PROXY` (or their
/// lower-case forms; an empty value counts as unset); the transport builders use it unless
/// given another. A proxy taken from the environment never carries loopback destinations
/// (`localhost`, `127.0.0.0/8`, `::1`): an emulator or a metadata test server on this machine
/// is reached directly, as the official Go SDK's transport does. A proxy set with
/// [`http`](Self::http) / [`https`](Self::https) on [`none`](Self::none) applies to every
/// destination not in its [`no_proxy`](Self::no_proxy) list. A proxy URL may carry credentials (`http://user:pass@proxy:3128`): they
/// are sent to the proxy only, and `Debug` never shows them.
///
/// ```
/// use cams_transport::ProxyConfig;
///
/// let proxies = ProxyConfig::none()
///     .https("http://user:secret@proxy.internal:3128")
///     .no_proxy("localhost,.internal");
/// assert!(!format!("{proxies:?}").contains("secret"));
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct ProxyConfig {
    http: Option<String>,
    https: Option<String>,
    no_proxy: Option<String>,
    /// Read from the environment: loopback destinations go direct.
    from_environment: bool,
}

/// The destinations an environment proxy never carries, in `NO_PROXY` syntax.
const LOOPBACK: &str = "localhost,127.0.0.0/8,::1";

impl ProxyConfig {
    /// No proxy at all.
    pub fn none() -> Self {
        ProxyConfig::default()
    }

    /// The process environment: `HTTPS_PROXY`, `HTTP_PROXY`, `NO_PROXY` (upper or lower case).
    pub fn from_env() -> Self {
        ProxyConfig::from_lookup(|name| std::env::var(name).ok())
    }

    /// Like [`from_env`](Self::from_env), reading the variables through `lookup` (tests and
    /// embedders that keep their own environment).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Self {
        let get = |upper: &str, lower: &str| {
            lookup(upper)
                .filter(|v| !v.trim().is_empty())
                .or_else(|| lookup(lower).filter(|v| !v.trim().is_empty()))
        };
        ProxyConfig {
            http: get("HTTP_PROXY", "http_proxy"),
            https: get("HTTPS_PROXY", "https_proxy"),
            no_proxy: get("NO_PROXY", "no_proxy"),
            from_environment: true,
        }
    }

    /// The proxy for `http://` requests.
    pub fn http(mut self, url: impl Into<String>) -> Self {
        self.http = Some(url.into());
        self
    }

    /// The proxy for `https://` requests.
    pub fn https(mut self, url: impl Into<String>) -> Self {
        self.https = Some(url.into());
        self
    }

    /// Hosts reached directly: a comma-separated list of names (`example.com` also matches
    /// its subdomains, `.example.com` only them), IP addresses, CIDR blocks, or `*`.
    pub fn no_proxy(mut self, list: impl Into<String>) -> Self {
        self.no_proxy = Some(list.into());
        self
    }

    /// Whether any proxy is set.
    pub fn is_empty(&self) -> bool {
        self.http.is_none() && self.https.is_none()
    }

    /// The proxy for `http://` requests, as given.
    pub(crate) fn http_url(&self) -> Option<&str> {
        self.http.as_deref()
    }

    /// The proxy for `https://` requests, as given.
    pub(crate) fn https_url(&self) -> Option<&str> {
        self.https.as_deref()
    }

    /// The no-proxy list in effect: as given, plus the loopback destinations when the proxies
    /// come from the environment.
    pub(crate) fn no_proxy_list(&self) -> Option<String> {
        match (&self.no_proxy, self.from_environment) {
            (Some(list), true) => Some(format!("{list},{LOOPBACK}")),
            (None, true) => Some(LOOPBACK.to_owned()),
            (list, false) => list.clone(),
        }
    }
}

/// A proxy URL with any `user:password@` replaced, for `Debug`.
fn redacted(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            format!("{}://***@{}", &url[..scheme_end], &url[at + 1..])
        }
        (None, Some(at)) => format!("***@{}", &url[at + 1..]),
        _ => url.to_owned(),
    }
}

impl fmt::Debug for ProxyConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProxyConfig")
            .field("http", &self.http.as_deref().map(redacted))
            .field("https", &self.https.as_deref().map(redacted))
            .field("no_proxy", &self.no_proxy)
            .field("from_environment", &self.from_environment)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_lookup_prefers_upper_case_and_skips_empty_values() {
        let env = |name: &str| match name {
            "HTTPS_PROXY" => Some(String::new()),
            "https_proxy" => Some("http://lower:3128".to_owned()),
            "HTTP_PROXY" => Some("http://upper:3128".to_owned()),
            "http_proxy" => Some("http://ignored:3128".to_owned()),
            "no_proxy" => Some("localhost".to_owned()),
            _ => None,
        };
        let p = ProxyConfig::from_lookup(env);
        assert_eq!(p.https_url(), Some("http://lower:3128"));
        assert_eq!(p.http_url(), Some("http://upper:3128"));
        assert_eq!(
            p.no_proxy_list().as_deref(),
            Some("localhost,localhost,127.0.0.0/8,::1")
        );
        assert!(ProxyConfig::from_lookup(|_| None).is_empty());
        // Set explicitly, the list is the user's alone.
        let explicit = ProxyConfig::none()
            .http("http://p:3128")
            .no_proxy("a.example");
        assert_eq!(explicit.no_proxy_list().as_deref(), Some("a.example"));
        assert_eq!(
            ProxyConfig::none().http("http://p:3128").no_proxy_list(),
            None
        );
    }

    #[test]
    fn debug_hides_proxy_credentials() {
        let p = ProxyConfig::none()
            .https("http://alice:s3cr3t@proxy:3128")
            .http("alice:s3cr3t@proxy:3128");
        let shown = format!("{p:?}");
        assert!(
            !shown.contains("s3cr3t") && !shown.contains("alice"),
            "{shown}"
        );
        assert!(shown.contains("proxy:3128"), "{shown}");
    }
}
