//! Live reload: what the dev server tells open pages, over Server-Sent Events.
//!
//! The serve loop publishes an event after each rebuild; every open page holds
//! an `EventSource` connection and receives it. A page that connects while the
//! book is broken gets the diagnostics at once, so the overlay shows on every
//! page, new or old, until a good save clears it.

use tokio::sync::watch;

/// What open pages should do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum ReloadEvent {
    /// Nothing yet (no rebuild since start).
    Idle,
    /// Reload the page.
    Reload,
    /// Only stylesheets changed: swap them for these (site paths of the new
    /// stylesheets, whose names carry their content's hash).
    Stylesheets(Vec<String>),
    /// The book is broken: show these diagnostics over the page.
    Diagnostics(String),
}

/// The latest event, shared by the serve loop and every open page's stream.
#[derive(Debug)]
pub(super) struct Broadcast {
    latest: watch::Sender<ReloadEvent>,
    /// Whether the print page and the PDF are being remade: pages reload
    /// before they are, and a request for them waits until they are.
    remaking_print: watch::Sender<bool>,
    /// The book's warnings after the last good build, one per line (empty:
    /// none), shown in a panel every open page can dismiss.
    warnings: watch::Sender<String>,
}

impl Default for Broadcast {
    fn default() -> Self {
        Broadcast {
            latest: watch::Sender::new(ReloadEvent::Idle),
            remaking_print: watch::Sender::new(false),
            warnings: watch::Sender::new(String::new()),
        }
    }
}

impl Broadcast {
    /// Publishes `event` to every open page (even when it equals the last one).
    pub(super) fn publish(&self, event: ReloadEvent) {
        self.latest.send_replace(event);
    }

    /// The latest event.
    pub(super) fn current(&self) -> ReloadEvent {
        self.latest.borrow().clone()
    }

    /// Notes that the print page and the PDF are being remade (`true`) or are done.
    pub(super) fn remaking_print(&self, remaking: bool) {
        self.remaking_print.send_replace(remaking);
    }

    /// Waits until the print page and the PDF are remade (at most `limit`).
    pub(super) async fn print_remade(&self, limit: std::time::Duration) {
        let mut remaking = self.remaking_print.subscribe();
        let _ = tokio::time::timeout(limit, remaking.wait_for(|r| !r)).await;
    }

    /// Tells open pages the book's warnings (when they differ from the last).
    pub(super) fn set_warnings(&self, text: String) {
        self.warnings.send_if_modified(|current| {
            let changed = *current != text;
            *current = text;
            changed
        });
    }

    /// The warnings now, and a receiver that sees each new list.
    pub(super) fn warnings(&self) -> (String, watch::Receiver<String>) {
        (self.warnings.borrow().clone(), self.warnings.subscribe())
    }

    /// A receiver that sees every event published from now on.
    pub(super) fn subscribe(&self) -> watch::Receiver<ReloadEvent> {
        self.latest.subscribe()
    }
}

/// The script every served page gets (never written into the site).
pub(super) const CLIENT_SCRIPT: &str = include_str!("livereload.js");

/// The tag that loads it, inserted before `</body>`.
pub(super) const SCRIPT_TAG: &str = "<script src=\"/__standbook/livereload.js\"></script>";
