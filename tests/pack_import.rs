//! Routines that travel with their sounds, through the real binary: sound
//! paths resolve beside the routine, then in the user's sounds folder;
//! `pack` writes one file; `import` installs it into a fresh data folder
//! where it plays by name with its own sounds (rendered, it is the very
//! same file as the original's render); and every hostile archive is
//! refused with one line, leaving the data folder exactly as it was.

mod pack_support;

use std::fs;
use std::io::{Cursor, Read, Write};

use pack_support::{
    CALM, CALM_TONE, broken_calm, calm_tone_sounds, deflated, ok, refuses_each, render, run,
    stillpoint, therapist_folder, tone, tree, write_files, zip_of,
};
use stillpoint::pack::manifest::{Entry, Manifest};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

const MIB: usize = 1024 * 1024;

#[test]
fn a_packed_routine_plays_by_name_in_a_fresh_data_folder_with_its_own_sounds() {
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path();
    therapist_folder(&work.join("therapist"));
    let therapist_data = work.join("therapist-data");

    let out = ok(stillpoint(work, &therapist_data).args(["pack", "therapist/calm-tone.toml"]));
    let lines: Vec<&str> = out.lines().collect();
    let size = fs::metadata(work.join("calm-tone.stillpoint"))
        .unwrap()
        .len();
    assert_eq!(
        lines[0],
        format!(
            "Wrote calm-tone.stillpoint ({:.1} KiB): \"Calm tone\" with 4 sound files",
            size as f64 / 1024.0
        )
    );
    assert_eq!(
        lines[1..].join("\n"),
        format!("  calm-tone.toml    {} bytes\n", CALM_TONE.len())
            + "  sounds/bed.wav     15.7 KiB\n\
         \x20 sounds/tone.wav    23.5 KiB\n\
         \x20 sounds/cue.wav      7.9 KiB\n\
         \x20 voice/listen.wav   12.5 KiB\n\
         Whoever receives it installs it with: stillpoint import calm-tone.stillpoint"
    );
    let mut archive =
        ZipArchive::new(fs::File::open(work.join("calm-tone.stillpoint")).unwrap()).unwrap();
    let names: Vec<String> = archive
        .file_names()
        .map(|n| n.unwrap().into_owned())
        .collect();
    assert_eq!(
        names,
        [
            "manifest.json",
            "calm-tone.toml",
            "sounds/bed.wav",
            "sounds/tone.wav",
            "sounds/cue.wav",
            "voice/listen.wav"
        ]
    );
    let mut text = String::new();
    archive
        .by_name("manifest.json")
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    let manifest: Manifest = serde_json::from_str(&text).unwrap();
    assert_eq!(manifest.format_version, 1);
    assert_eq!(manifest.routine, "calm-tone.toml");
    assert_eq!(manifest.title, "Calm tone");
    assert_eq!(
        manifest.files[0],
        Entry::of("calm-tone.toml", CALM_TONE.as_bytes())
    );

    // The patient's machine: a data folder that does not exist yet.
    let patient = work.join("patient-data");
    let out = ok(stillpoint(work, &patient).args(["import", "calm-tone.stillpoint"]));
    let folder = patient.join("routines/calm-tone");
    assert_eq!(
        out,
        format!(
            "Installed \"Calm tone\" with 4 sound files in {}\nPlay it with: stillpoint play calm-tone\n",
            folder.display()
        )
    );
    assert_eq!(
        fs::read_to_string(folder.join("calm-tone.toml")).unwrap(),
        CALM_TONE
    );
    for (path, bytes) in calm_tone_sounds() {
        assert_eq!(fs::read(folder.join(path)).unwrap(), bytes, "{path}");
    }
    let listed = ok(stillpoint(work, &patient).arg("list"));
    assert!(listed.contains("calm-tone  "), "{listed}");

    let original = render(work, &therapist_data, "therapist/calm-tone.toml");
    let imported = render(work, &patient, "calm-tone");
    assert!(
        original == imported,
        "the imported routine sounds different"
    );
    // And that is its own sound: without its files it sounds otherwise.
    write_files(
        &work.join("alone"),
        &[("calm-tone.toml", CALM_TONE.as_bytes())],
    );
    let without = render(work, &therapist_data, "alone/calm-tone.toml");
    assert_eq!(without.len(), original.len());
    assert!(without != original, "the sounds made no difference");
}

