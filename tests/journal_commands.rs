//! `log`, `stats`, `checkin` and `paths` as a person meets them: the real
//! binary on hand-made journals, its exact output, its exports parsed back
//! by real parsers, and its exit codes.

mod journal_support;

use std::fs;

use chrono::{Duration, Local, SubsecRound};
use journal_support::{checkin, session, stillpoint, write_journal};
use stillpoint::journal::{ExportRow, Record, rfc3339};
use tempfile::TempDir;

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// Two sessions and two check-ins, with awkward notes.
fn journal_records() -> Vec<Record> {
    let mut rows = vec![
        session(
            "Desk reset",
            "2025-03-01T08:15:00+01:00",
            10,
            Some(6),
            Some(3),
        ),
        checkin("2025-03-01T20:00:00+01:00", 4),
        session(
            "Neck and shoulders",
            "2025-03-04T07:00:00-05:00",
            15,
            None,
            Some(2),
        ),
        checkin("2025-03-05T09:30:00+09:00", 7),
    ];
    if let Record::Session(s) = &mut rows[0] {
        s.note = Some("much better,\n\"really\" 😀".into());
    }
    if let Record::Checkin(c) = &mut rows[3] {
        c.note = Some("tired\tand\u{1b}[31m red".into());
        c.symptoms = vec![stillpoint::journal::Symptom::Nausea];
    }
    rows
}

