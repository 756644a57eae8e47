//! Drills in the real DOM and local storage: a card answered, revealed and
//! rated with the keyboard shortcuts; the queue rebuilt from stored reviews
//! (the right cards due on the right day); a format-3 file migrated by the
//! first drill saved on top of it; the cue drill's rounds kept.

use callback_dojo::core::catalogue::Catalogue;
use callback_dojo::core::drill::fsrs::Rating;
use callback_dojo::core::drill::log::Review;
use callback_dojo::core::merge::local_day;
use callback_dojo::core::progress::Progress;
use callback_dojo::core::saved::{encode_progress, PROGRESS_VERSION};
use callback_dojo::ui::storage::PROGRESS_KEY;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;

use crate::components::mount;
use crate::{document, local_storage, reset_storage, stored_progress, wait_until};

fn now() -> (u64, i16) {
    let date = js_sys::Date::new_0();
    (
        (date.get_time() / 1000.0) as u64,
        -(date.get_timezone_offset() as i16),
    )
}

fn attr(root: &web_sys::Element, css: &str, name: &str) -> Option<String> {
    root.query_selector(css)
        .ok()
        .flatten()
        .and_then(|e| e.get_attribute(name))
}

fn key(k: &str, ctrl: bool) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(k);
    init.set_ctrl_key(ctrl);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event =
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).expect("event");
    let target: web_sys::EventTarget = document()
        .active_element()
        .map(|e| e.unchecked_into())
        .unwrap_or_else(|| web_sys::window().expect("window").unchecked_into());
    target.dispatch_event(&event).expect("dispatch");
}

/// Clicks the first element matching `css` whose text contains `text`.
fn click(root: &web_sys::Element, css: &str, text: &str) {
    let all = root.query_selector_all(css).expect("query");
    let el: web_sys::HtmlElement = (0..all.length())
        .filter_map(|i| all.item(i))
        .find(|n| n.text_content().unwrap_or_default().contains(text))
        .unwrap_or_else(|| panic!("no {css} with {text:?}"))
        .unchecked_into();
    el.click();
}

fn type_answer(root: &web_sys::Element, text: &str) {
    let area: web_sys::HtmlTextAreaElement = root
        .query_selector("#drill-answer")
        .expect("query")
        .expect("answer box")
        .unchecked_into();
    area.set_value(text);
    let event = web_sys::InputEvent::new("input").expect("input event");
    area.dispatch_event(&event).expect("dispatch");
    area.focus().expect("focus");
}

#[wasm_bindgen_test]
async fn a_card_is_answered_revealed_and_rated_with_the_keyboard() {
    reset_storage();
    let catalogue = Catalogue::shipped();
    let root = mount("/drills");
    wait_until("today's queue", || {
        attr(&root, "[data-new]", "data-new").is_some()
    })
    .await;
    assert_eq!(attr(&root, "[data-new]", "data-new").as_deref(), Some("8"));
    assert_eq!(attr(&root, "[data-due]", "data-due").as_deref(), Some("0"));
    click(&root, "button", "Start");
    wait_until("the first card", || {
        attr(&root, "article.drill-card", "data-stage").as_deref() == Some("answer")
    })
    .await;
    let first = attr(&root, "article.drill-card", "data-card").expect("card key");
    let order = callback_dojo::core::drill::study_order(catalogue.cards());
    let nth = |k: usize| &catalogue.cards()[order[k]];
    assert_eq!(first, nth(0).key.as_ref(), "new cards in study order");
    type_answer(&root, "Is this a good time? I'll call you Thursday at 10.");
    key("Enter", true);
    wait_until("the reveal", || {
        attr(&root, "article.drill-card", "data-stage").as_deref() == Some("reveal")
    })
    .await;
    // The typed answer is shown with its hints marked; the rubric is there.
    assert!(root
        .query_selector("p.your-answer mark")
        .ok()
        .flatten()
        .is_some());
    assert_eq!(
        root.query_selector_all(".rubric input[type=checkbox]")
            .expect("query")
            .length() as usize,
        nth(0).checks.len()
    );
    // Tick the first check, then rate Good with the key 3.
    click(&root, ".rubric input[type=checkbox]", "");
    // The reveal is ready for keys once it has taken focus (its effects,
    // the key listener among them, have run).
    wait_until("focus on the reveal", || {
        document().active_element().map(|e| e.id()).as_deref() == Some("reveal-heading")
    })
    .await;
    key("3", false);
    wait_until("the next card", || {
        attr(&root, "article.drill-card", "data-card").as_deref() != Some(first.as_str())
    })
    .await;
    assert_eq!(
        attr(&root, "article.drill-card", "data-card").as_deref(),
        Some(nth(1).key.as_ref()),
        "one rating, one card on (reviews kept: {})",
        stored_progress().drills.reviews.len()
    );
    let stored = stored_progress();
    assert_eq!(stored.drills.reviews.len(), 1);
    let r = &stored.drills.reviews[0];
    assert_eq!(
        (r.card.as_str(), r.rating, r.ticked, r.checks as usize),
        (first.as_str(), Rating::Good, 1, nth(0).checks.len())
    );
    root.remove();
    reset_storage();
}

