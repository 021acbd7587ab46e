//! `stillpoint log`: the journal as a table, CSV or JSON.
//!
//! The table is for reading: newest first, at most 80 columns, a long
//! title wrapped in its column and notes wrapped under their row, never
//! cut; at a terminal it shows a screenful unless `--limit` says how many.
//! CSV and JSON are exports: every record, oldest first, unless `--limit`
//! asks for only the newest.

use std::io::IsTerminal;

use super::exit;
use super::journal::{LogArgs, LogFormat, journal, load, print};
use super::text::{glyphs, one_line};
use crate::journal::diary::{Attack, Medication, Spans, Word};
use crate::journal::{EndReason, ExportRow, Filter, Rating, Record};
use crate::ui::view::text::{Glyphs, width, wrap};

/// The widest the table gets.
const MOST_CELLS: usize = 80;
/// The narrowest it is laid out for, however narrow the terminal.
const FEWEST_CELLS: usize = 40;
/// Rows of a terminal the default table leaves free: the prompt before
/// and after, and the line that says how many were shown.
const FREE_ROWS: usize = 4;

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
    let limit = args.limit.map(|n| usize::try_from(n).unwrap_or(usize::MAX));
    let text = match args.format {
        LogFormat::Table => {
            if records.is_empty() {
                nothing(args, &loaded.records)
            } else {
                records.reverse();
                let screen = std::io::stdout()
                    .is_terminal()
                    .then(|| ratatui::crossterm::terminal::size().ok())
                    .flatten();
                let cells = screen.map_or(MOST_CELLS, |(columns, _)| {
                    usize::from(columns).clamp(FEWEST_CELLS, MOST_CELLS)
                });
                let rows = match (limit, screen) {
                    (Some(_), _) | (None, None) => None,
                    (None, Some((_, rows))) => Some(usize::from(rows)),
                };
                table(&records, cells, limit, rows, glyphs())
            }
        }
        LogFormat::Csv | LogFormat::Json => {
            if records.is_empty() {
                eprintln!("{}", nothing(args, &loaded.records).trim_end());
            }
            if let Some(limit) = limit {
                records.drain(..records.len().saturating_sub(limit));
            }
            if args.format == LogFormat::Csv {
                csv(&records)?
            } else {
                json(&records)?
            }
        }
    };
    print(&text)?;
    Ok(exit::OK)
}

/// What to say when the filters leave nothing: "No entries for routine
/// X since DATE.", and which routines there are when the name matched none.
fn nothing(args: &LogArgs, all: &[Record]) -> String {
    let since = args.since.map(|d| d.format("%Y-%m-%d").to_string());
    let mut text = match (&args.routine, &since) {
        (None, None) => "No entries yet.".to_owned(),
        (Some(routine), None) => format!("No entries for routine {routine}."),
        (None, Some(date)) => format!("No entries since {date}."),
        (Some(routine), Some(date)) => format!("No entries for routine {routine} since {date}."),
    };
    text.push('\n');
    if let Some(routine) = &args.routine {
        let any_date = Filter {
            since: None,
            routine: Some(routine.clone()),
        };
        let mut titles: Vec<&str> = all
            .iter()
            .filter_map(Record::as_session)
            .map(|s| s.routine.title.as_str())
            .collect();
        titles.sort_unstable();
        titles.dedup();
        if !all.iter().any(|r| any_date.matches(r)) && !titles.is_empty() {
            let names: Vec<String> = titles.iter().map(|t| one_line(t, usize::MAX)).collect();
            let line = format!("Routines in the journal: {}.", names.join(", "));
            for part in wrap(&line, MOST_CELLS, usize::MAX, "") {
                text.push_str(&part);
                text.push('\n');
            }
        }
    }
    text
}

/// One entry of the table: its cells, and the lines under it.
struct Entry {
    cells: [String; 6],
    under: Vec<String>,
}

/// The table's columns: their headings, and which are right-aligned.
const HEADINGS: [&str; 6] = ["When", "Routine", "Min", "Outcome", "Pain", "Stress"];
const RIGHT: [bool; 6] = [false, false, true, false, false, false];
/// The most cells the outcome takes before it wraps.
const OUTCOME_CELLS: usize = 16;
/// The fewest cells the routine's title is given.
const TITLE_CELLS: usize = 12;

