//! The reference as a section of the manual page (man(7) macros, escaped
//! by the `roff` crate clap_mangen uses): second-level headings are subsections, those
//! below them bold paragraphs, code is in no-fill blocks and code in the
//! text bold, and each table row is a tagged paragraph (`.TP`), as the
//! page lists its options, for man has no tables without tbl.

use clap_mangen::roff::{Inline as RoffInline, Roff, bold, italic, roman};

use super::blocks::{Block, Inline, Style};

/// `blocks` as the section `title`; it stands for their first-level
/// heading, the document's title.
pub fn section(title: &str, blocks: &[Block]) -> Roff {
    let mut roff = Roff::new();
    roff.control("SH", [title]);
    render(&mut roff, blocks, true);
    roff
}

/// Renders `blocks`; `under_heading` when they come right after one, where
/// a paragraph needs no `.PP` of its own.
fn render(roff: &mut Roff, blocks: &[Block], mut under_heading: bool) {
    for block in blocks {
        if !under_heading
            && matches!(
                block,
                Block::Paragraph(_) | Block::Code(_) | Block::Heading { level: 3.., .. }
            )
        {
            roff.control("PP", []);
        }
        under_heading = matches!(block, Block::Heading { level: ..=2, .. });
        match block {
            Block::Heading { level: 1, .. } => {}
            Block::Heading { level: 2, text } => {
                // Without arguments, the heading is the next line, which
                // is escaped as all text is.
                roff.control("SS", []).text(inlines(text));
            }
            Block::Heading { text, .. } => {
                roff.text(
                    text.iter()
                        .map(|s| bold(s.text.as_str()))
                        .collect::<Vec<_>>(),
                );
            }
            Block::Paragraph(text) => {
                roff.text(inlines(text));
            }
            Block::List { start, items } => {
                for (n, item) in (0..).zip(items) {
                    let marker =
                        start.map_or_else(|| r"\(bu".to_owned(), |s| format!("{}.", s + n));
                    roff.control("IP", [marker.as_str(), "4"]);
                    let rest = match item.split_first() {
                        Some((Block::Paragraph(text), rest)) => {
                            roff.text(inlines(text));
                            rest
                        }
                        _ => item,
                    };
                    if !rest.is_empty() {
                        roff.control("RS", ["4"]);
                        render(roff, rest, false);
                        roff.control("RE", []);
                    }
                }
            }
            Block::Code(lines) => {
                roff.control("RS", ["4"]).control("nf", []);
                for line in lines {
                    roff.text([roman(line.as_str())]);
                }
                roff.control("fi", []).control("RE", []);
            }
            Block::Table { head, rows } => {
                for row in rows {
                    let Some((first, others)) = row.split_first() else {
                        continue;
                    };
                    roff.control("TP", []).text(inlines(first));
                    let entries = head
                        .iter()
                        .skip(1)
                        .zip(others)
                        .filter(|(_, c)| !c.is_empty());
                    for (i, (name, cell)) in entries.enumerate() {
                        if i > 0 {
                            roff.control("br", []);
                        }
                        let mut line = Vec::new();
                        if head.len() > 2 {
                            line.push(roman(format!("{}: ", plain(name))));
                        }
                        line.extend(inlines(cell));
                        roff.text(line);
                    }
                }
            }
        }
    }
}

fn inlines(spans: &Inline) -> Vec<RoffInline> {
    spans
        .iter()
        .map(|span| match span.style {
            Style::Plain => roman(span.text.as_str()),
            Style::Code | Style::Strong => bold(span.text.as_str()),
            Style::Emphasis => italic(span.text.as_str()),
        })
        .collect()
}

fn plain(spans: &Inline) -> String {
    spans.iter().map(|s| s.text.as_str()).collect()
}

#[cfg(test)]
mod tests {
    use super::super::blocks::parse;
    use super::*;

    fn roff_of(markdown: &str) -> String {
        section("FORMAT", &parse(markdown)).to_roff()
    }

    #[test]
    fn headings_paragraphs_and_lists_become_macros() {
        assert_eq!(
            roff_of("# Title\n\n## `[sound]` keys\n\nSay *it* `x`.\n\n### Small\n\n- one\n- two\n"),
            ".SH FORMAT\n.SS\n\\fB[sound]\\fR keys\nSay \\fIit\\fR \\fBx\\fR.\n\
             .PP\n\\fBSmall\\fR\n.IP \\(bu 4\none\n.IP \\(bu 4\ntwo\n"
        );
    }

    #[test]
    fn code_is_unfilled_and_escaped() {
        assert_eq!(
            roff_of("```\n.start \\ here\n'quoted' -x\n```\n"),
            ".SH FORMAT\n.RS 4\n.nf\n\\&.start \\\\ here\n\\&'quoted' \\-x\n.fi\n.RE\n"
        );
    }

    #[test]
    fn table_rows_are_tagged_paragraphs_naming_their_columns() {
        assert_eq!(
            roff_of(
                "| key | value | default | notes |\n|---|---|---|---|\n| `a` | one | | none |\n"
            ),
            ".SH FORMAT\n.TP\n\\fBa\\fR\nvalue: one\n.br\nnotes: none\n"
        );
        assert_eq!(
            roff_of("| key | means |\n|---|---|\n| `a` | one |\n"),
            ".SH FORMAT\n.TP\n\\fBa\\fR\none\n"
        );
    }
}
