//! The only module that touches local storage.
//!
//! Saved data goes through versioned transfer types (`SavedStudyV1`), never
//! the domain types, so a later change to the core cannot strand what a user
//! saved. Data that cannot be read is copied under a backup key before
//! anything else happens, and the caller is told: nothing is dropped silently.

use std::fmt;

use gloo_storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};

use crate::core::study::StudyLog;

/// Where the study log lives.
pub const STUDY_KEY: &str = "callback-dojo.study";
/// Where unreadable study data is kept for the user to recover.
pub const STUDY_BACKUP_KEY: &str = "callback-dojo.study.backup";

/// Version 1 of the saved study log.
#[derive(Debug, Serialize, Deserialize)]
struct SavedStudyV1 {
    v: u32,
    read: Vec<String>,
}

/// Just the version field, read first so an unknown version is recognised
/// as such rather than as corruption.
#[derive(Deserialize)]
struct Versioned {
    v: u32,
}

/// Why a load or save did not work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StorageError {
    /// The browser refuses local storage (private mode, disabled, sandboxed).
    Unavailable,
    /// The saved text could not be read; it was kept under `backup_key`.
    Unreadable { backup_key: &'static str },
    /// Saved by a newer version of the app; kept under `backup_key`.
    UnknownVersion {
        version: u32,
        backup_key: &'static str,
    },
    /// The browser rejected the write (for example, storage is full).
    WriteFailed(String),
}

impl fmt::Display for StorageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StorageError::Unavailable => write!(f, "this browser does not allow local storage here"),
            StorageError::Unreadable { backup_key } => write!(
                f,
                "the saved data could not be read; a copy was kept under \u{201c}{backup_key}\u{201d}"
            ),
            StorageError::UnknownVersion { version, backup_key } => write!(
                f,
                "the saved data is from a newer version ({version}); a copy was kept under \u{201c}{backup_key}\u{201d}"
            ),
            StorageError::WriteFailed(reason) => write!(f, "the browser refused to save ({reason})"),
        }
    }
}

/// Reads the study log. No saved data is an empty log, not an error.
pub fn load_study() -> Result<StudyLog, StorageError> {
    let storage = LocalStorage::raw();
    let text = match storage.get_item(STUDY_KEY) {
        Ok(Some(text)) => text,
        Ok(None) => return Ok(StudyLog::default()),
        Err(_) => return Err(StorageError::Unavailable),
    };
    match serde_json::from_str::<Versioned>(&text) {
        Ok(Versioned { v: 1 }) => match serde_json::from_str::<SavedStudyV1>(&text) {
            Ok(saved) => Ok(StudyLog::from_keys(saved.read)),
            Err(_) => Err(keep_backup(
                &text,
                StorageError::Unreadable {
                    backup_key: STUDY_BACKUP_KEY,
                },
            )),
        },
        Ok(Versioned { v }) => Err(keep_backup(
            &text,
            StorageError::UnknownVersion {
                version: v,
                backup_key: STUDY_BACKUP_KEY,
            },
        )),
        Err(_) => Err(keep_backup(
            &text,
            StorageError::Unreadable {
                backup_key: STUDY_BACKUP_KEY,
            },
        )),
    }
}

/// Writes the study log in the current saved format.
pub fn save_study(log: &StudyLog) -> Result<(), StorageError> {
    let saved = SavedStudyV1 {
        v: 1,
        read: log.keys().map(str::to_string).collect(),
    };
    LocalStorage::set(STUDY_KEY, &saved).map_err(|e| StorageError::WriteFailed(e.to_string()))
}

/// Copies unreadable text under the backup key, unless an earlier backup is
/// already there: the first damaged copy is the one most worth keeping.
fn keep_backup(text: &str, error: StorageError) -> StorageError {
    let storage = LocalStorage::raw();
    if let Ok(None) = storage.get_item(STUDY_BACKUP_KEY) {
        if storage.set_item(STUDY_BACKUP_KEY, text).is_err() {
            return StorageError::WriteFailed(
                "could not keep a backup of unreadable data".to_string(),
            );
        }
    }
    error
}
