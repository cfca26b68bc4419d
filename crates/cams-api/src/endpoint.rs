//! Where requests go: resolved as the official SDK resolves it.

use crate::ConfigError;
use std::fmt;

/// An Alibaba Cloud product a [`Client`](crate::Client) talks to: its code in endpoint host
/// names, its API version (for raw calls) and its endpoint map. CAMS is the default; a client
/// of another product of the same RPC style is the same client built with another value.
///
/// ```
/// use cams_api::{Client, Product};
/// use cams_auth::Credentials;
///
/// let client = Client::builder()
///     .product(Product::DYBASEAPI)
///     .region("ap-southeast-1")
///     .credentials(Credentials::new("id", "secret"))
///     .build()?;
/// assert_eq!(client.endpoint().host(), "dybaseapi.ap-southeast-1.aliyuncs.com");
/// # Ok::<(), cams_api::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Product {
    code: &'static str,
    version: &'static str,
    endpoint_map: &'static [(&'static str, &'static str)],
}

impl Product {
    /// CAMS 2020-06-06: `cams.<region>.aliyuncs.com` (the official SDK's map has one entry,
    /// ap-southeast-1, which says the same).
    pub const CAMS: Product = Product::new(
        "cams",
        cams_model::API_VERSION,
        &[("ap-southeast-1", "cams.ap-southeast-1.aliyuncs.com")],
    );
    /// Dybaseapi 2017-05-25 (`QueryTokenForMnsQueue`): `dybaseapi.<region>.aliyuncs.com`, as the
    /// official SDK resolves it, except cn-hangzhou, whose documented endpoint is the central
    /// `dybaseapi.aliyuncs.com` (the Alicom queue demos pair it with the cn-hangzhou queues).
    pub const DYBASEAPI: Product = Product::new(
        "dybaseapi",
        cams_model::dybaseapi::DYBASEAPI_VERSION,
        &[("cn-hangzhou", "dybaseapi.aliyuncs.com")],
    );

    /// A product: its code, API version and endpoint map (region → host).
    pub const fn new(
        code: &'static str,
        version: &'static str,
        endpoint_map: &'static [(&'static str, &'static str)],
    ) -> Self {
        Product {
            code,
            version,
            endpoint_map,
        }
    }

    /// The code in endpoint host names (`cams`).
    pub fn code(&self) -> &'static str {
        self.code
    }

    /// The API version raw calls name.
    pub fn version(&self) -> &'static str {
        self.version
    }
}

impl Default for Product {
    fn default() -> Self {
        Product::CAMS
    }
}

/// `https` or `http`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Protocol {
    /// TLS (the default).
    #[default]
    Https,
    /// Plain HTTP: only when asked for explicitly (a local emulator, a test server).
    Http,
}

impl Protocol {
    /// `https` or `http`.
    pub fn as_str(self) -> &'static str {
        match self {
            Protocol::Https => "https",
            Protocol::Http => "http",
        }
    }
}

/// A resolved endpoint: protocol and the host as signed (`host[:port]`, verbatim).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    protocol: Protocol,
    host: String,
}

impl Endpoint {
    /// The protocol.
    pub fn protocol(&self) -> Protocol {
        self.protocol
    }

    /// The `host` header value: the endpoint host with its port when one was given.
    pub fn host(&self) -> &str {
        &self.host
    }

