//! The questions `stillpoint attack` asks at a terminal, one at a time:
//! a state machine fed key presses (with the time each came), that ends
//! in the same [`Given`] the flags make, or in nothing at all. It owns no
//! terminal and reads no clock, so every way through it is tested here.
//!
//! For a new attack it asks when it started, whether it is over (and if
//! so when it ended), then everything else. For the attack still going on
//! (opened with `!` in the library, or `--ongoing`), it asks whether it is
//! over and then only what that attack does not say yet: every other
//! question waits for the attack's end, or for the person to come back.
//!
//! Keys, for a person with their eyes half closed: a small choice is one
//! key (digits for the pain, `t` for 10, `l`/`r`/`b`, `y`/`n`) and moves on
//! at once; Enter or Tab moves on with what is chosen or typed, nothing
//! being a skip; Shift-Tab goes back one question; Esc or Ctrl-C cancels
//! with nothing written. The last screen shows every answer to save.

use chrono::{DateTime, FixedOffset, TimeZone};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{Given, end_refused, nothing_said, past_time};
use crate::cli::diary_input::{Refusal, text};
use crate::cli::when::shown;
use crate::journal::Rating;
use crate::journal::diary::{Attack, AttackSymptom, HeadacheType, PainArea, Quality, Side, Word};
use crate::ui::view::diary_question::{Answer, Choice, Prompt};

/// One question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Question {
    Start,
    Over,
    /// Asked only when it is over.
    End,
    Peak,
    Side,
    Areas,
    Quality,
    Aura,
    Symptoms,
    Type,
    Triggers,
    Note,
    /// "Did it come on suddenly, or is it the worst you have ever had?"
    Sudden,
}

/// What the person has answered so far; `None` or empty is not answered.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Answers {
    pub start: Option<DateTime<FixedOffset>>,
    pub over: Option<bool>,
    pub end: Option<DateTime<FixedOffset>>,
    pub peak: Option<Rating>,
    pub side: Option<Side>,
    pub areas: Vec<PainArea>,
    pub quality: Option<Quality>,
    pub aura: Option<bool>,
    pub symptoms: Vec<AttackSymptom>,
    pub headache_type: Option<HeadacheType>,
    pub triggers: Vec<String>,
    pub note: Option<String>,
    pub sudden: Option<bool>,
}

/// What a key press came to.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Still asking: draw the next prompt.
    Asking,
    /// Esc: nothing is to be written.
    Cancelled,
    /// Ctrl-C: nothing is to be written.
    Interrupted,
    /// Confirmed with nothing to add to the attack going on.
    Nothing,
    /// Confirmed: check it as the flags are checked, and save it.
    Confirmed(Box<Given>),
}

/// The questions, where the person is among them, and the answers.
#[derive(Debug, Clone)]
pub struct Questions<Z: TimeZone> {
    zone: Z,
    /// The attack still going on, that the answers add to.
    open: Option<Attack>,
    asked: Vec<Question>,
    /// The question on the screen: an index into `asked`, or its length
    /// for the summary.
    at: usize,
    answers: Answers,
    /// What is typed into a text question.
    typed: String,
    /// Why the last answer was not taken.
    problem: Option<String>,
    /// Back at a time after a refusal: the summary comes once the times
    /// are answered again.
    fixing: bool,
}

const TIME_HINT: &str = "now, HH:MM for today, or YYYY-MM-DD HH:MM";

impl<Z: TimeZone> Questions<Z> {
    /// The questions for a new attack, or (`open`) for the one going on,
    /// with times read on the clock of `zone`.
    pub fn new(open: Option<Attack>, zone: Z) -> Self {
        use Question as Q;
        let asked = match &open {
            None => vec![
                Q::Start,
                Q::Over,
                Q::End,
                Q::Peak,
                Q::Side,
                Q::Areas,
                Q::Quality,
                Q::Aura,
                Q::Symptoms,
                Q::Type,
                Q::Triggers,
                Q::Note,
                Q::Sudden,
            ],
            Some(a) => {
                let unanswered = [
                    (Q::Peak, a.peak.is_none()),
                    (Q::Side, a.side.is_none()),
                    (Q::Areas, a.areas.is_empty()),
                    (Q::Quality, a.quality.is_none()),
                    (Q::Aura, !a.aura),
                    (Q::Symptoms, a.symptoms.is_empty()),
                    (Q::Type, a.headache_type.is_none()),
                    (Q::Triggers, a.triggers.is_empty()),
                    (Q::Note, a.note.is_none()),
                    (Q::Sudden, !a.sudden),
                ];
                [Q::Over, Q::End]
                    .into_iter()
                    .chain(unanswered.into_iter().filter(|(_, u)| *u).map(|(q, _)| q))
                    .collect()
            }
        };
        Self {
            zone,
            open,
            asked,
            at: 0,
            answers: Answers::default(),
            typed: String::new(),
            problem: None,
            fixing: false,
        }
    }

