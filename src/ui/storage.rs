//! The only module that touches local storage.
//!
//! It moves text in and out; the saved formats themselves (versioned, never
//! the domain types) are pure code in `core::saved`, tested natively.
//!
//! Nothing is lost here, by three rules:
//! - This tab's copy of progress (`TAB`) holds every call the tab has
//!   counted, saved or not. Every save merges it with what is stored (a
//!   union, see `core::progress`), and after another tab's save the stored
//!   copy is read, merged in, and written back if it lacks a call of ours:
//!   two tabs cannot lose each other's calls at any timing.
//! - Text that cannot be read is copied under a backup key of its own
//!   (several are kept, each with its time) before anything else happens, and
//!   stays until the user downloads or deletes it. When no copy can be kept
//!   (no room, or too many copies already), this tab stops writing over it
//!   and the user is offered the text to download at once.
//! - Progress written by a newer version of the app is never written over:
//!   this tab stops saving and says so.

use std::cell::{Cell, RefCell};
use std::fmt;

use gloo_storage::{LocalStorage, Storage};
use wasm_bindgen::JsValue;

use crate::core::calendar;
use crate::core::drill::log::{CueRound, Review};
use crate::core::drill::queue;
use crate::core::merge;
use crate::core::progress::{Attempt, Progress, Recorded};
use crate::core::saved::{self, SavedError};
use crate::core::study::StudyLog;

/// Where the study log lives.
pub const STUDY_KEY: &str = "callback-dojo.study";
/// Where finished calls are kept.
pub const PROGRESS_KEY: &str = "callback-dojo.progress";
/// In this tab's session storage: its progress while some of it could not
/// be saved (storage full, or held), so the work survives a reload and the
/// switch to another bundle (another page load) until it is stored.
pub const UNSAVED_KEY: &str = "callback-dojo.unsaved";
/// Set to "off" when the trainee has switched the day streak off.
pub const STREAK_KEY: &str = "callback-dojo.streak";
/// How many new drill cards a day (absent: the default).
pub const NEW_PER_DAY_KEY: &str = "callback-dojo.drills.new-per-day";

/// Backups are kept under this prefix, then what they are and the time in
/// milliseconds: `callback-dojo.backup.progress.1764460800000`.
pub const BACKUP_PREFIX: &str = "callback-dojo.backup.";
/// Versions before saved format 3 kept one backup under these keys; they
/// are listed (and can be downloaded and deleted) like the others.
pub const OLD_BACKUP_KEYS: [&str; 2] = [
    "callback-dojo.progress.backup",
    "callback-dojo.study.backup",
];
/// At most this many backups are kept at once: enough for every damage a
/// trainee could meet before dealing with it, and bounded so that copies
/// cannot fill the storage the calls need.
pub const MAX_BACKUPS: usize = 5;

/// What a backup holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Progress,
    Reading,
    /// A list an academy screen keeps: a class session's calls, a
    /// scoreboard's codes, the sessions made, the store's settings or its
    /// statement queue.
    Academy,
}

impl Kind {
    fn key(self) -> &'static str {
        match self {
            Kind::Progress => "progress",
            Kind::Reading => "reading",
            Kind::Academy => "academy",
        }
    }

    /// How the user knows it.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Progress => "call progress",
            Kind::Reading => "reading progress",
            Kind::Academy => "academy data (a class session, a scoreboard, or the record store's settings or queue)",
        }
    }
}

/// A copy of saved data that could not be read, kept for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backup {
    pub key: String,
    pub kind: Kind,
    /// When it was kept (milliseconds since the epoch); None for a backup
    /// kept by a version before format 3.
    pub at_ms: Option<u64>,
    pub chars: usize,
}

