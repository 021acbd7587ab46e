//! Hostile and damaged files, against the real binary: a journal that is a
//! link, a dangling link, a named pipe, `/dev/zero`, `/dev/urandom`, a
//! folder, a link loop, a line of megabytes, NUL blocks, a byte-order
//! mark; a config that is a pipe; render outputs that are a full disk, a
//! pipe, a device or standard output; sound files with hostile headers;
//! a routine of 200,000 brackets; a home folder that does not exist.
//!
//! Every run has a timeout on the child (5 s; it is killed, with all it
//! started, when that passes), must print no panic, must stay under 50 MB
//! of peak memory (measured with `/usr/bin/time -v` where it is
//! installed), and must name the file it refused. What the files held is
//! compared by SHA-256 before and after. The permission cases run again
//! as user `nobody` (through `setpriv`) when the tests run as root.

mod journal_support;

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::fs::{FileTypeExt, PermissionsExt, symlink};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use journal_support::{checkin, session, write_journal};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use stillpoint::conductor::{Keeper, WallClock};
use stillpoint::journal::{Journal, Record};
use stillpoint::routine::parse;
use stillpoint::ui::app::{App, Options, Playable};
use stillpoint::ui::frame::Look;
use stillpoint::ui::theme::Theme;
use tempfile::TempDir;
use wait_timeout::ChildExt;

const BIN: &str = env!("CARGO_BIN_EXE_stillpoint");
/// The longest any run may take.
const LIMIT: Duration = Duration::from_secs(5);
/// The longest a run whose output is closed after its first line may take:
/// `play --plain` paces its lines at reading speed, so the write that finds
/// the pipe closed can come several seconds in (`| head -1` waits as long).
const PACED_LIMIT: Duration = Duration::from_secs(20);
/// The most memory any run may use at its peak, in KiB.
const MOST_KIB: u64 = 50 * 1024;
const SHORT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/routines/short.toml"
);

// ---------------------------------------------------------------------------
// Running the binary: a timeout on the child, peak memory, no panic.

/// What one run of the binary did.
#[derive(Debug)]
struct Ran {
    what: String,
    code: Option<i32>,
    stdout: Vec<u8>,
    stderr: String,
    /// Peak resident memory, when `/usr/bin/time` measured it.
    peak_kib: Option<u64>,
    took: Duration,
    /// How long it was given.
    limit: Duration,
}

impl Ran {
    /// It ended by itself within its limit ([`LIMIT`] or [`PACED_LIMIT`]),
    /// printed no panic, and stayed under [`MOST_KIB`].
    fn assert_calm(&self) -> &Self {
        assert!(
            self.took < self.limit,
            "{}: still running after {:?}, killed",
            self.what,
            self.limit
        );
        assert!(
            !self.stderr.contains("panicked") && !self.stderr.contains("RUST_BACKTRACE"),
            "{}: a panic reached the person:\n{}",
            self.what,
            self.stderr
        );
        if let Some(peak) = self.peak_kib {
            assert!(peak < MOST_KIB, "{}: {peak} KiB at its peak", self.what);
        }
        self
    }

    fn says(&self, words: &str) -> &Self {
        assert!(
            self.stderr.contains(words),
            "{}: stderr does not say {words:?}:\n{}",
            self.what,
            self.stderr
        );
        self
    }

    fn code(&self, code: i32) -> &Self {
        assert_eq!(self.code, Some(code), "{}:\n{}", self.what, self.stderr);
        self
    }

    fn stdout_text(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }
}

/// A run of the binary being set up.
struct Run {
    args: Vec<String>,
    envs: Vec<(String, String)>,
    removed: Vec<String>,
    data: Option<PathBuf>,
    cwd: Option<PathBuf>,
    /// Only the first line of stdout is read, then the pipe is closed (as
    /// `| head -1` does): for `play --plain`, which is paced in real time.
    first_line: bool,
    /// Run as user nobody, through setpriv.
    nobody: bool,
    /// A shell script to run instead, with `$0` the binary.
    script: Option<String>,
}

fn stillpoint(args: &[&str]) -> Run {
    Run {
        args: args.iter().map(|a| (*a).to_owned()).collect(),
        envs: Vec::new(),
        removed: Vec::new(),
        data: None,
        cwd: None,
        first_line: false,
        nobody: false,
        script: None,
    }
}

fn script(text: &str) -> Run {
    Run {
        script: Some(text.to_owned()),
        ..stillpoint(&[])
    }
}

impl Run {
    fn data(mut self, dir: &Path) -> Self {
        self.data = Some(dir.to_owned());
        self
    }

    fn env(mut self, name: &str, value: impl AsRef<std::ffi::OsStr>) -> Self {
        self.envs.push((
            name.to_owned(),
            value.as_ref().to_string_lossy().into_owned(),
        ));
        self
    }

    fn without(mut self, name: &str) -> Self {
        self.removed.push(name.to_owned());
        self
    }

    fn cwd(mut self, dir: &Path) -> Self {
        self.cwd = Some(dir.to_owned());
        self
    }

    fn first_line(mut self) -> Self {
        self.first_line = true;
        self
    }

    fn by_nobody(mut self) -> Self {
        self.nobody = true;
        self
    }

