//! Regular-expression rules that mean the same in `lint` and on the page.
//!
//! `lint` matches `regex` rules with Rust's `regex` crate; the reply checker
//! on the communication-rules page matches them with the browser's
//! `RegExp` (`u` and `i` flags, `\w`, `\d`, `\s`, `\b` and `.` rewritten to
//! what they mean in Rust). The two engines share most syntax but not all:
//! a pattern that one reads differently, or that the browser cannot read at
//! all, would silently check replies differently. [`check`] accepts the
//! common part and names the first construct outside it.

use regex_syntax::ast::{self, Ast, ClassSet, ClassSetItem, GroupKind};

/// Unicode properties both engines know by the same name (`\p{L}`, `\p{Lu}`…).
const PROPERTIES: &[&str] = &[
    "L",
    "Lu",
    "Ll",
    "Lt",
    "Lm",
    "Lo",
    "M",
    "Mn",
    "Mc",
    "Me",
    "N",
    "Nd",
    "Nl",
    "No",
    "P",
    "Pc",
    "Pd",
    "Ps",
    "Pe",
    "Pi",
    "Pf",
    "Po",
    "S",
    "Sm",
    "Sc",
    "Sk",
    "So",
    "Z",
    "Zs",
    "Zl",
    "Zp",
    "C",
    "Cc",
    "Cf",
    "Co",
    "Letter",
    "Alphabetic",
    "White_Space",
    "Uppercase",
    "Lowercase",
];

/// Scripts both engines know as `\p{Script=…}`.
const SCRIPTS: &[&str] = &[
    "Cyrillic", "Latin", "Greek", "Armenian", "Georgian", "Hebrew", "Arabic", "Han",
];

/// Characters JavaScript lets a pattern escape outside a class (`u` mode).
const JS_ESCAPABLE: &str = "^$\\.*+?()[]{}|/";

/// `Ok` when `pattern` means the same to both engines; otherwise what it
/// uses that the page would read differently, and what to write instead.
pub(super) fn check(pattern: &str) -> Result<(), String> {
    let ast = ast::parse::Parser::new()
        .parse(pattern)
        .map_err(|e| e.kind().to_string())?;
    node(&ast)
}

fn node(ast: &Ast) -> Result<(), String> {
    match ast {
        Ast::Empty(_) | Ast::Dot(_) | Ast::ClassPerl(_) => Ok(()),
        Ast::Flags(flags) => leading_case_flag(flags),
        Ast::Literal(literal) => literal_outside_class(literal),
        Ast::ClassUnicode(class) => unicode_class(class),
        Ast::ClassBracketed(class) => class_set(&class.kind),
        Ast::Assertion(assertion) => match assertion.kind {
            ast::AssertionKind::StartLine
            | ast::AssertionKind::EndLine
            | ast::AssertionKind::WordBoundary
            | ast::AssertionKind::NotWordBoundary => Ok(()),
            ast::AssertionKind::StartText | ast::AssertionKind::EndText => {
                Err("`\\A` or `\\z`; write `^` or `$`".into())
            }
            _ => Err("a word-edge assertion such as `\\<` or `\\b{start}`; write `\\b`".into()),
        },
        Ast::Repetition(repetition) => node(&repetition.ast),
        Ast::Group(group) => {
            match &group.kind {
                GroupKind::CaptureName {
                    starts_with_p: true,
                    ..
                } => return Err("`(?P<name>…)`; write `(?<name>…)`".into()),
                GroupKind::NonCapturing(flags) if !flags.items.is_empty() => {
                    return Err(
                        "a flag group such as `(?i:…)` or `(?x:…)`; rules are always case-insensitive, so write `(?:…)`"
                            .into(),
                    );
                }
                _ => {}
            }
            node(&group.ast)
        }
        Ast::Alternation(alternation) => alternation.asts.iter().try_for_each(node),
        Ast::Concat(concat) => concat.asts.iter().try_for_each(node),
    }
}

/// Only `(?i)` at the very start, which both engines read as the rule already is.
fn leading_case_flag(flags: &ast::SetFlags) -> Result<(), String> {
    let only_case = flags.flags.items.iter().all(|item| {
        matches!(
            item.kind,
            ast::FlagsItemKind::Flag(ast::Flag::CaseInsensitive)
        )
    });
    match only_case && flags.span.start.offset == 0 {
        true => Ok(()),
        false => Err(
            "inline flags such as `(?x)`, `(?U)`, `(?s)` or `(?m)`; the page has no such modes"
                .into(),
        ),
    }
}

