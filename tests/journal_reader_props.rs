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
    fn a_line_read_straight_into_its_kind_reads_as_the_tagged_record_does((line, _) in line()) {
        let tagged = serde_json::from_slice::<Record>(&line).ok();
        prop_assert_eq!(Record::from_json(&line).ok(), tagged);
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

/// Every line of the fixture journals (every kind of record, revisions,
/// damaged lines), as written and with its keys in another order (`type`
/// last), reads the same straight into its kind as through the tagged enum.
#[test]
fn every_fixture_line_reads_the_same_either_way() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/journal");
    let mut kinds = std::collections::BTreeSet::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read(entry.unwrap().path()).unwrap();
        for line in text.split(|b| *b == b'\n') {
            let tagged = serde_json::from_slice::<Record>(line).ok();
            assert_eq!(
                Record::from_json(line).ok(),
                tagged,
                "{}",
                String::from_utf8_lossy(line)
            );
            if let Some(record) = &tagged {
                kinds.insert(record.kind());
                let mut object: serde_json::Map<String, serde_json::Value> =
                    serde_json::from_slice(line).unwrap();
                let kind = object.remove("type").unwrap();
                object.insert("type".into(), kind);
                let moved = serde_json::to_vec(&object).unwrap();
                assert!(!moved.starts_with(b"{\"type\""));
                assert_eq!(Record::from_json(&moved).ok(), tagged);
            }
        }
    }
    assert_eq!(
        kinds.into_iter().collect::<Vec<_>>(),
        ["attack", "checkin", "medication", "midas", "session"],
        "the fixtures hold every kind"
    );
}
