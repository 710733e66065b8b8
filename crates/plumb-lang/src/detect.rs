//! File detection: by extension, by shebang for extensionless scripts, and by content for `.h`,
//! from what each language claims in the language table (`lib.rs`).

use std::path::Path;

use crate::tokens::{Scan, Token};
use crate::{Language, Lexis};

/// The language that claims something: an extension, a file name, an interpreter.
fn claiming(claims: fn(Language) -> &'static [&'static str], what: &str) -> Option<Language> {
    Language::ALL.iter().copied().find(|lang| claims(*lang).contains(&what))
}

pub(crate) fn detect(path: &Path, head: &[u8]) -> Option<Language> {
    let Some(ext) = path.extension().and_then(|ext| ext.to_str()) else {
        let name = path.file_name().and_then(|name| name.to_str());
        return name.and_then(|name| claiming(Language::file_names, name)).or_else(|| shebang(head));
    };
    let ext = ext.to_ascii_lowercase();
    if ext == "h" {
        return Some(header_language(head));
    }
    claiming(Language::extensions, &ext)
}

/// Extensions of files that only declare signatures: Python stubs. (TypeScript's `.d.ts`
/// needs none: the grammar reads its declarations as signatures, which are not functions.)
const STUB_EXTENSIONS: &[&str] = &["pyi"];

/// Whether a file only declares signatures, by its extension.
pub(crate) fn is_stub(path: &Path) -> bool {
    path.extension()
        .and_then(|ext| ext.to_str())
        .is_some_and(|ext| STUB_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()))
}

/// The language named by a `#!` line: `#!/usr/bin/python3`, `#!/usr/bin/env -S node --flag`.
fn shebang(head: &[u8]) -> Option<Language> {
    let line = head.strip_prefix(b"#!")?;
    let line = &line[..line.iter().position(|&b| b == b'\n').unwrap_or(line.len())];
    let line = std::str::from_utf8(line).ok()?;
    let mut words = line.split_whitespace();
    let mut program = words.next()?.rsplit('/').next()?;
    if program == "env" {
        program = words.find(|word| !word.starts_with('-'))?;
    }
    // `python3.11` is `python`.
    let program = program.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
    claiming(Language::interpreters, program)
}

