//! Wait steps and cautions in a real terminal (tmux), full screen and in
//! plain mode, and in a pipe where no key can be pressed.

mod tmux_support;

use std::process::Command;
use std::thread::sleep;
use std::time::Duration;

use tmux_support::Pane;

/// Cautions, a 1 s lead-in, a wait for the compress, a 3 s rest.
const ROUTINE: &str = r#"
stillpoint = 1
title = "Compress and rest"
lead_in = "1s"
cautions = ["Stop if you feel dizzy."]

[[step]]
title = "Compress on"
kind = "wait"
instructions = "Lay it on."

[[step]]
title = "Rest"
kind = "rest"
duration = "3s"
instructions = "Rest."
"#;

fn the_record(pane: &Pane) -> serde_json::Value {
    let records = pane.wait_records(1);
    assert_eq!(records.len(), 1, "exactly one record: {records:#?}");
    records.into_iter().next().unwrap()
}

#[test]
fn full_screen_shows_the_cautions_then_holds_the_wait_until_space() {
    for height in ["24", "23"] {
        let pane = Pane::unopened();
        let routine = pane.routine("compress.toml", ROUTINE);
        pane.open(
            "",
            &format!("play --no-checkin --no-audio {}", routine.display()),
        );
        pane.tmux(&["resize-window", "-t", &pane.name, "-x", "80", "-y", height]);
        pane.wait_for("Please read before you start:");
        pane.wait_for("Stop if you feel dizzy.");
        pane.keys(&["Enter"]);
        let screen = pane.wait_for("Ready? Press space.");
        assert!(screen.contains("space go on"), "{screen}");
        // Not a synchronisation: longer than the rest after it would take.
        sleep(Duration::from_secs(4));
        let screen = pane.screen();
        assert!(screen.contains("Compress on"), "still waiting: {screen}");
        assert!(!screen.contains("Rest."), "{screen}");
        pane.keys(&["Space"]);
        pane.wait_for("Rest.");
        let screen = pane.wait_for("Session over");
        assert!(screen.contains("Completed"), "{screen}");
        let record = the_record(&pane);
        assert_eq!(record["outcome"]["kind"], "completed", "{record}");
        assert_eq!(record["steps_done"], 2, "{record}");
        assert_eq!(
            record["planned_seconds"], 4,
            "the wait is not timed: {record}"
        );
        assert!(
            record["paused_seconds"].as_u64().unwrap() >= 4,
            "the wait is time paused: {record}"
        );
        pane.close();
    }
}

#[test]
fn plain_mode_in_a_terminal_waits_for_enter() {
    let pane = Pane::unopened();
    let routine = pane.routine("compress.toml", ROUTINE);
    pane.open(
        "",
        &format!("play --plain --no-checkin --no-audio {}", routine.display()),
    );
    pane.wait_for("Before you start:");
    pane.wait_for("Stop if you feel dizzy.");
    pane.wait_for("Take your time; Enter goes on.");
    // Not a synchronisation: long enough for the 10 s a wait counts for
    // and the rest after it, were the wait not held.
    sleep(Duration::from_secs(14));
    assert!(!pane.screen().contains("Step 2 of 2"), "{}", pane.screen());
    pane.keys(&["Enter"]);
    pane.wait_for("Step 2 of 2: Rest, 3 seconds.");
    pane.wait_for("Saved to your journal");
    let record = the_record(&pane);
    assert_eq!(record["outcome"]["kind"], "completed", "{record}");
    assert_eq!(record["steps_done"], 2, "{record}");
}

#[test]
fn in_a_pipe_a_wait_lasts_the_ten_seconds_it_counts_for() {
    let dir = tempfile::tempdir().unwrap();
    let routine = dir.path().join("compress.toml");
    std::fs::write(&routine, ROUTINE).unwrap();
    let out = Command::new(tmux_support::bin())
        .args(["play", "--plain", "--no-audio"])
        .arg(&routine)
        .env("STILLPOINT_DATA_DIR", dir.path().join("data"))
        .env("XDG_CONFIG_HOME", dir.path().join("config"))
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("Before you start:\nStop if you feel dizzy.\n"),
        "{text}"
    );
    assert!(
        text.contains("Step 1 of 2: Compress on, 10 seconds.\n"),
        "{text}"
    );
    assert!(
        !text.contains("Enter goes on"),
        "no key to press here: {text}"
    );
    assert!(
        text.contains("Done. Compress and rest is complete."),
        "{text}"
    );
}
