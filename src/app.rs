//! The router, the page frame and the sign-in guard.

use crate::components::{
    header::Header,
    shortcuts::{self, ShortcutsDialog},
};
use crate::i18n::{k, tr};
use crate::pages::{login::Login, not_found::NotFound, vm_detail::VmDetail};
#[cfg(not(feature = "split"))]
use crate::pages::{
    multi_run::MultiRun,
    scripts::{
        form::{NewScript, ScriptPage},
        library::ScriptLibrary,
        run::RunPage,
        runs::RunList,
    },
    vms::VmList,
};
use crate::session;
use leptos::prelude::*;
use leptos_router::{
    components::{Redirect, Route, Router, Routes},
    hooks::{use_location, use_navigate},
    path, NavigateOptions,
};
use wasm_bindgen::JsCast;

/// A route's page. With the `split` feature, a page other than the VM page and
/// sign-in is its own lazily loaded wasm chunk (see [`split`]), fetched the
/// first time the route is shown; without it, the component itself.
#[cfg(not(feature = "split"))]
macro_rules! page {
    ($page:ident) => {
        $page
    };
}
#[cfg(feature = "split")]
macro_rules! page {
    ($page:ident) => {
        leptos_router::Lazy::<split::$page>::new()
    };
}

#[component]
pub fn App() -> impl IntoView {
    session::init();
    session::follow_other_tabs();
    crate::i18n::init();
    crate::theme::init();
    #[cfg(feature = "split")]
    split::preload_on_intent();
    let show_shortcuts = RwSignal::new(false);
    // Above the router: a bulk run outlives the page that started it.
    provide_context(crate::bulk::BulkRun::new());
    view! {
        <Router>
            // The router takes over same-origin link clicks, so the jump to
            // #main is done here: focus moves to the content, as a reader expects.
            <a class="skip-link" href="#main" on:click=|ev| {
                ev.prevent_default();
                if let Some(main) = document().get_element_by_id("main") {
                    let _ = main.unchecked_into::<web_sys::HtmlElement>().focus();
                }
            }>{tr(k::common::SKIP_TO_CONTENT)}</a>
            <SessionGuard/>
            <RouteFocus/>
            <Shortcuts show=show_shortcuts/>
            <Header show_shortcuts/>
            <ShortcutsDialog show=show_shortcuts/>
            <main id="main" tabindex="-1">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=|| view! { <Redirect path="/vms"/> }/>
                    <Route path=path!("/login") view=Login/>
                    <Route path=path!("/vms") view=page!(VmList)/>
                    <Route path=path!("/vms/:uuid") view=VmDetail/>
                    <Route path=path!("/run") view=page!(MultiRun)/>
                    // Fixed paths before `/scripts/:uuid`, which would take them.
                    <Route path=path!("/scripts") view=page!(ScriptLibrary)/>
                    <Route path=path!("/scripts/new") view=page!(NewScript)/>
                    <Route path=path!("/scripts/records") view=page!(RunList)/>
                    <Route path=path!("/scripts/records/:uuid") view=page!(RunPage)/>
                    <Route path=path!("/scripts/:uuid") view=page!(ScriptPage)/>
                </Routes>
            </main>
        </Router>
    }
}

/// The global key listener; a component so that it sits inside the router.
#[component]
fn Shortcuts(show: RwSignal<bool>) -> impl IntoView {
    shortcuts::install(show);
}

/// After a navigation within the app, focus moves to the new page's
/// heading, so that a screen reader says where the user now is (the first
/// load leaves focus where the browser puts it). A page that focused
/// something of its own meanwhile keeps it.
#[component]
fn RouteFocus() -> impl IntoView {
    let location = use_location();
    Effect::watch(
        move || location.pathname.get(),
        |_, _, _| {
            let before = document().active_element();
            // One frame: the new page has rendered by then.
            request_animation_frame(move || {
                let doc = document();
                let now = doc.active_element();
                let moved_by_page = now.as_ref().is_some_and(|el| {
                    el.is_connected()
                        && Some(el) != before.as_ref()
                        && doc
                            .body()
                            .is_none_or(|b| *el != *b.unchecked_ref::<web_sys::Element>())
                });
                if moved_by_page {
                    return;
                }
                let target = doc
                    .query_selector("main h1")
                    .ok()
                    .flatten()
                    .or_else(|| doc.get_element_by_id("main"));
                if let Some(el) = target {
                    if !el.has_attribute("tabindex") {
                        let _ = el.set_attribute("tabindex", "-1");
                    }
                    let _ = el.unchecked_into::<web_sys::HtmlElement>().focus();
                }
            });
        },
        false,
    );
}

/// Sends a signed-out user on a protected page to `/login?next=<here>`, at
/// once and whenever the session ends (sign-out, another tab, `ID.1001`).
#[component]
fn SessionGuard() -> impl IntoView {
    let location = use_location();
    let navigate = use_navigate();
    Effect::new(move |_| {
        let signed_in = session::current().get().is_some();
        let path = location.pathname.get();
        if !signed_in && path != "/login" {
            let here = format!("{}{}", path, location.search.get_untracked());
            navigate(
                &session::login_path(&here),
                NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            );
        }
    });
}

