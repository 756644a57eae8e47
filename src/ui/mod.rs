//! The Yew shell: routing, screens, and the one module that touches storage.
//!
//! The shell renders what the core computes and does all I/O. Screens receive
//! data and callbacks as props; the catalogue is a static validated at build
//! time (`Catalogue::shipped()`), read directly because nothing writes it.

#[cfg(feature = "studio")]
mod academy;
pub mod crash;
#[cfg(feature = "studio")]
pub mod dashboard;
#[cfg(feature = "studio")]
mod drills;
mod files;
mod home;
#[cfg(feature = "studio")]
mod lrs;
mod not_found;
pub mod offline;
#[cfg(feature = "practice")]
mod practice;
#[cfg(not(target_arch = "wasm32"))]
pub mod prerender;
mod principles;
#[cfg(feature = "studio")]
mod progress;
#[cfg(feature = "practice")]
mod review;
pub mod router;
pub mod storage;

use std::rc::Rc;

use gloo_events::EventListener;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::core::catalogue::Catalogue;
#[cfg(feature = "practice")]
use crate::core::progress::Attempt;
use crate::core::progress::Progress;
use crate::core::saved::encode_progress;
use crate::core::study::StudyLog;

pub use router::{Link, Route, Router};

thread_local! {
    /// Served markup of another view and the app's own render, until the
    /// app's first render is done and the one replaces the other.
    static TAKEOVER: std::cell::RefCell<Option<(web_sys::Element, web_sys::Element)>> =
        const { std::cell::RefCell::new(None) };
}

/// Mounts the app in `#app`. The build prerenders each route's first view
/// and names it on `#app` (`data-view`): when that is this address's first
/// view, the app adopts the served markup as its own (hydration: the very
/// same elements stay, so nothing is painted twice). Served markup of
/// another view (a host that served another page here) is replaced: the
/// app renders beside it, off the page, and takes its place after its
/// first render, in the same task.
pub fn start() {
    crash::install();
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let root = document.get_element_by_id("app");
    let view = first_view_name(&router::location_route());
    match root {
        Some(served) if served.get_attribute("data-view").as_deref() == Some(view.as_str()) => {
            yew::Renderer::<App>::with_root(served).hydrate();
        }
        Some(prerendered) if prerendered.has_child_nodes() => {
            let Ok(fresh) = document.create_element("div") else {
                return;
            };
            fresh.set_id("app");
            TAKEOVER.with(|t| *t.borrow_mut() = Some((prerendered, fresh.clone())));
            yew::Renderer::<App>::with_root(fresh).render();
        }
        Some(empty) => {
            yew::Renderer::<App>::with_root(empty).render();
        }
        None => {
            yew::Renderer::<App>::new().render();
        }
    }
}

/// After the app's first render: its markup replaces the prerendered one.
fn take_over_prerendered() {
    if let Some((prerendered, fresh)) = TAKEOVER.with(|t| t.borrow_mut().take()) {
        let _ = prerendered.replace_with_with_node_1(&fresh);
    }
}

/// The whole app in the browser's history.
#[function_component(App)]
pub fn app() -> Html {
    // Served markup of another view, rendered beside: swapped in now.
    use_effect_with((), |_| take_over_prerendered());
    html! {
        <Router>
            <Screens />
        </Router>
    }
}

/// A change to the progress shown in this tab (`storage` keeps the tab's
/// copy; this mirrors it for rendering).
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// The tab's copy after a save, an import or another tab's save.
    Set(Progress),
    /// Reset here or in another tab.
    Clear,
}

/// The progress shown in this tab.
#[derive(Debug, Clone, Default, PartialEq)]
struct Kept(Rc<Progress>);

impl Reducible for Kept {
    type Action = Change;
    fn reduce(self: Rc<Self>, change: Change) -> Rc<Self> {
        Rc::new(Kept(Rc::new(match change {
            Change::Set(p) => p,
            Change::Clear => Progress::default(),
        })))
    }
}

