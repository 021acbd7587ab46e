use chrono::{DateTime, FixedOffset, NaiveDate};

use super::*;
use crate::journal::stats::summarise;
use crate::journal::{Rating, RoutineRef};
use crate::ui::theme::Theme;
use crate::ui::view::testing::{assert_calm, draw, look, rows, screen};

fn at(time: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(time).unwrap()
}

fn session(title: &str, start: &str, minutes: u32, pain: Option<(u8, u8)>) -> Record {
    let start = at(start);
    let routine = RoutineRef::new(title, Some(format!("{title}.toml")), title);
    Session {
        planned_seconds: minutes * 60,
        active_seconds: minutes * 60,
        steps_done: 3,
        steps_total: 3,
        pain_before: pain.and_then(|p| Rating::new(p.0)),
        pain_after: pain.and_then(|p| Rating::new(p.1)),
        ..Session::new(
            routine,
            start,
            start + chrono::Duration::minutes(minutes.into()),
            Outcome::Completed,
        )
    }
    .into()
}

fn checkin(time: &str, pain: u8, stress: u8) -> Record {
    CheckIn {
        pain: Rating::new(pain),
        stress: Rating::new(stress),
        ..CheckIn::new(at(time))
    }
    .into()
}

/// Five weeks of sessions, the last three days in a row, and a check-in.
fn journal() -> Vec<Record> {
    let mut quit = session("Still point", "2025-03-04T12:00:00+01:00", 15, Some((5, 4)));
    if let Record::Session(s) = &mut quit {
        s.outcome = Outcome::EndedEarly {
            reason: EndReason::Quit,
        };
    }
    vec![
        session("Desk reset", "2025-02-10T09:00:00+01:00", 10, Some((9, 6))),
        session("Desk reset", "2025-02-18T09:00:00+01:00", 10, Some((8, 5))),
        session("Desk reset", "2025-02-25T09:00:00+01:00", 10, Some((7, 4))),
        session("Desk reset", "2025-03-03T08:15:00+01:00", 10, Some((6, 3))),
        quit,
        checkin("2025-03-04T21:00:00+01:00", 4, 6),
        session("Desk reset", "2025-03-05T07:30:00+01:00", 12, None),
    ]
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 3, 5).unwrap()
}

fn newest_first(records: &[Record]) -> Vec<Record> {
    records.iter().rev().cloned().collect()
}

