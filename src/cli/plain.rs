//! `play --plain`: one line per event, paced in real time, for screen
//! readers, dumb terminals and pipes.

use std::io::{self, IsTerminal, Write};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use ratatui::crossterm::terminal;

use super::exit;
use crate::recording::{Ending, Keeper, Ratings, session_record};
use crate::routine::vocabulary::Sides;
use crate::routine::{Pacing, Routine, RoutineSource};
use crate::session::{Effect, Msg, Outcome, Player, Summary};
use crate::timeline::{Cue, CueKind, Part, Timeline};
use crate::ui::events::{self, Event};
use crate::ui::sound::LiveSound;

/// Raw mode for single-key pause, released when dropped.
struct RawMode;

impl Drop for RawMode {
    fn drop(&mut self) {
        let _ = terminal::disable_raw_mode();
    }
}

pub fn run(source: &RoutineSource, routine: &Routine, mut sound: Option<LiveSound>) -> u8 {
    let keys = io::stdin().is_terminal();
    let raw = if keys {
        terminal::enable_raw_mode().ok().map(|_| RawMode)
    } else {
        None
    };
    let rx = if raw.is_some() {
        events::spawn()
    } else {
        let (tx, rx) = mpsc::channel();
        events::spawn_signals(tx).map(|_| rx)
    };
    let Ok(rx) = rx else {
        eprintln!("error: cannot listen for signals");
        return exit::ENVIRONMENT;
    };
    let mut out = Lines {
        newline: if raw.is_some() { "\r\n" } else { "\n" },
        broken: false,
    };
    let timeline = Timeline::build(routine);
    if raw.is_some() {
        out.say("Space or Enter pauses; q or Ctrl-C ends.");
    }
    let started = crate::journal::now();
    let mut ending = Ending::Chosen;
    if let Some(sound) = &mut sound {
        sound.begin(routine, &timeline);
    }
    let (mut player, effects) =
        Player::start(timeline.clone(), routine.steps.len(), Instant::now());
    play(&mut sound, &player, routine, &effects);
    let mut ended = report(&mut out, routine, &timeline, effects);
    while ended.is_none() && !out.broken {
        let now = Instant::now();
        let event = match player.next_deadline(now) {
            Some(at) => rx.recv_timeout(at.saturating_duration_since(now)),
            None => rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
        };
        let now = Instant::now();
        let msg = match event {
            Err(RecvTimeoutError::Timeout) => Msg::Tick,
            Ok(Event::Key(key)) => match key.code {
                KeyCode::Char(' ') | KeyCode::Enter => Msg::TogglePause,
                KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => Msg::Quit,
                KeyCode::Char('q') | KeyCode::Esc => Msg::Quit,
                KeyCode::Right | KeyCode::Char('n') => Msg::Next,
                KeyCode::Left | KeyCode::Char('p') => Msg::Previous,
                _ => Msg::Tick,
            },
            Ok(Event::Resize(..) | Event::Suspend) => Msg::Tick,
            Ok(Event::Stop) | Err(RecvTimeoutError::Disconnected) => {
                ending = Ending::Signal;
                Msg::Quit
            }
        };
        let was_paused = player.state() == crate::session::State::Paused;
        let effects = player.update(msg, now);
        play(&mut sound, &player, routine, &effects);
        let paused = player.state() == crate::session::State::Paused;
        if paused != was_paused {
            out.say(if paused {
                "Paused. Space or Enter goes on."
            } else {
                "Going on."
            });
        }
        ended = report(&mut out, routine, &timeline, effects);
    }
    drop(raw);
    if let Some(summary) = ended {
        let audio = sound.as_ref().is_some_and(LiveSound::audible);
        let record = session_record(
            source,
            &routine.title,
            started,
            &summary,
            ending,
            Ratings::default(),
            audio,
        );
        if let Err(reason) = Keeper::open().save(record.clone()) {
            eprintln!("error: {reason}");
            eprintln!("the record, to keep: {}", record.to_line().trim_end());
            return exit::ENVIRONMENT;
        }
    }
    exit::OK
}

struct Lines {
    newline: &'static str,
    /// The reader went away (a closed pipe): stop quietly.
    broken: bool,
}

