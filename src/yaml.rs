//! YAML reading with diagnostics a manager can act on.
//!
//! Data files and front matter are deserialized with serde into typed structs
//! that deny unknown keys. This module turns serde's errors into
//! [`Diagnostic`]s with the right code, the file position, and a
//! "did you mean" hint for misspelt keys. It also finds where a key/value pair
//! stands in a file, so later stages can point at, say, a duplicate term.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diagnostic::{Code, Diagnostic, Location};

/// Prefix that custom deserializers put before a message to choose its code.
pub(crate) fn coded(code: Code, message: impl std::fmt::Display) -> String {
    format!("[{code}] {message}")
}

/// Deserializes `text` (which starts at 1-based `first_line` of `file`).
pub fn parse<T: DeserializeOwned>(
    file: &Path,
    text: &str,
    first_line: usize,
) -> Result<T, Diagnostic> {
    serde_yaml::from_str(text).map_err(|err| {
        let mut diagnostic = to_diagnostic(file, first_line, &err);
        // serde_yaml points a duplicate key at its mapping; point at the duplicate.
        if let (Some(key), Some(location)) = (duplicate_key(&err), diagnostic.location.as_mut())
            && let Some((line, column)) = second_key(text, location.line - first_line, &key)
        {
            *location = Location::at_line(file, line + first_line, column);
        }
        diagnostic
    })
}

/// The key of serde_yaml's "duplicate entry with key …" error.
fn duplicate_key(err: &serde_yaml::Error) -> Option<String> {
    duplicated(&err.to_string()).map(str::to_string)
}

/// The key a "duplicate entry with key "k"" (a map) or "duplicate field `k`"
/// (a struct) message names, wherever it stands in the message.
fn duplicated(message: &str) -> Option<&str> {
    if let Some(rest) = message.split("duplicate field `").nth(1) {
        return rest.split('`').next();
    }
    let rest = message.split("duplicate entry with key ").nth(1)?;
    Some(rest.split(" at line").next()?.trim_matches('"'))
}

/// The 0-based line and 1-based column of the second `key:` in the mapping
/// that starts on 0-based line `start` of `text` (at the first key's column).
fn second_key(text: &str, start: usize, key: &str) -> Option<(usize, usize)> {
    let column = |line: &str| line.len() - mapping_item(line).len();
    let is_key = |line: &str| {
        let item = mapping_item(line);
        item.contains(':')
            && item
                .split(':')
                .next()
                .map(|k| k.trim().trim_matches(['"', '\'']))
                == Some(key)
    };
    let mut lines = text.lines().enumerate().skip(start);
    let (first_line, first) = lines.find(|(_, l)| !l.trim().is_empty())?;
    let mapping_column = column(first);
    std::iter::once((first_line, first))
        .chain(lines)
        .filter(|(_, line)| is_key(line) && column(line) == mapping_column)
        .nth(1)
        .map(|(n, _)| (n, mapping_column + 1))
}

fn to_diagnostic(file: &Path, first_line: usize, err: &serde_yaml::Error) -> Diagnostic {
    let full = err.to_string();
    let message = strip_location(&full);
    let (code, message, hint) = classify(&message);
    let mut diagnostic = Diagnostic::new(code, message);
    if let Some(hint) = hint {
        diagnostic = diagnostic.hint(hint);
    }
    match err.location() {
        Some(loc) => diagnostic.at(Location::at_line(
            file,
            loc.line() + first_line - 1,
            loc.column(),
        )),
        None => diagnostic.at(Location::at_line(file, first_line, 1)),
    }
}

/// serde_yaml writes " at line L column C" into messages; we show the location ourselves.
fn strip_location(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(i) = rest.find(" at line ") {
        out.push_str(&rest[..i]);
        let after = &rest[i + " at line ".len()..];
        let skip = after
            .char_indices()
            .find(|(_, c)| !(c.is_ascii_digit() || *c == ' ' || "column".contains(*c)))
            .map_or(after.len(), |(j, _)| j);
        rest = &after[skip..];
    }
    out.push_str(rest);
    out.trim_end().to_string()
}

