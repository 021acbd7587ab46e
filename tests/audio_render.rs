//! The session's audio, listened to through `render`: cues sound at their
//! timeline offsets, the breathing guide swells and ebbs with the breath,
//! nothing clips, silence is silence, a bad sound file falls back to the
//! chime, and a long session renders far faster than real time.

use std::path::Path;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use stillpoint::audio::level::{AMBIENT_CEILING, CUE_CEILING, GUIDE_PEAK};
use stillpoint::audio::{Score, render_session};
use stillpoint::routine::{Routine, RoutineSource, Sound, parse};
use stillpoint::timeline::{BreathPhase, CueKind, Timeline};

mod sound_support;
use sound_support::{assert_cues_on_time, onsets, peak, read_wav, seconds};

/// Parses a routine written in a test, with sound files resolved in `folder`.
fn routine_in(text: &str, folder: Option<&Path>) -> Routine {
    let source = RoutineSource {
        name: "test.toml".into(),
        text: text.into(),
        folder: folder.map(Path::to_path_buf),
    };
    let parsed = parse(&source);
    assert!(!parsed.has_errors(), "{:#?}", parsed.diagnostics);
    parsed.routine.expect("a routine")
}

fn routine(text: &str) -> Routine {
    routine_in(text, None)
}

fn render(routine: &Routine, rate: u32) -> Vec<f32> {
    let timeline = Timeline::build(routine);
    render_session(routine, &timeline, rate).collect()
}

fn rms(samples: &[f32]) -> f32 {
    (samples.iter().map(|x| x * x).sum::<f32>() / samples.len().max(1) as f32).sqrt()
}

/// Every cue kind that makes a sound, spaced so that each can be heard.
const CUES_ONLY: &str = r#"
stillpoint = 1
title = "Cue timing"
lead_in = "3s"

[sound]
ambient = "none"
countdown = 2

[[step]]
title = "Knead"
kind = "knead"
sides = "alternate"
duration = "12s"
instructions = "Knead."

[[step]]
title = "Circles"
kind = "circles"
direction = "reverse-halfway"
duration = "11s"
instructions = "Circle."

[[step]]
title = "Stretch"
kind = "stretch"
duration = "7s"
repeat = 2
between = "5s"
sound = "bell"
instructions = "Stretch."
"#;

fn stillpoint() -> Command {
    let mut cmd = Command::cargo_bin("stillpoint").expect("the binary");
    let data = std::env::temp_dir().join("stillpoint-audio-render-tests");
    cmd.env("STILLPOINT_DATA_DIR", &data)
        .env("XDG_CACHE_HOME", data.join("cache"))
        .env("NO_COLOR", "1");
    cmd
}

#[test]
fn every_cue_sounds_within_5_ms_of_its_offset_in_the_rendered_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("cues.toml");
    std::fs::write(&file, CUES_ONLY).expect("write routine");
    let out = dir.path().join("cues.wav");
    stillpoint()
        .arg("render")
        .arg(&file)
        .arg("-o")
        .arg(&out)
        .arg("--no-voice")
        .assert()
        .success();
    let (rate, samples) = read_wav(&out);
    assert_eq!(rate, 48_000);
    // The step's own `sound = "bell"` starts the stretch steps.
    let mut routine = routine(CUES_ONLY);
    routine.steps[2].sound = None;
    let timeline = Timeline::build(&routine);
    assert!(samples.len() as f64 / 48_000.0 > timeline.total.as_secs_f64());
    assert_cues_on_time(&routine, &samples, rate);
}

#[test]
fn cues_keep_time_at_44_1_khz_too() {
    let routine = routine(CUES_ONLY);
    let samples = render(&routine, 44_100);
    assert_cues_on_time(&routine, &samples, 44_100);
}

