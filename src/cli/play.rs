//! `stillpoint play ROUTINE` and the library (`stillpoint` alone): the full
//! screen player, or plain lines when there is no terminal to draw on.

use std::io::IsTerminal;
use std::time::Instant;

use super::{Display, exit, plain};
use crate::library;
use crate::routine;
use crate::ui::app::{App, Playable};
use crate::ui::frame::Look;
use crate::ui::theme::no_color_requested;

/// Shown on the status line while there is no sound.
const STATUS: &str = "sound off · visual cues only";

pub fn run(query: &str, plain_flag: bool, display: &Display) -> u8 {
    let Ok((_, routine)) = super::load(query) else {
        return exit::USER;
    };
    if plain_flag || !std::io::stdout().is_terminal() {
        return plain::run(&routine);
    }
    let mut app = App::play(routine, look(display), STATUS.into(), Instant::now());
    show(&mut app)
}

pub fn library(display: &Display) -> u8 {
    if !std::io::stdout().is_terminal() {
        eprintln!("error: the library needs a terminal; try `stillpoint play ROUTINE --plain`");
        return exit::ENVIRONMENT;
    }
    let playable = library::all()
        .iter()
        .filter_map(|source| {
            routine::parse(source)
                .routine
                .map(|r| Playable::new(source, r))
        })
        .collect();
    let mut app = App::library(playable, look(display), STATUS.into());
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

fn look(display: &Display) -> Look {
    Look {
        palette: display.theme.palette(no_color_requested()),
        reduced_motion: display.reduced_motion,
        ascii: display.ascii || ascii_terminal(),
    }
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
