//! What goes to the device: the score read ahead of the session clock,
//! turned into 16-bit frames with our volume. The samples written and not
//! yet heard are kept, so that after the device has thrown them away (a
//! pause, a jump, a new volume) the sound goes on from exactly what was
//! being heard: faded out under the new sound, or written again with the
//! new volume. No device here, so all of it is tested as numbers.

use std::collections::VecDeque;

use crate::audio::score::{Bed, Score};
use crate::audio::wav::to_i16;

/// How long the old sound takes to fade out under the new one after a
/// pause or a jump: quick enough to be gone well within 100 ms, slow
/// enough not to click.
pub const CROSSFADE: f64 = 0.025;

/// How long a change of volume takes, in seconds.
const RAMP: f64 = 0.010;

/// Below this a sample is silence (−60 dBFS).
const QUIET: f32 = 1e-3;

/// The sound being written to one opening of the device.
pub struct Stream {
    score: Score,
    channels: usize,
    /// Samples written and not yet heard, before our volume, the oldest
    /// first.
    unheard: VecDeque<f32>,
    /// The end of the sound before a jump, fading out under the new one.
    tail: VecDeque<f32>,
    volume: Volume,
    /// The samples of the score read for the frames being written, and
    /// the same with a slip spread over them: kept from call to call, so
    /// writing allocates nothing.
    mono: Vec<f32>,
    slipped: Vec<f32>,
    frames: Vec<i16>,
}

/// Our volume, ramping to a new one over [`RAMP`].
struct Volume {
    gain: f32,
    target: f32,
    /// How much the gain moves each frame while it ramps.
    step: f32,
}

impl Stream {
    /// Writes `score` from where it is, with `channels` channels, at `gain`.
    pub fn new(score: Score, channels: u16, gain: f32) -> Self {
        Stream {
            score,
            channels: usize::from(channels).max(1),
            unheard: VecDeque::new(),
            tail: VecDeque::new(),
            volume: Volume {
                gain,
                target: gain,
                step: 0.0,
            },
            mono: Vec::new(),
            slipped: Vec::new(),
            frames: Vec::new(),
        }
    }

    /// The score's sample the next frame written will be.
    pub fn written(&self) -> u64 {
        self.score.position()
    }

    /// The score's sample being heard when the device still holds `delay`
    /// frames; forgets the frames heard since.
    pub fn heard(&mut self, delay: usize) -> u64 {
        let heard = self.unheard.len().saturating_sub(delay);
        self.unheard.drain(..heard);
        self.written().saturating_sub(self.unheard.len() as u64)
    }

    /// Whether nothing written is still to be heard but silence, and no
    /// fade is under way.
    pub fn is_quiet(&self) -> bool {
        self.tail.is_empty() && self.unheard.iter().all(|s| s.abs() < QUIET)
    }

    /// Whether the score has nothing more to give.
    pub fn is_over(&self) -> bool {
        self.score.position() >= self.score.len() && self.tail.is_empty()
    }

    /// Our volume from now on, reached over a few milliseconds.
    pub fn set_gain(&mut self, gain: f32) {
        let volume = &mut self.volume;
        volume.target = gain;
        let ramp = (RAMP * f64::from(self.score.sample_rate())) as f32;
        volume.step = (volume.target - volume.gain).abs() / ramp.max(1.0);
    }

    /// The next `frames` frames, for `frames + slip` samples of the score:
    /// a slip of a few samples, spread out so no one can hear it, keeps the
    /// device's clock in step with the session's.
    pub fn next(&mut self, frames: usize, slip: i64) -> &[i16] {
        let read = usize::try_from(frames as i64 + slip).unwrap_or(0);
        // No need to clear: the score writes over what it gives.
        self.mono.resize(read, 0.0);
        let n = self.score.fill(&mut self.mono);
        let wanted = if n < read { n.min(frames) } else { frames };
        if n == wanted {
            self.mono.truncate(n);
        } else {
            self.slipped.clear();
            self.slipped.extend(nearest(&self.mono[..n], wanted));
            std::mem::swap(&mut self.mono, &mut self.slipped);
        }
        if !self.tail.is_empty() {
            let under = self.tail.len().min(wanted);
            for (sample, old) in self.mono.iter_mut().zip(self.tail.drain(..under)) {
                *sample += old;
            }
            // A fade still under way outlasts the score.
            let after = frames.saturating_sub(wanted).min(self.tail.len());
            self.mono.extend(self.tail.drain(..after));
        }
        self.unheard.extend(&self.mono);
        self.frames.clear();
        self.volume
            .encode(&self.mono, self.channels, &mut self.frames);
        &self.frames
    }

    /// Every frame not yet heard again, at the volume now wanted: the
    /// device has thrown them away.
    pub fn again(&mut self) -> &[i16] {
        self.frames.clear();
        let (older, newer) = self.unheard.as_slices();
        for part in [older, newer] {
            self.volume.encode(part, self.channels, &mut self.frames);
        }
        &self.frames
    }

    /// Goes on with `score` instead: what was being heard fades out under
    /// it. The device has thrown away what it held.
    pub fn jump(&mut self, score: Score) {
        self.fade_out();
        self.score = score;
    }

