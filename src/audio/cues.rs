//! The sound of each cue of a session, decoded once: the built-in sounds,
//! the routine's chime and each step's own start sound. A routine's file
//! that cannot be played falls back to the bowl chime, never to a crash.

use std::collections::HashMap;
use std::fmt;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use rodio::SampleRate;

use super::builtin::Builtin;
use super::clip::Clip;
use super::decode::{self, DecodeError};
use crate::routine::{Routine, Sound, SoundFile};
use crate::timeline::{Cue, CueKind, Timeline};

/// The longest a routine's own cue sound plays; longer files are cut short
/// with a fade.
pub const LONGEST_CUE: Duration = Duration::from_secs(10);

/// The loudest a routine's own cue sound is made, like our chimes: about
/// −7 dBFS.
const FILE_PEAK: f32 = 0.45;
/// A file no louder than this (−80 dBFS) holds no sound to speak of.
const SILENT: f32 = 1e-4;
/// The most a quiet file is raised to reach [`FILE_PEAK`]: +12 dB.
const MOST_GAIN: f32 = 4.0;

/// A sound file of the routine that cannot be played, and what plays
/// instead.
#[derive(Debug)]
pub struct Fallback {
    pub path: PathBuf,
    pub error: DecodeError,
    /// What plays instead, in words: "the bowl chime plays instead".
    pub instead: &'static str,
}

impl fmt::Display for Fallback {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot play `{}`: {}; {}",
            self.path.display(),
            self.error,
            self.instead
        )
    }
}

/// The cue sounds of one routine at one sample rate, mono.
pub struct CueSounds {
    rate: SampleRate,
    cues: bool,
    builtins: [OnceLock<Clip>; Builtin::ALL.len()],
    /// Each step's start sound: its own, or the chime; `None` is silence.
    step_starts: Vec<Option<Clip>>,
    fallbacks: Vec<Fallback>,
}

impl CueSounds {
    /// Decodes every sound `routine` names, and our sounds that `timeline`
    /// will need, at `sample_rate` (clamped to [`super::SAMPLE_RATES`]);
    /// nothing at all with `cues = false`.
    pub fn new(routine: &Routine, timeline: &Timeline, sample_rate: u32) -> Self {
        let mut sounds = CueSounds {
            rate: super::sample_rate(sample_rate),
            cues: routine.sound.cues,
            builtins: Default::default(),
            step_starts: Vec::new(),
            fallbacks: Vec::new(),
        };
        if !sounds.cues {
            return sounds;
        }
        let mut files = HashMap::new();
        let chime = sounds.resolve(&routine.sound.chime, &mut files);
        sounds.step_starts = routine
            .steps
            .iter()
            .map(|step| match &step.sound {
                Some(sound) => sounds.resolve(sound, &mut files),
                None => chime.clone(),
            })
            .collect();
        for cue in &timeline.cues {
            sounds.for_cue(cue, timeline);
        }
        if routine.sound.tempo_ticks {
            sounds.builtin(Builtin::Tick);
        }
        sounds
    }

    /// The sample rate of every clip.
    pub fn sample_rate(&self) -> SampleRate {
        self.rate
    }

    /// The sound to play for `cue`, or `None` for a silent one: with
    /// `cues = false`, for the lead-in, and for breathing phases (the
    /// breathing guide sounds those).
    pub fn for_cue(&self, cue: &Cue, timeline: &Timeline) -> Option<Clip> {
        if !self.cues {
            return None;
        }
        let builtin = match cue.kind {
            CueKind::LeadIn | CueKind::Breath { .. } => return None,
            CueKind::StepStart => {
                let step = timeline.segments.get(cue.segment)?.part.step()?;
                return self.step_starts.get(step)?.clone();
            }
            CueKind::BetweenStart => Builtin::Wood,
            CueKind::SwitchSide { .. } => Builtin::Switch,
            CueKind::ReverseDirection => Builtin::Reverse,
            CueKind::Pip { .. } => Builtin::Pip,
            CueKind::SessionEnd => Builtin::Closing,
        };
        Some(self.builtin(builtin))
    }

    /// One of our sounds, decoded on first use.
    pub fn builtin(&self, sound: Builtin) -> Clip {
        self.builtins[sound as usize]
            .get_or_init(|| {
                // Our own files always decode; were one broken, it would
                // be silent rather than stop the session.
                Clip::bundled(sound.embedded(), self.rate).unwrap_or_else(|| {
                    let samples =
                        decode::decode_bytes(sound.embedded(), self.rate).unwrap_or_default();
                    Clip::new(Arc::from(samples), self.rate)
                })
            })
            .clone()
    }

    /// The fallbacks, for whoever outlives these sounds.
    pub fn into_fallbacks(self) -> Vec<Fallback> {
        self.fallbacks
    }

    fn resolve(
        &mut self,
        sound: &Sound,
        files: &mut HashMap<PathBuf, Option<Clip>>,
    ) -> Option<Clip> {
        match sound {
            Sound::None => None,
            Sound::Builtin(name) => {
                Some(self.builtin(Builtin::chime(name).unwrap_or(Builtin::Bowl)))
            }
            Sound::File(sound) => {
                let path = sound.path().to_path_buf();
                if let Some(known) = files.get(&path) {
                    return known.clone().or_else(|| Some(self.builtin(Builtin::Bowl)));
                }
                let clip = match self.decode_file(sound) {
                    Ok(clip) => Some(clip),
                    Err(error) => {
                        self.fallbacks.push(Fallback {
                            path: path.clone(),
                            error,
                            instead: "the bowl chime plays instead",
                        });
                        None
                    }
                };
                files.insert(path, clip.clone());
                clip.or_else(|| Some(self.builtin(Builtin::Bowl)))
            }
        }
    }

    fn decode_file(&self, sound: &SoundFile) -> Result<Clip, DecodeError> {
        let mut samples = decode::decode_file(sound, self.rate, LONGEST_CUE)?;
        let loudest = samples.iter().fold(0.0f32, |m, s| m.max(s.abs()));
        if loudest < SILENT {
            return Err(DecodeError::Empty);
        }
        let gain = (FILE_PEAK / loudest).min(MOST_GAIN);
        samples.iter_mut().for_each(|s| *s *= gain);
        Ok(Clip::new(Arc::from(samples), self.rate))
    }
}
