//! Choosing records to show: since a date, of one routine.

use chrono::NaiveDate;

use super::Record;

/// Which records `stillpoint log` shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Only records from this local date on.
    pub since: Option<NaiveDate>,
    /// Only sessions of the routine with this title or file stem, in any
    /// case; check-ins are left out when it is set.
    pub routine: Option<String>,
}

impl Filter {
    /// Whether `record` is one to show.
    pub fn matches(&self, record: &Record) -> bool {
        if self.since.is_some_and(|since| record.local_date() < since) {
            return false;
        }
        let Some(wanted) = &self.routine else {
            return true;
        };
        let Some(session) = record.as_session() else {
            return false;
        };
        let wanted = wanted.to_lowercase();
        let routine = &session.routine;
        routine.title.to_lowercase() == wanted
            || routine
                .file_stem()
                .is_some_and(|stem| stem.to_lowercase() == wanted)
    }
}
