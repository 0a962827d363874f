//! The floor a Leptos CSR app cannot go below: load, instantiate, mount one element.
use leptos::prelude::*;

fn main() {
    leptos::mount::mount_to_body(|| view! { <p data-testid="blank-mounted">"mounted"</p> });
}
