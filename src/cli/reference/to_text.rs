//! The reference as plain text for a terminal: headings underlined,
//! paragraphs and list items wrapped to the width, code as written and
//! indented, tables in columns where they fit and as one entry a row
//! where they do not. Code in the text keeps its backticks, as in the
//! commands' own help.

use super::super::text::columns;
use super::blocks::{Block, Inline, Style};
use crate::wrap::{width, wrap};

/// How far code and a table's entries are indented.
const INDENT: usize = 4;

/// Stands for a space inside code in the text while it is wrapped, so
/// that a command or a value is never broken over two lines (a character
/// for private use, one cell wide, that the reference never holds).
const KEPT_SPACE: char = '\u{E000}';

/// `blocks` in lines of at most `cells` cells (code as written).
pub fn render(blocks: &[Block], cells: usize) -> String {
    let mut out = String::new();
    for line in lines(blocks, cells) {
        out.push_str(line.replace(KEPT_SPACE, " ").trim_end());
        out.push('\n');
    }
    out
}

/// The blocks' lines, a blank line between blocks.
fn lines(blocks: &[Block], cells: usize) -> Vec<String> {
    let mut out = Vec::new();
    for (i, block) in blocks.iter().enumerate() {
        if i > 0 {
            out.push(String::new());
        }
        out.extend(block_lines(block, cells));
    }
    out
}

fn block_lines(block: &Block, cells: usize) -> Vec<String> {
    match block {
        Block::Heading { level, text } => {
            let text = plain(text);
            let mark = match level {
                1 => "=",
                2 => "-",
                _ => "~",
            };
            let rule = mark.repeat(width(&text).min(cells));
            vec![text, rule]
        }
        Block::Paragraph(text) => wrapped(&plain(text), cells),
        Block::List { start, items } => {
            let mut out = Vec::new();
            for (n, item) in (0..).zip(items) {
                let marker = start.map_or_else(|| "- ".to_owned(), |s| format!("{}. ", s + n));
                let inside = cells.saturating_sub(marker.len());
                out.extend(indented(&lines(item, inside), &marker));
            }
            out
        }
        Block::Code(code) => code.iter().map(|l| format!("{:INDENT$}{l}", "")).collect(),
        Block::Table { head, rows } => table(head, rows, cells),
    }
}

/// `lines` after `first` on the first line and as many spaces on the rest.
fn indented(lines: &[String], first: &str) -> Vec<String> {
    let rest = " ".repeat(width(first));
    lines
        .iter()
        .enumerate()
        .map(|(i, line)| format!("{}{line}", if i == 0 { first } else { &rest }))
        .collect()
}

/// A table in columns under its head, or, too wide for that, each row as
/// its first cell and below it the others, each named by its column
/// (unless there is only one other).
fn table(head: &[Inline], rows: &[Vec<Inline>], cells: usize) -> Vec<String> {
    let head: Vec<String> = head.iter().map(plain).collect();
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|row| row.iter().map(plain).collect())
        .collect();
    let widths: Vec<usize> = (0..head.len())
        .map(|i| {
            std::iter::once(&head)
                .chain(&rows)
                .filter_map(|row| row.get(i))
                .map(|cell| width(cell))
                .max()
                .unwrap_or(0)
        })
        .collect();
    if widths.iter().sum::<usize>() + 2 * widths.len().saturating_sub(1) <= cells {
        let rule = widths.iter().map(|w| "-".repeat(*w)).collect();
        let all: Vec<Vec<String>> = [head, rule].into_iter().chain(rows).collect();
        return columns(&all, &[]).lines().map(str::to_owned).collect();
    }
    let mut out = Vec::new();
    for (r, row) in rows.iter().enumerate() {
        if r > 0 {
            out.push(String::new());
        }
        let Some((first, others)) = row.split_first() else {
            continue;
        };
        out.extend(wrapped(first, cells));
        for (name, cell) in head.iter().skip(1).zip(others) {
            if cell.is_empty() {
                continue;
            }
            let entry = if head.len() == 2 {
                cell.clone()
            } else {
                format!("{name}: {cell}")
            };
            let pad = " ".repeat(INDENT);
            out.extend(indented(
                &wrapped(&entry, cells.saturating_sub(INDENT)),
                &pad,
            ));
        }
    }
    out
}

fn wrapped(text: &str, cells: usize) -> Vec<String> {
    wrap(text, cells, usize::MAX, "")
}

/// The text of `spans`, code in backticks and its spaces kept.
fn plain(spans: &Inline) -> String {
    spans
        .iter()
        .map(|span| match span.style {
            Style::Code => format!("`{}`", span.text.replace(' ', &KEPT_SPACE.to_string())),
            _ => span.text.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::blocks::parse;
    use super::*;

    #[test]
    fn headings_are_underlined_and_paragraphs_wrapped() {
        let text = render(
            &parse("# Title\n\nOne two three four\nfive six.\n\n### Small `part`\n"),
            12,
        );
        assert_eq!(
            text,
            "Title\n=====\n\nOne two\nthree four\nfive six.\n\nSmall `part`\n~~~~~~~~~~~~\n"
        );
    }

    #[test]
    fn code_in_the_text_is_not_broken_over_lines() {
        let text = render(&parse("Run `stillpoint check --strict FILE` first.\n"), 34);
        assert_eq!(text, "Run\n`stillpoint check --strict FILE`\nfirst.\n");
    }

    #[test]
    fn list_items_hang_under_their_marker_and_code_is_indented_as_written() {
        let text = render(
            &parse("- one two three\n- four\n\n3. five\n\n```\nlong line of code\n```\n"),
            10,
        );
        assert_eq!(
            text,
            "- one two\n  three\n- four\n\n3. five\n\n    long line of code\n"
        );
    }

    #[test]
    fn a_table_that_fits_is_in_columns() {
        let text = render(&parse("| key | means |\n|---|---|\n| `a` | one |\n"), 40);
        assert_eq!(text, "key  means\n---  -----\n`a`  one\n");
    }

    #[test]
    fn a_wide_table_is_an_entry_a_row() {
        let markdown = "| key | value | default |\n|---|---|---|\n| `a` | a long value here | none |\n| `b` | two | |\n";
        assert_eq!(
            render(&parse(markdown), 24),
            "`a`\n    value: a long value\n    here\n    default: none\n\n`b`\n    value: two\n"
        );
        let two = "| key | what it is |\n|---|---|\n| `a` | a long value here |\n";
        assert_eq!(render(&parse(two), 16), "`a`\n    a long value\n    here\n");
    }
}
