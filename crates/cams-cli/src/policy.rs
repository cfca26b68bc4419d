//! `cams policy <Action>... | --from-file FILE`: the least-privilege RAM policy document that
//! allows exactly the operations given.

use crate::error::CliError;
use crate::suggest::did_you_mean;

/// The actions named in `words` (operation names, in order, each once), every unknown one
/// reported with the closest known names and, from a file, its line number.
pub(crate) fn actions<'a>(
    words: impl IntoIterator<Item = Word>,
    known: &[&'a str],
) -> Result<Vec<&'a str>, CliError> {
    let mut found: Vec<&'a str> = Vec::new();
    let mut unknown = Vec::new();
    for Word { line, text } in words {
        let bare = text.strip_prefix("cams:").unwrap_or(&text);
        match known.iter().find(|k| **k == bare) {
            Some(k) if !found.contains(k) => found.push(k),
            Some(_) => {}
            None => unknown.push(format!(
                "{}unknown action {bare:?}{}",
                line.map(|n| format!("line {n}: ")).unwrap_or_default(),
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

/// A word naming an action, with the line of the file it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Word {
    /// The 1-based line of `--from-file`, none for a command-line word.
    pub(crate) line: Option<usize>,
    /// The word.
    pub(crate) text: String,
}

impl From<String> for Word {
    fn from(text: String) -> Word {
        Word { line: None, text }
    }
}

/// The actions of a file: lines of names (`ListChatGroup`, `cams:AddChatGroup`, commas
/// allowed) or of `cams` calls (their action counts); `#` starts a comment. Other shell
/// lines (`set -e`, `export …`, `echo …`) and `cams` built-ins are skipped.
pub(crate) fn words_of_file(text: &str, known: &[&str]) -> Vec<Word> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        let code = line.split('#').next().unwrap_or("");
        let words: Vec<&str> = code
            .split(|c: char| c.is_whitespace() || c == ',' || c == '"' || c == '\'')
            .filter(|w| !w.is_empty())
            .collect();
        let Some(first) = words.first() else {
            continue;
        };
        let is_cams = *first == "cams" || first.ends_with("/cams");
        let looks_like_name = |w: &&str| {
            let bare = w.strip_prefix("cams:").unwrap_or(w);
            bare.starts_with(|c: char| c.is_ascii_uppercase())
                && bare.chars().all(|c| c.is_ascii_alphanumeric())
        };
        if is_cams {
            // The action is the first word after `cams` that is neither a flag nor a flag's
            // value; a built-in (`cams configure …`) names no action.
            let action = words
                .iter()
                .skip(1)
                .find(|w| known.contains(&w.strip_prefix("cams:").unwrap_or(w)))
                .or_else(|| words.iter().skip(1).find(|w| looks_like_name(w)));
            if let Some(action) = action {
                out.push(Word {
                    line: Some(line_no),
                    text: (*action).to_owned(),
                });
            }
        } else if words.iter().all(looks_like_name) {
            for w in words {
                out.push(Word {
                    line: Some(line_no),
                    text: w.to_owned(),
                });
            }
        }
    }
    out
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

    fn words(list: &[&str]) -> Vec<Word> {
        list.iter().map(|w| Word::from((*w).to_owned())).collect()
    }

    #[test]
    fn actions_are_kept_in_order_once_each() {
        assert_eq!(
            actions(
                words(&["ListChatGroup", "cams:AddChatGroup", "ListChatGroup"]),
                &KNOWN
            )
            .expect("known"),
            ["ListChatGroup", "AddChatGroup"]
        );
    }

    #[test]
    fn an_unknown_action_is_a_usage_error_with_a_suggestion() {
        let err = actions(words(&["ListChatGrop"]), &KNOWN).expect_err("unknown");
        assert_eq!(err.exit_code(), 2);
        assert!(
            err.to_string().contains("did you mean ListChatGroup"),
            "{err}"
        );
        assert!(actions(Vec::<Word>::new(), &KNOWN).is_err());
    }

    #[test]
    fn a_file_of_commands_or_names_gives_its_operations_with_lines() {
        let text = "#!/bin/sh\nset -euo pipefail\nexport CS=cs-1\ncams ListChatGroup --CustSpaceId \"$CS\"\nAddChatGroup\n\n  cams:ListChatGroupParticipants  # listing\necho done\ncams configure list\nBogus\n";
        let got: Vec<(Option<usize>, String)> = words_of_file(text, &KNOWN)
            .into_iter()
            .map(|w| (w.line, w.text))
            .collect();
        assert_eq!(
            got,
            [
                (Some(4), "ListChatGroup".to_owned()),
                (Some(5), "AddChatGroup".to_owned()),
                (Some(7), "cams:ListChatGroupParticipants".to_owned()),
                (Some(10), "Bogus".to_owned()),
            ]
        );
        let err = actions(words_of_file(text, &KNOWN), &KNOWN).expect_err("Bogus");
        assert!(
            err.to_string()
                .contains("line 10: unknown action \"Bogus\""),
            "{err}"
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
