//! The crash screen, from a real panic: the app's hook is in place (Yew
//! would otherwise replace it with its own, console only) and a panic in a
//! task of its own, as in an event handler, brings up the message. In a page
//! of its own: after a panic the instance stays "panicking" for good.

#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use wasm_bindgen::JsCast;
use wasm_bindgen_test::wasm_bindgen_test;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[yew::function_component(Blank)]
fn blank() -> yew::Html {
    yew::Html::default()
}

#[wasm_bindgen_test]
async fn a_panic_brings_up_the_crash_screen() {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .expect("a document");
    // As the app starts: the hook, then Yew's renderer (which replaces any
    // hook not set through it). Into a div of its own: the test page's body
    // belongs to the test runner.
    callback_dojo::ui::crash::install();
    let root = document.create_element("div").expect("div");
    document
        .body()
        .expect("body")
        .append_child(&root)
        .expect("append");
    yew::Renderer::<Blank>::with_root(root).render();
    let boom = wasm_bindgen::closure::Closure::once_into_js(|| -> () {
        // Decided at run time, so the closure's type is not `!`.
        if js_sys::Math::random() < 2.0 {
            panic!("forced by the test of the crash screen");
        }
    });
    web_sys::window()
        .expect("window")
        .set_timeout_with_callback(boom.unchecked_ref())
        .expect("a timer");
    for _ in 0..400 {
        if document.get_element_by_id("crash").is_some() {
            break;
        }
        yew::platform::time::sleep(Duration::from_millis(5)).await;
    }
    let panel = document
        .get_element_by_id("crash")
        .expect("the crash screen");
    let text = panel.text_content().unwrap_or_default();
    assert!(text.contains("stopped working"), "{text}");
    assert!(panel.query_selector("a[href]").ok().flatten().is_some());
}
