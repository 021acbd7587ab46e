//! After `!` in the library: the headache noted (or the one going on
//! already), and the relief routine offered, on the check-in's quiet
//! question screen. Every other question about the attack waits for its
//! end, which the screen says how to record.

use std::time::Duration;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

use super::checkin::{Hints, Row, pain_words, question_screen};
use super::text::glyphs;
use crate::routine::duration;
use crate::ui::frame::Look;
use crate::ui::keymap::{Action, Keymap};

/// The command that closes the attack going on.
pub const END_COMMAND: &str = "stillpoint attack --end now";

/// What became of the headache `!` was pressed for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Noted<'a> {
    /// Saved in the journal, going on since this time, with this pain.
    Opened { since: &'a str, pain: Option<u8> },
    /// One was going on already, since this time: no second was opened.
    AlreadyOpen { since: &'a str },
    /// It could not be saved, for this reason; it is kept for later.
    Unsaved { why: &'a str },
}

/// The headache noted and the relief routine offered.
pub struct ReliefOffer<'a> {
    pub noted: Noted<'a>,
    /// The relief routine's title and length, or why there is none.
    pub routine: Result<(&'a str, Duration), &'a str>,
    pub look: Look,
}

impl Widget for &ReliefOffer<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (palette, g) = (self.look.palette, glyphs(self.look));
        let line = |words: String, style| Row::Text(words, style);
        let mut body = match self.noted {
            Noted::Opened { since, pain } => {
                let pain = match pain {
                    Some(p) => format!("pain {p}, {}", pain_words(p)),
                    None => "no pain given".to_owned(),
                };
                vec![line(
                    format!("Noted: a headache since {since}, {pain}."),
                    palette.accent,
                )]
            }
            Noted::AlreadyOpen { since } => vec![
                line(
                    format!("A headache is noted already, going on since {since}."),
                    palette.accent,
                ),
                line("No second one was opened.".to_owned(), palette.text),
            ],
            Noted::Unsaved { why } => vec![
                line(format!("Not saved yet: {why}"), palette.accent),
                line(
                    "It is kept: Stillpoint tries again as it closes, and the next run saves it."
                        .to_owned(),
                    palette.text,
                ),
            ],
        };
        body.push(Row::Blank);
        match self.routine {
            Ok((title, total)) => body.push(line(
                format!(
                    "Your relief routine: {title}{}{}",
                    g.sep,
                    duration::format(total)
                ),
                palette.text,
            )),
            Err(why) => body.push(line(format!("No relief routine: {why}"), palette.text)),
        }
        body.push(Row::Blank);
        if !matches!(self.noted, Noted::Unsaved { .. }) {
            body.push(line(
                "The other questions can wait until it is over:".to_owned(),
                palette.faint,
            ));
            body.push(line(END_COMMAND.to_owned(), palette.faint));
        }
        // Enter starts nothing without a routine: not offered.
        let without = self.routine.is_err().then_some(Action::StartRelief);
        let heading = "A headache now";
        question_screen(
            area,
            buf,
            self.look,
            heading,
            body,
            Hints::Keys(Keymap::Relief, without),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::view::testing::{assert_calm, draw, look, screen};

    fn offer(noted: Noted<'static>) -> ReliefOffer<'static> {
        ReliefOffer {
            noted,
            routine: Ok(("Neck, shoulders and temples", Duration::from_secs(600))),
            look: look(),
        }
    }

    #[test]
    fn the_offer_says_what_was_noted_the_routine_and_how_to_end_the_attack() {
        for (w, h) in [(80, 24), (80, 23)] {
            let opened = Noted::Opened {
                since: "14:05",
                pain: Some(7),
            };
            let buf = draw(&offer(opened), w, h);
            assert_calm(&buf);
            let text = screen(&buf);
            assert!(
                text.contains("Noted: a headache since 14:05, pain 7, severe."),
                "{text}"
            );
            assert!(
                text.contains("Your relief routine: Neck, shoulders and temples · 10m"),
                "{text}"
            );
            assert!(text.contains(END_COMMAND), "{text}");
            assert!(
                text.contains("Enter start it · Esc back · w warning signs · ? help"),
                "{text}"
            );
        }
        let already = screen(&draw(&offer(Noted::AlreadyOpen { since: "13:40" }), 80, 24));
        assert!(
            already.contains("noted already, going on since 13:40"),
            "{already}"
        );
        assert!(already.contains("No second one was opened."), "{already}");
    }

    #[test]
    fn a_missing_routine_or_a_failed_save_is_said() {
        let missing = ReliefOffer {
            routine: Err("no routine called `mine`"),
            ..offer(Noted::Unsaved {
                why: "the disk is full",
            })
        };
        let buf = draw(&missing, 80, 24);
        assert_calm(&buf);
        let text = screen(&buf);
        assert!(text.contains("Not saved yet: the disk is full"), "{text}");
        assert!(
            text.contains("No relief routine: no routine called `mine`"),
            "{text}"
        );
        assert!(!text.contains("Enter start"), "{text}");
        let ascii = ReliefOffer {
            look: Look {
                ascii: true,
                ..look()
            },
            ..offer(Noted::Opened {
                since: "9:00",
                pain: None,
            })
        };
        let text = screen(&draw(&ascii, 80, 24));
        assert!(text.is_ascii(), "{text}");
        assert!(text.contains("no pain given"), "{text}");
        for (w, h) in [(0, 0), (12, 4), (40, 12), (200, 60)] {
            draw(&ascii, w, h);
        }
    }
}
