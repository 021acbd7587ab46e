//! `stillpoint log` as a person reads it: 80 columns whatever the titles
//! and notes, newest first, `--limit`, what it says when a filter finds
//! nothing, exports that keep every record, and ASCII when asked for.

mod journal_support;

use chrono::{DateTime, Duration};
use journal_support::{checkin, session, stillpoint, write_journal};
use stillpoint::journal::Record;
use tempfile::TempDir;
use unicode_width::UnicodeWidthStr;

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// A session a day from 1 March 2025, `count` of them, with a long title
/// and a long note on the first.
fn month(count: i64) -> Vec<Record> {
    let first = DateTime::parse_from_rfc3339("2025-03-01T08:15:00+01:00").unwrap();
    let mut records: Vec<Record> = (0..count)
        .map(|i| {
            let start = (first + Duration::days(i)).to_rfc3339();
            session("Desk reset", &start, 10, Some(6), Some(3))
        })
        .collect();
    if let Some(Record::Session(s)) = records.first_mut() {
        s.routine.title =
            "Neck, shoulders and temples for the long afternoons at a desk by the window".into();
        s.note = Some(
            "Slept badly; the neck was stiff all morning and the warm compress helped more than the kneading did."
                .into(),
        );
    }
    records
}

fn log(dir: &TempDir, args: &[&str]) -> (i32, String, String) {
    let output = stillpoint(dir.path())
        .arg("log")
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        text(&output.stdout),
        text(&output.stderr),
    )
}

#[test]
fn the_table_fits_80_columns_and_wraps_instead_of_cutting() {
    let dir = TempDir::new().unwrap();
    write_journal(dir.path(), &month(3));
    let (code, out, err) = log(&dir, &[]);
    assert_eq!((code, err.as_str()), (0, ""));
    for line in out.lines() {
        assert!(
            line.width() <= 80,
            "{} columns: {line}\n{out}",
            line.width()
        );
    }
    assert!(!out.contains('…'), "nothing cut: {out}");
    let words = out.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        words.contains(
            "Slept badly; the neck was stiff all morning and the warm compress helped more than the kneading did."
        ),
        "the note whole, under its row: {out}"
    );
    for word in ["Neck,", "shoulders", "temples", "afternoons", "window"] {
        assert!(out.contains(word), "{word}: {out}");
    }
    // The note's lines start under the routine's column.
    let note = out.lines().find(|l| l.contains("Slept badly")).unwrap();
    assert!(note.starts_with(&" ".repeat(18)), "{out}");
}

