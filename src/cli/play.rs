//! `stillpoint play ROUTINE` and the library (`stillpoint` alone): the full
//! screen player, or plain lines when there is no terminal to draw on;
//! from a chosen step, as a preview that records nothing, or reloading
//! the file each time it is saved.

mod from_step;

use std::io::IsTerminal;
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::time::Instant;

use super::{Display, exit, journal, plain};
use crate::audio::live::{Levels, LiveSound};
use crate::audio::output::DEFAULT_DEVICE;
use crate::conductor::{Ending, Keeper, WallClock};
use crate::config::remembered;
use crate::config::{self, Config, vars};
use crate::library;
use crate::program::schedule::Following;
use crate::routine::{self, RoutineSource};
use crate::routine_watch::RoutineWatch;
use crate::ui::app::{App, Options, Playable};
use crate::ui::frame::Look;
use crate::ui::terminal::{BACKGROUND_WAIT, query_background};
use crate::ui::theme::{Theme, auto_theme, no_color_requested};
use crate::voice::VoiceChoice;

/// Play a routine, step by step.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A routine: a file path, a file stem (`desk-reset`) or a title.
    routine: String,
    /// Do not ask how your head is before and after.
    #[arg(long)]
    no_checkin: bool,
    /// One line per event instead of the full screen (for screen readers,
    /// dumb terminals and pipes; chosen when stdout is not a terminal).
    #[arg(long)]
    plain: bool,
    /// Start at this step: its number (from 1, as `stillpoint plan` shows
    /// them) or its title. The steps before it are not counted as done.
    #[arg(long, value_name = "STEP")]
    from: Option<String>,
    /// A preview: nothing is written to the journal, and nothing is asked
    /// before or after.
    #[arg(long, conflicts_with = "journal")]
    no_journal: bool,
    /// Record the session in the journal even with --watch.
    #[arg(long)]
    journal: bool,
    /// For authors: reload the routine file each time it is saved, staying
    /// on the same step; a file with mistakes shows them while the last
    /// good version plays on. Implies --no-journal unless --journal is given.
    #[arg(long)]
    watch: bool,
}

impl Args {
    /// Whether the session is saved to the journal (not a preview).
    pub fn journals(&self) -> bool {
        !self.no_journal && (self.journal || !self.watch)
    }
}

pub fn run(args: &Args, display: &Display) -> u8 {
    let config = match journal::config() {
        Ok(config) => config,
        Err(code) => return code,
    };
    let Ok((source, routine)) = super::load_among(&args.routine, &config.routine_folders) else {
        return exit::USER;
    };
    let from = match args.from.as_deref().map(|q| from_step::index(q, &routine)) {
        None => 0,
        Some(Ok(step)) => step,
        Some(Err(message)) => {
            eprint!("{message}");
            return exit::USER;
        }
    };
    let watch = match args.watch.then(|| watch(&args.routine, &source)) {
        None => None,
        Some(Ok(watch)) => Some(watch),
        Some(Err(code)) => return code,
    };
    let record = args.journals();
    let checkin = config.checkin && !args.no_checkin && record;
    if args.plain || !std::io::stdout().is_terminal() {
        return match sound(&config, display) {
            Ok(sound) => plain::run(
                &source,
                &routine,
                sound,
                plain::Choices {
                    from,
                    checkin,
                    record,
                    watch,
                    words_a_minute: config.reading_words_a_minute.words_a_minute(),
                },
            ),
            Err(code) => code,
        };
    }
    match setup(&config, display, !checkin) {
        Ok((options, sound)) => {
            let text = source.text.clone();
            let playable = Playable::new(&source, routine).from_step(from);
            let keeper = if record {
                Keeper::open()
            } else {
                Keeper::new(None)
            };
            let mut app = App::play(
                playable,
                options,
                keeper,
                sound,
                WallClock::system(),
                Instant::now(),
            );
            if !record {
                app = app.not_recording();
            }
            if let Some(watched) = watch.as_ref().map(|_| PathBuf::from(&source.name)) {
                app = app.watching(watched, text);
            }
            show(&mut app, watch)
        }
        Err(code) => code,
    }
}

