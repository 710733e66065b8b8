//! rustc-style diagnostics with source snippets, through codespan-reporting. This is the only
//! place that builds a codespan `Diagnostic`.
//!
//! A snippet shows the lines codespan would show, taken from an excerpt of the file rather
//! than the whole file: control characters are escaped (a line of code cannot send escape
//! sequences to the terminal), and a very long line (minified code) is cut around the ends of
//! the labels on it. The lines of each file are indexed once, whatever its number of findings.

use std::collections::{BTreeSet, HashMap};
use std::io;
use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic, Label as CsLabel, LabelStyle, Severity};
use codespan_reporting::files::{Error, Files};
use codespan_reporting::term::{self, Chars, Config, termcolor::WriteColor};

use super::{Sources, printable, push_escaped};
use crate::{Finding, Level, Report};

/// Lines longer than this, in bytes, are cut in a snippet.
const LONG_LINE: usize = 240;

/// How much of a cut line is kept on each side of a label's end, in bytes.
const AROUND: usize = 40;

/// How much of a cut line is kept at all, in bytes: past it, the labels' ends are not shown
/// (thousands of decision points on one line of minified code, with `--verbose`).
const MOST_KEPT: usize = 480;

/// How much to show.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Show every secondary label (each decision point or cognitive increment) in the snippet,
    /// not only in the notes.
    pub verbose: bool,
}

fn severity(level: Level) -> Severity {
    match level {
        Level::Error => Severity::Error,
        Level::Warning => Severity::Warning,
        Level::Note => Severity::Note,
    }
}

/// Writes every finding as a diagnostic, followed by the problems as warnings.
pub fn render(
    report: &Report,
    sources: &dyn Sources,
    options: Options,
    out: &mut dyn WriteColor,
) -> io::Result<()> {
    let config = Config { chars: Chars::ascii(), ..Config::default() };
    // Findings come grouped by file: index the lines of one file at a time.
    let mut indexed: Option<(&str, Vec<usize>)> = None;
    for finding in &report.findings {
        let source =
            sources.source(&finding.path).filter(|text| finding.span.end.byte as usize <= text.len());
        let text = match source {
            Some(text) => {
                if indexed.as_ref().is_none_or(|(path, _)| *path != finding.path) {
                    indexed = Some((&finding.path, line_starts(text)));
                }
                indexed.as_ref().map(|(_, starts)| (text, starts.as_slice()))
            }
            None => None,
        };
        emit(finding, text, options, &config, out)?;
    }
    Ok(())
}

fn emit(
    finding: &Finding,
    source: Option<(&str, &[usize])>,
    options: Options,
    config: &Config,
    out: &mut dyn WriteColor,
) -> io::Result<()> {
    let mut diagnostic = Diagnostic::new(severity(finding.level))
        .with_code(finding.rule)
        .with_message(printable(&finding.message));
    let mut notes: Vec<String> = finding.notes.iter().map(|note| printable(note).into_owned()).collect();
    if let Some(help) = &finding.help {
        notes.push(format!("help: {}", printable(help)));
    }
    let name = printable(&finding.path).into_owned();
    let excerpt = if let Some((text, starts)) = source {
        let range = |span: crate::Span| span.start.byte as usize..span.end.byte as usize;
        let mut labels = vec![(LabelStyle::Primary, range(finding.span), finding.label.as_deref())];
        if options.verbose {
            let secondary = finding.labels.iter();
            labels.extend(
                secondary.map(|label| (LabelStyle::Secondary, range(label.span), Some(&*label.message))),
            );
        }
        let (excerpt, labels) =
            Excerpt::new(name, text, starts, &labels, config, finding.span.start.column as usize);
        diagnostic = diagnostic.with_labels(labels);
        excerpt
    } else {
        let start = finding.span.start;
        notes.insert(0, format!("at {name}:{}:{}", start.line, start.column));
        Excerpt::empty(name)
    };
    diagnostic = diagnostic.with_notes(notes);
    term::emit_to_write_style(out, config, &excerpt, &diagnostic).map_err(io::Error::other)
}

/// The byte each line of `text` starts at.
fn line_starts(text: &str) -> Vec<usize> {
    codespan_reporting::files::line_starts(text).collect()
}

