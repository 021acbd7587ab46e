//! What each key does, screen by screen. Only presses reach here.

use std::time::Instant;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::flow::{matching, placeholder};
use super::{App, Control, Screen};
use crate::recording::Ending;
use crate::session::Msg;

/// How much `+` and `-` change the volume, in percentage points.
const VOLUME_STEP: i16 = 10;

/// The pain scale's top.
const MAX_PAIN: u8 = 10;

impl App {
    pub fn key(&mut self, key: KeyEvent, now: Instant) -> Control {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        if ctrl && key.code == KeyCode::Char('z') {
            return Control::Suspend;
        }
        if ctrl && key.code == KeyCode::Char('c') {
            self.end_now(Ending::Chosen, now);
            return Control::Exit;
        }
        if self.help {
            self.help = false;
            return Control::Continue;
        }
        match &mut self.screen {
            Screen::Library { .. } => return self.library_key(key, now),
            Screen::History { .. } => {
                if matches!(
                    key.code,
                    KeyCode::Esc | KeyCode::Char('q' | 'h') | KeyCode::Enter
                ) {
                    self.show_library();
                }
            }
            Screen::CheckIn { pain, .. } => match choose(pain, key.code) {
                Choice::Choosing => {}
                Choice::Done(pain) => {
                    if let Screen::CheckIn { playable, .. } =
                        std::mem::replace(&mut self.screen, placeholder())
                    {
                        self.start_player(*playable, pain, now);
                    }
                }
                Choice::Skip => {
                    if let Screen::CheckIn { playable, .. } =
                        std::mem::replace(&mut self.screen, placeholder())
                    {
                        self.start_player(*playable, None, now);
                    }
                }
                Choice::Cancel => return self.leave_session(),
            },
            Screen::Player(session) => {
                if session.confirm_quit {
                    session.confirm_quit = false;
                    if matches!(key.code, KeyCode::Char('y' | 'q') | KeyCode::Enter) {
                        self.send(Msg::Quit, now);
                    }
                    return Control::Continue;
                }
                if let Some(sound) = &mut self.sound {
                    let playing = session.player.state() == crate::session::State::Playing;
                    match key.code {
                        KeyCode::Char('+' | '=') => sound.change_volume(VOLUME_STEP),
                        KeyCode::Char('-') => sound.change_volume(-VOLUME_STEP),
                        KeyCode::Char('m') => sound.toggle_mute(),
                        KeyCode::Char('a') => {
                            sound.toggle_ambient(&session.playable.routine, playing)
                        }
                        _ => {}
                    }
                }
                let msg = match key.code {
                    KeyCode::Char(' ') => Some(Msg::TogglePause),
                    KeyCode::Right | KeyCode::Char('n') => Some(Msg::Next),
                    KeyCode::Left | KeyCode::Char('p') => Some(Msg::Previous),
                    KeyCode::Char('?') => {
                        self.help = true;
                        None
                    }
                    KeyCode::Char('q') | KeyCode::Esc => {
                        session.confirm_quit = true;
                        None
                    }
                    _ => None,
                };
                if let Some(msg) = msg {
                    self.send(msg, now);
                }
            }
            Screen::CheckOut {
                note: Some(note), ..
            } => match key.code {
                KeyCode::Enter | KeyCode::Esc => {
                    let keep = key.code == KeyCode::Enter;
                    if let Screen::CheckOut { done, pain, note } =
                        std::mem::replace(&mut self.screen, placeholder())
                    {
                        self.record(*done, pain, note.filter(|_| keep));
                    }
                }
                KeyCode::Backspace => {
                    note.pop();
                }
                KeyCode::Char(c) if !c.is_control() && note.chars().count() < 500 => note.push(c),
                _ => {}
            },
            Screen::CheckOut { pain, note, .. } => match choose(pain, key.code) {
                Choice::Choosing => {}
                Choice::Done(chosen) => {
                    *pain = chosen;
                    *note = Some(String::new());
                }
                Choice::Skip | Choice::Cancel => {
                    *pain = None;
                    *note = Some(String::new());
                }
            },
            Screen::Finished { .. } => {
                if key.code == KeyCode::Char('r') {
                    if let Some(result) = self.keeper.retry()
                        && let Screen::Finished { saved, .. } = &mut self.screen
                    {
                        *saved = result;
                    }
                    return Control::Continue;
                }
                return self.leave_session();
            }
        }
        Control::Continue
    }

    /// After a session (or a skipped check-in): the library, or out when
    /// the app was started for one routine.
    fn leave_session(&mut self) -> Control {
        if self.single {
            return Control::Exit;
        }
        self.show_library();
        Control::Continue
    }

    fn library_key(&mut self, key: KeyEvent, now: Instant) -> Control {
        let Screen::Library {
            selected,
            filter,
            filtering,
        } = &mut self.screen
        else {
            return Control::Continue;
        };
        let shown = matching(&self.library, filter);
        if *filtering {
            match key.code {
                KeyCode::Esc => {
                    filter.clear();
                    *filtering = false;
                }
                KeyCode::Enter => *filtering = false,
                KeyCode::Backspace => {
                    filter.pop();
                }
                KeyCode::Char(c) => filter.push(c),
                _ => {}
            }
            *selected = 0;
            return Control::Continue;
        }
        match key.code {
            KeyCode::Char('q') | KeyCode::Esc => return Control::Exit,
            KeyCode::Char('?') => self.help = true,
            KeyCode::Char('/') => *filtering = true,
            KeyCode::Char('h') => self.open_history(),
            KeyCode::Up | KeyCode::Char('k') => *selected = selected.saturating_sub(1),
            KeyCode::Down | KeyCode::Char('j') => {
                *selected = (*selected + 1).min(shown.len().saturating_sub(1))
            }
            KeyCode::Enter => {
                if let Some(&index) = shown.get(*selected) {
                    let playable = self.library[index].clone();
                    self.begin(playable, now);
                }
            }
            _ => {}
        }
        Control::Continue
    }
}

/// Where a pain question stands after a key.
enum Choice {
    Choosing,
    /// Enter: the answer (None when nothing was chosen).
    Done(Option<u8>),
    /// Skip the question (s or Esc).
    Skip,
    /// Do not start after all (q).
    Cancel,
}

/// A digit (or t for 10) answers at once; arrows move along 0–10 and Enter
/// answers; s or Esc skips the question; q cancels.
fn choose(pain: &mut Option<u8>, code: KeyCode) -> Choice {
    match code {
        // One key in the common case: a digit answers at once.
        KeyCode::Char(c @ '0'..='9') => {
            return Choice::Done(c.to_digit(10).and_then(|d| u8::try_from(d).ok()));
        }
        KeyCode::Right | KeyCode::Up | KeyCode::Char('l' | '+') => {
            *pain = Some(pain.map_or(5, |p| (p + 1).min(MAX_PAIN)))
        }
        KeyCode::Left | KeyCode::Down | KeyCode::Char('h' | '-') => {
            *pain = Some(pain.map_or(5, |p| p.saturating_sub(1)))
        }
        KeyCode::Enter => return Choice::Done(*pain),
        KeyCode::Char('t') => return Choice::Done(Some(MAX_PAIN)),
        KeyCode::Char('s') | KeyCode::Esc => return Choice::Skip,
        KeyCode::Char('q') => return Choice::Cancel,
        _ => {}
    }
    Choice::Choosing
}
