//! The one-page report for a clinician: the period and the days recorded,
//! the figures per 30-day block with their trend and flags, the latest
//! MIDAS, medication days by class, relief per routine, a calendar of
//! headache days, pain over time and the person's own questions; and,
//! for each program followed in the period, planned against done
//! ([`program`]).
//!
//! [`Report::new`] is a pure function of the records, the period and
//! "now"; every figure comes from [`crate::journal::diary::blocks`] and
//! [`crate::journal::diary::days`]. The renderers turn it into text
//! ([`text`]), one self-contained HTML page ([`html`], with [`svg`]
//! charts) or JSON ([`json`]).

pub mod html;
pub mod json;
pub mod program;
mod room;
mod svg;
pub mod text;

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Serialize;

use crate::journal::Record;
use crate::journal::diary::{
    Block, Day, DayKind, Flag, Grade, MedicationClass, Midas, RoutineRelief, Word, blocks, days,
    relief,
};
use crate::program::adherence::{Adherence, adherence, followed_between};
use crate::program::schedule::Following;

/// The most days a report covers: a year, so it stays one page.
pub const MAX_DAYS: i64 = 366;

/// The most questions a report holds, so it stays one page.
pub const MAX_QUESTIONS: usize = 6;

/// The longest question, in characters.
pub const MAX_QUESTION_CHARS: usize = 200;

/// Everything the report shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// When it was made, with the UTC offset.
    pub made: DateTime<FixedOffset>,
    pub period: Period,
    /// The figures per 30-day block, oldest first.
    pub blocks: Vec<Block>,
    /// How the earliest and the latest block compare.
    pub trend: Option<Trend>,
    /// The latest MIDAS answers given by the period's end, if any.
    pub midas: Option<MidasSummary>,
    /// Medication days per class over the whole period (each class's
    /// days added up over the blocks).
    pub medication_days: BTreeMap<MedicationClass, u32>,
    /// Relief per routine over the whole period (the blocks' together).
    pub relief: Vec<RoutineRelief>,
    /// Every day of the period, for the calendar and the pain chart.
    pub days: Vec<Day>,
    /// The person's questions for the doctor.
    pub questions: Vec<String>,
    /// Every program followed on a day of the period, the one followed
    /// now and those that ended, in the order they were started: each
    /// planned against done. Left out, not empty, when none was.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub programs: Vec<Adherence>,
}

/// The period and what the journal says about its days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Period {
    pub first: NaiveDate,
    pub last: NaiveDate,
    pub days: u32,
    /// Days with anything said about them: an attack, a check-in or a
    /// session.
    pub recorded_days: u32,
    pub headache_days: u32,
    pub headache_free_days: u32,
    pub pain_without_attack_days: u32,
    pub not_recorded_days: u32,
}

/// The earliest block against the latest, each scaled to 30 days (the
/// earliest may be shorter).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trend {
    pub headache_days_from: f64,
    pub headache_days_to: f64,
    pub medication_days_from: f64,
    pub medication_days_to: f64,
}

impl Trend {
    /// "fewer", "more" or "about the same", for a change from `from` to
    /// `to` (a change under one day in 30 is about the same).
    pub fn word(from: f64, to: f64) -> &'static str {
        match to - from {
            d if d <= -1.0 => "fewer",
            d if d >= 1.0 => "more",
            _ => "about the same",
        }
    }
}

/// The latest MIDAS answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MidasSummary {
    pub date: NaiveDate,
    pub score: u32,
    pub grade: Grade,
    /// What the grade means, in plain words.
    pub meaning: &'static str,
    pub answers: [u8; 5],
    pub headache_days: u8,
    pub average_pain: u8,
}

impl From<&Midas> for MidasSummary {
    fn from(m: &Midas) -> Self {
        Self {
            date: m.time.date_naive(),
            score: m.score(),
            grade: m.grade(),
            meaning: m.grade().meaning(),
            answers: m.answers.map(|d| d.get()),
            headache_days: m.headache_days.get(),
            average_pain: m.average_pain.get(),
        }
    }
}

