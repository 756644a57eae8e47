//! Progress in the browser's real local storage: round trip, damaged data
//! kept aside, another tab's attempts merged, a full storage folded into
//! totals without changing any of them, and each way calls were found to be
//! lost (issue 10) reproduced as it was found.

use callback_dojo::core::catalogue::Catalogue;
use callback_dojo::core::progress::{Attempt, Progress, Recorded};
use callback_dojo::core::saved::{encode_progress, IMPORT_LIMIT, PROGRESS_VERSION};
use callback_dojo::core::sim::policy::{play, Policy};
use callback_dojo::core::sim::{Difficulty, Settings};
use callback_dojo::ui::storage::{self, StorageError, BACKUP_PREFIX, PROGRESS_KEY};
use wasm_bindgen_test::wasm_bindgen_test;

use crate::components::{click, count, heading, mount, set_confidence};
use crate::{local_storage, reset_storage, storage_event, stored_progress as stored, wait_until};

fn clear() {
    reset_storage();
}

fn calls(seeds: std::ops::Range<u64>) -> Progress {
    crate::played_calls(seeds, 1_760_000_000)
}

#[wasm_bindgen_test]
fn progress_round_trips() {
    clear();
    assert_eq!(storage::load_progress(), Ok(Progress::default()));
    let p = calls(0..5);
    let report = storage::save_progress(&p).expect("save");
    assert_eq!((report.progress, report.folds.calls), (p.clone(), 0));
    storage::forget_tab_copy();
    assert_eq!(storage::load_progress(), Ok(p));
    clear();
}

#[wasm_bindgen_test]
fn damaged_progress_is_kept_aside_and_reported() {
    clear();
    local_storage()
        .set_item(PROGRESS_KEY, "{\"v\":1,\"attempts\":[[1,2")
        .expect("set");
    let Err(StorageError::Unreadable { backup }) = storage::load_progress() else {
        panic!("damage not reported");
    };
    assert!(backup.starts_with(&format!("{BACKUP_PREFIX}progress.")));
    assert_eq!(
        storage::backup(&backup).as_deref(),
        Some("{\"v\":1,\"attempts\":[[1,2")
    );
    // Saving over it works, and the backup stays.
    storage::save_progress(&calls(0..2)).expect("save");
    assert!(storage::backup(&backup).is_some());
    clear();
}

#[wasm_bindgen_test]
fn another_tabs_attempts_are_merged_not_overwritten() {
    clear();
    // The other tab saved calls 0..3; this tab knows only 3..5.
    local_storage()
        .set_item(PROGRESS_KEY, &encode_progress(&calls(0..3)))
        .expect("set");
    let report = storage::save_progress(&calls(3..5)).expect("save");
    assert_eq!(report.progress, calls(0..5));
    assert_eq!(stored(), calls(0..5));
    clear();
}

#[wasm_bindgen_test]
fn full_storage_folds_the_oldest_calls_and_keeps_the_totals() {
    clear();
    // Room for 300 folded calls (about 10 kB), not for 300 attempts
    // (about 23 kB).
    let fillers = crate::fill_quota_leaving(14_000);
    let p = calls(0..300);
    let result = storage::save_progress(&p);
    crate::free_quota(&fillers);
    let report = result.expect("saves after folding");
    assert!(report.folds.calls > 0, "{}", report.folds.calls);
    assert!(report.progress.attempts.len() < 300);
    assert_eq!(
        report.progress.call_count(),
        300,
        "every call still counted"
    );
    assert_eq!(
        report.progress.totals(),
        p.totals(),
        "folding must not change any total"
    );
    assert_eq!(stored().totals(), p.totals());
    clear();
}

/// A file written by format 1 is read from storage, migrated, and written
/// back in the current format; nothing is backed up because nothing is wrong.
#[wasm_bindgen_test]
fn a_format_1_fixture_in_storage_is_migrated() {
    clear();
    let fixture = include_str!("../fixtures/progress-v1.json");
    local_storage()
        .set_item(PROGRESS_KEY, fixture)
        .expect("set");
    let p = storage::load_progress().expect("format 1 is read");
    assert_eq!((p.attempts.len(), p.totals().calls), (3, 5));
    storage::save_progress(&p).expect("save");
    let text = local_storage()
        .get_item(PROGRESS_KEY)
        .expect("get")
        .expect("kept");
    assert!(
        text.starts_with(&format!("{{\"v\":{PROGRESS_VERSION},")),
        "{text:.20}"
    );
    assert_eq!(stored(), p);
    assert!(storage::backups().is_empty(), "nothing was wrong");
    clear();
}

