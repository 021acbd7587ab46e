//! The report as one self-contained HTML page.

use super::Report;

/// The page.
pub fn render(report: &Report) -> String {
    format!("{report:?}")
}
