//! Help from the compiled-in metadata: `cams --help` lists the operations by family,
//! `cams <Action> --help` shows the operation and every parameter.

use crate::input::kind_label;
use cams_catalog::{OperationInfo, PagingStyle, ParamInfo, operations};
use std::fmt::Write as _;

const WIDTH: usize = 100;

/// The operations by family, for the end of `cams --help`.
pub(crate) fn families() -> String {
    let mut families: Vec<&str> = operations().iter().map(|o| o.family).collect();
    families.sort_unstable();
    families.dedup();
    let mut out = format!(
        "Operations ({} in all; `cams <Action> --help` shows one):\n",
        operations().len()
    );
    for family in families {
        let names: Vec<&str> = operations()
            .iter()
            .filter(|o| o.family == family)
            .map(|o| o.action)
            .collect();
        let _ = writeln!(out, "\n  {family}:");
        out.push_str(&wrap(&names.join(" "), "    "));
    }
    out
}

/// The end of `cams -h`: how many operations each family has.
pub(crate) fn families_summary() -> String {
    let mut families: Vec<&str> = operations().iter().map(|o| o.family).collect();
    families.sort_unstable();
    families.dedup();
    let counts: Vec<String> = families
        .iter()
        .map(|f| {
            let n = operations().iter().filter(|o| o.family == *f).count();
            format!("{f} ({n})")
        })
        .collect();
    let mut out = format!("Operations: {} in all, by family: ", operations().len());
    out.push_str(&counts.join(", "));
    out.push_str(".\n`cams --help` lists them; `cams <Action> -h` summarizes one.\n");
    wrap(&out, "")
}

/// `cams <Action> -h`: the summary line, the usage and the parameters' names and types.
pub(crate) fn operation_short(op: &OperationInfo) -> String {
    let mut out = String::new();
    let description = clean_markup(op.description);
    let first = description
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    let _ = writeln!(out, "{}: {}", op.action, first.trim());
    let _ = writeln!(out, "\nUsage: {}\n\nParameters:", usage(op));
    for p in op.params {
        let required = if p.required { ", required" } else { "" };
        let _ = writeln!(out, "  --{} ({}{required})", p.name, kind_label(p));
    }
    let _ = writeln!(
        out,
        "\n`cams {} --help` describes each parameter.",
        op.action
    );
    out
}

fn usage(op: &OperationInfo) -> String {
    let mut usage = format!("cams {}", op.action);
    for p in op.params.iter().filter(|p| p.required) {
        let _ = write!(usage, " --{} <{}>", p.name, short_kind(p));
    }
    if op.params.iter().any(|p| !p.required) {
        usage.push_str(" [--<Param> <value>]...");
    }
    usage
}

/// The API documentation's markup taken out of a description: of `<props="china">…`
/// `<props="intl">…` only the international text stays (this tool calls the international
/// site), and `<details>`, `<summary>`, `<notice>` tags go (their text stays).
pub(crate) fn clean_markup(text: &str) -> String {
    const CHINA: &str = "<props=\"china\">";
    const INTL: &str = "<props=\"intl\">";
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(CHINA) {
        out.push_str(&rest[..at]);
        let after = &rest[at + CHINA.len()..];
        // The China-site text runs to the next props tag, else to the end of its line.
        let end = after
            .find("<props=")
            .or_else(|| after.find('\n'))
            .unwrap_or(after.len());
        rest = &after[end..];
    }
    out.push_str(rest);
    let mut out = out.replace(INTL, "");
    for tag in [
        "<details>",
        "</details>",
        "<summary>",
        "</notice>",
        "<notice>",
    ] {
        out = out.replace(tag, "");
    }
    out.replace("</summary>", ":")
        .replace("::", ":")
        .replace(">Notice:", "Notice:")
}

