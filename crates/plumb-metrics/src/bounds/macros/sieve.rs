//! Which files could hold an export macro at all, read from the bytes around each keyword
//! ([`may_hold_export_macros`]), so that the token scan, whose cost is per token, runs only on
//! those.

use memchr::memmem;
use plumb_lang::Bounds;
use plumb_lang::tokens::{Conditional, continues, is_space, is_word_byte, starts_word};

/// Whether [`without_export_macros`](super::without_export_macros) could change `source`:
/// whether a keyword of [`Bounds`] has around it what the scan blanks a macro for, as plainly
/// read from the bytes there. Wherever the bytes could read otherwise as tokens (a comment, a
/// literal, a number, a directive, a line continuation), the answer is yes. So a `false` is
/// certain, and a `true` leaves the decision to the scan.
pub(super) fn may_hold_export_macros(source: &[u8], bounds: &Bounds) -> bool {
    let checks: [(&[&str], Check); 3] = [
        (bounds.macros_after, words_then_block),
        (bounds.macros_after_name, name_then_more),
        (bounds.macros_before, word_before),
    ];
    let text = Text { source, opening: opening_comment(source) };
    // Each keyword once (`namespace` is in two lists), with every check it is in.
    let keywords = checks.iter().enumerate().flat_map(|(list, &(keywords, _))| {
        keywords
            .iter()
            .filter(move |keyword| !checks[..list].iter().any(|(earlier, _)| earlier.contains(keyword)))
    });
    keywords.into_iter().any(|keyword| {
        let applying = || checks.iter().filter(|(keywords, _)| keywords.contains(keyword));
        memmem::find_iter(source, keyword.as_bytes()).any(|at| {
            let end = at + keyword.len();
            is_word(source, at, end)
                && !in_line_comment(source, at)
                && applying().any(|&(_, check)| check(&text, at, end))
        })
    })
}

/// A file as the checks read it.
struct Text<'s> {
    source: &'s [u8],
    /// Where the comment that opens the file (after nothing but whitespace) ends: its `/`.
    opening: Option<usize>,
}

/// What a keyword needs around it (from `at` to `end`) to hold a macro.
type Check = fn(text: &Text<'_>, at: usize, end: usize) -> bool;

/// Where the block comment that opens `source` after nothing but whitespace ends (its `/`).
fn opening_comment(source: &[u8]) -> Option<usize> {
    let open = source.iter().position(|&b| !is_space(b)).filter(|&at| source[at..].starts_with(b"/*"))?;
    memmem::find(&source[open + 2..], b"*/").map(|close| open + 2 + close + 1)
}

/// How far the sieve reads around one keyword, beyond which it answers yes, so that its work
/// stays in proportion to the file's (a minified line, a file of directives): bytes back to the
/// start of a line, lines back, and names after `namespace`.
const LINE: usize = 4096;
const LINES: usize = 64;
const NAMES: usize = 64;

/// Where the line that holds `at` starts, unless it starts more than [`LINE`] bytes before.
fn line_start(source: &[u8], at: usize) -> Option<usize> {
    let from = at.saturating_sub(LINE);
    match memchr::memrchr(b'\n', &source[from..at]) {
        Some(i) => Some(from + i + 1),
        None => (from == 0).then_some(0),
    }
}

/// Whether `at` is surely in a line comment: a `//` is before it on its line, with no literal
/// that could hold the `//` and no end of a comment that could have opened on an earlier line.
fn in_line_comment(source: &[u8], at: usize) -> bool {
    let Some(start) = line_start(source, at) else { return false };
    let line = &source[start..at];
    memmem::find(line, b"//").is_some()
        && !line.iter().any(|&b| b == b'"' || b == b'\'')
        && memmem::find(line, b"*/").is_none()
}

/// Punctuation the scan returns as it is, whatever stands around it (not `/`, `#`, `\`, a
/// quote or a digit, which may start a comment, a directive, a continuation or a literal), but
/// `.` only where it starts no number.
const PLAIN: &[u8] = b"{}[]()<>;:,.=+-*&|^!~?%@$";

/// What follows a position, past whitespace, as the scan would read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Next<'s> {
    /// A word, and where it ends.
    Word(&'s [u8], usize),
    /// A byte of [`PLAIN`], and where it ends.
    Punct(u8, usize),
    /// The end of the source.
    End,
    /// Anything the scan might read otherwise.
    Unsure,
}

impl Next<'_> {
    /// Whether a keyword followed by this, where a word was needed, may still be followed by a
    /// macro.
    fn unsure(self) -> bool {
        self == Self::Unsure
    }
}

