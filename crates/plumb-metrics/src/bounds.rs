//! Where declarations end, read from the tokens alone ([`crate::tokens`]). A parse tree with
//! errors can run a function on past the brace that closes its body (a macro the grammar
//! cannot read, such as `do { ... } while_each_thread(p, t);`, swallows the rest of the file);
//! these boundaries are what the tree is checked against, and where the file is parsed again
//! when the tree crosses them.

use std::collections::{HashMap, HashSet};

use plumb_lang::{Bounds, KindTable, Lexis, Roles};
use tree_sitter::{Node, Parser, Point, Range, Tree};

use crate::{FileMetrics, Position};
use plumb_lang::tokens::{Scan, Token};

mod branches;
mod macros;
#[cfg(test)]
mod reuse;

pub(crate) use macros::without_export_macros;

/// One declaration, or a run of declarations the tokens cannot tell apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Unit {
    /// Where it starts: just after the previous unit.
    pub(crate) start: usize,
    /// Its first token.
    pub(crate) first: usize,
    /// Just past its last token (`;` or `}`).
    pub(crate) end: usize,
    /// Whether it ends with the body of a function (a block after a parameter list in C, or
    /// after `fn` in Rust).
    pub(crate) body: bool,
    /// Where its last block opens (the body's `{`).
    pub(crate) open: usize,
}

/// A file's declarations as its tokens delimit them.
#[derive(Debug, Default)]
pub(crate) struct Declarations {
    /// The units, in order, covering the file from its start to its last `;` or `}` outside
    /// blocks.
    pub(crate) units: Vec<Unit>,
    /// The blocks of declarations (`namespace a { ... }`, a class body), in the order they
    /// close.
    pub(crate) scopes: Vec<Scope>,
}

/// A block of declarations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Scope {
    /// The first token of its declaration (`namespace`, `template`, `#[cfg(test)]`).
    pub(crate) head: usize,
    /// Its last scope keyword (`namespace`, `class`, `mod`): what comes before it may be a
    /// macro the grammar cannot read (`NLOHMANN_JSON_NAMESPACE_BEGIN namespace detail {`).
    pub(crate) keyword: usize,
    /// From `{` to just past `}`.
    pub(crate) block: std::ops::Range<usize>,
}

impl Declarations {
    /// The units in `range`: those that end after its start and have a token before its end.
    fn units_in(&self, range: std::ops::Range<usize>) -> &[Unit] {
        let from = self.units.partition_point(|unit| unit.end <= range.start);
        let to = self.units.partition_point(|unit| unit.first < range.end);
        &self.units[from..to.max(from)]
    }
}

/// The file's declarations.
pub(crate) fn declarations(source: &[u8], bounds: &Bounds) -> Declarations {
    let mut scan = Scan::new(source, bounds.lexis, 0);
    let mut splitter = Splitter::new(source, bounds);
    let mut units = Vec::new();
    while let Some(token) = scan.next() {
        if let Some(unit) = splitter.token(token, scan.start, scan.at) {
            units.push(unit);
        }
    }
    Declarations { units, scopes: splitter.scopes }
}

/// The file's units.
#[cfg(test)]
fn units(source: &[u8], bounds: &Bounds) -> Vec<Unit> {
    declarations(source, bounds).units
}

/// The directories of real code the corpus tests read, those that are there: the fixtures,
/// the cargo registry and the fetched corpus (`$PLUMB_CORPUS/src`, by default
/// `~/.cache/plumb-corpus/src`; see `scripts/corpus.sh`). A `PLUMB_CORPUS` that names no corpus
/// is an error, not a corpus left out.
#[cfg(test)]
fn real_code() -> Vec<std::path::PathBuf> {
    use std::path::PathBuf;
    let home = PathBuf::from(std::env::var_os("HOME").unwrap_or_default());
    let cargo_home = std::env::var_os("CARGO_HOME").map_or_else(|| home.join(".cargo"), PathBuf::from);
    let corpus = match std::env::var_os("PLUMB_CORPUS") {
        Some(dir) => {
            let corpus = PathBuf::from(dir);
            assert!(corpus.join("src").is_dir(), "PLUMB_CORPUS names no corpus: {}", corpus.display());
            corpus
        }
        None => home.join(".cache/plumb-corpus"),
    };
    let fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    [fixtures, cargo_home.join("registry/src"), corpus.join("src")]
        .into_iter()
        .filter(|dir| dir.is_dir())
        .collect()
}

/// A brace: whether it opens a block of declarations (`namespace x {`), which is read
/// through, or a block that is part of one declaration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Brace {
    Scope {
        head: usize,
        keyword: usize,
        open: usize,
    },
    /// `ends`: whether the block can end its declaration (not one in parentheses, as in a
    /// macro call's `m!({ ... });`).
    Block {
        body: bool,
        ends: bool,
    },
}

/// What has been seen of the current unit, outside its blocks.
#[derive(Debug, Clone, Copy, Default)]
#[allow(clippy::struct_excessive_bools, reason = "independent facts about one declaration")]
struct Head {
    /// A `(` (C: a parameter list, so a block after it is a body).
    paren: bool,
    /// An `=` (an initializer: its block ends at the `;` after it).
    assign: bool,
    /// The function keyword (Rust's `fn`).
    function: bool,
    /// A scope keyword with no `(` or `=` after it (C), or no function keyword (Rust).
    scope: bool,
    /// Where the last scope keyword starts.
    keyword: usize,
    /// After `template`, before its `<`.
    template: bool,
    /// Angle brackets open in a template's parameters (`template <int N = 0>`), outside
    /// parentheses.
    angles: u32,
    /// A `:` after a parameter list: C++ member initializers (`X() : a{1}, b(2) {`) follow.
    initializers: bool,
    /// Parentheses and brackets open: a `;` in them (Rust's `[u8; N]`) does not end the
    /// declaration.
    nesting: u32,
}

impl Head {
    /// A bracket: parentheses and brackets open and close, and outside them a template's angle
    /// brackets (with `generics`, any angle bracket). Returns whether `byte` is one.
    fn bracket(&mut self, byte: u8, function_keyword: bool, generics: bool) -> bool {
        match byte {
            b'(' => {
                self.paren = true;
                self.scope &= function_keyword;
                self.nesting += 1;
            }
            b'[' => self.nesting += 1,
            b')' | b']' => self.nesting = self.nesting.saturating_sub(1),
            _ => return self.angle(byte, generics),
        }
        true
    }

    /// A template's angle bracket, or with `generics` any angle bracket, outside parentheses.
    /// Returns whether `byte` is one.
    fn angle(&mut self, byte: u8, generics: bool) -> bool {
        match byte {
            b'<' if self.nesting == 0 && (self.template || generics || self.angles > 0) => {
                self.template = false;
                self.angles += 1;
            }
            b'>' if self.nesting == 0 && self.angles > 0 => self.angles -= 1,
            _ => return false,
        }
        true
    }
}

