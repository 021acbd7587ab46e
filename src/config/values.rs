//! The settings that take a bounded value: volume, weekly goal, reading
//! speed, theme.

use std::fmt;
use std::str::FromStr;

use serde::Deserialize;
use thiserror::Error;

/// A setting given a value it does not take; says what it does take.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{expected}")]
pub struct BadValue {
    pub expected: &'static str,
}

/// Our own output volume, 0 (silent) to 100.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(try_from = "i64")]
pub struct Volume(u8);

impl Volume {
    pub const EXPECTED: &'static str = "a whole number from 0 to 100";

    pub fn new(percent: u8) -> Option<Self> {
        (percent <= 100).then_some(Self(percent))
    }

    /// The volume in percent.
    pub fn percent(self) -> u8 {
        self.0
    }
}

impl Default for Volume {
    fn default() -> Self {
        Self(70)
    }
}

/// How many sessions a week the person aims for, 1 to 21.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(try_from = "i64")]
pub struct WeeklyGoal(u8);

impl WeeklyGoal {
    pub const EXPECTED: &'static str = "a whole number of sessions from 1 to 21";

    pub fn new(sessions: u8) -> Option<Self> {
        (1..=21).contains(&sessions).then_some(Self(sessions))
    }

    /// Sessions a week.
    pub fn sessions(self) -> u8 {
        self.0
    }
}

impl Default for WeeklyGoal {
    fn default() -> Self {
        Self(3)
    }
}

/// How fast plain mode's reader (a screen reader, or the person) reads,
/// in words a minute, 60 to 250: plain mode leaves each line that long.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(try_from = "i64")]
pub struct ReadingSpeed(u8);

impl ReadingSpeed {
    pub const EXPECTED: &'static str = "a whole number of words a minute from 60 to 250";

    pub fn new(words: u8) -> Option<Self> {
        (60..=250).contains(&words).then_some(Self(words))
    }

    pub fn words_a_minute(self) -> u32 {
        self.0.into()
    }
}

impl Default for ReadingSpeed {
    fn default() -> Self {
        Self(crate::transcript::WORDS_A_MINUTE as u8)
    }
}

/// Implements `TryFrom<i64>` (for serde) and `FromStr` (for flags and the
/// environment) through the type's `new`.
macro_rules! bounded {
    ($type:ident) => {
        impl TryFrom<i64> for $type {
            type Error = BadValue;

            fn try_from(value: i64) -> Result<Self, BadValue> {
                u8::try_from(value)
                    .ok()
                    .and_then($type::new)
                    .ok_or(BadValue {
                        expected: $type::EXPECTED,
                    })
            }
        }

        impl FromStr for $type {
            type Err = BadValue;

            fn from_str(text: &str) -> Result<Self, BadValue> {
                text.trim()
                    .parse::<i64>()
                    .map_err(|_| BadValue {
                        expected: $type::EXPECTED,
                    })
                    .and_then($type::try_from)
            }
        }

        impl fmt::Display for $type {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

bounded!(Volume);
bounded!(WeeklyGoal);
bounded!(ReadingSpeed);

/// The look of the terminal interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    /// Dim or light, from the terminal's background where the terminal
    /// tells it; dim when it does not.
    #[default]
    Auto,
    /// Dim, warm, low contrast, for a dark background.
    Dim,
    /// Dark warm text, for a light background.
    Light,
    /// Brighter text, for low vision or bright rooms.
    Contrast,
    /// No colour.
    Mono,
}

impl Theme {
    pub const EXPECTED: &'static str = "\"auto\", \"dim\", \"light\", \"contrast\" or \"mono\"";

    pub fn name(self) -> &'static str {
        match self {
            Theme::Auto => "auto",
            Theme::Dim => "dim",
            Theme::Light => "light",
            Theme::Contrast => "contrast",
            Theme::Mono => "mono",
        }
    }
}

impl FromStr for Theme {
    type Err = BadValue;

    fn from_str(text: &str) -> Result<Self, BadValue> {
        match text.trim().to_lowercase().as_str() {
            "auto" => Ok(Theme::Auto),
            "dim" => Ok(Theme::Dim),
            "light" => Ok(Theme::Light),
            "contrast" => Ok(Theme::Contrast),
            "mono" => Ok(Theme::Mono),
            _ => Err(BadValue {
                expected: Self::EXPECTED,
            }),
        }
    }
}

impl fmt::Display for Theme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_are_enforced_everywhere() {
        assert_eq!("100".parse::<Volume>().map(Volume::percent), Ok(100));
        assert!("101".parse::<Volume>().is_err());
        assert!("-1".parse::<Volume>().is_err());
        assert!(Volume::try_from(300_i64).is_err());
        assert!("0".parse::<WeeklyGoal>().is_err());
        assert_eq!("21".parse::<WeeklyGoal>().map(WeeklyGoal::sessions), Ok(21));
        assert!("22".parse::<WeeklyGoal>().is_err());
        assert_eq!(" Mono ".parse::<Theme>(), Ok(Theme::Mono));
        assert_eq!("light".parse::<Theme>(), Ok(Theme::Light));
        assert_eq!("AUTO".parse::<Theme>(), Ok(Theme::Auto));
        assert!("bright".parse::<Theme>().is_err());
    }
}

/// The time of day from which `stillpoint due` says nothing: "21:00".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub struct QuietAfter(pub chrono::NaiveTime);

impl QuietAfter {
    pub const EXPECTED: &'static str = "a time of day in quotes, such as \"21:00\"";
}

impl Default for QuietAfter {
    fn default() -> Self {
        Self(chrono::NaiveTime::from_hms_opt(21, 0, 0).unwrap_or_default())
    }
}

impl TryFrom<String> for QuietAfter {
    type Error = BadValue;

    fn try_from(text: String) -> Result<Self, BadValue> {
        chrono::NaiveTime::parse_from_str(text.trim(), "%H:%M")
            .map(Self)
            .map_err(|_| BadValue {
                expected: Self::EXPECTED,
            })
    }
}
