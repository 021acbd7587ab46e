//! Boxes drawn over a screen: the keys, the question before ending a
//! session, and the end of a session. Each clears its own cells first, so
//! nothing shows through, and none is a bright block.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Margin, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget};

use super::pacing::whole_seconds;
use super::text::{clock, glyphs, width, wrap};
use crate::session::played::enough;
use crate::session::{Outcome, Summary};
use crate::ui::frame::Look;
use crate::ui::keymap::{Action, Keymap};

/// The keys of the screen under it.
pub struct HelpOverlay {
    pub keys: Keymap,
    /// Whether a session is paused while the help is open.
    pub pausing: bool,
    pub look: Look,
}

/// Asks before ending a session early.
pub struct ConfirmQuit {
    /// Whether the session is paused while it asks.
    pub pausing: bool,
    /// Whether the session is saved to the journal (not a preview).
    pub recorded: bool,
    pub look: Look,
}

/// The end of a session: how it ended, how long it lasted, how far it got,
/// the pain before and after, and whether it was saved.
pub struct Finished<'a> {
    /// The routine's title.
    pub title: &'a str,
    pub summary: &'a Summary,
    /// The ratings given before and after it (0–10), if any.
    pub pain_before: Option<u8>,
    pub pain_after: Option<u8>,
    pub saved: Saved<'a>,
    pub look: Look,
}

/// Whether the session's record reached the journal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saved<'a> {
    /// Saved, to the journal at this place (as a person would write it).
    To(&'a str),
    /// Not saved, and why, in plain words; `r` tries again.
    Failed(&'a str),
    /// Not meant to be: a preview (`--no-journal`).
    NotRecorded,
}

/// The widest a box's text gets, so a box stays a box on a wide screen.
const MOST_CELLS: usize = 64;

/// How many cells of text a box in `area` can hold on a line: the lines
/// given to [`boxed`] are wrapped to this.
fn room(area: Rect) -> usize {
    usize::from(area.width).saturating_sub(4).min(MOST_CELLS)
}

/// `text` in `style`, wrapped to `cells`, one line per row.
fn wrapped(text: &str, cells: usize, style: Style, look: Look) -> Vec<Line<'static>> {
    wrap(text, cells, usize::MAX, glyphs(look).more)
        .into_iter()
        .map(|l| Line::styled(l, style))
        .collect()
}

/// Some lines of a box, and how much they matter: on a screen too small
/// for all of them, the parts that matter least go first (blank lines
/// matter least of all).
struct Part {
    lines: Vec<Line<'static>>,
    keep: u8,
}

/// A part of `lines` that matters `keep` much.
fn part(lines: Vec<Line<'static>>, keep: u8) -> Part {
    Part { lines, keep }
}

fn blank() -> Part {
    part(vec![Line::default()], 0)
}

/// Draws `parts` in a rounded box titled `title`, centred in `area` and
/// sized to fit them, over whatever was there. On a small screen the
/// margins inside the box go first, then the parts that matter least.
fn boxed(area: Rect, buf: &mut Buffer, title: &str, parts: Vec<Part>, look: Look) {
    let g = glyphs(look);
    let rows = usize::from(area.height).saturating_sub(2);
    let mut parts = parts;
    let count = |parts: &[Part]| parts.iter().map(|p| p.lines.len()).sum::<usize>();
    let top = usize::from(count(&parts) + 2 <= rows);
    while count(&parts) + 2 * top > rows {
        let Some(least) = parts.iter().map(|p| p.keep).min() else {
            break;
        };
        if let Some(i) = parts.iter().rposition(|p| p.keep == least) {
            parts.remove(i);
        }
    }
    let lines: Vec<Line> = parts.into_iter().flat_map(|p| p.lines).collect();
    let widest = lines
        .iter()
        .map(Line::width)
        .chain([width(title) + 2])
        .max()
        .unwrap_or(0);
    let side = if widest + 6 <= usize::from(area.width) {
        2
    } else {
        1
    };
    let across = u16::try_from(widest + 2 + 2 * side).unwrap_or(u16::MAX);
    let down = u16::try_from(lines.len() + 2 + 2 * top).unwrap_or(u16::MAX);
    let rect = area.centered(Constraint::Length(across), Constraint::Length(down));
    Clear.render(rect, buf);
    let block = Block::bordered()
        .border_set(g.border)
        .border_style(look.palette.frame)
        .title(Span::styled(format!(" {title} "), look.palette.accent));
    let inner = block.inner(rect).inner(Margin::new(
        u16::try_from(side).unwrap_or(1),
        u16::try_from(top).unwrap_or(0),
    ));
    block.render(rect, buf);
    Paragraph::new(lines).render(inner, buf);
}