    /// The question on the screen; `None` on the summary.
    pub fn question(&self) -> Option<Question> {
        self.asked.get(self.at).copied()
    }

    /// Takes the key pressed at `now`.
    pub fn key(&mut self, key: KeyEvent, now: DateTime<FixedOffset>) -> Outcome {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Char('c') if ctrl => return Outcome::Interrupted,
            KeyCode::Esc => return Outcome::Cancelled,
            KeyCode::BackTab => {
                self.back();
                return Outcome::Asking;
            }
            _ => {}
        }
        let Some(question) = self.question() else {
            return match key.code {
                KeyCode::Enter | KeyCode::Char('y' | 'Y') => self.confirm(now),
                _ => Outcome::Asking,
            };
        };
        self.problem = None;
        match key.code {
            KeyCode::Enter | KeyCode::Tab => self.accept(question, now),
            KeyCode::Backspace if is_text(question) => {
                self.typed.pop();
            }
            KeyCode::Backspace => self.clear(question),
            KeyCode::Char(c) if !ctrl && is_text(question) => self.typed.push(c),
            KeyCode::Char(c) if !ctrl => self.choose(question, c),
            _ => {}
        }
        Outcome::Asking
    }

    /// Takes text pasted in one go, into a text question.
    pub fn paste(&mut self, pasted: &str) {
        if self.question().is_some_and(is_text) {
            let flat = pasted.replace(['\r', '\n', '\t'], " ");
            self.typed.push_str(&flat);
        }
    }

    /// The check of the whole answer refused it: back to the time it is
    /// about (the end, or the start) with the reason, to answer again.
    pub fn refused(&mut self, refusal: &Refusal) {
        let about_end = refusal.message.starts_with("the end");
        let to = if about_end && self.answers.over == Some(true) {
            Question::End
        } else if self.open.is_none() {
            Question::Start
        } else {
            Question::Over
        };
        self.at = self.asked.iter().position(|q| *q == to).unwrap_or(0);
        self.fixing = true;
        self.enter();
        self.problem = Some(match &refusal.help {
            Some(help) => format!("{}; {help}", refusal.message),
            None => refusal.message.clone(),
        });
    }

    /// Moves on from `question` with what is chosen or typed.
    fn accept(&mut self, question: Question, now: DateTime<FixedOffset>) {
        let typed = self.typed.trim().to_owned();
        match question {
            Question::Start => match self.time("the start", &typed, now) {
                Ok(start) => self.answers.start = Some(start),
                Err(problem) => return self.problem = Some(problem),
            },
            Question::End => {
                let end = match self.time("the end", &typed, now) {
                    Ok(end) => end,
                    Err(problem) => return self.problem = Some(problem),
                };
                let start = self.open.as_ref().map(|o| o.start).or(self.answers.start);
                if let Some(refusal) = start.and_then(|start| end_refused(start, end)) {
                    return self.problem = Some(refusal.message);
                }
                self.answers.end = Some(end);
            }
            Question::Triggers => {
                let mut triggers = Vec::new();
                for trigger in typed.split(',') {
                    match text("a trigger", Some(trigger)) {
                        Ok(t) => triggers.extend(t.filter(|t| !triggers.contains(t))),
                        Err(refusal) => return self.problem = Some(refusal.message),
                    }
                }
                self.answers.triggers = triggers;
            }
            Question::Note => match text("the note", Some(&typed)) {
                Ok(note) => self.answers.note = note,
                Err(refusal) => return self.problem = Some(refusal.message),
            },
            _ => {}
        }
        self.forward();
    }

    /// `typed` as a time no later than `now`; blank is now.
    fn time(
        &self,
        what: &str,
        typed: &str,
        now: DateTime<FixedOffset>,
    ) -> Result<DateTime<FixedOffset>, String> {
        if typed.is_empty() {
            return Ok(now);
        }
        past_time(what, typed, now, &self.zone).map_err(|r| r.message)
    }

    /// The key `c` on a question of choices.
    fn choose(&mut self, question: Question, c: char) {
        let c = c.to_ascii_lowercase();
        let a = &mut self.answers;
        let chose = match question {
            Question::Peak => {
                let pain = match c {
                    't' => Some(10),
                    _ => c.to_digit(10),
                };
                a.peak = pain
                    .and_then(|p| Rating::new(u8::try_from(p).ok()?))
                    .or(a.peak);
                pain.is_some()
            }
            Question::Over => yes_no(c, &mut a.over),
            Question::Aura => yes_no(c, &mut a.aura),
            Question::Sudden => yes_no(c, &mut a.sudden),
            Question::Side => pick(c, &SIDE_KEYS, &mut a.side),
            Question::Quality => pick(c, &QUALITY_KEYS, &mut a.quality),
            Question::Type => pick(c, &TYPE_KEYS, &mut a.headache_type),
            Question::Areas => toggle(c, &mut a.areas),
            Question::Symptoms => toggle(c, &mut a.symptoms),
            Question::Start | Question::End | Question::Triggers | Question::Note => false,
        };
        if !chose {
            self.problem = Some(format!(
                "`{c}` is not one of the keys here: {}",
                self.choice_keys(question)
            ));
        } else if !several(question) {
            self.forward();
        }
    }

    /// Takes back the answer to a question of choices.
    fn clear(&mut self, question: Question) {
        let a = &mut self.answers;
        match question {
            Question::Peak => a.peak = None,
            Question::Over => a.over = None,
            Question::Aura => a.aura = None,
            Question::Sudden => a.sudden = None,
            Question::Side => a.side = None,
            Question::Quality => a.quality = None,
            Question::Type => a.headache_type = None,
            Question::Areas => a.areas.clear(),
            Question::Symptoms => a.symptoms.clear(),
            Question::Start | Question::End | Question::Triggers | Question::Note => {}
        }
    }

    /// Whether `question` is asked now: the end only once it is over.
    fn asks(&self, question: Question) -> bool {
        question != Question::End || self.answers.over == Some(true)
    }

    fn forward(&mut self) {
        let from = self.question();
        self.at += 1;
        while self.question().is_some_and(|q| !self.asks(q)) {
            self.at += 1;
        }
        let time = |q: Option<Question>| {
            matches!(q, Some(Question::Start | Question::Over | Question::End))
        };
        if self.fixing && time(from) && !time(self.question()) {
            self.at = self.asked.len();
        }
        self.enter();
    }

    fn back(&mut self) {
        self.problem = None;
        let mut at = self.at;
        while at > 0 {
            at -= 1;
            if self.asks(self.asked[at]) {
                self.at = at;
                self.enter();
                return;
            }
        }
    }

    /// Shows what was answered before in the field of a text question.
    fn enter(&mut self) {
        let a = &self.answers;
        self.typed = match self.question() {
            Some(Question::Start) => a.start.map(shown).unwrap_or_default(),
            Some(Question::End) => a.end.map(shown).unwrap_or_default(),
            Some(Question::Triggers) => a.triggers.join(", "),
            Some(Question::Note) => a.note.clone().unwrap_or_default(),
            _ => String::new(),
        };
    }

    /// The answers as the flags would have given them, at `now`; nothing
    /// when there is nothing to add to the attack going on.
    fn confirm(&mut self, now: DateTime<FixedOffset>) -> Outcome {
        let given = self.given(now);
        if self.open.is_some() && given.end.is_none() && nothing_said(&given.said) {
            Outcome::Nothing
        } else {
            Outcome::Confirmed(Box::new(given))
        }
    }

    fn given(&self, now: DateTime<FixedOffset>) -> Given {
        let a = &self.answers;
        let over = a.over == Some(true);
        let start = a.start.unwrap_or(now);
        let end = over.then(|| a.end.unwrap_or(now));
        match self.open {
            None => Given {
                start: Some(start),
                end,
                ongoing: !over,
                said: self.said(start),
            },
            Some(_) => Given {
                start: None,
                end,
                ongoing: false,
                said: self.said(start),
            },
        }
    }

    /// An attack from `start` with only what was answered.
    fn said(&self, start: DateTime<FixedOffset>) -> Attack {
        let a = &self.answers;
        Attack {
            peak: a.peak,
            side: a.side,
            areas: a.areas.clone(),
            quality: a.quality,
            aura: a.aura == Some(true),
            symptoms: a.symptoms.clone(),
            headache_type: a.headache_type,
            triggers: a.triggers.clone(),
            note: a.note.clone(),
            sudden: a.sudden == Some(true),
            ..Attack::new(start)
        }
    }

    /// What to show now.
    pub fn prompt(&self) -> Prompt {
        let heading = match &self.open {
            None => "A headache".to_owned(),
            Some(open) => format!("The headache from {}", shown(open.start)),
        };
        let Some(question) = self.question() else {
            return self.summary(heading);
        };
        let shown_questions: Vec<Question> = self
            .asked
            .iter()
            .copied()
            .filter(|q| self.asks(*q))
            .collect();
        let number = shown_questions
            .iter()
            .position(|q| *q == question)
            .unwrap_or(0)
            + 1;
        let step = Some((number, shown_questions.len()));
        let a = &self.answers;
        let (text, hint, answer) = match question {
            Question::Start => (
                "When did it start?",
                Some(format!("{TIME_HINT}; Enter alone: now")),
                Answer::Field(self.typed.clone()),
            ),
            Question::Over => (
                "Is it over?",
                Some("Enter alone: it is still going on".to_owned()),
                choices(
                    &[
                        ("y", "yes, it has ended"),
                        ("n", "no, it is still going on"),
                    ],
                    |i| a.over == Some(i == 0),
                ),
            ),
            Question::End => (
                "When did it end?",
                Some(format!("{TIME_HINT}; Enter alone: now")),
                Answer::Field(self.typed.clone()),
            ),
            Question::Peak => (
                "How bad was the pain at its worst?",
                Some("0 is no pain, 10 the worst imaginable".to_owned()),
                Answer::Scale(a.peak.map(Rating::get)),
            ),
            Question::Side => ("Which side of your head?", None, keyed(&SIDE_KEYS, a.side)),
            Question::Areas => (
                "Where does it hurt?",
                Some("as many as you like".to_owned()),
                numbered(&a.areas),
            ),
            Question::Quality => (
                "What does the pain feel like?",
                None,
                keyed(&QUALITY_KEYS, a.quality),
            ),
            Question::Aura => (
                "Was there an aura before or with it?",
                Some("flashing lights, zigzags, blind spots, tingling".to_owned()),
                choices(&[("y", "yes"), ("n", "no")], |i| a.aura == Some(i == 0)),
            ),
            Question::Symptoms => (
                "What comes with it?",
                Some("as many as you like".to_owned()),
                numbered(&a.symptoms),
            ),
            Question::Type => (
                "What do you call it?",
                Some("your word, not a diagnosis".to_owned()),
                keyed(&TYPE_KEYS, a.headache_type),
            ),
            Question::Triggers => (
                "What set it off, in your own words?",
                Some("several: separate them with commas".to_owned()),
                Answer::Field(self.typed.clone()),
            ),
            Question::Note => ("A note?", None, Answer::Field(self.typed.clone())),
            Question::Sudden => (
                "Did it come on suddenly, or is it the worst you have ever had?",
                None,
                choices(&[("y", "yes"), ("n", "no")], |i| a.sudden == Some(i == 0)),
            ),
        };
        let mut keys = Vec::new();
        if !is_text(question) {
            keys.push(format!("{} answer", self.choice_keys(question)));
        }
        keys.push(if self.answered(question) || is_text(question) {
            "Enter next".to_owned()
        } else {
            "Enter skip".to_owned()
        });
        if self.at > 0 {
            keys.push("Shift-Tab back".to_owned());
        }
        keys.push("Esc cancel".to_owned());
        Prompt {
            heading,
            step,
            question: text.to_owned(),
            hint,
            answer,
            problem: self.problem.clone(),
            keys,
        }
    }

    /// Whether a question of choices has an answer.
    fn answered(&self, question: Question) -> bool {
        let a = &self.answers;
        match question {
            Question::Peak => a.peak.is_some(),
            Question::Over => a.over.is_some(),
            Question::Aura => a.aura.is_some(),
            Question::Sudden => a.sudden.is_some(),
            Question::Side => a.side.is_some(),
            Question::Quality => a.quality.is_some(),
            Question::Type => a.headache_type.is_some(),
            Question::Areas => !a.areas.is_empty(),
            Question::Symptoms => !a.symptoms.is_empty(),
            Question::Start | Question::End | Question::Triggers | Question::Note => false,
        }
    }

    /// The keys that answer a question of choices, as the hint says them.
    fn choice_keys(&self, question: Question) -> String {
        let letters = |keys: &[(char, &str)]| {
            keys.iter()
                .map(|(k, _)| k.to_string())
                .collect::<Vec<_>>()
                .join("/")
        };
        match question {
            Question::Peak => "0-9, t for 10".to_owned(),
            Question::Over | Question::Aura | Question::Sudden => "y/n".to_owned(),
            Question::Side => letters(&SIDE_KEYS.map(|(k, w)| (k, w.name()))),
            Question::Quality => letters(&QUALITY_KEYS.map(|(k, w)| (k, w.name()))),
            Question::Type => letters(&TYPE_KEYS.map(|(k, w)| (k, w.name()))),
            Question::Areas => "1-9, 0".to_owned(),
            Question::Symptoms => format!("1-{}", AttackSymptom::ALL.len()),
            Question::Start | Question::End | Question::Triggers | Question::Note => String::new(),
        }
    }

    /// The last screen: every answer, and what saving does.
    fn summary(&self, heading: String) -> Prompt {
        let a = &self.answers;
        let s = self.said(DateTime::UNIX_EPOCH.fixed_offset());
        let words = |list: Vec<&str>| {
            if list.is_empty() {
                "-".to_owned()
            } else {
                list.join(", ")
            }
        };
        let mut rows = Vec::new();
        match &self.open {
            None => rows.push((
                "Started".to_owned(),
                a.start.map_or_else(|| "now".to_owned(), shown),
            )),
            Some(open) => rows.push(("Started".to_owned(), shown(open.start))),
        }
        rows.push((
            "Ended".to_owned(),
            match (a.over, a.end) {
                (Some(true), Some(end)) => shown(end),
                (Some(true), None) => "now".to_owned(),
                _ => "still going on".to_owned(),
            },
        ));
        for question in self.asked.iter().copied() {
            let (name, value) = match question {
                Question::Start | Question::Over | Question::End => continue,
                Question::Peak => (
                    "Peak pain",
                    s.peak.map_or("-".to_owned(), |p| p.get().to_string()),
                ),
                Question::Side => ("Side", words(s.side.iter().map(|w| w.name()).collect())),
                Question::Areas => ("Where", words(s.areas.iter().map(|w| w.name()).collect())),
                Question::Quality => ("Feels", words(s.quality.iter().map(|w| w.name()).collect())),
                Question::Aura => ("Aura", yes_no_word(a.aura)),
                Question::Symptoms => (
                    "With it",
                    words(s.symptoms.iter().map(|w| w.name()).collect()),
                ),
                Question::Type => (
                    "You call it",
                    words(s.headache_type.iter().map(|w| w.name()).collect()),
                ),
                Question::Triggers => (
                    "Triggers",
                    words(s.triggers.iter().map(String::as_str).collect()),
                ),
                Question::Note => ("Note", s.note.clone().unwrap_or_else(|| "-".to_owned())),
                Question::Sudden => ("Sudden or worst ever", yes_no_word(a.sudden)),
            };
            rows.push((name.to_owned(), value));
        }
        let nothing = self.open.is_some() && a.over != Some(true) && nothing_said(&s);
        let (question, keys) = if nothing {
            (
                "Nothing to add: it is still going on.",
                vec![
                    "Enter leave".to_owned(),
                    "Shift-Tab back".to_owned(),
                    "Esc cancel".to_owned(),
                ],
            )
        } else {
            (
                "Save this to your journal?",
                vec![
                    "Enter save".to_owned(),
                    "Shift-Tab back".to_owned(),
                    "Esc cancel, nothing saved".to_owned(),
                ],
            )
        };
        Prompt {
            heading,
            step: None,
            question: question.to_owned(),
            hint: None,
            answer: Answer::Summary(rows),
            problem: self.problem.clone(),
            keys,
        }
    }
}

