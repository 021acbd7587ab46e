//! What [`LeanBackend`] writes gives the screen ratatui's crossterm backend
//! gives, frame after frame, replayed into a model of a terminal; and it
//! writes less.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use ratatui::backend::CrosstermBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::{Terminal, TerminalOptions, Viewport};
use unicode_width::UnicodeWidthChar;

use super::*;
use crate::routine::Routine;
use crate::timeline::Timeline;
use crate::ui::frame::Look;
use crate::ui::theme::Theme;
use crate::ui::view::testing::{STEPS, frame, look, routine};

/// Bytes written, shared with the test that reads them.
#[derive(Clone, Default)]
struct Shared(Rc<RefCell<Vec<u8>>>);

impl Write for Shared {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Shared {
    fn take(&self) -> Vec<u8> {
        std::mem::take(&mut self.0.borrow_mut())
    }
}

/// What a cell of the model terminal shows: its character and the SGR
/// state it was printed with (colours as their SGR parameters).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct Shown {
    text: String,
    bold: bool,
    dim: bool,
    italic: bool,
    underlined: bool,
    blink: bool,
    reversed: bool,
    hidden: bool,
    crossed: bool,
    fg: Option<String>,
    bg: Option<String>,
    underline: Option<String>,
}

/// A terminal as far as these backends drive it: cursor moves, SGR,
/// erasing the screen, showing and hiding the cursor, printing with
/// autowrap.
struct Model {
    width: u16,
    height: u16,
    cells: HashMap<(u16, u16), Shown>,
    pen: Shown,
    x: u16,
    y: u16,
    cursor_shown: bool,
}

impl Model {
    fn new(width: u16, height: u16) -> Self {
        Self {
            width,
            height,
            cells: HashMap::new(),
            pen: Shown::default(),
            x: 0,
            y: 0,
            cursor_shown: true,
        }
    }

    fn feed(&mut self, bytes: &[u8]) {
        let text = std::str::from_utf8(bytes).expect("UTF-8");
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '\x1b' {
                assert_eq!(chars.next(), Some('['), "only CSI sequences: {text:?}");
                let mut params = String::new();
                let last = loop {
                    let c = chars.next().expect("an ended sequence");
                    if c.is_ascii_alphabetic() {
                        break c;
                    }
                    params.push(c);
                };
                self.csi(&params, last);
            } else {
                assert!(!c.is_control(), "a control character {c:?}");
                self.print(c);
            }
        }
    }

    fn number(params: &str, default: u16) -> u16 {
        params.parse().unwrap_or(default)
    }

    fn csi(&mut self, params: &str, last: char) {
        match (last, params) {
            ('H', _) => {
                let (row, col) = params.split_once(';').unwrap_or((params, ""));
                self.y = Self::number(row, 1) - 1;
                self.x = Self::number(col, 1) - 1;
            }
            ('C', _) => self.x = (self.x + Self::number(params, 1)).min(self.width - 1),
            ('G', _) => self.x = Self::number(params, 1) - 1,
            ('J', "2") => {
                let blank = Shown {
                    bg: self.pen.bg.clone(),
                    ..Shown::default()
                };
                self.cells = (0..self.width)
                    .flat_map(|x| (0..self.height).map(move |y| (x, y)))
                    .map(|at| (at, blank.clone()))
                    .collect();
            }
            ('l', "?25") => self.cursor_shown = false,
            ('h', "?25") => self.cursor_shown = true,
            ('m', _) => self.sgr(params),
            _ => panic!("unexpected sequence {params:?} {last}"),
        }
    }

    fn sgr(&mut self, params: &str) {
        let mut codes = params.split(';');
        let pen = &mut self.pen;
        while let Some(code) = codes.next() {
            let colour = |codes: &mut std::str::Split<char>| {
                let kind = codes.next().unwrap();
                let n = if kind == "5" { 1 } else { 3 };
                let values: Vec<&str> = (0..n).map(|_| codes.next().unwrap()).collect();
                Some(format!("{kind};{}", values.join(";")))
            };
            match code {
                "" | "0" => *pen = Shown::default(),
                "1" => pen.bold = true,
                "2" => pen.dim = true,
                "3" => pen.italic = true,
                "4" => pen.underlined = true,
                "5" | "6" => pen.blink = true,
                "7" => pen.reversed = true,
                "8" => pen.hidden = true,
                "9" => pen.crossed = true,
                "22" => (pen.bold, pen.dim) = (false, false),
                "23" => pen.italic = false,
                "24" => pen.underlined = false,
                "25" => pen.blink = false,
                "27" => pen.reversed = false,
                "28" => pen.hidden = false,
                "29" => pen.crossed = false,
                "38" => pen.fg = colour(&mut codes),
                "48" => pen.bg = colour(&mut codes),
                "58" => pen.underline = colour(&mut codes),
                "39" => pen.fg = None,
                "49" => pen.bg = None,
                "59" => pen.underline = None,
                other => panic!("unexpected SGR {other:?} in {params:?}"),
            }
        }
    }

    fn print(&mut self, c: char) {
        let wide = c.width().unwrap_or(0);
        if self.x >= self.width {
            // Autowrap: the character goes at the start of the next row.
            self.x = 0;
            self.y = (self.y + 1).min(self.height - 1);
        }
        self.cells.insert(
            (self.x, self.y),
            Shown {
                text: c.to_string(),
                ..self.pen.clone()
            },
        );
        self.x += u16::try_from(wide).unwrap();
    }

    fn rows(&self) -> Vec<Vec<Shown>> {
        (0..self.height)
            .map(|y| {
                (0..self.width)
                    .map(|x| self.cells.get(&(x, y)).cloned().unwrap_or_default())
                    .collect()
            })
            .collect()
    }
}

