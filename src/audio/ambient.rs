//! The ambient bed: brown or pink noise from rodio's noise generators, or a
//! routine's own recording looped, faded in over two seconds and faded out
//! at the end. The noise is seeded, so a render is the same every time.

use std::time::Duration;

use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use rodio::source::BltFilter;
use rodio::source::noise::Pink;
use rodio::{ChannelCount, SampleRate, Source};

use super::decode::DecodeError;
use super::file_loop::FileLoop;
use super::level::{AMBIENT_CEILING, soft_ceiling};
use super::synth::raised_cosine;
use crate::routine::{Sound, SoundSettings};

/// How long the bed takes to fade in.
pub const FADE_IN: Duration = Duration::from_secs(2);
/// How long the bed takes to fade out when stopped.
pub const FADE_OUT: Duration = Duration::from_secs(3);
/// The seed of the noise.
const SEED: u64 = 0x5717_1f01;
/// Below this the noise is only rumble that takes headroom: filtered out.
const RUMBLE_HZ: u32 = 30;
/// The bed's loudness at `ambient_volume = 1.0`: the noise's RMS, and a
/// recording's peak.
const NOISE_RMS: f32 = 0.1;
const FILE_PEAK: f32 = 0.3;
/// The RMS of each generator after the rumble filter, measured at 48 kHz
/// (pink noise is a little quieter at lower rates), to bring both to
/// [`NOISE_RMS`].
const BROWN_RMS: f32 = 0.285;
const PINK_RMS: f32 = 0.104;

/// Brown noise: white noise through a leaky integrator (its level falls
/// 6 dB an octave above 5 Hz), normalised to an RMS of 1. Made as rodio's
/// `Brownian` is, but from uniform white noise, which costs a few
/// instructions a sample instead of a Gaussian draw: after the integrator
/// the sum of thousands of draws is Gaussian either way.
struct BrownNoise {
    rng: SmallRng,
    rate: SampleRate,
    accumulator: f32,
    leak: f32,
    scale: f32,
}

/// Where brown noise stops rising towards the low end, in hertz.
const BROWN_CORNER_HZ: f32 = 5.0;

impl BrownNoise {
    fn new(rate: SampleRate, rng: SmallRng) -> Self {
        let leak = 1.0 - std::f32::consts::TAU * BROWN_CORNER_HZ / rate.get() as f32;
        // White noise uniform on [-1, 1) has a variance of 1/3.
        let variance = (1.0 / 3.0) / (1.0 - leak * leak);
        BrownNoise {
            rng,
            rate,
            accumulator: 0.0,
            leak,
            scale: 1.0 / variance.sqrt(),
        }
    }
}

impl Iterator for BrownNoise {
    type Item = f32;

    #[inline]
    fn next(&mut self) -> Option<f32> {
        // The top 24 bits, as a float in [-1, 1).
        let white = (self.rng.next_u32() >> 8) as f32 * (2.0 / 16_777_216.0) - 1.0;
        self.accumulator = self.accumulator * self.leak + white;
        Some(self.accumulator * self.scale)
    }
}

impl Source for BrownNoise {
    fn current_span_len(&self) -> Option<usize> {
        None
    }

    fn channels(&self) -> ChannelCount {
        ChannelCount::MIN
    }

    fn sample_rate(&self) -> SampleRate {
        self.rate
    }

    fn total_duration(&self) -> Option<Duration> {
        None
    }
}

/// What the bed is made of.
enum Bed {
    Brown(BltFilter<BrownNoise>),
    Pink(BltFilter<Pink<SmallRng>>),
    File(Box<FileLoop>),
}

/// The ambient bed: an endless mono rodio [`Source`] until it is given an
/// end.
pub struct Ambient {
    bed: Bed,
    rate: SampleRate,
    gain: f32,
    position: u64,
    fade_in: u64,
    /// Where the fade-out starts and how long it lasts, in samples.
    fade_out: Option<(u64, u64)>,
}

impl Ambient {
    /// The bed `settings` ask for at `sample_rate`: `None` for no ambient
    /// (or a volume of zero), an error if its recording cannot be played.
    pub fn new(settings: &SoundSettings, sample_rate: u32) -> Result<Option<Self>, DecodeError> {
        let rate = super::sample_rate(sample_rate);
        let volume = settings.ambient_volume.clamp(0.0, 1.0);
        if volume == 0.0 {
            return Ok(None);
        }
        let rng = || SmallRng::seed_from_u64(SEED);
        let (bed, gain) = match &settings.ambient {
            Sound::None => return Ok(None),
            Sound::Builtin("pink-noise") => (
                Bed::Pink(Pink::new_with_rng(rate, rng()).high_pass(RUMBLE_HZ)),
                NOISE_RMS / PINK_RMS,
            ),
            Sound::Builtin(_) => (
                Bed::Brown(BrownNoise::new(rate, rng()).high_pass(RUMBLE_HZ)),
                NOISE_RMS / BROWN_RMS,
            ),
            Sound::File(sound) => (Bed::File(Box::new(FileLoop::open(sound, rate)?)), FILE_PEAK),
        };
        Ok(Some(Ambient {
            bed,
            rate,
            gain: gain * volume,
            position: 0,
            fade_in: super::samples_in(FADE_IN, rate),
            fade_out: None,
        }))
    }

