//! The session's sound read from a [`Sheet`], from the start for
//! `stillpoint render` or from any position for the live output: each
//! cue's sound at its offset, the breathing guide and tempo ticks through
//! their segments, and the ambient bed under everything. Read from a
//! position, a sound already under way there goes on from where it is
//! (with a few milliseconds of fade, never a click), so what follows a
//! pause or a jump is exactly a fresh read from the new position.

use std::ops::Range;
use std::sync::Arc;
use std::time::Duration;

use super::ambient::Ambient;
use super::clip::Clip;
use super::cues::Fallback;
use super::level::{
    AMBIENT_CEILING, CUE_CEILING, DUCK_RAMP, DUCKED, MASTER_CEILING, bends, soft_ceiling_all,
};
use super::segment::SegmentSound;
use super::sheet::{Bus, Entry, Sheet, Voice};
use crate::routine::Routine;
use crate::timeline::Timeline;
use crate::voice::phrases::Phrases;

/// Samples mixed at a time when the score is read sample by sample.
const BLOCK: usize = 4096;

/// How the bed comes in when the score is read from a position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bed {
    /// No bed.
    Off,
    /// The bed fades in, as at the start of a session or after a pause.
    FadingIn,
    /// The bed is already playing, as after a jump.
    Playing,
}

/// A sound of the sheet being played.
struct Playing {
    start: u64,
    bus: Bus,
    sound: Sounding,
}

/// What a playing sound reads its samples from.
enum Sounding {
    Clip(Clip),
    Segment(SegmentSound),
}

/// A session's audio, mono at one sample rate, read from a position: with
/// [`Score::fill`] (fast) or as an iterator of samples.
pub struct Score {
    sheet: Arc<Sheet>,
    position: u64,
    /// The next entry of the sheet to start.
    next: usize,
    playing: Vec<Playing>,
    ambient: Option<Ambient>,
    cue_bus: Vec<f32>,
    /// The samples a line of speech sounds over, for the bed to duck under.
    speaking: Range<u64>,
    /// How loud the bed is now against its own level, ducking under speech.
    duck: f32,
    /// What [`Iterator::next`] reads from: the first `block_len` samples
    /// of `block`, up to `block_read`.
    block: Vec<f32>,
    block_len: usize,
    block_read: usize,
}

/// The audio of `routine` laid out as `timeline`, mono at `sample_rate`
/// (clamped to [`super::SAMPLE_RATES`]), from the start.
pub fn render_session(routine: &Routine, timeline: &Timeline, sample_rate: u32) -> Score {
    Score::new(routine, timeline, sample_rate)
}

/// [`render_session`] with the lines of `phrases` spoken where they are
/// ready.
pub fn render_spoken(
    routine: &Routine,
    timeline: &Timeline,
    sample_rate: u32,
    phrases: Arc<Phrases>,
) -> Score {
    let sheet = Sheet::new(routine, timeline, sample_rate).with_speech(phrases);
    Score::reading(Arc::new(sheet), 0, Bed::FadingIn)
}

impl Score {
    /// Lays out every sound of the session (decoding the routine's files)
    /// and reads it from the start.
    pub fn new(routine: &Routine, timeline: &Timeline, sample_rate: u32) -> Self {
        let sheet = Arc::new(Sheet::new(routine, timeline, sample_rate));
        Score::reading(sheet, 0, Bed::FadingIn)
    }

    /// `sheet` read from sample `from` on, with the bed as `bed` says.
    pub fn reading(sheet: Arc<Sheet>, from: u64, bed: Bed) -> Self {
        let from = from.min(sheet.len());
        let next = sheet.entries().partition_point(|e| e.start < from);
        let playing = sheet.entries()[..next]
            .iter()
            .filter(|e| e.end > from)
            .filter_map(|e| Playing::partway(e, from, sheet.sample_rate().get()))
            .collect();
        let ambient = match bed {
            Bed::Off => None,
            Bed::FadingIn => sheet.bed_from(from, true),
            Bed::Playing => sheet.bed_from(from, false),
        };
        Score {
            sheet,
            position: from,
            next,
            playing,
            ambient,
            cue_bus: Vec::new(),
            speaking: 0..0,
            duck: 1.0,
            block: Vec::new(),
            block_len: 0,
            block_read: 0,
        }
    }

    /// The sheet being read.
    pub fn sheet(&self) -> &Arc<Sheet> {
        &self.sheet
    }

    /// The sample rate of the mix.
    pub fn sample_rate(&self) -> u32 {
        self.sheet.sample_rate().get()
    }

