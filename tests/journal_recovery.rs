//! Records that could not be saved wait in `journal.unsaved.jsonl`, and the
//! next command that uses the journal moves them in: each once, saying so,
//! and keeping the file whenever it cannot.

mod journal_support;

use std::collections::HashMap;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::sync::{Arc, Barrier};
use std::thread;
use std::time::Duration;

use journal_support::{as_nobody, checkin, session, stillpoint, write_journal};
use stillpoint::journal::{Journal, Record};
use tempfile::TempDir;

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn unsaved(dir: &Path) -> std::path::PathBuf {
    dir.join("journal.unsaved.jsonl")
}

/// How many times each record id is in the journal in `dir`.
fn counts(dir: &Path) -> HashMap<String, usize> {
    let loaded = Journal::at(dir.join("journal.jsonl")).load().unwrap();
    let mut counts = HashMap::new();
    for record in &loaded.records {
        *counts.entry(record.id().to_string()).or_default() += 1;
    }
    counts
}

fn two_sessions() -> [Record; 2] {
    [
        session(
            "Desk reset",
            "2025-03-01T08:15:00+01:00",
            10,
            Some(6),
            Some(3),
        ),
        session(
            "Still point",
            "2025-03-02T08:15:00+01:00",
            12,
            Some(5),
            None,
        ),
    ]
}

