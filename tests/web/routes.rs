//! Which paths lead to a lazily loaded page: the ones whose chunk a link
//! starts fetching when the pointer or focus reaches it.

use wasm_bindgen_test::*;
use zstack_console::app::SplitPage;

#[wasm_bindgen_test]
fn every_lazy_route_is_found_from_its_links_and_the_vm_page_is_not() {
    let uuid = "fd7712231295a599852c4b50455a8554";
    for (path, page) in [
        ("/vms", SplitPage::VmList),
        ("/vms/", SplitPage::VmList),
        ("/vms?q=web&page=2", SplitPage::VmList),
        ("/run", SplitPage::MultiRun),
        ("/run?vms=a,b", SplitPage::MultiRun),
        ("/scripts", SplitPage::ScriptLibrary),
        ("/scripts/new", SplitPage::NewScript),
        ("/scripts/records", SplitPage::RunList),
        (&format!("/scripts/records/{uuid}"), SplitPage::RunPage),
        (&format!("/scripts/{uuid}"), SplitPage::ScriptPage),
        (&format!("/scripts/{uuid}#run"), SplitPage::ScriptPage),
    ] {
        assert_eq!(SplitPage::at(path), Some(page), "{path}");
    }
    // In the main module, or no page at all: nothing to fetch.
    for path in [
        "/",
        "/login?next=%2Fvms",
        &format!("/vms/{uuid}"),
        "/scripts/records/a/b",
        "/vmsx",
        "/nowhere",
    ] {
        assert_eq!(SplitPage::at(path), None, "{path}");
    }
}
