//! Tests of the attack questions: fed keys, read the answers.

use super::*;

fn at(text: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(text).unwrap()
}

const NOW: &str = "2025-03-01T15:00:00+01:00";

fn zone() -> FixedOffset {
    FixedOffset::east_opt(3600).unwrap()
}

fn new() -> Questions<FixedOffset> {
    Questions::new(None, zone())
}

/// Keys as tmux names them, roughly: "Enter", "Tab", "BTab", "Esc",
/// "BSpace", "C-c", or text typed a character at a time.
fn press(q: &mut Questions<FixedOffset>, keys: &[&str]) -> Outcome {
    let mut last = Outcome::Asking;
    for key in keys {
        let events: Vec<KeyEvent> = match *key {
            "Enter" => vec![KeyCode::Enter.into()],
            "Tab" => vec![KeyCode::Tab.into()],
            "BTab" => vec![KeyCode::BackTab.into()],
            "Esc" => vec![KeyCode::Esc.into()],
            "BSpace" => vec![KeyCode::Backspace.into()],
            "C-c" => vec![KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)],
            text => text.chars().map(|c| KeyCode::Char(c).into()).collect(),
        };
        for event in events {
            last = q.key(event, at(NOW));
        }
    }
    last
}

fn confirmed(outcome: Outcome) -> Given {
    match outcome {
        Outcome::Confirmed(given) => *given,
        other => panic!("not confirmed: {other:?}"),
    }
}

#[test]
fn skipping_every_question_gives_an_attack_with_only_its_start() {
    let mut q = new();
    let mut seen = Vec::new();
    while let Some(question) = q.question() {
        seen.push(question);
        assert_eq!(press(&mut q, &["Enter"]), Outcome::Asking);
    }
    use Question as Q;
    assert_eq!(
        seen,
        [
            Q::Start,
            Q::Over,
            Q::Peak,
            Q::Side,
            Q::Areas,
            Q::Quality,
            Q::Aura,
            Q::Symptoms,
            Q::Type,
            Q::Triggers,
            Q::Note,
            Q::Sudden
        ],
        "the end is asked only once it is over"
    );
    let given = confirmed(press(&mut q, &["Enter"]));
    assert_eq!(given.start, Some(at(NOW)), "Enter alone at the start: now");
    assert_eq!((given.end, given.ongoing), (None, true));
    assert!(nothing_said(&given.said), "{given:?}");
    // Tab skips as Enter does.
    let mut tabbed = new();
    while tabbed.question().is_some() {
        press(&mut tabbed, &["Tab"]);
    }
    assert_eq!(confirmed(press(&mut tabbed, &["Enter"])).said.peak, None);
}

#[test]
fn every_question_answered_gives_every_field() {
    let mut q = new();
    press(&mut q, &["12:30", "Enter", "y", "14:05", "Enter", "7", "l"]);
    assert_eq!(q.question(), Some(Question::Areas));
    press(&mut q, &["1", "5", "3", "3", "0", "Enter", "t", "y"]);
    press(&mut q, &["2", "1", "Tab", "m"]);
    press(&mut q, &["red wine,  little sleep , red wine", "Enter"]);
    press(&mut q, &["took a nap", "Enter", "n"]);
    assert_eq!(q.question(), None, "the summary");
    let summary = format!("{:?}", q.prompt());
    for shown in [
        "2025-03-01 12:30",
        "2025-03-01 14:05",
        "neck, temples, face",
        "red wine, little sleep",
    ] {
        assert!(summary.contains(shown), "{shown}: {summary}");
    }
    let given = confirmed(press(&mut q, &["y"]));
    assert_eq!(given.start, Some(at("2025-03-01T12:30:00+01:00")));
    assert_eq!(given.end, Some(at("2025-03-01T14:05:00+01:00")));
    assert!(!given.ongoing);
    let s = given.said;
    assert_eq!(s.peak, Rating::new(7));
    assert_eq!(s.side, Some(Side::Left));
    assert_eq!(s.areas, [PainArea::Neck, PainArea::Temples, PainArea::Face]);
    assert_eq!(s.quality, Some(Quality::Throbbing));
    assert!(s.aura);
    assert_eq!(s.symptoms, [AttackSymptom::Nausea, AttackSymptom::Vomiting]);
    assert_eq!(s.headache_type, Some(HeadacheType::Migraine));
    assert_eq!(s.triggers, ["red wine", "little sleep"]);
    assert_eq!(s.note.as_deref(), Some("took a nap"));
    assert!(!s.sudden);
}