/// Why a load or save did not work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StorageError {
    /// The browser refuses local storage (private mode, disabled, sandboxed).
    Unavailable,
    /// The saved text could not be read; a copy was kept under `backup`.
    Unreadable { backup: String },
    /// The saved text could not be read and no copy could be kept (no room,
    /// or `MAX_BACKUPS` copies already). Here is the text, for the user to
    /// download now; until they do or discard it, this tab does not write.
    UnreadableNotKept { text: String },
    /// Saved by a newer version of the app: this tab stopped saving so as
    /// not to write over it.
    NewerVersion { version: i64 },
    /// This tab is not saving (see the two errors above); the call is kept
    /// in the tab only.
    Held,
    /// The browser rejected the write even with every old call folded.
    WriteFailed,
    /// Refused: this page runs inside another page's frame (see `framed`).
    Framed,
}

impl fmt::Display for StorageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StorageError::Unavailable => write!(f, "this browser does not allow local storage here"),
            StorageError::Unreadable { .. } => write!(f, "the saved data could not be read; a copy of it is kept below until you download or delete it"),
            StorageError::UnreadableNotKept { .. } => write!(f, "the saved data could not be read, and there is no room to keep a copy of it in this browser. Download it now: until you download or discard it, this tab will not save over it"),
            StorageError::NewerVersion { version } => write!(f, "it was saved by a newer version of Callback Dojo (format {version}), so this tab has stopped saving to leave it intact. Reload to use the newer version: this tab's unsaved work comes along, or download it first"),
            StorageError::Held => write!(f, "this tab has stopped saving (see the message above)"),
            StorageError::WriteFailed => write!(f, "the browser refused to save, even with older calls folded into totals (storage is full or disabled)"),
            StorageError::Framed => write!(f, "{FRAMED}"),
        }
    }
}

/// Why this tab is not writing progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hold {
    Newer(i64),
    /// Damaged data is stored and no copy of it could be kept.
    Unkept,
}

thread_local! {
    /// Every call this tab has counted (loaded, recorded, imported, or
    /// merged from another tab), saved or not.
    static TAB: RefCell<Progress> = RefCell::new(Progress::default());
    /// The progress text this tab last read or wrote, as the browser's own
    /// string. When the stored text still equals it, no other tab has saved
    /// since, and a save can skip reading it back (the slow half of saving
    /// 10,000 attempts). Compared in JavaScript, so the check does not copy
    /// the text into WebAssembly.
    static LAST_PROGRESS: RefCell<Option<JsValue>> = const { RefCell::new(None) };
    static HOLD: Cell<Option<Hold>> = const { Cell::new(None) };
    /// Every principle this tab has marked read, saved or not: merged into
    /// what is stored on each save, like `TAB`.
    static STUDY: RefCell<StudyLog> = RefCell::new(StudyLog::default());
}

fn remember(text: Option<JsValue>) {
    LAST_PROGRESS.with(|last| *last.borrow_mut() = text);
}

fn hold() -> Option<Hold> {
    HOLD.with(Cell::get)
}

fn set_hold(h: Hold) {
    // A newer version outranks damage: it is never released.
    if !matches!(hold(), Some(Hold::Newer(_))) {
        HOLD.with(|c| c.set(Some(h)));
    }
}

/// The user has downloaded or discarded damaged data that could not be
/// copied: saving may go on.
pub fn release_hold() {
    if hold() == Some(Hold::Unkept) {
        HOLD.with(|c| c.set(None));
        // The damaged text is dealt with: the next save may replace it
        // without trying to copy it again.
        remember(stored_progress().ok());
    }
}

/// Why a framed page refuses to delete or replace anything.
pub const FRAMED: &str = "this page is shown inside another page (a frame), which could make a click do what you did not mean, so it does not reset, import or delete anything here; open Callback Dojo in its own tab to do that";

/// Whether this page runs inside a frame: another page (on any origin, any
/// port) could be showing it to trick a click, so what deletes or replaces
/// kept data is refused (reset, import, deleting a backup, removing a
/// result from a board). The app opens no frames of its own.
pub fn framed() -> bool {
    web_sys::window().is_some_and(|w| match w.top() {
        Ok(Some(top)) => !js_sys::Object::is(top.as_ref(), w.as_ref()),
        Ok(None) => false,
        // A top it may not even look at is another page.
        Err(_) => true,
    })
}

fn refuse_framed() -> Result<(), StorageError> {
    if framed() {
        Err(StorageError::Framed)
    } else {
        Ok(())
    }
}