/// What follows `at`, past whitespace and comments (what follows a keyword is code).
fn next(source: &[u8], at: usize) -> Next<'_> {
    let Some(at) = past_comments(source, at) else { return Next::Unsure };
    match source.get(at) {
        None => Next::End,
        Some(&b) if starts_word(b) => word_at(source, at),
        Some(&b) if PLAIN.contains(&b) => Next::Punct(b, at + 1),
        Some(_) => Next::Unsure,
    }
}

/// Where the first byte after whitespace and comments from `at` is; `None` where a comment is
/// continued onto the next line, left open, or longer than [`LINE`] (each keyword is read
/// within bounds).
fn past_comments(source: &[u8], mut at: usize) -> Option<usize> {
    loop {
        at += source[at..].iter().take_while(|&&b| is_space(b)).count();
        let within = &source[at..(at + LINE).min(source.len())];
        at = match within {
            [b'/', b'/', ..] => {
                let end = at + memchr::memchr(b'\n', within)?;
                // A `\` at its end continues a line comment onto the next line.
                (!continues(&source[..=end])).then_some(end)?
            }
            [b'/', b'*', ..] => at + 2 + memmem::find(&within[2..], b"*/")? + 2,
            _ => return Some(at),
        };
    }
}

/// The word that starts at `at`.
fn word_at(source: &[u8], at: usize) -> Next<'_> {
    let end = at + source[at..].iter().take_while(|&&b| is_word_byte(b)).count();
    // A word right before a quote may prefix a raw string (`R"(...)"`).
    if matches!(source.get(end), Some(b'"' | b'\'')) {
        Next::Unsure
    } else {
        Next::Word(&source[at..end], end)
    }
}

/// After `class` (`struct`, `union`): two words, then `{`, `:` or `final`, as in
/// `class LIB_EXPORT Name {`.
fn words_then_block(text: &Text<'_>, _: usize, end: usize) -> bool {
    let source = text.source;
    let end = match next(source, end) {
        Next::Word(_, end) => end,
        other => return other.unsure(),
    };
    let (name, end) = match next(source, end) {
        Next::Word(name, end) => (name, end),
        other => return other.unsure(),
    };
    if name == b"final" {
        return false;
    }
    match next(source, end) {
        Next::Punct(b, _) => matches!(b, b'{' | b':'),
        Next::Word(word, _) => word == b"final",
        Next::End => false,
        Next::Unsure => true,
    }
}

/// After `namespace`: a name (`a`, `a::b`, `a::inline b`), then a word, as in
/// `namespace std _GLIBCXX_VISIBILITY(default) {`.
fn name_then_more(text: &Text<'_>, _: usize, end: usize) -> bool {
    let source = text.source;
    let mut at = match next(source, end) {
        Next::Word(_, end) => end,
        other => return other.unsure(),
    };
    // Whether the name is being qualified (after `::`, or `inline` after it).
    let mut qualifying = false;
    for _ in 0..NAMES {
        at = match next(source, at) {
            Next::Punct(b':', end) => {
                qualifying = true;
                end
            }
            Next::Word(word, end) if qualifying => {
                qualifying = word == b"inline";
                end
            }
            Next::Word(..) => return true,
            other => return other.unsure(),
        };
    }
    true
}

/// Before `namespace`: a word other than `inline`, `using` and `export`, as in
/// `NLOHMANN_JSON_NAMESPACE_BEGIN namespace detail {`.
///
/// Read back line by line from the keyword, which is code. A line that neither continues the
/// one before nor could end a comment or a raw string (`*/`, `)` then `"`) starts in code too:
/// then a line comment or a directive is passed over whole, and any other line ends with a
/// token. A conditional (`#if` to `#endif`) is passed over when it holds nothing else, and a
/// comment that opens the file.
fn word_before(text: &Text<'_>, mut at: usize, _: usize) -> bool {
    let source = text.source;
    // The conditionals being passed over, by their `#endif`.
    let mut depth = 0u32;
    for _ in 0..LINES {
        let Some(last) = source[..at].iter().rposition(|&b| !is_space(b)) else { return false };
        if text.opening == Some(last) {
            return false;
        }
        let Some(line) = line_start(source, last) else { return true };
        match read_line(source, line, last).passed(source, depth) {
            Ok(passed) => depth = passed,
            Err(answer) => return answer,
        }
        at = line;
    }
    true
}

