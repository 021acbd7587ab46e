//! The screens around a session, on the real `App`, headless: ratatui's
//! `TestBackend`, an injected clock, a journal in a temp folder, driven by
//! keys as a person would press them and read back from the screen. The
//! "Session over" box with the pain and the saved line, the rating before
//! on the question after, the library's Home/End, the history's scrolling,
//! the sound keys with `--no-audio`, and ASCII on every screen.

mod journal_support;

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset, TimeZone};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::style::Color;
use stillpoint::conductor::{Keeper, WallClock};
use stillpoint::journal::{Journal, Record};
use stillpoint::routine::{RoutineSource, parse};
use stillpoint::ui::app::{App, Control, Options, Playable};
use stillpoint::ui::frame::Look;
use stillpoint::ui::theme::Theme;

/// 3 s lead-in, then a 20 s knead and a 10 s rest: 33 s in all.
const ROUTINE: &str = r#"
stillpoint = 1
title = "Quick reset"
summary = "Two short steps."
tags = ["neck", "seated"]
lead_in = "3s"

[[step]]
title = "Neck kneading"
kind = "knead"
duration = "20s"
instructions = "Knead the side of your neck."

[[step]]
title = "Rest"
kind = "rest"
duration = "10s"
instructions = "Let your hands fall."
"#;

const TOTAL: f64 = 33.0;

fn playable() -> Playable {
    let source = RoutineSource {
        name: "quick-reset.toml".into(),
        text: ROUTINE.into(),
        folder: None,
    };
    Playable::new(&source, parse(&source).routine.expect("a valid routine"))
}

fn look(theme: Theme, ascii: bool) -> Look {
    Look {
        palette: theme.palette(false),
        reduced_motion: false,
        ascii,
    }
}

fn options(look: Look) -> Options {
    Options {
        look,
        checkin: true,
        weekly_goal: 3,
    }
}

/// Noon on a Wednesday, at UTC+1.
fn noon() -> DateTime<FixedOffset> {
    FixedOffset::east_opt(3600)
        .unwrap()
        .with_ymd_and_hms(2026, 11, 25, 12, 0, 0)
        .unwrap()
}

struct Person {
    app: App,
    now: Instant,
    terminal: Terminal<TestBackend>,
    dir: tempfile::TempDir,
}

impl Person {
    /// The library with the quick reset and every bundled routine, the
    /// journal holding `records`.
    fn at_the_library(look: Look, records: &[Record]) -> Self {
        let dir = tempfile::tempdir().unwrap();
        journal_support::write_journal(dir.path(), records);
        let t0 = Instant::now();
        let mut library = vec![playable()];
        library.extend(stillpoint::library::all(&[]).iter().filter_map(|source| {
            parse(source)
                .routine
                .map(|routine| Playable::new(source, routine))
        }));
        let keeper = Keeper::new(Some(Journal::at(dir.path().join("journal.jsonl"))));
        let app = App::library(
            library,
            options(look),
            keeper,
            None,
            WallClock::following(t0, noon()),
        );
        Self::with(app, t0, dir)
    }

    /// `stillpoint play quick-reset --no-audio`, saving to `journal`.
    fn playing(look: Look, journal: impl FnOnce(&Path) -> Journal) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let t0 = Instant::now();
        let keeper = Keeper::new(Some(journal(dir.path())));
        let app = App::play(
            playable(),
            options(look),
            keeper,
            None,
            WallClock::following(t0, noon()),
            t0,
        );
        Self::with(app, t0, dir)
    }

    fn with(app: App, now: Instant, dir: tempfile::TempDir) -> Self {
        Self {
            app,
            now,
            terminal: Terminal::new(TestBackend::new(80, 24)).unwrap(),
            dir,
        }
    }

    fn press(&mut self, code: KeyCode) -> Control {
        self.app.key(KeyEvent::from(code), self.now)
    }

    fn types(&mut self, keys: &str) {
        for c in keys.chars() {
            self.press(KeyCode::Char(c));
        }
    }

    /// Lets `seconds` pass, ticking about 4 times a second.
    fn waits(&mut self, seconds: f64) {
        let until = self.now + Duration::from_secs_f64(seconds);
        while self.now < until {
            self.now = (self.now + Duration::from_millis(250)).min(until);
            self.app.tick(self.now);
        }
    }

    fn draw(&mut self) -> &Buffer {
        let now = self.now;
        let app = &self.app;
        self.terminal.draw(|f| app.draw(f, now)).unwrap();
        app.frame_out();
        self.terminal.backend().buffer()
    }

    fn screen(&mut self) -> String {
        rows(self.draw()).join("\n")
    }

    /// Ticks, as the loop does when the reading thread wakes it, until
    /// the journal's figures stand where the placeholder was.
    fn reads_the_journal(&mut self) {
        let limit = Instant::now() + Duration::from_secs(30);
        while journal_support::still_reading(&self.screen()) {
            assert!(Instant::now() < limit, "the journal was never read");
            std::thread::sleep(Duration::from_millis(1));
            self.app.tick(self.now);
        }
    }
}

