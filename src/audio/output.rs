//! The audio thread: it owns the sound device, mixes whatever it is asked
//! to play, and keeps going silently when there is no device, no
//! `libasound`, or the device disappears.
//!
//! [`Output::start`] never fails and returns at once; the device is opened
//! on the thread, so a slow sound server cannot delay the first frame of the
//! UI. Everything else is a [`Command`] sent over an unbounded channel:
//! sending never blocks and never panics, whatever state the thread is in.
//! The UI reads [`Output::state`] for the status line.
//!
//! Sound is mixed in blocks of 10 ms and written with blocking writes, so
//! the thread sleeps while the device plays. The device buffer holds
//! [`BUFFER_TIME`](super::alsa::BUFFER_TIME), 50 ms (2,400 frames at
//! 48 kHz). The thread looks at its commands between blocks, and a block
//! waits behind at most a full buffer, so a source sent with
//! [`Command::Play`] reaches the device within about one buffer and one
//! block: 60 ms, under the 100 ms we allow from a cue's offset to the
//! device. [`Output::latency`] reports that figure for the buffer the
//! device actually chose; a sound server behind ALSA (PulseAudio, PipeWire)
//! adds its own.
//!
//! When nothing has played for two seconds the device is drained and
//! stopped, and the thread sleeps on the channel until the next command:
//! no wake-ups and no silence written while idle.

use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, TryRecvError};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use super::alsa::{AlsaError, Pcm};

/// The ALSA device used unless the configuration names another.
pub const DEFAULT_DEVICE: &str = "default";

/// Something to play: interleaved `f32` samples (nominally −1.0 to 1.0) at
/// the output's sample rate and channel count. It plays until it returns
/// `None`.
pub type Source = Box<dyn Iterator<Item = f32> + Send>;

/// What the audio thread can be asked to do.
pub enum Command {
    /// Mix this source in with whatever else is playing.
    Play(Source),
    /// Set our own volume, a linear gain from 0.0 to 1.0 (out-of-range
    /// values are clamped; NaN is ignored). Changes ramp over one block so
    /// they never click.
    SetVolume(f32),
    /// Mute (`true`) or unmute; the volume is kept.
    Mute(bool),
    /// Stop every source and silence the device at once.
    Stop,
    /// Let what the device already holds play out, close it and end the
    /// thread. Sent by [`Output`]'s `Drop`; later commands are ignored.
    Shutdown,
}

/// Whether sound can be heard, for the status line and the journal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutputState {
    /// The audio thread is still opening the device.
    Starting,
    /// The device is open: anything sent is heard.
    Playing,
    /// Audio is off for the rest of this output's life; the error's
    /// `Display` is the short reason ("no sound device", "device lost").
    Off(AlsaError),
}

/// Length of one mixing block.
const BLOCK: Duration = Duration::from_millis(10);

/// How many silent blocks (two seconds) are written after the last source
/// ends before the device is stopped, so cues a second apart do not stop and
/// restart it each time.
const LINGER_BLOCKS: u32 = 200;

