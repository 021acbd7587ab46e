//! The audio output as a person meets it: silent and quiet when there is no
//! `libasound` or no device, audible through ALSA's `file` plugin (which
//! writes what a sound card would have played), and never linked against
//! `libasound` at build time.
//!
//! Checks that watch stderr run in a child process: the test binary runs
//! itself with `--ignored --exact CHILD_TEST` and an environment variable
//! for the case, and the parent asserts that the child passed and wrote
//! nothing to stderr (ALSA writes straight to file descriptor 2, which the
//! test harness cannot capture).

use std::f32::consts::TAU;
use std::path::Path;
use std::process::Command as Process;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use stillpoint::audio::alsa::{AlsaError, LIBRARY_ENV};
use stillpoint::audio::output::{Command, DEFAULT_DEVICE, Output, OutputState, Source};

const RATE: u32 = 48_000;
const CHANNELS: u16 = 2;
const STARTUP: Duration = Duration::from_secs(10);

/// A device name no ALSA configuration defines.
const NO_SUCH_DEVICE: &str = "stillpoint-no-such-device";

/// `seconds` of a `frequency` Hz sine at half scale, stereo at [`RATE`].
fn sine(frequency: f32, seconds: f32) -> impl Iterator<Item = f32> + Send {
    let frames = (RATE as f32 * seconds) as usize;
    (0..frames).flat_map(move |frame| {
        let sample = 0.5 * (TAU * frequency * frame as f32 / RATE as f32).sin();
        [sample; CHANNELS as usize]
    })
}

/// Sends every kind of command, twice over, including after shutdown.
fn send_everything(output: &Output) {
    let sender = output.sender();
    for _ in 0..2 {
        output.send(Command::Play(Box::new(sine(440.0, 0.2))));
        output.send(Command::SetVolume(0.3));
        output.send(Command::SetVolume(f32::NAN));
        output.send(Command::Mute(true));
        output.send(Command::Mute(false));
        sender.send(Command::Stop).ok();
        output.send(Command::Shutdown);
    }
    output.send(Command::Play(Box::new(sine(440.0, 0.2))));
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
    process.args(["--ignored", "--exact", child, "--test-threads", "1"]);
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
}

/// Whether `libasound` loads on this machine (asked through the output
/// itself: any state but "no libasound" means it loaded).
fn libasound_loads() -> bool {
    let output = Output::start(NO_SUCH_DEVICE, RATE, CHANNELS);
    !matches!(
        output.wait_started(STARTUP),
        OutputState::Off(AlsaError::NoLibrary(_))
    )
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
    let output = Output::start(DEFAULT_DEVICE, RATE, CHANNELS);
    let state = output.wait_started(STARTUP);
    assert!(
        matches!(state, OutputState::Off(AlsaError::NoLibrary(ref detail)) if detail.contains("libdoesnotexist.so")),
        "{state:?}"
    );
    if let OutputState::Off(reason) = &state {
        assert_eq!(reason.to_string(), "no libasound");
    }
    assert_eq!(output.latency(), None);
    send_everything(&output);
    assert_eq!(output.state(), state);
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
    let output = Output::start(NO_SUCH_DEVICE, RATE, CHANNELS);
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
}

#[test]
fn a_device_that_fails_mid_session_goes_off_quietly() {
    run_child("child_failing_device", &[]);
}

#[test]
#[ignore = "run by a_device_that_fails_mid_session_goes_off_quietly"]
fn child_failing_device() {
    if !in_child() || !libasound_loads() {
        return;
    }
    // The file plugin opens /dev/full happily; the first write fails.
    let output = Output::start("file:FILE=/dev/full,FORMAT=raw", RATE, CHANNELS);
    assert_eq!(output.wait_started(STARTUP), OutputState::Playing);
    output.send(Command::Play(Box::new(sine(440.0, 1.0))));
    let mut state = output.state();
    for _ in 0..1000 {
        if state != OutputState::Playing {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
        state = output.state();
    }
    assert!(
        matches!(state, OutputState::Off(AlsaError::Lost(_))),
        "{state:?}"
    );
    if let OutputState::Off(reason) = &state {
        assert_eq!(reason.to_string(), "device lost");
    }
    assert_eq!(output.latency(), None);
    send_everything(&output);
}

/// Plays one second of a 440 Hz sine to ALSA's `file` plugin and reads back
/// what the device would have played.
fn play_sine_to_file(device: &str, wav: &Path) {
    let output = Output::start(device, RATE, CHANNELS);
    assert_eq!(
        output.wait_started(STARTUP),
        OutputState::Playing,
        "{device}"
    );
    let latency = output.latency().expect("an open device has a latency");
    assert!(latency < Duration::from_millis(100), "{latency:?}");

    let finished = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&finished);
    let mut samples = sine(440.0, 1.0);
    let source: Source = Box::new(std::iter::from_fn(move || {
        let sample = samples.next();
        if sample.is_none() {
            flag.store(true, Ordering::SeqCst);
        }
        sample
    }));
    output.send(Command::Play(source));
    for _ in 0..1000 {
        if finished.load(Ordering::SeqCst) {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    assert!(finished.load(Ordering::SeqCst), "the sine was not played");
    assert_eq!(output.state(), OutputState::Playing);
    // Dropping shuts the thread down, which drains and closes the device,
    // which completes the WAV header.
    drop(output);

    let bytes = std::fs::read(wav).expect("the file plugin wrote the WAV file");
    let (format, data) = wav_chunks(&bytes);
    assert_eq!(u16::from_le_bytes([format[0], format[1]]), 1, "PCM");
    assert_eq!(u16::from_le_bytes([format[2], format[3]]), CHANNELS);
    assert_eq!(
        u32::from_le_bytes([format[4], format[5], format[6], format[7]]),
        RATE
    );
    assert_eq!(u16::from_le_bytes([format[14], format[15]]), 16, "bits");

    let left: Vec<i16> = data
        .chunks_exact(4)
        .map(|frame| i16::from_le_bytes([frame[0], frame[1]]))
        .collect();
    let loud = left
        .iter()
        .filter(|sample| sample.unsigned_abs() > 1000)
        .count();
    let peak = left
        .iter()
        .map(|sample| sample.unsigned_abs())
        .max()
        .unwrap_or(0);
    assert!(
        (15_000..=17_000).contains(&peak),
        "half-scale peak, got {peak}"
    );
    // About 93% of a sine's samples are above 1000 / 16384 of its peak.
    assert!(
        loud > RATE as usize * 85 / 100,
        "{loud} loud samples of {} in the file",
        left.len()
    );
    let rising = left
        .windows(2)
        .filter(|pair| pair[0] < 0 && pair[1] >= 0)
        .count();
    assert!((435..=445).contains(&rising), "{rising} cycles, not 440");
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
fn a_sine_reaches_the_alsa_file_device() {
    if !libasound_loads() {
        return;
    }
    let folder = tempfile::tempdir().expect("a temporary folder");
    let wav = folder.path().join("named.wav");
    play_sine_to_file(&format!("file:FILE={},FORMAT=wav", wav.display()), &wav);
    let wav = folder.path().join("positional.wav");
    play_sine_to_file(&format!("file:'{}',wav", wav.display()), &wav);
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
