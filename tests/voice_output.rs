//! The voice as a person hears it: the real binary plays a session through
//! ALSA's file device with eSpeak NG speaking, and what reached the device
//! is the rendered session, speech and all; the journal says the voice
//! spoke, and with `--no-voice` that it did not.

mod sound_support;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use sound_support::read_wav;

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

    /// Plays the routine in plain mode into the file device at `wav`.
    fn play(&self, wav: &Path, extra: &[&str]) {
        let device = format!("file:FILE={},FORMAT=wav", wav.display());
        let out = self
            .stillpoint()
            .args(["play", "--plain", "--no-checkin", "--volume", "100"])
            .args(["--audio-device", &device])
            .args(extra)
            .arg(self.path("short.toml"))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
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

/// Waits until the file device has let go of `wav` (the play has ended).
fn wait_closed(wav: &Path) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !wav.exists() {
        assert!(
            Instant::now() < deadline,
            "no sound reached {}",
            wav.display()
        );
        std::thread::sleep(Duration::from_millis(50));
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
    if std::process::Command::new("espeak-ng")
        .arg("--version")
        .output()
        .is_err()
    {
        panic!("espeak-ng is needed for the voice tests: apt-get install espeak-ng");
    }
    let setup = Setup::new();
    // The render fills the cache, so every line is ready in time live.
    let spoken = setup.render(&setup.path("render.wav"), &[]);
    let chimes = setup.render(&setup.path("chimes.wav"), &["--no-voice"]);
    assert!(
        loudest_difference(&spoken, &chimes) > 0.1,
        "the render speaks"
    );

    let live = setup.path("live.wav");
    setup.play(&live, &[]);
    wait_closed(&live);
    let (_, heard) = read_wav(&live);
    let off = loudest_difference(&heard[..heard.len().min(spoken.len())], &spoken);
    assert!(
        off < 0.01,
        "what reached the device differs from the render by {off}"
    );
    assert!(
        heard.len() + 4_800 >= spoken.len(),
        "the whole session, speech and all"
    );

    let quiet = setup.path("quiet.wav");
    setup.play(&quiet, &["--no-voice"]);
    wait_closed(&quiet);
    let (_, heard) = read_wav(&quiet);
    let off = loudest_difference(&heard[..heard.len().min(chimes.len())], &chimes);
    assert!(off < 0.01, "without the voice, the chimes alone: {off}");

    assert_eq!(setup.voices_recorded(), [true, false]);
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