/// Renders a routine whose chime is `sounds/tone.wav`, with that file
/// beside it, in the user's sounds folder by its path as written, or by
/// its file name alone, as given.
fn render_chime(beside: Option<f64>, as_written: Option<f64>, by_name: Option<f64>) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let (work, data) = (dir.path(), dir.path().join("data"));
    let routine = CALM_TONE
        .replace("ambient = \"sounds/bed.wav\"\n", "")
        .replace("sound = \"sounds/cue.wav\"\n", "")
        .replace("sound = \"./sounds/cue.wav\"\n", "")
        .replace("voice = \"voice/listen.wav\"\n", "");
    write_files(&work.join("r"), &[("calm-tone.toml", routine.as_bytes())]);
    let places = [
        (beside, work.join("r/sounds/tone.wav")),
        (as_written, data.join("sounds/sounds/tone.wav")),
        (by_name, data.join("sounds/tone.wav")),
    ];
    for (hz, path) in places {
        if let Some(hz) = hz {
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, tone(hz, 1.0)).unwrap();
        }
    }
    let check = run(stillpoint(work, &data).args(["check", "r/calm-tone.toml"]));
    assert!(!check.stderr.contains("sound file"), "{}", check.stderr);
    render(work, &data, "r/calm-tone.toml")
}

#[test]
fn sound_files_are_found_beside_the_routine_first_then_in_the_users_sounds_folder() {
    let beside = render_chime(Some(440.0), None, None);
    assert!(render_chime(None, Some(440.0), None) == beside);
    assert!(render_chime(None, None, Some(440.0)) == beside);
    // The routine's own folder wins; in the sounds folder, the path as
    // written wins over the file name alone.
    assert!(render_chime(Some(440.0), Some(660.0), Some(660.0)) == beside);
    assert!(render_chime(None, Some(440.0), Some(660.0)) == beside);
    assert!(render_chime(Some(660.0), None, None) != beside);
}

#[test]
fn a_missing_sound_file_names_both_places_it_was_looked_for() {
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path();
    write_files(work, &[("calm-tone.toml", CALM_TONE.as_bytes())]);
    let out = run(stillpoint(work, &work.join("data")).args(["check", "calm-tone.toml"]));
    assert_eq!(out.code, 0);
    assert!(
        out.stderr.starts_with(
            "warning: the sound file `sounds/bed.wav` was not found beside the routine or in your sounds folder\n\
             \x20--> calm-tone.toml:5:11\n"
        ),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains(
            "put it in the routine's folder as `sounds/bed.wav`, or in your sounds folder \
             (`stillpoint paths` shows where) as `bed.wav`; the default sound plays instead\n"
        ),
        "{}",
        out.stderr
    );
}

#[test]
fn pack_refuses_a_broken_routine_a_missing_sound_and_an_existing_file() {
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path();
    let data = work.join("data");

    write_files(
        work,
        &[(
            "broken.toml",
            CALM_TONE.replace("\"rest\"", "\"resst\"").as_bytes(),
        )],
    );
    let out = run(stillpoint(work, &data).args(["pack", "broken.toml"]));
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.ends_with("error: nothing was packed\n"),
        "{}",
        out.stderr
    );
    assert!(!work.join("broken.stillpoint").exists());

    write_files(work, &[("calm-tone.toml", CALM_TONE.as_bytes())]);
    let out = run(stillpoint(work, &data).args(["pack", "calm-tone.toml"]));
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.ends_with(
            "error: the sound file `sounds/bed.wav` (`ambient` in `[sound]`) cannot be used \
             (see the warning above); nothing was packed\n"
        ),
        "{}",
        out.stderr
    );
    assert!(!work.join("calm-tone.stillpoint").exists());

    therapist_folder(work);
    fs::write(work.join("calm-tone.stillpoint"), "an older file").unwrap();
    let out = run(stillpoint(work, &data).args(["pack", "calm-tone.toml"]));
    assert_eq!(out.code, 1);
    assert_eq!(
        out.stderr,
        "error: `calm-tone.stillpoint` already exists; nothing was packed\n\
         \x20 = help: add --force to replace it, or choose another name with -o\n"
    );
    assert_eq!(
        fs::read_to_string(work.join("calm-tone.stillpoint")).unwrap(),
        "an older file"
    );
    ok(stillpoint(work, &data).args(["pack", "calm-tone.toml", "--force"]));
    assert!(ZipArchive::new(fs::File::open(work.join("calm-tone.stillpoint")).unwrap()).is_ok());
    ok(stillpoint(work, &data).args(["pack", "calm-tone.toml", "-o", "handout.stillpoint"]));
    assert!(work.join("handout.stillpoint").is_file());
}

