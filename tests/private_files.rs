//! Every folder Stillpoint makes in the data folder is 0700 and every file
//! 0600, whichever writes first and whatever the umask. The umask belongs
//! to the whole process, so these tests have a test binary of their own.

mod journal_support;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

use journal_support::{checkin, stillpoint};
use stillpoint::config::remembered::{self, Levels};
use stillpoint::journal::Journal;
use tempfile::TempDir;

fn mode(path: &Path) -> u32 {
    fs::symlink_metadata(path).unwrap().permissions().mode() & 0o777
}

/// Every folder from `top` down is 0700 and every file 0600; gives how
/// many files there were.
fn assert_private(top: &Path) -> usize {
    assert_eq!(mode(top), 0o700, "{}", top.display());
    let mut files = 0;
    for entry in fs::read_dir(top).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files += assert_private(&path);
        } else {
            assert_eq!(mode(&path), 0o600, "{}", path.display());
            files += 1;
        }
    }
    files
}

/// Sets the process's umask for as long as it lives.
struct Umask(libc::mode_t);

impl Umask {
    fn set(mask: libc::mode_t) -> Self {
        // SAFETY: umask only swaps the process's file mode mask.
        Self(unsafe { libc::umask(mask) })
    }
}

impl Drop for Umask {
    fn drop(&mut self) {
        // SAFETY: as above, putting back the mask that was there.
        unsafe { libc::umask(self.0) };
    }
}

#[test]
fn under_umask_000_every_writer_makes_private_folders_and_files() {
    let dir = TempDir::new().unwrap();
    let top = dir.path().join("home");
    let data = top.join("share").join("stillpoint");
    stillpoint::paths::set_data_dir_flag(data.clone());
    let _open = Umask::set(0);

    // The volume remembered first, as when the player closes before any
    // session was saved: it makes the data folder.
    remembered::save(Levels {
        volume: 40,
        muted: false,
        voice: true,
    })
    .unwrap();
    let journal = Journal::default_location().unwrap();
    journal
        .append(checkin("2025-03-01T10:00:00+00:00", 2))
        .unwrap();
    journal
        .keep_unsaved(&checkin("2025-03-01T11:00:00+00:00", 3))
        .unwrap();
    remembered::save(Levels {
        volume: 55,
        muted: true,
        voice: false,
    })
    .unwrap();

    assert_eq!(
        assert_private(&top),
        3,
        "remembered, journal, recovery file"
    );
    assert_eq!(remembered::load().map(|l| l.volume), Some(55));
}

#[test]
fn under_umask_000_a_first_checkin_makes_a_private_data_folder() {
    let dir = TempDir::new().unwrap();
    let data = dir.path().join("fresh").join("stillpoint");
    let bin = env!("CARGO_BIN_EXE_stillpoint");
    let output = Command::new("sh")
        .args(["-c", "umask 000; exec \"$0\" checkin --pain 3", bin])
        .env("STILLPOINT_DATA_DIR", &data)
        .env("XDG_CONFIG_HOME", dir.path().join("config-home"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    assert_eq!(assert_private(&dir.path().join("fresh")), 1);
    assert_eq!(mode(&data.join("journal.jsonl")), 0o600);

    // The binary really ran under umask 000: what the shell makes is open.
    let open = dir.path().join("open");
    let status = Command::new("sh")
        .args(["-c", "umask 000; mkdir \"$0\"", open.to_str().unwrap()])
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(mode(&open), 0o777);
    let listed = stillpoint(&data).arg("log").output().unwrap();
    assert!(String::from_utf8_lossy(&listed.stdout).contains("check-in"));
}
