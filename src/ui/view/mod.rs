//! The views: pure widgets drawn from plain data. None reads a clock, the
//! terminal or a file; each draws what it is handed.

pub mod attack_now;
pub mod cautions;
pub mod checkin;
pub mod diary_question;
mod digits;
pub mod history;
pub mod library;
pub mod mistakes;
pub mod overlay;
pub mod pacing;
pub mod player;
pub(crate) mod text;
pub mod warning_signs;

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Constraint, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::frame::Look;
use text::glyphs;

pub use player::layout::{MIN_HEIGHT, MIN_WIDTH};

/// Whether `area` is smaller than the 40×12 the views are laid out for
/// (an area never drawn yet, of no size, is not).
pub fn too_small(area: Rect) -> bool {
    !area.is_empty() && (area.width < MIN_WIDTH || area.height < MIN_HEIGHT)
}

/// Shown instead of any screen when the window is smaller than 40×12: what
/// to do, how big the window is now, and how to leave (no other key acts
/// while it shows).
pub struct TooSmall {
    pub width: u16,
    pub height: u16,
    pub look: Look,
}

impl Widget for &TooSmall {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let g = glyphs(self.look);
        let palette = self.look.palette;
        let lines = vec![
            Line::styled(
                format!(
                    "Make the window larger (at least {MIN_WIDTH}{}{MIN_HEIGHT})",
                    g.times
                ),
                palette.accent,
            ),
            Line::styled(
                format!("It is {}{}{} now.", self.width, g.times, self.height),
                palette.faint,
            ),
            Line::styled("q leaves; a session is kept.", palette.faint),
        ];
        let text = Paragraph::new(lines)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true });
        let height = if area.width >= 40 { 3 } else { 6 };
        text.render(area.centered_vertically(Constraint::Length(height)), buf);
    }
}

/// What the tests share: a routine from TOML, a look, and a rendered
/// buffer read back as text.
#[cfg(test)]
pub(crate) mod testing {
    use std::time::Duration;

    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::style::Modifier;
    use ratatui::widgets::Widget;

    use crate::routine::{Routine, RoutineSource, parse};
    use crate::timeline::Timeline;
    use crate::ui::frame::{Look, PlayerFrame};
    use crate::ui::theme::Theme;

    /// Seven steps, one of each kind, laid out after a 3 s lead-in:
    /// breathe 3–39 s (in 4, hold 2, out 6), knead alternating 39–99 s,
    /// circles reversing 99–159 s, warm compress 159–279 s, stretch on each
    /// side twice with a rest between 279–409 s, press 409–449 s, rest 449–469 s.
    pub const STEPS: &str = r#"
[[step]]
title = "Belly breathing"
kind = "breathe"
pattern = { inhale = 4, hold = 2, exhale = 6 }
cycles = 3
instructions = "Breathe low into your belly."

[[step]]
title = "Neck kneading"
kind = "knead"
area = "neck"
duration = "60s"
tempo = 30
sides = "alternate"
pressure = "firm"
instructions = "Squeeze the muscle at the side of your neck, then let go."

[[step]]
title = "Temple circles"
kind = "circles"
area = "temples"
duration = "60s"
tempo = 20
direction = "reverse-halfway"
instructions = "Two fingers on each temple. Small slow circles."

[[step]]
title = "Warm compress"
kind = "compress"
temperature = "warm"
duration = "2m"
instructions = "Lay a warm compress across the back of your neck."

[[step]]
title = "Side neck stretch"
kind = "stretch"
area = "neck"
sides = "each"
duration = "30s"
repeat = 2
between = "10s"
instructions = "Tip your ear toward your shoulder."

[[step]]
title = "Temple press"
kind = "press"
area = "temples"
duration = "40s"
instructions = "Press gently and hold."

[[step]]
title = "Rest"
kind = "rest"
duration = "20s"
instructions = "Let everything go."
"#;

    /// A routine from the body of a routine file (the header is added).
    pub fn routine(steps: &str) -> Routine {
        let text = format!("stillpoint = 1\ntitle = \"Test routine\"\nlead_in = \"3s\"\n{steps}");
        let parsed = parse(&RoutineSource {
            name: "t.toml".into(),
            text,
            folder: None,
        });
        parsed
            .routine
            .unwrap_or_else(|| panic!("{:#?}", parsed.diagnostics))
    }

    /// The default dim look, with motion and Unicode.
    pub fn look() -> Look {
        Look {
            palette: Theme::Dim.palette(false),
            reduced_motion: false,
            ascii: false,
        }
    }

