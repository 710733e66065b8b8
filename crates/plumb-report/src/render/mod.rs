//! One module per output format, each a pure function of a [`Report`](crate::Report).

pub mod checkstyle;
pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod sarif;
pub mod short;
#[cfg(test)]
mod testing;

use serde::Serialize;

/// The source text of analysed files, for renderers that show snippets.
pub trait Sources {
    /// The text of the file at `path` (as it appears in findings), if kept.
    fn source(&self, path: &str) -> Option<&str>;
}

impl<S: std::hash::BuildHasher> Sources for std::collections::HashMap<String, String, S> {
    fn source(&self, path: &str) -> Option<&str> {
        self.get(path).map(String::as_str)
    }
}

/// Text from the input (a file name, a function's name, a line of code) made safe to print on
/// a terminal: control characters, and the characters that reorder text (bidirectional
/// overrides), are written as escapes (`\n`, `\u{1b}`), so that an escape sequence in a file
/// name cannot recolour, retitle or rewrite the terminal, and a newline cannot forge a line of
/// output. The human and short formats print everything through it; the other formats escape
/// in their own syntax.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    escaped(text, false)
}

/// [`printable`], keeping tabs, which a snippet of code aligns itself.
pub(crate) fn escaped(text: &str, keep_tabs: bool) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(|c| needs_escape(c, keep_tabs)) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        push_escaped(&mut out, c, keep_tabs);
    }
    std::borrow::Cow::Owned(out)
}

/// Appends `c`, escaped if it must be.
pub(crate) fn push_escaped(out: &mut String, c: char, keep_tabs: bool) {
    use std::fmt::Write as _;
    if !needs_escape(c, keep_tabs) {
        out.push(c);
        return;
    }
    match c {
        '\t' => out.push_str("\\t"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\0' => out.push_str("\\0"),
        _ => {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        }
    }
}

/// Control characters (C0, DEL, C1) and the bidirectional formatting characters.
fn needs_escape(c: char, keep_tabs: bool) -> bool {
    (c.is_control() && !(keep_tabs && c == '\t'))
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Whole numbers are written without a fraction (`14`, not `14.0`).
#[derive(Serialize)]
#[serde(untagged)]
pub(crate) enum Number {
    Int(i64),
    Float(f64),
}

impl From<f64> for Number {
    #[allow(clippy::cast_precision_loss)]
    fn from(value: f64) -> Self {
        if value.fract() == 0.0 && value.abs() < (1u64 << 53) as f64 {
            Number::Int(value as i64)
        } else {
            Number::Float(value)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{escaped, printable};

    #[test]
    fn control_and_bidirectional_characters_are_escaped() {
        assert_eq!(printable("src/app.py"), "src/app.py");
        assert_eq!(printable("a\u{1b}[31mred\u{1b}[0m"), "a\\u{1b}[31mred\\u{1b}[0m");
        assert_eq!(printable("new\nline\r\t\0"), "new\\nline\\r\\t\\0");
        assert_eq!(printable("\u{9b}2J \u{7f}"), "\\u{9b}2J \\u{7f}");
        assert_eq!(printable("abc\u{202e}fed"), "abc\\u{202e}fed");
        assert_eq!(printable("é𝒇 ok"), "é𝒇 ok");
        assert_eq!(escaped("\tx\u{7}", true), "\tx\\u{7}");
    }
}