    fn run(self) -> Ran {
        let what = match &self.script {
            Some(s) => format!("sh -c {s:?}"),
            None => format!("stillpoint {}", self.args.join(" ")),
        };
        let timed = Path::new("/usr/bin/time").exists();
        let mut argv: Vec<String> = Vec::new();
        if self.nobody {
            argv.extend(
                [
                    "setpriv",
                    "--reuid=65534",
                    "--regid=65534",
                    "--clear-groups",
                ]
                .map(String::from),
            );
        }
        if timed {
            argv.extend(["/usr/bin/time", "-v"].map(String::from));
        }
        match &self.script {
            Some(text) => argv.extend(["sh".into(), "-c".into(), text.clone(), BIN.into()]),
            None => {
                argv.push(BIN.into());
                argv.extend(self.args.iter().cloned());
            }
        }
        let mut command = Command::new(&argv[0]);
        command
            .args(&argv[1..])
            .env("NO_COLOR", "1")
            .env_remove("STILLPOINT_CONFIG")
            .env_remove("STILLPOINT_WEEKLY_GOAL")
            .env_remove("STILLPOINT_VOLUME")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            // Its own process group, so a timeout kills all it started.
            .process_group(0);
        if let Some(data) = &self.data {
            command
                .env("STILLPOINT_DATA_DIR", data)
                .env("XDG_CONFIG_HOME", data.join("config-home"))
                // Spoken phrases are kept outside the folder a test looks at.
                .env(
                    "XDG_CACHE_HOME",
                    std::env::temp_dir().join("stillpoint-hostile-cache"),
                );
        }
        for name in &self.removed {
            command.env_remove(name);
        }
        for (name, value) in &self.envs {
            command.env(name, value);
        }
        if let Some(cwd) = &self.cwd {
            command.current_dir(cwd);
        }
        let started = Instant::now();
        let mut child = command.spawn().expect("the binary runs");
        let mut out = child.stdout.take().expect("piped");
        let mut err = child.stderr.take().expect("piped");
        let first_line = self.first_line;
        let stdout = thread::spawn(move || {
            let mut bytes = Vec::new();
            if first_line {
                let _ = BufReader::new(out).read_until(b'\n', &mut bytes);
            } else {
                let _ = out.read_to_end(&mut bytes);
            }
            bytes
        });
        let stderr = thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = err.read_to_end(&mut bytes);
            bytes
        });
        let limit = if self.first_line { PACED_LIMIT } else { LIMIT };
        let status = match child.wait_timeout(limit).expect("waits") {
            Some(status) => status,
            None => {
                // SAFETY: kill on the process group this test started.
                unsafe { libc::kill(-(child.id() as libc::pid_t), libc::SIGKILL) };
                child.wait().expect("reaped")
            }
        };
        let took = started.elapsed();
        let stdout = stdout.join().expect("stdout read");
        let stderr = String::from_utf8_lossy(&stderr.join().expect("stderr read")).into_owned();
        let (stderr, report) = match stderr.find("\tCommand being timed:") {
            Some(at) if timed => (stderr[..at].to_owned(), stderr[at..].to_owned()),
            _ => (stderr, String::new()),
        };
        // GNU time's own line about a failing command is not the program's.
        let stderr: String = stderr
            .lines()
            .filter(|l| {
                !l.starts_with("Command exited with non-zero status")
                    && !l.starts_with("Command terminated by signal")
            })
            .map(|l| format!("{l}\n"))
            .collect();
        let peak_kib = report
            .lines()
            .find_map(|l| {
                l.trim()
                    .strip_prefix("Maximum resident set size (kbytes): ")
            })
            .and_then(|n| n.trim().parse().ok());
        Ran {
            what,
            code: status.code(),
            stdout,
            stderr,
            peak_kib,
            took,
            limit,
        }
    }
}

// ---------------------------------------------------------------------------
// What a file is, before and after.

/// What is at `path`: its kind, and the SHA-256 of a regular file's bytes.
fn fingerprint(path: &Path) -> String {
    let Ok(meta) = fs::symlink_metadata(path) else {
        return "nothing".into();
    };
    let kind = meta.file_type();
    if kind.is_symlink() {
        return format!("link to {}", fs::read_link(path).unwrap().display());
    }
    if kind.is_fifo() {
        return "named pipe".into();
    }
    if kind.is_char_device() {
        return "character device".into();
    }
    if kind.is_dir() {
        let mut names: Vec<String> = fs::read_dir(path)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        return format!("folder of {names:?}");
    }
    let out = Command::new("sha256sum")
        .arg(path)
        .output()
        .expect("sha256sum");
    let text = String::from_utf8_lossy(&out.stdout);
    format!("file {}", text.split_whitespace().next().unwrap_or(""))
}