/// `records` (newest first) as a table `cells` wide: at most `limit`
/// entries, or as many as fit in a terminal of `rows` rows, or all; and a
/// line saying how many were left out, if any were.
fn table(
    records: &[&Record],
    cells: usize,
    limit: Option<usize>,
    rows: Option<usize>,
    g: &Glyphs,
) -> String {
    let attacks: Vec<&Attack> = records.iter().filter_map(|r| r.as_attack()).collect();
    let spans = Spans::new(&attacks, crate::journal::now());
    let entries: Vec<Entry> = records.iter().map(|r| entry(r, &spans, g)).collect();
    let fixed = |i: usize| {
        entries
            .iter()
            .map(|e| width(&e.cells[i]))
            .chain([width(HEADINGS[i])])
            .max()
            .unwrap_or(0)
    };
    let mut widths = [0; 6];
    for i in [0, 2, 4, 5] {
        widths[i] = fixed(i);
    }
    widths[3] = fixed(3).min(OUTCOME_CELLS);
    let gaps = 2 * (widths.len() - 1);
    let others: usize = widths.iter().sum::<usize>() + gaps;
    widths[1] = fixed(1).min(cells.saturating_sub(others).max(TITLE_CELLS));
    // The lines under a row start under the title.
    let indent = widths[0] + 2;

    let mut out = vec![line(&HEADINGS.map(str::to_owned), &widths)];
    let room = rows.map(|r| r.saturating_sub(FREE_ROWS).max(2));
    let mut shown = 0;
    for e in &entries {
        let mut lines = row(&e.cells, &widths);
        for under in &e.under {
            for part in wrap(under, cells.saturating_sub(indent).max(1), usize::MAX, "") {
                lines.push(format!("{}{part}", " ".repeat(indent)));
            }
        }
        let full = limit.is_some_and(|n| shown >= n)
            || room.is_some_and(|r| shown > 0 && out.len() + lines.len() > r);
        if full {
            break;
        }
        out.extend(lines);
        shown += 1;
    }
    let mut text: String = out.iter().map(|l| format!("{}\n", l.trim_end())).collect();
    if shown < entries.len() {
        let words = format!(
            "The {shown} newest of {} entries; --limit N shows more, and `stillpoint log | less` all of them.",
            entries.len()
        );
        for part in wrap(&words, cells, usize::MAX, "") {
            text.push_str(&part);
            text.push('\n');
        }
    }
    text
}

/// The table's cells, each wrapped in its column: as many lines as the
/// tallest cell needs.
fn row(cells: &[String; 6], widths: &[usize; 6]) -> Vec<String> {
    let wrapped: Vec<Vec<String>> = cells
        .iter()
        .zip(widths)
        .map(|(cell, &w)| wrap(cell, w.max(1), usize::MAX, ""))
        .collect();
    let height = wrapped.iter().map(Vec::len).max().unwrap_or(1);
    (0..height)
        .map(|i| {
            let parts: [String; 6] =
                std::array::from_fn(|c| wrapped[c].get(i).cloned().unwrap_or_default());
            line(&parts, widths)
        })
        .collect()
}

/// One line of cells, padded to their columns, two spaces apart.
fn line(cells: &[String; 6], widths: &[usize; 6]) -> String {
    let mut line = String::new();
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            line.push_str("  ");
        }
        let pad = " ".repeat(widths[i].saturating_sub(width(cell)));
        if RIGHT[i] {
            line.push_str(&pad);
            line.push_str(cell);
        } else {
            line.push_str(cell);
            line.push_str(&pad);
        }
    }
    line
}

fn entry(record: &Record, attacks: &Spans, g: &Glyphs) -> Entry {
    let when = record.time().format("%Y-%m-%d %H:%M").to_string();
    let clean = |text: &str| one_line(text, usize::MAX);
    match record {
        Record::Session(s) => {
            let mut under = Vec::new();
            if !s.counts() {
                under.push("not counted: less than half of it was played".to_owned());
            }
            under.extend(s.note.as_deref().map(clean).filter(|n| !n.is_empty()));
            Entry {
                cells: [
                    when,
                    clean(&s.routine.title),
                    s.minutes().to_string(),
                    outcome(s.outcome.reason()).to_owned(),
                    match (s.pain_before, s.pain_after) {
                        (None, None) => String::new(),
                        (before, after) => {
                            format!("{} {} {}", rating(before, g), g.to, rating(after, g))
                        }
                    },
                    String::new(),
                ],
                under,
            }
        }
        Record::Checkin(c) => {
            let mut notes: Vec<String> = c.symptoms.iter().map(|s| s.name().to_owned()).collect();
            notes.extend(c.other_symptoms.iter().map(|o| clean(o)));
            notes.extend(c.note.as_deref().map(clean));
            notes.retain(|n| !n.is_empty());
            Entry {
                cells: [
                    when,
                    "check-in".to_owned(),
                    String::new(),
                    String::new(),
                    c.pain.map(|p| p.to_string()).unwrap_or_default(),
                    c.stress.map(|p| p.to_string()).unwrap_or_default(),
                ],
                under: if notes.is_empty() {
                    Vec::new()
                } else {
                    vec![notes.join(g.sep)]
                },
            }
        }
        Record::Attack(a) => attack_entry(a, when, g),
        Record::Medication(m) => medication_entry(m, when, attacks, g),
        Record::Midas(m) => Entry {
            cells: [
                when,
                format!("MIDAS score {}", m.score()),
                String::new(),
                format!("grade {}", m.grade()),
                String::new(),
                String::new(),
            ],
            under: vec![format!(
                "{}{}answers {}{}headache days {}{}average pain {}",
                m.grade().meaning(),
                g.sep,
                m.answers.map(|d| d.to_string()).join(", "),
                g.sep,
                m.headache_days,
                g.sep,
                m.average_pain
            )],
        },
    }
}

