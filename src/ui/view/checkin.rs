//! The questions around a session: how the head is before and after it, on
//! a 0–10 scale, and an optional note for the journal. Each is one quiet
//! screen with the question in the middle and its keys at the bottom.
//!
//! The pain scale's keys, as the keys line says them: `0`–`9` choose that
//! number, `t` chooses 10 (it cannot be typed as one digit), `←`/`→` move
//! the choice down or up, Enter saves, `s` or Esc skips.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Padding, Widget};

use super::text::{fit, glyphs, width};
use crate::ui::frame::Look;
use crate::ui::keymap::Keymap;

/// The highest number on the pain scale.
const WORST: u8 = 10;

/// Asks how the head is, on a 0–10 scale: eleven numbers in a row with the
/// chosen one in brackets, words under the ends and the middle, and the
/// choice again in words.
pub struct PainQuestion<'a> {
    /// What the question is about: "Before Desk reset", "After Desk reset".
    pub heading: &'a str,
    /// "How is your head right now?"
    pub question: &'a str,
    /// The number chosen so far (0–10); `None` until one is.
    pub pain: Option<u8>,
    /// After a session, the rating given before it, to compare with.
    pub before: Option<u8>,
    /// Its keys, before or after a session.
    pub keys: Keymap,
    pub look: Look,
}

/// Asks for a note to keep with the session: a one-line field showing what
/// has been typed, ending in a cursor mark.
pub struct NoteQuestion<'a> {
    /// What the note is about: "After Desk reset".
    pub heading: &'a str,
    /// What has been typed so far.
    pub note: &'a str,
    pub look: Look,
}

/// The words for a pain rating, for the line under the scale.
pub fn pain_words(pain: u8) -> &'static str {
    match pain {
        0 => "no pain",
        1..=3 => "mild",
        4..=6 => "moderate",
        7..=9 => "severe",
        _ => "the worst",
    }
}

/// The hints at the bottom of a question screen.
pub(crate) enum Hints<'a> {
    /// A screen's keys, without the hint of an action that would do
    /// nothing there.
    Keys(Keymap, Option<crate::ui::keymap::Action>),
    /// Hints of the screen's own (the diary's questions).
    Own(&'a [String]),
}

/// A screen with `heading` at the top, `body` (rows of text) in the
/// middle of what is left and the `hints` at the bottom, on two lines if
/// need be (broken between hints). The diary's questions (`stillpoint
/// attack`) are drawn with it too.
pub(crate) fn question_screen(
    area: Rect,
    buf: &mut Buffer,
    look: Look,
    heading: &str,
    body: Vec<Row>,
    hints: Hints,
) {
    use Constraint::{Fill, Length};
    let (palette, g) = (look.palette, glyphs(look));
    let inner = area.inner(Margin::new(1, 0));
    let cells = usize::from(inner.width);
    let keys = match hints {
        Hints::Keys(keys, without) => keys.hint_lines_without(g, cells, 2, without),
        Hints::Own(hints) => crate::ui::keymap::hint_lines_of(hints, g, cells, 2),
    };
    let keys_rows = u16::try_from(keys.len()).unwrap_or(1);
    let [head, middle, bottom] =
        Layout::vertical([Length(1), Fill(1), Length(keys_rows)]).areas(inner);

    let name = "Stillpoint";
    let room = cells.saturating_sub(width(name) + width(g.sep));
    Line::from(vec![
        Span::styled(name, palette.accent),
        Span::styled(g.sep, palette.faint),
        Span::styled(fit(heading, room, g.more), palette.text),
    ])
    .render(head, buf);

    let down = body.iter().map(Row::height).sum::<u16>();
    let block = middle.centered_vertically(Length(down.min(middle.height)));
    let mut y = block.y;
    for row in body {
        let height = row.height();
        if y + height > block.bottom() {
            break;
        }
        row.render(Rect::new(block.x, y, block.width, height), buf, look);
        y += height;
    }
    for (y, line) in bottom.rows().zip(keys) {
        Line::styled(line, palette.faint).render(y, buf);
    }
}

