//! Programs as a therapist writes them and a patient follows them, through
//! the real binary: `check` on program files with exact output, `program
//! start|status|stop`, and `due` for a shell's prompt on hand-made journals.

mod journal_support;

use std::fs;
use std::path::{Path, PathBuf};

use journal_support::{at, following_desk_tension, session, stillpoint, write_journal};
use stillpoint::journal::diary::Attack;
use stillpoint::journal::{Outcome, Record};

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/programs")
}

fn blessing() -> bool {
    std::env::var_os("BLESS").is_some_and(|v| !v.is_empty() && v != "0")
}

#[test]
fn every_broken_program_prints_exactly_its_expected_diagnostics() {
    let dir = fixtures().join("broken");
    let mut stems: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    stems.sort();
    assert!(stems.len() >= 6, "{stems:?}");
    let data = tempfile::tempdir().unwrap();
    for stem in stems {
        let out = stillpoint(data.path())
            .current_dir(&dir)
            .args(["check", &format!("{stem}.toml")])
            .output()
            .unwrap();
        let got = format!(
            "{}exit: {}\n",
            String::from_utf8_lossy(&out.stderr),
            out.status.code().unwrap_or(-1)
        );
        let expected_path = dir.join(format!("{stem}.expected"));
        if blessing() {
            fs::write(&expected_path, &got).unwrap();
            continue;
        }
        let expected = fs::read_to_string(&expected_path)
            .unwrap_or_else(|_| panic!("{stem}.expected is missing; run with BLESS=1"));
        assert_eq!(got, expected, "{stem}");
    }
}

#[test]
fn the_bundled_programs_pass_check_strict() {
    let data = tempfile::tempdir().unwrap();
    let out = stillpoint(data.path())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "check",
            "--strict",
            "routines/programs/desk-tension.toml",
            "routines/programs/migraine-prone-days.toml",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("ok: routines/programs/desk-tension.toml (program \"Desk tension, four weeks\", 4 weeks)"), "{said}");
}

fn due(data: &Path, now: &str) -> String {
    let out = stillpoint(data)
        .args(["due", "--now", now])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "due exits 0 either way");
    assert!(
        out.stderr.is_empty(),
        "nothing on stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn desk_reset(start: &str) -> Record {
    session("Desk reset", start, 5, Some(5), Some(3))
}

const DUE: &str = "Stillpoint: desk-reset due today · stillpoint play desk-reset\n";

#[test]
fn due_says_one_line_until_the_session_of_the_day_is_done() {
    let data = tempfile::tempdir().unwrap();
    following_desk_tension(data.path(), "2026-12-03");
    assert_eq!(due(data.path(), "2026-12-03T09:00:00"), DUE);
    write_journal(data.path(), &[desk_reset("2026-12-03T12:00:00+01:00")]);
    assert_eq!(due(data.path(), "2026-12-03T13:00:00"), "", "done today");
    assert_eq!(
        due(data.path(), "2026-12-04T09:00:00"),
        DUE,
        "two more this week"
    );
}

#[test]
fn due_is_silent_once_the_week_s_sessions_are_done_and_due_again_next_week() {
    let data = tempfile::tempdir().unwrap();
    following_desk_tension(data.path(), "2026-12-03");
    write_journal(
        data.path(),
        &[
            desk_reset("2026-12-03T12:00:00+01:00"),
            desk_reset("2026-12-04T12:00:00+01:00"),
            desk_reset("2026-12-05T12:00:00+01:00"),
        ],
    );
    assert_eq!(
        due(data.path(), "2026-12-09T09:00:00"),
        "",
        "3 of 3 in week 1"
    );
    // Week 2 begins on the 10th, a week after the start: three again, and
    // box breathing twice.
    assert_eq!(
        due(data.path(), "2026-12-10T09:00:00"),
        "Stillpoint: desk-reset and box-breathing due today · stillpoint play desk-reset\n"
    );
}

#[test]
fn a_session_skipped_through_does_not_count() {
    let data = tempfile::tempdir().unwrap();
    following_desk_tension(data.path(), "2026-12-03");
    let Record::Session(mut skipped) = desk_reset("2026-12-03T12:00:00+01:00") else {
        unreachable!()
    };
    skipped.active_seconds = 20;
    skipped.outcome = Outcome::EndedEarly {
        reason: stillpoint::journal::EndReason::Skipped,
    };
    write_journal(data.path(), &[Record::Session(skipped)]);
    assert_eq!(due(data.path(), "2026-12-03T13:00:00"), DUE);
}

#[test]
fn a_session_counts_on_the_day_it_was_lived_in_its_own_time_zone() {
    let data = tempfile::tempdir().unwrap();
    following_desk_tension(data.path(), "2026-12-03");
    // 23:30 in New York on the 3rd is the 4th in UTC.
    write_journal(data.path(), &[desk_reset("2026-12-03T23:30:00-05:00")]);
    assert_eq!(
        due(data.path(), "2026-12-03T23:45:00"),
        "",
        "quiet hours anyway"
    );
    let out = stillpoint(data.path())
        .args(["program", "status"])
        .output()
        .unwrap();
    let status = String::from_utf8_lossy(&out.stdout);
    assert!(status.contains("Desk tension, four weeks"), "{status}");
    let due_on_4th = due(data.path(), "2026-12-04T09:00:00");
    assert_eq!(
        due_on_4th, DUE,
        "the 3rd's session does not make the 4th done"
    );
}

