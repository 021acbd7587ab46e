//! `stillpoint attack`: one headache, from flags. With `--start` it is a
//! new attack (ended `--end`, now, or still going on with `--ongoing`);
//! without, the flags add to the attack still going on, and `--end`
//! closes it. With no flags at all at a terminal, the same is asked one
//! question at a time (see `questions`). Everything is checked before
//! anything is written, asked or given as flags, by the same `decide`.

mod asking;
mod questions;

use std::io::IsTerminal;

use chrono::{DateTime, FixedOffset, Local, TimeZone};
use clap::Args;

use super::diary_input::{Refusal, rating, save, text, word, words};
use super::journal::journal;
use super::when::{parse_time, shown};
use super::{Display, exit};
use crate::journal::diary::{Attack, AttackSymptom, HeadacheType, PainArea, Quality, Side};
use crate::journal::{Loaded, Record, now};
use asking::Asked;

#[derive(Debug, Default, Clone, PartialEq, Args)]
pub struct AttackArgs {
    /// When it started: YYYY-MM-DD HH:MM, HH:MM (today) or now, local
    /// time. Without it, the flags add to the attack still going on.
    #[arg(long, value_name = "TIME")]
    pub start: Option<String>,
    /// When it ended (default now); without --start, closes the attack
    /// still going on.
    #[arg(long, value_name = "TIME", conflicts_with = "ongoing")]
    pub end: Option<String>,
    /// It is still going on: close it later with `stillpoint attack --end now`.
    #[arg(long)]
    pub ongoing: bool,
    /// The worst pain, 0 (none) to 10 (worst).
    #[arg(long, value_name = "0-10")]
    pub peak: Option<String>,
    /// left, right or both.
    #[arg(long, value_name = "SIDE")]
    pub side: Option<String>,
    /// Where it hurt: neck, shoulders, upper-back, base-of-skull, temples,
    /// forehead, jaw, scalp, eye or face. Repeat for several.
    #[arg(long = "area", value_name = "AREA")]
    pub areas: Vec<String>,
    /// throbbing, pressing or stabbing.
    #[arg(long, value_name = "QUALITY")]
    pub quality: Option<String>,
    /// There was an aura.
    #[arg(long)]
    pub aura: bool,
    /// nausea, vomiting, light-sensitivity, sound-sensitivity,
    /// smell-sensitivity, neck-pain or dizziness. Repeat for several.
    #[arg(long = "symptom", value_name = "SYMPTOM")]
    pub symptoms: Vec<String>,
    /// What you call it: migraine, tension, cluster, other or unsure.
    #[arg(long = "type", value_name = "TYPE")]
    pub headache_type: Option<String>,
    /// What set it off, in your own words. Repeat for several.
    #[arg(long = "trigger", value_name = "TEXT")]
    pub triggers: Vec<String>,
    /// A note.
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// It came on suddenly, or is the worst headache you have ever had.
    #[arg(long)]
    pub sudden: bool,
}

/// Records the attack, or closes or adds to the one going on: from the
/// flags, or with none at a terminal, from the answers to its questions.
pub fn run(args: &AttackArgs, display: &Display) -> Result<u8, u8> {
    let journal = journal()?;
    let asks = *args == AttackArgs::default()
        && std::io::stdin().is_terminal()
        && std::io::stdout().is_terminal();
    let given = if asks {
        match asking::ask(&journal, display)? {
            Asked::Given(given) => given,
            Asked::Nothing(open) => {
                eprintln!(
                    "Nothing was added, so nothing was saved; the attack from {} is still going on.",
                    shown(open.start)
                );
                return Err(exit::USER);
            }
            Asked::Cancelled(code) => {
                // The terminal may have gone: no panic if stderr has.
                super::tell("Cancelled; nothing was saved.");
                return Err(code);
            }
        }
    } else {
        read(args, now(), &Local).map_err(|r| r.report())?
    };
    let now = now();
    let record = save(&journal, |loaded| decide(&given, loaded, now))?;
    let Record::Attack(a) = &record else {
        unreachable!("decide makes attacks")
    };
    let what = match (a.revises.is_some(), a.end) {
        (true, None) => format!(
            "what you added to the attack from {}, still going on,",
            shown(a.start)
        ),
        (false, None) => format!("the attack from {}, still going on,", shown(a.start)),
        (_, Some(end)) => format!("the attack from {} to {}", shown(a.start), shown(end)),
    };
    println!("Saved {what} to {}.", journal.path().display());
    if a.is_open() && a.revises.is_none() {
        println!(
            "When it is over: stillpoint attack --end now (or `stillpoint attack`, to be asked the rest)"
        );
    }
    if a.sudden {
        println!();
        for line in crate::warning_signs::lines() {
            println!("{line}");
        }
    }
    Ok(exit::OK)
}