#[test]
fn log_prints_an_aligned_table() {
    let dir = TempDir::new().unwrap();
    write_journal(dir.path(), &journal_records());
    let output = stillpoint(dir.path()).arg("log").output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    // Newest first; notes under their row, from the routine's column.
    assert_eq!(
        text(&output.stdout),
        "\
When              Routine             Min  Outcome    Pain   Stress
2025-03-05 09:30  check-in                            7
                  nausea · tired and [31m red
2025-03-04 07:00  Neck and shoulders   15  completed  – → 2
2025-03-01 20:00  check-in                            4
2025-03-01 08:15  Desk reset           10  completed  6 → 3
                  much better, \"really\" 😀
"
    );
    assert_eq!(text(&output.stderr), "");
}

#[test]
fn log_exports_csv_that_a_csv_parser_reads_back() {
    let dir = TempDir::new().unwrap();
    let records = journal_records();
    write_journal(dir.path(), &records);
    let output = stillpoint(dir.path())
        .args(["log", "--format", "csv"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let mut reader = csv::Reader::from_reader(output.stdout.as_slice());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(header, ExportRow::COLUMNS);
    let rows: Vec<ExportRow> = reader.deserialize().collect::<Result<_, _>>().unwrap();
    let expected: Vec<ExportRow> = records.iter().map(ExportRow::from).collect();
    assert_eq!(rows, expected);
    assert_eq!(rows[0].time, "2025-03-01T08:15:00+01:00");
    assert_eq!(rows[0].note.as_deref(), Some("much better,\n\"really\" 😀"));
    assert_eq!(rows[3].symptoms.as_deref(), Some("nausea"));
}

#[test]
fn log_exports_json_that_a_json_parser_reads_back() {
    let dir = TempDir::new().unwrap();
    let records = journal_records();
    write_journal(dir.path(), &records);
    let output = stillpoint(dir.path())
        .args(["log", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let parsed: Vec<Record> = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(parsed, records);
    let offsets: Vec<String> = parsed.iter().map(|r| rfc3339(&r.time())).collect();
    let expected: Vec<String> = records.iter().map(|r| rfc3339(&r.time())).collect();
    assert_eq!(offsets, expected);
}

#[test]
fn log_filters_by_date_and_routine() {
    let dir = TempDir::new().unwrap();
    let records = journal_records();
    write_journal(dir.path(), &records);
    let ids = |args: &[&str]| -> Vec<String> {
        let output = stillpoint(dir.path())
            .args(["log", "--format", "json"])
            .args(args)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
        let parsed: Vec<Record> = serde_json::from_slice(&output.stdout).unwrap();
        parsed.iter().map(|r| r.id().to_string()).collect()
    };
    let id = |i: usize| records[i].id().to_string();
    assert_eq!(ids(&["--since", "2025-03-04"]), [id(2), id(3)]);
    assert_eq!(ids(&["--routine", "desk RESET"]), [id(0)]);
    assert_eq!(ids(&["--routine", "neck-and-shoulders"]), [id(2)]);
    assert_eq!(
        ids(&["--routine", "desk-reset", "--since", "2025-03-02"]),
        Vec::<String>::new()
    );

    let bad = stillpoint(dir.path())
        .args(["log", "--since", "March"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(text(&bad.stderr).contains("`March` is not a date; write it as YYYY-MM-DD"));
}

#[test]
fn damaged_lines_are_warnings_and_the_rest_prints() {
    let dir = TempDir::new().unwrap();
    let journal = write_journal(dir.path(), &journal_records());
    let mut lines: Vec<String> = fs::read_to_string(journal.path())
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    lines[1] = "{\"type\":\"checkin\",".into();
    lines.push(r#"{"type":"session","version":3}"#.into());
    fs::write(journal.path(), lines.join("\n") + "\n").unwrap();
    let output = stillpoint(dir.path())
        .args(["log", "--format", "csv"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        text(&output.stderr),
        "warning: journal line 2 is damaged and was skipped: it ends before the record does\n\
         warning: journal line 5 was written by a newer Stillpoint (format 3) and is not shown; update Stillpoint to see it\n"
    );
    let rows = csv::Reader::from_reader(output.stdout.as_slice())
        .into_records()
        .count();
    assert_eq!(rows, 3);
}

/// Sessions on each of the last `days` days, at this time of day.
fn recent_sessions(days: i64) -> Vec<Record> {
    let now = Local::now().fixed_offset().trunc_subsecs(0);
    (0..days)
        .map(|back| {
            let start = now - Duration::days(back);
            session("Desk reset", &rfc3339(&start), 10, Some(5), Some(3))
        })
        .collect()
}

#[test]
fn stats_show_the_streak_goal_and_relief() {
    let dir = TempDir::new().unwrap();
    write_journal(dir.path(), &recent_sessions(3));
    let output = stillpoint(dir.path())
        .args(["stats", "--weeks", "2"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let shown = text(&output.stdout);
    assert!(shown.contains("Streak:     3 days in a row\n"), "{shown}");
    assert!(
        shown.contains("In all:     3 sessions · 0 check-ins\n"),
        "{shown}"
    );
    assert!(
        shown.contains("Relief:     2.0 points less pain (over 3 rated sessions)\n"),
        "{shown}"
    );
    assert!(
        shown.contains("Desk reset         3  2.0 points less pain (over 3 rated sessions)"),
        "{shown}"
    );
    assert!(shown.contains("sessions this week ("), "{shown}");

    let json = stillpoint(dir.path())
        .args(["stats", "--json"])
        .output()
        .unwrap();
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(value["streak"], 3);
    assert_eq!(value["weeks"].as_array().map(Vec::len), Some(8));
}

#[test]
fn the_weekly_goal_comes_from_flag_then_environment_then_config() {
    let dir = TempDir::new().unwrap();
    let config_dir = dir.path().join("config-home").join("stillpoint");
    fs::create_dir_all(&config_dir).unwrap();
    fs::write(config_dir.join("config.toml"), "weekly_goal = 2\n").unwrap();
    let goal = |env: Option<&str>, flag: Option<&str>| {
        let mut command = stillpoint(dir.path());
        command.arg("stats");
        if let Some(env) = env {
            command.env("STILLPOINT_WEEKLY_GOAL", env);
        }
        if let Some(flag) = flag {
            command.args(["--goal", flag]);
        }
        let output = command.output().unwrap();
        let shown = text(&output.stdout);
        let line = shown
            .lines()
            .find(|l| l.starts_with("Goal:"))
            .unwrap_or("")
            .to_owned();
        (output.status.code(), line, text(&output.stderr))
    };
    assert!(goal(None, None).1.contains("0 of 2 sessions"));
    assert!(goal(Some("4"), None).1.contains("0 of 4 sessions"));
    assert!(goal(Some("4"), Some("5")).1.contains("0 of 5 sessions"));
    let (code, _, stderr) = goal(Some("lots"), None);
    assert_eq!(code, Some(2));
    assert_eq!(
        stderr,
        "error: STILLPOINT_WEEKLY_GOAL is set to `lots`, but it must be a whole number of sessions from 1 to 21\n"
    );
}

#[test]
fn a_config_with_mistakes_is_reported_like_a_routine() {
    let dir = TempDir::new().unwrap();
    let config = dir.path().join("my-config.toml");
    fs::write(&config, "volume = 70\nweekly_gaol = 4\ntheme = \"neon\"\n").unwrap();
    let output = stillpoint(dir.path())
        .arg("stats")
        .env("STILLPOINT_CONFIG", &config)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let path = config.display();
    assert_eq!(
        text(&output.stderr),
        format!(
            "\
error: unknown key `weekly_gaol` in the config
 --> {path}:2:1
  |
2 | weekly_gaol = 4
  | ^^^^^^^^^^^ did you mean `weekly_goal`?
error: `theme` must be \"auto\", \"dim\", \"light\", \"contrast\" or \"mono\"
 --> {path}:3:9
  |
3 | theme = \"neon\"
  |         ^^^^^^ for example `theme = \"dim\"`
"
        )
    );
}

#[test]
fn checkin_from_flags_is_saved() {
    let dir = TempDir::new().unwrap();
    let output = stillpoint(dir.path())
        .args([
            "checkin",
            "--pain",
            "3",
            "--stress",
            "8",
            "--symptom",
            "neck-pain",
            "--symptom",
            "aura",
        ])
        .args([
            "--symptom",
            "aura",
            "--other",
            "stiff jaw",
            "--note",
            "long day",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let path = dir.path().join("journal.jsonl");
    assert_eq!(
        text(&output.stdout),
        format!("Saved the check-in to {}.\n", path.display())
    );
    let loaded = stillpoint::journal::Journal::at(&path).load().unwrap();
    let Record::Checkin(c) = &loaded.records[0] else {
        panic!("not a check-in: {:?}", loaded.records);
    };
    assert_eq!(
        (c.pain.map(u8::from), c.stress.map(u8::from)),
        (Some(3), Some(8))
    );
    let symptoms: Vec<&str> = c.symptoms.iter().map(|s| s.name()).collect();
    assert_eq!(symptoms, ["aura", "neck-pain"]);
    assert_eq!(c.other_symptoms.as_deref(), Some("stiff jaw"));
    assert_eq!(c.note.as_deref(), Some("long day"));
}

#[test]
fn checkin_with_only_blank_answers_saves_nothing() {
    let dir = TempDir::new().unwrap();
    let output = stillpoint(dir.path())
        .args(["checkin", "--note", "  ", "--other", ""])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        text(&output.stderr),
        "Nothing was given, so nothing was saved.\n"
    );
    assert_eq!(text(&output.stdout), "");
    assert!(!dir.path().join("journal.jsonl").exists());
}

#[test]
fn checkin_without_a_terminal_or_flags_says_what_to_do() {
    let dir = TempDir::new().unwrap();
    let output = stillpoint(dir.path())
        .arg("checkin")
        .write_stdin("4\n")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        text(&output.stderr),
        "error: there is no terminal to ask the check-in questions on\n  \
         = help: give the answers as flags, e.g. `stillpoint checkin --pain 4 --stress 6 --symptom nausea`\n"
    );
    assert!(!dir.path().join("journal.jsonl").exists());

    let out_of_range = stillpoint(dir.path())
        .args(["checkin", "--pain", "11"])
        .output()
        .unwrap();
    assert_eq!(out_of_range.status.code(), Some(2));
    assert!(
        text(&out_of_range.stderr).contains("a rating is a whole number from 0 to 10, not `11`")
    );
}

#[test]
fn the_data_dir_flag_beats_the_environment() {
    let dir = TempDir::new().unwrap();
    let flagged = dir.path().join("flagged");
    let output = stillpoint(dir.path())
        .args(["checkin", "--pain", "1", "--data-dir"])
        .arg(&flagged)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(flagged.join("journal.jsonl").exists());
    assert!(!dir.path().join("journal.jsonl").exists());
}

#[test]
fn paths_tell_where_everything_is() {
    let dir = TempDir::new().unwrap();
    write_journal(dir.path(), &[checkin("2025-03-01T10:00:00+00:00", 2)]);
    let output = stillpoint(dir.path()).arg("paths").output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let data = dir.path().display().to_string();
    let rows: Vec<Vec<String>> = text(&output.stdout)
        .lines()
        .map(|l| {
            l.split("  ")
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .collect();
    let config = format!("{data}/config-home/stillpoint/config.toml");
    let expected: Vec<Vec<String>> = [
        vec!["What", "Where", "State", "Set by"],
        vec!["routines", "built in", "7 routines"],
        vec![
            "routines",
            &format!("{data}/routines"),
            "not yet",
            "STILLPOINT_DATA_DIR",
        ],
        vec![
            "sounds",
            &format!("{data}/sounds"),
            "not yet",
            "STILLPOINT_DATA_DIR",
        ],
        vec!["config", &config, "not yet", "XDG base directories"],
        vec![
            "journal",
            &format!("{data}/journal.jsonl"),
            "exists",
            "STILLPOINT_DATA_DIR",
        ],
    ]
    .iter()
    .map(|r| r.iter().map(|c| c.to_string()).collect())
    .collect();
    assert_eq!(rows, expected);
}

/// Last week (Monday to Sunday, always whole and past) as the person's
/// wall clock has it: the 5.5 → 3.5 sessions (two rated both, two only
/// before, two only after), two check-ins, an attack over Tuesday and
/// Wednesday and a triptan on Tuesday. The week before it is empty.
fn last_week() -> (String, String, Vec<Record>) {
    use chrono::{Datelike, Days, NaiveTime, TimeZone};
    let today = Local::now().date_naive();
    let monday = today - Days::new(u64::from(today.weekday().num_days_from_monday()) + 7);
    let at = |day: u64, hour: u32| {
        let time = (monday + Days::new(day)).and_time(NaiveTime::from_hms_opt(hour, 0, 0).unwrap());
        rfc3339(
            &Local
                .from_local_datetime(&time)
                .earliest()
                .unwrap()
                .fixed_offset(),
        )
    };
    let mut records: Vec<Record> = [
        (Some(8), Some(3)),
        (Some(7), Some(3)),
        (Some(4), None),
        (Some(3), None),
        (None, Some(4)),
        (None, Some(4)),
    ]
    .into_iter()
    .enumerate()
    .map(|(day, (before, after))| session("Desk reset", &at(day as u64, 10), 10, before, after))
    .collect();
    records.push(checkin(&at(6, 20), 2));
    records.push(checkin(&at(0, 20), 6));
    records.push(
        stillpoint::journal::diary::Attack {
            end: Some(journal_support::at(&at(2, 10))),
            ..stillpoint::journal::diary::Attack::new(journal_support::at(&at(1, 6)))
        }
        .into(),
    );
    records.push(
        stillpoint::journal::diary::Medication::new(
            journal_support::at(&at(1, 7)),
            "sumatriptan".into(),
            stillpoint::journal::diary::MedicationClass::Triptan,
        )
        .into(),
    );
    let week = |date: chrono::NaiveDate| {
        let iso = date.iso_week();
        format!("{}-W{:02}", iso.year(), iso.week())
    };
    (week(monday), week(monday - Days::new(7)), records)
}

#[test]
fn stats_week_rows_pair_each_session_and_say_what_was_not_recorded() {
    let dir = TempDir::new().unwrap();
    let (week, before, records) = last_week();
    write_journal(dir.path(), &records);
    let output = stillpoint(dir.path())
        .args(["stats", "--weeks", "3"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let shown = text(&output.stdout);
    let row = |label: &str| -> Vec<String> {
        shown
            .lines()
            .find(|l| l.starts_with(label))
            .unwrap_or_else(|| panic!("no row {label}: {shown}"))
            .split_whitespace()
            .map(str::to_owned)
            .collect()
    };
    // Six sessions, 60 minutes, relief 4.5 over the two paired, check-in
    // pain 4.0 over two, two headache days, one medicine day, every day
    // recorded.
    assert_eq!(
        row(&week),
        [
            &week, "6", "60", "4.5", "(2)", "4.0", "(2)", "2", "1", "7", "of", "7"
        ],
        "{shown}"
    );
    assert_eq!(
        row(&before),
        [&before, "0", "0", "–", "–", "–", "0", "not", "recorded"],
        "{shown}"
    );
    assert!(
        shown.contains("Relief:     4.5 points less pain (over 2 rated sessions)\n"),
        "{shown}"
    );
    assert!(shown.contains("Week      Sessions  Minutes"), "{shown}");
    assert!(shown.contains("not counted as headache-free"), "{shown}");

    let json = stillpoint(dir.path())
        .args(["stats", "--json", "--weeks", "3"])
        .output()
        .unwrap();
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let rows = value["weeks"].as_array().unwrap();
    assert_eq!(rows.len(), 3);
    let row = &rows[1];
    assert_eq!(row["sessions"], 6, "{row}");
    assert_eq!(row["relief"]["mean"], 4.5, "{row}");
    assert_eq!(row["relief"]["sessions"], 2, "{row}");
    assert_eq!(
        (
            row["relief"]["before"].as_f64(),
            row["relief"]["after"].as_f64()
        ),
        (Some(7.5), Some(3.0)),
        "{row}"
    );
    assert_eq!(row["checkin_pain"]["mean"], 4.0, "{row}");
    assert_eq!(row["checkin_pain"]["checkins"], 2, "{row}");
    assert_eq!(
        (
            row["headache_days"].as_u64(),
            row["medication_days"].as_u64(),
            row["recorded_days"].as_u64()
        ),
        (Some(2), Some(1), Some(7)),
        "{row}"
    );
    assert_eq!(rows[0]["recorded_days"], 0, "{value}");
    assert_eq!(rows[0]["relief"], serde_json::Value::Null, "{value}");
    let days = value["days"].as_array().unwrap();
    assert_eq!(days.iter().filter(|d| d["kind"] == "headache").count(), 2);
    assert!(days.iter().any(|d| d["kind"] == "not_recorded"), "{value}");
}