#[test]
fn due_is_silent_during_an_open_attack_and_after_the_quiet_hour() {
    let data = tempfile::tempdir().unwrap();
    following_desk_tension(data.path(), "2026-12-03");
    assert_eq!(
        due(data.path(), "2026-12-03T21:00:00"),
        "",
        "quiet from 21:00"
    );
    fs::create_dir_all(data.path().join("config-home/stillpoint")).unwrap();
    fs::write(
        data.path().join("config-home/stillpoint/config.toml"),
        "quiet_after = \"22:30\"\n",
    )
    .unwrap();
    assert_eq!(
        due(data.path(), "2026-12-03T21:00:00"),
        DUE,
        "quiet_after moved"
    );
    write_journal(
        data.path(),
        &[Record::Attack(Attack::new(at("2026-12-03T08:00:00+01:00")))],
    );
    assert_eq!(
        due(data.path(), "2026-12-03T21:00:00"),
        "",
        "a headache going on"
    );
}

#[test]
fn due_is_silent_without_a_program_or_with_a_damaged_one() {
    let data = tempfile::tempdir().unwrap();
    assert_eq!(due(data.path(), "2026-12-03T09:00:00"), "");
    fs::write(data.path().join("program.json"), "{ damaged").unwrap();
    assert_eq!(due(data.path(), "2026-12-03T09:00:00"), "");
}

#[test]
fn start_status_and_stop_follow_one_program_at_a_time() {
    let data = tempfile::tempdir().unwrap();
    let start = |args: &[&str]| {
        stillpoint(data.path())
            .arg("program")
            .args(args)
            .output()
            .unwrap()
    };
    let out = start(&["start", "desk-tension"]);
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.starts_with("Following \"Desk tension, four weeks\": 4 weeks from "),
        "{said}"
    );
    assert!(said.contains("Week 1: desk-reset 3 times"), "{said}");
    let again = start(&["start", "migraine-prone-days"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&again.stderr)
            .contains("`stillpoint program stop` first, or start with --replace")
    );
    let replaced = start(&["start", "migraine-prone-days", "--replace"]);
    assert!(replaced.status.success());
    let status = String::from_utf8_lossy(&start(&["status"]).stdout).into_owned();
    assert!(
        status.starts_with("Around migraine-prone days, two weeks\nWeek 1 of 2, from "),
        "{status}"
    );
    assert!(
        status.contains("resonance-breathing: 0 of 4 this week · due today"),
        "{status}"
    );
    let stopped = start(&["stop"]);
    let said = String::from_utf8_lossy(&stopped.stdout);
    assert!(
        said.starts_with("You follow no program now. Your sessions stay in the journal.\n\"Around migraine-prone days, two weeks\", followed from "),
        "{said}"
    );
    assert!(
        said.ends_with(", stays in the report: `stillpoint program report`.\n"),
        "{said}"
    );
    assert!(!data.path().join("program.json").exists());
    // Both kept for the report: the one replaced, then the one stopped.
    let ended: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(data.path().join("programs-ended.json")).unwrap())
            .unwrap();
    let sources: Vec<&str> = ended
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["source"].as_str().unwrap())
        .collect();
    assert_eq!(
        sources,
        [
            "bundled:desk-tension.toml",
            "bundled:migraine-prone-days.toml"
        ]
    );
    assert_eq!(
        String::from_utf8_lossy(&start(&["stop"]).stdout),
        "You follow no program.\n"
    );
    let broken = start(&["start", "desk-tensoin"]);
    assert_eq!(broken.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&broken.stderr).contains("did you mean `desk-tension`?"));
}

#[test]
fn a_damaged_file_of_programs_ended_is_left_as_it_is_and_the_program_stays() {
    let data = tempfile::tempdir().unwrap();
    let program = |args: &[&str]| {
        stillpoint(data.path())
            .arg("program")
            .args(args)
            .output()
            .unwrap()
    };
    assert!(program(&["start", "desk-tension"]).status.success());
    let damaged = data.path().join("programs-ended.json");
    fs::write(&damaged, "[{ damaged").unwrap();
    for args in [
        &["stop"][..],
        &["start", "migraine-prone-days", "--replace"],
    ] {
        let out = program(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("programs-ended.json is damaged"), "{err}");
        assert!(err.contains("nothing was changed"), "{err}");
    }
    assert_eq!(fs::read_to_string(&damaged).unwrap(), "[{ damaged");
    let status = String::from_utf8_lossy(&program(&["status"]).stdout).into_owned();
    assert!(status.starts_with("Desk tension, four weeks\n"), "{status}");
    // The report says what it leaves out, and shows the program followed.
    let out = stillpoint(data.path()).arg("report").output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("the report leaves the programs followed before out"),
        "{err}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("Program: Desk tension"));
}

#[test]
fn stop_clears_a_damaged_program_file_and_says_nothing_of_it_was_kept() {
    let data = tempfile::tempdir().unwrap();
    fs::write(data.path().join("program.json"), "{ damaged").unwrap();
    let out = stillpoint(data.path())
        .args(["program", "stop"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("warning: ") && err.contains("nothing of it could be kept for the report"),
        "{err}"
    );
    assert!(!data.path().join("program.json").exists());
    assert!(!data.path().join("programs-ended.json").exists());
}
