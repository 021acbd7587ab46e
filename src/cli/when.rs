//! Times typed on the command line: `now`, `YYYY-MM-DD HH:MM` or `HH:MM`
//! (today) on the local clock, or with a UTC offset
//! (`2025-10-26 02:30+01:00`) where the local clock is ambiguous.

use chrono::{DateTime, FixedOffset, LocalResult, NaiveDateTime, NaiveTime, TimeZone};

/// The time `text` means on the clock of `zone`, `now` being now there.
/// A local time the clocks skipped (going forward) or showed twice (going
/// back) is an error that says how to give it exactly.
pub fn parse_time<Z: TimeZone>(
    text: &str,
    now: DateTime<FixedOffset>,
    zone: &Z,
) -> Result<DateTime<FixedOffset>, String> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("now") {
        return Ok(now);
    }
    if let Ok(exact) = DateTime::parse_from_str(text, "%Y-%m-%d %H:%M%:z") {
        return Ok(exact);
    }
    let local = NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M")
        .ok()
        .or_else(|| {
            let time = NaiveTime::parse_from_str(text, "%H:%M").ok()?;
            Some(now.date_naive().and_time(time))
        })
        .ok_or_else(|| {
            format!(
                "`{text}` is not a time; write it as YYYY-MM-DD HH:MM (e.g. 2025-03-01 14:30), HH:MM for today, or now"
            )
        })?;
    let shown = local.format("%Y-%m-%d %H:%M");
    match zone.from_local_datetime(&local) {
        LocalResult::Single(time) => Ok(time.fixed_offset()),
        LocalResult::Ambiguous(a, b) => {
            let (first, second) = if a <= b { (a, b) } else { (b, a) };
            Err(format!(
                "{shown} happened twice here (the clocks went back); add the UTC offset to say which: `{shown}{}` (the first) or `{shown}{}` (the second)",
                first.fixed_offset().offset(),
                second.fixed_offset().offset()
            ))
        }
        LocalResult::None => Err(format!(
            "{shown} did not happen here (the clocks went forward then); give a time after the change, or one with its UTC offset"
        )),
    }
}

/// A time as the commands show it: `2025-03-01 14:30`, on its own clock.
pub fn shown(time: DateTime<FixedOffset>) -> String {
    time.format("%Y-%m-%d %H:%M").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(text).unwrap()
    }

    #[test]
    fn times_are_read_on_the_local_clock() {
        let now = at("2025-03-01T15:00:00+01:00");
        let zone = FixedOffset::east_opt(3600).unwrap();
        assert_eq!(parse_time("now", now, &zone), Ok(now));
        assert_eq!(
            parse_time("2025-02-28 23:10", now, &zone),
            Ok(at("2025-02-28T23:10:00+01:00"))
        );
        assert_eq!(
            parse_time("08:05", now, &zone),
            Ok(at("2025-03-01T08:05:00+01:00"))
        );
        assert_eq!(
            parse_time("2025-02-28 23:10+05:30", now, &zone),
            Ok(at("2025-02-28T23:10:00+05:30"))
        );
        let wrong = parse_time("yesterday", now, &zone).unwrap_err();
        assert!(wrong.starts_with("`yesterday` is not a time"), "{wrong}");
        assert!(parse_time("2025-02-30 10:00", now, &zone).is_err());
    }
}
