//! `stillpoint render ROUTINE -o session.wav`: the whole session's audio
//! (cues, breathing guide, ambient bed) mixed offline into a 16-bit mono
//! WAV file, far faster than real time.

use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use super::exit;
use crate::audio::{self, Score, wav};
use crate::routine::duration::format as length;
use crate::timeline::Timeline;

/// Samples mixed and written at a time.
const BLOCK: usize = 1 << 16;

/// Render a routine's audio to a WAV file, to play on a phone or speaker.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A routine: a file path, a file stem (`desk-reset`) or a title.
    routine: String,
    /// The WAV file to write.
    #[arg(short, long, value_name = "FILE")]
    output: PathBuf,
    /// The sample rate of the file, in hertz (8000 to 192000).
    #[arg(long, value_name = "HZ", default_value_t = audio::DEFAULT_SAMPLE_RATE,
          value_parser = clap::value_parser!(u32).range(8_000..=192_000))]
    sample_rate: u32,
    /// Replace FILE if it exists.
    #[arg(long)]
    force: bool,
}

pub fn run(args: &Args) -> u8 {
    let (_, routine) = match super::load(&args.routine) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let started = Instant::now();
    let timeline = Timeline::build(&routine);
    let mut score = audio::render_session(&routine, &timeline, args.sample_rate);
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
    let file = match create(&args.output, args.force) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            eprintln!("error: `{}` already exists", args.output.display());
            eprintln!("  = help: add --force to replace it, or choose another name with -o");
            return exit::USER;
        }
        Err(e) => {
            eprintln!("error: cannot write `{}`: {e}", args.output.display());
            return exit::ENVIRONMENT;
        }
    };
    let progress = io::stderr().is_terminal().then(Progress::default);
    if let Err(e) = write(file, &header, &mut score, progress) {
        eprintln!("error: cannot write `{}`: {e}", args.output.display());
        let _ = std::fs::remove_file(&args.output);
        return exit::ENVIRONMENT;
    }
    let took = started.elapsed();
    let speed = score.duration().as_secs_f64() / took.as_secs_f64().max(1e-9);
    eprintln!(
        "Wrote {}: {} of sound, {} Hz, 16-bit mono, in {:.2} s ({:.0}{} real time)",
        args.output.display(),
        length(score.duration()),
        score.sample_rate(),
        took.as_secs_f64(),
        speed,
        super::text::glyphs().times.trim()
    );
    exit::OK
}

/// Opens `path` for writing; only replaces a file with `force`.
fn create(path: &Path, force: bool) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true);
    if force {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    options.open(path)
}

/// Writes the header and every sample of `score`, drawing `progress`.
fn write(
    file: File,
    header: &[u8],
    score: &mut Score,
    mut progress: Option<Progress>,
) -> io::Result<()> {
    let mut out = BufWriter::with_capacity(1 << 20, file);
    out.write_all(header)?;
    let total = score.len().max(1);
    let mut samples = vec![0.0f32; BLOCK];
    let mut bytes = Vec::with_capacity(BLOCK * 2);
    let mut done = 0u64;
    loop {
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
    out.into_inner()
        .map_err(io::IntoInnerError::into_error)?
        .sync_all()
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