/// Cuts a stream of tokens into units.
struct Splitter<'s> {
    source: &'s [u8],
    bounds: &'s Bounds,
    braces: Vec<Brace>,
    /// Blocks open (scopes are read through).
    depth: usize,
    head: Head,
    start: usize,
    first: Option<usize>,
    open: usize,
    previous: Option<Token<'s>>,
    scopes: Vec<Scope>,
}

impl<'s> Splitter<'s> {
    fn new(source: &'s [u8], bounds: &'s Bounds) -> Self {
        Self {
            source,
            bounds,
            braces: Vec::new(),
            depth: 0,
            head: Head::default(),
            start: 0,
            first: None,
            open: 0,
            previous: None,
            scopes: Vec::new(),
        }
    }

    /// Takes the token from `start` to `end`; returns the unit it ends, if any.
    fn token(&mut self, token: Token<'s>, start: usize, end: usize) -> Option<Unit> {
        let previous = self.previous.replace(token);
        let first = *self.first.get_or_insert(start);
        let body = match token {
            Token::Punct(b'{') => {
                self.open_brace(start, previous);
                None
            }
            Token::Punct(b'}') => self.close_brace(end),
            Token::Punct(b';') if self.depth == 0 && self.head.nesting == 0 => Some(false),
            // A label (`private:`) is a unit of its own: the member after it reads without it.
            Token::Punct(b':') if self.depth == 0 && self.is_label(first..start) => Some(false),
            _ if self.depth == 0 => {
                self.head(token, start, previous);
                None
            }
            _ => None,
        }?;
        let unit = Unit { start: self.start, first, end, body, open: self.open };
        self.start = end;
        self.first = None;
        self.head = Head::default();
        Some(unit)
    }

    /// Whether `text`, before a `:`, is one of [`Bounds::labels`] alone.
    fn is_label(&self, text: std::ops::Range<usize>) -> bool {
        let text = self.source[text].trim_ascii();
        self.bounds.labels.iter().any(|label| label.as_bytes() == text)
    }

    /// A token outside blocks: a scope keyword, the function keyword, a bracket, an `=`.
    fn head(&mut self, token: Token<'s>, start: usize, previous: Option<Token<'s>>) {
        match token {
            Token::Word(word) => self.head_word(word, start, previous),
            Token::Punct(byte) => {
                // Before an `=`, every `<` in a Rust item's head opens generics
                // (`struct S<T = u8> {`, `-> impl Iterator<Item = u8> {`); the `>` of `->`
                // closes nothing.
                let generics = self.bounds.lexis == Lexis::Rust && !self.head.assign;
                let arrow = byte == b'>' && start > 0 && self.source[start - 1] == b'-';
                let bracket =
                    !arrow && self.head.bracket(byte, self.bounds.function_keyword.is_some(), generics);
                if !bracket && self.head.nesting == 0 {
                    self.head_punct(byte, start, previous);
                }
            }
        }
    }

    /// A word outside blocks: a function's name after the function keyword, a scope keyword,
    /// `template`.
    fn head_word(&mut self, word: &[u8], start: usize, previous: Option<Token<'s>>) {
        let (bounds, head) = (self.bounds, &mut self.head);
        let named = matches!((previous, bounds.function_keyword), (Some(Token::Word(w)), Some(k)) if k.as_bytes() == w);
        if named {
            // `fn name`, not a function pointer type (`impl T for fn() -> R {`).
            head.function = true;
            head.scope = false;
        } else if head.nesting == 0 && bounds.scopes.iter().any(|s| s.as_bytes() == word) {
            // Not in parentheses (`f(struct s *p) {`).
            head.scope = !head.function;
            head.keyword = start;
        } else if word == b"template" {
            head.template = true;
        }
    }

    /// Punctuation outside blocks and brackets: the `:` before member initializers, an
    /// initializer's `=`.
    fn head_punct(&mut self, byte: u8, start: usize, previous: Option<Token<'s>>) {
        let (source, head) = (self.source, &mut self.head);
        match byte {
            // Not `::`.
            b':' if head.paren && is_lone(source, start) => head.initializers = true,
            // Not a default argument (`f(int a = 0) {`, `template <int N = 0>`).
            b'=' if head.angles == 0 && is_assignment(source, start, previous) => {
                head.assign = true;
                head.scope &= self.bounds.function_keyword.is_some();
            }
            _ => {}
        }
    }

    fn open_brace(&mut self, at: usize, previous: Option<Token<'s>>) {
        if self.depth == 0 && self.head.scope && self.head.nesting == 0 {
            // The declarations inside start after the `{`.
            let head = self.first.take().unwrap_or(at);
            self.braces.push(Brace::Scope { head, keyword: self.head.keyword.max(head), open: at });
            self.head = Head::default();
            return;
        }
        if self.depth == 0 {
            self.open = at;
        }
        let block = self.block(previous);
        self.braces.push(block);
        self.depth += 1;
    }

    /// The block a `{` after `previous` opens, outside scopes.
    fn block(&self, previous: Option<Token<'s>>) -> Brace {
        let head = &self.head;
        let body = match self.bounds.lexis {
            Lexis::C => head.paren,
            Lexis::Rust => head.function,
        };
        // A block in parentheses or brackets does not end the declaration: a macro's argument
        // (`m!({ ... });`), a C++ initializer (`: base(T{})`); nor does a member's initializer
        // (`: base{x} {`), after a word rather than after `)` or `}`.
        let initializer = head.initializers && !matches!(previous, Some(Token::Punct(b')' | b'}')) | None);
        let ends = head.nesting == 0 && !initializer;
        Brace::Block { body: self.depth == 0 && body && !head.assign && ends, ends }
    }

    /// A `}` ending at `end`: whether it ends a unit, and if so whether the unit ends with a
    /// body.
    fn close_brace(&mut self, end: usize) -> Option<bool> {
        match self.braces.pop() {
            Some(Brace::Block { body, ends }) => {
                self.depth -= 1;
                // C: a block that is not a body (`struct s { ... } x;`) ends at the `;`.
                let ends = ends
                    && match self.bounds.lexis {
                        Lexis::C => body,
                        Lexis::Rust => !self.head.assign,
                    };
                (self.depth == 0 && ends).then_some(body)
            }
            // The end of a scope, or a stray brace: the unit goes on.
            Some(Brace::Scope { head, keyword, open }) => {
                self.scopes.push(Scope { head, keyword, block: open..end });
                self.head = Head::default();
                // The next declaration's first token is after the scope's end.
                self.first = None;
                None
            }
            None => {
                self.head = Head::default();
                None
            }
        }
    }
}

/// Whether the byte at `at` stands alone: not beside another like it (`:` rather than `::`).
fn is_lone(source: &[u8], at: usize) -> bool {
    let byte = source[at];
    source.get(at + 1) != Some(&byte) && (at == 0 || source[at - 1] != byte)
}

