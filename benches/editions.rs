//! Editions benchmark: `cargo bench --bench editions`.
//!
//! Generates a book (`STANDBOOK_BENCH_SIZES`, default 1,000 standards; the
//! first size only) and releases it 20 times: each release edits 50
//! standards and raises the book's version in `standbook.yaml`. A clone of
//! the repository says `editions: { keep: none }`, so the two books have the
//! same texts and history and differ only in the 20 editions one of them
//! writes. Reported: the build without editions, the first build with them
//! (every edition rendered) and the later ones (every edition moved over from
//! the previous site), medians of alternating runs. Output goes to
//! `/dev/shm` when there is one, so the machine's disk does not decide.

#[path = "../examples/gen_book.rs"]
mod gen_book;

use gen_book::git;

use std::path::Path;
use std::process::Command;
use std::time::Instant;

const RELEASES: usize = 20;
const EDITED_PER_RELEASE: usize = 50;
const RUNS: usize = 7;

fn main() {
    let count = gen_book::bench_sizes().first().copied().unwrap_or(1000);
    let work = tempfile::tempdir().expect("temp dir");
    let book = work.path().join("book");
    let plain = work.path().join("book-without-editions");
    let memory = tempfile::tempdir_in("/dev/shm").or_else(|_| tempfile::tempdir());
    let memory = memory.expect("output dir");
    let (out, plain_out) = (memory.path().join("site"), memory.path().join("plain"));
    // SAFETY: set before any thread that reads the environment is started.
    unsafe { std::env::set_var("STANDBOOK_CACHE_DIR", work.path().join("cache")) };
    gen_book::generate(count, &book);
    let started = Instant::now();
    release(&book);
    let releasing = started.elapsed().as_secs_f64();
    git(
        work.path(),
        &["clone", "-q", "book", "book-without-editions"],
    );
    let config = plain.join("standbook.yaml");
    let text = std::fs::read_to_string(&config).expect("config");
    std::fs::write(&config, format!("{text}editions:\n  keep: none\n")).expect("config");
    println!(
        "{count} standards, {RELEASES} releases of {EDITED_PER_RELEASE} edited standards each (made in {releasing:.1} s), median of {RUNS} builds:"
    );
    let _ = Command::new("sync").status();
    let first = timed_build(&book, &out);
    let (mut without, mut with) = (Vec::new(), Vec::new());
    for _ in 0..RUNS {
        without.push(timed_build(&plain, &plain_out));
        with.push(timed_build(&book, &out));
    }
    let (low_without, high_without) = range(&without);
    let (low_with, high_with) = range(&with);
    let (without, with) = (median(without), median(with));
    println!(
        "  without editions {:.0} ms ({low_without:.0}–{high_without:.0} ms)\n  \
         first build with {RELEASES} editions {:.1} s ({:.1}×)\n  \
         later builds {:.0} ms ({low_with:.0}–{high_with:.0} ms; {:.2}×)",
        without * 1000.0,
        first,
        first / without,
        with * 1000.0,
        with / without,
    );
}

fn range(times: &[f64]) -> (f64, f64) {
    let ms: Vec<f64> = times.iter().map(|t| t * 1000.0).collect();
    (
        ms.iter().copied().fold(f64::MAX, f64::min),
        ms.iter().copied().fold(0.0, f64::max),
    )
}

fn median(mut times: Vec<f64>) -> f64 {
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

fn timed_build(book: &Path, out: &Path) -> f64 {
    let started = Instant::now();
    let report = standbook::build(&standbook::BuildOptions {
        book: book.to_path_buf(),
        out: Some(out.to_path_buf()),
        base_url: None,
    })
    .expect("the generated book builds");
    assert!(
        report.editions.failed.is_empty(),
        "{:?}",
        report.editions.failed
    );
    started.elapsed().as_secs_f64()
}

/// Commits the book, then `RELEASES - 1` more releases, each editing
/// `EDITED_PER_RELEASE` standards and raising the book's minor version.
fn release(book: &Path) {
    git(book, &["init", "-q", "-b", "main"]);
    git(book, &["config", "gc.auto", "0"]);
    let mut standards: Vec<_> = walkdir::WalkDir::new(book)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    standards.sort();
    let config = book.join("standbook.yaml");
    let original = std::fs::read_to_string(&config).expect("config");
    for round in 0..RELEASES {
        if round > 0 {
            let start = (round * EDITED_PER_RELEASE) % standards.len().max(1);
            for path in standards
                .iter()
                .cycle()
                .skip(start)
                .take(EDITED_PER_RELEASE)
            {
                let mut text = std::fs::read_to_string(path).expect("read");
                text.push_str(&format!("\nПравка в редакции {round}.\n"));
                std::fs::write(path, text).expect("write");
            }
        }
        let effective = format!("2025-{:02}-{:02}", 1 + round / 2, 1 + (round % 2) * 14);
        let text = original
            .replace("version: 1.0.0", &format!("version: 1.{round}.0"))
            .replace("effective: 2026-01-01", &format!("effective: {effective}"));
        std::fs::write(&config, text).expect("config");
        git(book, &["add", "-A"]);
        git(
            book,
            &["commit", "-q", "-m", &format!("Release 1.{round}.0")],
        );
    }
    git(book, &["gc", "-q"]);
}
