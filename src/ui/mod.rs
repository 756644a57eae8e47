//! The Yew shell: routing, screens, and the one module that touches storage.
//!
//! The shell renders what the core computes and does all I/O. Screens receive
//! data and callbacks as props; the catalogue is a static validated at build
//! time (`Catalogue::shipped()`), read directly because nothing writes it.

mod files;
mod home;
mod not_found;
mod practice;
mod principles;
mod progress;
mod review;
pub mod router;
pub mod storage;

use std::rc::Rc;

use gloo_events::EventListener;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::core::progress::{Attempt, Progress};

pub use router::{Link, Route, Router};

/// Mounts the app on `<body>`.
pub fn start() {
    yew::Renderer::<App>::new().render();
}

/// The whole app in the browser's history.
#[function_component(App)]
pub fn app() -> Html {
    // Marks the moment the first screen is in the DOM, for `cargo xtask bench`.
    use_effect_with((), |_| {
        if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
            let _ = performance.mark("dojo-rendered");
        }
    });
    html! {
        <Router>
            <Screens />
        </Router>
    }
}

/// A change to the progress kept in this tab, after it was saved.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// Saved (possibly merged with another tab's or an imported file's
    /// attempts): merged into this tab's copy, so nothing is dropped.
    Merge(Progress),
    /// Reset here or in another tab.
    Clear,
}

/// The one copy of progress in this tab.
#[derive(Debug, Clone, Default, PartialEq)]
struct Kept(Rc<Progress>);

impl Reducible for Kept {
    type Action = Change;
    fn reduce(self: Rc<Self>, change: Change) -> Rc<Self> {
        Rc::new(Kept(Rc::new(match change {
            Change::Merge(p) => self.0.merge(&p),
            Change::Clear => Progress::default(),
        })))
    }
}

/// Something the trainee must know about their data, with the backup key to
/// offer for download when the saved copy was damaged.
#[derive(Debug, Clone, PartialEq)]
struct Notice {
    text: String,
    backup: Option<&'static str>,
}

impl Notice {
    fn of(what: &str, e: &storage::StorageError) -> Notice {
        let backup = match e {
            storage::StorageError::Unreadable { backup_key }
            | storage::StorageError::UnknownVersion { backup_key, .. } => Some(*backup_key),
            _ => None,
        };
        Notice {
            text: format!("{what}: {e}."),
            backup,
        }
    }
}

