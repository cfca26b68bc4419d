//! Test support for the workspace: where the official-SDK golden vectors are, and how to read them.
//!
//! The vectors live in the repository at `tests/vectors/` (found from this crate's
//! `CARGO_MANIFEST_DIR`, never from the current directory). `CAMS_VECTORS_DIR` points the tests
//! at another set (CI also runs them against `../shared/vectors`, which may hold newer captures).
//!
//! Every reader panics with a message that names the folder and the override: a test that finds
//! no vectors fails, it never passes on zero rows.

pub mod secret_forms;

use std::path::{Path, PathBuf};

use serde_json::Value;

/// The environment variable that overrides the vectors folder.
pub const VECTORS_DIR_ENV: &str = "CAMS_VECTORS_DIR";

/// The vectors folder: `CAMS_VECTORS_DIR`, else `tests/vectors` at the workspace root.
pub fn vectors_dir() -> PathBuf {
    std::env::var_os(VECTORS_DIR_ENV).map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors"),
        PathBuf::from,
    )
}

fn missing(path: &Path, err: &std::io::Error) -> String {
    format!(
        "cannot read golden vectors at {}: {err} (looked in {}; set {VECTORS_DIR_ENV} to another folder)",
        path.display(),
        vectors_dir().display()
    )
}

/// The text of one vector file, by name.
///
/// # Panics
/// When the file cannot be read: the message names the folder and `CAMS_VECTORS_DIR`.
pub fn read(name: &str) -> String {
    let path = vectors_dir().join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}", missing(&path, &e)))
}

/// One vector file parsed as JSON.
///
/// # Panics
/// When the file cannot be read or is not JSON.
pub fn read_json(name: &str) -> Value {
    serde_json::from_str(&read(name)).unwrap_or_else(|e| panic!("{name}: not JSON: {e}"))
}

/// The names of the capture files (`*.jsonl`), sorted.
///
/// # Panics
/// When the folder cannot be read or holds no capture file.
pub fn capture_files() -> Vec<String> {
    let dir = vectors_dir();
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}", missing(&dir, &e)));
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| n.ends_with(".jsonl"))
        .collect();
    names.sort();
    assert!(
        !names.is_empty(),
        "no capture file (*.jsonl) in {}; set {VECTORS_DIR_ENV} to a folder that has them",
        dir.display()
    );
    names
}

/// The rows of one capture file, each a JSON object, in file order.
///
/// # Panics
/// When the file cannot be read, a line is not JSON, or the file has no row.
pub fn capture_rows(name: &str) -> Vec<Value> {
    let rows: Vec<Value> = read(name)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(i, l)| {
            serde_json::from_str(l)
                .unwrap_or_else(|e| panic!("{name} line {}: not JSON: {e}", i + 1))
        })
        .collect();
    assert!(!rows.is_empty(), "{name}: no capture row");
    rows
}

/// Every capture row of every capture file, with the file it came from.
pub fn all_capture_rows() -> Vec<(String, Value)> {
    capture_files()
        .into_iter()
        .flat_map(|f| capture_rows(&f).into_iter().map(move |r| (f.clone(), r)))
        .collect()
}

/// The action a capture row calls (a row without `action` is `ListChatGroupParticipants`).
pub fn action_of(row: &Value) -> &str {
    row.get("action")
        .and_then(Value::as_str)
        .unwrap_or("ListChatGroupParticipants")
}
