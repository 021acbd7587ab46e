//! Writes the bundled sounds, `sounds/*.wav`, from their recipes in
//! `src/audio/recipes.rs`: `cargo run --bin make-sounds`. With `--check`
//! it only compares, and fails if a committed file differs.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use stillpoint::audio::Builtin;

fn main() -> ExitCode {
    let check = std::env::args().skip(1).any(|a| a == "--check");
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("sounds");
    let mut out = std::io::stdout().lock();
    let mut ok = true;
    for sound in Builtin::ALL {
        let path = folder.join(sound.file_name());
        let made = match sound.generate() {
            Ok(bytes) => bytes,
            Err(e) => {
                let _ = writeln!(out, "{}: {e}", path.display());
                return ExitCode::FAILURE;
            }
        };
        let same = std::fs::read(&path).is_ok_and(|old| old == made);
        let verdict = if same {
            "unchanged"
        } else if check {
            ok = false;
            "differs from its recipe"
        } else if let Err(e) = std::fs::write(&path, &made) {
            let _ = writeln!(out, "{}: cannot write: {e}", path.display());
            return ExitCode::FAILURE;
        } else {
            "written"
        };
        let _ = writeln!(
            out,
            "{:<12} {:>7} bytes  {verdict}",
            sound.file_name(),
            made.len()
        );
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