    /// The same bed fading out over `over` from `from` on, then ending: a
    /// session's end is known.
    pub fn fading_out(mut self, from: Duration, over: Duration) -> Self {
        let from = super::samples_in(from, self.rate);
        self.fade_out = Some((from, super::samples_in(over, self.rate).max(1)));
        self
    }

    /// The same bed without its fade-in: already playing, as after a jump.
    pub fn already_in(mut self) -> Self {
        self.fade_in = 0;
        self
    }

    /// Writes the next `out.len()` samples over `out`, and tells whether
    /// the bed goes on after them.
    pub fn fill(&mut self, out: &mut [f32]) -> bool {
        for (i, o) in out.iter_mut().enumerate() {
            match self.next() {
                Some(s) => *o = s,
                None => {
                    out[i..].fill(0.0);
                    return false;
                }
            }
        }
        true
    }

    fn envelope(&mut self) -> Option<f32> {
        let mut gain = self.gain;
        if self.position < self.fade_in {
            gain *= raised_cosine(self.position as f64 / self.fade_in as f64) as f32;
        }
        if let Some((from, over)) = self.fade_out
            && self.position >= from
        {
            let into = self.position - from;
            if into >= over {
                return None;
            }
            gain *= raised_cosine(1.0 - into as f64 / over as f64) as f32;
        }
        Some(gain)
    }
}

impl Iterator for Ambient {
    type Item = f32;

    fn next(&mut self) -> Option<f32> {
        let gain = self.envelope()?;
        let raw = match &mut self.bed {
            Bed::Brown(noise) => noise.next(),
            Bed::Pink(noise) => noise.next(),
            Bed::File(looped) => looped.next(),
        }?;
        self.position += 1;
        Some(soft_ceiling(raw * gain, AMBIENT_CEILING))
    }
}

impl Source for Ambient {
    fn current_span_len(&self) -> Option<usize> {
        None
    }

    fn channels(&self) -> ChannelCount {
        ChannelCount::MIN
    }

    fn sample_rate(&self) -> SampleRate {
        self.rate
    }

    fn total_duration(&self) -> Option<Duration> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(ambient: Sound, volume: f32) -> SoundSettings {
        SoundSettings {
            ambient,
            ambient_volume: volume,
            ..SoundSettings::default()
        }
    }

    fn rms(s: &[f32]) -> f32 {
        (s.iter().map(|x| x * x).sum::<f32>() / s.len() as f32).sqrt()
    }

    #[test]
    fn noise_beds_sit_at_the_volume_asked_for() {
        for name in ["brown-noise", "pink-noise"] {
            let bed = Ambient::new(&settings(Sound::Builtin(name), 1.0), 48_000)
                .expect("no file")
                .expect("a bed");
            let out: Vec<f32> = bed.skip(96_000).take(480_000).collect();
            let level = rms(&out);
            assert!((level - NOISE_RMS).abs() < 0.012, "{name}: {level}");
            assert!(out.iter().all(|x| x.abs() <= AMBIENT_CEILING));
        }
    }

    #[test]
    fn fades_in_and_out_and_is_the_same_every_time() {
        let make = || {
            Ambient::new(&settings(Sound::Builtin("brown-noise"), 0.5), 8_000)
                .expect("no file")
                .expect("a bed")
                .fading_out(Duration::from_secs(4), Duration::from_secs(1))
        };
        let out: Vec<f32> = make().collect();
        assert_eq!(out.len(), 5 * 8_000);
        assert_eq!(out, make().collect::<Vec<_>>());
        assert!(rms(&out[..400]) < rms(&out[16_000..24_000]) / 4.0);
        assert!(out[out.len() - 1].abs() < 1e-3);
    }

    #[test]
    fn none_or_silent_is_no_bed_and_a_bad_file_is_an_error() {
        assert!(
            Ambient::new(&settings(Sound::None, 1.0), 8_000)
                .expect("ok")
                .is_none()
        );
        let silent = settings(Sound::Builtin("brown-noise"), 0.0);
        assert!(Ambient::new(&silent, 8_000).expect("ok").is_none());
        let dir = tempfile::tempdir().expect("temp dir");
        let tone = vec![0.1f32; 4_000];
        let wav = crate::audio::wav::mono_file(8_000, &tone).expect("fits");
        let rain = crate::audio::decode::tests::sound(dir.path(), "rain.wav", &wav);
        std::fs::write(rain.path(), b"RIFF\x24\0\0\0WAVEbroken since").expect("break it");
        let broken = settings(Sound::File(rain), 0.5);
        assert!(Ambient::new(&broken, 8_000).is_err());
    }
}
