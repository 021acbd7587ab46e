//! The journal never holds up a screen: the real `App`, headless, with a
//! journal in a temp folder. The library and the history are drawn before
//! the journal is read, with a quiet placeholder and never a false figure,
//! and the figures stand in its place once read; a session just saved is
//! in them; damaged lines are still said; `play` never reads the journal.

mod journal_support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset, TimeZone};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use stillpoint::conductor::{Keeper, WallClock};
use stillpoint::journal::{Journal, Record};
use stillpoint::routine::{RoutineSource, parse};
use stillpoint::ui::app::{App, Options, Playable, ReadJournal};
use stillpoint::ui::frame::Look;
use stillpoint::ui::theme::Theme;

/// A 1 s lead-in and one 5 s rest.
const ROUTINE: &str = r#"
stillpoint = 1
title = "Short rest"
lead_in = "1s"

[[step]]
title = "Rest"
kind = "rest"
duration = "5s"
instructions = "Let your hands fall."
"#;

fn playable() -> Playable {
    let source = RoutineSource {
        name: "short-rest.toml".into(),
        text: ROUTINE.into(),
        folder: None,
    };
    Playable::new(&source, parse(&source).routine.expect("a valid routine"))
}

fn options(checkin: bool) -> Options {
    Options {
        look: Look {
            palette: Theme::Dim.palette(false),
            reduced_motion: false,
            ascii: false,
        },
        checkin,
        weekly_goal: 3,
    }
}

/// Noon on Wednesday 25 November 2026, at UTC+1.
fn noon() -> DateTime<FixedOffset> {
    FixedOffset::east_opt(3600)
        .unwrap()
        .with_ymd_and_hms(2026, 11, 25, 12, 0, 0)
        .unwrap()
}

/// A 10-minute session `days` before the test's noon, rated 6 → 3.
fn session_days_ago(days: i64) -> Record {
    let start = (noon() - chrono::Duration::days(days)).to_rfc3339();
    journal_support::session("Desk reset", &start, 10, Some(6), Some(3))
}

struct Person {
    app: App,
    now: Instant,
    terminal: Terminal<TestBackend>,
    dir: tempfile::TempDir,
}

impl Person {
    /// The library over the short rest, the journal holding `records`,
    /// read with `read` if given.
    fn at_the_library(records: &[Record], read: Option<Arc<ReadJournal>>) -> Self {
        let dir = tempfile::tempdir().unwrap();
        journal_support::write_journal(dir.path(), records);
        Self::at_the_library_in(dir, read)
    }

    /// The library over the short rest, with the journal in `dir`.
    fn at_the_library_in(dir: tempfile::TempDir, read: Option<Arc<ReadJournal>>) -> Self {
        let now = Instant::now();
        let keeper = Keeper::new(Some(Journal::at(dir.path().join("journal.jsonl"))));
        let clock = WallClock::following(now, noon());
        let app = App::library(vec![playable()], options(false), keeper, None, clock);
        let app = match read {
            Some(read) => app.reading_journal_with(read),
            None => app,
        };
        Self::with(app, now, dir)
    }

    fn with(app: App, now: Instant, dir: tempfile::TempDir) -> Self {
        Self {
            app,
            now,
            terminal: Terminal::new(TestBackend::new(80, 24)).unwrap(),
            dir,
        }
    }

    fn press(&mut self, code: KeyCode) {
        self.app.key(KeyEvent::from(code), self.now);
    }

    /// Lets `seconds` pass, ticking about 4 times a second.
    fn waits(&mut self, seconds: f64) {
        let until = self.now + Duration::from_secs_f64(seconds);
        while self.now < until {
            self.now = (self.now + Duration::from_millis(250)).min(until);
            self.app.tick(self.now);
        }
    }

