//! The HTML report in a real browser: Debian's Chromium, headless (which
//! `.ci/run` installs), prints it to one page, and a screenshot of it is
//! not blank. With the 90-day fixture and with a dense 90-day journal,
//! each also with a program followed; and `program report` alone.

mod journal_support;

use std::fs;
use std::io::{BufReader, Cursor};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use chrono::{Duration as Days, NaiveDate, TimeZone};
use journal_support::stillpoint;
use stillpoint::journal::diary::{Attack, HeadacheType, Medication, MedicationClass, Word};
use stillpoint::journal::{CheckIn, Journal, Outcome, Rating, Record, RoutineRef, Session};
use tempfile::TempDir;
use wait_timeout::ChildExt;

/// Chromium, or a panic that says how to install it.
fn chromium() -> PathBuf {
    for name in ["/usr/bin/chromium", "/usr/bin/chromium-browser"] {
        if Path::new(name).exists() {
            return PathBuf::from(name);
        }
    }
    panic!("chromium is needed for the HTML report tests: apt-get install chromium");
}

/// Runs headless Chromium on `page` with `args`, within a minute.
fn browse(page: &Path, profile: &Path, args: &[String]) {
    let mut child = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromium starts");
    match child.wait_timeout(Duration::from_secs(90)).unwrap() {
        Some(status) => assert!(status.success(), "chromium failed: {status}"),
        None => {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within 90 s");
        }
    }
}

/// The report of the journal in `dir` up to 2025-03-31 as an HTML file.
fn html_report(dir: &Path, questions: &[&str]) -> PathBuf {
    html_of(dir, "report", questions)
}

