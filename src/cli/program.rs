//! `stillpoint program start|stop|status|report`: follow a therapist's
//! plan over weeks, one at a time, and report on it to the therapist.

use std::path::PathBuf;

use chrono::{Local, NaiveDate};
use clap::{Args, Subcommand};

use super::diary_input::Refusal;
use super::exit;
use super::journal::{journal, load, print};
use super::report::{Format, deliver, format, until};
use crate::program::active::{self, Active, Stopped};
use crate::program::adherence::adherence;
use crate::program::done::sessions_done;
use crate::program::ended::{self, Ended};
use crate::program::found::{Found, find, routine_finder};
use crate::program::schedule::{Following, Place, tallies, week_progress};
use crate::program::{Often, Planned, Program, parse};

#[derive(Debug, Args)]
pub struct ProgramArgs {
    #[command(subcommand)]
    pub action: ProgramAction,
}

#[derive(Debug, Subcommand)]
pub enum ProgramAction {
    /// Follow a program from today: a file, or one built in
    /// (`desk-tension`, `migraine-prone-days`).
    Start {
        /// The program: a file path or a name.
        program: String,
        /// Follow it instead of the program followed now, which ends
        /// (and stays in the report).
        #[arg(long)]
        replace: bool,
    },
    /// Follow no program any more (it stays in the report, and the
    /// sessions in the journal).
    Stop,
    /// Where you are in the program: this week, what is due today, and
    /// each week so far, planned against done.
    Status,
    /// For the therapist: each week planned against done, and the relief
    /// of each routine (the same section as in `stillpoint report`), of
    /// the program followed, or else the last one that ended.
    Report(ProgramReportArgs),
    /// Print this message or the help of the given subcommand(s).
    Help {
        /// Print help for the subcommand(s).
        #[arg(value_name = "COMMAND")]
        commands: Vec<String>,
    },
}

#[derive(Debug, Args)]
pub struct ProgramReportArgs {
    /// The last day counted (YYYY-MM-DD, default today): the report as it
    /// was at an earlier visit.
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// text (the default), html (one small self-contained page) or json.
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<String>,
    /// Write the report to FILE (readable only by you) instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(args: &ProgramArgs) -> u8 {
    match &args.action {
        ProgramAction::Start { program, replace } => start(program, *replace),
        ProgramAction::Stop => stop(),
        ProgramAction::Status => status(),
        ProgramAction::Report(args) => report(args).unwrap_or_else(|code| code),
        // As clap's own `help`, which gave way to `stillpoint help`.
        ProgramAction::Help { commands } => {
            let words: Vec<&str> = std::iter::once("program")
                .chain(commands.iter().map(String::as_str))
                .collect();
            super::help::command_help(&words)
        }
    }
}

/// The program followed, as it was started; `Err` says why it cannot be
/// read.
pub(super) fn following() -> Result<Option<Following>, String> {
    let Some(active) = active::load()? else {
        return Ok(None);
    };
    active
        .following()
        .map(Some)
        .ok_or_else(|| UNREADABLE.to_owned())
}

const UNREADABLE: &str =
    "the program you follow can no longer be read; `stillpoint program stop` clears it";