    /// The sample the next [`Score::fill`] starts at.
    pub fn position(&self) -> u64 {
        self.position
    }

    /// How many samples the whole mix has: the session, and the closing
    /// bells and the ambient fade after its end.
    pub fn len(&self) -> u64 {
        self.sheet.len()
    }

    /// Whether the mix has no samples at all.
    pub fn is_empty(&self) -> bool {
        self.sheet.is_empty()
    }

    /// How long the whole mix lasts.
    pub fn duration(&self) -> Duration {
        Duration::from_secs_f64(self.len() as f64 / f64::from(self.sample_rate()))
    }

    /// The routine's sound files that could not be played, and what
    /// plays instead.
    pub fn fallbacks(&self) -> &[Fallback] {
        self.sheet.fallbacks()
    }

    /// Mixes the next samples into `out`, overwriting it; returns how many
    /// were written, 0 at the end.
    pub fn fill(&mut self, out: &mut [f32]) -> usize {
        let left = self.len().saturating_sub(self.position);
        let n = out.len().min(usize::try_from(left).unwrap_or(usize::MAX));
        if n == 0 {
            return 0;
        }
        let out = &mut out[..n];
        let end = self.position + n as u64;
        let entries = self.sheet.entries();
        while let Some(entry) = entries.get(self.next).filter(|e| e.start < end) {
            self.next += 1;
            let sound = match &entry.voice {
                Voice::Clip(clip) => Sounding::Clip(clip.clone()),
                Voice::Segment(sound) => Sounding::Segment(sound.clone()),
                Voice::Speech(phrases, index) => {
                    let Some(clip) = phrases.heard(*index) else {
                        continue;
                    };
                    self.speaking = entry.start..entry.start + clip.len() as u64;
                    Sounding::Clip(clip.clone())
                }
            };
            self.playing.push(Playing {
                start: entry.start,
                bus: entry.bus,
                sound,
            });
        }
        match self.ambient.as_mut() {
            Some(bed) => {
                if !bed.fill(out) {
                    self.ambient = None;
                }
                let rate = self.sheet.sample_rate().get();
                duck(&mut self.duck, &self.speaking, self.position, rate, out);
            }
            None => out.fill(0.0),
        }
        // The cue bus is only cleared when a cue sounds in the block: most
        // blocks of a session have none.
        let on = |bus: fn(Bus) -> bool| self.playing.iter().any(|sound| bus(sound.bus));
        let cues = on(|bus| matches!(bus, Bus::Cues | Bus::Speech));
        let guide = on(|bus| bus == Bus::Guide);
        if cues {
            self.cue_bus.clear();
            self.cue_bus.resize(n, 0.0);
        }
        let (position, cue_bus) = (self.position, &mut self.cue_bus);
        self.playing.retain_mut(|sound| {
            let first = sound.start.saturating_sub(position) as usize;
            let bus = match sound.bus {
                // Speech comes at its own level, under the cues' ceiling.
                Bus::Cues | Bus::Speech => &mut cue_bus[first..],
                // The guide has no ceiling of its own: it goes straight
                // into the mix.
                Bus::Guide => &mut out[first..],
            };
            let more = sound.sound.mix_into(bus);
            sound.start = sound.start.max(end);
            more
        });
        if cues {
            soft_ceiling_all(cue_bus, CUE_CEILING);
            for (o, cue) in out.iter_mut().zip(cue_bus.iter()) {
                *o += cue;
            }
        }
        // The bed alone, under its own ceiling, never reaches the knee of
        // the mix's.
        if cues || guide || bends(AMBIENT_CEILING, MASTER_CEILING) {
            soft_ceiling_all(out, MASTER_CEILING);
        }
        self.position = end;
        n
    }
}

/// Lowers the bed in `bed`, the block from sample `position`, while a line
/// is `speaking`, easing `level` down and back up so it never jumps.
fn duck(level: &mut f32, speaking: &Range<u64>, position: u64, rate: u32, bed: &mut [f32]) {
    let end = position + bed.len() as u64;
    let overlaps = speaking.start < end && speaking.end > position;
    if !overlaps && *level == 1.0 {
        return;
    }
    let step = 1.0 / (DUCK_RAMP * rate as f32);
    let into = |at: u64| (at.clamp(position, end) - position) as usize;
    let (before, rest) = bed.split_at_mut(into(speaking.start));
    let (during, after) = rest.split_at_mut(into(speaking.end) - into(speaking.start));
    for (samples, target) in [(before, 1.0), (during, DUCKED), (after, 1.0)] {
        ease(level, target, step, samples);
    }
}

