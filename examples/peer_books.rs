//! Turns a folder of real Markdown pages (a public handbook) into the same
//! pages for standbook, Hugo and mdBook, for `benches/peers.sh`:
//! `cargo run --release --example peer_books -- SRC N flat|chapters OUT`.
//!
//! The first `N` pages of `SRC` (every `*.md`, in path order, taken again
//! with a new id when the handbook has fewer) become `OUT/standbook` (a book,
//! one chapter or chapters of 20), `OUT/hugo` (a site with a bare theme and
//! a JSON search index) and `OUT/mdbook` (a book with its default theme and
//! search). What only the source site understands is dropped the same way for
//! all three: front matter (its `title` is kept), shortcodes and template
//! calls (`{{< … >}}`, `{{% … %}}`), HTML tags (their text stays: mdBook
//! 0.5 panics on some unbalanced HTML), and links to the source's other pages
//! or images (their text stays); links to the web stay links.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Pages per chapter in the `chapters` shape.
const CHAPTER_SIZE: usize = 20;

struct Page {
    title: String,
    body: String,
}

fn main() {
    let usage = "usage: peer_books SRC N flat|chapters OUT";
    let mut args = std::env::args().skip(1);
    let src = PathBuf::from(args.next().expect(usage));
    let count: usize = args.next().and_then(|n| n.parse().ok()).expect(usage);
    let flat = match args.next().as_deref() {
        Some("flat") => true,
        Some("chapters") => false,
        _ => panic!("{usage}"),
    };
    let out = PathBuf::from(args.next().expect(usage));
    let sources = markdown_files(&src);
    assert!(
        !sources.is_empty(),
        "no Markdown pages under {}",
        src.display()
    );
    let pages: Vec<Page> = (0..count)
        .map(|n| read_page(&sources[n % sources.len()]))
        .collect();
    if out.exists() {
        std::fs::remove_dir_all(&out).expect("remove the old books");
    }
    let per_chapter = if flat { count.max(1) } else { CHAPTER_SIZE };
    write_standbook(&out.join("standbook"), &pages, per_chapter);
    write_hugo(&out.join("hugo"), &pages, per_chapter);
    write_mdbook(&out.join("mdbook"), &pages, per_chapter);
    let bytes: usize = pages.iter().map(|p| p.body.len()).sum();
    println!(
        "{count} pages ({} MB of Markdown) from {} files of {} into {}",
        bytes / 1_000_000,
        sources.len(),
        src.display(),
        out.display()
    );
}

fn markdown_files(src: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(src)
        .into_iter()
        .filter_entry(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .flatten()
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    files.sort();
    files
}

fn read_page(path: &Path) -> Page {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let (title, body) = split_front_matter(&text);
    let body = clean(body);
    let title = title
        .or_else(|| {
            body.lines()
                .find_map(|l| l.strip_prefix("# ").map(|t| t.trim().to_string()))
        })
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| {
            path.file_stem().map_or("Page".into(), |s| {
                s.to_string_lossy().replace(['-', '_'], " ")
            })
        });
    Page { title, body }
}

/// The front matter's `title` (YAML or TOML), and the text after it.
fn split_front_matter(text: &str) -> (Option<String>, &str) {
    for fence in ["---", "+++"] {
        if let Some(rest) = text.strip_prefix(fence)
            && let Some(end) = rest.find(&format!("\n{fence}"))
        {
            let matter = &rest[..end];
            let body = rest[end + 1 + fence.len()..].trim_start_matches(['\r', '\n']);
            let title = matter.lines().find_map(|line| {
                let value = line.strip_prefix("title")?.trim_start();
                let value = value
                    .strip_prefix(':')
                    .or_else(|| value.strip_prefix('='))?;
                Some(value.trim().trim_matches(['"', '\'']).to_string())
            });
            return (title, body);
        }
    }
    (None, text)
}

/// The page without the source site's template syntax and inner links.
fn clean(body: &str) -> String {
    let shortcode = regex::Regex::new(r"(?s)\{\{[<%].*?[%>]\}\}|\{\{.*?\}\}").unwrap();
    let body = shortcode.replace_all(body, "");
    let tag = regex::Regex::new(r"</?[A-Za-z][^<>]*>").unwrap();
    let body = tag.replace_all(&body, "");
    let image = regex::Regex::new(r"!\[([^\]]*)\]\(([^)]*)\)").unwrap();
    let body = image.replace_all(&body, |c: &regex::Captures| keep_web(c, ""));
    let link = regex::Regex::new(r"\[([^\]]*)\]\(([^)]*)\)").unwrap();
    let body = link.replace_all(&body, |c: &regex::Captures| keep_web(c, &c[1]));
    let definition = regex::Regex::new(r"(?m)^\s*\[[^\]]+\]:\s*(\S+).*$").unwrap();
    let body = definition.replace_all(&body, |c: &regex::Captures| match is_web(&c[1]) {
        true => c[0].to_string(),
        false => String::new(),
    });
    body.replace("[[", "[\\[")
}

