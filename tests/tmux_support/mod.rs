//! A real terminal for the end-to-end tests: the real binary in a tmux
//! pane, driven with keys and signals and read back from the screen, the
//! journal file and the exit status the pane's shell prints.
//!
//! Every [`Pane`] has its own tmux server, session and temporary folder
//! `DIR` (the server's socket is `DIR/tmux`; the data folder is
//! `DIR/data`, named on the command line with `--data-dir` so the process
//! can be found by it), and takes all of them down when dropped.
//! Everything awaited is polled for, up to [`LIMIT`].

#![allow(dead_code)] // each test file uses its own part of the harness

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread::sleep;
use std::time::{Duration, Instant};

/// How long anything awaited may take: generous, for a loaded 2-core CI
/// machine. A passing test waits only as long as it must.
pub const LIMIT: Duration = Duration::from_secs(30);

const POLL: Duration = Duration::from_millis(50);

pub const SECONDS: Duration = Duration::from_secs(1);

/// The binary under test.
pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_stillpoint")
}

/// The repository, where the fixtures are.
pub fn root() -> &'static str {
    env!("CARGO_MANIFEST_DIR")
}

/// Polls `check` until it gives a value, or fails after [`LIMIT`] saying
/// what was awaited and what was last seen.
pub fn poll<T>(what: &str, check: impl FnMut() -> Result<T, String>) -> T {
    try_poll(what, check).unwrap_or_else(|e| panic!("{e}"))
}

/// Polls `check` until it gives a value; after [`LIMIT`], what was awaited
/// and what was last seen.
pub fn try_poll<T>(what: &str, mut check: impl FnMut() -> Result<T, String>) -> Result<T, String> {
    let start = Instant::now();
    loop {
        match check() {
            Ok(value) => return Ok(value),
            Err(seen) if start.elapsed() >= LIMIT => {
                return Err(format!("waited {LIMIT:?} for {what}; last seen:\n{seen}"));
            }
            Err(_) => sleep(POLL),
        }
    }
}

/// A tmux terminal of 100×30 with one program in it.
pub struct Pane {
    pub name: String,
    /// The folder for everything of this pane: the tmux server's socket,
    /// the data folder, routines written for the test, the shell's notes.
    dir: tempfile::TempDir,
}

impl Pane {
    /// Runs `stillpoint ARGS` in a fresh terminal; the shell around it
    /// records the terminal settings before and after, and prints the exit
    /// status (`exit=N`).
    pub fn start(args: &str) -> Pane {
        Pane::start_with("", args)
    }

    /// Like [`Pane::start`], with `env` (`NAME=value …`) set for the program.
    pub fn start_with(env: &str, args: &str) -> Pane {
        let pane = Pane::unopened();
        pane.open(env, args);
        pane
    }

    /// An interactive shell with job control (prompt `ready$ `) in the
    /// repository, for commands typed with [`Pane::run`].
    pub fn shell() -> Pane {
        let pane = Pane::unopened();
        pane.open_command(&["env", "PS1=ready$ ", "bash", "--norc", "--noprofile", "-i"]);
        pane.wait_for("ready$");
        pane.type_line(&format!("cd {}", root()));
        pane
    }

    /// In a [`Pane::shell`], once the program has ended: the exit status
    /// the shell gives for it.
    pub fn shell_exit_status(&self) -> i32 {
        self.wait_no_process();
        self.type_line("echo exit=$?");
        self.exit_status()
    }

    /// A pane not yet open, with its temporary folder (to put routines in
    /// before the program starts).
    pub fn unopened() -> Pane {
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let name = format!(
            "t{}-{}",
            std::process::id(),
            COUNT.fetch_add(1, Ordering::SeqCst)
        );
        Pane {
            name,
            dir: tempfile::tempdir().unwrap(),
        }
    }

    /// Opens the terminal running `stillpoint ARGS` (with `env`) as
    /// [`Pane::start_with`] does.
    pub fn open(&self, env: &str, args: &str) {
        self.open_script(|dir, run| {
            format!(
                "stty -g > {dir}/before; {run}; code=$?; echo \"exit=$code\"; echo $code > {dir}/status; \
                 stty -g > {dir}/after.tmp; mv {dir}/after.tmp {dir}/after; sleep 600",
                run = run(env, args)
            )
        });
    }

    /// Opens the terminal running the bash script `script(DIR, run)` in
    /// the repository; `run(ENV, ARGS)` is the command that starts
    /// stillpoint with its data in `DIR/data`.
    pub fn open_script(&self, script: impl FnOnce(&str, &dyn Fn(&str, &str) -> String) -> String) {
        let dir = self.dir_text();
        let script = format!(
            "cd {}; {}",
            root(),
            script(&dir, &|env, args| self.command(env, args))
        );
        self.open_command(&["bash", "--norc", "--noprofile", "-c", &script]);
    }

