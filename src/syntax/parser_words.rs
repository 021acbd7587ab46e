//! TOML's own words for the syntax errors no explanation of ours fits,
//! said more plainly where they are technical.

use crate::diagnostic::Diagnostic;

const REFERENCE: &str = "see `stillpoint help format` for how the file is written";

/// A TOML syntax error, in plain words where the parser's are technical.
pub fn explain(error: &toml::de::Error, text: &str) -> Diagnostic {
    let message = error.message().trim();
    let (description, expected) = message.split_once(", expected ").unwrap_or((message, ""));
    let span = error.span();
    let written = span
        .as_ref()
        .and_then(|s| text.get(s.clone()))
        .unwrap_or("")
        .trim();
    let (message, help) = match (description, expected) {
        ("invalid basic string", "`\"`") => closing("`\"`"),
        ("invalid literal string", "`'`") => closing("`'`"),
        ("invalid multi-line basic string", "`\"`") => closing("`\"\"\"`"),
        ("invalid multi-line literal string", "`'`") => closing("`'''`"),
        ("string values must be quoted", _) if written.is_empty() => (
            "a value is missing after `=`".into(),
            "write a value, e.g. a number or text in quotes".into(),
        ),
        ("string values must be quoted", _) => (
            description.into(),
            format!("put the text in quotes: \"{written}\""),
        ),
        ("duplicate key", _) if !written.is_empty() => (
            format!("`{written}` is written twice in the same table"),
            "keep only one of them".into(),
        ),
        ("unclosed array", _) => (
            "the list is missing its closing `]`".into(),
            "add a `]` after the last item".into(),
        ),
        ("missing comma between array elements", _) => (
            "the list is missing a `,` between two items".into(),
            "put a `,` after each item but the last".into(),
        ),
        ("unclosed table", _) => (
            "the header is missing its closing `]`".into(),
            "a table's header is one line: `[`, its name, `]`".into(),
        ),
        ("unclosed array table", _) => (
            "the header is missing its closing `]]`".into(),
            "a header of a list's table is one line: `[[`, its name, `]]`".into(),
        ),
        ("unclosed inline table", _) => (
            "the `{ … }` is missing its closing `}`".into(),
            "add a `}` after the last value, on the same line".into(),
        ),
        // Expected tokens such as `=` help; words such as "literal string" do not.
        _ if !expected.is_empty() && expected.split(", ").all(|e| e.starts_with('`')) => {
            (message.into(), REFERENCE.into())
        }
        _ => (description.into(), REFERENCE.into()),
    };
    let d = Diagnostic::error(format!("this is not valid TOML: {message}")).help(help);
    match span {
        Some(span) => d.at(span),
        None => d,
    }
}

fn closing(quote: &str) -> (String, String) {
    (
        format!("the text is missing its closing {quote}"),
        format!("add a {quote} at the end of the text"),
    )
}