fn is_web(target: &str) -> bool {
    target.starts_with("http://") || target.starts_with("https://")
}

/// A link or image to the web as it is; anything else becomes `text`.
fn keep_web(c: &regex::Captures, text: &str) -> String {
    match is_web(c[2].trim()) {
        true => c[0].to_string(),
        false => text.to_string(),
    }
}

/// A string as a double-quoted YAML (and TOML) scalar.
fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn chapters(pages: &[Page], per_chapter: usize) -> impl Iterator<Item = (usize, &[Page])> {
    pages.chunks(per_chapter).enumerate()
}

fn write_standbook(dir: &Path, pages: &[Page], per_chapter: usize) {
    write(
        &dir.join("standbook.yaml"),
        "title: Handbook\norganization: Peers\nlanguage: en\nversion: 1.0.0\neffective: 2026-01-01\n",
    );
    let mut n = 0;
    for (c, chapter) in chapters(pages, per_chapter) {
        let folder = dir.join(format!("{:04}-part", c + 1));
        write(
            &folder.join("chapter.yaml"),
            &format!("title: Part {}\n", c + 1),
        );
        for (i, page) in chapter.iter().enumerate() {
            n += 1;
            let mut text = String::from("---\n");
            let _ = writeln!(text, "id: P-{n:05}");
            let _ = writeln!(text, "title: {}", quoted(&page.title));
            text.push_str("version: 1.0.0\neffective: 2026-01-01\nowner: Handbook\n");
            text.push_str(
                "changes:\n  - { version: 1.0.0, date: 2026-01-01, summary: Imported }\n---\n",
            );
            text.push_str(&page.body);
            write(&folder.join(format!("{:05}-page.md", i + 1)), &text);
        }
    }
}

fn write_hugo(dir: &Path, pages: &[Page], per_chapter: usize) {
    write(
        &dir.join("hugo.toml"),
        "baseURL = '/'\ntitle = 'Handbook'\nrelativeURLs = true\ndisableKinds = ['taxonomy', 'term', 'RSS']\n\
         [outputs]\nhome = ['HTML', 'JSON']\n[markup.goldmark.renderer]\nunsafe = true\n",
    );
    let layouts = dir.join("layouts");
    write(
        &layouts.join("_default/baseof.html"),
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head>\
         <body><nav><a href=\"{{ \"/\" | relURL }}\">{{ site.Title }}</a></nav><main>{{ block \"main\" . }}{{ end }}</main></body></html>\n",
    );
    write(
        &layouts.join("_default/single.html"),
        "{{ define \"main\" }}<h1>{{ .Title }}</h1>{{ .Content }}{{ end }}\n",
    );
    write(
        &layouts.join("_default/list.html"),
        "{{ define \"main\" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n",
    );
    write(
        &layouts.join("index.json"),
        "{{- $pages := slice -}}{{- range .Site.RegularPages -}}{{- $pages = $pages | append (dict \"title\" .Title \"url\" .RelPermalink \"content\" .Plain) -}}{{- end -}}{{- $pages | jsonify -}}\n",
    );
    let mut n = 0;
    for (c, chapter) in chapters(pages, per_chapter) {
        let section = dir.join(format!("content/part-{:04}", c + 1));
        write(
            &section.join("_index.md"),
            &format!("---\ntitle: \"Part {}\"\n---\n", c + 1),
        );
        for page in chapter {
            n += 1;
            let text = format!("---\ntitle: {}\n---\n{}", quoted(&page.title), page.body);
            write(&section.join(format!("p-{n:05}.md")), &text);
        }
    }
}

fn write_mdbook(dir: &Path, pages: &[Page], per_chapter: usize) {
    write(
        &dir.join("book.toml"),
        "[book]\ntitle = \"Handbook\"\nlanguage = \"en\"\nsrc = \"src\"\n",
    );
    let src = dir.join("src");
    let mut summary = String::from("# Summary\n\n");
    let mut n = 0;
    let flat = per_chapter >= pages.len();
    for (c, chapter) in chapters(pages, per_chapter) {
        let part = format!("part-{:04}", c + 1);
        let indent = if flat { "" } else { "  " };
        if !flat {
            write(
                &src.join(&part).join("index.md"),
                &format!("# Part {}\n", c + 1),
            );
            let _ = writeln!(summary, "- [Part {}]({part}/index.md)", c + 1);
        }
        for page in chapter {
            n += 1;
            let name = format!("{part}/p-{n:05}.md");
            write(&src.join(&name), &page.body);
            let title = page.title.replace(['[', ']'], "");
            let _ = writeln!(summary, "{indent}- [{title}]({name})");
        }
    }
    write(&src.join("SUMMARY.md"), &summary);
}