/// Whether the `=` at `at` is an assignment or initializer: not part of `==`, `<=`, `+=` and
/// the like, nor of `operator=`.
fn is_assignment(source: &[u8], at: usize, previous: Option<Token<'_>>) -> bool {
    let before = at.checked_sub(1).map(|i| source[i]);
    source.get(at + 1) != Some(&b'=')
        && !before.is_some_and(|b| b"=!<>+-*/%&|^".contains(&b))
        && previous != Some(Token::Word(b"operator"))
}

/// A function whose body stands on its own: its declaration read from the tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Header {
    /// Where the declaration starts.
    pub(crate) start: usize,
    /// Where its text ends, before the body.
    pub(crate) end: usize,
    /// The name before the last parameter list (`vmemmap_pte_populate` in
    /// `pte_t * __meminit vmemmap_pte_populate(pmd_t *pmd, ...)`); a declaration that is one
    /// macro call is named with the macro's first argument (`SYSCALL_DEFINE1(acct)`).
    pub(crate) name: String,
    /// Whether calls use the name (not for a macro call).
    pub(crate) callable: bool,
    /// The parameters in that list (none for a macro call, whose arguments are not
    /// parameters one for one).
    pub(crate) params: u32,
}

/// The unit whose body opens at `open`, if any.
pub(crate) fn unit_with_body_at(units: &[Unit], open: usize) -> Option<&Unit> {
    let index = units.partition_point(|unit| unit.end <= open);
    units.get(index).filter(|unit| unit.body && unit.open == open && unit.first < open)
}

/// Where the body of `function` ends by the tokens (just past its `}`), in a file whose tree
/// has errors: the end of the unit whose body opens where the function's does.
pub(crate) fn body_end(units: &[Unit], function: Node<'_>) -> Option<usize> {
    if units.is_empty() {
        return None;
    }
    let open = function.child_by_field_name("body").unwrap_or(function).start_byte();
    unit_with_body_at(units, open).map(|unit| unit.end)
}

/// The declaration of the function whose body ends `unit`, read from its tokens; `None` where
/// it names none, or names one of `keywords` (a language's `not_function_names`).
pub(crate) fn header(source: &[u8], unit: &Unit, bounds: &Bounds, keywords: &[&str]) -> Option<Header> {
    let mut scan = Scan::new(&source[..unit.open], bounds.lexis, unit.first);
    let mut list = ParameterList::default();
    while let Some(token) = scan.next() {
        list.token(token);
    }
    let (word, words_before) = list.name?;
    if keywords.iter().any(|keyword| keyword.as_bytes() == word) {
        return None;
    }
    let name = String::from_utf8_lossy(word).into_owned();
    let end = unit.first + source[unit.first..unit.open].trim_ascii_end().len();
    // `NAME(arg, ...)` alone: a function defined by a macro.
    if words_before == 1 {
        let name = match list.first_argument {
            Some(argument) => format!("{name}({})", String::from_utf8_lossy(argument)),
            None => name,
        };
        return Some(Header { start: unit.first, end, name, callable: false, params: 0 });
    }
    let params = match (list.tokens, list.first_argument) {
        (0, _) | (1, Some(b"void")) => 0,
        _ => list.commas + 1,
    };
    Some(Header { start: unit.first, end, name, callable: true, params })
}

/// The last parameter list of a declaration, read token by token: the word before a `(`
/// outside parentheses, and what the list holds.
#[derive(Debug, Default)]
struct ParameterList<'s> {
    /// The word before the list, and how many words came before the list (itself included).
    name: Option<(&'s [u8], usize)>,
    /// The list's first argument, when it is one word.
    first_argument: Option<&'s [u8]>,
    /// Tokens directly in the list.
    tokens: u32,
    /// Commas directly in the list.
    commas: u32,
    depth: usize,
    words: usize,
    previous: Option<Token<'s>>,
}

impl<'s> ParameterList<'s> {
    fn token(&mut self, token: Token<'s>) {
        match token {
            Token::Punct(b'(') => {
                if let (0, Some(Token::Word(word))) = (self.depth, self.previous) {
                    *self = Self { name: Some((word, self.words)), words: self.words, ..Self::default() };
                } else {
                    self.argument(None);
                }
                self.depth += 1;
            }
            Token::Punct(b')') => self.depth = self.depth.saturating_sub(1),
            Token::Punct(b',') if self.depth == 1 => self.commas += 1,
            Token::Word(_) if self.depth == 0 => self.words += 1,
            Token::Word(word) => self.argument(Some(word)),
            Token::Punct(_) => self.argument(None),
        }
        self.previous = Some(token);
    }

    /// A token directly in the list (a word, or not).
    fn argument(&mut self, word: Option<&'s [u8]>) {
        if self.depth != 1 {
            return;
        }
        self.tokens += 1;
        if self.commas == 0 {
            self.first_argument = word.filter(|_| self.tokens == 1);
        }
    }
}

/// Counts the functions not read: units that end with a body that no measured function ends
/// with.
pub(crate) fn count_unread(metrics: &mut FileMetrics, source: &[u8], units: &[Unit]) {
    let ends: HashSet<u32> = metrics.functions.iter().map(|f| f.span.end.byte).collect();
    let mut unread = units.iter().filter(|unit| unit.body && !ends.contains(&(unit.end as u32)));
    let first = unread.next();
    metrics.structural_errors = u32::from(first.is_some()) + unread.count() as u32;
    metrics.first_structural_error = first.map(|unit| position(source, unit.first));
}

/// The position of a byte.
pub(crate) fn position(source: &[u8], byte: usize) -> Position {
    crate::lines::LineIndex::new(source).pos(byte)
}

/// A tree to walk, and which of its nodes.
pub(crate) struct Piece {
    pub(crate) tree: Tree,
    /// The nodes walked are those that start in this range, the root, and the containers that
    /// start before the range and run into it (entered again for their children in it): the
    /// rest of the file is in other pieces.
    pub(crate) nodes: std::ops::Range<usize>,
    /// The names of the scopes around the piece that open before it (`mod tests {`, `namespace
    /// a {`), outermost first: a stretch parsed on its own does not hold them.
    pub(crate) scope: Vec<String>,
}

impl Piece {
    /// All of a tree.
    pub(crate) fn whole(tree: Tree) -> Self {
        Self { tree, nodes: 0..usize::MAX, scope: Vec::new() }
    }
}

/// What the stretches parsed again are named in.
struct Outer<'a> {
    lines: &'a Lines<'a>,
    table: &'a KindTable,
    bounds: &'a Bounds,
    declarations: &'a Declarations,
    /// Where each scope ends.
    ends: HashSet<usize>,
    /// The scopes read so far, by index.
    declared: HashMap<usize, Declared>,
}

