//! Routines that travel with their sounds: `stillpoint pack` puts a
//! routine and every sound file it uses into one `NAME.stillpoint` file (a
//! zip archive with a manifest of sizes and SHA-256 hashes), or a program
//! with every routine it names that is not built in, and their sounds;
//! `stillpoint import` checks such a file and installs it, whole or not at
//! all: each routine as a folder of its own in the user's routines folder,
//! where it plays by name, and a program in their programs folder, where
//! it starts by name.

pub mod archive;
mod gather;
mod gather_program;
pub mod install;
pub mod install_program;
pub mod manifest;
mod place;
pub mod program_manifest;
mod refusal;

pub use gather::{GatherError, contents};
pub use gather_program::{Named, program_contents};
pub use refusal::Refusal;

/// The extension of a packed routine.
pub const EXTENSION: &str = "stillpoint";

/// The most entries an archive may hold, its manifest included.
pub const MAX_FILES: usize = 50;

/// The most an archive may unpack to, in MiB and in bytes.
pub const MAX_UNPACKED_MIB: u64 = 100;
pub const MAX_UNPACKED: u64 = MAX_UNPACKED_MIB * 1024 * 1024;

/// A size as people read it: "812 bytes", "41.2 KiB", "3.0 MiB".
pub fn size_text(bytes: u64) -> String {
    const KIB: f64 = 1024.0;
    let b = bytes as f64;
    if bytes < 1024 {
        format!("{bytes} bytes")
    } else if b < KIB * KIB {
        format!("{:.1} KiB", b / KIB)
    } else {
        format!("{:.1} MiB", b / (KIB * KIB))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_bytes_kib_and_mib() {
        assert_eq!(size_text(812), "812 bytes");
        assert_eq!(size_text(42_188), "41.2 KiB");
        assert_eq!(size_text(3 * 1024 * 1024), "3.0 MiB");
    }
}
