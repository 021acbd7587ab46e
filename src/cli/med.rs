//! `stillpoint med`: one medication intake, or (`--last`) its effect or
//! dose given later. Checked before anything is written.

use chrono::{DateTime, FixedOffset, Local};
use clap::Args;

use super::diary_input::{Refusal, save, text, word};
use super::exit;
use super::journal::journal;
use super::when::{parse_time, shown};
use crate::journal::diary::{Effect, Medication, MedicationClass, Word};
use crate::journal::{Loaded, Record, now};

#[derive(Debug, Default, Clone, Args)]
pub struct MedArgs {
    /// The medicine, as you call it, e.g. sumatriptan.
    #[arg(value_name = "NAME", required_unless_present = "last")]
    pub name: Option<String>,
    /// triptan, ergot, opioid, combination, simple (paracetamol, aspirin,
    /// other NSAIDs), gepant, ditan, antiemetic, preventive or other.
    #[arg(long, value_name = "CLASS", required_unless_present = "last")]
    pub class: Option<String>,
    /// When you took it: YYYY-MM-DD HH:MM, HH:MM (today) or now (the default), local time.
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
    /// The dose, in your words, e.g. "50 mg".
    #[arg(long, value_name = "TEXT")]
    pub dose: Option<String>,
    /// How well it helped: none, some or pain-free.
    #[arg(long, value_name = "EFFECT")]
    pub effect: Option<String>,
    /// Give the effect (or dose) of the latest intake instead of a new one.
    #[arg(long, conflicts_with_all = ["name", "class", "at"])]
    pub last: bool,
}

/// Records the intake, or what is added to the latest one.
pub fn run(args: &MedArgs) -> Result<u8, u8> {
    let journal = journal()?;
    let now = now();
    let given = read(args, now).map_err(|r| r.report())?;
    let record = save(&journal, |loaded| decide(&given, loaded))?;
    let Record::Medication(m) = &record else {
        unreachable!("decide makes intakes")
    };
    let effect = m
        .effect
        .map(|e| format!(", effect {e}"))
        .unwrap_or_default();
    println!(
        "Saved {} ({}) at {}{effect} to {}.",
        m.name,
        m.class,
        shown(m.time),
        journal.path().display()
    );
    Ok(exit::OK)
}

/// The flags, checked: a new intake, or what to add to the latest.
#[derive(Debug, Clone, PartialEq)]
enum Given {
    New(Medication),
    Last {
        dose: Option<String>,
        effect: Option<Effect>,
    },
}

fn read(args: &MedArgs, now: DateTime<FixedOffset>) -> Result<Given, Refusal> {
    let dose = text("--dose", args.dose.as_deref())?;
    let effect = args
        .effect
        .as_deref()
        .map(|e| word::<Effect>("--effect", "effects", e))
        .transpose()?;
    if args.last {
        if dose.is_none() && effect.is_none() {
            return Err(
                Refusal::new("--last needs what to add to the latest intake")
                    .help("e.g. `stillpoint med --last --effect some`"),
            );
        }
        return Ok(Given::Last { dose, effect });
    }
    let Some(name) = text("NAME", args.name.as_deref())? else {
        return Err(Refusal::new("the medicine's name is blank"));
    };
    let class = word::<MedicationClass>("--class", "classes", args.class.as_deref().unwrap_or(""))
        .map_err(|r| {
            let kinds: Vec<String> = MedicationClass::ALL
                .iter()
                .map(|c| format!("{} ({})", c.name(), c.examples()))
                .collect();
            Refusal {
                help: Some(format!("the classes are {}", kinds.join("; "))),
                ..r
            }
        })?;
    let time = match args.at.as_deref() {
        None => now,
        Some(at) => parse_time(at, now, &Local).map_err(|e| Refusal::new(format!("--at: {e}")))?,
    };
    if time > now {
        return Err(Refusal::new(format!(
            "--at {} is in the future; it is {} now",
            shown(time),
            shown(now)
        )));
    }
    Ok(Given::New(Medication {
        dose,
        effect,
        ..Medication::new(time, name, class)
    }))
}

fn decide(given: &Given, loaded: &Loaded) -> Result<Record, Refusal> {
    match given {
        Given::New(intake) => Ok(intake.clone().into()),
        Given::Last { dose, effect } => {
            let Some(last) = loaded
                .records
                .iter()
                .filter_map(Record::as_medication)
                .max_by_key(|m| m.time)
            else {
                return Err(Refusal::new("there is no intake in the journal yet")
                    .help("record one with `stillpoint med NAME --class CLASS`"));
            };
            Ok(Medication {
                dose: dose.clone().or_else(|| last.dose.clone()),
                effect: effect.or(last.effect),
                ..last.revision()
            }
            .into())
        }
    }
}