#[test]
fn tempo_ticks_sound_on_the_beat() {
    let routine = routine(
        r#"
stillpoint = 1
title = "Ticks"
lead_in = "1s"
[sound]
countdown = 0
chime = "wood"
tempo_ticks = true
[[step]]
title = "Knead"
kind = "knead"
tempo = 30
duration = "9s"
instructions = "Knead."
"#,
    );
    let samples = render(&routine, 48_000);
    let heard = onsets(&samples, 48_000);
    let before_end: Vec<f64> = heard.into_iter().filter(|&t| t < 10.0).collect();
    let expected = [1.0, 3.0, 5.0, 7.0, 9.0];
    assert_eq!(before_end.len(), expected.len(), "{before_end:?}");
    for (h, e) in before_end.iter().zip(expected) {
        assert!((h - e).abs() <= 0.005, "heard {h}, expected {e}");
    }
}

#[test]
fn cues_alone_peak_at_or_under_minus_6_dbfs() {
    // Short steps, so sounds pile up: chimes over pips over switches.
    let routine = routine(
        r#"
stillpoint = 1
title = "Crowded"
lead_in = "2s"
[sound]
countdown = 3
tempo_ticks = true
[[step]]
title = "Knead"
kind = "knead"
sides = "each"
tempo = 120
duration = "3s"
repeat = 3
between = "1s"
instructions = "Knead."
[[step]]
title = "Circles"
kind = "circles"
direction = "reverse-halfway"
tempo = 120
duration = "2s"
repeat = 4
instructions = "Circle."
"#,
    );
    let samples = render(&routine, 48_000);
    let loudest = peak(&samples);
    assert!(loudest <= CUE_CEILING, "peak {loudest}");
    assert!(loudest > 0.3, "the cues are there: {loudest}");
}

#[test]
fn nothing_clips_with_everything_at_once() {
    let routine = routine(
        r#"
stillpoint = 1
title = "Everything"
lead_in = "2s"
[sound]
ambient = "brown-noise"
ambient_volume = 1.0
countdown = 3
tempo_ticks = true
[[step]]
title = "Breathe"
kind = "breathe"
pattern = { inhale = 2, hold = 1, exhale = 2 }
cycles = 3
instructions = "Breathe."
[[step]]
title = "Press"
kind = "press"
sides = "alternate"
tempo = 90
duration = "5s"
repeat = 2
between = "1s"
instructions = "Press."
"#,
    );
    let samples = render(&routine, 48_000);
    assert!(samples.iter().all(|x| x.is_finite() && x.abs() <= 1.0));
    assert!(peak(&samples) < 0.98);
    for bundled in ["desk-reset", "box-breathing"] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("routines")
            .join(format!("{bundled}.toml"));
        let text = std::fs::read_to_string(&path).expect("a bundled routine");
        let samples = render(&routine_in(&text, path.parent()), 16_000);
        assert!(peak(&samples) < 1.0, "{bundled}");
    }
}

#[test]
fn the_breathing_guide_rises_on_the_inhale_and_falls_on_the_exhale() {
    let routine = routine(
        r#"
stillpoint = 1
title = "Box"
lead_in = "2s"
[sound]
cues = false
[[step]]
title = "Box breathing"
kind = "breathe"
pattern = { inhale = 4, hold = 2, exhale = 4, rest = 2 }
cycles = 2
instructions = "Breathe."
"#,
    );
    let rate = 48_000;
    let samples = render(&routine, rate);
    let timeline = Timeline::build(&routine);
    let tenth = (rate / 10) as usize;
    let mut phases_seen = 0;
    for cue in &timeline.cues {
        let CueKind::Breath { phase, length } = cue.kind else {
            continue;
        };
        phases_seen += 1;
        let start = (cue.at.as_secs_f64() * f64::from(rate)).round() as usize;
        let end = start + (length.as_secs_f64() * f64::from(rate)).round() as usize;
        let levels: Vec<f32> = samples[start..end].chunks(tenth).map(rms).collect();
        let pairs = levels.windows(2);
        match phase {
            BreathPhase::Inhale => {
                for w in pairs {
                    assert!(w[1] > w[0], "inhale at {:?}: {levels:?}", cue.at);
                }
            }
            BreathPhase::Exhale => {
                for w in pairs {
                    assert!(w[1] < w[0], "exhale at {:?}: {levels:?}", cue.at);
                }
            }
            BreathPhase::Hold => {
                let (lo, hi) = levels
                    .iter()
                    .fold((f32::MAX, 0.0f32), |(lo, hi), &l| (lo.min(l), hi.max(l)));
                assert!(hi / lo < 1.05, "hold at {:?}: {levels:?}", cue.at);
                assert!(hi > GUIDE_PEAK / 2.0);
            }
            BreathPhase::Rest => {
                assert!(levels.iter().all(|&l| l == 0.0), "rest is silent");
            }
        }
    }
    assert_eq!(phases_seen, 8);
    assert!(samples[..2 * rate as usize].iter().all(|&x| x == 0.0));
}