fn mkfifo(path: &Path) {
    let made = Command::new("mkfifo").arg(path).status().expect("mkfifo");
    assert!(made.success());
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

fn records(n: usize) -> Vec<Record> {
    (0..n)
        .map(|i| {
            if i % 2 == 0 {
                checkin(&format!("2025-03-0{}T10:00:00+00:00", 1 + i % 9), 3)
            } else {
                session(
                    "Desk reset",
                    &format!("2025-03-0{}T08:00:00+01:00", 1 + i % 9),
                    10,
                    Some(6),
                    Some(3),
                )
            }
        })
        .collect()
}

fn lines(records: &[Record]) -> String {
    records.iter().map(|r| r.to_line() + "\n").collect()
}

// ---------------------------------------------------------------------------
// Hostile journals.

/// How a hostile journal must be met.
#[derive(Debug, Clone, Copy)]
enum Meet {
    /// Refused, with these words in the message.
    Refused(&'static str),
    /// Read: this many records, this many damaged lines reported.
    Read { records: usize, damaged: usize },
}

struct Hostile {
    name: &'static str,
    /// Makes `journal.jsonl` in the data folder; gives the path whose
    /// contents must not change (a link's target, the journal itself).
    make: fn(&Path) -> PathBuf,
    meet: Meet,
}

fn hostile_journals() -> Vec<Hostile> {
    let mut all = vec![
        Hostile {
            name: "a link to a file",
            make: |dir| {
                let victim = dir.join("victim.jsonl");
                fs::write(&victim, lines(&records(2))).unwrap();
                symlink(&victim, dir.join("journal.jsonl")).unwrap();
                victim
            },
            meet: Meet::Refused("it is a symbolic link"),
        },
        Hostile {
            name: "a dangling link",
            make: |dir| {
                let nowhere = dir.join("made-through-the-link.jsonl");
                symlink(&nowhere, dir.join("journal.jsonl")).unwrap();
                nowhere
            },
            meet: Meet::Refused("it is a symbolic link"),
        },
        Hostile {
            name: "a named pipe",
            make: |dir| {
                let journal = dir.join("journal.jsonl");
                mkfifo(&journal);
                journal
            },
            meet: Meet::Refused("it is a named pipe, not a regular file"),
        },
        Hostile {
            name: "a link to /dev/zero",
            make: |dir| {
                symlink("/dev/zero", dir.join("journal.jsonl")).unwrap();
                PathBuf::from("/dev/zero")
            },
            meet: Meet::Refused("it is a symbolic link"),
        },
        Hostile {
            name: "a link to /dev/urandom",
            make: |dir| {
                symlink("/dev/urandom", dir.join("journal.jsonl")).unwrap();
                PathBuf::from("/dev/urandom")
            },
            meet: Meet::Refused("it is a symbolic link"),
        },
        Hostile {
            name: "a folder",
            make: |dir| {
                let journal = dir.join("journal.jsonl");
                fs::create_dir(&journal).unwrap();
                fs::write(journal.join("inside"), "kept").unwrap();
                journal
            },
            meet: Meet::Refused("it is a folder, not a file"),
        },
        Hostile {
            name: "a link loop",
            make: |dir| {
                let journal = dir.join("journal.jsonl");
                symlink("journal.jsonl", &journal).unwrap();
                journal
            },
            meet: Meet::Refused("it is a symbolic link"),
        },
        Hostile {
            name: "lines of 64 KiB and more",
            make: |dir| {
                let journal = dir.join("journal.jsonl");
                let two = records(2);
                let mut bytes = two[0].to_line().into_bytes();
                bytes.push(b'\n');
                bytes.extend(std::iter::repeat_n(b'x', 64 * 1024 + 1));
                bytes.push(b'\n');
                bytes.extend(std::iter::repeat_n(b'{', 8 * 1024 * 1024));
                bytes.push(b'\n');
                bytes.extend_from_slice(two[1].to_line().as_bytes());
                bytes.push(b'\n');
                // The last, 30 MiB without a newline: never held whole.
                bytes.extend(std::iter::repeat_n(b'"', 30 * 1024 * 1024));
                fs::write(&journal, bytes).unwrap();
                journal
            },
            meet: Meet::Read {
                records: 2,
                damaged: 3,
            },
        },
        Hostile {
            name: "NUL blocks a crash left",
            make: |dir| {
                let journal = dir.join("journal.jsonl");
                let three = records(3);
                let mut bytes = (three[0].to_line() + "\n").into_bytes();
                // A block of NULs glued to the intact record after it.
                bytes.extend(std::iter::repeat_n(0u8, 4096));
                bytes.extend_from_slice((three[1].to_line() + "\n").as_bytes());
                // A block of NULs alone, where a record was lost.
                bytes.extend(std::iter::repeat_n(0u8, 8192));
                bytes.push(b'\n');
                bytes.extend_from_slice((three[2].to_line() + "\n").as_bytes());
                fs::write(&journal, bytes).unwrap();
                journal
            },
            meet: Meet::Read {
                records: 3,
                damaged: 1,
            },
        },
        Hostile {
            name: "a byte-order mark",
            make: |dir| {
                let journal = dir.join("journal.jsonl");
                fs::write(&journal, format!("\u{feff}{}", lines(&records(2)))).unwrap();
                journal
            },
            meet: Meet::Read {
                records: 2,
                damaged: 0,
            },
        },
    ];
    if is_root() {
        all.push(Hostile {
            name: "a device node itself",
            make: |dir| {
                let journal = dir.join("journal.jsonl");
                let made = Command::new("mknod")
                    .arg(&journal)
                    .args(["c", "1", "5"])
                    .status()
                    .expect("mknod");
                assert!(made.success());
                journal
            },
            meet: Meet::Refused("it is a device, not a regular file"),
        });
    }
    all
}

/// `log`, `stats`, `checkin` and `play --plain` on each hostile journal.
#[test]
fn every_hostile_journal_is_met_calmly_by_every_command() {
    for hostile in hostile_journals() {
        let dir = TempDir::new().unwrap();
        let data = dir.path();
        let target = (hostile.make)(data);
        let journal = data.join("journal.jsonl");
        let before = fingerprint(&target);
        // Only a regular file is read (a pipe would block, /dev/zero never end).
        let regular = fs::symlink_metadata(&target).is_ok_and(|m| m.is_file());
        let bytes_before = regular.then(|| fs::read(&target).unwrap());
        let named = journal.display().to_string();
        eprintln!("{}:", hostile.name);

        for args in [
            &["log"][..],
            &["stats"],
            &["checkin", "--pain", "3"],
            &["play", "--plain", "--no-audio", SHORT],
        ] {
            let mut run = stillpoint(args).data(data);
            if args[0] == "play" {
                run = run.first_line();
            }
            let ran = run.run();
            let ran = ran.assert_calm();
            eprintln!(
                "  {:<40} exit {:?} in {:>6.0?}, peak {} KiB",
                args.join(" ").replace(SHORT, "short.toml"),
                ran.code,
                ran.took,
                ran.peak_kib.map_or("?".into(), |k| k.to_string())
            );
            match hostile.meet {
                Meet::Refused(words) => {
                    ran.says(&named).says(words);
                    if args[0] != "play" {
                        ran.code(2);
                    }
                    match args[0] {
                        "checkin" => {
                            ran.says(&format!("could not save the check-in to {named}"));
                        }
                        "play" => {
                            ran.says(&format!("could not be saved to {named}"));
                        }
                        _ => {
                            ran.says(&format!("could not read the journal at {named}"));
                        }
                    }
                    assert_eq!(
                        fingerprint(&target),
                        before,
                        "{}: {} changed",
                        hostile.name,
                        target.display()
                    );
                }
                Meet::Read { records, damaged } => {
                    ran.code(if args[0] == "play" {
                        ran.code.unwrap()
                    } else {
                        0
                    });
                    if args[0] == "log" {
                        let shown = ran.stdout_text();
                        assert_eq!(
                            shown.lines().count(),
                            1 + records,
                            "{}: {shown}",
                            hostile.name
                        );
                        assert_eq!(
                            ran.stderr.matches("is damaged and was skipped").count(),
                            damaged,
                            "{}: {}",
                            hostile.name,
                            ran.stderr
                        );
                    }
                    // Records are only ever added after what was there.
                    assert!(regular, "{}", hostile.name);
                    let now = fs::read(&target).unwrap();
                    let was = bytes_before.as_ref().unwrap();
                    assert!(now.starts_with(was), "{}: rewritten", hostile.name);
                }
            }
        }
        if let Meet::Read { .. } = hostile.meet {
            // What was added is read back: a check-in and the session.
            let loaded = Journal::at(&journal).load().unwrap();
            let Meet::Read { records, .. } = hostile.meet else {
                unreachable!()
            };
            assert_eq!(loaded.records.len(), records + 2, "{}", hostile.name);
        }
    }
}

/// The recovery file beside the journal, made hostile: every command that
/// uses the journal warns, naming it, and goes on; what it points at is
/// untouched.
#[test]
fn a_hostile_recovery_file_is_warned_about_and_left_alone() {
    type Make = fn(&Path, &Path) -> PathBuf;
    let cases: [(&str, Make, &str); 5] = [
        (
            "a link to a file",
            |dir, unsaved| {
                let victim = dir.join("victim.jsonl");
                fs::write(&victim, lines(&records(1))).unwrap();
                symlink(&victim, unsaved).unwrap();
                victim
            },
            "it is a symbolic link",
        ),
        (
            "a named pipe",
            |_, unsaved| {
                mkfifo(unsaved);
                unsaved.to_owned()
            },
            "it is a named pipe",
        ),
        (
            "a link to /dev/zero",
            |_, unsaved| {
                symlink("/dev/zero", unsaved).unwrap();
                PathBuf::from("/dev/zero")
            },
            "it is a symbolic link",
        ),
        (
            "a folder",
            |_, unsaved| {
                fs::create_dir(unsaved).unwrap();
                unsaved.to_owned()
            },
            "it is a folder",
        ),
        (
            "a link loop",
            |_, unsaved| {
                symlink(unsaved, unsaved).unwrap();
                unsaved.to_owned()
            },
            "it is a symbolic link",
        ),
    ];
    for (name, make, words) in cases {
        let dir = TempDir::new().unwrap();
        let journal = write_journal(dir.path(), &records(2));
        let unsaved = journal.unsaved_path();
        let target = make(dir.path(), &unsaved);
        let before = (fingerprint(&target), fingerprint(journal.path()));
        for args in [&["log"][..], &["stats"], &["checkin", "--pain", "4"]] {
            let ran = stillpoint(args).data(dir.path()).run();
            ran.assert_calm()
                .code(0)
                .says(&format!(
                    "could not move the records kept in {}",
                    unsaved.display()
                ))
                .says(words);
        }
        assert_eq!(fingerprint(&target), before.0, "{name}");
        // Only the check-in was added to the journal.
        assert_eq!(journal.load().unwrap().records.len(), 3, "{name}");
    }
}

/// The library and the history, headless, on each hostile journal: the
/// library's top line and the history say why the journal cannot be read
/// (rather than "No sessions yet"), within the time limit.
#[test]
fn the_library_and_the_history_say_why_the_journal_cannot_be_read() {
    for hostile in hostile_journals() {
        let dir = TempDir::new().unwrap();
        let target = (hostile.make)(dir.path());
        let before = fingerprint(&target);
        let journal = dir.path().join("journal.jsonl");
        let (tx, rx) = mpsc::channel();
        let shown_journal = journal.clone();
        thread::spawn(move || {
            let routine = parse(&stillpoint::routine::RoutineSource::bundled(
                stillpoint::library::BUNDLED[0].0,
                stillpoint::library::BUNDLED[0].1,
            ));
            let source = stillpoint::routine::RoutineSource::bundled(
                stillpoint::library::BUNDLED[0].0,
                stillpoint::library::BUNDLED[0].1,
            );
            let library = vec![Playable::new(&source, routine.routine.unwrap())];
            let options = Options {
                look: Look {
                    palette: Theme::Dim.palette(false),
                    reduced_motion: false,
                    ascii: false,
                },
                checkin: false,
                weekly_goal: 3,
            };
            let t0 = Instant::now();
            let mut app = App::library(
                library,
                options,
                Keeper::new(Some(Journal::at(&shown_journal))),
                None,
                WallClock::following(t0, chrono::Local::now().fixed_offset()),
            );
            let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
            let mut screen = |app: &App| {
                terminal.draw(|f| app.draw(f, t0)).unwrap();
                app.frame_out();
                let buffer = terminal.backend().buffer();
                let mut text = String::new();
                for y in 0..buffer.area.height {
                    for x in 0..buffer.area.width {
                        text.push_str(buffer[(x, y)].symbol());
                    }
                    text.push('\n');
                }
                text
            };
            // The figures are read on a thread of their own: each screen
            // is looked at once they stand in place of the placeholder.
            let mut read = |app: &mut App| loop {
                let seen = screen(app);
                if !journal_support::still_reading(&seen) {
                    return seen;
                }
                thread::sleep(Duration::from_millis(1));
                app.tick(t0);
            };
            let library = read(&mut app);
            app.key(KeyEvent::from(KeyCode::Char('h')), t0);
            let history = read(&mut app);
            let _ = tx.send((library, history));
        });
        let (library, history) = rx
            .recv_timeout(LIMIT)
            .unwrap_or_else(|_| panic!("{}: the library hung", hostile.name));
        match hostile.meet {
            Meet::Refused(words) => {
                assert!(
                    library.contains("the journal cannot be read"),
                    "{}:\n{library}",
                    hostile.name
                );
                assert!(
                    history.contains("The journal could not be read"),
                    "{}:\n{history}",
                    hostile.name
                );
                assert!(!history.contains("No sessions yet"), "{}", hostile.name);
                // The reason, wrapped over lines: its first word is there.
                let first = words.split_whitespace().nth(3).unwrap_or("it");
                assert!(history.contains(first), "{}:\n{history}", hostile.name);
            }
            Meet::Read { .. } => {
                assert!(!library.contains("cannot be read"), "{}", hostile.name);
                assert!(!history.contains("could not be read"), "{}", hostile.name);
                assert!(history.contains("in all"), "{}:\n{history}", hostile.name);
            }
        }
        assert_eq!(fingerprint(&target), before, "{}", hostile.name);
    }
}

/// As user nobody: a journal only its owner may read, a folder nobody may
/// write in, and a data folder that belongs to someone else.
#[test]
fn permission_cases_as_nobody() {
    if !is_root() {
        eprintln!("skipped: only root can run a command as nobody here");
        return;
    }
    let dir = TempDir::new().unwrap();
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let journal = write_journal(dir.path(), &records(3));
    let before = fingerprint(journal.path());
    let named = journal.path().display().to_string();
    for args in [&["log"][..], &["stats"]] {
        stillpoint(args)
            .data(dir.path())
            .by_nobody()
            .run()
            .assert_calm()
            .code(2)
            .says(&format!(
                "could not read the journal at {named}: you are not allowed to read it"
            ));
    }
    stillpoint(&["checkin", "--pain", "3"])
        .data(dir.path())
        .by_nobody()
        .run()
        .assert_calm()
        .code(2)
        .says(&format!("could not save the check-in to {named}"))
        .says("you are not allowed to write there");
    stillpoint(&["play", "--plain", "--no-audio", SHORT])
        .data(dir.path())
        .by_nobody()
        .first_line()
        .run()
        .assert_calm()
        .says(&named);
    assert_eq!(fingerprint(journal.path()), before);

    // A link is refused as a link, before any question of permission.
    let linked = TempDir::new().unwrap();
    fs::set_permissions(linked.path(), fs::Permissions::from_mode(0o755)).unwrap();
    symlink(journal.path(), linked.path().join("journal.jsonl")).unwrap();
    stillpoint(&["log"])
        .data(linked.path())
        .by_nobody()
        .run()
        .assert_calm()
        .code(2)
        .says("it is a symbolic link");

    // Root's data folder, open to all: nobody is warned whose it is.
    let open = TempDir::new().unwrap();
    fs::set_permissions(open.path(), fs::Permissions::from_mode(0o777)).unwrap();
    let ran = stillpoint(&["log"]).data(open.path()).by_nobody().run();
    ran.assert_calm()
        .says(&format!(
            "the data folder {} is not private",
            open.path().display()
        ))
        .says("belongs to another user");
    assert_eq!(fingerprint(open.path()), "folder of []");
}

#[test]
fn a_data_folder_others_may_write_in_is_warned_about() {
    let dir = TempDir::new().unwrap();
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o777)).unwrap();
    for args in [&["log"][..], &["stats"], &["checkin", "--pain", "2"]] {
        stillpoint(args)
            .data(dir.path())
            .run()
            .assert_calm()
            .says(&format!(
                "warning: the data folder {} is not private: its group and every other user may write in it (mode 0777)",
                dir.path().display()
            ));
    }
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o700)).unwrap();
    let ran = stillpoint(&["log"]).data(dir.path()).run();
    assert!(
        !ran.assert_calm().stderr.contains("not private"),
        "{}",
        ran.stderr
    );
}

