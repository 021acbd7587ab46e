//! Instructions longer than the rows they have, shown a page at a time:
//! turned by the person (↑/↓, PgUp/PgDn), or by themselves at a calm
//! reading pace, round and round, for as long as the step lasts. Never cut.

use std::time::Duration;

use crate::wrap::wrap;

/// A calm reading pace, in words a second.
const WORDS_A_SECOND: f64 = 2.5;
/// The shortest time a page stays up.
const SHORTEST_PAGE: Duration = Duration::from_secs(6);

/// The instructions wrapped to the screen and cut into pages.
#[derive(Debug, Clone, PartialEq)]
pub struct Pages {
    lines: Vec<String>,
    /// Lines a page shows; one row less than there is when paged, for the
    /// "more" line.
    per_page: usize,
}

impl Pages {
    /// `text` wrapped to `width` cells, all on one page.
    pub fn wrapped(text: &str, width: u16) -> Self {
        let mut lines = wrap(text, width.into(), usize::MAX, "");
        if lines.iter().all(|l| l.is_empty()) {
            lines.clear();
        }
        Self {
            per_page: lines.len().max(1),
            lines,
        }
    }

    /// The same lines cut into pages for `rows` rows, without wrapping
    /// them again.
    pub fn with_rows(mut self, rows: u16) -> Self {
        let rows = usize::from(rows).max(1);
        self.per_page = if self.lines.len() <= rows {
            rows
        } else {
            (rows - 1).max(1)
        };
        self
    }

    /// How many lines the text takes.
    pub fn lines(&self) -> usize {
        self.lines.len()
    }

    pub fn count(&self) -> usize {
        self.lines.len().div_ceil(self.per_page).max(1)
    }

    /// Whether the text takes more than one page.
    pub fn paged(&self) -> bool {
        self.count() > 1
    }

    /// The lines of page `index` (the last page for an index past it).
    pub fn page(&self, index: usize) -> &[String] {
        let index = index.min(self.count() - 1);
        let start = index * self.per_page;
        let end = (start + self.per_page).min(self.lines.len());
        self.lines.get(start..end).unwrap_or_default()
    }

    /// How long page `index` stays up when the pages turn by themselves.
    fn reading_time(&self, index: usize) -> Duration {
        let words: usize = self
            .page(index)
            .iter()
            .map(|l| l.split_whitespace().count())
            .sum();
        Duration::from_secs_f64(words as f64 / WORDS_A_SECOND).max(SHORTEST_PAGE)
    }

    /// The page shown `offset` into the step, and how long until the next
    /// one; none when there is one page.
    pub fn at(&self, offset: Duration) -> (usize, Option<Duration>) {
        if !self.paged() {
            return (0, None);
        }
        let round: Duration = (0..self.count()).map(|i| self.reading_time(i)).sum();
        let mut into = Duration::from_nanos(
            (offset.as_nanos() % round.as_nanos().max(1))
                .try_into()
                .unwrap_or(0),
        );
        for index in 0..self.count() {
            let time = self.reading_time(index);
            if into < time {
                return (index, Some(time - into));
            }
            into -= time;
        }
        (0, Some(self.reading_time(0)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn long() -> String {
        "Breathe slowly and let your shoulders drop. ".repeat(12)
    }

    #[test]
    fn text_that_fits_is_one_page() {
        let pages = Pages::wrapped("Knead the side of your neck.", 40).with_rows(3);
        assert_eq!((pages.count(), pages.paged()), (1, false));
        assert_eq!(pages.page(0), ["Knead the side of your neck."]);
        assert_eq!(pages.at(Duration::from_secs(99)), (0, None));
    }

    #[test]
    fn long_text_is_cut_into_pages_with_a_row_for_the_more_line() {
        let pages = Pages::wrapped(&long(), 40).with_rows(4);
        assert!(pages.paged());
        assert!(pages.page(0).len() == 3, "{:?}", pages.page(0));
        let all: Vec<String> = (0..pages.count())
            .flat_map(|i| pages.page(i).to_vec())
            .collect();
        assert_eq!(all.join(" "), long().trim_end(), "nothing is cut");
    }

    #[test]
    fn pages_turn_at_a_reading_pace_and_come_round_again() {
        let pages = Pages::wrapped(&long(), 40).with_rows(4);
        let (first, wait) = pages.at(Duration::ZERO);
        assert_eq!(first, 0);
        let wait = wait.unwrap();
        assert!(wait >= SHORTEST_PAGE, "{wait:?}");
        assert_eq!(pages.at(wait).0, 1);
        let round: Duration = (0..pages.count()).map(|i| pages.reading_time(i)).sum();
        assert_eq!(pages.at(round).0, 0, "round again");
    }
}
