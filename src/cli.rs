//! Command-line arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use plumb_engine::history::FixChoice;
use plumb_engine::{RuleOverrides, WalkOptions, parse_size};
use plumb_history::fixes::Preset;
use plumb_history::samples::Every;

/// Exit status: 0 when no error-level finding, 1 when there are error-level findings (or more
/// warnings than --max-warnings), 2 on bad usage, nothing to analyse, or an internal error.
#[derive(Debug, Parser)]
#[command(
    name = "plumb",
    // The package version and the commit it was built from (build.rs).
    version = env!("PLUMB_VERSION"),
    about = "Measure code complexity and size, and fail the build when a threshold is crossed.",
    after_help = "Exit status: 0 no error-level finding; 1 error-level findings, or more warnings than \
                  --max-warnings; 2 usage or internal error, or nothing to analyse (--exit-zero turns 1 \
                  into 0)."
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Check the code against the rules (complexity, size, coverage with --coverage), and report
    /// what crosses a threshold like a compiler reports errors.
    Check(CheckArgs),
    /// Show the worst functions and per-language totals.
    Metrics(MetricsArgs),
    /// Compare each function with its version at a base commit (new, removed, worse, better,
    /// unchanged), reading the old files from git's objects; exit 1 on regressions.
    Diff(DiffArgs),
    /// The project's measures through its history: complexity, functions over the thresholds,
    /// code lines (and defect density) at sampled commits, read from git's objects; as a
    /// table, JSON, CSV, an SVG chart or Markdown with a Mermaid chart.
    Trend(TrendArgs),
    /// Show per-file and per-function test coverage from coverage reports, least covered first.
    Coverage(CoverageCommandArgs),
    /// Defect density per file and folder, from the fix commits of git history (and a defect
    /// list), with churn; a CI gate with --gate.
    Defects(DefectsArgs),
    /// Files and functions ranked by change frequency (git history) times complexity.
    Hotspots(HotspotsArgs),
    /// Write one self-contained HTML page of the code: a treemap, hotspots, a table of every
    /// function, the findings, and each file's source with its functions' numbers.
    Report(ReportArgs),
    /// Record the current findings, so that `plumb check --baseline` reports only new ones.
    Baseline(BaselineArgs),
    /// Combine the JSON reports of `plumb check --shard K/N` into one report, in any format,
    /// with the exit status one run over every file would have: shards run with --coverage have
    /// the project's and the changed lines' coverage gates applied here, over every shard's
    /// files (docs/shards.md).
    Merge(MergeArgs),
    /// Show the configuration that applies to a file or directory.
    Config(ConfigArgs),
    /// List the rules, with their default levels and thresholds.
    Rules,
    /// List the languages plumb measures: the extensions, file names and `#!` interpreters
    /// that select each, and the tree-sitter grammar (crate and version) it is parsed with.
    Languages {
        /// Output format: aligned lines, or a JSON array of {name, id, extensions, file_names,
        /// interpreters, grammar: {crate, version}}.
        #[arg(long, value_enum, default_value_t = MetricsFormat::Human)]
        format: MetricsFormat,
    },
    /// Explain a rule: what it measures, why it matters, an example, and its default.
    Explain {
        /// The rule's id (`plumb rules` lists them).
        rule: String,
    },
    /// Run the language server for editors, over standard input and output: diagnostics as
    /// you type, per-function complexities, hovers and code actions (docs/editors.md).
    Server(ServerArgs),
    /// Print the shell completion script for bash, zsh, fish, PowerShell or elvish.
    #[command(after_help = "Install it where the shell looks for completions, e.g. \
                            `plumb completions bash > ~/.local/share/bash-completion/completions/plumb`, \
                            `plumb completions zsh > ~/.zfunc/_plumb` (with ~/.zfunc in $fpath), \
                            `plumb completions fish > ~/.config/fish/completions/plumb.fish`.")]
    Completions {
        /// The shell the script is for.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page of plumb or of one of its commands (roff, for `man -l -`), or write
    /// every page to a directory.
    Man(ManArgs),
}

#[derive(Debug, Args)]
pub(crate) struct ServerArgs {
    /// Talk over standard input and output: the only transport, and the default (accepted
    /// because editors' clients pass it).
    #[arg(long)]
    pub(crate) stdio: bool,

