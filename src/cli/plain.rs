//! `play --plain`: one line per event, paced in real time, for screen
//! readers, dumb terminals and pipes; a thin view of the same conductor as
//! the full screen. When stdin is a terminal it takes single keys (space
//! pauses, Ctrl-Z suspends) and asks pain before and after in one line each.

use std::io::{self, IsTerminal, Write};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::crossterm::terminal;

use super::exit;
use crate::audio::live::LiveSound;
use crate::audio::output::OPEN_WAIT;
use crate::conductor::{Conductor, Ending, Keeper, WallClock};
use crate::routine::vocabulary::Sides;
use crate::routine::{Pacing, Routine, RoutineSource};
use crate::session::{Effect, Msg, Outcome, State};
use crate::timeline::{Cue, CueKind, Part, Timeline};
use crate::ui::events::{self, Event};

/// Raw mode for single-key pause, released when dropped.
struct RawMode;

impl RawMode {
    fn enter() -> Option<Self> {
        terminal::enable_raw_mode().ok().map(|_| RawMode)
    }
}

impl Drop for RawMode {
    fn drop(&mut self) {
        let _ = terminal::disable_raw_mode();
    }
}

pub fn run(
    source: &RoutineSource,
    routine: &Routine,
    sound: Option<LiveSound>,
    checkin: bool,
) -> u8 {
    let raw = if io::stdin().is_terminal() {
        RawMode::enter()
    } else {
        None
    };
    let (tx, rx) = mpsc::channel();
    let listening = if raw.is_some() {
        events::spawn(tx)
    } else {
        events::spawn_signals(tx)
    };
    if listening.is_err() {
        eprintln!("error: cannot listen for signals");
        return exit::ENVIRONMENT;
    };
    // Raw mode turns off the terminal's own newline translation.
    let on_screen = raw.is_some() && io::stdout().is_terminal();
    let mut out = Lines {
        newline: if on_screen { "\r\n" } else { "\n" },
        broken: false,
    };
    // A question is asked only where it can be seen and answered.
    let asks = on_screen && checkin;
    let pain_before = if asks {
        match ask_pain(&mut out, &rx, "How is your head right now?") {
            Ok(pain) => pain,
            Err(ending) => return ending.exit_code(),
        }
    } else {
        None
    };
    out.say(&match &sound {
        None => "Sound is off (--no-audio); these lines carry every cue.".to_owned(),
        Some(sound) => match sound.off_reason(OPEN_WAIT) {
            Some(reason) => format!("Sound is off ({reason}); these lines carry every cue."),
            None => "Sound is on.".to_owned(),
        },
    });
    if raw.is_some() {
        out.say("Space or Enter pauses; q or Ctrl-C ends; Ctrl-Z suspends.");
    }
    let (mut conductor, effects) = Conductor::start(
        source,
        routine.clone(),
        pain_before,
        sound,
        WallClock::system(),
        Instant::now(),
    );
    report(&mut out, routine, conductor.player().timeline(), effects);
    let mut ending = None;
    while conductor.over().is_none() {
        let now = Instant::now();
        let event = match conductor.player().next_deadline(now) {
            Some(at) => rx.recv_timeout(at.saturating_duration_since(now)),
            None => rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
        };
        let now = Instant::now();
        let was_paused = conductor.player().state() == State::Paused;
        let effects = match event {
            Err(RecvTimeoutError::Timeout) => conductor.send(Msg::Tick, now),
            Ok(Event::Key(key)) if is_suspend(&key) => suspend(&mut conductor, raw.is_some()),
            Ok(Event::Suspend) => suspend(&mut conductor, raw.is_some()),
            Ok(Event::Key(key)) => match key_msg(&key) {
                Ok(msg) => conductor.send(msg, now),
                Err(chosen) => {
                    ending = Some(chosen);
                    conductor.end(chosen, now)
                }
            },
            Ok(Event::Resize(..) | Event::Paste(_) | Event::JournalRead) => {
                conductor.send(Msg::Tick, now)
            }
            Ok(Event::Stop(signal)) => {
                ending = Some(Ending::Signal(signal));
                conductor.end(Ending::Signal(signal), now)
            }
            Ok(Event::InputClosed) | Err(RecvTimeoutError::Disconnected) => {
                ending = Some(Ending::TerminalClosed);
                conductor.end(Ending::TerminalClosed, now)
            }
        };
        let paused = conductor.player().state() == State::Paused;
        if paused != was_paused {
            out.say(if paused {
                "Paused. Space or Enter goes on."
            } else {
                "Going on."
            });
        }
        report(&mut out, routine, conductor.player().timeline(), effects);
        if out.broken && conductor.over().is_none() {
            ending = Some(Ending::OutputClosed);
            conductor.end(Ending::OutputClosed, Instant::now());
        }
    }
    let Ok((over, _sound)) = conductor.finish() else {
        return exit::ENVIRONMENT;
    };
    let pain_after = if asks && !out.broken && over.asks_checkout() {
        ask_pain(&mut out, &rx, "How is your head now?").unwrap_or_else(|e| {
            ending = Some(e);
            None
        })
    } else {
        None
    };
    drop(raw);
    let mut keeper = Keeper::open();
    match keeper.save(over.record(pain_after, None)) {
        Ok(path) => {
            let line = format!("Saved to your journal ({}).", path.display());
            out.say(&line);
            if out.broken {
                super::tell(&line);
            }
        }
        Err(reason) => {
            super::tell(&format!("error: {reason}"));
            for line in keeper.abandon() {
                super::tell(&line);
            }
            return ending.map_or(exit::ENVIRONMENT, Ending::exit_code);
        }
    }
    ending.map_or(exit::OK, Ending::exit_code)
}