/// The pitch of a stretch of the guide, from its zero crossings (the
/// guide's harmonics add none of their own).
fn pitch(samples: &[f32], rate: u32) -> f64 {
    let crossings = samples
        .windows(2)
        .filter(|w| (w[0] < 0.0) != (w[1] < 0.0))
        .count();
    crossings as f64 / 2.0 / seconds(samples.len(), rate)
}

#[test]
fn the_inhale_rises_in_pitch_and_the_exhale_falls_lower() {
    let routine = routine(
        r#"
stillpoint = 1
title = "Slow"
lead_in = "2s"
[sound]
cues = false
[[step]]
title = "Slow breaths"
kind = "breathe"
pattern = { inhale = 4, exhale = 6 }
cycles = 1
instructions = "Breathe."
"#,
    );
    let rate = 48_000;
    let samples = render(&routine, rate);
    let at = |s: f64| (s * f64::from(rate)) as usize;
    let span = |from: f64, to: f64| pitch(&samples[at(from)..at(to)], rate);
    let (inhale_early, inhale_late) = (span(2.5, 3.0), span(5.3, 5.8));
    let (exhale_early, exhale_late) = (span(6.3, 6.8), span(10.5, 11.5));
    assert!(
        inhale_late > inhale_early + 30.0,
        "{inhale_early} -> {inhale_late}"
    );
    assert!(
        exhale_late < exhale_early - 50.0,
        "{exhale_early} -> {exhale_late}"
    );
    assert!(
        exhale_late < inhale_early,
        "the exhale ends lower than the inhale starts"
    );
}

#[test]
fn a_silent_routine_renders_pure_silence() {
    let routine = routine(
        r#"
stillpoint = 1
title = "Silent"
lead_in = "2s"
[sound]
cues = false
ambient = "none"
tempo_ticks = true
[[step]]
title = "Knead"
kind = "knead"
tempo = 60
duration = "5s"
instructions = "Knead."
[[step]]
title = "Rest"
kind = "rest"
duration = "3s"
instructions = "Rest."
"#,
    );
    let samples = render(&routine, 48_000);
    assert_eq!(samples.len(), 10 * 48_000, "exactly the session");
    assert!(samples.iter().all(|&x| x == 0.0));
}

#[test]
fn with_cues_off_the_ambient_bed_still_plays_and_fades() {
    let routine = routine(
        r#"
stillpoint = 1
title = "Bed only"
lead_in = "2s"
[sound]
cues = false
ambient = "pink-noise"
ambient_volume = 0.5
[[step]]
title = "Rest"
kind = "rest"
duration = "10s"
instructions = "Rest."
"#,
    );
    let rate = 16_000;
    let samples = render(&routine, rate);
    let second = |s: usize| &samples[s * rate as usize..(s + 1) * rate as usize];
    assert!(rms(second(0)) < rms(second(5)) / 2.0, "fades in");
    assert!(rms(second(5)) > 0.02);
    assert!(peak(&samples) <= AMBIENT_CEILING);
    assert!(samples[samples.len() - 1].abs() < 1e-3, "fades out");
    assert!(
        samples.len() > 12 * rate as usize,
        "the fade-out follows the session"
    );
}

