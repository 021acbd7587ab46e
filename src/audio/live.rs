//! What the person hears during a session: the session's [`Sheet`] handed
//! to the audio thread, which follows the session clock; and our own
//! volume, mute and ambient switch.

use std::sync::Arc;
use std::time::{Duration, Instant};

use super::output::{Clock, Command, Output, OutputState};
use super::{DEFAULT_SAMPLE_RATE, Sheet};
pub use crate::config::remembered::Levels;
use crate::routine::Routine;
use crate::routine::vocabulary::Spoken;
use crate::session::{Outcome, Player, State};
use crate::timeline::Timeline;
use crate::voice::engine::Engine;
use crate::voice::phrases::{Phrases, VoiceState};
use crate::voice::{self, VoiceChoice};

/// The sound of the sessions an app plays.
pub struct LiveSound {
    output: Output,
    levels: Levels,
    voice: VoiceChoice,
    /// What the voice says in this session, when it speaks at all.
    phrases: Option<Arc<Phrases>>,
    ambient_on: bool,
    /// The clock last handed to the audio thread.
    clock: Option<Clock>,
    /// How long the session's sound lasts, its closing bells included.
    length: Duration,
    /// The routine's sound files that could not be played this session
    /// (changed since the routine was checked): shown on the status line.
    fallen_back: Vec<String>,
}

impl LiveSound {
    /// Starts the audio thread for `device`, opened by [`LiveSound::open`];
    /// never fails (audio is then off).
    pub fn start(device: &str, levels: Levels, voice: VoiceChoice) -> Self {
        let output = Output::new(device, DEFAULT_SAMPLE_RATE, 1);
        output.send(Command::SetVolume(gain(levels.volume)));
        output.send(Command::Mute(levels.muted));
        Self {
            output,
            levels,
            voice,
            phrases: None,
            ambient_on: true,
            clock: None,
            length: Duration::ZERO,
            fallen_back: Vec::new(),
        }
    }

    /// Opens the device, once the first frame is out (see
    /// [`crate::audio::output`]); later calls do nothing.
    pub fn open(&self) {
        self.output.open();
    }

    /// Lays out the sound of a session before it starts (its files
    /// decoded) and hands it to the audio thread; the voice's phrases are
    /// made in the background from now on, those from `from` (where the
    /// session starts) on.
    pub fn begin(&mut self, routine: &Routine, timeline: &Timeline, from: Duration) {
        let mut sheet = Sheet::new(routine, timeline, DEFAULT_SAMPLE_RATE);
        self.phrases = None;
        if let Some((phrases, sources)) =
            voice::session_phrases(routine, timeline, sheet.sample_rate(), &self.voice)
        {
            phrases.set_on(self.levels.voice);
            phrases.prepare_in_background(sources, from);
            sheet = sheet.with_speech(Arc::clone(&phrases));
            self.phrases = Some(phrases);
        }
        self.fallen_back.clear();
        for name in sheet.fallbacks().iter().map(file_name) {
            if !self.fallen_back.contains(&name) {
                self.fallen_back.push(name);
            }
        }
        self.clock = None;
        self.length = Duration::from_secs_f64(sheet.len() as f64 / f64::from(DEFAULT_SAMPLE_RATE));
        self.output.send(Command::Session(Arc::new(sheet)));
    }

    /// Keeps the sound where `player` is at `now`. Cheap when nothing has
    /// changed: the audio thread hears only of a start, a pause, a resume,
    /// a jump or an end. A session played to its end goes on sounding its
    /// closing bells; one ended early fades out.
    pub fn follow(&mut self, player: &Player, now: Instant) {
        if player.state() == State::Ended(Outcome::Completed) {
            return;
        }
        let clock = Clock {
            position: player.position(now),
            at: now,
            running: player.state() == State::Playing,
        };
        if self.clock.is_some_and(|last| last.agrees_with(&clock)) {
            return;
        }
        self.clock = Some(clock);
        self.output.send(Command::Clock(clock));
    }

    /// Waits, before the program leaves, for what is still to be heard:
    /// the closing bells of a session played to its end (and the bed's
    /// fade), then what the device holds; a session ended early has only
    /// its fade. At most the sound left plus [`DEVICE_TAIL`], and never
    /// more than [`LONGEST_WAIT`]: a stuck device cannot hold the exit.
    pub fn wait_for_end(&self) {
        let now = Instant::now();
        let left = self.clock.map_or(Duration::ZERO, |clock| {
            let position = if clock.running {
                clock.position_at(now)
            } else {
                self.length
            };
            self.length.saturating_sub(position)
        });
        self.output
            .wait_quiet((left + DEVICE_TAIL).min(LONGEST_WAIT));
    }

