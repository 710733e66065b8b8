//! One module per output format, each a pure function of a [`Report`], and the format table
//! ([`Format`]) that names them.

// The HTML page of `plumb report`: it renders a `Page` (the report with its coverage, history
// and sources), not a `plumb check` format.
pub mod html;
#[cfg(test)]
pub(crate) mod testing;

use std::io::{self, Write};

use serde::Serialize;

use crate::Report;

/// How a format is rendered.
#[derive(Debug, Clone, Copy)]
pub enum Renderer {
    /// Diagnostics with snippets ([`human::render`]): the report, the sources and options.
    Human,
    /// A function of the report alone.
    Machine(fn(&Report, &mut dyn Write) -> io::Result<()>),
}

/// Generates the renderer modules, [`Format`], [`Format::ALL`] and each format's name, help
/// and renderer from one line per format.
macro_rules! formats {
    ($($variant:ident => $module:ident, $name:literal, $help:literal, $renderer:expr;)*) => {
        $(pub mod $module;)*

        /// An output format of `plumb check`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Format {
            $(#[doc = concat!($help, ".")] $variant,)*
        }

        impl Format {
            /// Every format, in the order `--help` lists them.
            pub const ALL: [Format; [$($name),*].len()] = [$(Format::$variant),*];

            /// Its `--format` name (`sarif`).
            pub fn name(self) -> &'static str {
                match self {
                    $(Format::$variant => $name,)*
                }
            }

            /// What it is, as `--help` says it.
            pub fn help(self) -> &'static str {
                match self {
                    $(Format::$variant => $help,)*
                }
            }

            /// How it is rendered.
            pub fn renderer(self) -> Renderer {
                match self {
                    $(Format::$variant => $renderer,)*
                }
            }
        }
    };
}

// The format table, in the order `--help` lists the formats. Adding a format: its renderer
// module (a `render` function of the report), and one line here.
formats! {
    Human => human, "human", "rustc-style diagnostics with source snippets", Renderer::Human;
    Short => short, "short", "`path:line:col: level[rule]: message`, one per line", Renderer::Machine(short::render);
    Json => json, "json", "The versioned JSON document described in docs/json.md", Renderer::Machine(json::render);
    Sarif => sarif, "sarif", "SARIF 2.1.0, for GitHub code scanning and editors", Renderer::Machine(sarif::render);
    Github => github, "github",
        "GitHub Actions annotations (and a job summary when $GITHUB_STEP_SUMMARY is set)",
        Renderer::Machine(github::render);
    Gitlab => gitlab, "gitlab", "GitLab Code Quality JSON", Renderer::Machine(gitlab::render);
    Checkstyle => checkstyle, "checkstyle", "Checkstyle XML", Renderer::Machine(checkstyle::render);
    Junit => junit, "junit", "JUnit XML, one test suite per file", Renderer::Machine(junit::render);
    Markdown => markdown, "markdown", "A Markdown summary for pull-request comments", Renderer::Machine(markdown::render);
}

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

/// A sequence serialized as it is made, one element at a time: a report's findings become
/// JSON or SARIF objects without a vector of them all in memory.
pub(crate) struct Lazy<F>(pub(crate) F);

impl<F, I> Serialize for Lazy<F>
where
    F: Fn() -> I,
    I: IntoIterator,
    I::Item: Serialize,
{
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq((self.0)())
    }
}

#[cfg(test)]
mod tests {
    use super::{Format, Renderer, escaped, printable};
    use crate::Report;

    /// A renderer's file is compiled only through its line in the format table: every file of
    /// `src/render/` must have one (but the table's own, the tests' helpers, and the HTML page
    /// of `plumb report`, which is not a format of `plumb check`).
    #[test]
    fn every_renderer_file_is_in_the_table() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/render");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "rs"))
            .map(|path| path.file_name().unwrap().to_string_lossy().into_owned())
            .filter(|name| !["mod.rs", "testing.rs", "html.rs"].contains(&name.as_str()))
            .collect();
        files.sort();
        let mut expected: Vec<String> =
            Format::ALL.iter().map(|format| format!("{}.rs", format.name())).collect();
        expected.sort();
        assert_eq!(files, expected);
    }

    #[test]
    fn every_format_has_a_name_and_a_renderer() {
        let names: Vec<&str> = Format::ALL.iter().map(|format| format.name()).collect();
        assert_eq!(
            names,
            ["human", "short", "json", "sarif", "github", "gitlab", "checkstyle", "junit", "markdown"]
        );
        assert_eq!(Format::Gitlab.help(), "GitLab Code Quality JSON");
        for format in Format::ALL {
            match format.renderer() {
                Renderer::Human => assert_eq!(format, Format::Human),
                Renderer::Machine(render) => {
                    let mut out = Vec::new();
                    render(&Report::default(), &mut out).unwrap();
                    // The line formats write nothing for no findings; the documents are written whole.
                    assert_eq!(
                        out.is_empty(),
                        matches!(format, Format::Short | Format::Github),
                        "{}",
                        format.name()
                    );
                }
            }
        }
    }

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