/// Reviews stored as if made on earlier days: the queue of today lists the
/// cards due, most overdue first, then the new ones (fewer those started
/// today).
#[wasm_bindgen_test]
async fn the_queue_is_rebuilt_from_stored_reviews() {
    reset_storage();
    let catalogue = Catalogue::shipped();
    let (at, offset) = now();
    let today = local_day(at, offset);
    let day = 86_400;
    let card = |i: usize| catalogue.cards()[i].key.to_string();
    let review = |i: usize, days_ago: u64, rating: Rating| Review {
        card: card(i),
        at: at - days_ago * day,
        rating,
        ticked: 0,
        checks: 2,
        utc_offset: offset,
    };
    let mut p = Progress::default();
    // Card 0: Again 3 days ago (due 2 days ago). Card 1: Again yesterday
    // (due today). Card 2: Easy yesterday (due in weeks). Card 3: first
    // seen today (counts against today's new cards).
    p.drills.review(review(0, 3, Rating::Again));
    p.drills.review(review(1, 1, Rating::Again));
    p.drills.review(review(2, 1, Rating::Easy));
    p.drills.review(review(3, 0, Rating::Good));
    assert!(p.drills.memories().iter().all(|(_, m)| m.last_day <= today));
    local_storage()
        .set_item(PROGRESS_KEY, &encode_progress(&p))
        .expect("set");
    callback_dojo::ui::storage::forget_tab_copy();

    let root = mount("/drills");
    wait_until("today's queue", || {
        attr(&root, "[data-due]", "data-due").is_some()
    })
    .await;
    assert_eq!(attr(&root, "[data-due]", "data-due").as_deref(), Some("2"));
    assert_eq!(attr(&root, "[data-new]", "data-new").as_deref(), Some("7"));
    click(&root, "button", "Start");
    wait_until("the first card", || {
        attr(&root, "article.drill-card", "data-card").is_some()
    })
    .await;
    assert_eq!(
        attr(&root, "article.drill-card", "data-card"),
        Some(card(0)),
        "the most overdue card first"
    );
    root.remove();
    reset_storage();
}

/// A format-3 file (before drills) in storage: the first drill saved keeps
/// every call and writes the current format.
#[wasm_bindgen_test]
async fn the_format_3_fixture_is_migrated_by_the_first_drill() {
    reset_storage();
    local_storage()
        .set_item(PROGRESS_KEY, include_str!("../fixtures/progress-v3.json"))
        .expect("set");
    callback_dojo::ui::storage::forget_tab_copy();
    let root = mount("/drills");
    wait_until("today's queue", || {
        attr(&root, "[data-new]", "data-new").is_some()
    })
    .await;
    click(&root, "button", "Start");
    wait_until("a card", || {
        attr(&root, "article.drill-card", "data-stage").as_deref() == Some("answer")
    })
    .await;
    click(&root, "button", "Show the model answer");
    wait_until("the reveal", || {
        attr(&root, "article.drill-card", "data-stage").as_deref() == Some("reveal")
    })
    .await;
    click(&root, "button.rating", "Hard");
    wait_until("the review saved", || {
        local_storage()
            .get_item(PROGRESS_KEY)
            .ok()
            .flatten()
            .is_some_and(|t| t.starts_with(&format!("{{\"v\":{PROGRESS_VERSION},")))
    })
    .await;
    let stored = stored_progress();
    assert_eq!(stored.totals().calls, 7, "every call of the old file kept");
    assert_eq!(stored.drills.reviews.len(), 1);
    assert_eq!(stored.drills.reviews[0].rating, Rating::Hard);
    root.remove();
    reset_storage();
}

#[wasm_bindgen_test]
async fn cue_rounds_are_kept_as_they_are_answered() {
    reset_storage();
    let root = mount("/drills/cues");
    wait_until("the first round", || {
        attr(&root, "section.cue-round", "data-round").as_deref() == Some("0")
    })
    .await;
    // The round's key listener is set by an effect after its first
    // render: pressed again until it answers, as a person would.
    wait_until("a reading picked", || {
        let picked = root
            .query_selector("button.truth.selected")
            .ok()
            .flatten()
            .is_some();
        if !picked {
            key("3", false);
        }
        picked
    })
    .await;
    crate::components::set_confidence(&root, 80);
    wait_until("a confidence set", || {
        root.query_selector("label.confidence.unset")
            .ok()
            .flatten()
            .is_none()
    })
    .await;
    key("Enter", false);
    wait_until("the feedback", || {
        root.query_selector("#round-feedback")
            .ok()
            .flatten()
            .is_some()
    })
    .await;
    let stored = stored_progress();
    assert_eq!(stored.drills.cues.len(), 1);
    let seed: u64 = attr(&root, "section.cue-round", "data-seed")
        .and_then(|s| s.parse().ok())
        .expect("seed");
    assert_eq!(stored.drills.cues[0].seed, seed);
    assert_eq!(stored.totals().brier_milli.1, 1, "counted in calibration");
    key("Enter", false);
    wait_until("the second round", || {
        attr(&root, "section.cue-round", "data-round").as_deref() == Some("1")
    })
    .await;
    root.remove();
    reset_storage();
}

