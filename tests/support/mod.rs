//! Helpers shared by the integration tests: fixture books in temporary
//! folders, running the real `standbook` binary, and reading built pages.

#![allow(dead_code)]

pub mod browser;
pub mod lint_table;
pub mod poppler;
pub mod repository;
pub mod server;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;

/// A book written file by file into a temporary folder.
pub struct Fixture {
    pub dir: TempDir,
}

/// A minimal valid book: config, one chapter with two standards, glossary,
/// phrases, appearance and a checklist.
pub const MINIMAL: &[(&str, &str)] = &[
    (
        "standbook.yaml",
        "title: Тестовая книга\norganization: ООО «Тест»\nlanguage: ru\nversion: 1.0.0\neffective: 2026-01-01\noutput: ../out\n",
    ),
    (
        "terms.yaml",
        "terms:\n  - term: Клиент\n    definition: Тот, кто покупает.\n  - term: Тайный покупатель\n    definition: Проверяющий под видом клиента.\n    see: [Клиент]\n",
    ),
    (
        "phrases.yaml",
        "rules:\n  - phrase: Это невозможно\n    level: forbidden\n    category: Отказ\n    instead: [Давайте посмотрим, что можно сделать]\n    why: Обрывает разговор.\n",
    ),
    (
        "appearance.yaml",
        "roles:\n  - id: cashier\n    title: Кассир\n    areas:\n      - area: Одежда\n        required: [Фирменная рубашка]\n        not_allowed: [Шорты]\n",
    ),
    (
        "checklists/shift.yaml",
        "id: shift\ntitle: Начало смены\nsections:\n  - title: Касса\n    items:\n      - Терминал проверен\n      - text: Размен на месте\n        weight: 2\n",
    ),
    ("01-general/chapter.yaml", "title: Общие положения\n"),
    (
        "01-general/01-scope.md",
        "---\nid: GEN-01\ntitle: Область применения\nversion: 1.0.0\neffective: 2026-01-01\nowner: Дирекция\nchanges:\n  - { version: 1.0.0, date: 2026-01-01, summary: Первая редакция }\n---\n## Кому\n\nСтандарт для всех, кто обслуживает клиентов. Каждого клиента встречаем.\n\nСм. [конфликты](@GEN-02#шаги) и [[Тайный покупатель]].\n\n- [ ] Прочитал\n- [ ] Понял\n\n{{checklist id=shift}}\n",
    ),
    (
        "01-general/02-conflicts.md",
        "---\nid: GEN-02\ntitle: Конфликты\nversion: 1.1.0\neffective: 2026-01-01\nowner: Дирекция\nchanges:\n  - { version: 1.1.0, date: 2026-01-01, summary: Шаги }\n---\n## Шаги\n\n{{phrases}}\n\n{{appearance role=cashier}}\n\n| А | Б |\n|---|---|\n| 1 | 2 |\n",
    ),
];

impl Fixture {
    /// A book made of `files` (path, text).
    pub fn new(files: &[(&str, &str)]) -> Fixture {
        let dir = tempfile::tempdir().expect("temp dir");
        let fixture = Fixture { dir };
        for (path, text) in files {
            fixture.write(path, text);
        }
        fixture
    }

    /// The minimal book with some files replaced or added.
    pub fn minimal_with(changes: &[(&str, &str)]) -> Fixture {
        let fixture = Fixture::new(MINIMAL);
        for (path, text) in changes {
            fixture.write(path, text);
        }
        fixture
    }

    /// The book folder.
    pub fn book(&self) -> PathBuf {
        self.dir.path().join("book")
    }

    /// Where the minimal book writes its site.
    pub fn out(&self) -> PathBuf {
        self.dir.path().join("out")
    }