#[test]
fn sudden_or_worst_ever_is_the_warning_flag() {
    let mut q = new();
    while q.question() != Some(Question::Sudden) {
        press(&mut q, &["Enter"]);
    }
    press(&mut q, &["y"]);
    assert!(confirmed(press(&mut q, &["Enter"])).said.sudden);
}

#[test]
fn an_attack_going_on_is_asked_only_what_it_does_not_say() {
    let open = Attack {
        peak: Rating::new(6),
        areas: vec![PainArea::Neck],
        ..Attack::new(at("2025-03-01T09:00:00+01:00"))
    };
    let mut q = Questions::new(Some(open), zone());
    assert!(
        q.prompt()
            .heading
            .starts_with("The headache from 2025-03-01 09:00")
    );
    let mut seen = Vec::new();
    press(&mut q, &["y"]);
    while let Some(question) = q.question() {
        seen.push(question);
        press(&mut q, &["Enter"]);
    }
    use Question as Q;
    assert_eq!(
        seen,
        [
            Q::End,
            Q::Side,
            Q::Quality,
            Q::Aura,
            Q::Symptoms,
            Q::Type,
            Q::Triggers,
            Q::Note,
            Q::Sudden
        ],
        "no start, no peak, no areas"
    );
    let given = confirmed(press(&mut q, &["Enter"]));
    assert_eq!((given.start, given.end), (None, Some(at(NOW))));
    assert!(!given.ongoing && nothing_said(&given.said));
}

#[test]
fn still_going_on_with_nothing_to_add_writes_nothing() {
    let open = Attack::new(at("2025-03-01T09:00:00+01:00"));
    let mut q = Questions::new(Some(open), zone());
    press(&mut q, &["n"]);
    assert_eq!(q.question(), Some(Question::Peak), "no end to ask");
    while q.question().is_some() {
        press(&mut q, &["Enter"]);
    }
    assert!(q.prompt().question.starts_with("Nothing to add"));
    assert_eq!(press(&mut q, &["Enter"]), Outcome::Nothing);
    // Something added, still going on: a revision without an end.
    let mut q = Questions::new(Some(Attack::new(at("2025-03-01T09:00:00+01:00"))), zone());
    press(&mut q, &["n", "8"]);
    while q.question().is_some() {
        press(&mut q, &["Enter"]);
    }
    let given = confirmed(press(&mut q, &["Enter"]));
    assert_eq!((given.end, given.said.peak), (None, Rating::new(8)));
}

#[test]
fn esc_or_ctrl_c_cancels_at_any_question() {
    for n in 0..=12 {
        for (cancel, outcome) in [("Esc", Outcome::Cancelled), ("C-c", Outcome::Interrupted)] {
            let mut q = new();
            press(&mut q, &["y"]);
            for _ in 0..n {
                press(&mut q, &["Enter"]);
            }
            assert_eq!(press(&mut q, &[cancel]), outcome, "after {n} answers");
        }
    }
}

#[test]
fn a_wrong_answer_is_asked_again_with_the_reason() {
    let mut q = new();
    press(&mut q, &["yesterday", "Enter"]);
    assert_eq!(q.question(), Some(Question::Start));
    let problem = q.prompt().problem.unwrap();
    assert!(problem.contains("`yesterday` is not a time"), "{problem}");
    press(&mut q, &["BSpace"; 9]);
    press(&mut q, &["16:00", "Enter"]);
    let problem = q.prompt().problem.unwrap();
    assert!(problem.contains("is in the future"), "{problem}");
    press(&mut q, &["BSpace"; 5]);
    press(&mut q, &["14:00", "Enter", "y", "13:00", "Enter"]);
    assert_eq!(q.question(), Some(Question::End));
    let problem = q.prompt().problem.unwrap();
    assert!(problem.contains("is before its start"), "{problem}");
    press(&mut q, &["BSpace"; 5]);
    press(&mut q, &["14:30", "Enter", "x"]);
    assert_eq!(
        q.question(),
        Some(Question::Peak),
        "a wrong key is no answer"
    );
    assert!(
        q.prompt()
            .problem
            .unwrap()
            .contains("`x` is not one of the keys here: 0-9, t for 10")
    );
    press(&mut q, &["t"]);
    assert_eq!(q.question(), Some(Question::Side));
    assert_eq!(
        q.prompt().problem,
        None,
        "the reason goes with the next answer"
    );
}

