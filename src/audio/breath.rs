//! The breathing guide: a soft tone that swells through the inhale, holds
//! steady on a hold, ebbs through the exhale and is silent on the rest,
//! timed to the sample by the breathing cues of the timeline. The inhale
//! rises in pitch and is a little brighter; the exhale falls lower and is
//! darker, so the two can be told apart with eyes closed.

use std::f32::consts::TAU;
use std::f64::consts::PI;
use std::time::Duration;

use rodio::{ChannelCount, SampleRate, Source};

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

/// One phase, in samples from the start of the guide.
#[derive(Debug, Clone, Copy)]
struct Phase {
    phase: BreathPhase,
    start: u64,
    end: u64,
}

/// The guide for one breathing step: a mono rodio [`Source`] that lasts
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
    /// The tone's cosine and sine, turned a little each sample (cheaper
    /// than a sine and a cosine of each sample's phase).
    oscillator: (f32, f32),
    /// The swell's cosine and sine through the phase it was set up for
    /// (`swell_for`), and how far it turns each sample: the raised-cosine
    /// loudness without a cosine for every sample.
    swell: (f64, f64),
    swell_step: (f64, f64),
    swell_for: usize,
    /// Radians the tone turns in a sample, for each hertz.
    turn_per_hz: f32,
    pitch: f32,
    brightness: f32,
    glide: f32,
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
            oscillator: (1.0, 0.0),
            swell: (1.0, 0.0),
            swell_step: (1.0, 0.0),
            swell_for: usize::MAX,
            turn_per_hz: TAU / hz,
            pitch,
            brightness,
            glide: 1.0 - (-1.0 / (GLIDE * hz)).exp(),
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
        self.swell_for = usize::MAX;
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
}

impl Phase {
    fn progress(&self, position: u64) -> f32 {
        (position.saturating_sub(self.start)) as f32 / (self.end - self.start) as f32
    }
}

/// Loudness (0 to 1), pitch and brightness wanted `progress` (0 to 1)
/// into `phase`.
fn shape(phase: BreathPhase, progress: f32) -> (f32, f32, f32) {
    shaped(phase, progress, raised_cosine(f64::from(progress)) as f32)
}

/// [`shape`] with the raised cosine of `progress` already known.
fn shaped(phase: BreathPhase, progress: f32, swell: f32) -> (f32, f32, f32) {
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

impl Iterator for BreathGuide {
    type Item = f32;

    fn next(&mut self) -> Option<f32> {
        while self.phases.get(self.index)?.end <= self.position {
            self.index += 1;
        }
        let p = self.phases[self.index];
        if self.swell_for != self.index {
            let length = (p.end - p.start) as f64;
            let angle = PI * (self.position - p.start) as f64 / length;
            self.swell = (angle.cos(), angle.sin());
            self.swell_step = ((PI / length).cos(), (PI / length).sin());
            self.swell_for = self.index;
        }
        let swell = (0.5 - 0.5 * self.swell.0) as f32;
        let ((c, s), (dc, ds)) = (self.swell, self.swell_step);
        self.swell = (c * dc - s * ds, s * dc + c * ds);
        let (loudness, pitch, brightness) = shaped(p.phase, p.progress(self.position), swell);
        self.pitch += (pitch - self.pitch) * self.glide;
        self.brightness += (brightness - self.brightness) * self.glide;
        self.oscillator = turned(self.oscillator, self.pitch * self.turn_per_hz);
        let since_start = self.position - self.started;
        self.position += 1;
        if loudness == 0.0 {
            return Some(0.0);
        }
        let fade = if self.started > 0 && since_start < self.start_fade {
            raised_cosine(since_start as f64 / self.start_fade as f64) as f32
        } else {
            1.0
        };
        let (cos, sin) = self.oscillator;
        let second = 2.0 * sin * cos;
        let third = sin * (3.0 - 4.0 * sin * sin);
        let tone = sin + self.brightness * (SECOND * second + THIRD * third);
        Some(LEVEL * loudness * fade * tone)
    }
}

/// `(cos, sin)` of an angle turned on by `by` radians (a small angle: a
/// few hundredths), kept on the unit circle.
fn turned((cos, sin): (f32, f32), by: f32) -> (f32, f32) {
    let squared = by * by;
    let (by_cos, by_sin) = (
        1.0 - squared * (1.0 / 2.0) + squared * squared * (1.0 / 24.0),
        by * (1.0 - squared * (1.0 / 6.0) + squared * squared * (1.0 / 120.0)),
    );
    let (cos, sin) = (cos * by_cos - sin * by_sin, sin * by_cos + cos * by_sin);
    // One step of Newton's method towards length 1.
    let fix = 1.5 - 0.5 * (cos * cos + sin * sin);
    (cos * fix, sin * fix)
}

/// Scale of the tone so that its loudest (full loudness, brightest) is
/// [`GUIDE_PEAK`].
const LEVEL: f32 = GUIDE_PEAK / (1.0 + INHALE_BRIGHTNESS * (SECOND + THIRD));

impl Source for BreathGuide {
    fn current_span_len(&self) -> Option<usize> {
        None
    }

    fn channels(&self) -> ChannelCount {
        ChannelCount::MIN
    }

    fn sample_rate(&self) -> SampleRate {
        self.rate
    }

    fn total_duration(&self) -> Option<Duration> {
        Some(self.duration())
    }
}

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

    #[test]
    fn lasts_exactly_as_long_as_its_phases() {
        let guide = BreathGuide::new(box_breath(), 8_000);
        assert_eq!(guide.duration(), Duration::from_secs(8));
        assert_eq!(guide.count(), 64_000);
    }

    #[test]
    fn swells_holds_ebbs_and_rests() {
        let out: Vec<f32> = BreathGuide::new(box_breath(), 8_000).collect();
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
    fn the_tone_turned_sample_by_sample_is_the_sine_of_its_phase() {
        // Through a breath's phase (30 s at most) at 48 kHz, gliding in
        // pitch: the phase keeps to a thousandth of a turn and the tone's
        // level to a millionth.
        let (mut turning, mut phase) = ((1.0f32, 0.0f32), 0.0f64);
        for k in 0..30 * 48_000 {
            let by = TAU * (220.0 + (k % 1000) as f32 / 10.0) / 48_000.0;
            turning = turned(turning, by);
            phase += f64::from(by);
            assert!((f64::from(turning.1) - phase.sin()).abs() < 6e-3, "{k}");
            let length = turning.0.hypot(turning.1);
            assert!((length - 1.0).abs() < 1e-6, "{k}: {length}");
        }
    }

    #[test]
    fn the_swell_turned_sample_by_sample_is_the_raised_cosine() {
        // Through the 2 s inhale, the swell for the next sample is the
        // raised cosine of how far into the inhale it is.
        let mut guide = BreathGuide::new(box_breath(), 8_000);
        for next in 1..16_000u64 {
            guide.next();
            let swell = 0.5 - 0.5 * guide.swell.0;
            let wanted = raised_cosine(next as f64 / 16_000.0);
            assert!((swell - wanted).abs() < 1e-9, "{next}: {swell} {wanted}");
        }
    }

    #[test]
    fn starting_partway_fades_in_and_keeps_time() {
        let guide = BreathGuide::new(box_breath(), 8_000).starting_at(Duration::from_secs(3));
        let out: Vec<f32> = guide.collect();
        assert_eq!(out.len(), 5 * 8_000);
        assert!(out[0].abs() < 1e-3);
        assert!(rms(&out[400..1200]) > 0.05);
    }
}
