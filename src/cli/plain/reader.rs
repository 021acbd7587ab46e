//! Follows a session's [`Transcript`] as the player plays it: says each line
//! when the clock reaches it, and holds the clock (a pause, recorded as
//! one) while the lines of a hold are read. Pure: it is handed the player
//! and the instant, and answers what to do.

use std::time::{Duration, Instant};

use crate::session::{Outcome, Player, State};
use crate::transcript::{Hold, Transcript};

/// How long before a hold's moment the clock is stopped, so that the cues
/// there (the step's chime) sound when it goes on, not before.
const EARLY: Duration = Duration::from_millis(100);

/// What to do next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Do {
    Say(String),
    /// Stop the clock for a hold.
    Pause,
    /// A hold is over: the clock goes on.
    Resume,
}

#[derive(Debug)]
pub struct Reader {
    transcript: Transcript,
    /// The next line to say.
    next: usize,
    /// The first hold not yet done.
    next_hold: usize,
    holding: Option<Holding>,
}

#[derive(Debug, Clone, Copy)]
struct Holding {
    hold: Hold,
    /// Held so far, up to `since`.
    held: Duration,
    /// Since when the hold runs; `None` while the person has paused it.
    since: Option<Instant>,
}

impl Holding {
    fn held_by(&self, now: Instant) -> Duration {
        self.held
            + self
                .since
                .map_or(Duration::ZERO, |s| now.saturating_duration_since(s))
    }
}

impl Reader {
    pub fn new(transcript: Transcript) -> Self {
        Self {
            transcript,
            next: 0,
            next_hold: 0,
            holding: None,
        }
    }

    /// Goes on with `transcript` from its start (after a skip), leaving
    /// any hold.
    pub fn restart(&mut self, transcript: Transcript) {
        *self = Self::new(transcript);
    }

    /// Goes on with `transcript` at `position` (after a reload): what it
    /// has up to there is taken as said, its holds there as done.
    pub fn restart_after(&mut self, transcript: Transcript, position: Duration) {
        let next = transcript.lines.partition_point(|l| l.at <= position);
        let next_hold = transcript.holds.partition_point(|h| h.at <= position);
        *self = Self {
            transcript,
            next,
            next_hold,
            holding: None,
        };
    }

    pub fn words_a_minute(&self) -> u32 {
        self.transcript.words_a_minute
    }

    /// The position of the hold being read, if one is.
    pub fn holding_at(&self) -> Option<Duration> {
        self.holding.map(|h| h.hold.at)
    }

    /// Whether the person has paused the hold being read.
    pub fn hold_paused(&self) -> bool {
        self.holding.is_some_and(|h| h.since.is_none())
    }

    /// The person pauses or goes on during a hold: `Some(paused)` when a
    /// hold took it, `None` when the player should.
    pub fn toggle(&mut self, now: Instant) -> Option<bool> {
        let h = self.holding.as_mut()?;
        match h.since.take() {
            Some(since) => h.held += now.saturating_duration_since(since),
            None => h.since = Some(now),
        }
        Some(h.since.is_none())
    }

    /// Stops a running hold's time (the program is suspended); true if it
    /// was running, to [`Reader::thaw`] it after.
    pub fn freeze(&mut self, now: Instant) -> bool {
        if self.holding.is_some_and(|h| h.since.is_some()) {
            self.toggle(now);
            return true;
        }
        false
    }

    pub fn thaw(&mut self, now: Instant) {
        if self.hold_paused() {
            self.toggle(now);
        }
    }

    /// What is due at `now` with the session where `player` has it; call
    /// again until `None`.
    pub fn poll(&mut self, player: &Player, now: Instant) -> Option<Do> {
        if let Some(h) = self.holding {
            let into = h.held_by(now);
            if let Some(line) = self.transcript.lines.get(self.next)
                && line.at == h.hold.at
                && line.held.is_some_and(|o| o <= into)
            {
                self.next += 1;
                return Some(Do::Say(line.text.clone()));
            }
            if h.since.is_some() && into >= h.hold.length {
                self.holding = None;
                self.next_hold += 1;
                return Some(Do::Resume);
            }
            return None;
        }
        let state = player.state();
        match state {
            State::Ended(Outcome::Completed) | State::Playing | State::Paused | State::Waiting => {}
            State::Ended(_) | State::Suspended { .. } => return None,
        }
        let position = player.position(now);
        if let Some(&hold) = self.transcript.holds.get(self.next_hold)
            && position + EARLY >= hold.at
            && !matches!(state, State::Ended(_))
        {
            // A line due just before the hold is said before it.
            if let Some(line) = self.transcript.lines.get(self.next)
                && line.held.is_none()
                && line.at < hold.at
            {
                self.next += 1;
                return Some(Do::Say(line.text.clone()));
            }
            // A wait step stands still anyway: its lines are read meanwhile.
            let playing = matches!(state, State::Playing | State::Waiting);
            self.holding = Some(Holding {
                hold,
                held: Duration::ZERO,
                since: playing.then_some(now),
            });
            return if playing {
                Some(Do::Pause)
            } else {
                self.poll(player, now)
            };
        }
        let line = self.transcript.lines.get(self.next)?;
        if line.held.is_none() && line.at <= position {
            self.next += 1;
            return Some(Do::Say(line.text.clone()));
        }
        None
    }

    /// When something is next due, if the clock (or a hold) runs.
    pub fn deadline(&self, player: &Player, now: Instant) -> Option<Instant> {
        if let Some(h) = self.holding {
            let since = h.since?;
            let next = self
                .transcript
                .lines
                .get(self.next)
                .filter(|l| l.at == h.hold.at)
                .and_then(|l| l.held);
            let target = next.unwrap_or(h.hold.length);
            return Some(since + target.saturating_sub(h.held));
        }
        if player.state() != State::Playing {
            return None;
        }
        let position = player.position(now);
        let line = self
            .transcript
            .lines
            .get(self.next)
            .filter(|l| l.held.is_none())
            .map(|l| l.at);
        let hold = self
            .transcript
            .holds
            .get(self.next_hold)
            .map(|h| h.at.saturating_sub(EARLY));
        let target = [line, hold].into_iter().flatten().min()?;
        Some(now + target.saturating_sub(position))
    }
}

#[cfg(test)]
#[path = "reader_tests.rs"]
mod tests;
