//! From config text to [`Config`]: TOML syntax, unknown keys and values
//! out of range, each a diagnostic pointing at the key or value to change.
//! Every wrong key is reported at once, not only the first.

use serde::Deserialize;
use toml::Spanned;
use toml::de::{DeTable, Deserializer};

use super::Config;
use crate::diagnostic::Diagnostic;

/// Every key the config takes, what it takes, and an example.
const KEYS: &[(&str, &str, &str)] = &[
    ("volume", super::Volume::EXPECTED, "volume = 70"),
    ("theme", super::Theme::EXPECTED, "theme = \"dim\""),
    ("reduced_motion", "true or false", "reduced_motion = true"),
    (
        "routine_folders",
        "a list of folder paths in quotes",
        "routine_folders = [\"~/routines\"]",
    ),
    (
        "weekly_goal",
        super::WeeklyGoal::EXPECTED,
        "weekly_goal = 3",
    ),
    (
        "audio_device",
        "the name of an audio device, in quotes",
        "audio_device = \"default\"",
    ),
    ("checkin", "true or false", "checkin = true"),
    (
        "reading_words_a_minute",
        super::ReadingSpeed::EXPECTED,
        "reading_words_a_minute = 150",
    ),
    ("voice", "true or false", "voice = false"),
    (
        "relief_routine",
        "a routine's name, title or path, in quotes",
        "relief_routine = \"neck-shoulders-temples\"",
    ),
    ("voice_breaths", "true or false", "voice_breaths = true"),
    (
        "quiet_after",
        super::QuietAfter::EXPECTED,
        "quiet_after = \"21:00\"",
    ),
    ("streak", "true or false", "streak = false"),
    (
        "voice_command",
        "a shell command in quotes that reads text and writes a WAV",
        "voice_command = \"piper --model ~/voices/en.onnx --output_file -\"",
    ),
];

/// Parses config text. Keys that are not given keep their defaults.
pub fn parse(text: &str) -> Result<Config, Vec<Diagnostic>> {
    let root = DeTable::parse(text).map_err(|e| vec![syntax(&e)])?;
    let span = root.span();
    let mut table = root.into_inner();
    let mut diagnostics = Vec::new();
    loop {
        let whole = Spanned::new(span.clone(), table.clone());
        let error = match Config::deserialize(Deserializer::from(whole)) {
            Ok(config) if diagnostics.is_empty() => return Ok(config),
            Ok(_) => return Err(in_file_order(diagnostics)),
            Err(e) => e,
        };
        let at = error.span().unwrap_or(span.clone());
        let culprit = table
            .iter()
            .find(|(k, v)| contains(&k.span(), &at) || contains(&v.span(), &at))
            .map(|(k, v)| (k.get_ref().to_string(), k.span(), v.span()));
        let Some((key, key_span, value_span)) = culprit else {
            // Not about one key: nothing to take out and retry without.
            diagnostics.push(Diagnostic::error(error.message().trim().to_owned()).at(at));
            return Err(in_file_order(diagnostics));
        };
        diagnostics.push(match KEYS.iter().find(|(k, ..)| *k == key) {
            Some((_, expected, example)) => {
                Diagnostic::error(format!("`{key}` must be {expected}"))
                    .at(value_span)
                    .help(format!("for example `{example}`"))
            }
            None => unknown_key(&key).at(key_span),
        });
        table.remove(key.as_str());
    }
}

/// Serde meets keys in its own order; the person reads top to bottom.
fn in_file_order(mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diagnostics.sort_by_key(|d| d.span.as_ref().map_or(0, |s| s.start));
    diagnostics
}

fn unknown_key(key: &str) -> Diagnostic {
    let known = KEYS.iter().map(|(k, ..)| *k);
    let help = match crate::routine::suggest_word(key, known.clone()) {
        Some(near) => format!("did you mean `{near}`?"),
        None => format!("the config takes {}", known.collect::<Vec<_>>().join(", ")),
    };
    Diagnostic::error(format!("unknown key `{key}` in the config")).help(help)
}

fn syntax(error: &toml::de::Error) -> Diagnostic {
    let message = error.message().trim();
    let d = Diagnostic::error(format!("the config is not valid TOML: {message}"));
    match error.span() {
        Some(span) => d.at(span),
        None => d,
    }
}

fn contains(outer: &std::ops::Range<usize>, inner: &std::ops::Range<usize>) -> bool {
    outer.start <= inner.start && inner.end <= outer.end
}