    #[command(flatten)]
    pub(crate) cache: CacheArgs,
}

#[derive(Debug, Args)]
pub(crate) struct ManArgs {
    /// The command whose page to print (`plumb man check` prints plumb-check(1)); plumb(1) when
    /// omitted.
    #[arg(value_name = "COMMAND", conflicts_with = "dir")]
    pub(crate) command: Option<String>,

    /// Write every page (plumb.1, plumb-check.1, ...) into this directory instead, e.g.
    /// /usr/local/share/man/man1.
    #[arg(long, value_name = "DIR")]
    pub(crate) dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct MergeArgs {
    /// The shards' reports: `plumb check --shard K/N --format json` of every K.
    #[arg(required = true, value_name = "REPORT.json")]
    pub(crate) reports: Vec<PathBuf>,

    #[command(flatten)]
    pub(crate) report: ReportFlags,

    /// When to use colour: `auto` colours a terminal unless NO_COLOR is set.
    #[arg(long, value_enum, default_value_t = Color::Auto, value_name = "WHEN")]
    pub(crate) color: Color,
}

#[derive(Debug, Args)]
pub(crate) struct ConfigArgs {
    /// Print the effective configuration (the default action).
    #[arg(long)]
    pub(crate) show: bool,

    /// The file or directory whose configuration to show.
    #[arg(default_value = ".")]
    pub(crate) path: PathBuf,

    #[command(flatten)]
    pub(crate) rules: RuleFlags,
}

/// Options shared by every command that analyses files.
#[derive(Debug, Args)]
pub(crate) struct InputArgs {
    /// Files and directories to analyse. Directories are walked respecting .gitignore;
    /// files named here are always analysed.
    #[arg(default_value = ".")]
    pub(crate) paths: Vec<PathBuf>,

    /// Skip files larger than this many bytes (suffixes K, M and G are accepted; default 5M, or
    /// `max-file-size` in the configuration).
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    pub(crate) max_file_size: Option<u64>,

    /// Do not respect .gitignore, .ignore and other ignore files.
    #[arg(long)]
    pub(crate) no_ignore: bool,

    /// Follow symbolic links when walking directories.
    #[arg(long)]
    pub(crate) follow_links: bool,

    /// Number of threads (default: one per CPU; at most 4 per CPU).
    #[arg(short = 'j', long, value_name = "N")]
    pub(crate) threads: Option<usize>,

    /// Never show a progress bar.
    #[arg(long)]
    pub(crate) no_progress: bool,

    /// When to use colour: `auto` colours a terminal unless NO_COLOR is set.
    #[arg(long, value_enum, default_value_t = Color::Auto, value_name = "WHEN")]
    pub(crate) color: Color,

    #[command(flatten)]
    pub(crate) cache: CacheArgs,
}

/// Where each file's metrics are kept between runs (docs/cache.md).
#[derive(Debug, Clone, Default, Args)]
pub(crate) struct CacheArgs {
    /// Measure every file, neither reading nor writing the result cache.
    #[arg(long, conflicts_with = "cache_dir")]
    pub(crate) no_cache: bool,

    /// Keep the result cache in DIR (default: $PLUMB_CACHE_DIR, else $XDG_CACHE_HOME/plumb,
    /// else ~/.cache/plumb). Its size is bounded by $PLUMB_CACHE_MAX_SIZE (default 512M).
    #[arg(long, value_name = "DIR")]
    pub(crate) cache_dir: Option<PathBuf>,
}

/// The most threads `-j` gets per CPU. More only add contention over the same files, and tens
/// of thousands of threads exhaust the process before any file is read.
pub(crate) const THREADS_PER_CPU: usize = 4;

impl InputArgs {
    /// The threads `-j` asks for, capped at [`THREADS_PER_CPU`] per CPU; `None` for one per CPU.
    pub(crate) fn threads(&self) -> Option<usize> {
        self.threads.filter(|&asked| asked > 0).map(|asked| asked.min(max_threads()))
    }

