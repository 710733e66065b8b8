//! The only place that writes to the terminal.
#![allow(clippy::print_stderr)]

use std::io::{IsTerminal, Write};

use plumb_report::render::printable;
use plumb_report::termcolor::{
    BufferedStandardStream, Color as TermColor, ColorChoice, ColorSpec, StandardStream, WriteColor,
};
use plumb_report::text::plural;
use plumb_report::{CoverageSummary, Finding, Level, Position, Problem, Report, Span, Summary, render};

use plumb_engine::Notice;

use crate::cli::Color;

/// Whether to colour a stream.
pub(crate) fn color_choice(color: Color, is_terminal: bool) -> ColorChoice {
    let auto = is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    match color {
        Color::Always => ColorChoice::Always,
        Color::Auto if auto => ColorChoice::Auto,
        Color::Auto | Color::Never => ColorChoice::Never,
    }
}

/// Standard output, coloured as asked and block-buffered (a report can be many megabytes;
/// the caller flushes).
pub(crate) fn stdout(color: Color) -> Stdout {
    Stdout {
        stream: BufferedStandardStream::stdout(color_choice(color, std::io::stdout().is_terminal())),
        closed: false,
    }
}

/// Standard output that goes quiet once its reader has gone away (`plumb check | grep -q error`,
/// `| head`): the rest is discarded, and the command ends with the exit status of what it
/// found, not with an error or a success that the findings do not warrant.
pub(crate) struct Stdout {
    stream: BufferedStandardStream,
    closed: bool,
}

impl Stdout {
    /// Runs a write unless the reader has gone; a broken pipe closes the stream for good.
    fn unless_closed(
        &mut self,
        write: impl FnOnce(&mut BufferedStandardStream) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        if self.closed {
            return Ok(());
        }
        match write(&mut self.stream) {
            Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(())
            }
            result => result,
        }
    }
}

impl Write for Stdout {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.unless_closed(|stream| stream.write_all(buf))?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.unless_closed(Write::flush)
    }
}

impl WriteColor for Stdout {
    fn supports_color(&self) -> bool {
        self.stream.supports_color()
    }

    fn set_color(&mut self, spec: &ColorSpec) -> std::io::Result<()> {
        self.unless_closed(|stream| stream.set_color(spec))
    }

    fn reset(&mut self) -> std::io::Result<()> {
        self.unless_closed(WriteColor::reset)
    }
}

fn stderr(color: Color) -> StandardStream {
    StandardStream::stderr(color_choice(color, std::io::stderr().is_terminal()))
}

fn styled(out: &mut dyn WriteColor, color: TermColor, text: &str) -> std::io::Result<()> {
    out.set_color(ColorSpec::new().set_fg(Some(color)).set_bold(true))?;
    write!(out, "{text}")?;
    out.reset()
}

/// `error: ...` on stderr. Messages name files and quote input: every line is printed through
/// [`printable`], so that neither can send escape sequences to the terminal.
pub(crate) fn error(message: &str) {
    let mut err = stderr(Color::Auto);
    let _ = styled(&mut err, TermColor::Red, "error");
    let _ = writeln!(err, ": {}", lines(message));
}

/// A message of several lines (a help after the error, a TOML example), each made printable.
fn lines(message: &str) -> String {
    message.split('\n').map(printable).collect::<Vec<_>>().join("\n")
}

/// A line of status on stderr (`wrote 4 findings to plumb-baseline.json`).
pub(crate) fn status(message: &str) {
    let mut err = stderr(Color::Auto);
    let _ = writeln!(err, "{}", lines(message));
}

/// `warning: ...` on stderr.
pub(crate) fn warning(message: &str) {
    let mut err = stderr(Color::Auto);
    let _ = styled(&mut err, TermColor::Yellow, "warning");
    let _ = writeln!(err, ": {}", lines(message));
}

/// What the engine says while a run goes on: `warning: ...` or `note: ...` on stderr.
pub(crate) fn notices(notices: &[Notice]) {
    for notice in notices {
        match notice {
            Notice::Warning(message) => warning(message),
            Notice::Note(message) => status(&format!("note: {message}")),
        }
    }
}

/// One `warning: path: message` line per problem, on stderr.
pub(crate) fn problems(problems: &[Problem], color: Color) {
    let mut err = stderr(color);
    for problem in problems {
        let _ = styled(&mut err, TermColor::Yellow, "warning");
        let _ = writeln!(err, ": {}: {}", printable(&problem.path), printable(&problem.message));
    }
}

/// The one-line summary at the end of human output.
pub(crate) fn summary(
    out: &mut dyn WriteColor,
    summary: &Summary,
    coverage: Option<&CoverageSummary>,
    seconds: f64,
) -> std::io::Result<()> {
    let findings = match (summary.errors, summary.warnings) {
        (0, 0) => "no findings".to_owned(),
        (errors, 0) => plural(errors, "error", "errors"),
        (0, warnings) => plural(warnings, "warning", "warnings"),
        (errors, warnings) => {
            format!("{}, {}", plural(errors, "error", "errors"), plural(warnings, "warning", "warnings"))
        }
    };
    let color = match (summary.errors, summary.warnings) {
        (0, 0) => TermColor::Green,
        (0, _) => TermColor::Yellow,
        _ => TermColor::Red,
    };
    write!(
        out,
        "checked {}, {} ({}) in {seconds:.2}s: ",
        plural(summary.files, "file", "files"),
        plural(summary.functions, "function", "functions"),
        plural(summary.code, "line of code", "lines of code")
    )?;
    styled(out, color, &findings)?;
    writeln!(out)?;
    if let Some(coverage) = coverage {
        writeln!(out, "{}", coverage.describe())?;
    }
    Ok(())
}

/// A configuration error as a diagnostic pointing into the file, on stderr.
pub(crate) fn config_error(error: &plumb_engine::config::ConfigError) {
    let cwd = std::env::current_dir().unwrap_or_default();
    let path = plumb_engine::display_path(&error.path, &cwd);
    let position = |byte: usize| {
        let byte = byte.min(error.source.len());
        let before = &error.source[..byte];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let text = &before[line_start..];
        Position {
            byte: byte as u32,
            line: before.matches('\n').count() as u32 + 1,
            column: text.chars().count() as u32 + 1,
            utf16_column: text.encode_utf16().count() as u32 + 1,
        }
    };
    let finding = Finding {
        rule: "config",
        level: Level::Error,
        path: path.clone(),
        span: Span { start: position(error.span.start), end: position(error.span.end) },
        message: format!("invalid configuration: {}", error.message),
        label: Some(error.message.clone()),
        function: None,
        measure: None,
        labels: Vec::new(),
        notes: Vec::new(),
        help: None,
        fingerprint: String::new(),
    };
    let report = Report { findings: vec![finding], ..Report::default() };
    let sources = std::collections::HashMap::from([(path, error.source.clone())]);
    let mut err = BufferedStandardStream::stderr(color_choice(Color::Auto, std::io::stderr().is_terminal()));
    let _ = render::human::render(&report, &sources, render::human::Options::default(), &mut err);
    let _ = err.flush();
}
