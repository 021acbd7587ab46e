//! `play --watch` and previews in the full screen: the routine file read
//! again each time it is saved and played on from where the session is,
//! or, while it has mistakes, the last good version played on with the
//! mistakes in a panel under the player.

use std::path::PathBuf;
use std::time::Instant;

use ratatui::layout::Rect;

use super::{App, NOTICE_FOR, Notice, Playable, Screen};
use crate::routine_watch::saved::{Reread, Version, WatchedFile};
use crate::ui::view::mistakes;

impl App {
    /// Reloads the routine from `file` (now holding `text`, the version
    /// playing) each time [`App::routine_saved`] is called.
    pub fn watching(mut self, file: PathBuf, text: String) -> Self {
        self.watched = Some(WatchedFile::new(file, text));
        self
    }

    /// Nothing is saved to the journal: a preview (`--no-journal`). The
    /// player says so on its status line.
    pub fn not_recording(mut self) -> Self {
        self.recording = false;
        self
    }

    /// The watched routine file was saved, at `now`: its new version plays
    /// from the same step and place (a check-in or the cautions still
    /// showing start it),
    /// "reloaded" on the status line; or its mistakes show while the last
    /// good version plays on. A save that changed nothing does nothing.
    pub fn routine_saved(&mut self, now: Instant) {
        let Some(watched) = &mut self.watched else {
            return;
        };
        let Reread::Changed(version) = watched.reread() else {
            return;
        };
        let Version {
            source,
            routine,
            warnings,
        } = *version;
        match &mut self.screen {
            Screen::Player(live) => {
                live.conductor.reload(&source, routine, now);
                live.page = None;
                live.notice = Some(Notice {
                    words: if warnings == 0 {
                        "reloaded"
                    } else {
                        "reloaded, with warnings: `stillpoint check` shows them"
                    },
                    until: now + NOTICE_FOR,
                });
                self.after_session();
            }
            Screen::CheckIn { playable, .. } | Screen::Cautions { playable, .. } => {
                let from = playable.from;
                **playable = Playable::new(&source, routine).from_step(from);
            }
            _ => {}
        }
    }

    /// The mistakes of the watched file, while it has some.
    pub(super) fn mistakes(&self) -> Option<&[String]> {
        self.watched.as_ref()?.mistakes()
    }

    /// What the status line says of mistakes the panel has no room for.
    pub(super) fn mistakes_unshown(&self) -> Option<String> {
        let shown = self.player_area(self.area.get()).1.is_some();
        (self.mistakes().is_some() && !shown)
            .then(|| "not reloaded: the file has mistakes (`stillpoint check`)".to_owned())
    }

    /// The part of `area` the player is drawn in, and below it the panel
    /// of the watched file's mistakes when there are some and room for it.
    pub(super) fn player_area(&self, area: Rect) -> (Rect, Option<Rect>) {
        let rows = self
            .mistakes()
            .map_or(0, |lines| mistakes::rows(lines, area));
        if rows == 0 {
            return (area, None);
        }
        let player = Rect {
            height: area.height - rows,
            ..area
        };
        let panel = Rect {
            y: area.y + player.height,
            height: rows,
            ..area
        };
        (player, Some(panel))
    }
}
