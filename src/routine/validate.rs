//! The format's rules: limits, kinds and their keys, sounds. Each broken rule
//! is a diagnostic that names the key and points at its line.

use std::ops::{Range, RangeInclusive};
use std::time::Duration;

use super::duration::{self, DurationError};
use super::keys::{COMMON_STEP_KEYS, kind_keys};
use super::limits::{
    AMBIENT_VOLUME, COUNTDOWN, CYCLES, DEFAULT_LEAD_IN, LONG_SESSION, MAX_CAUTION_CHARS,
    MAX_CAUTIONS, MAX_CYCLES, MAX_INSTRUCTION_CHARS, MAX_LEAD_IN, MAX_PHASE_SECONDS, MAX_SAY_CHARS,
    MAX_SESSION, MAX_STEP, MAX_TAG_CHARS, MAX_TITLE_CHARS, MIN_BREATH_SECONDS, MIN_STEP,
    PHASE_STEP_SECONDS, REPEAT, TEMPO,
};
use super::messages::backticked;
use super::parse::{RoutineInput, StepInput};
use super::raw::{DurationText, RawPattern, RawSound, Whole};
use super::slips;
use super::sounds::{self, AMBIENTS, CHIMES};
use super::spans::{Place, TableSpans};
use super::vocabulary::{Direction, Sides, Spoken, StepKind, Temperature};
use super::{BreathPattern, Pacing, Routine, Sound, SoundSettings, Step, WAIT_COUNTED};
use crate::diagnostic::Diagnostic;
use crate::timeline::Timeline;
use crate::voice::Script;

/// The cells a line of instructions has on an 80×24 screen.
pub const SCREEN_TEXT_WIDTH: u16 = 78;
/// The rows instructions have on an 80×24 screen beside the rest of the
/// step (the time left, what comes next, the keys); longer text is paged.
pub const SCREEN_TEXT_ROWS: u16 = 16;

struct Checker<'a> {
    diagnostics: &'a mut Vec<Diagnostic>,
    folders: sounds::Folders,
}

/// Applies every rule; returns the routine when no rule was broken. What
/// only the author can act on goes to `for_author`.
pub fn validate(
    input: RoutineInput<'_>,
    diagnostics: &mut Vec<Diagnostic>,
    for_author: &mut Vec<Diagnostic>,
) -> Option<Routine> {
    let folders = sounds::Folders::of(input.source.folder.as_deref());
    let errors_before = diagnostics.iter().filter(|d| d.is_error()).count();
    let mut c = Checker {
        diagnostics,
        folders,
    };
    let raw = input.raw;
    let spans = &input.spans;

    if raw.stillpoint != Whole(1) {
        c.error(
            format!(
                "this file is for format version {}; this Stillpoint reads version 1",
                raw.stillpoint.0
            ),
            spans.value("stillpoint"),
            "write `stillpoint = 1`, or update Stillpoint for newer routines",
        );
    }
    let title = c.text(
        "title",
        &raw.title,
        &Place::Top,
        spans,
        MAX_TITLE_CHARS,
        true,
    );
    for key_text in [("summary", &raw.summary), ("author", &raw.author)] {
        if let (key, Some(text)) = key_text {
            c.text(key, text, &Place::Top, spans, usize::MAX, true);
        }
    }
    let tags = raw.tags.unwrap_or_default();
    for (i, tag) in tags.iter().enumerate() {
        let span = spans.item("tags", i);
        c.plain_text("a tag in `tags`", span, tag, MAX_TAG_CHARS, false);
    }
    let cautions = c.cautions(raw.cautions.unwrap_or_default(), spans);
    let language = match raw.language {
        Some(tag) => c.language(tag, spans).map(Some),
        None => Some(None),
    };
    let lead_in = match &raw.lead_in {
        Some(text) => c.duration(
            "lead_in",
            text,
            &Place::Top,
            spans,
            Duration::ZERO,
            MAX_LEAD_IN,
        ),
        None => Some(DEFAULT_LEAD_IN),
    };
    let sound = raw
        .sound
        .map(|s| c.sound_settings(s, &input.sound_spans))
        .unwrap_or_default();

    let mut steps = Vec::new();
    let mut total = lead_in.unwrap_or_default();
    let mut over_limit_reported = false;
    for step_input in &input.steps {
        let Some(step) = c.step(step_input) else {
            continue;
        };
        total = total.checked_add(step.total()).unwrap_or(Duration::MAX);
        if total > MAX_SESSION && !over_limit_reported {
            over_limit_reported = true;
            c.error(
                format!(
                    "with {}, the session would last more than 4h (at least {})",
                    step_input.place,
                    duration::format(total)
                ),
                step_input.spans.header(),
                "a session may last at most 4h; shorten steps or split the routine in two",
            );
        }
        steps.push(step);
    }
    if total > LONG_SESSION && total <= MAX_SESSION {
        c.diagnostics.push(
            Diagnostic::warning(format!(
                "the session lasts {}, over an hour",
                duration::format(total)
            ))
            .at(spans.key("title"))
            .help("long sessions are hard to follow when in pain; consider a shorter routine"),
        );
    }
    let errors_after = c.diagnostics.iter().filter(|d| d.is_error()).count();
    if errors_after > errors_before || steps.len() != input.steps.len() {
        return None;
    }
    let routine = Routine {
        title: title?,
        summary: raw.summary,
        author: raw.author,
        tags,
        language: language?,
        cautions: cautions?,
        lead_in: lead_in?,
        sound,
        steps,
    };
    spoken_cuts(&routine, &input.steps, for_author);
    super::recordings::check(&routine, &input.sound_spans, &input.steps, for_author);
    Some(routine)
}

