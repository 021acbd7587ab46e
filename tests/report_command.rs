//! `stillpoint report` on a hand-made 90-day journal, and `stillpoint
//! midas`: the figures a clinician reads, every bad flag refused with
//! exit 1 and nothing written.
//!
//! The fixture, `tests/fixtures/journal/report-90-days.jsonl`, covers
//! 2025-01-01 to 2025-03-31 (Europe/Berlin), three 30-day blocks:
//! - Jan 1–30: a migraine (peak 7, 6 h) and a triptan on each of Jan 1–10
//!   (10 triptan days: flagged); check-ins without pain Jan 11–20, a
//!   session with pain 2 → 1 on Jan 12; nothing Jan 21–30; MIDAS 5 (I).
//! - Jan 31–Mar 1: tension headaches (peak 4, 3 h) and a triptan on Feb
//!   1–9 (9 days: no flag); one across midnight Feb 20 22:00 – Feb 21
//!   03:00; check-ins without pain Feb 22–28.
//! - Mar 2–31: migraines Mar 2–11 with a triptan on Mar 2–6 and ibuprofen
//!   (simple) on Mar 7–11 (mixed classes, 10 days: flagged); a
//!   preventive daily from Mar 15 (not acute); pain without an attack on
//!   Mar 20 and 21; an attack across the change to summer time, Mar 29
//!   23:30+01:00 to Mar 30 04:00+02:00; MIDAS 3,4,2,5,1 = 15 (III).
//! - Outside: an attack on Dec 31 and a triptan on Apr 1, never counted.

mod journal_support;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use journal_support::run_in_berlin as run;
use serde_json::Value;
use tempfile::TempDir;

const FIXTURE: &str = "tests/fixtures/journal/report-90-days.jsonl";

fn with_fixture() -> TempDir {
    let dir = TempDir::new().unwrap();
    fs::copy(FIXTURE, dir.path().join("journal.jsonl")).unwrap();
    dir
}

fn report_json(dir: &Path, extra: &[&str]) -> Value {
    let mut args = vec!["report", "--until", "2025-03-31", "--format", "json"];
    args.extend_from_slice(extra);
    let (code, out, err) = run(dir, &args);
    assert_eq!(code, Some(0), "{err}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"))
}

