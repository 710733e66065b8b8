//! Code metrics from source bytes: per function cyclomatic and cognitive complexity, size,
//! parameters, nesting and decision points; per file physical, code, comment and blank lines.
//!
//! An internal component of plumb, not published: its API follows plumb's needs. What plumb
//! keeps stable is its command line, exit codes and documented output formats (`docs/json.md`).
//!
//! ```
//! use plumb_lang::Language;
//! use plumb_metrics::Analyzer;
//!
//! let source = b"fn sign(x: i32) -> i32 {\n    if x > 0 { 1 } else if x < 0 { -1 } else { 0 }\n}\n";
//! let metrics = Analyzer::new().analyze(source, Language::Rust);
//! let sign = &metrics.functions[0];
//! assert_eq!(sign.name, "sign");
//! assert_eq!(sign.cyclomatic, 3); // 1 + `if` + `else if`
//! assert_eq!(sign.cognitive, 3); // `if` +1, `else if` +1, `else` +1
//! assert_eq!((metrics.lines, metrics.code), (3, 3));
//! ```
//!
//! One iterative walk over the tree-sitter tree computes everything, driven by the language's
//! role table; no code here names a node kind. The tree is dropped when the walk is done.

mod bounds;
mod calls;
mod component;
mod defines;
mod docstrings;
mod lines;
mod names;
mod quiet;
mod walk;

use plumb_lang::Language;
pub use plumb_text::{Position, Span};
use tree_sitter::{Parser, Tree};

use crate::bounds::Piece;

/// What a decision point or a cognitive increment is: the construct, as the docs name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DecisionKind {
    /// An `if`.
    If,
    /// An `else if` or `elif`.
    ElseIf,
    /// A ternary or other conditional expression (including Rust's let-else).
    Conditional,
    /// A loop with a condition.
    Loop,
    /// A case label or match arm that is not a catch-all.
    Case,
    /// A match-arm guard.
    Guard,
    /// A `catch`/`except` clause.
    Catch,
    /// A comprehension clause, `when` guard or exception filter.
    Clause,
    /// `&&` / `and`.
    And,
    /// `||` / `or`.
    Or,
    /// `??`.
    Coalesce,
    /// `&&=`, `||=`, `??=`.
    LogicalAssign,
    /// A `switch`, `match`, `when` or `select` as a whole (cognitive complexity, and cyclomatic
    /// complexity in the modified variant).
    Switch,
    /// An `else` (cognitive complexity only).
    Else,
    /// A labelled `break` or `continue` (cognitive complexity only).
    Jump,
    /// A `goto` (cognitive complexity only).
    Goto,
    /// A call of the function to itself (cognitive complexity only).
    Recursion,
    /// With nested functions included in cognitive complexity: everything a nested function
    /// adds to the function around it, as one increment.
    NestedFunction,
}

impl DecisionKind {
    /// Every kind, in the order of the variants (`ALL[kind as usize] == kind`).
    pub const ALL: [DecisionKind; 18] = [
        Self::If,
        Self::ElseIf,
        Self::Conditional,
        Self::Loop,
        Self::Case,
        Self::Guard,
        Self::Catch,
        Self::Clause,
        Self::And,
        Self::Or,
        Self::Coalesce,
        Self::LogicalAssign,
        Self::Switch,
        Self::Else,
        Self::Jump,
        Self::Goto,
        Self::Recursion,
        Self::NestedFunction,
    ];

    /// The stable name used in machine output.
    pub const fn as_str(self) -> &'static str {
        /// In the order of the variants.
        const NAMES: [&str; 18] = [
            "if",
            "else-if",
            "conditional",
            "loop",
            "case",
            "guard",
            "catch",
            "clause",
            "and",
            "or",
            "coalesce",
            "logical-assign",
            "switch",
            "else",
            "labelled-jump",
            "goto",
            "recursion",
            "nested-function",
        ];
        NAMES[self as usize]
    }
}

