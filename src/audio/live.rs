//! What the person hears during a session: the player's effects turned into
//! sounds on the audio thread, and our own volume, mute and ambient switch.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use super::output::{Command, Output, OutputState, Source};
use super::{Ambient, AmbientStop, CueSounds, DEFAULT_SAMPLE_RATE, SegmentSound};
pub use crate::config::remembered::Levels;
use crate::routine::Routine;
use crate::session::Effect;
use crate::timeline::Timeline;

/// The sound of the sessions an app plays.
pub struct LiveSound {
    output: Output,
    levels: Levels,
    ambient_on: bool,
    sounds: Option<CueSounds>,
    ambient: Option<AmbientStop>,
    /// Ends the breathing guide or tempo ticks of the segment playing.
    pacing: Option<Arc<AtomicBool>>,
    /// The routine's sound files that could not be played this session
    /// (changed since the routine was checked): shown on the status line.
    fallen_back: Vec<String>,
}

impl LiveSound {
    /// Opens `device` on the audio thread; never fails (audio is then off).
    pub fn start(device: &str, levels: Levels) -> Self {
        let output = Output::start(device, DEFAULT_SAMPLE_RATE, 1);
        output.send(Command::SetVolume(gain(levels.volume)));
        output.send(Command::Mute(levels.muted));
        Self {
            output,
            levels,
            ambient_on: true,
            sounds: None,
            ambient: None,
            pacing: None,
            fallen_back: Vec::new(),
        }
    }

    /// Prepares the sounds of a session (decoded before it starts).
    pub fn begin(&mut self, routine: &Routine, timeline: &Timeline) {
        let sounds = CueSounds::new(routine, timeline, DEFAULT_SAMPLE_RATE);
        self.fallen_back = sounds.fallbacks().iter().map(file_name).collect();
        self.sounds = Some(sounds);
    }

    /// Plays what a player effect calls for. `offset` is how far into
    /// `segment` the session is now.
    pub fn effect(
        &mut self,
        effect: &Effect,
        routine: &Routine,
        timeline: &Timeline,
        segment: usize,
        offset: Duration,
    ) {
        let Some(sounds) = &self.sounds else {
            return;
        };
        match effect {
            Effect::Cue(cue) => {
                if let Some(clip) = sounds.for_cue(cue, timeline) {
                    self.output.send(Command::Play(Box::new(clip)));
                }
            }
            Effect::SegmentChanged(index) => self.pace(routine, timeline, *index, Duration::ZERO),
            Effect::AmbientStart => {
                self.start_ambient(routine);
                self.pace(routine, timeline, segment, offset);
            }
            Effect::AmbientStop => {
                self.stop_ambient();
                self.stop_pacing();
            }
            Effect::Ended(_) => {
                self.stop_pacing();
                self.sounds = None;
            }
        }
    }

    fn pace(&mut self, routine: &Routine, timeline: &Timeline, segment: usize, offset: Duration) {
        self.stop_pacing();
        let Some(sounds) = &self.sounds else {
            return;
        };
        if let Some(sound) = SegmentSound::for_segment(routine, timeline, segment, sounds) {
            let stop = Arc::new(AtomicBool::new(false));
            self.output.send(Command::Play(stoppable(
                sound.starting_at(offset),
                stop.clone(),
            )));
            self.pacing = Some(stop);
        }
    }

    fn stop_pacing(&mut self) {
        if let Some(stop) = self.pacing.take() {
            stop.store(true, Ordering::Relaxed);
        }
    }

    fn start_ambient(&mut self, routine: &Routine) {
        self.stop_ambient();
        if !self.ambient_on {
            return;
        }
        match Ambient::new(&routine.sound, DEFAULT_SAMPLE_RATE) {
            Ok(Some(ambient)) => {
                self.ambient = Some(ambient.stopper());
                self.output.send(Command::Play(Box::new(ambient)));
            }
            Ok(None) => {}
            Err(_) => {
                if let crate::routine::Sound::File(sound) = &routine.sound.ambient {
                    let name = file_name_of(sound.path());
                    if !self.fallen_back.contains(&name) {
                        self.fallen_back.push(name);
                    }
                }
            }
        }
    }

    fn stop_ambient(&mut self) {
        if let Some(stop) = self.ambient.take() {
            stop.stop();
        }
    }

    /// Turns the ambient bed off or back on (for the routine playing).
    pub fn toggle_ambient(&mut self, routine: &Routine, playing: bool) {
        self.ambient_on = !self.ambient_on;
        if self.ambient_on && playing {
            self.start_ambient(routine);
        } else {
            self.stop_ambient();
        }
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

    pub fn toggle_mute(&mut self) {
        self.levels.muted = !self.levels.muted;
        self.output.send(Command::Mute(self.levels.muted));
    }

    pub fn levels(&self) -> Levels {
        self.levels
    }

    /// Whether sound can be heard (not muted, and the device has not failed).
    pub fn audible(&self) -> bool {
        !self.levels.muted && !matches!(self.output.state(), OutputState::Off(_))
    }

    /// Why sound cannot be heard, once the device has opened or failed
    /// (waiting at most `wait` for it); None when it plays.
    pub fn off_reason(&self, wait: Duration) -> Option<String> {
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
                "sound {}% · ambient {}",
                self.levels.volume,
                if self.ambient_on { "on" } else { "off" }
            ),
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

/// Our volume scale: perceived loudness grows roughly with the square.
fn gain(volume: u8) -> f32 {
    let v = f32::from(volume) / 100.0;
    v * v
}

/// `source`, ending with a short fade as soon as `stop` is set.
fn stoppable(source: impl Iterator<Item = f32> + Send + 'static, stop: Arc<AtomicBool>) -> Source {
    const FADE_SAMPLES: u32 = DEFAULT_SAMPLE_RATE / 50;
    let mut left = FADE_SAMPLES;
    Box::new(source.map_while(move |sample| {
        if stop.load(Ordering::Relaxed) {
            left = left.checked_sub(1)?;
        }
        Some(sample * left as f32 / FADE_SAMPLES as f32)
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stopped_source_fades_out_and_ends() {
        let stop = Arc::new(AtomicBool::new(false));
        let mut source = stoppable(std::iter::repeat(1.0), stop.clone());
        assert_eq!(source.next(), Some(1.0));
        stop.store(true, Ordering::Relaxed);
        let tail: Vec<f32> = source.collect();
        assert_eq!(tail.len(), (DEFAULT_SAMPLE_RATE / 50) as usize);
        assert!(tail.windows(2).all(|w| w[1] <= w[0]), "not a fade");
        assert!(*tail.last().unwrap_or(&1.0) < 0.01);
    }

    #[test]
    fn volume_is_quieter_below_the_middle() {
        assert_eq!(gain(100), 1.0);
        assert_eq!(gain(0), 0.0);
        assert!(gain(50) < 0.5);
    }
}