/// A line read back from a keyword ([`word_before`]).
enum Line {
    /// A line comment, passed over.
    Passed,
    /// A directive, passed over unless a conditional's branch.
    Directive(Option<Conditional>),
    /// Code, whose last token ends here.
    Code(usize),
    /// A line that may not start in code, or whose end may be in a literal or a comment.
    Unsure,
}

impl Line {
    /// Read back with `depth` conditionals being passed over: how many are once this line is
    /// passed over, or the answer it gives.
    fn passed(self, source: &[u8], depth: u32) -> Result<u32, bool> {
        match self {
            Self::Unsure => Err(true),
            Self::Passed => Ok(depth),
            Self::Directive(directive) => passed_back(depth, directive).ok_or(true),
            Self::Code(end) => Err(depth > 0 || ends_with_a_word(&source[..end])),
        }
    }
}

/// The line from `line` to its last byte that is not whitespace, `last`.
fn read_line(source: &[u8], line: usize, last: usize) -> Line {
    let text = &source[line..=last];
    if continues(&source[..line]) || may_close(text) {
        return Line::Unsure;
    }
    let first = text.iter().position(|&b| !is_space(b)).unwrap_or(0);
    let code = match memmem::find(text, b"//") {
        Some(comment) if first == comment => return Line::Passed,
        Some(comment) => &text[..comment],
        None => text,
    };
    if text[first] == b'#' {
        return Line::Directive(conditional(&text[first + 1..]));
    }
    // A literal may be left open (it then ends with the line); `/*` opens a comment.
    if code.iter().any(|b| b"\"'/\\".contains(b)) {
        return Line::Unsure;
    }
    // `first` is before the `//`, so the code holds a token.
    Line::Code(line + code.iter().rposition(|&b| !is_space(b)).map_or(first, |i| i) + 1)
}

/// The conditionals being passed over once `directive` is (read back from its `#endif`);
/// `None` after `#else` or `#elif` outside them, before which the tokens may be in another
/// branch.
fn passed_back(depth: u32, directive: Option<Conditional>) -> Option<u32> {
    match directive {
        Some(Conditional::End) => Some(depth + 1),
        Some(Conditional::Branch) if depth == 0 => None,
        Some(Conditional::Start) => Some(depth.saturating_sub(1)),
        _ => Some(depth),
    }
}

/// Whether the token that ends `code` may be a word other than `inline`, `using` and
/// `export`.
fn ends_with_a_word(code: &[u8]) -> bool {
    let byte = code[code.len() - 1];
    if !is_word_byte(byte) {
        // `.` may end a number (`1.`).
        return byte == b'.' || !PLAIN.contains(&byte);
    }
    let start = code.iter().rposition(|&b| !is_word_byte(b)).map_or(0, |i| i + 1);
    let word = &code[start..];
    // A number, or a word that might end one (`1.e`), hides what is before it.
    let number = word[0].is_ascii_digit() || code[..start].last() == Some(&b'.');
    number || !matches!(word, b"inline" | b"using" | b"export")
}

/// Whether `line` could end a comment or a raw string that opened on an earlier line.
fn may_close(line: &[u8]) -> bool {
    memmem::find(line, b"*/").is_some()
        || memchr::memchr(b')', line).is_some_and(|paren| memchr::memchr(b'"', &line[paren..]).is_some())
}

/// The conditional a directive (what follows its `#`) is part of, if any, read as the scan
/// reads directive names.
fn conditional(directive: &[u8]) -> Option<Conditional> {
    let start = directive.iter().position(|&b| b != b' ' && b != b'\t').unwrap_or(directive.len());
    let name = &directive[start..];
    Conditional::named(&name[..name.iter().position(|b| !b.is_ascii_alphabetic()).unwrap_or(name.len())])
}

/// Whether `source[at..end]` is a word of its own.
fn is_word(source: &[u8], at: usize, end: usize) -> bool {
    !source[..at].last().is_some_and(|&b| is_word_byte(b))
        && !source.get(end).is_some_and(|&b| is_word_byte(b))
}

#[cfg(test)]
mod tests {
    use super::super::blank_macros;
    use super::*;

