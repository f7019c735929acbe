//! The theme: Tera templates, static files (CSS, JS) and UI strings.
//!
//! The default theme in `themes/default/` is embedded in the binary. A book
//! may override any of its files by putting a file at the same path in its own
//! `theme/` folder (`theme/templates/standard.html`, `theme/static/style.css`,
//! `theme/locales/ru.yaml`, …).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rust_embed::RustEmbed;
use tera::Tera;

use crate::diagnostic::{Code, Diagnostic, Location};
use crate::language::Language;
use crate::source::{BookFolder, Skipped};

#[derive(RustEmbed)]
#[folder = "themes/default/"]
struct DefaultTheme;

/// A theme ready to render with.
pub struct Theme {
    /// Templates by name (`standard.html`, `partials/checklist.html`, …).
    pub tera: Tera,
    /// Files copied as-is into `_static/`, by relative path.
    pub static_files: BTreeMap<String, Cow<'static, [u8]>>,
    /// The site path of each static file, by its relative path: CSS and
    /// scripts carry a hash of their content (`style.css` →
    /// `_static/style.1a2b3c4d.css`), so a page never runs with the styles or
    /// scripts of another build; other files keep their names.
    pub static_paths: BTreeMap<String, String>,
    /// UI strings in the book's language.
    pub strings: BTreeMap<String, String>,
    /// The book's theme folder (book-relative), where template errors point.
    dir: PathBuf,
}

/// A book's own theme folder (`theme:` of `standbook.yaml`), whose files
/// override the default theme's; read only through the book folder, so a
/// link out of the book is an error, never a file published.
#[derive(Debug, Clone, Copy)]
pub struct Overrides<'f> {
    /// The book.
    pub folder: &'f BookFolder,
    /// The theme folder, relative to the book.
    pub dir: &'f Path,
}

impl Overrides<'_> {
    /// The bytes of the override of `name`, if the book has one.
    fn file(&self, name: &str) -> Result<Option<Vec<u8>>, Diagnostic> {
        let path = self.dir.join(name);
        if std::fs::symlink_metadata(self.folder.root().join(&path)).is_err() {
            return Ok(None);
        }
        self.folder.read(&path).map(Some).map_err(|e| {
            Diagnostic::new(Code::Theme, format!("cannot read theme file: {e}"))
                .at(Location::at_line(&path, 1, 1))
                .hint(
                    "keep theme files inside the book folder, as files rather than links out of it",
                )
        })
    }

    /// The names of the override files (`templates/standard.html`), or the
    /// errors for theme files that lead outside the book.
    fn names(&self) -> Result<Vec<String>, Vec<Diagnostic>> {
        let walk = self.folder.walk(self.dir, |e| {
            !e.file_name().to_string_lossy().starts_with('.')
        });
        if !walk.skipped.is_empty() {
            return Err(walk
                .skipped
                .iter()
                .map(|skipped| {
                    let (path, what) = match skipped {
                        Skipped::Outside(path) => {
                            (path, "is a link to a file outside the book".to_string())
                        }
                        Skipped::Loop(path) => (path, "is a link that loops".to_string()),
                        Skipped::Unreadable(path, why) => (path, format!("cannot be read: {why}")),
                    };
                    Diagnostic::new(
                        Code::Theme,
                        format!("theme file {} {what}", path.display()),
                    )
                    .at(Location::at_line(path, 1, 1))
                    .hint(
                        "a theme file must be inside the book: copy it in instead of linking to it",
                    )
                })
                .collect());
        }
        Ok(walk
            .files
            .iter()
            .filter_map(|(rel, _)| rel.strip_prefix(self.dir).ok())
            .map(|rel| rel.to_string_lossy().replace('\\', "/"))
            .collect())
    }
}

