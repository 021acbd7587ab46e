//! `play --plain --watch`: the routine file read again each time it is
//! saved. A good version plays on from the same place, with one line that
//! says where that is; a file with mistakes gets `check`'s report, line by
//! line, while the last good version plays on.

use std::path::PathBuf;
use std::time::Instant;

use super::Lines;
use super::reader::Reader;
use crate::conductor::Conductor;
use crate::routine::RoutineSource;
use crate::routine_watch::saved::{Reread, Version, WatchedFile};
use crate::session::{Effect, Msg};
use crate::timeline::Part;
use crate::transcript::{Transcript, spoken};

/// The routine file a plain session reloads from.
pub(super) struct Watched {
    file: WatchedFile,
    /// Wait steps wait for a key (there is a terminal to press it on).
    waits: bool,
}

impl Watched {
    pub(super) fn new(source: &RoutineSource, waits: bool) -> Self {
        let file = WatchedFile::new(PathBuf::from(&source.name), source.text.clone());
        Self { file, waits }
    }

    /// The file was saved, at `now`: its new version from where the
    /// session is, or its mistakes.
    pub(super) fn saved(
        &mut self,
        out: &mut Lines,
        reader: &mut Reader,
        conductor: &mut Conductor,
        now: Instant,
    ) -> Vec<Effect> {
        let version = match self.file.reread() {
            Reread::Same => return Vec::new(),
            Reread::Mistakes => {
                out.say("Not reloaded: the file has mistakes. The last good version plays on; save the file again once it is fixed.");
                for line in self.file.mistakes().unwrap_or_default() {
                    out.say(line);
                }
                return Vec::new();
            }
            Reread::Changed(version) => version,
        };
        let Version {
            source,
            routine,
            warnings,
        } = *version;
        let mut effects = Vec::new();
        // A hold being read is let go: the new version's own holds follow.
        if reader.holding_at().is_some() && !reader.hold_paused() {
            effects.extend(conductor.send(Msg::Resume, now));
        }
        effects.extend(conductor.reload(&source, routine, now));
        if !self.waits {
            conductor.stop_waiting(now);
        }
        let player = conductor.player();
        let position = player.position(now);
        let transcript = Transcript::from_segment(
            conductor.routine(),
            player.timeline(),
            reader.words_a_minute(),
            player.segment(),
        );
        reader.restart_after(transcript, position);
        out.say(&reloaded(conductor, now, warnings));
        effects
    }
}

/// "Reloaded: step 2 of 3, Neck kneading, 25 seconds left."
fn reloaded(conductor: &Conductor, now: Instant, warnings: usize) -> String {
    let (player, routine) = (conductor.player(), conductor.routine());
    let Some(segment) = player.timeline().segments.get(player.segment()) else {
        return "Reloaded.".to_owned();
    };
    let place = match segment.part {
        Part::LeadIn => "settling in".to_owned(),
        Part::Step { step, .. } | Part::Between { step, .. } => format!(
            "step {} of {}, {}",
            step + 1,
            routine.steps.len(),
            routine.steps[step].title
        ),
    };
    let left = spoken(segment.end().saturating_sub(player.position(now)));
    let mut line = format!("Reloaded: {place}, {left} left.");
    if warnings > 0 {
        line.push_str(" It has warnings: `stillpoint check` shows them.");
    }
    line
}
