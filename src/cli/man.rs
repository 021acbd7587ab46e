//! `stillpoint man`: the manual page, its sections generated from the
//! command definitions, with the routine format's reference as a section
//! of its own before the version.

use clap::CommandFactory;

use super::journal::print;
use super::{Cli, exit, reference};

pub fn run() -> u8 {
    match page() {
        Ok(page) => print(&page).map_or_else(|code| code, |()| exit::OK),
        Err(e) => {
            eprintln!("error: could not make the manual page: {e}");
            exit::ENVIRONMENT
        }
    }
}

/// The page in roff.
fn page() -> std::io::Result<String> {
    let mut generated = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut generated)?;
    let mut page = String::from_utf8(generated).map_err(std::io::Error::other)?;
    let at = page
        .find("\n.SH VERSION\n")
        .map_or(page.len(), |start| start + 1);
    page.insert_str(at, &reference::man_section("ROUTINE FORMAT"));
    Ok(page)
}
