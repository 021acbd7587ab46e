//! Markdown read once into the few things the reference is made of:
//! headings, paragraphs, lists, code and tables of styled text, for the
//! terminal's text and the manual page's roff alike. What a reader never
//! sees (HTML comments, a link's target inside the reference) is left out.

use std::iter::Peekable;

use pulldown_cmark::{Event, Options, Parser, Tag};

/// A run of text in one style.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub text: String,
    pub style: Style,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Plain,
    /// Written as code: a key, a value, a command.
    Code,
    Emphasis,
    Strong,
}

/// Text on one line, in styles; the source's line breaks are spaces.
pub type Inline = Vec<Span>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Heading {
        level: usize,
        text: Inline,
    },
    Paragraph(Inline),
    /// Numbered from `start`, or bulleted.
    List {
        start: Option<u64>,
        items: Vec<Vec<Block>>,
    },
    /// The lines as written.
    Code(Vec<String>),
    Table {
        head: Vec<Inline>,
        rows: Vec<Vec<Inline>>,
    },
}

type Events<'a> = Peekable<Parser<'a>>;

/// The blocks of `markdown` (CommonMark with tables).
pub fn parse(markdown: &str) -> Vec<Block> {
    blocks(&mut Parser::new_ext(markdown, Options::ENABLE_TABLES).peekable())
}

/// The blocks up to the end of the one they are in, or of the text.
fn blocks(events: &mut Events) -> Vec<Block> {
    let mut out = Vec::new();
    loop {
        match events.peek() {
            None => break,
            Some(Event::End(_)) => {
                events.next();
                break;
            }
            // A tight list's item holds its text without a paragraph.
            Some(event) if starts_inline(event) => out.push(Block::Paragraph(inline(events))),
            // Anything else but a block's start is an HTML block or a
            // rule: nothing to read.
            Some(_) => {
                if let Some(Event::Start(tag)) = events.next() {
                    block(tag, events, &mut out);
                }
            }
        }
    }
    out
}

/// Reads the block `tag` opened, through its end, into `out`.
fn block(tag: Tag, events: &mut Events, out: &mut Vec<Block>) {
    match tag {
        Tag::Paragraph => {
            out.push(Block::Paragraph(inline(events)));
            events.next();
        }
        Tag::Heading { level, .. } => {
            let text = inline(events);
            events.next();
            out.push(Block::Heading {
                level: level as usize,
                text,
            });
        }
        Tag::List(start) => {
            let mut items = Vec::new();
            while let Some(Event::Start(Tag::Item)) = events.next() {
                items.push(blocks(events));
            }
            out.push(Block::List { start, items });
        }
        Tag::CodeBlock(_) => {
            let mut text = String::new();
            while let Some(Event::Text(part)) = events.next() {
                text.push_str(&part);
            }
            out.push(Block::Code(text.lines().map(str::to_owned).collect()));
        }
        Tag::Table(_) => {
            let (mut head, mut rows) = (Vec::new(), Vec::new());
            while let Some(Event::Start(part)) = events.next() {
                let cells = cells(events);
                if part == Tag::TableHead {
                    head = cells;
                } else {
                    rows.push(cells);
                }
            }
            out.push(Block::Table { head, rows });
        }
        Tag::BlockQuote(_) => out.extend(blocks(events)),
        _ => skip(events),
    }
}

/// The cells of a table's head or row, through its end.
fn cells(events: &mut Events) -> Vec<Inline> {
    let mut cells = Vec::new();
    while let Some(Event::Start(Tag::TableCell)) = events.next() {
        cells.push(inline(events));
        events.next();
    }
    cells
}

/// Passes over the rest of a block, through its end.
fn skip(events: &mut Events) {
    let mut depth = 1;
    while depth > 0 {
        match events.next() {
            Some(Event::Start(_)) => depth += 1,
            Some(Event::End(_)) => depth -= 1,
            Some(_) => {}
            None => break,
        }
    }
}