#[test]
fn the_newest_come_first_and_limit_keeps_that_many() {
    let dir = TempDir::new().unwrap();
    let mut records = month(5);
    records.push(checkin("2025-03-02T21:00:00+01:00", 4));
    // Written out of order: the table sorts by time.
    records.swap(0, 3);
    write_journal(dir.path(), &records);
    let (_, out, _) = log(&dir, &[]);
    let dates: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with("2025"))
        .map(|l| &l[..16])
        .collect();
    assert_eq!(
        dates,
        [
            "2025-03-05 08:15",
            "2025-03-04 08:15",
            "2025-03-03 08:15",
            "2025-03-02 21:00",
            "2025-03-02 08:15",
            "2025-03-01 08:15",
        ],
        "{out}"
    );
    // Not at a terminal: all of them, and no word about more.
    assert!(!out.contains("newest of"), "{out}");

    let (code, out, _) = log(&dir, &["--limit", "2"]);
    assert_eq!(code, 0);
    let shown: Vec<&str> = out.lines().filter(|l| l.starts_with("2025")).collect();
    assert_eq!(shown.len(), 2, "{out}");
    assert!(shown[0].starts_with("2025-03-05") && shown[1].starts_with("2025-03-04"));
    assert!(
        out.contains("The 2 newest of 6 entries; --limit N shows more"),
        "{out}"
    );
    let (_, all, _) = log(&dir, &["--limit", "50"]);
    assert!(!all.contains("newest of"), "{all}");
    let (code, _, err) = log(&dir, &["--limit", "0"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn exports_keep_every_record_oldest_first_unless_limited() {
    let dir = TempDir::new().unwrap();
    let records = month(30);
    write_journal(dir.path(), &records);
    let times = |args: &[&str]| -> Vec<String> {
        let (code, out, err) = log(&dir, args);
        assert_eq!(code, 0, "{err}");
        let parsed: Vec<Record> = serde_json::from_str(&out).unwrap();
        parsed.iter().map(|r| r.time().to_rfc3339()).collect()
    };
    let all = times(&["--format", "json"]);
    assert_eq!(all.len(), 30);
    assert!(all.windows(2).all(|w| w[0] < w[1]), "oldest first: {all:?}");
    // --limit: the newest, still oldest first.
    let newest = times(&["--format", "json", "--limit", "3"]);
    assert_eq!(newest, all[27..]);
    let (_, csv, _) = log(&dir, &["--format", "csv", "--limit", "2"]);
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows.len(), 3, "a header and two rows: {csv}");
    assert!(
        rows[1].contains("2025-03-29") && rows[2].contains("2025-03-30"),
        "{csv}"
    );
}

#[test]
fn a_filter_that_finds_nothing_says_so() {
    let dir = TempDir::new().unwrap();
    let (code, out, _) = log(&dir, &[]);
    assert_eq!((code, out.as_str()), (0, "No entries yet.\n"));

    write_journal(dir.path(), &month(3));
    let (code, out, _) = log(&dir, &["--routine", "desk-rest"]);
    assert_eq!(code, 0);
    // And which there are, for a name mistyped.
    assert!(
        out.starts_with(
            "No entries for routine desk-rest.\nRoutines in the journal: Desk reset, Neck,"
        ),
        "{out}"
    );
    assert!(out.trim_end().ends_with("by the window."), "{out}");
    assert!(out.lines().all(|l| l.width() <= 80), "{out}");
    let (code, out, _) = log(&dir, &["--since", "2030-01-01"]);
    assert_eq!((code, out.as_str()), (0, "No entries since 2030-01-01.\n"));
    let (_, out, _) = log(&dir, &["--routine", "Desk reset", "--since", "2030-01-01"]);
    assert_eq!(out, "No entries for routine Desk reset since 2030-01-01.\n");
    // Exports stay data (a header, an empty array); the words go to stderr.
    let (code, out, err) = log(&dir, &["--format", "csv", "--routine", "desk-rest"]);
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(
        err.starts_with("No entries for routine desk-rest."),
        "{err}"
    );
    let (_, out, _) = log(&dir, &["--format", "json", "--since", "2030-01-01"]);
    assert_eq!(out.trim(), "[]");
}

#[test]
fn ascii_mode_prints_only_ascii() {
    let dir = TempDir::new().unwrap();
    let mut records = month(2);
    records.push(session(
        "Still point",
        "2025-03-04T08:00:00+01:00",
        10,
        None,
        Some(2),
    ));
    let mut symptoms = checkin("2025-03-04T20:00:00+01:00", 5);
    if let Record::Checkin(c) = &mut symptoms {
        c.symptoms = vec![stillpoint::journal::Symptom::Nausea];
        c.note = Some("tired".into());
    }
    records.push(symptoms);
    write_journal(dir.path(), &records);
    for env in [("LANG", "C"), ("TERM", "linux")] {
        let output = stillpoint(dir.path())
            .arg("log")
            .env(env.0, env.1)
            .output()
            .unwrap();
        let out = text(&output.stdout);
        assert!(out.is_ascii(), "{env:?}: {out}");
        assert!(out.contains("6 -> 3") && out.contains("- -> 2"), "{out}");
        assert!(out.contains("nausea - tired"), "{out}");
    }
    let flag = stillpoint(dir.path())
        .args(["log", "--ascii"])
        .output()
        .unwrap();
    assert!(text(&flag.stdout).is_ascii(), "{}", text(&flag.stdout));
    let stats = stillpoint(dir.path())
        .args(["stats", "--ascii"])
        .output()
        .unwrap();
    let stats = text(&stats.stdout);
    assert!(stats.is_ascii(), "{stats}");
    // And Unicode otherwise.
    let unicode = stillpoint(dir.path()).arg("log").output().unwrap();
    assert!(text(&unicode.stdout).contains("6 → 3"));
}