impl Checker<'_> {
    fn error(&mut self, message: String, span: Range<usize>, help: impl Into<String>) {
        self.diagnostics
            .push(Diagnostic::error(message).at(span).help(help));
    }

    fn subject(key: &str, place: &Place) -> String {
        match place {
            Place::Top => format!("`{key}`"),
            _ => format!("`{key}` in {place}"),
        }
    }

    /// Checks the text value of `key` as `plain_text` does; a title must
    /// also not be empty.
    fn text(
        &mut self,
        key: &str,
        text: &str,
        place: &Place,
        spans: &TableSpans,
        max: usize,
        multiline: bool,
    ) -> Option<String> {
        let span = spans.value(key);
        let subject = Self::subject(key, place);
        if key == "title" && text.trim().is_empty() {
            self.error(
                format!("{subject} is empty"),
                span,
                "give it a short name, e.g. \"Neck kneading\"",
            );
            return None;
        }
        self.plain_text(&subject, span, text, max, multiline)
            .then(|| text.to_owned())
    }

    /// Checks that a text is not too long and free of control characters
    /// (newlines and tabs allowed in long text); `subject` names it.
    fn plain_text(
        &mut self,
        subject: &str,
        span: Range<usize>,
        text: &str,
        max: usize,
        multiline: bool,
    ) -> bool {
        let count = text.chars().count();
        if count > max {
            self.error(
                format!("{subject} is {count} characters long; at most {max} are allowed"),
                span,
                "shorten it",
            );
            return false;
        }
        let allowed = |c: char| multiline && (c == '\n' || c == '\t');
        if let Some(bad) = text.chars().find(|c| c.is_control() && !allowed(*c)) {
            self.error(
                format!(
                    "{subject} contains the control character U+{:04X}",
                    bad as u32
                ),
                span,
                "remove it; only plain text is shown",
            );
            return false;
        }
        true
    }

    /// The routine's `cautions`: a few short, non-empty lines.
    fn cautions(&mut self, cautions: Vec<String>, spans: &TableSpans) -> Option<Vec<String>> {
        if cautions.len() > MAX_CAUTIONS {
            self.error(
                format!(
                    "`cautions` has {} entries; at most {MAX_CAUTIONS} are allowed",
                    cautions.len()
                ),
                spans.value("cautions"),
                "keep the few a person must read before starting",
            );
            return None;
        }
        let mut ok = true;
        for (i, caution) in cautions.iter().enumerate() {
            let span = spans.item("cautions", i);
            if caution.trim().is_empty() {
                self.error(
                    "a caution in `cautions` is empty".to_owned(),
                    span,
                    "write it out, e.g. \"Stop if you feel dizzy.\", or remove it",
                );
                ok = false;
                continue;
            }
            ok &= self.plain_text(
                "a caution in `cautions`",
                span,
                caution,
                MAX_CAUTION_CHARS,
                false,
            );
        }
        ok.then_some(cautions)
    }

    /// A step's `say`: plain text on one line, as short as a spoken cue.
    fn spoken_text(&mut self, text: &str, place: &Place, spans: &TableSpans) -> Option<String> {
        if text.trim().is_empty() {
            self.error(
                format!("{} is empty", Self::subject("say", place)),
                spans.value("say"),
                "write what the voice says, e.g. \"Neck kneading, left side\", or remove `say`",
            );
            return None;
        }
        self.text("say", text, place, spans, MAX_SAY_CHARS, false)
    }

    /// The routine's `language`: a BCP 47 tag such as "en", "de" or "pt-BR".
    fn language(&mut self, tag: String, spans: &TableSpans) -> Option<String> {
        let mut parts = tag.split('-');
        let primary = parts.next().unwrap_or_default();
        let primary_ok =
            (2..=3).contains(&primary.len()) && primary.chars().all(|c| c.is_ascii_alphabetic());
        let rest_ok = parts
            .all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()));
        if primary_ok && rest_ok {
            return Some(tag);
        }
        self.error(
            format!("`language` is \"{tag}\", which is not a language tag"),
            spans.value("language"),
            "write a BCP 47 tag such as \"en\", \"de\" or \"pt-BR\"",
        );
        None
    }

    fn duration(
        &mut self,
        key: &str,
        text: &DurationText,
        place: &Place,
        spans: &TableSpans,
        min: Duration,
        max: Duration,
    ) -> Option<Duration> {
        let span = spans.value(key);
        let subject = Self::subject(key, place);
        match duration::parse(text) {
            Err(DurationError(help)) => {
                self.error(format!("{subject} is not a duration"), span, help);
                None
            }
            Ok(d) if d < min || d > max => {
                let limits = format!(
                    "from {} to {}",
                    duration::format(min),
                    duration::format(max)
                );
                self.error(
                    format!("{subject} is {}; it must be {limits}", duration::format(d)),
                    span,
                    range_help(key, &limits),
                );
                None
            }
            Ok(d) => Some(d),
        }
    }

    fn whole(
        &mut self,
        key: &str,
        Whole(value): Whole,
        place: &Place,
        spans: &TableSpans,
        limits: RangeInclusive<i128>,
        unit: &str,
    ) -> Option<u32> {
        let (min, max) = (*limits.start(), *limits.end());
        if limits.contains(&value) {
            return u32::try_from(value).ok();
        }
        let limits = format!("from {min} to {max}{unit}");
        self.error(
            format!(
                "{} is {value}; it must be {limits}",
                Self::subject(key, place)
            ),
            spans.value(key),
            range_help(key, &limits),
        );
        None
    }

    fn sound(
        &mut self,
        key: &str,
        text: &str,
        names: &[&'static str],
        spans: &TableSpans,
    ) -> Option<Sound> {
        let instead = if key == "voice" {
            "the voice speaks instead"
        } else {
            "the default sound plays instead"
        };
        let resolved = sounds::resolve(text, names, key, &self.folders, spans.value(key), instead);
        self.diagnostics.extend(resolved.diagnostic);
        resolved.sound
    }

    fn sound_settings(&mut self, raw: RawSound, spans: &TableSpans) -> SoundSettings {
        let mut settings = SoundSettings::default();
        if let Some(ambient) = raw.ambient {
            settings.ambient = if ambient == "none" {
                Sound::None
            } else {
                self.sound("ambient", &ambient, AMBIENTS, spans)
                    .unwrap_or(Sound::None)
            };
        }
        if let Some(volume) = raw.ambient_volume {
            if AMBIENT_VOLUME.contains(&volume) {
                settings.ambient_volume = volume as f32;
            } else {
                self.error(
                    format!("`ambient_volume` in [sound] is {volume}; it must be from 0.0 to 1.0"),
                    spans.value("ambient_volume"),
                    "0.25 is a quiet bed; 0.0 is silent",
                );
            }
        }
        settings.cues = raw.cues.unwrap_or(true);
        settings.tempo_ticks = raw.tempo_ticks.unwrap_or(false);
        settings.voice = raw.voice.unwrap_or(Spoken::Steps);
        if let Some(countdown) = raw.countdown {
            settings.countdown = self
                .whole(
                    "countdown",
                    countdown,
                    &Place::Sound,
                    spans,
                    COUNTDOWN,
                    " seconds",
                )
                .unwrap_or(3);
        }
        if let Some(chime) = raw.chime {
            settings.chime = self
                .sound("chime", &chime, CHIMES, spans)
                .unwrap_or(Sound::Builtin("bowl"));
        }
        settings
    }

    fn step(&mut self, input: &StepInput) -> Option<Step> {
        let (raw, place, spans) = (&input.raw, &input.place, &input.spans);
        let kind = raw.kind;
        let mut ok = true;
        for key in spans.keys.keys() {
            let belongs =
                COMMON_STEP_KEYS.contains(&key.as_str()) || kind_keys(kind).contains(&key.as_str());
            if !belongs {
                ok = false;
                let help = if kind == StepKind::Wait && key == "duration" {
                    "a wait lasts until space is pressed; write `at_most` instead to move on by itself after that long".to_owned()
                } else {
                    format!("a {kind} step takes {}", backticked(kind_keys(kind)))
                };
                self.error(
                    format!("`{key}` does not belong in {place}, a {kind} step"),
                    spans.key(key),
                    help,
                );
            }
        }
        let title = self.text("title", &raw.title, place, spans, MAX_TITLE_CHARS, false);
        let instructions = match &raw.instructions {
            Some(text) => self.text(
                "instructions",
                text,
                place,
                spans,
                MAX_INSTRUCTION_CHARS,
                true,
            ),
            None => Some(String::new()),
        };
        if instructions.as_deref().is_some_and(|t| t.trim().is_empty()) {
            self.diagnostics.push(
                Diagnostic::warning(format!("{place} has no instructions"))
                    .at(spans.header())
                    .help("add `instructions = \"\"\"…\"\"\"` so the person knows what to do"),
            );
        }
        let lines = instructions.as_deref().map_or(0, |t| {
            crate::wrap::wrap(t, SCREEN_TEXT_WIDTH.into(), usize::MAX, "").len()
        });
        if lines > usize::from(SCREEN_TEXT_ROWS) {
            self.diagnostics.push(
                Diagnostic::warning(format!(
                    "the instructions of {place} take {lines} lines on an 80×24 screen, which shows {SCREEN_TEXT_ROWS} beside the step"
                ))
                .at(spans.key("instructions"))
                .help("the player pages them; shorten them, use fewer line breaks, or split the step so they can be read at a glance"),
            );
        }
        let repeat = match raw.repeat {
            Some(n) => self.whole("repeat", n, place, spans, REPEAT, " times"),
            None => Some(1),
        };
        let between = match &raw.between {
            Some(text) => self.duration("between", text, place, spans, Duration::ZERO, MAX_STEP),
            None => Some(Duration::ZERO),
        };
        if raw.between.is_some() && raw.repeat.unwrap_or(Whole(1)) == Whole(1) {
            self.diagnostics.push(
                Diagnostic::warning(format!(
                    "`between` in {place} has no effect without `repeat`"
                ))
                .at(spans.key("between"))
                .help("add `repeat = 2` or more, or remove `between`"),
            );
        }
        let tempo = match raw.tempo {
            Some(n) => self
                .whole("tempo", n, place, spans, TEMPO, " a minute")
                .map(Some),
            None => Some(None),
        };
        let sound = match &raw.sound {
            Some(text) => Some(self.sound("sound", text, CHIMES, spans)),
            None => Some(None),
        };
        let say = match &raw.say {
            Some(text) => self.spoken_text(text, place, spans).map(Some),
            None => Some(None),
        };
        let voice = match &raw.voice {
            Some(text) => match self.sound("voice", text, &[], spans) {
                Some(Sound::File(file)) => Some(Some(file)),
                _ => Some(None),
            },
            None => Some(None),
        };
        let (pacing, duration) = if kind == StepKind::Breathe {
            self.breathing(input)?
        } else if kind == StepKind::Wait {
            self.wait(input)?
        } else {
            let duration = match &raw.duration {
                Some(text) => {
                    let slip =
                        slips::bare_seconds("duration", text, place, spans.value("duration"));
                    self.diagnostics.extend(slip);
                    self.duration("duration", text, place, spans, MIN_STEP, MAX_STEP)
                }
                None if ok && !spans.keys.contains_key("duration") => {
                    self.error(
                        format!("{place} has no `duration`"),
                        spans.header(),
                        format!("add `duration = \"60s\"`; a {kind} step needs one"),
                    );
                    None
                }
                None => None,
            };
            let tempo = tempo?;
            let pacing = match kind {
                StepKind::Compress => Pacing::Compress {
                    temperature: raw.temperature.unwrap_or(Temperature::Warm),
                },
                StepKind::Knead => Pacing::Knead {
                    tempo,
                    pressure: raw.pressure,
                },
                StepKind::Circles => Pacing::Circles {
                    tempo,
                    direction: raw.direction.unwrap_or(Direction::Clockwise),
                    pressure: raw.pressure,
                },
                StepKind::Press => Pacing::Press {
                    tempo,
                    pressure: raw.pressure,
                },
                StepKind::Stretch => Pacing::Stretch,
                StepKind::Rest | StepKind::Breathe | StepKind::Wait => Pacing::Rest,
            };
            (pacing, duration?)
        };
        if !ok {
            return None;
        }
        if let (Some(between), Some(repeat)) = (between, repeat)
            && repeat > 1
        {
            let slip = slips::long_between(place, between, duration, spans.value("between"));
            self.diagnostics.extend(slip);
        }
        Some(Step {
            title: title?,
            instructions: instructions?,
            duration,
            area: raw.area,
            sides: raw.sides.unwrap_or(Sides::Both),
            repeat: repeat?,
            between: between?,
            sound: sound?,
            say: say?,
            voice: voice?,
            pacing,
        })
    }

    /// A wait step: until space, or at most its `at_most`.
    fn wait(&mut self, input: &StepInput) -> Option<(Pacing, Duration)> {
        let (raw, place, spans) = (&input.raw, &input.place, &input.spans);
        let Some(text) = &raw.at_most else {
            return Some((Pacing::Wait { at_most: None }, WAIT_COUNTED));
        };
        let slip = slips::bare_seconds("at_most", text, place, spans.value("at_most"));
        self.diagnostics.extend(slip);
        let at_most = self.duration("at_most", text, place, spans, MIN_STEP, MAX_STEP)?;
        Some((
            Pacing::Wait {
                at_most: Some(at_most),
            },
            at_most,
        ))
    }

    fn breathing(&mut self, input: &StepInput) -> Option<(Pacing, Duration)> {
        let (raw, place, spans) = (&input.raw, &input.place, &input.spans);
        let pattern = match &raw.pattern {
            Some(pattern) => self.pattern(pattern, input),
            // A pattern that is there but broken was reported when it was read.
            None if spans.keys.contains_key("pattern") => None,
            None => {
                self.error(
                    format!("{place} has no `pattern`"),
                    spans.header(),
                    "add `pattern = { inhale = 4, hold = 4, exhale = 4, rest = 4 }`",
                );
                None
            }
        };
        let cycles = match (raw.cycles, &raw.duration) {
            (Some(_), Some(_)) => {
                self.error(
                    format!("{place} gives both `cycles` and `duration`"),
                    spans.key("duration"),
                    "give one: `cycles = 6`, or a `duration` that whole cycles fill",
                );
                None
            }
            (Some(n), None) => self.whole("cycles", n, place, spans, CYCLES, " cycles"),
            (None, Some(text)) => {
                let d = self.duration("duration", text, place, spans, MIN_STEP, MAX_STEP)?;
                let cycle = pattern?.cycle();
                let fit = (d.as_millis() / cycle.as_millis().max(1)).max(1);
                if fit > MAX_CYCLES as u128 {
                    self.error(
                        format!(
                            "{place} would breathe {fit} cycles in {}; at most {MAX_CYCLES} are allowed",
                            duration::format(d)
                        ),
                        spans.value("duration"),
                        format!(
                            "use a duration of at most {}",
                            duration::format(cycle * MAX_CYCLES as u32)
                        ),
                    );
                    return None;
                }
                let fit = u32::try_from(fit).ok()?;
                let slip = slips::partial_breaths(place, d, cycle, fit, spans.value("duration"));
                self.diagnostics.extend(slip);
                Some(fit)
            }
            (None, None)
                if spans.keys.contains_key("cycles") || spans.keys.contains_key("duration") =>
            {
                None
            }
            (None, None) => {
                self.error(
                    format!("{place} needs `cycles` or `duration`"),
                    spans.header(),
                    "add `cycles = 6`, or a `duration` such as \"2m\"",
                );
                None
            }
        };
        let (pattern, cycles) = (pattern?, cycles?);
        let duration = pattern.cycle().checked_mul(cycles)?;
        if duration > MAX_STEP {
            self.error(
                format!(
                    "{place} lasts {}; a step may last at most 2h",
                    duration::format(duration)
                ),
                spans.value("cycles"),
                "use fewer cycles",
            );
            return None;
        }
        let pace = pattern.breaths_per_minute();
        if !(3.0..=20.0).contains(&pace) {
            self.diagnostics.push(
                Diagnostic::warning(format!(
                    "{place} paces {pace:.1} breaths a minute, outside the usual 3 to 20"
                ))
                .at(spans.value("pattern"))
                .help("check the pattern; very slow or fast breathing can make people dizzy"),
            );
        }
        Some((Pacing::Breathe { pattern, cycles }, duration))
    }

    fn pattern(&mut self, raw: &RawPattern, input: &StepInput) -> Option<BreathPattern> {
        let place = Place::Pattern {
            number: match input.place {
                Place::Step { number, .. } => number,
                _ => 0,
            },
            title: match &input.place {
                Place::Step { title, .. } => title.clone(),
                _ => None,
            },
        };
        let spans = &input.pattern_spans;
        let mut phase = |key: &str, value: Option<f64>, min: f64| -> Option<Duration> {
            let seconds = value.unwrap_or(0.0);
            let valid = seconds.is_finite()
                && (min..=MAX_PHASE_SECONDS).contains(&seconds)
                && (seconds / PHASE_STEP_SECONDS).fract() == 0.0;
            if valid {
                return Some(Duration::from_millis((seconds * 1000.0) as u64));
            }
            self.error(
                format!("`{key}` in {place} is {seconds}; it must be from {min} to {MAX_PHASE_SECONDS} seconds, in whole or half seconds"),
                spans.value(key),
                format!("for example `{key} = 4` or `{key} = 4.5`"),
            );
            None
        };
        let inhale = phase("inhale", Some(raw.inhale), MIN_BREATH_SECONDS);
        let hold = phase("hold", raw.hold, 0.0);
        let exhale = phase("exhale", Some(raw.exhale), MIN_BREATH_SECONDS);
        let rest = phase("rest", raw.rest, 0.0);
        Some(BreathPattern {
            inhale: inhale?,
            hold: hold?,
            exhale: exhale?,
            rest: rest?,
        })
    }
}

