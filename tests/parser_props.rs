//! Property tests of the routine parser: no input makes it panic, every
//! diagnostic points inside the text, and any routine written by the rules
//! of routines/README.md parses without errors and lasts as long as its
//! timeline says.

use std::ops::RangeInclusive;
use std::time::Duration;

use proptest::prelude::*;
use proptest::sample::{Index, select};
use stillpoint::diagnostic::{JsonDiagnostic, Report};
use stillpoint::library::BUNDLED;
use stillpoint::routine::{self, Parsed, RoutineSource};
use stillpoint::timeline::Timeline;

const CASES: u32 = 256;

/// Modest case counts keep the suite fast. Failures are not saved to a
/// file: proptest prints the smallest failing input, and each one found so
/// far is pinned below as an ordinary test.
fn config() -> ProptestConfig {
    ProptestConfig {
        cases: CASES,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn source(text: &str) -> RoutineSource {
    RoutineSource {
        name: "prop.toml".to_owned(),
        text: text.to_owned(),
        folder: None,
    }
}

/// Parses `text` and checks that every diagnostic's span lies within the
/// text, on character boundaries, and that every diagnostic can be shown.
fn parse_and_check_spans(text: &str) -> Result<Parsed, TestCaseError> {
    let source = source(text);
    let parsed = routine::parse(&source);
    for d in &parsed.diagnostics {
        if let Some(span) = &d.span {
            prop_assert!(
                span.start <= span.end && span.end <= text.len(),
                "span {span:?} outside a text of {} bytes: {d:?}",
                text.len()
            );
            prop_assert!(
                text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
                "span {span:?} splits a character: {d:?}"
            );
        }
        let report = Report {
            path: &source.name,
            text,
            diagnostic: d,
        };
        let shown = report.to_string();
        prop_assert!(shown.starts_with("error: ") || shown.starts_with("warning: "));
        let json = JsonDiagnostic::from(&report);
        prop_assert_eq!(json.line.is_some(), d.span.is_some());
    }
    prop_assert_eq!(parsed.routine.is_some(), !parsed.has_errors());
    Ok(parsed)
}

/// Inputs the properties below once found wrong, kept as plain tests.
#[test]
fn spans_stay_inside_an_empty_file_and_one_that_starts_with_a_byte_order_mark() {
    for text in ["", "\u{feff}", "\u{feff}\n", "\u{feff}title = \"x\"\n"] {
        let checked = parse_and_check_spans(text);
        assert!(checked.is_ok(), "{text:?}: {}", checked.unwrap_err());
    }
}

/// A text left open that ends in a character of several bytes once cut
/// one byte off its end to look for an escape.
#[test]
fn an_unclosed_text_ending_in_any_character_is_explained() {
    for text in [
        "title = \"Caf\u{e9}\n",
        "title = \"Neck reset\u{201d}\n",
        "t = \"\u{1f600}\r\n",
    ] {
        let checked = parse_and_check_spans(text);
        assert!(checked.is_ok(), "{text:?}: {}", checked.unwrap_err());
    }
}

/// Text that looks enough like TOML to get past the first few characters.
fn tomlish() -> impl Strategy<Value = String> {
    let piece = select(vec![
        "stillpoint = 1\n",
        "title = \"T\"\n",
        "[[step]]\n",
        "[sound]\n",
        "kind = \"breathe\"\n",
        "kind = \"knead\"\n",
        "duration = \"1m\"\n",
        "duration = 0\n",
        "pattern = { inhale = 4, exhale = 4.5 }\n",
        "cycles = 200\n",
        "repeat = 50\n",
        "sides = \"each\"\n",
        "sound = \"../x.wav\"\n",
        "lead_in = 300\n",
        "step = []\n",
        "step = 1\n",
        "\"\"\"\n",
        "= ",
        "\"",
        "é",
        "\u{1b}",
        "\r\n",
        "[",
        "]",
        "{",
        "}",
        "#",
        "9999999999999999999999",
        "-1",
        "nan",
        "inf",
        "1.5",
        // The syntax mistakes that are explained and repaired.
        "[step]\n",
        "[[sound]]\n",
        "area = neck\n",
        "title = \u{201c}T\u{201d}\n",
        "\u{2018}",
        "\u{a0}",
        "\u{200b}",
        "pattern = { inhale = 4 exhale = 6 }\n",
        "{ a = 1,\n",
        ", }",
        "\\e",
        "ambient = \"rain\"\n",
    ]);
    prop::collection::vec(piece, 0..40).prop_map(|p| p.concat())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_text_parses_without_panicking(text in any::<String>()) {
        parse_and_check_spans(&text)?;
    }

    #[test]
    fn any_bytes_parse_without_panicking(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        parse_and_check_spans(&String::from_utf8_lossy(&bytes))?;
    }

    #[test]
    fn toml_like_text_parses_without_panicking(text in tomlish()) {
        parse_and_check_spans(&text)?;
    }
}

/// One small edit of a routine's text.
#[derive(Debug, Clone)]
enum Mutation {
    DeleteLine(Index),
    DuplicateLine(Index),
    ReplaceChar(Index, char),
    Truncate(Index),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let replacement = prop_oneof![
        any::<char>(),
        select(vec![
            '"', '\'', '=', '[', ']', '{', '}', '\n', '#', '.', ',', '-', '0', '9', '\\', ' ', 'a',
            'é', '\u{7}',
        ]),
    ];
    prop_oneof![
        any::<Index>().prop_map(Mutation::DeleteLine),
        any::<Index>().prop_map(Mutation::DuplicateLine),
        (any::<Index>(), replacement).prop_map(|(i, c)| Mutation::ReplaceChar(i, c)),
        any::<Index>().prop_map(Mutation::Truncate),
    ]
}

fn apply(text: &str, mutation: &Mutation) -> String {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    match mutation {
        Mutation::DeleteLine(i) if !lines.is_empty() => {
            let at = i.index(lines.len());
            lines
                .iter()
                .enumerate()
                .filter(|(n, _)| *n != at)
                .map(|(_, l)| *l)
                .collect()
        }
        Mutation::DuplicateLine(i) if !lines.is_empty() => {
            let at = i.index(lines.len());
            let mut out = String::new();
            for (n, line) in lines.iter().enumerate() {
                out.push_str(line);
                if n == at {
                    if !line.ends_with('\n') {
                        out.push('\n');
                    }
                    out.push_str(line);
                }
            }
            out
        }
        Mutation::ReplaceChar(i, c) if !text.is_empty() => {
            let chars: Vec<char> = text.chars().collect();
            let at = i.index(chars.len());
            chars
                .iter()
                .enumerate()
                .map(|(n, old)| if n == at { *c } else { *old })
                .collect()
        }
        Mutation::Truncate(i) => {
            let mut at = i.index(text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            text[..at].to_owned()
        }
        _ => text.to_owned(),
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn mutated_bundled_routines_never_panic_and_point_inside_the_text(
        routine in select(BUNDLED.to_vec()),
        mutations in prop::collection::vec(mutation(), 1..4),
    ) {
        let (_, original) = routine;
        let text = mutations.iter().fold(original.to_owned(), |t, m| apply(&t, m));
        let parsed = parse_and_check_spans(&text)?;
        if let Some(r) = &parsed.routine {
            prop_assert_eq!(r.total(), Timeline::build(r).total);
        }
    }
}

/// Ways to write a duration in a routine file.
#[derive(Debug, Clone, Copy)]
enum Form {
    /// `90`
    Integer,
    /// `"90"`
    Digits,
    /// `"90s"`
    Seconds,
    /// `"1m30s"`
    Units,
    /// `"1m 30s"`
    Spaced,
}

fn write_duration(secs: u64, form: Form) -> String {
    let units = |sep: &str| {
        let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
        let mut parts = Vec::new();
        if h > 0 {
            parts.push(format!("{h}h"));
        }
        if m > 0 {
            parts.push(format!("{m}m"));
        }
        if s > 0 || parts.is_empty() {
            parts.push(format!("{s}s"));
        }
        format!("\"{}\"", parts.join(sep))
    };
    match form {
        Form::Integer => secs.to_string(),
        Form::Digits => format!("\"{secs}\""),
        Form::Seconds => format!("\"{secs}s\""),
        Form::Units => units(""),
        Form::Spaced => units(" "),
    }
}

/// A duration in whole seconds, with how it is written.
fn duration(seconds: RangeInclusive<u64>) -> impl Strategy<Value = (u64, String)> {
    let form = select(vec![
        Form::Integer,
        Form::Digits,
        Form::Seconds,
        Form::Units,
        Form::Spaced,
    ]);
    (seconds, form).prop_map(|(s, f)| (s, write_duration(s, f)))
}

/// A step's `duration`: mostly a few minutes, sometimes up to the 2 h limit.
fn step_duration() -> impl Strategy<Value = (u64, String)> {
    prop_oneof![9 => duration(1..=300), 1 => duration(301..=7200)]
}

fn quoted(words: &'static [&'static str]) -> impl Strategy<Value = String> {
    select(words.to_vec()).prop_map(|w| format!("\"{w}\""))
}

fn maybe(
    key: &'static str,
    value: impl Strategy<Value = String>,
) -> impl Strategy<Value = Option<(String, String)>> {
    prop::option::of(value.prop_map(move |v| (key.to_owned(), v)))
}

const AREAS: &[&str] = &[
    "neck",
    "shoulders",
    "upper-back",
    "base-of-skull",
    "temples",
    "forehead",
    "jaw",
    "scalp",
];
const SIDES: &[&str] = &["both", "left", "right", "alternate", "each"];
const PRESSURES: &[&str] = &["light", "medium", "firm"];

/// The keys of one kind, and how long one pass lasts, with how many passes
/// (two for `sides = "each"`).
#[derive(Debug, Clone)]
struct KindKeys {
    kind: &'static str,
    keys: Vec<(String, String)>,
    pass_ms: u64,
    passes: u64,
}

fn timed(
    kind: &'static str,
    optional: Vec<BoxedStrategy<Option<(String, String)>>>,
) -> impl Strategy<Value = KindKeys> {
    (step_duration(), optional).prop_map(move |((secs, written), optional)| {
        let mut keys = vec![("duration".to_owned(), written)];
        keys.extend(optional.into_iter().flatten());
        let passes = if keys.iter().any(|(k, v)| k == "sides" && v == "\"each\"") {
            2
        } else {
            1
        };
        KindKeys {
            kind,
            keys,
            pass_ms: secs * 1000,
            passes,
        }
    })
}

fn area() -> BoxedStrategy<Option<(String, String)>> {
    maybe("area", quoted(AREAS)).boxed()
}
fn tempo() -> BoxedStrategy<Option<(String, String)>> {
    maybe("tempo", (1u32..=120).prop_map(|t| t.to_string())).boxed()
}
fn sides() -> BoxedStrategy<Option<(String, String)>> {
    maybe("sides", quoted(SIDES)).boxed()
}
fn pressure() -> BoxedStrategy<Option<(String, String)>> {
    maybe("pressure", quoted(PRESSURES)).boxed()
}

/// A breathing phase in half seconds, written as `4` or `4.5`.
fn phase(halves: u64) -> String {
    if halves.is_multiple_of(2) {
        (halves / 2).to_string()
    } else {
        format!("{}.5", halves / 2)
    }
}

fn breathe() -> impl Strategy<Value = KindKeys> {
    let pattern = (
        2u64..=60,
        prop::option::of(0u64..=60),
        2u64..=60,
        prop::option::of(0u64..=60),
    );
    pattern.prop_flat_map(|(inhale, hold, exhale, rest)| {
        let mut written = format!("{{ inhale = {}", phase(inhale));
        if let Some(h) = hold {
            written.push_str(&format!(", hold = {}", phase(h)));
        }
        written.push_str(&format!(", exhale = {}", phase(exhale)));
        if let Some(r) = rest {
            written.push_str(&format!(", rest = {}", phase(r)));
        }
        written.push_str(" }");
        let cycle_ms = (inhale + hold.unwrap_or(0) + exhale + rest.unwrap_or(0)) * 500;
        let max_cycles = (7_200_000 / cycle_ms).min(200);
        // At most 200 whole cycles may fit in a written duration.
        let max_secs = ((201 * cycle_ms - 1) / 1000).min(7200);
        let by_cycles = (1..=max_cycles)
            .prop_map(move |n| (("cycles".to_owned(), n.to_string()), n * cycle_ms));
        let by_duration = duration(1..=max_secs).prop_map(move |(secs, text)| {
            let fit = (secs * 1000 / cycle_ms).max(1);
            (("duration".to_owned(), text), fit * cycle_ms)
        });
        (prop_oneof![by_cycles, by_duration], Just(written)).prop_map(
            |((length, pass_ms), pattern)| KindKeys {
                kind: "breathe",
                keys: vec![("pattern".to_owned(), pattern), length],
                pass_ms,
                passes: 1,
            },
        )
    })
}

fn kind_keys() -> impl Strategy<Value = KindKeys> {
    prop_oneof![
        timed(
            "compress",
            vec![
                maybe("temperature", quoted(&["warm", "cool"])).boxed(),
                area()
            ]
        ),
        timed("knead", vec![area(), tempo(), sides(), pressure()]),
        timed(
            "circles",
            vec![
                area(),
                tempo(),
                maybe(
                    "direction",
                    quoted(&["clockwise", "counterclockwise", "reverse-halfway"])
                )
                .boxed(),
                pressure(),
            ]
        ),
        timed("press", vec![area(), tempo(), sides(), pressure()]),
        timed("stretch", vec![area(), sides()]),
        breathe(),
        timed("rest", vec![]),
    ]
}

/// A generated step: its TOML table and how long it lasts in all.
#[derive(Debug, Clone)]
struct GenStep {
    kind: &'static str,
    toml: String,
    total_ms: u64,
}

fn text_value() -> impl Strategy<Value = String> {
    "[A-Z][a-z]{0,12}( [a-zé]{1,10}){0,4}".prop_map(|t| format!("\"{t}\""))
}

fn step() -> impl Strategy<Value = GenStep> {
    let repeat = prop_oneof![4 => Just(None), 3 => (2u64..=4).prop_map(Some), 1 => (1u64..=50).prop_map(Some)];
    let common = (
        text_value(),
        prop::option::of("[A-Z][a-z ,.'é]{0,200}".prop_map(|t| format!("\"\"\"\n{t}\"\"\""))),
        repeat,
        prop::option::of(duration(0..=120)),
        prop::option::of(quoted(&["bowl", "bell", "wood"])),
    );
    (common, kind_keys())
        .prop_flat_map(|((title, instructions, repeat, between, sound), kind)| {
            let mut keys = vec![
                ("title".to_owned(), title),
                ("kind".to_owned(), format!("\"{}\"", kind.kind)),
            ];
            keys.extend(instructions.map(|i| ("instructions".to_owned(), i)));
            keys.extend(repeat.map(|r| ("repeat".to_owned(), r.to_string())));
            let between_ms = match &between {
                Some((secs, written)) => {
                    keys.push(("between".to_owned(), written.clone()));
                    secs * 1000
                }
                None => 0,
            };
            keys.extend(sound.map(|s| ("sound".to_owned(), s)));
            keys.extend(kind.keys.iter().cloned());
            let n = repeat.unwrap_or(1);
            let total_ms = kind.pass_ms * kind.passes * n + between_ms * (n - 1);
            (Just(keys).prop_shuffle(), Just(kind.kind), Just(total_ms))
        })
        .prop_map(|(keys, kind, total_ms)| {
            let mut toml = String::from("[[step]]\n");
            for (k, v) in keys {
                toml.push_str(&format!("{k} = {v}\n"));
            }
            GenStep {
                kind,
                toml,
                total_ms,
            }
        })
}

fn sound_table() -> impl Strategy<Value = String> {
    (
        maybe("ambient", quoted(&["brown-noise", "pink-noise", "none"])),
        maybe(
            "ambient_volume",
            (0u32..=100).prop_map(|v| format!("{:.2}", f64::from(v) / 100.0)),
        ),
        maybe("cues", any::<bool>().prop_map(|b| b.to_string())),
        maybe("countdown", (0u32..=10).prop_map(|c| c.to_string())),
        maybe("chime", quoted(&["bowl", "bell", "wood"])),
        maybe("tempo_ticks", any::<bool>().prop_map(|b| b.to_string())),
    )
        .prop_map(|(a, b, c, d, e, f)| {
            let mut toml = String::from("[sound]\n");
            for (k, v) in [a, b, c, d, e, f].into_iter().flatten() {
                toml.push_str(&format!("{k} = {v}\n"));
            }
            toml
        })
}

/// A whole routine that follows every rule, and how long it lasts.
#[derive(Debug, Clone)]
struct GenRoutine {
    text: String,
    kinds: Vec<&'static str>,
    total: Duration,
}

fn valid_routine() -> impl Strategy<Value = GenRoutine> {
    (
        text_value(),
        prop::option::of(text_value()),
        prop::option::of(prop::collection::vec("[a-z][a-z-]{0,20}", 0..5)),
        prop::option::of(duration(0..=300)),
        prop::option::of(sound_table()),
        prop::collection::vec(step(), 1..=6),
    )
        .prop_map(|(title, summary, tags, lead_in, sound, steps)| {
            let mut text = format!("stillpoint = 1\ntitle = {title}\n");
            if let Some(s) = summary {
                text.push_str(&format!("summary = {s}\n"));
            }
            if let Some(tags) = tags {
                let tags: Vec<String> = tags.iter().map(|t| format!("\"{t}\"")).collect();
                text.push_str(&format!("tags = [{}]\n", tags.join(", ")));
            }
            let lead_in_ms = match lead_in {
                Some((secs, written)) => {
                    text.push_str(&format!("lead_in = {written}\n"));
                    secs * 1000
                }
                None => 3000,
            };
            if let Some(sound) = sound {
                text.push('\n');
                text.push_str(&sound);
            }
            for s in &steps {
                text.push('\n');
                text.push_str(&s.toml);
            }
            let total_ms = lead_in_ms + steps.iter().map(|s| s.total_ms).sum::<u64>();
            GenRoutine {
                text,
                kinds: steps.iter().map(|s| s.kind).collect(),
                total: Duration::from_millis(total_ms),
            }
        })
        .prop_filter("a session lasts at most 4h", |r| {
            r.total <= Duration::from_secs(4 * 3600)
        })
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn routines_written_by_the_rules_parse_and_last_as_long_as_their_timeline(
        generated in valid_routine(),
    ) {
        let parsed = parse_and_check_spans(&generated.text)?;
        let errors: Vec<String> = parsed
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| {
                Report { path: "generated.toml", text: &generated.text, diagnostic: d }.to_string()
            })
            .collect();
        prop_assert!(errors.is_empty(), "{}\n{}", generated.text, errors.join("\n"));
        let r = parsed.routine.expect("no errors, so a routine");
        let kinds: Vec<&str> = r.steps.iter().map(|s| s.kind().word()).collect();
        prop_assert_eq!(&kinds, &generated.kinds);
        prop_assert_eq!(r.total(), generated.total, "{}", generated.text);
        prop_assert_eq!(r.total(), Timeline::build(&r).total, "{}", generated.text);
    }
}