/// An attack: what the person called it, its length in minutes, whether
/// it goes on, its peak; everything else said about it under the row.
fn attack_entry(a: &Attack, when: String, g: &Glyphs) -> Entry {
    let clean = |text: &str| one_line(text, usize::MAX);
    let names = |words: Vec<&str>| words.join(", ");
    let mut about: Vec<String> = Vec::new();
    if a.sudden {
        about.push("sudden or the worst ever".to_owned());
    }
    about.extend(a.side.map(|s| format!("side: {s}")));
    if !a.areas.is_empty() {
        about.push(names(a.areas.iter().map(|w| w.name()).collect()));
    }
    about.extend(a.quality.map(|q| q.name().to_owned()));
    if a.aura {
        about.push("aura".to_owned());
    }
    if !a.symptoms.is_empty() {
        about.push(names(a.symptoms.iter().map(|w| w.name()).collect()));
    }
    if !a.triggers.is_empty() {
        let triggers: Vec<String> = a.triggers.iter().map(|t| clean(t)).collect();
        about.push(format!("triggers: {}", triggers.join(", ")));
    }
    about.extend(a.note.as_deref().map(clean));
    about.retain(|n| !n.is_empty());
    let what = match a.headache_type {
        Some(kind) => format!("attack: {kind}"),
        None => "attack".to_owned(),
    };
    let outcome = match a.end {
        None => "ongoing".to_owned(),
        Some(end) if end.date_naive() == a.start.date_naive() => {
            format!("to {}", end.format("%H:%M"))
        }
        Some(end) => format!("to {}", end.format("%-d %b %H:%M")),
    };
    Entry {
        cells: [
            when,
            what,
            a.length()
                .map(|d| d.num_minutes().to_string())
                .unwrap_or_default(),
            outcome,
            a.peak.map(|p| format!("peak {p}")).unwrap_or_default(),
            String::new(),
        ],
        under: if about.is_empty() {
            Vec::new()
        } else {
            vec![about.join(g.sep)]
        },
    }
}

/// An intake: the medicine and its class, how well it helped; its dose
/// and the attack it was taken in under the row.
fn medication_entry(m: &Medication, when: String, attacks: &Spans, g: &Glyphs) -> Entry {
    let mut about: Vec<String> = m
        .dose
        .as_deref()
        .map(|d| one_line(d, usize::MAX))
        .into_iter()
        .collect();
    let during = attacks.attack_at(m.time);
    about.extend(during.map(|a| {
        format!(
            "during the attack from {}",
            a.start.format("%Y-%m-%d %H:%M")
        )
    }));
    about.retain(|n| !n.is_empty());
    Entry {
        cells: [
            when,
            format!("{} ({})", one_line(&m.name, usize::MAX), m.class),
            String::new(),
            m.effect.map(|e| format!("effect: {e}")).unwrap_or_default(),
            String::new(),
            String::new(),
        ],
        under: if about.is_empty() {
            Vec::new()
        } else {
            vec![about.join(g.sep)]
        },
    }
}

/// How a session ended, in a few words.
fn outcome(reason: Option<EndReason>) -> &'static str {
    match reason {
        None => "completed",
        Some(EndReason::Quit) => "ended: quit",
        Some(EndReason::CtrlC) => "ended: Ctrl-C",
        Some(EndReason::Signal) => "ended: signal",
        Some(EndReason::TerminalClosed) => "ended: terminal closed",
        Some(EndReason::Skipped) => "skipped to the end",
        Some(EndReason::Failed) => "ended: failed",
    }
}

