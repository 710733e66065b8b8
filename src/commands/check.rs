//! `plumb check`: the findings of a run, filtered by a baseline and to changed code, with the
//! coverage gates, in every output format.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::Write;

use anyhow::Result;
use plumb_engine::changes::{self, Changed, Scope};
use plumb_engine::coverage::{Reports, RunCoverage};
use plumb_engine::history::FileHistories;
use plumb_engine::{RunOptions, Workspace};
use plumb_report::Report;
use plumb_report::render::{self, Format, Renderer};

use crate::ExitStatus;
use crate::cli::CheckArgs;
use crate::commands::{
    analyse, conclude, github_step_summary, refuse_empty, reports, sarif_limits, stdin_name, workspace,
};
use crate::destination::Destination;
use crate::output;

/// The changed lines `--changed-since` or `--staged` ask for, if any.
fn changed(ws: &Workspace, args: &CheckArgs) -> Result<Option<Changed>> {
    let Some(scope) = Scope::from_flags(args.changed_since.as_deref(), args.staged, pre_commit_range())?
    else {
        return Ok(None);
    };
    Ok(Changed::load(ws, &scope, under_pre_commit())?)
}

/// `FROM...TO` when pre-commit runs hooks on a range of commits (`pre-commit run --from-ref
/// FROM --to-ref TO`, pre-push hooks): it sets both variables then.
fn pre_commit_range() -> Option<String> {
    let var = |name| std::env::var(name).ok().filter(|value| !value.trim().is_empty());
    Some(format!("{}...{}", var("PRE_COMMIT_FROM_REF")?, var("PRE_COMMIT_TO_REF")?))
}

/// Whether plumb runs as a pre-commit hook (pre-commit sets `PRE_COMMIT=1`).
fn under_pre_commit() -> bool {
    std::env::var_os("PRE_COMMIT").is_some_and(|value| value == "1")
}

/// The revision `--ratchet` compares with: the one given, except `HEAD` under pre-commit run on a
/// range of commits, which is the range.
fn ratchet_base(given: &str) -> String {
    match pre_commit_range() {
        Some(range) if given == "HEAD" && under_pre_commit() => range,
        _ => given.to_owned(),
    }
}

/// Keeps only the findings that are new or worse than at the `--ratchet` base; the note that
/// says what was left out and what improved.
fn ratchet(
    ws: &Workspace,
    report: &mut Report,
    args: &CheckArgs,
    options: &RunOptions<'_>,
) -> Result<String> {
    let base = ratchet_base(args.ratchet.as_deref().unwrap_or("HEAD"));
    // With the base's coverage, both sides carry theirs, to compare.
    let (reports, base_reports) = if args.base_coverage.is_empty() {
        (None, None)
    } else {
        let format = args.coverage.coverage_format;
        (Reports::read(ws, &args.coverage.reports, format)?, Reports::read(ws, &args.base_coverage, format)?)
    };
    let comparison = ws.compare(Some(&base), reports, base_reports, options)?;
    let outcome = comparison.ratchet(report);
    let info = &comparison.report.base;
    let since = match info.kind {
        "merge-base" => format!("since merge-base of {} ({})", info.rev, info.short),
        _ => format!("since {} ({})", info.rev, info.short),
    };
    let mut note = format!(
        "ratchet {since}: {} on code that did not get worse not shown",
        plumb_report::text::plural(outcome.left_out, "finding", "findings")
    );
    if !outcome.improved.is_empty() {
        let _ = write!(note, "; improved: {}", outcome.improved.join(", "));
    }
    Ok(note)
}

/// Drops the findings the baseline records (against every finding, so that only entries that
/// really went away count as fixed), or those the change did not make new or worse; the notes
/// that say what was left out.
fn narrow(
    ws: &Workspace,
    args: &CheckArgs,
    report: &mut Report,
    options: &RunOptions<'_>,
) -> Result<Vec<String>> {
    let mut notes = Vec::new();
    if let Some(path) = &args.baseline {
        let (filtered, notices) = plumb_engine::baseline::retain_new(ws, report, path)?;
        output::notices(&notices);
        notes.extend(filtered);
    }
    if args.ratchet.is_some() {
        notes.push(ratchet(ws, report, args, options)?);
    }
    Ok(notes)
}