/// A scope's declaration as the grammar reads it on its own.
#[derive(Debug, Clone)]
struct Declared {
    /// Its name (`None`: the grammar does not read a container).
    name: Option<String>,
    /// Where it is read from: its first token, or its keyword when what comes before the keyword
    /// hides the container from the grammar.
    from: usize,
}

impl<'a> Outer<'a> {
    fn new(
        lines: &'a Lines<'a>,
        table: &'a KindTable,
        bounds: &'a Bounds,
        declarations: &'a Declarations,
    ) -> Self {
        let scopes = &declarations.scopes;
        let ends = scopes.iter().map(|scope| scope.block.end).collect();
        Self { lines, table, bounds, declarations, ends, declared: HashMap::new() }
    }

    /// The scopes around the stretch that starts at `at` (their blocks open before it and close
    /// after its first token), outermost first, by their index.
    fn around(&self, at: usize) -> Vec<usize> {
        let scopes = &self.declarations.scopes;
        // A stretch may start with the `}` of scopes, before the declarations after them.
        let mut scan = Scan::new(self.lines.source, self.bounds.lexis, at);
        let mut from = at;
        while scan.next() == Some(Token::Punct(b'}')) && self.ends.contains(&scan.at) {
            from = scan.at;
        }
        let mut around: Vec<usize> = (0..scopes.len())
            .filter(|&index| scopes[index].block.start < from && from < scopes[index].block.end)
            .collect();
        around.sort_by_key(|&index| scopes[index].block.start);
        around
    }

    /// The names of scopes, as the grammar reads their declarations, each parsed on its own up
    /// to its `{` (one it does not read as a container has no name). Of a deep chain, only the
    /// scopes a qualified name can show.
    fn names(&mut self, parser: &mut Parser, around: &[usize]) -> Vec<String> {
        let (outermost, innermost) = crate::names::shown(around);
        let mut names = Vec::with_capacity(outermost.len() + innermost.len());
        for &index in outermost.iter().chain(innermost) {
            names.extend(self.declared(parser, index).name.clone());
        }
        names
    }

    /// The declaration of a scope, by its index: read from its first token, or else from its
    /// keyword.
    fn declared(&mut self, parser: &mut Parser, index: usize) -> &Declared {
        let scope = &self.declarations.scopes[index];
        let (lines, table) = (self.lines, self.table);
        self.declared.entry(index).or_insert_with(|| {
            let mut name = |from: usize| {
                // The declaration with its block closed at once: a block left open reads as an
                // error to the grammar.
                let open = scope.block.start - from;
                let mut text = lines.source[from..=scope.block.start].to_vec();
                text.push(b'}');
                parser.set_included_ranges(&[]).ok()?;
                let tree = parser.parse(&text, None)?;
                let container = block_at(tree.root_node(), open)?.parent()?;
                crate::names::container_name(table, container, &text)
            };
            match name(scope.head) {
                None if scope.keyword > scope.head => {
                    Declared { name: name(scope.keyword), from: scope.keyword }
                }
                name => Declared { name, from: scope.head },
            }
        })
    }
}

/// The trees to walk, in order. Where the file's tree keeps to the units, it is walked; the
/// stretches it misreads (a node running across the end of a unit, a body not read as one
/// block) are parsed again on their own, cut where the tree did not keep to the units
/// ([`cuts`]), and a piece parsed again that still does not is cut again. Every byte of the
/// file is in exactly one piece.
///
/// A stretch is parsed again with the file's tree as the old one: tree-sitter takes from it
/// the subtrees that the new parse reaches in the same state (the function bodies a misread
/// left whole) and reads the rest afresh, at a fraction of the cost (on 1,405 C++ files, 267 M
/// instructions rather than 667 M). What is measured is what a fresh parse gives (`reuse.rs`
/// checks so on real code), but for how many syntax errors the recovery finds in a stretch.
pub(crate) fn bounded(
    parser: &mut Parser,
    tree: Tree,
    source: &[u8],
    declarations: &Declarations,
    language: (&Bounds, &KindTable),
) -> Vec<Piece> {
    bounded_as(parser, tree, source, declarations, language, true)
}

/// [`bounded`], parsing stretches again with the file's tree as the old one when `reuse`.
fn bounded_as(
    parser: &mut Parser,
    tree: Tree,
    source: &[u8],
    declarations: &Declarations,
    (bounds, table): (&Bounds, &KindTable),
    reuse: bool,
) -> Vec<Piece> {
    let root = tree.root_node();
    let first_cuts = cuts(root, 0..source.len(), declarations, bounds);
    if first_cuts.is_empty() {
        return vec![Piece::whole(tree)];
    }
    let lines = Lines::new(source);
    let mut outer = Outer::new(&lines, table, bounds, declarations);
    let mut pieces = Vec::new();
    let mut kept = 0;
    for region in misread(root, &first_cuts, source, declarations, (bounds, table)) {
        if region.start > kept {
            pieces.push(Piece { tree: tree.clone(), nodes: kept..region.start, scope: Vec::new() });
        }
        let inside = first_cuts.iter().filter(|cut| cut.at > region.start && cut.at < region.end);
        reparse(parser, reuse.then_some(&tree), region.clone(), inside, &mut outer, &mut pieces);
        kept = region.end;
    }
    if kept < source.len() {
        pieces.push(Piece { tree, nodes: kept..usize::MAX, scope: Vec::new() });
    }
    // The parser reads whole files again.
    let _ = parser.set_included_ranges(&[]);
    pieces
}

