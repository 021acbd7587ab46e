//! The report over 100,000 records: the figures and each format, the
//! journal already read (loading it is measured in `journal_stats`).
//! Budget (DESIGN.md): `report` over 100,000 records under 300 ms, end to
//! end; `scripts/measure-report.sh` times the whole command.
//!
//! Run with `cargo bench --bench report`.

use std::hint::black_box;

use chrono::{DateTime, Duration, FixedOffset};
use criterion::{Criterion, criterion_group, criterion_main};
use stillpoint::journal::diary::{Attack, Medication, MedicationClass, Word};
use stillpoint::journal::{CheckIn, Outcome, Rating, Record, RoutineRef, Session};
use stillpoint::report::{self, Report};

const RECORDS: usize = 100_000;

/// Two years of sessions, check-ins, attacks and intakes of every class,
/// about 137 records a day, oldest first.
fn journal(now: DateTime<FixedOffset>) -> Vec<Record> {
    let routines = ["Desk reset", "Neck and shoulders", "Box breathing"]
        .map(|title| RoutineRef::new(title, Some(format!("{title}.toml")), title));
    let step = Duration::days(730) / RECORDS as i32;
    (0..RECORDS)
        .map(|i| {
            let time = now - Duration::days(730) + step * i as i32;
            let rating = |n: usize| Rating::new((n % 11) as u8);
            match i % 10 {
                0..5 => Session {
                    planned_seconds: 600,
                    active_seconds: 600,
                    pain_before: rating(i),
                    pain_after: rating(i / 2),
                    ..Session::new(
                        routines[i % 3].clone(),
                        time,
                        time + Duration::minutes(10),
                        Outcome::Completed,
                    )
                }
                .into(),
                5 | 6 => CheckIn {
                    pain: rating(i),
                    ..CheckIn::new(time)
                }
                .into(),
                7 => Attack {
                    end: Some(time + Duration::minutes(50)),
                    peak: rating(i),
                    ..Attack::new(time)
                }
                .into(),
                _ => {
                    let class = MedicationClass::ALL[i % MedicationClass::ALL.len()];
                    Medication::new(time, class.name().into(), class).into()
                }
            }
        })
        .collect()
}

fn benches(c: &mut Criterion) {
    let now = DateTime::parse_from_rfc3339("2025-03-31T20:00:00+01:00").unwrap_or_default();
    let records = journal(now);
    let last = now.date_naive();
    for days in [90, 366] {
        let first = last - Duration::days(days - 1);
        c.bench_function(
            &format!("report figures, {days} days of 100,000 records"),
            |b| b.iter(|| Report::new(black_box(&records), first, last, now, Vec::new())),
        );
        let shown = Report::new(&records, first, last, now, Vec::new());
        c.bench_function(&format!("report html, {days} days"), |b| {
            b.iter(|| report::html::render(black_box(&shown)))
        });
        c.bench_function(&format!("report json, {days} days"), |b| {
            b.iter(|| report::json::render(black_box(&shown)))
        });
        c.bench_function(&format!("report text, {days} days"), |b| {
            b.iter(|| report::text::render(black_box(&shown), false))
        });
    }
}

criterion_group!(report_bench, benches);
criterion_main!(report_bench);
