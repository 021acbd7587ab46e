//! `stillpoint checkin`: how the person feels now, from flags or from
//! questions on the terminal, each skipped with Enter.

use std::io::{self, BufRead, IsTerminal, Write};

use super::exit;
use super::journal::{CheckInArgs, journal};
use crate::journal::{CheckIn, Rating, Record, Symptom, now};

/// Writes a check-in to the journal.
pub fn run(args: CheckInArgs) -> Result<u8, u8> {
    let journal = journal()?;
    let given = args.pain.is_some()
        || args.stress.is_some()
        || !args.symptoms.is_empty()
        || args.other.is_some()
        || args.note.is_some();
    let answers = if given {
        args
    } else if io::stdin().is_terminal() {
        match ask(&mut io::stdin().lock(), &mut io::stderr()) {
            Ok(Some(answers)) => answers,
            Ok(None) => {
                eprintln!("Check-in cancelled; nothing was saved.");
                return Err(exit::USER);
            }
            Err(e) => {
                eprintln!("error: could not read your answers: {e}");
                return Err(exit::ENVIRONMENT);
            }
        }
    } else {
        eprintln!("error: there is no terminal to ask the check-in questions on");
        eprintln!(
            "  = help: give the answers as flags, e.g. `stillpoint checkin --pain 4 --stress 6 --symptom nausea`"
        );
        return Err(exit::ENVIRONMENT);
    };
    let Some(entry) = check_in(answers) else {
        eprintln!("Nothing was given, so nothing was saved.");
        return Err(exit::USER);
    };
    let record = Record::from(entry);
    match journal.append(record) {
        Ok(()) => {
            println!("Saved the check-in to {}.", journal.path().display());
            Ok(exit::OK)
        }
        Err(failed) => {
            eprintln!("error: {failed}");
            eprintln!("  = help: here is the check-in, to keep or add to the journal later:");
            eprintln!("{}", failed.record.to_line());
            Err(exit::ENVIRONMENT)
        }
    }
}

/// The check-in made from the answers, now; empty text counts as none.
/// `None` when nothing at all was given: an empty entry is not saved.
fn check_in(answers: CheckInArgs) -> Option<CheckIn> {
    let text = |t: Option<String>| t.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty());
    let mut symptoms = answers.symptoms;
    symptoms.sort();
    symptoms.dedup();
    let entry = CheckIn {
        pain: answers.pain,
        stress: answers.stress,
        symptoms,
        other_symptoms: text(answers.other),
        note: text(answers.note),
        ..CheckIn::new(now())
    };
    let nothing = entry.pain.is_none()
        && entry.stress.is_none()
        && entry.symptoms.is_empty()
        && entry.other_symptoms.is_none()
        && entry.note.is_none();
    (!nothing).then_some(entry)
}

/// For `--symptom`: one of the fixed list, with a suggestion if misspelt.
pub fn parse_symptom(text: &str) -> Result<Symptom, String> {
    Symptom::from_name(text).ok_or_else(|| {
        let names = Symptom::ALL.map(Symptom::name);
        match crate::routine::suggest_word(text, names) {
            Some(near) => format!("did you mean `{near}`? (other symptoms go in --other)"),
            None => format!(
                "the symptoms are {}; others go in --other",
                names.join(", ")
            ),
        }
    })
}

/// Asks each question on `out`, reading answers from `input`. `None` when
/// the input ends (Ctrl-D) before the last answer.
fn ask(input: &mut impl BufRead, out: &mut impl Write) -> io::Result<Option<CheckInArgs>> {
    let Some(pain) = ask_rating(input, out, "Pain right now, 0 (none) to 10 (worst)")? else {
        return Ok(None);
    };
    let Some(stress) = ask_rating(input, out, "Stress right now, 0 (none) to 10 (worst)")? else {
        return Ok(None);
    };
    let Some(symptoms) = ask_symptoms(input, out)? else {
        return Ok(None);
    };
    let Some(other) = ask_text(input, out, "Anything else you notice")? else {
        return Ok(None);
    };
    let Some(note) = ask_text(input, out, "A note")? else {
        return Ok(None);
    };
    Ok(Some(CheckInArgs {
        pain,
        stress,
        symptoms,
        other: Some(other),
        note: Some(note),
    }))
}

fn ask_rating(
    input: &mut impl BufRead,
    out: &mut impl Write,
    prompt: &str,
) -> io::Result<Option<Option<Rating>>> {
    loop {
        let Some(answer) = question(input, out, prompt)? else {
            return Ok(None);
        };
        if answer.is_empty() {
            return Ok(Some(None));
        }
        match answer.parse::<Rating>() {
            Ok(rating) => return Ok(Some(Some(rating))),
            Err(e) => writeln!(out, "  {e}; or press Enter to skip.")?,
        }
    }
}

