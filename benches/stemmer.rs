//! Stemmer quality benchmark: `cargo bench --bench stemmer -- uk GOLD.tsv [ru GOLD.tsv …]`.
//!
//! A gold standard is a file of `form<TAB>lemma` lines (made by
//! `benches/stemmer/gold.py` from a treebank or with pymorphy3 as the oracle,
//! where the benchmark runs: neither is committed). Forms are grouped by their
//! stem and by their lemma; the score is pairwise: of all pairs of forms that
//! share a stem, how many share a lemma (precision), and of all pairs that
//! share a lemma, how many share a stem (recall). A five-letter prefix is
//! shown beside as the floor, and the groups that cost the most pairs are
//! listed: stems that merge lemmas and lemmas split across stems.
//! `benches/stemmer/run.sh` makes the gold standards and runs this.

use std::collections::HashMap;

use standbook::language::{Language, WordStemmer};

/// Pairs of forms that share a stem, share a lemma, and share both.
struct Pairs {
    stem: u64,
    lemma: u64,
    both: u64,
}

impl Pairs {
    fn precision(&self) -> f64 {
        self.both as f64 / self.stem.max(1) as f64
    }
    fn recall(&self) -> f64 {
        self.both as f64 / self.lemma.max(1) as f64
    }
    fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn pairs(n: usize) -> u64 {
    (n as u64) * (n as u64).saturating_sub(1) / 2
}

/// Counts the pairs of `rows` (form, lemma, stem).
fn count(rows: &[(String, String, String)]) -> Pairs {
    let mut stems: HashMap<&str, usize> = HashMap::new();
    let mut lemmas: HashMap<&str, usize> = HashMap::new();
    let mut both: HashMap<(&str, &str), usize> = HashMap::new();
    for (_, lemma, stem) in rows {
        *stems.entry(stem).or_default() += 1;
        *lemmas.entry(lemma).or_default() += 1;
        *both.entry((stem, lemma)).or_default() += 1;
    }
    let sum = |counts: &mut dyn Iterator<Item = usize>| counts.map(pairs).sum();
    Pairs {
        stem: sum(&mut stems.into_values()),
        lemma: sum(&mut lemmas.into_values()),
        both: sum(&mut both.into_values()),
    }
}

/// The groups of `key` (stem or lemma) whose forms split over `other`, by the
/// pairs they cost, worst first: each with its forms by `other`.
fn worst(
    rows: &[(String, String, String)],
    key: impl Fn(&(String, String, String)) -> &str,
    other: impl Fn(&(String, String, String)) -> &str,
) -> Vec<(u64, String, String)> {
    let mut groups: HashMap<&str, Vec<&(String, String, String)>> = HashMap::new();
    for row in rows {
        groups.entry(key(row)).or_default().push(row);
    }
    let mut out: Vec<(u64, String, String)> = groups
        .into_iter()
        .filter_map(|(name, members)| {
            let mut parts: HashMap<&str, Vec<&str>> = HashMap::new();
            for row in &members {
                parts.entry(other(row)).or_default().push(&row.0);
            }
            let cost = pairs(members.len()) - parts.values().map(|v| pairs(v.len())).sum::<u64>();
            let mut parts: Vec<String> = parts
                .into_iter()
                .map(|(k, forms)| format!("{k}: {}", forms.join(", ")))
                .collect();
            parts.sort();
            (cost > 0).then(|| (cost, name.to_string(), parts.join(" | ")))
        })
        .collect();
    out.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    out.truncate(12);
    out
}

fn report(language: Language, path: &str) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let stemmer = WordStemmer::new(language);
    let gold: Vec<(&str, &str)> = text.lines().filter_map(|l| l.split_once('\t')).collect();
    let stemmed: Vec<(String, String, String)> = gold
        .iter()
        .map(|(form, lemma)| (form.to_string(), lemma.to_string(), stemmer.stem(form)))
        .collect();
    let prefix: Vec<(String, String, String)> = gold
        .iter()
        .map(|(form, lemma)| {
            (
                form.to_string(),
                lemma.to_string(),
                form.chars().take(5).collect(),
            )
        })
        .collect();
    println!("{} — {path}: {} forms", language.tag(), gold.len());
    for (name, rows) in [("standbook", &stemmed), ("5-letter prefix", &prefix)] {
        let p = count(rows);
        println!(
            "  {name:<16} precision {:.3}  recall {:.3}  F1 {:.3}",
            p.precision(),
            p.recall(),
            p.f1()
        );
    }
    println!("  stems that merge lemmas (false pairs, stem, lemma: forms):");
    for (cost, stem, parts) in worst(&stemmed, |r| &r.2, |r| &r.1) {
        println!("    {cost:>3}  {stem}  {parts}");
    }
    println!("  lemmas split across stems (missed pairs, lemma, stem: forms):");
    for (cost, lemma, parts) in worst(&stemmed, |r| &r.1, |r| &r.2) {
        println!("    {cost:>3}  {lemma}  {parts}");
    }
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    if args.is_empty() {
        println!(
            "stemmer: no gold standard given; `benches/stemmer/run.sh` makes them and runs this"
        );
        return;
    }
    for pair in args.chunks(2) {
        let language = match pair[0].as_str() {
            "uk" => Language::Uk,
            "ru" => Language::Ru,
            other => panic!("unknown language {other:?}: use uk or ru"),
        };
        report(
            language,
            pair.get(1)
                .expect("a gold standard file after the language"),
        );
    }
}
