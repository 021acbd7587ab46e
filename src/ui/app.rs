//! The application's screens and what each key does on them. Time is handed
//! in; the app owns the player and turns its effects into screen changes.

use std::time::{Duration, Instant};

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;

use super::frame::{Look, PlayerFrame};
use super::view::library::{LibraryEntry, LibraryView};
use super::view::overlay::{ConfirmQuit, Finished, HelpOverlay};
use super::view::{TooSmall, pacing, too_small};
use crate::routine::{Routine, RoutineSource};
use crate::session::{Effect, Msg, Player, State, Summary};
use crate::timeline::Timeline;

/// What the loop should do after an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Control {
    Continue,
    /// Give the terminal back and stop the process until `fg`.
    Suspend,
    Exit,
}

/// A routine the library can start.
pub struct Playable {
    pub entry: LibraryEntry,
    pub routine: Routine,
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
        Self { entry, routine }
    }
}

struct Session {
    routine: Routine,
    player: Player,
    confirm_quit: bool,
}

enum Screen {
    Library {
        selected: usize,
        filter: String,
        filtering: bool,
    },
    Player(Box<Session>),
    Finished {
        title: String,
        summary: Summary,
    },
}

pub struct App {
    library: Vec<Playable>,
    screen: Screen,
    help: bool,
    look: Look,
    status: String,
    /// Started with one routine (`play`): leave after it instead of returning to the library.
    single: bool,
}

impl App {
    /// The library screen over `library`.
    pub fn library(library: Vec<Playable>, look: Look, status: String) -> Self {
        Self {
            library,
            screen: Screen::Library {
                selected: 0,
                filter: String::new(),
                filtering: false,
            },
            help: false,
            look,
            status,
            single: false,
        }
    }

    /// The player, straight away, for one routine.
    pub fn play(routine: Routine, look: Look, status: String, now: Instant) -> Self {
        let mut app = Self::library(Vec::new(), look, status);
        app.single = true;
        app.start(routine, now);
        app
    }

    fn start(&mut self, routine: Routine, now: Instant) {
        let timeline = Timeline::build(&routine);
        let (player, effects) = Player::start(timeline, routine.steps.len(), now);
        self.screen = Screen::Player(Box::new(Session {
            routine,
            player,
            confirm_quit: false,
        }));
        self.apply(effects);
    }

    fn apply(&mut self, effects: Vec<Effect>) {
        for effect in effects {
            if let Effect::Ended(summary) = effect
                && let Screen::Player(session) = &self.screen
            {
                let title = session.routine.title.clone();
                self.screen = Screen::Finished { title, summary };
            }
        }
    }

    /// Lets time pass: fires due cues.
    pub fn tick(&mut self, now: Instant) {
        self.send(Msg::Tick, now);
    }

    fn send(&mut self, msg: Msg, now: Instant) {
        if let Screen::Player(session) = &mut self.screen {
            let effects = session.player.update(msg, now);
            self.apply(effects);
        }
    }

    /// A SIGINT, SIGTERM or SIGHUP: end the session (it is still recorded) and leave.
    pub fn stop(&mut self, now: Instant) -> Option<Summary> {
        self.send(Msg::Quit, now);
        match &self.screen {
            Screen::Finished { summary, .. } => Some(summary.clone()),
            _ => None,
        }
    }

    /// The process is about to be stopped (Ctrl-Z) or has come back.
    pub fn suspended(&mut self, suspended: bool, now: Instant) {
        self.send(
            if suspended {
                Msg::Suspend
            } else {
                Msg::Continue
            },
            now,
        );
    }

