//! Taking the terminal and always giving it back: on normal exit, on error,
//! on panic, on SIGINT, SIGTERM, SIGHUP and SIGQUIT, and around Ctrl-Z.

use std::io::{self, Stdout, Write};
use std::mem::ManuallyDrop;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, Once, OnceLock};
use std::thread::{self, ThreadId};

use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::{cursor, event, execute, terminal};
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

pub type Screen = Terminal<CrosstermBackend<Stdout>>;

/// Raw mode and the alternate screen, released when dropped.
pub struct TerminalGuard {
    /// Never dropped: ratatui's `Terminal` shows the cursor when dropped and
    /// prints to stderr if it cannot, which panics once the terminal has
    /// hung up. [`leave`] restores everything, the cursor included.
    pub screen: ManuallyDrop<Screen>,
}

impl TerminalGuard {
    /// Takes the terminal, or says plainly why it cannot.
    pub fn acquire() -> io::Result<Self> {
        install_panic_hook();
        enter()?;
        let screen = fixed_screen().inspect_err(|_| leave())?;
        Ok(Self {
            screen: ManuallyDrop::new(screen),
        })
    }
}

/// Gives the terminal back, stops the process (Ctrl-Z), and takes it again
/// when the shell brings us back with `fg`.
pub fn suspend(screen: &mut Screen) -> io::Result<()> {
    leave();
    signal_hook::low_level::emulate_default_handler(signal_hook::consts::SIGTSTP)?;
    enter()?;
    let (width, height) = terminal::size()?;
    screen.resize(Rect::new(0, 0, width, height))
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        leave();
    }
}

/// A screen of the terminal's current size that does not ask the terminal
/// for its size on every frame (that costs a file open and an ioctl each
/// time); the loop resizes it on resize events instead.
fn fixed_screen() -> io::Result<Screen> {
    let (width, height) = terminal::size()?;
    let viewport = Viewport::Fixed(Rect::new(0, 0, width, height));
    Terminal::with_options(
        CrosstermBackend::new(io::stdout()),
        TerminalOptions { viewport },
    )
}

/// Whether the terminal is ours now (raw mode, alternate screen).
static HELD: AtomicBool = AtomicBool::new(false);

/// The thread that draws the screen: only a panic there ends the program
/// with the terminal to give back.
static UI_THREAD: OnceLock<ThreadId> = OnceLock::new();

/// Reports of panics on other threads while the terminal was held, shown
/// once it is given back rather than over the screen.
static DEFERRED: Mutex<Vec<String>> = Mutex::new(Vec::new());

fn enter() -> io::Result<()> {
    HELD.store(true, Ordering::SeqCst);
    terminal::enable_raw_mode()?;
    execute!(
        io::stdout(),
        terminal::EnterAlternateScreen,
        cursor::Hide,
        event::EnableBracketedPaste
    )
    .inspect_err(|_| leave())
}

/// Restores the terminal; safe to call more than once. Then shows what
/// other threads reported while it was held.
pub fn leave() {
    let _ = terminal::disable_raw_mode();
    let mut out = io::stdout();
    let _ = execute!(
        out,
        event::DisableBracketedPaste,
        terminal::LeaveAlternateScreen,
        cursor::Show
    );
    let _ = out.flush();
    HELD.store(false, Ordering::SeqCst);
    let deferred = std::mem::take(&mut *DEFERRED.lock().unwrap_or_else(|e| e.into_inner()));
    let mut err = io::stderr();
    for report in deferred {
        // The terminal may be gone: a failed write is no second panic.
        let _ = writeln!(err, "{report}");
    }
}

/// What the panic hook does for a panic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OnPanic {
    /// Caught by [`crate::panics::quietly`] (a decoder on a strange file):
    /// nothing at all; the screen stays as it is and the caller warns.
    Nothing,
    /// On the drawing thread: give the terminal back, then report it.
    LeaveThenReport,
    /// On another thread while the screen is ours: keep the report for
    /// when the terminal is given back, never print it over the screen.
    Defer,
    /// The terminal is not ours: report it as usual.
    Report,
}

fn on_panic(quiet: bool, ui_thread: bool, held: bool) -> OnPanic {
    match (quiet, ui_thread, held) {
        (true, _, _) => OnPanic::Nothing,
        (false, true, _) => OnPanic::LeaveThenReport,
        (false, false, true) => OnPanic::Defer,
        (false, false, false) => OnPanic::Report,
    }
}

fn install_panic_hook() {
    static ONCE: Once = Once::new();
    let _ = UI_THREAD.set(thread::current().id());
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let ui_thread = UI_THREAD.get() == Some(&thread::current().id());
            match on_panic(
                crate::panics::is_quiet(),
                ui_thread,
                HELD.load(Ordering::SeqCst),
            ) {
                OnPanic::Nothing => {}
                OnPanic::LeaveThenReport => {
                    leave();
                    previous(info);
                }
                OnPanic::Defer => {
                    let name = thread::current().name().unwrap_or("unnamed").to_owned();
                    let report = format!("thread '{name}' {info}");
                    if let Ok(mut kept) = DEFERRED.lock() {
                        kept.push(report);
                    }
                }
                OnPanic::Report => previous(info),
            }
        }));
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_uncaught_panic_on_the_drawing_thread_gives_the_terminal_back() {
        assert_eq!(on_panic(true, true, true), OnPanic::Nothing);
        assert_eq!(on_panic(true, false, true), OnPanic::Nothing);
        assert_eq!(on_panic(false, true, true), OnPanic::LeaveThenReport);
        assert_eq!(on_panic(false, false, true), OnPanic::Defer);
        assert_eq!(on_panic(false, false, false), OnPanic::Report);
    }
}
