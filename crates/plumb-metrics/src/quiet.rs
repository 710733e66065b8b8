//! Quiet subtrees: those whose text has none of the language's telltales
//! ([`Telltales`]) hold nothing the walk counts, so the walk steps over them.
//!
//! The walk asks in pre-order, so the start of each question is at or after the last one's:
//! a scanner remembers the first telltale at or after where it last looked, and every byte of
//! a file is read at most once, however deep the tree.

use plumb_lang::Telltales;

/// Finds telltales of one kind (any, or comments only) in a file.
pub(crate) struct Scanner {
    /// Which bytes are telltales.
    bytes: [bool; 256],
    words: &'static [&'static str],
    /// The first telltale at or after `from` (the file's length if none).
    next: usize,
    from: usize,
}

impl Scanner {
    /// A scanner for `bytes` and `words`, or `None` when there are no telltale bytes (every
    /// subtree is walked).
    pub(crate) fn new(bytes: &[u8], words: &'static [&'static str]) -> Option<Self> {
        if bytes.is_empty() {
            return None;
        }
        let mut table = [false; 256];
        for &byte in bytes {
            table[usize::from(byte)] = true;
        }
        Some(Self { bytes: table, words, next: 0, from: usize::MAX })
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
        while let Some(&byte) = source.get(at) {
            if self.bytes[usize::from(byte)] {
                return at;
            }
            if is_word_byte(byte) && !self.words.is_empty() {
                let start = at;
                while source.get(at).is_some_and(|&b| is_word_byte(b)) {
                    at += 1;
                }
                let word = &source[start..at];
                if self.words.iter().any(|w| w.as_bytes().eq_ignore_ascii_case(word)) {
                    return start;
                }
            } else {
                at += 1;
            }
        }
        source.len()
    }
}

/// Keywords are matched against runs of these.
fn is_word_byte(byte: u8) -> bool {
    byte.is_ascii_alphabetic() || byte == b'_'
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
