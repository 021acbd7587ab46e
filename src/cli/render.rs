//! `stillpoint render ROUTINE -o session.wav`: the whole session's audio
//! (cues, breathing guide, ambient bed) mixed offline into a 16-bit mono
//! WAV file, far faster than real time.

use std::fs::OpenOptions;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};

use super::exit;
use crate::audio::{self, Score, wav};
use crate::private_file::{self, Mode};
use crate::routine::duration::format as length;
use crate::timeline::Timeline;
use crate::voice::{self, VoiceChoice, phrases::VoiceState};

/// Samples mixed and written at a time.
const BLOCK: usize = 1 << 16;

/// Render a routine's audio to a WAV file, to play on a phone or speaker.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A routine: a file path, a file stem (`desk-reset`) or a title.
    routine: String,
    /// The WAV file to write; `-` for standard output. A file is written
    /// whole or not at all (an old one stays as it was if the render
    /// fails); a named pipe or a device is written as it is.
    #[arg(short, long, value_name = "FILE")]
    output: PathBuf,
    /// The sample rate of the file, in hertz (8000 to 192000).
    #[arg(long, value_name = "HZ", default_value_t = audio::DEFAULT_SAMPLE_RATE,
          value_parser = clap::value_parser!(u32).range(8_000..=192_000))]
    sample_rate: u32,
    /// Replace FILE if it exists (only once the new one is whole).
    #[arg(long)]
    force: bool,
    /// Leave the spoken guidance out: chimes, guide and bed only.
    #[arg(long)]
    no_voice: bool,
}

pub fn run(args: &Args) -> u8 {
    let config = match super::journal::config() {
        Ok(config) => config,
        Err(code) => return code,
    };
    let (_, routine) = match super::load_among(&args.routine, &config.routine_folders) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let started = Instant::now();
    let timeline = Timeline::build(&routine);
    let choice = VoiceChoice {
        on: !args.no_voice && config.voice,
        command: config.voice_command.clone(),
        breaths: config.voice_breaths,
    };
    let rate = audio::sample_rate(args.sample_rate);
    let mut score = match voice::session_phrases(&routine, &timeline, rate, &choice) {
        Some((phrases, sources)) => {
            phrases.prepare(sources, Duration::ZERO);
            match phrases.state() {
                VoiceState::Off(why) => {
                    eprintln!("warning: voice off: {why}; the file has chimes only");
                    audio::render_session(&routine, &timeline, args.sample_rate)
                }
                _ => audio::render_spoken(&routine, &timeline, args.sample_rate, phrases),
            }
        }
        None => audio::render_session(&routine, &timeline, args.sample_rate),
    };
    for fallback in score.fallbacks() {
        eprintln!("warning: {fallback}");
    }
    let header = match wav::header(score.sample_rate(), 1, score.len()) {
        Ok(header) => header,
        Err(e) => {
            eprintln!("error: {e}");
            return exit::USER;
        }
    };
    let shown = if is_stdout(&args.output) {
        "standard output".to_owned()
    } else {
        format!("`{}`", args.output.display())
    };
    let target = match Target::of(&args.output, args.force) {
        Ok(target) => target,
        Err(Refusal::Exists) => {
            eprintln!("error: {shown} already exists");
            eprintln!("  = help: add --force to replace it, or choose another name with -o");
            return exit::USER;
        }
        Err(Refusal::Not(why)) => {
            eprintln!("error: cannot write {shown}: {why}");
            return exit::USER;
        }
    };
    let stop = Interrupted::watch();
    let mut progress = io::stderr().is_terminal().then(Progress::default);
    let mut mix = |out: &mut dyn Write| write(out, &header, &mut score, progress.take(), &stop);
    if let Err(e) = target.write(&mut mix) {
        if let Some(signal) = stop.signal() {
            eprintln!("\nstopped: {shown} was not written");
            return 128 + signal;
        }
        let why = crate::journal::plain_words(&e, crate::journal::Access::Write);
        eprintln!("error: cannot write {shown}: {why}");
        if target.replaces() {
            eprintln!("  = help: nothing was changed; what was there before is still there");
        }
        return exit::ENVIRONMENT;
    }
    let took = started.elapsed();
    let speed = score.duration().as_secs_f64() / took.as_secs_f64().max(1e-9);
    eprintln!(
        "Wrote {}: {} of sound, {} Hz, 16-bit mono, in {:.2} s ({:.0}{} real time)",
        if is_stdout(&args.output) {
            "standard output".to_owned()
        } else {
            args.output.display().to_string()
        },
        length(score.duration()),
        score.sample_rate(),
        took.as_secs_f64(),
        speed,
        super::text::glyphs().times.trim()
    );
    exit::OK
}

