//! `stillpoint import FILE [--force]`: checks a `.stillpoint` file and
//! installs its routine, with its sounds, into the user's routines folder.

use std::path::{Path, PathBuf};

use super::exit;
use crate::pack::{Refusal, install};
use crate::paths::{self, Origin};

/// Install a .stillpoint file (a routine with its sounds) to play by name.
///
/// The routine goes into a folder of its own in your routines folder
/// (`stillpoint paths` shows where), its sounds inside it, and plays at
/// once by its name. Nothing is installed if the file holds a path outside
/// its folder, a link, more than 50 files or 100 MiB, anything that does
/// not match its manifest, or a routine with errors.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The .stillpoint file to install.
    file: PathBuf,
    /// Replace an installed routine of the same name.
    #[arg(long)]
    force: bool,
}

pub fn run(args: &Args) -> u8 {
    let Some(routines) = paths::routines_dir() else {
        eprintln!(
            "error: there is no home folder to install into; pass --data-dir or set {}; nothing was installed",
            paths::DATA_DIR_VAR
        );
        return exit::ENVIRONMENT;
    };
    let root = paths::creation_root();
    let installed = match install::install(&args.file, &routines, root.as_deref(), args.force) {
        Ok(installed) => installed,
        Err(refusal) => {
            eprintln!("error: {refusal}; nothing was installed");
            return match refusal {
                Refusal::Write { .. } => exit::ENVIRONMENT,
                _ => exit::USER,
            };
        }
    };
    let sounds = match installed.sounds {
        0 => "no sound files".to_owned(),
        1 => "1 sound file".to_owned(),
        n => format!("{n} sound files"),
    };
    println!(
        "Installed \"{}\" with {sounds} in {}{}",
        installed.title,
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
    exit::OK
}

/// The command that plays what was installed: by name when that name
/// finds it, else by its path; with `--data-dir` when that chose the folder.
fn play_command(name: &str, routine: &Path) -> String {
    let folders = crate::config::Config::load()
        .map(|c| c.routine_folders)
        .unwrap_or_default();
    let by_name =
        crate::library::find(name, &folders).is_ok_and(|found| Path::new(&found.name) == routine);
    let what = if by_name {
        shell_word(name)
    } else {
        shell_word(&routine.display().to_string())
    };
    match paths::data_dir_with_origin() {
        Some((dir, Origin::Flag)) => format!(
            "stillpoint --data-dir {} play {what}",
            shell_word(&dir.display().to_string())
        ),
        _ => format!("stillpoint play {what}"),
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
