//! Taking the terminal and always giving it back: on normal exit, on error,
//! on panic, on SIGINT, SIGTERM, SIGHUP and SIGQUIT, and around Ctrl-Z.

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Stdout, Write};
use std::mem::ManuallyDrop;
use std::os::fd::AsRawFd;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, Once, OnceLock};
use std::thread::{self, ThreadId};
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::crossterm::{cursor, event, execute, style, terminal};
use ratatui::layout::Rect;

use super::backend::LeanBackend;
use super::theme::{Background, background_from_osc11, reply_complete};

pub type Screen = super::screen::Screen<LeanBackend<Stdout>>;

/// Raw mode and the alternate screen, released when dropped.
pub struct TerminalGuard {
    /// Never dropped: ratatui's `Terminal`, which this once was, shows the
    /// cursor when dropped and prints to stderr if it cannot, which panics
    /// once the terminal has hung up. Our own screen writes nothing when
    /// dropped, and stays undropped so that no backend it is given ever
    /// does. [`leave`] restores everything, the cursor included.
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
    // The shell wrote to the terminal meanwhile: the next frame says
    // everything again (the resize clears the screen and redraws it all).
    screen.backend_mut().forget();
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
    let area = Rect::new(0, 0, width, height);
    let mut screen = Screen::new(LeanBackend::new(io::stdout()), area);
    // Whatever the terminal showed before, the first frame is drawn whole.
    screen.resize(area)?;
    Ok(screen)
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
    // The screen is drawn without a reset after each frame (see
    // `LeanBackend`): the colours and attributes go back to the
    // terminal's own before the screen does.
    let _ = execute!(
        out,
        style::SetAttribute(style::Attribute::Reset),
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

/// How long the terminal has to answer [`query_background`].
pub const BACKGROUND_WAIT: Duration = Duration::from_millis(100);

/// How long after an unanswered query a late answer is still kept from
/// being read as keys (see [`LateReply`]).
const LATE_REPLY_WATCH: Duration = Duration::from_secs(5);

/// The background query and the device attributes query after it: every
/// VT100-like terminal answers the second, in order, so its answer says
/// that the first has been answered or never will be.
const BACKGROUND_QUERY: &[u8] = b"\x1b]11;?\x07\x1b[c";

/// Until when a late answer to an unanswered query may still arrive.
static LATE_REPLY_UNTIL: Mutex<Option<Instant>> = Mutex::new(None);

/// Asks the terminal what colour its background is (OSC 11), in raw mode
/// on `/dev/tty`, and reads its answer within `wait`; at start-up of the
/// full screen only, before anything else reads the terminal. None when
/// it does not say: no terminal, `TERM` dumb, unset or the Linux console
/// (which has no such query and a black background), no answer in time.
/// Every byte of the answers is read here, so none is taken for a key;
/// if the time runs out first, a late answer is filtered out of the keys
/// (see [`LateReply`]). Keys pressed during those milliseconds are lost.
pub fn query_background(wait: Duration) -> Option<Background> {
    let term = std::env::var("TERM").unwrap_or_default();
    if term.is_empty() || term == "dumb" || term == "linux" {
        return None;
    }
    let mut tty = OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")
        .ok()?;
    let was_raw = terminal::is_raw_mode_enabled().unwrap_or(false);
    if !was_raw {
        terminal::enable_raw_mode().ok()?;
    }
    let (reply, complete) = ask(&mut tty, wait);
    if !was_raw {
        let _ = terminal::disable_raw_mode();
    }
    if !complete && let Ok(mut until) = LATE_REPLY_UNTIL.lock() {
        *until = Some(Instant::now() + LATE_REPLY_WATCH);
    }
    background_from_osc11(&reply)
}

/// Sends the query and reads until the device attributes answer has come
/// or `wait` has passed: what was read, and whether it came in time.
fn ask(tty: &mut File, wait: Duration) -> (Vec<u8>, bool) {
    let mut reply = Vec::new();
    if tty
        .write_all(BACKGROUND_QUERY)
        .and_then(|()| tty.flush())
        .is_err()
    {
        return (reply, true);
    }
    let deadline = Instant::now() + wait;
    let mut chunk = [0u8; 256];
    loop {
        if reply_complete(&reply) {
            return (reply, true);
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || reply.len() > 4096 {
            return (reply, false);
        }
        let mut ready = libc::pollfd {
            fd: tty.as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        };
        let millis = i32::try_from(left.as_millis().max(1)).unwrap_or(i32::MAX);
        // SAFETY: one valid pollfd, for the length given.
        let events = unsafe { libc::poll(&raw mut ready, 1, millis) };
        if events < 0 {
            if io::Error::last_os_error().kind() == io::ErrorKind::Interrupted {
                continue;
            }
            return (reply, false);
        }
        if events == 0 {
            continue;
        }
        if ready.revents & libc::POLLIN == 0 {
            return (reply, false);
        }
        match tty.read(&mut chunk) {
            Ok(0) => return (reply, false),
            Ok(n) => reply.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return (reply, false),
        }
    }
}

/// Keeps a late answer to the background query from being taken for keys.
/// crossterm reads `ESC ] 11 ; rgb:0000/0000/0000 BEL` as Alt-`]`, then
/// one key a character (digits among them, which answer the pain
/// question), then Ctrl-G; `ESC \` at the end is Alt-`\`. For a few
/// seconds after a query went unanswered, such a run of keys is dropped.
#[derive(Debug, Default)]
pub struct LateReply {
    /// Until when an answer may still come.
    until: Option<Instant>,
    /// Keys of an answer dropped so far, while inside one.
    inside: Option<usize>,
}

impl LateReply {
    /// The longest answer dropped: past it, keys are keys again.
    const LONGEST: usize = 40;

    /// Watching until `until`, if anything.
    pub fn watching(until: Option<Instant>) -> Self {
        Self {
            until,
            inside: None,
        }
    }

    /// The filter for the keys of this run: watching only after a query
    /// that went unanswered.
    pub fn after_query() -> Self {
        Self::watching(LATE_REPLY_UNTIL.lock().ok().and_then(|until| *until))
    }

    /// Whether `key`, read at `now`, was pressed by the person rather than
    /// being part of a late answer.
    pub fn is_key(&mut self, key: &KeyEvent, now: Instant) -> bool {
        let alt = key.modifiers.contains(KeyModifiers::ALT);
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        if let Some(count) = self.inside {
            let ends = (ctrl && key.code == KeyCode::Char('g'))
                || (alt && key.code == KeyCode::Char('\\'));
            if ends {
                // One answer is all that was asked for.
                self.inside = None;
                self.until = None;
                return false;
            }
            let part = matches!(key.code, KeyCode::Char(c)
                if c.is_ascii_hexdigit() || ";:/#rgbaRGBA".contains(c))
                && !alt
                && !ctrl;
            if part && count < Self::LONGEST {
                self.inside = Some(count + 1);
                return false;
            }
            self.inside = None;
            return true;
        }
        if alt && key.code == KeyCode::Char(']') && self.until.is_some_and(|until| now < until) {
            self.inside = Some(0);
            return false;
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(bytes: &str) -> Vec<KeyEvent> {
        // As crossterm parses them: ESC x is Alt-x, BEL is Ctrl-G.
        let mut keys = Vec::new();
        let mut chars = bytes.chars();
        while let Some(c) = chars.next() {
            keys.push(match c {
                '\x1b' => KeyEvent::new(KeyCode::Char(chars.next().unwrap()), KeyModifiers::ALT),
                '\x07' => KeyEvent::new(KeyCode::Char('g'), KeyModifiers::CONTROL),
                c => KeyEvent::from(KeyCode::Char(c)),
            });
        }
        keys
    }

    fn passed(filter: &mut LateReply, bytes: &str, now: Instant) -> String {
        keys(bytes)
            .into_iter()
            .filter(|k| filter.is_key(k, now))
            .map(|k| match k.code {
                KeyCode::Char(c) => c,
                _ => '?',
            })
            .collect()
    }

    #[test]
    fn a_late_answer_is_not_read_as_keys() {
        let now = Instant::now();
        let mut filter = LateReply::watching(Some(now + Duration::from_secs(5)));
        let answer = "\x1b]11;rgb:1c1c/1c1c/1c1c\x07";
        assert_eq!(passed(&mut filter, &format!("6{answer}n"), now), "6n");
        // Only one answer was asked for: afterwards Alt-] is a key again.
        assert_eq!(passed(&mut filter, "\x1b]1", now), "]1");
        // Ended by ST, and a key that is no part of an answer ends it too.
        let mut filter = LateReply::watching(Some(now + Duration::from_secs(5)));
        assert_eq!(
            passed(&mut filter, "\x1b]11;rgb:ffff/ffff/ffff\x1b\\q", now),
            "q"
        );
        let mut filter = LateReply::watching(Some(now + Duration::from_secs(5)));
        assert_eq!(passed(&mut filter, "\x1b]1 q", now), " q");
    }

    #[test]
    fn without_an_unanswered_query_every_key_is_a_key() {
        let now = Instant::now();
        let answer = "\x1b]11;rgb:1c1c/1c1c/1c1c\x07";
        let mut never = LateReply::watching(None);
        assert_eq!(passed(&mut never, answer, now).len(), keys(answer).len());
        let mut over = LateReply::watching(Some(now));
        assert_eq!(passed(&mut over, answer, now).len(), keys(answer).len());
    }

    #[test]
    fn only_an_uncaught_panic_on_the_drawing_thread_gives_the_terminal_back() {
        assert_eq!(on_panic(true, true, true), OnPanic::Nothing);
        assert_eq!(on_panic(true, false, true), OnPanic::Nothing);
        assert_eq!(on_panic(false, true, true), OnPanic::LeaveThenReport);
        assert_eq!(on_panic(false, false, true), OnPanic::Defer);
        assert_eq!(on_panic(false, false, false), OnPanic::Report);
    }
}
