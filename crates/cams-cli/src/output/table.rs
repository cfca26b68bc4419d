//! `--output cols=A,B rows=<JMESPath>`: a table laid out as the `aliyun` CLI prints it
//! (Go's tabwriter with one space of padding and `|` between columns).

use serde_json::Value;

/// Formats `rows` (each searched for every column's JMESPath) under the column names.
pub(crate) fn format_table(
    cols: &[String],
    rows: &[Value],
    cell: impl Fn(&str, &Value) -> Result<Value, String>,
) -> Result<String, String> {
    let mut lines: Vec<Vec<String>> = Vec::with_capacity(rows.len() + 2);
    lines.push(cols.to_vec());
    lines.push(cols.iter().map(|c| "-".repeat(c.len())).collect());
    for row in rows {
        let cells = cols
            .iter()
            .map(|c| cell(c, row).map(|v| cell_text(&v)))
            .collect::<Result<Vec<_>, _>>()?;
        lines.push(cells);
    }
    let widths: Vec<usize> = (0..cols.len())
        .map(|i| {
            lines
                .iter()
                .map(|l| l[i].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for line in &lines {
        for (i, text) in line.iter().enumerate() {
            if i > 0 {
                // The tab-separated cell after `\t ` starts with that space.
                out.push(' ');
            }
            out.push_str(text);
            if i + 1 < line.len() {
                let pad = widths[i] - text.chars().count() + 1;
                out.extend(std::iter::repeat_n(' ', pad));
                out.push('|');
            }
        }
        out.push('\n');
    }
    Ok(out)
}

/// A cell as Go's `%v` shows a decoded JSON value: strings bare, `<nil>` for null;
/// objects and arrays as compact JSON (clearer than Go's `map[...]`).
fn cell_text(v: &Value) -> String {
    match v {
        Value::Null => "<nil>".to_owned(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The path of the first array in the document, depth first (`Data.List[]`): the rows
/// when `rows=` is not given.
pub(crate) fn detect_array_path(v: &Value) -> Option<String> {
    match v {
        Value::Array(_) => Some("[]".to_owned()),
        Value::Object(map) => map.iter().find_map(|(k, v)| match v {
            Value::Array(_) => Some(format!("{k}[]")),
            Value::Object(_) => detect_array_path(v).map(|rest| format!("{k}.{rest}")),
            _ => None,
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn field(col: &str, row: &Value) -> Result<Value, String> {
        Ok(row.get(col).cloned().unwrap_or(Value::Null))
    }

    #[test]
    fn columns_are_padded_to_the_widest_cell_with_bars_between() {
        let rows = [
            json!({"Number": "8613800570001", "Role": "member"}),
            json!({"Number": "86", "Role": null}),
        ];
        let out = format_table(&["Number".into(), "Role".into()], &rows, field).expect("ok");
        assert_eq!(
            out,
            "Number        | Role\n\
             ------        | ----\n\
             8613800570001 | member\n\
             86            | <nil>\n"
        );
    }

    #[test]
    fn one_column_has_no_bar() {
        let out = format_table(&["A".into()], &[json!({"A": 7})], field).expect("ok");
        assert_eq!(out, "A\n-\n7\n");
    }

    #[test]
    fn the_first_array_is_found_depth_first() {
        let v = json!({"RequestId": "x", "Data": {"Total": 2, "List": [1, 2]}});
        assert_eq!(detect_array_path(&v).as_deref(), Some("Data.List[]"));
        assert_eq!(detect_array_path(&json!({"a": 1})), None);
    }
}