/// What a notice offers besides reading it.
#[derive(Debug, Clone, PartialEq)]
enum Offer {
    Nothing,
    /// A backup kept in storage: download it, or delete it.
    Backup(String),
    /// Damaged text no copy could be kept of: download it now or discard
    /// it (this tab saves again after either).
    Text(Rc<str>),
    /// Calls this tab holds that are not saved: download them.
    TabCopy,
    /// A newer version saved: download this tab's work, or reload to use
    /// the newer version (this tab's unsaved work comes along).
    Newer,
}

/// What a notice's button does.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Act {
    Dismiss,
    Download,
    /// Deletes the backup, or discards the damaged text.
    Discard,
    /// Reloads the page (a newer version is in use).
    Reload,
}

impl Offer {
    /// The notice's buttons.
    fn acts(&self) -> &'static [(Act, &'static str)] {
        match self {
            Offer::Nothing => &[(Act::Dismiss, "Dismiss")],
            Offer::Backup(_) => &[
                (Act::Download, "Download the copy"),
                (Act::Discard, "Delete the copy"),
            ],
            Offer::Text(_) => &[
                (Act::Download, "Download it now"),
                (Act::Discard, "Discard it"),
            ],
            Offer::TabCopy => &[
                (Act::Download, "Download this tab's calls"),
                (Act::Dismiss, "Dismiss"),
            ],
            Offer::Newer => &[
                (Act::Download, "Download this tab's calls"),
                (Act::Reload, "Reload"),
                (Act::Dismiss, "Dismiss"),
            ],
        }
    }
}

impl Act {
    /// Does it; true when the notice has served its purpose.
    fn run(self, offer: &Offer, notify: &Callback<Notice>) -> bool {
        match (self, offer) {
            (Act::Dismiss, _) => true,
            (Act::Download, Offer::Backup(key)) => {
                if let Some(text) = storage::backup(key) {
                    let _ = files::download(&format!("{key}.json"), &text);
                }
                // The copy stays until the user deletes it.
                false
            }
            (Act::Download, Offer::Text(text)) => {
                let done = files::download("callback-dojo-damaged-progress.json", text).is_ok();
                if done {
                    storage::release_hold();
                }
                done
            }
            (Act::Download, _) => {
                let _ = files::download(
                    "callback-dojo-progress-this-tab.json",
                    &encode_progress(&storage::tab_copy()),
                );
                false
            }
            (Act::Discard, Offer::Backup(key)) => match storage::remove_backup(key) {
                Ok(()) => true,
                Err(e) => {
                    notify.emit(Notice::of("The copy could not be deleted", &e));
                    false
                }
            },
            (Act::Discard, _) => {
                storage::release_hold();
                true
            }
            (Act::Reload, _) => {
                if let Some(w) = web_sys::window() {
                    let _ = w.location().reload();
                }
                false
            }
        }
    }
}

/// Something the trainee must know about their data.
#[derive(Debug, Clone, PartialEq)]
struct Notice {
    text: String,
    offer: Offer,
}

impl Notice {
    fn of(what: &str, e: &storage::StorageError) -> Notice {
        use storage::StorageError as E;
        let offer = match e {
            E::Unreadable { backup } => Offer::Backup(backup.clone()),
            E::UnreadableNotKept { text } => Offer::Text(Rc::from(text.as_str())),
            E::Held | E::WriteFailed => Offer::TabCopy,
            E::NewerVersion { .. } => Offer::Newer,
            E::Unavailable | E::Framed => Offer::Nothing,
        };
        Notice {
            text: format!("{what}: {e}."),
            offer,
        }
    }

    /// A backup kept from an earlier visit, until the user deals with it.
    fn of_backup(b: &storage::Backup) -> Notice {
        let when = b.at_ms.map_or_else(
            || "by an earlier version".to_string(),
            |ms| format!("on {} UTC", crate::core::calendar::moment(ms / 1000)),
        );
        Notice {
            text: format!(
                "A copy of {} that could not be read was kept {when} ({} kB). Download it to keep it; delete it here when you no longer need it.",
                b.kind.label(),
                b.chars.div_ceil(1000)
            ),
            offer: Offer::Backup(b.key.clone()),
        }
    }
}

