//! `stillpoint attack` and `stillpoint med` from flags: what they write,
//! and that bad input is exit 1 with nothing written.

mod journal_support;

use std::fs;

use journal_support::stillpoint;
use stillpoint::journal::{Journal, Record};
use tempfile::TempDir;

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn run(dir: &TempDir, args: &[&str]) -> (Option<i32>, String, String) {
    let output = stillpoint(dir.path())
        .env("TZ", "Europe/Berlin")
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code(),
        text(&output.stdout),
        text(&output.stderr),
    )
}

fn journal(dir: &TempDir) -> Journal {
    Journal::at(dir.path().join("journal.jsonl"))
}

#[test]
fn an_attack_is_opened_added_to_and_closed_without_rewriting_a_line() {
    let dir = TempDir::new().unwrap();
    let (code, out, err) = run(
        &dir,
        &[
            "attack",
            "--ongoing",
            "--start",
            "2025-03-01 08:00",
            "--peak",
            "5",
            "--area",
            "temples",
            "--type",
            "migraine",
            "--trigger",
            "red wine",
        ],
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.contains("Saved the attack from 2025-03-01 08:00, still going on,"),
        "{out}"
    );
    let first = fs::read_to_string(journal(&dir).path()).unwrap();
    let (code, _, err) = run(
        &dir,
        &[
            "med",
            "sumatriptan",
            "--class",
            "triptan",
            "--at",
            "2025-03-01 09:00",
            "--dose",
            "50 mg",
        ],
    );
    assert_eq!(code, Some(0), "{err}");
    let (code, _, err) = run(&dir, &["med", "--last", "--effect", "pain-free"]);
    assert_eq!(code, Some(0), "{err}");
    let (code, out, err) = run(
        &dir,
        &[
            "attack",
            "--end",
            "2025-03-01 13:30",
            "--symptom",
            "nausea",
            "--peak",
            "7",
            "--trigger",
            "no sleep",
        ],
    );
    assert_eq!(code, Some(0), "{err}");
    assert!(
        out.contains("the attack from 2025-03-01 08:00 to 2025-03-01 13:30"),
        "{out}"
    );
    let all = fs::read_to_string(journal(&dir).path()).unwrap();
    assert!(all.starts_with(&first), "the first line stays as it was");
    assert_eq!(all.lines().count(), 4);

    let loaded = journal(&dir).load().unwrap();
    assert_eq!(loaded.records.len(), 2, "{:?}", loaded.records);
    let Record::Attack(a) = &loaded.records[0] else {
        panic!("{:?}", loaded.records)
    };
    assert_eq!(a.start.to_rfc3339(), "2025-03-01T08:00:00+01:00");
    assert_eq!(
        a.end.map(|e| e.to_rfc3339()).as_deref(),
        Some("2025-03-01T13:30:00+01:00")
    );
    assert_eq!(a.peak.map(u8::from), Some(7));
    assert_eq!(a.triggers, ["red wine", "no sleep"]);
    assert_eq!(a.areas.len(), 1);
    let Record::Medication(m) = &loaded.records[1] else {
        panic!()
    };
    assert_eq!(
        (m.dose.as_deref(), m.effect.map(|e| e.to_string())),
        (Some("50 mg"), Some("pain-free".into()))
    );

    let (_, csv, _) = run(&dir, &["log", "--format", "csv"]);
    assert_eq!(
        csv::Reader::from_reader(csv.as_bytes()).records().count(),
        2
    );
    let (_, table, _) = run(&dir, &["log"]);
    assert!(
        table.contains("attack: migraine")
            && table.contains("during the attack from 2025-03-01 08:00"),
        "{table}"
    );
}

