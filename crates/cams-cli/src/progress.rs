//! `--all-pages`' progress bar on stderr (only when stderr is a terminal): items so far, and
//! once the listing says its `Total`, a bar with the rate and the time left. It ticks on its
//! own, so it redraws at the terminal's new width after a resize, and it is cleared when the
//! listing ends, fails or is interrupted.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal as _;
use std::time::Duration;

/// How often the bar redraws by itself (a resized terminal is picked up at the next tick).
const TICK: Duration = Duration::from_millis(200);

/// The bar of one `--all-pages` run.
#[derive(Debug, Clone)]
pub(crate) struct Progress {
    bar: ProgressBar,
    total_known: bool,
}

impl Progress {
    /// A bar on stderr when it is a terminal, else one that draws nothing.
    pub(crate) fn new() -> Progress {
        if !std::io::stderr().is_terminal() {
            return Progress {
                bar: ProgressBar::hidden(),
                total_known: false,
            };
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template("{spinner} {pos} items ({per_sec})") {
            bar.set_style(style);
        }
        bar.enable_steady_tick(TICK);
        Progress {
            bar,
            total_known: false,
        }
    }

    /// Items so far, and the listing's `Total` when the page says it.
    pub(crate) fn update(&mut self, items: u64, total: Option<u64>) {
        if let Some(total) = total {
            if !self.total_known {
                self.total_known = true;
                if let Ok(style) = ProgressStyle::with_template(
                    "{spinner} {pos}/{len} items {wide_bar} {per_sec}, {eta} left",
                ) {
                    self.bar.set_style(style);
                }
            }
            self.bar.set_length(total.max(items));
        }
        self.bar.set_position(items);
    }

    /// Takes the bar off the terminal (the listing ended, failed or was interrupted).
    pub(crate) fn clear(&self) {
        self.bar.finish_and_clear();
    }
}