fn rows(buffer: &Buffer) -> Vec<String> {
    (0..buffer.area.height)
        .map(|y| {
            (0..buffer.area.width)
                .map(|x| buffer[(x, y)].symbol())
                .collect()
        })
        .collect()
}

/// The rows of the box on `screen` (`╭` to `╰`), the parts between its
/// borders.
fn inside_the_box(screen: &str) -> Vec<String> {
    let rows: Vec<&str> = screen.lines().collect();
    let top = rows.iter().position(|r| r.contains('╭')).expect("a box");
    let bottom = rows.iter().rposition(|r| r.contains('╰')).expect("a box");
    rows[top + 1..bottom]
        .iter()
        .map(|r| {
            let from = r.find('│').map_or(0, |i| i + '│'.len_utf8());
            let to = r.rfind('│').unwrap_or(r.len());
            r[from..to.max(from)].trim().to_owned()
        })
        .collect()
}

#[test]
fn session_over_shows_the_pain_before_and_after_and_where_it_was_saved() {
    let mut person = Person::playing(look(Theme::Dim, false), |dir| {
        Journal::at(dir.join("journal.jsonl"))
    });
    assert!(person.screen().contains("How is your head right now?"));
    person.types("6");
    person.waits(TOTAL + 1.0);
    // The question after says what was given before.
    let after = person.screen();
    assert!(after.contains("How is your head now?"), "{after}");
    assert!(after.contains("Before: 6, moderate"), "{after}");
    person.types("3");
    person.types("eased");
    person.press(KeyCode::Enter);

    let screen = person.screen();
    let inside = inside_the_box(&screen);
    let has = |words: &str| inside.iter().any(|l| l.contains(words));
    for words in [
        "Quick reset",
        "Completed",
        "Steps done: 2 of 2",
        "Pain 6 → 3, eased by 3 points",
        "Saved to your journal",
        "Press any key",
    ] {
        assert!(has(words), "{words} inside the box:\n{screen}");
    }
    // Where: the journal's path, wrapped after a slash if need be.
    let place = person.dir.path().join("journal.jsonl");
    let joined: String = inside.concat();
    assert!(
        joined.contains(&place.display().to_string()),
        "{place:?}:\n{screen}"
    );
    // Nothing is left drawn under the box on the bottom row.
    assert_eq!(screen.lines().last().unwrap().trim(), "", "{screen}");
    assert_eq!(person.press(KeyCode::Enter), Control::Exit);
}

#[test]
fn a_session_that_could_not_be_saved_says_so_in_the_box_and_r_tries_again() {
    // The journal's folder is a file: nothing can be saved there.
    let mut person = Person::playing(look(Theme::Dim, false), |dir| {
        std::fs::write(dir.join("not-a-folder"), "").unwrap();
        Journal::at(dir.join("not-a-folder").join("journal.jsonl"))
    });
    person.types("s");
    person.waits(TOTAL + 1.0);
    person.types("2");
    person.press(KeyCode::Esc);
    let screen = person.screen();
    let inside = inside_the_box(&screen).join(" ");
    assert!(inside.contains("Not saved yet:"), "{screen}");
    assert!(inside.contains("Press r to try again"), "{screen}");
    assert!(inside.contains("Pain after: 2"), "{screen}");
    assert!(!screen.contains("Saved to your journal"), "{screen}");
    // r tries again and stays; it still fails, and says so.
    assert_eq!(person.press(KeyCode::Char('r')), Control::Continue);
    assert!(person.screen().contains("Not saved yet:"));
    assert_eq!(person.press(KeyCode::Enter), Control::Exit);
    let kept = person.app.leave();
    assert!(!kept.is_empty(), "the record is printed, not lost");
}

#[test]
fn home_and_end_jump_to_the_first_and_last_routine() {
    let mut person = Person::at_the_library(look(Theme::Dim, false), &[]);
    let selected = |screen: &str| {
        screen
            .lines()
            .find_map(|l| l.trim_start().strip_prefix("› "))
            .map(|l| l.split("  ").next().unwrap_or("").trim().to_owned())
            .expect("a routine chosen")
    };
    assert_eq!(selected(&person.screen()), "Quick reset");
    person.press(KeyCode::End);
    let last = stillpoint::library::all(&[])
        .iter()
        .filter_map(|s| parse(s).routine)
        .next_back()
        .unwrap()
        .title;
    let screen = person.screen();
    assert!(last.starts_with(&selected(&screen)), "{last}:\n{screen}");
    // The detail pane shows it too, with its tags.
    assert!(screen.contains("Tags:"), "{screen}");
    person.press(KeyCode::Up);
    assert_ne!(selected(&person.screen()), selected(&screen));
    person.press(KeyCode::Home);
    let first = person.screen();
    assert_eq!(selected(&first), "Quick reset");
    assert!(first.contains("Tags: neck, seated"), "{first}");
    // Past the ends nothing moves.
    person.press(KeyCode::Up);
    assert_eq!(selected(&person.screen()), "Quick reset");
    // The help lists them, from the same table.
    person.press(KeyCode::Char('?'));
    let help = person.screen();
    assert!(
        help.contains("Home or End") && help.contains("the first or the last routine"),
        "{help}"
    );
}

