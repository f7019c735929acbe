//! Live reload: what the dev server tells open pages, over Server-Sent Events.
//!
//! The serve loop publishes an event after each rebuild; every open page holds
//! an `EventSource` connection and receives it. A page that connects while the
//! book is broken gets the diagnostics at once, so the overlay shows on every
//! page, new or old, until a good save clears it.

use std::sync::{Condvar, Mutex};
use std::time::Duration;

/// What open pages should do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReloadEvent {
    /// Nothing yet (no rebuild since start).
    Idle,
    /// Reload the page.
    Reload,
    /// Only stylesheets changed: swap them.
    Stylesheets,
    /// The book is broken: show these diagnostics over the page.
    Diagnostics(String),
}

impl ReloadEvent {
    /// The SSE message for this event, or `None` for idle.
    pub fn message(&self) -> Option<String> {
        let (name, data) = match self {
            ReloadEvent::Idle => return None,
            ReloadEvent::Reload => ("reload", String::from("{}")),
            ReloadEvent::Stylesheets => ("css", String::from("{}")),
            ReloadEvent::Diagnostics(text) => (
                "diagnostics",
                serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into()),
            ),
        };
        Some(format!("event: {name}\ndata: {data}\n\n"))
    }
}

#[derive(Debug)]
struct State {
    generation: u64,
    event: ReloadEvent,
}

/// The latest event and a way to wait for the next one.
#[derive(Debug)]
pub struct Broadcast {
    state: Mutex<State>,
    changed: Condvar,
}

impl Default for Broadcast {
    fn default() -> Self {
        Broadcast {
            state: Mutex::new(State {
                generation: 0,
                event: ReloadEvent::Idle,
            }),
            changed: Condvar::new(),
        }
    }
}

impl Broadcast {
    /// Publishes `event` to every open page.
    pub fn publish(&self, event: ReloadEvent) {
        if let Ok(mut state) = self.state.lock() {
            state.generation += 1;
            state.event = event;
        }
        self.changed.notify_all();
    }

    /// The current generation and event.
    pub fn current(&self) -> (u64, ReloadEvent) {
        self.state
            .lock()
            .map(|s| (s.generation, s.event.clone()))
            .unwrap_or((0, ReloadEvent::Idle))
    }

    /// Waits up to `timeout` for an event newer than `seen`.
    pub fn wait_after(&self, seen: u64, timeout: Duration) -> Option<(u64, ReloadEvent)> {
        let state = self.state.lock().ok()?;
        let (state, _) = self
            .changed
            .wait_timeout_while(state, timeout, |s| s.generation <= seen)
            .ok()?;
        (state.generation > seen).then(|| (state.generation, state.event.clone()))
    }
}

/// The script every served page gets (never written into the site).
pub const CLIENT_SCRIPT: &str = include_str!("livereload.js");

/// The tag that loads it, inserted before `</body>`.
pub const SCRIPT_TAG: &str = "<script src=\"/__standbook/livereload.js\"></script>";
