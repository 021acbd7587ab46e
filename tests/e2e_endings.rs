//! End-to-end: every way a session ends leaves exactly one true record,
//! the exit status a shell expects and the terminal as it was. The real
//! binary in a real terminal (tmux), ended as a person ends it: keys,
//! signals, closing the window, a pipe's reader going away, Ctrl-Z.

mod tmux_support;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;
use std::thread::sleep;
use std::time::Instant;

use serde_json::{Value, json};
use tmux_support::{Pane, SECONDS, poll, process_state, read_journal, read_records};

/// Two quiet minutes: long enough that nothing ends by itself.
const COUNTDOWN: &str = "play tests/fixtures/routines/countdown.toml";
const SHORT: &str = "play tests/fixtures/routines/short.toml";

/// One second-long step, to reach the screens after a session quickly.
const TINY: &str = r#"stillpoint = 1
title = "Tiny"
lead_in = 0

[sound]
countdown = 0

[[step]]
title = "Brief rest"
kind = "rest"
duration = "1s"
instructions = "Rest."
"#;

fn ended_early(reason: &str) -> Value {
    json!({"kind": "ended_early", "reason": reason})
}

/// The one record in the journal, or a failure naming all of them.
fn the_record(pane: &Pane) -> Value {
    let records = pane.journal();
    assert_eq!(records.len(), 1, "exactly one record: {records:#?}");
    records.into_iter().next().unwrap()
}

// ---------------------------------------------------------------- keys ---

#[test]
fn ctrl_c_as_a_key_saves_one_record_with_the_pain_before_and_exits_130() {
    let pane = Pane::start(COUNTDOWN);
    pane.wait_for("How is your head right now?");
    pane.keys(&["6"]);
    pane.wait_for("Step 1 of 1");
    pane.keys(&["C-c"]);
    pane.assert_exited_cleanly(130);
    let record = the_record(&pane);
    assert_eq!(record["outcome"], ended_early("ctrl_c"), "{record}");
    assert_eq!(record["pain_before"], 6, "{record}");
    assert_eq!(
        record["pain_after"],
        Value::Null,
        "no check-out asked: {record}"
    );
}

