//! The diary's figures per 30-day block on hand-made journals: headache
//! days across midnight and a change of UTC offset, days not recorded,
//! medication days by class and the flags at their thresholds.

mod journal_support;

use chrono::{DateTime, FixedOffset, NaiveDate};
use journal_support::{at, checkin, session};
use stillpoint::journal::diary::{
    Attack, Block, Flag, HeadacheType, Medication, MedicationClass, blocks, revision,
};
use stillpoint::journal::{Rating, Record};

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn attack(start: &str, end: &str, kind: Option<HeadacheType>, peak: Option<u8>) -> Record {
    Attack {
        end: Some(at(end)),
        headache_type: kind,
        peak: peak.and_then(Rating::new),
        ..Attack::new(at(start))
    }
    .into()
}

fn med(time: &str, class: MedicationClass) -> Record {
    Medication::new(at(time), format!("{class}"), class).into()
}

fn day(month: u32, day: u32, time: &str, offset: &str) -> String {
    format!("2025-{month:02}-{day:02}T{time}{offset}")
}

/// 90 days, 2025-01-01 to 2025-03-31, in three blocks with known figures.
fn ninety_days() -> Vec<Record> {
    let mut records = Vec::new();
    // Block 1, Jan 1–30: a four-hour migraine and a triptan on each of
    // Jan 1–10; check-ins without pain on Jan 11–20; nothing after.
    for d in 1..=10 {
        records.push(attack(
            &day(1, d, "08:00:00", "+01:00"),
            &day(1, d, "12:00:00", "+01:00"),
            Some(HeadacheType::Migraine),
            Some(6),
        ));
        records.push(med(
            &day(1, d, "08:30:00", "+01:00"),
            MedicationClass::Triptan,
        ));
    }
    for d in 11..=20 {
        records.push(checkin(&day(1, d, "20:00:00", "+01:00"), 0));
    }
    // Block 2, Jan 31–Mar 1: tension headaches of d hours on Feb 1–9, a
    // triptan on each (nine: no flag); one across midnight Feb 20–21; a
    // session during the first attack and one on a day without; a
    // check-in with pain and no attack.
    for d in 1..=9 {
        records.push(attack(
            &day(2, d, "09:00:00", "+01:00"),
            &day(2, d, &format!("{:02}:00:00", 9 + d), "+01:00"),
            Some(HeadacheType::Tension),
            Some(4),
        ));
        records.push(med(
            &day(2, d, "09:30:00", "+01:00"),
            MedicationClass::Triptan,
        ));
    }
    records.push(attack(
        &day(2, 20, "22:00:00", "+01:00"),
        &day(2, 21, "02:00:00", "+01:00"),
        None,
        None,
    ));
    records.push(session(
        "Desk reset",
        &day(2, 1, "10:00:00", "+01:00"),
        10,
        Some(5),
        Some(3),
    ));
    records.push(session(
        "Desk reset",
        &day(2, 25, "10:00:00", "+01:00"),
        10,
        None,
        None,
    ));
    records.push(checkin(&day(2, 26, "10:00:00", "+01:00"), 5));
    // Block 3, Mar 2–31: simple painkillers on Mar 2–6 and an opioid on
    // Mar 7–11 (ten days of a mix), a preventive every day (not acute),
    // an hour's attack on each of Mar 12–26 and one across the change to
    // summer time, 23:30 +01:00 on Mar 29 to 03:30 +02:00 on Mar 30.
    for d in 2..=6 {
        records.push(med(
            &day(3, d, "12:00:00", "+01:00"),
            MedicationClass::Simple,
        ));
    }
    for d in 7..=11 {
        records.push(med(
            &day(3, d, "12:00:00", "+01:00"),
            MedicationClass::Opioid,
        ));
    }
    for d in 2..=31 {
        let offset = if d < 30 { "+01:00" } else { "+02:00" };
        records.push(med(
            &day(3, d, "07:00:00", offset),
            MedicationClass::Preventive,
        ));
    }
    for d in 12..=26 {
        records.push(attack(
            &day(3, d, "15:00:00", "+01:00"),
            &day(3, d, "16:00:00", "+01:00"),
            Some(HeadacheType::Migraine),
            Some(8),
        ));
    }
    records.push(attack(
        "2025-03-29T23:30:00+01:00",
        "2025-03-30T03:30:00+02:00",
        Some(HeadacheType::Unsure),
        Some(5),
    ));
    records
}

fn now() -> DateTime<FixedOffset> {
    at("2025-04-01T12:00:00+02:00")
}

fn the_blocks() -> Vec<Block> {
    blocks(
        &ninety_days(),
        date("2025-01-01"),
        date("2025-03-31"),
        now(),
    )
}

fn class_days(block: &Block, class: MedicationClass) -> u32 {
    block.medication_days.by_class[&class]
}

#[test]
fn ninety_days_make_three_blocks_counted_back_from_the_last_day() {
    let b = the_blocks();
    let spans: Vec<(NaiveDate, NaiveDate, u32)> =
        b.iter().map(|b| (b.first, b.last, b.days)).collect();
    assert_eq!(
        spans,
        [
            (date("2025-01-01"), date("2025-01-30"), 30),
            (date("2025-01-31"), date("2025-03-01"), 30),
            (date("2025-03-02"), date("2025-03-31"), 30),
        ]
    );
    for block in &b {
        assert_eq!(
            block.headache_days
                + block.headache_free_days
                + block.pain_without_attack_days
                + block.not_recorded_days,
            block.days,
            "every day is one kind: {block:?}"
        );
    }
    let short = blocks(
        &ninety_days(),
        date("2024-12-22"),
        date("2025-03-31"),
        now(),
    );
    assert_eq!(
        (short.len(), short[0].days, short[0].not_recorded_days),
        (4, 10, 10)
    );
}

