//! The journal as flat rows, for CSV and for tables.

use serde::{Deserialize, Serialize};

use super::Record;
use super::diary::Word;
use super::time_format::rfc3339;

/// Words from a fixed list, joined with `;`; none for an empty list.
fn joined<W: Word>(words: &[W]) -> Option<String> {
    let names: Vec<&str> = words.iter().map(|w| w.name()).collect();
    (!names.is_empty()).then(|| names.join(";"))
}

/// One record as one flat row: every field of a session, a check-in, an
/// attack, an intake or MIDAS answers, with the other kinds' columns left empty. Times
/// are RFC 3339 with their UTC offset; lists are joined with `;`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportRow {
    /// `session`, `checkin`, `attack`, `medication` or `midas`.
    #[serde(rename = "type")]
    pub kind: String,
    pub id: String,
    pub version: u32,
    /// For a revised attack or intake, the id of its first record.
    pub revises: Option<String>,
    /// A session's or an attack's start, a check-in's or an intake's time.
    pub time: String,
    /// A session's or an attack's end (none while an attack goes on).
    pub end: Option<String>,
    pub routine: Option<String>,
    pub routine_file: Option<String>,
    pub routine_hash: Option<String>,
    pub planned_seconds: Option<u32>,
    pub active_seconds: Option<u32>,
    pub paused_seconds: Option<u32>,
    pub steps_done: Option<u32>,
    pub steps_total: Option<u32>,
    /// The steps skipped, counted from 1 and joined with `;`.
    pub skipped_steps: Option<String>,
    /// Whether the session counts as done (see `Session::counts`).
    pub counted: Option<bool>,
    /// `completed` or `ended_early`.
    pub outcome: Option<String>,
    /// Why the session ended early: `quit`, `ctrl_c`, `signal`,
    /// `terminal_closed`, `skipped` or `failed`.
    pub end_reason: Option<String>,
    pub pain_before: Option<u8>,
    pub pain_after: Option<u8>,
    /// A check-in's pain.
    pub pain: Option<u8>,
    pub stress: Option<u8>,
    /// A check-in's or an attack's.
    pub symptoms: Option<String>,
    pub other_symptoms: Option<String>,
    pub note: Option<String>,
    pub audio: Option<bool>,
    /// Whether an attack is still going on.
    pub ongoing: Option<bool>,
    /// An attack's peak pain.
    pub peak: Option<u8>,
    pub side: Option<String>,
    pub areas: Option<String>,
    pub quality: Option<String>,
    pub aura: Option<bool>,
    /// What the person calls the attack.
    pub headache_type: Option<String>,
    pub triggers: Option<String>,
    pub sudden: Option<bool>,
    /// The medicine's name, as the person gave it.
    pub medication: Option<String>,
    pub class: Option<String>,
    pub dose: Option<String>,
    pub effect: Option<String>,
    /// MIDAS answers D1 to D5, in days, joined with `;`.
    pub midas_answers: Option<String>,
    /// Their score (the five added up) and grade (`I` to `IV`).
    pub midas_score: Option<u32>,
    pub midas_grade: Option<String>,
    /// MIDAS's unscored answers: headache days in the last 3 months and
    /// their average pain.
    pub midas_headache_days: Option<u8>,
    pub midas_average_pain: Option<u8>,
}

impl ExportRow {
    /// The column names, in order: the CSV header.
    pub const COLUMNS: [&'static str; 44] = [
        "type",
        "id",
        "version",
        "revises",
        "time",
        "end",
        "routine",
        "routine_file",
        "routine_hash",
        "planned_seconds",
        "active_seconds",
        "paused_seconds",
        "steps_done",
        "steps_total",
        "skipped_steps",
        "counted",
        "outcome",
        "end_reason",
        "pain_before",
        "pain_after",
        "pain",
        "stress",
        "symptoms",
        "other_symptoms",
        "note",
        "audio",
        "ongoing",
        "peak",
        "side",
        "areas",
        "quality",
        "aura",
        "headache_type",
        "triggers",
        "sudden",
        "medication",
        "class",
        "dose",
        "effect",
        "midas_answers",
        "midas_score",
        "midas_grade",
        "midas_headache_days",
        "midas_average_pain",
    ];
}