#[test]
fn rendering_is_the_same_every_time() {
    let routine = routine(
        r#"
stillpoint = 1
title = "Again"
[sound]
ambient = "brown-noise"
[[step]]
title = "Breathe"
kind = "breathe"
pattern = { inhale = 2, exhale = 3 }
cycles = 2
instructions = "Breathe."
"#,
    );
    assert_eq!(render(&routine, 22_050), render(&routine, 22_050));
}

const OWN_SOUND: &str = r#"
stillpoint = 1
title = "Own sound"
lead_in = "1s"
[sound]
countdown = 0
[[step]]
title = "Rest"
kind = "rest"
duration = "8s"
sound = "sounds/gong.wav"
instructions = "Rest."
"#;

#[test]
fn a_sound_file_broken_since_checking_falls_back_to_the_chime() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join("sounds")).expect("sounds folder");
    let gong = dir.path().join("sounds/gong.wav");
    let rate = 48_000;
    let tone: Vec<f32> = (0..rate).map(|i| 0.3 * (i as f32 * 0.02).sin()).collect();
    std::fs::write(
        &gong,
        stillpoint::audio::wav::mono_file(rate, &tone).expect("fits"),
    )
    .expect("write gong");
    let own = routine_in(OWN_SOUND, Some(dir.path()));
    match &own.steps[0].sound {
        Some(Sound::File(sound)) => assert_eq!(sound.path(), gong),
        other => panic!("expected the gong, got {other:?}"),
    }

    let mut chime = own.clone();
    chime.steps[0].sound = None;
    let with_chime = render(&chime, rate);
    let with_gong = render(&own, rate);
    assert_ne!(with_gong, with_chime, "the step's own sound plays");

    // Gone from its path, or the path now naming something else: the file
    // checked is the one that plays, through the descriptor opened then.
    std::fs::remove_file(&gong).expect("remove it");
    std::os::unix::fs::symlink("/dev/zero", &gong).expect("link");
    assert_eq!(render(&own, rate), with_gong);

    // Broken in place: the start of a WAV file, then nonsense.
    let path = dir.path().join("sounds/broken.wav");
    std::fs::write(
        &path,
        stillpoint::audio::wav::mono_file(rate, &tone).expect("fits"),
    )
    .expect("write");
    let broken = routine_in(
        OWN_SOUND.replace("gong", "broken").as_str(),
        Some(dir.path()),
    );
    std::fs::write(&path, b"RIFF\x24\0\0\0WAVEfmt nonsense, not sound").expect("break it");
    let timeline = Timeline::build(&broken);
    let score = Score::new(&broken, &timeline, rate);
    assert_eq!(score.fallbacks().len(), 1);
    assert!(score.fallbacks()[0].to_string().contains("broken.wav"));
    assert_eq!(score.collect::<Vec<_>>(), with_chime);
}

#[test]
fn a_broken_ambient_recording_plays_without_a_bed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let rain = dir.path().join("rain.wav");
    let tone = vec![0.1f32; 8_000];
    std::fs::write(
        &rain,
        stillpoint::audio::wav::mono_file(8_000, &tone).expect("fits"),
    )
    .expect("write");
    let routine = routine_in(
        r#"
stillpoint = 1
title = "No rain"
[sound]
cues = false
ambient = "rain.wav"
[[step]]
title = "Rest"
kind = "rest"
duration = "3s"
instructions = "Rest."
"#,
        Some(dir.path()),
    );
    std::fs::write(&rain, b"RIFF\x24\0\0\0WAVEbroken since it was checked").expect("break");
    let timeline = Timeline::build(&routine);
    let mut score = Score::new(&routine, &timeline, 8_000);
    assert_eq!(score.fallbacks().len(), 1);
    assert!(score.all(|x| x == 0.0));
}

