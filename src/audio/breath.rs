//! The breathing guide: a soft tone that swells through the inhale, holds
//! steady on a hold, ebbs through the exhale and is silent on the rest,
//! timed to the sample by the breathing cues of the timeline. The inhale
//! rises in pitch and is a little brighter; the exhale falls lower and is
//! darker, so the two can be told apart with eyes closed.

use std::sync::OnceLock;
use std::time::Duration;

use rodio::SampleRate;

use super::level::GUIDE_PEAK;
use super::synth::raised_cosine;
use crate::timeline::{BreathPhase, CueKind, Timeline};

/// Where the inhale starts, in hertz (C4)...
const INHALE_FROM: f32 = 261.63;
/// ...and where it arrives and the hold stays (E4).
const TOP: f32 = 329.63;
/// Where the exhale falls to (A3).
const EXHALE_TO: f32 = 220.0;
/// How much of the second and third harmonics each phase carries.
const INHALE_BRIGHTNESS: f32 = 0.8;
const HOLD_BRIGHTNESS: f32 = 0.5;
const EXHALE_BRIGHTNESS: f32 = 0.15;
/// The harmonics' own levels at full brightness.
const SECOND: f32 = 0.3;
const THIRD: f32 = 0.12;
/// Seconds for pitch and brightness to glide to a new target.
const GLIDE: f32 = 0.06;
/// Seconds of fade when the guide starts partway through a breath.
const START_FADE: f32 = 0.03;
/// Samples in a stretch of the guide over which loudness, pitch and
/// brightness move in a straight line, each set exactly at the stretch's
/// ends (0.7 ms at 48 kHz: far too short to hear as steps). Stretches are
/// counted from where the guide was started, whatever blocks it is mixed
/// in, so a guide sounds the same however it is read.
const STRETCH: u64 = 32;

/// One phase, in samples from the start of the guide.
#[derive(Debug, Clone, Copy)]
struct Phase {
    phase: BreathPhase,
    start: u64,
    end: u64,
}

/// The guide for one breathing step, mixed a block at a time: it lasts
/// exactly as long as its breaths.
#[derive(Debug, Clone)]
pub struct BreathGuide {
    rate: SampleRate,
    phases: Vec<Phase>,
    index: usize,
    position: u64,
    /// Where the guide was started, for the fade at a start partway.
    started: u64,
    start_fade: u64,
    /// The pitch and brightness reached at the end of the last stretch.
    pitch: f32,
    brightness: f32,
    /// How far pitch and brightness go towards their target in a sample.
    glide: f32,
    /// Where the tone is in its cycle at the end of the last stretch.
    turn: Turn,
    stretch: Stretch,
}

/// The stretch being mixed: its samples, and the tone's settings at its
/// ends.
#[derive(Debug, Clone, Copy, Default)]
struct Stretch {
    start: u64,
    end: u64,
    level: (f32, f32),
    brightness: (f32, f32),
    /// The tone's turn at the first sample, how far it turns in the first
    /// sample, and how much further in each sample after (the pitch
    /// glides; wrapping, so a fall is a negative number).
    turn: Turn,
    turns: Turn,
    more: Turn,
}

impl BreathGuide {
    /// A guide through `phases`, one after another from the start.
    pub fn new(
        phases: impl IntoIterator<Item = (BreathPhase, Duration)>,
        sample_rate: u32,
    ) -> Self {
        let rate = super::sample_rate(sample_rate);
        let mut elapsed = Duration::ZERO;
        let mut list = Vec::new();
        for (phase, length) in phases {
            let start = super::samples_in(elapsed, rate);
            elapsed += length;
            let end = super::samples_in(elapsed, rate);
            if end > start {
                list.push(Phase { phase, start, end });
            }
        }
        let hz = rate.get() as f32;
        let (_, pitch, brightness) = list
            .first()
            .map_or((0.0, INHALE_FROM, 0.0), |p| shape(p.phase, 0.0));
        BreathGuide {
            rate,
            phases: list,
            index: 0,
            position: 0,
            started: 0,
            start_fade: (START_FADE * hz) as u64,
            pitch,
            brightness,
            glide: 1.0 - (-1.0 / (GLIDE * hz)).exp(),
            turn: 0,
            stretch: Stretch::default(),
        }
    }

