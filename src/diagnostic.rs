//! Compiler-style diagnostics that point at the line, column and text a
//! routine author has to change.

use std::fmt::{self, Write as _};
use std::ops::Range;

use serde::Serialize;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One finding about a file: what is wrong, where, and how to fix it. The
/// message and help never hold a raw control character: a title or value
/// echoed from the file could otherwise clear or blink the terminal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    /// Byte range in the source text, when the finding has a place.
    pub span: Option<Range<usize>>,
    /// Shown after the caret: "did you mean `duration`?".
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            message: escape_controls(message.into()),
            span: None,
            help: None,
        }
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(message)
        }
    }

    pub fn at(mut self, span: Range<usize>) -> Self {
        self.span = Some(span);
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(escape_controls(help.into()));
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Writes control characters as escapes: an ESC as `\u{1b}`, a newline as `\n`.
fn escape_controls(text: String) -> String {
    if !text.chars().any(char::is_control) {
        return text;
    }
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_debug().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// A line and column, both counted from 1; the column counts characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// Finds the line and column of a byte offset in `text`.
pub fn position(text: &str, offset: usize) -> Position {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Position {
        line: before.matches('\n').count() + 1,
        column: before[line_start..].chars().count() + 1,
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// A diagnostic together with the file it is about, ready to show.
pub struct Report<'a> {
    pub path: &'a str,
    pub text: &'a str,
    pub diagnostic: &'a Diagnostic,
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.diagnostic;
        let label = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(f, "{label}: {}", d.message)?;
        let Some(span) = &d.span else {
            writeln!(f, "  --> {}", self.path)?;
            if let Some(help) = &d.help {
                writeln!(f, "   = help: {help}")?;
            }
            return Ok(());
        };
        let start = position(self.text, span.start);
        let number = start.line.to_string();
        let gutter = " ".repeat(number.len());
        writeln!(
            f,
            "{gutter}--> {}:{}:{}",
            self.path, start.line, start.column
        )?;
        writeln!(f, "{gutter} |")?;
        let line = self.text.lines().nth(start.line - 1).unwrap_or("");
        let line_chars = line.chars().count();
        let span_end = position(self.text, span.end);
        let end_column = if span_end.line == start.line {
            span_end.column
        } else {
            line_chars + 1
        };
        let width = end_column.saturating_sub(start.column).max(1);
        let window = Window::around(line_chars, start.column - 1, width);
        let shown: String = line
            .chars()
            .skip(window.first)
            .take(window.chars)
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        let (before, after) = window.marks();
        writeln!(
            f,
            "{}",
            format!("{number} | {before}{shown}{after}").trim_end()
        )?;
        let mut underline = String::new();
        write!(
            underline,
            "{}{}",
            " ".repeat(window.caret(start.column - 1) + before.chars().count()),
            "^".repeat(window.underline(start.column - 1, width))
        )?;
        if let Some(help) = &d.help {
            write!(underline, " {help}")?;
        }
        writeln!(f, "{gutter} | {underline}")
    }
}

/// The longest source line shown whole, in characters; a longer one is
/// shown as a window of [`WINDOW_CHARS`] around the caret.
pub const MAX_LINE_CHARS: usize = 200;
/// The characters of a long line shown around the caret.
const WINDOW_CHARS: usize = 120;
/// Of the window, how many come before the caret.
const BEFORE_CARET: usize = 40;

/// The part of a source line that is shown: all of it when it is short.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Window {
    /// The first character shown, counted from 0.
    first: usize,
    /// How many characters are shown.
    chars: usize,
    /// Characters in the whole line.
    line: usize,
}

impl Window {
    /// The window of a line of `line` characters that shows the caret at
    /// character `at`, `width` wide (as much of it as fits).
    fn around(line: usize, at: usize, width: usize) -> Self {
        if line <= MAX_LINE_CHARS {
            return Window {
                first: 0,
                chars: line,
                line,
            };
        }
        let wanted = width.min(WINDOW_CHARS - BEFORE_CARET);
        let first = at
            .saturating_sub(BEFORE_CARET)
            .min(line.saturating_sub(WINDOW_CHARS))
            .min(at);
        let first = if at + wanted > first + WINDOW_CHARS {
            at + wanted - WINDOW_CHARS
        } else {
            first
        };
        Window {
            first,
            chars: WINDOW_CHARS.min(line - first),
            line,
        }
    }

    /// What marks a cut at each end: `… ` before, ` …` after.
    fn marks(&self) -> (&'static str, &'static str) {
        let before = if self.first > 0 { "… " } else { "" };
        let after = if self.first + self.chars < self.line {
            " …"
        } else {
            ""
        };
        (before, after)
    }

    /// Where character `at` of the line is in the window.
    fn caret(&self, at: usize) -> usize {
        at.saturating_sub(self.first)
    }

    /// How many carets of `width` from `at` fall in the window (at least one).
    fn underline(&self, at: usize, width: usize) -> usize {
        if self.line <= MAX_LINE_CHARS {
            return width;
        }
        let room = (self.first + self.chars + 1).saturating_sub(at);
        width.min(room).max(1)
    }
}

/// The most diagnostics shown for one file; the rest are counted in one
/// line, so that a damaged or hostile file cannot flood the terminal.
pub const MAX_SHOWN: usize = 20;

/// `diagnostics` without repeats (the same message at the same place),
/// in the order they came.
pub fn without_repeats(diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut seen = std::collections::HashSet::new();
    diagnostics
        .into_iter()
        .filter(|d| {
            seen.insert((
                d.severity,
                d.message.clone(),
                d.span.clone(),
                d.help.clone(),
            ))
        })
        .collect()
}

/// The diagnostics of one file to show (at most [`MAX_SHOWN`]), and the
/// line that counts the others: "and 61 more errors in r.toml, not shown".
pub fn bounded<'d>(
    path: &str,
    diagnostics: &'d [Diagnostic],
) -> (&'d [Diagnostic], Option<String>) {
    if diagnostics.len() <= MAX_SHOWN {
        return (diagnostics, None);
    }
    let (shown, rest) = diagnostics.split_at(MAX_SHOWN);
    let errors = rest.iter().filter(|d| d.is_error()).count();
    let warnings = rest.len() - errors;
    let count = |n: usize, word: &str| match n {
        1 => format!("1 more {word}"),
        n => format!("{n} more {word}s"),
    };
    let what = match (errors, warnings) {
        (e, 0) => count(e, "error"),
        (0, w) => count(w, "warning"),
        (e, w) => format!("{} and {}", count(e, "error"), count(w, "warning")),
    };
    (
        shown,
        Some(format!(
            "and {what} in {path}, not shown; fix the ones above, then check again"
        )),
    )
}

