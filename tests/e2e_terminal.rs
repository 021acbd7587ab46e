//! End-to-end: the real binary in a real terminal (tmux), driven with keys
//! and signals, read back from the screen, as a person would use it.

mod tmux_support;

use std::path::Path;
use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

use tmux_support::{Pane, SECONDS, poll, process_state};

const SHORT: &str = "play --no-checkin tests/fixtures/routines/short.toml";
const COUNTDOWN: &str = "play --no-checkin tests/fixtures/routines/countdown.toml";

#[test]
fn plays_a_short_routine_to_the_end() {
    let pane = Pane::start(SHORT);
    pane.wait_for("Short test routine");
    let screen = pane.wait_for("Step 1 of 3");
    assert!(screen.contains("Warm compress"), "{screen}");
    pane.wait_for("Switch to the right side");
    let screen = pane.wait_for("Step 3 of 3");
    assert!(screen.contains("Breathe"), "{screen}");
    pane.wait_for("Completed");
    pane.keys(&["Enter"]);
    pane.assert_exited_cleanly(0);
}

#[test]
fn pause_holds_the_countdown_and_resume_goes_on() {
    let pane = Pane::start(COUNTDOWN);
    pane.wait_for("Rest");
    pane.keys(&["Space"]);
    let paused = pane.wait_for("Paused");
    // Not a synchronisation: a stretch of time in which nothing may change.
    sleep(2 * SECONDS);
    assert_eq!(pane.screen(), paused, "the screen changed while paused");
    pane.keys(&["Space"]);
    pane.wait_gone("Paused");
    // The countdown goes on: the screen changes again by itself.
    let going = pane.screen();
    pane.wait_until("the countdown to move on", |screen| screen != going);
}

#[test]
fn next_skips_to_the_following_step() {
    let pane = Pane::start(SHORT);
    pane.wait_for("Step 1 of 3");
    pane.keys(&["n"]);
    let screen = pane.wait_for("Step 2 of 3");
    assert!(screen.contains("Neck kneading"), "{screen}");
    pane.keys(&["Right"]);
    let screen = pane.wait_for("Step 3 of 3");
    assert!(screen.contains("Slow breaths"), "{screen}");
}

#[test]
fn quitting_early_asks_first_then_leaves_cleanly() {
    let pane = Pane::start(SHORT);
    pane.wait_for("Warm compress");
    pane.keys(&["q"]);
    pane.wait_for("End this session");
    pane.keys(&["n"]);
    pane.wait_gone("End this session");
    pane.keys(&["q"]);
    pane.wait_for("End this session");
    pane.keys(&["y"]);
    pane.wait_for("Ended early");
    pane.keys(&["Enter"]);
    pane.assert_exited_cleanly(0);
}

#[test]
fn a_small_window_asks_to_be_made_larger_and_recovers() {
    let pane = Pane::start(COUNTDOWN);
    pane.wait_for("Rest");
    pane.tmux(&["resize-window", "-t", &pane.name, "-x", "40", "-y", "10"]);
    pane.wait_for("larger");
    pane.tmux(&["resize-window", "-t", &pane.name, "-x", "100", "-y", "30"]);
    pane.wait_for("Rest");
}

#[test]
fn at_80_by_23_and_40_by_12_the_session_still_shows_its_step_time_left_and_text() {
    let pane = Pane::start(COUNTDOWN);
    pane.wait_for("Rest your hands in your lap.");
    for (width, height) in [("80", "23"), ("40", "12")] {
        pane.tmux(&["resize-window", "-t", &pane.name, "-x", width, "-y", height]);
        pane.wait_until(
            &format!("the step, time left and text at {width}x{height}"),
            |s| {
                s.contains("Rest")
                    && s.contains(" left")
                    && s.contains("Rest your hands in your lap.")
                    && s.contains("q end")
                    && !s.contains("larger")
            },
        );
    }
}

