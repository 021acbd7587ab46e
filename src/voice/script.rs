//! What the voice says in a session and when, laid out once from the
//! timeline: each step's title and side, switches and reversals, "one
//! minute left", "next", and the end. Every line gets a window that ends
//! before the next cue, so speech never runs over a chime, a pip or a
//! change of breath; a line that cannot fit is shortened or left out, and
//! the cut is kept so that `check` and `plan` can say so.

use std::time::Duration;

use super::speaking_time;
use crate::routine::vocabulary::{Side, Sides, Spoken};
use crate::routine::{Routine, SoundFile, Step};
use crate::timeline::{BreathPhase, CueKind, Part, Timeline};

/// How long after a chime the voice starts, so it does not talk over the
/// strike.
pub const AFTER_CUE: Duration = Duration::from_millis(500);
/// The quiet kept between the end of a line and the next cue.
pub const GAP: Duration = Duration::from_millis(300);
/// Steps at least this long get "One minute left."
const MINUTE_LEFT_FROM: Duration = Duration::from_secs(180);
/// Segments at least this long announce what comes next.
const NEXT_FROM: Duration = Duration::from_secs(20);
/// How far a line placed between breaths may slip from where it was meant.
const SLIP: Duration = Duration::from_secs(15);

/// What a line is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// The routine's title, in the lead-in.
    Welcome,
    /// A step (or a round of it) begins.
    Step {
        step: usize,
    },
    /// The rest between rounds.
    Rest,
    Switch,
    Reverse,
    MinuteLeft,
    /// What comes after this segment: step `step`.
    Next {
        step: usize,
    },
    /// A breath's phase begins.
    Breath,
    /// The session is over.
    End,
}

/// One thing the voice says.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// When it starts, into the session.
    pub at: Duration,
    /// When it must have ended: the next cue less [`GAP`]; `None` for the
    /// last line, which nothing follows.
    pub until: Option<Duration>,
    /// The words, as spoken (and as printed in plain mode).
    pub text: String,
    /// The step's own recording, spoken instead of the words.
    pub recording: Option<SoundFile>,
    pub purpose: Purpose,
}

/// A line the voice leaves out or shortens because its step is too short.
#[derive(Debug, Clone, PartialEq)]
pub struct Cut {
    pub step: usize,
    /// What would have been said.
    pub text: String,
    /// What is said instead, if anything.
    pub instead: Option<String>,
    /// How long the line takes and how long there was.
    pub needs: Duration,
    pub has: Duration,
}

/// Everything the voice says in a session, in order of time.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Script {
    pub lines: Vec<Line>,
    pub cuts: Vec<Cut>,
}

impl Script {
    /// The lines of `routine` as `timeline` lays it out; empty when the
    /// routine asks for no voice.
    pub fn new(routine: &Routine, timeline: &Timeline) -> Script {
        Script::with(routine, timeline, false)
    }

    /// [`Script::new`], with each breath's phase said too ("In.", "Hold.",
    /// "Out.") when `breaths`, for a person who follows words better than
    /// the guide's tone. They come first: "One minute left." and "Next"
    /// give way to them.
    pub fn with(routine: &Routine, timeline: &Timeline, breaths: bool) -> Script {
        if routine.sound.voice == Spoken::None {
            return Script::default();
        }
        let mut s = Layout {
            routine,
            timeline,
            cue_times: cue_times(timeline),
            script: Script::default(),
        };
        s.at_cues();
        if breaths {
            s.breaths();
        }
        s.minutes_left();
        s.nexts();
        s.script.lines.sort_by_key(|l| l.at);
        s.drop_overlaps();
        s.forgive_announced();
        s.script
    }
}

struct Layout<'a> {
    routine: &'a Routine,
    timeline: &'a Timeline,
    /// Every moment something sounds, sorted, once each.
    cue_times: Vec<Duration>,
    script: Script,
}

