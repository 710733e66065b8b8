//! A Markdown summary for pull-request comments and `$GITHUB_STEP_SUMMARY`: a heading, the
//! totals, the most complex functions, and the findings.
//!
//! ```markdown
//! ## plumb
//!
//! 3 files, 12 functions, 340 code lines: 1 error, 1 warning.
//!
//! ### Most complex functions
//!
//! | Function | Cyclomatic | Cognitive | Code lines | Location |
//! | --- | ---: | ---: | ---: | --- |
//! | Parser::parse | 14 | 20 | 48 | src/parser.rs:10 |
//!
//! ### Findings
//!
//! | Level | Rule | Location | Message |
//! | --- | --- | --- | --- |
//! | error | cyclomatic-complexity | src/parser.rs:10 | \`parse\` has a cyclomatic complexity of 14 (\> 10) |
//! ```
//!
//! The functions table shows the [`MAX_FUNCTIONS`] functions with the highest cyclomatic
//! complexity (ties by path, then line), so a clean run still shows where complexity lives.
//! The findings table keeps report order and stops at [`MAX_FINDINGS`] rows, with a line
//! counting the rest. Every cell is escaped: Markdown punctuation is backslash-escaped (so
//! backticks, `|`, `<` and `&` show as typed) and line breaks become `<br>`. Paths are relative
//! to the repository root.

use std::io::{self, Write};

use crate::text::{markdown_cell as cell, plural};
use crate::{FunctionReport, Level, Report};

/// Rows in the most-complex-functions table.
pub const MAX_FUNCTIONS: usize = 10;

/// Rows in the findings table.
pub const MAX_FINDINGS: usize = 50;

/// How a level reads in the table.
fn level_name(level: Level) -> &'static str {
    match level {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Note => "note",
    }
}

/// Writes the summary.
pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let summary = &report.summary;
    writeln!(out, "## plumb\n")?;
    let totals = format!(
        "{}, {}, {}",
        plural(summary.files, "file", "files"),
        plural(summary.functions, "function", "functions"),
        plural(summary.code, "code line", "code lines")
    );
    if report.findings.is_empty() {
        writeln!(out, "{totals}: no findings.")?;
    } else {
        let mut levels = vec![
            plural(summary.errors, "error", "errors"),
            plural(summary.warnings, "warning", "warnings"),
        ];
        if summary.notes > 0 {
            levels.push(plural(summary.notes, "note", "notes"));
        }
        writeln!(out, "{totals}: {}.", levels.join(", "))?;
    }
    if summary.problems > 0 {
        writeln!(
            out,
            "\n{} skipped or analysed with problems.",
            plural(summary.problems, "file was", "files were")
        )?;
    }
    coverage(report, out)?;
    functions(report, out)?;
    findings(report, out)
}

/// Coverage totals, and the changed lines no test runs.
fn coverage(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let Some(coverage) = &report.coverage else { return Ok(()) };
    writeln!(out, "\n### Coverage\n\n| | covered | instrumented | % |\n|---|---:|---:|---:|")?;
    let percent =
        |value: Option<f64>| value.map_or_else(|| "-".to_owned(), |p| format!("{}%", crate::round2(p)));
    let total = &coverage.total;
    writeln!(out, "| lines | {} | {} | {} |", total.covered, total.lines, percent(total.percent()))?;
    if total.branches > 0 {
        writeln!(
            out,
            "| branches | {} | {} | {} |",
            total.branches_covered,
            total.branches,
            percent(total.branch_percent())
        )?;
    }
    if let Some(changed) = &coverage.changed {
        let tally = &changed.tally;
        writeln!(
            out,
            "| changed lines | {} | {} | {} |",
            tally.covered,
            tally.lines,
            percent(tally.percent())
        )?;
        for file in changed.files.iter().filter(|file| !file.uncovered_lines.is_empty()) {
            let lines: Vec<String> = file.uncovered_lines.iter().map(ToString::to_string).collect();
            writeln!(out, "\nNot covered in `{}`: lines {}", cell(&file.path), lines.join(", "))?;
        }
    }
    Ok(())
}

fn functions(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let mut functions: Vec<(&str, &FunctionReport)> = report
        .files
        .iter()
        .flat_map(|file| file.functions.iter().map(move |function| (file.path.as_str(), function)))
        .collect();
    if functions.is_empty() {
        return Ok(());
    }
    // Presentation only: the worst first, ties in a stable order.
    functions.sort_by(|(a_path, a), (b_path, b)| {
        b.cyclomatic.cmp(&a.cyclomatic).then_with(|| a_path.cmp(b_path)).then(a.start_line.cmp(&b.start_line))
    });
    writeln!(out, "\n### Most complex functions\n")?;
    writeln!(out, "| Function | Cyclomatic | Cognitive | Code lines | Location |")?;
    writeln!(out, "| --- | ---: | ---: | ---: | --- |")?;
    for (path, function) in functions.iter().take(MAX_FUNCTIONS) {
        writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            cell(&function.qualified_name),
            function.cyclomatic,
            function.cognitive,
            function.code,
            cell(&format!("{}:{}", report.run.root_relative(path), function.start_line))
        )?;
    }
    Ok(())
}

