//! The journal commands, `log`, `stats`, `checkin`, `attack`, `med`,
//! `midas`, `report` and `paths`, and what they share: finding the journal and reading it with
//! warnings.

use std::io::{self, Write};

use chrono::NaiveDate;
use clap::{Args, Subcommand, ValueEnum};

use super::exit;
use crate::config::{Config, ConfigError};
use crate::journal::{Journal, Loaded};

/// The commands about the journal and where files are.
#[derive(Debug, Subcommand)]
pub enum JournalCommand {
    /// Show the journal: sessions and check-ins, newest first (exports
    /// oldest first).
    Log(LogArgs),
    /// Sessions and minutes per week, streak, weekly goal and pain relief.
    Stats(StatsArgs),
    /// Write how you feel now to the journal, without a session.
    #[command(name = "checkin")]
    CheckIn(CheckInArgs),
    /// Record a headache: when, how bad, where, what came with it. Without
    /// --start, add to (or with --end, close) the one going on. With no
    /// flags at a terminal, it asks, one question at a time.
    Attack(super::attack::AttackArgs),
    /// Record a medicine taken, e.g. `stillpoint med sumatriptan --class
    /// triptan --dose "50 mg"`; `--last --effect some` later says how it helped.
    Med(super::med::MedArgs),
    /// The Migraine Disability Assessment: five questions about the last 3
    /// months (and two unscored ones), stored with their score and grade.
    Midas(super::midas::MidasArgs),
    /// One page for the doctor: the figures per 30 days, flags, MIDAS,
    /// medication, relief, a calendar and pain chart, your questions.
    Report(super::report::ReportArgs),
    /// Where routines, sounds, config and journal are read and written.
    Paths,
}

#[derive(Debug, Args)]
pub struct LogArgs {
    /// How to print the journal.
    #[arg(long, value_enum, default_value_t = LogFormat::Table)]
    pub format: LogFormat,
    /// Only entries from this date on (YYYY-MM-DD, the local date they were written).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub since: Option<NaiveDate>,
    /// Only sessions of this routine: its title or file name, in any case.
    #[arg(long, value_name = "NAME")]
    pub routine: Option<String>,
    /// Only the N newest entries. The table shows a screenful at a
    /// terminal and all of them otherwise; CSV and JSON show all.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub limit: Option<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// Aligned columns, for reading.
    Table,
    /// Comma-separated values with a header row, for spreadsheets.
    Csv,
    /// A JSON array of the records as they are kept.
    Json,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// How many weeks to show, up to this one.
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..=520))]
    pub weeks: u16,
    /// Sessions a week to aim for (overrides STILLPOINT_WEEKLY_GOAL and the config).
    #[arg(long, value_name = "N")]
    pub goal: Option<crate::config::WeeklyGoal>,
    /// Print the figures as JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Default, Args)]
pub struct CheckInArgs {
    /// Pain now, 0 (none) to 10 (worst).
    #[arg(long, value_name = "0-10")]
    pub pain: Option<crate::journal::Rating>,
    /// Stress now, 0 (none) to 10 (worst).
    #[arg(long, value_name = "0-10")]
    pub stress: Option<crate::journal::Rating>,
    /// A symptom: aura, nausea, light-sensitivity, sound-sensitivity,
    /// neck-pain or dizziness. Repeat for several.
    #[arg(long = "symptom", value_name = "SYMPTOM", value_parser = super::checkin::parse_symptom)]
    pub symptoms: Vec<crate::journal::Symptom>,
    /// Other symptoms, in your own words.
    #[arg(long, value_name = "TEXT", value_parser = short_text)]
    pub other: Option<String>,
    /// A note.
    #[arg(long, value_name = "TEXT", value_parser = short_text)]
    pub note: Option<String>,
}

/// Runs a journal command and gives its exit code.
pub fn run(command: JournalCommand, display: &super::Display) -> u8 {
    let result = match command {
        JournalCommand::Log(args) => super::log::run(&args),
        JournalCommand::Stats(args) => super::stats::run(&args),
        JournalCommand::CheckIn(args) => super::checkin::run(args),
        JournalCommand::Attack(args) => super::attack::run(&args, display),
        JournalCommand::Med(args) => super::med::run(&args),
        JournalCommand::Midas(args) => super::midas::run(&args),
        JournalCommand::Report(args) => super::report::run(&args),
        JournalCommand::Paths => super::paths::run(),
    };
    result.unwrap_or_else(|code| code)
}

/// The longest note or symptom text, in characters: a journal record must
/// stay well inside the 64 KiB a journal line may hold.
pub const MAX_TEXT_CHARS: usize = 2000;

/// A note or other symptoms: at most [`MAX_TEXT_CHARS`] characters.
pub fn short_text(text: &str) -> Result<String, String> {
    let chars = text.chars().count();
    if chars > MAX_TEXT_CHARS {
        return Err(format!(
            "it is {chars} characters long; a note may be at most {MAX_TEXT_CHARS}"
        ));
    }
    Ok(text.to_owned())
}

fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("`{text}` is not a date; write it as YYYY-MM-DD, e.g. 2025-03-01"))
}

/// The journal in the data folder, or exit 2 after saying why there is none.
pub fn journal() -> Result<Journal, u8> {
    Journal::default_location().map_err(|e| {
        eprintln!("error: {e}");
        exit::ENVIRONMENT
    })
}

/// Reads the journal, warning on stderr about each line that was skipped.
pub fn load(journal: &Journal) -> Result<Loaded, u8> {
    let loaded = journal.load().map_err(|e| {
        eprintln!("error: {e}");
        exit::ENVIRONMENT
    })?;
    warn(journal, &loaded);
    Ok(loaded)
}

/// Warns on stderr about each line of `loaded` that was skipped.
pub fn warn(journal: &Journal, loaded: &Loaded) {
    for problem in loaded.problems.iter().take(MAX_WARNINGS) {
        eprintln!(
            "warning: journal line {} is damaged and was skipped: {}",
            problem.line, problem.reason
        );
    }
    if let Some(more) = loaded
        .problems
        .len()
        .checked_sub(MAX_WARNINGS)
        .filter(|&n| n > 0)
    {
        let lines = if more == 1 { "line" } else { "lines" };
        eprintln!(
            "warning: and {more} more damaged {lines} in {}",
            journal.path().display()
        );
    }
    for newer in loaded.newer.iter().take(MAX_WARNINGS) {
        eprintln!(
            "warning: journal line {} was written by a newer Stillpoint (format {}) and is not shown; update Stillpoint to see it",
            newer.line, newer.version
        );
    }
    if let Some(more) = loaded
        .newer
        .len()
        .checked_sub(MAX_WARNINGS)
        .filter(|&n| n > 0)
    {
        eprintln!("warning: and {more} more lines written by a newer Stillpoint");
    }
}

/// The most warnings of one kind printed about the journal; the rest are
/// counted in one line, so a badly damaged journal cannot flood the screen.
const MAX_WARNINGS: usize = 20;

/// The config, or exit 1 (a mistake in it) or 2 (unreadable) after
/// showing the diagnostics.
pub fn config() -> Result<Config, u8> {
    Config::load().map_err(|e| {
        eprint!("{e}");
        match e {
            ConfigError::Invalid { .. } => exit::USER,
            ConfigError::Unreadable { .. } => exit::ENVIRONMENT,
        }
    })
}

/// Writes `text` to stdout. A reader that went away (`| head`) is not an
/// error; any other failure is.
pub fn print(text: &str) -> Result<(), u8> {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => {
            eprintln!("error: could not write the output: {e}");
            Err(exit::ENVIRONMENT)
        }
    }
}
