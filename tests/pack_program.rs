//! Programs that travel with their routines, through the real binary: a
//! therapist packs a plan of weeks with the routines it names that are
//! not built in (their own, and their edit of a built-in one) and their
//! sounds; the patient imports it into a fresh data folder, where it
//! starts by name and each routine plays with its own sounds. A routine
//! that cannot be found is not packed; anything installed is replaced only
//! with --force; and every hostile program pack is refused in one line,
//! leaving the data folder exactly as it was.

mod pack_support;

use std::fs;
use std::io::Read;
use std::path::Path;

use pack_support::{
    CALM, CALM_TONE, broken_calm, calm_tone_sounds, ok, refuses_each, render, run, stillpoint,
    therapist_folder, tone, tree, write_files, zip_of,
};
use stillpoint::pack::manifest::Entry;
use stillpoint::pack::program_manifest::{Kind, ProgramManifest};
use zip::ZipArchive;

/// Four weeks: the therapist's calm-tone routine throughout, the built-in
/// desk reset, and box breathing, which the therapist has edited.
const FOUR_WEEKS: &str = r#"stillpoint_program = 1
title = "Four weeks of calm"

[[week]]
sessions = [
  { routine = "calm-tone", times = 3 },
  { routine = "desk-reset", times = 2 },
]

[[week]]
repeat = 3
sessions = [
  { routine = "calm-tone", times = 2 },
  { routine = "box-breathing", times = 2 },
]
"#;

/// The built-in box breathing, retitled by the therapist.
fn edited_box_breathing() -> String {
    let built_in = include_str!("../routines/box-breathing.toml");
    let edited = built_in.replacen(
        "title = \"Box breathing\"",
        "title = \"Box breathing, slower\"",
        1,
    );
    assert_ne!(edited, built_in);
    edited
}

/// The therapist's folder: the program with calm-tone and its sounds
/// beside it; and their data folder, whose routines folder holds their
/// box breathing.
fn therapist(work: &Path) -> std::path::PathBuf {
    let folder = work.join("therapist");
    therapist_folder(&folder);
    write_files(&folder, &[("four-weeks.toml", FOUR_WEEKS.as_bytes())]);
    let data = work.join("therapist-data");
    write_files(
        &data.join("routines"),
        &[("box-breathing.toml", edited_box_breathing().as_bytes())],
    );
    data
}

