//! The rustls client configuration shared by the built-in network transports.

use crate::{TransportError, TransportErrorKind};
use rustls::pki_types::CertificateDer;
use std::sync::Arc;

/// A rustls client config with the process-wide default crypto provider when the application
/// installed one (e.g. aws-lc-rs, for post-quantum key exchange), else ring passed explicitly (so
/// none needs installing); the webpki (Mozilla) roots plus `extra_roots`; the given ALPN protocols.
pub(crate) fn client_config(
    alpn: &[&[u8]],
    extra_roots: &[CertificateDer<'static>],
) -> Result<rustls::ClientConfig, TransportError> {
    let provider = rustls::crypto::CryptoProvider::get_default()
        .cloned()
        .unwrap_or_else(|| Arc::new(ring_provider()));
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

/// ring's provider. rustls 0.23.48 deprecates it for lacking post-quantum key exchange; it stays
/// the fallback because aws-lc-rs adds a C build (cc, cmake) to every user's cold build, and an
/// application that wants post-quantum installs aws-lc-rs as the process default (used above).
#[allow(deprecated)]
fn ring_provider() -> rustls::crypto::CryptoProvider {
    rustls::crypto::ring::default_provider()
}
