//! The journal file itself: what goes in comes back exactly, one record a
//! line, in a private file; damaged lines are skipped and reported, newer
//! records kept, and nothing is ever rewritten.

mod journal_support;

use std::fs;
use std::io::Write;
use std::os::unix::fs::PermissionsExt;

use journal_support::{at, checkin, session, write_journal};
use stillpoint::journal::{CheckIn, Journal, Rating, Record, Symptom};
use tempfile::TempDir;

/// Notes a person might type or paste, and some nobody should.
const AWKWARD: &[&str] = &[
    "first line\nsecond line\r\nthird",
    "she said \"stop\" and \\ left",
    "😀 🧘‍♀️ héllo 日本語",
    "nul \u{0} bell \u{7} escape \u{1b}[2J tab \t delete \u{7f}",
    "line separator \u{2028} paragraph \u{2029}",
    "{\"type\":\"session\"}\n{",
    "",
];

fn awkward_records() -> Vec<Record> {
    AWKWARD
        .iter()
        .enumerate()
        .flat_map(|(i, note)| {
            let mut s = session(
                "Desk reset",
                &format!("2025-03-0{}T08:15:00+05:30", i + 1),
                10,
                Some(6),
                Some(2),
            );
            if let Record::Session(s) = &mut s {
                s.note = Some((*note).to_owned());
            }
            let c = CheckIn {
                pain: Rating::new(3),
                stress: Rating::new(10),
                symptoms: vec![Symptom::Aura, Symptom::SoundSensitivity],
                other_symptoms: Some(format!("other: {note}")),
                note: Some((*note).to_owned()),
                ..CheckIn::new(at("2025-03-01T23:59:59-09:30"))
            };
            [s, c.into()]
        })
        .collect()
}

#[test]
fn records_come_back_exactly_one_line_each() {
    let dir = TempDir::new().unwrap();
    let records = awkward_records();
    let journal = write_journal(dir.path(), &records);
    let text = fs::read_to_string(journal.path()).unwrap();
    assert_eq!(text.lines().count(), records.len());
    assert!(text.ends_with('\n'));
    let loaded = journal.load().unwrap();
    assert_eq!(loaded.problems, []);
    assert_eq!(loaded.records, records);
    // Equality of times ignores their offsets; the lines show them too.
    let lines: Vec<String> = loaded.records.iter().map(Record::to_line).collect();
    let expected: Vec<String> = records.iter().map(Record::to_line).collect();
    assert_eq!(lines, expected);
    assert!(text.contains("\"start\":\"2025-03-01T08:15:00+05:30\""));
    assert!(text.contains("\"time\":\"2025-03-01T23:59:59-09:30\""));
}

#[test]
fn the_journal_is_private() {
    let dir = TempDir::new().unwrap();
    let folder = dir.path().join("new").join("stillpoint");
    let journal = write_journal(&folder, &[checkin("2025-03-01T10:00:00+00:00", 2)]);
    let mode = |p: &std::path::Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(journal.path()), 0o600);
    assert_eq!(mode(&folder), 0o700);
    assert_eq!(mode(folder.parent().unwrap()), 0o700);
}

#[test]
fn a_missing_journal_is_empty() {
    let dir = TempDir::new().unwrap();
    let loaded = Journal::at(dir.path().join("none.jsonl")).load().unwrap();
    assert!(loaded.records.is_empty() && loaded.problems.is_empty() && loaded.newer.is_empty());
}

#[test]
fn a_torn_last_line_then_an_append_leaves_both_readable() {
    let dir = TempDir::new().unwrap();
    let first = checkin("2025-03-01T10:00:00+00:00", 2);
    let journal = write_journal(dir.path(), std::slice::from_ref(&first));
    let torn = checkin("2025-03-01T11:00:00+00:00", 7).to_line();
    let mut file = fs::OpenOptions::new()
        .append(true)
        .open(journal.path())
        .unwrap();
    file.write_all(&torn.as_bytes()[..torn.len() / 2]).unwrap();
    drop(file);

    let before = journal.load().unwrap();
    assert_eq!(before.records, std::slice::from_ref(&first));
    assert_eq!(before.problems.len(), 1);
    assert_eq!(before.problems[0].line, 2);
    assert_eq!(
        before.problems[0].reason,
        "it was cut off, probably by an interrupted write"
    );

    let after = checkin("2025-03-01T12:00:00+00:00", 1);
    journal.append(after.clone()).unwrap();
    let loaded = journal.load().unwrap();
    assert_eq!(loaded.records, [first, after]);
    assert_eq!(loaded.problems.len(), 1);
    assert_eq!(loaded.problems[0].line, 2);
    assert_eq!(loaded.problems[0].reason, "it ends before the record does");
    let text = fs::read_to_string(journal.path()).unwrap();
    assert_eq!(text.lines().count(), 3);
    assert!(text.lines().nth(1).unwrap() == &torn[..torn.len() / 2]);
}