/// Thirty sessions, a day apart, up to the day before the test's noon.
fn a_month() -> Vec<Record> {
    (1..=30)
        .map(|i| {
            let start = (noon() - chrono::Duration::days(i)).to_rfc3339();
            journal_support::session("Desk reset", &start, 10, Some(6), Some(3))
        })
        .collect()
}

#[test]
fn the_history_scrolls_its_recent_list() {
    let mut person = Person::at_the_library(look(Theme::Dim, false), &a_month());
    person.press(KeyCode::Char('h'));
    person.reads_the_journal();
    let top = person.screen();
    assert!(top.contains("Stillpoint · history"), "{top}");
    let heading = |screen: &str| {
        screen
            .lines()
            .find(|l| l.trim_start().starts_with("Recent"))
            .map(str::to_owned)
            .expect("the recent list")
    };
    assert!(heading(&top).contains("1 to"), "{top}");
    assert!(heading(&top).contains("of 30 · ↓ to scroll"), "{top}");
    person.press(KeyCode::Down);
    assert!(heading(&person.screen()).contains("2 to"));
    person.press(KeyCode::Char('k'));
    assert!(heading(&person.screen()).contains("1 to"));
    person.press(KeyCode::End);
    let end = person.screen();
    assert!(heading(&end).contains("to 30 of 30 · ↑ to scroll"), "{end}");
    // The oldest is on screen; ↓ there changes nothing, ↑ moves at once.
    let oldest = (noon() - chrono::Duration::days(30))
        .format("%a %-d %b")
        .to_string();
    assert!(end.contains(&oldest), "{oldest}:\n{end}");
    person.press(KeyCode::Down);
    assert_eq!(heading(&person.screen()), heading(&end));
    person.press(KeyCode::Up);
    assert_ne!(heading(&person.screen()), heading(&end));
    person.press(KeyCode::Home);
    assert!(heading(&person.screen()).contains("1 to"));
    // Any other key of the screen goes back.
    person.press(KeyCode::Esc);
    assert!(person.screen().contains("Stillpoint · routines"));
}

#[test]
fn sound_keys_without_sound_say_that_sound_is_off() {
    let mut person = Person::playing(look(Theme::Dim, false), |dir| {
        Journal::at(dir.join("journal.jsonl"))
    });
    person.types("s");
    person.waits(5.0);
    let before = person.screen();
    assert!(before.contains("sound off (--no-audio)"), "{before}");
    for (key, words) in [
        ('+', "sound is off (--no-audio): no volume to change"),
        ('-', "sound is off (--no-audio): no volume to change"),
        ('m', "sound is off (--no-audio): nothing to mute"),
        ('a', "sound is off (--no-audio): no ambient sound"),
    ] {
        person.press(KeyCode::Char(key));
        let screen = person.screen();
        assert!(screen.contains(words), "{key}: {screen}");
    }
    // Until the next key…
    person.press(KeyCode::Char(' '));
    let paused = person.screen();
    assert!(!paused.contains("sound is off"), "{paused}");
    person.press(KeyCode::Char(' '));
    // …or for a few seconds: the loop is woken to take it away.
    person.press(KeyCode::Char('m'));
    let area = ratatui::layout::Rect::new(0, 0, 80, 24);
    let wake = person.app.deadline(person.now, area).expect("a deadline");
    assert!(wake <= person.now + Duration::from_secs(4), "{wake:?}");
    person.waits(2.0);
    assert!(person.screen().contains("nothing to mute"));
    person.waits(2.5);
    let later = person.screen();
    assert!(!later.contains("nothing to mute"), "{later}");
    assert!(later.contains("sound off (--no-audio)"), "{later}");
}

/// Every cell of `buffer` holds ASCII.
fn assert_ascii(buffer: &Buffer, what: &str) {
    for y in 0..buffer.area.height {
        for x in 0..buffer.area.width {
            let symbol = buffer[(x, y)].symbol();
            assert!(
                symbol.is_ascii(),
                "{what}: {symbol:?} at {x},{y}:\n{}",
                rows(buffer).join("\n")
            );
        }
    }
}

