//! Our built-in sounds: what each is for, its recipe, and the WAV file made
//! from that recipe, embedded in the binary so one file carries everything.

use super::recipes;
use super::synth::{self, Recipe};
use super::wav::{self, TooLong};

/// The sample rate of the bundled WAV files.
pub const BUNDLED_RATE: u32 = 48_000;

/// One of the sounds in `sounds/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Builtin {
    /// The singing-bowl chime, the default step-start sound.
    Bowl,
    /// A hand bell, a step-start sound to choose.
    Bell,
    /// A soft wooden knock: a step-start sound to choose, and the rest
    /// between repeats.
    Wood,
    /// Two rising strikes: switch sides.
    Switch,
    /// Two falling strikes: circle the other way.
    Reverse,
    /// A countdown pip.
    Pip,
    /// Three bells at the end of the session.
    Closing,
    /// A soft tick at the step's tempo.
    Tick,
}

impl Builtin {
    /// Every built-in sound.
    pub const ALL: [Builtin; 8] = [
        Builtin::Bowl,
        Builtin::Bell,
        Builtin::Wood,
        Builtin::Switch,
        Builtin::Reverse,
        Builtin::Pip,
        Builtin::Closing,
        Builtin::Tick,
    ];

    /// The sound's file name in `sounds/`.
    pub fn file_name(self) -> &'static str {
        match self {
            Builtin::Bowl => "bowl.wav",
            Builtin::Bell => "bell.wav",
            Builtin::Wood => "wood.wav",
            Builtin::Switch => "switch.wav",
            Builtin::Reverse => "reverse.wav",
            Builtin::Pip => "pip.wav",
            Builtin::Closing => "closing.wav",
            Builtin::Tick => "tick.wav",
        }
    }

    /// The step-start sound a routine names with `chime = "NAME"`.
    pub fn chime(name: &str) -> Option<Builtin> {
        match name {
            "bowl" => Some(Builtin::Bowl),
            "bell" => Some(Builtin::Bell),
            "wood" => Some(Builtin::Wood),
            _ => None,
        }
    }

    /// How the sound is made.
    pub fn recipe(self) -> &'static Recipe {
        match self {
            Builtin::Bowl => &recipes::BOWL_CHIME,
            Builtin::Bell => &recipes::BELL_CHIME,
            Builtin::Wood => &recipes::WOOD_KNOCK,
            Builtin::Switch => &recipes::SWITCH,
            Builtin::Reverse => &recipes::REVERSE,
            Builtin::Pip => &recipes::PIP,
            Builtin::Closing => &recipes::CLOSING,
            Builtin::Tick => &recipes::TICK,
        }
    }

    /// The WAV file bundled in the binary.
    pub fn embedded(self) -> &'static [u8] {
        match self {
            Builtin::Bowl => include_bytes!("../../sounds/bowl.wav"),
            Builtin::Bell => include_bytes!("../../sounds/bell.wav"),
            Builtin::Wood => include_bytes!("../../sounds/wood.wav"),
            Builtin::Switch => include_bytes!("../../sounds/switch.wav"),
            Builtin::Reverse => include_bytes!("../../sounds/reverse.wav"),
            Builtin::Pip => include_bytes!("../../sounds/pip.wav"),
            Builtin::Closing => include_bytes!("../../sounds/closing.wav"),
            Builtin::Tick => include_bytes!("../../sounds/tick.wav"),
        }
    }

    /// The WAV file the recipe makes: 16-bit mono at [`BUNDLED_RATE`].
    pub fn generate(self) -> Result<Vec<u8>, TooLong> {
        wav::mono_file(BUNDLED_RATE, &synth::render(self.recipe(), BUNDLED_RATE))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_files_are_what_the_recipes_make() {
        for sound in Builtin::ALL {
            let made = sound.generate().expect("a short sound fits");
            assert!(
                made == sound.embedded(),
                "sounds/{} differs from its recipe: run `cargo run --bin make-sounds`",
                sound.file_name()
            );
        }
    }

    #[test]
    fn every_sound_is_soft_at_both_ends_and_peaks_under_minus_6_dbfs() {
        let rate = rodio::SampleRate::new(BUNDLED_RATE).expect("not zero");
        for sound in Builtin::ALL {
            let s = crate::audio::decode::decode_bytes(sound.embedded(), rate).expect("decodes");
            let name = sound.file_name();
            let peak = s.iter().fold(0.0f32, |m, x| m.max(x.abs()));
            assert!(peak <= 0.5 && peak > 0.1, "{name}: peak {peak}");
            assert_eq!(
                (s[0], s[s.len() - 1]),
                (0.0, 0.0),
                "{name} starts and ends silent"
            );
            // No step from one sample to the next bigger than a 2 kHz
            // sine at the sound's peak makes: no clicks.
            let step = s
                .windows(2)
                .map(|w| (w[1] - w[0]).abs())
                .fold(0.0, f32::max);
            let limit = peak * std::f32::consts::TAU * 2_000.0 / BUNDLED_RATE as f32;
            assert!(step <= limit, "{name}: a step of {step}");
        }
    }

    #[test]
    fn every_chime_name_of_the_routine_format_is_a_sound() {
        for name in ["bowl", "bell", "wood"] {
            assert!(Builtin::chime(name).is_some(), "{name}");
        }
        assert_eq!(Builtin::chime("gong"), None);
    }
}
