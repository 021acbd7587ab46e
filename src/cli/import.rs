//! `stillpoint import FILE [--force]`: checks a `.stillpoint` file and
//! installs its routine, with its sounds, into the user's routines folder;
//! or its program into their programs folder, with the routines it
//! carries.

use std::path::Path;

use super::exit;
use crate::pack::Refusal;
use crate::pack::install::{self, Installed, InstalledRoutine, Places};
use crate::pack::install_program::InstalledProgram;
use crate::paths::{self, Origin};

/// Install a .stillpoint file (a routine with its sounds, or a program
/// with its routines) to play or start by name.
///
/// A routine goes into a folder of its own in your routines folder
/// (`stillpoint paths` shows where), its sounds inside it, and plays at
/// once by its name. A program goes into the programs folder beside it,
/// each routine it carries as a routine does, and starts at once with
/// `stillpoint program start NAME`. Nothing is installed if the file holds
/// a path outside its folder, a link, more than 50 files or 100 MiB,
/// anything that does not match its manifest, a routine or program with
/// errors, or a program naming a routine that is neither in the file nor
/// built into Stillpoint.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The .stillpoint file to install.
    file: std::path::PathBuf,
    /// Replace an installed routine or program of the same name.
    #[arg(long)]
    force: bool,
}

pub fn run(args: &Args) -> u8 {
    let (Some(routines), Some(programs)) =
        (paths::routines_dir(), crate::program::found::programs_dir())
    else {
        eprintln!(
            "error: there is no home folder to install into; pass --data-dir or set {}; nothing was installed",
            paths::DATA_DIR_VAR
        );
        return exit::ENVIRONMENT;
    };
    let root = paths::creation_root();
    let places = Places {
        routines: &routines,
        programs: &programs,
        root: root.as_deref(),
    };
    match install::install(&args.file, places, args.force) {
        Ok(Installed::Routine(routine)) => print_routine(&routine),
        Ok(Installed::Program(program)) => print_program(&program),
        Err(refusal) => {
            eprintln!("error: {refusal}; nothing was installed");
            return match refusal {
                Refusal::Write { .. } => exit::ENVIRONMENT,
                _ => exit::USER,
            };
        }
    }
    exit::OK
}

fn print_routine(installed: &InstalledRoutine) {
    println!(
        "Installed \"{}\" with {} in {}{}",
        installed.title,
        sounds_words(installed.sounds),
        installed.folder.display(),
        if installed.replaced {
            ", replacing the routine of that name"
        } else {
            ""
        }
    );
    println!(
        "Play it with: {}",
        play_command(&installed.name, &installed.routine)
    );
}

fn print_program(installed: &InstalledProgram) {
    println!(
        "Installed the program \"{}\" in {}{}",
        installed.title,
        installed.file.display(),
        if installed.replaced {
            ", replacing the program of that name"
        } else {
            ""
        }
    );
    if !installed.routines.is_empty() {
        println!("With its routines, each in a folder of its own:");
    }
    let rows: Vec<Vec<String>> = installed
        .routines
        .iter()
        .map(|r| {
            let mut about = format!("\"{}\", {}", r.title, sounds_words(r.sounds));
            if r.replaced {
                about.push_str(", replacing the routine of that name");
            }
            if crate::pack::program_manifest::is_bundled(&r.name) {
                about.push_str(", played instead of the built-in one");
            }
            vec![format!("  {}", r.name), about]
        })
        .collect();
    print!("{}", super::text::columns(&rows, &[]));
    if !installed.bundled.is_empty() {
        println!(
            "It also uses routines built into Stillpoint: {}",
            installed.bundled.join(", ")
        );
    }
    println!(
        "Start it with: {}",
        start_command(&installed.name, &installed.file)
    );
}

fn sounds_words(sounds: usize) -> String {
    match sounds {
        0 => "no sound files".to_owned(),
        1 => "1 sound file".to_owned(),
        n => format!("{n} sound files"),
    }
}

/// The command that plays what was installed: by name when that name
/// finds it, else by its path.
fn play_command(name: &str, routine: &Path) -> String {
    let folders = crate::config::Config::load()
        .map(|c| c.routine_folders)
        .unwrap_or_default();
    let by_name =
        crate::library::find(name, &folders).is_ok_and(|found| Path::new(&found.name) == routine);
    with_data_dir(&format!("play {}", by_name_or_path(by_name, name, routine)))
}

/// The command that starts the program installed: by name when that name
/// finds it, else by its path.
fn start_command(name: &str, file: &Path) -> String {
    let by_name =
        crate::program::found::find(name).is_ok_and(|found| Path::new(&found.name) == file);
    with_data_dir(&format!(
        "program start {}",
        by_name_or_path(by_name, name, file)
    ))
}

fn by_name_or_path(by_name: bool, name: &str, path: &Path) -> String {
    if by_name {
        shell_word(name)
    } else {
        shell_word(&path.display().to_string())
    }
}

/// `stillpoint ARGS`, with `--data-dir` when that chose the data folder.
fn with_data_dir(args: &str) -> String {
    match paths::data_dir_with_origin() {
        Some((dir, Origin::Flag)) => format!(
            "stillpoint --data-dir {} {args}",
            shell_word(&dir.display().to_string())
        ),
        _ => format!("stillpoint {args}"),
    }
}

/// `text` as one word a shell reads back as it is: quoted only if needed.
pub(super) fn shell_word(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-/+:@=,".contains(c));
    if plain {
        text.to_owned()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::shell_word;

    #[test]
    fn words_are_quoted_only_when_a_shell_would_split_them() {
        assert_eq!(shell_word("calm-tone"), "calm-tone");
        assert_eq!(shell_word("My routine"), "'My routine'");
        assert_eq!(shell_word("it's"), r"'it'\''s'");
    }
}
