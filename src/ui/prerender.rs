//! The first view of every route that needs no saved data, rendered
//! natively by Yew's server renderer from the app's own components, for the
//! build to write into the served pages (`cargo xtask`, `build::prerender`).
//!
//! The render is what a first visit sees: nothing read, no notices. Server
//! rendering runs component bodies and hooks' initial state but no effects,
//! so no web API is called; the title, set by an effect in the browser, is
//! handed over by `use_title` instead.

use std::cell::RefCell;

use yew::prelude::*;
use yew::LocalServerRenderer;

use super::{reading_screen, Frame, Loading, Route, Router};
use crate::core::catalogue::Catalogue;
use crate::core::study::StudyLog;

thread_local! {
    /// The title the last rendered screen asked for.
    static TITLE: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Called by `use_title` while a screen renders natively.
pub(super) fn title(title: &str) {
    TITLE.with(|t| *t.borrow_mut() = Some(title.to_string()));
}

/// What a page is given: the markup inside `#app` and the document title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prerendered {
    /// The built file, relative to the site's root.
    pub file: String,
    pub title: String,
    pub app: String,
}

/// What to render: a route's screen, or the shell (the frame with the
/// loading screen) that routes depending on saved data start from.
#[derive(Debug, Clone, PartialEq)]
pub enum View {
    Screen(Route),
    Shell,
}

#[derive(Properties, PartialEq)]
struct PageProps {
    view: View,
}

/// A page as the app renders it at its first visit.
#[function_component(Page)]
fn page(props: &PageProps) -> Html {
    let (route, screen) = match &props.view {
        View::Screen(route) => (
            route.clone(),
            reading_screen(route, &StudyLog::default(), Callback::noop()),
        ),
        View::Shell => (Route::Home, html! { <Loading /> }),
    };
    html! {
        <Router memory={route}>
            <Frame>{ screen }</Frame>
        </Router>
    }
}

/// Renders a component with its props to markup, as the server renderer
/// does for the build's pages: how native tests look at a view.
pub fn to_text<C: BaseComponent>(props: C::Properties) -> Result<String, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| format!("cannot start a runtime to render in: {e}"))?;
    Ok(tokio::task::LocalSet::new().block_on(
        &runtime,
        LocalServerRenderer::<C>::with_props(props)
            .hydratable(false)
            .render(),
    ))
}

/// Renders one view to the markup of `#app` and its title.
pub fn render(view: View) -> Result<(String, String), String> {
    TITLE.with(|t| t.borrow_mut().take());
    let app = to_text::<Page>(PageProps { view })?;
    let title = TITLE
        .with(|t| t.borrow_mut().take())
        .unwrap_or_else(|| "Callback Dojo".to_string());
    Ok((title, app))
}

/// Every prerendered page: home, the principles library, each principle,
/// the page for an unknown address (`404.html`, which static hosts serve
/// for any), and `shell.html`, the frame the other routes start from.
pub fn pages(catalogue: &Catalogue) -> Result<Vec<Prerendered>, String> {
    let mut views = vec![
        (View::Screen(Route::Home), "index.html".to_string()),
        (
            View::Screen(Route::Principles),
            "principles/index.html".to_string(),
        ),
    ];
    for (_, p) in catalogue.principles() {
        views.push((
            View::Screen(Route::Principle {
                key: p.key.to_string(),
            }),
            format!("principles/{}/index.html", p.key),
        ));
    }
    views.push((View::Screen(Route::NotFound), "404.html".to_string()));
    views.push((View::Shell, "shell.html".to_string()));
    views
        .into_iter()
        .map(|(view, file)| {
            let (title, app) = render(view)?;
            Ok(Prerendered { file, title, app })
        })
        .collect()
}
