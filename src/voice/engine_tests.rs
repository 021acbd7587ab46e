use super::*;
use crate::audio::wav;

fn shell(line: &str) -> Command {
    let mut c = Command::new("/bin/sh");
    c.arg("-c").arg(line);
    c
}

#[test]
fn a_voice_command_gets_the_text_and_its_wav_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("speech.wav");
    std::fs::write(&file, wav::mono_file(16_000, &[0.25; 1600]).unwrap()).unwrap();
    let seen = dir.path().join("text");
    let engine = Engine::Command(format!(
        "cat > '{}'; cat '{}'",
        seen.display(),
        file.display()
    ));
    let (_, speech) = engine.speak("Neck kneading.").unwrap();
    assert_eq!(speech.rate, 16_000);
    assert_eq!(speech.samples.len(), 1600);
    assert_eq!(std::fs::read_to_string(seen).unwrap(), "Neck kneading.");
}

#[test]
fn a_failing_command_says_how_it_failed() {
    let engine = Engine::Command("echo 'no model named x' >&2; exit 3".into());
    assert_eq!(
        engine.speak("Hello.").unwrap_err(),
        EngineError::Failed("it exited with status 3: no model named x".into())
    );
    let missing = Engine::Command("/no/such/engine --speak".into());
    assert!(matches!(
        missing.speak("Hello."),
        Err(EngineError::Failed(_))
    ));
}

#[test]
fn garbage_on_stdout_is_not_taken_for_speech() {
    let engine = Engine::Command("echo hello; echo world".into());
    assert!(matches!(
        engine.speak("Hello."),
        Err(EngineError::NotWav(_))
    ));
}

#[test]
fn a_hanging_command_is_killed_with_what_it_started() {
    let dir = tempfile::tempdir().unwrap();
    let pid_file = dir.path().join("pid");
    let started = Instant::now();
    let line = format!("sleep 60 & echo $! > '{}'; wait", pid_file.display());
    let result = run(shell(&line), "", Duration::from_millis(300));
    assert_eq!(result.unwrap_err(), EngineError::TimedOut);
    assert!(started.elapsed() < Duration::from_secs(10));
    let pid: i32 = std::fs::read_to_string(pid_file)
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    // SAFETY: signal 0 only asks whether the process exists.
    while unsafe { libc::kill(pid, 0) } == 0 {
        assert!(
            Instant::now() < deadline,
            "the engine's child {pid} is still running"
        );
        thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn without_espeak_ng_there_is_no_engine_and_a_command_still_works() {
    let empty = tempfile::tempdir().unwrap();
    let path = empty.path().as_os_str();
    assert_eq!(
        Engine::choose_in(path, None, None).unwrap_err(),
        EngineError::Missing
    );
    let (engine, note) = Engine::choose_in(path, Some("piper"), Some("de")).unwrap();
    assert_eq!(engine, Engine::Command("piper".into()));
    assert_eq!(note, None);
}

/// eSpeak NG, which `.ci/run` installs, speaking for real.
#[test]
fn espeak_ng_speaks_the_routine_s_language_or_english() {
    let (engine, note) = Engine::choose(None, Some("de"))
        .expect("espeak-ng is needed for the voice tests: apt-get install espeak-ng");
    assert!(
        matches!(&engine, Engine::Espeak { voice, .. } if voice == "de"),
        "{engine:?}"
    );
    assert_eq!(note, None);
    let (_, speech) = engine.speak("Nackenmassage. Linke Seite.").unwrap();
    let seconds = speech.samples.len() as f64 / f64::from(speech.rate);
    assert!((0.8..4.0).contains(&seconds), "{seconds} s");
    let loudest = speech.samples.iter().fold(0.0f32, |m, s| m.max(s.abs()));
    assert!(loudest > 0.05, "speech is audible: {loudest}");

    let (engine, note) = Engine::choose(None, Some("xx-unknown")).unwrap();
    assert!(matches!(&engine, Engine::Espeak { voice, .. } if voice == "en"));
    assert!(note.unwrap().contains("no voice for \"xx-unknown\""));
}
