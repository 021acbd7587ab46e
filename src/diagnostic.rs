//! Compiler-style diagnostics that point at the line, column and text a
//! routine author has to change.

use std::fmt::{self, Write as _};
use std::ops::Range;

use serde::Serialize;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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
        let shown: String = line
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        writeln!(f, "{}", format!("{number} | {shown}").trim_end())?;
        let line_chars = line.chars().count();
        let span_end = position(self.text, span.end);
        let end_column = if span_end.line == start.line {
            span_end.column
        } else {
            line_chars + 1
        };
        let width = end_column.saturating_sub(start.column).max(1);
        let mut underline = String::new();
        write!(
            underline,
            "{}{}",
            " ".repeat(start.column - 1),
            "^".repeat(width)
        )?;
        if let Some(help) = &d.help {
            write!(underline, " {help}")?;
        }
        writeln!(f, "{gutter} | {underline}")
    }
}

/// The machine-readable form of a diagnostic, for `check --format json`.
#[derive(Debug, Serialize)]
pub struct JsonDiagnostic<'a> {
    pub file: &'a str,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub severity: Severity,
    pub message: &'a str,
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
            message: &d.message,
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