#[test]
fn ten_triptan_days_are_flagged() {
    let b = &the_blocks()[0];
    assert_eq!(
        (
            b.headache_days,
            b.migraine_days,
            b.headache_free_days,
            b.not_recorded_days
        ),
        (10, 10, 10, 10)
    );
    assert_eq!(class_days(b, MedicationClass::Triptan), 10);
    assert_eq!(b.medication_days.total, 10);
    assert_eq!(
        (b.attacks, b.median_attack_minutes, b.mean_peak),
        (10, Some(240.0), Some(6.0))
    );
    assert_eq!(
        b.flags,
        [Flag::Medication {
            class: MedicationClass::Triptan,
            days: 10,
            threshold: 10
        }]
    );
    assert!(
        b.flags[0]
            .text()
            .ends_with("worth discussing with your clinician.")
    );
}

#[test]
fn nine_triptan_days_and_an_attack_across_midnight() {
    let b = &the_blocks()[1];
    assert_eq!(class_days(b, MedicationClass::Triptan), 9);
    assert_eq!(b.flags, [], "nine days is below the threshold");
    assert_eq!(
        (b.headache_days, b.migraine_days),
        (11, 0),
        "Feb 20 and 21 both count"
    );
    assert_eq!((b.headache_free_days, b.pain_without_attack_days), (1, 1));
    assert_eq!(b.not_recorded_days, 17);
    assert_eq!((b.attacks, b.median_attack_minutes), (10, Some(270.0)));
    assert_eq!(
        b.mean_peak,
        Some(4.0),
        "attacks without a peak are left out"
    );
    assert_eq!(
        (b.sessions_during_attacks, b.sessions_between_attacks),
        (1, 1)
    );
}

#[test]
fn mixed_classes_and_a_change_of_offset() {
    let b = &the_blocks()[2];
    assert_eq!(
        b.headache_days, 17,
        "15 days, and Mar 29 and 30 on their own clocks"
    );
    assert_eq!(b.migraine_days, 15);
    assert_eq!(
        (
            class_days(b, MedicationClass::Simple),
            class_days(b, MedicationClass::Opioid),
            class_days(b, MedicationClass::Preventive),
            class_days(b, MedicationClass::Triptan),
        ),
        (5, 5, 30, 0)
    );
    assert_eq!(b.medication_days.total, 10, "preventives are not acute");
    assert_eq!(b.median_attack_minutes, Some(60.0));
    assert_eq!(
        b.flags,
        [
            Flag::HeadacheDays { days: 17 },
            Flag::MedicationMix { days: 10 }
        ]
    );
    assert_eq!(
        b.not_recorded_days, 13,
        "a medicine alone does not record a day"
    );
}

#[test]
fn an_open_attack_lasts_until_now_and_a_revision_closes_it() {
    let open = Attack::new(at("2025-03-30T20:00:00+02:00"));
    let closed = Attack {
        end: Some(at("2025-03-31T01:00:00+02:00")),
        ..open.revision()
    };
    let period = (date("2025-03-02"), date("2025-03-31"));
    let going_on = blocks(&[open.clone().into()], period.0, period.1, now());
    assert_eq!(
        (going_on[0].headache_days, going_on[0].open_attacks),
        (2, 1)
    );
    assert_eq!(going_on[0].median_attack_minutes, None);
    let (records, _) = revision::resolve(vec![open.into(), closed.into()]);
    let ended = blocks(&records, period.0, period.1, now());
    assert_eq!((ended[0].attacks, ended[0].open_attacks), (1, 0));
    assert_eq!(ended[0].median_attack_minutes, Some(300.0));
}

#[test]
fn simple_painkillers_are_flagged_at_fifteen_days_and_a_mix_needs_no_single_class() {
    let simple: Vec<Record> = (1..=15)
        .map(|d| med(&day(1, d, "12:00:00", "+00:00"), MedicationClass::Simple))
        .collect();
    let b = &blocks(&simple, date("2025-01-01"), date("2025-01-30"), now())[0];
    assert_eq!(
        b.flags,
        [Flag::Medication {
            class: MedicationClass::Simple,
            days: 15,
            threshold: 15
        }]
    );
    let fourteen = &blocks(&simple[..14], date("2025-01-01"), date("2025-01-30"), now())[0];
    assert_eq!(fourteen.flags, [], "one class alone is no mix");
    let mut mix = simple[..9].to_vec();
    mix.push(med(
        &day(1, 20, "12:00:00", "+00:00"),
        MedicationClass::Triptan,
    ));
    let b = &blocks(&mix, date("2025-01-01"), date("2025-01-30"), now())[0];
    assert_eq!(b.flags, [Flag::MedicationMix { days: 10 }], "ICHD-3 8.2.6");
    let mut nine = simple[..9].to_vec();
    nine.push(med(
        &day(1, 9, "18:00:00", "+00:00"),
        MedicationClass::Gepant,
    ));
    let b = &blocks(&nine, date("2025-01-01"), date("2025-01-30"), now())[0];
    assert_eq!(
        (b.flags.len(), b.medication_days.total),
        (0, 9),
        "same day, gepants not in the mix"
    );
}
