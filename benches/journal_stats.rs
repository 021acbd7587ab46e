//! The journal at the size of years of daily use: stats and loading over
//! 100,000 records. Budget (DESIGN.md): stats under 300 ms.
//!
//! Run with `cargo bench --bench journal_stats`. Measured on the 2-core
//! development machine (bench profile): stats over 100,000 records 8.1 ms
//! (7.9–8.4); loading them from a 100,000-line journal 209 ms (199–220),
//! which the app does on a thread of its own: no frame waits for it.

use std::hint::black_box;

use chrono::{DateTime, Duration, FixedOffset, NaiveDate};
use criterion::{Criterion, criterion_group, criterion_main};
use stillpoint::journal::stats::summarise;
use stillpoint::journal::{CheckIn, Journal, Outcome, Rating, Record, RoutineRef, Session};

const RECORDS: usize = 100_000;

/// Years of sessions and check-ins, a few a day, over three routines and
/// two time zones, with ratings on most.
fn journal() -> Vec<Record> {
    let first = DateTime::parse_from_rfc3339("2000-01-01T08:00:00+01:00").unwrap_or_default();
    let routines = ["Desk reset", "Neck and shoulders", "Box breathing"]
        .map(|title| RoutineRef::new(title, Some(format!("{title}.toml")), title));
    (0..RECORDS)
        .map(|i| {
            let offset = FixedOffset::east_opt(if i.is_multiple_of(7) { -5 * 3600 } else { 3600 })
                .unwrap_or(*first.offset());
            let time: DateTime<FixedOffset> =
                (first + Duration::hours(5 * i as i64)).with_timezone(&offset);
            let rating = |n: usize| Rating::new((n % 11) as u8);
            if i % 4 == 3 {
                return CheckIn {
                    pain: rating(i),
                    stress: rating(i / 3),
                    note: Some("a note".into()),
                    ..CheckIn::new(time)
                }
                .into();
            }
            Session {
                active_seconds: 600 + (i % 300) as u32,
                steps_total: 6,
                steps_done: 6,
                pain_before: rating(i),
                pain_after: rating(i / 2).filter(|_| !i.is_multiple_of(5)),
                note: Some("felt calmer afterwards".into()),
                ..Session::new(
                    routines[i % 3].clone(),
                    time,
                    time + Duration::minutes(10),
                    Outcome::Completed,
                )
            }
            .into()
        })
        .collect()
}

fn benches(c: &mut Criterion) {
    let records = journal();
    let today = records.last().map_or(NaiveDate::MIN, Record::local_date);
    c.bench_function("stats over 100,000 records", |b| {
        b.iter(|| summarise(black_box(&records), today, 8, 3))
    });

    let dir = tempfile::TempDir::new().unwrap_or_else(|e| panic!("a temporary folder: {e}"));
    let path = dir.path().join("journal.jsonl");
    let text: String = records.iter().map(|r| r.to_line() + "\n").collect();
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("writing the journal: {e}"));
    let journal = Journal::at(&path);
    let mut group = c.benchmark_group("load");
    group.sample_size(10);
    group.bench_function("load 100,000 records", |b| {
        b.iter(|| journal.load().map(|l| l.records.len()))
    });
    group.finish();
}

criterion_group!(journal_stats, benches);
criterion_main!(journal_stats);
