//! PDF benchmark: `cargo bench --bench pdf`.
//!
//! Typesets the example book and a generated book (`STANDBOOK_BENCH_SIZES`,
//! default 1,000 standards; the first size only) three times each, every
//! time in a process of its own so its peak memory is that PDF's, and prints
//! the median time, the PDF's size and pages, and the peak memory.

#[path = "../examples/gen_book.rs"]
mod gen_book;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// Set in the child process: the book to typeset, and where to.
const CHILD: &str = "STANDBOOK_BENCH_PDF";

fn main() {
    if let Some(book) = std::env::var_os(CHILD) {
        typeset_once(Path::new(&book));
        return;
    }
    let work = tempfile::tempdir().expect("temp dir");
    let count = gen_book::bench_sizes().first().copied().unwrap_or(1000);
    let generated = work.path().join(format!("book-{count}"));
    gen_book::generate(count, &generated);
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("standards");
    println!(
        "{:>22} {:>10} {:>10} {:>8} {:>12}",
        "book", "median", "PDF", "pages", "peak memory"
    );
    for (name, book) in [
        ("example".to_string(), example),
        (format!("{count} standards"), generated),
    ] {
        let mut runs: Vec<Run> = (0..3).map(|_| run_child(&book, work.path())).collect();
        runs.sort_by(|a, b| a.seconds.total_cmp(&b.seconds));
        let median = &runs[1];
        println!(
            "{name:>22} {:>8.2} s {:>7.1} MB {:>8} {:>9} MB",
            median.seconds,
            median.bytes as f64 / 1e6,
            median.pages,
            median.peak_kb / 1024
        );
    }
}

/// One PDF, typeset in this process: prints seconds, bytes, pages and peak KiB.
fn typeset_once(book: &Path) {
    let out = PathBuf::from(std::env::var_os("STANDBOOK_BENCH_PDF_OUT").expect("output path"));
    let started = Instant::now();
    let report = standbook::pdf(&standbook::PdfOptions {
        book: book.to_path_buf(),
        out: Some(out.clone()),
        only: None,
        paper: None,
        parts: None,
    })
    .expect("the book typesets");
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "{seconds} {} {} {}",
        report.bytes,
        report.pages,
        gen_book::peak_memory_kb()
    );
}

struct Run {
    seconds: f64,
    bytes: usize,
    pages: usize,
    peak_kb: u64,
}

fn run_child(book: &Path, work: &Path) -> Run {
    let output = Command::new(std::env::current_exe().expect("this benchmark"))
        .env(CHILD, book)
        .env("STANDBOOK_BENCH_PDF_OUT", work.join("book.pdf"))
        .output()
        .expect("run the benchmark's child");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let line = String::from_utf8_lossy(&output.stdout);
    let fields: Vec<&str> = line.split_whitespace().collect();
    let [seconds, bytes, pages, peak_kb] = fields[..] else {
        panic!("unexpected output of the child: {line}");
    };
    Run {
        seconds: seconds.parse().expect("seconds"),
        bytes: bytes.parse().expect("bytes"),
        pages: pages.parse().expect("pages"),
        peak_kb: peak_kb.parse().expect("peak memory"),
    }
}