/// The notices on screen.
#[derive(Debug, Clone, Default, PartialEq)]
struct Notices(Vec<Notice>);

enum NoticeChange {
    Add(Notice),
    Remove(usize),
}

impl Reducible for Notices {
    type Action = NoticeChange;
    fn reduce(self: Rc<Self>, change: NoticeChange) -> Rc<Self> {
        let mut next = self.0.clone();
        match change {
            // The same message twice (two saves refused alike) is shown once.
            NoticeChange::Add(n) if next.contains(&n) => return self,
            NoticeChange::Add(n) => next.push(n),
            NoticeChange::Remove(i) if i < next.len() => {
                next.remove(i);
            }
            NoticeChange::Remove(_) => return self,
        }
        Rc::new(Notices(next))
    }
}

/// The app below the router, so tests can mount it in a memory history.
#[function_component(Screens)]
pub fn screens() -> Html {
    // The first render is what the build prerendered for this address (a
    // first visit: nothing read, no notices, the loading screen where a
    // screen needs saved data), so the app adopts the served markup as it
    // is (`start`). Saved data is read just after, and the screens follow.
    let ready = use_state(|| false);
    let study = use_state(StudyLog::default);
    let kept = use_reducer(Kept::default);
    let notices = use_reducer(Notices::default);
    let notify = {
        let notices = notices.dispatcher();
        Callback::from(move |notice: Notice| notices.dispatch(NoticeChange::Add(notice)))
    };
    {
        let (ready, study, kept, notify) = (
            ready.clone(),
            study.clone(),
            kept.dispatcher(),
            notify.clone(),
        );
        use_effect_with((), move |_| {
            // Damaged saved data has been kept aside by `storage`, and the
            // user is told rather than left with a silently empty list.
            let mut offered = Vec::new();
            let mut tell = |notice: Notice| {
                offered.push(notice.offer.clone());
                notify.emit(notice);
            };
            match storage::load_study() {
                Ok(s) => study.set(s),
                Err(e) => tell(Notice::of("Your reading progress could not be loaded", &e)),
            }
            match storage::load_progress() {
                Ok(p) => kept.dispatch(Change::Set(p)),
                Err(e) => tell(Notice::of("Your call progress could not be loaded", &e)),
            }
            // Work an earlier page of this tab could not save comes back,
            // and is saved now if it can be.
            if let Some(saved) = storage::take_unsaved() {
                after_save(
                    saved,
                    "Work this tab could not save earlier is still kept in this tab, and still not saved in this browser",
                    &kept,
                    &mut tell,
                );
            }
            // Every backup still kept, until the user downloads or deletes it.
            for b in storage::backups() {
                if !offered.contains(&Offer::Backup(b.key.clone())) {
                    notify.emit(Notice::of_backup(&b));
                }
            }
            ready.set(true);
        });
    }
    // Marks the moment the app shows this browser's data, for `cargo xtask
    // bench` and the end-to-end tests.
    use_effect_with(*ready, |ready| {
        if *ready {
            if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
                let _ = performance.mark("dojo-rendered");
            }
        }
    });

    // Another tab saved or reset progress: take its calls in, and write
    // back any of ours its save lacked (two saves at the same moment).
    {
        let dispatcher = kept.dispatcher();
        let notify = notify.clone();
        let study = study.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|w| {
                EventListener::new(&w, "storage", move |event| {
                    let Some(event) = event.dyn_ref::<web_sys::StorageEvent>() else {
                        return;
                    };
                    // Another tab marked a principle read: its marks join
                    // this tab's (a union; the next save writes ours too).
                    if event.key().as_deref() == Some(storage::STUDY_KEY) {
                        if let Ok(all) = storage::load_study() {
                            study.set(all);
                        }
                        return;
                    }
                    if event.key().as_deref() != Some(storage::PROGRESS_KEY) {
                        return;
                    }
                    if event.new_value().is_none() {
                        storage::forget_tab_copy();
                        dispatcher.dispatch(Change::Clear);
                        return;
                    }
                    match storage::sync_other_tab() {
                        Ok(p) => dispatcher.dispatch(Change::Set(p)),
                        Err(e) => {
                            dispatcher.dispatch(Change::Set(storage::tab_copy()));
                            notify.emit(Notice::of("Another tab saved your call progress", &e));
                        }
                    }
                })
            });
            move || drop(listener)
        });
    }

    use_statement_sender();

    // A new version of the app is installed and waiting, or another tab
    // took it: offer it. Read on start too (`offline.js` may have spoken
    // before this listens), after the first render so hydration matches.
    let update = use_state(|| None::<offline::Update>);
    {
        let update = update.clone();
        use_effect_with((), move |_| {
            if let Some(state) = offline::update() {
                update.set(Some(state));
            }
            let listeners = web_sys::window().map(|w| {
                let ready = update.clone();
                [
                    EventListener::new(&w, offline::UPDATE_READY, move |_| {
                        ready.set(offline::update())
                    }),
                    EventListener::new(&w, offline::UPDATE_TAKEN, move |_| {
                        update.set(offline::update())
                    }),
                ]
            });
            move || drop(listeners)
        });
    }

    #[cfg(feature = "practice")]
    let on_finished = {
        let kept = kept.dispatcher();
        let notify = notify.clone();
        Callback::from(move |attempt: Attempt| {
            let (_, saved) = storage::record_call(attempt);
            after_save(
                saved,
                "This call was not saved in this browser (this tab keeps it, across its pages and reloads, and saves it as soon as it can; download your calls to keep them elsewhere)",
                &kept,
                &mut |n| notify.emit(n),
            );
        })
    };
    #[cfg(feature = "studio")]
    let on_change = kept.dispatcher().to_callback();

    let navigation = router::use_navigation();
    let route = navigation.route.clone();

    // A principle's page marks it read, once what was read before is
    // loaded (marking it earlier would save over that).
    {
        let (study, notify) = (study.clone(), notify.clone());
        use_effect_with((*ready, route.clone()), move |(ready, route)| {
            let Route::Principle { key } = route else {
                return;
            };
            if !*ready || Catalogue::reading().principle_by_key(key).is_none() {
                return;
            }
            let mut next = (*study).clone();
            if next.mark_read(key) {
                match storage::save_study(&next) {
                    Ok(all) => next = all,
                    Err(e) => {
                        notify.emit(Notice::of("Your reading progress could not be saved", &e))
                    }
                }
                study.set(next);
            }
        });
    }
    // Replaying the same call remounts it under a new key.
    #[cfg(feature = "practice")]
    let replays = use_state(|| 0u32);
    #[cfg(feature = "practice")]
    let on_replay = {
        let replays = replays.clone();
        Callback::from(move |()| replays.set(*replays + 1))
    };
    use_fresh_seed(&route, navigation.replace.clone());

    // A new screen in place of the last (a link, Back, a replay): when the
    // control used went away with the old screen, the keyboard's place is
    // the new screen, not the top of the document. Screens that place
    // focus themselves (a call's step) have done so already.
    {
        #[cfg(feature = "practice")]
        let generation = *replays;
        #[cfg(not(feature = "practice"))]
        let generation = 0u32;
        // Not on the page's first screen: a fresh page keeps the browser's
        // own starting point (the skip link first).
        let first = use_mut_ref(|| true);
        use_effect_with((route.clone(), generation), move |_| {
            if std::mem::replace(&mut *first.borrow_mut(), false) {
                return;
            }
            let document = web_sys::window().and_then(|w| w.document());
            if let Some(document) = document {
                let lost = document
                    .active_element()
                    .is_none_or(|el| el.tag_name() == "BODY");
                let main = document
                    .get_element_by_id("main")
                    .and_then(|m| m.dyn_into::<web_sys::HtmlElement>().ok());
                if let (true, Some(main)) = (lost, main) {
                    let _ = main.focus();
                }
            }
        });
    }
    let screen = match route {
        // Before saved data is read: the prerendered first view.
        route if !*ready => first_view(&route),
        // A screen of another bundle: its page loads it.
        other if !other.here() => html! { <LoadElsewhere route={other} /> },
        #[cfg(feature = "practice")]
        Route::Practice {
            seed: Some(seed),
            level,
        } => {
            let generation = *replays;
            // A finished call's address becomes its review's, so a reload,
            // a bookmark or the address bar keeps the review (a class call
            // stays on its class page).
            let on_finished = {
                let replace = navigation.replace.clone();
                on_finished.reform(move |attempt: Attempt| {
                    replace.emit(Route::Past {
                        seed: attempt.seed,
                        level: attempt.level,
                        choices: crate::core::saved::encode_choices(&attempt.choices),
                    });
                    attempt
                })
            };
            html! {
                <practice::Practice key={format!("{seed}-{}-{generation}", level.key())} {seed} {level} {on_replay} {on_finished} />
            }
        }
        // No seed yet: the effect above picks one and puts it in the URL.
        #[cfg(feature = "practice")]
        Route::Practice { seed: None, .. } => html! {},
        #[cfg(feature = "studio")]
        Route::Progress => html! {
            <progress::ProgressScreen progress={kept.0.clone()} {on_change} />
        },
        #[cfg(feature = "studio")]
        Route::Drills => html! {
            <drills::DrillsScreen progress={kept.0.clone()} on_review={drill_saved(&kept, &notify, storage::record_review)} />
        },
        #[cfg(feature = "studio")]
        Route::CueDrill => {
            html! { <drills::CueDrill on_round={drill_saved(&kept, &notify, storage::record_cue_round)} /> }
        }
        #[cfg(feature = "studio")]
        Route::Academy => html! { <academy::AcademyMaker /> },
        #[cfg(feature = "studio")]
        Route::Board { query } => html! { <academy::Scoreboard query={query} /> },
        #[cfg(feature = "studio")]
        Route::Class { query } => html! { <academy::ClassPlay query={query} {on_finished} /> },
        #[cfg(feature = "practice")]
        Route::Past {
            seed,
            level,
            choices,
        } => {
            let key = format!("{seed}-{}-{choices}", level.key());
            html! { <review::PastCall {key} {seed} {level} choices={choices} /> }
        }
        reading => reading_screen(&reading, &study),
    };

    html! {
        <Frame>
            { for notices.0.iter().enumerate().map(|(i, n)| html! {
                <div class="notice" role="alert">
                    <p>{ n.text.clone() }</p>
                    { for n.offer.acts().iter().map(|&(act, label)| {
                        let (offer, notices, notify) = (n.offer.clone(), notices.dispatcher(), notify.clone());
                        let onclick = Callback::from(move |_| {
                            if act.run(&offer, &notify) {
                                notices.dispatch(NoticeChange::Remove(i));
                            }
                        });
                        html! { <button type="button" class="button secondary small" {onclick}>{ label }</button> }
                    }) }
                </div>
            }) }
            if let Some(state) = *update {
                <div class="notice update" role="status">
                    <p>{ match state {
                        offline::Update::Ready => "A new version of Callback Dojo is ready.",
                        offline::Update::Taken => "A new version of Callback Dojo was taken in another tab; this page runs the old one until it reloads.",
                    } }</p>
                    <button type="button" class="button small" onclick={Callback::from(|_| offline::take_over())}>{ "Reload to update" }</button>
                </div>
            }
            { screen }
        </Frame>
    }
}

