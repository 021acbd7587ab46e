//! The ambient bed: brown or pink noise from rodio's noise generators, or a
//! routine's own recording looped, faded in over two seconds and faded out
//! at the end. The noise is seeded, so a render is the same every time.

use std::time::Duration;

use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use rodio::SampleRate;
use rodio::source::noise::Pink;

use super::decode::DecodeError;
use super::file_loop::FileLoop;
use super::level::{AMBIENT_CEILING, bends, soft_ceiling_all};
use super::synth::raised_cosine;
use crate::routine::{Sound, SoundSettings};

/// How long the bed takes to fade in.
pub const FADE_IN: Duration = Duration::from_secs(2);
/// How long the bed takes to fade out when stopped.
pub const FADE_OUT: Duration = Duration::from_secs(3);
/// The seed of the noise.
const SEED: u64 = 0x5717_1f01;
/// Below this the noise is only rumble that takes headroom: filtered out.
const RUMBLE_HZ: f32 = 30.0;
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
            accumulator: 0.0,
            leak,
            scale: 1.0 / variance.sqrt(),
        }
    }

    #[inline]
    fn next_sample(&mut self) -> f32 {
        // The top 24 bits, as a float in [-1, 1).
        let white = (self.rng.next_u32() >> 8) as f32 * (2.0 / 16_777_216.0) - 1.0;
        self.accumulator = self.accumulator * self.leak + white;
        self.accumulator * self.scale
    }
}

/// The rumble filter: a second-order high-pass (Q of 0.5), the audio EQ
/// cookbook's as rodio's `BltFilter` makes it, run over a block at a time.
struct HighPass {
    b0: f32,
    b1: f32,
    b2: f32,
    a1: f32,
    a2: f32,
    x1: f32,
    x2: f32,
    y1: f32,
    y2: f32,
}

impl HighPass {
    fn new(hz: f32, rate: SampleRate) -> Self {
        let w0 = std::f32::consts::TAU * hz / rate.get() as f32;
        let cos_w0 = w0.cos();
        let alpha = w0.sin() / (2.0 * 0.5);
        let a0 = 1.0 + alpha;
        let b0 = (1.0 + cos_w0) / 2.0;
        HighPass {
            b0: b0 / a0,
            b1: (-1.0 - cos_w0) / a0,
            b2: b0 / a0,
            a1: -2.0 * cos_w0 / a0,
            a2: (1.0 - alpha) / a0,
            x1: 0.0,
            x2: 0.0,
            y1: 0.0,
            y2: 0.0,
        }
    }

    /// Writes `input` through the filter over `out`, times `gain`; the
    /// loudest sample written. One loop from the noise to the bed's level:
    /// the noise and the filter each wait on their sample before, and the
    /// rest is done while they wait.
    #[inline]
    fn run(&mut self, input: impl Iterator<Item = f32>, gain: f32, out: &mut [f32]) -> f32 {
        let HighPass {
            b0, b1, b2, a1, a2, ..
        } = *self;
        let (mut x1, mut x2, mut y1, mut y2) = (self.x1, self.x2, self.y1, self.y2);
        let mut peak = 0.0f32;
        for (o, x) in out.iter_mut().zip(input) {
            // The term of the sample just before last, as only it waits.
            let y = b0 * x + b1 * x1 + b2 * x2 - a2 * y2 - a1 * y1;
            (x2, x1, y2, y1) = (x1, x, y1, y);
            *o = y * gain;
            // Not `f32::max`: noise is never NaN, and its care costs here.
            if o.abs() > peak {
                peak = o.abs();
            }
        }
        (self.x1, self.x2, self.y1, self.y2) = (x1, x2, y1, y2);
        peak
    }
}

/// What the bed is made of.
enum Bed {
    Brown(BrownNoise, HighPass),
    Pink(Pink<SmallRng>, HighPass),
    File(Box<FileLoop>),
}

impl Bed {
    /// Writes the bed's next samples over `out` at `gain`, as many as it
    /// has; how many, and the loudest of them.
    fn fill(&mut self, gain: f32, out: &mut [f32]) -> (usize, f32) {
        match self {
            Bed::Brown(noise, rumble) => {
                let input = std::iter::repeat_with(|| noise.next_sample());
                (out.len(), rumble.run(input, gain, out))
            }
            Bed::Pink(noise, rumble) => (out.len(), rumble.run(noise, gain, out)),
            Bed::File(looped) => {
                let mut peak = 0.0f32;
                for (i, o) in out.iter_mut().enumerate() {
                    let Some(sample) = looped.next() else {
                        return (i, peak);
                    };
                    *o = sample * gain;
                    peak = peak.max(o.abs());
                }
                (out.len(), peak)
            }
        }
    }
}

/// The ambient bed: endless mono sound, read a block at a time, until it
/// is given an end.
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
        let rumble = || HighPass::new(RUMBLE_HZ, rate);
        let (bed, gain) = match &settings.ambient {
            Sound::None => return Ok(None),
            Sound::Builtin("pink-noise") => (
                Bed::Pink(Pink::new_with_rng(rate, rng()), rumble()),
                NOISE_RMS / PINK_RMS,
            ),
            Sound::Builtin(_) => (
                Bed::Brown(BrownNoise::new(rate, rng()), rumble()),
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
        self.mix(out) == out.len()
    }

    /// Writes the next samples over `out`, silence after the bed's end;
    /// how many were the bed's.
    fn mix(&mut self, out: &mut [f32]) -> usize {
        let left = self.fade_out.map_or(u64::MAX, |(from, over)| {
            (from + over).saturating_sub(self.position)
        });
        let n = out.len().min(usize::try_from(left).unwrap_or(usize::MAX));
        let (start, end) = (self.position, self.position + n as u64);
        let fading = start < self.fade_in || self.fade_out.is_some_and(|(from, _)| end > from);
        let n = if fading {
            let (n, _) = self.bed.fill(1.0, &mut out[..n]);
            for (at, s) in (start..).zip(out[..n].iter_mut()) {
                *s *= self.envelope(at);
            }
            soft_ceiling_all(&mut out[..n], AMBIENT_CEILING);
            n
        } else {
            let (n, peak) = self.bed.fill(self.gain, &mut out[..n]);
            if bends(peak, AMBIENT_CEILING) {
                soft_ceiling_all(&mut out[..n], AMBIENT_CEILING);
            }
            n
        };
        out[n..].fill(0.0);
        self.position += n as u64;
        n
    }

    /// The bed's gain at sample `at`, before its end.
    fn envelope(&self, at: u64) -> f32 {
        let mut gain = self.gain;
        if at < self.fade_in {
            gain *= raised_cosine(at as f64 / self.fade_in as f64) as f32;
        }
        if let Some((from, over)) = self.fade_out
            && at >= from
        {
            gain *= raised_cosine(1.0 - (at - from) as f64 / over as f64) as f32;
        }
        gain
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

    /// The bed's samples, `limit` at most, as the score reads them.
    fn heard(mut bed: Ambient, limit: usize) -> Vec<f32> {
        let mut out = vec![0.0; limit];
        let n = bed.mix(&mut out);
        out.truncate(n);
        out
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
            let out = heard(bed, 576_000).split_off(96_000);
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
        let out = heard(make(), 10 * 8_000);
        assert_eq!(out.len(), 5 * 8_000);
        assert_eq!(out, heard(make(), 10 * 8_000));
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
