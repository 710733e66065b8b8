//! GitHub Actions workflow commands (`::error file=..,line=..::message`): each finding becomes
//! an annotation on the pull request and in the run's summary.
//!
//! GitHub keeps at most [`MAX_ANNOTATIONS_PER_LEVEL`] annotations of each level per step and
//! drops the rest silently, so only the first ten of each level (in report order) are written
//! as commands; one plain closing line counts the others.
//!
//! Escaping follows `@actions/core` (`escapeData` / `escapeProperty`): the message turns `%`,
//! `\r` and `\n` into `%25`, `%0D` and `%0A`; property values additionally turn `:` and `,`
//! into `%3A` and `%2C`. Columns are 1-based UTF-16 code units, `endColumn` is the column of
//! the span's last unit (inclusive), and columns are written only when the span starts and ends
//! on one line: the runner drops them otherwise.

use std::io::{self, Write};

use crate::{Finding, Level, Report, Span};

/// How many annotations of one level GitHub shows per step.
pub const MAX_ANNOTATIONS_PER_LEVEL: usize = 10;

/// The workflow command for a level.
fn command(level: Level) -> &'static str {
    match level {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Note => "notice",
    }
}

/// Writes one workflow command per finding, up to [`MAX_ANNOTATIONS_PER_LEVEL`] per level,
/// then one plain line counting the findings left out, if any.
pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    // Indexed by level: error, warning, note.
    let mut written = [0usize; 3];
    let mut left_out = [0usize; 3];
    for finding in &report.findings {
        let slot = level_slot(finding.level);
        if written[slot] == MAX_ANNOTATIONS_PER_LEVEL {
            left_out[slot] += 1;
            continue;
        }
        written[slot] += 1;
        annotation(report, finding, out)?;
    }
    let parts: Vec<String> = [("more error", "more errors"), ("more warning", "more warnings"), ("more note", "more notes")]
        .iter()
        .zip(left_out)
        .filter(|(_, count)| *count > 0)
        .map(|((one, many), count)| crate::text::plural(count, one, many))
        .collect();
    if !parts.is_empty() {
        writeln!(
            out,
            "plumb: {} not annotated (GitHub shows {MAX_ANNOTATIONS_PER_LEVEL} per level); see the job summary",
            join(&parts)
        )?;
    }
    Ok(())
}

fn level_slot(level: Level) -> usize {
    match level {
        Level::Error => 0,
        Level::Warning => 1,
        Level::Note => 2,
    }
}

