//! The report's program section: the program followed, each week's
//! planned sessions against those done, and the relief of its routines,
//! as text ([`text`]) and HTML ([`html`]); JSON is the figures of
//! [`crate::program::adherence`] as they are. `stillpoint program report`
//! prints the section alone.
//!
//! Said kindly: "2 of 3", a week not reached is to come, no streaks, and
//! nothing drawn as a failure.

pub mod html;
pub mod text;

use chrono::{DateTime, FixedOffset, NaiveDate};

use crate::program::adherence::{Adherence, Where};

/// `program report` as JSON: when it was made, and the section's
/// figures under `program`, as in the whole report's JSON.
pub fn json(a: &Adherence, made: DateTime<FixedOffset>) -> String {
    let value = serde_json::json!({ "made": made, "program": a });
    let mut text = serde_json::to_string_pretty(&value).expect("a JSON value always prints");
    text.push('\n');
    text
}

/// A day with its year: `3 Dec 2026`.
fn long_day(day: NaiveDate) -> String {
    day.format("%-d %b %Y").to_string()
}

/// Where the person was and how much was done, in a sentence or two;
/// of a program that ended, when.
pub fn summary(a: &Adherence) -> String {
    let weeks = a.program_weeks;
    let started = format!("Started {}", long_day(a.started));
    let so_far = format!(
        "{} of {} planned sessions done",
        a.done_so_far, a.planned_so_far
    );
    match (a.place, a.ended) {
        (Where::Before, None) => format!(
            "{started}; week 1 of {weeks} begins {}.",
            a.first_day.format("%a %-d %b %Y")
        ),
        (Where::Before, Some(ended)) => format!(
            "{started}; stopped on {}, before week 1 of {weeks} began.",
            long_day(ended)
        ),
        (Where::Week { number, .. }, None) => format!(
            "{started}; on {} in week {number} of {weeks}. {so_far} in the weeks so far.",
            long_day(a.as_of)
        ),
        (Where::Week { number, .. }, Some(ended)) => format!(
            "{started}; stopped on {} in week {number} of {weeks}. {so_far} in the weeks it was followed.",
            long_day(ended)
        ),
        (Where::Over, ended) => {
            let stopped = ended
                .map(|e| format!(" Stopped on {}.", long_day(e)))
                .unwrap_or_default();
            format!(
                "{started}; its {weeks} weeks ended on {}. {so_far}.{stopped}",
                long_day(a.last_day)
            )
        }
    }
}

/// Done of planned, as the person would say it: `2 of 3`.
pub fn of(done: u32, planned: u32) -> String {
    format!("{done} of {planned}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::program::adherence::adherence;
    use crate::program::parse;
    use crate::program::schedule::Following;

    #[test]
    fn the_summary_says_where_the_person_is_before_during_and_after() {
        let text = "stillpoint_program = 1\ntitle = \"T\"\nstart = \"monday\"\n[[week]]\nrepeat = 2\nsessions = [{ routine = \"desk-reset\", times = 3 }]\n";
        let day = |d| NaiveDate::from_ymd_opt(2026, 12, d).unwrap();
        let following = Following {
            program: parse(text, &|_| Ok(())).program.unwrap(),
            started: day(3),
            ended: None,
        };
        let on = |d| summary(&adherence(&following, &[], day(d), day(d)));
        assert_eq!(
            on(5),
            "Started 3 Dec 2026; week 1 of 2 begins Mon 7 Dec 2026."
        );
        assert_eq!(
            on(15),
            "Started 3 Dec 2026; on 15 Dec 2026 in week 2 of 2. 0 of 6 planned sessions done in the weeks so far."
        );
        assert_eq!(
            on(31),
            "Started 3 Dec 2026; its 2 weeks ended on 20 Dec 2026. 0 of 6 planned sessions done."
        );
        let stopped = |at: &str, d| {
            let ended = Following {
                ended: Some(DateTime::parse_from_rfc3339(at).unwrap()),
                ..following.clone()
            };
            summary(&adherence(&ended, &[], day(d), day(d)))
        };
        assert_eq!(
            stopped("2026-12-05T10:00:00+01:00", 31),
            "Started 3 Dec 2026; stopped on 5 Dec 2026, before week 1 of 2 began."
        );
        assert_eq!(
            stopped("2026-12-09T10:00:00+01:00", 31),
            "Started 3 Dec 2026; stopped on 9 Dec 2026 in week 1 of 2. 0 of 3 planned sessions done in the weeks it was followed."
        );
        assert_eq!(
            stopped("2026-12-24T10:00:00+01:00", 31),
            "Started 3 Dec 2026; its 2 weeks ended on 20 Dec 2026. 0 of 6 planned sessions done. Stopped on 24 Dec 2026."
        );
    }
}
