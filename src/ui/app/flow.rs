//! How a session moves through the screens: check-in, player, check-out,
//! saved; and the journal views around it.

use std::time::Instant;

use chrono::Local;

use super::{App, Live, Playable, Screen};
use crate::conductor::{Conductor, Ending, Keeper, Over};
use crate::journal::stats;
use crate::session::{Msg, State};

/// Weeks of history the history screen charts.
const HISTORY_WEEKS: usize = 8;

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

    pub(super) fn start_player(
        &mut self,
        playable: Playable,
        pain_before: Option<u8>,
        now: Instant,
    ) {
        let (conductor, _) = Conductor::start(
            &playable.source,
            playable.routine,
            pain_before,
            self.sound.take(),
            self.clock.clone(),
            now,
        );
        self.screen = Screen::Player(Box::new(Live {
            conductor,
            confirm_quit: false,
            resume_on_close: false,
        }));
    }

    /// Lets time pass: fires due cues.
    pub fn tick(&mut self, now: Instant) {
        self.send(Msg::Tick, now);
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
        let saved = self.keeper.save(over.record(pain_after, note));
        self.progress = progress(&self.keeper, self.options.weekly_goal);
        self.screen = Screen::Finished {
            title: title.to_owned(),
            summary: over.summary.clone(),
            saved,
        };
    }

    /// The program must leave now (Ctrl-C, a signal, the terminal gone):
    /// a session playing is ended and saved at once, without the
    /// check-out; a check-out being answered is saved with what was given,
    /// the note typed so far included.
    pub fn interrupt(&mut self, ending: Ending, now: Instant) {
        self.ending = Some(ending);
        self.help = false;
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

    /// Opens the history screen from the journal.
    pub(super) fn open_history(&mut self) {
        let loaded = self.keeper.journal().map(|j| j.load());
        let (records, problems, unreadable) = match loaded {
            Some(Ok(loaded)) => (loaded.records, loaded.problems.len(), None),
            Some(Err(e)) => (Vec::new(), 0, Some(e.to_string())),
            None => (Vec::new(), 0, None),
        };
        let today = Local::now().date_naive();
        let stats = stats::summarise(&records, today, HISTORY_WEEKS, self.options.weekly_goal);
        let mut recent = records;
        recent.sort_by_key(|r| std::cmp::Reverse(r.time()));
        recent.truncate(8);
        self.screen = Screen::History {
            stats: Box::new(stats),
            recent,
            problems,
            unreadable,
        };
    }

    pub(super) fn show_library(&mut self) {
        self.screen = Screen::Library {
            selected: 0,
            filter: String::new(),
            filtering: false,
        };
    }
}

/// The library's line on this week: "2 of 3 sessions this week · last session today".
pub(super) fn progress(keeper: &Keeper, goal: u8) -> Option<String> {
    let records = match keeper.journal()?.load() {
        Ok(loaded) => loaded.records,
        // Said, not hidden: "the journal cannot be read: it is a named pipe…".
        Err(e) => {
            let why = crate::journal::plain_words(&e.source, crate::journal::Access::Read);
            return Some(format!("the journal cannot be read: {why}"));
        }
    };
    let today = Local::now().date_naive();
    let week = stats::this_week(&records, today);
    let goal = stats::GoalProgress {
        done: week.sessions,
        goal,
    };
    let last = records
        .iter()
        .filter(|r| r.as_session().is_some_and(|s| s.counts()))
        .map(|r| r.local_date())
        .max();
    let when = match last.map(|d| (today - d).num_days()) {
        None => return Some(goal.to_string()),
        Some(0) => "today".to_owned(),
        Some(1) => "yesterday".to_owned(),
        Some(days) => format!("{days} days ago"),
    };
    Some(format!("{goal} · last session {when}"))
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
