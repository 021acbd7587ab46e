//! A small, safe wrapper over the part of ALSA's `libasound` that playback
//! needs: open a device, set its format, write interleaved 16-bit frames,
//! recover from underruns and suspends, drain and close.
//!
//! `libasound` is loaded at run time with `dlopen` (through `libloading`),
//! never linked at build time: the project builds without ALSA's development
//! files, and the binary starts on machines that have no `libasound` at all —
//! they get [`AlsaError::NoLibrary`] instead of a loader error. The library
//! is `libasound.so.2`, or the name in the environment variable
//! `STILLPOINT_LIBASOUND` (see [`library_name`]).
//!
//! ALSA prints its own diagnostics ("ALSA lib pcm.c:…: Unknown PCM …") to
//! stderr, which would scribble over the terminal UI. Before anything else is
//! called, the loader installs a handler with `snd_lib_error_set_handler` that
//! swallows every message; our errors carry what the person needs instead.
//! How that handler can be written in stable Rust is explained in `ffi.rs`.

mod ffi;
mod pcm;

pub use pcm::{BUFFER_TIME, Pcm};

use std::ffi::OsString;

/// The environment variable that names the ALSA library to load instead of
/// `libasound.so.2` (a file name searched like `dlopen` does, or a path).
pub const LIBRARY_ENV: &str = "STILLPOINT_LIBASOUND";

/// The library loaded when [`LIBRARY_ENV`] is unset or empty.
pub const DEFAULT_LIBRARY: &str = "libasound.so.2";

/// Why sound cannot be played. `Display` is the short reason for the status
/// line ("no sound device"); the payload is the detail (ALSA's or the
/// loader's own words) for a log or a `--verbose` report.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AlsaError {
    /// `libasound` could not be loaded, or lacks a function we call.
    #[error("no libasound")]
    NoLibrary(String),
    /// The device does not exist, cannot be opened, or cannot take our
    /// format (16-bit, interleaved, the given rate and channels).
    #[error("no sound device")]
    NoDevice(String),
    /// Another program holds the device exclusively.
    #[error("device busy")]
    Busy(String),
    /// The device failed while playing (unplugged, server gone) and could
    /// not be recovered.
    #[error("device lost")]
    Lost(String),
    /// The device did not finish opening in time (a hung sound server).
    #[error("device not answering")]
    NoAnswer(String),
    /// Sound cannot be played quietly and safely here: this processor is
    /// not one where ALSA's message handler can be silenced (see `ffi.rs`),
    /// or the audio thread could not run.
    #[error("audio unavailable")]
    Unavailable(String),
}

/// The name `libasound` is loaded from: `STILLPOINT_LIBASOUND` when it is
/// set and not empty, else [`DEFAULT_LIBRARY`].
///
/// The library is loaded once per process, on first use, and stays loaded,
/// so changing the variable later has no effect.
pub fn library_name() -> OsString {
    std::env::var_os(LIBRARY_ENV)
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| OsString::from(DEFAULT_LIBRARY))
}
