//! Where each part of the player screen goes, chosen by priority: the
//! instructions get the rows they need first; the spacing, the session line,
//! the large figure and the gauge give way, in that order, before any text
//! is paged. Centred, and never wider than [`MAX_WIDTH`], on large screens.

use ratatui::layout::{Constraint, Flex, Layout, Rect};

use super::super::digits;

/// The widest the composition gets, so lines stay easy to read.
pub const MAX_WIDTH: u16 = 100;

/// The narrowest screen that gets the large figure beside the pacing.
const BIG_WIDTH: u16 = 60;

/// Spare rows from which the composition moves down from the top.
const TALL_SPARE: u16 = 10;

/// The smallest screen the player is drawn on at all.
pub const MIN_WIDTH: u16 = 40;
/// The smallest screen the player is drawn on at all.
pub const MIN_HEIGHT: u16 = 12;

/// How much of the screen is given to what, richest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    /// Everything, with room to breathe.
    Full,
    /// Everything, without the blank rows.
    Tight,
    /// The figure as one line beside the pacing's words; no session line.
    Compact,
    /// Title, what to do now, the text and the keys.
    Minimal,
}

impl Fit {
    const ALL: [Fit; 4] = [Fit::Full, Fit::Tight, Fit::Compact, Fit::Minimal];

    /// Whether the large figure is drawn.
    pub fn big(self) -> bool {
        matches!(self, Fit::Full | Fit::Tight)
    }

    /// Rows everything but the instructions takes.
    fn fixed_rows(self) -> u16 {
        self.rows(0)
            .iter()
            .filter(|(part, _)| *part != Part::Instructions)
            .filter(|(part, _)| *part != Part::Top)
            .map(|(_, rows)| rows)
            .sum()
    }

