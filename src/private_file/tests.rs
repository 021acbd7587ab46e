use super::*;
use std::os::unix::fs::symlink;

fn mode(path: &Path) -> u32 {
    fs::symlink_metadata(path).unwrap().permissions().mode() & 0o777
}

fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success());
}

fn contents(write: &'static [u8]) -> impl FnOnce(&mut File) -> io::Result<()> {
    move |file| file.write_all(write)
}

#[test]
fn a_replaced_file_is_private_and_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new").join("data").join("remembered.toml");
    replace(&path, b"volume = 40\n", None).unwrap();
    replace(&path, b"volume = 55\n", None).unwrap();
    assert_eq!(fs::read(&path).unwrap(), b"volume = 55\n");
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(path.parent().unwrap()), 0o700);
    assert_eq!(mode(&dir.path().join("new")), 0o700);
    let left: Vec<_> = fs::read_dir(path.parent().unwrap()).unwrap().collect();
    assert_eq!(left.len(), 1, "no temporary file is left behind");
}

#[test]
fn temporary_names_are_hidden_random_and_beside_the_file() {
    let names: Vec<PathBuf> = temporary_names(Path::new("/d/out.wav")).take(3).collect();
    for name in &names {
        assert_eq!(name.parent(), Some(Path::new("/d")));
        let file = name.file_name().unwrap().to_str().unwrap();
        assert!(
            file.starts_with(".out.wav.") && file.ends_with(".tmp"),
            "{file}"
        );
    }
    assert_ne!(names[0], names[1]);
    assert_ne!(names[1], names[2]);
}

#[test]
fn a_link_planted_at_the_temporary_name_is_not_written_through() {
    let dir = tempfile::tempdir().unwrap();
    let victim = dir.path().join("victim");
    fs::write(&victim, "keep me").unwrap();
    let path = dir.path().join("remembered.toml");
    let planted = dir.path().join("planted.tmp");
    symlink(&victim, &planted).unwrap();
    let dangling = dir.path().join("dangling.tmp");
    symlink(dir.path().join("nothing-yet"), &dangling).unwrap();
    let fresh = dir.path().join("fresh.tmp");
    let names = [planted.clone(), dangling.clone(), fresh.clone()];
    replace_via(&path, Mode::Private, contents(b"volume = 40\n"), names).unwrap();
    assert_eq!(fs::read_to_string(&victim).unwrap(), "keep me");
    assert!(
        !dir.path().join("nothing-yet").exists(),
        "a dangling link creates nothing"
    );
    assert_eq!(fs::read(&path).unwrap(), b"volume = 40\n");
    for link in [&planted, &dangling] {
        assert!(
            fs::symlink_metadata(link).unwrap().is_symlink(),
            "left alone"
        );
    }
    assert!(!fresh.exists(), "renamed over the file");
}

#[test]
fn when_every_temporary_name_is_taken_by_a_link_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let victim = dir.path().join("victim");
    fs::write(&victim, "keep me").unwrap();
    let path = dir.path().join("remembered.toml");
    fs::write(&path, "volume = 10\n").unwrap();
    let names: Vec<PathBuf> = (0..TEMPORARY_TRIES)
        .map(|i| dir.path().join(format!("planted-{i}.tmp")))
        .collect();
    for name in &names {
        symlink(&victim, name).unwrap();
    }
    let failed = replace_via(&path, Mode::Private, contents(b"volume = 99\n"), names);
    assert_eq!(failed.unwrap_err().kind(), io::ErrorKind::AlreadyExists);
    assert_eq!(fs::read_to_string(&victim).unwrap(), "keep me");
    assert_eq!(fs::read_to_string(&path).unwrap(), "volume = 10\n");
}

#[test]
fn a_failed_replace_leaves_the_file_exactly_as_it_was_and_no_temporary() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("session.wav");
    fs::write(&path, "the old render").unwrap();
    fs::set_permissions(&path, Permissions::from_mode(0o640)).unwrap();
    let temporary = dir.path().join("t.tmp");
    let failed = replace_via(
        &path,
        Mode::AsBefore,
        |file| {
            file.write_all(b"half a new")?;
            Err(io::Error::from(io::ErrorKind::StorageFull))
        },
        [temporary.clone()],
    );
    assert_eq!(failed.unwrap_err().kind(), io::ErrorKind::StorageFull);
    assert!(!temporary.exists());
    assert_eq!(fs::read_to_string(&path).unwrap(), "the old render");

    // Renaming a file over a folder fails too, after the write.
    let taken = dir.path().join("taken");
    fs::create_dir(&taken).unwrap();
    fs::write(taken.join("inside"), "x").unwrap();
    assert!(replace_via(&taken, Mode::Private, contents(b"new"), [temporary.clone()]).is_err());
    assert!(!temporary.exists());
    assert_eq!(fs::read_to_string(taken.join("inside")).unwrap(), "x");

    // A success keeps the mode the replaced file had.
    replace_with(&path, Mode::AsBefore, contents(b"the new render")).unwrap();
    assert_eq!(fs::read_to_string(&path).unwrap(), "the new render");
    assert_eq!(mode(&path), 0o640);
}

