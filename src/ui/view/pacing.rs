//! The pacing view: what paces the hands or the breath in the segment
//! playing, drawn only from the step, the time into the segment and the
//! look; and when it next changes, so the loop can sleep until then.

mod breath;
mod motion;

use std::time::Duration;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Widget;

use crate::routine::vocabulary::{Direction, Side, Sides, Temperature};
use crate::routine::{Pacing, Step};
use crate::timeline::{Part, Wait};
use crate::ui::frame::{Look, PlayerFrame};

/// The shortest wait between two frames of an animation: 25 a second, so
/// a breathing bar that moves at least 20 times a second does so however
/// late the loop wakes. Frames are drawn only when the shape moves, and
/// each costs little (see the README's measurements).
pub const MIN_FRAME: Duration = Duration::from_millis(40);

/// The pacing of one segment at one moment.
#[derive(Debug, Clone, Copy)]
pub struct PacingView<'a> {
    pub part: Part,
    /// The step the segment belongs to; none for the lead-in.
    pub step: Option<&'a Step>,
    /// Time into the segment.
    pub offset: Duration,
    pub look: Look,
}

impl<'a> PacingView<'a> {
    /// The pacing of the segment a player frame shows.
    pub fn of(frame: &PlayerFrame<'a>) -> Option<Self> {
        let segment = frame.timeline.segments.get(frame.segment)?;
        Some(Self {
            part: segment.part,
            step: segment.part.step().and_then(|i| frame.routine.steps.get(i)),
            offset: frame
                .position
                .saturating_sub(segment.start)
                .min(segment.duration),
            look: frame.look,
        })
    }

    /// The step, when this segment is a pass of it (not a rest between rounds).
    fn active_step(&self) -> Option<&'a Step> {
        self.step.filter(|_| matches!(self.part, Part::Step { .. }))
    }

    /// Whether this moment is past half time of a step that turns at half
    /// time (circles reversing, or sides alternating).
    fn past_half(&self, step: &Step) -> bool {
        self.offset >= step.duration / 2
    }

    /// How long until what this view shows changes; None if it never does.
    pub fn next_change(&self, area: Rect) -> Option<Duration> {
        let step = self.active_step()?;
        let turns = step.sides == Sides::Alternate
            || matches!(
                step.pacing,
                Pacing::Circles {
                    direction: Direction::ReverseHalfway,
                    ..
                }
            );
        let at_half = (turns && !self.past_half(step)).then(|| step.duration / 2 - self.offset);
        let own = match step.pacing {
            Pacing::Breathe { pattern, .. } => {
                breath::next_change(&pattern, self.offset, area, self.look)
            }
            _ if self.look.reduced_motion => None,
            _ => motion::period(step).map(|period| until_next(self.offset, period).max(MIN_FRAME)),
        };
        [at_half, own].into_iter().flatten().min()
    }

    /// The breathing view's rows for `area`, when this is a pass of a
    /// breathing step: the phase, the bar, which breath.
    pub fn breath_lines(&self, area: Rect) -> Option<Vec<Line<'static>>> {
        match self.active_step()?.pacing {
            Pacing::Breathe { pattern, cycles } => Some(breath::lines(
                &pattern,
                cycles,
                self.offset,
                area,
                self.look,
            )),
            _ => None,
        }
    }

    /// Which side the person works on now, if the step has sides.
    pub fn side(&self) -> Option<Side> {
        let step = self.active_step()?;
        match (step.sides, self.part) {
            (Sides::Alternate, _) if self.past_half(step) => Some(Side::Right),
            (_, Part::Step { side, .. }) => side,
            _ => None,
        }
    }

    /// The side in words; at half time of an alternating step, the switch.
    fn side_words(&self) -> Option<&'static str> {
        let alternate = self
            .active_step()
            .is_some_and(|s| s.sides == Sides::Alternate);
        match self.side()? {
            Side::Left => Some("Left side"),
            Side::Right if alternate => Some("Switch to the right side"),
            Side::Right => Some("Right side"),
        }
    }
}