/// A config that is a named pipe or a device is refused at once by every
/// command that reads it.
#[test]
fn a_config_that_is_a_pipe_or_a_device_never_hangs() {
    let dir = TempDir::new().unwrap();
    let pipe = dir.path().join("config.toml");
    mkfifo(&pipe);
    for config in [
        pipe.as_path(),
        Path::new("/dev/zero"),
        Path::new("/dev/urandom"),
    ] {
        for args in [
            &["plan", SHORT][..],
            &["stats"],
            &["play", "--plain", "--no-audio", SHORT],
            &["paths"],
            &["list"],
        ] {
            let ran = stillpoint(args)
                .data(dir.path())
                .env("STILLPOINT_CONFIG", config)
                .first_line()
                .run();
            ran.assert_calm().says(&config.display().to_string());
            if args[0] != "paths" {
                ran.code(2);
            }
        }
    }
    assert_eq!(fingerprint(&pipe), "named pipe");
}

// ---------------------------------------------------------------------------
// Writing: nothing redirected, nothing destroyed.

/// The remembered settings and render's output are the only files replaced
/// through a temporary file; links planted at every name such a file has
/// ever had, or might plausibly have, are never written through.
#[test]
fn a_link_planted_at_every_temporary_name_is_not_written_through() {
    let dir = TempDir::new().unwrap();
    let data = dir.path().join("data");
    fs::create_dir(&data).unwrap();
    let victim = dir.path().join("victim");
    fs::write(&victim, "keep me").unwrap();
    let names = |file: &str| {
        [
            format!("{file}.new"),
            format!("{file}.tmp"),
            format!(".{file}.tmp"),
            format!(".{file}.new"),
            format!("{file}~"),
            format!(".#{file}"),
        ]
    };
    for name in names("remembered.toml") {
        symlink(&victim, data.join(&name)).unwrap();
    }
    // A dangling link too: it must create nothing.
    symlink(
        dir.path().join("created"),
        data.join("remembered.toml.part"),
    )
    .unwrap();
    stillpoint::paths::set_data_dir_flag(data.clone());
    for volume in [30, 60] {
        stillpoint::config::remembered::save(stillpoint::config::remembered::Levels {
            volume,
            muted: false,
            voice: true,
        })
        .unwrap();
    }
    assert_eq!(stillpoint::config::remembered::load().unwrap().volume, 60);

    let out = dir.path().join("out.wav");
    fs::write(&out, "an old render").unwrap();
    for name in names("out.wav") {
        symlink(&victim, dir.path().join(name)).unwrap();
    }
    stillpoint(&["render", SHORT, "-o", out.to_str().unwrap(), "--force"])
        .data(&data)
        .run()
        .assert_calm()
        .code(0);
    assert!(fs::read(&out).unwrap().starts_with(b"RIFF"));

    assert_eq!(fs::read_to_string(&victim).unwrap(), "keep me");
    assert!(!dir.path().join("created").exists());
    for folder in [dir.path(), data.as_path()] {
        for entry in fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            assert!(
                !name.ends_with(".tmp") || fs::symlink_metadata(&path).unwrap().is_symlink(),
                "a temporary file was left: {name}"
            );
        }
    }
}

