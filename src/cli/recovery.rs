//! Before a command that uses the journal: records that could not be saved
//! last time are moved from the recovery file into the journal, with one
//! line on stderr about it (none when there was nothing to recover).

use std::path::Path;

use crate::journal::{Journal, Recovered};

/// Recovers what could not be saved last time, saying so on stderr. A
/// failure is a warning: the command goes on, and the records stay kept.
pub fn run() {
    let Ok(journal) = Journal::default_location() else {
        return;
    };
    match journal.recover() {
        Ok(None) => {}
        Ok(Some(recovered)) => {
            if let Some(line) = report(&recovered, journal.path(), &journal.unsaved_path()) {
                eprintln!("{line}");
            }
        }
        Err(e) => eprintln!(
            "warning: {e}; they stay in {} and are tried again next time",
            e.unsaved().display()
        ),
    }
}

/// The line about a recovery into `journal` from `unsaved`; none when it
/// found only records the journal had already.
fn report(recovered: &Recovered, journal: &Path, unsaved: &Path) -> Option<String> {
    let damaged = recovered.damaged.len();
    let lost = |place: String| match damaged {
        1 => format!("1 damaged line{place} could not be read and was dropped"),
        n => format!("{n} damaged lines{place} could not be read and were dropped"),
    };
    if recovered.moved() == 0 {
        return (damaged > 0)
            .then(|| format!("warning: {}.", lost(format!(" in {}", unsaved.display()))));
    }
    let kinds = [
        (recovered.sessions, "session", "sessions"),
        (recovered.checkins, "check-in", "check-ins"),
        (recovered.attacks, "attack record", "attack records"),
        (
            recovered.medication,
            "medication record",
            "medication records",
        ),
        (recovered.midas, "MIDAS record", "MIDAS records"),
        (
            recovered.newer,
            "record of a newer Stillpoint",
            "records of a newer Stillpoint",
        ),
    ];
    let parts: Vec<String> = kinds
        .iter()
        .filter(|(count, _, _)| *count > 0)
        .map(|&(count, one, many)| format!("{count} {}", if count == 1 { one } else { many }))
        .collect();
    let what = match parts.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    };
    let tail = if damaged > 0 {
        format!("; {}", lost(String::new()))
    } else {
        String::new()
    };
    Some(format!(
        "Recovered {what} that could not be saved last time into {}{tail}.",
        journal.display()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::LineProblem;

    fn line(recovered: Recovered) -> Option<String> {
        report(
            &recovered,
            Path::new("/d/journal.jsonl"),
            Path::new("/d/journal.unsaved.jsonl"),
        )
    }

    #[test]
    fn says_what_was_recovered_in_one_line() {
        let one = Recovered {
            sessions: 1,
            ..Recovered::default()
        };
        assert_eq!(
            line(one).as_deref(),
            Some("Recovered 1 session that could not be saved last time into /d/journal.jsonl.")
        );
        let mixed = Recovered {
            sessions: 2,
            checkins: 1,
            newer: 1,
            damaged: vec![LineProblem {
                line: 3,
                reason: "it is not valid JSON (column 1)".into(),
            }],
            ..Recovered::default()
        };
        assert_eq!(
            line(mixed).as_deref(),
            Some(
                "Recovered 2 sessions, 1 check-in and 1 record of a newer Stillpoint that could \
                 not be saved last time into /d/journal.jsonl; 1 damaged line could not be \
                 read and was dropped."
            )
        );
    }

    #[test]
    fn says_nothing_when_everything_was_saved_already() {
        let already = Recovered {
            already_saved: 2,
            ..Recovered::default()
        };
        assert_eq!(line(already), None);
        let only_damaged = Recovered {
            damaged: vec![LineProblem {
                line: 1,
                reason: "cut off".into(),
            }],
            ..Recovered::default()
        };
        assert_eq!(
            line(only_damaged).as_deref(),
            Some(
                "warning: 1 damaged line in /d/journal.unsaved.jsonl could not be read and was dropped."
            )
        );
    }
}