/// How long dropping an [`Output`] waits for the thread to drain and close
/// the device before leaving it behind (a stuck device must not hang exit).
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
    /// interleaved channels. Never fails and never waits for the device: if
    /// sound cannot be played, [`Output::state`] soon becomes
    /// [`OutputState::Off`] with the reason, and commands are accepted and
    /// ignored.
    pub fn start(device: &str, sample_rate: u32, channels: u16) -> Output {
        let (commands, receiver) = mpsc::channel();
        let (finished_sender, finished) = mpsc::channel();
        let shared = Arc::new(Shared {
            status: Mutex::new(Status {
                state: OutputState::Starting,
                latency: None,
            }),
            changed: Condvar::new(),
        });
        let device = device.to_owned();
        let thread_shared = Arc::clone(&shared);
        let spawned = thread::Builder::new()
            .name("stillpoint-audio".into())
            .spawn(move || {
                let _finished = finished_sender;
                run(&device, sample_rate, channels, &receiver, &thread_shared);
            });
        let thread = match spawned {
            Ok(thread) => Some(thread),
            Err(error) => {
                shared.set(
                    OutputState::Off(AlsaError::Unavailable(format!(
                        "cannot start the audio thread: {error}"
                    ))),
                    None,
                );
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

    /// Whether sound is on, and if not, why.
    pub fn state(&self) -> OutputState {
        self.shared.status().state.clone()
    }

    /// Waits until the device has been opened or has failed, at most
    /// `timeout`, and returns the state (still [`OutputState::Starting`] if
    /// the time ran out).
    pub fn wait_started(&self, timeout: Duration) -> OutputState {
        let status = self.shared.status();
        let (status, _) = self
            .shared
            .changed
            .wait_timeout_while(status, timeout, |status| {
                status.state == OutputState::Starting
            })
            .unwrap_or_else(PoisonError::into_inner);
        status.state.clone()
    }

    /// About the longest delay from sending [`Command::Play`] to the sound
    /// reaching the device: the device's buffer plus one mixing block
    /// (60 ms unless the device rounded the buffer). `None` unless the
    /// device was opened.
    pub fn latency(&self) -> Option<Duration> {
        self.shared.status().latency
    }

    /// Sends a command to the audio thread. Never blocks; a command the
    /// thread can no longer take is dropped.
    pub fn send(&self, command: Command) {
        // An error means the thread has ended; the command has nowhere to go.
        let _ = self.commands.send(command);
    }

    /// Another sender for commands, for a thread that feeds sound on its own.
    pub fn sender(&self) -> Sender<Command> {
        self.commands.clone()
    }
}

impl Drop for Output {
    fn drop(&mut self) {
        self.send(Command::Shutdown);
        if let Err(RecvTimeoutError::Disconnected) = self.finished.recv_timeout(SHUTDOWN_WAIT)
            && let Some(thread) = self.thread.take()
        {
            // The thread has finished; a panic in it was already caught.
            let _ = thread.join();
        }
    }
}

/// State the audio thread publishes and the UI reads.
struct Shared {
    status: Mutex<Status>,
    changed: Condvar,
}

struct Status {
    state: OutputState,
    latency: Option<Duration>,
}

impl Shared {
    fn status(&self) -> MutexGuard<'_, Status> {
        self.status.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn set(&self, state: OutputState, latency: Option<Duration>) {
        *self.status() = Status { state, latency };
        self.changed.notify_all();
    }
}

/// The body of the audio thread.
fn run(
    device: &str,
    sample_rate: u32,
    channels: u16,
    commands: &Receiver<Command>,
    shared: &Shared,
) {
    let played = panic::catch_unwind(AssertUnwindSafe(|| {
        let mut pcm = Pcm::open(device, sample_rate, channels)?;
        let frames = BLOCK.as_micros() * u128::from(sample_rate) / 1_000_000;
        let frames = usize::try_from(frames).unwrap_or(usize::MAX).max(1);
        shared.set(OutputState::Playing, Some(pcm.buffer_time() + BLOCK));
        play(&mut pcm, commands, frames, usize::from(channels))
    }));
    let error = match played {
        Ok(Ok(())) => return,
        Ok(Err(error)) => error,
        Err(_) => AlsaError::Unavailable("the audio thread failed".into()),
    };
    shared.set(OutputState::Off(error), None);
    // Keep taking commands so senders never notice; sources are dropped.
    for command in commands {
        if let Command::Shutdown = command {
            break;
        }
    }
}

/// Plays until [`Command::Shutdown`] (or every sender is gone), mixing
/// blocks of `frames` frames of `channels` samples. An error means the
/// device is lost.
fn play(
    pcm: &mut Pcm,
    commands: &Receiver<Command>,
    frames: usize,
    channels: usize,
) -> Result<(), AlsaError> {
    let mut mixer = Mixer::new(channels);
    let mut block = vec![0_i16; frames * channels];
    // Whether the device is started and being fed; `open` leaves it ready.
    let mut running = false;
    let mut silent_blocks = 0;
    loop {
        // Take every pending command. Wait for one only when the device is
        // stopped and there is nothing to play.
        loop {
            let command = if running || !mixer.is_idle() {
                match commands.try_recv() {
                    Ok(command) => command,
                    Err(TryRecvError::Empty) => break,
                    Err(TryRecvError::Disconnected) => Command::Shutdown,
                }
            } else {
                commands.recv().unwrap_or(Command::Shutdown)
            };
            match command {
                Command::Shutdown => {
                    if running {
                        // Closing anyway: a failure here changes nothing.
                        let _ = pcm.drain();
                    }
                    return Ok(());
                }
                Command::Stop => {
                    mixer.stop();
                    if running {
                        pcm.discard()?;
                        running = false;
                    }
                }
                Command::Play(source) => mixer.play(source),
                Command::SetVolume(volume) => mixer.set_volume(volume),
                Command::Mute(muted) => mixer.muted = muted,
            }
        }

        if mixer.is_idle() {
            silent_blocks += 1;
            if silent_blocks > LINGER_BLOCKS {
                pcm.drain()?;
                running = false;
                continue;
            }
        } else {
            silent_blocks = 0;
        }
        if !running {
            pcm.prepare()?;
            running = true;
        }
        mixer.mix(&mut block);
        pcm.write(&block)?;
    }
}

/// Sums the playing sources into 16-bit blocks, with our volume and mute.
struct Mixer {
    sources: Vec<Source>,
    channels: usize,
    volume: f32,
    muted: bool,
    /// The gain at the end of the last block, where the next ramp starts.
    gain: f32,
    /// The sum of the sources for the block being mixed.
    sum: Vec<f32>,
}

impl Mixer {
    fn new(channels: usize) -> Mixer {
        Mixer {
            sources: Vec::new(),
            channels: channels.max(1),
            volume: 1.0,
            muted: false,
            gain: 1.0,
            sum: Vec::new(),
        }
    }

    fn play(&mut self, source: Source) {
        self.sources.push(source);
    }

    fn set_volume(&mut self, volume: f32) {
        if !volume.is_nan() {
            self.volume = volume.clamp(0.0, 1.0);
        }
    }

    fn stop(&mut self) {
        self.sources.clear();
    }

    /// Nothing is playing.
    fn is_idle(&self) -> bool {
        self.sources.is_empty()
    }

    /// Fills `out` with the next samples of every source, summed, scaled by
    /// the gain (ramped from the last block's to the new one frame by frame)
    /// and clamped to full scale. Sources that end are dropped; the rest of
    /// their share of the block is silence.
    fn mix(&mut self, out: &mut [i16]) {
        self.sum.clear();
        self.sum.resize(out.len(), 0.0);
        let sum = &mut self.sum;
        self.sources.retain_mut(|source| {
            for slot in sum.iter_mut() {
                match source.next() {
                    Some(sample) => *slot += sample,
                    None => return false,
                }
            }
            true
        });

        let target = if self.muted { 0.0 } else { self.volume };
        let start = self.gain;
        let frames = (out.len() / self.channels).max(1) as f32;
        for (index, (out, sum)) in out.iter_mut().zip(&self.sum).enumerate() {
            let progress = ((index / self.channels) + 1) as f32 / frames;
            let gain = start + (target - start) * progress.min(1.0);
            let sample = (sum * gain).clamp(-1.0, 1.0) * f32::from(i16::MAX);
            // In range after the clamp; NaN becomes 0.
            *out = sample.round() as i16;
        }
        self.gain = target;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn constant(value: f32, samples: usize) -> Source {
        Box::new(std::iter::repeat_n(value, samples))
    }

    #[test]
    fn sources_are_summed_and_clamped() {
        let mut mixer = Mixer::new(1);
        mixer.play(constant(0.25, 100));
        mixer.play(constant(0.5, 100));
        let mut out = [0; 4];
        mixer.mix(&mut out);
        assert_eq!(out, [24575; 4]);

        mixer.play(constant(0.75, 100));
        mixer.mix(&mut out);
        assert_eq!(out, [i16::MAX; 4]);
    }

    #[test]
    fn ended_sources_leave_silence_and_are_dropped() {
        let mut mixer = Mixer::new(2);
        mixer.play(constant(-1.0, 3));
        let mut out = [1; 6];
        mixer.mix(&mut out);
        assert_eq!(out, [-i16::MAX, -i16::MAX, -i16::MAX, 0, 0, 0]);
        assert!(mixer.is_idle());
    }

    #[test]
    fn volume_and_mute_ramp_over_one_block() {
        let mut mixer = Mixer::new(2);
        mixer.play(constant(1.0, 1000));
        mixer.set_volume(0.5);
        let mut out = [0; 8];
        mixer.mix(&mut out);
        // Four frames from gain 1.0 down to 0.5, both channels alike.
        let expected = [0.875, 0.75, 0.625, 0.5].map(|g: f32| (g * 32767.0).round() as i16);
        assert_eq!(out, expected.map(|s| [s, s]).concat().as_slice());

        mixer.muted = true;
        mixer.mix(&mut out);
        assert_eq!(out[6..], [0, 0]);
        mixer.mix(&mut out);
        assert_eq!(out, [0; 8]);

        mixer.muted = false;
        mixer.set_volume(f32::NAN);
        mixer.set_volume(7.0);
        mixer.mix(&mut out);
        assert_eq!(out[6..], [i16::MAX, i16::MAX]);
    }

    #[test]
    fn stop_drops_every_source() {
        let mut mixer = Mixer::new(1);
        mixer.play(constant(0.5, 1000));
        mixer.stop();
        assert!(mixer.is_idle());
        let mut out = [1; 4];
        mixer.mix(&mut out);
        assert_eq!(out, [0; 4]);
    }
}