#[test]
fn skipping_through_every_step_is_recorded_as_skipped_and_does_not_count() {
    let pane = Pane::start(&format!("{SHORT} --no-checkin"));
    pane.wait_for("Short test routine");
    // `n` until the session is over: each press must move the session on.
    let mut before = pane.screen();
    for _ in 0..10 {
        if before.contains("Session over") {
            break;
        }
        pane.keys(&["n"]);
        before = pane.wait_until("the next step after `n`", |screen| {
            screen.lines().next() != before.lines().next() || screen.contains("Session over")
        });
    }
    let screen = pane.wait_for("Session over");
    assert!(screen.contains("Skipped to the end"), "{screen}");
    pane.keys(&["Enter"]);
    pane.assert_exited_cleanly(0);
    let record = the_record(&pane);
    assert_eq!(record["outcome"], ended_early("skipped"), "{record}");
    assert_eq!(record["steps_done"], 0, "{record}");
    assert_eq!(record["skipped_steps"], json!([1, 2, 3]), "{record}");

    let out = Command::new(tmux_support::bin())
        .args(["stats", "--json"])
        .env("STILLPOINT_DATA_DIR", pane.data())
        .env("XDG_CONFIG_HOME", pane.path("config"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stats: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(stats["sessions"], 0, "{stats:#}");
    assert_eq!(stats["not_counted"], 1, "{stats:#}");
    assert_eq!(stats["this_week"]["sessions"], 0, "{stats:#}");
    assert_eq!(stats["streak"], 0, "{stats:#}");
}

// ------------------------------------------------------------- signals ---

/// `kill -SIGNAL` mid-session: one record ended early for `reason`, exit
/// status `code`, the terminal as it was.
fn killed_by(signal: &str, code: i32, reason: &str) {
    let pane = Pane::start(COUNTDOWN);
    pane.wait_for("How is your head right now?");
    pane.keys(&["3"]);
    pane.wait_for("Step 1 of 1");
    pane.signal(signal);
    pane.assert_exited_cleanly(code);
    let record = the_record(&pane);
    assert_eq!(record["outcome"], ended_early(reason), "{record}");
    assert_eq!(record["pain_before"], 3, "{record}");
    assert_eq!(record["pain_after"], Value::Null, "saved at once: {record}");
}

#[test]
fn sigterm_saves_one_record_and_exits_143() {
    killed_by("TERM", 143, "signal");
}

#[test]
fn sighup_saves_one_record_as_terminal_closed_and_exits_129() {
    killed_by("HUP", 129, "terminal_closed");
}

#[test]
fn sigquit_gives_the_terminal_back_saves_one_record_and_exits_131() {
    killed_by("QUIT", 131, "signal");
}

#[test]
fn sigint_from_kill_saves_one_record_as_ctrl_c_and_exits_130() {
    killed_by("INT", 130, "ctrl_c");
}

#[test]
fn a_signal_while_a_note_is_typed_saves_the_note_with_the_record() {
    let pane = Pane::unopened();
    let tiny = pane.routine("tiny.toml", TINY);
    pane.open("", &format!("play {}", tiny.display()));
    pane.wait_for("How is your head right now?");
    pane.keys(&["7"]);
    pane.wait_for("How is your head now?");
    pane.keys(&["4"]);
    pane.wait_for("A note for your journal?");
    pane.type_text("half a note");
    pane.wait_for("half a note");
    pane.signal("TERM");
    pane.assert_exited_cleanly(143);
    let record = the_record(&pane);
    assert_eq!(record["outcome"]["kind"], "completed", "{record}");
    assert_eq!(record["pain_before"], 7, "{record}");
    assert_eq!(record["pain_after"], 4, "{record}");
    assert_eq!(record["note"], "half a note", "{record}");
}

// ------------------------------------------------- the terminal closing ---

/// How the program sits in the terminal that is closed.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Wrapper {
    /// A plain shell: it dies of the hang-up, and the program gets SIGHUP.
    Plain,
    /// A shell that handles SIGHUP, so none reaches the program: it must
    /// notice by itself that its terminal went away.
    TrapsHup,
}

fn open_wrapped(pane: &Pane, wrapper: Wrapper, args: &str) {
    match wrapper {
        Wrapper::Plain => pane.open("", args),
        Wrapper::TrapsHup => pane.open_script(|dir, run| {
            format!(
                "trap \"echo hup\" HUP; {run}; code=$?; echo $code > {dir}/status; wait",
                run = run("", args)
            )
        }),
    }
}

/// Opens a pane, brings it to a screen with `reach`, closes the terminal,
/// and checks what is left: `expected` records (the last one checked by
/// `check`), no process running, and (when the shell outlives the
/// terminal) exit status 129.
fn close_on(
    wrapper: Wrapper,
    args: &str,
    reach: &dyn Fn(&Pane),
    expected: usize,
    check: &dyn Fn(&Value) -> Result<(), String>,
) -> Result<(), String> {
    let pane = Pane::unopened();
    let tiny = pane.routine("tiny.toml", TINY);
    open_wrapped(
        &pane,
        wrapper,
        &args.replace("TINY", &tiny.display().to_string()),
    );
    reach(&pane);
    pane.close();
    if expected > 0 {
        pane.try_wait_records(expected)
            .map_err(|e| format!("the record was lost: {e}"))?;
    }
    pane.try_wait_no_process()?;
    let records = pane.journal();
    if records.len() != expected {
        return Err(format!(
            "{} records, not {expected}: {records:#?}",
            records.len()
        ));
    }
    if let Some(last) = records.last() {
        check(last)?;
    }
    if wrapper == Wrapper::TrapsHup {
        match pane.status_file()? {
            129 => {}
            code => return Err(format!("exit status {code}, not 129")),
        }
    }
    Ok(())
}

/// `close_on` `tries` times; fails listing every try that went wrong.
fn close_many(
    tries: usize,
    wrapper: Wrapper,
    args: &str,
    reach: &dyn Fn(&Pane),
    expected: usize,
    check: &dyn Fn(&Value) -> Result<(), String>,
) {
    let mut failures = Vec::new();
    for n in 1..=tries {
        if let Err(e) = close_on(wrapper, args, reach, expected, check) {
            failures.push(format!("try {n}: {e}"));
            // One failure of a kind is enough to know; don't wait 30 s more
            // for each of the rest when it keeps failing.
            if failures.len() >= 3 {
                break;
            }
        }
    }
    assert!(
        failures.is_empty(),
        "closing the terminal ({wrapper:?}, `{args}`) went wrong:\n{}",
        failures.join("\n")
    );
}

fn terminal_closed(record: &Value) -> Result<(), String> {
    if record["outcome"] == ended_early("terminal_closed") {
        Ok(())
    } else {
        Err(format!("not ended early as terminal_closed: {record}"))
    }
}

fn completed_with(pain_after: Value, note: Value) -> impl Fn(&Value) -> Result<(), String> {
    move |record: &Value| {
        let wanted = (json!("completed"), json!(5), &pain_after, &note);
        let got = (
            record["outcome"]["kind"].clone(),
            record["pain_before"].clone(),
            &record["pain_after"],
            &record["note"],
        );
        if got == wanted {
            Ok(())
        } else {
            Err(format!(
                "wanted completed, pain 5 → {pain_after}, note {note}: {record}"
            ))
        }
    }
}

fn on_the_player(pane: &Pane) {
    pane.wait_for("Step 1 of 1");
}

fn on_the_library(pane: &Pane) {
    pane.wait_for("Desk reset");
}

const PLAYER: &str = "play --no-checkin tests/fixtures/routines/countdown.toml";

#[test]
fn closing_the_terminal_mid_session_leaves_one_record_50_of_50() {
    close_many(
        50,
        Wrapper::Plain,
        PLAYER,
        &on_the_player,
        1,
        &terminal_closed,
    );
}

#[test]
fn closing_the_terminal_mid_session_with_no_sighup_leaves_one_record_50_of_50() {
    close_many(
        50,
        Wrapper::TrapsHup,
        PLAYER,
        &on_the_player,
        1,
        &terminal_closed,
    );
}

#[test]
fn closing_the_terminal_on_the_library_with_no_sighup_ends_the_program_50_of_50() {
    close_many(50, Wrapper::TrapsHup, "", &on_the_library, 0, &|_| Ok(()));
}

#[test]
fn closing_the_terminal_on_the_library_ends_the_program() {
    close_many(5, Wrapper::Plain, "", &on_the_library, 0, &|_| Ok(()));
}

fn on_the_checkin(pane: &Pane) {
    pane.wait_for("How is your head right now?");
}

#[test]
fn closing_the_terminal_on_the_checkin_saves_nothing_and_ends_the_program() {
    for wrapper in [Wrapper::Plain, Wrapper::TrapsHup] {
        close_many(5, wrapper, "play TINY", &on_the_checkin, 0, &|_| Ok(()));
    }
}

fn on_the_checkout(pane: &Pane) {
    pane.wait_for("How is your head right now?");
    pane.keys(&["5"]);
    pane.wait_for("How is your head now?");
}

#[test]
fn closing_the_terminal_on_the_checkout_keeps_the_session() {
    for wrapper in [Wrapper::Plain, Wrapper::TrapsHup] {
        let check = completed_with(Value::Null, Value::Null);
        close_many(5, wrapper, "play TINY", &on_the_checkout, 1, &check);
    }
}

fn on_the_note(pane: &Pane) {
    on_the_checkout(pane);
    pane.keys(&["2"]);
    pane.wait_for("A note for your journal?");
    pane.type_text("typed so far");
    pane.wait_for("typed so far");
}

#[test]
fn closing_the_terminal_on_the_note_keeps_the_session_and_the_note() {
    for wrapper in [Wrapper::Plain, Wrapper::TrapsHup] {
        let check = completed_with(json!(2), json!("typed so far"));
        close_many(5, wrapper, "play TINY", &on_the_note, 1, &check);
    }
}

fn on_the_finished_screen(pane: &Pane) {
    on_the_note(pane);
    pane.keys(&["Enter"]);
    pane.wait_for("Session over");
    pane.wait_for("Saved to your journal");
}

#[test]
fn closing_the_terminal_on_the_finished_screen_ends_the_program() {
    for wrapper in [Wrapper::Plain, Wrapper::TrapsHup] {
        let check = completed_with(json!(2), json!("typed so far"));
        close_many(5, wrapper, "play TINY", &on_the_finished_screen, 1, &check);
    }
}

// ----------------------------------------------------------- plain mode ---

#[test]
fn plain_output_whose_reader_goes_away_saves_one_record() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().display();
    let script = format!(
        "{{ {bin} play --plain tests/fixtures/routines/short.toml; echo $? > {d}/status; }} | head -1",
        bin = tmux_support::bin()
    );
    let out = Command::new("sh")
        .args(["-c", &script])
        .current_dir(tmux_support::root())
        .env("STILLPOINT_DATA_DIR", dir.path().join("data"))
        .env("XDG_CONFIG_HOME", dir.path().join("config"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stdout.lines().count(), 1, "head printed one line: {stdout}");
    let records = read_journal(&dir.path().join("data"));
    assert_eq!(records.len(), 1, "{records:#?}\nstderr: {stderr}");
    assert_eq!(
        records[0]["outcome"],
        ended_early("terminal_closed"),
        "{}",
        records[0]
    );
    let status = std::fs::read_to_string(dir.path().join("status")).unwrap();
    assert_eq!(
        status.trim(),
        "141",
        "stillpoint's exit status; stderr: {stderr}"
    );
    assert!(
        stderr.contains("Saved to your journal"),
        "where the record went is said where it can still be read: {stderr}"
    );
}

/// Two steps: a short one to be suspended in, and a long one after it.
const TWO_STEPS: &str = r#"stillpoint = 1
title = "Two steps"
lead_in = 0

[sound]
countdown = 0

[[step]]
title = "First rest"
kind = "rest"
duration = "6s"
instructions = "Rest."

[[step]]
title = "Second rest"
kind = "rest"
duration = "2m"
instructions = "Rest on."
"#;

#[test]
fn plain_ctrl_z_stops_the_process_and_fg_resumes_with_the_clock_stopped_meanwhile() {
    let pane = Pane::shell();
    let routine = pane.routine("two.toml", TWO_STEPS);
    pane.run(
        "",
        &format!("play --plain --no-checkin --no-audio {}", routine.display()),
    );
    pane.wait_for("Step 1 of 2");
    let pid = pane.pid();
    // Not a synchronisation: a second of the first step played.
    sleep(SECONDS);
    pane.keys(&["C-z"]);
    poll("the process to stop (state T)", || {
        match process_state(&pid).as_str() {
            "T" => Ok(()),
            state => Err(format!("state {state}\n{}", pane.screen())),
        }
    });
    pane.wait_for("Stopped");
    // Not a synchronisation: how long it stays stopped. A clock running
    // meanwhile would leave at most a second or so of the first step.
    sleep(4 * SECONDS);
    assert_eq!(process_state(&pid), "T", "it went on by itself");
    assert!(!pane.screen().contains("Step 2 of 2"), "{}", pane.screen());
    pane.type_line("fg");
    let resumed = Instant::now();
    poll("the process to go on", || {
        match process_state(&pid).as_str() {
            "T" => Err("still stopped".to_owned()),
            _ => Ok(()),
        }
    });
    pane.wait_for("Step 2 of 2");
    let waited = resumed.elapsed();
    assert!(
        waited >= 5 * SECONDS / 2,
        "the second step came {waited:?} after fg: the clock ran while stopped"
    );
    pane.keys(&["q"]);
    pane.wait_for("Saved to your journal");
    assert_eq!(pane.shell_exit_status(), 0, "{}", pane.screen());
    let record = the_record(&pane);
    assert_eq!(record["outcome"], ended_early("quit"), "{record}");
    assert_eq!(record["steps_done"], 1, "{record}");
    let time =
        |key: &str| chrono::DateTime::parse_from_rfc3339(record[key].as_str().unwrap()).unwrap();
    let wall = (time("end") - time("start")).num_seconds();
    let active = record["active_seconds"].as_i64().unwrap();
    assert!(active >= 6, "the first step was played whole: {record}");
    assert!(
        wall - active >= 3,
        "the ~4 s stopped are not active time ({wall} s wall, {active} s active): {record}"
    );
}

#[test]
fn plain_mode_in_a_terminal_asks_pain_before_and_after_on_one_line_each() {
    let pane = Pane::start("play --plain --no-audio tests/fixtures/routines/short.toml");
    pane.wait_for("How is your head right now?");
    pane.type_line("4");
    let screen = pane.wait_for("Step 1 of 3");
    let asked = screen
        .lines()
        .find(|l| l.contains("How is your head right now?"))
        .unwrap();
    assert!(
        asked.trim_end().ends_with('4'),
        "the answer on the question's line: {screen}"
    );
    assert!(screen.contains("Sound is off"), "{screen}");
    pane.wait_for("How is your head now?");
    pane.type_line("2");
    let screen = pane.wait_for("Saved to your journal");
    let asked = screen
        .lines()
        .find(|l| l.contains("How is your head now?"))
        .unwrap();
    assert!(asked.trim_end().ends_with('2'), "{screen}");
    pane.assert_exited_with(0);
    let record = the_record(&pane);
    assert_eq!(record["outcome"]["kind"], "completed", "{record}");
    assert_eq!(record["pain_before"], 4, "{record}");
    assert_eq!(record["pain_after"], 2, "{record}");
}

/// `play --plain ARGS TINY` in a pipe: its lines.
fn plain_lines(args: &[&str]) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let tiny = dir.path().join("tiny.toml");
    std::fs::write(&tiny, TINY).unwrap();
    let out = Command::new(tmux_support::bin())
        .args(["play", "--plain"])
        .args(args)
        .arg(&tiny)
        .env("STILLPOINT_DATA_DIR", dir.path().join("data"))
        .env("XDG_CONFIG_HOME", dir.path().join("config"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn plain_mode_says_once_that_sound_is_off_and_why() {
    for (args, why) in [
        (vec!["--no-audio"], "Sound is off (--no-audio)"),
        (
            vec!["--audio-device", "stillpoint-no-such-device"],
            "Sound is off (no sound device)",
        ),
    ] {
        let lines = plain_lines(&args);
        let said: Vec<_> = lines
            .iter()
            .filter(|l| l.contains("Sound is off"))
            .collect();
        assert_eq!(said.len(), 1, "said once: {lines:#?}");
        assert!(said[0].starts_with(why), "{lines:#?}");
    }
}

// -------------------------------------------------------------- library ---

#[test]
fn esc_in_the_library_clears_a_kept_filter_and_a_second_esc_quits() {
    let pane = Pane::start("");
    pane.wait_for("Desk reset");
    pane.keys(&["/"]);
    pane.type_text("box");
    pane.keys(&["Enter"]);
    pane.wait_until("the filter to hide other routines", |s| {
        s.contains("Box breathing") && !s.contains("Desk reset")
    });
    pane.keys(&["Escape"]);
    let screen = pane.wait_for("Desk reset");
    assert!(
        screen.contains("Box breathing"),
        "every routine again:\n{screen}"
    );
    // Still in the library: the program did not quit.
    assert!(!screen.contains("exit="), "{screen}");
    assert_eq!(pane.processes().len(), 1, "{screen}");
    pane.keys(&["Escape"]);
    pane.assert_exited_cleanly(0);
    assert!(pane.journal().is_empty());
}

#[test]
fn question_mark_in_the_library_shows_the_librarys_keys() {
    let pane = Pane::start("");
    let library = pane.wait_for("Desk reset");
    // What `?` drew over the library: the lines that changed.
    let drawn = |screen: &str| {
        let lines: Vec<&str> = screen
            .lines()
            .zip(library.lines())
            .filter(|(now, was)| now != was)
            .map(|(now, _)| now)
            .collect();
        lines.join("\n")
    };
    pane.keys(&["?"]);
    let help = pane.wait_until("a list of keys", |s| {
        drawn(s).contains("filter") || drawn(s).contains("pause")
    });
    assert!(
        drawn(&help).contains("filter"),
        "the library's keys:\n{help}"
    );
    assert!(
        !help.contains("pause"),
        "the player's keys in the library:\n{help}"
    );
}

// ------------------------------------------------------ files and saving ---

/// Every folder under `dir` (and `dir`) is 0700 and every file 0600.
fn private_modes(dir: &Path) -> Vec<String> {
    let mut wrong = Vec::new();
    let mode = std::fs::metadata(dir).unwrap().permissions().mode() & 0o777;
    if mode != 0o700 {
        wrong.push(format!("{}/ is {mode:o}", dir.display()));
    }
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            wrong.extend(private_modes(&path));
        } else {
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            if mode != 0o600 {
                wrong.push(format!("{} is {mode:o}", path.display()));
            }
        }
    }
    wrong
}

#[test]
fn a_fresh_data_folder_under_umask_000_is_private() {
    let pane = Pane::unopened();
    pane.open_script(|dir, run| {
        format!(
            "stty -g > {dir}/before; umask 000; {run}; code=$?; echo \"exit=$code\"; \
             stty -g > {dir}/after.tmp; mv {dir}/after.tmp {dir}/after; sleep 600",
            run = run("", "")
        )
    });
    pane.wait_for("Desk reset");
    pane.keys(&["q"]);
    pane.assert_exited_cleanly(0);
    if pane.data().exists() {
        let wrong = private_modes(&pane.data());
        assert!(wrong.is_empty(), "not private:\n{}", wrong.join("\n"));
    }
}

/// A pane playing TINY to its end with the journal unwritable (a folder
/// where the file should be: permissions do not stop root).
fn unsaved_session() -> Pane {
    let pane = Pane::unopened();
    let tiny = pane.routine("tiny.toml", TINY);
    std::fs::create_dir_all(pane.data().join("journal.jsonl")).unwrap();
    pane.open("", &format!("play --no-checkin {}", tiny.display()));
    pane.wait_for("Session over");
    pane
}

#[test]
fn a_failed_save_says_so_on_the_finished_screen_with_how_to_try_again() {
    let pane = unsaved_session();
    let screen = pane.wait_for("save");
    assert!(
        screen.to_lowercase().contains("could not save") && screen.contains("r to try again"),
        "the failure and the way to retry can be read whole:\n{screen}"
    );
}

#[test]
fn r_on_the_finished_screen_saves_once_the_journal_can_be_written() {
    let pane = unsaved_session();
    pane.wait_for("r to tr");
    std::fs::remove_dir(pane.data().join("journal.jsonl")).unwrap();
    pane.keys(&["r"]);
    pane.wait_for("Saved to your journal");
    pane.keys(&["Enter"]);
    pane.assert_exited_cleanly(0);
    let record = the_record(&pane);
    assert_eq!(record["outcome"]["kind"], "completed", "{record}");
    assert!(!pane.data().join("journal.unsaved.jsonl").exists());
}

#[test]
fn a_record_left_unsaved_is_printed_and_kept_in_the_recovery_file() {
    let pane = unsaved_session();
    pane.wait_for("r to tr");
    pane.keys(&["Enter"]);
    let status = pane.exit_status();
    let screen = pane.screen();
    assert_eq!(
        status, 2,
        "leaving with the record unsaved is an error:\n{screen}"
    );
    assert!(
        screen.contains("could not be saved") && screen.contains("\"type\":\"session\""),
        "the record is printed for the person to keep:\n{screen}"
    );
    let kept = read_records(&pane.data().join("journal.unsaved.jsonl"));
    assert_eq!(kept.len(), 1, "kept in the recovery file: {kept:#?}");
    assert_eq!(kept[0]["routine"]["title"], "Tiny");
    assert_eq!(kept[0]["outcome"]["kind"], "completed");
}

#[test]
fn the_next_run_adds_a_kept_record_to_the_journal_and_says_so() {
    let pane = unsaved_session();
    pane.wait_for("r to tr");
    pane.keys(&["Enter"]);
    assert_eq!(pane.exit_status(), 2);
    let kept = read_records(&pane.data().join("journal.unsaved.jsonl"));
    assert_eq!(kept.len(), 1, "{kept:#?}");
    std::fs::remove_dir(pane.data().join("journal.jsonl")).unwrap();
    let out = Command::new(tmux_support::bin())
        .args(["log", "--format", "json"])
        .env("STILLPOINT_DATA_DIR", pane.data())
        .env("XDG_CONFIG_HOME", pane.path("config"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let records = pane.journal();
    assert_eq!(
        records.len(),
        1,
        "added to the journal: {records:#?}\nstderr: {stderr}"
    );
    assert_eq!(records[0]["id"], kept[0]["id"]);
    assert!(!stderr.is_empty(), "the next run says it added the record");
}

#[test]
fn a_multi_line_paste_goes_into_the_note_whole_and_never_to_the_shell() {
    let pane = Pane::shell();
    let tiny = pane.routine("tiny.toml", TINY);
    pane.run("", &format!("play {}", tiny.display()));
    pane.wait_for("How is your head right now?");
    pane.keys(&["s"]);
    pane.wait_for("How is your head now?");
    pane.keys(&["s"]);
    pane.wait_for("A note for your journal?");
    pane.tmux(&[
        "set-buffer",
        "-b",
        "note",
        "first line\nechoed-to-the-shell",
    ]);
    pane.tmux(&["paste-buffer", "-p", "-d", "-b", "note", "-t", &pane.name]);
    pane.wait_for("first line");
    pane.keys(&["Enter"]);
    pane.wait_for("Session over");
    pane.keys(&["Enter"]);
    assert_eq!(pane.shell_exit_status(), 0, "{}", pane.screen());
    let screen = pane.screen();
    assert!(
        !screen.contains("command not found"),
        "the paste leaked to the shell:\n{screen}"
    );
    let record = the_record(&pane);
    assert_eq!(record["note"], "first line echoed-to-the-shell", "{record}");
}

#[test]
fn a_paste_with_a_paste_marker_inside_does_not_swallow_the_keys_after_it() {
    let pane = Pane::unopened();
    let tiny = pane.routine("tiny.toml", TINY);
    pane.open("", &format!("play {}", tiny.display()));
    pane.wait_for("How is your head right now?");
    pane.keys(&["s"]);
    pane.wait_for("How is your head now?");
    pane.keys(&["s"]);
    pane.wait_for("A note for your journal?");
    let buffer = pane.path("paste");
    std::fs::write(&buffer, "abc\x1b[200~def").unwrap();
    pane.tmux(&["load-buffer", "-b", "odd", &buffer.display().to_string()]);
    pane.tmux(&["paste-buffer", "-p", "-d", "-b", "odd", "-t", &pane.name]);
    pane.wait_for("def");
    pane.type_text(" more");
    pane.wait_for("def more");
    pane.keys(&["Enter"]);
    pane.wait_for("Session over");
    pane.keys(&["C-c"]);
    pane.assert_exited_cleanly(130);
    let record = the_record(&pane);
    let note = record["note"].as_str().unwrap_or_default();
    assert!(
        note.starts_with("abc") && note.ends_with("def more") && !note.contains('\x1b'),
        "{record}"
    );
}

#[test]
fn the_help_and_the_quit_question_pause_the_session() {
    let pane = Pane::start(&format!("{COUNTDOWN} --no-checkin"));
    pane.wait_for("Step 1 of 1");
    pane.keys(&["?"]);
    let help = pane.wait_for("Paused");
    assert!(help.contains("pause"), "the player's keys:\n{help}");
    // Not a synchronisation: time spent reading the help.
    sleep(3 * SECONDS);
    pane.keys(&["x"]);
    pane.wait_gone("Paused");
    pane.keys(&["q"]);
    pane.wait_for("End this session");
    pane.wait_for("Paused");
    // Not a synchronisation: time spent making up one's mind.
    sleep(2 * SECONDS);
    pane.keys(&["y"]);
    pane.wait_for("Session over");
    pane.keys(&["Enter"]);
    pane.assert_exited_cleanly(0);
    let record = the_record(&pane);
    assert_eq!(record["outcome"], ended_early("quit"), "{record}");
    let paused = record["paused_seconds"].as_i64().unwrap();
    assert!(
        paused >= 4,
        "5 s with the help or the question open: {record}"
    );
}

#[test]
fn the_record_ends_when_the_session_did_not_when_the_checkout_was_answered() {
    let pane = Pane::unopened();
    let tiny = pane.routine("tiny.toml", TINY);
    pane.open("", &format!("play {}", tiny.display()));
    pane.wait_for("How is your head right now?");
    pane.keys(&["s"]);
    pane.wait_for("How is your head now?");
    // Not a synchronisation: a person taking their time to answer.
    sleep(5 * SECONDS);
    pane.keys(&["3"]);
    pane.wait_for("A note for your journal?");
    pane.keys(&["Enter"]);
    pane.wait_for("Session over");
    pane.keys(&["Enter"]);
    pane.assert_exited_cleanly(0);
    let record = the_record(&pane);
    let time =
        |key: &str| chrono::DateTime::parse_from_rfc3339(record[key].as_str().unwrap()).unwrap();
    let span = (time("end") - time("start")).num_seconds();
    assert!(
        span <= 3,
        "a 1 s session recorded as {span} s long: {record}"
    );
    assert_eq!(record["pain_after"], 3, "{record}");
}

#[test]
fn closing_the_terminal_in_plain_mode_with_no_sighup_saves_one_record_and_exits_129() {
    // Plain mode reading keys from a terminal that goes away, with no
    // SIGHUP: it must notice the end of its input by itself.
    let pane = Pane::unopened();
    pane.open_script(|dir, run| {
        format!(
            "trap \"echo hup\" HUP; {run}; code=$?; echo $code > {dir}/status; wait",
            run = run(
                "",
                "play --plain --no-checkin --no-audio tests/fixtures/routines/countdown.toml"
            )
        )
    });
    pane.wait_for("Step 1 of 1");
    pane.close();
    let records = pane.wait_records(1);
    pane.wait_no_process();
    assert_eq!(records.len(), 1, "{records:#?}");
    assert_eq!(
        records[0]["outcome"],
        ended_early("terminal_closed"),
        "{}",
        records[0]
    );
    assert_eq!(pane.status_file(), Ok(129));
}

#[test]
fn sigterm_in_plain_mode_saves_one_record_and_exits_143() {
    let pane =
        Pane::start("play --plain --no-checkin --no-audio tests/fixtures/routines/countdown.toml");
    pane.wait_for("Step 1 of 1");
    pane.signal("TERM");
    pane.assert_exited_with(143);
    let record = the_record(&pane);
    assert_eq!(record["outcome"], ended_early("signal"), "{record}");
}
