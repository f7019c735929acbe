//! Hostile shapes of input, measured: `cargo bench --bench hostile`.
//!
//! - A standard with N headings of the same text (5,000 / 10,000 / 20,000):
//!   the build time and its growth when N doubles (2× is linear, 4× quadratic).
//! - `standbook lint` of a chat log of 25 and 100 MB where every other line
//!   has a hit: the peak memory of the process against the input's size.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

fn equal_headings_book(dir: &Path, headings: usize) {
    std::fs::create_dir_all(dir.join("01-a")).unwrap();
    std::fs::write(
        dir.join("standbook.yaml"),
        "title: Книга\norganization: ООО\nlanguage: ru\nversion: 1.0.0\neffective: 2026-01-01\n",
    )
    .unwrap();
    let mut text = String::from(
        "---\nid: GEN-01\ntitle: Заголовки\nversion: 1.0.0\neffective: 2026-01-01\nowner: Дирекция\n\
         changes:\n  - { version: 1.0.0, date: 2026-01-01, summary: x }\n---\n",
    );
    for i in 0..headings {
        text.push_str(&format!(
            "## Одинаковый заголовок\n\nТекст раздела, см. [выше](#одинаковый-заголовок-{}).\n\n",
            i.max(2)
        ));
    }
    std::fs::write(dir.join("01-a/01-gen.md"), text).unwrap();
}

fn build_seconds(book: &Path, out: &Path) -> f64 {
    let started = Instant::now();
    standbook::build(&standbook::BuildOptions {
        book: book.to_path_buf(),
        out: Some(out.to_path_buf()),
        base_url: None,
    })
    .expect("the book builds");
    started.elapsed().as_secs_f64()
}

/// Runs `command` to its end and returns its peak memory in KB (from
/// `/proc/<pid>/status`, read while it runs).
fn peak_kb(command: &mut Command) -> u64 {
    let mut child = command.stdout(Stdio::null()).spawn().expect("runs");
    let status = format!("/proc/{}/status", child.id());
    let mut peak = 0;
    while child.try_wait().expect("waits").is_none() {
        if let Some(kb) = std::fs::read_to_string(&status).ok().and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        }) {
            peak = kb;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    peak
}

fn main() {
    let work = tempfile::tempdir().expect("temp dir");
    let mut previous: Option<f64> = None;
    for headings in [5_000, 10_000, 20_000] {
        let book = work.path().join(format!("headings-{headings}"));
        equal_headings_book(&book, headings);
        let mut times: Vec<f64> = (0..3)
            .map(|_| build_seconds(&book, &work.path().join("out")))
            .collect();
        times.sort_by(f64::total_cmp);
        let growth = previous.map_or(String::new(), |p| {
            format!(", {:.1}× the half", times[1] / p)
        });
        println!(
            "{headings} equal headings: build {:.0} ms{growth}",
            times[1] * 1000.0
        );
        previous = Some(times[1]);
    }
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("standards");
    let lines = [
        "Клиент: Здравствуйте, где мой заказ? Уже неделю жду.\n",
        "Оператор: Это абсолютно невозможно, у нас так не бывает.\n",
    ];
    for megabytes in [25, 100] {
        let log = work.path().join(format!("chat-{megabytes}.txt"));
        let mut text = String::new();
        while text.len() < megabytes * 1_000_000 {
            text.push_str(lines[text.len() % 2]);
        }
        std::fs::write(&log, &text).unwrap();
        let started = Instant::now();
        let peak = peak_kb(
            Command::new(env!("CARGO_BIN_EXE_standbook"))
                .arg("lint")
                .arg("--book")
                .arg(&example)
                .arg(&log),
        );
        println!(
            "lint of a {megabytes} MB chat log: {:.1} s, peak {} MB ({:.2}× the input)",
            started.elapsed().as_secs_f64(),
            peak / 1024,
            (peak * 1024) as f64 / text.len() as f64
        );
    }
}
