//! Patterns for the text a file holds, as the validator reads it: no
//! control characters, names that are not blank, language tags, and sound
//! files that stay inside the routine's folder.
//!
//! Character classes are spelled out rather than written `\s`, which
//! means different characters to different regular expression engines.

/// What `char::is_control` is true for: C0, DEL and C1.
const CONTROL: &str = r"\x00-\x1F\x7F-\x9F";
/// The same but tab and newline, which long text may hold.
const CONTROL_BUT_TAB_AND_NEWLINE: &str = r"\x00-\x08\x0B-\x1F\x7F-\x9F";
/// What `char::is_whitespace`, and so `str::trim`, is true for.
const SPACE: &str = r"\t\n\x0B\x0C\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000";

/// Whether a text is one line, or may hold line breaks and tabs.
#[derive(Clone, Copy)]
pub enum Lines {
    One,
    Many,
}

fn control(lines: Lines) -> &'static str {
    match lines {
        Lines::One => CONTROL,
        Lines::Many => CONTROL_BUT_TAB_AND_NEWLINE,
    }
}

/// Plain text: no control characters.
pub fn plain(lines: Lines) -> String {
    format!("^[^{}]*$", control(lines))
}

/// Plain text with something in it besides spaces, as a title or a
/// caution must have.
pub fn not_blank(lines: Lines) -> String {
    let c = control(lines);
    format!("^[^{c}]*[^{c}{SPACE}][^{c}]*$")
}

/// Any text with something besides spaces.
pub fn something() -> String {
    format!("[^{SPACE}]")
}

/// Text of 1 to `max` characters (at least 1) once the spaces around it
/// are left out.
pub fn trimmed(max: usize) -> String {
    let edge = format!("[^{SPACE}]");
    let body = match max.checked_sub(2) {
        Some(inner) => format!("{edge}(?:[\\s\\S]{{0,{inner}}}{edge})?"),
        None => edge,
    };
    format!("^[{SPACE}]*{body}[{SPACE}]*$")
}

/// A BCP 47 tag as the validator takes it: two or three letters, then
/// any number of subtags of one to eight letters or digits.
pub const LANGUAGE_TAG: &str = "^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$";

/// A sound as a routine names it: a built-in name, or a file path that
/// stays inside the routine's folder. What the validator refuses is a path
/// to a file (its name has an extension) that starts at `/` or has a `..`
/// part; anything else is at worst a warning, as a missing file is.
pub fn sound() -> String {
    // A part of a path between slashes that is not `..`.
    let part = r"(?:[^/.][^/]*|\.(?:[^/.][^/]*)?|\.\.[^/]+)";
    let inside = format!("(?:{part}(?:/{part}?)*)?");
    // What may follow the file name: slashes and `.` parts.
    let tail = r"(?:/+\.)*/*";
    let no_extension = format!(r"(?:[\s\S]*/)?(?:\.?[^/.]+|\.\.){tail}|/*(?:\.{tail})?");
    format!("^(?:{inside}|{no_extension})$")
}
