//! `stillpoint report`: the one page for the doctor, as text, HTML or
//! JSON, on the terminal or into a private file.

use std::io;
use std::path::{Path, PathBuf};

use chrono::{Duration, NaiveDate};
use clap::Args;

use super::diary_input::Refusal;
use super::exit;
use super::journal::{journal, load, print};
use crate::journal::now;
use crate::private_file::{self, Mode};
use crate::report::{self, MAX_DAYS, MAX_QUESTION_CHARS, MAX_QUESTIONS, Report};

#[derive(Debug, Default, Clone, Args)]
pub struct ReportArgs {
    /// From this date (YYYY-MM-DD) on.
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// The last day (YYYY-MM-DD, default today): a report up to an
    /// earlier visit.
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// The last N days to the last day, both included (default 90, at most 366).
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub days: Option<String>,
    /// text (the default), html (one self-contained page that prints on
    /// one A4 or Letter sheet) or json.
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<String>,
    /// Write the report to FILE (readable only by you) instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// A question for the doctor, printed at the end; repeat for several.
    /// More can be kept one a line in questions.txt in the config folder.
    #[arg(long = "questions", value_name = "TEXT")]
    pub questions: Vec<String>,
}

/// The report's formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Format {
    Text,
    Html,
    Json,
}

/// Makes the report and prints or writes it.
pub fn run(args: &ReportArgs) -> Result<u8, u8> {
    let now = now();
    let (first, last, format) = read(args, now.date_naive()).map_err(|r| r.report())?;
    let mut questions = questions_file().map_err(|r| r.report())?;
    questions.extend(check_questions("--questions", &args.questions).map_err(|r| r.report())?);
    if questions.len() > MAX_QUESTIONS {
        return Err(Refusal::new(format!(
            "{} questions are more than fit on the page; the most is {MAX_QUESTIONS}",
            questions.len()
        ))
        .help("keep the ones that matter most, in questions.txt or --questions")
        .report());
    }
    let journal = journal()?;
    let loaded = load(&journal)?;
    let followed = super::program::followed();
    for (why, what) in &followed.unread {
        eprintln!("warning: {why}; the report leaves {what} out");
    }
    let report = Report::new(&loaded.records, first, last, now, questions)
        .with_programs(&followed.programs, &loaded.records);
    let text = match format {
        Format::Text => report::text::render(&report, super::text::ascii()),
        Format::Html => report::html::render(&report),
        Format::Json => report::json::render(&report),
    };
    deliver(args.output.as_deref(), &text, "the report")
}

/// Prints `text`, or writes it to `output` and says so; `what` names it.
pub(super) fn deliver(output: Option<&Path>, text: &str, what: &str) -> Result<u8, u8> {
    match output {
        None => print(text)?,
        Some(path) => {
            write(path, text, what)?;
            println!("Wrote {what} to {} (only you can read it).", path.display());
        }
    }
    Ok(exit::OK)
}

/// A date given to `flag`, at most `today`.
fn date(flag: &str, text: &str, today: NaiveDate) -> Result<NaiveDate, Refusal> {
    let date = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        Refusal::new(format!(
            "{flag} `{}` is not a date; write it as YYYY-MM-DD, e.g. 2025-03-01",
            text.trim()
        ))
    })?;
    if date > today {
        return Err(Refusal::new(format!(
            "{flag} {date} is in the future; today is {today}"
        )));
    }
    Ok(date)
}

/// The format `--format` asks for: text when none.
pub(super) fn format(asked: Option<&str>) -> Result<Format, Refusal> {
    match asked.map(|f| f.trim().to_lowercase()) {
        None => Ok(Format::Text),
        Some(f) if f == "text" => Ok(Format::Text),
        Some(f) if f == "html" => Ok(Format::Html),
        Some(f) if f == "json" => Ok(Format::Json),
        Some(f) => Err(
            Refusal::new(format!("--format `{f}` is not one of the formats"))
                .help("the formats are text, html and json"),
        ),
    }
}

