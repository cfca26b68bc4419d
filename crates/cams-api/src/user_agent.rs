//! The `user-agent` header, in the official SDKs' shape.

/// `AlibabaCloud (<os>; <arch>) Rust Core/<version> TeaDSL/2`, then the optional suffix.
pub(crate) fn user_agent(suffix: Option<&str>) -> String {
    let mut ua = format!(
        "AlibabaCloud ({}; {}) Rust Core/{} TeaDSL/2",
        std::env::consts::OS,
        std::env::consts::ARCH,
        env!("CARGO_PKG_VERSION")
    );
    if let Some(s) = suffix.map(str::trim).filter(|s| !s.is_empty()) {
        ua.push(' ');
        ua.push_str(s);
    }
    ua
}

#[cfg(test)]
mod tests {
    #[test]
    fn has_the_official_shape_and_suffix() {
        let ua = super::user_agent(Some("myapp/1.0"));
        assert!(ua.starts_with("AlibabaCloud ("), "{ua}");
        assert!(ua.contains(" TeaDSL/2 myapp/1.0"), "{ua}");
        assert!(!super::user_agent(Some("  ")).ends_with(' '));
    }
}
