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

/// Settings given on git's command line, which win over every
/// configuration file: nothing the repository or the user configured may
/// start a program (fsmonitor, hooks, pager, external diff, signature
/// checks, credential and ssh helpers) or reach the network.
const SAFE_SETTINGS: &[&str] = &[
    "core.fsmonitor=false",
    "core.hooksPath=/dev/null",
    "core.pager=cat",
    "core.quotePath=false",
    "core.untrackedCache=false",
    "core.sshCommand=",
    "core.askPass=",
    "core.alternateRefsCommand=",
    "credential.helper=",
    "diff.external=",
    "log.showSignature=false",
    "protocol.allow=never",
    "gc.auto=0",
    "maintenance.auto=false",
];

/// `git` for `dir`, run so that no repository or user configuration can
/// start a program and nothing is written into `.git`: no system or global
/// configuration, no inherited `GIT_*` variables, [`SAFE_SETTINGS`], no
/// optional locks (so `status` never rewrites the index), no prompts and no
/// lazy fetches of missing objects.
fn command(dir: &Path) -> Command {
    let mut command = Command::new("git");
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("GIT_") {
            command.env_remove(name);
        }
    }
    command
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_OPTIONAL_LOCKS", "0")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_NO_LAZY_FETCH", "1")
        .arg("--no-pager")
        .arg("-C")
        .arg(dir);
    for setting in SAFE_SETTINGS {
        command.arg("-c").arg(setting);
    }
    command.stdin(Stdio::null()).stderr(Stdio::piped());
    command
}

/// Why a git call gave no answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GitError {
    /// git is not installed (or not on `PATH`).
    Missing,
    /// git ran and failed; the first line it printed on standard error.
    Failed(String),
}

impl std::fmt::Display for GitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GitError::Missing => f.write_str("git is not installed"),
            GitError::Failed(said) => write!(f, "git says: {said}"),
        }
    }
}

/// Runs `git -C dir ARGS` (see [`command`]) and returns its standard output,
/// or `None` when git is missing or fails (a book outside git is fine).
fn git(dir: &Path, args: &[&str]) -> Option<String> {
    git_with(dir, &[], args).ok()
}

