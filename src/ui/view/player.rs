//! The player screen: where the session is, the step and what to do, a large
//! countdown beside the pacing, progress, what comes next, and the keys.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{LineGauge, Paragraph, Widget};

use super::digits::{self, BigClock};
use super::pacing::{PacingView, whole_seconds};
use super::text::{clock, fit, glyphs, width, wrap};
use crate::routine::duration;
use crate::routine::vocabulary::{Side, Sides};
use crate::timeline::Part;
use crate::ui::frame::PlayerFrame;
use crate::ui::keymap::Keymap;

/// Where each part of the player screen goes.
pub(super) struct Areas {
    header: Rect,
    title: Rect,
    countdown: Rect,
    pub pacing: Rect,
    instructions: Rect,
    gauge: Rect,
    session: Rect,
    next: Rect,
    status: Rect,
    hints: Rect,
}

/// Lays out the player screen in `area`: where the session is and the step
/// title, the countdown beside the pacing, the instructions in what is left,
/// and six rows at the bottom for progress, what is next, status and keys.
pub(super) fn areas(area: Rect) -> Areas {
    use Constraint::{Fill, Length};
    let inner = area.inner(Margin::new(1, 0));
    let rows = [Length(4), Length(digits::HEIGHT + 1), Fill(1), Length(6)];
    let [top, middle, instructions, bottom] = Layout::vertical(rows).areas(inner);
    let [countdown, pacing] =
        Layout::horizontal([Length(inner.width * 2 / 5), Fill(1)]).areas(middle);
    let row = |rect: Rect, i: usize| rect.rows().nth(i).unwrap_or_default();
    Areas {
        header: row(top, 0),
        title: row(top, 2),
        countdown,
        pacing,
        instructions,
        gauge: row(bottom, 1),
        session: row(bottom, 2),
        next: row(bottom, 3),
        status: row(bottom, 4),
        hints: row(bottom, 5),
    }
}

impl Widget for &PlayerFrame<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (Some(segment), Some(pacing)) = (
            self.timeline.segments.get(self.segment),
            PacingView::of(self),
        ) else {
            return;
        };
        let (palette, g) = (self.look.palette, glyphs(self.look));
        let at = areas(area);
        let cells = |rect: Rect| usize::from(rect.width);

        let place = where_words(self, segment.part, pacing.side()).join(g.sep);
        let room = cells(at.header).saturating_sub(width(&place) + width(g.sep));
        Line::from(vec![
            Span::styled(fit(&self.routine.title, room, g.more), palette.faint),
            Span::styled(g.sep, palette.faint),
            Span::styled(place, palette.text),
        ])
        .render(at.header, buf);

        let (title, instructions) = match segment.part {
            Part::LeadIn => (
                "Settle in",
                self.routine.summary.as_deref().unwrap_or_default(),
            ),
            Part::Between { .. } => ("Rest", ""),
            Part::Step { step, .. } => {
                let step = &self.routine.steps[step];
                (step.title.as_str(), step.instructions.as_str())
            }
        };
        Line::styled(fit(title, cells(at.title), g.more), palette.accent).render(at.title, buf);

        let remaining = segment.duration - pacing.offset;
        let countdown = clock(whole_seconds(remaining));
        BigClock {
            text: &countdown,
            style: palette.accent,
            ascii: self.look.ascii,
        }
        .render(at.countdown, buf);
        pacing.render(at.pacing, buf);

        let lines = wrap(
            instructions,
            cells(at.instructions),
            at.instructions.height.into(),
            g.more,
        );
        Paragraph::new(Text::from_iter(lines).style(palette.text)).render(at.instructions, buf);

        let length = whole_seconds(segment.duration);
        let done = length.saturating_sub(whole_seconds(remaining));
        LineGauge::default()
            .ratio((done as f64 / length.max(1) as f64).clamp(0.0, 1.0))
            // The label stays still (the big countdown already shows the
            // seconds), so a countdown writes fewer bytes to the terminal.
            .label(Line::styled(
                format!("Step {}", clock(length)),
                palette.faint,
            ))
            .filled_symbol(g.filled)
            .unfilled_symbol(g.unfilled)
            .filled_style(palette.shape)
            .unfilled_style(palette.frame)
            .render(at.gauge, buf);
        // Whole minutes: this line changes once a minute, not every second.
        let total = whole_seconds(self.timeline.total).div_ceil(60);
        let session = format!("Session {} of {total} min", self.position.as_secs() / 60);
        Line::styled(session, palette.faint).render(at.session, buf);
        Line::styled(
            fit(&next_words(self), cells(at.next), g.more),
            palette.faint,
        )
        .render(at.next, buf);

        let mut status = Vec::new();
        if self.paused {
            status.push(Span::styled(
                format!("Paused{}space to resume", g.dash),
                palette.accent,
            ));
        }
        if !self.status.is_empty() {
            let sep = if self.paused { g.sep } else { "" };
            status.push(Span::styled(format!("{sep}{}", self.status), palette.text));
        }
        Line::from(status).render(at.status, buf);
        let hints = Keymap::Player.hint_line(g, self.paused);
        Line::styled(hints, palette.faint).render(at.hints, buf);
    }
}

