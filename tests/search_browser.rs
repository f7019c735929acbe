//! Search in real headless Chromium: the example book from `file://` and over
//! HTTP, a Ukrainian book, and hostile queries.

mod support;

use serde_json::Value;
use support::browser::Browser;

fn search(browser: &mut Browser, query: &str) -> Vec<Value> {
    let query = serde_json::to_string(query).unwrap();
    let results = browser.eval(&format!("window.standbook.search({query})"));
    results.as_array().cloned().unwrap_or_default()
}

#[test]
fn explore() {
    let Some(mut browser) = Browser::launch() else {
        return;
    };
    let out = support::build_example();
    browser.open(&format!("file://{}/site/index.html", out.path().display()));
    for q in [
        "недовольными клиентами",
        "дресс код",
        "извин",
        "стоп-фразы",
        "ёлка",
        "маникюр",
        "извенения",
        "клиентоориентированост",
    ] {
        let r = search(&mut browser, q);
        eprintln!("== {q}: {}", r.len());
        for x in r.iter().take(4) {
            eprintln!(
                "   {} | {} | {} | {}",
                x["score"], x["url"], x["title"], x["section"]
            );
        }
    }
}