/// Everything this tab has counted.
pub fn tab_copy() -> Progress {
    TAB.with(|t| t.borrow().clone())
}

fn raw() -> Result<web_sys::Storage, StorageError> {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .ok_or(StorageError::Unavailable)
}

/// Reads the study log, merged into this tab's marks. No saved data is an
/// empty log, not an error.
pub fn load_study() -> Result<StudyLog, StorageError> {
    let stored = read_study()?;
    Ok(STUDY.with(|t| {
        let mut tab = t.borrow_mut();
        *tab = tab.merge(&stored);
        tab.clone()
    }))
}

fn read_study() -> Result<StudyLog, StorageError> {
    let text = match raw()?.get_item(STUDY_KEY) {
        Ok(Some(text)) => text,
        Ok(None) => return Ok(StudyLog::default()),
        Err(_) => return Err(StorageError::Unavailable),
    };
    saved::decode_study(&text).map_err(|e| match e {
        SavedError::NewerVersion(version) => StorageError::NewerVersion { version },
        _ => keep_backup(&text, Kind::Reading),
    })
}

/// Adds `log`'s marks to this tab's and writes them merged with whatever
/// another tab stored meanwhile (a set union: no tab's marks are undone).
/// Returns every mark now known; on failure they stay in this tab.
pub fn save_study(log: &StudyLog) -> Result<StudyLog, StorageError> {
    let mut merged = STUDY.with(|t| {
        let mut tab = t.borrow_mut();
        *tab = tab.merge(log);
        tab.clone()
    });
    match read_study() {
        Ok(stored) => merged = merged.merge(&stored),
        // Damaged marks were just copied aside: ours may replace them.
        Err(StorageError::Unreadable { .. }) => {}
        Err(e) => return Err(e),
    }
    STUDY.with(|t| *t.borrow_mut() = merged.clone());
    LocalStorage::raw()
        .set_item(STUDY_KEY, &saved::encode_study(&merged))
        .map_err(|_| StorageError::WriteFailed)?;
    Ok(merged)
}

/// The stored progress text as a JavaScript string (one read, not copied).
fn stored_progress() -> Result<JsValue, StorageError> {
    let storage = raw()?;
    // A missing key reads as `undefined`, which is not a string.
    js_sys::Reflect::get(&storage, &JsValue::from_str(PROGRESS_KEY))
        .map_err(|_| StorageError::Unavailable)
}

/// Reads what is stored. Damaged text is backed up (or, without room, the
/// tab stops writing); a newer version stops the tab writing.
fn read_stored(stored: &JsValue) -> Result<Progress, StorageError> {
    let Some(text) = stored.as_string() else {
        return Ok(Progress::default());
    };
    match saved::decode_progress(&text) {
        Ok(p) => Ok(p),
        Err(SavedError::NewerVersion(version)) => {
            set_hold(Hold::Newer(version));
            Err(StorageError::NewerVersion { version })
        }
        Err(_) => Err(keep_backup(&text, Kind::Progress)),
    }
}

/// This tab's session storage (its own quota, apart from local storage).
fn session() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.session_storage().ok().flatten())
}

/// Keeps this tab's copy in its session, after a save that did not store
/// all of it. Best effort: without room there too, the notice's download is
/// what keeps it.
fn keep_unsaved() {
    if let Some(s) = session() {
        let _ = s.set_item(UNSAVED_KEY, &saved::encode_progress(&tab_copy()));
    }
}

fn clear_unsaved() {
    if let Some(s) = session() {
        let _ = s.remove_item(UNSAVED_KEY);
    }
}

/// Work an earlier page of this tab could not save (see `UNSAVED_KEY`):
/// merged into this tab's copy and saved again. None when there was none.
/// Call after `load_progress`.
pub fn take_unsaved() -> Option<Result<SaveReport, StorageError>> {
    let text = session().and_then(|s| s.get_item(UNSAVED_KEY).ok().flatten())?;
    // A newer version's copy (this tab was updated, then went back) stays
    // for that version to take.
    let unsaved = saved::decode_progress(&text).ok()?;
    TAB.with(|t| {
        let mut tab = t.borrow_mut();
        *tab = tab.merge(&unsaved);
    });
    Some(save_tab())
}

