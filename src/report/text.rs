//! The report as text for the terminal, at most 80 columns wide.

use std::fmt::Write;

use super::{Report, block_dates, one_decimal, relief_words};
use crate::journal::diary::{DayKind, Word};

/// The report as text; `ascii` keeps to ASCII (the Linux console).
pub fn render(report: &Report, ascii: bool) -> String {
    let mut out = String::new();
    let p = &report.period;
    let _ = writeln!(
        out,
        "Headache diary report, {} to {} ({} days)",
        p.first.format("%-d %b %Y"),
        p.last.format("%-d %b %Y"),
        p.days
    );
    let _ = writeln!(
        out,
        "Made {} by Stillpoint from the person's own diary; not a diagnosis.\n",
        report.made.format("%Y-%m-%d %H:%M")
    );
    let _ = writeln!(
        out,
        "Days recorded: {} of {}. Headache days {}, headache-free {}, pain without an attack {}, not recorded {} (never counted as headache-free).",
        p.recorded_days,
        p.days,
        p.headache_days,
        p.headache_free_days,
        p.pain_without_attack_days,
        p.not_recorded_days
    );
    blocks(&mut out, report);
    flags(&mut out, report);
    midas(&mut out, report);
    medication(&mut out, report);
    relief(&mut out, report);
    for program in &report.programs {
        out.push('\n');
        super::program::text::section(&mut out, program);
    }
    calendar(&mut out, report);
    questions(&mut out, report);
    finished(&out, ascii)
}

/// Lines wrapped to 80 columns, in ASCII when `ascii`.
pub(super) fn finished(text: &str, ascii: bool) -> String {
    let out = wrapped(text, 80);
    if ascii { to_ascii(&out) } else { out }
}

