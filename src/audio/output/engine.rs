//! The body of the audio thread: when to open the device, how much of the
//! score to write, when to sleep and when to close.
//!
//! Two kinds of device are met. A sound card or a sound server holds what
//! is written and plays it at its own pace ("paced"): the thread keeps its
//! buffer full, wakes when a period has room, and keeps the position being
//! heard in step with the session clock, slipping a sample now and then
//! (a crystal is off by a few parts in 100,000) or starting again from the
//! clock when far off. A device that takes everything at once (ALSA's
//! `null`, the `file` plugin) is "unpaced": the thread writes only what the
//! session clock has reached, a period at a time, so the file holds the
//! session exactly as it was heard and costs what a sound card does. The
//! first write tells which kind the device is.

use std::collections::VecDeque;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{Receiver, RecvTimeoutError, TryRecvError};
use std::time::{Duration, Instant};

use super::stream::Stream;
use super::{Clock, Command, OPEN_WAIT, OutputState, Shared, not_answering};
use crate::audio::alsa::{AlsaError, Pcm};
use crate::audio::score::{Bed, Score};
use crate::audio::sheet::Sheet;

/// How long before the next sound a closed device is opened again: time
/// for a slow sound server to answer and for its first stream to settle
/// (an idle PulseAudio starts a new stream most of a second late, and its
/// word on the delay is only right once it has started), so the sound
/// still starts on its sample.
const OPEN_LEAD: Duration = Duration::from_millis(2500);
/// Silence longer than this ahead closes the device.
const CLOSE_AFTER: Duration = Duration::from_secs(4);
/// The device's clock and the session's agree within this (a sound
/// server's reading of its delay wanders by a few milliseconds between its
/// timing updates; a sound card's crystal takes a minute or more to drift
/// this far)...
const IN_STEP: Duration = Duration::from_millis(5);
/// ...and further apart than this the sound starts again from the clock.
const OUT_OF_STEP: Duration = Duration::from_millis(25);
/// A reading further out than this is not believed (see `feed`).
const FAR_OUT: Duration = Duration::from_millis(250);
/// The stream is begun again at most this often; slipping brings it in
/// between.
const REALIGN_EVERY: Duration = Duration::from_secs(5);
/// Between the two, at most one sample in this many is slipped.
const SLIP_EVERY: usize = 500;
/// The shortest sleep, so a late deadline cannot spin.
const MIN_WAIT: Duration = Duration::from_millis(2);
/// How often the delay is read while the readings do not yet agree (a
/// stream starting, or a reading out of line), so that a stream that
/// started late is put right before its first sound.
const SETTLING_WAIT: Duration = Duration::from_millis(50);
/// Readings of the offset this far apart agree: the device says the same
/// thing each time.
const SETTLED: Duration = Duration::from_millis(3);

/// Runs the audio thread until [`Command::Shutdown`] or until every sender
/// is gone; a failure turns the output off and the commands are then taken
/// and dropped.
pub(super) fn run(
    device: &str,
    sample_rate: u32,
    channels: u16,
    commands: &Receiver<Command>,
    shared: &Shared,
) {
    let served = panic::catch_unwind(AssertUnwindSafe(|| {
        let mut engine = Engine {
            device,
            rate: sample_rate.max(1),
            channels,
            commands,
            shared,
            sheet: None,
            clock: None,
            bed: true,
            volume: 1.0,
            muted: false,
            open: None,
            spare: None,
            paced: None,
            realigned: None,
        };
        engine.probe()?;
        engine.serve()
    }));
    let error = match served {
        Ok(Ok(())) => return,
        Ok(Err(error)) => error,
        Err(_) => AlsaError::Unavailable("the audio thread failed".into()),
    };
    shared.set(OutputState::Off(error));
    // Keep taking commands so senders never notice; sheets are dropped.
    for command in commands {
        if let Command::Shutdown = command {
            break;
        }
    }
}

