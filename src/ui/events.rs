//! Everything the main loop waits for, on one channel: key presses, pastes
//! and resizes from an input thread, signals from a signal thread, the
//! terminal going away from a watch on it, and a routine file saved.

use std::os::fd::{AsRawFd, RawFd};
use std::sync::mpsc::Sender;
use std::thread;
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{self, Event as TermEvent, KeyEvent, KeyEventKind};
use ratatui::crossterm::terminal;
use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP};
use signal_hook::iterator::Signals;

use super::terminal::LateReply;

/// Something that happened outside the loop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A key press (releases and repeats from enhanced keyboards are dropped).
    Key(KeyEvent),
    /// Text pasted in one go (bracketed paste).
    Paste(String),
    /// The terminal's new size: columns and rows.
    Resize(u16, u16),
    /// SIGINT, SIGTERM, SIGHUP or SIGQUIT, by number: save and leave.
    Stop(i32),
    /// SIGTSTP from outside (Ctrl-Z itself arrives as a key in raw mode).
    Suspend,
    /// The terminal hung up or its input failed: save and leave.
    InputClosed,
    /// The journal's figures have been read (on their own thread): draw them.
    JournalRead,
    /// The routine file being watched (`play --watch`) was saved.
    RoutineSaved,
}

/// The signals that end a session (saved first).
pub const STOP_SIGNALS: [i32; 4] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT];

/// Starts the input, hang-up and signal threads, which send to `tx`; all
/// stop with the process.
pub fn spawn(tx: Sender<Event>) -> std::io::Result<()> {
    spawn_drawn_at(tx, None)
}

/// As [`spawn`], for a screen drawn at `size`: a resize between reading
/// that size and the reader's start (a window resized as the program
/// starts) would send no event, and every frame would be drawn at the old
/// size; so once the reader listens, the size is read again and a change
/// is sent as a resize.
pub fn spawn_drawn_at(tx: Sender<Event>, size: Option<(u16, u16)>) -> std::io::Result<()> {
    spawn_signals(tx.clone())?;
    // The terminal crossterm reads keys from, opened once more to watch it.
    if let Ok(tty) = std::fs::File::open("/dev/tty") {
        let watch = tx.clone();
        thread::Builder::new()
            .name("hangup".into())
            .spawn(move || watch_hangup(tty.as_raw_fd(), &watch))?;
    }
    thread::Builder::new()
        .name("input".into())
        .spawn(move || read_input(&tx, size))?;
    Ok(())
}

fn read_input(tx: &Sender<Event>, drawn_at: Option<(u16, u16)>) {
    let mut late_reply = LateReply::after_query();
    if let Some(drawn_at) = drawn_at {
        // The first poll starts crossterm's reader, which from then on
        // hears every resize.
        let _ = event::poll(Duration::ZERO);
        if let Ok((width, height)) = terminal::size()
            && (width, height) != drawn_at
            && tx.send(Event::Resize(width, height)).is_err()
        {
            return;
        }
    }
    loop {
        let sent = match event::read() {
            Ok(TermEvent::Key(key)) if !late_reply.is_key(&key, Instant::now()) => Ok(()),
            Ok(TermEvent::Key(key)) if key.kind == KeyEventKind::Press => tx.send(Event::Key(key)),
            Ok(TermEvent::Paste(text)) => tx.send(Event::Paste(text)),
            Ok(TermEvent::Resize(width, height)) => tx.send(Event::Resize(width, height)),
            Ok(_) => Ok(()),
            Err(_) => {
                let _ = tx.send(Event::InputClosed);
                return;
            }
        };
        if sent.is_err() {
            return;
        }
    }
}

/// Waits, without reading, until the terminal on `fd` hangs up. crossterm's
/// reader never returns when its input ends (it retries the read forever,
/// at full speed), so the end of the terminal is watched for here. The
/// file behind `fd` stays open as long as the thread that owns it runs.
fn watch_hangup(fd: RawFd, tx: &Sender<Event>) {
    let mut watched = libc::pollfd {
        fd,
        // Hang-ups and errors are always reported; nothing else is asked.
        events: 0,
        revents: 0,
    };
    loop {
        // SAFETY: one valid pollfd, for the length given.
        let ready = unsafe { libc::poll(&raw mut watched, 1, -1) };
        if ready < 0 {
            if std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted {
                continue;
            }
            return;
        }
        if watched.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0 {
            let _ = tx.send(Event::InputClosed);
            return;
        }
    }
}

/// Signals arrive on their own thread, so the handler does no work itself.
pub fn spawn_signals(tx: Sender<Event>) -> std::io::Result<()> {
    let mut signals = Signals::new(STOP_SIGNALS.iter().chain([&SIGTSTP]))?;
    thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            for signal in signals.forever() {
                let event = if signal == SIGTSTP {
                    Event::Suspend
                } else {
                    Event::Stop(signal)
                };
                if tx.send(event).is_err() {
                    return;
                }
            }
        })?;
    Ok(())
}
