//! Reading a book's history from git: the `git` command, run a few times per
//! build whatever the size of the book — one `git log` over the book folder
//! (every commit with the files it touched and their blob ids, renames
//! detected; the history cache keeps it, so a build at the same commit does
//! not ask again), `git cat-file --batch` for the texts of those blobs, and
//! two small queries (which commit and folder, shallow clone? uncommitted
//! changes?).

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// One commit that touched the book.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Commit {
    /// Full commit id.
    pub id: String,
    /// Author time, seconds since 1970.
    pub time: i64,
    /// Author name.
    pub author: String,
    /// First line of the message.
    pub message: String,
    /// Files the commit added, changed or renamed (book-relative).
    pub files: Vec<FileChange>,
}

/// A file a commit wrote.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FileChange {
    /// Its path after the commit.
    pub path: PathBuf,
    /// Its path before, when the commit renamed it.
    pub renamed_from: Option<PathBuf>,
    /// Whether the commit created it.
    pub added: bool,
    /// The blob id of its new text.
    pub blob: String,
}

/// Runs `git -C dir ARGS` and returns its standard output, or `None` when git
/// is missing or fails (a book outside git is fine).
fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "core.quotePath=false"])
        .args(args)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

/// Where a book folder sits in git.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkout {
    /// The commit checked out.
    pub head: String,
    /// The book folder's path inside the repository (`""` or `"docs/book/"`).
    pub prefix: String,
    /// Whether the repository is a shallow clone.
    pub shallow: bool,
}

impl Checkout {
    /// What the book's log depends on: the commit, and whether the clone is
    /// shallow (a clone deepened since has a longer log at the same commit).
    pub fn log_key(&self) -> String {
        match self.shallow {
            true => format!("{} shallow", self.head),
            false => self.head.clone(),
        }
    }
}

/// The checkout `dir` is in, from one `git rev-parse`; `None` outside git or
/// before the first commit.
pub fn checkout(dir: &Path) -> Option<Checkout> {
    let text = git(
        dir,
        &[
            "rev-parse",
            "--is-shallow-repository",
            "--show-prefix",
            "HEAD",
        ],
    )?;
    let mut lines = text.lines();
    let shallow = lines.next()? == "true";
    let prefix = lines.next()?.to_string();
    let head = lines.next()?.trim().to_string();
    (!head.is_empty()).then_some(Checkout {
        head,
        prefix,
        shallow,
    })
}

/// The folders git keeps `dir`'s repository in: its own (with `HEAD`) and
/// the one it shares with other worktrees (with `refs/` and `packed-refs`);
/// the same folder unless `dir` is in a linked worktree. Empty outside git.
pub fn repository_dirs(dir: &Path) -> Vec<PathBuf> {
    let Some(text) = git(
        dir,
        &[
            "rev-parse",
            "--path-format=absolute",
            "--git-dir",
            "--git-common-dir",
        ],
    ) else {
        return Vec::new();
    };
    // (A git older than 2.31 echoes the option it does not know.)
    let mut dirs: Vec<PathBuf> = text
        .lines()
        .map(PathBuf::from)
        .filter(|dir| dir.is_absolute() && dir.is_dir())
        .collect();
    dirs.dedup();
    dirs
}

/// Every commit that touched `dir`, newest first, with paths relative to `dir`.
pub fn log(dir: &Path) -> Vec<Commit> {
    let Some(text) = git(
        dir,
        &[
            "log",
            "--no-color",
            "--no-merges",
            "--raw",
            "--no-abbrev",
            "-M",
            "--relative",
            "--format=%x1e%H%x1f%at%x1f%aN%x1f%s",
            "--",
            ".",
        ],
    ) else {
        return Vec::new();
    };
    text.split('\u{1e}').filter_map(parse_commit).collect()
}

fn parse_commit(record: &str) -> Option<Commit> {
    let mut lines = record.lines();
    let mut head = lines.next()?.split('\u{1f}');
    let mut commit = Commit {
        id: head.next()?.to_string(),
        time: head.next()?.parse().ok()?,
        author: head.next()?.to_string(),
        message: head.next().unwrap_or_default().to_string(),
        files: Vec::new(),
    };
    commit.files = lines.filter_map(parse_raw_line).collect();
    Some(commit)
}

/// `:100644 100644 OLD NEW M\tpath` or `:100644 100644 OLD NEW R097\told\tnew`.
fn parse_raw_line(line: &str) -> Option<FileChange> {
    let (meta, paths) = line.strip_prefix(':')?.split_once('\t')?;
    let fields: Vec<&str> = meta.split(' ').collect();
    let (blob, status) = (*fields.get(3)?, *fields.get(4)?);
    let mut paths = paths.split('\t');
    let (renamed_from, path) = match status.chars().next()? {
        'R' | 'C' => (
            Some(PathBuf::from(paths.next()?)),
            PathBuf::from(paths.next()?),
        ),
        'A' | 'M' | 'T' => (None, PathBuf::from(paths.next()?)),
        _ => return None,
    };
    Some(FileChange {
        path,
        renamed_from: renamed_from.filter(|_| status.starts_with('R')),
        added: status == "A" || status.starts_with('C'),
        blob: blob.to_string(),
    })
}

