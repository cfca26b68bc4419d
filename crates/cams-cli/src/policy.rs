//! `cams policy <Action>... | --from-file FILE`: the least-privilege RAM policy document that
//! allows exactly the operations given.

use crate::error::CliError;
use crate::suggest::did_you_mean;

/// The actions named in `words` (operation names, in order, each once), every unknown one
/// reported with the closest known names.
pub(crate) fn actions<'a>(
    words: impl IntoIterator<Item = String>,
    known: &[&'a str],
) -> Result<Vec<&'a str>, CliError> {
    let mut found: Vec<&'a str> = Vec::new();
    let mut unknown = Vec::new();
    for word in words {
        let bare = word.strip_prefix("cams:").unwrap_or(&word);
        match known.iter().find(|k| **k == bare) {
            Some(k) if !found.contains(k) => found.push(k),
            Some(_) => {}
            None => unknown.push(format!(
                "unknown action {bare:?}{}",
                did_you_mean(bare, known.iter().copied(), "")
            )),
        }
    }
    if !unknown.is_empty() {
        return Err(CliError::usage(format!("policy: {}", unknown.join("\n  "))));
    }
    if found.is_empty() {
        return Err(CliError::usage(
            "policy: give at least one action (cams policy ListChatGroup ...) or --from-file FILE",
        ));
    }
    Ok(found)
}

/// The actions of a file: one per line, or lines of `cams` commands (the first word that is
/// an operation name counts); `#` starts a comment.
pub(crate) fn words_of_file(text: &str, known: &[&str]) -> Vec<String> {
    text.lines()
        .map(|line| line.split('#').next().unwrap_or(""))
        .filter_map(|line| {
            let words: Vec<&str> = line
                .split(|c: char| c.is_whitespace() || c == ',' || c == '"' || c == '\'')
                .filter(|w| !w.is_empty())
                .collect();
            let first = words.first()?;
            let hit = words.iter().find(|w| {
                let bare = w.strip_prefix("cams:").unwrap_or(w);
                known.contains(&bare)
            });
            // A line with no known operation is reported by its first word.
            Some(hit.unwrap_or(first).to_string())
        })
        .filter(|w| w != "cams")
        .collect()
}

/// The policy document, 2-space indented.
pub(crate) fn document(actions: &[&str]) -> String {
    let doc = serde_json::json!({
        "Version": "1",
        "Statement": [{
            "Effect": "Allow",
            "Action": actions.iter().map(|a| format!("cams:{a}")).collect::<Vec<_>>(),
            "Resource": "*",
        }],
    });
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    const KNOWN: [&str; 3] = ["ListChatGroup", "ListChatGroupParticipants", "AddChatGroup"];

    #[test]
    fn actions_are_kept_in_order_once_each() {
        let words = ["ListChatGroup", "cams:AddChatGroup", "ListChatGroup"].map(String::from);
        assert_eq!(
            actions(words, &KNOWN).expect("known"),
            ["ListChatGroup", "AddChatGroup"]
        );
    }

    #[test]
    fn an_unknown_action_is_a_usage_error_with_a_suggestion() {
        let err = actions(["ListChatGrop".to_owned()], &KNOWN).expect_err("unknown");
        assert_eq!(err.exit_code(), 2);
        assert!(
            err.to_string().contains("did you mean ListChatGroup"),
            "{err}"
        );
        assert!(actions(Vec::new(), &KNOWN).is_err());
    }

    #[test]
    fn a_file_of_commands_or_names_gives_its_operations() {
        let text = "# my script\ncams ListChatGroup --CustSpaceId x\nAddChatGroup\n\n  cams:ListChatGroupParticipants  # listing\nBogus --x\n";
        assert_eq!(
            words_of_file(text, &KNOWN),
            [
                "ListChatGroup",
                "AddChatGroup",
                "cams:ListChatGroupParticipants",
                "Bogus"
            ]
        );
    }

    #[test]
    fn the_document_has_the_ram_grammar() {
        let doc: serde_json::Value =
            serde_json::from_str(&document(&["ListChatGroup"])).expect("json");
        assert_eq!(
            doc,
            serde_json::json!({"Version":"1","Statement":[{"Effect":"Allow","Action":["cams:ListChatGroup"],"Resource":"*"}]})
        );
    }
}