/// Reads saved progress into this tab's copy. No saved data is empty
/// progress, not an error.
pub fn load_progress() -> Result<Progress, StorageError> {
    let stored = stored_progress()?;
    let progress = read_stored(&stored)?;
    remember(Some(stored));
    TAB.with(|t| {
        let mut tab = t.borrow_mut();
        if *tab == Progress::default() {
            // The usual case, at start: nothing to merge.
            *tab = progress;
        } else {
            *tab = tab.merge(&progress);
        }
        Ok(tab.clone())
    })
}

/// How a progress save went.
#[derive(Debug, Clone, PartialEq)]
pub struct SaveReport {
    /// This tab's copy after the save: what is stored now.
    pub progress: Progress,
    /// Storage was full: what was folded before the save fitted.
    pub folds: saved::Folds,
}

impl SaveReport {
    /// What a save folded, said so the trainee knows what can no longer be
    /// opened one by one; None when nothing was folded.
    pub fn fold_notice(&self) -> Option<String> {
        let saved::Folds {
            calls,
            days,
            reviews,
            cards,
        } = self.folds;
        if !self.folds.any() {
            return None;
        }
        let mut text =
            "Storage in this browser was full, so to save, some of your oldest work was folded."
                .to_string();
        if let (n @ 1.., Some((a, b))) = (calls, days) {
            text.push_str(&format!(
                " Calls folded into totals: {n} (finished {} to {}). Every figure still counts them, but they can no longer be reopened.",
                calendar::date(a),
                calendar::date(b)
            ));
        }
        if reviews > 0 {
            text.push_str(&format!(
                " Drill ratings folded into their cards' schedules: {reviews} (on {cards} cards). When each card comes back is unchanged, but those ratings are no longer listed one by one."
            ));
        }
        text.push_str(
            " Export your progress (Progress, Export progress) to keep everything whole elsewhere.",
        );
        Some(text)
    }
}

/// Writes this tab's copy, merged with whatever another tab stored
/// meanwhile, with `saved::fit` (folding when the browser refuses for lack
/// of room); the stored copy is only ever replaced whole. On any failure the tab's copy keeps every call, so a
/// later save or an export still has them.
fn save_tab() -> Result<SaveReport, StorageError> {
    let saved = store_tab();
    match saved {
        Ok(_) => clear_unsaved(),
        Err(_) => keep_unsaved(),
    }
    saved
}

fn store_tab() -> Result<SaveReport, StorageError> {
    if let Some(h) = hold() {
        return Err(match h {
            Hold::Newer(version) => StorageError::NewerVersion { version },
            Hold::Unkept => StorageError::Held,
        });
    }
    let storage = raw()?;
    let stored = stored_progress()?;
    let unchanged = LAST_PROGRESS.with(|last| {
        last.borrow()
            .as_ref()
            .is_some_and(|last| stored.is_string() && js_sys::Object::is(last, &stored))
    });
    if !unchanged {
        match read_stored(&stored) {
            Ok(theirs) => TAB.with(|t| {
                let mut tab = t.borrow_mut();
                *tab = tab.merge(&theirs);
            }),
            // Damaged text was just backed up: ours may replace it.
            Err(StorageError::Unreadable { .. }) => {}
            Err(e) => return Err(e),
        }
    }
    let Some(fitted) = saved::fit(&tab_copy(), |text| {
        storage.set_item(PROGRESS_KEY, text).is_ok()
    }) else {
        return Err(StorageError::WriteFailed);
    };
    remember(Some(JsValue::from_str(&fitted.text)));
    if fitted.folds.any() {
        // What is stored now: the tab keeps the folded form too.
        TAB.with(|t| *t.borrow_mut() = fitted.progress.clone());
    }
    Ok(SaveReport {
        progress: fitted.progress,
        folds: fitted.folds,
    })
}

