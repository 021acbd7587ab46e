//! The fixed lists of words the diary records (sides, areas, classes…):
//! each an enum written in the journal and typed on the command line as
//! its kebab-case name.

/// A fixed list of words: its members in order and each one's name.
pub trait Word: Copy + Sized + 'static {
    /// Every word, in the order they are listed.
    const ALL: &'static [Self];

    /// The name as written in the journal and on the command line.
    fn name(self) -> &'static str;

    /// The word called `text` (any case, spaces or underscores for
    /// hyphens), if any.
    fn from_name(text: &str) -> Option<Self> {
        let wanted = text.trim().to_lowercase().replace([' ', '_'], "-");
        Self::ALL.iter().copied().find(|w| w.name() == wanted)
    }

    /// Every name, in order.
    fn names() -> Vec<&'static str> {
        Self::ALL.iter().map(|w| w.name()).collect()
    }
}

/// Defines a [`Word`] enum: `words! { Side { Left = "left", Right = "right" } }`.
macro_rules! words {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $word:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $word)] $variant),+
        }

        impl $crate::journal::diary::Word for $name {
            const ALL: &'static [Self] = &[$($name::$variant),+];

            fn name(self) -> &'static str {
                match self {
                    $($name::$variant => $word),+
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str($crate::journal::diary::Word::name(*self))
            }
        }
    };
}

pub(crate) use words;