/// Whether the run's files are streamed as they are analysed rather than kept
/// ([`Workspace::analyze_streamed`]): with JSON (whose `files` are written in path order as
/// they come) and SARIF (which shows findings only). The coverage gates read only what a
/// streamed run keeps of each file (its path, lines and coverage tally), `--ratchet` only the
/// findings and its own analysis of the changed files, and `--history` is read before the
/// analysis and given to each file as it is written. The changed-code filter, which needs each
/// file's functions, is applied to each file as it comes; but with a baseline or `--ratchet`,
/// which judge the findings left after it, the run keeps its files.
fn streams(args: &CheckArgs, changed: Option<&Changed>) -> bool {
    let narrowed_after = args.baseline.is_some() || args.ratchet.is_some();
    matches!(args.report.format.0, Format::Json | Format::Sarif) && (changed.is_none() || !narrowed_after)
}

/// The JSON document written as the run goes on.
type JsonStream = render::json::Stream<Destination>;

/// Where the report goes: a JSON document written as the run goes on, or the destination the
/// report is written to once complete.
enum Sink {
    Json(JsonStream),
    Plain(Destination),
}

impl Sink {
    fn json(&mut self) -> Option<&mut JsonStream> {
        match self {
            Self::Json(json) => Some(json),
            Self::Plain(_) => None,
        }
    }

    fn destination(&self) -> &Destination {
        match self {
            Self::Json(json) => json.get_ref(),
            Self::Plain(out) => out,
        }
    }
}

/// Analyses the files. A streamed run keeps of each file only its path and counts: it keeps
/// the findings on changed code, if `options` asks for them (and counts them in `changed`), and
/// hands the file's report to `json`, if the format is JSON, as it comes (its entry is written
/// then, with its history from `histories`).
fn analyse_files(
    ws: &Workspace,
    args: &CheckArgs,
    options: &RunOptions<'_>,
    reports: Option<Reports>,
    streamed: bool,
    histories: Option<&FileHistories>,
    (mut json, changed): (Option<&mut JsonStream>, &mut changes::Counts),
) -> Result<plumb_engine::Run> {
    let stdin = stdin_name(&args.input, &args.stdin)?;
    if !streamed {
        return analyse(ws, &args.input, stdin, options, reports, None);
    }
    let mut failed = None;
    let mut detail = Detail::of(args);
    let mut stream = |file: &mut plumb_report::FileReport, findings: &mut Vec<plumb_report::Finding>| {
        if let Some(lines) = options.changed {
            *changed += changes::retain_changed_in(file, findings, lines);
        }
        detail.compact(findings);
        let Some(json) = json.as_mut().filter(|_| failed.is_none()) else { return };
        if args.no_increments {
            file.functions.iter_mut().for_each(|function| function.increments = None);
        }
        if let Some(histories) = histories {
            file.history = Some(histories.of(&file.path));
        }
        failed = json.file(file).err();
    };
    let mut run = analyse(ws, &args.input, stdin, options, reports, Some(&mut stream))?;
    run.report.findings_left_out = detail.left_out;
    match failed {
        Some(error) => Err(error.into()),
        None => Ok(run),
    }
}

/// Which findings of a streamed run keep their detail (the primary label, the labels, notes
/// and help), which only some formats show: those that may be among the `first` of the run,
/// where errors come before warnings and warnings before notes. With `leave_out`, the others
/// are not kept at all, only counted in `left_out`: SARIF writes no more than the first.
struct Detail {
    first: usize,
    seen: [usize; 3],
    leave_out: bool,
    left_out: [u32; 3],
}

impl Detail {
    /// JSON shows no detail but in a shard's report; SARIF, that of the results it keeps, at
    /// most the first [`render::sarif::MAX_RESULTS`] of each level in report order (unless a
    /// baseline or the ratchet, which remove findings after the run, change which those are).
    fn of(args: &CheckArgs) -> Self {
        let removed_later = args.baseline.is_some() || args.ratchet.is_some();
        let sarif = args.report.format.0 == Format::Sarif && !removed_later;
        let first = match args.report.format.0 {
            Format::Json if args.shard.is_none() => 0,
            _ if sarif => render::sarif::MAX_RESULTS,
            _ => usize::MAX,
        };
        Self { first, seen: [0; 3], leave_out: sarif, left_out: [0; 3] }
    }

