//! Listening to sound in tests: where sounds start, whether cues sound on
//! time, and reading the WAV files `render` and ALSA's `file` device write.
// Each test file uses only some of these helpers.
#![allow(dead_code)]

use std::path::Path;

use stillpoint::audio::Builtin;
use stillpoint::routine::Routine;
use stillpoint::timeline::{CueKind, Timeline};

pub fn peak(samples: &[f32]) -> f32 {
    samples.iter().fold(0.0f32, |m, x| m.max(x.abs()))
}

pub fn seconds(samples: usize, rate: u32) -> f64 {
    samples as f64 / f64::from(rate)
}

/// Where sounds start in `samples`: a 1 ms window whose peak is well above
/// both the silence floor and the level 20 to 40 ms before. A new strike
/// stands out that way even over the tail of an earlier one.
pub fn onsets(samples: &[f32], rate: u32) -> Vec<f64> {
    let window = (rate / 1000) as usize;
    let envelope: Vec<f32> = samples.chunks(window).map(peak).collect();
    let mut found = Vec::new();
    let mut quiet_until = 0;
    for k in 40..envelope.len() {
        let before = envelope[k - 40..k - 20].iter().copied().fold(0.0, f32::max);
        if k >= quiet_until && envelope[k] > 0.01 + 1.5 * before {
            found.push(seconds(k * window, rate));
            quiet_until = k + 50;
        }
    }
    found
}

/// Checks that every sounding cue starts within 5 ms of its offset, and
/// that every sound heard is a strike of some cue's sound.
pub fn assert_cues_on_time(routine: &Routine, samples: &[f32], rate: u32) {
    let timeline = Timeline::build(routine);
    let heard = onsets(samples, rate);
    let (mut strikes, mut later_strikes) = (Vec::new(), Vec::new());
    for cue in &timeline.cues {
        let sound = match cue.kind {
            CueKind::LeadIn | CueKind::Breath { .. } => continue,
            CueKind::StepStart => Builtin::Bowl,
            CueKind::BetweenStart => Builtin::Wood,
            CueKind::SwitchSide { .. } => Builtin::Switch,
            CueKind::ReverseDirection => Builtin::Reverse,
            CueKind::Pip { .. } => Builtin::Pip,
            CueKind::SessionEnd => Builtin::Closing,
        };
        let at = cue.at.as_secs_f64();
        let nearest = heard
            .iter()
            .map(|h| (h - at).abs())
            .fold(f64::INFINITY, f64::min);
        assert!(
            nearest <= 0.005,
            "{:?} at {at:.3} s: nearest onset {:.1} ms away; heard {heard:.3?}",
            cue.kind,
            nearest * 1e3
        );
        strikes.push(at);
        later_strikes.extend(sound.recipe().strikes.iter().skip(1).map(|s| at + s.at));
    }
    // A later strike of a double chime or the closing bells stands out a
    // little later over the ringing of the first.
    for h in &heard {
        assert!(
            strikes.iter().any(|s| (h - s).abs() <= 0.005)
                || later_strikes.iter().any(|s| (h - s).abs() <= 0.02),
            "a sound at {h:.3} s that no cue made"
        );
    }
}

/// Reads a 16-bit mono WAV file that `render` wrote.
pub fn read_wav(path: &Path) -> (u32, Vec<f32>) {
    let bytes = std::fs::read(path).expect("the WAV file");
    assert_eq!(&bytes[0..4], b"RIFF");
    assert_eq!(&bytes[8..16], b"WAVEfmt ");
    assert_eq!(u16::from_le_bytes([bytes[22], bytes[23]]), 1, "mono");
    assert_eq!(u16::from_le_bytes([bytes[34], bytes[35]]), 16, "16-bit");
    let rate = u32::from_le_bytes([bytes[24], bytes[25], bytes[26], bytes[27]]);
    let data_len = u32::from_le_bytes([bytes[40], bytes[41], bytes[42], bytes[43]]) as usize;
    assert_eq!(
        data_len,
        bytes.len() - 44,
        "the header's length is the file's"
    );
    let samples = bytes[44..]
        .chunks_exact(2)
        .map(|b| f32::from(i16::from_le_bytes([b[0], b[1]])) / 32767.0)
        .collect();
    (rate, samples)
}
