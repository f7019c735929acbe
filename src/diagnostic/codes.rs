//! Every diagnostic code as data: its stable identifier (`E0305`), its
//! severity (`E` stops the build, `W` only warns — a code cannot be raised
//! with the other one), a one-line summary (the README's table) and an
//! explanation of what it means and what to do (`standbook explain E0305`).

use std::fmt;

use serde::{Serialize, Serializer};

use super::Severity;

macro_rules! codes {
    ($( $variant:ident = $id:literal, $summary:literal, $explanation:literal; )*) => {
        /// A diagnostic code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $(
                #[doc = $summary]
                $variant,
            )*
        }

        impl Code {
            /// Every code, in the order of the README's table.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The stable identifier, such as `E0305`.
            pub fn id(self) -> &'static str {
                match self {
                    $(Code::$variant => $id,)*
                }
            }

            /// What the code reports, in one line.
            pub fn summary(self) -> &'static str {
                match self {
                    $(Code::$variant => $summary,)*
                }
            }

            /// What the code means and what to do about it.
            pub fn explanation(self) -> &'static str {
                match self {
                    $(Code::$variant => $explanation,)*
                }
            }
        }
    };
}

codes! {
    YamlSyntax = "E0101", "YAML that does not parse",
        "The file is not valid YAML, so none of it can be read. The usual causes: a tab used for \
         indentation (YAML indents with spaces only), a `: ` inside unquoted text (`why: note: this` \
         reads as a key), an opening quote without its closing one, or the same key written twice \
         in one place. Fix the line named; quote any text that holds `: ` or ` #`.";
    UnknownKey = "E0102", "unknown key",
        "The file has a key the format does not know — most often a typo (`defintion` for \
         `definition`) or a key from another file. The message names the closest known key; \
         rename the key, or remove it.";
    MissingField = "E0103", "missing required key",
        "An entry lacks a key it must have: a standard's front matter needs `id`, `title`, \
         `version` and `effective`; a term needs `term` and `definition`; a phrase rule needs \
         `phrase`, `level` and `why`. Add the key named.";
    InvalidValue = "E0104", "value of the wrong type or shape (a word where a number goes, `pass_score` over 100, a regex rule that does not compile or that the page would read differently)",
        "A key has a value of the wrong kind: text where a number or a list goes, a number out of \
         range, an unknown choice, or a `match: regex` pattern that does not compile or that a \
         browser would read differently from `lint`. The message says what was given and what is \
         expected.";
    FrontMatter = "E0105", "standard without front matter, or front matter not closed",
        "A standard must start with YAML front matter between two `---` lines, holding at least \
         its id, title, version and effective date. Add the block at the very top of the file, or \
         close it with a `---` line.";
    InvalidDate = "E0106", "date that is not `YYYY-MM-DD` or does not exist",
        "Dates are written as `YYYY-MM-DD` and must exist in the calendar (`2026-02-30` does not). \
         Write the date in that form.";
    InvalidVersion = "E0107", "version that is not `MAJOR.MINOR.PATCH`",
        "Versions of standards and of the book are semantic versions: three numbers such as \
         `2.1.0`. Raise MAJOR when staff must re-learn the standard, MINOR for additions, PATCH for \
         corrections.";
    InvalidId = "E0108", "id that cannot be used in a URL",
        "An id becomes a page name (`COM-02` → `com-02.html`), so it must start with a letter and \
         hold only Latin letters, digits and `-`, with at least one `-` (`GEN-01`). Rename it and \
         update links to it.";
    InvalidPeriod = "E0109", "review period that cannot be read",
        "`review_every` takes a number and a unit: `6 months`, `1 year`, `90 days`, `2 weeks`. \
         Write the period in that form.";
    Unreadable = "E0110", "file that is not UTF-8 text (at its first bad byte)",
        "The file is not UTF-8 text — usually it was saved in a legacy encoding such as \
         Windows-1251. The position named is its first byte that is not UTF-8. Save the file \
         with UTF-8 encoding.";
    DuplicateId = "E0201", "two standards with the same id (or ids differing only in case), or an id that takes a page the site makes (`CHECKLIST-…`, `CHANGES-…`)",
        "Each standard's id names its page, so two standards cannot share one, even in different \
         letter case. Ids starting with `CHECKLIST-` or `CHANGES-` would take the name of a page \
         the site makes for itself. Give one of the standards another id.";
    DuplicateTerm = "E0202", "a term or alias defined twice",
        "A name (a term or an alias) may point to one term only; otherwise text could not link to \
         it. Merge the two entries, or remove the name from one of them.";
    DuplicateChecklist = "E0203", "two checklists with the same id",
        "A checklist's id names its page and keeps its ticks in the browser, so it must be \
         unique. Give one of the checklists another id.";
    DuplicateRole = "E0204", "two appearance roles with the same id",
        "Each role in `appearance.yaml` is embedded and linked by its id, so it must be unique. \
         Give one of the roles another id, or merge them.";
    SharedWordForms = "W0205", "names of two terms have the same word forms, so text links only to the first",
        "Two terms have names that stem alike («Клиент» and «Клиенты»), so text naming them links \
         only to the first. Make one an alias of the other, or rename one.";
    UnknownStandard = "E0301", "link to an unknown standard id",
        "A link `[text](@ID)` names a standard that does not exist. Check the id (the message \
         suggests the closest), or link another standard.";
    UnknownAnchor = "E0302", "link to an anchor the target page does not have",
        "A link points to a heading (`@COM-02#steps`) that the standard does not have. Headings \
         get their anchor from their text, so renaming a heading breaks links to it. Use an anchor \
         the message suggests.";
    UnknownTerm = "E0303", "`[[term]]` or see-also naming an undefined term",
        "A `[[term]]` link or a `see:` entry names no term of the glossary. Define the term in \
         `terms.yaml`, add the name as an alias, or fix the spelling.";
    UnknownEmbed = "E0304", "unknown embed, or an embed naming unknown data",
        "An embed is one of `{{phrases}}`, `{{phrases category=…}}`, `{{appearance role=…}}` and \
         `{{checklist id=…}}`, and must name data the book has. Fix the name, or add the data.";
    MissingFile = "E0305", "link to a file or page that does not exist",
        "A link or image names a file that is not in the book, is outside it, or is outside \
         `assets/` (only assets are published), or names a page the site does not have. Put the \
         file in `assets/` and check the path; link standards by id: `[text](@ID)`.";
    UnknownListed = "E0306", "`chapter.yaml` lists a standard that is not in its folder",
        "A chapter's `standards:` list gives the order of its standards by id, and may name only \
         standards of that folder. Remove the id, or move the standard into the folder.";
    BrokenExternal = "E0307", "`check --external`: a link answers 404/410, or its host does not exist",
        "An external link is gone: the server answers 404 or 410, or the host does not exist. \
         Update the link or remove it.";
    UncheckedExternal = "W0308", "`check --external`: a link could not be checked (timeout, server error)",
        "An external link could not be checked this time: the server timed out, refused or \
         answered with an error. It may work later; check it by hand if it keeps failing.";
    UnsafeUrl = "E0309", "link or image URL with a scheme other than http, https, mailto, tel (`javascript:`, `data:`)",
        "A link or image uses a URL scheme a page must not follow: `javascript:` or `data:` would \
         run or show content a reader did not ask for, and an unknown scheme is often a typo \
         (`hhttps:`). Use an http(s), mailto or tel link, or a file in `assets/`.";
    RawHtmlDropped = "W0310", "raw HTML, or a heading attribute, that sanitizing leaves out (see Security)",
        "Raw HTML in a standard is kept only where it cannot run: scripts, event handlers, styles, \
         forms and frames are left out, and so are heading attributes. Write the content in \
         Markdown, or set `raw_html: trust` for a book whose every editor is trusted.";
    Config = "E0401", "bad `standbook.yaml`",
        "`standbook.yaml` is missing, or a setting in it cannot be used: a theme or logo outside \
         the book, a `base_url` that is not http(s), an unknown print part. The message names the \
         setting.";
    Theme = "E0402", "theme template that does not parse or render",
        "A template of the book's theme (`theme/templates/…`) has a syntax error or fails to \
         render, or a theme file links outside the book. Fix the template at the line named, or \
         delete the override to use the default template.";
    OutsideLink = "W0501", "symbolic link pointing outside the book, or looping (skipped)",
        "A symbolic link in the book points outside the book folder, or back into a folder that \
         contains it. Nothing outside the book is read, so it is skipped. Copy the file into the \
         book instead.";
    NoChanges = "W0502", "standard without a change log entry",
        "Every standard should say what each version changed, in its `changes:` list, so readers \
         and auditors see what is new. Add an entry for the current version.";
    ReviewOverdue = "W0503", "review overdue: `review_by`, or `review_every` since the last change, has passed",
        "The standard's review date has passed. Review it, then set a new `review_by` date, or \
         record the review as a change.";
    UnusedTerm = "W0504", "term that no standard or checklist uses (`check`)",
        "A glossary term appears in no standard and no checklist. Use it, or remove it from \
         `terms.yaml` if it is no longer needed.";
    NotInNavigation = "W0505", "standard left out of the navigation by its chapter's `standards:` list",
        "The chapter lists its standards in `chapter.yaml`, and this one is not in the list, so \
         readers cannot reach it from the navigation. Add its id to the list.";
    EmptyChecklist = "W0506", "checklist, or a section of one, without items",
        "A checklist or a section has no items to tick. Add items, or remove the section.";
    GitUnreadable = "W0507", "the book is in a git repository that git cannot read, so the site shows no history",
        "The book folder is inside a git repository, but git could not read it, so pages show no \
         history, redlines or last change. The message quotes git. Common causes: git is not \
         installed; the repository belongs to another user (in CI, add it to `safe.directory`); \
         a broken `.git` file. Run `git status` in the book folder to see the problem.";
    ShallowHistory = "W0508", "the book is a shallow git clone, so its history starts at the oldest commit fetched",
        "The repository was cloned with only its last commits (CI checkouts are shallow by default), \
         so the site's history, redlines, \"last change\" dates and earlier book versions start at \
         the oldest commit fetched; the message names its date. Fetch the whole history with \
         `git fetch --unshallow`; in CI, set `fetch-depth: 0` on `actions/checkout` (GitHub) or \
         `GIT_DEPTH: 0` (GitLab).";
    ForbiddenPhrase = "E0601", "`lint`: a text uses a forbidden phrase",
        "The text uses a phrase `phrases.yaml` forbids. The report says what to say instead and \
         why; rewrite the sentence.";
    CarePhrase = "W0602", "`lint`: a text uses a phrase to use with care",
        "The text uses a phrase to say only with care. Consider the alternative the rule offers.";
    ForbiddenInstead = "E0603", "a rule's \"say instead\" text uses a forbidden phrase",
        "What a rule offers to say instead is itself forbidden by another rule, so following the \
         book would break it. Rewrite the alternative.";
    ForbiddenInBook = "W0604", "a standard's own text uses a forbidden phrase outside quotes (`check`)",
        "The book's own text uses a phrase it forbids staff to say. Quote it as an example \
         («…», or a code span) if that is what it is, or rewrite it.";
    RuleExample = "E0605", "a communication rule misses a reply its `examples` say it flags, or flags one they say it passes",
        "A rule in `phrases.yaml` lists `examples:` — replies under `flag` it must find and replies \
         under `pass` it must leave alone — and it does not behave so. The message names the reply \
         and what the rule did. Change the rule (its words, `gap`, `exceptions`, or `match: exact`) \
         until it does what the examples say, or fix the example if the rule is right.";
    DuplicateVersion = "E0701", "a `changes` list (a standard's or the book's) has two entries for one version",
        "Each version appears once in a `changes` list. Merge the two entries.";
    VersionOrder = "E0702", "a `changes` list's versions do not grow with their dates",
        "In a `changes` list a later date must carry a higher version. Fix the version or the \
         date of the entry named.";
    UnrecordedVersion = "W0703", "`check`: a version the standard had (now, or in a commit) has no `changes` entry",
        "The standard had this version — now, or in a commit — but its `changes` list does not \
         say what it changed. Add an entry for it.";
    EntryNotInGit = "W0704", "`check`: a `changes` entry dated after the file came into git names a version no commit had",
        "A change entry names a version that no commit of the file ever had, although the entry \
         is dated after the file came into git. Check the version number of the entry.";
    VersionDown = "W0705", "`check`: a commit lowered the standard's version",
        "A commit lowered the standard's version. Versions only grow; raise it again, above the \
         highest it had.";
    NoPrintForm = "W0801", "`pdf`: Markdown with no PDF form (raw HTML, an image) is printed as its text",
        "Part of a standard has no printed form — raw HTML, an image format Typst cannot read, a \
         broken embed — and the PDF prints it as text. Write it in Markdown, or convert the image \
         to PNG, JPEG or SVG.";
    TypesetFailed = "E0802", "`pdf`: Typst could not typeset the book (names the standard's file)",
        "Typst could not lay out the PDF. The message names the file whose part failed and Typst's \
         reason. Simplify that part (a very wide table, a broken image), or print the site's \
         print.html from a browser.";
}