fn ask_symptoms(
    input: &mut impl BufRead,
    out: &mut impl Write,
) -> io::Result<Option<Vec<Symptom>>> {
    let listed: Vec<String> = Symptom::ALL
        .iter()
        .enumerate()
        .map(|(i, s)| format!("{} {}", i + 1, s.name()))
        .collect();
    writeln!(out, "Symptoms: {}", listed.join(", "))?;
    loop {
        let Some(answer) = question(input, out, "Numbers or names, separated by commas")? else {
            return Ok(None);
        };
        let mut symptoms = Vec::new();
        let mut unknown = Vec::new();
        for word in answer
            .split([',', ';'])
            .map(str::trim)
            .filter(|w| !w.is_empty())
        {
            let by_number = word
                .parse::<usize>()
                .ok()
                .and_then(|n| n.checked_sub(1))
                .and_then(|i| Symptom::ALL.get(i).copied());
            match by_number.or_else(|| Symptom::from_name(word)) {
                Some(symptom) => symptoms.push(symptom),
                None => unknown.push(word),
            }
        }
        if unknown.is_empty() {
            return Ok(Some(symptoms));
        }
        writeln!(
            out,
            "  Not on the list: {}. Other symptoms come in the next question.",
            unknown.join(", ")
        )?;
    }
}

/// A free-text question, asked again while the answer is too long.
fn ask_text(
    input: &mut impl BufRead,
    out: &mut impl Write,
    prompt: &str,
) -> io::Result<Option<String>> {
    loop {
        let Some(answer) = question(input, out, prompt)? else {
            return Ok(None);
        };
        match super::journal::short_text(&answer) {
            Ok(text) => return Ok(Some(text)),
            Err(e) => writeln!(out, "  {e}; or press Enter to skip.")?,
        }
    }
}

/// Shows `prompt` and reads one line; `None` at the end of input.
fn question(
    input: &mut impl BufRead,
    out: &mut impl Write,
    prompt: &str,
) -> io::Result<Option<String>> {
    write!(out, "{prompt} (Enter to skip): ")?;
    out.flush()?;
    let mut line = String::new();
    if input.read_line(&mut line)? == 0 {
        writeln!(out)?;
        return Ok(None);
    }
    Ok(Some(line.trim().to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answers(typed: &str) -> (Option<CheckInArgs>, String) {
        let mut out = Vec::new();
        let result = ask(&mut typed.as_bytes(), &mut out).unwrap();
        (result, String::from_utf8(out).unwrap())
    }

    #[test]
    fn skipping_every_question_leaves_nothing_to_save() {
        let (args, shown) = answers("\n\n\n\n\n");
        let args = args.expect("every question was asked and skipped");
        assert!(shown.contains("A note (Enter to skip): "), "{shown}");
        assert_eq!(check_in(args), None);
        let (blank, _) = answers("  \n\n , \n   \n\t\n");
        assert_eq!(check_in(blank.unwrap()), None, "blanks are no answers");
    }

    #[test]
    fn any_one_answer_is_saved() {
        let given = [
            CheckInArgs {
                pain: Rating::new(0),
                ..CheckInArgs::default()
            },
            CheckInArgs {
                stress: Rating::new(3),
                ..CheckInArgs::default()
            },
            CheckInArgs {
                symptoms: vec![Symptom::Aura],
                ..CheckInArgs::default()
            },
            CheckInArgs {
                other: Some("ringing".into()),
                ..CheckInArgs::default()
            },
            CheckInArgs {
                note: Some("after lunch".into()),
                ..CheckInArgs::default()
            },
        ];
        for args in given {
            let shown = format!("{args:?}");
            assert!(check_in(args).is_some(), "{shown}");
        }
        let (one, _) = answers("\n\n\n\nslept badly\n");
        let entry = check_in(one.unwrap()).unwrap();
        assert_eq!(entry.note.as_deref(), Some("slept badly"));
    }

    #[test]
    fn wrong_answers_are_asked_again() {
        let (args, shown) = answers("11\n4\n\n2, neck pain, tinnitus\n2,5\nringing\nafter lunch\n");
        let c = check_in(args.unwrap()).unwrap();
        assert_eq!(c.pain, Rating::new(4));
        assert_eq!(c.symptoms, [Symptom::Nausea, Symptom::NeckPain]);
        assert_eq!(c.other_symptoms.as_deref(), Some("ringing"));
        assert_eq!(c.note.as_deref(), Some("after lunch"));
        assert!(shown.contains("not `11`"), "{shown}");
        assert!(shown.contains("Not on the list: tinnitus."), "{shown}");
    }

    #[test]
    fn end_of_input_cancels() {
        assert!(answers("3\n").0.is_none());
    }

    #[test]
    fn misspelt_symptoms_get_a_suggestion() {
        assert_eq!(
            parse_symptom("nausia").unwrap_err(),
            "did you mean `nausea`? (other symptoms go in --other)"
        );
        assert_eq!(
            parse_symptom("Light-Sensitivity"),
            Ok(Symptom::LightSensitivity)
        );
    }
}
