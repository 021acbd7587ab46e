//! The terminal interface: screens drawn with ratatui, one loop that sleeps
//! until the next input or the next moment something visible changes.

pub mod app;
pub mod backend;
pub mod events;
pub mod frame;
pub mod keymap;
pub mod screen;
pub mod terminal;
pub mod theme;
pub mod view;

use std::io;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::Instant;

use ratatui::backend::Backend;
use ratatui::layout::Rect;

use crate::conductor::Ending;
use crate::routine_watch::RoutineWatch;
use app::{App, Control, MIN_WAIT};
use events::Event;
use screen::Screen;
use terminal::TerminalGuard;

/// Errors from the terminal, made readable for the person at it.
#[derive(Debug, thiserror::Error)]
pub enum UiError {
    #[error("this needs an interactive terminal ({0}); try `--plain` for line-by-line output")]
    NoTerminal(io::Error),
    #[error("the terminal failed: {0}")]
    Terminal(#[from] io::Error),
}

/// Runs `app` in the real terminal until it exits; the terminal is given
/// back however it ends. With `watch`, each save of the routine file
/// reaches the app (see [`App::routine_saved`]).
pub fn run(app: &mut App, watch: Option<RoutineWatch>) -> Result<(), UiError> {
    let mut guard = TerminalGuard::acquire().map_err(UiError::NoTerminal)?;
    let (tx, events) = mpsc::channel();
    let drawn_at = guard.screen.area();
    events::spawn_drawn_at(tx.clone(), Some((drawn_at.width, drawn_at.height)))?;
    if let Some(watch) = watch {
        let saved = tx.clone();
        watch.forward(move || saved.send(Event::RoutineSaved).is_ok())?;
    }
    app.wake_when_read(Box::new(move || {
        let _ = tx.send(Event::JournalRead);
    }));
    run_loop(&mut *guard.screen, app, &events, &mut |screen| {
        terminal::suspend(screen)
    })?;
    Ok(())
}

/// The main loop, generic over the backend so tests can drive it. Every
/// way out saves the session first: a signal, the input ending, or the
/// terminal failing under a draw.
pub fn run_loop<B: Backend>(
    screen: &mut Screen<B>,
    app: &mut App,
    events: &Receiver<Event>,
    suspend: &mut dyn FnMut(&mut Screen<B>) -> io::Result<()>,
) -> Result<(), UiError>
where
    B::Error: Into<io::Error>,
{
    let failed = |app: &mut App, error: io::Error| {
        app.interrupt(Ending::TerminalClosed, Instant::now());
        UiError::Terminal(error)
    };
    let mut area = screen.area();
    let mut first_frame = true;
    loop {
        let now = Instant::now();
        app.tick(now);
        // Between two seconds of a breathing step only the bar moves: only
        // its row is drawn and compared.
        let drawn = match app.moving_part(now, area) {
            Some((row, bar)) => screen.draw_part(row, |buf| {
                buf.set_line(row.x, row.y, &bar, row.width);
            }),
            None => Ok(false),
        };
        let drawn = match drawn {
            Ok(false) => screen.draw(|area, buf| app.render(area, buf, now)),
            other => other.map(|_| ()),
        };
        if let Err(e) = drawn {
            return Err(failed(app, e.into()));
        }
        if first_frame {
            app.frame_out();
            first_frame = false;
        }
        let deadline = app.deadline(now, area);
        let event = match deadline {
            Some(at) => {
                events.recv_timeout(at.saturating_duration_since(Instant::now()).max(MIN_WAIT))
            }
            None => events.recv().map_err(|_| RecvTimeoutError::Disconnected),
        };
        let now = Instant::now();
        match event {
            Ok(Event::Key(key)) => match app.key(key, now) {
                Control::Continue => {}
                Control::Exit => return Ok(()),
                Control::Suspend => area = suspend_app(screen, app, suspend)?,
            },
            Ok(Event::Paste(text)) => app.paste(&text),
            // Taken by the next tick, and drawn.
            Ok(Event::JournalRead) => {}
            Ok(Event::RoutineSaved) => app.routine_saved(now),
            Ok(Event::Suspend) => area = suspend_app(screen, app, suspend)?,
            Ok(Event::Resize(width, height)) => {
                area = Rect::new(0, 0, width, height);
                if let Err(e) = screen.resize(area) {
                    return Err(failed(app, e.into()));
                }
            }
            Ok(Event::Stop(signal)) => {
                app.interrupt(Ending::Signal(signal), now);
                return Ok(());
            }
            Ok(Event::InputClosed) | Err(RecvTimeoutError::Disconnected) => {
                app.interrupt(Ending::TerminalClosed, now);
                return Ok(());
            }
            Err(RecvTimeoutError::Timeout) => {}
        }
    }
}

fn suspend_app<B: Backend>(
    screen: &mut Screen<B>,
    app: &mut App,
    suspend: &mut dyn FnMut(&mut Screen<B>) -> io::Result<()>,
) -> Result<Rect, UiError>
where
    B::Error: Into<io::Error>,
{
    app.suspended(true, Instant::now());
    if let Err(e) = suspend(screen) {
        app.interrupt(Ending::TerminalClosed, Instant::now());
        return Err(UiError::Terminal(e));
    }
    app.suspended(false, Instant::now());
    // The window may have changed size while we were stopped.
    Ok(screen.area())
}
