//! Sound files, ours and a routine's, decoded by rodio into mono samples at
//! the output's sample rate.

use std::io::{BufReader, Cursor};
use std::time::Duration;

use rodio::source::UniformSourceIterator;
use rodio::{ChannelCount, Decoder, SampleRate, Source};
use thiserror::Error;

use super::synth::raised_cosine;
use crate::sound_file::{self, SoundFile};

/// Why a sound file cannot be used.
#[derive(Debug, Error)]
pub enum DecodeError {
    #[error("cannot open it: {0}")]
    Open(#[from] std::io::Error),
    #[error("it is not a recording Stillpoint can play ({0})")]
    Format(String),
    #[error("it holds no sound")]
    Empty,
    #[error("it is too short to loop")]
    TooShort,
    #[error("its decoder failed on it")]
    Crashed,
}

/// A file being decoded as it plays: mono, at the rate asked for.
pub type FileStream = UniformSourceIterator<Downmix<Decoder<BufReader<sound_file::Reader>>>>;

/// Seconds of the fade put on a sound cut short.
const CUT_FADE: f64 = 0.05;

/// Decodes `sound` from its start as it plays, mono at `rate`, through
/// the descriptor opened when it was checked (never by its path again).
pub fn stream_file(sound: &SoundFile, rate: SampleRate) -> Result<FileStream, DecodeError> {
    sound
        .recheck()
        .map_err(|why| DecodeError::Format(why.to_string()))?;
    let reader = BufReader::new(sound.reader());
    let (len, hint) = (sound.len(), sound.format().extension());
    guarded(|| {
        let decoder = Decoder::builder()
            .with_data(reader)
            .with_byte_len(len)
            .with_hint(hint)
            .build()
            .map_err(|e| DecodeError::Format(e.to_string()))?;
        // What the decoder read must agree with what our check allowed.
        if decoder.channels().get() > sound_file::MAX_CHANNELS
            || !sound_file::SAMPLE_RATES.contains(&decoder.sample_rate().get())
        {
            return Err(DecodeError::Format(
                "its decoder reads a channel count or sample rate out of range".into(),
            ));
        }
        Ok(mono(decoder, rate))
    })?
}

/// Decodes at most `longest` of `sound`, mono at `rate`. A sound cut short
/// is faded out rather than stopped with a click.
pub fn decode_file(
    sound: &SoundFile,
    rate: SampleRate,
    longest: Duration,
) -> Result<Vec<f32>, DecodeError> {
    let stream = stream_file(sound, rate)?;
    collect(stream, rate, longest)
}

/// Decodes one of our embedded files, mono at `rate`.
pub fn decode_bytes(bytes: &'static [u8], rate: SampleRate) -> Result<Vec<f32>, DecodeError> {
    let decoder = guarded(|| Decoder::try_from(Cursor::new(bytes)))?
        .map_err(|e| DecodeError::Format(e.to_string()))?;
    collect(mono(decoder, rate), rate, Duration::MAX)
}

/// Mono `samples` at `from`, as mono at `rate`, at most `longest` of them
/// (faded out when cut short).
pub fn resample(
    samples: Vec<f32>,
    from: SampleRate,
    rate: SampleRate,
    longest: Duration,
) -> Result<Vec<f32>, DecodeError> {
    let buffer = rodio::buffer::SamplesBuffer::new(ChannelCount::MIN, from, samples);
    collect(mono(buffer, rate), rate, longest)
}

/// Runs decoder code, turning a panic inside it into an error: a strange
/// file must never take the session down, print a panic, or have the
/// terminal's panic hook give the screen back (see [`crate::panics`]).
pub fn guarded<T>(work: impl FnOnce() -> T) -> Result<T, DecodeError> {
    crate::panics::quietly(work).map_err(|_| DecodeError::Crashed)
}

fn collect(
    source: impl Source,
    rate: SampleRate,
    longest: Duration,
) -> Result<Vec<f32>, DecodeError> {
    // Float to integer casts saturate, so `Duration::MAX` means no limit.
    let limit = (longest.as_secs_f64() * f64::from(rate.get())) as usize;
    let mut samples: Vec<f32> = guarded(|| source.take(limit.saturating_add(1)).collect())?;
    if samples.is_empty() {
        return Err(DecodeError::Empty);
    }
    if samples.len() > limit {
        samples.truncate(limit);
        let fade = ((CUT_FADE * f64::from(rate.get())) as usize).min(samples.len());
        for (k, s) in samples.iter_mut().rev().take(fade).enumerate() {
            *s *= raised_cosine(k as f64 / fade as f64) as f32;
        }
    }
    Ok(samples)
}

/// `source` as mono at `rate`.
pub fn mono<S: Source>(source: S, rate: SampleRate) -> UniformSourceIterator<Downmix<S>> {
    UniformSourceIterator::new(Downmix { inner: source }, ChannelCount::MIN, rate)
}

/// A source's channels averaged into one.
pub struct Downmix<S> {
    inner: S,
}

impl<S: Source> Iterator for Downmix<S> {
    type Item = f32;

