//! Unique record ids, made without a random-number crate.

use std::collections::hash_map::RandomState;
use std::fmt;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

/// A record's unique id: 32 hex digits. The first 16 are the time it was
/// made in nanoseconds, so ids sort roughly by time; the last 16 mix the
/// process, a counter and the standard library's per-process random keys,
/// so two processes writing in the same nanosecond still differ.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RecordId(String);

impl RecordId {
    /// A new id, different from every other one made on this machine.
    pub fn generate() -> Self {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let mut mix = RandomState::new().build_hasher();
        mix.write_u32(std::process::id());
        mix.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
        mix.write_u128(nanos);
        // Only the low 64 bits of the time: enough to order ids for 584 years.
        Self(format!("{:016x}{:016x}", nanos as u64, mix.finish()))
    }

    /// The id as written in the journal.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for RecordId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_are_distinct_hex() {
        let ids: HashSet<RecordId> = (0..10_000).map(|_| RecordId::generate()).collect();
        assert_eq!(ids.len(), 10_000);
        assert!(ids.iter().all(
            |id| id.as_str().len() == 32 && id.as_str().bytes().all(|b| b.is_ascii_hexdigit())
        ));
    }
}