/// Parses `region` again in pieces, cut at `cuts` (in order), then where each piece's own
/// tree does not keep to the units; pushes the pieces in order.
fn reparse<'c>(
    parser: &mut Parser,
    old: Option<&Tree>,
    region: std::ops::Range<usize>,
    cuts: impl DoubleEndedIterator<Item = &'c Cut>,
    outer: &mut Outer<'_>,
    pieces: &mut Vec<Piece>,
) {
    // Pieces still to parse and walk, last first.
    let mut pending = Vec::new();
    split(&mut pending, region, cuts.map(|cut| cut.at));
    while let Some(range) = pending.pop() {
        // A piece is named inside the scopes around its start: it ends where the first of them
        // does, and after the `{` of a scope that opens in it and ends after it (what follows
        // is read inside that scope, named from the tokens, not from a block cut short).
        let around = outer.around(range.start);
        let scopes = &outer.declarations.scopes;
        let end = around.iter().map(|&index| scopes[index].block.end).filter(|&end| end < range.end).min();
        let opens = (0..scopes.len()).filter(|&index| {
            let block = &scopes[index].block;
            block.start >= range.start && block.start + 1 < range.end && block.end > range.end
        });
        match (end, opens.min_by_key(|&index| scopes[index].block.start)) {
            (Some(end), open) if open.is_none_or(|index| end <= scopes[index].block.start) => {
                pending.extend([end..range.end, range.start..end]);
                continue;
            }
            (_, Some(index)) => {
                // A declaration the grammar reads only from its keyword is parsed from there.
                let open = scopes[index].block.start + 1;
                let from = outer.declared(parser, index).from.max(range.start);
                let pieces = [open..range.end, from..open, range.start..from];
                pending.extend(pieces.into_iter().filter(|piece| !piece.is_empty()));
                continue;
            }
            _ => {}
        }
        let Some(tree) = parse_range(parser, old, outer.lines, range.clone()) else { continue };
        let cuts = self::cuts(tree.root_node(), range.clone(), outer.declarations, outer.bounds);
        let units = outer.declarations.units_in(range.clone());
        let (tree, cuts) = match first_branches(parser, outer, range.clone(), (tree, cuts)) {
            Reading::Apart => {
                let (start, end) = (range.start, range.end);
                let inner_ends = units.iter().map(|unit| unit.end).filter(|&at| at > start && at < end);
                split(&mut pending, range, inner_ends);
                continue;
            }
            Reading::Whole(tree, cuts) => (tree, cuts),
        };
        if cuts.is_empty() {
            let scope = outer.names(parser, &around);
            pieces.push(Piece { tree, nodes: 0..usize::MAX, scope });
        } else {
            split(&mut pending, range, cuts.iter().map(|cut| cut.at));
        }
    }
}

/// How a stretch parsed again is read.
enum Reading {
    /// As this tree, cut at these cuts.
    Whole(Tree, Vec<Cut>),
    /// Each of its declarations parsed again on its own.
    Apart,
}

/// How to read `range`, whose tree (`read`) has errors where a conditional whose branches each
/// open a block (`} else {` / `#else` / `{` / `#endif`) loses the function around it: as the
/// tokens read it, each conditional's first branch with code, where that reads without errors,
/// keeps to the units where the tree did not, or reads more bodies whole without more cuts (a
/// body with a macro the grammar cannot read besides). Such a reading leaves out the other
/// branches, so where the stretch holds more than one declaration, each is parsed again on its
/// own first ([`Reading::Apart`]): only those that need it are read so.
fn first_branches(
    parser: &mut Parser,
    outer: &Outer<'_>,
    range: std::ops::Range<usize>,
    (tree, cuts): (Tree, Vec<Cut>),
) -> Reading {
    let lexis = outer.bounds.lexis;
    if lexis != Lexis::C || !tree.root_node().has_error() {
        return Reading::Whole(tree, cuts);
    }
    let Some(first) = branches::parse_first_branches(parser, outer.lines, range.clone(), lexis) else {
        return Reading::Whole(tree, cuts);
    };
    let first_cuts = self::cuts(first.root_node(), range.clone(), outer.declarations, outer.bounds);
    let units = outer.declarations.units_in(range.clone());
    let better = !first.root_node().has_error()
        || (first_cuts.is_empty() && !cuts.is_empty())
        || (first_cuts.len() <= cuts.len()
            && bodies_read(first.root_node(), units) > bodies_read(tree.root_node(), units));
    if !better {
        return Reading::Whole(tree, cuts);
    }
    if units.iter().any(|unit| unit.end > range.start && unit.end < range.end) {
        Reading::Apart
    } else {
        Reading::Whole(first, first_cuts)
    }
}

/// Pushes the pieces of `range` cut at `cuts` (in order), last first.
fn split(
    pending: &mut Vec<std::ops::Range<usize>>,
    range: std::ops::Range<usize>,
    cuts: impl DoubleEndedIterator<Item = usize>,
) {
    let mut to = range.end;
    for at in cuts.rev() {
        pending.push(at..to);
        to = at;
    }
    pending.push(range.start..to);
}

/// Where a tree is cut, and the stretch it misreads there.
struct Cut {
    at: usize,
    misread: std::ops::Range<usize>,
}

/// Where to cut the piece `range` whose tree is `root`, strictly inside it and in order: at
/// the end of each unit the tree crosses, before each body the tree does not read as one block
/// (then the declaration is parsed apart and the body stands on its own), after each block of
/// declarations the tree runs on past, and after the `{` of each one it ends early. Each piece
/// is smaller than the one it is cut from, so cutting ends.
fn cuts(
    root: Node<'_>,
    range: std::ops::Range<usize>,
    declarations: &Declarations,
    bounds: &Bounds,
) -> Vec<Cut> {
    let inside = |at: usize| at > range.start && at < range.end;
    let mut cuts: Vec<Cut> = declarations
        .scopes
        .iter()
        .filter_map(|Scope { block: scope, .. }| {
            let end = block_at(root, scope.start)?.end_byte();
            if end > scope.end && inside(scope.end) {
                Some(Cut { at: scope.end, misread: scope.start..end })
            } else if end < scope.end && inside(scope.start + 1) {
                // Ended early (a template's head misread): what follows is read in the scope.
                Some(Cut { at: scope.start + 1, misread: scope.clone() })
            } else {
                None
            }
        })
        .collect();
    for unit in declarations.units_in(range.clone()) {
        if unit.body && inside(unit.open) && !reads_block(root, unit) {
            cuts.push(Cut { at: unit.open, misread: unit.start..unit.end });
        }
        if inside(unit.end)
            && let Some(node) = crossing(root, unit.end, bounds)
        {
            cuts.push(Cut { at: unit.end, misread: node.start_byte().min(unit.start)..node.end_byte() });
        }
    }
    cuts.sort_by_key(|cut| cut.at);
    cuts.dedup_by_key(|cut| cut.at);
    cuts
}

/// The stretches of the file's tree to parse again, in order and apart: around what each cut
/// misreads, widened to the ends of units at which the tree keeps to the units ([`kept_at`]),
/// so that the tree's nodes outside them can be walked. An erroneous root keeps nothing.
fn misread(
    root: Node<'_>,
    cuts: &[Cut],
    source: &[u8],
    declarations: &Declarations,
    language: Language<'_>,
) -> Vec<std::ops::Range<usize>> {
    let len = source.len();
    if root.is_error() {
        return std::iter::once(0..len).collect();
    }
    let units = &declarations.units;
    let ends: Vec<usize> = units.iter().map(|unit| unit.end).filter(|end| *end > 0 && *end < len).collect();
    // Whether the tree keeps to each end, found out as the search reaches it.
    let mut kept: Vec<Option<bool>> = vec![None; ends.len()];
    let mut kept_at = |index: usize| {
        *kept[index].get_or_insert_with(|| kept_at(root, ends[index], source, declarations, language))
    };
    let mut regions: Vec<std::ops::Range<usize>> = Vec::new();
    for cut in cuts {
        let before = ends.partition_point(|&end| end <= cut.misread.start);
        let start = (0..before).rev().find(|&index| kept_at(index)).map_or(0, |index| ends[index]);
        let after = ends.partition_point(|&end| end < cut.misread.end);
        let end = (after..ends.len()).find(|&index| kept_at(index)).map_or(len, |index| ends[index]);
        match regions.last_mut() {
            Some(last) if start <= last.end => last.end = last.end.max(end),
            _ => regions.push(start..end),
        }
    }
    regions
}

