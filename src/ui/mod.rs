//! The terminal interface: screens drawn with ratatui, one loop that sleeps
//! until the next input or the next moment something visible changes.

pub mod app;
pub mod events;
pub mod frame;
pub mod sound;
pub mod terminal;
pub mod theme;
pub mod view;

use std::io;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::Instant;

use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::layout::Rect;

use app::{App, Control, MIN_WAIT};
use events::Event;
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
/// back however it ends.
pub fn run(app: &mut App) -> Result<(), UiError> {
    let mut guard = TerminalGuard::acquire().map_err(UiError::NoTerminal)?;
    let events = events::spawn()?;
    run_loop(&mut guard.screen, app, &events, &mut |screen| {
        terminal::suspend(screen)
    })?;
    Ok(())
}

/// The main loop, generic over the backend so tests can drive it.
pub fn run_loop<B: Backend>(
    screen: &mut Terminal<B>,
    app: &mut App,
    events: &Receiver<Event>,
    suspend: &mut dyn FnMut(&mut Terminal<B>) -> io::Result<()>,
) -> Result<(), UiError>
where
    B::Error: Into<io::Error>,
{
    let size = |s: &Terminal<B>| {
        s.size()
            .map(|z| Rect::new(0, 0, z.width, z.height))
            .map_err(Into::into)
    };
    let mut area = size(screen)?;
    loop {
        let now = Instant::now();
        app.tick(now);
        screen.draw(|f| app.draw(f, now)).map_err(Into::into)?;
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
            Ok(Event::Suspend) => area = suspend_app(screen, app, suspend)?,
            Ok(Event::Resize(width, height)) => {
                area = Rect::new(0, 0, width, height);
                screen.resize(area).map_err(Into::into)?;
            }
            Ok(Event::Stop) | Err(RecvTimeoutError::Disconnected) => {
                app.stop(now);
                return Ok(());
            }
            Err(RecvTimeoutError::Timeout) => {}
        }
    }
}

fn suspend_app<B: Backend>(
    screen: &mut Terminal<B>,
    app: &mut App,
    suspend: &mut dyn FnMut(&mut Terminal<B>) -> io::Result<()>,
) -> Result<Rect, UiError>
where
    B::Error: Into<io::Error>,
{
    app.suspended(true, Instant::now());
    suspend(screen)?;
    app.suspended(false, Instant::now());
    // The window may have changed size while we were stopped.
    Ok(screen.get_frame().area())
}