#[test]
fn a_packed_program_starts_by_name_in_a_fresh_data_folder_and_its_routines_play_their_own_sounds() {
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path();
    let therapist_data = therapist(work);

    let out = ok(stillpoint(work, &therapist_data).args(["pack", "therapist/four-weeks.toml"]));
    let size = fs::metadata(work.join("four-weeks.stillpoint"))
        .unwrap()
        .len();
    let boxed = edited_box_breathing().len();
    assert_eq!(
        out,
        format!(
            "Wrote four-weeks.stillpoint ({:.1} KiB): the program \"Four weeks of calm\" with 2 routines and 4 sound files\n\
             \x20 four-weeks.toml                            {} bytes\n\
             \x20 routines/calm-tone/calm-tone.toml          {} bytes\n\
             \x20 routines/calm-tone/sounds/bed.wav           15.7 KiB\n\
             \x20 routines/calm-tone/sounds/tone.wav          23.5 KiB\n\
             \x20 routines/calm-tone/sounds/cue.wav            7.9 KiB\n\
             \x20 routines/calm-tone/voice/listen.wav         12.5 KiB\n\
             \x20 routines/box-breathing/box-breathing.toml  {:>5.1} KiB\n\
             It uses routines built into every Stillpoint, which are not in the file: desk-reset\n\
             Whoever receives it installs it with: stillpoint import four-weeks.stillpoint\n",
            size as f64 / 1024.0,
            FOUR_WEEKS.len(),
            CALM_TONE.len(),
            boxed as f64 / 1024.0,
        )
    );
    let mut archive =
        ZipArchive::new(fs::File::open(work.join("four-weeks.stillpoint")).unwrap()).unwrap();
    let mut text = String::new();
    archive
        .by_name("manifest.json")
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    let manifest: ProgramManifest = serde_json::from_str(&text).unwrap();
    assert_eq!(manifest.kind, Kind::Program);
    assert_eq!(manifest.program, "four-weeks.toml");
    assert_eq!(manifest.routines, ["calm-tone", "box-breathing"]);
    assert_eq!(manifest.bundled, ["desk-reset"]);
    assert_eq!(
        manifest.files[0],
        Entry::of("four-weeks.toml", FOUR_WEEKS.as_bytes())
    );

    // The patient's machine: a data folder that does not exist yet.
    let patient = work.join("patient-data");
    let out = ok(stillpoint(work, &patient).args(["import", "four-weeks.stillpoint"]));
    assert_eq!(
        out,
        format!(
            "Installed the program \"Four weeks of calm\" in {}\n\
             With its routines, each in a folder of its own:\n\
             \x20 calm-tone      \"Calm tone\", 4 sound files\n\
             \x20 box-breathing  \"Box breathing, slower\", no sound files, played instead of the built-in one\n\
             It also uses routines built into Stillpoint: desk-reset\n\
             Start it with: stillpoint program start four-weeks\n",
            patient.join("programs/four-weeks.toml").display()
        )
    );
    assert_eq!(
        fs::read_to_string(patient.join("programs/four-weeks.toml")).unwrap(),
        FOUR_WEEKS
    );
    let calm = patient.join("routines/calm-tone");
    assert_eq!(
        fs::read_to_string(calm.join("calm-tone.toml")).unwrap(),
        CALM_TONE
    );
    for (path, bytes) in calm_tone_sounds() {
        assert_eq!(fs::read(calm.join(path)).unwrap(), bytes, "{path}");
    }

    let started = ok(stillpoint(work, &patient).args(["program", "start", "four-weeks"]));
    assert!(
        started.starts_with("Following \"Four weeks of calm\": 4 weeks from "),
        "{started}"
    );
    assert!(
        started.contains("Week 1: calm-tone 3 times; desk-reset 2 times"),
        "{started}"
    );
    let status = ok(stillpoint(work, &patient).args(["program", "status"]));
    assert!(
        status.starts_with("Four weeks of calm\nWeek 1 of 4, "),
        "{status}"
    );
    assert!(status.contains("calm-tone: 0 of 3 this week"), "{status}");

    // Each routine plays by name: calm-tone with its own sounds (its render
    // is the very same as the therapist's), box breathing as edited.
    let original = render(work, &therapist_data, "therapist/calm-tone.toml");
    assert!(
        render(work, &patient, "calm-tone") == original,
        "the imported routine sounds different"
    );
    write_files(
        &work.join("alone"),
        &[("calm-tone.toml", CALM_TONE.as_bytes())],
    );
    assert!(
        render(work, &patient, "alone/calm-tone.toml") != original,
        "the sounds made no difference"
    );
    let plan = ok(stillpoint(work, &patient).args(["plan", "box-breathing"]));
    assert!(plan.starts_with("Box breathing, slower\n"), "{plan}");
}

#[test]
fn a_built_in_program_packs_by_name_as_the_program_alone() {
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path();
    let out = ok(stillpoint(work, &work.join("therapist-data")).args(["pack", "desk-tension"]));
    assert!(out.starts_with("Wrote desk-tension.stillpoint ("), "{out}");
    assert!(
        out.contains(
            "It uses routines built into every Stillpoint, which are not in the file: \
             desk-reset, box-breathing, neck-shoulders-temples, still-point\n"
        ),
        "{out}"
    );
    let archive =
        ZipArchive::new(fs::File::open(work.join("desk-tension.stillpoint")).unwrap()).unwrap();
    assert_eq!(archive.len(), 2);
    let patient = work.join("patient-data");
    let out = ok(stillpoint(work, &patient).args(["import", "desk-tension.stillpoint"]));
    assert!(
        out.ends_with("Start it with: stillpoint program start desk-tension\n"),
        "{out}"
    );
    assert!(patient.join("programs/desk-tension.toml").is_file());
    ok(stillpoint(work, &patient).args(["program", "start", "desk-tension"]));
}

