//! A small router: the app's routes, their URLs, and links that navigate
//! without a page load.
//!
//! yew-router did this job at a measured cost of 34 kB of the then 120 kB
//! compressed budget (it brings gloo-history, serde_urlencoded and a route
//! matcher); the app has a handful of routes, so this module does it in a page of
//! code. Browser mode follows `window.location` and the History API (deep
//! links and the back button work); memory mode keeps the route in state,
//! for component tests.

use gloo_events::{EventListener, EventListenerOptions};
use wasm_bindgen::{JsCast, JsValue};
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
    /// The progress dashboard.
    Progress,
    /// Today's drill cards.
    Drills,
    /// Ten rounds of reading "call me later" lines.
    CueDrill,
    /// A trainer makes a class session.
    Academy,
    /// The trainer's scoreboard of a class session (the class link's query).
    Board {
        query: String,
    },
    /// A trainee plays a class session (the class link's query).
    Class {
        query: String,
    },
    /// A past call's review, rebuilt by replaying its choices from the seed.
    Past {
        seed: u64,
        level: Difficulty,
        choices: String,
    },
    NotFound,
    /// A call or review link naming something that cannot be (an unknown
    /// level, a seed that is not a number): reported, not replaced.
    BadLink {
        path: String,
        reason: String,
    },
}

/// What a bad parameter is, said to the trainee.
fn bad_level(value: &str) -> String {
    format!("\u{201c}{value}\u{201d} is not a level: a call is easy, normal or hard.")
}

fn bad_seed(value: &str) -> String {
    format!(
        "\u{201c}{value}\u{201d} is not a call number: the seed in a call link is a whole number from 0 to 18446744073709551615."
    )
}

/// The three builds of the app, each carrying the screens of the one
/// before it: the first screen needs none of the others' code or content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bundle {
    /// `index.html`: home, the principles, a page not found, a bad link.
    Start,
    /// `practice.html` (feature `practice`): a call and a past call's
    /// review, with the simulator and its content.
    Practice,
    /// `studio.html` (feature `studio`): progress, drills, academy.
    Studio,
}

impl Bundle {
    /// This build.
    pub const HERE: Bundle = if cfg!(feature = "studio") {
        Bundle::Studio
    } else if cfg!(feature = "practice") {
        Bundle::Practice
    } else {
        Bundle::Start
    };

    /// The page that loads the bundle at any address (`?at=`), for hosts
    /// that serve no page of the bundle's own there.
    pub fn page(self) -> &'static str {
        match self {
            Bundle::Start => "/",
            Bundle::Practice => "/practice.html",
            Bundle::Studio => "/studio.html",
        }
    }
}

impl Route {
    /// The first bundle that shows the route. The others hand it over with
    /// a page load.
    pub fn bundle(&self) -> Bundle {
        match self {
            Route::Progress
            | Route::Drills
            | Route::CueDrill
            | Route::Academy
            | Route::Board { .. }
            | Route::Class { .. } => Bundle::Studio,
            Route::Practice { .. } | Route::Past { .. } => Bundle::Practice,
            Route::Home
            | Route::Principles
            | Route::Principle { .. }
            | Route::NotFound
            | Route::BadLink { .. } => Bundle::Start,
        }
    }

    /// Whether this bundle can show the route in place.
    pub fn here(&self) -> bool {
        match self.bundle() {
            Bundle::Start => true,
            Bundle::Practice => Bundle::HERE != Bundle::Start,
            Bundle::Studio => Bundle::HERE == Bundle::Studio,
        }
    }

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
            // Some hosts serve the home page under its file name too.
            "" | "/index.html" => Route::Home,
            "/principles" => Route::Principles,
            "/progress" => Route::Progress,
            "/drills" => Route::Drills,
            "/drills/cues" => Route::CueDrill,
            "/academy" => Route::Academy,
            "/academy/board" => Route::Board {
                query: query.to_string(),
            },
            "/class" => Route::Class {
                query: query.to_string(),
            },
            "/review" | "/practice" => {
                let bad = |reason: String| Route::BadLink {
                    path: url.to_string(),
                    reason,
                };
                let level = match param("level") {
                    None => Difficulty::default(),
                    Some(l) => match Difficulty::from_key(l) {
                        Some(level) => level,
                        None => return bad(bad_level(l)),
                    },
                };
                let seed = match param("seed") {
                    None => None,
                    Some(s) => match s.parse() {
                        Ok(seed) => Some(seed),
                        Err(_) => return bad(bad_seed(s)),
                    },
                };
                if trimmed == "/practice" {
                    return Route::Practice { seed, level };
                }
                match (seed, param("choices")) {
                    (Some(seed), Some(choices)) => Route::Past {
                        seed,
                        level,
                        choices: choices.to_string(),
                    },
                    (None, _) => bad("The review link names no call: it has no seed.".to_string()),
                    (Some(_), None) => {
                        bad("The review link holds no decisions: it has no choices.".to_string())
                    }
                }
            }
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
            Route::Progress => "/progress".to_string(),
            Route::Drills => "/drills".to_string(),
            Route::CueDrill => "/drills/cues".to_string(),
            Route::Academy => "/academy".to_string(),
            Route::Board { query } => format!("/academy/board?{query}"),
            Route::Class { query } => format!("/class?{query}"),
            Route::Past {
                seed,
                level,
                choices,
            } => format!(
                "/review?seed={seed}&level={}&choices={choices}",
                level.key()
            ),
            Route::NotFound => "/404".to_string(),
            Route::BadLink { path, .. } => path.clone(),
        }
    }
}

