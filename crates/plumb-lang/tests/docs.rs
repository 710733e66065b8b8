//! `docs/languages.md` is generated from the language tables; this test fails when it is stale.
//! Regenerate it with `PLUMB_BLESS=1 cargo test -p plumb-lang --test docs`.

use std::fmt::Write as _;

use plumb_lang::{CallRole, CatchAll, FnName, Language, Lexis, LoopCondition};

/// Grammars considered for more languages and left out, with why: a grammar is taken when its
/// crate builds against the workspace's tree-sitter through `tree-sitter-language`.
const CANDIDATES: &str = "\n\
A language's grammar is a crate that builds against the workspace's tree-sitter (0.27) through
`tree-sitter-language`, without a `tree-sitter` dependency of its own (two versions of the
runtime cannot be linked into one program). Crates considered and left out:

| language | crate | why not |
|---|---|---|
| Perl | [tree-sitter-perl](https://crates.io/crates/tree-sitter-perl) 1.1.2 | depends on `tree-sitter` 0.26 itself, which cannot be linked beside 0.27 (both link the native library `tree-sitter`); the crates.io index offers no other version |
| Groovy | [tree-sitter-groovy](https://crates.io/crates/tree-sitter-groovy) 0.1.2 | builds, but is Java's grammar with few additions: it cannot read parameters without a type (`def f(x)`), `?.`, `?:`, regular expressions (`~/a+/`) or spread (`*.`), and reads a one-line `{ ... }` after `if` as a closure; the Gradle scripts of the npm corpus have a syntax error every 10 to 40 lines |
";

/// What is measured of a single-file component (Vue, Svelte).
const COMPONENT: &str = "\
A component is one file in the report, its language `vue` or `svelte`. Its functions are those of
its top-level `<script>` blocks, measured as JavaScript, or as TypeScript when a block says
`lang=\"ts\"` (TSX for `lang=\"tsx\"`), by the JavaScript or TypeScript table above: the markup's
grammar finds the blocks, and the script's grammar parses the whole file with the blocks' text as
its only included ranges, so every function, decision and finding is at its own line and column
in the component file. A component's blocks are read together, in file order: Vue's `<script>`
and `<script setup>`, Svelte's module script (`<script context=\"module\">`, `<script module>`)
and instance script. Not measured: a block with `src=\"...\"` (its code is another file), a
block whose `lang` is not JavaScript or TypeScript, a `<script>` inside an element, and the
template: Vue's directives and interpolations (`v-if`, `v-for`, `@click`, `{{ }}`) and Svelte's
blocks and expressions (`{#if}`, `{#each}`, `{#await}`, `on:click={...}`) are not functions, and
their conditions are not decisions of any function.

Lines: the scripts' lines are classified as JavaScript's or TypeScript's are; in the template
and the styles, a line holding only a markup comment (`<!-- -->`) is a comment line, a line
holding only whitespace blank, and any other line code (CSS comments in `<style>` are code).
A syntax error in a script is a syntax error of the file, and so is a `<script>` never closed,
which is measured to the end of the file; other errors in the markup (a template syntax the
grammar does not know, such as Svelte's `{@attach ...}`) change nothing that is measured and are
not counted.

| role | node kinds |
|---|---|
| script block | top-level `script_element` (or a top-level `ERROR` holding a `script` `start_tag`): its `raw_text` |
| comment (markup) | `comment` |
";

fn list(kinds: &[&str]) -> String {
    kinds.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
}

fn row(out: &mut String, role: &str, kinds: &str) {
    if !kinds.is_empty() {
        let _ = writeln!(out, "| {role} | {kinds} |");
    }
}

fn render() -> String {
    let mut out = String::from(
        "# Languages\n\n\
         <!-- Generated from crates/plumb-lang/src/languages/*.rs by \
         `PLUMB_BLESS=1 cargo test -p plumb-lang --test docs`; do not edit. -->\n\n\
         Each language is a table mapping its tree-sitter node kinds onto the roles of\n\
         [the metric definitions](metrics.md). Node kinds are spelled as in the grammar.\n\n\
         `plumb languages` lists the same (`--format json` for tools).\n\n\
         | language | id | extensions | file names | `#!` interpreters | grammar |\n\
         |---|---|---|---|---|---|\n",
    );
    for &lang in Language::ALL {
        let (krate, version) = lang.grammar_crate();
        let _ = writeln!(
            out,
            "| {} | `{}` | {} | {} | {} | [{krate}](https://crates.io/crates/{krate}) {version} |",
            lang.name(),
            lang.id(),
            lang.extensions().iter().map(|ext| format!("`.{ext}`")).collect::<Vec<_>>().join(", "),
            list(lang.file_names()),
            list(lang.interpreters()),
        );
    }
    out.push_str(CANDIDATES);
    for &lang in Language::ALL {
        if lang == Language::Tsx {
            continue;
        }
        if lang.is_component() {
            let _ = write!(out, "\n## {}\n\nFiles: {}.\n\n{COMPONENT}", lang.name(), list(lang.extensions()));
            continue;
        }
        let spec = lang.spec();
        let title = if lang == Language::TypeScript {
            "TypeScript and TSX".to_owned()
        } else {
            lang.name().to_owned()
        };
        let mut extensions = lang.extensions().to_vec();
        if lang == Language::TypeScript {
            extensions.extend(Language::Tsx.extensions());
        }
        let _ = write!(
            out,
            "\n## {title}\n\nFiles: {}.\n\n| role | node kinds |\n|---|---|\n",
            list(&extensions)
        );
        let functions: Vec<String> = spec
            .functions
            .iter()
            .map(|f| {
                let how = match f.name {
                    FnName::Field(field) => format!("named by `{field}`"),
                    FnName::Declarator => "named through its declarator".to_owned(),
                    FnName::Anonymous => "anonymous".to_owned(),
                    FnName::Accessor(_) => "an accessor, `Property.get`".to_owned(),
                    FnName::Getter(_) => "a getter, `Property.get`".to_owned(),
                    FnName::Fixed(name) => format!("named `{name}`"),
                    FnName::Member(keyword) => format!("an accessor, `Property.{keyword}`"),
                    FnName::Signature(field) => format!("named by the signature in `{field}`"),
                    FnName::Selector(part, parameter) => {
                        format!("named by its selector: each `{part}`, with `:` before a `{parameter}`")
                    }
                    FnName::Child(kind) => format!("named by its `{kind}`"),
                    FnName::Callee => "named by the callee of its call".to_owned(),
                    FnName::ChildIn(outer, kind) => format!("named by the `{kind}` of its `{outer}`"),
                    FnName::Header => "a body on its own after a declaration read from its tokens".to_owned(),
                    FnName::FirstArgument => "named by its first argument".to_owned(),
                };
                let how = match f.infix {
                    Some((kind, field)) => format!("{how}, or the `{field}` of its `{kind}`"),
                    None => how,
                };
                let requires = f.requires.map(|r| format!(", with a `{r}`")).unwrap_or_default();
                let child = f
                    .with_child
                    .map(|c| match c.split_once('.') {
                        Some((kind, field)) => format!(", holding a `{kind}` with a `{field}`"),
                        None => format!(", holding `{c}`"),
                    })
                    .unwrap_or_default();
                let through = if f.through.is_empty() {
                    String::new()
                } else {
                    format!(" (looking through {})", list(f.through))
                };
                let unless = f
                    .declares
                    .map(|kind| {
                        format!(" unless it has a type and a `{kind}`; never when that declares a keyword")
                    })
                    .unwrap_or_default();
                let not_in = if f.not_in.is_empty() {
                    String::new()
                } else {
                    format!(", not in {}{through}{unless}", list(f.not_in))
                };
                let block_of = if f.not_block_of.is_empty() {
                    String::new()
                } else {
                    format!(", not the block of a call of {}", list(f.not_block_of))
                };
                let decorated = if f.not_decorated.is_empty() {
                    String::new()
                } else {
                    format!(", not decorated with {}", list(f.not_decorated))
                };
                let matching = match (f.is_match, f.body_match) {
                    (_, true) => ", a `match` of its cases, the `match` of a function whose body it is",
                    (true, false) => ", a `match` of its cases",
                    (false, false) => "",
                };
                let parameters = if f.parameters_in.is_empty() {
                    String::new()
                } else {
                    format!(", its parameter list found in {}", list(f.parameters_in))
                };
                format!(
                    "`{}` ({how}{requires}{child}{not_in}{block_of}{decorated}{matching}{parameters})",
                    f.kind
                )
            })
            .collect();
        row(&mut out, "function", &functions.join(", "));
        let callees: Vec<String> = spec
            .callees
            .iter()
            .map(|(name, role)| {
                let plays = match role {
                    CallRole::If => "if",
                    CallRole::Loop(LoopCondition::Never) => "loop, no condition: 0",
                    CallRole::Loop(_) => "loop",
                    CallRole::Switch => "switch",
                    CallRole::Function => "function named by its first argument",
                    CallRole::Container => "qualifies names by its first argument",
                    CallRole::Return => "return",
                    CallRole::Declaration => "holds no decisions",
                };
                format!("`{name}` ({plays})")
            })
            .collect();
        let calls = list(&spec.calls.iter().map(|(kind, _)| *kind).collect::<Vec<_>>());
        row(&mut out, &format!("a {calls} by its callee"), &callees.join(", "));
        row(&mut out, "block standing in such a call", &list(spec.call_blocks));
        row(&mut out, "case in a switch played by a call", &list(spec.arms));
        let containers: Vec<String> =
            spec.containers.iter().chain(spec.container_children).map(|(k, _)| format!("`{k}`")).collect();
        row(
            &mut out,
            "qualifies names (separator `{}`)".replace("{}", spec.separator).as_str(),
            &containers.join(", "),
        );
        row(&mut out, "if", &list(spec.ifs));
        row(&mut out, "else-if clause", &list(spec.elifs));
        row(&mut out, "list of else-if clauses (at the `if`'s level)", &list(spec.elif_lists));
        row(&mut out, "else", &list(spec.elses));
        row(&mut out, "else keyword (the branch after it is the else)", &list(spec.else_keywords));
        row(&mut out, "conditional", &list(spec.conditionals));
        let loops: Vec<String> = spec
            .loops
            .iter()
            .map(|l| match l.condition {
                LoopCondition::Always => format!("`{}`", l.kind),
                LoopCondition::Never => format!("`{}` (no condition: 0)", l.kind),
                LoopCondition::Field(field) => format!("`{}` (0 without `{field}`)", l.kind),
                LoopCondition::GoFor => format!("`{}` (0 for `for {{}}` and `for ;; {{}}`)", l.kind),
            })
            .collect();
        row(&mut out, "loop", &loops.join(", "));
        row(&mut out, "switch", &list(spec.switches));
        row(&mut out, "case", &list(spec.cases));
        let catch_alls: Vec<String> = spec
            .catch_alls
            .iter()
            .map(|c| match *c {
                CatchAll::Kind(k) => format!("`{k}`"),
                CatchAll::WithFirstChild(k, first) => format!("`{k}` starting with `{first}`"),
                CatchAll::Sole(k) => format!("`{k}` of one name"),
                CatchAll::Text(text) => format!("a pattern `{text}`"),
                CatchAll::Keyword(word) => format!("`{word}` in any case"),
                CatchAll::TextIn(text, switch) => format!("a pattern `{text}` in `{switch}`"),
                CatchAll::Children(k, kinds) => format!("`{k}` of exactly {}", list(kinds)),
                CatchAll::Lowercase(k) => format!("`{k}` starting with a lowercase letter"),
                CatchAll::Unnamed(field) => format!("a case without a `{field}`"),
            })
            .collect();
        row(&mut out, "catch-all case (0)", &catch_alls.join(", "));
        let guards: Vec<String> = spec
            .guards
            .iter()
            .map(|guard| match guard.split_once('>') {
                Some((kind, child)) => format!("`{child}` in a `{kind}`"),
                None => format!("`{guard}`"),
            })
            .collect();
        row(&mut out, "guard", &guards.join(", "));
        let handlers: Vec<String> = spec
            .handlers
            .iter()
            .map(|(parent, block)| format!("a `{block}` in a `{parent}`, outside its fields"))
            .collect();
        let catches: Vec<String> =
            [list(spec.catches)].into_iter().filter(|l| !l.is_empty()).chain(handlers).collect();
        row(&mut out, "catch", &catches.join(", "));
        row(&mut out, "other decision", &list(spec.decisions));
        let operators: Vec<String> =
            spec.operators.iter().map(|(t, op)| format!("`{t}` ({})", op.as_str())).collect();
        let by = if spec.operator_kinds.is_empty() {
            String::new()
        } else {
            format!(", by the text of {}", list(spec.operator_kinds))
        };
        row(
            &mut out,
            "boolean operators",
            &format!("{}: {}{by}", list(spec.binary_expressions), operators.join(", ")),
        );
        let texts = if spec.jump_texts.is_empty() {
            String::new()
        } else {
            format!(" reading {}", list(spec.jump_texts))
        };
        row(&mut out, "labelled jump", &format!("{}{texts}", list(spec.jumps)));
        row(&mut out, "goto", &list(spec.gotos));
        row(&mut out, "return", &list(spec.returns));
        row(&mut out, "early exit", &list(spec.early_exits));
        if let Some(arity) = spec.arity {
            let mut how = vec!["as many arguments as parameters".to_owned()];
            if !arity.pipes.is_empty() {
                how.push(format!("the left operand of {} one more", list(arity.pipes)));
            }
            if !arity.defaults.is_empty() {
                how.push(format!("a parameter with a default ({}) may be left out", list(arity.defaults)));
            }
            row(&mut out, "recursion: a call of its name and arity", &how.join("; "));
        }
        row(&mut out, "comment", &list(spec.comments));
        if let Some((statement, strings)) = spec.docstring {
            let evaluated = if spec.evaluated_prefixes.is_empty() {
                String::new()
            } else {
                let prefixes: Vec<String> =
                    spec.evaluated_prefixes.iter().map(|&b| format!("`{}`", char::from(b))).collect();
                format!(" (not one with a prefix {}: code)", prefixes.join(", "))
            };
            row(&mut out, "docstring", &format!("`{statement}` holding only {}{evaluated}", list(strings)));
        }
        row(&mut out, "attribute (not the start line)", &list(spec.attributes));
        row(&mut out, "parameter list", &list(spec.parameter_lists));
        row(&mut out, "parameter list in the body", &list(spec.parameter_bodies));
        row(&mut out, "parameter (one each)", &list(spec.parameters));
        row(&mut out, "not a parameter", &list(spec.not_parameters));
        row(&mut out, "parameter not counted", &list(spec.skipped_parameters));
        let opaque: Vec<String> = spec
            .opaque
            .iter()
            .map(
                |&(kind, field)| {
                    if field.is_empty() { format!("`{kind}`") } else { format!("`{kind}`'s `{field}`") }
                },
            )
            .collect();
        row(&mut out, "no decisions (code lines only)", &opaque.join(", "));
        if let Some(bounds) = spec.bounds {
            let lexis = match bounds.lexis {
                Lexis::C => "C tokens and preprocessor lines",
                Lexis::Rust => "Rust tokens",
            };
            let scopes = list(bounds.scopes);
            row(
                &mut out,
                "declarations delimited by braces",
                &format!(
                    "{lexis}; declarations inside the blocks of {scopes}; boundaries may lie in {}",
                    list(bounds.containers)
                ),
            );
        }
    }
    out
}

#[test]
fn languages_doc_is_up_to_date() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/languages.md");
    let expected = render();
    if std::env::var_os("PLUMB_BLESS").is_some() {
        std::fs::write(path, &expected).unwrap();
        return;
    }
    let actual = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        actual == expected,
        "docs/languages.md is stale: run `PLUMB_BLESS=1 cargo test -p plumb-lang --test docs`"
    );
}
