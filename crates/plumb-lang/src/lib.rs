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

mod detect;
mod languages;
mod spec;
mod table;

use std::sync::OnceLock;

use tree_sitter_language::LanguageFn;

pub use spec::{BoolOp, CatchAll, Declarators, FnName, Func, LangSpec, Loop, LoopCondition, Telltales};
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
    /// headers from its first bytes.
    pub fn from_path(path: &std::path::Path, head: &[u8]) -> Option<Self> {
        detect::detect(path, head)
    }

    /// The file extensions this language claims.
    pub fn extensions(self) -> &'static [&'static str] {
        detect::extensions(self)
    }
}

/// What plumb knows of one language.
struct Info {
    id: &'static str,
    name: &'static str,
    grammar: LanguageFn,
    spec: &'static LangSpec,
}

/// Every language's facts, in [`Language`] order (a test checks the order).
static INFO: [Info; Language::ALL.len()] = [
    Info { id: "rust", name: "Rust", grammar: tree_sitter_rust::LANGUAGE, spec: &languages::rust::SPEC },
    Info {
        id: "python",
        name: "Python",
        grammar: tree_sitter_python::LANGUAGE,
        spec: &languages::python::SPEC,
    },
    Info {
        id: "javascript",
        name: "JavaScript",
        grammar: tree_sitter_javascript::LANGUAGE,
        spec: &languages::javascript::SPEC,
    },
    Info {
        id: "typescript",
        name: "TypeScript",
        grammar: tree_sitter_typescript::LANGUAGE_TYPESCRIPT,
        spec: &languages::typescript::SPEC,
    },
    Info {
        id: "tsx",
        name: "TSX",
        grammar: tree_sitter_typescript::LANGUAGE_TSX,
        spec: &languages::typescript::SPEC,
    },
    Info { id: "go", name: "Go", grammar: tree_sitter_go::LANGUAGE, spec: &languages::go::SPEC },
    Info { id: "java", name: "Java", grammar: tree_sitter_java::LANGUAGE, spec: &languages::java::SPEC },
    Info { id: "c", name: "C", grammar: tree_sitter_c::LANGUAGE, spec: &languages::c::SPEC },
    Info { id: "cpp", name: "C++", grammar: tree_sitter_cpp::LANGUAGE, spec: &languages::cpp::SPEC },
    Info { id: "csharp", name: "C#", grammar: tree_sitter_c_sharp::LANGUAGE, spec: &languages::csharp::SPEC },
    Info { id: "ruby", name: "Ruby", grammar: tree_sitter_ruby::LANGUAGE, spec: &languages::ruby::SPEC },
    // With HTML: text outside `<?php ... ?>` is HTML, not code.
    Info { id: "php", name: "PHP", grammar: tree_sitter_php::LANGUAGE_PHP, spec: &languages::php::SPEC },
    Info {
        id: "kotlin",
        name: "Kotlin",
        grammar: tree_sitter_kotlin_ng::LANGUAGE,
        spec: &languages::kotlin::SPEC,
    },
    Info { id: "swift", name: "Swift", grammar: tree_sitter_swift::LANGUAGE, spec: &languages::swift::SPEC },
    Info { id: "scala", name: "Scala", grammar: tree_sitter_scala::LANGUAGE, spec: &languages::scala::SPEC },
    Info { id: "lua", name: "Lua", grammar: tree_sitter_lua::LANGUAGE, spec: &languages::lua::SPEC },
    Info { id: "bash", name: "Bash", grammar: tree_sitter_bash::LANGUAGE, spec: &languages::bash::SPEC },
];

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
                "bash"
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