    fn screen(&mut self) -> String {
        let (app, now) = (&self.app, self.now);
        self.terminal.draw(|f| app.draw(f, now)).unwrap();
        app.frame_out();
        let buffer = self.terminal.backend().buffer();
        (0..buffer.area.height)
            .map(|y| {
                (0..buffer.area.width)
                    .map(|x| buffer[(x, y)].symbol())
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Ticks, as the loop does when the reading thread wakes it, until the
    /// figures stand where the placeholder was; the screen then.
    fn reads_the_journal(&mut self) -> String {
        let limit = Instant::now() + Duration::from_secs(30);
        loop {
            let screen = self.screen();
            if !journal_support::still_reading(&screen) {
                return screen;
            }
            assert!(Instant::now() < limit, "the journal was never read");
            std::thread::sleep(Duration::from_millis(1));
            self.app.tick(self.now);
        }
    }
}

/// The top line of a screen, without the spaces at its end.
fn top(screen: &str) -> &str {
    screen.lines().next().unwrap_or_default().trim_end()
}

/// A reading of the journal that waits until the sender is used (or
/// dropped), as a journal on a slow or hung disk would.
fn held_reading() -> (mpsc::Sender<()>, Arc<ReadJournal>) {
    let (release, gate) = mpsc::channel::<()>();
    let gate = Mutex::new(gate);
    let read = move |journal: &Journal| {
        let _ = gate.lock().unwrap().recv();
        journal.load()
    };
    (release, Arc::new(read))
}

#[test]
fn the_library_and_the_history_are_drawn_before_the_journal_is_read() {
    let (release, read) = held_reading();
    let records = [session_days_ago(2), session_days_ago(1)];
    let mut person = Person::at_the_library(&records, Some(read));

    let first = person.screen();
    assert!(first.contains("Short rest"), "{first}");
    assert!(top(&first).ends_with('…'), "a quiet mark:\n{first}");
    assert!(!first.contains("this week"), "no figure yet:\n{first}");
    // However long the journal takes, the keys work.
    person.press(KeyCode::Char('h'));
    let history = person.screen();
    assert!(history.contains("Stillpoint · history"), "{history}");
    assert!(history.contains("Reading the journal…"), "{history}");
    for false_figure in ["No sessions yet", "0 sessions", "Streak"] {
        assert!(
            !history.contains(false_figure),
            "{false_figure}:\n{history}"
        );
    }

    release.send(()).unwrap();
    let history = person.reads_the_journal();
    assert!(history.contains("2 sessions in all"), "{history}");
    assert!(
        history.contains("This week: 2 sessions, 20 min"),
        "{history}"
    );
    assert!(history.contains("Streak: 2 days in a row"), "{history}");
    person.press(KeyCode::Esc);
    let library = person.screen();
    assert!(
        top(&library).ends_with("2 of 3 sessions this week · last session yesterday"),
        "{library}"
    );
}

#[test]
fn a_session_just_saved_is_in_the_figures_of_the_library_and_the_history() {
    let mut person = Person::at_the_library(&[session_days_ago(1)], None);
    let library = person.reads_the_journal();
    assert!(
        top(&library).ends_with("1 of 3 sessions this week · last session yesterday"),
        "{library}"
    );
    person.press(KeyCode::Enter);
    person.waits(7.0);
    assert!(person.screen().contains("Saved to your journal"));
    person.press(KeyCode::Enter);
    let library = person.reads_the_journal();
    assert!(
        top(&library).ends_with("2 of 3 sessions this week · last session today"),
        "{library}"
    );
    person.press(KeyCode::Char('h'));
    let history = person.reads_the_journal();
    assert!(history.contains("2 sessions in all"), "{history}");
    assert!(history.contains("Short rest"), "{history}");
}

#[test]
fn a_session_saved_on_a_second_try_is_in_the_figures_too() {
    // The journal's folder is a file at first: nothing can be saved.
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("data");
    std::fs::write(&blocker, "").unwrap();
    let journal = Journal::at(blocker.join("journal.jsonl"));
    let now = Instant::now();
    let app = App::library(
        vec![playable()],
        options(false),
        Keeper::new(Some(journal.clone())),
        None,
        WallClock::following(now, noon()),
    );
    let mut person = Person::with(app, now, dir);
    person.press(KeyCode::Enter);
    person.waits(7.0);
    assert!(!person.screen().contains("Saved to your journal"));
    std::fs::remove_file(&blocker).unwrap();
    person.press(KeyCode::Char('r'));
    assert!(person.screen().contains("Saved to your journal"));
    person.press(KeyCode::Enter);
    let library = person.reads_the_journal();
    assert!(
        top(&library).ends_with("1 of 3 sessions this week · last session today"),
        "{library}"
    );
    assert_eq!(journal.load().unwrap().records.len(), 1);
}

#[test]
fn damaged_lines_are_skipped_and_said_once_the_journal_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let journal = journal_support::write_journal(dir.path(), &[session_days_ago(2)]);
    let mut text = std::fs::read_to_string(journal.path()).unwrap();
    text.push_str("{\"version\": 1, \"kind\"\nnot a record\n");
    std::fs::write(journal.path(), text).unwrap();
    journal.append(session_days_ago(1)).unwrap();
    let mut person = Person::at_the_library_in(dir, None);
    let library = person.reads_the_journal();
    assert!(
        top(&library).ends_with("2 of 3 sessions this week · last session yesterday"),
        "{library}"
    );
    person.press(KeyCode::Char('h'));
    let history = person.reads_the_journal();
    assert!(
        history.contains("2 damaged journal lines were skipped"),
        "{history}"
    );
    assert!(history.contains("2 sessions in all"), "{history}");
}

#[test]
fn play_draws_the_check_in_and_the_player_without_reading_the_journal() {
    let reads = Arc::new(AtomicUsize::new(0));
    let counted = reads.clone();
    let read = move |journal: &Journal| {
        counted.fetch_add(1, Ordering::SeqCst);
        journal.load()
    };
    let dir = tempfile::tempdir().unwrap();
    let now = Instant::now();
    let app = App::play(
        playable(),
        options(true),
        Keeper::new(Some(Journal::at(dir.path().join("journal.jsonl")))),
        None,
        WallClock::following(now, noon()),
        now,
    )
    .reading_journal_with(Arc::new(read));
    let mut person = Person::with(app, now, dir);
    assert!(person.screen().contains("How is your head right now?"));
    person.press(KeyCode::Char('6'));
    person.waits(3.0);
    assert!(person.screen().contains("Let your hands fall."));
    person.waits(4.0);
    assert!(person.screen().contains("How is your head now?"));
    person.press(KeyCode::Char('3'));
    person.press(KeyCode::Esc);
    assert!(person.screen().contains("Saved to your journal"));
    assert_eq!(
        reads.load(Ordering::SeqCst),
        0,
        "nothing here shows figures"
    );
    let saved = Journal::at(person.dir.path().join("journal.jsonl"))
        .load()
        .unwrap();
    assert_eq!(saved.records.len(), 1);
}

#[test]
fn the_journal_is_read_once_the_first_frame_is_out() {
    // Read on the other core while the program starts, a large journal
    // slows the start itself: the first reading waits for the first frame.
    let began = Arc::new(Mutex::new(None::<Instant>));
    let noted = began.clone();
    let read = move |journal: &Journal| {
        noted.lock().unwrap().get_or_insert_with(Instant::now);
        journal.load()
    };
    let mut person = Person::at_the_library(&[session_days_ago(1)], Some(Arc::new(read)));
    std::thread::sleep(Duration::from_millis(100));
    assert!(began.lock().unwrap().is_none(), "read before any frame");
    let drawn = Instant::now();
    assert!(!person.screen().contains("sessions this week"));
    let limit = Instant::now() + Duration::from_secs(30);
    while began.lock().unwrap().is_none() && Instant::now() < limit {
        std::thread::sleep(Duration::from_millis(5));
    }
    let read_at = began
        .lock()
        .unwrap()
        .expect("the journal is read after the frame");
    assert!(read_at >= drawn);
    person.waits(1.0);
    assert!(
        person.screen().contains("sessions this week"),
        "{}",
        person.screen()
    );
}