    /// Drops the detail of the findings that cannot be among the first: those past the first of
    /// their level, less the findings of the levels before theirs seen so far (a warning is
    /// written only while fewer than `first` errors are, and there are at least as many errors
    /// in the end as now). They come in report order.
    fn compact(&mut self, findings: &mut Vec<plumb_report::Finding>) {
        findings.retain_mut(|finding| {
            let level = finding.level as usize;
            let before: usize = self.seen[..level].iter().sum();
            let seen = &mut self.seen[level];
            let among_first = seen.saturating_add(before) < self.first;
            *seen += 1;
            if among_first {
                return true;
            }
            if self.leave_out {
                self.left_out[level] += 1;
                return false;
            }
            finding.label = None;
            finding.labels = Vec::new();
            finding.notes = Vec::new();
            finding.help = None;
            true
        });
    }
}

/// `plumb check`.
pub(crate) fn run(args: &CheckArgs) -> Result<ExitStatus> {
    let start = std::time::Instant::now();
    refuse_history_without_json(args)?;
    stdin_name(&args.input, &args.stdin)?;
    // Fail on an unwritable --output before doing any work.
    let out = Destination::open(args.report.output.as_deref(), args.input.color)?;
    let ws = workspace()?;
    let changed = changed(&ws, args)?;
    let reports = reports(&ws, &args.coverage)?;
    let histories = args.history.then(|| FileHistories::read(&ws)).transpose()?;
    let options = RunOptions {
        rules: args.rules.overrides(),
        keep_sources: args.report.format.0 == Format::Human,
        changed: changed.as_ref(),
        shard: args.shard,
        ..RunOptions::default()
    };
    let streamed = streams(args, changed.as_ref());
    let mut sink = if streamed && args.report.format.0 == Format::Json {
        Sink::Json(render::json::Stream::new(out, args.shard.is_some()))
    } else {
        Sink::Plain(out)
    };
    let history = histories.as_ref().map(|(histories, _)| histories);
    let mut counts = changes::Counts::default();
    let run = analyse_files(&ws, args, &options, reports, streamed, history, (sink.json(), &mut counts))?;
    refuse_empty(&ws, &run, &args.input, args.empty.allow_empty)?;
    sink.destination().refuse_analysed(run.report.files.iter().map(|file| file.path.as_str()))?;
    let mut report = run.report;
    let mut notes = narrow(&ws, args, &mut report, &options)?;
    let changed = changed.as_ref().map(|changed| (changed, streamed.then_some(counts)));
    notes.extend(run_wide(&ws, args, &mut report, run.coverage.as_ref(), changed)?);
    if let Some((histories, notices)) = &histories {
        output::notices(notices);
        if !streamed {
            attach_history(&mut report, histories);
        }
    }
    let code = conclude(&ws, &mut report, &args.report);
    if args.no_increments {
        for function in report.files.iter_mut().flat_map(|file| &mut file.functions) {
            function.increments = None;
        }
    }
    output::problems(&report.problems, args.input.color);
    sarif_limits(args.report.format.0, &report);
    let out = match sink {
        Sink::Json(json) => json.finish(&report)?,
        Sink::Plain(mut out) => {
            write_report(args, &mut report, run.sources, &notes, start, &mut out)?;
            out
        }
    };
    if args.report.format.0 == Format::Github {
        github_step_summary(&report);
    }
    out.finish()?;
    Ok(code)
}

/// What the run adds once its files are analysed and its findings narrowed: the run-wide
/// coverage gates (not baselined, nor ratcheted; the changed-code filter keeps them), the
/// changed-code filter. A streamed run filtered its files' findings as they came (what it did is
/// in `changed`'s counts): the filter is then left to the run-wide findings. Returns the
/// changed-code filter's notes.
fn run_wide(
    ws: &Workspace,
    args: &CheckArgs,
    report: &mut Report,
    coverage: Option<&RunCoverage>,
    changed: Option<(&Changed, Option<changes::Counts>)>,
) -> Result<Vec<String>> {
    let filtered = match changed {
        Some((_, Some(_))) => std::mem::take(&mut report.findings),
        _ => Vec::new(),
    };
    if let Some(coverage) = coverage {
        let settings = ws.project_settings(&args.rules.overrides())?;
        output::notices(&plumb_engine::coverage::gates(
            report,
            coverage,
            changed.map(|(changed, _)| changed),
            &settings,
            args.shard.is_some(),
        )?);
    }
    Ok(match changed {
        None => Vec::new(),
        Some((changed, None)) => changes::retain_changed(report, changed),
        Some((changed, Some(streamed))) => {
            let notes = changes::retain_changed_after(report, changed, streamed);
            // In the order a held report's are in: sorted with the run-wide ones by the gates.
            if coverage.is_some() && args.shard.is_none() {
                plumb_engine::coverage::add_findings(report, filtered);
            } else {
                report.findings.splice(0..0, filtered);
            }
            notes
        }
    })
}