/// Starts watching the file `source` was read from (named `query` on the
/// command line), or says why it cannot be watched.
fn watch(query: &str, source: &RoutineSource) -> Result<RoutineWatch, u8> {
    if source.name.starts_with("bundled:") {
        eprintln!("error: `{query}` is built into stillpoint: there is no file to watch");
        eprintln!(
            "  = help: --watch is for a routine file you are writing, e.g. `stillpoint play my-routine.toml --watch`; `stillpoint new NAME` starts one"
        );
        return Err(exit::USER);
    }
    RoutineWatch::start(&PathBuf::from(&source.name)).map_err(|e| {
        eprintln!("error: {e}");
        exit::ENVIRONMENT
    })
}

pub fn library(display: &Display) -> u8 {
    if !std::io::stdout().is_terminal() {
        eprintln!(
            "error: the library needs a terminal; `stillpoint list` lists the routines, and `stillpoint play ROUTINE --plain` plays one"
        );
        return exit::ENVIRONMENT;
    }
    let config = match journal::config() {
        Ok(config) => config,
        Err(code) => return code,
    };
    let (options, sound) = match setup(&config, display, false) {
        Ok(both) => both,
        Err(code) => return code,
    };
    let playable = library::all(&config.routine_folders)
        .iter()
        .filter_map(|source| {
            let parsed = routine::parse(source);
            // What `play` would say about it (a sound that falls back to
            // the chime, say), said before the screen is taken: it is there
            // to read when the library closes.
            if parsed.routine.is_some() {
                warn(source, &parsed.diagnostics);
            }
            parsed.routine.map(|r| Playable::new(source, r))
        })
        .collect();
    let mut app = App::library(
        playable,
        options,
        Keeper::open(),
        sound,
        WallClock::system(),
    )
    .with_relief(relief(&config));
    if !config.streak {
        app = app.without_streak();
    }
    match crate::program::active::load() {
        Ok(Some(active)) => {
            if let Some(program) = active.program() {
                app = app.following(Following {
                    program,
                    started: active.started,
                    ended: None,
                });
            }
        }
        Ok(None) => {}
        // Said before the screen is taken, to read when the library closes.
        Err(why) => eprintln!("warning: {why}"),
    }
    show(&mut app, None)
}

/// The routine `!` offers: the config's `relief_routine`, found as `play`
/// finds one; or why it cannot be played, in a few words.
fn relief(config: &Config) -> Result<Playable, String> {
    let name = &config.relief_routine;
    let source = library::find(name, &config.routine_folders)
        .map_err(|e| format!("{e} (relief_routine in the config)"))?;
    routine::parse(&source)
        .routine
        .map(|routine| Playable::new(&source, routine))
        .ok_or_else(|| format!("`{name}` has mistakes; `stillpoint check` shows them"))
}

/// Shows a playable routine's warnings on stderr, at most 20.
fn warn(source: &routine::RoutineSource, diagnostics: &[crate::diagnostic::Diagnostic]) {
    let (shown, more) = crate::diagnostic::bounded(&source.name, diagnostics);
    for d in shown {
        let report = crate::diagnostic::Report {
            path: &source.name,
            text: &source.text,
            diagnostic: d,
        };
        super::tell(report.to_string().trim_end());
    }
    if let Some(more) = more {
        super::tell(&more);
    }
}

/// The app's settings and its sound.
fn setup(
    config: &Config,
    display: &Display,
    no_checkin: bool,
) -> Result<(Options, Option<LiveSound>), u8> {
    Ok((
        options(config, display, no_checkin)?,
        sound(config, display)?,
    ))
}

/// A bad value in an environment variable: exit 2 after saying so.
fn env_error(e: config::EnvError) -> u8 {
    eprintln!("error: {e}");
    exit::ENVIRONMENT
}