    /// How directories are walked.
    pub(crate) fn walk(&self) -> WalkOptions {
        WalkOptions { no_ignore: self.no_ignore, follow_links: self.follow_links, threads: self.threads() }
    }
}

/// `K/N`.
fn parse_shard(text: &str) -> Result<plumb_engine::Shard, String> {
    text.parse()
}

/// The most threads a run uses.
pub(crate) fn max_threads() -> usize {
    let cpus = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    cpus.saturating_mul(THREADS_PER_CPU)
}

/// Where a report goes, in which format, and when its findings fail the run: `check` and
/// `merge` share them, so that a merged report is rendered and judged as one run's.
#[derive(Debug, Args)]
pub(crate) struct ReportFlags {
    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat(plumb_report::render::Format::Human))]
    pub(crate) format: CheckFormat,

    /// Write the report to this file instead of standard output (`-`). A regular file is
    /// replaced only when the report is complete; a symbolic link is followed, a device or a
    /// FIFO written into; a directory, a read-only file or a file the run analyses is refused.
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,

    /// Exit 0 even when there are error-level findings (usage and internal errors still exit 2).
    #[arg(long)]
    pub(crate) exit_zero: bool,

    /// Also fail (exit 1) when there are more than N warnings.
    #[arg(long, value_name = "N", conflicts_with = "exit_zero")]
    pub(crate) max_warnings: Option<u32>,

    /// Do not print the one-line summary of the run (human format; for hooks that run on a few
    /// files).
    #[arg(long)]
    pub(crate) no_summary: bool,
}

// Command-line switches are naturally booleans.
#[allow(clippy::struct_excessive_bools)]
#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    #[command(flatten)]
    pub(crate) input: InputArgs,

    #[command(flatten)]
    pub(crate) stdin: StdinFlag,

    #[command(flatten)]
    pub(crate) empty: EmptyFlag,

    #[command(flatten)]
    pub(crate) report: ReportFlags,

    /// Report only findings that are not in this baseline file (written by `plumb baseline`),
    /// or that got worse since it was written. A relative FILE that is not in the working
    /// directory is looked for at the repository root; its paths are relative to that root.
    #[arg(long, value_name = "FILE")]
    pub(crate) baseline: Option<PathBuf>,

    /// Report only findings on functions that overlap lines the branch changed since it left
    /// this git revision: from the merge base of REV and HEAD (as `git diff REV...HEAD` shows)
    /// to the working tree, with staged, unstaged and untracked files. `A...B` and `A..B` mean
    /// the same, B (HEAD when left out) being the checked-out commit. Only changed files are
    /// analysed.
    #[arg(long, value_name = "REV", conflicts_with = "staged")]
    pub(crate) changed_since: Option<String>,

    /// Analyse only shard K of N: a stable, size-balanced share of the files, for CI machines
    /// that each check one (the largest 4×N files are dealt by size, the others go by a hash of
    /// their path; docs/shards.md).
    #[arg(long, value_name = "K/N", value_parser = parse_shard)]
    pub(crate) shard: Option<plumb_engine::Shard>,

    /// Report only findings on functions that overlap staged changes. As a pre-commit hook:
    /// when pre-commit runs on a range of commits (PRE_COMMIT_FROM_REF and PRE_COMMIT_TO_REF
    /// set), the changes of that range since its merge base; when nothing is staged
    /// (`pre-commit run --all-files`), the files are checked whole.
    #[arg(long)]
    pub(crate) staged: bool,

    /// Add each file's git history (commits, fixes, defects, lines added and deleted, authors,
    /// over 12 months or the `[history]` window) to the JSON output (with --format json only).
    #[arg(long)]
    pub(crate) history: bool,

    /// Report only findings that are new or worse than at this git revision (a ratchet: no
    /// file to commit): a function that crosses a threshold, gets further over one, or is new
    /// and over one. Findings on code that did not get worse are left out; functions that
    /// improved are named in the summary. REV is read as for --changed-since. As a pre-commit
    /// hook, `--ratchet HEAD` compares the staged files with the last commit, or, when
    /// pre-commit runs on a range (PRE_COMMIT_FROM_REF and PRE_COMMIT_TO_REF), with its start.
    #[arg(
        long,
        value_name = "REV",
        conflicts_with_all = ["changed_since", "staged", "baseline", "min_changed_coverage"]
    )]
    pub(crate) ratchet: Option<String>,

    /// With --ratchet and --coverage (both required): a coverage report of the base's test run (as --coverage
    /// reads it; repeat it for several). The coverage rules then compare each function with its
    /// base version: a finding is kept when its coverage fell or its CRAP score rose, or the rule
    /// did not report it at the base. Without it they are kept on new and changed functions.
    #[arg(long, value_name = "FILE", requires = "ratchet", requires = "reports")]
    pub(crate) base_coverage: Vec<String>,

    #[command(flatten)]
    pub(crate) coverage: CoverageArgs,

    #[command(flatten)]
    pub(crate) rules: RuleFlags,

    /// Show each decision point and each cognitive complexity increment (with its nesting) as
    /// a label in the source snippet.
    #[arg(short, long)]
    pub(crate) verbose: bool,

    /// Leave each function's `increments` (what every construct adds to its cyclomatic and
    /// cognitive complexity) out of the JSON document: they make about a third of it.
    #[arg(long)]
    pub(crate) no_increments: bool,
}

