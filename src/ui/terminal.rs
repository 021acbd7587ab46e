//! Taking the terminal and always giving it back: on normal exit, on error,
//! on panic, on SIGINT, SIGTERM, SIGHUP and SIGQUIT, and around Ctrl-Z.

use std::io::{self, Stdout, Write};
use std::mem::ManuallyDrop;
use std::sync::Once;

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

fn enter() -> io::Result<()> {
    terminal::enable_raw_mode()?;
    execute!(
        io::stdout(),
        terminal::EnterAlternateScreen,
        cursor::Hide,
        event::EnableBracketedPaste
    )
    .inspect_err(|_| leave())
}

/// Restores the terminal; safe to call more than once.
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
}

fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            leave();
            previous(info);
        }));
    });
}