/// The flags, checked and read: everything that does not need the journal.
#[derive(Debug, Clone, PartialEq)]
struct Given {
    start: Option<DateTime<FixedOffset>>,
    end: Option<DateTime<FixedOffset>>,
    ongoing: bool,
    /// An attack with only the fields the flags set.
    said: Attack,
}

/// The time `text` means (see [`parse_time`]), refused when it is after
/// `now`; the reason starts with `what` ("--start", "the start").
fn past_time<Z: TimeZone>(
    what: &str,
    text: &str,
    now: DateTime<FixedOffset>,
    zone: &Z,
) -> Result<DateTime<FixedOffset>, Refusal> {
    let time = parse_time(text, now, zone).map_err(|e| Refusal::new(format!("{what}: {e}")))?;
    if time > now {
        return Err(Refusal::new(format!(
            "{what} {} is in the future; it is {} now",
            shown(time),
            shown(now)
        )));
    }
    Ok(time)
}

fn read<Z: TimeZone>(
    args: &AttackArgs,
    now: DateTime<FixedOffset>,
    zone: &Z,
) -> Result<Given, Refusal> {
    let time =
        |flag: &str, text: &Option<String>| -> Result<Option<DateTime<FixedOffset>>, Refusal> {
            text.as_deref()
                .map(|text| past_time(flag, text, now, zone))
                .transpose()
        };
    let start = time("--start", &args.start)?;
    let end = time("--end", &args.end)?;
    let mut triggers = Vec::new();
    for trigger in &args.triggers {
        triggers.extend(text("--trigger", Some(trigger))?);
    }
    if let Some(aura) = args
        .symptoms
        .iter()
        .find(|s| s.trim().eq_ignore_ascii_case("aura"))
    {
        return Err(
            Refusal::new(format!("--symptom `{aura}`: an aura has its own flag"))
                .help("add --aura"),
        );
    }
    let said = Attack {
        peak: args
            .peak
            .as_deref()
            .map(|p| rating("--peak", p))
            .transpose()?,
        side: args
            .side
            .as_deref()
            .map(|s| word::<Side>("--side", "sides", s))
            .transpose()?,
        areas: words::<PainArea>("--area", "areas", &args.areas)?,
        quality: args
            .quality
            .as_deref()
            .map(|q| word::<Quality>("--quality", "qualities", q))
            .transpose()?,
        aura: args.aura,
        symptoms: words::<AttackSymptom>("--symptom", "symptoms", &args.symptoms)?,
        headache_type: args
            .headache_type
            .as_deref()
            .map(|t| word::<HeadacheType>("--type", "types", t))
            .transpose()?,
        triggers,
        note: text("--note", args.note.as_deref())?,
        sudden: args.sudden,
        ..Attack::new(start.unwrap_or(now))
    };
    Ok(Given {
        start,
        end,
        ongoing: args.ongoing,
        said,
    })
}