/// Where the session is: the step and its round and side, or the lead-in
/// or a rest between rounds.
fn where_words(frame: &PlayerFrame, part: Part, side: Option<Side>) -> Vec<String> {
    match part {
        Part::LeadIn => vec!["Settling in".into()],
        Part::Between { .. } => vec!["Rest between rounds".into()],
        Part::Step { step, repeat, .. } => {
            let mut words = vec![format!(
                "Step {} of {}",
                step + 1,
                frame.routine.steps.len()
            )];
            let rounds = frame.routine.steps[step].repeat;
            if rounds > 1 {
                words.push(format!("round {repeat} of {rounds}"));
            }
            words.extend(side.map(|side| format!("{} side", side.word())));
            words
        }
    }
}

/// The segment after this one, with how long it lasts.
fn next_words(frame: &PlayerFrame) -> String {
    let Some(next) = frame.timeline.segments.get(frame.segment + 1) else {
        return "Next: the end of the session".into();
    };
    let what = match next.part {
        Part::LeadIn => "Settle in".to_owned(),
        Part::Between { .. } => "Rest between rounds".to_owned(),
        Part::Step { step, repeat, side } => {
            let step = &frame.routine.steps[step];
            let mut what = step.title.clone();
            if step.repeat > 1 {
                what.push_str(&format!(", round {repeat} of {}", step.repeat));
            }
            if let (Sides::Each, Some(side)) = (step.sides, side) {
                what.push_str(&format!(", {} side", side.word()));
            }
            what
        }
    };
    format!("Next: {what} ({})", duration::format(next.duration))
}

#[cfg(test)]
mod tests {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    use super::*;
    use crate::timeline::Timeline;
    use crate::ui::view::pacing::redraw_after;
    use crate::ui::view::testing::{STEPS, assert_calm, draw, frame, look, routine, rows, screen};

    fn full() -> Rect {
        Rect::new(0, 0, 80, 24)
    }

    #[test]
    fn shows_where_the_session_is_and_what_to_do() {
        let routine = routine(STEPS);
        let timeline = Timeline::build(&routine);
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        let player = frame(&routine, &timeline, 45.0, look());
        terminal
            .draw(|f| f.render_widget(&player, f.area()))
            .unwrap();
        let buf = terminal.backend().buffer();
        let text = screen(buf);
        let rows = rows(buf);
        assert!(
            rows[0].contains("Test routine · Step 2 of 7 · left side"),
            "{text}"
        );
        assert!(rows[2].contains("Neck kneading"), "{text}");
        assert!(text.contains("Squeeze the muscle"), "{text}");
        assert!(text.contains("Knead · firm pressure"), "{text}");
        assert!(text.contains("Step 1:00"), "{text}");
        assert!(text.contains("Session 0 of 8 min"), "{text}");
        assert!(text.contains("Next: Temple circles (1m)"), "{text}");
        assert!(rows[22].contains("sound off"), "{text}");
        assert!(
            rows[23].contains("space pause · → next · ← back · ? help · q end"),
            "{text}"
        );
        assert_calm(buf);
    }