/// Gives each file of a held report its history (a streamed run gives each file its own as it
/// is written).
fn attach_history(report: &mut Report, histories: &FileHistories) {
    for file in &mut report.files {
        file.history = Some(histories.of(&file.path));
    }
}

/// Writes the report in the format asked for (but a streamed JSON document).
fn write_report(
    args: &CheckArgs,
    report: &mut Report,
    sources: HashMap<String, String>,
    notes: &[String],
    start: std::time::Instant,
    out: &mut Destination,
) -> Result<()> {
    match args.report.format.0.renderer() {
        Renderer::Machine(render) => machine(args, render, report, out)?,
        Renderer::Human => write_human(args, report, sources, notes, start.elapsed().as_secs_f64(), out)?,
    }
    Ok(())
}

/// A machine format's report; a shard's JSON report carries what `plumb merge` needs to render
/// any format.
fn machine(
    args: &CheckArgs,
    render: fn(&Report, &mut dyn Write) -> std::io::Result<()>,
    report: &Report,
    out: &mut Destination,
) -> std::io::Result<()> {
    if args.report.format.0 == Format::Json && args.shard.is_some() {
        render::json::render_detailed(report, out)
    } else {
        render(report, out)
    }
}

/// Run-wide findings (the project's and the changed lines' coverage) are made after analysis,
/// which kept only the text of files with findings of their own, and know only a line: read
/// their files, and place them at the line's first byte, for the snippet.
pub(crate) fn sources_for_run_findings(
    report: &mut Report,
    mut sources: HashMap<String, String>,
) -> HashMap<String, String> {
    for finding in &mut report.findings {
        if finding.span.start.byte != 0 {
            continue;
        }
        if !sources.contains_key(&finding.path) && report.files.iter().any(|file| file.path == finding.path) {
            let Ok(text) = std::fs::read_to_string(&finding.path) else { continue };
            sources.insert(finding.path.clone(), text);
        }
        let Some(text) = sources.get(&finding.path) else { continue };
        let line = finding.span.start.line as usize;
        if line <= 1 {
            continue;
        }
        if let Some((at, _)) = text.match_indices('\n').nth(line - 2) {
            finding.span.start.byte = u32::try_from(at + 1).unwrap_or(u32::MAX);
            finding.span.end = finding.span.start;
        }
    }
    sources
}

/// The human output: diagnostics with snippets, then the summary line and the filters' notes.
fn write_human(
    args: &CheckArgs,
    report: &mut Report,
    sources: HashMap<String, String>,
    notes: &[String],
    seconds: f64,
    out: &mut Destination,
) -> Result<()> {
    let options = render::human::Options { verbose: args.verbose };
    let sources = sources_for_run_findings(report, sources);
    render::human::render(report, &sources, options, out)?;
    if !args.report.no_summary {
        output::summary(out, &report.summary, report.coverage.as_ref(), seconds)?;
        for note in notes {
            writeln!(out, "{note}")?;
        }
    }
    Ok(())
}

