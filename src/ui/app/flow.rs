//! How a session moves through the screens: check-in, player, check-out,
//! saved; and the journal views around it.

use std::time::Instant;

use chrono::NaiveDate;

use super::{App, Live, Playable, Screen};
use crate::conductor::{Conductor, Ending, Over};
use crate::session::{Msg, State};

impl App {
    /// Starts `playable`: the check-in first when asked for.
    pub(super) fn begin(&mut self, playable: Playable, now: Instant) {
        if self.options.checkin {
            self.screen = Screen::CheckIn {
                playable: Box::new(playable),
                pain: None,
            };
        } else {
            self.start_player(playable, None, now);
        }
    }

    /// Starts the session, after the routine's cautions when it has any.
    pub(super) fn start_player(
        &mut self,
        playable: Playable,
        pain_before: Option<u8>,
        now: Instant,
    ) {
        if playable.routine.cautions.is_empty() {
            self.play_now(playable, pain_before, now);
        } else {
            self.screen = Screen::Cautions {
                playable: Box::new(playable),
                pain: pain_before,
            };
        }
    }

    /// Starts the session now.
    pub(super) fn play_now(&mut self, playable: Playable, pain_before: Option<u8>, now: Instant) {
        self.keeper.session_starts();
        let (conductor, _) = Conductor::start(
            &playable.source,
            playable.routine,
            playable.from,
            pain_before,
            self.sound.take(),
            self.clock.clone(),
            now,
        );
        self.screen = Screen::Player(Box::new(Live {
            conductor,
            notice: None,
            confirm_quit: false,
            resume_on_close: false,
            page: None,
        }));
    }

    /// Lets time pass: fires due cues, and takes the journal's figures
    /// when they have been read (asking for them again on a new day).
    pub fn tick(&mut self, now: Instant) {
        self.send(Msg::Tick, now);
        if matches!(self.screen, Screen::Library { .. } | Screen::History { .. }) {
            self.reader.keep_up(self.today());
        }
    }

    pub(super) fn send(&mut self, msg: Msg, now: Instant) {
        if let Screen::Player(live) = &mut self.screen {
            live.conductor.send(msg, now);
            self.after_session();
        }
    }

    /// Once the session playing has ended: the check-out, or straight to
    /// saving it when none is asked.
    pub(super) fn after_session(&mut self) {
        let over = matches!(&self.screen, Screen::Player(live) if live.conductor.over().is_some());
        if !over {
            return;
        }
        let Screen::Player(live) = std::mem::replace(&mut self.screen, placeholder()) else {
            return;
        };
        let title = live.conductor.routine().title.clone();
        let Ok((over, sound)) = live.conductor.finish() else {
            return;
        };
        self.sound = sound;
        self.help = false;
        self.warning = false;
        if self.options.checkin && over.asks_checkout() {
            self.screen = Screen::CheckOut {
                over: Box::new(over),
                title,
                pain: None,
                note: None,
            };
        } else {
            self.record(&over, &title, None, None);
        }
    }

    /// Saves the session and shows the finished screen.
    pub(super) fn record(
        &mut self,
        over: &Over,
        title: &str,
        pain_after: Option<u8>,
        note: Option<&str>,
    ) {
        let saved = self
            .recording
            .then(|| self.keeper.save(over.record(pain_after, note)));
        self.journal_changed();
        self.screen = Screen::Finished {
            title: title.to_owned(),
            summary: over.summary.clone(),
            pain: (over.pain_before, pain_after),
            saved,
        };
    }

    /// A record was saved (or tried): the figures are read again, with
    /// it, for the library that comes next (`play`, or a Ctrl-C or a
    /// signal, leaves instead).
    pub(super) fn journal_changed(&mut self) {
        self.reader.outdated();
        if !self.single && self.ending.is_none() {
            self.reader.keep_up(self.today());
        }
    }

    /// The program must leave now (Ctrl-C, a signal, the terminal gone):
    /// a session playing is ended and saved at once, without the
    /// check-out; a check-out being answered is saved with what was given,
    /// the note typed so far included.
    pub fn interrupt(&mut self, ending: Ending, now: Instant) {
        self.ending = Some(ending);
        self.help = false;
        self.warning = false;
        match &mut self.screen {
            Screen::Player(live) => {
                live.conductor.end(ending, now);
                let Screen::Player(live) = std::mem::replace(&mut self.screen, placeholder())
                else {
                    return;
                };
                let title = live.conductor.routine().title.clone();
                if let Ok((over, sound)) = live.conductor.finish() {
                    self.sound = sound;
                    self.record(&over, &title, None, None);
                }
            }
            Screen::CheckOut { .. } => self.finish_checkout(true),
            _ => {}
        }
    }

    /// Saves the session being checked out, with the note if `keep_note`.
    pub(super) fn finish_checkout(&mut self, keep_note: bool) {
        if let Screen::CheckOut {
            over,
            title,
            pain,
            note,
        } = std::mem::replace(&mut self.screen, placeholder())
        {
            let note = note.filter(|_| keep_note);
            self.record(&over, &title, pain, note.as_deref());
        }
    }

    /// The process is about to be stopped (Ctrl-Z) or has come back.
    pub fn suspended(&mut self, suspended: bool, now: Instant) {
        self.send(
            if suspended {
                Msg::Suspend
            } else {
                Msg::Continue
            },
            now,
        );
    }

    /// The help or the question opens over the player: the session pauses
    /// (if it was playing) until they close.
    pub(super) fn open_overlay(&mut self, now: Instant) {
        if let Screen::Player(live) = &mut self.screen
            && live.conductor.player().state() == State::Playing
        {
            live.resume_on_close = true;
            self.send(Msg::Pause, now);
        }
    }

    /// The help or the question closed: the session goes on if it was
    /// paused for them.
    pub(super) fn close_overlay(&mut self, now: Instant) {
        if let Screen::Player(live) = &mut self.screen
            && std::mem::take(&mut live.resume_on_close)
        {
            self.send(Msg::Resume, now);
        }
    }

    /// Opens the history screen: the figures as read, or a quiet line
    /// until they are.
    pub(super) fn open_history(&mut self) {
        self.screen = Screen::History { scroll: 0 };
        self.reader.keep_up(self.today());
    }

    /// Today, on the app's clock (the journal's dates are on it too).
    pub(super) fn today(&self) -> NaiveDate {
        self.clock.at(Instant::now()).date_naive()
    }

    pub(super) fn show_library(&mut self) {
        self.screen = Screen::Library {
            selected: 0,
            filter: String::new(),
            filtering: false,
        };
    }
}

/// Indexes of the routines whose title, summary or tags contain `filter`.
pub(super) fn matching(library: &[Playable], filter: &str) -> Vec<usize> {
    let wanted = filter.to_lowercase();
    library
        .iter()
        .enumerate()
        .filter(|(_, p)| {
            wanted.is_empty()
                || p.entry.title.to_lowercase().contains(&wanted)
                || p.entry.summary.to_lowercase().contains(&wanted)
                || p.routine
                    .tags
                    .iter()
                    .any(|t| t.to_lowercase().contains(&wanted))
        })
        .map(|(i, _)| i)
        .collect()
}

/// A screen to stand in while one is moved out of `self.screen`.
pub(super) fn placeholder() -> Screen {
    Screen::Library {
        selected: 0,
        filter: String::new(),
        filtering: false,
    }
}