/// `a`, `a and b`, `a, b and c`.
fn join(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn annotation(report: &Report, finding: &Finding, out: &mut dyn Write) -> io::Result<()> {
    let (line, end_line, columns) = range(finding.span);
    let file = escape_property(&report.run.root_relative(&finding.path));
    let title = escape_property(&format!("plumb ({})", finding.rule));
    let position = match columns {
        Some((col, end_col)) => format!("line={line},col={col},endLine={end_line},endColumn={end_col}"),
        None => format!("line={line},endLine={end_line}"),
    };
    let mut message = finding.message.clone();
    for note in &finding.notes {
        message.push('\n');
        message.push_str(note);
    }
    if let Some(help) = &finding.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    writeln!(
        out,
        "::{} file={file},{position},title={title}::{}",
        command(finding.level),
        escape_data(&message)
    )
}

/// First line, last line, and the UTF-16 columns (first unit, last unit) when the span is on one
/// line. An empty span gets `endColumn` = `col`.
fn range(span: Span) -> (u32, u32, Option<(u32, u32)>) {
    let (start, end) = (span.start, span.end);
    if end.line <= start.line {
        let col = start.utf16_column.max(1);
        return (start.line, start.line, Some((col, end.utf16_column.saturating_sub(1).max(col))));
    }
    // An end just past a line break belongs to the line before it.
    let last = if end.column <= 1 { end.line - 1 } else { end.line };
    (start.line, last, None)
}

/// `escapeData` of `@actions/core`: `%` first, then CR and LF.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// `escapeProperty` of `@actions/core`: [`escape_data`], then `:` and `,`.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::render;
    use crate::{Finding, Level, Position, Report, RunInfo, Span};

    fn pos(line: u32, column: u32, utf16_column: u32) -> Position {
        Position { byte: 0, line, column, utf16_column }
    }

    fn finding(level: Level, path: &str, start: Position, end: Position, message: &str) -> Finding {
        Finding {
            rule: "cyclomatic-complexity",
            level,
            path: path.into(),
            span: Span { start, end },
            message: message.into(),
            label: None,
            function: None,
            measure: None,
            labels: vec![],
            notes: vec![],
            help: None,
            fingerprint: "0123456789abcdef".into(),
        }
    }

    fn output(report: &Report) -> String {
        crate::render::testing::output(render, report)
    }

    #[test]
    fn clean_run_writes_nothing() {
        assert_eq!(output(&Report::default()), "");
    }

    #[test]
    fn findings_across_files_with_notes_and_help() {
        let mut first = finding(
            Level::Error,
            "src/lib.rs",
            pos(3, 5, 5),
            pos(3, 11, 11),
            "`parse` has a cyclomatic complexity of 14 (> 10)",
        );
        first.notes = vec!["14 = 1 + 13 decision points: `if` 4:5".into()];
        first.help = Some("split `parse` into smaller functions".into());
        let mut second =
            finding(Level::Warning, "src/main.rs", pos(1, 1, 1), pos(2, 4, 4), "`main` is complex");
        second.rule = "cognitive-complexity";
        let third = finding(Level::Note, "src/main.rs", pos(9, 1, 1), pos(9, 1, 1), "at the end");
        let report = Report { findings: vec![first, second, third], ..Report::default() };
        assert_eq!(
            output(&report),
            "::error file=src/lib.rs,line=3,col=5,endLine=3,endColumn=10,\
             title=plumb (cyclomatic-complexity)::`parse` has a cyclomatic complexity of 14 (> 10)\
             %0A14 = 1 + 13 decision points: `if` 4:5%0Ahelp: split `parse` into smaller functions\n\
             ::warning file=src/main.rs,line=1,endLine=2,title=plumb (cognitive-complexity)::`main` is complex\n\
             ::notice file=src/main.rs,line=9,col=1,endLine=9,endColumn=1,\
             title=plumb (cyclomatic-complexity)::at the end\n"
        );
    }

    #[test]
    fn columns_are_utf16_and_paths_root_relative() {
        // `é` before the span is one unit in both counts; `𝒇` is one scalar but two UTF-16
        // units, so the span ends at scalar column 13 but UTF-16 column 14 (exclusive), and
        // `endColumn` is its last UTF-16 unit, 13.
        let report = Report {
            findings: vec![finding(Level::Error, "../b.rs", pos(2, 12, 12), pos(2, 13, 14), "`𝒇` é")],
            run: RunInfo { path_prefix: "sub/dir/".into(), ..RunInfo::default() },
            ..Report::default()
        };
        assert_eq!(
            output(&report),
            "::error file=sub/b.rs,line=2,col=12,endLine=2,endColumn=13,\
             title=plumb (cyclomatic-complexity)::`𝒇` é\n"
        );
    }

    #[test]
    fn a_span_ending_after_a_line_break_ends_on_the_line_before() {
        let report = Report {
            findings: vec![finding(Level::Error, "a.rs", pos(4, 1, 1), pos(6, 1, 1), "m")],
            ..Report::default()
        };
        assert_eq!(
            output(&report),
            "::error file=a.rs,line=4,endLine=5,title=plumb (cyclomatic-complexity)::m\n"
        );
    }

    #[test]
    fn escapes_data_and_properties() {
        let report = Report {
            findings: vec![finding(
                Level::Warning,
                "dir,x/a:b \"q\" 100%<&>.rs",
                pos(1, 1, 1),
                pos(1, 2, 2),
                "50% \"odd\" a:b, c <&>\r\nnext %0A line::end",
            )],
            ..Report::default()
        };
        assert_eq!(
            output(&report),
            "::warning file=dir%2Cx/a%3Ab \"q\" 100%25<&>.rs,line=1,col=1,endLine=1,endColumn=1,\
             title=plumb (cyclomatic-complexity)::50%25 \"odd\" a:b, c <&>%0D%0Anext %250A line::end\n"
        );
    }

    #[test]
    fn at_most_ten_annotations_per_level() {
        let mut findings = Vec::new();
        for i in 1..=17 {
            findings.push(finding(Level::Error, "e.rs", pos(i, 1, 1), pos(i, 2, 2), &format!("e{i}")));
        }
        for i in 1..=13 {
            findings.push(finding(Level::Warning, "w.rs", pos(i, 1, 1), pos(i, 2, 2), &format!("w{i}")));
        }
        findings.push(finding(Level::Note, "n.rs", pos(1, 1, 1), pos(1, 2, 2), "n1"));
        let report = Report { findings, ..Report::default() };
        let text = output(&report);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 10 + 10 + 1 + 1);
        assert_eq!(lines.iter().filter(|l| l.starts_with("::error ")).count(), 10);
        assert_eq!(lines.iter().filter(|l| l.starts_with("::warning ")).count(), 10);
        assert_eq!(lines.iter().filter(|l| l.starts_with("::notice ")).count(), 1);
        // The first ten of each level, in report order.
        assert!(lines[9].ends_with("::e10"));
        assert!(lines[19].ends_with("::w10"));
        assert!(lines[20].ends_with("::n1"));
        assert_eq!(
            lines[21],
            "plumb: 7 more errors and 3 more warnings not annotated (GitHub shows 10 per level); \
             see the job summary"
        );
    }

    #[test]
    fn the_closing_line_counts_every_level_in_singular_and_plural() {
        let mut findings = Vec::new();
        for (level, count) in [(Level::Error, 11), (Level::Warning, 12), (Level::Note, 11)] {
            for i in 1..=count {
                findings.push(finding(level, "a.rs", pos(i, 1, 1), pos(i, 2, 2), "m"));
            }
        }
        let report = Report { findings, ..Report::default() };
        assert_eq!(
            output(&report).lines().last().unwrap(),
            "plumb: 1 more error, 2 more warnings and 1 more note not annotated (GitHub shows 10 per \
             level); see the job summary"
        );
        let exactly_ten = Report {
            findings: (1..=10)
                .map(|i| finding(Level::Error, "a.rs", pos(i, 1, 1), pos(i, 2, 2), "m"))
                .collect(),
            ..Report::default()
        };
        assert_eq!(output(&exactly_ten).lines().count(), 10);
    }
}