/// The machine-readable form of a diagnostic, for `check --format json`.
#[derive(Debug, Serialize)]
pub struct JsonDiagnostic<'a> {
    pub file: &'a str,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub severity: Severity,
    pub message: std::borrow::Cow<'a, str>,
    pub help: Option<&'a str>,
}

impl<'a> From<&Report<'a>> for JsonDiagnostic<'a> {
    fn from(report: &Report<'a>) -> Self {
        let d = report.diagnostic;
        let place = d.span.as_ref().map(|s| position(report.text, s.start));
        JsonDiagnostic {
            file: report.path,
            line: place.map(|p| p.line),
            column: place.map(|p| p.column),
            severity: d.severity,
            message: std::borrow::Cow::Borrowed(&d.message),
            help: d.help.as_deref(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_characters() {
        let text = "a = 1\nété = 2\n";
        assert_eq!(position(text, 0), Position { line: 1, column: 1 });
        let after_accent = text.find("= 2").unwrap();
        assert_eq!(
            position(text, after_accent),
            Position { line: 2, column: 5 }
        );
    }

    #[test]
    fn messages_never_carry_control_characters() {
        let d = Diagnostic::error("step 1 (\"Neck\u{1b}[2J\nkneading\")").help("a\u{7}");
        assert_eq!(d.message, "step 1 (\"Neck\\u{1b}[2J\\nkneading\")");
        assert_eq!(d.help.as_deref(), Some("a\\u{7}"));
    }

    #[test]
    fn an_empty_line_is_shown_without_trailing_space() {
        let d = Diagnostic::error("missing `stillpoint`").at(0..0);
        let shown = Report {
            path: "r.toml",
            text: "",
            diagnostic: &d,
        }
        .to_string();
        assert_eq!(
            shown,
            "error: missing `stillpoint`\n --> r.toml:1:1\n  |\n1 |\n  | ^\n"
        );
    }

    #[test]
    fn a_long_line_is_shown_as_a_window_around_the_caret() {
        let text = format!("x = {}{}\n", "[".repeat(150_000), "]".repeat(10));
        let at = 4 + 100_000;
        let d = Diagnostic::error("odd").at(at..at + 3).help("here");
        let shown = Report {
            path: "r.toml",
            text: &text,
            diagnostic: &d,
        }
        .to_string();
        let lines: Vec<&str> = shown.lines().collect();
        assert_eq!(lines[1], " --> r.toml:1:100005");
        assert_eq!(lines[3], format!("1 | … {} …", "[".repeat(WINDOW_CHARS)));
        let caret = lines[4].find('^').unwrap();
        assert_eq!(
            caret,
            "1 | ".len() + "… ".chars().count() + BEFORE_CARET,
            "{shown}"
        );
        assert!(lines[4].ends_with("^^^ here"));
        assert!(shown.len() < 400, "{}", shown.len());

        // The end of a long line, and its start.
        let end = text.len() - 2;
        let d = Diagnostic::error("odd").at(end..end + 1);
        let shown = Report {
            path: "r.toml",
            text: &text,
            diagnostic: &d,
        }
        .to_string();
        assert!(shown.lines().nth(3).unwrap().ends_with("]]]]]"), "{shown}");
        assert!(shown.lines().nth(4).unwrap().ends_with('^'), "{shown}");
        let d = Diagnostic::error("odd").at(0..1);
        let shown = Report {
            path: "r.toml",
            text: &text,
            diagnostic: &d,
        }
        .to_string();
        assert!(
            shown.lines().nth(3).unwrap().starts_with("1 | x = [[["),
            "{shown}"
        );
        assert!(shown.lines().nth(3).unwrap().ends_with(" …"), "{shown}");
    }

    #[test]
    fn at_most_twenty_are_shown_and_repeats_once() {
        let d = |n: usize| Diagnostic::error(format!("e{n}")).at(n..n + 1);
        let mut many: Vec<Diagnostic> = (0..25).map(d).collect();
        many.push(Diagnostic::warning("w"));
        many.push(d(3));
        let many = without_repeats(many);
        assert_eq!(many.len(), 26);
        let (shown, more) = bounded("r.toml", &many);
        assert_eq!(shown.len(), MAX_SHOWN);
        assert_eq!(
            more.as_deref(),
            Some(
                "and 5 more errors and 1 more warning in r.toml, not shown; fix the ones above, then check again"
            )
        );
        assert_eq!(bounded("r.toml", &many[..20]).1, None);
    }

    #[test]
    fn report_underlines_the_span_with_help() {
        let text = "title = \"x\"\nduratoin = \"60s\"\n";
        let start = text.find("duratoin").unwrap();
        let d = Diagnostic::error("unknown key `duratoin`")
            .at(start..start + 8)
            .help("did you mean `duration`?");
        let shown = Report {
            path: "r.toml",
            text,
            diagnostic: &d,
        }
        .to_string();
        assert_eq!(
            shown,
            "error: unknown key `duratoin`\n --> r.toml:2:1\n  |\n2 | duratoin = \"60s\"\n  | ^^^^^^^^ did you mean `duration`?\n"
        );
    }
}
