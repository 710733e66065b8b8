//! A stretch parsed again as a preprocessor reads it when one branch of each conditional in a
//! block holds: its first branch with code, as the tokens read it ([`plumb_lang::tokens`]).
//!
//! A conditional whose branches each open the same block (`} else {` / `#else` / `{` /
//! `#endif`) is two halves of a statement to the grammar, which cannot read them; the function
//! around it is lost, its decisions counted in the file's `<module>`. Read with one branch, it
//! is whole again.

use std::ops::Range;

use plumb_lang::Lexis;
use plumb_lang::tokens::{Conditional, Scan, Token, continues};
use tree_sitter::{Parser, Tree};

use super::Lines;

/// `range` parsed with only the branch of each conditional in a block that the tokens read, and
/// without the conditionals' directive lines;
/// `None` when that is all of it.
pub(super) fn parse_first_branches(
    parser: &mut Parser,
    lines: &Lines<'_>,
    range: Range<usize>,
    lexis: Lexis,
) -> Option<Tree> {
    let left_out = other_branches(lines.source, range.clone(), lexis);
    if left_out.is_empty() {
        return None;
    }
    let mut included = Vec::with_capacity(left_out.len() + 1);
    let mut at = range.start;
    for span in left_out.into_iter().chain(std::iter::once(range.end..range.end)) {
        if span.start > at {
            included.push(tree_sitter::Range {
                start_byte: at,
                end_byte: span.start,
                start_point: lines.point(at),
                end_point: lines.point(span.start),
            });
        }
        at = span.end;
    }
    parser.set_included_ranges(&included).ok()?;
    parser.parse(lines.source, None)
}

/// The spans of `range` that reading one branch of each conditional in a block leaves out, in
/// order: the conditional's directive lines, its branches before the first that holds code (a
/// comment is none), and its branches after that one. A conditional between declarations keeps
/// its branches: each holds whole ones. A conditional with one branch that opens or closes a
/// block (`#if A` / `} else {` / `#endif`) splits a statement with its directive lines alone:
/// without them, the statement reads whole.
fn other_branches(source: &[u8], range: Range<usize>, lexis: Lexis) -> Vec<Range<usize>> {
    let mut reading = Reading { depths: brace_depths(source, range.clone(), lexis), ..Reading::default() };
    let mut at = range.start;
    while at < range.end {
        let mut end = line_end(source, at, range.end);
        let line = source[at..end].trim_ascii();
        // A directive goes on over the lines it joins with a final `\`.
        while line.starts_with(b"#") && end < range.end && continues(&source[..end]) {
            end = line_end(source, end, range.end);
        }
        match directive(line) {
            Some(Conditional::Start) => reading.start(at..end),
            Some(Conditional::Branch) => reading.branch(at..end),
            Some(Conditional::End) => reading.end(at..end),
            None => reading.line(line),
        }
        at = end;
    }
    reading.spans
}

/// The conditional directive a line is, if any.
fn directive(line: &[u8]) -> Option<Conditional> {
    let rest = line.strip_prefix(b"#")?.trim_ascii_start();
    Conditional::named(&rest[..rest.iter().position(|b| !b.is_ascii_alphabetic()).unwrap_or(rest.len())])
}

/// A conditional open at a line.
enum Open {
    /// Between declarations: read whole. Whether it holds code.
    Kept { code: bool },
    /// In a block: read from one branch. Where the branch being read starts and whether it
    /// holds code yet; once it does, where the branches left out after it start.
    Read { branch: usize, code: bool, after: Option<usize> },
}

impl Open {
    /// Whether the branch read holds code.
    fn code(&mut self) -> &mut bool {
        match self {
            Self::Kept { code } | Self::Read { code, .. } => code,
        }
    }
}

/// The conditionals read so far, line by line.
#[derive(Default)]
struct Reading {
    /// Each brace the tokens read, with the depth of blocks after it.
    depths: Vec<(usize, u32)>,
    open: Vec<Open>,
    spans: Vec<Range<usize>>,
    /// How many of the open conditionals are in a branch left out.
    skipped: usize,
}

impl Reading {
    /// Whether the line read is in a branch left out.
    fn skipping(&self) -> bool {
        self.skipped > 0
    }

    /// The depth of blocks at `at`.
    fn depth_at(&self, at: usize) -> u32 {
        let braces = self.depths.partition_point(|&(brace, _)| brace < at);
        braces.checked_sub(1).map_or(0, |index| self.depths[index].1)
    }

    /// Leaves `span` out, with the spans inside it.
    fn leave_out(&mut self, span: Range<usize>) {
        while self.spans.last().is_some_and(|last| last.start >= span.start) {
            self.spans.pop();
        }
        self.spans.push(span);
    }

