//! Languages plumb measures: file detection, tree-sitter grammars, and each language's table of
//! syntax roles.
//!
//! An internal component of plumb, not published: its API follows plumb's needs. What plumb
//! keeps stable is its command line, exit codes and documented output formats (`docs/json.md`).
//!
//! ```
//! use plumb_lang::Language;
//!
//! let lang = Language::from_path("src/main.rs".as_ref(), b"fn main() {}").unwrap();
//! assert_eq!(lang, Language::Rust);
//! assert_eq!(lang.name(), "Rust");
//! // The compiled table answers "what role does this node kind play?" by kind id.
//! let table = lang.table();
//! assert!(!table.spec().functions.is_empty());
//! ```
//!
//! A language is a [`LangSpec`]: data, not code. `plumb-metrics` turns the roles into numbers
//! with one walk that serves every language.
//!
//! What the crate offers: [`Language`] (detection, ids and names, its grammar, its spec), the
//! spec types, and the compiled table the walk queries ([`Language::table`]: a [`KindTable`]'s
//! answers and each kind's [`KindInfo`] roles). Building a table, and what a table keeps to
//! answer, are this crate's own. tree-sitter's types come from the `tree-sitter` crate, which
//! users depend on themselves (the workspace pins one version).

pub mod children;
pub mod compares;
mod component;
mod detect;
mod languages;
mod spec;
mod table;
pub mod tokens;

use std::sync::OnceLock;

use tree_sitter_language::LanguageFn;

pub use component::Scripts;
pub use spec::{
    Arity, BoolOp, Bounds, CallRole, CatchAll, Declarators, FnName, Func, LangSpec, Lexis, Loop,
    LoopCondition, Telltales, Types,
};
pub use table::{CallPart, FieldId, Fields, KindInfo, KindTable, Roles, Stepping, UnknownName};