#[test]
fn a_refusal_of_the_whole_goes_back_to_the_time_and_then_to_the_summary() {
    let mut q = new();
    press(&mut q, &["10:00", "Enter", "y", "Enter", "5"]);
    while q.question().is_some() {
        press(&mut q, &["Enter"]);
    }
    let given = confirmed(press(&mut q, &["Enter"]));
    assert_eq!(given.start, Some(at("2025-03-01T10:00:00+01:00")));
    q.refused(&Refusal::new(
        "it overlaps the attack from 2025-03-01 09:00 to 2025-03-01 11:00",
    ));
    assert_eq!(q.question(), Some(Question::Start));
    assert!(q.prompt().problem.unwrap().contains("it overlaps"));
    let Answer::Field(typed) = q.prompt().answer else {
        panic!()
    };
    assert_eq!(typed, "2025-03-01 10:00", "the answer before, to change");
    press(&mut q, &["BSpace"; 5]);
    press(&mut q, &["12:00", "Enter", "Enter", "Enter"]);
    assert_eq!(
        q.question(),
        None,
        "the other answers are kept, not asked again"
    );
    let given = confirmed(press(&mut q, &["Enter"]));
    assert_eq!(given.start, Some(at("2025-03-01T12:00:00+01:00")));
    assert_eq!(given.said.peak, Rating::new(5));
}

#[test]
fn shift_tab_goes_back_and_backspace_takes_an_answer_back() {
    let mut q = new();
    press(&mut q, &["Enter", "n", "9", "BTab"]);
    assert_eq!(q.question(), Some(Question::Peak));
    assert_eq!(q.prompt().answer, Answer::Scale(Some(9)));
    press(&mut q, &["BSpace", "BTab", "BTab"]);
    assert_eq!(
        q.question(),
        Some(Question::Start),
        "past the end not asked"
    );
    press(&mut q, &["BTab"]);
    assert_eq!(q.question(), Some(Question::Start));
    press(&mut q, &["Enter", "Enter"]);
    assert_eq!(q.question(), Some(Question::Peak));
    assert_eq!(q.prompt().answer, Answer::Scale(None));
}

#[test]
fn every_screen_shows_its_question_and_keys_at_80_by_24_and_80_by_23() {
    use crate::ui::frame::Look;
    use crate::ui::theme::Theme;
    use crate::ui::view::diary_question::DiaryQuestion;
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::widgets::Widget;
    let looks = [Theme::Dim, Theme::Light, Theme::Contrast, Theme::Mono].map(|theme| Look {
        palette: theme.palette(false),
        reduced_motion: false,
        ascii: theme == Theme::Mono,
    });
    for look in looks {
        for height in [24, 23] {
            let mut q = new();
            // Over, so the end is asked too: every question once.
            press(&mut q, &["12:00", "Enter", "y"]);
            loop {
                let prompt = q.prompt();
                let mut buf = Buffer::empty(Rect::new(0, 0, 80, height));
                DiaryQuestion {
                    prompt: &prompt,
                    look,
                }
                .render(buf.area, &mut buf);
                let rows: Vec<String> = (0..height)
                    .map(|y| (0..80).map(|x| buf[(x, y)].symbol()).collect())
                    .collect();
                let text = rows.join("\n");
                assert!(text.contains(&prompt.question), "{text}");
                assert!(
                    rows[usize::from(height) - 1].contains("Esc cancel"),
                    "{text}"
                );
                let last = match &prompt.answer {
                    Answer::Summary(rows) => rows.last().map(|r| r.0.clone()),
                    Answer::Choices { choices, .. } => choices.last().map(|c| c.label.clone()),
                    Answer::Scale(_) | Answer::Field(_) => None,
                };
                if let Some(last) = last {
                    assert!(text.contains(&last), "{last}: {text}");
                }
                if look.ascii {
                    assert!(text.is_ascii(), "{text}");
                }
                let Some(question) = q.question() else {
                    break;
                };
                press(&mut q, &["Enter"]);
                assert_ne!(q.question(), Some(question), "{:?}", q.prompt());
            }
        }
    }
}
