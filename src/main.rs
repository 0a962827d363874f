fn main() {
    // Logs the panic message and stack to the browser console...
    console_error_panic_hook::set_once();
    // ...then replaces the page with "Something went wrong. Reload the page."
    zstack_console::components::crash::install();
    leptos::mount::mount_to_body(zstack_console::app::App);
}
