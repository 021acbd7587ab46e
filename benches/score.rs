//! The session's sound as the audio thread mixes it: a second of sound at
//! 48 kHz, a quarter of a second at a time as the output writes it, so
//! each figure is the CPU one second of sound costs. Box breathing over a
//! brown-noise bed (`tests/fixtures/routines/box-breathing-bed.toml`), the
//! bed alone, and the same score turned into stereo 16-bit frames by the
//! output's stream.
//!
//! Run with `cargo bench --bench score`.

use std::hint::black_box;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use stillpoint::audio::output::stream::Stream;
use stillpoint::audio::{Bed, Score, Sheet};
use stillpoint::routine::{RoutineSource, parse};
use stillpoint::timeline::Timeline;

const RATE: u32 = 48_000;
/// What the output writes at a time: a quarter of its one-second buffer.
const BLOCK: usize = RATE as usize / 4;

/// A bed under a step that makes no sound of its own.
const BED_ONLY: &str = r#"
stillpoint = 1
title = "Bed only"
lead_in = 0
[sound]
ambient = "brown-noise"
cues = false
[[step]]
title = "Rest"
kind = "rest"
duration = "3m"
instructions = "Rest."
"#;

fn sheet(name: &str, text: &str) -> Arc<Sheet> {
    let routine = parse(&RoutineSource {
        name: name.into(),
        text: text.into(),
        folder: None,
    })
    .routine
    .expect("the routine parses");
    let timeline = Timeline::build(&routine);
    Arc::new(Sheet::new(&routine, &timeline, RATE))
}

/// Mixes one second of `sheet`, from where `score` is, beginning again at
/// the end.
fn second(score: &mut Score, sheet: &Arc<Sheet>, block: &mut [f32]) {
    for _ in 0..RATE as usize / BLOCK {
        if score.fill(block) < block.len() {
            *score = Score::reading(sheet.clone(), 0, Bed::FadingIn);
        }
        black_box(&block[..]);
    }
}

fn bench(c: &mut Criterion) {
    let breathing = sheet(
        "box-breathing-bed.toml",
        include_str!("../tests/fixtures/routines/box-breathing-bed.toml"),
    );
    let bed = sheet("bed-only.toml", BED_ONLY);
    let mut block = vec![0.0; BLOCK];
    for (name, sheet) in [
        ("box breathing over a bed, 1 s", &breathing),
        ("bed only, 1 s", &bed),
    ] {
        let mut score = Score::reading(sheet.clone(), 0, Bed::FadingIn);
        c.bench_function(name, |b| {
            b.iter(|| second(&mut score, sheet, &mut block));
        });
    }
    let fresh = || Stream::new(Score::reading(breathing.clone(), 0, Bed::FadingIn), 2, 0.8);
    let mut stream = fresh();
    c.bench_function("box breathing as stereo frames, 1 s", |b| {
        b.iter(|| {
            for _ in 0..RATE as usize / BLOCK {
                if stream.is_over() {
                    stream = fresh();
                }
                black_box(stream.next(BLOCK, 0));
                stream.heard(0);
            }
        });
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
