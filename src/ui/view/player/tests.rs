use super::*;
use crate::timeline::Timeline;
use crate::ui::view::pacing::redraw_after;
use crate::ui::view::testing::{STEPS, assert_calm, draw, frame, look, routine, rows, screen};

fn full() -> Rect {
    Rect::new(0, 0, 80, 24)
}

/// The player at `seconds` into `routine` on a `width`×`height` screen.
fn shown(routine: &crate::routine::Routine, seconds: f64, width: u16, height: u16) -> String {
    let timeline = Timeline::build(routine);
    let buf = draw(&frame(routine, &timeline, seconds, look()), width, height);
    assert_calm(&buf);
    screen(&buf)
}

#[test]
fn shows_where_the_session_is_and_what_to_do() {
    let routine = routine(STEPS);
    let timeline = Timeline::build(&routine);
    let buf = draw(&frame(&routine, &timeline, 45.0, look()), 80, 24);
    let text = screen(&buf);
    let rows = rows(&buf);
    assert!(
        rows[0].contains("Test routine · Step 2 of 7 · left side"),
        "{text}"
    );
    assert!(rows[2].contains("Neck kneading"), "{text}");
    assert!(text.contains("Squeeze the muscle"), "{text}");
    assert!(text.contains("Knead · firm pressure"), "{text}");
    assert!(text.contains("30 strokes a minute"), "{text}");
    assert!(
        text.contains("a minute or less left ━"),
        "the gauge says the time left, in minutes beside the large figure: {text}"
    );
    assert!(
        text.contains("Session: over 7 minutes left of 7:49"),
        "{text}"
    );
    assert!(text.contains("Next: Temple circles (1m)"), "{text}");
    assert!(rows[22].contains("sound off"), "{text}");
    assert!(
        rows[23].contains("space pause · → next · ← back · w warning signs · ? help · q end"),
        "{text}"
    );
}

#[test]
fn the_countdown_is_large_and_counts_the_step() {
    let routine = routine(STEPS);
    let timeline = Timeline::build(&routine);
    let player = frame(&routine, &timeline, 45.0, look());
    let buf = draw(&player, 80, 24);
    let figure = compose(&player, full()).unwrap().areas.figure;
    let top = usize::from(figure.top());
    let big: Vec<String> = rows(&buf)[top..top + 5]
        .iter()
        .map(|r| r.chars().take(figure.right().into()).collect())
        .collect();
    assert!(big.iter().all(|r| r.contains('█')), "{big:#?}");
    // 54 s left: "0:54" five rows tall.
    assert_eq!(big[4].trim(), "███   ███   █");
}

#[test]
fn in_a_breathing_step_the_large_figure_is_the_count_of_the_phase() {
    let routine = routine(STEPS);
    let timeline = Timeline::build(&routine);
    // The breathing step starts at 3 s: in 4, hold 2, out 6. At 10 s, out · 5.
    let player = frame(&routine, &timeline, 10.0, look());
    let buf = draw(&player, 80, 24);
    let text = screen(&buf);
    let figure = compose(&player, full()).unwrap().areas.figure;
    let top = usize::from(figure.top());
    let big: String = rows(&buf)[top..top + 5]
        .iter()
        .map(|r| {
            r.chars()
                .take(figure.right().into())
                .collect::<String>()
                .trim()
                .to_owned()
        })
        .collect::<Vec<_>>()
        .join("|");
    assert_eq!(big, "███|█|███|█|███", "a five: {text}");
    assert!(text.contains("Breathe out · 5"), "{text}");
    assert!(
        text.contains("0:29 left"),
        "the step's time left as a line: {text}"
    );
}

