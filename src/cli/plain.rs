//! `play --plain`: the session's [`Transcript`] printed line by line in real
//! time, for screen readers, dumb terminals and pipes; a thin view of the
//! same conductor as the full screen. When stdin is a terminal it takes
//! single keys (space pauses, Ctrl-Z suspends) and asks pain before and
//! after in one line each. With `--watch`, a saved file is reloaded with a
//! line that says so, or its mistakes are printed.

mod reader;
mod reload;

use std::io::{self, IsTerminal, Write};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::Instant;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::crossterm::terminal;

use super::exit;
use crate::audio::live::LiveSound;
use crate::audio::output::OPEN_WAIT;
use crate::conductor::{Conductor, Ending, Keeper, WallClock};
use crate::routine::{Routine, RoutineSource};
use crate::routine_watch::RoutineWatch;
use crate::session::{Effect, Msg, Outcome, State};
use crate::transcript::{Transcript, reading_time, spoken};
use crate::ui::events::{self, Event};
use reader::{Do, Reader};
use reload::Watched;

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

/// How a session is played, besides its routine and sound.
pub struct Choices {
    /// The step it starts at, from 0.
    pub from: usize,
    /// Ask pain before and after (where it can be asked).
    pub checkin: bool,
    /// Save it to the journal; false for a preview.
    pub record: bool,
    /// The routine file, reloaded each time it is saved.
    pub watch: Option<RoutineWatch>,
    pub words_a_minute: u32,
}