/// The first render at a route, before saved data is read: a reading
/// screen as a first visit sees it, or the loading screen. The build
/// prerenders exactly this (`prerender`, which renders `Screens`).
fn first_view(route: &Route) -> Html {
    reading_screen(route, &StudyLog::default())
}

/// The name of a route's first view, written on a prerendered page's `#app`
/// (`data-view`): the app adopts served markup only when it is the same
/// view, and renders afresh otherwise (a host that served another page).
pub fn first_view_name(route: &Route) -> String {
    // The start bundle's routes are the reading screens.
    if route.bundle() == router::Bundle::Start {
        route.to_path()
    } else {
        "shell".to_string()
    }
}

/// The screens that show content and nothing saved but what they are
/// given (what has been read): the home screen, the principles, a page
/// that is not there. The build prerenders them (`prerender`) with the
/// very same call; any other route gets the loading screen.
fn reading_screen(route: &Route, study: &StudyLog) -> Html {
    match route {
        Route::Home => html! { <home::Home /> },
        Route::Principles => html! {
            <principles::PrinciplesList study={study.clone()} />
        },
        Route::Principle { key } => html! {
            <principles::PrinciplePage slug={key.clone()} />
        },
        Route::NotFound => html! { <not_found::NotFound /> },
        Route::BadLink { reason, .. } => html! { <not_found::BadLink reason={reason.clone()} /> },
        _ => html! { <Loading /> },
    }
}