fn classify(message: &str) -> (Code, String, Option<String>) {
    let (path, message) = split_path(message);
    let (code, text, hint) = classify_message(message);
    match path {
        Some(path) => (code, format!("{text} (in `{path}`)"), hint),
        None => (code, text, hint),
    }
}

/// serde_yaml puts the path of a nested value first: `rules[26].instead[0]: invalid type…`.
fn split_path(message: &str) -> (Option<&str>, &str) {
    match message.split_once(": ") {
        Some((path, rest))
            if !path.is_empty()
                && !path.contains(' ')
                && path
                    .chars()
                    .all(|c| c.is_alphanumeric() || "_.[]-".contains(c)) =>
        {
            (Some(path), rest)
        }
        _ => (None, message),
    }
}

fn classify_message(message: &str) -> (Code, String, Option<String>) {
    if message.starts_with("mapping values are not allowed") {
        return (
            Code::YamlSyntax,
            "a colon followed by a space inside unquoted text".to_string(),
            Some("put the whole text in quotes: key: \"text: with a colon\"".to_string()),
        );
    }
    if message.starts_with("found character that cannot start any token")
        || message.contains("tab character")
    {
        return (
            Code::YamlSyntax,
            message.to_string(),
            Some("YAML indents with spaces only: replace tabs with spaces".to_string()),
        );
    }
    if let Some((code, rest)) = custom_code(message) {
        let (text, hint) = split_hint(rest);
        return (code, text, hint);
    }
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let name = rest.split('`').next().unwrap_or_default();
        let expected = backticked(rest.get(name.len() + 1..).unwrap_or_default());
        let hint = match closest(name, &expected) {
            Some(best) => format!("did you mean `{best}`?"),
            None if expected.is_empty() => "remove this key".to_string(),
            None => format!("known keys here: {}", expected.join(", ")),
        };
        return (
            Code::UnknownKey,
            format!("unknown key `{name}`"),
            Some(hint),
        );
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let name = rest.split('`').next().unwrap_or_default();
        return (
            Code::MissingField,
            format!("missing required key `{name}`"),
            Some(format!("add `{name}: …` to this entry")),
        );
    }
    if message.starts_with("invalid type") || message.starts_with("invalid value") {
        let hint = message
            .contains(": map,")
            .then(|| "text with `: ` is read as a key; put the whole text in quotes".to_string());
        return (Code::InvalidValue, plain_words(message), hint);
    }
    if let Some(key) = duplicated(message) {
        return (
            Code::YamlSyntax,
            format!("the key `{key}` is written twice in the same place"),
            Some("keep one of them".to_string()),
        );
    }
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        let name = rest.split('`').next().unwrap_or_default();
        let expected = backticked(rest.get(name.len() + 1..).unwrap_or_default());
        return (
            Code::InvalidValue,
            format!("unknown value `{name}`"),
            Some(format!("use one of: {}", expected.join(", "))),
        );
    }
    (
        Code::YamlSyntax,
        message.to_string(),
        Some("check indentation, colons and quotes around text with `: ` or `#`".to_string()),
    )
}

/// serde's "invalid type: string \"один\", expected u32" in a manager's words:
/// "the value "один" is text, but a whole number is expected here".
fn plain_words(message: &str) -> String {
    let Some((found, expected)) = message
        .split_once(": ")
        .map(|(_, rest)| rest)
        .and_then(|rest| rest.rsplit_once(", expected "))
    else {
        return message.to_string();
    };
    let found = match found.split_once(' ') {
        Some(("string", value)) => format!("the text {value}"),
        Some(("integer" | "floating", value)) => {
            format!("the number {}", value.trim_start_matches("point "))
        }
        Some(("boolean", value)) => format!("`{value}`"),
        _ => match found {
            "map" => "a mapping (`key: value` lines)".to_string(),
            "sequence" => "a list".to_string(),
            "unit value" => "an empty value".to_string(),
            other => other.to_string(),
        },
    };
    let expected = match expected.trim() {
        "u8" | "u16" | "u32" | "u64" | "usize" => "a whole number (0 or more)".to_string(),
        "i8" | "i16" | "i32" | "i64" | "isize" => "a whole number".to_string(),
        "f32" | "f64" => "a number".to_string(),
        "a boolean" => "true or false".to_string(),
        "a string" | "a borrowed string" => "text".to_string(),
        "a sequence" => "a list".to_string(),
        e if e.starts_with("struct ") || e == "a map" => {
            "a mapping (`key: value` lines)".to_string()
        }
        other => other.to_string(),
    };
    format!("{found} is given where {expected} is expected")
}

