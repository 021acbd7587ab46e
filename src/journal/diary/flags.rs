//! The figures worth discussing with a clinician: never a diagnosis.

use serde::Serialize;

use super::{MedicationClass, Word};

/// Headache days in a block at and above which it is flagged.
pub const HEADACHE_DAYS_FLAG: u32 = 15;
/// The days in 30 of several overusable classes together that are flagged.
pub const MIX_DAYS_FLAG: u32 = 10;

/// One figure of a block at or above a threshold a headache specialist
/// looks at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Flag {
    /// 15 or more headache days.
    HeadacheDays { days: u32 },
    /// One class on at least its overuse days (10, or 15 for simple
    /// analgesics).
    Medication {
        class: MedicationClass,
        days: u32,
        threshold: u32,
    },
    /// Two or more of triptans, ergots, opioids, combination and simple
    /// analgesics together on 10 or more days, with no one class at its
    /// own threshold.
    MedicationMix { days: u32 },
}

impl Flag {
    /// The flag in plain words, ending "worth discussing with your
    /// clinician".
    pub fn text(&self) -> String {
        let tail = "worth discussing with your clinician";
        match self {
            Flag::HeadacheDays { days } => {
                format!("Headache on {days} days (15 or more): {tail}.")
            }
            Flag::Medication {
                class,
                days,
                threshold,
            } => format!(
                "Medicine of class {} on {days} days ({threshold} or more): {tail}.",
                class.name()
            ),
            Flag::MedicationMix { days } => format!(
                "Triptans, ergots, opioids, combination or simple painkillers together on {days} days (10 or more): {tail}."
            ),
        }
    }
}

/// The flags for a block with `headache_days`, each class's days
/// (`class_days`) and the days with any class that counts in a mix
/// (`mix_days`).
pub fn flags(
    headache_days: u32,
    class_days: &[(MedicationClass, u32)],
    mix_days: u32,
) -> Vec<Flag> {
    let mut flags = Vec::new();
    if headache_days >= HEADACHE_DAYS_FLAG {
        flags.push(Flag::HeadacheDays {
            days: headache_days,
        });
    }
    for &(class, days) in class_days {
        if let Some(threshold) = class.overuse_days().filter(|&t| days >= t) {
            flags.push(Flag::Medication {
                class,
                days,
                threshold,
            });
        }
    }
    let single = flags.iter().any(|f| matches!(f, Flag::Medication { .. }));
    let classes = class_days
        .iter()
        .filter(|&&(class, days)| class.counts_in_mix() && days > 0)
        .count();
    if !single && classes >= 2 && mix_days >= MIX_DAYS_FLAG {
        flags.push(Flag::MedicationMix { days: mix_days });
    }
    flags
}
