//! The least a program can cost that wakes as often as the breathing bar
//! and writes a few cells each time: for `scripts/measure-player.sh`, so
//! the player's CPU is read against what this machine charges for the
//! wake-ups and writes alone (the figure moves several-fold from one hour
//! to the next on a shared machine).
//!
//! Usage: `wake_floor [wake-ups a second]` (default 24).

use std::io::Write;
use std::time::{Duration, Instant};

fn main() {
    let rate: f64 = std::env::args()
        .nth(1)
        .and_then(|r| r.parse().ok())
        .filter(|r: &f64| *r > 0.0)
        .unwrap_or(24.0);
    let period = Duration::from_secs_f64(1.0 / rate);
    let mut out = std::io::stdout().lock();
    let mut next = Instant::now();
    for cell in (0..60).cycle() {
        next += period;
        std::thread::sleep(next.saturating_duration_since(Instant::now()));
        // Two cells moved, as a step of the bar moves one or two.
        let _ = write!(out, "\x1b[10;{}H\u{2588}\x1b[10;{}H ", cell + 10, cell + 11);
        let _ = out.flush();
    }
}