    /// Resolution order of the official SDK: an explicit endpoint; else the endpoint map
    /// entry of the region; else `<product>[-<network>].<region>.aliyuncs.com`.
    pub(crate) fn resolve(
        product: &Product,
        endpoint: Option<&str>,
        region: Option<&str>,
        network: Option<&str>,
        protocol: Option<Protocol>,
    ) -> Result<Endpoint, ConfigError> {
        if let Some(e) = endpoint {
            return Endpoint::parse(e, protocol);
        }
        let region = region.ok_or(ConfigError::MissingRegion)?;
        if region.is_empty() {
            return Err(ConfigError::MissingRegion);
        }
        if !region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            return Err(ConfigError::InvalidRegion(region.to_owned()));
        }
        let code = product.code;
        let host = match product.endpoint_map.iter().find(|(r, _)| *r == region) {
            Some((_, host)) => (*host).to_owned(),
            None => match network.filter(|n| !n.is_empty() && *n != "public") {
                Some(n) => format!("{code}-{n}.{region}.aliyuncs.com"),
                None => format!("{code}.{region}.aliyuncs.com"),
            },
        };
        Ok(Endpoint {
            protocol: protocol.unwrap_or_default(),
            host,
        })
    }

    fn parse(raw: &str, protocol: Option<Protocol>) -> Result<Endpoint, ConfigError> {
        let invalid = |reason| ConfigError::InvalidEndpoint {
            endpoint: raw.to_owned(),
            reason,
        };
        let (scheme, rest) = match raw.split_once("://") {
            Some(("https", rest)) => (Some(Protocol::Https), rest),
            Some(("http", rest)) => (Some(Protocol::Http), rest),
            Some(_) => return Err(invalid("the scheme must be http or https")),
            None => (None, raw),
        };
        let host = rest.strip_suffix('/').unwrap_or(rest);
        if host.is_empty() {
            return Err(invalid("the host is empty"));
        }
        if host.contains(['/', '?', '#', '@', ' ']) {
            return Err(invalid(
                "only host[:port] is allowed: no path, query, user or spaces",
            ));
        }
        if host.parse::<http::uri::Authority>().is_err() {
            return Err(invalid("not a valid host[:port]"));
        }
        if let (Some(s), Some(p)) = (scheme, protocol) {
            if s != p {
                return Err(invalid("the scheme disagrees with the configured protocol"));
            }
        }
        Ok(Endpoint {
            protocol: scheme.or(protocol).unwrap_or_default(),
            host: host.to_owned(),
        })
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}://{}", self.protocol.as_str(), self.host)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn host(e: Option<&str>, r: Option<&str>, n: Option<&str>) -> String {
        Endpoint::resolve(&Product::CAMS, e, r, n, None)
            .map(|e| e.to_string())
            .unwrap_or_else(|e| e.to_string())
    }

    #[test]
    fn resolves_like_the_official_sdk() {
        assert_eq!(
            host(None, Some("ap-southeast-1"), None),
            "https://cams.ap-southeast-1.aliyuncs.com"
        );
        assert_eq!(
            host(None, Some("ap-southeast-1"), Some("vpc")),
            "https://cams.ap-southeast-1.aliyuncs.com"
        );
        assert_eq!(
            host(None, Some("cn-hangzhou"), None),
            "https://cams.cn-hangzhou.aliyuncs.com"
        );
        assert_eq!(
            host(None, Some("cn-hangzhou"), Some("vpc")),
            "https://cams-vpc.cn-hangzhou.aliyuncs.com"
        );
        assert_eq!(
            host(None, Some("cn-hangzhou"), Some("public")),
            "https://cams.cn-hangzhou.aliyuncs.com"
        );
        assert_eq!(
            host(Some("127.0.0.1:8080"), Some("cn-hangzhou"), None),
            "https://127.0.0.1:8080"
        );
        assert_eq!(
            host(Some("http://127.0.0.1:8080/"), None, None),
            "http://127.0.0.1:8080"
        );
    }

    #[test]
    fn dybaseapi_resolves_by_region_and_stays_overridable() {
        let d = |r: &str| {
            Endpoint::resolve(&Product::DYBASEAPI, None, Some(r), None, None)
                .map(|e| e.to_string())
                .unwrap_or_else(|e| e.to_string())
        };
        assert_eq!(d("cn-hangzhou"), "https://dybaseapi.aliyuncs.com");
        assert_eq!(
            d("ap-southeast-1"),
            "https://dybaseapi.ap-southeast-1.aliyuncs.com"
        );
        let e = Endpoint::resolve(
            &Product::DYBASEAPI,
            Some("http://127.0.0.1:9"),
            Some("cn-hangzhou"),
            None,
            None,
        );
        assert_eq!(
            e.map(|e| e.to_string()).ok().as_deref(),
            Some("http://127.0.0.1:9")
        );
    }

    #[test]
    fn refuses_bad_input() {
        assert_eq!(
            Endpoint::resolve(&Product::CAMS, None, None, None, None),
            Err(ConfigError::MissingRegion)
        );
        assert!(matches!(
            Endpoint::resolve(&Product::CAMS, None, Some("evil.com/x"), None, None),
            Err(ConfigError::InvalidRegion(_))
        ));
        for bad in ["ftp://x", "http://", "a/b", "host?x=1", "user@host"] {
            assert!(
                matches!(
                    Endpoint::resolve(&Product::CAMS, Some(bad), None, None, None),
                    Err(ConfigError::InvalidEndpoint { .. })
                ),
                "{bad}"
            );
        }
    }
}
