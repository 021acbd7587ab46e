//! The program file format, version 1, as written in TOML: a therapist's
//! plan over weeks of which routines to do and how often. These types both
//! read the file and generate its JSON Schema; `check` turns them into the
//! model.

use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;

/// A Stillpoint program: routines to do over several weeks, and how often.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Stillpoint program, format version 1")]
pub struct RawProgram {
    /// The format version of this program file. Always 1.
    #[schemars(with = "i64")]
    pub stillpoint_program: Spanned<i64>,
    /// The program's name, shown in the library (at most 80 characters).
    #[schemars(with = "String")]
    pub title: Spanned<String>,
    /// Who wrote the program.
    pub author: Option<String>,
    /// What the program is for and how to follow it, for the patient (at most 1,000 characters).
    #[schemars(with = "Option<String>")]
    pub notes: Option<Spanned<String>>,
    /// When week 1 begins: "today" (the day the program is started; the default) or "monday" (the Monday on or after it).
    #[schemars(with = "Option<Start>")]
    pub start: Option<Spanned<Start>>,
    /// The weeks, in order, at least one. Write each as a `[[week]]` table.
    #[schemars(with = "Vec<RawWeek>")]
    pub week: Spanned<Vec<Spanned<RawWeek>>>,
}

/// When week 1 begins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
pub enum Start {
    /// The day the program is started.
    #[serde(rename = "today")]
    Today,
    /// The Monday on or after the day it is started.
    #[serde(rename = "monday")]
    Monday,
}

/// One week of the program (or several alike, with `repeat`).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawWeek {
    /// The sessions of the week, at least one, e.g. [{ routine = "desk-reset", times = 3 }].
    #[schemars(with = "Option<Vec<RawSession>>")]
    pub sessions: Option<Spanned<Vec<RawSession>>>,
    /// A note for this week, e.g. "This week, add the cool towel after." (at most 1,000 characters).
    #[schemars(with = "Option<String>")]
    pub notes: Option<Spanned<String>>,
    /// How many weeks in a row are like this one, 1 to 52. Default 1.
    #[schemars(with = "Option<i64>")]
    pub repeat: Option<Spanned<i64>>,
}

/// A routine to do in a week, and how often.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawSession {
    /// The routine, by the name it is played by: a file stem such as "desk-reset", a bundled routine, or a routine file beside the program.
    #[schemars(with = "String")]
    pub routine: Spanned<String>,
    /// How many times in the week, 1 to 21, on any days. Give either times or days.
    #[schemars(with = "Option<i64>")]
    pub times: Option<Spanned<i64>>,
    /// On which days of the week, e.g. ["mon", "wed", "fri"]. Give either times or days.
    #[schemars(with = "Option<Vec<Day>>")]
    pub days: Option<Spanned<Vec<Day>>>,
}

/// A day of the week as a program names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
pub enum Day {
    /// Monday.
    #[serde(rename = "mon")]
    Mon,
    /// Tuesday.
    #[serde(rename = "tue")]
    Tue,
    /// Wednesday.
    #[serde(rename = "wed")]
    Wed,
    /// Thursday.
    #[serde(rename = "thu")]
    Thu,
    /// Friday.
    #[serde(rename = "fri")]
    Fri,
    /// Saturday.
    #[serde(rename = "sat")]
    Sat,
    /// Sunday.
    #[serde(rename = "sun")]
    Sun,
}

impl Day {
    pub fn weekday(self) -> chrono::Weekday {
        use chrono::Weekday as W;
        match self {
            Day::Mon => W::Mon,
            Day::Tue => W::Tue,
            Day::Wed => W::Wed,
            Day::Thu => W::Thu,
            Day::Fri => W::Fri,
            Day::Sat => W::Sat,
            Day::Sun => W::Sun,
        }
    }
}
