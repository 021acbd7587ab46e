//! Every screen's keys in one table. What a key does, the hint line at the
//! bottom of a screen and the `?` help are all read from here, so they
//! cannot disagree.

use ratatui::crossterm::event::KeyCode;

use super::view::text::Glyphs;

/// What a key asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Help,
    /// Up or down a list (the key says which).
    Move,
    Start,
    Filter,
    History,
    /// Leave the program, or go back to the screen before.
    Back,
    /// Keep what was typed in the filter.
    KeepFilter,
    ClearFilter,
    TogglePause,
    Next,
    Previous,
    VolumeUp,
    VolumeDown,
    Mute,
    Ambient,
    Voice,
    AskQuit,
    /// Yes, end the session now.
    EndNow,
    /// No, go on with it.
    GoOn,
    /// A pain rating: the key's digit, or 10 for `t`.
    Rate,
    /// One point more or less on the pain scale (the key says which).
    Nudge,
    Answer,
    SkipQuestion,
    /// Do not start the session after all.
    Cancel,
    /// The instructions' next or previous page (the key says which).
    Page,
    SaveNote,
    SkipNote,
    Retry,
    /// "I have a headache now": open an attack and offer the relief routine.
    HeadacheNow,
    /// The "When to get help now" screen.
    WarningSigns,
    /// Start the relief routine offered.
    StartRelief,
}

/// One row of a screen's keys.
#[derive(Debug)]
pub struct Binding {
    pub keys: &'static [KeyCode],
    /// The keys as written, when not simply named one by one ("0-9").
    pub label: Option<&'static str>,
    /// How many of `keys` the hint line names; 0 keeps it off the line.
    pub hinted: usize,
    /// The word on the hint line.
    pub hint: &'static str,
    /// What the help says it does.
    pub does: &'static str,
    pub action: Action,
}

/// The screens, each with its own keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keymap {
    Library,
    /// Typing into the library's filter.
    Filtering,
    History,
    /// How is your head, before a session.
    PainBefore,
    /// How is your head, after it.
    PainAfter,
    NoteQuestion,
    Player,
    ConfirmQuit,
    Finished,
    /// How bad the headache is now, after `!` in the library.
    PainNow,
    /// The relief routine offered for a headache now.
    Relief,
    /// A routine's cautions, before it starts.
    Cautions,
}

use Action as A;
use KeyCode as K;

const fn bind(
    keys: &'static [KeyCode],
    hinted: usize,
    hint: &'static str,
    does: &'static str,
    action: Action,
) -> Binding {
    Binding {
        keys,
        label: None,
        hinted,
        hint,
        does,
        action,
    }
}

const HELP: Binding = bind(&[K::Char('?')], 1, "help", "these keys", A::Help);

const WARNING_SIGNS: Binding = bind(
    &[K::Char('w')],
    1,
    "warning signs",
    "when to get help now: the signs a headache needs a doctor",
    A::WarningSigns,
);

/// The warning signs' key, listed in the help but not on a hint line
/// that has no room for it.
const WARNING_SIGNS_UNHINTED: Binding = Binding {
    hinted: 0,
    ..WARNING_SIGNS
};

const LIBRARY: &[Binding] = &[
    bind(
        &[K::Up, K::Down, K::Char('k'), K::Char('j')],
        2,
        "choose",
        "choose a routine",
        A::Move,
    ),
    bind(
        &[K::Home, K::End],
        0,
        "",
        "the first or the last routine",
        A::Move,
    ),
    bind(
        &[K::Enter],
        1,
        "start",
        "start the routine chosen",
        A::Start,
    ),
    bind(
        &[K::Char('!')],
        1,
        "headache now",
        "a headache now: note it with its pain, then your relief routine",
        A::HeadacheNow,
    ),
    bind(
        &[K::Char('/')],
        1,
        "filter",
        "filter by title, summary or tag",
        A::Filter,
    ),
    bind(
        &[K::Char('h')],
        1,
        "history",
        "your sessions: weeks, streak and relief",
        A::History,
    ),
    WARNING_SIGNS,
    HELP,
    bind(
        &[K::Char('q'), K::Esc],
        1,
        "quit",
        "leave Stillpoint (Esc clears a filter first)",
        A::Back,
    ),
];

const FILTERING: &[Binding] = &[
    bind(
        &[K::Enter],
        1,
        "keep",
        "keep the filter and choose",
        A::KeepFilter,
    ),
    bind(&[K::Esc], 1, "clear", "clear the filter", A::ClearFilter),
];

