//! Text for small screens: punctuation with an ASCII fallback, clock times,
//! and wrapping or shortening text to the cells it has, with "…" where some
//! of it had to go.

use ratatui::symbols::border;
use ratatui::text::Span;

use crate::ui::frame::Look;

/// The punctuation and symbols the views write, in Unicode or in ASCII.
pub(crate) struct Glyphs {
    /// Between items on one line: " · ".
    pub sep: &'static str,
    /// Before an afterthought: " — ".
    pub dash: &'static str,
    /// Where text was cut short: "…".
    pub more: &'static str,
    /// The selected row: "›".
    pub pointer: &'static str,
    pub right: &'static str,
    pub left: &'static str,
    pub up: &'static str,
    pub down: &'static str,
    /// Between width and height: "×".
    pub times: &'static str,
    pub open_quote: &'static str,
    pub close_quote: &'static str,
    /// The done part of a progress gauge: "━".
    pub filled: &'static str,
    /// The part of a progress gauge still to come: "─".
    pub unfilled: &'static str,
    /// Borders of boxes and dividers: rounded corners, or `+`, `-` and `|`.
    pub border: border::Set<'static>,
}

pub(crate) const UNICODE: Glyphs = Glyphs {
    sep: " · ",
    dash: " — ",
    more: "…",
    pointer: "›",
    right: "→",
    left: "←",
    up: "↑",
    down: "↓",
    times: "×",
    open_quote: "“",
    close_quote: "”",
    filled: "━",
    unfilled: "─",
    border: border::ROUNDED,
};

const ASCII: Glyphs = Glyphs {
    sep: " - ",
    dash: " - ",
    more: "...",
    pointer: ">",
    right: "right",
    left: "left",
    up: "up",
    down: "down",
    times: "x",
    open_quote: "\"",
    close_quote: "\"",
    filled: "=",
    unfilled: "-",
    border: border::Set {
        top_left: "+",
        top_right: "+",
        bottom_left: "+",
        bottom_right: "+",
        vertical_left: "|",
        vertical_right: "|",
        horizontal_top: "-",
        horizontal_bottom: "-",
    },
};

/// The glyphs for `look`.
pub(crate) fn glyphs(look: Look) -> &'static Glyphs {
    if look.ascii { &ASCII } else { &UNICODE }
}

/// Whole seconds as a clock reads: "0:05", "1:25", "1:02:03".
pub(crate) fn clock(seconds: u64) -> String {
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// How many cells `text` takes.
pub(crate) fn width(text: &str) -> usize {
    Span::raw(text).width()
}

/// Splits `text` where its first part fills at most `cells` cells.
fn split_at_cells(text: &str, cells: usize) -> (&str, &str) {
    let mut used = 0;
    let mut buf = [0u8; 4];
    for (i, c) in text.char_indices() {
        used += width(c.encode_utf8(&mut buf));
        if used > cells {
            return text.split_at(i);
        }
    }
    (text, "")
}

/// `text` shortened to `cells` cells, ending in `more` if it was cut.
pub(crate) fn fit(text: &str, cells: usize, more: &str) -> String {
    if width(text) <= cells {
        return text.to_owned();
    }
    let (head, _) = split_at_cells(text, cells.saturating_sub(width(more)));
    format!("{}{more}", head.trim_end())
}

/// Wraps `text` at word boundaries into lines of at most `cells` cells,
/// keeping the author's line breaks, and at most `rows` lines; when some
/// text does not fit, the last line shown ends in `more`.
pub(crate) fn wrap(text: &str, cells: usize, rows: usize, more: &str) -> Vec<String> {
    let cells = cells.max(1);
    let mut lines = Vec::new();
    for source in text.lines() {
        let mut line = String::new();
        for word in source.split_whitespace() {
            let mut word = word;
            loop {
                let gap = usize::from(!line.is_empty());
                if width(&line) + gap + width(word) <= cells {
                    if gap == 1 {
                        line.push(' ');
                    }
                    line.push_str(word);
                    break;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                    continue;
                }
                let (head, rest) = split_at_cells(word, cells);
                lines.push(head.to_owned());
                word = rest;
            }
        }
        lines.push(line);
    }
    if lines.len() > rows {
        lines.truncate(rows);
        if let Some(last) = lines.last_mut() {
            *last = fit(&format!("{last}{more}"), cells, more);
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clocks_read_like_clocks() {
        assert_eq!(clock(5), "0:05");
        assert_eq!(clock(85), "1:25");
        assert_eq!(clock(600), "10:00");
        assert_eq!(clock(3723), "1:02:03");
    }

    #[test]
    fn wraps_at_words_and_keeps_line_breaks() {
        let lines = wrap("one two three\nfour", 8, 10, "…");
        assert_eq!(lines, ["one two", "three", "four"]);
    }

    #[test]
    fn cuts_long_text_with_an_ellipsis() {
        let lines = wrap("one two three four five six", 8, 2, "…");
        assert_eq!(lines.len(), 2);
        assert!(lines[1].ends_with('…'), "{lines:?}");
        assert!(lines.iter().all(|l| width(l) <= 8));
        assert_eq!(fit("Neck and shoulders", 10, "…"), "Neck and…");
    }

    #[test]
    fn splits_words_longer_than_a_line() {
        let lines = wrap("abcdefghij", 4, 10, "…");
        assert_eq!(lines, ["abcd", "efgh", "ij"]);
    }
}
