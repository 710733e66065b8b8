//! File detection: by extension, by shebang for extensionless scripts, and by content for `.h`,
//! from what each language claims in the language table (`lib.rs`).

use std::path::Path;

use crate::Language;

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

/// A `.h` file is C++ when it uses syntax C does not have.
fn header_language(head: &[u8]) -> Language {
    const CPP_ONLY: &[&[u8]] = &[
        b"class ",
        b"namespace ",
        b"template<",
        b"template <",
        b"public:",
        b"private:",
        b"protected:",
        b"std::",
        b"virtual ",
        b"constexpr ",
        b"nullptr",
        b"#include <iostream>",
    ];
    let is_cpp = CPP_ONLY.iter().any(|needle| head.windows(needle.len()).any(|window| window == *needle));
    if is_cpp { Language::Cpp } else { Language::C }
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
    }

    #[test]
    fn headers_by_content() {
        assert_eq!(detect_str("x.h", "int f(void);\n"), Some(Language::C));
        assert_eq!(detect_str("x.h", "namespace a { class B; }\n"), Some(Language::Cpp));
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