impl Widget for &HelpOverlay {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (palette, g) = (self.look.palette, glyphs(self.look));
        let keys = self.keys.help_rows(g);
        let key_cells = keys.iter().map(|(k, _)| width(k)).max().unwrap_or(0);
        let cells = room(area);
        // What each key does, wrapped beside its key when the box is narrow.
        let what_cells = cells.saturating_sub(key_cells + 3).max(12);
        let mut parts = Vec::new();
        for ((key, what), binding) in keys.into_iter().zip(self.keys.bindings()) {
            let lines = wrap(what, what_cells, usize::MAX, g.more)
                .into_iter()
                .enumerate()
                .map(|(i, words)| {
                    let key = if i == 0 { key.clone() } else { String::new() };
                    let pad = " ".repeat(key_cells - width(&key) + 3);
                    Line::from(vec![
                        Span::styled(format!("{key}{pad}"), palette.accent),
                        Span::styled(words, palette.text),
                    ])
                })
                .collect();
            // The key for this help is the one least needed in it; the way
            // out is the one most needed.
            let keep = match binding.action {
                Action::Help => 1,
                Action::AskQuit => 9,
                _ => 5,
            };
            parts.push(part(lines, keep));
        }
        parts.push(blank());
        if self.pausing {
            parts.push(part(
                wrapped(
                    "The session is paused while this is open",
                    cells,
                    palette.text,
                    self.look,
                ),
                3,
            ));
        }
        parts.push(part(
            wrapped("Any key closes this", cells, palette.faint, self.look),
            4,
        ));
        boxed(area, buf, "Keys", parts, self.look);
    }
}

impl Widget for &ConfirmQuit {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (palette, g) = (self.look.palette, glyphs(self.look));
        let cells = room(area);
        let says = |words: &str, style, keep| part(wrapped(words, cells, style, self.look), keep);
        let mut parts = vec![
            says("End this session now?", palette.accent, 9),
            says(
                if self.recorded {
                    "It will still be saved to your journal."
                } else {
                    "It is a preview: nothing is saved."
                },
                palette.text,
                5,
            ),
        ];
        if self.pausing {
            parts.push(says("Paused while you choose.", palette.text, 3));
        }
        parts.push(blank());
        parts.push(says(
            &Keymap::ConfirmQuit.hint_line(g, false),
            palette.faint,
            9,
        ));
        boxed(area, buf, "End session", parts, self.look);
    }
}

/// A path wrapped to `cells`, broken after a `/` where it can be.
fn path_lines(path: &str, cells: usize) -> Vec<String> {
    let cells = cells.max(1);
    let mut lines = vec![String::new()];
    for piece in path.split_inclusive('/') {
        let line = lines.last_mut().map_or(0, |l| width(l));
        if line > 0 && line + width(piece) > cells {
            lines.push(String::new());
        }
        if let Some(last) = lines.last_mut() {
            last.push_str(piece);
        }
    }
    lines
        .into_iter()
        .flat_map(|l| wrap(&l, cells, usize::MAX, ""))
        .collect()
}

/// "1 point", "3 points".
fn points(n: u8) -> String {
    if n == 1 {
        "1 point".to_owned()
    } else {
        format!("{n} points")
    }
}

