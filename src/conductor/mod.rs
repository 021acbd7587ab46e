//! The conductor: one session, driven the same way for the full screen and
//! for `--plain`. It builds the timeline, starts the sound, feeds the
//! player's effects to the sound and hands them to the view, and turns the
//! end into exactly one [`Over`], ready to become one journal record.

mod ending;
mod keeper;
mod over;
mod wall;

use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset};

pub use ending::Ending;
pub use keeper::{Keeper, Opened};
pub use over::Over;
pub use wall::WallClock;

use crate::audio::live::LiveSound;
use crate::journal::RoutineRef;
use crate::routine::{Routine, RoutineSource};
use crate::session::player::step_span;
use crate::session::{Effect, Msg, Player, State};
use crate::timeline::Timeline;

/// One session of a routine, from its start to its end.
pub struct Conductor {
    routine: Routine,
    reference: RoutineRef,
    player: Player,
    sound: Option<LiveSound>,
    clock: WallClock,
    started: DateTime<FixedOffset>,
    pain_before: Option<u8>,
    /// How it was ended from outside, once it was.
    ending: Option<Ending>,
    over: Option<Over>,
}

impl Conductor {
    /// Starts `routine` (read from `source`) at `now`, from the start of
    /// step `from` (counted from 0; 0 with the lead-in, if it has one),
    /// with its sound on `sound` if there is any. Returns the effects due
    /// at once, for the view.
    pub fn start(
        source: &RoutineSource,
        routine: Routine,
        from: usize,
        pain_before: Option<u8>,
        mut sound: Option<LiveSound>,
        clock: WallClock,
        now: Instant,
    ) -> (Self, Vec<Effect>) {
        let timeline = Timeline::build(&routine);
        let last = routine.steps.len().saturating_sub(1);
        let position = match from.min(last) {
            0 => Duration::ZERO,
            step => step_span(&timeline, step).map_or(Duration::ZERO, |(start, _)| start),
        };
        if let Some(sound) = &mut sound {
            sound.begin(&routine, &timeline, position);
        }
        let steps = routine.steps.len();
        let (player, effects) = Player::start_at(timeline, steps, position, now);
        let mut conductor = Self {
            reference: RoutineRef::new(&routine.title, Some(source.name.clone()), &source.text),
            routine,
            player,
            sound,
            started: clock.at(now),
            clock,
            pain_before,
            ending: None,
            over: None,
        };
        conductor.conduct(&effects, now);
        (conductor, effects)
    }

    /// Hands `msg` to the player at `now`; returns its effects for the view
    /// after the sound has had them.
    pub fn send(&mut self, msg: Msg, now: Instant) -> Vec<Effect> {
        let effects = self.player.update(msg, now);
        self.conduct(&effects, now);
        effects
    }

    /// Plays `routine`, a new version of the one playing read from
    /// `source`, from `now` on: the same step, the same place in it (see
    /// [`Player::reload`]), its sound laid out anew from there. The record
    /// names the version playing when it ends.
    pub fn reload(
        &mut self,
        source: &RoutineSource,
        routine: Routine,
        now: Instant,
    ) -> Vec<Effect> {
        let steps = routine.steps.len();
        let effects = self.player.reload(Timeline::build(&routine), steps, now);
        if !matches!(self.player.state(), State::Ended(_)) {
            if let Some(sound) = &mut self.sound {
                sound.begin(&routine, self.player.timeline(), self.player.position(now));
            }
            self.reference =
                RoutineRef::new(&routine.title, Some(source.name.clone()), &source.text);
            self.routine = routine;
        }
        self.conduct(&effects, now);
        effects
    }

    /// Wait steps do not wait from `now` on: nobody can press a key.
    pub fn stop_waiting(&mut self, now: Instant) {
        self.player.stop_waiting(now);
        self.conduct(&[], now);
    }

    /// Ends the session at `now`, for the reason given.
    pub fn end(&mut self, ending: Ending, now: Instant) -> Vec<Effect> {
        if self.over.is_none() {
            self.ending = Some(ending);
        }
        self.send(Msg::Quit, now)
    }

    fn conduct(&mut self, effects: &[Effect], now: Instant) {
        if let Some(sound) = &mut self.sound {
            sound.follow(&self.player, now);
        }
        for effect in effects {
            if let Effect::Ended(summary) = effect {
                self.over = Some(Over {
                    routine: self.reference.clone(),
                    summary: summary.clone(),
                    ending: self.ending,
                    started: self.started,
                    ended: self.clock.at(now),
                    pain_before: self.pain_before,
                    audio: self.sound.as_ref().is_some_and(LiveSound::heard),
                    voice: self.sound.as_ref().is_some_and(LiveSound::voice_heard),
                });
            }
        }
    }

    pub fn routine(&self) -> &Routine {
        &self.routine
    }

    pub fn player(&self) -> &Player {
        &self.player
    }

    pub fn sound(&self) -> Option<&LiveSound> {
        self.sound.as_ref()
    }

    pub fn sound_mut(&mut self) -> Option<&mut LiveSound> {
        self.sound.as_mut()
    }

    /// The ended session, once it has ended.
    pub fn over(&self) -> Option<&Over> {
        self.over.as_ref()
    }

    /// The ended session and the sound, to go on with; `Err(self)` while
    /// the session is still going.
    pub fn finish(self) -> Result<(Over, Option<LiveSound>), Box<Self>> {
        match self.over {
            Some(over) => Ok((over, self.sound)),
            None => Err(Box::new(self)),
        }
    }
}
