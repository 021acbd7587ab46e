//! Whole numbers within limits, as regular expressions over their digits:
//! a duration written as text ("1m30s") can only be held to its limits by
//! the digits it is written with.

/// What may come after each character: `stillpoint` drops every space in a
/// duration before reading it, so "1 m 3 0 s" is "1m30s".
pub const GAP: &str = r"\s*";

/// The whole numbers from `low` to `high` as written in ASCII digits, with
/// any leading zeros ("007" is 7), each digit followed by a [`GAP`].
pub fn pattern(low: u64, high: u64) -> String {
    let mut alternatives = Vec::new();
    if low == 0 {
        alternatives.push(format!("(?:0{GAP})+"));
    }
    if high >= 1 {
        let mut positive = Vec::new();
        let mut from = low.max(1);
        while from <= high {
            let width = from.to_string().len();
            let to = high.min(10u64.saturating_pow(width as u32) - 1);
            positive.extend(same_width(&digits(from), &digits(to)));
            from = to + 1;
        }
        alternatives.push(format!("(?:0{GAP})*{}", group(&positive)));
    }
    group(&alternatives)
}

/// `alternatives` as one group, or the one alone.
pub fn group(alternatives: &[String]) -> String {
    match alternatives {
        [one] => one.clone(),
        many => format!("(?:{})", many.join("|")),
    }
}

fn digits(n: u64) -> Vec<u8> {
    n.to_string().bytes().map(|b| b - b'0').collect()
}

/// The numbers from `low` to `high`, both `low.len()` digits long (the
/// first digit of `low` not zero unless it is a tail).
fn same_width(low: &[u8], high: &[u8]) -> Vec<String> {
    let (Some((&first, low_rest)), Some((&last, high_rest))) =
        (low.split_first(), high.split_first())
    else {
        return vec![String::new()];
    };
    let prefixed = |digit: u8, tails: Vec<String>| -> Vec<String> {
        tails
            .into_iter()
            .map(|tail| format!("{digit}{GAP}{tail}"))
            .collect()
    };
    if first == last {
        return prefixed(first, same_width(low_rest, high_rest));
    }
    let width = low_rest.len();
    let from_zero = low_rest.iter().all(|&d| d == 0);
    let to_nine = high_rest.iter().all(|&d| d == 9);
    let mut alternatives = Vec::new();
    let mut middle_from = first;
    if !from_zero {
        alternatives.extend(prefixed(first, same_width(low_rest, &vec![9; width])));
        middle_from = first + 1;
    }
    let middle_to = if to_nine { last } else { last - 1 };
    if middle_from <= middle_to {
        let lead = if middle_from == middle_to {
            format!("{middle_from}{GAP}")
        } else {
            format!("[{middle_from}-{middle_to}]{GAP}")
        };
        let tail = match width {
            0 => String::new(),
            1 => format!("[0-9]{GAP}"),
            n => format!("(?:[0-9]{GAP}){{{n}}}"),
        };
        alternatives.push(lead + &tail);
    }
    if !to_nine {
        alternatives.extend(prefixed(last, same_width(&vec![0; width], high_rest)));
    }
    alternatives
}
