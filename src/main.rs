use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    stillpoint::cli::run(stillpoint::cli::Cli::parse())
}
