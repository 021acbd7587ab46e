//! Hands in motion: a marker going round a ring for circles, a pulse that
//! swells and eases at the kneading or pressing tempo.

use std::f64::consts::PI;
use std::time::Duration;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::ticks;
use crate::routine::vocabulary::Direction;
use crate::routine::{Pacing, Step};
use crate::ui::frame::Look;
use crate::ui::view::text::glyphs;

/// The ring's positions, (column, row) from its centre, clockwise from the top.
const RING: [(i16, i16); 12] = [
    (0, -2),
    (3, -2),
    (5, -1),
    (6, 0),
    (5, 1),
    (3, 2),
    (0, 2),
    (-3, 2),
    (-5, 1),
    (-6, 0),
    (-5, -1),
    (-3, -2),
];
/// Cells the ring takes across.
const RING_WIDTH: u16 = 13;
/// Frames in one stroke of the pulse.
const PULSE_FRAMES: u32 = 8;

/// Seconds between two positions of the marker, or two frames of the
/// pulse; None when the routine gives no tempo, and nothing moves.
pub(super) fn period(step: &Step) -> Option<f64> {
    let per_turn = if let Pacing::Circles { .. } = step.pacing {
        RING.len() as u32
    } else {
        PULSE_FRAMES
    };
    step.pacing
        .tempo()
        .map(|tempo| 60.0 / f64::from(tempo.max(1) * per_turn))
}

/// Which way the circles go now.
enum Turning {
    Plain(&'static str),
    /// Counterclockwise after turning back at half time.
    Reversed,
}

/// The way the circles go at `offset`, and the marker's position (0 at the
/// top, counting clockwise). At half time of reverse-halfway the marker turns
/// back from where it is.
fn circling(step: &Step, direction: Direction, offset: Duration) -> (Turning, usize) {
    // Without a tempo the marker stays at the top.
    let period = period(step).unwrap_or(f64::INFINITY);
    let half = step.duration / 2;
    let (turning, marker) = match direction {
        Direction::Clockwise => (Turning::Plain("Clockwise"), ticks(offset, period)),
        Direction::Counterclockwise => (Turning::Plain("Counterclockwise"), -ticks(offset, period)),
        Direction::ReverseHalfway if offset < half => {
            (Turning::Plain("Clockwise"), ticks(offset, period))
        }
        Direction::ReverseHalfway => (
            Turning::Reversed,
            ticks(half, period) - ticks(offset - half, period),
        ),
    };
    (turning, marker.rem_euclid(RING.len() as i64) as usize)
}

/// Draws the ring at the left of `area` with the marker at `marker`.
fn draw_ring(buf: &mut Buffer, area: Rect, marker: usize, look: Look) {
    let (dot, mark) = if look.ascii {
        (".", "o")
    } else {
        ("·", "●")
    };
    let centre_x = i32::from(area.x) + 2 + i32::from(RING_WIDTH / 2);
    let centre_y = i32::from(area.y) + i32::from(area.height.min(5) / 2);
    for (i, &(dx, dy)) in RING.iter().enumerate() {
        let (x, y) = (centre_x + i32::from(dx), centre_y + i32::from(dy));
        if y < i32::from(area.y) || y >= i32::from(area.bottom()) {
            continue;
        }
        let (symbol, style) = if i == marker {
            (mark, look.palette.shape)
        } else {
            (dot, look.palette.frame)
        };
        buf.set_string(x as u16, y as u16, symbol, style);
    }
}

/// One frame of the pulse, `frame` counting frames since the segment began:
/// a row that swells from the centre and eases back once a stroke.
fn pulse(frame: i64, width: u16, look: Look) -> Line<'static> {
    let turn = frame.rem_euclid(i64::from(PULSE_FRAMES)) as f64 / f64::from(PULSE_FRAMES);
    let swell = (1.0 - (2.0 * PI * turn).cos()) / 2.0;
    let reach = i32::from(width.saturating_sub(4).min(24) / 2);
    let r = (swell * f64::from(reach)).round() as i32;
    let [edge, mid, core] = if look.ascii {
        ["-", "=", "#"]
    } else {
        ["░", "▒", "▓"]
    };
    let cells: String = (-reach..=reach)
        .map(|d| match d.abs() {
            d if d > r => " ",
            d if d * 3 <= r => core,
            d if d * 3 <= 2 * r => mid,
            _ => edge,
        })
        .collect();
    Line::styled(cells, look.palette.shape)
}

