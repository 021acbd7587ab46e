//! `stillpoint pack ROUTINE|PROGRAM [-o FILE]`: one `NAME.stillpoint` file
//! to hand to a patient, with the routine and every sound file it uses,
//! or with the program, the routines it names that are not built in, and
//! their sounds.

use std::path::{Path, PathBuf};

use super::exit;
use crate::journal::{Access, plain_words};
use crate::pack::archive::{self, Packed};
use crate::pack::manifest::Contents;
use crate::pack::{self, EXTENSION, Named};
use crate::private_file::{self, Mode};
use crate::program::found::{self, Found};

/// Put a routine and its sound files, or a program and its routines, into
/// one .stillpoint file, to hand on.
///
/// For a routine, the file holds it, every sound file it uses (chime,
/// ambient bed, step cues, recorded voice) at the paths it names them by,
/// and a manifest of their sizes and SHA-256 hashes. For a program, it
/// holds the program and each routine it names with that routine's sounds;
/// routines built into Stillpoint stay out, as every Stillpoint has them,
/// unless you have your own routine of that name. A routine or program
/// with errors, or with a sound file that cannot be used, is not packed.
/// Whoever receives the file installs it with `stillpoint import`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A routine or a program: a file path, or a name (`desk-reset`,
    /// `desk-tension`); a routine also by its title.
    routine: String,
    /// The file to write; by default NAME.stillpoint in the current
    /// folder, NAME being the routine's or the program's file name.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Replace FILE if it exists.
    #[arg(long)]
    force: bool,
}

/// What is packed, ready to write.
struct Pack {
    manifest: Contents,
    files: Vec<Packed>,
    /// The routine's or program's file stem.
    name: String,
    /// What it is, for the line that says what was written.
    about: String,
}

pub fn run(args: &Args) -> u8 {
    let config = match super::journal::config() {
        Ok(config) => config,
        Err(code) => return code,
    };
    let folders = &config.routine_folders;
    let pack = match program_named(&args.routine, folders) {
        Ok(Some(program)) => program_pack(&program, folders),
        Ok(None) => routine_pack(&args.routine, folders),
        Err(code) => Err(code),
    };
    match pack {
        Ok(pack) => write(args, &pack),
        Err(code) => code,
    }
}

/// The program `query` names, if it names one rather than a routine: a
/// file that is a program, or a program's name that is no routine's.
fn program_named(query: &str, folders: &[PathBuf]) -> Result<Option<Found>, u8> {
    let path = Path::new(query);
    if path.is_file() {
        return Ok(found::read(path)
            .ok()
            .filter(|f| crate::program::is_program(&f.text)));
    }
    let Ok(program) = found::find(query) else {
        return Ok(None);
    };
    if crate::library::find(query, folders).is_ok() {
        eprintln!("error: `{query}` is the name of a routine and of a program; nothing was packed");
        eprintln!(
            "  = help: give the path of the one to pack, e.g. `stillpoint pack ./{query}.toml`"
        );
        return Err(exit::USER);
    }
    Ok(Some(program))
}

fn routine_pack(query: &str, folders: &[PathBuf]) -> Result<Pack, u8> {
    let (source, routine) = super::load_among(query, folders).inspect_err(|_| {
        eprintln!("error: nothing was packed");
    })?;
    let (manifest, files) = pack::contents(&source, &routine).map_err(|e| {
        eprintln!("error: {e}; nothing was packed");
        exit::USER
    })?;
    let sounds = files.len() - 1;
    Ok(Pack {
        about: format!(
            "\"{}\" with {}",
            manifest.title,
            count(sounds, "sound file")
        ),
        manifest: Contents::Routine(manifest),
        files,
        name: crate::library::stem(&source).to_owned(),
    })
}

fn program_pack(found: &Found, folders: &[PathBuf]) -> Result<Pack, u8> {
    let program = super::program::checked(found, "packed")?;
    let mut named = Vec::new();
    for name in program.routines() {
        let query = found::routine_query(found.folder.as_deref(), name);
        let (source, routine) = super::load_among(&query, folders).inspect_err(|_| {
            eprintln!("error: the program's routine `{name}` cannot be packed; nothing was packed");
        })?;
        named.push(Named {
            query: name.to_owned(),
            source,
            routine,
        });
    }
    let file = found.name.strip_prefix("bundled:").unwrap_or(&found.name);
    let stem = Path::new(file)
        .file_stem()
        .map_or_else(|| "program".into(), |s| s.to_string_lossy().into_owned());
    let (manifest, files) =
        pack::program_contents(&format!("{stem}.toml"), &found.text, &program.title, &named)
            .map_err(|e| {
                eprintln!("error: {e}; nothing was packed");
                exit::USER
            })?;
    let routines = manifest.routines.len();
    let sounds = files.len() - 1 - routines;
    Ok(Pack {
        about: format!(
            "the program \"{}\" with {} and {}",
            program.title,
            count(routines, "routine"),
            count(sounds, "sound file")
        ),
        manifest: Contents::Program(manifest),
        files,
        name: stem,
    })
}

fn write(args: &Args, pack: &Pack) -> u8 {
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("{}.{EXTENSION}", pack.name)));
    let shown = output.display();
    if std::fs::metadata(&output).is_ok_and(|m| m.is_dir()) {
        eprintln!("error: `{shown}` is a folder; nothing was packed");
        eprintln!("  = help: name a file with -o, e.g. -o {shown}/routine.{EXTENSION}");
        return exit::USER;
    }
    if !args.force && std::fs::symlink_metadata(&output).is_ok() {
        eprintln!("error: `{shown}` already exists; nothing was packed");
        eprintln!("  = help: add --force to replace it, or choose another name with -o");
        return exit::USER;
    }
    let written = private_file::replace_with(&output, Mode::AsBefore, |file| {
        archive::write(file, &pack.manifest, &pack.files)
    });
    if let Err(e) = written {
        eprintln!(
            "error: cannot write `{shown}`: {}; nothing was packed",
            plain_words(&e, Access::Write)
        );
        return exit::ENVIRONMENT;
    }
    let size = std::fs::metadata(&output).map_or(0, |m| m.len());
    println!("Wrote {shown} ({}): {}", pack::size_text(size), pack.about);
    let rows: Vec<Vec<String>> = pack
        .manifest
        .files()
        .iter()
        .map(|e| vec![format!("  {}", e.path), pack::size_text(e.size)])
        .collect();
    print!("{}", super::text::columns(&rows, &[1]));
    if let Contents::Program(program) = &pack.manifest
        && !program.bundled.is_empty()
    {
        println!(
            "It uses routines built into every Stillpoint, which are not in the file: {}",
            program.bundled.join(", ")
        );
    }
    println!(
        "Whoever receives it installs it with: stillpoint import {}",
        super::import::shell_word(&shown.to_string())
    );
    exit::OK
}

/// `1 routine`, `0 sound files`.
fn count(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}