/// Generates [`Language`], [`Language::ALL`] and each language's facts from one row per
/// language.
macro_rules! languages {
    ($(
        $(#[$doc:meta])*
        $variant:ident = $id:literal, $name:literal, $grammar:path, $spec:path,
        crate $crate_name:literal $crate_version:literal,
        extensions [$($extension:literal),*], names [$($file_name:literal),*],
        interpreters [$($interpreter:literal),*];
    )*) => {
        /// A language plumb can measure.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Language {
            $($(#[$doc])* $variant,)*
        }

        impl Language {
            /// Every language, in display order.
            pub const ALL: &'static [Language] = &[$(Language::$variant),*];
        }

        /// Every language's facts, in [`Language`] order.
        static INFO: [Info; Language::ALL.len()] = [$(Info {
            id: $id,
            name: $name,
            grammar: $grammar,
            grammar_crate: ($crate_name, $crate_version),
            spec: &$spec,
            extensions: &[$($extension),*],
            file_names: &[$($file_name),*],
            interpreters: &[$($interpreter),*],
        }),*];
    };
}

// The language table, in display order. A row: the variant, its id (in machine output and
// configuration), its name, its grammar, its table (`languages/`), the extensions it claims
// (`.h` is C's, and C++'s by content: `detect::header_language`), the files it claims by name,
// and the interpreters of the `#!` lines it claims, with the grammar's crate and the version
// Cargo.lock pins (a test checks it). Adding a language: its grammar in the two
// `Cargo.toml`s, its table in `languages/`, one row here, and a fixture in
// `crates/plumb-metrics/tests/fixtures/`.
languages! {
    /// Rust.
    Rust = "rust", "Rust", tree_sitter_rust::LANGUAGE, languages::rust::SPEC,
        crate "tree-sitter-rust" "0.24.2",
        extensions ["rs"], names [], interpreters [];
    /// Python.
    Python = "python", "Python", tree_sitter_python::LANGUAGE, languages::python::SPEC,
        crate "tree-sitter-python" "0.25.0",
        extensions ["py", "pyi", "pyw"], names [], interpreters ["python", "pypy"];
    /// JavaScript, including JSX.
    JavaScript = "javascript", "JavaScript", tree_sitter_javascript::LANGUAGE, languages::javascript::SPEC,
        crate "tree-sitter-javascript" "0.25.0",
        extensions ["js", "jsx", "mjs", "cjs"], names [], interpreters ["node", "nodejs"];
    /// TypeScript.
    TypeScript = "typescript", "TypeScript", tree_sitter_typescript::LANGUAGE_TYPESCRIPT,
        languages::typescript::SPEC,
        crate "tree-sitter-typescript" "0.23.2",
        extensions ["ts", "mts", "cts"], names [], interpreters ["deno", "ts-node", "tsx", "bun"];
    /// TypeScript with JSX.
    Tsx = "tsx", "TSX", tree_sitter_typescript::LANGUAGE_TSX, languages::typescript::SPEC,
        crate "tree-sitter-typescript" "0.23.2",
        extensions ["tsx"], names [], interpreters [];
    /// Go.
    Go = "go", "Go", tree_sitter_go::LANGUAGE, languages::go::SPEC,
        crate "tree-sitter-go" "0.25.0",
        extensions ["go"], names [], interpreters [];
    /// Java.
    Java = "java", "Java", tree_sitter_java::LANGUAGE, languages::java::SPEC,
        crate "tree-sitter-java" "0.23.5",
        extensions ["java"], names [], interpreters [];
    /// C.
    C = "c", "C", tree_sitter_c::LANGUAGE, languages::c::SPEC,
        crate "tree-sitter-c" "0.24.2",
        extensions ["c", "h"], names [], interpreters [];
    /// C++.
    Cpp = "cpp", "C++", tree_sitter_cpp::LANGUAGE, languages::cpp::SPEC,
        crate "tree-sitter-cpp" "0.23.4",
        extensions ["cc", "cpp", "cxx", "c++", "hh", "hpp", "hxx", "h++", "ipp", "tcc", "inl"], names [],
        interpreters [];
    /// C#.
    CSharp = "csharp", "C#", tree_sitter_c_sharp::LANGUAGE, languages::csharp::SPEC,
        crate "tree-sitter-c-sharp" "0.23.5",
        extensions ["cs"], names [], interpreters [];
    /// Ruby.
    Ruby = "ruby", "Ruby", tree_sitter_ruby::LANGUAGE, languages::ruby::SPEC,
        crate "tree-sitter-ruby" "0.23.1",
        extensions ["rb", "rake", "gemspec", "ru"],
        names ["Rakefile", "Gemfile", "Guardfile", "Vagrantfile", "Podfile"], interpreters ["ruby"];
    // With HTML: text outside `<?php ... ?>` is HTML, not code.
    /// PHP.
    Php = "php", "PHP", tree_sitter_php::LANGUAGE_PHP, languages::php::SPEC,
        crate "tree-sitter-php" "0.25.1",
        extensions ["php", "phtml", "php8"], names [], interpreters ["php"];
    /// Kotlin.
    Kotlin = "kotlin", "Kotlin", tree_sitter_kotlin_ng::LANGUAGE, languages::kotlin::SPEC,
        crate "tree-sitter-kotlin-ng" "1.1.0",
        extensions ["kt", "kts"], names [], interpreters ["kotlin"];
    /// Swift.
    Swift = "swift", "Swift", tree_sitter_swift::LANGUAGE, languages::swift::SPEC,
        crate "tree-sitter-swift" "0.7.4",
        extensions ["swift"], names [], interpreters [];
    /// Scala.
    Scala = "scala", "Scala", tree_sitter_scala::LANGUAGE, languages::scala::SPEC,
        crate "tree-sitter-scala" "0.26.9",
        extensions ["scala", "sc"], names [], interpreters ["scala"];
    /// Lua.
    Lua = "lua", "Lua", tree_sitter_lua::LANGUAGE, languages::lua::SPEC,
        crate "tree-sitter-lua" "0.5.0",
        extensions ["lua"], names [], interpreters ["lua", "luajit"];
    /// Bash and POSIX shell.
    Bash = "bash", "Bash", tree_sitter_bash::LANGUAGE, languages::bash::SPEC,
        crate "tree-sitter-bash" "0.25.1",
        extensions ["sh", "bash"], names [], interpreters ["bash", "sh", "dash", "ksh"];
    /// Objective-C.
    ObjectiveC = "objc", "Objective-C", tree_sitter_objc::LANGUAGE, languages::objc::SPEC,
        crate "tree-sitter-objc" "3.0.2",
        extensions ["m"], names [], interpreters [];
    /// Dart.
    Dart = "dart", "Dart", tree_sitter_dart::LANGUAGE, languages::dart::SPEC,
        crate "tree-sitter-dart" "0.3.0",
        extensions ["dart"], names [], interpreters ["dart"];
    /// Haskell.
    Haskell = "haskell", "Haskell", tree_sitter_haskell::LANGUAGE, languages::haskell::SPEC,
        crate "tree-sitter-haskell" "0.24.1",
        extensions ["hs"], names [], interpreters ["runhaskell", "runghc"];
    /// Zig.
    Zig = "zig", "Zig", tree_sitter_zig::LANGUAGE, languages::zig::SPEC,
        crate "tree-sitter-zig" "1.1.2",
        extensions ["zig"], names [], interpreters [];
    /// PowerShell.
    PowerShell = "powershell", "PowerShell", tree_sitter_powershell::LANGUAGE, languages::powershell::SPEC,
        crate "tree-sitter-powershell" "0.26.6",
        extensions ["ps1", "psm1", "psd1"], names [], interpreters ["pwsh", "powershell"];
    /// Fortran, free form.
    Fortran = "fortran", "Fortran", tree_sitter_fortran::LANGUAGE, languages::fortran::SPEC,
        crate "tree-sitter-fortran" "0.6.0",
        extensions ["f90", "f95", "f03", "f08"], names [], interpreters [];
    /// Elixir.
    Elixir = "elixir", "Elixir", tree_sitter_elixir::LANGUAGE, languages::elixir::SPEC,
        crate "tree-sitter-elixir" "0.3.5",
        extensions ["ex", "exs"], names [], interpreters ["elixir"];
    /// R.
    R = "r", "R", tree_sitter_r::LANGUAGE, languages::r::SPEC,
        crate "tree-sitter-r" "1.3.0",
        extensions ["r"], names [".Rprofile"], interpreters ["Rscript"];
    /// OCaml.
    OCaml = "ocaml", "OCaml", tree_sitter_ocaml::LANGUAGE_OCAML, languages::ocaml::SPEC,
        crate "tree-sitter-ocaml" "0.26.0",
        extensions ["ml"], names [], interpreters ["ocaml"];
    /// Solidity.
    Solidity = "solidity", "Solidity", tree_sitter_solidity::LANGUAGE, languages::solidity::SPEC,
        crate "tree-sitter-solidity" "1.2.13",
        extensions ["sol"], names [], interpreters [];
    /// Erlang.
    Erlang = "erlang", "Erlang", tree_sitter_erlang::LANGUAGE, languages::erlang::SPEC,
        crate "tree-sitter-erlang" "0.21.0",
        extensions ["erl", "hrl", "escript"], names [], interpreters ["escript"];
    /// Julia.
    Julia = "julia", "Julia", tree_sitter_julia::LANGUAGE, languages::julia::SPEC,
        crate "tree-sitter-julia" "0.23.1",
        extensions ["jl"], names [], interpreters ["julia"];
    /// GDScript, Godot's scripting language.
    GDScript = "gdscript", "GDScript", tree_sitter_gdscript::LANGUAGE, languages::gdscript::SPEC,
        crate "tree-sitter-gdscript" "6.1.0",
        extensions ["gd"], names [], interpreters [];
    // A component's scripts are measured as JavaScript or TypeScript (`component.rs`); its
    // table names only the markup's comments.
    /// Vue single-file components.
    Vue = "vue", "Vue", tree_sitter_vue_next::LANGUAGE, languages::vue::SPEC,
        crate "tree-sitter-vue-next" "0.1.0",
        extensions ["vue"], names [], interpreters [];
    /// Svelte components.
    Svelte = "svelte", "Svelte", tree_sitter_svelte_ng::LANGUAGE, languages::svelte::SPEC,
        crate "tree-sitter-svelte-ng" "1.0.2",
        extensions ["svelte"], names [], interpreters [];
    /// Elm.
    Elm = "elm", "Elm", tree_sitter_elm::LANGUAGE, languages::elm::SPEC,
        crate "tree-sitter-elm" "5.9.4",
        extensions ["elm"], names [], interpreters [];
}

impl Language {
    /// The stable identifier used in machine output and configuration (`rust`, `cpp`, `csharp`).
    pub fn id(self) -> &'static str {
        INFO[self as usize].id
    }

    /// The human name (`C++`, `C#`).
    pub fn name(self) -> &'static str {
        INFO[self as usize].name
    }

    /// The language with this [`id`](Self::id).
    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|lang| lang.id() == id)
    }

    /// The tree-sitter grammar.
    pub fn grammar(self) -> tree_sitter::Language {
        INFO[self as usize].grammar.into()
    }

    /// The crate of the tree-sitter grammar and its version (`("tree-sitter-rust", "0.24.2")`).
    pub fn grammar_crate(self) -> (&'static str, &'static str) {
        INFO[self as usize].grammar_crate
    }

    /// The language's role table, as written.
    pub fn spec(self) -> &'static LangSpec {
        INFO[self as usize].spec
    }

    /// The role table compiled against the grammar, built once per process.
    pub fn table(self) -> &'static KindTable {
        static TABLES: [OnceLock<KindTable>; Language::ALL.len()] =
            [const { OnceLock::new() }; Language::ALL.len()];
        TABLES[self as usize].get_or_init(|| KindTable::build(self.spec(), &self.grammar()).0)
    }

    /// Names in the table that the grammar does not have (empty for a correct table).
    pub fn unknown_names(self) -> Vec<UnknownName> {
        KindTable::build(self.spec(), &self.grammar()).1
    }

    /// Detects the language of a file from its name, and for extensionless scripts and `.h`
    /// headers from its content: `head` is the file, or its first bytes (a `#!` line is read
    /// at the start; a header is C++ when its code uses syntax C does not have, wherever it is).
    pub fn from_path(path: &std::path::Path, head: &[u8]) -> Option<Self> {
        detect::detect(path, head)
    }

    /// Whether a file only declares signatures (a Python stub, `.pyi`): its functions have no
    /// bodies and are not measured.
    pub fn is_stub(path: &std::path::Path) -> bool {
        detect::is_stub(path)
    }

    /// The file extensions this language claims.
    pub fn extensions(self) -> &'static [&'static str] {
        INFO[self as usize].extensions
    }

    /// The files this language claims by name (`Rakefile`).
    pub fn file_names(self) -> &'static [&'static str] {
        INFO[self as usize].file_names
    }

    /// The interpreters of the `#!` lines this language claims (`python`).
    pub fn interpreters(self) -> &'static [&'static str] {
        INFO[self as usize].interpreters
    }
}

