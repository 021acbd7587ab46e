//! The application's screens and what each key does on them. Time is handed
//! in; a session is driven by its conductor, and the app moves between the
//! screens around it and hands each ended session to the journal keeper.

mod attack_now;
mod figures;
mod flow;
mod keys;
mod reader;
mod watch;

use std::cell::{Cell, RefCell};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Widget;

use super::frame::{Look, PlayerFrame};
use super::keymap::Keymap;
use super::view::attack_now::{END_COMMAND, ReliefOffer};
use super::view::cautions::Cautions;
use super::view::checkin::{NoteQuestion, PainQuestion};
use super::view::history::HistoryView;
use super::view::library::{LibraryEntry, LibraryView};
use super::view::mistakes::MistakesPanel;
use super::view::overlay::{ConfirmQuit, Finished, HelpOverlay, Saved};
use super::view::player::{Still, moving_bar};
use super::view::text::glyphs;
use super::view::warning_signs::WarningSigns;
use super::view::{TooSmall, pacing, too_small};
use crate::audio::live::{Levels, LiveSound};
use crate::conductor::{Conductor, Ending, Keeper, Over, WallClock};
use crate::program::schedule::Following;
use crate::routine::{Routine, RoutineSource};
use crate::routine_watch::saved::WatchedFile;
use crate::session::{State, Summary};
use attack_now::Noted;
use figures::Figures;
pub use reader::ReadJournal;
use reader::Reader;

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
    /// The step it starts at, from 0 (`play --from`).
    pub from: usize,
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
            tags: routine.tags.clone(),
            origin: source
                .name
                .strip_prefix("bundled:")
                .map_or_else(|| source.name.clone(), |_| "bundled".into()),
        };
        Self {
            entry,
            routine,
            source: source.clone(),
            from: 0,
        }
    }

    /// Starts at step `step` (from 0) instead of the beginning.
    pub fn from_step(mut self, step: usize) -> Self {
        self.from = step;
        self
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

/// A few words on the status line in answer to a key, until the next key
/// or until `until`.
struct Notice {
    words: &'static str,
    until: Instant,
}

/// How long a notice stays on the status line.
const NOTICE_FOR: Duration = Duration::from_secs(4);

/// A session playing.
struct Live {
    conductor: Conductor,
    /// What the status line says instead of the sound's state, for a while.
    notice: Option<Notice>,
    /// The question before ending it is showing.
    confirm_quit: bool,
    /// It was paused to show the help or the question, and goes on when
    /// they close.
    resume_on_close: bool,
    /// The page of the instructions turned to by hand: (segment, page).
    page: Option<(usize, usize)>,
}

enum Screen {
    Library {
        selected: usize,
        filter: String,
        filtering: bool,
    },
    History {
        /// The first of the recent records shown.
        scroll: usize,
    },
    CheckIn {
        playable: Box<Playable>,
        pain: Option<u8>,
    },
    /// The routine's cautions, read before it starts.
    Cautions {
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
        /// The ratings given before and after.
        pain: (Option<u8>, Option<u8>),
        /// Where it was saved, or why not; None: not recorded (a preview).
        saved: Option<Result<PathBuf, String>>,
    },
    /// How bad the headache is, after `!` in the library.
    PainNow {
        pain: Option<u8>,
    },
    /// The headache noted, and the relief routine offered.
    Relief {
        noted: Noted,
        /// The pain given after `!` (`Some(None)`: skipped), for the relief
        /// session's pain before; None: not asked.
        pain: Option<Option<u8>>,
    },
}

/// Whether `playable` is the routine a program names `name`: by file stem
/// or by title in any case.
fn is_named(playable: &Playable, name: &str) -> bool {
    crate::library::names(name, crate::library::stem(&playable.source))
        || crate::library::names(name, &playable.routine.title)
}

pub struct App {
    library: Vec<Playable>,
    screen: Screen,
    help: bool,
    /// "When to get help now" shows over the screen.
    warning: bool,
    options: Options,
    /// The routine `!` offers, or why there is none.
    relief: Result<Playable, String>,
    /// Started with one routine (`play`): leave after it instead of returning to the library.
    single: bool,
    /// Sessions are saved to the journal; false for a preview (`--no-journal`).
    recording: bool,
    /// The routine file reloaded when it is saved (`play --watch`).
    watched: Option<WatchedFile>,
    keeper: Keeper,
    /// The journal's figures for the library and the history.
    reader: Reader,
    /// The sound between sessions (a session's conductor holds it while it
    /// plays); None with `--no-audio`.
    sound: Option<LiveSound>,
    clock: WallClock,
    /// Why the program is leaving before its time, once it is.
    ending: Option<Ending>,
    /// The screen's size at the last draw, for keys that depend on what is
    /// shown.
    area: Cell<Rect>,
    /// What the player screen last drawn whole shows besides the
    /// breathing bar; None when another screen or an overlay was drawn.
    still: RefCell<Option<Still>>,
    /// Whether the history shows the streak.
    streak: bool,
}

impl App {
    /// The library screen over `library`. Its first frame does not wait
    /// for the journal: the figures are read on a thread of their own.
    pub fn library(
        library: Vec<Playable>,
        options: Options,
        keeper: Keeper,
        sound: Option<LiveSound>,
        clock: WallClock,
    ) -> Self {
        let mut app = Self::new(library, options, keeper, sound, clock);
        app.reader.keep_up(app.today());
        app
    }

    fn new(
        library: Vec<Playable>,
        options: Options,
        keeper: Keeper,
        sound: Option<LiveSound>,
        clock: WallClock,
    ) -> Self {
        let relief = attack_now::default_relief(&library);
        Self {
            reader: Reader::new(keeper.journal().cloned(), options.weekly_goal),
            relief,
            warning: false,
            library,
            screen: Screen::Library {
                selected: 0,
                filter: String::new(),
                filtering: false,
            },
            help: false,
            options,
            single: false,
            recording: true,
            watched: None,
            keeper,
            sound,
            clock,
            ending: None,
            area: Cell::new(Rect::default()),
            still: RefCell::new(None),
            streak: true,
        }
    }

    /// One routine, straight away (after the check-in, if asked). The
    /// journal is not read: nothing here shows its figures.
    pub fn play(
        playable: Playable,
        options: Options,
        keeper: Keeper,
        sound: Option<LiveSound>,
        clock: WallClock,
        now: Instant,
    ) -> Self {
        let mut app = Self::new(Vec::new(), options, keeper, sound, clock);
        app.single = true;
        app.begin(playable, now);
        app
    }

    /// Reads the journal's figures with `read` instead of
    /// [`crate::journal::Journal::load`] (a journal on a slow disk, say).
    pub fn reading_journal_with(mut self, read: Arc<ReadJournal>) -> Self {
        self.reader.read_with(read);
        if matches!(self.screen, Screen::Library { .. }) {
            self.reader.keep_up(self.today());
        }
        self
    }

    /// Offers `relief` after `!` (the config's `relief_routine`), or says
    /// why there is none, instead of the bundled neck, shoulders and
    /// temples routine.
    pub fn with_relief(mut self, relief: Result<Playable, String>) -> Self {
        self.relief = relief;
        self
    }

    /// The library follows `following`: the routines of this week of the
    /// program come first, and the top line says where the person is in it
    /// instead of the weekly goal.
    pub fn following(mut self, following: Following) -> Self {
        let this_week = following.this_week(self.today());
        let place = |p: &Playable| {
            this_week
                .iter()
                .position(|name| is_named(p, name))
                .unwrap_or(usize::MAX)
        };
        self.library.sort_by_key(place);
        self.reader.following(following);
        self
    }

    /// The history shows no streak (`streak = false` in the config).
    pub fn without_streak(mut self) -> Self {
        self.streak = false;
        self
    }

    /// The title of the routine a program names `name`, or the name.
    fn title_of(&self, name: &str) -> String {
        self.library
            .iter()
            .find(|p| is_named(p, name))
            .map_or_else(|| name.to_owned(), |p| p.routine.title.clone())
    }

    /// Calls `wake` whenever the journal's figures arrive, for a loop
    /// waiting on something else to draw them.
    pub fn wake_when_read(&self, wake: Box<dyn Fn() + Send>) {
        self.reader.wake_with(wake);
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

    /// Waits (bounded) for the last sound to be heard before the program
    /// leaves: the closing bells of a session played to its end.
    pub fn wait_for_sound(&self) {
        if let Some(sound) = self.live_sound() {
            sound.wait_for_end();
        }
    }

    fn live_sound(&self) -> Option<&LiveSound> {
        match &self.screen {
            Screen::Player(live) => live.conductor.sound(),
            _ => self.sound.as_ref(),
        }
    }

    /// The status line: a notice answering a key, or the sound's state;
    /// after what a preview or a watched file must keep saying.
    fn status(&self, now: Instant) -> String {
        let sep = glyphs(self.options.look).sep;
        let notice = match &self.screen {
            Screen::Player(live) => live.notice.as_ref().filter(|n| now < n.until),
            _ => None,
        };
        let said = match (notice, self.live_sound()) {
            (Some(notice), _) => notice.words.to_owned(),
            (None, Some(sound)) => sound.status().replace(" · ", sep),
            (None, None) => format!("sound off (--no-audio){sep}visual cues only"),
        };
        let mut parts = Vec::new();
        if !self.recording {
            parts.push(format!("preview{sep}not recorded"));
        }
        parts.extend(self.mistakes_unshown());
        parts.push(said);
        parts.join(sep)
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
            Screen::PainNow { .. } => Keymap::PainNow,
            Screen::Relief { .. } => Keymap::Relief,
            Screen::Cautions { .. } => Keymap::Cautions,
        }
    }

    /// When the loop must wake next even if nothing happens: the next cue or
    /// the next visible change, whichever is first. None: wait for input.
    pub fn deadline(&self, now: Instant, area: Rect) -> Option<Instant> {
        let Screen::Player(live) = &self.screen else {
            return None;
        };
        let cue = live.conductor.player().next_deadline(now);
        let notice = live.notice.as_ref().map(|n| n.until).filter(|&at| at > now);
        let redraw = if too_small(area) {
            None
        } else {
            let (area, _) = self.player_area(area);
            pacing::redraw_after(&self.player_frame(live, "", now), area).map(|d| now + d)
        };
        [cue, redraw, notice].into_iter().flatten().min()
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
            page: live
                .page
                .filter(|&(segment, _)| segment == player.segment())
                .map(|(_, page)| page),
            status,
            look: self.options.look,
        }
    }

    /// The history screen over `figures`, or still reading the journal
    /// without them; `why` the journal could not be read.
    fn history_view<'a>(
        &self,
        figures: Option<&'a Figures>,
        why: Option<&'a str>,
        scroll: usize,
    ) -> HistoryView<'a> {
        HistoryView {
            summary: figures.map(|f| &f.summary),
            recent: figures.map_or(&[], |f| &f.recent),
            problems: figures.map_or(0, |f| f.problems),
            scroll,
            unreadable: why,
            streak: self.streak,
            look: self.options.look,
        }
    }

    /// Draws the screen showing at `now` into ratatui's frame.
    pub fn draw(&self, frame: &mut Frame, now: Instant) {
        self.render(frame.area(), frame.buffer_mut(), now);
    }

    /// The breathing bar at `now`, where it goes, when it is all that can
    /// have changed since the screen was last drawn whole: the same
    /// breathing step between two of its seconds, nothing else on the
    /// screen changed. None: draw the screen whole.
    pub fn moving_part(&self, now: Instant, area: Rect) -> Option<(Rect, Line<'static>)> {
        let Screen::Player(live) = &self.screen else {
            return None;
        };
        if self.help || self.warning || live.confirm_quit || too_small(area) {
            return None;
        }
        let status = self.status(now);
        let (area, _) = self.player_area(area);
        let (still, row, bar) = moving_bar(&self.player_frame(live, &status, now), area)?;
        (self.still.borrow().as_ref() == Some(&still)).then_some((row, bar))
    }

    /// A frame is on the screen: what waits for the first (reading the
    /// journal, opening the sound device) may begin. Later calls do
    /// nothing.
    pub fn frame_out(&self) {
        self.reader.frame_shown();
        if let Some(sound) = self.live_sound() {
            sound.open();
        }
    }

    /// Draws the screen showing at `now` into `buf`, of `area`.
    pub fn render(&self, area: Rect, buf: &mut Buffer, now: Instant) {
        self.area.set(area);
        *self.still.borrow_mut() = None;
        let look = self.options.look;
        if too_small(area) {
            Widget::render(
                &TooSmall {
                    width: area.width,
                    height: area.height,
                    look,
                },
                area,
                buf,
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
                // A quiet mark until the figures are read, never a guess.
                let figures = self.reader.current(self.today());
                let titles = |name: &str| self.title_of(name);
                let program = figures.and_then(|f| f.program_line(glyphs(look).sep, &titles));
                let progress = match figures {
                    Some(figures) => figures.progress(glyphs(look).sep),
                    None => Some(glyphs(look).more.to_owned()),
                };
                let attack = figures.and_then(|f| f.open_attack.as_ref()).map(|a| {
                    format!(
                        "Headache going on since {}{}when it ends: {END_COMMAND}",
                        attack_now::since(a.start, self.clock.at(now)),
                        glyphs(look).sep
                    )
                });
                let view = LibraryView {
                    entries: &shown,
                    selected: *selected,
                    filter,
                    filtering: *filtering,
                    progress: progress.as_deref(),
                    attack: attack.as_deref(),
                    program: program.as_deref(),
                    look,
                };
                Widget::render(&view, area, buf);
            }
            Screen::History { scroll } => {
                let figures = self.reader.current(self.today());
                let why = figures.and_then(|f| f.unreadable.as_ref().map(ToString::to_string));
                Widget::render(
                    &self.history_view(figures, why.as_deref(), *scroll),
                    area,
                    buf,
                );
            }
            Screen::CheckIn { playable, pain } => {
                let heading = format!("Before {}", playable.routine.title);
                let question = PainQuestion {
                    heading: &heading,
                    question: "How is your head right now?",
                    pain: *pain,
                    before: None,
                    keys: Keymap::PainBefore,
                    look,
                };
                Widget::render(&question, area, buf);
            }
            Screen::Cautions { playable, .. } => {
                let view = Cautions {
                    title: &playable.routine.title,
                    cautions: &playable.routine.cautions,
                    look,
                };
                Widget::render(&view, area, buf);
            }
            Screen::Player(live) => {
                let status = self.status(now);
                let frame = self.player_frame(live, &status, now);
                let (player, panel) = self.player_area(area);
                Widget::render(&frame, player, buf);
                if let (Some(panel), Some(lines)) = (panel, self.mistakes()) {
                    Widget::render(&MistakesPanel { lines, look }, panel, buf);
                }
                if !self.help && !self.warning && !live.confirm_quit {
                    *self.still.borrow_mut() = moving_bar(&frame, player).map(|(still, ..)| still);
                }
                if live.confirm_quit {
                    let pausing = true;
                    let recorded = self.recording;
                    Widget::render(
                        &ConfirmQuit {
                            pausing,
                            recorded,
                            look,
                        },
                        area,
                        buf,
                    );
                }
            }
            Screen::CheckOut {
                over,
                title,
                pain,
                note,
            } => {
                let heading = format!("After {title}");
                match note {
                    Some(note) => Widget::render(
                        &NoteQuestion {
                            heading: &heading,
                            note,
                            look,
                        },
                        area,
                        buf,
                    ),
                    None => {
                        let question = PainQuestion {
                            heading: &heading,
                            question: "How is your head now?",
                            pain: *pain,
                            before: over.pain_before,
                            keys: Keymap::PainAfter,
                            look,
                        };
                        Widget::render(&question, area, buf);
                    }
                }
            }
            Screen::Finished {
                title,
                summary,
                pain,
                saved,
            } => {
                let place = saved
                    .as_ref()
                    .map(|s| s.as_ref().map(|path| for_people(path)));
                let saved = match &place {
                    None => Saved::NotRecorded,
                    Some(Ok(place)) => Saved::To(place),
                    Some(Err(why)) => Saved::Failed(why),
                };
                Widget::render(
                    &Finished {
                        title,
                        summary,
                        pain_before: pain.0,
                        pain_after: pain.1,
                        saved,
                        look,
                    },
                    area,
                    buf,
                );
            }
            Screen::PainNow { pain } => {
                let question = PainQuestion {
                    heading: "A headache now",
                    question: "How bad is it right now?",
                    pain: *pain,
                    before: None,
                    keys: Keymap::PainNow,
                    look,
                };
                Widget::render(&question, area, buf);
            }
            Screen::Relief { noted, .. } => {
                let since = noted.since(self.clock.at(now));
                let offer = ReliefOffer {
                    noted: noted.view(&since),
                    routine: self
                        .relief
                        .as_ref()
                        .map(|p| (p.entry.title.as_str(), p.entry.total))
                        .map_err(String::as_str),
                    look,
                };
                Widget::render(&offer, area, buf);
            }
        }
        if self.warning {
            let pausing = matches!(self.screen, Screen::Player(_));
            Widget::render(&WarningSigns { pausing, look }, area, buf);
        }
        if self.help {
            let help = HelpOverlay {
                keys: self.keymap(),
                pausing: matches!(self.screen, Screen::Player(_)),
                look,
            };
            Widget::render(&help, area, buf);
        }
    }
}

/// A path as a person would write it: the home folder as `~`.
fn for_people(path: &Path) -> String {
    let home = std::env::var_os("HOME").map(PathBuf::from);
    match home
        .as_deref()
        .and_then(|home| path.strip_prefix(home).ok())
    {
        Some(rest) if !rest.as_os_str().is_empty() => format!("~/{}", rest.display()),
        _ => path.display().to_string(),
    }
}

/// The smallest wait the loop makes, so a late deadline cannot spin.
pub const MIN_WAIT: Duration = Duration::from_millis(5);
