//! A language's tokens, as far as matching its braces needs: comments, literals and
//! preprocessor lines are skipped; words and punctuation are returned ([`Lexis`]).

use crate::Lexis;

/// A token that matters to the structure of declarations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token<'s> {
    /// An identifier or keyword.
    Word(&'s [u8]),
    /// Any other significant byte.
    Punct(u8),
}

/// Reads the tokens of `source` from a position.
pub struct Scan<'s> {
    source: &'s [u8],
    lexis: Lexis,
    /// Where the last token starts.
    pub start: usize,
    /// Just past the last token.
    pub at: usize,
    /// Only whitespace since the start of the line (C: a `#` starts a directive).
    line_start: bool,
    /// Open preprocessor conditionals, innermost last.
    branches: Vec<Branch>,
    /// Whether a conditional's branches without a token give way to the next one.
    first_with_code: bool,
}

/// Where a scan is in one preprocessor conditional.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Branch {
    /// In the branch that is read, before any token.
    Fresh,
    /// In the branch that is read, after a token.
    Read,
    /// In a branch after the one that is read.
    Skipped,
}

impl<'s> Scan<'s> {
    /// Tokens of `source` from `at`, which starts a line when it is 0.
    pub fn new(source: &'s [u8], lexis: Lexis, at: usize) -> Self {
        Self {
            source,
            lexis,
            start: at,
            at,
            line_start: at == 0,
            branches: Vec::new(),
            first_with_code: false,
        }
    }

    /// Reads, of each preprocessor conditional, its first branch that holds a token rather than
    /// its first branch: `#if __cplusplus < 201103L` / `# include <warning.h>` / `#else` / code.
    #[must_use]
    pub fn first_branch_with_code(mut self) -> Self {
        self.first_with_code = true;
        self
    }

    /// The next token that is not in a comment, a literal, a directive or a branch of a
    /// preprocessor conditional after its first.
    #[allow(clippy::should_implement_trait, reason = "the positions are read between tokens")]
    pub fn next(&mut self) -> Option<Token<'s>> {
        loop {
            let token = self.token()?;
            if !self.branches.contains(&Branch::Skipped) {
                if self.first_with_code {
                    for branch in &mut self.branches {
                        *branch = Branch::Read;
                    }
                }
                return Some(token);
            }
        }
    }

    /// The next token, in any branch.
    fn token(&mut self) -> Option<Token<'s>> {
        loop {
            let &byte = self.source.get(self.at)?;
            if byte == b'\n' {
                self.line_start = true;
                self.at += 1;
            } else if is_space(byte) {
                self.at += 1;
            } else if let Some(end) = self.skipped(byte) {
                self.line_start = false;
                self.at = end;
            } else {
                self.line_start = false;
                if let Some(token) = self.significant(byte) {
                    return Some(token);
                }
            }
        }
    }

    /// Where what starts at `byte` ends, if it is skipped: a directive, a comment, a literal,
    /// a number.
    fn skipped(&mut self, byte: u8) -> Option<usize> {
        let (source, at, c) = (self.source, self.at, self.lexis == Lexis::C);
        match (byte, source.get(at + 1)) {
            (b'#', _) if c && self.line_start => Some(self.directive()),
            (b'/', Some(b'/')) => Some(line_end(source, at, c)),
            (b'/', Some(b'*')) => Some(block_comment_end(source, at + 2, !c)),
            (b'"', _) => Some(quoted_end(source, at + 1, b'"', c)),
            (b'\'', _) => Some(self.quote()),
            (b'0'..=b'9', _) => {
                // With C++'s digit separators (`1'000`) and suffixes.
                let extra: &[u8] = if c { b"_.'" } else { b"_." };
                Some(run(source, at, |b| b.is_ascii_alphanumeric() || extra.contains(&b)))
            }
            _ => None,
        }
    }

    /// A word or a punctuation byte; `None` for a raw string, skipped like any literal.
    fn significant(&mut self, byte: u8) -> Option<Token<'s>> {
        let source = self.source;
        self.start = self.at;
        if starts_word(byte) {
            self.at = run(source, self.at, is_word_byte);
            let word = &source[self.start..self.at];
            match raw_string_end(source, word, self.at, self.lexis) {
                Some(end) => {
                    self.at = end;
                    None
                }
                None => Some(Token::Word(word)),
            }
        } else {
            self.at += 1;
            Some(Token::Punct(byte))
        }
    }

    /// A `'`: a character literal, or (Rust) a lifetime or label.
    fn quote(&self) -> usize {
        let source = self.source;
        let after = self.at + 1;
        if self.lexis == Lexis::C || source.get(after) == Some(&b'\\') {
            return quoted_end(source, after, b'\'', true);
        }
        // `'{'` is a character; `'a` (no closing quote right after one character) a lifetime.
        let width = source.get(after).map_or(1, |&b| utf8_width(b));
        if source.get(after + width) == Some(&b'\'') { after + width + 1 } else { after }
    }

    /// A preprocessor line: conditionals are followed (only their first branch is read, or their
    /// first with a token), the rest is skipped, continuation lines and comments included.
    /// Returns where it ends.
    fn directive(&mut self) -> usize {
        let source = self.source;
        let name_start = run(source, self.at + 1, |b| b == b' ' || b == b'\t');
        let name_end = run(source, name_start, |b| b.is_ascii_alphabetic());
        match Conditional::named(&source[name_start..name_end]) {
            Some(Conditional::Start) => self.branches.push(Branch::Fresh),
            Some(Conditional::Branch) => {
                let first_with_code = self.first_with_code;
                if let Some(top) = self.branches.last_mut()
                    && !(first_with_code && *top == Branch::Fresh)
                {
                    *top = Branch::Skipped;
                }
            }
            Some(Conditional::End) => {
                self.branches.pop();
            }
            None => {}
        }
        directive_end(source, name_end)
    }
}

