//! Line classification: every physical line is blank, code or comment.
//!
//! The walk marks the lines each token covers as code, and the lines each comment (or
//! docstring) covers as comment. A line is then blank if it holds only whitespace (even inside
//! a comment or a string), else code if any code token touches it, else comment. A line that
//! held only a comment blanked before the parse (in a C `#define`) is a comment.

use std::cell::OnceCell;

use tree_sitter::{Node, Point};

use crate::Position;

const CODE: u8 = 1;
const COMMENT: u8 = 2;
const BLANK: u8 = 4;
/// Code of a component's markup, not of its scripts.
const MARKUP: u8 = 8;
/// A line that held only a comment the parsed source no longer has: a comment, whatever the
/// parsed text on it.
const COMMENT_ONLY: u8 = 16;

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

/// The lines of a file, read once: their flags, and where each starts.
pub(crate) fn read(source: &[u8]) -> (LineMap, LineIndex<'_>) {
    let is_space = |b: &u8| matches!(b, b' ' | b'\t' | b'\r' | b'\x0b' | b'\x0c');
    let mut flags = Vec::with_capacity(source.len() / 32 + 1);
    let mut starts = Vec::with_capacity(source.len() / 32 + 2);
    let mut at = 0;
    // One line per round: skip its indentation, then a blank line ends right there, and any
    // other is searched for its end.
    while at < source.len() {
        starts.push(at as u32);
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
    // The empty line after a final newline starts too (it is no physical line).
    if at == source.len() {
        starts.push(at as u32);
    }
    (LineMap { flags }, LineIndex::with_starts(source, starts))
}

impl LineMap {
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

    /// Marks the lines a token of a component's markup covers as code.
    pub(crate) fn markup(&mut self, node: Node<'_>) {
        self.mark(node, MARKUP);
    }

    /// The code lines that hold markup and no script token: a component's, outside its
    /// scripts.
    pub(crate) fn markup_code(&self) -> u32 {
        self.flags.iter().filter(|&&flags| flags & MARKUP != 0 && flags & (CODE | BLANK) == 0).count() as u32
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

    /// Marks `rows` (0-based) as comment lines, whatever the walk finds on them: lines that held
    /// only a comment that was blanked before the parse.
    pub(crate) fn comment_rows(&mut self, rows: &[usize]) {
        for &row in rows {
            if let Some(slot) = self.flags.get_mut(row) {
                *slot |= COMMENT_ONLY;
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
            if flags & COMMENT_ONLY != 0 {
                counts.comments += 1;
            } else if flags & BLANK != 0 {
                counts.blanks += 1;
            } else if flags & (CODE | MARKUP) != 0 || flags & COMMENT == 0 {
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

/// Bytes per block of [`LineIndex`]'s counts.
const BLOCK: usize = 64;

/// Positions of byte offsets, without reading the text of long lines: the start of every line,
/// and, for text that is not all ASCII, running counts per block of 64 bytes of the bytes that
/// continue a character and of those that start a 4-byte one (2 UTF-16 units). A column is then
/// a subtraction and a count over at most one block, where counting from the start of the line
/// made a file of one long line take time growing with the square of its length. The counts are
/// made at the first column that needs them: one after a character that is not ASCII, more than
/// [`SHORT`] bytes into its line.
pub(crate) struct LineIndex<'s> {
    source: &'s [u8],
    /// The byte each line starts at.
    starts: Vec<u32>,
    /// Whether the text is all ASCII, so that columns are byte counts.
    ascii: bool,
    /// Before each block: continuation bytes, and bytes that start a 4-byte character.
    blocks: OnceCell<Vec<[u32; 2]>>,
}

/// How far into its line a column is counted from the line's start rather than from
/// [`LineIndex`]'s counts.
const SHORT: usize = 256;

impl<'s> LineIndex<'s> {
    pub(crate) fn new(source: &'s [u8]) -> Self {
        let mut starts = Vec::with_capacity(source.len() / 32 + 1);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', source).map(|at| at as u32 + 1));
        Self::with_starts(source, starts)
    }

    fn with_starts(source: &'s [u8], starts: Vec<u32>) -> Self {
        Self { source, starts, ascii: source.is_ascii(), blocks: OnceCell::new() }
    }

    /// The position of a byte.
    pub(crate) fn pos(&self, byte: usize) -> Position {
        let byte = byte.min(self.source.len());
        let row = self.starts.partition_point(|&start| start as usize <= byte).saturating_sub(1);
        self.pos_in_row(byte, row, byte - self.starts[row] as usize)
    }

    /// The position of a byte whose row and byte column are known (tree-sitter's point).
    pub(crate) fn pos_in_row(&self, byte: usize, row: usize, byte_column: usize) -> Position {
        let byte = byte.min(self.source.len());
        let line_start = byte.saturating_sub(byte_column);
        let (column, utf16_column) = self.columns(line_start, byte);
        Position { byte: byte as u32, line: row as u32 + 1, column, utf16_column }
    }

    /// 1-based columns (Unicode scalars, UTF-16 units) of `byte`, on a line starting at
    /// `line_start`.
    fn columns(&self, line_start: usize, byte: usize) -> (u32, u32) {
        let prefix = &self.source[line_start..byte];
        let bytes = prefix.len() as u32;
        if self.ascii || prefix.len() <= SHORT && prefix.is_ascii() {
            return (bytes + 1, bytes + 1);
        }
        let [continuing, wide] =
            if prefix.len() <= SHORT { counts(prefix) } else { self.counts_between(line_start, byte) };
        let scalars = bytes - continuing;
        (scalars + 1, scalars + wide + 1)
    }

    /// The counts of continuation bytes and bytes starting a 4-byte character in
    /// `line_start..byte`, from the blocks.
    fn counts_between(&self, line_start: usize, byte: usize) -> [u32; 2] {
        let blocks = self.blocks.get_or_init(|| {
            let mut blocks = Vec::with_capacity(self.source.len() / BLOCK + 2);
            let mut sum = [0u32; 2];
            blocks.push(sum);
            for block in self.source.chunks(BLOCK) {
                let [continuing, wide] = counts(block);
                sum = [sum[0] + continuing, sum[1] + wide];
                blocks.push(sum);
            }
            blocks
        });
        let before = |at: usize| {
            let block = at / BLOCK;
            let [continuing, wide] = counts(&self.source[block * BLOCK..at]);
            [blocks[block][0] + continuing, blocks[block][1] + wide]
        };
        let ([continuing, wide], [continuing_before, wide_before]) = (before(byte), before(line_start));
        [continuing - continuing_before, wide - wide_before]
    }
}

/// The bytes of `text` that continue a character, and those that start a 4-byte one.
fn counts(text: &[u8]) -> [u32; 2] {
    let continuing = text.iter().filter(|&&b| is_continuation(b)).count() as u32;
    [continuing, text.iter().filter(|&&b| b >= 0xF0).count() as u32]
}

/// A byte that continues a UTF-8 character.
fn is_continuation(b: u8) -> bool {
    b & 0xC0 == 0x80
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
            let (map, index) = read(text.as_bytes());
            assert_eq!(index.starts, LineIndex::new(text.as_bytes()).starts, "{text:?}");
            assert_eq!(map.flags.len() as u32, physical_lines(text.as_bytes()), "{text:?}");
        }
        let (map, _) = read(b"a\n \t\r\n  b  \n\n  ");
        assert_eq!(map.flags, [0, BLANK, 0, BLANK, BLANK]);
    }

    /// Columns in Unicode scalars and UTF-16 units, counted by hand: `é` is 2 bytes, 1 scalar
    /// and 1 unit; `𝒇` is 4 bytes, 1 scalar and 2 units.
    #[test]
    fn line_index_columns() {
        let text = "ab\né𝒇x\n\n".as_bytes();
        let index = LineIndex::new(text);
        let pos = |byte| {
            let pos = index.pos(byte);
            (pos.line, pos.column, pos.utf16_column)
        };
        assert_eq!(pos(0), (1, 1, 1));
        assert_eq!(pos(2), (1, 3, 3));
        assert_eq!(pos(3), (2, 1, 1));
        assert_eq!(pos(5), (2, 2, 2)); // after é
        assert_eq!(pos(9), (2, 3, 4)); // after 𝒇
        assert_eq!(pos(10), (2, 4, 5)); // after x: the newline
        assert_eq!(pos(11), (3, 1, 1));
        assert_eq!(pos(12), (4, 1, 1)); // the end, after the last newline
        assert_eq!(index.pos_in_row(9, 1, 6), index.pos(9));
        // Short lines are counted from their start; the blocks are not made.
        assert!(index.blocks.get().is_none());
        // Across blocks: a long line of `é` and `𝒇`, then `a`.
        let long = format!("x\n{}{}a", "é".repeat(300), "𝒇".repeat(7));
        let index = LineIndex::new(long.as_bytes());
        let end = index.pos(long.len());
        assert_eq!((end.line, end.column, end.utf16_column), (2, 309, 316));
        assert_eq!(index.pos(long.len() - 29).column, 301); // after the `é`s
        assert!(index.blocks.get().is_some());
        let ascii = LineIndex::new(b"abc\ndef");
        assert_eq!(ascii.pos(6), Position { byte: 6, line: 2, column: 3, utf16_column: 3 });
        assert!(ascii.blocks.get().is_none());
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
