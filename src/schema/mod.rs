//! The JSON Schemas of the routine and program formats, for editors. Their
//! keys and descriptions come from the types that read the files
//! (`routine::raw`, `program::raw`); their limits, the keys each kind of
//! step takes and the patterns text must match come from what the
//! validators use, so an editor marks what `stillpoint check` refuses.

mod duration;
mod numbers;
mod program;
mod routine;
mod text;
mod words;

use schemars::transform::RecursiveTransform;
use schemars::{JsonSchema, Schema};
use serde_json::Value;

/// The routine schema as pretty-printed JSON.
pub fn json() -> String {
    pretty(&routine::schema())
}

/// The program schema as pretty-printed JSON.
pub fn program_json() -> String {
    pretty(&program::schema())
}

fn pretty(schema: &Value) -> String {
    serde_json::to_string_pretty(schema).unwrap_or_default()
}

/// The schema of `T` as serde reads it, every table written out where it
/// is used: a description beside a `$ref` is lost on some editors, and
/// taplo (Even Better TOML) ignores all else there.
fn generate<T: JsonSchema>() -> Value {
    let mut settings = schemars::generate::SchemaSettings::draft07().for_deserialize();
    settings.inline_subschemas = true;
    let mut schema = settings
        .with_transform(RecursiveTransform(drop_null))
        .with_transform(RecursiveTransform(drop_format))
        .into_generator()
        .into_root_schema_for::<T>()
        .to_value();
    words::describe_each(&mut schema);
    schema
}

/// Adds `rules` to the schema at `pointer`, replacing what was there.
fn add(schema: &mut Value, pointer: &str, rules: Value) {
    let at = schema.pointer_mut(pointer).and_then(Value::as_object_mut);
    debug_assert!(at.is_some(), "the schema has no {pointer}");
    if let (Some(at), Value::Object(rules)) = (at, rules) {
        at.extend(rules);
    }
}

/// The pointer to `key` in the table at `table`.
fn at(table: &str, key: &str) -> String {
    format!("{table}/{key}")
}

/// The formats schemars gives numbers ("int64", "double") are Rust's, not
/// the file's: TOML numbers are 64-bit anyway, and no editor checks them.
fn drop_format(schema: &mut Schema) {
    if let Some(object) = schema.as_object_mut() {
        object.remove("format");
    }
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
