//! The screens for an address that matches no route, and for a link whose
//! call cannot be what it names.

use yew::prelude::*;

use super::{use_title, Link, Route};

#[function_component(NotFound)]
pub fn not_found() -> Html {
    use_title("Page not found".to_string());
    html! {
        <main id="main" class="screen" data-screen="not-found" tabindex="-1">
            <h1>{ "Page not found" }</h1>
            <p>{ "There is nothing at this address. It may have been mistyped, or the link may be from an older version." }</p>
            <Link to={Route::Home} classes="button">{ "Go to the home screen" }</Link>
        </main>
    }
}

#[derive(Properties, PartialEq)]
pub struct BadLinkProps {
    /// What is wrong with the link, in the trainee's terms.
    pub reason: String,
}

/// A link to a call or review that names something that does not exist (an
/// unknown level, a seed that is not a number): said plainly, never quietly
/// replaced by another call.
#[function_component(BadLink)]
pub fn bad_link(props: &BadLinkProps) -> Html {
    use_title("Link not valid".to_string());
    html! {
        <main id="main" class="screen" data-screen="bad-link" tabindex="-1">
            <h1>{ "This link is not valid" }</h1>
            <p class="bad-link-reason">{ props.reason.clone() }</p>
            <p>{ "Check the link you were given, or start a new call." }</p>
            <Link to={Route::Practice { seed: None, level: Default::default() }} classes="button">{ "Start a new call" }</Link>
            { " " }
            <Link to={Route::Home} classes="button secondary">{ "Go to the home screen" }</Link>
        </main>
    }
}
