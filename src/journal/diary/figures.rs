//! The figures a clinician reads first, per 30-day block: one function,
//! used by everything that shows them.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, FixedOffset, NaiveDate};
use serde::Serialize;

use super::days::{Day, DayKind, days};
use super::flags::{Flag, flags};
use super::relief::{RoutineRelief, per_routine};
use super::spans::Spans;
use super::{Attack, MedicationClass, Word};
use crate::journal::Record;

/// The length of a block, in days.
pub const BLOCK_DAYS: i64 = 30;

/// The figures of one block of days.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Block {
    /// Its first and last dates, both included.
    pub first: NaiveDate,
    pub last: NaiveDate,
    /// How many days it has: 30, or fewer for the earliest block when the
    /// period is not a whole number of blocks.
    pub days: u32,
    /// Days an attack touches.
    pub headache_days: u32,
    /// Days an attack the person called a migraine touches.
    pub migraine_days: u32,
    /// Days with a check-in or session, no attack and no pain rated.
    pub headache_free_days: u32,
    /// Days with pain rated in a check-in or session but no attack.
    pub pain_without_attack_days: u32,
    /// Days with nothing in the journal: not counted as headache-free.
    pub not_recorded_days: u32,
    pub medication_days: MedicationDays,
    /// Attacks that started in the block.
    pub attacks: u32,
    /// Of those, the ones still going on.
    pub open_attacks: u32,
    /// The median length of those that ended, in minutes.
    pub median_attack_minutes: Option<f64>,
    /// The mean peak pain of those with a peak given.
    pub mean_peak: Option<f64>,
    /// Sessions done ([`crate::journal::Session::counts`]) that started
    /// during an attack, and between attacks.
    pub sessions_during_attacks: u32,
    pub sessions_between_attacks: u32,
    /// Relief per routine, by title, over the sessions done that started
    /// in the block, during attacks and between them: see
    /// [`super::relief`].
    pub relief: Vec<RoutineRelief>,
    /// What is worth discussing with a clinician.
    pub flags: Vec<Flag>,
}

/// Days with medicine taken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MedicationDays {
    /// Days with any acute medicine (every class but preventives).
    pub total: u32,
    /// Days with each class taken, every class listed.
    pub by_class: BTreeMap<MedicationClass, u32>,
}

/// The blocks of 30 days from `first` to `last` (both included), counted
/// back from `last` so the latest blocks are whole; the earliest is
/// shorter when the period is not a whole number of blocks. Oldest first.
/// `records` have their revisions resolved (as the journal gives them);
/// an attack still going on lasts until `now`.
pub fn blocks(
    records: &[Record],
    first: NaiveDate,
    last: NaiveDate,
    now: DateTime<FixedOffset>,
) -> Vec<Block> {
    if last < first {
        return Vec::new();
    }
    let all = days(records, first, last, now);
    let attacks: Vec<&Attack> = records
        .iter()
        .filter_map(|r| match r {
            Record::Attack(a) => Some(a),
            _ => None,
        })
        .collect();
    let spans = Spans::new(&attacks, now);
    let mut blocks = Vec::new();
    let mut end = last;
    while end >= first {
        let start = (end - Duration::days(BLOCK_DAYS - 1)).max(first);
        let from = usize::try_from((start - first).num_days()).unwrap_or(0);
        let to = usize::try_from((end - first).num_days()).unwrap_or(0);
        blocks.push(block(&all[from..=to], records, &attacks, &spans));
        match start.pred_opt() {
            Some(before) => end = before,
            None => break,
        }
    }
    blocks.reverse();
    blocks
}

fn block(days: &[Day], records: &[Record], attacks: &[&Attack], spans: &Spans) -> Block {
    let (first, last) = (days[0].date, days[days.len() - 1].date);
    let within = |date: NaiveDate| first <= date && date <= last;
    let kind = |k: DayKind| days.iter().filter(|d| d.kind == k).count() as u32;
    let mut by_class: BTreeMap<MedicationClass, u32> =
        MedicationClass::ALL.iter().map(|&c| (c, 0)).collect();
    for day in days {
        for class in &day.medication {
            *by_class.entry(*class).or_default() += 1;
        }
    }
    let on_days = |wanted: fn(MedicationClass) -> bool| {
        days.iter()
            .filter(|d| d.medication.iter().any(|&c| wanted(c)))
            .count() as u32
    };
    let mix_days = on_days(MedicationClass::counts_in_mix);
    let started: Vec<&&Attack> = attacks
        .iter()
        .filter(|a| within(a.start.date_naive()))
        .collect();
    let mut minutes: Vec<f64> = started
        .iter()
        .filter_map(|a| a.length())
        .map(|d| d.num_seconds() as f64 / 60.0)
        .collect();
    minutes.sort_by(f64::total_cmp);
    let peaks: Vec<f64> = started
        .iter()
        .filter_map(|a| a.peak)
        .map(|p| f64::from(p.get()))
        .collect();
    let relief = per_routine(
        records
            .iter()
            .filter_map(Record::as_session)
            .filter(|s| within(s.start.date_naive())),
        spans,
    );
    let during = relief.iter().map(|r| r.during_attacks.sessions).sum();
    let between = relief.iter().map(|r| r.between_attacks.sessions).sum();
    let headache_days = kind(DayKind::Headache);
    let class_days: Vec<(MedicationClass, u32)> = by_class.iter().map(|(&c, &d)| (c, d)).collect();
    Block {
        first,
        last,
        days: days.len() as u32,
        headache_days,
        migraine_days: days.iter().filter(|d| d.migraine).count() as u32,
        headache_free_days: kind(DayKind::HeadacheFree),
        pain_without_attack_days: kind(DayKind::PainWithoutAttack),
        not_recorded_days: kind(DayKind::NotRecorded),
        medication_days: MedicationDays {
            total: on_days(MedicationClass::is_acute),
            by_class,
        },
        attacks: started.len() as u32,
        open_attacks: started.iter().filter(|a| a.is_open()).count() as u32,
        median_attack_minutes: median(&minutes),
        mean_peak: (!peaks.is_empty()).then(|| peaks.iter().sum::<f64>() / peaks.len() as f64),
        sessions_during_attacks: during,
        sessions_between_attacks: between,
        relief,
        flags: flags(headache_days, &class_days, mix_days),
    }
}

/// The middle of `sorted`, or the mean of its two middle values.
fn median(sorted: &[f64]) -> Option<f64> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2.0),
    }
}
