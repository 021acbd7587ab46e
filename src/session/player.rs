//! The player: a state machine that takes messages with the current instant
//! and returns effects as values. It owns no clock, no terminal and no sound.

use std::time::{Duration, Instant};

use super::clock::SessionClock;
use super::played::Played;
use crate::timeline::{Cue, CueKind, Timeline, Wait};

mod reload;
pub use reload::step_span;

/// Going back within this much of a step's start goes to the step before.
pub const RESTART_GRACE: Duration = Duration::from_secs(3);

/// What the person (or the program around the player) asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Msg {
    Tick,
    TogglePause,
    Pause,
    Resume,
    Next,
    Previous,
    Quit,
    /// The program is being suspended (Ctrl-Z): the clock stops.
    Suspend,
    /// The program is back in the foreground.
    Continue,
}

/// What the player asks the world to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Sound or show a cue.
    Cue(Cue),
    /// A new segment is playing.
    SegmentChanged(usize),
    AmbientStart,
    AmbientStop,
    /// The session is over; record it.
    Ended(Summary),
}

/// How a session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Played to the end.
    Completed,
    /// Stopped before the end.
    EndedEarly,
    /// The end was reached by skipping past the last step.
    Skipped,
}

/// What the journal needs to know about a session.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub outcome: Outcome,
    pub planned: Duration,
    /// Session time actually played: wall time less pauses (and waits held
    /// for the person), so time skipped over is not counted.
    pub position: Duration,
    pub paused: Duration,
    pub wall: Duration,
    /// Steps gone past with at least half of them played.
    pub steps_done: usize,
    pub steps_total: usize,
    /// Steps gone past with less than half played, counted from 0.
    pub skipped: Vec<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Playing,
    Paused,
    /// Held at the start of a wait step until the person goes on (space):
    /// the clock stands still and the time is kept as paused time.
    Waiting,
    /// Suspended by the terminal; remembers whether it was paused before.
    Suspended {
        was_paused: bool,
    },
    Ended(Outcome),
}

#[derive(Debug, Clone)]
pub struct Player {
    timeline: Timeline,
    steps_total: usize,
    clock: SessionClock,
    state: State,
    /// Index of the first cue not yet fired.
    next_cue: usize,
    segment: usize,
    played: Played,
    /// The position up to which the way has been checked for waits that
    /// hold: a wait holds when the position reaches its start from here.
    checked: Duration,
}

impl Player {
    /// Starts a session at `now`, with the effects due at once: the ambient
    /// bed, the first segment and its cues.
    pub fn start(timeline: Timeline, steps_total: usize, now: Instant) -> (Self, Vec<Effect>) {
        Self::start_at(timeline, steps_total, Duration::ZERO, now)
    }

    /// Starts a session at `position` (a step's start, say) at `now`: what
    /// lies before it is passed over, not played, and its cues not sounded.
    pub fn start_at(
        timeline: Timeline,
        steps_total: usize,
        position: Duration,
        now: Instant,
    ) -> (Self, Vec<Effect>) {
        let mut player = Self {
            played: Played::new(&timeline, steps_total),
            timeline,
            steps_total,
            clock: SessionClock::start(now),
            state: State::Playing,
            next_cue: 0,
            segment: 0,
            checked: Duration::ZERO,
        };
        player.seek(position, now);
        player.segment = player.timeline.segment_at(position);
        let mut effects = vec![Effect::AmbientStart, Effect::SegmentChanged(player.segment)];
        effects.extend(player.update(Msg::Tick, now));
        (player, effects)
    }

    /// From `now` on, wait steps last what they count for, as any timed
    /// step: nobody can press a key to go on (plain mode with no terminal
    /// on stdin). A hold under way goes on at once.
    pub fn stop_waiting(&mut self, now: Instant) {
        for segment in &mut self.timeline.segments {
            segment.waits = None;
        }
        self.unhold(now);
        let mut effects = Vec::new();
        self.fire_due(now, &mut effects);
    }

    pub fn timeline(&self) -> &Timeline {
        &self.timeline
    }

    pub fn state(&self) -> State {
        self.state
    }

    pub fn segment(&self) -> usize {
        self.segment
    }

    pub fn position(&self, now: Instant) -> Duration {
        self.clock.position(now).min(self.timeline.total)
    }

    /// The next instant a cue is due, if playing.
    pub fn next_deadline(&self, now: Instant) -> Option<Instant> {
        if self.state != State::Playing {
            return None;
        }
        let cue = self.timeline.cues.get(self.next_cue)?;
        self.clock.instant_of(cue.at, now)
    }