/// A terminal of `width`×`height` drawing through `backend`.
fn terminal<B: Backend>(backend: B, width: u16, height: u16) -> Terminal<B> {
    Terminal::with_options(
        backend,
        TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, width, height)),
        },
    )
    .unwrap()
}

fn themed(theme: Theme, ascii: bool) -> Look {
    Look {
        palette: theme.palette(false),
        ascii,
        ..look()
    }
}

/// Frames through both backends, each replayed into its own model after
/// every frame; the two models and the buffer drawn agree on every cell.
fn both_agree(
    routine: &Routine,
    moments: &[(f64, Look)],
    width: u16,
    height: u16,
) -> (usize, usize) {
    let timeline = Timeline::build(routine);
    let (lean_out, old_out) = (Shared::default(), Shared::default());
    let mut lean = terminal(LeanBackend::new(lean_out.clone()), width, height);
    let mut old = terminal(CrosstermBackend::new(old_out.clone()), width, height);
    let (mut lean_model, mut old_model) = (Model::new(width, height), Model::new(width, height));
    let (mut lean_bytes, mut old_bytes) = (0, 0);
    lean.backend_mut().clear_region(ClearType::All).unwrap();
    old.backend_mut().clear_region(ClearType::All).unwrap();
    for &(seconds, look) in moments {
        let frame = frame(routine, &timeline, seconds, look);
        let drawn = lean
            .draw(|f| f.render_widget(&frame, f.area()))
            .unwrap()
            .buffer
            .clone();
        old.draw(|f| f.render_widget(&frame, f.area())).unwrap();
        let (lean_written, old_written) = (lean_out.take(), old_out.take());
        lean_bytes += lean_written.len();
        old_bytes += old_written.len();
        lean_model.feed(&lean_written);
        old_model.feed(&old_written);
        assert_eq!(
            lean_model.rows(),
            old_model.rows(),
            "at {seconds} s: {}",
            String::from_utf8_lossy(&lean_written)
        );
        assert!(!lean_model.cursor_shown);
        assert_same_text(&lean_model, &drawn, seconds);
    }
    (lean_bytes, old_bytes)
}

fn assert_same_text(model: &Model, drawn: &Buffer, seconds: f64) {
    for (y, row) in (0..).zip(model.rows()) {
        for (x, shown) in (0..).zip(&row) {
            let expected = drawn[(x, y)].symbol();
            // The columns a wide character covers are empty in the buffer.
            if !expected.is_empty() {
                let shown = if shown.text.is_empty() {
                    " "
                } else {
                    shown.text.as_str()
                };
                assert_eq!(shown, expected, "at {seconds} s, cell ({x}, {y})");
            }
        }
    }
}

#[test]
fn every_step_and_theme_shows_what_the_crossterm_backend_shows() {
    let routine = routine(STEPS);
    let mut moments = Vec::new();
    for (theme, ascii) in [
        (Theme::Dim, false),
        (Theme::Light, false),
        (Theme::Contrast, false),
        (Theme::Mono, false),
        (Theme::Dim, true),
    ] {
        let look = themed(theme, ascii);
        for seconds in [
            0.5, 3.0, 4.1, 4.2, 5.0, 7.5, 9.5, 12.0, 45.0, 70.0, 100.0, 130.0, 200.0, 201.0, 300.0,
            460.0,
        ] {
            moments.push((seconds, look));
        }
    }
    for (width, height) in [(80, 24), (100, 30), (40, 12), (160, 45)] {
        both_agree(&routine, &moments, width, height);
    }
}

