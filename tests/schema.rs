//! The committed schema is exactly what the code generates, and every
//! bundled routine points editors at it.

use std::fs;

#[test]
fn committed_schema_matches_the_generated_one() {
    let committed = fs::read_to_string("routines/routine.schema.json").unwrap();
    let generated = stillpoint::schema::json();
    assert_eq!(
        committed.trim_end(),
        generated.trim_end(),
        "routines/routine.schema.json is stale: run `cargo run -- schema > routines/routine.schema.json`"
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
fn every_routine_file_in_the_folder_is_bundled() {
    let mut files: Vec<String> = fs::read_dir("routines")
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    files.sort();
    let mut bundled: Vec<String> = stillpoint::library::BUNDLED
        .iter()
        .map(|(n, _)| n.to_string())
        .collect();
    bundled.sort();
    assert_eq!(files, bundled);
}

#[test]
fn schema_describes_every_key() {
    let schema: serde_json::Value = serde_json::from_str(&stillpoint::schema::json()).unwrap();
    let mut tables = vec![&schema];
    tables.extend(schema["definitions"].as_object().unwrap().values());
    for table in tables {
        if let Some(properties) = table["properties"].as_object() {
            for (key, property) in properties {
                assert!(
                    property.get("description").is_some(),
                    "`{key}` has no description"
                );
            }
        }
    }
}
