//! End-to-end in a real terminal (tmux): the automatic theme chosen from
//! the terminal's own answer about its background (OSC 11), or from
//! `COLORFGBG`, with no byte of that answer taken for a key; and `log`
//! showing a screenful at an 80×24 terminal.

mod journal_support;

use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread::sleep;
use std::time::{Duration, Instant};

const SOCKET: &str = "stillpoint-screens-tests";
const WAIT: Duration = Duration::from_secs(30);

fn tmux(args: &[&str]) -> String {
    let out = Command::new("tmux")
        .arg("-L")
        .arg(SOCKET)
        .args(args)
        .output()
        .expect("tmux must be installed to run the end-to-end tests (.ci/run installs it)");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

struct Pane {
    name: String,
    dir: tempfile::TempDir,
}

impl Pane {
    /// Runs `env ENV stillpoint ARGS` in a fresh 80×24 terminal whose
    /// background tmux reports as `background` (a tmux colour, or None:
    /// tmux then does not answer the query at all). The program starts
    /// only once the pane's colour is set.
    fn start(background: Option<&str>, env: &str, args: &str) -> Pane {
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let name = format!(
            "s{}-{}",
            std::process::id(),
            COUNT.fetch_add(1, Ordering::SeqCst)
        );
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().display();
        let script = format!(
            "while [ ! -e {d}/go ]; do sleep 0.05; done; stty -g > {d}/before; \
             env -u COLORFGBG LANG=C.UTF-8 TERM=tmux-256color STILLPOINT_DATA_DIR={d} XDG_CONFIG_HOME={d}/config {env} {bin} {args}; \
             echo \"exit=$?\"; stty -g > {d}/after; sleep 600",
            bin = env!("CARGO_BIN_EXE_stillpoint"),
        );
        tmux(&[
            "new-session",
            "-d",
            "-s",
            &name,
            "-x",
            "80",
            "-y",
            "24",
            "bash",
            "--norc",
            "-c",
            &script,
        ]);
        if let Some(colour) = background {
            tmux(&["set", "-t", &name, "window-style", &format!("bg={colour}")]);
        }
        std::fs::write(dir.path().join("go"), "").unwrap();
        Pane { name, dir }
    }

    /// The screen as text, or with its colours as escape sequences.
    fn screen(&self, colours: bool) -> String {
        let mut args = vec!["capture-pane", "-p", "-t", &self.name];
        if colours {
            args.push("-e");
        }
        tmux(&args)
    }

    fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen(false);
            if screen.contains(text) {
                return screen;
            }
            assert!(
                start.elapsed() < WAIT,
                "waited {WAIT:?} for {text:?}; the screen shows:\n{screen}"
            );
            sleep(Duration::from_millis(100));
        }
    }

    fn keys(&self, keys: &[&str]) {
        for key in keys {
            tmux(&["send-keys", "-t", &self.name, key]);
            sleep(Duration::from_millis(60));
        }
    }

    /// The colour the first "Stillpoint" on the screen is drawn in: the
    /// accent, as tmux writes it (`38;5;N`).
    fn accent(&self) -> String {
        let screen = self.screen(true);
        let at = screen.find("Stillpoint").expect("the title");
        let before = &screen[..at];
        let start = before.rfind("\u{1b}[").expect("a colour before the title");
        before[start + 2..].trim_end_matches('m').to_owned()
    }

    fn exited(&self, code: i32) {
        self.wait_for(&format!("exit={code}"));
        let start = Instant::now();
        let after = self.dir.path().join("after");
        while !after.exists() && start.elapsed() < WAIT {
            sleep(Duration::from_millis(50));
        }
        let read = |p: &Path| std::fs::read_to_string(p).unwrap();
        assert_eq!(
            read(&self.dir.path().join("before")),
            read(&after),
            "terminal settings changed"
        );
    }
}

impl Drop for Pane {
    fn drop(&mut self) {
        tmux(&["kill-session", "-t", &self.name]);
    }
}

/// The accent of the dim theme (yellow) and of the light one (dark red).
const DIM: &str = "38;5;3";
const LIGHT: &str = "38;5;1";

#[test]
fn a_light_terminal_gets_the_light_theme_and_its_answer_is_no_key() {
    let pane = Pane::start(Some("colour231"), "", "");
    pane.wait_for("Stillpoint · routines");
    assert_eq!(pane.accent(), LIGHT, "{}", pane.screen(true));
    // Nothing of the answer was read as keys: still the library, nothing
    // filtered, and the pain question has nothing chosen.
    let screen = pane.screen(false);
    assert!(!screen.contains("Filter:"), "{screen}");
    pane.keys(&["Enter"]);
    let question = pane.wait_for("How is your head right now?");
    assert!(question.contains("Nothing chosen yet"), "{question}");
    pane.keys(&["q"]);
    pane.wait_for("Stillpoint · routines");
    pane.keys(&["q"]);
    pane.exited(0);
}