#[test]
fn names_the_lead_in_the_rests_between_rounds_and_rounds() {
    let routine = routine(STEPS);
    let lead_in = shown(&routine, 1.0, 80, 24);
    assert!(lead_in.contains("Settling in"), "{lead_in}");
    assert!(lead_in.contains("Settle in. Eyes can close."), "{lead_in}");
    assert!(lead_in.contains("Next: Belly breathing (36s)"), "{lead_in}");
    let between = shown(&routine, 340.0, 80, 24);
    assert!(between.contains("Rest between rounds"), "{between}");
    assert!(
        between.contains("Next: Side neck stretch, round 2 of 2, left side (30s)"),
        "{between}"
    );
    let round = shown(&routine, 380.0, 80, 24);
    assert!(
        round.contains("Step 5 of 7 · round 2 of 2 · right side"),
        "{round}"
    );
    let last = shown(&routine, 460.0, 80, 24);
    assert!(last.contains("Next: the end of the session"), "{last}");
}

#[test]
fn pause_is_said_in_words_where_the_figure_is() {
    let routine = routine(STEPS);
    let timeline = Timeline::build(&routine);
    for (width, height) in [(80, 24), (40, 12)] {
        let mut player = frame(&routine, &timeline, 45.0, look());
        player.paused = true;
        let area = Rect::new(0, 0, width, height);
        let buf = draw(&player, width, height);
        let text = screen(&buf);
        let c = compose(&player, area).unwrap();
        let note = if c.areas.fit.big() {
            c.areas.figure_note
        } else {
            c.areas.figure
        };
        assert!(
            rows(&buf)[usize::from(note.y)].contains("Paused — space to go on"),
            "{width}x{height}: {text}"
        );
        assert!(text.contains("space resume"), "{text}");
        assert_eq!(redraw_after(&player, area), None);
    }
}

#[test]
fn long_instructions_are_shown_whole_at_80_by_24() {
    // 841 characters, the longest a bundled routine has and then some.
    let long = "Breathe slowly and let your shoulders drop. ".repeat(19);
    let toml = format!(
        "[[step]]\ntitle = \"Long\"\nkind = \"rest\"\nduration = \"1m\"\ninstructions = \"{long}Stop at once if you feel dizzy.\"\n"
    );
    let routine = routine(&toml);
    let text = shown(&routine, 10.0, 80, 24);
    assert!(
        text.contains("once if you feel dizzy."),
        "the last words: {text}"
    );
    assert!(!text.contains('…'), "nothing cut: {text}");
    assert!(text.contains("0:53 left"), "{text}");
}

#[test]
fn text_too_long_for_the_screen_is_paged_never_cut() {
    let long: String = (1..=30)
        .map(|i| format!("Line {i} of the text.\n"))
        .collect();
    let toml = format!(
        "[[step]]\ntitle = \"Long\"\nkind = \"rest\"\nduration = \"5m\"\ninstructions = \"\"\"\n{long}\"\"\"\n"
    );
    let routine = routine(&toml);
    let timeline = Timeline::build(&routine);
    let mut player = frame(&routine, &timeline, 10.0, look());
    let c = compose(&player, full()).unwrap();
    assert!(c.pages.paged());
    let first = screen(&draw(&player, 80, 24));
    assert!(first.contains("Line 1 of the text."), "{first}");
    assert!(
        first.contains("more ↓ · page 1 of 2 · ↑/↓ to read"),
        "{first}"
    );
    player.page = Some(1);
    let second = screen(&draw(&player, 80, 24));
    assert!(second.contains("Line 30 of the text."), "{second}");
    assert!(second.contains("page 2 of 2"), "{second}");
    let mut seen: Vec<String> = (0..c.pages.count())
        .flat_map(|i| c.pages.page(i).to_vec())
        .collect();
    seen.retain(|l| !l.is_empty());
    assert_eq!(seen.len(), 30, "every line is on some page");
    // Left alone, the pages turn by themselves.
    player.page = None;
    let turn = compose(&player, full()).unwrap().page_turn.unwrap();
    assert!(redraw_after(&player, full()).unwrap() <= turn);
}