/// The index of the line holding `byte`.
fn line_of(starts: &[usize], byte: usize) -> usize {
    starts.partition_point(|&start| start <= byte).saturating_sub(1)
}

/// The lines of a file that one diagnostic shows, made printable: the file codespan renders.
/// Lines keep their numbers; the others are empty.
struct Excerpt {
    name: String,
    /// The shown lines, each ending with a newline.
    text: String,
    /// Each shown line's index in the file, and its range in `text`, in order.
    lines: Vec<(usize, Range<usize>)>,
    /// How many lines the file has.
    line_count: usize,
    /// The primary label's start in `text`, and its column in the file.
    locus: (usize, usize),
}

impl Excerpt {
    fn empty(name: String) -> Self {
        Self { name, text: String::new(), lines: Vec::new(), line_count: 0, locus: (0, 1) }
    }

    /// The lines codespan shows for `labels` (each a style, a byte range of `text` and a message,
    /// the primary label first), escaped, and cut where long; and the labels, with their ranges
    /// in the excerpt. `column` is the primary label's column.
    fn new(
        name: String,
        text: &str,
        starts: &[usize],
        labels: &[(LabelStyle, Range<usize>, Option<&str>)],
        config: &Config,
        column: usize,
    ) -> (Self, Vec<CsLabel<()>>) {
        let clamp = |byte: usize| byte.min(text.len());
        let mut ends: BTreeSet<usize> = BTreeSet::new();
        for (_, range, _) in labels {
            ends.insert(clamp(range.start));
            ends.insert(clamp(range.end));
        }
        let primary = labels.first().map_or(0..0, |(_, range, _)| clamp(range.start)..clamp(range.end));
        let ranges = labels.iter().map(|(_, range, _)| clamp(range.start)..clamp(range.end));
        let mut excerpt = Excerpt { line_count: starts.len(), ..Excerpt::empty(name) };
        // Where each end of a label is in the excerpt, by its byte in the file, if it is shown.
        let mut mapped_ends = HashMap::new();
        for line in shown_lines(starts, ranges, config) {
            let start = starts[line];
            let end = starts.get(line + 1).map_or(text.len(), |&next| next - 1);
            let content = text[start..end].strip_suffix('\r').unwrap_or(&text[start..end]);
            let offset = |byte: usize| (byte - start).min(content.len());
            let on_line: Vec<usize> = ends.range(start..=end).map(|&byte| offset(byte)).collect();
            let first: Vec<usize> = [primary.start, primary.end]
                .into_iter()
                .filter(|byte| (start..=end).contains(byte))
                .map(offset)
                .collect();
            let at = excerpt.text.len();
            let mapped = cut_and_escape(content, &on_line, &first, &mut excerpt.text);
            for (byte, position) in ends.range(start..=end).zip(mapped) {
                mapped_ends.entry(*byte).or_insert(position.map(|position| at + position));
            }
            excerpt.text.push('\n');
            excerpt.lines.push((line, at..excerpt.text.len()));
        }
        let at = |byte: usize| mapped_ends.get(&clamp(byte)).copied().flatten();
        excerpt.locus = (at(primary.start).unwrap_or(0), column);
        // A label whose ends are cut out of a long line is not shown.
        let labels = labels
            .iter()
            .filter_map(|(style, range, message)| {
                let label = CsLabel::new(*style, (), at(range.start)?..at(range.end)?);
                Some(match message {
                    Some(message) => label.with_message(printable(message)),
                    None => label,
                })
            })
            .collect();
        (excerpt, labels)
    }
}

/// The lines codespan renders for labels with these ranges (its rules, with `config`'s
/// context): each label's first and last lines, the first and last lines of a long label's
/// inside, context lines, and a single line between two shown ones.
fn shown_lines(starts: &[usize], ranges: impl Iterator<Item = Range<usize>>, config: &Config) -> Vec<usize> {
    let last_line = starts.len().saturating_sub(1);
    let mut shown = BTreeSet::new();
    for range in ranges {
        let (first, last) = (line_of(starts, range.start), line_of(starts, range.end));
        shown.extend(first.saturating_sub(config.before_label_lines)..=first);
        shown.extend(last..=(last + config.after_label_lines).min(last_line));
        shown.extend(first..=(first + config.start_context_lines).min(last));
        shown.extend(last.saturating_sub(config.end_context_lines).max(first)..=last);
    }
    let mut lines: Vec<usize> = shown.into_iter().collect();
    let gaps: Vec<usize> =
        lines.windows(2).filter(|pair| pair[1] - pair[0] == 2).map(|pair| pair[0] + 1).collect();
    lines.extend(gaps);
    lines.sort_unstable();
    lines
}