/// A directive of a preprocessor conditional.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conditional {
    /// `#if`, `#ifdef`, `#ifndef`.
    Start,
    /// `#else`, `#elif`, `#elifdef`, `#elifndef`.
    Branch,
    /// `#endif`.
    End,
}

impl Conditional {
    /// The conditional directive of this name (what follows the `#` and any blanks), if any.
    pub fn named(name: &[u8]) -> Option<Self> {
        match name {
            b"if" | b"ifdef" | b"ifndef" => Some(Self::Start),
            b"elif" | b"else" | b"elifdef" | b"elifndef" => Some(Self::Branch),
            b"endif" => Some(Self::End),
            _ => None,
        }
    }
}

/// Whitespace, as the scan reads it.
pub fn is_space(byte: u8) -> bool {
    byte.is_ascii_whitespace() || byte == b'\x0b'
}

/// Whether a byte starts a word (an identifier or keyword).
pub fn starts_word(byte: u8) -> bool {
    byte == b'_' || byte.is_ascii_alphabetic() || byte >= 0x80
}

/// Whether a byte goes on a word (or a number: digits and suffixes).
pub fn is_word_byte(byte: u8) -> bool {
    byte == b'_' || byte.is_ascii_alphanumeric() || byte >= 0x80
}

/// Whether the line that ends `before` (with its `\n`) goes on onto the next: C's `\` at the
/// end of a line.
pub fn continues(before: &[u8]) -> bool {
    before.strip_suffix(b"\n").is_some_and(|line| line.strip_suffix(b"\r").unwrap_or(line).ends_with(b"\\"))
}

/// The end of a directive's line from `at`, continuation lines and comments included.
fn directive_end(source: &[u8], mut at: usize) -> usize {
    while let Some(&byte) = source.get(at) {
        at = match (byte, source.get(at + 1)) {
            (b'\n', _) => break,
            (b'\\', Some(b'\n')) => at + 2,
            (b'\\', Some(b'\r')) => at + 3,
            (b'/', Some(b'*')) => block_comment_end(source, at + 2, false),
            (b'/', Some(b'/')) => line_end(source, at, true),
            _ => at + 1,
        };
    }
    at.min(source.len())
}

/// The end of a run of bytes that satisfy `pred`, from `at`.
fn run(source: &[u8], at: usize, pred: impl Fn(u8) -> bool) -> usize {
    at + source[at.min(source.len())..].iter().take_while(|&&b| pred(b)).count()
}

/// The end of a line comment (the newline is not part of it); in C a `\` at the end of the
/// line continues it.
fn line_end(source: &[u8], mut at: usize, continued: bool) -> usize {
    while let Some(offset) = memchr::memchr(b'\n', &source[at..]) {
        let newline = at + offset;
        if continued && continues(&source[..=newline]) {
            at = newline + 1;
        } else {
            return newline;
        }
    }
    source.len()
}