/// The record to write, given the journal as it is: a new attack, or a
/// revision of the one going on; refused when it would be wrong.
fn decide(given: &Given, loaded: &Loaded, now: DateTime<FixedOffset>) -> Result<Record, Refusal> {
    let attacks: Vec<&Attack> = loaded
        .records
        .iter()
        .filter_map(Record::as_attack)
        .collect();
    let open = open_attack(loaded);
    let attack = match (given.start, open) {
        (Some(start), _) => Attack {
            start,
            end: if given.ongoing {
                None
            } else {
                Some(given.end.unwrap_or(now))
            },
            ..given.said.clone()
        },
        (None, Some(open)) => {
            if given.end.is_none() && nothing_said(&given.said) {
                return Err(Refusal::new(format!(
                    "nothing to add to the attack from {}",
                    shown(open.start)
                ))
                .help("close it with `stillpoint attack --end now`, or give what to add, e.g. --peak 7; at a terminal, `stillpoint attack` alone asks"));
            }
            revised(open, given)
        }
        (None, None) if given.ongoing => Attack {
            end: None,
            ..given.said.clone()
        },
        (None, None) if given.end.is_some() => {
            return Err(Refusal::new("there is no attack going on to end").help(
                "record a whole one with --start and --end, e.g. `stillpoint attack --start \"2025-03-01 14:00\" --end now`",
            ));
        }
        (None, None) => {
            return Err(Refusal::new("when did it start?").help(
                "give --start TIME (it ends now unless --end or --ongoing says otherwise), or --ongoing for one that started now; at a terminal, `stillpoint attack` alone asks",
            ));
        }
    };
    if let Some(refusal) = attack.end.and_then(|end| end_refused(attack.start, end)) {
        return Err(refusal);
    }
    if let Some(other) = attacks
        .iter()
        .find(|a| a.key() != attack.key() && a.overlaps(&attack, now))
    {
        let span = match other.end {
            Some(end) => format!("from {} to {}", shown(other.start), shown(end)),
            None => format!("from {}, still going on", shown(other.start)),
        };
        let help = if other.is_open() {
            "end it first: `stillpoint attack --end TIME`"
        } else {
            "one attack at a time: give times outside it"
        };
        return Err(Refusal::new(format!("it overlaps the attack {span}")).help(help));
    }
    Ok(attack.into())
}

/// Why an attack from `start` cannot end at `end`, if it cannot: only
/// after its start.
fn end_refused(start: DateTime<FixedOffset>, end: DateTime<FixedOffset>) -> Option<Refusal> {
    let how = match end.cmp(&start) {
        std::cmp::Ordering::Greater => return None,
        std::cmp::Ordering::Equal => "is its start",
        std::cmp::Ordering::Less => "is before its start",
    };
    Some(Refusal::new(format!(
        "the end, {}, {how}, {}",
        shown(end),
        shown(start)
    )))
}

/// The attack still going on, if any: the latest to start of the open ones.
fn open_attack(loaded: &Loaded) -> Option<&Attack> {
    loaded
        .records
        .iter()
        .filter_map(Record::as_attack)
        .filter(|a| a.is_open())
        .max_by_key(|a| a.start)
}

/// Whether `s`, what was said of an attack, says nothing but times.
fn nothing_said(s: &Attack) -> bool {
    s.peak.is_none()
        && s.side.is_none()
        && s.areas.is_empty()
        && s.quality.is_none()
        && !s.aura
        && s.symptoms.is_empty()
        && s.headache_type.is_none()
        && s.triggers.is_empty()
        && s.note.is_none()
        && !s.sudden
}

/// `old` and `new` together, in the list's order, once each.
fn joined<W: Ord + Clone>(old: &[W], new: &[W]) -> Vec<W> {
    let mut all = [old, new].concat();
    all.sort();
    all.dedup();
    all
}

/// `open` with what the flags add: what they give replaces what it said,
/// lists grow, and `--end` closes it. Nothing said before is dropped.
fn revised(open: &Attack, given: &Given) -> Attack {
    let s = &given.said;
    let mut triggers = open.triggers.clone();
    triggers.extend(
        s.triggers
            .iter()
            .filter(|t| !open.triggers.contains(t))
            .cloned(),
    );
    Attack {
        end: given.end,
        peak: s.peak.or(open.peak),
        side: s.side.or(open.side),
        areas: joined(&open.areas, &s.areas),
        quality: s.quality.or(open.quality),
        aura: open.aura || s.aura,
        symptoms: joined(&open.symptoms, &s.symptoms),
        headache_type: s.headache_type.or(open.headache_type),
        triggers,
        note: match (&open.note, &s.note) {
            (Some(old), Some(new)) => Some(format!("{old}\n{new}")),
            (old, new) => new.clone().or_else(|| old.clone()),
        },
        sudden: open.sudden || s.sudden,
        ..open.revision()
    }
}
