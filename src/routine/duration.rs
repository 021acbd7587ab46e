//! Lengths of time as routine authors write them: `90`, `"90s"`, `"1m30s"`,
//! `"2m"`, `"1h"`.

use std::fmt;
use std::time::Duration;

use super::raw::DurationText;

/// Why a duration could not be read; shown as the diagnostic's help.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DurationError(pub String);

impl fmt::Display for DurationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

const FORMS: &str = "write seconds as a number (90) or text such as \"90s\", \"1m30s\", \"2m\"";

/// Reads a duration; the result is whole seconds, possibly zero.
pub fn parse(value: &DurationText) -> Result<Duration, DurationError> {
    match value {
        DurationText::Seconds(s) if *s < 0 => Err(negative()),
        DurationText::Seconds(s) => u64::try_from(*s)
            .map(Duration::from_secs)
            .map_err(|_| too_long()),
        DurationText::Fraction(_) => Err(DurationError(format!(
            "only whole seconds are allowed; {FORMS}"
        ))),
        DurationText::Text(text) => parse_text(text),
    }
}

fn parse_text(text: &str) -> Result<Duration, DurationError> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.is_empty() {
        return Err(DurationError(format!("the duration is empty; {FORMS}")));
    }
    if compact.starts_with('-') {
        return Err(negative());
    }
    if compact.bytes().all(|b| b.is_ascii_digit()) {
        return seconds(&compact, 1).map(Duration::from_secs);
    }
    let mut total: u64 = 0;
    let mut number = String::new();
    let mut last_unit = u8::MAX;
    let mut rest = compact.as_str();
    while let Some(c) = rest.chars().next() {
        if c.is_ascii_digit() {
            number.push(c);
            rest = &rest[1..];
            continue;
        }
        // A unit is the whole run of letters, so "minutes" is named as written.
        let length = rest
            .find(|c: char| !c.is_alphabetic())
            .unwrap_or(rest.len())
            .max(c.len_utf8());
        let (unit, after) = rest.split_at(length);
        rest = after;
        let (rank, scale) = match unit {
            "h" => (0, 3600),
            "m" => (1, 60),
            "s" => (2, 1),
            _ => return Err(DurationError(format!("`{unit}` is not a unit; {FORMS}"))),
        };
        if number.is_empty() {
            return Err(DurationError(format!(
                "a number must come before `{unit}`; {FORMS}"
            )));
        }
        if last_unit != u8::MAX && rank <= last_unit {
            return Err(DurationError(format!(
                "write hours, minutes and seconds once each, in that order; {FORMS}"
            )));
        }
        last_unit = rank;
        total = total
            .checked_add(seconds(&number, scale)?)
            .ok_or_else(too_long)?;
        number.clear();
    }
    if !number.is_empty() {
        return Err(DurationError(format!(
            "`{number}` at the end has no unit; {FORMS}"
        )));
    }
    Ok(Duration::from_secs(total))
}

fn seconds(digits: &str, scale: u64) -> Result<u64, DurationError> {
    digits
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(scale))
        .ok_or_else(too_long)
}

fn negative() -> DurationError {
    DurationError("a duration cannot be negative".into())
}

fn too_long() -> DurationError {
    DurationError("that duration is far too long".into())
}

/// Shows a duration the way an author writes it: "1m30s", "2m", "45s", "1h5m".
pub fn format(duration: Duration) -> String {
    let millis = duration.as_millis();
    let whole = (millis / 1000) as u64;
    let (h, m, s) = (whole / 3600, whole / 60 % 60, whole % 60);
    let mut out = String::new();
    if h > 0 {
        out.push_str(&format!("{h}h"));
    }
    if m > 0 {
        out.push_str(&format!("{m}m"));
    }
    let tenths = (millis % 1000) / 100;
    if tenths > 0 {
        out.push_str(&format!("{s}.{tenths}s"));
    } else if s > 0 || out.is_empty() {
        out.push_str(&format!("{s}s"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Result<Duration, DurationError> {
        parse(&DurationText::Text(s.into()))
    }

    #[test]
    fn reads_every_written_form() {
        assert_eq!(
            parse(&DurationText::Seconds(90)),
            Ok(Duration::from_secs(90))
        );
        assert_eq!(text("90"), Ok(Duration::from_secs(90)));
        assert_eq!(text("90s"), Ok(Duration::from_secs(90)));
        assert_eq!(text("1m30s"), Ok(Duration::from_secs(90)));
        assert_eq!(text("1m 30s"), Ok(Duration::from_secs(90)));
        assert_eq!(text("2m"), Ok(Duration::from_secs(120)));
        assert_eq!(text("1h5m"), Ok(Duration::from_secs(3900)));
    }

    #[test]
    fn rejects_malformed_text_with_a_reason() {
        assert!(text("").unwrap_err().0.contains("empty"));
        assert!(text("-5s").unwrap_err().0.contains("negative"));
        assert!(text("5x").unwrap_err().0.contains("`x` is not a unit"));
        assert!(text("5.5s").unwrap_err().0.contains("`.` is not a unit"));
        assert!(
            text("2 minutes")
                .unwrap_err()
                .0
                .starts_with("`minutes` is not")
        );
        assert!(text("1ms").unwrap_err().0.starts_with("`ms` is not"));
        assert!(text("30s1m").unwrap_err().0.contains("in that order"));
        assert!(text("1m30").unwrap_err().0.contains("no unit"));
        assert!(
            text("99999999999999999999h")
                .unwrap_err()
                .0
                .contains("too long")
        );
        assert!(parse(&DurationText::Seconds(-1)).is_err());
        let huge = parse(&DurationText::Seconds(i128::MAX)).unwrap_err();
        assert!(huge.0.contains("too long"));
        let fraction = parse(&DurationText::Fraction(1.5)).unwrap_err();
        assert!(fraction.0.starts_with("only whole seconds"));
    }

    #[test]
    fn formats_like_an_author_writes() {
        assert_eq!(format(Duration::from_secs(90)), "1m30s");
        assert_eq!(format(Duration::from_secs(120)), "2m");
        assert_eq!(format(Duration::from_secs(0)), "0s");
        assert_eq!(format(Duration::from_millis(4500)), "4.5s");
        assert_eq!(format(Duration::from_secs(3900)), "1h5m");
    }
}