/// Rule settings given on the command line; they take precedence over configuration files.
#[derive(Debug, Args, Default)]
pub(crate) struct RuleFlags {
    #[command(flatten)]
    pub(crate) limits: LimitFlags,

    /// With --coverage: fail when the project's line coverage is below this percentage (rule
    /// `coverage`; default 80).
    #[arg(long, value_name = "PERCENT", value_parser = parse_percent)]
    pub(crate) min_coverage: Option<f64>,

    /// With --coverage and --changed-since or --staged: fail when the coverage of the changed
    /// lines is below this percentage (rule `changed-coverage`; default 80). Refused with
    /// --ratchet.
    #[arg(long, value_name = "PERCENT", value_parser = parse_percent)]
    pub(crate) min_changed_coverage: Option<f64>,
}

/// Standard input as the source of one file.
#[derive(Debug, Args, Default)]
pub(crate) struct StdinFlag {
    /// Read the source from standard input (give `-` as the path) and report it as PATH: its
    /// language, configuration, suppressions and the paths in the report all come from PATH,
    /// which need not exist. For editors and other tools' integrations.
    #[arg(long, value_name = "PATH")]
    pub(crate) stdin_filename: Option<PathBuf>,
}

/// Whether a run that analyses no file may pass.
#[derive(Debug, Args, Default)]
pub(crate) struct EmptyFlag {
    /// Accept a run whose directories hold no file to analyse (all ignored, excluded by the
    /// configuration, or in no language plumb measures); without it such a run exits 2 and says
    /// why. Files named on the command line (as pre-commit names them) never need it.
    #[arg(long)]
    pub(crate) allow_empty: bool,
}

impl RuleFlags {
    /// The settings the flags give.
    pub(crate) fn overrides(&self) -> RuleOverrides {
        RuleOverrides {
            min_coverage: self.min_coverage,
            min_changed_coverage: self.min_changed_coverage,
            ..self.limits.overrides()
        }
    }
}

/// The thresholds of the function rules, given on the command line.
#[derive(Debug, Args, Default, Clone)]
pub(crate) struct LimitFlags {
    /// Report functions whose cyclomatic complexity is above this (rule `cyclomatic-complexity`;
    /// default 10).
    #[arg(long, value_name = "N")]
    pub(crate) max_cyclomatic: Option<u32>,

    /// Report functions whose cognitive complexity is above this (rule `cognitive-complexity`;
    /// default 15).
    #[arg(long, value_name = "N")]
    pub(crate) max_cognitive: Option<u32>,
}

impl LimitFlags {
    /// The settings the flags give.
    pub(crate) fn overrides(&self) -> RuleOverrides {
        RuleOverrides {
            max_cyclomatic: self.max_cyclomatic,
            max_cognitive: self.max_cognitive,
            ..RuleOverrides::default()
        }
    }
}

/// Coverage reports to read.
#[derive(Debug, Args, Default)]
pub(crate) struct CoverageArgs {
    // Its help names every format the reader table has (`coverage_help`).
    #[arg(long = "coverage", value_name = "FILE", help = coverage_help())]
    pub(crate) reports: Vec<String>,

