//! The CI recipes in `docs/ci/` run commands that work: every `standbook`
//! command they hold is run, as the recipe writes it, in a repository with
//! the example book in `standards/` and its whole history, and its output is
//! what the CI service reads (workflow commands, a Code Quality report, a
//! site, a PDF).

mod support;

use std::path::Path;

use support::repository::git;
use support::{example_book, standbook, text};

/// The `standbook …` commands of a recipe, without a shell redirection.
fn commands(recipe: &str) -> Vec<Vec<String>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("docs/ci")
        .join(recipe);
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter_map(|line| {
            let line = line
                .trim_start()
                .trim_start_matches("- ")
                .trim_start_matches("run: ");
            let command = line.split(" > ").next()?.split(" #").next()?;
            command
                .strip_prefix("standbook ")
                .map(|args| args.split_whitespace().map(str::to_string).collect())
        })
        .collect()
}

/// A repository with a copy of the example book in `standards/`, committed.
fn repository_with_the_example_book() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("standards");
    for entry in walkdir::WalkDir::new(example_book()) {
        let entry = entry.unwrap();
        let to = book.join(entry.path().strip_prefix(example_book()).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
    git(dir.path(), "Анна", "2026-09-01", &["init", "-q"]);
    git(dir.path(), "Анна", "2026-09-01", &["add", "."]);
    git(
        dir.path(),
        "Анна",
        "2026-09-01",
        &["commit", "-q", "-m", "Стандарты"],
    );
    dir
}

fn run_recipe(recipe: &str) -> Vec<(Vec<String>, std::process::Output)> {
    let repository = repository_with_the_example_book();
    let commands = commands(recipe);
    assert!(commands.len() >= 3, "{recipe}: {commands:?}");
    commands
        .into_iter()
        .map(|args| {
            let refs: Vec<&str> = args.iter().map(String::as_str).collect();
            let output = standbook(&refs, repository.path());
            let made: Vec<&str> = ["site", "public"]
                .into_iter()
                .filter(|d| repository.path().join(d).join("index.html").is_file())
                .collect();
            if args[0] == "build" {
                assert_eq!(
                    made.len(),
                    1,
                    "{args:?} built a site: {}",
                    text(&output.stderr)
                );
            }
            if args[0] == "pdf" {
                let pdf = repository.path().join(&args[args.len() - 1]);
                assert!(
                    pdf.is_file(),
                    "{args:?} wrote {pdf:?}: {}",
                    text(&output.stderr)
                );
            }
            (args, output)
        })
        .collect()
}

#[test]
fn the_github_recipe_annotates_and_publishes() {
    for (args, output) in run_recipe("github-pages.yml") {
        assert!(
            output.status.success(),
            "{args:?}: {}",
            text(&output.stderr)
        );
        if args.contains(&"github".to_string()) {
            let said = text(&output.stdout);
            assert!(
                said.lines()
                    .all(|l| l.starts_with("::warning ") || l.starts_with("::error ")),
                "only workflow commands: {said}"
            );
        }
    }
}

#[test]
fn the_gitlab_recipe_reports_code_quality_and_publishes() {
    for (args, output) in run_recipe("gitlab-pages.yml") {
        assert!(
            output.status.success(),
            "{args:?}: {}",
            text(&output.stderr)
        );
        if args.contains(&"gitlab".to_string()) {
            let report: serde_json::Value = serde_json::from_slice(&output.stdout)
                .unwrap_or_else(|e| panic!("a JSON report: {e}: {}", text(&output.stdout)));
            assert!(report.is_array(), "{report}");
        }
    }
}

#[test]
fn annotations_name_files_from_the_repository_root() {
    let repository = repository_with_the_example_book();
    std::fs::write(
        repository.path().join("standards/terms.yaml"),
        "terms:\n  - term: Клиент\n    definiton: Тот, кто покупает.\n",
    )
    .unwrap();
    let output = standbook(
        &["check", "--book", "standards", "--format", "github"],
        repository.path(),
    );
    let said = text(&output.stdout);
    assert!(!output.status.success());
    assert!(
        said.contains("::error title=E0102,file=standards/terms.yaml,line=3,"),
        "{said}"
    );
    let output = standbook(
        &["check", "--book", "standards", "--format", "gitlab"],
        repository.path(),
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let finding = report
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["check_name"] == "E0102")
        .expect("the unknown key is reported");
    assert_eq!(finding["location"]["path"], "standards/terms.yaml");
    assert_eq!(finding["location"]["lines"]["begin"], 3);
}
