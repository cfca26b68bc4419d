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

/// `cams <Action> --help`.
pub(crate) fn operation(op: &OperationInfo) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}: {}", op.action, op.description.trim());
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
                format!("--{param} '{{\"{index}\":1,\"{size}\":50}}'")
            }
            PagingStyle::Flat { index, size } => format!("--{index} / --{size}"),
            PagingStyle::Token { token, .. } => format!("--{token}"),
        };
        let _ = writeln!(
            out,
            "Paginated ({how}): --all-pages fetches every page and prints them as one."
        );
    }
    let mut usage = format!("cams {}", op.action);
    for p in op.params.iter().filter(|p| p.required) {
        let _ = write!(usage, " --{} <{}>", p.name, short_kind(p));
    }
    if op.params.iter().any(|p| !p.required) {
        usage.push_str(" [--<Param> <value>]...");
    }
    let _ = writeln!(out, "\nUsage: {usage}\n\nParameters:");
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
    let text = p.description.trim();
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
    fn long_text_wraps_with_its_indent() {
        let text = wrap(&"word ".repeat(50), "    ");
        assert!(
            text.lines()
                .all(|l| l.len() <= WIDTH && l.starts_with("    "))
        );
        assert!(text.lines().count() > 1);
    }
}