#[test]
fn kept_records_move_into_the_journal_on_the_next_run() {
    let dir = TempDir::new().unwrap();
    let [first, second] = two_sessions();
    let damaged = &first.to_line()[..40];
    fs::write(
        unsaved(dir.path()),
        format!("{}\n{damaged}\n{}\n", first.to_line(), second.to_line()),
    )
    .unwrap();

    let output = stillpoint(dir.path())
        .args(["log", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let journal = dir.path().join("journal.jsonl");
    assert_eq!(
        text(&output.stderr),
        format!(
            "Recovered 2 sessions that could not be saved last time into {}; \
             1 damaged line could not be read and was dropped.\n",
            journal.display()
        )
    );
    let shown: Vec<Record> = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(shown, [first.clone(), second.clone()]);
    assert_eq!(
        Journal::at(&journal).load().unwrap().records,
        [first, second]
    );
    assert!(!unsaved(dir.path()).exists());
    assert_eq!(
        fs::metadata(&journal).unwrap().permissions().mode() & 0o777,
        0o600
    );

    let again = stillpoint(dir.path()).arg("stats").output().unwrap();
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(text(&again.stderr), "", "nothing left to recover");
}

#[test]
fn a_record_already_in_the_journal_is_not_added_twice() {
    let dir = TempDir::new().unwrap();
    let [first, second] = two_sessions();
    // A recovery cut short after its append, before the file was removed.
    write_journal(dir.path(), std::slice::from_ref(&first));
    fs::write(
        unsaved(dir.path()),
        format!("{}\n{}\n", first.to_line(), second.to_line()),
    )
    .unwrap();
    let output = stillpoint(dir.path())
        .args(["checkin", "--pain", "2"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert!(
        text(&output.stderr).starts_with("Recovered 1 session that could not be saved last time"),
        "{output:?}"
    );
    let counts = counts(dir.path());
    assert_eq!(counts.len(), 3, "both sessions and the check-in");
    assert!(counts.values().all(|&n| n == 1), "{counts:?}");
    assert!(!unsaved(dir.path()).exists());
}

#[test]
fn commands_that_do_not_use_the_journal_leave_the_file() {
    let dir = TempDir::new().unwrap();
    let [first, _] = two_sessions();
    fs::write(unsaved(dir.path()), first.to_line() + "\n").unwrap();
    for args in [&["paths"][..], &["plan", "desk-reset"], &["list"]] {
        let output = stillpoint(dir.path()).args(args).output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{args:?}: {output:?}");
        assert!(!text(&output.stderr).contains("Recovered"), "{args:?}");
    }
    assert!(unsaved(dir.path()).exists());
    assert!(!dir.path().join("journal.jsonl").exists());
}

#[test]
fn a_read_only_data_folder_keeps_the_file_and_warns() {
    let dir = TempDir::new().unwrap();
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let data = dir.path().join("data");
    fs::create_dir(&data).unwrap();
    let [first, second] = two_sessions();
    let kept = format!("{}\n{}\n", first.to_line(), second.to_line());
    fs::write(unsaved(&data), &kept).unwrap();
    fs::set_permissions(unsaved(&data), fs::Permissions::from_mode(0o644)).unwrap();
    fs::set_permissions(&data, fs::Permissions::from_mode(0o555)).unwrap();

    let output = match as_nobody(&data, &["log"]) {
        Ok(output) => output,
        Err(reason) => {
            eprintln!("skipped: {reason}");
            return;
        }
    };
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert_eq!(
        text(&output.stderr),
        format!(
            "warning: could not move the records kept in {unsaved} into the journal at {journal}: \
             you are not allowed to write there; they stay in {unsaved} and are tried again next time\n",
            unsaved = unsaved(&data).display(),
            journal = data.join("journal.jsonl").display(),
        )
    );
    assert_eq!(fs::read_to_string(unsaved(&data)).unwrap(), kept);
    assert!(!data.join("journal.jsonl").exists());
}

#[test]
fn a_file_that_cannot_be_removed_is_finished_later_without_duplicates() {
    let dir = TempDir::new().unwrap();
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let data = dir.path().join("data");
    fs::create_dir(&data).unwrap();
    let [first, second] = two_sessions();
    let journal = write_journal(&data, std::slice::from_ref(&first));
    fs::set_permissions(journal.path(), fs::Permissions::from_mode(0o666)).unwrap();
    fs::write(unsaved(&data), second.to_line() + "\n").unwrap();
    fs::set_permissions(unsaved(&data), fs::Permissions::from_mode(0o644)).unwrap();
    fs::set_permissions(&data, fs::Permissions::from_mode(0o555)).unwrap();

    let output = match as_nobody(&data, &["stats"]) {
        Ok(output) => output,
        Err(reason) => {
            eprintln!("skipped: {reason}");
            return;
        }
    };
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert!(
        text(&output.stderr).starts_with(&format!(
            "warning: the records kept in {} are in the journal at {} now, but that file could not be removed",
            unsaved(&data).display(),
            journal.path().display()
        )),
        "{output:?}"
    );
    assert!(unsaved(&data).exists());
    assert_eq!(counts(&data).len(), 2);

    fs::set_permissions(&data, fs::Permissions::from_mode(0o755)).unwrap();
    let output = stillpoint(&data).arg("stats").output().unwrap();
    assert_eq!(text(&output.stderr), "", "all of it was saved already");
    assert!(!unsaved(&data).exists());
    let counts = counts(&data);
    assert_eq!(counts.len(), 2);
    assert!(counts.values().all(|&n| n == 1), "{counts:?}");
}

#[test]
fn a_recovery_file_that_is_a_pipe_is_a_warning_not_a_hang() {
    let dir = TempDir::new().unwrap();
    let status = std::process::Command::new("mkfifo")
        .arg(unsaved(dir.path()))
        .status()
        .unwrap();
    assert!(status.success());
    let output = stillpoint(dir.path())
        .arg("log")
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert!(
        text(&output.stderr).contains(": it is a named pipe, not a regular file; they stay in"),
        "{output:?}"
    );
}

#[test]
fn copies_recovering_and_keeping_at_once_move_each_record_once() {
    const ROUNDS: usize = 20;
    const RECOVERERS: usize = 4;
    const KEPT: usize = 10;
    for round in 0..ROUNDS {
        let dir = TempDir::new().unwrap();
        let journal = Journal::at(dir.path().join("journal.jsonl"));
        let before: Vec<Record> = (0..KEPT)
            .map(|i| checkin(&format!("2025-03-01T10:{i:02}:00+00:00"), 2))
            .collect();
        for record in &before {
            journal.keep_unsaved(record).unwrap();
        }
        let during: Vec<Record> = (0..KEPT)
            .map(|i| checkin(&format!("2025-03-02T10:{i:02}:00+00:00"), 4))
            .collect();
        let start = Arc::new(Barrier::new(RECOVERERS + 1));
        let recoverers: Vec<_> = (0..RECOVERERS)
            .map(|_| {
                let (journal, start) = (journal.clone(), Arc::clone(&start));
                thread::spawn(move || {
                    start.wait();
                    let mut moved = 0;
                    for _ in 0..KEPT {
                        if let Some(r) = journal.recover().unwrap() {
                            moved += r.moved();
                        }
                    }
                    moved
                })
            })
            .collect();
        let keeper = {
            let (journal, start, during) = (journal.clone(), Arc::clone(&start), during.clone());
            thread::spawn(move || {
                start.wait();
                for record in &during {
                    journal.keep_unsaved(record).unwrap();
                }
            })
        };
        keeper.join().unwrap();
        let mut moved: usize = recoverers.into_iter().map(|t| t.join().unwrap()).sum();
        moved += journal.recover().unwrap().map_or(0, |r| r.moved());

        assert_eq!(moved, 2 * KEPT, "round {round}");
        let counts = counts(dir.path());
        for record in before.iter().chain(&during) {
            assert_eq!(
                counts.get(record.id().as_str()),
                Some(&1),
                "round {round}: every record once"
            );
        }
        assert_eq!(counts.len(), 2 * KEPT, "round {round}");
        assert!(!journal.unsaved_path().exists(), "round {round}");
    }
}