/// One decision point: something that adds 1 to cyclomatic complexity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecisionPoint {
    /// What it is.
    pub kind: DecisionKind,
    /// Its keyword or operator token.
    pub span: Span,
    /// The nesting level where it stands in its function (0 at the top of the body), as
    /// cognitive complexity counts nesting.
    pub nesting: u32,
}

/// One cognitive complexity increment. A function's cognitive complexity is the sum of its
/// increments' `adds`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Increment {
    /// The construct.
    pub kind: DecisionKind,
    /// Its keyword or operator token (a recursive call's callee).
    pub span: Span,
    /// The nesting level where it stands in the function it is counted in (0 at the top).
    pub nesting: u32,
    /// What it adds: 1, plus `nesting` for the structures that nest (`if`, conditionals,
    /// loops, `switch`, `catch`); for a nested function (with nested functions included),
    /// what its increments add to this function.
    pub adds: u32,
}

/// Which counting conventions produced a file's numbers (the defaults are plumb's
/// definitions; see `docs/metrics.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Counting {
    /// How cyclomatic complexity counts a `switch`.
    pub variant: CyclomaticVariant,
    /// Whether `&&`, `||`, `and`, `or`, `??` and `&&=`, `||=`, `??=` are cyclomatic decision
    /// points (they still make cognitive complexity's boolean sequences).
    pub count_boolean_operators: bool,
    /// Whether nested functions count in the cognitive complexity of the function around them.
    pub nested_functions: NestedFunctions,
}

impl Default for Counting {
    fn default() -> Self {
        Self {
            variant: CyclomaticVariant::Classic,
            count_boolean_operators: true,
            nested_functions: NestedFunctions::Exclude,
        }
    }
}

/// How cyclomatic complexity counts a `switch`, `match`, `when` or `select`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum CyclomaticVariant {
    /// Each case label or arm but the catch-all adds 1 (McCabe).
    #[default]
    Classic,
    /// The whole `switch` adds 1, however many cases (lizard `-m`, pmccabe's modified
    /// column, ESLint's `variant: "modified"`).
    Modified,
}

impl CyclomaticVariant {
    /// `classic` or `modified`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Classic => "classic",
            Self::Modified => "modified",
        }
    }
}

/// Whether nested functions count in the cognitive complexity of the function around them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum NestedFunctions {
    /// Nested functions, closures, lambdas and the methods of local classes are their own
    /// units (SonarJS since 2024).
    #[default]
    Exclude,
    /// Their increments also count in the enclosing function, at its nesting + 1 (the 2017
    /// white paper; SonarJava, SonarC#): each nested function is one increment there.
    Include,
}

impl NestedFunctions {
    /// `exclude` or `include`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Exclude => "exclude",
            Self::Include => "include",
        }
    }
}

/// Metrics of one function (or of a file's top-level code, named `<module>`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionMetrics {
    /// The declared name, or a name derived from where an anonymous function stands.
    pub name: String,
    /// The name qualified by enclosing types, modules and functions (`Parser::parse_expr`).
    pub qualified_name: String,
    /// From the start of the declaration proper (after attributes and doc comments) to the end.
    pub span: Span,
    /// The signature: from the start of the declaration to the start of the body, without the
    /// comments that may stand before the body.
    pub signature: Span,
    /// McCabe cyclomatic complexity: 1 + decision points.
    pub cyclomatic: u32,
    /// SonarSource cognitive complexity.
    pub cognitive: u32,
    /// Physical lines of the span.
    pub lines: u32,
    /// Lines of code in the span.
    pub code: u32,
    /// Declared parameters, not counting `self`/`this`.
    pub params: u32,
    /// Deepest nesting of `if`s, loops, switches, catches and conditionals.
    pub max_nesting: u32,
    /// Explicit `return`s.
    pub returns: u32,
    /// Early exits that are not decisions (Rust `?`, optional chaining `?.`).
    pub early_exits: u32,
    /// The decision points in source order (those of nested functions are theirs):
    /// `cyclomatic = 1 + decision_points.len()`.
    pub decision_points: Vec<DecisionPoint>,
    /// The cognitive complexity increments in source order: `cognitive` is the sum of their
    /// `adds`.
    pub increments: Vec<Increment>,
    /// The index of the enclosing function in [`FileMetrics::functions`], if nested.
    pub parent: Option<usize>,
}

