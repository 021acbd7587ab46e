//! End-to-end: the real binary in a real terminal (tmux), driven with keys
//! and signals, read back from the screen, as a person would use it.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread::sleep;
use std::time::{Duration, Instant};

const SOCKET: &str = "stillpoint-tests";

struct Pane {
    name: String,
    dir: tempfile::TempDir,
}

fn tmux(args: &[&str]) -> String {
    let out = Command::new("tmux")
        .arg("-L")
        .arg(SOCKET)
        .args(args)
        .output()
        .expect("tmux must be installed to run the end-to-end tests (.ci/run installs it)");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

impl Pane {
    /// Runs `stillpoint ARGS` in a fresh 100×30 terminal; the shell around
    /// it records the terminal settings before and after, and the exit code.
    fn start(args: &str) -> Pane {
        Pane::start_with("", args)
    }

    /// Like [`Pane::start`], with `env` (`NAME=value …`) set for the program.
    fn start_with(env: &str, args: &str) -> Pane {
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let name = format!(
            "t{}-{}",
            std::process::id(),
            COUNT.fetch_add(1, Ordering::SeqCst)
        );
        let dir = tempfile::tempdir().unwrap();
        let bin = env!("CARGO_BIN_EXE_stillpoint");
        let d = dir.path().display();
        let script = format!(
            "stty -g > {d}/before; cd {root}; env LANG=C.UTF-8 STILLPOINT_DATA_DIR={d}/data XDG_CONFIG_HOME={d}/config {env} {bin} {args}; echo \"exit=$?\"; stty -g > {d}/after.tmp; mv {d}/after.tmp {d}/after; sleep 600",
            root = env!("CARGO_MANIFEST_DIR"),
        );
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
        Pane { name, dir }
    }

    fn screen(&self) -> String {
        tmux(&["capture-pane", "-p", "-t", &self.name])
    }

    fn keys(&self, keys: &[&str]) {
        for key in keys {
            tmux(&["send-keys", "-t", &self.name, key]);
            sleep(Duration::from_millis(60));
        }
    }

    /// Types `text` literally.
    fn type_text(&self, text: &str) {
        tmux(&["send-keys", "-t", &self.name, "-l", text]);
        sleep(Duration::from_millis(100));
    }

    /// Waits until the screen shows `text`, or fails showing the screen.
    fn wait_for(&self, text: &str, within: Duration) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                start.elapsed() < within,
                "waited {within:?} for {text:?}; the screen shows:\n{screen}"
            );
            sleep(Duration::from_millis(100));
        }
    }

    /// The pid of the stillpoint process inside the pane's shell.
    fn pid(&self) -> String {
        let shell = tmux(&["list-panes", "-t", &self.name, "-F", "#{pane_pid}"]);
        let out = Command::new("pgrep")
            .args(["-P", shell.trim()])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .next()
            .expect("stillpoint is running")
            .to_owned()
    }

    /// The program ended with `code` and the terminal settings are as before.
    fn assert_exited_cleanly(&self, code: i32) {
        self.wait_for(&format!("exit={code}"), Duration::from_secs(10));
        let after = self.path("after");
        let start = Instant::now();
        while !after.exists() && start.elapsed() < Duration::from_secs(5) {
            sleep(Duration::from_millis(50));
        }
        let before = std::fs::read_to_string(self.path("before")).unwrap();
        assert_eq!(
            before,
            std::fs::read_to_string(after).unwrap(),
            "terminal settings changed"
        );
        let screen = self.screen();
        assert!(
            !screen.contains("Step "),
            "the alternate screen was not left:\n{screen}"
        );
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The journal's records, parsed.
    fn journal(&self) -> Vec<serde_json::Value> {
        let text = std::fs::read_to_string(self.path("data/journal.jsonl")).unwrap_or_default();
        text.lines()
            .map(|l| serde_json::from_str(l).expect("a whole JSON record"))
            .collect()
    }
}

impl Drop for Pane {
    fn drop(&mut self) {
        tmux(&["kill-session", "-t", &self.name]);
    }
}

