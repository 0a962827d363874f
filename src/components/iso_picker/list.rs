//! The candidate list: a filter box, a sort order and a virtualised listbox.
//! Only the rows in view are in the DOM, at a fixed height each, so filtering
//! thousands of candidates costs one pass over precomputed rows per keystroke.

use super::rows::{display_name, empty_text, meta_line, meta_view, IsoRows};
use crate::dom::next_id;
use crate::i18n::{k, msg_with_data, t, tf, tr};
use leptos::{ev::KeyboardEvent, prelude::*};
use zstack_api::iso::IsoRow;
use zstack_api::{
    iso::{empty_reason, sort_rows, type_ahead, FilterCache, IsoSort},
    validate::thousands,
    VmState,
};

/// Height of one option in CSS pixels (`.iso-option` in style/main.css).
pub const ROW_HEIGHT: f64 = 72.0;
/// Inner height of the scroll area at most (`.iso-list`'s max-height, 336px,
/// less its borders); it is shorter when fewer rows fit.
const VIEW_HEIGHT: f64 = 334.0;
/// Rows rendered beyond each edge of the view.
const OVERSCAN: usize = 4;
/// Keys typed within this many milliseconds build one type-ahead prefix.
const TYPE_AHEAD_MS: f64 = 600.0;

/// The rows in display order, numbered so that the DOM never mixes two lists.
#[derive(Clone, Debug, PartialEq)]
struct Sorted {
    generation: u64,
    rows: IsoRows,
}

/// One drawn option: which row of the sorted list its position shows now.
#[derive(Clone, Copy)]
struct Slot {
    /// (generation, index): a new order or load refills the option even
    /// where the index is the same.
    shown: Memo<Option<(u64, usize)>>,
    sorted: Memo<Sorted>,
}

impl Slot {
    /// Reads the row shown (tracked on which row it is, not on the list).
    fn with<R: Default>(self, f: impl FnOnce(&IsoRow) -> R) -> R {
        match self.shown.get() {
            Some((_, i)) => self
                .sorted
                .with_untracked(|s| s.rows.0.get(i).map(f).unwrap_or_default()),
            None => R::default(),
        }
    }
}