    #[test]
    fn the_countdown_is_large() {
        let routine = routine(STEPS);
        let timeline = Timeline::build(&routine);
        let buf = draw(&frame(&routine, &timeline, 45.0, look()), 80, 24);
        let countdown = areas(full()).countdown;
        let top = usize::from(countdown.top());
        let big: Vec<String> = rows(&buf)[top..top + 5]
            .iter()
            .map(|r| r.chars().take(countdown.right().into()).collect())
            .collect();
        assert_eq!(big.len(), 5);
        assert!(big.iter().all(|r| r.contains('█')), "{big:#?}");
        // 54 s left: "0:54" five rows tall.
        assert_eq!(big[4].trim(), "███   ███   █");
    }

    #[test]
    fn names_the_lead_in_the_rests_between_rounds_and_rounds() {
        let routine = routine(STEPS);
        let timeline = Timeline::build(&routine);
        let lead_in = screen(&draw(&frame(&routine, &timeline, 1.0, look()), 80, 24));
        assert!(lead_in.contains("Settling in"), "{lead_in}");
        assert!(lead_in.contains("Settle in. Eyes can close."), "{lead_in}");
        assert!(lead_in.contains("Next: Belly breathing (36s)"), "{lead_in}");
        let between = screen(&draw(&frame(&routine, &timeline, 340.0, look()), 80, 24));
        assert!(between.contains("Rest between rounds"), "{between}");
        assert!(
            between.contains("Next: Side neck stretch, round 2 of 2, left side (30s)"),
            "{between}"
        );
        let round = screen(&draw(&frame(&routine, &timeline, 380.0, look()), 80, 24));
        assert!(
            round.contains("Step 5 of 7 · round 2 of 2 · right side"),
            "{round}"
        );
        let last = screen(&draw(&frame(&routine, &timeline, 460.0, look()), 80, 24));
        assert!(last.contains("Next: the end of the session"), "{last}");
    }

    #[test]
    fn says_when_paused() {
        let routine = routine(STEPS);
        let timeline = Timeline::build(&routine);
        let mut player = frame(&routine, &timeline, 45.0, look());
        player.paused = true;
        let text = screen(&draw(&player, 80, 24));
        assert!(
            text.contains("Paused — space to resume · sound off"),
            "{text}"
        );
        assert!(text.contains("space resume"), "{text}");
        assert_eq!(redraw_after(&player, full()), None);
    }

    #[test]
    fn long_instructions_end_in_an_ellipsis() {
        let long = "Breathe slowly and let your shoulders drop. ".repeat(20);
        let toml = format!(
            "[[step]]\ntitle = \"Long\"\nkind = \"rest\"\nduration = \"1m\"\ninstructions = \"{long}\"\n"
        );
        let routine = routine(&toml);
        let timeline = Timeline::build(&routine);
        let buf = draw(&frame(&routine, &timeline, 10.0, look()), 80, 24);
        let text = screen(&buf);
        assert!(text.contains("…"), "{text}");
        assert!(text.contains("Next: the end of the session"), "{text}");
        assert!(rows(&buf)[23].contains("q end"), "{text}");
    }

    #[test]
    fn ascii_and_mono_looks_draw_without_blocks() {
        let routine = routine(STEPS);
        let timeline = Timeline::build(&routine);
        let mut ascii = look();
        ascii.ascii = true;
        let buf = draw(&frame(&routine, &timeline, 45.0, ascii), 80, 24);
        let text = screen(&buf);
        assert!(text.is_ascii(), "{text}");
        assert!(text.contains("right next - left back"), "{text}");
        assert_calm(&buf);
    }
}