/// The pain line: "Pain 6 → 3, eased by 3 points", or what was given.
fn pain_line(before: Option<u8>, after: Option<u8>, to: &str) -> Option<String> {
    Some(match (before, after) {
        (Some(b), Some(a)) => {
            let change = match b.cmp(&a) {
                std::cmp::Ordering::Greater => format!("eased by {}", points(b - a)),
                std::cmp::Ordering::Less => format!("rose by {}", points(a - b)),
                std::cmp::Ordering::Equal => "the same".to_owned(),
            };
            format!("Pain {b} {to} {a}, {change}")
        }
        (Some(b), None) => format!("Pain before: {b} (none given after)"),
        (None, Some(a)) => format!("Pain after: {a}"),
        (None, None) => return None,
    })
}

impl Widget for &Finished<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (palette, g) = (self.look.palette, glyphs(self.look));
        let s = self.summary;
        let cells = room(area);
        let says = |words: &str, style, keep| part(wrapped(words, cells, style, self.look), keep);
        let how = match s.outcome {
            Outcome::Completed => "Completed",
            Outcome::EndedEarly => "Ended early",
            Outcome::Skipped => "Skipped to the end",
        };
        let mut parts = vec![
            says(self.title, palette.accent, 9),
            blank(),
            says(how, palette.text, 7),
            says(
                &format!(
                    "Time {} of {}",
                    clock(s.position.as_secs()),
                    clock(whole_seconds(s.planned))
                ),
                palette.text,
                8,
            ),
            says(
                &format!("Steps done: {} of {}", s.steps_done, s.steps_total),
                palette.text,
                6,
            ),
        ];
        if !s.skipped.is_empty() {
            let steps: Vec<String> = s.skipped.iter().map(|i| (i + 1).to_string()).collect();
            let noun = if steps.len() == 1 { "step" } else { "steps" };
            parts.push(says(
                &format!("Skipped: {noun} {}", steps.join(", ")),
                palette.text,
                3,
            ));
        }
        if let Some(pain) = pain_line(self.pain_before, self.pain_after, g.to) {
            parts.push(says(&pain, palette.text, 8));
        }
        if !enough(s.position, s.planned) {
            parts.push(says(
                "Less than half was played, so it does not count toward your week",
                palette.faint,
                4,
            ));
        }
        if !s.paused.is_zero() {
            parts.push(says(
                &format!("Paused for {}", clock(s.paused.as_secs())),
                palette.faint,
                2,
            ));
        }
        parts.push(blank());
        match self.saved {
            Saved::To(place) => {
                parts.push(says("Saved to your journal", palette.text, 9));
                let place = path_lines(place, cells)
                    .into_iter()
                    .map(|l| Line::styled(l, palette.faint))
                    .collect();
                parts.push(part(place, 5));
                parts.push(blank());
                parts.push(says("Press any key", palette.faint, 7));
            }
            Saved::NotRecorded => {
                parts.push(says(
                    "Not recorded: a preview (--no-journal)",
                    palette.text,
                    9,
                ));
                parts.push(blank());
                parts.push(says("Press any key", palette.faint, 7));
            }
            Saved::Failed(why) => {
                parts.push(says(&format!("Not saved yet: {why}"), palette.accent, 9));
                parts.push(blank());
                parts.push(says(
                    "Press r to try again; any other key goes on, and the record is kept for the next run",
                    palette.faint,
                    9,
                ));
            }
        }
        boxed(area, buf, "Session over", parts, self.look);
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::ui::view::testing::{assert_calm, draw, look, screen};

    /// `overlay` drawn over a screen full of text, which must not show through.
    fn over(overlay: impl Widget) -> String {
        let mut buf = draw(
            ratatui::widgets::Paragraph::new("x".repeat(80 * 24))
                .wrap(ratatui::widgets::Wrap { trim: false }),
            80,
            24,
        );
        overlay.render(buf.area, &mut buf);
        assert_calm(&buf);
        screen(&buf)
    }

    #[test]
    fn help_lists_every_key() {
        let text = over(&HelpOverlay {
            keys: Keymap::Player,
            pausing: true,
            look: look(),
        });
        for words in [
            "space",
            "pause or resume",
            "→ or n",
            "← or p",
            "+ or =",
            "louder",
            "quieter",
            "mute",
            "ambient",
            "q or Esc",
            "The session is paused while this is open",
            "Any key closes this",
        ] {
            assert!(text.contains(words), "{words}: {text}");
        }
        assert!(text.contains('╭'), "rounded: {text}");
        let inside = text.lines().find(|l| l.contains("Any key")).unwrap();
        let boxed = &inside[inside.find('│').unwrap()..inside.rfind('│').unwrap()];
        assert!(!boxed.contains('x'), "nothing shows through: {inside}");
    }

    #[test]
    fn asks_before_ending() {
        let text = over(&ConfirmQuit {
            pausing: true,
            recorded: true,
            look: look(),
        });
        assert!(text.contains("End this session now?"), "{text}");
        assert!(
            text.contains("It will still be saved to your journal."),
            "{text}"
        );
        assert!(text.contains("y end · n keep going"), "{text}");
    }

    fn summary() -> Summary {
        Summary {
            outcome: Outcome::EndedEarly,
            planned: Duration::from_secs(600),
            position: Duration::from_secs(190),
            paused: Duration::from_secs(65),
            wall: Duration::from_secs(255),
            steps_done: 3,
            steps_total: 7,
            skipped: vec![1],
        }
    }

    fn finished<'a>(summary: &'a Summary, saved: Saved<'a>, look: Look) -> Finished<'a> {
        Finished {
            title: "Desk reset",
            summary,
            pain_before: Some(6),
            pain_after: Some(3),
            saved,
            look,
        }
    }

    /// The rows of the box drawn over a `width`×`height` screen, from its
    /// top border to its bottom one, checked for calm.
    fn box_rows(overlay: impl Widget, width: u16, height: u16) -> Vec<String> {
        let mut buf = draw(
            ratatui::widgets::Paragraph::new("x".repeat(usize::from(width * height)))
                .wrap(ratatui::widgets::Wrap { trim: false }),
            width,
            height,
        );
        overlay.render(buf.area, &mut buf);
        assert_calm(&buf);
        let all = crate::ui::view::testing::rows(&buf);
        let top = all.iter().position(|r| r.contains('╭') || r.contains("+-"));
        let bottom = all
            .iter()
            .rposition(|r| r.contains('╰') || r.contains("+-"));
        let (Some(top), Some(bottom)) = (top, bottom) else {
            panic!("no box: {all:#?}");
        };
        all[top..=bottom].to_vec()
    }

    #[test]
    fn sums_up_a_finished_session() {
        let summary = summary();
        let saved = Saved::To("~/.local/share/stillpoint/journal.jsonl");
        let text = over(&finished(&summary, saved, look()));
        for words in [
            "Desk reset",
            "Ended early",
            "Time 3:10 of 10:00",
            "Steps done: 3 of 7",
            "Paused for 1:05",
            "Skipped: step 2",
            "Pain 6 → 3, eased by 3 points",
            "does not count toward your week",
            "Saved to your journal",
            "~/.local/share/stillpoint/journal.jsonl",
            "Press any key",
        ] {
            assert!(text.contains(words), "{words}: {text}");
        }
        let done = Summary {
            outcome: Outcome::Completed,
            paused: Duration::ZERO,
            ..summary
        };
        let mut ascii = look();
        ascii.ascii = true;
        let text = over(&finished(&done, saved, ascii));
        assert!(
            text.contains("Completed") && !text.contains("Paused"),
            "{text}"
        );
        assert!(text.contains("Pain 6 -> 3, eased by 3 points"), "{text}");
        assert!(text.contains('+') && !text.contains('╭'), "{text}");
        assert!(text.is_ascii(), "{text}");
    }

    #[test]
    fn the_saved_line_is_inside_the_box() {
        let summary = summary();
        let place = "~/.local/share/stillpoint/journal.jsonl";
        let rows = box_rows(&finished(&summary, Saved::To(place), look()), 80, 24);
        let inside = |words: &str| {
            let row = rows
                .iter()
                .find(|r| r.contains(words))
                .unwrap_or_else(|| panic!("{words} not in the box: {rows:#?}"));
            let (open, close) = (row.find('│').unwrap(), row.rfind('│').unwrap());
            assert!(
                open < close && !row[open..close].contains('x'),
                "{words} between the borders: {row}"
            );
        };
        inside("Saved to your journal");
        inside(place);
        let why = "the disk is full (No space left on device)";
        let rows = box_rows(&finished(&summary, Saved::Failed(why), look()), 80, 24);
        let text = rows.join("\n");
        assert!(text.contains("Not saved yet: the disk is full"), "{text}");
        assert!(text.contains("Press r to try again"), "{text}");
        assert!(!text.contains("Saved to your journal"), "{text}");
    }

    #[test]
    fn paths_break_after_a_slash() {
        assert_eq!(
            path_lines("~/.local/share/stillpoint/journal.jsonl", 30),
            ["~/.local/share/stillpoint/", "journal.jsonl"]
        );
        assert_eq!(path_lines("/j", 30), ["/j"]);
        assert_eq!(path_lines("/abcdefgh", 4), ["/", "abcd", "efgh"]);
    }

    #[test]
    fn pain_is_said_in_words_however_much_was_given() {
        assert_eq!(
            pain_line(Some(4), Some(3), "→").as_deref(),
            Some("Pain 4 → 3, eased by 1 point")
        );
        assert_eq!(
            pain_line(Some(3), Some(5), "->").as_deref(),
            Some("Pain 3 -> 5, rose by 2 points")
        );
        assert_eq!(
            pain_line(Some(5), Some(5), "→").as_deref(),
            Some("Pain 5 → 5, the same")
        );
        assert_eq!(
            pain_line(Some(6), None, "→").as_deref(),
            Some("Pain before: 6 (none given after)")
        );
        assert_eq!(
            pain_line(None, Some(2), "→").as_deref(),
            Some("Pain after: 2")
        );
        assert_eq!(pain_line(None, None, "→"), None);
        let summary = summary();
        let unrated = Finished {
            pain_before: None,
            pain_after: None,
            ..finished(&summary, Saved::To("/j"), look())
        };
        assert!(!over(&unrated).contains("Pain"));
    }

    #[test]
    fn the_box_fits_a_small_screen_with_everything_that_matters() {
        let summary = summary();
        let place = "/home/someone/.local/share/stillpoint/journal.jsonl";
        for (width, height) in [(40, 12), (60, 20), (80, 23)] {
            let rows = box_rows(&finished(&summary, Saved::To(place), look()), width, height);
            let text = rows.join("\n");
            assert!(rows.len() <= usize::from(height), "{text}");
            for words in [
                "Desk reset",
                "Pain 6 → 3",
                "Saved to your journal",
                "Press any key",
            ] {
                assert!(text.contains(words), "{width}×{height}: {words}: {text}");
            }
            // The path is wrapped, not cut.
            let joined: String = rows
                .iter()
                .map(|r| r.trim_matches(|c| c == '│' || c == 'x' || c == ' '))
                .collect();
            assert!(joined.contains(place), "{width}×{height}: {text}");
        }
        let help = box_rows(
            &HelpOverlay {
                keys: Keymap::Player,
                pausing: true,
                look: look(),
            },
            40,
            12,
        );
        assert!(help.len() <= 12, "{help:#?}");
        let help = help.join("\n");
        assert!(
            help.contains("end the session"),
            "the way out stays: {help}"
        );
    }
}