/// The sides, each with its key.
const SIDE_KEYS: [(char, Side); 3] = [('l', Side::Left), ('r', Side::Right), ('b', Side::Both)];

const QUALITY_KEYS: [(char, Quality); 3] = [
    ('t', Quality::Throbbing),
    ('p', Quality::Pressing),
    ('s', Quality::Stabbing),
];

const TYPE_KEYS: [(char, HeadacheType); 5] = [
    ('m', HeadacheType::Migraine),
    ('t', HeadacheType::Tension),
    ('c', HeadacheType::Cluster),
    ('o', HeadacheType::Other),
    ('u', HeadacheType::Unsure),
];

/// Whether `question` is answered by typing.
fn is_text(question: Question) -> bool {
    matches!(
        question,
        Question::Start | Question::End | Question::Triggers | Question::Note
    )
}

/// Whether more than one answer may be chosen.
fn several(question: Question) -> bool {
    matches!(question, Question::Areas | Question::Symptoms)
}

fn yes_no(c: char, answer: &mut Option<bool>) -> bool {
    match c {
        'y' => *answer = Some(true),
        'n' => *answer = Some(false),
        _ => return false,
    }
    true
}

fn yes_no_word(answer: Option<bool>) -> String {
    match answer {
        Some(true) => "yes",
        Some(false) => "no",
        None => "-",
    }
    .to_owned()
}

