//! When the app cannot go on (a panic, or memory that cannot grow): a plain
//! message with the two ways out that need no app state, downloading the
//! saved progress exactly as stored, and reloading.
//!
//! Built with the DOM directly, not Yew: the app's own state may be what
//! failed. No event handlers either: the download is a link to a blob of the
//! stored text and reload is a link to the current address, so they work
//! even if no more WebAssembly can run.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use super::{files, storage};

thread_local! {
    static SHOWN: Cell<bool> = const { Cell::new(false) };
}

/// Shows the message on any panic from now on. Through Yew, which would
/// otherwise put its own hook (console only) in place when the app renders.
pub fn install() {
    yew::set_custom_panic_hook(Box::new(|info| {
        // For whoever opens the console: what failed, and where.
        web_sys::console::error_1(&info.to_string().into());
        show();
    }));
}

/// Replaces the page with the message; shown once, whatever fails after.
pub fn show() {
    if SHOWN.with(|s| s.replace(true)) {
        return;
    }
    let _ = build();
}

/// Takes the message down again (for tests).
pub fn hide() {
    SHOWN.with(|s| s.set(false));
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        if let Some(el) = document.get_element_by_id("crash") {
            el.remove();
        }
        if let Some(body) = document.body() {
            let _ = body.class_list().remove_1("crashed");
        }
    }
}

fn build() -> Option<()> {
    let window = web_sys::window()?;
    let document = window.document()?;
    let body = document.body()?;
    let element = |tag: &str, text: &str| -> Option<web_sys::Element> {
        let el = document.create_element(tag).ok()?;
        el.set_text_content(Some(text));
        Some(el)
    };
    let node = |el: web_sys::Element| -> web_sys::Node { el.into() };
    let panel = document.create_element("div").ok()?;
    panel.set_id("crash");
    panel.set_class_name("crash");
    let _ = panel.set_attribute("role", "alert");
    panel
        .append_child(&node(element("h1", "Callback Dojo stopped working")?))
        .ok()?;
    panel
        .append_child(&node(element(
            "p",
            "Something went wrong and this page cannot go on. Your saved progress has not been changed.",
        )?))
        .ok()?;
    let actions = document.create_element("p").ok()?;
    match storage::raw_progress().and_then(|text| files::json_blob_url(&text)) {
        Some(url) => {
            let download = element("a", "Download your saved progress")?;
            let _ = download.set_attribute("href", &url);
            let _ = download.set_attribute("download", "callback-dojo-progress-as-saved.json");
            download.set_class_name("button");
            actions.append_child(&download).ok()?;
        }
        None => {
            actions
                .append_child(&node(element(
                    "span",
                    "No progress is saved in this browser yet. ",
                )?))
                .ok()?;
        }
    }
    let reload = element("a", "Reload the page")?;
    let here = window.location().href().unwrap_or_else(|_| "/".to_string());
    let _ = reload.set_attribute("href", &here);
    reload.set_class_name("button secondary");
    actions.append_child(&reload).ok()?;
    panel.append_child(&actions).ok()?;
    body.prepend_with_node_1(&panel).ok()?;
    // The stylesheet hides everything else while this is shown.
    body.class_list().add_1("crashed").ok()?;
    Some(())
}

/// The system allocator, with the message shown when memory runs out: out
/// of memory aborts without calling the panic hook, and would otherwise
/// leave a blank page.
pub struct Guarded;

unsafe impl GlobalAlloc for Guarded {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if p.is_null() {
            show();
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(layout) };
        if p.is_null() {
            show();
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if p.is_null() {
            show();
        }
        p
    }
}

// Only in the browser: native builds (tests, the prerenderer) keep the
// system allocator as it is.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: Guarded = Guarded;
