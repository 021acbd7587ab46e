//! The raw `libasound` functions, looked up once per process.
//!
//! # The quiet error handler
//!
//! ALSA reports problems through a process-wide handler whose C type is
//! variadic:
//!
//! ```c
//! typedef void (*snd_lib_error_handler_t)(const char *file, int line,
//!     const char *function, int err, const char *fmt, ...);
//! ```
//!
//! Stable Rust cannot define a C-variadic function. It does not need to: our
//! handler reads only the fixed `err` argument (never the format or what
//! follows it), so it is an ordinary `extern "C"` function taking the five
//! fixed arguments, and ALSA calls it as if it were variadic.
//! That call is well defined at the machine level wherever the fixed
//! arguments of a variadic call travel exactly as in a non-variadic call and
//! the caller, not the callee, owns any extra argument space. For five
//! integer and pointer arguments that holds on every Linux ABI we build for:
//! x86-64 System V (the caller's `%al` vector count is simply unread), i386
//! cdecl (all on the stack, popped by the caller), AArch64 AAPCS64, 32-bit
//! Arm AAPCS (variadic calls only change how floating-point arguments go)
//! and RISC-V LP64. On any other processor we do not guess: the library is
//! not loaded and audio is reported [`AlsaError::Unavailable`].
//!
//! The alternatives are worse: redirecting file descriptor 2 while ALSA runs
//! would also hide our own UI's errors and races with other threads, and
//! `snd_lib_error_set_local` takes a `va_list` whose layout differs between
//! these same ABIs, only covers the calling thread, and is missing from
//! older libraries. Newer `libasound` (1.2.15 and later) routes its new
//! logging API through the same handler once one is installed, and drops
//! messages of lower priority, so this one call silences every version.

use std::cell::Cell;
use std::ffi::{OsStr, c_char, c_int, c_long, c_uint, c_ulong};
use std::marker::{PhantomData, PhantomPinned};
use std::sync::OnceLock;

use libloading::Library;

use super::{AlsaError, library_name};

/// `snd_pcm_t`: an open PCM, only ever handled through a pointer.
#[repr(C)]
pub(super) struct SndPcm {
    _opaque: [u8; 0],
    _not_send_sync_or_unpin: PhantomData<(*mut u8, PhantomPinned)>,
}

/// `SND_PCM_STREAM_PLAYBACK`.
pub(super) const STREAM_PLAYBACK: c_int = 0;
/// `SND_PCM_NONBLOCK`: open without waiting for a busy device.
pub(super) const OPEN_NONBLOCK: c_int = 1;
/// `SND_PCM_FORMAT_S16_LE`.
pub(super) const FORMAT_S16_LE: c_int = 2;
/// `SND_PCM_ACCESS_RW_INTERLEAVED`.
pub(super) const ACCESS_RW_INTERLEAVED: c_int = 3;

/// Our error handler, typed with only the fixed arguments of
/// `snd_lib_error_handler_t` (see the module documentation).
type QuietHandler = extern "C" fn(*const c_char, c_int, *const c_char, c_int, *const c_char);