    /// What was being heard fades out, and nothing follows it; the
    /// frames of the fade, for a device that has thrown away what it held.
    pub fn stop(&mut self) -> &[i16] {
        self.fade_out();
        let length = self.score.len();
        self.score = Score::reading(self.score.sheet().clone(), length, Bed::Off);
        let frames = self.tail.len();
        self.next(frames, 0)
    }

    /// Takes the sound from what is being heard, fading out over
    /// [`CROSSFADE`], as the tail under what comes next.
    fn fade_out(&mut self) {
        let length = (CROSSFADE * f64::from(self.score.sample_rate())) as usize;
        let mut old: Vec<f32> = self.unheard.drain(..).take(length).collect();
        if old.len() < length {
            let mut more = vec![0.0; length - old.len()];
            let n = self.score.fill(&mut more);
            old.extend(&more[..n]);
        }
        let tail: Vec<f32> = std::mem::take(&mut self.tail).into_iter().collect();
        for (i, sample) in old.iter_mut().enumerate() {
            let left = 1.0 - (i as f32 + 1.0) / length as f32;
            *sample = *sample * left + tail.get(i).copied().unwrap_or(0.0);
        }
        self.tail = old.into();
    }
}

/// `wanted` samples spread evenly over `samples`, each the nearest before
/// its place, so each slip is one sample left out or said twice; silence
/// if there are none.
fn nearest(samples: &[f32], wanted: usize) -> impl Iterator<Item = f32> + '_ {
    // The index `i * n / wanted`, kept as a whole part and a remainder
    // rather than divided afresh for every sample.
    let n = samples.len();
    let (whole, part) = (n / wanted.max(1), n % wanted.max(1));
    let (mut at, mut over) = (0, 0);
    (0..wanted).map(move |_| {
        let sample = samples.get(at).copied().unwrap_or(0.0);
        at += whole;
        over += part;
        if over >= wanted {
            over -= wanted;
            at += 1;
        }
        sample
    })
}

