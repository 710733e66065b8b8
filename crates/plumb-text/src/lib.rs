//! Positions and spans in source text: what the metrics record and the findings and renderers
//! read, as one type.
//!
//! An internal component of plumb, not published: its API follows plumb's needs. What plumb
//! keeps stable is its command line, exit codes and documented output formats (`docs/json.md`).
//!
//! ```
//! use plumb_text::{Position, Span};
//!
//! // `é` is one Unicode scalar, two bytes, and one UTF-16 unit.
//! let start = Position { byte: 5, line: 2, column: 3, utf16_column: 3 };
//! let end = Position { byte: 7, line: 2, column: 4, utf16_column: 4 };
//! let span = Span { start, end };
//! assert!(span.start < span.end);
//! ```

/// A position in a file, in every unit an output format may need.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Position {
    /// Byte offset from the start of the file.
    pub byte: u32,
    /// 1-based line.
    pub line: u32,
    /// 1-based column in Unicode scalar values.
    pub column: u32,
    /// 1-based column in UTF-16 code units.
    pub utf16_column: u32,
}

/// A range of a file: start inclusive, end exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    /// Where it starts.
    pub start: Position,
    /// Just past where it ends.
    pub end: Position,
}
