//! The rustls client configuration shared by the built-in network transports.

use crate::{TransportError, TransportErrorKind};
use rustls::pki_types::CertificateDer;
use std::sync::Arc;

/// A rustls client config with the ring provider (passed explicitly, so no process-wide
/// default provider is needed), the webpki (Mozilla) roots plus `extra_roots`, and the given
/// ALPN protocols.
pub(crate) fn client_config(
    alpn: &[&[u8]],
    extra_roots: &[CertificateDer<'static>],
) -> Result<rustls::ClientConfig, TransportError> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut roots = rustls::RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    for cert in extra_roots {
        roots.add(cert.clone()).map_err(|e| {
            TransportError::new(TransportErrorKind::Other, false)
                .with_source(format!("an extra root certificate is not usable: {e}"))
        })?;
    }
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| TransportError::new(TransportErrorKind::Other, false).with_source(e))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    config.alpn_protocols = alpn.iter().map(|p| p.to_vec()).collect();
    Ok(config)
}