#[wasm_bindgen_test]
fn importing_a_valid_file_merges_it_and_a_bad_one_changes_nothing() {
    clear();
    storage::save_progress(&calls(0..3)).expect("save");
    // Valid, overlapping: seeds 2..6, so seed 2 is already here.
    let imported = storage::import_progress(&encode_progress(&calls(2..6))).expect("imported");
    assert_eq!(imported.new_calls, 3);
    let report = imported.saved.expect("saved");
    assert_eq!((report.progress.attempts.len(), report.folds.calls), (6, 0));
    assert_eq!(stored(), report.progress);
    let before = local_storage().get_item(PROGRESS_KEY).expect("get");

    let malformed =
        storage::import_progress("{\"v\":2,\"attempts\":[[1,2]]").expect_err("malformed");
    assert!(
        malformed.contains("not a Callback Dojo progress file"),
        "{malformed}"
    );
    let wrong_attempt = encode_progress(&calls(9..10)).replacen(",\"n\",", ",\"z\",", 1);
    let why = storage::import_progress(&wrong_attempt).expect_err("bad level");
    assert!(why.contains("attempt 1: unknown level"), "{why}");
    let newer = storage::import_progress("{\"v\":99}").expect_err("newer");
    assert!(newer.contains("newer version"), "{newer}");
    let oversized = " ".repeat(IMPORT_LIMIT as usize + 1);
    let big = storage::import_progress(&oversized).expect_err("oversized");
    assert!(big.contains("at most 5000 kB"), "{big}");

    assert_eq!(local_storage().get_item(PROGRESS_KEY).expect("get"), before);
    assert_eq!(storage::tab_copy().call_count(), 6, "nothing half-imported");
    clear();
}

/// Damaged progress: the app still starts, the text is kept under a backup
/// key, and the user is told, with the copy to download or delete.
#[wasm_bindgen_test]
async fn damaged_progress_is_reported_on_screen_with_its_copy() {
    clear();
    local_storage()
        .set_item(PROGRESS_KEY, "{\"v\":2,\"attem")
        .expect("set");
    let root = mount("/progress");
    wait_until("the notice", || count(&root, ".notice") == 1).await;
    let text = root
        .query_selector(".notice")
        .expect("query")
        .and_then(|n| n.text_content())
        .unwrap_or_default();
    assert!(
        text.contains("Your call progress could not be loaded"),
        "{text}"
    );
    assert!(text.contains("Download the copy"), "{text}");
    assert!(text.contains("Delete the copy"), "{text}");
    assert_eq!(heading(&root).as_deref(), Some("Your progress"));
    let backups = storage::backups();
    assert_eq!(backups.len(), 1);
    assert_eq!(
        storage::backup(&backups[0].key).as_deref(),
        Some("{\"v\":2,\"attem")
    );
    // Deleting it is the user's choice, and removes it.
    click(&root, ".notice button:last-child");
    wait_until("the notice dismissed", || count(&root, ".notice") == 0).await;
    assert!(storage::backups().is_empty());
    root.remove();
    clear();
}

/// Another tab's save reaches this tab's screen through the `storage` event.
#[wasm_bindgen_test]
async fn another_tabs_save_shows_up_on_the_progress_screen() {
    clear();
    storage::save_progress(&calls(0..2)).expect("save");
    let root = mount("/progress");
    wait_until("two calls", || count(&root, "tr.attempt") == 2).await;
    // The other tab writes; the browser tells this one.
    let theirs = calls(0..2).merge(&calls(10..13));
    local_storage()
        .set_item(PROGRESS_KEY, &encode_progress(&theirs))
        .expect("set");
    storage_event(Some("x"));
    wait_until("five calls", || count(&root, "tr.attempt") == 5).await;
    // A reset in the other tab empties this one too.
    local_storage().remove_item(PROGRESS_KEY).expect("remove");
    storage_event(None);
    wait_until("the empty state", || count(&root, ".empty-state") == 1).await;
    root.remove();
    clear();
}