#[test]
fn ascii_mode_draws_only_ascii_on_every_screen() {
    let ascii = look(Theme::Dim, true);
    let mut person = Person::at_the_library(ascii, &a_month());
    let seen = |person: &mut Person, what: &str, words: &str| {
        let buffer = person.draw().clone();
        let screen = rows(&buffer).join("\n");
        assert!(screen.contains(words), "{what}: {words}:\n{screen}");
        assert_ascii(&buffer, what);
    };
    seen(&mut person, "library", "Stillpoint - routines");
    person.press(KeyCode::Char('?'));
    seen(&mut person, "library help", "Home or End");
    person.press(KeyCode::Char('?'));
    person.press(KeyCode::Char('/'));
    person.types("quick");
    seen(&mut person, "filter", "Filter: quick_");
    person.press(KeyCode::Enter);
    person.press(KeyCode::Char('h'));
    person.reads_the_journal();
    seen(&mut person, "history", "o before x after + check-in");
    person.press(KeyCode::Down);
    seen(&mut person, "history scrolled", "up/down to scroll");
    person.press(KeyCode::Esc);
    person.press(KeyCode::Enter);
    seen(&mut person, "pain before", "How is your head right now?");
    person.types("6");
    seen(&mut person, "lead-in", "Quick reset");
    person.waits(5.0);
    seen(&mut person, "kneading", "Neck kneading");
    person.press(KeyCode::Char('m'));
    seen(&mut person, "notice", "nothing to mute");
    person.press(KeyCode::Char('?'));
    seen(&mut person, "player help", "pause or resume");
    person.press(KeyCode::Char('?'));
    person.press(KeyCode::Char(' '));
    seen(&mut person, "paused", "Neck kneading");
    person.press(KeyCode::Char(' '));
    person.press(KeyCode::Char('q'));
    seen(&mut person, "ending", "End this session now?");
    person.press(KeyCode::Char('n'));
    person.waits(TOTAL);
    seen(&mut person, "pain after", "Before: 6, moderate");
    person.types("3");
    seen(&mut person, "note", "A note for your journal?");
    person.types("ok");
    person.press(KeyCode::Enter);
    seen(
        &mut person,
        "session over",
        "Pain 6 -> 3, eased by 3 points",
    );
    person.press(KeyCode::Enter);
    seen(&mut person, "library reading", "...");
    person.reads_the_journal();
    seen(&mut person, "library again", "last session");
}

#[test]
fn the_light_theme_draws_dark_ink_and_nothing_bright() {
    let mut person = Person::at_the_library(look(Theme::Light, false), &a_month());
    let light = [
        Color::White,
        Color::Gray,
        Color::Yellow,
        Color::LightYellow,
        Color::LightRed,
        Color::LightCyan,
    ];
    for key in [None, Some('h')] {
        if let Some(key) = key {
            person.press(KeyCode::Char(key));
        }
        let buffer = person.draw().clone();
        for cell in buffer.content() {
            assert!(
                !light.contains(&cell.fg) && cell.bg == Color::Reset,
                "{cell:?} on a light background:\n{}",
                rows(&buffer).join("\n")
            );
        }
        // The title is in the accent, dark red.
        assert_eq!(buffer[(1, 0)].fg, Color::Red);
    }
}

#[test]
fn the_screens_around_a_session_keep_what_matters_at_80_by_23_and_40_by_12() {
    for (width, height) in [(80, 23), (40, 12)] {
        let mut person = Person::at_the_library(look(Theme::Dim, false), &a_month());
        person.terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        let show = std::env::var_os("SHOW").is_some();
        let seen = |person: &mut Person, what: &str, words: &[&str]| {
            let screen = person.screen();
            if show {
                println!("=== {what} at {width}x{height}\n{screen}");
            }
            for w in words {
                assert!(
                    screen.contains(w),
                    "{what} at {width}×{height}: {w}:\n{screen}"
                );
            }
            assert!(!screen.contains("larger"), "{screen}");
        };
        seen(
            &mut person,
            "library",
            &["Quick reset", "Kinds: knead, rest", "q quit"],
        );
        person.press(KeyCode::Char('h'));
        // The journal is read on a thread of its own once the first frame
        // is out: on a busy machine, still being read.
        person.reads_the_journal();
        seen(
            &mut person,
            "history",
            &["Streak: 30 days in a row", "Recent", "Esc back"],
        );
        person.press(KeyCode::Esc);
        person.press(KeyCode::Enter);
        person.types("6");
        person.waits(TOTAL + 1.0);
        seen(
            &mut person,
            "pain after",
            &["How is your head now?", "Before: 6, moderate", "? help"],
        );
        person.types("3");
        person.press(KeyCode::Esc);
        seen(
            &mut person,
            "session over",
            &[
                "Session over",
                "Pain 6 → 3, eased by 3 points",
                "Saved to your journal",
                "Press any key",
            ],
        );
    }
}
