//! Text for small screens: punctuation with an ASCII fallback, clock times,
//! and wrapping or shortening text to the cells it has, with "…" where some
//! of it had to go.

use ratatui::symbols::border;

use crate::ui::frame::Look;
pub(crate) use crate::wrap::{fit, width, wrap};

/// The punctuation and symbols the views write, in Unicode or in ASCII.
pub(crate) struct Glyphs {
    /// Between items on one line: " · ".
    pub sep: &'static str,
    /// Before an afterthought: " — ".
    pub dash: &'static str,
    /// Where text was cut short: "…".
    pub more: &'static str,
    /// The selected row: "›".
    pub pointer: &'static str,
    pub right: &'static str,
    pub left: &'static str,
    pub up: &'static str,
    pub down: &'static str,
    /// Between width and height: "×".
    pub times: &'static str,
    /// From one value to another, "pain 6 → 3": "→", or "->".
    pub to: &'static str,
    /// Where a value is missing in a table: "–", or "-".
    pub none: &'static str,
    pub open_quote: &'static str,
    pub close_quote: &'static str,
    /// The done part of a progress gauge: "━".
    pub filled: &'static str,
    /// The part of a progress gauge still to come: "─".
    pub unfilled: &'static str,
    /// Before each item of a list: "•", or "-".
    pub bullet: &'static str,
    /// Borders of boxes and dividers: rounded corners, or `+`, `-` and `|`.
    pub border: border::Set<'static>,
}

pub(crate) const UNICODE: Glyphs = Glyphs {
    sep: " · ",
    dash: " — ",
    more: "…",
    pointer: "›",
    right: "→",
    left: "←",
    up: "↑",
    down: "↓",
    times: "×",
    to: "→",
    none: "–",
    open_quote: "“",
    close_quote: "”",
    filled: "━",
    unfilled: "─",
    bullet: "•",
    border: border::ROUNDED,
};

const ASCII: Glyphs = Glyphs {
    sep: " - ",
    dash: " - ",
    more: "...",
    pointer: ">",
    right: "right",
    left: "left",
    up: "up",
    down: "down",
    times: "x",
    to: "->",
    none: "-",
    open_quote: "\"",
    close_quote: "\"",
    filled: "=",
    unfilled: "-",
    bullet: "-",
    border: border::Set {
        top_left: "+",
        top_right: "+",
        bottom_left: "+",
        bottom_right: "+",
        vertical_left: "|",
        vertical_right: "|",
        horizontal_top: "-",
        horizontal_bottom: "-",
    },
};

/// The glyphs for `look`.
pub(crate) fn glyphs(look: Look) -> &'static Glyphs {
    glyphs_for(look.ascii)
}

/// The ASCII glyphs if `ascii`, else the Unicode ones.
pub(crate) fn glyphs_for(ascii: bool) -> &'static Glyphs {
    if ascii { &ASCII } else { &UNICODE }
}

/// Whole seconds as a clock reads: "0:05", "1:25", "1:02:03".
pub(crate) fn clock(seconds: u64) -> String {
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clocks_read_like_clocks() {
        assert_eq!(clock(5), "0:05");
        assert_eq!(clock(85), "1:25");
        assert_eq!(clock(600), "10:00");
        assert_eq!(clock(3723), "1:02:03");
    }
}
