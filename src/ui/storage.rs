//! The only module that touches local storage.
//!
//! It moves text in and out; the saved formats themselves (versioned, never
//! the domain types) are pure code in `core::saved`, tested natively. Data
//! that cannot be read is copied under a backup key before anything else
//! happens, and the caller is told: nothing is dropped silently.

use std::cell::RefCell;
use std::fmt;

use gloo_storage::{LocalStorage, Storage};
use wasm_bindgen::JsValue;

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

thread_local! {
    /// The progress text this tab last read or wrote, as the browser's own
    /// string. When the stored text still equals it, no other tab has saved
    /// since, and a save can skip reading it back (the slow half of saving
    /// 10,000 attempts). Compared in JavaScript, so the check does not copy
    /// the text into WebAssembly.
    static LAST_PROGRESS: RefCell<Option<JsValue>> = const { RefCell::new(None) };
}

fn remember(text: Option<JsValue>) {
    LAST_PROGRESS.with(|last| *last.borrow_mut() = text);
}

/// The stored progress text as a JavaScript string (one read, not copied).
fn stored_progress() -> Result<JsValue, StorageError> {
    let storage = web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .ok_or(StorageError::Unavailable)?;
    // A missing key reads as `undefined`, which is not a string.
    js_sys::Reflect::get(&storage, &JsValue::from_str(PROGRESS_KEY))
        .map_err(|_| StorageError::Unavailable)
}

/// Reads saved progress. No saved data is empty progress, not an error.
pub fn load_progress() -> Result<Progress, StorageError> {
    let stored = stored_progress()?;
    let Some(text) = stored.as_string() else {
        return Ok(Progress::default());
    };
    let progress =
        saved::decode_progress(&text).map_err(|e| keep_backup(&text, PROGRESS_BACKUP_KEY, e))?;
    remember(Some(stored));
    Ok(progress)
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
///
/// `progress` holds everything this tab loaded or saved before (the app
/// keeps one such copy), so when the stored text is still the one this tab
/// last read or wrote, it is not read back and merged again.
pub fn save_progress(progress: &Progress) -> Result<(Progress, Saved), StorageError> {
    let storage = LocalStorage::raw();
    let stored = stored_progress()?;
    let unchanged = LAST_PROGRESS.with(|last| {
        last.borrow()
            .as_ref()
            .is_some_and(|last| stored.is_string() && js_sys::Object::is(last, &stored))
    });
    let mut merged = if unchanged {
        progress.clone()
    } else {
        match load_progress() {
            Ok(stored) => stored.merge(progress),
            // Unreadable data was just backed up; write ours over it.
            Err(StorageError::Unreadable { .. }) | Err(StorageError::UnknownVersion { .. }) => {
                progress.clone()
            }
            Err(e) => return Err(e),
        }
    };
    let mut folded = 0;
    loop {
        let text = saved::encode_progress(&merged);
        if storage.set_item(PROGRESS_KEY, &text).is_ok() {
            remember(Some(JsValue::from_str(&text)));
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
    remember(None);
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
