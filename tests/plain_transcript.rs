//! `play --plain` in a pipe, read as a screen reader would: each line
//! stamped with when it arrives, and none arriving before the one before it
//! could be read at 180 words a minute, unless it is a breathing phase.

mod tmux_support;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Scheduling slack: a line printed a little late makes the next look early.
const SLACK: Duration = Duration::from_millis(120);
/// The longest wait for any one line before the test gives up.
const LINE_LIMIT: Duration = Duration::from_secs(30);

fn is_breath(line: &str) -> bool {
    ["Breathe in, ", "Breathe out, ", "Hold, ", "Rest, "]
        .iter()
        .any(|p| {
            line.strip_prefix(p)
                .is_some_and(|n| n.parse::<f64>().is_ok())
        })
}

fn reading(line: &str) -> Duration {
    Duration::from_secs_f64(line.split_whitespace().count() as f64 / 3.0)
}

#[test]
fn no_line_comes_while_the_one_before_is_still_being_read() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(tmux_support::bin())
        .args([
            "play",
            "--plain",
            "--no-audio",
            "tests/fixtures/routines/short.toml",
        ])
        .current_dir(tmux_support::root())
        .env("STILLPOINT_DATA_DIR", dir.path())
        .env("XDG_CONFIG_HOME", dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if tx.send((Instant::now(), line)).is_err() {
                break;
            }
        }
    });
    let mut lines: Vec<(Instant, String)> = Vec::new();
    loop {
        match rx.recv_timeout(LINE_LIMIT) {
            Ok(stamped) => lines.push(stamped),
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                let _ = child.kill();
                panic!("no line for {LINE_LIMIT:?}; so far: {lines:#?}");
            }
        }
    }
    assert!(child.wait().unwrap().success());
    let texts: Vec<&str> = lines.iter().map(|(_, l)| l.as_str()).collect();
    assert!(
        texts.iter().any(|l| l.starts_with("Step 3 of 3")),
        "{texts:#?}"
    );
    assert!(
        texts.iter().any(|l| l.starts_with("Saved to your journal")),
        "{texts:#?}"
    );
    assert!(texts.contains(&"Knead the side of your neck with your fingertips."));
    let start = lines[0].0;
    let mut read_by = start;
    for pair in lines.windows(2) {
        let ((at_a, a), (at_b, b)) = (&pair[0], &pair[1]);
        read_by = read_by.max(*at_a + reading(a));
        assert!(
            is_breath(b) || *at_b + SLACK >= read_by,
            "{b:?} came {:?} after {a:?}, which takes {:?} to read\n{}",
            at_b.duration_since(*at_a),
            reading(a),
            lines
                .iter()
                .map(|(t, l)| format!("{:6.2} {l}", t.duration_since(start).as_secs_f64()))
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
    // The breaths keep their own time: one second in, then out.
    let at = |text: &str| lines.iter().find(|(_, l)| l == text).unwrap().0;
    let breath = at("Breathe out, 2").duration_since(at("Breathe in, 1"));
    assert!(
        breath >= Duration::from_millis(900) && breath <= Duration::from_millis(1500),
        "{breath:?}"
    );
}
