//! `stillpoint pack ROUTINE [-o FILE]`: one `NAME.stillpoint` file with the
//! routine and every sound file it uses, to hand to a patient.

use std::path::PathBuf;

use super::exit;
use crate::journal::{Access, plain_words};
use crate::pack::{self, EXTENSION, archive};
use crate::private_file::{self, Mode};

/// Put a routine and its sound files into one .stillpoint file, to hand on.
///
/// The file holds the routine, every sound file it uses (chime, ambient
/// bed, step cues, recorded voice) at the paths it names them by, and a
/// manifest of their sizes and SHA-256 hashes. A routine with errors, or
/// with a sound file that cannot be used, is not packed. Whoever receives
/// the file installs it with `stillpoint import`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A routine: a file path, a file stem (`desk-reset`) or a title.
    routine: String,
    /// The file to write; by default NAME.stillpoint in the current
    /// folder, NAME being the routine's file name.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Replace FILE if it exists.
    #[arg(long)]
    force: bool,
}

pub fn run(args: &Args) -> u8 {
    let config = match super::journal::config() {
        Ok(config) => config,
        Err(code) => return code,
    };
    let (source, routine) = match super::load_among(&args.routine, &config.routine_folders) {
        Ok(loaded) => loaded,
        Err(code) => {
            eprintln!("error: nothing was packed");
            return code;
        }
    };
    let (manifest, files) = match pack::contents(&source, &routine) {
        Ok(contents) => contents,
        Err(e) => {
            eprintln!("error: {e}; nothing was packed");
            return exit::USER;
        }
    };
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("{}.{EXTENSION}", crate::library::stem(&source))));
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
        archive::write(file, &manifest, &files)
    });
    if let Err(e) = written {
        eprintln!(
            "error: cannot write `{shown}`: {}; nothing was packed",
            plain_words(&e, Access::Write)
        );
        return exit::ENVIRONMENT;
    }
    let size = std::fs::metadata(&output).map_or(0, |m| m.len());
    let sounds = files.len() - 1;
    println!(
        "Wrote {shown} ({}): \"{}\" with {sounds} sound file{}",
        pack::size_text(size),
        manifest.title,
        if sounds == 1 { "" } else { "s" }
    );
    let rows: Vec<Vec<String>> = manifest
        .files
        .iter()
        .map(|e| vec![format!("  {}", e.path), pack::size_text(e.size)])
        .collect();
    print!("{}", super::text::columns(&rows, &[1]));
    println!(
        "Whoever receives it installs it with: stillpoint import {}",
        super::import::shell_word(&shown.to_string())
    );
    exit::OK
}