    fn bounds() -> Bounds {
        plumb_lang::Language::Cpp.spec().bounds.unwrap()
    }

    /// Asserts the sieve's promise on `source`: it may be passed over only when the scan would
    /// leave it as it is.
    fn holds(source: &[u8]) -> bool {
        let blanked = blank_macros(source, &bounds()).is_some();
        let may = may_hold_export_macros(source, &bounds());
        assert!(may || !blanked, "the sieve passes over a macro in {:?}", String::from_utf8_lossy(source));
        may
    }

    #[test]
    fn files_without_a_macro_are_passed_over() {
        for source in [
            "class Name final {};",
            "class Name : public B {};",
            "struct stat st;",
            "namespace a { int x; }",
            "namespace a::inline b { }",
            "using namespace std;\nint f(void) { }",
            "namespace fs = std::filesystem;",
            "inline namespace v1 {",
            "int x; namespace a {",
            "}\n\nnamespace a {",
            "subclass A B {",
        ] {
            assert!(!holds(source.as_bytes()), "{source}");
        }
    }

    #[test]
    fn files_with_a_macro_or_what_may_hide_one_are_scanned() {
        for source in [
            "class API Name {};",
            "struct API Name final {};",
            "namespace std _GLIBCXX_VISIBILITY(default) {",
            "namespace a::b API {",
            "LIB_BEGIN namespace a {",
            // What hides tokens from the bytes: a comment, a directive, a continuation, a
            // raw string, a number.
            "LIB_BEGIN // ;\nnamespace a {",
            "LIB_BEGIN\n#include <a>\nnamespace a {",
            "LIB_BEGIN\n#define X \\\n ;\nnamespace a {",
            "class /* c */ API Name {};",
            "class API\n#if X\n#endif\nName {};",
            "namespace a R\"(x)\" {",
            "LIB 1.e namespace a {",
            // A conditional's later branch, and a comment opened before the file's first.
            "#if X\nLIB\n#elif Y\nusing\n#endif\nnamespace a {",
            "/* c */\nLIB /* c */\nnamespace a {",
        ] {
            assert!(holds(source.as_bytes()), "{source}");
        }
    }

    /// Each keyword is read within bounds: a file of 100,000 directives that each end with the
    /// keyword would take the sieve 10^10 lines walked back without them; it gives up instead.
    #[test]
    fn the_sieve_reads_a_bounded_stretch_around_each_keyword() {
        let directives = "#define A namespace;\n".repeat(100_000);
        assert!(holds(directives.as_bytes()));
        // One line of a megabyte: the comment 5,000 bytes back is too far to be sure of.
        let line = format!("// {}{}", " ".repeat(5_000), "x; namespace a {}".repeat(60_000));
        assert!(holds(line.as_bytes()));
        // Without the comment: no macro, but past 4,096 bytes of the line the sieve gives up.
        let code = "x; namespace a {}".repeat(60_000);
        assert!(!holds(&code.as_bytes()[..LINE]));
        assert!(holds(code.as_bytes()));
        // 100,000 namespaces, each after a line comment, in 2 MB without a block comment: the
        // comment opening the file is looked for once, not once a line read back.
        let commented = "namespace a {}\n// c\n".repeat(100_000);
        assert!(!holds(commented.as_bytes()));
        // A line comment after each `class` of a 1.6 MB line: a comment longer than 4,096 bytes
        // is not read to its end.
        let classes = "class // ".repeat(200_000);
        assert!(holds(classes.as_bytes()));
    }

