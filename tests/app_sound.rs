//! The sound device as the real `App` opens it, headless: not before its
//! first frame is out (opening it loads libasound and its plugins, which
//! holds the loader lock the first frame needs), and at once after it.

use std::time::{Duration, Instant};

use stillpoint::audio::live::{Levels, LiveSound};
use stillpoint::ui::app::App;
use stillpoint::voice::VoiceChoice;

mod app_support;
use app_support::{Person, options, playable};

/// One quiet two-minute rest.
const REST: &str = include_str!("fixtures/routines/countdown.toml");

#[test]
fn the_player_opens_the_sound_device_once_its_first_frame_is_out() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let wav = folder.path().join("heard.wav");
    let device = format!("file:FILE={},FORMAT=wav", wav.display());
    let levels = Levels {
        volume: 70,
        muted: false,
        voice: false,
    };
    let voice = VoiceChoice {
        on: false,
        command: None,
        breaths: false,
    };
    let sound = LiveSound::start(&device, levels, voice);
    let mut person = Person::with_app(|keeper, clock, t0| {
        App::play(
            playable("countdown.toml", REST),
            options(false),
            keeper,
            Some(sound),
            clock,
            t0,
        )
    });
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        !wav.exists(),
        "the device was opened before the first frame"
    );

    let first = person.screen();
    assert!(first.contains("sound starting"), "{first}");
    let limit = Instant::now() + Duration::from_secs(30);
    loop {
        let screen = person.screen();
        // A machine without libasound says so instead; either way the
        // device was asked for once the frame was out.
        if screen.contains("sound 70%") || screen.contains("audio off: no libasound") {
            assert!(
                screen.contains("audio off") || wav.exists(),
                "playing, but not into the device: {screen}"
            );
            break;
        }
        assert!(Instant::now() < limit, "the sound never opened: {screen}");
        std::thread::sleep(Duration::from_millis(20));
    }
}
