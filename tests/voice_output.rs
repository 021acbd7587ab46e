//! The voice as a person hears it: the real binary plays a session through
//! ALSA's file device with eSpeak NG speaking, and what reached the device
//! is the rendered session, speech and all; the journal says the voice
//! spoke, and with `--no-voice` that it did not.

mod sound_support;
mod tmux_support;

use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;
use sound_support::read_wav;
use tmux_support::Pane;

/// 16 s: a title, a side, a switch and the end.
const SHORT: &str = r#"
stillpoint = 1
title = "Short and spoken"
lead_in = "2s"
[sound]
ambient = "none"
[[step]]
title = "Neck kneading"
kind = "knead"
sides = "each"
duration = "7s"
instructions = "Knead."
"#;

struct Setup {
    dir: tempfile::TempDir,
}

impl Setup {
    fn new() -> Setup {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("short.toml"), SHORT).unwrap();
        std::fs::create_dir(dir.path().join("cache")).unwrap();
        Setup { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn stillpoint(&self) -> Command {
        let mut cmd = Command::cargo_bin("stillpoint").unwrap();
        cmd.env("STILLPOINT_DATA_DIR", self.path("data"))
            .env("XDG_CONFIG_HOME", self.path("config"))
            .env("XDG_CACHE_HOME", self.path("cache"))
            .env_remove("STILLPOINT_CONFIG")
            .timeout(Duration::from_secs(120));
        cmd
    }

    fn render(&self, wav: &Path, extra: &[&str]) -> Vec<f32> {
        let out = self
            .stillpoint()
            .args(["render", "--force", "-o"])
            .arg(wav)
            .args(extra)
            .arg(self.path("short.toml"))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        read_wav(wav).1
    }

    /// The `voice` field of the journal's records, in order.
    fn voices_recorded(&self) -> Vec<bool> {
        let journal = std::fs::read_to_string(self.path("data/journal.jsonl")).unwrap_or_default();
        journal
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter(|r| r["kind"] == "session" || r.get("outcome").is_some())
            .map(|r| r["voice"] == true)
            .collect()
    }
}

/// How much of `a` is not in `b`: the loudest difference between them.
fn loudest_difference(a: &[f32], b: &[f32]) -> f32 {
    a.iter()
        .zip(b.iter().chain(std::iter::repeat(&0.0)))
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f32::max)
}

#[test]
fn the_voice_reaches_the_device_as_rendered_and_the_journal_says_it_spoke() {
    let setup = Setup::new();
    let spoken = setup.render(&setup.path("render.wav"), &[]);
    let chimes = setup.render(&setup.path("chimes.wav"), &["--no-voice"]);
    assert!(
        loudest_difference(&spoken, &chimes) > 0.1,
        "the render speaks"
    );

    // The full screen, which holds no clock for reading, in a real terminal.
    let heard = |extra: &str| {
        let wav = setup.path(&format!("live{}.wav", extra.len()));
        let device = format!("'file:FILE={},FORMAT=wav'", wav.display());
        let routine = setup.path("short.toml");
        let pane = Pane::start(&format!(
            "play --no-checkin --volume 100 --audio-device {device} {extra} {}",
            routine.display()
        ));
        pane.wait_for("Completed");
        pane.keys(&["Enter"]);
        pane.assert_exited_cleanly(0);
        let voice = pane.journal()[0]["voice"] == true;
        (read_wav(&wav).1, voice)
    };
    let (live, spoke) = heard("");
    let off = loudest_difference(&live[..live.len().min(spoken.len())], &spoken);
    assert!(
        off < 0.01,
        "what reached the device differs from the render by {off}"
    );
    let audible = spoken.iter().rposition(|s| s.abs() >= 1e-3).expect("sound");
    assert!(
        live.len() > audible,
        "the whole session, the last words and bells too: {} of {audible} samples",
        live.len()
    );
    assert!(spoke, "the journal says the voice spoke");

    let (quiet, spoke) = heard("--no-voice");
    let off = loudest_difference(&quiet[..quiet.len().min(chimes.len())], &chimes);
    assert!(off < 0.01, "without the voice, the chimes alone: {off}");
    assert!(!spoke, "the journal says it did not");
}

#[test]
fn without_espeak_ng_the_session_plays_with_chimes_and_says_so_once() {
    let setup = Setup::new();
    let wav = setup.path("chimes.wav");
    let device = format!("file:FILE={},FORMAT=wav", wav.display());
    let out = setup
        .stillpoint()
        .env("PATH", setup.path("no-programs-here"))
        .args(["play", "--plain", "--no-checkin", "--audio-device", &device])
        .arg(setup.path("short.toml"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "",
        "nothing behind the lines"
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert_eq!(said.matches("voice off").count(), 1, "{said}");
    assert!(
        said.starts_with("Sound is on; voice off (no espeak-ng)."),
        "{said}"
    );
    assert_eq!(setup.voices_recorded(), [false]);
}
