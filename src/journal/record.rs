//! A line of the journal: a session or a check-in.

use chrono::{DateTime, FixedOffset, Local, NaiveDate, SubsecRound};
use serde::{Deserialize, Serialize};

use super::{CheckIn, RecordId, Session};

/// The journal format this program writes. A record with a higher
/// `version` comes from a newer Stillpoint: it is kept, never rewritten,
/// and reported instead of read. Adding a field that old readers may ignore
/// keeps the version; anything an old reader would misread raises it.
pub const FORMAT_VERSION: u32 = 1;

/// One journal entry, written as one JSON object on one line, tagged by
/// `"type"`: `"session"` or `"checkin"`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Record {
    Session(Session),
    Checkin(CheckIn),
}

impl Record {
    /// The record's unique id.
    pub fn id(&self) -> &RecordId {
        match self {
            Record::Session(s) => &s.id,
            Record::Checkin(c) => &c.id,
        }
    }

    /// The format version the record was written in.
    pub fn version(&self) -> u32 {
        match self {
            Record::Session(s) => s.version,
            Record::Checkin(c) => c.version,
        }
    }

    /// When it happened: a session's start, a check-in's time.
    pub fn time(&self) -> DateTime<FixedOffset> {
        match self {
            Record::Session(s) => s.start,
            Record::Checkin(c) => c.time,
        }
    }

    /// The calendar date on the wall clock where it happened.
    pub fn local_date(&self) -> NaiveDate {
        self.time().date_naive()
    }

    /// The session, if this is one.
    pub fn as_session(&self) -> Option<&Session> {
        match self {
            Record::Session(s) => Some(s),
            Record::Checkin(_) => None,
        }
    }

    /// `session` or `checkin`, as in the `"type"` field.
    pub fn kind(&self) -> &'static str {
        match self {
            Record::Session(_) => "session",
            Record::Checkin(_) => "checkin",
        }
    }

    /// The record as one line of JSON, without the newline. JSON escapes
    /// every newline and control character inside strings, so a note never
    /// breaks the line.
    pub fn to_line(&self) -> String {
        serde_json::to_string(self)
            .expect("records hold only strings, whole numbers and times, which always serialize")
    }
}

impl From<Session> for Record {
    fn from(session: Session) -> Self {
        Record::Session(session)
    }
}

impl From<CheckIn> for Record {
    fn from(checkin: CheckIn) -> Self {
        Record::Checkin(checkin)
    }
}

/// The local time now, to whole seconds, with the current UTC offset: what
/// a new record's times should be.
pub fn now() -> DateTime<FixedOffset> {
    Local::now().fixed_offset().trunc_subsecs(0)
}
