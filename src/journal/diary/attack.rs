//! The record of one headache attack.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{AttackSymptom, HeadacheType, PainArea, Quality, Side};
use crate::journal::{FORMAT_VERSION, Rating, Record, RecordId, time_format};

/// One headache, from its start to its end (or still going on), as the
/// person describes it. Every field but the start may be left out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attack {
    /// The journal format this record was written in ([`FORMAT_VERSION`]).
    pub version: u32,
    /// This line's own id, unique like every record's.
    pub id: RecordId,
    /// The id of the attack's first record, when this is a later revision
    /// of it (closing it, adding to it): see `super::revision`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revises: Option<RecordId>,
    /// When it started, with the UTC offset in force there and then.
    #[serde(serialize_with = "time_format::serialize")]
    pub start: DateTime<FixedOffset>,
    /// When it ended, with its UTC offset; `None`: still going on.
    #[serde(serialize_with = "time_format::serialize_option")]
    pub end: Option<DateTime<FixedOffset>>,
    /// The worst pain, 0–10.
    pub peak: Option<Rating>,
    pub side: Option<Side>,
    /// Where it hurt, in the list's order, without repeats.
    pub areas: Vec<PainArea>,
    pub quality: Option<Quality>,
    /// The person said there was an aura.
    pub aura: bool,
    /// In the list's order, without repeats.
    pub symptoms: Vec<AttackSymptom>,
    /// What the person calls it (`"type"` names the record kind).
    pub headache_type: Option<HeadacheType>,
    /// What set it off, in the person's own words.
    pub triggers: Vec<String>,
    pub note: Option<String>,
    /// It came on suddenly, or was the worst ever: a warning sign.
    pub sudden: bool,
}

impl Attack {
    /// An attack from `start`, still going on, with a fresh id and nothing
    /// else said; fill it in with struct update syntax.
    pub fn new(start: DateTime<FixedOffset>) -> Self {
        Self {
            version: FORMAT_VERSION,
            id: RecordId::generate(),
            revises: None,
            start,
            end: None,
            peak: None,
            side: None,
            areas: Vec::new(),
            quality: None,
            aura: false,
            symptoms: Vec::new(),
            headache_type: None,
            triggers: Vec::new(),
            note: None,
            sudden: false,
        }
    }

    /// Which attack this is: the id of its first record, shared by every
    /// revision of it.
    pub fn key(&self) -> &RecordId {
        self.revises.as_ref().unwrap_or(&self.id)
    }

    /// A new revision of this attack (a fresh id naming the first
    /// record), to change with struct update syntax and append.
    pub fn revision(&self) -> Self {
        Self {
            version: FORMAT_VERSION,
            id: RecordId::generate(),
            revises: Some(self.key().clone()),
            ..self.clone()
        }
    }

    /// Whether it is still going on.
    pub fn is_open(&self) -> bool {
        self.end.is_none()
    }

    /// Its end, or `now` while it is still going on.
    pub fn end_or(&self, now: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
        self.end.unwrap_or(now)
    }

    /// How long it lasted, once it has ended.
    pub fn length(&self) -> Option<Duration> {
        Some(self.end? - self.start)
    }

    /// Whether `time` falls within it (its end included; an open one
    /// lasts until `now`).
    pub fn contains(&self, time: DateTime<FixedOffset>, now: DateTime<FixedOffset>) -> bool {
        self.start <= time && time <= self.end_or(now)
    }

    /// Whether it and `other` share any time (one ending as the other
    /// starts do not).
    pub fn overlaps(&self, other: &Attack, now: DateTime<FixedOffset>) -> bool {
        self.start < other.end_or(now) && other.start < self.end_or(now)
    }

    /// The first and last calendar dates it touches, each on the wall
    /// clock where it was (the start in the start's UTC offset, the end in
    /// the end's). One ending at midnight does not touch the day after;
    /// one still going on touches every day up to `now`'s.
    pub fn dates(&self, now: DateTime<FixedOffset>) -> (NaiveDate, NaiveDate) {
        let first = self.start.date_naive();
        let last = match self.end {
            Some(end) if end > self.start => (end - Duration::seconds(1)).date_naive(),
            Some(_) => first,
            None => now.date_naive(),
        };
        (first, last.max(first))
    }