fn is_suspend(key: &KeyEvent) -> bool {
    key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('z')
}

/// What a key asks of the session, or how it ends it.
fn key_msg(key: &KeyEvent) -> Result<Msg, Ending> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Char('c') if ctrl => Err(Ending::CtrlC),
        KeyCode::Char(' ') | KeyCode::Enter => Ok(Msg::TogglePause),
        KeyCode::Char('q') | KeyCode::Esc => Err(Ending::Quit),
        KeyCode::Right | KeyCode::Char('n') => Ok(Msg::Next),
        KeyCode::Left | KeyCode::Char('p') => Ok(Msg::Previous),
        _ => Ok(Msg::Tick),
    }
}

/// Stops the process as Ctrl-Z does, with the session clock stopped, and
/// goes on when the shell brings it back.
fn suspend(conductor: &mut Conductor, raw: bool) -> Vec<Effect> {
    let mut effects = conductor.send(Msg::Suspend, Instant::now());
    if raw {
        let _ = terminal::disable_raw_mode();
    }
    let _ = signal_hook::low_level::emulate_default_handler(signal_hook::consts::SIGTSTP);
    if raw {
        let _ = terminal::enable_raw_mode();
    }
    effects.extend(conductor.send(Msg::Continue, Instant::now()));
    effects
}

/// Asks for a pain rating on one line: digits then Enter, or Enter alone
/// to skip. Ctrl-C, a signal or the end of input stop the asking.
fn ask_pain(out: &mut Lines, rx: &Receiver<Event>, question: &str) -> Result<Option<u8>, Ending> {
    out.write(&format!(
        "{question} 0 (none) to 10 (worst), then Enter; Enter alone skips: "
    ));
    let mut typed = String::new();
    loop {
        let key = match rx.recv() {
            Ok(Event::Key(key)) => key,
            Ok(Event::Stop(signal)) => return Err(Ending::Signal(signal)),
            Ok(Event::InputClosed) | Err(_) => return Err(Ending::TerminalClosed),
            Ok(_) => continue,
        };
        match key.code {
            KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                out.say("");
                return Err(Ending::CtrlC);
            }
            KeyCode::Char(c @ '0'..='9') if typed.len() < 2 => {
                typed.push(c);
                out.write(&c.to_string());
            }
            KeyCode::Backspace if typed.pop().is_some() => out.write("\u{8} \u{8}"),
            KeyCode::Enter => match typed.parse::<u8>() {
                Ok(pain) if pain <= 10 => {
                    out.say("");
                    return Ok(Some(pain));
                }
                Ok(_) => {
                    out.say("");
                    out.write("From 0 to 10, please, or Enter alone to skip: ");
                    typed.clear();
                }
                Err(_) => {
                    out.say(" (skipped)");
                    return Ok(None);
                }
            },
            _ => {}
        }
    }
}

struct Lines {
    newline: &'static str,
    /// The reader went away (a closed pipe): stop quietly.
    broken: bool,
}

impl Lines {
    fn say(&mut self, line: &str) {
        self.write(&format!("{line}{}", self.newline));
    }

    fn write(&mut self, text: &str) {
        if self.broken {
            return;
        }
        let mut out = io::stdout().lock();
        if write!(out, "{text}").and_then(|_| out.flush()).is_err() {
            self.broken = true;
        }
    }
}

fn report(out: &mut Lines, routine: &Routine, timeline: &Timeline, effects: Vec<Effect>) {
    for effect in effects {
        match effect {
            Effect::Cue(cue) => {
                if let Some(line) = cue_line(routine, timeline, &cue) {
                    out.say(&line);
                }
            }
            Effect::Ended(summary) => match summary.outcome {
                Outcome::Completed => {}
                Outcome::EndedEarly => out.say(&format!(
                    "Ended early after {} of {} steps, {}.",
                    summary.steps_done,
                    summary.steps_total,
                    spoken(summary.position)
                )),
                Outcome::Skipped => out.say(&format!(
                    "Skipped to the end: {} of {} steps done, {} played.",
                    summary.steps_done,
                    summary.steps_total,
                    spoken(summary.position)
                )),
            },
            _ => {}
        }
    }
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
