//! The routine format's reference, `routines/README.md`, built into the
//! binary so that what `stillpoint help format` prints, the manual page's
//! ROUTINE FORMAT section and the file a therapist reads in the source
//! are one text.

mod blocks;
mod to_roff;
mod to_text;

/// The reference as written, in markdown.
pub const MARKDOWN: &str = include_str!("../../routines/README.md");

/// The reference as plain text in lines of at most `cells` cells (code
/// as written), in ASCII when `ascii`.
pub fn text(cells: usize, ascii: bool) -> String {
    let text = to_text::render(&blocks::parse(MARKDOWN), cells);
    if ascii { to_ascii(&text) } else { text }
}

/// The reference as the manual page's section `title`, in roff, for a
/// page that defines the string an apostrophe is written as (`\*(Aq`),
/// as each page the `roff` crate writes does at its top.
pub fn man_section(title: &str) -> String {
    let roff = to_roff::section(title, &blocks::parse(MARKDOWN)).render();
    // What comes before the section's heading is that definition again.
    let start = roff.find(".SH ").unwrap_or(0);
    roff[start..].to_owned()
}

/// `text` with the reference's few signs beyond ASCII in ASCII, and any
/// other as `?`.
fn to_ascii(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '–' | '—' | '−' => out.push('-'),
            '…' => out.push_str("..."),
            '×' => out.push('x'),
            '÷' => out.push('/'),
            '→' => out.push_str("->"),
            '·' => out.push('-'),
            '“' | '”' => out.push('"'),
            '‘' | '’' => out.push('\''),
            c if c.is_ascii() => out.push(c),
            _ => out.push('?'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ascii_text_says_the_same_in_ascii() {
        let ascii = text(80, true);
        assert!(ascii.is_ascii());
        let questions = |t: &str| t.matches('?').count();
        assert_eq!(
            questions(&ascii),
            questions(&text(80, false)),
            "a sign with no ASCII form"
        );
        assert!(ascii.contains("0 s - 5 min"), "{ascii}");
    }
}
