//! What each key does, screen by screen, as the keymap says. Only presses
//! reach here.

use std::time::Instant;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::flow::{matching, placeholder};
use super::{App, Control, NOTICE_FOR, Notice, Screen};
use crate::conductor::Ending;
use crate::session::Msg;
use crate::ui::keymap::{Action, Keymap};
use crate::ui::view::too_small;

/// How much `+` and `-` change the volume, in percentage points.
const VOLUME_STEP: i16 = 10;

/// The pain scale's top.
const MAX_PAIN: u8 = 10;

/// The longest note, in characters.
const MAX_NOTE: usize = 500;

impl App {
    pub fn key(&mut self, key: KeyEvent, now: Instant) -> Control {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        if ctrl && key.code == KeyCode::Char('z') {
            return Control::Suspend;
        }
        if ctrl && key.code == KeyCode::Char('c') {
            self.interrupt(Ending::CtrlC, now);
            return Control::Exit;
        }
        if too_small(self.area.get()) {
            return self.tiny_key(key.code, now);
        }
        if self.help || self.warning {
            self.help = false;
            self.warning = false;
            self.close_overlay(now);
            return Control::Continue;
        }
        let keymap = self.keymap();
        match keymap {
            Keymap::Filtering => return self.filter_key(key.code),
            Keymap::NoteQuestion => return self.note_key(key.code),
            _ => {}
        }
        let Some(action) = keymap.action(key.code) else {
            return self.unbound(keymap);
        };
        if action == Action::Help {
            self.help = true;
            self.open_overlay(now);
            return Control::Continue;
        }
        if action == Action::WarningSigns {
            self.warning = true;
            self.open_overlay(now);
            return Control::Continue;
        }
        match keymap {
            Keymap::Library => self.library_key(action, key.code, now),
            Keymap::History => {
                if action == Action::Move {
                    self.scroll_history(key.code);
                } else {
                    self.show_library();
                }
                Control::Continue
            }
            Keymap::PainBefore | Keymap::PainAfter | Keymap::PainNow => {
                self.pain_key(action, key.code, now)
            }
            Keymap::Relief => {
                if action == Action::StartRelief {
                    self.start_relief(now);
                } else {
                    self.show_library();
                }
                Control::Continue
            }
            Keymap::Cautions => {
                if action != Action::Start {
                    return self.leave_session();
                }
                if let Screen::Cautions { playable, pain } =
                    std::mem::replace(&mut self.screen, placeholder())
                {
                    self.play_now(*playable, pain, now);
                }
                Control::Continue
            }
            Keymap::Player => {
                self.player_key(action, key.code, now);
                Control::Continue
            }
            Keymap::ConfirmQuit => {
                if let Screen::Player(live) = &mut self.screen {
                    live.confirm_quit = false;
                }
                if action == Action::EndNow {
                    if let Screen::Player(live) = &mut self.screen {
                        live.conductor.end(Ending::Quit, now);
                    }
                    self.after_session();
                } else {
                    self.close_overlay(now);
                }
                Control::Continue
            }
            Keymap::Finished => self.finished_key(action),
            Keymap::Filtering | Keymap::NoteQuestion => Control::Continue,
        }
    }

    /// Below the smallest screen only the notice shows, so no key acts on
    /// what cannot be seen; q or Esc leaves, saving a session at once.
    fn tiny_key(&mut self, code: KeyCode, now: Instant) -> Control {
        if matches!(code, KeyCode::Char('q') | KeyCode::Esc) {
            self.interrupt(Ending::Quit, now);
            return Control::Exit;
        }
        Control::Continue
    }

    /// A key the screen has no use for: the finished screen's "any key".
    fn unbound(&mut self, keymap: Keymap) -> Control {
        if keymap == Keymap::Finished {
            return self.leave_session();
        }
        Control::Continue
    }

    /// Text pasted in one go (bracketed paste): into the note or the
    /// filter being typed, whole, newlines turned into spaces.
    pub fn paste(&mut self, text: &str) {
        let line = text.chars().map(|c| if c.is_control() { ' ' } else { c });
        match &mut self.screen {
            Screen::CheckOut {
                note: Some(note), ..
            } => {
                let room = MAX_NOTE.saturating_sub(note.chars().count());
                note.extend(line.take(room));
            }
            Screen::Library {
                filter,
                filtering: true,
                selected,
            } => {
                filter.extend(line);
                *selected = 0;
            }
            _ => {}
        }
    }

