//! Offline: `assets/offline.js` registers the service worker (`build/sw.js`)
//! and says when a new version is installed and waiting; the app offers it
//! and, when the trainee chooses, asks for it. Done in a small script rather
//! than here so the WebAssembly, which every start waits for, stays small.

/// Dispatched on `window` by `offline.js` when a new version is waiting.
pub const UPDATE_READY: &str = "dojo-update-ready";
/// Dispatched on `window` by the app: let the waiting version take over.
const TAKE_OVER: &str = "dojo-take-over";

/// Lets the waiting version take over; the page then reloads into it.
pub fn take_over() {
    if let (Some(window), Ok(event)) = (web_sys::window(), web_sys::Event::new(TAKE_OVER)) {
        let _ = window.dispatch_event(&event);
    }
}
