//! The command line: argument definitions and what each command does.

mod attack;
mod check;
mod checkin;
mod diary_input;
mod due;
mod help;
mod import;
mod journal;
mod list;
mod log;
mod man;
mod med;
mod midas;
mod new;
mod pack;
mod paths;
mod plain;
mod plan;
mod play;
mod program;
mod recovery;
mod reference;
mod render;
mod report;
mod stats;
mod text;
mod when;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

use crate::diagnostic::Report;
use crate::library::{self, FindError};
use crate::routine::{self, Routine, RoutineSource};
use crate::ui::theme::Theme;

/// A calm terminal guide through self-care routines for migraine and
/// tension headaches.
#[derive(Debug, Parser)]
#[command(name = "stillpoint", version, about, long_about = None, after_help = crate::warning_signs::help_line())]
// `help` is ours: it also knows the format's reference.
#[command(disable_help_subcommand = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub display: Display,
    /// The folder for the journal and your own routines and sounds
    /// (instead of STILLPOINT_DATA_DIR or $XDG_DATA_HOME/stillpoint).
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
}

/// How the terminal interface looks.
#[derive(Debug, Clone, clap::Args)]
pub struct Display {
    /// Colours: auto (the default: dim on a dark background, light on a
    /// light one, as the terminal tells), dim, light, contrast or mono.
    /// Overrides STILLPOINT_THEME and the config file; NO_COLOR is honoured.
    #[arg(long, value_enum, global = true)]
    pub theme: Option<Theme>,
    /// Calm text and progress instead of animation.
    #[arg(long, global = true)]
    pub reduced_motion: bool,
    /// ASCII instead of Unicode blocks (chosen on the Linux console and non-UTF-8 locales).
    #[arg(long, global = true)]
    pub ascii: bool,
    /// No sound at all: visual cues only.
    #[arg(long, global = true)]
    pub no_audio: bool,
    /// No spoken guidance: chimes only (`v` in the player switches it).
    #[arg(long, global = true)]
    pub no_voice: bool,
    /// Our own volume, 0-100 (remembered from the last run otherwise).
    #[arg(long, global = true, value_name = "PERCENT", value_parser = clap::value_parser!(u8).range(0..=100))]
    pub volume: Option<u8>,
    /// The ALSA device to play on (default "default"), e.g. `hw:1` or
    /// `file:FILE=/tmp/session.wav,FORMAT=wav`.
    #[arg(long, global = true, value_name = "NAME")]
    pub audio_device: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Play(play::Args),
    /// Check routine files: every error at once, with line and column.
    Check {
        /// The routine files to check.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Fail on warnings too.
        #[arg(long)]
        strict: bool,
        /// How to print the findings.
        #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
        format: CheckFormat,
    },
    /// Print a routine's timeline: every step and cue with its start time.
    Plan {
        /// A routine: a file path, a file stem (`desk-reset`) or a title.
        routine: String,
    },
    /// Write a commented starter routine to NAME.toml.
    New {
        /// The new routine's file name, e.g. `evening-unwind`.
        name: String,
    },
    /// List every routine: the name to type, title, length and where it comes from.
    List(list::Args),
    /// Print the JSON Schema of the routine format, for editors; `--program` prints the program format's.
    Schema {
        /// The schema of program files (`stillpoint_program = 1`) instead of routines.
        #[arg(long)]
        program: bool,
    },
    /// When to get help now: the signs that a headache needs a doctor at once.
    WarningSigns,
    /// Print a shell completion script, e.g. `stillpoint completions bash > /etc/bash_completion.d/stillpoint`.
    Completions {
        /// The shell to complete in.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `stillpoint man > stillpoint.1`.
    Man,
    Render(render::Args),
    /// Follow a therapist's plan over weeks: `start`, `stop`, `status`.
    Program(program::ProgramArgs),
    /// One line when a planned session is due today, nothing otherwise:
    /// for a shell's login file or prompt.
    Due {
        /// The local time to answer for, instead of now (for tests).
        #[arg(long, hide = true, value_name = "YYYY-MM-DDTHH:MM:SS")]
        now: Option<chrono::NaiveDateTime>,
    },
    Pack(pack::Args),
    Import(import::Args),
    #[command(flatten)]
    Journal(journal::JournalCommand),
    /// The routine format's reference (`stillpoint help format`), or the
    /// help of a command.
    Help(help::Args),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Human,
    Json,
}

/// Exit codes: 0 success, 1 the person's input was wrong, 2 usage or environment.
pub mod exit {
    pub const OK: u8 = 0;
    pub const USER: u8 = 1;
    pub const ENVIRONMENT: u8 = 2;
}

/// Runs the parsed command line and returns the exit code.
pub fn run(cli: Cli) -> ExitCode {
    // A decoder's panic on a strange sound file is caught and becomes a
    // warning; it must not also print "thread 'main' panicked".
    crate::panics::install();
    if let Some(dir) = cli.data_dir {
        crate::paths::set_data_dir_flag(dir);
    }
    text::set_ascii(cli.display.ascii || play::ascii_terminal());
    if uses_journal(cli.command.as_ref()) {
        if let Some(warning) = crate::paths::data_dir_warning() {
            eprintln!("{warning}");
        }
        recovery::run();
    }
    let code = match cli.command {
        Some(Command::Play(args)) => play::run(&args, &cli.display),
        Some(Command::Check {
            files,
            strict,
            format,
        }) => check::run(&files, strict, format),
        Some(Command::Plan { routine }) => plan::run(&routine),
        Some(Command::New { name }) => new::run(&name),
        Some(Command::Render(args)) => render::run(&args),
        Some(Command::Pack(args)) => pack::run(&args),
        Some(Command::Import(args)) => import::run(&args),
        Some(Command::List(args)) => list::run(&args),
        Some(Command::Program(args)) => program::run(&args),
        Some(Command::Due { now }) => due::run(now),
        Some(Command::Schema { program }) => {
            if program {
                println!("{}", crate::schema::program_json());
            } else {
                println!("{}", crate::schema::json());
            }
            exit::OK
        }
        Some(Command::WarningSigns) => {
            for line in crate::warning_signs::lines() {
                println!("{line}");
            }
            exit::OK
        }
        Some(Command::Journal(command)) => journal::run(command, &cli.display),
        Some(Command::Completions { shell }) => {
            clap_complete::generate(
                shell,
                &mut Cli::command(),
                "stillpoint",
                &mut std::io::stdout(),
            );
            exit::OK
        }
        Some(Command::Man) => man::run(),
        Some(Command::Help(args)) => help::run(&args),
        None => play::library(&cli.display),
    };
    ExitCode::from(code)
}

/// Whether `command` reads or writes the journal, and so first takes in the
/// records that could not be saved last time.
fn uses_journal(command: Option<&Command>) -> bool {
    use journal::JournalCommand as J;
    if let Some(Command::Play(args)) = command {
        return args.journals();
    }
    matches!(
        command,
        None | Some(Command::Journal(
            J::Log(_)
                | J::Stats(_)
                | J::CheckIn(_)
                | J::Attack(_)
                | J::Med(_)
                | J::Midas(_)
                | J::Report(_)
        ))
    )
}

/// Writes `line` to stderr, where the terminal may be gone already (after
/// a hang-up): unlike `eprintln!`, a failed write is no panic.
fn tell(line: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "{line}");
}

