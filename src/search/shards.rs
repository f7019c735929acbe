//! The index as files the browser loads with `<script>` tags — no `fetch`, so
//! search works from `file://` too.
//!
//! Every file calls `standbookIndex.add(name, data)`:
//! - `search/meta.js`: the index's id, the number of records, the first stem
//!   of every term shard, the weight levels and the glossary names used for
//!   suggestions;
//! - `search/t<N>.<id>.js`: term shard N, stems in the browser's string order,
//!   each with its postings encoded as text (see [`encode_postings`]);
//! - `search/v<N>.<id>.js`: the stems of term shard N alone, for typo matching;
//! - `search/d<N>.<id>.js`: records `16·N … 16·N+15` as `[url, title, section, kind, excerpt]`.
//!
//! A query loads the meta file, the term shard of each word and the record
//! shards of the results it shows, nothing else.

use rayon::prelude::*;
use serde_json::json;

use crate::error::Result;

use super::index::{LEVEL_BASE, LEVEL_STEP, LEVELS, Postings};
use super::records::Place;

/// The site folder of the index files.
pub const FOLDER: &str = crate::model::pages::SEARCH_FOLDER;
/// Records per record shard.
pub(super) const RECORDS_PER_SHARD: usize = 16;
/// A term shard is closed once its postings pass this many bytes.
pub(super) const TERM_SHARD_BYTES: usize = 24 * 1024;
/// Digits that end a number (values 0–31).
const FINAL_DIGITS: &[u8; 32] = b"0123456789abcdefghijklmnopqrstuv";
/// Digits followed by more digits of the same number (values 0–31).
const MORE_DIGITS: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ~!@$%^";

/// What the browser needs besides records and postings.
#[derive(Debug, Clone)]
pub(super) struct Meta {
    /// The book's language tag (`ru`, `uk`, `en`): which stemmer the browser runs.
    pub language: &'static str,
    /// Names offered when nothing is found (glossary terms and aliases).
    pub suggestions: Vec<String>,
}

/// Hands each file of the index to `write` (site-relative path, contents)
/// as soon as it is made, from several threads; returns how many there were.
///
/// Every file but `meta.js` carries the index's id in its name (`t3.<id>.js`),
/// a hash of everything the index holds, which `meta.js` gives: a browser
/// holding the meta file of an earlier build finds none of that build's
/// files, rather than mixing them with this one's, and loads the meta file
/// again.
pub(super) fn write_files<W>(
    places: &[&Place],
    postings: &Postings,
    meta: &Meta,
    write: &W,
) -> Result<usize>
where
    W: Fn(&str, Vec<u8>) -> Result<()> + Sync + ?Sized,
{
    let shards = term_shards(postings);
    let bounds: Vec<&str> = shards
        .iter()
        .map(|shard| shard.first().map_or("", |(stem, _)| stem.as_str()))
        .collect();
    let mut meta = json!({
        "version": 1,
        "language": meta.language,
        "records": places.len(),
        "recordsPerShard": RECORDS_PER_SHARD,
        "terms": bounds,
        "levels": { "count": LEVELS, "base": LEVEL_BASE, "step": LEVEL_STEP },
        "suggest": meta.suggestions,
    });
    let id = index_id(places, &shards, &meta);
    meta["id"] = json!(id);
    shards
        .par_iter()
        .enumerate()
        .try_for_each(|(number, shard)| {
            let (term, vocabulary) = (format!("t{number}.{id}"), format!("v{number}.{id}"));
            write(&format!("{FOLDER}{term}.js"), term_file(&term, shard))?;
            write(
                &format!("{FOLDER}{vocabulary}.js"),
                vocabulary_file(&vocabulary, shard),
            )
        })?;
    let record_shards = places.par_chunks(RECORDS_PER_SHARD);
    let record_files = record_shards.len();
    record_shards.enumerate().try_for_each(|(number, shard)| {
        let name = format!("d{number}.{id}");
        write(&format!("{FOLDER}{name}.js"), record_file(&name, shard))
    })?;
    write(
        &format!("{FOLDER}meta.js"),
        script("meta", |out| out.extend(meta.to_string().bytes())),
    )?;
    Ok(shards.len() * 2 + record_files + 1)
}