impl Report {
    /// The report on `records` (revisions resolved) from `first` to `last`,
    /// made at `now`.
    pub fn new(
        records: &[Record],
        first: NaiveDate,
        last: NaiveDate,
        now: DateTime<FixedOffset>,
        questions: Vec<String>,
    ) -> Self {
        let blocks = blocks(records, first, last, now);
        let days = days(records, first, last, now);
        let count = |k: DayKind| days.iter().filter(|d| d.kind == k).count() as u32;
        let period = Period {
            first,
            last,
            days: days.len() as u32,
            recorded_days: days.len() as u32 - count(DayKind::NotRecorded),
            headache_days: count(DayKind::Headache),
            headache_free_days: count(DayKind::HeadacheFree),
            pain_without_attack_days: count(DayKind::PainWithoutAttack),
            not_recorded_days: count(DayKind::NotRecorded),
        };
        let per_30 = |n: u32, b: &Block| f64::from(n) * 30.0 / f64::from(b.days.max(1));
        let trend = match (blocks.first(), blocks.last()) {
            (Some(a), Some(b)) if blocks.len() > 1 => Some(Trend {
                headache_days_from: per_30(a.headache_days, a),
                headache_days_to: per_30(b.headache_days, b),
                medication_days_from: per_30(a.medication_days.total, a),
                medication_days_to: per_30(b.medication_days.total, b),
            }),
            _ => None,
        };
        let midas = records
            .iter()
            .filter_map(Record::as_midas)
            .filter(|m| m.time.date_naive() <= last)
            .max_by_key(|m| m.time)
            .map(MidasSummary::from);
        let mut medication_days: BTreeMap<MedicationClass, u32> = BTreeMap::new();
        for block in &blocks {
            for (&class, &n) in &block.medication_days.by_class {
                *medication_days.entry(class).or_default() += n;
            }
        }
        let relief = relief::merged(blocks.iter().flat_map(|b| &b.relief));
        Report {
            made: now,
            period,
            blocks,
            trend,
            midas,
            medication_days,
            relief,
            days,
            questions,
            programs: Vec::new(),
        }
    }

    /// The report with each of `programs` that was followed on a day of
    /// the period: its weeks up to the period's last day, or up to the
    /// day it ended.
    pub fn with_programs(mut self, programs: &[Following], records: &[Record]) -> Self {
        let p = &self.period;
        let today = self.made.date_naive();
        self.programs = programs
            .iter()
            .filter(|f| followed_between(f, p.first, p.last))
            .map(|f| adherence(f, records, p.last, today))
            .collect();
        self
    }

    /// Acute-medication days over the whole period.
    pub fn acute_medication_days(&self) -> u32 {
        self.blocks.iter().map(|b| b.medication_days.total).sum()
    }

    /// Each block with flags and its flags in short words, oldest first,
    /// for a list headed "worth discussing with your clinician".
    pub fn flags(&self) -> impl Iterator<Item = (&Block, String)> {
        self.blocks.iter().filter(|b| !b.flags.is_empty()).map(|b| {
            let words: Vec<String> = b.flags.iter().map(flag_words).collect();
            (b, words.join("; "))
        })
    }
}

/// A flag in a few words, for a list under "worth discussing with your
/// clinician": `triptan on 10 days (10 or more)`.
pub fn flag_words(flag: &Flag) -> String {
    match flag {
        Flag::HeadacheDays { days } => format!("headache on {days} days (15 or more)"),
        Flag::Medication {
            class,
            days,
            threshold,
        } => format!("{} on {days} days ({threshold} or more)", class.name()),
        Flag::MedicationMix { days } => format!(
            "two or more of triptans, ergots, opioids, combination and simple painkillers on {days} days (10 or more)"
        ),
    }
}

/// A block's dates as the report names it: `1 Jan–30 Jan 2025`, or with
/// both years when they differ.
pub fn block_dates(block: &Block) -> String {
    if block.first.format("%Y").to_string() == block.last.format("%Y").to_string() {
        format!(
            "{} – {}",
            block.first.format("%-d %b"),
            block.last.format("%-d %b %Y")
        )
    } else {
        format!(
            "{} – {}",
            block.first.format("%-d %b %Y"),
            block.last.format("%-d %b %Y")
        )
    }
}

/// A figure with one decimal, or a dash when there is none.
pub fn one_decimal(value: Option<f64>) -> String {
    value.map_or_else(|| "–".to_owned(), |v| format!("{v:.1}"))
}

/// A relief figure: `+2.5 (4 sessions)`, signed; `–` when no session was
/// rated.
pub fn relief_words(figure: &crate::journal::diary::ReliefFigure) -> String {
    match figure.mean() {
        None if figure.sessions == 0 => "–".to_owned(),
        None => format!("not rated ({} done)", figure.sessions),
        Some(mean) => format!("{mean:+.1} ({} rated of {})", figure.rated, figure.sessions),
    }
}
