//! One of the diary's questions (`stillpoint attack` at a terminal), drawn
//! as the check-in's questions are: the question in the middle of a quiet
//! screen, its answer under it, the keys at the bottom. What is asked and
//! what has been answered come as plain data, a [`Prompt`].

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

use super::checkin::{Hints, Row, question_screen};
use super::text::{glyphs, wrap};
use crate::ui::frame::Look;

/// A question and what has been answered to it, as it is to be shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    /// Beside the program's name at the top: what is being recorded.
    pub heading: String,
    /// Which question this is, of how many: shown after the heading.
    pub step: Option<(usize, usize)>,
    pub question: String,
    /// A quieter line under the question: how to answer it.
    pub hint: Option<String>,
    pub answer: Answer,
    /// Why the last answer was not taken, to answer again.
    pub problem: Option<String>,
    /// The keys, one hint each: "Enter next", "Esc cancel".
    pub keys: Vec<String>,
}

/// How a question is answered, with what has been answered so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// 0–10, the chosen number if any.
    Scale(Option<u8>),
    /// Each choice with its key; `several` when more than one may be chosen.
    Choices { several: bool, choices: Vec<Choice> },
    /// Typed text.
    Field(String),
    /// Every answer, named, before saving.
    Summary(Vec<(String, String)>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// The key that chooses it, as written: "l", "1".
    pub key: String,
    pub label: String,
    pub chosen: bool,
}

/// A [`Prompt`] on the screen.
pub struct DiaryQuestion<'a> {
    pub prompt: &'a Prompt,
    pub look: Look,
}

