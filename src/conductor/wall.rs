//! The wall clock a session's record is dated by, handed in like the
//! monotonic `Instant`s, so tests can say what time it is.

use std::sync::Arc;
use std::time::Instant;

use chrono::{DateTime, FixedOffset};

type Reading = dyn Fn(Instant) -> DateTime<FixedOffset> + Send + Sync;

/// Tells the local date and time (with its UTC offset) at an instant.
#[derive(Clone)]
pub struct WallClock(Arc<Reading>);

impl WallClock {
    /// The system's clock, read at the moment it is asked.
    pub fn system() -> Self {
        Self(Arc::new(|_| crate::journal::now()))
    }

    /// A clock that reads `at` at `origin` and moves with the instants it
    /// is given: for tests.
    pub fn following(origin: Instant, at: DateTime<FixedOffset>) -> Self {
        Self(Arc::new(move |now: Instant| {
            let since = chrono::TimeDelta::from_std(now.saturating_duration_since(origin))
                .unwrap_or(chrono::TimeDelta::MAX);
            at.checked_add_signed(since).unwrap_or(at)
        }))
    }

    /// The date and time at `now`.
    pub fn at(&self, now: Instant) -> DateTime<FixedOffset> {
        (self.0)(now)
    }
}

impl std::fmt::Debug for WallClock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("WallClock")
    }
}
