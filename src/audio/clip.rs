//! A short decoded sound kept in memory, cheap to clone and play many times.
//! Our own sounds at the rate they are bundled at are not decoded at all:
//! a clip reads their 16-bit samples where they lie in the binary, so they
//! cost no memory of their own and only the pages played are ever read.

use std::sync::Arc;
use std::time::Duration;

use rodio::{ChannelCount, SampleRate, Source};

/// A decoded mono sound, shared: cloning it costs a reference count, and
/// each clone plays from the start. A rodio [`Source`].
#[derive(Debug, Clone)]
pub struct Clip {
    samples: Samples,
    rate: SampleRate,
    position: usize,
    /// Where a clip begun partway has faded in (0: it started whole).
    faded_in: usize,
}

/// Samples of fade when a clip is begun partway, so it never clicks: 5 ms
/// at 48 kHz.
pub(super) const PARTWAY_FADE: usize = 240;

/// Where a clip's samples are.
#[derive(Debug, Clone)]
enum Samples {
    /// Decoded, shared.
    Decoded(Arc<[f32]>),
    /// 16-bit little-endian samples in the binary (a bundled WAV file's
    /// data), read as they are played.
    Bundled(&'static [u8]),
    /// 16-bit samples made at run time (spoken lines): half the memory of
    /// floats, and all a voice needs.
    Pcm16(Arc<[i16]>),
}

impl Samples {
    fn len(&self) -> usize {
        match self {
            Samples::Decoded(samples) => samples.len(),
            Samples::Bundled(bytes) => bytes.len() / 2,
            Samples::Pcm16(samples) => samples.len(),
        }
    }
}

/// A 16-bit little-endian sample as decoders make it a float: `i16::MIN`
/// is −1.
fn from_i16(pair: &[u8]) -> f32 {
    from_pcm16(i16::from_le_bytes([pair[0], pair[1]]))
}

fn from_pcm16(sample: i16) -> f32 {
    f32::from(sample) / 32768.0
}

impl Clip {
    /// A clip of mono `samples` at `rate`.
    pub fn new(samples: Arc<[f32]>, rate: SampleRate) -> Self {
        Self {
            samples: Samples::Decoded(samples),
            rate,
            position: 0,
            faded_in: 0,
        }
    }

    /// A clip of mono `samples` at `rate`, kept as 16-bit samples (each
    /// rounded to the nearest of them, clamped to full scale).
    pub fn pcm16(samples: &[f32], rate: SampleRate) -> Self {
        let pcm: Arc<[i16]> = samples
            .iter()
            .map(|s| (s.clamp(-1.0, 1.0) * 32767.0).round() as i16)
            .collect();
        Self {
            samples: Samples::Pcm16(pcm),
            rate,
            position: 0,
            faded_in: 0,
        }
    }

    /// The clip a WAV file bundled in the binary holds, read in place, if
    /// it is 16-bit mono PCM at `rate` (else it must be decoded).
    pub fn bundled(wav: &'static [u8], rate: SampleRate) -> Option<Self> {
        let data = pcm16_mono(wav, rate.get())?;
        Some(Self {
            samples: Samples::Bundled(data),
            rate,
            position: 0,
            faded_in: 0,
        })
    }

    /// The same clip begun `offset` samples in, fading in over a few
    /// milliseconds.
    pub fn starting_at(mut self, offset: usize) -> Self {
        self.position = offset.min(self.samples.len());
        if offset > 0 {
            self.faded_in = self.position + PARTWAY_FADE;
        }
        self
    }

    /// How many samples the clip has, from the start.
    pub fn len(&self) -> usize {
        self.samples.len()
    }

    /// Whether the clip has no samples.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Sample `index` from the start, as played whole.
    pub fn sample(&self, index: usize) -> Option<f32> {
        match &self.samples {
            Samples::Decoded(samples) => samples.get(index).copied(),
            Samples::Bundled(bytes) => bytes.get(index * 2..index * 2 + 2).map(from_i16),
            Samples::Pcm16(samples) => samples.get(index).copied().map(from_pcm16),
        }
    }

    /// How many samples from the start it takes until the rest is quieter
    /// than `quiet`.
    pub fn audible_len(&self, quiet: f32) -> usize {
        let loud = |s: f32| s.abs() >= quiet;
        let last = match &self.samples {
            Samples::Decoded(samples) => samples.iter().copied().rposition(loud),
            Samples::Bundled(bytes) => bytes.chunks_exact(2).map(from_i16).rposition(loud),
            Samples::Pcm16(samples) => samples.iter().copied().map(from_pcm16).rposition(loud),
        };
        last.map_or(0, |i| i + 1)
    }

    /// How long the clip lasts.
    pub fn duration(&self) -> Duration {
        Duration::from_secs_f64(self.len() as f64 / f64::from(self.rate.get()))
    }

