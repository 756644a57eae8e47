//! Offline: `assets/offline.js` registers the service worker (`build/sw.js`)
//! and says when a new version is installed and waiting; the app offers it
//! and, when the trainee chooses, asks for it. Done in a small script rather
//! than here so the WebAssembly, which every start waits for, stays small.

/// Dispatched on `window` by `offline.js` when a new version is waiting.
pub const UPDATE_READY: &str = "dojo-update-ready";
/// Dispatched on `window` by `offline.js` when another tab took it.
pub const UPDATE_TAKEN: &str = "dojo-update-taken";

/// A new version, as `offline.js` last said.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Update {
    /// Installed and waiting: this page can take it.
    Ready,
    /// Another tab took it: this page runs the old version until it reloads.
    Taken,
}

/// What `offline.js` has said so far (it leaves it on the root element,
/// so an app that starts listening after the event still knows).
pub fn update() -> Option<Update> {
    let state = web_sys::window()?
        .document()?
        .document_element()?
        .get_attribute("data-update")?;
    match state.as_str() {
        "ready" => Some(Update::Ready),
        "taken" => Some(Update::Taken),
        _ => None,
    }
}
/// Dispatched on `window` by the app: let the waiting version take over.
const TAKE_OVER: &str = "dojo-take-over";

/// Lets the waiting version take over, or, when another tab already took
/// it, reloads; the page then runs the new version.
pub fn take_over() {
    if let (Some(window), Ok(event)) = (web_sys::window(), web_sys::Event::new(TAKE_OVER)) {
        let _ = window.dispatch_event(&event);
    }
}
