//! The session clock: where in the session we are, from `Instant`s handed in.
//! Position is always computed as `now - anchor` plus the position at the
//! anchor, so it cannot drift however long the session or however many
//! pauses; nothing adds up frame times.

use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy)]
pub struct SessionClock {
    /// The instant the position was last set (start, resume or seek).
    anchor: Instant,
    /// The position at `anchor`.
    at_anchor: Duration,
    paused_at: Option<Instant>,
    /// Total time spent paused, for the journal.
    paused_total: Duration,
    started: Instant,
}

impl SessionClock {
    pub fn start(now: Instant) -> Self {
        Self {
            anchor: now,
            at_anchor: Duration::ZERO,
            paused_at: None,
            paused_total: Duration::ZERO,
            started: now,
        }
    }

    /// The position in the session at `now`.
    pub fn position(&self, now: Instant) -> Duration {
        let until = self.paused_at.unwrap_or(now);
        self.at_anchor + until.saturating_duration_since(self.anchor)
    }

    pub fn is_paused(&self) -> bool {
        self.paused_at.is_some()
    }

    pub fn pause(&mut self, now: Instant) {
        if self.paused_at.is_none() {
            self.paused_at = Some(now);
        }
    }

    pub fn resume(&mut self, now: Instant) {
        if let Some(paused_at) = self.paused_at.take() {
            self.at_anchor += paused_at.saturating_duration_since(self.anchor);
            self.anchor = now;
            self.paused_total += now.saturating_duration_since(paused_at);
        }
    }

    /// Moves to `position`, keeping the clock paused if it was.
    pub fn seek(&mut self, position: Duration, now: Instant) {
        if let Some(paused_at) = self.paused_at {
            self.paused_total += now.saturating_duration_since(paused_at);
            self.paused_at = Some(now);
        }
        self.anchor = now;
        self.at_anchor = position;
    }

    /// Time spent paused up to `now`.
    pub fn paused(&self, now: Instant) -> Duration {
        self.paused_total
            + self
                .paused_at
                .map_or(Duration::ZERO, |p| now.saturating_duration_since(p))
    }

    /// Wall time since the session started.
    pub fn wall(&self, now: Instant) -> Duration {
        now.saturating_duration_since(self.started)
    }

    /// The instant the position will reach `position`, if playing and not past it.
    pub fn instant_of(&self, position: Duration, now: Instant) -> Option<Instant> {
        if self.is_paused() {
            return None;
        }
        let current = self.position(now);
        Some(now + position.saturating_sub(current))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn position_excludes_pauses() {
        let t0 = Instant::now();
        let mut clock = SessionClock::start(t0);
        assert_eq!(
            clock.position(t0 + Duration::from_secs(5)),
            Duration::from_secs(5)
        );
        clock.pause(t0 + Duration::from_secs(5));
        assert_eq!(
            clock.position(t0 + Duration::from_secs(60)),
            Duration::from_secs(5)
        );
        clock.resume(t0 + Duration::from_secs(65));
        assert_eq!(
            clock.position(t0 + Duration::from_secs(70)),
            Duration::from_secs(10)
        );
        assert_eq!(
            clock.paused(t0 + Duration::from_secs(70)),
            Duration::from_secs(60)
        );
    }

    #[test]
    fn an_hour_with_a_hundred_pauses_does_not_drift() {
        let t0 = Instant::now();
        let mut clock = SessionClock::start(t0);
        let mut now = t0;
        let mut played = Duration::ZERO;
        for i in 0..100u64 {
            // Odd lengths, in nanoseconds, so rounding would show.
            let play = Duration::from_nanos(35_999_999_937 + i * 7);
            now += play;
            played += play;
            clock.pause(now);
            now += Duration::from_nanos(1_234_567_891 + i);
            clock.resume(now);
        }
        assert_eq!(clock.position(now), played);
    }

    #[test]
    fn seeking_while_paused_stays_paused() {
        let t0 = Instant::now();
        let mut clock = SessionClock::start(t0);
        clock.pause(t0 + Duration::from_secs(2));
        clock.seek(Duration::from_secs(30), t0 + Duration::from_secs(3));
        assert!(clock.is_paused());
        assert_eq!(
            clock.position(t0 + Duration::from_secs(9)),
            Duration::from_secs(30)
        );
        clock.resume(t0 + Duration::from_secs(10));
        assert_eq!(
            clock.position(t0 + Duration::from_secs(11)),
            Duration::from_secs(31)
        );
    }
}
