//! "When to get help now": the signs that a headache needs a doctor at
//! once, in plain words. One text, shown by the player, the library, the
//! `attack` and `warning-signs` commands and named by `--help`, so every
//! place says the same.

/// The screen's title.
pub const TITLE: &str = "When to get help now";

/// What to do, before the signs.
pub const CALL: &str = "Call a doctor or emergency services now if a headache comes with:";

/// The signs, one short line each.
pub const SIGNS: [&str; 8] = [
    "It came on suddenly and is the worst you have ever had.",
    "Fever, or a stiff neck.",
    "New weakness, numbness, confusion or trouble speaking.",
    "It started after a blow to the head.",
    "A new kind of headache, and you are over 50.",
    "It gets worse when you lie down, cough or strain.",
    "You are pregnant or have just given birth.",
    "It is not like your usual headaches and keeps getting worse.",
];

/// Said last.
pub const NOT_A_DIAGNOSIS: &str = "This is not a diagnosis. If you are unsure, ask for help.";

/// The whole text as lines, for plain output: the title, the call, a
/// dash before each sign and the closing line.
pub fn lines() -> Vec<String> {
    let mut lines = vec![TITLE.to_owned(), CALL.to_owned()];
    lines.extend(SIGNS.iter().map(|sign| format!("- {sign}")));
    lines.push(NOT_A_DIAGNOSIS.to_owned());
    lines
}

/// The line `stillpoint --help` ends with, naming where the signs are.
pub fn help_line() -> String {
    format!(
        "{TITLE}: `stillpoint warning-signs` prints the signs that a headache needs a doctor at once; `w` shows them in the library and the player."
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_names_every_sign_the_design_lists_and_says_it_is_not_a_diagnosis() {
        let text = lines().join("\n").to_lowercase();
        for sign in [
            "suddenly",
            "worst",
            "fever",
            "stiff neck",
            "weakness",
            "numbness",
            "confusion",
            "trouble speaking",
            "head",
            "over 50",
            "lie down",
            "strain",
            "pregnant",
            "not a diagnosis",
        ] {
            assert!(text.contains(sign), "missing {sign:?} in\n{text}");
        }
    }

    #[test]
    fn every_line_fits_an_80_column_terminal_with_a_margin() {
        for line in lines() {
            assert!(line.chars().count() <= 76, "too long: {line}");
        }
    }
}