#[derive(Properties, PartialEq)]
pub struct FrameProps {
    pub children: Html,
}

/// Every page's frame: the skip link, the main navigation, the screen (with
/// any notices above it) and the footer.
#[function_component(Frame)]
pub fn frame(props: &FrameProps) -> Html {
    let route = router::use_navigation().route;
    // The section of the app the current screen belongs to, marked in the
    // navigation.
    let section = match route {
        Route::Principles | Route::Principle { .. } => Some(Route::Principles),
        Route::Drills | Route::CueDrill => Some(Route::Drills),
        Route::Academy | Route::Board { .. } | Route::Class { .. } => Some(Route::Academy),
        Route::Progress => Some(Route::Progress),
        Route::Home => Some(Route::Home),
        _ => None,
    };
    let current = |r: &Route| section.as_ref() == Some(r);
    html! {
        <>
            <a class="skip-link" href="#main">{ "Skip to content" }</a>
            <header class="site-header">
                <nav aria-label="Main">
                    <Link to={Route::Home} classes="brand" current={current(&Route::Home)}>{ "Callback Dojo" }</Link>
                    <Link to={Route::Principles} current={current(&Route::Principles)}>{ "Principles" }</Link>
                    <Link to={Route::Drills} current={current(&Route::Drills)}>{ "Drills" }</Link>
                    <Link to={Route::Academy} current={current(&Route::Academy)}>{ "Academy" }</Link>
                    <Link to={Route::Progress} current={current(&Route::Progress)}>{ "Progress" }</Link>
                </nav>
            </header>
            { props.children.clone() }
            <footer class="site-footer">
                <p>{ "Works offline. Your progress stays in this browser." }</p>
            </footer>
        </>
    }
}

