//! The sound that paces a whole segment rather than marking a moment: the
//! breathing guide of a breathing step, or the tempo ticks of a kneading,
//! circling or pressing step.

use std::time::Duration;

use super::breath::BreathGuide;
use super::builtin::Builtin;
use super::cues::CueSounds;
use super::ticks::TempoTicks;
use crate::routine::{Pacing, Routine};
use crate::timeline::{Part, Timeline};

/// What paces a segment: a mono sound that starts with the segment and
/// ends with it (or a tick's length after).
#[derive(Debug, Clone)]
pub enum SegmentSound {
    /// The breathing guide. It plays even with `cues = false`: it paces
    /// the breath, like the breathing shape on screen.
    Breath(BreathGuide),
    /// Soft ticks at the step's tempo, with `tempo_ticks = true` and cues on.
    Ticks(TempoTicks),
}

impl SegmentSound {
    /// The pacing sound of `segment`, from its start, if it has one.
    pub fn for_segment(
        routine: &Routine,
        timeline: &Timeline,
        segment: usize,
        sounds: &CueSounds,
    ) -> Option<Self> {
        let seg = timeline.segments.get(segment)?;
        let Part::Step { step, .. } = seg.part else {
            return None;
        };
        let pacing = routine.steps.get(step)?.pacing;
        if let Pacing::Breathe { .. } = pacing {
            let rate = sounds.sample_rate().get();
            return BreathGuide::for_segment(timeline, segment, rate).map(SegmentSound::Breath);
        }
        let tempo = pacing.tempo()?;
        let ticks = routine.sound.tempo_ticks && routine.sound.cues;
        ticks.then(|| {
            SegmentSound::Ticks(TempoTicks::new(
                sounds.builtin(Builtin::Tick),
                tempo,
                seg.duration,
            ))
        })
    }

    /// How long the sound lasts from the segment's start.
    pub fn duration(&self) -> Duration {
        match self {
            SegmentSound::Breath(g) => g.duration(),
            SegmentSound::Ticks(t) => t.duration(),
        }
    }

    /// The same sound begun `offset` into the segment, as after a pause.
    pub fn starting_at(self, offset: Duration) -> Self {
        match self {
            SegmentSound::Breath(g) => SegmentSound::Breath(g.starting_at(offset)),
            SegmentSound::Ticks(t) => SegmentSound::Ticks(t.starting_at(offset)),
        }
    }

    /// Adds the next samples to `out`, from `out[0]` on; whether any remain.
    pub fn mix_into(&mut self, out: &mut [f32]) -> bool {
        match self {
            SegmentSound::Breath(guide) => guide.mix_into(out),
            SegmentSound::Ticks(ticks) => {
                for o in out {
                    match ticks.next() {
                        Some(s) => *o += s,
                        None => return false,
                    }
                }
                true
            }
        }
    }
}