#[test]
fn small_screens_keep_what_to_do_the_time_left_and_the_text() {
    let routine = routine(STEPS);
    for (width, height) in [(60, 20), (40, 12)] {
        let knead = shown(&routine, 45.0, width, height);
        assert!(knead.contains("Neck kneading"), "{width}x{height}: {knead}");
        assert!(
            knead.contains("0:54 left") || knead.contains('█'),
            "{knead}"
        );
        assert!(knead.contains("Squeeze the muscle"), "{knead}");
        assert!(knead.contains("Left side"), "{knead}");
        assert!(knead.contains("q end"), "{knead}");
        let breathe = shown(&routine, 10.0, width, height);
        assert!(breathe.contains("Breathe out · 5"), "{breathe}");
    }
}

#[test]
fn large_screens_centre_the_composition() {
    let routine = routine(STEPS);
    let timeline = Timeline::build(&routine);
    let buf = draw(&frame(&routine, &timeline, 45.0, look()), 160, 45);
    let rows = rows(&buf);
    let title = rows.iter().find(|r| r.contains("Neck kneading")).unwrap();
    let indent = title.len() - title.trim_start().len();
    assert_eq!(indent, 30, "{title}");
}

#[test]
fn a_press_without_a_tempo_is_held_still() {
    let routine = routine(STEPS);
    let timeline = Timeline::build(&routine);
    let press = frame(&routine, &timeline, 420.0, look());
    let text = screen(&draw(&press, 80, 24));
    assert!(text.contains("Hold steady"), "{text}");
    assert!(!text.contains("presses a minute"), "{text}");
    assert!(!text.contains("strokes a minute"), "{text}");
    assert!(
        !text.contains('▓') && !text.contains('▒'),
        "no pulse: {text}"
    );
    // Only the countdown moves: once a second.
    assert_eq!(
        redraw_after(&press, full()),
        Some(std::time::Duration::from_secs(1))
    );
}

#[test]
fn ascii_and_mono_looks_draw_without_blocks() {
    let routine = routine(STEPS);
    let timeline = Timeline::build(&routine);
    let mut ascii = look();
    ascii.ascii = true;
    for seconds in [1.0, 5.0, 45.0, 110.0, 200.0] {
        let buf = draw(&frame(&routine, &timeline, seconds, ascii), 80, 24);
        let text = screen(&buf);
        assert!(text.is_ascii(), "{seconds}: {text}");
        assert_calm(&buf);
    }
}

/// Between two seconds of a breathing step, drawing only the bar's row
/// over the last whole frame leaves exactly what a whole frame leaves, at
/// every size and in ASCII; and most frames are drawn that way.
#[test]
fn between_seconds_only_the_bar_moves() {
    use ratatui::backend::TestBackend;

    use crate::ui::screen::Screen;

    let routine = routine(STEPS);
    let timeline = Timeline::build(&routine);
    let ascii = crate::ui::frame::Look {
        ascii: true,
        ..look()
    };
    for (width, height, look) in [
        (80, 24, look()),
        (100, 30, look()),
        (60, 20, look()),
        (59, 20, look()),
        (40, 12, look()),
        (80, 24, ascii),
    ] {
        let area = Rect::new(0, 0, width, height);
        let mut screen = Screen::new(TestBackend::new(width, height), area);
        let mut still = None;
        let (mut parts, mut wholes) = (0, 0);
        // The breathing step is 3–39 s: every 37 ms from before it to after.
        for i in 0..1100 {
            let seconds = 2.0 + f64::from(i) * 0.037;
            let frame = frame(&routine, &timeline, seconds, look);
            let moving = moving_bar(&frame, area);
            let drawn_part = match &moving {
                Some((now, row, bar)) if still.as_ref() == Some(now) => screen
                    .draw_part(*row, |buf| {
                        buf.set_line(row.x, row.y, bar, row.width);
                    })
                    .unwrap(),
                _ => false,
            };
            if drawn_part {
                parts += 1;
            } else {
                screen.draw(|area, buf| (&frame).render(area, buf)).unwrap();
                still = moving.map(|(still, ..)| still);
                wholes += 1;
            }
            let whole = draw(&frame, width, height);
            assert_eq!(
                screen.backend().buffer(),
                &whole,
                "{width}x{height} at {seconds} s"
            );
        }
        assert!(
            parts > 2 * wholes,
            "{width}x{height}: {parts} bar frames, {wholes} whole"
        );
    }
}