/// The word of `keys` that `c` chooses, into `answer`.
fn pick<W: Copy>(c: char, keys: &[(char, W)], answer: &mut Option<W>) -> bool {
    let Some((_, word)) = keys.iter().find(|(k, _)| *k == c) else {
        return false;
    };
    *answer = Some(*word);
    true
}

/// Chooses or unchooses the word of list `W` that digit `c` numbers (`1`
/// the first, `0` the tenth), keeping `chosen` in the list's order.
fn toggle<W: Word + Ord>(c: char, chosen: &mut Vec<W>) -> bool {
    let Some(digit) = c.to_digit(10) else {
        return false;
    };
    let index = if digit == 0 { 9 } else { digit as usize - 1 };
    let Some(word) = W::ALL.get(index).copied() else {
        return false;
    };
    match chosen.iter().position(|w| *w == word) {
        Some(at) => {
            chosen.remove(at);
        }
        None => {
            chosen.push(word);
            chosen.sort();
        }
    }
    true
}

/// One choice a key each, the one `chosen(i)` says marked.
fn choices(keys: &[(&str, &str)], chosen: impl Fn(usize) -> bool) -> Answer {
    Answer::Choices {
        several: false,
        choices: keys
            .iter()
            .enumerate()
            .map(|(i, (key, label))| Choice {
                key: (*key).to_owned(),
                label: (*label).to_owned(),
                chosen: chosen(i),
            })
            .collect(),
    }
}

/// The words of `keys`, the `answer` marked.
fn keyed<W: Word + PartialEq>(keys: &[(char, W)], answer: Option<W>) -> Answer {
    Answer::Choices {
        several: false,
        choices: keys
            .iter()
            .map(|(key, word)| Choice {
                key: key.to_string(),
                label: word.name().to_owned(),
                chosen: answer == Some(*word),
            })
            .collect(),
    }
}

/// Every word of list `W`, numbered from 1 (the tenth 0), those in
/// `chosen` marked.
fn numbered<W: Word + PartialEq>(chosen: &[W]) -> Answer {
    Answer::Choices {
        several: true,
        choices: W::ALL
            .iter()
            .enumerate()
            .map(|(i, word)| Choice {
                key: ((i + 1) % 10).to_string(),
                label: word.name().to_owned(),
                chosen: chosen.contains(word),
            })
            .collect(),
    }
}

#[cfg(test)]
#[path = "questions_tests.rs"]
mod tests;
