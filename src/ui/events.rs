//! Everything the main loop waits for, on one channel: key presses and
//! resizes from an input thread, and signals from a signal thread.

use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;

use ratatui::crossterm::event::{self, Event as TermEvent, KeyEvent, KeyEventKind};
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM, SIGTSTP};
use signal_hook::iterator::Signals;

/// Something that happened outside the loop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// A key press (releases and repeats from enhanced keyboards are dropped).
    Key(KeyEvent),
    /// The terminal's new size: columns and rows.
    Resize(u16, u16),
    /// SIGINT, SIGTERM or SIGHUP: end the session cleanly.
    Stop,
    /// SIGTSTP from outside (Ctrl-Z itself arrives as a key in raw mode).
    Suspend,
}

/// Starts the input and signal threads; both stop with the process.
pub fn spawn() -> std::io::Result<Receiver<Event>> {
    let (tx, rx) = mpsc::channel();
    spawn_signals(tx.clone())?;
    thread::Builder::new()
        .name("input".into())
        .spawn(move || read_input(&tx))?;
    Ok(rx)
}

fn read_input(tx: &Sender<Event>) {
    loop {
        let sent = match event::read() {
            Ok(TermEvent::Key(key)) if key.kind == KeyEventKind::Press => tx.send(Event::Key(key)),
            Ok(TermEvent::Resize(width, height)) => tx.send(Event::Resize(width, height)),
            Ok(_) => Ok(()),
            Err(_) => {
                let _ = tx.send(Event::Stop);
                return;
            }
        };
        if sent.is_err() {
            return;
        }
    }
}

/// Signals arrive on their own thread, so the handler does no work itself.
pub fn spawn_signals(tx: Sender<Event>) -> std::io::Result<()> {
    let mut signals = Signals::new([SIGINT, SIGTERM, SIGHUP, SIGTSTP])?;
    thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            for signal in signals.forever() {
                let event = if signal == SIGTSTP {
                    Event::Suspend
                } else {
                    Event::Stop
                };
                if tx.send(event).is_err() {
                    return;
                }
            }
        })?;
    Ok(())
}