/// What the router gives the components below it.
#[derive(Clone, PartialEq)]
pub struct Navigation {
    pub route: Route,
    /// Goes to a route, adding an entry to the history.
    pub navigate: Callback<Route>,
    /// Goes to a route in place of the current entry (a URL completed
    /// with what it left open, such as a fresh call's seed).
    pub replace: Callback<Route>,
}

#[derive(Properties, PartialEq)]
pub struct RouterProps {
    /// Start here and keep the route in memory (tests); None follows the
    /// browser's location and history.
    #[prop_or_default]
    pub memory: Option<Route>,
    pub children: Html,
}

pub(crate) fn location_route() -> Route {
    let location = web_sys::window().map(|w| w.location());
    let path = location
        .as_ref()
        .and_then(|l| l.pathname().ok())
        .unwrap_or_default();
    let search = location
        .as_ref()
        .and_then(|l| l.search().ok())
        .unwrap_or_default();
    // `/studio.html?at=…` (or the practice page's): a host that does not
    // serve the bundle's own pages sent us here; show that address and put
    // it back in the bar.
    if path == Bundle::Practice.page() || path == Bundle::Studio.page() {
        if let Some(at) = search
            .trim_start_matches('?')
            .split('&')
            .find_map(|p| p.strip_prefix("at="))
        {
            let at = crate::core::academy::percent_decode(at);
            if at.starts_with('/') {
                if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
                    let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&at));
                }
                return Route::parse(&at);
            }
        }
    }
    Route::parse(&format!("{path}{search}"))
}

/// Loads a route this bundle does not carry: the page at its address is
/// its bundle's (or, on a host that does not serve it there, the bundle's
/// page with the address to show).
pub fn load_elsewhere(route: &Route) {
    let Some(location) = web_sys::window().map(|w| w.location()) else {
        return;
    };
    let here = location.pathname().unwrap_or_default();
    let target = route.to_path();
    let path = target.split('?').next().unwrap_or("");
    // Already at its address, so the host served this bundle there.
    let url = if here.trim_end_matches('/') == path {
        format!(
            "{}?at={}",
            route.bundle().page(),
            crate::core::academy::percent_encode(&target)
        )
    } else {
        target
    };
    let _ = location.replace(&url);
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
    let go = |replace: bool| {
        let route = route.clone();
        Callback::from(move |to: Route| {
            if !memory && !to.here() {
                load_elsewhere(&to);
                return;
            }
            if !memory {
                if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
                    let path = Some(to.to_path());
                    let _ = if replace {
                        history.replace_state_with_url(&JsValue::NULL, "", path.as_deref())
                    } else {
                        history.push_state_with_url(&JsValue::NULL, "", path.as_deref())
                    };
                }
                if let Some(w) = web_sys::window() {
                    w.scroll_to_with_x_and_y(0.0, 0.0);
                }
            }
            route.set(to);
        })
    };
    let navigate = go(false);
    let replace = go(true);
    {
        // Every same-site link navigates in place on a plain click: the
        // `Link` component and any other `<a href>` alike. Clicks
        // with a modifier, on links with a target or a download, or on other
        // sites keep the browser's behaviour.
        let navigate = navigate.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window().and_then(|w| w.document()).map(|d| {
                EventListener::new_with_options(
                    &d,
                    "click",
                    EventListenerOptions::enable_prevent_default(),
                    move |event| {
                        let Some(e) = event.dyn_ref::<MouseEvent>() else {
                            return;
                        };
                        if e.default_prevented()
                            || e.ctrl_key()
                            || e.meta_key()
                            || e.shift_key()
                            || e.alt_key()
                            || e.button() != 0
                        {
                            return;
                        }
                        let link = e
                            .target()
                            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                            .and_then(|t| t.closest("a[href]").ok().flatten());
                        let Some(link) = link else { return };
                        if link.has_attribute("target") || link.has_attribute("download") {
                            return;
                        }
                        let href = link.get_attribute("href").unwrap_or_default();
                        if href.starts_with('/') && !href.starts_with("//") {
                            let route = Route::parse(&href);
                            // A screen of the other bundle: a page load.
                            if route.here() {
                                e.prevent_default();
                                navigate.emit(route);
                            }
                        }
                    },
                )
            });
            move || drop(listener)
        });
    }
    let navigation = Navigation {
        route: (*route).clone(),
        navigate,
        replace,
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
        replace: Callback::noop(),
    })
}

#[derive(Properties, PartialEq)]
pub struct LinkProps {
    pub to: Route,
    #[prop_or_default]
    pub classes: Classes,
    /// Marks the link as the current page's (`aria-current="page"`).
    #[prop_or_default]
    pub current: bool,
    pub children: Html,
}

/// A real `<a href>` (so it can be opened in a new tab, copied, or read by a
/// screen reader as a link); the router makes a plain click navigate in place.
#[function_component(Link)]
pub fn link(props: &LinkProps) -> Html {
    html! {
        <a href={props.to.to_path()} class={props.classes.clone()}
            aria-current={props.current.then_some("page")}>{ props.children.clone() }</a>
    }
}
