//! What the views draw from: a snapshot of the session at one instant, with
//! no clock in it, so every view is a pure function of its frame.

use std::time::Duration;

use super::theme::Palette;
use crate::routine::Routine;
use crate::timeline::Timeline;

/// How things are drawn, whatever the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Look {
    pub palette: Palette,
    /// Calm text and progress instead of animation.
    pub reduced_motion: bool,
    /// ASCII instead of Unicode blocks and symbols.
    pub ascii: bool,
}

/// The player screen at one instant.
#[derive(Debug, Clone, Copy)]
pub struct PlayerFrame<'a> {
    pub routine: &'a Routine,
    pub timeline: &'a Timeline,
    /// The segment playing.
    pub segment: usize,
    /// The session position.
    pub position: Duration,
    pub paused: bool,
    /// The status line: audio state, volume, hints.
    pub status: &'a str,
    /// The page of the instructions the person turned to; None lets the
    /// pages turn by themselves.
    pub page: Option<usize>,
    pub look: Look,
}
