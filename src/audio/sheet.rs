//! A session's sound laid out once, before it plays: every cue's sound at
//! its sample, the breathing guide and tempo ticks through their segments,
//! and the ambient bed's settings. It is read by a [`Score`](super::Score)
//! from any position, for `render` from the start and for the live output
//! from wherever the session clock is. It also tells when the next sound
//! is due, so the live output can close the device through silence.

use std::sync::Arc;
use std::time::Duration;

use rodio::SampleRate;

use super::ambient::{Ambient, FADE_OUT};
use super::clip::Clip;
use super::cues::{CueSounds, Fallback};
use super::segment::SegmentSound;
use crate::routine::{Routine, Sound, SoundSettings};
use crate::timeline::Timeline;
use crate::voice::phrases::Phrases;

/// Which bus a sound is mixed on; the cue bus has its own ceiling, and
/// speech is mixed on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Bus {
    Cues,
    Guide,
    Speech,
}

/// A sound of the session, as first heard.
#[derive(Clone)]
pub(super) enum Voice {
    Clip(Clip),
    Segment(SegmentSound),
    /// A line of the spoken script, heard only if it is ready in time.
    Speech(Arc<Phrases>, usize),
}

/// The longest the last line (which no cue follows) may sound.
const LAST_LINE: Duration = Duration::from_secs(8);

/// One sound placed in the session.
#[derive(Clone)]
pub(super) struct Entry {
    pub start: u64,
    /// Where the sound ends, in samples.
    pub end: u64,
    /// Where it becomes too quiet to matter: a chime's last whisper does
    /// not keep the device open.
    pub audible_end: u64,
    pub bus: Bus,
    pub voice: Voice,
}

/// Below this a clip's tail counts as silence (−60 dBFS).
const QUIET: f32 = 1e-3;

/// The session's sound, laid out in samples at one rate, mono.
pub struct Sheet {
    rate: SampleRate,
    /// Sorted by start.
    entries: Vec<Entry>,
    /// The bed's settings, when the routine has a bed that plays.
    bed: Option<SoundSettings>,
    /// Where the session ends (the bed fades out from here).
    total: u64,
    /// Where the last sound ends: the closing bells, the bed's fade.
    length: u64,
    fallbacks: Vec<Fallback>,
}

impl Sheet {
    /// Lays out every sound of `routine` as `timeline` places them, at
    /// `sample_rate` (clamped to [`super::SAMPLE_RATES`]); decodes the
    /// routine's files.
    pub fn new(routine: &Routine, timeline: &Timeline, sample_rate: u32) -> Self {
        let sounds = CueSounds::new(routine, timeline, sample_rate);
        let rate = sounds.sample_rate();
        let at = |offset: Duration| super::samples_in(offset, rate);
        let mut entries = Vec::new();
        for cue in &timeline.cues {
            if let Some(clip) = sounds.for_cue(cue, timeline) {
                entries.push(Entry::new(at(cue.at), Bus::Cues, Voice::Clip(clip), rate));
            }
        }
        for (index, segment) in timeline.segments.iter().enumerate() {
            if let Some(sound) = SegmentSound::for_segment(routine, timeline, index, &sounds) {
                let bus = match sound {
                    SegmentSound::Breath(_) => Bus::Guide,
                    SegmentSound::Ticks(_) => Bus::Cues,
                };
                entries.push(Entry::new(
                    at(segment.start),
                    bus,
                    Voice::Segment(sound),
                    rate,
                ));
            }
        }
        entries.sort_by_key(|e| e.start);
        let mut fallbacks = sounds.into_fallbacks();
        let bed = match Ambient::new(&routine.sound, rate.get()) {
            Ok(bed) => bed.map(|_| routine.sound.clone()),
            Err(error) => {
                if let Sound::File(sound) = &routine.sound.ambient {
                    fallbacks.push(Fallback {
                        path: sound.path().to_path_buf(),
                        error,
                        instead: "the session plays without an ambient bed",
                    });
                }
                None
            }
        };
        let total = at(timeline.total);
        let sounds_end = entries.iter().map(|e| e.end).max().unwrap_or(0);
        let bed_end = bed.as_ref().map_or(0, |_| at(timeline.total + FADE_OUT));
        Sheet {
            rate,
            length: total.max(sounds_end).max(bed_end),
            entries,
            bed,
            total,
            fallbacks,
        }
    }

    /// The sheet with the lines of `phrases` placed where the script puts
    /// them; each sounds if its phrase is ready when it is due.
    pub fn with_speech(mut self, phrases: Arc<Phrases>) -> Self {
        let at = |offset: Duration| super::samples_in(offset, self.rate);
        for (index, phrase) in phrases.list().iter().enumerate() {
            let line = &phrase.line;
            let start = at(line.at);
            let end = at(line.until.unwrap_or(line.at + LAST_LINE)).max(start);
            self.length = self.length.max(end);
            self.entries.push(Entry {
                start,
                end,
                audible_end: end,
                bus: Bus::Speech,
                voice: Voice::Speech(Arc::clone(&phrases), index),
            });
        }
        self.entries.sort_by_key(|e| e.start);
        self
    }

