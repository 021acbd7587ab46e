//! "I have a headache now" and "When to get help now" in the real `App`,
//! headless: on ratatui's `TestBackend`, with an injected clock and a
//! journal in a temp folder, driven by the keys a person would press, and
//! read back from the screen and the journal.

mod journal_support;

use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset, TimeZone};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use stillpoint::conductor::{Keeper, WallClock};
use stillpoint::journal::diary::Attack;
use stillpoint::journal::{Journal, Outcome, Rating, Record, Session};
use stillpoint::routine::{RoutineSource, parse};
use stillpoint::ui::app::{App, Options, Playable};
use stillpoint::ui::frame::Look;
use stillpoint::ui::theme::Theme;
use stillpoint::warning_signs;

/// 3 s lead-in, then a 20 s knead and a 10 s rest: 33 s in all.
const ROUTINE: &str = r#"
stillpoint = 1
title = "Quick reset"
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

/// A 1 s lead-in and a 4 s rest, offered for a headache now.
const RELIEF: &str = r#"
stillpoint = 1
title = "Short relief"
lead_in = "1s"

[[step]]
title = "Temple rest"
kind = "rest"
duration = "4s"
instructions = "Rest your fingertips on your temples."
"#;

fn playable(name: &str, text: &str) -> Playable {
    let source = RoutineSource {
        name: name.into(),
        text: text.into(),
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

struct Person {
    app: App,
    now: Instant,
    terminal: Terminal<TestBackend>,
    dir: tempfile::TempDir,
}

impl Person {
    /// The library over the quick reset and the bundled routines, with the
    /// journal holding `records`; `!` offers the short relief unless
    /// `bundled_relief`.
    fn at_the_library(records: &[Record], checkin: bool, bundled_relief: bool) -> Self {
        let dir = tempfile::tempdir().unwrap();
        journal_support::write_journal(dir.path(), records);
        let now = Instant::now();
        let mut library = vec![playable("quick-reset.toml", ROUTINE)];
        library.extend(stillpoint::library::all(&[]).iter().filter_map(|source| {
            parse(source)
                .routine
                .map(|routine| Playable::new(source, routine))
        }));
        let keeper = Keeper::new(Some(Journal::at(dir.path().join("journal.jsonl"))));
        let clock = WallClock::following(now, noon());
        let app = App::library(library, options(checkin), keeper, None, clock);
        let app = if bundled_relief {
            app
        } else {
            app.with_relief(Ok(playable("short-relief.toml", RELIEF)))
        };
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
    /// library's figures are read; the screen then.
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

    fn journal_path(&self) -> std::path::PathBuf {
        self.dir.path().join("journal.jsonl")
    }

    fn records(&self) -> Vec<Record> {
        let loaded = Journal::at(self.journal_path()).load().unwrap();
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        loaded.records
    }

    fn attacks(&self) -> Vec<Attack> {
        let records = self.records();
        records
            .iter()
            .filter_map(Record::as_attack)
            .cloned()
            .collect()
    }

    fn sessions(&self) -> Vec<Session> {
        let records = self.records();
        records
            .iter()
            .filter_map(Record::as_session)
            .cloned()
            .collect()
    }
}

/// An attack going on since 10:30 on the test's day.
fn open_since_half_past_ten() -> Attack {
    Attack {
        peak: Rating::new(5),
        ..Attack::new(noon() - chrono::Duration::minutes(90))
    }
}

#[test]
fn bang_asks_the_pain_opens_the_attack_at_once_and_the_relief_session_is_linked_to_it() {
    let mut person = Person::at_the_library(&[], true, false);
    person.reads_the_journal();
    person.press(KeyCode::Char('!'));
    let question = person.screen();
    assert!(question.contains("A headache now"), "{question}");
    assert!(question.contains("How bad is it right now?"), "{question}");
    assert!(question.contains("Esc cancel"), "{question}");
    person.types("7");

    // In the journal before any routine starts: open, with its pain.
    let attacks = person.attacks();
    assert_eq!(attacks.len(), 1, "{attacks:?}");
    let attack = attacks[0].clone();
    assert!(attack.is_open());
    assert_eq!(attack.start, noon());
    assert_eq!(attack.peak.map(u8::from), Some(7));
    let offer = person.screen();
    assert!(
        offer.contains("Noted: a headache since 12:00, pain 7, severe."),
        "{offer}"
    );
    assert!(
        offer.contains("Your relief routine: Short relief"),
        "{offer}"
    );
    assert!(offer.contains("stillpoint attack --end now"), "{offer}");

    person.waits(2.0);
    person.press(KeyCode::Enter);
    // The pain given is the session's pain before: not asked again.
    let playing = person.screen();
    assert!(playing.contains("Temple rest"), "{playing}");
    assert!(
        !playing.contains("How is your head right now?"),
        "{playing}"
    );
    person.waits(6.0);
    let after = person.screen();
    assert!(after.contains("How is your head now?"), "{after}");
    assert!(after.contains("Before: 7, severe"), "{after}");
    person.types("4");
    person.press(KeyCode::Esc);
    assert!(person.screen().contains("Saved to your journal"));

    let sessions = person.sessions();
    assert_eq!(sessions.len(), 1, "{sessions:?}");
    let session = &sessions[0];
    assert_eq!(session.routine.title, "Short relief");
    assert_eq!(session.outcome, Outcome::Completed);
    assert_eq!(session.attack.as_ref(), Some(&attack.id));
    assert_eq!(session.pain_before.map(u8::from), Some(7));
    assert_eq!(session.pain_after.map(u8::from), Some(4));
    assert_eq!(person.attacks(), [attack], "still open, still one");

    // Back in the library, the attack going on is said, with how to close it.
    person.press(KeyCode::Enter);
    let library = person.reads_the_journal();
    assert!(
        library
            .contains("Headache going on since 12:00 · when it ends: stillpoint attack --end now"),
        "{library}"
    );
    assert!(person.app.leave().is_empty(), "nothing left unsaved");
}

#[test]
fn bang_then_esc_writes_nothing() {
    let mut person = Person::at_the_library(&[], true, false);
    person.reads_the_journal();
    person.press(KeyCode::Char('!'));
    assert!(person.screen().contains("How bad is it right now?"));
    person.press(KeyCode::Esc);
    let library = person.screen();
    assert!(library.contains("Stillpoint · routines"), "{library}");
    assert!(!person.journal_path().exists(), "no journal was even made");
    assert!(person.app.leave().is_empty());
}

#[test]
fn with_an_attack_going_on_bang_opens_no_second_one_and_offers_the_bundled_routine() {
    let open = open_since_half_past_ten();
    let mut person = Person::at_the_library(&[open.clone().into()], false, true);
    let library = person.reads_the_journal();
    assert!(
        library.contains("Headache going on since 10:30"),
        "{library}"
    );
    person.press(KeyCode::Char('!'));
    let offer = person.screen();
    assert!(
        offer.contains("A headache is noted already, going on since 10:30."),
        "{offer}"
    );
    assert!(offer.contains("No second one was opened."), "{offer}");
    assert!(
        offer.contains("Your relief routine: Neck, shoulders and temples"),
        "{offer}"
    );
    assert!(!offer.contains("How bad is it"), "no pain asked: {offer}");
    person.press(KeyCode::Enter);
    let playing = person.screen();
    assert!(playing.contains("Warm compress"), "{playing}");
    person.waits(5.0);
    person.press(KeyCode::Char('q'));
    person.press(KeyCode::Char('y'));
    assert!(person.screen().contains("Saved to your journal"));
    assert_eq!(
        person.attacks(),
        std::slice::from_ref(&open),
        "still the one attack"
    );
    let sessions = person.sessions();
    assert_eq!(sessions.len(), 1);
    assert_eq!(sessions[0].attack.as_ref(), Some(&open.id));
    assert_eq!(sessions[0].pain_before, None, "nothing was asked");
}

#[test]
fn a_session_with_no_attack_going_on_is_linked_to_none() {
    let ended = Attack {
        end: Some(noon() - chrono::Duration::minutes(30)),
        ..open_since_half_past_ten()
    };
    let mut person = Person::at_the_library(&[ended.into()], false, false);
    let library = person.reads_the_journal();
    assert!(!library.contains("Headache going on"), "{library}");
    person.press(KeyCode::Enter);
    person.waits(34.0);
    assert!(person.screen().contains("Completed"));
    let sessions = person.sessions();
    assert_eq!(sessions.len(), 1);
    assert_eq!(sessions[0].attack, None);
    let text = std::fs::read_to_string(person.journal_path()).unwrap();
    let line = text.lines().last().unwrap();
    assert!(!line.contains("\"attack\""), "no link written: {line}");
}

#[test]
fn the_warning_signs_show_from_the_library_whole_at_80_by_23() {
    let mut person = Person::at_the_library(&[], false, false);
    person.terminal = Terminal::new(TestBackend::new(80, 23)).unwrap();
    person.reads_the_journal();
    assert!(person.screen().contains("w warning signs"));
    person.press(KeyCode::Char('w'));
    let shown = person.screen();
    let words = shown.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(words.contains(warning_signs::TITLE), "{shown}");
    for line in warning_signs::SIGNS
        .iter()
        .chain([&warning_signs::CALL, &warning_signs::NOT_A_DIAGNOSIS])
    {
        assert!(words.contains(line), "{line}: {shown}");
    }
    assert!(words.contains("Any key goes back"), "{shown}");
    person.press(KeyCode::Char('x'));
    let library = person.screen();
    assert!(library.contains("Stillpoint · routines"), "{library}");
    assert!(!library.contains(warning_signs::CALL), "{library}");
}

#[test]
fn the_warning_signs_pause_the_player_and_it_goes_on_after() {
    let mut person = Person::at_the_library(&[], false, false);
    person.reads_the_journal();
    person.press(KeyCode::Enter);
    person.waits(5.0);
    person.press(KeyCode::Char('w'));
    let shown = person.screen();
    assert!(shown.contains(warning_signs::TITLE), "{shown}");
    assert!(
        shown.contains("The session is paused while this shows"),
        "{shown}"
    );
    // Ten seconds with the signs open: the session's clock stands still.
    person.waits(10.0);
    person.press(KeyCode::Esc);
    let playing = person.screen();
    assert!(playing.contains("Neck kneading"), "{playing}");
    assert!(!playing.contains("Paused"), "goes on by itself: {playing}");
    // It ends 10 s later than it would have, having played its 33 s.
    person.waits(27.0);
    assert!(!person.screen().contains("Completed"), "not yet");
    person.waits(2.0);
    assert!(person.screen().contains("Completed"));
    let sessions = person.sessions();
    assert_eq!(sessions[0].outcome, Outcome::Completed);
    assert_eq!(sessions[0].paused_seconds, 10);
    assert_eq!(sessions[0].active_seconds, 33);
}

#[test]
fn an_attack_that_cannot_be_saved_is_said_on_screen_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    // A file where the data folder should be: nothing can be saved.
    let blocker = dir.path().join("data");
    std::fs::write(&blocker, "").unwrap();
    let now = Instant::now();
    let keeper = Keeper::new(Some(Journal::at(blocker.join("journal.jsonl"))));
    let library = vec![playable("quick-reset.toml", ROUTINE)];
    let app = App::library(
        library,
        options(false),
        keeper,
        None,
        WallClock::following(now, noon()),
    )
    .with_relief(Ok(playable("short-relief.toml", RELIEF)));
    let mut person = Person {
        app,
        now,
        terminal: Terminal::new(TestBackend::new(80, 24)).unwrap(),
        dir,
    };
    person.press(KeyCode::Char('!'));
    person.types("6");
    let offer = person.screen();
    let words = offer.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        words.contains("Not saved yet: could not save the attack"),
        "{offer}"
    );
    assert!(words.contains("It is kept"), "{offer}");
    assert!(
        words.contains("Your relief routine: Short relief"),
        "{offer}"
    );
    // Leaving, it is tried once more and given whole, never dropped.
    let lines = person.app.leave();
    assert!(
        lines[0].starts_with("error: this attack could not be saved"),
        "{lines:?}"
    );
    let record: serde_json::Value = serde_json::from_str(&lines[1]).unwrap();
    assert_eq!(record["type"], "attack");
    assert_eq!(record["peak"], 6);
    assert_eq!(record["end"], serde_json::Value::Null);
}

#[test]
fn a_plain_session_during_an_attack_is_linked_to_it_and_the_command_prints_the_signs() {
    let dir = tempfile::tempdir().unwrap();
    let open = Attack::new(stillpoint::journal::now() - chrono::Duration::minutes(10));
    journal_support::write_journal(dir.path(), &[open.clone().into()]);
    let routine = format!(
        "{}/tests/fixtures/routines/short.toml",
        env!("CARGO_MANIFEST_DIR")
    );
    journal_support::stillpoint(dir.path())
        .args(["play", &routine, "--plain", "--no-audio"])
        .assert()
        .success();
    let loaded = Journal::at(dir.path().join("journal.jsonl"))
        .load()
        .unwrap();
    let sessions: Vec<&Session> = loaded
        .records
        .iter()
        .filter_map(Record::as_session)
        .collect();
    assert_eq!(sessions.len(), 1, "{:?}", loaded.records);
    assert_eq!(sessions[0].attack.as_ref(), Some(&open.id));

    let printed = journal_support::stillpoint(dir.path())
        .arg("warning-signs")
        .assert()
        .success();
    let out = String::from_utf8(printed.get_output().stdout.clone()).unwrap();
    assert_eq!(out.lines().collect::<Vec<_>>(), warning_signs::lines());
    let help = journal_support::stillpoint(dir.path())
        .arg("--help")
        .assert()
        .success();
    let help = String::from_utf8(help.get_output().stdout.clone()).unwrap();
    assert!(
        help.contains("When to get help now: `stillpoint warning-signs`"),
        "{help}"
    );
}
