//! Line classification: every physical line is blank, code or comment.
//!
//! The walk marks the lines each token covers as code, and the lines each comment (or
//! docstring) covers as comment. A line is then blank if it holds only whitespace (even inside
//! a comment or a string), else code if any code token touches it, else comment.

use plumb_lang::tree_sitter::{Node, Point};

const CODE: u8 = 1;
const COMMENT: u8 = 2;
const BLANK: u8 = 4;

/// Per-line flags for one file.
pub(crate) struct LineMap {
    flags: Vec<u8>,
}

/// The number of physical lines: a final line without a newline counts, the empty "line"
/// after a final newline does not.
pub(crate) fn physical_lines(source: &[u8]) -> u32 {
    let newlines = count_newlines(source);
    let unterminated = u32::from(source.last().is_some_and(|&b| b != b'\n'));
    newlines + unterminated
}

/// The number of `\n` bytes.
pub(crate) fn count_newlines(text: &[u8]) -> u32 {
    memchr::memchr_iter(b'\n', text).count() as u32
}

/// Totals of a line range.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct LineCounts {
    pub(crate) lines: u32,
    pub(crate) code: u32,
    pub(crate) comments: u32,
    pub(crate) blanks: u32,
}

impl LineMap {
    pub(crate) fn new(source: &[u8]) -> Self {
        let is_space = |b: &u8| matches!(b, b' ' | b'\t' | b'\r' | b'\x0b' | b'\x0c');
        let mut flags = Vec::with_capacity(source.len() / 32 + 1);
        let mut at = 0;
        // One line per round: skip its indentation, then a blank line ends right there, and
        // any other is searched for its end.
        while at < source.len() {
            let text = at + source[at..].iter().position(|b| !is_space(b)).unwrap_or(source.len() - at);
            match source.get(text) {
                None => {
                    flags.push(BLANK); // whitespace after the last newline
                    break;
                }
                Some(b'\n') => {
                    flags.push(BLANK);
                    at = text + 1;
                }
                Some(_) => {
                    flags.push(0);
                    match memchr::memchr(b'\n', &source[text..]) {
                        Some(end) => at = text + end + 1,
                        None => break,
                    }
                }
            }
        }
        Self { flags }
    }

    /// Marks the lines a token covers as code.
    #[inline]
    pub(crate) fn code(&mut self, node: Node<'_>) {
        self.mark(node, CODE);
    }

    /// Marks the lines a token (a leaf) covers as code, unless it is empty (a missing node).
    /// Columns count bytes, so a token is empty exactly when it ends where it starts: one call
    /// for the end point instead of two for the bytes.
    #[inline]
    pub(crate) fn token(&mut self, node: Node<'_>) {
        let (start, end) = (node.start_position(), node.end_position());
        if start != end {
            self.mark_rows(start.row, last_row(start, end), CODE);
        }
    }

    /// Marks the lines a comment covers.
    pub(crate) fn comment(&mut self, node: Node<'_>) {
        self.mark(node, COMMENT);
    }

    #[inline]
    fn mark(&mut self, node: Node<'_>, flag: u8) {
        let (first, last) = rows(node);
        self.mark_rows(first, last, flag);
    }

    #[inline]
    fn mark_rows(&mut self, first: usize, last: usize, flag: u8) {
        let end = (last + 1).min(self.flags.len());
        if first < end {
            for slot in &mut self.flags[first..end] {
                *slot |= flag;
            }
        }
    }

    /// The lines' classification, as a prefix sum of code lines plus totals.
    pub(crate) fn finish(self) -> (LineCounts, Vec<u32>) {
        let mut counts = LineCounts { lines: self.flags.len() as u32, ..LineCounts::default() };
        let mut prefix = Vec::with_capacity(self.flags.len() + 1);
        prefix.push(0);
        let mut code_so_far = 0;
        for flags in self.flags {
            if flags & BLANK != 0 {
                counts.blanks += 1;
            } else if flags & CODE != 0 || flags & COMMENT == 0 {
                // Text that no token covers (inside an error, say) is code.
                counts.code += 1;
                code_so_far += 1;
            } else {
                counts.comments += 1;
            }
            prefix.push(code_so_far);
        }
        (counts, prefix)
    }
}

/// The 0-based first and last rows a node covers. A node that ends at column 0 (its text ends
/// with a newline) does not cover that last row.
pub(crate) fn rows(node: Node<'_>) -> (usize, usize) {
    let start = node.start_position();
    (start.row, last_row(start, node.end_position()))
}

/// The last row a range from `start` to `end` covers (not `end`'s row if it ends at column 0).
fn last_row(start: Point, end: Point) -> usize {
    if end.column == 0 && end.row > start.row { end.row - 1 } else { end.row }
}

/// Code lines among rows `first..=last`, from the prefix sum.
pub(crate) fn code_between(prefix: &[u32], first: usize, last: usize) -> u32 {
    let len = prefix.len() - 1;
    let (first, end) = (first.min(len), (last + 1).min(len));
    if first >= end { 0 } else { prefix[end] - prefix[first] }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn physical_lines_count_an_unterminated_last_line() {
        assert_eq!(physical_lines(b""), 0);
        assert_eq!(physical_lines(b"a"), 1);
        assert_eq!(physical_lines(b"a\n"), 1);
        assert_eq!(physical_lines(b"a\n\n"), 2);
        assert_eq!(physical_lines(b"a\nb"), 2);
        assert_eq!(physical_lines(b"\n"), 1);
    }

    #[test]
    fn line_map_has_one_entry_per_physical_line_and_knows_blank_ones() {
        for text in ["", "a", "a\n", "a\n\n", " \t\n x\n", "x\n  ", "\r\n\n\x0c\ny"] {
            let map = LineMap::new(text.as_bytes());
            assert_eq!(map.flags.len() as u32, physical_lines(text.as_bytes()), "{text:?}");
        }
        let map = LineMap::new(b"a\n \t\r\n  b  \n\n  ");
        assert_eq!(map.flags, [0, BLANK, 0, BLANK, BLANK]);
    }

    #[test]
    fn code_between_clamps() {
        let prefix = [0, 1, 1, 2];
        assert_eq!(code_between(&prefix, 0, 2), 2);
        assert_eq!(code_between(&prefix, 1, 1), 0);
        assert_eq!(code_between(&prefix, 2, 10), 1);
        assert_eq!(code_between(&prefix, 5, 10), 0);
    }
}
