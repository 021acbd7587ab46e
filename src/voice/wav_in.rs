//! Reading the WAV a speech engine writes: 16-bit PCM, mono or stereo,
//! as espeak-ng and Piper write it. A stream to stdout cannot go back to
//! fill in its sizes, so a data size larger than what arrived means "to
//! the end".

use thiserror::Error;

/// The engine's output is not a WAV Stillpoint can read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("the speech engine's output is not a 16-bit PCM WAV: {0}")]
pub struct NotWav(pub &'static str);

/// Speech as mono samples at their own rate.
#[derive(Debug, Clone, PartialEq)]
pub struct Speech {
    pub rate: u32,
    pub samples: Vec<f32>,
}

/// The samples of a 16-bit PCM WAV, downmixed to mono.
pub fn read(bytes: &[u8]) -> Result<Speech, NotWav> {
    if bytes.len() < 12 || &bytes[0..4] != b"RIFF" || &bytes[8..12] != b"WAVE" {
        return Err(NotWav("it does not start with a RIFF WAVE header"));
    }
    let mut at = 12;
    let mut format = None;
    while at + 8 <= bytes.len() {
        let id = &bytes[at..at + 4];
        let size = u32::from_le_bytes(bytes[at + 4..at + 8].try_into().unwrap_or_default());
        let body = at + 8;
        let end = body.saturating_add(size as usize).min(bytes.len());
        match id {
            b"fmt " => format = Some(fmt(&bytes[body..end])?),
            b"data" => {
                let (rate, channels) = format.ok_or(NotWav("the sound comes before its format"))?;
                return Ok(Speech {
                    rate,
                    samples: samples(&bytes[body..end], channels),
                });
            }
            _ => {}
        }
        at = end + (end - body) % 2;
    }
    Err(NotWav("it holds no sound"))
}

fn fmt(chunk: &[u8]) -> Result<(u32, u16), NotWav> {
    if chunk.len() < 16 {
        return Err(NotWav("its format is cut short"));
    }
    let word = |i: usize| u16::from_le_bytes([chunk[i], chunk[i + 1]]);
    let (tag, channels, bits) = (word(0), word(2), word(14));
    let rate = u32::from_le_bytes([chunk[4], chunk[5], chunk[6], chunk[7]]);
    if tag != 1 || bits != 16 {
        return Err(NotWav("only 16-bit PCM is read"));
    }
    if !(1..=2).contains(&channels) {
        return Err(NotWav("only mono or stereo is read"));
    }
    if !crate::audio::SAMPLE_RATES.contains(&rate) {
        return Err(NotWav("its sample rate is not from 8 to 192 kHz"));
    }
    Ok((rate, channels))
}

fn samples(data: &[u8], channels: u16) -> Vec<f32> {
    let frame = 2 * usize::from(channels);
    data.chunks_exact(frame)
        .map(|f| {
            let sum: f32 = f
                .chunks_exact(2)
                .map(|s| f32::from(i16::from_le_bytes([s[0], s[1]])) / 32768.0)
                .sum();
            sum / f32::from(channels)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audio::wav;

    #[test]
    fn reads_what_our_writer_writes() {
        let bytes = wav::mono_file(22_050, &[0.0, 0.5, -0.5]).unwrap();
        let speech = read(&bytes).unwrap();
        assert_eq!(speech.rate, 22_050);
        assert_eq!(speech.samples.len(), 3);
        assert!((speech.samples[1] - 0.5).abs() < 1e-3);
    }

    #[test]
    fn a_stream_with_sizes_left_open_reads_to_its_end() {
        let mut bytes = wav::mono_file(22_050, &[0.25; 100]).unwrap();
        bytes[40..44].copy_from_slice(&0x7fff_f000u32.to_le_bytes());
        bytes[4..8].copy_from_slice(&0x7fff_f024u32.to_le_bytes());
        assert_eq!(read(&bytes).unwrap().samples.len(), 100);
    }

    #[test]
    fn anything_else_is_refused_with_a_reason() {
        assert_eq!(
            read(b"").unwrap_err(),
            NotWav("it does not start with a RIFF WAVE header")
        );
        assert!(read(b"hello, this is not sound at all").is_err());
        let mut float = wav::mono_file(22_050, &[0.0; 4]).unwrap();
        float[20] = 3;
        assert_eq!(read(&float).unwrap_err(), NotWav("only 16-bit PCM is read"));
        let cut = wav::mono_file(22_050, &[0.0; 4]).unwrap();
        assert_eq!(
            read(&cut[..30]).unwrap_err(),
            NotWav("its format is cut short")
        );
    }
}