/// Scales `samples` by `level` as it moves by `step` a sample towards
/// `target`, and by the `target` once it is there.
fn ease(level: &mut f32, target: f32, step: f32, samples: &mut [f32]) {
    let mut eased = 0;
    while *level != target && eased < samples.len() {
        *level = if *level > target {
            (*level - step).max(target)
        } else {
            (*level + step).min(target)
        };
        samples[eased] *= *level;
        eased += 1;
    }
    if *level != 1.0 {
        let level = *level;
        for sample in &mut samples[eased..] {
            *sample *= level;
        }
    }
}

impl Playing {
    /// `entry` as heard from `from`, which falls inside it; a line of
    /// speech is never begun partway, as half a word means nothing.
    fn partway(entry: &Entry, from: u64, rate: u32) -> Option<Self> {
        let into = from - entry.start;
        let offset = Duration::from_secs_f64(into as f64 / f64::from(rate));
        let sound = match &entry.voice {
            Voice::Clip(clip) => Sounding::Clip(clip.clone().starting_at(into as usize)),
            Voice::Segment(sound) => Sounding::Segment(sound.clone().starting_at(offset)),
            Voice::Speech(..) => return None,
        };
        Some(Playing {
            start: from,
            bus: entry.bus,
            sound,
        })
    }
}

impl Sounding {
    /// Adds the next samples to `out`; whether any remain.
    fn mix_into(&mut self, out: &mut [f32]) -> bool {
        match self {
            Sounding::Clip(clip) => clip.mix_into(out),
            Sounding::Segment(sound) => sound.mix_into(out),
        }
    }
}

impl Iterator for Score {
    type Item = f32;

    fn next(&mut self) -> Option<f32> {
        if self.block_read == self.block_len {
            let mut block = std::mem::take(&mut self.block);
            block.resize(BLOCK, 0.0);
            self.block_len = self.fill(&mut block);
            self.block = block;
            self.block_read = 0;
        }
        let sample = self.block[..self.block_len].get(self.block_read).copied()?;
        self.block_read += 1;
        Some(sample)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audio::sheet::tests::{TWO_CHIMES, sheet};

    /// Chimes, switches, pips and ticks, overlapping, and no bed.
    const CUES: &str = r#"
stillpoint = 1
title = "Cues"
lead_in = "2s"
[sound]
ambient = "none"
countdown = 3
tempo_ticks = true
[[step]]
title = "Knead"
kind = "knead"
sides = "alternate"
tempo = 40
duration = "9s"
instructions = "Knead."
[[step]]
title = "Circles"
kind = "circles"
direction = "reverse-halfway"
duration = "6s"
instructions = "Circle."
"#;

    fn all(mut score: Score) -> Vec<f32> {
        let mut out = Vec::new();
        let mut block = vec![0.0; 1000];
        while let n @ 1.. = score.fill(&mut block) {
            out.extend(&block[..n]);
        }
        out
    }

    #[test]
    fn read_from_anywhere_it_is_the_render_from_there() {
        let sheet = Arc::new(sheet(CUES));
        let whole = all(Score::reading(sheet.clone(), 0, Bed::FadingIn));
        for from in [1, 15_999, 16_000, 30_001, 52_123, 100_000, 119_999] {
            let rest = all(Score::reading(sheet.clone(), from, Bed::FadingIn));
            assert_eq!(rest.len(), whole.len() - from as usize);
            // A sound under way fades in over its first samples, then is
            // the same to the sample.
            let after = super::super::clip::PARTWAY_FADE;
            same(&rest[after..], &whole[from as usize + after..], from);
        }
    }

    #[test]
    fn a_sound_under_way_goes_on_from_where_it_is() {
        let sheet = Arc::new(sheet(TWO_CHIMES));
        let whole = all(Score::reading(sheet.clone(), 0, Bed::Off));
        let rest = all(Score::reading(sheet, 4_000, Bed::Off));
        assert!(rest[0].abs() < 1e-3, "it fades in");
        let loud = whole[4_000..8_000]
            .iter()
            .fold(0.0f32, |m, x| m.max(x.abs()));
        assert!(loud > 0.05, "the chime still sounds half a second in");
        same(&rest[1_000..4_000], &whole[5_000..8_000], 4_000);
    }

    /// Asserts that `a` and `b` are the same, naming the first difference.
    fn same(a: &[f32], b: &[f32], from: u64) {
        assert_eq!(a.len(), b.len(), "from {from}");
        if let Some(i) = a.iter().zip(b).position(|(x, y)| x != y) {
            panic!("from {from}: sample {i} is {} not {}", a[i], b[i]);
        }
    }
}
