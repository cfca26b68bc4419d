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

/// The module (file) name of an operation.
pub(crate) fn module_name(action: &str) -> String {
    action.to_snake_case()
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

/// The family an operation belongs to, from words in its name: the first rule that matches.
pub(crate) fn family(action: &str) -> &'static str {
    const RULES: [(&str, &str); 16] = [
        ("ChatGroup", "Chat groups"),
        ("Template", "Templates"),
        ("Flow", "Flows"),
        ("Campaign", "Campaigns"),
        ("Audience", "Audiences"),
        ("Product", "Commerce"),
        ("Catalog", "Commerce"),
        ("Message", "Messages"),
        ("Conversation", "Messages"),
        ("PhoneNumber", "Phone numbers"),
        ("Phone", "Phone numbers"),
        ("Waba", "WhatsApp business accounts"),
        ("Instance", "Instances"),
        ("Customer", "Customers"),
        ("Dm", "Direct marketing"),
        ("Messenger", "Messages"),
    ];
    RULES
        .iter()
        .find(|(word, _)| action.contains(word))
        .map_or("Other", |(_, family)| family)
}

/// Whether an operation only reads, so it may be retried freely.
pub(crate) fn is_idempotent(action: &str) -> bool {
    ["List", "Get", "Query", "Check", "Describe"]
        .iter()
        .any(|prefix| action.starts_with(prefix))
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
        assert!(is_idempotent("ListChatGroup"));
        assert!(!is_idempotent("SendChatappMessage"));
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
