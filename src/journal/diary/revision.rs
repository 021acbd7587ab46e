//! How a later record amends an earlier one in a journal that is only
//! ever appended to.
//!
//! Closing an open attack or adding an intake's effect writes a whole new
//! record of it, a *revision*, with an id of its own and `revises` naming
//! the first record's id. Of the lines of one attack or intake, the last
//! one in the file wins, except that a first record (no `revises`) never
//! replaces a revision: it can only come after one when the file was put
//! together out of order. Nothing is rewritten or removed; every line
//! stays in the file and in the exports of the raw journal. A revision
//! whose first record is missing (a damaged line) stands for the attack
//! by itself, as it holds all of it.

use std::collections::HashMap;

use crate::journal::{Record, RecordId};

/// Which attack or intake a record is, for the records that have
/// revisions.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Attack(RecordId),
    Medication(RecordId),
}

fn key(record: &Record) -> Option<(Key, bool)> {
    match record {
        Record::Attack(a) => Some((Key::Attack(a.key().clone()), a.revises.is_some())),
        Record::Medication(m) => Some((Key::Medication(m.key().clone()), m.revises.is_some())),
        Record::Session(_) | Record::Checkin(_) | Record::Midas(_) => None,
    }
}

/// `records` (in the order written) with each attack and intake once, as
/// its latest revision says, where its first line was; and the ids of the
/// lines a later revision replaced.
pub fn resolve(records: Vec<Record>) -> (Vec<Record>, Vec<RecordId>) {
    let mut out: Vec<Record> = Vec::with_capacity(records.len());
    let mut at: HashMap<Key, usize> = HashMap::new();
    let mut superseded = Vec::new();
    for record in records {
        let Some((key, is_revision)) = key(&record) else {
            out.push(record);
            continue;
        };
        match at.get(&key) {
            None => {
                at.insert(key, out.len());
                out.push(record);
            }
            Some(&i) if is_revision => {
                let old = std::mem::replace(&mut out[i], record);
                superseded.push(old.id().clone());
            }
            Some(_) => superseded.push(record.id().clone()),
        }
    }
    (out, superseded)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::diary::{Attack, Effect, Medication, MedicationClass};
    use crate::journal::{CheckIn, Rating};
    use chrono::DateTime;

    fn at(text: &str) -> chrono::DateTime<chrono::FixedOffset> {
        DateTime::parse_from_rfc3339(text).unwrap()
    }

    #[test]
    fn the_latest_revision_wins_where_the_first_line_was() {
        let open = Attack::new(at("2025-03-01T08:00:00+01:00"));
        let checkin: Record = CheckIn::new(at("2025-03-01T09:00:00+01:00")).into();
        let closed = Attack {
            end: Some(at("2025-03-01T12:00:00+01:00")),
            ..open.revision()
        };
        let peaked = Attack {
            peak: Rating::new(7),
            ..closed.revision()
        };
        let records = vec![
            open.clone().into(),
            checkin.clone(),
            closed.clone().into(),
            peaked.clone().into(),
        ];
        let (resolved, superseded) = resolve(records);
        assert_eq!(resolved, [Record::from(peaked), checkin]);
        assert_eq!(superseded, [open.id, closed.id]);
    }

    #[test]
    fn a_first_record_after_its_revision_does_not_win() {
        let taken = Medication::new(
            at("2025-03-01T08:00:00+01:00"),
            "sumatriptan".into(),
            MedicationClass::Triptan,
        );
        let helped = Medication {
            effect: Some(Effect::Partial),
            ..taken.revision()
        };
        let (resolved, superseded) = resolve(vec![helped.clone().into(), taken.clone().into()]);
        assert_eq!(resolved, [Record::from(helped)]);
        assert_eq!(superseded, [taken.id]);
    }

    #[test]
    fn a_revision_without_its_first_record_stands_alone() {
        let first = Attack::new(at("2025-03-01T08:00:00+01:00"));
        let second = first.revision();
        let (resolved, superseded) = resolve(vec![second.clone().into()]);
        assert_eq!(resolved, [Record::from(second)]);
        assert!(superseded.is_empty());
    }
}