    /// The reports' format, when it should not be detected from their content.
    #[arg(long, value_name = "FORMAT", value_parser = parse_coverage_format, requires = "reports")]
    pub(crate) coverage_format: Option<plumb_coverage::Format>,
}

#[derive(Debug, Args)]
pub(crate) struct BaselineArgs {
    #[command(flatten)]
    pub(crate) input: InputArgs,

    #[command(flatten)]
    pub(crate) empty: EmptyFlag,

    // The function rules' thresholds. The project coverage gates (`--min-coverage`,
    // `--min-changed-coverage`) are not offered: their findings are about a whole run, and a
    // baseline does not record them.
    #[command(flatten)]
    pub(crate) limits: LimitFlags,

    // Coverage reports, so that the coverage rules' findings (`crap`,
    // `uncovered-complex-function`, a file's `coverage`) are recorded too.
    #[command(flatten)]
    pub(crate) coverage: CoverageArgs,

    /// Where to write the baseline.
    #[arg(short, long, value_name = "FILE", default_value = "plumb-baseline.json")]
    pub(crate) output: PathBuf,
}

#[derive(Debug, Args)]
pub(crate) struct CoverageCommandArgs {
    /// Coverage reports (globs allowed); their format is detected from their content.
    #[arg(required = true, value_name = "REPORT")]
    pub(crate) reports: Vec<String>,

    /// The reports' format, when it should not be detected from their content.
    #[arg(long, value_name = "FORMAT", value_parser = parse_coverage_format)]
    pub(crate) coverage_format: Option<plumb_coverage::Format>,

    /// Files and directories whose functions to show (default `.`); repeat for several.
    #[arg(short, long = "path", value_name = "PATH")]
    pub(crate) paths: Vec<PathBuf>,

    /// How many files and functions to list (0: all).
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub(crate) top: usize,

    /// Output format.
    #[arg(long, value_enum, default_value_t = MetricsFormat::Human)]
    pub(crate) format: MetricsFormat,
}

#[derive(Debug, Args)]
pub(crate) struct MetricsArgs {
    #[command(flatten)]
    pub(crate) input: InputArgs,

    #[command(flatten)]
    pub(crate) stdin: StdinFlag,

    #[command(flatten)]
    pub(crate) empty: EmptyFlag,

    /// How many of the worst functions to list (0: all).
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub(crate) top: usize,

    /// What "worst" means.
    #[arg(long, value_enum, default_value_t = SortKey::Cyclomatic)]
    pub(crate) sort: SortKey,

    /// Output format.
    #[arg(long, value_enum, default_value_t = MetricsFormat::Human)]
    pub(crate) format: MetricsFormat,
}

/// `plumb diff`.
#[derive(Debug, Args)]
pub(crate) struct DiffArgs {
    /// The revision to compare the working tree with: a commit, branch or tag (from its merge
    /// base with HEAD, as `git diff REV...HEAD`), or `A...B` / `A..B` with B the checked-out
    /// commit. Default: the merge base with the branch's upstream, else with origin/HEAD.
    #[arg(value_name = "BASE")]
    pub(crate) base: Option<String>,

    /// Output format: `human` (a table, worst first), `json`, `markdown` (a pull-request
    /// comment) or `github` (annotations on regressions).
    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    pub(crate) format: DiffFormat,

    /// Write the output to this file instead of standard output (`-`).
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,

    /// Exit 0 even when a function got worse over a threshold.
    #[arg(long)]
    pub(crate) exit_zero: bool,

    /// Skip files larger than this many bytes (suffixes K, M and G are accepted; default 5M, or
    /// `max-file-size` in the configuration).
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    pub(crate) max_file_size: Option<u64>,

    /// Number of threads (default: one per CPU; at most 4 per CPU).
    #[arg(short = 'j', long, value_name = "N")]
    pub(crate) threads: Option<usize>,

    /// When to use colour: `auto` colours a terminal unless NO_COLOR is set.
    #[arg(long, value_enum, default_value_t = Color::Auto, value_name = "WHEN")]
    pub(crate) color: Color,

    #[command(flatten)]
    pub(crate) coverage: CoverageArgs,

    #[command(flatten)]
    pub(crate) limits: LimitFlags,
}

