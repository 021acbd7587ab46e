//! "I have a headache now": `!` in the library opens an attack at once,
//! after asking only its pain, and offers the relief routine; when one is
//! going on already, it says so and offers the routine. The attack is in
//! the journal before the routine starts, and the sessions played while it
//! goes on are linked to it when they are saved (see
//! [`crate::conductor::Keeper::save`]).

use std::time::Instant;

use chrono::{DateTime, FixedOffset, SubsecRound};

use super::{App, Playable, Screen};
use crate::conductor::Opened;
use crate::config::DEFAULT_RELIEF_ROUTINE;
use crate::journal::Rating;
use crate::journal::diary::{Attack, open_attack};
use crate::ui::view::attack_now;

/// What became of the headache `!` was pressed for.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Noted {
    /// In the journal now.
    Opened(Attack),
    /// This one was going on already.
    AlreadyOpen(Attack),
    /// Not saved, for this reason; the keeper holds it.
    Unsaved(String),
}

impl Noted {
    /// When it started, in words, as of `now`: "14:05", or "1 Dec 22:10"
    /// on another day; empty when it was not saved.
    pub fn since(&self, now: DateTime<FixedOffset>) -> String {
        match self {
            Noted::Opened(a) | Noted::AlreadyOpen(a) => since(a.start, now),
            Noted::Unsaved(_) => String::new(),
        }
    }

    /// As the view draws it, with `since` from [`Noted::since`].
    pub fn view<'a>(&'a self, since: &'a str) -> attack_now::Noted<'a> {
        match self {
            Noted::Opened(a) => attack_now::Noted::Opened {
                since,
                pain: a.peak.map(Rating::get),
            },
            Noted::AlreadyOpen(_) => attack_now::Noted::AlreadyOpen { since },
            Noted::Unsaved(why) => attack_now::Noted::Unsaved { why },
        }
    }
}

/// `start` in words as of `now`: the time on its own wall clock, with the
/// date too when it is not `now`'s.
pub(super) fn since(start: DateTime<FixedOffset>, now: DateTime<FixedOffset>) -> String {
    if start.date_naive() == now.date_naive() {
        start.format("%H:%M").to_string()
    } else {
        start.format("%-d %b %H:%M").to_string()
    }
}

/// The bundled neck, shoulders and temples routine among `library`, for
/// an app not told of another.
pub(super) fn default_relief(library: &[Playable]) -> Result<Playable, String> {
    library
        .iter()
        .find(|p| crate::library::stem(&p.source) == DEFAULT_RELIEF_ROUTINE)
        .cloned()
        .ok_or_else(|| format!("no routine called `{DEFAULT_RELIEF_ROUTINE}`"))
}

impl App {
    /// `!`: the pain question, or, with an attack going on already (as
    /// last read, or read now if not yet), the relief routine offered.
    pub(super) fn headache_now(&mut self) {
        let open = match self.reader.current(self.today()) {
            Some(figures) => figures.open_attack.clone(),
            None => self
                .keeper
                .journal()
                .and_then(|j| j.load().ok())
                .and_then(|loaded| open_attack(&loaded.records).cloned()),
        };
        self.screen = match open {
            Some(open) => Screen::Relief {
                noted: Noted::AlreadyOpen(open),
                pain: None,
            },
            None => Screen::PainNow { pain: None },
        };
    }

    /// The pain was given (or skipped): the attack is opened now, in the
    /// journal at once, and the relief routine offered.
    pub(super) fn note_headache(&mut self, pain: Option<u8>, now: Instant) {
        let attack = Attack {
            peak: pain.and_then(Rating::new),
            ..Attack::new(self.clock.at(now).trunc_subsecs(0))
        };
        let noted = match self.keeper.open_attack(attack) {
            Ok(Opened::New(attack)) => Noted::Opened(attack),
            Ok(Opened::AlreadyOpen(open)) => Noted::AlreadyOpen(open),
            Err(why) => Noted::Unsaved(why),
        };
        self.journal_changed();
        self.screen = Screen::Relief {
            noted,
            pain: Some(pain),
        };
    }

    /// Enter on the offer: the relief routine, with the pain given after
    /// `!` as its pain before (not asked again), or with the check-in when
    /// none was asked.
    pub(super) fn start_relief(&mut self, now: Instant) {
        let Screen::Relief { pain, .. } = &self.screen else {
            return;
        };
        let pain = *pain;
        let Ok(relief) = self.relief.clone() else {
            return;
        };
        match pain {
            Some(pain) => self.start_player(relief, pain, now),
            None => self.begin(relief, now),
        }
    }
}