struct Engine<'a> {
    device: &'a str,
    rate: u32,
    channels: u16,
    commands: &'a Receiver<Command>,
    shared: &'a Shared,
    sheet: Option<Arc<Sheet>>,
    clock: Option<Clock>,
    bed: bool,
    volume: f32,
    muted: bool,
    /// The device while it is open, and what it plays.
    open: Option<Open>,
    /// The device opened to see that it works, until it is needed.
    spare: Option<Pcm>,
    /// What kind of device this is, once a write has told.
    paced: Option<bool>,
    /// When the stream was last begun again because the device's delay
    /// said it was out of step. Nothing is learnt from it: PulseAudio's
    /// delay covers the whole way to the ear, and how late or early one
    /// new stream starts says nothing of the next (learning it made each
    /// correction the cause of the next).
    realigned: Option<Instant>,
}

struct Open {
    pcm: Pcm,
    stream: Stream,
    /// Started from the clock's position (not where it was planned).
    from_clock: bool,
    /// How far the position heard was from the clock's at the last few
    /// wakes, in samples. A sound server's word on its delay is not always
    /// right: while a stream starts it is a guess, and now and then a
    /// reading is a period out. Only readings that agree are acted on.
    offs: Readings,
    /// Since when this stream has been written to, and how many frames
    /// had been written before: however soon the device says it has room,
    /// no more than a buffer is ever in flight by our own count (the
    /// pulse plugin says a freshly started stream has a whole buffer of
    /// room, and its delay is a guess until the stream has started).
    flowing: Option<(Instant, u64)>,
    taken: Taken,
}

/// Whether sound written has been taken by the device: once a whole buffer
/// more has gone in after it without an error (a plugin may hold a buffer
/// before it fails), or it has been drained without one.
#[derive(Default)]
struct Taken {
    /// Samples written so far.
    written: u64,
    /// Where the first sound written will have been taken, until it is.
    sound: Option<u64>,
}

