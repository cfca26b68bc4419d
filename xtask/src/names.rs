//! Names and documentation text derived from the metadata.

use heck::{ToSnakeCase, ToTitleCase};

/// Rust keywords that can be raw identifiers.
const KEYWORDS: [&str; 38] = [
    "as", "async", "await", "box", "break", "const", "continue", "do", "dyn", "else", "enum",
    "extern", "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod",
    "move", "mut", "pub", "ref", "return", "static", "struct", "trait", "true", "type", "try",
    "unsafe", "use", "where", "while",
];

/// The Rust name of a field: the wire name in snake case (`JSONVersion` → `json_version`).
pub(crate) fn field_ident(wire: &str) -> String {
    let snake = wire.to_snake_case();
    if KEYWORDS.contains(&snake.as_str()) {
        format!("r#{snake}")
    } else {
        snake
    }
}

/// A name usable inside another identifier (`r#type` → `type`).
pub(crate) fn bare(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

/// The method and module name of an operation: the official SDKs' method name (`py_method`),
/// with a word break added where it runs two of the action's words together
/// (`enable_whatsapp_roimetric` → `enable_whatsapp_roi_metric`). A break that would leave a
/// one-letter word is not added: `UpdateMarketingFLow` stays `update_marketing_flow`.
pub(crate) fn method_name(action: &str, py_method: &str) -> Result<String, String> {
    let squash = |s: &str| s.replace('_', "").to_lowercase();
    if squash(py_method) != squash(action) {
        return Err(format!(
            "the official method name `{py_method}` does not spell the action `{action}`"
        ));
    }
    // Offsets (in the squashed name) where the action starts a new word.
    let mut breaks = Vec::new();
    let mut at = 0;
    for word in action.to_snake_case().split('_') {
        at += word.len();
        breaks.push(at);
    }
    let mut out = Vec::new();
    let mut start = 0;
    for segment in py_method.split('_') {
        let end = start + segment.len();
        let inner: Vec<usize> = breaks
            .iter()
            .copied()
            .filter(|b| *b > start && *b < end)
            .collect();
        let mut cuts = vec![start];
        cuts.extend(inner);
        cuts.push(end);
        let pieces: Vec<&str> = cuts
            .windows(2)
            .map(|w| &segment[w[0] - start..w[1] - start])
            .collect();
        if pieces.iter().all(|p| p.len() >= 2) {
            out.extend(pieces);
        } else {
            out.push(segment);
        }
        start = end;
    }
    Ok(out.join("_"))
}

/// The Rust name of a metadata model: response models drop `Body` (`…ResponseBodyData` →
/// `…ResponseData`), so the top-level response is `<Action>Response`.
pub(crate) fn struct_name(model: &str) -> String {
    model.replacen("ResponseBody", "Response", 1)
}

/// `SendChatappMessage` → `Send chatapp message`.
pub(crate) fn humanize(action: &str) -> String {
    let title = action.to_title_case();
    let mut out = String::with_capacity(title.len());
    for (i, word) in title.split(' ').enumerate() {
        if i == 0 {
            out.push_str(word);
        } else {
            out.push(' ');
            out.push_str(&word.to_lowercase());
        }
    }
    out
}

/// A metadata description as doc-comment lines that rustdoc and clippy accept: no code
/// fences (they would become doctests), no raw HTML or bare links, no lazy list continuations.
pub(crate) fn doc_lines(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut in_list = false;
    for raw in text.lines() {
        let line = escape(raw.trim());
        if line.is_empty() {
            in_list = false;
            if out.last().is_some_and(|l| !l.is_empty()) {
                out.push(String::new());
            }
            continue;
        }
        let item = is_list_item(&line);
        if in_list && !item {
            out.push(String::new());
        }
        in_list = item;
        out.push(line);
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out
}

fn is_list_item(line: &str) -> bool {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    line.starts_with("- ")
        || line.starts_with("* ")
        || line.starts_with("+ ")
        || (digits > 0 && line[digits..].starts_with(". "))
}

/// Escapes what markdown would read as code, HTML or links, and wraps URLs in `<…>`.
fn escape(line: &str) -> String {
    let line = line.replace("```", "");
    let mut out = String::with_capacity(line.len() + 8);
    let mut rest = line.as_str();
    while !rest.is_empty() {
        let url_at = ["https://", "http://"]
            .iter()
            .filter_map(|p| rest.find(p))
            .min();
        let (text, tail) = match url_at {
            Some(i) => rest.split_at(i),
            None => (rest, ""),
        };
        for c in text.chars() {
            match c {
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '[' => out.push_str("\\["),
                ']' => out.push_str("\\]"),
                '\\' => out.push_str("\\\\"),
                c => out.push(c),
            }
        }
        if tail.is_empty() {
            break;
        }
        let end = tail
            .find(|c: char| {
                c.is_whitespace()
                    || matches!(
                        c,
                        ')' | '(' | '<' | '>' | '"' | '\'' | ']' | '[' | '，' | '。' | '）'
                    )
            })
            .unwrap_or(tail.len());
        let url = tail[..end].trim_end_matches(['.', ',', ';', ':']);
        out.push('<');
        out.push_str(url);
        out.push('>');
        rest = &tail[url.len()..];
    }
    out
}

/// The first sentence of a description, for one-line docs.
pub(crate) fn summary(text: &str) -> String {
    let first = doc_lines(text).into_iter().next().unwrap_or_default();
    match first.find(". ") {
        Some(i) => first[..=i].to_owned(),
        None => first,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(field_ident("JSONVersion"), "json_version");
        assert_eq!(field_ident("hasExpiration"), "has_expiration");
        assert_eq!(field_ident("Type"), "r#type");
        assert_eq!(struct_name("XResponseBodyData"), "XResponseData");
        assert_eq!(humanize("SendChatappMessage"), "Send chatapp message");
    }

    #[test]
    fn method_names_keep_the_official_words_and_break_run_together_ones() {
        let cases = [
            (
                "UpdateMarketingFLow",
                "update_marketing_flow",
                "update_marketing_flow",
            ),
            (
                "PauseMarketingFLow",
                "pause_marketing_flow",
                "pause_marketing_flow",
            ),
            (
                "EnableWhatsappROIMetric",
                "enable_whatsapp_roimetric",
                "enable_whatsapp_roi_metric",
            ),
            (
                "GetFlowJSONAssest",
                "get_flow_jsonassest",
                "get_flow_json_assest",
            ),
            ("QueryMMLActive", "query_mmlactive", "query_mml_active"),
            (
                "SendChatappMessage",
                "send_chatapp_message",
                "send_chatapp_message",
            ),
        ];
        for (action, py, want) in cases {
            assert_eq!(method_name(action, py).as_deref(), Ok(want), "{action}");
        }
        assert!(method_name("SendChatappMessage", "send_message").is_err());
    }

    #[test]
    fn docs_are_safe() {
        let lines = doc_lines("See [codes](https://x.y/z).\n- a\nmore\n```json\n<b>");
        assert_eq!(
            lines,
            vec![
                "See \\[codes\\](<https://x.y/z>).",
                "- a",
                "",
                "more",
                "json",
                "&lt;b&gt;"
            ]
        );
    }
}