/// Whether the tree keeps to the end of a unit at `at`: no node holding the bytes on both sides
/// of it is an error, each is one of [`Bounds::containers`] (the root, a preprocessor
/// conditional, a block of declarations) or a node whose only role, if any, is to name a scope
/// (a namespace, a class, a declaration holding one), so that a piece of the tree starting
/// there can enter them again and count nothing twice; and the blocks among them open where
/// those of the scopes the tokens read around `at` do.
fn kept_at(
    root: Node<'_>,
    at: usize,
    source: &[u8],
    declarations: &Declarations,
    language: Language<'_>,
) -> bool {
    let (bounds, table) = language;
    let mut blocks: Vec<&std::ops::Range<usize>> = declarations
        .scopes
        .iter()
        .map(|scope| &scope.block)
        .filter(|block| block.start < at && at < block.end)
        .collect();
    let mut node = root;
    loop {
        let container = bounds.containers.contains(&node.kind())
            || table.info(node.kind_id()).roles.within(Roles::CONTAINER);
        if node.is_error() || !container {
            return false;
        }
        if source[node.start_byte()] == b'{' {
            let Some(index) = blocks.iter().position(|block| block.start == node.start_byte()) else {
                return false;
            };
            blocks.swap_remove(index);
        }
        match node.first_child_for_byte(at - 1) {
            Some(child) if child.start_byte() < at && child.end_byte() > at => node = child,
            _ => return blocks.is_empty(),
        }
    }
}

/// How a language's declarations are delimited, and what its node kinds are.
type Language<'a> = (&'a Bounds, &'a KindTable);

/// The node other than a container that spans the boundary at `at` (the byte before it and
/// the byte after it), if any.
fn crossing<'t>(root: Node<'t>, at: usize, bounds: &Bounds) -> Option<Node<'t>> {
    let node = root.descendant_for_byte_range(at - 1, at + 1)?;
    (node.is_error() || !bounds.containers.contains(&node.kind())).then_some(node)
}

/// How many of `units` end with a body the tree reads as one block.
fn bodies_read(root: Node<'_>, units: &[Unit]) -> usize {
    units.iter().filter(|unit| unit.body && reads_block(root, unit)).count()
}

/// Whether the tree reads a unit's body as one block: the node holding its `{` spans exactly
/// the body.
fn reads_block(root: Node<'_>, unit: &Unit) -> bool {
    block_at(root, unit.open).is_some_and(|block| block.end_byte() == unit.end && !block.is_error())
}

/// The node whose `{` is at `open`, if the tree reads one there.
fn block_at(root: Node<'_>, open: usize) -> Option<Node<'_>> {
    let brace = root.descendant_for_byte_range(open, open + 1)?;
    brace.parent().filter(|block| block.start_byte() == open)
}

/// `source[range]` parsed on its own, its nodes at their positions in the file, reusing what it
/// can of the `old` tree of the file.
fn parse_range(
    parser: &mut Parser,
    old: Option<&Tree>,
    lines: &Lines<'_>,
    range: std::ops::Range<usize>,
) -> Option<Tree> {
    let range = Range {
        start_byte: range.start,
        end_byte: range.end,
        start_point: lines.point(range.start),
        end_point: lines.point(range.end),
    };
    parser.set_included_ranges(&[range]).ok()?;
    parser.parse(lines.source, old)
}

/// Where the lines of a file start, to turn bytes into points.
struct Lines<'s> {
    source: &'s [u8],
    starts: Vec<usize>,
}

impl<'s> Lines<'s> {
    fn new(source: &'s [u8]) -> Self {
        let starts = std::iter::once(0).chain(memchr::memchr_iter(b'\n', source).map(|i| i + 1)).collect();
        Self { source, starts }
    }