/// `plumb trend`.
#[derive(Debug, Args)]
pub(crate) struct TrendArgs {
    /// Measure these commits (commits, branches, tags), ordered by date, instead of sampling
    /// the history with --since and --every.
    #[arg(value_name = "REVISION", conflicts_with_all = ["since", "every"])]
    pub(crate) revisions: Vec<String>,

    /// Where the sampled history starts: a date as git reads it (`1.year`, `6 months`,
    /// `2025-01-31`) or a commit, branch or tag (included). Default: a year ago.
    #[arg(long, value_name = "DATE|REV")]
    pub(crate) since: Option<String>,

    /// How often to sample the first-parent history of HEAD: `week` or `month` (the last
    /// commit of each, UTC), or a number N (every Nth commit, counted back from HEAD, which is
    /// always measured). Default: month.
    #[arg(long, value_name = "week|month|N", value_parser = parse_every)]
    pub(crate) every: Option<Every>,

    /// Also the defect density at each commit: distinct defects fixed in the year before it
    /// (fix commits as `plumb defects` recognises them) per 1,000 code lines.
    #[arg(long)]
    pub(crate) history: bool,

    /// Output format: `table`, `json` (points oldest first, docs/json.md), `csv`, `svg` (an
    /// 800x400 line chart) or `markdown` (a Mermaid xychart and the table).
    #[arg(long, value_enum, default_value_t = TrendFormat::Table)]
    pub(crate) format: TrendFormat,

    /// Write the output to this file instead of standard output (`-`).
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,

    /// Skip files larger than this many bytes (suffixes K, M and G are accepted; default 5M, or
    /// `max-file-size` in the configuration).
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    pub(crate) max_file_size: Option<u64>,

    /// Number of threads (default: one per CPU; at most 4 per CPU).
    #[arg(short = 'j', long, value_name = "N")]
    pub(crate) threads: Option<usize>,

    #[command(flatten)]
    pub(crate) limits: LimitFlags,
}

/// `--every`: `week`, `month` or a number of commits.
fn parse_every(text: &str) -> Result<Every, String> {
    Every::parse(text)
        .ok_or_else(|| format!("expected `week`, `month` or a number of commits (1 or more), not `{text}`"))
}

/// `plumb trend`'s output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum TrendFormat {
    /// One line per commit, oldest first.
    Table,
    /// The points, oldest first, with every series (docs/json.md).
    Json,
    /// A header line and one line per commit.
    Csv,
    /// A line chart, 800 by 400: complexity (p90 and mean) and the share over the thresholds.
    Svg,
    /// A Mermaid xychart of the complexity and the table, for a pull-request comment or README.
    Markdown,
}

/// `plumb diff`'s output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum DiffFormat {
    /// A table of the functions that changed, worst first, and the totals.
    Human,
    /// The whole comparison (docs/json.md).
    Json,
    /// A pull-request comment: a verdict, the regressions, the improvements, the rest folded.
    Markdown,
    /// GitHub Actions annotations on the regressions.
    Github,
}

/// Options shared by the history commands.
#[derive(Debug, Args)]
pub(crate) struct WindowArgs {
    #[command(flatten)]
    pub(crate) input: InputArgs,

    /// Where the window of history starts: a date (`12 months`, `2 weeks ago`, `2025-01-31`)
    /// or a commit, branch or tag (the commits after it). Default: 12 months, or `since` in
    /// the `[history]` table of plumb.toml.
    #[arg(long, value_name = "WHEN")]
    pub(crate) since: Option<String>,
}

