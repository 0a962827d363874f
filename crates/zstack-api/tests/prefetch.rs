//! `assets/boot.js` starts the VM page's reads before the wasm runs; the app
//! takes those answers only when the URL is exactly its own. A template that
//! drifts would send a request twice, so the two lists are held equal here.

use zstack_api::{prefetch::vm_page_reads, Method};

const BOOT_JS: &str = include_str!("../../../assets/boot.js");

/// The string literals of boot.js's `VM_PAGE_READS = [ ... ]`.
fn boot_templates() -> Vec<String> {
    let start = BOOT_JS
        .find("const VM_PAGE_READS = [")
        .expect("boot.js lists VM_PAGE_READS");
    let rest = &BOOT_JS[start..];
    let list = &rest[rest.find('[').unwrap() + 1..rest.find("];").unwrap()];
    list.split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

#[test]
fn boot_js_asks_for_exactly_the_vm_pages_reads() {
    let uuid = "0123456789abcdef0123456789abcdef";
    let app: Vec<String> = vm_page_reads(uuid).iter().map(|r| r.url("")).collect();
    let boot: Vec<String> = boot_templates()
        .iter()
        .map(|t| t.replace("{uuid}", uuid))
        .collect();
    assert_eq!(boot, app);
}

#[test]
fn only_gets_are_read_ahead() {
    for r in vm_page_reads("0123456789abcdef0123456789abcdef") {
        assert_eq!(r.method, Method::Get, "{}", r.path);
        assert!(r.body.is_none());
        assert!(r.needs_auth);
    }
}
