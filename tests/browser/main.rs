//! Browser tests: wasm-bindgen-test in headless Chromium.
//!
//! Run by `cargo xtask test` as
//! `cargo test --target wasm32-unknown-unknown --test browser`; natively this
//! file compiles to nothing. They cover what only a real browser can: local
//! storage, and components mounted into a real DOM.

#![cfg(target_arch = "wasm32")]

mod components;
mod drills;
mod kept;
mod nothing_lost;
mod progress;
mod sim;
mod storage;

use std::time::Duration;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// Waits (yielding to the browser between checks) until `ready` holds, for at
/// most about two seconds; a test that never gets there fails with `what`.
pub async fn wait_until(what: &str, mut ready: impl FnMut() -> bool) {
    for _ in 0..400 {
        if ready() {
            return;
        }
        yew::platform::time::sleep(Duration::from_millis(5)).await;
    }
    panic!("timed out waiting for {what}");
}

pub fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("a browser document")
}

/// Empties everything the app keeps (progress, reading, backups, settings)
/// and this tab's copy of progress, so each test starts from nothing.
pub fn reset_storage() {
    let s = local_storage();
    let n = s.length().expect("length");
    let keys: Vec<String> = (0..n)
        .filter_map(|i| s.key(i).ok().flatten())
        .filter(|k| k.starts_with("callback-dojo."))
        .collect();
    for k in keys {
        s.remove_item(&k).expect("remove");
    }
    callback_dojo::ui::storage::forget_tab_copy();
}

/// A call played by the random player, as recorded when it finished at
/// `finished_at` (UTC).
pub fn played_call(seed: u64, finished_at: u64) -> callback_dojo::core::progress::Attempt {
    use callback_dojo::core::sim::{Difficulty, Settings};
    let session = callback_dojo::core::sim::policy::play(
        callback_dojo::core::catalogue::Catalogue::shipped(),
        callback_dojo::core::sim::policy::Policy::Random,
        Settings {
            seed,
            difficulty: Difficulty::Normal,
        },
    );
    callback_dojo::core::progress::Attempt::of(&session, finished_at, 0)
}

/// One call per seed, ten minutes apart from `from`.
pub fn played_calls(
    seeds: std::ops::Range<u64>,
    from: u64,
) -> callback_dojo::core::progress::Progress {
    let mut p = callback_dojo::core::progress::Progress::default();
    for seed in seeds {
        p.record(played_call(seed, from + seed * 600));
    }
    p
}

/// Stands for the next page of this tab (a reload, or another bundle):
/// nothing in memory, the session kept.
pub fn new_page() {
    callback_dojo::ui::storage::start_page();
}

/// The progress in local storage, as this app reads it.
pub fn stored_progress() -> callback_dojo::core::progress::Progress {
    let text = local_storage()
        .get_item(callback_dojo::ui::storage::PROGRESS_KEY)
        .expect("get")
        .unwrap_or_default();
    callback_dojo::core::saved::decode_progress(&text).expect("stored progress reads")
}

/// Tells this page that another tab wrote the progress (`None`: removed it),
/// as the browser does for real writes from other tabs only.
pub fn storage_event(new_value: Option<&str>) {
    let new_value = new_value.map_or("null".to_string(), |_| "'x'".to_string());
    js_sys::eval(&format!(
        "window.dispatchEvent(new StorageEvent('storage', {{ key: '{}', newValue: {new_value} }}))",
        callback_dojo::ui::storage::PROGRESS_KEY
    ))
    .expect("dispatch");
}

pub fn local_storage() -> web_sys::Storage {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .expect("local storage")
}

/// Fills the origin's storage quota with ever smaller chunks until even
/// 1 kB does not fit, then frees about `free` bytes; returns the keys of
/// the chunks left, for `free_quota`.
pub fn fill_quota_leaving(free: usize) -> Vec<String> {
    let storage = local_storage();
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
    while freed < free {
        let Some((key, size)) = fillers.pop() else {
            break;
        };
        storage.remove_item(&key).expect("remove");
        freed += size;
    }
    fillers.into_iter().map(|(k, _)| k).collect()
}

/// Removes what `fill_quota_leaving` wrote.
pub fn free_quota(keys: &[String]) {
    for key in keys {
        local_storage().remove_item(key).expect("remove");
    }
}