    /// The guide for `segment` of `timeline`, from the segment's start, if
    /// it is a breathing step.
    pub fn for_segment(timeline: &Timeline, segment: usize, sample_rate: u32) -> Option<Self> {
        let phases: Vec<_> = timeline
            .cues
            .iter()
            .filter(|c| c.segment == segment)
            .filter_map(|c| match c.kind {
                CueKind::Breath { phase, length } => Some((phase, length)),
                _ => None,
            })
            .collect();
        (!phases.is_empty()).then(|| BreathGuide::new(phases, sample_rate))
    }

    /// The same guide begun `offset` in, as after a pause or going back;
    /// it fades in over a few milliseconds rather than start with a click.
    pub fn starting_at(mut self, offset: Duration) -> Self {
        self.position = super::samples_in(offset, self.rate);
        self.started = self.position;
        self.index = self.phases.partition_point(|p| p.end <= self.position);
        self.stretch = Stretch::default();
        if let Some(p) = self.phases.get(self.index) {
            let (_, pitch, brightness) = shape(p.phase, p.progress(self.position));
            (self.pitch, self.brightness) = (pitch, brightness);
        }
        self
    }

    /// How long the whole guide lasts.
    pub fn duration(&self) -> Duration {
        let samples = self.phases.last().map_or(0, |p| p.end);
        Duration::from_secs_f64(samples as f64 / f64::from(self.rate.get()))
    }

    /// Adds the guide's next samples to `out`, from `out[0]` on, and tells
    /// whether any remain to play.
    pub fn mix_into(&mut self, mut out: &mut [f32]) -> bool {
        while !out.is_empty() {
            if self.position >= self.stretch.end && !self.next_stretch() {
                return false;
            }
            let s = self.stretch;
            let n = usize::try_from(s.end - self.position).map_or(out.len(), |n| n.min(out.len()));
            let (now, later) = std::mem::take(&mut out).split_at_mut(n);
            if s.level != (0.0, 0.0) {
                s.mix_into(self.position - s.start, now);
            }
            self.position += n as u64;
            out = later;
        }
        self.position < self.phases.last().map_or(0, |p| p.end)
    }

    /// Sets up the stretch from the position on; false at the guide's end.
    fn next_stretch(&mut self) -> bool {
        while self
            .phases
            .get(self.index)
            .is_some_and(|p| p.end <= self.position)
        {
            self.index += 1;
        }
        let Some(&p) = self.phases.get(self.index) else {
            return false;
        };
        let (start, from_start) = (self.position, self.position - self.started);
        let end = (start + STRETCH - from_start % STRETCH).min(p.end);
        let n = (end - start) as f32;
        let (loud_start, pitch_start, brightness) = shape(p.phase, p.progress(start));
        let (loud_end, pitch_end, _) = shape(p.phase, p.progress(end));
        // The glide towards the pitch wanted halfway through the stretch.
        let kept = (1.0 - self.glide).powf(n);
        let wanted = 0.5 * (pitch_start + pitch_end);
        let pitch = wanted + (self.pitch - wanted) * kept;
        let bright = brightness + (self.brightness - brightness) * kept;
        let hz = f64::from(self.rate.get());
        let per_sample = |pitch: f32| (f64::from(pitch) / hz * WHOLE_TURN) as i64;
        let (turns, ends) = (per_sample(self.pitch), per_sample(pitch));
        // Wrapping: a whole turn is 2³², so a turn's fraction is exact.
        let (turns, more) = (
            turns as Turn,
            ((ends - turns) / (end - start) as i64) as Turn,
        );
        self.stretch = Stretch {
            start,
            end,
            level: (
                LEVEL * loud_start * self.fade(start),
                LEVEL * loud_end * self.fade(end),
            ),
            brightness: (self.brightness, bright),
            turn: self.turn,
            turns,
            more,
        };
        self.turn = self.stretch.turn_at((end - start) as Turn);
        (self.pitch, self.brightness) = (pitch, bright);
        true
    }

    /// The fade-in at `at` of a guide started partway.
    fn fade(&self, at: u64) -> f32 {
        let since = at - self.started;
        if self.started > 0 && since < self.start_fade {
            raised_cosine(since as f64 / self.start_fade as f64) as f32
        } else {
            1.0
        }
    }
}

impl Stretch {
    /// Adds its samples from `first` on (counted from its start) to `out`.
    fn mix_into(&self, first: u64, out: &mut [f32]) {
        let n = (self.end - self.start) as f32;
        let (level, brightness) = (self.level, self.brightness);
        let (level_step, brightness_step) =
            ((level.1 - level.0) / n, (brightness.1 - brightness.0) / n);
        let table = tables();
        // A stretch is a few dozen samples: its counts fit a u32 and an
        // f32 exactly.
        for (k, o) in (first as Turn..).zip(out.iter_mut()) {
            let tone = table.tone(self.turn_at(k), brightness.0 + brightness_step * k as f32);
            *o += (level.0 + level_step * k as f32) * tone;
        }
    }