    /// The parts from top to bottom, each with its rows; `text` rows for the
    /// instructions.
    fn rows(self, text: u16) -> Vec<(Part, u16)> {
        use Part::*;
        let now = digits::HEIGHT + 1;
        match self {
            Fit::Full => vec![
                (Top, 0),
                (Header, 1),
                (Gap, 1),
                (Title, 1),
                (Gap, 1),
                (Now, now),
                (Instructions, text),
                (Spare, 0),
                (Gauge, 1),
                (Session, 1),
                (Next, 1),
                (Status, 1),
                (Hints, 1),
            ],
            Fit::Tight => vec![
                (Top, 0),
                (Header, 1),
                (Title, 1),
                (Now, now),
                (Instructions, text),
                (Spare, 0),
                (Gauge, 1),
                (Session, 1),
                (Next, 1),
                (Status, 1),
                (Hints, 1),
            ],
            Fit::Compact => vec![
                (Top, 0),
                (Header, 1),
                (Title, 1),
                (Now, 2),
                (Instructions, text),
                (Spare, 0),
                (Gauge, 1),
                (Next, 1),
                (Status, 1),
                (Hints, 1),
            ],
            Fit::Minimal => vec![
                (Top, 0),
                (Title, 1),
                (Now, 1),
                (Instructions, text),
                (Spare, 0),
                (Hints, 1),
            ],
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Header,
    Title,
    Now,
    Instructions,
    Gauge,
    Session,
    Next,
    Status,
    Hints,
    Gap,
    /// A third of what is left over, above everything.
    Top,
    /// The rest of what is left over, between the text and the bottom rows.
    Spare,
}

/// Where each part of the player screen goes; an empty `Rect` for a part
/// the layout leaves out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub fit: Fit,
    pub header: Rect,
    pub title: Rect,
    /// The large figure (with [`Fit::big`]), or the one-line figure.
    pub figure: Rect,
    /// Under the large figure: "Paused — space to go on".
    pub figure_note: Rect,
    pub pacing: Rect,
    pub instructions: Rect,
    pub gauge: Rect,
    pub session: Rect,
    pub next: Rect,
    pub status: Rect,
    pub hints: Rect,
}

/// The width text is wrapped to in `area`.
pub fn text_width(area: Rect) -> u16 {
    content(area).width
}

/// The part of `area` the composition uses: one cell in from each side,
/// centred and at most [`MAX_WIDTH`] wide.
fn content(area: Rect) -> Rect {
    let inner = Rect {
        x: area.x + 1,
        width: area.width.saturating_sub(2),
        ..area
    };
    let [centred] = Layout::horizontal([Constraint::Max(MAX_WIDTH)])
        .flex(Flex::Center)
        .areas(inner);
    centred
}

/// The richest fit in `area` that shows `lines` rows of instructions whole;
/// the leanest when none does (the text is then paged).
pub fn choose(area: Rect, lines: usize) -> Fit {
    let lines = u16::try_from(lines).unwrap_or(u16::MAX);
    Fit::ALL
        .into_iter()
        .filter(|fit| !fit.big() || area.width >= BIG_WIDTH)
        .find(|fit| fit.fixed_rows().saturating_add(lines) <= area.height)
        .unwrap_or(Fit::Minimal)
}

/// The rows the instructions get in `area` with `fit`.
pub fn text_rows(area: Rect, fit: Fit) -> u16 {
    area.height.saturating_sub(fit.fixed_rows())
}

/// Lays out `area` with `fit`, giving the instructions `lines` rows (or all
/// there is).
pub fn areas(area: Rect, fit: Fit, lines: usize) -> Areas {
    let body = content(area);
    let text = u16::try_from(lines)
        .unwrap_or(u16::MAX)
        .min(text_rows(area, fit));
    let parts = fit.rows(text);
    // On a tall screen, a third of the spare rows go above, so the
    // composition sits near the middle; otherwise it starts at the top.
    let spare = area
        .height
        .saturating_sub(fit.fixed_rows())
        .saturating_sub(text);
    let top = if spare >= TALL_SPARE { spare / 3 } else { 0 };
    let constraints = parts.iter().map(|&(part, rows)| match part {
        Part::Top => Constraint::Length(top),
        Part::Spare => Constraint::Fill(1),
        _ => Constraint::Length(rows),
    });
    let rects = Layout::vertical(constraints).split(body);
    let find = |wanted: Part| {
        parts
            .iter()
            .zip(rects.iter())
            .find(|((part, _), _)| *part == wanted)
            .map_or_else(Rect::default, |(_, rect)| *rect)
    };
    let now = find(Part::Now);
    let (figure, figure_note, pacing) = if fit.big() {
        let [left, right] =
            Layout::horizontal([Constraint::Length(now.width * 2 / 5), Constraint::Fill(1)])
                .areas(now);
        let [digits, note] =
            Layout::vertical([Constraint::Length(digits::HEIGHT), Constraint::Length(1)])
                .areas(left);
        (digits, note, right)
    } else {
        let [figure, pacing] =
            Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(now);
        (figure, Rect::default(), pacing)
    };
    Areas {
        fit,
        header: find(Part::Header),
        title: find(Part::Title),
        figure,
        figure_note,
        pacing,
        instructions: find(Part::Instructions),
        gauge: find(Part::Gauge),
        session: find(Part::Session),
        next: find(Part::Next),
        status: find(Part::Status),
        hints: find(Part::Hints),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn screen(width: u16, height: u16) -> Rect {
        Rect::new(0, 0, width, height)
    }

    #[test]
    fn short_text_gets_the_full_layout_at_80_by_23_and_79_by_24() {
        for area in [screen(80, 24), screen(80, 23), screen(79, 24)] {
            assert_eq!(choose(area, 5), Fit::Full, "{area:?}");
        }
        assert_eq!(choose(screen(160, 45), 12), Fit::Full);
    }

    #[test]
    fn longer_text_takes_the_room_of_the_decorations_first() {
        let area = screen(80, 24);
        assert_eq!(choose(area, 9), Fit::Full);
        assert_eq!(choose(area, 10), Fit::Tight);
        assert_eq!(choose(area, 12), Fit::Compact);
        assert_eq!(choose(area, 16), Fit::Compact);
        assert_eq!(choose(area, 17), Fit::Minimal);
        assert_eq!(choose(area, 40), Fit::Minimal, "paged");
        assert!(
            text_rows(area, Fit::Compact) >= crate::routine::SCREEN_TEXT_ROWS,
            "the routine check's promise holds"
        );
        assert!(text_width(area) >= crate::routine::SCREEN_TEXT_WIDTH);
    }

    #[test]
    fn narrow_screens_never_get_the_large_figure() {
        assert_eq!(choose(screen(59, 30), 2), Fit::Compact);
        assert_eq!(choose(screen(40, 12), 3), Fit::Compact);
        assert_eq!(choose(screen(40, 12), 6), Fit::Minimal);
    }

    #[test]
    fn every_part_is_inside_the_screen_and_in_order() {
        for (w, h) in [(80, 24), (80, 23), (60, 20), (40, 12), (160, 45)] {
            let area = screen(w, h);
            for fit in Fit::ALL {
                let a = areas(area, fit, 4);
                for rect in [a.header, a.title, a.instructions, a.hints] {
                    assert!(area.contains(rect.as_position()) || rect.is_empty());
                    assert!(rect.width <= MAX_WIDTH);
                }
                assert_eq!(a.hints.bottom(), h, "{fit:?} {w}x{h}: keys at the bottom");
                assert!(a.instructions.top() >= a.title.bottom());
            }
        }
        let wide = areas(screen(160, 45), Fit::Full, 4);
        assert_eq!(wide.title.x, 30, "centred: (158 - 100) / 2 + 1");
    }
}