/// A warning for each step whose spoken announcement is shortened or left
/// out because the step leaves no room for it before its next sound.
fn spoken_cuts(routine: &Routine, steps: &[StepInput], diagnostics: &mut Vec<Diagnostic>) {
    let script = Script::new(routine, &Timeline::build(routine));
    let mut warned = Vec::new();
    for cut in &script.cuts {
        if warned.contains(&cut.step) {
            continue;
        }
        warned.push(cut.step);
        let Some(input) = steps.get(cut.step) else {
            continue;
        };
        let said = match &cut.instead {
            Some(instead) => format!("says only \"{instead}\""),
            None => "says nothing".to_owned(),
        };
        diagnostics.push(
            Diagnostic::warning(format!(
                "at the start of {} the voice {said}: \"{}\" takes about {:.1}s, and the next sound comes after {:.1}s",
                input.place,
                cut.text,
                cut.needs.as_secs_f64(),
                cut.has.as_secs_f64()
            ))
            .at(input.spans.header())
            .help("lengthen the step, or give it a shorter `say` or title"),
        );
    }
}

fn range_help(key: &str, limits: &str) -> String {
    match key {
        "duration" => format!("steps last {limits}"),
        "at_most" => format!(
            "a wait moves on by itself after {}",
            limits.replacen("from ", "", 1)
        ),
        "lead_in" => format!("the lead-in lasts {limits}"),
        "repeat" => format!("a step repeats {limits}"),
        _ => format!("use a value {limits}"),
    }
}