/// The end of a block comment whose text starts at `at` (Rust's nest).
fn block_comment_end(source: &[u8], mut at: usize, nested: bool) -> usize {
    let mut depth = 1usize;
    while at < source.len() {
        match (source[at], source.get(at + 1)) {
            (b'*', Some(b'/')) => {
                at += 2;
                depth -= 1;
                if depth == 0 {
                    return at;
                }
            }
            (b'/', Some(b'*')) if nested => {
                at += 2;
                depth += 1;
            }
            _ => at += 1,
        }
    }
    source.len()
}

/// The end of a literal whose text starts at `at`, closed by `quote`; escapes are skipped. In C
/// an unescaped newline ends it (an unterminated literal).
fn quoted_end(source: &[u8], mut at: usize, quote: u8, stops_at_newline: bool) -> usize {
    while let Some(&byte) = source.get(at) {
        match byte {
            b'\\' => at += 2,
            b'\n' if stops_at_newline => return at,
            _ if byte == quote => return at + 1,
            _ => at += 1,
        }
    }
    source.len()
}

/// A raw string after its prefix `word`, which ends at `at`: C++'s `R"delim(...)delim"` (also
/// `u8R`, `LR`, ...), Rust's `r#"..."#` (also `br`, `cr`). Returns where it ends.
fn raw_string_end(source: &[u8], word: &[u8], at: usize, lexis: Lexis) -> Option<usize> {
    let (quote, close) = match lexis {
        Lexis::C => {
            if !matches!(word, b"R" | b"LR" | b"uR" | b"UR" | b"u8R") || source.get(at) != Some(&b'"') {
                return None;
            }
            let open = at + 1 + source.get(at + 1..)?.iter().take(17).position(|&b| b == b'(')?;
            let delimiter = &source[at + 1..open];
            (open, [b")".as_slice(), delimiter, b"\""].concat())
        }
        Lexis::Rust => {
            if !matches!(word, b"r" | b"br" | b"cr") {
                return None;
            }
            let quote = run(source, at, |b| b == b'#');
            if source.get(quote) != Some(&b'"') {
                return None;
            }
            (quote, [b"\"".as_slice(), &source[at..quote]].concat())
        }
    };
    let rest = &source[quote + 1..];
    Some(memchr::memmem::find(rest, &close).map_or(source.len(), |i| quote + 1 + i + close.len()))
}

/// The length of the UTF-8 sequence a byte starts.
fn utf8_width(byte: u8) -> usize {
    match byte {
        0xF0.. => 4,
        0xE0.. => 3,
        0xC0.. => 2,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(source: &str, lexis: Lexis) -> Vec<String> {
        let mut scan = Scan::new(source.as_bytes(), lexis, 0);
        let mut out = Vec::new();
        while let Some(token) = scan.next() {
            out.push(match token {
                Token::Word(word) => String::from_utf8_lossy(word).into_owned(),
                Token::Punct(byte) => char::from(byte).to_string(),
            });
        }
        out
    }

    #[test]
    fn comments_literals_and_directives_are_skipped() {
        let source = "a /* { */ \"}\" '{' // }\n#define X { \\\n }\nR\"x(})x\" 1'000 b";
        assert_eq!(tokens(source, Lexis::C), ["a", "b"]);
    }

    #[test]
    fn only_the_first_branch_of_a_conditional_is_read() {
        let source = "#if A\nx {\n#elif B\ny {\n#else\nz {\n#endif\n}";
        assert_eq!(tokens(source, Lexis::C), ["x", "{", "}"]);
    }

    #[test]
    fn or_the_first_branch_with_a_token() {
        let source = "#if A\n#include <x.h>\n#elif B\n#if C\n#endif\n#else\nz {\n#endif\n}\n#if D\ny\n#else\nw\n#endif";
        let mut scan = Scan::new(source.as_bytes(), Lexis::C, 0).first_branch_with_code();
        let mut out = Vec::new();
        while let Some(token) = scan.next() {
            out.push(token);
        }
        assert_eq!(out, [Token::Word(b"z"), Token::Punct(b'{'), Token::Punct(b'}'), Token::Word(b"y")]);
    }

    #[test]
    fn rust_lifetimes_characters_and_raw_strings() {
        let source = "fn f<'a>(x: &'a u8) { '}' } /* /* } */ */ r#\"}\"# b'{'";
        assert_eq!(
            tokens(source, Lexis::Rust),
            ["fn", "f", "<", "a", ">", "(", "x", ":", "&", "a", "u8", ")", "{", "}", "b"]
        );
    }
}
