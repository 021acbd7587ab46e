//! The voice in `stillpoint render`, through the real binary and the real
//! eSpeak NG (which `.ci/run` installs): speech where the script places it,
//! clear of the next cue, the bed lower under it, the cache used the second
//! time, and an engine that fails, hangs or writes garbage leaving a file
//! with chimes only and an honest warning.

mod sound_support;

use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;
use sound_support::read_wav;
use stillpoint::routine::{Routine, RoutineSource, parse};
use stillpoint::timeline::Timeline;
use stillpoint::voice::Script;

const RATE: f64 = 48_000.0;

/// Knead each side, then a press: titles, a side, a switch, "next", the end.
const SPOKEN: &str = r#"
stillpoint = 1
title = "Spoken"
lead_in = "2s"
[sound]
ambient = "none"
[[step]]
title = "Neck kneading"
kind = "knead"
sides = "each"
duration = "12s"
instructions = "Knead."
[[step]]
title = "Temple press"
kind = "press"
duration = "25s"
instructions = "Press."
"#;

struct Setup {
    dir: tempfile::TempDir,
}

impl Setup {
    /// A data, config and cache folder of its own, with `config` as the
    /// config file.
    fn new(config: &str) -> Setup {
        let dir = tempfile::tempdir().expect("temp dir");
        let config_dir = dir.path().join("config").join("stillpoint");
        std::fs::create_dir_all(&config_dir).unwrap();
        std::fs::write(config_dir.join("config.toml"), config).unwrap();
        std::fs::create_dir(dir.path().join("cache")).unwrap();
        Setup { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Renders `routine` with `extra` flags; the file's samples and stderr.
    fn render(&self, routine: &str, extra: &[&str]) -> (Vec<f32>, String) {
        let file = self.path("routine.toml");
        std::fs::write(&file, routine).unwrap();
        let out = self.path("out.wav");
        let done = Command::cargo_bin("stillpoint")
            .unwrap()
            .env("STILLPOINT_DATA_DIR", self.path("data"))
            .env("XDG_CONFIG_HOME", self.path("config"))
            .env("XDG_CACHE_HOME", self.path("cache"))
            .env_remove("STILLPOINT_CONFIG")
            .args(["render", "--force", "-o"])
            .arg(&out)
            .arg(&file)
            .args(extra)
            .timeout(Duration::from_secs(120))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&done.stderr).into_owned();
        assert!(done.status.success(), "{stderr}");
        let (rate, samples) = read_wav(&out);
        assert_eq!(f64::from(rate), RATE);
        (samples, stderr)
    }
}

fn routine(text: &str) -> Routine {
    let source = RoutineSource {
        name: "routine.toml".into(),
        text: text.into(),
        folder: None,
    };
    parse(&source).routine.expect("a valid routine")
}

/// A `voice_command` that counts its runs in `count` and speaks with
/// espeak-ng as the default engine does.
fn counting_espeak(count: &Path) -> String {
    format!(
        "voice_command = \"echo run >> '{}'; espeak-ng --stdout -s 160 --stdin\"\n",
        count.display()
    )
}

fn runs(count: &Path) -> usize {
    std::fs::read_to_string(count).map_or(0, |t| t.lines().count())
}

fn sample(at: Duration) -> usize {
    (at.as_secs_f64() * RATE) as usize
}

#[test]
fn speech_starts_where_the_script_says_and_ends_before_the_next_cue() {
    let setup = Setup::new("");
    let (spoken, stderr) = setup.render(SPOKEN, &[]);
    assert!(!stderr.contains("voice off"), "{stderr}");
    let (quiet, _) = setup.render(SPOKEN, &["--no-voice"]);
    let routine = routine(SPOKEN);
    let script = Script::new(&routine, &Timeline::build(&routine));
    assert!(script.lines.len() >= 4, "{:?}", script.lines);
    let speech: Vec<f32> = spoken
        .iter()
        .zip(quiet.iter().chain(std::iter::repeat(&0.0)))
        .map(|(a, b)| a - b)
        .collect();
    for line in &script.lines {
        let from = sample(line.at.saturating_sub(Duration::from_millis(200)));
        let until = line
            .until
            .map_or(speech.len(), |u| sample(u + Duration::from_millis(5)));
        let window = &speech[from..until.min(speech.len())];
        let heard = |s: &&f32| s.abs() > 0.01;
        let first = window.iter().position(|s| heard(&s)).unwrap_or_else(|| {
            panic!("\"{}\" is not heard", line.text);
        });
        let onset = (from + first) as f64 / RATE;
        let planned = line.at.as_secs_f64();
        assert!(
            (onset - planned).abs() <= 0.05,
            "\"{}\" starts at {onset:.3} s, planned {planned:.3} s",
            line.text
        );
        if let Some(until) = line.until {
            let after = &speech[sample(until)..sample(until + script_gap())];
            assert!(
                after.iter().all(|s| s.abs() < 1e-4),
                "\"{}\" runs past {until:?}",
                line.text
            );
        }
    }
}

/// The quiet before the next cue that speech leaves.
fn script_gap() -> Duration {
    stillpoint::voice::script::GAP
}

#[test]
fn the_bed_ducks_under_speech_and_comes_back_after() {
    let silence = tempfile::NamedTempFile::new().unwrap();
    let wav = stillpoint::audio::wav::mono_file(22_050, &vec![0.0; 22_050]).unwrap();
    std::fs::write(silence.path(), wav).unwrap();
    // A voice that says nothing for a second: all that differs is the bed.
    let setup = Setup::new(&format!(
        "voice_command = \"cat >/dev/null; cat '{}'\"\n",
        silence.path().display()
    ));
    // No chimes either: what is heard is the bed alone.
    let with_bed = SPOKEN.replace(
        "ambient = \"none\"",
        "ambient = \"brown-noise\"\ncues = false",
    );
    let (ducked, _) = setup.render(&with_bed, &[]);
    let (plain, _) = setup.render(&with_bed, &["--no-voice"]);
    let routine = routine(&with_bed);
    let script = Script::new(&routine, &Timeline::build(&routine));
    let rms = |s: &[f32]| (s.iter().map(|x| x * x).sum::<f32>() / s.len() as f32).sqrt();
    let line = script
        .lines
        .iter()
        .find(|l| l.text == "Temple press.")
        .expect("the press is announced");
    let under =
        sample(line.at + Duration::from_millis(400))..sample(line.at + Duration::from_millis(900));
    let ratio = rms(&ducked[under.clone()]) / rms(&plain[under]);
    assert!(
        ratio < 0.5,
        "under speech the bed is at {ratio:.2} of its level"
    );
    let later = sample(line.at + Duration::from_secs(3))..sample(line.at + Duration::from_secs(4));
    let back = rms(&ducked[later.clone()]) / rms(&plain[later]);
    assert!(
        (back - 1.0).abs() < 0.01,
        "after it, the bed is back: {back:.3}"
    );
}

#[test]
fn a_second_render_speaks_from_the_cache_without_the_engine() {
    let setup = Setup::new("");
    let count = setup.path("runs");
    std::fs::write(
        setup.path("config/stillpoint/config.toml"),
        counting_espeak(&count),
    )
    .unwrap();
    let (first, _) = setup.render(SPOKEN, &[]);
    let made = runs(&count);
    let routine = routine(SPOKEN);
    let lines = Script::new(&routine, &Timeline::build(&routine))
        .lines
        .len();
    assert_eq!(made, lines, "one run of the engine for each line");
    let (second, _) = setup.render(SPOKEN, &[]);
    assert_eq!(runs(&count), made, "the engine did not run again");
    assert!(first == second, "and the file is the same");
}

#[test]
fn an_engine_that_fails_hangs_or_writes_garbage_leaves_chimes_and_a_warning() {
    let setup = Setup::new("voice = false\n");
    let (chimes_only, _) = setup.render(SPOKEN, &[]);
    let count = setup.path("runs");
    for (engine, why) in [
        (
            "exit 3",
            "the speech engine failed: it exited with status 3",
        ),
        ("echo not sound", "is not a 16-bit PCM WAV"),
        ("sleep 60", "took longer than 10s"),
    ] {
        std::fs::write(
            setup.path("config/stillpoint/config.toml"),
            format!(
                "voice_command = \"echo run >> '{}'; {engine}\"\n",
                count.display()
            ),
        )
        .unwrap();
        let before = runs(&count);
        let (samples, stderr) = setup.render(SPOKEN, &[]);
        assert_eq!(
            runs(&count),
            before + 1,
            "{engine}: tried once, never again"
        );
        let warnings: Vec<&str> = stderr.lines().filter(|l| l.contains("voice off")).collect();
        assert_eq!(warnings.len(), 1, "{engine}: {stderr}");
        assert!(warnings[0].contains(why), "{engine}: {stderr}");
        assert!(
            samples == chimes_only,
            "{engine}: the chimes as without a voice"
        );
    }
}

#[test]
fn check_notes_a_voice_this_machine_cannot_give_without_failing_the_file() {
    let setup = Setup::new("voice_command = \"echo 'no model' >&2; exit 4\"\n");
    let file = setup.path("routine.toml");
    std::fs::write(&file, SPOKEN).unwrap();
    let checked = |config: &str| {
        std::fs::write(setup.path("config/stillpoint/config.toml"), config).unwrap();
        Command::cargo_bin("stillpoint")
            .unwrap()
            .env("STILLPOINT_DATA_DIR", setup.path("data"))
            .env("XDG_CONFIG_HOME", setup.path("config"))
            .env("XDG_CACHE_HOME", setup.path("cache"))
            .env_remove("STILLPOINT_CONFIG")
            .args(["check", "--strict"])
            .arg(&file)
            .timeout(Duration::from_secs(60))
            .output()
            .unwrap()
    };
    let failing = checked("voice_command = \"echo 'no model' >&2; exit 4\"\n");
    assert!(
        failing.status.success(),
        "a machine's voice does not fail a file"
    );
    let said = String::from_utf8_lossy(&failing.stderr);
    assert!(
        said.contains("note: voice off on this machine: the speech engine failed: it exited with status 4: no model"),
        "{said}"
    );
    std::fs::write(
        &file,
        SPOKEN.replace(
            "title = \"Spoken\"",
            "title = \"Spoken\"\nlanguage = \"xx\"",
        ),
    )
    .unwrap();
    let unknown = checked("");
    let said = String::from_utf8_lossy(&unknown.stderr);
    assert!(unknown.status.success(), "{said}");
    assert!(
        said.contains("note: espeak-ng has no voice for \"xx\"; English speaks instead"),
        "{said}"
    );
}