#[test]
fn the_json_report_has_the_fixture_s_known_figures() {
    let dir = with_fixture();
    let r = report_json(dir.path(), &[]);
    let period = &r["period"];
    assert_eq!(period["first"], "2025-01-01");
    assert_eq!(period["last"], "2025-03-31");
    assert_eq!(period["days"], 90);
    assert_eq!(period["recorded_days"], 60);
    assert_eq!(period["headache_days"], 33);
    assert_eq!(period["not_recorded_days"], 30);
    let blocks = r["blocks"].as_array().unwrap();
    assert_eq!(blocks.len(), 3);
    let figure = |key: &str| -> Vec<Value> { blocks.iter().map(|b| b[key].clone()).collect() };
    assert_eq!(figure("first"), ["2025-01-01", "2025-01-31", "2025-03-02"]);
    assert_eq!(figure("headache_days"), [10, 11, 12]);
    assert_eq!(figure("migraine_days"), [10, 0, 10]);
    assert_eq!(figure("headache_free_days"), [9, 7, 8]);
    assert_eq!(figure("pain_without_attack_days"), [1, 0, 2]);
    assert_eq!(figure("not_recorded_days"), [10, 12, 8]);
    assert_eq!(figure("attacks"), [10, 10, 11]);
    assert_eq!(figure("median_attack_minutes"), [360.0, 180.0, 120.0]);
    let meds = |path: &str| -> Vec<Value> {
        blocks
            .iter()
            .map(|b| b["medication_days"].pointer(path).unwrap().clone())
            .collect()
    };
    assert_eq!(meds("/total"), [10, 9, 10]);
    assert_eq!(meds("/by_class/triptan"), [10, 9, 5]);
    assert_eq!(meds("/by_class/simple"), [0, 0, 5]);
    assert_eq!(meds("/by_class/preventive"), [0, 0, 17]);
    assert_eq!(meds("/by_class/opioid"), [0, 0, 0]);
    // 10 triptan days flagged, 9 not, 10 days of two classes together.
    let flags: Vec<Vec<String>> = blocks
        .iter()
        .map(|b| {
            b["flags"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| format!("{} {}", f["kind"], f["days"]))
                .collect()
        })
        .collect();
    assert_eq!(
        flags,
        [
            vec![r#""medication" 10"#.to_owned()],
            vec![],
            vec![r#""medication_mix" 10"#.to_owned()]
        ]
    );
    let text = blocks[0]["flags"][0]["text"].as_str().unwrap();
    assert!(
        text.ends_with("worth discussing with your clinician."),
        "{text}"
    );
    assert_eq!(r["midas"]["score"], 15);
    assert_eq!(r["midas"]["grade"], "III");
    assert_eq!(r["midas"]["date"], "2025-03-31");
    assert_eq!(r["medication_days"]["triptan"], 24);
    // Relief pairs each session's own before and after; the session too
    // short to count is left out.
    let relief = &r["relief"];
    assert_eq!(relief[0]["routine"], "Desk reset");
    assert_eq!(relief[0]["during_attacks"]["mean_relief"], 3.0);
    assert_eq!(relief[0]["between_attacks"]["sessions"], 1);
    assert_eq!(relief[1]["routine"], "Neck release");
    assert_eq!(relief[1]["during_attacks"]["mean_relief"], 2.0);
    assert_eq!(relief[1]["during_attacks"]["rated"], 2);
    assert_eq!(relief[1]["between_attacks"]["mean_relief"], 1.0);
    // Across midnight and across the change of offset: both dates.
    let kind = |date: &str| {
        r["days"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["date"] == date)
            .map(|d| d["kind"].clone())
            .unwrap()
    };
    for date in ["2025-02-20", "2025-02-21", "2025-03-29", "2025-03-30"] {
        assert_eq!(kind(date), "headache", "{date}");
    }
    assert_eq!(kind("2025-01-25"), "not_recorded");
    assert_eq!(kind("2025-03-31"), "headache_free");
}

#[test]
fn the_text_report_is_one_terminal_page_of_plain_lines() {
    let dir = with_fixture();
    let (code, out, err) = run(
        dir.path(),
        &[
            "report",
            "--until",
            "2025-03-31",
            "--questions",
            "Is my preventive working?",
        ],
    );
    assert_eq!(code, Some(0), "{err}");
    for line in out.lines() {
        assert!(line.chars().count() <= 80, "too wide: {line:?}");
    }
    for wanted in [
        "Headache diary report, 1 Jan 2025 to 31 Mar 2025 (90 days)",
        "Days recorded: 60 of 90.",
        "Worth discussing with your clinician:",
        "MIDAS (31 Mar 2025): score 15, grade III (moderate disability)",
        "triptan 24, simple",
        "preventive 17.",
        "2025-03-24  o0  o0  o0  o0  o0  H8  H8",
        "1. Is my preventive working?",
    ] {
        assert!(out.contains(wanted), "{wanted:?} missing in\n{out}");
    }
}

#[test]
fn questions_come_from_questions_txt_and_the_flags() {
    let dir = with_fixture();
    let config = dir.path().join("config-home/stillpoint");
    fs::create_dir_all(&config).unwrap();
    fs::write(
        config.join("questions.txt"),
        "# my questions\nCan I take a triptan twice a day?\n\n",
    )
    .unwrap();
    let r = report_json(dir.path(), &["--questions", "What about magnesium?"]);
    assert_eq!(
        r["questions"],
        serde_json::json!(["Can I take a triptan twice a day?", "What about magnesium?"])
    );
}

#[test]
fn output_goes_to_a_private_file_and_says_where() {
    let dir = with_fixture();
    let file = dir.path().join("for-the-doctor.html");
    let shown = file.to_str().unwrap();
    let (code, out, err) = run(
        dir.path(),
        &[
            "report",
            "--until",
            "2025-03-31",
            "--format",
            "html",
            "-o",
            shown,
        ],
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.contains(&format!("Wrote the report to {shown}")),
        "{out}"
    );
    let mode = fs::metadata(&file).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let html = fs::read_to_string(&file).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    for banned in ["<script", "http://", "https://", "<link", "@import", "url("] {
        assert!(!html.contains(banned), "{banned} in the page");
    }
    assert!(html.contains("<svg class=\"calendar\""));
}

#[test]
fn every_bad_flag_is_refused_with_exit_1_and_nothing_written() {
    let dir = with_fixture();
    let file = dir.path().join("report.txt");
    let out = file.to_str().unwrap();
    for (args, said) in [
        (
            vec!["--since", "2025-02-30"],
            "--since `2025-02-30` is not a date",
        ),
        (vec!["--since", "yesterday"], "is not a date"),
        (vec!["--since", "2999-01-01"], "is in the future"),
        (vec!["--until", "2999-01-01"], "is in the future"),
        (
            vec!["--days", "0"],
            "--days `0` is not a number of days from 1 to 366",
        ),
        (vec!["--days", "-3"], "is not a number of days"),
        (vec!["--days", "ten"], "is not a number of days"),
        (vec!["--days", "367"], "from 1 to 366"),
        (
            vec!["--since", "2025-01-01", "--days", "10"],
            "give --since or --days, not both",
        ),
        (
            vec!["--format", "pdf"],
            "--format `pdf` is not one of the formats",
        ),
        (
            vec!["--until", "2025-01-01", "--since", "2025-02-01"],
            "is after --until",
        ),
        (
            vec!["--since", "2020-01-01", "--until", "2025-01-01"],
            "more than 366 days",
        ),
    ] {
        let mut all = vec!["report", "-o", out];
        all.extend(&args);
        let (code, _, err) = run(dir.path(), &all);
        assert_eq!(code, Some(1), "{args:?}: {err}");
        assert!(err.contains(said), "{args:?}: {err}");
        assert!(!file.exists(), "{args:?} wrote a file");
    }
    let long = "x".repeat(201);
    let (code, _, err) = run(dir.path(), &["report", "--questions", &long]);
    assert_eq!(code, Some(1));
    assert!(err.contains("longer than fits"), "{err}");
    let many: Vec<&str> = (0..7).flat_map(|_| ["--questions", "Why?"]).collect();
    let mut args = vec!["report"];
    args.extend(many);
    let (code, _, err) = run(dir.path(), &args);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("7 questions are more than fit on the page; the most is 6"),
        "{err}"
    );
}

fn midas(dir: &Path, answers: &str, days: &str, pain: &str) -> (Option<i32>, String, String) {
    run(
        dir,
        &[
            "midas",
            "--answers",
            answers,
            "--headache-days",
            days,
            "--average-pain",
            pain,
        ],
    )
}

#[test]
fn midas_grades_change_between_5_and_6_10_and_11_20_and_21() {
    for (answers, score, grade, meaning) in [
        ("1,1,1,1,1", 5, "I", "little or no disability"),
        ("2,1,1,1,1", 6, "II", "mild disability"),
        ("2,2,2,2,2", 10, "II", "mild disability"),
        ("3,2,2,2,2", 11, "III", "moderate disability"),
        ("4,4,4,4,4", 20, "III", "moderate disability"),
        ("5,4,4,4,4", 21, "IV", "severe disability"),
    ] {
        let dir = TempDir::new().unwrap();
        let (code, out, err) = midas(dir.path(), answers, "12", "6");
        assert_eq!(code, Some(0), "{err}");
        assert!(
            out.contains(&format!("MIDAS score {score}: grade {grade} (")),
            "{answers}: {out}"
        );
        assert!(out.contains(meaning), "{out}");
        assert!(out.contains("Saved the answers"), "{out}");
        let r = report_json_today(dir.path());
        assert_eq!(r["midas"]["score"], score);
        assert_eq!(r["midas"]["grade"], grade);
    }
}

fn report_json_today(dir: &Path) -> Value {
    let (code, out, err) = run(dir, &["report", "--format", "json"]);
    assert_eq!(code, Some(0), "{err}");
    serde_json::from_str(&out).unwrap()
}

#[test]
fn midas_refuses_bad_answers_and_writes_nothing() {
    let dir = TempDir::new().unwrap();
    let journal = dir.path().join("journal.jsonl");
    for (args, said) in [
        (
            ["1,2,3,4", "10", "5"],
            "takes 5 numbers of days separated by commas, not 4",
        ),
        (["1,2,3,4,5,6", "10", "5"], "not 6"),
        (
            ["1,2,3,4,91", "10", "5"],
            "answer 5: a number of days in the last 3 months is a whole number from 0 to 90",
        ),
        (["1,-2,3,4,5", "10", "5"], "answer 2"),
        (["1,2,three,4,5", "10", "5"], "answer 3"),
        (["1,2,3,4,5", "91", "5"], "--headache-days"),
        (["1,2,3,4,5", "many", "5"], "--headache-days"),
        (
            ["1,2,3,4,5", "10", "11"],
            "--average-pain: a rating is a whole number from 0 to 10",
        ),
    ] {
        let (code, _, err) = midas(dir.path(), args[0], args[1], args[2]);
        assert_eq!(code, Some(1), "{args:?}: {err}");
        assert!(err.contains(said), "{args:?}: {err}");
        assert!(!journal.exists(), "{args:?} wrote the journal");
    }
    let (code, _, err) = run(dir.path(), &["midas", "--answers", "1,2,3,4,5"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("together"), "{err}");
    // Not at a terminal, no flags: nothing asked, nothing written.
    let (code, _, err) = run(dir.path(), &["midas"]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("no terminal to ask the MIDAS questions on"),
        "{err}"
    );
    assert!(!journal.exists());
}

#[test]
fn midas_answers_are_exported() {
    let dir = TempDir::new().unwrap();
    let (code, _, err) = midas(dir.path(), "3,4,2,5,1", "33", "6");
    assert_eq!(code, Some(0), "{err}");
    let (code, csv, _) = run(dir.path(), &["log", "--format", "csv"]);
    assert_eq!(code, Some(0));
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header = reader.headers().unwrap().clone();
    let row = reader.records().next().unwrap().unwrap();
    let cell = |name: &str| &row[header.iter().position(|h| h == name).unwrap()];
    assert_eq!(cell("type"), "midas");
    assert_eq!(cell("midas_answers"), "3;4;2;5;1");
    assert_eq!(cell("midas_score"), "15");
    assert_eq!(cell("midas_grade"), "III");
    assert_eq!(cell("midas_headache_days"), "33");
    assert_eq!(cell("midas_average_pain"), "6");
    let (_, json, _) = run(dir.path(), &["log", "--format", "json"]);
    let records: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(records[0]["type"], "midas");
    assert_eq!(records[0]["answers"], serde_json::json!([3, 4, 2, 5, 1]));
    assert_eq!(records[0]["version"], 2);
}
