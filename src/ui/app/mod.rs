//! The application's screens and what each key does on them. Time is handed
//! in; a session is driven by its conductor, and the app moves between the
//! screens around it and hands each ended session to the journal keeper.

mod flow;
mod keys;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;

use super::frame::{Look, PlayerFrame};
use super::keymap::Keymap;
use super::view::checkin::{NoteQuestion, PainQuestion};
use super::view::history::HistoryView;
use super::view::library::{LibraryEntry, LibraryView};
use super::view::overlay::{ConfirmQuit, Finished, HelpOverlay};
use super::view::{TooSmall, pacing, too_small};
use crate::audio::live::{Levels, LiveSound};
use crate::conductor::{Conductor, Ending, Keeper, Over, WallClock};
use crate::journal::Record;
use crate::journal::stats::Summary as Stats;
use crate::routine::{Routine, RoutineSource};
use crate::session::{State, Summary};

/// What the loop should do after an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Control {
    Continue,
    /// Give the terminal back and stop the process until `fg`.
    Suspend,
    Exit,
}

/// A routine the library can start, with the file it came from.
#[derive(Clone)]
pub struct Playable {
    pub entry: LibraryEntry,
    pub routine: Routine,
    pub source: RoutineSource,
}

impl Playable {
    pub fn new(source: &RoutineSource, routine: Routine) -> Self {
        let mut kinds = Vec::new();
        for step in &routine.steps {
            if !kinds.contains(&step.kind()) {
                kinds.push(step.kind());
            }
        }
        let entry = LibraryEntry {
            title: routine.title.clone(),
            summary: routine.summary.clone().unwrap_or_default(),
            total: routine.total(),
            kinds,
            steps: routine.steps.len(),
            origin: source
                .name
                .strip_prefix("bundled:")
                .map_or_else(|| source.name.clone(), |_| "bundled".into()),
        };
        Self {
            entry,
            routine,
            source: source.clone(),
        }
    }
}

/// Settings the app runs with.
#[derive(Debug, Clone)]
pub struct Options {
    pub look: Look,
    /// Ask pain before and after each session.
    pub checkin: bool,
    pub weekly_goal: u8,
}

/// A session playing.
struct Live {
    conductor: Conductor,
    /// The question before ending it is showing.
    confirm_quit: bool,
    /// It was paused to show the help or the question, and goes on when
    /// they close.
    resume_on_close: bool,
}

enum Screen {
    Library {
        selected: usize,
        filter: String,
        filtering: bool,
    },
    History {
        stats: Box<Stats>,
        recent: Vec<Record>,
        problems: usize,
        /// Why the journal could not be read at all.
        unreadable: Option<String>,
    },
    CheckIn {
        playable: Box<Playable>,
        pain: Option<u8>,
    },
    Player(Box<Live>),
    /// Pain after, then (with `note` set) the note.
    CheckOut {
        over: Box<Over>,
        title: String,
        pain: Option<u8>,
        note: Option<String>,
    },
    Finished {
        title: String,
        summary: Summary,
        saved: Result<PathBuf, String>,
    },
}

pub struct App {
    library: Vec<Playable>,
    screen: Screen,
    help: bool,
    options: Options,
    /// Started with one routine (`play`): leave after it instead of returning to the library.
    single: bool,
    keeper: Keeper,
    /// "2 of 3 sessions this week · last session today", for the library.
    progress: Option<String>,
    /// The sound between sessions (a session's conductor holds it while it
    /// plays); None with `--no-audio`.
    sound: Option<LiveSound>,
    clock: WallClock,
    /// Why the program is leaving before its time, once it is.
    ending: Option<Ending>,
}

impl App {
    /// The library screen over `library`.
    pub fn library(
        library: Vec<Playable>,
        options: Options,
        keeper: Keeper,
        sound: Option<LiveSound>,
        clock: WallClock,
    ) -> Self {
        let mut app = Self {
            library,
            screen: Screen::Library {
                selected: 0,
                filter: String::new(),
                filtering: false,
            },
            help: false,
            options,
            single: false,
            keeper,
            progress: None,
            sound,
            clock,
            ending: None,
        };
        app.progress = flow::progress(&app.keeper, app.options.weekly_goal);
        app
    }

    /// One routine, straight away (after the check-in, if asked).
    pub fn play(
        playable: Playable,
        options: Options,
        keeper: Keeper,
        sound: Option<LiveSound>,
        clock: WallClock,
        now: Instant,
    ) -> Self {
        let mut app = Self::library(Vec::new(), options, keeper, sound, clock);
        app.single = true;
        app.begin(playable, now);
        app
    }

    /// The volume and mute to remember for the next run.
    pub fn levels(&self) -> Option<Levels> {
        self.live_sound().map(LiveSound::levels)
    }

    /// The exit status: 0, or what the way out calls for (130 after Ctrl-C…).
    pub fn exit_code(&self) -> u8 {
        self.ending.map_or(0, Ending::exit_code)
    }

    /// The program is leaving: a record that could not be saved goes to
    /// the recovery file; the lines to print once the terminal is back.
    pub fn leave(&mut self) -> Vec<String> {
        self.keeper.abandon()
    }