pub fn run(
    source: &RoutineSource,
    routine: &Routine,
    sound: Option<LiveSound>,
    choices: Choices,
) -> u8 {
    // No frame to wait for: the device opens while the person answers.
    if let Some(sound) = &sound {
        sound.open();
    }
    let Choices {
        from,
        checkin,
        record,
        watch,
        words_a_minute,
    } = choices;
    let raw = if io::stdin().is_terminal() {
        RawMode::enter()
    } else {
        None
    };
    let (tx, rx) = mpsc::channel();
    let mut watched = None;
    if let Some(watch) = watch {
        let saved = tx.clone();
        if watch
            .forward(move || saved.send(Event::RoutineSaved).is_ok())
            .is_err()
        {
            eprintln!("error: cannot watch the routine file for changes");
            return exit::ENVIRONMENT;
        }
        watched = Some(Watched::new(source, raw.is_some()));
    }
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
        read_by: Instant::now(),
        words_a_minute,
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
            None => match sound.voice_missing(routine) {
                Some(why) => format!("Sound is on; voice off ({why})."),
                None => "Sound is on.".to_owned(),
            },
        },
    });
    if !routine.cautions.is_empty() {
        out.say("Before you start:");
        for caution in &routine.cautions {
            out.say(caution);
        }
    }
    if raw.is_some() {
        out.say("Space or Enter pauses; n and p skip; q or Ctrl-C ends; Ctrl-Z suspends.");
    }
    if !record {
        out.say("A preview: nothing is recorded in the journal.");
    }
    if watched.is_some() {
        out.say("Each time the file is saved, it is reloaded here.");
    }
    // The session starts once these have been read.
    if let Err(ending) = out.settle(&rx) {
        return ending.exit_code();
    }
    let mut keeper = if record {
        Keeper::open()
    } else {
        Keeper::new(None)
    };
    keeper.session_starts();
    let (mut conductor, effects) = Conductor::start(
        source,
        routine.clone(),
        from,
        pain_before,
        sound,
        WallClock::system(),
        Instant::now(),
    );
    if raw.is_none() {
        conductor.stop_waiting(Instant::now());
    }
    let player = conductor.player();
    let mut reader = Reader::new(Transcript::from_segment(
        routine,
        player.timeline(),
        words_a_minute,
        player.segment(),
    ));
    report(&mut out, effects);
    if let Some(watched) = &mut watched {
        // A save while the opening lines were read is taken now.
        let effects = watched.saved(&mut out, &mut reader, &mut conductor, Instant::now());
        report(&mut out, effects);
    }
    follow(&mut out, &mut reader, &mut conductor);
    let mut ending = None;
    while conductor.over().is_none() {
        let now = Instant::now();
        let player = conductor.player();
        let due = [player.next_deadline(now), reader.deadline(player, now)]
            .into_iter()
            .flatten()
            .min();
        let event = match due {
            Some(at) => rx.recv_timeout(at.saturating_duration_since(now)),
            None => rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
        };
        let now = Instant::now();
        let effects = match event {
            Err(RecvTimeoutError::Timeout) => conductor.send(Msg::Tick, now),
            Ok(Event::Key(key)) if is_suspend(&key) => {
                suspend(&mut conductor, &mut reader, raw.is_some())
            }
            Ok(Event::Suspend) => suspend(&mut conductor, &mut reader, raw.is_some()),
            Ok(Event::Key(key)) => match key_msg(&key) {
                Ok(Msg::TogglePause) if conductor.player().goes_on(now) => {
                    let effects = conductor.send(Msg::TogglePause, now);
                    read_on(&mut reader, &conductor);
                    effects
                }
                Ok(Msg::TogglePause) => toggle(&mut out, &mut reader, &mut conductor, now),
                Ok(msg @ (Msg::Next | Msg::Previous)) => {
                    skip(&mut reader, &mut conductor, msg, now)
                }
                Ok(msg) => conductor.send(msg, now),
                Err(chosen) => {
                    ending = Some(chosen);
                    conductor.end(chosen, now)
                }
            },
            Ok(Event::RoutineSaved) => match &mut watched {
                Some(watched) => watched.saved(&mut out, &mut reader, &mut conductor, now),
                None => conductor.send(Msg::Tick, now),
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
        report(&mut out, effects);
        follow(&mut out, &mut reader, &mut conductor);
        if out.broken && conductor.over().is_none() {
            ending = Some(Ending::OutputClosed);
            conductor.end(Ending::OutputClosed, Instant::now());
        }
    }
    let Ok((over, sound)) = conductor.finish() else {
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
    let closing = match record.then(|| keeper.save(over.record(pain_after, None))) {
        None => Ok("Not recorded: a preview (--no-journal).".to_owned()),
        Some(saved) => saved.map(|path| format!("Saved to your journal ({}).", path.display())),
    };
    let code = match closing {
        Ok(line) => {
            // Said once the last line has been read; the record is safe.
            if ending.is_none()
                && let Err(late) = out.settle(&rx)
            {
                ending = Some(late);
            }
            drop(raw);
            out.say(&line);
            if out.broken {
                super::tell(&line);
            }
            ending.map_or(exit::OK, Ending::exit_code)
        }
        Err(reason) => {
            drop(raw);
            super::tell(&format!("error: {reason}"));
            for line in keeper.abandon() {
                super::tell(&line);
            }
            ending.map_or(exit::ENVIRONMENT, Ending::exit_code)
        }
    };
    // The closing bells are still sounding: saved first, they are heard
    // whole before the program leaves (a session ended early has only its
    // fade).
    if let Some(sound) = &sound {
        sound.wait_for_end();
    }
    code
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

/// Stops the process as Ctrl-Z does, with the session clock (and any hold)
/// stopped, and goes on when the shell brings it back.
fn suspend(conductor: &mut Conductor, reader: &mut Reader, raw: bool) -> Vec<Effect> {
    let held = reader.freeze(Instant::now());
    let mut effects = conductor.send(Msg::Suspend, Instant::now());
    if raw {
        let _ = terminal::disable_raw_mode();
    }
    let _ = signal_hook::low_level::emulate_default_handler(signal_hook::consts::SIGTSTP);
    if raw {
        let _ = terminal::enable_raw_mode();
    }
    effects.extend(conductor.send(Msg::Continue, Instant::now()));
    if held {
        reader.thaw(Instant::now());
    }
    effects
}

/// Space or Enter: pauses or goes on, the hold being read if there is one.
fn toggle(
    out: &mut Lines,
    reader: &mut Reader,
    conductor: &mut Conductor,
    now: Instant,
) -> Vec<Effect> {
    let (paused, effects) = match reader.toggle(now) {
        Some(paused) => (paused, Vec::new()),
        None => {
            let effects = conductor.send(Msg::TogglePause, now);
            (conductor.player().state() == State::Paused, effects)
        }
    };
    if conductor.over().is_none() {
        out.say(if paused {
            "Paused. Space or Enter goes on."
        } else {
            "Going on."
        });
    }
    effects
}

/// `n` or `p`: the step after or before, and its lines from its start. In
/// a hold the person is in the step being read out, though the clock is
/// stopped just short of it.
fn skip(reader: &mut Reader, conductor: &mut Conductor, msg: Msg, now: Instant) -> Vec<Effect> {
    let mut effects = Vec::new();
    if let Some(at) = reader.holding_at() {
        if !reader.hold_paused() {
            effects.extend(conductor.send(Msg::Resume, now));
        }
        let segment = conductor.player().timeline().segment_at(at);
        while msg == Msg::Next
            && conductor.over().is_none()
            && conductor.player().segment() < segment
        {
            effects.extend(conductor.send(Msg::Next, now));
        }
    }
    effects.extend(conductor.send(msg, now));
    read_on(reader, conductor);
    effects
}

/// After a jump, the lines go on from the start of the segment now playing.
fn read_on(reader: &mut Reader, conductor: &Conductor) {
    let player = conductor.player();
    let transcript = Transcript::from_segment(
        conductor.routine(),
        player.timeline(),
        reader.words_a_minute(),
        player.segment(),
    );
    reader.restart(transcript);
}

/// Says what the transcript has due, holding and releasing the clock as
/// it asks.
fn follow(out: &mut Lines, reader: &mut Reader, conductor: &mut Conductor) {
    loop {
        let now = Instant::now();
        let Some(act) = reader.poll(conductor.player(), now) else {
            return;
        };
        let effects = match act {
            Do::Say(line) => {
                out.say(&line);
                continue;
            }
            Do::Pause => conductor.send(Msg::Pause, now),
            Do::Resume => conductor.send(Msg::Resume, now),
        };
        report(out, effects);
    }
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
    /// When the lines said so far have been read.
    read_by: Instant,
    words_a_minute: u32,
}

impl Lines {
    fn say(&mut self, line: &str) {
        let now = Instant::now();
        self.read_by = self.read_by.max(now) + reading_time(line, self.words_a_minute);
        self.write(&format!("{line}{}", self.newline));
    }

    /// Waits until the lines said so far have been read; a signal or
    /// Ctrl-C ends the wait, and says how it ended.
    fn settle(&self, rx: &Receiver<Event>) -> Result<(), Ending> {
        loop {
            let left = self.read_by.saturating_duration_since(Instant::now());
            if left.is_zero() || self.broken {
                return Ok(());
            }
            match rx.recv_timeout(left) {
                Ok(Event::Stop(signal)) => return Err(Ending::Signal(signal)),
                Ok(Event::Key(key))
                    if key.code == KeyCode::Char('c')
                        && key.modifiers.contains(KeyModifiers::CONTROL) =>
                {
                    return Err(Ending::CtrlC);
                }
                Ok(Event::Key(key)) if matches!(key_msg(&key), Err(Ending::Quit)) => {
                    return Err(Ending::Quit);
                }
                Ok(_) | Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return Ok(()),
            }
        }
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

/// How an early end is said; a session played to the end is said by its
/// transcript.
fn report(out: &mut Lines, effects: Vec<Effect>) {
    for effect in effects {
        let Effect::Ended(summary) = effect else {
            continue;
        };
        match summary.outcome {
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
        }
    }
}
