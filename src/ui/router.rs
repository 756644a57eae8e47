//! A small router: the app's routes, their URLs, and links that navigate
//! without a page load.
//!
//! yew-router did this job at a measured cost of 34 kB of the 120 kB
//! compressed budget (it brings gloo-history, serde_urlencoded and a route
//! matcher); the app has four routes, so this module does it in a page of
//! code. Browser mode follows `window.location` and the History API (deep
//! links and the back button work); memory mode keeps the route in state,
//! for component tests.

use gloo_events::EventListener;
use wasm_bindgen::JsValue;
use yew::prelude::*;

use crate::core::sim::Difficulty;

/// Every screen of the app, with its URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    Home,
    Principles,
    Principle {
        key: String,
    },
    /// A practice call. The seed and level in the URL make the call
    /// shareable and reloadable; no seed means "pick one and put it in the URL".
    Practice {
        seed: Option<u64>,
        level: Difficulty,
    },
    NotFound,
}

impl Route {
    /// The route for a URL path with its query (the fragment is ignored).
    pub fn parse(url: &str) -> Route {
        let url = url.split('#').next().unwrap_or("");
        let (path, query) = url.split_once('?').unwrap_or((url, ""));
        let param = |name: &str| {
            query.split('&').find_map(|pair| {
                pair.strip_prefix(name)
                    .and_then(|rest| rest.strip_prefix('='))
            })
        };
        let trimmed = path.trim_end_matches('/');
        match trimmed {
            "" => Route::Home,
            "/principles" => Route::Principles,
            "/practice" => Route::Practice {
                seed: param("seed").and_then(|s| s.parse().ok()),
                level: param("level")
                    .and_then(Difficulty::from_key)
                    .unwrap_or_default(),
            },
            other => match other.strip_prefix("/principles/") {
                Some(key) if !key.is_empty() && !key.contains('/') => Route::Principle {
                    key: key.to_string(),
                },
                _ => Route::NotFound,
            },
        }
    }

    pub fn to_path(&self) -> String {
        match self {
            Route::Home => "/".to_string(),
            Route::Principles => "/principles".to_string(),
            Route::Principle { key } => format!("/principles/{key}"),
            Route::Practice {
                seed: Some(seed),
                level,
            } => format!("/practice?seed={seed}&level={}", level.key()),
            Route::Practice { seed: None, level } => format!("/practice?level={}", level.key()),
            Route::NotFound => "/404".to_string(),
        }
    }
}

/// What the router gives the components below it.
#[derive(Clone, PartialEq)]
pub struct Navigation {
    pub route: Route,
    pub navigate: Callback<Route>,
}

#[derive(Properties, PartialEq)]
pub struct RouterProps {
    /// Start here and keep the route in memory (tests); None follows the
    /// browser's location and history.
    #[prop_or_default]
    pub memory: Option<Route>,
    pub children: Html,
}

fn location_route() -> Route {
    let location = web_sys::window().map(|w| w.location());
    let path = location
        .as_ref()
        .and_then(|l| l.pathname().ok())
        .unwrap_or_default();
    let search = location
        .as_ref()
        .and_then(|l| l.search().ok())
        .unwrap_or_default();
    Route::parse(&format!("{path}{search}"))
}

/// The full URL of a route on this site, for sharing.
pub fn absolute_url(route: &Route) -> String {
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    format!("{origin}{}", route.to_path())
}

#[function_component(Router)]
pub fn router(props: &RouterProps) -> Html {
    let memory = props.memory.is_some();
    let route = {
        let initial = props.memory.clone();
        use_state(move || initial.unwrap_or_else(location_route))
    };
    {
        // Back and forward buttons.
        let route = route.clone();
        use_effect_with(memory, move |&memory| {
            let listener = (!memory).then(|| {
                web_sys::window().map(|w| {
                    EventListener::new(&w, "popstate", move |_| route.set(location_route()))
                })
            });
            move || drop(listener)
        });
    }
    let navigate = {
        let route = route.clone();
        Callback::from(move |to: Route| {
            if !memory {
                if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
                    let _ = history.push_state_with_url(&JsValue::NULL, "", Some(&to.to_path()));
                }
                if let Some(w) = web_sys::window() {
                    w.scroll_to_with_x_and_y(0.0, 0.0);
                }
            }
            route.set(to);
        })
    };
    let navigation = Navigation {
        route: (*route).clone(),
        navigate,
    };
    html! {
        <ContextProvider<Navigation> context={navigation}>
            { props.children.clone() }
        </ContextProvider<Navigation>>
    }
}

/// The current route and the way to change it.
#[hook]
pub fn use_navigation() -> Navigation {
    use_context::<Navigation>().unwrap_or_else(|| Navigation {
        route: location_route(),
        navigate: Callback::noop(),
    })
}

#[derive(Properties, PartialEq)]
pub struct LinkProps {
    pub to: Route,
    #[prop_or_default]
    pub classes: Classes,
    pub children: Html,
}

/// A real `<a href>` (so it can be opened in a new tab, copied, or read by a
/// screen reader as a link) that navigates in place on a plain click.
#[function_component(Link)]
pub fn link(props: &LinkProps) -> Html {
    let navigation = use_navigation();
    let onclick = {
        let to = props.to.clone();
        Callback::from(move |e: MouseEvent| {
            let modified =
                e.ctrl_key() || e.meta_key() || e.shift_key() || e.alt_key() || e.button() != 0;
            if !modified {
                e.prevent_default();
                navigation.navigate.emit(to.clone());
            }
        })
    };
    html! {
        <a href={props.to.to_path()} class={props.classes.clone()} {onclick}>{ props.children.clone() }</a>
    }
}