    /// The sample rate of every sound.
    pub fn sample_rate(&self) -> SampleRate {
        self.rate
    }

    /// How many samples the whole mix has, tails included.
    pub fn len(&self) -> u64 {
        self.length
    }

    /// Whether the session has no sound at all.
    pub fn is_empty(&self) -> bool {
        self.length == 0
    }

    /// The routine's sound files that could not be played, and what plays
    /// instead.
    pub fn fallbacks(&self) -> &[Fallback] {
        &self.fallbacks
    }

    /// The first sample at or after `from` where something can be heard,
    /// with the bed on or off; `None` when nothing is left.
    pub fn next_sound(&self, from: u64, bed: bool) -> Option<u64> {
        let bed_sounds = bed && self.bed.is_some() && from < self.length.min(self.bed_end());
        if bed_sounds {
            return Some(from);
        }
        self.entries
            .iter()
            .filter(|e| e.audible_end() > from)
            .map(|e| e.start.max(from))
            .min()
    }

    fn bed_end(&self) -> u64 {
        self.total + super::samples_in(FADE_OUT, self.rate)
    }

    pub(super) fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The bed from `from` on, fading out at the session's end; `None` past
    /// it or without a bed. `fade_in`: it starts with its fade, as at the
    /// start of a session or after a pause, rather than already playing.
    pub(super) fn bed_from(&self, from: u64, fade_in: bool) -> Option<Ambient> {
        let settings = self.bed.as_ref()?;
        if from >= self.total {
            return None;
        }
        let bed = Ambient::new(settings, self.rate.get()).ok().flatten()?;
        let left = Duration::from_secs_f64((self.total - from) as f64 / f64::from(self.rate.get()));
        let bed = bed.fading_out(left, FADE_OUT);
        Some(if fade_in { bed } else { bed.already_in() })
    }
}

impl Entry {
    /// Where the entry stops being heard, as far as is known now: a line
    /// of speech sounds only once it is ready and the voice is on.
    fn audible_end(&self) -> u64 {
        match &self.voice {
            Voice::Speech(phrases, index) => phrases
                .would_sound(*index)
                .map_or(0, |clip| self.start + clip.len() as u64),
            _ => self.audible_end,
        }
    }

    fn new(start: u64, bus: Bus, voice: Voice, rate: SampleRate) -> Self {
        let (length, audible) = match &voice {
            Voice::Clip(clip) => (clip.len() as u64, clip.audible_len(QUIET) as u64),
            Voice::Segment(sound) => {
                let length = super::samples_in(sound.duration(), rate);
                (length, length)
            }
            // Speech is placed by `with_speech`, in the room its line has.
            Voice::Speech(..) => (0, 0),
        };
        Entry {
            start,
            end: start + length,
            audible_end: start + audible,
            bus,
            voice,
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::routine::{RoutineSource, parse};

    /// A routine written in a test, checked.
    pub(crate) fn routine(text: &str) -> Routine {
        let source = RoutineSource {
            name: "test.toml".into(),
            text: text.into(),
            folder: None,
        };
        parse(&source).routine.expect("a valid routine")
    }

    /// The sheet of `text` at 8 kHz.
    pub(crate) fn sheet(text: &str) -> Sheet {
        let routine = routine(text);
        Sheet::new(&routine, &Timeline::build(&routine), 8_000)
    }

    /// A chime at the start, 20 s of nothing, a chime, the end.
    pub(crate) const TWO_CHIMES: &str = r#"
stillpoint = 1
title = "Two chimes"
lead_in = 0
[sound]
ambient = "none"
countdown = 0
[[step]]
title = "Rest"
kind = "rest"
duration = "20s"
instructions = "Rest."
[[step]]
title = "Rest again"
kind = "rest"
duration = "5s"
instructions = "Rest."
"#;

    #[test]
    fn the_next_sound_is_the_next_cue_or_the_bed() {
        let quiet = sheet(TWO_CHIMES);
        let second = 20 * 8_000;
        assert_eq!(quiet.next_sound(0, true), Some(0));
        let chime_heard = quiet.entries()[0].audible_end;
        assert!(chime_heard > 8_000 && chime_heard < second, "{chime_heard}");
        assert_eq!(quiet.next_sound(chime_heard, true), Some(second));
        assert_eq!(quiet.next_sound(quiet.len(), true), None);

        let bed = sheet(&TWO_CHIMES.replace("\"none\"", "\"brown-noise\""));
        assert_eq!(bed.next_sound(chime_heard, true), Some(chime_heard));
        assert_eq!(bed.next_sound(chime_heard, false), Some(second));
    }
}
