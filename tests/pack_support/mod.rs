//! Packing and importing through the real binary: running it in a folder
//! of its own with a data folder of its own, sounds to pack, and the
//! archives and folder trees the tests look at.
// Each test file uses only some of these helpers.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

/// The binary, run in `cwd` with `data` as its data folder and nothing of
/// the person running the tests (config, cache) in reach.
pub fn stillpoint(cwd: &Path, data: &Path) -> Command {
    let mut cmd = Command::cargo_bin("stillpoint").expect("the binary is built");
    cmd.current_dir(cwd)
        .env("STILLPOINT_DATA_DIR", data)
        .env("XDG_CONFIG_HOME", cwd.join(".config"))
        .env("XDG_CACHE_HOME", cwd.join(".cache"))
        .env_remove("STILLPOINT_CONFIG")
        .env("NO_COLOR", "1");
    cmd
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn run(cmd: &mut Command) -> Run {
    let out = cmd.output().expect("stillpoint runs");
    Run {
        code: out.status.code().expect("an exit code"),
        stdout: String::from_utf8(out.stdout).expect("UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("UTF-8"),
    }
}

/// Runs and expects success; gives stdout.
pub fn ok(cmd: &mut Command) -> String {
    let out = run(cmd);
    assert_eq!(out.code, 0, "stderr: {}", out.stderr);
    out.stdout
}

/// A WAV file of a pure tone: 8 kHz, 16-bit mono.
pub fn tone(hz: f64, seconds: f64) -> Vec<u8> {
    let rate = 8_000u32;
    let count = (f64::from(rate) * seconds) as u32;
    let mut data = Vec::new();
    for i in 0..count {
        let t = f64::from(i) / f64::from(rate);
        let sample = (12_000.0 * (2.0 * std::f64::consts::PI * hz * t).sin()) as i16;
        data.extend_from_slice(&sample.to_le_bytes());
    }
    let mut wav = b"RIFF".to_vec();
    wav.extend_from_slice(&(36 + data.len() as u32).to_le_bytes());
    wav.extend_from_slice(b"WAVEfmt ");
    wav.extend_from_slice(&16u32.to_le_bytes());
    wav.extend_from_slice(&1u16.to_le_bytes()); // PCM
    wav.extend_from_slice(&1u16.to_le_bytes()); // mono
    wav.extend_from_slice(&rate.to_le_bytes());
    wav.extend_from_slice(&(rate * 2).to_le_bytes());
    wav.extend_from_slice(&2u16.to_le_bytes());
    wav.extend_from_slice(&16u16.to_le_bytes());
    wav.extend_from_slice(b"data");
    wav.extend_from_slice(&(data.len() as u32).to_le_bytes());
    wav.extend(data);
    wav
}

pub fn write_files(folder: &Path, files: &[(&str, &[u8])]) {
    for (path, bytes) in files {
        let path = folder.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }
}

/// Renders `routine` (voice off) in `cwd` with `data` as the data folder;
/// gives the WAV file's bytes.
pub fn render(cwd: &Path, data: &Path, routine: &str) -> Vec<u8> {
    let out = cwd.join("render-out.wav");
    let _ = fs::remove_file(&out);
    ok(stillpoint(cwd, data)
        .args(["render", routine, "--no-voice", "-o"])
        .arg(&out));
    fs::read(&out).unwrap()
}

/// Every file and folder below `dir`, with each file's bytes.
pub fn tree(dir: &Path) -> BTreeMap<PathBuf, Option<Vec<u8>>> {
    let mut found = BTreeMap::new();
    let Ok(entries) = fs::read_dir(dir) else {
        return found;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.insert(path.clone(), None);
            found.extend(tree(&path));
        } else {
            found.insert(path.clone(), Some(fs::read(&path).unwrap()));
        }
    }
    found
}

pub fn deflated() -> SimpleFileOptions {
    SimpleFileOptions::default().compression_method(CompressionMethod::Deflated)
}

/// A zip of `entries`, in order, deflated.
pub fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        zip.start_file(*name, deflated()).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// A therapist's routine with a sound of its own in every place one can
/// be: the chime, the ambient bed, a step's cue (named twice, once with
/// `./`) and a step's recorded voice.
pub const CALM_TONE: &str = r#"stillpoint = 1
title = "Calm tone"

[sound]
ambient = "sounds/bed.wav"
chime = "sounds/tone.wav"

[[step]]
title = "Listen"
kind = "rest"
duration = "6s"
instructions = "Rest and listen to the tone."
sound = "sounds/cue.wav"
voice = "voice/listen.wav"

[[step]]
title = "Listen again"
kind = "rest"
duration = "4s"
instructions = "Once more."
sound = "./sounds/cue.wav"
"#;

/// Its sound files, by the paths it names them by.
pub fn calm_tone_sounds() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("sounds/bed.wav", tone(110.0, 1.0)),
        ("sounds/tone.wav", tone(523.25, 1.5)),
        ("sounds/cue.wav", tone(880.0, 0.5)),
        ("voice/listen.wav", tone(220.0, 0.8)),
    ]
}

/// Writes the therapist's routine and its sounds into `folder`.
pub fn therapist_folder(folder: &Path) {
    write_files(folder, &[("calm-tone.toml", CALM_TONE.as_bytes())]);
    for (path, bytes) in calm_tone_sounds() {
        write_files(folder, &[(path, &bytes)]);
    }
}

/// Where `check` finds its first error in `routine`, and what it says:
/// `on line 9: …`, from `check --format json`.
pub fn first_error(routine: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("r.toml"), routine).unwrap();
    let out = run(stillpoint(dir.path(), &dir.path().join("data"))
        .args(["check", "--format", "json", "r.toml"]));
    let found: Vec<serde_json::Value> = serde_json::from_str(&out.stdout).unwrap();
    let first = found.iter().find(|d| d["severity"] == "error").unwrap();
    format!(
        "on line {}: {}",
        first["line"],
        first["message"].as_str().unwrap()
    )
}

/// A small good routine for the archives the tests build.
pub const CALM: &str = r#"stillpoint = 1
title = "Calm"

[sound]
chime = "sounds/tone.wav"

[[step]]
title = "Rest"
kind = "rest"
duration = "5s"
instructions = "Rest."
"#;

/// [`CALM`] with a mistake `check` finds on line 9.
pub fn broken_calm() -> String {
    CALM.replace("\"rest\"", "\"resst\"")
}

/// Imports each of `cases` (a name, an archive's bytes, what `import`
/// must say) into a data folder that holds only a journal, and checks
/// that each is refused in that one line and leaves the folder exactly as
/// it was. `{check}` in what it must say stands for where `check` finds
/// the first error in [`broken_calm`], and what it says.
pub fn refuses_each(cases: Vec<(&str, Vec<u8>, String)>) {
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path();
    let data = work.join("data");
    fs::create_dir(&data).unwrap();
    fs::write(data.join("journal.jsonl"), "").unwrap();
    let before = tree(&data);
    let check = first_error(&broken_calm());
    assert!(check.starts_with("on line 9: "), "{check}");
    for (name, bytes, expected) in cases {
        let file = format!("{name}.stillpoint");
        fs::write(work.join(&file), bytes).unwrap();
        let out = run(stillpoint(work, &data).args(["import", &file]));
        let expected = expected.replace("{check}", &check);
        assert_eq!((out.code, out.stderr), (1, expected), "{name}");
        assert_eq!(out.stdout, "", "{name}");
        assert!(
            tree(&data) == before,
            "{name} left something in the data folder"
        );
    }
}