/// What plumb knows of one language.
struct Info {
    id: &'static str,
    name: &'static str,
    grammar: LanguageFn,
    /// The grammar's crate and its version.
    grammar_crate: (&'static str, &'static str),
    spec: &'static LangSpec,
    /// The file extensions it claims, in lower case.
    extensions: &'static [&'static str],
    /// The files it claims by name.
    file_names: &'static [&'static str],
    /// The interpreters of the `#!` lines it claims.
    interpreters: &'static [&'static str],
}

impl std::fmt::Display for Language {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_its_own_facts_in_order() {
        let ids: Vec<&str> = Language::ALL.iter().map(|lang| lang.id()).collect();
        assert_eq!(
            ids,
            [
                "rust",
                "python",
                "javascript",
                "typescript",
                "tsx",
                "go",
                "java",
                "c",
                "cpp",
                "csharp",
                "ruby",
                "php",
                "kotlin",
                "swift",
                "scala",
                "lua",
                "bash",
                "objc",
                "dart",
                "haskell",
                "zig",
                "powershell",
                "fortran",
                "elixir",
                "r",
                "ocaml",
                "solidity",
                "erlang",
                "julia",
                "gdscript",
                "vue",
                "svelte",
                "elm"
            ]
        );
        for (index, lang) in Language::ALL.iter().enumerate() {
            assert_eq!(*lang as usize, index, "{lang}: ALL is in declaration order");
            assert_eq!(Language::from_id(lang.id()), Some(*lang));
        }
        assert_eq!(
            (Language::Cpp.name(), Language::CSharp.name(), Language::Tsx.name()),
            ("C++", "C#", "TSX")
        );
    }
}