    /// The player at `seconds` into a session of `routine`.
    pub fn frame<'a>(
        routine: &'a Routine,
        timeline: &'a Timeline,
        seconds: f64,
        look: Look,
    ) -> PlayerFrame<'a> {
        let position = Duration::from_secs_f64(seconds);
        PlayerFrame {
            routine,
            timeline,
            segment: timeline.segment_at(position),
            position,
            paused: false,
            page: None,
            status: "sound off",
            look,
        }
    }

    /// `widget` drawn on a `width`×`height` screen.
    pub fn draw(widget: impl Widget, width: u16, height: u16) -> Buffer {
        let mut buf = Buffer::empty(Rect::new(0, 0, width, height));
        widget.render(buf.area, &mut buf);
        buf
    }

    /// The default look with reduced motion.
    pub fn still() -> Look {
        Look {
            reduced_motion: true,
            ..look()
        }
    }

    /// The player at `seconds` into `routine` on an 80×24 screen, as text,
    /// checked for calm.
    pub fn text_at(routine: &Routine, seconds: f64, look: Look) -> String {
        let timeline = Timeline::build(routine);
        let buf = draw(&frame(routine, &timeline, seconds, look), 80, 24);
        assert_calm(&buf);
        screen(&buf)
    }

    /// Each row of the buffer as text.
    pub fn rows(buf: &Buffer) -> Vec<String> {
        let area = buf.area;
        (area.top()..area.bottom())
            .map(|y| {
                (area.left()..area.right())
                    .map(|x| buf[(x, y)].symbol())
                    .collect()
            })
            .collect()
    }

    /// The whole buffer as text, one line a row.
    pub fn screen(buf: &Buffer) -> String {
        rows(buf).join("\n")
    }

    /// No cell blinks or is drawn in reverse video: bold and dim are the
    /// only modifiers the views use.
    pub fn assert_calm(buf: &Buffer) {
        let calm = Modifier::BOLD | Modifier::DIM;
        for cell in buf.content() {
            assert!(calm.contains(cell.modifier), "a loud cell: {cell:?}");
        }
    }
}

#[cfg(test)]
mod tests {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    use super::testing::{assert_calm, look};
    use super::*;

    #[test]
    fn forty_by_twelve_is_enough() {
        assert!(!too_small(Rect::new(0, 0, 80, 23)));
        assert!(!too_small(Rect::new(0, 0, 40, 12)));
        assert!(too_small(Rect::new(0, 0, 39, 12)));
        assert!(too_small(Rect::new(0, 0, 40, 11)));
    }

    #[test]
    fn every_view_draws_at_any_size_without_panicking() {
        use crate::session::{Outcome, Summary};
        use crate::timeline::Timeline;
        use std::time::Duration;
        let routine = testing::routine(testing::STEPS);
        let timeline = Timeline::build(&routine);
        let summary = Summary {
            outcome: Outcome::Completed,
            planned: Duration::from_secs(60),
            position: Duration::from_secs(60),
            paused: Duration::ZERO,
            wall: Duration::from_secs(60),
            steps_done: 1,
            steps_total: 1,
            skipped: Vec::new(),
        };
        let entry = library::LibraryEntry {
            title: "Desk reset".into(),
            summary: "Five minutes.".into(),
            total: Duration::from_secs(300),
            kinds: Vec::new(),
            steps: 1,
            tags: vec!["seated".into()],
            origin: "bundled".into(),
        };
        let entries = [entry];
        for (width, height) in [(0, 0), (1, 1), (12, 4), (40, 10), (79, 23), (200, 60)] {
            for seconds in [0.0, 5.0, 45.0, 110.0, 200.0, 340.0, 420.0, 469.0] {
                let frame = testing::frame(&routine, &timeline, seconds, testing::look());
                testing::draw(&frame, width, height);
            }
            let look = testing::look();
            let shelf = library::LibraryView {
                entries: &entries,
                selected: 0,
                filter: "",
                filtering: false,
                progress: Some("2 of 3 sessions this week · last session yesterday"),
                attack: Some("A headache is going on since 14:05"),
                program: Some("Week 2 of 4 · today: Desk reset · 1 of 3 this week"),
                look,
            };
            testing::draw(&shelf, width, height);
            let question = checkin::PainQuestion {
                keys: crate::ui::keymap::Keymap::PainBefore,
                heading: "Before Desk reset",
                question: "How is your head right now?",
                pain: Some(10),
                before: Some(4),
                look,
            };
            testing::draw(&question, width, height);
            let note = checkin::NoteQuestion {
                heading: "After Desk reset",
                note: "slept badly",
                look,
            };
            testing::draw(&note, width, height);
            let journal = crate::journal::stats::summarise(
                &[],
                chrono::NaiveDate::from_ymd_opt(2025, 3, 5).unwrap(),
                8,
                3,
            );
            let history = history::HistoryView {
                summary: Some(&journal),
                recent: &[],
                problems: 2,
                scroll: 0,
                unreadable: None,
                streak: true,
                look,
            };
            testing::draw(&history, width, height);
            let help = overlay::HelpOverlay {
                keys: crate::ui::keymap::Keymap::Player,
                pausing: true,
                look,
            };
            testing::draw(&help, width, height);
            let confirm = overlay::ConfirmQuit {
                pausing: true,
                recorded: true,
                look,
            };
            testing::draw(&confirm, width, height);
            let end = overlay::Finished {
                title: "Desk reset",
                summary: &summary,
                pain_before: Some(6),
                pain_after: Some(3),
                saved: overlay::Saved::Failed("the disk is full"),
                look,
            };
            testing::draw(&end, width, height);
            testing::draw(
                &TooSmall {
                    width,
                    height,
                    look,
                },
                width,
                height,
            );
        }
    }

    #[test]
    fn a_small_window_asks_to_be_larger() {
        let mut terminal = Terminal::new(TestBackend::new(38, 10)).unwrap();
        let view = TooSmall {
            width: 38,
            height: 10,
            look: look(),
        };
        terminal.draw(|f| f.render_widget(&view, f.area())).unwrap();
        let buf = terminal.backend().buffer();
        let text = super::testing::screen(buf);
        assert!(text.contains("larger"), "{text}");
        assert!(text.contains("40×12"), "{text}");
        assert!(text.contains("38×10"), "{text}");
        assert!(text.contains("q leaves"), "{text}");
        assert_calm(buf);
    }
}
