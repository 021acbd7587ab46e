//! Which sessions count toward a program: the ones that count toward the
//! weekly goal ([`Session::counts`]), on the day they began as the person
//! lived it (their own UTC offset then), of the routine they played.

use crate::journal::{Record, RoutineRef, Session};

use super::schedule::Done;

/// The sessions done, in `records`, as a program counts them.
pub fn sessions_done(records: &[Record]) -> Vec<Done> {
    records
        .iter()
        .filter_map(Record::as_session)
        .filter(|s| s.counts())
        .map(done_of)
        .collect()
}

/// A session as a program sees it, whether it counts or not.
pub fn done_of(session: &Session) -> Done {
    Done {
        day: session.start.date_naive(),
        routine: name_of(&session.routine),
        title: session.routine.title.clone(),
    }
}

/// The name a program gives a routine: its file stem ("desk-reset"), or
/// for one played from no file, its title.
pub fn name_of(routine: &RoutineRef) -> String {
    let Some(file) = &routine.file else {
        return routine.title.clone();
    };
    let file = file.strip_prefix("bundled:").unwrap_or(file);
    let file = file.rsplit('/').next().unwrap_or(file);
    file.strip_suffix(".toml").unwrap_or(file).to_owned()
}
