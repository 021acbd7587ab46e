//! `stillpoint check FILE…`: every finding in every file, compiler style or
//! as JSON, and an exit code that fails on any error.

use std::path::PathBuf;

use super::{CheckFormat, exit};
use crate::diagnostic::{Diagnostic, JsonDiagnostic, Report, Severity, bounded};
use crate::routine::vocabulary::Spoken;
use crate::routine::{self, duration, source};
use crate::voice::engine::Engine;

struct Checked {
    path: String,
    text: String,
    diagnostics: Vec<Diagnostic>,
    summary: Option<String>,
    /// The routine's language, when it is valid and names one.
    language: Option<String>,
    /// Whether the routine, when valid, has anything to say.
    speaks: bool,
}

pub fn run(files: &[PathBuf], strict: bool, format: CheckFormat) -> u8 {
    let checked: Vec<Checked> = files.iter().map(|p| check_one(p)).collect();
    let count = |f: fn(&Diagnostic) -> bool| -> usize {
        checked
            .iter()
            .map(|c| c.diagnostics.iter().filter(|d| f(d)).count())
            .sum()
    };
    let errors = count(Diagnostic::is_error);
    let warnings = count(|d| !d.is_error());
    let failed = checked
        .iter()
        .filter(|c| c.diagnostics.iter().any(|d| d.is_error() || strict))
        .count();

    match format {
        CheckFormat::Json => {
            let all: Vec<JsonDiagnostic> = checked
                .iter()
                .flat_map(|c| {
                    let (shown, more) = bounded(&c.path, &c.diagnostics);
                    let listed = shown.iter().map(|d| {
                        JsonDiagnostic::from(&Report {
                            path: &c.path,
                            text: &c.text,
                            diagnostic: d,
                        })
                    });
                    // The rest are counted in one entry of their own.
                    let counted = more.map(|message| JsonDiagnostic {
                        file: &c.path,
                        line: None,
                        column: None,
                        severity: Severity::Error,
                        message: message.into(),
                        help: None,
                    });
                    listed.chain(counted).collect::<Vec<_>>()
                })
                .collect();
            println!("{}", serde_json::to_string_pretty(&all).unwrap_or_default());
        }
        CheckFormat::Human => {
            for c in &checked {
                let (shown, more) = bounded(&c.path, &c.diagnostics);
                for d in shown {
                    eprint!(
                        "{}",
                        Report {
                            path: &c.path,
                            text: &c.text,
                            diagnostic: d
                        }
                    );
                    eprintln!();
                }
                if let Some(more) = more {
                    eprintln!("{more}\n");
                }
                if let Some(summary) = &c.summary {
                    println!("ok: {} ({summary})", c.path);
                }
            }
            let files_word = if checked.len() == 1 { "file" } else { "files" };
            let mut line = format!(
                "checked {} {files_word}: {} ok",
                checked.len(),
                checked.len() - failed
            );
            if failed > 0 {
                line.push_str(&format!(", {failed} failed"));
            }
            line.push_str(&format!(
                " ({} {}, {} {})",
                errors,
                plural(errors, "error"),
                warnings,
                plural(warnings, "warning")
            ));
            for note in voice_notes(&checked) {
                eprintln!("note: {note}");
            }
            if failed > 0 {
                eprintln!("{line}")
            } else {
                println!("{line}")
            }
        }
    }
    if failed > 0 { exit::USER } else { exit::OK }
}

/// What this machine's voice can do for the routines checked: a language
/// it has no voice for, or an engine that cannot speak. These depend on the
/// machine, not the file, so they are notes that never fail a check.
fn voice_notes(checked: &[Checked]) -> Vec<String> {
    if !checked.iter().any(|c| c.speaks) {
        return Vec::new();
    }
    let config = crate::config::Config::load().unwrap_or_default();
    if !config.voice {
        return Vec::new();
    }
    let command = config.voice_command.as_deref();
    let mut languages: Vec<Option<&str>> = checked
        .iter()
        .filter(|c| c.speaks)
        .map(|c| c.language.as_deref())
        .collect();
    languages.sort();
    languages.dedup();
    let mut notes = Vec::new();
    for language in languages {
        match Engine::choose(command, language) {
            Err(why) => {
                notes.push(format!(
                    "voice off on this machine: {why}; sessions play with chimes only"
                ));
                return notes;
            }
            Ok((_, Some(note))) => notes.push(note),
            Ok(_) => {}
        }
    }
    if let Ok((engine, _)) = Engine::choose(command, None)
        && let Err(why) = engine.speak("Stillpoint.")
    {
        notes.push(format!(
            "voice off on this machine: {why}; sessions play with chimes only"
        ));
    }
    notes
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        word.to_owned()
    } else {
        format!("{word}s")
    }
}

fn check_one(path: &std::path::Path) -> Checked {
    let shown = path.display().to_string();
    match source::read(path) {
        Err(failure) => Checked {
            path: shown,
            text: failure.text,
            diagnostics: vec![failure.diagnostic],
            summary: None,
            language: None,
            speaks: false,
        },
        Ok(source) if crate::program::is_program(&source.text) => {
            let finds = crate::program::found::routine_finder(source.folder.clone());
            let parsed = crate::program::parse(&source.text, &finds);
            let summary = parsed.program.as_ref().map(|p| {
                let weeks = p.weeks.len();
                format!("program \"{}\", {weeks} {}", p.title, plural(weeks, "week"))
            });
            Checked {
                path: shown,
                text: source.text,
                diagnostics: parsed.diagnostics,
                summary,
                language: None,
                speaks: false,
            }
        }
        Ok(source) => {
            let parsed = routine::parse(&source);
            let summary = parsed.routine.as_ref().map(|r| {
                let steps = r.steps.len();
                format!(
                    "\"{}\", {} {}, {}",
                    r.title,
                    steps,
                    plural(steps, "step"),
                    duration::format(r.total())
                )
            });
            let routine = parsed.routine.as_ref();
            let mut diagnostics = parsed.diagnostics;
            diagnostics.extend(parsed.for_author);
            diagnostics.sort_by_key(|d| d.span.as_ref().map_or(0, |s| s.start));
            Checked {
                path: shown,
                text: source.text,
                diagnostics,
                summary,
                language: routine.and_then(|r| r.language.clone()),
                speaks: routine.is_some_and(|r| r.sound.voice != Spoken::None),
            }
        }
    }
}
