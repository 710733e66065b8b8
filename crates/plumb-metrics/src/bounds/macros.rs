//! The macros the grammar cannot read where C++ declares classes and namespaces, read as
//! blank ([`without_export_macros`]).

use plumb_lang::Bounds;
use plumb_lang::tokens::{Scan, Token};

mod sieve;

/// The source with the export macros of [`Bounds::macros_after`] and
/// [`Bounds::macros_after_name`] blanked (`class LIB_EXPORT Name {` reads
/// `class            Name {`, `namespace std _GLIBCXX_VISIBILITY(default) {` reads
/// `namespace std                              {`), and those of [`Bounds::macros_before`] as
/// `;`, or `None` when it has none. Every byte keeps its position, and line breaks are kept.
pub(crate) fn without_export_macros(source: &[u8], bounds: &Bounds) -> Option<Vec<u8>> {
    sieve::may_hold_export_macros(source, bounds).then(|| blank_macros(source, bounds)).flatten()
}

/// [`without_export_macros`], read token by token.
fn blank_macros(source: &[u8], bounds: &Bounds) -> Option<Vec<u8>> {
    let mut scan = Scan::new(source, bounds.lexis, 0);
    // The last three tokens, with where each starts and ends.
    let mut window: [Option<(Token<'_>, usize, usize)>; 3] = [None; 3];
    let mut after_name = AfterName::Outside;
    // The words since the last other token.
    let mut words: Vec<std::ops::Range<usize>> = Vec::new();
    let mut blanked: Option<Vec<u8>> = None;
    while let Some(token) = scan.next() {
        let (state, after) = after_name.next(token, scan.start..scan.at, bounds.macros_after_name);
        after_name = state;
        for range in before_name(window, token, bounds.macros_after).into_iter().chain(after) {
            let text = &mut blanked.get_or_insert_with(|| source.to_vec())[range];
            text.iter_mut().filter(|b| !matches!(b, b'\n' | b'\r')).for_each(|b| *b = b' ');
        }
        // Each macro before a keyword reads as an empty declaration, `;`, so that its line
        // stays code.
        for range in words_before(&mut words, token, scan.start..scan.at, bounds.macros_before) {
            let text = &mut blanked.get_or_insert_with(|| source.to_vec())[range];
            text.fill(b' ');
            text[0] = b';';
        }
        window = [window[1], window[2], Some((token, scan.start, scan.at))];
    }
    blanked
}

/// The words (`words`, since the last other token) before `token` (at `at`) when it is one of
/// `keywords`; `inline`, `using` and `export` are not macros.
fn words_before(
    words: &mut Vec<std::ops::Range<usize>>,
    token: Token<'_>,
    at: std::ops::Range<usize>,
    keywords: &[&str],
) -> Vec<std::ops::Range<usize>> {
    match token {
        Token::Word(word) if keywords.iter().any(|k| k.as_bytes() == word) => return std::mem::take(words),
        Token::Word(b"inline" | b"using" | b"export") | Token::Punct(_) => words.clear(),
        Token::Word(_) => words.push(at),
    }
    Vec::new()
}

/// The export macro between a keyword of [`Bounds::macros_after`] and the name, given the
/// three tokens before `token`.
fn before_name(
    window: [Option<(Token<'_>, usize, usize)>; 3],
    token: Token<'_>,
    keywords: &[&str],
) -> Option<std::ops::Range<usize>> {
    let [Some((Token::Word(keyword), ..)), Some((Token::Word(_), start, end)), Some((Token::Word(name), ..))] =
        window
    else {
        return None;
    };
    (keywords.iter().any(|k| k.as_bytes() == keyword)
        && name != b"final"
        && matches!(token, Token::Punct(b'{' | b':') | Token::Word(b"final")))
    .then_some(start..end)
}

/// Where the tokens are in a declaration of [`Bounds::macros_after_name`]
/// (`namespace std _GLIBCXX_VISIBILITY(default) {`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AfterName {
    Outside,
    /// After the keyword.
    Keyword,
    /// After the name (`a` or `a::b`).
    Name,
    /// After `::` in a name, or `inline` after it (`a::inline b`).
    Qualifying,
    /// After words and calls after the name, from `start` to `end`; `depth` parentheses open.
    Macro {
        start: usize,
        end: usize,
        depth: u32,
    },
}

impl AfterName {
    /// The state after `token` (at `at`), and the macros to blank when it is the block's `{`.
    fn next(
        self,
        token: Token<'_>,
        at: std::ops::Range<usize>,
        keywords: &[&str],
    ) -> (Self, Option<std::ops::Range<usize>>) {
        let keyword = matches!(token, Token::Word(word) if keywords.iter().any(|k| k.as_bytes() == word));
        let state = match (self, token) {
            (Self::Macro { start, end, depth }, _) => return macro_token(start..end, depth, token, at),
            (Self::Name, Token::Word(_)) if !keyword => {
                Self::Macro { start: at.start, end: at.end, depth: 0 }
            }
            (Self::Name | Self::Qualifying, Token::Punct(b':'))
            | (Self::Qualifying, Token::Word(b"inline")) => Self::Qualifying,
            (Self::Keyword | Self::Qualifying, Token::Word(_)) => Self::Name,
            _ if keyword => Self::Keyword,
            _ => Self::Outside,
        };
        (state, None)
    }
}

/// [`AfterName::next`] after words and calls after the name (`macros`, with `depth`
/// parentheses open).
fn macro_token(
    macros: std::ops::Range<usize>,
    depth: u32,
    token: Token<'_>,
    at: std::ops::Range<usize>,
) -> (AfterName, Option<std::ops::Range<usize>>) {
    let (start, end) = (macros.start, macros.end);
    let state = match token {
        Token::Punct(b'(') => AfterName::Macro { start, end: at.end, depth: depth + 1 },
        Token::Punct(b')') if depth > 0 => AfterName::Macro { start, end: at.end, depth: depth - 1 },
        _ if depth > 0 => AfterName::Macro { start, end, depth },
        Token::Punct(b'{') => return (AfterName::Outside, Some(macros)),
        Token::Word(_) => AfterName::Macro { start, end: at.end, depth },
        Token::Punct(_) => AfterName::Outside,
    };
    (state, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The source as the grammar reads it, where export macros change it.
    fn blank(source: &str) -> Option<String> {
        without_export_macros(source.as_bytes(), &plumb_lang::Language::Cpp.spec().bounds.unwrap())
            .map(|b| String::from_utf8(b).unwrap())
    }

    /// Asserts that each source is read as it is.
    fn unchanged(sources: &[&str]) {
        for source in sources {
            assert_eq!(blank(source), None, "{source}");
        }
    }

    #[test]
    fn export_macros_before_a_class_name_are_blanked() {
        assert_eq!(blank("class API Name : public B {};").as_deref(), Some("class     Name : public B {};"));
        assert_eq!(blank("class API Name final {};").as_deref(), Some("class     Name final {};"));
        unchanged(&[
            "class Name final {};",
            "class Name : public B {};",
            "friend class Name;",
            "class A::B {};",
        ]);
    }

    #[test]
    fn macros_after_a_namespace_name_are_blanked() {
        assert_eq!(
            blank("namespace std _GLIBCXX_VISIBILITY(default)\n{").as_deref(),
            Some("namespace std                             \n{")
        );
        // Arguments over lines keep their line breaks; a word, nested parentheses, a nested name.
        assert_eq!(blank("namespace a M(x,\n y) {").as_deref(), Some("namespace a     \n    {"));
        assert_eq!(blank("namespace a::b API {").as_deref(), Some("namespace a::b     {"));
        assert_eq!(
            blank("namespace g __attribute__((visibility(\"default\"))) {").as_deref(),
            Some(format!("namespace g {} {{", " ".repeat(38)).as_str())
        );
        unchanged(&[
            "namespace a { int x; }",
            "namespace a::inline b { }",
            "using namespace std;\nint f(void) { }",
            "namespace fs = std::filesystem;",
            "namespace a M(x);",
        ]);
    }

    #[test]
    fn macros_before_a_namespace_read_as_empty_declarations() {
        // Each word keeps its line a line of code.
        assert_eq!(
            blank("LIB_END\n// x\nLIB_BEGIN namespace detail {").as_deref(),
            Some(";      \n// x\n;         namespace detail {")
        );
        unchanged(&[
            "inline namespace v1 {",
            "using namespace std;",
            "export namespace m {",
            "int x; namespace a {",
        ]);
    }
}