fn findings(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    if report.findings.is_empty() {
        return Ok(());
    }
    writeln!(out, "\n### Findings\n")?;
    writeln!(out, "| Level | Rule | Location | Message |")?;
    writeln!(out, "| --- | --- | --- | --- |")?;
    for finding in report.findings.iter().take(MAX_FINDINGS) {
        writeln!(
            out,
            "| {} | {} | {} | {} |",
            level_name(finding.level),
            cell(finding.rule),
            cell(&format!("{}:{}", report.run.root_relative(&finding.path), finding.span.start.line)),
            cell(&finding.message)
        )?;
    }
    let rest = report.findings.len().saturating_sub(MAX_FINDINGS);
    if rest > 0 {
        writeln!(out, "\nand {} not shown.", plural(rest, "more finding", "more findings"))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::render;
    use crate::text::markdown_cell as cell;
    use crate::render::testing::{self, function};
    use crate::{FileReport, Finding, FunctionReport, Level, Report, RunInfo, Summary};

    fn file(path: &str, functions: Vec<FunctionReport>) -> FileReport {
        FileReport { lines: 0, code: 0, ..testing::file(path, functions) }
    }

    fn finding(rule: &'static str, level: Level, path: &str, line: u32, message: &str) -> Finding {
        let mut finding = testing::finding(rule, level, path, line, 1, message);
        finding.notes = vec!["not shown".into()];
        finding
    }

    fn output(report: &Report) -> String {
        testing::output(render, report)
    }

    #[test]
    fn nothing_analysed() {
        assert_eq!(
            output(&Report::default()),
            "## plumb\n\n0 files, 0 functions, 0 code lines: no findings.\n"
        );
    }

    #[test]
    fn clean_run_says_so_and_still_shows_the_functions() {
        let report = Report {
            files: vec![file("src/a.rs", vec![function("one", 1, 1, 0, 1)])],
            summary: Summary { files: 1, functions: 1, code: 1, ..Summary::default() },
            ..Report::default()
        };
        assert_eq!(
            output(&report),
            "## plumb

1 file, 1 function, 1 code line: no findings.

### Most complex functions

| Function | Cyclomatic | Cognitive | Code lines | Location |
| --- | ---: | ---: | ---: | --- |
| one | 1 | 0 | 1 | src/a.rs:1 |
"
        );
    }

    #[test]
    fn findings_across_files() {
        let report = Report {
            files: vec![
                file(
                    "src/a.rs",
                    vec![function("Parser::parse", 10, 14, 20, 48), function("small", 70, 2, 1, 5)],
                ),
                // `é𝒇` is a name, not a column: Markdown shows it as it is.
                file("src/b.py", vec![function("é𝒇", 3, 16, 30, 60), function("tied", 1, 2, 2, 2)]),
            ],
            findings: vec![
                finding("cyclomatic-complexity", Level::Error, "src/a.rs", 10, "`parse` is 14 (> 10)"),
                finding("cyclomatic-complexity", Level::Error, "src/b.py", 3, "`é𝒇` is 16 (> 10)"),
                finding("cognitive-complexity", Level::Warning, "src/b.py", 3, "`é𝒇` is 30 (> 15)"),
                finding("parse-error", Level::Note, "src/b.py", 90, "1 syntax error"),
            ],
            summary: Summary {
                files: 2,
                functions: 4,
                code: 340,
                errors: 2,
                warnings: 1,
                notes: 1,
                problems: 1,
                ..Summary::default()
            },
            run: RunInfo { path_prefix: "sub/".into(), ..RunInfo::default() },
            ..Report::default()
        };
        assert_eq!(
            output(&report),
            r"## plumb

2 files, 4 functions, 340 code lines: 2 errors, 1 warning, 1 note.

1 file was skipped or analysed with problems.

### Most complex functions

| Function | Cyclomatic | Cognitive | Code lines | Location |
| --- | ---: | ---: | ---: | --- |
| é𝒇 | 16 | 30 | 60 | sub/src/b.py:3 |
| Parser::parse | 14 | 20 | 48 | sub/src/a.rs:10 |
| small | 2 | 1 | 5 | sub/src/a.rs:70 |
| tied | 2 | 2 | 2 | sub/src/b.py:1 |

### Findings

| Level | Rule | Location | Message |
| --- | --- | --- | --- |
| error | cyclomatic-complexity | sub/src/a.rs:10 | \`parse\` is 14 (\> 10) |
| error | cyclomatic-complexity | sub/src/b.py:3 | \`é𝒇\` is 16 (\> 10) |
| warning | cognitive-complexity | sub/src/b.py:3 | \`é𝒇\` is 30 (\> 15) |
| note | parse-error | sub/src/b.py:90 | 1 syntax error |
"
        );
    }

    #[test]
    fn tables_are_capped() {
        // 12 functions with falling complexity, and two with equal complexity in one file
        // listed out of line order: ties go by path, then line.
        let mut functions: Vec<FunctionReport> =
            (1..=12).map(|i| function(&format!("f{i}"), i * 10, 100 - i, 0, 1)).collect();
        functions.push(function("late", 500, 99, 0, 1));
        let findings =
            (1..=53).map(|i| finding("cyclomatic-complexity", Level::Error, "a.rs", i, "m")).collect();
        let report = Report {
            files: vec![file("b.rs", vec![function("other", 1, 99, 0, 1)]), file("a.rs", functions)],
            findings,
            ..Report::default()
        };
        let text = output(&report);
        let functions_table: Vec<&str> = text
            .lines()
            .skip_while(|l| !l.starts_with("| Function"))
            .skip(2)
            .take_while(|l| !l.is_empty())
            .collect();
        assert_eq!(
            functions_table,
            [
                "| f1 | 99 | 0 | 1 | a.rs:10 |",
                "| late | 99 | 0 | 1 | a.rs:500 |",
                "| other | 99 | 0 | 1 | b.rs:1 |",
                "| f2 | 98 | 0 | 1 | a.rs:20 |",
                "| f3 | 97 | 0 | 1 | a.rs:30 |",
                "| f4 | 96 | 0 | 1 | a.rs:40 |",
                "| f5 | 95 | 0 | 1 | a.rs:50 |",
                "| f6 | 94 | 0 | 1 | a.rs:60 |",
                "| f7 | 93 | 0 | 1 | a.rs:70 |",
                "| f8 | 92 | 0 | 1 | a.rs:80 |",
            ]
        );
        let finding_rows = text.lines().filter(|l| l.starts_with("| error |")).count();
        assert_eq!(finding_rows, 50);
        assert!(
            text.contains(
                "| error | cyclomatic-complexity | a.rs:50 | m |\n\nand 3 more findings not shown.\n"
            )
        );
        assert!(text.ends_with("and 3 more findings not shown.\n"));
    }

    #[test]
    fn one_more_finding_is_singular() {
        let findings =
            (1..=51).map(|i| finding("cyclomatic-complexity", Level::Error, "a.rs", i, "m")).collect();
        let text = output(&Report { findings, ..Report::default() });
        assert!(text.ends_with("\n\nand 1 more finding not shown.\n"));
    }

    #[test]
    fn cells_are_escaped() {
        let report = Report {
            files: vec![file("d|i:r,<&>\"q\"%.rs", vec![function("operator|<T>", 1, 3, 0, 1)])],
            findings: vec![finding(
                "cyclomatic-complexity",
                Level::Error,
                "d|i:r,<&>\"q\"%.rs",
                1,
                "a|b `c` <d> &amp; \"e\" 50% :, __init__ *x* [l](u) $m$ ~s~ #h !i \\ \r\nnext\nlast\r",
            )],
            ..Report::default()
        };
        let text = output(&report);
        assert!(text.contains(r#"| operator\|\<T\> | 3 | 0 | 1 | d\|i:r,\<\&\>"q"%.rs:1 |"#), "{text}");
        assert!(
            text.contains(
                r#"| error | cyclomatic-complexity | d\|i:r,\<\&\>"q"%.rs:1 | a\|b \`c\` \<d\> \&amp; "e" 50% :, \_\_init\_\_ \*x\* \[l\](u) \$m\$ \~s\~ \#h \!i \\ <br>next<br>last<br> |"#
            ),
            "{text}"
        );
        // Every row stays on one line.
        assert_eq!(text.lines().filter(|l| l.starts_with('|')).count(), 2 + 1 + 2 + 1);
    }

    #[test]
    fn cell_leaves_plain_text_alone() {
        assert_eq!(cell("src/a.rs:12 é 𝒇 (x) - y, z: 1.5"), "src/a.rs:12 é 𝒇 (x) - y, z: 1.5");
    }
}
