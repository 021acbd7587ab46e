//! Reading a routine file safely: only regular files, of bounded size, in
//! UTF-8, with a diagnostic that says exactly what is wrong otherwise.

use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;

/// The largest routine file we read.
pub const MAX_FILE_BYTES: u64 = 256 * 1024;

/// The text of a routine and where it came from.
#[derive(Debug, Clone)]
pub struct RoutineSource {
    /// How the file is named in messages: the path as given, or
    /// `bundled:NAME.toml` for a routine built into the program.
    pub name: String,
    pub text: String,
    /// The folder sound paths are resolved against; bundled routines have none.
    pub folder: Option<PathBuf>,
}

impl RoutineSource {
    pub fn bundled(file_name: &str, text: &str) -> Self {
        Self {
            name: format!("bundled:{file_name}"),
            text: text.to_owned(),
            folder: None,
        }
    }
}

/// Why a file could not be read as a routine. The text, if any, lets the
/// diagnostic show the offending line.
#[derive(Debug)]
pub struct ReadFailure {
    pub diagnostic: Diagnostic,
    pub text: String,
}

/// Reads `path` as a routine file.
pub fn read(path: &Path) -> Result<RoutineSource, ReadFailure> {
    let shown = path.display().to_string();
    let fail = |message: String, help: &str| ReadFailure {
        diagnostic: Diagnostic::error(message).help(help),
        text: String::new(),
    };
    // Opened once, without waiting on a named pipe; what was opened is
    // checked, not what the path named a moment before.
    let file = crate::private_file::open_to_read(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => fail(
            format!("no routine file at `{shown}`"),
            "check the spelling of the path, or run `stillpoint list` to see the routines you have",
        ),
        std::io::ErrorKind::PermissionDenied => fail(
            format!("not allowed to read `{shown}`"),
            "check the file's permissions",
        ),
        std::io::ErrorKind::IsADirectory => fail(
            format!("`{shown}` is a folder, not a routine file"),
            "name a .toml file inside it, e.g. `routines/desk-reset.toml`",
        ),
        _ if crate::private_file::is_not_regular(&e) => fail(
            format!("`{shown}` is not a regular file"),
            "a routine is a plain .toml text file; devices, pipes and sockets are not read",
        ),
        _ => fail(
            format!(
                "cannot read `{shown}`: {}",
                crate::journal::plain_words(&e, crate::journal::Access::Read)
            ),
            "check the path",
        ),
    })?;
    let size = file
        .metadata()
        .map_err(|e| fail(format!("cannot read `{shown}`: {e}"), "check the path"))?
        .len();
    if size > MAX_FILE_BYTES {
        return Err(fail(
            format!(
                "`{shown}` is {} KiB; a routine file may be at most 256 KiB",
                size.div_ceil(1024)
            ),
            "is this really a routine? split very long routines into several files",
        ));
    }
    let bytes = crate::private_file::read_at_most(&file, MAX_FILE_BYTES).map_err(|e| {
        if e.kind() == std::io::ErrorKind::FileTooLarge {
            fail(
                format!("`{shown}` grew past 256 KiB while it was being read"),
                "a routine file may be at most 256 KiB",
            )
        } else {
            fail(format!("cannot read `{shown}`: {e}"), "check the path")
        }
    })?;
    let text = decode(bytes)?;
    Ok(RoutineSource {
        name: shown,
        text,
        folder: Some(
            path.parent()
                .filter(|p| !p.as_os_str().is_empty())
                .map_or_else(|| PathBuf::from("."), Path::to_path_buf),
        ),
    })
}

/// Checks that `bytes` are UTF-8; otherwise points at the first bad byte.
fn decode(bytes: Vec<u8>) -> Result<String, ReadFailure> {
    String::from_utf8(bytes).map_err(|e| {
        let bad = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
        // The lossy text keeps every valid byte before the first bad one in place.
        let byte = e.as_bytes()[bad];
        ReadFailure {
            diagnostic: Diagnostic::error(format!(
                "the file is not valid UTF-8: byte 0x{byte:02X} at offset {bad}"
            ))
            .at(bad..bad + 1)
            .help("save the file as UTF-8 text"),
            text,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_at_the_first_invalid_byte() {
        let failure = decode(b"title = \"ok\"\nsummary = \"caf\xE9\"\n".to_vec()).unwrap_err();
        assert_eq!(failure.diagnostic.span, Some(27..28));
        assert_eq!(crate::diagnostic::position(&failure.text, 27).line, 2);
        assert!(failure.diagnostic.message.contains("0xE9"));
    }
}
