//! History benchmark: `cargo bench --bench history`.
//!
//! Generates a book (`STANDBOOK_BENCH_SIZES`, default 1,000 standards; the
//! first size only), builds it outside git, then commits 20 versions of every
//! standard (each bumps the version and edits the text) and builds it again:
//! the difference is what reading the history, weaving the redlines and
//! writing their pages costs a build: the first build (nothing cached) and
//! the following ones (each standard's history read from the cache).

#[path = "../examples/gen_book.rs"]
mod gen_book;

use std::path::Path;
use std::process::Command;
use std::time::Instant;

const COMMITS: usize = 20;

fn main() {
    let count = gen_book::bench_sizes().first().copied().unwrap_or(1000);
    let work = tempfile::tempdir().expect("temp dir");
    // STANDBOOK_BENCH_KEEP=DIR keeps the repository there, for `standbook build -v`.
    let kept = std::env::var_os("STANDBOOK_BENCH_KEEP").map(std::path::PathBuf::from);
    let book = kept.unwrap_or_else(|| work.path().join("book"));
    let out = work.path().join("site");
    // SAFETY: set before any thread that reads the environment is started.
    unsafe { std::env::set_var("STANDBOOK_CACHE_DIR", work.path().join("cache")) };
    gen_book::generate(count, &book);
    let plain = median_build(&book, &out);
    let started = Instant::now();
    commit_versions(&book);
    let committing = started.elapsed().as_secs_f64();
    let first = timed_build(&book, &out);
    let again = median_build(&book, &out);
    let percent = |t: f64| (t / plain - 1.0) * 100.0;
    println!(
        "{count} standards × {COMMITS} commits (made in {committing:.1} s): build without git {:.0} ms; \
         with history: first build {:.0} ms (+{:.0} %), later builds {:.0} ms (+{:.0} %)",
        plain * 1000.0,
        first * 1000.0,
        percent(first),
        again * 1000.0,
        percent(again)
    );
}

fn median_build(book: &Path, out: &Path) -> f64 {
    let mut times: Vec<f64> = (0..3).map(|_| timed_build(book, out)).collect();
    times.sort_by(f64::total_cmp);
    times[1]
}

fn timed_build(book: &Path, out: &Path) -> f64 {
    let started = Instant::now();
    standbook::build(&standbook::BuildOptions {
        book: book.to_path_buf(),
        out: Some(out.to_path_buf()),
    })
    .expect("the generated book builds");
    started.elapsed().as_secs_f64()
}

fn commit_versions(book: &Path) {
    git(book, &["init", "-q", "-b", "main"]);
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
                "{}2.{round}.0{}\nПравка номер {round}.\n",
                &text[..start],
                &text[end..]
            );
            std::fs::write(path, bumped).expect("write");
        }
        git(book, &["add", "-A"]);
        git(book, &["commit", "-q", "-m", &format!("Round {round}")]);
    }
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "Bench")
        .env("GIT_AUTHOR_EMAIL", "bench@example.com")
        .env("GIT_COMMITTER_NAME", "Bench")
        .env("GIT_COMMITTER_EMAIL", "bench@example.com")
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}
