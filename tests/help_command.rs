//! `stillpoint help`: the routine format's reference built into the binary
//! (the text of routines/README.md, in the manual page too), and every
//! command's help as `--help` prints it.

use std::process::Output;

use assert_cmd::Command;

const README: &str = include_str!("../routines/README.md");

fn stillpoint(dir: &std::path::Path) -> Command {
    let mut cmd = Command::cargo_bin("stillpoint").unwrap();
    cmd.env("STILLPOINT_DATA_DIR", dir.join("data"))
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env("LANG", "C.UTF-8")
        .env("TERM", "xterm-256color")
        .env_remove("LC_ALL")
        .env_remove("LC_CTYPE")
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

fn run(args: &[&str]) -> Output {
    let dir = tempfile::tempdir().unwrap();
    stillpoint(dir.path()).args(args).output().unwrap()
}

fn stdout(args: &[&str]) -> String {
    let out = run(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The README's headings, as written after their `#`s.
fn headings() -> Vec<&'static str> {
    let mut in_code = false;
    let mut headings = Vec::new();
    for line in README.lines() {
        if line.starts_with("```") {
            in_code = !in_code;
        } else if !in_code && line.starts_with('#') {
            headings.push(line.trim_start_matches('#').trim());
        }
    }
    headings
}

/// The lines of the README's code blocks, as written.
fn code_lines() -> Vec<&'static str> {
    let mut in_code = false;
    let mut lines = Vec::new();
    for line in README.lines() {
        if line.starts_with("```") {
            in_code = !in_code;
        } else if in_code && !line.trim().is_empty() {
            lines.push(line.trim_end());
        }
    }
    lines
}

#[test]
fn help_format_prints_every_heading_underlined_and_every_example_as_written() {
    let text = stdout(&["help", "format"]);
    let lines: Vec<&str> = text.lines().collect();
    for heading in headings() {
        let underlined = lines.windows(2).any(|pair| {
            pair[0] == heading
                && pair[1].chars().count() == heading.chars().count()
                && ["=", "-", "~"]
                    .iter()
                    .any(|mark| pair[1].replace(mark, "").is_empty())
        });
        assert!(underlined, "heading {heading:?} is missing");
    }
    let code = code_lines();
    assert!(code.contains(&"stillpoint_program = 1"), "{code:?}");
    for line in &code {
        assert!(
            lines.contains(&format!("    {line}").as_str()),
            "the example line {line:?} is missing"
        );
    }
    for markup in ["](#", "](http", "<!--", "**", "```", "|---"] {
        assert!(!text.contains(markup), "{markup:?} leaks into:\n{text}");
    }
    // What the reference says between its links reads on.
    assert!(text.contains("a duration, 0 s – 5 min"), "{text}");
    for line in lines
        .iter()
        .filter(|l| !code.iter().any(|c| l.ends_with(c)))
    {
        assert!(
            line.chars().count() <= 80,
            "wider than 80 columns: {line:?}"
        );
    }
}

#[test]
fn help_format_in_ascii_mode_prints_only_ascii() {
    let text = stdout(&["--ascii", "help", "format"]);
    assert!(text.is_ascii());
    assert!(text.contains("a duration, 0 s - 5 min"), "{text}");
}

#[test]
fn help_format_as_markdown_is_the_file_as_it_is() {
    assert_eq!(stdout(&["help", "format", "--format", "markdown"]), README);
}

#[test]
fn help_for_a_command_is_its_help_flag() {
    assert_eq!(stdout(&["help"]), stdout(&["--help"]));
    assert_eq!(stdout(&["help", "play"]), stdout(&["play", "--help"]));
    assert_eq!(
        stdout(&["help", "program", "start"]),
        stdout(&["program", "start", "--help"])
    );
    assert_eq!(
        stdout(&["program", "help", "start"]),
        stdout(&["program", "start", "--help"])
    );
    let overview = stdout(&["--help"]);
    assert!(overview.contains("stillpoint help format"), "{overview}");
    let about_help = stdout(&["help", "--help"]);
    assert!(
        about_help.contains("[TOPIC]") && about_help.contains("`format`"),
        "{about_help}"
    );
}

#[test]
fn an_unknown_topic_is_a_usage_error_that_lists_the_topics() {
    let out = run(&["help", "plya"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    for named in [
        "'plya'",
        "format",
        "play",
        "check",
        "program",
        "a similar value exists",
    ] {
        assert!(stderr.contains(named), "{named:?} missing from:\n{stderr}");
    }

    let out = run(&["help", "program", "strat"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("no command `strat`") && stderr.contains("start, stop, status, report"),
        "{stderr}"
    );

    let out = run(&["help", "play", "--format", "markdown"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("`--format` is for the format's reference")
    );
}

#[test]
fn the_manual_page_has_the_reference_as_its_routine_format_section() {
    let page = stdout(&["man"]);
    let section = page
        .find("\n.SH \"ROUTINE FORMAT\"\n")
        .expect("no ROUTINE FORMAT section");
    let version = page.find("\n.SH VERSION\n").expect("no VERSION section");
    assert!(section < version);
    let subsections = page[section..version].matches("\n.SS\n").count();
    let second_level = README.lines().filter(|l| l.starts_with("## ")).count();
    assert_eq!(subsections, second_level);
    assert!(!page.contains("](#"));

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("stillpoint.1");
    std::fs::write(&file, &page).unwrap();
    // mandoc, where it is installed, reads the section alone, after the
    // page's definitions: the rest of the page is clap_mangen's.
    let alone = dir.path().join("section.7");
    let definitions = &page[..page.find(".TH ").unwrap()];
    let title = ".TH ROUTINE 7 2025-01-01\n";
    let text = format!("{definitions}{title}{}", &page[section + 1..version + 1]);
    std::fs::write(&alone, text).unwrap();
    if let Ok(lint) = std::process::Command::new("mandoc")
        .args(["-T", "lint", "-W", "warning"])
        .arg(&alone)
        .output()
    {
        let said = String::from_utf8_lossy(&lint.stdout);
        assert!(
            lint.status.success() && said.is_empty(),
            "mandoc warns:\n{said}"
        );
    }
    let Ok(rendered) = std::process::Command::new("groff")
        .args(["-k", "-man", "-Tutf8", "-ww", "-P-cbou"])
        .arg(&file)
        .output()
    else {
        eprintln!("groff is not installed: the page is not rendered");
        return;
    };
    assert!(rendered.status.success());
    let warnings = String::from_utf8_lossy(&rendered.stderr);
    assert!(warnings.is_empty(), "groff warns:\n{warnings}");
    // The text read as words, with any minus sign (groff's for `\-`) a
    // hyphen.
    let words = |s: &str| {
        let s = s.replace(['−', '‐'], "-");
        s.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    let text = words(&String::from_utf8_lossy(&rendered.stdout));
    for heading in headings().iter().skip(1) {
        let heading = words(&heading.replace('`', ""));
        assert!(
            text.contains(&heading),
            "heading {heading:?} is not in the page"
        );
    }
    for line in code_lines() {
        assert!(text.contains(&words(line)), "{line:?} is not in the page");
    }
}
