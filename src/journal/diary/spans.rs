//! Whether a moment falls within any attack, answered by a binary search
//! rather than by trying every attack: a journal may hold tens of
//! thousands.

use chrono::{DateTime, FixedOffset};

use super::Attack;

/// The attacks by start, with the latest end of each and every attack
/// before it (so overlapping attacks are answered right too).
#[derive(Debug, Clone)]
pub struct Spans<'a> {
    attacks: Vec<&'a Attack>,
    ends: Vec<DateTime<FixedOffset>>,
    latest_end: Vec<DateTime<FixedOffset>>,
}

impl<'a> Spans<'a> {
    /// The spans of `attacks`, an open one lasting until `now`.
    pub fn new(attacks: &[&'a Attack], now: DateTime<FixedOffset>) -> Self {
        let mut attacks = attacks.to_vec();
        attacks.sort_by_key(|a| (a.start, a.end_or(now)));
        let ends: Vec<_> = attacks.iter().map(|a| a.end_or(now)).collect();
        let latest_end = ends
            .iter()
            .scan(None, |latest: &mut Option<DateTime<FixedOffset>>, &end| {
                let next = latest.map_or(end, |l| l.max(end));
                *latest = Some(next);
                Some(next)
            })
            .collect();
        Self {
            attacks,
            ends,
            latest_end,
        }
    }

    /// Whether `time` falls within an attack, its start and end included
    /// (as [`Attack::contains`] says).
    pub fn cover(&self, time: DateTime<FixedOffset>) -> bool {
        let started = self.attacks.partition_point(|a| a.start <= time);
        started > 0 && self.latest_end[started - 1] >= time
    }

    /// The attack `time` falls within, the latest started if several do.
    pub fn attack_at(&self, time: DateTime<FixedOffset>) -> Option<&'a Attack> {
        let started = self.attacks.partition_point(|a| a.start <= time);
        (0..started)
            .rev()
            .take_while(|&i| self.latest_end[i] >= time)
            .find(|&i| self.ends[i] >= time)
            .map(|i| self.attacks[i])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(text).unwrap()
    }

    #[test]
    fn a_time_is_covered_as_any_attack_would_say() {
        let now = at("2025-03-10T00:00:00+00:00");
        let attack = |start: &str, end: Option<&str>| Attack {
            end: end.map(at),
            ..Attack::new(at(start))
        };
        let attacks = [
            attack(
                "2025-03-01T08:00:00+01:00",
                Some("2025-03-01T20:00:00+01:00"),
            ),
            // Inside the first, ending earlier.
            attack(
                "2025-03-01T09:00:00+01:00",
                Some("2025-03-01T10:00:00+01:00"),
            ),
            attack(
                "2025-03-05T08:00:00+00:00",
                Some("2025-03-05T09:00:00+00:00"),
            ),
            attack("2025-03-09T08:00:00+00:00", None),
        ];
        let refs: Vec<&Attack> = attacks.iter().collect();
        let spans = Spans::new(&refs, now);
        for time in [
            "2025-03-01T06:59:59+00:00",
            "2025-03-01T07:00:00+00:00",
            "2025-03-01T15:00:00+01:00",
            "2025-03-01T20:00:00+01:00",
            "2025-03-01T20:00:01+01:00",
            "2025-03-05T08:30:00+00:00",
            "2025-03-06T08:30:00+00:00",
            "2025-03-09T23:00:00+00:00",
        ] {
            let time = at(time);
            let any = attacks.iter().any(|a| a.contains(time, now));
            assert_eq!(spans.cover(time), any, "{time}");
            let latest = attacks
                .iter()
                .filter(|a| a.contains(time, now))
                .max_by_key(|a| a.start);
            assert_eq!(spans.attack_at(time), latest, "{time}");
        }
    }
}