    /// `#if` on `line`.
    fn start(&mut self, line: Range<usize>) {
        let read = Open::Read { branch: line.end, code: false, after: None };
        let open = if self.skipping() {
            read
        } else if self.depth_at(line.start) > 0 {
            self.leave_out(line);
            read
        } else {
            // Between declarations.
            Open::Kept { code: false }
        };
        self.open.push(open);
    }

    /// `#else` or `#elif` on `line`.
    fn branch(&mut self, line: Range<usize>) {
        match self.open.last_mut() {
            // The branch read so far has no code: the next one is read instead.
            Some(Open::Read { branch, code: false, after: None }) => {
                let left_out = *branch..line.end;
                *branch = line.end;
                self.leave_out(left_out);
            }
            Some(Open::Read { after: after @ None, .. }) => {
                *after = Some(line.start);
                self.skipped += 1;
            }
            _ => {}
        }
    }

    /// `#endif` on `line`.
    fn end(&mut self, line: Range<usize>) {
        let Some(mut open) = self.open.pop() else { return };
        if let Open::Read { after, .. } = open {
            self.skipped -= usize::from(after.is_some());
            if !self.skipping() {
                self.leave_out(after.unwrap_or(line.start)..line.end);
            }
        }
        // The branch around it holds the code its branch does.
        if *open.code()
            && let Some(around) = self.open.last_mut()
        {
            *around.code() = true;
        }
    }

    /// Another line, trimmed: code, unless it is blank, a directive or starts a comment.
    fn line(&mut self, line: &[u8]) {
        let comment = line.starts_with(b"//") || line.starts_with(b"/*") || line.starts_with(b"*");
        if !line.is_empty()
            && !line.starts_with(b"#")
            && !comment
            && let Some(open) = self.open.last_mut()
        {
            *open.code() = true;
        }
    }
}

/// Each brace of `range` the tokens read (of each conditional, its first branch with code, as
/// [`other_branches`] reads it), with the depth of blocks after it, counted from the range's
/// start.
fn brace_depths(source: &[u8], range: Range<usize>, lexis: Lexis) -> Vec<(usize, u32)> {
    let mut depths = Vec::new();
    let mut depth = 0_u32;
    let mut scan = Scan::new(&source[..range.end], lexis, range.start).first_branch_with_code();
    while let Some(token) = scan.next() {
        match token {
            Token::Punct(b'{') => depth += 1,
            Token::Punct(b'}') => depth = depth.saturating_sub(1),
            _ => continue,
        }
        depths.push((scan.start, depth));
    }
    depths
}

/// Just past the end of the line at `at` (its `\n`), or `limit`.
fn line_end(source: &[u8], at: usize, limit: usize) -> usize {
    memchr::memchr(b'\n', &source[at..limit]).map_or(limit, |i| at + i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading_first_branches_leaves_out_directive_lines_and_later_branches() {
        let source = "f() {\n#if A\nb {\n#ifdef B\nc\n#else\nd\n#endif\n#elif C \\\n && D\ne {\n#if F\nf\n#endif\n#endif\n}\n}\n";
        let texts: Vec<&str> = other_branches(source.as_bytes(), 0..source.len(), Lexis::C)
            .into_iter()
            .map(|span| &source[span])
            .collect();
        assert_eq!(
            texts,
            [
                "#if A\n",
                "#ifdef B\n",
                "#else\nd\n#endif\n",
                "#elif C \\\n && D\ne {\n#if F\nf\n#endif\n#endif\n"
            ]
        );
        let whole = |source: &[u8]| other_branches(source, 0..source.len(), Lexis::C);
        // The depth of blocks counts the braces of the branches read: `B` is in `f`'s body.
        let source = "#if WIN\n// none\n#else\nint f() {\n#endif\n#ifdef B\nx;\n#else\ny;\n#endif\n}\n";
        let texts: Vec<&str> = whole(source.as_bytes()).into_iter().map(|span| &source[span]).collect();
        assert_eq!(texts, ["#ifdef B\n", "#else\ny;\n#endif\n"]);
        // A first branch without code gives way to the next.
        let source = "f() {\n#if WIN\n  // none\n#else\n  x {\n#endif\n}\n}\n";
        let texts: Vec<&str> = whole(source.as_bytes()).into_iter().map(|span| &source[span]).collect();
        assert_eq!(texts, ["#if WIN\n", "  // none\n#else\n", "#endif\n"]);
        // Without a second branch, only the directive lines are left out.
        let source = "f() {\n#ifdef A\n} else {\n#endif\n}\n";
        let texts: Vec<&str> = whole(source.as_bytes()).into_iter().map(|span| &source[span]).collect();
        assert_eq!(texts, ["#ifdef A\n", "#endif\n"]);
        // Between declarations, each branch holds whole ones.
        assert!(whole(b"#ifdef A\nint f() {}\n#else\nint f();\n#endif\n").is_empty());
    }
}
