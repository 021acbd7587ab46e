//! The fixed sets of words a routine file uses: kinds of step, body areas,
//! sides, pressures, directions and temperatures.

use std::fmt;

use schemars::JsonSchema;
use serde::Deserialize;

macro_rules! words {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $word:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, JsonSchema)]
        pub enum $name {
            $($(#[$vdoc])* #[serde(rename = $word)] $variant),+
        }

        impl $name {
            /// Every word, in the order the format lists them.
            pub const ALL: &[$name] = &[$($name::$variant),+];

            /// The word as written in a routine file.
            pub fn word(self) -> &'static str {
                match self {
                    $($name::$variant => $word),+
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.word())
            }
        }
    };
}

words! {
    /// What the person does in a step.
    StepKind {
        /// A warm or cool compress laid on the body.
        Compress = "compress",
        /// Deep kneading of muscle.
        Knead = "knead",
        /// Gentle circular motions.
        Circles = "circles",
        /// Steady pressure held on one point.
        Press = "press",
        /// A gentle stretch.
        Stretch = "stretch",
        /// A paced breathing exercise.
        Breathe = "breathe",
        /// Stillness between other steps.
        Rest = "rest",
        /// Holds until the person presses space (Enter in plain mode), e.g. while a compress is put in place; `at_most` moves on by itself.
        Wait = "wait",
    }
}

words! {
    /// The part of the body a step works on.
    Area {
        /// The back and sides of the neck.
        Neck = "neck",
        /// The tops of the shoulders, between neck and arm.
        Shoulders = "shoulders",
        /// Between and above the shoulder blades.
        UpperBack = "upper-back",
        /// The hollow where the back of the neck meets the skull.
        BaseOfSkull = "base-of-skull",
        /// The soft spots at the sides of the head, beside the eyes.
        Temples = "temples",
        /// The forehead, above the eyebrows.
        Forehead = "forehead",
        /// The jaw muscles at the sides of the face, in front of the ears.
        Jaw = "jaw",
        /// The scalp, under the hair.
        Scalp = "scalp",
        /// The hands: palms, fingers, the web between thumb and finger.
        Hands = "hands",
        /// The face: cheeks, nose and around the mouth.
        Face = "face",
        /// Around the eyes, with the eyes closed.
        Eyes = "eyes",
        /// The chest, e.g. a hand resting on it to feel the breath.
        Chest = "chest",
    }
}

words! {
    /// Which side of the body a step works on.
    Sides {
        /// Both sides at once (the default).
        Both = "both",
        /// Only the left side.
        Left = "left",
        /// Only the right side.
        Right = "right",
        /// Start on the left and switch to the right at half time.
        Alternate = "alternate",
        /// The left side for the whole duration, then the right side for the whole duration.
        Each = "each",
    }
}

words! {
    /// How firmly to work.
    Pressure {
        /// The weight of the fingers alone; the skin moves, the muscle barely.
        Light = "light",
        /// Enough to move the muscle, and comfortable.
        Medium = "medium",
        /// Deep into the muscle, short of pain.
        Firm = "firm",
    }
}

words! {
    /// Which way to move in a circles step.
    Direction {
        /// Clockwise the whole step (the default).
        Clockwise = "clockwise",
        /// Counterclockwise the whole step.
        Counterclockwise = "counterclockwise",
        /// Clockwise for the first half, counterclockwise for the second.
        ReverseHalfway = "reverse-halfway",
    }
}

words! {
    /// The temperature of a compress.
    Temperature {
        /// A warm compress (the default).
        Warm = "warm",
        /// A cool compress.
        Cool = "cool",
    }
}

words! {
    /// What the voice says during a session.
    Spoken {
        /// Each step's title and side, switches, "one minute left", "next" and the end (the default).
        Steps = "steps",
        /// All of that, and each step's instructions read out at its start.
        Instructions = "instructions",
        /// Nothing: chimes only.
        None = "none",
    }
}

/// One side of the body, for steps that switch sides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    Left,
    Right,
}

impl Side {
    pub fn word(self) -> &'static str {
        match self {
            Side::Left => "left",
            Side::Right => "right",
        }
    }
}