/// Adds `progress` to this tab's copy and saves.
pub fn save_progress(progress: &Progress) -> Result<SaveReport, StorageError> {
    TAB.with(|t| {
        let mut tab = t.borrow_mut();
        *tab = if *tab == Progress::default() {
            progress.clone()
        } else {
            tab.merge(progress)
        };
    });
    save_tab()
}

/// Records a finished call in this tab's copy and saves. The call is in the
/// tab's copy whatever the save's result, and `Recorded` says whether it
/// was new.
pub fn record_call(attempt: Attempt) -> (Recorded, Result<SaveReport, StorageError>) {
    let recorded = TAB.with(|t| t.borrow_mut().record(attempt));
    (recorded, save_tab())
}

/// Another tab saved progress: its calls are merged into this tab's copy,
/// and if the stored copy lacks any call this tab counts (two saves at the
/// same moment, where the other write won), the union is written back.
pub fn sync_other_tab() -> Result<Progress, StorageError> {
    let stored = stored_progress()?;
    let theirs = read_stored(&stored)?;
    let lacks = TAB.with(|t| {
        let mut tab = t.borrow_mut();
        let lacks = tab.lacks(&theirs) > 0;
        *tab = tab.merge(&theirs);
        lacks
    });
    remember(Some(stored));
    if lacks {
        return save_tab().map(|r| r.progress);
    }
    Ok(tab_copy())
}

/// What an import did.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// Calls the file added (those already counted are not added twice).
    pub new_calls: usize,
    /// Drill reviews and cue-reading rounds the file added.
    pub new_drills: usize,
    pub saved: Result<SaveReport, StorageError>,
}

/// Imports a progress file: read whole (`core::saved::decode_import`),
/// merged with this tab's copy, then saved. A bad file changes nothing; the
/// error says what is wrong.
pub fn import_progress(text: &str) -> Result<Imported, String> {
    refuse_framed().map_err(|e| e.to_string())?;
    let imported = saved::decode_import(text).map_err(|e| match e {
        SavedError::NewerVersion(v) => format!(
            "it was saved by a newer version of Callback Dojo (format {v}); update the app first"
        ),
        SavedError::TooLarge(..) => e.to_string(),
        SavedError::Unreadable(why) => format!("it is not a Callback Dojo progress file ({why})"),
    })?;
    let drills = |p: &Progress| p.drills.review_count() as usize + p.drills.cues.len();
    let (new_calls, new_drills) = TAB.with(|t| {
        let mut tab = t.borrow_mut();
        // Counted as the figures count them: folded totals of an older
        // version count too.
        let before = (tab.totals().calls, drills(&tab));
        let merged = tab.merge(&imported);
        merged.readable().map_err(|why| {
            format!("its totals from an old version, added to yours, could not be kept ({why})")
        })?;
        *tab = merged;
        Ok::<_, String>((
            tab.totals().calls.saturating_sub(before.0) as usize,
            drills(&tab).saturating_sub(before.1),
        ))
    })?;
    Ok(Imported {
        new_calls,
        new_drills,
        saved: save_tab(),
    })
}

/// Deletes all kept progress (the reset, after the trainee confirmed it, or
/// another tab's reset).
pub fn remove_progress() -> Result<(), StorageError> {
    refuse_framed()?;
    remember(None);
    clear_unsaved();
    TAB.with(|t| *t.borrow_mut() = Progress::default());
    if hold().is_some() {
        return Err(StorageError::Held);
    }
    raw()?
        .remove_item(PROGRESS_KEY)
        .map_err(|_| StorageError::WriteFailed)
}

/// Another tab removed the stored progress (its reset): this tab forgets
/// its copy too, and its unsaved work, without writing. Whatever stopped
/// this tab writing is gone with it, so saving may go on.
pub fn forget_tab_copy() {
    start_page();
    clear_unsaved();
}

/// What a new page of this tab starts from: nothing in memory (its session
/// keeps any unsaved work for `take_unsaved`). Pages start this way; tests,
/// which run in one page, call it to stand for the next page.
pub fn start_page() {
    remember(None);
    TAB.with(|t| *t.borrow_mut() = Progress::default());
    STUDY.with(|t| *t.borrow_mut() = StudyLog::default());
    HOLD.with(|c| c.set(None));
}