/// One part of a question's body.
pub(crate) enum Row {
    /// A line of text, centred.
    Text(String, Style),
    Blank,
    /// The 0–10 scale with the chosen number marked, and words under it.
    Scale(Option<u8>),
    /// The note's field: a box with the text and a cursor mark.
    Field(String),
    /// Lines that belong together (a list of choices, a summary), each
    /// starting where the widest of them, centred, would start.
    Block(Vec<(String, Style)>),
}

impl Row {
    fn height(&self) -> u16 {
        match self {
            Row::Text(..) | Row::Blank => 1,
            Row::Scale(_) => 2,
            Row::Field(_) => 3,
            Row::Block(lines) => u16::try_from(lines.len()).unwrap_or(u16::MAX),
        }
    }

    fn render(self, area: Rect, buf: &mut Buffer, look: Look) {
        let (palette, g) = (look.palette, glyphs(look));
        match self {
            Row::Blank => {}
            Row::Text(text, style) => Line::styled(fit(&text, area.width.into(), g.more), style)
                .centered()
                .render(area, buf),
            Row::Scale(pain) => scale(area, buf, look, pain),
            Row::Block(lines) => {
                let cells = usize::from(area.width);
                let widest = lines.iter().map(|(l, _)| width(l)).max().unwrap_or(0);
                let across = u16::try_from(widest.min(cells)).unwrap_or(area.width);
                let rect = area.centered_horizontally(Constraint::Length(across));
                for ((line, style), y) in lines.into_iter().zip(rect.rows()) {
                    Line::styled(fit(&line, rect.width.into(), g.more), style).render(y, buf);
                }
            }
            Row::Field(note) => {
                let across = area.width.min(64);
                let rect = area.centered_horizontally(Constraint::Length(across));
                let block = Block::bordered()
                    .border_set(g.border)
                    .border_style(palette.frame)
                    .padding(Padding::horizontal(1));
                let inner = block.inner(rect);
                block.render(rect, buf);
                let cursor = "_";
                let room = usize::from(inner.width).saturating_sub(width(cursor));
                Line::from(vec![
                    Span::styled(tail(&note, room, g.more), palette.text),
                    Span::styled(cursor, palette.accent),
                ])
                .render(inner, buf);
            }
        }
    }
}

/// The eleven numbers in a row, the chosen one in brackets and in the
/// accent, with "none", "moderate" and "worst" under 0, 5 and 10.
fn scale(area: Rect, buf: &mut Buffer, look: Look, pain: Option<u8>) {
    let palette = look.palette;
    let count = u16::from(WORST) + 1;
    let slot = (area.width / count).clamp(1, 5);
    let left = area.x + area.width.saturating_sub(slot * count) / 2;
    let numbers = area.y;
    let words = area.y + 1;
    // Where text `cells` wide starts when centred under number `n`.
    let under = |n: u16, cells: usize| {
        let centre = i32::from(left + n * slot) * 2 + i32::from(slot);
        let start = (centre - i32::try_from(cells).unwrap_or(0)) / 2;
        u16::try_from(start.max(i32::from(area.x))).unwrap_or(area.x)
    };
    for n in 0..=WORST {
        let chosen = pain == Some(n);
        let (label, style) = if chosen {
            (format!("[{n}]"), palette.accent)
        } else {
            (n.to_string(), palette.text)
        };
        let x = under(u16::from(n), width(&label)).max(left + u16::from(n) * slot);
        let room = area.right().saturating_sub(x);
        if room > 0 && numbers < area.bottom() {
            buf.set_stringn(x, numbers, &label, room.into(), style);
        }
    }
    if words >= area.bottom() {
        return;
    }
    for (n, word) in [(0, "none"), (5, "moderate"), (WORST, "worst")] {
        let x = under(u16::from(n), width(word));
        let room = area.right().saturating_sub(x);
        if room > 0 {
            buf.set_stringn(x, words, word, room.into(), palette.faint);
        }
    }
}