const HISTORY: &[Binding] = &[
    bind(
        &[K::Up, K::Down, K::Char('k'), K::Char('j')],
        2,
        "scroll",
        "scroll the recent sessions",
        A::Move,
    ),
    bind(
        &[K::PageUp, K::PageDown, K::Home, K::End],
        0,
        "",
        "a page up or down, the newest or the oldest",
        A::Move,
    ),
    bind(
        &[K::Esc, K::Char('q'), K::Char('h'), K::Enter],
        1,
        "back",
        "back to the routines",
        A::Back,
    ),
    WARNING_SIGNS_UNHINTED,
    HELP,
];

const RATE: Binding = Binding {
    label: Some("0-9"),
    ..bind(
        &[
            K::Char('0'),
            K::Char('1'),
            K::Char('2'),
            K::Char('3'),
            K::Char('4'),
            K::Char('5'),
            K::Char('6'),
            K::Char('7'),
            K::Char('8'),
            K::Char('9'),
        ],
        1,
        "answer",
        "answer with that number",
        A::Rate,
    )
};
const RATE_TEN: Binding = bind(
    &[K::Char('t')],
    1,
    "for 10",
    "answer 10, the worst",
    A::Rate,
);
const NUDGE: Binding = bind(
    &[K::Left, K::Right, K::Char('-'), K::Char('+')],
    2,
    "move",
    "move along the scale",
    A::Nudge,
);
const ANSWER: Binding = bind(
    &[K::Enter],
    1,
    "confirm",
    "answer what is chosen",
    A::Answer,
);
const SKIP: Binding = bind(
    &[K::Char('s'), K::Esc],
    1,
    "skip",
    "skip the question",
    A::SkipQuestion,
);

const PAIN_BEFORE: &[Binding] = &[
    RATE,
    RATE_TEN,
    NUDGE,
    ANSWER,
    SKIP,
    bind(
        &[K::Char('q')],
        1,
        "cancel",
        "do not start after all",
        A::Cancel,
    ),
    WARNING_SIGNS_UNHINTED,
    HELP,
];

const PAIN_AFTER: &[Binding] = &[
    RATE,
    RATE_TEN,
    NUDGE,
    ANSWER,
    SKIP,
    WARNING_SIGNS_UNHINTED,
    HELP,
];

const PAIN_NOW: &[Binding] = &[
    RATE,
    RATE_TEN,
    NUDGE,
    ANSWER,
    bind(
        &[K::Char('s')],
        1,
        "skip",
        "note the headache without its pain",
        A::SkipQuestion,
    ),
    bind(
        &[K::Esc, K::Char('q')],
        1,
        "cancel",
        "back to the routines; nothing is saved",
        A::Cancel,
    ),
    WARNING_SIGNS_UNHINTED,
    HELP,
];

const CAUTIONS: &[Binding] = &[
    bind(
        &[K::Enter, K::Char(' ')],
        1,
        "start",
        "start the routine",
        A::Start,
    ),
    bind(
        &[K::Esc, K::Char('q')],
        1,
        "back",
        "do not start it",
        A::Back,
    ),
    WARNING_SIGNS_UNHINTED,
    HELP,
];

const RELIEF: &[Binding] = &[
    bind(
        &[K::Enter],
        1,
        "start it",
        "start the relief routine",
        A::StartRelief,
    ),
    bind(
        &[K::Esc, K::Char('q')],
        1,
        "back",
        "back to the routines",
        A::Back,
    ),
    WARNING_SIGNS,
    HELP,
];

const NOTE: &[Binding] = &[
    bind(&[K::Enter], 1, "save", "save the note", A::SaveNote),
    bind(&[K::Esc], 1, "skip", "save without a note", A::SkipNote),
];

const PLAYER: &[Binding] = &[
    bind(
        &[K::Char(' ')],
        1,
        "pause",
        "pause or resume",
        A::TogglePause,
    ),
    bind(&[K::Right, K::Char('n')], 1, "next", "next step", A::Next),
    bind(
        &[K::Left, K::Char('p')],
        1,
        "back",
        "back to this step's start, or the step before",
        A::Previous,
    ),
    bind(&[K::Char('+'), K::Char('=')], 0, "", "louder", A::VolumeUp),
    bind(&[K::Char('-')], 0, "", "quieter", A::VolumeDown),
    bind(&[K::Char('m')], 0, "", "mute or unmute", A::Mute),
    bind(
        &[K::Char('a')],
        0,
        "",
        "ambient sound on or off",
        A::Ambient,
    ),
    bind(
        &[K::Char('v')],
        0,
        "",
        "spoken guidance on or off",
        A::Voice,
    ),
    WARNING_SIGNS,
    HELP,
    bind(
        &[K::Char('q'), K::Esc],
        1,
        "end",
        "end the session (asks first; it is still saved)",
        A::AskQuit,
    ),
];

const CONFIRM: &[Binding] = &[
    bind(
        &[K::Char('y'), K::Enter, K::Char('q')],
        1,
        "end",
        "end the session now",
        A::EndNow,
    ),
    bind(
        &[K::Char('n'), K::Esc],
        1,
        "keep going",
        "go on with the session",
        A::GoOn,
    ),
];