/// `command` (`report` or `program report`) on the journal in `dir` up
/// to 2025-03-31 as an HTML file.
fn html_of(dir: &Path, command: &str, questions: &[&str]) -> PathBuf {
    let page = dir.join("report.html");
    let mut args: Vec<&str> = command.split(' ').collect();
    args.extend([
        "--until",
        "2025-03-31",
        "--format",
        "html",
        "-o",
        page.to_str().unwrap(),
    ]);
    for q in questions {
        args.extend(["--questions", q]);
    }
    let output = stillpoint(dir)
        .env("TZ", "Europe/Berlin")
        .args(&args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    page
}

/// The pages of a PDF: its `/Type /Page` objects (not `/Pages`).
fn pages(pdf: &[u8]) -> usize {
    let needle = b"/Type /Page";
    pdf.windows(needle.len() + 1)
        .filter(|w| &w[..needle.len()] == needle && w[needle.len()] != b's')
        .count()
}

fn printed_pages(page: &Path, dir: &Path) -> usize {
    let pdf = dir.join("report.pdf");
    browse(
        page,
        &dir.join("profile"),
        &[
            format!("--print-to-pdf={}", pdf.display()),
            "--no-pdf-header-footer".to_owned(),
        ],
    );
    pages(&fs::read(&pdf).expect("chromium wrote the PDF"))
}

/// A dense 90-day journal: an attack most days, several classes of
/// medicine, sessions of many routines and check-ins every day, MIDAS.
fn dense(dir: &Path) {
    let zone = chrono::FixedOffset::east_opt(3600).unwrap();
    let first = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
    let mut lines = String::new();
    let mut push = |r: Record| {
        lines.push_str(&r.to_line());
        lines.push('\n');
    };
    for i in 0..90u32 {
        let date = first + Days::days(i.into());
        let at = |h: u32| {
            zone.from_local_datetime(&date.and_hms_opt(h, 0, 0).unwrap())
                .unwrap()
        };
        if i % 5 != 4 {
            push(
                Attack {
                    end: Some(at(12)),
                    peak: Rating::new((i % 9 + 2) as u8),
                    headache_type: Some(HeadacheType::Migraine),
                    ..Attack::new(at(8))
                }
                .into(),
            );
        }
        for (k, class) in MedicationClass::ALL
            .iter()
            .enumerate()
            .skip(i as usize % 4)
            .step_by(3)
        {
            push(Medication::new(at(9 + k as u32 % 3), class.name().into(), *class).into());
        }
        for k in 0..3u32 {
            let title = format!("Routine {} for the neck and shoulders", (i + k) % 10);
            let routine = RoutineRef::new(title.clone(), None, &title);
            push(
                Session {
                    planned_seconds: 600,
                    active_seconds: 600,
                    pain_before: Rating::new(((i + k) % 11) as u8),
                    pain_after: Rating::new((i % 4) as u8),
                    ..Session::new(
                        routine,
                        at(13 + k),
                        at(13 + k) + Days::minutes(10),
                        Outcome::Completed,
                    )
                }
                .into(),
            );
        }
        push(
            CheckIn {
                pain: Rating::new((i % 11) as u8),
                ..CheckIn::new(at(21))
            }
            .into(),
        );
    }
    fs::write(dir.join("journal.jsonl"), lines).unwrap();
    let output = stillpoint(dir)
        .args([
            "midas",
            "--answers",
            "10,10,10,10,10",
            "--headache-days",
            "60",
            "--average-pain",
            "7",
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
}

/// Follows the program whose text is `program`, as if started on
/// `started`.
fn follow(dir: &Path, program: &str, started: &str) {
    let active = serde_json::json!({ "source": "test", "started": started, "text": program });
    fs::write(dir.join("program.json"), active.to_string()).unwrap();
}

/// Keeps the program whose text is `program` among those ended, as if
/// started on `started` and ended at `ended` (RFC 3339).
fn ended(dir: &Path, program: &str, started: &str, ended: &str) {
    let all = serde_json::json!([
        { "source": "test", "started": started, "text": program, "ended": ended }
    ]);
    fs::write(dir.join("programs-ended.json"), all.to_string()).unwrap();
}

/// The bundled four-week desk-tension program.
const DESK_TENSION: &str = include_str!("../routines/programs/desk-tension.toml");

/// Sessions of desk-tension's routines from 6 to 30 March 2025, some of
/// them rated.
fn program_sessions(dir: &Path) {
    let journal = Journal::at(dir.join("journal.jsonl"));
    let zone = chrono::FixedOffset::east_opt(3600).unwrap();
    let routines = [
        "desk-reset",
        "box-breathing",
        "neck-shoulders-temples",
        "still-point",
    ];
    for day in (6..=30).step_by(2) {
        let start = zone.with_ymd_and_hms(2025, 3, day, 18, 0, 0).unwrap();
        let name = routines[day as usize / 2 % 4];
        let routine = RoutineRef::new(name, Some(format!("bundled:{name}.toml")), name);
        let session = Session {
            planned_seconds: 300,
            active_seconds: 300,
            pain_before: Rating::new((day % 7) as u8 + 3).filter(|_| day % 3 != 0),
            pain_after: Rating::new((day % 3) as u8),
            ..Session::new(routine, start, start + Days::minutes(5), Outcome::Completed)
        };
        journal.append(session.into()).unwrap();
    }
}

/// A program of 20 weeks alike, of the seven routines `dense` plays most,
/// three times each a week.
fn long_program() -> String {
    let sessions: Vec<String> = (0..7)
        .map(|k| format!("{{ routine = \"Routine {k} for the neck and shoulders\", times = 3 }}"))
        .collect();
    format!(
        "stillpoint_program = 1\ntitle = \"Twenty weeks for the neck, shoulders and the days between\"\n\
         author = \"A. Therapist with a long name, physiotherapy\"\n\
         [[week]]\nrepeat = 20\nsessions = [{}]\n",
        sessions.join(", ")
    )
}

#[test]
fn the_html_report_prints_on_one_page() {
    let dir = TempDir::new().unwrap();
    fs::copy(
        "tests/fixtures/journal/report-90-days.jsonl",
        dir.path().join("journal.jsonl"),
    )
    .unwrap();
    let page = html_report(dir.path(), &["Is ten triptan days a month too many?"]);
    assert_eq!(printed_pages(&page, dir.path()), 1);
}

#[test]
fn a_dense_journal_with_every_question_still_prints_on_one_page() {
    let dir = TempDir::new().unwrap();
    dense(dir.path());
    let long = "Could the daily painkillers be making the headaches more frequent, and if so, how should I stop them safely without the attacks getting worse in the weeks after?";
    let page = html_report(dir.path(), &[long; 6]);
    let html = fs::read_to_string(&page).unwrap();
    assert!(
        html.contains("and 4 more routines"),
        "only some routines are listed"
    );
    assert_eq!(printed_pages(&page, dir.path()), 1);
}

#[test]
fn the_report_with_a_program_prints_on_one_page() {
    let dir = TempDir::new().unwrap();
    fs::copy(
        "tests/fixtures/journal/report-90-days.jsonl",
        dir.path().join("journal.jsonl"),
    )
    .unwrap();
    program_sessions(dir.path());
    follow(dir.path(), DESK_TENSION, "2025-03-06");
    let page = html_report(dir.path(), &["Is ten triptan days a month too many?"]);
    let html = fs::read_to_string(&page).unwrap();
    assert!(html.contains("<h2>Program: Desk tension, four weeks"));
    assert_eq!(printed_pages(&page, dir.path()), 1);
}

#[test]
fn a_dense_journal_and_a_long_program_still_print_on_one_page() {
    let dir = TempDir::new().unwrap();
    dense(dir.path());
    follow(dir.path(), &long_program(), "2025-01-02");
    let page = html_report(dir.path(), &[]);
    let html = fs::read_to_string(&page).unwrap();
    assert!(
        html.contains(">15–20<br>") && html.contains(">1–10<br>"),
        "the weeks to come after the next together, then the earliest"
    );
    let program = &html[html.find("<table class=\"program\"").unwrap()..];
    assert!(
        program.contains("<td>Routine 0 for the neck and shoulders</td>")
            && program.contains("more routines, counted"),
        "some of the program's routines are listed, as many as fit"
    );
    assert!(
        html.contains("and 6 more routines (see"),
        "and fewer in the relief per routine"
    );
    assert_eq!(printed_pages(&page, dir.path()), 1);
}

#[test]
fn with_every_question_too_the_program_shrinks_to_a_line_and_the_page_stays_one() {
    let dir = TempDir::new().unwrap();
    dense(dir.path());
    follow(dir.path(), &long_program(), "2025-01-02");
    let long = "Could the daily painkillers be making the headaches more frequent, and if so, how should I stop them safely without the attacks getting worse in the weeks after?";
    let page = html_report(dir.path(), &[long; 6]);
    let html = fs::read_to_string(&page).unwrap();
    assert!(
        html.contains("186 of 273 planned sessions done in the weeks so far. Each week, and the relief of each routine: <b>stillpoint program report</b>."),
        "the program in a line"
    );
    assert!(!html.contains("<table class=\"program\""));
    assert_eq!(printed_pages(&page, dir.path()), 1);
}

#[test]
fn a_program_stopped_and_the_one_after_it_still_print_on_one_page() {
    let dir = TempDir::new().unwrap();
    dense(dir.path());
    ended(
        dir.path(),
        &long_program(),
        "2025-01-02",
        "2025-02-20T18:00:00+01:00",
    );
    follow(dir.path(), DESK_TENSION, "2025-03-06");
    let long = "Could the daily painkillers be making the headaches more frequent, and if so, how should I stop them safely without the attacks getting worse in the weeks after?";
    // With room, both; on a page crowded with questions, the one stopped
    // is counted in a line.
    for (questions, both) in [(&[][..], true), (&[long; 6][..], false)] {
        let page = html_report(dir.path(), questions);
        let html = fs::read_to_string(&page).unwrap();
        let desk_at = html.find("<h2>Program: Desk tension").unwrap();
        if both {
            let long_at = html.find("<h2>Program: Twenty weeks").unwrap();
            assert!(long_at < desk_at, "in the order they were started");
            assert!(html.contains("stopped on 20 Feb 2025 in week 8 of 20"));
        } else {
            assert!(!html.contains("<h2>Program: Twenty weeks"));
            assert!(html.contains("Also followed earlier in this period: 1 more program"));
        }
        assert_eq!(
            printed_pages(&page, dir.path()),
            1,
            "with {} questions",
            questions.len()
        );
    }
}

#[test]
fn the_program_report_alone_prints_on_one_page() {
    let dir = TempDir::new().unwrap();
    dense(dir.path());
    follow(dir.path(), &long_program(), "2025-01-02");
    let page = html_of(dir.path(), "program report", &[]);
    let html = fs::read_to_string(&page).unwrap();
    assert!(html.contains("<h1>Program report</h1>"));
    assert!(!html.contains("Calendar"), "the section alone");
    assert_eq!(printed_pages(&page, dir.path()), 1);
}

#[test]
fn a_screenshot_of_the_report_is_not_blank() {
    let dir = TempDir::new().unwrap();
    dense(dir.path());
    let page = html_report(dir.path(), &["What about magnesium?"]);
    let png = dir.path().join("report.png");
    browse(
        &page,
        &dir.path().join("profile"),
        &[
            format!("--screenshot={}", png.display()),
            "--window-size=816,1056".to_owned(),
        ],
    );
    let bytes = fs::read(&png).expect("chromium wrote the screenshot");
    let mut reader = png::Decoder::new(BufReader::new(Cursor::new(bytes)))
        .read_info()
        .unwrap();
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut pixels).unwrap();
    let channels = info.color_type.samples();
    let colours: std::collections::HashSet<&[u8]> = pixels.chunks(channels).collect();
    let dark = pixels
        .chunks(channels)
        .filter(|p| p[..3].iter().map(|&c| u32::from(c)).sum::<u32>() < 300)
        .count();
    let all = pixels.len() / channels;
    assert!(colours.len() > 50, "{} colours", colours.len());
    assert!(
        dark * 100 > all,
        "{dark} dark pixels of {all}: text and charts are drawn"
    );
    assert!(
        dark * 3 < all,
        "{dark} dark pixels of {all}: not a dark page"
    );
}
