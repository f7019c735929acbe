//! The communication rules against themselves and against the book: what a
//! rule says to say instead must not be forbidden, and the book's own text
//! must not use a forbidden phrase except where it quotes one as an example.

use std::path::Path;

use rayon::prelude::*;

use crate::diagnostic::{Code, Diagnostic, Location};
use crate::language::phrases::PhraseLevel;
use crate::language::phrases::{Hit, Rules};
use crate::markdown::ProseBlock;
use crate::model::Book;
use crate::model::standard::Standard;
use crate::source::PHRASES_FILE;

/// Errors for each "say instead" text that uses a forbidden phrase.
pub(super) fn forbidden_instead(rules: &Rules, book: &Book, out: &mut Vec<Diagnostic>) {
    let file = Path::new(PHRASES_FILE);
    let source = book.sources.get(file).unwrap_or_default();
    for index in 0..rules.len() {
        let rule = rules.rule(index);
        for instead in &rule.instead {
            let at = source[rule.offset..]
                .find(instead.as_str())
                .map(|i| rule.offset + i);
            for hit in forbidden_hits(rules, instead) {
                let used = rules.rule(hit.rule);
                let (offset, len) = match at {
                    Some(at) => (at + hit.start, hit.end - hit.start),
                    None => (rule.offset, rule.phrase.len()),
                };
                out.push(
                    Diagnostic::new(
                        Code::ForbiddenInstead,
                        format!(
                            "what to say instead of «{}» uses the forbidden phrase «{}»",
                            rule.phrase, used.phrase
                        ),
                    )
                    .at(Location::at_offset(file, source, offset, len))
                    .hint(format!(
                        "rephrase the alternative; «{}» is forbidden because: {}",
                        used.phrase, used.why
                    )),
                );
            }
        }
    }
}

/// Errors for each of a rule's `examples` it gets wrong: a reply under
/// `flag` it does not find, or one under `pass` it does.
pub(super) fn examples(rules: &Rules, book: &Book, out: &mut Vec<Diagnostic>) {
    let file = Path::new(PHRASES_FILE);
    let source = book.sources.get(file).unwrap_or_default();
    for index in 0..rules.len() {
        let rule = rules.rule(index);
        let cases = rule.examples.flag.iter().map(|reply| (reply, true));
        let cases = cases.chain(rule.examples.pass.iter().map(|reply| (reply, false)));
        for (reply, must_flag) in cases {
            let flagged = rules.find(reply).iter().any(|hit| hit.rule == index);
            if flagged == must_flag {
                continue;
            }
            let (message, hint) = if must_flag {
                (
                    format!(
                        "the rule «{}» does not flag its example «{reply}»",
                        rule.phrase
                    ),
                    "widen the rule (`gap`, fewer words, `exceptions` that do not cover this reply), or move the example to `pass:`",
                )
            } else {
                (
                    format!(
                        "the rule «{}» flags «{reply}», which its examples say to pass",
                        rule.phrase
                    ),
                    "add the reply's wording to the rule's `exceptions`, narrow the rule (`gap: 0`, `match: exact`), or move the example to `flag:`",
                )
            };
            let at = source[rule.offset..]
                .find(reply.as_str())
                .map_or((rule.offset, rule.phrase.len()), |i| {
                    (rule.offset + i, reply.len())
                });
            out.push(
                Diagnostic::new(Code::RuleExample, message)
                    .at(Location::at_offset(file, source, at.0, at.1))
                    .hint(hint),
            );
        }
    }
}

/// Warnings for forbidden phrases in the standards' running text. Quoted text
/// («…», „…“, “…”, "…"), struck-out text and code are examples, not speech.
pub(super) fn in_book_text(
    rules: &Rules,
    book: &Book,
    prose: &[Vec<ProseBlock>],
    out: &mut Vec<Diagnostic>,
) {
    let found: Vec<Vec<Diagnostic>> = book
        .standards
        .par_iter()
        .zip(prose)
        .map(|(standard, blocks)| in_standard(rules, standard, blocks))
        .collect();
    out.extend(found.into_iter().flatten());
}

fn in_standard(rules: &Rules, standard: &Standard, blocks: &[ProseBlock]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for block in blocks {
        let text = blank_quotations(&block.text);
        for hit in forbidden_hits(rules, &text) {
            let rule = rules.rule(hit.rule);
            let offset = standard.body_offset + block.offset + hit.start;
            let length = hit.end - hit.start;
            out.push(
                Diagnostic::new(
                    Code::ForbiddenInBook,
                    format!(
                        "the standard says «{}», a forbidden phrase (rule «{}»)",
                        &text[hit.start..hit.end],
                        rule.phrase
                    ),
                )
                .at(Location::at_offset(&standard.path, &standard.source, offset, length))
                .hint(match rule.instead.first() {
                    Some(instead) => format!(
                        "rephrase (such as «{instead}»), or put the phrase in «quotes» if it is an example"
                    ),
                    None => "rephrase, or put the phrase in «quotes» if it is an example".into(),
                }),
            );
        }
    }
    out
}

fn forbidden_hits(rules: &Rules, text: &str) -> Vec<Hit> {
    let mut hits = rules.find(text);
    hits.retain(|hit| rules.rule(hit.rule).level == PhraseLevel::Forbidden);
    hits
}

/// `text` with every closed quotation, marks included, blanked with spaces.
fn blank_quotations(text: &str) -> String {
    let mut open: Vec<(char, usize)> = Vec::new();
    let mut spans = Vec::new();
    for (i, c) in text.char_indices() {
        let closes = open.last().is_some_and(|&(closer, _)| closer == c);
        if closes {
            let (_, start) = open.pop().unwrap_or_default();
            spans.push(start..i + c.len_utf8());
        } else if let Some(closer) = closer_of(c) {
            open.push((closer, i));
        }
    }
    let mut bytes = text.as_bytes().to_vec();
    for span in spans {
        bytes[span]
            .iter_mut()
            .filter(|b| **b != b'\n')
            .for_each(|b| *b = b' ');
    }
    // Whole characters were replaced by spaces, so the bytes are still UTF-8.
    String::from_utf8(bytes).unwrap_or_default()
}

/// The mark that closes a quotation opened by `c`.
fn closer_of(c: char) -> Option<char> {
    match c {
        '«' => Some('»'),
        '„' => Some('“'),
        '“' => Some('”'),
        '"' => Some('"'),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::blank_quotations;

    #[test]
    fn quotations_are_blanked_in_place() {
        let text = "Не говорите «вы должны „сразу“» и \"нет\". Вы должны";
        let blanked = blank_quotations(text);
        assert_eq!(blanked.len(), text.len());
        assert!(blanked.starts_with("Не говорите "), "{blanked}");
        assert!(blanked.ends_with(". Вы должны"), "{blanked}");
        assert!(
            !blanked.contains("нет") && !blanked.contains("сразу"),
            "{blanked}"
        );
        let unclosed = "Скажите «вы должны";
        assert_eq!(blank_quotations(unclosed), unclosed);
    }
}
