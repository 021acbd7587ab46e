//! The script's lines as sound, made ready in the background while the
//! session plays: in order of time, from the cache when they were spoken
//! before, else by the engine, else from the step's own recording. A line
//! not ready when it is due is left out, never delayed; an engine that
//! fails once is not asked again.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::thread;
use std::time::Duration;

use rodio::SampleRate;

use super::cache::Cache;
use super::engine::{Engine, EngineError};
use super::script::{Line, Script};
use crate::audio::level::SPEECH_GAIN;
use crate::audio::{Clip, decode};

/// One line of the script and, once ready, its sound at the session's rate
/// and the voice's level, as 16-bit samples.
pub struct Phrase {
    pub line: Line,
    clip: OnceLock<Clip>,
}

impl Phrase {
    /// The line's sound, if it is ready.
    pub fn clip(&self) -> Option<&Clip> {
        self.clip.get()
    }
}

/// Whether the voice can be heard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VoiceState {
    /// Phrases are being made.
    Preparing,
    /// Every phrase that can be made is ready.
    Ready,
    /// No phrase can be made: why, in a few words ("no espeak-ng").
    Off(String),
}

/// Every line of a session with its sound.
pub struct Phrases {
    list: Vec<Phrase>,
    rate: SampleRate,
    state: Mutex<VoiceState>,
    /// The person's voice switch (`v` in the player).
    on: AtomicBool,
    /// Whether a line was read into the sound.
    spoken: AtomicBool,
}

/// Where phrases come from.
pub struct Sources {
    pub engine: Result<Engine, EngineError>,
    pub cache: Option<Cache>,
}

impl Phrases {
    /// The lines of `script`, none of them ready yet, for sound at `rate`.
    pub fn new(script: &Script, rate: SampleRate) -> Arc<Phrases> {
        Arc::new(Phrases {
            list: script
                .lines
                .iter()
                .map(|line| Phrase {
                    line: line.clone(),
                    clip: OnceLock::new(),
                })
                .collect(),
            rate,
            state: Mutex::new(VoiceState::Preparing),
            on: AtomicBool::new(true),
            spoken: AtomicBool::new(false),
        })
    }

    /// The sound of line `index` as it is read into the mix, if it is
    /// ready and the voice is on; from then on the voice counts as spoken.
    pub fn heard(&self, index: usize) -> Option<&Clip> {
        let clip = self.would_sound(index)?;
        self.spoken.store(true, Ordering::Relaxed);
        Some(clip)
    }

    /// The sound of line `index`, if it is ready and the voice is on.
    pub fn would_sound(&self, index: usize) -> Option<&Clip> {
        if !self.is_on() {
            return None;
        }
        self.list.get(index)?.clip()
    }

    /// Whether any line has been heard: one was ready and due with the
    /// voice on (the score marks it as it reads it).
    pub fn any_spoken(&self) -> bool {
        self.spoken.load(Ordering::Relaxed)
    }

    /// Whether the person has the voice on.
    pub fn is_on(&self) -> bool {
        self.on.load(Ordering::Relaxed)
    }

    /// Turns the voice on or off from the next line read.
    pub fn set_on(&self, on: bool) {
        self.on.store(on, Ordering::Relaxed);
    }

    pub fn list(&self) -> &[Phrase] {
        &self.list
    }

    pub fn state(&self) -> VoiceState {
        self.state
            .lock()
            .map_or(VoiceState::Preparing, |s| s.clone())
    }

    /// Makes every phrase from `from` on ready, on a thread of its own.
    pub fn prepare_in_background(self: &Arc<Self>, sources: Sources, from: Duration) {
        let phrases = Arc::clone(self);
        let spawned = thread::Builder::new()
            .name("voice".into())
            .spawn(move || phrases.prepare(sources, from));
        if spawned.is_err() {
            self.set_state(VoiceState::Off("it could not start".into()));
        }
    }

    /// Makes every phrase from `from` on ready, in order of time.
    pub fn prepare(&self, sources: Sources, from: Duration) {
        let Sources { engine, cache } = sources;
        let mut engine = engine;
        for phrase in self.list.iter().filter(|p| p.line.at >= from) {
            let made = match &phrase.line.recording {
                Some(recording) => {
                    decode::decode_file(recording, self.rate, self.room(&phrase.line)).ok()
                }
                None => self.spoken(&phrase.line, &mut engine, cache.as_ref()),
            };
            if let Some(mut samples) = made {
                for s in &mut samples {
                    *s *= SPEECH_GAIN;
                }
                let _ = phrase.clip.set(Clip::pcm16(&samples, self.rate));
            }
        }
        let state = match &engine {
            Err(error) if !self.list.iter().any(|p| p.clip().is_some()) => {
                VoiceState::Off(error.to_string())
            }
            _ => VoiceState::Ready,
        };
        self.set_state(state);
    }

    /// The line spoken by the engine, or from the cache. The first failure
    /// of the engine keeps it from being run again.
    fn spoken(
        &self,
        line: &Line,
        engine: &mut Result<Engine, EngineError>,
        cache: Option<&Cache>,
    ) -> Option<Vec<f32>> {
        let working = engine.as_ref().ok()?;
        let id = working.id();
        let speech = match cache.and_then(|c| c.get(&id, &line.text)) {
            Some(kept) => kept,
            None => match working.speak(&line.text) {
                Ok((wav, speech)) => {
                    if let Some(cache) = cache {
                        cache.put(&id, &line.text, &wav);
                    }
                    speech
                }
                Err(error) => {
                    *engine = Err(error);
                    return None;
                }
            },
        };
        let from = SampleRate::new(speech.rate)?;
        let samples = from_first_sound(speech.samples, speech.rate);
        decode::resample(samples, from, self.rate, self.room(line)).ok()
    }

    /// How long a line may sound: until the next cue.
    fn room(&self, line: &Line) -> Duration {
        line.until
            .map_or(Duration::MAX, |until| until.saturating_sub(line.at))
    }

    fn set_state(&self, state: VoiceState) {
        if let Ok(mut s) = self.state.lock() {
            *s = state;
        }
    }
}

/// Below this a sample is the quiet an engine leaves before the words.
const QUIET: f32 = 0.003;
/// Kept before the first sound, so its attack is whole.
const ATTACK: f64 = 0.005;

/// `samples` from just before the first sound: engines start with a short
/// silence, and the line is placed for its words to start on time.
fn from_first_sound(mut samples: Vec<f32>, rate: u32) -> Vec<f32> {
    let keep = (ATTACK * f64::from(rate)) as usize;
    let first = samples.iter().position(|s| s.abs() > QUIET);
    let start = first.map_or(0, |i| i.saturating_sub(keep));
    samples.drain(..start);
    samples
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_engine_s_leading_silence_is_left_out_but_not_the_attack() {
        let mut samples = vec![0.0; 1000];
        samples.extend([0.001, 0.2, 0.5, 0.0]);
        let kept = from_first_sound(samples, 8_000);
        assert_eq!(kept.len(), 40 + 3, "5 ms before the first sound");
        assert_eq!(kept[40], 0.2);
        assert_eq!(from_first_sound(vec![0.0; 10], 8_000), vec![0.0; 10]);
    }
}
