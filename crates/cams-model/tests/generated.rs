//! Properties over the generated operations, driven by the catalog: requests of the operations
//! with nested JSON parameters round-trip through their parameters, responses round-trip
//! through JSON, and no response parser panics on any bytes.
#![allow(clippy::unwrap_used)]

mod support;

use cams_catalog::dynamic;
use cams_catalog::{self as catalog, OperationInfo, ParamInfo, ParamKind};
use proptest::collection::{btree_map, vec};
use proptest::prelude::*;
use serde_json::{Map, Value};
use support::{Inputs, build, params_to_inputs};

/// The operations with a JSON parameter that has fields of its own.
fn nested_ops() -> Vec<&'static OperationInfo> {
    catalog::operations()
        .iter()
        .filter(|op| op.params.iter().any(|p| p.json && !p.fields.is_empty()))
        .collect()
}

fn scalar_string() -> BoxedStrategy<Value> {
    prop_oneof![
        any::<String>(),
        "[ -~]{0,12}",
        Just(String::new()),
        Just("中文, \"quoted\"\n".to_owned())
    ]
    .prop_map(Value::from)
    .boxed()
}

/// Any value of a parameter of this shape.
fn value_of(p: &'static ParamInfo) -> BoxedStrategy<Value> {
    match p.kind {
        ParamKind::String => scalar_string(),
        ParamKind::Integer => any::<i32>().prop_map(Value::from).boxed(),
        ParamKind::Long => any::<i64>().prop_map(Value::from).boxed(),
        ParamKind::Boolean => any::<bool>().prop_map(Value::from).boxed(),
        ParamKind::Object => object_of(p.fields),
        ParamKind::Array if p.fields.is_empty() => {
            vec(scalar_string(), 0..3).prop_map(Value::from).boxed()
        }
        ParamKind::Array => vec(object_of(p.fields), 0..3).prop_map(Value::from).boxed(),
        ParamKind::Map => btree_map("[a-z]{1,6}", scalar_string(), 0..3)
            .prop_map(|m| Value::Object(m.into_iter().collect()))
            .boxed(),
        ParamKind::Any => prop_oneof![scalar_string(), any::<i64>().prop_map(Value::from)].boxed(),
    }
}

/// An object with any subset of `fields` set.
fn object_of(fields: &'static [ParamInfo]) -> BoxedStrategy<Value> {
    let members: Vec<BoxedStrategy<Option<(String, Value)>>> = fields
        .iter()
        .map(|f| {
            proptest::option::of(value_of(f).prop_map(move |v| (f.name.to_owned(), v))).boxed()
        })
        .collect();
    members
        .prop_map(|set| Value::Object(set.into_iter().flatten().collect::<Map<String, Value>>()))
        .boxed()
}

fn any_nested_request() -> impl Strategy<Value = (&'static str, Inputs)> {
    let ops = nested_ops();
    (0..ops.len()).prop_flat_map(move |i| {
        let op = ops[i];
        object_of(op.params).prop_map(move |v| match v {
            Value::Object(o) => (op.action, o),
            _ => (op.action, Inputs::new()),
        })
    })
}

/// A capture's response body with every scalar leaf replaced by an arbitrary one of its type.
fn mutated(v: &Value) -> BoxedStrategy<Value> {
    match v {
        Value::String(_) => scalar_string(),
        Value::Number(n) if n.is_i64() || n.is_u64() => any::<i32>().prop_map(Value::from).boxed(),
        Value::Bool(_) => any::<bool>().prop_map(Value::from).boxed(),
        Value::Array(items) => {
            let items: Vec<BoxedStrategy<Value>> = items.iter().map(mutated).collect();
            items.prop_map(Value::from).boxed()
        }
        Value::Object(o) => {
            let members: Vec<BoxedStrategy<(String, Value)>> = o
                .iter()
                .map(|(k, v)| {
                    let k = k.clone();
                    mutated(v).prop_map(move |v| (k.clone(), v)).boxed()
                })
                .collect();
            members
                .prop_map(|m| Value::Object(m.into_iter().collect()))
                .boxed()
        }
        other => Just(other.clone()).boxed(),
    }
}

fn any_response() -> impl Strategy<Value = (String, Value)> {
    let rows = cams_vectors::capture_rows("official-python-ops-captures.jsonl");
    (0..rows.len()).prop_flat_map(move |i| {
        let action = cams_vectors::action_of(&rows[i]).to_owned();
        let body: Value = rows[i]
            .get("response_body")
            .and_then(Value::as_str)
            .and_then(|b| serde_json::from_str(b).ok())
            .unwrap_or(Value::Null);
        mutated(&body).prop_map(move |b| (action.clone(), b))
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn nested_requests_round_trip_through_params((action, inputs) in any_nested_request()) {
        let req = build(action, &inputs).unwrap();
        let params = req.to_params();
        let back = params_to_inputs(action, &params).unwrap();
        let again = build(action, &back).unwrap();
        prop_assert_eq!(again.to_params(), params);
    }

    #[test]
    fn responses_round_trip_through_json((action, body) in any_response()) {
        let bytes = serde_json::to_vec(&body).unwrap();
        let Ok(parsed) = dynamic::parse_response(&action, &bytes) else {
            // A mutated leaf may break a type the schema fixes (a string where a number goes):
            // that is a parse error, which is all that is asked of it.
            return Ok(());
        };
        let again = dynamic::parse_response(&action, &serde_json::to_vec(&parsed).unwrap()).unwrap();
        prop_assert_eq!(again, parsed);
    }

    #[test]
    fn no_response_parser_panics(bytes in vec(any::<u8>(), 0..256)) {
        for op in catalog::operations() {
            let _ = dynamic::parse_response(op.action, &bytes);
        }
    }
}

#[test]
fn the_sample_is_every_nested_operation() {
    // 23 operations of codegen/cams-2020-06-06.json have a `style: json` request parameter
    // with fields of its own (or items with fields); counted over the metadata, not the catalog.
    assert_eq!(
        nested_ops().len(),
        23,
        "{:?}",
        nested_ops().iter().map(|o| o.action).collect::<Vec<_>>()
    );
}
