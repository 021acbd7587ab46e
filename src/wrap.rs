//! Text laid out in terminal cells: its width, and shortening or wrapping
//! it to the cells it has, with a mark where some had to go. Pure, so the
//! routine checks and the views measure text the same way.

use unicode_width::UnicodeWidthStr;

/// How many cells `text` takes.
pub fn width(text: &str) -> usize {
    text.width()
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
pub fn fit(text: &str, cells: usize, more: &str) -> String {
    if width(text) <= cells {
        return text.to_owned();
    }
    let (head, _) = split_at_cells(text, cells.saturating_sub(width(more)));
    format!("{}{more}", head.trim_end())
}

/// Wraps `text` at word boundaries into lines of at most `cells` cells,
/// keeping the author's line breaks, and at most `rows` lines; when some
/// text does not fit, the last line shown ends in `more`.
pub fn wrap(text: &str, cells: usize, rows: usize, more: &str) -> Vec<String> {
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
