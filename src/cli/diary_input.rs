//! What `attack` and `med` share: reading words, ratings and texts from
//! their flags, refusing bad input with a reason and a hint, and saving a
//! record that depends on the journal under its lock.

use std::cell::Cell;
use std::fmt;

use super::exit;
use super::journal::{short_text, warn};
use crate::journal::diary::Word;
use crate::journal::{Access, Checked, Journal, Loaded, Rating, Record, plain_words};

/// Why a command wrote nothing: what is wrong, and how to put it right.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub message: String,
    pub help: Option<String>,
}

impl Refusal {
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            help: None,
        }
    }

    pub fn help(self, help: impl Into<String>) -> Self {
        Self {
            help: Some(help.into()),
            ..self
        }
    }

    /// Prints it on stderr and gives exit 1: the person's input was wrong.
    pub fn report(&self) -> u8 {
        eprintln!("error: {}", self.message);
        if let Some(help) = &self.help {
            eprintln!("  = help: {help}");
        }
        exit::USER
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// The word of list `W` that `flag` was given as `text`; otherwise a
/// refusal naming every word (`plural` says what they are), with a "did
/// you mean" when one is close.
pub fn word<W: Word>(flag: &str, plural: &str, text: &str) -> Result<W, Refusal> {
    W::from_name(text).ok_or_else(|| {
        let names = W::names();
        let near = crate::routine::suggest_word(text.trim(), names.iter().copied());
        let message = match near {
            Some(near) => format!(
                "{flag} `{}` is not one of the {plural}; did you mean `{near}`?",
                text.trim()
            ),
            None => format!("{flag} `{}` is not one of the {plural}", text.trim()),
        };
        Refusal::new(message).help(format!("the {plural} are {}", names.join(", ")))
    })
}

/// Every word of `texts` from list `W`, in the list's order, once each.
pub fn words<W: Word + Ord>(flag: &str, plural: &str, texts: &[String]) -> Result<Vec<W>, Refusal> {
    let mut words = texts
        .iter()
        .map(|t| word(flag, plural, t))
        .collect::<Result<Vec<W>, _>>()?;
    words.sort();
    words.dedup();
    Ok(words)
}

/// A 0–10 rating given to `flag`.
pub fn rating(flag: &str, text: &str) -> Result<Rating, Refusal> {
    text.parse::<Rating>().map_err(|e| {
        Refusal::new(format!("{flag}: {e}")).help("0 is no pain, 10 the worst imaginable")
    })
}

/// A note or other text given to `flag`: trimmed, at most
/// [`super::journal::MAX_TEXT_CHARS`] characters; blank is none.
pub fn text(flag: &str, text: Option<&str>) -> Result<Option<String>, Refusal> {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    short_text(text)
        .map(Some)
        .map_err(|e| Refusal::new(format!("{flag}: {e}")))
}

/// Appends the record `decide` makes of the journal, under its lock (see
/// [`Journal::append_checked`]), warning first about damaged lines. A
/// refusal is exit 1 with nothing written; a record that cannot be written
/// is kept in the recovery file for the next run (or printed, if even that
/// fails), exit 2.
pub fn save(
    journal: &Journal,
    mut decide: impl FnMut(&Loaded) -> Result<Record, Refusal>,
) -> Result<Record, u8> {
    let warned = Cell::new(false);
    let result = journal.append_checked(|loaded| {
        if !warned.replace(true) {
            warn(journal, loaded);
        }
        decide(loaded)
    });
    match result {
        Ok(record) => Ok(record),
        Err(Checked::Refused(refusal)) => Err(refusal.report()),
        Err(Checked::Unreadable(e)) => {
            eprintln!("error: {e}");
            eprintln!("  = nothing was saved");
            Err(exit::ENVIRONMENT)
        }
        Err(Checked::Unsaved(failed)) => {
            eprintln!("error: {failed}");
            let record = failed.into_record();
            match journal.keep_unsaved(&record) {
                Ok(kept) => eprintln!(
                    "  = it is kept in {}, and the next run adds it to the journal",
                    kept.display()
                ),
                Err(e) => {
                    eprintln!(
                        "  = it could not be kept for later either ({}): copy this line to keep it",
                        plain_words(&e, Access::Write)
                    );
                    eprintln!("{}", record.to_line());
                }
            }
            Err(exit::ENVIRONMENT)
        }
    }
}