/// The last day `--until` asks for: today when none.
pub(super) fn until(asked: Option<&str>, today: NaiveDate) -> Result<NaiveDate, Refusal> {
    match asked {
        None => Ok(today),
        Some(until) => date("--until", until, today),
    }
}

/// The first and last days and the format the flags ask for, checked.
fn read(args: &ReportArgs, today: NaiveDate) -> Result<(NaiveDate, NaiveDate, Format), Refusal> {
    let format = format(args.format.as_deref())?;
    let last = until(args.until.as_deref(), today)?;
    let first = match (args.since.as_deref(), args.days.as_deref()) {
        (Some(_), Some(_)) => {
            return Err(Refusal::new("give --since or --days, not both").help(
                "--since 2025-01-01 is from that date to today; --days 90 the last 90 days",
            ));
        }
        (Some(since), None) => {
            let date = date("--since", since, today)?;
            if date > last {
                return Err(Refusal::new(format!(
                    "--since {date} is after --until {last}"
                )));
            }
            if (last - date).num_days() + 1 > MAX_DAYS {
                return Err(Refusal::new(format!(
                    "--since {date} is more than {MAX_DAYS} days before {last}; a report covers at most a year, so it stays one page"
                )));
            }
            date
        }
        (None, days) => {
            let days = match days {
                None => 90,
                Some(text) => text
                    .trim()
                    .parse::<i64>()
                    .ok()
                    .filter(|d| (1..=MAX_DAYS).contains(d))
                    .ok_or_else(|| {
                        Refusal::new(format!(
                            "--days `{}` is not a number of days from 1 to {MAX_DAYS}",
                            text.trim()
                        ))
                    })?,
            };
            last - Duration::days(days - 1)
        }
    };
    Ok((first, last, format))
}

/// The questions, trimmed, blank ones left out; each at most
/// [`MAX_QUESTION_CHARS`].
fn check_questions(from: &str, texts: &[String]) -> Result<Vec<String>, Refusal> {
    let mut out = Vec::new();
    for text in texts {
        let text: String = text
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        let chars = text.chars().count();
        if chars > MAX_QUESTION_CHARS {
            return Err(Refusal::new(format!(
                "{from}: a question of {chars} characters is longer than fits; the most is {MAX_QUESTION_CHARS}"
            )));
        }
        out.push(text.to_owned());
    }
    Ok(out)
}

/// The questions kept in `questions.txt` beside the config file, one a
/// line (blank lines and lines starting with `#` left out); none when
/// there is no such file.
fn questions_file() -> Result<Vec<String>, Refusal> {
    let Some(path) =
        crate::paths::config_path().map(|c| private_file::folder_of(&c).join("questions.txt"))
    else {
        return Ok(Vec::new());
    };
    let bytes = match private_file::open_to_read(&path)
        .and_then(|file| private_file::read_at_most(&file, 64 * 1024))
    {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => {
            return Err(Refusal::new(format!(
                "cannot read {}: {}",
                path.display(),
                crate::journal::plain_words(&e, crate::journal::Access::Read)
            )));
        }
    };
    let text = String::from_utf8(bytes)
        .map_err(|_| Refusal::new(format!("{} is not UTF-8 text", path.display())))?;
    let lines: Vec<String> = text
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .map(str::to_owned)
        .collect();
    check_questions(&path.display().to_string(), &lines)
}

/// Writes `what` to `path`, private (0600), whole or not at all.
fn write(path: &Path, text: &str, what: &str) -> Result<(), u8> {
    let shown = path.display();
    if path.is_dir() {
        eprintln!("error: cannot write {what} to {shown}: it is a folder");
        return Err(exit::USER);
    }
    private_file::replace_with(path, Mode::Private, |file| {
        io::Write::write_all(file, text.as_bytes())
    })
    .map_err(|e| {
        let why = crate::journal::plain_words(&e, crate::journal::Access::Write);
        eprintln!("error: cannot write {what} to {shown}: {why}");
        eprintln!("  = nothing was changed there");
        exit::USER
    })
}
