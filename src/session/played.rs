//! How much of each step was actually played, as opposed to passed over
//! with a skip: the difference between doing a routine and paging through it.

use std::time::Duration;

use crate::timeline::Timeline;

/// The share of a step (or a session) that must be played for it to count
/// as done: one half. Used for steps here and for whole sessions in
/// [`crate::journal::Session::counts`].
pub fn enough(played: Duration, planned: Duration) -> bool {
    !played.is_zero() && played * 2 >= planned
}

/// Played time per step, fed with the session position as it moves.
#[derive(Debug, Clone, PartialEq)]
pub struct Played {
    /// Each step's length: all its passes and rests.
    length: Vec<Duration>,
    /// Where each step's last segment ends.
    end: Vec<Duration>,
    played: Vec<Duration>,
    /// Steps the person said were done (a wait step gone on from).
    confirmed: Vec<bool>,
    /// The position up to which time has been accounted for.
    last: Duration,
    /// The furthest position the session has been at.
    furthest: Duration,
}

impl Played {
    pub fn new(timeline: &Timeline, steps: usize) -> Self {
        let mut length = vec![Duration::ZERO; steps];
        let mut end = vec![Duration::ZERO; steps];
        for segment in &timeline.segments {
            if let Some(step) = segment.part.step().filter(|&s| s < steps) {
                length[step] += segment.duration;
                end[step] = end[step].max(segment.end());
            }
        }
        Self {
            length,
            end,
            played: vec![Duration::ZERO; steps],
            confirmed: vec![false; steps],
            last: Duration::ZERO,
            furthest: Duration::ZERO,
        }
    }

    /// Time went by up to `position`: what lies between was played.
    pub fn advance(&mut self, timeline: &Timeline, position: Duration) {
        if position > self.last {
            let first = timeline.segments.partition_point(|s| s.end() <= self.last);
            for segment in &timeline.segments[first..] {
                if segment.start >= position {
                    break;
                }
                let from = segment.start.max(self.last);
                let to = segment.end().min(position);
                if let Some(step) = segment.part.step()
                    && let Some(played) = self.played.get_mut(step)
                {
                    *played += to.saturating_sub(from);
                }
            }
        }
        self.jump(position);
    }

    /// The same account for a new version of the routine (`timeline`, of
    /// `steps` steps), now at `position`: each step keeps the time played
    /// (and the going on from a wait) of the step of its number, and
    /// nothing after `position` is passed.
    pub fn carried(&self, timeline: &Timeline, steps: usize, position: Duration) -> Self {
        let mut carried = Self::new(timeline, steps);
        for (new, old) in carried.played.iter_mut().zip(&self.played) {
            *new = *old;
        }
        for (new, old) in carried.confirmed.iter_mut().zip(&self.confirmed) {
            *new = *old;
        }
        carried.jump(position);
        carried
    }

    /// The position jumped to `position` (a skip): nothing was played.
    pub fn jump(&mut self, position: Duration) {
        self.last = position;
        self.furthest = self.furthest.max(position);
    }

    /// The person went on from `step` when it was done: it counts as done.
    pub fn confirm(&mut self, step: usize) {
        if let Some(confirmed) = self.confirmed.get_mut(step) {
            *confirmed = true;
        }
    }

    fn passed(&self, step: usize) -> bool {
        self.furthest >= self.end[step]
    }

    fn done(&self, step: usize) -> bool {
        self.confirmed[step] || enough(self.played[step], self.length[step])
    }

    /// Steps the session went past with at least half of them played.
    pub fn steps_done(&self) -> usize {
        (0..self.played.len())
            .filter(|&s| self.passed(s) && self.done(s))
            .count()
    }

    /// Steps the session went past with less than half played, from 0.
    pub fn skipped(&self) -> Vec<usize> {
        (0..self.played.len())
            .filter(|&s| self.passed(s) && !self.done(s))
            .collect()
    }
}
