//! `stillpoint midas`: the Migraine Disability Assessment, from flags or
//! asked a question at a time on the terminal; stored, then shown with
//! its score and grade.

use std::io::{self, BufRead, IsTerminal, Write};

use clap::Args;

use super::diary_input::{Refusal, rating, save};
use super::exit;
use super::journal::journal;
use crate::journal::diary::midas::{AVERAGE_PAIN_QUESTION, HEADACHE_DAYS_QUESTION, QUESTIONS};
use crate::journal::diary::{Midas, MidasDays};
use crate::journal::{Rating, Record, now};

#[derive(Debug, Default, Clone, Args)]
pub struct MidasArgs {
    /// The five answers in days (0-90 each), comma-separated: days of
    /// work or school missed, at half productivity there, household work
    /// missed, at half productivity there, family, social or leisure
    /// activities missed, each over the last 3 months.
    #[arg(long, value_name = "D1,D2,D3,D4,D5")]
    pub answers: Option<String>,
    /// Days with a headache in the last 3 months, 0-90 (not scored).
    #[arg(long, value_name = "N")]
    pub headache_days: Option<String>,
    /// How painful those headaches were on average, 0-10 (not scored).
    #[arg(long, value_name = "N")]
    pub average_pain: Option<String>,
}

/// The seven answers, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Answers {
    days: [MidasDays; 5],
    headache_days: MidasDays,
    average_pain: Rating,
}

/// Asks or reads the answers, stores them and shows the score and grade.
pub fn run(args: &MidasArgs) -> Result<u8, u8> {
    let given =
        args.answers.is_some() || args.headache_days.is_some() || args.average_pain.is_some();
    let answers = if given {
        read(args).map_err(|r| r.report())?
    } else if io::stdin().is_terminal() {
        match ask(&mut io::stdin().lock(), &mut io::stderr()) {
            Ok(Some(answers)) => answers,
            Ok(None) => {
                eprintln!("MIDAS cancelled; nothing was saved.");
                return Err(exit::USER);
            }
            Err(e) => {
                eprintln!("error: could not read your answers: {e}");
                return Err(exit::ENVIRONMENT);
            }
        }
    } else {
        eprintln!("error: there is no terminal to ask the MIDAS questions on");
        eprintln!(
            "  = help: give the answers as flags, e.g. `stillpoint midas --answers 2,3,1,4,0 --headache-days 12 --average-pain 6`"
        );
        return Err(exit::ENVIRONMENT);
    };
    let journal = journal()?;
    let midas = Midas::new(
        now(),
        answers.days,
        answers.headache_days,
        answers.average_pain,
    );
    save(&journal, |_| Ok(Record::from(midas.clone())))?;
    println!("{}", summary(&midas));
    println!("Saved the answers to {}.", journal.path().display());
    Ok(exit::OK)
}

/// The score, the grade and what it means, in plain words.
pub fn summary(midas: &Midas) -> String {
    let grade = midas.grade();
    format!(
        "MIDAS score {}: grade {grade} ({}), {}.\n\
         {} days of work, school, household or family and social life lost or half lost to headaches \
         in the last 3 months; a headache on {} days, with pain {} of 10 on average.\n\
         This is a measure of how much headaches get in the way, not a diagnosis.",
        midas.score(),
        grade.range(),
        grade.meaning(),
        midas.score(),
        midas.headache_days,
        midas.average_pain,
    )
}

/// The flags, checked: all three are needed.
fn read(args: &MidasArgs) -> Result<Answers, Refusal> {
    let example = "e.g. `stillpoint midas --answers 2,3,1,4,0 --headache-days 12 --average-pain 6`";
    let (Some(list), Some(headache_days), Some(average_pain)) = (
        args.answers.as_deref(),
        args.headache_days.as_deref(),
        args.average_pain.as_deref(),
    ) else {
        return Err(Refusal::new(
            "MIDAS needs --answers, --headache-days and --average-pain together",
        )
        .help(format!("{example}; or give none of them to be asked")));
    };
    let parts: Vec<&str> = list.split(',').collect();
    if parts.len() != 5 {
        return Err(Refusal::new(format!(
            "--answers takes 5 numbers of days separated by commas, not {}: `{}`",
            parts.len(),
            list.trim()
        ))
        .help(example));
    }
    let mut days = [MidasDays::new(0).expect("0 is in range"); 5];
    for (i, (slot, text)) in days.iter_mut().zip(&parts).enumerate() {
        *slot = text.parse::<MidasDays>().map_err(|e| {
            Refusal::new(format!("--answers, answer {}: {e}", i + 1))
                .help("each answer counts days in the last 3 months")
        })?;
    }
    let headache_days = headache_days
        .parse::<MidasDays>()
        .map_err(|e| Refusal::new(format!("--headache-days: {e}")))?;
    let average_pain = rating("--average-pain", average_pain)?;
    Ok(Answers {
        days,
        headache_days,
        average_pain,
    })
}