/// The end of `text` that fits in `cells` cells, after `more` if the start
/// had to go, so the cursor at the end stays in view.
fn tail(text: &str, cells: usize, more: &str) -> String {
    let text: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if width(&text) <= cells {
        return text;
    }
    let room = cells.saturating_sub(width(more));
    let mut start = text.len();
    let mut used = 0;
    let mut buf = [0u8; 4];
    for (i, c) in text.char_indices().rev() {
        used += width(c.encode_utf8(&mut buf));
        if used > room {
            break;
        }
        start = i;
    }
    format!("{more}{}", &text[start..])
}

impl Widget for &PainQuestion<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let palette = self.look.palette;
        let pain = self.pain.map(|p| p.min(WORST));
        let chosen = match pain {
            Some(p) => format!("Chosen: {p}, {}", pain_words(p)),
            None => "Nothing chosen yet".into(),
        };
        let mut body = vec![Row::Text(self.question.to_owned(), palette.accent)];
        if let Some(before) = self.before.map(|p| p.min(WORST)) {
            body.push(Row::Text(
                format!("Before: {before}, {}", pain_words(before)),
                palette.faint,
            ));
        }
        body.extend([
            Row::Blank,
            Row::Scale(pain),
            Row::Blank,
            Row::Text(chosen, palette.text),
        ]);
        question_screen(
            area,
            buf,
            self.look,
            self.heading,
            body,
            Hints::Keys(self.keys, None),
        );
    }
}