/// [`git`] with more `-c` settings, saying why when it gives no answer.
fn git_with(dir: &Path, settings: &[String], args: &[&str]) -> Result<String, GitError> {
    let mut command = command(dir);
    for setting in settings {
        command.arg("-c").arg(setting);
    }
    let output = command.args(args).output().map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => GitError::Missing,
        _ => GitError::Failed(e.to_string()),
    })?;
    if !output.status.success() {
        let said = String::from_utf8_lossy(&output.stderr);
        let first = said.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        return Err(GitError::Failed(first.trim().to_string()));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// Whether `dir` or a folder above it holds a `.git` (a folder, or the file
/// of a linked worktree or submodule): then git should be able to read it.
fn in_repository(dir: &Path) -> bool {
    let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    dir.ancestors()
        .any(|d| d.join(".git").exists() || d.join(".git").is_symlink())
}

/// Settings that switch off every content filter the repository defines
/// (`filter.<driver>.clean`, `.smudge`, `.process`): `git status` would run
/// them on files whose timestamps changed.
fn filters_off(dir: &Path) -> Vec<String> {
    let Some(names) = git(
        dir,
        &[
            "config",
            "--null",
            "--name-only",
            "--get-regexp",
            r"^filter\..*\.(clean|smudge|process)$",
        ],
    ) else {
        return Vec::new();
    };
    names
        .split('\0')
        .filter(|name| !name.is_empty())
        .map(|name| format!("{name}="))
        .collect()
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

/// The checkout `dir` is in, from one `git rev-parse`: `Ok(None)` outside git
/// or before the first commit, an error when `dir` is in a repository that
/// git cannot read (git missing, a repository owned by another user, a
/// broken `.git`).
pub fn checkout(dir: &Path) -> Result<Option<Checkout>, GitError> {
    if !in_repository(dir) {
        return Ok(None);
    }
    let asked = git_with(
        dir,
        &[],
        &[
            "rev-parse",
            "--is-shallow-repository",
            "--show-prefix",
            "HEAD",
        ],
    );
    let text = match asked {
        Ok(text) => text,
        // A repository without commits has no HEAD to read yet.
        Err(GitError::Failed(said)) if said.contains("'HEAD'") => return Ok(None),
        Err(e) => return Err(e),
    };
    let mut lines = text.lines();
    let (Some(shallow), Some(prefix), Some(head)) = (lines.next(), lines.next(), lines.next())
    else {
        return Ok(None);
    };
    let head = head.trim().to_string();
    Ok((!head.is_empty()).then(|| Checkout {
        head,
        prefix: prefix.to_string(),
        shallow: shallow == "true",
    }))
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
            "-z",
            "--no-color",
            "--no-merges",
            "--no-ext-diff",
            "--no-textconv",
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
    parse_log(&text)
}

/// Reads `git log -z --raw`: each commit's header `\x1eID\x1fTIME\x1fAUTHOR\x1fSUBJECT`,
/// then for each file `:META` and its one path (two for a rename or copy),
/// every field ended by NUL, so no file name can be mistaken for a field.
fn parse_log(text: &str) -> Vec<Commit> {
    let mut commits: Vec<Commit> = Vec::new();
    let mut fields = text.split('\0');
    while let Some(field) = fields.next() {
        let field = field.trim_start_matches('\n');
        if let Some(header) = field.strip_prefix('\u{1e}') {
            commits.extend(parse_header(header));
        } else if let Some(meta) = field.strip_prefix(':') {
            let change = parse_raw(meta, &mut fields);
            if let (Some(change), Some(commit)) = (change, commits.last_mut()) {
                commit.files.push(change);
            }
        }
    }
    commits
}

fn parse_header(header: &str) -> Option<Commit> {
    let mut head = header.splitn(4, '\u{1f}');
    Some(Commit {
        id: head.next()?.to_string(),
        time: head.next()?.parse().ok()?,
        author: head.next()?.to_string(),
        message: head.next().unwrap_or_default().to_string(),
        files: Vec::new(),
    })
}

/// `100644 100644 OLD NEW M` with its path, or `… R097` with the old and the
/// new path, taken from `paths` (taken even for a change that is left out,
/// a deletion, so the fields after it stay in step).
fn parse_raw<'t>(meta: &str, paths: &mut impl Iterator<Item = &'t str>) -> Option<FileChange> {
    let fields: Vec<&str> = meta.split(' ').collect();
    let (blob, status) = (*fields.get(3)?, *fields.get(4)?);
    let two_paths = status.starts_with('R') || status.starts_with('C');
    let first = paths.next()?;
    let (renamed_from, path) = match two_paths {
        true => (Some(PathBuf::from(first)), PathBuf::from(paths.next()?)),
        false => (None, PathBuf::from(first)),
    };
    if !matches!(status.chars().next()?, 'R' | 'C' | 'A' | 'M' | 'T') {
        return None;
    }
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
    // A revision, never an option.
    if since.starts_with('-') {
        return None;
    }
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
    let Ok(text) = git_with(
        dir,
        &filters_off(dir),
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
    let Ok(mut child) = command(dir)
        .args(["cat-file", "--batch", "--buffer"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
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

/// A file of the book folder in a commit: its path (book-relative) and blob id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeFile {
    /// Path relative to the book folder, `/`-separated.
    pub path: String,
    /// The blob's id.
    pub blob: String,
}

/// The id of the tree the book folder `dir` had in each of `commits`
/// (`None` for a commit git does not have), from one `git cat-file
/// --batch-check`: equal ids mean equal books, whatever else the commits changed.
pub fn tree_ids(dir: &Path, commits: &[&str]) -> Vec<Option<String>> {
    let request: String = commits.iter().map(|c| format!("{c}:./\n")).collect();
    let answer = command(dir)
        .args(["cat-file", "--batch-check"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            // Written from another thread, so a long answer never blocks the request.
            let stdin = child.stdin.take();
            let writer = std::thread::spawn(move || {
                if let Some(mut stdin) = stdin {
                    let _ = stdin.write_all(request.as_bytes());
                }
            });
            let output = child.wait_with_output();
            let _ = writer.join();
            output
        });
    let text = answer.map_or_else(
        |_| String::new(),
        |o| String::from_utf8_lossy(&o.stdout).into_owned(),
    );
    // `<id> tree <size>`, or `<name> missing`, one line per commit.
    let mut lines = text.lines();
    commits
        .iter()
        .map(|_| {
            let line = lines.next()?;
            let mut fields = line.split(' ');
            let (id, kind) = (fields.next()?, fields.next()?);
            (kind == "tree").then(|| id.to_string())
        })
        .collect()
}

/// The regular files of the book folder `dir` in `commit`, read from git's
/// objects (the working tree is never touched). Symbolic links and
/// submodules are left out: a book read from git has files only.
pub fn tree_files(dir: &Path, commit: &str) -> Result<Vec<TreeFile>, GitError> {
    let listing = git_with(dir, &[], &["ls-tree", "-r", "-z", commit, "--", "."])?;
    Ok(listing
        .split('\0')
        .filter_map(|entry| {
            // `<mode> <type> <id>\t<path>`
            let (meta, path) = entry.split_once('\t')?;
            let mut fields = meta.split(' ');
            let (mode, kind, blob) = (fields.next()?, fields.next()?, fields.next()?);
            let regular = kind == "blob" && (mode == "100644" || mode == "100755");
            regular.then(|| TreeFile {
                path: path.to_string(),
                blob: blob.to_string(),
            })
        })
        .collect())
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
    fn raw_records_give_paths_renames_and_blobs() {
        let log = "\u{1e}c2\u{1f}20\u{1f}Анна\u{1f}two\ttabs\0\n\
            :100644 100644 aaa bbb M\x0001-a/01-x.md\0\
            :100644 000000 aaa 000 D\0gone\n.md\0\
            :100644 100644 aaa ccc R087\x0001-a/old.md\x0001-a/we\"ird\tname\n.md\0\
            \u{1e}c1\u{1f}10\u{1f}Борис\u{1f}one\0\n\
            :000000 100644 000 ddd A\0новый.md\0";
        let commits = parse_log(log);
        assert_eq!(commits.len(), 2);
        assert_eq!(commits[0].message, "two\ttabs");
        let files = &commits[0].files;
        assert_eq!(files.len(), 2, "{files:?}");
        assert_eq!(
            (
                files[0].path.to_str(),
                files[0].added,
                files[0].blob.as_str()
            ),
            (Some("01-a/01-x.md"), false, "bbb")
        );
        assert_eq!(files[1].renamed_from, Some(PathBuf::from("01-a/old.md")));
        assert_eq!(files[1].path, PathBuf::from("01-a/we\"ird\tname\n.md"));
        let added = &commits[1].files[0];
        assert!(added.added && added.path == Path::new("новый.md"));
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
        let checkout = checkout(&book).unwrap().unwrap();
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
