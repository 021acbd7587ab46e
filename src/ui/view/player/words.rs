//! Where the session is and what comes next, in words.

use std::time::Duration;

use super::super::pacing::whole_seconds;
use super::super::text::{Glyphs, clock};
use crate::routine::duration;
use crate::routine::vocabulary::{Side, Sides};
use crate::timeline::Part;
use crate::ui::frame::PlayerFrame;

/// Where the session is: the step and its round and side, or the lead-in
/// or a rest between rounds.
pub(super) fn where_words(frame: &PlayerFrame, part: Part, side: Option<Side>) -> Vec<String> {
    match part {
        Part::LeadIn => vec!["Settling in".into()],
        Part::Between { .. } => vec!["Rest between rounds".into()],
        Part::Step { step, repeat, .. } => {
            let mut words = vec![format!(
                "Step {} of {}",
                step + 1,
                frame.routine.steps.len()
            )];
            let rounds = frame.routine.steps[step].repeat;
            if rounds > 1 {
                words.push(format!("round {repeat} of {rounds}"));
            }
            words.extend(side.map(|side| format!("{} side", side.word())));
            words
        }
    }
}

/// The segment after this one, with how long it lasts.
pub(super) fn next_words(frame: &PlayerFrame) -> String {
    let Some(next) = frame.timeline.segments.get(frame.segment + 1) else {
        return "Next: the end of the session".into();
    };
    let what = match next.part {
        Part::LeadIn => "Settle in".to_owned(),
        Part::Between { .. } => "Rest between rounds".to_owned(),
        Part::Step { step, repeat, side } => {
            let step = &frame.routine.steps[step];
            let mut what = step.title.clone();
            if step.repeat > 1 {
                what.push_str(&format!(", round {repeat} of {}", step.repeat));
            }
            if let (Sides::Each, Some(side)) = (step.sides, side) {
                what.push_str(&format!(", {} side", side.word()));
            }
            what
        }
    };
    format!("Next: {what} ({})", duration::format(next.duration))
}

/// "0:54 left".
pub(super) fn time_left(seconds: u64) -> String {
    format!("{} left", clock(seconds))
}

/// Whole seconds of the session left at `position`, as the session line
/// counts them.
fn seconds_left(total: Duration, position: Duration) -> u64 {
    whole_seconds(total).saturating_sub(position.as_secs())
}

/// The session line: "over 4 minutes left of 5:05", "a minute or less
/// left of 5:05". It changes once a minute, and never says more than there is.
pub fn session_words(total: Duration, position: Duration) -> String {
    let left = minutes_left(seconds_left(total, position));
    format!("Session: {left} left of {}", clock(whole_seconds(total)))
}

/// Whole seconds left in minutes that never say more than there is:
/// "over 4 minutes", "a minute or less", "nothing".
pub(super) fn minutes_left(left: u64) -> String {
    match left {
        0 => "nothing".to_owned(),
        1..=60 => "a minute or less".to_owned(),
        61..=120 => "over 1 minute".to_owned(),
        left => format!("over {} minutes", (left - 1) / 60),
    }
}

/// How long from `position` until [`session_words`] says something else.
pub fn session_change(total: Duration, position: Duration) -> Option<Duration> {
    let left = seconds_left(total, position);
    if left == 0 {
        return None;
    }
    // It changes when the seconds left come down to a whole minute.
    let target = (left - 1) / 60 * 60;
    let to_next_second =
        Duration::from_secs(1) - Duration::from_nanos(position.subsec_nanos().into());
    Some(Duration::from_secs(left - target - 1) + to_next_second)
}

/// The line at the foot of a page that is not the last.
pub(super) fn more_words(page: usize, pages: usize, g: &Glyphs) -> String {
    format!(
        "more {}{}page {} of {pages}{}{}/{} to read",
        g.down,
        g.sep,
        page + 1,
        g.sep,
        g.up,
        g.down
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_session_line_says_the_minutes_left_and_when_that_changes() {
        let total = Duration::from_secs(305);
        let at = |s: f64| Duration::from_secs_f64(s);
        assert_eq!(
            session_words(total, at(0.0)),
            "Session: over 5 minutes left of 5:05"
        );
        assert_eq!(
            session_words(total, at(5.0)),
            "Session: over 4 minutes left of 5:05"
        );
        assert_eq!(
            session_words(total, at(200.0)),
            "Session: over 1 minute left of 5:05"
        );
        assert_eq!(
            session_words(total, at(250.0)),
            "Session: a minute or less left of 5:05"
        );
        assert_eq!(
            session_words(total, at(305.0)),
            "Session: nothing left of 5:05"
        );
        for start in [0.0, 0.3, 4.9, 64.5, 200.25, 244.0, 244.7] {
            let wait = session_change(total, at(start)).unwrap();
            let before = session_words(total, at(start) + wait - at(0.001));
            let after = session_words(total, at(start) + wait);
            assert_eq!(before, session_words(total, at(start)), "{start}");
            assert_ne!(before, after, "{start}: changes at {wait:?}");
        }
        assert_eq!(session_change(total, at(305.0)), None);
    }
}