const FINISHED: &[Binding] = &[
    bind(
        &[K::Char('r')],
        1,
        "try again",
        "try saving again, if saving failed",
        A::Retry,
    ),
    bind(
        &[K::Enter, K::Esc, K::Char('q')],
        1,
        "go on",
        "leave this screen",
        A::Back,
    ),
];

impl Keymap {
    pub fn bindings(self) -> &'static [Binding] {
        match self {
            Keymap::Library => LIBRARY,
            Keymap::Filtering => FILTERING,
            Keymap::History => HISTORY,
            Keymap::PainBefore => PAIN_BEFORE,
            Keymap::PainAfter => PAIN_AFTER,
            Keymap::NoteQuestion => NOTE,
            Keymap::Player => PLAYER,
            Keymap::ConfirmQuit => CONFIRM,
            Keymap::Finished => FINISHED,
            Keymap::PainNow => PAIN_NOW,
            Keymap::Relief => RELIEF,
            Keymap::Cautions => CAUTIONS,
        }
    }

    /// What `code` does on this screen, if anything.
    pub fn action(self, code: KeyCode) -> Option<Action> {
        self.bindings()
            .iter()
            .find(|b| b.keys.contains(&code))
            .map(|b| b.action)
    }

    /// The hint line: "space pause · → next · ? help · q end". While
    /// `paused`, the pause key's word is "resume".
    pub(crate) fn hint_line(self, g: &Glyphs, paused: bool) -> String {
        self.hints(g, paused.then_some("resume")).join(g.sep)
    }

    /// The hint line in at most `cells` cells: hints before the last two
    /// (help and leaving, always kept) give way from the right.
    /// [`Keymap::hint_line`] in at most `cells`, with `space` as the pause
    /// key's word when it does something else now ("resume", "go on").
    pub(crate) fn hint_line_within(
        self,
        g: &Glyphs,
        space: Option<&'static str>,
        cells: usize,
    ) -> String {
        let mut hints = self.hints(g, space);
        while hints.len() > 3 && crate::wrap::width(&hints.join(g.sep)) > cells {
            hints.remove(hints.len() - 3);
        }
        hints.join(g.sep)
    }

    /// The hint line over at most `rows` lines of `cells` cells, broken
    /// between hints, never inside one; wrapped like any text when whole
    /// hints do not fit.
    pub(crate) fn hint_lines(self, g: &Glyphs, cells: usize, rows: usize) -> Vec<String> {
        self.hint_lines_without(g, cells, rows, None)
    }

    /// [`Keymap::hint_lines`] without the hint of `without` (a key that
    /// would do nothing on the screen as it is).
    pub(crate) fn hint_lines_without(
        self,
        g: &Glyphs,
        cells: usize,
        rows: usize,
        without: Option<Action>,
    ) -> Vec<String> {
        let mut hints: Vec<String> = self
            .bindings()
            .iter()
            .filter(|b| b.hinted > 0)
            .zip(self.hints(g, None))
            .filter(|(b, _)| Some(b.action) != without)
            .map(|(_, hint)| hint)
            .collect();
        loop {
            if let Some(lines) = whole_hints(&hints, g, cells, rows) {
                return lines;
            }
            if hints.len() <= 3 {
                return crate::wrap::wrap(&hints.join(g.sep), cells, rows, g.more);
            }
            // As on one line: the hints before help and leaving give way
            // from the right.
            hints.remove(hints.len() - 3);
        }
    }

    fn hints(self, g: &Glyphs, space: Option<&'static str>) -> Vec<String> {
        self.bindings()
            .iter()
            .filter(|b| b.hinted > 0)
            .map(|b| {
                let word = match space {
                    Some(word) if b.action == A::TogglePause => word,
                    _ => b.hint,
                };
                format!("{} {word}", keys_label(b, g, b.hinted, "/"))
            })
            .collect()
    }

    /// The help's rows: every key and what it does.
    pub(crate) fn help_rows(self, g: &Glyphs) -> Vec<(String, &'static str)> {
        self.bindings()
            .iter()
            .map(|b| (keys_label(b, g, b.keys.len(), " or "), b.does))
            .collect()
    }
}

/// `hints` over at most `rows` lines of `cells` cells, broken between
/// hints; wrapped like any text when whole hints do not fit. For a screen
/// whose hints are its own (the diary's questions), not a keymap's.
pub(crate) fn hint_lines_of(
    hints: &[String],
    g: &Glyphs,
    cells: usize,
    rows: usize,
) -> Vec<String> {
    whole_hints(hints, g, cells, rows)
        .unwrap_or_else(|| crate::wrap::wrap(&hints.join(g.sep), cells, rows, g.more))
}