    fn next(&mut self) -> Option<f32> {
        let channels = self.inner.channels().get();
        let first = self.inner.next()?;
        if channels == 1 {
            return Some(first);
        }
        let rest: f32 = (1..channels).filter_map(|_| self.inner.next()).sum();
        Some((first + rest) / f32::from(channels))
    }
}

impl<S: Source> Source for Downmix<S> {
    fn current_span_len(&self) -> Option<usize> {
        // Channel counts may change between spans; averaging frame by frame
        // copes with that, so report one endless span.
        None
    }

    fn channels(&self) -> ChannelCount {
        ChannelCount::MIN
    }

    fn sample_rate(&self) -> SampleRate {
        self.inner.sample_rate()
    }

    fn total_duration(&self) -> Option<Duration> {
        self.inner.total_duration()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::audio::builtin::{BUNDLED_RATE, Builtin};
    use crate::audio::wav;

    fn rate(hz: u32) -> SampleRate {
        SampleRate::new(hz).expect("not zero")
    }

    #[test]
    fn decodes_our_sounds_at_their_own_rate_exactly() {
        let pip = decode_bytes(Builtin::Pip.embedded(), rate(BUNDLED_RATE)).expect("decodes");
        let mut again = Vec::new();
        wav::encode(&pip, &mut again);
        assert_eq!(again, Builtin::Pip.embedded()[wav::HEADER_LEN..]);
    }

    #[test]
    fn resamples_to_other_rates() {
        let pip = decode_bytes(Builtin::Pip.embedded(), rate(24_000)).expect("decodes");
        let expected = (0.12 * 24_000.0) as usize;
        assert!(pip.len().abs_diff(expected) <= 2, "{}", pip.len());
    }

    /// `bytes` written to a file and opened as a checked sound.
    pub(crate) fn sound(dir: &std::path::Path, name: &str, bytes: &[u8]) -> SoundFile {
        let path = dir.join(name);
        std::fs::write(&path, bytes).expect("write");
        let file = std::fs::File::open(&path).expect("open");
        SoundFile::checked(&path, file)
            .expect("read")
            .expect("a sound")
    }

    #[test]
    fn a_file_that_is_no_longer_a_recording_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().expect("temp dir");
        let tone = vec![0.5f32; 800];
        let fake = sound(
            dir.path(),
            "fake.wav",
            &wav::mono_file(8_000, &tone).expect("fits"),
        );
        // Written over in place after it was checked: the same file, now garbage.
        std::fs::write(
            fake.path(),
            b"RIFF\x24\0\0\0WAVEnot really a wave file at all",
        )
        .expect("write");
        assert!(decode_file(&fake, rate(48_000), Duration::MAX).is_err());
        // Or with a sample rate of 0, which makes the decoder panic: our own
        // check of the header refuses it first.
        let mut zero = wav::mono_file(8_000, &tone).expect("fits");
        zero[24..28].copy_from_slice(&0u32.to_le_bytes());
        std::fs::write(fake.path(), &zero).expect("write");
        match decode_file(&fake, rate(48_000), Duration::MAX) {
            Err(DecodeError::Format(why)) => assert!(why.contains("sample rate is 0"), "{why}"),
            other => panic!("expected a refused header, got {other:?}"),
        }
    }

    #[test]
    fn a_panic_in_the_decoder_is_caught_and_quiet() {
        crate::panics::install();
        let tone = vec![0.5f32; 800];
        let mut zero = wav::mono_file(8_000, &tone).expect("fits");
        zero[24..28].copy_from_slice(&0u32.to_le_bytes());
        // Straight to the decoder, past our own checks: it panics.
        let decoded = guarded(|| {
            let decoder = Decoder::try_from(Cursor::new(zero))?;
            Ok::<usize, rodio::decoder::DecoderError>(decoder.count())
        });
        assert!(matches!(decoded, Err(DecodeError::Crashed)), "{decoded:?}");
        assert!(!crate::panics::is_quiet());
    }

    #[test]
    fn a_long_file_is_cut_short_with_a_fade() {
        let dir = tempfile::tempdir().expect("temp dir");
        let tone = vec![0.5f32; 48_000];
        let path = sound(
            dir.path(),
            "tone.wav",
            &wav::mono_file(48_000, &tone).expect("fits"),
        );
        let cut = decode_file(&path, rate(48_000), Duration::from_millis(500)).expect("decodes");
        assert_eq!(cut.len(), 24_000);
        assert_eq!(cut[cut.len() - 1], 0.0);
        assert!((cut[1000] - 0.5).abs() < 1e-3);
    }

    #[test]
    fn stereo_is_averaged_to_mono() {
        let stereo = rodio::buffer::SamplesBuffer::new(
            ChannelCount::new(2).expect("two"),
            rate(8_000),
            vec![0.2, 0.4, -0.2, 0.0],
        );
        let out: Vec<f32> = mono(stereo, rate(8_000)).collect();
        assert_eq!(out.len(), 2);
        assert!((out[0] - 0.3).abs() < 1e-6 && (out[1] + 0.1).abs() < 1e-6);
    }
}
