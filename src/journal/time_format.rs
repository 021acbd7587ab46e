//! How times are written: RFC 3339 with the UTC offset always as `+hh:mm`,
//! never `Z`, so a reader can tell the offset was the local one.

use chrono::{DateTime, FixedOffset, SecondsFormat};
use serde::Serializer;

/// `2025-03-01T08:15:00+01:00`; fractions of a second only when present.
pub fn rfc3339(time: &DateTime<FixedOffset>) -> String {
    time.to_rfc3339_opts(SecondsFormat::AutoSi, false)
}

/// For `#[serde(serialize_with)]`.
pub fn serialize<S: Serializer>(
    time: &DateTime<FixedOffset>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&rfc3339(time))
}

/// For `#[serde(serialize_with)]` on a time that may be missing.
pub fn serialize_option<S: Serializer>(
    time: &Option<DateTime<FixedOffset>>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match time {
        Some(time) => serialize(time, serializer),
        None => serializer.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_is_written_as_an_offset() {
        let time = DateTime::parse_from_rfc3339("2025-03-01T08:15:00Z").unwrap();
        assert_eq!(rfc3339(&time), "2025-03-01T08:15:00+00:00");
    }
}