fn is_inline_tag(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

fn starts_inline(event: &Event) -> bool {
    match event {
        Event::Start(tag) => is_inline_tag(tag),
        Event::End(_) | Event::Html(_) | Event::Rule => false,
        _ => true,
    }
}

/// What an inline tag open around the text does to it.
enum Open {
    Style(Style),
    /// A link or an image (its text is its description) to this target.
    Link(String),
}

/// The text up to the end of the block it is in (not read).
fn inline(events: &mut Events) -> Inline {
    let mut spans = Inline::new();
    let mut open: Vec<Open> = Vec::new();
    while let Some(event) = events.next_if(|e| match e {
        Event::End(_) => !open.is_empty(),
        other => starts_inline(other),
    }) {
        let style = open
            .iter()
            .rev()
            .find_map(|o| match o {
                Open::Style(style) => Some(*style),
                Open::Link(_) => None,
            })
            .unwrap_or(Style::Plain);
        match event {
            Event::Text(text) => push(&mut spans, style, &text),
            Event::Code(code) => push(&mut spans, Style::Code, &code),
            Event::SoftBreak | Event::HardBreak => push(&mut spans, style, " "),
            Event::Start(Tag::Emphasis) => open.push(Open::Style(Style::Emphasis)),
            Event::Start(Tag::Strong) => open.push(Open::Style(Style::Strong)),
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                open.push(Open::Link(dest_url.to_string()));
            }
            Event::Start(_) => open.push(Open::Style(style)),
            Event::End(_) => {
                // A place in the reference is its heading's name, already
                // said; anywhere else is said after the text.
                if let Some(Open::Link(target)) = open.pop()
                    && !target.starts_with('#')
                {
                    push(&mut spans, Style::Plain, &format!(" <{target}>"));
                }
            }
            // Inline HTML, such as a comment, says nothing to a reader.
            _ => {}
        }
    }
    spans
}

/// Adds `text` in `style`, to the last span if it has that style.
fn push(spans: &mut Inline, style: Style, text: &str) {
    match spans.last_mut() {
        Some(last) if last.style == style => last.text.push_str(text),
        _ => spans.push(Span {
            text: text.to_owned(),
            style,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(text: &str) -> Span {
        Span {
            text: text.into(),
            style: Style::Plain,
        }
    }

    fn code(text: &str) -> Span {
        Span {
            text: text.into(),
            style: Style::Code,
        }
    }

    #[test]
    fn links_keep_their_text_and_say_a_target_outside_the_reference() {
        let blocks = parse(
            "See [Durations](#durations) and\n[the site](https://example.org), *gently*.\n<!-- a note -->",
        );
        assert_eq!(
            blocks,
            [Block::Paragraph(vec![
                plain("See Durations and the site <https://example.org>, "),
                Span {
                    text: "gently".into(),
                    style: Style::Emphasis
                },
                plain("."),
            ])]
        );
    }

    #[test]
    fn a_tight_list_item_is_a_paragraph_and_code_keeps_its_lines() {
        let blocks = parse("- one `key`\n- two\n\n```toml\na = 1\n\nb = 2\n```\n");
        assert_eq!(
            blocks,
            [
                Block::List {
                    start: None,
                    items: vec![
                        vec![Block::Paragraph(vec![plain("one "), code("key")])],
                        vec![Block::Paragraph(vec![plain("two")])],
                    ]
                },
                Block::Code(vec!["a = 1".into(), String::new(), "b = 2".into()]),
            ]
        );
    }

    #[test]
    fn a_table_has_its_head_and_rows() {
        let blocks = parse("## Keys\n\n| key | value |\n|---|---|\n| `a` | one |\n");
        assert_eq!(
            blocks,
            [
                Block::Heading {
                    level: 2,
                    text: vec![plain("Keys")]
                },
                Block::Table {
                    head: vec![vec![plain("key")], vec![plain("value")]],
                    rows: vec![vec![vec![code("a")], vec![plain("one")]]],
                },
            ]
        );
    }
}