/// A render that fails, on a full disk, leaves the old file exactly as it
/// was and no temporary file. On a real 256 KiB tmpfs when this runs as
/// root (in a mount namespace of its own), and always with a file size
/// limit as a full disk.
#[test]
fn a_failed_render_leaves_the_old_file_as_it_was() {
    let dir = TempDir::new().unwrap();
    // A full disk, simulated: writes past 100 KiB fail.
    let out = dir.path().join("session.wav");
    fs::write(&out, "the render from last week").unwrap();
    let before = fingerprint(&out);
    let ran = script(&format!(
        "trap '' XFSZ; ulimit -f 200; exec \"$0\" render {SHORT} --force -o {}",
        out.display()
    ))
    .data(dir.path())
    .run();
    ran.assert_calm()
        .code(2)
        .says(&format!("cannot write `{}`", out.display()))
        .says("nothing was changed");
    assert_eq!(fingerprint(&out), before);
    assert_eq!(fingerprint(dir.path()), "folder of [\"session.wav\"]");

    // A real full tmpfs, where the system allows a mount.
    if !is_root() || Command::new("unshare").arg("--help").output().is_err() {
        eprintln!("skipped the tmpfs: it needs root and unshare");
        return;
    }
    let mount = dir.path().join("small");
    fs::create_dir(&mount).unwrap();
    let ran = script(&format!(
        "unshare -m sh -c 'mount -t tmpfs -o size=256k tmpfs {m} || exit 77; \
         echo \"the render from last week\" > {m}/out.wav; sha256sum {m}/out.wav; \
         \"$0\" render {SHORT} --force -o {m}/out.wav; echo \"exit=$?\"; \
         sha256sum {m}/out.wav; ls -A {m}' \"$0\"",
        m = mount.display()
    ))
    .data(dir.path())
    .run();
    if ran.code == Some(77) {
        eprintln!(
            "skipped the tmpfs: mount is not allowed here ({})",
            ran.stderr
        );
        return;
    }
    ran.assert_calm()
        .says("the disk is full")
        .says("nothing was changed");
    let shown = ran.stdout_text();
    let sums: Vec<&str> = shown
        .lines()
        .filter(|l| l.contains("out.wav") && l.len() > 64)
        .collect();
    assert_eq!(sums.len(), 2, "{shown}");
    assert_eq!(sums[0], sums[1], "the old render changed: {shown}");
    assert!(shown.contains("exit=2"), "{shown}");
    assert_eq!(
        shown.lines().last(),
        Some("out.wav"),
        "only the old file: {shown}"
    );
}