#[test]
fn the_library_filters_and_starts_a_routine() {
    let pane = Pane::start("");
    pane.wait_for("Desk reset");
    pane.keys(&["/", "b", "o", "x", "Enter"]);
    let screen = pane.wait_for("Box breathing");
    assert!(
        !screen.contains("Desk reset"),
        "the filter did not hide other routines:\n{screen}"
    );
    pane.keys(&["Enter"]);
    pane.wait_for("How is your head right now?");
    pane.keys(&["s"]);
    pane.wait_for("Step 1 of");
    pane.keys(&["q", "y"]);
    pane.wait_for("How is your head now?");
    pane.keys(&["Escape", "Escape"]);
    pane.wait_for("Ended early");
    pane.keys(&["Enter"]);
    pane.wait_for("Desk reset");
    pane.keys(&["q"]);
    pane.assert_exited_cleanly(0);
}

#[test]
fn plain_mode_is_chosen_in_a_pipe_and_paces_lines() {
    let dir = tempfile::tempdir().unwrap();
    let start = Instant::now();
    let out = Command::new(tmux_support::bin())
        .args(["play", "tests/fixtures/routines/short.toml"])
        .args(["--audio-device", "stillpoint-no-such-device"])
        .current_dir(Path::new(tmux_support::root()))
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
    let saved = format!(
        "Saved to your journal ({}).",
        dir.path().join("journal.jsonl").display()
    );
    let expected = [
        "Sound is off (no sound device); these lines carry every cue.",
        "Short test routine. Settle in; starting in 2 seconds.",
        // A step's instructions come with time to read them: the clock
        // is held at its start while they are read (these steps are too
        // short to read them during the step before).
        "Step 1 of 3: Warm compress, 3 seconds.",
        "Lay a warm compress across the back of your neck.",
        "Starting.",
        "Step 2 of 3: Neck kneading, 4 seconds. Start on the left side.",
        "Knead the side of your neck with your fingertips.",
        "Starting.",
        "Switch to the right side.",
        "Step 3 of 3: Slow breaths, 1 breath, 3 seconds.",
        "Breathe in, and out slowly.",
        "Starting.",
        "Breathe in, 1",
        "Breathe out, 2",
        "Done. Short test routine is complete.",
        &saved,
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
    pane.wait_for("Step 1 of 3");
    let pid = pane.pid();
    pane.keys(&["C-z"]);
    pane.wait_gone("Step 1 of 3");
    poll("the process to stop (state T)", || {
        match process_state(&pid).as_str() {
            "T" => Ok(()),
            state => Err(format!("state {state}")),
        }
    });
    // Not a synchronisation: the stretch the process stays stopped, long
    // enough that a running clock would have reached the last step.
    sleep(7 * SECONDS);
    assert_eq!(process_state(&pid), "T", "the process went on by itself");
    pane.signal("CONT");
    let screen = pane.wait_for("Step ");
    assert!(
        screen.contains("Step 1 of 3") || screen.contains("Step 2 of 3"),
        "the clock ran while suspended:\n{screen}"
    );
    pane.wait_for("Completed");
    pane.keys(&["Enter"]);
    pane.assert_exited_cleanly(0);
    let records = pane.journal();
    assert_eq!(records.len(), 1, "{records:?}");
    let r = &records[0];
    assert_eq!(r["outcome"]["kind"], "completed", "{r}");
    let time = |key: &str| chrono::DateTime::parse_from_rfc3339(r[key].as_str().unwrap()).unwrap();
    let wall = (time("end") - time("start")).num_seconds();
    assert!(
        wall >= 12 + 6,
        "the session took {wall} s of wall time: {r}"
    );
    assert_eq!(r["active_seconds"], 12, "{r}");
}

#[test]
fn pain_before_and_after_and_a_note_are_kept_in_the_journal() {
    let pane = Pane::start("play tests/fixtures/routines/short.toml");
    pane.wait_for("How is your head right now?");
    pane.keys(&["6"]);
    pane.wait_for("Step 1 of 3");
    pane.wait_for("How is your head now?");
    pane.keys(&["3"]);
    pane.wait_for("note");
    pane.type_text("easier \"now\"");
    pane.keys(&["Enter"]);
    pane.wait_for("Saved to your journal");
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
    let screen = pane.wait_for("Step 1 of 3");
    assert!(screen.contains("sound 70%"), "{screen}");
    pane.wait_for("Completed");
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

#[test]
fn v_turns_the_voice_off_and_back_on_and_is_remembered() {
    let dir = tempfile::tempdir().unwrap();
    let wav = dir.path().join("heard.wav");
    let device = format!("'file:FILE={},FORMAT=wav'", wav.display());
    let pane = Pane::start(&format!("{SHORT} --audio-device {device}"));
    pane.wait_for("voice on");
    pane.keys(&["v"]);
    pane.wait_for("voice off");
    pane.keys(&["v"]);
    pane.wait_for("voice on");
    pane.keys(&["v"]);
    pane.wait_for("voice off");
    pane.keys(&["q", "y"]);
    pane.wait_for("Ended early");
    pane.keys(&["Enter"]);
    pane.assert_exited_cleanly(0);
    let remembered = std::fs::read_to_string(pane.data().join("remembered.toml")).unwrap();
    assert!(remembered.contains("voice = false"), "{remembered}");
}

fn plays_silently(env: &str, args: &str, reason: &str) {
    let pane = Pane::start_with(env, &format!("{SHORT} {args}"));
    let screen = pane.wait_for(&format!("audio off: {reason}"));
    assert!(
        !screen.contains("ALSA"),
        "ALSA wrote on the screen:\n{screen}"
    );
    pane.wait_for("Completed");
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
    pane.wait_for("Pain right now");
    for next in [
        "Stress right now",
        "Numbers or names",
        "Anything else",
        "A note",
    ] {
        pane.keys(&["Enter"]);
        pane.wait_for(next);
    }
    pane.keys(&["Enter"]);
    pane.wait_for("Nothing was given, so nothing was saved.");
    pane.assert_exited_cleanly(1);
    assert!(!pane.path("data/journal.jsonl").exists());
}

/// Makes the pane's window `width`×`height`.
fn resize(pane: &Pane, width: &str, height: &str) {
    pane.tmux(&["resize-window", "-t", &pane.name, "-x", width, "-y", height]);
}

#[test]
fn an_attack_is_asked_one_screen_at_a_time_at_80_by_24_and_saved() {
    let pane = Pane::start("attack");
    resize(&pane, "80", "24");
    pane.wait_for("When did it start?");
    pane.wait_for("Stillpoint · A headache · 1 of 12");
    pane.keys(&["Enter"]);
    pane.wait_for("Is it over?");
    pane.keys(&["n"]);
    pane.wait_for("How bad was the pain at its worst?");
    pane.keys(&["7"]);
    pane.wait_for("Which side of your head?");
    pane.keys(&["r"]);
    pane.wait_for("Where does it hurt?");
    pane.keys(&["1", "5"]);
    pane.wait_for("5 [x] temples");
    pane.keys(&["Enter"]);
    // Everything else skipped, with Enter or Tab.
    for (next, key) in [
        ("What does the pain feel like?", "Tab"),
        ("Was there an aura", "Enter"),
        ("What comes with it?", "Enter"),
        ("What do you call it?", "Tab"),
        ("What set it off", "Enter"),
        ("A note?", "Enter"),
        ("Did it come on suddenly", "Enter"),
    ] {
        pane.wait_for(next);
        pane.keys(&[key]);
    }
    let summary = pane.wait_for("Save this to your journal?");
    for answer in [
        "still going on",
        "Peak pain",
        "right",
        "neck, temples",
        "Enter save",
    ] {
        assert!(summary.contains(answer), "{answer}: {summary}");
    }
    assert!(
        pane.journal().is_empty(),
        "nothing is written before the end"
    );
    pane.keys(&["Enter"]);
    pane.wait_for("Saved the attack from");
    pane.assert_exited_cleanly(0);
    let records = pane.journal();
    assert_eq!(records.len(), 1, "{records:?}");
    let attack = &records[0];
    assert_eq!(attack["type"], "attack", "{attack}");
    assert_eq!(attack["end"], serde_json::Value::Null, "{attack}");
    assert_eq!(attack["peak"], 7, "{attack}");
    assert_eq!(attack["side"], "right", "{attack}");
    assert_eq!(attack["areas"], serde_json::json!(["neck", "temples"]));
    assert_eq!(attack["quality"], serde_json::Value::Null, "{attack}");
    assert_eq!(attack["sudden"], false, "{attack}");
    assert_eq!(attack["triggers"], serde_json::json!([]), "{attack}");
}

#[test]
fn esc_in_the_middle_of_the_attack_questions_writes_nothing_and_gives_the_terminal_back() {
    let pane = Pane::shell();
    resize(&pane, "80", "24");
    pane.run("", "attack");
    pane.wait_for("When did it start?");
    pane.keys(&["Enter", "n", "8"]);
    pane.wait_for("Which side of your head?");
    pane.keys(&["Escape"]);
    pane.wait_for("Cancelled; nothing was saved.");
    assert_eq!(pane.shell_exit_status(), 1, "{}", pane.screen());
    assert!(
        !pane.data().join("journal.jsonl").exists(),
        "nothing written"
    );
    // The shell reads and echoes lines again: the terminal is usable.
    pane.type_line("echo usable-$((40 + 2))");
    let screen = pane.wait_for("usable-42");
    assert!(!screen.contains("Stillpoint ·"), "{screen}");
}

#[test]
fn a_headache_now_at_80_by_24_is_noted_at_once_and_its_relief_session_linked() {
    let pane = Pane::start("--no-audio");
    pane.tmux(&["resize-window", "-t", &pane.name, "-x", "80", "-y", "24"]);
    pane.wait_for("! headache now");
    pane.keys(&["!"]);
    pane.wait_for("How bad is it right now?");
    pane.keys(&["7"]);
    let offer = pane.wait_for("Noted: a headache since");
    assert!(offer.contains("pain 7, severe"), "{offer}");
    assert!(
        offer.contains("Your relief routine: Neck, shoulders and temples"),
        "{offer}"
    );
    assert!(offer.contains("stillpoint attack --end now"), "{offer}");
    // Saved the moment it is noted, before any routine.
    let records = pane.wait_records(1);
    assert_eq!(records[0]["type"], "attack", "{records:?}");
    assert_eq!(records[0]["peak"], 7);
    assert_eq!(records[0]["end"], serde_json::Value::Null);
    pane.keys(&["Enter"]);
    let playing = pane.wait_for("Warm compress");
    assert!(
        !playing.contains("How is your head right now?"),
        "{playing}"
    );
    pane.keys(&["q", "y"]);
    pane.wait_for("How is your head now?");
    pane.keys(&["Escape", "Escape"]);
    pane.wait_for("Ended early");
    pane.keys(&["Enter"]);
    let library = pane.wait_for("Headache going on since");
    assert!(library.contains("stillpoint attack --end now"), "{library}");
    pane.keys(&["q"]);
    pane.assert_exited_cleanly(0);
    let records = pane.journal();
    assert_eq!(records.len(), 2, "{records:?}");
    let (attack, session) = (&records[0], &records[1]);
    assert_eq!(session["type"], "session");
    assert_eq!(session["attack"], attack["id"], "{session}");
    assert_eq!(session["pain_before"], 7, "{session}");
}
