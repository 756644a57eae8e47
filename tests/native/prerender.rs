//! The first views the build writes into the pages: rendered natively by
//! Yew's server renderer from the app's components, with their titles.

use callback_dojo::core::catalogue::Catalogue;
use callback_dojo::ui::prerender::{pages, render};
use callback_dojo::ui::Route;

#[test]
fn every_page_carries_its_screen_and_title() {
    let catalogue = Catalogue::shipped();
    let pages = pages(catalogue).expect("renders");
    // Home, the library, each principle, not found, the shell.
    assert_eq!(pages.len(), 2 + catalogue.principles().count() + 2);
    for page in &pages {
        assert!(
            page.app.contains("<nav aria-label=\"Main\">"),
            "{}",
            page.file
        );
        assert_eq!(page.app.matches("<main ").count(), 1, "{}", page.file);
        // Hydratable: the markers hydration reads around each component.
        assert!(
            page.app.starts_with("<!--<["),
            "{}: {}",
            page.file,
            page.app
        );
        assert!(page.title.ends_with("Callback Dojo"), "{}", page.file);
    }
    for (_, p) in catalogue.principles() {
        let file = format!("principles/{}/index.html", p.key);
        let page = pages
            .iter()
            .find(|x| x.file == file)
            .expect("a page per principle");
        assert!(
            page.app.contains(&format!("<h1>{}</h1>", p.title)),
            "{file}: {}",
            page.app
        );
        assert_eq!(page.title, format!("{} \u{b7} Callback Dojo", p.title));
    }
    let shell = pages
        .iter()
        .find(|x| x.file == "shell.html")
        .expect("shell");
    assert!(shell.app.contains("data-screen=\"loading\""));
    assert_eq!(shell.title, "Callback Dojo");
    assert_eq!(shell.view, "shell");
    let home = pages.iter().find(|x| x.file == "index.html").expect("home");
    assert_eq!(home.view, "/");
}

#[test]
fn the_home_page_is_what_a_first_visit_sees() {
    let (title, app) = render(&Route::Home).expect("renders");
    assert_eq!(title, "Home \u{b7} Callback Dojo");
    assert!(app.contains("data-screen=\"home\""));
    assert!(app.contains("href=\"/practice?level=normal\""), "{app}");
    // Nothing read yet on the library's first view.
    let (_, list) = render(&Route::Principles).expect("renders");
    let total = Catalogue::shipped().principles().count();
    assert!(
        list.contains(&format!("You have opened 0 of {total}.")),
        "{list}"
    );
}
