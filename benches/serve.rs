//! Save → reload latency of `standbook serve`: `cargo bench --bench serve`.
//!
//! For N = 1,000 and 10,000 generated standards (override with
//! `STANDBOOK_BENCH_SIZES`), starts the real server, holds the live-reload
//! event stream open like a browser tab, and times 20 saves of each kind —
//! a body edit, a title edit and a `terms.yaml` edit — from the write to the
//! arrival of the reload event. Prints the median and the slowest. The
//! standards are in chapters of 50; `STANDBOOK_BENCH_FLAT=1` puts them all
//! in one chapter.

#[path = "../examples/gen_book.rs"]
mod gen_book;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

const SAVES: usize = 20;

/// Makes the `i`-th edited version of a file's text.
type Edit = fn(&str, usize) -> String;

fn main() {
    let sizes = gen_book::bench_sizes();
    let work = tempfile::tempdir().expect("temp dir");
    println!(
        "{:>8} {:>12} {:>12} {:>12}",
        "N", "edit", "median", "slowest"
    );
    for count in sizes {
        let book = work.path().join(format!("book-{count}"));
        // `STANDBOOK_BENCH_FLAT=1`: every standard in one chapter.
        let per_chapter = match std::env::var_os("STANDBOOK_BENCH_FLAT") {
            Some(_) => count,
            None => 50,
        };
        gen_book::generate_shaped(count, per_chapter, &book);
        let (mut server, addr, output) = start(&book, &work.path().join(format!("site-{count}")));
        let mut events = open_events(&addr);
        let body = book.join("001-chapter/00005-standard.md");
        let title = book.join("001-chapter/00008-standard.md");
        let terms = book.join("terms.yaml");
        let edits: [(&str, &Path, Edit); 3] = [
            ("body", &body, |text, i| {
                format!("{text}\nПравка номер {i}.\n")
            }),
            ("title", &title, |text, i| {
                text.replacen(
                    "title: Стандарт номер",
                    &format!("title: ({i}) Стандарт номер"),
                    1,
                )
            }),
            ("terms.yaml", &terms, |text, i| {
                text.replacen(
                    "Человек или компания",
                    &format!("Человек ({i}) или компания"),
                    1,
                )
            }),
        ];
        for (name, path, edit) in edits {
            let original = std::fs::read_to_string(path).unwrap();
            let mut times = Vec::new();
            for i in 0..SAVES {
                std::thread::sleep(Duration::from_millis(150));
                let started = Instant::now();
                std::fs::write(path, edit(&original, i)).unwrap();
                wait_for_reload(&mut events);
                times.push(started.elapsed());
                // The print page is remade after the reload: the next save
                // comes once the rebuild is over, as a person's would.
                wait_for_rebuilt(&output);
            }
            std::fs::write(path, &original).unwrap();
            wait_for_reload(&mut events);
            wait_for_rebuilt(&output);
            times.sort();
            println!(
                "{count:>8} {name:>12} {:>9.0} ms {:>9.0} ms",
                ms(times[SAVES / 2]),
                ms(times[SAVES - 1])
            );
        }
        let _ = server.kill();
        let _ = server.wait();
    }
}

fn ms(time: Duration) -> f64 {
    time.as_secs_f64() * 1000.0
}

/// Waits until the server reports a finished rebuild.
fn wait_for_rebuilt(output: &Receiver<String>) {
    while let Ok(line) = output.recv_timeout(Duration::from_secs(120)) {
        if line.contains(" changed: ") {
            return;
        }
    }
}

fn start(book: &Path, out: &Path) -> (Child, String, Receiver<String>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_standbook"))
        .args([
            "serve",
            "--port",
            "0",
            "--book",
            book.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start standbook serve");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut addr = String::new();
    for line in lines.by_ref() {
        let line = line.unwrap();
        if let Some(url) = line.split_whitespace().find(|w| w.starts_with("http://")) {
            addr = url
                .trim_start_matches("http://")
                .trim_end_matches('/')
                .to_string();
        }
        if line.starts_with("Watching") {
            break;
        }
    }
    // Keep reading the server's output so it never blocks on a full pipe.
    let (sender, output) = channel();
    std::thread::spawn(move || {
        for line in lines.map_while(Result::ok) {
            let _ = sender.send(line);
        }
    });
    (child, addr, output)
}

fn open_events(addr: &str) -> BufReader<TcpStream> {
    let mut stream = TcpStream::connect(addr).expect("connect");
    write!(
        stream,
        "GET /__standbook/events HTTP/1.1\r\nHost: {addr}\r\n\r\n"
    )
    .unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    BufReader::new(stream)
}

fn wait_for_reload(events: &mut BufReader<TcpStream>) {
    let mut line = String::new();
    loop {
        line.clear();
        if events.read_line(&mut line).expect("event stream") == 0 {
            panic!("the server closed the event stream");
        }
        if line.trim() == "event: reload" {
            return;
        }
    }
}
