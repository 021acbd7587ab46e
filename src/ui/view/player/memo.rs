//! The player's layout for one text in one area, kept from frame to frame.
//! Wrapping the instructions and splitting the screen was a third of what a
//! frame of the breathing bar cost, and each frame asks for it twice (to
//! draw, and to know when to draw next), though it changes only when the
//! step, its text or the terminal's size does.

use std::cell::RefCell;
use std::rc::Rc;

use ratatui::layout::Rect;

use super::Pages;
use super::layout::{self, Areas};

/// What `laid_out` gives: the areas, and the text cut into pages for them.
pub struct Laid {
    pub areas: Areas,
    pub pages: Rc<Pages>,
}

struct Kept {
    area: Rect,
    text: String,
    areas: Areas,
    pages: Rc<Pages>,
}

thread_local! {
    static KEPT: RefCell<Option<Kept>> = const { RefCell::new(None) };
}

/// The layout of the player showing `text` in `area`: worked out anew only
/// when either differs from the last call's on this thread.
pub fn laid_out(text: &str, area: Rect) -> Laid {
    KEPT.with_borrow_mut(|kept| {
        if let Some(k) = kept.as_ref().filter(|k| k.area == area && k.text == text) {
            return Laid {
                areas: k.areas,
                pages: Rc::clone(&k.pages),
            };
        }
        let whole = Pages::wrapped(text, layout::text_width(area));
        let fit = layout::choose(area, whole.lines());
        // Wrapped once; only cut into pages for the rows the layout gives.
        let pages = Rc::new(whole.with_rows(layout::text_rows(area, fit)));
        let areas = layout::areas(area, fit, pages.lines());
        *kept = Some(Kept {
            area,
            text: text.to_owned(),
            areas,
            pages: Rc::clone(&pages),
        });
        Laid { areas, pages }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_text_or_size_is_laid_out_anew() {
        let wide = Rect::new(0, 0, 100, 30);
        let narrow = Rect::new(0, 0, 44, 14);
        let long = "Knead slowly. ".repeat(40);
        let first = laid_out(&long, wide);
        assert!(Rc::ptr_eq(&first.pages, &laid_out(&long, wide).pages));
        let resized = laid_out(&long, narrow);
        assert!(resized.pages.lines() > first.pages.lines());
        let short = laid_out("Rest.", narrow);
        assert_eq!(short.pages.lines(), 1);
        assert_eq!(laid_out(&long, wide).pages.lines(), first.pages.lines());
    }
}