impl Volume {
    /// Appends `mono` to `frames` as interleaved 16-bit frames of
    /// `channels` channels at our volume.
    fn encode(&mut self, mono: &[f32], channels: usize, frames: &mut Vec<i16>) {
        let mut ramped = 0;
        while self.gain != self.target && ramped < mono.len() {
            let toward = (self.target - self.gain).clamp(-self.step, self.step);
            self.gain += toward;
            if (self.target - self.gain).abs() < 1e-6 {
                self.gain = self.target;
            }
            let value = to_i16(mono[ramped] * self.gain);
            frames.extend(std::iter::repeat_n(value, channels));
            ramped += 1;
        }
        let (gain, steady) = (self.gain, &mono[ramped..]);
        frames.reserve(steady.len() * channels);
        // One loop for each usual shape of frame, with no loop inside.
        match channels {
            1 => frames.extend(steady.iter().map(|&s| to_i16(s * gain))),
            2 => frames.extend(steady.iter().flat_map(|&s| [to_i16(s * gain); 2])),
            _ => frames.extend(
                steady
                    .iter()
                    .flat_map(|&s| std::iter::repeat_n(to_i16(s * gain), channels)),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::audio::sheet::Sheet;
    use crate::audio::sheet::tests::sheet;

    /// Cues, a breathing guide and a bed, all at once.
    const EVERYTHING: &str = r#"
stillpoint = 1
title = "Everything"
lead_in = "1s"
[sound]
ambient = "brown-noise"
countdown = 2
[[step]]
title = "Knead"
kind = "knead"
sides = "alternate"
duration = "4s"
instructions = "Knead."
[[step]]
title = "Breathe"
kind = "breathe"
pattern = { inhale = 2, hold = 1, exhale = 2 }
cycles = 1
instructions = "Breathe."
"#;

    /// `score` as 16-bit frames at full volume, whole.
    fn frames(score: Score) -> Vec<i16> {
        score
            .map(|s| (s.clamp(-1.0, 1.0) * f32::from(i16::MAX)).round() as i16)
            .collect()
    }

    fn everything() -> Arc<Sheet> {
        Arc::new(sheet(EVERYTHING))
    }

    /// Writes `stream` in pieces of these sizes, round and round, until it
    /// is over; the device holds `held` frames each time.
    fn write_all(stream: &mut Stream, pieces: &[usize], held: usize) -> Vec<i16> {
        let mut out = Vec::new();
        for piece in pieces.iter().cycle() {
            if stream.is_over() {
                break;
            }
            out.extend_from_slice(stream.next(*piece, 0));
            stream.heard(held);
        }
        out
    }

    #[test]
    fn written_ahead_in_any_pieces_it_is_what_render_makes() {
        let sheet = everything();
        let rendered = frames(Score::reading(sheet.clone(), 0, Bed::FadingIn));
        let mut stream = Stream::new(Score::reading(sheet, 0, Bed::FadingIn), 1, 1.0);
        let written = write_all(&mut stream, &[1, 7, 4_096, 333, 12_000], 8_000);
        assert_eq!(written.len(), rendered.len());
        assert!(written == rendered, "not the render");
    }

    #[test]
    fn after_a_pause_or_a_jump_anywhere_what_follows_is_a_fresh_read_from_there() {
        let sheet = everything();
        let fade = (CROSSFADE * 8_000.0) as usize;
        for (written, held, to) in [
            (4_000, 2_000, 20_000),
            (23_456, 8_000, 9_000),
            (30_000, 0, 30_000),
        ] {
            let mut stream = Stream::new(Score::reading(sheet.clone(), 0, Bed::FadingIn), 1, 1.0);
            stream.next(written, 0);
            let heard = stream.heard(held);
            assert_eq!(heard, (written - held) as u64);
            stream.jump(Score::reading(sheet.clone(), to, Bed::Playing));
            let after = stream.next(20_000, 0).to_vec();
            let fresh = frames(Score::reading(sheet.clone(), to, Bed::Playing));
            assert!(after[fade..] == fresh[fade..20_000], "jump to {to}");
            // Under the new sound, what was being heard fades out: the
            // render from the sample heard on.
            let whole: Vec<f32> = Score::reading(sheet.clone(), 0, Bed::FadingIn).collect();
            let old = |i: usize| whole[heard as usize + i];
            let under = f32::from(after[0] - fresh[0]) / f32::from(i16::MAX);
            assert!((under - old(0)).abs() < 0.01, "{under} {}", old(0));
            let last = f32::from(after[fade - 1] - fresh[fade - 1]) / f32::from(i16::MAX);
            assert!(last.abs() < 0.01, "faded out: {last}");
        }
    }

    #[test]
    fn a_stop_fades_what_is_being_heard_and_nothing_follows() {
        let mut stream = Stream::new(Score::reading(everything(), 0, Bed::FadingIn), 1, 1.0);
        stream.next(30_000, 0);
        stream.heard(6_000);
        let first = stream.unheard[0];
        let fade = stream.stop().to_vec();
        assert_eq!(fade.len(), (CROSSFADE * 8_000.0) as usize);
        assert!((f32::from(fade[0]) / 32767.0 - first).abs() < 0.01);
        assert!(fade[fade.len() - 1].abs() < 50);
        assert!(stream.is_over());
        assert!(stream.next(1_000, 0).is_empty());
    }

    #[test]
    fn a_new_volume_is_written_again_over_what_is_not_yet_heard() {
        let mut stream = Stream::new(Score::reading(everything(), 20_000, Bed::Playing), 1, 1.0);
        let loud = stream.next(1_000, 0).to_vec();
        stream.heard(600);
        stream.set_gain(0.5);
        let again = stream.again().to_vec();
        assert_eq!(again.len(), 600);
        let ramp = (RAMP * 8_000.0) as usize;
        let first_step = i32::from(loud[400]).abs() / ramp as i32 + 1;
        assert!(
            (i32::from(again[0]) - i32::from(loud[400])).abs() <= first_step,
            "the ramp starts where the volume was"
        );
        for i in ramp..600 {
            let half = (f32::from(loud[400 + i]) * 0.5).round() as i16;
            assert!((again[i] - half).abs() <= 1, "{i}: {} {half}", again[i]);
        }
    }

    #[test]
    fn every_channel_of_a_frame_is_the_sample_at_our_volume() {
        let sheet = everything();
        let read = |channels| {
            let score = Score::reading(sheet.clone(), 20_000, Bed::Playing);
            Stream::new(score, channels, 0.5).next(3_000, 0).to_vec()
        };
        let mono = read(1);
        let expected: Vec<i16> = Score::reading(sheet.clone(), 20_000, Bed::Playing)
            .take(3_000)
            .map(|s| to_i16(s * 0.5))
            .collect();
        assert_eq!(mono, expected);
        for channels in [2, 3] {
            let frames = read(channels);
            assert_eq!(frames.len(), 3_000 * usize::from(channels));
            for (frame, &sample) in frames.chunks(usize::from(channels)).zip(&mono) {
                assert!(frame.iter().all(|&v| v == sample), "{frame:?} {sample}");
            }
        }
    }

    #[test]
    fn a_slip_leaves_out_or_says_twice_single_samples_spread_evenly() {
        let samples: Vec<f32> = (0..1_003).map(|i| i as f32).collect();
        for wanted in [1, 999, 1_000, 1_003, 1_010, 2_500] {
            let spread: Vec<f32> = nearest(&samples, wanted).collect();
            let at = |i: usize| samples[i * samples.len() / wanted];
            assert_eq!(spread, (0..wanted).map(at).collect::<Vec<_>>());
        }
        assert_eq!(nearest(&[], 3).collect::<Vec<_>>(), [0.0; 3]);
    }

    #[test]
    fn a_slip_reads_a_few_samples_more_or_fewer() {
        let sheet = everything();
        let mut stream = Stream::new(Score::reading(sheet.clone(), 0, Bed::FadingIn), 2, 1.0);
        assert_eq!(stream.next(1_000, 2).len(), 2_000, "stereo frames");
        assert_eq!(stream.written(), 1_002);
        stream.next(1_000, -3);
        assert_eq!(stream.written(), 1_999);
    }
}
