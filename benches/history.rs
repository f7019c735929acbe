//! History benchmark: `cargo bench --bench history`.
//!
//! Generates a book (`STANDBOOK_BENCH_SIZES`, default 1,000 standards; the
//! first size only) and commits every standard 20 times, each commit editing
//! its text, in two shapes: every commit a new version (the most a build can
//! be asked to show: 20 versions, 19 redlined changes and change-log entries
//! per standard), and a new version every fifth commit. The same texts are
//! then built without git (a copy without `.git`) and with it: the difference
//! is what reading the history, weaving the redlines and rendering them into
//! pages (a History section and a redline page per standard, the change log
//! pages and feed) costs a build — the first build (nothing cached) and the
//! following ones (each standard's history read from the cache). The history
//! stage is reported on its own too. Output goes to `/dev/shm` when there is
//! one, so the machine's disk does not decide the result.

#[path = "../examples/gen_book.rs"]
mod gen_book;

use gen_book::git;

use std::path::Path;
use std::process::Command;
use std::time::Instant;

const COMMITS: usize = 20;

fn main() {
    let count = gen_book::bench_sizes().first().copied().unwrap_or(1000);
    let work = tempfile::tempdir().expect("temp dir");
    // STANDBOOK_BENCH_KEEP=DIR keeps the repositories there (DIR, DIR-every-5),
    // for `standbook build -v`.
    let kept = std::env::var_os("STANDBOOK_BENCH_KEEP").map(std::path::PathBuf::from);
    let base = kept.unwrap_or_else(|| work.path().join("book"));
    let memory = tempfile::tempdir_in("/dev/shm").or_else(|_| tempfile::tempdir());
    let out = memory.expect("output dir").path().join("site");
    // SAFETY: set before any thread that reads the environment is started.
    unsafe { std::env::set_var("STANDBOOK_CACHE_DIR", work.path().join("cache")) };
    for (bump_every, suffix, shape) in [
        (1, "", "every commit a new version"),
        (5, "-every-5", "a new version every fifth commit"),
    ] {
        let book = base.with_file_name(format!("{}{suffix}", name_of(&base)));
        let plain_book = book.with_file_name(format!("{}-without-git", name_of(&book)));
        gen_book::generate(count, &book);
        let started = Instant::now();
        commit_versions(&book, bump_every);
        let committing = started.elapsed().as_secs_f64();
        copy_without_git(&book, &plain_book);
        println!(
            "{count} standards × {COMMITS} commits, {shape} (made in {committing:.1} s), median of {RUNS} builds:"
        );
        compare(&plain_book, &book, &out);
    }
}

fn name_of(path: &Path) -> String {
    path.file_name()
        .expect("named")
        .to_string_lossy()
        .into_owned()
}

/// Builds `book` once with nothing cached, then alternates builds of
/// `plain_book` (its texts without `.git`) and `book` (from the cache), so
/// the machine's ups and downs fall on both alike.
fn compare(plain_book: &Path, book: &Path, out: &Path) {
    // Let the disk settle first.
    let _ = Command::new("sync").status();
    let first = timed_build(book, out);
    let (mut plain, mut again) = (Vec::new(), Vec::new());
    for _ in 0..RUNS {
        plain.push(timed_build(plain_book, out));
        again.push(timed_build(book, out));
    }
    let (plain_spread, again_spread) = (spread(&plain), spread(&again));
    let (plain, again) = (median(plain), median(again));
    let percent = |t: f64| (t / plain.total - 1.0) * 100.0;
    println!(
        "  without git {:.0} ms ({plain_spread})\n  \
         first build with history {:.0} ms (+{:.0} %; history stage {:.0} ms)\n  \
         later builds {:.0} ms ({again_spread}; +{:.0} %; history stage {:.0} ms)",
        plain.total * 1000.0,
        first.total * 1000.0,
        percent(first.total),
        first.history * 1000.0,
        again.total * 1000.0,
        percent(again.total),
        again.history * 1000.0,
    );
}

fn spread(times: &[Timing]) -> String {
    let ms = |t: &Timing| t.total * 1000.0;
    let low = times.iter().map(ms).fold(f64::MAX, f64::min);
    let high = times.iter().map(ms).fold(0.0, f64::max);
    format!("{low:.0}–{high:.0} ms")
}

const RUNS: usize = 7;

/// A build's wall time and its history stage's, in seconds.
#[derive(Clone, Copy)]
struct Timing {
    total: f64,
    history: f64,
}

fn median(mut times: Vec<Timing>) -> Timing {
    times.sort_by(|a, b| a.total.total_cmp(&b.total));
    times[times.len() / 2]
}

fn timed_build(book: &Path, out: &Path) -> Timing {
    let started = Instant::now();
    let report = standbook::build(&standbook::BuildOptions {
        book: book.to_path_buf(),
        out: Some(out.to_path_buf()),
        base_url: None,
    })
    .expect("the generated book builds");
    let history = report
        .timings
        .iter()
        .find(|(stage, _)| *stage == "history")
        .map_or(0.0, |(_, t)| t.as_secs_f64());
    Timing {
        total: started.elapsed().as_secs_f64(),
        history,
    }
}

/// Copies the book's files, leaving out `.git`.
fn copy_without_git(from: &Path, to: &Path) {
    let files = walkdir::WalkDir::new(from)
        .into_iter()
        .filter_entry(|e| e.file_name() != ".git")
        .flatten()
        .filter(|e| e.file_type().is_file());
    for entry in files {
        let target = to.join(entry.path().strip_prefix(from).expect("inside"));
        std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
        std::fs::copy(entry.path(), &target).expect("copy");
    }
}

/// Commits every standard `COMMITS` times, each commit editing its text and
/// every `bump_every`-th one also raising its version.
fn commit_versions(book: &Path, bump_every: usize) {
    git(book, &["init", "-q", "-b", "main"]);
    // No `gc --auto` starting in the background halfway through the timings.
    git(book, &["config", "gc.auto", "0"]);
    let standards: Vec<_> = walkdir::WalkDir::new(book)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    for round in 0..COMMITS {
        for path in &standards {
            let text = std::fs::read_to_string(path).expect("read");
            let start = text.find("\nversion: ").expect("version") + 10;
            let end = start + text[start..].find('\n').expect("line");
            let bumped = format!(
                "{}2.{}.0{}\nПравка номер {round}.\n",
                &text[..start],
                round / bump_every,
                &text[end..]
            );
            std::fs::write(path, bumped).expect("write");
        }
        git(book, &["add", "-A"]);
        git(book, &["commit", "-q", "-m", &format!("Round {round}")]);
    }
    // Packed, as a clone would be.
    git(book, &["gc", "-q"]);
}
