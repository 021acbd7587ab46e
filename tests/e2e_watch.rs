//! End-to-end: `play FILE --watch` in a real terminal (tmux) while the file
//! is edited as an author would: saved in place, saved with mistakes, fixed,
//! and saved the way vim and VS Code do, by writing a new file and renaming
//! it over the old one. Nothing is written to the journal.

mod tmux_support;

use std::path::Path;
use std::time::{Duration, Instant};

use tmux_support::Pane;

/// No lead-in; two steps of two minutes, so nothing ends while editing.
const ROUTINE: &str = r#"stillpoint = 1
title = "Jaw release"
lead_in = 0

[[step]]
title = "Jaw circles"
kind = "circles"
area = "jaw"
duration = "2m"
tempo = 20
instructions = "Small slow circles on the jaw muscle."

[[step]]
title = "Rest"
kind = "rest"
duration = "2m"
instructions = "Let your hands fall."
"#;

/// How soon a save must show: the brief's promise to an author.
const PROMPT: Duration = Duration::from_secs(2);

/// Saves `text` to `file` in place, as most programs write a file.
fn save_in_place(file: &Path, text: &str) {
    std::fs::write(file, text).unwrap();
}

/// Saves `text` to `file` as vim, VS Code and `sed -i` do: a new file
/// beside it, renamed over it.
fn save_by_rename(file: &Path, text: &str) {
    let temporary = file.with_extension("toml.tmp");
    std::fs::write(&temporary, text).unwrap();
    std::fs::rename(&temporary, file).unwrap();
}

/// Saves with `save`, then waits until the screen shows `shown`; how long
/// that took from the save.
fn saved_and_shown(pane: &Pane, save: impl FnOnce(), shown: &str) -> Duration {
    let saved = Instant::now();
    save();
    pane.wait_for(shown);
    saved.elapsed()
}

#[test]
fn an_author_edits_breaks_fixes_and_saves_by_rename_and_the_player_follows() {
    let pane = Pane::unopened();
    let file = pane.routine("jaw-release.toml", ROUTINE);
    pane.open("", &format!("play {} --watch --no-audio", file.display()));
    pane.wait_for("Jaw circles");
    let screen = pane.wait_for("preview · not recorded");
    assert!(screen.contains("Step 1 of 2"), "{screen}");

    let renamed = ROUTINE.replace("Jaw circles", "Jaw muscle circles");
    let edit = saved_and_shown(
        &pane,
        || save_in_place(&file, &renamed),
        "Jaw muscle circles",
    );
    let screen = pane.wait_for("reloaded");
    assert!(screen.contains("Step 1 of 2"), "the same step:\n{screen}");

    let broken = renamed.replace("duration = \"2m\"", "duration = \"two minutes\"");
    save_in_place(&file, &broken);
    let screen = pane.wait_for("Not reloaded");
    let place = format!("--> {}:9:12", file.display());
    for shown in [
        "The last good version plays on",
        "error: `duration` in step 1 (\"Jaw muscle circles\") is not a duration",
        place.as_str(),
        "9 | duration = \"two minutes\"",
        "Step 1 of 2",
    ] {
        assert!(screen.contains(shown), "{shown:?} not shown:\n{screen}");
    }
    // The countdown goes on under the panel: the screen changes by itself.
    pane.wait_until("the countdown to move on with the mistakes shown", |now| {
        now != screen && now.contains("Not reloaded")
    });

    let fixed = renamed.replace("Small slow circles", "Slow light circles");
    let fix = saved_and_shown(
        &pane,
        || save_in_place(&file, &fixed),
        "Slow light circles on the jaw muscle.",
    );
    let screen = pane.wait_gone("Not reloaded");
    assert!(screen.contains("Jaw muscle circles"), "{screen}");

    let retitled = fixed.replace("Jaw muscle circles", "Circles at the jaw");
    let rename = saved_and_shown(
        &pane,
        || save_by_rename(&file, &retitled),
        "Circles at the jaw",
    );
    assert!(pane.screen().contains("Step 1 of 2"));

    // Each reload is measured; the quickest proves the promise on a
    // machine that is not stalled (a loaded one may hold up one of them).
    let times = [edit, fix, rename];
    eprintln!("save to screen: {times:?}");
    let quickest = times.iter().min().unwrap();
    assert!(
        *quickest < PROMPT,
        "no reload was seen within {PROMPT:?}: {times:?}"
    );

    pane.keys(&["q"]);
    pane.wait_for("It is a preview: nothing is saved.");
    pane.keys(&["y"]);
    pane.wait_for("Not recorded: a preview (--no-journal)");
    pane.keys(&["Enter"]);
    pane.assert_exited_cleanly(0);
    assert!(
        !pane.data().join("journal.jsonl").exists(),
        "a preview wrote the journal"
    );
}

