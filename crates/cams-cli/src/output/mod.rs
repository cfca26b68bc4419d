//! How a response is printed: JSON (keys in the order the service sent them, 2-space indent,
//! or compact), filtered by `--cli-query`, or a table (`--output cols=… rows=…`).

mod json;
mod table;

pub(crate) use json::Json;
pub(crate) use table::format_table;

use crate::error::CliError;
use serde_json::Value;

/// The `--output` choice.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) enum Format {
    /// Indented JSON (the default, also `--output json`).
    #[default]
    Pretty,
    /// One line of JSON (`--output json-compact`).
    Compact,
    /// `--output raw`: a string without quotes, a list one item a line (as `jq -r`), any
    /// other value as compact JSON; for shell scripts.
    Raw,
    /// A table: column JMESPaths, the rows' JMESPath, and whether to number the rows.
    Table {
        /// `cols=A,B`.
        cols: Vec<String>,
        /// `rows=<JMESPath>`; the first array of the document when absent.
        rows: Option<String>,
        /// `num=true`: a leading `Num` column.
        num: bool,
    },
}

impl Format {
    /// Parses the words after `--output`: `json`, `json-compact`, or `cols=A,B [rows=X] [num=true]`.
    pub(crate) fn parse(words: &[String]) -> Result<Format, CliError> {
        match words {
            [] => Ok(Format::Pretty),
            [one] if one == "json" => Ok(Format::Pretty),
            [one] if one == "json-compact" => Ok(Format::Compact),
            [one] if one == "raw" => Ok(Format::Raw),
            _ => {
                let (mut cols, mut rows, mut num) = (None, None, false);
                for word in words {
                    let (key, value) = word.split_once('=').ok_or_else(|| {
                        CliError::usage(format!(
                            "--output: {word:?} is not json, json-compact, raw or cols=A,B [rows=<JMESPath>] [num=true]"
                        ))
                    })?;
                    match key {
                        "cols" => {
                            cols = Some(
                                value
                                    .split(',')
                                    .map(str::trim)
                                    .filter(|c| !c.is_empty())
                                    .map(str::to_owned)
                                    .collect::<Vec<_>>(),
                            )
                        }
                        "rows" => rows = Some(value.to_owned()),
                        "num" => num = value.eq_ignore_ascii_case("true"),
                        other => {
                            return Err(CliError::usage(format!(
                                "--output: unknown field {other:?} (cols, rows or num)"
                            )));
                        }
                    }
                }
                let cols = cols.filter(|c| !c.is_empty()).ok_or_else(|| {
                    CliError::usage("--output: a table needs cols=A,B (rows=<JMESPath> optional)")
                })?;
                for expr in cols.iter().chain(rows.iter()) {
                    compile(expr, "--output")?;
                }
                Ok(Format::Table { cols, rows, num })
            }
        }
    }
}

/// Compiles a JMESPath expression, naming the flag it came from when it is invalid.
pub(crate) fn compile(expr: &str, flag: &str) -> Result<jmespath::Expression<'static>, CliError> {
    jmespath::compile(expr)
        .map_err(|e| CliError::usage(format!("{flag}: invalid JMESPath {expr:?}: {e}")))
}

fn search(expr: &str, data: &Value, flag: &str) -> Result<Value, CliError> {
    let found = compile(expr, flag)?
        .search(data)
        .map_err(|e| CliError::usage(format!("{flag}: {expr:?} failed: {e}")))?;
    serde_json::to_value(&*found)
        .map_err(|e| CliError::usage(format!("{flag}: {expr:?} gave an unprintable value: {e}")))
}