impl Lines {
    fn say(&mut self, line: &str) {
        let mut out = io::stdout().lock();
        if write!(out, "{line}{}", self.newline)
            .and_then(|_| out.flush())
            .is_err()
        {
            self.broken = true;
        }
    }
}

/// Hands the player's effects to the sound, if there is sound.
fn play(sound: &mut Option<LiveSound>, player: &Player, routine: &Routine, effects: &[Effect]) {
    let Some(sound) = sound else {
        return;
    };
    let offset = player.segment_offset(Instant::now());
    for effect in effects {
        sound.effect(effect, routine, player.timeline(), player.segment(), offset);
    }
}

fn report(
    out: &mut Lines,
    routine: &Routine,
    timeline: &Timeline,
    effects: Vec<Effect>,
) -> Option<Summary> {
    let mut ended = None;
    for effect in effects {
        match effect {
            Effect::Cue(cue) => {
                if let Some(line) = cue_line(routine, timeline, &cue) {
                    out.say(&line);
                }
            }
            Effect::Ended(summary) => {
                if summary.outcome == Outcome::EndedEarly {
                    out.say(&format!(
                        "Ended early after {} of {} steps, {}.",
                        summary.steps_done,
                        summary.steps_total,
                        spoken(summary.position)
                    ));
                }
                ended = Some(summary);
            }
            _ => {}
        }
    }
    ended
}

/// The line a cue is announced with, if it is announced in text at all.
pub fn cue_line(routine: &Routine, timeline: &Timeline, cue: &Cue) -> Option<String> {
    let segment = &timeline.segments[cue.segment];
    let line = match (cue.kind, segment.part) {
        (CueKind::LeadIn, _) => format!(
            "{}. Settle in; starting in {}.",
            routine.title,
            spoken(segment.duration)
        ),
        (CueKind::StepStart, Part::Step { step, repeat, side }) => {
            let s = &routine.steps[step];
            let mut line = format!("Step {} of {}", step + 1, routine.steps.len());
            if s.repeat > 1 {
                line.push_str(&format!(", round {repeat} of {}", s.repeat));
            }
            line.push_str(&format!(": {}, ", s.title));
            match s.pacing {
                Pacing::Breathe { cycles, .. } => {
                    let breaths = if cycles == 1 { "breath" } else { "breaths" };
                    line.push_str(&format!(
                        "{cycles} {breaths}, {}.",
                        spoken(segment.duration)
                    ));
                }
                _ => line.push_str(&format!("{}.", spoken(segment.duration))),
            }
            match (side, s.sides) {
                (Some(side), Sides::Each | Sides::Alternate) => {
                    line.push_str(&format!(" Start on the {} side.", side.word()))
                }
                (Some(side), _) => line.push_str(&format!(" {} side.", capitalised(side.word()))),
                _ => {}
            }
            let instructions = s
                .instructions
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            if !instructions.is_empty() {
                line.push(' ');
                line.push_str(&instructions);
            }
            line
        }
        (CueKind::BetweenStart, _) => format!("Rest, {}.", spoken(segment.duration)),
        (CueKind::SwitchSide { to }, _) => format!("Switch to the {} side.", to.word()),
        (CueKind::ReverseDirection, _) => "Reverse direction: circle the other way.".to_owned(),
        (CueKind::Breath { phase, length }, _) => format!("{}, {}", phase.words(), seconds(length)),
        (CueKind::SessionEnd, _) => format!("Done. {} is complete.", routine.title),
        (CueKind::Pip { .. } | CueKind::StepStart, _) => return None,
    };
    Some(line)
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// "4" or "4.5" seconds.
fn seconds(length: Duration) -> String {
    let secs = length.as_secs_f64();
    if secs.fract() == 0.0 {
        format!("{secs:.0}")
    } else {
        format!("{secs:.1}")
    }
}

/// A duration as words: "90 seconds", "2 minutes", "1 minute 30 seconds".
pub fn spoken(d: Duration) -> String {
    let secs = d.as_secs();
    let unit = |n: u64, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    match (secs / 60, secs % 60) {
        (0, s) => unit(s, "second"),
        (m, 0) => unit(m, "minute"),
        (m, s) if m < 2 => unit(m * 60 + s, "second"),
        (m, s) => format!("{} {}", unit(m, "minute"), unit(s, "second")),
    }
}
