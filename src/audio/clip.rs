//! A short decoded sound kept in memory, cheap to clone and play many times.

use std::sync::Arc;
use std::time::Duration;

use rodio::{ChannelCount, SampleRate, Source};

/// A decoded mono sound, shared: cloning it costs a reference count, and
/// each clone plays from the start. A rodio [`Source`].
#[derive(Debug, Clone)]
pub struct Clip {
    samples: Arc<[f32]>,
    rate: SampleRate,
    position: usize,
    /// Where a clip begun partway has faded in (0: it started whole).
    faded_in: usize,
}

/// Samples of fade when a clip is begun partway, so it never clicks: 5 ms
/// at 48 kHz.
pub(super) const PARTWAY_FADE: usize = 240;

impl Clip {
    /// A clip of mono `samples` at `rate`.
    pub fn new(samples: Arc<[f32]>, rate: SampleRate) -> Self {
        Self {
            samples,
            rate,
            position: 0,
            faded_in: 0,
        }
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

    /// All the clip's samples, from the start.
    pub fn samples(&self) -> &[f32] {
        &self.samples
    }

    /// How long the clip lasts.
    pub fn duration(&self) -> Duration {
        Duration::from_secs_f64(self.samples.len() as f64 / f64::from(self.rate.get()))
    }

    /// Adds the clip's next samples to `out`, from `out[0]` on, and tells
    /// whether any remain to play.
    pub fn mix_into(&mut self, out: &mut [f32]) -> bool {
        let rest = &self.samples[self.position..];
        let n = rest.len().min(out.len());
        for (i, (o, s)) in out.iter_mut().zip(&rest[..n]).enumerate() {
            let left = self.faded_in.saturating_sub(self.position + i);
            *o += s * (1.0 - left as f32 / PARTWAY_FADE as f32);
        }
        self.position += n;
        self.position < self.samples.len()
    }
}

impl Iterator for Clip {
    type Item = f32;

    fn next(&mut self) -> Option<f32> {
        self.samples.get(self.position)?;
        let mut one = [0.0];
        self.mix_into(&mut one);
        Some(one[0])
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.samples.len().saturating_sub(self.position);
        (left, Some(left))
    }
}

impl Source for Clip {
    fn current_span_len(&self) -> Option<usize> {
        Some(self.samples.len().saturating_sub(self.position))
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