#[test]
fn a_corrupt_middle_line_is_skipped_reported_and_kept() {
    let dir = TempDir::new().unwrap();
    let records: Vec<Record> = (1..=4)
        .map(|day| checkin(&format!("2025-03-0{day}T10:00:00+00:00"), day))
        .collect();
    let journal = write_journal(dir.path(), &records);
    let text = fs::read_to_string(journal.path()).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    lines[1] = "this is not json";
    let wrong_field = lines[2].replace("\"pain\":3", "\"pain\":30");
    lines[2] = &wrong_field;
    let damaged = format!("{}\n\n\u{0}\n", lines.join("\n"));
    let mut bytes = damaged.into_bytes();
    bytes.extend_from_slice(b"\xff\xfe not utf-8\n");
    fs::write(journal.path(), &bytes).unwrap();

    let loaded = journal.load().unwrap();
    assert_eq!(loaded.records, [records[0].clone(), records[3].clone()]);
    let problems: Vec<(usize, &str)> = loaded
        .problems
        .iter()
        .map(|p| (p.line, p.reason.as_str()))
        .collect();
    assert_eq!(
        problems,
        [
            (2, "it is not valid JSON (column 2)"),
            (
                3,
                "it is not a journal record: a rating is a whole number from 0 to 10, not 30"
            ),
            (
                6,
                "it holds only NUL bytes, which a crash can leave where a record was being written"
            ),
            (7, "it is not valid JSON (column 1)"),
        ]
    );
    assert_eq!(
        fs::read(journal.path()).unwrap(),
        bytes,
        "reading never rewrites the file"
    );
}

#[test]
fn records_from_a_newer_format_are_kept_and_reported() {
    let dir = TempDir::new().unwrap();
    let ours = checkin("2025-03-01T10:00:00+00:00", 2);
    let journal = write_journal(dir.path(), std::slice::from_ref(&ours));
    let newer_checkin = ours.to_line().replace("\"version\":1", "\"version\":3");
    let newer_kind = r#"{"type":"medication","version":3,"name":"ibuprofen","mg":400}"#;
    let mut file = fs::OpenOptions::new()
        .append(true)
        .open(journal.path())
        .unwrap();
    writeln!(file, "{newer_checkin}\n{newer_kind}").unwrap();
    drop(file);

    let loaded = journal.load().unwrap();
    assert_eq!(loaded.records, [ours]);
    assert_eq!(loaded.problems, []);
    let newer: Vec<(usize, u64, String)> = loaded
        .newer
        .iter()
        .map(|n| {
            (
                n.line,
                n.version,
                n.raw["type"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    assert_eq!(
        newer,
        [
            (2, 3, "checkin".to_owned()),
            (3, 3, "medication".to_owned())
        ]
    );
    assert_eq!(loaded.newer[1].raw["mg"], 400);
}

#[test]
fn a_version_1_journal_reads_exactly_as_before() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/journal/version-1.jsonl");
    let text = fs::read_to_string(&path).unwrap();
    let loaded = Journal::at(&path).load().unwrap();
    assert_eq!((loaded.problems.len(), loaded.newer.len()), (0, 0));
    let lines: Vec<String> = loaded.records.iter().map(Record::to_line).collect();
    let expected: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines, expected,
        "every record, every field, written back the same"
    );
    assert!(loaded.records.iter().all(|r| r.version() == 1));
}

#[test]
fn new_records_are_version_2_and_sessions_stay_readable_by_version_1() {
    use stillpoint::journal::diary::{Attack, Medication, MedicationClass};
    let dir = TempDir::new().unwrap();
    let start = at("2025-03-01T10:00:00+01:00");
    let open = Attack::new(start);
    let closed = Attack {
        end: Some(at("2025-03-01T14:00:00+01:00")),
        ..open.revision()
    };
    let intake = Medication::new(start, "ibuprofen".into(), MedicationClass::Simple);
    let records: Vec<Record> = vec![
        checkin("2025-03-01T09:00:00+01:00", 2),
        open.clone().into(),
        intake.clone().into(),
        closed.clone().into(),
    ];
    let journal = write_journal(dir.path(), &records);
    let text = fs::read_to_string(journal.path()).unwrap();
    let versions: Vec<u64> = text
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["version"]
                .as_u64()
                .unwrap()
        })
        .collect();
    assert_eq!(
        versions,
        [1, 2, 2, 2],
        "a version-1 reader keeps reading check-ins and sessions"
    );
    assert_eq!(stillpoint::journal::FORMAT_VERSION, 2);
    let loaded = journal.load().unwrap();
    assert_eq!(
        loaded.records,
        [records[0].clone(), closed.into(), intake.into()],
        "the closing revision stands where the attack was first written"
    );
    assert_eq!(loaded.superseded, [open.id]);
    assert_eq!(
        fs::read_to_string(journal.path()).unwrap(),
        text,
        "never rewritten"
    );
}