/// Metrics of one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileMetrics {
    /// The language it was analysed as.
    pub language: Language,
    /// Physical lines.
    pub lines: u32,
    /// Lines holding code (a line with code and a comment is code).
    pub code: u32,
    /// Lines holding only comments or docstrings.
    pub comments: u32,
    /// Lines holding only whitespace.
    pub blanks: u32,
    /// Functions in source order.
    pub functions: Vec<FunctionMetrics>,
    /// Syntax errors in the tree (ERROR and MISSING nodes); metrics come from the recovered tree.
    pub syntax_errors: u32,
    /// Where the first syntax error is.
    pub first_syntax_error: Option<Position>,
    /// Syntax errors that change what is measured. Where the language's declarations can be
    /// delimited from its tokens ([`Bounds`](plumb_lang::Bounds)), these are the functions
    /// whose body no measured function ends with (the parser could not read them), and the
    /// other errors are local: a function never runs on past the brace that closes its body.
    /// Elsewhere every syntax error counts.
    pub structural_errors: u32,
    /// Where the first of them is (the start of the function not read).
    pub first_structural_error: Option<Position>,
    /// Where each comment is, in source order (suppression comments are looked for there).
    pub comment_spans: Vec<Span>,
    /// The counting conventions the numbers were produced with.
    pub counting: Counting,
}

/// Analyses files, reusing one parser. Create one per thread.
pub struct Analyzer {
    parser: Parser,
    step_over: bool,
    /// The last file's trees, if it was small, freed when the next file is parsed rather than
    /// when its analysis returns. The parse that follows then takes its nodes from the chunks
    /// just freed; freed earlier, they would be merged by glibc's allocator at the next large
    /// allocation (the file's report, the next file's text) and split again by the parse. On
    /// Go's sources on one thread, `perf` counts 1–3% fewer samples in all and 4–6% fewer in
    /// the allocator.
    held: Vec<Piece>,
}

impl Default for Analyzer {
    fn default() -> Self {
        Self::new()
    }
}

impl Analyzer {
    /// A new analyzer.
    pub fn new() -> Self {
        Self { parser: Parser::new(), step_over: true, held: Vec::new() }
    }

    /// An analyzer that visits every node instead of stepping over quiet subtrees
    /// ([`Telltales`](plumb_lang::Telltales)). The metrics are the same, only slower to get: it
    /// is there for the tests that check so.
    pub fn visiting_every_node() -> Self {
        Self { parser: Parser::new(), step_over: false, held: Vec::new() }
    }

    /// Measures one file with plumb's definitions.
    pub fn analyze(&mut self, source: &[u8], language: Language) -> FileMetrics {
        self.analyze_with(source, language, Counting::default())
    }

    /// Measures one file with the given counting conventions.
    pub fn analyze_with(&mut self, source: &[u8], language: Language, counting: Counting) -> FileMetrics {
        self.held.clear();
        if language.is_component() {
            return component::analyze(&mut self.parser, source, language, (self.step_over, counting));
        }
        let spec = language.spec();
        let defines = spec.c_preprocessor.then(|| defines::without_comments_in_defines(source)).flatten();
        let (source, comment_rows) = defines
            .as_ref()
            .map_or((source, &[][..]), |defines| (&defines.source[..], &defines.comment_rows[..]));
        let blanked = spec.bounds.and_then(|bounds| bounds::without_export_macros(source, &bounds));
        let source = blanked.as_deref().unwrap_or(source);
        let grammar = language.grammar();
        // The grammars are linked in and their ABI versions are checked by tests, so this
        // cannot fail for a `Language`.
        let tree = self.parser.set_language(&grammar).ok().and_then(|()| self.parser.parse(source, None));
        match tree {
            Some(tree) => self.measure(tree, source, comment_rows, language, counting),
            None => unparsed(source, language, counting),
        }
    }

