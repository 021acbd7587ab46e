//! No journal content makes the reader panic or give up: whatever the
//! bytes, each valid record line is read and every other line is reported.

mod journal_support;

use journal_support::{checkin, session};
use proptest::prelude::*;
use stillpoint::journal::{Record, read_from};

/// Whole records, garbage, and records cut at any byte.
fn line() -> impl Strategy<Value = (Vec<u8>, bool)> {
    let record = (0u8..=10, any::<bool>(), ".*").prop_map(|(pain, is_session, note)| {
        let mut record = if is_session {
            session(
                "Desk reset",
                "2025-03-01T08:15:00+01:00",
                10,
                Some(pain),
                None,
            )
        } else {
            checkin("2025-03-01T08:15:00-03:30", pain)
        };
        match &mut record {
            Record::Session(s) => s.note = Some(note),
            Record::Checkin(c) => c.note = Some(note),
            Record::Attack(a) => a.note = Some(note),
            Record::Medication(m) => m.dose = Some(note),
            Record::Midas(_) => {}
        }
        record.to_line().into_bytes()
    });
    prop_oneof![
        record.clone().prop_map(|bytes| (bytes, true)),
        (record, any::<prop::sample::Index>()).prop_map(|(bytes, cut)| {
            let at = cut.index(bytes.len());
            (bytes[..at].to_vec(), false)
        }),
        prop::collection::vec(any::<u8>().prop_filter("one line", |b| *b != b'\n'), 0..80)
            .prop_map(|bytes| (bytes, false)),
    ]
}

proptest! {
    #[test]
    fn any_bytes_are_read_without_panic(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        let loaded = read_from(bytes.as_slice()).unwrap();
        let lines = bytes.split(|b| *b == b'\n').count();
        prop_assert!(loaded.records.len() + loaded.problems.len() + loaded.newer.len() <= lines);
    }

    #[test]
    fn every_whole_record_is_read_and_every_bad_line_reported(lines in prop::collection::vec(line(), 0..30)) {
        let mut bytes = Vec::new();
        for (line, _) in &lines {
            bytes.extend_from_slice(line);
            bytes.push(b'\n');
        }
        let loaded = read_from(bytes.as_slice()).unwrap();
        let whole = lines.iter().filter(|(_, whole)| *whole).count();
        // A cut record can still be whole JSON by luck (cut after `}`),
        // and blank lines are not problems.
        prop_assert!(loaded.records.len() >= whole);
        let blank = lines.iter().filter(|(l, _)| l.trim_ascii().is_empty()).count();
        prop_assert_eq!(loaded.records.len() + loaded.problems.len() + blank, lines.len());
        for problem in &loaded.problems {
            prop_assert!(!lines[problem.line - 1].1, "line {} was whole", problem.line);
        }
    }
}