    /// Types the command line that runs `stillpoint ARGS` (with `env`) at
    /// the shell's prompt.
    pub fn run(&self, env: &str, args: &str) {
        self.type_line(&self.command(env, args));
    }

    fn dir_text(&self) -> String {
        self.dir.path().display().to_string()
    }

    fn command(&self, env: &str, args: &str) -> String {
        let d = self.dir_text();
        format!(
            "env LANG=C.UTF-8 STILLPOINT_DATA_DIR={d}/data XDG_CONFIG_HOME={d}/config \
             XDG_CACHE_HOME={d}/cache {env} {bin} --data-dir {d}/data {args}",
            bin = bin()
        )
    }

    fn open_command(&self, command: &[&str]) {
        let mut args = vec![
            "new-session",
            "-d",
            "-s",
            &self.name,
            "-x",
            "100",
            "-y",
            "30",
        ];
        args.extend(command);
        let out = self.tmux_output(&args);
        assert!(
            out.status.success(),
            "tmux could not start: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    fn tmux_output(&self, args: &[&str]) -> std::process::Output {
        // A server of its own, with no configuration: its socket is in
        // the pane's folder and goes with it.
        Command::new("tmux")
            .arg("-S")
            .arg(self.path("tmux"))
            .args(["-f", "/dev/null"])
            .args(args)
            .output()
            .expect("tmux must be installed to run the end-to-end tests (.ci/run installs it)")
    }

    /// Runs a tmux command on this pane's server; its output.
    pub fn tmux(&self, args: &[&str]) -> String {
        String::from_utf8_lossy(&self.tmux_output(args).stdout).into_owned()
    }

    /// What the terminal shows now.
    pub fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-t", &self.name])
    }

    /// Sends each of `keys` (tmux key names) in turn.
    pub fn keys(&self, keys: &[&str]) {
        for key in keys {
            self.tmux(&["send-keys", "-t", &self.name, key]);
            sleep(Duration::from_millis(60));
        }
    }

    /// Types `text` literally.
    pub fn type_text(&self, text: &str) {
        self.tmux(&["send-keys", "-t", &self.name, "-l", text]);
        sleep(Duration::from_millis(100));
    }

    /// Types `line` and Enter.
    pub fn type_line(&self, line: &str) {
        self.type_text(line);
        self.keys(&["Enter"]);
    }

    /// Waits until the screen shows `text`, or fails showing the screen.
    pub fn wait_for(&self, text: &str) -> String {
        self.wait_until(&format!("{text:?} on the screen"), |s| s.contains(text))
    }

    /// Waits until the screen no longer shows `text`.
    pub fn wait_gone(&self, text: &str) -> String {
        self.wait_until(&format!("{text:?} to leave the screen"), |s| {
            !s.contains(text)
        })
    }

    /// Waits until `ready` holds for the screen; the screen then.
    pub fn wait_until(&self, what: &str, ready: impl Fn(&str) -> bool) -> String {
        poll(what, || {
            let screen = self.screen();
            if ready(&screen) {
                Ok(screen)
            } else {
                Err(screen)
            }
        })
    }

    /// Closes the terminal, as closing its window does: tmux kills the
    /// session and the pane's terminal hangs up.
    pub fn close(&self) {
        self.tmux(&["kill-session", "-t", &self.name]);
    }

    /// The pids of this pane's stillpoint processes (found by the data
    /// folder on their command line; the shell around them is not one).
    pub fn processes(&self) -> Vec<String> {
        let pattern = format!(
            "^{} .*{}/data",
            regex_escape(bin()),
            regex_escape(&self.dir_text())
        );
        let out = Command::new("pgrep")
            .args(["-f", &pattern])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(str::to_owned)
            .collect()
    }

    /// The pid of this pane's stillpoint process, once it runs.
    pub fn pid(&self) -> String {
        poll("the stillpoint process", || {
            let pids = self.processes();
            match pids.as_slice() {
                [pid] => Ok(pid.clone()),
                _ => Err(format!("processes: {pids:?}\n{}", self.screen())),
            }
        })
    }

    /// Waits until no stillpoint process of this pane is left running.
    pub fn wait_no_process(&self) {
        self.try_wait_no_process().unwrap_or_else(|e| panic!("{e}"));
    }

    /// Waits until no stillpoint process of this pane is left running; what
    /// is still running after [`LIMIT`].
    pub fn try_wait_no_process(&self) -> Result<(), String> {
        try_poll("no stillpoint process left running", || {
            let pids = self.processes();
            if pids.is_empty() {
                Ok(())
            } else {
                let states: Vec<String> = pids.iter().map(|p| process_state(p)).collect();
                Err(format!("still running: {pids:?}, states {states:?}"))
            }
        })
    }

