//! A tiny WAV writer: 16-bit PCM, the format of our bundled sounds and of
//! `stillpoint render`. Reading WAV files is rodio's job.

use thiserror::Error;

/// Bytes in the header [`header`] writes, before the samples.
pub const HEADER_LEN: usize = 44;

/// Bytes in one 16-bit sample.
const BYTES_PER_SAMPLE: u64 = 2;

/// The sound does not fit in a WAV file, whose sizes are 32-bit numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("{bytes} bytes of sound do not fit in a WAV file (at most 4 GiB); use a lower sample rate")]
pub struct TooLong {
    /// How many bytes of samples were asked for.
    pub bytes: u64,
}

/// The header of a 16-bit PCM WAV file with `frames` frames of `channels`
/// interleaved samples at `sample_rate`.
pub fn header(sample_rate: u32, channels: u16, frames: u64) -> Result<[u8; HEADER_LEN], TooLong> {
    let bytes = frames
        .saturating_mul(u64::from(channels))
        .saturating_mul(BYTES_PER_SAMPLE);
    let too_long = TooLong { bytes };
    let data_len = u32::try_from(bytes).map_err(|_| too_long)?;
    let riff_len = data_len
        .checked_add((HEADER_LEN - 8) as u32)
        .ok_or(too_long)?;
    let block_align = channels * BYTES_PER_SAMPLE as u16;
    let byte_rate = sample_rate
        .checked_mul(u32::from(block_align))
        .ok_or(too_long)?;
    let mut h = [0u8; HEADER_LEN];
    h[0..4].copy_from_slice(b"RIFF");
    h[4..8].copy_from_slice(&riff_len.to_le_bytes());
    h[8..12].copy_from_slice(b"WAVE");
    h[12..16].copy_from_slice(b"fmt ");
    h[16..20].copy_from_slice(&16u32.to_le_bytes());
    h[20..22].copy_from_slice(&1u16.to_le_bytes()); // PCM
    h[22..24].copy_from_slice(&channels.to_le_bytes());
    h[24..28].copy_from_slice(&sample_rate.to_le_bytes());
    h[28..32].copy_from_slice(&byte_rate.to_le_bytes());
    h[32..34].copy_from_slice(&block_align.to_le_bytes());
    h[34..36].copy_from_slice(&16u16.to_le_bytes()); // bits per sample
    h[36..40].copy_from_slice(b"data");
    h[40..44].copy_from_slice(&data_len.to_le_bytes());
    Ok(h)
}

/// A sample in -1.0..=1.0 as a 16-bit value, rounded half away from zero;
/// anything louder is clamped, and NaN becomes silence. Rounded without
/// `f32::round`, a call into libm on baseline x86-64, so that a loop of
/// these is a few vector instructions.
#[inline]
pub fn to_i16(sample: f32) -> i16 {
    // NaN passes the clamp and is cast to 0.
    let scaled = sample.clamp(-1.0, 1.0) * f32::from(i16::MAX);
    let whole = scaled as i32;
    // Exact: `scaled` and its whole part share their exponent.
    let rest = scaled - whole as f32;
    // Compared, not branched on: the fractions of sound are random.
    let away = i32::from(rest >= 0.5) - i32::from(rest <= -0.5);
    (whole + away) as i16
}

/// Appends `samples` to `out` as little-endian 16-bit values.
pub fn encode(samples: &[f32], out: &mut Vec<u8>) {
    let start = out.len();
    out.resize(start + samples.len() * BYTES_PER_SAMPLE as usize, 0);
    for (bytes, &s) in out[start..].chunks_exact_mut(2).zip(samples) {
        bytes.copy_from_slice(&to_i16(s).to_le_bytes());
    }
}

/// A whole mono WAV file holding `samples`.
pub fn mono_file(sample_rate: u32, samples: &[f32]) -> Result<Vec<u8>, TooLong> {
    let head = header(sample_rate, 1, samples.len() as u64)?;
    let mut out = Vec::with_capacity(HEADER_LEN + samples.len() * 2);
    out.extend_from_slice(&head);
    encode(samples, &mut out);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_describes_16_bit_pcm() {
        let h = header(48_000, 1, 10).expect("fits");
        assert_eq!(&h[0..4], b"RIFF");
        assert_eq!(u32::from_le_bytes([h[4], h[5], h[6], h[7]]), 36 + 20);
        assert_eq!(&h[8..16], b"WAVEfmt ");
        assert_eq!(u32::from_le_bytes([h[24], h[25], h[26], h[27]]), 48_000);
        assert_eq!(u32::from_le_bytes([h[28], h[29], h[30], h[31]]), 96_000);
        assert_eq!(u16::from_le_bytes([h[34], h[35]]), 16);
        assert_eq!(u32::from_le_bytes([h[40], h[41], h[42], h[43]]), 20);
    }

    #[test]
    fn refuses_more_than_four_gibibytes() {
        let frames = u64::from(u32::MAX) / 2;
        assert!(header(192_000, 1, frames).is_err());
        assert!(header(48_000, 1, 1_000_000).is_ok());
    }

    #[test]
    fn samples_round_and_clamp() {
        assert_eq!(to_i16(0.0), 0);
        assert_eq!(to_i16(1.0), i16::MAX);
        assert_eq!(to_i16(2.0), i16::MAX);
        assert_eq!(to_i16(-2.0), -i16::MAX);
        assert_eq!(to_i16(f32::NAN), 0);
        assert_eq!(to_i16(f32::INFINITY), i16::MAX);
        assert_eq!(to_i16(f32::NEG_INFINITY), -i16::MAX);
        let mut out = vec![7];
        encode(&[0.5, -0.5], &mut out);
        assert_eq!(out, [7, 0x00, 0x40, 0x00, 0xc0]);
    }

    #[test]
    fn samples_round_as_f32_round_does() {
        let lsb = 1.0 / f32::from(i16::MAX);
        for whole in [0.0f32, 1.0, 2.0, 100.0, 16_383.0, 32_766.0] {
            for rest in [0.0, 0.25, 0.49, 0.4999, 0.5, 0.51, 0.75, 0.9999] {
                let x = (whole + rest) * lsb;
                let scaled = x * f32::from(i16::MAX);
                assert_eq!(to_i16(x), scaled.round() as i16, "{x}");
                assert_eq!(to_i16(-x), (-scaled).round() as i16, "{x}");
            }
        }
        for i in 0..=100_000 {
            let x = i as f32 / 100_000.0;
            let expected = (x * f32::from(i16::MAX)).round() as i16;
            assert_eq!(to_i16(x), expected, "{x}");
            assert_eq!(to_i16(-x), -expected, "{x}");
        }
    }
}
