//! `stillpoint new NAME`: a commented starter routine that passes `check`,
//! never written over an existing file.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::exit;

const TEMPLATE: &str = include_str!("starter.toml");

pub fn run(name: &str) -> u8 {
    if let Err(why) = usable(name) {
        eprintln!("error: {why}");
        eprintln!(
            "  = help: name the routine by what it is for, e.g. `stillpoint new evening-unwind`"
        );
        return exit::USER;
    }
    let path = file_path(name);
    let title = title_from(Path::new(name));
    let text = TEMPLATE.replace("{title}", &title.replace('"', "'"));
    // A new file only: never over one that exists, nor through a link.
    let written = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .and_then(|mut f| {
            f.write_all(text.as_bytes()).inspect_err(|_| {
                // Nothing half written is left behind.
                let _ = std::fs::remove_file(&path);
            })
        });
    if let Err(e) = written {
        let reason = if e.kind() == std::io::ErrorKind::AlreadyExists {
            "it already exists; choose another name or remove it first".to_owned()
        } else {
            e.to_string()
        };
        eprintln!("error: cannot write `{}`: {reason}", path.display());
        return if e.kind() == std::io::ErrorKind::AlreadyExists {
            exit::USER
        } else {
            exit::ENVIRONMENT
        };
    }
    let schema = path.with_file_name("routine.schema.json");
    let wrote_schema = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&schema)
        .and_then(|mut f| f.write_all((crate::schema::json() + "\n").as_bytes()));
    if let Err(e) = wrote_schema
        && e.kind() != std::io::ErrorKind::AlreadyExists
    {
        eprintln!(
            "warning: could not write `{}` for editor completion: {e}",
            schema.display()
        );
    }
    let shown = path.display().to_string();
    if Path::new(name).file_stem() != path.file_stem() {
        println!(
            "wrote {shown} (a file name without spaces, easy to type; its title is \"{title}\")"
        );
    } else {
        println!("wrote {shown}");
    }
    println!(
        "edit it, then try: stillpoint check {0} && stillpoint plan {0}",
        shell_word(&shown)
    );
    exit::OK
}

/// `text` as one word a shell reads back as it is: quoted when need be.
fn shell_word(text: &str) -> String {
    let plain = |c: char| c.is_alphanumeric() || "-_./+,:@%".contains(c);
    if text.chars().all(plain) {
        text.to_owned()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

/// The file's own name made easy to type and to paste into a command:
/// lower case, words joined by `-`, nothing a shell treats specially.
/// "Evening Unwind" → "evening-unwind".
fn file_stem(stem: &str) -> String {
    let mut out = String::new();
    for c in stem.chars() {
        if c.is_alphanumeric() || c == '.' {
            out.extend(c.to_lowercase());
        } else if (c.is_whitespace() || c == '-' || c == '_') && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_owned()
}

/// Why `name` cannot name a new routine file: empty, or a hidden file
/// (`.toml` alone), or with control characters in it.
fn usable(name: &str) -> Result<(), String> {
    if name.trim().is_empty() {
        return Err("the new routine needs a name".to_owned());
    }
    if name.chars().any(char::is_control) {
        return Err("a routine's name cannot hold control characters".to_owned());
    }
    if name.ends_with('/') {
        return Err(format!("`{name}` names a folder, not a file"));
    }
    let path = file_path(name);
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned());
    match stem {
        Some(stem) if !stem.trim().is_empty() && !stem.starts_with('.') => Ok(()),
        _ => Err(format!(
            "`{name}` would make a hidden or nameless file, `{}`",
            path.display()
        )),
    }
}

fn file_path(name: &str) -> PathBuf {
    let path = PathBuf::from(name);
    let stem = if path.extension().is_some_and(|e| e == "toml") {
        path.file_stem()
    } else {
        path.file_name()
    };
    let stem = stem
        .map(|s| file_stem(&s.to_string_lossy()))
        .unwrap_or_default();
    path.with_file_name(format!("{stem}.toml"))
}

/// "evening-unwind.toml" → "Evening unwind".
fn title_from(path: &Path) -> String {
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("My routine");
    let words = stem.replace(['-', '_'], " ");
    let mut chars = words.trim().chars();
    let title: String = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "My routine".to_owned(),
    };
    title.chars().filter(|c| !c.is_control()).take(80).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routine::{self, RoutineSource};

    #[test]
    fn the_starter_passes_check_without_warnings() {
        let text = TEMPLATE.replace("{title}", "Evening unwind");
        let parsed = routine::parse(&RoutineSource {
            name: "new.toml".into(),
            text,
            folder: None,
        });
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        assert_eq!(parsed.routine.unwrap().title, "Evening unwind");
    }

    #[test]
    fn names_become_titles() {
        assert_eq!(
            title_from(Path::new("evening-unwind.toml")),
            "Evening unwind"
        );
        assert_eq!(title_from(Path::new("Evening Unwind")), "Evening Unwind");
        assert_eq!(file_path("a/b"), PathBuf::from("a/b.toml"));
    }

    #[test]
    fn file_names_have_no_spaces_and_nothing_a_shell_reads_specially() {
        assert_eq!(
            file_path("Evening Unwind"),
            PathBuf::from("evening-unwind.toml")
        );
        assert_eq!(
            file_path("My routines/Jaw & neck (gentle)!"),
            PathBuf::from("My routines/jaw-neck-gentle.toml")
        );
        assert_eq!(
            file_path("Nacken_Übung.toml"),
            PathBuf::from("nacken-übung.toml")
        );
        assert_eq!(shell_word("My routines/jaw.toml"), "'My routines/jaw.toml'");
        assert_eq!(shell_word("it's.toml"), r"'it'\''s.toml'");
        assert_eq!(shell_word("evening-unwind.toml"), "evening-unwind.toml");
    }

    #[test]
    fn empty_hidden_and_odd_names_are_refused() {
        for name in [
            "",
            "  ",
            ".",
            ".toml",
            "dir/",
            "a/.hidden",
            "tab\there",
            "!!!",
        ] {
            assert!(usable(name).is_err(), "{name:?}");
        }
        for name in ["evening-unwind", "a/b", "x.toml", "Abend ruhig"] {
            assert!(usable(name).is_ok(), "{name:?}");
        }
    }
}
