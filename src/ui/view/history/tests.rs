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

fn attack(start: &str, end: Option<&str>, peak: u8) -> Record {
    Attack {
        end: end.map(at),
        peak: Rating::new(peak),
        ..Attack::new(at(start))
    }
    .into()
}

/// A check-in every day for the four weeks up to today, its pain
/// rising and falling.
fn daily_checkins() -> Vec<Record> {
    (0..28)
        .map(|i| {
            let time = at("2025-03-05T20:00:00+01:00") - chrono::Duration::days(27 - i);
            checkin(&time.to_rfc3339(), [2, 3, 5, 7, 4, 2, 1][i as usize % 7], 3)
        })
        .collect()
}

/// Sessions, check-ins and two attacks, the later one still going on.
fn with_attacks() -> Vec<Record> {
    let mut records = journal();
    records.push(attack(
        "2025-02-18T06:00:00+01:00",
        Some("2025-02-19T10:00:00+01:00"),
        8,
    ));
    records.push(attack("2025-03-04T11:00:00+01:00", None, 6));
    records.push(checkin("2025-02-26T20:00:00+01:00", 2, 3));
    records
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

/// The chart's plot rows at 80×24, eleven of them (pain 10 down to 0),
/// from the y labels to the right edge.
fn plot_rows(buf: &ratatui::buffer::Buffer) -> Vec<String> {
    rows(buf)[3..14]
        .iter()
        .map(|r| r.chars().skip(80 - 1 - CHART_CELLS as usize).collect())
        .collect()
}

/// The view scrolled to `scroll`.
fn scrolled<'a>(summary: &'a Summary, recent: &'a [Record], scroll: usize) -> HistoryView<'a> {
    HistoryView {
        scroll,
        ..view(summary, recent, 0)
    }
}

fn view<'a>(summary: &'a Summary, recent: &'a [Record], problems: usize) -> HistoryView<'a> {
    HistoryView {
        summary: Some(summary),
        recent,
        problems,
        scroll: 0,
        unreadable: None,
        streak: true,
        look: look(),
    }
}

#[test]
fn without_the_streak_the_history_says_nothing_of_one() {
    let records = journal();
    let summary = summarise(&records, today(), 8, 3);
    let shown = screen(&draw(&view(&summary, &records, 0), 80, 24));
    assert!(shown.contains("Streak"), "{shown}");
    let hidden = HistoryView {
        streak: false,
        ..view(&summary, &records, 0)
    };
    let shown = screen(&draw(&hidden, 80, 24));
    assert!(!shown.contains("Streak"), "{shown}");
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
fn charts_pain_day_by_day_with_a_legend_in_words() {
    let records = journal();
    let summary = summarise(&records, today(), 8, 4);
    let recent = newest_first(&records);
    let buf = draw(&view(&summary, &recent, 0), 80, 24);
    let text = screen(&buf);
    assert!(text.contains("• before × after + check-in"), "{text}");
    assert!(
        text.contains("! attack · no attack ? not recorded"),
        "{text}"
    );
    // The weeks as `stats` names them, under their Mondays: the oldest
    // shown with its year, and this week.
    let dates = &rows(&buf)[15];
    assert!(dates.contains("2025-W06"), "the oldest week: {text}");
    assert!(dates.trim_end().ends_with("W10"), "this week: {text}");
    // Five days with a session rated both: a pair of marks on each.
    let plot = plot_rows(&buf);
    let joined = plot.join("\n");
    assert_eq!(joined.matches('•').count(), 5, "{joined}");
    assert_eq!(joined.matches('×').count(), 5, "{joined}");
    assert!(plot[0].starts_with("10│"), "{joined}");
    assert!(plot[2].starts_with(" 8│"), "{joined}");
    assert!(plot[10].starts_with(" 0│"), "{joined}");
    // One row a point: the first rated day's before (9) and after (6)
    // are three rows apart, in one column.
    let at = |c: char| {
        let row = plot.iter().position(|r| r.contains(c)).unwrap();
        (row, plot[row].chars().position(|x| x == c).unwrap())
    };
    let (before, after) = (at('•'), at('×'));
    assert_eq!(after.0 - before.0, 3, "{joined}");
    assert_eq!(before.1, after.1, "{joined}");
    assert!(rows(&buf)[14].contains('└'), "{text}");
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
    assert!(text.contains("o before x after + check-in"), "{text}");
    assert!(
        text.contains("! attack . no attack ? not recorded"),
        "{text}"
    );
    assert!(text.contains("pain 5 -> 4"), "{text}");
    assert!(text.contains('+') && text.contains("|"), "{text}");
    assert!(
        text.contains("2 damaged journal lines were skipped"),
        "{text}"
    );
    let plot = plot_rows(&buf).join("\n");
    assert_eq!(plot.matches('o').count(), 5, "{plot}");
    assert_eq!(plot.matches('x').count(), 5, "{plot}");
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
    assert!(!text.contains("before"), "{text}");
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
    assert!(text.contains("and 2 more routines"), "{text}");
    for n in 1..=7 {
        assert!(text.contains(&format!("Routine {n}: eased 2.0")), "{text}");
    }
    // A taller screen has room for them all.
    let tall = screen(&draw(&view(&summary, &recent, 0), 80, 30));
    assert!(
        tall.contains("Routine 9: eased 2.0") && !tall.contains("more routines"),
        "{tall}"
    );
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

/// A session a week, the pain before falling by one point a week.
fn a_point_a_week() -> Vec<Record> {
    ["02-24", "03-03"]
        .iter()
        .zip([(6, 4), (5, 4)])
        .map(|(day, pain)| {
            session(
                "Desk reset",
                &format!("2025-{day}T09:00:00+01:00"),
                10,
                Some(pain),
            )
        })
        .collect()
}

#[test]
fn a_change_of_one_point_is_a_change_of_a_row() {
    let records = a_point_a_week();
    let summary = summarise(&records, today(), 8, 3);
    for (w, h) in [(80, 24), (80, 23), (100, 30), (160, 45)] {
        let buf = draw(&view(&summary, &records, 0), w, h);
        assert_calm(&buf);
        let rows = rows(&buf);
        let text = screen(&buf);
        let marks: Vec<(usize, usize)> = rows
            .iter()
            .enumerate()
            .filter(|(_, r)| !r.contains("before"))
            .flat_map(|(y, r)| {
                r.chars()
                    .enumerate()
                    .filter(|(_, c)| *c == '•')
                    .map(move |(x, _)| (y, x))
            })
            .collect();
        assert_eq!(marks.len(), 2, "{w}×{h}: {text}");
        // The later week is right of the earlier and one row lower.
        assert!(marks[0].1 != marks[1].1, "{text}");
        let (earlier, later) = if marks[0].1 < marks[1].1 {
            (marks[0], marks[1])
        } else {
            (marks[1], marks[0])
        };
        assert_eq!(later.0, earlier.0 + 1, "{w}×{h}: 6 then 5: {text}");
        // The same after (4) both weeks: one row.
        let afters: Vec<usize> = rows
            .iter()
            .enumerate()
            .filter(|(_, r)| r.contains('×') && !r.contains("after"))
            .map(|(y, _)| y)
            .collect();
        assert_eq!(afters.len(), 1, "{w}×{h}: {text}");
    }
}

/// Thirty sessions, a day apart, newest first, of three routines.
fn a_month() -> Vec<Record> {
    (0..30)
        .map(|i| {
            let start = at("2025-03-05T09:00:00+01:00") - chrono::Duration::days(i);
            let title =
                ["Desk reset", "Still point", "Box breathing"][usize::try_from(i % 3).unwrap()];
            session(title, &start.to_rfc3339(), 5, Some((5, 3)))
        })
        .collect()
}

#[test]
fn the_recent_list_scrolls_and_says_which_are_shown() {
    let recent = a_month();
    let summary = summarise(&recent, today(), 8, 3);
    let at_top = draw(&view(&summary, &recent, 0), 80, 24);
    let text = screen(&at_top);
    let shown = view(&summary, &recent, 0).recent_rows(at_top.area);
    assert!(shown >= 4, "{shown}: {text}");
    assert!(
        text.contains(&format!("1 to {shown} of 30 · ↓ to scroll")),
        "{text}"
    );
    // The rows by their dates: the newest, the fourth, the oldest.
    let day = |i: i64| {
        (at("2025-03-05T09:00:00+01:00") - chrono::Duration::days(i))
            .format("%a %-d %b 09:00")
            .to_string()
    };
    assert!(text.contains(&day(0)), "{text}");
    // Scrolled: the records after the first, and arrows both ways.
    let later = screen(&draw(&scrolled(&summary, &recent, 3), 80, 24));
    assert!(!later.contains(&day(0)), "{later}");
    assert!(later.contains(&day(3)), "{later}");
    assert!(
        later.contains(&format!("4 to {} of 30 · ↑/↓ to scroll", 3 + shown)),
        "{later}"
    );
    // Past the end it stays on the last page.
    let end = screen(&draw(&scrolled(&summary, &recent, 500), 80, 24));
    assert!(
        end.contains(&day(29)) && end.contains("of 30 · ↑ to scroll"),
        "{end}"
    );
    // A taller screen lists more.
    let tall = draw(&view(&summary, &recent, 0), 100, 40);
    assert!(view(&summary, &recent, 0).recent_rows(tall.area) >= shown + 15);
    // The keys say how.
    assert!(
        rows(&at_top)[23].contains("↑/↓ scroll · Esc back"),
        "{text}"
    );
}

#[test]
fn a_small_screen_keeps_the_figures_and_the_list() {
    let records = journal();
    let recent = newest_first(&records);
    let summary = summarise(&records, today(), 8, 4);
    for (w, h) in [(40, 12), (60, 20), (79, 23)] {
        let buf = draw(&view(&summary, &recent, 0), w, h);
        assert_calm(&buf);
        let text = screen(&buf);
        for words in [
            "This week: 3 sessions, 37 min",
            "Streak: 3 days in a row",
            "Recent",
            "Esc back",
        ] {
            assert!(text.contains(words), "{w}×{h}: {words}: {text}");
        }
        assert!(text.contains("5 Mar 07:30"), "{w}×{h}: {text}");
        assert!(!text.contains("…:"), "{w}×{h}: {text}");
    }
    let small = screen(&draw(&view(&summary, &recent, 0), 40, 12));
    assert!(
        small.contains("5 → 4"),
        "the short row keeps the pain: {small}"
    );
}

/// The row under the plot at 80×24 and 80×23: a mark for each day, the
/// newest at the right.
fn day_row(buf: &ratatui::buffer::Buffer) -> String {
    rows(buf)[14]
        .chars()
        .skip(80 - CHART_CELLS as usize + 2)
        .collect::<String>()
        .trim_end()
        .to_owned()
}

#[test]
fn check_ins_alone_are_charted() {
    let records = daily_checkins();
    let summary = summarise(&records, today(), 8, 3);
    let recent = newest_first(&records);
    for h in [24, 23] {
        let buf = draw(&view(&summary, &recent, 0), 80, h);
        assert_calm(&buf);
        let text = screen(&buf);
        assert!(!text.contains("No pain ratings"), "{text}");
        let plot = plot_rows(&buf).join("\n");
        // A check-in every day of the four weeks, each day on screen.
        assert_eq!(plot.matches('+').count(), 28, "80×{h}: {text}");
        assert!(!plot.contains('•') && !plot.contains('×'), "{text}");
        // The days before the first check-in are not recorded.
        let days = day_row(&buf);
        assert!(days.ends_with(&"·".repeat(28)), "80×{h}: {days}: {text}");
        assert!(days.starts_with('?'), "80×{h}: {days}: {text}");
    }
}

#[test]
fn attack_days_are_marked_and_unrecorded_days_said() {
    let records = with_attacks();
    let summary = summarise(&records, today(), 8, 3);
    let recent = newest_first(&records);
    for h in [24, 23] {
        let buf = draw(&view(&summary, &recent, 0), 80, h);
        let text = screen(&buf);
        let days = day_row(&buf);
        // 18 and 19 February, and 4 March to today (still going on).
        assert_eq!(days.matches('!').count(), 4, "80×{h}: {days}: {text}");
        assert!(days.ends_with("·!!"), "80×{h}: {days}: {text}");
        // Today is the last column; 18 February is fifteen days before.
        let at = |back: usize| days.chars().rev().nth(back).unwrap();
        assert_eq!((at(15), at(14)), ('!', '!'), "{days}");
        // 20 February has nothing: not recorded, never headache-free.
        assert_eq!(at(13), '?', "{days}");
        assert!(
            figures_text(&buf).contains("Headache days: 2 this week, 4 in 8 weeks"),
            "{text}"
        );
    }
}

#[test]
fn a_week_with_nothing_recorded_says_so() {
    let records = vec![session(
        "Desk reset",
        "2025-02-20T09:00:00+01:00",
        10,
        Some((5, 3)),
    )];
    let summary = summarise(&records, today(), 8, 3);
    let text = figures_text(&draw(&view(&summary, &records, 0), 80, 24));
    assert!(
        text.contains("Headache days: this week not recorded, 0 in 8 weeks"),
        "{text}"
    );
}

#[test]
fn the_history_as_it_looks() {
    for (name, records) in [
        ("checkins", daily_checkins()),
        ("sessions", a_month()),
        ("both", journal()),
        ("attacks", with_attacks()),
    ] {
        let summary = summarise(&records, today(), 8, 3);
        let recent = newest_first(&records);
        for h in [24, 23] {
            let buf = draw(&view(&summary, &recent, 0), 80, h);
            assert_calm(&buf);
            insta::assert_snapshot!(format!("history-{name}-80x{h}"), screen(&buf));
        }
    }
    let records = with_attacks();
    let summary = summarise(&records, today(), 8, 3);
    let recent = newest_first(&records);
    for theme in [Theme::Dim, Theme::Contrast, Theme::Mono] {
        let mut ascii = view(&summary, &recent, 0);
        ascii.look = Look {
            palette: theme.palette(false),
            reduced_motion: false,
            ascii: true,
        };
        let buf = draw(&ascii, 80, 24);
        assert_calm(&buf);
        assert!(screen(&buf).is_ascii());
        insta::assert_snapshot!(
            format!("history-attacks-ascii-{theme:?}-80x24"),
            screen(&buf)
        );
    }
}
