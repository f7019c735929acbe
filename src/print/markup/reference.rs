//! The book's parts other than its standards, as Typst: the glossary, the
//! communication rules, appearance rules, checklists with boxes to tick, and
//! this release's changes.

use std::fmt::Write as _;

use super::{Writer, literal, standard_label, term_label};
use crate::history::changelog::{Change, Release};
use crate::model::appearance::Role;
use crate::model::checklist::Checklist;

impl Writer<'_> {
    pub(super) fn glossary(&mut self) {
        if self.book.terms.is_empty() {
            return;
        }
        self.heading(1, &self.t("glossary"), None);
        for term in &self.book.terms {
            let _ = writeln!(
                self.out,
                "#[#block(breakable: false, below: 0.9em)[#strong({}) — #{};] <{}>]",
                literal(&term.term),
                literal(&term.definition),
                term_label(&term.anchor())
            );
        }
    }

    pub(super) fn phrases(&mut self, category: Option<&str>) {
        let Some(phrases) = self.book.phrases.as_ref() else {
            return;
        };
        let mut cells = vec![format!(
            "table.header(strong({}), strong({}), strong({}))",
            literal(&self.t("dont_say")),
            literal(&self.t("say_instead")),
            literal(&self.t("why"))
        )];
        for rule in &phrases.rules {
            if category.is_some_and(|c| rule.category.as_deref() != Some(c)) {
                continue;
            }
            cells.push(format!(
                "{}, {}, {}",
                literal(rule.shown()),
                literal(&rule.instead.join(" / ")),
                literal(&rule.why)
            ));
        }
        let _ = writeln!(
            self.out,
            "#table(columns: (1fr, 1.2fr, 1.2fr), inset: 5pt, {})\n",
            cells.join(", ")
        );
    }

    /// A role's appearance rules: one row per area, what is required, allowed and not.
    pub(super) fn appearance(&mut self, role: &Role) {
        let mut cells = vec![format!(
            "table.header([], {})",
            ["required", "allowed", "not_allowed"]
                .iter()
                .map(|k| format!("strong({})", literal(&self.t(k))))
                .collect::<Vec<_>>()
                .join(", ")
        )];
        for area in &role.areas {
            let lists = [&area.required, &area.allowed, &area.not_allowed];
            let row: Vec<String> = std::iter::once(format!("strong({})", literal(&area.area)))
                .chain(lists.iter().map(|l| literal(&l.join("; "))))
                .collect();
            cells.push(row.join(", "));
        }
        let _ = writeln!(
            self.out,
            "#table(columns: (auto, 1fr, 1fr, 1fr), inset: 5pt, {})\n",
            cells.join(", ")
        );
    }

    pub(super) fn checklist(&mut self, checklist: &Checklist, level: u8) {
        self.heading(level, &checklist.title, None);
        if let Some(description) = &checklist.description {
            self.paragraph(description);
        }
        self.checklist_items(checklist);
    }

    /// The header fields to fill in, the items with empty boxes (and a
    /// "not applicable" box where an item may be skipped), then the score line.
    pub(super) fn checklist_items(&mut self, checklist: &Checklist) {
        self.checklist_fields(checklist);
        let skip_box = format!(
            "[#checkbox #h(0.3em) #{}]",
            literal(&self.t("not_applicable_short"))
        );
        for section in &checklist.sections {
            let _ = writeln!(
                self.out,
                "#block(above: 1em, strong({}))",
                literal(&section.title)
            );
            for item in &section.items {
                let weight = match item.weight() {
                    1 => String::new(),
                    w => format!(" (×{w})"),
                };
                let mut text = literal(&format!("{}{weight}", item.text()));
                if let Some(hint) = item.hint() {
                    text = format!(
                        "[#{text} #linebreak() #text(size: 0.85em, fill: luma(90), {})]",
                        literal(hint)
                    );
                }
                let (columns, skip) = if item.not_applicable(checklist.not_applicable) {
                    ("(1.4em, 1fr, auto)", format!(", {skip_box}"))
                } else {
                    ("(1.4em, 1fr)", String::new())
                };
                let _ = writeln!(
                    self.out,
                    "#block(breakable: false, above: 0.5em, grid(columns: {columns}, column-gutter: 0.4em, checkbox, {text}{skip}))"
                );
            }
        }
        let lines = self.score_lines(checklist);
        let _ = writeln!(
            self.out,
            "#block(breakable: false, above: 1.2em, stack(spacing: 1em, {}))\n",
            lines
                .iter()
                .map(|l| literal(l))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }

    /// Blank lines under the checklist's title for the store, the date, the employee.
    fn checklist_fields(&mut self, checklist: &Checklist) {
        if checklist.fields.is_empty() {
            return;
        }
        let cells: Vec<String> = checklist
            .fields
            .iter()
            .map(|field| {
                format!(
                    "[#{}: #box(width: 1fr, baseline: 0pt, line(length: 100%, stroke: 0.5pt))]",
                    literal(field.label())
                )
            })
            .collect();
        let _ = writeln!(
            self.out,
            "#block(breakable: false, above: 1em, grid(columns: (1fr, 1fr), column-gutter: 1.5em, row-gutter: 1.1em, {}))",
            cells.join(", ")
        );
    }

    /// A percentage as the book's language writes it.
    fn percent(&self, n: u32) -> String {
        self.t("percent").replace("{n}", &n.to_string())
    }

    /// The score to fill in, and who checked it and when unless the header asks already.
    fn score_lines(&self, checklist: &Checklist) -> Vec<String> {
        let total = checklist.total_weight();
        let score = if checklist.has_not_applicable() {
            let mut line = format!(
                "{}: ______ / ______ ({}; {}: {total}",
                self.t("score"),
                self.t("na_excluded")
                    .replace("{na}", &self.t("not_applicable_short")),
                self.t("total_points")
            );
            if let Some(pass) = checklist.pass_score {
                let _ = write!(line, "; {} {}", self.t("pass_score"), self.percent(pass));
            }
            line.push(')');
            line
        } else {
            let mut line = format!("{}: ______ / {total}", self.t("score"));
            if let Some(pass) = checklist.pass_score {
                let _ = write!(line, " ({} {})", self.t("pass_score"), self.percent(pass));
            }
            line
        };
        let mut lines = vec![score];
        if checklist.fields.is_empty() {
            lines.push(format!(
                "{}: ____________________    {}: ____________",
                self.t("auditor"),
                self.t("date")
            ));
        }
        lines
    }

    /// This version's change log: its changes day by day, each with a link to
    /// its standard when that is printed.
    pub(super) fn release(&mut self, release: &Release) {
        self.heading(1, &release.title(self.strings), None);
        if let Some(summary) = &release.summary {
            self.paragraph(summary);
        }
        if release.days.is_empty() {
            self.paragraph(&self.t("no_changes"));
        }
        for day in &release.days {
            let _ = writeln!(
                self.out,
                "#block(above: 1.2em, below: 0.6em, strong({}))",
                literal(&self.date(day.date))
            );
            for change in &day.changes {
                self.change(change);
            }
        }
    }

    pub(super) fn change(&mut self, change: &Change) {
        let title = literal(&format!("{} {}", change.number, change.title));
        let title = match self.printed.standard(&change.id) {
            true => format!(
                "link(label({}), {title})",
                literal(&standard_label(&change.id))
            ),
            false => title,
        };
        let mut rest = format!(" {}", change.version);
        if change.major {
            let _ = write!(rest, " · {}", self.t("major_change"));
        }
        if change.draft {
            let _ = write!(rest, " · {}", self.t("draft"));
        }
        let _ = write!(rest, " — {}", change.summary);
        if !change.authors.is_empty() {
            let _ = write!(rest, " ({})", change.authors.join(", "));
        }
        let _ = writeln!(
            self.out,
            "#block(breakable: false, above: 0.5em, [#{title}#{};])",
            literal(&rest)
        );
    }
}
