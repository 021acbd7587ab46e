//! A routine's own ambient recording, looped for as long as it is wanted:
//! decoded as it plays (a long recording is never held in memory), with the
//! end of each pass crossfaded into the start of the next, so the seam
//! has no click and no gap. Every pass reads the file through the one
//! descriptor opened when the routine was checked, never by its path.

use rodio::SampleRate;
use std::collections::VecDeque;
use std::f32::consts::FRAC_PI_2;

use super::decode::{self, DecodeError, FileStream};
use crate::sound_file::SoundFile;

/// Seconds over which one pass fades into the next.
const CROSSFADE: f32 = 0.5;
/// Seconds of the shortest recording worth looping.
const SHORTEST: f32 = 0.1;

/// An endlessly looping recording, mono at the output's rate.
pub struct FileLoop {
    sound: SoundFile,
    rate: SampleRate,
    /// The pass being read; `None` once it has ended.
    stream: Option<FileStream>,
    /// The next samples of the pass, read ahead so that its last
    /// crossfade's worth is known before the pass ends.
    ahead: VecDeque<f32>,
    crossfade: usize,
    /// The end of the pass before, fading out under the start of this one.
    tail: Vec<f32>,
    tail_played: usize,
    /// The file stopped giving sound: play out what is left, then end.
    failed: bool,
}

impl FileLoop {
    /// Starts looping `sound`; an error if it cannot be played.
    pub fn open(sound: &SoundFile, rate: SampleRate) -> Result<Self, DecodeError> {
        let crossfade = (CROSSFADE * rate.get() as f32) as usize;
        let mut looped = FileLoop {
            sound: sound.clone(),
            rate,
            stream: Some(decode::stream_file(sound, rate)?),
            ahead: VecDeque::with_capacity(crossfade + 1),
            crossfade,
            tail: Vec::with_capacity(crossfade),
            tail_played: 0,
            failed: false,
        };
        looped.read_ahead();
        if looped.stream.is_none() {
            // The whole recording is shorter than a crossfade: fade over
            // half of it instead, if it is long enough to loop at all.
            let length = looped.ahead.len();
            if length < (SHORTEST * rate.get() as f32) as usize {
                return Err(DecodeError::TooShort);
            }
            looped.crossfade = length / 2;
            looped.ahead.clear();
            looped.stream = Some(decode::stream_file(sound, rate)?);
            looped.read_ahead();
        }
        Ok(looped)
    }

    /// Reads the pass until `crossfade` samples are known ahead, or it ends.
    fn read_ahead(&mut self) {
        let Some(stream) = self.stream.as_mut() else {
            return;
        };
        let (ahead, want) = (&mut self.ahead, self.crossfade);
        let ended = decode::guarded(|| {
            while ahead.len() < want {
                match stream.next() {
                    Some(sample) => ahead.push_back(sample),
                    None => return true,
                }
            }
            false
        });
        match ended {
            Ok(false) => {}
            Ok(true) => self.stream = None,
            Err(_) => {
                self.stream = None;
                self.failed = true;
            }
        }
    }

    /// The pass has ended: what is left of it becomes the tail, and the
    /// next pass starts under it.
    fn next_pass(&mut self) {
        self.tail.clear();
        self.tail.extend(self.ahead.drain(..));
        self.tail_played = 0;
        match decode::stream_file(&self.sound, self.rate) {
            Ok(stream) => {
                self.stream = Some(stream);
                self.read_ahead();
                if self.ahead.is_empty() {
                    self.failed = true;
                }
            }
            Err(_) => self.failed = true,
        }
    }
}

impl Iterator for FileLoop {
    type Item = f32;

    fn next(&mut self) -> Option<f32> {
        self.read_ahead();
        let tail_done = self.tail_played >= self.tail.len();
        if self.stream.is_none() && tail_done && !self.failed {
            self.next_pass();
        }
        let current = self.ahead.pop_front();
        match self.tail.get(self.tail_played) {
            Some(&old) => {
                let t = (self.tail_played as f32 + 0.5) / self.tail.len() as f32;
                self.tail_played += 1;
                let new = current.unwrap_or(0.0);
                Some(old * (t * FRAC_PI_2).cos() + new * (t * FRAC_PI_2).sin())
            }
            None => current,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audio::decode::tests::sound;
    use crate::audio::wav;

    #[test]
    fn loops_a_short_recording_without_a_jump_at_the_seam() {
        let dir = tempfile::tempdir().expect("temp dir");
        let rate = 8_000;
        // Two seconds of a steady hum whose start and end do not match.
        let hum: Vec<f32> = (0..2 * rate)
            .map(|i| 0.2 * (i as f32 * 0.05).sin() + 0.1)
            .collect();
        let path = sound(
            dir.path(),
            "hum.wav",
            &wav::mono_file(rate, &hum).expect("fits"),
        );
        let looped = FileLoop::open(&path, SampleRate::new(rate).expect("rate")).expect("opens");
        let out: Vec<f32> = looped.take(7 * rate as usize).collect();
        assert_eq!(out.len(), 7 * rate as usize);
        let biggest_step = out
            .windows(2)
            .map(|w| (w[1] - w[0]).abs())
            .fold(0.0, f32::max);
        assert!(biggest_step < 0.05, "a jump of {biggest_step}");
    }

    #[test]
    fn a_recording_shorter_than_a_crossfade_loops_too() {
        let dir = tempfile::tempdir().expect("temp dir");
        let drop = vec![0.1f32; 2_000];
        let path = sound(
            dir.path(),
            "drop.wav",
            &wav::mono_file(8_000, &drop).expect("fits"),
        );
        let looped = FileLoop::open(&path, SampleRate::new(8_000).expect("rate")).expect("opens");
        let out: Vec<f32> = looped.take(20_000).collect();
        assert_eq!(out.len(), 20_000);
        assert!(out.iter().all(|&x| x > 0.05 && x < 0.15), "steady");
    }

    #[test]
    fn every_pass_reads_the_file_first_opened_even_once_its_path_names_another() {
        let dir = tempfile::tempdir().expect("temp dir");
        let tone = vec![0.1f32; 4_000];
        let path = sound(
            dir.path(),
            "bed.wav",
            &wav::mono_file(8_000, &tone).expect("fits"),
        );
        // Swapped for a link to something else while the session plays.
        std::fs::remove_file(path.path()).expect("remove");
        std::os::unix::fs::symlink("/dev/zero", path.path()).expect("link");
        let looped = FileLoop::open(&path, SampleRate::new(8_000).expect("rate")).expect("opens");
        let out: Vec<f32> = looped.take(40_000).collect();
        assert_eq!(out.len(), 40_000, "five passes and more");
        assert!(
            out.iter().all(|&x| x > 0.05 && x < 0.15),
            "the first file, every pass"
        );
    }

    #[test]
    fn a_file_broken_since_it_was_checked_cannot_be_looped() {
        let dir = tempfile::tempdir().expect("temp dir");
        let tone = vec![0.1f32; 4_000];
        let path = sound(
            dir.path(),
            "notes.wav",
            &wav::mono_file(8_000, &tone).expect("fits"),
        );
        std::fs::write(path.path(), "these are notes").expect("write");
        assert!(FileLoop::open(&path, SampleRate::new(8_000).expect("rate")).is_err());
    }
}