/// The app below the router, so tests can mount it in a memory history.
#[function_component(Screens)]
pub fn screens() -> Html {
    // Loaded once; a damaged saved copy has been kept aside by `storage`, and
    // the user is told rather than left with a silently empty list.
    let loaded = use_memo((), |_| (storage::load_study(), storage::load_progress()));
    let study = use_state(|| loaded.0.clone().unwrap_or_default());
    let kept = use_reducer(|| Kept(Rc::new(loaded.1.clone().unwrap_or_default())));
    let notices = use_state(|| {
        let mut n = Vec::new();
        if let Err(e) = &loaded.0 {
            n.push(Notice::of("Your reading progress could not be loaded", e));
        }
        if let Err(e) = &loaded.1 {
            n.push(Notice::of("Your call progress could not be loaded", e));
        }
        n
    });
    let notify = {
        let notices = notices.clone();
        Callback::from(move |notice: Notice| {
            let mut next = (*notices).clone();
            next.push(notice);
            notices.set(next);
        })
    };

    // Another tab saved or reset progress: take its calls in, so neither
    // tab's next save drops the other's.
    {
        let dispatcher = kept.dispatcher();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|w| {
                EventListener::new(&w, "storage", move |event| {
                    let Some(event) = event.dyn_ref::<web_sys::StorageEvent>() else {
                        return;
                    };
                    if event.key().as_deref() != Some(storage::PROGRESS_KEY) {
                        return;
                    }
                    match event.new_value() {
                        None => dispatcher.dispatch(Change::Clear),
                        Some(_) => {
                            if let Ok(p) = storage::load_progress() {
                                dispatcher.dispatch(Change::Merge(p));
                            }
                        }
                    }
                })
            });
            move || drop(listener)
        });
    }

    let on_read = {
        let study = study.clone();
        let notify = notify.clone();
        Callback::from(move |key: String| {
            let mut next = (*study).clone();
            if next.mark_read(&key) {
                if let Err(e) = storage::save_study(&next) {
                    notify.emit(Notice::of("Your reading progress could not be saved", &e));
                }
                study.set(next);
            }
        })
    };

    let on_finished = {
        let kept = kept.clone();
        let notify = notify.clone();
        Callback::from(move |attempt: Attempt| {
            let mut next = (*kept.0).clone();
            next.record(attempt);
            match storage::save_progress(&next) {
                Ok((merged, how)) => {
                    if let storage::Saved::Folded(n) = how {
                        notify.emit(Notice {
                            text: format!("Storage was full, so your {n} oldest calls were folded into totals: every figure still counts them, but they can no longer be reopened. Export your progress to keep them whole."),
                            backup: None,
                        });
                    }
                    kept.dispatch(Change::Merge(merged));
                }
                Err(e) => {
                    // Kept in this tab, so an export can still save it.
                    kept.dispatch(Change::Merge(next));
                    notify.emit(Notice::of(
                        "This call could not be saved (it is kept until you close this tab; export your progress to keep it)",
                        &e,
                    ));
                }
            }
        })
    };
    let on_change = kept.dispatcher().to_callback();

    let navigation = router::use_navigation();
    let route = navigation.route.clone();
    // Replaying the same call remounts it under a new key.
    let replays = use_state(|| 0u32);
    let on_replay = {
        let replays = replays.clone();
        Callback::from(move |()| replays.set(*replays + 1))
    };
    use_effect_with(route.clone(), move |route| {
        if let Route::Practice { seed: None, level } = route {
            // A fresh call: a seed from the browser's randomness (the shell
            // may use it; the core only ever receives the seed).
            let seed = (js_sys::Math::random() * 1_000_000_000.0) as u64;
            navigation.navigate.emit(Route::Practice {
                seed: Some(seed),
                level: *level,
            });
        }
    });
    let screen = match route {
        Route::Home => html! { <home::Home /> },
        Route::Principles => html! {
            <principles::PrinciplesList study={(*study).clone()} />
        },
        Route::Principle { key } => html! {
            <principles::PrinciplePage slug={key} {on_read} />
        },
        Route::Practice {
            seed: Some(seed),
            level,
        } => {
            let generation = *replays;
            html! {
                <practice::Practice key={format!("{seed}-{}-{generation}", level.key())} {seed} {level} {on_replay} {on_finished} />
            }
        }
        // No seed yet: the effect above picks one and puts it in the URL.
        Route::Practice { seed: None, .. } => html! {},
        Route::Progress => html! {
            <progress::ProgressScreen progress={kept.0.clone()} {on_change} />
        },
        Route::Past {
            seed,
            level,
            choices,
        } => {
            let key = format!("{seed}-{}-{choices}", level.key());
            html! { <review::PastCall {key} {seed} {level} choices={choices} /> }
        }
        Route::NotFound => html! { <not_found::NotFound /> },
    };

    html! {
        <>
            <a class="skip-link" href="#main">{ "Skip to content" }</a>
            <header class="site-header">
                <nav aria-label="Main">
                    <Link to={Route::Home} classes="brand">{ "Callback Dojo" }</Link>
                    <Link to={Route::Principles}>{ "Principles" }</Link>
                    <Link to={Route::Progress}>{ "Progress" }</Link>
                </nav>
            </header>
            { for notices.iter().enumerate().map(|(i, n)| {
                let notices = notices.clone();
                let dismiss = Callback::from(move |_| {
                    let mut next = (*notices).clone();
                    next.remove(i);
                    notices.set(next);
                });
                let download = n.backup.map(|key| Callback::from(move |_| {
                    if let Some(text) = storage::backup(key) {
                        let _ = files::download("callback-dojo-backup.json", &text);
                    }
                }));
                html! {
                    <div class="notice" role="alert">
                        <p>{ n.text.clone() }</p>
                        if let Some(download) = download {
                            <button type="button" class="button secondary small" onclick={download}>{ "Download the saved copy" }</button>
                        }
                        <button type="button" class="button secondary small" onclick={dismiss}>{ "Dismiss" }</button>
                    </div>
                }
            }) }
            { screen }
            <footer class="site-footer">
                <p>{ "Works offline. Your progress stays in this browser." }</p>
            </footer>
        </>
    }
}

/// Now, in seconds since the epoch, and the local offset in minutes east of
/// UTC: the shell's clock, passed to the core.
pub fn now() -> (u64, i16) {
    let date = js_sys::Date::new_0();
    (
        (date.get_time() / 1000.0) as u64,
        -(date.get_timezone_offset() as i16),
    )
}

/// Sets the document title and reports the screen on `<main>`, for the
/// benefit of screen readers, bookmarks and the end-to-end tests.
#[hook]
pub fn use_title(title: String) {
    use_effect_with(title, |title| {
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            document.set_title(&format!("{title} · Callback Dojo"));
        }
    });
}