/// Finds and reads a routine for an author's command (`plan`), printing
/// why not on failure; the warnings only an author can act on are shown
/// too.
fn load_as_author(query: &str) -> Result<(RoutineSource, Routine), u8> {
    load_showing(query, &journal::config()?.routine_folders, true)
}

/// Finds and reads a routine for a command, printing why not on failure,
/// looking in `folders` (the config's) besides the usual places.
fn load_among(query: &str, folders: &[PathBuf]) -> Result<(RoutineSource, Routine), u8> {
    load_showing(query, folders, false)
}

/// Prints a file's diagnostics, a screenful at most (the rest counted).
fn print_diagnostics(path: &str, text: &str, diagnostics: &[crate::diagnostic::Diagnostic]) {
    let (shown, more) = crate::diagnostic::bounded(path, diagnostics);
    for diagnostic in shown {
        eprint!(
            "{}",
            Report {
                path,
                text,
                diagnostic
            }
        );
    }
    if let Some(more) = more {
        eprintln!("{more}");
    }
}

fn load_showing(
    query: &str,
    folders: &[PathBuf],
    for_author: bool,
) -> Result<(RoutineSource, Routine), u8> {
    let source = library::find(query, folders).map_err(|e| {
        match &e {
            FindError::Unreadable(failure) => {
                let report = Report { path: query, text: &failure.text, diagnostic: &failure.diagnostic };
                eprint!("{report}");
            }
            other => {
                eprintln!("error: {other}");
                eprintln!("  = help: run `stillpoint list` to see every routine, or give a path to a .toml file");
            }
        }
        exit::USER
    })?;
    let mut parsed = routine::parse(&source);
    if for_author {
        parsed.diagnostics.append(&mut parsed.for_author);
        parsed
            .diagnostics
            .sort_by_key(|d| d.span.as_ref().map_or(0, |s| s.start));
    }
    print_diagnostics(&source.name, &source.text, &parsed.diagnostics);
    match parsed.routine {
        Some(routine) => Ok((source, routine)),
        None => Err(exit::USER),
    }
}