#[test]
fn the_breathing_bar_costs_fewer_bytes_a_frame() {
    let routine = routine(STEPS);
    let look = look();
    // Twenty frames a second of the inhale, 3 to 7 s.
    let moments: Vec<(f64, Look)> = (0..80).map(|i| (3.0 + f64::from(i) * 0.05, look)).collect();
    let (lean, old) = both_agree(&routine, &moments, 100, 30);
    eprintln!("lean {lean} bytes, crossterm {old}");
    assert!(lean * 10 < old * 8, "lean {lean} bytes, crossterm {old}");
}

#[test]
fn an_unchanged_colour_costs_only_the_move_and_the_characters() {
    let out = Shared::default();
    let mut screen = terminal(LeanBackend::new(out.clone()), 20, 3);
    let style = Style::default()
        .fg(Color::Yellow)
        .add_modifier(Modifier::DIM);
    screen
        .draw(|f| f.buffer_mut().set_string(2, 1, "12:00", style))
        .unwrap();
    let first = out.take();
    assert!(
        first.starts_with(b"\x1b[2;3H\x1b[0;2;38;5;3m12:00"),
        "{:?}",
        String::from_utf8_lossy(&first)
    );
    assert!(first.ends_with(b"\x1b[?25l"), "the cursor hidden once");
    screen
        .draw(|f| f.buffer_mut().set_string(2, 1, "11:59", style))
        .unwrap();
    // Only the changed cells, in the colour the terminal already has, and
    // no reset or cursor hide after them.
    assert_eq!(String::from_utf8(out.take()).unwrap(), "\x1b[4G1\x1b[C59");
    screen
        .draw(|f| f.buffer_mut().set_string(2, 1, "11:59", style))
        .unwrap();
    assert!(out.take().is_empty(), "an unchanged frame writes nothing");

    let old_out = Shared::default();
    let mut old = terminal(CrosstermBackend::new(old_out.clone()), 20, 3);
    for text in ["12:00", "11:59"] {
        old.draw(|f| f.buffer_mut().set_string(2, 1, text, style))
            .unwrap();
    }
    let old_second = old_out.take().len() - first.len();
    assert!(
        old_second > 25,
        "crossterm's second frame: {old_second} bytes"
    );
}

#[test]
fn taking_away_an_attribute_keeps_the_colour_and_forgetting_starts_afresh() {
    let out = Shared::default();
    let mut backend = LeanBackend::new(out.clone());
    let mut cell = Cell::new("a");
    cell.set_style(
        Style::default()
            .fg(Color::Yellow)
            .add_modifier(Modifier::DIM | Modifier::BOLD),
    );
    let mut plain_yellow = Cell::new("b");
    plain_yellow.set_style(
        Style::default()
            .fg(Color::Yellow)
            .add_modifier(Modifier::BOLD),
    );
    backend
        .draw([(0, 0, &cell), (1, 0, &plain_yellow)].into_iter())
        .unwrap();
    backend.flush().unwrap();
    assert_eq!(
        String::from_utf8(out.take()).unwrap(),
        "\x1b[1H\x1b[0;1;2;38;5;3ma\x1b[22;1mb"
    );
    backend.forget();
    backend.draw([(5, 2, &plain_yellow)].into_iter()).unwrap();
    backend.clear_region(ClearType::All).unwrap();
    assert_eq!(
        String::from_utf8(out.take()).unwrap(),
        "\x1b[3;6H\x1b[0;1;38;5;3mb\x1b[0m\x1b[2J",
        "a clear paints with the terminal's own colours"
    );
}

#[test]
fn a_wide_character_or_the_last_column_is_followed_by_a_move() {
    let out = Shared::default();
    let mut screen = terminal(LeanBackend::new(out.clone()), 6, 2);
    screen
        .draw(|f| {
            f.buffer_mut().set_string(0, 0, "コab", Style::default());
            f.buffer_mut().set_string(5, 0, "z", Style::default());
            f.buffer_mut().set_string(0, 1, "y", Style::default());
        })
        .unwrap();
    let written = out.take();
    let mut model = Model::new(6, 2);
    model.feed(&written);
    let text: Vec<String> = model
        .rows()
        .iter()
        .map(|row| row.iter().map(|c| c.text.clone()).collect())
        .collect();
    assert_eq!(text, ["コabz", "y"]);
    let written = String::from_utf8(written).unwrap();
    assert!(written.contains("コ\x1b[1;3Hab"), "{written:?}");
    assert!(written.contains("z\x1b[2Hy"), "{written:?}");
}
