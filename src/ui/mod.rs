//! The Yew shell: routing, screens, and the one module that touches storage.
//!
//! The shell renders what the core computes and does all I/O. Screens receive
//! data and callbacks as props; the catalogue is a static validated at build
//! time (`Catalogue::shipped()`), read directly because nothing writes it.

mod home;
mod not_found;
mod practice;
mod principles;
mod review;
pub mod router;
pub mod storage;

use yew::prelude::*;

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

/// The app below the router, so tests can mount it in a memory history.
#[function_component(Screens)]
pub fn screens() -> Html {
    // Loaded once; a damaged saved copy has been kept aside by `storage`, and
    // the user is told rather than left with a silently empty list.
    let loaded = use_memo((), |_| storage::load_study());
    let study = use_state(|| loaded.as_ref().clone().unwrap_or_default());
    let notice = use_state(|| {
        loaded
            .as_ref()
            .as_ref()
            .err()
            .map(|e| format!("Your reading progress could not be loaded: {e}."))
    });

    let on_read = {
        let study = study.clone();
        let notice = notice.clone();
        Callback::from(move |key: String| {
            let mut next = (*study).clone();
            if next.mark_read(&key) {
                if let Err(e) = storage::save_study(&next) {
                    notice.set(Some(format!(
                        "Your reading progress could not be saved: {e}"
                    )));
                }
                study.set(next);
            }
        })
    };

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
                <practice::Practice key={format!("{seed}-{}-{generation}", level.key())} {seed} {level} on_replay={on_replay.clone()} />
            }
        }
        // No seed yet: the effect above picks one and puts it in the URL.
        Route::Practice { seed: None, .. } => html! {},
        Route::NotFound => html! { <not_found::NotFound /> },
    };

    html! {
        <>
            <a class="skip-link" href="#main">{ "Skip to content" }</a>
            <header class="site-header">
                <nav aria-label="Main">
                    <Link to={Route::Home} classes="brand">{ "Callback Dojo" }</Link>
                    <Link to={Route::Principles}>{ "Principles" }</Link>
                </nav>
            </header>
            if let Some(message) = (*notice).clone() {
                <div class="notice" role="alert">{ message }</div>
            }
            { screen }
            <footer class="site-footer">
                <p>{ "Works offline. Your progress stays in this browser." }</p>
            </footer>
        </>
    }
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
