//! The streak: days in a row with at least one session.

use std::collections::HashSet;

use chrono::{Days, NaiveDate};

use super::sessions;
use crate::journal::Record;

/// How many consecutive days, ending today or yesterday, have at least one
/// session. Days are calendar dates on the wall clock where each session was
/// played, so a streak survives travel and daylight-saving changes. A
/// session dated after `today` (the person flew west since) counts as today.
pub fn streak(records: &[Record], today: NaiveDate) -> u32 {
    let days: HashSet<NaiveDate> = sessions(records)
        .map(|s| s.start.date_naive().min(today))
        .collect();
    let yesterday = today.pred_opt();
    let Some(mut day) = [Some(today), yesterday]
        .into_iter()
        .flatten()
        .find(|d| days.contains(d))
    else {
        return 0;
    };
    let mut count = 0;
    while days.contains(&day) {
        count += 1;
        match day.checked_sub_days(Days::new(1)) {
            Some(before) => day = before,
            None => break,
        }
    }
    count
}