    pub fn write(&self, path: &str, text: &str) {
        let path = self.book().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// Runs `standbook ARGS --book BOOK`.
    pub fn run(&self, args: &[&str]) -> Output {
        let mut all: Vec<&str> = args.to_vec();
        let book = self.book();
        all.push("--book");
        all.push(book.to_str().unwrap());
        standbook(&all, self.dir.path())
    }

    /// Builds and returns the output, panicking on failure.
    pub fn build(&self) -> Output {
        let output = self.run(&["build"]);
        assert!(
            output.status.success(),
            "build failed:\n{}",
            text(&output.stderr)
        );
        output
    }

    /// The text of a file of the book.
    pub fn page_source(&self, path: &str) -> String {
        std::fs::read_to_string(self.book().join(path)).unwrap()
    }

    /// The text of a built page.
    pub fn page(&self, name: &str) -> String {
        std::fs::read_to_string(self.out().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
    }

    /// The site path of the theme's static file `name` (`style.css`) in the
    /// built site, whose name carries a hash (`_static/style.1a2b3c4d.css`).
    pub fn static_path(&self, name: &str) -> String {
        hashed_static_path(&self.out(), name)
    }
}

/// The site path of the static file `name` (`style.css`, `search/stem.js`)
/// in the site at `out`: the one file named `<stem>.<8 hex digits>.<extension>`.
pub fn hashed_static_path(out: &Path, name: &str) -> String {
    let (stem, extension) = name.rsplit_once('.').expect("a name with an extension");
    let folder = out
        .join("_static")
        .join(stem)
        .parent()
        .unwrap()
        .to_path_buf();
    let base = Path::new(stem)
        .file_name()
        .unwrap()
        .to_string_lossy()
        .to_string();
    let found: Vec<String> = std::fs::read_dir(&folder)
        .unwrap_or_else(|e| panic!("{}: {e}", folder.display()))
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|file| {
            file.strip_prefix(&format!("{base}."))
                .and_then(|rest| rest.strip_suffix(&format!(".{extension}")))
                .is_some_and(|hash| hash.len() == 8 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
        })
        .collect();
    assert_eq!(found.len(), 1, "{name} in {}: {found:?}", folder.display());
    let dir = Path::new(stem)
        .parent()
        .unwrap()
        .to_string_lossy()
        .to_string();
    match dir.is_empty() {
        true => format!("_static/{}", found[0]),
        false => format!("_static/{dir}/{}", found[0]),
    }
}

/// Runs the real binary in `cwd`, with its cache in `cwd/.cache`.
pub fn standbook(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_standbook"))
        .args(args)
        .current_dir(cwd)
        .env("SOURCE_DATE_EPOCH", "1795000000")
        .env("STANDBOOK_CACHE_DIR", cwd.join(".cache"))
        .output()
        .expect("run standbook")
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The example book of the repository.
pub fn example_book() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("standards")
}

/// The example book's files whose extension is one of `extensions`, in a stable order.
pub fn example_files(extensions: &[&str]) -> Vec<PathBuf> {
    walkdir::WalkDir::new(example_book())
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .map(walkdir::DirEntry::into_path)
        .filter(|p| {
            p.extension()
                .and_then(|x| x.to_str())
                .is_some_and(|x| extensions.contains(&x))
        })
        .collect()
}

/// The example book's version, as its `standbook.yaml` says.
pub fn example_version() -> String {
    let config = std::fs::read_to_string(example_book().join("standbook.yaml")).unwrap();
    config
        .lines()
        .find_map(|l| l.strip_prefix("version:"))
        .expect("standbook.yaml has a version")
        .trim()
        .to_string()
}

/// Builds the example book into a fresh temporary folder.
pub fn build_example() -> TempDir {
    let out = tempfile::tempdir().unwrap();
    let book = example_book();
    let output = standbook(
        &[
            "build",
            "--book",
            book.to_str().unwrap(),
            "--out",
            out.path().join("site").to_str().unwrap(),
        ],
        out.path(),
    );
    assert!(output.status.success(), "{}", text(&output.stderr));
    out
}
