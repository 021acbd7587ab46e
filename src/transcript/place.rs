//! Where the lines that come with no cue go: "One minute left.", and before
//! each step "Next: …" and its instructions, in the quiet stretches between
//! the lines that do, each read whole with [`GAP`] to spare; or, for
//! instructions that find no room, read while the clock is held at the
//! step's start.

use std::time::Duration;

use super::{Draft, GAP, Kind, order, reading_time, words};
use crate::routine::Routine;
use crate::timeline::{Part, Timeline};

/// Steps at least this long get "One minute left."
const MINUTE_LEFT_FROM: Duration = Duration::from_secs(180);
/// How far "One minute left." may slip to find a quiet moment.
const SLIP: Duration = Duration::from_secs(15);

pub(super) struct Layout<'a> {
    drafts: &'a mut Vec<Draft>,
    words_a_minute: u32,
}

impl<'a> Layout<'a> {
    pub(super) fn new(drafts: &'a mut Vec<Draft>, words_a_minute: u32) -> Self {
        Self {
            drafts,
            words_a_minute,
        }
    }

    fn reading(&self, text: &str) -> Duration {
        reading_time(text, self.words_a_minute)
    }

    /// "One minute left." in the first quiet moment from a minute before
    /// the end of each step pass of three minutes or more.
    pub(super) fn minutes_left(&mut self, timeline: &Timeline, entry: usize) {
        let needs = self.reading(words::MINUTE_LEFT);
        for segment in &timeline.segments[entry..] {
            if !matches!(segment.part, Part::Step { .. }) || segment.duration < MINUTE_LEFT_FROM {
                continue;
            }
            let wanted = segment.end() - Duration::from_secs(60);
            let mut starts: Vec<Duration> = std::iter::once(wanted)
                .chain(self.ends().filter(|e| *e >= wanted))
                .filter(|s| *s <= wanted + SLIP)
                .collect();
            starts.sort();
            if let Some(at) = starts.into_iter().find(|s| self.clear(*s, *s + needs)) {
                self.push(
                    at,
                    false,
                    words::MINUTE_LEFT.to_owned(),
                    Kind::MinuteLeft,
                    segment.part.step(),
                );
            }
        }
    }

    /// Before each step, "Next: …" and its instructions in the last quiet
    /// stretch of the segment before; the instructions read during a hold
    /// at the step's start when they do not fit.
    pub(super) fn instructions(&mut self, routine: &Routine, timeline: &Timeline, entry: usize) {
        for (index, segment) in timeline.segments.iter().enumerate().skip(entry) {
            let Part::Step {
                step, repeat: 1, ..
            } = segment.part
            else {
                continue;
            };
            let first_pass = index == 0 || timeline.segments[index - 1].part.step() != Some(step);
            if !first_pass {
                continue;
            }
            let next = words::next(routine, step);
            let sentences = words::sentences(&routine.steps[step].instructions);
            let before = (index > entry).then(|| &timeline.segments[index - 1]);
            let Some(before) = before else {
                self.hold(segment.start, step, sentences);
                continue;
            };
            let lower = before.start;
            let end = segment.start.saturating_sub(GAP);
            let block: Vec<String> = std::iter::once(next.clone())
                .chain(sentences.iter().cloned())
                .collect();
            if let Some(starts) = self.latest(lower, end, &block) {
                for (i, (at, text)) in starts.into_iter().zip(block).enumerate() {
                    let kind = if i == 0 {
                        Kind::Next
                    } else {
                        Kind::Instructions
                    };
                    self.push(at, false, text, kind, Some(step));
                }
                continue;
            }
            if matches!(before.part, Part::Step { .. })
                && let Some(starts) = self.latest(lower, end, std::slice::from_ref(&next))
            {
                self.push(starts[0], false, next, Kind::Next, Some(step));
            }
            self.hold(segment.start, step, sentences);
        }
    }

    /// Holds the clock at `start` for step `step`'s announcement and
    /// `sentences`, then says "Starting.".
    fn hold(&mut self, start: Duration, step: usize, sentences: Vec<String>) {
        if sentences.is_empty() {
            return;
        }
        if let Some(line) = self
            .drafts
            .iter_mut()
            .find(|d| d.at == start && d.kind == Kind::Step)
        {
            line.held = true;
        }
        for text in sentences {
            self.push(start, true, text, Kind::Instructions, Some(step));
        }
        self.push(
            start,
            false,
            words::STARTING.to_owned(),
            Kind::Starting,
            Some(step),
        );
    }

    /// Start times for `block`, read one after another with [`GAP`]
    /// between, in the latest quiet stretch within `lower..end`.
    fn latest(&self, lower: Duration, end: Duration, block: &[String]) -> Option<Vec<Duration>> {
        let readings: Vec<Duration> = block.iter().map(|t| self.reading(t)).collect();
        let total = readings.iter().sum::<Duration>() + GAP * (readings.len() as u32 - 1);
        let mut ends: Vec<Duration> = std::iter::once(end)
            .chain(
                self.drafts
                    .iter()
                    .map(|d| d.at.saturating_sub(GAP))
                    .filter(|e| *e < end),
            )
            .collect();
        ends.sort_by(|a, b| b.cmp(a));
        for to in ends {
            let from = to.checked_sub(total)?;
            if from < lower {
                return None;
            }
            if self.clear(from, to) {
                let mut at = from;
                return Some(
                    readings
                        .iter()
                        .map(|r| {
                            let this = at;
                            at += *r + GAP;
                            this
                        })
                        .collect(),
                );
            }
        }
        None
    }

    /// Whether `from..to` can be read in: every line before it read by
    /// `from` with [`GAP`] to spare, and none starting before `to` + [`GAP`].
    fn clear(&self, from: Duration, to: Duration) -> bool {
        self.drafts
            .iter()
            .all(|d| d.at + self.reading(&d.text) + GAP <= from || d.at >= to + GAP)
    }

    /// When each line has been read, with [`GAP`] after it.
    fn ends(&self) -> impl Iterator<Item = Duration> + '_ {
        self.drafts
            .iter()
            .map(|d| d.at + self.reading(&d.text) + GAP)
    }

    fn push(&mut self, at: Duration, held: bool, text: String, kind: Kind, step: Option<usize>) {
        self.drafts.push(Draft {
            at,
            held,
            order: order(kind),
            text,
            kind,
            step,
        });
    }
}
