//! The tools every content check uses: what can be wrong ([`Problem`]),
//! the error list that names each entry, and the [`Checker`] that collects
//! problems without stopping at the first. Validation of each kind of
//! content (`validate`, `sim`, `drills`) builds on it.

use std::fmt;

/// What is wrong with one entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A required field is missing or blank.
    MissingField(&'static str),
    /// An id is not a lowercase slug (letters, digits and single dashes).
    BadId(String),
    /// Two entries of the same kind share an id.
    DuplicateId(String),
    /// A reference names an entry that does not exist.
    UnknownReference { field: &'static str, target: String },
    /// The same reference appears twice in one list.
    RepeatedReference { field: &'static str, target: String },
    /// A list needs more entries than it has.
    TooFew { field: &'static str, needed: usize },
    /// Numbers that must add up to a total do not.
    BadSum { total: u32, expected: u32 },
    /// A principle effect that cannot be read.
    BadEffect { text: String, why: String },
    /// A list whose length must lie in a range.
    Count {
        field: &'static str,
        low: usize,
        high: usize,
    },
    /// A rubric check that cannot be answered yes or no.
    NotAQuestion(String),
    /// A principle a card trains that none of its checks asks about.
    Unchecked(String),
    /// A detail word that is not in what the trainee is shown.
    DetailNotShown(String),
    /// A card with the setting or prospect line of an earlier card.
    RepeatedSituation,
}

/// One problem, with the entry it belongs to ("principle 'oomph'").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogueError {
    pub entry: String,
    pub problem: Problem,
}

impl CatalogueError {
    pub fn new(entry: impl Into<String>, problem: Problem) -> CatalogueError {
        CatalogueError {
            entry: entry.into(),
            problem,
        }
    }
}

/// Every problem found in a piece of content. Never empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogueErrors(Vec<CatalogueError>);

impl CatalogueErrors {
    pub fn errors(&self) -> &[CatalogueError] {
        &self.0
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::MissingField(field) => write!(f, "field `{field}` is missing or blank"),
            Problem::BadId(id) => write!(
                f,
                "id {id:?} is not a lowercase slug (letters, digits, single dashes)"
            ),
            Problem::DuplicateId(id) => write!(f, "id {id:?} is used by an earlier entry"),
            Problem::UnknownReference { field, target } => {
                write!(f, "`{field}` names {target:?}, which does not exist")
            }
            Problem::RepeatedReference { field, target } => {
                write!(f, "`{field}` lists {target:?} more than once")
            }
            Problem::TooFew { field, needed } => {
                write!(f, "`{field}` needs at least {needed} entries")
            }
            Problem::BadSum { total, expected } => write!(f, "adds up to {total}, not {expected}"),
            Problem::BadEffect { text, why } => write!(f, "effect {text:?}: {why}"),
            Problem::Count { field, low, high } => {
                write!(f, "`{field}` needs {low} to {high} entries")
            }
            Problem::NotAQuestion(q) => write!(f, "check {q:?} does not end with a question mark"),
            Problem::Unchecked(p) => write!(f, "no check asks about its principle {p:?}"),
            Problem::DetailNotShown(w) => {
                write!(
                    f,
                    "detail word {w:?} is not in the setting or the prospect's line"
                )
            }
            Problem::RepeatedSituation => {
                write!(
                    f,
                    "its setting or prospect line is the same as an earlier card's"
                )
            }
        }
    }
}

impl fmt::Display for CatalogueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.entry, self.problem)
    }
}

impl fmt::Display for CatalogueErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} problem(s) in the content:", self.0.len())?;
        for error in &self.0 {
            writeln!(f, "- {error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for CatalogueErrors {}

/// True for ids such as `ask-why-then` or `004`.
fn is_slug(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Ids of one kind of entry and their positions. Content lists are short
/// (dozens of entries), so a linear scan beats a hash map, which would add
/// several kilobytes of code to the WebAssembly binary.
pub(super) struct Lookup<'a>(Vec<(&'a str, u16)>);

impl Lookup<'_> {
    pub(super) fn get(&self, id: &str) -> Option<u16> {
        self.0.iter().find(|(key, _)| *key == id).map(|&(_, i)| i)
    }

    pub(super) fn key_of(&self, index: u16) -> Option<&str> {
        self.0
            .iter()
            .find(|&&(_, i)| i == index)
            .map(|&(key, _)| key)
    }
}

/// Collects problems while the entries are checked.
#[derive(Default)]
pub(super) struct Checker {
    errors: Vec<CatalogueError>,
}

impl Checker {
    /// Every problem found, or none.
    pub(super) fn finish(self) -> Result<(), CatalogueErrors> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(CatalogueErrors(self.errors))
        }
    }

    pub(super) fn push(&mut self, entry: &str, problem: Problem) {
        self.errors.push(CatalogueError::new(entry, problem));
    }

    pub(super) fn require(&mut self, entry: &str, field: &'static str, value: &str) {
        if value.trim().is_empty() {
            self.push(entry, Problem::MissingField(field));
        }
    }

    /// Checks the ids of one kind of entry and returns a lookup from id to
    /// index. Entries with a bad or repeated id are reported and left out of
    /// the lookup, so references to them are reported too.
    pub(super) fn index<'a>(
        &mut self,
        kind: &str,
        ids: impl Iterator<Item = &'a str>,
    ) -> Lookup<'a> {
        let mut seen = Lookup(Vec::new());
        for (i, id) in ids.enumerate() {
            let entry = entry_name(kind, id, i);
            if id.trim().is_empty() {
                self.push(&entry, Problem::MissingField("id"));
            } else if !is_slug(id) {
                self.push(&entry, Problem::BadId(id.to_string()));
            } else if seen.get(id).is_some() {
                self.push(&entry, Problem::DuplicateId(id.to_string()));
            } else {
                seen.0.push((id, i as u16));
            }
        }
        seen
    }

    /// Resolves a list of references, reporting unknown and repeated ones.
    pub(super) fn resolve<T>(
        &mut self,
        entry: &str,
        field: &'static str,
        targets: &[super::Text],
        lookup: &Lookup<'_>,
        make: impl Fn(u16) -> T,
    ) -> Vec<T> {
        let mut out = Vec::with_capacity(targets.len());
        let mut seen: Vec<&str> = Vec::new();
        for target in targets {
            if seen.contains(&target.as_ref()) {
                self.push(
                    entry,
                    Problem::RepeatedReference {
                        field,
                        target: target.to_string(),
                    },
                );
                continue;
            }
            seen.push(target.as_ref());
            match lookup.get(target.as_ref()) {
                Some(i) => out.push(make(i)),
                None => self.push(
                    entry,
                    Problem::UnknownReference {
                        field,
                        target: target.to_string(),
                    },
                ),
            }
        }
        out
    }
}

/// "principle 'oomph'", or "principle #3" when the id itself is missing.
pub(super) fn entry_name(kind: &str, id: &str, index: usize) -> String {
    if id.trim().is_empty() {
        format!("{kind} #{}", index + 1)
    } else {
        format!("{kind} '{id}'")
    }
}