/// Whole seconds left, rounded up, as a countdown shows them.
pub fn whole_seconds(remaining: Duration) -> u64 {
    remaining.as_secs() + u64::from(remaining.subsec_nanos() > 0)
}

/// How long until a countdown of `remaining` shows one second less.
pub fn until_next_second(remaining: Duration) -> Option<Duration> {
    let shown = whole_seconds(remaining);
    (shown > 0).then(|| remaining - Duration::from_secs(shown - 1))
}

/// Steps of `period` seconds taken by `offset`.
pub(super) fn ticks(offset: Duration, period: f64) -> i64 {
    (offset.as_secs_f64() / period).floor() as i64
}

/// How long until `offset` takes its next step of `period` seconds.
fn until_next(offset: Duration, period: f64) -> Duration {
    let next = (ticks(offset, period) + 1) as f64 * period;
    Duration::from_secs_f64((next - offset.as_secs_f64()).max(0.0))
}

/// How long from `frame.position` until something visible on the player
/// screen drawn in `area` changes: the countdown's next second, the session
/// clock's, or the pacing shape's next step. None when paused.
pub fn redraw_after(frame: &PlayerFrame, area: Rect) -> Option<Duration> {
    if frame.paused {
        return None;
    }
    let segment = frame.timeline.segments.get(frame.segment)?;
    if segment.waits == Some(Wait::UntilGoOn) {
        return None;
    }
    let view = PacingView::of(frame)?;
    let composition = super::player::compose(frame, area)?;
    let countdown = until_next_second(segment.duration - view.offset);
    let shape = view.next_change(composition.areas.pacing);
    let session = super::player::words::session_change(frame.timeline.total, frame.position);
    [countdown, session, shape, composition.page_turn]
        .into_iter()
        .flatten()
        .min()
}

impl PacingView<'_> {
    /// The pacing's rows for `area`, the most important first (what to do,
    /// then the side or the shape), and the part of `area` to write them
    /// in: circles draw their ring into `buf` when there is room for it.
    pub fn lines(&self, area: Rect, buf: &mut Buffer) -> (Vec<Line<'static>>, Rect) {
        let palette = self.look.palette;
        let calm = |words: &'static str| vec![Line::styled(words, palette.text)];
        let Some(step) = self.active_step() else {
            let words = if self.part == Part::LeadIn {
                "Settle in. Eyes can close."
            } else {
                "Rest"
            };
            return (calm(words), area);
        };
        let mut text = area;
        let mut lines = match step.pacing {
            Pacing::Breathe { pattern, cycles } => {
                return (
                    breath::lines(&pattern, cycles, self.offset, area, self.look),
                    area,
                );
            }
            Pacing::Circles { .. } => {
                let (lines, beside) = motion::circles(step, self.offset, area, buf, self.look);
                text = beside;
                lines
            }
            Pacing::Knead { .. } | Pacing::Press { .. } => {
                motion::strokes(step, self.offset, area.width, self.look)
            }
            Pacing::Compress {
                temperature: Temperature::Warm,
            } => vec![Line::styled("Warm compress", palette.warm)],
            Pacing::Compress {
                temperature: Temperature::Cool,
            } => {
                vec![Line::styled("Cool towel or compress", palette.cool)]
            }
            Pacing::Stretch => calm("Stretch gently, never into pain."),
            Pacing::Rest => calm("Rest. Let your breath come and go."),
            Pacing::Wait { .. } => vec![
                Line::styled("Take your time.", palette.text),
                Line::styled("Space goes on when you are ready.", palette.faint),
            ],
        };
        if let Some(words) = self.side_words() {
            lines.insert(1, Line::styled(words, palette.accent));
        }
        if let Some(body) = step.area {
            lines.push(Line::styled(body.word().replace('-', " "), palette.faint));
        }
        (lines, text)
    }
}

impl Widget for &PacingView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (lines, text) = self.lines(area, buf);
        draw_lines(buf, inset(text), lines);
    }
}

