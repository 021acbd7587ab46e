//! Panics the person never sees. Code that may panic on a strange file (a
//! decoder given a hostile recording) runs [`quietly`]: its panic is caught
//! and becomes an error the caller turns into a fallback and a warning,
//! and no panic hook prints it or gives the terminal back in the middle of
//! a session. Every other panic is reported as usual.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    /// How deep this thread is in [`quietly`] work.
    static QUIET: Cell<u32> = const { Cell::new(0) };
}

/// The work panicked; it was caught.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Panicked;

/// Runs `work`, turning a panic inside it into `Err(Panicked)`, with no
/// panic message and no panic hook's other doings (see [`is_quiet`]).
pub fn quietly<T>(work: impl FnOnce() -> T) -> Result<T, Panicked> {
    struct Depth;
    impl Drop for Depth {
        fn drop(&mut self) {
            QUIET.with(|q| q.set(q.get().saturating_sub(1)));
        }
    }
    QUIET.with(|q| q.set(q.get() + 1));
    let _depth = Depth;
    panic::catch_unwind(AssertUnwindSafe(work)).map_err(|_| Panicked)
}

/// Whether a panic now, on this thread, will be caught by [`quietly`]: a
/// panic hook must then do nothing at all.
pub fn is_quiet() -> bool {
    QUIET.with(Cell::get) > 0
}

/// Installs the process's panic hook (once): the usual report, except for
/// panics that [`quietly`] catches. The terminal's own hook, when the full
/// screen is taken, wraps this one.
pub fn install() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !is_quiet() {
                previous(info);
            }
        }));
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_inside_is_an_error_and_the_depth_comes_back() {
        install();
        assert_eq!(quietly(|| 7), Ok(7));
        let caught = quietly(|| -> u8 { panic!("a hostile header") });
        assert_eq!(caught, Err(Panicked));
        assert!(!is_quiet());
        let nested = quietly(|| {
            assert!(is_quiet());
            quietly(|| -> u8 { panic!("inner") })
        });
        assert_eq!(nested, Ok(Err(Panicked)));
        assert!(!is_quiet());
    }
}
