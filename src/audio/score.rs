//! The whole session mixed offline from the same cue schedule the player
//! follows: each cue's sound at its offset, the breathing guide and tempo
//! ticks through their segments, and the ambient bed under everything.
//! `stillpoint render` writes it to a WAV file; tests listen to it.

use std::time::Duration;

use rodio::SampleRate;

use super::ambient::{Ambient, FADE_OUT};
use super::clip::Clip;
use super::cues::{CueSounds, Fallback};
use super::level::{CUE_CEILING, MASTER_CEILING, soft_ceiling};
use super::segment::SegmentSound;
use crate::routine::{Routine, Sound};
use crate::timeline::Timeline;

/// Samples mixed at a time when the score is read sample by sample.
const BLOCK: usize = 4096;

/// Which bus a sound is mixed on; the cue bus has its own ceiling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bus {
    Cues,
    Guide,
}

enum Voice {
    Clip(Clip),
    Segment(SegmentSound),
}

impl Voice {
    /// Adds the next samples to `out`; whether any remain.
    fn mix_into(&mut self, out: &mut [f32]) -> bool {
        match self {
            Voice::Clip(clip) => clip.mix_into(out),
            Voice::Segment(sound) => {
                for o in out {
                    match sound.next() {
                        Some(s) => *o += s,
                        None => return false,
                    }
                }
                true
            }
        }
    }
}

struct Entry {
    start: u64,
    bus: Bus,
    voice: Voice,
}

/// A session's audio, mono at one sample rate: read it with [`Score::fill`]
/// (fast) or as an iterator of samples.
pub struct Score {
    rate: SampleRate,
    length: u64,
    position: u64,
    /// Sounds yet to start, the latest first.
    pending: Vec<Entry>,
    playing: Vec<Entry>,
    ambient: Option<Ambient>,
    cue_bus: Vec<f32>,
    guide_bus: Vec<f32>,
    fallbacks: Vec<Fallback>,
    block: Vec<f32>,
    block_read: usize,
}

/// The audio of `routine` laid out as `timeline`, mono at `sample_rate`
/// (clamped to [`super::SAMPLE_RATES`]).
pub fn render_session(routine: &Routine, timeline: &Timeline, sample_rate: u32) -> Score {
    Score::new(routine, timeline, sample_rate)
}

impl Score {
    /// Lays out every sound of the session; decodes the routine's files.
    pub fn new(routine: &Routine, timeline: &Timeline, sample_rate: u32) -> Self {
        let sounds = CueSounds::new(routine, timeline, sample_rate);
        let rate = sounds.sample_rate();
        let at = |offset: Duration| super::samples_in(offset, rate);
        let mut pending = Vec::new();
        for cue in &timeline.cues {
            if let Some(clip) = sounds.for_cue(cue, timeline) {
                pending.push(Entry {
                    start: at(cue.at),
                    bus: Bus::Cues,
                    voice: Voice::Clip(clip),
                });
            }
        }
        for (index, segment) in timeline.segments.iter().enumerate() {
            if let Some(sound) = SegmentSound::for_segment(routine, timeline, index, &sounds) {
                let bus = match sound {
                    SegmentSound::Breath(_) => Bus::Guide,
                    SegmentSound::Ticks(_) => Bus::Cues,
                };
                pending.push(Entry {
                    start: at(segment.start),
                    bus,
                    voice: Voice::Segment(sound),
                });
            }
        }
        let mut fallbacks = sounds.into_fallbacks();
        let ambient = match Ambient::new(&routine.sound, rate.get()) {
            Ok(bed) => bed.map(|b| b.fading_out(timeline.total, FADE_OUT)),
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
        let sounds_end = pending
            .iter()
            .map(|e| e.start + voice_length(&e.voice, rate))
            .max()
            .unwrap_or(0);
        let ambient_end = ambient
            .as_ref()
            .map_or(0, |_| at(timeline.total + FADE_OUT));
        let length = at(timeline.total).max(sounds_end).max(ambient_end);
        pending.sort_by_key(|e| std::cmp::Reverse(e.start));
        Score {
            rate,
            length,
            position: 0,
            pending,
            playing: Vec::new(),
            ambient,
            cue_bus: Vec::new(),
            guide_bus: Vec::new(),
            fallbacks,
            block: Vec::new(),
            block_read: 0,
        }
    }

    /// The sample rate of the mix.
    pub fn sample_rate(&self) -> u32 {
        self.rate.get()
    }

    /// How many samples the whole mix has: the session, and the closing
    /// bells and the ambient fade after its end.
    pub fn len(&self) -> u64 {
        self.length
    }

    /// Whether the mix has no samples at all.
    pub fn is_empty(&self) -> bool {
        self.length == 0
    }

    /// How long the whole mix lasts.
    pub fn duration(&self) -> Duration {
        Duration::from_secs_f64(self.length as f64 / f64::from(self.rate.get()))
    }

    /// The routine's sound files that could not be played, and what
    /// plays instead.
    pub fn fallbacks(&self) -> &[Fallback] {
        &self.fallbacks
    }

    /// Mixes the next samples into `out`, overwriting it; returns how many
    /// were written, 0 at the end.
    pub fn fill(&mut self, out: &mut [f32]) -> usize {
        let left = self.length - self.position;
        let n = out.len().min(usize::try_from(left).unwrap_or(usize::MAX));
        if n == 0 {
            return 0;
        }
        let out = &mut out[..n];
        let end = self.position + n as u64;
        while self.pending.last().is_some_and(|e| e.start < end) {
            if let Some(entry) = self.pending.pop() {
                self.playing.push(entry);
            }
        }
        self.cue_bus.clear();
        self.cue_bus.resize(n, 0.0);
        self.guide_bus.clear();
        self.guide_bus.resize(n, 0.0);
        let (position, cue_bus, guide_bus) =
            (self.position, &mut self.cue_bus, &mut self.guide_bus);
        self.playing.retain_mut(|entry| {
            let first = entry.start.saturating_sub(position) as usize;
            let bus = match entry.bus {
                Bus::Cues => &mut cue_bus[first..],
                Bus::Guide => &mut guide_bus[first..],
            };
            let more = entry.voice.mix_into(bus);
            entry.start = entry.start.max(end);
            more
        });
        match self.ambient.as_mut() {
            Some(bed) => {
                if !bed.fill(out) {
                    self.ambient = None;
                }
            }
            None => out.fill(0.0),
        }
        for ((o, cue), guide) in out.iter_mut().zip(cue_bus.iter()).zip(guide_bus.iter()) {
            let mix = *o + soft_ceiling(*cue, CUE_CEILING) + guide;
            *o = soft_ceiling(mix, MASTER_CEILING);
        }
        self.position = end;
        n
    }
}

/// How many samples a voice lasts.
fn voice_length(voice: &Voice, rate: SampleRate) -> u64 {
    let seconds = match voice {
        Voice::Clip(clip) => return clip.samples().len() as u64,
        Voice::Segment(SegmentSound::Breath(guide)) => guide.duration(),
        Voice::Segment(SegmentSound::Ticks(ticks)) => ticks.duration(),
    };
    super::samples_in(seconds, rate)
}

impl Iterator for Score {
    type Item = f32;

    fn next(&mut self) -> Option<f32> {
        if self.block_read == self.block.len() {
            let mut block = std::mem::take(&mut self.block);
            block.resize(BLOCK, 0.0);
            let n = self.fill(&mut block);
            block.truncate(n);
            self.block = block;
            self.block_read = 0;
        }
        let sample = self.block.get(self.block_read).copied()?;
        self.block_read += 1;
        Some(sample)
    }
}