/// Outputs that are not regular files are written as they are, and never
/// removed or replaced: a named pipe, `/dev/full`, `/dev/null`, stdout.
#[test]
fn render_writes_a_pipe_a_device_or_stdout_directly_and_never_removes_it() {
    let dir = TempDir::new().unwrap();
    let pipe = dir.path().join("to-the-speaker");
    mkfifo(&pipe);
    let reading = pipe.clone();
    let reader = thread::spawn(move || fs::read(reading).unwrap());
    let ran = stillpoint(&["render", SHORT, "-o", pipe.to_str().unwrap()])
        .data(dir.path())
        .run();
    ran.assert_calm().code(0);
    let heard = reader.join().unwrap();
    assert!(
        heard.starts_with(b"RIFF") && heard.len() > 44,
        "{} bytes",
        heard.len()
    );
    assert_eq!(fingerprint(&pipe), "named pipe");

    let ran = stillpoint(&["render", SHORT, "-o", "-"])
        .data(dir.path())
        .cwd(dir.path())
        .run();
    ran.assert_calm().code(0);
    assert_eq!(ran.stdout, heard, "the same WAV on standard output");
    assert!(!dir.path().join("-").exists());

    for device in ["/dev/full", "/dev/null"] {
        let ran = stillpoint(&["render", SHORT, "-o", device, "--force"])
            .data(dir.path())
            .run();
        ran.assert_calm();
        if device == "/dev/full" {
            ran.code(2)
                .says("cannot write `/dev/full`: the disk is full");
            assert!(!ran.stderr.contains("nothing was changed"));
        } else {
            ran.code(0);
        }
        assert_eq!(
            fingerprint(Path::new(device)),
            "character device",
            "{device}"
        );
    }
    stillpoint(&[
        "render",
        SHORT,
        "-o",
        dir.path().to_str().unwrap(),
        "--force",
    ])
    .data(dir.path())
    .run()
    .assert_calm()
    .code(1)
    .says("it is a folder");
}

/// Stopped by a signal mid-render: nothing written, the old file as it
/// was, no temporary file left.
#[test]
fn a_render_stopped_by_a_signal_leaves_no_temporary_file() {
    let dir = TempDir::new().unwrap();
    let long = dir.path().join("long.toml");
    fs::write(
        &long,
        "stillpoint = 1\ntitle = \"Long\"\n[sound]\nambient = \"brown-noise\"\n\
         [[step]]\ntitle = \"Rest\"\nkind = \"rest\"\nduration = \"2h\"\ninstructions = \"Rest.\"\n",
    )
    .unwrap();
    let out = dir.path().join("long.wav");
    fs::write(&out, "an old render").unwrap();
    let before = fingerprint(&out);
    let mut child = Command::new(BIN)
        .args([
            "render",
            long.to_str().unwrap(),
            "--force",
            "-o",
            out.to_str().unwrap(),
        ])
        .env("STILLPOINT_DATA_DIR", dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait (polling, with a limit) until the temporary file is there.
    let started = Instant::now();
    let temporary = loop {
        let found = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.to_string_lossy().ends_with(".tmp"));
        if let Some(found) = found {
            break Some(found);
        }
        if started.elapsed() > Duration::from_secs(30) || child.try_wait().unwrap().is_some() {
            break None;
        }
        thread::yield_now();
    };
    let Some(temporary) = temporary else {
        let _ = child.kill();
        eprintln!("inconclusive: the render ended before its temporary file was seen");
        return;
    };
    // SAFETY: a signal to the child this test started.
    unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGTERM) };
    let status = child
        .wait_timeout(Duration::from_secs(30))
        .unwrap()
        .expect("it stops");
    let mut said = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut said)
        .unwrap();
    assert_eq!(status.code(), Some(143), "{said}");
    assert!(said.contains("was not written"), "{said}");
    assert!(!temporary.exists(), "the temporary file was left");
    assert_eq!(fingerprint(&out), before);
}

// ---------------------------------------------------------------------------
// Sound files with hostile headers.

fn wav(rate: u32, channels: u16, bits: u16, align: u16, samples: usize) -> Vec<u8> {
    let data: Vec<u8> = (0..samples * usize::from(align.max(1)))
        .map(|i| (i * 37 % 251) as u8)
        .collect();
    let mut fmt = Vec::new();
    fmt.extend_from_slice(&1u16.to_le_bytes());
    fmt.extend_from_slice(&channels.to_le_bytes());
    fmt.extend_from_slice(&rate.to_le_bytes());
    fmt.extend_from_slice(&rate.wrapping_mul(u32::from(align)).to_le_bytes());
    fmt.extend_from_slice(&align.to_le_bytes());
    fmt.extend_from_slice(&bits.to_le_bytes());
    let mut body = b"WAVEfmt ".to_vec();
    body.extend_from_slice(&16u32.to_le_bytes());
    body.extend_from_slice(&fmt);
    body.extend_from_slice(b"data");
    body.extend_from_slice(&(data.len() as u32).to_le_bytes());
    body.extend(data);
    let mut file = b"RIFF".to_vec();
    file.extend_from_slice(&(body.len() as u32).to_le_bytes());
    file.extend(body);
    file
}

/// Sound files a careful tester would try: each must fall back to the
/// chime with a warning.
fn hostile_sounds() -> Vec<(&'static str, &'static str, Vec<u8>)> {
    let mut flac_zero = b"fLaC\x00\x00\x00\x22".to_vec();
    flac_zero.extend_from_slice(&[0x10, 0x00, 0x10, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0xF0]);
    flac_zero.extend_from_slice(&[0; 24]);
    let mut opus = b"OggS\x00\x02".to_vec();
    opus.extend_from_slice(&[0; 20]);
    opus.extend_from_slice(&[1, 19]);
    opus.extend_from_slice(b"OpusHead\x01\x02\x38\x01\x80\xbb\x00\x00\x00\x00\x00");
    let mut huge_tag = b"ID3\x04\x00\x00\x7F\x7F\x7F\x7F".to_vec();
    huge_tag.extend_from_slice(&[0xFF, 0xFB, 0x90, 0x64]);
    vec![
        ("rate-0", "wav", wav(0, 1, 16, 2, 4000)),
        ("rate-huge", "wav", wav(4_000_000_000, 1, 16, 2, 4000)),
        ("no-channels", "wav", wav(48_000, 0, 16, 0, 4000)),
        ("many-channels", "wav", wav(48_000, 65_535, 16, 2, 4000)),
        ("zero-bits", "wav", wav(48_000, 1, 0, 0, 4000)),
        ("odd-block", "wav", wav(48_000, 2, 16, 3, 4000)),
        ("no-data", "wav", wav(48_000, 1, 16, 2, 0)),
        (
            "cut-header",
            "wav",
            wav(48_000, 1, 16, 2, 10)[..30].to_vec(),
        ),
        ("flac-rate-0", "flac", flac_zero),
        ("opus", "ogg", opus),
        ("tag-larger-than-file", "mp3", huge_tag),
    ]
}

