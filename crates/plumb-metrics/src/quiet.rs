//! Quiet subtrees: those whose text has none of the language's telltales
//! ([`Telltales`]) hold nothing the walk counts, so the walk steps over them.
//!
//! The walk asks in pre-order, so the start of each question is at or after the last one's:
//! a scanner remembers the first telltale at or after where it last looked, and every byte of
//! a file is read at most once, however deep the tree.

use plumb_lang::Telltales;

/// Finds telltales of one kind (any, or comments only) in a file.
pub(crate) struct Scanner {
    /// Each byte's class: [`TELLTALE`], [`WORD`] (a byte of a word that may be a keyword:
    /// a letter or `_`, when there are keywords), both or neither.
    class: [u8; 256],
    words: &'static [&'static str],
    /// Bit `n` is set when a keyword has `n` bytes (all have fewer than 64).
    lengths: u64,
    /// The first telltale at or after `from` (the file's length if none).
    next: usize,
    from: usize,
}

/// A telltale byte.
const TELLTALE: u8 = 1;
/// A byte of a word that may be a keyword.
const WORD: u8 = 2;

impl Scanner {
    /// A scanner for `bytes` and `words`, or `None` when there are no telltale bytes (every
    /// subtree is walked).
    pub(crate) fn new(bytes: &[u8], words: &'static [&'static str]) -> Option<Self> {
        if bytes.is_empty() {
            return None;
        }
        let mut class = [0; 256];
        for &byte in bytes {
            class[usize::from(byte)] |= TELLTALE;
        }
        if !words.is_empty() {
            for byte in (b'a'..=b'z').chain(b'A'..=b'Z').chain([b'_']) {
                class[usize::from(byte)] |= WORD;
            }
        }
        let lengths = words.iter().fold(0, |lengths, word| lengths | 1u64 << word.len().min(63));
        Some(Self { class, words, lengths, next: 0, from: usize::MAX })
    }

    /// Scanners for every telltale and for comments only.
    pub(crate) fn pair(telltales: &Telltales) -> Option<(Self, Self)> {
        Some((Self::new(telltales.bytes, telltales.words)?, Self::new(telltales.comment_bytes, &[])?))
    }

    /// Whether `source[start..end]` has no telltale.
    pub(crate) fn is_quiet(&mut self, source: &[u8], start: usize, end: usize) -> bool {
        if start < self.from || self.next < start {
            self.from = start;
            self.next = self.find(source, start);
        }
        self.next >= end
    }

    /// The first telltale at or after `at`, or the length of `source`.
    fn find(&self, source: &[u8], mut at: usize) -> usize {
        let class = |at: usize| self.class[usize::from(source[at])];
        while at < source.len() {
            let here = class(at);
            if here & TELLTALE != 0 {
                return at;
            }
            if here & WORD == 0 {
                at += 1;
                continue;
            }
            let start = at;
            while at < source.len() && class(at) & WORD != 0 {
                at += 1;
            }
            let word = &source[start..at];
            if self.lengths & 1u64 << word.len().min(63) != 0
                && self.words.iter().any(|w| w.as_bytes().eq_ignore_ascii_case(word))
            {
                return start;
            }
        }
        source.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scanner() -> Scanner {
        Scanner::new(b"{/", &["return", "if"]).unwrap()
    }

    #[test]
    fn finds_bytes_and_whole_words() {
        let source = b"a + b; x.returns; 1if c; { } // done";
        let mut scan = scanner();
        assert!(scan.is_quiet(source, 0, 18)); // `returns` is not `return`
        assert!(!scan.is_quiet(source, 18, 22)); // `1if` holds `if`
        assert!(scan.is_quiet(source, 21, 25));
        assert!(!scan.is_quiet(source, 25, 26));
        assert!(scan.is_quiet(source, 26, 29));
        assert!(!scan.is_quiet(source, 29, source.len()));
    }

    #[test]
    fn answers_questions_in_any_order() {
        let source = b"return x; y";
        let mut scan = scanner();
        assert!(scan.is_quiet(source, 7, 11));
        assert!(!scan.is_quiet(source, 0, 6));
        assert!(scan.is_quiet(source, 6, 11));
        assert!(scan.is_quiet(source, 11, 11));
    }

    #[test]
    fn finds_words_in_any_case() {
        // Fortran's and PowerShell's keywords have no case.
        let source = b"x; RETURN; y; Return; z; rEtUrN_";
        let mut scan = scanner();
        assert!(scan.is_quiet(source, 0, 2));
        assert!(!scan.is_quiet(source, 2, 10));
        assert!(scan.is_quiet(source, 10, 13));
        assert!(!scan.is_quiet(source, 13, 21));
        assert!(scan.is_quiet(source, 21, source.len())); // `rEtUrN_` is one word
    }

    #[test]
    fn no_bytes_means_no_stepping_over() {
        assert!(Scanner::new(b"", &["if"]).is_none());
    }
}
