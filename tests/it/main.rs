//! End-to-end tests of the `plumb` binary. One test binary, one module per concern.
// Helpers outside `#[test]` functions panic on failure too: they are part of the tests.
#![allow(clippy::unwrap_used, clippy::needless_pass_by_value)]

/// The GitHub Action's steps, and actionlint on the workflows.
mod action;
/// The crate boundaries of ARCHITECTURE.md.
mod architecture;
/// Broken, binary, huge, deeply nested and unreadable input: warnings, and the run goes on.
mod bad_input;
/// `plumb baseline` and `plumb check --baseline`: only new or worse findings are reported.
mod baseline;
/// The result cache: cached runs give a fresh run's output, whatever changed.
mod cache;
/// `--changed-since` and `--staged`, on real git repositories.
mod changes;
/// Exit codes, the human output, the JSON document, `plumb metrics`.
mod cli;
/// Vue and Svelte components: scripts at their lines, suppressions, coverage, changed code.
mod components;
/// Configuration files, `plumb config --show`, `plumb rules`, `plumb explain`, suppressions.
mod config;
/// `--coverage`, the coverage rules and gates, and `plumb coverage`.
mod coverage;
/// `--coverage` with the reports of a real coverage.py run.
mod coveragepy;
/// `plumb diff` and `plumb check --ratchet` on scripted git histories.
mod diff;
/// The README's examples, regenerated from this repository's history and compared.
mod docs_examples;
/// Every output format end to end, `--output`, and the exit-code flags.
mod formats;
/// `plumb completions` and `plumb man`.
mod generate;
/// `plumb defects`, `plumb hotspots` and `check --history` on git repositories built by the tests.
mod history;
/// Hostile input: output files that are not regular files, interrupted runs, special files,
/// unreadable configuration, UTF-16 sources, closed pipes.
mod hostile;
/// C against pmccabe on the Linux kernel's `kernel/` and `mm/`.
mod kernel;
/// `plumb server` in headless Neovim's built-in LSP client.
mod neovim;
/// The wheel and the source distribution, built, installed and used.
mod package;
/// The pre-commit hook, with the real `pre-commit` tool on a real git repository.
mod precommit;
/// `plumb report`: the HTML page's data, options and errors, and the page in headless Chromium.
mod report;
/// `plumb server`: the language server over JSON-RPC, as an editor drives it.
mod server;
/// `--shard K/N`: the shards of a run add up to one run.
mod shard;
/// `--stdin-filename PATH -`: standard input reported as the file it names.
mod stdin;
/// The test tiers: each test left out of `cargo test` names its tier, and CI runs them all.
mod tiers;
/// `plumb trend` on a scripted git history: every series at every sampled commit.
mod trend;
/// Temporary trees and the command under test.
mod util;
/// The VS Code extension, built and packaged with npm and vsce.
mod vscode;