/// `cams <Action> --help`.
pub(crate) fn operation(op: &OperationInfo) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: {}",
        op.action,
        clean_markup(op.description).trim()
    );
    let _ = writeln!(
        out,
        "\nFamily: {}. RAM action: cams:{}.",
        op.family, op.action
    );
    let _ = writeln!(
        out,
        "{}",
        if op.idempotent {
            "Read-only: retried freely."
        } else {
            "Changes state: retried only when the request surely never left."
        }
    );
    if let Some(paging) = &op.paging {
        let how = match paging.style {
            PagingStyle::PageObject { param, index, size } => {
                format!("--{param} '{{\"{index}\":1,\"{size}\":20}}'")
            }
            PagingStyle::Flat { index, size } => format!("--{index} / --{size}"),
            PagingStyle::Token { token, .. } => format!("--{token}"),
        };
        let size = match crate::request::documented_max_page_size(op, &paging.style) {
            Some(n) => format!("{n} items a page (the largest documented)"),
            None => format!(
                "{} items a page (no largest is documented)",
                crate::request::DEFAULT_PAGE_SIZE
            ),
        };
        let _ = writeln!(
            out,
            "Paginated ({how}): --all-pages fetches every page and prints them as one, asking for {size} unless the size is given."
        );
    }
    let _ = writeln!(out, "\nUsage: {}\n\nParameters:", usage(op));
    for p in op.params {
        param(&mut out, p, "  ");
    }
    out.push_str(
        "\nJSON parameters take JSON text: --Page '{\"Index\":1,\"Size\":20}'. Global flags: `cams --help`.\n",
    );
    out
}

fn short_kind(p: &ParamInfo) -> &'static str {
    use cams_catalog::ParamKind as K;
    match p.kind {
        K::String => "string",
        K::Integer | K::Long => "integer",
        K::Boolean => "boolean",
        K::Object | K::Map | K::Any => "json",
        K::Array => "json-list",
    }
}

fn param(out: &mut String, p: &ParamInfo, indent: &str) {
    let required = if p.required { ", required" } else { "" };
    let dashes = if indent == "  " { "--" } else { "" };
    let _ = writeln!(
        out,
        "{indent}{dashes}{} ({}{required})",
        p.name,
        kind_label(p)
    );
    let text = clean_markup(p.description);
    let text = text.trim();
    if !text.is_empty() {
        out.push_str(&wrap(text, &format!("{indent}    ")));
    }
    for f in p.fields {
        param(out, f, &format!("{indent}    "));
    }
}

/// Wraps `text` at [`WIDTH`] columns, every line indented.
fn wrap(text: &str, indent: &str) -> String {
    let mut out = String::new();
    for paragraph in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let mut line = String::from(indent);
        for word in paragraph.split_whitespace() {
            if line.len() > indent.len() && line.len() + 1 + word.len() > WIDTH {
                out.push_str(&line);
                out.push('\n');
                line = String::from(indent);
            }
            if line.len() > indent.len() {
                line.push(' ');
            }
            line.push_str(word);
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_is_listed_under_its_family() {
        let text = families();
        for op in operations() {
            assert!(text.contains(op.action), "{} missing", op.action);
        }
        assert!(text.contains("\n  Chat groups:\n"), "{text}");
    }

    #[test]
    fn operation_help_shows_each_parameter_with_type_and_requirement() {
        let op = cams_catalog::find("ListChatGroupParticipants").expect("known");
        let text = operation(op);
        for want in [
            "ListChatGroupParticipants: ",
            "--GroupId (string, required)",
            "--Page (JSON object {Index, Size})",
            "Index (long)",
            "--all-pages",
            "Usage: cams ListChatGroupParticipants --BusinessNumber <string>",
        ] {
            assert!(text.contains(want), "{want:?} not in\n{text}");
        }
    }

    #[test]
    fn no_operation_help_shows_documentation_markup() {
        for op in operations() {
            let text = operation(op) + &operation_short(op);
            for tag in [
                "<props",
                "<details",
                "</details",
                "<summary",
                "</summary",
                "notice>",
            ] {
                assert!(!text.contains(tag), "{} shows {tag}", op.action);
            }
        }
        assert_eq!(
            clean_markup(
                "on the <props=\"china\">[A](https://a.cn)<props=\"intl\">[B](https://b.com) page."
            ),
            "on the [B](https://b.com) page."
        );
    }

    #[test]
    fn long_text_wraps_with_its_indent() {
        let text = wrap(&"word ".repeat(50), "    ");
        assert!(
            text.lines()
                .all(|l| l.len() <= WIDTH && l.starts_with("    "))
        );
        assert!(text.lines().count() > 1);
    }
}