fn custom_code(message: &str) -> Option<(Code, &str)> {
    let rest = message.strip_prefix('[')?;
    let (code, rest) = rest.split_once("] ")?;
    let code = [
        Code::InvalidDate,
        Code::InvalidVersion,
        Code::InvalidId,
        Code::InvalidPeriod,
        Code::InvalidValue,
    ]
    .into_iter()
    .find(|c| c.id() == code)?;
    Some((code, rest))
}

/// Custom messages may carry a hint after " | hint: ".
fn split_hint(message: &str) -> (String, Option<String>) {
    match message.split_once(" | hint: ") {
        Some((text, hint)) => (text.to_string(), Some(hint.to_string())),
        None => (message.to_string(), None),
    }
}

fn backticked(text: &str) -> Vec<&str> {
    text.split('`').skip(1).step_by(2).collect()
}

/// The candidate closest to `name`, if it is close enough to be a typo.
pub fn closest<'a>(name: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (strsim::normalized_damerau_levenshtein(name, c), *c))
        .filter(|(score, _)| *score >= 0.5)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// Byte offset and length of the value in the `n`-th line reading `key: value`
/// (optionally as a list item `- key: value`, value optionally quoted).
pub fn locate(text: &str, key: &str, value: &str, n: usize) -> Option<(usize, usize)> {
    let mut seen = 0;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if let Some(found) = value_in_line(line, key, value) {
            if seen == n {
                return Some((offset + found, value.len()));
            }
            seen += 1;
        }
        offset += line.len();
    }
    None
}

/// The span of the value of the first top-level `key:` in `text`.
pub fn locate_key(text: &str, key: &str) -> Option<(usize, usize)> {
    key_values(text, key, true).next()
}

/// The span of the value of the `n`-th `key:` in `text` at any depth
/// (also as a list item, `- key:`), whatever the value.
pub fn locate_nth_key(text: &str, key: &str, n: usize) -> Option<(usize, usize)> {
    key_values(text, key, false).nth(n)
}

/// The spans (offset, length of at least one) of the values of the lines
/// `key: value` in `text`: only those at the top level, or at any depth.
fn key_values<'t>(
    text: &'t str,
    key: &'t str,
    top_level: bool,
) -> impl Iterator<Item = (usize, usize)> + 't {
    let mut offset = 0;
    text.split_inclusive('\n').filter_map(move |line| {
        let start = offset;
        offset += line.len();
        let item = if top_level { line } else { mapping_item(line) };
        let rest = item.strip_prefix(key)?.strip_prefix(':')?;
        let value_start = start + line.len() - rest.trim_start().len();
        Some((value_start, rest.trim().len().max(1)))
    })
}

/// A line without its indentation and list dash: where its key starts.
fn mapping_item(line: &str) -> &str {
    let content = line.trim_start();
    content.strip_prefix("- ").unwrap_or(content).trim_start()
}

/// The value of the first top-level `key:` in `text`, without a trailing
/// comment and quotes — read line by line, for texts that need not parse
/// (an old revision of a file).
pub fn top_level_value<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    let (offset, len) = locate_key(text, key)?;
    // An empty value at the end of the text has a span of one byte past it.
    let value = text.get(offset..(offset + len).min(text.len()))?;
    let value = value.split(" #").next().unwrap_or(value).trim();
    Some(value.trim_matches(['"', '\'']))
}

fn value_in_line(line: &str, key: &str, value: &str) -> Option<usize> {
    block_value(line, key, value).or_else(|| flow_value(line, key, value))
}