#[test]
fn a_bundled_routine_packs_by_name_as_its_file_alone() {
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path();
    let out = ok(stillpoint(work, &work.join("data")).args(["pack", "desk-reset"]));
    assert!(out.starts_with("Wrote desk-reset.stillpoint ("), "{out}");
    assert!(
        out.contains("\"Desk reset\" with 0 sound files\n  desk-reset.toml"),
        "{out}"
    );
    let archive =
        ZipArchive::new(fs::File::open(work.join("desk-reset.stillpoint")).unwrap()).unwrap();
    assert_eq!(archive.len(), 2);
}

/// A manifest listing `files`, the first of them the routine.
fn manifest_of(files: &[(&str, &[u8])]) -> Manifest {
    Manifest {
        format_version: 1,
        routine: files[0].0.to_owned(),
        title: "Calm".into(),
        files: files.iter().map(|(p, b)| Entry::of(p, b)).collect(),
    }
}

/// An archive as `pack` makes it: `manifest`, then `files`.
fn archive_with(manifest: &Manifest, files: &[(&str, &[u8])]) -> Vec<u8> {
    let json = manifest.to_json();
    let mut entries = vec![("manifest.json", json.as_bytes())];
    entries.extend_from_slice(files);
    zip_of(&entries)
}

/// The good archive's files: the routine and its tone.
fn calm_files() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("calm.toml", CALM.as_bytes().to_vec()),
        ("sounds/tone.wav", tone(440.0, 1.0)),
    ]
}