/// The stored progress text exactly as it is, for a download when the app
/// cannot go on (see `crash`): read as a JavaScript string.
pub fn raw_progress() -> Option<JsValue> {
    stored_progress().ok().filter(JsValue::is_string)
}

/// Every backup kept, oldest first.
pub fn backups() -> Vec<Backup> {
    let Ok(storage) = raw() else {
        return Vec::new();
    };
    let n = storage.length().unwrap_or(0);
    let mut out: Vec<Backup> = (0..n)
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter_map(|key| {
            let (kind, at_ms) = if let Some(rest) = key.strip_prefix(BACKUP_PREFIX) {
                let (kind, at) = rest.split_once('.')?;
                let kind = [Kind::Progress, Kind::Reading, Kind::Academy]
                    .into_iter()
                    .find(|k| k.key() == kind)?;
                (kind, Some(at.split('-').next()?.parse().ok()?))
            } else if key == OLD_BACKUP_KEYS[0] {
                (Kind::Progress, None)
            } else if key == OLD_BACKUP_KEYS[1] {
                (Kind::Reading, None)
            } else {
                return None;
            };
            let chars = storage.get_item(&key).ok().flatten()?.len();
            Some(Backup {
                key,
                kind,
                at_ms,
                chars,
            })
        })
        .collect();
    crate::core::merge::heap_sort_by(&mut out, |a, b| (a.at_ms, &a.key) < (b.at_ms, &b.key));
    out
}

/// The text kept under a backup key, for the trainee to download.
pub fn backup(key: &str) -> Option<String> {
    raw().ok()?.get_item(key).ok().flatten()
}

/// Deletes a backup (after the user downloaded it or chose to delete it).
pub fn remove_backup(key: &str) -> Result<(), StorageError> {
    refuse_framed()?;
    if !key.starts_with(BACKUP_PREFIX) && !OLD_BACKUP_KEYS.contains(&key) {
        return Err(StorageError::WriteFailed);
    }
    raw()?
        .remove_item(key)
        .map_err(|_| StorageError::WriteFailed)
}

/// The trainee's limit of new drill cards a day (the default when unset or
/// unreadable).
pub fn new_per_day() -> u32 {
    raw()
        .ok()
        .and_then(|s| s.get_item(NEW_PER_DAY_KEY).ok().flatten())
        .and_then(|v| v.parse().ok())
        .filter(|n| (1..=queue::MAX_NEW_PER_DAY).contains(n))
        .unwrap_or(queue::DEFAULT_NEW_PER_DAY)
}

pub fn set_new_per_day(n: u32) -> Result<(), StorageError> {
    raw()?
        .set_item(NEW_PER_DAY_KEY, &n.to_string())
        .map_err(|_| StorageError::WriteFailed)
}

/// Records a drill card's review in this tab's copy and saves.
pub fn record_review(review: Review) -> Result<SaveReport, StorageError> {
    TAB.with(|t| t.borrow_mut().drills.review(review));
    save_tab()
}

/// Records a cue-reading round in this tab's copy and saves.
pub fn record_cue_round(round: CueRound) -> Result<SaveReport, StorageError> {
    TAB.with(|t| t.borrow_mut().drills.cue_round(round));
    save_tab()
}

/// The sessions this trainer made here, newest first, as link queries.
pub const SESSIONS_KEY: &str = "callback-dojo.academy.sessions";
/// Sessions kept in that list.
const MAX_SESSIONS: usize = 20;

pub fn made_sessions() -> Vec<String> {
    read_kept(SESSIONS_KEY)
}

/// Puts a made session first in the list (once).
pub fn remember_session(query: &str) -> Result<(), StorageError> {
    let mut list = made_sessions();
    list.retain(|q| q != query);
    list.insert(0, query.to_string());
    list.truncate(MAX_SESSIONS);
    write_kept(SESSIONS_KEY, &list)
}

