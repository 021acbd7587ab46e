//! The author's commands through the real binary: plan, new, schema, and the
//! generated shell completions and manual page.

use assert_cmd::Command;

fn stillpoint(dir: &std::path::Path) -> Command {
    let mut cmd = Command::cargo_bin("stillpoint").unwrap();
    cmd.env("STILLPOINT_DATA_DIR", dir.join("data"))
        .env("XDG_CONFIG_HOME", dir.join("config"))
        // A UTF-8 terminal, whatever runs the tests: the commands print
        // only ASCII on the Linux console and in other locales.
        .env("LANG", "C.UTF-8")
        .env("TERM", "xterm-256color")
        .env_remove("LC_ALL")
        .env_remove("LC_CTYPE")
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

fn stdout(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn plan_prints_the_timeline_with_every_cue_and_the_total() {
    let dir = tempfile::tempdir().unwrap();
    let text = stdout(stillpoint(dir.path()).args(["plan", "tests/fixtures/routines/short.toml"]));
    assert_eq!(
        text,
        "Short test routine
3 steps, 12s in all

      at  what happens
    0:00  Lead-in: settle in, 2s
    0:00    Voice: \"Short test routine.\"
    0:02  Step 1 of 3: Warm compress (compress, warm, 3s)
  0:02.5    Voice: \"Warm compress.\"
    0:05  Step 2 of 3: Neck kneading (knead, neck, 4s, 30 strokes a minute, sides alternate)
  0:05.5    Voice: \"Neck kneading.\"
    0:07    Switch to the right side
  0:07.5    Voice: \"Right side.\"
    0:09  Step 3 of 3: Slow breaths (breathe, 1 × 3s)
    0:09    Breathe in 1s
    0:10    Breathe out 2s
    0:12  End of session
  0:12.5    Voice: \"The session is complete.\"

total 12s
"
    );
}

#[test]
fn plan_works_for_every_bundled_routine_by_stem_and_totals_agree() {
    let dir = tempfile::tempdir().unwrap();
    for (file, source) in stillpoint::library::BUNDLED {
        let stem = file.trim_end_matches(".toml");
        let text = stdout(stillpoint(dir.path()).args(["plan", stem]));
        let parsed =
            stillpoint::routine::parse(&stillpoint::routine::RoutineSource::bundled(file, source));
        let routine = parsed.routine.unwrap();
        let total = stillpoint::routine::duration::format(routine.total());
        assert!(text.starts_with(&format!("{}\n", routine.title)), "{text}");
        assert!(
            text.ends_with(&format!("\ntotal {total}\n")),
            "{stem}: {text}"
        );
        for (i, step) in routine.steps.iter().enumerate() {
            let row = format!("Step {} of {}: {}", i + 1, routine.steps.len(), step.title);
            assert!(text.contains(&row), "{stem} lacks {row:?}");
        }
    }
}

#[test]
fn plan_finds_a_routine_by_title_and_suggests_a_near_name() {
    let dir = tempfile::tempdir().unwrap();
    let text = stdout(stillpoint(dir.path()).args(["plan", "box breathing"]));
    assert!(text.starts_with("Box breathing\n"), "{text}");
    let out = stillpoint(dir.path())
        .args(["plan", "desk-rest"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no routine called `desk-rest`; did you mean `desk-reset`?"),
        "{err}"
    );
}

#[test]
fn new_writes_a_starter_that_passes_check_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("evening-unwind.toml");
    let name = dir.path().join("evening-unwind");
    stdout(stillpoint(dir.path()).arg("new").arg(&name));
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.starts_with("#:schema ./routine.schema.json\n"));
    assert!(text.contains("title = \"Evening unwind\""), "{text}");
    let schema = std::fs::read_to_string(dir.path().join("routine.schema.json")).unwrap();
    assert_eq!(schema.trim_end(), stillpoint::schema::json());
    let checked = stdout(
        stillpoint(dir.path())
            .args(["check", "--strict"])
            .arg(&file),
    );
    assert!(checked.contains("0 errors, 0 warnings"), "{checked}");

    std::fs::write(&file, "mine").unwrap();
    let out = stillpoint(dir.path())
        .arg("new")
        .arg(&name)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("already exists"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine");
}

#[test]
fn new_names_the_file_without_spaces_and_prints_a_command_that_can_be_pasted() {
    let dir = tempfile::tempdir().unwrap();
    let mut new = stillpoint(dir.path());
    let said = stdout(new.current_dir(dir.path()).args(["new", "Evening Unwind"]));
    let text = std::fs::read_to_string(dir.path().join("evening-unwind.toml")).unwrap();
    assert!(text.contains("title = \"Evening Unwind\""), "{text}");
    assert!(said.starts_with("wrote evening-unwind.toml ("), "{said}");
    let command = said
        .lines()
        .find_map(|l| l.strip_prefix("edit it, then try: "))
        .expect("a command to try");
    assert_eq!(
        command,
        "stillpoint check evening-unwind.toml && stillpoint plan evening-unwind.toml"
    );
    // Pasted into a shell, it runs as it reads.
    let binary = assert_cmd::cargo::cargo_bin("stillpoint");
    let pasted = std::process::Command::new("sh")
        .arg("-c")
        .arg(command.replace("stillpoint ", &format!("{} ", binary.display())))
        .current_dir(dir.path())
        .env("STILLPOINT_DATA_DIR", dir.path().join("data"))
        .output()
        .unwrap();
    assert!(pasted.status.success(), "{pasted:?}");
    assert!(String::from_utf8_lossy(&pasted.stdout).contains("Evening Unwind"));
}

#[test]
fn schema_prints_the_committed_schema() {
    let dir = tempfile::tempdir().unwrap();
    let printed = stdout(stillpoint(dir.path()).arg("schema"));
    let committed = std::fs::read_to_string("routines/routine.schema.json").unwrap();
    assert_eq!(printed.trim_end(), committed.trim_end());
}

#[test]
fn completions_and_the_manual_page_come_from_the_command_definitions() {
    let dir = tempfile::tempdir().unwrap();
    let bash = stdout(stillpoint(dir.path()).args(["completions", "bash"]));
    assert!(
        bash.contains("_stillpoint()") && bash.contains("render"),
        "{bash}"
    );
    let man = stdout(stillpoint(dir.path()).arg("man"));
    assert!(
        man.contains(".TH stillpoint 1") && man.contains("checkin"),
        "{man}"
    );
}

#[test]
fn usage_mistakes_exit_2_with_a_message_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let out = stillpoint(dir.path()).arg("plya").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("unrecognized subcommand"));
}