const SHORT: &str = "play --no-checkin tests/fixtures/routines/short.toml";
const COUNTDOWN: &str = "play --no-checkin tests/fixtures/routines/countdown.toml";
const SECONDS: Duration = Duration::from_secs(1);

#[test]
fn plays_a_short_routine_to_the_end() {
    let pane = Pane::start(SHORT);
    pane.wait_for("Short test routine", 5 * SECONDS);
    let screen = pane.wait_for("Step 1 of 3", 5 * SECONDS);
    assert!(screen.contains("Warm compress"), "{screen}");
    pane.wait_for("Switch to the right side", 10 * SECONDS);
    let screen = pane.wait_for("Step 3 of 3", 10 * SECONDS);
    assert!(screen.contains("Breathe"), "{screen}");
    pane.wait_for("Completed", 10 * SECONDS);
    pane.keys(&["Enter"]);
    pane.assert_exited_cleanly(0);
}

#[test]
fn pause_holds_the_countdown_and_resume_goes_on() {
    let pane = Pane::start(COUNTDOWN);
    pane.wait_for("Rest", 5 * SECONDS);
    pane.keys(&["Space"]);
    let paused = pane.wait_for("Paused", 6 * SECONDS);
    sleep(2 * SECONDS);
    assert_eq!(pane.screen(), paused, "the screen changed while paused");
    pane.keys(&["Space"]);
    sleep(SECONDS + SECONDS / 2);
    assert!(
        !pane.screen().contains("Paused"),
        "still paused:\n{}",
        pane.screen()
    );
    assert_ne!(pane.screen(), paused);
}

#[test]
fn next_skips_to_the_following_step() {
    let pane = Pane::start(SHORT);
    pane.wait_for("Step 1 of 3", 5 * SECONDS);
    pane.keys(&["n"]);
    let screen = pane.wait_for("Step 2 of 3", 5 * SECONDS);
    assert!(screen.contains("Neck kneading"), "{screen}");
    pane.keys(&["Right"]);
    let screen = pane.wait_for("Step 3 of 3", 5 * SECONDS);
    assert!(screen.contains("Slow breaths"), "{screen}");
}

#[test]
fn quitting_early_asks_first_then_leaves_cleanly() {
    let pane = Pane::start(SHORT);
    pane.wait_for("Warm compress", 5 * SECONDS);
    pane.keys(&["q"]);
    pane.wait_for("End this session", 5 * SECONDS);
    pane.keys(&["n"]);
    sleep(SECONDS / 2);
    assert!(!pane.screen().contains("End this session"));
    pane.keys(&["q"]);
    pane.wait_for("End this session", 5 * SECONDS);
    pane.keys(&["y"]);
    pane.wait_for("Ended early", 5 * SECONDS);
    pane.keys(&["Enter"]);
    pane.assert_exited_cleanly(0);
}

fn killed_by(signal: &str) {
    let pane = Pane::start(COUNTDOWN);
    pane.wait_for("Rest", 5 * SECONDS);
    let status = Command::new("kill")
        .args([&format!("-{signal}"), &pane.pid()])
        .status()
        .unwrap();
    assert!(status.success());
    pane.assert_exited_cleanly(0);
}

#[test]
fn sigterm_gives_the_terminal_back() {
    killed_by("TERM");
}

#[test]
fn sighup_gives_the_terminal_back() {
    killed_by("HUP");
}

#[test]
fn ctrl_c_ends_the_session_and_gives_the_terminal_back() {
    let pane = Pane::start(COUNTDOWN);
    pane.wait_for("Rest", 5 * SECONDS);
    pane.keys(&["C-c"]);
    pane.assert_exited_cleanly(0);
}

#[test]
fn a_small_window_asks_to_be_made_larger_and_recovers() {
    let pane = Pane::start(COUNTDOWN);
    pane.wait_for("Rest", 5 * SECONDS);
    tmux(&["resize-window", "-t", &pane.name, "-x", "40", "-y", "10"]);
    pane.wait_for("larger", 6 * SECONDS);
    tmux(&["resize-window", "-t", &pane.name, "-x", "100", "-y", "30"]);
    pane.wait_for("Rest", 6 * SECONDS);
}

