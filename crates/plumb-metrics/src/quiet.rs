//! Quiet subtrees: those whose text has none of the language's telltales
//! ([`Telltales`]) hold nothing the walk counts, so the walk steps over them. An inert kind is
//! asked only for comments, and a kind of type for the telltales of code in a type
//! ([`plumb_lang::Types`]): each set has its own scanner.
//!
//! The walk asks in pre-order, so the start of each question is at or after the last one's:
//! a scanner remembers the first telltale at or after where it last looked, and every byte of
//! a file is read at most once by each scanner, however deep the tree.

use plumb_lang::Telltales;

/// Finds telltales of one kind (any, or comments only) in a file.
pub(crate) struct Scanner {
    /// Each byte's class: [`TELLTALE`], [`WORD`] (a byte of a word that may be a keyword:
    /// a letter or `_`, when there are keywords), or a telltale only before some bytes: the
    /// slot of those bytes in `before`, plus one, shifted by [`SLOT`].
    class: [u8; 256],
    /// The bytes before which a byte of a slot is a telltale, as bit sets (the end of the
    /// file reads as a NUL byte).
    before: [[u64; 4]; SLOTS],
    /// How many slots are taken.
    slots: u8,
    words: &'static [&'static str],
    /// Bit `n` is set when a keyword has `n` bytes (all have fewer than 64).
    lengths: u64,
    /// The first telltale at or after `from` (the file's length if none).
    next: usize,
    from: usize,
}

/// The scanners of one file's walk.
pub(crate) struct Quiet {
    /// Any telltale.
    pub(crate) any: Scanner,
    /// Comments only, for inert kinds.
    pub(crate) comments: Scanner,
    /// The telltales of code in a type, for the kinds of types.
    pub(crate) types: Option<Scanner>,
}

impl Quiet {
    /// The scanners for `telltales`, or `None` when no subtree is stepped over.
    pub(crate) fn new(telltales: &Telltales) -> Option<Self> {
        let types = telltales.types.and_then(|types| Scanner::new(&types.telltales));
        Some(Self { any: Scanner::new(telltales)?, comments: Scanner::comments(telltales)?, types })
    }
}

/// A telltale byte.
const TELLTALE: u8 = 1;
/// A byte of a word that may be a keyword.
const WORD: u8 = 2;
/// Where the slot of a byte that is a telltale only before some bytes starts in its class.
const SLOT: u32 = 2;
/// How many bytes may be telltales only before some bytes (JavaScript has the most: `&`, `|`,
/// `=`, `<`, `-` and `?`).
const SLOTS: usize = 8;

impl Scanner {
    /// A scanner for every telltale of `telltales`, or `None` when there are none (every
    /// subtree is walked).
    pub(crate) fn new(telltales: &Telltales) -> Option<Self> {
        if telltales.bytes.is_empty() && telltales.pairs.is_empty() {
            return None;
        }
        let mut scanner = Self::of_bytes(telltales.bytes, telltales.words);
        for &[first, second] in telltales.pairs {
            scanner.slot(first, [0; 4])[usize::from(second >> 6)] |= 1 << (second & 63);
        }
        for &[first, second] in telltales.not_before {
            scanner.slot(first, [u64::MAX; 4])[usize::from(second >> 6)] &= !(1 << (second & 63));
        }
        Some(scanner)
    }

    /// A scanner for comments (their `comment_bytes`), or `None` when there are no telltales.
    pub(crate) fn comments(telltales: &Telltales) -> Option<Self> {
        (!telltales.comment_bytes.is_empty()).then(|| Self::of_bytes(telltales.comment_bytes, &[]))
    }

    fn of_bytes(bytes: &[u8], words: &'static [&'static str]) -> Self {
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
        Self { class, before: [[0; 4]; SLOTS], slots: 0, words, lengths, next: 0, from: usize::MAX }
    }

    /// The bytes before which `byte` is a telltale, given a slot (with `empty` when it has
    /// none yet).
    fn slot(&mut self, byte: u8, empty: [u64; 4]) -> &mut [u64; 4] {
        let at = usize::from(byte);
        if self.class[at] >> SLOT == 0 {
            let used = usize::from(self.slots);
            assert!(
                used < SLOTS,
                "a language has at most `SLOTS` bytes that are telltales before some bytes"
            );
            self.slots += 1;
            self.class[at] = (self.class[at] & WORD) | self.slots << SLOT;
            self.before[used] = empty;
        }
        &mut self.before[usize::from(self.class[at] >> SLOT) - 1]
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
            if here & TELLTALE != 0 || self.is_first_of_pair(here, source.get(at + 1)) {
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
            if self.is_keyword(&source[start..at]) {
                return start;
            }
        }
        source.len()
    }

    /// Whether a byte of class `here` is a telltale before `next` (the end of the file reads
    /// as a NUL byte).
    fn is_first_of_pair(&self, here: u8, next: Option<&u8>) -> bool {
        let Some(slot) = usize::from(here >> SLOT).checked_sub(1) else { return false };
        let next = next.copied().unwrap_or(0);
        self.before[slot][usize::from(next >> 6)] & 1 << (next & 63) != 0
    }

    fn is_keyword(&self, word: &[u8]) -> bool {
        self.lengths & 1u64 << word.len().min(63) != 0
            && self.words.iter().any(|w| w.as_bytes().eq_ignore_ascii_case(word))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn telltales(bytes: &'static [u8], words: &'static [&'static str]) -> Telltales {
        Telltales { bytes, words, ..Telltales::NONE }
    }

    fn scanner() -> Scanner {
        Scanner::new(&telltales(b"{/", &["return", "if"])).unwrap()
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
        assert!(Scanner::new(&telltales(b"", &["if"])).is_none());
    }

    #[test]
    fn finds_pairs_and_bytes_not_before_their_exceptions() {
        const PAIRS: &[[u8; 2]] = &[*b"&&", *b"=>"];
        const NOT_BEFORE: &[[u8; 2]] = &[*b"?:"];
        let telltales = Telltales { pairs: PAIRS, not_before: NOT_BEFORE, ..telltales(b"{?", &["if"]) };
        let source = b"f(&x, a & b); a >= b; a&&b; g(x?: T); x ? y : z; x =>";
        let mut scan = Scanner::new(&telltales).unwrap();
        assert!(scan.is_quiet(source, 0, 22)); // a lone `&`, and `>` after no `=`
        assert!(!scan.is_quiet(source, 22, 28)); // `&&`
        assert!(scan.is_quiet(source, 24, 39)); // `?:`
        assert!(!scan.is_quiet(source, 39, 49)); // `?` before a space
        assert!(!scan.is_quiet(source, 49, source.len())); // `=>` at the end
        // A pair's first byte at the end of the file is none; a byte before no exception is.
        assert!(Scanner::new(&telltales).unwrap().is_quiet(b"a &", 0, 3));
        assert!(!Scanner::new(&telltales).unwrap().is_quiet(b"a ?", 0, 3));
    }
}
