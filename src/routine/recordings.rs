//! How a routine's own sound files will sound, told to its author (by
//! `check` and `plan`, never at play): a file that cannot be decoded, is
//! silent, is cut short, or lasts longer than it is played. The player
//! falls back or cuts without a word; the author hears of it here.

use std::ops::Range;
use std::time::Duration;

use rodio::SampleRate;

use super::parse::StepInput;
use super::spans::TableSpans;
use super::{Routine, Sound, SoundFile};
use crate::audio::cues::LONGEST_CUE;
use crate::audio::decode;
use crate::diagnostic::Diagnostic;

/// The rate files are decoded at to look at them: enough to hear silence.
const LOOK_RATE: u32 = 16_000;

/// Quieter than this at its loudest (−60 dB), a file is silent.
const SILENT: f32 = 0.001;

/// One file the routine names, where, and how much of it is played.
struct Named<'a> {
    file: &'a SoundFile,
    /// "`chime` in [sound]", "`sound` in step 2 (\"Rest\")".
    subject: String,
    span: Range<usize>,
    /// The longest stretch of it that is played, if it is cut.
    played: Option<Duration>,
}

/// A warning for each sound file of `routine` that will not sound as its
/// author expects.
pub fn check(
    routine: &Routine,
    sound_spans: &TableSpans,
    steps: &[StepInput],
    out: &mut Vec<Diagnostic>,
) {
    for named in named(routine, sound_spans, steps) {
        out.extend(look_at(&named));
    }
}

fn named<'a>(
    routine: &'a Routine,
    sound_spans: &TableSpans,
    steps: &[StepInput],
) -> Vec<Named<'a>> {
    let mut files = Vec::new();
    let sound = &routine.sound;
    if let Sound::File(file) = &sound.chime {
        files.push(Named {
            file,
            subject: "`chime` in [sound]".to_owned(),
            span: sound_spans.value("chime"),
            played: Some(LONGEST_CUE),
        });
    }
    if let Sound::File(file) = &sound.ambient {
        files.push(Named {
            file,
            subject: "`ambient` in [sound]".to_owned(),
            span: sound_spans.value("ambient"),
            played: None,
        });
    }
    for (step, step_input) in routine.steps.iter().zip(steps) {
        let place = &step_input.place;
        if let Some(Sound::File(file)) = &step.sound {
            files.push(Named {
                file,
                subject: format!("`sound` in {place}"),
                span: step_input.spans.value("sound"),
                played: Some(LONGEST_CUE),
            });
        }
        if let Some(file) = &step.voice {
            files.push(Named {
                file,
                subject: format!("`voice` in {place}"),
                span: step_input.spans.value("voice"),
                played: None,
            });
        }
    }
    files
}

fn look_at(named: &Named<'_>) -> Option<Diagnostic> {
    let name = named.file.path().display();
    let subject = &named.subject;
    let warn = |message: String, help: &str| {
        Some(
            Diagnostic::warning(message)
                .at(named.span.clone())
                .help(help.to_owned()),
        )
    };
    if let Some((declared, present)) = named.file.cut_short() {
        return warn(
            format!(
                "{subject}: `{name}` is cut short: its header promises {}, the file holds {}",
                seconds(declared),
                seconds(present)
            ),
            "the file was not copied whole; copy or export it again",
        );
    }
    let rate = SampleRate::new(LOOK_RATE)?;
    let samples = match decode::decode_file(named.file, rate, Duration::MAX) {
        Ok(samples) => samples,
        Err(why) => {
            return warn(
                format!("{subject}: `{name}` cannot be played: {why}"),
                "export it again as WAV, OGG Vorbis, FLAC or MP3; the default sound plays instead",
            );
        }
    };
    let loudest = samples.iter().fold(0.0f32, |m, s| m.max(s.abs()));
    if loudest < SILENT {
        return warn(
            format!("{subject}: `{name}` is silent (nothing in it is louder than −60 dB)"),
            "check the recording: nothing is heard where it plays",
        );
    }
    let length = Duration::from_secs_f64(samples.len() as f64 / f64::from(LOOK_RATE));
    let played = named.played.filter(|&played| length > played)?;
    warn(
        format!(
            "{subject}: `{name}` lasts {}; a cue plays at most {}, so it is cut to {} and faded out",
            seconds(length),
            seconds(played),
            seconds(played)
        ),
        "trim the file to the part that should be heard",
    )
}

/// "4.0s", "12.5s".
fn seconds(d: Duration) -> String {
    format!("{:.1}s", d.as_secs_f64())
}