    /// The tone's turn `k` samples into the stretch.
    fn turn_at(&self, k: Turn) -> Turn {
        let glided = self.more.wrapping_mul(k * k.saturating_sub(1) / 2);
        self.turn
            .wrapping_add(self.turns.wrapping_mul(k))
            .wrapping_add(glided)
    }
}

impl Phase {
    fn progress(&self, position: u64) -> f32 {
        (position.saturating_sub(self.start)) as f32 / (self.end - self.start) as f32
    }
}

/// Loudness (0 to 1), pitch and brightness wanted `progress` (0 to 1)
/// into `phase`.
fn shape(phase: BreathPhase, progress: f32) -> (f32, f32, f32) {
    let swell = raised_cosine(f64::from(progress)) as f32;
    match phase {
        BreathPhase::Inhale => (
            swell,
            INHALE_FROM + (TOP - INHALE_FROM) * progress,
            INHALE_BRIGHTNESS,
        ),
        BreathPhase::Hold => (1.0, TOP, HOLD_BRIGHTNESS),
        BreathPhase::Exhale => (
            1.0 - swell,
            TOP + (EXHALE_TO - TOP) * progress,
            EXHALE_BRIGHTNESS,
        ),
        BreathPhase::Rest => (0.0, EXHALE_TO, EXHALE_BRIGHTNESS),
    }
}

/// Where the tone is in its cycle, a whole turn being 2³², so that it
/// wraps round by itself and is exact to the sample however long it
/// plays.
type Turn = u32;
const WHOLE_TURN: f64 = 4_294_967_296.0;

/// Samples in a cycle of the tone's tables: read between two neighbours,
/// exact to a few millionths (−100 dB).
const TABLE_BITS: u32 = 10;
const TABLE: usize = 1 << TABLE_BITS;

/// One cycle of the tone, its fundamental and, apart, its second and
/// third harmonics at full brightness, each with its first sample again
/// at the end: a sample is two reads from each and no call to the maths
/// library.
struct Tables {
    fundamental: [f32; TABLE + 1],
    harmonics: [f32; TABLE + 1],
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let angle = |i: usize| std::f64::consts::TAU * i as f64 / TABLE as f64;
        Tables {
            fundamental: std::array::from_fn(|i| angle(i).sin() as f32),
            harmonics: std::array::from_fn(|i| {
                let a = angle(i);
                (f64::from(SECOND) * (2.0 * a).sin() + f64::from(THIRD) * (3.0 * a).sin()) as f32
            }),
        }
    })
}

impl Tables {
    /// The tone at `turn`, with its harmonics at `brightness`.
    #[inline]
    fn tone(&self, turn: Turn, brightness: f32) -> f32 {
        let below = TURN_BITS - TABLE_BITS;
        let index = (turn >> below) as usize;
        let between = (turn & ((1 << below) - 1)) as f32 * (1.0 / (1u32 << below) as f32);
        let read = |table: &[f32; TABLE + 1]| {
            let (a, b) = (table[index], table[index + 1]);
            a + (b - a) * between
        };
        read(&self.fundamental) + brightness * read(&self.harmonics)
    }
}

const TURN_BITS: u32 = Turn::BITS;

/// Scale of the tone so that its loudest (full loudness, brightest) is
/// [`GUIDE_PEAK`].
const LEVEL: f32 = GUIDE_PEAK / (1.0 + INHALE_BRIGHTNESS * (SECOND + THIRD));

#[cfg(test)]
mod tests {
    use super::*;

    fn rms(s: &[f32]) -> f32 {
        (s.iter().map(|x| x * x).sum::<f32>() / s.len() as f32).sqrt()
    }

    fn box_breath() -> Vec<(BreathPhase, Duration)> {
        let s = Duration::from_secs(2);
        vec![
            (BreathPhase::Inhale, s),
            (BreathPhase::Hold, s),
            (BreathPhase::Exhale, s),
            (BreathPhase::Rest, s),
        ]
    }

    /// The whole guide, mixed in blocks of `block` samples, and how many
    /// blocks said more was to come.
    fn mixed(mut guide: BreathGuide, block: usize) -> (Vec<f32>, usize) {
        let mut out = vec![0.0; guide.duration().as_secs() as usize * guide.rate.get() as usize];
        let more = out
            .chunks_mut(block)
            .map(|b| guide.mix_into(b))
            .filter(|&m| m)
            .count();
        (out, more)
    }

