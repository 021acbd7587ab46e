//! Days, not only events: what the diary says about each calendar day.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Serialize;

use super::{MedicationClass, Word};
use crate::journal::Record;

/// What one day was, as far as the journal tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    /// An attack touches it.
    Headache,
    /// No attack, but a check-in or session on it rated pain above 0: not
    /// a headache day by the diary, and not headache-free either.
    PainWithoutAttack,
    /// A check-in or session on it, no attack and no pain rated.
    HeadacheFree,
    /// Nothing in the journal about it: never counted as headache-free.
    NotRecorded,
}

/// One calendar day of the diary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Day {
    pub date: NaiveDate,
    pub kind: DayKind,
    /// An attack the person called a migraine touches it.
    pub migraine: bool,
    /// The classes of medicine taken on it, in the list's order.
    pub medication: Vec<MedicationClass>,
    /// The worst pain rated on it, 0–10: an attack's peak (on every day it
    /// touches), a check-in's pain, a session's pain before or after.
    pub worst_pain: Option<u8>,
}

/// What was seen on a day while reading.
#[derive(Debug, Clone, Copy, Default)]
struct Seen {
    attack: bool,
    migraine: bool,
    recorded: bool,
    pain: bool,
    /// Bit `class as usize` for each class taken.
    classes: u32,
    worst: Option<u8>,
}

impl Seen {
    fn rated(&mut self, pain: Option<crate::journal::Rating>) {
        if let Some(pain) = pain {
            self.worst = Some(self.worst.map_or(pain.get(), |w| w.max(pain.get())));
        }
    }
}

/// Every day from `first` to `last` (both included, at most a few
/// thousand), as `records` (revisions resolved) tell, an attack still going
/// on lasting until `now`. Each record counts on the date of the wall
/// clock where it was written (its own UTC offset).
pub fn days(
    records: &[Record],
    first: NaiveDate,
    last: NaiveDate,
    now: DateTime<FixedOffset>,
) -> Vec<Day> {
    let count = usize::try_from((last - first).num_days() + 1).unwrap_or(0);
    let mut seen = vec![Seen::default(); count];
    let index = |date: NaiveDate| {
        usize::try_from((date - first).num_days())
            .ok()
            .filter(|&i| i < count)
    };
    for record in records {
        match record {
            Record::Attack(a) => {
                let (from, to) = a.dates(now);
                let mut date = from.max(first);
                while date <= to.min(last) {
                    if let Some(i) = index(date) {
                        seen[i].attack = true;
                        seen[i].migraine |= a.is_migraine();
                        seen[i].rated(a.peak);
                    }
                    let Some(next) = date.succ_opt() else { break };
                    date = next;
                }
            }
            Record::Medication(m) => {
                if let Some(i) = index(m.time.date_naive()) {
                    seen[i].classes |= 1 << (m.class as usize);
                }
            }
            Record::Checkin(c) => {
                if let Some(i) = index(c.time.date_naive()) {
                    seen[i].recorded = true;
                    seen[i].pain |= c.pain.is_some_and(|p| p.get() > 0);
                    seen[i].rated(c.pain);
                }
            }
            Record::Session(s) => {
                if let Some(i) = index(s.start.date_naive()) {
                    seen[i].recorded = true;
                    seen[i].pain |= [s.pain_before, s.pain_after]
                        .iter()
                        .any(|p| p.is_some_and(|p| p.get() > 0));
                    seen[i].rated(s.pain_before);
                    seen[i].rated(s.pain_after);
                }
            }
            // Answers about the last 3 months say nothing of the day they
            // were given on.
            Record::Midas(_) => {}
        }
    }
    seen.iter()
        .zip(first.iter_days())
        .map(|(s, date)| Day {
            date,
            kind: match () {
                () if s.attack => DayKind::Headache,
                () if s.recorded && s.pain => DayKind::PainWithoutAttack,
                () if s.recorded => DayKind::HeadacheFree,
                () => DayKind::NotRecorded,
            },
            migraine: s.migraine,
            medication: MedicationClass::ALL
                .iter()
                .copied()
                .filter(|&c| s.classes & (1 << (c as usize)) != 0)
                .collect(),
            worst_pain: s.worst,
        })
        .collect()
}