    /// Measures a parsed file. Where the tree has errors and the language's declarations can
    /// be delimited from its tokens, the tree is held to them ([`bounds`]).
    /// `comment_rows` are lines that held only comments blanked before the parse.
    fn measure(
        &mut self,
        tree: Tree,
        source: &[u8],
        comment_rows: &[usize],
        language: Language,
        counting: Counting,
    ) -> FileMetrics {
        if let Some(bounds) = language.spec().bounds.filter(|_| tree.root_node().has_error()) {
            let declarations = bounds::declarations(source, &bounds);
            let pieces =
                bounds::bounded(&mut self.parser, tree, source, &declarations, (&bounds, language.table()));
            let units = &declarations.units;
            let mut metrics =
                walk::measure(&pieces, source, (units, comment_rows), language, self.step_over, counting);
            bounds::count_unread(&mut metrics, source, units);
            self.hold(pieces, source.len());
            return metrics;
        }
        let pieces = [Piece::whole(tree)];
        let mut metrics =
            walk::measure(&pieces, source, (&[], comment_rows), language, self.step_over, counting);
        self.hold(pieces.into(), source.len());
        metrics.structural_errors = metrics.syntax_errors;
        metrics.first_structural_error = metrics.first_syntax_error;
        metrics
    }

    /// Keeps a small file's trees until the next file is parsed (see `held`).
    fn hold(&mut self, pieces: Vec<Piece>, size: usize) {
        if size <= HELD_SOURCE {
            self.held = pieces;
        }
    }
}

/// The largest source whose trees are kept until the next parse: a few MB of nodes at most.
const HELD_SOURCE: usize = 64 << 10;

/// What is known of a file the parser could not read: its physical lines, and one syntax error
/// at its start.
pub(crate) fn unparsed(source: &[u8], language: Language, counting: Counting) -> FileMetrics {
    FileMetrics {
        language,
        lines: lines::physical_lines(source),
        code: 0,
        comments: 0,
        blanks: 0,
        functions: Vec::new(),
        syntax_errors: 1,
        first_syntax_error: Some(Position { byte: 0, line: 1, column: 1, utf16_column: 1 }),
        structural_errors: 1,
        first_structural_error: Some(Position { byte: 0, line: 1, column: 1, utf16_column: 1 }),
        comment_spans: Vec::new(),
        counting,
    }
}

#[cfg(test)]
mod tests {
    use super::DecisionKind::{
        And, Case, Catch, Clause, Coalesce, Conditional, Else, ElseIf, Goto, Guard, If, Jump, LogicalAssign,
        Loop, NestedFunction, Or, Recursion, Switch,
    };

    #[test]
    fn each_decision_kind_has_its_own_name() {
        let named = [
            (If, "if"),
            (ElseIf, "else-if"),
            (Conditional, "conditional"),
            (Loop, "loop"),
            (Case, "case"),
            (Guard, "guard"),
            (Catch, "catch"),
            (Clause, "clause"),
            (And, "and"),
            (Or, "or"),
            (Coalesce, "coalesce"),
            (LogicalAssign, "logical-assign"),
            (Switch, "switch"),
            (Else, "else"),
            (Jump, "labelled-jump"),
            (Goto, "goto"),
            (Recursion, "recursion"),
            (NestedFunction, "nested-function"),
        ];
        for (kind, name) in named {
            assert_eq!(kind.as_str(), name, "{kind:?}");
        }
    }
}
