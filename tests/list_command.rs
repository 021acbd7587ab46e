//! `stillpoint list`: every routine with the name to type, its title,
//! length and origin, as lines or JSON; broken files are named on stderr;
//! and every "no such routine" message points to it.

mod journal_support;

use std::fs;
use std::path::Path;

use journal_support::stillpoint;
use serde_json::Value;
use stillpoint::library::BUNDLED;
use stillpoint::routine::{self, RoutineSource};
use tempfile::TempDir;

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn list_json(dir: &Path) -> Vec<Value> {
    let output = stillpoint(dir)
        .args(["list", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    serde_json::from_slice(&output.stdout).unwrap()
}

fn named<'a>(listed: &'a [Value], name: &str) -> &'a Value {
    listed
        .iter()
        .find(|r| r["name"] == name)
        .unwrap_or_else(|| panic!("{name} is not listed: {listed:?}"))
}

fn user_routine(folder: &Path, stem: &str, title: &str) -> std::path::PathBuf {
    fs::create_dir_all(folder).unwrap();
    let path = folder.join(format!("{stem}.toml"));
    fs::write(
        &path,
        format!(
            "stillpoint = 1\ntitle = \"{title}\"\nlead_in = \"5s\"\n\n\
             [[step]]\ntitle = \"Rest\"\nkind = \"rest\"\nduration = \"40s\"\n\
             instructions = \"Sit still.\"\n"
        ),
    )
    .unwrap();
    path
}

#[test]
fn every_bundled_routine_is_listed_by_the_name_to_type() {
    let dir = TempDir::new().unwrap();
    let output = stillpoint(dir.path()).arg("list").output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(text(&output.stderr), "");
    let stdout = text(&output.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), BUNDLED.len() + 1, "a header and one line each");
    assert!(lines[0].starts_with("Name"), "{stdout}");
    for ((file, text), line) in BUNDLED.iter().zip(&lines[1..]) {
        let source = RoutineSource::bundled(file, text);
        let routine = routine::parse(&source).routine.unwrap();
        let name = file.strip_suffix(".toml").unwrap();
        let words: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(words.first(), Some(&name), "{line}");
        assert_eq!(words.last(), Some(&"bundled"), "{line}");
        assert!(line.contains(&routine.title), "{line}");
    }
    // The length is written as `plan` writes its total.
    let plan = stillpoint(dir.path())
        .args(["plan", "desk-reset"])
        .output()
        .unwrap();
    let total = text(&plan.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("total ").map(str::to_owned))
        .unwrap();
    let desk = lines.iter().find(|l| l.starts_with("desk-reset ")).unwrap();
    assert!(desk.contains(&format!(" {total} ")), "{desk} / {total}");
}

#[test]
fn json_gives_name_title_seconds_steps_origin_and_path() {
    let dir = TempDir::new().unwrap();
    let listed = list_json(dir.path());
    assert_eq!(listed.len(), BUNDLED.len());
    let desk = named(&listed, "desk-reset");
    let (_, desk_text) = BUNDLED
        .iter()
        .find(|(f, _)| *f == "desk-reset.toml")
        .unwrap();
    let routine = routine::parse(&RoutineSource::bundled("desk-reset.toml", desk_text))
        .routine
        .unwrap();
    assert_eq!(desk["title"], routine.title.as_str());
    assert_eq!(desk["seconds"], routine.total().as_secs());
    assert_eq!(desk["steps"], routine.steps.len());
    assert_eq!(desk["origin"], "bundled");
    assert_eq!(desk["path"], Value::Null);
}

#[test]
fn user_and_config_routines_are_listed_with_their_paths() {
    let dir = TempDir::new().unwrap();
    let own = user_routine(&dir.path().join("routines"), "evening", "Evening rest");
    let folder = dir.path().join("from-config");
    let shared = user_routine(&folder, "clinic", "Clinic rest");
    let config = dir.path().join("config-home").join("stillpoint");
    fs::create_dir_all(&config).unwrap();
    fs::write(
        config.join("config.toml"),
        format!("routine_folders = [{:?}]\n", folder.display().to_string()),
    )
    .unwrap();

    let listed = list_json(dir.path());
    assert_eq!(listed.len(), BUNDLED.len() + 2);
    let evening = named(&listed, "evening");
    assert_eq!(evening["title"], "Evening rest");
    assert_eq!(evening["seconds"], 45);
    assert_eq!(evening["steps"], 1);
    assert_eq!(evening["origin"], "user");
    assert_eq!(evening["path"], own.display().to_string());
    let clinic = named(&listed, "clinic");
    assert_eq!(clinic["origin"], "config");
    assert_eq!(clinic["path"], shared.display().to_string());

    let table = text(&stillpoint(dir.path()).arg("list").output().unwrap().stdout);
    let line = table.lines().find(|l| l.starts_with("evening ")).unwrap();
    assert!(
        line.contains("Evening rest")
            && line.contains("45s")
            && line.ends_with(&own.display().to_string()),
        "{line}"
    );
}

#[test]
fn a_broken_routine_is_warned_about_not_dropped() {
    let dir = TempDir::new().unwrap();
    let folder = dir.path().join("routines");
    user_routine(&folder, "fine", "Fine");
    let broken = folder.join("broken.toml");
    fs::write(
        &broken,
        "stillpoint = 1\ntitle = \"Broken\"\n[[step]]\nkind = \"knead\"\n",
    )
    .unwrap();
    let binary = folder.join("binary.toml");
    fs::write(&binary, b"\xff\xfe not text").unwrap();

    let output = stillpoint(dir.path())
        .args(["list", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let warning = |path: &Path| {
        format!(
            "warning: {0} is not a routine that can be played, so it is not listed; \
             `stillpoint check {0}` shows why\n",
            path.display()
        )
    };
    assert_eq!(text(&output.stderr), warning(&binary) + &warning(&broken));
    let listed: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(listed.len(), BUNDLED.len() + 1);
    named(&listed, "fine");
    let check = stillpoint(dir.path())
        .arg("check")
        .arg(&broken)
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(1), "the advice works");
}

#[test]
fn no_such_routine_points_to_the_list() {
    let dir = TempDir::new().unwrap();
    for args in [
        &["play", "desk-rest"][..],
        &["plan", "nothing-like-it"],
        &["render", "nope", "-o", "x.wav"],
    ] {
        let output = stillpoint(dir.path()).args(args).output().unwrap();
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(stderr.contains("no routine called"), "{args:?}: {stderr}");
        assert!(
            stderr.contains("run `stillpoint list` to see every routine"),
            "{args:?}: {stderr}"
        );
    }
    let library = stillpoint(dir.path()).output().unwrap();
    assert_eq!(library.status.code(), Some(2));
    assert!(
        text(&library.stderr).contains("`stillpoint list` lists the routines"),
        "{library:?}"
    );
}
