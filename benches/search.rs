//! Search benchmark on generated books: `cargo bench --bench search`.
//!
//! For N = 1,000 and 10,000 standards (override with `STANDBOOK_BENCH_SIZES`)
//! it builds the book and reports: the time to build the index (records,
//! stems, postings, shards — without writing), its size against the size of
//! the book's text, what the first query loads, and query latency in headless
//! Chromium through `window.standbook.search` (median and 95th percentile over
//! 100 queries, the index already loaded), from `file://`.

#[path = "../tests/support/browser.rs"]
#[allow(dead_code)]
mod browser;
#[path = "../examples/gen_book.rs"]
mod gen_book;

use std::path::Path;
use std::time::Instant;

/// Queries a reader of the generated book might type: word forms, prefixes, typos.
const QUERIES: &[&str] = &[
    "недовольный клиент",
    "претензию",
    "эскалация руководителю",
    "тайного покупателя",
    "дресс-код",
    "компенсац",
    "оператор чат",
    "курьер доставка задержка",
    "программа лояльности",
    "стоп-фразы",
    "бейдж",
    "оценить обслуживание",
    "виноватых",
    "договорённости crm",
    "здороваетс",
    "персональные условия",
    "эскалацыя",
    "выслушивает претензию",
    "отдел качества",
    "раздел 2",
];

fn main() {
    let work = tempfile::tempdir().expect("temp dir");
    let mut browser = browser::Browser::launch();
    println!(
        "{:>7} {:>10} {:>9} {:>9} {:>7} {:>11} {:>8} {:>8} {:>8}",
        "N", "index ms", "text MB", "index MB", "ratio", "first load", "first", "median", "p95"
    );
    for count in gen_book::bench_sizes() {
        let book = work.path().join(format!("book-{count}"));
        let out = work.path().join(format!("site-{count}"));
        gen_book::generate(count, &book);
        standbook::build(&standbook::BuildOptions {
            book: book.clone(),
            out: Some(out.clone()),
            base_url: None,
        })
        .expect("the generated book builds");
        let index_ms = index_time(&book);
        let text = text_size(&book);
        let index = dir_size(&out.join("search"));
        print!(
            "{count:>7} {index_ms:>10.0} {:>9.1} {:>9.1} {:>6.0}%",
            text as f64 / 1e6,
            index as f64 / 1e6,
            100.0 * index as f64 / text as f64
        );
        match browser.as_mut() {
            Some(browser) => {
                let q = measure_queries(browser, &out);
                println!(
                    " {:>8.0} KB {:>6.1}ms {:>6.1}ms {:>6.1}ms",
                    q.first_load as f64 / 1024.0,
                    q.first_ms,
                    q.median_ms,
                    q.p95_ms
                );
            }
            None => println!("  (no Chromium: query latency not measured)"),
        }
    }
}

/// Median time of three index builds of the book, in milliseconds.
fn index_time(book: &Path) -> f64 {
    let (loaded, _) = standbook::load(book, &[]).expect("the book loads");
    let mut times: Vec<f64> = (0..3)
        .map(|_| {
            let started = Instant::now();
            let files = standbook::search::index_files(&loaded);
            assert!(!files.is_empty());
            started.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[1]
}

struct QueryFigures {
    first_load: u64,
    first_ms: f64,
    median_ms: f64,
    p95_ms: f64,
}

fn measure_queries(browser: &mut browser::Browser, site: &Path) -> QueryFigures {
    browser.open(&format!("file://{}/index.html", site.display()));
    let first = browser.eval(&format!(
        "(async () => {{ const t = performance.now(); await window.standbook.search({:?}); \
         return [performance.now() - t, Array.from(document.querySelectorAll('script[src*=\"search/\"]')).map(s => s.getAttribute('src'))]; }})()",
        QUERIES[0]
    ));
    let first_ms = first[0].as_f64().unwrap_or_default();
    let first_load = first[1]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|src| src.as_str())
        .filter(|src| src.starts_with("search/"))
        .filter_map(|src| std::fs::metadata(site.join(src)).ok())
        .map(|m| m.len())
        .sum();
    // Load every query's shards once, then time 100 queries.
    let all = serde_json::to_string(QUERIES).unwrap();
    browser.eval(&format!(
        "Promise.all({all}.map(q => window.standbook.search(q)))"
    ));
    let timings = browser.eval(&format!(
        "(async () => {{ const qs = {all}; const out = []; for (let i = 0; i < 100; i++) {{ \
         const t = performance.now(); await window.standbook.search(qs[i % qs.length]); out.push(performance.now() - t); }} return out; }})()"
    ));
    let mut times: Vec<f64> = timings
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|t| t.as_f64())
        .collect();
    times.sort_by(f64::total_cmp);
    QueryFigures {
        first_load,
        first_ms,
        median_ms: times[times.len() / 2],
        p95_ms: times[times.len() * 95 / 100],
    }
}

/// Bytes of the book's Markdown and YAML.
fn text_size(book: &Path) -> u64 {
    walkdir::WalkDir::new(book)
        .into_iter()
        .flatten()
        .filter(|e| {
            e.path()
                .extension()
                .is_some_and(|x| x == "md" || x == "yaml")
        })
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .sum()
}

fn dir_size(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}
