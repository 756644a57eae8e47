//! The only module that touches local storage.
//!
//! It moves text in and out; the saved formats themselves (versioned, never
//! the domain types) are pure code in `core::saved`, tested natively. Data
//! that cannot be read is copied under a backup key before anything else
//! happens, and the caller is told: nothing is dropped silently.

use std::fmt;

use gloo_storage::{LocalStorage, Storage};

use crate::core::saved::{self, SavedError};
use crate::core::study::StudyLog;

/// Where the study log lives.
pub const STUDY_KEY: &str = "callback-dojo.study";
/// Where unreadable study data is kept for the user to recover.
pub const STUDY_BACKUP_KEY: &str = "callback-dojo.study.backup";

/// Why a load or save did not work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StorageError {
    /// The browser refuses local storage (private mode, disabled, sandboxed).
    Unavailable,
    /// The saved text could not be read; it was kept under `backup_key`.
    Unreadable { backup_key: &'static str },
    /// Saved by a newer version of the app; kept under `backup_key`.
    UnknownVersion {
        version: i64,
        backup_key: &'static str,
    },
    /// The browser rejected the write (for example, storage is full).
    WriteFailed,
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
                "the saved data is from a newer version (format {version}); a copy was kept under \u{201c}{backup_key}\u{201d}"
            ),
            StorageError::WriteFailed => write!(f, "the browser refused to save (storage may be full or disabled)"),
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
    saved::decode_study(&text).map_err(|e| {
        let error = match e {
            SavedError::NewerVersion(version) => StorageError::UnknownVersion {
                version,
                backup_key: STUDY_BACKUP_KEY,
            },
            SavedError::Unreadable(_) => StorageError::Unreadable {
                backup_key: STUDY_BACKUP_KEY,
            },
        };
        keep_backup(&text, error)
    })
}

/// Writes the study log in the current saved format.
pub fn save_study(log: &StudyLog) -> Result<(), StorageError> {
    LocalStorage::raw()
        .set_item(STUDY_KEY, &saved::encode_study(log))
        .map_err(|_| StorageError::WriteFailed)
}

/// Copies unreadable text under the backup key, unless an earlier backup is
/// already there: the first damaged copy is the one most worth keeping.
fn keep_backup(text: &str, error: StorageError) -> StorageError {
    let storage = LocalStorage::raw();
    if let Ok(None) = storage.get_item(STUDY_BACKUP_KEY) {
        if storage.set_item(STUDY_BACKUP_KEY, text).is_err() {
            return StorageError::WriteFailed;
        }
    }
    error
}
