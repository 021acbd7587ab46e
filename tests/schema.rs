//! The committed schemas are exactly what the code generates, every
//! bundled routine and program points editors at its schema, and what the
//! schemas say an editor can show.

use std::fs;

use serde_json::Value;

fn assert_committed(path: &str, generated: &str, command: &str) {
    let committed = fs::read_to_string(path).unwrap();
    assert_eq!(
        committed.trim_end(),
        generated.trim_end(),
        "{path} is stale: run `cargo run -- {command} > {path}`"
    );
}

#[test]
fn committed_schemas_match_the_generated_ones() {
    assert_committed(
        "routines/routine.schema.json",
        &stillpoint::schema::json(),
        "schema",
    );
    assert_committed(
        "routines/program.schema.json",
        &stillpoint::schema::program_json(),
        "schema --program",
    );
}

#[test]
fn schema_program_prints_the_program_schema() {
    let printed = assert_cmd::Command::cargo_bin("stillpoint")
        .unwrap()
        .args(["schema", "--program"])
        .output()
        .unwrap();
    assert!(printed.status.success(), "{printed:?}");
    assert_eq!(
        String::from_utf8_lossy(&printed.stdout).trim_end(),
        stillpoint::schema::program_json()
    );
}

#[test]
fn every_bundled_routine_names_the_schema_on_its_first_line() {
    for (name, text) in stillpoint::library::BUNDLED {
        assert_eq!(
            text.lines().next(),
            Some("#:schema ./routine.schema.json"),
            "{name}"
        );
    }
}

#[test]
fn every_bundled_program_names_the_schema_on_its_first_line() {
    for (name, text) in stillpoint::program::found::BUNDLED {
        assert_eq!(
            text.lines().next(),
            Some("#:schema ../program.schema.json"),
            "{name}"
        );
    }
}

fn toml_files(folder: &str) -> Vec<String> {
    let mut files: Vec<String> = fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    files.sort();
    files
}

fn names(bundled: &[(&str, &str)]) -> Vec<String> {
    let mut names: Vec<String> = bundled.iter().map(|(n, _)| n.to_string()).collect();
    names.sort();
    names
}

#[test]
fn every_routine_and_program_file_in_the_folders_is_bundled() {
    assert_eq!(toml_files("routines"), names(stillpoint::library::BUNDLED));
    assert_eq!(
        toml_files("routines/programs"),
        names(stillpoint::program::found::BUNDLED)
    );
}

fn schemas() -> [(&'static str, Value); 2] {
    let parse = |json: String| serde_json::from_str::<Value>(&json).unwrap();
    [
        ("routine", parse(stillpoint::schema::json())),
        ("program", parse(stillpoint::schema::program_json())),
    ]
}

/// Every schema object in `schema`, with the path to it.
fn objects<'a>(path: String, schema: &'a Value, found: &mut Vec<(String, &'a Value)>) {
    match schema {
        Value::Object(object) => {
            found.push((path.clone(), schema));
            for (key, value) in object {
                objects(format!("{path}/{key}"), value, found);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                objects(format!("{path}/{i}"), item, found);
            }
        }
        _ => {}
    }
}

#[test]
fn every_key_and_every_word_has_a_description() {
    for (name, schema) in schemas() {
        let mut found = Vec::new();
        objects(String::new(), &schema, &mut found);
        let (mut keys, mut word_sets) = (0, 0);
        for (path, object) in found {
            if let Some(words) = object["enum"].as_array() {
                word_sets += 1;
                let meanings = object["x-taplo"]["docs"]["enumValues"].as_array();
                let meanings = meanings.unwrap_or_else(|| panic!("{name}: {path} has no meanings"));
                assert_eq!(meanings.len(), words.len(), "{name}: {path}");
                let described = |m: &Value| m.as_str().is_some_and(|m| !m.is_empty());
                assert!(meanings.iter().all(described), "{name}: {path}");
            }
            // A kind of step's rules only name the keys it takes, which
            // the step's own properties describe; the tests on `kind` name
            // the kind.
            if path.ends_with("/then") || path.ends_with("/if") {
                continue;
            }
            for (key, property) in object["properties"].as_object().into_iter().flatten() {
                keys += 1;
                assert!(
                    property["description"].is_string(),
                    "{name}: `{key}` at {path} has no description"
                );
            }
        }
        assert!(
            keys >= 10 && word_sets >= 1,
            "{name}: {keys} keys, {word_sets} word sets"
        );
    }
}

#[test]
fn no_reference_has_anything_beside_it() {
    for (name, schema) in schemas() {
        let mut found = Vec::new();
        objects(String::new(), &schema, &mut found);
        for (path, object) in found {
            if let Some(fields) = object.as_object()
                && fields.contains_key("$ref")
            {
                assert_eq!(fields.len(), 1, "{name}: {path} has more than its `$ref`");
            }
        }
    }
}
