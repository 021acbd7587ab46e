//! `stillpoint check` as a routine author meets it: the real binary, run on
//! broken routines, must say exactly what is wrong, where, and how to fix it.
//!
//! Every `X.toml` in `tests/fixtures/broken/` has an `X.expected` beside it:
//! the exact stderr of `stillpoint check X.toml`, run with that folder as the
//! current directory, followed by a line `exit: N`. A fixture that only
//! gives warnings also has `X.strict.expected`, the same for
//! `stillpoint check --strict X.toml`.
//!
//! To rewrite the expected files from what the binary prints now, run
//!
//! ```sh
//! BLESS=1 cargo test --test check_fixtures
//! ```
//!
//! then read every changed file with `git diff tests/fixtures` before you
//! commit it. Bless only messages a therapist would understand, that point
//! at the right line and column, and that never show a raw serde or TOML
//! library message.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use serde_json::Value;

/// Fixtures that only give warnings: `check` passes, `check --strict` fails.
const WARNING_ONLY: &[&str] = &[
    "between-without-repeat",
    "breathing-too-fast",
    "breathing-too-slow",
    "long-session",
    "no-instructions",
    "instructions-too-many-lines",
    "sound-missing-file",
    "sound-not-audio",
    "sound-unknown-builtin",
    "slip-bare-minute",
    "slip-breaths-not-whole",
    "slip-between-longer-than-step",
    "slip-sound-files",
    "toml11-only-syntax",
];

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixtures_dir() -> PathBuf {
    manifest_dir().join("tests/fixtures/broken")
}

fn blessing() -> bool {
    std::env::var_os("BLESS").is_some_and(|v| !v.is_empty() && v != "0")
}

/// The stems of every `.toml` fixture, sorted.
fn fixtures() -> Vec<String> {
    let mut stems: Vec<String> = fs::read_dir(fixtures_dir())
        .expect("tests/fixtures/broken exists")
        .map(|e| e.expect("readable folder entry").path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "toml"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    stems.sort();
    assert!(
        stems.len() >= 34,
        "expected at least 34 fixtures, found {}",
        stems.len()
    );
    stems
}

/// Runs the real binary in `dir` with a private, empty data folder, so the
/// user's own sounds folder can never change what `check` says.
fn stillpoint(dir: &Path, args: &[&str]) -> Output {
    let data = tempfile::tempdir().expect("a temporary data folder");
    Command::cargo_bin("stillpoint")
        .expect("the stillpoint binary is built")
        .current_dir(dir)
        .env("STILLPOINT_DATA_DIR", data.path())
        .env_remove("NO_COLOR")
        .args(args)
        .output()
        .expect("stillpoint runs")
}

fn code(output: &Output) -> i32 {
    output.status.code().expect("stillpoint exited, not killed")
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

/// What an `.expected` file holds: stderr, then the exit code.
fn transcript(output: &Output) -> String {
    format!("{}exit: {}\n", stderr(output), code(output))
}

/// A line diff of `expected` against `actual`, `-` for expected lines that
/// are missing and `+` for lines printed instead, with unchanged context.
fn diff(expected: &str, actual: &str) -> String {
    let a: Vec<&str> = expected.lines().collect();
    let b: Vec<&str> = actual.lines().collect();
    // Longest common subsequence table, filled from the end.
    let mut lcs = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = String::new();
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            out.push_str(&format!("  {}\n", a[i]));
            i += 1;
            j += 1;
        } else if i < a.len() && (j == b.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            out.push_str(&format!("- {}\n", a[i]));
            i += 1;
        } else {
            out.push_str(&format!("+ {}\n", b[j]));
            j += 1;
        }
    }
    if expected.ends_with('\n') != actual.ends_with('\n') {
        out.push_str("(the two differ in the newline at the end)\n");
    }
    out
}

/// Compares one run with its `.expected` file, or rewrites the file when
/// blessing. Returns a description of the mismatch, if any.
fn compare(expected_file: &Path, output: &Output) -> Option<String> {
    let actual = transcript(output);
    let name = expected_file.file_name().unwrap().to_string_lossy();
    if blessing() {
        fs::write(expected_file, &actual).expect("the expected file is writable");
        return None;
    }
    let Ok(expected) = fs::read_to_string(expected_file) else {
        return Some(format!(
            "{name} is missing; create it with BLESS=1 and read it.\nThe binary printed:\n{actual}"
        ));
    };
    (expected != actual).then(|| {
        format!(
            "{name} does not match (- expected, + actual):\n{}",
            diff(&expected, &actual)
        )
    })
}

