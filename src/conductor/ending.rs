//! How a session can be ended from outside the player, what its record
//! then says, and the exit status the program leaves with.

use signal_hook::consts::{SIGHUP, SIGINT, SIGPIPE};

use crate::journal::EndReason;

/// Why a session (or the whole program) is ending before its time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// q or Esc, confirmed.
    Quit,
    /// Ctrl-C as a key (SIGINT arrives as [`Ending::Signal`]).
    CtrlC,
    /// A signal, by number: SIGINT, SIGTERM, SIGHUP, SIGQUIT.
    Signal(i32),
    /// The terminal went away: its input ended or failed, or drawing failed.
    TerminalClosed,
    /// The reader of the plain output went away (a closed pipe).
    OutputClosed,
    /// The program failed and cannot go on.
    Failed,
}

impl Ending {
    /// What the journal says of a session ended this way.
    pub fn reason(self) -> EndReason {
        match self {
            Ending::Quit => EndReason::Quit,
            Ending::CtrlC | Ending::Signal(SIGINT) => EndReason::CtrlC,
            Ending::Signal(SIGHUP) | Ending::TerminalClosed | Ending::OutputClosed => {
                EndReason::TerminalClosed
            }
            Ending::Signal(_) => EndReason::Signal,
            Ending::Failed => EndReason::Failed,
        }
    }

    /// The exit status, as shells expect: 130 after Ctrl-C, 128+N after
    /// signal N, 129 (as SIGHUP) when the terminal went away, 141 (as
    /// SIGPIPE) when the output did.
    pub fn exit_code(self) -> u8 {
        let signal = |n: i32| u8::try_from(128 + n).unwrap_or(u8::MAX);
        match self {
            Ending::Quit => 0,
            Ending::CtrlC => signal(SIGINT),
            Ending::Signal(n) => signal(n),
            Ending::TerminalClosed => signal(SIGHUP),
            Ending::OutputClosed => signal(SIGPIPE),
            Ending::Failed => 101,
        }
    }

    /// Whether the person is asked how they feel afterwards: only when
    /// they chose to end it; a Ctrl-C or a signal saves at once.
    pub fn asks_checkout(self) -> bool {
        self == Ending::Quit
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use signal_hook::consts::{SIGQUIT, SIGTERM};

    #[test]
    fn exit_statuses_follow_the_shell_convention() {
        assert_eq!(Ending::Quit.exit_code(), 0);
        assert_eq!(Ending::CtrlC.exit_code(), 130);
        assert_eq!(Ending::Signal(SIGINT).exit_code(), 130);
        assert_eq!(Ending::Signal(SIGTERM).exit_code(), 143);
        assert_eq!(Ending::Signal(SIGHUP).exit_code(), 129);
        assert_eq!(Ending::Signal(SIGQUIT).exit_code(), 131);
        assert_eq!(Ending::TerminalClosed.exit_code(), 129);
        assert_eq!(Ending::OutputClosed.exit_code(), 141);
    }

    #[test]
    fn reasons_name_what_happened() {
        assert_eq!(Ending::Signal(SIGINT).reason(), EndReason::CtrlC);
        assert_eq!(Ending::Signal(SIGHUP).reason(), EndReason::TerminalClosed);
        assert_eq!(Ending::Signal(SIGTERM).reason(), EndReason::Signal);
        assert_eq!(Ending::OutputClosed.reason(), EndReason::TerminalClosed);
        assert!(Ending::Quit.asks_checkout());
        assert!(!Ending::CtrlC.asks_checkout());
    }
}