impl Widget for &NoteQuestion<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let palette = self.look.palette;
        let body = vec![
            Row::Text("A note for your journal? (optional)".into(), palette.accent),
            Row::Blank,
            Row::Field(self.note.to_owned()),
        ];
        question_screen(
            area,
            buf,
            self.look,
            self.heading,
            body,
            Hints::Keys(Keymap::NoteQuestion, None),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::view::testing::{assert_calm, draw, look, rows, screen};

    fn pain(pain: Option<u8>, look: Look) -> PainQuestion<'static> {
        PainQuestion {
            keys: Keymap::PainBefore,
            heading: "Before Desk reset",
            question: "How is your head right now?",
            pain,
            before: None,
            look,
        }
    }

    fn ascii() -> Look {
        Look {
            ascii: true,
            ..look()
        }
    }

    #[test]
    fn the_pain_question_shows_the_scale_and_marks_the_choice() {
        let buf = draw(&pain(Some(6), look()), 80, 24);
        assert_calm(&buf);
        let text = screen(&buf);
        let rows = rows(&buf);
        assert!(rows[0].contains("Stillpoint · Before Desk reset"), "{text}");
        assert!(text.contains("How is your head right now?"), "{text}");
        let scale = rows
            .iter()
            .position(|r| r.contains("[6]"))
            .unwrap_or_else(|| panic!("no marked choice: {text}"));
        let numbers: Vec<&str> = rows[scale].split_whitespace().collect();
        assert_eq!(
            numbers,
            ["0", "1", "2", "3", "4", "5", "[6]", "7", "8", "9", "10"],
            "{text}"
        );
        let ends = &rows[scale + 1];
        assert!(ends.contains("none") && ends.contains("worst"), "{text}");
        // "none" sits under 0 and "worst" under 10.
        assert!(ends.find("none") <= rows[scale].find('0'), "{text}");
        assert!(
            ends.find("worst").unwrap() + 5 >= rows[scale].find("10").unwrap() + 2,
            "{text}"
        );
        assert!(text.contains("Chosen: 6, moderate"), "{text}");
        assert!(
            text.contains(
                "0-9 answer · t for 10 · ←/→ move · Enter confirm · s skip · q cancel · ? help"
            ),
            "{text}"
        );
        // The mark is the accent as well as the brackets.
        let y = u16::try_from(scale).unwrap();
        let x = u16::try_from(rows[scale].chars().position(|c| c == '[').unwrap()).unwrap();
        assert_eq!(buf[(x + 1, y)].style().fg, look().palette.accent.fg);
    }

    #[test]
    fn after_a_session_the_rating_before_is_shown_to_compare() {
        for (w, h) in [(80, 24), (60, 20), (40, 12)] {
            let after = PainQuestion {
                keys: Keymap::PainAfter,
                heading: "After Desk reset",
                question: "How is your head now?",
                pain: Some(3),
                before: Some(6),
                look: look(),
            };
            let buf = draw(&after, w, h);
            assert_calm(&buf);
            let text = screen(&buf);
            let rows = rows(&buf);
            let question = rows
                .iter()
                .position(|r| r.contains("How is your head now?"));
            let before = rows.iter().position(|r| r.contains("Before: 6, moderate"));
            assert!(
                question.is_some() && before == question.map(|q| q + 1),
                "{w}×{h}: under the question: {text}"
            );
            assert!(
                text.contains("[3]") && text.contains("Chosen: 3, mild"),
                "{text}"
            );
            let x = rows[before.unwrap()].find('B').unwrap();
            let y = u16::try_from(before.unwrap()).unwrap();
            assert_eq!(
                buf[(u16::try_from(x).unwrap(), y)].style().fg,
                look().palette.faint.fg,
                "quieter than the question"
            );
        }
        // Before a session, or when nothing was given before, no such line.
        let text = screen(&draw(&pain(Some(3), look()), 80, 24));
        assert!(!text.contains("Before:"), "{text}");
    }

    #[test]
    fn nothing_is_marked_until_a_number_is_chosen() {
        let text = screen(&draw(&pain(None, look()), 80, 24));
        assert!(!text.contains('['), "{text}");
        assert!(text.contains("Nothing chosen yet"), "{text}");
        let ten = screen(&draw(&pain(Some(10), look()), 80, 24));
        assert!(ten.contains("[10]"), "{ten}");
        assert!(ten.contains("Chosen: 10, the worst"), "{ten}");
        let zero = screen(&draw(&pain(Some(0), look()), 80, 24));
        assert!(zero.contains("[0]") && zero.contains("Chosen: 0, no pain"));
    }

    #[test]
    fn the_pain_question_falls_back_to_ascii() {
        let buf = draw(&pain(Some(3), ascii()), 80, 24);
        assert_calm(&buf);
        let text = screen(&buf);
        assert!(text.is_ascii(), "{text}");
        assert!(text.contains("[3]"), "{text}");
        assert!(
            text.contains("0-9 answer - t for 10 - left/right move - Enter confirm"),
            "{text}"
        );
    }

    #[test]
    fn the_note_question_shows_what_was_typed() {
        let view = NoteQuestion {
            heading: "After Desk reset",
            note: "slept badly",
            look: look(),
        };
        let buf = draw(&view, 80, 24);
        assert_calm(&buf);
        let text = screen(&buf);
        assert!(rows(&buf)[0].contains("After Desk reset"), "{text}");
        assert!(
            text.contains("A note for your journal? (optional)"),
            "{text}"
        );
        assert!(text.contains("slept badly_"), "{text}");
        assert!(text.contains("Enter save · Esc skip"), "{text}");
        assert!(text.contains('╭'), "{text}");
    }

    #[test]
    fn a_long_note_keeps_its_end_and_the_cursor_in_view() {
        let note = format!("{}the end", "a".repeat(200));
        let view = NoteQuestion {
            heading: "After Desk reset",
            note: &note,
            look: ascii(),
        };
        let buf = draw(&view, 80, 24);
        let text = screen(&buf);
        assert!(text.is_ascii(), "{text}");
        assert!(text.contains("...aaa"), "{text}");
        assert!(text.contains("the end_ |"), "{text}");
        assert!(text.contains("Enter save - Esc skip"), "{text}");
    }

    #[test]
    fn the_questions_draw_at_any_size() {
        let note = NoteQuestion {
            heading: "After a routine with a very long title indeed",
            note: "a note",
            look: look(),
        };
        for (w, h) in [(0, 0), (1, 1), (12, 4), (40, 10), (79, 23), (200, 60)] {
            for choice in [None, Some(0), Some(6), Some(10), Some(200)] {
                assert_calm(&draw(&pain(choice, look()), w, h));
            }
            assert_calm(&draw(&note, w, h));
        }
        let small = screen(&draw(&pain(Some(10), look()), 40, 10));
        assert!(small.contains("[10]"), "{small}");
    }
}