impl Code {
    /// Error codes stop the build; warning codes do not.
    pub fn severity(self) -> Severity {
        match self.id().starts_with('E') {
            true => Severity::Error,
            false => Severity::Warning,
        }
    }

    /// The code with identifier `id` (`E0305`, `e0305`).
    pub fn from_id(id: &str) -> Option<Code> {
        let id = id.trim().to_ascii_uppercase();
        Code::ALL.iter().copied().find(|code| code.id() == id)
    }

    /// What `standbook explain` prints.
    pub fn explain(self) -> String {
        let severity = match self.severity() {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        format!(
            "{} ({severity}): {}\n\n{}\n",
            self.id(),
            self.summary(),
            textwrap::fill(self.explanation(), 80)
        )
    }

    /// The README's table of codes, in Markdown.
    pub fn table() -> String {
        let mut table = String::from("| code | meaning |\n|---|---|\n");
        for code in Code::ALL {
            table.push_str(&format!("| {} | {} |\n", code.id(), code.summary()));
        }
        table
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_unique_and_its_letter_is_its_severity() {
        let mut ids: Vec<&str> = Code::ALL.iter().map(|c| c.id()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), Code::ALL.len());
        assert_eq!(Code::from_id("w0503"), Some(Code::ReviewOverdue));
        assert_eq!(Code::ReviewOverdue.severity(), Severity::Warning);
        assert_eq!(Code::MissingFile.severity(), Severity::Error);
        assert!(
            Code::MissingFile
                .explain()
                .starts_with("E0305 (error): link to a file")
        );
    }
}