impl Layout<'_> {
    /// The lines that start with a cue: welcome, steps, rests, switches,
    /// reversals and the end.
    fn at_cues(&mut self) {
        for cue in &self.timeline.cues {
            let segment = &self.timeline.segments[cue.segment];
            let (purpose, text) = match (cue.kind, segment.part) {
                (CueKind::LeadIn, _) => (Purpose::Welcome, format!("{}.", self.routine.title)),
                (CueKind::StepStart, Part::Step { step, repeat, side }) => {
                    self.step_start(cue.at, step, repeat, side);
                    continue;
                }
                (CueKind::BetweenStart, _) => (Purpose::Rest, "Rest.".to_owned()),
                (CueKind::SwitchSide { to }, part) => {
                    let short = match to {
                        Side::Left => "Left side.",
                        Side::Right => "Right side.",
                    };
                    let choices = [
                        format!("Switch to the {} side.", to.word()),
                        short.to_owned(),
                    ];
                    self.change(cue.at, part.step(), Purpose::Switch, &choices);
                    continue;
                }
                (CueKind::ReverseDirection, part) => {
                    let choices = ["Reverse direction.".to_owned(), "Reverse.".to_owned()];
                    self.change(cue.at, part.step(), Purpose::Reverse, &choices);
                    continue;
                }
                (CueKind::SessionEnd, _) => {
                    self.script.lines.push(Line {
                        at: cue.at + AFTER_CUE,
                        until: None,
                        text: "The session is complete.".to_owned(),
                        recording: None,
                        purpose: Purpose::End,
                    });
                    continue;
                }
                _ => continue,
            };
            // The lead-in starts without a chime, so nothing to wait for.
            let delay = if purpose == Purpose::Welcome {
                Duration::ZERO
            } else {
                AFTER_CUE
            };
            let at = cue.at + delay;
            let until = self.next_cue_after(cue.at);
            if at + speaking_time(&text) <= until {
                self.push(at, until, text, None, purpose);
            }
        }
    }

    /// A switch of side or a reversal at `at`, said in the first of
    /// `choices` that fits; a cut when only a shorter one or none does.
    fn change(&mut self, at: Duration, step: Option<usize>, purpose: Purpose, choices: &[String]) {
        let until = self.next_cue_after(at);
        let start = at + AFTER_CUE;
        let has = until.saturating_sub(start);
        let fits = choices.iter().find(|t| speaking_time(t) <= has).cloned();
        if fits.as_ref() != choices.first()
            && let Some(step) = step
        {
            self.script.cuts.push(Cut {
                step,
                text: choices[0].clone(),
                instead: fits.clone(),
                needs: speaking_time(&choices[0]),
                has,
            });
        }
        if let Some(text) = fits {
            self.push(start, until, text, None, purpose);
        }
    }

    /// A step's first line: its `say` or title with side and round, and its
    /// instructions when the routine asks for them; shortened to fit.
    fn step_start(&mut self, start: Duration, index: usize, repeat: u32, side: Option<Side>) {
        let step = &self.routine.steps[index];
        let at = start + AFTER_CUE;
        let until = self.next_cue_after(start);
        let has = until.saturating_sub(at);
        let short = announce(step, repeat, side);
        let mut choices = Vec::new();
        if self.routine.sound.voice == Spoken::Instructions && !step.instructions.trim().is_empty()
        {
            choices.push(format!("{short} {}", one_line(&step.instructions)));
        }
        choices.push(short);
        if step.say.is_none() {
            choices.push(format!("{}.", step.title));
        }
        let wanted = choices[0].clone();
        let fits = choices.iter().find(|t| speaking_time(t) <= has).cloned();
        if fits.as_ref() != Some(&wanted) {
            self.script.cuts.push(Cut {
                step: index,
                needs: speaking_time(&wanted),
                text: wanted,
                instead: fits.clone(),
                has,
            });
        }
        if let Some(text) = fits {
            let recording = step.voice.clone();
            self.push(at, until, text, recording, Purpose::Step { step: index });
        }
    }

    /// Each breath's phase, as it begins.
    fn breaths(&mut self) {
        for cue in &self.timeline.cues {
            let CueKind::Breath { phase, .. } = cue.kind else {
                continue;
            };
            let text = match phase {
                BreathPhase::Inhale => "In.",
                BreathPhase::Hold => "Hold.",
                BreathPhase::Exhale => "Out.",
                BreathPhase::Rest => "Rest.",
            };
            let until = self.next_cue_after(cue.at);
            if cue.at + speaking_time(text) <= until {
                self.push(cue.at, until, text.to_owned(), None, Purpose::Breath);
            }
        }
    }

    /// "One minute left." in steps of three minutes or more, in the first
    /// quiet moment from a minute before the end.
    fn minutes_left(&mut self) {
        let text = "One minute left.";
        for segment in &self.timeline.segments {
            if !matches!(segment.part, Part::Step { .. }) || segment.duration < MINUTE_LEFT_FROM {
                continue;
            }
            let wanted = segment.end() - Duration::from_secs(60);
            if let Some((at, until)) = self.quiet_after(wanted, speaking_time(text)) {
                self.push(at, until, text.to_owned(), None, Purpose::MinuteLeft);
            }
        }
    }

    /// "Next: …" before each step that follows a long enough segment, ending
    /// before the segment's countdown pips.
    fn nexts(&mut self) {
        let segments = &self.timeline.segments;
        for (index, segment) in segments.iter().enumerate() {
            let (Part::Step { .. }, Some(next)) = (segment.part, segments.get(index + 1)) else {
                continue;
            };
            let Part::Step {
                step, repeat: 1, ..
            } = next.part
            else {
                continue;
            };
            if segment.duration < NEXT_FROM || segment.part.step() == Some(step) {
                continue;
            }
            let text = format!("Next: {}.", self.routine.steps[step].title);
            let last_quiet = self
                .timeline
                .cues
                .iter()
                .filter(|c| c.segment == index && matches!(c.kind, CueKind::Pip { .. }))
                .map(|c| c.at)
                .min()
                .unwrap_or(segment.end());
            if let Some((at, until)) = self.quiet_before(last_quiet, speaking_time(&text)) {
                self.push(at, until, text, None, Purpose::Next { step });
            }
        }
    }

    fn push(
        &mut self,
        at: Duration,
        until: Duration,
        text: String,
        recording: Option<SoundFile>,
        purpose: Purpose,
    ) {
        self.script.lines.push(Line {
            at,
            until: Some(until),
            text,
            recording,
            purpose,
        });
    }

    /// The latest moment a line must end by when it starts just after `t`:
    /// the next cue after `t`, less the gap.
    fn next_cue_after(&self, t: Duration) -> Duration {
        let i = self.cue_times.partition_point(|c| *c <= t);
        let next = self
            .cue_times
            .get(i)
            .copied()
            .unwrap_or(self.timeline.total);
        next.saturating_sub(GAP)
    }

    /// The first stretch from `wanted` on, within [`SLIP`], with room for
    /// `needs` before the next cue: where the line starts and ends by.
    fn quiet_after(&self, wanted: Duration, needs: Duration) -> Option<(Duration, Duration)> {
        let first = self.cue_times.partition_point(|c| *c < wanted);
        let starts = std::iter::once(wanted)
            .chain(self.cue_times[first..].iter().map(|c| *c + AFTER_CUE))
            .take_while(|at| *at <= wanted + SLIP);
        starts
            .map(|at| (at, self.next_cue_after(at)))
            .find(|&(at, until)| at + needs <= until && self.clear_before(at))
    }

    /// The last stretch ending by `end`, within [`SLIP`], with room for
    /// `needs`: where the line starts and ends by.
    fn quiet_before(&self, end: Duration, needs: Duration) -> Option<(Duration, Duration)> {
        let before = self.cue_times.partition_point(|c| *c < end);
        let ends = std::iter::once(end)
            .chain(self.cue_times[..before].iter().rev().copied())
            .map(|e| e.saturating_sub(GAP))
            .take_while(|e| *e + SLIP >= end);
        ends.filter_map(|until| {
            let at = until.checked_sub(needs)?;
            let next = self.cue_times.partition_point(|c| *c <= at);
            let clear_after = self.cue_times.get(next).is_none_or(|c| *c >= until + GAP);
            (clear_after && self.clear_before(at)).then_some((at, until))
        })
        .next()
    }

    /// A step whose title could not be said at its start but was said as
    /// "Next: …" before it is announced all the same: not a cut.
    fn forgive_announced(&mut self) {
        let lines = &self.script.lines;
        self.script.cuts.retain(|cut| {
            cut.instead.is_some()
                || !lines
                    .iter()
                    .any(|l| l.purpose == Purpose::Next { step: cut.step })
        });
    }

    /// Whether no cue sounds in the moment before `at`: a line placed in a
    /// quiet stretch does not start on top of a strike.
    fn clear_before(&self, at: Duration) -> bool {
        let i = self.cue_times.partition_point(|c| *c <= at);
        i == 0 || self.cue_times[i - 1] + AFTER_CUE <= at
    }

    /// Keeps each line clear of the one before: of two that would run
    /// into each other the more needed stays, the earlier on a tie.
    fn drop_overlaps(&mut self) {
        let mut kept: Vec<Line> = Vec::with_capacity(self.script.lines.len());
        for line in self.script.lines.drain(..) {
            let Some(last) = kept.last() else {
                kept.push(line);
                continue;
            };
            let clear = last.at + speaking_time(&last.text) + GAP <= line.at;
            if clear {
                kept.push(line);
            } else if need(line.purpose) > need(last.purpose) {
                kept.pop();
                kept.push(line);
            }
        }
        self.script.lines = kept;
    }
}