/// The text to print for a response document (a trailing newline included).
pub(crate) fn render(doc: &Json, query: Option<&str>, format: &Format) -> Result<String, CliError> {
    let mut text = match (query, format) {
        (None, Format::Pretty) => doc.to_text(false),
        (None, Format::Compact) => doc.to_text(true),
        (Some(q), Format::Pretty | Format::Compact) => {
            let found = search(q, &doc.to_value(), "--cli-query")?;
            let compact = matches!(format, Format::Compact);
            let out = if compact {
                serde_json::to_string(&found)
            } else {
                serde_json::to_string_pretty(&found)
            };
            out.map_err(|e| CliError::usage(format!("--cli-query: {e}")))?
        }
        (query, Format::Raw) => {
            let data = match query {
                Some(q) => search(q, &doc.to_value(), "--cli-query")?,
                None => doc.to_value(),
            };
            return Ok(raw(&data));
        }
        (query, Format::Table { cols, rows, num }) => {
            let mut data = doc.to_value();
            if let Some(q) = query {
                data = search(q, &data, "--cli-query")?;
            }
            return render_table(&data, cols, rows.as_deref(), *num);
        }
    };
    text.push('\n');
    Ok(text)
}

/// `--output raw`: each string as it is, each list item on a line of its own.
fn raw(data: &Value) -> String {
    let one = |v: &Value| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let mut out = String::new();
    match data {
        Value::Array(items) => {
            for item in items {
                out.push_str(&one(item));
                out.push('\n');
            }
        }
        other => {
            out.push_str(&one(other));
            out.push('\n');
        }
    }
    out
}

fn render_table(
    data: &Value,
    cols: &[String],
    rows: Option<&str>,
    num: bool,
) -> Result<String, CliError> {
    let rows_expr = match rows {
        Some(r) => r.to_owned(),
        None => table::detect_array_path(data).ok_or_else(|| {
            CliError::usage("--output: the response has no list; give rows=<JMESPath>")
        })?,
    };
    let found = search(&rows_expr, data, "--output rows")?;
    let Value::Array(mut items) = found else {
        return Err(CliError::usage(format!(
            "--output: rows={rows_expr} does not select a list"
        )));
    };
    let mut cols = cols.to_vec();
    if num {
        cols.insert(0, "Num".to_owned());
        for (i, item) in items.iter_mut().enumerate() {
            if let Value::Object(map) = item {
                map.insert("Num".to_owned(), Value::from(i));
            }
        }
    }
    table::format_table(&cols, &items, |col, row| {
        search(col, row, "--output cols").map_err(|e| e.to_string())
    })
    .map_err(CliError::usage)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn output_words_parse_to_a_format() {
        assert_eq!(Format::parse(&[]).ok(), Some(Format::Pretty));
        assert_eq!(
            Format::parse(&words("json-compact")).ok(),
            Some(Format::Compact)
        );
        assert_eq!(
            Format::parse(&words("cols=A,B rows=Data.List[]")).ok(),
            Some(Format::Table {
                cols: vec!["A".into(), "B".into()],
                rows: Some("Data.List[]".into()),
                num: false
            })
        );
        for bad in ["yaml", "rows=x", "cols=A tint=3", "cols=A rows=[[["] {
            let err = Format::parse(&words(bad)).expect_err(bad);
            assert!(err.to_string().contains("--output"), "{err}");
        }
    }

    #[test]
    fn a_query_filters_and_a_table_reads_its_rows() {
        let doc =
            Json::parse(br#"{"Data":{"List":[{"N":"1","R":"a"},{"N":"2","R":"b"}],"Total":2}}"#)
                .expect("valid");
        let out = render(&doc, Some("Data.List[].N"), &Format::Compact).expect("ok");
        assert_eq!(out, "[\"1\",\"2\"]\n");
        let table = Format::parse(&words("cols=N,R rows=Data.List[] num=true")).expect("ok");
        let out = render(&doc, None, &table).expect("ok");
        assert_eq!(out, "Num | N | R\n--- | - | -\n0   | 1 | a\n1   | 2 | b\n");
        let out = render(&doc, Some("Data.List[].R"), &Format::Raw).expect("ok");
        assert_eq!(out, "a\nb\n");
        let out = render(&doc, Some("Data.Total"), &Format::Raw).expect("ok");
        assert_eq!(out, "2\n");
        let bad = render(&doc, Some("Data.List[?"), &Format::Pretty).expect_err("invalid");
        assert!(bad.to_string().contains("--cli-query"), "{bad}");
    }
}
