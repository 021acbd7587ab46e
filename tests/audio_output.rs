//! The audio output as a person meets it: silent and quiet when there is no
//! `libasound`, no device, a device that fails or one that never opens;
//! through ALSA's `file` plugin (which writes what a sound card would have
//! played) every cue on time, a pause silent at once, the device closed
//! through long silences and opened again for the next cue on its sample,
//! and no more work than a sound card would take; and never linked against
//! `libasound` at build time.
//!
//! Checks that watch stderr run in a child process: the test binary runs
//! itself with `--ignored --exact CHILD_TEST` and an environment variable
//! for the case, and the parent asserts that the child passed and wrote
//! nothing to stderr (ALSA writes straight to file descriptor 2, which the
//! test harness cannot capture).

use std::path::Path;
use std::process::Command as Process;
use std::sync::Arc;
use std::time::{Duration, Instant};

use stillpoint::audio::alsa::{AlsaError, LIBRARY_ENV};
use stillpoint::audio::output::{Clock, Command, DEFAULT_DEVICE, Output, OutputState};
use stillpoint::audio::{Bed, Score, Sheet};
use stillpoint::routine::{Routine, RoutineSource, parse};
use stillpoint::timeline::Timeline;

mod sound_support;
use sound_support::{assert_cues_on_time, onsets, peak};

const RATE: u32 = 48_000;
const CHANNELS: u16 = 1;
const STARTUP: Duration = Duration::from_secs(10);
/// The longest any wait here may take, on a loaded machine.
const LIMIT: Duration = Duration::from_secs(90);

/// A device name no ALSA configuration defines.
const NO_SUCH_DEVICE: &str = "stillpoint-no-such-device";

/// A routine written in a test, checked.
fn routine(text: &str) -> Routine {
    let source = RoutineSource {
        name: "test.toml".into(),
        text: text.into(),
        folder: None,
    };
    let parsed = parse(&source);
    parsed.routine.expect("a valid routine")
}

/// The session's sound at the output's rate.
fn sheet(routine: &Routine) -> Arc<Sheet> {
    Arc::new(Sheet::new(routine, &Timeline::build(routine), RATE))
}

/// Starts the session of `sheet` on `output` now; returns when it started.
fn play(output: &Output, sheet: Arc<Sheet>) -> Instant {
    let start = Instant::now();
    output.send(Command::Session(sheet));
    output.send(Command::Clock(Clock {
        position: Duration::ZERO,
        at: start,
        running: true,
    }));
    start
}

/// An output for `device` asked to open at once.
fn opened(device: &str, rate: u32, channels: u16) -> Output {
    let output = Output::new(device, rate, channels);
    output.open();
    output
}

