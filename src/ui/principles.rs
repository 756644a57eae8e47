//! The principles library: the list grouped as in PRINCIPLES.md, and one
//! page per principle, linkable by its id (`/principles/oomph`).

use yew::prelude::*;

use super::{use_title, Link, Route};
use crate::core::catalogue::{Catalogue, PrincipleId};
use crate::core::study::StudyLog;

#[derive(Properties, PartialEq)]
pub struct ListProps {
    pub study: StudyLog,
}

#[function_component(PrinciplesList)]
pub fn principles_list(props: &ListProps) -> Html {
    use_title("Principles".to_string());
    let catalogue = Catalogue::reading();
    let total = catalogue.principles().len();
    let read = props
        .study
        .count_read(catalogue.principles().map(|(_, p)| p.key.as_ref()));
    html! {
        <main id="main" class="screen principles" data-screen="principles" tabindex="-1">
            <h1>{ "Principles" }</h1>
            <p class="lead">
                { format!("The {total} principles every choice is scored against, in the order a call unfolds. \
                           Each one names the article it comes from.") }
            </p>
            <p class="study-count" aria-live="polite">{ format!("You have opened {read} of {total}.") }</p>
            { for catalogue.groups().map(|(group_id, group)| html! {
                <section class="principle-group" aria-labelledby={format!("group-{}", group.key)}>
                    <h2 id={format!("group-{}", group.key)}>{ group.title.as_ref() }</h2>
                    <ul class="principle-list">
                        { for catalogue.principles_in(group_id).map(|(_, p)| {
                            let is_read = props.study.has_read(&p.key);
                            html! {
                                <li id={p.key.to_string()} class={classes!("principle-item", is_read.then_some("is-read"))}>
                                    <Link to={Route::Principle { key: p.key.to_string() }}>{ p.title.as_ref() }</Link>
                                    if is_read {
                                        <span class="badge">{ "opened" }</span>
                                    }
                                    <p class="principle-say">{ p.say.as_ref() }</p>
                                </li>
                            }
                        }) }
                    </ul>
                </section>
            }) }
        </main>
    }
}

#[derive(Properties, PartialEq)]
pub struct PageProps {
    /// The principle's id from the URL (`key` is reserved by Yew).
    pub slug: String,
}

/// A principle's page (`Screens` marks it read once it is shown).
#[function_component(PrinciplePage)]
pub fn principle_page(props: &PageProps) -> Html {
    let catalogue = Catalogue::reading();
    let found = catalogue
        .principle_by_key(&props.slug)
        .map(|id| (catalogue, id));
    let title = found.map_or_else(
        || "Principle not found".to_string(),
        |(c, id)| c.principle(id).title.to_string(),
    );
    use_title(title);
    match found {
        None => html! {
            <main id="main" class="screen" data-screen="principle-missing" tabindex="-1">
                <h1>{ "Principle not found" }</h1>
                <p>{ format!("No principle has the id \u{201c}{}\u{201d}.", props.slug) }</p>
                <Link to={Route::Principles} classes="button">{ "See all principles" }</Link>
            </main>
        },
        Some((catalogue, id)) => principle_view(catalogue, id),
    }
}

fn principle_view(catalogue: &Catalogue, id: PrincipleId) -> Html {
    let p = catalogue.principle(id);
    let group = catalogue.group(p.group);
    let ids: Vec<PrincipleId> = catalogue.principles().map(|(id, _)| id).collect();
    let at = ids.iter().position(|&i| i == id).unwrap_or(0);
    let previous = at.checked_sub(1).map(|i| catalogue.principle(ids[i]));
    let next = ids.get(at + 1).map(|&i| catalogue.principle(i));
    html! {
        <main id="main" class="screen principle" data-screen="principle" data-principle={p.key.to_string()} tabindex="-1">
            <p class="eyebrow">
                <Link to={Route::Principles}>{ "Principles" }</Link>
                { format!(" \u{203a} {}", group.title) }
            </p>
            <h1>{ p.title.as_ref() }</h1>
            <p class="lead">{ p.explanation.as_ref() }</p>
            <div class="say-avoid">
                <section class="say" aria-labelledby="say-heading">
                    <h2 id="say-heading">{ "Say or do" }</h2>
                    <p>{ p.say.as_ref() }</p>
                </section>
                <section class="avoid" aria-labelledby="avoid-heading">
                    <h2 id="avoid-heading">{ "Avoid" }</h2>
                    <p>{ p.avoid.as_ref() }</p>
                </section>
            </div>
            <section aria-labelledby="sources-heading">
                <h2 id="sources-heading">{ if p.sources.len() == 1 { "Source" } else { "Sources" } }</h2>
                <ul class="sources">
                    { for p.sources.iter().map(|&s| {
                        let source = catalogue.source(s);
                        html! {
                            <li>
                                <cite>{ format!("\u{201c}{}\u{201d}", source.title) }</cite>
                                { format!(". {}", source.stance) }
                            </li>
                        }
                    }) }
                </ul>
            </section>
            { for catalogue.disagreements_about(id).map(|d| html! {
                <section class="disagreement" aria-label={format!("Where the sources disagree: {}", d.title)}>
                    <h2>{ "Where the sources disagree: " }{ d.title.as_ref() }</h2>
                    <ul>
                        <li>{ d.view_a.as_ref() }</li>
                        <li>{ d.view_b.as_ref() }</li>
                    </ul>
                    <p><strong>{ "How the trainer scores it: " }</strong>{ d.resolution.as_ref() }</p>
                    <p class="related">
                        { "Principles involved: " }
                        { for d.principles.iter().filter(|&&other| other != id).map(|&other| {
                            let o = catalogue.principle(other);
                            html! { <><Link to={Route::Principle { key: o.key.to_string() }}>{ o.title.as_ref() }</Link>{ " " }</> }
                        }) }
                    </p>
                </section>
            }) }
            <nav class="pager" aria-label="Other principles">
                if let Some(prev) = previous {
                    <Link to={Route::Principle { key: prev.key.to_string() }} classes="previous">
                        { format!("\u{2190} {}", prev.title) }
                    </Link>
                }
                if let Some(next) = next {
                    <Link to={Route::Principle { key: next.key.to_string() }} classes="next">
                        { format!("{} \u{2192}", next.title) }
                    </Link>
                }
            </nav>
        </main>
    }
}