/// The functions we call, copied out of the loaded library. Each type is the
/// C declaration from `<alsa/pcm.h>` or `<alsa/error.h>`, quoted beside it;
/// `snd_pcm_uframes_t` is `unsigned long`, `snd_pcm_sframes_t` is `long`,
/// and the enum parameters are C `int`s.
pub(super) struct Api {
    /// `int snd_pcm_open(snd_pcm_t **pcm, const char *name,
    /// snd_pcm_stream_t stream, int mode)`
    pub pcm_open: unsafe extern "C" fn(*mut *mut SndPcm, *const c_char, c_int, c_int) -> c_int,
    /// `int snd_pcm_nonblock(snd_pcm_t *pcm, int nonblock)`
    pub pcm_nonblock: unsafe extern "C" fn(*mut SndPcm, c_int) -> c_int,
    /// `int snd_pcm_set_params(snd_pcm_t *pcm, snd_pcm_format_t format,
    /// snd_pcm_access_t access, unsigned int channels, unsigned int rate,
    /// int soft_resample, unsigned int latency)`
    pub pcm_set_params:
        unsafe extern "C" fn(*mut SndPcm, c_int, c_int, c_uint, c_uint, c_int, c_uint) -> c_int,
    /// `int snd_pcm_get_params(snd_pcm_t *pcm, snd_pcm_uframes_t
    /// *buffer_size, snd_pcm_uframes_t *period_size)`
    pub pcm_get_params: unsafe extern "C" fn(*mut SndPcm, *mut c_ulong, *mut c_ulong) -> c_int,
    /// `int snd_pcm_avail_delay(snd_pcm_t *pcm, snd_pcm_sframes_t
    /// *availp, snd_pcm_sframes_t *delayp)`
    pub pcm_avail_delay: unsafe extern "C" fn(*mut SndPcm, *mut c_long, *mut c_long) -> c_int,
    /// `snd_pcm_sframes_t snd_pcm_avail(snd_pcm_t *pcm)`
    pub pcm_avail: unsafe extern "C" fn(*mut SndPcm) -> c_long,
    /// `int snd_pcm_prepare(snd_pcm_t *pcm)`
    pub pcm_prepare: unsafe extern "C" fn(*mut SndPcm) -> c_int,
    /// `snd_pcm_sframes_t snd_pcm_writei(snd_pcm_t *pcm, const void *buffer,
    /// snd_pcm_uframes_t size)`
    pub pcm_writei: unsafe extern "C" fn(*mut SndPcm, *const i16, c_ulong) -> c_long,
    /// `int snd_pcm_recover(snd_pcm_t *pcm, int err, int silent)`
    pub pcm_recover: unsafe extern "C" fn(*mut SndPcm, c_int, c_int) -> c_int,
    /// `int snd_pcm_drain(snd_pcm_t *pcm)`
    pub pcm_drain: unsafe extern "C" fn(*mut SndPcm) -> c_int,
    /// `int snd_pcm_drop(snd_pcm_t *pcm)`
    pub pcm_drop: unsafe extern "C" fn(*mut SndPcm) -> c_int,
    /// `int snd_pcm_close(snd_pcm_t *pcm)`
    pub pcm_close: unsafe extern "C" fn(*mut SndPcm) -> c_int,
    /// `const char *snd_strerror(int errnum)`
    pub strerror: unsafe extern "C" fn(c_int) -> *const c_char,
    /// Keeps the code behind the pointers above mapped. The `Api` lives in a
    /// `static`, so the library is never unloaded: `libasound` keeps global
    /// state (its parsed configuration, plugin libraries, our handler) that
    /// is not meant to outlive a `dlclose`.
    _library: Library,
}

/// The one load attempt of this process, success or failure.
static API: OnceLock<Result<Api, AlsaError>> = OnceLock::new();

/// The loaded library, loading it (and silencing its messages) on first use.
pub(super) fn api() -> Result<&'static Api, AlsaError> {
    API.get_or_init(|| Api::load(&library_name()))
        .as_ref()
        .map_err(Clone::clone)
}

thread_local! {
    /// How many system errors ALSA has reported on this thread.
    static SYSTEM_ERRORS: Cell<u32> = const { Cell::new(0) };
}

/// How many system errors ALSA has reported on the calling thread so far.
/// Some plugins report a failure only this way: the `file` plugin's write
/// to a full disk returns success to the caller.
pub(super) fn system_errors() -> u32 {
    SYSTEM_ERRORS.try_with(Cell::get).unwrap_or(0)
}

/// Swallows an ALSA diagnostic, counting it when it carries a system error
/// number. ALSA calls this instead of its default handler, which prints to
/// stderr; see the module documentation for why a non-variadic function is
/// sound here.
extern "C" fn quiet_alsa_message(
    _file: *const c_char,
    _line: c_int,
    _function: *const c_char,
    err: c_int,
    _fmt: *const c_char,
) {
    if err != 0 {
        // Nothing to count once the thread is being torn down.
        let _ = SYSTEM_ERRORS.try_with(|n| n.set(n.get().wrapping_add(1)));
    }
}

