//! The full screen as two buffers, what the terminal shows and the frame
//! being drawn, and the cheap way from one to the other.
//!
//! ratatui's `Terminal` does the same, but it compares every cell of the
//! two buffers in full each frame, measuring each symbol's width as it
//! goes: on a 100×30 screen that was over half the cost of a frame of the
//! breathing bar, which changes a few cells. Here the cells are compared
//! by their plain fields first and each symbol's width is measured only
//! when it is not one byte; a frame with a symbol that is not exactly one
//! cell wide anywhere (a wide character, or a cell ratatui is told to skip
//! or always redraw) goes through ratatui's own comparison, which knows
//! how to clear what such characters leave behind.

use ratatui::backend::{Backend, ClearType};
use ratatui::buffer::{Buffer, Cell, CellDiffOption, CellWidth};
use ratatui::layout::Rect;

/// What is on the terminal, and the frame being drawn for it.
#[derive(Debug)]
pub struct Screen<B: Backend> {
    backend: B,
    /// What the terminal shows.
    shown: Buffer,
    /// Whether every cell of `shown` is an ordinary one-cell symbol.
    shown_plain: bool,
    /// The frame being drawn; blank before each draw.
    next: Buffer,
    /// The cells of this frame that differ from what is shown.
    changed: Vec<usize>,
    /// Whether the next frame must be drawn whole (after a clear).
    whole_needed: bool,
}

impl<B: Backend> Screen<B> {
    /// A screen of `area`, taken to be blank.
    pub fn new(backend: B, area: Rect) -> Self {
        Self {
            backend,
            shown: Buffer::empty(area),
            shown_plain: true,
            next: Buffer::empty(area),
            changed: Vec::new(),
            whole_needed: true,
        }
    }

    /// The size drawn in.
    pub fn area(&self) -> Rect {
        self.shown.area
    }

    pub fn backend(&self) -> &B {
        &self.backend
    }

    pub fn backend_mut(&mut self) -> &mut B {
        &mut self.backend
    }

    /// Takes the terminal to be `area` now: clears it, and draws the next
    /// frame whole.
    pub fn resize(&mut self, area: Rect) -> Result<(), B::Error> {
        self.shown.resize(area);
        self.shown.reset();
        self.shown_plain = true;
        self.whole_needed = true;
        self.next.resize(area);
        self.backend.clear_region(ClearType::All)?;
        self.backend.flush()
    }

    /// Draws a frame: `render` draws it whole into a blank buffer of the
    /// screen's area, and only what differs from what is shown is written.
    pub fn draw(&mut self, render: impl FnOnce(Rect, &mut Buffer)) -> Result<(), B::Error> {
        self.next.reset();
        let area = self.next.area;
        render(area, &mut self.next);
        let next_plain = self.next.content.iter().all(plain);
        if self.shown_plain && next_plain {
            self.changed.clear();
            let pairs = self.shown.content.iter().zip(&self.next.content);
            self.changed.extend(
                pairs
                    .enumerate()
                    .filter(|(_, (shown, next))| !same(shown, next))
                    .map(|(i, _)| i),
            );
            let width = usize::from(area.width.max(1));
            let next = &self.next.content;
            self.backend.draw(self.changed.iter().map(|&i| {
                // Within the screen's area, whose sides are u16.
                let (x, y) = ((i % width) as u16, (i / width) as u16);
                (area.x + x, area.y + y, &next[i])
            }))?;
        } else {
            self.backend.draw(self.shown.diff_iter(&self.next))?;
        }
        self.backend.hide_cursor()?;
        self.backend.flush()?;
        std::mem::swap(&mut self.shown, &mut self.next);
        self.shown_plain = next_plain;
        self.whole_needed = false;
        Ok(())
    }

