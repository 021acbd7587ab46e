//! Stillpoint: a calm terminal player for self-care routines for migraine
//! and tension headaches.

pub mod audio;
pub mod cli;
pub mod conductor;
pub mod config;
pub mod diagnostic;
pub mod journal;
pub mod library;
pub mod pack;
pub mod panics;
pub mod paths;
pub mod private_file;
pub mod program;
pub mod report;
pub mod routine;
pub mod routine_watch;
pub mod schema;
pub mod session;
pub mod sound_file;
pub mod syntax;
pub mod timeline;
pub mod transcript;
pub mod ui;
pub mod voice;
pub mod warning_signs;
pub mod wrap;