fn is_stdout(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Where a render goes, and how.
enum Target {
    /// `-o -`: standard output, which is not a terminal.
    Stdout,
    /// A named pipe or a character device (`/dev/null`): written directly
    /// as it is, never replaced and never removed.
    Direct(PathBuf),
    /// A regular file, new or (with `--force`) replacing one: written to a
    /// temporary file beside it and renamed over it only once it is whole,
    /// so a failed render leaves what was there exactly as it was.
    Replace(PathBuf),
}

/// Why the output was refused before anything was written.
enum Refusal {
    /// It exists and `--force` was not given.
    Exists,
    Not(String),
}

impl Target {
    fn of(path: &Path, force: bool) -> Result<Self, Refusal> {
        if is_stdout(path) {
            if io::stdout().is_terminal() {
                return Err(Refusal::Not(
                    "it is a terminal, and a WAV file is not text; redirect it, e.g. `-o - > session.wav` or `-o - | aplay`".into(),
                ));
            }
            return Ok(Target::Stdout);
        }
        let meta = match std::fs::symlink_metadata(path) {
            Ok(meta) => meta,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Ok(Target::Replace(path.to_owned()));
            }
            Err(e) => {
                return Err(Refusal::Not(crate::journal::plain_words(
                    &e,
                    crate::journal::Access::Write,
                )));
            }
        };
        // What a link leads to decides how it is written; the link itself
        // is what a replace replaces.
        let kind = std::fs::metadata(path).map_or(meta.file_type(), |m| m.file_type());
        if kind.is_fifo() || kind.is_char_device() {
            return Ok(Target::Direct(path.to_owned()));
        }
        if kind.is_dir() {
            return Err(Refusal::Not("it is a folder".into()));
        }
        if kind.is_block_device() {
            return Err(Refusal::Not(
                "it is a disk, and Stillpoint never writes to a disk device".into(),
            ));
        }
        if kind.is_socket() {
            return Err(Refusal::Not("it is a socket".into()));
        }
        if !force {
            return Err(Refusal::Exists);
        }
        Ok(Target::Replace(path.to_owned()))
    }

    /// Whether a failure leaves a file that was there as it was.
    fn replaces(&self) -> bool {
        matches!(self, Target::Replace(_))
    }

    fn write(&self, mix: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
        match self {
            Target::Stdout => mix(&mut io::stdout().lock()),
            Target::Direct(path) => {
                // Opened for writing as it is: no create, no truncate (a
                // device or a pipe has nothing to truncate), and so never
                // removed or replaced whatever happens.
                let mut device = OpenOptions::new()
                    .write(true)
                    .custom_flags(libc::O_NOCTTY | libc::O_CLOEXEC)
                    .open(path)?;
                mix(&mut device)
            }
            Target::Replace(path) => {
                private_file::replace_with(path, Mode::AsBefore, |file| mix(file))
            }
        }
    }
}

/// Ctrl-C, SIGTERM or SIGHUP during a render: the mix stops at the next
/// block, so the temporary file is removed rather than left behind.
struct Interrupted(Arc<AtomicUsize>);

impl Interrupted {
    fn watch() -> Self {
        let caught = Arc::new(AtomicUsize::new(0));
        for signal in [SIGINT, SIGTERM, SIGHUP] {
            // Without the handler a signal ends the render as usual.
            let _ = signal_hook::flag::register_usize(signal, Arc::clone(&caught), signal as usize);
        }
        Self(caught)
    }

    /// The signal that arrived, if one did.
    fn signal(&self) -> Option<u8> {
        u8::try_from(self.0.load(Ordering::Relaxed))
            .ok()
            .filter(|&s| s != 0)
    }
}

/// Writes the header and every sample of `score` to `out`, drawing
/// `progress`; stops with an error when a signal arrives.
fn write(
    out: &mut dyn Write,
    header: &[u8],
    score: &mut Score,
    mut progress: Option<Progress>,
    stop: &Interrupted,
) -> io::Result<()> {
    let mut out = BufWriter::with_capacity(1 << 20, out);
    out.write_all(header)?;
    let total = score.len().max(1);
    let mut samples = vec![0.0f32; BLOCK];
    let mut bytes = Vec::with_capacity(BLOCK * 2);
    let mut done = 0u64;
    loop {
        if stop.signal().is_some() {
            return Err(io::Error::from(io::ErrorKind::Interrupted));
        }
        let n = score.fill(&mut samples);
        if n == 0 {
            break;
        }
        bytes.clear();
        wav::encode(&samples[..n], &mut bytes);
        out.write_all(&bytes)?;
        done += n as u64;
        if let Some(bar) = progress.as_mut() {
            bar.show(done as f64 / total as f64);
        }
    }
    if let Some(bar) = progress.as_mut() {
        bar.finish();
    }
    out.flush()
}

/// A one-line text progress bar on stderr, redrawn when it changes.
#[derive(Default)]
struct Progress {
    shown: Option<usize>,
}

impl Progress {
    const WIDTH: usize = 30;

    fn show(&mut self, done: f64) {
        let percent = (done * 100.0).floor() as usize;
        if self.shown == Some(percent) {
            return;
        }
        self.shown = Some(percent);
        let filled = percent * Self::WIDTH / 100;
        eprint!(
            "\rRendering [{}{}] {percent:>3}%",
            "#".repeat(filled),
            ".".repeat(Self::WIDTH - filled)
        );
    }

    fn finish(&mut self) {
        eprint!("\r{}\r", " ".repeat(Self::WIDTH + 17));
    }
}