fn rating(rating: Option<Rating>, g: &Glyphs) -> String {
    rating.map_or(g.none.to_owned(), |r| r.to_string())
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::{CheckIn, Outcome, RoutineRef, Session};
    use crate::ui::view::text::{UNICODE, glyphs_for};
    use chrono::DateTime;

    fn session(title: &str, day: u32, note: Option<&str>) -> Record {
        let start =
            DateTime::parse_from_rfc3339(&format!("2025-03-{day:02}T08:15:00+01:00")).unwrap();
        Session {
            planned_seconds: 600,
            active_seconds: 600,
            pain_before: Rating::new(6),
            pain_after: Rating::new(3),
            note: note.map(str::to_owned),
            ..Session::new(
                RoutineRef::new(title, Some("x.toml".into()), title),
                start,
                start + chrono::Duration::minutes(10),
                Outcome::Completed,
            )
        }
        .into()
    }

    fn newest_first(records: &[Record]) -> Vec<&Record> {
        records.iter().rev().collect()
    }

    #[test]
    fn long_titles_and_notes_wrap_within_80_columns() {
        let note = "slept badly and the neck was stiff all morning, the warm compress helped most of all, again";
        let records = vec![
            session(
                "A routine with a title far too long for its column in the table",
                1,
                Some(note),
            ),
            session("Desk reset", 2, None),
        ];
        let text = table(&newest_first(&records), 80, None, None, &UNICODE);
        for line in text.lines() {
            assert!(width(line) <= 80, "{}: {line}", width(line));
        }
        let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
        // The title wrapped in its column, every word of it.
        let title: Vec<String> = text
            .lines()
            .skip(2)
            .take(3)
            .map(|l| l.chars().skip(18).take(31).collect::<String>())
            .collect();
        let title: Vec<&str> = title.iter().map(|t| t.trim()).collect();
        assert_eq!(
            title.join(" "),
            "A routine with a title far too long for its column in the table",
            "{text}"
        );
        assert!(joined.contains(note), "the note whole: {text}");
        assert!(!text.contains('…'), "{text}");
        // Newest first, the note under its row, from the title's column.
        let lines: Vec<&str> = text.lines().collect();
        assert!(
            lines[1].starts_with("2025-03-02 08:15  Desk reset"),
            "{text}"
        );
        assert!(
            lines[2].starts_with("2025-03-01 08:15  A routine"),
            "{text}"
        );
        let note_line = lines.iter().find(|l| l.contains("slept badly")).unwrap();
        assert!(note_line.starts_with(&" ".repeat(18)), "{text}");
    }

    #[test]
    fn a_screenful_leaves_room_for_the_prompt_and_says_what_was_left_out() {
        let records: Vec<Record> = (1..=28).map(|d| session("Desk reset", d, None)).collect();
        let text = table(&newest_first(&records), 80, None, Some(24), &UNICODE);
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines.len() <= 24 - 2, "{text}");
        assert!(lines[1].starts_with("2025-03-28"), "newest first: {text}");
        assert!(
            text.contains("The 19 newest of 28 entries; --limit N shows more"),
            "{text}"
        );
        let five = table(&newest_first(&records), 80, Some(5), None, &UNICODE);
        assert_eq!(
            five.lines().filter(|l| l.starts_with("2025")).count(),
            5,
            "{five}"
        );
        assert!(five.contains("The 5 newest of 28 entries"), "{five}");
        let all = table(&newest_first(&records), 80, None, None, &UNICODE);
        assert_eq!(all.lines().count(), 29, "{all}");
    }

    #[test]
    fn ascii_mode_prints_only_ascii() {
        let mut checkin =
            CheckIn::new(DateTime::parse_from_rfc3339("2025-03-03T20:00:00+01:00").unwrap());
        checkin.pain = Rating::new(4);
        checkin.symptoms = vec![crate::journal::Symptom::Nausea];
        checkin.note = Some("tired".into());
        let mut unrated = session("Desk reset", 2, None);
        if let Record::Session(s) = &mut unrated {
            s.pain_before = None;
        }
        let records = vec![session("Desk reset", 1, None), unrated, checkin.into()];
        let text = table(&newest_first(&records), 80, None, None, glyphs_for(true));
        assert!(text.is_ascii(), "{text}");
        assert!(text.contains("6 -> 3") && text.contains("- -> 3"), "{text}");
        assert!(text.contains("nausea - tired"), "{text}");
        let unicode = table(&newest_first(&records), 80, None, None, &UNICODE);
        assert!(
            unicode.contains("– → 3") && unicode.contains("nausea · tired"),
            "{unicode}"
        );
    }
}
