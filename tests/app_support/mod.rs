//! The real `App`, headless, as the app tests drive it: on ratatui's
//! `TestBackend`, with an injected clock and a journal in a temp folder,
//! pressed and waited on as a person would, and read back from the screen
//! and the journal.

#![allow(dead_code)]

use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset, TimeZone};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use stillpoint::conductor::{Keeper, WallClock};
use stillpoint::journal::{Journal, Record, Session};
use stillpoint::routine::{RoutineSource, parse};
use stillpoint::ui::app::{App, Control, Options, Playable};
use stillpoint::ui::frame::Look;
use stillpoint::ui::theme::Theme;

/// `text` as a routine from the file `name`.
pub fn playable(name: &str, text: &str) -> Playable {
    let source = RoutineSource {
        name: name.into(),
        text: text.into(),
        folder: None,
    };
    let routine = parse(&source).routine.expect("a valid routine");
    Playable::new(&source, routine)
}

/// The dim look, with or without the check-in, a goal of 3 a week.
pub fn options(checkin: bool) -> Options {
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

/// Noon on a Wednesday, at UTC+1.
pub fn noon() -> DateTime<FixedOffset> {
    FixedOffset::east_opt(3600)
        .unwrap()
        .with_ymd_and_hms(2026, 11, 25, 12, 0, 0)
        .unwrap()
}

pub struct Person {
    pub app: App,
    pub t0: Instant,
    pub now: Instant,
    pub terminal: Terminal<TestBackend>,
    pub dir: tempfile::TempDir,
}

impl Person {
    pub fn journal_in(dir: &tempfile::TempDir) -> Keeper {
        Keeper::new(Some(Journal::at(dir.path().join("journal.jsonl"))))
    }

    /// The library of `library` and every bundled routine.
    pub fn at_the_library(library: Vec<Playable>, checkin: bool) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let t0 = Instant::now();
        let mut library = library;
        library.extend(stillpoint::library::all(&[]).iter().filter_map(|source| {
            parse(source)
                .routine
                .map(|routine| Playable::new(source, routine))
        }));
        let app = App::library(
            library,
            options(checkin),
            Self::journal_in(&dir),
            None,
            WallClock::following(t0, noon()),
        );
        Self::with(app, t0, dir)
    }

    /// `stillpoint play` of `playable`.
    pub fn playing(playable: Playable, checkin: bool) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let t0 = Instant::now();
        let app = App::play(
            playable,
            options(checkin),
            Self::journal_in(&dir),
            None,
            WallClock::following(t0, noon()),
            t0,
        );
        Self::with(app, t0, dir)
    }

    /// `app` as built by `build` from a journal in a new folder, at `t0`.
    pub fn with_app(build: impl FnOnce(Keeper, WallClock, Instant) -> App) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let t0 = Instant::now();
        let app = build(Self::journal_in(&dir), WallClock::following(t0, noon()), t0);
        Self::with(app, t0, dir)
    }

    fn with(app: App, t0: Instant, dir: tempfile::TempDir) -> Self {
        Self {
            app,
            t0,
            now: t0,
            terminal: Terminal::new(TestBackend::new(80, 24)).unwrap(),
            dir,
        }
    }

    pub fn press(&mut self, code: KeyCode) -> Control {
        self.app.key(KeyEvent::from(code), self.now)
    }

    /// Presses each character of `keys` in turn.
    pub fn types(&mut self, keys: &str) -> Control {
        let mut control = Control::Continue;
        for c in keys.chars() {
            control = self.press(KeyCode::Char(c));
        }
        control
    }

    pub fn ctrl_c(&mut self) -> Control {
        self.app.key(
            KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL),
            self.now,
        )
    }

    /// Lets `seconds` pass, ticking the way the loop does (about 4 times a
    /// second), drawing at the end.
    pub fn waits(&mut self, seconds: f64) {
        let until = self.now + Duration::from_secs_f64(seconds);
        while self.now < until {
            self.now = (self.now + Duration::from_millis(250)).min(until);
            self.app.tick(self.now);
        }
        self.screen();
    }

    pub fn screen(&mut self) -> String {
        let now = self.now;
        let app = &self.app;
        self.terminal.draw(|f| app.draw(f, now)).unwrap();
        app.frame_out();
        let buffer = self.terminal.backend().buffer();
        let mut text = String::new();
        for y in 0..buffer.area.height {
            for x in 0..buffer.area.width {
                text.push_str(buffer[(x, y)].symbol());
            }
            text.push('\n');
        }
        text
    }

    /// Ticks, as the loop does when the reading thread wakes it, until the
    /// journal's figures stand where the placeholder was; the screen then.
    pub fn reads_the_journal(&mut self) -> String {
        let limit = Instant::now() + Duration::from_secs(30);
        loop {
            let screen = self.screen();
            let top = screen.lines().next().unwrap_or_default();
            if top.split_whitespace().last() != Some("…") {
                return screen;
            }
            assert!(Instant::now() < limit, "the journal was never read");
            std::thread::sleep(Duration::from_millis(1));
            self.app.tick(self.now);
        }
    }

    pub fn records(&self) -> Vec<Record> {
        let loaded = Journal::at(self.dir.path().join("journal.jsonl"))
            .load()
            .unwrap();
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        loaded.records
    }

    /// The one session in the journal.
    pub fn session(&self) -> Session {
        let records = self.records();
        assert_eq!(records.len(), 1, "exactly one record: {records:?}");
        records[0].as_session().expect("a session").clone()
    }

    /// The wall time `seconds` after the start.
    pub fn at(&self, seconds: f64) -> DateTime<FixedOffset> {
        noon() + chrono::TimeDelta::from_std(Duration::from_secs_f64(seconds)).unwrap()
    }
}
