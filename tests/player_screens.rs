//! The player screen as a person sees it: a snapshot of one moment of every
//! kind of step in every bundled routine, at the sizes people have (80×24,
//! 80×23 inside tmux, 60×20, 40×12, 160×45), and every step's instructions
//! whole on screen or a page away, never cut.

use std::time::Duration;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use stillpoint::library::BUNDLED;
use stillpoint::routine::{Routine, RoutineSource, parse};
use stillpoint::timeline::{Part, Timeline};
use stillpoint::ui::frame::{Look, PlayerFrame};
use stillpoint::ui::theme::Theme;
use stillpoint::ui::view::player::compose;
use stillpoint::wrap::wrap;

const SIZES: [(u16, u16); 5] = [(80, 24), (80, 23), (60, 20), (40, 12), (160, 45)];

fn bundled() -> Vec<(String, Routine)> {
    BUNDLED
        .iter()
        .map(|(name, text)| {
            let routine = parse(&RoutineSource::bundled(name, text))
                .routine
                .expect(name);
            (name.trim_end_matches(".toml").to_owned(), routine)
        })
        .collect()
}

fn look() -> Look {
    Look {
        palette: Theme::Dim.palette(false),
        reduced_motion: false,
        ascii: false,
    }
}

fn frame<'a>(routine: &'a Routine, timeline: &'a Timeline, position: Duration) -> PlayerFrame<'a> {
    PlayerFrame {
        routine,
        timeline,
        segment: timeline.segment_at(position),
        position,
        paused: false,
        status: "sound 70% · ambient on",
        page: None,
        look: look(),
    }
}

fn draw(frame: &PlayerFrame, width: u16, height: u16) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| f.render_widget(frame, f.area())).unwrap();
    terminal.backend().buffer().clone()
}

fn text(buf: &Buffer) -> String {
    let area = buf.area;
    (area.top()..area.bottom())
        .map(|y| {
            let row: String = (area.left()..area.right())
                .map(|x| buf[(x, y)].symbol())
                .collect();
            row.trim_end().to_owned()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The first pass of each kind of step in `timeline`, 5 s in.
fn moments(routine: &Routine, timeline: &Timeline) -> Vec<(String, Duration)> {
    let mut kinds = Vec::new();
    let mut moments = Vec::new();
    for segment in &timeline.segments {
        let Part::Step { step, .. } = segment.part else {
            continue;
        };
        let kind = routine.steps[step].kind();
        if kinds.contains(&kind) {
            continue;
        }
        kinds.push(kind);
        let into = Duration::from_secs(5).min(segment.duration / 2);
        moments.push((format!("{kind:?}").to_lowercase(), segment.start + into));
    }
    moments
}

#[test]
fn every_kind_of_step_of_every_bundled_routine_at_every_size() {
    for (name, routine) in bundled() {
        let timeline = Timeline::build(&routine);
        for (kind, at) in moments(&routine, &timeline) {
            for (width, height) in SIZES {
                let screen = text(&draw(&frame(&routine, &timeline, at), width, height));
                insta::assert_snapshot!(format!("{name}-{kind}-{width}x{height}"), screen);
            }
        }
    }
}

#[test]
fn every_instruction_is_whole_on_screen_or_a_page_away() {
    for (name, routine) in bundled() {
        let timeline = Timeline::build(&routine);
        for (index, segment) in timeline.segments.iter().enumerate() {
            let Part::Step { step, .. } = segment.part else {
                continue;
            };
            let instructions = &routine.steps[step].instructions;
            for (width, height) in SIZES {
                let at = frame(&routine, &timeline, segment.start);
                assert_eq!(at.segment, index);
                let area = Rect::new(0, 0, width, height);
                let composition = compose(&at, area).expect("a segment");
                let pages: Vec<String> = (0..composition.pages.count())
                    .flat_map(|page| composition.pages.page(page).to_vec())
                    .collect();
                let width_cells = composition.areas.instructions.width;
                let whole = wrap(instructions, width_cells.into(), usize::MAX, "");
                let words = |lines: &[String]| lines.join(" ").split_whitespace().count();
                assert_eq!(
                    words(&pages),
                    words(&whole),
                    "{name} step {} at {width}x{height}: every word on some page",
                    step + 1
                );
                if (width, height) == (80, 24) {
                    assert!(
                        !composition.pages.paged(),
                        "{name} step {}: whole at 80×24",
                        step + 1
                    );
                    let screen = text(&draw(&at, width, height));
                    let last = whole.iter().rev().find(|l| !l.is_empty()).unwrap();
                    assert!(screen.contains(last.as_str()), "{name}: {screen}");
                    assert!(!screen.contains('…'), "{name}: nothing cut: {screen}");
                }
            }
        }
    }
}