/// `key: value` or `- key: value` (the value is the rest of the line).
fn block_value(line: &str, key: &str, value: &str) -> Option<usize> {
    let trimmed = line.trim_start();
    let trimmed = trimmed.strip_prefix("- ").unwrap_or(trimmed).trim_start();
    let rest = trimmed.strip_prefix(key)?.strip_prefix(':')?;
    let raw = rest.trim().trim_matches(|c| c == '"' || c == '\'');
    if raw != value {
        return None;
    }
    line.rfind(value)
}

/// `key: value` inside a flow mapping: `- { version: 2.1.0, date: … }`.
fn flow_value(line: &str, key: &str, value: &str) -> Option<usize> {
    let open = line.find('{')? + 1;
    let close = line.rfind('}').filter(|&c| c >= open).unwrap_or(line.len());
    let mut start = open;
    for part in line[open..close].split(',') {
        let entry = part.trim_start();
        if let Some(rest) = entry.strip_prefix(key).and_then(|r| r.strip_prefix(':')) {
            let raw = rest.trim();
            if raw.trim_matches(['"', '\'']) == value {
                let quote = raw.len() - raw.trim_start_matches(['"', '\'']).len();
                let before = part.len() - entry.len() + key.len() + 1;
                return Some(start + before + (rest.len() - rest.trim_start().len()) + quote);
            }
        }
        start += part.len() + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_found_in_block_and_flow_style() {
        let text = "version: 2.1.0\nchanges:\n  - { version: 2.1.0, date: 2026-01-01 }\n  - { date: 2026-02-01, version: \"2.1.0\" }\n  - version: 2.1.0\n";
        let found: Vec<usize> = (0..4)
            .filter_map(|n| locate(text, "version", "2.1.0", n))
            .map(|(offset, _)| offset)
            .collect();
        assert_eq!(found.len(), 4);
        for offset in found {
            assert_eq!(&text[offset..offset + 5], "2.1.0");
        }
        let date = text.find("2026-02-01").unwrap();
        assert_eq!(locate(text, "date", "2026-02-01", 0), Some((date, 10)));
    }

    #[test]
    fn top_level_values_lose_comments_and_quotes() {
        let text = "title: \"Встреча\"\nversion: 2.1.0   # semver\n  version: 9.9.9\nowner:";
        assert_eq!(top_level_value(text, "title"), Some("Встреча"));
        assert_eq!(top_level_value(text, "version"), Some("2.1.0"));
        assert_eq!(top_level_value(text, "owner"), Some(""));
        assert_eq!(top_level_value(text, "id"), None);
    }
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Entry {
        term: String,
        definition: String,
    }

    #[test]
    fn unknown_key_gets_position_and_suggestion() {
        let text = "term: Клиент\ndefnition: лицо\n";
        let err = parse::<Entry>(Path::new("terms.yaml"), text, 1).unwrap_err();
        assert_eq!(err.code, Code::UnknownKey);
        assert_eq!(err.hint.as_deref(), Some("did you mean `definition`?"));
        let loc = err.location.unwrap();
        assert_eq!(loc.line, 2);
    }

    #[test]
    fn front_matter_lines_are_shifted() {
        let err = parse::<Entry>(Path::new("a.md"), "term: x\n", 2).unwrap_err();
        assert_eq!(err.code, Code::MissingField);
        assert!(err.location.unwrap().line >= 2);
    }

    #[test]
    fn tabs_get_a_hint() {
        let err = parse::<Entry>(Path::new("t.yaml"), "term: x\n\tdefinition: y\n", 1).unwrap_err();
        assert_eq!(err.code, Code::YamlSyntax);
        assert!(
            err.hint.as_deref().unwrap_or_default().contains("tabs"),
            "{err:?}"
        );
    }

    #[test]
    fn syntax_errors_are_reported() {
        let err = parse::<Entry>(Path::new("t.yaml"), "term: \"a\n", 1).unwrap_err();
        assert_eq!(err.code, Code::YamlSyntax);
    }

    #[test]
    fn locate_finds_the_nth_value() {
        let text = "- term: Клиент\n  definition: a\n- term: 'Клиент'\n";
        let (off, len) = locate(text, "term", "Клиент", 1).unwrap();
        assert_eq!(&text[off..off + len], "Клиент");
        assert!(off > 20);
    }
}
