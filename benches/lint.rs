//! `lint` and `check` benchmark: `cargo bench --bench lint`.
//!
//! Lint throughput on a generated 10 MB chat log (operators' and clients'
//! lines, some breaking the example book's rules) with the example book's
//! communication rules, and `check` (everything `standbook check` does but external links) time on generated
//! books (`STANDBOOK_BENCH_SIZES`, default 1,000 and 10,000 standards).

#[path = "../examples/gen_book.rs"]
mod gen_book;

use std::path::Path;
use std::time::Instant;

const LINES: &[&str] = &[
    "Клиент: Здравствуйте, где мой заказ? Уже неделю жду.",
    "Оператор: Добрый день! Сейчас посмотрю, назовите, пожалуйста, номер заказа.",
    "Клиент: 4815-162342, оформлял в прошлый вторник.",
    "Оператор: Вы, конечно, должны были указать другой адрес.",
    "Оператор: Спасибо за ожидание, заказ передан курьеру, он привезёт его завтра до 14:00.",
    "Клиент: Это уже третий перенос, я очень недоволен!",
    "Оператор: Это абсолютно невозможно, у нас так не бывает.",
    "Оператор: Понимаю ваше недовольство, мне жаль, что так вышло. Я лично прослежу за доставкой.",
    "Клиент: Хорошо, спасибо.",
    "Оператор: Успокойтесь, пожалуйста, всё будет.",
    "Оператор: Могу ли я ещё чем-нибудь помочь?",
    "Клиент: Нет, спасибо.",
];

fn main() {
    let example = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/standards"));
    let rules = standbook::lint::load_rules(example).expect("the example book's rules compile");
    let mut log = String::new();
    let mut i = 0;
    while log.len() < 10_000_000 {
        log.push_str(LINES[i % LINES.len()]);
        log.push('\n');
        i += 1;
    }
    let mut times = Vec::new();
    let mut hits = 0;
    for _ in 0..3 {
        let started = Instant::now();
        let lines = standbook::lint::Lines::new(&log);
        let found = rules.find(&log);
        let reports: Vec<_> = found
            .iter()
            .map(|h| rules.report("chat.txt", &log, &lines, h))
            .collect();
        times.push(started.elapsed().as_secs_f64());
        hits = reports.len();
    }
    times.sort_by(f64::total_cmp);
    let mb = log.len() as f64 / 1e6;
    println!(
        "lint: {mb:.1} MB chat log, {} rules, {hits} hits: median {:.0} ms = {:.1} MB/s",
        rules.len(),
        times[1] * 1000.0,
        mb / times[1]
    );
    let work = tempfile::tempdir().expect("temp dir");
    for count in gen_book::bench_sizes() {
        let dir = work.path().join(format!("book-{count}"));
        gen_book::generate(count, &dir);
        let mut found = 0;
        let mut times: Vec<f64> = (0..3)
            .map(|_| {
                let started = Instant::now();
                let (_, diagnostics) =
                    standbook::check_book(&dir, &[], None).expect("the book loads");
                found = diagnostics.len();
                started.elapsed().as_secs_f64() * 1000.0
            })
            .collect();
        times.sort_by(f64::total_cmp);
        println!(
            "check: {count} standards ({found} diagnostics), median {:.0} ms",
            times[1]
        );
    }
}
