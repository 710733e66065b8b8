//! Block comments inside `#define`s, blanked before the parse.
//!
//! The preprocessor replaces each comment with a space before it reads a directive, so
//! `#define M do { /* retry */ ; } while (0)` is one directive. tree-sitter's C, C++ and
//! Objective-C grammars read a macro's body as one token that stops at `/*`: the comment
//! becomes a node of its own, the directive ends there, and the rest of the body is read as
//! code outside any function. Its `while` and `?` then count in the file's `<module>`, and a
//! body with braces can run into the declaration after it. Blanking those comments (spaces;
//! line breaks and line splices kept, so every byte keeps its position) lets the grammar read
//! the directive whole. The lines that held only such a comment still count as comment lines.

use std::ops::Range;

use plumb_lang::tokens::continues;

/// A source whose comments in `#define`s were blanked.
#[derive(Debug)]
pub(crate) struct Defines {
    /// The source to parse.
    pub(crate) source: Vec<u8>,
    /// The lines (0-based) that held only a blanked comment, in order: comment lines, although
    /// the source to parse has none there.
    pub(crate) comment_rows: Vec<usize>,
}

/// The source with the block comments inside `#define` directives blanked, or `None` when it
/// has none. A comment is blanked only where it ends inside its directive (the lines it joins
/// with a final `\`); one that runs on past it, and everything after a `//` comment (which the
/// line splices join to the directive), is left as it is.
pub(crate) fn without_comments_in_defines(source: &[u8]) -> Option<Defines> {
    let mut comments = Vec::new();
    // Each `#` first on its line (after spaces and tabs) starts a directive.
    let mut at = 0;
    while let Some(hash) = memchr::memchr(b'#', &source[at..]).map(|offset| at + offset) {
        let indent = source[..hash].iter().rposition(|b| !matches!(b, b' ' | b'\t')).map_or(0, |i| i + 1);
        if indent > 0 && source[indent - 1] != b'\n' {
            at = hash + 1;
            continue;
        }
        let end = directive_end(source, hash);
        if let Some(body) = define_body(source, hash, end) {
            comments.extend(block_comments(source, body));
        }
        if end >= source.len() {
            break;
        }
        at = end + 1;
    }
    if comments.is_empty() {
        return None;
    }
    let mut blanked = source.to_vec();
    for comment in &comments {
        blank(&mut blanked[comment.clone()]);
    }
    let comment_rows = comment_rows(source, &blanked, &comments);
    Some(Defines { source: blanked, comment_rows })
}

/// The rows of `comments` (in order) that hold nothing else: some text in `source`, and only
/// whitespace and line splices in `blanked`.
fn comment_rows(source: &[u8], blanked: &[u8], comments: &[Range<usize>]) -> Vec<usize> {
    let mut rows = Vec::new();
    // The row `at` is on, and where that row starts; the last row read.
    let (mut at, mut row, mut line) = (0, 0, 0);
    let mut read = None;
    for comment in comments {
        for newline in memchr::memchr_iter(b'\n', &source[at..comment.start]) {
            (row, line) = (row + 1, at + newline + 1);
        }
        loop {
            let end = memchr::memchr(b'\n', &source[line..]).map_or(source.len(), |i| line + i);
            if read != Some(row) {
                read = Some(row);
                let held_only_comments = !is_blank(&source[line..end]) && is_blank(&blanked[line..end]);
                rows.extend(held_only_comments.then_some(row));
            }
            if end >= comment.end {
                break;
            }
            (row, line) = (row + 1, end + 1);
        }
        at = comment.end;
    }
    rows
}

/// Whether a row holds only whitespace and line splices.
fn is_blank(row: &[u8]) -> bool {
    row.iter().all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\x0b' | b'\x0c' | b'\\'))
}

/// The end of the line `start` is on (the index of its `\n`, or the source's length), joined
/// with the lines after it while each ends with a `\`.
fn directive_end(source: &[u8], start: usize) -> usize {
    let mut at = start;
    loop {
        let Some(newline) = memchr::memchr(b'\n', &source[at..]).map(|offset| at + offset) else {
            return source.len();
        };
        if !continues(&source[at..=newline]) {
            return newline;
        }
        at = newline + 1;
    }
}

/// Where the body of the `#define` on `start..end` starts, when the directive is one: `#`, then
/// `define` as a whole word, after optional spaces and tabs.
fn define_body(source: &[u8], start: usize, end: usize) -> Option<Range<usize>> {
    let line = &source[start..end];
    let hash = line.iter().position(|b| !matches!(b, b' ' | b'\t'))?;
    let rest = line[hash..].strip_prefix(b"#")?;
    let name = rest.iter().position(|b| !matches!(b, b' ' | b'\t')).unwrap_or(rest.len());
    let after = rest[name..].strip_prefix(b"define")?;
    if after.first().is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'_') {
        return None;
    }
    Some(end - after.len()..end)
}