    /// Draws only `part` of the screen, for a frame in which nothing
    /// outside it can have changed (the breathing bar between two seconds):
    /// `render` draws into `part`, blank, and what differs from what is
    /// shown there is written. The rest of the screen is neither drawn nor
    /// compared, so such a frame costs a row's work, not the screen's.
    /// False, having drawn nothing, when the screen must be drawn whole:
    /// after a clear, or around a symbol that is not one plain cell.
    pub fn draw_part(
        &mut self,
        part: Rect,
        render: impl FnOnce(&mut Buffer),
    ) -> Result<bool, B::Error> {
        let part = part.intersection(self.shown.area);
        if self.whole_needed || !self.shown_plain {
            return Ok(false);
        }
        let width = usize::from(self.shown.area.width);
        let cells = |part: Rect| {
            (part.top()..part.bottom()).flat_map(move |y| {
                let row = usize::from(y) * width;
                row + usize::from(part.left())..row + usize::from(part.right())
            })
        };
        for i in cells(part) {
            self.next.content[i].reset();
        }
        render(&mut self.next);
        if !cells(part).all(|i| plain(&self.next.content[i])) {
            return Ok(false);
        }
        self.changed.clear();
        let (shown, next) = (&self.shown.content, &self.next.content);
        self.changed
            .extend(cells(part).filter(|&i| !same(&shown[i], &next[i])));
        let area = self.shown.area;
        let w = usize::from(area.width.max(1));
        self.backend.draw(self.changed.iter().map(|&i| {
            // Within the screen's area, whose sides are u16.
            let (x, y) = ((i % w) as u16, (i / w) as u16);
            (area.x + x, area.y + y, &next[i])
        }))?;
        for &i in &self.changed {
            self.shown.content[i].clone_from(&self.next.content[i]);
        }
        self.backend.hide_cursor()?;
        self.backend.flush()?;
        Ok(true)
    }

    /// What the terminal shows, for tests.
    pub fn shown(&self) -> &Buffer {
        &self.shown
    }
}

/// Whether `cell` is an ordinary symbol one cell wide, compared and
/// written as it is.
#[allow(deprecated)] // `skip`: still honoured by ratatui's own diff
fn plain(cell: &Cell) -> bool {
    let symbol = cell.symbol();
    cell.diff_option == CellDiffOption::None
        && !cell.skip
        && (symbol.len() == 1 || symbol.cell_width() == 1)
}

/// Whether two plain cells show the same.
fn same(a: &Cell, b: &Cell) -> bool {
    a.fg == b.fg
        && a.bg == b.bg
        && a.modifier == b.modifier
        && a.underline_color == b.underline_color
        && same_symbol(a.symbol().as_bytes(), b.symbol().as_bytes())
}

/// Whether two symbols are the same, most of them one byte: compared
/// inline, without a call to `memcmp` for each cell of the screen.
fn same_symbol(a: &[u8], b: &[u8]) -> bool {
    match (a, b) {
        ([a], [b]) => a == b,
        _ if a.len() != b.len() => false,
        _ => a.iter().zip(b).all(|(a, b)| a == b),
    }
}

#[cfg(test)]
mod tests {
    use ratatui::backend::TestBackend;
    use ratatui::style::{Color, Style};
    use ratatui::{Terminal, TerminalOptions, Viewport};

    use super::*;

