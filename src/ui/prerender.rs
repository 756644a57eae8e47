//! The app's first view at every address the build writes a page for,
//! rendered natively by Yew's server renderer from `Screens` itself, for
//! the build to write into the served pages (`cargo xtask`,
//! `build::prerender`); the browser then adopts that markup (hydration).
//!
//! The first render reads no saved data (`Screens` reads it in an effect):
//! a reading screen as a first visit sees it, or the loading screen. Server
//! rendering runs component bodies and hooks' initial state but no effects,
//! so no web API is called; the title, set by an effect in the browser, is
//! handed over by `use_title` instead.

use std::cell::RefCell;

use yew::prelude::*;
use yew::LocalServerRenderer;

use super::{first_view_name, Route, Router, Screens};
use crate::core::catalogue::Catalogue;

thread_local! {
    /// The title the last rendered screen asked for.
    static TITLE: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Called by `use_title` while a screen renders natively.
pub(super) fn title(title: &str) {
    TITLE.with(|t| *t.borrow_mut() = Some(title.to_string()));
}

/// What a page is given: the markup inside `#app`, the name of the view it
/// is (`ui::first_view_name`, written as `data-view`), and the title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prerendered {
    /// The built file, relative to the site's root.
    pub file: String,
    pub view: String,
    pub title: String,
    pub app: String,
}

#[derive(Properties, PartialEq)]
struct PageProps {
    route: Route,
}

/// The app at a route, as its first render is before saved data is read:
/// the very `Screens` the browser runs, so the markup is the one it adopts.
#[function_component(Page)]
fn page(props: &PageProps) -> Html {
    html! {
        <Router memory={props.route.clone()}>
            <Screens />
        </Router>
    }
}

/// Renders a component with its props to markup, as the server renderer
/// does: how native tests look at a view.
pub fn to_text<C: BaseComponent>(props: C::Properties) -> Result<String, String> {
    render_with::<C>(props, false)
}

fn render_with<C: BaseComponent>(props: C::Properties, hydratable: bool) -> Result<String, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| format!("cannot start a runtime to render in: {e}"))?;
    Ok(tokio::task::LocalSet::new().block_on(
        &runtime,
        LocalServerRenderer::<C>::with_props(props)
            .hydratable(hydratable)
            .render(),
    ))
}

/// Renders the app's first view at `route`: the markup of `#app` (with the
/// component markers hydration reads) and its title.
pub fn render(route: &Route) -> Result<(String, String), String> {
    TITLE.with(|t| t.borrow_mut().take());
    let app = render_with::<Page>(
        PageProps {
            route: route.clone(),
        },
        true,
    )?;
    let title = TITLE
        .with(|t| t.borrow_mut().take())
        .unwrap_or_else(|| "Callback Dojo".to_string());
    Ok((title, app))
}

/// Every prerendered page: home, the principles library, each principle,
/// the page for an unknown address (`404.html`, which static hosts serve
/// for any), and `shell.html`, the loading screen in the frame, which the
/// routes that need saved data start from (the bundles' pages are made
/// from it).
pub fn pages(catalogue: &Catalogue) -> Result<Vec<Prerendered>, String> {
    let mut routes = vec![
        (Route::Home, "index.html".to_string()),
        (Route::Principles, "principles/index.html".to_string()),
    ];
    for (_, p) in catalogue.principles() {
        routes.push((
            Route::Principle {
                key: p.key.to_string(),
            },
            format!("principles/{}/index.html", p.key),
        ));
    }
    routes.push((Route::NotFound, "404.html".to_string()));
    routes.push((Route::Progress, "shell.html".to_string()));
    routes
        .into_iter()
        .map(|(route, file)| {
            let (title, app) = render(&route)?;
            Ok(Prerendered {
                file,
                view: first_view_name(&route),
                title,
                app,
            })
        })
        .collect()
}
