//! `stillpoint play ROUTINE` and the library (`stillpoint` alone): the full
//! screen player, or plain lines when there is no terminal to draw on.

use std::io::IsTerminal;
use std::time::Instant;

use super::{Display, exit, journal, plain};
use crate::config::{self, Config, vars};
use crate::library;
use crate::recording::Keeper;
use crate::routine;
use crate::ui::app::{App, Options, Playable};
use crate::ui::frame::Look;
use crate::ui::theme::no_color_requested;

/// Shown on the status line while there is no sound.
const STATUS: &str = "sound off · visual cues only";

pub fn run(query: &str, plain_flag: bool, no_checkin: bool, display: &Display) -> u8 {
    let Ok((source, routine)) = super::load(query) else {
        return exit::USER;
    };
    if plain_flag || !std::io::stdout().is_terminal() {
        return plain::run(&source, &routine);
    }
    let options = match journal::config().and_then(|config| options(&config, display, no_checkin)) {
        Ok(options) => options,
        Err(code) => return code,
    };
    let playable = Playable::new(&source, routine);
    let mut app = App::play(playable, options, Keeper::open(), Instant::now());
    show(&mut app)
}

pub fn library(display: &Display) -> u8 {
    if !std::io::stdout().is_terminal() {
        eprintln!("error: the library needs a terminal; try `stillpoint play ROUTINE --plain`");
        return exit::ENVIRONMENT;
    }
    let config = match journal::config() {
        Ok(config) => config,
        Err(code) => return code,
    };
    let options = match options(&config, display, false) {
        Ok(options) => options,
        Err(code) => return code,
    };
    let playable = library::all(&config.routine_folders)
        .iter()
        .filter_map(|source| {
            routine::parse(source)
                .routine
                .map(|r| Playable::new(source, r))
        })
        .collect();
    let mut app = App::library(playable, options, Keeper::open());
    show(&mut app)
}

fn show(app: &mut App) -> u8 {
    match crate::ui::run(app) {
        Ok(()) => exit::OK,
        Err(e) => {
            eprintln!("error: {e}");
            exit::ENVIRONMENT
        }
    }
}

/// The app's settings: flag, then environment, then config, then default.
fn options(config: &Config, display: &Display, no_checkin: bool) -> Result<Options, u8> {
    let resolve = |e: config::EnvError| {
        eprintln!("error: {e}");
        exit::ENVIRONMENT
    };
    let theme = config::resolve(display.theme, vars::THEME, config.theme).map_err(resolve)?;
    let goal = config::resolve(None, vars::WEEKLY_GOAL, config.weekly_goal).map_err(resolve)?;
    Ok(Options {
        look: Look {
            palette: theme.palette(no_color_requested()),
            reduced_motion: display.reduced_motion || config.reduced_motion,
            ascii: display.ascii || ascii_terminal(),
        },
        checkin: config.checkin && !no_checkin,
        status: STATUS.into(),
        weekly_goal: goal.sessions(),
    })
}

/// The Linux console and non-UTF-8 locales lack the block characters.
fn ascii_terminal() -> bool {
    let term = std::env::var("TERM").unwrap_or_default();
    let locale = ["LC_ALL", "LC_CTYPE", "LANG"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
        .unwrap_or_default()
        .to_uppercase();
    term == "linux" || term == "dumb" || !(locale.contains("UTF-8") || locale.contains("UTF8"))
}