/// A routine whose chime, ambient bed and step sound are `name`.
fn routine_with_sound(dir: &Path, file: &str) -> PathBuf {
    let path = dir.join(format!("{file}.toml"));
    fs::write(
        &path,
        format!(
            "stillpoint = 1\ntitle = \"Hostile {file}\"\nlead_in = \"1s\"\n[sound]\n\
             chime = \"{file}\"\nambient = \"{file}\"\n\
             [[step]]\ntitle = \"Rest\"\nkind = \"rest\"\nduration = \"2s\"\n\
             sound = \"{file}\"\ninstructions = \"Rest.\"\n"
        ),
    )
    .unwrap();
    path
}

#[test]
fn hostile_sound_headers_fall_back_to_the_chime_in_every_command() {
    let dir = TempDir::new().unwrap();
    let alsa = Command::new("ldconfig")
        .arg("-p")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("libasound.so.2"));
    for (name, extension, bytes) in hostile_sounds() {
        let file = format!("{name}.{extension}");
        fs::write(dir.path().join(&file), &bytes).unwrap();
        let routine = routine_with_sound(dir.path(), &file);
        let routine = routine.to_str().unwrap();
        let quoted = format!("`{file}`");
        let ran = stillpoint(&["check", routine]).data(dir.path()).run();
        ran.assert_calm()
            .code(0)
            .says(&quoted)
            .says("the default sound plays instead");
        stillpoint(&["plan", routine])
            .data(dir.path())
            .run()
            .assert_calm()
            .code(0)
            .says(&quoted);
        let out = dir.path().join(format!("{name}.out.wav"));
        stillpoint(&["render", routine, "-o", out.to_str().unwrap()])
            .data(dir.path())
            .run()
            .assert_calm()
            .code(0)
            .says(&quoted);
        assert!(fs::read(&out).unwrap().starts_with(b"RIFF"));
        let mut play = stillpoint(&["play", "--plain", routine])
            .data(dir.path())
            .first_line();
        if alsa {
            // Sound on: the ALSA file device writes what would be heard,
            // so every sound is decoded.
            let heard = dir.path().join(format!("{name}.heard.wav"));
            play.args.push("--audio-device".into());
            play.args
                .push(format!("file:FILE={},FORMAT=wav", heard.display()));
        } else {
            play.args.push("--no-audio".into());
        }
        play.run().assert_calm().says(&quoted);
        assert_eq!(
            fs::read(dir.path().join(&file)).unwrap(),
            bytes,
            "{name} unchanged"
        );
    }
}

// ---------------------------------------------------------------------------
// Text files that would flood the screen, and places not to write.

#[test]
fn two_hundred_thousand_brackets_give_under_100_kb_of_output() {
    let dir = TempDir::new().unwrap();
    for (name, text) in [
        ("brackets.toml", "[".repeat(200_000)),
        (
            "value-brackets.toml",
            format!("x = {}", "[".repeat(200_000)),
        ),
        (
            "next-line.toml",
            format!("a = 1\nb = {}\n", "[".repeat(200_000)),
        ),
    ] {
        let path = dir.path().join(name);
        fs::write(&path, text).unwrap();
        for args in [
            &["check"][..],
            &["plan"],
            &["play", "--plain", "--no-audio"],
        ] {
            let mut all: Vec<&str> = args.to_vec();
            all.push(path.to_str().unwrap());
            let ran = stillpoint(&all).data(dir.path()).run();
            ran.assert_calm().code(1).says(name);
            let size = ran.stderr.len() + ran.stdout.len();
            eprintln!("{name}, {}: {size} bytes in {:.0?}", args[0], ran.took);
            assert!(size < 100_000, "{name}, {}: {size} bytes", args[0]);
        }
    }
}

#[test]
fn many_mistakes_are_shown_twenty_at_a_time() {
    let dir = TempDir::new().unwrap();
    let mut text = String::from("stillpoint = 1\ntitle = \"Many\"\n");
    for i in 0..5_000 {
        text.push_str(&format!("unknown_{i} = 1\n"));
    }
    text.push_str(
        "[[step]]\ntitle = \"R\"\nkind = \"rest\"\nduration = \"5s\"\ninstructions = \"R.\"\n",
    );
    let path = dir.path().join("many.toml");
    fs::write(&path, text).unwrap();
    let ran = stillpoint(&["check", path.to_str().unwrap()])
        .data(dir.path())
        .run();
    ran.assert_calm()
        .code(1)
        .says(&format!(
            "and 4980 more errors in {}, not shown",
            path.display()
        ))
        .says("(5000 errors, 0 warnings)");
    assert_eq!(ran.stderr.matches("error: unknown key").count(), 20);
    let ran = stillpoint(&["check", "--format", "json", path.to_str().unwrap()])
        .data(dir.path())
        .run();
    let listed: Vec<serde_json::Value> = serde_json::from_slice(&ran.stdout).unwrap();
    assert_eq!(listed.len(), 21, "twenty, and one that counts the rest");
}

#[test]
fn a_home_folder_that_does_not_exist_is_not_created() {
    let dir = TempDir::new().unwrap();
    let home = dir.path().join("nonexistent");
    for args in [&["checkin", "--pain", "3"][..], &["log"], &["stats"]] {
        let ran = stillpoint(args)
            .without("STILLPOINT_DATA_DIR")
            .without("XDG_DATA_HOME")
            .env("XDG_CONFIG_HOME", dir.path().join("config"))
            .env("HOME", &home)
            .run();
        ran.assert_calm();
        if args[0] == "checkin" {
            let journal = home.join(".local/share/stillpoint/journal.jsonl");
            ran.code(2)
                .says(&format!(
                    "could not save the check-in to {}",
                    journal.display()
                ))
                .says("so Stillpoint does not create it")
                .says("set STILLPOINT_DATA_DIR or XDG_DATA_HOME, or pass --data-dir");
        }
    }
    assert!(!home.exists(), "a home folder was created");
    if is_root() && !Path::new("/nonexistent").exists() {
        stillpoint(&["checkin", "--pain", "3"])
            .without("STILLPOINT_DATA_DIR")
            .without("XDG_DATA_HOME")
            .env("XDG_CONFIG_HOME", dir.path().join("config"))
            .env("HOME", "/nonexistent")
            .run()
            .assert_calm()
            .code(2)
            .says("/nonexistent/.local/share/stillpoint/journal.jsonl");
        assert!(
            !Path::new("/nonexistent").exists(),
            "made at the top of the file system"
        );
    }
    // Inside a home folder that exists, the data folder is made as usual.
    fs::create_dir(&home).unwrap();
    stillpoint(&["checkin", "--pain", "3"])
        .without("STILLPOINT_DATA_DIR")
        .without("XDG_DATA_HOME")
        .env("XDG_CONFIG_HOME", dir.path().join("config"))
        .env("HOME", &home)
        .run()
        .assert_calm()
        .code(0);
    let data = home.join(".local/share/stillpoint");
    assert_eq!(
        fs::metadata(&data).unwrap().permissions().mode() & 0o777,
        0o700
    );
}

