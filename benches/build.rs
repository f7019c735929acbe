//! Full-build benchmark on generated books: `cargo bench`.
//!
//! For N = 1,000 and 10,000 standards (override with `STANDBOOK_BENCH_SIZES=100,500`)
//! it generates a book, builds it three times and prints the median build
//! time, the peak memory of the process and the size of the output.

#[path = "../examples/gen_book.rs"]
mod gen_book;

use std::path::Path;
use std::time::{Duration, Instant};

fn main() {
    let sizes = gen_book::bench_sizes();
    let work = tempfile::tempdir().expect("temp dir");
    println!(
        "{:>8} {:>12} {:>12} {:>12} {:>8}",
        "N", "median", "min", "output", "files"
    );
    for count in sizes {
        let book = work.path().join(format!("book-{count}"));
        let out = work.path().join(format!("site-{count}"));
        gen_book::generate(count, &book);
        let mut times = Vec::new();
        let mut files = 0;
        for _ in 0..3 {
            let started = Instant::now();
            let report = standbook::build(&standbook::BuildOptions {
                book: book.clone(),
                out: Some(out.clone()),
                base_url: None,
            })
            .expect("the generated book builds");
            times.push(started.elapsed());
            files = report.files;
        }
        times.sort();
        println!(
            "{count:>8} {:>12} {:>12} {:>10.1} MB {files:>8}",
            ms(times[1]),
            ms(times[0]),
            dir_size(&out) as f64 / 1e6
        );
    }
    println!(
        "peak memory of this process (all sizes): {} MB",
        gen_book::peak_memory_kb() / 1024
    );
}

fn ms(time: Duration) -> String {
    format!("{:.0} ms", time.as_secs_f64() * 1000.0)
}

fn dir_size(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .sum()
}
