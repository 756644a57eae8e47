//! The only module that touches local storage.
//!
//! It moves text in and out; the saved formats themselves (versioned, never
//! the domain types) are pure code in `core::saved`, tested natively. Data
//! that cannot be read is copied under a backup key before anything else
//! happens, and the caller is told: nothing is dropped silently.

use std::fmt;

use gloo_storage::{LocalStorage, Storage};

use crate::core::progress::Progress;
use crate::core::saved::{self, SavedError};
use crate::core::study::StudyLog;

/// Where the study log lives.
pub const STUDY_KEY: &str = "callback-dojo.study";
/// Where unreadable study data is kept for the user to recover.
pub const STUDY_BACKUP_KEY: &str = "callback-dojo.study.backup";

/// Where finished calls are kept.
pub const PROGRESS_KEY: &str = "callback-dojo.progress";
/// Where unreadable progress is kept for the user to recover.
pub const PROGRESS_BACKUP_KEY: &str = "callback-dojo.progress.backup";

/// Set to "off" when the trainee has switched the day streak off.
pub const STREAK_KEY: &str = "callback-dojo.streak";

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
    saved::decode_study(&text).map_err(|e| keep_backup(&text, STUDY_BACKUP_KEY, e))
}

/// Writes the study log in the current saved format.
pub fn save_study(log: &StudyLog) -> Result<(), StorageError> {
    LocalStorage::raw()
        .set_item(STUDY_KEY, &saved::encode_study(log))
        .map_err(|_| StorageError::WriteFailed)
}

/// Reads saved progress. No saved data is empty progress, not an error.
pub fn load_progress() -> Result<Progress, StorageError> {
    let text = match LocalStorage::raw().get_item(PROGRESS_KEY) {
        Ok(Some(text)) => text,
        Ok(None) => return Ok(Progress::default()),
        Err(_) => return Err(StorageError::Unavailable),
    };
    saved::decode_progress(&text).map_err(|e| keep_backup(&text, PROGRESS_BACKUP_KEY, e))
}

/// How a progress save went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saved {
    Whole,
    /// Storage was full: this many of the oldest attempts were folded into
    /// totals (every chart figure kept) before the save fitted.
    Folded(usize),
}

/// Saves progress, merged with whatever another tab saved meanwhile. If the
/// browser refuses for lack of room, the oldest half of the attempts is
/// folded into totals and the save is tried again; the stored copy is only
/// ever replaced whole.
pub fn save_progress(progress: &Progress) -> Result<(Progress, Saved), StorageError> {
    let storage = LocalStorage::raw();
    let mut merged = match load_progress() {
        Ok(stored) => stored.merge(progress),
        // Unreadable data was just backed up; write ours over it.
        Err(StorageError::Unreadable { .. }) | Err(StorageError::UnknownVersion { .. }) => {
            progress.clone()
        }
        Err(e) => return Err(e),
    };
    let mut folded = 0;
    loop {
        if storage
            .set_item(PROGRESS_KEY, &saved::encode_progress(&merged))
            .is_ok()
        {
            let how = if folded == 0 {
                Saved::Whole
            } else {
                Saved::Folded(folded)
            };
            return Ok((merged, how));
        }
        let half = merged.attempts.len().div_ceil(2);
        if half == 0 {
            return Err(StorageError::WriteFailed);
        }
        merged.fold_oldest(half);
        folded += half;
    }
}

/// Imports a progress file: read whole (`core::saved::decode_import`),
/// merged with what is kept (an attempt already there is not added twice),
/// then saved. A bad file changes nothing; the error says what is wrong.
pub fn import_progress(text: &str, current: &Progress) -> Result<(Progress, Saved), String> {
    let imported = saved::decode_import(text).map_err(|e| match e {
        SavedError::NewerVersion(v) => format!(
            "it was saved by a newer version of Callback Dojo (format {v}); update the app first"
        ),
        SavedError::TooLarge(..) => e.to_string(),
        SavedError::Unreadable(why) => format!("it is not a Callback Dojo progress file ({why})"),
    })?;
    save_progress(&current.merge(&imported)).map_err(|e| e.to_string())
}

/// Deletes all kept progress (the reset, after the trainee confirmed it).
pub fn remove_progress() -> Result<(), StorageError> {
    LocalStorage::raw()
        .remove_item(PROGRESS_KEY)
        .map_err(|_| StorageError::WriteFailed)
}

/// The text kept under a backup key, for the trainee to download.
pub fn backup(key: &str) -> Option<String> {
    LocalStorage::raw().get_item(key).ok().flatten()
}

/// Whether the day streak is shown (it is unless switched off).
pub fn streak_shown() -> bool {
    backup(STREAK_KEY).as_deref() != Some("off")
}

pub fn set_streak_shown(shown: bool) -> Result<(), StorageError> {
    let storage = LocalStorage::raw();
    if shown {
        storage.remove_item(STREAK_KEY)
    } else {
        storage.set_item(STREAK_KEY, "off")
    }
    .map_err(|_| StorageError::WriteFailed)
}

/// Copies unreadable text under the backup key, unless an earlier backup is
/// already there (the first damaged copy is the one most worth keeping), and
/// says what happened.
fn keep_backup(text: &str, backup_key: &'static str, cause: SavedError) -> StorageError {
    let storage = LocalStorage::raw();
    if let Ok(None) = storage.get_item(backup_key) {
        if storage.set_item(backup_key, text).is_err() {
            return StorageError::WriteFailed;
        }
    }
    match cause {
        SavedError::NewerVersion(version) => StorageError::UnknownVersion {
            version,
            backup_key,
        },
        SavedError::Unreadable(_) | SavedError::TooLarge(..) => {
            StorageError::Unreadable { backup_key }
        }
    }
}
