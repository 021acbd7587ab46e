//! The JSON Schema of the routine format, generated from the types that
//! parse it.

use schemars::Schema;
use schemars::transform::RecursiveTransform;
use serde_json::Value;

use crate::routine::raw::RawRoutine;

/// The schema as pretty-printed JSON.
pub fn json() -> String {
    let schema = schemars::generate::SchemaSettings::draft07()
        .for_deserialize()
        .with_transform(RecursiveTransform(drop_null))
        .into_generator()
        .into_root_schema_for::<RawRoutine>();
    serde_json::to_string_pretty(&schema).unwrap_or_default()
}

/// TOML has no null: an optional key is one that may be left out, so the
/// `null` alternatives serde's `Option` brings are removed.
fn drop_null(schema: &mut Schema) {
    let Some(object) = schema.as_object_mut() else {
        return;
    };
    if let Some(Value::Array(types)) = object.get_mut("type") {
        types.retain(|t| t != "null");
        if let [only] = types.as_slice() {
            let only = only.clone();
            object.insert("type".into(), only);
        }
    }
    let Some(Value::Array(any_of)) = object.get_mut("anyOf") else {
        return;
    };
    any_of.retain(|s| s.get("type").is_none_or(|t| t != "null"));
    if let [only] = any_of.as_slice() {
        let only = only.clone();
        object.remove("anyOf");
        if let Value::Object(fields) = only {
            for (k, v) in fields {
                object.entry(k).or_insert(v);
            }
        }
    }
}