/// `plumb defects`.
#[derive(Debug, Args)]
pub(crate) struct DefectsArgs {
    #[command(flatten)]
    pub(crate) window: WindowArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = DefectsFormat::Human)]
    pub(crate) format: DefectsFormat,

    /// How fix commits are recognised (repeat or separate with commas): `keywords`,
    /// `conventional`, `trailers`, `issue-keys` (ids of --defects), or `none` (only
    /// --fix-pattern). Default: keywords, conventional and trailers (none with --fix-pattern),
    /// plus issue-keys with --defects.
    #[arg(long = "fix-preset", value_name = "PRESET", value_enum, value_delimiter = ',')]
    pub(crate) fix_presets: Vec<PresetArg>,

    /// A regular expression that marks a commit message as a fix (repeat for several).
    #[arg(long = "fix-pattern", value_name = "REGEX")]
    pub(crate) fix_patterns: Vec<String>,

    /// Also count commits that only fix typos, lint, formatting, CI, the build, tests or docs,
    /// or what linters, type checkers and formatters report (flake8, mypy, eslint, clippy...).
    #[arg(long)]
    pub(crate) no_default_exclusions: bool,

    /// A defect list exported from the issue tracker: Jira CSV or GitHub issues JSON.
    #[arg(long, value_name = "FILE")]
    pub(crate) defects: Option<PathBuf>,

    /// Files and folders with fewer lines of code are shown but not ranked (default 200).
    #[arg(long, value_name = "N")]
    pub(crate) min_code: Option<u32>,

    /// How many files and folders to list in human and Markdown output (0: all).
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub(crate) top: usize,

    /// Fail (exit 1) when a folder's defect density is above the maximum: turns the
    /// `defect-density` rule on as an error when the configuration does not.
    #[arg(long)]
    pub(crate) gate: bool,

    /// The maximum defects per 1,000 lines of code of a folder (rule `defect-density`;
    /// default 1).
    #[arg(long, value_name = "N")]
    pub(crate) max_density: Option<f64>,

    /// Also list, for each folder and file shown, the fix commits counted (hash, subject, the
    /// rule that matched, the defects), and the commits an exclusion left out.
    #[arg(short, long)]
    pub(crate) verbose: bool,
}

/// `plumb hotspots`.
#[derive(Debug, Args)]
pub(crate) struct HotspotsArgs {
    #[command(flatten)]
    pub(crate) window: WindowArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = HotspotsFormat::Human)]
    pub(crate) format: HotspotsFormat,

    /// How many files and functions to list (0: all).
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub(crate) top: usize,
}

impl DefectsArgs {
    /// How fix commits are recognised, as the arguments say.
    pub(crate) fn fix_choice(&self) -> FixChoice {
        let presets = (!self.fix_presets.is_empty()).then(|| {
            self.fix_presets
                .iter()
                .filter_map(|preset| match preset {
                    PresetArg::Keywords => Some(Preset::Keywords),
                    PresetArg::Conventional => Some(Preset::Conventional),
                    PresetArg::Trailers => Some(Preset::Trailers),
                    PresetArg::IssueKeys => Some(Preset::IssueKeys),
                    PresetArg::None => None,
                })
                .collect()
        });
        FixChoice {
            presets,
            patterns: self.fix_patterns.clone(),
            no_default_exclusions: self.no_default_exclusions,
        }
    }
}

/// A fix preset on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum PresetArg {
    /// Whole words: fix, bug, defect, crash, regression, hotfix, patch and their forms.
    Keywords,
    /// Conventional Commits `fix:`, `fix(scope):`, `fix!:`.
    Conventional,
    /// `Fixes: #12` and `Closes: ABC-3` trailers, and `fixes #12` closing keywords.
    Trailers,
    /// Mentions of the ids of the --defects list.
    IssueKeys,
    /// No preset: only --fix-pattern.
    None,
}

/// The formats of `plumb defects`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum DefectsFormat {
    /// Aligned tables.
    Human,
    /// JSON (see docs/history.md).
    Json,
    /// Markdown tables, for pull-request comments and job summaries.
    Markdown,
    /// SARIF 2.1.0 of the gate's findings, for code scanning.
    Sarif,
}

/// The formats of `plumb hotspots`, which ranks files and has no findings (so no SARIF).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum HotspotsFormat {
    /// Aligned tables.
    Human,
    /// JSON (see docs/history.md).
    Json,
    /// Markdown tables, for pull-request comments and job summaries.
    Markdown,
}

/// `plumb report`.
#[derive(Debug, Args)]
pub(crate) struct ReportArgs {
    #[command(flatten)]
    pub(crate) input: InputArgs,

    #[command(flatten)]
    pub(crate) empty: EmptyFlag,

    /// Write the page to this file (`-`: standard output). A regular file is replaced only when
    /// the page is complete.
    #[arg(short, long, value_name = "FILE", default_value = "plumb-report.html")]
    pub(crate) output: PathBuf,