fn fail_on_mismatches(mismatches: Vec<(String, String)>) {
    if mismatches.is_empty() {
        return;
    }
    let names: Vec<&str> = mismatches.iter().map(|(n, _)| n.as_str()).collect();
    panic!(
        "{} of the fixtures' outputs differ: {}\n\nFirst mismatch: {}\n\
         If the new output is right, run `BLESS=1 cargo test --test check_fixtures` \
         and read the diff before committing it.",
        mismatches.len(),
        names.join(", "),
        mismatches[0].1
    );
}

#[test]
fn every_fixture_prints_exactly_its_expected_diagnostics() {
    let dir = fixtures_dir();
    let mut mismatches = Vec::new();
    for stem in fixtures() {
        let file = format!("{stem}.toml");
        let output = stillpoint(&dir, &["check", &file]);
        if let Some(m) = compare(&dir.join(format!("{stem}.expected")), &output) {
            mismatches.push((file.clone(), m));
        }
        let strict_expected = dir.join(format!("{stem}.strict.expected"));
        if strict_expected.exists() || WARNING_ONLY.contains(&stem.as_str()) {
            let output = stillpoint(&dir, &["check", "--strict", &file]);
            if let Some(m) = compare(&strict_expected, &output) {
                mismatches.push((format!("{file} --strict"), m));
            }
        }
    }
    fail_on_mismatches(mismatches);
}

#[test]
fn every_expected_file_belongs_to_a_fixture() {
    let stems: BTreeSet<String> = fixtures().into_iter().collect();
    let mut strict = BTreeSet::new();
    for entry in fs::read_dir(fixtures_dir()).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if let Some(stem) = name.strip_suffix(".strict.expected") {
            strict.insert(stem.to_owned());
            assert!(stems.contains(stem), "{name} has no {stem}.toml");
        } else if let Some(stem) = name.strip_suffix(".expected") {
            assert!(stems.contains(stem), "{name} has no {stem}.toml");
        }
    }
    let warning_only: BTreeSet<String> = WARNING_ONLY.iter().map(|s| s.to_string()).collect();
    assert_eq!(
        strict, warning_only,
        "exactly the warning-only fixtures have a .strict.expected file"
    );
}

