//! The Migraine Disability Assessment (MIDAS): five questions on the days
//! headaches took over the last 3 months, scored and graded, and two
//! unscored ones (headache days, average pain).

use std::fmt;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::words;
use crate::journal::{FORMAT_VERSION, Rating, RecordId, time_format};

/// The five scored questions, in the MIDAS wording, each over the last 3
/// months.
pub const QUESTIONS: [&str; 5] = [
    "On how many days in the last 3 months did you miss work or school because of your headaches?",
    "How many days in the last 3 months was your productivity at work or school reduced by half or more because of your headaches? (Do not count days you counted in the question before, when you missed work or school.)",
    "On how many days in the last 3 months did you not do household work because of your headaches?",
    "How many days in the last 3 months was your productivity in household work reduced by half or more because of your headaches? (Do not count days you counted in the question before, when you did not do household work.)",
    "On how many days in the last 3 months did you miss family, social or leisure activities because of your headaches?",
];

/// The first unscored question.
pub const HEADACHE_DAYS_QUESTION: &str = "On how many days in the last 3 months did you have a headache? (If a headache lasted more than 1 day, count each day.)";

/// The second unscored question.
pub const AVERAGE_PAIN_QUESTION: &str = "On a scale of 0 to 10, on average how painful were these headaches? (0 is no pain at all, 10 is pain as bad as it can be.)";

/// A number of days in the last 3 months: 0 to 90.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct MidasDays(u8);

/// A number of days outside 0–90.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("a number of days in the last 3 months is a whole number from 0 to 90, not {0}")]
pub struct DaysOutOfRange(pub String);

impl MidasDays {
    /// The most days there are in 3 months, as MIDAS counts them.
    pub const MAX: u8 = 90;

    /// The days, or `None` above 90.
    pub fn new(days: u8) -> Option<Self> {
        (days <= Self::MAX).then_some(Self(days))
    }

    pub fn get(self) -> u8 {
        self.0
    }
}

impl TryFrom<u8> for MidasDays {
    type Error = DaysOutOfRange;

    fn try_from(days: u8) -> Result<Self, Self::Error> {
        Self::new(days).ok_or_else(|| DaysOutOfRange(days.to_string()))
    }
}

impl From<MidasDays> for u8 {
    fn from(days: MidasDays) -> u8 {
        days.0
    }
}

impl std::str::FromStr for MidasDays {
    type Err = DaysOutOfRange;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        text.parse::<u8>()
            .ok()
            .and_then(Self::new)
            .ok_or_else(|| DaysOutOfRange(format!("`{text}`")))
    }
}

impl fmt::Display for MidasDays {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

words! {
    /// The MIDAS grade of a score.
    Grade {
        /// 0–5: little or no disability.
        I = "I",
        /// 6–10: mild disability.
        II = "II",
        /// 11–20: moderate disability.
        III = "III",
        /// 21 and more: severe disability.
        IV = "IV",
    }
}

impl Grade {
    /// The grade of a MIDAS `score`.
    pub fn of(score: u32) -> Self {
        match score {
            0..=5 => Grade::I,
            6..=10 => Grade::II,
            11..=20 => Grade::III,
            _ => Grade::IV,
        }
    }

    /// The scores it covers, as words: `0–5`.
    pub fn range(self) -> &'static str {
        match self {
            Grade::I => "0-5",
            Grade::II => "6-10",
            Grade::III => "11-20",
            Grade::IV => "21 or more",
        }
    }

    /// What the grade means, in plain words.
    pub fn meaning(self) -> &'static str {
        match self {
            Grade::I => "little or no disability",
            Grade::II => "mild disability",
            Grade::III => "moderate disability",
            Grade::IV => "severe disability",
        }
    }
}

/// One set of MIDAS answers, as the person gave them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Midas {
    /// The journal format this record was written in ([`FORMAT_VERSION`]).
    pub version: u32,
    pub id: RecordId,
    /// When the questions were answered, with the UTC offset.
    #[serde(serialize_with = "time_format::serialize")]
    pub time: DateTime<FixedOffset>,
    /// The five scored answers, D1 to D5, in days ([`QUESTIONS`]).
    pub answers: [MidasDays; 5],
    /// Days with a headache in the last 3 months (unscored).
    pub headache_days: MidasDays,
    /// The average pain of those headaches, 0–10 (unscored).
    pub average_pain: Rating,
}

impl Midas {
    /// The answers given at `time`, with a fresh id.
    pub fn new(
        time: DateTime<FixedOffset>,
        answers: [MidasDays; 5],
        headache_days: MidasDays,
        average_pain: Rating,
    ) -> Self {
        Self {
            version: FORMAT_VERSION,
            id: RecordId::generate(),
            time,
            answers,
            headache_days,
            average_pain,
        }
    }

    /// The MIDAS score: the days of the five scored answers added up.
    pub fn score(&self) -> u32 {
        self.answers.iter().map(|d| u32::from(d.get())).sum()
    }

    /// The grade of the score.
    pub fn grade(&self) -> Grade {
        Grade::of(self.score())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grades_change_at_6_11_and_21() {
        let grades: Vec<Grade> = [0, 5, 6, 10, 11, 20, 21, 450]
            .into_iter()
            .map(Grade::of)
            .collect();
        use Grade::*;
        assert_eq!(grades, [I, I, II, II, III, III, IV, IV]);
    }

    #[test]
    fn days_above_90_are_refused_when_read() {
        assert!("90".parse::<MidasDays>().is_ok());
        assert!("91".parse::<MidasDays>().is_err());
        assert!(serde_json::from_str::<MidasDays>("91").is_err());
        assert!("-1".parse::<MidasDays>().is_err());
    }
}
