//! An open playback device.

use std::ffi::{CStr, CString, c_int, c_long, c_uint, c_ulong};
use std::io::ErrorKind;
use std::ptr::{self, NonNull};
use std::time::Duration;

use super::AlsaError;
use super::ffi::{
    ACCESS_RW_INTERLEAVED, Api, FORMAT_S16_LE, OPEN_NONBLOCK, STREAM_PLAYBACK, SndPcm, api,
    system_errors,
};

/// The buffer we ask ALSA for: one second of sound, in periods of a
/// quarter of that, which `snd_pcm_set_params` chooses. The session's sound
/// is known ahead, so it is written a quarter of a second at a time and the
/// program and the sound server both sleep in between; a key that changes
/// what is heard throws away what the device holds instead of waiting for
/// it. The device may round it; [`Pcm::buffer_frames`] says what it chose.
pub const BUFFER_TIME: Duration = Duration::from_secs(1);

/// How many write attempts in a row may fail and be recovered before the
/// device counts as lost, so a device that fails at once forever cannot keep
/// the audio thread spinning.
const MAX_RECOVERIES: u32 = 8;

/// A PCM device open for blocking, interleaved, 16-bit little-endian
/// playback. Closed when dropped.
///
/// Not `Send`: open and use it on the thread that owns the sound.
pub struct Pcm {
    api: &'static Api,
    handle: NonNull<SndPcm>,
    channels: usize,
    buffer: usize,
    period: usize,
}

impl Pcm {
    /// Opens `device` (an ALSA PCM name: `"default"`, `"hw:1,0"`,
    /// `"file:FILE=/tmp/x.wav,FORMAT=wav"`, …) for `channels` interleaved
    /// channels at `sample_rate` frames a second, with a [`BUFFER_TIME`]
    /// buffer and ALSA's resampling allowed.
    ///
    /// The device is opened without waiting, so a device another program
    /// holds is [`AlsaError::Busy`] at once instead of a hang, and then
    /// switched to blocking writes. Loads `libasound` on first use.
    pub fn open(device: &str, sample_rate: u32, channels: u16) -> Result<Pcm, AlsaError> {
        let api = api()?;
        let name = CString::new(device)
            .map_err(|_| AlsaError::NoDevice(format!("{device:?} is not a device name")))?;
        let mut handle = ptr::null_mut();
        // SAFETY: `handle` is a valid place for the result and `name` a
        // NUL-terminated string; both outlive the call.
        let code =
            unsafe { (api.pcm_open)(&mut handle, name.as_ptr(), STREAM_PLAYBACK, OPEN_NONBLOCK) };
        if code < 0 {
            let detail = format!("{device}: {}", message(api, code));
            return Err(match errno_kind(code) {
                ErrorKind::ResourceBusy => AlsaError::Busy(detail),
                _ => AlsaError::NoDevice(detail),
            });
        }
        let handle = NonNull::new(handle)
            .ok_or_else(|| AlsaError::NoDevice(format!("{device}: ALSA returned no device")))?;
        // From here on, dropping `pcm` closes the device on every error path.
        let mut pcm = Pcm {
            api,
            handle,
            channels: usize::from(channels),
            buffer: 0,
            period: 0,
        };

        // SAFETY: `handle` is the open PCM owned by `pcm`.
        let code = unsafe { (api.pcm_nonblock)(pcm.handle.as_ptr(), 0) };
        pcm.check(code, |why| {
            AlsaError::NoDevice(format!("{device}: cannot block on writes: {why}"))
        })?;

        let latency = c_uint::try_from(BUFFER_TIME.as_micros()).unwrap_or(c_uint::MAX);
        // SAFETY: as above; every other argument is passed by value.
        let code = unsafe {
            (api.pcm_set_params)(
                pcm.handle.as_ptr(),
                FORMAT_S16_LE,
                ACCESS_RW_INTERLEAVED,
                c_uint::from(channels),
                sample_rate,
                1,
                latency,
            )
        };
        pcm.check(code, |why| {
            AlsaError::NoDevice(format!(
                "{device}: cannot play 16-bit sound, {channels} channels at {sample_rate} Hz: {why}"
            ))
        })?;

        let (mut buffer, mut period): (c_ulong, c_ulong) = (0, 0);
        // SAFETY: as above; both out-pointers point at live locals.
        let code = unsafe { (api.pcm_get_params)(pcm.handle.as_ptr(), &mut buffer, &mut period) };
        pcm.check(code, |why| {
            AlsaError::NoDevice(format!("{device}: cannot read its buffer size: {why}"))
        })?;
        pcm.buffer = usize::try_from(buffer).unwrap_or(usize::MAX).max(1);
        pcm.period = usize::try_from(period)
            .unwrap_or(usize::MAX)
            .clamp(1, pcm.buffer);
        Ok(pcm)
    }

    /// How many frames the device holds once it is full.
    pub fn buffer_frames(&self) -> usize {
        self.buffer
    }

    /// How many interleaved channels a frame has.
    pub fn channels(&self) -> usize {
        self.channels
    }

    /// How many frames the device takes at a time.
    pub fn period_frames(&self) -> usize {
        self.period
    }