/// The circles view: with motion, the ring at the left of `area`; the way
/// round, the tempo and the pressure in words, and the area to write them in.
pub(super) fn circles(
    step: &Step,
    offset: Duration,
    area: Rect,
    buf: &mut Buffer,
    look: Look,
) -> (Vec<Line<'static>>, Rect) {
    let Pacing::Circles {
        direction,
        pressure,
        ..
    } = step.pacing
    else {
        return (Vec::new(), area);
    };
    let (turning, marker) = circling(step, direction, offset);
    let words = match turning {
        Turning::Reversed => format!("Counterclockwise{}reversed", glyphs(look).dash),
        Turning::Plain(words) => words.to_owned(),
    };
    let mut text = area;
    if !look.reduced_motion && area.width > RING_WIDTH + 24 && area.height >= 5 {
        draw_ring(buf, area, marker, look);
        text.x += RING_WIDTH + 2;
        text.width -= RING_WIDTH + 2;
    }
    let palette = look.palette;
    let mut lines = vec![Line::styled(words, palette.accent)];
    let pace = match step.pacing.tempo() {
        Some(t) => format!("{t} circles a minute"),
        None => "at your own pace".to_owned(),
    };
    lines.push(Line::styled(pace, palette.faint));
    lines.extend(pressure.map(|p| Line::styled(format!("{p} pressure"), palette.text)));
    (lines, text)
}

/// The kneading or pressing view: the verb and pressure, with motion the
/// pulse, and the tempo.
pub(super) fn strokes(step: &Step, offset: Duration, width: u16, look: Look) -> Vec<Line<'static>> {
    let palette = look.palette;
    let (verb, pressure) = match step.pacing {
        Pacing::Knead { pressure, .. } => ("Knead", pressure),
        Pacing::Press { pressure, .. } => ("Press", pressure),
        _ => return Vec::new(),
    };
    let mut head = vec![Span::styled(verb, palette.accent)];
    if let Some(p) = pressure {
        let words = format!("{}{p} pressure", glyphs(look).sep);
        head.push(Span::styled(words, palette.text));
    }
    let mut lines = vec![Line::from(head)];
    match step.pacing.tempo() {
        Some(tempo) => {
            if let (Some(period), false) = (period(step), look.reduced_motion) {
                lines.push(pulse(ticks(offset, period), width, look));
            }
            let beats = step.pacing.beats();
            lines.push(Line::styled(
                format!("{tempo} {beats} a minute"),
                palette.faint,
            ));
        }
        // A hold without a tempo is drawn still.
        None if matches!(step.pacing, Pacing::Press { .. }) => {
            lines.push(Line::styled("Hold steady", palette.text))
        }
        None => lines.push(Line::styled("at your own pace", palette.faint)),
    }
    lines
}

#[cfg(test)]
mod tests {
    use ratatui::layout::Rect;

    use super::*;
    use crate::timeline::Timeline;
    use crate::ui::view::pacing::redraw_after;
    use crate::ui::view::testing::{STEPS, frame, look, routine, text_at as at};

    #[test]
    fn kneading_pulses_and_switches_sides_at_half_time() {
        let routine = routine(STEPS);
        let first = at(&routine, 45.0, look());
        assert!(first.contains("Knead · firm pressure"), "{first}");
        assert!(
            first.contains("Left side")
                && first.contains("30 strokes a minute")
                && first.contains("neck")
        );
        assert!(first.contains('▓'), "{first}");
        let second = at(&routine, 70.0, look());
        assert!(second.contains("Switch to the right side"), "{second}");
        assert!(
            second.contains("Step 2 of 7 · right side"),
            "header names the side: {second}"
        );
        let press = at(&routine, 420.0, look());
        assert!(
            press.contains("Press") && press.contains("Hold steady"),
            "no tempo, no pulse: {press}"
        );
    }

    #[test]
    fn the_pulse_swells_and_eases() {
        let widths: Vec<usize> = (0..8)
            .map(|f| pulse(f, 40, look()).to_string().trim().chars().count())
            .collect();
        assert_eq!(widths[0], 1);
        assert!(widths[4] > widths[2] && widths[2] > widths[0], "{widths:?}");
        assert_eq!(widths[1], widths[7]);
    }

    #[test]
    fn circles_go_round_and_turn_back_at_half_time() {
        let routine = routine(STEPS);
        let step = &routine.steps[2];
        let Pacing::Circles { direction, .. } = step.pacing else {
            unreachable!()
        };
        let marker = |s: f64| circling(step, direction, Duration::from_secs_f64(s)).1;
        // 20 circles a minute: a position every 0.25 s.
        assert_eq!((marker(0.0), marker(0.25), marker(0.5)), (0, 1, 2));
        let half = marker(30.0);
        assert_eq!(marker(30.25), (half + 11) % 12, "back the other way");
        assert_eq!(marker(30.5), (half + 10) % 12);
        let before = at(&routine, 110.0, look());
        assert!(
            before.contains("Clockwise") && before.contains('●'),
            "{before}"
        );
        assert!(before.contains("20 circles a minute"), "{before}");
        let after = at(&routine, 140.0, look());
        assert!(after.contains("Counterclockwise — reversed"), "{after}");
        let timeline = Timeline::build(&routine);
        let wait = redraw_after(
            &frame(&routine, &timeline, 110.1, look()),
            Rect::new(0, 0, 80, 24),
        )
        .unwrap();
        assert!((wait.as_secs_f64() - 0.15).abs() < 1e-3, "{wait:?}");
    }
}
