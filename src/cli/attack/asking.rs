//! The terminal around the attack's questions: one quiet full screen at a
//! time, in the same look (theme, `--ascii`) as the check-in before a
//! session.
//!
//! Full screen rather than lines printed one under another, because a
//! person mid-attack reads with their eyes half closed: one question in
//! the middle of a dim screen, nothing scrolling, no bright text the
//! terminal's own colours would give it; one key answers a small choice,
//! and nothing asked before is left on the screen to read past. The
//! terminal is given back however it ends (see `TerminalGuard`).

use std::io;
use std::sync::mpsc;

use chrono::Local;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

use super::questions::{Outcome, Questions};
use super::{Given, decide, open_attack};
use crate::cli::{Display, exit, journal, play};
use crate::journal::diary::Attack;
use crate::journal::{Journal, now};
use crate::ui::events::{self, Event};
use crate::ui::terminal::{self, TerminalGuard};
use crate::ui::view::diary_question::DiaryQuestion;

/// How the asking ended.
pub enum Asked {
    /// Answered and confirmed, and `decide` takes it as the journal is now.
    Given(Given),
    /// Confirmed with nothing to add to the attack going on.
    Nothing(Attack),
    /// Nothing is to be written; the exit status (1 after Esc, 130 after
    /// Ctrl-C, 128+N after signal N, 2 when the terminal went away).
    Cancelled(u8),
}

/// Asks about a new attack, or the one going on in `journal`, on the
/// terminal; exit 2 after saying why when it cannot.
pub fn ask(journal: &Journal, display: &Display) -> Result<Asked, u8> {
    let loaded = journal.load().map_err(|e| {
        eprintln!("error: {e}");
        eprintln!("  = nothing was saved");
        exit::ENVIRONMENT
    })?;
    let open = open_attack(&loaded).cloned();
    drop(loaded);
    let config = journal::config()?;
    let look = play::look(&config, display)?;
    let failed = |e: io::Error| {
        eprintln!("error: the terminal failed: {e}");
        eprintln!("  = nothing was saved");
        exit::ENVIRONMENT
    };
    let mut guard = TerminalGuard::acquire().map_err(failed)?;
    let (tx, events) = mpsc::channel();
    events::spawn(tx).map_err(failed)?;
    let screen = &mut *guard.screen;
    let mut questions = Questions::new(open.clone(), Local);
    loop {
        let prompt = questions.prompt();
        screen
            .draw(|area, buf| {
                DiaryQuestion {
                    prompt: &prompt,
                    look,
                }
                .render(area, buf)
            })
            .map_err(failed)?;
        let key = match events.recv() {
            Ok(Event::Key(key)) => key,
            Ok(Event::Paste(text)) => {
                questions.paste(&text);
                continue;
            }
            Ok(Event::Resize(width, height)) => {
                screen
                    .resize(Rect::new(0, 0, width, height))
                    .map_err(failed)?;
                continue;
            }
            Ok(Event::Suspend) => {
                terminal::suspend(screen).map_err(failed)?;
                continue;
            }
            Ok(Event::JournalRead | Event::RoutineSaved) => continue,
            Ok(Event::Stop(signal)) => {
                let code = u8::try_from(128 + signal).unwrap_or(exit::ENVIRONMENT);
                return Ok(Asked::Cancelled(code));
            }
            Ok(Event::InputClosed) | Err(_) => return Ok(Asked::Cancelled(exit::ENVIRONMENT)),
        };
        if key.code == KeyCode::Char('z') && key.modifiers.contains(KeyModifiers::CONTROL) {
            terminal::suspend(screen).map_err(failed)?;
            continue;
        }
        match questions.key(key, now()) {
            Outcome::Asking => {}
            Outcome::Cancelled => return Ok(Asked::Cancelled(exit::USER)),
            Outcome::Interrupted => return Ok(Asked::Cancelled(130)),
            Outcome::Nothing => {
                return Ok(Asked::Nothing(
                    open.expect("only an open attack has nothing to add"),
                ));
            }
            Outcome::Confirmed(given) => {
                // Checked as it will be saved, so a refusal is asked again
                // here rather than printed after the screen has gone. The
                // save checks once more, under the journal's lock.
                let checked = journal.load().map(|loaded| decide(&given, &loaded, now()));
                match checked {
                    Ok(Err(refusal)) => questions.refused(&refusal),
                    Ok(Ok(_)) | Err(_) => return Ok(Asked::Given(*given)),
                }
            }
        }
    }
}
