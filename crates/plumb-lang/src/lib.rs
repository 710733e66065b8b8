//! Languages plumb measures: file detection, tree-sitter grammars, and each language's table of
//! syntax roles.
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

mod detect;
mod languages;
mod spec;
mod table;

use std::sync::OnceLock;

pub use spec::{BoolOp, CatchAll, Declarators, FnName, Func, LangSpec, Loop, LoopCondition};
pub use table::{FieldId, Fields, KindInfo, KindTable, LoopCond, Roles, UnknownName};
pub use tree_sitter;

/// A language plumb can measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Language {
    /// Rust.
    Rust,
    /// Python.
    Python,
    /// JavaScript, including JSX.
    JavaScript,
    /// TypeScript.
    TypeScript,
    /// TypeScript with JSX.
    Tsx,
    /// Go.
    Go,
    /// Java.
    Java,
    /// C.
    C,
    /// C++.
    Cpp,
    /// C#.
    CSharp,
    /// Ruby.
    Ruby,
    /// PHP.
    Php,
    /// Kotlin.
    Kotlin,
    /// Swift.
    Swift,
    /// Scala.
    Scala,
    /// Lua.
    Lua,
    /// Bash and POSIX shell.
    Bash,
}

impl Language {
    /// Every language, in display order.
    pub const ALL: &'static [Language] = &[
        Language::Rust,
        Language::Python,
        Language::JavaScript,
        Language::TypeScript,
        Language::Tsx,
        Language::Go,
        Language::Java,
        Language::C,
        Language::Cpp,
        Language::CSharp,
        Language::Ruby,
        Language::Php,
        Language::Kotlin,
        Language::Swift,
        Language::Scala,
        Language::Lua,
        Language::Bash,
    ];

    /// The stable identifier used in machine output and configuration (`rust`, `cpp`, `csharp`).
    pub const fn id(self) -> &'static str {
        match self {
            Self::Rust => "rust",
            Self::Python => "python",
            Self::JavaScript => "javascript",
            Self::TypeScript => "typescript",
            Self::Tsx => "tsx",
            Self::Go => "go",
            Self::Java => "java",
            Self::C => "c",
            Self::Cpp => "cpp",
            Self::CSharp => "csharp",
            Self::Ruby => "ruby",
            Self::Php => "php",
            Self::Kotlin => "kotlin",
            Self::Swift => "swift",
            Self::Scala => "scala",
            Self::Lua => "lua",
            Self::Bash => "bash",
        }
    }

    /// The human name (`C++`, `C#`).
    pub const fn name(self) -> &'static str {
        match self {
            Self::Rust => "Rust",
            Self::Python => "Python",
            Self::JavaScript => "JavaScript",
            Self::TypeScript => "TypeScript",
            Self::Tsx => "TSX",
            Self::Go => "Go",
            Self::Java => "Java",
            Self::C => "C",
            Self::Cpp => "C++",
            Self::CSharp => "C#",
            Self::Ruby => "Ruby",
            Self::Php => "PHP",
            Self::Kotlin => "Kotlin",
            Self::Swift => "Swift",
            Self::Scala => "Scala",
            Self::Lua => "Lua",
            Self::Bash => "Bash",
        }
    }

    /// The language with this [`id`](Self::id).
    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|lang| lang.id() == id)
    }

    /// The tree-sitter grammar.
    pub fn grammar(self) -> tree_sitter::Language {
        match self {
            Self::Rust => tree_sitter_rust::LANGUAGE.into(),
            Self::Python => tree_sitter_python::LANGUAGE.into(),
            Self::JavaScript => tree_sitter_javascript::LANGUAGE.into(),
            Self::TypeScript => tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
            Self::Tsx => tree_sitter_typescript::LANGUAGE_TSX.into(),
            Self::Go => tree_sitter_go::LANGUAGE.into(),
            Self::Java => tree_sitter_java::LANGUAGE.into(),
            Self::C => tree_sitter_c::LANGUAGE.into(),
            Self::Cpp => tree_sitter_cpp::LANGUAGE.into(),
            Self::CSharp => tree_sitter_c_sharp::LANGUAGE.into(),
            Self::Ruby => tree_sitter_ruby::LANGUAGE.into(),
            // With HTML: text outside `<?php ... ?>` is HTML, not code.
            Self::Php => tree_sitter_php::LANGUAGE_PHP.into(),
            Self::Kotlin => tree_sitter_kotlin_ng::LANGUAGE.into(),
            Self::Swift => tree_sitter_swift::LANGUAGE.into(),
            Self::Scala => tree_sitter_scala::LANGUAGE.into(),
            Self::Lua => tree_sitter_lua::LANGUAGE.into(),
            Self::Bash => tree_sitter_bash::LANGUAGE.into(),
        }
    }

    /// The language's role table, as written.
    pub fn spec(self) -> &'static LangSpec {
        match self {
            Self::Rust => &languages::rust::SPEC,
            Self::Python => &languages::python::SPEC,
            Self::JavaScript => &languages::javascript::SPEC,
            Self::TypeScript | Self::Tsx => &languages::typescript::SPEC,
            Self::Go => &languages::go::SPEC,
            Self::Java => &languages::java::SPEC,
            Self::C => &languages::c::SPEC,
            Self::Cpp => &languages::cpp::SPEC,
            Self::CSharp => &languages::csharp::SPEC,
            Self::Ruby => &languages::ruby::SPEC,
            Self::Php => &languages::php::SPEC,
            Self::Kotlin => &languages::kotlin::SPEC,
            Self::Swift => &languages::swift::SPEC,
            Self::Scala => &languages::scala::SPEC,
            Self::Lua => &languages::lua::SPEC,
            Self::Bash => &languages::bash::SPEC,
        }
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
    /// headers from its first bytes.
    pub fn from_path(path: &std::path::Path, head: &[u8]) -> Option<Self> {
        detect::detect(path, head)
    }

    /// The file extensions this language claims.
    pub fn extensions(self) -> &'static [&'static str] {
        detect::extensions(self)
    }
}

impl std::fmt::Display for Language {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}
