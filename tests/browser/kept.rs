//! Issue 19, in the browser: the ways drills, read marks and unsaved work
//! were found to be lost, each reproduced as it was found, through the
//! storage module the app uses.

use callback_dojo::core::drill::fsrs::Rating;
use callback_dojo::core::drill::log::{CueRound, Review};
use callback_dojo::core::saved::encode_study;
use callback_dojo::core::sim::{Difficulty, Truth};
use callback_dojo::core::study::StudyLog;
use callback_dojo::ui::storage::{self, StorageError, STUDY_KEY};
use wasm_bindgen_test::wasm_bindgen_test;

use crate::{
    fill_quota_leaving, free_quota, local_storage, played_call, reset_storage, stored_progress,
};

fn rating(card: &str, at: u64, rating: Rating) -> Review {
    Review {
        card: card.to_string(),
        at,
        rating,
        ticked: 0,
        checks: 3,
        utc_offset: 60,
    }
}

/// Fills what `fill_quota_leaving(0)` leaves, down to single characters:
/// storage is then full to the byte, as "fill local storage with any other
/// key" leaves it.
fn fill_to_the_byte(mut keys: Vec<String>) -> Vec<String> {
    let storage = local_storage();
    let mut size = 512;
    while size >= 1 {
        let key = format!("filler-small-{}", keys.len());
        if storage.set_item(&key, &"x".repeat(size)).is_ok() {
            keys.push(key);
        } else {
            size /= 2;
        }
    }
    keys
}

/// Case 1, "everything lost": three calls, the first drill card rated Again
/// six times then Good, storage filled with another key, then cue rounds
/// until a save folds that weak card. Its stability (about 0.008) was below
/// what the loader read, so the next visit refused all progress. Now the
/// next visit reads everything, and the fold was announced.
#[wasm_bindgen_test]
fn a_weak_card_folded_under_full_storage_is_read_on_the_next_visit() {
    reset_storage();
    let t = 1_800_000_000;
    for seed in 0..3 {
        let (_, saved) = storage::record_call(played_call(seed, t + seed * 600));
        saved.expect("saved");
    }
    for i in 0..6 {
        storage::record_review(rating("bare-later-coo", t + 3_000 + 2 * i, Rating::Again))
            .expect("saved");
    }
    storage::record_review(rating("bare-later-coo", t + 3_100, Rating::Good)).expect("saved");
    let fillers = fill_to_the_byte(fill_quota_leaving(0));
    let mut notices = Vec::new();
    let mut rounds = 0;
    while rounds < 40 && stored_progress().drills.folded.is_empty() {
        let report = storage::record_cue_round(CueRound {
            at: t + 4_000 + rounds,
            seed: 90 + rounds,
            level: Difficulty::Normal,
            guess: Truth::Sincere,
            confidence: 70,
            truth: Truth::True,
            utc_offset: 60,
        });
        if let Ok(report) = report {
            notices.extend(report.fold_notice());
        }
        rounds += 1;
    }
    free_quota(&fillers);
    let folded = stored_progress();
    assert!(!folded.drills.folded.is_empty(), "the weak card was folded");
    // The next visit.
    storage::forget_tab_copy();
    let next = storage::load_progress().expect("the next visit reads everything");
    assert_eq!(next.totals().calls, 3);
    assert_eq!(next.drills.review_count(), 7);
    assert_eq!(next.drills.cues.len() as u64, rounds);
    assert!(
        notices
            .iter()
            .any(|n| n.contains("Calls folded into totals: "))
            && notices.iter().any(|n| n.contains("Drill ratings folded")),
        "every fold was announced: {notices:?}"
    );
    reset_storage();
}

/// Case 5: a card rated twice within one second is two stored reviews
/// (was "2 cards rated", 1 stored).
#[wasm_bindgen_test]
fn two_ratings_in_one_second_are_both_stored() {
    reset_storage();
    let at = 1_800_000_000;
    storage::record_review(rating("bare-later-coo", at, Rating::Again)).expect("saved");
    storage::record_review(rating("bare-later-coo", at, Rating::Good)).expect("saved");
    assert_eq!(stored_progress().drills.review_count(), 2);
    reset_storage();
}