/// Runs the app full screen; once the terminal is back, says what the
/// person must know (a record that could not be saved, which also makes
/// the exit status 2) and returns the exit status. A panic ends the session
/// as failed, saved like any other. With `watch`, each save of the file
/// reloads it.
fn show(app: &mut App, watch: Option<RoutineWatch>) -> u8 {
    let result = std::panic::catch_unwind(AssertUnwindSafe(|| crate::ui::run(app, watch)));
    let code = match result {
        Ok(Ok(())) => app.exit_code(),
        Ok(Err(e)) => {
            super::tell(&format!("error: {e}"));
            match app.exit_code() {
                exit::OK => exit::ENVIRONMENT,
                code => code,
            }
        }
        Err(_) => {
            let saved = std::panic::catch_unwind(AssertUnwindSafe(|| {
                app.interrupt(Ending::Failed, Instant::now());
            }));
            if saved.is_err() {
                super::tell("error: the session could not be saved after the failure above");
            }
            Ending::Failed.exit_code()
        }
    };
    if let Some(levels) = app.levels() {
        let _ = remembered::save(levels);
    }
    let unsaved = app.leave();
    for line in &unsaved {
        super::tell(line);
    }
    app.wait_for_sound();
    match code {
        exit::OK if !unsaved.is_empty() => exit::ENVIRONMENT,
        code => code,
    }
}

/// The app's settings: flag, then environment, then config, then default.
/// Only for the full screen: `auto` asks the terminal for its background.
fn options(config: &Config, display: &Display, no_checkin: bool) -> Result<Options, u8> {
    let goal = config::resolve(None, vars::WEEKLY_GOAL, config.weekly_goal).map_err(env_error)?;
    Ok(Options {
        look: look(config, display)?,
        checkin: config.checkin && !no_checkin,
        weekly_goal: goal.sessions(),
    })
}

/// How the full screen looks (theme, motion, ASCII): flag, then
/// environment, then config, then default. `auto` asks the terminal for
/// its background, so this is for full-screen use only.
pub(super) fn look(config: &Config, display: &Display) -> Result<Look, u8> {
    let theme = config::resolve(display.theme, vars::THEME, config.theme).map_err(env_error)?;
    let no_color = no_color_requested();
    let theme = if theme == Theme::Auto && !no_color {
        let answer = query_background(BACKGROUND_WAIT);
        auto_theme(theme, answer, std::env::var("COLORFGBG").ok().as_deref())
    } else {
        theme
    };
    Ok(Look {
        palette: theme.palette(no_color),
        reduced_motion: display.reduced_motion || config.reduced_motion,
        ascii: display.ascii || ascii_terminal(),
    })
}

/// The sound, unless `--no-audio`: device and volume by flag, then
/// environment, then (volume) what was remembered, then the config. The
/// voice, unless `--no-voice` or `voice = false`, speaks if it was left on.
fn sound(config: &Config, display: &Display) -> Result<Option<LiveSound>, u8> {
    if display.no_audio {
        return Ok(None);
    }
    let remembered = remembered::load();
    let configured = remembered.map_or(config.volume.percent(), |r| r.volume);
    let volume = match display.volume {
        Some(v) => v,
        None => config::resolve(
            None,
            vars::VOLUME,
            config::Volume::new(configured).unwrap_or_default(),
        )
        .map_err(env_error)?
        .percent(),
    };
    let configured_device = config
        .audio_device
        .clone()
        .unwrap_or_else(|| DEFAULT_DEVICE.to_owned());
    let device = config::resolve(
        display.audio_device.clone(),
        vars::AUDIO_DEVICE,
        configured_device,
    )
    .map_err(env_error)?;
    let muted = display.volume.is_none() && remembered.is_some_and(|r| r.muted);
    let levels = Levels {
        volume,
        muted,
        voice: remembered.is_none_or(|r| r.voice),
    };
    let voice = VoiceChoice {
        on: config.voice && !display.no_voice,
        command: config.voice_command.clone(),
        breaths: config.voice_breaths,
    };
    Ok(Some(LiveSound::start(&device, levels, voice)))
}

/// The Linux console and non-UTF-8 locales lack the block characters.
pub(super) fn ascii_terminal() -> bool {
    let term = std::env::var("TERM").unwrap_or_default();
    let locale = ["LC_ALL", "LC_CTYPE", "LANG"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
        .unwrap_or_default()
        .to_uppercase();
    term == "linux" || term == "dumb" || !(locale.contains("UTF-8") || locale.contains("UTF8"))
}
