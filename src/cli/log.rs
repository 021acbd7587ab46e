//! `stillpoint log`: the journal as a table, CSV or JSON.

use super::exit;
use super::journal::{LogArgs, LogFormat, journal, load, print};
use super::text::{columns, one_line};
use crate::journal::{ExportRow, Filter, Rating, Record};

/// Prints the journal entries the filters choose.
pub fn run(args: &LogArgs) -> Result<u8, u8> {
    let loaded = load(&journal()?)?;
    let filter = Filter {
        since: args.since,
        routine: args.routine.clone(),
    };
    let mut records: Vec<&Record> = loaded
        .records
        .iter()
        .filter(|r| filter.matches(r))
        .collect();
    // Oldest first, whatever order they were written in; the sort is stable.
    records.sort_by_key(|r| r.time());
    let text = match args.format {
        LogFormat::Table => table(&records),
        LogFormat::Csv => csv(&records)?,
        LogFormat::Json => json(&records)?,
    };
    print(&text)?;
    Ok(exit::OK)
}

/// Aligned columns, one entry a line, notes and symptoms cut to fit.
fn table(records: &[&Record]) -> String {
    if records.is_empty() {
        return "No entries yet.\n".to_owned();
    }
    let header = [
        "When", "What", "Routine", "Min", "Outcome", "Pain", "Stress", "Notes",
    ];
    let mut rows = vec![header.map(str::to_owned).to_vec()];
    rows.extend(records.iter().map(|r| row(r)));
    columns(&rows, &[3])
}

fn row(record: &Record) -> Vec<String> {
    let when = record.time().format("%Y-%m-%d %H:%M").to_string();
    match record {
        Record::Session(s) => vec![
            when,
            "session".to_owned(),
            one_line(&s.routine.title, 24),
            s.minutes().to_string(),
            match (s.outcome.reason(), s.counts()) {
                (None, true) => "completed".to_owned(),
                (None, false) => "completed, not counted".to_owned(),
                (Some(reason), true) => format!("ended ({})", reason.name()),
                (Some(reason), false) => format!("ended ({}), not counted", reason.name()),
            },
            match (s.pain_before, s.pain_after) {
                (None, None) => String::new(),
                (before, after) => format!("{} → {}", rating(before), rating(after)),
            },
            String::new(),
            one_line(s.note.as_deref().unwrap_or(""), 36),
        ],
        Record::Checkin(c) => {
            let mut notes: Vec<String> = c.symptoms.iter().map(|s| s.name().to_owned()).collect();
            notes.extend(c.other_symptoms.clone());
            notes.extend(c.note.clone());
            vec![
                when,
                "check-in".to_owned(),
                String::new(),
                String::new(),
                String::new(),
                c.pain.map(|p| p.to_string()).unwrap_or_default(),
                c.stress.map(|p| p.to_string()).unwrap_or_default(),
                one_line(&notes.join(" · "), 36),
            ]
        }
    }
}

fn rating(rating: Option<Rating>) -> String {
    rating.map_or("–".to_owned(), |r| r.to_string())
}

/// A header row and one row per record; see [`ExportRow`] for the columns.
fn csv(records: &[&Record]) -> Result<String, u8> {
    let mut writer = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    writer.write_record(ExportRow::COLUMNS).map_err(internal)?;
    for record in records {
        writer
            .serialize(ExportRow::from(*record))
            .map_err(internal)?;
    }
    let bytes = writer.into_inner().map_err(|e| internal(e.into_error()))?;
    String::from_utf8(bytes).map_err(internal)
}

/// The records exactly as kept in the journal, as one JSON array.
fn json(records: &[&Record]) -> Result<String, u8> {
    let mut text = serde_json::to_string_pretty(records).map_err(internal)?;
    text.push('\n');
    Ok(text)
}

fn internal(error: impl std::fmt::Display) -> u8 {
    eprintln!("error: could not format the journal: {error}");
    exit::ENVIRONMENT
}
