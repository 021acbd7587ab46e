//! `stillpoint stats`: weeks, streak, weekly goal and pain relief.

use std::fmt::Write as _;

use super::exit;
use super::journal::{StatsArgs, config, journal, load, print};
use super::text::{columns, glyphs, one_line};
use crate::config::{resolve, vars};
use crate::journal::now;
use crate::journal::stats::{Average, Summary, summarise};

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
        report(&summary)
    };
    print(&text)?;
    Ok(exit::OK)
}

/// The summary as a person reads it.
fn report(s: &Summary) -> String {
    let mut out = String::new();
    let days = if s.streak == 1 { "day" } else { "days" };
    // Writing to a String cannot fail.
    let _ = writeln!(
        out,
        "Goal:       {} ({} min)",
        s.goal,
        s.this_week.minutes()
    );
    let _ = writeln!(out, "Streak:     {} {days} in a row", s.streak);
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
    let mut weeks = vec![
        ["Week", "Sessions", "Minutes", "Pain before", "Pain after"]
            .map(str::to_owned)
            .to_vec(),
    ];
    for (week, pain) in s.weeks.iter().zip(&s.pain) {
        weeks.push(vec![
            week.week.to_string(),
            week.sessions.to_string(),
            week.minutes().to_string(),
            mean(pain.before),
            mean(pain.after),
        ]);
    }
    out.push_str(&columns(&weeks, &[1, 2, 3, 4]));
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

/// "1 session", "3 sessions".
fn count(n: u32, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

fn mean(value: Option<f64>) -> String {
    value.map_or(glyphs().none.to_owned(), |v| format!("{v:.1}"))
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
