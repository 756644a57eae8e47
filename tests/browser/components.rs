//! Screens mounted into the real DOM under a memory history.

use callback_dojo::core::catalogue::Catalogue;
use callback_dojo::ui::storage::{BACKUP_PREFIX, STUDY_KEY};
use callback_dojo::ui::{Route, Router, Screens};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;
use yew::prelude::*;

use crate::{document, local_storage, reset_storage, wait_until};

#[derive(Properties, PartialEq)]
struct AtProps {
    path: AttrValue,
}

/// The app's screens, starting at `path`, without touching the page URL.
#[function_component(At)]
fn at(props: &AtProps) -> Html {
    html! { <Router memory={Some(Route::parse(&props.path))}><Screens /></Router> }
}

thread_local! {
    /// The app mounted last: one at a time, as on a real page (the router
    /// listens on the whole document, so an app left running would take
    /// the next test's link clicks).
    static MOUNTED: std::cell::RefCell<Option<yew::AppHandle<At>>> = const { std::cell::RefCell::new(None) };
}

/// Mounts the app at `path` in a fresh element and returns that element,
/// after unmounting the app of the test before.
pub fn mount(path: &str) -> web_sys::Element {
    if let Some(previous) = MOUNTED.with(|m| m.borrow_mut().take()) {
        previous.destroy();
    }
    let root = document().create_element("div").expect("div");
    document()
        .body()
        .expect("body")
        .append_child(&root)
        .expect("append");
    let handle = yew::Renderer::<At>::with_root_and_props(
        root.clone(),
        AtProps {
            path: path.to_string().into(),
        },
    )
    .render();
    MOUNTED.with(|m| *m.borrow_mut() = Some(handle));
    root
}

pub fn heading(root: &web_sys::Element) -> Option<String> {
    root.query_selector("main[data-screen] h1")
        .ok()
        .flatten()
        .and_then(|h| h.text_content())
}

pub fn count(root: &web_sys::Element, css: &str) -> u32 {
    root.query_selector_all(css)
        .map(|l| l.length())
        .unwrap_or(0)
}