/// `hints` packed on at most `rows` lines of `cells` cells, if they fit.
fn whole_hints(hints: &[String], g: &Glyphs, cells: usize, rows: usize) -> Option<Vec<String>> {
    let lines = packed(hints, g.sep, cells);
    (lines.len() <= rows && lines.iter().all(|l| crate::wrap::width(l) <= cells)).then_some(lines)
}

/// `hints` on lines of at most `cells` cells, `sep` between them, a line
/// broken only between two hints.
fn packed(hints: &[String], sep: &str, cells: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for hint in hints {
        match lines.last_mut() {
            Some(line)
                if crate::wrap::width(line)
                    + crate::wrap::width(sep)
                    + crate::wrap::width(hint)
                    <= cells =>
            {
                line.push_str(sep);
                line.push_str(hint);
            }
            _ => lines.push(hint.clone()),
        }
    }
    lines
}

/// The first `count` keys of `binding` as written, joined with `join`.
fn keys_label(binding: &Binding, g: &Glyphs, count: usize, join: &str) -> String {
    if let Some(label) = binding.label {
        return label.to_owned();
    }
    let names: Vec<String> = binding
        .keys
        .iter()
        .take(count)
        .map(|k| key_name(*k, g))
        .collect();
    names.join(join)
}

fn key_name(code: KeyCode, g: &Glyphs) -> String {
    match code {
        K::Char(' ') => "space".into(),
        K::Char(c) => c.to_string(),
        K::Left => g.left.into(),
        K::Right => g.right.into(),
        K::Up => g.up.into(),
        K::Down => g.down.into(),
        K::Enter => "Enter".into(),
        K::PageUp => "PgUp".into(),
        K::PageDown => "PgDn".into(),
        K::Esc => "Esc".into(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::view::text::UNICODE;

    const ALL: [Keymap; 12] = [
        Keymap::Cautions,
        Keymap::PainNow,
        Keymap::Relief,
        Keymap::Library,
        Keymap::Filtering,
        Keymap::History,
        Keymap::PainBefore,
        Keymap::PainAfter,
        Keymap::NoteQuestion,
        Keymap::Player,
        Keymap::ConfirmQuit,
        Keymap::Finished,
    ];

    #[test]
    fn no_key_means_two_things_on_one_screen() {
        for map in ALL {
            let mut seen = Vec::new();
            for binding in map.bindings() {
                for key in binding.keys {
                    assert!(!seen.contains(key), "{map:?}: {key:?} twice");
                    seen.push(*key);
                }
            }
        }
    }

    #[test]
    fn the_hint_line_and_the_help_come_from_the_same_rows() {
        let g = &UNICODE;
        assert_eq!(
            Keymap::Player.hint_line(g, false),
            "space pause · → next · ← back · w warning signs · ? help · q end"
        );
        assert!(
            Keymap::Player
                .hint_line(g, true)
                .starts_with("space resume")
        );
        assert_eq!(
            Keymap::Library.hint_line(g, false),
            "↑/↓ choose · Enter start · ! headache now · / filter · h history · w warning signs · ? help · q quit"
        );
        assert_eq!(
            Keymap::Library.hint_lines(g, 78, 2),
            [
                "↑/↓ choose · Enter start · ! headache now · / filter · h history",
                "w warning signs · ? help · q quit"
            ]
        );
        assert_eq!(
            Keymap::Library.hint_lines(g, 38, 2),
            [
                "↑/↓ choose · Enter start",
                "! headache now · ? help · q quit"
            ]
        );
        // Broken between hints, never inside one.
        assert_eq!(
            Keymap::PainNow.hint_lines(g, 78, 2),
            [
                "0-9 answer · t for 10 · ←/→ move · Enter confirm · s skip · Esc cancel",
                "? help"
            ]
        );
        assert_eq!(
            Keymap::Relief.hint_lines_without(g, 78, 2, Some(Action::StartRelief)),
            ["Esc back · w warning signs · ? help"]
        );
        let help = Keymap::Library.help_rows(g);
        assert!(help.iter().any(|(k, d)| k == "/" && d.contains("filter")));
        assert!(
            help.iter()
                .any(|(k, d)| k == "Home or End" && *d == "the first or the last routine")
        );
        assert!(!help.iter().any(|(_, d)| d.contains("pause")));
    }

    #[test]
    fn keys_are_found_in_the_table() {
        assert_eq!(
            Keymap::Player.action(KeyCode::Char('n')),
            Some(Action::Next)
        );
        assert_eq!(Keymap::Library.action(KeyCode::Char('n')), None);
        assert_eq!(
            Keymap::PainBefore.action(KeyCode::Char('7')),
            Some(Action::Rate)
        );
    }
}
