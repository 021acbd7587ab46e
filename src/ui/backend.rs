//! The terminal backend the full screen draws through: ratatui's crossterm
//! backend, less what it repeats every frame. That backend assumes nothing
//! about the terminal between frames: each frame ends with a reset of the
//! colours and attributes, and ratatui hides the cursor again after each
//! one, about 25 bytes a frame, more than a countdown's whole change. This
//! one remembers what the terminal was last told (colours, attributes,
//! where the cursor is, whether it is shown) and writes only what changes,
//! each change of style as one escape sequence, into one buffer written to
//! the terminal in one go when the frame is flushed.
//!
//! What it remembers holds only while nothing else writes to the terminal:
//! [`LeanBackend::forget`] after anything that did (giving the terminal
//! back around Ctrl-Z), and the next frame states everything afresh.

use std::fmt::Write as _;
use std::io::{self, Write};

use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::Cell;
use ratatui::crossterm::style::{Color as CrosstermColor, Colored};
use ratatui::crossterm::terminal;
use ratatui::layout::{Position, Size};
use ratatui::style::{Color, Modifier};
use unicode_width::UnicodeWidthStr;

/// How the terminal draws the next character: its colours and attributes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Pen {
    fg: Color,
    bg: Color,
    underline: Color,
    modifier: Modifier,
}

impl Pen {
    /// The terminal's own colours, no attributes: what `ESC [ 0 m` gives.
    const PLAIN: Pen = Pen {
        fg: Color::Reset,
        bg: Color::Reset,
        underline: Color::Reset,
        modifier: Modifier::empty(),
    };

    fn of(cell: &Cell) -> Pen {
        Pen {
            fg: cell.fg,
            bg: cell.bg,
            underline: cell.underline_color,
            modifier: cell.modifier,
        }
    }
}

/// A ratatui backend that writes only what changed since the last frame.
#[derive(Debug)]
pub struct LeanBackend<W: Write> {
    writer: W,
    /// What is yet to be written, sent whole on [`Backend::flush`].
    out: Vec<u8>,
    /// The terminal's pen now; None when not known.
    pen: Option<Pen>,
    /// Where the terminal's cursor is now; None when not known.
    cursor: Option<Position>,
    /// Whether the cursor is shown now; None when not known.
    shown: Option<bool>,
}

impl<W: Write> LeanBackend<W> {
    pub fn new(writer: W) -> Self {
        Self {
            writer,
            out: Vec::new(),
            pen: None,
            cursor: None,
            shown: None,
        }
    }

    /// The terminal may have been written to by someone else: know nothing
    /// of its state, so the next frame sets everything it needs.
    pub fn forget(&mut self) {
        self.pen = None;
        self.cursor = None;
        self.shown = None;
    }

    /// The writer, for tests that read what was written.
    pub fn writer(&self) -> &W {
        &self.writer
    }

    /// Moves the cursor to `to`, by the shortest sequence, unless it is
    /// there already.
    fn move_to(&mut self, to: Position) {
        let out = &mut self.out;
        match self.cursor {
            Some(at) if at == to => {}
            Some(at) if at.y == to.y && to.x == at.x + 1 => out.extend_from_slice(b"\x1b[C"),
            Some(at) if at.y == to.y && to.x > at.x => {
                let _ = write!(Ascii(out), "\x1b[{}C", to.x - at.x);
            }
            Some(at) if at.y == to.y => {
                let _ = write!(Ascii(out), "\x1b[{}G", to.x + 1);
            }
            _ if to.x == 0 => {
                let _ = write!(Ascii(out), "\x1b[{}H", to.y + 1);
            }
            _ => {
                let _ = write!(Ascii(out), "\x1b[{};{}H", to.y + 1, to.x + 1);
            }
        }
        self.cursor = Some(to);
    }

    /// Sets the pen to `to` in one escape sequence, naming only what
    /// changes, or starting from a reset when that is shorter; nothing
    /// when it is the pen already.
    fn set_pen(&mut self, to: Pen) {
        if self.pen == Some(to) {
            return;
        }
        let start = self.out.len();
        write_pen(&mut self.out, self.pen, to);
        if self.pen.is_some() {
            let changes = self.out.len() - start;
            write_pen(&mut self.out, None, to);
            if self.out.len() - start - changes < changes {
                self.out.drain(start..start + changes);
            } else {
                self.out.truncate(start + changes);
            }
        }
        self.pen = Some(to);
    }