/// The commits after `since` up to HEAD that touched `dir`; `None` when
/// `since` is not a revision git knows.
pub fn commits_since(dir: &Path, since: &str) -> Option<std::collections::HashSet<String>> {
    git(
        dir,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{since}^{{commit}}"),
        ],
    )?;
    let range = format!("{since}..HEAD");
    let list = git(dir, &["rev-list", &range, "--", "."])?;
    Some(list.lines().map(str::to_string).collect())
}

/// Files of `dir` that differ from the last commit (changed, staged or new),
/// relative to `dir`, from one `git status`; `prefix` is `dir`'s path in the
/// repository ([`Checkout::prefix`]), which git's paths start with.
pub fn uncommitted(dir: &Path, prefix: &str) -> Vec<PathBuf> {
    let Some(text) = git(
        dir,
        &[
            "status",
            "-z",
            "--untracked-files=all",
            "--no-renames",
            "--",
            ".",
        ],
    ) else {
        return Vec::new();
    };
    // `XY path\0` for each file.
    text.split('\0')
        .filter_map(|entry| entry.get(3..)?.strip_prefix(prefix))
        .filter(|path| !path.is_empty())
        .map(PathBuf::from)
        .collect()
}

/// Hands the bytes of each of `blobs` to `each` (with the blob id), in order,
/// through one `git cat-file --batch`; a blob git does not have comes as no bytes.
pub fn read_blobs(dir: &Path, blobs: &[&str], mut each: impl FnMut(&str, &[u8])) {
    if blobs.is_empty() {
        return;
    }
    let Ok(mut child) = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["cat-file", "--batch", "--buffer"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
    else {
        return;
    };
    let mut stdin = child.stdin.take();
    let request: String = blobs.iter().map(|b| format!("{b}\n")).collect();
    let writer = std::thread::spawn(move || {
        if let Some(stdin) = stdin.as_mut() {
            let _ = stdin.write_all(request.as_bytes());
        }
    });
    if let Some(stdout) = child.stdout.take() {
        read_batch(BufReader::with_capacity(1 << 20, stdout), &mut each);
    }
    let _ = writer.join();
    let _ = child.wait();
}

/// Reads `<id> <type> <size>\n<bytes>\n` records until the stream ends.
fn read_batch(mut reader: impl BufRead, each: &mut impl FnMut(&str, &[u8])) {
    let mut header = String::new();
    let mut bytes = Vec::new();
    loop {
        header.clear();
        if reader.read_line(&mut header).unwrap_or(0) == 0 {
            return;
        }
        let fields: Vec<&str> = header.split_whitespace().collect();
        let Some(size) = fields.get(2).and_then(|s| s.parse::<usize>().ok()) else {
            each(fields.first().copied().unwrap_or_default(), &[]); // `<id> missing`
            continue;
        };
        bytes.resize(size + 1, 0);
        if reader.read_exact(&mut bytes).is_err() {
            return;
        }
        each(fields[0], &bytes[..size]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_lines_give_paths_renames_and_blobs() {
        let m = parse_raw_line(":100644 100644 aaa bbb M\t01-a/01-x.md").unwrap();
        assert_eq!(
            (m.path.to_str(), m.added, m.blob.as_str()),
            (Some("01-a/01-x.md"), false, "bbb")
        );
        let r = parse_raw_line(":100644 100644 aaa ccc R087\t01-a/old.md\t01-a/new.md").unwrap();
        assert_eq!(r.renamed_from, Some(PathBuf::from("01-a/old.md")));
        assert_eq!(r.path, PathBuf::from("01-a/new.md"));
        assert!(parse_raw_line(":100644 000000 aaa 000 D\tgone.md").is_none());
        let a = parse_raw_line(":000000 100644 000 ddd A\tновый.md").unwrap();
        assert!(a.added && a.path == Path::new("новый.md"));
    }

    #[test]
    fn uncommitted_files_are_relative_to_the_book_folder() {
        let repo = tempfile::tempdir().unwrap();
        let run = |args: &[&str]| {
            let status = Command::new("git")
                .current_dir(repo.path())
                .args(["-c", "user.name=A", "-c", "user.email=a@example.com"])
                .args(args)
                .status()
                .unwrap();
            assert!(status.success(), "git {args:?}");
        };
        let book = repo.path().join("docs/книга");
        std::fs::create_dir_all(book.join("01 глава")).unwrap();
        std::fs::write(book.join("01 глава/имя с пробелом.md"), "a").unwrap();
        std::fs::write(book.join("same.md"), "a").unwrap();
        std::fs::write(repo.path().join("outside.md"), "a").unwrap();
        run(&["init", "-q"]);
        run(&["add", "-A"]);
        run(&["commit", "-q", "-m", "one"]);
        std::fs::write(book.join("01 глава/имя с пробелом.md"), "b").unwrap();
        std::fs::write(book.join("new.md"), "b").unwrap();
        std::fs::write(repo.path().join("outside.md"), "b").unwrap();
        let checkout = checkout(&book).unwrap();
        assert_eq!(
            (checkout.prefix.as_str(), checkout.shallow),
            ("docs/книга/", false)
        );
        let mut changed = uncommitted(&book, &checkout.prefix);
        changed.sort();
        assert_eq!(
            changed,
            [
                PathBuf::from("01 глава/имя с пробелом.md"),
                PathBuf::from("new.md")
            ]
        );
    }
}