    /// Turns the ambient bed off or back on.
    pub fn toggle_ambient(&mut self) {
        self.ambient_on = !self.ambient_on;
        self.output.send(Command::Bed(self.ambient_on));
    }

    /// Changes the volume by `step` percentage points.
    pub fn change_volume(&mut self, step: i16) {
        let volume = (i16::from(self.levels.volume) + step).clamp(0, 100);
        self.levels.volume = u8::try_from(volume).unwrap_or(100);
        self.levels.muted = false;
        self.output.send(Command::Mute(false));
        self.output
            .send(Command::SetVolume(gain(self.levels.volume)));
    }

    /// Why the voice cannot speak `routine` on this machine, when it was
    /// asked to: "no espeak-ng". Known before the session starts.
    pub fn voice_missing(&self, routine: &Routine) -> Option<String> {
        let speaks = self.voice.on && routine.sound.voice != Spoken::None;
        if !speaks {
            return None;
        }
        Engine::choose(self.voice.command.as_deref(), routine.language.as_deref())
            .err()
            .map(|why| why.to_string())
    }

    /// Turns the voice off or back on, from what is heard next.
    pub fn toggle_voice(&mut self) {
        self.levels.voice = !self.levels.voice;
        if let Some(phrases) = &self.phrases {
            phrases.set_on(self.levels.voice);
            self.output.send(Command::VoiceSwitched);
        }
    }

    /// Whether any line was spoken: the voice was heard only if sound was.
    pub fn voice_heard(&self) -> bool {
        self.heard() && self.phrases.as_ref().is_some_and(|p| p.any_spoken())
    }

    pub fn toggle_mute(&mut self) {
        self.levels.muted = !self.levels.muted;
        self.output.send(Command::Mute(self.levels.muted));
    }

    pub fn levels(&self) -> Levels {
        self.levels
    }

    /// Whether sound of this session reached the device, for the journal.
    pub fn heard(&self) -> bool {
        self.output.heard()
    }

    /// Why sound cannot be heard, once the device has opened or failed
    /// (opening it now if it was not, and waiting at most `wait` for it);
    /// None when it plays.
    pub fn off_reason(&self, wait: Duration) -> Option<String> {
        self.open();
        match self.output.wait_started(wait) {
            OutputState::Off(reason) => Some(reason.to_string()),
            _ => None,
        }
    }

    /// The status line: "sound 70% · ambient on", "muted", or why audio is
    /// off; and, when a sound file of the routine could not be played, which.
    pub fn status(&self) -> String {
        let status = self.sound_status();
        match self.fallen_back.as_slice() {
            [] => status,
            [one] => format!("{status} · {one} could not be played"),
            [first, rest @ ..] => {
                format!(
                    "{status} · {first} and {} more could not be played",
                    rest.len()
                )
            }
        }
    }

    fn sound_status(&self) -> String {
        match self.output.state() {
            OutputState::Off(reason) => format!("audio off: {reason} · visual cues only"),
            OutputState::Starting => "sound starting".to_owned(),
            OutputState::Playing if self.levels.muted => "sound muted · m to unmute".to_owned(),
            OutputState::Playing => format!(
                "sound {}% · ambient {}{}",
                self.levels.volume,
                if self.ambient_on { "on" } else { "off" },
                self.voice_status()
            ),
        }
    }

    /// " · voice on", " · voice off", " · voice off: no espeak-ng"; nothing
    /// when the routine or the person asked for no voice at all.
    fn voice_status(&self) -> String {
        let Some(phrases) = &self.phrases else {
            return String::new();
        };
        match phrases.state() {
            VoiceState::Off(why) => format!(" · voice off: {why}"),
            _ if !self.levels.voice => " · voice off".to_owned(),
            _ => " · voice on".to_owned(),
        }
    }
}

fn file_name(fallback: &super::Fallback) -> String {
    file_name_of(&fallback.path)
}

/// `bell.wav` for `…/sounds/bell.wav`.
fn file_name_of(path: &std::path::Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// How long past the end of the score a device may still be playing what
/// it holds: its buffer, and a sound server's start-up.
pub const DEVICE_TAIL: Duration = Duration::from_millis(2500);

/// The longest the program waits for its last sound before leaving.
pub const LONGEST_WAIT: Duration = Duration::from_secs(8);

/// Our volume scale: perceived loudness grows roughly with the square.
fn gain(volume: u8) -> f32 {
    let v = f32::from(volume) / 100.0;
    v * v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn volume_is_quieter_below_the_middle() {
        assert_eq!(gain(100), 1.0);
        assert_eq!(gain(0), 0.0);
        assert!(gain(50) < 0.5);
    }
}
