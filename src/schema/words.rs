//! The fixed sets of words (kinds, areas, sides…), each word with what it
//! means. schemars writes a documented enum as a `oneOf` of `const`s with
//! descriptions; taplo (Even Better TOML) would show every one of those
//! descriptions at once on hover. It shows the one for the word written,
//! and each word's in completions, from `x-taplo.docs.enumValues` beside
//! an `enum`, so the `oneOf` becomes that.

use serde_json::{Map, Value, json};

/// Rewrites every `oneOf` of `const`s in `schema` as an `enum` with its
/// words' descriptions.
pub fn describe_each(schema: &mut Value) {
    match schema {
        Value::Object(object) => {
            if let Some((words, meanings)) = object.get("oneOf").and_then(words) {
                object.remove("oneOf");
                object.insert("type".into(), "string".into());
                object.insert("enum".into(), words.into());
                object.insert(
                    "x-taplo".into(),
                    json!({ "docs": { "enumValues": meanings } }),
                );
            }
            object.values_mut().for_each(describe_each);
        }
        Value::Array(items) => items.iter_mut().for_each(describe_each),
        _ => {}
    }
}

/// The words of a `oneOf` whose every branch is one `const`, and what
/// each means (null where nothing is said).
fn words(one_of: &Value) -> Option<(Vec<Value>, Vec<Value>)> {
    let branches = one_of.as_array()?;
    let pairs: Option<Vec<(Value, Value)>> = branches
        .iter()
        .map(|branch| {
            let branch: &Map<String, Value> = branch.as_object()?;
            let word = branch.get("const")?.clone();
            let meaning = branch.get("description").cloned().unwrap_or(Value::Null);
            Some((word, meaning))
        })
        .collect();
    Some(pairs?.into_iter().unzip())
}