/// `text` with each line wider than `cells` wrapped at words, its
/// continuation lines indented; tables (narrower lines) stay as they are.
fn wrapped(text: &str, cells: usize) -> String {
    let mut out = String::new();
    for line in text.lines() {
        if crate::wrap::width(line) <= cells {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        let hang = " ".repeat(indent + 2);
        for (i, part) in crate::wrap::wrap(line, cells - indent - 2, usize::MAX, "")
            .iter()
            .enumerate()
        {
            out.push_str(if i == 0 { &hang[..indent] } else { &hang });
            out.push_str(part);
            out.push('\n');
        }
    }
    out
}

/// A name typed by the person, safe to print on one line.
pub(super) fn clean(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_owned()
}

fn blocks(out: &mut String, report: &Report) {
    let _ = writeln!(
        out,
        "\nPer 30 days            Headache Migraine Acute-med Attacks Median Mean  Sessions\n\
         {:23}days     days     days              length peak  in/out\n\
         {:72}attack",
        "", ""
    );
    for b in &report.blocks {
        let short = if b.days < 30 {
            format!(" ({} d)", b.days)
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "{:23}{:<9}{:<9}{:<10}{:<8}{:<7}{:<6}{} / {}",
            format!("{}{short}", block_dates(b)),
            b.headache_days,
            b.migraine_days,
            b.medication_days.total,
            b.attacks,
            b.median_attack_minutes
                .map_or_else(|| "–".to_owned(), |m| format!("{:.1} h", m / 60.0)),
            one_decimal(b.mean_peak),
            b.sessions_during_attacks,
            b.sessions_between_attacks
        );
    }
    if let Some(t) = &report.trend {
        let _ = writeln!(
            out,
            "Trend, first block to last (per 30 days): headache days {:.0} → {:.0} ({}); acute-medication days {:.0} → {:.0} ({}).",
            t.headache_days_from,
            t.headache_days_to,
            super::Trend::word(t.headache_days_from, t.headache_days_to),
            t.medication_days_from,
            t.medication_days_to,
            super::Trend::word(t.medication_days_from, t.medication_days_to),
        );
    }
}

fn flags(out: &mut String, report: &Report) {
    let _ = writeln!(out, "\nWorth discussing with your clinician:");
    let mut any = false;
    for (block, text) in report.flags() {
        any = true;
        let _ = writeln!(out, "  ! {}: {text}.", block_dates(block));
    }
    if !any {
        let _ = writeln!(
            out,
            "  nothing at the thresholds (15 headache days; 10 days of triptans, ergots, opioids, combination or mixed painkillers; 15 of simple painkillers)."
        );
    }
}

fn midas(out: &mut String, report: &Report) {
    match &report.midas {
        Some(m) => {
            let _ = writeln!(
                out,
                "\nMIDAS ({}): score {}, grade {} ({}); answers {}; headache days {}, average pain {}/10.",
                m.date.format("%-d %b %Y"),
                m.score,
                m.grade,
                m.meaning,
                m.answers.map(|a| a.to_string()).join(", "),
                m.headache_days,
                m.average_pain
            );
        }
        None => {
            let _ = writeln!(out, "\nMIDAS: not answered yet (`stillpoint midas`).");
        }
    }
}

fn medication(out: &mut String, report: &Report) {
    let _ = write!(
        out,
        "\nMedication days by class ({} acute-medication days in all):",
        report.acute_medication_days()
    );
    let taken: Vec<String> = report
        .medication_days
        .iter()
        .filter(|&(_, &n)| n > 0)
        .map(|(c, n)| format!("{} {n}", c.name()))
        .collect();
    if taken.is_empty() {
        let _ = writeln!(out, " none recorded.");
    } else {
        let _ = writeln!(out, " {}.", taken.join(", "));
    }
}

fn relief(out: &mut String, report: &Report) {
    let _ = writeln!(
        out,
        "\nRelief per routine (pain before minus after, each session's own):"
    );
    if report.relief.is_empty() {
        let _ = writeln!(out, "  no sessions done in this period.");
    }
    for r in &report.relief {
        let _ = writeln!(
            out,
            "  {}: during attacks {}; between attacks {}",
            clean(&r.routine),
            relief_words(&r.during_attacks),
            relief_words(&r.between_attacks)
        );
    }
}

/// A week a line: the day's letter and its worst pain.
fn calendar(out: &mut String, report: &Report) {
    let _ = writeln!(
        out,
        "\nCalendar: H headache, p pain without an attack, o headache-free, . not recorded;\n\
         the digit is the day's worst pain (X is 10).\n\
         {:12}Mon Tue Wed Thu Fri Sat Sun",
        "Week of"
    );
    let Some(first) = report.days.first() else {
        return;
    };
    let lead = chrono::Datelike::weekday(&first.date).num_days_from_monday() as usize;
    let monday = first.date - chrono::Duration::days(lead as i64);
    let mut line = format!("{:12}{}", monday.format("%Y-%m-%d"), "    ".repeat(lead));
    for (i, day) in report.days.iter().enumerate() {
        let letter = match day.kind {
            DayKind::Headache => 'H',
            DayKind::PainWithoutAttack => 'p',
            DayKind::HeadacheFree => 'o',
            DayKind::NotRecorded => '.',
        };
        let pain = match day.worst_pain {
            Some(10) => 'X',
            Some(p) => char::from(b'0' + p),
            None => ' ',
        };
        let _ = write!(line, "{letter}{pain}  ");
        if (lead + i + 1).is_multiple_of(7) {
            let _ = writeln!(out, "{}", line.trim_end());
            let next = day.date + chrono::Duration::days(1);
            line = format!("{:12}", next.format("%Y-%m-%d"));
        }
    }
    if line.trim().len() > 10 {
        let _ = writeln!(out, "{}", line.trim_end());
    }
}

fn questions(out: &mut String, report: &Report) {
    if report.questions.is_empty() {
        return;
    }
    let _ = writeln!(out, "\nMy questions for the doctor:");
    for (i, q) in report.questions.iter().enumerate() {
        let _ = writeln!(out, "  {}. {q}", i + 1);
    }
}

/// The text with its few non-ASCII signs in ASCII.
fn to_ascii(text: &str) -> String {
    text.replace('–', "-")
        .replace('→', "->")
        .replace('…', "...")
}
