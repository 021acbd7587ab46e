//! `play --from`, `--no-journal` and `--watch` through the real binary in
//! plain mode, read back line by line as a screen reader hears them, and
//! the journal file after.

use assert_cmd::Command;

const SHORT: &str = "tests/fixtures/routines/short.toml";

fn stillpoint(data: &std::path::Path) -> Command {
    let mut cmd = Command::cargo_bin("stillpoint").unwrap();
    cmd.env("STILLPOINT_DATA_DIR", data)
        .env("XDG_CONFIG_HOME", data.join("config"))
        .env("LANG", "C.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_CTYPE")
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

/// `play --plain --no-audio ARGS` in a pipe: its exit status, stdout and
/// stderr.
fn play(data: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let out = stillpoint(data)
        .args(["play", "--plain", "--no-audio"])
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// The lines of the short routine from step 3 on, to its end.
const FROM_STEP_3: &str = "Step 3 of 3: Slow breaths, 1 breath, 3 seconds.
Breathe in, and out slowly.
Starting.
Breathe in, 1
Breathe out, 2
Done. Short test routine is complete.
";

#[test]
fn from_a_step_number_it_starts_there_and_the_record_counts_only_what_was_played() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = play(dir.path(), &["--from", "3", SHORT]);
    assert_eq!(code, 0, "{err}");
    let journal = dir.path().join("journal.jsonl");
    assert_eq!(
        out,
        format!(
            "Sound is off (--no-audio); these lines carry every cue.\n{FROM_STEP_3}Saved to your journal ({}).\n",
            journal.display()
        )
    );
    let record: serde_json::Value =
        serde_json::from_str(std::fs::read_to_string(&journal).unwrap().trim()).unwrap();
    assert_eq!(record["steps_done"], 1, "{record}");
    assert_eq!(record["steps_total"], 3);
    assert_eq!(record["skipped_steps"], serde_json::json!([1, 2]));
    assert_eq!(record["outcome"]["kind"], "completed");
}

#[test]
fn from_a_title_in_any_case_as_a_preview_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let (code, out, err) = play(&data, &["--from", "NECK kneading", "--no-journal", SHORT]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        format!(
            "Sound is off (--no-audio); these lines carry every cue.
A preview: nothing is recorded in the journal.
Step 2 of 3: Neck kneading, 4 seconds. Start on the left side.
Knead the side of your neck with your fingertips.
Starting.
Switch to the right side.
{FROM_STEP_3}Not recorded: a preview (--no-journal).
"
        )
    );
    assert!(!data.exists(), "a preview made the data folder");
}

#[test]
fn a_preview_leaves_a_journal_there_already_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("journal.jsonl");
    // Run once to have a journal, then preview.
    let (code, _, err) = play(dir.path(), &["--from", "3", SHORT]);
    assert_eq!(code, 0, "{err}");
    let before = std::fs::read(&journal).unwrap();
    let (code, out, err) = play(dir.path(), &["--from", "3", "--no-journal", SHORT]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.ends_with("Not recorded: a preview (--no-journal).\n"),
        "{out}"
    );
    assert_eq!(std::fs::read(&journal).unwrap(), before);
}

#[test]
fn watching_records_nothing_unless_journal_is_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let routine = dir.path().join("short.toml");
    std::fs::copy(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(SHORT),
        &routine,
    )
    .unwrap();
    let file = routine.to_str().unwrap();
    let data = dir.path().join("data");
    let (code, out, err) = play(&data, &["--watch", "--from", "3", file]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("A preview: nothing is recorded in the journal.\nEach time the file is saved, it is reloaded here.\n"),
        "{out}"
    );
    assert!(
        out.ends_with("Not recorded: a preview (--no-journal).\n"),
        "{out}"
    );
    assert!(!data.join("journal.jsonl").exists());
    let (code, out, err) = play(&data, &["--watch", "--journal", "--from", "3", file]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.ends_with(&format!(
            "Saved to your journal ({}).\n",
            data.join("journal.jsonl").display()
        )),
        "{out}"
    );
}

#[test]
fn an_unknown_step_is_named_with_the_steps_there_are() {
    let dir = tempfile::tempdir().unwrap();
    let steps = "  = the steps, by number and title:
     1  Warm compress
     2  Neck kneading
     3  Slow breaths
";
    let (code, out, err) = play(dir.path(), &["--from", "neck", SHORT]);
    assert_eq!((code, out.as_str()), (1, ""));
    assert_eq!(
        err,
        format!(
            "error: Short test routine has no step called `neck`
  = help: did you mean `--from \"Neck kneading\"`?
{steps}"
        )
    );
    let (code, _, err) = play(dir.path(), &["--from", "4", SHORT]);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        format!("error: Short test routine has no step 4: its steps are numbered 1 to 3\n{steps}")
    );
    assert!(!dir.path().join("journal.jsonl").exists());
}

#[test]
fn a_bundled_routine_has_no_file_to_watch() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = play(dir.path(), &["--watch", "desk-reset"]);
    assert_eq!((code, out.as_str()), (1, ""));
    assert_eq!(
        err,
        "error: `desk-reset` is built into stillpoint: there is no file to watch
  = help: --watch is for a routine file you are writing, e.g. `stillpoint play my-routine.toml --watch`; `stillpoint new NAME` starts one
"
    );
}

#[test]
fn no_journal_and_journal_together_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = play(dir.path(), &["--no-journal", "--journal", SHORT]);
    assert_eq!(code, 2);
    assert!(
        err.contains("the argument '--no-journal' cannot be used with '--journal'"),
        "{err}"
    );
}