/// Storage full of drills: the oldest reviews are folded into their cards'
/// snapshots and the save fits; every card keeps its schedule and every
/// review is still counted.
#[wasm_bindgen_test]
fn full_storage_folds_the_oldest_reviews_and_keeps_every_schedule() {
    reset_storage();
    let mut p = Progress::default();
    // 20 cards, 30 reviews each, two days apart: about 30,000 characters,
    // with about 8,000 left free.
    for c in 0..20u64 {
        for k in 0..30u64 {
            p.drills.review(Review {
                card: format!("a-rather-long-card-key-{c:02}"),
                at: 1_700_000_000 + k * 2 * 86_400 + c,
                rating: Rating::ALL[((c + k) % 4) as usize],
                ticked: 3,
                checks: 2,
                utc_offset: 60,
            });
        }
    }
    let schedule = |p: &Progress| {
        p.drills
            .memories()
            .iter()
            .map(|(k, m)| (k.to_string(), m.due(), m.reps, m.lapses))
            .collect::<Vec<_>>()
    };
    let fillers = crate::fill_quota_leaving(8_000);
    let result = callback_dojo::ui::storage::save_progress(&p);
    crate::free_quota(&fillers);
    let report = result.expect("saves after folding");
    assert!(
        report.progress.drills.reviews.len() < 600,
        "not folded: {} chars fitted in the room left",
        encode_progress(&p).len()
    );
    assert!(!report.progress.drills.folded.is_empty());
    assert_eq!(report.progress.drills.review_count(), 600);
    assert_eq!(schedule(&report.progress), schedule(&p));
    assert_eq!(schedule(&stored_progress()), schedule(&p));
    reset_storage();
}

/// `cargo xtask bench drills`: today's queue from 5,000 cards' histories
/// (about 32,500 reviews over two years) in this browser: from the log in
/// memory (what the screen does on each render) and from the stored text
/// (a reload). Reported, never asserted against a time.
#[wasm_bindgen_test]
#[ignore]
fn bench_queue_of_five_thousand_cards() {
    use callback_dojo::core::drill::log::DrillLog;
    use callback_dojo::core::drill::queue;
    use callback_dojo::core::saved::decode_progress;
    let performance = web_sys::window()
        .and_then(|w| w.performance())
        .expect("performance");
    let keys: Vec<String> = (0..5_000).map(|i| format!("card-{i:04}")).collect();
    let today = 20_800u64;
    let mut reviews = Vec::new();
    for (i, key) in keys.iter().enumerate() {
        // 1 to 12 reviews a card, a day or more apart, ending before today.
        let n = 1 + (i * 7) % 12;
        let mut day = today - 730 + (i % 300) as u64;
        for k in 0..n {
            let rating = Rating::ALL[(i + k * 3) % 4];
            reviews.push(Review {
                card: key.clone(),
                at: day * 86_400 + 3600,
                rating,
                ticked: 1,
                checks: 3,
                utc_offset: 0,
            });
            day += 1 + ((i + k) % 40) as u64;
        }
    }
    let count = reviews.len();
    let log = DrillLog::from_parts(reviews, Vec::new(), Vec::new());
    let text = encode_progress(&Progress {
        drills: log.clone(),
        ..Progress::default()
    });
    let key_refs: Vec<&str> = keys.iter().map(String::as_str).collect();
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (mut from_log, mut from_text) = (Vec::new(), Vec::new());
    let mut due = 0;
    for _ in 0..9 {
        let t0 = performance.now();
        let memories = log.memories();
        let first = log.first_days();
        let q = queue::today(&key_refs, &memories, &first, today, 8);
        let t1 = performance.now();
        let loaded = decode_progress(&text).expect("reads");
        let memories = loaded.drills.memories();
        let first = loaded.drills.first_days();
        let q2 = queue::today(&key_refs, &memories, &first, today, 8);
        let t2 = performance.now();
        assert_eq!(q, q2);
        due = q.len();
        from_log.push(t1 - t0);
        from_text.push(t2 - t1);
    }
    wasm_bindgen_test::console_log!(
        "BENCH drill queue: cards=5000 reviews={count} stored_bytes={} queue_len={due} from_log_ms={:.1} (min {:.1}, max {:.1}) from_stored_text_ms={:.1} (min {:.1}, max {:.1})",
        text.len(),
        median(from_log.clone()),
        from_log.iter().copied().fold(f64::MAX, f64::min),
        from_log.iter().copied().fold(0.0, f64::max),
        median(from_text.clone()),
        from_text.iter().copied().fold(f64::MAX, f64::min),
        from_text.iter().copied().fold(0.0, f64::max),
    );
}
