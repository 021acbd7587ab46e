//! A new version of the routine while its session plays (`play --watch`):
//! one message into the player with the new timeline. The session stays on
//! the same step (by index, or the last one left), at the same place in it
//! (kept inside the new step), paused, playing or held at a wait as it
//! was; nothing heard already is heard again.

use std::time::{Duration, Instant};

use super::{Effect, Player, State};
use crate::timeline::{Part, Timeline};

/// Where a step shortened to less than the time already spent in it is
/// left: its last second, so the new version of it is seen before it ends.
pub const LAST_MOMENT: Duration = Duration::from_secs(1);

impl Player {
    /// Plays `timeline` (of `steps_total` steps) from `now` in place of
    /// the one playing. The effects are the segment now playing, in the
    /// new timeline, and nothing else: no cue already passed, nor one due
    /// at the very place the session is carried to, is sounded again.
    pub fn reload(&mut self, timeline: Timeline, steps_total: usize, now: Instant) -> Vec<Effect> {
        if matches!(self.state, State::Ended(_)) {
            return Vec::new();
        }
        let mut effects = Vec::new();
        self.fire_due(now, &mut effects);
        if matches!(self.state, State::Ended(_)) {
            return effects;
        }
        // Held at a wait, it is let go; the new version holds there again
        // if it waits there too.
        self.unhold(now);
        let position = self.clock.position(now).min(self.timeline.total);
        let target = carried(&self.timeline, self.segment, position, &timeline);
        self.played = self.played.carried(&timeline, steps_total, target);
        self.timeline = timeline;
        self.steps_total = steps_total;
        self.clock.seek(target, now);
        self.checked = target;
        self.next_cue = self.timeline.cues.partition_point(|c| c.at <= target);
        self.segment = self.timeline.segment_at(target);
        effects.push(Effect::SegmentChanged(self.segment));
        self.fire_due(now, &mut effects);
        effects
    }
}

/// Where step `step` (from 0) of `timeline` starts, and how long it lasts
/// with all its passes and rests; None when there is no such step.
pub fn step_span(timeline: &Timeline, step: usize) -> Option<(Duration, Duration)> {
    let mut segments = timeline
        .segments
        .iter()
        .filter(|s| s.part.step() == Some(step));
    let first = segments.next()?;
    let end = segments.next_back().map_or(first.end(), |s| s.end());
    Some((first.start, end - first.start))
}

/// The place in `new` that matches `position` in segment `segment` of
/// `old`: as far into the same step (or the lead-in) as before, but not
/// past its last moment; the last step when there are fewer now, the
/// first when the lead-in is gone.
fn carried(old: &Timeline, segment: usize, position: Duration, new: &Timeline) -> Duration {
    let Some(current) = old.segments.get(segment) else {
        return Duration::ZERO;
    };
    let (start, span) = match current.part.step() {
        Some(step) => {
            let start = step_span(old, step).map_or(current.start, |(start, _)| start);
            let last = new.segments.iter().filter_map(|s| s.part.step()).max();
            let span = last.and_then(|last| step_span(new, step.min(last)));
            (start, span)
        }
        None => {
            // Without a lead-in now, the first step from its start.
            let lead_in = new.segments.first().map(|s| match s.part {
                Part::LeadIn => (s.start, s.duration),
                _ => (s.start, Duration::ZERO),
            });
            (current.start, lead_in)
        }
    };
    let Some((new_start, length)) = span else {
        return Duration::ZERO;
    };
    let into = position.saturating_sub(start);
    new_start + into.min(length.saturating_sub(LAST_MOMENT))
}

#[cfg(test)]
mod tests;
