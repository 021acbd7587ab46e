//! How loud things may be. Every bus ends in a soft ceiling, so that
//! overlapping sounds or a loud file never clip: below the knee a sample
//! passes untouched, above it the sample bends smoothly towards the ceiling.

/// The loudest the cue sounds may be together: −6 dBFS.
pub const CUE_CEILING: f32 = 0.5;
/// The loudest the ambient bed may be: about −10 dBFS.
pub const AMBIENT_CEILING: f32 = 0.3;
/// The loudest the breathing guide gets: about −16 dBFS.
pub const GUIDE_PEAK: f32 = 0.16;
/// How much of a speech engine's level is heard: engines speak near full
/// scale, and the voice is mixed with the cues, under their ceiling.
pub const SPEECH_GAIN: f32 = 0.45;
/// The bed's level under speech: about −9 dB.
pub const DUCKED: f32 = 0.35;
/// Seconds the bed takes to go from its level to [`DUCKED`] and back.
pub const DUCK_RAMP: f32 = 0.25;
/// The loudest the whole mix may be, a hair under full scale.
pub const MASTER_CEILING: f32 = 0.98;

/// Where the soft ceiling starts to bend, as a share of the ceiling.
const KNEE: f32 = 0.8;

/// `sample`, bent smoothly so that its size never exceeds `ceiling`.
#[inline]
pub fn soft_ceiling(sample: f32, ceiling: f32) -> f32 {
    let knee = KNEE * ceiling;
    let size = sample.abs();
    if size <= knee {
        return sample;
    }
    let room = ceiling - knee;
    (knee + room * ((size - knee) / room).tanh()).copysign(sample)
}

/// Whether a sample as loud as `peak` is bent by the soft ceiling at
/// `ceiling`.
pub const fn bends(peak: f32, ceiling: f32) -> bool {
    peak > KNEE * ceiling
}

/// Every sample of `samples` through [`soft_ceiling`]. Almost every
/// sample of a mix is under the knee: a stretch of them is checked at
/// once, with no branch a sample, and only a stretch with a loud one is
/// bent.
pub fn soft_ceiling_all(samples: &mut [f32], ceiling: f32) {
    for stretch in samples.chunks_mut(STRETCH) {
        let loud = stretch
            .iter()
            .fold(false, |loud, s| loud | bends(s.abs(), ceiling));
        if loud {
            for s in stretch {
                *s = soft_ceiling(*s, ceiling);
            }
        }
    }
}

/// How many samples [`soft_ceiling_all`] checks at once.
const STRETCH: usize = 32;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quiet_samples_pass_and_loud_ones_stay_under_the_ceiling() {
        assert_eq!(soft_ceiling(0.3, 0.5), 0.3);
        assert_eq!(soft_ceiling(-0.4, 0.5), -0.4);
        for x in [0.41, 0.5, 0.9, 3.0, 1e9] {
            let y = soft_ceiling(x, 0.5);
            assert!(y > 0.4 && y <= 0.5, "{x} -> {y}");
            assert_eq!(soft_ceiling(-x, 0.5), -y);
        }
        assert!(soft_ceiling(0.45, 0.5) < soft_ceiling(0.46, 0.5));
        assert!(!bends(0.4, 0.5) && bends(0.41, 0.5));
        assert!(!bends(f32::NAN, 0.5));
    }

    #[test]
    fn a_block_bends_exactly_as_each_sample_would() {
        let mut block: Vec<f32> = (0..1_000).map(|i| (i as f32 * 0.37).sin() * 0.2).collect();
        for (i, loud) in [(40, 0.45), (41, -3.0), (500, 1e9), (999, 0.41)] {
            block[i] = loud;
        }
        let one_by_one: Vec<f32> = block.iter().map(|&s| soft_ceiling(s, 0.5)).collect();
        soft_ceiling_all(&mut block, 0.5);
        assert_eq!(block, one_by_one);
    }
}