    /// Plot the hotspots: each file and function by how many commits changed it in the window
    /// (git history, as `plumb hotspots` counts them) against its complexity.
    #[arg(long)]
    pub(crate) history: bool,

    /// With --history: where the window starts, a date (`12 months`, `2025-01-31`) or a
    /// revision. Default: 12 months, or `since` in the `[history]` table of plumb.toml.
    #[arg(long, value_name = "WHEN", requires = "history")]
    pub(crate) since: Option<String>,

    /// Draw the trend of earlier measurements: a JSON document whose `points` give each
    /// commit's function count, code lines, complexity and share over the thresholds
    /// (docs/report.md describes it).
    #[arg(long, value_name = "FILE")]
    pub(crate) trend: Option<PathBuf>,

    /// Mark the code changed since this revision's merge base with HEAD (`origin/main`, `HEAD`;
    /// `A...B` and `A..B` too), staged, unstaged and untracked changes included: the functions
    /// it touches (a column and a filter of the table) and the lines (in the source views).
    /// With --coverage, the coverage of the changed lines is gated as `check --changed-since`
    /// gates it.
    #[arg(long, value_name = "REV")]
    pub(crate) changed_since: Option<String>,

    /// Which files' source the page holds, for its source views: `all`, the files with
    /// `findings`, or `none` (the page then shows each file's functions without its text).
    #[arg(long, value_enum, default_value_t = SourcesArg::All, value_name = "WHICH")]
    pub(crate) sources: SourcesArg,

    #[command(flatten)]
    pub(crate) coverage: CoverageArgs,

    #[command(flatten)]
    pub(crate) rules: RuleFlags,
}

/// Which sources go into the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum SourcesArg {
    /// Every analysed file.
    All,
    /// The files with findings.
    Findings,
    /// None.
    None,
}

/// An output format of `plumb check`, from the format table of `plumb-report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CheckFormat(pub(crate) plumb_report::render::Format);

impl CheckFormat {
    /// Every format, in the table's order.
    const ALL: [CheckFormat; plumb_report::render::Format::ALL.len()] = {
        let formats = plumb_report::render::Format::ALL;
        let mut all = [CheckFormat(formats[0]); plumb_report::render::Format::ALL.len()];
        let mut i = 1;
        while i < formats.len() {
            all[i] = CheckFormat(formats[i]);
            i += 1;
        }
        all
    };
}

impl ValueEnum for CheckFormat {
    fn value_variants<'a>() -> &'a [Self] {
        &Self::ALL
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(self.0.name()).help(self.0.help()))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum MetricsFormat {
    /// Aligned tables.
    Human,
    /// JSON.
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum SortKey {
    /// Cyclomatic complexity.
    Cyclomatic,
    /// Cognitive complexity.
    Cognitive,
    /// Lines of code.
    Code,
    /// Parameters.
    Params,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Color {
    /// Colour when writing to a terminal and NO_COLOR is not set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// Keeps the first `top` rows of a ranking; `--top 0` keeps them all, in every command.
pub(crate) fn keep_top<T>(rows: &mut Vec<T>, top: usize) {
    if top > 0 {
        rows.truncate(top);
    }
}

/// A percentage from 0 to 100.
pub(crate) fn parse_percent(text: &str) -> Result<f64, String> {
    let number: f64 = text.trim_end_matches('%').parse().map_err(|_| format!("`{text}` is not a number"))?;
    if (0.0..=100.0).contains(&number) { Ok(number) } else { Err(format!("{text} is not between 0 and 100")) }
}

/// The help of `--coverage`, which names every format plumb reads.
fn coverage_help() -> String {
    format!(
        "A coverage report ({}); repeat it, or use a glob such as `'coverage/**/lcov.info'`, for \
         several. Reports are merged by summing hits",
        plumb_coverage::Format::listed()
    )
}

/// A coverage format by its command-line name.
pub(crate) fn parse_coverage_format(text: &str) -> Result<plumb_coverage::Format, String> {
    plumb_coverage::Format::from_name(text).ok_or_else(|| {
        let names: Vec<&str> = plumb_coverage::Format::ALL.iter().map(|format| format.name()).collect();
        format!("unknown coverage format; expected one of {}", names.join(", "))
    })
}