/// The pages that are lazily loaded wasm chunks in the release build, by
/// path: the ones whose chunk a link can start fetching before the click.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SplitPage {
    VmList,
    MultiRun,
    ScriptLibrary,
    NewScript,
    RunList,
    RunPage,
    ScriptPage,
}

impl SplitPage {
    /// The page at `path` (query and fragment ignored), if it is a lazy one;
    /// the same matching as the route table in [`App`].
    pub fn at(path: &str) -> Option<SplitPage> {
        let path = path.split(['?', '#']).next().unwrap_or_default();
        let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
        Some(match segments.as_slice() {
            ["vms"] => SplitPage::VmList,
            ["run"] => SplitPage::MultiRun,
            ["scripts"] => SplitPage::ScriptLibrary,
            ["scripts", "new"] => SplitPage::NewScript,
            ["scripts", "records"] => SplitPage::RunList,
            ["scripts", "records", uuid] if !uuid.is_empty() => SplitPage::RunPage,
            ["scripts", uuid] if !uuid.is_empty() => SplitPage::ScriptPage,
            _ => return None,
        })
    }
}

/// The lazily loaded pages (`split` feature): each split point is a wasm
/// chunk of its own that `scripts/build-split.sh` cuts out. A build without
/// the splitter must not enable the feature: the split points import from a
/// placeholder module only the splitter resolves.
#[cfg(feature = "split")]
mod split {
    use super::SplitPage;
    use crate::pages::load_failed::LoadFailed;
    use leptos::prelude::*;
    use leptos::wasm_split::{wasm_split, SplitLoaderError};
    use leptos_router::LazyRoute;
    use std::{cell::RefCell, future::Future, pin::Pin};

    // `wasm_split` itself rather than `#[leptos::lazy]`: with `fallible` a
    // chunk that does not arrive gives an error to show, where `#[lazy]`
    // panics (the crash screen), and the preload function gets a name we
    // choose for `preload_on_intent`.
    macro_rules! lazy_pages {
        ($($page:ident: $load:ident, $preload:ident, $component:path;)*) => {
            $(
                pub struct $page;

                #[wasm_split($load, wasm_split_path = ::leptos::wasm_split, fallible, preload($preload))]
                fn $load() -> Result<AnyView, SplitLoaderError> {
                    use $component as Page;
                    Ok(view! { <Page/> }.into_any())
                }

                impl LazyRoute for $page {
                    fn data() -> Self {
                        $page
                    }

                    async fn view(_: Self) -> AnyView {
                        match $load().await {
                            Ok(page) => page,
                            Err(_) => view! { <LoadFailed/> }.into_any(),
                        }
                    }
                }
            )*

            /// Loads the page's chunk (at once if it is in).
            fn preload(page: SplitPage) -> Pin<Box<dyn Future<Output = Result<(), SplitLoaderError>>>> {
                match page {
                    $(SplitPage::$page => Box::pin($preload()),)*
                }
            }
        };
    }

    lazy_pages! {
        VmList: vm_list, preload_vm_list, crate::pages::vms::VmList;
        MultiRun: multi_run, preload_multi_run, crate::pages::multi_run::MultiRun;
        ScriptLibrary: script_library, preload_script_library, crate::pages::scripts::library::ScriptLibrary;
        NewScript: new_script, preload_new_script, crate::pages::scripts::form::NewScript;
        RunList: run_list, preload_run_list, crate::pages::scripts::runs::RunList;
        RunPage: run_page, preload_run_page, crate::pages::scripts::run::RunPage;
        ScriptPage: script_page, preload_script_page, crate::pages::scripts::form::ScriptPage;
    }

    thread_local! {
        /// Pages whose chunk is loaded or on its way; a failed load is taken
        /// out, so the next hover tries again.
        static STARTED: RefCell<Vec<SplitPage>> = const { RefCell::new(Vec::new()) };
    }

    /// When the pointer or the keyboard focus reaches a link to a lazy page,
    /// its chunk starts loading: the 100-200 ms from hover to click usually
    /// cover it, and the click then finds the page ready. Chromium sends a
    /// touch's pointerover before its click too.
    pub fn preload_on_intent() {
        fn on(target: Option<web_sys::EventTarget>) {
            let Some(el) =
                target.and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            else {
                return;
            };
            let Some(href) = el
                .closest("a[href]")
                .ok()
                .flatten()
                .and_then(|a| a.get_attribute("href"))
            else {
                return;
            };
            let Some(page) = href
                .starts_with('/')
                .then(|| SplitPage::at(&href))
                .flatten()
            else {
                return;
            };
            if STARTED.with_borrow(|s| s.contains(&page)) {
                return;
            }
            STARTED.with_borrow_mut(|s| s.push(page));
            leptos::task::spawn_local(async move {
                if preload(page).await.is_err() {
                    STARTED.with_borrow_mut(|s| s.retain(|p| *p != page));
                }
            });
        }
        let _ = window_event_listener(leptos::ev::pointerover, |ev| on(ev.target()));
        let _ = window_event_listener(leptos::ev::focusin, |ev| on(ev.target()));
    }
}
