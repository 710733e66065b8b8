//! Words for counts and text for Markdown tables: what the renderers and the binary's other
//! outputs (tables, summaries, notes) write the same way.

use std::fmt::Display;
use std::io::{self, Write};

/// A whole number and its noun, singular for 1 and plural otherwise: `1 file`, `0 files`,
/// `2 baseline entries`.
pub fn plural(count: impl Display, one: &str, many: &str) -> String {
    let count = count.to_string();
    let noun = if count == "1" { one } else { many };
    format!("{count} {noun}")
}

/// Rows of text in columns (two spaces apart, each as wide as its widest cell), the header
/// first, trailing spaces trimmed.
pub fn aligned(out: &mut dyn Write, header: &[String], rows: &[Vec<String>]) -> io::Result<()> {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (width, text) in widths.iter_mut().zip(row) {
            *width = (*width).max(text.chars().count());
        }
    }
    for row in std::iter::once(header).chain(rows.iter().map(Vec::as_slice)) {
        let mut line = String::new();
        for (text, width) in row.iter().zip(&widths) {
            line.push_str(text);
            line.extend(std::iter::repeat_n(' ', width.saturating_sub(text.chars().count()) + 2));
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

/// Text for a Markdown table cell: Markdown punctuation backslash-escaped (CommonMark lets any
/// ASCII punctuation be escaped; GitHub's tables also take `\|`), line breaks as `<br>`. A name
/// or path from the input then shows as written, and cannot break the table, link, emphasise
/// or inject HTML.
pub fn markdown_cell(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '|' | '~' | '$' | '#' | '!' => {
                escaped.push('\\');
                escaped.push(c);
            }
            '\r' | '\n' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                escaped.push_str("<br>");
            }
            _ => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plurals() {
        assert_eq!(plural(1u32, "finding", "findings"), "1 finding");
        assert_eq!(plural(0usize, "changed file", "changed files"), "0 changed files");
        assert_eq!(plural(2u64, "baseline entry", "baseline entries"), "2 baseline entries");
        assert_eq!(plural(11, "fix", "fixes"), "11 fixes");
    }

    #[test]
    fn markdown_cells_escape_punctuation_and_break_lines() {
        assert_eq!(markdown_cell("app/core.py"), "app/core.py");
        assert_eq!(markdown_cell("a|b"), "a\\|b");
        assert_eq!(markdown_cell("parse_config <T>"), "parse\\_config \\<T\\>");
        assert_eq!(markdown_cell("one\r\ntwo\nthree"), "one<br>two<br>three");
    }
}