/// The index's id: 16 hex digits of a hash of its records, stems, postings
/// and meta data, so that any change to any file changes it.
fn index_id(places: &[&Place], shards: &[Shard], meta: &serde_json::Value) -> String {
    use std::hash::{Hash, Hasher};
    let mut hasher = rustc_hash::FxHasher::default();
    for place in places {
        let kind = place.kind.code();
        (
            &place.url,
            &place.title,
            &place.section,
            kind,
            &place.excerpt,
        )
            .hash(&mut hasher);
    }
    shards.hash(&mut hasher);
    meta.to_string().hash(&mut hasher);
    format!("{:016x}", hasher.finish())
}

type Shard<'p> = Vec<(&'p String, String)>;

/// Stems with their encoded postings, cut into shards of about [`TERM_SHARD_BYTES`].
fn term_shards(postings: &Postings) -> Vec<Shard<'_>> {
    let mut shards: Vec<Shard> = vec![Vec::new()];
    let mut size = 0;
    let encoded: Vec<String> = postings
        .stems
        .par_iter()
        .map(|(_, list)| encode_postings(list))
        .collect();
    for ((stem, _), encoded) in postings.stems.iter().zip(encoded) {
        let entry = stem.len() + encoded.len() + 6;
        if size + entry > TERM_SHARD_BYTES && size > 0 {
            shards.push(Vec::new());
            size = 0;
        }
        size += entry;
        shards
            .last_mut()
            .expect("never empty")
            .push((stem, encoded));
    }
    shards
}

/// `{"stem":"postings",…}`
fn term_file(name: &str, shard: &Shard) -> Vec<u8> {
    script(name, |out| {
        out.push(b'{');
        for (i, (stem, encoded)) in shard.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            json_string(out, stem);
            out.push(b':');
            json_string(out, encoded);
        }
        out.push(b'}');
    })
}

/// `"stem stem …"`
fn vocabulary_file(name: &str, shard: &Shard) -> Vec<u8> {
    let stems: Vec<&str> = shard.iter().map(|(stem, _)| stem.as_str()).collect();
    script(name, |out| json_string(out, &stems.join(" ")))
}

/// `[[url, title, section, kind, excerpt],…]`
fn record_file(name: &str, places: &[&Place]) -> Vec<u8> {
    let rows: Vec<_> = places
        .iter()
        .map(|r| (&r.url, &r.title, &r.section, r.kind.code(), &r.excerpt))
        .collect();
    script(name, |out| json_value(out, &rows))
}

/// `standbookIndex.add("name",data);` with the data `write_data` appends.
fn script(name: &str, write_data: impl FnOnce(&mut Vec<u8>)) -> Vec<u8> {
    let mut out = Vec::with_capacity(TERM_SHARD_BYTES + 64);
    out.extend_from_slice(b"standbookIndex.add(");
    json_string(&mut out, name);
    out.push(b',');
    write_data(&mut out);
    out.extend_from_slice(b");\n");
    out
}

fn json_string(out: &mut Vec<u8>, text: &str) {
    json_value(out, text);
}

fn json_value<T: serde::Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) {
    serde_json::to_writer(out, value).expect("JSON of strings and numbers always serializes");
}

/// Postings as text: for each, the gap to the previous record number minus
/// one, times [`LEVELS`], plus the level — written as a number in base 32,
/// most significant digit first, every digit but the last from
/// [`MORE_DIGITS`]. Neighbouring records cost one character.
pub(super) fn encode_postings(postings: &[(u32, u8)]) -> String {
    let mut out = String::with_capacity(postings.len() * 2);
    let mut next = 0u32;
    for &(record, level) in postings {
        let gap = u64::from(record - next);
        push_number(&mut out, gap * u64::from(LEVELS) + u64::from(level));
        next = record + 1;
    }
    out
}

