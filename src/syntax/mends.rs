//! Repairs made to a file's text so that the rest of it can be checked
//! after a syntax mistake, and the way back from a place in the repaired
//! text to the same place in the text the author wrote.

use std::ops::Range;

/// One repair: the bytes `at` of a text replaced by `with`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mend {
    pub at: Range<usize>,
    pub with: String,
}

impl Mend {
    pub fn new(at: Range<usize>, with: impl Into<String>) -> Self {
        Self {
            at,
            with: with.into(),
        }
    }

    pub fn insert(at: usize, with: impl Into<String>) -> Self {
        Self::new(at..at, with)
    }
}

/// A text after rounds of repairs, each round made on the text the one
/// before it left.
#[derive(Debug, Default)]
pub struct Mended {
    pub text: String,
    /// Per round, each repair as (the bytes it replaced, its length).
    rounds: Vec<Vec<(Range<usize>, usize)>>,
}

impl Mended {
    pub fn new(text: &str) -> Self {
        Self {
            text: text.to_owned(),
            rounds: Vec::new(),
        }
    }

    pub fn is_mended(&self) -> bool {
        !self.rounds.is_empty()
    }

    /// Applies one round of repairs; overlapping ones after the first are
    /// left out.
    pub fn apply(&mut self, mut mends: Vec<Mend>) {
        if mends.is_empty() {
            return;
        }
        mends.sort_by_key(|m| (m.at.start, m.at.end));
        let mut text = String::with_capacity(self.text.len() + 16);
        let mut round = Vec::with_capacity(mends.len());
        let mut copied = 0;
        for mend in mends {
            if mend.at.start < copied || self.text.get(mend.at.clone()).is_none() {
                continue;
            }
            text.push_str(&self.text[copied..mend.at.start]);
            text.push_str(&mend.with);
            copied = mend.at.end;
            round.push((mend.at, mend.with.len()));
        }
        text.push_str(&self.text[copied..]);
        self.text = text;
        self.rounds.push(round);
    }

    /// The span of the written text that `span` of the repaired text is.
    pub fn original(&self, span: &Range<usize>) -> Range<usize> {
        let start = self
            .rounds
            .iter()
            .rev()
            .fold(span.start, |at, round| back(round, at, Side::Start));
        let end = self
            .rounds
            .iter()
            .rev()
            .fold(span.end, |at, round| back(round, at, Side::End));
        start..end.max(start)
    }
}

enum Side {
    Start,
    End,
}

/// Where offset `at` of a round's result was before that round. An offset
/// inside a replacement is the replaced bytes' beginning or end, as `side`
/// says.
fn back(round: &[(Range<usize>, usize)], at: usize, side: Side) -> usize {
    let mut shift: isize = 0;
    for (old, new_len) in round {
        let new_start = old.start.saturating_add_signed(shift);
        let new_end = new_start + new_len;
        if at <= new_start {
            break;
        }
        if at < new_end {
            return match side {
                Side::Start => old.start,
                Side::End => old.end,
            };
        }
        shift += *new_len as isize - old.len() as isize;
    }
    at.saturating_add_signed(-shift)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_after_a_repair_point_where_the_author_wrote() {
        let mut mended = Mended::new("area = neck\nkind = x");
        mended.apply(vec![Mend::insert(7, "\""), Mend::insert(11, "\"")]);
        assert_eq!(mended.text, "area = \"neck\"\nkind = x");
        // `kind` moved by two bytes; its span goes back to where it was.
        assert_eq!(mended.original(&(14..18)), 12..16);
        // The quoted value is the bare word it was made from.
        assert_eq!(mended.original(&(7..13)), 7..11);
        assert_eq!(&mended.text[..7], "area = ");
        assert_eq!(mended.original(&(0..4)), 0..4);
    }

    #[test]
    fn rounds_are_undone_newest_first() {
        let mut mended = Mended::new("[step]\na=1");
        mended.apply(vec![Mend::new(0..1, "[["), Mend::new(5..6, "]]")]);
        assert_eq!(mended.text, "[[step]]\na=1");
        mended.apply(vec![Mend::new(9..10, "b")]);
        assert_eq!(mended.text, "[[step]]\nb=1");
        assert_eq!(mended.original(&(9..10)), 7..8);
        assert_eq!(mended.original(&(2..6)), 1..5);
    }

    #[test]
    fn a_shorter_replacement_maps_back_too() {
        let mut mended = Mended::new("k = \u{201c}x\u{201d} # c");
        mended.apply(vec![Mend::new(4..7, "\""), Mend::new(8..11, "\"")]);
        assert_eq!(mended.text, "k = \"x\" # c");
        assert_eq!(mended.original(&(8..11)), 12..15);
        assert_eq!(mended.original(&(4..7)), 4..11);
    }

    #[test]
    fn overlapping_repairs_keep_the_first() {
        let mut mended = Mended::new("abcdef");
        mended.apply(vec![Mend::new(1..4, "X"), Mend::new(2..3, "Y")]);
        assert_eq!(mended.text, "aXef");
    }
}
