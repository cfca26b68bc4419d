//! Repairs the two syntax defects of the official examples so their bodies still parse:
//! raw control characters (newlines) inside strings, and a comma before `}` or `]`.
//! Only tried after a strict parse failed; a well-formed push never pays for it.

/// The repaired text, or `None` when there was nothing to repair.
pub(crate) fn repair(input: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(input.len() + 16);
    let mut in_string = false;
    let mut escaped = false;
    let mut changed = false;
    let mut pending_comma: Option<usize> = None;
    for &b in input {
        if in_string {
            if escaped {
                escaped = false;
                out.push(b);
            } else if b == b'\\' {
                escaped = true;
                out.push(b);
            } else if b == b'"' {
                in_string = false;
                out.push(b);
            } else if b < 0x20 {
                changed = true;
                match b {
                    b'\n' => out.extend_from_slice(b"\\n"),
                    b'\r' => out.extend_from_slice(b"\\r"),
                    b'\t' => out.extend_from_slice(b"\\t"),
                    _ => out.extend_from_slice(format!("\\u{b:04x}").as_bytes()),
                }
            } else {
                out.push(b);
            }
            continue;
        }
        match b {
            b'"' => {
                in_string = true;
                pending_comma = None;
                out.push(b);
            }
            b',' => {
                pending_comma = Some(out.len());
                out.push(b);
            }
            b'}' | b']' => {
                if let Some(at) = pending_comma.take() {
                    out.remove(at);
                    changed = true;
                }
                out.push(b);
            }
            b' ' | b'\n' | b'\r' | b'\t' => out.push(b),
            _ => {
                pending_comma = None;
                out.push(b);
            }
        }
    }
    changed.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::repair;

    #[test]
    fn trailing_commas_and_raw_newlines() {
        let fixed = repair(b"[{\"a\": \"x\ny\",\n \"b\": 1,\n}, ]").expect("changed");
        let v: serde_json::Value = serde_json::from_slice(&fixed).expect("valid");
        assert_eq!(v, serde_json::json!([{"a": "x\ny", "b": 1}]));
    }

    #[test]
    fn valid_json_is_left_alone() {
        assert_eq!(repair(br#"[{"a":"b,}","c":[1,2]}]"#), None);
    }
}
