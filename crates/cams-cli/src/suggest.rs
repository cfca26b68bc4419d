//! "Did you mean": the closest known names to a mistyped one.

/// Up to three names closest to `wanted` (case-insensitive Jaro-Winkler, or a prefix match),
/// best first.
pub(crate) fn closest<'a>(wanted: &str, known: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let lower = wanted.to_ascii_lowercase();
    let mut scored: Vec<(f64, &str)> = known
        .into_iter()
        .filter_map(|name| {
            let candidate = name.to_ascii_lowercase();
            let mut score = strsim::jaro_winkler(&lower, &candidate);
            if !lower.is_empty() && (candidate.starts_with(&lower) || candidate.contains(&lower)) {
                score = score.max(0.9);
            }
            (score >= 0.8).then_some((score, name))
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    scored.into_iter().take(3).map(|(_, n)| n).collect()
}

/// `"; did you mean A, B?"`, or nothing when no name is close.
pub(crate) fn did_you_mean<'a>(
    wanted: &str,
    known: impl IntoIterator<Item = &'a str>,
    prefix: &str,
) -> String {
    let names = closest(wanted, known);
    if names.is_empty() {
        return String::new();
    }
    let list: Vec<String> = names.iter().map(|n| format!("{prefix}{n}")).collect();
    format!("; did you mean {}?", list.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAMES: [&str; 4] = [
        "ListChatGroup",
        "ListChatGroupParticipants",
        "AddChatGroup",
        "SendChatappMessage",
    ];

    #[test]
    fn a_typo_finds_the_intended_name_first() {
        assert_eq!(
            closest("ListChatGroupParticipant", NAMES).first(),
            Some(&"ListChatGroupParticipants")
        );
        assert_eq!(
            closest("listchatgrop", NAMES).first(),
            Some(&"ListChatGroup")
        );
        assert!(closest("Zzzzzz", NAMES).is_empty());
    }

    #[test]
    fn the_hint_lists_names_with_their_prefix() {
        assert_eq!(
            did_you_mean("AddChatGrop", NAMES, "--"),
            "; did you mean --AddChatGroup?"
        );
        assert_eq!(did_you_mean("Qqqq", NAMES, "--"), "");
    }
}
