//! The comma-separated choice of VMs the VM list and the script's VM picker keep.

use wasm_bindgen_test::*;
use zstack_console::components::vm_choice::{toggled, uuids};

#[wasm_bindgen_test]
fn a_choice_keeps_the_order_of_choosing_takes_each_vm_once_and_ignores_empty_items() {
    assert_eq!(uuids(""), Vec::<&str>::new());
    assert_eq!(uuids("a,,b,"), ["a", "b"]);
    assert_eq!(toggled("", "a", true), "a");
    assert_eq!(toggled("a,b", "c", true), "a,b,c");
    // Checking a VM already chosen adds no second copy…
    assert_eq!(toggled("a,b", "b", true), "a,b");
    assert_eq!(uuids(&toggled("a,b", "a", true)).len(), 2);
    // …and unchecking takes it out wherever it is.
    assert_eq!(toggled("a,b,c", "b", false), "a,c");
    assert_eq!(toggled("a", "a", false), "");
    assert_eq!(toggled("a,b", "z", false), "a,b");
}
