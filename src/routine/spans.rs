//! Where things are in a routine file: the spans of each table's keys and
//! values, and how a table is named in messages.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// Where each key and value of one table is in the file.
#[derive(Debug, Clone, Default)]
pub struct TableSpans {
    /// The whole table; for `[[step]]` tables this starts at the header.
    pub table: Range<usize>,
    /// The table's first character, where a missing key is reported.
    header: Range<usize>,
    pub keys: BTreeMap<String, (Range<usize>, Range<usize>)>,
    /// The items of each list.
    items: BTreeMap<String, Vec<Range<usize>>>,
}

impl TableSpans {
    pub fn of(text: &str, span: Range<usize>, table: &DeTable<'_>) -> Self {
        let items = table
            .iter()
            .filter_map(|(k, v)| match v.get_ref() {
                DeValue::Array(list) => Some((
                    k.get_ref().to_string(),
                    list.iter().map(Spanned::span).collect(),
                )),
                _ => None,
            })
            .collect();
        Self {
            header: first_char(text, span.start),
            table: span,
            keys: table
                .iter()
                .map(|(k, v)| (k.get_ref().to_string(), (k.span(), v.span())))
                .collect(),
            items,
        }
    }

    /// The value of `key`, or the table when the key is absent.
    pub fn value(&self, key: &str) -> Range<usize> {
        self.keys
            .get(key)
            .map_or_else(|| self.header(), |(_, v)| v.clone())
    }

    /// The key itself, or the table when the key is absent.
    pub fn key(&self, key: &str) -> Range<usize> {
        self.keys
            .get(key)
            .map_or_else(|| self.header(), |(k, _)| k.clone())
    }

    /// Item `index` of the list `key`, or the whole value if there is none.
    pub fn item(&self, key: &str, index: usize) -> Range<usize> {
        self.items
            .get(key)
            .and_then(|items| items.get(index))
            .map_or_else(|| self.value(key), Clone::clone)
    }

    /// The first character of the table, where a missing key is reported.
    pub fn header(&self) -> Range<usize> {
        self.header.clone()
    }
}

/// The character at `offset`, or an empty range at the end of the text.
fn first_char(text: &str, offset: usize) -> Range<usize> {
    let width = text
        .get(offset..)
        .and_then(|rest| rest.chars().next())
        .map_or(0, char::len_utf8);
    offset..offset + width
}

/// Names a table in messages: "step 3 (\"Temple circles\")", "[sound]".
#[derive(Debug, Clone)]
pub enum Place {
    Top,
    Sound,
    Step {
        number: usize,
        title: Option<String>,
    },
    Pattern {
        number: usize,
        title: Option<String>,
    },
}

impl Place {
    /// The place of the table written as the value of `key` here, if the
    /// format has one: `[sound]`, or a step's breathing pattern.
    pub fn inner(&self, key: &str) -> Option<Place> {
        match (self, key) {
            (Place::Top, "sound") => Some(Place::Sound),
            (Place::Step { number, title }, "pattern") => Some(Place::Pattern {
                number: *number,
                title: title.clone(),
            }),
            _ => None,
        }
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let step = |f: &mut fmt::Formatter<'_>, number: &usize, title: &Option<String>| match title
        {
            Some(t) => write!(f, "step {number} (\"{t}\")"),
            None => write!(f, "step {number}"),
        };
        match self {
            Place::Top => f.write_str("the routine"),
            Place::Sound => f.write_str("[sound]"),
            Place::Step { number, title } => step(f, number, title),
            Place::Pattern { number, title } => {
                f.write_str("the breathing pattern of ")?;
                step(f, number, title)
            }
        }
    }
}