/// The figures column (left of the chart) as one line of words.
fn figures_text(buf: &ratatui::buffer::Buffer) -> String {
    let column: Vec<String> = rows(buf)
        .iter()
        .map(|r| r.chars().take(80 - 2 - CHART_CELLS as usize).collect())
        .collect();
    column
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The chart's plot rows, from the y labels to the right edge.
fn plot_rows(buf: &ratatui::buffer::Buffer) -> Vec<String> {
    rows(buf)[3..10]
        .iter()
        .map(|r| r.chars().skip(80 - 1 - CHART_CELLS as usize).collect())
        .collect()
}

fn view<'a>(summary: &'a Summary, recent: &'a [Record], problems: usize) -> HistoryView<'a> {
    HistoryView {
        summary,
        recent,
        problems,
        unreadable: None,
        look: look(),
    }
}

#[test]
fn shows_the_week_the_goal_the_streak_and_relief() {
    let records = journal();
    let summary = summarise(&records, today(), 8, 4);
    let recent = newest_first(&records);
    let buf = draw(&view(&summary, &recent, 0), 80, 24);
    assert_calm(&buf);
    let text = screen(&buf);
    assert!(rows(&buf)[0].contains("Stillpoint · history"), "{text}");
    assert!(
        rows(&buf)[0].contains("6 sessions and 1 check-in in all"),
        "{text}"
    );
    let figures = figures_text(&buf);
    for words in [
        "This week: 3 sessions, 37 min",
        "Goal: 3 of 4 sessions this week",
        "Streak: 3 days in a row",
        "Pain eased by 2.6 points on average, over 5 rated sessions",
        "Desk reset: eased 3.0 (4 rated)",
        "Still point: eased 1.0 (1 rated)",
    ] {
        assert!(figures.contains(words), "{words}: {text}");
    }
    assert!(rows(&buf)[23].contains("Esc back"), "{text}");
    assert!(!text.contains("damaged"), "{text}");
}

#[test]
fn lists_recent_sessions_and_check_ins() {
    let records = journal();
    let summary = summarise(&records, today(), 8, 4);
    let recent = newest_first(&records);
    let buf = draw(&view(&summary, &recent, 0), 80, 24);
    let rows = rows(&buf);
    let text = screen(&buf);
    let row = |start: &str| {
        rows.iter()
            .find(|r| r.trim_start().starts_with(start))
            .unwrap_or_else(|| panic!("no row {start}: {text}"))
            .clone()
    };
    assert!(text.contains("Recent"), "{text}");
    let newest = row("Wed 5 Mar 07:30");
    assert!(
        newest.contains("Desk reset") && newest.contains("12 min"),
        "{text}"
    );
    assert!(
        newest.contains("not rated") && newest.contains("completed"),
        "{text}"
    );
    let checkin = row("Tue 4 Mar 21:00");
    assert!(
        checkin.contains("check-in") && checkin.contains("pain 4"),
        "{text}"
    );
    assert!(checkin.contains("stress 6"), "{text}");
    let quit = row("Tue 4 Mar 12:00");
    assert!(
        quit.contains("Still point") && quit.contains("pain 5 → 4"),
        "{text}"
    );
    assert!(quit.contains("ended early"), "{text}");
    let monday = row("Mon 3 Mar 08:15");
    assert!(
        monday.contains("pain 6 → 3") && monday.contains("10 min"),
        "{text}"
    );
    // The columns line up.
    assert_eq!(newest.find("min"), monday.find("min"), "{text}");
}

#[test]
fn charts_pain_before_and_after_with_a_legend_in_words() {
    let records = journal();
    let summary = summarise(&records, today(), 8, 4);
    let recent = newest_first(&records);
    let buf = draw(&view(&summary, &recent, 0), 80, 24);
    let text = screen(&buf);
    assert!(text.contains("Pain by week"), "{text}");
    assert!(text.contains("• before  × after"), "{text}");
    assert!(text.contains("this week"), "{text}");
    assert!(text.contains("13 Jan"), "the oldest week's Monday: {text}");
    // Four weeks have ratings (the last session has none, but the
    // week's other two do): a pair of marks for each.
    let plot = plot_rows(&buf);
    let joined = plot.join("\n");
    assert_eq!(joined.matches('•').count(), 4, "{joined}");
    assert_eq!(joined.matches('×').count(), 4, "{joined}");
    assert!(plot[0].starts_with("10│"), "{joined}");
    assert!(plot[6].starts_with(" 0│"), "{joined}");
    // Higher pain is higher up: the first rated week's before (9) is
    // above its after (6), and left of it.
    let at = |c: char| {
        let row = plot.iter().position(|r| r.contains(c)).unwrap();
        (row, plot[row].chars().position(|x| x == c).unwrap())
    };
    let (before, after) = (at('•'), at('×'));
    assert!(before.0 < after.0 && before.1 < after.1, "{joined}");
    assert!(text.contains('└'), "{text}");
}

#[test]
fn the_marks_differ_by_shape_in_mono_and_ascii() {
    let records = journal();
    let summary = summarise(&records, today(), 8, 4);
    let recent = newest_first(&records);
    let mut history = view(&summary, &recent, 2);
    history.look = Look {
        palette: Theme::Mono.palette(false),
        reduced_motion: true,
        ascii: true,
    };
    let buf = draw(&history, 80, 24);
    assert_calm(&buf);
    let text = screen(&buf);
    assert!(text.is_ascii(), "{text}");
    assert!(text.contains("o before  x after"), "{text}");
    assert!(text.contains("pain 6 -> 3"), "{text}");
    assert!(text.contains('+') && text.contains("|"), "{text}");
    assert!(
        text.contains("2 damaged journal lines were skipped"),
        "{text}"
    );
    let plot = plot_rows(&buf).join("\n");
    assert_eq!(plot.matches('o').count(), 4, "{plot}");
    assert_eq!(plot.matches('x').count(), 4, "{plot}");
}

#[test]
fn an_empty_journal_says_what_will_come() {
    let summary = summarise(&[], today(), 8, 3);
    let buf = draw(&view(&summary, &[], 0), 80, 24);
    assert_calm(&buf);
    let text = screen(&buf);
    assert!(
        text.contains("No sessions yet. Your sessions will appear here."),
        "{text}"
    );
    assert!(text.contains("Esc back"), "{text}");
    assert!(!text.contains("Pain by week"), "{text}");
    let damaged = screen(&draw(&view(&summary, &[], 1), 80, 24));
    assert!(
        damaged.contains("1 damaged journal line was skipped"),
        "{damaged}"
    );
}

#[test]
fn no_ratings_and_no_streak_are_said_in_words() {
    let records = vec![session("Desk reset", "2025-02-20T09:00:00+01:00", 10, None)];
    let summary = summarise(&records, today(), 8, 1);
    let buf = draw(&view(&summary, &records, 0), 80, 24);
    assert_calm(&buf);
    let text = screen(&buf);
    let figures = figures_text(&buf);
    assert!(figures.contains("Goal: 0 of 1 session this week"), "{text}");
    assert!(
        figures.contains("Streak: none — a session today starts one"),
        "{text}"
    );
    assert!(figures.contains("No rated sessions yet"), "{text}");
    assert!(
        figures.contains("Desk reset: 1 session, none rated"),
        "{text}"
    );
    assert!(text.contains("No pain ratings"), "{text}");
}

#[test]
fn many_routines_end_with_how_many_more() {
    // Nine days in a row up to today, a different routine each day.
    let days = [
        "02-25", "02-26", "02-27", "02-28", "03-01", "03-02", "03-03", "03-04", "03-05",
    ];
    let records: Vec<Record> = days
        .iter()
        .enumerate()
        .map(|(i, day)| {
            session(
                &format!("Routine {}", i + 1),
                &format!("2025-{day}T09:00:00+01:00"),
                5,
                Some((5, 3)),
            )
        })
        .collect();
    let summary = summarise(&records, today(), 8, 3);
    let recent = newest_first(&records);
    let text = screen(&draw(&view(&summary, &recent, 0), 80, 24));
    assert!(text.contains("and 6 more routines"), "{text}");
    assert!(text.contains("9 sessions in all"), "{text}");
    assert!(text.contains("Streak: 9 days in a row"), "{text}");
    assert!(
        text.contains("Goal: 3 of 3 sessions this week (met)"),
        "{text}"
    );
}

#[test]
fn draws_at_any_size_without_panicking() {
    let records = journal();
    let recent = newest_first(&records);
    for weeks in [1, 8, 52] {
        let summary = summarise(&records, today(), weeks, 4);
        for (w, h) in [(0, 0), (1, 1), (12, 4), (40, 10), (79, 23), (200, 60)] {
            assert_calm(&draw(&view(&summary, &recent, 3), w, h));
            assert_calm(&draw(&view(&summary, &[], 0), w, h));
        }
    }
}
