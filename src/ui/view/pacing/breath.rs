//! The breathing bar: one row that fills through the breath in and empties
//! through the breath out along a sine ease, in eighths of a cell, and
//! names the phase with the seconds left in it.

use std::f64::consts::PI;
use std::time::Duration;

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::{MIN_FRAME, until_next_second, whole_seconds};
use crate::routine::BreathPattern;
use crate::timeline::{BreathPhase, breath_at};
use crate::ui::frame::Look;
use crate::ui::view::text::glyphs;

const EIGHTHS: [&str; 8] = [" ", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];

/// A sine ease in and out: slow at the turns of the breath, fastest between.
fn ease(progress: f64) -> f64 {
    (1.0 - (PI * progress).cos()) / 2.0
}

/// How full the bar is in `phase` at `progress` (0.0 to 1.0).
fn fill(phase: BreathPhase, progress: f64) -> f64 {
    match phase {
        BreathPhase::Inhale => ease(progress),
        BreathPhase::Hold => 1.0,
        BreathPhase::Exhale => 1.0 - ease(progress),
        BreathPhase::Rest => 0.0,
    }
}

fn phase_length(pattern: &BreathPattern, phase: BreathPhase) -> Duration {
    match phase {
        BreathPhase::Inhale => pattern.inhale,
        BreathPhase::Hold => pattern.hold,
        BreathPhase::Exhale => pattern.exhale,
        BreathPhase::Rest => pattern.rest,
    }
}

/// The bar's width in cells, inside a pacing area.
fn bar_width(area: Rect) -> u16 {
    area.width.saturating_sub(4).min(60)
}

/// Steps of fill across the bar: eighths of a cell, or whole cells in ASCII.
fn steps_per_cell(look: Look) -> u16 {
    if look.ascii { 1 } else { 8 }
}

/// When the bar, drawn in `levels` steps, next moves by one step, solved
/// from the easing curve. None while it holds still until the phase ends.
fn bar_wait(phase: BreathPhase, progress: f64, length: Duration, levels: f64) -> Option<Duration> {
    let level = (fill(phase, progress) * levels).round();
    let (target, cos) = match phase {
        BreathPhase::Inhale => ((level + 0.5) / levels, 1.0 - 2.0 * (level + 0.5) / levels),
        BreathPhase::Exhale => ((level - 0.5) / levels, 2.0 * (level - 0.5) / levels - 1.0),
        _ => return None,
    };
    if !(0.0..1.0).contains(&target) {
        return None;
    }
    let at = cos.clamp(-1.0, 1.0).acos() / PI;
    let wait = (at - progress).max(0.0) * length.as_secs_f64();
    Some(Duration::from_secs_f64(wait) + Duration::from_millis(1))
}

/// How long until the breathing view in `area` changes: the phase's next
/// second, or (with motion) the bar's next step.
pub(super) fn next_change(
    pattern: &BreathPattern,
    offset: Duration,
    area: Rect,
    look: Look,
) -> Option<Duration> {
    let at = breath_at(pattern, offset);
    let levels = f64::from(bar_width(area) * steps_per_cell(look));
    let bar = (!look.reduced_motion && levels > 0.0)
        .then(|| {
            bar_wait(
                at.phase,
                at.progress,
                phase_length(pattern, at.phase),
                levels,
            )
        })
        .flatten()
        .map(|wait| wait.max(MIN_FRAME));
    [until_next_second(at.remaining), bar]
        .into_iter()
        .flatten()
        .min()
}

