//! Why `import` installed nothing: one line a reason, in words a patient
//! can pass on to whoever sent the file.

use thiserror::Error;

use super::{MAX_FILES, MAX_UNPACKED_MIB};

#[derive(Debug, Error, PartialEq, Eq)]
pub enum Refusal {
    #[error("cannot read `{file}`: {why}")]
    Unreadable { file: String, why: String },
    #[error("`{0}` is not a Stillpoint file: it is not a zip archive")]
    NotAZip(String),
    #[error("`{0}` is not a Stillpoint file: it has no manifest.json")]
    NoManifest(String),
    #[error("the archive's manifest.json cannot be read: {0}")]
    BadManifest(String),
    #[error(
        "the archive is for format version {0}; this Stillpoint reads version 1 (update Stillpoint)"
    )]
    Version(u32),
    #[error("the archive holds {0} files; at most {MAX_FILES} are installed")]
    TooManyFiles(usize),
    #[error("the archive unpacks to more than {MAX_UNPACKED_MIB} MiB")]
    TooLarge,
    #[error("the archive holds `{0}`, an absolute path")]
    Absolute(String),
    #[error("the archive holds `{0}`, a path that leads out of its folder")]
    Parent(String),
    #[error("the archive holds `{0}`, a name Stillpoint does not install")]
    BadName(String),
    #[error("the archive holds `{0}`, a symbolic link")]
    Link(String),
    #[error("the archive holds `{0}`, which is not a regular file")]
    NotRegular(String),
    #[error("the archive holds two files of the same name")]
    DuplicateNames,
    #[error("the manifest lists `{0}` more than once")]
    Duplicate(String),
    #[error("the archive holds `{0}`, which is not in its manifest")]
    NotListed(String),
    #[error("the manifest lists `{0}`, which is not in the archive")]
    NotInArchive(String),
    #[error("`{0}` in the archive is encrypted")]
    Encrypted(String),
    #[error("`{0}` in the archive is compressed in a way Stillpoint does not read")]
    Compression(String),
    #[error("`{path}` is {actual} bytes in the archive, but the manifest says {declared}")]
    Size {
        path: String,
        actual: u64,
        declared: u64,
    },
    #[error("`{path}` unpacks to more than the {declared} bytes it declares")]
    Inflates { path: String, declared: u64 },
    #[error(
        "`{0}` does not match its SHA-256 hash in the manifest: the file is damaged or was changed"
    )]
    Hash(String),
    #[error("`{0}` in the archive is damaged: {1}")]
    Damaged(String, String),
    #[error("the manifest names the routine `{0}`, which is not a routine file name")]
    RoutineName(String),
    #[error("the routine `{name}` has errors; the first, on line {line}: {message}")]
    Broken {
        name: String,
        line: usize,
        message: String,
    },
    #[error("the manifest names the program `{0}`, which is not a program file name")]
    ProgramName(String),
    #[error("the manifest names the routine `{0}`, which is not a name a routine is installed by")]
    NotARoutineName(String),
    #[error(
        "the manifest names the routine `{name}`, but the archive does not hold its file `{file}`"
    )]
    NoRoutineFile { name: String, file: String },
    #[error("the archive holds `{0}`, which is neither the program nor a file of its routines")]
    Stray(String),
    #[error(
        "the program needs the routine `{0}` built into Stillpoint, which this Stillpoint does not have (update Stillpoint)"
    )]
    NotBundled(String),
    #[error(
        "the program names the routine `{0}`, which the file does not hold and which is not built into Stillpoint"
    )]
    NotCarried(String),
    #[error("the program `{name}` has errors; the first, on line {line}: {message}")]
    ProgramBroken {
        name: String,
        line: usize,
        message: String,
    },
    #[error("already installed: {0} (add --force to replace them)")]
    AlreadyInstalled(String),
    #[error("a routine called `{name}` is already installed at {path} (add --force to replace it)")]
    Exists { name: String, path: String },
    #[error("cannot write {what}: {why}")]
    Write { what: String, why: String },
}
