//! `play --from STEP`: a step named by its number (from 1, as `stillpoint
//! plan` numbers them) or its title (in any case), or why there is none,
//! with the steps there are.

use std::fmt::Write as _;

use crate::routine::Routine;

/// The step `query` names in `routine`, counted from 0; or the message
/// that says there is none, ready to print.
pub fn index(query: &str, routine: &Routine) -> Result<usize, String> {
    let wanted = query.trim();
    let steps = routine.steps.len();
    if let Ok(number) = wanted.parse::<usize>() {
        if (1..=steps).contains(&number) {
            return Ok(number - 1);
        }
        return Err(unknown(
            routine,
            &format!("has no step {number}: its steps are numbered 1 to {steps}"),
            None,
        ));
    }
    let lower = wanted.to_lowercase();
    let titles: Vec<String> = routine
        .steps
        .iter()
        .map(|s| s.title.to_lowercase())
        .collect();
    if let Some(found) = titles.iter().position(|t| *t == lower) {
        return Ok(found);
    }
    let containing: Vec<usize> = (0..steps).filter(|&i| titles[i].contains(&lower)).collect();
    let near = match containing.as_slice() {
        [one] => Some(*one),
        _ => crate::routine::suggest_word(&lower, titles.iter().map(String::as_str))
            .and_then(|t| titles.iter().position(|title| title == t)),
    };
    Err(unknown(
        routine,
        &format!("has no step called `{wanted}`"),
        near,
    ))
}

/// "error: TITLE WHAT", a step it may have meant, and every step.
fn unknown(routine: &Routine, what: &str, near: Option<usize>) -> String {
    let mut message = format!("error: {} {what}\n", routine.title);
    if let Some(near) = near {
        let _ = writeln!(
            message,
            "  = help: did you mean `--from \"{}\"`?",
            routine.steps[near].title
        );
    }
    let _ = writeln!(message, "  = the steps, by number and title:");
    for (i, step) in routine.steps.iter().enumerate() {
        let _ = writeln!(message, "    {:>2}  {}", i + 1, step.title);
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routine::{RoutineSource, parse};

    fn routine() -> Routine {
        let mut text = "stillpoint = 1\ntitle = \"Jaw release\"\n".to_owned();
        for title in ["Warm compress", "Jaw circles", "Rest"] {
            text.push_str(&format!(
                "\n[[step]]\ntitle = \"{title}\"\nkind = \"rest\"\nduration = \"10s\"\ninstructions = \"Rest.\"\n"
            ));
        }
        parse(&RoutineSource {
            name: "jaw.toml".into(),
            text,
            folder: None,
        })
        .routine
        .unwrap()
    }

    #[test]
    fn a_number_from_one_or_a_title_in_any_case_names_a_step() {
        let r = routine();
        assert_eq!(index("1", &r), Ok(0));
        assert_eq!(index(" 3 ", &r), Ok(2));
        assert_eq!(index("jaw CIRCLES", &r), Ok(1));
    }

    #[test]
    fn an_unknown_step_lists_the_steps_and_what_it_may_have_meant() {
        let r = routine();
        let steps = "  = the steps, by number and title:\n     1  Warm compress\n     2  Jaw circles\n     3  Rest\n";
        assert_eq!(
            index("jaw circle", &r).unwrap_err(),
            format!(
                "error: Jaw release has no step called `jaw circle`\n  = help: did you mean `--from \"Jaw circles\"`?\n{steps}"
            )
        );
        assert_eq!(
            index("compress", &r).unwrap_err(),
            format!(
                "error: Jaw release has no step called `compress`\n  = help: did you mean `--from \"Warm compress\"`?\n{steps}"
            )
        );
        assert_eq!(
            index("0", &r).unwrap_err(),
            format!("error: Jaw release has no step 0: its steps are numbered 1 to 3\n{steps}")
        );
        assert_eq!(
            index("stretch", &r).unwrap_err(),
            format!("error: Jaw release has no step called `stretch`\n{steps}")
        );
    }
}