/// The bytes of a theme file: the book's override if there is one, else the default.
fn theme_file(
    overrides: Option<Overrides>,
    name: &str,
) -> Result<Option<Cow<'static, [u8]>>, Diagnostic> {
    if let Some(bytes) = overrides.map(|o| o.file(name)).transpose()?.flatten() {
        return Ok(Some(Cow::Owned(bytes)));
    }
    Ok(DefaultTheme::get(name).map(|f| f.data))
}

/// All file names of the theme: the default's and the overrides'.
fn theme_names(overrides: Option<Overrides>) -> Result<Vec<String>, Vec<Diagnostic>> {
    let mut names: Vec<String> = DefaultTheme::iter().map(|n| n.into_owned()).collect();
    if let Some(overrides) = overrides {
        names.extend(overrides.names()?);
    }
    names.sort();
    names.dedup();
    Ok(names)
}

impl Theme {
    /// Loads the default theme with the overrides in `overrides` (a book's `theme/`).
    pub fn load(
        overrides: Option<Overrides>,
        language: Language,
    ) -> Result<Theme, Vec<Diagnostic>> {
        let mut tera = Tera::default();
        let mut static_files = BTreeMap::new();
        let mut errors = Vec::new();
        let mut templates = Vec::new();
        for name in theme_names(overrides)? {
            let file = match theme_file(overrides, &name) {
                Ok(Some(file)) => file,
                Ok(None) => continue,
                Err(d) => {
                    errors.push(d);
                    continue;
                }
            };
            if let Some(template) = name.strip_prefix("templates/") {
                match String::from_utf8(file.into_owned()) {
                    Ok(text) => templates.push((template.to_string(), text)),
                    Err(_) => errors.push(Diagnostic::new(
                        Code::Theme,
                        format!("{name} is not UTF-8 text"),
                    )),
                }
            } else if let Some(asset) = name.strip_prefix("static/") {
                static_files.insert(asset.to_string(), file);
            }
        }
        let overrides_dir =
            overrides.map_or_else(|| PathBuf::from("theme"), |o| o.dir.to_path_buf());
        let strings = match load_strings(overrides, language) {
            Ok(strings) => strings,
            Err(d) => {
                errors.push(d);
                BTreeMap::new()
            }
        };
        register_language(&mut tera, language, &strings);
        let static_paths: BTreeMap<String, String> = static_files
            .iter()
            .map(|(name, bytes)| (name.clone(), static_path(name, bytes)))
            .collect();
        register_assets(&mut tera, &static_paths);
        if let Err(e) = tera.add_raw_templates(
            templates
                .iter()
                .map(|(name, text)| (name.as_str(), text.as_str())),
        ) {
            errors.push(theme_error(&overrides_dir, &e));
        }
        if errors.is_empty() {
            Ok(Theme {
                dir: overrides_dir,
                tera,
                static_files,
                static_paths,
                strings,
            })
        } else {
            Err(errors)
        }
    }

    /// Renders a whole page: the bytes to write. (Tera writes strings only,
    /// so the bytes are UTF-8 without a second pass over them to check.)
    pub fn render_page(
        &self,
        template: &str,
        context: &tera::Context,
    ) -> Result<Vec<u8>, Diagnostic> {
        let mut page = Vec::with_capacity(64 * 1024);
        self.tera
            .render_to(template, context, &mut page)
            .map_err(|e| theme_error(&self.dir, &e))?;
        Ok(page)
    }

    /// Renders a template with a context into a string (a part of a page).
    pub fn render(&self, template: &str, context: &tera::Context) -> Result<String, Diagnostic> {
        self.tera
            .render(template, context)
            .map_err(|e| theme_error(&self.dir, &e))
    }
}

