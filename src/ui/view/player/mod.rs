//! The player screen: where the session is, the step and what to do, the
//! figure to follow beside the pacing, the instructions whole (or paged),
//! progress, what comes next, and the keys. Laid out by priority for every
//! size from 40×12 up (see [`layout`]).

pub mod layout;
mod memo;
mod pages;
pub mod words;

use std::rc::Rc;
use std::time::Duration;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{LineGauge, Widget};

use super::digits::BigClock;
use super::pacing::{PacingView, whole_seconds};
use super::text::{clock, fit, glyphs, width};
use crate::routine::Pacing;
use crate::timeline::{BreathPhase, Part, Wait, breath_at};
use crate::ui::frame::PlayerFrame;
use crate::ui::keymap::Keymap;
use layout::{Areas, Fit};
pub use pages::Pages;

/// The player screen worked out for one frame in one area: the layout, the
/// instructions in pages, and the page showing.
pub struct Composition {
    pub areas: Areas,
    pub pages: Rc<Pages>,
    pub page: usize,
    /// How long until the pages turn by themselves, if they do.
    pub page_turn: Option<Duration>,
}

/// Shown instead of the time left while a wait step waits for the person.
const WAITING: &str = "Ready? Press space.";

/// The text shown under the figure for the segment playing.
fn instructions<'a>(frame: &PlayerFrame<'a>, part: Part) -> &'a str {
    match part {
        Part::LeadIn => frame.routine.summary.as_deref().unwrap_or_default(),
        Part::Between { .. } => "",
        Part::Step { step, .. } => frame.routine.steps[step].instructions.as_str(),
    }
}

/// Lays out `frame` in `area`; None before the session has a segment.
pub fn compose(frame: &PlayerFrame, area: Rect) -> Option<Composition> {
    let segment = frame.timeline.segments.get(frame.segment)?;
    let memo::Laid { areas, pages } = memo::laid_out(instructions(frame, segment.part), area);
    let offset = frame.position.saturating_sub(segment.start);
    let (page, page_turn) = match frame.page {
        Some(page) => (page.min(pages.count() - 1), None),
        None => pages.at(offset),
    };
    Some(Composition {
        areas,
        pages,
        page,
        page_turn: page_turn.filter(|_| !frame.paused),
    })
}

/// Everything time changes on the player screen but the breathing bar:
/// two frames of one breathing step with the same `Still` differ at most
/// in the bar's row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Still {
    area: Rect,
    segment: usize,
    status: String,
    page: usize,
    /// The session line, the step's countdown and gauge, the phase's
    /// count, the breath: each changes on a second of its own.
    session_second: u64,
    left: u64,
    phase: BreathPhase,
    phase_left: u64,
    cycle: u32,
}

/// Where the breathing bar of `frame` goes on `area` (one row), what it
/// shows, and what the rest of the screen shows; None unless a breathing
/// step plays, not paused, with its bar drawn and moving.
pub fn moving_bar(frame: &PlayerFrame, area: Rect) -> Option<(Still, Rect, Line<'static>)> {
    if frame.paused || frame.look.reduced_motion {
        return None;
    }
    let segment = frame.timeline.segments.get(frame.segment)?;
    let pacing = PacingView::of(frame)?;
    let Some(Pacing::Breathe { pattern, .. }) = pacing.step.map(|s| s.pacing) else {
        return None;
    };
    let c = compose(frame, area)?;
    let at = &c.areas;
    let mut lines = pacing.breath_lines(at.pacing)?;
    // As drawn by the render below: beside the large figure, the rows
    // from the top of the pacing area (inset); otherwise the first row
    // goes to the figure's line and the rest from the top of the area.
    let (rows, bar_row) = match at.fit {
        Fit::Full | Fit::Tight => (super::pacing::inset(at.pacing), 1),
        Fit::Compact => (at.pacing, 0),
        Fit::Minimal => return None,
    };
    if rows.height <= bar_row || rows.width == 0 || lines.len() < 2 {
        return None;
    }
    let breath = breath_at(&pattern, pacing.offset);
    let still = Still {
        area,
        segment: frame.segment,
        status: frame.status.to_owned(),
        page: c.page,
        session_second: frame.position.as_secs(),
        left: whole_seconds(segment.duration - pacing.offset),
        phase: breath.phase,
        phase_left: whole_seconds(breath.remaining),
        cycle: breath.cycle,
    };
    let row = Rect {
        y: rows.y + bar_row,
        height: 1,
        ..rows
    };
    Some((still, row, lines.swap_remove(1)))
}

/// Whether `text` is shown whole, without paging, on a `width`×`height`
/// screen: for the routine check's promise (see its test in `layout`).
pub fn shows_whole(text: &str, width: u16, height: u16) -> bool {
    let area = Rect::new(0, 0, width, height);
    let pages = Pages::wrapped(text, layout::text_width(area));
    let fit = layout::choose(area, pages.lines());
    usize::from(layout::text_rows(area, fit)) >= pages.lines()
}