/// The trainee's display name for class sessions.
pub const ACADEMY_NAME_KEY: &str = "callback-dojo.academy.name";
/// + a session id: the calls this trainee finished in that session.
pub const CLASS_PREFIX: &str = "callback-dojo.academy.class.";
/// + a session id: the result codes the trainer added to its scoreboard.
pub const BOARD_PREFIX: &str = "callback-dojo.academy.board.";

/// Lists of short texts (choices, result codes) as academy keys keep them
/// (`saved::encode_list`). Items never hold line breaks.
fn read_list(key: &str) -> Vec<String> {
    let Some(text) = raw().ok().and_then(|s| s.get_item(key).ok().flatten()) else {
        return Vec::new();
    };
    saved::decode_list(&text).unwrap_or_else(|| {
        // Not a list this version wrote: kept aside, never overwritten.
        let _ = keep_backup(&text, Kind::Academy);
        Vec::new()
    })
}

fn write_list(key: &str, items: &[String]) -> Result<(), StorageError> {
    raw()?
        .set_item(key, &saved::encode_list(items))
        .map_err(|_| StorageError::WriteFailed)
}

/// Where this tab keeps a kept list it could not store (storage full): in
/// its session, so it survives the tab's next pages.
fn pending_key(key: &str) -> String {
    format!("{UNSAVED_KEY}.{key}")
}

/// A kept list (sessions made, a class session's calls, a scoreboard's
/// codes, the statement queue): what is stored, with what this tab could
/// not store yet added back.
fn read_kept(key: &str) -> Vec<String> {
    let stored = read_list(key);
    let pending = session()
        .and_then(|s| s.get_item(&pending_key(key)).ok().flatten())
        .and_then(|text| saved::decode_list(&text));
    match pending {
        Some(pending) => merge::with_added(&stored, &pending),
        None => stored,
    }
}

/// Writes a kept list; when storage refuses, this tab keeps it (see
/// `read_kept`) until a later write stores it.
fn write_kept(key: &str, items: &[String]) -> Result<(), StorageError> {
    let written = write_list(key, items);
    if let Some(s) = session() {
        let _ = match written {
            Ok(()) => s.remove_item(&pending_key(key)),
            Err(_) => s.set_item(&pending_key(key), &saved::encode_list(items)),
        };
    }
    written
}

pub fn academy_name() -> Option<String> {
    raw()
        .ok()
        .and_then(|s| s.get_item(ACADEMY_NAME_KEY).ok().flatten())
        .filter(|n| !n.trim().is_empty())
}

pub fn set_academy_name(name: &str) -> Result<(), StorageError> {
    raw()?
        .set_item(ACADEMY_NAME_KEY, name)
        .map_err(|_| StorageError::WriteFailed)
}

/// The choices of each call this trainee finished in a session, in order.
pub fn class_calls(session_id: &str) -> Vec<String> {
    read_kept(&format!("{CLASS_PREFIX}{session_id}"))
}

pub fn set_class_calls(session_id: &str, calls: &[String]) -> Result<(), StorageError> {
    write_kept(&format!("{CLASS_PREFIX}{session_id}"), calls)
}

/// The result codes the trainer added to a session's scoreboard.
pub fn board_codes(session_id: &str) -> Vec<String> {
    read_kept(&format!("{BOARD_PREFIX}{session_id}"))
}

/// Adds result codes to a session's scoreboard, merged with what is
/// stored (a set union: codes another tab added meanwhile stay). Returns
/// the board's codes now, and whether they were saved.
pub fn add_board_codes(
    session_id: &str,
    added: &[String],
) -> (Vec<String>, Result<(), StorageError>) {
    let codes = merge::with_added(&board_codes(session_id), added);
    let saved = write_kept(&format!("{BOARD_PREFIX}{session_id}"), &codes);
    (codes, saved)
}

/// Removes one result code from a session's scoreboard (refused in a
/// frame), keeping any another tab added. Returns the board's codes now.
pub fn remove_board_code(session_id: &str, code: &str) -> Result<Vec<String>, StorageError> {
    refuse_framed()?;
    let codes = merge::without(&board_codes(session_id), &[code.to_string()]);
    write_kept(&format!("{BOARD_PREFIX}{session_id}"), &codes)?;
    Ok(codes)
}