/// The site path of the static file `name` with content `bytes`: a CSS file
/// or a script gets the first 8 hex digits of its SHA-256 before its extension.
fn static_path(name: &str, bytes: &[u8]) -> String {
    use sha2::Digest;
    let hashed = name.rsplit_once('.').filter(|(stem, extension)| {
        matches!(*extension, "css" | "js") && !stem.is_empty() && !stem.ends_with('/')
    });
    match hashed {
        Some((stem, extension)) => {
            let digest = sha2::Sha256::digest(bytes);
            let hex: String = digest[..4].iter().map(|b| format!("{b:02x}")).collect();
            format!("_static/{stem}.{hex}.{extension}")
        }
        None => format!("_static/{name}"),
    }
}

/// `{{ asset(path="style.css") }}`: the site path of a static file of the
/// theme (see [`Theme::static_paths`]); a name the theme lacks is an error
/// that names it.
fn register_assets(tera: &mut Tera, paths: &BTreeMap<String, String>) {
    let paths = paths.clone();
    tera.register_function(
        "asset",
        move |args: tera::Kwargs, _: &tera::State| -> tera::TeraResult<String> {
            let name: String = args.must_get("path")?;
            paths.get(&name).cloned().ok_or_else(|| {
                tera::Error::message(format!(
                    "the theme has no static file `{name}` (looked for static/{name})"
                ))
            })
        },
    );
}