impl Engine<'_> {
    /// Opens the device once, so the status line can say at once whether
    /// there is sound; kept open until a session needs it.
    fn probe(&mut self) -> Result<(), AlsaError> {
        let pcm = self.open_pcm()?;
        self.shared.set(OutputState::Playing);
        self.spare = Some(pcm);
        Ok(())
    }

    fn serve(&mut self) -> Result<(), AlsaError> {
        loop {
            let wake = self.work()?;
            self.shared.quiet(self.is_quiet());
            let first = match wake {
                None => self.commands.recv().unwrap_or(Command::Shutdown),
                Some(at) => {
                    let wait = at.saturating_duration_since(Instant::now()).max(MIN_WAIT);
                    match self.commands.recv_timeout(wait) {
                        Ok(command) => command,
                        Err(RecvTimeoutError::Timeout) => continue,
                        Err(RecvTimeoutError::Disconnected) => Command::Shutdown,
                    }
                }
            };
            let mut next = Some(first);
            while let Some(command) = next {
                if !self.apply(command)? {
                    return Ok(());
                }
                next = match self.commands.try_recv() {
                    Ok(command) => Some(command),
                    Err(TryRecvError::Empty) => None,
                    Err(TryRecvError::Disconnected) => Some(Command::Shutdown),
                };
            }
        }
    }

    /// Carries out one command; false once the thread is to end.
    fn apply(&mut self, command: Command) -> Result<bool, AlsaError> {
        match command {
            Command::Session(sheet) => {
                self.stop()?;
                self.sheet = Some(sheet);
                self.clock = None;
                self.shared.heard.store(false, Ordering::Relaxed);
            }
            Command::Clock(clock) => {
                let old = self.clock.replace(clock);
                if self.open.is_some() {
                    self.catch_up(old, clock.at)?;
                    if !clock.running {
                        self.stop()?;
                    } else if !old.is_some_and(|old| old.agrees_with(&clock)) {
                        self.jump(Bed::Playing)?;
                    }
                }
            }
            Command::Bed(on) if on != self.bed => {
                self.bed = on;
                if self.open.is_some() {
                    self.catch_up(self.clock, Instant::now())?;
                    self.jump(Bed::FadingIn)?;
                }
            }
            Command::Bed(_) => {}
            Command::VoiceSwitched => {
                if self.open.is_some() {
                    self.catch_up(self.clock, Instant::now())?;
                    self.jump(Bed::Playing)?;
                }
            }
            Command::SetVolume(volume) => {
                if !volume.is_nan() {
                    self.volume = volume.clamp(0.0, 1.0);
                    self.regain()?;
                }
            }
            Command::Mute(muted) => {
                self.muted = muted;
                self.regain()?;
            }
            Command::Shutdown => {
                self.stop()?;
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Whether nothing is being heard or left to hear.
    fn is_quiet(&self) -> bool {
        if self.open.is_some() {
            return false;
        }
        let (Some(sheet), Some(clock)) = (&self.sheet, self.clock) else {
            return true;
        };
        let now = self.samples(clock.position_at(Instant::now()));
        !clock.running || sheet.next_sound(now, self.bed).is_none()
    }

    /// Does what is due now; when to wake next if no command comes first
    /// (`None`: only for a command).
    fn work(&mut self) -> Result<Option<Instant>, AlsaError> {
        let (Some(sheet), Some(clock)) = (self.sheet.clone(), self.clock) else {
            self.spare = None;
            return Ok(None);
        };
        if !clock.running {
            self.spare = None;
            return Ok(None);
        }
        if self.open.is_none() {
            let now = self.samples(clock.position_at(Instant::now()));
            let Some(next) = sheet.next_sound(now, self.bed) else {
                self.spare = None;
                return Ok(None);
            };
            let lead = self.samples(OPEN_LEAD);
            if next > now + lead {
                self.spare = None;
                return Ok(Some(clock.instant_of(self.time(next - lead))));
            }
            let planned = self.samples(clock.position).max(next.saturating_sub(lead));
            let pcm = self.open_pcm()?;
            let from_clock = self.paced == Some(true);
            let from = if from_clock {
                self.clock_ahead(clock)
            } else {
                planned
            };
            let score = Score::reading(sheet.clone(), from, self.bed_from(Bed::FadingIn));
            self.open = Some(Open {
                pcm,
                stream: Stream::new(score, self.channels, self.gain()),
                from_clock,
                offs: Readings::default(),
                flowing: None,
                taken: Taken::default(),
            });
        }
        self.feed(clock, &sheet)
    }

    /// Writes what the device has room for and the clock allows.
    fn feed(&mut self, clock: Clock, sheet: &Arc<Sheet>) -> Result<Option<Instant>, AlsaError> {
        let now = Instant::now();
        let position = self.samples(clock.position_at(now));
        let (rate, bed, shared) = (self.rate, self.bed, self.shared);
        let close_after = self.samples(CLOSE_AFTER);
        let (in_step, out_of_step) = (self.samples(IN_STEP), self.samples(OUT_OF_STEP));
        let settled = self.samples(SETTLED);
        let far_out = self.samples(FAR_OUT);
        let Some(open) = self.open.as_mut() else {
            return Ok(None);
        };
        let (avail, delay) = open.pcm.avail_delay()?;
        let heard = open.stream.heard(delay);
        if open.stream.is_over() {
            if delay == 0 {
                self.close_quiet()?;
                return Ok(Some(now));
            }
            return Ok(Some(now + frames_time(delay, rate)));
        }
        let written = open.stream.written();
        if open.stream.is_quiet() {
            let next = sheet.next_sound(written, bed);
            let silence = next.map_or(u64::MAX, |next| next.saturating_sub(position));
            if silence > close_after {
                self.close_quiet()?;
                return Ok(Some(now));
            }
        }
        let (period, buffer) = (open.pcm.period_frames(), open.pcm.buffer_frames());
        match self.paced {
            Some(false) => {
                let behind = position.saturating_sub(written) as usize;
                if behind > 0 {
                    let frames = open.stream.next(behind, 0);
                    write(&mut open.pcm, &mut open.taken, frames, shared)?;
                }
                Ok(Some(now + frames_time(period, rate)))
            }
            None => {
                let frames = open.stream.next(period, 0);
                write(&mut open.pcm, &mut open.taken, frames, shared)?;
                let (after, _) = open.pcm.avail_delay()?;
                let paced = after < buffer;
                self.paced = Some(paced);
                if paced && !open.from_clock {
                    // Nothing has been heard yet: start again where the
                    // clock will be when it is.
                    open.pcm.discard()?;
                    open.pcm.prepare()?;
                    let from = self.clock_ahead(clock);
                    let score = Score::reading(sheet.clone(), from, self.bed_from(Bed::FadingIn));
                    let gain = self.gain();
                    if let Some(open) = self.open.as_mut() {
                        open.stream = Stream::new(score, self.channels, gain);
                        open.from_clock = true;
                        open.taken = Taken::default();
                        open.flowing = None;
                    }
                }
                Ok(Some(now))
            }
            Some(true) => {
                let off = open.offs.take(heard as i64 - position as i64, settled);
                // A reading far out is not believed: PulseAudio's delay for
                // a stream just begun runs on, stands still, then says the
                // stream is its prebuffer (750 ms) late while the monitor
                // hears it on time; acting on it skipped what came next.
                // A little out, the stream is begun again at most every few
                // seconds, so a device whose word is never quite right is
                // not begun again and again.
                let recent = self
                    .realigned
                    .is_some_and(|at| now.duration_since(at) < REALIGN_EVERY);
                let off = off.filter(|off| off.unsigned_abs() <= far_out);
                if let Some(off) = off
                    && off.unsigned_abs() > out_of_step
                    && !recent
                {
                    self.realigned = Some(now);
                    self.jump(Bed::Playing)?;
                    return Ok(Some(now));
                }
                let off = off.unwrap_or(0);
                // Keep a buffer's worth queued, a period or more at a time.
                // The delay is what the device says is still to be heard; a
                // sound server may say it has room for more than that.
                let sent = open.taken.written / open.pcm.channels().max(1) as u64;
                let in_flight = open.flowing.map_or(0, |(since, before)| {
                    let played = (now.duration_since(since).as_secs_f64() * f64::from(rate)) as u64;
                    (sent - before).saturating_sub(played)
                });
                let mut queued = delay.max(usize::try_from(in_flight).unwrap_or(usize::MAX));
                let wanted = buffer.saturating_sub(queued).min(avail);
                if wanted >= period / 2 || queued == 0 {
                    open.flowing.get_or_insert((now, sent));
                    let slip = if off.unsigned_abs() > in_step {
                        let most = (wanted / SLIP_EVERY).max(1) as i64;
                        -off.signum() * most.min(off.abs())
                    } else {
                        0
                    };
                    let frames = open.stream.next(wanted, slip);
                    write(&mut open.pcm, &mut open.taken, frames, shared)?;
                    queued += wanted;
                }
                // Wake when a period has room, and a little more: a sound
                // server gives room only when it asks for more, just after.
                let low = (buffer - period).saturating_sub(period / 8);
                let mut wait = frames_time(queued.saturating_sub(low), rate);
                if !open.offs.settled(settled) {
                    wait = wait.min(SETTLING_WAIT);
                }
                Ok(Some(now + wait.max(MIN_WAIT)))
            }
        }
    }

    /// Before the clock changes, a device that plays only what the clock
    /// has reached gets the sound up to where the old clock was at `at`.
    fn catch_up(&mut self, old: Option<Clock>, at: Instant) -> Result<(), AlsaError> {
        let (Some(old), Some(open)) = (old, self.open.as_mut()) else {
            return Ok(());
        };
        if self.paced != Some(false) {
            return Ok(());
        }
        let until = super::super::samples_in(old.position_at(at), sample_rate(self.rate));
        let behind = until.saturating_sub(open.stream.written()) as usize;
        if behind > 0 {
            let frames = open.stream.next(behind, 0);
            write(&mut open.pcm, &mut open.taken, frames, self.shared)?;
        }
        Ok(())
    }

    /// Goes on from where the clock is now, with the bed as `bed` asks
    /// (when it is on): what the device holds is thrown away, and what was
    /// being heard fades out under the new sound.
    fn jump(&mut self, bed: Bed) -> Result<(), AlsaError> {
        let (Some(sheet), Some(clock)) = (self.sheet.clone(), self.clock) else {
            return Ok(());
        };
        let paced = self.paced;
        let from = if paced == Some(false) {
            self.samples(clock.position)
        } else {
            self.clock_ahead(clock)
        };
        let score = Score::reading(sheet, from, self.bed_from(bed));
        let Some(open) = self.open.as_mut() else {
            return Ok(());
        };
        if paced != Some(false) {
            let (_, delay) = open.pcm.avail_delay()?;
            open.stream.heard(delay);
            open.pcm.discard()?;
            open.pcm.prepare()?;
        }
        open.stream.jump(score);
        open.from_clock = paced == Some(true);
        open.offs.clear();
        open.flowing = None;
        Ok(())
    }

    /// Fades out what is being heard and closes the device.
    fn stop(&mut self) -> Result<(), AlsaError> {
        let Some(mut open) = self.open.take() else {
            return Ok(());
        };
        if self.paced != Some(false) {
            let (_, delay) = open.pcm.avail_delay()?;
            open.stream.heard(delay);
            open.pcm.discard()?;
            open.pcm.prepare()?;
        }
        let frames = open.stream.stop();
        write(&mut open.pcm, &mut open.taken, frames, self.shared)?;
        open.pcm.drain()?;
        open.taken.confirm(self.shared);
        Ok(())
    }

    /// Closes the device while nothing is to be heard: what it holds is
    /// silence. A device that plays as fast as it is written to may still
    /// hold sound of its own, which it writes out now.
    fn close_quiet(&mut self) -> Result<(), AlsaError> {
        let Some(mut open) = self.open.take() else {
            return Ok(());
        };
        if self.paced == Some(false) {
            open.pcm.drain()?;
        }
        open.taken.confirm(self.shared);
        Ok(())
    }

    /// The volume changed: what the device holds is written again with it.
    fn regain(&mut self) -> Result<(), AlsaError> {
        let gain = self.gain();
        let Some(open) = self.open.as_mut() else {
            return Ok(());
        };
        open.stream.set_gain(gain);
        if self.paced == Some(true) {
            let (_, delay) = open.pcm.avail_delay()?;
            open.stream.heard(delay);
            open.pcm.discard()?;
            open.pcm.prepare()?;
            let frames = open.stream.again();
            write(&mut open.pcm, &mut open.taken, frames, self.shared)?;
        }
        Ok(())
    }

    /// Opens the device (or takes the one opened to probe it). One that
    /// takes longer than [`OPEN_WAIT`] is not used: the status line has
    /// said it is off by then.
    fn open_pcm(&mut self) -> Result<Pcm, AlsaError> {
        if let Some(pcm) = self.spare.take() {
            return Ok(pcm);
        }
        let since = Instant::now();
        self.shared.opening(Some(since));
        let opened = Pcm::open(self.device, self.rate, self.channels);
        self.shared.opening(None);
        let pcm = opened?;
        if since.elapsed() >= OPEN_WAIT {
            return Err(not_answering());
        }
        Ok(pcm)
    }

    /// Where a paced device's next write starts, so that it is heard when
    /// the clock gets there.
    fn clock_ahead(&self, clock: Clock) -> u64 {
        self.samples(clock.position_at(Instant::now()))
    }

    fn bed_from(&self, bed: Bed) -> Bed {
        if self.bed { bed } else { Bed::Off }
    }

    fn gain(&self) -> f32 {
        if self.muted { 0.0 } else { self.volume }
    }

    fn samples(&self, offset: Duration) -> u64 {
        super::super::samples_in(offset, sample_rate(self.rate))
    }

    fn time(&self, samples: u64) -> Duration {
        Duration::from_secs_f64(samples as f64 / f64::from(self.rate))
    }
}

fn sample_rate(hz: u32) -> rodio::SampleRate {
    super::super::sample_rate(hz)
}

fn frames_time(frames: usize, rate: u32) -> Duration {
    Duration::from_secs_f64(frames as f64 / f64::from(rate))
}

/// How many readings of the offset must agree.
const READINGS: usize = 5;

/// The last few readings of how far the position heard is from the
/// clock's, in samples.
#[derive(Default)]
struct Readings(VecDeque<i64>);

impl Readings {
    /// Takes one reading, and returns the middle of the last few once they
    /// all agree within `settled` samples; `None` while they do not (the
    /// stream is starting, or a reading jumped).
    fn take(&mut self, reading: i64, settled: u64) -> Option<i64> {
        if self.0.len() == READINGS {
            self.0.pop_front();
        }
        self.0.push_back(reading);
        if !self.settled(settled) {
            return None;
        }
        let mut sorted: Vec<i64> = self.0.iter().copied().collect();
        sorted.sort_unstable();
        Some(sorted[sorted.len() / 2])
    }

    /// Whether the last few readings agree within `settled` samples.
    fn settled(&self, settled: u64) -> bool {
        let (low, high) = self
            .0
            .iter()
            .fold((i64::MAX, i64::MIN), |(l, h), &x| (l.min(x), h.max(x)));
        self.0.len() == READINGS && high.abs_diff(low) <= settled
    }

    fn clear(&mut self) {
        self.0.clear();
    }
}

/// Writes `frames`, keeping count of what the device has taken.
fn write(
    pcm: &mut Pcm,
    taken: &mut Taken,
    frames: &[i16],
    shared: &Shared,
) -> Result<(), AlsaError> {
    pcm.write(frames)?;
    taken.written += frames.len() as u64;
    if taken.sound.is_none() && frames.iter().any(|&s| s != 0) {
        let buffer = pcm.buffer_frames() * pcm.channels();
        taken.sound = Some(taken.written + buffer as u64);
    }
    if taken.sound.is_some_and(|at| taken.written >= at) {
        taken.confirm(shared);
    }
    Ok(())
}

impl Taken {
    /// The sound written has reached the device.
    fn confirm(&mut self, shared: &Shared) {
        if self.sound.take().is_some() {
            shared.heard.store(true, Ordering::Relaxed);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 3 ms at 48 kHz, as the engine reads it.
    const SETTLED_48K: u64 = 144;

    #[test]
    fn a_reading_that_jumps_by_a_period_moves_nothing() {
        let mut readings = Readings::default();
        for _ in 0..READINGS {
            assert_eq!(
                readings.take(-40, SETTLED_48K).is_some(),
                readings.0.len() == READINGS
            );
        }
        assert_eq!(readings.take(-40, SETTLED_48K), Some(-40));
        // A sound server's delay a period out once: no reading to act on
        // (so no realignment and no slip) until the readings agree again,
        // and then they say what they said before.
        assert_eq!(readings.take(-40 - 12_000, SETTLED_48K), None);
        for _ in 1..READINGS {
            assert_eq!(readings.take(-40, SETTLED_48K), None);
        }
        assert_eq!(readings.take(-40, SETTLED_48K), Some(-40));
    }

    #[test]
    fn a_stream_starting_late_is_acted_on_only_once_it_plays() {
        let mut readings = Readings::default();
        // An idle PulseAudio's new stream: its delay is a guess that looks
        // right, then stands still while the clock runs on (the stream had
        // not started), then plays steadily some 800 ms late.
        for _ in 0..3 {
            readings.take(25, SETTLED_48K);
        }
        for i in 1..=15 {
            assert_eq!(readings.take(25 - i * 2_400, SETTLED_48K), None, "{i}");
        }
        let late = 25 - 16 * 2_400;
        let mut acted = None;
        for _ in 0..READINGS {
            acted = readings.take(late, SETTLED_48K);
        }
        assert_eq!(acted, Some(late), "the whole lateness, once it is known");
    }

    #[test]
    fn readings_that_wander_a_little_agree() {
        let mut readings = Readings::default();
        let mut last = None;
        for reading in [-190, -192, -189, -191, -188, -190] {
            last = readings.take(reading, SETTLED_48K);
        }
        assert_eq!(last, Some(-190));
        readings.clear();
        assert_eq!(readings.take(-190, SETTLED_48K), None);
    }
}