/// Polls `done` every 20 ms until it holds or [`LIMIT`] has passed.
fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let until = Instant::now() + LIMIT;
    while !done() {
        assert!(Instant::now() < until, "gave up waiting: {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Whether this process has `path` open.
fn is_open(path: &Path) -> bool {
    std::fs::read_dir("/proc/self/fd")
        .expect("our descriptors")
        .flatten()
        .any(|fd| std::fs::read_link(fd.path()).is_ok_and(|target| target == path))
}

/// The `file` device writing a WAV file at `path`.
fn file_device(path: &Path) -> String {
    format!("file:FILE={},FORMAT=wav", path.display())
}

/// Sends every kind of command, twice over, including after shutdown.
fn send_everything(output: &Output) {
    let sheet = sheet(&routine(CUES));
    for _ in 0..2 {
        play(output, sheet.clone());
        output.send(Command::Bed(false));
        output.send(Command::SetVolume(0.3));
        output.send(Command::SetVolume(f32::NAN));
        output.send(Command::Mute(true));
        output.send(Command::Mute(false));
        output.send(Command::Clock(Clock {
            position: Duration::from_secs(3),
            at: Instant::now(),
            running: false,
        }));
        output.send(Command::Shutdown);
    }
    play(output, sheet);
}

/// Every kind of cue, a few seconds apart (so the device stays open), and
/// no bed: 17 s, then the closing bells.
const CUES: &str = r#"
stillpoint = 1
title = "Cue timing"
lead_in = "1s"
[sound]
ambient = "none"
countdown = 2
[[step]]
title = "Knead"
kind = "knead"
sides = "alternate"
duration = "8s"
instructions = "Knead."
[[step]]
title = "Circles"
kind = "circles"
direction = "reverse-halfway"
duration = "8s"
instructions = "Circle."
"#;

/// The brown-noise bed under a rest, then a second step.
const BED: &str = r#"
stillpoint = 1
title = "Bed"
lead_in = 0
[sound]
ambient = "brown-noise"
countdown = 0
[[step]]
title = "Rest"
kind = "rest"
duration = "10s"
instructions = "Rest."
[[step]]
title = "Rest again"
kind = "rest"
duration = "10s"
instructions = "Rest."
"#;

/// A chime, 36 s of silence, a chime.
const LONG_SILENCE: &str = r#"
stillpoint = 1
title = "Long silence"
lead_in = 0
[sound]
ambient = "none"
countdown = 0
[[step]]
title = "Rest"
kind = "rest"
duration = "36s"
instructions = "Rest."
[[step]]
title = "Rest again"
kind = "rest"
duration = "2s"
instructions = "Rest."
"#;

/// The mono samples of a WAV file the `file` device wrote.
fn read_file_device(path: &Path) -> Vec<f32> {
    let bytes = std::fs::read(path).expect("the file device wrote its file");
    let (format, data) = wav_chunks(&bytes);
    assert_eq!(u16::from_le_bytes([format[0], format[1]]), 1, "PCM");
    assert_eq!(u16::from_le_bytes([format[2], format[3]]), CHANNELS);
    assert_eq!(
        u32::from_le_bytes([format[4], format[5], format[6], format[7]]),
        RATE
    );
    assert_eq!(u16::from_le_bytes([format[14], format[15]]), 16, "bits");
    data.chunks_exact(2)
        .map(|b| f32::from(i16::from_le_bytes([b[0], b[1]])) / 32767.0)
        .collect()
}

/// Plays `text` through the file device at `wav` to its end, and waits
/// until the device has been closed.
fn play_to_file(text: &str, wav: &Path) -> Arc<Sheet> {
    let output = opened(&file_device(wav), RATE, CHANNELS);
    assert_eq!(output.wait_started(STARTUP), OutputState::Playing);
    let sheet = sheet(&routine(text));
    let start = play(&output, sheet.clone());
    let length = Duration::from_secs_f64(sheet.len() as f64 / f64::from(RATE));
    wait_for("the session to end", || start.elapsed() > length);
    wait_for("the device to close", || !is_open(wav));
    assert!(output.heard());
    sheet
}

#[test]
fn without_libasound_the_output_is_off_and_quiet() {
    run_child(
        "child_without_libasound",
        &[(LIBRARY_ENV, "libdoesnotexist.so")],
    );
}

#[test]
#[ignore = "run by without_libasound_the_output_is_off_and_quiet"]
fn child_without_libasound() {
    if !in_child() {
        return;
    }
    let output = opened(DEFAULT_DEVICE, RATE, CHANNELS);
    let state = output.wait_started(STARTUP);
    assert!(
        matches!(state, OutputState::Off(AlsaError::NoLibrary(ref detail)) if detail.contains("libdoesnotexist.so")),
        "{state:?}"
    );
    if let OutputState::Off(reason) = &state {
        assert_eq!(reason.to_string(), "no libasound");
    }
    send_everything(&output);
    assert_eq!(output.state(), state);
    assert!(!output.heard());
}

#[test]
fn a_missing_device_is_off_and_alsa_says_nothing() {
    run_child("child_missing_device", &[]);
}

#[test]
#[ignore = "run by a_missing_device_is_off_and_alsa_says_nothing"]
fn child_missing_device() {
    if !in_child() {
        return;
    }
    let output = opened(NO_SUCH_DEVICE, RATE, CHANNELS);
    let state = output.wait_started(STARTUP);
    match &state {
        // A machine without libasound cannot show ALSA's messages either.
        OutputState::Off(AlsaError::NoLibrary(_)) => {}
        OutputState::Off(reason @ AlsaError::NoDevice(detail)) => {
            assert_eq!(reason.to_string(), "no sound device");
            assert!(detail.contains(NO_SUCH_DEVICE), "{detail}");
        }
        other => panic!("expected no sound device, got {other:?}"),
    }
    send_everything(&output);
    assert_eq!(output.state(), state);
    assert!(!output.heard());
}

#[test]
fn a_device_that_rejects_the_sound_goes_off_quietly_and_nothing_was_heard() {
    run_child("child_rejecting_device", &[]);
}

#[test]
#[ignore = "run by a_device_that_rejects_the_sound_goes_off_quietly_and_nothing_was_heard"]
fn child_rejecting_device() {
    if !in_child() || !libasound_loads() {
        return;
    }
    // The file plugin opens /dev/full happily and says every write went
    // well; only ALSA's error handler hears that the disk is full.
    for device in [
        "file:FILE=/dev/full,FORMAT=raw",
        "file:FILE=/dev/full,FORMAT=wav",
    ] {
        let output = opened(device, RATE, CHANNELS);
        assert_eq!(output.wait_started(STARTUP), OutputState::Playing);
        play(&output, sheet(&routine(BED)));
        wait_for("the device to be lost", || {
            output.state() != OutputState::Playing
        });
        let state = output.state();
        assert!(
            matches!(state, OutputState::Off(AlsaError::Lost(_))),
            "{state:?}"
        );
        if let OutputState::Off(reason) = &state {
            assert_eq!(reason.to_string(), "device lost");
        }
        assert!(!output.heard(), "{device}: nothing reached it");
        send_everything(&output);
    }
}

#[test]
fn a_device_that_never_opens_is_off_after_two_seconds() {
    if !libasound_loads() {
        return;
    }
    let folder = tempfile::tempdir().expect("a temporary folder");
    let fifo = folder.path().join("hung");
    let name = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).expect("a path");
    // SAFETY: `name` is a NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
    // The file plugin opens a named pipe and waits for a reader forever,
    // as a hung sound server would.
    let started = Instant::now();
    let output = opened(&format!("file:FILE={}", fifo.display()), RATE, CHANNELS);
    let state = output.wait_started(STARTUP);
    let waited = started.elapsed();
    assert!(
        matches!(state, OutputState::Off(AlsaError::NoAnswer(_))),
        "{state:?}"
    );
    assert!(
        waited >= Duration::from_secs(2) && waited < STARTUP,
        "{waited:?}"
    );
    play(&output, sheet(&routine(CUES)));
    assert!(!output.heard());
    // Let the stuck thread go before the output is dropped.
    use std::os::unix::fs::OpenOptionsExt;
    let _reader = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(&fifo)
        .expect("the pipe opens");
    drop(output);
}

#[test]
fn every_cue_reaches_the_file_device_within_5_ms_and_the_file_is_the_session() {
    if !libasound_loads() {
        return;
    }
    let folder = tempfile::tempdir().expect("a temporary folder");
    let wav = folder.path().join("cues.wav");
    let sheet = play_to_file(CUES, &wav);
    let samples = read_file_device(&wav);
    assert_eq!(
        samples.len() as u64,
        sheet.len(),
        "the whole session, no more"
    );
    assert_cues_on_time(&routine(CUES), &samples, RATE);
    // Written ahead and paced by the clock, it is the render to the sample.
    assert_heard_as(&rendered(sheet), &samples);
}

/// What `render` makes of `sheet`, from its start.
fn rendered(sheet: Arc<Sheet>) -> Vec<f32> {
    Score::reading(sheet, 0, Bed::FadingIn).collect()
}

/// `samples` are `expected`, to the last bit of the 16-bit file.
fn assert_heard_as(expected: &[f32], samples: &[f32]) {
    let worst = expected
        .iter()
        .zip(samples)
        .map(|(a, b)| (a - b).abs())
        .fold(0.0, f32::max);
    assert!(worst <= 1.0 / 32767.0, "{worst}");
}

#[test]
fn an_unopened_output_leaves_the_device_alone_until_asked_and_keeps_what_it_was_sent() {
    if !libasound_loads() {
        return;
    }
    let folder = tempfile::tempdir().expect("a temporary folder");
    let wav = folder.path().join("later.wav");
    let output = Output::new(&file_device(&wav), RATE, CHANNELS);
    let sheet = sheet(&routine(BELLS));
    output.send(Command::Session(sheet.clone()));
    assert_eq!(output.wait_started(STARTUP), OutputState::Starting);
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(output.state(), OutputState::Starting, "not opened");
    assert!(!wav.exists(), "the device was opened before it was asked");

    output.open();
    assert_eq!(output.wait_started(STARTUP), OutputState::Playing);
    output.open();
    let start = Instant::now();
    output.send(Command::Clock(Clock {
        position: Duration::ZERO,
        at: start,
        running: true,
    }));
    let length = Duration::from_secs_f64(sheet.len() as f64 / f64::from(RATE));
    wait_for("the session to end", || start.elapsed() > length);
    wait_for("the device to close", || !is_open(&wav));
    assert!(output.heard());
    assert_eq!(
        output.state(),
        OutputState::Playing,
        "asked twice, opened once"
    );
    // What was sent before the device opened is played whole, as rendered.
    let samples = read_file_device(&wav);
    assert_eq!(samples.len() as u64, sheet.len());
    assert_heard_as(&rendered(sheet), &samples);
}

#[test]
fn an_output_dropped_before_it_opened_ends_at_once() {
    let output = Output::new(NO_SUCH_DEVICE, RATE, CHANNELS);
    send_everything(&output);
    let dropping = Instant::now();
    drop(output);
    assert!(
        dropping.elapsed() < Duration::from_millis(900),
        "waited for a thread that had ended"
    );
}

#[test]
fn a_pause_drops_what_was_queued_and_a_skip_is_heard_at_once() {
    if !libasound_loads() {
        return;
    }
    let folder = tempfile::tempdir().expect("a temporary folder");
    // A pause two seconds in: the file ends there, faded, although a whole
    // second more had been read ahead.
    let wav = folder.path().join("pause.wav");
    let output = opened(&file_device(&wav), RATE, CHANNELS);
    assert_eq!(output.wait_started(STARTUP), OutputState::Playing);
    let start = play(&output, sheet(&routine(BED)));
    wait_for("two seconds to pass", || {
        start.elapsed() >= Duration::from_secs(2)
    });
    let now = Instant::now();
    let paused_at = now - start;
    output.send(Command::Clock(Clock {
        position: paused_at,
        at: now,
        running: false,
    }));
    wait_for("the device to close", || !is_open(&wav));
    let samples = read_file_device(&wav);
    let length = samples.len() as f64 / f64::from(RATE);
    let paused_at = paused_at.as_secs_f64();
    assert!(
        length >= paused_at && length <= paused_at + 0.1,
        "paused at {paused_at:.3} s, the sound lasts {length:.3} s"
    );
    let tail = &samples[samples.len() - 48..];
    assert!(
        peak(tail) < peak(&samples[..samples.len() - 4_800]) / 8.0,
        "it fades out"
    );
    drop(output);

    // A skip one second in, to the second step: its chime starts where the
    // skip was made.
    let wav = folder.path().join("skip.wav");
    let output = opened(&file_device(&wav), RATE, CHANNELS);
    assert_eq!(output.wait_started(STARTUP), OutputState::Playing);
    let start = play(&output, sheet(&routine(BED)));
    wait_for("a second to pass", || {
        start.elapsed() >= Duration::from_secs(1)
    });
    let now = Instant::now();
    let skipped_at = (now - start).as_secs_f64();
    output.send(Command::Clock(Clock {
        position: Duration::from_secs(10),
        at: now,
        running: true,
    }));
    wait_for("three seconds more", || {
        start.elapsed() >= Duration::from_secs(4)
    });
    drop(output);
    let samples = read_file_device(&wav);
    let heard = onsets(&samples, RATE);
    assert!(
        heard.iter().any(|h| (h - skipped_at).abs() <= 0.01),
        "skipped at {skipped_at:.3} s; sounds start at {heard:.3?}"
    );
}

#[test]
fn through_a_long_silence_the_device_is_closed_and_the_next_cue_starts_on_its_sample() {
    if !libasound_loads() {
        return;
    }
    let folder = tempfile::tempdir().expect("a temporary folder");
    let wav = folder.path().join("silence.wav");
    let output = opened(&file_device(&wav), RATE, CHANNELS);
    assert_eq!(output.wait_started(STARTUP), OutputState::Playing);
    let sheet = sheet(&routine(LONG_SILENCE));
    let start = play(&output, sheet.clone());
    wait_for("the device to close after the first chime", || {
        start.elapsed() > Duration::from_secs(1) && !is_open(&wav)
    });
    let closed_at = start.elapsed();
    assert!(
        closed_at < Duration::from_secs(20),
        "closed only at {closed_at:?}"
    );
    wait_for("it to open again before the second chime", || is_open(&wav));
    let opened_at = start.elapsed();
    assert!(
        opened_at < Duration::from_secs(36),
        "opened at {opened_at:?}"
    );
    let length = Duration::from_secs_f64(sheet.len() as f64 / f64::from(RATE));
    wait_for("the session to end", || start.elapsed() > length);
    wait_for("the device to close", || !is_open(&wav));
    drop(output);
    // Opening again started the file again, from a moment chosen ahead of
    // the chime: what it holds is the render from there, to the sample.
    let samples = read_file_device(&wav);
    let from = sheet.len() as usize - samples.len();
    let rendered = rendered(sheet);
    let chime = 36 * RATE as usize;
    assert!(
        from < chime && from + RATE as usize <= chime,
        "the file starts at {from}"
    );
    assert_heard_as(&rendered[from..], &samples);
    let first = samples.iter().position(|s| *s != 0.0).expect("a chime");
    let expected = rendered[from..]
        .iter()
        .position(|s| (s * 32767.0).round() != 0.0);
    assert_eq!(Some(first), expected, "the chime starts on its sample");
}

#[test]
fn a_device_that_takes_everything_at_once_costs_no_more_than_a_render() {
    run_child("child_unpaced_devices", &[]);
}

/// CPU time of this process's threads named `name`, from the scheduler.
fn cpu_of(name: &str) -> Duration {
    let mut nanos = 0;
    for task in std::fs::read_dir("/proc/self/task")
        .expect("our threads")
        .flatten()
    {
        let comm = std::fs::read_to_string(task.path().join("comm")).unwrap_or_default();
        if comm.trim_end() == name {
            let stat = std::fs::read_to_string(task.path().join("schedstat")).unwrap_or_default();
            nanos += stat
                .split(' ')
                .next()
                .and_then(|n| n.parse::<u64>().ok())
                .unwrap_or(0);
        }
    }
    Duration::from_nanos(nanos)
}

#[test]
#[ignore = "run by a_device_that_takes_everything_at_once_costs_no_more_than_a_render"]
fn child_unpaced_devices() {
    if !in_child() || !libasound_loads() {
        return;
    }
    let bed = routine(BED);
    // The same session rendered offline, for scale, on this thread.
    let before = cpu_of("child_unpaced_d");
    let mut render = Score::reading(sheet(&bed), 0, Bed::FadingIn);
    let mut block = vec![0.0; 1 << 14];
    while render.fill(&mut block) > 0 {}
    let rendering = cpu_of("child_unpaced_d").saturating_sub(before);

    let folder = tempfile::tempdir().expect("a temporary folder");
    let wav = folder.path().join("bed.wav");
    let outputs = [
        opened("null", RATE, CHANNELS),
        opened(&file_device(&wav), RATE, CHANNELS),
    ];
    for output in &outputs {
        assert_eq!(output.wait_started(STARTUP), OutputState::Playing);
    }
    let sheet = sheet(&bed);
    let start = Instant::now();
    for output in &outputs {
        play(output, sheet.clone());
    }
    let length = Duration::from_secs_f64(sheet.len() as f64 / f64::from(RATE));
    wait_for("the session to end", || start.elapsed() > length);
    wait_for("the file device to close", || !is_open(&wav));
    let playing = cpu_of("stillpoint-audi");
    drop(outputs);
    let samples = read_file_device(&wav);
    // The session's length of sound, not a flood: exact on a quiet
    // machine; on a loaded one the stream may step back into line with the
    // session clock once (by design), which drops a few milliseconds.
    let off = (samples.len() as i64 - sheet.len() as i64).unsigned_abs();
    assert!(
        off <= u64::from(RATE) / 2,
        "the session's length: {} samples for {}",
        samples.len(),
        sheet.len()
    );
    println!(
        "figure: {:.1} s of sound with a bed through null and file: {:.3} s of CPU; rendered once in {:.3} s",
        length.as_secs_f64(),
        playing.as_secs_f64(),
        rendering.as_secs_f64()
    );
    // Two devices, each a render's work and a few wake-ups a second.
    assert!(
        playing < rendering * 8 + Duration::from_millis(200),
        "{playing:?} to play, {rendering:?} to render"
    );
}

/// Set in the environment of a child test, so that `--include-ignored`
/// runs, which have not set up the case, skip the child tests.
const CHILD_ENV: &str = "STILLPOINT_AUDIO_TEST_CHILD";

/// Whether this process is a child started by [`run_child`].
fn in_child() -> bool {
    std::env::var_os(CHILD_ENV).is_some()
}

/// Runs the ignored test `child` of this binary with `env` set, and asserts
/// that it passed without writing a byte to stderr.
fn run_child(child: &str, env: &[(&str, &str)]) {
    let mut process = Process::new(std::env::current_exe().expect("the test binary"));
    process.args([
        "--ignored",
        "--exact",
        child,
        "--test-threads",
        "1",
        "--nocapture",
    ]);
    process.env(CHILD_ENV, "1");
    for (key, value) in env {
        process.env(key, value);
    }
    let output = process.output().expect("the test binary runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "{child} failed:\n{stdout}\n{stderr}"
    );
    assert!(
        stdout.contains("1 passed"),
        "{child} did not run:\n{stdout}"
    );
    assert_eq!(stderr, "", "{child} wrote to stderr");
    for line in stdout.lines() {
        if let Some(at) = line.find("figure:") {
            eprintln!("{}", &line[at..]);
        }
    }
}

/// Whether `libasound` loads on this machine (asked through the output
/// itself: any state but "no libasound" means it loaded).
fn libasound_loads() -> bool {
    let output = opened(NO_SUCH_DEVICE, RATE, CHANNELS);
    !matches!(
        output.wait_started(STARTUP),
        OutputState::Off(AlsaError::NoLibrary(_))
    )
}

/// The `fmt ` and `data` chunks of a RIFF WAVE file.
fn wav_chunks(bytes: &[u8]) -> (&[u8], &[u8]) {
    assert!(bytes.len() > 12, "{} bytes is no WAV file", bytes.len());
    assert_eq!(&bytes[0..4], b"RIFF");
    assert_eq!(&bytes[8..12], b"WAVE");
    let (mut format, mut data) = (None, None);
    let mut rest = &bytes[12..];
    while rest.len() >= 8 {
        let size = u32::from_le_bytes([rest[4], rest[5], rest[6], rest[7]]) as usize;
        let body = &rest[8..(8 + size).min(rest.len())];
        match &rest[0..4] {
            b"fmt " => format = Some(body),
            b"data" => data = Some(body),
            _ => {}
        }
        rest = &rest[(8 + size + size % 2).min(rest.len())..];
    }
    (format.expect("a fmt chunk"), data.expect("a data chunk"))
}

#[test]
fn the_binary_does_not_link_libasound() {
    let binary = env!("CARGO_BIN_EXE_stillpoint");
    let ldd = Process::new("ldd").arg(binary).output().expect("ldd runs");
    assert!(
        ldd.status.success(),
        "{}",
        String::from_utf8_lossy(&ldd.stderr)
    );
    let libraries = String::from_utf8_lossy(&ldd.stdout);
    assert!(libraries.contains("libc.so"), "{libraries}");
    assert!(!libraries.contains("asound"), "{libraries}");
}

/// One short rest and the closing bells, no bed.
const BELLS: &str = r#"
stillpoint = 1
title = "Bells"
lead_in = 0
[sound]
ambient = "none"
countdown = 0
[[step]]
title = "Rest"
kind = "rest"
duration = "2s"
instructions = "Rest."
"#;

#[test]
fn plain_mode_waits_for_the_closing_bells_and_the_file_device_holds_them_whole() {
    if !libasound_loads() {
        return;
    }
    let folder = tempfile::tempdir().expect("a temporary folder");
    let path = folder.path().join("bells.toml");
    std::fs::write(&path, BELLS).expect("the routine");
    let wav = folder.path().join("bells.wav");
    let started = Instant::now();
    let out = Process::new(env!("CARGO_BIN_EXE_stillpoint"))
        .args([
            "play",
            "--plain",
            "--no-checkin",
            "--volume",
            "100",
            "--no-voice",
            "--audio-device",
        ])
        .arg(file_device(&wav))
        .arg(&path)
        .env("STILLPOINT_DATA_DIR", folder.path().join("data"))
        .env("XDG_CONFIG_HOME", folder.path().join("config"))
        .output()
        .expect("the binary runs");
    let took = started.elapsed();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "",
        "nothing on stderr"
    );
    let sheet = sheet(&routine(BELLS));
    let length = Duration::from_secs_f64(sheet.len() as f64 / f64::from(RATE));
    assert!(
        length > Duration::from_secs(4),
        "the bells ring on past the 2 s session: {length:?}"
    );
    assert!(took < length + Duration::from_secs(5), "bounded: {took:?}");
    // The file holds the session and its bells as the render does, to
    // where they fall under −60 dBFS (the device closes for the silence
    // after that).
    let samples = read_file_device(&wav);
    let rendered = rendered(sheet);
    let audible = rendered
        .iter()
        .rposition(|s| s.abs() >= 1e-3)
        .expect("bells");
    assert!(
        samples.len() > audible && samples.len() <= rendered.len(),
        "the bells whole: {} samples, audible to {audible} of {}",
        samples.len(),
        rendered.len()
    );
    // Plain mode may hold the clock at the step's start while its line is
    // read, so the two are compared from their ends: the bells, whole.
    let heard_to = samples
        .iter()
        .rposition(|s| s.abs() >= 1e-3)
        .expect("bells heard");
    let bells = RATE as usize * 2;
    assert_heard_as(
        &rendered[audible + 1 - bells..=audible],
        &samples[heard_to + 1 - bells..=heard_to],
    );
}
