//! `stillpoint stats`: the week rows, streak, weekly goal and pain relief.

use std::fmt::Write as _;

use super::exit;
use super::journal::{StatsArgs, config, journal, load, print};
use super::text::{columns, glyphs, one_line};
use crate::config::{resolve, vars};
use crate::journal::now;
use crate::journal::stats::{Average, Summary, WeekRow, summarise};

/// Prints the summary of the journal as of today.
pub fn run(args: &StatsArgs) -> Result<u8, u8> {
    let config = config()?;
    let goal = resolve(args.goal, vars::WEEKLY_GOAL, config.weekly_goal).map_err(|e| {
        eprintln!("error: {e}");
        exit::ENVIRONMENT
    })?;
    let loaded = load(&journal()?)?;
    let today = now().date_naive();
    let summary = summarise(
        &loaded.records,
        today,
        usize::from(args.weeks),
        goal.sessions(),
    );
    let text = if args.json {
        let mut text = serde_json::to_string_pretty(&summary).map_err(|e| {
            eprintln!("error: could not format the figures: {e}");
            exit::ENVIRONMENT
        })?;
        text.push('\n');
        text
    } else {
        report(&summary, config.streak)
    };
    print(&text)?;
    Ok(exit::OK)
}

/// The summary as a person reads it.
fn report(s: &Summary, streak: bool) -> String {
    let mut out = String::new();
    let days = if s.streak == 1 { "day" } else { "days" };
    // Writing to a String cannot fail.
    let _ = writeln!(
        out,
        "Goal:       {} ({} min)",
        s.goal,
        s.this_week.minutes()
    );
    if streak {
        let _ = writeln!(out, "Streak:     {} {days} in a row", s.streak);
    }
    let _ = write!(out, "In all:     {}", count(s.sessions, "session"));
    if s.not_counted > 0 {
        let _ = write!(
            out,
            " (and {} too short to count)",
            count(s.not_counted, "session")
        );
    }
    let _ = writeln!(out, "{}{}", glyphs().sep, count(s.checkins, "check-in"));
    let _ = writeln!(out, "Relief:     {}", relief(s.relief.overall));
    out.push('\n');
    out.push_str(&columns(&week_table(&s.weeks), &[1, 2, 3, 4, 5, 6]));
    out.push_str(
        "\nRelief: pain before minus after, over the sessions rated both (how many).\n\
         Days not recorded have nothing in the journal: not counted as headache-free.\n",
    );
    if !s.relief.per_routine.is_empty() {
        out.push('\n');
        let mut routines = vec![
            ["Routine", "Sessions", "Relief"]
                .map(str::to_owned)
                .to_vec(),
        ];
        routines.extend(s.relief.per_routine.iter().map(|r| {
            vec![
                one_line(&r.title, 40),
                r.sessions.to_string(),
                r.relief
                    .map_or("not rated yet".to_owned(), |a| relief(Some(a))),
            ]
        }));
        out.push_str(&columns(&routines, &[1]));
    }
    out
}

/// The week rows under a two-line heading: sessions done, minutes, the
/// relief of the sessions rated both before and after and how many, the
/// check-ins' pain and how many, headache days, medicine days and how many
/// days were recorded.
fn week_table(weeks: &[WeekRow]) -> Vec<Vec<String>> {
    let none = glyphs().none;
    let heading = |words: [&str; 8]| words.map(str::to_owned).to_vec();
    let mut rows = vec![
        heading([
            "", "", "", "Relief", "Check-in", "Headache", "Medicine", "Days",
        ]),
        heading([
            "Week", "Sessions", "Minutes", "(n)", "pain (n)", "days", "days", "recorded",
        ]),
    ];
    for w in weeks {
        let relief = w.relief.map_or(none.to_owned(), |r| {
            format!("{:.1} ({})", r.mean, r.sessions)
        });
        let checkins = w.checkin_pain.map_or(none.to_owned(), |c| {
            format!("{:.1} ({})", c.mean, c.checkins)
        });
        let (headache, recorded) = if w.recorded() {
            (
                w.headache_days.to_string(),
                format!("{} of {}", w.recorded_days, w.days),
            )
        } else {
            (none.to_owned(), "not recorded".to_owned())
        };
        rows.push(vec![
            w.week.to_string(),
            w.sessions.to_string(),
            w.minutes().to_string(),
            relief,
            checkins,
            headache,
            w.medication_days.to_string(),
            recorded,
        ]);
    }
    rows
}

/// "1 session", "3 sessions".
fn count(n: u32, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// "2.5 points less pain (over 8 rated sessions)".
fn relief(average: Option<Average>) -> String {
    match average {
        None => "no sessions rated before and after yet".to_owned(),
        Some(a) => {
            let change = if a.mean >= 0.0 { "less" } else { "more" };
            let over = count(a.sessions, "rated session");
            format!("{:.1} points {change} pain (over {over})", a.mean.abs())
        }
    }
}