#[test]
fn a_routine_the_program_names_that_cannot_be_found_is_named_and_nothing_is_packed() {
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path();
    let data = therapist(work);
    let typo = FOUR_WEEKS.replace("\"box-breathing\"", "\"box-breath\"");
    write_files(work, &[("therapist/typo.toml", typo.as_bytes())]);
    let out = run(stillpoint(work, &data).args(["pack", "therapist/typo.toml"]));
    assert_eq!(out.code, 1);
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr.starts_with(
            "error: week 2 names the routine `box-breath`, which is not found\n\
             \x20 --> therapist/typo.toml:14:15\n"
        ),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("did you mean `box-breathing`?"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .ends_with("error: the program has mistakes; nothing was packed\n"),
        "{}",
        out.stderr
    );
    assert!(!work.join("typo.stillpoint").exists());

    // A routine it names that has mistakes of its own is not packed either.
    write_files(
        work,
        &[(
            "therapist/calm-tone.toml",
            CALM_TONE.replace("\"rest\"", "\"resst\"").as_bytes(),
        )],
    );
    let out = run(stillpoint(work, &data).args(["pack", "therapist/four-weeks.toml"]));
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.ends_with(
            "error: the program's routine `calm-tone` cannot be packed; nothing was packed\n"
        ),
        "{}",
        out.stderr
    );
    assert!(!work.join("four-weeks.stillpoint").exists());
}

#[test]
fn an_installed_program_or_routine_is_replaced_only_with_force() {
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path();
    let therapist_data = therapist(work);
    ok(stillpoint(work, &therapist_data).args(["pack", "therapist/four-weeks.toml"]));

    // The patient has a calm-tone of their own, and no program yet: the
    // whole program is refused, and nothing of it is written.
    let patient = work.join("patient-data");
    write_files(
        &patient.join("routines"),
        &[("calm-tone.toml", CALM_TONE.as_bytes())],
    );
    let before = tree(&patient);
    let out = run(stillpoint(work, &patient).args(["import", "four-weeks.stillpoint"]));
    assert_eq!(
        (out.code, out.stderr),
        (
            1,
            format!(
                "error: already installed: the routine `calm-tone` at {} (add --force to replace them); nothing was installed\n",
                patient.join("routines/calm-tone.toml").display()
            )
        )
    );
    assert!(tree(&patient) == before, "something was written");

    let out = ok(stillpoint(work, &patient).args(["import", "four-weeks.stillpoint", "--force"]));
    assert!(
        out.contains(
            "  calm-tone      \"Calm tone\", 4 sound files, replacing the routine of that name\n"
        ),
        "{out}"
    );
    assert!(!patient.join("routines/calm-tone.toml").exists());

    // Installed once, all of it is refused again, and replaced with --force.
    let before = tree(&patient);
    let out = run(stillpoint(work, &patient).args(["import", "four-weeks.stillpoint"]));
    assert_eq!(out.code, 1);
    assert_eq!(
        out.stderr,
        format!(
            "error: already installed: the program `four-weeks` at {}, the routine `calm-tone` at {}, \
             the routine `box-breathing` at {} (add --force to replace them); nothing was installed\n",
            patient.join("programs/four-weeks.toml").display(),
            patient.join("routines/calm-tone").display(),
            patient.join("routines/box-breathing").display(),
        )
    );
    assert!(tree(&patient) == before, "something was written");
    let out = ok(stillpoint(work, &patient).args(["import", "four-weeks.stillpoint", "--force"]));
    assert!(
        out.starts_with(&format!(
            "Installed the program \"Four weeks of calm\" in {}, replacing the program of that name\n",
            patient.join("programs/four-weeks.toml").display()
        )),
        "{out}"
    );
    assert!(tree(&patient) == before, "replaced by the very same files");
    for folder in ["routines", "programs"] {
        let hidden: Vec<_> = fs::read_dir(patient.join(folder))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with('.'))
            .collect();
        assert!(hidden.is_empty(), "left in {folder}: {hidden:?}");
    }
}

/// A small program of [`CALM`] and the desk reset, for the archives built
/// here.
const WEEKS: &str = r#"stillpoint_program = 1
title = "Weeks"

[[week]]
sessions = [
  { routine = "calm", times = 3 },
  { routine = "desk-reset", times = 2 },
]
"#;

/// The good program pack's files.
fn weeks_files() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("weeks.toml", WEEKS.as_bytes().to_vec()),
        ("routines/calm/calm.toml", CALM.as_bytes().to_vec()),
        ("routines/calm/sounds/tone.wav", tone(440.0, 1.0)),
    ]
}