fn push_number(out: &mut String, mut value: u64) {
    let mut digits = [0u8; 13];
    let mut count = 0;
    loop {
        digits[count] = (value & 31) as u8;
        count += 1;
        value >>= 5;
        if value == 0 {
            break;
        }
    }
    for i in (1..count).rev() {
        out.push(MORE_DIGITS[digits[i] as usize] as char);
    }
    out.push(FINAL_DIGITS[digits[0] as usize] as char);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The decoder the browser runs, in Rust, to check the encoding round-trips.
    fn decode(text: &str) -> Vec<(u32, u8)> {
        let mut out = Vec::new();
        let (mut value, mut next) = (0u64, 0u32);
        for c in text.bytes() {
            if let Some(d) = MORE_DIGITS.iter().position(|&m| m == c) {
                value = value * 32 + d as u64;
                continue;
            }
            let d = FINAL_DIGITS.iter().position(|&f| f == c).expect("a digit");
            value = value * 32 + d as u64;
            let record = next + (value / u64::from(LEVELS)) as u32;
            out.push((record, (value % u64::from(LEVELS)) as u8));
            next = record + 1;
            value = 0;
        }
        out
    }

    #[test]
    fn postings_round_trip_and_neighbours_cost_one_character() {
        let postings = vec![
            (0, 3),
            (1, 15),
            (2, 0),
            (40, 7),
            (100_000, 9),
            (u32::MAX - 1, 1),
        ];
        let encoded = encode_postings(&postings);
        assert_eq!(decode(&encoded), postings);
        assert_eq!(encode_postings(&[(0, 3), (1, 4), (2, 5)]).len(), 3);
    }

    #[test]
    fn files_are_scripts_that_register_their_data() {
        let postings = Postings {
            stems: vec![
                ("клиент".into(), vec![(0, 5)]),
                ("жалоб".into(), vec![(0, 2)]),
            ],
        };
        let meta = Meta {
            language: "ru",
            suggestions: vec!["Клиент".into()],
        };
        let written = std::sync::Mutex::new(Vec::new());
        let count = write_files(&[], &postings, &meta, &|path: &str, bytes| {
            written.lock().unwrap().push((path.to_string(), bytes));
            Ok(())
        })
        .unwrap();
        let files = written.into_inner().unwrap();
        let meta_text = String::from_utf8(files[2].1.clone()).unwrap();
        let data = meta_text
            .strip_prefix("standbookIndex.add(\"meta\",")
            .and_then(|rest| rest.strip_suffix(");\n"))
            .unwrap();
        let id = serde_json::from_str::<serde_json::Value>(data).unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string();
        assert_eq!(id.len(), 16);
        let names: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            names,
            [
                format!("search/t0.{id}.js"),
                format!("search/v0.{id}.js"),
                "search/meta.js".to_string()
            ]
        );
        assert_eq!(count, 3);
        let t0 = String::from_utf8(files[0].1.clone()).unwrap();
        assert_eq!(
            t0,
            format!("standbookIndex.add(\"t0.{id}\",{{\"клиент\":\"5\",\"жалоб\":\"2\"}});\n")
        );
    }

    #[test]
    fn the_id_changes_with_any_record_and_stays_for_the_same_index() {
        let postings = Postings {
            stems: vec![("клиент".into(), vec![(0, 5)])],
        };
        let meta = Meta {
            language: "ru",
            suggestions: vec![],
        };
        let place = |excerpt: &str| Place {
            url: "a.html".into(),
            title: "A".into(),
            section: String::new(),
            kind: super::super::records::Kind::Standard,
            excerpt: excerpt.into(),
        };
        let names = |place: &Place| {
            let written = std::sync::Mutex::new(Vec::new());
            write_files(&[place], &postings, &meta, &|path: &str, _| {
                written.lock().unwrap().push(path.to_string());
                Ok(())
            })
            .unwrap();
            let mut names = written.into_inner().unwrap();
            names.sort();
            names
        };
        assert_eq!(names(&place("Клиент прав")), names(&place("Клиент прав")));
        assert_ne!(
            names(&place("Клиент прав")),
            names(&place("Клиент не прав"))
        );
    }
}
