//! Progress in the browser's real local storage: round trip, damaged data
//! kept aside, another tab's attempts merged, and a full storage folded
//! into totals without changing any of them.

use callback_dojo::core::catalogue::Catalogue;
use callback_dojo::core::progress::{Attempt, Progress};
use callback_dojo::core::saved::encode_progress;
use callback_dojo::core::sim::policy::{play, Policy};
use callback_dojo::core::sim::{Difficulty, Settings};
use callback_dojo::ui::storage::{self, Saved, StorageError, PROGRESS_BACKUP_KEY, PROGRESS_KEY};
use wasm_bindgen_test::wasm_bindgen_test;

use crate::local_storage;

fn clear() {
    let s = local_storage();
    s.remove_item(PROGRESS_KEY).expect("remove");
    s.remove_item(PROGRESS_BACKUP_KEY).expect("remove");
}

fn calls(seeds: std::ops::Range<u64>) -> Progress {
    let mut p = Progress::default();
    for seed in seeds {
        let session = play(
            Catalogue::shipped(),
            Policy::Random,
            Settings {
                seed,
                difficulty: Difficulty::Normal,
            },
        );
        p.record(Attempt::of(&session, 1_760_000_000 + seed * 600, 0));
    }
    p
}

#[wasm_bindgen_test]
fn progress_round_trips() {
    clear();
    assert_eq!(storage::load_progress(), Ok(Progress::default()));
    let p = calls(0..5);
    let (saved, how) = storage::save_progress(&p).expect("save");
    assert_eq!((saved, how), (p.clone(), Saved::Whole));
    assert_eq!(storage::load_progress(), Ok(p));
    clear();
}

#[wasm_bindgen_test]
fn damaged_progress_is_kept_aside_and_reported() {
    clear();
    local_storage()
        .set_item(PROGRESS_KEY, "{\"v\":1,\"attempts\":[[1,2")
        .expect("set");
    assert_eq!(
        storage::load_progress(),
        Err(StorageError::Unreadable {
            backup_key: PROGRESS_BACKUP_KEY
        })
    );
    assert_eq!(
        local_storage()
            .get_item(PROGRESS_BACKUP_KEY)
            .expect("get")
            .as_deref(),
        Some("{\"v\":1,\"attempts\":[[1,2")
    );
    // Saving over it works, and the backup stays.
    storage::save_progress(&calls(0..2)).expect("save");
    assert!(local_storage()
        .get_item(PROGRESS_BACKUP_KEY)
        .expect("get")
        .is_some());
    clear();
}

#[wasm_bindgen_test]
fn another_tabs_attempts_are_merged_not_overwritten() {
    clear();
    // The other tab saved calls 0..3; this tab knows only 3..5.
    local_storage()
        .set_item(PROGRESS_KEY, &encode_progress(&calls(0..3)))
        .expect("set");
    let (merged, _) = storage::save_progress(&calls(3..5)).expect("save");
    assert_eq!(merged, calls(0..5));
    assert_eq!(storage::load_progress(), Ok(calls(0..5)));
    clear();
}

#[wasm_bindgen_test]
fn full_storage_folds_the_oldest_calls_and_keeps_the_totals() {
    clear();
    let storage = local_storage();
    // Fill the origin's quota with ever smaller chunks until even 1 kB
    // does not fit, then free about 10 kB: room for some attempts, not for
    // 300 of them (about 23 kB).
    let mut fillers: Vec<(String, usize)> = Vec::new();
    let mut size = 1 << 20;
    while size >= 1024 {
        let chunk = "x".repeat(size);
        loop {
            let key = format!("filler-{}", fillers.len());
            if fillers.len() > 4000 || storage.set_item(&key, &chunk).is_err() {
                break;
            }
            fillers.push((key, size));
        }
        size /= 2;
    }
    let mut freed = 0;
    while freed < 10_000 {
        let Some((key, size)) = fillers.pop() else {
            break;
        };
        storage.remove_item(&key).expect("remove");
        freed += size;
    }
    let p = calls(0..300);
    let result = storage::save_progress(&p);
    for (key, _) in &fillers {
        storage.remove_item(key).expect("remove");
    }
    let (saved, how) = result.expect("saves after folding");
    assert!(matches!(how, Saved::Folded(n) if n > 0), "{how:?}");
    assert!(saved.attempts.len() < 300);
    assert_eq!(
        saved.totals(),
        p.totals(),
        "folding must not change any total"
    );
    assert_eq!(storage::load_progress().expect("load").totals(), p.totals());
    clear();
}