impl Widget for &PlayerFrame<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (Some(segment), Some(pacing), Some(c)) = (
            self.timeline.segments.get(self.segment),
            PacingView::of(self),
            compose(self, area),
        ) else {
            return;
        };
        let (palette, g) = (self.look.palette, glyphs(self.look));
        let at = &c.areas;
        let cells = |rect: Rect| usize::from(rect.width);

        let place = words::where_words(self, segment.part, pacing.side()).join(g.sep);
        let title = match segment.part {
            Part::LeadIn => "Settle in",
            Part::Between { .. } => "Rest",
            Part::Step { step, .. } => self.routine.steps[step].title.as_str(),
        };
        if at.fit == Fit::Minimal {
            // Only the title and the side: what to do now.
            let side = pacing
                .side()
                .map(|side| format!("{}{} side", g.sep, side.word()))
                .unwrap_or_default();
            let room = cells(at.title).saturating_sub(width(&side));
            Line::from(vec![
                Span::styled(fit(title, room, g.more), palette.accent),
                Span::styled(side, palette.text),
            ])
            .render(at.title, buf);
        } else {
            let room = cells(at.header).saturating_sub(width(&place) + width(g.sep));
            Line::from(vec![
                Span::styled(fit(&self.routine.title, room, g.more), palette.faint),
                Span::styled(g.sep, palette.faint),
                Span::styled(place, palette.text),
            ])
            .render(at.header, buf);
            Line::styled(fit(title, cells(at.title), g.more), palette.accent).render(at.title, buf);
        }

        let remaining = segment.duration - pacing.offset;
        let left = whole_seconds(remaining);
        // In a breathing step the person follows the count of the phase.
        let breath = match pacing.step.map(|s| s.pacing) {
            Some(Pacing::Breathe { pattern, .. }) if matches!(segment.part, Part::Step { .. }) => {
                Some(breath_at(&pattern, pacing.offset))
            }
            _ => None,
        };
        let paused = format!("Paused{}space to go on", g.dash);
        // A wait held for the person has no time to count down.
        let held = segment.waits == Some(Wait::UntilGoOn);
        let (mut pacing_lines, pacing_area) = pacing.lines(at.pacing, buf);
        if at.fit.big() {
            let figure = match &breath {
                Some(at) => whole_seconds(at.remaining).to_string(),
                None => clock(left),
            };
            if held {
                let middle = Rect {
                    y: at.figure.y + at.figure.height / 2,
                    height: 1.min(at.figure.height),
                    ..at.figure
                };
                Line::styled(WAITING, palette.accent)
                    .centered()
                    .render(middle, buf);
            } else {
                BigClock {
                    text: &figure,
                    style: palette.accent,
                    ascii: self.look.ascii,
                }
                .render(at.figure, buf);
            }
            if self.paused {
                Line::styled(paused, palette.accent)
                    .centered()
                    .render(at.figure_note, buf);
            }
            super::pacing::draw_lines(buf, super::pacing::inset(pacing_area), pacing_lines);
        } else {
            let first = (!pacing_lines.is_empty()).then(|| pacing_lines.remove(0));
            let mut spans = if self.paused {
                vec![Span::styled(paused, palette.accent)]
            } else {
                Vec::new()
            };
            let now = first.map(|l| l.spans).unwrap_or_default();
            if !self.paused {
                spans.extend(now);
                // Without the gauge, the time left goes on this line.
                if held {
                    spans.push(Span::styled(g.sep, palette.faint));
                    spans.push(Span::styled(WAITING, palette.accent));
                } else if at.gauge.is_empty() {
                    spans.push(Span::styled(g.sep, palette.faint));
                    spans.push(Span::styled(words::time_left(left), palette.accent));
                }
            }
            buf.set_line(
                at.figure.x,
                at.figure.y,
                &Line::from(spans),
                at.figure.width,
            );
            super::pacing::draw_lines(buf, at.pacing, pacing_lines);
        }

        let shown = c.pages.page(c.page);
        for (row, line) in (at.instructions.top()..at.instructions.bottom()).zip(shown) {
            buf.set_stringn(
                at.instructions.x,
                row,
                line,
                cells(at.instructions),
                palette.text,
            );
        }
        if c.pages.paged() && !at.instructions.is_empty() {
            let count = c.pages.count();
            let words = if c.page + 1 < count {
                words::more_words(c.page, count, g)
            } else {
                format!("page {count} of {count}")
            };
            let last = Rect {
                y: at.instructions.bottom() - 1,
                height: 1,
                ..at.instructions
            };
            Line::styled(fit(&words, cells(last), g.more), palette.faint).render(last, buf);
        }

        let length = whole_seconds(segment.duration);
        LineGauge::default()
            .ratio((length.saturating_sub(left) as f64 / length.max(1) as f64).clamp(0.0, 1.0))
            // Beside the large figure the label needs no seconds, and
            // changes once a minute: fewer bytes to the terminal.
            .label(Line::styled(
                if held {
                    "waiting for you".to_owned()
                } else if at.fit.big() && breath.is_none() {
                    format!("{} left", words::minutes_left(left))
                } else {
                    words::time_left(left)
                },
                palette.faint,
            ))
            .filled_symbol(g.filled)
            .unfilled_symbol(g.unfilled)
            .filled_style(palette.shape)
            .unfilled_style(palette.frame)
            .render(at.gauge, buf);
        Line::styled(
            words::session_words(self.timeline.total, self.position),
            palette.faint,
        )
        .render(at.session, buf);
        Line::styled(
            fit(&words::next_words(self), cells(at.next), g.more),
            palette.faint,
        )
        .render(at.next, buf);
        Line::styled(fit(self.status, cells(at.status), g.more), palette.text)
            .render(at.status, buf);
        let space = if self.paused {
            Some("resume")
        } else {
            segment.waits.map(|_| "go on")
        };
        let hints = Keymap::Player.hint_line_within(g, space, cells(at.hints));
        Line::styled(fit(&hints, cells(at.hints), g.more), palette.faint).render(at.hints, buf);
    }
}

#[cfg(test)]
mod tests;