#[test]
fn the_library_filters_and_starts_a_routine() {
    let pane = Pane::start("");
    pane.wait_for("Desk reset", 5 * SECONDS);
    pane.keys(&["/", "b", "o", "x", "Enter"]);
    let screen = pane.wait_for("Box breathing", 5 * SECONDS);
    assert!(
        !screen.contains("Desk reset"),
        "the filter did not hide other routines:\n{screen}"
    );
    pane.keys(&["Enter"]);
    pane.wait_for("How is your head right now?", 6 * SECONDS);
    pane.keys(&["s"]);
    pane.wait_for("Step 1 of", 8 * SECONDS);
    pane.keys(&["q", "y"]);
    pane.wait_for("How is your head now?", 5 * SECONDS);
    pane.keys(&["Escape", "Escape"]);
    pane.wait_for("Ended early", 5 * SECONDS);
    pane.keys(&["Enter"]);
    pane.wait_for("Desk reset", 5 * SECONDS);
    pane.keys(&["q"]);
    pane.assert_exited_cleanly(0);
}

#[test]
fn plain_mode_is_chosen_in_a_pipe_and_paces_lines() {
    let dir = tempfile::tempdir().unwrap();
    let start = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_stillpoint"))
        .args(["play", "tests/fixtures/routines/short.toml"])
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")))
        .env("STILLPOINT_DATA_DIR", dir.path())
        .env("XDG_CONFIG_HOME", dir.path())
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "",
        "nothing on stderr, ALSA included"
    );
    let elapsed = start.elapsed();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let expected = [
        "Short test routine. Settle in; starting in 2 seconds.",
        "Step 1 of 3: Warm compress, 3 seconds. Lay a warm compress across the back of your neck.",
        "Step 2 of 3: Neck kneading, 4 seconds. Start on the left side. Knead the side of your neck with your fingertips.",
        "Switch to the right side.",
        "Step 3 of 3: Slow breaths, 1 breath, 3 seconds. Breathe in, and out slowly.",
        "Breathe in, 1",
        "Breathe out, 2",
        "Done. Short test routine is complete.",
    ];
    assert_eq!(text.lines().collect::<Vec<_>>(), expected);
    assert!(
        elapsed >= Duration::from_secs(12),
        "not paced in real time: {elapsed:?}"
    );
}

#[test]
fn ctrl_z_suspends_with_the_clock_stopped_and_fg_brings_it_back() {
    let pane = Pane::start(SHORT);
    pane.wait_for("Step 1 of 3", 5 * SECONDS);
    let pid = pane.pid();
    pane.keys(&["C-z"]);
    let start = Instant::now();
    while pane.screen().contains("Step 1 of 3") {
        assert!(
            start.elapsed() < 3 * SECONDS,
            "the screen was not given back:\n{}",
            pane.screen()
        );
        sleep(Duration::from_millis(100));
    }
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    assert!(stat.contains(") T "), "the process is not stopped: {stat}");
    // Long enough that a running clock would have reached the last step.
    sleep(7 * SECONDS);
    assert!(
        Command::new("kill")
            .args(["-CONT", &pid])
            .status()
            .unwrap()
            .success()
    );
    let screen = pane.wait_for("Step ", 6 * SECONDS);
    assert!(
        screen.contains("Step 1 of 3") || screen.contains("Step 2 of 3"),
        "the clock ran while suspended:\n{screen}"
    );
    pane.wait_for("Completed", 15 * SECONDS);
}