/// A `.h` file is Objective-C when its code declares an interface, protocol or forward class
/// (`@interface`, `@protocol`, `@class`) or, being no C++, includes with `#import`; and C++
/// when its code (comments, literals and preprocessor lines aside, and of a
/// conditional only its first branch that holds code: libstdc++'s `#if __cplusplus < 201103L`
/// branch holds only an `#include`) uses syntax C does not have: a class (`class Name {`,
/// `class Name :`, `class Name;`), `namespace`, `template <`, an access specifier (`public:`),
/// or `::` outside an attribute (C23's `[[gnu::pure]]`). C code may name a variable `class` or
/// `new`, so keywords alone do not decide.
fn header_language(source: &[u8]) -> Language {
    let mut scan = Scan::new(source, Lexis::C, 0).first_branch_with_code();
    let mut window: [Option<Token<'_>>; 3] = [None; 3];
    let mut brackets = 0usize;
    while let Some(token) = scan.next() {
        window = [window[1], window[2], Some(token)];
        match token {
            Token::Punct(b'[') => brackets += 1,
            Token::Punct(b']') => brackets = brackets.saturating_sub(1),
            Token::Punct(b':') if brackets == 0 && source.get(scan.at) == Some(&b':') => {
                return Language::Cpp;
            }
            _ => {}
        }
        if is_cpp(window) {
            return Language::Cpp;
        }
        if let [_, Some(Token::Punct(b'@')), Some(Token::Word(b"interface" | b"protocol" | b"class"))] =
            window
        {
            return Language::ObjectiveC;
        }
    }
    if source.split(|&b| b == b'\n').any(|line| line.trim_ascii_start().starts_with(b"#import")) {
        return Language::ObjectiveC;
    }
    Language::C
}

/// Whether three tokens in a row are C++ only.
fn is_cpp(window: [Option<Token<'_>>; 3]) -> bool {
    use Token::{Punct, Word};
    match window {
        [Some(Word(b"class")), Some(Word(_)), Some(Punct(b'{' | b':' | b';'))]
        | [_, Some(Word(b"namespace")), Some(Word(_) | Punct(b'{'))]
        | [_, Some(Word(b"template")), Some(Punct(b'<'))] => true,
        // `public:` then a declaration, not a bit-field `public : 1;` (its number is skipped).
        [Some(Word(b"public" | b"private" | b"protected")), Some(Punct(b':')), Some(next)] => {
            !matches!(next, Punct(b';' | b','))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detect_str(path: &str, head: &str) -> Option<Language> {
        detect(Path::new(path), head.as_bytes())
    }

    #[test]
    fn by_extension() {
        assert_eq!(detect_str("a/b.rs", ""), Some(Language::Rust));
        assert_eq!(detect_str("x.PY", ""), Some(Language::Python));
        assert_eq!(detect_str("x.jsx", ""), Some(Language::JavaScript));
        assert_eq!(detect_str("x.mts", ""), Some(Language::TypeScript));
        assert_eq!(detect_str("x.tsx", ""), Some(Language::Tsx));
        assert_eq!(detect_str("x.hpp", ""), Some(Language::Cpp));
        assert_eq!(detect_str("x.cs", ""), Some(Language::CSharp));
        assert_eq!(detect_str("x.txt", ""), None);
        assert_eq!(detect_str("Makefile", "all:\n"), None);
        assert_eq!(detect_str("x.kt", ""), Some(Language::Kotlin));
        assert_eq!(detect_str("deploy/run.sh", ""), Some(Language::Bash));
        assert_eq!(detect_str("app/Rakefile", ""), Some(Language::Ruby));
        assert_eq!(detect_str("lib/cart.dart", ""), Some(Language::Dart));
        assert_eq!(detect_str("src/Cart.hs", ""), Some(Language::Haskell));
        assert_eq!(detect_str("src/cart.zig", ""), Some(Language::Zig));
        assert_eq!(detect_str("tools/Build.ps1", ""), Some(Language::PowerShell));
        assert_eq!(detect_str("src/cart.f90", ""), Some(Language::Fortran));
        assert_eq!(detect_str("lib/cart.ex", ""), Some(Language::Elixir));
        assert_eq!(detect_str("mix.exs", ""), Some(Language::Elixir));
        assert_eq!(detect_str("R/cart.R", ""), Some(Language::R));
        assert_eq!(detect_str("tests/cart.r", ""), Some(Language::R));
        assert_eq!(detect_str("home/.Rprofile", ""), Some(Language::R));
        assert_eq!(detect_str("src/cart.ml", ""), Some(Language::OCaml));
        assert_eq!(detect_str("contracts/Cart.sol", ""), Some(Language::Solidity));
        assert_eq!(detect_str("src/cart.erl", ""), Some(Language::Erlang));
        assert_eq!(detect_str("include/cart.hrl", ""), Some(Language::Erlang));
        assert_eq!(detect_str("bin/release.escript", ""), Some(Language::Erlang));
        assert_eq!(detect_str("src/cart.jl", ""), Some(Language::Julia));
        assert_eq!(detect_str("scenes/cart.gd", ""), Some(Language::GDScript));
        assert_eq!(detect_str("src/components/App.vue", ""), Some(Language::Vue));
        assert_eq!(detect_str("src/lib/Button.svelte", ""), Some(Language::Svelte));
        assert_eq!(detect_str("src/Cart.elm", ""), Some(Language::Elm));
    }

    #[test]
    fn headers_by_content() {
        assert_eq!(detect_str("x.h", "int f(void);\n"), Some(Language::C));
        assert_eq!(detect_str("x.h", "namespace a { class B; }\n"), Some(Language::Cpp));
        // Far from the start, after a licence comment, as in /usr/include/FlexLexer.h.
        let licence = format!("/*{}*/\n", " This class is free software.\n".repeat(100));
        assert_eq!(
            detect_str("x.h", &format!("{licence}class FlexLexer {{\npublic:\n}};\n")),
            Some(Language::Cpp)
        );
        assert_eq!(detect_str("x.h", &format!("{licence}int std::f(int);\n")), Some(Language::Cpp));
        assert_eq!(detect_str("x.h", "template <typename T> T max(T a, T b);\n"), Some(Language::Cpp));
        assert_eq!(detect_str("x.m", ""), Some(Language::ObjectiveC));
        assert_eq!(
            detect_str("x.h", "#import <Foundation/Foundation.h>\n@interface Cart : NSObject\n@end\n"),
            Some(Language::ObjectiveC)
        );
        assert_eq!(detect_str("x.h", "@class Cart;\nvoid f(Cart *c);\n"), Some(Language::ObjectiveC));
        assert_eq!(
            detect_str("x.h", "#import <Foundation/Foundation.h>\nRCT_EXTERN BOOL RCTIsMainQueue(void);\n"),
            Some(Language::ObjectiveC)
        );
        // libstdc++'s headers for C++11 and later: the first branch only warns.
        let std_function = "#pragma GCC system_header\n#if __cplusplus < 201103L\n\
                            # include <bits/c++0x_warning.h>\n#else\n#include <typeinfo>\n\
                            namespace std _GLIBCXX_VISIBILITY(default)\n{\n}\n#endif\n";
        assert_eq!(detect_str("std_function.h", std_function), Some(Language::Cpp));
        // A C header whose C++ wrapper is in a later branch stays C.
        let wrapped = "#ifndef __cplusplus\nint f(void);\n#else\nnamespace c { int f(); }\n#endif\n";
        assert_eq!(detect_str("x.h", wrapped), Some(Language::C));
        // In a comment or a string, `@interface` is not code.
        assert_eq!(detect_str("x.h", "/* @interface */ const char *s = \"@protocol\";\n"), Some(Language::C));
    }

    #[test]
    fn c_headers_that_use_cpp_words_stay_c() {
        // The Linux kernel names variables `class` and `new`, and bit-fields `public`; C23
        // attributes hold `::`; comments and strings say anything.
        let c = [
            "struct lock_class *class;\nint new = class->key;\n",
            "struct flags { unsigned public:1; unsigned private : 1, other : 1; };\n",
            "[[gnu::always_inline]] static inline int f(void);\n",
            "/* a class Foo { public: } */\nconst char *s = \"namespace std::x\";\n",
            "#define TEMPLATE template <\nint x;\n",
        ];
        for source in c {
            assert_eq!(detect_str("x.h", source), Some(Language::C), "{source}");
        }
    }

    #[test]
    fn by_shebang() {
        assert_eq!(detect_str("bin/tool", "#!/usr/bin/env python3\nprint(1)\n"), Some(Language::Python));
        assert_eq!(detect_str("bin/tool", "#!/usr/bin/python3.11 -u\n"), Some(Language::Python));
        assert_eq!(
            detect_str("bin/tool", "#!/usr/bin/env -S node --no-warnings\n"),
            Some(Language::JavaScript)
        );
        assert_eq!(detect_str("bin/tool", "#!/bin/sh\n"), Some(Language::Bash));
        assert_eq!(detect_str("bin/tool", "#!/usr/bin/env ruby\n"), Some(Language::Ruby));
        assert_eq!(detect_str("bin/tool", "#!/usr/bin/env dart\nvoid main() {}\n"), Some(Language::Dart));
        assert_eq!(detect_str("bin/tool", "#!/usr/bin/env runhaskell\n"), Some(Language::Haskell));
        assert_eq!(detect_str("bin/tool", "#!/usr/bin/env pwsh\n"), Some(Language::PowerShell));
        assert_eq!(detect_str("bin/tool", "#!/usr/bin/env elixir\nIO.puts(1)\n"), Some(Language::Elixir));
        assert_eq!(detect_str("bin/tool", "#!/usr/bin/env Rscript\nprint(1)\n"), Some(Language::R));
        assert_eq!(detect_str("bin/tool", "#!/usr/bin/Rscript --vanilla\nprint(1)\n"), Some(Language::R));
        assert_eq!(detect_str("bin/tool", "#!/usr/bin/env ocaml\n"), Some(Language::OCaml));
        assert_eq!(detect_str("bin/tool", "#!/usr/bin/env escript\n"), Some(Language::Erlang));
        assert_eq!(detect_str("bin/tool", "#!/usr/bin/env julia\nprintln(1)\n"), Some(Language::Julia));
        assert_eq!(detect_str("bin/tool", "#!/usr/bin/perl\n"), None);
        assert_eq!(detect_str("bin/tool", "no shebang"), None);
    }

    /// Two languages claiming one extension, file name or interpreter would leave one of them
    /// unreachable by it.
    #[test]
    fn each_claim_belongs_to_one_language() {
        for claims in [Language::extensions, Language::file_names, Language::interpreters] {
            let mut seen = std::collections::HashMap::new();
            for &lang in Language::ALL {
                for &claim in claims(lang) {
                    if let Some(other) = seen.insert(claim, lang) {
                        panic!("`{claim}` is claimed by {other} and {lang}");
                    }
                }
            }
        }
        assert!(
            Language::ALL
                .iter()
                .flat_map(|lang| lang.extensions())
                .all(|ext| *ext == ext.to_ascii_lowercase())
        );
    }
}
