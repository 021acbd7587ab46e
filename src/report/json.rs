//! The report as JSON: the same figures as named fields
//! (`blocks[].headache_days`, `blocks[].medication_days.total`,
//! `blocks[].medication_days.by_class.<class>`, `blocks[].flags[]`,
//! `midas.score`, `midas.grade` and the rest), each flag with its words.

use serde_json::Value;

use super::Report;

/// The report as pretty-printed JSON, ending in a newline.
pub fn render(report: &Report) -> String {
    let mut value = serde_json::to_value(report)
        .expect("the report holds only strings, numbers, dates and maps keyed by words");
    if let Some(blocks) = value.get_mut("blocks").and_then(Value::as_array_mut) {
        for (shown, block) in blocks.iter_mut().zip(&report.blocks) {
            let Some(flags) = shown.get_mut("flags").and_then(Value::as_array_mut) else {
                continue;
            };
            for (flag, words) in flags.iter_mut().zip(&block.flags) {
                if let Some(flag) = flag.as_object_mut() {
                    flag.insert("text".into(), Value::String(words.text()));
                }
            }
        }
    }
    let mut text = serde_json::to_string_pretty(&value).expect("a JSON value always prints");
    text.push('\n');
    text
}