    /// Adds the clip's next samples to `out`, from `out[0]` on, and tells
    /// whether any remain to play.
    pub fn mix_into(&mut self, out: &mut [f32]) -> bool {
        let n = self.len().saturating_sub(self.position).min(out.len());
        let out = &mut out[..n];
        // The fade of a clip begun partway covers its first few samples;
        // the rest is added as it is.
        let fading = self.faded_in.saturating_sub(self.position).min(n);
        let (start, position) = (self.position, &mut self.position);
        match &self.samples {
            Samples::Decoded(samples) => add(
                out,
                samples[start..start + n].iter().copied(),
                fading,
                start,
                self.faded_in,
            ),
            Samples::Bundled(bytes) => add(
                out,
                bytes[start * 2..(start + n) * 2]
                    .chunks_exact(2)
                    .map(from_i16),
                fading,
                start,
                self.faded_in,
            ),
            Samples::Pcm16(samples) => add(
                out,
                samples[start..start + n].iter().copied().map(from_pcm16),
                fading,
                start,
                self.faded_in,
            ),
        }
        *position += n;
        self.position < self.len()
    }
}

/// Adds `samples` to `out`, the first `fading` of them faded in towards
/// `faded_in` (the clip's sample where the fade ends; `start` is the
/// clip's sample at `out[0]`).
fn add(
    out: &mut [f32],
    samples: impl Iterator<Item = f32>,
    fading: usize,
    start: usize,
    faded_in: usize,
) {
    let mut samples = samples;
    let (head, tail) = out.split_at_mut(fading);
    for (i, (o, s)) in head.iter_mut().zip(&mut samples).enumerate() {
        let left = faded_in - (start + i);
        *o += s * (1.0 - left as f32 / PARTWAY_FADE as f32);
    }
    for (o, s) in tail.iter_mut().zip(samples) {
        *o += s;
    }
}

/// The data of a RIFF WAVE file of 16-bit mono PCM at `rate`.
fn pcm16_mono(wav: &[u8], rate: u32) -> Option<&[u8]> {
    if wav.get(0..4)? != b"RIFF" || wav.get(8..12)? != b"WAVE" {
        return None;
    }
    let mut rest = &wav[12..];
    let mut format_ok = false;
    while rest.len() >= 8 {
        let size = u32::from_le_bytes(rest[4..8].try_into().ok()?) as usize;
        let body = rest.get(8..8 + size)?;
        match &rest[0..4] {
            b"fmt " => {
                let u16_at =
                    |i: usize| body.get(i..i + 2).map(|b| u16::from_le_bytes([b[0], b[1]]));
                let rate_of = body
                    .get(4..8)
                    .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
                format_ok = u16_at(0) == Some(1)
                    && u16_at(2) == Some(1)
                    && rate_of == Some(rate)
                    && u16_at(14) == Some(16);
            }
            b"data" if format_ok => return Some(&body[..body.len() / 2 * 2]),
            b"data" => return None,
            _ => {}
        }
        rest = rest.get(8 + size + size % 2..).unwrap_or(&[]);
    }
    None
}

impl Iterator for Clip {
    type Item = f32;

    fn next(&mut self) -> Option<f32> {
        self.sample(self.position)?;
        let mut one = [0.0];
        self.mix_into(&mut one);
        Some(one[0])
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.len().saturating_sub(self.position);
        (left, Some(left))
    }
}

impl Source for Clip {
    fn current_span_len(&self) -> Option<usize> {
        Some(self.len().saturating_sub(self.position))
    }

    fn channels(&self) -> ChannelCount {
        ChannelCount::MIN
    }

    fn sample_rate(&self) -> SampleRate {
        self.rate
    }

    fn total_duration(&self) -> Option<Duration> {
        Some(self.duration())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mixes_in_pieces_and_says_when_done() {
        let rate = SampleRate::new(8_000).expect("not zero");
        let mut clip = Clip::new(Arc::from([1.0f32, 2.0, 3.0]), rate);
        let mut out = [0.5f32; 2];
        assert!(clip.mix_into(&mut out));
        assert_eq!(out, [1.5, 2.5]);
        let mut out = [0.0f32; 2];
        assert!(!clip.mix_into(&mut out));
        assert_eq!(out, [3.0, 0.0]);
        assert_eq!(clip.next(), None);
    }

    #[test]
    fn a_bundled_sound_read_in_place_is_the_decoded_one() {
        use crate::audio::builtin::{BUNDLED_RATE, Builtin};
        let rate = SampleRate::new(BUNDLED_RATE).expect("not zero");
        for sound in Builtin::ALL {
            let decoded = crate::audio::decode::decode_bytes(sound.embedded(), rate).expect("ours");
            let bundled = Clip::bundled(sound.embedded(), rate).expect("16-bit mono");
            assert_eq!(bundled.len(), decoded.len(), "{}", sound.file_name());
            let mut whole = vec![0.0; decoded.len()];
            bundled.clone().mix_into(&mut whole);
            assert!(whole == decoded, "{}", sound.file_name());
            let mut partway = vec![0.0; decoded.len()];
            let mut from_decoded = partway.clone();
            bundled.starting_at(100).mix_into(&mut partway);
            Clip::new(Arc::from(decoded), rate)
                .starting_at(100)
                .mix_into(&mut from_decoded);
            assert!(partway == from_decoded, "{}", sound.file_name());
        }
        let other = SampleRate::new(44_100).expect("not zero");
        assert!(Clip::bundled(Builtin::Bowl.embedded(), other).is_none());
    }

    #[test]
    fn begun_partway_it_fades_in_from_there() {
        let rate = SampleRate::new(48_000).expect("not zero");
        let clip = Clip::new(Arc::from(vec![1.0f32; 1000]), rate).starting_at(500);
        let mut out = vec![0.0f32; 600];
        assert!(!clip.clone().mix_into(&mut out));
        assert!(out[0] < 0.01 && out[PARTWAY_FADE] == 1.0 && out[499] == 1.0);
        assert!(out[500..].iter().all(|&x| x == 0.0));
        assert!(out.windows(2).take(PARTWAY_FADE).all(|w| w[1] > w[0]));
    }
}
