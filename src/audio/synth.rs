//! Additive synthesis of struck sounds: a few sine partials, each dying away
//! exponentially, under a soft raised-cosine attack and a faded end, so that
//! no sound starts or stops with a click. Computed in `f64` from fixed
//! recipes, so the bundled WAV files can be made again bit for bit.

use std::f64::consts::PI;

/// One sine partial of a struck sound.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Partial {
    /// Frequency as a multiple of the strike's pitch.
    pub ratio: f64,
    /// Starting amplitude, relative to the other partials.
    pub amplitude: f64,
    /// Seconds for the partial to fall to 1/e of its amplitude.
    pub decay: f64,
}

/// One strike: a pitch and its partials, starting at a moment of the sound.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Strike {
    /// Seconds from the start of the sound.
    pub at: f64,
    /// The fundamental, in hertz.
    pub pitch: f64,
    /// Loudness relative to the sound's other strikes.
    pub gain: f64,
    /// Seconds of the raised-cosine attack.
    pub attack: f64,
    pub partials: &'static [Partial],
}

/// How to make one sound.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Recipe {
    /// Seconds the sound lasts.
    pub length: f64,
    /// Seconds of the raised-cosine fade at the end.
    pub fade_out: f64,
    /// The loudest sample, in full scale (0.5 is −6 dBFS).
    pub peak: f64,
    pub strikes: &'static [Strike],
}

/// Renders `recipe` at `sample_rate` as samples in -1.0..=1.0 whose peak
/// is exactly `recipe.peak`.
pub fn render(recipe: &Recipe, sample_rate: u32) -> Vec<f32> {
    let rate = f64::from(sample_rate);
    let len = (recipe.length * rate).round() as usize;
    let mut out = vec![0.0f64; len];
    for strike in recipe.strikes {
        let first = (strike.at * rate).round() as usize;
        for (i, sample) in out.iter_mut().enumerate().skip(first) {
            let t = (i - first) as f64 / rate;
            let attack = raised_cosine(t / strike.attack);
            let sum: f64 = strike
                .partials
                .iter()
                .map(|p| {
                    p.amplitude
                        * (-t / p.decay).exp()
                        * (2.0 * PI * strike.pitch * p.ratio * t).sin()
                })
                .sum();
            *sample += strike.gain * attack * sum;
        }
    }
    let fade_len = (recipe.fade_out * rate).round() as usize;
    for (k, sample) in out.iter_mut().rev().take(fade_len).enumerate() {
        *sample *= raised_cosine(k as f64 / fade_len as f64);
    }
    let loudest = out.iter().fold(0.0f64, |m, s| m.max(s.abs()));
    let scale = if loudest > 0.0 {
        recipe.peak / loudest
    } else {
        0.0
    };
    out.iter().map(|s| (s * scale) as f32).collect()
}

/// 0 at `x <= 0`, 1 at `x >= 1`, and a half cosine between: a ramp with
/// no corner at either end.
pub fn raised_cosine(x: f64) -> f64 {
    if x <= 0.0 {
        0.0
    } else if x >= 1.0 {
        1.0
    } else {
        0.5 - 0.5 * (PI * x).cos()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PARTIALS: &[Partial] = &[Partial {
        ratio: 1.0,
        amplitude: 1.0,
        decay: 0.05,
    }];
    const RECIPE: Recipe = Recipe {
        length: 0.2,
        fade_out: 0.05,
        peak: 0.4,
        strikes: &[Strike {
            at: 0.0,
            pitch: 880.0,
            gain: 1.0,
            attack: 0.005,
            partials: PARTIALS,
        }],
    };

    #[test]
    fn peaks_exactly_where_asked_and_starts_and_ends_silent() {
        let s = render(&RECIPE, 48_000);
        assert_eq!(s.len(), 9600);
        let peak = s.iter().fold(0.0f32, |m, x| m.max(x.abs()));
        assert!((peak - 0.4).abs() < 1e-6, "{peak}");
        assert_eq!(s[0], 0.0);
        assert!(s[s.len() - 1].abs() < 1e-4);
    }

    #[test]
    fn raised_cosine_is_a_smooth_ramp() {
        assert_eq!(raised_cosine(-1.0), 0.0);
        assert!((raised_cosine(0.5) - 0.5).abs() < 1e-12);
        assert_eq!(raised_cosine(2.0), 1.0);
    }
}
