//! The builder of the built-in network transports: settings, extra roots, proxies.

use crate::{ProxyConfig, TransportSettings};
use rustls::pki_types::CertificateDer;

/// Builds a [`ReqwestTransport`](crate::ReqwestTransport) or a
/// [`HyperTransport`](crate::HyperTransport) with settings, extra trusted root certificates
/// (users behind a TLS-inspecting proxy need its root) and proxies.
///
/// Proxies default to [`ProxyConfig::from_env`]; pass [`ProxyConfig::none`] to ignore the
/// environment.
///
/// ```no_run
/// # #[cfg(feature = "reqwest")]
/// # fn main() -> Result<(), cams_transport::TransportError> {
/// use cams_transport::{ProxyConfig, TransportBuilder};
///
/// let corporate_root: Vec<u8> = std::fs::read("corp-root.der").expect("the root");
/// let transport = TransportBuilder::new()
///     .add_root_certificate(corporate_root)
///     .proxy(ProxyConfig::none().https("http://proxy.corp:3128"))
///     .build_reqwest()?;
/// # let _ = transport;
/// # Ok(())
/// # }
/// # #[cfg(not(feature = "reqwest"))]
/// # fn main() {}
/// ```
#[derive(Debug, Clone)]
pub struct TransportBuilder {
    pub(crate) settings: TransportSettings,
    pub(crate) extra_roots: Vec<CertificateDer<'static>>,
    pub(crate) proxy: ProxyConfig,
}

impl Default for TransportBuilder {
    fn default() -> Self {
        TransportBuilder::new()
    }
}

impl TransportBuilder {
    /// Default settings, the webpki roots only, proxies from the environment.
    pub fn new() -> Self {
        TransportBuilder {
            settings: TransportSettings::default(),
            extra_roots: Vec::new(),
            proxy: ProxyConfig::from_env(),
        }
    }

    /// Timeouts and the body cap.
    pub fn settings(mut self, settings: TransportSettings) -> Self {
        self.settings = settings;
        self
    }

    /// Trusts one more root certificate (DER), besides the webpki roots.
    pub fn add_root_certificate(mut self, der: impl Into<Vec<u8>>) -> Self {
        self.extra_roots.push(CertificateDer::from(der.into()));
        self
    }

    /// The proxies to use (instead of the environment's).
    pub fn proxy(mut self, proxy: ProxyConfig) -> Self {
        self.proxy = proxy;
        self
    }

    /// A [`ReqwestTransport`](crate::ReqwestTransport).
    #[cfg(feature = "reqwest")]
    pub fn build_reqwest(self) -> Result<crate::ReqwestTransport, crate::TransportError> {
        crate::ReqwestTransport::from_builder(self)
    }

    /// A [`HyperTransport`](crate::HyperTransport).
    #[cfg(feature = "hyper")]
    pub fn build_hyper(self) -> Result<crate::HyperTransport, crate::TransportError> {
        crate::HyperTransport::from_builder(self)
    }
}