/// The screen while a route's screen is not there yet: the page of a call
/// or of progress before the app has started, or a studio screen whose
/// bundle is loading.
#[function_component(Loading)]
pub fn loading() -> Html {
    html! {
        <main id="main" class="screen" data-screen="loading" aria-busy="true" tabindex="-1">
            <p class="loading">{ "Loading\u{2026}" }</p>
        </main>
    }
}

/// A drill card rated or a cue round answered: kept and saved at once
/// (`save` is `storage::record_review` or `record_cue_round`), like a
/// finished call.
#[cfg(feature = "studio")]
fn drill_saved<T: 'static>(
    kept: &UseReducerHandle<Kept>,
    notify: &Callback<Notice>,
    save: fn(T) -> Result<storage::SaveReport, storage::StorageError>,
) -> Callback<T> {
    let (kept, notify) = (kept.dispatcher(), notify.clone());
    Callback::from(move |item: T| {
        after_save(
            save(item),
            "This drill was not saved in this browser (this tab keeps it, across its pages and reloads, and saves it as soon as it can; download your progress to keep it elsewhere)",
            &kept,
            &mut |n| notify.emit(n),
        )
    })
}

/// After a save: the screens show what this tab now holds, and the
/// trainee is told what a full storage folded, or (`unsaved`, then the
/// reason) that the work was not saved.
fn after_save(
    saved: Result<storage::SaveReport, storage::StorageError>,
    unsaved: &str,
    kept: &UseReducerDispatcher<Kept>,
    tell: &mut dyn FnMut(Notice),
) {
    match saved {
        Ok(report) => {
            if let Some(text) = report.fold_notice() {
                tell(Notice {
                    text,
                    offer: Offer::Nothing,
                });
            }
            kept.dispatch(Change::Set(report.progress));
        }
        Err(e) => {
            // Kept in this tab's copy, so an export can still save it.
            kept.dispatch(Change::Set(storage::tab_copy()));
            tell(Notice::of(unsaved, &e));
        }
    }
}