    pub fn key(&mut self, key: KeyEvent, now: Instant) -> Control {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        if ctrl && key.code == KeyCode::Char('z') {
            return Control::Suspend;
        }
        if ctrl && key.code == KeyCode::Char('c') {
            self.send(Msg::Quit, now);
            return Control::Exit;
        }
        if self.help {
            self.help = false;
            return Control::Continue;
        }
        match &mut self.screen {
            Screen::Library {
                selected,
                filter,
                filtering,
            } => {
                let shown = matching(&self.library, filter);
                if *filtering {
                    match key.code {
                        KeyCode::Esc => {
                            filter.clear();
                            *filtering = false;
                        }
                        KeyCode::Enter => *filtering = false,
                        KeyCode::Backspace => {
                            filter.pop();
                        }
                        KeyCode::Char(c) => filter.push(c),
                        _ => {}
                    }
                    *selected = 0;
                    return Control::Continue;
                }
                match key.code {
                    KeyCode::Char('q') | KeyCode::Esc => return Control::Exit,
                    KeyCode::Char('?') => self.help = true,
                    KeyCode::Char('/') => *filtering = true,
                    KeyCode::Up | KeyCode::Char('k') => *selected = selected.saturating_sub(1),
                    KeyCode::Down | KeyCode::Char('j') => {
                        *selected = (*selected + 1).min(shown.len().saturating_sub(1))
                    }
                    KeyCode::Enter => {
                        if let Some(&index) = shown.get(*selected) {
                            let routine = self.library[index].routine.clone();
                            self.start(routine, now);
                        }
                    }
                    _ => {}
                }
            }
            Screen::Player(session) => {
                if session.confirm_quit {
                    session.confirm_quit = false;
                    if matches!(
                        key.code,
                        KeyCode::Char('y') | KeyCode::Char('q') | KeyCode::Enter
                    ) {
                        self.send(Msg::Quit, now);
                    }
                    return Control::Continue;
                }
                let msg = match key.code {
                    KeyCode::Char(' ') => Some(Msg::TogglePause),
                    KeyCode::Right | KeyCode::Char('n') => Some(Msg::Next),
                    KeyCode::Left | KeyCode::Char('p') => Some(Msg::Previous),
                    KeyCode::Char('?') => {
                        self.help = true;
                        None
                    }
                    KeyCode::Char('q') | KeyCode::Esc => {
                        session.confirm_quit = true;
                        None
                    }
                    _ => None,
                };
                if let Some(msg) = msg {
                    self.send(msg, now);
                }
            }
            Screen::Finished { .. } => {
                if self.single {
                    return Control::Exit;
                }
                self.screen = Screen::Library {
                    selected: 0,
                    filter: String::new(),
                    filtering: false,
                };
            }
        }
        Control::Continue
    }

    /// When the loop must wake next even if nothing happens: the next cue or
    /// the next visible change, whichever is first. None: wait for input.
    pub fn deadline(&self, now: Instant, area: Rect) -> Option<Instant> {
        let Screen::Player(session) = &self.screen else {
            return None;
        };
        let cue = session.player.next_deadline(now);
        let redraw = if too_small(area) {
            None
        } else {
            pacing::redraw_after(&self.player_frame(session, now), area).map(|d| now + d)
        };
        [cue, redraw].into_iter().flatten().min()
    }

    fn player_frame<'a>(&'a self, session: &'a Session, now: Instant) -> PlayerFrame<'a> {
        let player = &session.player;
        PlayerFrame {
            routine: &session.routine,
            timeline: player.timeline(),
            segment: player.segment(),
            position: player.position(now),
            paused: matches!(player.state(), State::Paused | State::Suspended { .. }),
            status: &self.status,
            look: self.look,
        }
    }

    pub fn draw(&self, frame: &mut Frame, now: Instant) {
        let area = frame.area();
        if too_small(area) {
            frame.render_widget(
                &TooSmall {
                    width: area.width,
                    height: area.height,
                    look: self.look,
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
                let shown: Vec<LibraryEntry> = matching(&self.library, filter)
                    .into_iter()
                    .map(|i| self.library[i].entry.clone())
                    .collect();
                let view = LibraryView {
                    entries: &shown,
                    selected: *selected,
                    filter,
                    filtering: *filtering,
                    look: self.look,
                };
                frame.render_widget(&view, area);
            }
            Screen::Player(session) => {
                frame.render_widget(&self.player_frame(session, now), area);
                if session.confirm_quit {
                    frame.render_widget(&ConfirmQuit { look: self.look }, area);
                }
            }
            Screen::Finished { title, summary } => {
                frame.render_widget(
                    &Finished {
                        title,
                        summary,
                        look: self.look,
                    },
                    area,
                );
            }
        }
        if self.help {
            frame.render_widget(&HelpOverlay { look: self.look }, area);
        }
    }

    /// The summary of the session that ended, if one has.
    pub fn finished(&self) -> Option<&Summary> {
        match &self.screen {
            Screen::Finished { summary, .. } => Some(summary),
            _ => None,
        }
    }
}

/// Indexes of the routines whose title, summary or tags contain `filter`.
fn matching(library: &[Playable], filter: &str) -> Vec<usize> {
    let wanted = filter.to_lowercase();
    library
        .iter()
        .enumerate()
        .filter(|(_, p)| {
            wanted.is_empty()
                || p.entry.title.to_lowercase().contains(&wanted)
                || p.entry.summary.to_lowercase().contains(&wanted)
                || p.routine
                    .tags
                    .iter()
                    .any(|t| t.to_lowercase().contains(&wanted))
        })
        .map(|(i, _)| i)
        .collect()
}

/// The smallest wait the loop makes, so a late deadline cannot spin.
pub const MIN_WAIT: Duration = Duration::from_millis(5);
