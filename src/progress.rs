//! The progress bar of a run.

use std::io::IsTerminal;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A progress bar on stderr, shown only on a terminal and only once a run has taken a second.
pub(crate) struct Bar {
    indicator: ProgressBar,
    start: OnceLock<Instant>,
    enabled: bool,
    shown: AtomicBool,
}

impl Bar {
    /// A bar, hidden unless `allowed` and stderr is a terminal.
    pub(crate) fn new(allowed: bool) -> Self {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} files ({per_sec}, {eta} left)")
        {
            bar.set_style(style);
        }
        Self {
            indicator: bar,
            start: OnceLock::new(),
            enabled: allowed && std::io::stderr().is_terminal(),
            shown: AtomicBool::new(false),
        }
    }
}

impl plumb_engine::Progress for Bar {
    fn start(&self, files: usize) {
        self.indicator.set_length(files as u64);
        let _ = self.start.set(Instant::now());
    }

    fn advance(&self) {
        self.indicator.inc(1);
        if self.enabled
            && !self.shown.load(Ordering::Relaxed)
            && self.start.get().is_some_and(|start| start.elapsed() > Duration::from_secs(1))
            && !self.shown.swap(true, Ordering::Relaxed)
        {
            self.indicator.set_draw_target(ProgressDrawTarget::stderr());
        }
    }

    fn finish(&self) {
        self.indicator.finish_and_clear();
    }
}
