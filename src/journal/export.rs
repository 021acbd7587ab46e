//! The journal as flat rows, for CSV and for tables.

use serde::{Deserialize, Serialize};

use super::Record;
use super::time_format::rfc3339;

/// One record as one flat row: every field of a session or a check-in, with
/// the other kind's columns left empty. Times are RFC 3339 with their UTC
/// offset; symptoms are joined with `;`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportRow {
    /// `session` or `checkin`.
    #[serde(rename = "type")]
    pub kind: String,
    pub id: String,
    pub version: u32,
    /// A session's start, a check-in's time.
    pub time: String,
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
    pub symptoms: Option<String>,
    pub other_symptoms: Option<String>,
    pub note: Option<String>,
    pub audio: Option<bool>,
}

impl ExportRow {
    /// The column names, in order: the CSV header.
    pub const COLUMNS: [&'static str; 25] = [
        "type",
        "id",
        "version",
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
    ];
}

impl From<&Record> for ExportRow {
    fn from(record: &Record) -> Self {
        let empty = ExportRow {
            kind: record.kind().to_owned(),
            id: record.id().to_string(),
            version: record.version(),
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
