//! A program file becomes a [`Program`], or diagnostics that point at the
//! line: the format's limits, no weeks or weeks with nothing in them, too
//! many sessions a week, and routines that cannot be found (with a
//! did-you-mean).

use std::ops::Range;

use serde::Deserialize;
use serde::de::IntoDeserializer;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::raw::{RawProgram, RawSession, Start};
use super::{MAX_A_WEEK, MAX_NOTES, MAX_TITLE, MAX_WEEKS, Often, Planned, Program, Week};
use crate::diagnostic::Diagnostic;
use crate::syntax::{self, Shape};

/// The outcome of reading a program: the program if it had no errors, and
/// every diagnostic found.
#[derive(Debug)]
pub struct Parsed {
    pub program: Option<Program>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Whether a routine named in a program can be found; when not, the name
/// it was perhaps meant to be.
pub type Finds<'a> = &'a dyn Fn(&str) -> Result<(), Option<String>>;

const SHAPE: Shape = Shape {
    lists: &["week"],
    tables: &[],
};

/// Reads and checks a program's `text`; `finds` says whether each routine
/// it names is there to play. After a syntax mistake whose repair is plain,
/// the rest is checked as repaired.
pub fn parse(text: &str, finds: Finds) -> Parsed {
    let reading = syntax::read(text, &SHAPE);
    let checked = if reading.checkable {
        parse_checked(&reading.mended.text, finds)
    } else {
        Parsed {
            program: None,
            diagnostics: Vec::new(),
        }
    };
    let diagnostics = reading.merge(checked.diagnostics);
    let program = checked
        .program
        .filter(|_| !diagnostics.iter().any(Diagnostic::is_error));
    Parsed {
        program,
        diagnostics,
    }
}

/// Checks a program: its TOML, then its values.
fn parse_checked(text: &str, finds: Finds) -> Parsed {
    let (root, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        return Parsed {
            program: None,
            diagnostics: errors.iter().map(|e| syntax::explain(e, text)).collect(),
        };
    }
    let root = Spanned::new(root.span(), DeValue::Table(root.into_inner()));
    let raw = match RawProgram::deserialize(root.into_deserializer()) {
        Ok(raw) => raw,
        Err(e) => {
            let message = e.message().trim_end().to_owned();
            let diagnostic = Diagnostic::error(format!("this program cannot be read: {message}"))
                .at(e.span().unwrap_or(0..0))
                .help("a program has `stillpoint_program = 1`, a `title` and `[[week]]` tables; see \"Programs\" in `stillpoint help format`");
            return Parsed {
                program: None,
                diagnostics: vec![diagnostic],
            };
        }
    };
    let mut diagnostics = Vec::new();
    let program = check(raw, finds, &mut diagnostics);
    Parsed {
        program,
        diagnostics,
    }
}

fn error(out: &mut Vec<Diagnostic>, message: String, span: Range<usize>, help: &str) {
    out.push(Diagnostic::error(message).at(span).help(help));
}

fn check(raw: RawProgram, finds: Finds, out: &mut Vec<Diagnostic>) -> Option<Program> {
    if *raw.stillpoint_program.get_ref() != 1 {
        error(
            out,
            format!(
                "this file is for program format version {}; this Stillpoint reads version 1",
                raw.stillpoint_program.get_ref()
            ),
            raw.stillpoint_program.span(),
            "write `stillpoint_program = 1`, or update Stillpoint",
        );
    }
    let title = raw.title.get_ref().trim();
    if title.is_empty() || title.chars().count() > MAX_TITLE {
        error(
            out,
            format!("`title` must be 1 to {MAX_TITLE} characters"),
            raw.title.span(),
            "name the program by what it is for, e.g. \"Desk tension, four weeks\"",
        );
    }
    let notes = |out: &mut Vec<Diagnostic>, notes: Option<toml::Spanned<String>>, whose: &str| {
        let notes = notes?;
        if notes.get_ref().chars().count() > MAX_NOTES {
            error(
                out,
                format!("the `notes` of {whose} are over {MAX_NOTES} characters"),
                notes.span(),
                "keep notes to what the patient needs to follow the program",
            );
        }
        Some(notes.into_inner())
    };
    let program_notes = notes(out, raw.notes, "the program");
    let mut weeks = Vec::new();
    if raw.week.get_ref().is_empty() {
        error(
            out,
            "the program has no weeks: there is nothing in it to follow".to_owned(),
            raw.week.span(),
            "write each week as a `[[week]]` table with `sessions = [{ routine = \"desk-reset\", times = 3 }]`",
        );
    }
    for (index, week) in raw.week.into_inner().into_iter().enumerate() {
        let number = index + 1;
        let at = week.span();
        let week = week.into_inner();
        // An empty list is pointed at where it is written; none at all, at
        // the week's heading.
        let (sessions, written_at) = match week.sessions {
            Some(sessions) => {
                let span = sessions.span();
                (sessions.into_inner(), span)
            }
            None => (Vec::new(), at.clone()),
        };
        if sessions.is_empty() {
            out.push(
                Diagnostic::error(format!("week {number} has nothing in it"))
                    .at(written_at)
                    .help("give it `sessions = [{ routine = \"desk-reset\", times = 3 }]`, or remove it"),
            );
        }
        let planned: Vec<Planned> = sessions
            .into_iter()
            .filter_map(|s| session(s, number, finds, out))
            .collect();
        let this = Week {
            notes: notes(out, week.notes, &format!("week {number}")),
            sessions: planned,
        };
        if this.planned() > MAX_A_WEEK {
            out.push(
                Diagnostic::error(format!(
                    "week {number} plans {} sessions; at most {MAX_A_WEEK} a week (three a day) are allowed",
                    this.planned()
                ))
                .at(at.clone())
                .help("plan fewer: a few sessions a week help more than many"),
            );
        }
        let repeat = match week.repeat {
            None => 1,
            Some(n) if (1..=MAX_WEEKS as i64).contains(n.get_ref()) => *n.get_ref() as usize,
            Some(n) => {
                error(
                    out,
                    format!(
                        "`repeat` of week {number} is {}; it must be from 1 to {MAX_WEEKS}",
                        n.get_ref()
                    ),
                    n.span(),
                    "`repeat = 2` makes two weeks in a row like this one",
                );
                1
            }
        };
        for _ in 0..repeat {
            weeks.push(this.clone());
        }
    }
    if weeks.len() > MAX_WEEKS {
        out.push(
            Diagnostic::error(format!(
                "the program lasts {} weeks; at most {MAX_WEEKS} (a year) are allowed",
                weeks.len()
            ))
            .help("split it into programs of a few weeks; review with the patient in between"),
        );
    }
    Some(Program {
        title: title.to_owned(),
        author: raw.author,
        notes: program_notes,
        start: raw.start.map_or(Start::Today, |s| s.into_inner()),
        weeks,
    })
}

fn session(
    raw: RawSession,
    week: usize,
    finds: Finds,
    out: &mut Vec<Diagnostic>,
) -> Option<Planned> {
    let name = raw.routine.get_ref().trim().to_owned();
    let mut ok = true;
    if let Err(near) = finds(&name) {
        let help = match near {
            Some(near) => format!("did you mean `{near}`?"),
            None => {
                "name a routine as `stillpoint list` shows it, or put its file beside the program"
                    .to_owned()
            }
        };
        error(
            out,
            format!("week {week} names the routine `{name}`, which is not found"),
            raw.routine.span(),
            &help,
        );
        ok = false;
    }
    let often = match (raw.times, raw.days) {
        (Some(times), None) => match u32::try_from(*times.get_ref()) {
            Ok(n) if (1..=MAX_A_WEEK).contains(&n) => Some(Often::Times(n)),
            _ => {
                error(
                    out,
                    format!(
                        "`times` for `{name}` in week {week} is {}; it must be from 1 to {MAX_A_WEEK}",
                        times.get_ref()
                    ),
                    times.span(),
                    "how many times in the week, e.g. `times = 3`",
                );
                None
            }
        },
        (None, Some(days)) => {
            let span = days.span();
            let mut list: Vec<chrono::Weekday> = Vec::new();
            for day in days.into_inner() {
                if list.contains(&day.weekday()) {
                    error(
                        out,
                        format!("the days for `{name}` in week {week} name a day twice"),
                        span.clone(),
                        "name each day once, e.g. `days = [\"mon\", \"wed\", \"fri\"]`",
                    );
                    return None;
                }
                list.push(day.weekday());
            }
            if list.is_empty() {
                error(
                    out,
                    format!("the days for `{name}` in week {week} are empty"),
                    span,
                    "name the days, e.g. `days = [\"mon\", \"wed\", \"fri\"]`",
                );
                None
            } else {
                Some(Often::Days(list))
            }
        }
        (Some(times), Some(_)) => {
            error(
                out,
                format!("`{name}` in week {week} gives both `times` and `days`"),
                times.span(),
                "give one: `times = 3` for any days, or `days = [\"mon\", \"thu\"]`",
            );
            None
        }
        (None, None) => {
            error(
                out,
                format!("`{name}` in week {week} says neither how many times nor on which days"),
                raw.routine.span(),
                "add `times = 3`, or `days = [\"mon\", \"wed\", \"fri\"]`",
            );
            None
        }
    };
    let often = often?;
    ok.then_some(Planned {
        routine: name,
        often,
    })
}