fn borrowed<'a>(files: &'a [(&'static str, Vec<u8>)]) -> Vec<(&'static str, &'a [u8])> {
    files.iter().map(|(p, b)| (*p, b.as_slice())).collect()
}

/// The good archive, with `change` made to its files before it is packed
/// and `manifest` listing them as they were.
fn archive_changed(change: impl FnOnce(&mut Vec<(&'static str, Vec<u8>)>)) -> Vec<u8> {
    let files = calm_files();
    let manifest = manifest_of(&borrowed(&files));
    let mut changed = files;
    change(&mut changed);
    archive_with(&manifest, &borrowed(&changed))
}

/// Sets, in entry `name`'s local and central headers, its compression
/// method and the uncompressed size they declare.
fn patch_headers(zip: &mut [u8], name: &str, method: u16, size: u32) {
    let le16 = |b: &[u8], at: usize| usize::from(u16::from_le_bytes([b[at], b[at + 1]]));
    let mut patched = 0;
    for at in 0..zip.len().saturating_sub(46) {
        // Where the name, its length, the method and the size are.
        let (name_at, len_at, method_at, size_at) = match &zip[at..at + 4] {
            b"PK\x03\x04" => (at + 30, at + 26, at + 8, at + 22),
            b"PK\x01\x02" => (at + 46, at + 28, at + 10, at + 24),
            _ => continue,
        };
        let len = le16(zip, len_at);
        if zip.get(name_at..name_at + len) == Some(name.as_bytes()) {
            zip[method_at..method_at + 2].copy_from_slice(&method.to_le_bytes());
            zip[size_at..size_at + 4].copy_from_slice(&size.to_le_bytes());
            patched += 1;
        }
    }
    assert_eq!(patched, 2, "both headers of {name}");
}

/// A deflate stream of `mib` MiB of zeros, made in a moment: one MiB
/// compressed and flushed to a byte boundary, repeated (each copy only
/// refers back to zeros), then an empty final block.
fn zeros_deflated(mib: usize) -> Vec<u8> {
    let mut compress = flate2::Compress::new(flate2::Compression::fast(), false);
    let mut one = Vec::with_capacity(MIB);
    compress
        .compress_vec(&vec![0u8; MIB], &mut one, flate2::FlushCompress::Sync)
        .unwrap();
    assert_eq!(compress.total_in(), MIB as u64);
    let mut stream = one.repeat(mib);
    stream.extend_from_slice(&[0x03, 0x00]);
    stream
}

/// An archive whose tone is listed, and declared by the zip, as 1 KiB,
/// but inflates to 101 MiB.
fn bomb() -> Vec<u8> {
    let mut files = calm_files();
    files[1].1 = vec![0u8; 1024];
    let manifest = manifest_of(&borrowed(&files));
    let stream = zeros_deflated(101);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    for (name, bytes) in [
        ("manifest.json", manifest.to_json().into_bytes()),
        ("calm.toml", CALM.as_bytes().to_vec()),
        ("sounds/tone.wav", stream),
    ] {
        zip.start_file(name, stored).unwrap();
        zip.write_all(&bytes).unwrap();
    }
    let mut bytes = zip.finish().unwrap().into_inner();
    patch_headers(&mut bytes, "sounds/tone.wav", 8, 1024);
    bytes
}

/// Every hostile archive, with the one line `import` must answer it with.
fn hostile() -> Vec<(&'static str, Vec<u8>, String)> {
    let good = calm_files();
    let listed = manifest_of(&borrowed(&good));
    let with_entry = |name: &'static str, bytes: &'static [u8]| {
        archive_changed(move |files| files.push((name, bytes.to_vec())))
    };
    let mut symlink = ZipWriter::new(Cursor::new(Vec::new()));
    symlink.start_file("manifest.json", deflated()).unwrap();
    symlink.write_all(listed.to_json().as_bytes()).unwrap();
    symlink.start_file("calm.toml", deflated()).unwrap();
    symlink.write_all(CALM.as_bytes()).unwrap();
    symlink
        .add_symlink("sounds/tone.wav", "/etc/passwd", deflated())
        .unwrap();
    let symlink = symlink.finish().unwrap().into_inner();
    let mut folder = ZipWriter::new(Cursor::new(Vec::new()));
    folder.add_directory("sounds/", deflated()).unwrap();
    let folder = folder.finish().unwrap().into_inner();
    let many: Vec<(String, Vec<u8>)> = (0..49)
        .map(|i| (format!("sounds/{i}.wav"), tone(440.0, 0.01)))
        .collect();
    let mut many_files = vec![("calm.toml", CALM.as_bytes())];
    many_files.extend(many.iter().map(|(p, b)| (p.as_str(), b.as_slice())));
    let many = archive_with(&manifest_of(&many_files), &many_files);
    let mut bad_hash = listed.clone();
    bad_hash.files[1] = Entry {
        sha256: Entry::of("x", b"something else").sha256,
        ..bad_hash.files[1].clone()
    };
    let mut wrong_size = listed.clone();
    wrong_size.files[1].size += 1;
    let mut huge = listed.clone();
    huge.files[0].size = 101 * MIB as u64;
    let broken = broken_calm();
    let broken_files = [
        ("calm.toml", broken.as_bytes()),
        ("sounds/tone.wav", &good[1].1),
    ];
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "absolute",
            with_entry("/tmp/evil.wav", b"x"),
            "error: the archive holds `/tmp/evil.wav`, an absolute path; nothing was installed\n",
        ),
        (
            "parent",
            with_entry("../evil.wav", b"x"),
            "error: the archive holds `../evil.wav`, a path that leads out of its folder; nothing was installed\n",
        ),
        (
            "symlink",
            symlink,
            "error: the archive holds `sounds/tone.wav`, a symbolic link; nothing was installed\n",
        ),
        (
            "folder",
            folder,
            "error: the archive holds `sounds/`, which is not a regular file; nothing was installed\n",
        ),
        (
            "many",
            many,
            "error: the archive holds 51 files; at most 50 are installed; nothing was installed\n",
        ),
        (
            "bomb",
            bomb(),
            "error: `sounds/tone.wav` unpacks to more than the 1024 bytes it declares; nothing was installed\n",
        ),
        (
            "huge",
            archive_with(&huge, &borrowed(&good)),
            "error: the archive unpacks to more than 100 MiB; nothing was installed\n",
        ),
        (
            "bad-hash",
            archive_with(&bad_hash, &borrowed(&good)),
            "error: `sounds/tone.wav` does not match its SHA-256 hash in the manifest: the file is damaged or was changed; nothing was installed\n",
        ),
        (
            "wrong-size",
            archive_with(&wrong_size, &borrowed(&good)),
            "error: `sounds/tone.wav` is 16044 bytes in the archive, but the manifest says 16045; nothing was installed\n",
        ),
        (
            "extra",
            with_entry("sounds/extra.wav", b"x"),
            "error: the archive holds `sounds/extra.wav`, which is not in its manifest; nothing was installed\n",
        ),
        (
            "no-manifest",
            zip_of(&borrowed(&good)),
            "error: `no-manifest.stillpoint` is not a Stillpoint file: it has no manifest.json; nothing was installed\n",
        ),
        (
            "not-a-zip",
            b"stillpoint = 1\ntitle = \"Not an archive\"\n".to_vec(),
            "error: `not-a-zip.stillpoint` is not a Stillpoint file: it is not a zip archive; nothing was installed\n",
        ),
        (
            "broken",
            archive_with(&manifest_of(&broken_files), &broken_files),
            "error: the routine `calm.toml` has errors; the first, {check}; nothing was installed\n",
        ),
    ];
    cases
        .into_iter()
        .map(|(name, bytes, said)| (name, bytes, said.to_owned()))
        .collect()
}

#[test]
fn every_hostile_archive_is_refused_in_one_line_and_nothing_is_written() {
    refuses_each(hostile());
}

#[test]
fn an_installed_routine_is_replaced_only_with_force() {
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path();
    let data = work.join("data");
    let files = calm_files();
    fs::write(
        work.join("calm.stillpoint"),
        archive_with(&manifest_of(&borrowed(&files)), &borrowed(&files)),
    )
    .unwrap();
    ok(stillpoint(work, &data).args(["import", "calm.stillpoint"]));
    let again = CALM.replace("title = \"Calm\"", "title = \"Calm again\"");
    let newer = [
        ("calm.toml", again.as_bytes()),
        ("sounds/tone.wav", &tone(660.0, 1.0)),
    ];
    let mut manifest = manifest_of(&newer);
    manifest.title = "Calm again".into();
    fs::write(
        work.join("newer.stillpoint"),
        archive_with(&manifest, &newer),
    )
    .unwrap();

    let before = tree(&data);
    let out = run(stillpoint(work, &data).args(["import", "newer.stillpoint"]));
    assert_eq!(
        (out.code, out.stderr),
        (
            1,
            format!(
                "error: a routine called `calm` is already installed at {} (add --force to replace it); nothing was installed\n",
                data.join("routines/calm").display()
            )
        )
    );
    assert!(tree(&data) == before);

    let out = ok(stillpoint(work, &data).args(["import", "newer.stillpoint", "--force"]));
    assert!(
        out.starts_with("Installed \"Calm again\" with 1 sound file in "),
        "{out}"
    );
    assert!(
        out.contains(", replacing the routine of that name\n"),
        "{out}"
    );
    let folder = data.join("routines/calm");
    assert_eq!(fs::read_to_string(folder.join("calm.toml")).unwrap(), again);
    assert_eq!(
        fs::read(folder.join("sounds/tone.wav")).unwrap(),
        newer[1].1
    );
    let left: Vec<_> = fs::read_dir(data.join("routines"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, ["calm"], "no hidden folder is left behind");

    // A routine file of the same name, not in a folder, counts as installed too.
    fs::write(data.join("routines/solo.toml"), CALM).unwrap();
    let solo = [
        ("solo.toml", CALM.as_bytes()),
        ("sounds/tone.wav", &files[1].1),
    ];
    fs::write(
        work.join("solo.stillpoint"),
        archive_with(&manifest_of(&solo), &solo),
    )
    .unwrap();
    let out = run(stillpoint(work, &data).args(["import", "solo.stillpoint"]));
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("routines/solo.toml (add --force"),
        "{}",
        out.stderr
    );
    ok(stillpoint(work, &data).args(["import", "solo.stillpoint", "--force"]));
    assert!(!data.join("routines/solo.toml").exists());
    assert!(data.join("routines/solo/solo.toml").is_file());
    let plan = ok(stillpoint(work, &data).args(["plan", "solo"]));
    assert!(plan.contains("Calm"), "{plan}");
}
