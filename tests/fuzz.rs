//! A short fuzzing run as part of the tests: every seed of the corpus
//! (`fuzz/corpus/<target>/`, where fixed findings go too) is replayed
//! through its target, then a few hundred fresh inputs per target are drawn
//! the way `cargo run --release --example fuzz` draws millions. A panic is a
//! failure that names the input.

#[allow(dead_code)]
#[path = "../examples/fuzz.rs"]
mod fuzz;

#[test]
fn every_seed_of_the_corpus_runs_without_a_panic() {
    for target in fuzz::TARGETS {
        let seeds = fuzz::corpus(target);
        assert!(!seeds.is_empty(), "fuzz/corpus/{target}/ has no seeds");
        for (path, input) in seeds {
            let outcome = std::panic::catch_unwind(|| fuzz::run(target, &input));
            assert!(outcome.is_ok(), "{target}: {} panics", path.display());
        }
    }
}

#[test]
fn a_short_campaign_of_every_target_finds_nothing() {
    for target in fuzz::TARGETS {
        let (mut findings, ran) = fuzz::campaign(target, 150, 20261130);
        assert_eq!(ran, 150);
        // A test build is unoptimized and shares the machine: only panics count here.
        findings.retain(|f| !f.slow);
        assert!(
            findings.is_empty(),
            "{target}: {} of {ran} inputs failed; the first, {}:\n{}",
            findings.len(),
            findings[0].what,
            findings[0].input
        );
    }
}