    fn live_sound(&self) -> Option<&LiveSound> {
        match &self.screen {
            Screen::Player(live) => live.conductor.sound(),
            _ => self.sound.as_ref(),
        }
    }

    /// The status line: the sound's state.
    fn status(&self) -> String {
        match self.live_sound() {
            Some(sound) => sound.status(),
            None => "sound off (--no-audio) · visual cues only".to_owned(),
        }
    }

    /// The keys of the screen showing.
    fn keymap(&self) -> Keymap {
        match &self.screen {
            Screen::Library {
                filtering: true, ..
            } => Keymap::Filtering,
            Screen::Library { .. } => Keymap::Library,
            Screen::History { .. } => Keymap::History,
            Screen::CheckIn { .. } => Keymap::PainBefore,
            Screen::CheckOut { note: None, .. } => Keymap::PainAfter,
            Screen::CheckOut { .. } => Keymap::NoteQuestion,
            Screen::Player(live) if live.confirm_quit => Keymap::ConfirmQuit,
            Screen::Player(_) => Keymap::Player,
            Screen::Finished { .. } => Keymap::Finished,
        }
    }

    /// When the loop must wake next even if nothing happens: the next cue or
    /// the next visible change, whichever is first. None: wait for input.
    pub fn deadline(&self, now: Instant, area: Rect) -> Option<Instant> {
        let Screen::Player(live) = &self.screen else {
            return None;
        };
        let cue = live.conductor.player().next_deadline(now);
        let redraw = if too_small(area) {
            None
        } else {
            pacing::redraw_after(&self.player_frame(live, "", now), area).map(|d| now + d)
        };
        [cue, redraw].into_iter().flatten().min()
    }

    fn player_frame<'a>(
        &'a self,
        live: &'a Live,
        status: &'a str,
        now: Instant,
    ) -> PlayerFrame<'a> {
        let player = live.conductor.player();
        PlayerFrame {
            routine: live.conductor.routine(),
            timeline: player.timeline(),
            segment: player.segment(),
            position: player.position(now),
            paused: matches!(player.state(), State::Paused | State::Suspended { .. }),
            status,
            look: self.options.look,
        }
    }

    pub fn draw(&self, frame: &mut Frame, now: Instant) {
        let area = frame.area();
        let look = self.options.look;
        if too_small(area) {
            frame.render_widget(
                &TooSmall {
                    width: area.width,
                    height: area.height,
                    look,
                },
                area,
            );
            return;
        }
        match &self.screen {
            Screen::Library {
                selected,
                filter,
                filtering,
            } => {
                let shown: Vec<LibraryEntry> = flow::matching(&self.library, filter)
                    .into_iter()
                    .map(|i| self.library[i].entry.clone())
                    .collect();
                let view = LibraryView {
                    entries: &shown,
                    selected: *selected,
                    filter,
                    filtering: *filtering,
                    progress: self.progress.as_deref(),
                    look,
                };
                frame.render_widget(&view, area);
            }
            Screen::History {
                stats,
                recent,
                problems,
                unreadable,
            } => {
                let view = HistoryView {
                    summary: stats,
                    recent,
                    problems: *problems,
                    unreadable: unreadable.as_deref(),
                    look,
                };
                frame.render_widget(&view, area);
            }
            Screen::CheckIn { playable, pain } => {
                let heading = format!("Before {}", playable.routine.title);
                let question = PainQuestion {
                    heading: &heading,
                    question: "How is your head right now?",
                    pain: *pain,
                    keys: Keymap::PainBefore,
                    look,
                };
                frame.render_widget(&question, area);
            }
            Screen::Player(live) => {
                let status = self.status();
                frame.render_widget(&self.player_frame(live, &status, now), area);
                if live.confirm_quit {
                    let pausing = true;
                    frame.render_widget(&ConfirmQuit { pausing, look }, area);
                }
            }
            Screen::CheckOut {
                title, pain, note, ..
            } => {
                let heading = format!("After {title}");
                match note {
                    Some(note) => frame.render_widget(
                        &NoteQuestion {
                            heading: &heading,
                            note,
                            look,
                        },
                        area,
                    ),
                    None => {
                        let question = PainQuestion {
                            heading: &heading,
                            question: "How is your head now?",
                            pain: *pain,
                            keys: Keymap::PainAfter,
                            look,
                        };
                        frame.render_widget(&question, area);
                    }
                }
            }
            Screen::Finished {
                title,
                summary,
                saved,
            } => {
                frame.render_widget(
                    &Finished {
                        title,
                        summary,
                        look,
                    },
                    area,
                );
                let line = match saved {
                    Ok(path) => Line::styled(
                        format!("Saved to your journal ({})", path.display()),
                        look.palette.faint,
                    ),
                    Err(reason) => {
                        Line::styled(format!("{reason} · r to try again"), look.palette.accent)
                    }
                };
                let [_, bottom] =
                    Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(area);
                frame.render_widget(line.centered(), bottom);
            }
        }
        if self.help {
            let help = HelpOverlay {
                keys: self.keymap(),
                pausing: matches!(self.screen, Screen::Player(_)),
                look,
            };
            frame.render_widget(&help, area);
        }
    }
}

/// The smallest wait the loop makes, so a late deadline cannot spin.
pub const MIN_WAIT: Duration = Duration::from_millis(5);