    /// Handles one message at `now`.
    pub fn update(&mut self, msg: Msg, now: Instant) -> Vec<Effect> {
        if matches!(self.state, State::Ended(_)) {
            return Vec::new();
        }
        // Catch up first, so a key acts on the segment playing now and no
        // cue crossed since the last message is skipped.
        let mut effects = Vec::new();
        self.fire_due(now, &mut effects);
        if matches!(self.state, State::Ended(_)) {
            return effects;
        }
        match msg {
            Msg::Tick => {}
            Msg::TogglePause if self.goes_on(now) => self.go_on(now),
            Msg::TogglePause if self.state == State::Paused => self.resume(now, &mut effects),
            Msg::TogglePause | Msg::Pause => self.pause(now, &mut effects),
            Msg::Resume => self.resume(now, &mut effects),
            Msg::Next => {
                self.unhold(now);
                if !self.skip_forward(now) {
                    if self.state == State::Playing {
                        effects.push(Effect::AmbientStop);
                    }
                    self.played.jump(self.timeline.total);
                    effects.push(Effect::Ended(self.end(Outcome::Skipped, now)));
                    return effects;
                }
            }
            Msg::Previous => {
                self.unhold(now);
                self.skip_back(now);
            }
            Msg::Suspend => {
                // A hold is taken up again when the session goes on.
                let was_paused = self.state == State::Paused;
                if let State::Playing | State::Paused | State::Waiting = self.state {
                    if !was_paused {
                        effects.push(Effect::AmbientStop);
                    }
                    self.clock.pause(now);
                    self.state = State::Suspended { was_paused };
                }
            }
            Msg::Continue => {
                if let State::Suspended { was_paused } = self.state {
                    self.state = State::Paused;
                    if !was_paused {
                        self.resume(now, &mut effects);
                    }
                }
            }
            Msg::Quit => {
                if self.state == State::Playing {
                    effects.push(Effect::AmbientStop);
                }
                effects.push(Effect::Ended(self.end(Outcome::EndedEarly, now)));
                return effects;
            }
        }
        self.fire_due(now, &mut effects);
        effects
    }

    fn pause(&mut self, now: Instant, effects: &mut Vec<Effect>) {
        if self.state == State::Playing {
            self.clock.pause(now);
            self.state = State::Paused;
            effects.push(Effect::AmbientStop);
        }
    }

    fn resume(&mut self, now: Instant, effects: &mut Vec<Effect>) {
        if self.state == State::Paused {
            self.clock.resume(now);
            self.state = State::Playing;
            effects.push(Effect::AmbientStart);
        }
    }

    /// Whether space goes on from a wait step now, rather than pausing:
    /// held at its start, or playing through one with `at_most`.
    pub fn goes_on(&self, now: Instant) -> bool {
        let waits = self.timeline.segments[self.segment].waits;
        match self.state {
            State::Waiting => true,
            State::Playing => {
                waits == Some(Wait::AtMost)
                    && self.clock.position(now) < self.timeline.segments[self.segment].end()
            }
            _ => false,
        }
    }

    /// The person goes on from a wait step: it is done, however long it took.
    fn go_on(&mut self, now: Instant) {
        self.unhold(now);
        let segment = &self.timeline.segments[self.segment];
        if let Some(step) = segment.part.step() {
            self.played.confirm(step);
        }
        self.seek(segment.end(), now);
    }

    /// Lets the clock run again after a hold.
    fn unhold(&mut self, now: Instant) {
        if self.state == State::Waiting {
            self.clock.resume(now);
            self.state = State::Playing;
        }
    }

    /// The start of the first wait that holds between the position last
    /// checked and `position`.
    fn hold_reached(&self, position: Duration) -> Option<Duration> {
        if self.state != State::Playing {
            return None;
        }
        let from = self.timeline.segment_at(self.checked);
        self.timeline.segments[from..]
            .iter()
            .take_while(|s| s.start <= position)
            .find(|s| s.start >= self.checked && s.waits == Some(Wait::UntilGoOn))
            .map(|s| s.start)
    }

    /// Jumps to the next segment; false when there is none.
    fn skip_forward(&mut self, now: Instant) -> bool {
        let Some(next) = self.timeline.segments.get(self.segment + 1) else {
            return false;
        };
        self.seek(next.start, now);
        true
    }

    fn skip_back(&mut self, now: Instant) {
        let current = &self.timeline.segments[self.segment];
        let into = self.clock.position(now).saturating_sub(current.start);
        let target = if into > RESTART_GRACE || self.segment == 0 {
            self.segment
        } else {
            self.segment - 1
        };
        self.seek(self.timeline.segments[target].start, now);
    }

    /// Jumps to `position`; cues before it are passed over, not replayed.
    fn seek(&mut self, position: Duration, now: Instant) {
        self.clock.seek(position, now);
        self.played.jump(position);
        self.checked = position;
        self.next_cue = self.timeline.cues.partition_point(|c| c.at < position);
    }

    /// Fires every cue whose offset the position has crossed, each once.
    fn fire_due(&mut self, now: Instant, effects: &mut Vec<Effect>) {
        if let Some(start) = self.hold_reached(self.clock.position(now)) {
            self.clock.seek(start, now);
            self.clock.pause(now);
            self.state = State::Waiting;
        }
        let position = self.clock.position(now);
        self.checked = position;
        self.played
            .advance(&self.timeline, position.min(self.timeline.total));
        let segment = self.timeline.segment_at(position.min(self.timeline.total));
        if segment != self.segment {
            self.segment = segment;
            effects.push(Effect::SegmentChanged(segment));
        }
        while let Some(cue) = self.timeline.cues.get(self.next_cue) {
            if cue.at > position {
                break;
            }
            self.next_cue += 1;
            effects.push(Effect::Cue(*cue));
            if cue.kind == CueKind::SessionEnd {
                effects.push(Effect::AmbientStop);
                effects.push(Effect::Ended(self.end(Outcome::Completed, now)));
                return;
            }
        }
    }

    fn end(&mut self, outcome: Outcome, now: Instant) -> Summary {
        let paused = self.clock.paused(now);
        let wall = self.clock.wall(now);
        self.clock.pause(now);
        self.state = State::Ended(outcome);
        // A wait held for the person is not timed: not part of the plan.
        let planned = self.timeline.total - self.timeline.held();
        Summary {
            outcome,
            planned,
            position: wall.saturating_sub(paused).min(planned),
            paused,
            wall,
            steps_done: self.played.steps_done(),
            steps_total: self.steps_total,
            skipped: self.played.skipped(),
        }
    }
}
