//! Where `/run` offers ZStack's script engine instead of its own fan-out.

use zstack_api::scripts::{suggest_script, BROWSER_FAN_OUT_MAX};

#[test]
fn a_script_is_offered_past_twenty_vms_and_not_before() {
    assert_eq!(BROWSER_FAN_OUT_MAX, 20);
    assert!(!suggest_script(0));
    assert!(!suggest_script(1));
    assert!(!suggest_script(BROWSER_FAN_OUT_MAX));
    assert!(suggest_script(BROWSER_FAN_OUT_MAX + 1));
    assert!(suggest_script(2_000));
}