/// Appends `line` to `out` with control characters escaped and, when it is long, only the bytes
/// around the `ends` (offsets in the line, in order) kept, with `…` where some are left out;
/// the bytes around the `first` ends are always kept. Returns where each end is in `out`'s
/// appended text, if it is kept.
fn cut_and_escape(line: &str, ends: &[usize], first: &[usize], out: &mut String) -> Vec<Option<usize>> {
    let base = out.len();
    let mut mapped = Vec::with_capacity(ends.len());
    let mut pending = ends.iter().copied().peekable();
    let mut previous_end = 0;
    for range in kept(line, ends, first) {
        if range.start > previous_end {
            out.push('…');
        }
        // Ends in the part left out.
        while pending.next_if(|&end| end < range.start).is_some() {
            mapped.push(None);
        }
        for (offset, c) in line[range.clone()].char_indices() {
            while pending.next_if(|&end| end <= range.start + offset).is_some() {
                mapped.push(Some(out.len() - base));
            }
            push_escaped(out, c, true);
        }
        while pending.next_if(|&end| end <= range.end).is_some() {
            mapped.push(Some(out.len() - base));
        }
        previous_end = range.end;
    }
    if previous_end < line.len() {
        out.push('…');
    }
    mapped.extend(pending.map(|_| None));
    mapped
}

/// The parts of a line a snippet shows: all of it, or for a long line the bytes around each of
/// the `first` ends, then around the other `ends` up to [`MOST_KEPT`] bytes in all.
fn kept(line: &str, ends: &[usize], first: &[usize]) -> Vec<Range<usize>> {
    if line.len() <= LONG_LINE {
        return std::iter::once(0..line.len()).collect();
    }
    let window =
        |&end: &usize| floor_boundary(line, end.saturating_sub(AROUND))..ceil_boundary(line, end + AROUND);
    let mut windows: Vec<Range<usize>> = first.iter().map(window).collect();
    let mut total: usize = windows.iter().map(ExactSizeIterator::len).sum();
    // The ends are in order: a window adds the bytes past the previous one.
    let mut previous_end = 0;
    for end in ends {
        if total >= MOST_KEPT {
            break;
        }
        let next = window(end);
        total += next.end.saturating_sub(previous_end.max(next.start));
        previous_end = next.end;
        windows.push(next);
    }
    windows.sort_by_key(|window| window.start);
    let mut kept: Vec<Range<usize>> = Vec::with_capacity(windows.len());
    for window in windows {
        match kept.last_mut() {
            // Joined when the `…` between would hide almost nothing.
            Some(last) if window.start <= last.end + 3 => last.end = last.end.max(window.end),
            _ => kept.push(window),
        }
    }
    kept
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn ceil_boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

impl<'a> Files<'a> for Excerpt {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, Error> {
        Ok(&self.name)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, Error> {
        Ok(&self.text)
    }

    fn line_index(&'a self, (): (), byte_index: usize) -> Result<usize, Error> {
        let shown = self.lines.partition_point(|(_, range)| range.start <= byte_index).saturating_sub(1);
        Ok(self.lines.get(shown).map_or(0, |(line, _)| *line))
    }

    fn line_range(&'a self, (): (), line_index: usize) -> Result<Range<usize>, Error> {
        if line_index >= self.line_count {
            return Err(Error::LineTooLarge { given: line_index, max: self.line_count.saturating_sub(1) });
        }
        Ok(match self.lines.binary_search_by_key(&line_index, |(line, _)| *line) {
            Ok(shown) => self.lines[shown].1.clone(),
            // Not shown: codespan only asks where it is.
            Err(_) => self.text.len()..self.text.len(),
        })
    }

    fn column_number(&'a self, (): (), line_index: usize, byte_index: usize) -> Result<usize, Error> {
        if byte_index == self.locus.0 {
            return Ok(self.locus.1);
        }
        let range = self.line_range((), line_index)?;
        Ok(codespan_reporting::files::column_index(&self.text, range, byte_index) + 1)
    }
}