/// `area` two cells in from the left, where the pacing's words go beside
/// the figure.
pub(super) fn inset(area: Rect) -> Rect {
    Rect {
        x: area.x + 2,
        width: area.width.saturating_sub(2),
        ..area
    }
}

/// Draws `lines` from the top of `area`, clipped to it.
pub(super) fn draw_lines(buf: &mut Buffer, area: Rect, lines: Vec<Line>) {
    for (row, line) in (area.top()..area.bottom()).zip(&lines) {
        buf.set_line(area.x, row, line, area.width);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routine::Routine;
    use crate::timeline::Timeline;
    use crate::ui::view::testing::{STEPS, frame, look, routine, still, text_at as at};

    #[test]
    fn reduced_motion_shows_words_and_a_plain_gauge() {
        let routine = routine(STEPS);
        let breathing = at(&routine, 5.0, still());
        assert!(breathing.contains("Breathe in · 2"), "{breathing}");
        assert!(
            breathing.contains(&"━".repeat(15)),
            "a plain gauge: {breathing}"
        );
        assert!(!breathing.contains("████"), "no breathing bar: {breathing}");
        let circles = at(&routine, 100.0, still());
        assert!(
            circles.contains("Clockwise") && !circles.contains('●'),
            "{circles}"
        );
        let knead = at(&routine, 45.0, still());
        assert!(knead.contains("Knead") && !knead.contains('▓'), "{knead}");
        let timeline = Timeline::build(&routine);
        let view = PacingView::of(&frame(&routine, &timeline, 100.0, still())).unwrap();
        assert_eq!(
            view.next_change(Rect::new(0, 0, 40, 5)),
            Some(Duration::from_secs(29))
        );
    }

    #[test]
    fn a_countdown_step_redraws_once_a_second() {
        let routine = routine(STEPS);
        let timeline = Timeline::build(&routine);
        let compress = frame(&routine, &timeline, 200.0, look());
        assert_eq!(
            redraw_after(&compress, Rect::new(0, 0, 80, 24)),
            Some(Duration::from_secs(1))
        );
        let later = frame(&routine, &timeline, 200.25, look());
        let wait = redraw_after(&later, Rect::new(0, 0, 80, 24)).unwrap();
        assert!((wait.as_secs_f64() - 0.75).abs() < 1e-6, "{wait:?}");
    }

    #[test]
    fn compresses_and_calm_steps_are_named_in_words() {
        let routine = routine(STEPS);
        let warm = at(&routine, 200.0, look());
        assert!(warm.contains("Warm compress"), "{warm}");
        let cool = routine_with("kind = \"compress\"\ntemperature = \"cool\"\nduration = \"1m\"");
        assert!(at(&cool, 10.0, look()).contains("Cool towel or compress"));
        let stretch = at(&routine, 315.0, look());
        assert!(
            stretch.contains("Stretch gently") && stretch.contains("Right side"),
            "{stretch}"
        );
        assert!(at(&routine, 340.0, look()).contains("Rest"));
        assert!(at(&routine, 460.0, look()).contains("Rest. Let your breath come and go."));
        let timeline = Timeline::build(&routine);
        let view = PacingView::of(&frame(&routine, &timeline, 200.0, look())).unwrap();
        assert_eq!(view.next_change(Rect::new(0, 0, 40, 5)), None);
    }

    #[test]
    fn ascii_draws_the_shapes_in_ascii() {
        let routine = routine(STEPS);
        let ascii = Look {
            ascii: true,
            ..look()
        };
        assert!(at(&routine, 5.0, ascii).contains("====="));
        assert!(at(&routine, 110.0, ascii).contains('o'));
        assert!(at(&routine, 45.0, ascii).contains("Knead - firm pressure"));
    }

    fn routine_with(step: &str) -> Routine {
        routine(&format!(
            "[[step]]\ntitle = \"One\"\n{step}\ninstructions = \"x\"\n"
        ))
    }
}