fn literal_outside_class(literal: &ast::Literal) -> Result<(), String> {
    match literal.kind {
        ast::LiteralKind::Meta | ast::LiteralKind::Superfluous
            if !JS_ESCAPABLE.contains(literal.c) =>
        {
            Err(format!(
                "the escape `\\{}`; write `{}` without the backslash",
                literal.c, literal.c
            ))
        }
        _ => literal_anywhere(literal),
    }
}

fn literal_anywhere(literal: &ast::Literal) -> Result<(), String> {
    use ast::{HexLiteralKind, LiteralKind, SpecialLiteralKind};
    match &literal.kind {
        LiteralKind::Octal => Err("an octal escape; write the character itself".into()),
        LiteralKind::HexBrace(_) | LiteralKind::HexFixed(HexLiteralKind::UnicodeLong) => Err(
            "an escape such as `\\x{…}` or `\\U…`; write the character itself or `\\uXXXX`".into(),
        ),
        LiteralKind::Special(SpecialLiteralKind::Bell | SpecialLiteralKind::Space) => {
            Err("the escape `\\a` or an escaped space; write the character itself".into())
        }
        _ => Ok(()),
    }
}

fn unicode_class(class: &ast::ClassUnicode) -> Result<(), String> {
    use ast::ClassUnicodeKind;
    match &class.kind {
        ClassUnicodeKind::OneLetter(c) => Err(format!("`\\p{c}`; write `\\p{{{c}}}`")),
        ClassUnicodeKind::Named(name) if PROPERTIES.contains(&name.as_str()) => Ok(()),
        ClassUnicodeKind::NamedValue {
            op: ast::ClassUnicodeOpKind::Equal,
            name,
            value,
        } if (name == "Script" || name == "sc") && SCRIPTS.contains(&value.as_str()) => Ok(()),
        _ => Err(format!(
            "a Unicode class the page does not know by that name; use one of \\p{{{}}} or \\p{{Script={}}}",
            PROPERTIES.join("}, \\p{"),
            SCRIPTS.join("}, \\p{Script=")
        )),
    }
}

fn class_set(set: &ClassSet) -> Result<(), String> {
    match set {
        ClassSet::BinaryOp(_) => {
            Err("a class operation such as `[a&&b]`, `[a--b]` or `[a~~b]`".into())
        }
        ClassSet::Item(item) => class_item(item),
    }
}

fn class_item(item: &ClassSetItem) -> Result<(), String> {
    match item {
        ClassSetItem::Empty(_) | ClassSetItem::Perl(_) => Ok(()),
        ClassSetItem::Literal(literal) => literal_anywhere(literal),
        ClassSetItem::Range(range) => {
            literal_anywhere(&range.start).and_then(|()| literal_anywhere(&range.end))
        }
        ClassSetItem::Ascii(_) => {
            Err("a POSIX class such as `[[:alpha:]]`; write `\\p{L}` or a range".into())
        }
        ClassSetItem::Unicode(class) => unicode_class(class),
        ClassSetItem::Bracketed(_) => Err("a class inside a class, such as `[a[bc]]`".into()),
        ClassSetItem::Union(union) => union.items.iter().try_for_each(class_item),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_javascript_reads_differently_is_named() {
        for (pattern, named) in [
            ("(?i:да)", "flag group"),
            (r"\Aнет", r"\A"),
            (r"нет\z", r"\z"),
            ("[[:alpha:]]+", "POSIX"),
            ("(?x) a b", "inline flags"),
            ("(?U)a+", "inline flags"),
            (r"\pL+", r"\p{L}"),
            (r"\p{Greek}", "Unicode class"),
            ("(?P<w>да)", "(?<name>"),
            (r"[а-я&&[^ё]]", "class operation"),
            (r"\x{44F}", r"\x{"),
            (r"\#", "escape"),
        ] {
            let error = check(pattern).expect_err(pattern);
            assert!(error.contains(named), "{pattern}: {error}");
        }
    }

    #[test]
    fn what_both_engines_share_passes() {
        for pattern in [
            r"(?i)\bвы\s+(должны|обязаны)\b",
            r"не\s(?:можем|будем)\s\w+",
            r"[а-яё]{3,}\d*\.?",
            r"^Здравствуйте|до свидания$",
            r"\p{Lu}\p{L}*",
            r"\p{Script=Cyrillic}+",
            r"(?<слово>\w+)\B",
            r"[^\s\-]+",
            r"\(\d{3}\)",
            r"\u0451",
        ] {
            assert_eq!(check(pattern), Ok(()), "{pattern}");
        }
    }
}
