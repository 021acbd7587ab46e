//! How a session moves through the screens: check-in, player, check-out,
//! saved; and the journal views around it.

use std::time::Instant;

use chrono::Local;

use super::{App, Done, Playable, Screen, Session};
use crate::journal::stats;
use crate::recording::{Ending, Keeper, Ratings, session_record};
use crate::session::{Effect, Msg, Player};
use crate::timeline::Timeline;

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
        let timeline = Timeline::build(&playable.routine);
        if let Some(sound) = &mut self.sound {
            sound.begin(&playable.routine, &timeline);
        }
        let steps = playable.routine.steps.len();
        let (player, effects) = Player::start(timeline, steps, now);
        self.screen = Screen::Player(Box::new(Session {
            playable,
            player,
            started: crate::journal::now(),
            pain_before,
            confirm_quit: false,
            ending: Ending::Chosen,
        }));
        self.apply(effects, now);
    }

    fn apply(&mut self, effects: Vec<Effect>, now: Instant) {
        for effect in effects {
            if let (Some(sound), Screen::Player(session)) = (&mut self.sound, &self.screen) {
                let player = &session.player;
                let offset = player.segment_offset(now);
                let routine = &session.playable.routine;
                sound.effect(
                    &effect,
                    routine,
                    player.timeline(),
                    player.segment(),
                    offset,
                );
            }
            let Effect::Ended(summary) = effect else {
                continue;
            };
            let Screen::Player(session) = std::mem::replace(&mut self.screen, placeholder()) else {
                continue;
            };
            let session = *session;
            let done = Done {
                playable: session.playable,
                started: session.started,
                summary,
                ending: session.ending,
                pain_before: session.pain_before,
            };
            let asks = self.options.checkin && session.ending == Ending::Chosen;
            if asks {
                self.screen = Screen::CheckOut {
                    done: Box::new(done),
                    pain: None,
                    note: None,
                };
            } else {
                self.record(done, None, None);
            }
        }
    }

    /// Saves the session and shows the finished screen.
    pub(super) fn record(&mut self, done: Done, pain_after: Option<u8>, note: Option<String>) {
        let ratings = Ratings {
            pain_before: done.pain_before,
            pain_after,
            note,
        };
        let source = &done.playable.source;
        let title = &done.playable.routine.title;
        let audio = self.sound.as_ref().is_some_and(|s| s.audible());
        let record = session_record(
            source,
            title,
            done.started,
            &done.summary,
            done.ending,
            ratings,
            audio,
        );
        let saved = self.keeper.save(record);
        self.progress = progress(&self.keeper, self.options.weekly_goal);
        self.screen = Screen::Finished {
            title: title.clone(),
            summary: done.summary,
            saved,
        };
    }

    /// Lets time pass: fires due cues.
    pub fn tick(&mut self, now: Instant) {
        self.send(Msg::Tick, now);
    }

    pub(super) fn send(&mut self, msg: Msg, now: Instant) {
        if let Screen::Player(session) = &mut self.screen {
            let effects = session.player.update(msg, now);
            self.apply(effects, now);
        }
    }

    /// Ends the session now, without the check-out: Ctrl-C, or a signal.
    pub(super) fn end_now(&mut self, ending: Ending, now: Instant) {
        match &mut self.screen {
            Screen::Player(session) => {
                session.ending = ending;
                self.send(Msg::Quit, now);
            }
            Screen::CheckOut { .. } => {
                if let Screen::CheckOut { done, pain, .. } =
                    std::mem::replace(&mut self.screen, placeholder())
                {
                    self.record(*done, pain, None);
                }
            }
            _ => {}
        }
    }

    /// A SIGINT, SIGTERM or SIGHUP: the session is ended and saved, and the app leaves.
    pub fn stop(&mut self, now: Instant) {
        self.end_now(Ending::Signal, now);
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

    /// Opens the history screen from the journal.
    pub(super) fn open_history(&mut self) {
        let loaded = self.keeper.journal().map(|j| j.load());
        let (records, problems) = match loaded {
            Some(Ok(loaded)) => (loaded.records, loaded.problems.len()),
            _ => (Vec::new(), 0),
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
    let records = keeper.journal()?.load().ok()?.records;
    let today = Local::now().date_naive();
    let week = stats::this_week(&records, today);
    let goal = stats::GoalProgress {
        done: week.sessions,
        goal,
    };
    let last = records
        .iter()
        .filter(|r| r.as_session().is_some())
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