/// The learning record store: endpoint, key, secret and an optional
/// e-mail for the trainee's statements (a list, one a line). Kept in this
/// browser only, never put in a link by the app.
pub const LRS_KEY: &str = "callback-dojo.lrs";
/// Statements made and not yet accepted by the store, one JSON text a line.
pub const LRS_QUEUE_KEY: &str = "callback-dojo.lrs.queue";

/// Where statements go, as the trainee or trainer set it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LrsSettings {
    pub endpoint: String,
    pub key: String,
    pub secret: String,
    pub email: String,
}

pub fn lrs_settings() -> Option<LrsSettings> {
    let items = read_list(LRS_KEY);
    let get = |i: usize| items.get(i).cloned().unwrap_or_default();
    let settings = LrsSettings {
        endpoint: get(0),
        key: get(1),
        secret: get(2),
        email: get(3),
    };
    (!settings.endpoint.is_empty()).then_some(settings)
}

pub fn set_lrs_settings(settings: Option<&LrsSettings>) -> Result<(), StorageError> {
    match settings {
        Some(s) => write_list(
            LRS_KEY,
            &[
                s.endpoint.clone(),
                s.key.clone(),
                s.secret.clone(),
                s.email.clone(),
            ]
            .map(|v| v.replace(['\n', '\r'], "")),
        ),
        None => raw()?
            .remove_item(LRS_KEY)
            .map_err(|_| StorageError::WriteFailed),
    }
}

/// The statements waiting for the store, oldest first.
pub fn lrs_queue() -> Vec<String> {
    read_kept(LRS_QUEUE_KEY)
}

/// Adds statements to the queue (one already waiting is not added twice).
pub fn enqueue_statements(statements: &[String]) -> Result<usize, StorageError> {
    let queue = merge::with_added(&lrs_queue(), statements);
    write_kept(LRS_QUEUE_KEY, &queue)?;
    Ok(queue.len())
}

/// Takes statements the store accepted out of the queue (the queue may
/// have grown meanwhile; only these go).
pub fn dequeue_statements(sent: &[String]) -> Result<usize, StorageError> {
    let queue = merge::without(&lrs_queue(), sent);
    write_kept(LRS_QUEUE_KEY, &queue)?;
    Ok(queue.len())
}

/// Whether the day streak is shown (it is unless switched off).
pub fn streak_shown() -> bool {
    raw()
        .ok()
        .and_then(|s| s.get_item(STREAK_KEY).ok().flatten())
        .as_deref()
        != Some("off")
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

/// Copies unreadable text under a new backup key (earlier backups are never
/// overwritten), and says what happened. When no copy can be kept, progress
/// writes stop until the user has downloaded or discarded the text.
fn keep_backup(text: &str, kind: Kind) -> StorageError {
    let not_kept = || {
        if kind == Kind::Progress {
            set_hold(Hold::Unkept);
        }
        StorageError::UnreadableNotKept {
            text: text.to_string(),
        }
    };
    let existing = backups();
    // The same damaged text already kept (a reload before the user acted):
    // that copy is the one to offer.
    if let Some(same) = existing
        .iter()
        .find(|b| b.chars == text.len() && backup(&b.key).as_deref() == Some(text))
    {
        return StorageError::Unreadable {
            backup: same.key.clone(),
        };
    }
    if existing.len() >= MAX_BACKUPS {
        return not_kept();
    }
    let Ok(storage) = raw() else {
        return not_kept();
    };
    let now = js_sys::Date::now() as u64;
    let mut key = format!("{BACKUP_PREFIX}{}.{now}", kind.key());
    let mut n = 1;
    while storage.get_item(&key).ok().flatten().is_some() {
        n += 1;
        key = format!("{BACKUP_PREFIX}{}.{now}-{n}", kind.key());
    }
    if storage.set_item(&key, text).is_err() {
        return not_kept();
    }
    StorageError::Unreadable { backup: key }
}