    /// The terminal's own colours, as a clear paints with the pen's
    /// background.
    fn plain_pen(&mut self) {
        self.set_pen(Pen::PLAIN);
    }

    fn send(&mut self) -> io::Result<()> {
        let written = if self.out.is_empty() {
            Ok(())
        } else {
            self.writer.write_all(&self.out)
        };
        // A frame that could not be written is not kept for the next one.
        self.out.clear();
        written.and_then(|()| self.writer.flush())
    }
}

/// The escape sequence that changes the pen `from` (None: not known) to
/// `to`, into `out`.
fn write_pen(out: &mut Vec<u8>, from: Option<Pen>, to: Pen) {
    let mut sgr = Sgr::start(out);
    let from = match from {
        Some(from) => from,
        None => {
            sgr.param("0");
            Pen::PLAIN
        }
    };
    let removed = from.modifier - to.modifier;
    let mut have = from.modifier - removed;
    if removed.intersects(Modifier::BOLD | Modifier::DIM) {
        // One code takes away both bold and dim: what stays is put back.
        sgr.param("22");
        have -= Modifier::BOLD | Modifier::DIM;
    }
    if removed.intersects(Modifier::SLOW_BLINK | Modifier::RAPID_BLINK) {
        sgr.param("25");
        have -= Modifier::SLOW_BLINK | Modifier::RAPID_BLINK;
    }
    for (modifier, off) in [
        (Modifier::ITALIC, "23"),
        (Modifier::UNDERLINED, "24"),
        (Modifier::REVERSED, "27"),
        (Modifier::HIDDEN, "28"),
        (Modifier::CROSSED_OUT, "29"),
    ] {
        if removed.contains(modifier) {
            sgr.param(off);
        }
    }
    for (modifier, on) in [
        (Modifier::BOLD, "1"),
        (Modifier::DIM, "2"),
        (Modifier::ITALIC, "3"),
        (Modifier::UNDERLINED, "4"),
        (Modifier::SLOW_BLINK, "5"),
        (Modifier::RAPID_BLINK, "6"),
        (Modifier::REVERSED, "7"),
        (Modifier::HIDDEN, "8"),
        (Modifier::CROSSED_OUT, "9"),
    ] {
        if to.modifier.contains(modifier) && !have.contains(modifier) {
            sgr.param(on);
        }
    }
    if to.fg != from.fg {
        sgr.colour(Colored::ForegroundColor(crossterm_colour(to.fg)));
    }
    if to.bg != from.bg {
        sgr.colour(Colored::BackgroundColor(crossterm_colour(to.bg)));
    }
    if to.underline != from.underline {
        sgr.colour(Colored::UnderlineColor(crossterm_colour(to.underline)));
    }
    sgr.end();
}

/// One SGR escape sequence (`ESC [ params m`) being written; none at all
/// if it gets no parameter.
struct Sgr<'a> {
    out: &'a mut Vec<u8>,
    start: usize,
}

impl<'a> Sgr<'a> {
    fn start(out: &'a mut Vec<u8>) -> Self {
        let start = out.len();
        out.extend_from_slice(b"\x1b[");
        Self { out, start }
    }

    fn separate(&mut self) {
        if self.out.len() > self.start + 2 {
            self.out.push(b';');
        }
    }

    fn param(&mut self, code: &str) {
        self.separate();
        self.out.extend_from_slice(code.as_bytes());
    }

    /// A colour as crossterm writes it, which is nothing at all when
    /// `NO_COLOR` is set.
    fn colour(&mut self, colour: Colored) {
        let before = self.out.len();
        self.separate();
        let after_separator = self.out.len();
        let _ = write!(Ascii(self.out), "{colour}");
        if self.out.len() == after_separator {
            self.out.truncate(before);
        }
    }

    fn end(self) {
        if self.out.len() == self.start + 2 {
            self.out.truncate(self.start);
        } else {
            self.out.push(b'm');
        }
    }
}