/// Whether [`quiet_alsa_message`] may stand in for a variadic handler on
/// this processor (see the module documentation).
const QUIET_HANDLER_IS_SOUND: bool = cfg!(any(
    target_arch = "x86_64",
    target_arch = "x86",
    target_arch = "aarch64",
    target_arch = "arm",
    target_arch = "riscv64",
));

impl Api {
    /// Loads `name`, looks up every function, and installs the quiet error
    /// handler before any other ALSA function can run.
    fn load(name: &OsStr) -> Result<Api, AlsaError> {
        if !QUIET_HANDLER_IS_SOUND {
            return Err(AlsaError::Unavailable(
                "ALSA's messages cannot be silenced safely on this processor".into(),
            ));
        }
        let shown = name.to_string_lossy();
        // SAFETY: loading runs the library's initialisers. `libasound`'s are
        // ordinary C constructors with no requirements on the caller; any
        // other library under this name was chosen on purpose through
        // `STILLPOINT_LIBASOUND`.
        let library = unsafe { Library::new(name) }
            .map_err(|error| AlsaError::NoLibrary(format!("cannot load {shown}: {error}")))?;

        /// Copies the function `symbol` (NUL-terminated) out of `library`.
        ///
        /// # Safety
        /// `T` must be the function's exact C signature.
        unsafe fn function<T: Copy>(
            library: &Library,
            symbol: &[u8],
            shown: &str,
        ) -> Result<T, AlsaError> {
            // SAFETY: the caller guarantees `T` is the symbol's C type.
            match unsafe { library.get::<T>(symbol) } {
                Ok(found) => Ok(*found),
                Err(error) => Err(AlsaError::NoLibrary(format!(
                    "{shown} is not a usable libasound: {error}"
                ))),
            }
        }

        // SAFETY: each type annotation on the fields of `Api` (and on the
        // handler setter below) is the C declaration from the ALSA headers
        // quoted in its doc comment. The pointers stay valid because
        // `library` moves into the `Api` that holds them and is never
        // unloaded.
        let api = unsafe {
            Api {
                pcm_open: function(&library, b"snd_pcm_open\0", &shown)?,
                pcm_nonblock: function(&library, b"snd_pcm_nonblock\0", &shown)?,
                pcm_set_params: function(&library, b"snd_pcm_set_params\0", &shown)?,
                pcm_get_params: function(&library, b"snd_pcm_get_params\0", &shown)?,
                pcm_avail_delay: function(&library, b"snd_pcm_avail_delay\0", &shown)?,
                pcm_avail: function(&library, b"snd_pcm_avail\0", &shown)?,
                pcm_prepare: function(&library, b"snd_pcm_prepare\0", &shown)?,
                pcm_writei: function(&library, b"snd_pcm_writei\0", &shown)?,
                pcm_recover: function(&library, b"snd_pcm_recover\0", &shown)?,
                pcm_drain: function(&library, b"snd_pcm_drain\0", &shown)?,
                pcm_drop: function(&library, b"snd_pcm_drop\0", &shown)?,
                pcm_close: function(&library, b"snd_pcm_close\0", &shown)?,
                strerror: function(&library, b"snd_strerror\0", &shown)?,
                _library: library,
            }
        };

        // SAFETY: `int snd_lib_error_set_handler(snd_lib_error_handler_t
        // handler)` takes one function pointer; `Option<QuietHandler>` has
        // the same representation (NULL would restore the default).
        let set_handler = unsafe {
            function::<unsafe extern "C" fn(Option<QuietHandler>) -> c_int>(
                &api._library,
                b"snd_lib_error_set_handler\0",
                &shown,
            )?
        };
        // SAFETY: the handler is a plain function of this program, valid for
        // the life of the process, that reads only its fixed `err` argument, which ALSA
        // may call as a variadic function on the processors allowed by
        // `QUIET_HANDLER_IS_SOUND` (see the module documentation). It runs
        // inside `get_or_init`, before any other ALSA call of this process.
        unsafe { set_handler(Some(quiet_alsa_message)) };
        Ok(api)
    }
}
