//! The designs of our built-in sounds. Changing one means running
//! `cargo run --bin make-sounds` to write `sounds/` again; a test checks that
//! the committed files are exactly what these recipes make.

use super::synth::{Partial, Recipe, Strike};

/// The modes of a struck ring (a singing bowl), with a slightly detuned
/// twin of each for the slow beating a real bowl has.
const BOWL: &[Partial] = &[
    partial(1.0, 1.0, 4.0),
    partial(1.003, 0.6, 3.6),
    partial(2.83, 0.45, 2.2),
    partial(2.836, 0.3, 2.0),
    partial(5.42, 0.2, 1.2),
    partial(8.77, 0.08, 0.7),
];

/// A hand bell: hum, prime, minor third, fifth, nominal and upper partials,
/// with the bright nominal kept soft.
const BELL: &[Partial] = &[
    partial(0.5, 0.6, 2.5),
    partial(1.0, 0.8, 1.8),
    partial(1.2, 0.45, 1.4),
    partial(1.5, 0.3, 1.0),
    partial(2.0, 0.5, 1.2),
    partial(2.5, 0.2, 0.6),
];

/// A wooden block: a few inharmonic modes that die within a tenth of a second.
const WOOD: &[Partial] = &[
    partial(1.0, 1.0, 0.07),
    partial(2.72, 0.35, 0.03),
    partial(4.95, 0.12, 0.015),
];

/// A small, clear bell for the two quick strikes of a change.
const SMALL_BELL: &[Partial] = &[
    partial(1.0, 1.0, 0.5),
    partial(2.0, 0.25, 0.25),
    partial(3.0, 0.08, 0.12),
];

/// A pure tone that barely fades within a pip.
const SINE: &[Partial] = &[partial(1.0, 1.0, 1.0)];

/// A light tap for the tempo.
const TAP: &[Partial] = &[partial(1.0, 1.0, 0.015), partial(2.4, 0.3, 0.008)];

const fn partial(ratio: f64, amplitude: f64, decay: f64) -> Partial {
    Partial {
        ratio,
        amplitude,
        decay,
    }
}

const fn strike(
    at: f64,
    pitch: f64,
    gain: f64,
    attack: f64,
    partials: &'static [Partial],
) -> Strike {
    Strike {
        at,
        pitch,
        gain,
        attack,
        partials,
    }
}

/// The singing-bowl chime: a low A with an 8 ms attack, ringing for seconds.
pub const BOWL_CHIME: Recipe = Recipe {
    length: 6.0,
    fade_out: 1.5,
    peak: 0.45,
    strikes: &[strike(0.0, 220.0, 1.0, 0.008, BOWL)],
};

/// A softer, brighter hand bell on C.
pub const BELL_CHIME: Recipe = Recipe {
    length: 4.0,
    fade_out: 1.0,
    peak: 0.4,
    strikes: &[strike(0.0, 523.25, 1.0, 0.006, BELL)],
};

/// A soft wooden knock.
pub const WOOD_KNOCK: Recipe = Recipe {
    length: 0.35,
    fade_out: 0.1,
    peak: 0.4,
    strikes: &[strike(0.0, 392.0, 1.0, 0.005, WOOD)],
};

/// Switch sides: two quick soft strikes, the second a fourth higher.
pub const SWITCH: Recipe = Recipe {
    length: 1.4,
    fade_out: 0.5,
    peak: 0.4,
    strikes: &[
        strike(0.0, 587.33, 1.0, 0.005, SMALL_BELL),
        strike(0.16, 783.99, 1.0, 0.005, SMALL_BELL),
    ],
};

/// Reverse direction: the same two strikes, falling instead of rising.
pub const REVERSE: Recipe = Recipe {
    length: 1.4,
    fade_out: 0.5,
    peak: 0.4,
    strikes: &[
        strike(0.0, 783.99, 1.0, 0.005, SMALL_BELL),
        strike(0.16, 587.33, 1.0, 0.005, SMALL_BELL),
    ],
};

/// A countdown pip: a short, quiet 880 Hz blip with gentle fades.
pub const PIP: Recipe = Recipe {
    length: 0.12,
    fade_out: 0.06,
    peak: 0.2,
    strikes: &[strike(0.0, 880.0, 1.0, 0.006, SINE)],
};

/// The end of a session: three bowl strikes falling G, E, C.
pub const CLOSING: Recipe = Recipe {
    length: 7.0,
    fade_out: 2.0,
    peak: 0.45,
    strikes: &[
        strike(0.0, 392.0, 1.0, 0.008, BOWL),
        strike(1.0, 329.63, 0.9, 0.008, BOWL),
        strike(2.0, 261.63, 0.85, 0.008, BOWL),
    ],
};

/// A soft tick at the kneading or circling tempo.
pub const TICK: Recipe = Recipe {
    length: 0.06,
    fade_out: 0.02,
    peak: 0.12,
    strikes: &[strike(0.0, 1200.0, 1.0, 0.004, TAP)],
};