/// Asks the seven questions on `out`, a line each, reading the answers
/// from `input`. A blank or wrong answer asks again; `q` or the end of
/// the input (Ctrl-D) cancels, giving `None`.
fn ask(input: &mut impl BufRead, out: &mut impl Write) -> io::Result<Option<Answers>> {
    writeln!(
        out,
        "MIDAS, the Migraine Disability Assessment: 7 questions about the last 3 months.\n\
         Type a number and press Enter; q cancels, and nothing is saved until the last answer."
    )?;
    let mut days = [MidasDays::new(0).expect("0 is in range"); 5];
    for (i, slot) in days.iter_mut().enumerate() {
        let prompt = format!("{}. {}", i + 1, QUESTIONS[i]);
        let Some(answer) = ask_number(input, out, &prompt, "days, 0 to 90", |t| {
            t.parse::<MidasDays>().map_err(|e| e.to_string())
        })?
        else {
            return Ok(None);
        };
        *slot = answer;
    }
    let Some(headache_days) = ask_number(
        input,
        out,
        &format!("A. {HEADACHE_DAYS_QUESTION}"),
        "days, 0 to 90",
        |t| t.parse::<MidasDays>().map_err(|e| e.to_string()),
    )?
    else {
        return Ok(None);
    };
    let Some(average_pain) = ask_number(
        input,
        out,
        &format!("B. {AVERAGE_PAIN_QUESTION}"),
        "0 to 10",
        |t| t.parse::<Rating>().map_err(|e| e.to_string()),
    )?
    else {
        return Ok(None);
    };
    Ok(Some(Answers {
        days,
        headache_days,
        average_pain,
    }))
}

/// Asks `prompt` until `parse` takes the answer; `None` on `q` or the end
/// of the input.
fn ask_number<T>(
    input: &mut impl BufRead,
    out: &mut impl Write,
    prompt: &str,
    range: &str,
    parse: impl Fn(&str) -> Result<T, String>,
) -> io::Result<Option<T>> {
    writeln!(out, "\n{prompt}")?;
    loop {
        write!(out, "({range}) > ")?;
        out.flush()?;
        let mut line = String::new();
        if input.read_line(&mut line)? == 0 {
            writeln!(out)?;
            return Ok(None);
        }
        let answer = line.trim();
        if answer.eq_ignore_ascii_case("q") {
            return Ok(None);
        }
        if answer.is_empty() {
            writeln!(out, "  Please type a number ({range}), or q to cancel.")?;
            continue;
        }
        match parse(answer) {
            Ok(value) => return Ok(Some(value)),
            Err(e) => writeln!(out, "  {e}; try again, or q to cancel.")?,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asked(typed: &str) -> (Option<Answers>, String) {
        let mut out = Vec::new();
        let answers = ask(&mut typed.as_bytes(), &mut out).unwrap();
        (answers, String::from_utf8(out).unwrap())
    }

    #[test]
    fn each_question_is_asked_and_a_blank_or_wrong_answer_asks_again() {
        let (answers, shown) = asked("1\n\n2\n95\n3\n4\n5\n12\nx\n6\n");
        let answers = answers.expect("all seven answered");
        assert_eq!(answers.days.map(MidasDays::get), [1, 2, 3, 4, 5]);
        assert_eq!(answers.headache_days.get(), 12);
        assert_eq!(answers.average_pain.get(), 6);
        assert!(shown.contains("did you miss work or school"), "{shown}");
        assert!(
            shown.contains("Please type a number (days, 0 to 90)"),
            "{shown}"
        );
        assert!(shown.contains("not `95`; try again"), "{shown}");
        assert!(shown.contains("B. On a scale of 0 to 10"), "{shown}");
    }

    #[test]
    fn ctrl_d_or_q_cancels() {
        assert_eq!(asked("1\n2\n3\n").0, None);
        assert_eq!(asked("1\nq\n").0, None);
    }

    #[test]
    fn flags_are_checked() {
        let args = |a: &str, h: &str, p: &str| MidasArgs {
            answers: Some(a.into()),
            headache_days: Some(h.into()),
            average_pain: Some(p.into()),
        };
        assert!(read(&args("1,2,3,4,5", "10", "6")).is_ok());
        let wrong = |a: &MidasArgs| read(a).unwrap_err().message;
        assert!(wrong(&args("1,2,3,4", "10", "6")).contains("not 4"));
        assert!(wrong(&args("1,2,3,4,91", "10", "6")).contains("answer 5"));
        assert!(wrong(&args("1,2,x,4,5", "10", "6")).contains("answer 3"));
        assert!(wrong(&args("1,2,3,4,5", "91", "6")).contains("--headache-days"));
        assert!(wrong(&args("1,2,3,4,5", "10", "11")).contains("--average-pain"));
        let partial = MidasArgs {
            answers: Some("1,2,3,4,5".into()),
            ..MidasArgs::default()
        };
        assert!(wrong(&partial).contains("together"));
    }
}