#[test]
fn pain_before_and_after_and_a_note_are_kept_in_the_journal() {
    let pane = Pane::start("play tests/fixtures/routines/short.toml");
    pane.wait_for("How is your head right now?", 5 * SECONDS);
    pane.keys(&["6"]);
    pane.wait_for("Step 1 of 3", 5 * SECONDS);
    pane.wait_for("How is your head now?", 20 * SECONDS);
    pane.keys(&["3"]);
    pane.wait_for("note", 5 * SECONDS);
    pane.type_text("easier \"now\"");
    pane.keys(&["Enter"]);
    pane.wait_for("Saved to your journal", 5 * SECONDS);
    pane.keys(&["Enter"]);
    pane.assert_exited_cleanly(0);
    let records = pane.journal();
    assert_eq!(records.len(), 1, "{records:?}");
    let r = &records[0];
    assert_eq!(r["type"], "session");
    assert_eq!(r["routine"]["title"], "Short test routine");
    assert_eq!(r["pain_before"], 6);
    assert_eq!(r["pain_after"], 3);
    assert_eq!(r["note"], "easier \"now\"");
    assert_eq!(r["outcome"]["kind"], "completed");
    assert_eq!(r["steps_done"], 3);
    assert_eq!(r["planned_seconds"], 12);
}

/// The 16-bit samples of a WAV file written by ALSA's file plugin.
fn wav_samples(path: &Path) -> Vec<i16> {
    let bytes = std::fs::read(path).unwrap_or_default();
    let data = bytes
        .windows(4)
        .position(|w| w == b"data")
        .map_or(bytes.len(), |i| i + 8);
    bytes[data.min(bytes.len())..]
        .chunks_exact(2)
        .map(|c| i16::from_le_bytes([c[0], c[1]]))
        .collect()
}

#[test]
fn a_session_is_heard_through_the_real_output_path() {
    let dir = tempfile::tempdir().unwrap();
    let wav = dir.path().join("heard.wav");
    let device = format!("'file:FILE={},FORMAT=wav'", wav.display());
    let pane = Pane::start(&format!("{SHORT} --audio-device {device}"));
    let screen = pane.wait_for("Step 1 of 3", 5 * SECONDS);
    assert!(screen.contains("sound 70%"), "{screen}");
    pane.wait_for("Completed", 20 * SECONDS);
    pane.keys(&["Enter"]);
    pane.assert_exited_cleanly(0);
    let samples = wav_samples(&wav);
    let loud = samples.iter().filter(|s| s.unsigned_abs() > 1000).count();
    assert!(
        loud > 1000,
        "the device file holds no sound ({} samples)",
        samples.len()
    );
    assert_eq!(pane.journal()[0]["audio"], true);
}

fn plays_silently(env: &str, args: &str, reason: &str) {
    let pane = Pane::start_with(env, &format!("{SHORT} {args}"));
    let screen = pane.wait_for(&format!("audio off: {reason}"), 5 * SECONDS);
    assert!(
        !screen.contains("ALSA"),
        "ALSA wrote on the screen:\n{screen}"
    );
    pane.wait_for("Completed", 20 * SECONDS);
    pane.keys(&["Enter"]);
    pane.assert_exited_cleanly(0);
    let records = pane.journal();
    assert_eq!(records[0]["outcome"]["kind"], "completed");
    assert_eq!(records[0]["audio"], false);
}

#[test]
fn a_missing_sound_device_gives_a_silent_complete_session() {
    plays_silently(
        "",
        "--audio-device stillpoint-no-such-device",
        "no sound device",
    );
}

#[test]
fn a_libasound_that_cannot_load_gives_a_silent_complete_session() {
    plays_silently(
        "STILLPOINT_LIBASOUND=libstillpoint-missing.so",
        "",
        "no libasound",
    );
}

#[test]
fn a_checkin_with_every_question_skipped_saves_nothing() {
    let pane = Pane::start("checkin");
    pane.wait_for("Pain right now", 30 * SECONDS);
    for next in [
        "Stress right now",
        "Numbers or names",
        "Anything else",
        "A note",
    ] {
        pane.keys(&["Enter"]);
        pane.wait_for(next, 30 * SECONDS);
    }
    pane.keys(&["Enter"]);
    pane.wait_for("Nothing was given, so nothing was saved.", 30 * SECONDS);
    pane.assert_exited_cleanly(1);
    assert!(!pane.path("data/journal.jsonl").exists());
}