fn data_step(root: &web_sys::Element) -> u32 {
    root.query_selector("main[data-step]")
        .ok()
        .flatten()
        .and_then(|m| m.get_attribute("data-step"))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

/// A finished call is recorded by the call screen itself.
#[wasm_bindgen_test]
async fn a_finished_call_is_recorded() {
    clear();
    let root = mount("/practice?seed=7&level=normal");
    for _ in 0..20 {
        wait_until("a step", || {
            count(&root, "button.option") > 0
                || count(&root, "button.truth") > 0
                || count(&root, "main[data-screen=review]") > 0
        })
        .await;
        if count(&root, "main[data-screen=review]") > 0 {
            break;
        }
        let step = data_step(&root);
        if count(&root, "button.truth") > 0 {
            click(&root, "button.truth");
            wait_until("a truth selected", || {
                count(&root, "button.truth.selected") == 1
            })
            .await;
            set_confidence(&root, 75);
            wait_until("a confidence set", || {
                count(&root, "label.confidence.unset") == 0
            })
            .await;
            click(&root, "button.continue");
        } else {
            click(&root, "button.option");
        }
        wait_until("the next step", || {
            data_step(&root) > step || count(&root, "main[data-screen=review]") > 0
        })
        .await;
    }
    let p = stored();
    assert_eq!(p.attempts.len(), 1);
    assert_eq!(p.attempts[0].seed, 7);
    let replayed = p.attempts[0].replay(Catalogue::shipped()).expect("replays");
    assert!(replayed.is_finished());
    assert_eq!(replayed.score(), p.attempts[0].score);
    root.remove();
    clear();
}

/// `cargo xtask bench`: save and load of 10,000 attempts in this browser's
/// real local storage, and bytes per attempt. Reported, never asserted
/// against a time (ignored in `cargo xtask test`).
#[wasm_bindgen_test]
#[ignore]
fn bench_storage_of_ten_thousand_attempts() {
    clear();
    let performance = web_sys::window()
        .and_then(|w| w.performance())
        .expect("performance");
    let mut p = Progress::default();
    // 10,000 distinct calls from 500 played sessions at different moments.
    let sessions: Vec<Attempt> = calls(0..500).attempts;
    for i in 0..10_000u64 {
        let mut a = sessions[(i % 500) as usize].clone();
        a.finished_at = 1_760_000_000 + i * 900;
        p.record(a);
    }
    assert_eq!(p.attempts.len(), 10_000);
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    // A save after this tab's own last save (the usual case: one call
    // added), a save that must merge another tab's text first, a load.
    let (mut saves, mut merging, mut loads) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..9u64 {
        clear();
        storage::save_progress(&p).expect("first save");
        let mut extra = p.attempts[0].clone();
        extra.finished_at = 1_800_000_000 + i;
        // What the call screen does when a call ends: record, then save.
        let t0 = performance.now();
        let (recorded, saved) = storage::record_call(extra.clone());
        let t1 = performance.now();
        storage::forget_tab_copy();
        let loaded = storage::load_progress().expect("load");
        let t2 = performance.now();
        assert_eq!(recorded, Recorded::Added);
        assert_eq!(saved.expect("saved").folds.calls, 0);
        assert_eq!(loaded.attempts.len(), 10_001);
        // Another tab's write: the stored text is no longer this tab's, so
        // the next save reads and merges it first.
        local_storage()
            .set_item(PROGRESS_KEY, &encode_progress(&p))
            .expect("set");
        let mut another = extra;
        another.finished_at += 1_000;
        let t3 = performance.now();
        let (_, merged) = storage::record_call(another);
        let t4 = performance.now();
        assert_eq!(
            merged.expect("merging save").progress.attempts.len(),
            10_002
        );
        saves.push(t1 - t0);
        loads.push(t2 - t1);
        merging.push(t4 - t3);
    }
    let (mut reads, mut decodes, mut parses) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..9 {
        let t0 = performance.now();
        let text = local_storage()
            .get_item(PROGRESS_KEY)
            .expect("get")
            .expect("kept");
        let t1 = performance.now();
        let _ = callback_dojo::core::json::Json::parse(&text);
        let t2 = performance.now();
        let _ = callback_dojo::core::saved::decode_progress(&text);
        let t3 = performance.now();
        reads.push(t1 - t0);
        parses.push(t2 - t1);
        decodes.push(t3 - t2);
    }
    wasm_bindgen_test::console_log!(
        "BENCH load parts: read_ms={:.1} parse_ms={:.1} decode_ms={:.1}",
        median(reads),
        median(parses),
        median(decodes)
    );
    // Issue 10, case 6: large files newest first (day totals, and
    // attempts), which took 23 s and 7.4 s when decoding was quadratic.
    let days = crate::nothing_lost::newest_first_days(4_900_000);
    let mut attempts = Progress::default();
    let one = calls(0..1).attempts[0].clone();
    for i in 0..106_000u64 {
        let mut a = one.clone();
        a.finished_at = 1_700_000_000 + i;
        a.seed = i % 1000;
        a.principles.truncate(2);
        attempts.record(a);
    }
    let mut newest_first = encode_progress(&attempts);
    {
        let start = newest_first.find("[[").expect("attempts") + 1;
        let end = newest_first.find("]],\"folded\"").expect("end") + 1;
        let mut items: Vec<&str> = newest_first[start + 1..end - 1].split("],[").collect();
        items.reverse();
        newest_first = format!(
            "{}[{}]{}",
            &newest_first[..start],
            items.join("],["),
            &newest_first[end..]
        );
    }
    let (mut day_ms, mut attempt_ms) = (Vec::new(), Vec::new());
    for _ in 0..3 {
        let t0 = performance.now();
        let read = callback_dojo::core::saved::decode_import(&days).expect("days");
        let t1 = performance.now();
        let read_attempts =
            callback_dojo::core::saved::decode_progress(&newest_first).expect("attempts");
        let t2 = performance.now();
        assert!(read.legacy.is_some());
        assert_eq!(read_attempts.attempts.len(), 106_000);
        day_ms.push(t1 - t0);
        attempt_ms.push(t2 - t1);
    }
    wasm_bindgen_test::console_log!(
        "BENCH newest-first days_bytes={} days_decode_median_ms={:.0} attempts=106000 attempts_bytes={} attempts_decode_median_ms={:.0}",
        days.len(),
        median(day_ms),
        newest_first.len(),
        median(attempt_ms)
    );
    let bytes = local_storage()
        .get_item(PROGRESS_KEY)
        .expect("get")
        .map_or(0, |t| t.len());
    wasm_bindgen_test::console_log!(
        "BENCH storage attempts=10000 save_median_ms={:.1} merging_save_median_ms={:.1} load_median_ms={:.1} bytes={bytes} bytes_per_attempt={:.1}",
        median(saves),
        median(merging),
        median(loads),
        bytes as f64 / 10_001.0
    );
    clear();
}

/// "Practise this" starts a call, at normal level, that puts the principle
/// at stake when played the principled way.
#[wasm_bindgen_test]
async fn practise_this_starts_a_call_that_tests_the_principle() {
    use callback_dojo::core::sim::focus::at_stake;
    clear();
    storage::save_progress(&calls(0..4)).expect("save");
    let root = mount("/progress");
    wait_until("the mastery list", || {
        count(&root, "button[data-action=practise]") > 1
    })
    .await;
    // The second weakest, so the test does not only ever try one principle.
    let button = root
        .query_selector_all("button[data-action=practise]")
        .expect("query")
        .item(1)
        .and_then(|n| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(n).ok())
        .expect("a practise button");
    let index: u16 = button
        .get_attribute("data-principle")
        .and_then(|i| i.parse().ok())
        .expect("an index");
    // The drills sit above "Your data" (export, import, reset).
    let order = js_sys::eval(
        "(() => { const d = document.querySelector('section.drill-progress'); const r = document.querySelector('section.data'); return !!d && !!r && !!(d.compareDocumentPosition(r) & Node.DOCUMENT_POSITION_FOLLOWING); })()",
    )
    .expect("eval");
    assert_eq!(order.as_bool(), Some(true), "drills above the reset");
    // Each button is named, on screen, by its principle.
    let title = callback_dojo::core::catalogue::Catalogue::shipped()
        .principle_at(index)
        .map(|id| {
            callback_dojo::core::catalogue::Catalogue::shipped()
                .principle(id)
                .title
                .to_string()
        })
        .expect("a principle");
    assert_eq!(
        button.text_content().unwrap_or_default().trim(),
        format!("Practise: {title}")
    );
    button.click();
    wait_until("the call screen", || {
        count(&root, "main[data-screen=practice]") == 1
    })
    .await;
    let main = root
        .query_selector("main[data-screen=practice]")
        .expect("query")
        .expect("the call");
    let seed: u64 = main
        .get_attribute("data-seed")
        .and_then(|s| s.parse().ok())
        .expect("the call's seed");
    assert_eq!(main.get_attribute("data-level").as_deref(), Some("normal"));
    let catalogue = Catalogue::shipped();
    let id = catalogue.principle_at(index).expect("a principle");
    let session = play(
        catalogue,
        Policy::Principled,
        Settings {
            seed,
            difficulty: Difficulty::Normal,
        },
    );
    assert!(
        at_stake(&session).contains(&id),
        "seed {seed} does not test {}",
        catalogue.principle(id).key
    );
    root.remove();
    clear();
}
