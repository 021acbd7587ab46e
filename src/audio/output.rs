//! The audio thread: it owns the sound device and plays a session's
//! [`Sheet`] where the session clock says, and keeps going silently when
//! there is no device, no `libasound`, or the device disappears.
//!
//! A session's sound is known in advance, so the thread does not mix as it
//! goes: it reads the score about a second ahead of what is being heard and
//! writes it a quarter of a second at a time, then sleeps. Cues land on
//! their sample however late the thread wakes. The session clock, handed
//! in as a [`Clock`] (a position at an instant), is the only time there is:
//! the thread never reads more than its lead ahead of the clock, so a
//! device that takes everything at once (ALSA's `null` or `file`) is paced
//! like a sound card. A change of what is heard (a pause, a jump, the bed,
//! the volume) throws away what the device holds and goes on from what was
//! being heard, within a few milliseconds. When nothing will sound for more
//! than a few seconds the device is closed, and opened again early enough
//! for the next sound to start on its sample; between cues the thread
//! sleeps until then.
//!
//! [`Output::new`] never fails and returns at once: it starts the thread,
//! and [`Output::open`] has the device opened on it, so a slow sound server
//! cannot delay the UI. The UI opens it once its first frame is out:
//! loading `libasound` and its plugins holds the process's loader lock for
//! milliseconds, which the UI thread needs while it draws its first frame.
//! Everything else is a [`Command`] sent over an unbounded channel:
//! sending never blocks and never panics, whatever state the thread is in.
//! The UI reads [`Output::state`] for the status line and
//! [`Output::heard`] for the journal.

mod engine;
pub mod stream;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use super::alsa::AlsaError;
use super::sheet::Sheet;

/// The ALSA device used unless the configuration names another.
pub const DEFAULT_DEVICE: &str = "default";

/// A device that has not opened in this long is taken to be off: a hung
/// sound server must not leave "sound starting" on the screen.
pub const OPEN_WAIT: Duration = Duration::from_secs(2);

/// What the audio thread can be asked to do.
pub enum Command {
    /// The sound of the session about to start, at the output's sample
    /// rate; nothing is heard until a running [`Clock`] arrives.
    Session(Arc<Sheet>),
    /// Where the session clock is now.
    Clock(Clock),
    /// The ambient bed on (`true`) or off.
    Bed(bool),
    /// The voice was turned on or off (in the sheet's phrases): what the
    /// device holds is read again from where the clock is.
    VoiceSwitched,
    /// Set our own volume, a linear gain from 0.0 to 1.0 (out-of-range
    /// values are clamped; NaN is ignored). Changes ramp over a few
    /// milliseconds so they never click.
    SetVolume(f32),
    /// Mute (`true`) or unmute; the volume is kept.
    Mute(bool),
    /// Fade out, close the device and end the thread. Sent by
    /// [`Output`]'s `Drop`; later commands are ignored.
    Shutdown,
}

/// The session clock as the audio thread follows it: `position` into the
/// session at the instant `at`, and whether it runs on from there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    pub position: Duration,
    pub at: Instant,
    pub running: bool,
}

impl Clock {
    /// The position at `now`.
    pub fn position_at(&self, now: Instant) -> Duration {
        if self.running {
            self.position + now.saturating_duration_since(self.at)
        } else {
            self.position
        }
    }

    /// When the position reaches `position` (now, if it has).
    pub fn instant_of(&self, position: Duration) -> Instant {
        self.at + position.saturating_sub(self.position)
    }

    /// Whether `other` says the same as this clock, to a millisecond.
    pub fn agrees_with(&self, other: &Clock) -> bool {
        let predicted = self.position_at(other.at);
        self.running == other.running && predicted.abs_diff(other.position) < AGREE
    }
}

/// How far apart two readings of the clock may be and still agree.
const AGREE: Duration = Duration::from_millis(1);

/// Whether sound can be heard, for the status line and the journal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutputState {
    /// The audio thread is still opening the device.
    Starting,
    /// The device opened: what is sent is heard.
    Playing,
    /// Audio is off for the rest of this output's life; the error's
    /// `Display` is the short reason ("no sound device", "device lost").
    Off(AlsaError),
}

/// How long dropping an [`Output`] waits for the thread to fade out and
/// close the device before leaving it behind (a stuck device must not hang
/// exit).
const SHUTDOWN_WAIT: Duration = Duration::from_secs(1);

/// The sound output: a handle to the audio thread.
///
/// Dropping it shuts the thread down, waiting at most one second.
pub struct Output {
    commands: Sender<Command>,
    shared: Arc<Shared>,
    /// Disconnected when the thread has finished.
    finished: Receiver<()>,
    thread: Option<JoinHandle<()>>,
}

impl Output {
    /// Starts the audio thread for the ALSA `device` (usually
    /// [`DEFAULT_DEVICE`]) at `sample_rate` frames a second with `channels`
    /// interleaved channels; the device is opened by [`Output::open`], and
    /// commands wait for it. Never fails and never waits: the state is
    /// [`OutputState::Starting`] until the device opens; if sound cannot
    /// be played, it becomes [`OutputState::Off`] with the reason, and
    /// commands are accepted and ignored.
    pub fn new(device: &str, sample_rate: u32, channels: u16) -> Output {
        let (commands, receiver) = mpsc::channel();
        let (finished_sender, finished) = mpsc::channel();
        let shared = Arc::new(Shared {
            status: Mutex::new(Status {
                state: OutputState::Starting,
                opening: None,
                closing: false,
                quiet: true,
            }),
            changed: Condvar::new(),
            heard: AtomicBool::new(false),
        });
        let device = device.to_owned();
        let thread_shared = Arc::clone(&shared);
        let spawned = thread::Builder::new()
            .name("stillpoint-audio".into())
            .spawn(move || {
                let _finished = finished_sender;
                if thread_shared.asked_to_open() {
                    engine::run(&device, sample_rate, channels, &receiver, &thread_shared);
                }
            });
        let thread = match spawned {
            Ok(thread) => Some(thread),
            Err(error) => {
                shared.set(OutputState::Off(AlsaError::Unavailable(format!(
                    "cannot start the audio thread: {error}"
                ))));
                None
            }
        };
        Output {
            commands,
            shared,
            finished,
            thread,
        }
    }

