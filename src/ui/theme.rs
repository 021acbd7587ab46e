//! Colours that are kind to a person with a migraine: dim, warm and low in
//! contrast on the terminal's own background, never blinking, never
//! reverse-video. `NO_COLOR` and the mono theme use no colour at all.
//!
//! `auto` (the default) chooses between the dark-background `dim` and the
//! `light` palette from what the terminal says about its background: its
//! answer to an OSC 11 query, else `COLORFGBG`, else nothing (then `dim`).
//! Reading those answers is here, as pure functions; asking the terminal
//! is in [`crate::ui::terminal::query_background`].

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
    /// The palette, with `NO_COLOR` turning any theme into mono. `auto`
    /// not yet resolved (see [`auto_theme`]) draws as `dim`.
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
            (Theme::Dim | Theme::Auto, false) => Palette {
                text: plain.fg(Color::Yellow).add_modifier(Modifier::DIM),
                faint: plain.fg(Color::DarkGray),
                accent: plain.fg(Color::Yellow),
                shape: plain.fg(Color::Red).add_modifier(Modifier::DIM),
                frame: plain.fg(Color::DarkGray),
                warm: plain.fg(Color::Red).add_modifier(Modifier::DIM),
                cool: plain.fg(Color::Cyan).add_modifier(Modifier::DIM),
            },
            // Dark warm ink on the terminal's own light paper: nothing in
            // white or the light colours (they vanish on a light
            // background), no bold, the accent a muted dark red rather
            // than black, the quiet parts grey.
            (Theme::Light, false) => Palette {
                text: plain.fg(Color::Black),
                faint: plain.fg(Color::DarkGray),
                accent: plain.fg(Color::Red),
                shape: plain.fg(Color::Red).add_modifier(Modifier::DIM),
                frame: plain.fg(Color::DarkGray),
                warm: plain.fg(Color::Red).add_modifier(Modifier::DIM),
                cool: plain.fg(Color::Blue).add_modifier(Modifier::DIM),
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

/// What the terminal says its background is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Background {
    Dark,
    Light,
}

impl Background {
    /// The theme for it.
    pub fn theme(self) -> Theme {
        match self {
            Background::Dark => Theme::Dim,
            Background::Light => Theme::Light,
        }
    }
}

/// The theme `auto` stands for: the terminal's answer to the OSC 11 query
/// if it gave one (it names the colour actually shown), else `COLORFGBG`
/// (set by rxvt, Konsole and others when they start, and inherited, so it
/// can be stale), else `dim`. Any other theme is itself.
pub fn auto_theme(theme: Theme, osc11: Option<Background>, colorfgbg: Option<&str>) -> Theme {
    if theme != Theme::Auto {
        return theme;
    }
    osc11
        .or_else(|| colorfgbg.and_then(background_from_colorfgbg))
        .map_or(Theme::Dim, Background::theme)
}

/// `COLORFGBG` as terminals set it: the foreground and background colour
/// numbers, `15;0` (light on dark) or `0;15` (dark on light); rxvt may put
/// a field between (`0;default;15`). The background is the last field:
/// 0–6 and 8 are dark, 7 and 9–15 light; anything else says nothing.
pub fn background_from_colorfgbg(value: &str) -> Option<Background> {
    let (_, last) = value.rsplit_once(';')?;
    match last.trim().parse::<u8>().ok()? {
        0..=6 | 8 => Some(Background::Dark),
        7 | 9..=15 => Some(Background::Light),
        _ => None,
    }
}

/// The background in a terminal's reply to `ESC ] 11 ; ? BEL`, found
/// anywhere in `reply` (other replies may surround it): `ESC ] 11 ;
/// rgb:RRRR/GGGG/BBBB` ended by BEL or `ESC \`, with 1 to 4 hex digits a
/// channel (`rgba:` with a fourth, ignored, and `#RRGGBB` are read too).
/// Light when its luma is above the middle.
pub fn background_from_osc11(reply: &[u8]) -> Option<Background> {
    const START: &[u8] = b"\x1b]11;";
    let at = reply.windows(START.len()).position(|w| w == START)?;
    let rest = &reply[at + START.len()..];
    let end = rest.iter().position(|&b| b == 0x07 || b == 0x1b)?;
    let value = std::str::from_utf8(&rest[..end]).ok()?.trim();
    let [r, g, b] = rgb(value)?;
    let luma = 0.299 * r + 0.587 * g + 0.114 * b;
    Some(if luma > 0.5 {
        Background::Light
    } else {
        Background::Dark
    })
}

