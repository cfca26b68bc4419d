//! `cargo xtask codegen [--check]`: generates the typed operations of `cams-model` and the
//! client's fluent builders of `cams-api` from `codegen/cams-2020-06-06.json`, and the by-name
//! tables of `cams-catalog` (parameters, paging, response shapes, dynamic dispatch).
//!
//! `--check` writes nothing and fails when a checked-in file differs from what it would write.

mod checks;
mod client;
mod code;
mod metadata;
mod model;
mod names;
mod output;
mod overrides;
mod paging;
mod setters;
mod tables;
mod types;

use metadata::Metadata;
use output::{Generated, HEADER};
use paging::Classified;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The metadata file, relative to the workspace root.
const METADATA: &str = "codegen/cams-2020-06-06.json";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["codegen"] => run(false),
        ["codegen", "--check"] => run(true),
        _ => Err("usage: cargo xtask codegen [--check]".to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

fn run(check: bool) -> Result<(), String> {
    let root = root();
    let text =
        std::fs::read_to_string(root.join(METADATA)).map_err(|e| format!("{METADATA}: {e}"))?;
    let mut meta: Metadata = serde_json::from_str(&text).map_err(|e| format!("{METADATA}: {e}"))?;
    meta.operations.sort_by(|a, b| a.action.cmp(&b.action));
    let text = std::fs::read_to_string(root.join(overrides::OVERRIDES))
        .map_err(|e| format!("{}: {e}", overrides::OVERRIDES))?;
    let rules = overrides::Overrides::parse(&text, &meta.operations)?;
    for op in &mut meta.operations {
        op.name = names::method_name(&op.action, &op.py_method)?;
        op.family = rules.family(&op.action);
        op.idempotent = rules.idempotent(&op.action)?;
    }
    let ops = &meta.operations;
    let paging = ops
        .iter()
        .map(|op| paging::classify(op, &rules.paging))
        .collect::<Result<Vec<Classified<'_>>, String>>()?;

    let mut out = Generated::new(&root);
    let model_dir = "crates/cams-model/src/operations";
    let client_dir = "crates/cams-api/src/operation";
    for (op, p) in ops.iter().zip(&paging) {
        let m = &op.name;
        let file = model::operation_file(op, p).map_err(|e| format!("{}: {e}", op.action))?;
        out.rust(format!("{model_dir}/{m}.rs"), &file)?;
        let fluent = client::fluent_file(op, p).map_err(|e| format!("{}: {e}", op.action))?;
        out.rust(format!("{client_dir}/{m}.rs"), &fluent)?;
    }
    out.rust(format!("{model_dir}/mod.rs"), &tables::operations_mod(ops))?;
    out.rust(
        "crates/cams-catalog/src/table.rs".to_owned(),
        &tables::catalog_table(ops, &paging),
    )?;
    out.rust(
        "crates/cams-catalog/src/shapes.rs".to_owned(),
        &tables::shapes_table(ops),
    )?;
    out.rust(
        "crates/cams-catalog/src/dynamic_table.rs".to_owned(),
        &tables::dynamic_table(ops),
    )?;
    out.rust(
        "crates/cams-api/src/operation.rs".to_owned(),
        &client::operations_mod(ops),
    )?;
    out.doc_section(
        "docs/adding-an-operation.md",
        &paging_section(ops, &paging, &rules.paging),
    )?;
    out.finish(check, &[model_dir, client_dir])
}

/// The docs' list of paginated operations by style, and of the listings that do not page.
fn paging_section(
    ops: &[metadata::Operation],
    paging: &[Classified<'_>],
    rules: &overrides::PagingRules,
) -> String {
    let mut styles: Vec<(&str, Vec<&str>)> = Vec::new();
    for (op, p) in ops.iter().zip(paging) {
        if let Classified::Pages(p) = p {
            match styles.iter_mut().find(|(s, _)| *s == p.style_name()) {
                Some((_, list)) => list.push(&op.action),
                None => styles.push((p.style_name(), vec![&op.action])),
            }
        }
    }
    let mut s = format!("<!-- {HEADER} -->\n\n");
    s.push_str("| style | operations |\n|---|---|\n");
    for (style, list) in &styles {
        let names: Vec<String> = list.iter().map(|a| format!("`{a}`")).collect();
        s.push_str(&format!(
            "| {style} ({}) | {} |\n",
            list.len(),
            names.join(", ")
        ));
    }
    s.push_str(&format!(
        "\nListings that do not page ({}, from `codegen/overrides.json`): they have `send()` only.\n\n",
        rules.not_paged.len()
    ));
    for (action, why) in &rules.not_paged {
        s.push_str(&format!("- `{action}`: {why}\n"));
    }
    s
}
