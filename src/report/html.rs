//! The report as one self-contained HTML page: inline CSS and SVG, no
//! scripts, nothing fetched, laid out to print on one A4 or Letter sheet.

use std::fmt::Write;

use super::program::html::{Form, MEANING, forms_within, left_out, section};
use super::room;
use super::svg::{calendar, day_shape, kind_words, pain_chart};
use super::text::clean;
use super::{Report, Trend, block_dates, one_decimal};
use crate::journal::diary::{DayKind, ReliefFigure, Word};

/// The page's style: calm, black on white for print, small type so the
/// page holds a year.
pub(super) const STYLE: &str = r#"
@page { margin: 10mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font: 8pt/1.2 "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; color: #222; margin: 0 auto; max-width: 186mm; }
body.long { font-size: 7pt; }
h1 { font-size: 14pt; margin: 0; }
h2 { font-size: 9.5pt; margin: 2mm 0 0.8mm; border-bottom: 0.3mm solid #999; }
p { margin: 0.6mm 0; }
.sub { color: #555; }
.keys { display: flex; gap: 2mm; margin-top: 2mm; }
.key { flex: 1; border: 0.3mm solid #999; border-radius: 1mm; padding: 1mm 2mm; }
.key b { display: block; font-size: 12pt; }
table { border-collapse: collapse; width: 100%; }
table.blocks td:first-child { white-space: nowrap; }
th, td { text-align: left; padding: 0.3mm 1.5mm 0.3mm 0; vertical-align: top; }
th { font-weight: 600; border-bottom: 0.2mm solid #999; }
td.n, th.n { text-align: right; }
.flags { border: 0.5mm solid #8a4b12; border-radius: 1mm; padding: 1mm 2mm; margin-top: 1.5mm; }
.flags li { margin: 0.4mm 0; }
ul, ol { margin: 0; padding-left: 5mm; }
.two { display: flex; gap: 5mm; }
.two > div { flex: 1; min-width: 0; }
svg { display: block; width: 100%; height: auto; }
svg.calendar { width: auto; max-width: 100%; max-height: 32mm; }
svg.pain { max-height: 32mm; }
svg.legend { display: inline; width: 3mm; height: 3mm; vertical-align: -0.5mm; }
.label { font-size: 7px; fill: #444; }
.headache { fill: #7a2e0e; }
.free { fill: #fff; stroke: #666; stroke-width: 0.8; }
.pain { fill: #c98a5a; }
.none { fill: #999; }
.grid { stroke: #ccc; stroke-width: 0.5; }
.line { fill: none; stroke: #7a2e0e; stroke-width: 0.8; }
.dot { fill: #7a2e0e; }
table.program { width: auto; font-size: 7.5pt; }
table.program td:first-child { min-width: 30mm; max-width: 55mm; }
table.program td.n, table.program th.n { padding-left: 2mm; white-space: nowrap; }
table.program .relief { padding-left: 5mm; }
table.program tr.all td { border-top: 0.2mm solid #999; }
footer { margin-top: 1.5mm; color: #555; font-size: 7pt; }
"#;

/// `text` safe inside HTML.
pub(super) fn esc(text: &str) -> String {
    clean(text)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The page.
pub fn render(report: &Report) -> String {
    let p = &report.period;
    let programs = program_forms(report);
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width\">\
         <title>Headache diary report {} to {}</title><style>{STYLE}</style></head><body class=\"{}\">\
         <h1>Headache diary report</h1>\
         <p class=\"sub\">{} to {} ({} days). Made {} by Stillpoint from the person's own diary; not a diagnosis.</p>",
        p.first,
        p.last,
        if report.blocks.len() > 4 {
            "long"
        } else {
            "short"
        },
        p.first.format("%-d %b %Y"),
        p.last.format("%-d %b %Y"),
        p.days,
        report.made.format("%Y-%m-%d %H:%M")
    );
    keys(&mut h, report);
    blocks(&mut h, report);
    flags(&mut h, report);
    let _ = write!(
        h,
        "<div class=\"two\"><div><h2>Calendar</h2>{}<p>{}</p></div>\
         <div><h2>Worst pain each day (0–10)</h2>{}<p>Dots joined day to day; a gap is a day without a rating. Bars under the axis: headache days.</p></div></div>",
        calendar(&report.days),
        legend(),
        pain_chart(&report.days)
    );
    h.push_str("<div class=\"two\"><div>");
    medication(&mut h, report);
    midas(&mut h, report);
    h.push_str("</div><div>");
    relief(&mut h, report);
    h.push_str("</div></div>");
    for (figures, form) in report.programs.iter().zip(&programs) {
        section(&mut h, figures, *form);
    }
    left_out(&mut h, &programs);
    questions(&mut h, report);
    h.push_str(
        "<footer>Headache day: a day an attack touches. Headache-free: a day with a check-in or session and no attack or pain. \
         Not recorded: nothing written that day, never counted as headache-free. Acute medication: every class but preventives. \
         Relief: pain before minus after a session, each session with its own two ratings, over sessions at least half played.",
    );
    if programs.iter().any(|f| matches!(f, Form::Rows(_))) {
        let _ = write!(h, " {MEANING}");
    }
    h.push_str("</footer></body></html>\n");
    h
}

/// How much of each program the page has room for.
fn program_forms(report: &Report) -> Vec<Form> {
    let room = room::left(report, routines_shown(report), report.blocks.len() > 4);
    forms_within(&report.programs, room)
}

fn keys(h: &mut String, report: &Report) {
    let p = &report.period;
    let midas = report.midas.as_ref().map_or_else(
        || "not answered".to_owned(),
        |m| format!("{} · grade {}", m.score, m.grade),
    );
    let _ = write!(
        h,
        "<div class=\"keys\">\
         <div class=\"key\">Days recorded<b>{} of {}</b></div>\
         <div class=\"key\">Headache days<b>{}</b></div>\
         <div class=\"key\">Acute-medication days<b>{}</b></div>\
         <div class=\"key\">MIDAS<b>{midas}</b></div></div>",
        p.recorded_days,
        p.days,
        p.headache_days,
        report.acute_medication_days()
    );
}

fn blocks(h: &mut String, report: &Report) {
    h.push_str(
        "<h2>Per 30 days</h2><table class=\"blocks\"><tr><th>Days</th><th class=\"n\">Headache days</th>\
         <th class=\"n\">Migraine days</th><th class=\"n\">Acute-med. days</th><th class=\"n\">Attacks</th>\
         <th class=\"n\">Median length</th><th class=\"n\">Mean peak</th>\
         <th class=\"n\">Not recorded</th><th class=\"n\">Sessions in / out of attack</th></tr>",
    );
    for b in &report.blocks {
        let short = if b.days < 30 {
            format!(" ({} days)", b.days)
        } else {
            String::new()
        };
        let _ = write!(
            h,
            "<tr><td>{}{short}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>\
             <td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>\
             <td class=\"n\">{} / {}</td></tr>",
            block_dates(b),
            b.headache_days,
            b.migraine_days,
            b.medication_days.total,
            b.attacks,
            b.median_attack_minutes
                .map_or_else(|| "–".to_owned(), |m| format!("{:.1} h", m / 60.0)),
            one_decimal(b.mean_peak),
            b.not_recorded_days,
            b.sessions_during_attacks,
            b.sessions_between_attacks
        );
    }
    h.push_str("</table>");
    if let Some(t) = &report.trend {
        let _ = write!(
            h,
            "<p>Trend, first block to last, per 30 days: headache days {:.0} → {:.0} ({}); acute-medication days {:.0} → {:.0} ({}).</p>",
            t.headache_days_from,
            t.headache_days_to,
            Trend::word(t.headache_days_from, t.headache_days_to),
            t.medication_days_from,
            t.medication_days_to,
            Trend::word(t.medication_days_from, t.medication_days_to),
        );
    }
}

fn flags(h: &mut String, report: &Report) {
    h.push_str("<div class=\"flags\"><b>Worth discussing with your clinician</b> (per 30 days; not a diagnosis)<ul>");
    let mut any = false;
    for (block, text) in report.flags() {
        any = true;
        let _ = write!(h, "<li>{}: {}.</li>", block_dates(block), esc(&text));
    }
    if !any {
        h.push_str(
            "<li>Nothing at the thresholds (15 headache days; 10 days of triptans, ergots, opioids, \
             combination or mixed painkillers; 15 days of simple painkillers, in 30 days).</li>",
        );
    }
    h.push_str("</ul></div>");
}

/// The calendar's key: each shape and what it means.
fn legend() -> String {
    [
        DayKind::Headache,
        DayKind::PainWithoutAttack,
        DayKind::HeadacheFree,
        DayKind::NotRecorded,
    ]
    .iter()
    .map(|&k| {
        format!(
            "<svg class=\"legend\" viewBox=\"-1 -1 12 12\">{}</svg> {}",
            day_shape(k, 0.0, 0.0),
            kind_words(k)
        )
    })
    .collect::<Vec<_>>()
    .join(" &nbsp; ")
}

fn medication(h: &mut String, report: &Report) {
    h.push_str("<h2>Medication days by class</h2>");
    let taken: Vec<_> = report
        .medication_days
        .iter()
        .filter(|&(_, &n)| n > 0)
        .collect();
    if taken.is_empty() {
        h.push_str("<p>None recorded.</p>");
        return;
    }
    if report.blocks.len() > 4 {
        // A long period: one line, so the page holds every block above.
        let days: Vec<String> = taken
            .iter()
            .map(|(class, n)| format!("{} {n}", class.name()))
            .collect();
        let _ = write!(h, "<p>Over the period: {}.</p>", days.join(" · "));
        return;
    }
    let per_block = &report.blocks;
    h.push_str("<table><tr><th>Class</th><th class=\"n\">Period</th>");
    for b in per_block {
        let _ = write!(h, "<th class=\"n\">{}</th>", b.first.format("from %-d %b"));
    }
    h.push_str("</tr>");
    for (class, n) in taken {
        let _ = write!(h, "<tr><td>{}</td><td class=\"n\">{n}</td>", class.name());
        for b in per_block {
            let days = b.medication_days.by_class.get(class).copied().unwrap_or(0);
            let _ = write!(h, "<td class=\"n\">{days}</td>");
        }
        h.push_str("</tr>");
    }
    h.push_str("</table>");
}

fn midas(h: &mut String, report: &Report) {
    h.push_str("<h2>MIDAS</h2>");
    match &report.midas {
        Some(m) => {
            let _ = write!(
                h,
                "<p>Score <b>{}</b>, grade <b>{}</b>: {} (answered {}). Days missed or at half productivity, last 3 months: \
                 work or school {} and {}, household {} and {}, family and social {}. Headache days {}, average pain {}/10.</p>",
                m.score,
                m.grade,
                m.meaning,
                m.date.format("%-d %b %Y"),
                m.answers[0],
                m.answers[1],
                m.answers[2],
                m.answers[3],
                m.answers[4],
                m.headache_days,
                m.average_pain
            );
        }
        None => h.push_str("<p>Not answered yet.</p>"),
    }
}

/// The most routines listed; the rest are counted.
const MAX_ROUTINES: usize = 6;

fn relief(h: &mut String, report: &Report) {
    h.push_str("<h2>Relief per routine</h2>");
    if report.relief.is_empty() {
        h.push_str("<p>No sessions done in this period.</p>");
        return;
    }
    h.push_str(
        "<p>Mean points of relief (sessions rated of sessions done).</p>\
         <table><tr><th>Routine</th><th class=\"n\">During attacks</th><th class=\"n\">Between attacks</th></tr>",
    );
    let most = routines_shown(report);
    for r in report.relief.iter().take(most) {
        let _ = write!(
            h,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            esc(&r.routine),
            short_relief(&r.during_attacks),
            short_relief(&r.between_attacks)
        );
    }
    h.push_str("</table>");
    if let Some(more) = report.relief.len().checked_sub(most).filter(|&n| n > 0) {
        let _ = write!(h, "<p>and {more} more routines (see the JSON report).</p>");
    }
}

/// How many routines the relief per routine lists: a long period's
/// taller tables, or a program, leave room for fewer.
fn routines_shown(report: &Report) -> usize {
    if report.blocks.len() > 4 || !report.programs.is_empty() {
        MAX_ROUTINES - 2
    } else {
        MAX_ROUTINES
    }
}

/// A relief figure in few characters: `+2.5 (4/6)`.
fn short_relief(figure: &ReliefFigure) -> String {
    match figure.mean() {
        None if figure.sessions == 0 => "–".to_owned(),
        None => format!("– (0/{})", figure.sessions),
        Some(mean) => format!("{mean:+.1} ({}/{})", figure.rated, figure.sessions),
    }
}

fn questions(h: &mut String, report: &Report) {
    if report.questions.is_empty() {
        return;
    }
    h.push_str("<h2>My questions for the doctor</h2><ol>");
    for q in &report.questions {
        let _ = write!(h, "<li>{}</li>", esc(q));
    }
    h.push_str("</ol>");
}
