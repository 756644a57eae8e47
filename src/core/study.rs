//! Study log: which principles the trainee has opened in the library.
//!
//! The principles screen marks what has been read so far, so a rep working
//! through the library can see what is left. The log holds principle keys
//! (slugs) rather than typed ids because it outlives any one catalogue: a key
//! that a later content version drops is kept, not silently discarded, and
//! simply no longer shown.

use std::collections::BTreeSet;

/// The set of principle keys opened at least once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StudyLog {
    read: BTreeSet<String>,
}

impl StudyLog {
    pub fn from_keys(keys: impl IntoIterator<Item = String>) -> StudyLog {
        StudyLog {
            read: keys.into_iter().collect(),
        }
    }

    /// Records that a principle was opened. Returns whether this is new, so
    /// the shell only writes to storage when something changed.
    pub fn mark_read(&mut self, key: &str) -> bool {
        if self.read.contains(key) {
            false
        } else {
            self.read.insert(key.to_string())
        }
    }

    pub fn has_read(&self, key: &str) -> bool {
        self.read.contains(key)
    }

    /// Both logs together: a set union, so two tabs (or an import) never
    /// undo each other's marks.
    pub fn merge(&self, other: &StudyLog) -> StudyLog {
        // Insertion, not `union().collect()`: collecting builds the set in
        // bulk, code the app does not otherwise carry (about 1.3 kB).
        let mut all = self.clone();
        for key in &other.read {
            all.mark_read(key);
        }
        all
    }

    /// Keys in sorted order, for a stable saved form.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.read.iter().map(String::as_str)
    }

    /// How many of the given keys have been read.
    pub fn count_read<'a>(&self, keys: impl IntoIterator<Item = &'a str>) -> usize {
        keys.into_iter().filter(|k| self.read.contains(*k)).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marking_twice_reports_change_once() {
        let mut log = StudyLog::default();
        assert!(log.mark_read("oomph"));
        assert!(!log.mark_read("oomph"));
        assert!(log.has_read("oomph"));
        assert!(!log.has_read("disqualify"));
    }

    #[test]
    fn merge_keeps_both_sides_marks() {
        let a = StudyLog::from_keys(["a".to_string(), "b".to_string()]);
        let b = StudyLog::from_keys(["b".to_string(), "c".to_string()]);
        assert_eq!(a.merge(&b), b.merge(&a));
        assert_eq!(a.merge(&b).keys().collect::<Vec<_>>(), ["a", "b", "c"]);
        assert_eq!(a.merge(&a), a);
    }

    #[test]
    fn counts_only_listed_keys() {
        let log = StudyLog::from_keys(["a".to_string(), "gone".to_string()]);
        assert_eq!(log.count_read(["a", "b"]), 1);
        assert_eq!(log.keys().collect::<Vec<_>>(), ["a", "gone"]);
    }
}