/// A program manifest listing `files`, the first the program, with its
/// routine `calm` and the built-in desk reset.
fn listing(files: &[(&str, Vec<u8>)]) -> ProgramManifest {
    let mut manifest = ProgramManifest::new(
        files[0].0.to_owned(),
        "Weeks".into(),
        vec!["calm".into()],
        vec!["desk-reset".into()],
    );
    manifest.files = files.iter().map(|(p, b)| Entry::of(p, b)).collect();
    manifest
}

/// An archive as `pack` makes it: `manifest`, then `files`.
fn program_archive(manifest: &ProgramManifest, files: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let json = manifest.to_json();
    let mut entries = vec![("manifest.json", json.as_bytes())];
    entries.extend(files.iter().map(|(p, b)| (*p, b.as_slice())));
    zip_of(&entries)
}

/// The good files changed by `change`, listed as changed.
fn changed(change: impl FnOnce(&mut Vec<(&'static str, Vec<u8>)>)) -> Vec<u8> {
    let mut files = weeks_files();
    change(&mut files);
    program_archive(&listing(&files), &files)
}

/// The good files listed by a manifest changed by `change`.
fn listed(change: impl FnOnce(&mut ProgramManifest)) -> Vec<u8> {
    let files = weeks_files();
    let mut manifest = listing(&files);
    change(&mut manifest);
    program_archive(&manifest, &files)
}

/// Every hostile program pack, with the one line `import` must answer.
fn hostile() -> Vec<(&'static str, Vec<u8>, String)> {
    let refused = |why: &str| format!("error: {why}; nothing was installed\n");
    vec![
        (
            "routine-leaves",
            listed(|m| m.routines = vec!["../calm".into()]),
            refused(
                "the manifest names the routine `../calm`, which is not a name a routine is installed by",
            ),
        ),
        (
            "program-leaves",
            listed(|m| m.program = "../weeks.toml".into()),
            refused(
                "the manifest names the program `../weeks.toml`, which is not a program file name",
            ),
        ),
        (
            "path-leaves",
            changed(|f| f.push(("routines/calm/../../../evil.wav", b"x".to_vec()))),
            refused(
                "the archive holds `routines/calm/../../../evil.wav`, a path that leads out of its folder",
            ),
        ),
        (
            "stray",
            changed(|f| f.push(("notes/read-me.txt", b"x".to_vec()))),
            refused(
                "the archive holds `notes/read-me.txt`, which is neither the program nor a file of its routines",
            ),
        ),
        (
            "no-routine-file",
            changed(|f| {
                f.remove(1);
            }),
            refused(
                "the manifest names the routine `calm`, but the archive does not hold its file `routines/calm/calm.toml`",
            ),
        ),
        (
            "not-carried",
            {
                let files = vec![weeks_files().remove(0)];
                let mut manifest = listing(&files);
                manifest.routines.clear();
                program_archive(&manifest, &files)
            },
            refused(
                "the program names the routine `calm`, which the file does not hold and which is not built into Stillpoint",
            ),
        ),
        (
            "not-bundled",
            listed(|m| m.bundled.push("from-the-future".into())),
            refused(
                "the program needs the routine `from-the-future` built into Stillpoint, which this Stillpoint does not have (update Stillpoint)",
            ),
        ),
        (
            "broken-routine",
            changed(|f| f[1].1 = broken_calm().into_bytes()),
            refused("the routine `calm.toml` has errors; the first, {check}"),
        ),
        (
            "broken-program",
            changed(|f| f[0].1 = WEEKS.replace("times = 3", "times = 99").into_bytes()),
            refused(
                "the program `weeks.toml` has errors; the first, on line 6: `times` for `calm` in week 1 is 99; it must be from 1 to 21",
            ),
        ),
        (
            "bad-hash",
            {
                let files = weeks_files();
                let mut manifest = listing(&files);
                manifest.files[2].sha256 = Entry::of("x", b"something else").sha256;
                program_archive(&manifest, &files)
            },
            refused(
                "`routines/calm/sounds/tone.wav` does not match its SHA-256 hash in the manifest: the file is damaged or was changed",
            ),
        ),
    ]
}

#[test]
fn every_hostile_program_pack_is_refused_in_one_line_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("good.stillpoint"), changed(|_| {})).unwrap();
    let good =
        ok(stillpoint(dir.path(), &dir.path().join("data")).args(["import", "good.stillpoint"]));
    assert!(
        good.starts_with("Installed the program \"Weeks\" in "),
        "the pack they are all made from is good: {good}"
    );
    refuses_each(hostile());
}