/// Case 7: read marks in two tabs. Another tab's save is kept when this
/// one saves, and this tab's when the other's lands after it.
#[wasm_bindgen_test]
fn read_marks_of_two_tabs_are_both_kept() {
    reset_storage();
    let mut mine = StudyLog::default();
    mine.mark_read("oomph");
    storage::save_study(&mine).expect("saved");
    // The other tab had read another principle, and saved after us
    // without having read ours (it merges too, but here it wrote blind).
    let theirs = StudyLog::from_keys(["ask-why-then".to_string()]);
    local_storage()
        .set_item(STUDY_KEY, &encode_study(&theirs))
        .expect("set");
    mine.mark_read("bow-out");
    let all = storage::save_study(&mine).expect("saved");
    assert_eq!(
        all.keys().collect::<Vec<_>>(),
        ["ask-why-then", "bow-out", "oomph"]
    );
    let stored = storage::load_study().expect("reads");
    assert_eq!(stored, all);
    reset_storage();
}

/// Case 4: with storage full, a finished call is not lost when the tab
/// moves to another page (a bundle switch or a reload): the next page takes
/// it back, and saves it once there is room.
#[wasm_bindgen_test]
fn unsaved_work_survives_the_next_page_and_is_saved_when_there_is_room() {
    reset_storage();
    let fillers = fill_to_the_byte(fill_quota_leaving(0));
    let (_, saved) = storage::record_call(played_call(7, 1_800_000_000));
    assert_eq!(saved.map(|_| ()), Err(StorageError::WriteFailed));
    // The next page of this tab: its memory is gone, its session is not.
    crate::new_page();
    let loaded = storage::load_progress().expect("loads");
    assert_eq!(loaded.totals().calls, 0, "nothing stored yet");
    let again = storage::take_unsaved().expect("the tab's unsaved work");
    assert_eq!(again.map(|_| ()), Err(StorageError::WriteFailed));
    assert_eq!(storage::tab_copy().totals().calls, 1, "still held");
    // Room again: the next page stores it, and the session lets it go.
    free_quota(&fillers);
    crate::new_page();
    storage::load_progress().expect("loads");
    let report = storage::take_unsaved()
        .expect("unsaved work")
        .expect("saved");
    assert_eq!(report.progress.totals().calls, 1);
    assert_eq!(stored_progress().totals().calls, 1);
    crate::new_page();
    assert!(storage::take_unsaved().is_none(), "nothing left unsaved");
    reset_storage();
}

/// Item 5: a scoreboard's result codes merge like calls: codes another tab
/// added stay when this tab adds or removes one.
#[wasm_bindgen_test]
fn board_codes_of_two_tabs_are_both_kept() {
    reset_storage();
    let id = "session-kept-test";
    let (codes, saved) = storage::add_board_codes(id, &["cd1.a".to_string()]);
    saved.expect("saved");
    assert_eq!(codes, ["cd1.a"]);
    // Another tab added one (it wrote the list as it saw it).
    local_storage()
        .set_item(&format!("{}{id}", storage::BOARD_PREFIX), "1\ncd1.a\ncd1.b")
        .expect("set");
    let (codes, saved) = storage::add_board_codes(id, &["cd1.c".to_string()]);
    saved.expect("saved");
    assert_eq!(codes, ["cd1.a", "cd1.b", "cd1.c"]);
    let codes = storage::remove_board_code(id, "cd1.a").expect("removed");
    assert_eq!(codes, ["cd1.b", "cd1.c"]);
    assert_eq!(storage::board_codes(id), ["cd1.b", "cd1.c"]);
    local_storage()
        .remove_item(&format!("{}{id}", storage::BOARD_PREFIX))
        .expect("remove");
    reset_storage();
}

/// A result code added while storage is full stays on the board across the
/// tab's next pages, and is stored by the next add once there is room.
#[wasm_bindgen_test]
fn a_board_code_added_with_storage_full_is_kept_until_stored() {
    reset_storage();
    let id = "session-full-test";
    let fillers = fill_to_the_byte(fill_quota_leaving(0));
    let (codes, saved) = storage::add_board_codes(id, &["cd1.full".to_string()]);
    assert_eq!(saved, Err(StorageError::WriteFailed));
    assert_eq!(codes, ["cd1.full"]);
    crate::new_page();
    assert_eq!(storage::board_codes(id), ["cd1.full"], "kept in the tab");
    free_quota(&fillers);
    let (codes, saved) = storage::add_board_codes(id, &["cd1.next".to_string()]);
    saved.expect("saved");
    assert_eq!(codes, ["cd1.full", "cd1.next"]);
    let stored = local_storage()
        .get_item(&format!("{}{id}", storage::BOARD_PREFIX))
        .expect("get");
    assert_eq!(stored.as_deref(), Some("1\ncd1.full\ncd1.next"));
    local_storage()
        .remove_item(&format!("{}{id}", storage::BOARD_PREFIX))
        .expect("remove");
    reset_storage();
}
