//! Which edition of the book a site is.
//!
//! A release of the book is a version of `standbook.yaml` in git; its edition
//! is the whole book as the last commit with that version had it. The site's
//! root holds the current book; each earlier edition is a complete site of
//! its own under `editions/<version>/`, and knows where the root is and when
//! it was in force.

use serde::Serialize;

use crate::values::date::Date;

/// An edition of the book that is not the current one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edition {
    /// The book's version in it.
    pub version: String,
    /// When it took effect: `effective` of its `standbook.yaml`.
    pub from: Option<Date>,
    /// The last day it was in force (the day before the next edition took
    /// effect); `None` while no later edition has taken effect.
    pub until: Option<Date>,
    /// The path from its pages to the site's root (`../../`).
    pub root: String,
    /// The pages of the current book (at the site's root): an edition's
    /// page that the current book also has names it as its canonical page.
    #[serde(skip)]
    pub current_pages: std::sync::Arc<std::collections::HashSet<String>>,
}

impl Edition {
    /// The site folder of the edition of `version` (`editions/2.0.0/`).
    pub fn folder(version: &str) -> String {
        format!("{}{version}/", super::pages::EDITIONS_FOLDER)
    }
}
