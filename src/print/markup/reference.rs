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

    /// The items with empty boxes, then the score line to fill in.
    pub(super) fn checklist_items(&mut self, checklist: &Checklist) {
        let mut total = 0;
        for section in &checklist.sections {
            let _ = writeln!(
                self.out,
                "#block(above: 1em, strong({}))",
                literal(&section.title)
            );
            for item in &section.items {
                total += item.weight();
                let weight = match item.weight() {
                    1 => String::new(),
                    w => format!(" ({w})"),
                };
                let _ = writeln!(
                    self.out,
                    "#block(breakable: false, above: 0.5em, grid(columns: (1.4em, 1fr), checkbox, {}))",
                    literal(&format!("{}{weight}", item.text()))
                );
            }
        }
        let mut score = format!("{}: ______ / {total}", self.t("score"));
        if let Some(pass) = checklist.pass_score {
            let _ = write!(score, " ({} {pass})", self.t("pass_score"));
        }
        let signature = format!(
            "{}: ____________________    {}: ____________",
            self.t("auditor"),
            self.t("date")
        );
        let _ = writeln!(
            self.out,
            "#block(breakable: false, above: 1.2em, stack(spacing: 1em, {}, {}))\n",
            literal(&score),
            literal(&signature)
        );
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
