//! What an editor marks with the schemas is what `stillpoint check`
//! refuses. Every routine and program fixture is read as TOML, turned into
//! JSON as an editor does, and validated; `check` (the library, errors
//! only) must refuse exactly the files the schema refuses, but for a few
//! named ones whose mistake a JSON Schema cannot state.

use std::fs;
use std::path::{Path, PathBuf};

use jsonschema::Validator;
use serde_json::{Value, json};
use stillpoint::program::found::routine_finder;
use stillpoint::routine::{self, RoutineSource, source};

/// Files `check` refuses and the schema lets through, each with why no
/// schema can tell. `routines/README.md` says the same in "What the editor
/// cannot check". Sorted by path.
const BEYOND_THE_SCHEMA: &[(&str, &str)] = &[
    (
        "tests/fixtures/broken/breathing-duration-too-many-cycles.toml",
        "a breathe step's duration fits more than 200 cycles: how many depends on the pattern's total",
    ),
    (
        "tests/fixtures/broken/total-over-4h.toml",
        "the whole session is longer than 4h: a sum over the steps, their sides and repeats",
    ),
    (
        "tests/fixtures/programs/broken/longer-than-a-year.toml",
        "the weeks with their repeats add up to more than 52: a sum",
    ),
    (
        "tests/fixtures/programs/broken/too-many-a-week.toml",
        "a week plans more than 21 sessions: a sum of times and days",
    ),
    (
        "tests/fixtures/programs/broken/unknown-routine.toml",
        "a routine the program names is not found: the schema cannot look for files",
    ),
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn validator(json: &str) -> Validator {
    let schema: Value = serde_json::from_str(json).expect("the schema is JSON");
    jsonschema::validator_for(&schema).expect("the schema is a valid draft-07 schema")
}

/// The `.toml` files in `folder` and, with `deep`, in the folders in it.
fn toml_files(folder: &Path, deep: bool, found: &mut Vec<PathBuf>) {
    let entries = fs::read_dir(folder).unwrap_or_else(|e| panic!("{}: {e}", folder.display()));
    for entry in entries {
        let path = entry.expect("a readable folder entry").path();
        if path.is_dir() && deep {
            toml_files(&path, deep, found);
        } else if path.extension().is_some_and(|e| e == "toml") {
            found.push(path);
        }
    }
}

fn fixtures() -> Vec<PathBuf> {
    let mut found = Vec::new();
    for (folder, deep) in [
        ("tests/fixtures/broken", false),
        ("tests/fixtures/routines", false),
        ("routines", false),
        ("tests/fixtures/programs", true),
        ("routines/programs", false),
    ] {
        toml_files(&root().join(folder), deep, &mut found);
    }
    found.sort();
    found
}

/// Whether `check` refuses the file: any error, warnings aside.
fn check_refuses(path: &Path) -> bool {
    let source = source::read(path).expect("a readable fixture");
    if stillpoint::program::is_program(&source.text) {
        let finds = routine_finder(source.folder.clone());
        let parsed = stillpoint::program::parse(&source.text, &finds);
        parsed.diagnostics.iter().any(|d| d.is_error())
    } else {
        routine::parse(&source).has_errors()
    }
}

#[test]
fn the_schemas_refuse_what_check_refuses() {
    let routines = validator(&stillpoint::schema::json());
    let programs = validator(&stillpoint::schema::program_json());
    let mut disagreements = Vec::new();
    let mut beyond_seen = Vec::new();
    let mut compared = 0;
    for path in fixtures() {
        let name = path
            .strip_prefix(root())
            .unwrap()
            .to_string_lossy()
            .into_owned();
        // Not TOML (or not UTF-8): a syntax fixture, which no schema sees.
        let Ok(text) = fs::read_to_string(&path) else {
            continue;
        };
        let Ok(table) = toml::from_str::<toml::Table>(&text) else {
            continue;
        };
        compared += 1;
        let data = serde_json::to_value(&table).expect("TOML becomes JSON");
        let schema = if stillpoint::program::is_program(&text) {
            &programs
        } else {
            &routines
        };
        let schema_refuses = !schema.is_valid(&data);
        let refused = check_refuses(&path);
        let beyond = BEYOND_THE_SCHEMA.iter().any(|(n, _)| *n == name);
        if beyond {
            beyond_seen.push(name.clone());
            assert!(
                refused && !schema_refuses,
                "{name} is listed as beyond the schema, but check refuses it: {refused}, the schema: {schema_refuses}"
            );
        } else if schema_refuses != refused {
            let why: Vec<String> = schema.iter_errors(&data).map(|e| e.to_string()).collect();
            disagreements.push(format!(
                "{name}: check refuses it: {refused}; the schema: {schema_refuses} {why:?}"
            ));
        }
    }
    assert!(compared >= 100, "only {compared} fixtures compared");
    assert!(
        disagreements.is_empty(),
        "{} disagreements:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
    let listed: Vec<&str> = BEYOND_THE_SCHEMA.iter().map(|(n, _)| *n).collect();
    assert_eq!(beyond_seen, listed, "a listed fixture is missing");
}

/// A routine of one step with `key = value` in it; `check` reads it as it
/// reads a file.
fn step_with(kind: &str, key: &str, value: Value) -> (String, Value) {
    let mut step = json!({ "title": "S", "kind": kind, "instructions": "Rest." });
    if key != "duration" && kind != "wait" {
        step["duration"] = json!(60);
    }
    step[key] = value;
    let data = json!({ "stillpoint": 1, "title": "T", "step": [step] });
    let text = toml::to_string(&data).expect("JSON becomes TOML");
    (text, data)
}

fn check_refuses_text(text: &str) -> bool {
    let source = RoutineSource {
        name: "t.toml".into(),
        text: text.into(),
        folder: None,
    };
    routine::parse(&source).has_errors()
}

/// Every string of up to `length` characters from `alphabet`.
fn strings(alphabet: &[char], length: usize) -> Vec<String> {
    let mut all = vec![String::new()];
    let mut last = vec![String::new()];
    for _ in 0..length {
        last = last
            .iter()
            .flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}")))
            .collect();
        all.extend(last.iter().cloned());
    }
    all
}

fn assert_agree(key: &str, kind: &str, values: impl IntoIterator<Item = Value>) {
    let routines = validator(&stillpoint::schema::json());
    let mut disagreements = Vec::new();
    for value in values {
        let (text, data) = step_with(kind, key, value.clone());
        let refused = check_refuses_text(&text);
        if routines.is_valid(&data) == refused {
            disagreements.push(format!("{value}: check refuses it: {refused}"));
        }
    }
    assert!(
        disagreements.is_empty(),
        "`{key}`: {} disagreements, e.g. {:?}",
        disagreements.len(),
        &disagreements[..disagreements.len().min(20)]
    );
}

#[test]
fn duration_texts_are_read_alike() {
    let written = strings(&['1', '0', 'h', 'm', 's', ' ', '-'], 5)
        .into_iter()
        .chain(
            [
                "2h", "2h1s", "2h0m0s", "1h60m", "1h59m60s", "1h59m61s", "7200", "7201",
            ]
            .map(String::from),
        )
        .chain(
            [
                "120m",
                "121m",
                "7200s",
                "7201s",
                "0007200s",
                "1 h 5 9 m",
                "5m1h",
                "90 s",
            ]
            .map(String::from),
        )
        .chain(
            [
                "1m30",
                "1.5m",
                "2 minutes",
                "\u{3000}90s",
                "٩٠s",
                "99999999999999999999h",
            ]
            .map(String::from),
        )
        .chain(
            (0..=7300)
                .step_by(7)
                .map(|n| format!("{}m{}s", n / 60, n % 60)),
        );
    assert_agree("duration", "rest", written.map(Value::from));
}

#[test]
fn durations_in_seconds_are_held_to_the_same_limits() {
    let numbers = [-1, 0, 1, 299, 300, 301, 7199, 7200, 7201, i64::MAX];
    for (key, kind) in [
        ("duration", "rest"),
        ("at_most", "wait"),
        ("between", "rest"),
    ] {
        assert_agree(key, kind, numbers.map(Value::from));
        assert_agree(key, kind, [json!(1.5), json!("60")]);
    }
    let leads = ["0", "0s", "5m", "5m1s", "301", "4m60s", "4m61s"];
    let routines = validator(&stillpoint::schema::json());
    for lead in leads
        .map(Value::from)
        .into_iter()
        .chain(numbers.map(Value::from))
    {
        let data = json!({ "stillpoint": 1, "title": "T", "lead_in": lead,
            "step": [{ "title": "S", "kind": "rest", "instructions": "Rest.", "duration": 60 }] });
        let text = toml::to_string(&data).unwrap();
        assert_eq!(
            routines.is_valid(&data),
            !check_refuses_text(&text),
            "lead_in = {lead}"
        );
    }
}

#[test]
fn sound_paths_are_refused_alike() {
    let paths = strings(&['/', '.', 'a'], 6).into_iter().chain(
        [
            "/etc/bell.wav",
            "../bell.ogg",
            "a/../../b.mp3",
            "./bell.wav",
            "bowl",
            "none",
        ]
        .map(String::from),
    );
    let paths: Vec<Value> = paths.map(Value::from).collect();
    assert_agree("sound", "rest", paths.iter().cloned());
    assert_agree("voice", "rest", paths);
}

#[test]
fn titles_and_sentences_are_refused_alike() {
    let texts = strings(
        &[
            ' ', 'a', '\t', '\n', '\u{3000}', '\u{85}', '\u{feff}', '\u{7f}',
        ],
        3,
    );
    let texts: Vec<Value> = texts.into_iter().map(Value::from).collect();
    assert_agree("title", "rest", texts.iter().cloned());
    assert_agree("say", "rest", texts.iter().cloned());
    assert_agree("instructions", "rest", texts);
    let long = |n: usize| Value::from(" ".repeat(3) + &"é".repeat(n));
    assert_agree("title", "rest", [long(77), long(80), long(81)]);
}

/// What `routines/README.md` says the editor cannot check and no fixture
/// shows: check refuses these, the schema does not.
#[test]
fn what_the_readme_says_the_editor_cannot_check_passes_the_schema() {
    let routines = validator(&stillpoint::schema::json());
    let (decimal_point, decimal_data) = step_with("rest", "repeat", json!(2.0));
    let long_breaths = json!({ "stillpoint": 1, "title": "T", "step": [{
        "title": "S", "kind": "breathe", "instructions": "Breathe.", "cycles": 61,
        "pattern": { "inhale": 30, "hold": 30, "exhale": 30, "rest": 30 },
    }] });
    let long_text = toml::to_string(&long_breaths).unwrap();
    for (text, data) in [(decimal_point, decimal_data), (long_text, long_breaths)] {
        assert!(check_refuses_text(&text), "{text}");
        assert!(routines.is_valid(&data), "{text}");
    }
}