/// How much a line is needed: what is to be done first, then the breath's
/// phase, then what is placed in a quiet moment ("next", "one minute left",
/// the welcome).
fn need(purpose: Purpose) -> u8 {
    match purpose {
        Purpose::Next { .. } | Purpose::MinuteLeft | Purpose::Welcome => 0,
        Purpose::Breath => 1,
        _ => 2,
    }
}

/// A step's announcement: its `say`, or its title with the round and side.
fn announce(step: &Step, repeat: u32, side: Option<Side>) -> String {
    if let Some(say) = &step.say {
        return say.clone();
    }
    let mut text = step.title.clone();
    if step.repeat > 1 {
        text.push_str(&format!(", round {repeat} of {}", step.repeat));
    }
    text.push('.');
    let side_words = match (step.sides, side) {
        (Sides::Alternate, _) => Some("Left side first."),
        (Sides::Each | Sides::Left | Sides::Right, Some(Side::Left)) => Some("Left side."),
        (Sides::Each | Sides::Left | Sides::Right, Some(Side::Right)) => Some("Right side."),
        _ => None,
    };
    if let Some(words) = side_words {
        text.push(' ');
        text.push_str(words);
    }
    text
}

/// Instructions as one spoken paragraph.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn cue_times(timeline: &Timeline) -> Vec<Duration> {
    let mut times: Vec<Duration> = timeline.cues.iter().map(|c| c.at).collect();
    times.dedup();
    times
}

#[cfg(test)]
#[path = "script_tests.rs"]
mod tests;