/// The breathing view's rows: the phase and its seconds, the bar (one row
/// of eighth-cell steps; with reduced motion, a plain gauge of the phase's
/// seconds), and which breath of how many.
pub(super) fn lines(
    pattern: &BreathPattern,
    cycles: u32,
    offset: Duration,
    area: Rect,
    look: Look,
) -> Vec<Line<'static>> {
    let palette = look.palette;
    let at = breath_at(pattern, offset);
    let seconds = whole_seconds(at.remaining);
    let words = format!("{}{}{seconds}", at.phase.words(), glyphs(look).sep);
    let width = bar_width(area);
    let bar = if look.reduced_motion {
        let length = whole_seconds(phase_length(pattern, at.phase)).max(1);
        let done = (length.saturating_sub(seconds) * u64::from(width) / length) as usize;
        let g = glyphs(look);
        Line::from(vec![
            Span::styled(g.filled.repeat(done), palette.shape),
            Span::styled(g.unfilled.repeat(usize::from(width) - done), palette.frame),
        ])
    } else {
        let per_cell = usize::from(steps_per_cell(look));
        let steps =
            (fill(at.phase, at.progress) * (usize::from(width) * per_cell) as f64).round() as usize;
        let ink = if look.ascii { "=" } else { "█" };
        let partial = if steps.is_multiple_of(per_cell) {
            ""
        } else {
            EIGHTHS[steps % per_cell]
        };
        Line::styled(
            format!("{}{partial}", ink.repeat(steps / per_cell)),
            palette.shape,
        )
    };
    let count = format!("Breath {} of {cycles}", at.cycle.min(cycles));
    vec![
        Line::styled(words, palette.accent),
        bar,
        Line::styled(count, palette.faint),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routine::Routine;
    use crate::timeline::Timeline;
    use crate::ui::view::pacing::redraw_after;
    use crate::ui::view::testing::{STEPS, draw, frame, look, routine, rows, still, text_at as at};

    /// Eighths of a cell the breathing bar fills at `seconds`.
    fn bar_eighths(routine: &Routine, seconds: f64) -> usize {
        let timeline = Timeline::build(routine);
        let buf = draw(&frame(routine, &timeline, seconds, look()), 80, 24);
        let frame = frame(routine, &timeline, seconds, look());
        let pacing = crate::ui::view::player::compose(&frame, buf.area)
            .unwrap()
            .areas
            .pacing;
        let bar_row = pacing.y + 1;
        rows(&buf)[usize::from(bar_row)]
            .chars()
            .map(|c| match "▏▎▍▌▋▊▉█".chars().position(|e| e == c) {
                Some(i) => i + 1,
                None => 0,
            })
            .sum()
    }

    #[test]
    fn the_fill_eases_in_and_out() {
        assert_eq!(fill(BreathPhase::Inhale, 0.0), 0.0);
        assert!((fill(BreathPhase::Inhale, 0.5) - 0.5).abs() < 1e-9);
        assert!(fill(BreathPhase::Inhale, 0.1) < 0.1, "slow at the start");
        assert_eq!(fill(BreathPhase::Hold, 0.3), 1.0);
        assert_eq!(fill(BreathPhase::Rest, 0.3), 0.0);
    }

    #[test]
    fn the_wait_lands_on_the_next_step_of_the_bar() {
        let length = Duration::from_secs(4);
        let levels = 256.0;
        for phase in [BreathPhase::Inhale, BreathPhase::Exhale] {
            for progress in [0.0, 0.2, 0.5, 0.77] {
                let wait = bar_wait(phase, progress, length, levels).unwrap();
                let later = progress + wait.as_secs_f64() / length.as_secs_f64();
                let before = (fill(phase, progress) * levels).round();
                let after = (fill(phase, later) * levels).round();
                assert_eq!((after - before).abs(), 1.0, "{phase:?} at {progress}");
            }
        }
        assert_eq!(bar_wait(BreathPhase::Hold, 0.5, length, levels), None);
    }

    #[test]
    fn breathing_names_the_phase_and_its_seconds() {
        let routine = routine(STEPS);
        // The breathing step starts at 3 s: in 4, hold 2, out 6.
        let inhale = at(&routine, 3.0, look());
        assert!(inhale.contains("Breathe in · 4"), "{inhale}");
        assert!(inhale.contains("Breath 1 of 3"), "{inhale}");
        assert!(at(&routine, 7.5, look()).contains("Hold · 2"));
        assert!(at(&routine, 10.0, look()).contains("Breathe out · 5"));
        assert!(at(&routine, 16.0, look()).contains("Breath 2 of 3"));
    }

    #[test]
    fn the_bar_grows_through_the_inhale_and_shrinks_through_the_exhale() {
        let routine = routine(STEPS);
        let (start_in, mid_in) = (bar_eighths(&routine, 3.1), bar_eighths(&routine, 5.0));
        assert!(mid_in > start_in, "{start_in} then {mid_in}");
        assert!(bar_eighths(&routine, 8.0) >= mid_in, "full on the hold");
        let (start_out, mid_out) = (bar_eighths(&routine, 9.05), bar_eighths(&routine, 12.0));
        assert!(mid_out < start_out, "{start_out} then {mid_out}");
    }

    #[test]
    fn redraws_as_fast_as_the_bar_moves_and_no_faster() {
        let routine = routine(STEPS);
        let timeline = Timeline::build(&routine);
        let narrow = Rect::new(0, 0, 60, 24);
        for seconds in [3.0, 4.0, 5.0, 9.0, 10.5] {
            let wait = redraw_after(&frame(&routine, &timeline, seconds, look()), narrow).unwrap();
            assert!(wait <= Duration::from_millis(200), "{seconds}: {wait:?}");
            assert!(wait >= MIN_FRAME, "{seconds}: {wait:?}");
        }
        let hold = redraw_after(&frame(&routine, &timeline, 7.5, look()), narrow).unwrap();
        assert!((hold.as_secs_f64() - 0.5).abs() < 1e-6, "{hold:?}");
        let calm = redraw_after(&frame(&routine, &timeline, 5.0, still()), narrow).unwrap();
        assert_eq!(calm, Duration::from_secs(1));
    }
}