/// ratatui's colour as crossterm names it (the mapping of ratatui's own
/// crossterm backend).
fn crossterm_colour(colour: Color) -> CrosstermColor {
    match colour {
        Color::Reset => CrosstermColor::Reset,
        Color::Black => CrosstermColor::Black,
        Color::Red => CrosstermColor::DarkRed,
        Color::Green => CrosstermColor::DarkGreen,
        Color::Yellow => CrosstermColor::DarkYellow,
        Color::Blue => CrosstermColor::DarkBlue,
        Color::Magenta => CrosstermColor::DarkMagenta,
        Color::Cyan => CrosstermColor::DarkCyan,
        Color::Gray => CrosstermColor::Grey,
        Color::DarkGray => CrosstermColor::DarkGrey,
        Color::LightRed => CrosstermColor::Red,
        Color::LightGreen => CrosstermColor::Green,
        Color::LightBlue => CrosstermColor::Blue,
        Color::LightYellow => CrosstermColor::Yellow,
        Color::LightMagenta => CrosstermColor::Magenta,
        Color::LightCyan => CrosstermColor::Cyan,
        Color::White => CrosstermColor::White,
        Color::Indexed(i) => CrosstermColor::AnsiValue(i),
        Color::Rgb(r, g, b) => CrosstermColor::Rgb { r, g, b },
    }
}

/// Formatted text into the byte buffer (escape sequences are ASCII).
struct Ascii<'a>(&'a mut Vec<u8>);

impl std::fmt::Write for Ascii<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

/// How far the terminal moves its cursor printing `symbol`, when that is
/// sure to be one cell; None otherwise (the next cell is then reached by a
/// move, as ratatui's own backend does after every wide character).
fn advance(symbol: &str) -> Option<u16> {
    match symbol.as_bytes() {
        [b] if b.is_ascii_graphic() || *b == b' ' => Some(1),
        [] => None,
        _ if symbol.width() == 1 => Some(1),
        _ => None,
    }
}

impl<W: Write> Backend for LeanBackend<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        for (x, y, cell) in content {
            self.move_to(Position { x, y });
            self.set_pen(Pen::of(cell));
            let symbol = cell.symbol();
            self.out.extend_from_slice(symbol.as_bytes());
            // After the last column the cursor waits to wrap: it is at no
            // cell a frame can name, so the next cell is moved to.
            self.cursor = advance(symbol).map(|w| Position { x: x + w, y });
        }
        Ok(())
    }

    fn append_lines(&mut self, n: u16) -> io::Result<()> {
        for _ in 0..n {
            self.out.push(b'\n');
        }
        self.cursor = None;
        self.send()
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        if self.shown != Some(false) {
            self.out.extend_from_slice(b"\x1b[?25l");
            self.shown = Some(false);
        }
        Ok(())
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        if self.shown != Some(true) {
            self.out.extend_from_slice(b"\x1b[?25h");
            self.shown = Some(true);
        }
        Ok(())
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        if let Some(at) = self.cursor {
            return Ok(at);
        }
        self.send()?;
        let (x, y) = ratatui::crossterm::cursor::position()?;
        Ok(Position { x, y })
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        self.move_to(position.into());
        Ok(())
    }

    fn clear(&mut self) -> io::Result<()> {
        self.clear_region(ClearType::All)
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.plain_pen();
        let sequence: &[u8] = match clear_type {
            ClearType::All => b"\x1b[2J",
            ClearType::AfterCursor => b"\x1b[J",
            ClearType::BeforeCursor => b"\x1b[1J",
            ClearType::CurrentLine => b"\x1b[2K",
            ClearType::UntilNewLine => b"\x1b[K",
        };
        self.out.extend_from_slice(sequence);
        self.send()
    }

    fn size(&self) -> io::Result<Size> {
        let (width, height) = terminal::size()?;
        Ok(Size { width, height })
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        let size = terminal::window_size()?;
        Ok(WindowSize {
            columns_rows: Size {
                width: size.columns,
                height: size.rows,
            },
            pixels: Size {
                width: size.width,
                height: size.height,
            },
        })
    }

    fn flush(&mut self) -> io::Result<()> {
        self.send()
    }
}

#[cfg(test)]
mod tests;