    #[test]
    fn lasts_exactly_as_long_as_its_phases() {
        let guide = BreathGuide::new(box_breath(), 8_000);
        assert_eq!(guide.duration(), Duration::from_secs(8));
        let (_, more) = mixed(guide.clone(), 1);
        assert_eq!(more, 64_000 - 1, "the last sample ends it");
        assert!(
            !guide
                .clone()
                .starting_at(Duration::from_secs(8))
                .mix_into(&mut [0.0])
        );
    }

    #[test]
    fn swells_holds_ebbs_and_rests() {
        let (out, _) = mixed(BreathGuide::new(box_breath(), 8_000), 1_000);
        let window = |second: f32| {
            let at = (second * 8_000.0) as usize;
            rms(&out[at..at + 800])
        };
        assert!(window(0.0) < window(0.9) && window(0.9) < window(1.8));
        assert!((window(2.5) - window(3.4)).abs() < 0.01);
        assert!(window(4.1) > window(5.0) && window(5.0) > window(5.85));
        assert!(out[6 * 8_000..].iter().all(|&x| x == 0.0));
        let peak = out.iter().fold(0.0f32, |m, x| m.max(x.abs()));
        assert!(peak <= GUIDE_PEAK && peak > GUIDE_PEAK / 2.0, "{peak}");
    }

    #[test]
    fn sounds_the_same_however_it_is_mixed() {
        // The player mixes in periods, a render in blocks of its own, a
        // test a sample at a time: the samples are the same.
        let guide = BreathGuide::new(box_breath(), 48_000).starting_at(Duration::from_millis(700));
        let (whole, _) = mixed(guide.clone(), 384_000);
        for block in [1, 7, 480, 12_000] {
            assert_eq!(mixed(guide.clone(), block).0, whole, "blocks of {block}");
        }
    }

    #[test]
    fn the_tone_is_the_sine_of_its_turn_with_its_harmonics() {
        // Round a whole turn and past it, exact to a few millionths.
        let table = tables();
        for k in 0..30_000u64 {
            let turn = k as f64 / 10_000.0;
            let angle = std::f64::consts::TAU * turn;
            let at = (turn * WHOLE_TURN) as u64 as Turn;
            let pure = f64::from(table.tone(at, 0.0));
            assert!((pure - angle.sin()).abs() < 5e-6, "{turn}: {pure}");
            let bright = f64::from(table.tone(at, 1.0));
            let wanted = angle.sin()
                + f64::from(SECOND) * (2.0 * angle).sin()
                + f64::from(THIRD) * (3.0 * angle).sin();
            assert!((bright - wanted).abs() < 2e-5, "{turn}: {bright} {wanted}");
        }
    }

    #[test]
    fn holds_its_pitch_through_the_hold() {
        // Upward zero crossings through a second of the hold, at 48 kHz:
        // E4, 329.63 Hz, to within a hertz.
        let (out, _) = mixed(BreathGuide::new(box_breath(), 48_000), 4_800);
        let hold = &out[48_000 * 5 / 2..48_000 * 7 / 2];
        let rises = hold
            .windows(2)
            .filter(|w| w[0] < 0.0 && w[1] >= 0.0)
            .count();
        assert!((rises as f32 - TOP).abs() <= 1.0, "{rises}");
    }

    #[test]
    fn the_inhale_swells_as_a_raised_cosine() {
        // The loudness through the 2 s inhale, against the hold's: the
        // raised cosine of how far in, to a fiftieth.
        let (out, _) = mixed(BreathGuide::new(box_breath(), 48_000), 4_800);
        let full = rms(&out[48_000 * 5 / 2..48_000 * 7 / 2]);
        for tenth in 1..9 {
            let at = 48_000 * 2 * tenth / 10;
            let heard = rms(&out[at - 480..at + 480]) / full;
            let wanted = raised_cosine(tenth as f64 / 10.0) as f32;
            assert!(
                (heard - wanted).abs() < 0.01 + wanted * 0.04,
                "{tenth}: {heard} {wanted}"
            );
        }
    }

    #[test]
    fn starting_partway_fades_in_and_keeps_time() {
        let mut guide = BreathGuide::new(box_breath(), 8_000).starting_at(Duration::from_secs(3));
        let mut out = vec![0.0; 5 * 8_000];
        assert!(!guide.mix_into(&mut out), "it ends with its last sample");
        assert!(out[0].abs() < 1e-3);
        assert!(rms(&out[400..1200]) > 0.05);
    }
}