    /// Opens the device, on the thread, if it has not been asked to yet;
    /// the [`OPEN_WAIT`] for it begins now.
    pub fn open(&self) {
        let mut status = self.shared.status();
        if status.asked() {
            return;
        }
        status.opening = Some(Instant::now());
        drop(status);
        self.shared.changed.notify_all();
    }

    /// Whether sound is on, and if not, why. A device that has been
    /// opening for longer than [`OPEN_WAIT`] is off.
    pub fn state(&self) -> OutputState {
        let status = self.shared.status();
        match status.opening {
            Some(since) if since.elapsed() >= OPEN_WAIT => OutputState::Off(not_answering()),
            _ => status.state.clone(),
        }
    }

    /// Waits until the device has been opened or has failed, at most
    /// `timeout` (and never past [`OPEN_WAIT`]), and returns the state.
    pub fn wait_started(&self, timeout: Duration) -> OutputState {
        let status = self.shared.status();
        let left = status.opening.map_or(Duration::ZERO, |since| {
            OPEN_WAIT.saturating_sub(since.elapsed())
        });
        let _ = self
            .shared
            .changed
            .wait_timeout_while(status, timeout.min(left), |status| {
                status.state == OutputState::Starting
            })
            .unwrap_or_else(PoisonError::into_inner);
        self.state()
    }

    /// Waits until nothing is left to be heard (the session's sound has
    /// played to its end and the device has played what it held, or the
    /// session was stopped and has faded), or sound is off, at most
    /// `timeout`. Whether it is quiet.
    pub fn wait_quiet(&self, timeout: Duration) -> bool {
        let status = self.shared.status();
        let (status, _) = self
            .shared
            .changed
            .wait_timeout_while(status, timeout, |status| {
                !status.quiet && !matches!(status.state, OutputState::Off(_))
            })
            .unwrap_or_else(PoisonError::into_inner);
        status.quiet || matches!(status.state, OutputState::Off(_))
    }

    /// Whether sound has reached the device since the last
    /// [`Command::Session`]: written and taken by it, not silence, not
    /// muted. A device lost afterwards does not take that back.
    pub fn heard(&self) -> bool {
        self.shared.heard.load(Ordering::Relaxed)
    }

    /// Sends a command to the audio thread. Never blocks; a command the
    /// thread can no longer take is dropped.
    pub fn send(&self, command: Command) {
        // An error means the thread has ended; the command has nowhere to go.
        let _ = self.commands.send(command);
    }
}

impl Drop for Output {
    fn drop(&mut self) {
        self.shared.status().closing = true;
        self.shared.changed.notify_all();
        self.send(Command::Shutdown);
        if let Err(RecvTimeoutError::Disconnected) = self.finished.recv_timeout(SHUTDOWN_WAIT)
            && let Some(thread) = self.thread.take()
        {
            // The thread has finished; a panic in it was already caught.
            let _ = thread.join();
        }
    }
}

/// The reason given for a device that does not finish opening.
fn not_answering() -> AlsaError {
    AlsaError::NoAnswer(format!(
        "the device did not open within {} s",
        OPEN_WAIT.as_secs()
    ))
}

/// State the audio thread publishes and the UI reads.
struct Shared {
    status: Mutex<Status>,
    changed: Condvar,
    /// Sound reached the device during this session.
    heard: AtomicBool,
}

struct Status {
    state: OutputState,
    /// Since when the thread has been opening the device, while it is.
    opening: Option<Instant>,
    /// The [`Output`] is being dropped.
    closing: bool,
    /// Nothing is being heard or left to hear: no session, a stopped
    /// clock, or a session whose sound has all been played.
    quiet: bool,
}

impl Status {
    /// [`Output::open`] has been called: the device is opening, has
    /// opened or has failed (or the thread could not start).
    fn asked(&self) -> bool {
        self.opening.is_some() || self.state != OutputState::Starting
    }
}

impl Shared {
    fn status(&self) -> MutexGuard<'_, Status> {
        self.status.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn set(&self, state: OutputState) {
        let mut status = self.status();
        status.state = state;
        status.opening = None;
        drop(status);
        self.changed.notify_all();
    }

    /// Whether anything is still to be heard.
    fn quiet(&self, quiet: bool) {
        let mut status = self.status();
        if status.quiet != quiet {
            status.quiet = quiet;
            drop(status);
            self.changed.notify_all();
        }
    }

    /// Waits until the device is to be opened: true; or until the output
    /// is dropped first: false.
    fn asked_to_open(&self) -> bool {
        let status = self
            .changed
            .wait_while(self.status(), |status| !status.asked() && !status.closing)
            .unwrap_or_else(PoisonError::into_inner);
        !status.closing
    }

    /// The thread starts (`Some`) or has finished (`None`) opening the
    /// device; a start already under way keeps its first instant.
    fn opening(&self, since: Option<Instant>) {
        let mut status = self.status();
        status.opening = since.and(status.opening.or(since));
    }
}
