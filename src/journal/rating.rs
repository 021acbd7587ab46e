//! A 0–10 rating, as a person gives their pain or stress.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// A rating from 0 (none) to 10 (the worst imaginable), for pain or stress.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Rating(u8);

/// A number outside 0–10 given as a rating.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("a rating is a whole number from 0 to 10, not {0}")]
pub struct RatingOutOfRange(pub String);

impl Rating {
    /// The highest rating.
    pub const MAX: u8 = 10;

    /// The rating, or `None` when `value` is above 10.
    pub fn new(value: u8) -> Option<Self> {
        (value <= Self::MAX).then_some(Self(value))
    }

    /// The number, 0–10.
    pub fn get(self) -> u8 {
        self.0
    }
}

impl TryFrom<u8> for Rating {
    type Error = RatingOutOfRange;

    fn try_from(value: u8) -> Result<Self, Self::Error> {
        Self::new(value).ok_or_else(|| RatingOutOfRange(value.to_string()))
    }
}

impl From<Rating> for u8 {
    fn from(rating: Rating) -> u8 {
        rating.0
    }
}

impl FromStr for Rating {
    type Err = RatingOutOfRange;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        text.parse::<u8>()
            .ok()
            .and_then(Self::new)
            .ok_or_else(|| RatingOutOfRange(format!("`{text}`")))
    }
}

impl fmt::Display for Rating {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_zero_to_ten_are_ratings() {
        assert_eq!(Rating::new(0).map(Rating::get), Some(0));
        assert_eq!(Rating::new(10).map(Rating::get), Some(10));
        assert_eq!(Rating::new(11), None);
        assert_eq!(" 7 ".parse::<Rating>().map(Rating::get), Ok(7));
        assert!("-1".parse::<Rating>().is_err());
        assert!("seven".parse::<Rating>().is_err());
        assert!(serde_json::from_str::<Rating>("11").is_err());
    }
}