/// The ISO candidates: searchbox "Filter ISOs", a sort order, and a listbox
/// whose options are named by the ISO names. Selection follows the keyboard
/// focus (arrows, Page Up/Down, Home/End, type-ahead) and the mouse.
#[component]
pub fn IsoCandidates(
    /// The candidates, built once per load.
    #[prop(into)]
    rows: Signal<IsoRows>,
    /// What is typed in the filter box (the page keeps it as a draft).
    filter: RwSignal<String>,
    /// UUID of the chosen candidate.
    selected: RwSignal<Option<String>>,
    /// The VM's state, to say why the list is empty.
    #[prop(into, optional)]
    vm_state: Signal<Option<VmState>>,
) -> impl IntoView {
    let ids = next_id("iso-list");
    let list_id = format!("{ids}-box");
    let sort = RwSignal::new(IsoSort::NameAsc);
    let sorted = Memo::new(move |prev: Option<&Sorted>| {
        let order = sort.get();
        let rows = rows.with(|r| {
            let mut v = (*r.0).clone();
            sort_rows(&mut v, order);
            IsoRows::new(v)
        });
        Sorted {
            generation: prev.map_or(0, |p| p.generation + 1),
            rows,
        }
    });
    // The one per-keystroke cost: a substring test per precomputed row, of
    // only the rows the last answer kept while the user types on.
    let cache = StoredValue::new(FilterCache::default());
    let order = Memo::new(move |_| {
        filter.with(|f| {
            sorted.with(|s| {
                cache
                    .try_update_value(|c| c.filter(s.generation, &s.rows.0, f))
                    .unwrap_or_default()
            })
        })
    });
    let active = Memo::new(move |_| {
        let uuid = selected.get()?;
        sorted.with(|s| order.with(|o| o.iter().position(|&i| s.rows.0[i].uuid == uuid)))
    });

    let list_ref = NodeRef::<leptos::html::Div>::new();
    let scroll_top = RwSignal::new(0.0f64);
    let view_height = RwSignal::new(VIEW_HEIGHT);
    let window = Memo::new(move |_| {
        // Enough rows for the tallest the list gets: it grows as the filter widens.
        let (top, height) = (scroll_top.get(), view_height.get().max(VIEW_HEIGHT));
        let first = ((top / ROW_HEIGHT).floor() as usize).saturating_sub(OVERSCAN);
        let last = ((top + height) / ROW_HEIGHT).ceil() as usize + OVERSCAN;
        (first, last)
    });

    let set_scroll = move |top: f64| {
        // Writing scrollTop forces a layout: skip it when nothing moves
        // (every keystroke of the filter asks for the top it is already at).
        if scroll_top.get_untracked() == top {
            return;
        }
        scroll_top.set(top);
        if let Some(el) = list_ref.get_untracked() {
            el.set_scroll_top(top as i32);
        }
    };
    // Brings a position into view (and so into the DOM).
    let reveal = move |pos: usize| {
        let top = pos as f64 * ROW_HEIGHT;
        let measured = list_ref.get_untracked().map_or(0, |el| el.client_height());
        if measured > 0 && f64::from(measured) != view_height.get_untracked() {
            view_height.set(f64::from(measured));
        }
        let (now, height) = (scroll_top.get_untracked(), view_height.get_untracked());
        if top < now {
            set_scroll(top);
        } else if top + ROW_HEIGHT > now + height {
            set_scroll(top + ROW_HEIGHT - height);
        }
    };
    // A new filter or order starts at the top, or at the chosen row if it is still listed.
    Effect::watch(
        move || order.with(|_| ()),
        move |_, _, _| match active.get_untracked() {
            Some(pos) => reveal(pos),
            None => set_scroll(0.0),
        },
        false,
    );

    let choose = move |pos: usize| {
        let uuid = sorted.with_untracked(|s| {
            order.with_untracked(|o| o.get(pos).map(|&i| s.rows.0[i].uuid.clone()))
        });
        if let Some(uuid) = uuid {
            selected.set(Some(uuid));
            reveal(pos);
        }
    };

    let typed = StoredValue::new((String::new(), 0.0f64));
    let on_keydown = move |ev: KeyboardEvent| {
        if ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
            return;
        }
        let len = order.with_untracked(Vec::len);
        if len == 0 {
            return;
        }
        let current = active.get_untracked();
        let page = ((view_height.get_untracked() / ROW_HEIGHT).floor() as usize).max(1);
        let key = ev.key();
        let next = match key.as_str() {
            "ArrowDown" => Some(current.map_or(0, |c| (c + 1).min(len - 1))),
            "ArrowUp" => Some(current.map_or(0, |c| c.saturating_sub(1))),
            "Home" => Some(0),
            "End" => Some(len - 1),
            "PageDown" => Some(current.map_or(0, |c| (c + page).min(len - 1))),
            "PageUp" => Some(current.map_or(0, |c| c.saturating_sub(page))),
            k if k.chars().count() == 1 => {
                let now = js_sys::Date::now();
                let (mut buffer, last) = typed.get_value();
                if now - last > TYPE_AHEAD_MS {
                    buffer.clear();
                }
                if buffer.is_empty() && k == " " {
                    return;
                }
                buffer.push_str(k);
                typed.set_value((buffer.clone(), now));
                // One letter typed again cycles through the rows starting with it.
                let first = buffer.chars().next().unwrap_or_default();
                let repeated = buffer.chars().all(|c| c == first);
                let (prefix, from) = if repeated {
                    (first.to_string(), current.map_or(0, |c| c + 1))
                } else {
                    (buffer, current.unwrap_or(0))
                };
                sorted.with_untracked(|s| {
                    order.with_untracked(|o| type_ahead(&s.rows.0, o, from, &prefix))
                })
            }
            _ => return,
        };
        ev.prevent_default();
        if let Some(pos) = next {
            choose(pos);
        }
    };

    let on_scroll = move |_| {
        if let Some(el) = list_ref.get_untracked() {
            scroll_top.set(f64::from(el.scroll_top()));
            let h = el.client_height();
            if h > 0 && f64::from(h) != view_height.get_untracked() {
                view_height.set(f64::from(h));
            }
        }
    };

    // Options are keyed by their position in the filtered list, and each
    // reads which ISO it shows: a keystroke refills the ~13 drawn rows'
    // texts instead of building new rows (ids, listeners and all).
    let option_id = {
        let ids = ids.clone();
        move |pos: usize| format!("{ids}-opt-{pos}")
    };
    let active_id = {
        let option_id = option_id.clone();
        move || active.get().map(&option_id)
    };
    // Rows in view, plus the active one wherever it is (aria-activedescendant must exist).
    let visible = move || {
        let (first, last) = window.get();
        let len = order.with(Vec::len);
        let mut out: Vec<usize> = (first.min(len)..last.min(len)).collect();
        if let Some(a) = active.get().filter(|a| *a < first || *a >= last) {
            if a < len {
                out.push(a);
            }
        }
        out
    };
    let total = move || order.with(Vec::len);
    let option = move |pos: usize| {
        let shown = Memo::new(move |_| {
            let generation = sorted.with(|s| s.generation);
            order.with(|o| o.get(pos).map(|&i| (generation, i)))
        });
        let row = Slot { shown, sorted };
        let unnamed = move || row.with(|r| r.name.is_empty());
        let no_size = move || row.with(|r| r.size_text.is_empty());
        let is_selected =
            move || row.with(|r| selected.with(|s| s.as_deref() == Some(r.uuid.as_str())));
        // The option is named by its content, the ISO's name first, then its
        // size and details: an aria-label of the name alone would hide words
        // a sighted user sees (WCAG 2.5.3, "label in name"). The content is
        // data; our own words inside say translate="yes".
        let name = move || {
            if unnamed() {
                msg_with_data(k::iso::UNNAMED, &[("uuid", row.with(|r| r.uuid.clone()))]).into_any()
            } else {
                row.with(|r| r.name.clone()).into_any()
            }
        };
        let size = move || {
            if no_size() {
                t(k::iso::SIZE_UNKNOWN).to_owned()
            } else {
                row.with(|r| r.size_text.clone())
            }
        };
        let meta = move || row.with(meta_view);
        view! {
            <div role="option" id=option_id(pos) class="iso-option" style:top=format!("{}px", pos as f64 * ROW_HEIGHT)
                translate="no"
                aria-selected=move || if is_selected() { "true" } else { "false" }
                aria-setsize=move || total().to_string() aria-posinset=(pos + 1).to_string()
                title=move || row.with(display_name)
                on:click=move |_| choose(pos)>
                // The whole name on hover too, should it need more than two lines.
                <span class="iso-option__name" translate=move || unnamed().then_some("yes")
                    title=move || (!unnamed()).then(|| row.with(|r| r.name.clone()))>{name}</span>
                <span class="iso-option__size" translate=move || no_size().then_some("yes")>{size}</span>
                <span class="iso-option__meta" translate="yes" title=move || row.with(meta_line)>
                    {meta}
                </span>
            </div>
        }
    };

    let reason = move || {
        let (all, shown) = (sorted.with(|s| s.rows.0.len()), total());
        vm_state.with(|s| empty_reason(s.as_ref(), all, shown))
    };
    let count = move || {
        let (all, shown) = (sorted.with(|s| s.rows.0.len()), total());
        match (all, shown == all) {
            (0, _) => String::new(),
            (1, true) => t(k::iso::COUNT_ONE).into(),
            (_, true) => tf(k::iso::COUNT_OTHER, &[("count", &thousands(all))]),
            _ => tf(
                k::iso::COUNT_FILTERED,
                &[("shown", &thousands(shown)), ("total", &thousands(all))],
            ),
        }
    };
    // Name or size; choosing the current key again reverses it.
    let sort_button = move |by_size: bool| {
        let is_mine =
            move |s: IsoSort| matches!(s, IsoSort::SizeAsc | IsoSort::SizeDesc) == by_size;
        let pressed = move || if is_mine(sort.get()) { "true" } else { "false" };
        let direction = move || {
            t(match sort.get() {
                IsoSort::NameAsc => k::iso::NAME_ASC,
                IsoSort::NameDesc => k::iso::NAME_DESC,
                IsoSort::SizeAsc => k::iso::SIZE_ASC,
                IsoSort::SizeDesc => k::iso::SIZE_DESC,
            })
        };
        let arrow = move || match sort.get() {
            IsoSort::NameAsc | IsoSort::SizeAsc => "▲",
            IsoSort::NameDesc | IsoSort::SizeDesc => "▼",
        };
        let click = move |_| {
            sort.update(|s| {
                *s = match (*s, by_size) {
                    (IsoSort::NameAsc, false) => IsoSort::NameDesc,
                    (IsoSort::SizeAsc, true) => IsoSort::SizeDesc,
                    (_, false) => IsoSort::NameAsc,
                    (_, true) => IsoSort::SizeAsc,
                }
            })
        };
        view! {
            <button type="button" class="button button--small iso-sort" aria-pressed=pressed on:click=click>
                {tr(if by_size { k::iso::SORT_BY_SIZE } else { k::iso::SORT_BY_NAME })}
                <span class="iso-sort__arrow" aria-hidden="true">{move || if is_mine(sort.get()) { arrow() } else { "" }}</span>
                <span class="visually-hidden">{move || if is_mine(sort.get()) { direction() } else { "" }}</span>
            </button>
        }
    };
    // From the filter box, Down goes into the list.
    let filter_keydown = move |ev: KeyboardEvent| {
        if ev.key() == "ArrowDown" && total() > 0 {
            ev.prevent_default();
            if active.get_untracked().is_none() {
                choose(0);
            }
            if let Some(el) = list_ref.get_untracked() {
                let _ = el.focus();
            }
        }
    };

    view! {
        <div class="iso-candidates">
            <div class="iso-toolbar">
                // The page's "/" target: the VM page has no VM search.
                <input type="search" class="iso-toolbar__filter" aria-label=tr(k::iso::FILTER_LABEL) aria-controls=list_id.clone()
                    data-shortcut="search" placeholder=tr(k::iso::FILTER_PLACEHOLDER)
                    autocomplete="off" spellcheck="false" bind:value=filter on:keydown=filter_keydown/>
                <div role="group" aria-label=tr(k::iso::SORT_GROUP) class="iso-toolbar__sort">
                    {sort_button(false)}
                    {sort_button(true)}
                </div>
            </div>
            <p class="iso-count muted" aria-live="polite" data-testid="iso-count">{count}</p>
            <div id=list_id role="listbox" aria-label=tr(k::iso::CANDIDATES) tabindex="0" class="iso-list"
                node_ref=list_ref hidden=move || total() == 0
                aria-activedescendant=active_id on:keydown=on_keydown on:scroll=on_scroll>
                <div role="none" class="iso-list__spacer" style:height=move || format!("{}px", total() as f64 * ROW_HEIGHT)>
                    <For each=visible key=|pos| *pos children=option/>
                </div>
            </div>
            {move || reason().map(|r| {
                let key = r.key();
                view! {
                <p class="iso-empty reason reason--blocked" data-testid="iso-empty" data-reason=key>
                    {move || vm_state.with(|s| empty_text(&r, s.as_ref()))}
                </p>
                }
            })}
        </div>
    }
}
