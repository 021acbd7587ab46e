//! Colours that are kind to a person with a migraine: dim, warm and low in
//! contrast on the terminal's own background, never blinking, never
//! reverse-video. `NO_COLOR` and the mono theme use no colour at all.

use ratatui::style::{Color, Modifier, Style};

pub use crate::config::Theme;

/// The styles every view draws with. Only the 16 basic colours are used, so
/// it looks the same on a Linux console.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    /// Ordinary text.
    pub text: Style,
    /// Quieter text: hints, labels, what comes next.
    pub faint: Style,
    /// The one thing to look at: step title, countdown.
    pub accent: Style,
    /// The pacing shape (breathing bar, circle marker, pulse).
    pub shape: Style,
    /// Borders and rules.
    pub frame: Style,
    /// Warm things (a warm compress), always with words too.
    pub warm: Style,
    /// Cool things (a cool towel), always with words too.
    pub cool: Style,
}

impl Theme {
    /// The palette, with `NO_COLOR` turning any theme into mono.
    pub fn palette(self, no_color: bool) -> Palette {
        let plain = Style::default();
        match (self, no_color) {
            (Theme::Mono, _) | (_, true) => Palette {
                text: plain,
                faint: plain.add_modifier(Modifier::DIM),
                accent: plain.add_modifier(Modifier::BOLD),
                shape: plain,
                frame: plain.add_modifier(Modifier::DIM),
                warm: plain,
                cool: plain,
            },
            (Theme::Dim, false) => Palette {
                text: plain.fg(Color::Yellow).add_modifier(Modifier::DIM),
                faint: plain.fg(Color::DarkGray),
                accent: plain.fg(Color::Yellow),
                shape: plain.fg(Color::Red).add_modifier(Modifier::DIM),
                frame: plain.fg(Color::DarkGray),
                warm: plain.fg(Color::Red).add_modifier(Modifier::DIM),
                cool: plain.fg(Color::Cyan).add_modifier(Modifier::DIM),
            },
            (Theme::Contrast, false) => Palette {
                text: plain.fg(Color::White),
                faint: plain.fg(Color::Gray),
                accent: plain.fg(Color::LightYellow).add_modifier(Modifier::BOLD),
                shape: plain.fg(Color::LightYellow),
                frame: plain.fg(Color::Gray),
                warm: plain.fg(Color::LightRed),
                cool: plain.fg(Color::LightCyan),
            },
        }
    }
}

/// Whether the environment asks for no colour (any non-empty `NO_COLOR`).
pub fn no_color_requested() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}