impl From<&Record> for ExportRow {
    fn from(record: &Record) -> Self {
        let empty = ExportRow {
            kind: record.kind().to_owned(),
            id: record.id().to_string(),
            version: record.version(),
            revises: None,
            time: rfc3339(&record.time()),
            end: None,
            routine: None,
            routine_file: None,
            routine_hash: None,
            planned_seconds: None,
            active_seconds: None,
            paused_seconds: None,
            steps_done: None,
            steps_total: None,
            skipped_steps: None,
            counted: None,
            outcome: None,
            end_reason: None,
            pain_before: None,
            pain_after: None,
            pain: None,
            stress: None,
            symptoms: None,
            other_symptoms: None,
            note: None,
            audio: None,
            ongoing: None,
            peak: None,
            side: None,
            areas: None,
            quality: None,
            aura: None,
            headache_type: None,
            triggers: None,
            sudden: None,
            medication: None,
            class: None,
            dose: None,
            effect: None,
            midas_answers: None,
            midas_score: None,
            midas_grade: None,
            midas_headache_days: None,
            midas_average_pain: None,
        };
        match record {
            Record::Session(s) => ExportRow {
                end: Some(rfc3339(&s.end)),
                routine: Some(s.routine.title.clone()),
                routine_file: s.routine.file.clone(),
                routine_hash: Some(s.routine.hash.clone()),
                planned_seconds: Some(s.planned_seconds),
                active_seconds: Some(s.active_seconds),
                paused_seconds: Some(s.paused_seconds),
                steps_done: Some(s.steps_done),
                steps_total: Some(s.steps_total),
                skipped_steps: (!s.skipped_steps.is_empty()).then(|| {
                    let steps: Vec<String> = s.skipped_steps.iter().map(u32::to_string).collect();
                    steps.join(";")
                }),
                counted: Some(s.counts()),
                outcome: Some(s.outcome.name().to_owned()),
                end_reason: s.outcome.reason().map(|r| r.name().to_owned()),
                pain_before: s.pain_before.map(u8::from),
                pain_after: s.pain_after.map(u8::from),
                note: s.note.clone(),
                audio: Some(s.audio),
                ..empty
            },
            Record::Checkin(c) => ExportRow {
                pain: c.pain.map(u8::from),
                stress: c.stress.map(u8::from),
                symptoms: (!c.symptoms.is_empty()).then(|| {
                    let names: Vec<&str> = c.symptoms.iter().map(|s| s.name()).collect();
                    names.join(";")
                }),
                other_symptoms: c.other_symptoms.clone(),
                note: c.note.clone(),
                ..empty
            },
            Record::Attack(a) => ExportRow {
                revises: a.revises.as_ref().map(ToString::to_string),
                end: a.end.as_ref().map(rfc3339),
                ongoing: Some(a.is_open()),
                peak: a.peak.map(u8::from),
                side: a.side.map(|s| s.name().to_owned()),
                areas: joined(&a.areas),
                quality: a.quality.map(|q| q.name().to_owned()),
                aura: Some(a.aura),
                symptoms: joined(&a.symptoms),
                headache_type: a.headache_type.map(|t| t.name().to_owned()),
                triggers: (!a.triggers.is_empty()).then(|| a.triggers.join(";")),
                note: a.note.clone(),
                sudden: Some(a.sudden),
                ..empty
            },
            Record::Medication(m) => ExportRow {
                revises: m.revises.as_ref().map(ToString::to_string),
                medication: Some(m.name.clone()),
                class: Some(m.class.name().to_owned()),
                dose: m.dose.clone(),
                effect: m.effect.map(|e| e.name().to_owned()),
                ..empty
            },
            Record::Midas(m) => ExportRow {
                midas_answers: Some(m.answers.map(|d| d.to_string()).join(";")),
                midas_score: Some(m.score()),
                midas_grade: Some(m.grade().name().to_owned()),
                midas_headache_days: Some(m.headache_days.get()),
                midas_average_pain: Some(m.average_pain.get()),
                ..empty
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::{CheckIn, now};

    #[test]
    fn columns_name_every_field_in_order() {
        let row = ExportRow::from(&Record::from(CheckIn::new(now())));
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.serialize(row).unwrap();
        let text = String::from_utf8(writer.into_inner().unwrap()).unwrap();
        assert_eq!(
            text.lines().next(),
            Some(ExportRow::COLUMNS.join(",").as_str())
        );
    }
}
