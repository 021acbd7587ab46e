//! One frame of the player as the loop draws it: the breathing step of
//! `tests/fixtures/routines/breathing.toml` in a 100×30 terminal, at
//! successive moments 50 ms apart, through the full screen's backend into
//! nothing; and the loop's question of when the next frame is due.
//!
//! Run with `cargo bench --bench player_frame`.

use std::hint::black_box;
use std::io;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::layout::Rect;
use ratatui::widgets::Widget;
use stillpoint::routine::{RoutineSource, parse};
use stillpoint::timeline::Timeline;
use stillpoint::ui::backend::LeanBackend;
use stillpoint::ui::frame::{Look, PlayerFrame};
use stillpoint::ui::screen::Screen;
use stillpoint::ui::theme::Theme;
use stillpoint::ui::view::pacing::redraw_after;

fn bench(c: &mut Criterion) {
    let text = include_str!("../tests/fixtures/routines/breathing.toml");
    let routine = parse(&RoutineSource {
        name: "breathing.toml".into(),
        text: text.into(),
        folder: None,
    })
    .routine
    .expect("the fixture parses");
    let timeline = Timeline::build(&routine);
    let look = Look {
        palette: Theme::Dim.palette(false),
        reduced_motion: false,
        ascii: false,
    };
    let area = Rect::new(0, 0, 100, 30);
    let mut screen = Screen::new(LeanBackend::new(io::sink()), area);
    let mut at = Duration::ZERO;
    c.bench_function("breathing frame 100x30", |b| {
        b.iter(|| {
            at += Duration::from_millis(50);
            if at > Duration::from_secs(110) {
                at = Duration::ZERO;
            }
            let frame = PlayerFrame {
                routine: &routine,
                timeline: &timeline,
                segment: timeline.segment_at(at),
                position: at,
                paused: false,
                status: "sound off (--no-audio) · visual cues only",
                page: None,
                look,
            };
            screen
                .draw(|area, buf| frame.render(area, buf))
                .expect("drawn");
            black_box(redraw_after(&frame, area))
        });
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
