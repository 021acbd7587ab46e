//! The journal never loses or mixes records: many running copies at once,
//! writers killed mid-way, a read-only folder and a full disk. Every test
//! runs the real binary, as a person (or a script) would.

mod journal_support;

use std::collections::{HashMap, HashSet};
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use journal_support::{as_nobody, checkin, stillpoint, write_journal};
use stillpoint::journal::{Journal, Record};
use tempfile::TempDir;

const BIN: &str = env!("CARGO_BIN_EXE_stillpoint");

/// `stillpoint checkin --pain 3 --note NOTE` with `dir` as the data folder.
fn checkin_command(dir: &Path, note: &str) -> Command {
    let mut command = Command::new(BIN);
    command
        .args(["checkin", "--pain", "3", "--note", note])
        .env("STILLPOINT_DATA_DIR", dir)
        .env("XDG_CONFIG_HOME", dir.join("config-home"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

fn notes(records: &[Record]) -> Vec<String> {
    records
        .iter()
        .filter_map(|r| match r {
            Record::Checkin(c) => c.note.clone(),
            Record::Session(s) => s.note.clone(),
            Record::Attack(a) => a.note.clone(),
            Record::Medication(m) => m.dose.clone(),
            Record::Midas(_) => None,
        })
        .collect()
}

#[test]
fn eight_copies_appending_at_once_leave_every_record_whole() {
    const WRITERS: usize = 8;
    const EACH: usize = 500;
    let dir = TempDir::new().unwrap();
    let started = Instant::now();
    let writers: Vec<_> = (0..WRITERS)
        .map(|w| {
            let dir = dir.path().to_owned();
            thread::spawn(move || {
                for n in 0..EACH {
                    let status = checkin_command(&dir, &format!("writer {w} record {n}"))
                        .status()
                        .unwrap();
                    assert!(status.success(), "writer {w} record {n}: {status}");
                }
            })
        })
        .collect();
    for writer in writers {
        writer.join().unwrap();
    }
    let elapsed = started.elapsed();

    let loaded = Journal::at(dir.path().join("journal.jsonl"))
        .load()
        .unwrap();
    assert_eq!(loaded.problems, []);
    assert_eq!(loaded.records.len(), WRITERS * EACH);
    let ids: HashSet<_> = loaded.records.iter().map(Record::id).collect();
    assert_eq!(ids.len(), WRITERS * EACH, "every id is distinct");
    let written: HashSet<String> = notes(&loaded.records).into_iter().collect();
    let expected: HashSet<String> = (0..WRITERS)
        .flat_map(|w| (0..EACH).map(move |n| format!("writer {w} record {n}")))
        .collect();
    assert_eq!(written, expected);
    // Each writer's own records stay in the order it wrote them.
    let mut last: HashMap<usize, usize> = HashMap::new();
    for note in notes(&loaded.records) {
        let words: Vec<usize> = note.split(' ').filter_map(|w| w.parse().ok()).collect();
        let (w, n) = (words[0], words[1]);
        assert!(
            last.insert(w, n).is_none_or(|before| before < n),
            "{note} out of order"
        );
    }
    eprintln!(
        "{} records from {WRITERS} processes in {elapsed:.1?}",
        WRITERS * EACH
    );
}

/// A tiny xorshift, seeded from the clock: random delays without a crate.
struct Random(u64);

impl Random {
    fn new() -> Self {
        let nanos = Instant::now().elapsed().as_nanos() as u64;
        let seed = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_nanos() as u64);
        Self((seed ^ nanos) | 1)
    }

    fn below(&mut self, limit: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % limit.max(1)
    }
}

#[test]
fn writers_killed_at_random_moments_lose_nothing_they_reported_saved() {
    const KILLS: usize = 200;
    let dir = TempDir::new().unwrap();
    // How long one check-in takes here (the middle of three runs), so the
    // kills land before, during and after the write.
    let mut runs: Vec<u64> = (0..3)
        .map(|i| {
            let probe = Instant::now();
            assert!(
                checkin_command(dir.path(), &format!("probe {i}"))
                    .status()
                    .unwrap()
                    .success()
            );
            probe.elapsed().as_micros() as u64
        })
        .collect();
    runs.sort_unstable();
    let lifetime = runs[1];
    let mut random = Random::new();
    let mut saved: Vec<String> = (0..3).map(|i| format!("probe {i}")).collect();
    let mut killed = 0;
    for i in 0..KILLS {
        let note = format!("kill {i}");
        let mut child = checkin_command(dir.path(), &note).spawn().unwrap();
        thread::sleep(Duration::from_micros(random.below(lifetime * 3 / 2)));
        // SIGKILL, unless it has finished already.
        let _ = child.kill();
        let status = child.wait().unwrap();
        if status.success() {
            saved.push(note);
        } else {
            killed += 1;
        }
    }
    let loaded = Journal::at(dir.path().join("journal.jsonl"))
        .load()
        .unwrap();
    let present: HashSet<String> = notes(&loaded.records).into_iter().collect();
    let lost: Vec<&String> = saved.iter().filter(|n| !present.contains(*n)).collect();
    assert!(lost.is_empty(), "reported saved but missing: {lost:?}");
    // A killed writer never leaves a half record that hides another.
    assert_eq!(present.len(), loaded.records.len(), "no record twice");
    eprintln!(
        "{KILLS} writers: {} finished, {killed} killed, {} damaged lines, one run takes {lifetime} µs",
        saved.len() - 3,
        loaded.problems.len()
    );
    assert!(
        saved.len() > 3 && killed > 0,
        "the kills should land both before and after the write"
    );
}

#[test]
fn a_read_only_folder_gives_a_clear_error_and_loses_nothing() {
    let dir = TempDir::new().unwrap();
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
    // A new journal in a folder nobody may write to.
    let empty = dir.path().join("empty");
    fs::create_dir(&empty).unwrap();
    fs::set_permissions(&empty, fs::Permissions::from_mode(0o555)).unwrap();
    // An existing journal, read-only, in a read-only folder.
    let full = dir.path().join("full");
    let kept = [
        checkin("2025-03-01T10:00:00+00:00", 2),
        checkin("2025-03-02T10:00:00+00:00", 5),
    ];
    let journal = write_journal(&full, &kept);
    let before = fs::read(journal.path()).unwrap();
    fs::set_permissions(journal.path(), fs::Permissions::from_mode(0o444)).unwrap();
    fs::set_permissions(&full, fs::Permissions::from_mode(0o555)).unwrap();

    for folder in [&empty, &full] {
        let output = match as_nobody(folder, &["checkin", "--pain", "4", "--note", "read-only"]) {
            Ok(output) => output,
            Err(reason) => {
                eprintln!("skipped: {reason}");
                return;
            }
        };
        // Root's folder, and nobody writing: the warning that it belongs to
        // another user comes first, and is not what this test is about.
        let stderr: String = String::from_utf8_lossy(&output.stderr)
            .lines()
            .filter(|l| !l.starts_with("warning: the data folder "))
            .map(|l| format!("{l}\n"))
            .collect();
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        let path = folder.join("journal.jsonl");
        let expected = format!(
            "error: could not save the check-in to {}: you are not allowed to write there\n",
            path.display()
        );
        assert!(stderr.starts_with(&expected), "{stderr}");
        assert!(
            stderr.contains(r#""note":"read-only""#),
            "the record is shown to keep: {stderr}"
        );
    }
    assert!(!empty.join("journal.jsonl").exists());
    assert_eq!(fs::read(journal.path()).unwrap(), before);
}

#[test]
fn a_full_disk_gives_a_clear_error_and_the_record_to_keep() {
    let dir = TempDir::new().unwrap();
    // A file size limit of one block: the record only partly fits, as on a
    // disk that fills up during the write.
    let long_note = "x".repeat(600);
    let script =
        format!("trap '' XFSZ; ulimit -f 1; exec \"$0\" checkin --stress 6 --note {long_note}");
    let output = Command::new("sh")
        .args(["-c", &script, BIN])
        .env("STILLPOINT_DATA_DIR", dir.path())
        .env("XDG_CONFIG_HOME", dir.path().join("config-home"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    let journal = Journal::at(dir.path().join("journal.jsonl"));
    let expected = format!(
        "error: could not save the check-in to {}: the disk is full\n",
        journal.path().display()
    );
    assert!(stderr.starts_with(&expected), "{stderr}");
    assert!(stderr.contains(r#""stress":6"#), "{stderr}");
    assert_eq!(journal.load().unwrap().records, []);

    // The library gives the record back, to save elsewhere.
    fs::write(dir.path().join("a-file"), "").unwrap();
    let blocked = Journal::at(dir.path().join("a-file").join("journal.jsonl"));
    let record = checkin("2025-03-01T10:00:00+00:00", 8);
    let failed = blocked.append(record.clone()).unwrap_err();
    assert_eq!(failed.source.kind(), std::io::ErrorKind::NotADirectory);
    let elsewhere = dir.path().join("elsewhere.jsonl");
    Journal::save_to(&elsewhere, failed.into_record()).unwrap();
    assert_eq!(Journal::at(&elsewhere).load().unwrap().records, [record]);
}

#[test]
fn a_journal_that_is_a_link_or_a_pipe_is_refused_at_once() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("journal.jsonl");
    let run = |args: &[&str]| {
        stillpoint(dir.path())
            .args(args)
            .timeout(Duration::from_secs(60))
            .output()
            .unwrap()
    };

    // A link planted at the journal's path is not written through.
    let elsewhere = dir.path().join("elsewhere");
    fs::write(&elsewhere, "not a journal\n").unwrap();
    std::os::unix::fs::symlink(&elsewhere, &path).unwrap();
    let output = run(&["checkin", "--pain", "3"]);
    assert_eq!(output.status.code(), Some(2));
    let expected = format!(
        "error: could not save the check-in to {}: it is a symbolic link, which is not written through; put the file itself there\n",
        path.display()
    );
    assert!(
        String::from_utf8_lossy(&output.stderr).starts_with(&expected),
        "{output:?}"
    );
    assert_eq!(fs::read_to_string(&elsewhere).unwrap(), "not a journal\n");

    // A named pipe is neither waited on nor written to.
    fs::remove_file(&path).unwrap();
    assert!(
        Command::new("mkfifo")
            .arg(&path)
            .status()
            .unwrap()
            .success()
    );
    let output = run(&["checkin", "--pain", "3"]);
    assert_eq!(output.status.code(), Some(2));
    let expected = format!(
        "error: could not save the check-in to {}: it is a named pipe, not a regular file\n",
        path.display()
    );
    assert!(
        String::from_utf8_lossy(&output.stderr).starts_with(&expected),
        "{output:?}"
    );
    let output = run(&["log"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        format!(
            "error: could not read the journal at {}: it is a named pipe, not a regular file\n",
            path.display()
        )
    );
}

#[test]
fn a_disk_that_fills_mid_record_leaves_the_journal_as_it_was() {
    let dir = TempDir::new().unwrap();
    let kept = [
        checkin("2025-03-01T10:00:00+00:00", 2),
        checkin("2025-03-02T10:00:00+00:00", 5),
    ];
    let journal = write_journal(dir.path(), &kept);
    let before = fs::read(journal.path()).unwrap();
    // A file size limit just past the journal's end: the next record only
    // partly fits, as on a disk that fills up during the write.
    let blocks = before.len() / 512 + 1;
    let long_note = "x".repeat(600);
    let script = format!(
        "trap '' XFSZ; ulimit -f {blocks}; exec \"$0\" checkin --pain 9 --note {long_note}"
    );
    let output = Command::new("sh")
        .args(["-c", &script, BIN])
        .env("STILLPOINT_DATA_DIR", dir.path())
        .env("XDG_CONFIG_HOME", dir.path().join("config-home"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains(": the disk is full\n"), "{stderr}");
    assert_eq!(
        fs::read(journal.path()).unwrap(),
        before,
        "the half record was taken back"
    );
    assert_eq!(journal.load().unwrap().records, kept);
}