    /// Sends `signal` (`TERM`, `HUP`, …) to the stillpoint process.
    pub fn signal(&self, signal: &str) {
        let pid = self.pid();
        let status = Command::new("kill")
            .args([&format!("-{signal}"), &pid])
            .status()
            .unwrap();
        assert!(status.success(), "kill -{signal} {pid} failed");
    }

    /// The exit status the pane's shell printed (`exit=N`).
    pub fn exit_status(&self) -> i32 {
        let status = |screen: &str| {
            screen.match_indices("exit=").find_map(|(at, _)| {
                let digits: String = screen[at + "exit=".len()..]
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect();
                digits.parse().ok()
            })
        };
        let screen = self.wait_until("the exit status (exit=N)", |s| status(s).is_some());
        status(&screen).unwrap()
    }

    /// The exit status the wrapper wrote to `DIR/status`, once it has.
    pub fn status_file(&self) -> Result<i32, String> {
        let path = self.path("status");
        try_poll("the exit status in the status file", || {
            std::fs::read_to_string(&path)
                .ok()
                .and_then(|s| s.trim().parse().ok())
                .ok_or_else(|| format!("{}: {:?}", path.display(), std::fs::read_to_string(&path)))
        })
    }

    /// The full-screen program ended with `code`, the terminal settings
    /// are as they were before and the alternate screen is left.
    pub fn assert_exited_cleanly(&self, code: i32) {
        self.assert_exited_with(code);
        let screen = self.screen();
        assert!(
            !screen.contains("Step ") && !screen.contains("Stillpoint ·"),
            "the alternate screen was not left:\n{screen}"
        );
    }

    /// The program ended with `code` and the terminal settings are as they
    /// were before (for `--plain`, which prints lines on the main screen).
    pub fn assert_exited_with(&self, code: i32) {
        let status = self.exit_status();
        let screen = self.screen();
        assert_eq!(status, code, "exit status; the screen shows:\n{screen}");
        self.assert_settings_restored();
    }

    /// The terminal settings (`stty -g`) are as they were before.
    pub fn assert_settings_restored(&self) {
        let after = self.path("after");
        poll("the terminal settings after the program", || {
            std::fs::read_to_string(&after).map_err(|e| e.to_string())
        });
        let before = std::fs::read_to_string(self.path("before")).unwrap();
        assert_eq!(
            before,
            std::fs::read_to_string(after).unwrap(),
            "terminal settings changed"
        );
    }

    /// A file in this pane's temporary folder.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The data folder.
    pub fn data(&self) -> PathBuf {
        self.path("data")
    }

    /// The journal's records, parsed; none when there is no journal.
    pub fn journal(&self) -> Vec<serde_json::Value> {
        read_journal(&self.data())
    }

    /// Waits until the journal holds `n` records (or more); they.
    pub fn wait_records(&self, n: usize) -> Vec<serde_json::Value> {
        self.try_wait_records(n).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Waits until the journal holds `n` records (or more); they, or what
    /// it held after [`LIMIT`].
    pub fn try_wait_records(&self, n: usize) -> Result<Vec<serde_json::Value>, String> {
        let journal = self.data().join("journal.jsonl");
        try_poll(&format!("{n} record(s) in the journal"), || {
            // Whole lines only: a line being written is not read yet.
            let text = std::fs::read_to_string(&journal).unwrap_or_default();
            if text.ends_with('\n') && text.lines().count() >= n {
                Ok(self.journal())
            } else {
                Err(text)
            }
        })
    }

    /// Writes a routine file into the temporary folder; its path.
    pub fn routine(&self, name: &str, text: &str) -> PathBuf {
        let path = self.path(name);
        std::fs::write(&path, text).unwrap();
        path
    }
}

impl Drop for Pane {
    fn drop(&mut self) {
        self.tmux(&["kill-server"]);
        // A program that outlived its terminal (the bug the tests look
        // for) must not outlive the test too: by pid, this pane's only.
        for pid in self.processes() {
            let _ = Command::new("kill").args(["-KILL", &pid]).status();
        }
    }
}

/// The records of the journal in `data`, parsed.
pub fn read_journal(data: &Path) -> Vec<serde_json::Value> {
    read_records(&data.join("journal.jsonl"))
}

/// The records of the JSON Lines file at `path`, parsed; none when there
/// is no such file.
pub fn read_records(path: &Path) -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .map(|l| {
            serde_json::from_str(l).unwrap_or_else(|e| panic!("a whole JSON record ({e}): {l}"))
        })
        .collect()
}

/// The state letter of process `pid` (`R`, `S`, `T`, …) from /proc.
pub fn process_state(pid: &str) -> String {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // The state follows the command name, which is in parentheses.
    stat.rsplit_once(") ")
        .and_then(|(_, rest)| rest.split(' ').next())
        .unwrap_or("gone")
        .to_owned()
}

fn regex_escape(text: &str) -> String {
    let mut escaped = String::new();
    for c in text.chars() {
        if "\\^$.|?*+()[]{}".contains(c) {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}