/// A digest of every file of the default theme: it changes whenever a new
/// standbook would render the same book differently, so an earlier edition
/// rendered by another standbook is rendered again.
pub fn default_theme_digest() -> String {
    use sha2::Digest;
    let mut hasher = sha2::Sha256::new();
    hasher.update(env!("CARGO_PKG_VERSION"));
    let mut names: Vec<String> = DefaultTheme::iter().map(|n| n.into_owned()).collect();
    names.sort();
    for name in names {
        if let Some(file) = DefaultTheme::get(&name) {
            hasher.update(name.as_bytes());
            hasher.update(file.metadata.sha256_hash());
        }
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The templates' language helpers, from CLDR data:
/// - `{{ date | long_date }}`: an ISO date (`2026-09-01`) as the language
///   writes it («1 сентября 2026 г.»); anything else unchanged;
/// - `{{ text | typeset }}`: no-break spaces after one-letter words and
///   before dashes, as the language's typesetting wants;
/// - `{{ plural(key="standards_count", n=3) }}`: the UI string
///   `standards_count.<category>` for the count's plural category
///   (`one`, `few`, `many`, `other`), else `standards_count.other`, else
///   `standards_count`.
fn register_language(tera: &mut Tera, language: Language, strings: &BTreeMap<String, String>) {
    tera.register_filter(
        "long_date",
        move |value: &tera::Value, _: tera::Kwargs, _: &tera::State| match value.as_str() {
            Some(text) => {
                tera::Value::from(written_date(language, text).unwrap_or_else(|| text.to_string()))
            }
            None => value.clone(),
        },
    );
    tera.register_filter(
        "typeset",
        move |value: &tera::Value, _: tera::Kwargs, _: &tera::State| match value.as_str() {
            Some(text) => {
                tera::Value::from(crate::language::typography::tie(text, language).into_owned())
            }
            None => value.clone(),
        },
    );
    let strings = strings.clone();
    tera.register_function(
        "plural",
        move |args: tera::Kwargs, _: &tera::State| -> tera::TeraResult<String> {
            let key: String = args.must_get("key")?;
            let n: i64 = args.must_get("n")?;
            Ok(plural(&strings, language, &key, n.unsigned_abs()))
        },
    );
}

/// An ISO date (`2026-09-01`) as `language` writes it in running text.
pub fn written_date(language: Language, iso: &str) -> Option<String> {
    let date = crate::values::date::Date::parse(iso).ok()?.0;
    crate::language::cldr::long_date(
        language,
        i32::from(date.year()),
        date.month().unsigned_abs(),
        date.day().unsigned_abs(),
    )
}

/// The UI string `key` in the plural form for the count `n`.
pub fn plural(strings: &BTreeMap<String, String>, language: Language, key: &str, n: u64) -> String {
    let category = crate::language::cldr::plural_category(language, n);
    [format!("{key}.{category}"), format!("{key}.other")]
        .iter()
        .find_map(|k| strings.get(k).cloned())
        .unwrap_or_else(|| string(strings, key))
}

/// A Tera error as a diagnostic at the template's line and column, which
/// Tera writes as `--> NAME:LINE:COL` in its message: the template in the
/// book's theme folder `dir`.
fn theme_error(dir: &Path, error: &tera::Error) -> Diagnostic {
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message.push('\n');
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    let place = message.lines().find_map(|line| {
        let (name, rest) = line.trim().strip_prefix("--> ")?.split_once(':')?;
        let (line, column) = rest.split_once(':')?;
        Some((name.to_string(), line.parse().ok()?, column.parse().ok()?))
    });
    let said: Vec<&str> = message
        .lines()
        .map(str::trim)
        .filter(|l| {
            !l.is_empty()
                && !l.starts_with("-->")
                && !l.starts_with('|')
                && !l.chars().next().is_some_and(|c| c.is_ascii_digit())
        })
        .map(|l| l.trim_start_matches("error:").trim())
        .collect();
    let location = match place {
        Some((name, line, column)) => {
            Location::at_line(&dir.join("templates").join(name), line, column)
        }
        None => Location::at_line(dir, 1, 1),
    };
    Diagnostic::new(
        Code::Theme,
        format!("theme template failed: {}", said.join(": ")),
    )
    .at(location)
    .hint("fix the template in the book's theme/ folder, or delete it to use the default")
}

/// UI strings: English, then the book language's, then the book's own
/// overrides of that language, so an override file may change a single string.
fn load_strings(
    overrides: Option<Overrides>,
    language: Language,
) -> Result<BTreeMap<String, String>, Diagnostic> {
    let mut strings = BTreeMap::new();
    for lang in ["en", language.tag()] {
        let name = format!("locales/{lang}.yaml");
        if let Some(file) = DefaultTheme::get(&name) {
            let text = String::from_utf8_lossy(&file.data);
            merge_strings(&mut strings, parse_strings(Path::new(&name), &text)?);
        }
    }
    let name = format!("locales/{}.yaml", language.tag());
    if let Some(overrides) = overrides
        && let Some(bytes) = overrides.file(&name)?
    {
        let path = overrides.dir.join(&name);
        let text =
            String::from_utf8(bytes).map_err(|e| crate::source::not_utf8(&path, e.as_bytes()))?;
        merge_strings(&mut strings, parse_strings(&path, &text)?);
    }
    Ok(strings)
}

/// Lays `layer` over `strings`. A string given in one form for every count
/// (`standards_count: …`) replaces the plural forms under it
/// (`standards_count.few`, …), so an override written that way is shown.
fn merge_strings(strings: &mut BTreeMap<String, String>, layer: BTreeMap<String, String>) {
    for key in layer.keys().filter(|k| !k.contains('.')) {
        let forms = format!("{key}.");
        strings.retain(|k, _| !k.starts_with(&forms));
    }
    strings.extend(layer);
}

fn parse_strings(path: &Path, text: &str) -> Result<BTreeMap<String, String>, Diagnostic> {
    crate::yaml::parse(path, text, 1)
}

/// A UI string, or its key when the theme lacks it.
pub fn string(strings: &BTreeMap<String, String>, key: &str) -> String {
    strings.get(key).cloned().unwrap_or_else(|| key.to_string())
}

/// Writes the default theme's files — all, or those named in `only` — into
/// `dir`, to start a book's `theme/` override from. Refuses to overwrite a
/// file that is there already; returns the paths written.
pub fn export(dir: &Path, only: &[String]) -> crate::error::Result<Vec<String>> {
    let names: Vec<String> = DefaultTheme::iter().map(|n| n.into_owned()).collect();
    if let Some(unknown) = only.iter().find(|name| !names.contains(name)) {
        let close = crate::yaml::closest(
            unknown,
            &names.iter().map(String::as_str).collect::<Vec<_>>(),
        );
        let hint = close.map_or_else(String::new, |c| format!("; did you mean {c}?"));
        return Err(crate::error::Error::Usage(format!(
            "the default theme has no file {unknown}{hint} (`standbook theme` with no file names writes them all)"
        )));
    }
    let chosen: Vec<&String> = names
        .iter()
        .filter(|name| only.is_empty() || only.contains(name))
        .collect();
    if let Some(taken) = chosen.iter().find(|name| dir.join(name.as_str()).exists()) {
        return Err(crate::error::Error::Usage(format!(
            "{} exists already; nothing was written (move it away, or name only the files you want)",
            dir.join(taken.as_str()).display()
        )));
    }
    for name in &chosen {
        let Some(file) = DefaultTheme::get(name) else {
            continue;
        };
        let path = dir.join(name.as_str());
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| crate::error::Error::io(parent, e))?;
        }
        std::fs::write(&path, &file.data).map_err(|e| crate::error::Error::io(&path, e))?;
    }
    Ok(chosen.into_iter().cloned().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_theme_loads_in_every_language() {
        for language in [Language::Ru, Language::Uk, Language::En] {
            let theme = Theme::load(None, language).unwrap_or_else(|e| panic!("{e:?}"));
            assert!(
                theme
                    .tera
                    .get_template_names()
                    .any(|n| n == "standard.html")
            );
            assert!(theme.static_files.contains_key("style.css"));
            let en = Theme::load(None, Language::En).unwrap();
            for key in en.strings.keys() {
                assert!(
                    theme.strings.contains_key(key),
                    "{key} missing in {language:?}"
                );
            }
        }
    }

    fn locale(lang: &str) -> BTreeMap<String, String> {
        let file = DefaultTheme::get(&format!("locales/{lang}.yaml")).unwrap();
        serde_yaml::from_slice(&file.data).unwrap()
    }

    #[test]
    fn every_language_translates_every_string() {
        // Plural strings have the forms of their language (`key.few` in ru and uk only).
        let keys = |lang: &str| -> std::collections::BTreeSet<String> {
            locale(lang)
                .into_keys()
                .map(|k| k.split('.').next().unwrap_or_default().to_string())
                .collect()
        };
        assert_eq!(keys("ru"), keys("en"));
        assert_eq!(keys("uk"), keys("en"));
    }

    #[test]
    fn a_string_overridden_without_plural_forms_is_shown_for_every_count() {
        let mut strings = locale("ru");
        let layer = BTreeMap::from([("standards_count".to_string(), "шт.".to_string())]);
        merge_strings(&mut strings, layer);
        for n in [1, 3, 5] {
            assert_eq!(plural(&strings, Language::Ru, "standards_count", n), "шт.");
        }
        assert_eq!(plural(&strings, Language::Ru, "terms_count", 3), "термина");
    }

    #[test]
    fn plural_strings_have_every_form_their_language_uses() {
        for language in [Language::Ru, Language::Uk, Language::En] {
            let strings = locale(language.tag());
            let plurals: std::collections::BTreeSet<&str> = strings
                .keys()
                .filter_map(|k| k.split_once('.').map(|(base, _)| base))
                .collect();
            for base in plurals {
                for n in 0..=200 {
                    let category = crate::language::cldr::plural_category(language, n);
                    assert!(
                        strings.contains_key(&format!("{base}.{category}")),
                        "{base}.{category} missing in {language:?} (for {n})"
                    );
                }
            }
        }
        let ru = locale("ru");
        let counted = |n| format!("{n} {}", plural(&ru, Language::Ru, "checklists_count", n));
        assert_eq!(
            [1, 3, 5, 21].map(counted),
            ["1 чек-лист", "3 чек-листа", "5 чек-листов", "21 чек-лист"]
        );
    }
}