/// Statements waiting for a learning record store go when it is set and
/// reachable: at start and whenever the browser is back online (the studio
/// bundle, which makes them, sends them).
#[cfg(feature = "studio")]
#[hook]
fn use_statement_sender() {
    use_effect_with((), |_| {
        let listener = lrs::watch();
        move || drop(listener)
    });
}

#[cfg(not(feature = "studio"))]
#[hook]
fn use_statement_sender() {}

/// A call link with no seed gets one: a fresh call.
#[cfg(feature = "practice")]
#[hook]
fn use_fresh_seed(route: &Route, replace: Callback<Route>) {
    use_effect_with(route.clone(), move |route| {
        if let Route::Practice { seed: None, level } = route {
            // A seed from the browser's randomness (the shell may use it;
            // the core only ever receives the seed).
            let seed = (js_sys::Math::random() * 1_000_000_000.0) as u64;
            // Replacing the entry: Back leaves the call instead of drawing
            // another one.
            replace.emit(Route::Practice {
                seed: Some(seed),
                level: *level,
            });
        }
    });
}

#[cfg(not(feature = "practice"))]
#[hook]
fn use_fresh_seed(_route: &Route, _replace: Callback<Route>) {}

#[derive(Properties, PartialEq)]
struct ElsewhereProps {
    route: Route,
}

/// A screen of another bundle, reached in this one (Back, or a host that
/// served this page there): its own page is loaded.
#[function_component(LoadElsewhere)]
fn load_elsewhere(props: &ElsewhereProps) -> Html {
    use_effect_with(props.route.clone(), router::load_elsewhere);
    html! { <Loading /> }
}

/// A keydown listener on the window for a screen's shortcuts. Not passive:
/// handlers call `prevent_default`, which a passive listener ignores (and
/// Chromium logs an intervention for every key).
pub fn on_keydown(
    handler: impl Fn(&web_sys::KeyboardEvent) + 'static,
) -> Option<gloo_events::EventListener> {
    web_sys::window().map(|w| {
        gloo_events::EventListener::new_with_options(
            &w,
            "keydown",
            gloo_events::EventListenerOptions::enable_prevent_default(),
            move |event| {
                if let Some(event) = event.dyn_ref::<web_sys::KeyboardEvent>() {
                    handler(event);
                }
            },
        )
    })
}

/// Whether a key was pressed on a button (Enter then presses the button
/// itself, so a screen's own Enter shortcut stands aside).
/// Moves focus to the element with this id, if it is on the page.
pub fn focus(id: &str) {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

pub fn on_button(event: &web_sys::KeyboardEvent) -> bool {
    event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| el.tag_name() == "BUTTON")
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
    let title = page_title(&title);
    // The server renderer runs no effects: it is told the title here.
    #[cfg(not(target_arch = "wasm32"))]
    prerender::title(&title);
    use_effect_with(title, |title| {
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            document.set_title(title);
        }
    });
}

/// A screen's title as the document's.
fn page_title(screen: &str) -> String {
    format!("{screen} \u{b7} Callback Dojo")
}