#[wasm_bindgen_test]
async fn the_principles_screen_lists_every_principle_by_group() {
    let catalogue = Catalogue::shipped();
    let root = mount("/principles");
    wait_until("the principles heading", || {
        heading(&root).as_deref() == Some("Principles")
    })
    .await;
    assert_eq!(
        count(&root, "li.principle-item"),
        catalogue.principles().len() as u32
    );
    assert_eq!(
        count(&root, "section.principle-group"),
        catalogue.groups().len() as u32
    );
    assert_eq!(count(&root, "h1"), 1, "one h1 per screen");
    // Each principle links to its own page by id.
    let link = root
        .query_selector("li#oomph a")
        .expect("query")
        .expect("oomph link");
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some("/principles/oomph")
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn opening_a_principle_shows_it_and_records_it_as_read() {
    reset_storage();
    let storage = local_storage();
    let catalogue = Catalogue::shipped();
    let id = catalogue.principle_by_key("book-it-now").expect("exists");
    let title = catalogue.principle(id).title.clone();

    // One principle read on an earlier visit: opening another keeps it
    // (the page is marked read only once the earlier reads are loaded).
    let mut earlier = callback_dojo::core::study::StudyLog::default();
    earlier.mark_read("oomph");
    callback_dojo::ui::storage::save_study(&earlier).expect("saved");
    let root = mount("/principles/book-it-now");
    wait_until("the principle's title", || {
        heading(&root).as_deref() == Some(title.as_ref())
    })
    .await;
    // book-it-now takes part in disagreements (calendar now vs no assumptive
    // close; book now vs ask why then), which the page must all show.
    let disagreements = catalogue.disagreements_about(id).count();
    assert!(disagreements >= 1);
    assert_eq!(count(&root, "section.disagreement") as usize, disagreements);
    wait_until("the read mark in storage", || {
        storage
            .get_item(STUDY_KEY)
            .ok()
            .flatten()
            .is_some_and(|t| t.contains("book-it-now"))
    })
    .await;
    let stored = storage
        .get_item(STUDY_KEY)
        .ok()
        .flatten()
        .unwrap_or_default();
    assert!(
        stored.contains("oomph"),
        "the earlier read was lost: {stored}"
    );
    root.remove();
    storage.remove_item(STUDY_KEY).expect("remove");
}

#[wasm_bindgen_test]
async fn damaged_saved_progress_is_reported_not_hidden() {
    reset_storage();
    let storage = local_storage();
    storage.set_item(STUDY_KEY, "not json").expect("set");
    let root = mount("/");
    wait_until("the alert", || count(&root, "[role=alert]") == 1).await;
    let alert = root
        .query_selector("[role=alert]")
        .expect("q")
        .expect("alert")
        .text_content()
        .unwrap_or_default();
    assert!(
        alert.contains("reading progress could not be loaded"),
        "{alert}"
    );
    assert!(alert.contains("Download the copy"), "{alert}");
    let backup = (0..storage.length().expect("length"))
        .filter_map(|i| storage.key(i).ok().flatten())
        .find(|k| k.starts_with(BACKUP_PREFIX))
        .expect("a backup key");
    assert_eq!(
        storage.get_item(&backup).expect("get").as_deref(),
        Some("not json")
    );
    root.remove();
    reset_storage();
}

#[wasm_bindgen_test]
async fn an_unknown_principle_id_says_so() {
    let root = mount("/principles/no-such-thing");
    wait_until("the not-found heading", || {
        heading(&root).as_deref() == Some("Principle not found")
    })
    .await;
    root.remove();
}

#[wasm_bindgen_test]
fn routes_parse_and_print_each_other() {
    for route in [
        Route::Home,
        Route::Principles,
        Route::Principle {
            key: "oomph".to_string(),
        },
    ] {
        assert_eq!(Route::parse(&route.to_path()), route);
    }
    assert_eq!(Route::parse("/principles/"), Route::Principles);
    assert_eq!(
        Route::parse("/principles/oomph?x=1#y"),
        Route::Principle {
            key: "oomph".to_string()
        }
    );
    assert_eq!(Route::parse("/principles/a/b"), Route::NotFound);
    assert_eq!(Route::parse("/nowhere"), Route::NotFound);
}

#[wasm_bindgen_test]
async fn a_link_click_changes_the_screen_in_place() {
    let root = mount("/principles");
    wait_until("the principles heading", || {
        heading(&root).as_deref() == Some("Principles")
    })
    .await;
    let link: web_sys::HtmlElement = root
        .query_selector("li#disqualify a")
        .expect("query")
        .expect("link")
        .dyn_into()
        .expect("an HTML element");
    link.click();
    let title = Catalogue::shipped()
        .principle_by_key("disqualify")
        .map(|id| Catalogue::shipped().principle(id).title.to_string())
        .expect("exists");
    wait_until("the principle page", || {
        heading(&root).as_deref() == Some(title.as_str())
    })
    .await;
    root.remove();
}

/// Sets the diagnosis's confidence slider as a drag would: its value, then
/// an input event that bubbles to the app.
pub fn set_confidence(root: &web_sys::Element, value: u8) {
    let input: web_sys::HtmlInputElement = root
        .query_selector("#confidence")
        .expect("query")
        .expect("a confidence slider")
        .dyn_into()
        .expect("an input");
    input.set_value(&value.to_string());
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let event = web_sys::Event::new_with_event_init_dict("input", &init).expect("an event");
    input.dispatch_event(&event).expect("dispatched");
}

pub fn click(root: &web_sys::Element, css: &str) {
    let el: web_sys::HtmlElement = root
        .query_selector(css)
        .expect("query")
        .unwrap_or_else(|| panic!("nothing matches {css}"))
        .dyn_into()
        .expect("an HTML element");
    el.click();
}

fn phase(root: &web_sys::Element) -> String {
    root.query_selector("main[data-phase]")
        .ok()
        .flatten()
        .and_then(|m| m.get_attribute("data-phase"))
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn the_call_screen_renders_the_options_of_the_observation() {
    use callback_dojo::core::sim::{Difficulty, Session, Settings};
    let session = Session::new(
        Catalogue::shipped(),
        Settings {
            seed: 7,
            difficulty: Difficulty::Normal,
        },
    );
    let root = mount("/practice?seed=7&level=normal");
    wait_until("the call screen", || count(&root, "button.option") > 0).await;
    let shown: Vec<String> = (0..count(&root, ".option-text"))
        .map(|i| {
            root.query_selector_all(".option-text")
                .expect("query")
                .item(i)
                .and_then(|n| n.text_content())
                .unwrap_or_default()
        })
        .collect();
    let expected: Vec<String> = session
        .options()
        .iter()
        .map(|&o| session.option_text(o))
        .collect();
    assert_eq!(shown, expected);
    assert_eq!(phase(&root), "opener");
    root.remove();
}

#[wasm_bindgen_test]
async fn feedback_shows_after_a_choice_and_can_be_held() {
    let root = mount("/practice?seed=7&level=normal");
    wait_until("the options", || count(&root, "button.option") > 0).await;
    assert_eq!(
        count(&root, "aside.feedback"),
        0,
        "no feedback before any choice"
    );
    click(&root, "button.option");
    wait_until("the diagnosis step", || phase(&root) == "diagnosis").await;
    assert_eq!(
        count(&root, "aside.feedback"),
        1,
        "feedback after the first choice"
    );
    click(&root, ".settings input[type=checkbox]");
    wait_until("feedback held", || count(&root, "aside.feedback") == 0).await;
    // Held feedback stays held through the next step.
    click(&root, "button.truth");
    wait_until("a truth selected", || {
        count(&root, "button.truth.selected") == 1
    })
    .await;
    // The confidence starts unset: Continue waits for it.
    click(&root, "button.continue");
    assert_eq!(phase(&root), "diagnosis", "no reading without a confidence");
    set_confidence(&root, 70);
    wait_until("a confidence set", || {
        count(&root, "label.confidence.unset") == 0
    })
    .await;
    click(&root, "button.continue");
    wait_until("the response step", || phase(&root) == "respond").await;
    assert_eq!(count(&root, "aside.feedback"), 0);
    root.remove();
}
