//! Audio: the built-in sounds, the breathing guide, the ambient bed, and
//! the whole session mixed offline, all without a device; and the live
//! output to ALSA ([`output`], [`alsa`]). Every sound here is a mono rodio
//! [`Source`](rodio::Source) of `f32` samples at a sample rate chosen by
//! the caller, so the live output and `stillpoint render` play the very
//! same sounds from the very same cue schedule. For a stereo device, spread
//! a source with `rodio::source::UniformSourceIterator`.
//!
//! A session's sound is laid out once as a [`Sheet`] (every cue's sound at
//! its sample, the pacing of each segment, the bed) and read by a
//! [`Score`] from any position: from the start by `render`, and by the
//! live output ([`live`]) from wherever the session clock is.
//!
//! Levels: cues peak at −6 dBFS at most, the guide at about −16 dBFS, the
//! bed under −10 dBFS; see [`level`], whose soft ceilings [`Score`] puts
//! on the cue bus and the whole mix.

pub mod alsa;
pub mod ambient;
pub mod breath;
pub mod builtin;
pub mod clip;
pub mod cues;
pub mod decode;
mod file_loop;
pub mod level;
pub mod live;
pub mod output;
mod recipes;
pub mod score;
pub mod segment;
pub mod sheet;
pub mod synth;
pub mod ticks;
pub mod wav;

use std::ops::RangeInclusive;
use std::time::Duration;

use rodio::SampleRate;

pub use ambient::Ambient;
pub use breath::BreathGuide;
pub use builtin::Builtin;
pub use clip::Clip;
pub use cues::{CueSounds, Fallback};
pub use score::{Bed, Score, render_session, render_spoken};
pub use segment::SegmentSound;
pub use sheet::Sheet;
pub use ticks::TempoTicks;

/// The sample rates we make sound at; others are clamped into this range.
pub const SAMPLE_RATES: RangeInclusive<u32> = 8_000..=192_000;

/// The sample rate of the bundled sounds, and of a render unless asked.
pub const DEFAULT_SAMPLE_RATE: u32 = builtin::BUNDLED_RATE;

/// `hz` clamped into [`SAMPLE_RATES`].
pub fn sample_rate(hz: u32) -> SampleRate {
    let clamped = hz.clamp(*SAMPLE_RATES.start(), *SAMPLE_RATES.end());
    SampleRate::new(clamped).unwrap_or(SampleRate::MIN)
}

/// The sample nearest to `offset` at `rate`, computed exactly in integers,
/// so a cue lands on the same sample however long the session.
fn samples_in(offset: Duration, rate: SampleRate) -> u64 {
    let nanos = offset.as_nanos() * u128::from(rate.get());
    u64::try_from((nanos + 500_000_000) / 1_000_000_000).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_live_output_thread_can_take_every_source() {
        fn send<T: Send + 'static>() {}
        fn shared<T: Send + Sync + 'static>() {}
        send::<Score>();
        shared::<Sheet>();
        shared::<CueSounds>();
    }

    #[test]
    fn offsets_become_the_nearest_sample() {
        let rate = sample_rate(48_000);
        assert_eq!(samples_in(Duration::from_secs(3600), rate), 172_800_000);
        assert_eq!(samples_in(Duration::from_micros(10), rate), 0);
        assert_eq!(samples_in(Duration::from_micros(11), rate), 1);
        assert_eq!(sample_rate(0).get(), 8_000);
        assert_eq!(sample_rate(1_000_000).get(), 192_000);
    }
}