/// `--history` adds to the JSON report only: with another format it would do nothing.
fn refuse_history_without_json(args: &CheckArgs) -> Result<()> {
    if args.history && args.report.format.0 != Format::Json {
        anyhow::bail!(
            "--history adds each file's git history to the JSON report, and nothing to the {} format: \
             use it with --format json",
            args.report.format.0.name()
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use plumb_report::{Finding, Level, Span};

    use super::Detail;

    fn finding(level: Level) -> Finding {
        Finding {
            rule: "cyclomatic-complexity",
            level,
            path: "a.rs".to_owned(),
            span: Span::default(),
            message: "m".to_owned(),
            label: Some("label".to_owned()),
            function: None,
            measure: None,
            labels: Vec::new(),
            notes: vec!["note".to_owned()],
            help: Some("help".to_owned()),
            fingerprint: String::new(),
        }
    }

    /// `plumb check ARGS...`'s arguments.
    fn check_args(args: &[&str]) -> crate::cli::CheckArgs {
        use clap::Parser as _;
        let cli = crate::cli::Cli::try_parse_from(["plumb", "check"].iter().chain(args)).unwrap();
        match cli.command {
            crate::cli::Command::Check(args) => args,
            _ => unreachable!(),
        }
    }

    #[test]
    fn sarif_keeps_every_finding_when_a_baseline_or_the_ratchet_removes_some_later() {
        let leave_out = |args: &[&str]| Detail::of(&check_args(args)).leave_out;
        assert!(leave_out(&["--format", "sarif"]));
        assert!(!leave_out(&["--format", "sarif", "--ratchet", "HEAD"]));
        assert!(!leave_out(&["--format", "sarif", "--baseline", "plumb-baseline.json"]));
        assert!(!leave_out(&["--format", "json"]));
    }

    #[test]
    fn findings_that_cannot_be_among_the_first_lose_their_detail() {
        // At most three are written, errors first: a warning or a note keeps its detail only
        // while it and the findings of the levels before it seen so far are fewer than three.
        let mut detail = Detail { first: 3, seen: [0; 3], leave_out: false, left_out: [0; 3] };
        let (error, warning, note) = (Level::Error, Level::Warning, Level::Note);
        let mut files = [
            vec![finding(warning), finding(error), finding(note)],
            vec![finding(warning), finding(note), finding(error), finding(error)],
            vec![finding(warning), finding(error)],
        ];
        for file in &mut files {
            detail.compact(file);
        }
        let kept = |findings: &[Finding]| -> Vec<bool> {
            findings.iter().map(|f| f.label.is_some() && f.help.is_some() && !f.notes.is_empty()).collect()
        };
        assert_eq!(kept(&files[0]), [true, true, true]);
        assert_eq!(kept(&files[1]), [true, false, true, true]);
        assert_eq!(kept(&files[2]), [false, false]);
        // The stripped one has none of it left.
        assert_eq!((&files[2][0].label, &files[2][0].help, files[2][0].notes.len()), (&None, &None, 0));
    }

    #[test]
    fn every_finding_sarif_writes_keeps_its_detail() {
        // Levels in a scrambled order, cut into files of varied sizes; whatever the mix, the
        // findings a SARIF log keeps (the first of each level, errors first) are kept with their
        // detail, and those left out are counted by level.
        let levels = [Level::Error, Level::Warning, Level::Note];
        for (seed, leave_out) in (1..200u32).flat_map(|seed| [(seed, false), (seed, true)]) {
            let mut state = seed;
            let mut next = |bound: u32| {
                state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                (state >> 16) % bound
            };
            let mut detail = Detail { first: 10, seen: [0; 3], leave_out, left_out: [0; 3] };
            let (mut all, mut kept) = (Vec::new(), Vec::new());
            for _ in 0..next(12) {
                let mut file = Vec::new();
                for _ in 0..next(6) {
                    let found =
                        Finding { message: all.len().to_string(), ..finding(levels[next(3) as usize]) };
                    all.push(found.clone());
                    file.push(found);
                }
                detail.compact(&mut file);
                kept.extend(file);
            }
            let mut room = 10;
            for (index, level) in levels.into_iter().enumerate() {
                let of_level = all.iter().filter(|f| f.level == level).count();
                let written = of_level.min(room);
                room -= written;
                for first in all.iter().filter(|f| f.level == level).take(written) {
                    let found = kept.iter().find(|f| f.message == first.message);
                    assert!(found.is_some_and(|f| f.label.is_some()), "seed {seed}, {level:?}");
                }
                let left_out = detail.left_out[index] as usize;
                assert_eq!(
                    kept.iter().filter(|f| f.level == level).count() + left_out,
                    of_level,
                    "seed {seed}"
                );
                assert!(leave_out || left_out == 0);
            }
        }
    }
}