    /// The same frames through a `Screen` and through ratatui's `Terminal`
    /// leave the same on the terminal, and write the same cells.
    #[test]
    fn frames_leave_what_ratatuis_terminal_leaves() {
        let area = Rect::new(0, 0, 12, 3);
        let mut screen = Screen::new(TestBackend::new(12, 3), area);
        let mut terminal = Terminal::with_options(
            TestBackend::new(12, 3),
            TerminalOptions {
                viewport: Viewport::Fixed(area),
            },
        )
        .unwrap();
        let yellow = Style::default().fg(Color::Yellow);
        let frames: [&[(u16, u16, &str, Style)]; 6] = [
            &[
                (0, 0, "Breathe in", yellow),
                (0, 1, "████▍", Style::default()),
            ],
            &[
                (0, 0, "Breathe in", yellow),
                (0, 1, "████▌", Style::default()),
            ],
            &[(0, 0, "Breathe out", yellow), (0, 2, "コンニチハ", yellow)],
            &[
                (0, 0, "Breathe out", Style::default()),
                (1, 2, "ab", yellow),
            ],
            &[(0, 0, "Hold", yellow)],
            &[],
        ];
        for cells in frames {
            let put = |buf: &mut Buffer| {
                for &(x, y, text, style) in cells {
                    buf.set_string(x, y, text, style);
                }
            };
            screen.draw(|_, buf| put(buf)).unwrap();
            terminal.draw(|f| put(f.buffer_mut())).unwrap();
            assert_eq!(screen.backend().buffer(), terminal.backend().buffer());
            assert_eq!(screen.shown(), terminal.backend().buffer());
        }
    }

    /// A terminal that keeps which cells it was sent.
    struct Recording(TestBackend, Vec<(u16, u16, String)>);

    impl Backend for Recording {
        type Error = <TestBackend as Backend>::Error;
        fn draw<'a, I>(&mut self, content: I) -> Result<(), Self::Error>
        where
            I: Iterator<Item = (u16, u16, &'a Cell)>,
        {
            let cells: Vec<_> = content.collect();
            self.1.extend(
                cells
                    .iter()
                    .map(|(x, y, c)| (*x, *y, c.symbol().to_owned())),
            );
            self.0.draw(cells.into_iter())
        }
        fn hide_cursor(&mut self) -> Result<(), Self::Error> {
            self.0.hide_cursor()
        }
        fn show_cursor(&mut self) -> Result<(), Self::Error> {
            self.0.show_cursor()
        }
        fn get_cursor_position(&mut self) -> Result<ratatui::layout::Position, Self::Error> {
            self.0.get_cursor_position()
        }
        fn set_cursor_position<P: Into<ratatui::layout::Position>>(
            &mut self,
            position: P,
        ) -> Result<(), Self::Error> {
            self.0.set_cursor_position(position)
        }
        fn clear(&mut self) -> Result<(), Self::Error> {
            self.0.clear()
        }
        fn clear_region(&mut self, clear_type: ClearType) -> Result<(), Self::Error> {
            self.0.clear_region(clear_type)
        }
        fn size(&self) -> Result<ratatui::layout::Size, Self::Error> {
            self.0.size()
        }
        fn window_size(&mut self) -> Result<ratatui::backend::WindowSize, Self::Error> {
            self.0.window_size()
        }
        fn flush(&mut self) -> Result<(), Self::Error> {
            self.0.flush()
        }
    }

    #[test]
    fn only_changed_cells_are_written_and_a_resize_redraws_all() {
        let area = Rect::new(0, 0, 10, 2);
        let mut screen = Screen::new(Recording(TestBackend::new(10, 2), Vec::new()), area);
        let clock = |text: &'static str| {
            move |_: Rect, buf: &mut Buffer| {
                buf.set_string(0, 0, text, Style::default());
            }
        };
        screen.draw(clock("12:00")).unwrap();
        screen.backend_mut().1.clear();
        screen.draw(clock("11:59")).unwrap();
        let sent = |s: &mut Screen<Recording>| std::mem::take(&mut s.backend_mut().1);
        assert_eq!(
            sent(&mut screen),
            [(1, 0, "1".into()), (3, 0, "5".into()), (4, 0, "9".into())]
        );
        screen.draw(clock("11:59")).unwrap();
        assert!(sent(&mut screen).is_empty(), "nothing changed");
        screen.resize(Rect::new(0, 0, 8, 2)).unwrap();
        screen.draw(clock("11:58")).unwrap();
        assert_eq!(sent(&mut screen).len(), 5, "the whole clock after a clear");
    }
}