    fn player_key(&mut self, action: Action, code: KeyCode, now: Instant) {
        let Screen::Player(live) = &mut self.screen else {
            return;
        };
        // A notice lasts until the next key.
        live.notice = None;
        if let Some(sound) = live.conductor.sound_mut() {
            match action {
                Action::VolumeUp => sound.change_volume(VOLUME_STEP),
                Action::VolumeDown => sound.change_volume(-VOLUME_STEP),
                Action::Mute => sound.toggle_mute(),
                Action::Ambient => sound.toggle_ambient(),
                Action::Voice => sound.toggle_voice(),
                _ => {}
            }
        } else {
            // Without sound these keys would do nothing at all: say why.
            let words = match action {
                Action::VolumeUp | Action::VolumeDown => {
                    Some("sound is off (--no-audio): no volume to change")
                }
                Action::Mute => Some("sound is off (--no-audio): nothing to mute"),
                Action::Ambient => Some("sound is off (--no-audio): no ambient sound"),
                Action::Voice => Some("sound is off (--no-audio): no voice"),
                _ => None,
            };
            live.notice = words.map(|words| Notice {
                words,
                until: now + NOTICE_FOR,
            });
        }
        if action == Action::Page {
            self.turn_page(code, now);
            return;
        }
        let msg = match action {
            Action::TogglePause => Msg::TogglePause,
            Action::Next => Msg::Next,
            Action::Previous => Msg::Previous,
            Action::AskQuit => {
                live.confirm_quit = true;
                self.open_overlay(now);
                return;
            }
            _ => return,
        };
        self.send(msg, now);
    }

    /// ↑/↓ or PgUp/PgDn: the instructions' page before or after the one
    /// showing; from then on the pages of this segment stay where put.
    fn turn_page(&mut self, code: KeyCode, now: Instant) {
        let (area, _) = self.player_area(self.area.get());
        let Screen::Player(live) = &self.screen else {
            return;
        };
        let frame = self.player_frame(live, "", now);
        let Some(composition) = crate::ui::view::player::compose(&frame, area) else {
            return;
        };
        let last = composition.pages.count() - 1;
        let page = match code {
            KeyCode::Up | KeyCode::PageUp => composition.page.saturating_sub(1),
            _ => (composition.page + 1).min(last),
        };
        let segment = frame.segment;
        if let Screen::Player(live) = &mut self.screen {
            live.page = Some((segment, page));
        }
    }

    /// Scrolls the history's recent list: a record, a page, or to an end,
    /// never past the last page.
    fn scroll_history(&mut self, code: KeyCode) {
        let drawn = self.area.get();
        let Screen::History { scroll } = self.screen else {
            return;
        };
        let figures = self.reader.current(self.today());
        let view = self.history_view(figures, None, scroll);
        let recent = view.recent.len();
        let page = view.recent_rows(drawn).max(1);
        let last = recent.saturating_sub(page);
        let scroll = match code {
            KeyCode::Up | KeyCode::Char('k') => scroll.saturating_sub(1),
            KeyCode::PageUp => scroll.saturating_sub(page),
            KeyCode::PageDown => scroll + page,
            KeyCode::Home => 0,
            KeyCode::End => last,
            _ => scroll + 1,
        }
        .min(last);
        self.screen = Screen::History { scroll };
    }

    fn pain_key(&mut self, action: Action, code: KeyCode, now: Instant) -> Control {
        let choice = match &mut self.screen {
            Screen::CheckIn { pain, .. }
            | Screen::CheckOut { pain, .. }
            | Screen::PainNow { pain } => choose(pain, action, code),
            _ => return Control::Continue,
        };
        let answer = match choice {
            Choice::Choosing => return Control::Continue,
            Choice::Done(pain) => pain,
            Choice::Skip => None,
            Choice::Cancel => {
                if matches!(self.screen, Screen::CheckIn { .. }) {
                    return self.leave_session();
                }
                if matches!(self.screen, Screen::PainNow { .. }) {
                    self.show_library();
                    return Control::Continue;
                }
                None
            }
        };
        if matches!(self.screen, Screen::PainNow { .. }) {
            self.note_headache(answer, now);
            return Control::Continue;
        }
        match std::mem::replace(&mut self.screen, placeholder()) {
            Screen::CheckIn { playable, .. } => self.start_player(*playable, answer, now),
            Screen::CheckOut { over, title, .. } => {
                self.screen = Screen::CheckOut {
                    over,
                    title,
                    pain: answer,
                    note: Some(String::new()),
                };
            }
            other => self.screen = other,
        }
        Control::Continue
    }