/// The three channels of an X11 colour specification, each 0.0–1.0.
fn rgb(value: &str) -> Option<[f64; 3]> {
    let channel = |hex: &str| -> Option<f64> {
        if hex.is_empty() || hex.len() > 4 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let max = (1u32 << (4 * hex.len())) - 1;
        Some(f64::from(u32::from_str_radix(hex, 16).ok()?) / f64::from(max))
    };
    if let Some(hex) = value.strip_prefix('#') {
        if hex.len() % 3 != 0 || hex.is_empty() {
            return None;
        }
        let n = hex.len() / 3;
        return Some([
            channel(hex.get(..n)?)?,
            channel(hex.get(n..2 * n)?)?,
            channel(hex.get(2 * n..)?)?,
        ]);
    }
    let (kind, channels) = value.split_once(':')?;
    let parts: Vec<&str> = channels.split('/').collect();
    let wanted = match kind.to_ascii_lowercase().as_str() {
        "rgb" => 3,
        "rgba" => 4,
        _ => return None,
    };
    if parts.len() != wanted {
        return None;
    }
    Some([channel(parts[0])?, channel(parts[1])?, channel(parts[2])?])
}

/// Where a terminal's answer to our query and to the primary device
/// attributes query sent after it (`ESC [ c`, which every VT100-like
/// terminal answers, in order) has got to in `reply`: the device
/// attributes (`ESC [ ? … c`) arriving means the background answer, if
/// any, has come before it, and nothing more is coming.
pub fn reply_complete(reply: &[u8]) -> bool {
    let mut i = 0;
    while let Some(at) = reply[i..].windows(3).position(|w| w == b"\x1b[?") {
        let start = i + at + 3;
        let tail = &reply[start..];
        match tail
            .iter()
            .position(|b| !(b.is_ascii_digit() || *b == b';'))
        {
            Some(end) if tail[end] == b'c' => return true,
            Some(_) => i = start,
            None => return false,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colorfgbg_says_dark_or_light_by_its_last_field() {
        use Background::{Dark, Light};
        assert_eq!(background_from_colorfgbg("15;0"), Some(Dark));
        assert_eq!(background_from_colorfgbg("0;15"), Some(Light));
        assert_eq!(background_from_colorfgbg("7;8"), Some(Dark));
        assert_eq!(background_from_colorfgbg("0;7"), Some(Light));
        assert_eq!(background_from_colorfgbg("0;default;15"), Some(Light));
        assert_eq!(background_from_colorfgbg("15;default;0"), Some(Dark));
        assert_eq!(background_from_colorfgbg(" 12 ; 4 "), Some(Dark));
        for nothing in ["", "15", "default", "15;default", "0;255", "x;y"] {
            assert_eq!(background_from_colorfgbg(nothing), None, "{nothing:?}");
        }
    }

    #[test]
    fn osc_11_replies_are_read_whatever_their_form() {
        use Background::{Dark, Light};
        let read = |reply: &[u8]| background_from_osc11(reply);
        // xterm, with BEL; 16 bits a channel.
        assert_eq!(read(b"\x1b]11;rgb:0000/0000/0000\x07"), Some(Dark));
        assert_eq!(read(b"\x1b]11;rgb:ffff/ffff/ffff\x07"), Some(Light));
        // Ended by ST, as many terminals do; Solarized light and dark.
        assert_eq!(read(b"\x1b]11;rgb:fdfd/f6f6/e3e3\x1b\\"), Some(Light));
        assert_eq!(read(b"\x1b]11;rgb:0000/2b2b/3636\x1b\\"), Some(Dark));
        // Fewer digits a channel, rgba, #RRGGBB, capitals.
        assert_eq!(read(b"\x1b]11;rgb:ff/f0/e0\x07"), Some(Light));
        assert_eq!(read(b"\x1b]11;rgb:2/2/2\x07"), Some(Dark));
        assert_eq!(read(b"\x1b]11;rgba:ffff/ffff/ffff/ffff\x07"), Some(Light));
        assert_eq!(read(b"\x1b]11;#FBF1C7\x07"), Some(Light));
        assert_eq!(read(b"\x1b]11;#282828\x07"), Some(Dark));
        // Among other replies (the device attributes after it).
        assert_eq!(
            read(b"\x1b]11;rgb:1c1c/1c1c/1c1c\x07\x1b[?62;22c"),
            Some(Dark)
        );
        // A dark grey and a mid-light grey either side of the middle.
        assert_eq!(read(b"\x1b]11;rgb:7000/7000/7000\x07"), Some(Dark));
        assert_eq!(read(b"\x1b]11;rgb:9000/9000/9000\x07"), Some(Light));
        // Not an answer, or a broken one.
        for broken in [
            &b""[..],
            b"\x1b[?1;2c",
            b"\x1b]11;rgb:ffff/ffff\x07",
            b"\x1b]11;rgb:fffff/ffff/ffff\x07",
            b"\x1b]11;rgb:gggg/0000/0000\x07",
            b"\x1b]11;rgb:ffff/ffff/ffff",
            b"\x1b]10;rgb:ffff/ffff/ffff\x07",
            b"\x1b]11;?\x07",
            b"\x1b]11;cmy:1/1/1\x07",
        ] {
            assert_eq!(read(broken), None, "{broken:?}");
        }
    }

    #[test]
    fn the_reply_is_complete_once_the_device_attributes_arrive() {
        assert!(!reply_complete(b""));
        assert!(!reply_complete(b"\x1b]11;rgb:0000/0000/0000\x07"));
        assert!(!reply_complete(b"\x1b]11;rgb:0000/0000/0000\x07\x1b[?62;2"));
        assert!(reply_complete(
            b"\x1b]11;rgb:0000/0000/0000\x07\x1b[?62;22c"
        ));
        assert!(reply_complete(b"\x1b[?1;2c"));
        assert!(reply_complete(b"\x1b[?6c"));
        assert!(!reply_complete(b"\x1b[?1;2R"));
        assert!(reply_complete(b"\x1b[?1;2R\x1b[?1;2c"));
    }

    #[test]
    fn auto_prefers_the_terminal_s_answer_then_colorfgbg_then_dim() {
        use Background::{Dark, Light};
        assert_eq!(
            auto_theme(Theme::Auto, Some(Light), Some("15;0")),
            Theme::Light
        );
        assert_eq!(
            auto_theme(Theme::Auto, Some(Dark), Some("0;15")),
            Theme::Dim
        );
        assert_eq!(auto_theme(Theme::Auto, None, Some("0;15")), Theme::Light);
        assert_eq!(auto_theme(Theme::Auto, None, Some("15;0")), Theme::Dim);
        assert_eq!(auto_theme(Theme::Auto, None, Some("nonsense")), Theme::Dim);
        assert_eq!(auto_theme(Theme::Auto, None, None), Theme::Dim);
        for chosen in [Theme::Dim, Theme::Light, Theme::Contrast, Theme::Mono] {
            assert_eq!(auto_theme(chosen, Some(Light), Some("0;15")), chosen);
            assert_eq!(auto_theme(chosen, Some(Dark), None), chosen);
        }
    }

    #[test]
    fn the_light_palette_is_dark_ink_and_never_bright() {
        let light = Theme::Light.palette(false);
        let bright = [
            Color::White,
            Color::Gray,
            Color::LightYellow,
            Color::LightRed,
            Color::LightCyan,
            Color::LightGreen,
            Color::LightBlue,
            Color::LightMagenta,
            Color::Yellow,
        ];
        for style in [
            light.text,
            light.faint,
            light.accent,
            light.shape,
            light.frame,
            light.warm,
            light.cool,
        ] {
            assert!(style.bg.is_none(), "on the terminal's own background");
            let fg = style.fg.expect("a colour");
            assert!(!bright.contains(&fg), "{fg:?} fades on a light background");
            assert!(!style.add_modifier.contains(Modifier::BOLD));
        }
        assert_ne!(light.text, light.faint, "text and hints differ");
        assert_eq!(Theme::Light.palette(true), Theme::Mono.palette(false));
        assert_eq!(Theme::Auto.palette(false), Theme::Dim.palette(false));
    }
}