    /// How many frames can be written without waiting, and how many
    /// written frames are still to be heard (a sound server's own delay
    /// included, where it can tell). An underrun is recovered from: the
    /// device is then empty.
    pub fn avail_delay(&mut self) -> Result<(usize, usize), AlsaError> {
        let (mut avail, mut delay) = (0, 0);
        // SAFETY: `handle` is open; both out-pointers point at live locals.
        let code =
            unsafe { (self.api.pcm_avail_delay)(self.handle.as_ptr(), &mut avail, &mut delay) };
        if code >= 0 {
            let frames = |n: c_long| usize::try_from(n).unwrap_or(0);
            return Ok((frames(avail).min(self.buffer), frames(delay)));
        }
        // A sound server cannot tell its delay before the stream has
        // started: count what the buffer holds instead.
        // SAFETY: `handle` is open.
        let code = unsafe { (self.api.pcm_avail)(self.handle.as_ptr()) };
        if let Ok(avail) = usize::try_from(code) {
            let avail = avail.min(self.buffer);
            return Ok((avail, self.buffer - avail));
        }
        let code = c_int::try_from(code).unwrap_or(c_int::MIN);
        // SAFETY: as above; `silent` = 1 keeps ALSA quiet.
        let recovered = unsafe { (self.api.pcm_recover)(self.handle.as_ptr(), code, 1) };
        self.check(recovered, |why| {
            AlsaError::Lost(format!("cannot recover: {why}"))
        })?;
        Ok((self.buffer, 0))
    }

    /// Writes interleaved frames, blocking until the device has taken them
    /// all. Underruns and suspends are recovered from silently; anything
    /// else is [`AlsaError::Lost`], as is a system error that ALSA only
    /// reported (a `file` device on a full disk). A trailing partial frame
    /// is ignored.
    pub fn write(&mut self, samples: &[i16]) -> Result<(), AlsaError> {
        let errors = system_errors();
        self.write_frames(samples)?;
        rejected(errors)
    }

    fn write_frames(&mut self, samples: &[i16]) -> Result<(), AlsaError> {
        let channels = self.channels.max(1);
        let mut rest = &samples[..samples.len() - samples.len() % channels];
        let mut failures = 0;
        while !rest.is_empty() {
            let frames = c_ulong::try_from(rest.len() / channels).unwrap_or(c_ulong::MAX);
            // SAFETY: `handle` is open and `rest` holds at least `frames`
            // whole frames of the format the device was set up with.
            let written =
                unsafe { (self.api.pcm_writei)(self.handle.as_ptr(), rest.as_ptr(), frames) };
            if let Ok(written @ 1..) = usize::try_from(written) {
                rest = &rest[(written * channels).min(rest.len())..];
                failures = 0;
                continue;
            }
            failures += 1;
            if failures > MAX_RECOVERIES {
                return Err(AlsaError::Lost("the device keeps failing".into()));
            }
            let code = c_int::try_from(written).unwrap_or(c_int::MIN);
            if code < 0 {
                // SAFETY: `handle` is open; `silent` = 1 keeps ALSA from
                // reporting the underrun itself.
                let recovered = unsafe { (self.api.pcm_recover)(self.handle.as_ptr(), code, 1) };
                self.check(recovered, |why| {
                    AlsaError::Lost(format!("write failed: {why}"))
                })?;
            }
        }
        Ok(())
    }

    /// Makes a stopped device ready to play again (after
    /// [`Pcm::drain`] or [`Pcm::discard`]).
    pub fn prepare(&mut self) -> Result<(), AlsaError> {
        // SAFETY: `handle` is open.
        let code = unsafe { (self.api.pcm_prepare)(self.handle.as_ptr()) };
        self.check(code, |why| {
            AlsaError::Lost(format!("cannot restart: {why}"))
        })
    }

    /// Blocks until everything written has been played, then stops.
    pub fn drain(&mut self) -> Result<(), AlsaError> {
        let errors = system_errors();
        // SAFETY: `handle` is open.
        let code = unsafe { (self.api.pcm_drain)(self.handle.as_ptr()) };
        self.check(code, |why| AlsaError::Lost(format!("cannot drain: {why}")))?;
        rejected(errors)
    }

    /// Stops at once, throwing away what has not been played yet.
    pub fn discard(&mut self) -> Result<(), AlsaError> {
        // SAFETY: `handle` is open.
        let code = unsafe { (self.api.pcm_drop)(self.handle.as_ptr()) };
        self.check(code, |why| AlsaError::Lost(format!("cannot stop: {why}")))
    }

    /// `Ok` for a non-negative ALSA return code, else `error` of its message.
    fn check(&self, code: c_int, error: impl FnOnce(String) -> AlsaError) -> Result<(), AlsaError> {
        if code < 0 {
            Err(error(message(self.api, code)))
        } else {
            Ok(())
        }
    }
}

impl Drop for Pcm {
    fn drop(&mut self) {
        // SAFETY: `handle` is open and is never used again. The result is
        // ignored: there is nothing left to do with a device that fails to
        // close.
        unsafe { (self.api.pcm_close)(self.handle.as_ptr()) };
    }
}

/// [`AlsaError::Lost`] if ALSA has reported a system error on this thread
/// since it had reported `before`.
fn rejected(before: u32) -> Result<(), AlsaError> {
    if system_errors() == before {
        Ok(())
    } else {
        Err(AlsaError::Lost("the device did not take the sound".into()))
    }
}

/// ALSA's text for a negative return code.
fn message(api: &Api, code: c_int) -> String {
    // SAFETY: `snd_strerror` accepts any number and returns a pointer to a
    // static string (or NULL, handled below).
    let text = unsafe { (api.strerror)(code) };
    if text.is_null() {
        return format!("error {code}");
    }
    // SAFETY: non-NULL results of `snd_strerror` are NUL-terminated and
    // static.
    unsafe { CStr::from_ptr(text) }
        .to_string_lossy()
        .into_owned()
}

/// The kind of the system error behind a negative ALSA return code.
fn errno_kind(code: c_int) -> ErrorKind {
    std::io::Error::from_raw_os_error(code.saturating_neg()).kind()
}