#[test]
fn a_dark_terminal_gets_the_dim_theme() {
    let pane = Pane::start(Some("colour234"), "", "");
    pane.wait_for("Stillpoint · routines");
    assert_eq!(pane.accent(), DIM, "{}", pane.screen(true));
    pane.keys(&["q"]);
    pane.exited(0);
}

#[test]
fn without_an_answer_colorfgbg_decides_and_then_dim() {
    // tmux does not answer for a pane with no colour of its own.
    let light = Pane::start(None, "COLORFGBG='0;15'", "");
    light.wait_for("Stillpoint · routines");
    assert_eq!(light.accent(), LIGHT, "{}", light.screen(true));
    light.keys(&["q"]);
    light.exited(0);
    let unknown = Pane::start(None, "", "");
    unknown.wait_for("Stillpoint · routines");
    assert_eq!(unknown.accent(), DIM, "{}", unknown.screen(true));
    unknown.keys(&["q"]);
    unknown.exited(0);
}

#[test]
fn a_theme_chosen_is_kept_whatever_the_background() {
    let pane = Pane::start(Some("colour231"), "STILLPOINT_THEME=dim", "");
    pane.wait_for("Stillpoint · routines");
    assert_eq!(pane.accent(), DIM, "{}", pane.screen(true));
    pane.keys(&["q"]);
    pane.exited(0);
}

#[test]
fn log_at_a_terminal_shows_a_screenful_and_says_how_to_see_more() {
    let dir = tempfile::tempdir().unwrap();
    let first = chrono::DateTime::parse_from_rfc3339("2025-03-01T08:15:00+01:00").unwrap();
    let records: Vec<_> = (0..40)
        .map(|i| {
            let start = (first + chrono::Duration::days(i)).to_rfc3339();
            journal_support::session("Desk reset", &start, 10, Some(6), Some(3))
        })
        .collect();
    journal_support::write_journal(dir.path(), &records);
    let pane = Pane::start(
        None,
        &format!("STILLPOINT_DATA_DIR={}", dir.path().display()),
        "log",
    );
    let screen = pane.wait_for("exit=0");
    let lines: Vec<&str> = screen.lines().collect();
    assert!(lines[0].starts_with("When"), "{screen}");
    assert!(lines[1].starts_with("2025-04-09"), "newest first: {screen}");
    let shown = lines.iter().filter(|l| l.starts_with("2025")).count();
    assert!((15..=20).contains(&shown), "{shown}: {screen}");
    assert!(
        screen.contains(&format!("The {shown} newest of 40 entries")),
        "{screen}"
    );
}

/// What the screen shows after many frames drawn as changes only (the
/// breathing bar's row, changed cells, colours set once) is what a fresh
/// whole frame shows, colours included, as the terminal itself has it;
/// and the shell gets the terminal back in its own colours.
#[test]
fn frames_drawn_as_changes_show_what_a_whole_frame_shows() {
    let routine = format!(
        "{}/tests/fixtures/routines/breathing.toml",
        env!("CARGO_MANIFEST_DIR")
    );
    let pane = Pane::start(
        None,
        "",
        &format!("play --no-checkin --no-audio --theme dim {routine}"),
    );
    pane.wait_for("Breathe");
    // A few seconds of the bar moving, then held still.
    let start = Instant::now();
    let mut seen = std::collections::HashSet::new();
    while seen.len() < 20 && start.elapsed() < WAIT {
        seen.insert(pane.screen(true));
        sleep(Duration::from_millis(50));
    }
    assert!(seen.len() >= 20, "the bar moved: {} screens", seen.len());
    pane.keys(&["Space"]);
    pane.wait_for("Paused");
    let drawn = pane.screen(true);
    assert!(drawn.contains(DIM), "in the dim theme's colours:\n{drawn}");
    // A resize clears the terminal and draws the frame whole.
    tmux(&["resize-window", "-t", &pane.name, "-x", "81", "-y", "24"]);
    tmux(&["resize-window", "-t", &pane.name, "-x", "80", "-y", "24"]);
    let start = Instant::now();
    let mut whole = pane.screen(true);
    while whole != drawn && start.elapsed() < WAIT {
        sleep(Duration::from_millis(100));
        whole = pane.screen(true);
    }
    assert_eq!(whole, drawn, "drawn as changes, then whole");
    pane.keys(&["q"]);
    pane.wait_for("End this session");
    pane.keys(&["y"]);
    pane.wait_for("Ended early");
    pane.keys(&["Enter"]);
    pane.exited(0);
    let after = pane.screen(true);
    let line = after.lines().find(|l| l.contains("exit=0")).unwrap();
    assert!(!line.contains('\u{1b}'), "the shell's colours: {line:?}");
}
