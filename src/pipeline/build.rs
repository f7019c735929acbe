//! `standbook build`: the pipeline's every stage, written into a staging
//! folder that is swapped in whole at the end — nothing is written if the
//! book has errors, and a failed build leaves the previous site as it was.

use std::path::PathBuf;
use std::time::Duration;

use super::{BookInput, Caches, Pipeline, Selection};
use crate::diagnostic::{Diagnostic, SourceMap};
use crate::error::Result;
use crate::output;

/// What to build and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The book folder (with `standbook.yaml`).
    pub book: PathBuf,
    /// Output folder; `output:` of `standbook.yaml` (relative to the book) when `None`.
    pub out: Option<PathBuf>,
    /// Where the site is published, over `base_url` of `standbook.yaml` (a
    /// CI job that publishes to its own address).
    pub base_url: Option<String>,
}

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    /// Where the site was written.
    pub output: PathBuf,
    /// Number of standards.
    pub standards: usize,
    /// Number of glossary terms.
    pub terms: usize,
    /// Number of checklists.
    pub checklists: usize,
    /// Number of files written.
    pub files: usize,
    /// Warnings (a build with errors returns [`crate::error::Error::Book`] instead).
    pub warnings: Vec<Diagnostic>,
    /// Sources the warnings point into.
    pub sources: SourceMap,
    /// How long each stage took.
    pub timings: Vec<(&'static str, Duration)>,
    /// Standards with a git history, and how many of those histories were
    /// unchanged since the last build (read from the cache).
    pub histories: (usize, usize),
    /// The earlier editions written, reused and left out.
    pub editions: super::editions::EditionsReport,
}

/// Builds the book: every stage, into a staging folder swapped in at the end.
pub fn build(options: &BuildOptions) -> Result<BuildReport> {
    let mut input = BookInput::read(&options.book)?;
    if let Some(url) = &options.base_url {
        input.config.base_url = Some(url.clone());
    }
    let out = input.output_dir(options.out.as_deref());
    let mut pipeline = Pipeline::new(&out, Caches::once())?;
    pipeline.with_editions = true;
    let staging = output::Staging::create(&options.book, &out)?;
    let everything = Box::new(|_: &crate::model::Book, _| Selection::All);
    // The current book's pages: an earlier edition's page names its
    // counterpart there as canonical.
    let pages = std::sync::Mutex::new(std::collections::HashSet::new());
    let write = |path: &str, bytes| {
        if path.ends_with(".html") {
            let mut pages = pages.lock().unwrap_or_else(|e| e.into_inner());
            pages.insert(path.to_string());
        }
        staging.write(path, bytes)
    };
    let run = pipeline.run(input, everything, &write, &|| Ok(()))?;
    let started = std::time::Instant::now();
    let pages = pages.into_inner().unwrap_or_else(|e| e.into_inner());
    let editions = match &pipeline.caches.history {
        Some(history) => {
            super::editions::write_editions(&run.book, history, &staging, pages.into())?
        }
        None => super::editions::EditionsReport::default(),
    };
    let mut timings = run.timings;
    timings.push(("editions", started.elapsed()));
    let swap = std::time::Instant::now();
    let output = staging.finish()?;
    timings.push(("swap in", swap.elapsed()));
    Ok(BuildReport {
        output,
        standards: run.book.standards.len(),
        terms: run.book.terms.len(),
        checklists: run.book.checklists.len(),
        files: run.files,
        warnings: run.warnings,
        sources: run.book.sources,
        timings,
        histories: run.histories,
        editions,
    })
}