#[test]
fn a_20_minute_session_renders_faster_than_real_time() {
    let routine = routine(
        r#"
stillpoint = 1
title = "Twenty minutes"
lead_in = "10s"
[sound]
ambient = "brown-noise"
ambient_volume = 0.3
tempo_ticks = true
[[step]]
title = "Knead"
kind = "knead"
sides = "alternate"
tempo = 30
duration = "2m"
repeat = 2
between = "15s"
instructions = "Knead."
[[step]]
title = "Breathe"
kind = "breathe"
pattern = { inhale = 4, hold = 4, exhale = 4, rest = 4 }
cycles = 30
instructions = "Breathe."
[[step]]
title = "Circles"
kind = "circles"
direction = "reverse-halfway"
tempo = 20
duration = "5m"
instructions = "Circle."
[[step]]
title = "Rest"
kind = "rest"
duration = "2m35s"
instructions = "Rest."
"#,
    );
    let timeline = Timeline::build(&routine);
    assert_eq!(timeline.total, Duration::from_secs(20 * 60));
    let started = Instant::now();
    let mut score = render_session(&routine, &timeline, 48_000);
    let mut block = vec![0.0f32; 1 << 16];
    let mut loudest = 0.0f32;
    while let n @ 1.. = score.fill(&mut block) {
        loudest = loudest.max(peak(&block[..n]));
    }
    let took = started.elapsed();
    let ratio = score.duration().as_secs_f64() / took.as_secs_f64();
    eprintln!(
        "rendered {:.0} s of sound at 48 kHz in {:.3} s: {ratio:.0}× real time",
        score.duration().as_secs_f64(),
        took.as_secs_f64()
    );
    assert!(ratio > 1.0, "{ratio}");
    assert!(loudest < 1.0);
}

#[test]
fn render_refuses_to_overwrite_without_force() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("short.toml");
    std::fs::write(
        &file,
        OWN_SOUND.replace("sound = \"sounds/gong.wav\"\n", ""),
    )
    .expect("write routine");
    let out = dir.path().join("out.wav");
    std::fs::write(&out, "keep me").expect("an existing file");
    let refused = stillpoint()
        .args(["render", "-o"])
        .arg(&out)
        .arg(&file)
        .output()
        .expect("runs");
    assert_eq!(refused.status.code(), Some(1));
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(
        said.contains("already exists") && said.contains("--force"),
        "{said}"
    );
    assert_eq!(std::fs::read(&out).expect("still there"), b"keep me");
    let forced = stillpoint()
        .args(["render", "--force", "--sample-rate", "22050", "-o"])
        .arg(&out)
        .arg(&file)
        .output()
        .expect("runs");
    assert!(forced.status.success());
    assert!(String::from_utf8_lossy(&forced.stderr).contains("22050 Hz"));
    let (rate, samples) = read_wav(&out);
    assert_eq!(rate, 22_050);
    assert!(samples.len() > 9 * 22_050);
    stillpoint()
        .args(["render", "--sample-rate", "100", "-o"])
        .arg(dir.path().join("other.wav"))
        .arg(&file)
        .assert()
        .code(2);
}

#[test]
fn a_wait_renders_as_its_at_most_or_ten_seconds() {
    let routine = routine(
        r#"
stillpoint = 1
title = "Waits"
lead_in = "2s"
[sound]
countdown = 0

[[step]]
title = "Compress on"
kind = "wait"
instructions = "Press space when it is on."

[[step]]
title = "Rest"
kind = "rest"
duration = "3s"
instructions = "Rest."

[[step]]
title = "Towel"
kind = "wait"
at_most = "4s"
instructions = "Fetch a towel."

[[step]]
title = "Rest again"
kind = "rest"
duration = "2s"
instructions = "Rest."
"#,
    );
    let timeline = Timeline::build(&routine);
    let starts: Vec<f64> = timeline
        .segments
        .iter()
        .map(|s| s.start.as_secs_f64())
        .collect();
    assert_eq!(starts, vec![0.0, 2.0, 12.0, 15.0, 19.0]);
    let samples = render(&routine, 48_000);
    assert!(seconds(samples.len(), 48_000) >= 21.0);
    let heard = onsets(&samples, 48_000);
    for start in &starts[1..] {
        assert!(
            heard.iter().any(|at| (at - start).abs() < 0.005),
            "a step start at {start} s: heard {heard:?}"
        );
    }
}
