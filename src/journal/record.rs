//! A line of the journal: a session, a check-in, an attack, a
//! medication intake or MIDAS answers.

use chrono::{DateTime, FixedOffset, Local, NaiveDate, SubsecRound};
use serde::{Deserialize, Serialize};

use super::diary::{Attack, Medication, Midas};
use super::{CheckIn, RecordId, Session};

/// The newest journal format this program reads and writes. A record with
/// a higher `version` comes from a newer Stillpoint: it is kept, never
/// rewritten, and reported instead of read. Adding a field that old
/// readers may ignore keeps the version; anything an old reader would
/// misread raises it.
///
/// Version 2 added attacks and medication intakes, and revisions of them
/// (see [`super::diary::revision`]), and MIDAS answers; they are written
/// as version 2, so a
/// version-1 Stillpoint keeps them aside and reports them. Sessions and
/// check-ins have not changed and are still written as version 1
/// ([`SESSION_FORMAT`]), so such a Stillpoint goes on reading all of them.
pub const FORMAT_VERSION: u32 = 2;

/// The format sessions and check-ins are written in: theirs is the same as
/// in version 1.
pub const SESSION_FORMAT: u32 = 1;

/// One journal entry, written as one JSON object on one line, tagged by
/// `"type"`: `"session"`, `"checkin"`, `"attack"`, `"medication"` or
/// `"midas"`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Record {
    Session(Session),
    Checkin(CheckIn),
    Attack(Attack),
    Medication(Medication),
    Midas(Midas),
}

impl Record {
    /// The record's unique id.
    pub fn id(&self) -> &RecordId {
        match self {
            Record::Session(s) => &s.id,
            Record::Checkin(c) => &c.id,
            Record::Attack(a) => &a.id,
            Record::Medication(m) => &m.id,
            Record::Midas(m) => &m.id,
        }
    }

    /// The format version the record was written in.
    pub fn version(&self) -> u32 {
        match self {
            Record::Session(s) => s.version,
            Record::Checkin(c) => c.version,
            Record::Attack(a) => a.version,
            Record::Medication(m) => m.version,
            Record::Midas(m) => m.version,
        }
    }

    /// When it happened: a session's or an attack's start, a check-in's,
    /// an intake's or MIDAS answers' time.
    pub fn time(&self) -> DateTime<FixedOffset> {
        match self {
            Record::Session(s) => s.start,
            Record::Checkin(c) => c.time,
            Record::Attack(a) => a.start,
            Record::Medication(m) => m.time,
            Record::Midas(m) => m.time,
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
            _ => None,
        }
    }

    /// The attack, if this is one.
    pub fn as_attack(&self) -> Option<&Attack> {
        match self {
            Record::Attack(a) => Some(a),
            _ => None,
        }
    }

    /// The MIDAS answers, if this is them.
    pub fn as_midas(&self) -> Option<&Midas> {
        match self {
            Record::Midas(m) => Some(m),
            _ => None,
        }
    }

    /// The medication intake, if this is one.
    pub fn as_medication(&self) -> Option<&Medication> {
        match self {
            Record::Medication(m) => Some(m),
            _ => None,
        }
    }

    /// `session`, `checkin`, `attack`, `medication` or `midas`, as in the
    /// `"type"` field.
    pub fn kind(&self) -> &'static str {
        match self {
            Record::Session(_) => "session",
            Record::Checkin(_) => "checkin",
            Record::Attack(_) => "attack",
            Record::Medication(_) => "medication",
            Record::Midas(_) => "midas",
        }
    }

    /// The record a line of JSON holds. A line as this program writes it,
    /// `"type"` first, is read straight into its kind's struct (the kinds
    /// have no `type` field, so it is passed over); anything else, and any
    /// line that does not read so, goes through the tagged enum, which must
    /// hold the whole object in memory first to find its tag, about twice
    /// the work, and says what is wrong.
    pub fn from_json(text: &[u8]) -> serde_json::Result<Record> {
        fn straight<'a, T: Deserialize<'a>>(
            text: &'a [u8],
            kind: fn(T) -> Record,
        ) -> Option<Record> {
            serde_json::from_slice(text).ok().map(kind)
        }
        let tag = text
            .strip_prefix(b"{\"type\":\"")
            .and_then(|rest| rest.split(|&b| b == b'"').next());
        let read = match tag {
            Some(b"session") => straight(text, Record::Session),
            Some(b"checkin") => straight(text, Record::Checkin),
            Some(b"attack") => straight(text, Record::Attack),
            Some(b"medication") => straight(text, Record::Medication),
            Some(b"midas") => straight(text, Record::Midas),
            _ => None,
        };
        read.map_or_else(|| serde_json::from_slice(text), Ok)
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

impl From<Attack> for Record {
    fn from(attack: Attack) -> Self {
        Record::Attack(attack)
    }
}

impl From<Medication> for Record {
    fn from(medication: Medication) -> Self {
        Record::Medication(medication)
    }
}

impl From<Midas> for Record {
    fn from(midas: Midas) -> Self {
        Record::Midas(midas)
    }
}

/// The local time now, to whole seconds, with the current UTC offset: what
/// a new record's times should be.
pub fn now() -> DateTime<FixedOffset> {
    Local::now().fixed_offset().trunc_subsecs(0)
}