#[test]
fn only_regular_files_are_opened() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("target");
    fs::write(&target, "x").unwrap();
    let link = dir.path().join("link");
    symlink(&target, &link).unwrap();
    let message = |r: io::Result<File>| r.unwrap_err().to_string();
    let append = || OpenOptions::new().append(true).to_owned();
    assert!(message(open_in_place(&link, &mut append())).starts_with("it is a symbolic link"));
    assert!(
        message(open_own_to_read(&link)).starts_with(
            "it is a symbolic link, which Stillpoint does not follow for its own files"
        )
    );
    assert!(is_refused_link(&open_own_to_read(&link).unwrap_err()));
    assert!(open_in_place(&target, &mut append()).is_ok());
    assert!(
        open_to_read(&link).is_ok(),
        "reading the person's files follows links"
    );

    let pipe = dir.path().join("pipe");
    mkfifo(&pipe);
    assert_eq!(
        message(open_to_read(&pipe)),
        "it is a named pipe, not a regular file"
    );
    assert!(is_not_regular(&open_to_read(&pipe).unwrap_err()));
    assert_eq!(
        message(open_in_place(&pipe, &mut append())),
        "it is a named pipe, not a regular file"
    );
    assert_eq!(
        message(open_to_read(Path::new("/dev/null"))),
        "it is a device, not a regular file"
    );
    assert_eq!(
        open_to_read(dir.path()).unwrap_err().kind(),
        io::ErrorKind::IsADirectory
    );
    assert_eq!(
        open_own_to_read(dir.path()).unwrap_err().kind(),
        io::ErrorKind::IsADirectory
    );
    let looped = dir.path().join("loop");
    symlink(&looped, &looped).unwrap();
    assert!(is_refused_link(&open_own_to_read(&looped).unwrap_err()));
}

#[test]
fn an_opened_file_blocks_as_any_file_does() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f");
    fs::write(&path, "x").unwrap();
    for file in [
        open_to_read(&path).unwrap(),
        open_own_to_read(&path).unwrap(),
    ] {
        // SAFETY: reading the flags of a descriptor we own.
        let flags = unsafe { libc::fcntl(file.as_raw_fd(), libc::F_GETFL) };
        assert_eq!(flags & libc::O_NONBLOCK, 0);
    }
}

#[test]
fn reading_is_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f");
    fs::write(&path, "0123456789").unwrap();
    let file = open_to_read(&path).unwrap();
    assert_eq!(read_at_most(&file, 10).unwrap(), b"0123456789");
    let file = open_to_read(&path).unwrap();
    let error = read_at_most(&file, 9).unwrap_err();
    assert_eq!(error.kind(), io::ErrorKind::FileTooLarge);
    assert_eq!(error.to_string(), "it is larger than 9 bytes");
    assert_eq!(size_words(256 * 1024), "256 KiB");
    assert_eq!(size_words(20 * 1024 * 1024), "20 MiB");
}

#[test]
fn folders_are_created_only_inside_the_root() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    let data = home.join(".local/share/stillpoint");
    let refused = create_folder_within(&data, Some(&home)).unwrap_err();
    assert!(
        refused.to_string().contains("and neither does"),
        "{refused}"
    );
    assert!(!home.exists(), "nothing made above a missing home");
    fs::create_dir(&home).unwrap();
    create_folder_within(&data, Some(&home)).unwrap();
    assert_eq!(mode(&data), 0o700);
    let outside = dir.path().join("elsewhere/stillpoint");
    let refused = create_folder_within(&outside, Some(&home)).unwrap_err();
    assert!(
        refused.to_string().contains("only creates folders inside"),
        "{refused}"
    );
    create_folder_within(&outside, None).unwrap();
}

#[test]
fn a_folder_others_may_write_in_is_named() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(open_to_others(dir.path()), None);
    fs::set_permissions(dir.path(), Permissions::from_mode(0o777)).unwrap();
    let words = open_to_others(dir.path()).unwrap();
    assert!(
        words.starts_with("its group and every other user may write in it (mode 0777)"),
        "{words}"
    );
    fs::set_permissions(dir.path(), Permissions::from_mode(0o700)).unwrap();
}