#[test]
fn bad_input_is_exit_1_and_writes_nothing() {
    let dir = TempDir::new().unwrap();
    let cases: [(&[&str], &str); 9] = [
        (
            &["attack", "--start", "2999-01-01 10:00"],
            "is in the future",
        ),
        (
            &[
                "attack",
                "--start",
                "2025-03-01 10:00",
                "--end",
                "2025-03-01 09:00",
            ],
            "is before its start",
        ),
        (
            &["attack", "--start", "2025-03-01 10:00", "--peak", "11"],
            "a rating is a whole number from 0 to 10",
        ),
        (
            &["attack", "--end", "now"],
            "there is no attack going on to end",
        ),
        (
            &["attack", "--start", "2025-03-01 10:00", "--side", "lfet"],
            "did you mean `left`?",
        ),
        (
            &["attack", "--start", "2025-03-30 02:30"],
            "did not happen here",
        ),
        (
            &["attack", "--start", "2025-10-26 02:30"],
            "`2025-10-26 02:30+02:00` (the first)",
        ),
        (
            &["med", "aspirin", "--class", "simpel"],
            "did you mean `simple`?",
        ),
        (
            &["med", "--last", "--effect", "some"],
            "there is no intake in the journal yet",
        ),
    ];
    for (args, said) in cases {
        let (code, _, err) = run(&dir, args);
        assert_eq!(code, Some(1), "{args:?}: {err}");
        assert!(err.contains(said), "{args:?}: {err}");
        assert!(!journal(&dir).path().exists(), "{args:?} wrote something");
    }
    let (_, _, err) = run(&dir, &["med", "aspirin", "--class", "painkiller"]);
    assert!(
        err.contains("simple (paracetamol, aspirin, ibuprofen and other NSAIDs)"),
        "{err}"
    );
}

#[test]
fn overlapping_attacks_are_refused() {
    let dir = TempDir::new().unwrap();
    let (code, _, err) = run(
        &dir,
        &[
            "attack",
            "--start",
            "2025-03-01 10:00",
            "--end",
            "2025-03-01 14:00",
        ],
    );
    assert_eq!(code, Some(0), "{err}");
    let before = fs::read(journal(&dir).path()).unwrap();
    let (code, _, err) = run(
        &dir,
        &[
            "attack",
            "--start",
            "2025-03-01 13:00",
            "--end",
            "2025-03-01 15:00",
        ],
    );
    assert_eq!(code, Some(1));
    assert!(
        err.contains("it overlaps the attack from 2025-03-01 10:00 to 2025-03-01 14:00"),
        "{err}"
    );
    let (code, _, _) = run(
        &dir,
        &[
            "attack",
            "--start",
            "2025-03-01 14:00",
            "--end",
            "2025-03-01 15:00",
        ],
    );
    assert_eq!(code, Some(0), "one may start as the other ends");
    let (code, _, _) = run(
        &dir,
        &["attack", "--ongoing", "--start", "2025-03-02 10:00"],
    );
    assert_eq!(code, Some(0));
    let (code, _, err) = run(
        &dir,
        &["attack", "--ongoing", "--start", "2025-03-03 10:00"],
    );
    assert_eq!(code, Some(1));
    assert!(err.contains("end it first"), "{err}");
    assert!(fs::read(journal(&dir).path()).unwrap().starts_with(&before));
}

#[test]
fn without_a_terminal_an_attack_with_no_flags_asks_nothing_and_writes_nothing() {
    let dir = TempDir::new().unwrap();
    // assert_cmd gives no terminal: stdin is empty, stdout a pipe.
    let (code, out, err) = run(&dir, &["attack"]);
    assert_eq!(code, Some(1), "{err}");
    assert_eq!(out, "");
    assert!(err.starts_with("error: when did it start?\n"), "{err}");
    assert!(
        err.contains("at a terminal, `stillpoint attack` alone asks"),
        "{err}"
    );
    assert!(!journal(&dir).path().exists(), "nothing written");
    let (code, _, err) = run(&dir, &["attack", "--ongoing"]);
    assert_eq!(code, Some(0), "{err}");
    let before = fs::read_to_string(journal(&dir).path()).unwrap();
    let (code, out, err) = run(&dir, &["attack"]);
    assert_eq!(code, Some(1), "{err}");
    assert_eq!(out, "");
    assert!(
        err.starts_with("error: nothing to add to the attack from "),
        "{err}"
    );
    assert!(err.contains("`stillpoint attack` alone asks"), "{err}");
    assert_eq!(fs::read_to_string(journal(&dir).path()).unwrap(), before);
}
