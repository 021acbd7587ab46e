//! Text for the terminal: no raw control characters, aligned columns,
//! and ASCII only in ASCII mode (`--ascii`, the Linux console, a
//! non-UTF-8 locale), as the full screen does.

use std::sync::atomic::{AtomicBool, Ordering};

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::ui::view::text::{Glyphs, glyphs_for};

/// Whether the commands print only ASCII.
static ASCII: AtomicBool = AtomicBool::new(false);

/// Makes the commands print only ASCII, or not.
pub fn set_ascii(ascii: bool) {
    ASCII.store(ascii, Ordering::Relaxed);
}

/// Whether the commands print only ASCII.
pub fn ascii() -> bool {
    ASCII.load(Ordering::Relaxed)
}

/// The punctuation the commands print: Unicode, or ASCII in ASCII mode.
pub fn glyphs() -> &'static Glyphs {
    glyphs_for(ASCII.load(Ordering::Relaxed))
}

/// `text` on one line and safe to print: newlines, tabs, escapes and other
/// control characters become spaces, runs of spaces are kept; at most
/// `max` columns, with `…` (or `...`) when cut.
pub fn one_line(text: &str, max: usize) -> String {
    let clean: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let clean = clean.trim();
    if clean.width() <= max {
        return clean.to_owned();
    }
    let more = glyphs().more;
    let mut cut = String::new();
    let mut used = 0;
    for c in clean.chars() {
        let width = c.width().unwrap_or(0);
        if used + width + more.width() > max {
            break;
        }
        used += width;
        cut.push(c);
    }
    cut.push_str(more);
    cut
}

/// Rows laid out in columns two spaces apart, each column as wide as its
/// widest cell; columns listed in `right` are right-aligned (numbers).
/// Trailing spaces are trimmed.
pub fn columns(rows: &[Vec<String>], right: &[usize]) -> String {
    let count = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..count)
        .map(|i| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .map(|c| c.width())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            let pad = " ".repeat(widths[i] - cell.width());
            if i > 0 {
                line.push_str("  ");
            }
            if right.contains(&i) {
                line.push_str(&pad);
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.push_str(&pad);
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_removes_controls_and_cuts() {
        assert_eq!(one_line("a\nb\u{1b}[2Jc", 20), "a b [2Jc");
        assert_eq!(one_line("abcdefghij", 5), "abcd…");
        assert_eq!(one_line("日本語テキスト", 7), "日本語…");
    }

    #[test]
    fn columns_align_wide_characters() {
        let rows = vec![
            vec!["a".to_owned(), "1".to_owned(), "x".to_owned()],
            vec!["日本".to_owned(), "10".to_owned(), "y".to_owned()],
        ];
        assert_eq!(columns(&rows, &[1]), "a      1  x\n日本  10  y\n");
    }
}
