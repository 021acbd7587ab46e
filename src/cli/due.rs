//! `stillpoint due`: one short line when a planned session is due today
//! and not done, nothing otherwise, and exit 0 either way; for a shell's
//! login file or prompt. It reads only the end of the journal, so it is
//! as quick with a hundred thousand records as with ten.

use chrono::{Days, Local, NaiveDateTime};

use super::exit;
use crate::config::Config;
use crate::journal::diary::open_attack;
use crate::program::active;
use crate::program::done::sessions_done;
use crate::program::schedule::{Place, place, week_progress};

/// How far back an open attack is looked for: longer ones are rare
/// enough (status migrainosus is over 72 hours) to be out of scope here.
const ATTACK_LOOKBACK: u64 = 7;

pub fn run(now: Option<NaiveDateTime>) -> u8 {
    if let Some(line) = due_line(now.unwrap_or_else(|| Local::now().naive_local())) {
        println!("{line}");
    }
    exit::OK
}

/// The line for `now`, if one is due; every failure is silence.
fn due_line(now: NaiveDateTime) -> Option<String> {
    let config = Config::load().unwrap_or_default();
    if now.time() >= config.quiet_after.0 {
        return None;
    }
    let active = active::load().ok()??;
    let program = active.program()?;
    let today = now.date();
    let Place::Week { index, first } = place(&program, active.started, today) else {
        return None;
    };
    let since = first.min(today - Days::new(ATTACK_LOOKBACK));
    let path = crate::paths::journal_path()?;
    let loaded = crate::journal::tail::since(&path, since).ok()?;
    if open_attack(&loaded.records).is_some() {
        return None;
    }
    let done = sessions_done(&loaded.records);
    let due: Vec<String> = week_progress(&program.weeks[index], first, today, &done)
        .into_iter()
        .filter(|p| p.due_today)
        .map(|p| p.planned.routine.clone())
        .collect();
    line(&due)
}

/// "Stillpoint: desk-reset due today · stillpoint play desk-reset".
fn line(due: &[String]) -> Option<String> {
    let first = due.first()?;
    let names = match due {
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
        [] => return None,
    };
    Some(format!(
        "Stillpoint: {names} due today · stillpoint play {first}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_names_what_is_due_and_how_to_start_the_first() {
        assert_eq!(line(&[]), None);
        assert_eq!(
            line(&["desk-reset".into()]).unwrap(),
            "Stillpoint: desk-reset due today · stillpoint play desk-reset"
        );
        assert_eq!(
            line(&[
                "desk-reset".into(),
                "still-point".into(),
                "box-breathing".into()
            ])
            .unwrap(),
            "Stillpoint: desk-reset, still-point and box-breathing due today · stillpoint play desk-reset"
        );
    }
}