#[test]
fn new_refuses_an_empty_or_hidden_name() {
    let dir = TempDir::new().unwrap();
    for name in ["", "   ", ".toml", "."] {
        stillpoint(&["new", name])
            .data(dir.path())
            .cwd(dir.path())
            .run()
            .assert_calm()
            .code(1)
            .says("error: ")
            .says("stillpoint new evening-unwind");
    }
    assert_eq!(
        fingerprint(dir.path()),
        "folder of []",
        "nothing was written"
    );
    // The schema beside a new routine is never written through a link.
    let victim = dir.path().join("victim");
    fs::write(&victim, "keep me").unwrap();
    symlink(&victim, dir.path().join("routine.schema.json")).unwrap();
    symlink(dir.path().join("made"), dir.path().join("evening.toml")).unwrap();
    stillpoint(&["new", "evening"])
        .data(dir.path())
        .cwd(dir.path())
        .run()
        .assert_calm()
        .code(1)
        .says("already exists");
    stillpoint(&["new", "morning"])
        .data(dir.path())
        .cwd(dir.path())
        .run()
        .assert_calm()
        .code(0);
    assert_eq!(fs::read_to_string(&victim).unwrap(), "keep me");
    assert!(!dir.path().join("made").exists());
}

// ---------------------------------------------------------------------------
// The full screen, in a real terminal: a sound that turns hostile after it
// was checked never tears the screen down.

const SOCKET: &str = "stillpoint-hostile-tests";

fn tmux(args: &[&str]) -> String {
    let out = Command::new("tmux")
        .arg("-L")
        .arg(SOCKET)
        .args(args)
        .output()
        .expect("tmux must be installed (.ci/run installs it)");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

struct Pane(String);

impl Drop for Pane {
    fn drop(&mut self) {
        tmux(&["kill-session", "-t", &self.0]);
    }
}

impl Pane {
    fn screen(&self) -> String {
        tmux(&["capture-pane", "-p", "-t", &self.0])
    }

    fn alternate(&self) -> bool {
        tmux(&["display-message", "-p", "-t", &self.0, "#{alternate_on}"]).trim() == "1"
    }

    fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "waited for {text:?}; the screen shows:\n{screen}"
            );
            thread::sleep(Duration::from_millis(100));
        }
    }

    fn keys(&self, keys: &[&str]) {
        for key in keys {
            tmux(&["send-keys", "-t", &self.0, key]);
        }
    }
}

#[test]
fn a_sound_made_hostile_after_checking_never_tears_down_the_screen() {
    if Command::new("tmux").arg("-V").output().is_err() {
        eprintln!("skipped: no tmux");
        return;
    }
    let dir = TempDir::new().unwrap();
    let routines = dir.path().join("data/routines");
    fs::create_dir_all(&routines).unwrap();
    fs::create_dir_all(dir.path().join("config/stillpoint")).unwrap();
    fs::write(
        dir.path().join("config/stillpoint/config.toml"),
        "checkin = false\n",
    )
    .unwrap();
    // A good recording when the library checks it; a sample rate of 0 by
    // the time the session decodes it (written over in place).
    let good = wav(8_000, 1, 16, 2, 16_000);
    fs::write(routines.join("turns.wav"), &good).unwrap();
    fs::write(routines.join("zero.wav"), wav(0, 1, 16, 2, 4000)).unwrap();
    fs::write(
        routines.join("hostile.toml"),
        "stillpoint = 1\ntitle = \"Hostile sounds\"\nlead_in = \"1s\"\n[sound]\n\
         chime = \"turns.wav\"\nambient = \"turns.wav\"\n\
         [[step]]\ntitle = \"First rest\"\nkind = \"rest\"\nduration = \"20s\"\n\
         sound = \"zero.wav\"\ninstructions = \"Rest.\"\n",
    )
    .unwrap();
    let d = dir.path().display();
    let script = format!(
        "stty -g > {d}/before; env LANG=C.UTF-8 STILLPOINT_DATA_DIR={d}/data XDG_CONFIG_HOME={d}/config \
         {BIN} --audio-device 'file:FILE={d}/heard.wav,FORMAT=wav'; echo \"exit=$?\"; \
         stty -g > {d}/after.tmp; mv {d}/after.tmp {d}/after; sleep 600"
    );
    let name = format!("hostile-{}", std::process::id());
    tmux(&[
        "new-session",
        "-d",
        "-s",
        &name,
        "-x",
        "100",
        "-y",
        "30",
        "bash",
        "--norc",
        "-c",
        &script,
    ]);
    let pane = Pane(name);
    pane.wait_for("routines");
    let mut poisoned = good.clone();
    poisoned[24..28].copy_from_slice(&0u32.to_le_bytes());
    fs::OpenOptions::new()
        .write(true)
        .open(routines.join("turns.wav"))
        .unwrap()
        .write_all(&poisoned)
        .unwrap();
    pane.keys(&["/"]);
    tmux(&["send-keys", "-t", &pane.0, "-l", "hostile"]);
    pane.keys(&["Enter"]);
    pane.wait_for("Hostile sounds");
    pane.keys(&["Enter"]);
    pane.wait_for("First rest");
    // The status line says which file fell back to the chime.
    pane.wait_for("turns.wav could not be played");
    // Well past the first cue and the ambient bed's start.
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(3) {
        assert!(
            pane.alternate(),
            "the screen was given back:\n{}",
            pane.screen()
        );
        let screen = pane.screen();
        assert!(!screen.contains("panicked"), "{screen}");
        thread::sleep(Duration::from_millis(200));
    }
    assert!(pane.screen().contains("First rest"), "{}", pane.screen());
    pane.keys(&["C-c"]);
    pane.wait_for("exit=130");
    let after = dir.path().join("after");
    let start = Instant::now();
    while !after.exists() && start.elapsed() < Duration::from_secs(10) {
        thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(
        fs::read_to_string(dir.path().join("before")).unwrap(),
        fs::read_to_string(&after).unwrap(),
        "terminal settings changed"
    );
    assert!(!pane.alternate(), "the alternate screen was not left");
    let screen = pane.screen();
    assert!(!screen.contains("panicked"), "{screen}");
    assert!(
        screen.contains("zero.wav"),
        "the warning is there to read:\n{screen}"
    );
}
