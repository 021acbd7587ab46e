//! What the journal says on the library's top line and on the history
//! screen, made once from a reading of the journal for one day. Pure: the
//! reading is done around it (see `reader.rs`).

use chrono::NaiveDate;

use crate::journal::diary::{Attack, open_attack};
use crate::journal::stats::{self, Summary};
use crate::journal::{Access, LoadError, Loaded, Record, plain_words};
use crate::program::done::sessions_done;
use crate::program::schedule::{Following, Today};

/// Weeks of history the history screen charts.
const HISTORY_WEEKS: usize = 8;

/// The most records the history screen's recent list scrolls through
/// (`stillpoint log` shows them all).
const HISTORY_RECENT: usize = 200;

/// The journal's figures as of one day.
pub(super) struct Figures {
    /// The day they are for: "this week" and the streak end on it.
    pub today: NaiveDate,
    pub summary: Summary,
    /// The latest records, newest first.
    pub recent: Vec<Record>,
    /// How many damaged lines were skipped.
    pub problems: usize,
    /// The day of the latest session that counts.
    pub last_session: Option<NaiveDate>,
    /// Why the journal could not be read at all.
    pub unreadable: Option<LoadError>,
    /// Whether there is a journal (a data folder for one) at all.
    pub journal: bool,
    /// The attack going on, if one is.
    pub open_attack: Option<Attack>,
    /// Where the person is in the program they follow, if they follow one.
    pub program: Option<Today>,
}

impl Figures {
    /// The figures of what was read (`None`: there is no journal), as of
    /// `today`, against a goal of `weekly_goal` sessions a week.
    pub fn of(
        read: Option<Result<Loaded, LoadError>>,
        today: NaiveDate,
        weekly_goal: u8,
        following: Option<&Following>,
    ) -> Self {
        let journal = read.is_some();
        let (records, problems, unreadable) = match read {
            Some(Ok(loaded)) => (loaded.records, loaded.problems.len(), None),
            Some(Err(e)) => (Vec::new(), 0, Some(e)),
            None => (Vec::new(), 0, None),
        };
        let summary = stats::summarise(&records, today, HISTORY_WEEKS, weekly_goal);
        let last_session = records
            .iter()
            .filter(|r| r.as_session().is_some_and(|s| s.counts()))
            .map(Record::local_date)
            .max();
        let open_attack = open_attack(&records).cloned();
        let program = following.map(|f| f.on(today, &sessions_done(&records)));
        let mut recent = records;
        recent.sort_by_key(|r| std::cmp::Reverse(r.time()));
        recent.truncate(HISTORY_RECENT);
        Self {
            today,
            summary,
            recent,
            problems,
            last_session,
            unreadable,
            journal,
            open_attack,
            program,
        }
    }

    /// The library's line on this week: "2 of 3 sessions this week · last
    /// session today", `sep` between; or why the journal cannot be read;
    /// nothing without a journal.
    pub fn progress(&self, sep: &str) -> Option<String> {
        if !self.journal {
            return None;
        }
        if let Some(e) = &self.unreadable {
            // Said, not hidden: "the journal cannot be read: it is a named pipe…".
            let why = plain_words(&e.source, Access::Read);
            return Some(format!("the journal cannot be read: {why}"));
        }
        // With a program, its own line says how the week goes.
        let goal = match &self.program {
            Some(_) => None,
            None => Some(self.summary.goal.to_string()),
        };
        let when = match self.last_session.map(|d| (self.today - d).num_days()) {
            None => return goal,
            Some(0) => "today".to_owned(),
            Some(1) => "yesterday".to_owned(),
            Some(days) => format!("{days} days ago"),
        };
        Some(match goal {
            Some(goal) => format!("{goal}{sep}last session {when}"),
            None => format!("last session {when}"),
        })
    }

    /// The line on the program followed: "Week 2 of 4 · today: Desk reset
    /// · 1 of 3 this week". `titles` gives a routine's title from the name
    /// the program gives it.
    pub fn program_line(&self, sep: &str, titles: &dyn Fn(&str) -> String) -> Option<String> {
        self.program
            .as_ref()
            .map(|today| program_words(today, sep, titles))
    }
}

/// The program's part of the library's line: "Week 2 of 4 · today: Desk
/// reset · 1 of 3 this week". `titles` gives a routine's title from the
/// name the program gives it. Missed days are not counted against anyone:
/// only what was done is said.
fn program_words(today: &Today, sep: &str, titles: &dyn Fn(&str) -> String) -> String {
    match today {
        Today::Before { starts } => format!("your program starts {}", starts.format("%A")),
        Today::Over => "your program is over · stillpoint program status".to_owned(),
        Today::Week {
            number,
            weeks,
            planned,
            done,
            due,
        } => {
            let mut words = format!("Week {number} of {weeks}");
            if let Some(first) = due.first() {
                words.push_str(&format!("{sep}today: {}", titles(first)));
            }
            words.push_str(&format!("{sep}{done} of {planned} this week"));
            words
        }
    }
}