/// The block comments in `body`, skipping string and character literals; stops at a `//`
/// comment and at a comment that does not end in `body`.
fn block_comments(source: &[u8], body: Range<usize>) -> Vec<Range<usize>> {
    let text = &source[body.clone()];
    let mut comments = Vec::new();
    // Most bodies have no `/`, and need no closer look.
    let Some(mut at) = memchr::memchr(b'/', text) else { return comments };
    // A literal before the first `/` may hold it.
    at = text[..at].iter().position(|&b| b == b'"' || b == b'\'').unwrap_or(at);
    while let Some(offset) = memchr::memchr3(b'/', b'"', b'\'', &text[at..]) {
        at += offset;
        match (text[at], text.get(at + 1)) {
            (b'/', Some(b'/')) => break,
            (b'/', Some(b'*')) => {
                let Some(close) = memchr::memmem::find(&text[at + 2..], b"*/") else { break };
                let end = at + 2 + close + 2;
                comments.push(body.start + at..body.start + end);
                at = end;
            }
            (quote @ (b'"' | b'\''), _) => at = literal_end(text, at, quote),
            _ => at += 1,
        }
    }
    comments
}

/// Just past the literal opened by `quote` at `start`: its closing quote, a backslash escaping
/// the byte after it, or the end of `text`.
fn literal_end(text: &[u8], start: usize, quote: u8) -> usize {
    let mut at = start + 1;
    while at < text.len() {
        match text[at] {
            b'\\' => at += 2,
            byte if byte == quote => return at + 1,
            _ => at += 1,
        }
    }
    text.len()
}

/// Spaces for every byte but line breaks and the `\` of a line splice.
fn blank(text: &mut [u8]) {
    for at in 0..text.len() {
        let splice = text[at] == b'\\' && matches!(&text[at + 1..], [b'\n', ..] | [b'\r', b'\n', ..]);
        if !splice && !matches!(text[at], b'\n' | b'\r') {
            text[at] = b' ';
        }
    }
}

#[cfg(test)]
mod tests {
    use super::without_comments_in_defines;

    fn blanked(source: &str) -> Option<String> {
        without_comments_in_defines(source.as_bytes())
            .map(|defines| String::from_utf8(defines.source).unwrap())
    }

    fn comment_rows(source: &str) -> Vec<usize> {
        without_comments_in_defines(source.as_bytes()).map_or_else(Vec::new, |defines| defines.comment_rows)
    }

    #[test]
    fn blanks_a_comment_between_a_macro_s_tokens() {
        assert_eq!(
            blanked("#define M do { /*c*/; } while (0)\nvoid after(void) { }\n").as_deref(),
            Some("#define M do {      ; } while (0)\nvoid after(void) { }\n"),
        );
    }

    #[test]
    fn blanks_comments_on_continued_lines_and_keeps_each_splice() {
        let source = "#define F(c) { \\\n  if ((c) ? /* one \\\n  two */ 1 : 2) {} \\\n  /* three */ \\\n}\nint x; /* kept */\n";
        let expected = "#define F(c) { \\\n  if ((c) ?        \\\n         1 : 2) {} \\\n              \\\n}\nint x; /* kept */\n";
        assert_eq!(blanked(source).as_deref(), Some(expected));
        assert_eq!(blanked(source).unwrap().len(), source.len());
        // `two */ 1 : 2) {}` holds code, `/* three */` nothing else.
        assert_eq!(comment_rows(source), [3]);
    }

    #[test]
    fn a_line_that_held_only_comments_is_a_comment_row() {
        let source = "int a;\n#define M(x) \\\n  /* one */ /* two */ \\\n  (x) /* three */ \\\n  /* four\\\n  five */\n";
        assert_eq!(comment_rows(source), [2, 4, 5]);
        assert_eq!(comment_rows("#define A /* a */ /* b */\n#define B /* c */ 1\n"), Vec::<usize>::new());
    }

    #[test]
    fn keeps_literals_line_comments_and_comments_that_run_past_the_directive() {
        assert_eq!(
            blanked("#define S \"/* no */\" '\\'' /* yes */\n").as_deref(),
            Some("#define S \"/* no */\" '\\''          \n"),
        );
        // After `//` the rest of the directive is the comment's.
        assert_eq!(blanked("#define A 1 // x /* y */ \\\n  /* z */\n"), None);
        // A comment that ends on a line the directive does not join.
        assert_eq!(blanked("#define B 1 /* one\n   two */\n"), None);
        assert_eq!(
            blanked("#  define C(x) (x) /*c*/ + 1\r\n").as_deref(),
            Some("#  define C(x) (x)       + 1\r\n")
        );
    }

    #[test]
    fn reads_only_defines() {
        assert_eq!(blanked("#include <a.h> /* a */\n#if A /* b */\n#endif\n#defined X /* c */ 1\n"), None);
        assert_eq!(blanked("int f(void) { return 1 /* d */; }\n"), None);
        // A `#` after other text on its line starts no directive.
        assert_eq!(blanked("x; # define Y /* y */ 1\nchar *s = \"#define Z /* z */\";\n"), None);
        assert_eq!(blanked(""), None);
        assert_eq!(blanked("#define").as_deref(), None);
        assert_eq!(blanked("  #\tdefine E /* e */").as_deref(), Some("  #\tdefine E        "));
    }
}
