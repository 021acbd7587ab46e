//! `stillpoint help`: the routine format's reference (`help format`), or
//! a command's help, exactly as `--help` prints it (this command stands
//! in for clap's own, which knows only commands).

use std::io::{self, IsTerminal};

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::error::ErrorKind;
use clap::{Command, CommandFactory, ValueEnum};

use super::journal::print;
use super::{Cli, exit, reference, text};

/// The topic that is not a command.
const FORMAT: &str = "format";

#[derive(Debug, clap::Args)]
pub struct Args {
    /// `format`: the routine format's reference, every key, value and rule;
    /// or a command (`stillpoint --help` lists them), for its help as
    /// `--help` prints it. Nothing: the overview.
    #[arg(value_name = "TOPIC", value_parser = Topics, hide_possible_values = true)]
    topic: Option<String>,
    /// A command's own commands, e.g. `stillpoint help program start`.
    #[arg(value_name = "COMMAND")]
    commands: Vec<String>,
    /// How `help format` prints the reference: text (the default), or
    /// markdown, the file as it is in the source (routines/README.md).
    #[arg(long, value_enum)]
    format: Option<Form>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Form {
    Text,
    Markdown,
}

pub fn run(args: &Args) -> u8 {
    let words: Vec<&str> = args
        .topic
        .iter()
        .chain(&args.commands)
        .map(String::as_str)
        .collect();
    match (words.as_slice(), args.format) {
        ([FORMAT], form) => reference_page(form.unwrap_or(Form::Text)),
        ([FORMAT, extra, ..], _) => refuse(
            ErrorKind::UnknownArgument,
            &format!("unexpected `{extra}`: `stillpoint help format` prints the whole reference"),
        ),
        (_, Some(_)) => refuse(
            ErrorKind::ArgumentConflict,
            "`--format` is for the format's reference: `stillpoint help format --format markdown`",
        ),
        (words, None) => command_help(words),
    }
}

/// The help of the command `words` name (none: the overview), as
/// `stillpoint WORDS… --help` prints it; a word that names no command is
/// a usage error.
pub fn command_help(words: &[&str]) -> u8 {
    let mut root = Cli::command();
    root.build();
    let mut found = &root;
    for word in words {
        match found.find_subcommand(word) {
            Some(command) => found = command,
            None => return no_such(found, word),
        }
    }
    let argv = ["stillpoint"].iter().chain(words).chain(&["--help"]);
    match root.try_get_matches_from(argv) {
        Err(shown) => {
            let _ = shown.print();
            u8::try_from(shown.exit_code()).unwrap_or(exit::ENVIRONMENT)
        }
        Ok(_) => exit::OK,
    }
}

/// `word` is not a command of `parent`: the commands it has, if any.
fn no_such(parent: &Command, word: &str) -> u8 {
    let name = parent.get_bin_name().unwrap_or("stillpoint");
    let names: Vec<&str> = parent
        .get_subcommands()
        .filter(|c| !c.is_hide_set())
        .map(Command::get_name)
        .collect();
    let message = if names.is_empty() {
        format!("unexpected `{word}`: `{name}` has no commands of its own")
    } else {
        format!(
            "`{name}` has no command `{word}`; its commands are {}",
            names.join(", ")
        )
    };
    let _ = parent
        .clone()
        .error(ErrorKind::InvalidSubcommand, message)
        .print();
    exit::ENVIRONMENT
}

/// A usage mistake in `help`'s own arguments.
fn refuse(kind: ErrorKind, message: &str) -> u8 {
    let mut root = Cli::command();
    root.build();
    if let Some(help) = root.find_subcommand_mut("help") {
        let _ = help.error(kind, message).print();
    }
    exit::ENVIRONMENT
}

fn reference_page(form: Form) -> u8 {
    let page = match form {
        Form::Markdown => reference::MARKDOWN.to_owned(),
        Form::Text => reference::text(cells(), text::ascii()),
    };
    print(&page).map_or_else(|code| code, |()| exit::OK)
}

/// The width to wrap the reference to: the terminal's, up to a width
/// still easy to read, or 80 columns when it goes to a file or a pipe.
fn cells() -> usize {
    if !io::stdout().is_terminal() {
        return 80;
    }
    ratatui::crossterm::terminal::size()
        .map_or(80, |(columns, _)| usize::from(columns).clamp(40, 100))
}

/// The topics: `format`, and every command (`help` among them), so that
/// an unknown one is refused with the list, and completions and
/// `help --help` offer them. Read from the commands when asked for: the
/// commands include this one.
#[derive(Clone)]
struct Topics;

fn topics() -> Vec<PossibleValue> {
    let format = PossibleValue::new(FORMAT).help("The routine format's reference");
    let commands = Cli::command();
    let commands = commands.get_subcommands().map(|c| {
        let topic = PossibleValue::new(c.get_name().to_owned())
            .aliases(c.get_all_aliases().map(str::to_owned))
            .hide(c.is_hide_set());
        match c.get_about() {
            Some(about) => topic.help(about.clone()),
            None => topic,
        }
    });
    std::iter::once(format).chain(commands).collect()
}

impl TypedValueParser for Topics {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        PossibleValuesParser::new(topics()).parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(topics().into_iter()))
    }
}