impl Widget for &DiaryQuestion<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (palette, g) = (self.look.palette, glyphs(self.look));
        let p = self.prompt;
        let cells = usize::from(area.width.saturating_sub(2)).max(1);
        let mut body = vec![Row::Text(p.question.clone(), palette.accent)];
        if let Some(hint) = &p.hint {
            body.extend(
                wrap(hint, cells, 2, g.more)
                    .into_iter()
                    .map(|line| Row::Text(line, palette.faint)),
            );
        }
        body.push(Row::Blank);
        match &p.answer {
            Answer::Scale(pain) => body.push(Row::Scale(*pain)),
            Answer::Field(text) => body.push(Row::Field(text.clone())),
            Answer::Choices { several, choices } => {
                let lines = choices
                    .iter()
                    .map(|c| {
                        let (mark, style) = match (several, c.chosen) {
                            (true, true) => ("[x] ", palette.accent),
                            (true, false) => ("[ ] ", palette.text),
                            (false, true) => (g.pointer, palette.accent),
                            (false, false) => (" ", palette.text),
                        };
                        let gap = if *several { "" } else { " " };
                        (format!("{:>2} {mark}{gap}{}", c.key, c.label), style)
                    })
                    .collect();
                body.push(Row::Block(lines));
            }
            Answer::Summary(rows) => {
                let name_width = rows
                    .iter()
                    .map(|(name, _)| super::text::width(name))
                    .max()
                    .unwrap_or(0);
                let lines = rows
                    .iter()
                    .map(|(name, value)| {
                        let pad = name_width - super::text::width(name);
                        (format!("{name}{}  {value}", " ".repeat(pad)), palette.text)
                    })
                    .collect();
                body.push(Row::Block(lines));
            }
        }
        if let Some(problem) = &p.problem {
            body.push(Row::Blank);
            body.extend(
                wrap(problem, cells, 4, g.more)
                    .into_iter()
                    .map(|line| Row::Text(line, palette.accent)),
            );
        }
        let heading = match p.step {
            Some((n, of)) => format!("{}{}{n} of {of}", p.heading, g.sep),
            None => p.heading.clone(),
        };
        question_screen(area, buf, self.look, &heading, body, Hints::Own(&p.keys));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::view::testing::{assert_calm, draw, look, screen};

    fn areas() -> Prompt {
        let names = [
            "neck",
            "shoulders",
            "upper-back",
            "base-of-skull",
            "temples",
            "forehead",
            "jaw",
            "scalp",
            "eye",
            "face",
        ];
        Prompt {
            heading: "A headache".into(),
            step: Some((6, 12)),
            question: "Where does it hurt?".into(),
            hint: Some("Choose as many as you like.".into()),
            answer: Answer::Choices {
                several: true,
                choices: names
                    .iter()
                    .enumerate()
                    .map(|(i, n)| Choice {
                        key: ((i + 1) % 10).to_string(),
                        label: (*n).into(),
                        chosen: i == 4,
                    })
                    .collect(),
            },
            problem: Some("`x` is not one of the keys here".into()),
            keys: vec![
                "1-9, 0 choose".into(),
                "Enter next".into(),
                "Esc cancel".into(),
            ],
        }
    }

    #[test]
    fn every_choice_and_the_keys_fit_at_80_by_23() {
        for height in [24, 23] {
            let buf = draw(
                &DiaryQuestion {
                    prompt: &areas(),
                    look: look(),
                },
                80,
                height,
            );
            assert_calm(&buf);
            let text = screen(&buf);
            assert!(text.contains("Stillpoint · A headache · 6 of 12"), "{text}");
            assert!(text.contains("Where does it hurt?"), "{text}");
            assert!(text.contains(" 1 [ ] neck"), "{text}");
            assert!(text.contains(" 5 [x] temples"), "{text}");
            assert!(text.contains(" 0 [ ] face"), "{text}");
            assert!(text.contains("`x` is not one of the keys here"), "{text}");
            assert!(
                text.contains("1-9, 0 choose · Enter next · Esc cancel"),
                "{text}"
            );
        }
    }

    #[test]
    fn a_single_choice_is_pointed_at_and_ascii_stays_ascii() {
        let prompt = Prompt {
            heading: "A headache".into(),
            step: Some((2, 12)),
            question: "Which side?".into(),
            hint: None,
            answer: Answer::Choices {
                several: false,
                choices: ["left", "right", "both"]
                    .iter()
                    .map(|n| Choice {
                        key: n[..1].into(),
                        label: (*n).into(),
                        chosen: *n == "right",
                    })
                    .collect(),
            },
            problem: None,
            keys: vec!["l/r/b answer".into(), "Esc cancel".into()],
        };
        let ascii = Look {
            ascii: true,
            ..look()
        };
        let text = screen(&draw(
            &DiaryQuestion {
                prompt: &prompt,
                look: ascii,
            },
            80,
            24,
        ));
        assert!(text.is_ascii(), "{text}");
        assert!(text.contains(" r > right"), "{text}");
        assert!(text.contains(" l   left"), "{text}");
        assert!(text.contains("Stillpoint - A headache - 2 of 12"), "{text}");
        assert!(text.contains("l/r/b answer - Esc cancel"), "{text}");
    }

    #[test]
    fn the_summary_lines_up_its_answers() {
        let prompt = Prompt {
            heading: "A headache".into(),
            step: None,
            question: "Save this?".into(),
            hint: None,
            answer: Answer::Summary(vec![
                ("Started".into(), "2025-03-01 14:30".into()),
                ("Peak pain".into(), "7".into()),
            ]),
            problem: None,
            keys: vec!["Enter save".into()],
        };
        let buf = draw(
            &DiaryQuestion {
                prompt: &prompt,
                look: look(),
            },
            80,
            23,
        );
        let text = screen(&buf);
        assert!(text.contains("Started    2025-03-01 14:30"), "{text}");
        assert!(text.contains("Peak pain  7"), "{text}");
        for (w, h) in [(0, 0), (1, 1), (20, 5), (40, 12)] {
            draw(
                &DiaryQuestion {
                    prompt: &prompt,
                    look: look(),
                },
                w,
                h,
            );
            draw(
                &DiaryQuestion {
                    prompt: &areas(),
                    look: look(),
                },
                w,
                h,
            );
        }
    }
}