#[test]
fn every_fixture_fails_check_except_the_warning_only_ones() {
    let dir = fixtures_dir();
    let mut problems = Vec::new();
    for stem in fixtures() {
        let file = format!("{stem}.toml");
        let plain = stillpoint(&dir, &["check", &file]);
        let strict = stillpoint(&dir, &["check", "--strict", &file]);
        let err = stderr(&plain);
        let mut expect = |ok: bool, what: &str| {
            if !ok {
                problems.push(format!("{file}: {what}\n{err}"));
            }
        };
        if WARNING_ONLY.contains(&stem.as_str()) {
            expect(code(&plain) == 0, "only warns, so `check` should exit 0");
            expect(err.contains("warning: "), "should warn");
            expect(!err.contains("error: "), "should have no errors");
            expect(code(&strict) == 1, "`check --strict` should exit 1");
        } else {
            expect(code(&plain) == 1, "`check` should exit 1");
            expect(err.contains("error: "), "should report an error");
            expect(code(&strict) == 1, "`check --strict` should exit 1");
            expect(!stdout(&plain).contains("ok:"), "should not be reported ok");
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn json_diagnostics_match_the_human_ones() {
    let dir = fixtures_dir();
    let human = stderr(&stillpoint(&dir, &["check", "several-errors.toml"]));
    let json_run = stillpoint(&dir, &["check", "--format", "json", "several-errors.toml"]);
    assert_eq!(code(&json_run), 1);
    let parsed: Value = serde_json::from_str(&stdout(&json_run)).expect("check prints JSON");
    let items = parsed.as_array().expect("a JSON array of diagnostics");

    let headlines: Vec<&str> = human
        .lines()
        .filter(|l| l.starts_with("error: ") || l.starts_with("warning: "))
        .collect();
    let places: Vec<&str> = human
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("--> "))
        .collect();
    assert!(headlines.len() >= 5, "several errors at once:\n{human}");
    assert_eq!(items.len(), headlines.len(), "one JSON item per diagnostic");

    for ((item, headline), place) in items.iter().zip(&headlines).zip(&places) {
        for field in ["file", "line", "column", "severity", "message", "help"] {
            assert!(item.get(field).is_some(), "`{field}` in {item}");
        }
        assert_eq!(item["file"], "several-errors.toml");
        let severity = item["severity"].as_str().unwrap();
        let message = item["message"].as_str().unwrap();
        assert_eq!(*headline, format!("{severity}: {message}"));
        let shown = format!(
            "several-errors.toml:{}:{}",
            item["line"].as_u64().expect("a line number"),
            item["column"].as_u64().expect("a column number")
        );
        assert_eq!(*place, shown, "same place as the human output");
        assert!(item["help"].as_str().is_some_and(|h| !h.is_empty()));
    }
}

fn bundled_routines() -> Vec<String> {
    let mut files: Vec<String> = fs::read_dir(manifest_dir().join("routines"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml"))
        .map(|n| format!("routines/{n}"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    files
}

#[test]
fn every_bundled_routine_checks_clean() {
    let files = bundled_routines();
    for strict in [false, true] {
        let mut args = vec!["check"];
        if strict {
            args.push("--strict");
        }
        args.extend(files.iter().map(String::as_str));
        let output = stillpoint(&manifest_dir(), &args);
        let out = stdout(&output);
        assert_eq!(code(&output), 0, "{}{out}", stderr(&output));
        assert_eq!(stderr(&output), "", "no diagnostics at all");
        for file in &files {
            assert!(
                out.lines().any(|l| l.starts_with(&format!("ok: {file} ("))),
                "`ok: {file}` in:\n{out}"
            );
        }
        let n = files.len();
        assert!(
            out.ends_with(&format!(
                "checked {n} files: {n} ok (0 errors, 0 warnings)\n"
            )),
            "{out}"
        );
    }
}

#[test]
fn good_files_are_still_reported_ok_beside_bad_ones() {
    let output = stillpoint(
        &manifest_dir(),
        &[
            "check",
            "routines/desk-reset.toml",
            "tests/fixtures/broken/unknown-key.toml",
            "routines/box-breathing.toml",
        ],
    );
    assert_eq!(code(&output), 1);
    let out = stdout(&output);
    let err = stderr(&output);
    assert!(
        out.contains("ok: routines/desk-reset.toml (\"Desk reset\""),
        "{out}"
    );
    assert!(
        out.contains("ok: routines/box-breathing.toml (\"Box breathing\""),
        "{out}"
    );
    assert!(!out.contains("unknown-key"), "{out}");
    assert!(
        err.starts_with(
            "error: unknown key `colour` in step 1 (\"Neck kneading\")\n \
             --> tests/fixtures/broken/unknown-key.toml:8:1\n"
        ),
        "{err}"
    );
    assert!(
        err.ends_with("checked 3 files: 2 ok, 1 failed (1 error, 0 warnings)\n"),
        "{err}"
    );
}

/// Runs `check NAME` in `dir` and compares all of stderr and the exit code.
fn assert_check(dir: &Path, name: &str, expected: &str) {
    let output = stillpoint(dir, &["check", name]);
    let actual = transcript(&output);
    assert!(
        actual == expected,
        "check {name} (- expected, + actual):\n{}",
        diff(expected, &actual)
    );
    assert_eq!(stdout(&output), "", "nothing is ok, so nothing on stdout");
}

#[test]
fn a_ten_megabyte_file_is_refused_without_reading_it() {
    let dir = tempfile::tempdir().unwrap();
    let big = fs::File::create(dir.path().join("huge.toml")).unwrap();
    big.set_len(10 * 1024 * 1024).unwrap();
    assert_check(
        dir.path(),
        "huge.toml",
        "error: `huge.toml` is 10240 KiB; a routine file may be at most 256 KiB\n  \
         --> huge.toml\n   \
         = help: is this really a routine? split very long routines into several files\n\
         \n\
         checked 1 file: 0 ok, 1 failed (1 error, 0 warnings)\n\
         exit: 1\n",
    );
}

#[test]
fn a_file_just_over_the_limit_is_refused_and_one_at_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let fixture = fs::read_to_string(fixtures_dir().join("no-instructions.toml")).unwrap();
    let limit = 256 * 1024;
    // A routine padded with a comment to exactly the limit is still read.
    let mut at_limit = fixture.clone();
    at_limit.push('#');
    at_limit.push_str(&"x".repeat(limit - at_limit.len() - 1));
    at_limit.push('\n');
    assert_eq!(at_limit.len(), limit);
    fs::write(dir.path().join("at-limit.toml"), &at_limit).unwrap();
    let output = stillpoint(dir.path(), &["check", "at-limit.toml"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));

    fs::write(dir.path().join("over.toml"), at_limit + "\n").unwrap();
    assert_check(
        dir.path(),
        "over.toml",
        "error: `over.toml` is 257 KiB; a routine file may be at most 256 KiB\n  \
         --> over.toml\n   \
         = help: is this really a routine? split very long routines into several files\n\
         \n\
         checked 1 file: 0 ok, 1 failed (1 error, 0 warnings)\n\
         exit: 1\n",
    );
}

#[test]
fn a_folder_is_not_a_routine() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("evening.toml")).unwrap();
    assert_check(
        dir.path(),
        "evening.toml",
        "error: `evening.toml` is a folder, not a routine file\n  \
         --> evening.toml\n   \
         = help: name a .toml file inside it, e.g. `routines/desk-reset.toml`\n\
         \n\
         checked 1 file: 0 ok, 1 failed (1 error, 0 warnings)\n\
         exit: 1\n",
    );
}

#[test]
fn a_missing_file_is_named() {
    let dir = tempfile::tempdir().unwrap();
    assert_check(
        dir.path(),
        "desk-rest.toml",
        "error: no routine file at `desk-rest.toml`\n  \
         --> desk-rest.toml\n   \
         = help: check the spelling of the path, or run `stillpoint list` to see the routines you have\n\
         \n\
         checked 1 file: 0 ok, 1 failed (1 error, 0 warnings)\n\
         exit: 1\n",
    );
}

#[test]
fn a_fifo_is_refused_without_blocking() {
    let dir = tempfile::tempdir().unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(dir.path().join("pipe.toml"))
        .status();
    match made {
        Ok(status) if status.success() => {}
        other => {
            println!("skipped: mkfifo is not available here ({other:?})");
            return;
        }
    }
    // Nobody writes to the pipe: opening it to read would hang forever, so
    // this test also proves that `check` never opens it.
    assert_check(
        dir.path(),
        "pipe.toml",
        "error: `pipe.toml` is not a regular file\n  \
         --> pipe.toml\n   \
         = help: a routine is a plain .toml text file; devices, pipes and sockets are not read\n\
         \n\
         checked 1 file: 0 ok, 1 failed (1 error, 0 warnings)\n\
         exit: 1\n",
    );
}

#[cfg(unix)]
#[test]
fn a_sound_linked_out_of_the_folder_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("secret.wav"), b"RIFF").unwrap();
    fs::create_dir(dir.path().join("sounds")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.wav"),
        dir.path().join("sounds/bell.wav"),
    )
    .unwrap();
    let routine = fs::read_to_string(fixtures_dir().join("sound-outside-folder.toml"))
        .unwrap()
        .replace("../secret.wav", "sounds/bell.wav");
    fs::write(dir.path().join("linked.toml"), routine).unwrap();
    assert_check(
        dir.path(),
        "linked.toml",
        "error: the sound `sounds/bell.wav` links outside the routine's folder\n \
         --> linked.toml:8:9\n  \
         |\n\
         8 | sound = \"sounds/bell.wav\"\n  \
         |         ^^^^^^^^^^^^^^^^^ copy the sound file into the routine's folder\n\
         \n\
         checked 1 file: 0 ok, 1 failed (1 error, 0 warnings)\n\
         exit: 1\n",
    );
}