    /// The row and byte column of a byte.
    fn point(&self, byte: usize) -> Point {
        let row = self.starts.partition_point(|&start| start <= byte) - 1;
        Point { row, column: byte - self.starts[row] }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const C: Bounds = Bounds {
        lexis: Lexis::C,
        scopes: &["extern", "namespace"],
        function_keyword: None,
        containers: &[],
        macros_after: &[],
        macros_after_name: &[],
        macros_before: &[],
        labels: &[],
    };
    const RUST: Bounds = Bounds {
        lexis: Lexis::Rust,
        scopes: &["mod", "impl"],
        function_keyword: Some("fn"),
        containers: &[],
        macros_after: &[],
        macros_after_name: &[],
        macros_before: &[],
        labels: &[],
    };

    /// Each unit's text, trimmed, with `*` after a body.
    fn texts(source: &str, bounds: &Bounds) -> Vec<String> {
        units(source.as_bytes(), bounds)
            .iter()
            .map(|u| format!("{}{}", source[u.start..u.end].trim(), if u.body { "*" } else { "" }))
            .collect()
    }

    #[test]
    fn c_functions_end_at_their_closing_brace_and_declarations_at_their_semicolon() {
        let source =
            "struct s { int a; } x;\nint f(void)\n{\n\tif (a) { b(); }\n}\nstatic int t[] = { 1, 2 };\n";
        assert_eq!(
            texts(source, &C),
            ["struct s { int a; } x;", "int f(void)\n{\n\tif (a) { b(); }\n}*", "static int t[] = { 1, 2 };"]
        );
        let operators = "bool operator==(A a, A b) { return a.x == b.x; }\nA &operator=(A a) { return a; }";
        assert_eq!(
            texts(operators, &C),
            ["bool operator==(A a, A b) { return a.x == b.x; }*", "A &operator=(A a) { return a; }*"]
        );
    }

    #[test]
    fn braces_in_comments_literals_and_directives_do_not_count() {
        let source = "int f(void) { /* { */ g(\"}\", '{'); // }\n}\n#define OPEN {\nint x;\n";
        assert_eq!(
            texts(source, &C),
            ["int f(void) { /* { */ g(\"}\", '{'); // }\n}*", "#define OPEN {\nint x;"]
        );
        let raw = "auto s = R\"x(})x\";\nint g() { return 1'000; }";
        assert_eq!(texts(raw, &C), ["auto s = R\"x(})x\";", "int g() { return 1'000; }*"]);
    }

    #[test]
    fn only_the_first_branch_of_a_conditional_is_read() {
        let source = "#ifdef A\nint f(int a) {\n#else\nint f(void) {\n#endif\n\treturn 0;\n}\nint y;\n";
        let units = texts(source, &C);
        assert_eq!(units.len(), 2, "{units:?}");
        assert!(units[0].ends_with("return 0;\n}*"));
    }

    #[test]
    fn declarations_inside_scopes_are_units() {
        let source = "extern \"C\" {\nint f(void) { return 1; }\nint g;\n}\nnamespace a { void h() {} }";
        assert_eq!(
            texts(source, &C),
            ["extern \"C\" {\nint f(void) { return 1; }*", "int g;", "}\nnamespace a { void h() {}*"]
        );
    }

    #[test]
    fn rust_items_with_blocks_and_semicolons_inside_their_signature() {
        // A `;` in brackets and a block in a macro call's parentheses do not end the item; a
        // function pointer type is not a function.
        let source = "fn f() -> [u8; 4] { [0; 4] }\nm!({ x });\nimpl T for fn() -> R {\n    fn g() {}\n}";
        assert_eq!(
            texts(source, &RUST),
            ["fn f() -> [u8; 4] { [0; 4] }*", "m!({ x });", "impl T for fn() -> R {\n    fn g() {}*"]
        );
        let initializer = "A::A(B b) : base(T{}) { }\nint x;";
        assert_eq!(texts(initializer, &C), ["A::A(B b) : base(T{}) { }*", "int x;"]);
    }

    #[test]
    fn default_arguments_initializers_and_parameter_types_keep_a_body_a_body() {
        // An `=` in a parameter list or a template's parameters is a default, not an
        // initializer; a brace after a word in member initializers is an initializer, the one
        // after `)` or `}` the body; `struct` in a parameter list does not open a scope.
        let source = "class A {\nvoid f(int a = 0) { }\ntemplate <int N = 0> void g() { }\npublic:\n\
                      A() : b{1}, c(2) { }\n};\nint h(struct s *p) { return 0; }\nint x = { 1 };";
        let cpp = plumb_lang::Language::Cpp.spec().bounds.unwrap();
        assert_eq!(
            texts(source, &cpp),
            [
                "class A {\nvoid f(int a = 0) { }*",
                "template <int N = 0> void g() { }*",
                "public:",
                "A() : b{1}, c(2) { }*",
                "};",
                "int h(struct s *p) { return 0; }*",
                "int x = { 1 };"
            ]
        );
    }

    #[test]
    fn rust_items_lifetimes_and_raw_strings() {
        let source = "impl<'a> X<'a> {\n    fn f(&'a self) -> char { '}' }\n    const S: &str = r#\"}\"#;\n}\nstruct P { x: fn() }\nconst Q: P = P { x: g };";
        assert_eq!(
            texts(source, &RUST),
            [
                "impl<'a> X<'a> {\n    fn f(&'a self) -> char { '}' }*",
                "const S: &str = r#\"}\"#;",
                "}\nstruct P { x: fn() }",
                "const Q: P = P { x: g };"
            ]
        );
    }

    #[test]
    fn rust_generics_hold_equals_signs_and_arrows() {
        // An `=` in generics (a default type, an associated type's binding) is no initializer,
        // and the `>` of `->` in them closes nothing: each item ends at its own block.
        let source = "struct S<T = u8> {\n    x: T,\n}\nfn f() -> impl Iterator<Item = u8> { g() }\n\
                      impl<I: Iterator<Item = u8>> X for I {\n    fn h(&self) -> Box<dyn Fn() -> u8> { i() }\n}\n\
                      const N: usize = 1 << 3;\nfn k() {}";
        assert_eq!(
            texts(source, &RUST),
            [
                "struct S<T = u8> {\n    x: T,\n}",
                "fn f() -> impl Iterator<Item = u8> { g() }*",
                "impl<I: Iterator<Item = u8>> X for I {\n    fn h(&self) -> Box<dyn Fn() -> u8> { i() }*",
                "}\nconst N: usize = 1 << 3;",
                "fn k() {}*"
            ]
        );
    }

    /// Each function as `name lines first-last cc N`.
    fn measured(source: &str) -> (Vec<String>, FileMetrics) {
        measured_as(source, plumb_lang::Language::C, |f| &f.name)
    }

    /// [`measured`] in a language, each function named by `name`.
    fn measured_as(
        source: &str,
        language: plumb_lang::Language,
        name: fn(&crate::FunctionMetrics) -> &String,
    ) -> (Vec<String>, FileMetrics) {
        let metrics = crate::Analyzer::new().analyze(source.as_bytes(), language);
        let functions = metrics
            .functions
            .iter()
            .map(|f| {
                format!("{} lines {}-{} cc {}", name(f), f.span.start.line, f.span.end.line, f.cyclomatic)
            })
            .collect();
        (functions, metrics)
    }

    #[test]
    fn a_stretch_parsed_again_keeps_the_scopes_around_it() {
        // `f`'s `do` runs on past its body; `f` and `g` are parsed again apart from the
        // namespaces around them, and `g`'s stretch starts with the `}` that closes `b`.
        let source = "namespace a {\nnamespace b {\nint f(int x)\n{\n\tdo {\n\t\tif (x)\n\t\t\tbreak;\n\t} \
                      while_each_thread(p, t);\n\treturn 0;\n}\n}\nint g(int y)\n{\n\treturn y ? 1 : 2;\n}\n}\n\
                      int h(int z) { return z && 1; }\n";
        let (functions, metrics) = measured_as(source, plumb_lang::Language::Cpp, |f| &f.qualified_name);
        assert_eq!(functions, ["a::b::f lines 3-10 cc 2", "a::g lines 12-15 cc 2", "h lines 17-17 cc 2"]);
        assert!(metrics.syntax_errors > 0);
        assert_eq!(metrics.structural_errors, 0);
    }

    #[test]
    fn the_tree_is_walked_up_to_a_misread_stretch_inside_a_namespace() {
        // A namespace holds the whole file, and `f`'s `do` runs on past its body: the tree is
        // walked up to `f`, inside the namespace, and what follows is parsed again, named in
        // the scopes the tokens read around it.
        let source = "namespace a {\nclass K {\n\tint m(int v = 0) { return v ? 1 : 0; }\n};\n\
                      int f(int x)\n{\n\tdo {\n\t\tif (x)\n\t\t\tbreak;\n\t} while_each_thread(p, t);\n\treturn 0;\n}\n\
                      int g(int y) { return y && 1; }\n}\n";
        let (functions, metrics) = measured_as(source, plumb_lang::Language::Cpp, |f| &f.qualified_name);
        assert_eq!(functions, ["a::K::m lines 3-3 cc 2", "a::f lines 5-12 cc 2", "a::g lines 13-13 cc 2"]);
        assert_eq!(metrics.structural_errors, 0);
        let mut parser = Parser::new();
        parser.set_language(&plumb_lang::Language::Cpp.grammar()).unwrap();
        let tree = parser.parse(source, None).unwrap();
        let bounds = plumb_lang::Language::Cpp.spec().bounds.unwrap();
        let declarations = declarations(source.as_bytes(), &bounds);
        let table = plumb_lang::Language::Cpp.table();
        let pieces = bounded(&mut parser, tree, source.as_bytes(), &declarations, (&bounds, table));
        let all: Vec<_> = pieces.iter().map(|p| (p.nodes.clone(), p.tree.root_node().byte_range())).collect();
        // The tree up to the end of `K` (inside the namespace), then `f`, `g` and the
        // namespace's `}` parsed again: the tree's error runs on from `f` to the end.
        let walked: Vec<_> =
            pieces.iter().filter(|p| p.nodes != (0..usize::MAX)).map(|p| p.nodes.clone()).collect();
        let f = source.find("\nint f").unwrap();
        assert_eq!(walked, vec![0..f], "{all:?}");
        assert_eq!(pieces.len(), 5, "{all:?}");
    }

    #[test]
    fn a_scope_is_named_from_its_declaration_with_its_block_closed() {
        // Cut at its `{`, a class template's head alone reads as an error; closed, as a class.
        let source = "namespace a {\ntemplate <typename T>\nstruct S : B<T>\n{\n    int f();\n};\n}\n";
        let language = plumb_lang::Language::Cpp;
        let bounds = language.spec().bounds.unwrap();
        let declarations = declarations(source.as_bytes(), &bounds);
        let lines = Lines::new(source.as_bytes());
        let mut outer = Outer::new(&lines, language.table(), &bounds, &declarations);
        let mut parser = Parser::new();
        parser.set_language(&language.grammar()).unwrap();
        let names: Vec<_> = (0..declarations.scopes.len())
            .map(|index| outer.declared(&mut parser, index).name.clone())
            .collect();
        // In the order the scopes close: `S`, then `a`.
        assert_eq!(names, [Some("S".to_owned()), Some("a".to_owned())]);
    }

    #[test]
    fn a_block_the_tree_ends_before_the_tokens_do_is_cut_after_its_brace() {
        // The tokens read the block as running to the end (as where the grammar misreads a
        // template's head and closes a class at its first member): the cut is after its `{`, so
        // that what follows is parsed again inside the scope.
        let source = "struct S {\n  int a;\n};\nint g(int y) { return y; }\n";
        let mut parser = Parser::new();
        parser.set_language(&plumb_lang::Language::Cpp.grammar()).unwrap();
        let tree = parser.parse(source, None).unwrap();
        let open = source.find('{').unwrap();
        let declarations = Declarations {
            units: Vec::new(),
            scopes: vec![Scope { head: 0, keyword: 0, block: open..source.len() - 1 }],
        };
        let bounds = plumb_lang::Language::Cpp.spec().bounds.unwrap();
        let cuts = cuts(tree.root_node(), 0..source.len(), &declarations, &bounds);
        let cuts: Vec<_> = cuts.iter().map(|cut| (cut.at, cut.misread.clone())).collect();
        assert_eq!(cuts, [(open + 1, open..source.len() - 1)]);
    }

    #[test]
    fn a_piece_of_the_tree_enters_again_the_containers_it_starts_in() {
        // The tree cut between `e` and `g`, inside the namespace and the include guard: the
        // second piece enters both again, and measures `g` as the whole tree does.
        let source = "#ifndef A_H\n#define A_H\nnamespace a {\nint e(int v) { return v ? 1 : 0; }\n\
                      int g(int y) { return y && 1; }\n}\n#endif\n";
        let language = plumb_lang::Language::Cpp;
        let mut parser = Parser::new();
        parser.set_language(&language.grammar()).unwrap();
        let tree = parser.parse(source, None).unwrap();
        let cut = source.find("\nint g").unwrap();
        let pieces = [
            Piece { tree: tree.clone(), nodes: 0..cut, scope: Vec::new() },
            Piece { tree: tree.clone(), nodes: cut..usize::MAX, scope: Vec::new() },
        ];
        let counting = crate::Counting::default();
        let apart = crate::walk::measure(&pieces, source.as_bytes(), (&[], &[]), language, true, counting);
        let whole = crate::walk::measure(
            &[Piece::whole(tree)],
            source.as_bytes(),
            (&[], &[]),
            language,
            true,
            counting,
        );
        let names =
            |m: &FileMetrics| m.functions.iter().map(|f| f.qualified_name.clone()).collect::<Vec<_>>();
        assert_eq!(names(&apart), ["a::e", "a::g"]);
        assert_eq!(apart, whole);
    }

    #[test]
    fn a_function_ends_at_the_brace_that_closes_its_body() {
        // Without its `while`, the `do` runs on to the end of the file, taking `b` with it.
        let source = "int before(int w)\n{\n\treturn w && 1;\n}\n\nint a(int x)\n{\n\tdo {\n\t\tif (x)\n\t\t\tbreak;\n\t} \
                      while_each(x);\n\treturn 0;\n}\n\nint b(int y)\n{\n\treturn y ? 1 : 2;\n}\n";
        let (functions, metrics) = measured(source);
        assert_eq!(functions, ["before lines 1-4 cc 2", "a lines 6-13 cc 2", "b lines 15-18 cc 2"]);
        assert!(metrics.syntax_errors > 0);
        assert_eq!((metrics.structural_errors, metrics.first_structural_error), (0, None));
    }

    #[test]
    fn a_body_the_parser_cannot_read_is_counted_where_its_declaration_starts() {
        let source = "int ok(void)\n{\n\treturn 1;\n}\n\nstatic u64 run(u64 *regs)\n{\n\tALU(ADD, +)\n\tALU(SUB, -)\n\treturn 0;\n}\n";
        let (functions, metrics) = measured(source);
        assert_eq!(functions, ["ok lines 1-4 cc 1"]);
        assert_eq!(metrics.structural_errors, 1);
        assert_eq!(metrics.first_structural_error.map(|at| (at.line, at.column)), Some((6, 1)));
    }

    /// The declaration of each body, as `name/params`.
    fn headers(source: &str) -> Vec<String> {
        let units = units(source.as_bytes(), &C);
        units
            .iter()
            .filter_map(|unit| header(source.as_bytes(), unit, &C, &["if"]))
            .map(|h| format!("{}/{}", h.name, h.params))
            .collect()
    }

    #[test]
    fn a_declaration_is_read_from_its_tokens() {
        let source = "SYSCALL_DEFINE3(read, unsigned int, fd, char __user *, buf, size_t, count) { }\n\
                      pte_t * __meminit populate(pmd_t *pmd, unsigned long addr) { }\n\
                      static __printf(2, 0) struct task *create(void) { }\n\
                      DEFINE_X((a), b) { }\n\
                      if (a->revision != 3) { }\n";
        // The last is a statement among declarations (`#if 0`): no function is named `if`.
        assert_eq!(headers(source), ["SYSCALL_DEFINE3(read)/0", "populate/2", "create/0", "DEFINE_X/0"]);
    }
}
