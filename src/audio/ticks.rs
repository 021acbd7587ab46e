//! Soft ticks at a step's tempo (`tempo_ticks = true`): one each stroke or
//! circle after the step's start, which has its chime instead.

use std::time::Duration;

use rodio::{ChannelCount, SampleRate, Source};

use super::clip::Clip;

/// The ticks of one step pass: a mono rodio [`Source`] that ends when the
/// last tick has sounded.
#[derive(Debug, Clone)]
pub struct TempoTicks {
    tick: Clip,
    rate: SampleRate,
    /// Seconds between ticks.
    period: f64,
    /// No tick starts at or after this sample.
    length: u64,
    /// The next tick to start, counting from 1.
    next: u64,
    /// Where the tick now sounding started.
    sounding: Option<u64>,
    position: u64,
}

impl TempoTicks {
    /// Ticks of `tick` at `tempo` a minute through a pass of `length`.
    pub fn new(tick: Clip, tempo: u32, length: Duration) -> Self {
        let rate = rodio::Source::sample_rate(&tick);
        TempoTicks {
            rate,
            period: 60.0 / f64::from(tempo.max(1)),
            length: super::samples_in(length, rate),
            next: 1,
            sounding: None,
            position: 0,
            tick,
        }
    }

    /// The same ticks begun `offset` into the pass; a tick under way there
    /// goes on.
    pub fn starting_at(mut self, offset: Duration) -> Self {
        self.position = super::samples_in(offset, self.rate);
        self.next = (offset.as_secs_f64() / self.period).floor() as u64 + 1;
        let last = self.start_of(self.next - 1);
        let under_way = self.next > 1
            && last < self.length
            && self.position - last.min(self.position) < self.tick.len() as u64;
        self.sounding = under_way.then_some(last);
        self
    }

    /// How long the ticks can sound: the pass, and one tick after it.
    pub fn duration(&self) -> Duration {
        let pass = self.length as f64 / f64::from(self.rate.get());
        Duration::from_secs_f64(pass) + self.tick.duration()
    }

    fn start_of(&self, tick: u64) -> u64 {
        (tick as f64 * self.period * f64::from(self.rate.get())).round() as u64
    }
}

impl Iterator for TempoTicks {
    type Item = f32;

    fn next(&mut self) -> Option<f32> {
        let next_start = self.start_of(self.next);
        if next_start < self.length && next_start <= self.position {
            self.sounding = Some(next_start);
            self.next += 1;
        }
        let sample = self
            .sounding
            .and_then(|start| self.tick.sample((self.position - start) as usize));
        if sample.is_none() && next_start >= self.length {
            return None;
        }
        self.position += 1;
        Some(sample.unwrap_or(0.0))
    }
}

impl Source for TempoTicks {
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
    use std::sync::Arc;

    use super::*;

    fn tick() -> Clip {
        Clip::new(
            Arc::from([0.1f32, 0.2]),
            SampleRate::new(100).expect("not zero"),
        )
    }

    #[test]
    fn ticks_after_the_start_and_not_at_the_end() {
        // 30 a minute: every 2 s; a 6 s pass ticks at 2 s and 4 s only.
        let out: Vec<f32> = TempoTicks::new(tick(), 30, Duration::from_secs(6)).collect();
        let onsets: Vec<usize> = (0..out.len()).filter(|&i| out[i] == 0.1).collect();
        assert_eq!(onsets, [200, 400]);
        assert_eq!(out.len(), 402);
    }

    #[test]
    fn starting_partway_keeps_the_beat() {
        let out: Vec<f32> = TempoTicks::new(tick(), 30, Duration::from_secs(6))
            .starting_at(Duration::from_secs(3))
            .collect();
        let onsets: Vec<usize> = (0..out.len()).filter(|&i| out[i] == 0.1).collect();
        assert_eq!(onsets, [100]);
    }
}