#[test]
fn the_mistakes_panel_and_the_countdown_share_an_80_by_24_screen() {
    let pane = Pane::unopened();
    let file = pane.routine("jaw-release.toml", ROUTINE);
    pane.open("", &format!("play {} --watch --no-audio", file.display()));
    pane.wait_for("Jaw circles");
    pane.tmux(&["resize-window", "-t", &pane.name, "-x", "80", "-y", "24"]);
    let broken = ROUTINE.replace("kind = \"rest\"", "kind = \"nap\"");
    save_by_rename(&file, &broken);
    let screen = pane.wait_for("Not reloaded");
    let line = broken.lines().position(|l| l.contains("nap")).unwrap() + 1;
    let place = format!("{}:{line}:", file.display());
    assert!(
        screen.contains(&place),
        "the line of the mistake:\n{screen}"
    );
    assert!(
        screen.contains(&format!("{line} | kind = \"nap\"")),
        "{screen}"
    );
    assert!(screen.contains("Jaw circles"), "{screen}");
    pane.wait_until("the countdown to move on", |now| {
        now != screen && now.contains("Not reloaded")
    });
    pane.keys(&["q"]);
    pane.keys(&["y"]);
    pane.keys(&["Enter"]);
    pane.assert_exited_cleanly(0);
}

/// `play FILE --watch --plain` in a pipe, for a screen reader: each line as
/// it comes.
struct PlainLines {
    child: std::process::Child,
    lines: std::sync::mpsc::Receiver<String>,
    seen: Vec<String>,
}

impl PlainLines {
    fn start(file: &Path, data: &Path) -> Self {
        use std::io::BufRead;
        let mut child = std::process::Command::new(tmux_support::bin())
            .args(["play", "--plain", "--watch", "--no-audio"])
            .arg(file)
            .env("STILLPOINT_DATA_DIR", data)
            .env("XDG_CONFIG_HOME", data.join("config"))
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (sent, lines) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if sent.send(line).is_err() {
                    break;
                }
            }
        });
        Self {
            child,
            lines,
            seen: Vec::new(),
        }
    }

    /// Waits for a line for which `wanted` holds; it.
    fn wait_for(&mut self, what: &str, wanted: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + tmux_support::LIMIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.seen.push(line.clone());
                    if wanted(&line) {
                        return line;
                    }
                }
                Err(_) => panic!("no line {what}; so far: {:#?}", self.seen),
            }
        }
    }
}

impl Drop for PlainLines {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn in_plain_mode_each_save_is_said_and_mistakes_are_printed_with_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("jaw-release.toml");
    std::fs::write(&file, ROUTINE).unwrap();
    let data = dir.path().join("data");
    let mut plain = PlainLines::start(&file, &data);
    plain.wait_for("starting the first step", |l| {
        l.starts_with("Step 1 of 2: Jaw circles")
    });
    let renamed = ROUTINE.replace("Jaw circles", "Circles at the jaw");
    save_by_rename(&file, &renamed);
    let line = plain.wait_for("saying it reloaded", |l| l.starts_with("Reloaded"));
    assert!(
        line.starts_with("Reloaded: step 1 of 2, Circles at the jaw, ") && line.ends_with(" left."),
        "{line}"
    );
    save_in_place(
        &file,
        &renamed.replace("duration = \"2m\"", "duration = \"two\""),
    );
    plain.wait_for("saying it was not reloaded", |l| {
        l == "Not reloaded: the file has mistakes. The last good version plays on; save the file again once it is fixed."
    });
    plain.wait_for("the error", |l| {
        l == "error: `duration` in step 1 (\"Circles at the jaw\") is not a duration"
    });
    let place = format!(" --> {}:9:12", file.display());
    plain.wait_for("where it is", |l| l == place);
    plain.wait_for("the line", |l| l == "9 | duration = \"two\"");
    save_in_place(&file, &renamed);
    plain.wait_for("reloading once fixed", |l| {
        l.starts_with("Reloaded: step 1 of 2, Circles at the jaw, ")
    });
    let status = std::process::Command::new("kill")
        .args(["-TERM", &plain.child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    plain.wait_for("the preview's last line", |l| {
        l == "Not recorded: a preview (--no-journal)."
    });
    assert_eq!(plain.child.wait().unwrap().code(), Some(143));
    assert!(!data.exists(), "a preview made the data folder");
}
