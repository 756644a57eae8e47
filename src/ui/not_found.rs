//! The screen for an address that matches no route.

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