    /// A small, seeded generator of numbers below `n`.
    fn generator(mut state: u64) -> impl FnMut(usize) -> usize {
        move |n| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            usize::try_from(state % n as u64).unwrap()
        }
    }

    /// Checks the sieve on `count` sources that `make` builds, and returns how many it lets the
    /// scan read and how many the scan changes.
    fn check_generated(count: usize, mut make: impl FnMut() -> String) -> (usize, usize) {
        let (mut scanned, mut blanked) = (0, 0);
        for _ in 0..count {
            let source = make();
            scanned += usize::from(holds(source.as_bytes()));
            blanked += usize::from(blank_macros(source.as_bytes(), &bounds()).is_some());
        }
        (scanned, blanked)
    }

    /// Sources made of fragments that hide and show tokens, in any order: none that the scan
    /// changes is passed over.
    #[test]
    fn no_macro_is_passed_over_in_generated_sources() {
        const FRAGMENTS: &[&str] = &[
            "class",
            "struct",
            "namespace",
            "API",
            "Name",
            "inline",
            "using",
            "final",
            "{",
            "}",
            ":",
            "::",
            ";",
            "(",
            ")",
            "=",
            " ",
            "\n",
            "\t",
            "// c\n",
            "// ;",
            "/* c */",
            "/*",
            "*/",
            "\n#if X\n",
            "\n#ifdef X\n",
            "\n# elif X\n",
            "\n#else\n",
            "\n#endif\n",
            "\n#include \"a\"\n",
            "#",
            "\\\n",
            "\"s\"",
            "'c'",
            "R\"(",
            ")\"",
            "1",
            "1.",
            "'",
            "é",
            "\r\n",
        ];
        let mut random = generator(0x9e37_79b9_7f4a_7c15);
        let (scanned, blanked) = check_generated(300_000, || {
            let length = 1 + random(12);
            (0..length).map(|_| FRAGMENTS[random(FRAGMENTS.len())]).collect()
        });
        // The generator reaches both answers, and the sieve passes over most sources.
        assert!(blanked > 500 && scanned < 100_000, "{blanked} blanked, {scanned} scanned");
    }

    /// Lines that hide and show tokens, then a keyword: none that the scan changes is passed
    /// over, whatever comments, literals and conditionals the lines before open and close.
    #[test]
    fn no_macro_is_passed_over_after_generated_lines() {
        const LINES: &[&str] = &[
            "LIB",
            "using",
            "inline",
            ";",
            "}",
            "",
            "  ",
            "x = 1.",
            "LIB /* c */",
            "// c",
            "// */",
            "// c \\",
            "/* c",
            "c */",
            "/* c */",
            "#if X",
            "#ifdef X",
            "#elif X",
            "#else",
            "#endif",
            "#include \"a\"",
            "#define A \\",
            "#define A /* c",
            "# */",
            "R\"(",
            ")\"",
            "// )\"",
            "\"s",
            "'c'",
            "LIB \\",
            "c \"//\" ;",
        ];
        const LAST: &[&str] = &[
            "namespace a {",
            "namespace a::b {",
            "struct Name {",
            "class LIB Name {",
            "\"//\" LIB namespace a {",
        ];
        let mut random = generator(0x0123_4567_89ab_cdef);
        let (scanned, blanked) = check_generated(1_000_000, || {
            let mut lines: Vec<&str> = (0..random(8)).map(|_| LINES[random(LINES.len())]).collect();
            lines.push(LAST[random(LAST.len())]);
            lines.join(if random(4) == 0 { "\r\n" } else { "\n" })
        });
        assert!(blanked > 100_000 && scanned < 800_000, "{blanked} blanked, {scanned} scanned");
    }
}

/// The sieve on real C++ ([`crate::bounds::real_code`]).
#[cfg(test)]
mod corpus {
    use super::super::blank_macros;
    use super::*;
    use plumb_lang::Language;

    #[test]
    #[ignore = "corpus: reads the C++ of the cargo registry and of the fetched corpus"]
    fn no_macro_in_real_code_is_passed_over() {
        let bounds = Language::Cpp.spec().bounds.unwrap();
        let (mut files, mut bytes, mut scanned, mut scanned_bytes, mut blanked) = (0, 0, 0, 0, 0);
        for root in crate::bounds::real_code() {
            for entry in walkdir::WalkDir::new(&root).into_iter().filter_map(Result::ok) {
                let path = entry.path();
                let Ok(source) = std::fs::read(path) else { continue };
                if Language::from_path(path, &source[..source.len().min(4096)]) != Some(Language::Cpp) {
                    continue;
                }
                let may = may_hold_export_macros(&source, &bounds);
                let blanks = blank_macros(&source, &bounds).is_some();
                assert!(may || !blanks, "the sieve passes over a macro in {}", path.display());
                (files, bytes) = (files + 1, bytes + source.len());
                (scanned, scanned_bytes) =
                    (scanned + usize::from(may), scanned_bytes + if may { source.len() } else { 0 });
                blanked += usize::from(blanks);
            }
        }
        assert!(
            blanked > 0 && scanned < files,
            "{files} files ({bytes} bytes), {scanned} scanned ({scanned_bytes} bytes), {blanked} with macros"
        );
    }
}