    fn note_key(&mut self, code: KeyCode) -> Control {
        let Screen::CheckOut {
            note: Some(note), ..
        } = &mut self.screen
        else {
            return Control::Continue;
        };
        match Keymap::NoteQuestion.action(code) {
            Some(Action::SaveNote) => self.finish_checkout(true),
            Some(Action::SkipNote) => self.finish_checkout(false),
            _ => match code {
                KeyCode::Backspace => {
                    note.pop();
                }
                KeyCode::Char(c) if !c.is_control() && note.chars().count() < MAX_NOTE => {
                    note.push(c)
                }
                _ => {}
            },
        }
        Control::Continue
    }

    fn finished_key(&mut self, action: Action) -> Control {
        if action == Action::Retry {
            if let Some(result) = self.keeper.retry() {
                self.journal_changed();
                if let Screen::Finished { saved, .. } = &mut self.screen {
                    *saved = Some(result);
                }
            }
            return Control::Continue;
        }
        self.leave_session()
    }

    /// After a session (or a cancelled check-in): the library, or out when
    /// the app was started for one routine.
    fn leave_session(&mut self) -> Control {
        if self.single {
            return Control::Exit;
        }
        self.show_library();
        Control::Continue
    }

    fn filter_key(&mut self, code: KeyCode) -> Control {
        let Screen::Library {
            selected,
            filter,
            filtering,
        } = &mut self.screen
        else {
            return Control::Continue;
        };
        match Keymap::Filtering.action(code) {
            Some(Action::ClearFilter) => {
                filter.clear();
                *filtering = false;
            }
            Some(_) => *filtering = false,
            None => match code {
                KeyCode::Backspace => {
                    filter.pop();
                }
                KeyCode::Char(c) => filter.push(c),
                _ => {}
            },
        }
        *selected = 0;
        Control::Continue
    }

    fn library_key(&mut self, action: Action, code: KeyCode, now: Instant) -> Control {
        let Screen::Library {
            selected,
            filter,
            filtering,
        } = &mut self.screen
        else {
            return Control::Continue;
        };
        let shown = matching(&self.library, filter);
        match action {
            Action::Back if code == KeyCode::Esc && !filter.is_empty() => {
                filter.clear();
                *selected = 0;
            }
            Action::Back => return Control::Exit,
            Action::Filter => *filtering = true,
            Action::History => self.open_history(),
            Action::HeadacheNow => self.headache_now(),
            Action::Move => {
                let last = shown.len().saturating_sub(1);
                *selected = match code {
                    KeyCode::Up | KeyCode::Char('k') => selected.saturating_sub(1),
                    KeyCode::Home => 0,
                    KeyCode::End => last,
                    _ => (*selected + 1).min(last),
                };
            }
            Action::Start => {
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
    /// The answer (None when nothing was chosen).
    Done(Option<u8>),
    Skip,
    /// Do not start after all.
    Cancel,
}

/// A digit (or t for 10) answers at once; the arrows move along 0–10 and
/// Enter answers; s or Esc skips the question; q cancels.
fn choose(pain: &mut Option<u8>, action: Action, code: KeyCode) -> Choice {
    match action {
        Action::Rate => match code {
            KeyCode::Char(c @ '0'..='9') => {
                Choice::Done(c.to_digit(10).and_then(|d| u8::try_from(d).ok()))
            }
            _ => Choice::Done(Some(MAX_PAIN)),
        },
        Action::Nudge => {
            let up = matches!(code, KeyCode::Right | KeyCode::Char('+'));
            *pain = Some(pain.map_or(5, |p| {
                if up {
                    (p + 1).min(MAX_PAIN)
                } else {
                    p.saturating_sub(1)
                }
            }));
            Choice::Choosing
        }
        Action::Answer => Choice::Done(*pain),
        Action::SkipQuestion => Choice::Skip,
        Action::Cancel => Choice::Cancel,
        _ => Choice::Choosing,
    }
}
