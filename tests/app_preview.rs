//! Previews and live reload, headless: the real `App` on ratatui's
//! `TestBackend` at 80×24 (see `app_support`), with the routine in a file
//! of its own and a journal in a temp folder. A save with mistakes shows them, with the line, while
//! the last good version plays on; fixed, the new version plays from the
//! same place; a preview (`--no-journal`) writes nothing; `--from` starts
//! at its step and counts none before it as done.

mod app_support;

use std::path::PathBuf;

use app_support::Person;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;
use stillpoint::journal::Journal;
use stillpoint::routine::{parse, source};
use stillpoint::ui::app::Playable;

/// No lead-in; a 40 s knead, then a 20 s rest.
const ROUTINE: &str = r#"stillpoint = 1
title = "Jaw release"
lead_in = 0

[[step]]
title = "Jaw circles"
kind = "circles"
area = "jaw"
duration = "40s"
tempo = 20
instructions = "Small slow circles on the jaw muscle."

[[step]]
title = "Rest"
kind = "rest"
duration = "20s"
instructions = "Let your hands fall."
"#;

/// An author at `play FILE`: the routine in a file of its own.
struct Author {
    person: Person,
    file: PathBuf,
    _folder: tempfile::TempDir,
}

impl Author {
    /// `play FILE --from STEP` (from 0), recorded.
    fn playing(from: usize) -> Self {
        let folder = tempfile::tempdir().unwrap();
        let file = folder.path().join("jaw-release.toml");
        std::fs::write(&file, ROUTINE).unwrap();
        let source = source::read(&file).unwrap();
        let routine = parse(&source).routine.expect("a valid routine");
        let playable = Playable::new(&source, routine).from_step(from);
        Self {
            person: Person::playing(playable, false),
            file,
            _folder: folder,
        }
    }

    /// `play FILE --no-journal`.
    fn previewing() -> Self {
        let mut author = Self::playing(0);
        author.person.app = author.person.app.not_recording();
        author
    }

    /// `play FILE --watch`: a preview, reloaded from FILE.
    fn watching() -> Self {
        let mut author = Self::previewing();
        let file = author.file.clone();
        author.person.app = author.person.app.watching(file, ROUTINE.to_owned());
        author
    }

    /// Saves the routine file as `text`, and the app hears of it.
    fn saves(&mut self, text: &str) {
        std::fs::write(&self.file, text).unwrap();
        self.person.app.routine_saved(self.person.now);
    }

    fn press(&mut self, code: KeyCode) {
        self.person.press(code);
    }

    fn waits(&mut self, seconds: f64) {
        self.person.waits(seconds);
    }

    /// The screen at 80×24.
    fn screen(&mut self) -> String {
        self.person.screen()
    }

    /// The screen 59 columns wide, where the time left is in words, not
    /// large digits.
    fn narrow_screen(&mut self) -> String {
        let wide = std::mem::replace(
            &mut self.person.terminal,
            Terminal::new(TestBackend::new(59, 24)).unwrap(),
        );
        let screen = self.person.screen();
        self.person.terminal = wide;
        screen
    }

    fn journal(&self) -> PathBuf {
        self.person.dir.path().join("journal.jsonl")
    }
}

/// The time the step has left as the screen says it, e.g. "0:35".
fn time_left(author: &mut Author) -> String {
    let screen = author.narrow_screen();
    screen
        .split_whitespace()
        .collect::<Vec<_>>()
        .windows(2)
        .find(|w| w[1] == "left" && w[0].contains(':'))
        .map(|w| w[0].to_owned())
        .unwrap_or_else(|| panic!("no time left on the screen:\n{screen}"))
}

#[test]
fn a_save_with_mistakes_shows_them_with_the_line_and_the_last_good_version_plays_on() {
    let mut author = Author::watching();
    author.waits(5.0);
    let broken = ROUTINE.replace("duration = \"40s\"", "duration = \"forty\"");
    author.saves(&broken);
    let screen = author.screen();
    let file = author.file.display().to_string();
    for shown in [
        "Not reloaded",
        "The last good version plays on; save the file again once it is fixed.",
        "error: `duration` in step 1 (\"Jaw circles\") is not a duration",
        &format!("--> {file}:9:12"),
        "9 | duration = \"forty\"",
    ] {
        assert!(screen.contains(shown), "{shown:?} not shown:\n{screen}");
    }
    assert!(screen.contains("Jaw circles"), "{screen}");
    assert_eq!(time_left(&mut author), "0:35");
    author.waits(3.0);
    let screen = author.screen();
    assert!(screen.contains("Not reloaded"), "{screen}");
    assert_eq!(time_left(&mut author), "0:32", "the session goes on");
    // Fixed, with a new title: it plays from where it was.
    let fixed = ROUTINE.replace("Jaw circles", "Jaw muscle circles");
    author.saves(&fixed);
    let screen = author.screen();
    assert!(!screen.contains("Not reloaded"), "{screen}");
    assert!(screen.contains("Jaw muscle circles"), "{screen}");
    assert!(screen.contains("reloaded"), "{screen}");
    assert_eq!(time_left(&mut author), "0:32");
}

#[test]
fn a_save_of_the_same_text_changes_nothing_and_a_new_step_length_keeps_the_place() {
    let mut author = Author::watching();
    author.waits(10.0);
    author.saves(ROUTINE);
    let screen = author.screen();
    assert!(!screen.contains("reloaded"), "{screen}");
    let longer = ROUTINE.replace("duration = \"40s\"", "duration = \"1m\"");
    author.saves(&longer);
    let screen = author.screen();
    assert!(screen.contains("reloaded"), "{screen}");
    assert_eq!(time_left(&mut author), "0:50");
}

#[test]
fn a_preview_says_so_writes_nothing_and_says_nothing_was_saved() {
    let mut author = Author::previewing();
    let screen = author.screen();
    assert!(screen.contains("preview · not recorded"), "{screen}");
    author.press(KeyCode::Char('q'));
    let screen = author.screen();
    assert!(
        screen.contains("It is a preview: nothing is saved."),
        "{screen}"
    );
    author.press(KeyCode::Char('y'));
    let screen = author.screen();
    assert!(
        screen.contains("Not recorded: a preview (--no-journal)"),
        "{screen}"
    );
    assert!(!author.journal().exists(), "a journal was written");
    assert!(author.person.app.leave().is_empty());
    assert!(
        !author.journal().exists(),
        "a journal was written on leaving"
    );
}

#[test]
fn a_session_played_to_its_end_as_a_preview_writes_nothing_either() {
    let mut author = Author::previewing();
    author.waits(61.0);
    let screen = author.screen();
    assert!(screen.contains("Completed"), "{screen}");
    assert!(screen.contains("Not recorded"), "{screen}");
    assert!(!author.journal().exists(), "a journal was written");
}

#[test]
fn from_a_step_the_session_starts_there_and_the_steps_before_are_not_done() {
    let mut author = Author::playing(1);
    let screen = author.screen();
    assert!(screen.contains("Step 2 of 2"), "{screen}");
    assert!(screen.contains("Rest"), "{screen}");
    author.waits(21.0);
    let records = Journal::at(author.journal()).load().unwrap().records;
    let session = records[0].as_session().expect("a session");
    assert_eq!(session.steps_done, 1, "{session:?}");
    assert_eq!(session.steps_total, 2);
    assert_eq!(session.skipped_steps, [1]);
    assert_eq!(session.active_seconds, 20);
}