    /// Whether the person called it a migraine.
    pub fn is_migraine(&self) -> bool {
        self.headache_type == Some(HeadacheType::Migraine)
    }
}

/// The attack among `records` that `time` falls within, if any: the one an
/// intake (or a session) at `time` belongs to. Worked out from the times,
/// never written down, so it follows every revision of the attack.
pub fn attack_at<'a>(
    records: impl IntoIterator<Item = &'a Record>,
    time: DateTime<FixedOffset>,
    now: DateTime<FixedOffset>,
) -> Option<&'a Attack> {
    records
        .into_iter()
        .filter_map(Record::as_attack)
        .find(|a| a.contains(time, now))
}

/// The attack still going on among `records` (read with their
/// revisions resolved), if any: the latest to start of those with no end.
pub fn open_attack<'a>(records: impl IntoIterator<Item = &'a Record>) -> Option<&'a Attack> {
    records
        .into_iter()
        .filter_map(Record::as_attack)
        .filter(|a| a.is_open())
        .max_by_key(|a| a.start)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(text).unwrap()
    }

    fn attack(start: &str, end: Option<&str>) -> Attack {
        Attack {
            end: end.map(at),
            ..Attack::new(at(start))
        }
    }

    #[test]
    fn dates_are_on_each_end_s_own_wall_clock() {
        let date = |d: &str| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap();
        let now = at("2025-04-01T12:00:00+02:00");
        // 23:30 in winter time to 03:30 in summer time: two dates.
        let across = attack(
            "2025-03-29T23:30:00+01:00",
            Some("2025-03-30T03:30:00+02:00"),
        );
        assert_eq!(across.dates(now), (date("2025-03-29"), date("2025-03-30")));
        let to_midnight = attack(
            "2025-03-10T20:00:00+01:00",
            Some("2025-03-11T00:00:00+01:00"),
        );
        assert_eq!(to_midnight.dates(now).1, date("2025-03-10"));
        let open = attack("2025-03-30T22:00:00+02:00", None);
        assert_eq!(open.dates(now), (date("2025-03-30"), date("2025-04-01")));
    }

    #[test]
    fn attacks_that_only_meet_do_not_overlap() {
        let now = at("2025-04-01T12:00:00+00:00");
        let a = attack(
            "2025-03-01T08:00:00+00:00",
            Some("2025-03-01T10:00:00+00:00"),
        );
        let b = attack(
            "2025-03-01T10:00:00+00:00",
            Some("2025-03-01T12:00:00+00:00"),
        );
        let c = attack("2025-03-01T09:59:00+00:00", None);
        assert!(!a.overlaps(&b, now) && !b.overlaps(&a, now));
        assert!(a.overlaps(&c, now) && c.overlaps(&b, now));
        assert!(a.contains(at("2025-03-01T10:00:00+00:00"), now));
    }

    #[test]
    fn the_open_attack_is_the_latest_without_an_end() {
        let closed: Record = attack(
            "2025-03-01T08:00:00+00:00",
            Some("2025-03-01T09:00:00+00:00"),
        )
        .into();
        assert!(open_attack([&closed]).is_none());
        let older: Record = attack("2025-03-02T08:00:00+00:00", None).into();
        let newer: Record = attack("2025-03-03T08:00:00+00:00", None).into();
        let found = open_attack([&closed, &newer, &older]).map(|a| a.start);
        assert_eq!(found, Some(at("2025-03-03T08:00:00+00:00")));
    }

    #[test]
    fn a_revision_names_the_first_record() {
        let first = Attack::new(at("2025-03-01T08:00:00+00:00"));
        let second = first.revision();
        let third = second.revision();
        assert_ne!(second.id, first.id);
        assert_eq!(third.revises.as_ref(), Some(&first.id));
        assert_eq!(third.key(), first.key());
    }
}