/// Every program followed, the ones ended and the one followed now, in
/// the order they were started; and what could not be read, each with
/// what it leaves out.
pub(super) struct Followed {
    pub programs: Vec<Following>,
    pub unread: Vec<(String, &'static str)>,
}

pub(super) fn followed() -> Followed {
    let mut programs = Vec::new();
    let mut unread = Vec::new();
    let now = active::load();
    match ended::load() {
        Ok(all) => {
            // One still followed was kept before a stop or a start that
            // then failed: it is followed, not ended.
            let still = |e: &Ended| now.as_ref().is_ok_and(|a| a.as_ref() == Some(&e.followed));
            for ended in all.iter().filter(|e| !still(e)) {
                match ended.following() {
                    Some(following) => programs.push(following),
                    None => unread.push((
                        format!(
                            "the program \"{}\" that ended on {} can no longer be read",
                            ended.followed.source,
                            ended.ended.date_naive()
                        ),
                        "it",
                    )),
                }
            }
        }
        Err(why) => unread.push((why, "the programs followed before")),
    }
    match now.map(|a| a.map(|a| a.following())) {
        Ok(None) => {}
        Ok(Some(Some(following))) => programs.push(following),
        Ok(Some(None)) => unread.push((UNREADABLE.to_owned(), "the program")),
        Err(why) => unread.push((why, "the program")),
    }
    programs.sort_by_key(|f| f.started);
    Followed { programs, unread }
}

fn report(args: &ProgramReportArgs) -> Result<u8, u8> {
    let now = crate::journal::now();
    let format = format(args.format.as_deref()).map_err(|r| r.report())?;
    let as_of = until(args.until.as_deref(), now.date_naive()).map_err(|r| r.report())?;
    let Followed { programs, unread } = followed();
    // The program followed by the last day: the one followed now, or the
    // last to end.
    let Some(following) = programs.iter().rev().find(|f| f.started <= as_of) else {
        for (why, _) in &unread {
            eprintln!("error: {why}");
        }
        if !unread.is_empty() {
            return Err(exit::ENVIRONMENT);
        }
        return Err(match programs.first() {
            Some(first) => Refusal::new(format!(
                "you started \"{}\" on {}, after --until {as_of}",
                first.program.title, first.started
            )),
            None => Refusal::new("you have followed no program, so there is no program report")
                .help("start one with `stillpoint program start desk-tension`; a program is reported on while it is followed and after it ends"),
        }
        .report());
    };
    for (why, what) in &unread {
        eprintln!("warning: {why}; the program report leaves {what} out");
    }
    let journal = journal()?;
    let loaded = load(&journal)?;
    let figures = adherence(following, &loaded.records, as_of, now.date_naive());
    let text = match format {
        Format::Text => crate::report::program::text::render(&figures, now, super::text::ascii()),
        Format::Html => crate::report::program::html::render(&figures, now),
        Format::Json => crate::report::program::json(&figures, now),
    };
    deliver(args.output.as_deref(), &text, "the program report")
}

fn start(query: &str, replace: bool) -> u8 {
    let found = match find(query) {
        Ok(found) => found,
        Err(why) => {
            eprintln!("error: {why}");
            return exit::USER;
        }
    };
    let program = match checked(&found, "started") {
        Ok(program) => program,
        Err(code) => return code,
    };
    match active::load() {
        Ok(Some(current)) if !replace => {
            let title = current
                .program()
                .map_or(current.source.clone(), |p| p.title);
            eprintln!(
                "error: you follow \"{title}\" since {}; `stillpoint program stop` first, or start with --replace",
                current.started
            );
            return exit::USER;
        }
        _ => {}
    }
    let now = crate::journal::now();
    let today = now.date_naive();
    let active = Active {
        source: found.name,
        started: today,
        text: found.text,
    };
    let before = match active::follow(&active, now) {
        Ok(before) => before,
        Err(why) => {
            eprintln!("error: could not save the program you follow: {why}");
            eprintln!("  = nothing was changed");
            return exit::ENVIRONMENT;
        }
    };
    let mut text = before
        .map(|ended| format!("{}\n\n", kept_words(&ended)))
        .unwrap_or_default();
    let first = crate::program::schedule::first_day(&program, today);
    text.push_str(&format!(
        "Following \"{}\": {} weeks from {}.\n",
        program.title,
        program.weeks.len(),
        day_words(first)
    ));
    if let Some(notes) = &program.notes {
        text.push_str(&format!("\n{}\n", notes.trim()));
    }
    text.push_str(&format!(
        "\nWeek 1: {}\n",
        week_words(&program.weeks[0].sessions)
    ));
    text.push_str("\n`stillpoint due` says each day what is due, and the library shows it.\n");
    print(&text).err().unwrap_or(exit::OK)
}

/// Checks a program found by name or path, printing its diagnostics; with
/// errors, says that nothing was `done`.
pub(super) fn checked(found: &Found, done: &str) -> Result<Program, u8> {
    let parsed = parse(&found.text, &routine_finder(found.folder.clone()));
    super::print_diagnostics(&found.name, &found.text, &parsed.diagnostics);
    parsed.program.ok_or_else(|| {
        eprintln!("error: the program has mistakes; nothing was {done}");
        exit::USER
    })
}

fn stop() -> u8 {
    match active::stop(crate::journal::now()) {
        Ok(Stopped::Ended(ended)) => {
            println!(
                "You follow no program now. Your sessions stay in the journal.\n{}",
                kept_words(&ended)
            );
            exit::OK
        }
        Ok(Stopped::Unreadable(why)) => {
            eprintln!("warning: {why}; nothing of it could be kept for the report");
            println!("You follow no program now. Your sessions stay in the journal.");
            exit::OK
        }
        Ok(Stopped::Nothing) => {
            println!("You follow no program.");
            exit::OK
        }
        Err(why) => {
            eprintln!("error: could not stop the program: {why}");
            eprintln!("  = nothing was changed: you still follow it");
            exit::ENVIRONMENT
        }
    }
}

/// That the program `ended` stays in the report.
fn kept_words(ended: &Ended) -> String {
    format!(
        "\"{}\", followed from {}, stays in the report: `stillpoint program report`.",
        ended.followed.title(),
        day_words(ended.followed.started)
    )
}

fn status() -> u8 {
    let Following {
        program, started, ..
    } = match following() {
        Ok(Some(following)) => following,
        Ok(None) => {
            println!("You follow no program. {}", last_ended_words());
            return exit::OK;
        }
        Err(why) => {
            eprintln!("error: {why}");
            return exit::ENVIRONMENT;
        }
    };
    let journal = match journal() {
        Ok(j) => j,
        Err(code) => return code,
    };
    let loaded = match load(&journal) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let done = sessions_done(&loaded.records);
    let today = Local::now().date_naive();
    print(&status_text(&program, started, today, &done))
        .err()
        .unwrap_or(exit::OK)
}

/// What `program status` says of the last program that ended, if one
/// did, and how to start one.
fn last_ended_words() -> String {
    let start = "Start one with `stillpoint program start desk-tension`.";
    let last = match ended::load() {
        Ok(all) => all.into_iter().max_by_key(|e| e.ended),
        Err(why) => {
            eprintln!("warning: {why}");
            None
        }
    };
    let Some(last) = last else {
        return start.to_owned();
    };
    format!(
        "The last, \"{}\", ended {}; `stillpoint program report` reports on it.\n{start}",
        last.followed.title(),
        day_words(last.ended.date_naive())
    )
}

/// What `program status` says on `today`.
pub fn status_text(
    program: &Program,
    started: NaiveDate,
    today: NaiveDate,
    done: &[crate::program::schedule::Done],
) -> String {
    let mut text = format!("{}\n", program.title);
    let weeks = program.weeks.len();
    match crate::program::schedule::place(program, started, today) {
        Place::Before { starts } => {
            text.push_str(&format!("Starts {}.\n", day_words(starts)));
        }
        Place::Over { ended } => {
            text.push_str(&format!(
                "Finished {}: all {weeks} weeks are over.\n",
                day_words(ended)
            ));
        }
        Place::Week { index, first } => {
            let week = &program.weeks[index];
            text.push_str(&format!(
                "Week {} of {weeks}, from {}.\n",
                index + 1,
                day_words(first)
            ));
            if let Some(notes) = &week.notes {
                text.push_str(&format!("{}\n", notes.trim()));
            }
            text.push('\n');
            for p in week_progress(week, first, today, done) {
                let mut line = format!(
                    "  {}: {} of {} this week",
                    p.planned.routine,
                    p.done,
                    p.planned.per_week()
                );
                if p.due_today {
                    line.push_str(" · due today");
                } else if p.done_today {
                    line.push_str(" · done today");
                }
                text.push_str(&line);
                text.push('\n');
            }
        }
    }
    let so_far = tallies(program, started, today, done);
    if !so_far.is_empty() {
        text.push_str("\nWeeks so far, planned and done:\n");
        for week in so_far {
            text.push_str(&format!(
                "  week {} (from {}): {} of {}\n",
                week.number,
                week.first.format("%-d %b"),
                week.done,
                week.planned
            ));
        }
    }
    text
}

/// "Thursday 3 December".
fn day_words(day: NaiveDate) -> String {
    day.format("%A %-d %B").to_string()
}

/// "desk-reset 3 times, still-point on Mon and Fri".
fn week_words(sessions: &[Planned]) -> String {
    sessions
        .iter()
        .map(|p| match &p.often {
            Often::Times(1) => format!("{} once", p.routine),
            Often::Times(n) => format!("{} {n} times", p.routine),
            Often::Days(days) => format!(
                "{} on {}",
                p.routine,
                days.iter()
                    .map(|d| d.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        })
        .collect::<Vec<_>>()
        .join("; ")
}
